/**
 * Properties of the linearizability checker:
 * - on small random histories it agrees with a brute-force enumeration of every order;
 * - histories produced by running a sequential reference implementation are linearizable, and
 *   turning one read's result into a value nobody wrote makes them not linearizable;
 * - reported linearizations and failures are consistent with the history.
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  appendLogModel,
  checkLinearizability,
  checkLinearizabilityByBruteForce,
  etcdRegisterModel,
  kvCasModel,
  kvModel,
  type HistoryOperation,
  type LinearizabilityModel,
  type LinearizabilityResult,
} from '../src/checkers/linearizability/index.ts';
import { TypedArena } from '../src/checkers/linearizability/arena.ts';
import {
  appendLogImplementation,
  appendLogInput,
  etcdInput,
  kvCasImplementation,
  kvCasInput,
  kvImplementation,
  kvInput,
  modelsWithRandomOperations,
  randomHistory,
  registerImplementation,
  sequentialHistory,
} from './linearizability-support.ts';

/**
 * Replays a reported linearization through the model: every step must be legal, the order must
 * respect real time, and every completed operation must appear exactly once.
 */
function expectValidLinearization<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  result: LinearizabilityResult,
): void {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  for (const outcome of result.partitionOutcomes) {
    const order = outcome.linearization ?? [];
    expect(new Set(order).size).toBe(order.length);
    for (const id of outcome.operationIds) {
      if (byId.get(id)?.return !== null) expect(order).toContain(id);
    }
    let states = [model.init()];
    order.forEach((id, position) => {
      const operation = byId.get(id) as HistoryOperation<Input, Output>;
      // Nothing placed later may have returned before this operation was called.
      for (const later of order.slice(position + 1)) {
        const other = byId.get(later) as HistoryOperation<Input, Output>;
        expect(other.return === null || other.return >= operation.call).toBe(true);
      }
      states = states.flatMap((state) => model.step(state, operation.input, operation.output));
      expect(states.length).toBeGreaterThan(0);
    });
  }
}

function agreesWithBruteForce<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: HistoryOperation<Input, Output>[],
  tally: Record<string, number>,
): void {
  const expected = checkLinearizabilityByBruteForce(model, operations);
  // The oracle enumerates orders and gives up after a million steps: a history it cannot decide
  // (eight overlapping operations of a nondeterministic counter, once in a few thousand) is skipped,
  // not failed; fast-check fails the property if it has to skip too often.
  fc.pre(expected.verdict !== 'unknown');
  const result = checkLinearizability(model, operations);
  expect(result.verdict).toBe(expected.verdict);
  tally[result.verdict] = (tally[result.verdict] ?? 0) + 1;
  if (result.verdict === 'linearizable') expectValidLinearization(model, operations, result);
  if (result.verdict === 'not-linearizable') {
    const failure = result.failure;
    expect(failure).toBeDefined();
    const ids = new Set(result.partitionOutcomes[failure?.partitionIndex ?? -1]?.operationIds ?? []);
    for (const id of [...(failure?.longestPrefix ?? []), ...(failure?.unplaceable ?? [])]) expect(ids.has(id)).toBe(true);
  }
}

describe('agreement with brute force on small random histories', () => {
  for (const [name, model, operation] of modelsWithRandomOperations) {
    test(`${name}: same verdict as trying every order, on random histories that cover both verdicts`, () => {
      // The tally lives in the test that fills it, so no test depends on another having run first.
      const tally: Record<string, number> = {};
      fc.assert(
        fc.property(randomHistory(operation as fc.Arbitrary<{ input: unknown; output: unknown }>, 8), (operations) =>
          agreesWithBruteForce(model as LinearizabilityModel<unknown, unknown, unknown>, operations, tally),
        ),
        { numRuns: 400 },
      );
      // Guards the generator: agreement on one verdict only would prove little.
      expect(tally['linearizable'] ?? 0).toBeGreaterThan(20);
      expect(tally['not-linearizable'] ?? 0).toBeGreaterThan(20);
    });
  }
});

/** Replaces the result of one completed read by `poison` (a value nobody wrote). */
function poisonOneRead<Input, Output>(
  operations: HistoryOperation<Input, Output>[],
  isRead: (operation: HistoryOperation<Input, Output>) => boolean,
  poison: (output: Output) => Output,
  choice: number,
): HistoryOperation<Input, Output>[] | undefined {
  const reads = operations.filter((operation) => operation.output !== null && isRead(operation));
  const victim = reads[choice % Math.max(1, reads.length)];
  if (victim === undefined) return undefined;
  return operations.map((operation) => (operation === victim ? { ...operation, output: poison(operation.output as Output) } : operation));
}

describe('histories of a sequential implementation', () => {
  const options = { maxOperations: 60, clients: 6 };
  const sequentialCases = [
    {
      name: 'etcd-register',
      model: etcdRegisterModel,
      history: sequentialHistory(etcdInput, registerImplementation, options),
      isRead: (operation: HistoryOperation<{ type: string }, unknown>) => operation.input.type === 'read',
      poison: (output: unknown) => ({ ...(output as object), value: 999 }),
    },
    {
      name: 'kv-cas',
      model: kvCasModel,
      history: sequentialHistory(kvCasInput, kvCasImplementation, options),
      isRead: (operation: HistoryOperation<{ type: string }, unknown>) => operation.input.type === 'get',
      poison: (output: unknown) => ({ ...(output as object), value: 'never written' }),
    },
    {
      name: 'kv',
      model: kvModel,
      history: sequentialHistory(kvInput, kvImplementation, options),
      isRead: (operation: HistoryOperation<{ type: string }, unknown>) => operation.input.type === 'get',
      poison: (output: unknown) => ({ ...(output as object), value: 'never written' }),
    },
    {
      name: 'append-log',
      model: appendLogModel,
      history: sequentialHistory(appendLogInput, appendLogImplementation, options),
      isRead: (operation: HistoryOperation<{ type: string }, unknown>) => operation.input.type === 'read',
      poison: (output: unknown) => ({ type: 'read', records: [...(output as { records: string[] }).records, 'never written'] }),
    },
  ];
  for (const { name, model, history, isRead, poison } of sequentialCases) {
    const anyModel = model as LinearizabilityModel<unknown, { type: string }, unknown>;
    const anyHistory = history as fc.Arbitrary<HistoryOperation<{ type: string }, unknown>[]>;
    test.prop([anyHistory], { numRuns: 150 })(`${name}: always linearizable, with a valid order`, (operations) => {
      const result = checkLinearizability(anyModel, operations);
      expect(result.verdict).toBe('linearizable');
      expectValidLinearization(anyModel, operations, result);
    });
    test.prop([anyHistory, fc.nat()], { numRuns: 150 })(`${name}: a read of a value never written is never linearizable`, (operations, choice) => {
      const poisoned = poisonOneRead(operations, isRead, poison, choice);
      fc.pre(poisoned !== undefined);
      const result = checkLinearizability(anyModel, poisoned as HistoryOperation<{ type: string }, unknown>[]);
      expect(result.verdict).toBe('not-linearizable');
    });
  }
});

describe('budgets', () => {
  test.prop([sequentialHistory(etcdInput, registerImplementation, { maxOperations: 40, clients: 4 }), fc.integer({ min: 0, max: 30 })], {
    numRuns: 100,
  })('a configuration budget below the history length always gives unknown, never a wrong verdict', (operations, budget) => {
    const completed = operations.filter((operation) => operation.return !== null).length;
    fc.pre(budget < completed);
    const result = checkLinearizability(etcdRegisterModel, operations, { maxExploredConfigurations: budget });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('configuration-budget');
    expect(result.exploredConfigurations).toBeLessThanOrEqual(budget);
  });
});

describe('input order and memory layout', () => {
  test.prop([sequentialHistory(etcdInput, registerImplementation, { maxOperations: 120, clients: 6 }), fc.nat(), fc.nat()], { numRuns: 60 })(
    'the order of the operation array does not change the verdict (an insertion sort when nearly sorted, else the built-in sort)',
    (operations, seed, choice) => {
      const shuffled = fc.sample(fc.shuffledSubarray(operations, { minLength: operations.length }), { numRuns: 1, seed })[0] ?? operations;
      expect(checkLinearizability(etcdRegisterModel, shuffled).verdict).toBe('linearizable');
      const poisoned = poisonOneRead(
        shuffled,
        (operation) => operation.input.type === 'read',
        (output) => ({ ...(output as object), value: 999 }) as typeof output,
        choice,
      );
      fc.pre(poisoned !== undefined);
      expect(checkLinearizability(etcdRegisterModel, poisoned as typeof shuffled).verdict).toBe('not-linearizable');
    },
  );

  test.prop([fc.array(fc.tuple(fc.constantFrom('int32', 'uint8', 'float64'), fc.integer({ min: 0, max: 3000 })), { maxLength: 40 }), fc.nat(5000)], {
    numRuns: 100,
  })('the arena hands out zeroed views that never overlap, across buffer boundaries', (requests, expected) => {
    const arena = new TypedArena(expected);
    const views = requests.map(([kind, length]) =>
      kind === 'int32' ? arena.int32(length) : kind === 'uint8' ? arena.uint8(length) : arena.float64(length),
    );
    views.forEach((view, index) => {
      expect(view.length).toBe(requests[index]?.[1]);
      expect(view.every((value) => value === 0)).toBe(true);
      view.fill(index + 1);
    });
    for (const [index, view] of views.entries()) expect(view.every((value) => value === index + 1)).toBe(true);
  });
});
