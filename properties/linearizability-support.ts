/**
 * Generators and reference implementations shared by the linearizability tests.
 *
 * Two kinds of histories:
 * - "random": arbitrary intervals and arbitrary outputs from a small domain, so both verdicts
 *   are common; used against the brute-force checker.
 * - "sequential": operations executed one after another by a plain reference implementation
 *   (not the model) at linearization points, then given intervals around those points; such a
 *   history is linearizable by construction.
 */

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc } from '@fast-check/vitest';
import type {
  AppendLogInput,
  AppendLogOutput,
  AppendLogPartition,
  EtcdRegisterInput,
  EtcdRegisterOutput,
  HistoryOperation,
  KvCasInput,
  KvCasOutput,
  KvInput,
  KvKey,
  KvOutput,
  LinearizabilityModel,
  RegisterValue,
} from '../src/checkers/linearizability/index.ts';
import { appendLogModel, etcdRegisterModel, hashScalar, kvCasModel, kvModel } from '../src/checkers/linearizability/index.ts';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Porcupine corpus lives next to the project, never inside it. */
export const corpusDirectory = resolve(projectRoot, '../shared/corpus/porcupine');
export const corpusPresent = existsSync(resolve(corpusDirectory, 'verdicts.csv'));

/** What happened to an operation: completed, completed with unknown output, or never returned. */
export type Fate = 'ok' | 'unknown-output' | 'indeterminate';
const fateArbitrary: fc.Arbitrary<Fate> = fc.constantFrom<Fate>('ok', 'ok', 'ok', 'ok', 'unknown-output', 'indeterminate');

/** Random intervals and the given (input, output) pairs; `clients` rows. */
export function randomHistory<Input, Output>(
  operation: fc.Arbitrary<{ input: Input; output: Output }>,
  maxOperations: number,
): fc.Arbitrary<HistoryOperation<Input, Output>[]> {
  return fc
    .array(
      fc.record({
        operation,
        call: fc.integer({ min: 0, max: 12 }),
        duration: fc.integer({ min: 0, max: 6 }),
        fate: fateArbitrary,
      }),
      { maxLength: maxOperations },
    )
    .map((drafts) =>
      drafts.map(({ operation: { input, output }, call, duration, fate }, id) => ({
        id,
        clientId: id % 3,
        input,
        call,
        return: fate === 'indeterminate' ? null : call + duration,
        output: fate === 'ok' ? output : null,
      })),
    );
}

const registerValue = fc.integer({ min: 0, max: 2 });

export const randomEtcdOperation: fc.Arbitrary<{ input: EtcdRegisterInput; output: EtcdRegisterOutput }> = fc.oneof(
  fc.option(registerValue, { nil: null }).map((value) => ({ input: { type: 'read' as const }, output: { type: 'read' as const, value } })),
  registerValue.map((value) => ({ input: { type: 'write' as const, value }, output: { type: 'write' as const } })),
  fc.tuple(registerValue, registerValue, fc.boolean()).map(([from, to, ok]) => ({
    input: { type: 'cas' as const, from, to },
    output: { type: 'cas' as const, ok },
  })),
);

const kvKey = fc.constantFrom('x', 'y');
const kvValue = fc.constantFrom('a', 'b');

export const randomKvCasOperation: fc.Arbitrary<{ input: KvCasInput; output: KvCasOutput }> = fc.oneof(
  fc.tuple(kvKey, fc.option(kvValue, { nil: null })).map(([key, value]) => ({
    input: { type: 'get' as const, key },
    output: { type: 'get' as const, value },
  })),
  fc.tuple(kvKey, kvValue).map(([key, value]) => ({ input: { type: 'put' as const, key, value }, output: { type: 'put' as const } })),
  fc.tuple(kvKey, fc.option(kvValue, { nil: null }), kvValue, fc.boolean()).map(([key, expected, value, ok]) => ({
    input: { type: 'cas' as const, key, expected, value },
    output: { type: 'cas' as const, ok },
  })),
);

export const randomKvOperation: fc.Arbitrary<{ input: KvInput; output: KvOutput }> = fc.oneof(
  fc.tuple(kvKey, fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'aa')).map(([key, value]) => ({
    input: { type: 'get' as const, key },
    output: { type: 'get' as const, value },
  })),
  fc.tuple(kvKey, kvValue).map(([key, value]) => ({ input: { type: 'put' as const, key, value }, output: { type: 'put' as const } })),
  fc.tuple(kvKey, kvValue).map(([key, value]) => ({ input: { type: 'append' as const, key, value }, output: { type: 'append' as const } })),
);

export const randomAppendLogOperation: fc.Arbitrary<{ input: AppendLogInput; output: AppendLogOutput }> = fc.oneof(
  fc.tuple(kvValue, fc.integer({ min: 0, max: 2 })).map(([value, offset]) => ({
    input: { type: 'append' as const, value },
    output: { type: 'append' as const, offset },
  })),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(kvValue, { maxLength: 2 })).map(([fromOffset, records]) => ({
    input: { type: 'read' as const, fromOffset },
    output: { type: 'read' as const, records },
  })),
);

/**
 * A nondeterministic test model (the one bundled models are all deterministic): a counter whose
 * `bump` adds 1 or 2, observed by reads. Exercises the search's handling of several successors.
 */
export type CounterInput = { readonly type: 'bump' } | { readonly type: 'read' };
export type CounterOutput = { readonly type: 'bump' } | { readonly type: 'read'; readonly value: number };
export const sloppyCounterModel: LinearizabilityModel<number, CounterInput, CounterOutput> = {
  name: 'sloppy-counter',
  description: 'a counter whose bump adds 1 or 2 (test only)',
  init: () => 0,
  step: (state, input, output) => {
    if (input.type === 'bump') return [state + 1, state + 2];
    return output === null || (output as { value: number }).value === state ? [state] : [];
  },
  isReadOnly: (input) => input.type === 'read',
  equal: (a, b) => a === b,
  hash: (state) => hashScalar(state),
  describeOperation: (input, output) => (input.type === 'bump' ? 'bump' : `read → ${output === null ? '?' : (output as { value: number }).value}`),
  describeState: (state) => String(state),
};

export const randomCounterOperation: fc.Arbitrary<{ input: CounterInput; output: CounterOutput }> = fc.oneof(
  fc.constant({ input: { type: 'bump' as const }, output: { type: 'bump' as const } }),
  fc.integer({ min: 0, max: 4 }).map((value) => ({ input: { type: 'read' as const }, output: { type: 'read' as const, value } })),
);

/** One step of a sequential history: an input, when it takes effect, and how it was observed. */
interface SequentialDraft<Input> {
  readonly input: Input;
  /** Time from the previous linearization point (at least 1). */
  readonly gap: number;
  readonly slackBefore: number;
  readonly slackAfter: number;
  /** 'indeterminate' operations take effect when `applied`, else never. */
  readonly fate: Fate;
  readonly applied: boolean;
}

/**
 * Runs `inputs` one by one through `execute` (a reference implementation: returns the output),
 * each at its own linearization point, and gives every operation an interval around its point.
 * Indeterminate operations that are not `applied` are skipped by `execute`, as if they never
 * reached the server.
 */
export function sequentialHistory<Input, Output>(
  input: fc.Arbitrary<Input>,
  execute: () => (input: Input) => Output,
  options: { maxOperations: number; clients: number },
): fc.Arbitrary<HistoryOperation<Input, Output>[]> {
  const draft: fc.Arbitrary<SequentialDraft<Input>> = fc.record({
    input,
    gap: fc.integer({ min: 1, max: 3 }),
    slackBefore: fc.integer({ min: 0, max: 12 }),
    slackAfter: fc.integer({ min: 0, max: 12 }),
    fate: fateArbitrary,
    applied: fc.boolean(),
  });
  return fc.array(draft, { minLength: 1, maxLength: options.maxOperations }).map((drafts) => {
    const run = execute();
    let point = 0;
    return drafts.map((step, id) => {
      point += step.gap;
      const takesEffect = step.fate !== 'indeterminate' || step.applied;
      const output = takesEffect ? run(step.input) : null;
      return {
        id,
        clientId: id % options.clients,
        input: step.input,
        call: point - step.slackBefore,
        return: step.fate === 'indeterminate' ? null : point + step.slackAfter,
        output: step.fate === 'ok' ? output : null,
      };
    });
  });
}

/** A plain register, as a reference for the etcd-register model. */
export function registerImplementation(): (input: EtcdRegisterInput) => EtcdRegisterOutput {
  let value: RegisterValue | null = null;
  return (input) => {
    if (input.type === 'read') return { type: 'read', value };
    if (input.type === 'write') {
      value = input.value;
      return { type: 'write' };
    }
    const ok = value === input.from;
    if (ok) value = input.to;
    return { type: 'cas', ok };
  };
}

/** A plain map of registers, as a reference for the kv-cas model. */
export function kvCasImplementation(): (input: KvCasInput) => KvCasOutput {
  const values = new Map<string, string>();
  return (input) => {
    const current = values.get(input.key) ?? null;
    if (input.type === 'get') return { type: 'get', value: current };
    if (input.type === 'put') {
      values.set(input.key, input.value);
      return { type: 'put' };
    }
    const ok = current === input.expected;
    if (ok) values.set(input.key, input.value);
    return { type: 'cas', ok };
  };
}

/** A plain map of strings with append, as a reference for the kv model. */
export function kvImplementation(): (input: KvInput) => KvOutput {
  const values = new Map<KvKey, string>();
  return (input) => {
    const current = values.get(input.key) ?? '';
    if (input.type === 'get') return { type: 'get', value: current };
    values.set(input.key, input.type === 'put' ? input.value : current + input.value);
    return { type: input.type };
  };
}

/** Plain arrays per partition, as a reference for the append-log model. */
export function appendLogImplementation(): (input: AppendLogInput) => AppendLogOutput {
  const logs = new Map<AppendLogPartition, string[]>();
  return (input) => {
    const log = logs.get(input.partition ?? '') ?? [];
    logs.set(input.partition ?? '', log);
    if (input.type === 'append') {
      log.push(input.value);
      return { type: 'append', offset: log.length - 1 };
    }
    return { type: 'read', records: log.slice(input.fromOffset) };
  };
}

export const etcdInput: fc.Arbitrary<EtcdRegisterInput> = fc.oneof(
  fc.constant({ type: 'read' as const }),
  fc.integer({ min: 0, max: 4 }).map((value) => ({ type: 'write' as const, value })),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([from, to]) => ({ type: 'cas' as const, from, to })),
);

const keys = fc.constantFrom('k1', 'k2', 'k3');
const values = fc.constantFrom('v1', 'v2', 'v3', 'v4');
export const kvCasInput: fc.Arbitrary<KvCasInput> = fc.oneof(
  keys.map((key) => ({ type: 'get' as const, key })),
  fc.tuple(keys, values).map(([key, value]) => ({ type: 'put' as const, key, value })),
  fc.tuple(keys, fc.option(values, { nil: null }), values).map(([key, expected, value]) => ({ type: 'cas' as const, key, expected, value })),
);
export const kvInput: fc.Arbitrary<KvInput> = fc.oneof(
  keys.map((key) => ({ type: 'get' as const, key })),
  fc.tuple(keys, values).map(([key, value]) => ({ type: 'put' as const, key, value })),
  fc.tuple(keys, values).map(([key, value]) => ({ type: 'append' as const, key, value })),
);
export const appendLogInput: fc.Arbitrary<AppendLogInput> = fc.oneof(
  fc.tuple(values, fc.constantFrom(0, 1)).map(([value, partition]) => ({ type: 'append' as const, value, partition })),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 1)).map(([fromOffset, partition]) => ({
    type: 'read' as const,
    fromOffset,
    partition,
  })),
);

/** Splits one CSV line, honouring double-quoted fields (verdicts.csv quotes fields with commas). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const character = line[i] as string;
    if (quoted) {
      if (character === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (character === '"') {
        quoted = false;
      } else {
        cell += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += character;
    }
  }
  cells.push(cell);
  return cells;
}

/**
 * A Jepsen etcd log: two concurrent writes, a failed CAS, then a read of `last`. The failed CAS saw
 * a value other than 2, so the register holds 1: reading 1 is linearizable, reading 2 is not.
 */
export function etcdLog(last: number): string {
  return [
    'INFO  jepsen.util - 0\t:invoke\t:write\t1',
    'INFO  jepsen.util - 1\t:invoke\t:write\t2',
    'INFO  jepsen.util - 0\t:ok\t:write\t1',
    'INFO  jepsen.util - 1\t:ok\t:write\t2',
    'INFO  jepsen.util - 2\t:invoke\t:cas\t[2 3]',
    'INFO  jepsen.util - 2\t:fail\t:cas\t[2 3]',
    'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
    `INFO  jepsen.util - 0\t:ok\t:read\t${last}`,
    '',
  ].join('\n');
}

/** Each bundled model with its random operations, and a nondeterministic model: what the random-history tests run on. */
export const modelsWithRandomOperations = [
  ['etcd-register', etcdRegisterModel, randomEtcdOperation],
  ['kv-cas', kvCasModel, randomKvCasOperation],
  ['kv', kvModel, randomKvOperation],
  ['append-log', appendLogModel, randomAppendLogOperation],
  ['a nondeterministic counter', sloppyCounterModel, randomCounterOperation],
] as const;
