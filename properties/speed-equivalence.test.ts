/**
 * Shortcuts taken for simulation speed give the verdicts of the full computations they replace,
 * on histories of generated runs (correct models and known bugs alike).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../src/checkers/linearizability/index.ts';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { prefixReadLogModel, toAppendLog, withUnreadRecordsMerged } from '../src/protocols/kafka/properties.ts';

describe("Kafka's linearizability check with unread records merged", () => {
  it('gives the full search verdict on every history where the full search decides, and searches no more', () => {
    const budget = { maxExploredConfigurations: 200_000 };
    const verdicts = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
    let fewer = 0;
    const setups = [
      setupOrThrow(kafka, 'correct'),
      // Without idempotence a retried produce is appended twice: histories that are not linearizable.
      setupOrThrow(kafka, 'correct', { enableIdempotence: false }),
      setupOrThrow(kafka, 'acks-1'),
      setupOrThrow(kafka, 'unclean-election'),
    ];
    for (const [index, setup] of setups.entries()) {
      // The history is all this needs: no property is checked during the run.
      const simulator = new Simulator(setup, { checkEveryStep: false, properties: [] });
      const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 60, seed: 17 + index });
      for (const schedule of schedules) {
        const operations = toAppendLog(simulator.run(schedule).world.history as Parameters<typeof toAppendLog>[0]);
        const full = checkLinearizability(prefixReadLogModel, operations, budget);
        const merged = checkLinearizability(prefixReadLogModel, withUnreadRecordsMerged(operations), budget);
        verdicts[full.verdict]++;
        if (full.verdict !== 'unknown') {
          expect(merged.verdict).toBe(full.verdict);
          expect(merged.exploredConfigurations).toBeLessThanOrEqual(full.exploredConfigurations);
        }
        if (merged.exploredConfigurations < full.exploredConfigurations) fewer++;
      }
    }
    // The sample must hold both verdicts, and histories where merging saves work.
    expect(verdicts.linearizable).toBeGreaterThan(0);
    expect(verdicts['not-linearizable']).toBeGreaterThan(0);
    expect(fewer).toBeGreaterThan(0);
  });
});
