// A measurement prototype, not part of faultline: the partition search of
// src/checkers/linearizability/search.ts in AssemblyScript, to learn what a first check costs
// when its first run is WebAssembly (docs/linearizability.md, "A WebAssembly search").
// It takes the candidates in the same order (a legal read-only one without branching, then the
// completed ones in list order, then those without return), so it records the same
// configurations as the TypeScript search, which measure.ts checks on every file.
// Left out, as a prototype: nondeterministic models (one successor per step), the failure
// report (longest prefix, linearization), the memory and time budgets, and the insertion sort's
// fallback for histories far from time order.
//
// measure.ts builds two modules from this template: MODEL_STEP becomes the etcd register's
// step (model-etcd-register.ts) or a call into JavaScript (model-callback.ts).
//
// The block for n operations, written by JavaScript (glue.ts):
//   f64 call[n], f64 return[n] (Infinity: no return),
//   i32 kind[n], a[n], b[n], known[n], out[n], readOnly[n]
// (kind, a, b, known and out are the etcd register's; the callback build leaves them unused.)

//MODEL_IMPORTS


// @ts-ignore: decorator
@inline function ld(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function st(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}
// @ts-ignore: decorator
@inline function ldf(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** A block for n operations (see the layout above); the search made from it owns it. */
export function prepare(n: i32): usize {
  return heap.alloc(<usize>(n * 8 * 2 + n * 4 * 6 + 16));
}

/** Sorts `count` positions at `order` by key1, then key2, then position (insertion sort). */
function sortPositions(order: usize, count: i32, key1: usize, key2: usize): void {
  for (let i = 1; i < count; i++) {
    const p = ld(order, i);
    const k = ldf(key1, p);
    const t = ldf(key2, p);
    let j = i - 1;
    for (; j >= 0; j--) {
      const o = ld(order, j);
      const ok = ldf(key1, o);
      const ot = ldf(key2, o);
      if (ok < k || (ok == k && (ot < t || (ot == t && o < p)))) break;
      st(order, j + 1, o);
    }
    st(order, j + 1, p);
  }
}

const ENTER = 0;
const SCAN = 1;
const BACKTRACK = 2;

/** A resumable search of one partition, as src/checkers/linearizability/search.ts's PartitionSearch. */
// @ts-ignore: decorator
@unmanaged class Search {
  n: i32;
  block: usize;
  callAt: usize;
  retAt: usize;
  kindAt: usize;
  aAt: usize;
  bAt: usize;
  knownAt: usize;
  outAt: usize;
  readOnlyAt: usize;
  positionOfRank: usize;
  completed: usize;
  next: usize;
  previous: usize;
  bits: usize;
  frameOp: usize;
  frameState: usize;
  frameForced: usize;
  // The configuration cache.
  words: i32;
  tableMask: i32;
  table: usize;
  keys: usize;
  keyCount: i32;
  keyCapacity: i32;
  // Loop variables while paused.
  depth: i32 = 0;
  remaining: i32 = 0;
  state: i32;
  entry: i32 = -1;
  mode: i32 = ENTER;
  pendingPass: i32 = 0;

  constructor(block: usize, n: i32, initialState: i32) {
    this.n = n;
    this.block = block;
    this.callAt = block;
    this.retAt = block + (<usize>n << 3);
    this.kindAt = this.retAt + (<usize>n << 3);
    this.aAt = this.kindAt + (<usize>n << 2);
    this.bAt = this.aAt + (<usize>n << 2);
    this.knownAt = this.bAt + (<usize>n << 2);
    this.outAt = this.knownAt + (<usize>n << 2);
    this.readOnlyAt = this.outAt + (<usize>n << 2);
    this.state = initialState;
    const callAt = this.callAt;
    const retAt = this.retAt;
    const rankKey = heap.alloc(<usize>n << 3);
    const positionOfRank = heap.alloc(<usize>n << 2);
    const byCall = heap.alloc(<usize>n << 2);
    for (let p = 0; p < n; p++) {
      const r = ldf(retAt, p);
      store<f64>(rankKey + (<usize>p << 3), r == Infinity ? ldf(callAt, p) : r);
      st(positionOfRank, p, p);
      st(byCall, p, p);
    }
    sortPositions(positionOfRank, n, rankKey, callAt);
    sortPositions(byCall, n, callAt, callAt);
    const rankOfPosition = heap.alloc(<usize>n << 2);
    const completed = heap.alloc(<usize>n << 2);
    let remaining = 0;
    for (let r = 0; r < n; r++) {
      const p = ld(positionOfRank, r);
      st(rankOfPosition, p, r);
      const done = ldf(retAt, p) != Infinity ? 1 : 0;
      st(completed, r, done);
      remaining += done;
    }
    this.remaining = remaining;
    const head = 2 * n;
    const next = heap.alloc(<usize>(2 * n + 1) << 2);
    const previous = heap.alloc(<usize>(2 * n + 1) << 2);
    memory.fill(next, 0xff, <usize>(2 * n + 1) << 2);
    memory.fill(previous, 0xff, <usize>(2 * n + 1) << 2);
    let last = head;
    let nextReturn = 0;
    while (nextReturn < n && ld(completed, nextReturn) != 1) nextReturn++;
    for (let i = 0; i < n; i++) {
      const p = ld(byCall, i);
      const time = ldf(callAt, p);
      while (nextReturn < n && ldf(rankKey, ld(positionOfRank, nextReturn)) < time) {
        const e = 2 * nextReturn + 1;
        st(next, last, e);
        st(previous, e, last);
        last = e;
        nextReturn++;
        while (nextReturn < n && ld(completed, nextReturn) != 1) nextReturn++;
      }
      const e = 2 * ld(rankOfPosition, p);
      st(next, last, e);
      st(previous, e, last);
      last = e;
    }
    for (; nextReturn < n; nextReturn++) {
      if (ld(completed, nextReturn) != 1) continue;
      const e = 2 * nextReturn + 1;
      st(next, last, e);
      st(previous, e, last);
      last = e;
    }
    heap.free(rankKey);
    heap.free(byCall);
    heap.free(rankOfPosition);
    this.positionOfRank = positionOfRank;
    this.completed = completed;
    this.next = next;
    this.previous = previous;
    const words = (n + 31) >> 5;
    this.words = words;
    this.bits = heap.alloc(<usize>words << 2);
    memory.fill(this.bits, 0, <usize>words << 2);
    this.tableMask = 255;
    this.table = heap.alloc(256 << 2);
    memory.fill(this.table, 0xff, 256 << 2);
    this.keyCapacity = 128;
    this.keyCount = 0;
    this.keys = heap.alloc(<usize>this.keyCapacity * <usize>(words + 1) * 4);
    this.frameOp = heap.alloc(<usize>n << 2);
    this.frameState = heap.alloc(<usize>n << 2);
    this.frameForced = heap.alloc(<usize>n << 2);
  }

  release(): void {
    heap.free(this.block);
    heap.free(this.positionOfRank);
    heap.free(this.completed);
    heap.free(this.next);
    heap.free(this.previous);
    heap.free(this.bits);
    heap.free(this.table);
    heap.free(this.keys);
    heap.free(this.frameOp);
    heap.free(this.frameState);
    heap.free(this.frameForced);
  }

  hashKey(bits: usize, state: i32): u32 {
    const words = this.words;
    let h: u32 = <u32>state * 0x9e3779b1;
    for (let i = 0; i < words; i++) {
      h = (h ^ load<u32>(bits + (<usize>i << 2))) * 0x85ebca6b;
      h ^= h >>> 13;
    }
    return h;
  }

  insert(bits: usize, state: i32): bool {
    const words = this.words;
    const stride = <usize>(words + 1) << 2;
    let slot = <i32>this.hashKey(bits, state) & this.tableMask;
    while (true) {
      const e = load<i32>(this.table + (<usize>slot << 2));
      if (e == -1) break;
      const at = this.keys + <usize>e * stride;
      if (load<i32>(at) == state && memory.compare(at + 4, bits, <usize>words << 2) == 0) return false;
      slot = (slot + 1) & this.tableMask;
    }
    if (this.keyCount == this.keyCapacity) {
      const capacity = this.keyCapacity * 2;
      const fresh = heap.alloc(<usize>capacity * stride);
      memory.copy(fresh, this.keys, <usize>this.keyCount * stride);
      heap.free(this.keys);
      this.keys = fresh;
      this.keyCapacity = capacity;
    }
    const at = this.keys + <usize>this.keyCount * stride;
    store<i32>(at, state);
    memory.copy(at + 4, bits, <usize>words << 2);
    store<i32>(this.table + (<usize>slot << 2), this.keyCount);
    this.keyCount++;
    if (this.keyCount * 2 > this.tableMask) {
      const size = (this.tableMask + 1) * 2;
      heap.free(this.table);
      this.table = heap.alloc(<usize>size * 4);
      memory.fill(this.table, 0xff, <usize>size * 4);
      this.tableMask = size - 1;
      for (let e = 0; e < this.keyCount; e++) {
        const key = this.keys + <usize>e * stride;
        let s = <i32>this.hashKey(key + 4, load<i32>(key)) & this.tableMask;
        while (load<i32>(this.table + (<usize>s << 2)) != -1) s = (s + 1) & this.tableMask;
        store<i32>(this.table + (<usize>s << 2), e);
      }
    }
    return true;
  }

//MODEL_STEP

  /** Runs until it decides or has recorded `allowance` more configurations: PAUSED, LINEARIZED or NOT_LINEARIZABLE. */
  run(allowance: i32): i32 {
    const n = this.n;
    const readOnlyAt = this.readOnlyAt;
    const positionOfRank = this.positionOfRank;
    const completed = this.completed;
    const next = this.next;
    const previous = this.previous;
    const bits = this.bits;
    const frameOp = this.frameOp;
    const frameState = this.frameState;
    const frameForced = this.frameForced;
    const head = 2 * n;
    const stopAt = this.keyCount + allowance;
    let depth = this.depth;
    let remaining = this.remaining;
    let state = this.state;
    let entry = this.entry;
    let mode = this.mode;
    let pendingPass = this.pendingPass;
    let result = PAUSED;
    while (true) {
      if (this.keyCount >= stopAt) break;
      let rank = -1;
      let forced = 0;
      let successor = -1;
      if (mode == ENTER) {
        if (remaining == 0) {
          result = LINEARIZED;
          break;
        }
        for (let item = ld(next, head); item != -1 && (item & 1) == 0; item = ld(next, item)) {
          const candidate = item >>> 1;
          if (ld(readOnlyAt, ld(positionOfRank, candidate)) == 1) {
            successor = this.modelStep(state, ld(positionOfRank, candidate));
            if (successor >= 0) {
              rank = candidate;
              break;
            }
          }
        }
        if (rank == -1) {
          entry = ld(next, head);
          pendingPass = 0;
          mode = SCAN;
          continue;
        }
        forced = 1;
      } else if (mode == SCAN) {
        if (entry == -1 || (entry & 1) == 1) {
          if (pendingPass == 0 && n - depth > remaining) {
            pendingPass = 1;
            entry = ld(next, head);
            continue;
          }
          mode = BACKTRACK;
          continue;
        }
        rank = entry >>> 1;
        if (ld(completed, rank) == pendingPass) {
          entry = ld(next, entry);
          continue;
        }
        successor = ld(readOnlyAt, ld(positionOfRank, rank)) == 1 ? -1 : this.modelStep(state, ld(positionOfRank, rank));
        if (successor < 0) {
          entry = ld(next, entry);
          continue;
        }
      } else {
        if (depth == 0) {
          result = NOT_LINEARIZABLE;
          break;
        }
        depth--;
        rank = ld(frameOp, depth);
        state = ld(frameState, depth);
        if (ld(completed, rank) == 1) {
          const item = 2 * rank + 1;
          st(next, ld(previous, item), item);
          if (ld(next, item) != -1) st(previous, ld(next, item), item);
          remaining++;
        }
        const item = 2 * rank;
        st(next, ld(previous, item), item);
        if (ld(next, item) != -1) st(previous, ld(next, item), item);
        forced = ld(frameForced, depth);
        // A deterministic model has one successor: nothing more to try for this operation.
        successor = -1;
      }
      const word = bits + (<usize>(rank >> 5) << 2);
      if (mode != BACKTRACK) store<u32>(word, load<u32>(word) | (1 << (rank & 31)));
      let inserted = false;
      if (successor >= 0) {
        inserted = this.insert(bits, successor);
      }
      if (inserted) {
        st(frameOp, depth, rank);
        st(frameState, depth, state);
        st(frameForced, depth, forced);
        depth++;
        state = successor;
        let item = 2 * rank;
        st(next, ld(previous, item), ld(next, item));
        if (ld(next, item) != -1) st(previous, ld(next, item), ld(previous, item));
        if (ld(completed, rank) == 1) {
          item++;
          st(next, ld(previous, item), ld(next, item));
          if (ld(next, item) != -1) st(previous, ld(next, item), ld(previous, item));
          remaining--;
        }
        mode = ENTER;
        continue;
      }
      store<u32>(word, load<u32>(word) & ~(1 << (rank & 31)));
      if (forced == 1) {
        mode = BACKTRACK;
      } else {
        entry = ld(next, 2 * rank);
        pendingPass = 1 - ld(completed, rank);
        mode = SCAN;
      }
    }
    this.depth = depth;
    this.remaining = remaining;
    this.state = state;
    this.entry = entry;
    this.mode = mode;
    this.pendingPass = pendingPass;
    return result;
  }
}

const PAUSED = 0;
const LINEARIZED = 1;
const NOT_LINEARIZABLE = 2;

export function create(block: usize, n: i32, initialState: i32): Search {
  return new Search(block, n, initialState);
}
export function run(search: Search, allowance: i32): i32 {
  return search.run(allowance);
}
export function explored(search: Search): i32 {
  return search.keyCount;
}
export function release(search: Search): void {
  search.release();
  heap.free(changetype<usize>(search));
}
