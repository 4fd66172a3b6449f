/**
 * A hunt worker thread: receives chunk assignments, runs them with `huntChunk`, reports back. It
 * posts every failing schedule it has as soon as it has it (see `ChunkCandidate`), so the calling
 * thread can write a finding out even if it stops this worker mid-shrink. Loaded as
 * dist/hunt-worker.mjs when faultline runs compiled, through bin/hunt-worker.mjs (tsx) otherwise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { findProtocol } from '../protocols/registry.ts';
import { huntChunk, newCounters, type HuntSetup } from './hunt.ts';
import { importProtocolModule, type ChunkAssignment, type ChunkCandidate, type ChunkFailure, type ChunkReport, type WorkerSetup } from './parallel.ts';

const data = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('faultline internal error: the hunt worker was started outside a worker thread');

function describe(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}

let setup: HuntSetup | null = null;
let loadFailure: string | null = null;
try {
  const protocol = data.protocolModule ? await importProtocolModule(data.protocolModule, data.protocol) : findProtocol(data.protocol);
  if (protocol) setup = { protocol, variant: data.variant, config: data.config, profile: data.profile };
  else loadFailure = `no protocol named "${data.protocol}" in ${data.protocolModule ?? 'the registry'}`;
} catch (thrown) {
  loadFailure = `cannot load protocol module ${data.protocolModule}: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
}

port.on('message', (assignment: ChunkAssignment | { type: 'stop' }) => {
  if (assignment.type === 'stop') {
    port.close();
    return;
  }
  if (setup === null) {
    const failed: ChunkFailure = { type: 'failed', chunk: -1, message: loadFailure ?? 'the protocol did not load' };
    port.postMessage(failed);
    return;
  }
  const counters = newCounters(setup);
  const started = performance.now();
  const deadline = assignment.msLeft === null ? undefined : started + assignment.msLeft;
  let eventsBeforeShrink: number | null = null;
  let outcome: ReturnType<typeof huntChunk>;
  try {
    outcome = huntChunk(setup, assignment.seed, assignment.runs, () => performance.now(), counters, data.seeds, {
      ...(deadline !== undefined ? { deadline } : {}),
      onCandidate: ({ schedule, violation }) => {
        eventsBeforeShrink ??= schedule.events.length;
        const candidate: ChunkCandidate = { type: 'candidate', chunk: assignment.chunk, seed: assignment.seed, schedule, violation, eventsBeforeShrink };
        port.postMessage(candidate);
      },
    });
  } catch (thrown) {
    // Model exceptions are findings inside huntChunk; whatever still escapes is faultline's own bug.
    const failed: ChunkFailure = { type: 'failed', chunk: assignment.chunk, message: describe(thrown) };
    port.postMessage(failed);
    return;
  }
  const report: ChunkReport = {
    type: 'done',
    chunk: assignment.chunk,
    runsInChunk: outcome.runsInChunk,
    events: counters.events,
    coverage: counters.coverage,
    stoppedEarly: outcome.stoppedEarly,
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
  port.postMessage(report);
});
