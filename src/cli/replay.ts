import { propertiesOf } from '../core/simulator.ts';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { AnyProtocol } from '../core/types.ts';
import { replaySchedule } from '../hunt/hunt.ts';
import { describeViolation } from '../hunt/report.ts';
import { modelDisciplineText } from '../hunt/model-sanity.ts';
import { artifactAsScenario } from './artifacts.ts';
import { studyInputOf } from './study-files.ts';
import { findProtocol, protocols } from '../protocols/registry.ts';
import { ArtifactError, checkArtifactForProtocol, parseArtifact, sameViolation, traceHash, type Artifact } from '../study/artifact.ts';
import { recordedMismatch } from '../study/recorded.ts';
import { studyHtml, studyMarkdown, studyTranscript } from '../study/render.ts';
import { formatScenarioError, parseScenario, scenarioArtifact, scenarioMismatch, scenarioStep, type Scenario } from '../study/scenario.ts';
import {
  checkOutputFile,
  checkOutputsApart,
  escapeControl,
  exitCodes,
  loadUserProtocol,
  print,
  printJson,
  protocolForFile,
  checkedOnlyText,
  readTextFile,
  shorterStoryHint,
  UsageError,
  runWallFromEnvironment,
  runWallWatchdog,
  writeTextFile,
} from './shared.ts';
import { defaultRunWallMs } from '../hunt/parallel.ts';

interface ReplayOptions {
  json?: boolean;
  html?: string;
  markdown?: string;
  scenario?: string;
  quiet?: boolean;
  full?: boolean;
  protocolModule?: string;
}

export interface Replayable {
  readonly artifact: Artifact;
  readonly protocol: AnyProtocol;
  /** The scenario, when the file was one (its expectation is checked). */
  readonly scenario: Scenario | null;
}

/**
 * Loads an artifact (JSON) or a scripted scenario (text), validated strictly against its protocol
 * (a registered one, or the one `--protocol-module FILE` exports).
 */
export async function loadReplayable(file: string, protocolModule?: string): Promise<Replayable> {
  // A byte order mark (some editors write one) is not part of either format.
  const text = readTextFile(file, 'an artifact (.json, written by "faultline hunt") or a .scenario file').replace(/^\uFEFF/, '');
  // A .json file is an artifact whatever it holds: `[]` read as a scenario was refused as a scenario.
  if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
    try {
      const parsed = parseArtifact(file, text);
      const protocol = await protocolForFile(file, parsed.protocol, protocolModule);
      return { artifact: checkArtifactForProtocol(file, parsed, protocol), protocol, scenario: null };
    } catch (error) {
      if (error instanceof ArtifactError) throw new UsageError(error.message);
      throw error;
    }
  }
  let userProtocol: AnyProtocol | null = null;
  if (protocolModule !== undefined) {
    const name = /^\s*protocol\s+(\S+)/m.exec(text)?.[1];
    if (name === undefined) throw new UsageError(`${file}: expected a "protocol NAME" line`);
    userProtocol = await loadUserProtocol(protocolModule, name);
  }
  const find = (name: string): AnyProtocol | undefined => (userProtocol?.name === name ? userProtocol : findProtocol(name));
  const names = [...(userProtocol ? [userProtocol.name] : []), ...protocols.map((protocol) => protocol.name)];
  const parsed = parseScenario(file, text, find, names);
  if (!parsed.ok) throw new UsageError(formatScenarioError(parsed.error));
  const scenario = parsed.value;
  const protocol = find(scenario.protocol);
  if (!protocol) throw new UsageError(`${file}: unknown protocol "${scenario.protocol}"`);
  return { artifact: scenarioArtifact(scenario), protocol, scenario };
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run a saved counterexample (JSON artifact) or a scripted scenario and print its transcript')
    .argument('<file>', 'artifact written by "faultline hunt", or a .scenario text file')
    .option('--html <file>', 'write the space-time diagram page')
    .option('--markdown <file>', 'write the transcript and Mermaid sequence diagram')
    .option('--scenario <file>', 'write the schedule as a scenario text file, to edit and replay')
    .option('--protocol-module <file>', 'load the protocol from this ES module (your own model) instead of the registry')
    .option('--quiet', 'print only the verdict')
    .option('--full', 'show every step, not only the causal slice the violation depends on')
    .option('--json', 'print one JSON object as the last line')
    .action(async (file: string, options: ReplayOptions) => {
      // Where the output goes is checked before anything runs.
      if (options.html !== undefined) checkOutputFile(options.html, '--html');
      if (options.markdown !== undefined) checkOutputFile(options.markdown, '--markdown');
      if (options.scenario !== undefined) checkOutputFile(options.scenario, '--scenario');
      checkOutputsApart(file, 'the file being replayed', { '--html': options.html, '--markdown': options.markdown, '--scenario': options.scenario });
      // A protocol module's step may never return (reading a scenario runs it too): past the run
      // wall the command says so and stops.
      const wallMs = runWallFromEnvironment() ?? defaultRunWallMs;
      const watchdog =
        options.protocolModule === undefined
          ? null
          : runWallWatchdog(
              wallMs,
              `the replay of ${file} did not finish within ${(wallMs / 1000).toFixed(1)} s: the model's step is probably in an infinite loop; stopped`,
            );
      try {
        replayLoaded(file, options, await loadReplayable(file, options.protocolModule));
      } finally {
        watchdog?.done();
      }
    });
}

/** The replay of a loaded artifact or scenario: runs it (twice for a protocol module), prints or writes what was asked, sets the exit code. */
function replayLoaded(file: string, options: ReplayOptions, { artifact, protocol, scenario }: Replayable): void {
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
  const hash = traceHash(result.trace ?? []);
  // A protocol module's schedule runs again from scratch: a model that is not deterministic
  // replays differently each time, and neither run alone can tell a changed model from one that
  // reads a clock or Math.random. (The registered protocols' determinism is properties/determinism.test.ts's.)
  const again =
    options.protocolModule === undefined
      ? null
      : replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
  const differsFromItself = again !== null && (traceHash(again.trace ?? []) !== hash || !sameViolation(result.violation, again.violation));
  const nondeterminism = differsFromItself
    ? `the model is not deterministic: two replays of this schedule from scratch gave different runs (${result.violation ? describeViolation(result.violation) : 'no violation'}; then ${again?.violation ? describeViolation(again.violation) : 'no violation'}); ${modelDisciplineText}`
    : null;
  const hashMatches = scenario ? null : hash === artifact.traceHash;
  const matchesRecorded = scenario ? null : sameViolation(artifact.violation, result.violation);
  // What differs from the recording (trace hash, violation, or only its wording): said, without failing.
  const mismatch = scenario
    ? { traceHash: null, violation: null }
    : recordedMismatch(artifact, result.violation, hash, { notDeterministic: nondeterminism !== null });
  const input = studyInputOf(protocol, artifact, result, file, options.protocolModule);
  const violation = result.violation;
  if (options.html !== undefined) writeTextFile(options.html, studyHtml(input, { full: options.full === true }));
  if (options.markdown !== undefined) writeTextFile(options.markdown, studyMarkdown(input, { full: options.full === true }));
  // The scenario is the story without its no-ops: replayed here, it must break the same way.
  let written: { leftOut: number; step: number | null; mismatch: string | null } | null = null;
  if (options.scenario !== undefined) {
    const scenarioText = artifactAsScenario(protocol, artifact, `written by: faultline replay ${file} --scenario ${options.scenario}`, violation);
    writeTextFile(options.scenario, scenarioText.text);
    written = {
      leftOut: scenarioText.leftOut.length,
      step: violation ? scenarioStep(scenarioText, violation.step) : null,
      mismatch: scenarioMismatch(protocol, scenarioText, violation),
    };
    if (written.mismatch !== null) {
      process.stderr.write(
        `${pc.red(escapeControl(`${options.scenario}: the scenario written does not replay to this run's result (${written.mismatch}); please report it`))}\n`,
      );
    }
  }
  const expectation = scenario?.expectation ?? null;
  const expectationMet =
    expectation === null
      ? null
      : expectation.kind === 'no-violation'
        ? violation === null
        : violation !== null && (expectation.property === null || expectation.property === violation.property);
  if (!options.json && !options.quiet) {
    for (const line of studyTranscript(input, { full: options.full === true, ...(process.stdout.isTTY ? { style: pc } : {}) })) print(line);
    print();
  }
  if (!options.json) {
    if (mismatch.traceHash !== null) print(pc.yellow(escapeControl(mismatch.traceHash)));
    if (artifact.note !== undefined) print(pc.yellow(escapeControl(`the artifact's note: ${artifact.note}`)));
    if (nondeterminism !== null) print(pc.red(nondeterminism));
    const drawn = Object.entries(artifact.drawnSettings ?? {});
    if (drawn.length > 0)
      print(
        `settings the hunt's run drew (part of the artifact's config): ${drawn.map(([key, value]) => `${key}=${escapeControl(String(value))}`).join(', ')}`,
      );
    if (artifact.properties !== undefined) print(checkedOnlyText(artifact.properties));
    // "reproduced" only where there was something to reproduce: a story with no violation recorded breaks anew.
    const broke = scenario || artifact.violation !== null ? 'reproduced' : 'violated';
    print(violation ? pc.red(`${broke}: ${describeViolation(violation)}`) : pc.green('no violation'));
    if (violation && drawn.length > 0 && options.protocolModule === undefined && !options.quiet) print(shorterStoryHint(file));
    if (mismatch.violation !== null) print(pc.yellow(escapeControl(mismatch.violation)));
    if (expectationMet !== null) print(expectationMet ? pc.green('expectation met') : pc.red('expectation NOT met'));
    if (written !== null && written.leftOut > 0) {
      print(
        `${options.scenario}: ${written.leftOut} no-op event${written.leftOut === 1 ? '' : 's'} left out (as comments), so its steps are renumbered${violation && written.mismatch === null ? `: the violation at step ${violation.step} here is at step ${written.step} there` : ''}`,
      );
    }
  } else {
    printJson({
      protocol: protocol.name,
      variant: artifact.variant,
      reproduced: violation !== null,
      kind: violation?.kind ?? null,
      property: violation?.property ?? null,
      message: violation?.message ?? null,
      step: violation?.step ?? null,
      events: artifact.schedule.events.length,
      traceHash: hash,
      traceHashMatches: hashMatches,
      matchesRecorded,
      recordedMessage: scenario ? null : (artifact.violation?.message ?? null),
      recordedProperty: scenario ? null : (artifact.violation?.property ?? null),
      checkedProperties: artifact.properties ?? null,
      expectationMet,
      scenarioNoopsLeftOut: written?.leftOut ?? null,
      scenarioMatches: written === null ? null : written.mismatch === null,
      nondeterministic: nondeterminism,
      note: artifact.note ?? null,
    });
  }
  // A scenario whose expect line does not hold fails even when nothing was violated.
  // A scenario that tells another story fails the command (exit 2), unless the replay found a violation (exit 1; the line above says it).
  // A model seen not to be deterministic (here, or by the hunt that wrote the artifact) is a finding whatever this run gave.
  const modelFinding = nondeterminism !== null || artifact.note !== undefined;
  process.exitCode = violation || expectationMet === false || modelFinding ? exitCodes.found : written?.mismatch ? exitCodes.badInput : exitCodes.ok;
}
