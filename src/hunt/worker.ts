/**
 * A hunt worker thread: receives chunk assignments, runs them with `huntChunk`, reports back. It
 * posts every failing schedule it has as soon as it has it (see `ChunkCandidate`), so the calling
 * thread can write a finding out even if it stops this worker mid-shrink. Loaded as
 * dist/hunt-worker.mjs when faultline runs compiled, through bin/hunt-worker.mjs otherwise (the same
 * bundle when the build is fresh, else tsx).
 */
import { propertiesOf } from '../core/simulator.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { findProtocol } from '../protocols/registry.ts';
import { huntChunk, newCounters, type HuntSetup } from './hunt.ts';
import type { AnyProtocol } from '../core/types.ts';
import { type ChunkAssignment, type ChunkCandidate, type ChunkFailure, type ChunkProgress, type ChunkReport, type WorkerData } from './parallel.ts';
import { importProtocolModule } from './user-module.ts';
import { modelSanityProblem } from './model-sanity.ts';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('faultline internal error: the hunt worker was started outside a worker thread');

function describe(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}

/** Protocols by name, loaded once per worker (from the registry or the protocol module). */
const loaded = new Map<string, AnyProtocol>();

async function protocolNamed(name: string): Promise<AnyProtocol> {
  const known = loaded.get(name);
  if (known) return known;
  let protocol: AnyProtocol | undefined;
  try {
    protocol = data.protocolModule ? await importProtocolModule(data.protocolModule, name) : findProtocol(name);
  } catch (thrown) {
    throw new LoadFailure(`cannot load protocol module ${data.protocolModule}: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
  if (!protocol) throw new LoadFailure(`no protocol named "${name}" in ${data.protocolModule ?? 'the registry'}`);
  loaded.set(name, protocol);
  return protocol;
}

class LoadFailure extends Error {}

/** How often a busy chunk says how far it has got (`ChunkProgress`): cheap, and an interrupt counts its runs to within this. */
const chunkProgressEveryMs = 250;

// Chunks are run one after another, in the order they arrive.
let queue: Promise<void> = Promise.resolve();

port.on('message', (assignment: ChunkAssignment | { type: 'stop' }) => {
  if (assignment.type === 'stop') {
    port.close();
    return;
  }
  queue = queue.then(() => runChunk(assignment));
});

async function runChunk(assignment: ChunkAssignment): Promise<void> {
  let setup: HuntSetup;
  try {
    const protocol = await protocolNamed(assignment.setup.protocol);
    const { variant, config, profile, settingSwarm } = assignment.setup;
    setup = { protocol, variant, config, profile, ...(settingSwarm ? { settingSwarm } : {}), ...propertiesOf(assignment.setup) };
  } catch (thrown) {
    const failed: ChunkFailure = { type: 'failed', chunk: -1, message: thrown instanceof LoadFailure ? thrown.message : describe(thrown) };
    port?.postMessage(failed);
    return;
  }
  // Loaded: from here on the watchdog counts silence as a run that does not end.
  Atomics.add(assignment.heartbeat, 0, 1);
  // The model's own discipline first (a protocol module's: inputs frozen, each run twice). A run
  // that hangs here is seen by the watchdog; [1] of the heartbeat, negative, says which.
  if (assignment.sanity) {
    const problem = modelSanityProblem(setup, {
      onRun: (index) => {
        Atomics.add(assignment.heartbeat, 0, 1);
        Atomics.store(assignment.heartbeat, 1, -(index + 1));
      },
    });
    Atomics.store(assignment.heartbeat, 1, 0);
    if (problem !== null) {
      const failed: ChunkFailure = { type: 'failed', chunk: assignment.chunk, message: problem, model: true };
      port?.postMessage(failed);
      return;
    }
  }
  const counters = newCounters(setup);
  const started = performance.now();
  // Since it was assigned: this worker's start-up and protocol loading, and the message's wait.
  const waitedMs = Math.max(0, performance.timeOrigin + started - assignment.assignedAtEpochMs);
  const deadline = assignment.msLeft === null ? undefined : started + assignment.msLeft - waitedMs;
  let eventsBeforeShrink: number | null = null;
  let runsInChunkAtFind: number | null = null;
  // The hunt lowers `lowestFailing` as soon as a chunk has a finding (shared memory: read here
  // while this thread is busy, which a message could not be); a chunk above it no longer matters.
  let unneeded = false;
  let progressAt = started;
  // Read between runs and in shrinking, so also where the chunk says how far it has got.
  const stop = (): boolean => {
    // The heartbeat the calling thread's watchdog reads: a run that never ends stops it beating.
    Atomics.add(assignment.heartbeat, 0, 1);
    Atomics.store(assignment.heartbeat, 1, counters.runs);
    unneeded ||= assignment.chunk > Atomics.load(assignment.lowestFailing, 0);
    const at = performance.now();
    if (!unneeded && at - progressAt >= chunkProgressEveryMs) {
      progressAt = at;
      const progress: ChunkProgress = {
        type: 'progress',
        chunk: assignment.chunk,
        runsInChunk: counters.runs,
        events: counters.events,
        coverage: { ...counters.coverage },
      };
      port?.postMessage(progress);
    }
    return unneeded;
  };
  // The clock beats too: shrinking's passes that read it between runs (an exhaustive search under
  // a deadline) are not mistaken for a run that never ends.
  const beatingNow = (): number => {
    Atomics.add(assignment.heartbeat, 0, 1);
    return performance.now();
  };
  let outcome: ReturnType<typeof huntChunk>;
  try {
    outcome = huntChunk(setup, assignment.seed, assignment.runs, beatingNow, counters, assignment.setup.seeds, {
      ...(deadline !== undefined ? { deadline } : {}),
      strategy: assignment.strategy,
      batchSeeds: assignment.batchSeeds,
      ...(assignment.findOnly ? { findOnly: true } : {}),
      stop,
      onCandidate: ({ schedule, violation }) => {
        eventsBeforeShrink ??= schedule.events.length;
        runsInChunkAtFind ??= counters.runs;
        const candidate: ChunkCandidate = {
          type: 'candidate',
          chunk: assignment.chunk,
          seed: assignment.seed,
          schedule,
          violation,
          eventsBeforeShrink,
          runsInChunk: runsInChunkAtFind,
          events: counters.events,
          coverage: counters.coverage,
        };
        port?.postMessage(candidate);
      },
    });
  } catch (thrown) {
    // Model exceptions are findings inside huntChunk; whatever still escapes is faultline's own bug.
    const failed: ChunkFailure = { type: 'failed', chunk: assignment.chunk, message: describe(thrown) };
    port?.postMessage(failed);
    return;
  }
  const report: ChunkReport = {
    type: 'done',
    chunk: assignment.chunk,
    runsInChunk: outcome.runsInChunk,
    events: counters.events,
    coverage: counters.coverage,
    stoppedEarly: outcome.stoppedEarly,
    unneeded,
    finding:
      'violation' in outcome
        ? {
            violation: outcome.violation,
            schedule: outcome.schedule,
            seed: outcome.seed,
            path: outcome.path,
            eventsBeforeShrink: outcome.eventsBeforeShrink,
            shrinkMs: outcome.shrinkMs,
            shrinks: outcome.shrinks,
            msIntoChunk: outcome.foundAtMs - started,
          }
        : null,
  };
  port?.postMessage(report);
}
