/**
 * ZAB's ghost observer skips a check when what it reads is unchanged since the server was last
 * observed (the check would give its last verdict, and a property keeps its first break). These
 * runs show that it records what the observer running every check at every step records: both
 * observe the same worlds side by side, and their breaks are compared after every step and their
 * whole ghosts at the end, on generated runs of the correct model and of every bug variant. The runs
 * go on past the first break (every-step properties are checked only at the end), so the
 * observations after a break are compared too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { initGhost, observeGhost, observeGhostFully, type ZabGhost } from '../src/protocols/zab/properties.ts';

/** Both ghosts, and the breaks the run's checks read (the incremental one's). */
interface Paired {
  readonly incremental: ZabGhost;
  readonly full: ZabGhost;
  readonly breaks: ZabGhost['breaks'];
}

/** A ghost without its cache of last-observed states (the two observers hold the same ones anyway). */
function recorded(ghost: ZabGhost): Omit<ZabGhost, 'states'> {
  const { states: _states, ...rest } = ghost;
  return rest;
}

describe('zab ghost: incremental observation', () => {
  it('records the same breaks after every step, and the same history variables, as running every check at every step', () => {
    const setups = [
      ...zab.variants.map((variant) => setupOrThrow(zab, variant.name)),
      setupOrThrow(zab, 'correct', { quorumSync: true, committedLogWindowTransactions: 1, snapshotIntervalTransactions: 2 }),
      setupOrThrow(zab, 'correct', { fifoAssumption: false }),
    ];
    const mismatches: string[] = [];
    const broken = new Set<string>();
    for (const [index, setup] of setups.entries()) {
      let step = 0;
      const ghost = {
        init: (config: never, nodeCount: number): Paired => {
          step = 0;
          const initial = initGhost(config, nodeCount);
          return { incremental: initial, full: initial, breaks: initial.breaks };
        },
        observe: (paired: Paired, view: never): Paired => {
          step++;
          const incremental = observeGhost(paired.incremental, view);
          const full = observeGhostFully(paired.full, view);
          if (JSON.stringify(incremental.breaks) !== JSON.stringify(full.breaks)) {
            mismatches.push(`${setup.variant} run ${index} step ${step}: ${JSON.stringify(incremental.breaks)} vs ${JSON.stringify(full.breaks)}`);
          }
          return { incremental, full, breaks: incremental.breaks };
        },
      };
      const paired = { ...setup, protocol: { ...setup.protocol, ghost } } as unknown as typeof setup;
      const simulator = new Simulator(paired, { checkEveryStep: false, properties: [] });
      const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 25, seed: 300 + index });
      for (const schedule of schedules) {
        const end = simulator.run(schedule).world.ghost as Paired;
        expect(recorded(end.incremental)).toEqual(recorded(end.full));
        for (const property of Object.keys(end.full.breaks)) broken.add(property);
      }
    }
    expect(mismatches).toEqual([]);
    // The sample must break the properties whose checks are skipped, or it compares only quiet runs.
    expect([...broken].sort()).toEqual(expect.arrayContaining(['agreement', 'integrity', 'replica-logs-consistent']));
  });
});
