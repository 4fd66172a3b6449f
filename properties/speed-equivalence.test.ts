/**
 * Shortcuts taken for simulation speed give the verdicts of the full computations they replace,
 * on histories of generated runs (correct models and known bugs alike).
 */
import fc from 'fast-check';
import isEqual from 'lodash/isEqual.js';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../src/checkers/linearizability/index.ts';
import { endChecksProvenAfterProbe, provenAfterProbe } from '../src/core/properties.ts';
import { type RunResult, Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol, NodeSlot, WorldView } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { sameImage } from '../src/protocols/kafka/control-plane-properties.ts';
import type { MetadataImage } from '../src/protocols/kafka/metadata.ts';
import {
  brokerOf,
  type KafkaState,
  kraftControllerOf,
  prefixReadLogModel,
  toAppendLog,
  withUnreadRecordsMerged,
} from '../src/protocols/kafka/properties.ts';
import { protocols } from '../src/protocols/registry.ts';
import { zab } from '../src/protocols/zab/index.ts';
import type { ZabGhost } from '../src/protocols/zab/properties.ts';
import { applyReference, initialReference, referenceDifference } from '../src/protocols/zab/reference.ts';
import type { DataTree, ZabConfig } from '../src/protocols/zab/types.ts';

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

// ---------------------------------------------------------------------------------------------
// Raft's leader checks (waiting-requests-answered, flow-control-consistent) skip a leader whose
// role and durable state are those they last ran on.

/** Raft's ghost told it has checked no leader yet before every step: every leader is rechecked after every step. */
function recheckingEveryLeader(protocol: AnyProtocol): AnyProtocol {
  type Ghost = { readonly waits?: readonly (object | undefined)[] };
  return {
    ...protocol,
    ghost: {
      init: protocol.ghost.init,
      observe: (ghost: unknown, view: AnyView) => {
        const waits = (ghost as Ghost).waits;
        const forgotten = waits?.map((seen) => (seen === undefined ? seen : { ...seen, role: undefined, durable: undefined }));
        return protocol.ghost.observe(forgotten === undefined ? ghost : { ...(ghost as object), waits: forgotten }, view);
      },
    },
  };
}

/** A Raft whose nodes' steps pass through `change` (a bug made for the test: the properties must catch it). */
function raftChanged(
  protocol: AnyProtocol,
  change: (result: ReturnType<AnyProtocol['step']>, input: Parameters<AnyProtocol['step']>[2]) => ReturnType<AnyProtocol['step']>,
): AnyProtocol {
  return { ...protocol, step: (context, state, input) => change(protocol.step(context, state, input), input) };
}

describe("Raft's leader checks", () => {
  it('give the verdicts, traces and breaks of rechecking every leader after every step, where they break and where not', () => {
    const raft = protocols.find((protocol) => protocol.name === 'raft');
    if (!raft) throw new Error('no raft protocol');
    // A leader's ok answers to every third operation go missing: it stops waiting for clients it never answered.
    const dropsAnswers = raftChanged(raft, (result) => {
      const actions = result.actions.filter((action) => !(action.kind === 'reply' && action.reply.outcome === 'ok' && action.operationId % 3 === 0));
      return actions.length === result.actions.length ? result : { state: result.state, actions };
    });
    // A leader that hears from node 1 moves node 1's nextIndex one too far.
    const skipsAhead = raftChanged(raft, (result, input) => {
      const state = result.state as { volatile: { role: { kind: string; nextIndex: readonly number[] } } };
      const role = state.volatile.role;
      if (role.kind !== 'leader' || input.kind !== 'receive' || input.from !== 1) return result;
      const nextIndex = role.nextIndex.with(1, (role.nextIndex[1] ?? 1) + 1);
      return { ...result, state: { ...state, volatile: { ...state.volatile, role: { ...role, nextIndex } } } };
    });
    const broken = new Map<string, number>();
    const cases = [
      { protocol: raft, variant: 'correct', settings: {} },
      { protocol: raft, variant: 'correct', settings: { readMode: 'read-index' } },
      { protocol: raft, variant: 'stale-leader-read', settings: { readMode: 'read-index' } },
      { protocol: dropsAnswers, variant: 'correct', settings: { readMode: 'read-index' } },
      { protocol: dropsAnswers, variant: 'correct', settings: {} },
      { protocol: skipsAhead, variant: 'correct', settings: {} },
    ];
    for (const [index, { protocol, variant, settings }] of cases.entries()) {
      const plain = setupOrThrow(raft, variant, settings);
      const setup = { ...plain, protocol };
      const options = { recordTrace: true };
      const fast = new Simulator(setup, options);
      const full = new Simulator({ ...setup, protocol: recheckingEveryLeader(protocol) }, options);
      const schedules = fc.sample(scheduleArbitrary(raft, plain.config, plain.profile), { numRuns: 12, seed: 31 + index });
      for (const schedule of schedules) {
        const text = (result: RunResult) =>
          JSON.stringify({
            violation: result.violation,
            trace: result.trace,
            history: result.world.history,
            nodes: result.world.nodes,
            breaks: (result.world.ghost as { readonly breaks: unknown }).breaks,
          });
        const expected = full.run(schedule);
        expect(text(fast.run(schedule))).toBe(text(expected));
        const property = expected.violation?.property;
        if (property !== undefined) broken.set(property, (broken.get(property) ?? 0) + 1);
      }
    }
    // Both checks broke somewhere (flow-control-consistent where Raft has it).
    expect(broken.get('waiting-requests-answered') ?? 0).toBeGreaterThan(0);
    if (raft.properties.some((property) => property.name === 'flow-control-consistent'))
      expect(broken.get('flow-control-consistent') ?? 0).toBeGreaterThan(0);
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------
// `metadata-applied-in-order` compares a broker's image with the log's by `sameImage`, not lodash.

describe("KRaft's metadata image comparison", () => {
  it("agrees with lodash isEqual on the images of generated runs' brokers and controllers, equal and not", () => {
    const outcomes = { equal: 0, different: 0 };
    const cases = [
      { variant: 'correct', settings: { controlPlane: 'kraft' } },
      { variant: 'correct', settings: { controlPlane: 'kraft', combinedMode: true, partitionCount: 2 } },
      { variant: 'kraft-uncommitted-metadata', settings: {} },
      { variant: 'kraft-reregister-keeps-leadership', settings: {} },
    ];
    for (const [index, { variant, settings }] of cases.entries()) {
      const setup = setupOrThrow(kafka, variant, settings);
      const observe = setup.protocol.ghost.observe;
      const comparing = {
        ...setup.protocol,
        ghost: {
          init: setup.protocol.ghost.init,
          observe: (ghost: unknown, view: AnyView) => {
            // Every broker's image against every controller's applied image and every other broker's.
            const images: MetadataImage[] = [];
            for (const slot of view.nodes as readonly NodeSlot<KafkaState>[]) {
              const image = brokerOf(slot)?.volatile.metadata?.image ?? kraftControllerOf(slot)?.volatile.raft.machine;
              if (image !== undefined) images.push(image);
            }
            for (const left of images) {
              for (const right of images) {
                if (left === right) continue;
                const expected = isEqual(left, right);
                expect(sameImage(left, right)).toBe(expected);
                outcomes[expected ? 'equal' : 'different']++;
              }
            }
            return observe(ghost, view);
          },
        },
      };
      const simulator = new Simulator({ ...setup, protocol: comparing }, { checkEveryStep: false, properties: [] });
      for (const schedule of fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 3, seed: 41 + index })) {
        expect(simulator.run(schedule).violation?.kind).not.toBe('exception');
      }
    }
    // Both outcomes, many times (82,604 equal pairs and 8,956 different ones when written).
    expect(outcomes.equal).toBeGreaterThan(1000);
    expect(outcomes.different).toBeGreaterThan(1000);
  }, 60_000);
});

describe("ZAB's reference comparison after an untouched transaction", () => {
  it('skips only comparisons that would give the verdict of the one before, on the delivered sequences of every variant', () => {
    let skipped = 0;
    const variants = zab.variants.map((variant) => variant.name);
    for (const [index, variant] of variants.entries()) {
      const setup = setupOrThrow(zab, variant);
      const simulator = new Simulator(setup, { checkEveryStep: false, properties: [] });
      for (const schedule of fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 12, seed: 900 + index })) {
        const { delivered, trees } = simulator.run(schedule).world.ghost as ZabGhost;
        let state = initialReference((setup.config as ZabConfig).clientCount);
        for (const [at, txn] of delivered.entries()) {
          const step = applyReference(state, txn);
          const before = trees[at - 1];
          const tree = trees[at] as DataTree;
          // The ghost's shortcut (referenceStepMismatch): nothing changed on either side, so no comparison.
          if (
            !step.touched &&
            before !== undefined &&
            tree.nodes === before.nodes &&
            tree.sessions === before.sessions &&
            tree.controllerEpochs === before.controllerEpochs
          ) {
            skipped++;
            expect(referenceDifference(step.state, tree)).toBe(referenceDifference(state, before));
          }
          // touched says what it promises: a step that changed none of the compared parts is untouched.
          expect(step.touched).toBe(
            step.state.znodes !== state.znodes || step.state.sessions !== state.sessions || step.state.controllerEpochs !== state.controllerEpochs,
          );
          state = step.state;
        }
      }
    }
    // Refused writes are common in generated workloads: the shortcut must have been taken.
    expect(skipped).toBeGreaterThan(20);
  });
});
