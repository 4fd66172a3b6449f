/**
 * `faultline check-history --model <name> <file...>`: checks recorded histories (JSON lines,
 * Jepsen etcd logs or EDN kv maps) for linearizability and explains a violation.
 *
 * Exit codes: 0 linearizable, 1 not linearizable, 3 unknown (budget or time ran out),
 * 2 bad input or usage, 130 interrupted (Ctrl-C or SIGTERM: the files done are still reported). With `--json` the last line of stdout is
 * `{"verdict":...,"operations":n,"partitions":n,"ms":n}`. Several files are checked in one
 * process, one after the other (the checker's code compiled once for all of them); the exit code
 * is then the most serious of theirs: 1 if any is not linearizable, else 2 if any could not be
 * checked (bad input), else 3 if any is undecided, else 0; `--json`'s line lists every file.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import * as bundledChecker from '../checkers/linearizability/index.ts';
import type {
  AnyLinearizabilityModel,
  HistoryFormat,
  LinearizabilityOptions,
  LinearizabilityResult,
  UnknownReason,
} from '../checkers/linearizability/index.ts';
import { integerWord } from '../core/text-integer.ts';
import { type LinearizabilityChecker, loadCheckerWithCodeCache, tuneV8ForOneCheck } from './checker-code-cache.ts';
import {
  checkOutputFile,
  checkOutputsApart,
  escapeControl,
  exitCodes,
  importUserFile,
  interruptHandler,
  jsonLine,
  reportsInterrupts,
  UsageError,
} from './shared.ts';

/**
 * In the built CLI, the build id of the checker script and code cache built with it (bin/build.mjs
 * sets it with esbuild's `define`); not defined when the CLI runs from source (tsx, tests).
 */
declare const FAULTLINE_CHECKER_BUILD: string | undefined;

/** The checker the command uses: the built CLI's cached script when it can be loaded, else the bundled one. */
function commandChecker(histories: number): LinearizabilityChecker {
  if (typeof FAULTLINE_CHECKER_BUILD !== 'string') return bundledChecker;
  const checker = loadCheckerWithCodeCache(new URL('.', import.meta.url), FAULTLINE_CHECKER_BUILD).checker ?? bundledChecker;
  // A process that checks one history (see tuneV8ForOneCheck); several gain from V8's defaults.
  if (histories === 1) tuneV8ForOneCheck();
  return checker;
}

/** Options as commander hands them over (values are strings, or `true` when given without one). */
export interface CheckHistoryOptions {
  readonly model?: string | boolean;
  readonly modelModule?: string | boolean;
  readonly json?: boolean;
  readonly timeoutMs?: string | boolean;
  readonly maxConfigurations?: string | boolean;
  readonly html?: string | boolean;
  readonly format?: string | boolean;
}

/** The side effects of the command, replaceable in tests. */
export interface CheckHistoryIo {
  readFile(path: string): string;
  writeFile(path: string, contents: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
  now(): number;
  /** Whether a Ctrl-C or SIGTERM came (absent: never); asked between files and between their steps. */
  interrupted?(): boolean;
}

export const defaultCheckHistoryIo: CheckHistoryIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, contents) => writeFileSync(path, contents),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => performance.now(),
};

const EXIT_LINEARIZABLE = exitCodes.ok;
const EXIT_NOT_LINEARIZABLE = exitCodes.found;
const EXIT_USAGE = exitCodes.badInput;
const EXIT_UNKNOWN = exitCodes.unknown;

const FORMATS: readonly HistoryFormat[] = ['json-lines', 'jepsen-etcd', 'edn-kv'];

function usageError(io: CheckHistoryIo, message: string): number {
  io.stderr(`faultline: ${escapeControl(message)}\n`);
  return EXIT_USAGE;
}

/** Parses a positive number option; returns undefined when absent, or an error message. */
function positiveNumber(value: string | boolean | undefined, name: string, integer: boolean): number | undefined | { error: string } {
  if (value === undefined) return undefined;
  // An integer is written in digits, as every integer option (integerWord): Number takes "0x10" and "1e3".
  const parsed = typeof value !== 'string' ? NaN : integer ? (integerWord(value) ?? NaN) : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    return { error: `${name} expects a positive ${integer ? 'integer' : 'number'}, got ${value === true ? 'nothing' : JSON.stringify(value)}` };
  }
  return parsed;
}

/** What became of one file: checked, or why it could not be (a one-line message: bad input). */
type FileOutcome =
  | { readonly file: string; readonly error: string }
  | {
      readonly file: string;
      readonly result: LinearizabilityResult;
      readonly elapsedMs: number;
      /** For a file the time budget (or a Ctrl-C) did not let the command check, why (after "Not checked: "): undecided without a search. */
      readonly notChecked?: string;
      readonly explanation?: string;
      readonly page?: string;
    };

/** How every file is checked: the model, the budgets and the format, the same for all. */
interface FileCheck {
  readonly checker: LinearizabilityChecker;
  /** The model the checker calls: the user's one guarded (see guardedModel), with its name. */
  readonly checked: AnyLinearizabilityModel;
  /** Set during a search with a wall: the user's model's step asks it after each call (see guardedModel). */
  readonly stepWall: StepWall;
  readonly format: HistoryFormat | undefined;
  readonly maxConfigurations: number | undefined;
  /** When `--timeout-ms` runs out, on `io.now()`'s clock: a wall for the whole command. */
  readonly deadline: number | undefined;
  readonly html: boolean;
}

/** Why a file was not checked, when a Ctrl-C or SIGTERM came before its check. */
const INTERRUPTED_BEFORE_CHECK = 'interrupted (Ctrl-C or SIGTERM) before its check.';
/** Why a file is undecided, when a Ctrl-C or SIGTERM came while it was searched. */
const INTERRUPTED_DURING_CHECK = 'its search was interrupted (Ctrl-C or SIGTERM) before it decided.';

/** Whether a signal, not the history or a budget, left this file undecided. */
function wasInterrupted(outcome: Exclude<FileOutcome, { error: string }>): boolean {
  return outcome.notChecked === INTERRUPTED_BEFORE_CHECK || outcome.notChecked === INTERRUPTED_DURING_CHECK;
}

/**
 * How long a search runs before it gives the event loop a turn, so that a Ctrl-C or SIGTERM is
 * taken: a search of 20 million configurations took 19 s in one piece, deaf to Ctrl-C (a history
 * of 40 concurrent writes, 2026-12-03). A turn costs microseconds.
 */
const SIGNAL_CHECK_INTERVAL_MS = 50;

/**
 * The search of one history, in steps that let a signal in (see SIGNAL_CHECK_INTERVAL_MS);
 * `undefined` when a Ctrl-C or SIGTERM stopped it. Without `io.interrupted`, in one piece.
 */
async function searchTakingSignals(
  checker: LinearizabilityChecker,
  model: AnyLinearizabilityModel,
  operations: Parameters<LinearizabilityChecker['checkLinearizability']>[1],
  options: LinearizabilityOptions,
  io: CheckHistoryIo,
): Promise<LinearizabilityResult | undefined> {
  if (io.interrupted === undefined) return checker.checkLinearizability(model, operations, options);
  const steps = checker.checkLinearizabilityInSteps(model, operations, { ...options, pauseEveryMs: SIGNAL_CHECK_INTERVAL_MS });
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    if (await interruptedNow(io)) {
      steps.return(undecided(model.name, operations.length, 'not-checked'));
      return undefined;
    }
  }
}

/**
 * A file not checked because the command's time budget was spent before (or while) it was read,
 * or a signal came first; `operations` those read.
 */
function notReached(file: string, model: string, operations: number, why: string): FileOutcome {
  const result = undecided(model, operations, why === INTERRUPTED_BEFORE_CHECK ? 'not-checked' : 'time-limit');
  return { file, result, elapsedMs: 0, notChecked: why };
}

/** The result of a history not searched, or whose search was cut off without its counts. */
function undecided(model: string, operations: number, reason: UnknownReason): LinearizabilityResult {
  return { verdict: 'unknown', model, operations, partitions: 0, exploredConfigurations: 0, partitionOutcomes: [], unknownReason: reason };
}

/**
 * Whether a Ctrl-C or SIGTERM came, after a turn of the event loop: the command's work is
 * synchronous, and a signal's handler runs only between turns (never during a search).
 */
async function interruptedNow(io: CheckHistoryIo): Promise<boolean> {
  if (io.interrupted === undefined) return false;
  await new Promise((resolve) => setImmediate(resolve));
  return io.interrupted();
}

/**
 * Reads, parses and checks one file. Everything that calls the model happens here, before any
 * output about the file, so that a model that throws leaves one line on stderr and no verdict.
 * The wall of `--timeout-ms` covers reading and parsing too: a file it has passed is not read,
 * and parsing stops at it (a file of a million lines took 3 s to parse). A signal is taken before
 * reading, before parsing and before the search.
 */
async function checkFile(file: string, how: FileCheck, io: CheckHistoryIo): Promise<FileOutcome> {
  const { checker, checked } = how;
  const deadline = how.deadline;
  const pastWall = deadline === undefined ? undefined : () => io.now() >= deadline;
  if (await interruptedNow(io)) return notReached(file, checked.name, 0, INTERRUPTED_BEFORE_CHECK);
  if (pastWall?.() === true) return notReached(file, checked.name, 0, '--timeout-ms ran out before it was read.');
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    return { file, error: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (await interruptedNow(io)) return notReached(file, checked.name, 0, INTERRUPTED_BEFORE_CHECK);
  try {
    let parsed: ReturnType<LinearizabilityChecker['parseHistory']>;
    try {
      parsed = checker.parseHistory(file, text, checked, how.format, pastWall);
    } catch (error) {
      if (!(error instanceof checker.HistoryParseStopped)) throw error;
      return notReached(file, checked.name, 0, `--timeout-ms ran out while it was read (at line ${error.line}).`);
    }
    if (!parsed.ok) return { file, error: checker.formatParseError(parsed.error) };
    if (await interruptedNow(io)) return notReached(file, checked.name, parsed.operations.length, INTERRUPTED_BEFORE_CHECK);
    const start = io.now();
    const remainingMs = deadline === undefined ? undefined : deadline - start;
    if (remainingMs !== undefined && remainingMs <= 0) {
      return notReached(file, checked.name, parsed.operations.length, '--timeout-ms ran out before its check began.');
    }
    const checkOptions: LinearizabilityOptions = {
      now: () => io.now(),
      ...(remainingMs === undefined ? {} : { timeLimitMs: remainingMs }),
      ...(how.maxConfigurations === undefined ? {} : { maxExploredConfigurations: how.maxConfigurations }),
    };
    let result: LinearizabilityResult;
    how.stepWall.pastWall = pastWall;
    try {
      const searched = await searchTakingSignals(checker, checked, parsed.operations, checkOptions, io);
      if (searched === undefined) {
        const interrupted = undecided(checked.name, parsed.operations.length, 'not-checked');
        return { file, result: interrupted, elapsedMs: io.now() - start, notChecked: INTERRUPTED_DURING_CHECK };
      }
      result = searched;
    } catch (error) {
      if (!(error instanceof StepPastWall)) throw error;
      result = undecided(checked.name, parsed.operations.length, 'time-limit');
    } finally {
      how.stepWall.pastWall = undefined;
    }
    const elapsedMs = io.now() - start;
    const explanation = result.verdict === 'not-linearizable' ? checker.formatLinearizabilityFailure(checked, parsed.operations, result) : undefined;
    const page = how.html
      ? checker.renderLinearizabilityHtml({ title: `${file} (${checked.name})`, model: checked, operations: parsed.operations, result })
      : undefined;
    return { file, result, elapsedMs, ...(explanation === undefined ? {} : { explanation }), ...(page === undefined ? {} : { page }) };
  } catch (error) {
    // A user model's error names its module, not the history (several may be checked): both name the file.
    if (error instanceof checker.InvalidHistoryError || error instanceof UserModelError) return { file, error: `${file}: ${error.message}` };
    throw error;
  }
}

/** The verdict line of a checked file, and what follows it: the explanation, or why it is undecided. */
function reportChecked(outcome: Exclude<FileOutcome, { error: string }>, modelName: string, io: CheckHistoryIo): void {
  const { file, result, elapsedMs, notChecked, explanation } = outcome;
  const colour = result.verdict === 'linearizable' ? pc.green : result.verdict === 'not-linearizable' ? pc.red : pc.yellow;
  io.stdout(
    `${file}: ${colour(pc.bold(result.verdict))} (${result.operations} operations, ${result.partitions} partition(s), ` +
      `${result.exploredConfigurations} configurations, ${elapsedMs.toFixed(1)} ms, model ${modelName})\n`,
  );
  if (explanation !== undefined) {
    io.stdout(`${explanation}\n`);
  } else if (notChecked !== undefined) {
    io.stdout(`Not checked: ${notChecked}\n`);
  } else if (result.verdict === 'unknown') {
    const hint =
      result.unknownReason === 'time-limit'
        ? 'raise --timeout-ms'
        : result.unknownReason === 'memory-budget'
          ? 'the configuration cache reached its memory limit'
          : 'raise --max-configurations';
    io.stdout(`The search stopped before deciding (${result.unknownReason ?? 'budget'}): ${hint}.\n`);
  }
}

function exitCodeOf(verdict: LinearizabilityResult['verdict']): number {
  return verdict === 'linearizable' ? EXIT_LINEARIZABLE : verdict === 'not-linearizable' ? EXIT_NOT_LINEARIZABLE : EXIT_UNKNOWN;
}

/** The `--json` summary of one checked file. */
function jsonSummary(outcome: Exclude<FileOutcome, { error: string }>) {
  const { result, elapsedMs } = outcome;
  return {
    verdict: result.verdict,
    operations: result.operations,
    partitions: result.partitions,
    ms: Math.round(elapsedMs * 1000) / 1000,
    ...(wasInterrupted(outcome) ? { interrupted: true } : {}),
  };
}

/**
 * Runs the command and returns its exit code; all output goes through `io`. Interrupted (see
 * `io.interrupted`), the files done keep their lines, the others read "Not checked", the `--json`
 * line comes, and the exit code is 130.
 */
export async function runCheckHistory(
  files: readonly string[],
  options: CheckHistoryOptions,
  io: CheckHistoryIo = defaultCheckHistoryIo,
  checker: LinearizabilityChecker = bundledChecker,
  /** The exports of `--model-module`'s module, where `--model` names the model. */
  userModule?: Readonly<Record<string, unknown>>,
): Promise<number> {
  const commandStart = io.now();
  const modelNames = Object.keys(checker.linearizabilityModels).join(', ');
  if (typeof options.model !== 'string') return usageError(io, `--model <name> is required (one of: ${modelNames}, or yours with --model-module)`);
  const model = userModule === undefined ? checker.findLinearizabilityModel(options.model) : exportedModel(userModule, options.model);
  if (model === undefined && userModule !== undefined) {
    return usageError(
      io,
      `${String(options.modelModule)}: exports no linearizability model named ${JSON.stringify(options.model)} (an object with that name and init, step, equal, hash, describeOperation and describeState)`,
    );
  }
  if (model === undefined)
    return usageError(io, `unknown model ${JSON.stringify(options.model)} (one of: ${modelNames}, or yours with --model-module)`);
  // The user's model is the user's code: what it throws is bad input (exit 2), never a verdict.
  const stepWall: StepWall = {};
  const checked = userModule === undefined ? model : guardedModel(model, String(options.modelModule), stepWall);
  if (files.length === 0) return usageError(io, 'missing the history <file> to check');
  const timeout = positiveNumber(options.timeoutMs, '--timeout-ms', false);
  if (typeof timeout === 'object') return usageError(io, timeout.error);
  const maxConfigurations = positiveNumber(options.maxConfigurations, '--max-configurations', true);
  if (typeof maxConfigurations === 'object') return usageError(io, maxConfigurations.error);
  if (options.html === true || options.html === '')
    return usageError(io, `--html expects an output file name, got ${options.html === true ? 'nothing' : 'an empty one'}`);
  if (typeof options.html === 'string' && files.length > 1) return usageError(io, `--html pictures one history: give one file, not ${files.length}`);
  let format: HistoryFormat | undefined;
  if (options.format !== undefined) {
    if (typeof options.format !== 'string' || !(FORMATS as readonly string[]).includes(options.format)) {
      return usageError(io, `--format expects one of ${FORMATS.join(', ')}`);
    }
    format = options.format as HistoryFormat;
  }
  const how: FileCheck = {
    checker,
    checked,
    stepWall,
    format,
    maxConfigurations,
    deadline: timeout === undefined ? undefined : commandStart + timeout,
    html: typeof options.html === 'string',
  };

  if (files.length > 1) return runOnMany(files, how, options.json === true, io);
  const outcome = await checkFile(files[0] as string, how, io);
  if ('error' in outcome) return usageError(io, outcome.error);
  const interrupted = wasInterrupted(outcome) || (await interruptedNow(io));
  reportChecked(outcome, model.name, io);
  let exitCode = exitCodeOf(outcome.result.verdict);
  if (typeof options.html === 'string' && outcome.page !== undefined) {
    try {
      io.writeFile(options.html, outcome.page);
      io.stdout(`Wrote ${options.html}\n`);
    } catch (error) {
      // The verdict is printed above and the --json line still comes: a finding keeps its exit
      // code 1; otherwise the picture asked for is missing, which is exit 2.
      usageError(io, `cannot write ${options.html}: ${error instanceof Error ? error.message : String(error)}`);
      if (exitCode !== EXIT_NOT_LINEARIZABLE) exitCode = EXIT_USAGE;
    }
  }
  if (options.json === true) io.stdout(jsonLine({ ...jsonSummary(outcome), ...(interrupted ? { interrupted } : {}) }));
  return interrupted ? exitCodes.interrupted : exitCode;
}

/**
 * Several files, one after the other in this process: each file's lines as for one file (a file
 * that cannot be checked gets its one line on stderr and the others are still checked), then a
 * count of each verdict; the exit code is the most serious (see the top of this file).
 */
async function runOnMany(files: readonly string[], how: FileCheck, json: boolean, io: CheckHistoryIo): Promise<number> {
  const counts = { linearizable: 0, notLinearizable: 0, unknown: 0, errors: 0 };
  const summaries: Record<string, unknown>[] = [];
  let checkingMs = 0;
  for (const [index, file] of files.entries()) {
    if (index > 0) io.stdout('\n');
    const outcome = await checkFile(file, how, io);
    if ('error' in outcome) {
      usageError(io, outcome.error);
      counts.errors++;
      summaries.push({ file, error: outcome.error });
      continue;
    }
    reportChecked(outcome, how.checked.name, io);
    checkingMs += outcome.elapsedMs;
    const verdict = outcome.result.verdict;
    if (verdict === 'linearizable') counts.linearizable++;
    else if (verdict === 'not-linearizable') counts.notLinearizable++;
    else counts.unknown++;
    summaries.push({ file, ...jsonSummary(outcome) });
  }
  const interrupted = summaries.some((summary) => summary['interrupted'] === true) || (await interruptedNow(io));
  io.stdout(
    `${files.length} histories: ${counts.linearizable} linearizable, ${counts.notLinearizable} not linearizable, ${counts.unknown} undecided, ` +
      `${counts.errors} not checked (bad input); ${checkingMs.toFixed(1)} ms of checking${interrupted ? '; interrupted (Ctrl-C or SIGTERM)' : ''}\n`,
  );
  if (json) io.stdout(jsonLine({ files: summaries, ...counts, ms: Math.round(checkingMs * 1000) / 1000, ...(interrupted ? { interrupted } : {}) }));
  if (interrupted) return exitCodes.interrupted;
  if (counts.notLinearizable > 0) return EXIT_NOT_LINEARIZABLE;
  if (counts.errors > 0) return EXIT_USAGE;
  return counts.unknown > 0 ? EXIT_UNKNOWN : EXIT_LINEARIZABLE;
}

/** A user's model threw in one of its methods (or broke the contract): bad input, reported in one line. */
class UserModelError extends Error {
  override readonly name = 'UserModelError';
}

/** The methods of a model the checker and the command may call (types.ts's LinearizabilityModel). */
const MODEL_METHODS = [
  'init',
  'step',
  'isReadOnly',
  'partition',
  'equal',
  'hash',
  'describeOperation',
  'describeState',
  'validateOperation',
] as const;

/** What a model returned, for a message: its type, or the value when short. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  return typeof value === 'object' ? (Array.isArray(value) ? 'an array' : 'an object') : `${typeof value} ${String(value).slice(0, 40)}`;
}

/** The wall of the search under way, if any: asked after each call of a user's model's step. */
interface StepWall {
  pastWall?: (() => boolean) | undefined;
}

/**
 * Thrown by a user's model's guarded step once the wall has passed during a search: the search
 * reads its clock every few thousand steps, and a step of 20 ms made a 500 ms wall 29 s.
 */
class StepPastWall extends Error {
  override readonly name = 'StepPastWall';
}

/**
 * The user's model `model` of module `file`, with every method guarded: what one throws becomes a
 * UserModelError naming the file, the model and the method (and so does a step or partition that
 * does not return an array), which the command reports as bad input. A step during a search also
 * stops it at the wall (`wall`; see StepPastWall). Only the user's models are wrapped: the bundled
 * ones keep their speed.
 */
function guardedModel(model: AnyLinearizabilityModel, file: string, wall: StepWall): AnyLinearizabilityModel {
  const guarded: Record<string, unknown> = { name: model.name, description: model.description };
  for (const method of MODEL_METHODS) {
    const implementation: unknown = (model as unknown as Record<string, unknown>)[method];
    if (typeof implementation !== 'function') continue;
    guarded[method] = (...args: unknown[]): unknown => {
      let returned: unknown;
      try {
        returned = implementation.apply(model, args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new UserModelError(`${file}: model ${model.name} threw in ${method}: ${message.split('\n')[0] ?? ''}`);
      }
      if ((method === 'step' || method === 'partition') && !Array.isArray(returned)) {
        const expected = method === 'step' ? 'an array of next states' : 'an array of parts (arrays of operations)';
        throw new UserModelError(`${file}: model ${model.name}'s ${method} returned ${describeValue(returned)}, expected ${expected}`);
      }
      if (method === 'step' && wall.pastWall?.() === true) throw new StepPastWall();
      return returned;
    };
  }
  return guarded as unknown as AnyLinearizabilityModel;
}

/** The user's model named `name` among a module's exports: an object with the contract's functions (`LinearizabilityModel`). */
function exportedModel(exports: Readonly<Record<string, unknown>>, name: string): AnyLinearizabilityModel | undefined {
  const required = ['init', 'step', 'equal', 'hash', 'describeOperation', 'describeState'];
  return Object.values(exports).find(
    (value): value is AnyLinearizabilityModel =>
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === name &&
      required.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
  );
}

/** `--model-module`'s exports, or why they cannot be had (a message for the one line on stderr). */
async function loadModelModule(
  file: string | boolean,
): Promise<{ readonly exports: Readonly<Record<string, unknown>> } | { readonly error: string }> {
  if (typeof file !== 'string') return { error: '--model-module expects a file' };
  try {
    return { exports: await importUserFile(file, 'model', 'your LinearizabilityModel') };
  } catch (error) {
    if (error instanceof UsageError) return { error: error.message };
    throw error;
  }
}

/**
 * Adds `check-history` to `program`. The files and the option values are optional for commander,
 * so that the action can reject a missing one with a message naming the models; commander still
 * rejects unknown options and extra operands (main turns that into exit code 2). The action sets
 * `process.exitCode`.
 */
export function registerCheckHistoryCommand(program: Command): void {
  const modelNames = Object.keys(bundledChecker.linearizabilityModels).join(', ');
  // Ctrl-C while it loads stops it at once with its report (every file "Not checked", exit 130).
  reportsInterrupts(program.command('check-history'))
    .description('check a recorded history for linearizability against a sequential model')
    .argument('[files...]', 'histories: JSON lines (faultline), Jepsen etcd logs, or EDN kv maps; several are checked one after the other')
    .option('--model [name]', `sequential model: ${modelNames} (or yours, with --model-module)`)
    .option('--model-module [file]', 'an ES module exporting your own model (LinearizabilityModel), named by --model')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--timeout-ms [ms]', 'give up with verdict unknown after this many milliseconds')
    .option('--max-configurations [n]', 'give up with verdict unknown after exploring this many configurations')
    .option('--html [out.html]', 'write a self-contained HTML picture of the history and verdict')
    .option('--format [format]', `input format (default: detected): ${FORMATS.join(', ')}`)
    .action(async (files: string[], options: CheckHistoryOptions) => {
      // Where the picture goes is checked before the (possibly long) check runs, and it is never
      // an input: the page would replace the history (or the model module) it pictures.
      if (typeof options.html === 'string') {
        for (const file of files) checkOutputsApart(file, 'a history being checked', { '--html': options.html });
        if (typeof options.modelModule === 'string') checkOutputsApart(options.modelModule, 'the --model-module', { '--html': options.html });
        checkOutputFile(options.html, '--html');
      }
      let userModule: Readonly<Record<string, unknown>> | undefined;
      if (options.modelModule !== undefined) {
        const loaded = await loadModelModule(options.modelModule);
        if ('error' in loaded) {
          process.exitCode = usageError(defaultCheckHistoryIo, loaded.error);
          return;
        }
        userModule = loaded.exports;
      }
      // Ctrl-C or SIGTERM: the files done are reported, the others read "Not checked" (exit 130).
      const interrupt = interruptHandler();
      try {
        const io: CheckHistoryIo = { ...defaultCheckHistoryIo, interrupted: interrupt.interrupted };
        process.exitCode = await runCheckHistory(files, options, io, commandChecker(files.length), userModule);
      } finally {
        interrupt.dispose();
      }
    });
}
