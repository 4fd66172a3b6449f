/**
 * ZAB's two ghost observers side by side, for the tests that show the incremental one
 * (`observeGhost`) keeps what the full one (`observeGhostFully`) keeps: a simulator whose ghost is
 * the pair, the run's checks reading the incremental one's breaks.
 */
import { Simulator } from '../src/core/simulator.ts';
import type { HuntSetup } from '../src/hunt/types.ts';
import { initGhost, observeGhost, observeGhostFully, type ZabGhost } from '../src/protocols/zab/properties.ts';

/** Both ghosts, and the breaks the run's checks read (the incremental one's). */
export interface PairedGhost {
  readonly incremental: ZabGhost;
  readonly full: ZabGhost;
  readonly breaks: ZabGhost['breaks'];
}

/**
 * A simulator of `setup` (a ZAB setup) that observes every step with both ghosts and tells
 * `onStep` the pair before the step, both ghosts after it, and the step's number in its run.
 * Every-step properties are checked only at the end, so runs go on past a first break.
 */
export function pairedGhostSimulator(
  setup: HuntSetup,
  onStep: (before: PairedGhost, incremental: ZabGhost, full: ZabGhost, step: number) => void,
): Simulator {
  let step = 0;
  const ghost = {
    init: (config: never, nodeCount: number): PairedGhost => {
      step = 0;
      const initial = initGhost(config, nodeCount);
      return { incremental: initial, full: initial, breaks: initial.breaks };
    },
    observe: (paired: PairedGhost, view: never): PairedGhost => {
      step++;
      const incremental = observeGhost(paired.incremental, view);
      const full = observeGhostFully(paired.full, view);
      onStep(paired, incremental, full, step);
      return { incremental, full, breaks: incremental.breaks };
    },
  };
  const paired = { ...setup, protocol: { ...setup.protocol, ghost } } as unknown as HuntSetup;
  return new Simulator(paired, { checkEveryStep: false, properties: [] });
}
