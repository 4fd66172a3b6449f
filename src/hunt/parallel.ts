/**
 * Hunting in worker threads. Chunks are numbered; chunk k always runs the same schedules (its
 * seed derives from the hunt seed and k). The result is the finding of the LOWEST-numbered failing
 * chunk, waiting for every lower chunk to finish, so with a run budget a parallel hunt reports
 * exactly what a one-worker hunt with the same seed and shard reports. (With a time budget, how far
 * the hunt gets depends on the machine, as it must.) A chunk above the lowest one with a finding can
 * no longer matter: none is assigned, and one running is stopped (see `ChunkAssignment.lowestFailing`)
 * and its report dropped, so it counts no runs, as a one-worker hunt, stopped at its find, never ran it.
 *
 * Even one worker runs in a worker thread: the calling thread stays free to draw progress, keep the
 * time budget as a wall and answer Ctrl-C. A worker hands out each failing schedule as soon as it
 * has it (before and while shrinking), so an interrupted hunt still reports its lowest chunk's
 * finding, unshrunk if that chunk was still shrinking it.
 */
import { propertiesOf } from '../core/simulator.ts';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import sumBy from 'lodash/sumBy.js';
import type { Schedule } from '../core/events.ts';
import type { AnyProtocol, ScheduleProfile, Violation } from '../core/types.ts';
import { findProtocol } from '../protocols/registry.ts';
import { sanitySchedules } from './model-sanity.ts';
import {
  batchSeedsAt,
  chunkLayout,
  chunkRunsAt,
  chunkSeed,
  hunt,
  newCounters,
  randomRunSchedule,
  type RunHang,
  type HuntFinding,
  type HuntOptions,
  type HuntResult,
  type HuntSetup,
} from './hunt.ts';

/** What a worker hunts: sent with every chunk, so one pool of workers serves target after target. */
export interface WorkerSetup {
  readonly protocol: string;
  readonly variant: string;
  readonly config: unknown;
  readonly profile: ScheduleProfile;
  readonly seeds: readonly Schedule[];
  /** The setting swarm each run draws from (see `HuntSetup.settingSwarm`). */
  readonly settingSwarm?: Readonly<Record<string, readonly unknown[]>>;
  /** The properties checked, when not all (see `HuntSetup.properties`). */
  readonly properties?: readonly string[];
}

/** A worker thread's start-up data. */
export interface WorkerData {
  /** URL of an ES module exporting the protocols not in the registry (see `importProtocolModule`). */
  readonly protocolModule: string | null;
}

/** A worker's report that it failed outside the model (faultline's own bug, or a protocol module that does not load). */
export interface ChunkFailure {
  readonly type: 'failed';
  readonly chunk: number;
  readonly message: string;
  /** True when the model, not faultline, is at fault: the sanity check found it mutates its input or is not deterministic. */
  readonly model?: boolean;
}

/** The model sanity check (`model-sanity.ts`) found the model at fault: the hunt did not run. */
export class ModelProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelProblem';
  }
}

export interface ChunkAssignment {
  readonly type: 'chunk';
  readonly setup: WorkerSetup;
  readonly chunk: number;
  readonly seed: number;
  readonly runs: number;
  /** How this chunk searches (a mixed hunt alternates random and guided chunks). */
  readonly strategy: 'random' | 'guided';
  /** The seeds of a random chunk's batches (see `batchSeedsAt`). */
  readonly batchSeeds: readonly number[];
  /** The first failure as found, unshrunk (`HuntOptions.findOnly`): without it a parallel hunt shrank anyway. */
  readonly findOnly: boolean;
  /** Milliseconds left of the hunt's time limit when assigned: the chunk's search and shrinking stop there. */
  readonly msLeft: number | null;
  /**
   * When it was assigned, on the clock every thread shares (`performance.timeOrigin + performance.now()`):
   * the time the assignment waited (a new worker starting, loading its protocol) comes out of
   * `msLeft`, or a worker would overrun the wall by its own start-up.
   */
  readonly assignedAtEpochMs: number;
  /**
   * The hunt's lowest chunk with a finding so far (int32 max while none), in memory the threads
   * share: the worker reads it between runs, while it is busy (a message would wait for the chunk's
   * end), and stops a chunk above it (see `ChunkLimits.stop`).
   */
  readonly lowestFailing: Int32Array;
  /**
   * The chunk's heartbeat, in shared memory: [0] counts the worker's checks between runs (and
   * between shrinking's runs), [1] holds the chunk's runs so far. The calling thread's watchdog
   * reads it: a count that stops moving for `ParallelHuntOptions.runWallMs` is a run that does not end.
   */
  readonly heartbeat: Int32Array;
  /** Run the model sanity check (`modelSanityProblem`) before the chunk: a protocol module's first chunk. */
  readonly sanity: boolean;
}

/** A failing schedule a worker has (first as found, then smaller ones while shrinking). */
export interface ChunkCandidate {
  readonly type: 'candidate';
  readonly chunk: number;
  readonly seed: number;
  readonly schedule: Schedule;
  readonly violation: Violation;
  readonly eventsBeforeShrink: number;
  /** The chunk's runs up to and including the one that failed. */
  readonly runsInChunk: number;
  /** Events the chunk has simulated so far (its shrinking included) and its coverage: what an interrupted hunt counts for it. */
  readonly events: number;
  readonly coverage: Readonly<Record<string, number>>;
}

export interface ChunkReport {
  readonly type: 'done';
  readonly chunk: number;
  readonly runsInChunk: number;
  readonly events: number;
  readonly coverage: Readonly<Record<string, number>>;
  /** True when the deadline cut this chunk's search or shrinking short. */
  readonly stoppedEarly: boolean;
  /** True when the worker stopped it because a lower chunk had a finding (its report is then dropped). */
  readonly unneeded: boolean;
  readonly finding: {
    readonly violation: Violation;
    readonly schedule: Schedule;
    readonly seed: number;
    readonly path: string;
    readonly eventsBeforeShrink: number;
    readonly shrinkMs: number;
    readonly shrinks: number;
    readonly msIntoChunk: number;
  } | null;
}

/**
 * How far a chunk has got (sent every quarter second while it runs, see worker.ts): a chunk reports only at
 * its end, and one of a guided hunt's 25,000 runs takes minutes, so without this an interrupted hunt
 * counted none of the runs of its running chunks (0 runs after seconds of hunting).
 */
export interface ChunkProgress {
  readonly type: 'progress';
  readonly chunk: number;
  /** The chunk's runs so far (up to its failure, once it has one). */
  readonly runsInChunk: number;
  readonly events: number;
  readonly coverage: Readonly<Record<string, number>>;
}

export type WorkerMessage = ChunkReport | ChunkFailure | ChunkCandidate | ChunkProgress;

export interface ParallelHuntOptions extends HuntOptions {
  /** Worker threads. Default: the number of cores. */
  readonly workers?: number;
  /** For a protocol outside the registry: the URL of the module that exports it, loaded by each worker. */
  readonly protocolModule?: string;
  /** Aborting it (Ctrl-C) stops the hunt at once; the result says `interrupted` and keeps any finding, unshrunk if need be. */
  readonly signal?: AbortSignal;
  /** Workers to reuse (several targets in one command start their threads once); by default the hunt starts and stops its own. */
  readonly pool?: HuntPool;
  /** Told of each chunk report dropped because a lower chunk has a finding (for tests: was it stopped short?). */
  readonly onChunkDropped?: (report: ChunkReport) => void;
  /**
   * The run wall: a worker whose heartbeat stands still this long is in a run that does not end
   * (a model's step in an infinite loop) and is stopped; the result says so (`HuntResult.hang`).
   * Default `defaultRunWallMs`.
   */
  readonly runWallMs?: number;
  /** Run the model sanity check before hunting a protocol module's model (default true). */
  readonly modelSanity?: boolean;
}

/**
 * The default run wall (`ParallelHuntOptions.runWallMs`): far above any real run (a Kafka run takes
 * milliseconds; a worker's heartbeat beats before every run and every shrinking candidate), so
 * silence this long means a step that never returns. `FAULTLINE_RUN_WALL_MS` sets another (tests).
 */
export const defaultRunWallMs = 30_000;

/**
 * At the time limit, a worker silent this long (or for the run wall, if shorter) is taken for hung
 * too: without it, a hunt whose model hangs in a rare run said only that its time was spent.
 */
export const hangAtWallMs = 5_000;

/** What a worker may spend starting and loading its protocol before its first beat, on top of the run wall. */
export const loadGraceMs = 30_000;

/**
 * Worker threads kept for several hunts: starting one costs about 0.1 s (more on a busy machine),
 * which a command hunting many targets under one time budget should pay once.
 */
export class HuntPool {
  private readonly workers: Worker[] = [];

  constructor(private readonly protocolModule: string | null = null) {}

  /** The first `count` workers, started as needed. */
  take(count: number): Worker[] {
    while (this.workers.length < count) {
      this.workers.push(new Worker(workerEntry, { workerData: { protocolModule: this.protocolModule } satisfies WorkerData }));
    }
    return this.workers.slice(0, count);
  }

  /**
   * Stops every worker (not awaited: tearing down a worker's heap takes up to a second, which
   * nobody needs to wait for). The next `take` starts fresh ones: this is also how a worker still
   * busy with a hunt that was cut short is stopped.
   */
  close(): void {
    for (const worker of this.workers.splice(0)) {
      worker.removeAllListeners();
      worker.on('error', () => {});
      void worker.terminate();
    }
  }
}

/** A busy worker may overrun the wall by one simulator run; past this grace it is stopped. */
const wallGraceMs = 300;

/** The worker script: next to the bundle when running compiled (dist/); bin/hunt-worker.mjs when running the sources (the bundle when fresh, else tsx). */
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('../../bin/hunt-worker.mjs', import.meta.url)
  : new URL('./hunt-worker.mjs', import.meta.url);

interface Candidate {
  readonly seed: number;
  readonly schedule: Schedule;
  readonly violation: Violation;
  readonly eventsBeforeShrink: number;
  readonly runsInChunk: number;
  readonly events: number;
  readonly coverage: Readonly<Record<string, number>>;
}

export async function runHunt(setup: HuntSetup, options: ParallelHuntOptions): Promise<HuntResult> {
  const now = options.now ?? (() => performance.now());
  // A protocol object no worker can load (a test's, not registered, no module): this thread it is.
  if (!options.protocolModule && findProtocol(setup.protocol.name) !== setup.protocol) return hunt(setup, { ...options, now });
  const layout = chunkLayout(setup, options.chunkRuns);
  const chunksWanted = layout.chunksFor(options.runs);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), chunksWanted));

  const shardCount = Math.max(1, options.shardCount ?? 1);
  const shardIndex = options.shardIndex ?? 0;
  // Position p of this shard's chunks is chunk shardIndex + p * shardCount of the hunt.
  const chunkAt = (position: number): number => shardIndex + position * shardCount;

  const started = now();
  const wall = options.timeLimitMs === undefined ? null : started + options.timeLimitMs;
  const reports = new Map<number, ChunkReport>();
  const candidates = new Map<number, Candidate>();
  // The latest progress of each chunk still running (dropped at its report).
  const running = new Map<number, ChunkProgress>();
  let nextPosition = 0;
  let lowestFailing = Number.POSITIVE_INFINITY;
  const sharedLowestFailing = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  sharedLowestFailing[0] = 2 ** 31 - 1;
  /** Chunk `chunk` has a finding: chunks above it no longer matter (running ones stop, none is assigned). */
  const failingAt = (chunk: number): void => {
    if (chunk >= lowestFailing) return;
    lowestFailing = chunk;
    Atomics.store(sharedLowestFailing, 0, chunk);
  };
  let stoppedByTime = false;
  let cutShort = false;
  let interrupted = false;
  let totalEvents = 0;
  let totalRuns = 0;
  // When each chunk's finding came in (its first candidate, or its report): the hunt's is its lowest chunk's, not the first to come in.
  const foundAtMs = new Map<number, number>();
  const noteFound = (chunk: number): void => {
    if (!foundAtMs.has(chunk)) foundAtMs.set(chunk, now() - started);
  };

  // What each busy worker runs, with its heartbeat as last seen (see `ChunkAssignment.heartbeat`).
  const runWallMs = Math.max(1, options.runWallMs ?? defaultRunWallMs);
  const watches = new Map<
    Worker,
    {
      chunk: number;
      seed: number;
      strategy: 'random' | 'guided';
      batchSeeds: readonly number[];
      heartbeat: Int32Array;
      beat: number;
      changedAt: number;
    }
  >();
  let hang: { chunk: number; seed: number; strategy: 'random' | 'guided'; batchSeeds: readonly number[]; runs: number; silentMs: number } | null =
    null;
  // A worker stopped in a run that did not end, above a lower chunk's finding: no other hunt can use it.
  let abandoned = false;

  const owner = options.pool ?? new HuntPool(options.protocolModule ?? null);
  const pool = owner.take(workers);
  const workerSetup: WorkerSetup = {
    protocol: setup.protocol.name,
    variant: setup.variant,
    config: setup.config,
    profile: setup.profile,
    seeds: options.seeds ?? [],
    ...(setup.settingSwarm ? { settingSwarm: setup.settingSwarm } : {}),
    ...propertiesOf(setup),
  };

  const assignNext = (worker: Worker): boolean => {
    if (wall !== null && now() >= wall) {
      stoppedByTime = true;
      return false;
    }
    if (nextPosition >= chunksWanted) return false;
    const position = nextPosition;
    const chunk = chunkAt(position);
    if (position > lowestFailing) return false;
    nextPosition++;
    const runs = chunkRunsAt(layout, position, options.runs);
    const assignment: ChunkAssignment = {
      type: 'chunk',
      setup: workerSetup,
      chunk: position,
      seed: chunkSeed(options.seed, chunk),
      runs,
      strategy: layout.strategyAt(position),
      batchSeeds: batchSeedsAt(layout, options.seed, position, { index: shardIndex, count: shardCount }),
      findOnly: options.findOnly === true,
      msLeft: wall === null ? null : wall - now(),
      assignedAtEpochMs: performance.timeOrigin + performance.now(),
      lowestFailing: sharedLowestFailing,
      heartbeat: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
      sanity: position === 0 && options.protocolModule !== undefined && options.modelSanity !== false,
    };
    watches.set(worker, {
      chunk: position,
      seed: assignment.seed,
      strategy: assignment.strategy,
      batchSeeds: assignment.batchSeeds,
      heartbeat: assignment.heartbeat,
      beat: 0,
      changedAt: now(),
    });
    worker.postMessage(assignment);
    return true;
  };

  let stopWaiting: () => void = () => {};
  const onAbort = (): void => {
    interrupted = true;
    stopWaiting();
  };
  let wallTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setInterval> | null = null;
  const detachers: (() => void)[] = [];
  let failed = false;
  const finished = new Promise<void>((resolve, reject) => {
    stopWaiting = resolve;
    let busy = 0;
    /** Reads every busy worker's heartbeat; the first silent for `silentMs` or more is hung: the hunt stops there. */
    const findHang = (silentMs: number): boolean => {
      for (const [worker, watch] of watches) {
        const beat = Atomics.load(watch.heartbeat, 0);
        if (beat !== watch.beat) {
          watch.beat = beat;
          watch.changedAt = now();
          continue;
        }
        const silent = now() - watch.changedAt;
        // Before its first beat the worker is still starting or loading the protocol (tsx compiles
        // a module; seconds on a loaded machine): that is not a run, and it gets longer.
        if (silent < silentMs + (beat === 0 ? loadGraceMs : 0)) continue;
        if (watch.chunk > lowestFailing) {
          // A lower chunk has a finding: this chunk's run is one a one-worker hunt never ran.
          watches.delete(worker);
          abandoned = true;
          worker.removeAllListeners();
          worker.on('error', () => {});
          void worker.terminate();
          busy--;
          if (busy === 0) resolve();
          continue;
        }
        hang = { ...watch, runs: Atomics.load(watch.heartbeat, 1), silentMs: Math.round(silent) };
        cutShort = true;
        resolve();
        return true;
      }
      return false;
    };
    if (wall !== null) {
      // Chunks stop at the wall themselves; this only catches a worker stuck in one long run.
      wallTimer = setTimeout(
        () => {
          if (findHang(Math.min(runWallMs, hangAtWallMs))) return;
          stoppedByTime = true;
          cutShort = true;
          resolve();
        },
        Math.max(0, wall - now()) + wallGraceMs,
      );
    }
    watchdog = setInterval(() => findHang(runWallMs), Math.max(5, Math.min(1000, runWallMs / 4)));
    for (const worker of pool) {
      const onError = (error: Error): void => reject(new Error(`a hunt worker failed: ${error.message}`));
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'failed') {
          if (message.model) {
            reject(new ModelProblem(message.message));
            return;
          }
          reject(
            new Error(message.chunk < 0 ? message.message : `faultline internal error in a hunt worker (chunk ${message.chunk}): ${message.message}`),
          );
          return;
        }
        if (message.type === 'progress') {
          if (message.chunk > lowestFailing || reports.has(message.chunk)) return;
          running.set(message.chunk, message);
          // The bar moves while chunks run (a guided chunk takes minutes): their runs so far on top of the reported ones.
          options.onProgress?.({
            runs: totalRuns + sumBy([...running.values()], (progress) => progress.runsInChunk),
            events: totalEvents + sumBy([...running.values()], (progress) => progress.events),
            elapsedMs: now() - started,
            found: lowestFailing < Number.POSITIVE_INFINITY || candidates.size > 0,
            running: true,
          });
          return;
        }
        if (message.type === 'candidate') {
          // From a chunk above a lower finding: stopping, and its report will be dropped.
          if (message.chunk > lowestFailing) return;
          failingAt(message.chunk);
          const known = candidates.get(message.chunk);
          candidates.set(message.chunk, {
            ...message,
            eventsBeforeShrink: known?.eventsBeforeShrink ?? message.eventsBeforeShrink,
            runsInChunk: known?.runsInChunk ?? message.runsInChunk,
          });
          noteFound(message.chunk);
          options.onProgress?.({ runs: totalRuns, events: totalEvents, elapsedMs: now() - started, found: true });
          return;
        }
        busy--;
        watches.delete(worker);
        running.delete(message.chunk);
        if (message.chunk > lowestFailing) {
          // A lower chunk has a finding: this one's runs are none a one-worker hunt would have run.
          options.onChunkDropped?.(message);
          if (assignNext(worker)) busy++;
          if (busy === 0) resolve();
          return;
        }
        reports.set(message.chunk, message);
        totalEvents += message.events;
        totalRuns += message.runsInChunk;
        if (message.stoppedEarly && !message.finding) stoppedByTime = true;
        if (message.finding) {
          failingAt(message.chunk);
          noteFound(message.chunk);
        }
        options.onProgress?.({
          runs: totalRuns,
          events: totalEvents,
          elapsedMs: now() - started,
          found: lowestFailing < Infinity || candidates.size > 0,
        });
        if (assignNext(worker)) busy++;
        if (busy === 0) resolve();
      };
      worker.on('error', onError);
      worker.on('message', onMessage);
      detachers.push(() => {
        worker.off('error', onError);
        worker.off('message', onMessage);
      });
      if (assignNext(worker)) busy++;
    }
    if (busy === 0) resolve();
  });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await finished;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (wallTimer !== null) clearTimeout(wallTimer);
    if (watchdog !== null) clearInterval(watchdog);
    for (const detach of detachers) detach();
    // Workers still busy (interrupted, cut short at the wall, failed) are stopped; idle ones are
    // kept for the next hunt when the pool is shared.
    if (!options.pool || interrupted || cutShort || failed || abandoned) owner.close();
  }

  const coverage = newCounters(setup).coverage;
  const addCoverage = (report: Pick<ChunkReport, 'coverage'>): void => {
    for (const [goal, count] of Object.entries(report.coverage)) coverage[goal] = (coverage[goal] ?? 0) + count;
  };
  const ms = now() - started;
  if (interrupted || cutShort) {
    // The runs of chunks still running, as their heartbeats count them: a chunk that ran less than
    // a quarter second (or hung early) has posted no progress yet.
    for (const watch of watches.values()) {
      const runsSoFar = Atomics.load(watch.heartbeat, 1);
      const known = running.get(watch.chunk);
      if (!reports.has(watch.chunk) && runsSoFar > (known?.runsInChunk ?? 0)) {
        running.set(watch.chunk, {
          type: 'progress',
          chunk: watch.chunk,
          runsInChunk: runsSoFar,
          events: known?.events ?? 0,
          coverage: known?.coverage ?? {},
        });
      }
    }
    // Stopped from outside. The finding is the lowest chunk's with one, as with a run budget (a
    // one-worker hunt reports it): shrunk if that chunk finished, else its latest candidate. A
    // higher chunk's finding that finished shrinking first is not the hunt's, however short;
    // `finishedAbove` keeps it visible. Runs and events count as a finished hunt's (below): the
    // chunks up to the finding's (those still running then are not), and the finding's up to its
    // failure; a chunk above that finished before the finding was known counts nothing. A chunk
    // below the finding's (or any, without one) still running counts the runs it had done.
    const doneChunks = [...reports.values()].filter((report) => report.finding).map((report) => report.chunk);
    const chunk = Math.min(...doneChunks, ...candidates.keys());
    const counted = [...reports.values()].filter((report) => report.chunk <= chunk);
    for (const report of counted) addCoverage(report);
    const unfinished = [...running.values()].filter((progress) => progress.chunk < chunk && !reports.has(progress.chunk));
    for (const progress of unfinished) addCoverage(progress);
    let runs = sumBy([...counted, ...unfinished], (report) => report.runsInChunk);
    let events = sumBy([...counted, ...unfinished], (report) => report.events);
    const runsBefore = (): number =>
      sumBy(
        counted.filter((report) => report.chunk < chunk),
        (report) => report.runsInChunk,
      );
    const done = reports.get(chunk);
    const pending = candidates.get(chunk);
    let finding: HuntFinding | null = null;
    if (done?.finding) {
      finding = {
        ...done.finding,
        runsToFind: runsBefore() + done.runsInChunk,
        runsToReplay: layout.startOf(chunk) + done.runsInChunk,
        msToFind: foundAtMs.get(chunk) ?? 0,
        shrinkStoppedEarly: done.stoppedEarly,
      };
    } else if (pending) {
      // Its runs up to the failure were run, though its report never came.
      runs += pending.runsInChunk;
      events += pending.events;
      addCoverage(pending);
      finding = {
        violation: pending.violation,
        schedule: pending.schedule,
        seed: pending.seed,
        path: '',
        eventsBeforeShrink: pending.eventsBeforeShrink,
        runsToFind: runsBefore() + pending.runsInChunk,
        runsToReplay: layout.startOf(chunk) + pending.runsInChunk,
        msToFind: foundAtMs.get(chunk) ?? 0,
        shrinkMs: ms - (foundAtMs.get(chunk) ?? ms),
        shrinks: 0,
        shrinkStoppedEarly: true,
      };
    }
    const above = [...reports.values()]
      .filter((report) => report.chunk > chunk && report.finding && !report.stoppedEarly)
      .sort((a, b) => a.chunk - b.chunk)[0];
    const finishedAbove =
      finding?.shrinkStoppedEarly && above?.finding
        ? { chunk: above.chunk, events: above.finding.schedule.events.length, property: above.finding.violation.property }
        : null;
    const hung = hang === null ? null : runHangOf(setup, layout, hang);
    return {
      setup,
      runs,
      events,
      ms,
      finding,
      coverage,
      stoppedByTime: !interrupted && hung === null,
      interrupted,
      ...(finishedAbove ? { finishedAbove } : {}),
      ...(hung ? { hang: hung } : {}),
    };
  }

  // Count runs and events as a one-worker hunt would: every chunk before the failing one, plus the
  // failing chunk up to its failure (events: and its shrinking). A chunk above it that finished
  // before the finding was known does not count.
  let runs = 0;
  let events = 0;
  let finding: HuntFinding | null = null;
  for (let position = 0; position < chunksWanted; position++) {
    const report = reports.get(position);
    if (!report) break;
    runs += report.runsInChunk;
    events += report.events;
    addCoverage(report);
    if (position === lowestFailing && report.finding) {
      finding = {
        violation: report.finding.violation,
        schedule: report.finding.schedule,
        seed: report.finding.seed,
        path: report.finding.path,
        eventsBeforeShrink: report.finding.eventsBeforeShrink,
        runsToFind: runs,
        runsToReplay: layout.startOf(position) + report.runsInChunk,
        msToFind: foundAtMs.get(position) ?? 0,
        shrinkMs: report.finding.shrinkMs,
        shrinks: report.finding.shrinks,
        shrinkStoppedEarly: report.stoppedEarly,
      };
      break;
    }
  }
  return { setup, runs, events, ms, finding, coverage, stoppedByTime: finding === null && stoppedByTime, interrupted: false };
}

/** The hung run, with its schedule when its chunk is a random one (generated again here, not run). */
function runHangOf(
  setup: HuntSetup,
  layout: ReturnType<typeof chunkLayout>,
  hang: { chunk: number; seed: number; strategy: 'random' | 'guided'; batchSeeds: readonly number[]; runs: number; silentMs: number },
): RunHang {
  let schedule: Schedule | null = null;
  if (hang.runs < 0) {
    // In the sanity check, before the chunk's first run.
    schedule = sanitySchedules(setup)[-hang.runs - 1] ?? null;
    return { chunk: hang.chunk, run: 0, runsToReach: 0, silentMs: hang.silentMs, schedule };
  }
  if (hang.strategy === 'random') {
    try {
      schedule = randomRunSchedule(setup, hang.seed, hang.batchSeeds, hang.runs);
    } catch {
      schedule = null;
    }
  }
  return { chunk: hang.chunk, run: hang.runs + 1, runsToReach: layout.startOf(hang.chunk) + hang.runs + 1, silentMs: hang.silentMs, schedule };
}

/**
 * What is wrong with a protocol module's model, or null: the sanity check (`model-sanity.ts`) and
 * one run, in a worker under the run wall, so that a step that never returns is seen too. For
 * commands that run the model elsewhere (explore's own workers) and would otherwise crash or wait.
 */
export async function modelFaultOf(setup: HuntSetup, protocolModule: string, options: { readonly runWallMs?: number } = {}): Promise<string | null> {
  const pool = new HuntPool(protocolModule);
  try {
    const result = await runHunt(setup, {
      runs: 1,
      seed: 0,
      chunkRuns: 1,
      workers: 1,
      protocolModule,
      pool,
      ...(options.runWallMs !== undefined ? { runWallMs: options.runWallMs } : {}),
    });
    if (!result.hang) return null;
    const seconds = (result.hang.silentMs / 1000).toFixed(1);
    const which =
      result.hang.run === 0
        ? 'a run of the model sanity check, which runs a few generated schedules first'
        : 'a generated run, after the model sanity check';
    return `a run of ${setup.protocol.name}/${setup.variant} did not finish within ${seconds} s: the model's step is probably in an infinite loop (${which})`;
  } catch (error) {
    if (error instanceof ModelProblem) return error.message;
    throw error;
  } finally {
    pool.close();
  }
}
