/**
 * A hunt worker thread: receives chunk assignments, runs them with `huntChunk`, reports back.
 * Loaded through bin/hunt-worker.mjs (which registers tsx so TypeScript loads without a build).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { findProtocol, loadProtocolModule } from '../protocols/registry.ts';
import { huntChunk, newCounters, type HuntSetup } from './hunt.ts';
import type { ChunkAssignment, ChunkFailure, ChunkReport, WorkerSetup } from './parallel.ts';

const data = workerData as WorkerSetup;
const protocol = data.protocolModule ? await loadProtocolModule(data.protocolModule, data.protocol) : findProtocol(data.protocol);
if (!protocol || !parentPort) throw new Error(`faultline internal error: worker cannot find protocol ${data.protocol}`);
const setup: HuntSetup = { protocol, variant: data.variant, config: data.config, profile: data.profile };
const port = parentPort;

port.on('message', (assignment: ChunkAssignment | { type: 'stop' }) => {
  if (assignment.type === 'stop') {
    port.close();
    return;
  }
  const counters = newCounters(setup);
  const started = performance.now();
  const deadline = assignment.msLeft === null ? undefined : started + assignment.msLeft;
  let outcome: ReturnType<typeof huntChunk>;
  try {
    outcome = huntChunk(setup, assignment.seed, assignment.runs, () => performance.now(), counters, data.seeds, deadline);
  } catch (thrown) {
    // Model exceptions are findings inside huntChunk; whatever still escapes is faultline's own bug.
    const failed: ChunkFailure = { type: 'failed', chunk: assignment.chunk, message: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown) };
    port.postMessage(failed);
    return;
  }
  const report: ChunkReport = {
    type: 'done',
    chunk: assignment.chunk,
    runsInChunk: outcome.runsInChunk,
    events: counters.events,
    coverage: counters.coverage,
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
