/**
 * An append-only log (one Kafka topic-partition): an append returns the offset its record got,
 * and a read from an offset returns every record from that offset to the end of the log at the
 * read's linearization point (in a linearizable log the high watermark is the end). A read from
 * at or past the end returns no records. Operations carrying a `partition` field are checked per
 * partition.
 *
 * States are persistent linked lists sharing their prefixes, so an append costs O(1) and two
 * logs are compared only up to their shared tail.
 */

import { combineHashes, hashScalar, hashString } from '../hash.ts';
import type { LinearizabilityModel } from '../types.ts';
import { isRecord, isStringArray, partitionByKey, show } from './shared.ts';

/** A partition's name or number (a bigint: a number too large for a number to hold exactly, as the parsers read it). */
export type AppendLogPartition = string | number | bigint;

export type AppendLogInput =
  | { readonly type: 'append'; readonly value: string; readonly partition?: AppendLogPartition }
  | { readonly type: 'read'; readonly fromOffset: number; readonly partition?: AppendLogPartition };

export type AppendLogOutput = { readonly type: 'append'; readonly offset: number } | { readonly type: 'read'; readonly records: readonly string[] };

/** A log as a list from its last record back to the first; `previous` is the log before it. */
export interface AppendLogState {
  readonly length: number;
  readonly last: string | undefined;
  readonly previous: AppendLogState | null;
  readonly hash: number;
}

const EMPTY_LOG: AppendLogState = { length: 0, last: undefined, previous: null, hash: 0x1f2e3d4c };
const NONE: readonly AppendLogState[] = [];

function appendRecord(log: AppendLogState, value: string): AppendLogState {
  return { length: log.length + 1, last: value, previous: log, hash: combineHashes(log.hash, hashString(value)) };
}

/** True when `records` is exactly the log from `fromOffset` to its end. */
function readMatches(log: AppendLogState, fromOffset: number, records: readonly string[]): boolean {
  const expectedCount = Math.max(0, log.length - Math.max(0, fromOffset));
  if (records.length !== expectedCount) return false;
  let node: AppendLogState | null = log;
  for (let i = records.length - 1; i >= 0; i--) {
    if (node === null || node.last !== records[i]) return false;
    node = node.previous;
  }
  return true;
}

function logsEqual(a: AppendLogState, b: AppendLogState): boolean {
  if (a.length !== b.length || a.hash !== b.hash) return false;
  let left: AppendLogState | null = a;
  let right: AppendLogState | null = b;
  while (left !== right) {
    if (left === null || right === null || left.last !== right.last) return false;
    left = left.previous;
    right = right.previous;
  }
  return true;
}

function toArray(log: AppendLogState): string[] {
  const records: string[] = [];
  for (let node: AppendLogState | null = log; node !== null && node.length > 0; node = node.previous) {
    records.push(node.last as string);
  }
  return records.reverse();
}

export const appendLogModel: LinearizabilityModel<AppendLogState, AppendLogInput, AppendLogOutput> = {
  name: 'append-log',
  description: 'append-only log: append returns its offset, read returns the records from an offset to the end; per partition',
  init: () => EMPTY_LOG,
  step(state, input, output) {
    if (input.type === 'append') {
      if (output !== null && (output as { offset: number }).offset !== state.length) return NONE;
      return [appendRecord(state, input.value)];
    }
    if (output === null || readMatches(state, input.fromOffset, (output as { records: readonly string[] }).records)) {
      return [state];
    }
    return NONE;
  },
  isReadOnly: (input) => input.type === 'read',
  partition: (operations) => partitionByKey(operations, (input) => input.partition ?? ''),
  equal: logsEqual,
  hash: (state) => combineHashes(state.hash, hashScalar(state.length)),
  describeOperation(input, output) {
    if (input.type === 'append') {
      const offset = output === null ? '?' : String((output as { offset: number }).offset);
      return `append(${show(input.value)}) → offset ${offset}`;
    }
    const records = output === null ? '?' : JSON.stringify((output as { records: readonly string[] }).records);
    return `read(from ${input.fromOffset}) → ${records}`;
  },
  describeState(state) {
    const records = toArray(state);
    const elided = records.length > 12 ? '…, ' : '';
    return `[${elided}${records.slice(-12).map(show).join(', ')}] (length ${state.length})`;
  },
  validateOperation(input, output) {
    const expected =
      'an append-log operation: input {"type":"append","value":string} | {"type":"read","fromOffset":n} ' +
      '(optional "partition") with output null | {"type":"append","offset":n} | {"type":"read","records":[string]}';
    if (!isRecord(input)) return expected;
    const partition = input['partition'];
    if (partition !== undefined && typeof partition !== 'string' && typeof partition !== 'number' && typeof partition !== 'bigint') return expected;
    if (output !== null && (!isRecord(output) || output['type'] !== input['type'])) return expected;
    switch (input['type']) {
      case 'append':
        if (typeof input['value'] !== 'string') return expected;
        return output === null || Number.isInteger(output['offset']) ? null : expected;
      case 'read':
        if (!Number.isInteger(input['fromOffset'])) return expected;
        return output === null || isStringArray(output['records']) ? null : expected;
      default:
        return expected;
    }
  },
};
