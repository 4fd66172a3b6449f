/**
 * Entry point of the linearizability checker: validates the history, splits it into the model's
 * partitions (P-compositionality), searches each one within a shared budget and combines the
 * verdicts.
 */

import { TypedArena } from './arena.ts';
import type { MemoryBudget } from './configuration-cache.ts';
import { PartitionSearch, type PartitionSearchResult, type SearchClock } from './search.ts';
import { replaySequential } from './sequential.ts';
import {
  DEFAULT_MAX_CACHE_BYTES,
  DEFAULT_MAX_EXPLORED_CONFIGURATIONS,
  type HistoryOperation,
  type LinearizabilityFailure,
  type LinearizabilityModel,
  type LinearizabilityOptions,
  type LinearizabilityResult,
  type PartitionOutcome,
  type UnknownReason,
} from './types.ts';

/**
 * Thrown for a history that is not a history (duplicate ids, a return before its call, ...) or a
 * model whose `partition` loses operations. These are bugs in the caller, not verdicts; parsers
 * report malformed files as values before they get here.
 */
export class InvalidHistoryError extends Error {
  override readonly name = 'InvalidHistoryError';
}

/**
 * Describes the first structural problem of a history, or returns `null` when there is none:
 * ids must be unique, times finite, `return >= call`, and an operation without return has no
 * output.
 */
export function findHistoryProblem(operations: readonly HistoryOperation<unknown, unknown>[]): string | null {
  const seen = new Set<number>();
  for (const operation of operations) {
    if (seen.has(operation.id)) return `operation id ${operation.id} occurs twice`;
    seen.add(operation.id);
    if (!Number.isFinite(operation.call)) return `operation ${operation.id}: call time ${operation.call} is not a finite number`;
    if (operation.return !== null) {
      if (!Number.isFinite(operation.return)) {
        return `operation ${operation.id}: return time ${operation.return} is not a finite number`;
      }
      if (operation.return < operation.call) {
        return `operation ${operation.id}: returns at ${operation.return}, before its call at ${operation.call}`;
      }
    } else if (operation.output !== null) {
      return `operation ${operation.id}: has an output but no return time`;
    }
  }
  return null;
}

const EMPTY_LINEARIZATION: PartitionSearchResult = { verdict: 'linearizable', linearization: [] };

function isCompleted(operation: HistoryOperation<unknown, unknown>): boolean {
  return operation.return !== null;
}

/** A budget option: the default when absent or NaN, otherwise at least 0 (Infinity allowed). */
function budgetValue(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}

/**
 * About what a partition's search takes from the arena per operation (its index arrays), and per
 * partition (the configuration cache's first, small arrays).
 */
const ARENA_BYTES_PER_OPERATION = 72;
const ARENA_BYTES_PER_PARTITION = 1024;

/**
 * Configurations each undecided partition may record in the first round; doubled every round.
 * A failing partition that needs F configurations is found once the slices add up to F, after
 * the others took at most as much each: a smaller first slice finds it sooner (kv/c50-bad, whose
 * 8th of 10 partitions fails after 2,918: 26,470 configurations with 1,024 instead of 50,022
 * with 2,048); turns cost little (c50-ok's first check the same within the noise).
 */
const FIRST_SLICE = 1024;

/**
 * Checks whether `operations` is linearizable with respect to `model`.
 *
 * The partitions are searched in turns (round-robin, with slices that double every round) and
 * the search of each one resumes where it stopped, so a violation in any partition is found
 * about as early as a parallel checker would find it, and nothing is searched twice. The budget
 * (`maxExploredConfigurations`, `maxCacheBytes`, and `timeLimitMs` when a `now` clock is given)
 * is shared by all partitions; running out gives verdict `unknown`, never a hang.
 *
 * @throws InvalidHistoryError when the history is malformed (see {@link findHistoryProblem}).
 */
export function checkLinearizability<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const steps = checkLinearizabilityInSteps(model, operations, options);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

/**
 * {@link checkLinearizability} as a generator that pauses (yields) each time `pauseEveryMs` of
 * the `now` clock have passed since it started or last resumed: a command's signal handler runs
 * only between turns of the event loop, so a long search in one piece would ignore Ctrl-C until it
 * ends. The search resumes where it paused, with the same budgets, so the result is the one
 * {@link checkLinearizability} gives; stopping the generator (`return()`) drops the search.
 * Without `pauseEveryMs` (or without `now`) it never pauses.
 *
 * @throws InvalidHistoryError when the history is malformed (see {@link findHistoryProblem}).
 */
export function* checkLinearizabilityInSteps<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  options: LinearizabilityOptions & { readonly pauseEveryMs?: number } = {},
): Generator<void, LinearizabilityResult, void> {
  const problem = findHistoryProblem(operations);
  if (problem !== null) throw new InvalidHistoryError(problem);

  const parts = model.partition ? model.partition(operations) : [operations];
  let partitioned = 0;
  for (const part of parts) partitioned += part.length;
  if (partitioned !== operations.length) {
    throw new InvalidHistoryError(`model ${model.name}: partition returned ${partitioned} operations for a history of ${operations.length}`);
  }

  const now = options.now;
  const clock: SearchClock | undefined =
    now !== undefined && options.timeLimitMs !== undefined ? { now, deadline: now() + options.timeLimitMs } : undefined;
  const pauseEveryMs = options.pauseEveryMs;
  /** The clock the search runs on: the time limit's, or a nearer pause's. */
  const nextPause = (): SearchClock | undefined =>
    now === undefined || pauseEveryMs === undefined
      ? clock
      : { now, deadline: Math.min(now() + pauseEveryMs, clock?.deadline ?? Number.POSITIVE_INFINITY) };
  let runClock = nextPause();
  let remainingConfigurations = budgetValue(options.maxExploredConfigurations, DEFAULT_MAX_EXPLORED_CONFIGURATIONS);
  const memory: MemoryBudget = { usedBytes: 0, limitBytes: budgetValue(options.maxCacheBytes, DEFAULT_MAX_CACHE_BYTES) };

  const results: (PartitionSearchResult | undefined)[] = [];
  const explored: number[] = [];
  const searches: (PartitionSearch<State, Input, Output> | undefined)[] = [];
  let undecided: number[] = [];
  let arenaBytes = 0;
  for (let index = 0; index < parts.length; index++) {
    results.push(undefined);
    explored.push(0);
    searches.push(undefined);
    undecided.push(index);
    arenaBytes += ARENA_BYTES_PER_PARTITION + ARENA_BYTES_PER_OPERATION * (parts[index] as readonly unknown[]).length;
  }
  const arrays = new TypedArena(arenaBytes);
  let failedIndex = -1;
  let stopReason: UnknownReason | undefined;

  for (let slice = FIRST_SLICE; undecided.length > 0 && failedIndex === -1 && stopReason === undefined; slice *= 2) {
    const stillUndecided: number[] = [];
    for (const index of undecided) {
      if (failedIndex !== -1 || stopReason !== undefined) {
        stillUndecided.push(index);
        continue;
      }
      if (remainingConfigurations <= 0) {
        stopReason = 'configuration-budget';
        stillUndecided.push(index);
        continue;
      }
      // The search looks at the clock every few thousand steps; with many small partitions that
      // could add up, so look between turns too.
      if (clock !== undefined && clock.now() > clock.deadline) {
        stopReason = 'time-limit';
        stillUndecided.push(index);
        continue;
      }
      const part = parts[index] as readonly HistoryOperation<Input, Output>[];
      let search = searches[index];
      if (search === undefined && !part.some(isCompleted)) {
        // Without a completed operation there is nothing to linearize: taking none of the others
        // (they may never have happened) is a linearization. The search would say so at once.
        results[index] = EMPTY_LINEARIZATION;
        continue;
      }
      // A partition searched alone takes the whole budget in one turn: every turn re-enters
      // the search loop, and on a first check the JIT compiles the loop once more for that.
      const turn = undecided.length === 1 ? remainingConfigurations : Math.min(slice, remainingConfigurations);
      if (search === undefined) {
        // Operations that never overlap have one order: replayed, with the search's result.
        const replayed = replaySequential(model, part, turn, memory);
        if (replayed !== undefined) {
          remainingConfigurations -= replayed.exploredConfigurations;
          explored[index] = replayed.exploredConfigurations;
          results[index] = replayed.result;
          if (replayed.result.verdict === 'not-linearizable') failedIndex = index;
          continue;
        }
        search = new PartitionSearch(model, part, memory, arrays);
        searches[index] = search;
      }
      const before = search.exploredConfigurations;
      let outcome = search.run(turn, runClock);
      // Stopped by a pause, not by the time limit: yield, then finish the same turn.
      while (
        runClock !== clock &&
        outcome?.verdict === 'unknown' &&
        outcome.reason === 'time-limit' &&
        !(clock !== undefined && clock.now() > clock.deadline)
      ) {
        yield;
        runClock = nextPause();
        const left = turn - (search.exploredConfigurations - before);
        outcome = left > 0 ? search.run(left, runClock) : undefined;
      }
      remainingConfigurations -= search.exploredConfigurations - before;
      explored[index] = search.exploredConfigurations;
      if (outcome === undefined) {
        stillUndecided.push(index);
        continue;
      }
      if (outcome.verdict === 'unknown' && outcome.reason === 'time-limit') {
        stopReason = 'time-limit';
        stillUndecided.push(index);
        continue;
      }
      results[index] = outcome;
      search.release();
      searches[index] = undefined;
      if (outcome.verdict === 'not-linearizable') failedIndex = index;
    }
    undecided = stillUndecided;
    if (slice > Number.MAX_SAFE_INTEGER / 4) slice = Number.MAX_SAFE_INTEGER / 4;
  }
  for (const index of undecided) {
    searches[index]?.release();
    if (failedIndex === -1) results[index] = { verdict: 'unknown', reason: stopReason ?? 'configuration-budget' };
  }
  // Every search is done with and holds the only views of the arena: its buffer can serve the next check.
  searches.length = 0;
  arrays.recycle();

  const partitionOutcomes: PartitionOutcome[] = parts.map((part, index) => {
    const outcome = results[index];
    const operationIds = part.map((operation) => operation.id);
    const exploredConfigurations = explored[index] ?? 0;
    if (outcome === undefined) {
      return { index, operationIds, verdict: 'unknown', exploredConfigurations, unknownReason: 'not-checked' };
    }
    if (outcome.verdict === 'linearizable') {
      const linearization = outcome.linearization.map((position) => operationIds[position] as number);
      return { index, operationIds, verdict: 'linearizable', exploredConfigurations, linearization };
    }
    if (outcome.verdict === 'unknown') {
      return { index, operationIds, verdict: 'unknown', exploredConfigurations, unknownReason: outcome.reason };
    }
    return { index, operationIds, verdict: 'not-linearizable', exploredConfigurations };
  });

  const base = {
    model: model.name,
    operations: operations.length,
    partitions: parts.length,
    exploredConfigurations: explored.reduce((sum, value) => sum + value, 0),
    partitionOutcomes,
  };
  const failed = failedIndex === -1 ? undefined : results[failedIndex];
  if (failed !== undefined && failed.verdict === 'not-linearizable') {
    const ids = partitionOutcomes[failedIndex]?.operationIds ?? [];
    const failure: LinearizabilityFailure = {
      partitionIndex: failedIndex,
      longestPrefix: failed.longestPrefix.map((position) => ids[position] as number),
      unplaceable: failed.unplaceable.map((position) => ids[position] as number),
      stateAfterPrefix: failed.stateAfterPrefix,
    };
    return { verdict: 'not-linearizable', ...base, failure };
  }
  const firstUnknown = partitionOutcomes.find((outcome) => outcome.verdict === 'unknown');
  if (firstUnknown !== undefined) {
    return { verdict: 'unknown', ...base, unknownReason: stopReason ?? firstUnknown.unknownReason ?? 'configuration-budget' };
  }
  return { verdict: 'linearizable', ...base };
}
