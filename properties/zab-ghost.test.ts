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
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';
import type { ZabGhost } from '../src/protocols/zab/properties.ts';
import { type PairedGhost, pairedGhostSimulator } from './zab-paired-ghost.ts';

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
      const simulator = pairedGhostSimulator(setup, (_before, incremental, full, step) => {
        if (JSON.stringify(incremental.breaks) !== JSON.stringify(full.breaks)) {
          mismatches.push(`${setup.variant} run ${index} step ${step}: ${JSON.stringify(incremental.breaks)} vs ${JSON.stringify(full.breaks)}`);
        }
      });
      const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 25, seed: 300 + index });
      for (const schedule of schedules) {
        const end = simulator.run(schedule).world.ghost as PairedGhost;
        expect(recorded(end.incremental)).toEqual(recorded(end.full));
        for (const property of Object.keys(end.full.breaks)) broken.add(property);
      }
    }
    expect(mismatches).toEqual([]);
    // The sample must break the properties whose checks are skipped, or it compares only quiet runs.
    expect([...broken].sort()).toEqual(expect.arrayContaining(['agreement', 'integrity', 'replica-logs-consistent']));
  });
});
