/**
 * The ZooKeeper-like service on top of the broadcast: a data tree of znodes with versions,
 * sessions whose expiry deletes their ephemeral znodes, and the two recipes' multi-operations.
 * Applying a transaction is a pure function of the tree, so every server that applies the same
 * committed sequence holds the same tree and gives the same answers.
 */
import { assertNever } from '../../core/assert.ts';
import {
  controllerEpochPath,
  controllerPath,
  electionPath,
  sessionKey,
  statePath,
  zeroZxid,
  type DataTree,
  type Output,
  type StoredResult,
  type Txn,
  type TxnOperation,
  type Zxid,
  type Znode,
  type ZnodeErrorCode,
} from './types.ts';

const rootNode: Znode = { data: '', version: 0, childVersion: 2, childCount: 2, owner: null };
const emptyNode: Znode = { data: '', version: 0, childVersion: 0, childCount: 0, owner: null };

/** One initial tree per client count, built once: trees are never changed in place, so every server (and the ghost) can start from the same one. */
const initialTrees: DataTree[] = [];

/** The tree every server starts from: the root, the election recipe's parent and the controller's /state. */
export function initialTree(clientCount: number): DataTree {
  const built = initialTrees[clientCount];
  if (built !== undefined) return built;
  const tree = buildInitialTree(clientCount);
  initialTrees[clientCount] = tree;
  return tree;
}

function buildInitialTree(clientCount: number): DataTree {
  return {
    nodes: new Map<string, Znode>([
      ['/', rootNode],
      [electionPath, emptyNode],
      // Stryker disable next-line StringLiteral: equivalent, the initial content of /state is arbitrary: the ghost's reference tree is built by this same function, and only controllerAct writes /state
      [statePath, { ...emptyNode, data: '0' }],
    ]),
    sessions: Array.from({ length: clientCount }, () => ({ incarnation: 0, alive: false })),
    results: Array.from({ length: clientCount }, () => null),
    controllerEpochs: Array.from({ length: clientCount }, () => 0),
    zxid: zeroZxid,
  };
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function isValidPath(path: string): boolean {
  return path === '/' || (path.startsWith('/') && !path.endsWith('/') && !path.includes('//'));
}

export function childrenOf(tree: DataTree, path: string): string[] {
  const prefix = path === '/' ? '/' : `${path}/`;
  const children: string[] = [];
  for (const candidate of tree.nodes.keys()) {
    if (candidate === '/' || !candidate.startsWith(prefix)) continue;
    const rest = candidate.slice(prefix.length);
    if (!rest.includes('/')) children.push(rest);
  }
  return children.sort();
}

/** A change a watch may be waiting for: the path's data/existence, or its children. */
export interface TreeChange {
  readonly path: string;
  readonly children: boolean;
}

/** What applying one transaction did: the new tree, the reply for its client (if any) and the changes. */
export interface Applied {
  readonly tree: DataTree;
  readonly clientId: number | null;
  readonly operationId: number | null;
  readonly reply: StoredResult['reply'] | null;
  readonly changes: readonly TreeChange[];
}

/** Mutable scratch for one transaction; never escapes `applyTxn`. */
interface Draft {
  nodes: Map<string, Znode> | null;
  changes: TreeChange[];
}

function nodesOf(tree: DataTree, draft: Draft): Map<string, Znode> {
  draft.nodes ??= new Map(tree.nodes);
  return draft.nodes;
}

function createNode(tree: DataTree, draft: Draft, path: string, node: Znode): void {
  const nodes = nodesOf(tree, draft);
  const parentPath = parentOf(path);
  const parent = nodes.get(parentPath);
  if (parent) nodes.set(parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount + 1 });
  nodes.set(path, node);
  draft.changes.push({ path, children: false }, { path: parentPath, children: true });
}

function deleteNode(tree: DataTree, draft: Draft, path: string): void {
  const nodes = nodesOf(tree, draft);
  const parentPath = parentOf(path);
  const parent = nodes.get(parentPath);
  if (parent) nodes.set(parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount - 1 });
  nodes.delete(path);
  // Deleting a znode fires its data watches, its own child watches and its parent's child watches.
  draft.changes.push({ path, children: false }, { path, children: true }, { path: parentPath, children: true });
}

function setNodeData(tree: DataTree, draft: Draft, path: string, node: Znode, data: string): number {
  const version = node.version + 1;
  nodesOf(tree, draft).set(path, { ...node, data, version });
  draft.changes.push({ path, children: false });
  return version;
}

function current(tree: DataTree, draft: Draft, path: string): Znode | undefined {
  return (draft.nodes ?? tree.nodes).get(path);
}

// Stryker disable next-line UnaryOperator: equivalent, a placeholder every server stores alike: each reply takes the answering server and its boot from storedReply
const served = (zxid: Zxid) => ({ zxid, servedBy: -1, boots: 0 });

type Reply = StoredResult['reply'];

function ok(output: Output): Reply {
  return { outcome: 'ok', output };
}

function failure(type: 'create' | 'delete' | 'setData', error: ZnodeErrorCode, zxid: Zxid): Reply {
  return ok({ type, ok: false, error, ...served(zxid) });
}

/** Applies one client operation under session `owner`; the draft collects the changes. */
function applyOperation(
  tree: DataTree,
  draft: Draft,
  operation: TxnOperation,
  clientId: number,
  owner: number,
  zxid: Zxid,
): { reply: Reply; controllerEpoch: number | null } {
  const plain = (reply: Reply) => ({ reply, controllerEpoch: null });
  switch (operation.type) {
    case 'create': {
      if (!isValidPath(operation.path) || operation.path === '/') return plain(failure('create', 'bad-arguments', zxid));
      const parent = current(tree, draft, parentOf(operation.path));
      if (!parent) return plain(failure('create', 'no-parent', zxid));
      const path = operation.sequential ? operation.path + String(parent.childVersion).padStart(10, '0') : operation.path;
      if (current(tree, draft, path)) return plain(failure('create', 'node-exists', zxid));
      createNode(tree, draft, path, { ...emptyNode, data: operation.data, owner: operation.ephemeral ? owner : null });
      return plain(ok({ type: 'create', ok: true, path, ...served(zxid) }));
    }
    case 'delete': {
      const node = current(tree, draft, operation.path);
      if (operation.path === '/' || !isValidPath(operation.path)) return plain(failure('delete', 'bad-arguments', zxid));
      if (!node) return plain(failure('delete', 'no-node', zxid));
      if (operation.version !== -1 && operation.version !== node.version) return plain(failure('delete', 'bad-version', zxid));
      if (node.childCount > 0) return plain(failure('delete', 'not-empty', zxid));
      deleteNode(tree, draft, operation.path);
      return plain(ok({ type: 'delete', ok: true, ...served(zxid) }));
    }
    case 'setData': {
      const node = current(tree, draft, operation.path);
      if (!isValidPath(operation.path)) return plain(failure('setData', 'bad-arguments', zxid));
      if (!node) return plain(failure('setData', 'no-node', zxid));
      if (operation.version !== -1 && operation.version !== node.version) return plain(failure('setData', 'bad-version', zxid));
      const version = setNodeData(tree, draft, operation.path, node, operation.data);
      return plain(ok({ type: 'setData', ok: true, version, ...served(zxid) }));
    }
    case 'elect': {
      let mine = childrenOf(tree, electionPath).find((child) => current(tree, draft, `${electionPath}/${child}`)?.owner === owner);
      if (mine === undefined) {
        const parent = current(tree, draft, electionPath) as Znode;
        mine = `n_${String(parent.childVersion).padStart(10, '0')}`;
        createNode(tree, draft, `${electionPath}/${mine}`, { ...emptyNode, data: String(clientId), owner });
      }
      const lowest = [...(draft.nodes ?? tree.nodes).keys()].filter((path) => path.startsWith(`${electionPath}/`)).sort()[0];
      return plain(ok({ type: 'elect', sequence: mine, leader: lowest === `${electionPath}/${mine}`, ...served(zxid) }));
    }
    case 'controllerElect': {
      const epochNode = current(tree, draft, controllerEpochPath);
      const epoch = epochNode ? Number(epochNode.data) : 0;
      const controller = current(tree, draft, controllerPath);
      if (controller) {
        return plain(ok({ type: 'controllerElect', result: 'taken', epoch, controller: Number(controller.data), ...served(zxid) }));
      }
      const version = epochNode ? epochNode.version : -1;
      if (version !== operation.expectedEpochVersion) {
        return plain(ok({ type: 'controllerElect', result: 'stale-epoch', epoch, controller: null, ...served(zxid) }));
      }
      createNode(tree, draft, controllerPath, { ...emptyNode, data: String(clientId), owner });
      if (epochNode) setNodeData(tree, draft, controllerEpochPath, epochNode, String(epoch + 1));
      else createNode(tree, draft, controllerEpochPath, { ...emptyNode, data: '1' });
      return {
        reply: ok({ type: 'controllerElect', result: 'elected', epoch: epoch + 1, controller: clientId, ...served(zxid) }),
        controllerEpoch: epoch + 1,
      };
    }
    case 'controllerAct': {
      const epochNode = current(tree, draft, controllerEpochPath);
      const epoch = epochNode ? Number(epochNode.data) : 0;
      if (operation.believedEpoch === 0 || (operation.fenced && epoch !== operation.believedEpoch)) {
        return plain(ok({ type: 'controllerAct', ok: false, epoch: operation.believedEpoch, ...served(zxid) }));
      }
      const state = current(tree, draft, statePath) as Znode;
      setNodeData(tree, draft, statePath, state, operation.value);
      return plain(ok({ type: 'controllerAct', ok: true, epoch: operation.believedEpoch, ...served(zxid) }));
    }
    default:
      return assertNever(operation, 'transaction operation');
  }
}

/** Applies one committed transaction. */
export function applyTxn(tree: DataTree, txn: Txn): Applied {
  const draft: Draft = { nodes: null, changes: [] };
  const body = txn.body;
  switch (body.kind) {
    case 'sync':
      return { tree: { ...tree, zxid: txn.zxid }, clientId: body.clientId, operationId: body.operationId, reply: null, changes: [] };
    case 'closeSession': {
      const session = tree.sessions[body.clientId];
      if (!session || !session.alive || session.incarnation !== body.session) {
        return { tree: { ...tree, zxid: txn.zxid }, clientId: null, operationId: null, reply: null, changes: [] };
      }
      const owner = sessionKey(body.clientId, body.session);
      // one pass, no intermediate lists (this runs at every session close).
      const owned: string[] = [];
      for (const [path, node] of tree.nodes) if (node.owner === owner) owned.push(path);
      for (const path of owned) deleteNode(tree, draft, path);
      return {
        tree: {
          ...tree,
          nodes: draft.nodes ?? tree.nodes,
          sessions: tree.sessions.with(body.clientId, { incarnation: session.incarnation, alive: false }),
          zxid: txn.zxid,
        },
        clientId: null,
        operationId: null,
        reply: null,
        changes: draft.changes,
      };
    }
    case 'client': {
      const stored = tree.results[body.clientId];
      if (stored && body.operationId <= stored.operationId) {
        // A duplicate, or a request the client gave up on that arrives after its newer one: no effect.
        const reply: Reply =
          body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };
        return { tree: { ...tree, zxid: txn.zxid }, clientId: body.clientId, operationId: body.operationId, reply, changes: [] };
      }
      const session = tree.sessions[body.clientId] ?? { incarnation: 0, alive: false };
      let sessions = tree.sessions;
      const continues = session.alive && body.session === session.incarnation;
      const reconnects = !session.alive && body.session === session.incarnation + 1;
      let reply: Reply;
      let controllerEpochs = tree.controllerEpochs;
      if (!continues && !reconnects) {
        reply = { outcome: 'fail', error: `session ${body.session} of client ${body.clientId} expired` };
      } else {
        if (reconnects) sessions = sessions.with(body.clientId, { incarnation: body.session, alive: true });
        const applied = applyOperation(tree, draft, body.operation, body.clientId, sessionKey(body.clientId, body.session), txn.zxid);
        reply = applied.reply;
        if (applied.controllerEpoch !== null) controllerEpochs = controllerEpochs.with(body.clientId, applied.controllerEpoch);
      }
      const results = tree.results.with(body.clientId, { operationId: body.operationId, reply });
      return {
        tree: { nodes: draft.nodes ?? tree.nodes, sessions, results, controllerEpochs, zxid: txn.zxid },
        clientId: body.clientId,
        operationId: body.operationId,
        reply,
        changes: draft.changes,
      };
    }
    default:
      return assertNever(body, 'transaction body');
  }
}

/** Applies a committed prefix of a log to a tree, from scratch (ZooKeeper reloads its database the same way). */
export function replay(clientCount: number, log: readonly Txn[], count: number): DataTree {
  let tree = initialTree(clientCount);
  for (let index = 0; index < count; index++) {
    const txn = log[index];
    if (txn) tree = applyTxn(tree, txn).tree;
  }
  return tree;
}

export type ReadOutput = Extract<Output, { type: 'getData' | 'exists' | 'getChildren' }>;

/** A local read: served from this server's tree, possibly stale. */
export function read(
  tree: DataTree,
  type: 'getData' | 'exists' | 'getChildren',
  path: string,
  at: { zxid: Zxid; servedBy: number; boots: number },
): Output {
  const node = tree.nodes.get(path);
  switch (type) {
    case 'getData':
      return node ? { type, ok: true, data: node.data, version: node.version, ...at } : { type, ok: false, error: 'no-node', ...at };
    case 'exists':
      return { type, version: node ? node.version : null, ...at };
    case 'getChildren':
      return node ? { type, ok: true, children: childrenOf(tree, path), ...at } : { type, ok: false, error: 'no-node', ...at };
    default:
      return assertNever(type, 'read type');
  }
}

export function describeTree(tree: DataTree): string {
  const parts: string[] = [];
  for (const [path, node] of tree.nodes) {
    if (path === '/' || path === electionPath) continue;
    parts.push(`${path}=${node.data}${node.version > 0 ? `@v${node.version}` : ''}${node.owner !== null ? '(e)' : ''}`);
  }
  return parts.sort().join(' ');
}
