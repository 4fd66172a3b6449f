/**
 * The key's caches by object identity (`WeakCache`) hold at most two generations of entries: an
 * entry not read for two generations is gone even while its key lives (a plain WeakMap kept it
 * until its key was collected, and with gigabytes of garbage between two full collections its
 * tables grew and slowed every lookup), an entry read in the previous generation stays, and the
 * keys computed through the caches do not depend on what they still hold.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { applyStep, coarsePartitions, coarseSteps, WeakCache, WorldKeys } from '../src/explore/index.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';

describe('WeakCache', () => {
  it('keeps an entry for two generations, one read in the previous generation for longer', () => {
    const cache = new WeakCache<object, number>(2);
    const first = {};
    const read = {};
    cache.set(first, 1);
    cache.set(read, 2);
    expect(cache.generations).toBe(0);
    const others = Array.from({ length: 4 }, () => ({}));
    cache.set(others[0] as object, 3);
    expect(cache.generations).toBe(1);
    // Previous generation: still there, and reading it moves it to the current one.
    expect(cache.get(read)).toBe(2);
    cache.set(others[1] as object, 4);
    cache.set(others[2] as object, 5);
    expect(cache.generations).toBe(2);
    // Two generations later, not read: dropped though the key is alive.
    expect(cache.get(first)).toBeUndefined();
    expect(cache.get(read)).toBe(2);
    cache.set(others[3] as object, 6);
    expect(cache.get(others[0] as object)).toBeUndefined();
    expect(cache.get(others[3] as object)).toBe(6);
  });

  it('gives every world the same key however often the caches drop their entries', () => {
    const setup = setupOrThrow(kafka, 'correct');
    const simulator = new Simulator({ protocol: setup.protocol, config: setup.config, variant: setup.variant });
    const options = { symmetry: true, hashed: true, exactNetworkOrder: false, renamingsMax: 720 };
    const lasting = new WorldKeys(setup.protocol, setup.config, options);
    const forgetful = new WorldKeys(setup.protocol, setup.config, { ...options, cacheGenerationSets: 1 });
    const alphabet = {
      nodeCount: simulator.nodeCount,
      fifo: simulator.fifo,
      weights: setup.profile.weights,
      crashModes: [false],
      partitions: coarsePartitions(simulator.nodeCount),
      operations: [setup.protocol.parseOperation('produce 0')],
      clientsMax: 1,
      operationsMax: 1,
      inFlightMax: simulator.limits.inFlightMax,
      freshClientsInterchangeable: true,
      dedupeMessages: true,
      silentTicks: true,
    };
    let world = simulator.initialWorld(0);
    let keyed = 0;
    for (let step = 0; step < 60; step++) {
      const steps = coarseSteps(world, alphabet);
      const next = steps[(step * 7) % steps.length];
      const outcome = next ? applyStep(simulator, world, next, 64, () => false) : null;
      if (!outcome) continue;
      world = outcome.world;
      // Twice each: the second reads what the first cached (or, with one entry a generation, what it dropped).
      for (let twice = 0; twice < 2; twice++) expect(forgetful.key(world)).toBe(lasting.key(world));
      keyed++;
    }
    expect(keyed).toBeGreaterThan(20);
  });
});
