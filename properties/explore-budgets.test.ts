/**
 * Fault budgets per kind (crashes, partitions, message faults), as TLA+ specifications bound them
 * with constants: they bound what they say, they agree with the total budget where the two mean
 * the same, and a budget of one crash reaches exactly what a plain search of paths with one crash reaches.
 */
import { describe, expect, it } from 'vitest';
import { Simulator, type World } from '../src/core/simulator.ts';
import {
  applyStep,
  coarsePartitions,
  coarseSteps,
  explore,
  WorldKeys,
  type EventAlphabet,
  type ExploreOptions,
  type ExploreStep,
} from '../src/explore/index.ts';
import type { HuntSetup } from '../src/hunt/types.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';

const coarse = { steps: 'coarse', statesMax: 200_000, parameterValues: [0] } as const;

function faultKinds(steps: ReturnType<typeof explore>['counterexampleSteps']): string[] {
  const kinds: string[] = [];
  for (const step of steps ?? []) {
    if (step.kind === 'drop-link' || step.kind === 'duplicate-link') kinds.push('message');
    if (step.kind === 'event' && (step.event.kind === 'crash' || step.event.kind === 'partition')) kinds.push(step.event.kind);
  }
  return kinds;
}

describe('explore with fault budgets per kind', () => {
  const setup = setupOrThrow(zab, 'elect-by-applied-zxid');
  const write = { operations: [setup.protocol.parseOperation('create /a 0')], operationsMax: 1 };
  const perDepth = (options: Partial<ExploreOptions>) =>
    explore(setup, { ...coarse, depth: 3, ...write, endChecks: false, ...options }).levels.map((level) => level.distinctStates);

  it('elect-by-applied-zxid in two steps needs a partition: found with one partition and no crash, not with crashes only', () => {
    const partitionOnly = explore(setup, { ...coarse, depth: 2, ...write, crashesMax: 0, partitionsMax: 1, messageFaultsMax: 0 });
    expect(partitionOnly).toMatchObject({ found: true, complete: true, depthReached: 2 });
    expect(faultKinds(partitionOnly.counterexampleSteps)).toEqual(['partition']);
    const crashesOnly = explore(setup, { ...coarse, depth: 2, ...write, crashesMax: 2, partitionsMax: 0, messageFaultsMax: 0 });
    expect(crashesOnly).toMatchObject({ found: false, complete: true });
    expect(crashesOnly.distinctStates).toBeLessThan(explore(setup, { ...coarse, depth: 2, ...write, faultsMax: 2 }).distinctStates);
  });

  it('every kind at zero is the total budget at zero, and budgets of one each under a total of one are that total, world for world', () => {
    expect(perDepth({ crashesMax: 0, partitionsMax: 0, messageFaultsMax: 0 })).toEqual(perDepth({ faultsMax: 0 }));
    expect(perDepth({ crashesMax: 1, partitionsMax: 1, messageFaultsMax: 1, faultsMax: 1 })).toEqual(perDepth({ faultsMax: 1 }));
    // Budgets too large to bind reach what no budget reaches.
    expect(perDepth({ crashesMax: 3, partitionsMax: 3, messageFaultsMax: 3 })).toEqual(perDepth({}));
  });

  it('with at most one crash, it reaches exactly the worlds some path of at most one crash reaches (a plain search over world and crash count)', () => {
    const correct = setupOrThrow(zab, 'correct');
    const operations = [correct.protocol.parseOperation('create /a 0')];
    const depth = 3;
    const explored = explore(correct, { ...coarse, depth, operations, operationsMax: 1, endChecks: false, crashesMax: 1 });
    expect(explored).toMatchObject({ found: false, complete: true });
    const reached = worldsWithinCrashes(correct, operations, depth, 1);
    expect(explored.distinctStates).toBe(reached);
    // The crash budget binds: one crash reaches worlds no crash-free path does.
    expect(reached).toBeGreaterThan(worldsWithinCrashes(correct, operations, depth, 0));
  });

  it('a kind bounded at one reaches more than at zero and no more than unbounded, depth by depth (cumulatively)', () => {
    // The worlds within d steps with at most one crash include those with none, and are among those with any.
    const cumulative = (levels: number[]) => levels.map((_, depth) => levels.slice(0, depth + 1).reduce((sum, count) => sum + count, 0));
    const none = cumulative(perDepth({ crashesMax: 0 }));
    const one = cumulative(perDepth({ crashesMax: 1 }));
    const any = cumulative(perDepth({}));
    for (const [depth, count] of one.entries()) {
      expect(count).toBeGreaterThanOrEqual(none[depth] ?? 0);
      expect(count).toBeLessThanOrEqual(any[depth] ?? 0);
    }
    expect(one[one.length - 1]).toBeGreaterThan(none[none.length - 1] ?? 0);
    expect(one[one.length - 1]).toBeLessThan(any[any.length - 1] ?? 0);
  });
});

/**
 * Distinct worlds (by explore's key) within `depth` coarse steps of paths with at most `crashesMax`
 * crashes: a plain breadth-first search over (world, crashes so far), with no reduction at all.
 */
function worldsWithinCrashes(setup: HuntSetup, operations: unknown[], depth: number, crashesMax: number): number {
  const simulator = new Simulator(setup);
  const crashModes: boolean[] = [];
  if (setup.profile.powerLossFraction < 1) crashModes.push(false);
  if (setup.profile.powerLossFraction > 0) crashModes.push(true);
  const alphabet: EventAlphabet = {
    nodeCount: simulator.nodeCount,
    fifo: simulator.fifo,
    weights: setup.profile.weights,
    crashModes,
    partitions: coarsePartitions(simulator.nodeCount),
    operations,
    clientsMax: 1,
    operationsMax: 1,
    inFlightMax: simulator.limits.inFlightMax,
    freshClientsInterchangeable: true,
    dedupeMessages: true,
    silentTicks: true,
  };
  const keys = new WorldKeys(setup.protocol, setup.config, { symmetry: true, hashed: true, exactNetworkOrder: false, renamingsMax: 720 });
  const initial = simulator.initialWorld(0);
  const worlds = new Set([keys.key(initial)]);
  const pairs = new Set([`${keys.key(initial)}/0`]);
  let frontier: { world: World; crashes: number }[] = [{ world: initial, crashes: 0 }];
  for (let level = 0; level < depth; level++) {
    const next: typeof frontier = [];
    for (const { world, crashes } of frontier) {
      for (const step of coarseSteps(world, alphabet) as ExploreStep[]) {
        const crash = step.kind === 'event' && step.event.kind === 'crash' ? 1 : 0;
        if (crashes + crash > crashesMax) continue;
        // Coarse exploration retries no pending operation (the liveness phase does).
        if (step.kind === 'event' && step.event.kind === 'client' && world.pendingByClient[step.event.client] != null) continue;
        const outcome = applyStep(simulator, world, step, 16, () => false);
        if (!outcome) continue;
        const key = keys.key(outcome.world);
        worlds.add(key);
        const pair = `${key}/${crashes + crash}`;
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        next.push({ world: outcome.world, crashes: crashes + crash });
      }
    }
    frontier = next;
  }
  return worlds.size;
}
