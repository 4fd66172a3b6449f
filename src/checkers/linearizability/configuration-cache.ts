/**
 * The memo of the linearizability search: which (set of linearized operations, model state)
 * configurations were already entered, so that none is explored twice.
 *
 * Operations are numbered so that the linearized set is almost always "every operation up to
 * some rank, plus a few more" (see search.ts). Small partitions store their bitset words as
 * they are. Large ones store only the last non-zero word and the words that are not all ones,
 * as (index, value) pairs: an entry costs a few words even for 10,000 operations.
 */

import type { TypedArena } from './arena.ts';
import { mix32 } from './hash.ts';

/** Partitions with at most this many bitset words store them densely. */
const DENSE_WORD_LIMIT = 16;

/**
 * A bitset over operation ranks with an incrementally maintained Zobrist hash, and the
 * bookkeeping that lets the cache encode it sparsely without scanning every word.
 */
export class LinearizedSet {
  readonly words: Int32Array;
  /** Bit w is set when words[w] has all bits set. */
  readonly fullWords: Int32Array;
  /** Index of the first word that is not all ones. */
  firstNonFullWord = 0;
  /** Index of the last non-zero word, or -1. */
  lastNonZeroWord = -1;
  /** XOR of the per-operation keys of the members; order-independent, updated in O(1). */
  hash = 0;
  private readonly keys: Int32Array;
  /**
   * `words` between two sentinels: padded[0] = -1 (not zero) and padded[count + 1] = 0 (not all
   * ones), so the scans in add and remove stop without a bounds test.
   */
  private readonly padded: Int32Array;

  constructor(size: number, arrays: TypedArena) {
    const count = Math.max(1, (size + 31) >>> 5);
    this.padded = arrays.int32(count + 2);
    this.padded[0] = -1;
    this.words = this.padded.subarray(1, count + 1);
    this.fullWords = arrays.int32((count + 31) >>> 5);
    this.keys = zobristKeys(size);
  }

  // add and remove run inside the search loop, which the JIT compiles with them inlined. Code
  // that runs only on a rare branch has no type feedback yet, and the first time it runs, the
  // compiled loop is thrown away and compiled again (tens of milliseconds, on a first check). So
  // both are written with (nearly) every operation on the common path; the results are the same
  // as with the obvious branches.
  add(index: number): void {
    const word = index >>> 5;
    const words = this.words;
    const padded = this.padded;
    const fullWords = this.fullWords;
    const firstNonFull = this.firstNonFullWord;
    const lastNonZero = this.lastNonZeroWord;
    const bit = 1 << (word & 31);
    const updated = (words[word] as number) | (1 << (index & 31));
    words[word] = updated;
    this.hash ^= this.keys[index] as number;
    this.lastNonZeroWord = Math.max(word, lastNonZero);
    const full = updated === -1;
    const fullBit = full ? bit : 0;
    fullWords[word >>> 5] = (fullWords[word >>> 5] as number) | fullBit;
    // When the first non-full word fills up, look for the next one (padded index = word + 1).
    // The loop body runs at least once, from one before the first word to look at.
    const atFirst = word === firstNonFull;
    const scanning = full && atFirst;
    const nextWord = word + 1;
    const end = words.length;
    let first = (scanning ? nextWord : end) - 1;
    do first++;
    while (padded[first + 1] === -1);
    this.firstNonFullWord = scanning ? first : firstNonFull;
  }

  remove(index: number): void {
    const word = index >>> 5;
    const words = this.words;
    const padded = this.padded;
    const fullWords = this.fullWords;
    const firstNonFull = this.firstNonFullWord;
    const lastNonZero = this.lastNonZeroWord;
    const bit = 1 << (word & 31);
    const before = words[word] as number;
    const updated = before & ~(1 << (index & 31));
    words[word] = updated;
    this.hash ^= this.keys[index] as number;
    const wasFull = before === -1;
    const clearBit = ~bit;
    fullWords[word >>> 5] = (fullWords[word >>> 5] as number) & (wasFull ? clearBit : -1);
    const lowered = word < firstNonFull;
    this.firstNonFullWord = wasFull && lowered ? word : firstNonFull;
    // When the last non-zero word empties, look back for the previous one (padded[0] stops it).
    const atLast = word === lastNonZero;
    const emptied = updated === 0;
    const scanning = emptied && atLast;
    const previousWord = word - 1;
    let last = (scanning ? previousWord : -1) + 1;
    do last--;
    while (padded[last + 1] === 0);
    this.lastNonZeroWord = scanning ? last : lastNonZero;
  }
}

/** The per-rank keys of every set so far (they depend on the rank alone); grown on demand. */
let sharedKeys = new Int32Array(0);

/** Keys for ranks 0 to size - 1: computed once per process rather than once per partition. */
function zobristKeys(size: number): Int32Array {
  if (sharedKeys.length < size) {
    const keys = new Int32Array(Math.max(size, 2 * sharedKeys.length));
    keys.set(sharedKeys);
    for (let i = sharedKeys.length; i < keys.length; i++) keys[i] = mix32(Math.imul(i + 1, 0x9e3779b1));
    sharedKeys = keys;
  }
  return sharedKeys;
}

/** Result of {@link ConfigurationCache.insert}. */
export const CACHE_PRESENT = 0;
export const CACHE_INSERTED = 1;
export const CACHE_FULL = 2;
export type CacheInsertResult = typeof CACHE_PRESENT | typeof CACHE_INSERTED | typeof CACHE_FULL;

/** Bytes per entry outside the word arena and table: two Int32 columns plus a state reference. */
const ENTRY_BYTES = 2 * 4 + 8;

/** Memory shared by every cache of one check; caches grow only while `usedBytes <= limitBytes`. */
export interface MemoryBudget {
  usedBytes: number;
  readonly limitBytes: number;
}

const INITIAL_ENTRIES = 32;
/** Cache arrays up to this many words grow inside the check's arena (see `fresh`). */
const ARENA_GROWTH_MAX_WORDS = 1024;
const NO_WORDS = new Int32Array(0);

/**
 * Open-addressing hash set of configurations. The table holds (entry + 1, hash) pairs, so a probe
 * that misses never touches the entries; entries live in parallel typed arrays and the bitset
 * encodings in one growing arena, so inserting allocates nothing in the common case.
 */
export class ConfigurationCache<State> {
  /** Pairs: entry index + 1 (0: free slot), then the configuration's hash. */
  private table: Int32Array;
  private mask: number;
  private entryStart: Int32Array;
  private entryLength: Int32Array;
  private entryStates: State[];
  private arena: Int32Array;
  private arenaUsed = 0;
  size = 0;
  private readonly dense: boolean;
  /** The encoding of the set being looked up (sparse mode). */
  private readonly scratch: Int32Array;

  constructor(
    private readonly model: { equal(a: State, b: State): boolean },
    private readonly memory: MemoryBudget,
    wordCount: number,
    /** Where the arrays come from while they are small (one buffer per check, see arena.ts). */
    private readonly arrays: TypedArena,
  ) {
    this.dense = wordCount <= DENSE_WORD_LIMIT;
    this.scratch = arrays.int32(this.dense ? wordCount : 1 + 2 * wordCount);
    // Start small even when many entries are expected: the cache then grows within the first
    // few dozen configurations, while the search still runs in the interpreter, so the growth
    // path has type feedback when the JIT compiles the search. Starting at the expected size
    // saved a few rehashes but made the first growth, on a first check, throw the compiled
    // search away and compile it again.
    const arenaWordsPerEntry = this.dense ? wordCount : 3;
    const entries = INITIAL_ENTRIES;
    this.table = arrays.int32(entries * 4);
    this.mask = entries * 2 - 1;
    this.entryStart = arrays.int32(entries);
    this.entryLength = arrays.int32(entries);
    this.arena = arrays.int32(entries * arenaWordsPerEntry);
    this.entryStates = genericArray<State>(entries);
    memory.usedBytes += this.bytes;
  }

  /** Approximate bytes held by the cache's own arrays. */
  get bytes(): number {
    return this.table.length * 4 + this.entryStart.length * ENTRY_BYTES + this.arena.length * 4;
  }

  /** Drops every entry and returns the memory to the budget. */
  release(): void {
    this.memory.usedBytes -= this.bytes;
    this.table = this.entryStart = this.entryLength = this.arena = NO_WORDS;
    this.entryStates = [];
    this.size = 0;
  }

  /**
   * Writes the sparse encoding of `set` into the scratch buffer and returns its length: the last
   * non-zero word's index, then (index, value) of every word up to it that is not all ones (the
   * words before the first such pair are all ones).
   */
  private encodeSparse(set: LinearizedSet): number {
    const words = set.words;
    const scratch = this.scratch;
    const last = set.lastNonZeroWord;
    let length = 0;
    scratch[length++] = last;
    const first = set.firstNonFullWord;
    if (first > last) return length;
    const fullWords = set.fullWords;
    for (let block = first >>> 5; block <= last >>> 5; block++) {
      let open = ~(fullWords[block] as number);
      if (block === first >>> 5) open &= -1 << (first & 31);
      if (block === last >>> 5 && (last & 31) !== 31) open &= (1 << ((last & 31) + 1)) - 1;
      while (open !== 0) {
        const lowest = open & -open;
        const word = (block << 5) + (31 - Math.clz32(lowest));
        scratch[length++] = word;
        scratch[length++] = words[word] as number;
        open ^= lowest;
      }
    }
    return length;
  }

  /**
   * Records (set, state) unless an equal configuration is already present. Returns
   * {@link CACHE_FULL} instead of growing past the memory budget.
   */
  insert(set: LinearizedSet, state: State, stateHash: number): CacheInsertResult {
    const hash = mix32(set.hash ^ Math.imul(stateHash, 0x9e3779b1));
    // Dense partitions compare the set's own words; sparse ones their encoding.
    const key = this.dense ? set.words : this.scratch;
    const length = this.dense ? key.length : this.encodeSparse(set);
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const stored = table[2 * slot] as number;
      if (stored === 0) break;
      if (table[2 * slot + 1] === hash) {
        const entry = stored - 1;
        if (this.entryLength[entry] === length) {
          const start = this.entryStart[entry] as number;
          const arena = this.arena;
          let same = true;
          for (let i = 0; i < length; i++) {
            if (arena[start + i] !== key[i]) {
              same = false;
              break;
            }
          }
          if (same && this.model.equal(this.entryStates[entry] as State, state)) return CACHE_PRESENT;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (!this.reserve(length)) return CACHE_FULL;
    const entry = this.size++;
    this.entryLength[entry] = length;
    const start = this.arenaUsed;
    this.entryStart[entry] = start;
    const arena = this.arena;
    for (let i = 0; i < length; i++) arena[start + i] = key[i] as number;
    this.arenaUsed = start + length;
    this.entryStates[entry] = state;
    // reserve() may have rehashed into a new table: probe again (always, so that this loop is
    // not a rarely taken branch, see LinearizedSet.add).
    const target = this.table;
    const targetMask = this.mask;
    slot = hash & targetMask;
    while (target[2 * slot] !== 0) slot = (slot + 1) & targetMask;
    target[2 * slot] = entry + 1;
    target[2 * slot + 1] = hash;
    return CACHE_INSERTED;
  }

  /** Makes room for one more entry of `words` words; false when that would exceed the budget. */
  private reserve(words: number): boolean {
    const slots = this.table.length >>> 1;
    const needTable = (this.size + 1) * 2 > slots;
    const needEntries = this.size + 1 > this.entryStart.length;
    const needArena = this.arenaUsed + words > this.arena.length;
    if (!needTable && !needEntries && !needArena) return true;
    const tableLength = needTable ? this.table.length * 2 : this.table.length;
    const entryCapacity = needEntries ? this.entryStart.length * 2 : this.entryStart.length;
    let arenaLength = Math.max(1, this.arena.length);
    while (this.arenaUsed + words > arenaLength) arenaLength *= 2;
    const projected = tableLength * 4 + entryCapacity * ENTRY_BYTES + arenaLength * 4;
    const growth = projected - this.bytes;
    if (this.memory.usedBytes + growth > this.memory.limitBytes) return false;
    this.memory.usedBytes += growth;
    if (needEntries) {
      this.entryStart = this.grow(this.entryStart, entryCapacity);
      this.entryLength = this.grow(this.entryLength, entryCapacity);
      // States grow with the other columns, so insert always stores in bounds (a push only on
      // growth would be a branch the compiled search has not seen, see LinearizedSet.add).
      const states = this.entryStates;
      while (states.length < entryCapacity) states.push(undefined as State);
    }
    if (needArena) this.arena = this.grow(this.arena, arenaLength);
    if (needTable) this.rehash(tableLength);
    return true;
  }

  private rehash(tableLength: number): void {
    const table = this.fresh(tableLength);
    const mask = (tableLength >>> 1) - 1;
    const old = this.table;
    for (let slot = 0; slot < old.length; slot += 2) {
      const stored = old[slot] as number;
      if (stored === 0) continue;
      const hash = old[slot + 1] as number;
      let target = hash & mask;
      while (table[2 * target] !== 0) target = (target + 1) & mask;
      table[2 * target] = stored;
      table[2 * target + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
  }

  /**
   * A zero-filled array for the cache. While it is small it is a view of the check's arena: a new
   * typed array allocates a backing store of its own (about a microsecond), and a cache that grows
   * from its first 32 entries to a few thousand did so 20 times per check, a sixth of the time of
   * a check like etcd_056's (755 configurations). Larger ones (from 4 KB) are allocated on their
   * own, so that the memory of a large cache's old arrays is freed as it grows (an arena buffer
   * lives as long as any view of it); with 32 KB as the limit, the first check of c50-ok (50
   * partitions, 170,000 configurations) took 15 to 25% longer, for 6% less time per check on
   * etcd_056 warm.
   */
  private fresh(length: number): Int32Array {
    return length <= ARENA_GROWTH_MAX_WORDS ? this.arrays.int32(length) : new Int32Array(length);
  }

  private grow(array: Int32Array, length: number): Int32Array {
    const grown = this.fresh(length);
    grown.set(array);
    return grown;
  }
}

/**
 * At least the bytes a cache of a set over `setSize` operations holds (and charges to its
 * {@link MemoryBudget}) once it has recorded `entries` configurations: its table, entry columns
 * and word arena, each at most twice what the entries need or at its initial size. Lets a caller
 * know that a search recording that many could not run out of memory.
 */
export function cacheBytesUpperBound(entries: number, setSize: number): number {
  const wordCount = Math.max(1, (setSize + 31) >>> 5);
  const maxWordsPerEntry = wordCount <= DENSE_WORD_LIMIT ? wordCount : 1 + 2 * wordCount;
  const tableBytes = 4 * (4 * INITIAL_ENTRIES + 8 * (entries + 1));
  const entryBytes = ENTRY_BYTES * (INITIAL_ENTRIES + 2 * entries);
  const arenaBytes = 4 * (INITIAL_ENTRIES * (maxWordsPerEntry + 3) + 2 * (entries + 1) * maxWordsPerEntry);
  return tableBytes + entryBytes + arenaBytes;
}

/**
 * An array of `length` undefined slots that can hold any value. A fresh array starts out typed
 * for small integers, and the first state stored in it changes that; compiled code that had seen
 * only the other kind is then thrown away (once per partition, on a first check).
 */
export function genericArray<T>(length: number): T[] {
  return new Array<T>(length).fill(undefined as T);
}
