import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readArtifactFile, writeJsonFile } from './artifacts.ts';
import { writeStudyFiles } from './study-files.ts';
import { print, printJson, UsageError } from './shared.ts';

/** The regression corpus: one minimized counterexample per known bug variant, replayed by `npm test`. */
export const corpusDirectory = 'counterexamples';

export function registerSaveCommand(program: Command): void {
  program
    .command('save')
    .description(`save a counterexample artifact into the regression corpus (${corpusDirectory}/PROTOCOL/VARIANT.json)`)
    .argument('<artifact>', 'artifact written by "faultline hunt"')
    .option('--to <dir>', 'corpus folder', corpusDirectory)
    .option('--json', 'print one JSON object as the last line')
    .action((file: string, options: { to: string; json?: boolean }) => {
      const artifact = readArtifactFile(file);
      if (artifact.violation === null) throw new UsageError(`${file}: this artifact records no violation; nothing to save`);
      const folder = join(options.to, artifact.protocol);
      mkdirSync(folder, { recursive: true });
      const target = join(folder, `${artifact.variant}.json`);
      writeJsonFile(target, artifact);
      // The transcript is written anew so its replay command names the saved file. The HTML picture
      // is left out of the corpus: `faultline replay FILE --html OUT` draws it on demand.
      writeStudyFiles(target, artifact, { html: false });
      if (options.json) printJson({ saved: target, protocol: artifact.protocol, variant: artifact.variant });
      else print(`saved ${target}`);
    });
}
