import { propertiesOf } from '../core/simulator.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { replaySchedule } from '../hunt/hunt.ts';
import { traceHash } from '../study/artifact.ts';
import { writeArtifactFiles } from './artifacts.ts';
import { sameViolation } from '../study/artifact.ts';
import { violationDifference } from '../study/recorded.ts';
import { loadReplayable } from './replay.ts';
import { checkOutputFolder, print, printJson, UsageError } from './shared.ts';
import { faultlineCommand } from '../core/command-name.ts';

/** The regression corpus: one minimized counterexample per known bug variant, replayed by `npm test`. */
export const corpusDirectory = 'counterexamples';

export function registerSaveCommand(program: Command): void {
  program
    .command('save')
    .description(`save a counterexample artifact into the regression corpus (${corpusDirectory}/PROTOCOL/VARIANT.json), if it reproduces`)
    .argument('<artifact>', 'artifact written by "faultline hunt"')
    .option('--to <dir>', 'corpus folder', corpusDirectory)
    .option('--force', 'replace a counterexample already saved for this variant')
    .option('--protocol-module <file>', "the artifact's protocol comes from this ES module (your own model, as for replay)")
    .option('--json', 'print one JSON object as the last line')
    .action(async (file: string, options: { to: string; force?: boolean; json?: boolean; protocolModule?: string }) => {
      // An empty --to joined to the protocol's name was ./PROTOCOL: refused before any work, as hunt's --out "".
      if (options.to === '') throw new UsageError('--to expects a folder name, got an empty one');
      const { artifact, protocol, scenario } = await loadReplayable(file, options.protocolModule);
      // replay writes no artifact (its --json is a verdict line); the studio exports one of a scenario with its trace hash.
      if (scenario) {
        throw new UsageError(
          `${file}: is a scenario; save takes an artifact (.json). Keep a scenario in scenarios/ (npm test replays each there against its expect line), or open it with "${faultlineCommand} studio ${file}" and press "export artifact" for one to save`,
        );
      }
      if (artifact.violation === null) throw new UsageError(`${file}: this artifact records no violation; nothing to save`);
      // The corpus promises that every file in it fails the same way when replayed.
      const replay = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
      const replayed = replay.violation;
      if (!sameViolation(artifact.violation, replayed)) {
        // What differs (the step, the property...): the two descriptions can read the same.
        throw new UsageError(`${file}: does not reproduce its recorded violation (${violationDifference(artifact.violation, replayed)}); not saved`);
      }
      const folder = join(options.to, artifact.protocol);
      const target = join(folder, `${artifact.variant}.json`);
      if (existsSync(target) && !options.force) {
        throw new UsageError(`${target} already exists; pass --force to replace it with ${file}`);
      }
      checkOutputFolder(folder, '--to');
      // The transcript is written anew so its replay command names the saved file. The HTML picture
      // is left out of the corpus: `faultline replay FILE --html OUT` draws it on demand. The trace
      // hash is today's model's: re-saving is how an intended model change is accepted into the corpus.
      writeArtifactFiles(target, { ...artifact, violation: replayed, traceHash: traceHash(replay.trace ?? []) }, protocol, {
        html: false,
        protocolModule: options.protocolModule,
      });
      if (options.json) printJson({ saved: target, protocol: artifact.protocol, variant: artifact.variant });
      else print(`saved ${target}`);
    });
}
