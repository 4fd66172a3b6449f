/** Writing and reading counterexample artifacts on disk (the CLI layer may touch files). */
import { propertiesOf } from '../core/simulator.ts';
import { existsSync, readFileSync } from 'node:fs';
import isEqual from 'lodash/isEqual.js';
import pick from 'lodash/pick.js';
import { hashHex } from '../core/hash.ts';
import { isRecord } from '../core/json-text.ts';
import { join } from 'node:path';
import type { Schedule } from '../core/events.ts';
import type { AnyProtocol, Violation } from '../core/types.ts';
import { replaySchedule, type HuntSetup } from '../hunt/hunt.ts';
import { ArtifactError, artifactOf, checkArtifactForProtocol, parseArtifact, traceHash, type Artifact } from '../study/artifact.ts';
import { nondeterminismNote } from '../hunt/model-sanity.ts';
import { formatScenario } from '../study/scenario.ts';
import { studyFiles } from './study-files.ts';
import { escapeControl, protocolForFile, readTextFile, UsageError, writeTextFile } from './shared.ts';
import { replayCommandLine } from '../core/command-name.ts';

export const defaultArtifactDirectory = '.faultline';

/**
 * The artifact of a schedule, from its replay (trace recorded). With `found` (the violation the
 * hunt or exploration found on it), the schedule runs a second time and both runs must break as
 * `found` did and trace alike: when not, the model is not deterministic, and the artifact records
 * `found` (the finding is never lost) with a `note` that says so, also returned as `nondeterminism`.
 */
export function buildArtifact(
  setup: Pick<HuntSetup, 'protocol' | 'variant' | 'config' | 'properties'>,
  schedule: Schedule,
  extra: { seed: number | null; path: string | null; eventsBeforeShrink: number | null; found?: Violation },
): { artifact: Artifact; violation: Violation | null; nondeterminism: string | null } {
  const result = replaySchedule(setup, schedule);
  const { found, ...recorded } = extra;
  let nondeterminism: string | null = null;
  if (found !== undefined) {
    const again = replaySchedule(setup, schedule);
    nondeterminism = nondeterminismNote(
      found.property,
      found,
      [result, again].map((run) => ({ violation: run.violation, hash: traceHash(run.trace ?? []) })),
    );
  }
  const artifact = artifactOf(setup, schedule, {
    result,
    ...recorded,
    ...(nondeterminism !== null && found !== undefined ? { violation: found, note: nondeterminism } : {}),
  });
  return { artifact, violation: nondeterminism !== null && found !== undefined ? found : result.violation, nondeterminism };
}

export function writeJsonFile(file: string, value: unknown): void {
  writeTextFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * An artifact's file name says what found it: protocol, variant, strategy, hunt seed (and shard),
 * so a random and a guided hunt of the same seed never overwrite each other's findings.
 */
export function artifactFileName(
  directory: string,
  artifact: Artifact,
  naming: { strategy: string; huntSeed: number; shard: string | null },
): string {
  const shard = naming.shard === null ? '' : `-shard-${naming.shard.replace('/', '-of-')}`;
  return join(directory, `${artifact.protocol}-${artifact.variant}-${naming.strategy}-seed-${naming.huntSeed}${shard}.json`);
}

/**
 * What makes two artifacts one counterexample: the model (protocol, variant, config), the
 * properties checked, the schedule, and what its replay gave. The trace hash alone is not it: a
 * story replays to the same trace under settings it never reaches (a hunt with `--set
 * clientCount=1 --property P` overwrote the first hunt's artifact of the same story). Where it was
 * found (`seed`, `path`, `eventsBeforeShrink`) is not part of it.
 */
const identifyingFields = ['protocol', 'variant', 'config', 'properties', 'schedule', 'violation', 'traceHash'] as const;

function sameCounterexample(file: unknown, artifact: Artifact): boolean {
  return isRecord(file) && isEqual(pick(file, identifyingFields), pick(artifact, identifyingFields));
}

/**
 * `path`, unless it holds another counterexample: then the first of `NAME-2.json`, `NAME-3.json`,
 * ... that is free or holds this one (`sameCounterexample`). Runs with other settings or another
 * story under one name overwrote each other's artifacts, and a finding was lost.
 */
export function unclaimedArtifactPath(path: string, artifact: Artifact): string {
  const stem = path.replace(/\.json$/, '');
  // An artifact as written and read back: fields holding undefined are left out, as in the file.
  const written: unknown = JSON.parse(JSON.stringify(artifact));
  for (let copy = 1; copy <= artifactCopiesMax; copy++) {
    const candidate = copy === 1 ? path : `${stem}-${copy}.json`;
    if (!existsSync(candidate)) return candidate;
    try {
      if (sameCounterexample(JSON.parse(readFileSync(candidate, 'utf8')), written as Artifact)) return candidate;
    } catch {
      // Not an artifact (or unreadable): not this one either.
    }
  }
  // Past the numbered copies, a name of the counterexample's own (its trace hash alone can be another's).
  return `${stem}-${hashHex(JSON.stringify(pick(written, identifyingFields))).slice(0, 12)}.json`;
}

/** Same-named artifacts tried before the name takes a hash of the counterexample. */
const artifactCopiesMax = 100;

/**
 * An artifact's story as a scenario, expecting `violation` (by default the one it records): the
 * formatted scenario with the no-ops it left out (`replay --scenario` writes it).
 */
export function artifactAsScenario(
  protocol: AnyProtocol,
  artifact: Artifact,
  comment: string,
  violation: Pick<Violation, 'property'> | null = artifact.violation ?? null,
): ReturnType<typeof formatScenario> {
  return formatScenario({
    protocol,
    variant: artifact.variant,
    randomSeed: artifact.schedule.randomSeed,
    events: artifact.schedule.events,
    config: artifact.config,
    ...propertiesOf(artifact),
    expectation: violation ? { kind: 'violation', property: violation.property } : { kind: 'no-violation' },
    comment,
  });
}

/** A scenario text of a schedule: what is printed when an artifact cannot be written, so the finding is not lost. */
export function scheduleAsScenario(protocol: AnyProtocol, artifact: Artifact, comment: string): string {
  return artifactAsScenario(protocol, artifact, comment).text;
}

/**
 * A counterexample found with `--no-artifacts`, as `hunt` and `explore` print it: the schedule as a
 * scenario (indented; `faultline replay` reads it as it is), with how to replay it. No artifact holds
 * it, so this is the way to see it again without searching again.
 */
export function counterexampleAsScenario(
  setup: Pick<HuntSetup, 'protocol' | 'variant' | 'config' | 'properties'>,
  schedule: Schedule,
  protocolModule: string | undefined,
): string[] {
  const { artifact } = buildArtifact(setup, schedule, { seed: null, path: null, eventsBeforeShrink: null });
  return [
    `  counterexample as a scenario (--no-artifacts: no artifact was written; save these lines as FILE.scenario and run ${replayCommandLine('FILE.scenario', protocolModule)}):`,
    ...scheduleAsScenario(setup.protocol, artifact, '')
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  ];
}

/**
 * Some files of an artifact could not be written: which were (`written`) and which not, the
 * message naming both. The finding is not lost: with the .json written it replays from there,
 * else it was printed on stdout as a scenario.
 */
export class ArtifactWriteError extends UsageError {
  constructor(
    message: string,
    readonly written: readonly string[],
    readonly unwritten: readonly string[],
  ) {
    super(message);
    this.name = 'ArtifactWriteError';
  }
}

/**
 * Writes an artifact with its transcript, picture and history, each file tried even when another
 * failed (a folder at the transcript's name must not cost the .json). If the .json itself cannot
 * be written (disk full, folder removed meanwhile), the counterexample is printed as a scenario on
 * stdout first, so it is never lost. Throws an `ArtifactWriteError` when any file was not written.
 */
export function writeArtifactFiles(
  file: string,
  artifact: Artifact,
  protocol: AnyProtocol,
  options: { html?: boolean; protocolModule?: string | undefined } = {},
): void {
  try {
    writeJsonFile(file, artifact);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stdout.write(
      `${scheduleAsScenario(protocol, artifact, `faultline could not write the artifact; this is the counterexample as a scenario (save it and run: ${replayCommandLine('FILE', options.protocolModule)})`)}\n`,
    );
    throw new ArtifactWriteError(`${error.message}; no artifact file was written: the counterexample is printed above as a scenario`, [], [file]);
  }
  const written = [file];
  const failures: UsageError[] = [];
  const unwritten: string[] = [];
  let studies: { file: string; text: string }[];
  try {
    studies = studyFiles(file, artifact, protocol, options);
  } catch (thrown) {
    // Making them runs the protocol's presentation code (summaries, descriptions), and only here: what
    // it throws costs the transcript, never the finding, which the .json holds.
    const base = file.replace(/\.json$/, '');
    const names = [`${base}.md`, ...(options.html === false ? [] : [`${base}.html`]), `${base}.history.jsonl`];
    const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    throw new ArtifactWriteError(
      `the transcript, picture and history next to ${file} were not written: making them threw ${what} (a bug in the protocol's presentation code, such as summarizeState, or in faultline's); the finding is in ${file}, replay it`,
      written,
      names,
    );
  }
  for (const study of studies) {
    try {
      writeTextFile(study.file, study.text);
      written.push(study.file);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      failures.push(error);
      unwritten.push(study.file);
    }
  }
  if (failures.length > 0) {
    throw new ArtifactWriteError(`${failures.map((failure) => failure.message).join('; ')}; written: ${written.join(', ')}`, written, unwritten);
  }
}

export function readArtifactFile(file: string): Artifact {
  const text = readTextFile(file, 'an artifact written by "faultline hunt"');
  try {
    return parseArtifact(file, text);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(escapeControl(error.message));
    throw error;
  }
}

/** An artifact read and checked against its protocol (see `checkArtifactForProtocol`). */
export async function loadArtifact(file: string, protocolModule?: string): Promise<{ artifact: Artifact; protocol: AnyProtocol }> {
  const parsed = readArtifactFile(file);
  const protocol = await protocolForFile(file, parsed.protocol, protocolModule);
  try {
    return { artifact: checkArtifactForProtocol(file, parsed, protocol), protocol };
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(escapeControl(error.message));
    throw error;
  }
}
