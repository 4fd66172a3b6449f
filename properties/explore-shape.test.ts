/**
 * A timeout step stops at the first tick that changes its node's durable state in more than
 * numbers. `sameShape` decides that part by part; `shapeText` (the canonical text with every number
 * blurred) is the definition. The two must agree on every pair of values: made up to be awkward,
 * drawn at random, and the durable states of consecutive worlds of random walks on the models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededDraw } from '../src/core/random.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import type { NodeState } from '../src/core/types.ts';
import { sameShape, shapeText } from '../src/explore/steps.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { applicableEvents, twoSidedPartitions, operationAlphabet } from '../src/explore/index.ts';

function agree(left: unknown, right: unknown): void {
  const expected = shapeText(left) === shapeText(right);
  expect(sameShape(left, right), `${shapeText(left)} / ${shapeText(right)}`).toBe(expected);
  expect(sameShape(right, left), `${shapeText(right)} / ${shapeText(left)}`).toBe(expected);
}

describe('sameShape', () => {
  it('agrees with the blurred texts on awkward values', () => {
    const values: unknown[] = [
      0,
      -0,
      1,
      -1,
      1.5,
      -2.25,
      1e21,
      1e-7,
      2e-7,
      1.5e300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      '',
      '0',
      '1',
      'a1',
      'a-2',
      'a2.5',
      'x',
      'NaN',
      '#',
      'u',
      'n',
      't',
      true,
      false,
      null,
      undefined,
      0n,
      12n,
      -3n,
      [],
      [1],
      [2],
      ['1'],
      [1, 2],
      [[]],
      [null],
      [undefined],
      new Array(2),
      {},
      { a: 1 },
      { a: 2 },
      { b: 1 },
      { a1: 0 },
      { a2: 5 },
      { '1': 1 },
      { '2': 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: [1] },
      { a: { b: 1 } },
      new Map(),
      new Map([[1, 2]]),
      new Map([[3, 4]]),
      new Map([['1', 2]]),
      new Map([
        [1, 2],
        [2, 3],
      ]),
      new Map([[{ x: 1 }, [1]]]),
      new Set(),
      new Set([1]),
      new Set([7]),
      new Set(['7']),
      new Set([1, 2]),
      { m: new Map([[1, new Set([2])]]) },
      { m: new Map([[9, new Set([8])]]) },
    ];
    for (const left of values) for (const right of values) agree(left, right);
  });

  it('agrees with the blurred texts on random plain data', () => {
    const scalar = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: false }),
      fc.constantFrom('', '1', 'a', 'a1', '-2', 'b.5'),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object'), tie('map'), tie('set')),
      array: fc.array(tie('value'), { maxLength: 3 }),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'k1', 'k2'), tie('value'), { maxKeys: 3 }),
      map: fc.array(fc.tuple(scalar, tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)),
      set: fc.array(scalar, { maxLength: 3 }).map((entries) => new Set(entries)),
    }));
    // Pairs that often share their structure: the second a copy of the first with its numbers changed.
    const renumbered = (input: unknown, change: (number: number) => number): unknown => {
      if (typeof input === 'number') return change(input);
      if (Array.isArray(input)) return input.map((entry) => renumbered(entry, change));
      if (input instanceof Map) return new Map([...input].map(([key, entry]) => [renumbered(key, change), renumbered(entry, change)]));
      if (input instanceof Set) return new Set([...input].map((entry) => renumbered(entry, change)));
      if (typeof input === 'object' && input !== null)
        return Object.fromEntries(Object.entries(input).map(([key, entry]) => [key, renumbered(entry, change)]));
      return input;
    };
    fc.assert(
      fc.property(value, value, fc.integer({ min: -5, max: 5 }), (left, right, shift) => {
        agree(left, right);
        agree(
          left,
          renumbered(left, (number) => number + shift),
        );
        agree(
          left,
          renumbered(left, (number) => number * 1e25),
        );
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("agrees with the blurred texts on consecutive durable states of the models' random walks", () => {
    let blurredAlike = 0;
    for (const setup of [
      setupOrThrow(kafka, 'correct'),
      setupOrThrow(kafka, 'correct', { controlPlane: 'kraft' }),
      setupOrThrow(zab, 'correct'),
      setupOrThrow(raft, 'correct'),
    ]) {
      const simulator = new Simulator(setup);
      const draw = seededDraw(99);
      const alphabet = {
        nodeCount: simulator.nodeCount,
        fifo: simulator.fifo,
        weights: { ...setup.profile.weights, partition: 0, drop: 0, duplicate: 0 },
        crashModes: [false],
        partitions: twoSidedPartitions(simulator.nodeCount),
        operations: operationAlphabet(setup.protocol, setup.config, [0]),
        clientsMax: 1,
        operationsMax: 2,
        inFlightMax: simulator.limits.inFlightMax,
        freshClientsInterchangeable: true,
        dedupeMessages: true,
      };
      let pairs = 0;
      for (let walk = 0; walk < 10; walk++) {
        let world: World = simulator.initialWorld(walk);
        for (let step = 0; step < 60; step++) {
          const events = applicableEvents(world, alphabet, simulator.messageChoices(world).length, () => '');
          const event = events[draw(events.length)];
          if (!event) break;
          const next = simulator.applyEvent(world, event);
          for (let node = 0; node < simulator.nodeCount; node++) {
            const before = (world.nodes[node]?.state as NodeState | undefined)?.durable;
            const after = (next.nodes[node]?.state as NodeState | undefined)?.durable;
            if (before === after) continue;
            pairs++;
            if (shapeText(before) === shapeText(after)) blurredAlike++;
            agree(before, after);
          }
          world = next;
        }
      }
      expect(pairs, setup.protocol.name).toBeGreaterThan(5);
    }
    // A Kafka controller's clock and heartbeat counters are durable: changes in numbers only.
    expect(blurredAlike).toBeGreaterThan(0);
  });
});
