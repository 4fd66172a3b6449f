/**
 * An independent reference model of ZooKeeper's data tree, for the properties only: what each
 * committed transaction must do to the znodes, the session table and the client's answer, written
 * apart from `datatree.ts` (it shares no code with it, only the types and the session-key encoding
 * the trees store). The ghost's trees are built by `applyTxn`, the same code the servers run, so a
 * change to that code changed the servers and the ghost alike and no property saw it; comparing both
 * with this model does. Kept small and plain: a map of znodes with their stat, replaced whole at
 * every transaction (trees have a handful of znodes).
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

/** A znode as ZooKeeper's stat describes it; children are counted from the paths, not stored. */
export interface ReferenceZnode {
  readonly data: string;
  readonly version: number;
  readonly childVersion: number;
  /** The owning session's key (client * 1000 + incarnation) for an ephemeral znode. */
  readonly owner: number | null;
}

/** An answer as the reference model gives it: an output without the serving server, or a refusal. */
export type ReferenceReply = { readonly outcome: 'ok'; readonly output: Output } | { readonly outcome: 'fail' };

export interface ReferenceTree {
  readonly znodes: ReadonlyMap<string, ReferenceZnode>;
  readonly sessions: readonly { readonly incarnation: number; readonly alive: boolean }[];
  /** Per client: the last operation applied for it and its answer (a retry is answered the same). */
  readonly last: readonly ({ readonly operationId: number; readonly reply: ReferenceReply } | null)[];
  readonly controllerEpochs: readonly number[];
  /** What the transaction that made this tree changed, for watches: `path` (data, existence) and `path/*` (children), sorted. */
  readonly changed: readonly string[];
}

/** The reply a client transaction got when it applied, keyed by client and operation. */
export type ReferenceReplies = Map<string, ReferenceReply>;

export function replyKey(clientId: number, operationId: number): string {
  return `${clientId}#${operationId}`;
}

/** The tree a new ensemble starts with: the root, the election recipe's parent and the controller's /state ('0'). */
export function referenceInitialTree(clientCount: number): ReferenceTree {
  const znodes = new Map<string, ReferenceZnode>([
    ['/', { data: '', version: 0, childVersion: 2, owner: null }],
    ['/election', { data: '', version: 0, childVersion: 0, owner: null }],
    ['/state', { data: '0', version: 0, childVersion: 0, owner: null }],
  ]);
  return {
    znodes,
    sessions: new Array(clientCount).fill(null).map(() => ({ incarnation: 0, alive: false })),
    last: new Array(clientCount).fill(null),
    controllerEpochs: new Array(clientCount).fill(0),
    changed: [],
  };
}

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.substring(0, cut) : '/';
}

function wellFormed(path: string): boolean {
  if (path === '/') return true;
  if (path[0] !== '/' || path[path.length - 1] === '/') return false;
  return path
    .split('/')
    .slice(1)
    .every((segment) => segment.length > 0);
}

/** The names of a znode's children, in ZooKeeper's (lexicographic) order. */
export function referenceChildren(znodes: ReadonlyMap<string, ReferenceZnode>, path: string): string[] {
  const names: string[] = [];
  for (const candidate of znodes.keys()) {
    if (candidate !== '/' && parentPath(candidate) === path) names.push(candidate.substring(path === '/' ? 1 : path.length + 1));
  }
  return names.sort();
}

function padded(sequence: number): string {
  return sequence.toString().padStart(10, '0');
}

/** One transaction's effect on a scratch copy of the znodes. */
class Scratch {
  readonly znodes: Map<string, ReferenceZnode>;
  /** What a watch may wait for, as `path` (data and existence) or `path/*` (children); a set: each is fired once. */
  readonly changed = new Set<string>();

  constructor(znodes: ReadonlyMap<string, ReferenceZnode>) {
    this.znodes = new Map(znodes);
  }

  get(path: string): ReferenceZnode | undefined {
    return this.znodes.get(path);
  }

  add(path: string, data: string, owner: number | null): void {
    const parent = this.znodes.get(parentPath(path));
    if (parent) this.znodes.set(parentPath(path), { ...parent, childVersion: parent.childVersion + 1 });
    this.znodes.set(path, { data, version: 0, childVersion: 0, owner });
    this.changed.add(path).add(`${parentPath(path)}/*`);
  }

  remove(path: string): void {
    const parent = this.znodes.get(parentPath(path));
    if (parent) this.znodes.set(parentPath(path), { ...parent, childVersion: parent.childVersion + 1 });
    this.znodes.delete(path);
    // A deleted znode's data watches and child watches fire, and its parent's child watches.
    this.changed
      .add(path)
      .add(`${path}/*`)
      .add(`${parentPath(path)}/*`);
  }

  write(path: string, data: string): number {
    const node = this.znodes.get(path) as ReferenceZnode;
    this.znodes.set(path, { ...node, data, version: node.version + 1 });
    this.changed.add(path);
    return node.version + 1;
  }
}

function refused(type: 'create' | 'delete' | 'setData', error: ZnodeErrorCode, zxid: Zxid): Output {
  return { type, ok: false, error, zxid, servedBy: -1, boots: 0 };
}

/** A client operation of a live session: the output and, for a controller election won, the new epoch. */
function operate(scratch: Scratch, operation: TxnOperation, clientId: number, owner: number, zxid: Zxid): { output: Output; elected: number | null } {
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
      if (referenceChildren(scratch.znodes, operation.path).length > 0) return { output: refused('delete', 'not-empty', zxid), elected: null };
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
      let sequence = referenceChildren(scratch.znodes, '/election').find((name) => scratch.get(`/election/${name}`)?.owner === owner);
      if (sequence === undefined) {
        sequence = `n_${padded((scratch.get('/election') as ReferenceZnode).childVersion)}`;
        scratch.add(`/election/${sequence}`, `${clientId}`, owner);
      }
      const lowest = referenceChildren(scratch.znodes, '/election')[0];
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

/** Applies one committed transaction; a client transaction's first answer is recorded in `replies`. */
export function referenceApply(tree: ReferenceTree, txn: Txn, replies: ReferenceReplies): ReferenceTree {
  const body = txn.body;
  const unchanged = tree.changed.length === 0 ? tree : { ...tree, changed: [] };
  if (body.kind === 'sync') return unchanged;
  if (body.kind === 'closeSession') {
    const session = tree.sessions[body.clientId];
    if (session === undefined || !session.alive || session.incarnation !== body.session) return unchanged;
    // Closing a session deletes its ephemeral znodes.
    const owner = body.clientId * 1000 + body.session;
    const scratch = new Scratch(tree.znodes);
    for (const [path, node] of tree.znodes) if (node.owner === owner) scratch.remove(path);
    const sessions = tree.sessions.slice();
    sessions[body.clientId] = { incarnation: session.incarnation, alive: false };
    return { ...tree, znodes: scratch.znodes, sessions, changed: [...scratch.changed].sort() };
  }
  const last = tree.last[body.clientId] ?? null;
  if (last !== null && body.operationId <= last.operationId) return unchanged; // a retry or an abandoned request: no effect
  const session = tree.sessions[body.clientId] ?? { incarnation: 0, alive: false };
  const sameSession = session.alive && session.incarnation === body.session;
  const nextSession = !session.alive && session.incarnation + 1 === body.session;
  let reply: ReferenceReply = { outcome: 'fail' };
  let znodes = tree.znodes;
  let changed: string[] = [];
  const sessions = tree.sessions.slice();
  const controllerEpochs = tree.controllerEpochs.slice();
  if (sameSession || nextSession) {
    sessions[body.clientId] = { incarnation: body.session, alive: true };
    const scratch = new Scratch(tree.znodes);
    const done = operate(scratch, body.operation, body.clientId, body.clientId * 1000 + body.session, txn.zxid);
    znodes = scratch.znodes;
    changed = [...scratch.changed].sort();
    if (done.elected !== null) controllerEpochs[body.clientId] = done.elected;
    reply = { outcome: 'ok', output: done.output };
  }
  replies.set(replyKey(body.clientId, body.operationId), reply);
  const lastReplies = tree.last.slice();
  lastReplies[body.clientId] = { operationId: body.operationId, reply };
  return { znodes, sessions, last: lastReplies, controllerEpochs, changed };
}

/** What a local read of `path` answers in this tree (the output's served fields left to the caller). */
export function referenceRead(tree: ReferenceTree, type: 'getData' | 'exists' | 'getChildren' | 'syncRead', path: string): Record<string, unknown> {
  const node = tree.znodes.get(path);
  switch (type) {
    case 'getData':
      return node ? { ok: true, data: node.data, version: node.version } : { ok: false, error: 'no-node' };
    case 'exists':
      return { version: node ? node.version : null };
    case 'getChildren':
      return node ? { ok: true, children: referenceChildren(tree.znodes, path) } : { ok: false, error: 'no-node' };
    case 'syncRead':
      return { data: node ? node.data : null, version: node ? node.version : null };
  }
}

/** How a server's data tree differs from the reference, or null when it holds the same znodes, stats, sessions and controller epochs. */
export function referenceDifference(reference: ReferenceTree, tree: DataTree): string | null {
  for (const [path, expected] of reference.znodes) {
    const actual = tree.nodes.get(path);
    if (actual === undefined) return `${path} is missing`;
    const childCount = referenceChildren(reference.znodes, path).length;
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
  for (const path of tree.nodes.keys()) if (!reference.znodes.has(path)) return `${path} exists, expected absent`;
  for (const [clientId, expected] of reference.sessions.entries()) {
    const actual = tree.sessions[clientId];
    if (actual?.alive !== expected.alive || actual.incarnation !== expected.incarnation) {
      return `client ${clientId}'s session is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
  }
  for (const [clientId, expected] of reference.controllerEpochs.entries()) {
    if (tree.controllerEpochs[clientId] !== expected)
      return `client ${clientId}'s controller epoch is ${tree.controllerEpochs[clientId]}, expected ${expected}`;
  }
  return null;
}
