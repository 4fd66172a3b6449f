/**
 * Small 32-bit hash helpers for models and the configuration cache. Deterministic: no seeds from
 * clocks or randomness, so a check gives the same result and the same statistics every run.
 */
import { hashText } from '../../core/hash.ts';

/** Murmur3's finalizer: spreads every input bit over the whole word, so `mix32(i)` works as a per-index random value. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over the UTF-16 code units of a string (core's `hashText`), as a signed 32-bit word. */
export function hashString(text: string): number {
  return hashText(text) | 0;
}

/** Order-dependent combination of two hashes (for sequences such as logs). */
export function combineHashes(accumulated: number, next: number): number {
  return mix32(Math.imul(accumulated ^ 0x27d4eb2f, 0x165667b1) + next);
}

const NULL_HASH = 0x5bd1e995 | 0;

/**
 * Hash of a register-like value: null, a number, a bigint (an integer too large for a number) or
 * a string. The etcd model's `hash` is this function itself, and its integer test uses no library
 * calls: the search runs it for every configuration, and on a first check most of them run before
 * the JIT has compiled it, where every call costs (the same integers as `Number.isInteger(v) &&
 * Math.abs(v) <= 0x7fffffff`).
 */
export function hashScalar(value: string | number | bigint | boolean | null): number {
  if (value === null) return NULL_HASH;
  if (typeof value === 'string') return hashString(value);
  if (typeof value === 'boolean') return value ? 0x3c6ef372 : 0x1b873593;
  if (typeof value === 'bigint') return hashString(value.toString());
  if ((value | 0) === value && value !== -0x80000000) return mix32(value + 0x2545f491);
  return hashString(String(value));
}
