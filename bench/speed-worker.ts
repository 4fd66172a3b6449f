/**
 * One speed-bench target in a worker thread of its own (`bench/index.ts` bundles this file with
 * esbuild as `npm run build` bundles the CLI, and starts one worker per target). A worker is a V8
 * isolate of its own (its own heap and JIT feedback), as in a `faultline hunt` of that protocol:
 * measured in one isolate with other targets, a protocol's figure depended on what else ran there
 * (Raft's was about 30 % lower in a process holding two copies of every target; docs/benchmarks.md,
 * 2026-12-01 evening). The main thread asks for one pass at a time, so the workers never run at once and the
 * process's CPU time is the pass's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { protocols } from '../src/protocols/registry.ts';

/** What the main thread starts a worker with. */
export interface SpeedWorkerData {
  readonly protocol: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly schedules: number;
  readonly seed: number;
}

/** One pass over the target's schedules: simulator events and the process's CPU time (user + system). */
export interface SpeedPass {
  readonly events: number;
  readonly cpuMs: number;
}

const data = workerData as SpeedWorkerData;
const protocol = protocols.find((known) => known.name === data.protocol);
if (!protocol) throw new Error(`unknown protocol ${data.protocol}`);
const setup = resolveSetup(protocol, 'correct', data.settings, {}, { settingSwarm: false });
if ('error' in setup) throw new Error(setup.error);
const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: data.schedules, seed: data.seed });
const simulators = { all: new Simulator(setup, { checkEveryStep: true }), endOnly: new Simulator(setup, { checkEveryStep: false }) };

/**
 * Wall time a pass waits before it reads the CPU clock: V8's background threads (concurrent
 * marking and sweeping) serve every isolate of the process, so what this pass's garbage still costs
 * them is counted here rather than in the next target's pass.
 */
const settleMs = 50;

parentPort?.on('message', async (mode: keyof typeof simulators) => {
  const simulator = simulators[mode];
  let events = 0;
  const before = process.cpuUsage();
  for (const schedule of schedules) {
    const result = simulator.run(schedule);
    events += result.safetySteps + result.livenessSteps;
  }
  await new Promise((settled) => setTimeout(settled, settleMs));
  const used = process.cpuUsage(before);
  parentPort?.postMessage({ events, cpuMs: (used.user + used.system) / 1000 } satisfies SpeedPass);
});
parentPort?.postMessage('ready');
