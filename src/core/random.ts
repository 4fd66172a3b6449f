/**
 * A tiny seeded pseudo-random generator (mulberry32) carried in state as a 32-bit integer.
 * Protocols draw election timeouts and similar choices from it, never from `Math.random`,
 * so a (config, schedule) pair always replays identically.
 */
/**
 * The largest seed, of a world's generator and of a hunt: seeds are mixed as 32-bit numbers (as are
 * fast-check's), so a larger one would silently run as another seed.
 */
export const seedMax = 0xffffffff;

export interface RandomDraw {
  /** A value in [0, 1). */
  readonly value: number;
  /** The generator state to carry forward. */
  readonly next: number;
}

export function drawRandom(state: number): RandomDraw {
  const next = (state + 0x6d2b79f5) | 0;
  let mixed = next;
  mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  const value = ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  return { value, next };
}

/** An integer in [low, high] and the next generator state. */
export function drawInteger(state: number, low: number, high: number): { value: number; next: number } {
  const draw = drawRandom(state);
  return { value: low + Math.floor(draw.value * (high - low + 1)), next: draw.next };
}

/**
 * A stream of draws from one seed: `draw(count)` is an index in [0, count), the generator state
 * carried in the closure. For random walks in tests and scripts; models carry the state themselves.
 */
export function seededDraw(seed: number): (count: number) => number {
  let state = seed;
  return (count) => {
    const drawn = drawInteger(state, 0, count - 1);
    state = drawn.next;
    return drawn.value;
  };
}

/** Mixes several integers into one seed (used to derive per-node, per-restart seeds). */
export function mixSeed(...parts: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (part >>> 16), 0x01000193);
  }
  return hash | 0;
}
