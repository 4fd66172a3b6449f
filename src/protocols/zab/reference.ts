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

function wellFormed(path: string): boolean {
  if (path === '/') return true;
  if (path[0] !== '/' || path[path.length - 1] === '/') return false;
  return path
    .split('/')
    .slice(1)
    .every((segment) => segment.length > 0);
}

function padded(sequence: number): string {
  return sequence.toString().padStart(10, '0');
}

/**
 * The reference service, applied in place one committed transaction after another (a property
 * replays a run's delivered sequence once and compares as it goes, so nothing is copied).
 */
export class ReferenceService {
  readonly znodes = new Map<string, ReferenceZnode>([
    ['/', { data: '', version: 0, childVersion: 2, owner: null }],
    ['/election', { data: '', version: 0, childVersion: 0, owner: null }],
    ['/state', { data: '0', version: 0, childVersion: 0, owner: null }],
  ]);
  readonly sessions: { incarnation: number; alive: boolean }[];
  /** Per client: the last operation applied for it (a retry or an older request has no effect). */
  private readonly last: (number | null)[];
  readonly controllerEpochs: number[];
  /** Each client transaction's answer as it first applied, by operation id (unique across clients), with its client. */
  readonly replies = new Map<number, { readonly clientId: number; readonly reply: ReferenceReply }>();
  /** What the last transaction changed for watches: `path` (data, existence) and `path/*` (children), sorted. */
  changed: readonly string[] = [];
  /** Whether the last transaction changed the znodes, the session table or the controller epochs. */
  touched = false;
  private readonly changes = new Set<string>();

  constructor(clientCount: number) {
    this.sessions = Array.from({ length: clientCount }, () => ({ incarnation: 0, alive: false }));
    this.last = Array.from({ length: clientCount }, () => null);
    this.controllerEpochs = Array.from({ length: clientCount }, () => 0);
  }

  get(path: string): ReferenceZnode | undefined {
    return this.znodes.get(path);
  }

  /** The names of a znode's children, in ZooKeeper's (lexicographic) order. */
  children(path: string): string[] {
    const names: string[] = [];
    for (const candidate of this.znodes.keys()) {
      if (candidate !== '/' && parentPath(candidate) === path) names.push(candidate.substring(path === '/' ? 1 : path.length + 1));
    }
    return names.sort();
  }

  add(path: string, data: string, owner: number | null): void {
    const parent = this.znodes.get(parentPath(path));
    if (parent) this.znodes.set(parentPath(path), { ...parent, childVersion: parent.childVersion + 1 });
    this.znodes.set(path, { data, version: 0, childVersion: 0, owner });
    this.changes.add(path).add(`${parentPath(path)}/*`);
  }

  remove(path: string): void {
    const parent = this.znodes.get(parentPath(path));
    if (parent) this.znodes.set(parentPath(path), { ...parent, childVersion: parent.childVersion + 1 });
    this.znodes.delete(path);
    // A deleted znode's data watches and child watches fire, and its parent's child watches.
    this.changes
      .add(path)
      .add(`${path}/*`)
      .add(`${parentPath(path)}/*`);
  }

  write(path: string, data: string): number {
    const node = this.znodes.get(path) as ReferenceZnode;
    this.znodes.set(path, { ...node, data, version: node.version + 1 });
    this.changes.add(path);
    return node.version + 1;
  }

  /** Applies one committed transaction; a client transaction's first answer is recorded in `replies`. */
  apply(txn: Txn): void {
    this.changes.clear();
    this.touched = false;
    const body = txn.body;
    if (body.kind === 'closeSession') {
      const session = this.sessions[body.clientId];
      if (session?.alive && session.incarnation === body.session) {
        // Closing a session deletes its ephemeral znodes.
        const owner = body.clientId * 1000 + body.session;
        const owned = [...this.znodes].filter(([, node]) => node.owner === owner).map(([path]) => path);
        for (const path of owned) this.remove(path);
        session.alive = false;
        this.touched = true;
      }
    } else if (body.kind === 'client') {
      const last = this.last[body.clientId] ?? null;
      // A retry or an abandoned request that arrives after a newer one: no effect.
      if (last === null || body.operationId > last) {
        this.last[body.clientId] = body.operationId;
        const session = this.sessions[body.clientId] ?? { incarnation: 0, alive: false };
        const sameSession = session.alive && session.incarnation === body.session;
        const nextSession = !session.alive && session.incarnation + 1 === body.session;
        let reply: ReferenceReply = { outcome: 'fail' };
        if (sameSession || nextSession) {
          this.sessions[body.clientId] = { incarnation: body.session, alive: true };
          const done = operate(this, body.operation, body.clientId, body.clientId * 1000 + body.session, txn.zxid);
          if (done.elected !== null) this.controllerEpochs[body.clientId] = done.elected;
          reply = { outcome: 'ok', output: done.output };
          this.touched = true;
        }
        this.replies.set(body.operationId, { clientId: body.clientId, reply });
      }
    }
    this.changed = this.changes.size === 0 ? [] : [...this.changes].sort();
    if (this.changes.size > 0) this.touched = true;
  }

  /** What a local read of `path` answers now (the output's type and served fields left to the caller). */
  read(type: 'getData' | 'exists' | 'getChildren' | 'syncRead', path: string): Record<string, unknown> {
    const node = this.znodes.get(path);
    switch (type) {
      case 'getData':
        return node ? { ok: true, data: node.data, version: node.version } : { ok: false, error: 'no-node' };
      case 'exists':
        return { version: node ? node.version : null };
      case 'getChildren':
        return node ? { ok: true, children: this.children(path) } : { ok: false, error: 'no-node' };
      case 'syncRead':
        return { data: node ? node.data : null, version: node ? node.version : null };
    }
  }

  /** How a server's data tree differs from this one, or null when it holds the same znodes, stats, sessions and controller epochs. */
  difference(tree: DataTree): string | null {
    const childCounts = new Map<string, number>();
    for (const path of this.znodes.keys()) if (path !== '/') childCounts.set(parentPath(path), (childCounts.get(parentPath(path)) ?? 0) + 1);
    for (const [path, expected] of this.znodes) {
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
    if (tree.nodes.size !== this.znodes.size) {
      for (const path of tree.nodes.keys()) if (!this.znodes.has(path)) return `${path} exists, expected absent`;
    }
    for (const [clientId, expected] of this.sessions.entries()) {
      const actual = tree.sessions[clientId];
      if (actual?.alive !== expected.alive || actual.incarnation !== expected.incarnation) {
        return `client ${clientId}'s session is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
      }
    }
    for (const [clientId, expected] of this.controllerEpochs.entries()) {
      if (tree.controllerEpochs[clientId] !== expected)
        return `client ${clientId}'s controller epoch is ${tree.controllerEpochs[clientId]}, expected ${expected}`;
    }
    return null;
  }
}

function refused(type: 'create' | 'delete' | 'setData', error: ZnodeErrorCode, zxid: Zxid): Output {
  return { type, ok: false, error, zxid, servedBy: -1, boots: 0 };
}

/** A client operation of a live session: the output and, for a controller election won, the new epoch. */
function operate(
  scratch: ReferenceService,
  operation: TxnOperation,
  clientId: number,
  owner: number,
  zxid: Zxid,
): { output: Output; elected: number | null } {
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
