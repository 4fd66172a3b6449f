/**
 * An independent reference model of ZooKeeper's data tree, for the properties only: what each
 * committed transaction must do to the znodes, the session table and the client's answer, written
 * apart from `datatree.ts` (it shares no code with it, only the types and the session-key encoding
 * the trees store). The ghost's trees are built by `applyTxn`, the same code the servers run, so a
 * change to that code changed the servers and the ghost alike and no property saw it; comparing both
 * with this model does. Kept small and plain: a map of znodes with their stat, copied at every
 * transaction (trees have a handful of znodes), so each state stays as it was and the ghost can carry
 * one per delivered transaction.
 */
import type { DataTree, Operation, Output, Txn, TxnOperation, Zxid, ZnodeErrorCode } from './types.ts';

/** The client operations that become transactions (the rest read locally); the properties' own list, apart from the servers' \`isWrite\`. */
const writeTypes: ReadonlySet<Operation['type']> = new Set<Operation['type']>([
  'create',
  'delete',
  'setData',
  'elect',
  'controllerElect',
  'controllerAct',
]);

export function referenceIsWrite(operation: Operation): boolean {
  return writeTypes.has(operation.type);
}

/** The same transaction: a zxid and the leader that proposed it identify one. Only the properties compare transactions. */
export function sameTxn(a: Txn, b: Txn): boolean {
  return a === b || (a.zxid.epoch === b.zxid.epoch && a.zxid.counter === b.zxid.counter && a.proposer === b.proposer);
}

/** A znode as ZooKeeper's stat describes it; children are counted from the paths, not stored. */
export interface ReferenceZnode {
  readonly data: string;
  readonly version: number;
  readonly childVersion: number;
  /** The owning session's key (client * 1000 + incarnation) for an ephemeral znode. */
  readonly owner: number | null;
}

/** An answer as the reference model gives it: an output (its serving server a placeholder), or a refusal. */
export type ReferenceReply = { readonly outcome: 'ok'; readonly output: Output } | { readonly outcome: 'fail' };

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.substring(0, cut) : '/';
}

/** An absolute path without empty segments: \`/\`, or \`/\` and names joined by single slashes, no slash at the end. */
function wellFormed(path: string): boolean {
  if (path === '/') return true;
  return path[0] === '/' && path[path.length - 1] !== '/' && !path.includes('//');
}

function padded(sequence: number): string {
  return sequence.toString().padStart(10, '0');
}

/** The reference service after a prefix of the delivered sequence: immutable, so the ghost carries one per delivered transaction. */
export interface ReferenceState {
  readonly znodes: ReadonlyMap<string, ReferenceZnode>;
  readonly sessions: readonly { readonly incarnation: number; readonly alive: boolean }[];
  /** Per client: the last operation applied for it (a retry or an older request has no effect). */
  readonly last: readonly (number | null)[];
  readonly controllerEpochs: readonly number[];
}

/** A client transaction's answer as it first applied, by operation id (unique across clients), with its client. */
export interface ReferenceAnswer {
  readonly operationId: number;
  readonly clientId: number;
  readonly reply: ReferenceReply;
}

/** What one committed transaction did to the reference service. */
export interface ReferenceStep {
  readonly state: ReferenceState;
  /** The client transaction's first answer; null for a closeSession, a retry or an older request. */
  readonly answer: ReferenceAnswer | null;
  /** What it changed for watches: `path` (data, existence) and `path/*` (children), sorted. */
  readonly changed: readonly string[];
  /** Whether it changed the znodes, the session table or the controller epochs. */
  readonly touched: boolean;
}

export function initialReference(clientCount: number): ReferenceState {
  return {
    znodes: new Map<string, ReferenceZnode>([
      ['/', { data: '', version: 0, childVersion: 2, owner: null }],
      ['/election', { data: '', version: 0, childVersion: 0, owner: null }],
      ['/state', { data: '0', version: 0, childVersion: 0, owner: null }],
    ]),
    sessions: Array.from({ length: clientCount }, () => ({ incarnation: 0, alive: false })),
    last: Array.from({ length: clientCount }, () => null),
    controllerEpochs: Array.from({ length: clientCount }, () => 0),
  };
}

/**
 * Whether \`parentPath(candidate)\` is \`path\`, without building the parent's string: this runs for
 * every znode whenever children are listed or counted.
 */
function isChildOf(candidate: string, path: string): boolean {
  const cut = candidate.lastIndexOf('/');
  if (path === '/') return candidate !== '/' && (cut <= 0 || (cut === 1 && candidate[0] === '/'));
  return path.length > 0 && cut === path.length && candidate.startsWith(path);
}

/** The names of a znode's children, in ZooKeeper's (lexicographic) order. */
function childrenIn(znodes: ReadonlyMap<string, ReferenceZnode>, path: string): string[] {
  const names: string[] = [];
  const cut = path === '/' ? 1 : path.length + 1;
  for (const candidate of znodes.keys()) {
    if (isChildOf(candidate, path)) names.push(candidate.substring(cut));
  }
  return names.sort();
}

/** A copy of \`node\` with one more child change (a literal, not a spread: one per create or delete). */
function withChildChange(node: ReferenceZnode): ReferenceZnode {
  return { data: node.data, version: node.version, childVersion: node.childVersion + 1, owner: node.owner };
}

/** Adds \`key\` to a short list of distinct keys (a transaction changes at most a few paths). */
function addKey(keys: string[], key: string): void {
  if (!keys.includes(key)) keys.push(key);
}

/** The znodes one transaction works on: the state's, copied at the first change, and the changes it makes for watches. */
class Draft {
  znodes: ReadonlyMap<string, ReferenceZnode>;
  private copied: Map<string, ReferenceZnode> | null = null;
  /** What the transaction changed for watches, each key once, unsorted. */
  readonly changes: string[] = [];

  constructor(znodes: ReadonlyMap<string, ReferenceZnode>) {
    this.znodes = znodes;
  }

  /** The znodes to change: a copy of the state's, made once (a refused write changes none). */
  private writable(): Map<string, ReferenceZnode> {
    if (this.copied === null) {
      this.copied = new Map(this.znodes);
      this.znodes = this.copied;
    }
    return this.copied;
  }

  get(path: string): ReferenceZnode | undefined {
    return this.znodes.get(path);
  }

  children(path: string): string[] {
    return childrenIn(this.znodes, path);
  }

  add(path: string, data: string, owner: number | null): void {
    const znodes = this.writable();
    const parentAt = parentPath(path);
    const parent = znodes.get(parentAt);
    if (parent) znodes.set(parentAt, withChildChange(parent));
    znodes.set(path, { data, version: 0, childVersion: 0, owner });
    addKey(this.changes, path);
    addKey(this.changes, `${parentAt}/*`);
  }

  remove(path: string): void {
    const znodes = this.writable();
    const parentAt = parentPath(path);
    const parent = znodes.get(parentAt);
    if (parent) znodes.set(parentAt, withChildChange(parent));
    znodes.delete(path);
    // A deleted znode's data watches and child watches fire, and its parent's child watches.
    addKey(this.changes, path);
    addKey(this.changes, `${path}/*`);
    addKey(this.changes, `${parentAt}/*`);
  }

  write(path: string, data: string): number {
    const znodes = this.writable();
    const node = znodes.get(path) as ReferenceZnode;
    znodes.set(path, { data, version: node.version + 1, childVersion: node.childVersion, owner: node.owner });
    addKey(this.changes, path);
    return node.version + 1;
  }
}

/** The step that changes nothing (a closeSession of a closed session, a retry). */
function unchanged(state: ReferenceState, answer: ReferenceAnswer | null): ReferenceStep {
  return { state, answer, changed: [], touched: false };
}

/** Applies one committed transaction to the reference service: a new state, its input untouched. */
export function applyReference(state: ReferenceState, txn: Txn): ReferenceStep {
  const body = txn.body;
  if (body.kind === 'closeSession') {
    const session = state.sessions[body.clientId];
    if (!session?.alive || session.incarnation !== body.session) return unchanged(state, null);
    // Closing a session deletes its ephemeral znodes.
    const owner = body.clientId * 1000 + body.session;
    const draft = new Draft(state.znodes);
    const owned: string[] = [];
    for (const [path, node] of state.znodes) if (node.owner === owner) owned.push(path);
    for (const path of owned) draft.remove(path);
    const sessions = state.sessions.slice();
    sessions[body.clientId] = { incarnation: session.incarnation, alive: false };
    return { state: { ...state, znodes: draft.znodes, sessions }, answer: null, changed: draft.changes.sort(), touched: true };
  }
  if (body.kind !== 'client') return unchanged(state, null);
  const last = state.last[body.clientId] ?? null;
  // A retry or an abandoned request that arrives after a newer one: no effect.
  if (last !== null && body.operationId <= last) return unchanged(state, null);
  const lasts = state.last.slice();
  lasts[body.clientId] = body.operationId;
  const session = state.sessions[body.clientId] ?? { incarnation: 0, alive: false };
  const sameSession = session.alive && session.incarnation === body.session;
  const nextSession = !session.alive && session.incarnation + 1 === body.session;
  if (!sameSession && !nextSession) {
    return unchanged({ ...state, last: lasts }, { operationId: body.operationId, clientId: body.clientId, reply: { outcome: 'fail' } });
  }
  let sessions = state.sessions;
  if (!sameSession) {
    sessions = sessions.slice();
    (sessions as { incarnation: number; alive: boolean }[])[body.clientId] = { incarnation: body.session, alive: true };
  }
  const draft = new Draft(state.znodes);
  const done = operate(draft, body.operation, body.clientId, body.clientId * 1000 + body.session, txn.zxid);
  let controllerEpochs = state.controllerEpochs;
  if (done.elected !== null) {
    controllerEpochs = controllerEpochs.slice();
    (controllerEpochs as number[])[body.clientId] = done.elected;
  }
  return {
    state: { znodes: draft.znodes, sessions, last: lasts, controllerEpochs },
    answer: { operationId: body.operationId, clientId: body.clientId, reply: { outcome: 'ok', output: done.output } },
    changed: draft.changes.sort(),
    // A refused write (an existing znode, a wrong version) changes none of them: the ghost then
    // compares the servers' tree again only if it changed (\`referenceStepMismatch\`).
    touched: draft.znodes !== state.znodes || sessions !== state.sessions || controllerEpochs !== state.controllerEpochs,
  };
}

/** What a local read of `path` answers in `state` (the output's type and served fields left to the caller). */
export function readReference(state: ReferenceState, type: 'getData' | 'exists' | 'getChildren' | 'syncRead', path: string): Record<string, unknown> {
  const node = state.znodes.get(path);
  switch (type) {
    case 'getData':
      return node ? { ok: true, data: node.data, version: node.version } : { ok: false, error: 'no-node' };
    case 'exists':
      return { version: node ? node.version : null };
    case 'getChildren':
      return node ? { ok: true, children: childrenIn(state.znodes, path) } : { ok: false, error: 'no-node' };
    case 'syncRead':
      return { data: node ? node.data : null, version: node ? node.version : null };
  }
}

/** How a server's data tree differs from the reference state, or null when it holds the same znodes, stats, sessions and controller epochs. */
export function referenceDifference(state: ReferenceState, tree: DataTree): string | null {
  const childCounts = new Map<string, number>();
  for (const path of state.znodes.keys()) {
    if (path === '/') continue;
    const parent = parentPath(path);
    childCounts.set(parent, (childCounts.get(parent) ?? 0) + 1);
  }
  for (const [path, expected] of state.znodes) {
    const actual = tree.nodes.get(path);
    if (actual === undefined) return `${path} is missing`;
    const childCount = childCounts.get(path) ?? 0;
    if (
      actual.data !== expected.data ||
      actual.version !== expected.version ||
      actual.childVersion !== expected.childVersion ||
      actual.childCount !== childCount ||
      actual.owner !== expected.owner
    ) {
      return `${path} is ${JSON.stringify(actual)}, expected ${JSON.stringify({ ...expected, childCount })}`;
    }
  }
  if (tree.nodes.size !== state.znodes.size) {
    for (const path of tree.nodes.keys()) if (!state.znodes.has(path)) return `${path} exists, expected absent`;
  }
  for (const [clientId, expected] of state.sessions.entries()) {
    const actual = tree.sessions[clientId];
    if (actual?.alive !== expected.alive || actual.incarnation !== expected.incarnation) {
      return `client ${clientId}'s session is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
  }
  for (const [clientId, expected] of state.controllerEpochs.entries()) {
    if (tree.controllerEpochs[clientId] !== expected)
      return `client ${clientId}'s controller epoch is ${tree.controllerEpochs[clientId]}, expected ${expected}`;
  }
  return null;
}

function refused(type: 'create' | 'delete' | 'setData', error: ZnodeErrorCode, zxid: Zxid): Output {
  return { type, ok: false, error, zxid, servedBy: -1, boots: 0 };
}

/** A client operation of a live session: the output and, for a controller election won, the new epoch. */
function operate(scratch: Draft, operation: TxnOperation, clientId: number, owner: number, zxid: Zxid): { output: Output; elected: number | null } {
  const at = { zxid, servedBy: -1, boots: 0 };
  switch (operation.type) {
    case 'create': {
      if (operation.path === '/' || !wellFormed(operation.path)) return { output: refused('create', 'bad-arguments', zxid), elected: null };
      const parent = scratch.get(parentPath(operation.path));
      if (parent === undefined) return { output: refused('create', 'no-parent', zxid), elected: null };
      const path = operation.sequential ? `${operation.path}${padded(parent.childVersion)}` : operation.path;
      if (scratch.get(path) !== undefined) return { output: refused('create', 'node-exists', zxid), elected: null };
      scratch.add(path, operation.data, operation.ephemeral ? owner : null);
      return { output: { type: 'create', ok: true, path, ...at }, elected: null };
    }
    case 'delete': {
      if (operation.path === '/' || !wellFormed(operation.path)) return { output: refused('delete', 'bad-arguments', zxid), elected: null };
      const node = scratch.get(operation.path);
      if (node === undefined) return { output: refused('delete', 'no-node', zxid), elected: null };
      if (operation.version !== -1 && operation.version !== node.version) return { output: refused('delete', 'bad-version', zxid), elected: null };
      if (scratch.children(operation.path).length > 0) return { output: refused('delete', 'not-empty', zxid), elected: null };
      scratch.remove(operation.path);
      return { output: { type: 'delete', ok: true, ...at }, elected: null };
    }
    case 'setData': {
      if (!wellFormed(operation.path)) return { output: refused('setData', 'bad-arguments', zxid), elected: null };
      const node = scratch.get(operation.path);
      if (node === undefined) return { output: refused('setData', 'no-node', zxid), elected: null };
      if (operation.version !== -1 && operation.version !== node.version) return { output: refused('setData', 'bad-version', zxid), elected: null };
      return { output: { type: 'setData', ok: true, version: scratch.write(operation.path, operation.data), ...at }, elected: null };
    }
    case 'elect': {
      // One sequential ephemeral znode per session under /election; the lowest one leads.
      let sequence = scratch.children('/election').find((name) => scratch.get(`/election/${name}`)?.owner === owner);
      if (sequence === undefined) {
        sequence = `n_${padded((scratch.get('/election') as ReferenceZnode).childVersion)}`;
        scratch.add(`/election/${sequence}`, `${clientId}`, owner);
      }
      const lowest = scratch.children('/election')[0];
      return { output: { type: 'elect', sequence, leader: lowest === sequence, ...at }, elected: null };
    }
    case 'controllerElect': {
      // One multi: create the ephemeral /controller and bump /controller_epoch, checked against the version read.
      const epochNode = scratch.get('/controller_epoch');
      const epoch = epochNode === undefined ? 0 : Number.parseInt(epochNode.data, 10);
      const controller = scratch.get('/controller');
      if (controller !== undefined) {
        return {
          output: { type: 'controllerElect', result: 'taken', epoch, controller: Number.parseInt(controller.data, 10), ...at },
          elected: null,
        };
      }
      if ((epochNode === undefined ? -1 : epochNode.version) !== operation.expectedEpochVersion) {
        return { output: { type: 'controllerElect', result: 'stale-epoch', epoch, controller: null, ...at }, elected: null };
      }
      scratch.add('/controller', `${clientId}`, owner);
      if (epochNode === undefined) scratch.add('/controller_epoch', '1', null);
      else scratch.write('/controller_epoch', `${epoch + 1}`);
      return { output: { type: 'controllerElect', result: 'elected', epoch: epoch + 1, controller: clientId, ...at }, elected: epoch + 1 };
    }
    case 'controllerAct': {
      // Fenced by the epoch the client was elected with: a write of any other epoch than the current one is refused.
      const epochNode = scratch.get('/controller_epoch');
      const epoch = epochNode === undefined ? 0 : Number.parseInt(epochNode.data, 10);
      const accepted = operation.believedEpoch !== 0 && (!operation.fenced || operation.believedEpoch === epoch);
      if (accepted) scratch.write('/state', operation.value);
      return { output: { type: 'controllerAct', ok: accepted, epoch: operation.believedEpoch, ...at }, elected: null };
    }
  }
}
