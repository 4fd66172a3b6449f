/**
 * A single register with read, write and compare-and-set, initially absent (`null`): the model
 * of Jepsen's 2015 etcd test and of Porcupine's etcd test suite.
 *
 * A failed CAS is an observation ("the register did not hold `from`"), not a non-event. A read
 * or CAS with unknown output (`null`) is always legal; a CAS with unknown output still takes
 * effect when the register held `from`.
 */

import { hashScalar } from '../hash.ts';
import type { LinearizabilityModel } from '../types.ts';
import { isRecord, show } from './shared.ts';

/** A bigint is an integer too large for a number to hold exactly (parsers read such integers as bigints). */
export type RegisterValue = number | bigint | string;

export type EtcdRegisterInput =
  | { readonly type: 'read' }
  | { readonly type: 'write'; readonly value: RegisterValue }
  | { readonly type: 'cas'; readonly from: RegisterValue; readonly to: RegisterValue };

export type EtcdRegisterOutput =
  | { readonly type: 'read'; readonly value: RegisterValue | null }
  | { readonly type: 'write' }
  | { readonly type: 'cas'; readonly ok: boolean };

/** The register's value; `null` means absent (never written). */
export type EtcdRegisterState = RegisterValue | null;

const NONE: readonly EtcdRegisterState[] = [];

/** A value in a description; the never-written register shows as "absent". */
function showValue(value: RegisterValue | null): string {
  return value === null ? 'absent' : show(value);
}

function isRegisterValue(value: unknown): value is RegisterValue {
  return typeof value === 'string' || typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}

export const etcdRegisterModel: LinearizabilityModel<EtcdRegisterState, EtcdRegisterInput, EtcdRegisterOutput> = {
  name: 'etcd-register',
  description: 'one register with read/write/cas, initially absent (Jepsen etcd, Porcupine etcd model)',
  init: () => null,
  step(state, input, output) {
    // One way out, building the one-element array in one place, and fields read before
    // branching: the checker's compiled loop inlines this step, and a line first reached after
    // compiling (an array built on a branch no operation had taken yet) makes the JIT compile
    // that loop again.
    let next = state;
    let legal = true;
    switch (input.type) {
      case 'read':
        legal = output === null || (output as { value: RegisterValue | null }).value === state;
        break;
      case 'write':
        next = input.value;
        break;
      case 'cas': {
        // Unknown outcome: takes effect when the register held `from`. Succeeded: it must have.
        // Failed: it must not have (an observation), and the register keeps its value.
        const { from, to } = input;
        const matches = state !== null && state === from;
        next = matches ? to : state;
        legal = output === null || (output as { ok: boolean }).ok === matches;
        break;
      }
    }
    return legal ? [next] : NONE;
  },
  isReadOnly(input, output) {
    if (input.type === 'read') return true;
    if (input.type === 'cas' && output !== null) {
      return !(output as { ok: boolean }).ok || input.from === input.to;
    }
    return false;
  },
  equal: (a, b) => a === b,
  hash: hashScalar,
  describeOperation(input, output) {
    switch (input.type) {
      case 'read':
        return `read() → ${output === null ? '?' : showValue((output as { value: RegisterValue | null }).value)}`;
      case 'write':
        return `write(${show(input.value)})${output === null ? ' ?' : ''}`;
      case 'cas':
        return `cas(${show(input.from)} → ${show(input.to)}) ${output === null ? '?' : (output as { ok: boolean }).ok ? 'ok' : 'failed'}`;
    }
  },
  describeState: showValue,
  validateOperation(input, output) {
    const expected =
      'an etcd-register operation: input {"type":"read"} | {"type":"write","value":v} | {"type":"cas","from":v,"to":v} ' +
      'with output null | {"type":"read","value":v|null} | {"type":"write"} | {"type":"cas","ok":boolean}';
    if (!isRecord(input)) return expected;
    if (output !== null && (!isRecord(output) || output['type'] !== input['type'])) return expected;
    switch (input['type']) {
      case 'read':
        return output === null || output['value'] === null || isRegisterValue(output['value']) ? null : expected;
      case 'write':
        return isRegisterValue(input['value']) ? null : expected;
      case 'cas':
        if (!isRegisterValue(input['from']) || !isRegisterValue(input['to'])) return expected;
        return output === null || typeof output['ok'] === 'boolean' ? null : expected;
      default:
        return expected;
    }
  },
};
