/**
 * A map of registers with put, get and compare-and-set per key, partitioned per key: what a
 * Raft-replicated key/value store promises. A missing key reads as `null`; a CAS whose
 * `expected` is `null` succeeds only on a missing key.
 */

import { hashScalar } from '../hash.ts';
import type { LinearizabilityModel } from '../types.ts';
import { isRecord, partitionByKey, show } from './shared.ts';

export type KvCasInput =
  | { readonly type: 'put'; readonly key: string; readonly value: string }
  | { readonly type: 'get'; readonly key: string }
  | { readonly type: 'cas'; readonly key: string; readonly expected: string | null; readonly value: string };

export type KvCasOutput =
  | { readonly type: 'put' }
  | { readonly type: 'get'; readonly value: string | null }
  | { readonly type: 'cas'; readonly ok: boolean };

/** The value of the partition's key, `null` when absent. */
export type KvCasState = string | null;

const NONE: readonly KvCasState[] = [];

/** A value in a description; a missing key shows as "absent". */
function showValue(value: string | null): string {
  return value === null ? 'absent' : show(value);
}

export const kvCasModel: LinearizabilityModel<KvCasState, KvCasInput, KvCasOutput> = {
  name: 'kv-cas',
  description: 'registers per key with put/get/cas, null when absent; partitioned per key',
  init: () => null,
  step(state, input, output) {
    switch (input.type) {
      case 'get':
        return output === null || (output as { value: string | null }).value === state ? [state] : NONE;
      case 'put':
        return [input.value];
      case 'cas': {
        const matches = state === input.expected;
        if (output === null) return [matches ? input.value : state];
        if ((output as { ok: boolean }).ok) return matches ? [input.value] : NONE;
        return matches ? NONE : [state];
      }
    }
  },
  isReadOnly(input, output) {
    if (input.type === 'get') return true;
    return input.type === 'cas' && output !== null && (!(output as { ok: boolean }).ok || input.expected === input.value);
  },
  partition: (operations) => partitionByKey(operations, (input) => input.key),
  equal: (a, b) => a === b,
  hash: (state) => hashScalar(state),
  describeOperation(input, output) {
    switch (input.type) {
      case 'get':
        return `get(${show(input.key)}) → ${output === null ? '?' : showValue((output as { value: string | null }).value)}`;
      case 'put':
        return `put(${show(input.key)}, ${show(input.value)})${output === null ? ' ?' : ''}`;
      case 'cas':
        return (
          `cas(${show(input.key)}, ${showValue(input.expected)} → ${show(input.value)}) ` +
          (output === null ? '?' : (output as { ok: boolean }).ok ? 'ok' : 'failed')
        );
    }
  },
  describeState: showValue,
  validateOperation(input, output) {
    const expected =
      'a kv-cas operation: input {"type":"get","key":k} | {"type":"put","key":k,"value":string} | ' +
      '{"type":"cas","key":k,"expected":string|null,"value":string} with output null | {"type":"put"} | ' +
      '{"type":"get","value":string|null} | {"type":"cas","ok":boolean}';
    if (!isRecord(input) || typeof input['key'] !== 'string') return expected;
    if (output !== null && (!isRecord(output) || output['type'] !== input['type'])) return expected;
    switch (input['type']) {
      case 'get':
        return output === null || output['value'] === null || typeof output['value'] === 'string' ? null : expected;
      case 'put':
        return typeof input['value'] === 'string' ? null : expected;
      case 'cas':
        if (typeof input['value'] !== 'string') return expected;
        if (input['expected'] !== null && typeof input['expected'] !== 'string') return expected;
        return output === null || typeof output['ok'] === 'boolean' ? null : expected;
      default:
        return expected;
    }
  },
};
