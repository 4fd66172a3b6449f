/**
 * The search for one partition: Wing & Gong's algorithm with Lowe's memoization, run on an
 * explicit stack so that deep histories cannot overflow the call stack.
 *
 * The history becomes a doubly linked list of call and return entries in time order. The
 * operations whose call comes before the first return entry are the candidates to linearize
 * next. Linearizing one unlinks its two entries; backtracking links them back (the list is only
 * ever changed in stack order). A configuration is the set of linearized operations plus the
 * model state; every configuration entered is recorded in a {@link ConfigurationCache}, and the
 * search never enters one twice: there are no cycles, so a recorded configuration has failed.
 *
 * Two refinements on top:
 * - An operation with unknown outcome and no return (`return: null`) has no return entry (its
 *   return is at +infinity), and the search succeeds as soon as every completed operation is
 *   linearized: the others are taken not to have happened.
 * - A legal read-only operation (see `LinearizabilityModel.isReadOnly`) is linearized at once and
 *   is not a choice point: if the configuration after it fails, so does the one before it.
 * - Among the other candidates, the completed operations are tried first (in list order) and the
 *   operations that never returned last. An operation without return stays a candidate until it
 *   is linearized, and one called early comes first in the list: tried first, it was placed at
 *   every point of every path, each time under a subtree that failed only many operations later
 *   (Jepsen's timed-out writes; on the Porcupine corpus this order explores fewer configurations
 *   on every file, e.g. 77 instead of 755 on etcd_056, 180 instead of 27,171 on etcd_007).
 *
 * The search is resumable ({@link PartitionSearch.run} stops after a number of new
 * configurations and continues where it stopped), so that the checker can interleave partitions
 * and find a violation in any of them early, as a parallel checker would.
 */

import type { TypedArena } from './arena.ts';
import {
  CACHE_FULL,
  CACHE_INSERTED,
  CACHE_PRESENT,
  ConfigurationCache,
  genericArray,
  LinearizedSet,
  type MemoryBudget,
} from './configuration-cache.ts';
import type { HistoryOperation, LinearizabilityModel, UnknownReason } from './types.ts';

/** A clock and a deadline on it; the search looks at the clock every few thousand steps. */
export interface SearchClock {
  readonly now: () => number;
  readonly deadline: number;
}

export type PartitionSearchResult =
  | {
      readonly verdict: 'linearizable';
      /** Positions in the partition's operation array, in linearization order. */
      readonly linearization: readonly number[];
    }
  | {
      readonly verdict: 'not-linearizable';
      /** Positions in the partition's operation array. */
      readonly longestPrefix: readonly number[];
      readonly unplaceable: readonly number[];
      readonly stateAfterPrefix: string;
    }
  | { readonly verdict: 'unknown'; readonly reason: UnknownReason };

/** How many loop iterations pass between two looks at the clock. */
const CLOCK_INTERVAL = 4096;

/** Made from a one-element array, like the models' results (see kv.ts's NONE). */
const NO_SUCCESSORS: readonly never[] = [undefined].slice(0, 0) as never[];
const TIME_LIMIT: PartitionSearchResult = { verdict: 'unknown', reason: 'time-limit' };
const MEMORY_BUDGET: PartitionSearchResult = { verdict: 'unknown', reason: 'memory-budget' };

/**
 * Shifts an insertion sort may make per position before {@link sortPositions} hands the rest to
 * the built-in sort: enough for the nearly sorted keys of a history recorded in time order, and a
 * bound of O(n) on the work an unsorted one wastes before the O(n log n) sort.
 */
const INSERTION_SORT_SHIFTS_PER_POSITION = 4;

/**
 * Sorts positions by `primary`, then `secondary`, then position (a total order, so the result does
 * not depend on the method). Keys from a history recorded in time order are nearly sorted, and an
 * insertion sort does that in a pass where the built-in sort calls a comparator closure per pair
 * (on an 85-operation etcd history the two sorts of a check were a quarter of a warm check); a
 * history that is far from sorted falls back to the built-in sort once the shifts run out.
 */
function sortPositions(positions: number[], primary: Float64Array, secondary: Float64Array): void {
  let shiftsLeft = INSERTION_SORT_SHIFTS_PER_POSITION * positions.length;
  for (let i = 1; i < positions.length; i++) {
    const position = positions[i] as number;
    const key = primary[position] as number;
    const tie = secondary[position] as number;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = positions[j] as number;
      const otherKey = primary[other] as number;
      const otherTie = secondary[other] as number;
      if (otherKey < key || (otherKey === key && (otherTie < tie || (otherTie === tie && other < position)))) break;
      positions[j + 1] = other;
      shiftsLeft--;
    }
    positions[j + 1] = position;
    if (shiftsLeft < 0) {
      positions.sort((a, b) => (primary[a] as number) - (primary[b] as number) || (secondary[a] as number) - (secondary[b] as number) || a - b);
      return;
    }
  }
}

/** What the loop does next: enter a fresh configuration, scan its candidates, or back out of it. */
const ENTER = 0;
const SCAN = 1;
const BACKTRACK = 2;

/** Configurations the first call of a search records before it leaves once; see `run`. */
const WARM_UP_CONFIGURATIONS = 64;

/** Why the loop stopped: its allowance ran out, it decided, or a budget ran out. */
const PAUSED = 0;
const LINEARIZED = 1;
const NOT_LINEARIZABLE = 2;
const OUT_OF_TIME = 3;
const OUT_OF_MEMORY = 4;

/**
 * The resumable search of one partition. Create it, then call {@link run} until it returns a
 * result; each call records at most `allowance` new configurations.
 */
export class PartitionSearch<State, Input, Output> {
  /** Configurations recorded so far. */
  get exploredConfigurations(): number {
    return this.cache.size;
  }

  /** The position (in the partition) of the operation with each rank; see the constructor. */
  private readonly positionOfRank: number[];
  private readonly inputs: Input[] = [];
  private readonly outputs: (Output | null)[] = [];
  private readonly completed: Uint8Array;
  private readonly readOnly: Uint8Array;
  private readonly next: Int32Array;
  private readonly previous: Int32Array;
  private readonly head: number;
  private readonly operationCount: number;
  private readonly set: LinearizedSet;
  private readonly cache: ConfigurationCache<State>;

  // The explicit stack: one frame per linearized operation.
  private readonly frameOperation: Int32Array;
  private readonly frameSuccessorIndex: Int32Array;
  private readonly frameForced: Uint8Array;
  private readonly frameStateHash: Int32Array;
  private readonly frameState: State[];
  private readonly frameSuccessors: (readonly State[])[];

  // Loop variables, saved here while the search is paused.
  private depth = 0;
  private remainingCompleted = 0;
  private state: State;
  private stateHash: number;
  private entry = -1;
  private mode = ENTER;
  /** 0 while SCAN looks at completed candidates, 1 while it looks at those without return. */
  private pendingPass = 0;
  private iterations = 0;
  private started = false;

  // The deepest failure seen, for the report.
  private longestDepth = -1;
  /** The deepest failed configuration's operations; entries below `unchangedDepth` are current. */
  private readonly longestPrefix: Int32Array;
  /** Lowest stack depth since the last record: frames below it have not changed since. */
  private unchangedDepth = 0;
  private longestCandidates: number[] = [];
  private longestState: State | undefined;

  constructor(
    private readonly model: LinearizabilityModel<State, Input, Output>,
    operations: readonly HistoryOperation<Input, Output>[],
    memory: MemoryBudget,
    /** Where the search's arrays come from: one buffer for the whole check (see arena.ts). */
    arrays: TypedArena,
  ) {
    const count = operations.length;
    // Rank completed operations by return time and the others by call time. Every completed
    // operation that returned before the first unlinearized one is linearized, and the search
    // tries operations without return soon after their call, so the linearized set is mostly a
    // prefix of ranks, which the cache stores compactly (see configuration-cache.ts).
    const rankKeys = arrays.float64(count);
    const positionCalls = arrays.float64(count);
    const positionOfRank: number[] = [];
    for (let position = 0; position < count; position++) {
      const operation = operations[position] as HistoryOperation<Input, Output>;
      rankKeys[position] = operation.return ?? operation.call;
      positionCalls[position] = operation.call;
      positionOfRank.push(position);
    }
    sortPositions(positionOfRank, rankKeys, positionCalls);
    this.positionOfRank = positionOfRank;
    this.completed = arrays.uint8(count);
    this.readOnly = arrays.uint8(count);
    this.frameForced = arrays.uint8(count);
    for (let rank = 0; rank < count; rank++) {
      const operation = operations[positionOfRank[rank] as number] as HistoryOperation<Input, Output>;
      this.inputs.push(operation.input);
      this.outputs.push(operation.output);
      if (operation.return !== null) {
        this.completed[rank] = 1;
        this.remainingCompleted++;
      }
      if (model.isReadOnly?.(operation.input, operation.output) === true) this.readOnly[rank] = 1;
    }

    // Entries: 2*rank is the call of the operation with that rank, 2*rank+1 its return, in time
    // order; at equal times calls come first, so touching intervals count as concurrent. Ranks
    // already list completed operations by return time, so only the calls need sorting (and a
    // history recorded in invocation order is presorted), then the two sequences are merged.
    const integers = arrays.int32(2 * (2 * count + 1) + 5 * count);
    const rankOfPosition = integers.subarray(8 * count + 2, 9 * count + 2);
    for (let rank = 0; rank < count; rank++) rankOfPosition[positionOfRank[rank] as number] = rank;
    const byCall: number[] = [];
    for (let position = 0; position < count; position++) byCall.push(position);
    sortPositions(byCall, positionCalls, positionCalls);
    this.head = 2 * count;
    this.operationCount = count;
    this.next = integers.subarray(0, 2 * count + 1).fill(-1);
    this.previous = integers.subarray(2 * count + 1, 4 * count + 2).fill(-1);
    this.frameOperation = integers.subarray(4 * count + 2, 5 * count + 2);
    this.frameSuccessorIndex = integers.subarray(5 * count + 2, 6 * count + 2);
    this.frameStateHash = integers.subarray(6 * count + 2, 7 * count + 2);
    this.longestPrefix = integers.subarray(7 * count + 2, 8 * count + 2);
    const next = this.next;
    const previous = this.previous;
    const completed = this.completed;
    let last = this.head;
    let nextReturn = 0;
    while (nextReturn < count && completed[nextReturn] !== 1) nextReturn++;
    for (const position of byCall) {
      const time = positionCalls[position] as number;
      // For a completed operation the rank key is its return time.
      while (nextReturn < count && (rankKeys[positionOfRank[nextReturn] as number] as number) < time) {
        const entry = 2 * nextReturn + 1;
        next[last] = entry;
        previous[entry] = last;
        last = entry;
        nextReturn++;
        while (nextReturn < count && completed[nextReturn] !== 1) nextReturn++;
      }
      const entry = 2 * (rankOfPosition[position] as number);
      next[last] = entry;
      previous[entry] = last;
      last = entry;
    }
    for (; nextReturn < count; nextReturn++) {
      if (completed[nextReturn] !== 1) continue;
      const entry = 2 * nextReturn + 1;
      next[last] = entry;
      previous[entry] = last;
      last = entry;
    }

    this.set = new LinearizedSet(count, arrays);
    this.cache = new ConfigurationCache<State>(model, memory, this.set.words.length, arrays);
    this.frameState = genericArray<State>(count);
    this.frameSuccessors = genericArray<readonly State[]>(count);
    this.state = model.init();
    this.stateHash = model.hash(this.state) | 0;
  }

  /** Gives the cache's memory back to the shared budget; the search cannot run afterwards. */
  release(): void {
    this.cache.release();
  }

  /**
   * Continues the search until it decides, until it has recorded `allowance` more
   * configurations (returns `undefined`: call again), or until `clock` passes its deadline.
   *
   * The three modes share one tail that records the chosen configuration and pushes a frame,
   * so the loop stays small: a first check runs while the JIT compiles it, and a smaller loop
   * compiles (and recompiles, when a branch is first taken) in less time.
   */
  run(allowance: number, clock: SearchClock | undefined): PartitionSearchResult | undefined {
    let stop: number;
    if (!this.started) {
      // Record a few dozen configurations first and leave: the loop's exit then has run once
      // with type feedback (V8 allocates a function's feedback only after its first few dozen
      // loop iterations) before the JIT compiles the loop, and compiled code does not have to be
      // thrown away when the first slice ends. The search itself is the same (it resumes where
      // it stopped).
      this.started = true;
      const before = this.cache.size;
      stop = this.search(Math.min(WARM_UP_CONFIGURATIONS, allowance), clock);
      if (stop === PAUSED && allowance > WARM_UP_CONFIGURATIONS) {
        // Likewise for the cache's path that finds a configuration already recorded, which a
        // search may first take thousands of configurations in: look up the configuration the
        // search just entered (recorded by the last insert, so this changes nothing).
        this.cache.insert(this.set, this.state, this.stateHash);
        stop = this.search(allowance - (this.cache.size - before), clock);
      }
    } else {
      stop = this.search(allowance, clock);
    }
    return this.outcome(stop);
  }

  /**
   * The result for the loop's stop code. It is built here rather than in the loop: code that
   * runs once, at the end, has no type feedback when the loop is compiled, and reaching it would
   * throw the compiled loop away (and compile it again for the next partition).
   */
  private outcome(stop: number): PartitionSearchResult | undefined {
    switch (stop) {
      case LINEARIZED:
        return this.linearized(this.depth);
      case NOT_LINEARIZABLE:
        return this.notLinearizable();
      case OUT_OF_TIME:
        return TIME_LIMIT;
      case OUT_OF_MEMORY:
        return MEMORY_BUDGET;
      default:
        return undefined;
    }
  }

  /** The loop of {@link run}. */
  private search(allowance: number, clock: SearchClock | undefined): number {
    const model = this.model;
    const inputs = this.inputs;
    const outputs = this.outputs;
    const completed = this.completed;
    const readOnly = this.readOnly;
    const next = this.next;
    const previous = this.previous;
    const head = this.head;
    const operationCount = this.operationCount;
    const set = this.set;
    const cache = this.cache;
    const frameOperation = this.frameOperation;
    const frameSuccessorIndex = this.frameSuccessorIndex;
    const frameForced = this.frameForced;
    const frameStateHash = this.frameStateHash;
    const frameState = this.frameState;
    const frameSuccessors = this.frameSuccessors;
    const stopAt = cache.size + Math.max(0, allowance);

    let depth = this.depth;
    let remainingCompleted = this.remainingCompleted;
    let state = this.state;
    let stateHash = this.stateHash;
    let entry = this.entry;
    let mode = this.mode;
    let pendingPass = this.pendingPass;
    let iterations = this.iterations;
    let stop = PAUSED;

    for (;;) {
      if (cache.size >= stopAt) break;
      if (++iterations % CLOCK_INTERVAL === 0 && clock !== undefined && clock.now() > clock.deadline) {
        stop = OUT_OF_TIME;
        break;
      }

      // Each mode picks an operation (`rank`) and tries to record the configurations it leads
      // to; the shared tail below pushes the first new one, or moves on.
      let rank: number;
      let forced = 0;
      let successors: readonly State[] = NO_SUCCESSORS;
      let index = 0;
      let successor = state;
      let successorHash = stateHash;
      let outcome: number = CACHE_PRESENT;
      if (mode === ENTER) {
        if (remainingCompleted === 0) {
          stop = LINEARIZED;
          break;
        }
        // Read-only operations first: a legal one is taken without branching (its one next
        // state is `state` itself, see LinearizabilityModel.isReadOnly).
        rank = -1;
        for (let item = next[head] as number; item !== -1 && (item & 1) === 0; item = next[item] as number) {
          const candidate = item >>> 1;
          if (readOnly[candidate] === 1) {
            successors = model.step(state, inputs[candidate] as Input, outputs[candidate] as Output | null);
            if (successors.length > 0) {
              rank = candidate;
              break;
            }
          }
        }
        if (rank === -1) {
          entry = next[head] as number;
          pendingPass = 0;
          mode = SCAN;
          continue;
        }
        forced = 1;
      } else if (mode === SCAN) {
        if (entry === -1 || (entry & 1) === 1) {
          // The end of the candidates: once more for those without return, if any is left.
          if (pendingPass === 0 && operationCount - depth > remainingCompleted) {
            pendingPass = 1;
            entry = next[head] as number;
            continue;
          }
          mode = BACKTRACK;
          continue;
        }
        rank = entry >>> 1;
        // Completed candidates in the first pass, the others in the second.
        if (completed[rank] === pendingPass) {
          entry = next[entry] as number;
          continue;
        }
        // A read-only candidate is already known to be illegal here (ENTER tried it).
        successors = readOnly[rank] === 1 ? NO_SUCCESSORS : model.step(state, inputs[rank] as Input, outputs[rank] as Output | null);
        if (successors.length === 0) {
          entry = next[entry] as number;
          continue;
        }
      } else {
        // BACKTRACK: the current configuration has failed.
        if (depth > this.longestDepth) this.recordLongest(depth, state);
        if (depth === 0) {
          stop = NOT_LINEARIZABLE;
          break;
        }
        depth--;
        if (depth < this.unchangedDepth) this.unchangedDepth = depth;
        rank = frameOperation[depth] as number;
        state = frameState[depth] as State;
        stateHash = frameStateHash[depth] as number;
        // Put the operation back into the list, return entry first (reverse order of lifting).
        if (completed[rank] === 1) {
          const item = 2 * rank + 1;
          next[previous[item] as number] = item;
          if (next[item] !== -1) previous[next[item] as number] = item;
          remainingCompleted++;
        }
        const item = 2 * rank;
        next[previous[item] as number] = item;
        if (next[item] !== -1) previous[next[item] as number] = item;
        // Other outcomes of the same operation, if the model is nondeterministic. A forced
        // read has one only: it failed, so the configuration before it fails too (the tail
        // below takes it out of the set and goes on backtracking).
        forced = frameForced[depth] as number;
        successors = frameSuccessors[depth] as readonly State[];
        index = (frameSuccessorIndex[depth] as number) + 1;
      }
      // ENTER and SCAN add the chosen operation to the set; BACKTRACK's is in it already.
      if (mode !== BACKTRACK) set.add(rank);
      // The first successor not recorded yet, if any. The index moves on in every round (by 0
      // when the search stops at this successor), so that the increment has type feedback from
      // the first round; a configuration seen before may first come up after the JIT compiled
      // the loop.
      while (index < successors.length) {
        successor = successors[index] as State;
        successorHash = successor === state ? stateHash : model.hash(successor) | 0;
        outcome = cache.insert(set, successor, successorHash);
        const seen = outcome === CACHE_PRESENT ? 1 : 0;
        index += seen;
        if (seen === 0) break;
      }

      if (outcome === CACHE_INSERTED) {
        frameOperation[depth] = rank;
        frameState[depth] = state;
        frameStateHash[depth] = stateHash;
        frameSuccessors[depth] = successors;
        frameSuccessorIndex[depth] = index;
        frameForced[depth] = forced;
        depth++;
        state = successor;
        stateHash = successorHash;
        // Lift the operation out of the list.
        let item = 2 * rank;
        next[previous[item] as number] = next[item] as number;
        if (next[item] !== -1) previous[next[item] as number] = previous[item] as number;
        if (completed[rank] === 1) {
          item++;
          next[previous[item] as number] = next[item] as number;
          if (next[item] !== -1) previous[next[item] as number] = previous[item] as number;
          remainingCompleted--;
        }
        mode = ENTER;
        continue;
      }
      set.remove(rank);
      if (outcome === CACHE_FULL) {
        stop = OUT_OF_MEMORY;
        break;
      }
      if (forced === 1) {
        mode = BACKTRACK;
      } else {
        entry = next[2 * rank] as number;
        pendingPass = 1 - (completed[rank] as number);
        mode = SCAN;
      }
    }

    this.depth = depth;
    this.remainingCompleted = remainingCompleted;
    this.state = state;
    this.stateHash = stateHash;
    this.entry = entry;
    this.mode = mode;
    this.pendingPass = pendingPass;
    this.iterations = iterations;
    return stop;
  }

  /** The verdict when every completed operation is linearized: the frames, as positions. */
  private linearized(depth: number): PartitionSearchResult {
    const linearization: number[] = [];
    for (let i = 0; i < depth; i++) linearization.push(this.positionOfRank[this.frameOperation[i] as number] as number);
    return { verdict: 'linearizable', linearization };
  }

  /** The verdict when the first configuration has failed: the deepest failure seen. */
  private notLinearizable(): PartitionSearchResult {
    const toPosition = (rank: number): number => this.positionOfRank[rank] as number;
    return {
      verdict: 'not-linearizable',
      longestPrefix: Array.from(this.longestPrefix.subarray(0, this.longestDepth), toPosition),
      unplaceable: this.longestCandidates.map(toPosition),
      stateAfterPrefix: this.model.describeState(this.longestState as State),
    };
  }

  /** Keeps the current (failed) configuration as the deepest one, with its candidates. */
  private recordLongest(depth: number, state: State): void {
    this.longestDepth = depth;
    // Only the frames pushed since the last record can differ: copying them keeps the total
    // cost linear in the number of pushes.
    this.longestPrefix.set(this.frameOperation.subarray(this.unchangedDepth, depth), this.unchangedDepth);
    this.unchangedDepth = depth;
    const candidates: number[] = [];
    for (let item = this.next[this.head] as number; item !== -1; item = this.next[item] as number) {
      if ((item & 1) === 1) {
        // The operation whose return forced the search back goes first.
        const blocking = item >>> 1;
        this.longestCandidates = [blocking, ...candidates.filter((rank) => rank !== blocking)];
        this.longestState = state;
        return;
      }
      if (this.completed[item >>> 1] === 1) candidates.push(item >>> 1);
    }
    this.longestCandidates = candidates;
    this.longestState = state;
  }
}
