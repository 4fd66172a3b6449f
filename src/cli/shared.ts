/** Shared pieces of the CLI: exit codes, usage errors, option parsing, reading and writing files, output. */
import { controlCharacterPattern, othersNotChecked } from '../study/artifact.ts';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  rmSync,
  readFileSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import isEqual from 'lodash/isEqual.js';
import uniq from 'lodash/uniq.js';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exportedProtocol, findProtocol, protocols } from '../protocols/registry.ts';
import type { AnyProtocol } from '../core/types.ts';
import { importUserModule } from '../hunt/user-module.ts';
import { faultlineCommand, shellWord } from '../core/command-name.ts';
import { integerWord } from '../core/text-integer.ts';

/** 130 is what shells report for a command stopped by Ctrl-C (128 + SIGINT). */
export const exitCodes = { ok: 0, found: 1, badInput: 2, unknown: 3, interrupted: 130 } as const;

/** Bad usage or bad input: printed as one clear line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `controlCharacterPattern`, global: built once, not at every line printed. */
const everyControlCharacter = new RegExp(controlCharacterPattern.source, 'g');

/**
 * Text from input files (or the command line) made safe to print: the characters hand-written input
 * may not hold (`controlCharacterPattern`) are shown as `\n`, `\x1b`, `\u202e`, ... instead of
 * moving the cursor, recolouring the terminal or reversing the text after them.
 */
export function escapeControl(text: string): string {
  return text.replace(everyControlCharacter, (character) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = character.charCodeAt(0);
    return named[character] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
}

export function parseInteger(name: string, minimum = 0, maximum = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} expects an integer, got "${value}"`);
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < minimum || parsed > maximum) {
      const range = maximum === Number.MAX_SAFE_INTEGER && parsed < minimum ? `>= ${minimum}` : `from ${minimum} to ${maximum}`;
      throw new UsageError(`${name} expects an integer ${range}, got "${value}"`);
    }
    return parsed;
  };
}

/**
 * The longest time limit a command takes, in milliseconds (about 23 days): Node's timers hold at
 * most 2^31 − 1 ms and fire at once beyond it, which stopped a search with a larger limit before it
 * began. A margin is left for the watchdogs that wait a little past the limit.
 */
export const timeLimitMsMax = 2_000_000_000;

/** `--set key=value`, repeatable; a key given twice is refused, as a scenario refuses two `set` lines of one key. */
export function collectSetting(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z][\w.-]*)=(.*)$/.exec(value);
  if (!match) throw new UsageError(`--set expects key=value, got "${value}"`);
  const key = match[1] ?? '';
  if (key in previous) throw new UsageError(`--set ${key} is given twice (${key}=${previous[key]} and ${value}); give each setting once`);
  return { ...previous, [key]: match[2] ?? '' };
}

/** A repeatable option's values in the order given (`--property`, `hunt --from`, `explore --op`). */
export function collectRepeated(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** The parsers of the options that may be given more than once: every other option taking a value is refused the second time. */
export const repeatableOptionParsers: ReadonlySet<unknown> = new Set([collectSetting, collectRepeated]);

/** The line a report prints when only some properties were checked (`--property`, a `check` line, an artifact's `properties`). */
export function checkedOnlyText(properties: readonly string[]): string {
  return `checked only: ${properties.map(escapeControl).join(', ')} (${othersNotChecked})`;
}

/** A registered protocol by name, or one exported by `--protocol-module FILE`. */
export async function protocolOrThrow(name: string, protocolModule?: string): Promise<AnyProtocol> {
  if (protocolModule !== undefined) {
    const protocol = await loadUserProtocol(protocolModule, name);
    return protocol;
  }
  const protocol = findProtocol(name);
  if (!protocol) {
    throw new UsageError(`unknown protocol "${name}"; known protocols: ${protocols.map((known) => known.name).join(', ')}`);
  }
  return protocol;
}

/** The URL a module of the user's own (`--protocol-module`, `--model-module`) is loaded by, here and in workers. */
export function userModuleUrl(file: string): string {
  return pathToFileURL(resolve(file)).href;
}

/** The exports of a module of the user's own named on the command line: a readable file that loads, else a UsageError naming it. */
export async function importUserFile(file: string, kind: 'protocol' | 'model', exporting: string): Promise<Readonly<Record<string, unknown>>> {
  checkReadableFile(file, `a ${kind} module (an ES module exporting ${exporting})`);
  try {
    return await importUserModule(userModuleUrl(file));
  } catch (error) {
    throw new UsageError(`${file}: cannot load the ${kind} module (${moduleLoadReason(error)})`);
  }
}

/**
 * One line of why a module did not load: the error's first line, and where that line only
 * introduces the details (a compiler's "Transform failed with 1 error:"), the first detail too,
 * which names the file, line and column.
 */
export function moduleLoadReason(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [first = '', detail] = lines;
  return first.endsWith(':') && detail !== undefined ? `${first} ${detail}` : first;
}

export async function loadUserProtocol(file: string, name: string): Promise<AnyProtocol> {
  const exports = await importUserFile(file, 'protocol', 'the protocol');
  const protocol = exportedProtocol(exports, name);
  if (protocol) {
    const problem = operationTextProblem(protocol);
    if (problem !== null) throw new UsageError(`${file}: protocol ${name}: ${problem}`);
    return protocol;
  }
  // The easy slip: exporting the definition itself, which has a model but is not yet a protocol.
  const definition = Object.entries(exports).find(
    ([, value]) => typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name && 'model' in value,
  );
  if (definition) {
    throw new UsageError(
      `${file}: exports "${definition[0]}", a protocol definition named "${name}", not a protocol: export defineProtocol(${definition[0]}) (from src/core/protocol.ts) instead`,
    );
  }
  throw new UsageError(`${file}: exports no protocol named "${name}" (a protocol is what defineProtocol({ name: "${name}", ... }) returns)`);
}

/**
 * Why the operations a hunt of `protocol` generates would not survive being written down, or null:
 * artifacts and scenarios name an operation by `describeOperation`'s text, and `replay` reads it
 * back with `parseOperation`, so a pair that disagrees makes every finding an artifact that replay
 * refuses. Tried on each kind of the workload at the default config, its parameters all at 0 and
 * all at `parameterMax` (a build that throws is the hunt's finding, not this check's).
 */
export function operationTextProblem(protocol: AnyProtocol): string | null {
  const { workload } = protocol;
  const config = protocol.defaultConfig();
  for (let kind = 0; kind < workload.kindCount; kind++) {
    for (const value of uniq([0, workload.parameterMax])) {
      let operation: unknown;
      try {
        operation = workload.build(
          config,
          kind,
          Array.from({ length: workload.parameterCount }, () => value),
        );
      } catch {
        continue;
      }
      let text: string;
      let read: unknown;
      try {
        text = protocol.describeOperation(operation);
        read = protocol.parseOperation(text);
      } catch (thrown) {
        return `describing or parsing the operation ${JSON.stringify(operation)} threw ${thrown instanceof Error ? thrown.message : String(thrown)}`;
      }
      if (typeof read === 'object' && read !== null && 'error' in read && !isEqual(read, operation)) {
        return `parseOperation refuses "${text}", the text describeOperation writes for ${JSON.stringify(operation)} (${String((read as { error: unknown }).error)}): artifacts and scenarios name operations by that text, so no finding could be replayed`;
      }
      if (!isEqual(read, operation)) {
        return `parseOperation reads "${text}", the text describeOperation writes for ${JSON.stringify(operation)}, back as ${JSON.stringify(read)}: artifacts and scenarios name operations by that text, so a finding would replay another story`;
      }
    }
  }
  return null;
}

/**
 * The `degraded-end` properties among `checked` that `config` never checks: its liveness plan
 * (`hunt.liveness(config)`) has no degraded phase, so a hunt's "no violation" says nothing of them.
 * A definition without `hunt.liveness` is refused outright (`definitionProblem`); a plan that
 * depends on the config can only be asked here.
 */
export function uncheckedDegradedProperties(protocol: AnyProtocol, config: unknown, checked?: readonly string[]): string[] {
  const degraded = protocol.properties.filter(
    (property) => property.when === 'degraded-end' && (checked === undefined || checked.includes(property.name)),
  );
  if (degraded.length === 0) return [];
  let hasPhase: boolean;
  try {
    hasPhase = protocol.liveness(config).degraded !== undefined;
  } catch {
    return []; // A plan that throws is the hunt's to report, as a finding of the run.
  }
  return hasPhase ? [] : degraded.map((property) => property.name);
}

/** The sentence that says which `degraded-end` properties these settings never check (see `uncheckedDegradedProperties`). */
export function uncheckedDegradedText(names: readonly string[]): string {
  return `never checked with these settings: ${names.join(', ')} (degraded-end, but hunt.liveness(config) returns no degraded plan, so no degraded phase runs)`;
}

/** The protocol an artifact or scenario names: registered, or the `--protocol-module` one. */
export async function protocolForFile(file: string, name: string, protocolModule: string | undefined): Promise<AnyProtocol> {
  if (protocolModule !== undefined) return loadUserProtocol(protocolModule, name);
  const protocol = findProtocol(name);
  if (!protocol) {
    throw new UsageError(
      `${file}: unknown protocol "${name}"; known protocols: ${protocols.map((known) => known.name).join(', ')} (or pass --protocol-module FILE)`,
    );
  }
  return protocol;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'already exists',
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}

/** Fails with a one-line message unless `file` is a readable regular file. */
export function checkReadableFile(file: string, expected: string): void {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new UsageError(`${file}: ${reasonOf(error)} (expected ${expected})`);
  }
  if (stats.isDirectory()) throw new UsageError(`${file}: is a folder, expected ${expected}`);
  if (!stats.isFile()) throw new UsageError(`${file}: is not a regular file, expected ${expected}`);
}

export function readTextFile(file: string, expected: string): string {
  checkReadableFile(file, expected);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${reasonOf(error)})`);
  }
}

/**
 * Creates a folder and its missing parents one at a time. (Node's `mkdirSync(..., { recursive:
 * true })` loops forever where creating is refused without a clear error, e.g. under /proc.)
 */
function makeFolder(folder: string, option: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  for (;;) {
    try {
      if (!statSync(current).isDirectory()) throw new UsageError(`${option} ${folder}: ${current} is not a folder`);
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if ((error as { code?: string }).code !== 'ENOENT') throw new UsageError(`${option} ${folder}: ${reasonOf(error)}`);
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw new UsageError(`${option} ${folder}: cannot create the folder ${path} (${reasonOf(error)})`);
    }
  }
}

/**
 * Makes sure `folder` is (or can be made) a writable folder, before any work is done, so a hunt
 * never finds a bug and then fails to keep it.
 */
export function checkOutputFolder(folder: string, option: string): void {
  if (folder === '') throw new UsageError(`${option} expects a folder name, got an empty one`);
  try {
    const stats = statSync(folder);
    if (!stats.isDirectory()) throw new UsageError(`${option} ${folder}: is not a folder (it is a file or a device)`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as { code?: string }).code !== 'ENOENT') throw new UsageError(`${option} ${folder}: ${reasonOf(error)}`);
    makeFolder(folder, option);
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new UsageError(`${option} ${folder}: cannot write there (${reasonOf(error)})`);
  }
}

/** Makes sure `file` can be written: a name is given, its folder exists and it is not itself a folder. */
export function checkOutputFile(file: string, option: string): void {
  if (file === '') throw new UsageError(`${option} expects an output file name, got an empty one`);
  const folder = dirname(resolve(file));
  let stats: Stats;
  try {
    stats = statSync(folder);
  } catch (error) {
    throw new UsageError(`${option} ${file}: the folder ${dirname(file)} does not exist (${reasonOf(error)})`);
  }
  if (!stats.isDirectory()) throw new UsageError(`${option} ${file}: ${dirname(file)} is not a folder`);
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${option} ${file}: is a folder, expected a file name`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write in ${dirname(file)} (${reasonOf(error)})`);
  }
  // access() answers yes to root everywhere (/proc included): opening the file for appending,
  // which changes nothing in it, is the test that holds. One it made is removed again.
  const existed = existsSync(file);
  try {
    closeSync(openSync(file, 'a'));
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write (${reasonOf(error)})`);
  }
  if (!existed) rmSync(file, { force: true });
}

export function writeTextFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${file}: cannot write (${reasonOf(error)})`);
  }
}

/** One line of JSON: the last line of stdout of every command run with `--json`. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonLine(value));
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Rows of cells as aligned columns. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * A Ctrl-C or SIGTERM that bin/faultline.mjs held while the command loaded (about 0.1 s, before it
 * had a handler of its own: the signal killed it with no report). `release` stops holding.
 */
export interface HeldInterrupt {
  readonly signal: string | null;
  release(): void;
}

let heldInterrupt: HeldInterrupt | null = null;

/** The commands that report what they had got to when interrupted: a signal held for them is theirs. */
const reportingCommands = new WeakSet<object>();

/** Marks `command` (hunt, explore) as one whose `interruptHandler` takes a signal held while it loaded. */
export function reportsInterrupts<C extends object>(command: C): C {
  reportingCommands.add(command);
  return command;
}

/** Until `releaseHeldInterrupt`, signals held by `held` wait for the command (see `commandStarting`). */
export function holdInterrupts(held: HeldInterrupt | null): void {
  heldInterrupt = held;
}

/** Stops holding signals and says whether one came meanwhile. */
export function releaseHeldInterrupt(): boolean {
  const held = heldInterrupt;
  heldInterrupt = null;
  held?.release();
  return held?.signal != null;
}

/** The command is interrupted before it started (a held Ctrl-C, for a command that reports none): exit 130. */
export class InterruptedBeforeStart extends Error {
  constructor() {
    super('interrupted before the command started');
    this.name = 'InterruptedBeforeStart';
  }
}

/**
 * Before a command's action: a command that reports interrupts keeps the held signal for its
 * `interruptHandler`; any other stops holding (Ctrl-C kills it again, as it always did) and, when a
 * signal came while it loaded, does not start.
 */
export function commandStarting(command: object): void {
  if (reportingCommands.has(command)) return;
  if (releaseHeldInterrupt()) throw new InterruptedBeforeStart();
}

/**
 * Ctrl-C (SIGINT) and SIGTERM: the first one stops the command (a hunt, an exploration), which then
 * reports what it has and exits 130; a second one exits at once. One held while the command loaded
 * counts as the first, so the command stops at once with its report.
 */
export function interruptHandler(): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      process.stderr.write('\x1b[?25h');
      process.exit(exitCodes.interrupted);
    }
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (releaseHeldInterrupt()) controller.abort();
  return {
    signal: controller.signal,
    interrupted: () => controller.signal.aborted,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * The command that looks for a shorter story than an artifact's at the settings one swarm value
 * away: shrinking keeps the settings a run drew, and a shorter story may need others
 * (docs/exploring.md, "From a finding"). Printed under a finding at drawn settings.
 */
export function shorterStoryHint(artifact: string): string {
  return `a shorter story at other settings? ${faultlineCommand} ${['explore', '--from', artifact, '--neighbours'].map(shellWord).join(' ')}`;
}

/**
 * `--protocol NAME --protocol-module FILE` where the page offers every registered protocol and
 * NAME alone would select nothing new (studio): the two go together; undefined when neither is given.
 */
export function userProtocolOptions(
  options: { readonly protocol?: string; readonly protocolModule?: string },
  what: string,
): { readonly file: string; readonly name: string } | undefined {
  if (options.protocol === undefined && options.protocolModule === undefined) return undefined;
  if (options.protocol === undefined || options.protocolModule === undefined) {
    throw new UsageError(`--protocol and --protocol-module go together: ${what} the protocol NAME that FILE exports`);
  }
  return { file: options.protocolModule, name: options.protocol };
}

/**
 * The file a path names: its device and inode where it exists (two paths of one file compare
 * equal, hard links included: a real path tells two names of one inode apart), else the path.
 */
function fileIdentity(path: string): string {
  try {
    const { dev, ino } = statSync(path, { bigint: true });
    return `inode ${dev}:${ino}`;
  } catch {
    return resolve(path);
  }
}

/**
 * No output overwrites the command's input (`replay self.json --scenario self.json` replaced the
 * artifact with scenario text, `studio a.json --out a.json` with the page), nor another output.
 * `inputRole` says what the input is, for the message.
 */
export function checkOutputsApart(input: string | undefined, inputRole: string, outputs: Readonly<Record<string, string | undefined>>): void {
  const seen = new Map<string, string>(input === undefined ? [] : [[fileIdentity(input), inputRole]]);
  for (const [option, path] of Object.entries(outputs)) {
    if (path === undefined) continue;
    const identity = fileIdentity(path);
    const taken = seen.get(identity);
    if (taken !== undefined)
      throw new UsageError(`${option} ${path}: is ${taken.startsWith('--') ? `also written by ${taken}` : taken}; write it to another file`);
    seen.set(identity, option);
  }
}

/** `FAULTLINE_RUN_WALL_MS`: another run wall than `defaultRunWallMs` (tests set a small one). */
export function runWallFromEnvironment(): number | undefined {
  const text = process.env.FAULTLINE_RUN_WALL_MS;
  if (text === undefined || text === '') return undefined;
  // One parser of integers written as text (`integerWord`): `Number` took 0x10, 1e3 and ' 7'.
  const value = integerWord(text);
  if (value === null || value < 1) throw new UsageError(`FAULTLINE_RUN_WALL_MS must be a whole number of milliseconds >= 1, got "${text}"`);
  return value;
}

/**
 * A watchdog for work this thread does with a protocol module's model (a replay): a step that never
 * returns would hang the command silently, and this thread cannot notice, so a small worker thread
 * waits on shared memory for `done()`; past `ms` it prints `message` and stops the process (SIGTERM,
 * then SIGKILL: the blocked thread cannot choose an exit code, so the shell shows 143 or 137).
 */
export function runWallWatchdog(ms: number, message: string): { done(): void } {
  const flag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const source = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
if (Atomics.wait(workerData.flag, 0, 0, workerData.ms) === 'timed-out') {
  writeSync(2, workerData.message);
  process.kill(workerData.pid, 'SIGTERM');
  setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), 1000);
}`;
  const worker = new Worker(source, { eval: true, workerData: { flag, ms, message: `faultline: ${escapeControl(message)}\n`, pid: process.pid } });
  worker.unref();
  return {
    done() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}
