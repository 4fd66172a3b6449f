/**
 * The checker in steps (`checkLinearizabilityInSteps`), which `check-history` runs so that a
 * Ctrl-C is taken during a long search: however often it pauses, it gives the result of the
 * search in one piece, field for field, and it does pause on a long search.
 */

import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  checkLinearizability,
  checkLinearizabilityInSteps,
  etcdRegisterModel,
  type HistoryOperation,
  type KvInput,
  type KvOutput,
  kvModel,
  type LinearizabilityModel,
  type LinearizabilityOptions,
  type LinearizabilityResult,
} from '../src/checkers/linearizability/index.ts';
import { randomHistory, randomKvOperation } from './linearizability-support.ts';

/** The result in steps, pausing at every look at a clock that moves 1 ms per look; and how many pauses. */
function inSteps<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  options: LinearizabilityOptions = {},
): { result: LinearizabilityResult; pauses: number } {
  let clock = 0;
  const steps = checkLinearizabilityInSteps(model, operations, { ...options, now: () => clock++, pauseEveryMs: 0 });
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done === true) return { result: step.value, pauses };
    pauses++;
  }
}

/** `writers` concurrent puts of distinct values to `key`, then a get of `seen` while they run. */
function concurrentPuts(key: string, writers: number, seen: string, firstId: number): HistoryOperation<KvInput, KvOutput>[] {
  const puts = Array.from({ length: writers }, (_, index) => ({
    id: firstId + index,
    clientId: firstId + index,
    input: { type: 'put', key, value: String(index) } as const,
    call: index,
    return: 1000 + index,
    output: { type: 'put' } as const,
  }));
  const get = {
    id: firstId + writers,
    clientId: firstId + writers,
    input: { type: 'get', key } as const,
    call: 500,
    return: 2000,
    output: { type: 'get', value: seen } as const,
  };
  return [...puts, get];
}

describe('checkLinearizabilityInSteps', () => {
  it('pauses on a long search and gives the same result as one piece, with a failing partition among linearizable ones', () => {
    // Three keys, 13 concurrent puts each: thousands of orders per key. Key b's get saw a value
    // nobody put. The partitions are searched in turns, so the failure is found among pauses.
    const history = [...concurrentPuts('a', 13, '4', 0), ...concurrentPuts('b', 13, 'none', 100), ...concurrentPuts('c', 13, '12', 200)];
    const whole = checkLinearizability(kvModel, history);
    const stepped = inSteps(kvModel, history);
    expect(whole.verdict).toBe('not-linearizable');
    expect(stepped.pauses).toBeGreaterThan(10);
    expect(stepped.result).toEqual(whole);
  });

  it('keeps the configuration budget exact across pauses', () => {
    const writes = Array.from({ length: 30 }, (_, id) => ({
      id,
      clientId: id,
      input: { type: 'write', value: id } as const,
      call: id,
      return: 1000 + id,
      output: { type: 'write' } as const,
    }));
    const read = { id: 30, clientId: 30, input: { type: 'read' } as const, call: 500, return: 2000, output: { type: 'read', value: 99 } as const };
    const options = { maxExploredConfigurations: 200_000 };
    const whole = checkLinearizability(etcdRegisterModel, [...writes, read], options);
    const stepped = inSteps(etcdRegisterModel, [...writes, read], options);
    expect(whole).toMatchObject({ verdict: 'unknown', unknownReason: 'configuration-budget', exploredConfigurations: 200_000 });
    expect(stepped.pauses).toBeGreaterThan(10);
    expect(stepped.result).toEqual(whole);
  });

  test.prop([randomHistory(randomKvOperation, 14)], { numRuns: 200 })('equals the search in one piece on random key-value histories', (history) => {
    expect(inSteps(kvModel, history).result).toEqual(checkLinearizability(kvModel, history));
  });

  it('never pauses without pauseEveryMs', () => {
    const history = concurrentPuts('a', 13, 'none', 0);
    const steps = checkLinearizabilityInSteps(kvModel, history, { now: () => 0 });
    const first = steps.next();
    expect(first.done).toBe(true);
    expect(first.value).toEqual(checkLinearizability(kvModel, history));
  });
});
