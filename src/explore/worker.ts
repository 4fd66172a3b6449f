/**
 * An explore worker thread: runs one part of a search (`ExplorePartAssignment`) and reports its
 * levels, its progress after every slice (so that the calling thread can state the result if it
 * has to stop this worker) and its result. Loaded as dist/explore-worker.mjs when faultline runs
 * compiled, through bin/explore-worker.mjs otherwise (the same bundle when the build is fresh, else tsx).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { resolveSetup } from '../hunt/hunt.ts';
import { importProtocolModule } from '../hunt/user-module.ts';
import { findProtocol } from '../protocols/registry.ts';
import { explore } from './explore.ts';
import type { ExplorePartAssignment, ExploreWorkerMessage } from './parallel.ts';

const port = parentPort;
if (!port) throw new Error('faultline internal error: the explore worker was started outside a worker thread');

/**
 * Past this share of the old generation's limit the search stops for `memory` and reports what it
 * reached: near the limit V8 collects garbage for minutes before it ends the worker (measured:
 * with a 100 MiB heap, 50 s of mark-compacts that each freed a sixth).
 */
const heapFullFraction = 0.85;

/**
 * V8's heap limit counts the young generation too: three semi-spaces of 16 MiB by default on 64-bit
 * (`heap_size_limit` is `--max-old-space-size` plus 50.3 MB for 100, 4,096 and 8,000 MiB alike).
 */
const youngGenerationBytesMax = 3 * 16 * 1024 * 1024;

/** The share of the old generation's limit the heap holds now. */
function heapShareUsed(): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size / (heap.heap_size_limit - youngGenerationBytesMax);
}

function heapFull(): boolean {
  return heapShareUsed() > heapFullFraction;
}

/**
 * Past this share of the old generation's limit a worker is not given another search: what its
 * search kept is garbage now, but `heapFull` counts it until V8 collects it, and the next search
 * could stop for `memory` at once.
 */
const heapReusableFraction = 0.25;

function heapReusable(): boolean {
  return heapShareUsed() < heapReusableFraction;
}

function post(message: ExploreWorkerMessage): void {
  port?.postMessage(message);
}

// One part after another: a pool (`ExplorePool`) gives a worker the next search once it reported its result.
port.on('message', async (assignment: ExplorePartAssignment) => {
  try {
    const { request, rungs, deadlineEpochMs } = assignment;
    const protocol =
      request.protocolModule === undefined ? findProtocol(request.protocol) : await importProtocolModule(request.protocolModule, request.protocol);
    if (!protocol) throw new Error(`no protocol named "${request.protocol}"`);
    const setup = resolveSetup(protocol, request.variant, request.settings, {}, request.properties ? { properties: request.properties } : {});
    if ('error' in setup) throw new Error(setup.error);
    const cap = new Int32Array(assignment.control);
    const result = explore(setup, {
      ...request.options,
      ...(rungs === null ? {} : { ladderRungs: rungs }),
      ...(deadlineEpochMs === null ? {} : { timeLimitMs: Math.max(0, deadlineEpochMs - Date.now()) }),
      now: () => performance.now(),
      heapFull,
      ladderDepthCap: () => Atomics.load(cap, 0),
      onLevel: (level) => post({ type: 'level', level }),
      onWidth: (run) => post({ type: 'width', run }),
      onProgress: (sofar) => post({ type: 'progress', sofar }),
    });
    post({ type: 'done', result, reusable: heapReusable() });
  } catch (thrown) {
    post({ type: 'failed', message: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown) });
  }
});
