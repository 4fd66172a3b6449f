/**
 * The JavaScript half of the WebAssembly search prototype (see README.md): writes a partition's
 * operations into the module's memory, and runs partitions in turns with doubling slices as
 * src/checkers/linearizability/check.ts does, so both record the same configurations.
 * A measurement tool, not part of faultline.
 */

import {
  type EtcdRegisterInput,
  type EtcdRegisterOutput,
  etcdRegisterModel,
  findHistoryProblem,
  type HistoryOperation,
  type LinearizabilityModel,
} from '../../src/checkers/linearizability/index.ts';

/** The exports of a module built from assembly/search.ts. */
export interface SearchModule {
  /** A block for n operations in the module's memory; the search created on it owns it. */
  prepare(n: number): number;
  create(block: number, n: number, initialState: number): number;
  /** 0: paused after `allowance` configurations; 1: linearizable; 2: not linearizable. */
  run(search: number, allowance: number): number;
  explored(search: number): number;
  release(search: number): void;
  memory: { readonly buffer: ArrayBuffer };
}

/** WebAssembly's JavaScript API, which the project's ES2023 library types leave out. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

export interface PrototypeOutcome {
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  readonly explored: number;
}

/** A model step called from WebAssembly: state id and position in, next state id (or -1) out. */
export type StepCallback = (state: number, position: number) => number;

const PAUSED = 0;
const LINEARIZED = 1;
/** As check.ts: the configurations each undecided partition may record in the first round. */
const FIRST_SLICE = 1024;
const CONFIGURATION_BUDGET = 10_000_000;

/** Compiles and instantiates a module; `step` is what the callback build calls. */
export function instantiateSearch(bytes: Uint8Array, step: StepCallback = () => -1): SearchModule {
  const imports = { env: { abort: () => undefined, modelStep: step } };
  return new webAssembly.Instance(new webAssembly.Module(bytes), imports).exports as SearchModule;
}

/**
 * Runs each export once on an empty history, so that V8 compiles their JavaScript-to-WebAssembly
 * wrappers now (it does on first call), when the module loads, not during the first check.
 */
export function primeSearch(module: SearchModule): void {
  const search = module.create(module.prepare(0), 0, 0);
  module.run(search, 0);
  module.explored(search);
  module.release(search);
}

/** Call and return times and the model's read-only flags into a fresh block, after the checker's own validation. */
function writeBlock<S, I, O>(module: SearchModule, operations: readonly HistoryOperation<I, O>[], model: LinearizabilityModel<S, I, O>) {
  const problem = findHistoryProblem(operations);
  if (problem !== null) throw new Error(problem);
  const n = operations.length;
  const block = module.prepare(n);
  const times = new Float64Array(module.memory.buffer, block, 2 * n);
  const fields = new Int32Array(module.memory.buffer, block + 16 * n, 6 * n);
  for (let position = 0; position < n; position++) {
    const operation = operations[position] as HistoryOperation<I, O>;
    times[position] = operation.call;
    times[n + position] = operation.return ?? Number.POSITIVE_INFINITY;
    fields[5 * n + position] = model.isReadOnly?.(operation.input, operation.output) === true ? 1 : 0;
  }
  return { block, fields };
}

type EtcdOperation = HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>;

/**
 * Writes an etcd-register history for the build with the model inside: values become ids (0 is
 * "absent"). Returns the search, ready to run. What `faultline check-history`'s parser would
 * write directly, if this were the checker.
 */
export function prepareEtcdSearch(module: SearchModule, operations: readonly EtcdOperation[]): number {
  const n = operations.length;
  const { block, fields } = writeBlock(module, operations, etcdRegisterModel);
  const ids = new Map<unknown, number>();
  const idOf = (value: unknown): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(value, id);
    }
    return id;
  };
  for (let position = 0; position < n; position++) {
    const { input, output } = operations[position] as EtcdOperation;
    fields[3 * n + position] = output === null ? 0 : 1;
    if (input.type === 'read') {
      fields[position] = 0;
      const value = output === null ? null : (output as { value: unknown }).value;
      fields[4 * n + position] = value === null ? 0 : idOf(value);
    } else if (input.type === 'write') {
      fields[position] = 1;
      fields[n + position] = idOf(input.value);
    } else {
      fields[position] = 2;
      fields[n + position] = idOf(input.from);
      fields[2 * n + position] = idOf(input.to);
      fields[4 * n + position] = output !== null && (output as { ok: boolean }).ok ? 1 : 0;
    }
  }
  return module.create(block, n, 0);
}

/** Runs a search made by {@link prepareEtcdSearch} with the whole budget (one partition) and frees it. */
export function runEtcdSearch(module: SearchModule, search: number): PrototypeOutcome {
  const code = module.run(search, CONFIGURATION_BUDGET);
  const explored = module.explored(search);
  module.release(search);
  return { verdict: code === PAUSED ? 'unknown' : code === LINEARIZED ? 'linearizable' : 'not-linearizable', explored };
}

/**
 * Checks any model with the callback build: partitions in turns with doubling slices (check.ts),
 * states kept as JavaScript values and interned to ids with the model's hash and equality.
 * Deterministic models only (the prototype takes a step's first successor).
 */
export function checkWithCallback<S, I, O>(
  module: SearchModule,
  setStep: (step: StepCallback) => void,
  model: LinearizabilityModel<S, I, O>,
  operations: readonly HistoryOperation<I, O>[],
): PrototypeOutcome {
  const parts = model.partition ? model.partition(operations) : [operations];
  const searches = parts.map(() => 0);
  const steps: StepCallback[] = parts.map(() => () => -1);
  let undecided = parts.flatMap((part, index) => (part.some((operation) => operation.return !== null) ? [index] : []));
  let remaining = CONFIGURATION_BUDGET;
  let explored = 0;
  let failed = false;
  for (let slice = FIRST_SLICE; undecided.length > 0 && !failed && remaining > 0; slice *= 2) {
    const stillUndecided: number[] = [];
    for (const index of undecided) {
      if (failed || remaining <= 0) {
        stillUndecided.push(index);
        continue;
      }
      const part = parts[index] as readonly HistoryOperation<I, O>[];
      if (searches[index] === 0) {
        const { block } = writeBlock(module, part, model);
        steps[index] = internedStep(model, part);
        searches[index] = module.create(block, part.length, 0);
      }
      const search = searches[index] as number;
      setStep(steps[index] as StepCallback);
      const before = module.explored(search);
      const code = module.run(search, undecided.length === 1 ? remaining : Math.min(slice, remaining));
      const recorded = module.explored(search) - before;
      remaining -= recorded;
      explored += recorded;
      if (code === PAUSED) {
        stillUndecided.push(index);
        continue;
      }
      module.release(search);
      searches[index] = 0;
      failed = code !== LINEARIZED;
    }
    undecided = stillUndecided;
  }
  for (const index of undecided) if (searches[index] !== 0) module.release(searches[index] as number);
  return { verdict: failed ? 'not-linearizable' : undecided.length > 0 ? 'unknown' : 'linearizable', explored };
}

/** The model's step on interned states: state 0 is `init()`; equal states get one id. */
function internedStep<S, I, O>(model: LinearizabilityModel<S, I, O>, part: readonly HistoryOperation<I, O>[]): StepCallback {
  const states: S[] = [model.init()];
  const idsByHash = new Map<number, number[]>([[model.hash(states[0] as S) | 0, [0]]]);
  return (stateId, position) => {
    const operation = part[position] as HistoryOperation<I, O>;
    const successors = model.step(states[stateId] as S, operation.input, operation.output);
    if (successors.length === 0) return -1;
    const next = successors[0] as S;
    const hash = model.hash(next) | 0;
    const bucket = idsByHash.get(hash);
    if (bucket === undefined) {
      idsByHash.set(hash, [states.length]);
    } else {
      for (const id of bucket) if (model.equal(states[id] as S, next)) return id;
      bucket.push(states.length);
    }
    states.push(next);
    return states.length - 1;
  };
}
