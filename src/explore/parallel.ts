/**
 * `faultline explore` in worker threads. The search always runs off the calling thread, so that
 * thread keeps the time limit as a wall (a watchdog stops a worker that overruns it, whatever it is
 * stuck in) and prints levels as they come. With two workers or more, a fault ladder runs in two
 * parts side by side: the unbounded (`any`) search in one worker, the four budgeted searches in
 * the other. Each search is the one the one-thread ladder runs (the same worlds per depth); what
 * changes is their shares of the work: the unbounded search, which alone can prove a story
 * shortest and alone finds stories of two faults or more, gets a core of its own instead of a
 * fifth of one.
 */
import { Worker } from 'node:worker_threads';
import sortBy from 'lodash/sortBy.js';
import {
  confirmationShare,
  faultBudgetGiven,
  faultLadder,
  summedCounts,
  type ExploreLevel,
  type ExploreOptions,
  type ExploreResult,
  type ExploreWidth,
} from './explore.ts';

/** The search's options a worker can be sent (everything but the clock and the callbacks). */
export type ExploreWorkerOptions = Omit<ExploreOptions, 'now' | 'heapFull' | 'onLevel' | 'onWidth' | 'onProgress' | 'ladderDepthCap'>;

/** What a worker explores: the setup by name (a worker resolves it again) and the search's options. */
export interface ExploreRequest {
  readonly protocol: string;
  /** The URL of the user's ES module the protocol comes from (`--protocol-module`); absent: a registered protocol. */
  readonly protocolModule?: string;
  readonly variant: string;
  /** `--set` overrides, as given. */
  readonly settings: Readonly<Record<string, string>>;
  /** `--property`: the properties checked, when not all. */
  readonly properties?: readonly string[];
  readonly options: ExploreWorkerOptions;
}

/** Sent to a worker once: its part of the search. */
export interface ExplorePartAssignment {
  readonly request: ExploreRequest;
  /** The fault-ladder searches this part runs (`ExploreOptions.ladderRungs`), or null: the whole search. */
  readonly rungs: readonly string[] | null;
  /**
   * When the time limit ends, in `Date.now()` milliseconds (one clock for every thread; each
   * thread's `performance.now()` has an origin of its own), or null: no limit. The worker's search
   * counts its limit from when it starts, after loading, so that loading is not added to the wall.
   */
  readonly deadlineEpochMs: number | null;
  /** Int32 cell 0: the depth the part's searches stop at (`ExploreOptions.ladderDepthCap`); the caller lowers it. */
  readonly control: SharedArrayBuffer;
}

export type ExploreWorkerMessage =
  | { readonly type: 'level'; readonly level: ExploreLevel }
  | { readonly type: 'width'; readonly run: ExploreWidth }
  | { readonly type: 'progress'; readonly sofar: ExploreResult }
  | {
      readonly type: 'done';
      readonly result: ExploreResult;
      /** Its heap holds little enough for another search (see `heapReusable` in worker.ts); else it is stopped, not pooled. */
      readonly reusable: boolean;
    }
  | { readonly type: 'failed'; readonly message: string };

export interface ExploreInWorkersOptions {
  /** Worker threads: 1 runs the search as `explore` does; 2 or more split a fault ladder in two. */
  readonly workers: number;
  /** The wall for the whole search, from the call (the workers stop themselves there; the watchdog a little after). */
  readonly timeLimitMs?: number;
  readonly onLevel?: (level: ExploreLevel) => void;
  readonly onWidth?: (run: ExploreWidth) => void;
  /** Ctrl-C: stops the workers at once; the result is what they had reported, the running parts `interrupted`. */
  readonly signal?: AbortSignal;
  /** For tests of the watchdog: the workers are not told the time limit, so only the watchdog stops them. */
  readonly watchdogOnly?: boolean;
  /** Each worker's JavaScript heap (old generation) in MB at most; default Node's (`--max-old-space-size`). Ignored with `pool` (the pool's own). */
  readonly heapMbMax?: number;
  /** Workers kept between searches (`--neighbours`); without it the search starts its own and stops them. */
  readonly pool?: ExplorePool;
}

/**
 * Worker threads kept for the searches of one command (`explore --neighbours`): starting one costs
 * about 0.1 to 0.2 s (loading faultline in it), which ten configurations in a 1-s limit paid ten
 * times, past the wall. A worker whose part finished goes back to the pool; one cut short (the
 * wall, Ctrl-C, the heap) may still be searching and is stopped instead.
 */
export class ExplorePool {
  private readonly idle: Worker[] = [];
  private startedCount = 0;

  constructor(private readonly heapMbMax?: number) {}

  /** Workers started so far (for tests: was one reused?). */
  get started(): number {
    return this.startedCount;
  }

  /** An idle worker, or a new one. */
  take(): Worker {
    const worker = this.idle.pop();
    if (worker === undefined) {
      this.startedCount += 1;
      return new Worker(workerEntry, this.heapMbMax === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: this.heapMbMax } });
    }
    worker.off('error', ignoreError);
    worker.ref();
    return worker;
  }

  /** A worker done with its part and rid of the search's listeners, for the next search (an idle one does not keep the process alive). */
  give(worker: Worker): void {
    worker.on('error', ignoreError);
    worker.unref();
    this.idle.push(worker);
  }

  /** Stops every idle worker (not awaited: nobody needs to wait for a heap's teardown). */
  close(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}

/**
 * An idle or stopped worker's error is nobody's. (Listeners come off one by one: `removeAllListeners`
 * also drops Node's own hooks that restart a worker's message port for the next `message` listener,
 * and a reused worker's messages never arrived.)
 */
function ignoreError(): void {}

/** The ladder's searches in order, and its two parts: the unbounded search, and the budgeted ones. */
const ladderOrder = faultLadder.map((rung) => rung.faults);
const unboundedPart = ['any'];
const budgetedPart = ladderOrder.filter((faults) => faults !== 'any');

/**
 * A worker stops itself within a few dozen worlds of the wall (it reads the clock every 64 steps);
 * past this grace the watchdog stops it and the result is what it had reported by then.
 */
const watchdogGraceMs = 1_000;

/** On Ctrl-C, how long to wait for the progress that follows a reported level or width (a worker sends it at once). */
const progressAfterLevelWaitMs = 200;

/** The worker script: next to the bundle when running compiled (dist/); bin/explore-worker.mjs when running the sources (the bundle when fresh, else tsx). */
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('../../bin/explore-worker.mjs', import.meta.url)
  : new URL('./explore-worker.mjs', import.meta.url);

/** Worker threads a search runs on, given `workers` at most (the fault ladder splits in two parts, nothing else does). */
export function exploreWorkersUsed(options: ExploreWorkerOptions, workers: number): number {
  return explorePartsFor(options, workers).length;
}

/** The parts the search runs in: the ladder split in two with two workers or more, else the whole search. */
function explorePartsFor(options: ExploreWorkerOptions, workers: number): (readonly string[] | null)[] {
  if (workers < 2 || options.search !== 'fault-ladder' || faultBudgetGiven(options)) return [null];
  return [unboundedPart, budgetedPart];
}

interface Part {
  readonly worker: Worker;
  /** The search's listeners on `worker`, to take off when it ends. */
  readonly listeners: { message?: (message: ExploreWorkerMessage) => void; error?: (error: unknown) => void; exit?: (code: number) => void };
  readonly cap: Int32Array;
  latest: ExploreResult | null;
  done: ExploreResult | null;
  /** A level or a width was reported and the progress that includes it not yet. */
  levelAhead: boolean;
  /** Done, and its worker can search again (`ExploreWorkerMessage` `done`). */
  reusable: boolean;
}

/** Why the parts still running were stopped: the wall, Ctrl-C, a worker's heap, or nothing (every part is done). */
export type PartsCut = 'time' | 'interrupted' | 'memory' | null;

/**
 * The search's result from what each part has reported: its result when done, else its progress
 * (a part that reported nothing yet counts as having done nothing), the running ones marked with
 * why they were cut. Null when no part has reported anything.
 */
export function resultOfParts(
  parts: readonly { readonly done: ExploreResult | null; readonly latest: ExploreResult | null }[],
  cut: PartsCut,
): ExploreResult | null {
  const template = parts.map((part) => part.done ?? part.latest).find((result) => result !== null);
  if (!template) return null;
  const results = parts.map((part) => {
    const result = part.done ?? part.latest ?? { ...template, rungs: [], found: false, states: 0, distinctStates: 0, eventsSimulated: 0 };
    return part.done || cut === null ? result : { ...result, stopReason: cut, complete: false };
  });
  const [first, second] = results;
  if (!first) return null;
  return second ? mergeLadderParts(first, second) : first;
}

/** Ctrl-C came before any worker had reported anything: there is nothing to report. */
export class ExploreInterrupted extends Error {
  constructor() {
    super('interrupted before the search reported anything');
    this.name = 'ExploreInterrupted';
  }
}

/** A worker's heap ran out before the search reported anything. */
export class ExploreOutOfMemory extends Error {
  constructor() {
    super(`the search ran out of memory before it reported anything (${heapAdvice})`);
    this.name = 'ExploreOutOfMemory';
  }
}

/** What to do when a search's heap runs out: fewer worlds kept, or a larger heap for Node. */
export const heapAdvice = 'a lower --states-max, or a larger heap: NODE_OPTIONS=--max-old-space-size=MB';

/** Node terminates a worker whose JavaScript heap reached its limit with this error code. */
function workerOutOfMemory(error: Error): boolean {
  return (error as Error & { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * Runs the search in worker threads and resolves with its result, as `explore` would return it.
 * A worker that throws (faultline's own bug) rejects with its message; one whose heap ran out
 * resolves with what the workers had reported, stopped for `memory`.
 */
export function exploreInWorkers(request: ExploreRequest, options: ExploreInWorkersOptions): Promise<ExploreResult> {
  const started = performance.now();
  const rungSets = explorePartsFor(request.options, options.workers);
  // The distinct-states budget holds for the whole search: each part gets its share.
  const statesMax = Math.max(1, Math.floor(request.options.statesMax / rungSets.length));
  const pool = options.pool ?? new ExplorePool(options.heapMbMax);
  return new Promise<ExploreResult>((resolve, reject) => {
    let settled = false;
    const parts: Part[] = rungSets.map((rungs) => {
      const control = new SharedArrayBuffer(4);
      const cap = new Int32Array(control);
      Atomics.store(cap, 0, 2 ** 31 - 1);
      const worker = pool.take();
      const assignment: ExplorePartAssignment = {
        request: { ...request, options: { ...request.options, statesMax } },
        rungs,
        deadlineEpochMs:
          options.timeLimitMs === undefined || options.watchdogOnly ? null : Date.now() + options.timeLimitMs - (performance.now() - started),
        control,
      };
      worker.postMessage(assignment);
      return { worker, cap, listeners: {}, latest: null, done: null, levelAhead: false, reusable: false };
    });
    const unbounded = parts.length > 1 ? parts[0] : undefined;
    const bounded = parts.length > 1 ? parts[1] : undefined;
    /** After a budgeted find: the unbounded part's generated worlds at most (the one-thread ladder's `confirmationShare`). */
    let unboundedStatesMax = Number.POSITIVE_INFINITY;
    const finish = (outcome: { result: ExploreResult } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      if (watchdog !== undefined) clearTimeout(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      for (const part of parts) {
        const { message, error, exit } = part.listeners;
        if (message) part.worker.off('message', message);
        if (error) part.worker.off('error', error);
        if (exit) part.worker.off('exit', exit);
        if (part.done && part.reusable) pool.give(part.worker);
        else {
          part.worker.on('error', ignoreError);
          void part.worker.terminate();
        }
      }
      if (options.pool === undefined) pool.close();
      if ('error' in outcome) reject(outcome.error);
      else resolve({ ...outcome.result, ms: performance.now() - started });
    };
    const settle = (): void => {
      const result = resultOfParts(parts, null);
      if (result) finish({ result });
    };
    /** Stops the running parts for `cut`: the result is what they had reported, or `nothing` when none had. */
    const cutShort = (cut: Exclude<PartsCut, null>, nothing: () => Error): void => {
      const result = resultOfParts(parts, cut);
      finish(result ? { result } : { error: nothing() });
    };
    const watchdog =
      options.timeLimitMs === undefined
        ? undefined
        : setTimeout(
            () =>
              cutShort(
                'time',
                () =>
                  new Error(
                    `${noLevelText} within the time limit (${options.timeLimitMs} ms): give it more time (--time-limit-ms), or, if its first level is small, the model's step may never return (an infinite loop)`,
                  ),
              ),
            options.timeLimitMs + watchdogGraceMs,
          );
    const onAbort = (): void => {
      // A worker posts its progress right after each level or width it completes: wait for it
      // (briefly), so that the report does not say less than the last line printed.
      const waitUntil = performance.now() + progressAfterLevelWaitMs;
      const stop = (): void => {
        if (parts.some((part) => part.levelAhead && !part.done) && performance.now() < waitUntil) {
          setTimeout(stop, 1);
          return;
        }
        cutShort('interrupted', () => new ExploreInterrupted());
      };
      stop();
    };
    if (options.signal?.aborted) queueMicrotask(onAbort);
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    /**
     * A part failed: never a lost finding, a story the other part found is still reported. A worker
     * whose heap ran out (a search of millions of worlds) is not a bug: the result is what the
     * workers had reported, stopped for `memory`, as the wall or Ctrl-C would have stopped them.
     */
    const failed = (error: Error): void => {
      if (workerOutOfMemory(error)) {
        cutShort('memory', () => new ExploreOutOfMemory());
        return;
      }
      const found = parts.some((part) => part.done?.found === true) ? resultOfParts(parts, 'time') : null;
      finish(found ? { result: found } : { error });
    };
    /** Lowers the depth a part's searches go to (read by the worker between slices). */
    const capDepth = (part: Part, depth: number): void => {
      Atomics.store(part.cap, 0, Math.max(0, Math.min(Atomics.load(part.cap, 0), depth)));
    };
    const onDone = (part: Part, result: ExploreResult): void => {
      if (!unbounded || !bounded) {
        settle();
        return;
      }
      const other = part === unbounded ? bounded : unbounded;
      if (other.done) {
        settle();
        return;
      }
      if (result.found) {
        // A shorter story could still be found below the find's depth, and only there; the unbounded
        // search (which proves the find shortest there) goes on for a bounded share after a budgeted find.
        capDepth(other, result.depthReached - 1);
        if (part === bounded) unboundedStatesMax = confirmationShare * result.states;
      } else if (part === unbounded && result.stopReason === 'exhausted') {
        // The unbounded search saw every reachable world without a violation: no budget can find one.
        capDepth(bounded, 0);
      }
    };
    for (const part of parts) {
      part.listeners.message = (message: ExploreWorkerMessage) => {
        if (settled) return;
        switch (message.type) {
          case 'level':
            part.levelAhead = true;
            options.onLevel?.(message.level);
            return;
          case 'width':
            part.levelAhead = true;
            options.onWidth?.(message.run);
            return;
          case 'progress':
            part.levelAhead = false;
            part.latest = message.sofar;
            if (part === unbounded && message.sofar.states > unboundedStatesMax) settle();
            return;
          case 'done':
            part.reusable = message.reusable;
            part.done = message.result;
            part.latest = message.result;
            onDone(part, message.result);
            return;
          case 'failed':
            failed(new Error(message.message));
            return;
          default:
            assertNeverMessage(message);
        }
      };
      part.listeners.error = (error: unknown) => failed(error instanceof Error ? error : new Error(String(error)));
      part.listeners.exit = (code: number) => {
        if (!settled && !part.done) failed(new Error(`an explore worker stopped (exit code ${code}) before reporting its result`));
      };
      part.worker.on('message', part.listeners.message);
      part.worker.on('error', part.listeners.error);
      part.worker.on('exit', part.listeners.exit);
    }
  });
}

function assertNeverMessage(message: never): never {
  throw new Error(`faultline internal error: unknown explore worker message ${JSON.stringify(message)}`);
}

/**
 * One fault ladder's result from its two parts, as the one-thread ladder states it: the shortest
 * find (on a tie the budgeted one, a story with fewer faults), proven shortest when the unbounded
 * search completed the depth before it; otherwise the unbounded search's depth and why it stopped.
 */
export function mergeLadderParts(any: ExploreResult, budgetedResult: ExploreResult): ExploreResult {
  const parts = [any, budgetedResult];
  const rungs = sortBy(
    parts.flatMap((part) => part.rungs),
    (rung) => ladderOrder.indexOf(rung.faults),
  );
  const totals = summedCounts(parts);
  const anyDepth = rungs.find((rung) => rung.faults === 'any')?.depthReached ?? 0;
  const finds = parts.filter((part) => part.found);
  const best = finds.reduce<ExploreResult | null>(
    (shortest, part) =>
      shortest === null || part.depthReached < shortest.depthReached || (part.depthReached === shortest.depthReached && part === budgetedResult)
        ? part
        : shortest,
    null,
  );
  if (best) {
    const proven = best === any || anyDepth >= best.depthReached - 1;
    return { ...best, ...totals, rungs, faults: proven ? 'any' : best.faults, complete: true };
  }
  // Every schedule up to the unbounded search's depth checked is the whole search's verdict, whatever the budgeted ones got to.
  return { ...any, ...totals, rungs, faults: 'any' };
}

/** How the error of a search cut by its time limit before its first level starts (the explore command reports it as unknown, exit 3). */
export const noLevelText = 'the search finished no level';
