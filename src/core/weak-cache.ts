/**
 * A cache by object identity (for memos: a value dropped is computed again, the same) that holds at most about two generations of `generationSets` entries:
 * entries go into the current WeakMap, and once it has taken that many the previous one is
 * dropped whole and the current one becomes the previous (an entry read there moves back to the
 * current one). A plain WeakMap loses an entry only when its key is collected, and a key that lived
 * long enough to be promoted is collected only by a full garbage collection: with a large heap
 * limit V8 lets garbage build up for gigabytes between two, and the tables grew with it, every
 * lookup slower (the search's rate fell fourfold; see docs/exploring.md, "The deep levels'
 * slowdown"). Dropping a table costs only the entries of that generation that would be read again.
 */
export class WeakCache<K extends object, V> {
  private current = new WeakMap<K, V>();
  private previous = new WeakMap<K, V>();
  private sets = 0;
  private rotations = 0;
  private readonly generationSets: number;

  constructor(generationSets: number) {
    this.generationSets = Math.max(1, Math.floor(generationSets));
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const older = this.previous.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    if (this.sets >= this.generationSets) {
      this.previous = this.current;
      this.current = new WeakMap();
      this.sets = 0;
      this.rotations++;
    }
    this.sets++;
    this.current.set(key, value);
  }

  /** Generations started so far beyond the first (for tests). */
  get generations(): number {
    return this.rotations;
  }
}
