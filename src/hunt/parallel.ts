/**
 * Parallel hunting with worker threads. Chunks are numbered; chunk k always runs the same
 * schedules (its seed derives from the hunt seed and k). The result is the finding of the
 * LOWEST-numbered failing chunk, waiting for every lower chunk to finish, so with a run budget a
 * parallel hunt reports exactly what a one-worker hunt with the same seed and shard reports.
 * (With a time budget, how far the hunt gets depends on the machine, as it must.)
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Schedule } from '../core/events.ts';
import type { ScheduleProfile, Violation } from '../core/types.ts';
import { chunkRunsFor, chunkSeed, hunt, type HuntFinding, type HuntOptions, type HuntResult, type HuntSetup } from './hunt.ts';

export interface WorkerSetup {
  readonly protocol: string;
  readonly variant: string;
  readonly config: unknown;
  readonly profile: ScheduleProfile;
  readonly seeds: readonly Schedule[];
  /** URL of an ES module exporting the protocol, when it is not in the registry (see `loadProtocolModule`). */
  readonly protocolModule: string | null;
}

/** A worker's report that a chunk failed with an error outside the model (faultline's own bug). */
export interface ChunkFailure {
  readonly type: 'failed';
  readonly chunk: number;
  readonly message: string;
}

export interface ChunkAssignment {
  readonly type: 'chunk';
  readonly chunk: number;
  readonly seed: number;
  readonly runs: number;
  /** Milliseconds left of the hunt's time limit when assigned (guided chunks stop there). */
  readonly msLeft: number | null;
}

export interface ChunkReport {
  readonly type: 'done';
  readonly chunk: number;
  readonly runsInChunk: number;
  readonly events: number;
  readonly coverage: Readonly<Record<string, number>>;
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

export interface ParallelHuntOptions extends HuntOptions {
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  readonly workers?: number;
  /** For a protocol outside the registry: the URL of the module that exports it, loaded by each worker. */
  readonly protocolModule?: string;
}

/** The worker script: next to the bundle when running compiled (dist/), through tsx when running the sources. */
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('../../bin/hunt-worker.mjs', import.meta.url)
  : new URL('./hunt-worker.mjs', import.meta.url);

export async function runHunt(setup: HuntSetup, options: ParallelHuntOptions): Promise<HuntResult> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const now = options.now ?? (() => performance.now());
  const chunkRuns = chunkRunsFor(setup, options.chunkRuns);
  const chunksWanted = Math.ceil(options.runs / chunkRuns);
  if (workers === 1 || chunksWanted === 1) return hunt(setup, { ...options, now });

  const shardCount = Math.max(1, options.shardCount ?? 1);
  const shardIndex = options.shardIndex ?? 0;
  const chunkNumbers: number[] = [];
  for (let position = 0; position < chunksWanted; position++) chunkNumbers.push(shardIndex + position * shardCount);

  const started = now();
  const reports = new Map<number, ChunkReport>();
  let nextPosition = 0;
  let lowestFailing = Number.POSITIVE_INFINITY;
  let stoppedByTime = false;
  let totalEvents = 0;
  let totalRuns = 0;
  let foundAtMs: number | null = null;

  const pool = Array.from({ length: Math.min(workers, chunksWanted) }, () =>
    new Worker(workerEntry, {
      workerData: {
        protocol: setup.protocol.name,
        variant: setup.variant,
        config: setup.config,
        profile: setup.profile,
        seeds: options.seeds ?? [],
        protocolModule: options.protocolModule ?? null,
      } satisfies WorkerSetup,
    }),
  );

  const assignNext = (worker: Worker): boolean => {
    if (options.timeLimitMs !== undefined && now() - started >= options.timeLimitMs) {
      stoppedByTime = true;
      return false;
    }
    if (nextPosition >= chunkNumbers.length) return false;
    const position = nextPosition;
    const chunk = chunkNumbers[position] ?? 0;
    if (position > lowestFailing) return false;
    nextPosition++;
    const runs = Math.min(chunkRuns, options.runs - position * chunkRuns);
    const msLeft = options.timeLimitMs === undefined ? null : options.timeLimitMs - (now() - started);
    const assignment: ChunkAssignment = { type: 'chunk', chunk: position, seed: chunkSeed(options.seed, chunk), runs, msLeft };
    worker.postMessage(assignment);
    return true;
  };

  const finished = new Promise<void>((resolve, reject) => {
    let busy = 0;
    for (const worker of pool) {
      worker.on('error', reject);
      worker.on('message', (report: ChunkReport | ChunkFailure) => {
        if (report.type === 'failed') {
          reject(new Error(`faultline internal error in a hunt worker (chunk ${report.chunk}): ${report.message}`));
          return;
        }
        busy--;
        reports.set(report.chunk, report);
        totalEvents += report.events;
        totalRuns += report.runsInChunk;
        if (report.finding && report.chunk < lowestFailing) {
          lowestFailing = report.chunk;
          foundAtMs ??= now() - started;
        }
        options.onProgress?.({ runs: totalRuns, events: totalEvents, elapsedMs: now() - started, found: lowestFailing < Infinity });
        if (assignNext(worker)) busy++;
        if (busy === 0) resolve();
      });
      if (assignNext(worker)) busy++;
    }
    if (busy === 0) resolve();
  });
  try {
    await finished;
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }

  // Count runs as a one-worker hunt would: every chunk before the failing one, plus the failing
  // chunk up to its failure.
  let runs = 0;
  let finding: HuntFinding | null = null;
  const coverage: Record<string, number> = {};
  for (const goal of setup.protocol.sometimes ?? []) coverage[goal.name] = 0;
  for (let position = 0; position < chunkNumbers.length; position++) {
    const report = reports.get(position);
    if (!report) break;
    runs += report.runsInChunk;
    for (const [goal, count] of Object.entries(report.coverage)) coverage[goal] = (coverage[goal] ?? 0) + count;
    if (position === lowestFailing && report.finding) {
      finding = {
        violation: report.finding.violation,
        schedule: report.finding.schedule,
        seed: report.finding.seed,
        path: report.finding.path,
        eventsBeforeShrink: report.finding.eventsBeforeShrink,
        runsToFind: runs,
        msToFind: foundAtMs ?? 0,
        shrinkMs: report.finding.shrinkMs,
        shrinks: report.finding.shrinks,
      };
      break;
    }
  }
  return { setup, runs, events: totalEvents, ms: now() - started, finding, coverage, stoppedByTime: finding === null && stoppedByTime };
}
