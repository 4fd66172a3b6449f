/**
 * A key/value store of strings with get, put and append, partitioned per key: the model of
 * Porcupine's kv tests (MIT 6.824-style clients). A missing key reads as the empty string.
 *
 * The state is the value of one key: `partition` puts every key in its own part, so `step`
 * never sees two keys at once.
 */

import type { LinearizabilityModel } from '../types.ts';
import { isExactInteger, isRecord, partitionByKey, show } from './shared.ts';

/**
 * A key: a string or an integer (EDN logs have both; 1 and "1" are different keys). An integer
 * too large for a number to hold exactly is a bigint, as the parsers read it.
 */
export type KvKey = string | number | bigint;

export type KvInput =
  | { readonly type: 'get'; readonly key: KvKey }
  | { readonly type: 'put'; readonly key: KvKey; readonly value: string }
  | { readonly type: 'append'; readonly key: KvKey; readonly value: string };

export type KvOutput = { readonly type: 'get'; readonly value: string } | { readonly type: 'put' } | { readonly type: 'append' };

/**
 * The value of the partition's key ("" when absent), kept as the list of pieces that built it:
 * `last` was appended to `previous` (null: `last` was put). Appends share their prefix, the hash
 * is extended piece by piece, and reads compare piece by piece, so no step copies the string.
 */
export interface KvState {
  readonly length: number;
  readonly last: string;
  readonly previous: KvState | null;
  /** FNV-1a of the whole value, extended incrementally. */
  readonly hash: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const EMPTY: KvState = { length: 0, last: '', previous: null, hash: FNV_OFFSET };

/** Continues an FNV-1a hash over more characters (so hash(a + b) = extend(hash(a), b)). */
function extendHash(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function appendPiece(state: KvState, piece: string): KvState {
  if (piece === '') return state;
  return { length: state.length + piece.length, last: piece, previous: state.length === 0 ? null : state, hash: extendHash(state.hash, piece) };
}

/** True when the value held by `state` is exactly `text`. */
function holds(state: KvState, text: string): boolean {
  // A mismatch ends the loop and fails the last test, rather than returning early, and the loop
  // reads both fields at once: the checker's compiled search inlines this, and a line first
  // reached after compiling (as the last one would be, when every read so far had the wrong
  // length, or the loop's second round) makes the JIT compile the search again.
  let end = state.length === text.length ? text.length : -1;
  let node: KvState | null = state;
  while (node !== null && end > 0) {
    const last: string = node.last;
    const previous: KvState | null = node.previous;
    end -= last.length;
    end = text.startsWith(last, end) ? end : -1;
    node = previous;
  }
  return end === 0;
}

function valuesEqual(a: KvState, b: KvState): boolean {
  if (a.length !== b.length || a.hash !== b.hash) return false;
  let left: KvState | null = a;
  let right: KvState | null = b;
  // Walk back while both lists have pieces of the same size; stop at a shared node.
  while (left !== right && left !== null && right !== null && left.last.length === right.last.length) {
    if (left.last !== right.last) return false;
    left = left.previous;
    right = right.previous;
  }
  if (left === right) return true;
  return wholeValue(a) === wholeValue(b);
}

/** The whole value (used only when pieces do not line up, and for descriptions). */
function wholeValue(state: KvState): string {
  const pieces: string[] = [];
  for (let node: KvState | null = state; node !== null && node.length > 0; node = node.previous) pieces.push(node.last);
  return pieces.reverse().join('');
}

/**
 * No next state. Made from a one-state array, so that it has the same hidden class as the
 * one-state arrays `step` returns: the search reads `.length` of both, and a second class
 * appearing after the JIT compiled the search makes it compile the search again.
 */
const NONE: readonly KvState[] = [EMPTY].slice(0, 0);

export const kvModel: LinearizabilityModel<KvState, KvInput, KvOutput> = {
  name: 'kv',
  description: 'string values per key with get/put/append, "" when absent; partitioned per key',
  init: () => EMPTY,
  step(state, input, output) {
    // One way out, building the one-element array in one place: the checker's compiled loop
    // inlines this step, and an array built on a branch no operation had taken yet when the
    // loop was compiled makes the JIT compile it again.
    let next: KvState | null;
    switch (input.type) {
      case 'get':
        next = output === null || holds(state, (output as { value: string }).value) ? state : null;
        break;
      case 'put':
      case 'append':
        // A put is an append to the empty value: one path for both, so that a put coming up
        // only after the JIT compiled the search does not make it compile the search again.
        next = appendPiece(input.type === 'put' ? EMPTY : state, input.value);
        break;
    }
    return next === null ? NONE : [next];
  },
  isReadOnly: (input) => input.type === 'get',
  partition: (operations) => partitionByKey(operations, (input) => input.key),
  equal: valuesEqual,
  hash: (state) => state.hash,
  describeOperation(input, output) {
    switch (input.type) {
      case 'get':
        return `get(${show(input.key)}) → ${output === null ? '?' : show((output as { value: string }).value)}`;
      case 'put':
        return `put(${show(input.key)}, ${show(input.value)})${output === null ? ' ?' : ''}`;
      case 'append':
        return `append(${show(input.key)}, ${show(input.value)})${output === null ? ' ?' : ''}`;
    }
  },
  describeState: (state) => show(wholeValue(state)),
  validateOperation(input, output) {
    const expected =
      'a kv operation: input {"type":"get","key":k} | {"type":"put"|"append","key":k,"value":string} ' +
      '(k a string or an integer) with output null | {"type":"get","value":string} | {"type":"put"} | {"type":"append"}';
    if (!isRecord(input) || (typeof input['key'] !== 'string' && !isExactInteger(input['key']))) return expected;
    if (output !== null && (!isRecord(output) || output['type'] !== input['type'])) return expected;
    switch (input['type']) {
      case 'get':
        return output === null || typeof output['value'] === 'string' ? null : expected;
      case 'put':
      case 'append':
        return typeof input['value'] === 'string' ? null : expected;
      default:
        return expected;
    }
  },
};
