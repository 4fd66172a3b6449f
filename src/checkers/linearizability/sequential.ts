/**
 * A partition whose operations never overlap in time has one linearization order, the order of
 * the history: it is decided by replaying that order on the model, without building a search.
 *
 * Why: on a first check in a fresh process (`faultline check-history`), building a partition's
 * search and running it costs about 0.5 ms of interpreted, first-run code however small the
 * partition; a replay runs a few lines per operation. Histories with one client per key (the
 * Porcupine corpus's kv/c01 files, and many of faultline's own per-key histories) are sequential
 * per partition.
 *
 * The replay gives exactly what the search gives (`properties/linearizability-properties.test.ts`
 * compares the two on random histories and the corpus): the same verdict, linearization, failure
 * report and configuration count. Where that cannot be guaranteed cheaply (a model that returns
 * several next states, a budget the search could run out of), it declines and the search runs.
 */

import { cacheBytesUpperBound, type MemoryBudget } from './configuration-cache.ts';
import type { PartitionSearchResult } from './search.ts';
import type { HistoryOperation, LinearizabilityModel } from './types.ts';

/**
 * Longest partition replayed. The search looks at the clock every 4,096 loop iterations and needs
 * at most about 4 per operation on a sequential history: up to this length it never looks, as
 * the replay does not, so a time limit cannot make the two differ.
 */
const MAX_REPLAYED_OPERATIONS = 512;

/**
 * The search's result for `operations` when they are sequential (each one returns strictly
 * before the next is called, in array order; touching intervals count as concurrent, as in the
 * search), and `undefined` when they are not or when the search's result could differ: the model
 * returns more than one next state somewhere, the search could run out of its allowance of
 * `allowance` configurations in this turn, or of `memory`.
 *
 * The search records one configuration per operation it linearizes, and on a failure at the
 * operation in position k it reports the k operations before it as the longest prefix and that
 * operation as the one that could not be placed: the replay reports the same, with the same count
 * (`exploredConfigurations`).
 */
export function replaySequential<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  allowance: number,
  memory: MemoryBudget,
): { readonly result: PartitionSearchResult; readonly exploredConfigurations: number } | undefined {
  const count = operations.length;
  // The search pauses once it has recorded `allowance` configurations, before it looks at the
  // next one: it decides in this turn only if it needs fewer.
  if (count > MAX_REPLAYED_OPERATIONS || count >= allowance) return undefined;
  let previousReturn = Number.NEGATIVE_INFINITY;
  for (let position = 0; position < count; position++) {
    const operation = operations[position] as HistoryOperation<Input, Output>;
    // An operation without return may take effect at any time after its call: not sequential.
    if (operation.return === null || !(operation.call > previousReturn)) return undefined;
    previousReturn = operation.return;
  }
  if (memory.usedBytes + cacheBytesUpperBound(count, count) > memory.limitBytes) return undefined;
  let state = model.init();
  for (let position = 0; position < count; position++) {
    const operation = operations[position] as HistoryOperation<Input, Output>;
    const successors = model.step(state, operation.input, operation.output);
    if (successors.length > 1) return undefined;
    if (successors.length === 0) {
      const longestPrefix: number[] = [];
      for (let before = 0; before < position; before++) longestPrefix.push(before);
      const result: PartitionSearchResult = {
        verdict: 'not-linearizable',
        longestPrefix,
        unplaceable: [position],
        stateAfterPrefix: model.describeState(state),
      };
      return { result, exploredConfigurations: position };
    }
    state = successors[0] as State;
  }
  const linearization: number[] = [];
  for (let position = 0; position < count; position++) linearization.push(position);
  return { result: { verdict: 'linearizable', linearization }, exploredConfigurations: count };
}
