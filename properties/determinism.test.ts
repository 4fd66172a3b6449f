/**
 * House rule 2, for every registered protocol and every variant: the same config and schedule give
 * the same run, byte for byte (trace, violation, final world), whether the simulator is new or has
 * already run other schedules (nothing may leak from one run into the next). The golden traces
 * (golden.test.ts) hold the same bytes across processes and commits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';

/**
 * Schedules per variant: each crosses crashes, partitions and the liveness phase. A bug variant
 * changes one switch of the code its correct model runs, so the correct models get the most.
 */
const schedulesPerVariant = 6;
const schedulesForCorrect = 30;

describe('same input, same trace, byte for byte', () => {
  for (const protocol of protocols) {
    for (const [index, variant] of protocol.variants.entries()) {
      it(`${protocol.name} / ${variant.name}`, () => {
        const setup = setupOrThrow(protocol, variant.name);
        const reused = new Simulator(setup, { recordTrace: true });
        fc.assert(
          fc.property(scheduleArbitrary(setup.protocol, setup.config, setup.profile), (schedule) => {
            const fresh = JSON.stringify(new Simulator(setup, { recordTrace: true }).run(schedule));
            // The reused simulator has run the previous schedules first: a run that read anything
            // but its input (a clock, Math.random, state left by an earlier run) differs from the fresh one.
            expect(JSON.stringify(reused.run(schedule))).toBe(fresh);
          }),
          { numRuns: variant.name === 'correct' ? schedulesForCorrect : schedulesPerVariant, seed: 2026 + index },
        );
      });
    }
  }
});
