/**
 * The reductions of `faultline explore` lose nothing: two steps that partial-order reduction
 * calls independent reach the same world key in either order (checked on the pure models, on
 * random walks), and the search with every reduction finds the same shortest counterexample length
 * as the search without them.
 */
import { describe, expect, it } from 'vitest';
import { seededDraw } from '../src/core/random.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import {
  applyStep,
  canonicalText,
  coarseSteps,
  coarsePartitions,
  explore,
  independent,
  operationAlphabet,
  WorldKeys,
  type EventAlphabet,
  type ExploreStep,
} from '../src/explore/index.ts';
import type { HuntSetup } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { zab } from '../src/protocols/zab/index.ts';

function alphabetOf(setup: HuntSetup, simulator: Simulator): EventAlphabet {
  return {
    nodeCount: simulator.nodeCount,
    fifo: simulator.fifo,
    weights: setup.profile.weights,
    crashModes: [false, true],
    partitions: coarsePartitions(simulator.nodeCount),
    operations: operationAlphabet(setup.protocol, setup.config, [0]),
    clientsMax: 2,
    operationsMax: 2,
    inFlightMax: simulator.limits.inFlightMax,
    freshClientsInterchangeable: true,
    dedupeMessages: true,
    silentTicks: true,
  };
}

describe('explore: reductions', () => {
  it('steps called independent commute: either order reaches the same world key (Kafka, ZAB, primary-backup; random walks)', () => {
    for (const setup of [setupOrThrow(kafka, 'correct'), setupOrThrow(zab, 'correct'), setupOrThrow(primaryBackup, 'correct')]) {
      const simulator = new Simulator(setup);
      const alphabet = alphabetOf(setup, simulator);
      const keys = new WorldKeys(setup.protocol, setup.config, { symmetry: false, hashed: false, exactNetworkOrder: false, renamingsMax: 1 });
      const apply = (world: World, step: ExploreStep) => applyStep(simulator, world, step, 16, () => false);
      const draw = seededDraw(777);
      let independentPairs = 0;
      let dependentPairs = 0;
      for (let walk = 0; walk < 6; walk++) {
        let world = simulator.initialWorld(0);
        for (let depth = 0; depth < 8; depth++) {
          const steps = coarseSteps(world, alphabet);
          // Every ordered pair of local steps (deliveries, timeouts, ticks) of this world.
          const local = steps.filter((step) => step.kind !== 'event');
          for (const first of local) {
            const afterFirst = apply(world, first);
            if (!afterFirst) continue;
            for (const second of local) {
              if (second === first) continue;
              const afterBoth = apply(afterFirst.world, second);
              if (!afterBoth) continue;
              // Sleep sets judge two steps by their footprints where both were first taken, from the same world.
              const secondHere = apply(world, second);
              const judged = secondHere && independent(afterFirst.footprint, secondHere.footprint);
              if (!independent(afterFirst.footprint, afterBoth.footprint) && !judged) {
                dependentPairs++;
                continue;
              }
              independentPairs++;
              const swappedFirst = apply(world, second);
              const swappedBoth = swappedFirst && apply(swappedFirst.world, first);
              const label = `${setup.protocol.name}: ${JSON.stringify(first)} and ${JSON.stringify(second)} at depth ${depth} of walk ${walk}`;
              expect(swappedBoth, label).not.toBeNull();
              if (swappedBoth) expect(keys.key(swappedBoth.world) === keys.key(afterBoth.world), label).toBe(true);
            }
          }
          const step = steps[draw(steps.length)];
          const outcome = step && apply(world, step);
          if (outcome) world = outcome.world;
        }
      }
      // Both kinds occur, so the check above is not vacuous.
      expect(independentPairs, setup.protocol.name).toBeGreaterThan(20);
      expect(dependentPairs, setup.protocol.name).toBeGreaterThan(0);
    }
  });

  it("a ghost's reference to the world's own history is keyed as that reference: worlds apart only in step numbers share a key, a verdict and successors (Kafka, random walks)", () => {
    // The twin takes a partition and its heal first (nothing in flight: the same world two steps
    // later), so every step number after is two higher, in the history's *AtStep fields too, which
    // the key leaves out and Kafka's ghost holds (the history it last looked at).
    const setup = setupOrThrow(kafka, 'correct');
    const simulator = new Simulator(setup);
    const alphabet = { ...alphabetOf(setup, simulator), operations: [setup.protocol.parseOperation('produce 0')], operationsMax: 1 };
    const keys = new WorldKeys(setup.protocol, setup.config, { symmetry: false, hashed: true, exactNetworkOrder: false, renamingsMax: 1 });
    const apply = (world: World, step: ExploreStep) => applyStep(simulator, world, step, 16, () => false);
    const verdict = (world: World) => simulator.finishRun(world, world.step).violation?.property ?? null;
    const draw = seededDraw(4242);
    let mergedByReference = 0;
    for (let walk = 0; walk < 8; walk++) {
      let world = simulator.initialWorld(0);
      let twin = simulator.applyEvent(simulator.applyEvent(world, { kind: 'partition', groups: [0, 1] }), { kind: 'heal' });
      for (let depth = 0; depth < 6; depth++) {
        const steps = coarseSteps(world, alphabet);
        const step = steps[draw(steps.length)];
        const outcome = step && apply(world, step);
        const twinOutcome = step && apply(twin, step);
        if (!outcome || !twinOutcome) continue;
        world = outcome.world;
        twin = twinOutcome.world;
        const label = `walk ${walk}, depth ${depth}`;
        expect(twin.step, label).toBe(world.step + 2);
        expect(keys.key(twin), label).toBe(keys.key(world));
        if (canonicalText(twin.ghost) !== canonicalText(world.ghost)) mergedByReference++;
      }
      expect(verdict(twin), `walk ${walk}`).toBe(verdict(world));
      for (const step of coarseSteps(world, alphabet)) {
        const after = apply(world, step);
        const twinAfter = apply(twin, step);
        expect(twinAfter === null, JSON.stringify(step)).toBe(after === null);
        if (after && twinAfter) expect(keys.key(twinAfter.world), JSON.stringify(step)).toBe(keys.key(after.world));
      }
    }
    // The twins' ghosts differ by value (their histories' step numbers): the key merged them.
    expect(mergedByReference).toBeGreaterThan(5);
  });

  it('with and without partial-order reduction (sleep sets) and symmetry, explore finds each counterexample at the same shortest depth', () => {
    const cases: [HuntSetup, number, string | null][] = [
      // Symmetric backups: every reduction applies.
      [setupOrThrow(primaryBackup, 'ack-before-replicate'), 3, null],
      [setupOrThrow(kafka, 'acks-1'), 2, 'produce 0'],
      [setupOrThrow(zab, 'elect-by-applied-zxid'), 2, 'create /a 0'],
      // Two elections' timeouts and a write; the liveness phase tells the rest (the shrunk hunt story is 7 events).
      [setupOrThrow(zab, 'diff-without-trunc'), 3, 'create /a 0'],
    ];
    for (const [setup, shortest, operation] of cases) {
      const label = `${setup.protocol.name}/${setup.variant}`;
      const base = {
        depth: shortest,
        steps: 'coarse',
        operationsMax: 1,
        statesMax: 100_000,
        parameterValues: [0],
        ...(operation === null ? {} : { operations: [setup.protocol.parseOperation(operation)] }),
      } as const;
      const reduced = explore(setup, base);
      const plain = explore(setup, { ...base, partialOrderReduction: false, symmetry: false });
      for (const result of [reduced, plain]) {
        expect(result, label).toMatchObject({ found: true, complete: true, depthReached: shortest });
        expect(result.counterexampleSteps, label).toHaveLength(shortest);
        if (result.counterexample)
          expect(new Simulator(setup).run(result.counterexample).violation?.property, label).toBe(result.violation?.property);
      }
      expect(reduced.distinctStates, label).toBeLessThanOrEqual(plain.distinctStates);
      // Nothing shorter, with or without the reductions.
      expect(explore(setup, { ...base, depth: shortest - 1 }), label).toMatchObject({ found: false, complete: true });
      expect(explore(setup, { ...base, depth: shortest - 1, partialOrderReduction: false, symmetry: false }), label).toMatchObject({
        found: false,
        complete: true,
      });
    }
  });

  it("a history entry's attempts are in the key: a retried request is not its first attempt (unless the minimizer merges them)", () => {
    // A failure answering a retry is recorded as unknown (an earlier attempt may have taken effect),
    // and ZAB's properties judge first attempts only: worlds apart only in attempts have other futures.
    const setup = setupOrThrow(zab, 'correct');
    const simulator = new Simulator(setup);
    const create = setup.protocol.parseOperation('create /a 0');
    const world = simulator.applyEvent(simulator.initialWorld(0), { kind: 'client', node: 0, client: 0, operation: create });
    expect(world.history.map((entry) => entry.attempts)).toEqual([1]);
    const retried: World = { ...world, history: world.history.map((entry) => ({ ...entry, attempts: 2 })) };
    const options = { symmetry: false, hashed: false, exactNetworkOrder: false, renamingsMax: 1 };
    const sound = new WorldKeys(setup.protocol, setup.config, options);
    expect(sound.key(retried)).not.toBe(sound.key(world));
    const merging = new WorldKeys(setup.protocol, setup.config, { ...options, attempts: false });
    expect(merging.key(retried)).toBe(merging.key(world));
  });

  it("ZAB's history completion steps are in the key: sync-read-fresh orders a read's answer against the epochs the ghost records, by step", () => {
    // A write completed before a sync began, and the syncRead missed it: a violation, unless a later
    // epoch began (epoch 2, at step 7) before the syncRead was answered (its deposed leader may
    // answer stale). The two worlds differ only in when the answer came: at step 5 or at step 9.
    const setup = setupOrThrow(zab, 'correct');
    const simulator = new Simulator(setup);
    const start = simulator.initialWorld(0);
    const served = { servedBy: 0, boots: 0 };
    const entry = { node: 0, attempts: 1, invokedAtStep: 1 };
    const write = {
      ...entry,
      operationId: 0,
      clientId: 0,
      operation: { type: 'create', path: '/a', data: '0' },
      invokedAt: 0,
      completedAt: 1,
      completedAtStep: 2,
      reply: { outcome: 'ok', output: { type: 'create', ok: true, path: '/a', zxid: { epoch: 1, counter: 1 }, ...served } },
    };
    const read = (completedAtStep: number) => ({
      ...entry,
      operationId: 1,
      clientId: 1,
      operation: { type: 'syncRead', path: '/a' },
      invokedAt: 2,
      completedAt: 3,
      completedAtStep,
      reply: { outcome: 'ok', output: { type: 'syncRead', data: null, version: null, leaderEpoch: 1, zxid: { epoch: 0, counter: 0 }, ...served } },
    });
    const ghost = { ...(start.ghost as object), epochs: [{ epoch: 2, leader: 1, history: [], step: 7 }] };
    const answeredAt = (completedAtStep: number): World => ({ ...start, ghost, history: [write, read(completedAtStep)] as World['history'] });
    const syncReadFresh = zab.properties.find((property) => property.name === 'sync-read-fresh');
    const verdict = (world: World) => syncReadFresh?.check({ ...world, config: setup.config, variant: 'correct' } as never);
    expect(verdict(answeredAt(5))).toMatch(/missing write #0/);
    expect(verdict(answeredAt(9))).toBeNull();
    const keys = new WorldKeys(setup.protocol, setup.config, { symmetry: false, hashed: false, exactNetworkOrder: false, renamingsMax: 1 });
    expect(keys.key(answeredAt(5))).not.toBe(keys.key(answeredAt(9)));
    // Without the protocol's word, the key leaves step numbers out and would merge the two.
    const blind = new WorldKeys({ ...setup.protocol, historyStepsCompared: () => false }, setup.config, {
      symmetry: false,
      hashed: false,
      exactNetworkOrder: false,
      renamingsMax: 1,
    });
    expect(blind.key(answeredAt(5))).toBe(blind.key(answeredAt(9)));
    // A history without such an operation (the write alone) keeps its step numbers out of the key.
    const writeOnly = (completedAtStep: number): World => ({ ...start, ghost, history: [{ ...write, completedAtStep }] as World['history'] });
    expect(keys.key(writeOnly(2))).toBe(keys.key(writeOnly(4)));
  });
});
