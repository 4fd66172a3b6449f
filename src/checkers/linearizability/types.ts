/**
 * Types shared by the linearizability checker, its models, parsers and reports.
 *
 * A history is a flat list of {@link HistoryOperation}s. A {@link LinearizabilityModel} is the
 * sequential specification the history is checked against. Both are plain data plus a few pure
 * functions, so a protocol property can record a history and check it without any I/O.
 */

/**
 * One client operation as observed from outside the system under test.
 *
 * Times may be logical (event indices) or real (milliseconds); only their order matters. Two
 * operations are ordered in real time when the first one's `return` is strictly smaller than the
 * second one's `call`; equal times count as overlapping.
 */
export interface HistoryOperation<Input, Output> {
  /** Unique within the history; reports and linearizations refer to operations by this id. */
  readonly id: number;
  /** The client (process) that issued the operation; used for the one-row-per-client picture. */
  readonly clientId: number;
  readonly input: Input;
  /** Invocation time. */
  readonly call: number;
  /**
   * Completion time, or `null` when the client never learnt the outcome (it crashed or timed out).
   * Such an operation may take effect at any point after `call`, or never.
   */
  readonly return: number | null;
  /**
   * The observed result, or `null` when the outcome is unknown. Always `null` when `return` is
   * `null`. A completed operation may also have an unknown output (e.g. a read that timed out):
   * it then took effect, if at all, between `call` and `return`.
   */
  readonly output: Output | null;
}

/**
 * A sequential specification, written as a small object so that users can add their own.
 *
 * Contract (the checker relies on it):
 * - `step` is pure and deterministic for equal arguments.
 * - `step` accepts every operation whose output is `null` (unknown) from every state: an
 *   operation with unknown outcome always has *some* outcome.
 * - `equal(a, b)` implies `hash(a) === hash(b)`.
 * - `isReadOnly(input, output) === true` promises that whenever `step` accepts that operation it
 *   returns exactly the state it was given. The checker then linearizes such an operation as soon
 *   as it is legal, without trying the alternatives (moving a state-preserving operation earlier
 *   never breaks a linearization). Return `false` when unsure; it only costs speed.
 * - `partition`, when present, splits the history into independent sub-histories (e.g. one per
 *   key); the history is linearizable iff every part is (P-compositionality). Every operation must
 *   land in exactly one part. A model that has `partition` may assume its `step` only ever sees
 *   operations of one part.
 *
 * @typeParam State - the abstract state of the object; treat it as immutable.
 */
export interface LinearizabilityModel<State, Input, Output> {
  /** Name used on the command line and in reports. */
  readonly name: string;
  /** One sentence on what the model specifies. */
  readonly description: string;
  init(): State;
  /**
   * All states the object may be in after applying `input` to `state` and observing `output`
   * (`null`: outcome unknown). Returns an empty array when that observation is impossible from
   * `state`. Most models are deterministic and return zero or one state.
   */
  step(state: State, input: Input, output: Output | null): readonly State[];
  isReadOnly?(input: Input, output: Output | null): boolean;
  partition?(operations: readonly HistoryOperation<Input, Output>[]): readonly (readonly HistoryOperation<Input, Output>[])[];
  equal(a: State, b: State): boolean;
  /** A 32-bit hash consistent with `equal`. */
  hash(state: State): number;
  describeOperation(input: Input, output: Output | null): string;
  describeState(state: State): string;
  /**
   * Checks the shape of an operation read from an untyped source (a JSON-lines file). Returns
   * `null` when it fits the model, or a phrase saying what was expected.
   */
  validateOperation?(input: unknown, output: unknown): string | null;
}

/** A model with its type parameters erased, as stored in registries and chosen by name. */
export type AnyLinearizabilityModel = LinearizabilityModel<any, any, any>;

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

/**
 * Why a check (or one partition of it) ended without a verdict.
 * `not-checked`: another partition had already failed, so this one was never searched.
 */
export type UnknownReason = 'configuration-budget' | 'memory-budget' | 'time-limit' | 'not-checked';

/** Budgets for one check. The checker never reads a clock by itself: pass `now` to get a time limit. */
export interface LinearizabilityOptions {
  /**
   * Upper bound on the configurations (set of linearized operations + model state) the search
   * may record, over all partitions. Default {@link DEFAULT_MAX_EXPLORED_CONFIGURATIONS}.
   */
  readonly maxExploredConfigurations?: number;
  /**
   * Upper bound on the memory of one partition's configuration cache, in bytes (model states are
   * not counted). Default {@link DEFAULT_MAX_CACHE_BYTES}.
   */
  readonly maxCacheBytes?: number;
  /** Wall-clock limit in milliseconds; only applies when `now` is given. */
  readonly timeLimitMs?: number;
  /** A monotonic clock in milliseconds, e.g. the CLI's high-resolution timer. */
  readonly now?: () => number;
}

export const DEFAULT_MAX_EXPLORED_CONFIGURATIONS = 20_000_000;
export const DEFAULT_MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** The outcome of checking one partition of the history. */
export interface PartitionOutcome {
  readonly index: number;
  /** Ids of the operations in this partition, in the order the partition function gave them. */
  readonly operationIds: readonly number[];
  readonly verdict: LinearizabilityVerdict;
  readonly exploredConfigurations: number;
  /**
   * When linearizable: operation ids in linearization order. Operations with unknown outcome
   * that are missing took no effect.
   */
  readonly linearization?: readonly number[];
  readonly unknownReason?: UnknownReason;
}

/** Why a history is not linearizable, in terms a person can follow. */
export interface LinearizabilityFailure {
  /** Index into {@link LinearizabilityResult.partitionOutcomes}. */
  readonly partitionIndex: number;
  /** The longest sequence of operations (ids) the search could linearize in that partition. */
  readonly longestPrefix: readonly number[];
  /**
   * Completed operations that were candidates after that prefix, none of which could be placed
   * next; the first one is the one whose return forced the search back.
   */
  readonly unplaceable: readonly number[];
  /** The model state after the longest prefix, as described by the model. */
  readonly stateAfterPrefix: string;
}

export interface LinearizabilityResult {
  readonly verdict: LinearizabilityVerdict;
  readonly model: string;
  readonly operations: number;
  readonly partitions: number;
  /** Configurations recorded by the search, over all partitions and attempts. */
  readonly exploredConfigurations: number;
  readonly unknownReason?: UnknownReason;
  readonly failure?: LinearizabilityFailure;
  readonly partitionOutcomes: readonly PartitionOutcome[];
}
