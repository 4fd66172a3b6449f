/**
 * The replicated key-value state machine that sits on top of the Raft log: put, get and
 * compare-and-set over a handful of keys, with a de-duplication table so that a retried write
 * (same client id and operation id) takes effect once, however many times it lands in the log.
 *
 * Operations and outputs have the shape of the linearizability checker's `kv-cas` model, so a
 * client history can be checked without translation.
 */
import { assertNever } from '../../core/assert.ts';
import type { RaftStateMachine } from './component.ts';

/** An operation on the key-value store. */
export type KvOperation =
  | { readonly type: 'put'; readonly key: string; readonly value: string }
  | { readonly type: 'get'; readonly key: string }
  | { readonly type: 'cas'; readonly key: string; readonly expected: string | null; readonly value: string };

/**
 * A membership change a client asks the leader for (only with the `membershipChanges` setting;
 * replace-server only with `membershipChangeMode=joint`: `replacement` takes `node`'s place).
 */
export type MembershipOperation =
  | { readonly type: 'add-server'; readonly node: number }
  | { readonly type: 'remove-server'; readonly node: number }
  | { readonly type: 'replace-server'; readonly node: number; readonly replacement: number };

export type Operation = KvOperation | MembershipOperation;

export type Output =
  | { readonly type: 'put' }
  | { readonly type: 'get'; readonly value: string | null }
  | { readonly type: 'cas'; readonly ok: boolean }
  | { readonly type: 'membership' };

export function isMembershipOperation(operation: Operation): operation is MembershipOperation {
  return operation.type === 'add-server' || operation.type === 'remove-server' || operation.type === 'replace-server';
}

/**
 * Why a membership operation written by hand cannot run under `config`: it names a server that does
 * not exist, or membership changes are off (the workload asks for none then, and the last node is
 * a voter, not a spare). A replace-server in single-server mode fits: the leader refuses it, as a
 * real one refuses a change its mode does not support, and a mutation scenario checks it does.
 */
export function membershipOperationProblem(
  config: { readonly nodeCount: number; readonly membershipChanges: boolean },
  operation: Operation,
): string | null {
  if (!isMembershipOperation(operation)) return null;
  if (!config.membershipChanges) return `${operation.type} needs membershipChanges=true (membership changes are off)`;
  const servers = operation.type === 'replace-server' ? [operation.node, operation.replacement] : [operation.node];
  const missing = servers.find((server) => server >= config.nodeCount);
  return missing === undefined ? null : `server ${missing} does not exist: nodeCount=${config.nodeCount} (servers 0 to ${config.nodeCount - 1})`;
}

/** Few keys and small values, so that concurrent clients collide and stale reads are visible. */
export const workloadKeys: readonly string[] = ['x', 'y'];
export const workloadValuesMax = 3;

/** The store: a missing key reads as null. */
export type KeyValues = Readonly<Record<string, string>>;

/** The last operation of a client that took effect, and what it returned (for answering retries). */
export interface Session {
  readonly operationId: number;
  readonly output: Output;
}

export interface StateMachine {
  readonly values: KeyValues;
  /** Indexed by client id. Operation ids grow per client, so the last one is enough to de-duplicate. */
  readonly sessions: readonly (Session | undefined)[];
}

export const emptyStateMachine: StateMachine = { values: {}, sessions: [] };

/** What applying one client command produced: the output the client should see. */
export interface ApplyResult {
  readonly machine: StateMachine;
  readonly output: Output | null;
}

export function readValue(values: KeyValues, key: string): string | null {
  return Object.hasOwn(values, key) ? (values[key] ?? null) : null;
}

function applyOperation(values: KeyValues, operation: KvOperation): { values: KeyValues; output: Output } {
  switch (operation.type) {
    case 'put':
      return { values: { ...values, [operation.key]: operation.value }, output: { type: 'put' } };
    case 'get':
      return { values, output: { type: 'get', value: readValue(values, operation.key) } };
    case 'cas': {
      if (readValue(values, operation.key) !== operation.expected) return { values, output: { type: 'cas', ok: false } };
      return { values: { ...values, [operation.key]: operation.value }, output: { type: 'cas', ok: true } };
    }
    default:
      return assertNever(operation, 'key-value operation');
  }
}

/**
 * Applies a client's command unless that client already had this operation (or a later one)
 * applied: a retry that reached the log twice answers with the first result and changes nothing.
 * `output` is null for a command older than the client's last applied one (nobody waits for it).
 */
export function applyClientCommand(machine: StateMachine, clientId: number, operationId: number, operation: KvOperation): ApplyResult {
  const session = machine.sessions[clientId];
  if (session !== undefined && session.operationId >= operationId) {
    return { machine, output: session.operationId === operationId ? session.output : null };
  }
  const { values, output } = applyOperation(machine.values, operation);
  const sessions = machine.sessions.slice();
  while (sessions.length < clientId) sessions.push(undefined);
  sessions[clientId] = { operationId, output };
  return { machine: { values, sessions }, output };
}

/** A client's key-value operation as a command in the Raft log: who asked, so that a retry applies once. */
export interface KvCommand {
  readonly clientId: number;
  readonly operationId: number;
  readonly operation: KvOperation;
}

/**
 * The key-value store as the Raft component's state machine: applying a command gives the client's
 * output (null for a command older than the client's last applied one), and a ReadIndex read
 * (`query`, always a get) reads the store without touching the sessions.
 */
export const kvStateMachine: RaftStateMachine<KvCommand, StateMachine, Output | null> = {
  initial: emptyStateMachine,
  apply(machine, command) {
    const applied = applyClientCommand(machine, command.clientId, command.operationId, command.operation);
    return { machine: applied.machine, result: applied.output };
  },
  describeCommand: (command) => describeOperation(command.operation),
  describeMachine: (machine) => describeValues(machine.values),
  requesterOf: (command) => ({ clientId: command.clientId, operationId: command.operationId }),
  // Reads are gets (the front end starts ReadIndex reads only for them): the key's value.
  query: (machine, command) => ({ type: 'get', value: readValue(machine.values, command.operation.key) }),
};

function show(value: string | null): string {
  return value === null ? 'nil' : value;
}

export function describeOperation(operation: Operation): string {
  switch (operation.type) {
    case 'put':
      return `put ${operation.key} ${operation.value}`;
    case 'get':
      return `get ${operation.key}`;
    case 'cas':
      return `cas ${operation.key} ${show(operation.expected)} ${operation.value}`;
    case 'add-server':
      return `add-server ${operation.node}`;
    case 'remove-server':
      return `remove-server ${operation.node}`;
    case 'replace-server':
      return `replace-server ${operation.node} ${operation.replacement}`;
    default:
      return assertNever(operation, 'key-value operation');
  }
}

export function describeOutput(output: Output): string {
  switch (output.type) {
    case 'put':
      return 'ok';
    case 'get':
      return `ok ${show(output.value)}`;
    case 'cas':
      return output.ok ? 'ok' : 'ok (compare failed)';
    case 'membership':
      return 'ok';
    default:
      return assertNever(output, 'key-value output');
  }
}

export function describeValues(values: KeyValues): string {
  const keys = Object.keys(values).sort();
  return keys.length === 0 ? '{}' : `{${keys.map((key) => `${key}=${values[key] ?? 'nil'}`).join(' ')}}`;
}

const tokenPattern = /^[A-Za-z0-9_-]+$/;

/** Parses `put x 1`, `get x`, `cas x 1 2` (`cas x nil 2`: set x to 2 only if it is absent). */
export function parseOperation(text: string): Operation | { error: string } {
  const words = text.trim().split(/\s+/);
  const [verb, key, first, second] = words;
  const usage = `expected "put KEY VALUE", "get KEY", "cas KEY EXPECTED VALUE" (EXPECTED may be nil), "add-server NODE", "remove-server NODE" or "replace-server NODE NEW-NODE", found "${text.trim()}"`;
  if ((verb === 'add-server' || verb === 'remove-server') && words.length === 2 && key !== undefined && /^[0-9]$/.test(key)) {
    return { type: verb, node: Number(key) };
  }
  if (verb === 'replace-server' && words.length === 3 && key !== undefined && first !== undefined && /^[0-9]$/.test(key) && /^[0-9]$/.test(first)) {
    return { type: verb, node: Number(key), replacement: Number(first) };
  }
  if (key === undefined || !tokenPattern.test(key)) return { error: usage };
  if (verb === 'get' && words.length === 2) return { type: 'get', key };
  if (verb === 'put' && words.length === 3 && first !== undefined && tokenPattern.test(first)) {
    return { type: 'put', key, value: first };
  }
  if (verb === 'cas' && words.length === 4 && first !== undefined && second !== undefined && tokenPattern.test(first) && tokenPattern.test(second)) {
    return { type: 'cas', key, expected: first === 'nil' ? null : first, value: second };
  }
  return { error: usage };
}

/**
 * Builds an operation from the workload's small integers: kind, key, value, expected value (0 =
 * absent). With membership changes (`nodeCount` given), half the compare-and-sets become an
 * add-server or remove-server of node `parameters[1]`; with joint consensus (`joint`), half of
 * those a replace-server of that node by one of the last two servers.
 */
export function buildOperation(kind: number, parameters: readonly number[], membershipNodeCount: number | null = null, joint = false): Operation {
  if (membershipNodeCount !== null && kind % 3 === 2 && (parameters[2] ?? 0) % 2 === 1) {
    const node = (parameters[1] ?? 0) % membershipNodeCount;
    if (joint) {
      // The spare servers are the last ones at first (the last, and after one replacement the one it replaced).
      const replacement = membershipNodeCount - 1 - ((parameters[2] ?? 0) >> 1);
      const choice = parameters[0] ?? 0;
      if (choice >= 2) return { type: 'replace-server', node, replacement };
      return choice === 0 ? { type: 'add-server', node } : { type: 'remove-server', node };
    }
    return (parameters[0] ?? 0) % 2 === 0 ? { type: 'add-server', node } : { type: 'remove-server', node };
  }
  const key = workloadKeys[(parameters[0] ?? 0) % workloadKeys.length] ?? 'x';
  const value = String(1 + ((parameters[1] ?? 0) % workloadValuesMax));
  const expectedRaw = (parameters[2] ?? 0) % (workloadValuesMax + 1);
  switch (kind % 3) {
    case 0:
      return { type: 'put', key, value };
    case 1:
      return { type: 'get', key };
    default:
      return { type: 'cas', key, expected: expectedRaw === 0 ? null : String(expectedRaw), value };
  }
}
