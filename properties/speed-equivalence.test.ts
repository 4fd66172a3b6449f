/**
 * Shortcuts taken for simulation speed give the verdicts of the full computations they replace,
 * on histories of generated runs (correct models and known bugs alike).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../src/checkers/linearizability/index.ts';
import { endChecksProvenAfterProbe, provenAfterProbe } from '../src/core/properties.ts';
import { type RunResult, Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol, WorldView } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { prefixReadLogModel, toAppendLog, withUnreadRecordsMerged } from '../src/protocols/kafka/properties.ts';
import { protocols } from '../src/protocols/registry.ts';

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

// biome-ignore lint/suspicious/noExplicitAny: any protocol's world
type AnyView = WorldView<any, any, any, any, any, any>;

/** Every end check as a fresh function: none registered to wait for the probe, so each runs before and after it. */
function withoutWaiting(protocol: AnyProtocol): AnyProtocol {
  return { ...protocol, properties: protocol.properties.map((property) => ({ ...property, check: (view: AnyView) => property.check(view) })) };
}

/** The waiting checks with a conclusive form that never proves: the world before the probe always decides too. */
function neverProven(protocol: AnyProtocol): AnyProtocol {
  return {
    ...protocol,
    properties: protocol.properties.map((property) => {
      if (!endChecksProvenAfterProbe.has(property.check)) return property;
      const check = (view: AnyView) => property.check(view);
      return { ...property, check: provenAfterProbe(check, (view: AnyView) => check(view) ?? undefined) };
    }),
  };
}

/**
 * Plus an end check that may wait and often fails before the probe: it fails once client 1 has
 * invoked anything, and the probe (client 0's) never makes it hold, as the promise asks. `budgeted`:
 * after the probe its conclusive form cannot tell (like a search out of budget) where it fails.
 */
function withTrap(protocol: AnyProtocol, budgeted: boolean): AnyProtocol {
  const trap = (view: { readonly history: readonly { readonly clientId: number }[] }) =>
    view.history.some((entry) => entry.clientId === 1) ? 'client 1 invoked an operation' : null;
  const conclusive = budgeted ? (view: Parameters<typeof trap>[0]) => (trap(view) === null ? null : undefined) : trap;
  const property = { name: 'trap', description: 'no operation of client 1', when: 'end' as const, category: 'safety' as const };
  return { ...protocol, properties: [...protocol.properties, { ...property, check: provenAfterProbe(trap, conclusive) }] };
}

/** What a run gives, as text: verdict, steps, trace, final world and coverage. */
function runText(result: RunResult): string {
  const { violation, trace, world, coverage, safetySteps, livenessSteps, eventsApplied } = result;
  return JSON.stringify({
    violation,
    trace,
    history: world.history,
    nodes: world.nodes,
    ghost: world.ghost,
    network: world.network,
    coverage,
    safetySteps,
    livenessSteps,
    eventsApplied,
  });
}

describe('end checks that wait for the progress probe', () => {
  it('give the verdict, trace and world of checking before and after the probe, on correct models and bugs', () => {
    const waiting = protocols.filter((protocol) => protocol.properties.some((property) => endChecksProvenAfterProbe.has(property.check)));
    expect(waiting.length).toBeGreaterThan(0);
    let probed = 0;
    let endedBeforeProbe = 0;
    for (const protocol of waiting) {
      // The tutorial protocol is quick: all its variants, with and without traps; the others' own
      // checks on a few runs of two variants (a few seconds in all).
      const small = protocol.name === 'primary-backup';
      for (const variant of protocol.variants.slice(0, small ? 4 : 2)) {
        for (const trapped of small ? ['no', 'trap', 'budgeted trap'] : ['no']) {
          const plain = setupOrThrow(protocol, variant.name);
          const setup = trapped === 'no' ? plain : { ...plain, protocol: withTrap(plain.protocol, trapped === 'budgeted trap') };
          const options = { recordTrace: true, coverage: true };
          const fast = new Simulator(setup, options);
          const full = new Simulator({ ...setup, protocol: withoutWaiting(setup.protocol) }, options);
          const unproven = new Simulator({ ...setup, protocol: neverProven(setup.protocol) }, options);
          const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: small ? 40 : 6, seed: 23 });
          for (const schedule of schedules) {
            const result = full.run(schedule);
            const expected = runText(result);
            expect(runText(fast.run(schedule))).toBe(expected);
            expect(runText(unproven.run(schedule))).toBe(expected);
            if (result.world.history.some((entry) => entry.probe !== undefined)) probed++;
            const broken = result.violation?.kind === 'property' ? result.violation.property : null;
            const check = setup.protocol.properties.find((property) => property.name === broken)?.check;
            if (check !== undefined && endChecksProvenAfterProbe.has(check)) endedBeforeProbe++;
          }
        }
      }
    }
    // Both paths were taken: runs that went through the probe, and runs a waiting check ended before it.
    expect(probed).toBeGreaterThan(0);
    expect(endedBeforeProbe).toBeGreaterThan(0);
  }, 30_000);
});
