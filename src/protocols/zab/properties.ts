/**
 * What ZAB and the service promise, checked by faultline.
 *
 * The ghost keeps history variables across steps (as a TLA+ spec would): the one global sequence
 * of delivered transactions (every server's delivered sequence must be a prefix of it), the
 * established epochs with the history each leader started from, a reference data tree built from
 * the delivered sequence (for the recipes' guarantees), and the watch events servers sent. It only
 * looks at servers whose state changed, so a step costs O(servers × log) at worst.
 */
import { checkLinearizability } from '../../checkers/linearizability/check.ts';
import { znodeModel, type ZnodeInput, type ZnodeOutput } from '../../checkers/linearizability/models/znode.ts';
import type { HistoryOperation } from '../../checkers/linearizability/types.ts';
import { acknowledged, operationsForChecking } from '../../core/history.ts';
import type { PropertySpec } from '../../core/protocol.ts';
import { allOperationsComplete, makesProgress, noBreaks, provenAfterProbe, recordedByGhost, withBreak, type Breaks } from '../../core/properties.ts';
import { defaultLimits } from '../../core/simulator.ts';
import type { HistoryEntry, SometimesDefinition, WorldView } from '../../core/types.ts';
import countBy from 'lodash/countBy.js';
import isEqual from 'lodash/isEqual.js';
import sortBy from 'lodash/sortBy.js';
import { applyTxn, describeTree, initialTree, parentOf } from './datatree.ts';
import {
  applyReference,
  initialReference,
  readReference,
  referenceDifference,
  referenceIsWrite,
  sameTxn,
  type ReferenceAnswer,
  type ReferenceState,
  type ReferenceStep,
} from './reference.ts';
import { describeOperation, describeTxn } from './text.ts';
import {
  compareZxid,
  electionPath,
  ephemeralPath,
  formatZxid,
  quorumSize,
  sameZxid,
  sessionKey,
  zeroZxid,
  type DataTree,
  type Message,
  type Operation,
  type Output,
  type PendingRequest,
  type Role,
  type StoredResult,
  type Txn,
  type Volatile,
  type ZabConfig,
  type ZabRules,
  type ZabState,
  type ZabVariant,
  type Zxid,
} from './types.ts';

export interface EpochRecord {
  readonly epoch: number;
  readonly leader: number;
  /** The history the leader established the epoch with. */
  readonly history: readonly Txn[];
  /** Index of the step that established it (as in the history's `completedAtStep`). */
  readonly step: number;
}

export interface GhostWatchEvent {
  readonly node: number;
  readonly boots: number;
  readonly clientId: number;
  readonly path: string;
  readonly children: boolean;
  readonly zxid: Zxid;
  readonly step: number;
}

/**
 * The reference service after each prefix of the delivered sequence, newest first (a list that shares
 * its tail, so a delivery adds one link and copies nothing): the last link is the initial state.
 */
export interface ReferenceTrail {
  readonly state: ReferenceState;
  /** The first answer of the transaction that led to `state` (null for the initial state). */
  readonly answer: ReferenceAnswer | null;
  readonly previous: ReferenceTrail | null;
}

/** A client's request that reached a leader directly: which leadership (server, boot, epoch) and at which of its ticks. */
export interface HeardAtLeader {
  readonly node: number;
  readonly boots: number;
  readonly epoch: number;
  readonly ticks: number;
  /** A request of the client's reached the leader, a follower's ping answer reported one, or the leader established its epoch (which renews every session). */
  readonly how: 'request' | 'report' | 'establishment';
}

/**
 * The clients a follower has heard from since its last ping answer, as the ghost reckons them: the
 * first attempts of requests that reached it while it followed \`leader\` in the broadcast phase,
 * on this connection and boot (ZooKeeper's follower reports its touched sessions with each ping answer).
 */
export interface FollowerReport {
  readonly leader: number;
  readonly boots: number;
  readonly connection: number;
  readonly clients: readonly number[];
}

/**
 * A ping answer in flight that carries clients the ghost counts as reported, and the leadership it
 * goes to. It is named by its link and by how many ping answers on that link were sent after it and
 * are still in flight, not by message id: ids follow the order independent steps were taken in, and
 * two orders of independent deliveries must reach the same ghost (explore's world keys include it).
 * FIFO links lose messages only from a link's head (a delivery) or all at once (a torn-down link),
 * so the answer is still in flight while its link holds more ping answers than \`later\`.
 */
export interface ReportInFlight {
  readonly from: number;
  readonly to: number;
  /** Ping answers on the same link sent after this one. */
  readonly later: number;
  readonly leaderBoots: number;
  readonly leaderEpoch: number;
  readonly clients: readonly number[];
}

export interface ZabGhost {
  /** The state of each server last observed, to look only at what changed. */
  readonly states: readonly (ZabState | null)[];
  readonly delivered: readonly Txn[];
  readonly reference: DataTree;
  /** Per delivered transaction (same index), the paths it changed: data (`children` false) or children. */
  readonly changes: readonly (readonly { readonly path: string; readonly children: boolean }[])[];
  /** Per delivered transaction (same index), the reference tree after it: what a server that committed that far must hold. */
  readonly trees: readonly DataTree[];
  /** The independent reference model (reference.ts) along the delivered sequence: one link per delivered transaction and the initial one. */
  readonly referenceTrail: ReferenceTrail;
  /** The first delivered transaction after which the servers' tree or its watch changes differ from the reference model's, in words. */
  readonly referenceMismatch: string | null;
  /** Per client: the leader its latest request reached directly while it led (broadcast phase), and that leader's tick count then. */
  readonly heardAtLeader: readonly (HeardAtLeader | null)[];
  /** The first closeSession a leader proposed fewer than the session timeout's ticks after the client's request reached it, in words. */
  readonly expiredWhileHeard: string | null;
  /** Per server, the clients it heard from as a follower since its last ping answer (FIFO links only; null: none). */
  readonly followerReports: readonly (FollowerReport | null)[];
  /** Ping answers in flight that carry reported clients. */
  readonly reportsInFlight: readonly ReportInFlight[];
  readonly epochs: readonly EpochRecord[];
  /** Controller of each epoch (index = epoch), from the elections in the delivered sequence. */
  readonly controllers: readonly (number | null)[];
  /** Leadership claims of the election recipe still standing: client, its znode, the zxid of the claim. */
  readonly electionClaims: readonly { readonly clientId: number; readonly path: string; readonly zxid: Zxid }[];
  readonly watchEvents: readonly GhostWatchEvent[];
  /** Per server, the watch-event count already collected and the boot it belongs to. */
  readonly watchSeen: readonly { readonly boots: number; readonly count: number }[];
  /** The first break of each every-step property. */
  readonly breaks: Breaks<ZabProperty>;
}

type View = WorldView<ZabConfig, ZabState, Message, Operation, Output, ZabGhost>;
type Property = PropertySpec<ZabTypes>;

/** ZAB's and the service's properties: every-step ones first (the ghost checks them), then the end-of-run ones. */
export type ZabProperty =
  | 'epochs-durable'
  | 'integrity'
  | 'agreement'
  | 'primary-order'
  | 'primary-uniqueness'
  | 'primary-integrity'
  | 'committed-never-lost'
  | 'requests-answered'
  | 'requests-received'
  | 'replica-logs-consistent'
  | 'tree-matches-committed'
  | 'ephemeral-needs-session'
  | 'watch-order'
  | 'election-recipe-single-leader'
  | 'controller-epoch-unique'
  | 'fenced-controller-rejected'
  | 'controller-epochs-increase'
  | 'controller-epoch-recorded'
  | 'durable-after-heal'
  | 'trees-converge'
  | 'learners-synchronized'
  | 'linearizable-writes'
  | 'client-fifo'
  | 'no-time-travel'
  | 'sync-read-fresh'
  | 'watch-before-data'
  | 'watches-fire'
  | 'ensemble-recovers'
  | 'servers-rejoin'
  | 'sessions-expire'
  | 'requests-settle'
  | 'operations-complete'
  | 'makes-progress'
  | 'service-matches-reference'
  | 'local-reads-committed'
  | 'requests-in-session'
  | 'sessions-kept-alive'
  | 'ping-reports-once';

/** The types ZAB is made of (see `ProtocolTypes`). */
export interface ZabTypes {
  readonly config: ZabConfig;
  readonly state: ZabState;
  readonly message: Message;
  readonly operation: Operation;
  readonly output: Output;
  readonly ghost: ZabGhost;
  readonly variant: ZabVariant;
  readonly property: ZabProperty;
  readonly rules: ZabRules;
}

/**
 * The ghost before the first step, by client and server count: built once and shared by every run
 * (the ghost is immutable: an observation copies what it changes), as `initialTree` is. Building it
 * anew was 1 % of a ZAB run.
 */
const initialGhosts = new Map<number, ZabGhost>();

export function initGhost(config: ZabConfig, nodeCount: number): ZabGhost {
  const key = config.clientCount * 1024 + nodeCount;
  const built = initialGhosts.get(key);
  if (built !== undefined) return built;
  const ghost = buildInitialGhost(config, nodeCount);
  initialGhosts.set(key, ghost);
  return ghost;
}

function buildInitialGhost(config: ZabConfig, nodeCount: number): ZabGhost {
  return {
    states: Array.from({ length: nodeCount }, () => null),
    delivered: [],
    reference: initialTree(config.clientCount),
    changes: [],
    trees: [],
    referenceTrail: { state: initialReference(config.clientCount), answer: null, previous: null },
    referenceMismatch: null,
    heardAtLeader: Array.from({ length: config.clientCount }, () => null),
    expiredWhileHeard: null,
    followerReports: Array.from({ length: nodeCount }, () => null),
    reportsInFlight: [],
    epochs: [],
    controllers: [null],
    electionClaims: [],
    watchEvents: [],
    watchSeen: Array.from({ length: nodeCount }, () => ({ boots: 0, count: 0 })),
    breaks: noBreaks,
  };
}

function listTxns(txns: readonly Txn[]): string {
  return `[${txns.map(describeTxn).join(', ')}]`;
}

/** Mutable scratch for one observation; the ghost it builds is frozen by construction (new arrays). */
interface Builder {
  delivered: Txn[] | null;
  changes: (readonly { readonly path: string; readonly children: boolean }[])[] | null;
  trees: DataTree[] | null;
  reference: DataTree;
  referenceTrail: ReferenceTrail;
  referenceMismatch: string | null;
  expiredWhileHeard: string | null;
  epochs: EpochRecord[] | null;
  controllers: (number | null)[] | null;
  electionClaims: { clientId: number; path: string; zxid: Zxid }[] | null;
  watchEvents: GhostWatchEvent[] | null;
  watchSeen: { boots: number; count: number }[] | null;
  breaks: Breaks<ZabProperty>;
}

function violate(_ghost: ZabGhost, builder: Builder, property: ZabProperty, message: string): void {
  builder.breaks = withBreak(builder.breaks, property, message);
}

function deliveredOf(ghost: ZabGhost, builder: Builder): readonly Txn[] {
  return builder.delivered ?? ghost.delivered;
}

/**
 * The counter a transaction of `epoch` must carry right after `previous`: Zab numbers each epoch's
 * proposals from 1 without holes, so one more in the same epoch and 1 in a new one.
 */
function successorCounter(previous: Zxid, epoch: number): number {
  return epoch === previous.epoch ? previous.counter + 1 : 1;
}

/** Applies a newly delivered transaction to the reference tree and checks what the order promises. */
function deliver(ghost: ZabGhost, builder: Builder, txn: Txn, node: number): void {
  const delivered = deliveredOf(ghost, builder);
  const previous = delivered[delivered.length - 1];
  const previousZxid = previous ? previous.zxid : zeroZxid;
  if (compareZxid(txn.zxid, previousZxid) <= 0) {
    violate(
      ghost,
      builder,
      'primary-order',
      `server ${node} delivered ${describeTxn(txn)} after ${previous ? describeTxn(previous) : 'nothing'}: zxids must increase`,
    );
  } else if (txn.zxid.counter !== successorCounter(previousZxid, txn.zxid.epoch)) {
    violate(
      ghost,
      builder,
      'primary-order',
      `server ${node} delivered ${describeTxn(txn)} right after ${previous ? describeTxn(previous) : 'nothing'}: a proposal of epoch ${txn.zxid.epoch} is missing before it`,
    );
  }
  for (const record of builder.epochs ?? ghost.epochs) {
    if (record.epoch <= txn.zxid.epoch) continue;
    if (!record.history.some((held) => sameTxn(held, txn))) {
      violate(
        ghost,
        builder,
        'primary-integrity',
        `server ${node} delivered ${describeTxn(txn)} of epoch ${txn.zxid.epoch}, but server ${record.leader} established epoch ${record.epoch} without it (its history: ${listTxns(record.history)})`,
      );
    }
  }
  builder.delivered ??= ghost.delivered.slice();
  builder.delivered.push(txn);
  const before = builder.reference;
  const applied = applyTxn(before, txn);
  builder.reference = applied.tree;
  const changes = builder.changes ?? ghost.changes.slice();
  changes.push(applied.changes.slice());
  builder.changes = changes;
  builder.trees ??= ghost.trees.slice();
  const previousTree = builder.trees.length === 0 ? null : (builder.trees[builder.trees.length - 1] as DataTree);
  builder.trees.push(applied.tree);
  checkRecipes(ghost, builder, txn, before, applied.tree, applied.reply, applied.changes);
  compareWithReference(builder, txn, previousTree, applied.tree, applied.changes);
}

/**
 * Applies a newly delivered transaction to the reference model and, until the first mismatch,
 * compares the servers' tree after it and the changes it fires watches on with the reference's
 * (\`service-matches-reference\` reports the first mismatch at the end). A transaction that changed
 * nothing in the reference and left the tree's znodes, sessions and controller epochs as they were
 * is not compared again: both were equal after the one before.
 */
function compareWithReference(
  builder: Builder,
  txn: Txn,
  previousTree: DataTree | null,
  tree: DataTree,
  made: readonly { readonly path: string; readonly children: boolean }[],
): void {
  const step = applyReference(builder.referenceTrail.state, txn);
  builder.referenceTrail = { state: step.state, answer: step.answer, previous: builder.referenceTrail };
  if (builder.referenceMismatch === null) builder.referenceMismatch = referenceStepMismatch(step, txn, previousTree, tree, made);
}

/** Why the servers' tree after `txn`, or the changes it fires watches on, differ from the reference's step, or null when they agree. */
function referenceStepMismatch(
  step: ReferenceStep,
  txn: Txn,
  previousTree: DataTree | null,
  tree: DataTree,
  made: readonly { readonly path: string; readonly children: boolean }[],
): string | null {
  const same =
    !step.touched &&
    previousTree !== null &&
    tree.nodes === previousTree.nodes &&
    tree.sessions === previousTree.sessions &&
    tree.controllerEpochs === previousTree.controllerEpochs;
  const difference = same ? null : referenceDifference(step.state, tree);
  if (difference !== null) return `after ${describeTxn(txn)} the data tree differs from the reference model: ${difference}`;
  // What the servers fire watches on: every change the reference makes, and nothing else.
  const expected = step.changed;
  if (made.length === 0 && expected.length === 0) return null;
  // Sorted, each key once (sorting first and dropping repeats gives what a Set then a sort gave, without the Set).
  const keys: string[] = [];
  for (const change of made) keys.push(change.children ? `${change.path}/*` : change.path);
  keys.sort();
  let unique = 0;
  for (const key of keys) if (unique === 0 || keys[unique - 1] !== key) keys[unique++] = key;
  keys.length = unique;
  if (unique === expected.length && keys.every((key, at) => key === expected[at])) return null;
  return `${describeTxn(txn)} changed ${keys.join(', ') || 'nothing'} for watches (path/* = children), the reference model ${expected.join(', ') || 'nothing'}`;
}

function checkRecipes(
  ghost: ZabGhost,
  builder: Builder,
  txn: Txn,
  before: DataTree,
  after: DataTree,
  reply: ReturnType<typeof applyTxn>['reply'],
  changes: readonly { path: string; children: boolean }[],
): void {
  // Ephemeral znodes live only as long as their session.
  for (const [path, node] of after.nodes) {
    if (node.owner === null) continue;
    const clientId = Math.floor(node.owner / 1000);
    const session = after.sessions[clientId];
    if (!session || !session.alive || sessionKey(clientId, session.incarnation) !== node.owner) {
      violate(
        ghost,
        builder,
        'ephemeral-needs-session',
        `after ${describeTxn(txn)} the ephemeral ${path} outlives session ${node.owner % 1000} of client ${clientId}`,
      );
    }
  }
  // /e is the workloads' ephemeral znode: a client's create of it is resolved as ephemeral (ZooKeeper's
  // CreateMode comes with the request), so a persistent /e would outlive every session.
  if (after.nodes.get(ephemeralPath)?.owner === null) {
    violate(
      ghost,
      builder,
      'ephemeral-needs-session',
      `after ${describeTxn(txn)} ${ephemeralPath} exists without an owning session: it was created persistent`,
    );
  }
  // Election recipe: deleted znodes end their owners' claims.
  const deleted = changes.filter((change) => !change.children && parentOf(change.path) === electionPath && !after.nodes.has(change.path));
  if (deleted.length > 0) {
    const claims = (builder.electionClaims ?? ghost.electionClaims).filter((claim) => !deleted.some((change) => change.path === claim.path));
    builder.electionClaims = claims;
  }
  if (txn.body.kind !== 'client' || reply?.outcome !== 'ok') return;
  const output = reply.output;
  const clientId = txn.body.clientId;
  if (output.type === 'elect' && output.leader) {
    const path = `${electionPath}/${output.sequence}`;
    const claims = builder.electionClaims ?? ghost.electionClaims;
    const rival = claims.find((claim) => claim.clientId !== clientId);
    if (rival) {
      violate(
        ghost,
        builder,
        'election-recipe-single-leader',
        `client ${clientId} is told it leads (${path}, ${formatZxid(txn.zxid)}) while client ${rival.clientId} still leads with ${rival.path} since ${formatZxid(rival.zxid)}`,
      );
    }
    builder.electionClaims = [...claims.filter((claim) => claim.path !== path), { clientId, path, zxid: txn.zxid }];
  }
  if (output.type === 'controllerElect' && output.result === 'elected') {
    const controllers = builder.controllers ?? ghost.controllers.slice();
    const existing = controllers[output.epoch];
    if (existing !== undefined && existing !== null && existing !== clientId) {
      violate(ghost, builder, 'controller-epoch-unique', `clients ${existing} and ${clientId} were both elected controller in epoch ${output.epoch}`);
    }
    while (controllers.length <= output.epoch) controllers.push(null);
    controllers[output.epoch] = clientId;
    builder.controllers = controllers;
    // The election records the epoch it reports: the epoch znode the next election reads, and the
    // client's own epoch, which its controllerActs carry and the fencing check compares.
    const epochNode = after.nodes.get('/controller_epoch');
    if (epochNode?.data !== String(output.epoch) || after.controllerEpochs[clientId] !== output.epoch) {
      violate(
        ghost,
        builder,
        'controller-epoch-recorded',
        `client ${clientId} was elected controller in epoch ${output.epoch} (${formatZxid(txn.zxid)}), but the tree records epoch ${epochNode?.data ?? 'none'} and the client's epoch ${after.controllerEpochs[clientId] ?? 'none'}`,
      );
    }
  }
  if (output.type === 'controllerAct' && txn.body.operation.type === 'controllerAct') {
    const epochNode = before.nodes.get('/controller_epoch');
    const currentEpoch = epochNode ? Number(epochNode.data) : 0;
    // The epoch an election records is the one its controller's writes carry: a write carrying the
    // current epoch goes through, and one of a client never elected (epoch 0) does not.
    const believed = txn.body.operation.believedEpoch;
    if (output.ok ? believed === 0 : believed !== 0 && believed === currentEpoch) {
      violate(
        ghost,
        builder,
        'controller-epoch-recorded',
        `client ${clientId}'s controllerAct carrying controller epoch ${believed} was ${output.ok ? 'accepted' : 'refused'} (${formatZxid(txn.zxid)}) at controller epoch ${currentEpoch}: a write carrying the current epoch goes through, one of a client never elected does not`,
      );
    }
  }
  if (output.type === 'controllerAct' && output.ok && txn.body.operation.type === 'controllerAct') {
    const epochNode = before.nodes.get('/controller_epoch');
    const currentEpoch = epochNode ? Number(epochNode.data) : 0;
    if (output.epoch < currentEpoch) {
      const controllers = builder.controllers ?? ghost.controllers;
      const successor = controllers[currentEpoch];
      violate(
        ghost,
        builder,
        'fenced-controller-rejected',
        `client ${clientId}, controller of epoch ${output.epoch}, changed /state to ${txn.body.operation.value} (${formatZxid(txn.zxid)}) after ${successor === null || successor === undefined ? 'another client' : `client ${successor}`} became controller in epoch ${currentEpoch}: two controllers acted at once`,
      );
    }
  }
}

/** Logs that share a zxid must agree on everything up to it. Returns the zxid where they diverge, or null. */
function divergence(left: readonly Txn[], right: readonly Txn[]): { common: number; zxid: Zxid } | null {
  if (left === right) return null;
  let common = 0;
  const shorter = Math.min(left.length, right.length);
  while (common < shorter && sameTxn(left[common] as Txn, right[common] as Txn)) common++;
  let i = common;
  let j = common;
  while (i < left.length && j < right.length) {
    const a = left[i] as Txn;
    const b = right[j] as Txn;
    const order = compareZxid(a.zxid, b.zxid);
    if (order === 0) return { common, zxid: a.zxid };
    if (order < 0) i++;
    else j++;
  }
  return null;
}

/**
 * Which checks of `observeServer` may be skipped: `incremental` runs a check only when what it reads
 * changed since the server was last observed (its verdict would be the last one, and a property keeps
 * its first break, so skipping it records nothing different); `full` runs every check at every
 * observation (properties/zab-ghost.test.ts shows the two record the same on generated runs).
 */
export type GhostMode = 'incremental' | 'full';

/**
 * A log is in zxid order (else the replica replays or reorders history) and holds each epoch's
 * proposals from the first, without holes (else it skipped a proposal: integrity).
 */
function checkLogOrder(ghost: ZabGhost, builder: Builder, node: number, log: readonly Txn[]): void {
  for (let index = 0; index < log.length; index++) {
    const txn = log[index] as Txn;
    const before = index === 0 ? null : (log[index - 1] as Txn);
    const beforeZxid = before ? before.zxid : zeroZxid;
    if (compareZxid(txn.zxid, beforeZxid) <= 0) {
      violate(
        ghost,
        builder,
        'replica-logs-consistent',
        `server ${node} logged ${describeTxn(txn)} after ${before ? describeTxn(before) : 'nothing'}: its log ${listTxns(log)} is out of zxid order`,
      );
      break;
    }
    const expected = successorCounter(beforeZxid, txn.zxid.epoch);
    if (txn.zxid.counter !== expected) {
      violate(
        ghost,
        builder,
        'integrity',
        `server ${node} logged ${describeTxn(txn)} right after ${before ? describeTxn(before) : 'nothing'}: it never received proposal ${formatZxid({ epoch: txn.zxid.epoch, counter: expected })} (its log: ${listTxns(log)})`,
      );
      break;
    }
  }
}

/** Established epochs: one leader each, and its history holds everything delivered before. */
function checkEstablished(view: View, ghost: ZabGhost, builder: Builder, node: number, log: readonly Txn[], epoch: number): void {
  const epochs = builder.epochs ?? ghost.epochs;
  const known = epochs.find((record) => record.epoch === epoch);
  if (known && known.leader !== node) {
    violate(ghost, builder, 'primary-uniqueness', `servers ${known.leader} and ${node} both established epoch ${epoch}`);
  } else if (!known) {
    const history = log.filter((txn) => txn.zxid.epoch < epoch);
    for (const txn of deliveredOf(ghost, builder)) {
      if (txn.zxid.epoch < epoch && !history.some((held) => sameTxn(held, txn))) {
        violate(
          ghost,
          builder,
          'primary-integrity',
          `server ${node} established epoch ${epoch} with history ${listTxns(history)}, which lacks ${describeTxn(txn)}, already delivered: a committed transaction is lost`,
        );
        break;
      }
    }
    builder.epochs = [...epochs, { epoch: epoch, leader: node, history, step: view.step - 1 }];
  }
}

/**
 * A server that serves clients (broadcast phase) does something with each request a client sends
 * it: it answers at once or holds it until it can (a write forwarded to the leader or proposed, a
 * syncRead waiting for its sync). One it ignores leaves the client waiting on its connection; the
 * hunt's clients retry elsewhere, so no other property sees it. Checked at a request's first
 * attempt, whose server the history names.
 */
/** Whether \`pending\` holds the client's request (a loop: this runs after every client step, a callback allocated each time). */
function holds(pending: readonly PendingRequest[], clientId: number, operationId: number): boolean {
  for (const request of pending) if (request.clientId === clientId && request.operationId === operationId) return true;
  return false;
}

function requestsReceived(view: View): string | null {
  const history = view.history;
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index] as (typeof history)[number];
    if (entry.invokedAtStep !== view.step - 1) break;
    if (entry.attempts !== 1) continue;
    const slot = view.nodes[entry.node];
    if (!slot?.up) continue;
    const volatile = slot.state.volatile;
    if (volatile.role.kind === 'looking' || volatile.role.phase !== 'broadcast') {
      // Not serving: a read is refused at once (it certainly did not happen); a write goes unanswered, since
      // it may be a retry of one another server forwarded, and a refusal would say it never took effect.
      const write = referenceIsWrite(entry.operation);
      if (write ? entry.completedAt === null : entry.reply?.outcome === 'fail') continue;
      return `server ${entry.node} does not serve clients but ${write ? 'answered' : 'did not refuse'} client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}): ${write ? 'a write it cannot forward goes unanswered (the client retries)' : 'a read there is refused at once'}`;
    }
    if (entry.completedAt !== null) {
      // Answered on the spot: a read is answered from the server's tree, never refused; a write is refused
      // only with the result the data tree stored for it (an expired session, a superseded retry); every
      // other write goes to the leader.
      if (entry.reply?.outcome !== 'fail') continue;
      if (!referenceIsWrite(entry.operation)) {
        return `server ${entry.node} serves clients but refused client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}): a server in the broadcast phase answers a read`;
      }
      if (volatile.tree.results[entry.clientId]?.operationId === entry.operationId) continue;
      return `server ${entry.node} serves clients but refused client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) on the spot: a write goes to the leader`;
    }
    if (!holds(volatile.pending, entry.clientId, entry.operationId)) {
      return `server ${entry.node} serves clients but neither answered nor holds client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) it just received`;
    }
    // A leader proposes a write it holds at once (a follower forwards it): one held unproposed waits for a retry.
    if (volatile.role.kind !== 'leading' || !referenceIsWrite(entry.operation) || proposedUncommitted(volatile, entry.clientId, entry.operationId))
      continue;
    return `leader ${entry.node} holds client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) it just received but did not propose it: a leader proposes a new write at once`;
  }
  return null;
}

/**
 * A controller's write carries the controller epoch that the tree of the server it reached records
 * for its client (the epoch the client was elected with, as far as that server knows), which fences
 * it: the forwarded request or the leader's proposal of a first attempt, looked at in the step that
 * took it (a client request changes no tree).
 */
function actsCarryRecordedEpoch(view: View): string | null {
  const history = view.history;
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index] as (typeof history)[number];
    if (entry.invokedAtStep !== view.step - 1) break;
    if (entry.attempts !== 1 || entry.operation.type !== 'controllerAct') continue;
    const slot = view.nodes[entry.node];
    if (!slot?.up) continue;
    const volatile = slot.state.volatile;
    if (volatile.role.kind === 'looking' || volatile.role.phase !== 'broadcast') continue;
    const carried = carriedEpoch(view, entry.node, volatile, entry.clientId, entry.operationId);
    const recorded = volatile.tree.controllerEpochs[entry.clientId] ?? 0;
    if (carried === null || carried === recorded) continue;
    return `server ${entry.node} passed on client ${entry.clientId}'s controllerAct (#${entry.operationId}) with controller epoch ${carried}, but its tree records epoch ${recorded} for the client: a controller's write carries the epoch it was elected with`;
  }
  return null;
}

/** The believed epoch of a controllerAct just forwarded by \`node\` or proposed by it, or null. */
function carriedEpoch(view: View, node: number, volatile: ZabState['volatile'], clientId: number, operationId: number): number | null {
  const inFlight = view.network.inFlight;
  for (let index = inFlight.length - 1; index >= 0; index--) {
    const sent = inFlight[index] as (typeof inFlight)[number];
    if (sent.sentAtStep !== view.step - 1) break;
    const message = sent.message;
    if (sent.from !== node || message.type !== 'request' || message.clientId !== clientId || message.operationId !== operationId) continue;
    return message.operation.type === 'controllerAct' ? message.operation.believedEpoch : null;
  }
  const log = volatile.log;
  for (let index = volatile.committedCount; index < log.length; index++) {
    const body = (log[index] as Txn).body;
    if (body.kind !== 'client' || body.clientId !== clientId || body.operationId !== operationId) continue;
    return body.operation.type === 'controllerAct' ? body.operation.believedEpoch : null;
  }
  return null;
}

/** A client transaction of this request is in the uncommitted part of the log. */
function proposedUncommitted(volatile: ZabState['volatile'], clientId: number, operationId: number): boolean {
  const log = volatile.log;
  for (let index = volatile.committedCount; index < log.length; index++) {
    const body = (log[index] as Txn).body;
    if (body.kind === 'client' && body.clientId === clientId && body.operationId === operationId) return true;
  }
  return false;
}

/**
 * A server lets go of a client request it accepted only by answering it (or by crashing): one
 * it forgets leaves the client waiting on its connection (the hunt's retries elsewhere hide it).
 */
function checkRequestsAnswered(
  view: View,
  ghost: ZabGhost,
  builder: Builder,
  node: number,
  previous: readonly PendingRequest[],
  pending: readonly PendingRequest[],
): void {
  for (const request of previous) {
    if (holds(pending, request.clientId, request.operationId)) continue;
    const entry = view.history[request.operationId];
    if (entry && entry.clientId === request.clientId && entry.completedAt === null) {
      violate(
        ghost,
        builder,
        'requests-answered',
        `server ${node} dropped client ${request.clientId}'s ${request.kind === 'write' ? 'write' : 'syncRead'} #${request.operationId} without answering it: ${describeOperation(entry.operation)}`,
      );
      break;
    }
  }
}

/** A follower synchronized with its leader holds a prefix of the leader's log, and vice versa. */
function checkSyncedPrefix(view: View, ghost: ZabGhost, builder: Builder, node: number, role: Role): void {
  const nodes = view.nodes;
  for (let other = 0; other < nodes.length; other++) {
    const slot = nodes[other] as (typeof nodes)[number];
    if (other === node || !slot.up) continue;
    const otherRole = slot.state.volatile.role;
    let follower = -1;
    let leader = -1;
    if (
      role.kind === 'following' &&
      role.phase === 'broadcast' &&
      role.leader === other &&
      otherRole.kind === 'leading' &&
      otherRole.epoch === role.epoch
    ) {
      follower = node;
      leader = other;
    } else if (
      role.kind === 'leading' &&
      otherRole.kind === 'following' &&
      otherRole.phase === 'broadcast' &&
      otherRole.leader === node &&
      otherRole.epoch === role.epoch
    ) {
      follower = other;
      leader = node;
    } else {
      continue;
    }
    const followerLog = (nodes[follower] as { state: ZabState }).state.volatile.log;
    const leaderLog = (nodes[leader] as { state: ZabState }).state.volatile.log;
    let stray = -1;
    for (let index = 0; index < followerLog.length; index++) {
      if (index >= leaderLog.length || !sameTxn(followerLog[index] as Txn, leaderLog[index] as Txn)) {
        stray = index;
        break;
      }
    }
    if (stray >= 0) {
      violate(
        ghost,
        builder,
        'replica-logs-consistent',
        `server ${follower}, synchronized with leader ${leader} in epoch ${role.epoch}, holds ${describeTxn(followerLog[stray] as Txn)} where the leader's log has ${leaderLog[stray] ? describeTxn(leaderLog[stray] as Txn) : 'nothing'}: ${listTxns(followerLog)} vs ${listTxns(leaderLog)}`,
      );
      break;
    }
  }
}

/** Replicas' logs never diverge: logs sharing a zxid share the history before it. */
function checkDivergence(view: View, ghost: ZabGhost, builder: Builder, node: number, log: readonly Txn[]): void {
  const nodes = view.nodes;
  for (let other = 0; other < nodes.length; other++) {
    const slot = nodes[other] as (typeof nodes)[number];
    if (other === node || !slot.up) continue;
    const otherLog = slot.state.volatile.log;
    const found = divergence(log, otherLog);
    if (found) {
      violate(
        ghost,
        builder,
        'replica-logs-consistent',
        `servers ${node} and ${other} both hold zxid ${formatZxid(found.zxid)} but their histories before it differ: ${listTxns(log)} vs ${listTxns(otherLog)}`,
      );
      break;
    }
  }
}

/** Durable-state monotonicity: the epochs a server promised and took never go back, crashes and restarts included (ZooKeeper keeps them in acceptedEpoch and currentEpoch files). */
function checkEpochsDurable(ghost: ZabGhost, builder: Builder, node: number, state: ZabState, previous: ZabState): void {
  if (state.durable.acceptedEpoch < previous.durable.acceptedEpoch) {
    violate(
      ghost,
      builder,
      'epochs-durable',
      `server ${node}'s acceptedEpoch went back from ${previous.durable.acceptedEpoch} to ${state.durable.acceptedEpoch}`,
    );
  }
  if (state.durable.currentEpoch < previous.durable.currentEpoch) {
    violate(
      ghost,
      builder,
      'epochs-durable',
      `server ${node}'s currentEpoch went back from ${previous.durable.currentEpoch} to ${state.durable.currentEpoch}`,
    );
  }
}

/** Integrity: a server commits only transactions it received. */
function checkCommittedReceived(ghost: ZabGhost, builder: Builder, node: number, volatile: Volatile): void {
  const log = volatile.log;
  const count = volatile.committedCount;
  if (
    count > log.length ||
    (count === 0 ? !sameZxid(volatile.committedZxid, zeroZxid) : !sameZxid((log[count - 1] as Txn).zxid, volatile.committedZxid))
  ) {
    violate(
      ghost,
      builder,
      'integrity',
      `server ${node} committed zxid ${formatZxid(volatile.committedZxid)} but never received that transaction (its log: ${listTxns(log)})`,
    );
  }
}

/**
 * Agreement and total order: every delivered sequence is a prefix of one global sequence; what the
 * server committed beyond the delivered sequence is delivered now. False when agreement broke here
 * (the server's other checks are skipped then).
 */
function checkAgreement(ghost: ZabGhost, builder: Builder, node: number, volatile: Volatile, previous: ZabState | null, full: boolean): boolean {
  const log = volatile.log;
  const count = volatile.committedCount;
  const delivered = deliveredOf(ghost, builder);
  const shared = Math.min(count, delivered.length);
  // Entries below the committed count of the last observation were checked then (or delivered by
  // it), unless an earlier break of agreement cut that observation short; the delivered sequence
  // only grows, so with the same log they still agree.
  const checked =
    !full && previous !== null && previous.volatile.log === log && ghost.breaks.agreement === undefined
      ? Math.min(previous.volatile.committedCount, shared)
      : 0;
  for (let index = checked; index < shared; index++) {
    const mine = log[index] as Txn;
    const theirs = delivered[index] as Txn;
    if (!sameTxn(mine, theirs)) {
      violate(
        ghost,
        builder,
        'agreement',
        `server ${node} delivered ${describeTxn(mine)} as transaction #${index + 1}, where ${describeTxn(theirs)} was delivered: replicas diverge (server ${node} delivered ${listTxns(log.slice(0, count))})`,
      );
      return false;
    }
  }
  for (let index = delivered.length; index < count; index++) deliver(ghost, builder, log[index] as Txn, node);
  return true;
}

/** Committed transactions are never rolled back while a server runs. */
function checkNotRolledBack(ghost: ZabGhost, builder: Builder, node: number, volatile: Volatile, previous: ZabState): void {
  const lost = previous.volatile.log[volatile.committedCount];
  violate(ghost, builder, 'committed-never-lost', `server ${node} rolled back committed ${lost ? describeTxn(lost) : 'transactions'}`);
}

/**
 * A tree loaded wholesale (a restart from a snapshot and the log, SNAP, TRUNC) is the replay of the
 * committed transactions: a fuzzy snapshot made consistent, a snapshot that matches its zxid. (The
 * committed prefix is the delivered one here: agreement returned before otherwise.)
 */
function checkLoadedTree(view: View, ghost: ZabGhost, builder: Builder, node: number, state: ZabState, previous: ZabState): void {
  const volatile = state.volatile;
  const count = volatile.committedCount;
  const trees = builder.trees ?? ghost.trees;
  const expected = count === 0 ? initialTree(view.config.clientCount) : trees[count - 1];
  if (expected !== undefined && !sameTree(expected, volatile.tree)) {
    const how = previous.durable.boots !== state.durable.boots ? 'restarted' : 'loaded its database';
    violate(
      ghost,
      builder,
      'tree-matches-committed',
      `server ${node} ${how} with a data tree that is not the replay of its ${count} committed transactions (up to ${formatZxid(volatile.committedZxid)}): ${describeTreeDifference(expected, volatile.tree)}`,
    );
  }
}

/** Watch events: collected once, checked for order (the matching change is checked at the end). */
function collectWatchEvents(view: View, ghost: ZabGhost, builder: Builder, node: number, state: ZabState, fresh: number): void {
  const volatile = state.volatile;
  builder.watchSeen ??= ghost.watchSeen.slice();
  builder.watchSeen[node] = { boots: state.durable.boots, count: volatile.watchEventCount };
  builder.watchEvents ??= ghost.watchEvents.slice();
  for (const event of volatile.watchEvents.slice(-Math.min(fresh, volatile.watchEvents.length))) {
    let earlier: GhostWatchEvent | undefined;
    for (let index = builder.watchEvents.length - 1; index >= 0; index--) {
      const other = builder.watchEvents[index] as GhostWatchEvent;
      if (other.node === node && other.boots === state.durable.boots && other.clientId === event.clientId) {
        earlier = other;
        break;
      }
    }
    if (earlier && compareZxid(event.zxid, earlier.zxid) < 0) {
      violate(
        ghost,
        builder,
        'watch-order',
        `server ${node} sent client ${event.clientId} the watch event of ${formatZxid(event.zxid)} after that of ${formatZxid(earlier.zxid)}`,
      );
    }
    builder.watchEvents.push({
      node,
      boots: state.durable.boots,
      clientId: event.clientId,
      path: event.path,
      children: event.children,
      zxid: event.zxid,
      step: view.step - 1,
    });
  }
}

/**
 * The two roles pair a server with the same leader or followers for `checkSyncedPrefix` (the fields
 * it reads). A role that changed elsewhere (ticks, acknowledgements, touched sessions: nearly every
 * step) pairs as before: each pair was checked when the last of those fields or of the two logs
 * changed, at one of its two servers (a server that comes back up does as a looking one, which pairs
 * with nothing), so its verdict is the one recorded then.
 */
function samePairing(before: Role, after: Role): boolean {
  if (before === after) return true;
  if (before.kind === 'following') {
    return after.kind === 'following' && before.phase === after.phase && before.leader === after.leader && before.epoch === after.epoch;
  }
  if (before.kind === 'leading') return after.kind === 'leading' && before.epoch === after.epoch;
  return after.kind === 'looking';
}

/** The server led `epoch` in the broadcast phase when it was last observed: the epoch's record is in the ghost already. */
function wasEstablished(previous: ZabState | null, epoch: number): boolean {
  const role = previous === null ? null : previous.volatile.role;
  return role !== null && role.kind === 'leading' && role.phase === 'broadcast' && role.epoch === epoch;
}

function observeServer(
  view: View,
  ghost: ZabGhost,
  builder: Builder,
  node: number,
  state: ZabState,
  previous: ZabState | null,
  mode: GhostMode,
): void {
  // Each check is a function of its own: this runs after every step, and the common path (nothing
  // to check but a changed role) stays small.
  const full = mode === 'full';
  if (previous !== null && (full || previous.durable !== state.durable)) checkEpochsDurable(ghost, builder, node, state, previous);
  const volatile = state.volatile;
  const log = volatile.log;
  checkCommittedReceived(ghost, builder, node, volatile);
  const logChanged = full || previous === null || previous.volatile.log !== log;
  if (logChanged) checkLogOrder(ghost, builder, node, log);
  const role = volatile.role;
  if (role.kind === 'leading' && role.phase === 'broadcast' && (full || !wasEstablished(previous, role.epoch))) {
    checkEstablished(view, ghost, builder, node, log, role.epoch);
  }
  if (!checkAgreement(ghost, builder, node, volatile, previous, full)) return;
  const sameBoot = previous !== null && previous.durable.boots === state.durable.boots;
  if (sameBoot && (full || previous.volatile.pending !== volatile.pending)) {
    checkRequestsAnswered(view, ghost, builder, node, previous.volatile.pending, volatile.pending);
  }
  if (sameBoot && volatile.committedCount < previous.volatile.committedCount) checkNotRolledBack(ghost, builder, node, volatile, previous);
  if (logChanged || !samePairing(previous.volatile.role, role)) checkSyncedPrefix(view, ghost, builder, node, role);
  if (logChanged) checkDivergence(view, ghost, builder, node, log);
  if (previous !== null && (!sameBoot || previous.volatile.treeLoads !== volatile.treeLoads))
    checkLoadedTree(view, ghost, builder, node, state, previous);
  const seen = (builder.watchSeen ?? ghost.watchSeen)[node];
  const baseline = seen !== undefined && seen.boots === state.durable.boots ? seen.count : 0;
  if (volatile.watchEventCount > baseline) collectWatchEvents(view, ghost, builder, node, state, volatile.watchEventCount - baseline);
}

/** Two data trees hold the same znodes, sessions and client tables (a field-by-field comparison: this runs at every restart). */
function sameTree(a: DataTree, b: DataTree): boolean {
  if (a === b) return true;
  if (!sameZxid(a.zxid, b.zxid) || a.nodes.size !== b.nodes.size || a.sessions.length !== b.sessions.length) return false;
  for (const [path, node] of a.nodes) {
    const other = b.nodes.get(path);
    if (other === node) continue;
    if (
      other === undefined ||
      other.data !== node.data ||
      other.version !== node.version ||
      other.childVersion !== node.childVersion ||
      other.childCount !== node.childCount ||
      other.owner !== node.owner
    ) {
      return false;
    }
  }
  for (let index = 0; index < a.sessions.length; index++) {
    const session = a.sessions[index];
    const other = b.sessions[index];
    if (session !== other && (session?.incarnation !== other?.incarnation || session?.alive !== other?.alive)) return false;
  }
  // Index loops, not some/every with a callback: trees-converge compares every running server's tree twice a run.
  if (a.controllerEpochs.length !== b.controllerEpochs.length) return false;
  for (let index = 0; index < a.controllerEpochs.length; index++) if (a.controllerEpochs[index] !== b.controllerEpochs[index]) return false;
  if (a.results.length !== b.results.length) return false;
  for (let index = 0; index < a.results.length; index++) if (!sameResult(a.results[index] ?? null, b.results[index] ?? null)) return false;
  return true;
}

/** Two stored client results are the same (their outputs are flat records). */
function sameResult(a: StoredResult | null, b: StoredResult | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.operationId !== b.operationId || a.reply.outcome !== b.reply.outcome) return false;
  if (a.reply.outcome === 'fail' || b.reply.outcome === 'fail')
    return a.reply.outcome === 'fail' && b.reply.outcome === 'fail' && a.reply.error === b.reply.error;
  const left = a.reply.output as unknown as Record<string, unknown>;
  const right = b.reply.output as unknown as Record<string, unknown>;
  // Counted in place rather than listed with Object.keys (outputs are plain literals: no inherited keys).
  let keys = 0;
  for (const key in left) {
    if (left[key] !== right[key]) return false;
    keys++;
  }
  for (const _key in right) keys--;
  return keys === 0;
}

/** The first difference between two trees, in words. */
function describeTreeDifference(expected: DataTree, actual: DataTree): string {
  for (const [clientId, session] of expected.sessions.entries()) {
    const held = actual.sessions[clientId];
    if (!isEqual(session, held)) {
      const say = (record: typeof session | undefined) =>
        record ? `session ${record.incarnation} ${record.alive ? 'open' : 'closed'}` : 'no session';
      return `client ${clientId} has ${say(held)} where the transactions give ${say(session)}`;
    }
  }
  const want = describeTree(expected);
  const have = describeTree(actual);
  if (want !== have) return `znodes ${have || '(none)'} where the transactions give ${want || '(none)'}`;
  if (!isEqual(expected.results, actual.results)) return 'the stored client results differ from the replay';
  if (!isEqual(expected.nodes, actual.nodes)) return 'znode versions or children counts differ from the replay';
  return `the tree differs from the replay (at ${formatZxid(actual.zxid)}, expected ${formatZxid(expected.zxid)})`;
}

/**
 * Records, per client, the leadership its request just reached directly (a request's first attempt,
 * at a server leading in the broadcast phase) and the leader's tick count then: a client's requests
 * are its session's heartbeats. Returns \`heard\` itself when no such request came.
 */
function heardAtLeaderAfter(view: View, heard: ZabGhost['heardAtLeader']): ZabGhost['heardAtLeader'] {
  const history = view.history;
  let next: (HeardAtLeader | null)[] | null = null;
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index] as (typeof history)[number];
    if (entry.invokedAtStep !== view.step - 1) break;
    if (entry.attempts !== 1) continue;
    const slot = view.nodes[entry.node];
    const role = slot?.up ? slot.state.volatile.role : null;
    if (role?.kind !== 'leading' || role.phase !== 'broadcast' || slot === undefined) continue;
    next ??= heard.slice();
    next[entry.clientId] = { node: entry.node, boots: slot.state.durable.boots, epoch: role.epoch, ticks: role.ticks, how: 'request' };
  }
  return next ?? heard;
}

type Reports = Pick<ZabGhost, 'followerReports' | 'reportsInFlight' | 'heardAtLeader'>;

/**
 * A follower reports the clients it heard from with its next ping answer, once: the step that sends
 * a ping answer leaves the follower no client to report (ZooKeeper's learner sends its touch table
 * and starts a new one). One that reported the same clients with every ping would keep a silent
 * client's session open for ever, which `sessions-expire` cannot see: it reads the leader's own
 * touch table, which those reports keep fresh. This step's sends are last in flight.
 */
function pingReportsOnce(view: View): string | null {
  const inFlight = view.network.inFlight;
  for (let index = inFlight.length - 1; index >= 0; index--) {
    const sent = inFlight[index] as (typeof inFlight)[number];
    if (sent.sentAtStep !== view.step - 1) break;
    if (sent.message.type !== 'pingAck') continue;
    const slot = view.nodes[sent.from];
    const role = slot?.up ? slot.state.volatile.role : null;
    if (role?.kind !== 'following' || role.touched.length === 0) continue;
    return `server ${sent.from} sent leader ${sent.to} a ping answer but still holds client ${role.touched.join(', ')} to report: a follower reports a client's requests once, with its next ping answer`;
  }
  return null;
}

/**
 * The ping answers on the link \`from\` → \`to\` among \`inFlight\` from index \`start\` on. The
 * incremental observer counts the one link asked about (a few reports are in flight at a time);
 * the full one tallies every link of the network, as \`reportsAfter\` did before (a map per step
 * was most of its cost), and is what \`properties/zab-reports.test.ts\` checks it against.
 */
function pingAcksOn(mode: GhostMode, inFlight: View['network']['inFlight'], from: number, to: number, start: number): number {
  if (mode === 'full') {
    const pingAcks = inFlight.slice(start).filter((sent) => sent.message.type === 'pingAck');
    return countBy(pingAcks, (sent) => `${sent.from}>${sent.to}`)[`${from}>${to}`] ?? 0;
  }
  let count = 0;
  for (let index = start; index < inFlight.length; index++) {
    const sent = inFlight[index] as (typeof inFlight)[number];
    if (sent.from === from && sent.to === to && sent.message.type === 'pingAck') count++;
  }
  return count;
}

/** Reports in flight ordered by link, then oldest first (the most ping answers sent after it); no two share both. */
function byLinkOldestFirst(mode: GhostMode, reports: ReportInFlight[], nodeCount: number): ReportInFlight[] {
  const link = (report: ReportInFlight): number => report.from * nodeCount + report.to;
  if (mode === 'full') return sortBy(reports, [link, (report) => -report.later]);
  return reports.length < 2 ? reports : reports.sort((left, right) => link(left) - link(right) || right.later - left.later);
}

/**
 * Follows the clients' requests at followers to their leader: a request's first attempt at a server
 * following in the broadcast phase joins that server's report; the server's next ping answer carries
 * the report (a full network may have lost a message sent, so it clears every report: the ghost
 * cannot tell what was lost; a follower's link to its leader is never cut while it follows); once
 * that answer leaves the network while its leader still leads the same epoch and
 * still counts the follower (a torn-down link would have removed it), the leader heard from those
 * clients at its tick count then. FIFO links only (reordering or duplicating networks are unpromised).
 * Returns null when nothing changed.
 */
function reportsAfter(mode: GhostMode, view: View, current: ZabGhost, heardAtLeader: ZabGhost['heardAtLeader']): Reports | null {
  if (!view.config.fifoAssumption) return null;
  const nodes = view.nodes;
  let reports: (FollowerReport | null)[] | null = null;
  const history = view.history;
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index] as (typeof history)[number];
    if (entry.invokedAtStep !== view.step - 1) break;
    if (entry.attempts !== 1) continue;
    const slot = nodes[entry.node];
    const role = slot?.up ? slot.state.volatile.role : null;
    if (slot === undefined || role?.kind !== 'following' || role.phase !== 'broadcast') continue;
    reports ??= current.followerReports.slice();
    const known = reports[entry.node] ?? null;
    const boots = slot.state.durable.boots;
    const same = known !== null && known.leader === role.leader && known.boots === boots && known.connection === role.connection;
    if (same && known.clients.includes(entry.clientId)) continue;
    reports[entry.node] = {
      leader: role.leader,
      boots,
      connection: role.connection,
      clients: same ? [...known.clients, entry.clientId] : [entry.clientId],
    };
  }
  const inFlight = view.network.inFlight;
  // This step's sends are last in flight (the network keeps the order messages were sent in).
  let sentNow = 0;
  while (sentNow < inFlight.length && (inFlight[inFlight.length - 1 - sentNow] as (typeof inFlight)[number]).sentAtStep === view.step - 1) sentNow++;
  const tracked = current.reportsInFlight;
  if (sentNow === 0 && tracked.length === 0 && reports === null) return null;
  const newReports: ReportInFlight[] = [];
  for (let index = inFlight.length - 1; index >= inFlight.length - sentNow; index--) {
    const sent = inFlight[index] as (typeof inFlight)[number];
    if (sent.message.type !== 'pingAck') continue;
    const report = (reports ?? current.followerReports)[sent.from] ?? null;
    if (report === null) continue;
    reports ??= current.followerReports.slice();
    reports[sent.from] = null;
    const sender = nodes[sent.from];
    const senderRole = sender?.up ? sender.state.volatile.role : null;
    const leader = nodes[sent.to];
    const leaderRole = leader?.up ? leader.state.volatile.role : null;
    if (senderRole?.kind !== 'following' || senderRole.leader !== report.leader || senderRole.connection !== report.connection) continue;
    if (sender === undefined || sender.state.durable.boots !== report.boots || sent.to !== report.leader) continue;
    if (leader === undefined || leaderRole?.kind !== 'leading') continue;
    newReports.push({
      from: sent.from,
      to: sent.to,
      later: pingAcksOn(mode, inFlight, sent.from, sent.to, index + 1),
      leaderBoots: leader.state.durable.boots,
      leaderEpoch: leaderRole.epoch,
      clients: report.clients,
    });
  }
  if (inFlight.length >= defaultLimits.inFlightMax && (reports ?? current.followerReports).some((report) => report !== null)) {
    reports = current.followerReports.map(() => null);
  }
  let heard: (HeardAtLeader | null)[] | null = null;
  let reportsInFlight: ReportInFlight[] | null = newReports.length > 0 ? newReports : null;
  if (tracked.length > 0) {
    const kept: ReportInFlight[] = [];
    let changed = false;
    for (const report of tracked) {
      const sentSince = sentNow === 0 ? 0 : pingAcksOn(mode, inFlight, report.from, report.to, inFlight.length - sentNow);
      const later = report.later + sentSince;
      if (sentSince > 0) changed = true;
      if (pingAcksOn(mode, inFlight, report.from, report.to, 0) > later) {
        kept.push(sentSince > 0 ? { ...report, later } : report);
        continue;
      }
      changed = true;
      const leader = nodes[report.to];
      const role = leader?.up ? leader.state.volatile.role : null;
      if (leader === undefined || role?.kind !== 'leading' || leader.state.durable.boots !== report.leaderBoots || role.epoch !== report.leaderEpoch)
        continue;
      if (!role.learners[report.from]) continue;
      heard ??= heardAtLeader.slice();
      const record: HeardAtLeader = { node: report.to, boots: report.leaderBoots, epoch: role.epoch, ticks: role.ticks, how: 'report' };
      for (const clientId of report.clients) heard[clientId] = record;
    }
    if (changed || reportsInFlight !== null) reportsInFlight = [...kept, ...newReports];
  }
  // One order for the same reports, whatever order independent steps sent them in (a fresh array).
  if (reportsInFlight !== null) reportsInFlight = byLinkOldestFirst(mode, reportsInFlight, nodes.length);
  if (reports === null && reportsInFlight === null && heard === null) return null;
  return {
    followerReports: reports ?? current.followerReports,
    reportsInFlight: reportsInFlight ?? current.reportsInFlight,
    heardAtLeader: heard ?? heardAtLeader,
  };
}

/**
 * A leader that establishes its epoch gives every session it takes over a full timeout (ZooKeeper's
 * new leader touches every session it loads): recorded as hearing from every client at its tick
 * count then. Only a change the ghost sees from another role counts; the initial leader starts
 * established at tick 0, which a null entry already allows for.
 */
function heardAtEstablishment(heard: ZabGhost['heardAtLeader'], node: number, state: ZabState, previous: ZabState | null): ZabGhost['heardAtLeader'] {
  const role = state.volatile.role;
  if (role.kind !== 'leading' || role.phase !== 'broadcast' || previous === null) return heard;
  if (previous.durable.boots === state.durable.boots && wasEstablished(previous, role.epoch)) return heard;
  const record: HeardAtLeader = { node, boots: state.durable.boots, epoch: role.epoch, ticks: role.ticks, how: 'establishment' };
  return heard.map(() => record);
}

/**
 * A leader proposes closing a session only after the session timeout's ticks without hearing from
 * its client: the first closeSession \`node\` just proposed for a client whose request reached this
 * same leadership fewer ticks ago, in words, or null.
 */
function expiryWhileHeard(view: View, heard: ZabGhost['heardAtLeader'], node: number, state: ZabState, previous: ZabState | null): string | null {
  const role = state.volatile.role;
  if (role.kind !== 'leading' || previous === null || previous.durable.boots !== state.durable.boots) return null;
  const log = state.volatile.log;
  const before = previous.volatile.log;
  if (log === before || log.length <= before.length || (before.length > 0 && log[before.length - 1] !== before[before.length - 1])) return null;
  for (let index = before.length; index < log.length; index++) {
    const txn = log[index] as Txn;
    if (txn.body.kind !== 'closeSession' || txn.zxid.epoch !== role.epoch || txn.proposer !== node) continue;
    const last = heard[txn.body.clientId];
    if (!last || last.node !== node || last.boots !== state.durable.boots || last.epoch !== role.epoch) continue;
    if (role.ticks - last.ticks >= view.config.sessionTimeoutTicks) continue;
    const heardBy =
      last.how === 'request'
        ? `client ${txn.body.clientId}'s request reached it`
        : last.how === 'report'
          ? `a follower's ping answer reported client ${txn.body.clientId}'s request`
          : `it established epoch ${last.epoch}`;
    return `leader ${node} proposed ${describeTxn(txn)} at its tick ${role.ticks}, but ${heardBy} at tick ${last.ticks}: a session expires only after ${view.config.sessionTimeoutTicks} ticks without its client`;
  }
  return null;
}

/**
 * A server's step changed only what no check of \`observeServer\` reads, or nothing its checks would
 * judge differently from the last observation (the incremental mode's own rule, applied to the whole
 * server at once): the same durable state (so the same boot), log, commit, pending requests, loaded
 * trees and watch-event count, a role that pairs as before (\`samePairing\`) and that established no
 * epoch since, and agreement never broken (then \`checkAgreement\` has nothing left to compare or
 * deliver). Ticks, pings and their answers (most of the liveness phase's steps) are such steps; the
 * observer then skips the server's checks. \`properties/zab-ghost.test.ts\` compares it with the
 * full observer after every step.
 */
function bookkeepingOnly(ghost: ZabGhost, previous: ZabState, state: ZabState): boolean {
  const before = previous.volatile;
  const after = state.volatile;
  if (
    previous.durable !== state.durable ||
    before.log !== after.log ||
    before.committedCount !== after.committedCount ||
    before.committedZxid !== after.committedZxid ||
    before.pending !== after.pending ||
    before.treeLoads !== after.treeLoads ||
    before.watchEventCount !== after.watchEventCount ||
    ghost.breaks.agreement !== undefined ||
    !samePairing(before.role, after.role)
  ) {
    return false;
  }
  const role = after.role;
  return role.kind !== 'leading' || role.phase !== 'broadcast' || wasEstablished(previous, role.epoch);
}

export function observeGhost(ghost: ZabGhost, view: View): ZabGhost {
  return observeGhostIn('incremental', ghost, view);
}

/** `observeGhost` with every check run at every observation: the reference the incremental one is tested against. */
export function observeGhostFully(ghost: ZabGhost, view: View): ZabGhost {
  return observeGhostIn('full', ghost, view);
}

function observeGhostIn(mode: GhostMode, ghost: ZabGhost, view: View): ZabGhost {
  // Index loops rather than entries(): this runs after every step (see the module comment).
  const nodes = view.nodes;
  const observed = ghost.states;
  let first = -1;
  for (let node = 0; node < nodes.length; node++) {
    const slot = nodes[node] as (typeof nodes)[number];
    if (slot.up && slot.state !== observed[node]) {
      first = node;
      break;
    }
  }
  // requests-received reads the history's newest entries and the server that got them: a server
  // that ignored a request may have kept its state, so it is looked at before the shortcut below.
  let breaks = ghost.breaks;
  if (breaks['requests-received'] === undefined) {
    const dropped = requestsReceived(view);
    if (dropped !== null) breaks = withBreak(breaks, 'requests-received', dropped);
  }
  if (breaks['controller-epoch-recorded'] === undefined) {
    const unfenced = actsCarryRecordedEpoch(view);
    if (unfenced !== null) breaks = withBreak(breaks, 'controller-epoch-recorded', unfenced);
  }
  if (breaks['ping-reports-once'] === undefined) {
    const repeated = pingReportsOnce(view);
    if (repeated !== null) breaks = withBreak(breaks, 'ping-reports-once', repeated);
  }
  const heardDirectly = heardAtLeaderAfter(view, ghost.heardAtLeader);
  const reports = reportsAfter(mode, view, ghost, heardDirectly) ?? ghost;
  let heardAtLeader = reports === ghost ? heardDirectly : reports.heardAtLeader;
  const { followerReports, reportsInFlight } = reports;
  if (first === -1) {
    const same = breaks === ghost.breaks && heardAtLeader === ghost.heardAtLeader && followerReports === ghost.followerReports;
    return same && reportsInFlight === ghost.reportsInFlight ? ghost : { ...ghost, heardAtLeader, followerReports, reportsInFlight, breaks };
  }
  let builder: Builder | null = null;
  const states = observed.slice();
  for (let node = first; node < nodes.length; node++) {
    const slot = nodes[node] as (typeof nodes)[number];
    if (!slot.up || slot.state === observed[node]) continue;
    const previous = observed[node] ?? null;
    states[node] = slot.state;
    if (mode === 'incremental' && previous !== null && bookkeepingOnly(ghost, previous, slot.state)) {
      // Established before (bookkeepingOnly): nothing to record, but asked as for every server.
      heardAtLeader = heardAtEstablishment(heardAtLeader, node, slot.state, previous);
      continue;
    }
    builder ??= {
      delivered: null,
      changes: null,
      trees: null,
      reference: ghost.reference,
      referenceTrail: ghost.referenceTrail,
      referenceMismatch: ghost.referenceMismatch,
      expiredWhileHeard: ghost.expiredWhileHeard,
      epochs: null,
      controllers: null,
      electionClaims: null,
      watchEvents: null,
      watchSeen: null,
      breaks,
    };
    observeServer(view, ghost, builder, node, slot.state, previous, mode);
    if (builder.expiredWhileHeard === null) builder.expiredWhileHeard = expiryWhileHeard(view, heardAtLeader, node, slot.state, previous);
    heardAtLeader = heardAtEstablishment(heardAtLeader, node, slot.state, previous);
  }
  if (builder === null) {
    // Only bookkeeping changed: the history variables stay, the states observed move on.
    return {
      states,
      delivered: ghost.delivered,
      reference: ghost.reference,
      changes: ghost.changes,
      trees: ghost.trees,
      referenceTrail: ghost.referenceTrail,
      referenceMismatch: ghost.referenceMismatch,
      heardAtLeader,
      expiredWhileHeard: ghost.expiredWhileHeard,
      followerReports,
      reportsInFlight,
      epochs: ghost.epochs,
      controllers: ghost.controllers,
      electionClaims: ghost.electionClaims,
      watchEvents: ghost.watchEvents,
      watchSeen: ghost.watchSeen,
      breaks,
    };
  }
  return {
    states,
    delivered: builder.delivered ?? ghost.delivered,
    reference: builder.reference,
    changes: builder.changes ?? ghost.changes,
    trees: builder.trees ?? ghost.trees,
    referenceTrail: builder.referenceTrail,
    referenceMismatch: builder.referenceMismatch,
    heardAtLeader,
    expiredWhileHeard: builder.expiredWhileHeard,
    followerReports,
    reportsInFlight,
    epochs: builder.epochs ?? ghost.epochs,
    controllers: builder.controllers ?? ghost.controllers,
    electionClaims: builder.electionClaims ?? ghost.electionClaims,
    watchEvents: builder.watchEvents ?? ghost.watchEvents,
    watchSeen: builder.watchSeen ?? ghost.watchSeen,
    breaks: builder.breaks,
  };
}

type Entry = HistoryEntry<Operation, Output>;

function okOutput(entry: Entry): Output | null {
  return entry.reply?.outcome === 'ok' ? entry.reply.output : null;
}

/**
 * The writes on the persistent znodes /a and /b (and /a's sequential children), as the znode model
 * sees them; also those on malformed paths below them (`/a/`, `/b//c`) and a delete of `/` (only
 * hand-written scenarios send them), which both refuse as bad arguments.
 */
function toZnodeInput(operation: Operation): ZnodeInput | null {
  const checked = operation.type === 'create' || operation.type === 'delete' || operation.type === 'setData';
  if (!checked) return null;
  // A delete of the root is refused as bad arguments before anything else, so the model's empty root serves.
  const root = operation.type === 'delete' && operation.path === '/';
  if (!root && !operation.path.startsWith('/a') && !operation.path.startsWith('/b')) return null;
  switch (operation.type) {
    case 'create':
      return { type: 'create', path: operation.path, data: operation.data, sequential: operation.sequential };
    case 'delete':
      return { type: 'delete', path: operation.path, version: operation.version };
    case 'setData':
      return { type: 'setData', path: operation.path, data: operation.data, version: operation.version };
    default:
      return null;
  }
}

function toZnodeOutput(output: Output): ZnodeOutput | null {
  switch (output.type) {
    case 'create':
      return output.ok ? { type: 'create', ok: true, path: output.path } : { type: 'create', ok: false, error: output.error };
    case 'delete':
      return output.ok ? { type: 'delete', ok: true } : { type: 'delete', ok: false, error: output.error };
    case 'setData':
      return output.ok ? { type: 'setData', ok: true, version: output.version } : { type: 'setData', ok: false, error: output.error };
    default:
      return null;
  }
}

/** The message when the writes are not linearizable, null when they are, undefined when the search ran out of budget. */
function writesVerdict(view: View): string | null | undefined {
  const operations: HistoryOperation<ZnodeInput, ZnodeOutput>[] = [];
  for (const operation of operationsForChecking(view.history)) {
    const input = toZnodeInput(operation.input);
    if (!input) continue;
    const output = operation.output === null ? null : toZnodeOutput(operation.output);
    operations.push({ ...operation, input, output, return: output === null ? null : operation.return });
  }
  if (operations.length === 0) return null;
  const result = checkLinearizability(znodeModel, operations, { maxExploredConfigurations: view.config.linearizabilityConfigurationsMax });
  if (result.verdict === 'unknown') return undefined;
  if (result.verdict !== 'not-linearizable') return null;
  const failure = result.failure;
  const describe = (id: number) => {
    const operation = operations.find((candidate) => candidate.id === id);
    return operation ? `#${id} ${znodeModel.describeOperation(operation.input, operation.output)}` : `#${id}`;
  };
  return `the writes on /a and /b are not linearizable: after ${failure ? failure.longestPrefix.map(describe).join(', ') || 'nothing' : '?'} (tree ${failure?.stateAfterPrefix ?? '?'}) none of ${failure ? failure.unplaceable.map(describe).join(', ') : '?'} can take effect next`;
}

/**
 * Checked once, after the progress probe, unless it fails or is not proven there (then on the
 * world before the probe too): writes linearizable with the probe's (invoked after every earlier
 * operation ended) are linearizable without them. See `provenAfterProbe`.
 */
const writesLinearizable = provenAfterProbe((view: View): string | null => writesVerdict(view) ?? null, writesVerdict);

const controllerElectResults: readonly string[] = ['elected', 'taken', 'stale-epoch'];

function isWriteOutput(output: Output): boolean {
  return (
    output.type === 'create' ||
    output.type === 'delete' ||
    output.type === 'setData' ||
    output.type === 'elect' ||
    output.type === 'controllerElect' ||
    output.type === 'controllerAct'
  );
}

/**
 * Controller recipe: the controller epoch only grows. In zxid order, every answer to a
 * controllerElect reports an epoch at least the one reported before it, and an election a higher
 * one (elections a client never heard of may come in between); and no election is refused for a
 * stale epoch version before the first one (a server that resolved the expected version wrong
 * would lock every client out of the recipe). The ghost's controller table is built by the same
 * data tree code, so it cannot see an epoch counted wrong.
 */
function controllerEpochsIncrease(view: View): string | null {
  const answers: { readonly zxid: Zxid; readonly epoch: number; readonly elected: boolean; readonly stale: boolean; readonly entry: Entry }[] = [];
  for (const entry of view.history) {
    const output = okOutput(entry);
    if (output?.type !== 'controllerElect') continue;
    answers.push({ zxid: output.zxid, epoch: output.epoch, elected: output.result === 'elected', stale: output.result === 'stale-epoch', entry });
  }
  answers.sort((left, right) => compareZxid(left.zxid, right.zxid));
  let epoch = 0;
  let since: Entry | null = null;
  for (const answer of answers) {
    // The epoch node is created by the first election and never deleted, and a server reads it from a
    // committed prefix: a version check can fail only once it exists.
    if (answer.stale && answer.epoch === 0) {
      return `client ${answer.entry.clientId}'s controllerElect (#${answer.entry.operationId}, ${formatZxid(answer.zxid)}) was refused as stale at controller epoch 0: before the first election there is no epoch version to read wrong`;
    }
    if (answer.epoch < epoch || (answer.elected && answer.epoch === epoch)) {
      const before = since ? `client ${since.clientId} (#${since.operationId}) was told epoch ${epoch} earlier` : 'the recipe starts at epoch 0';
      return `client ${answer.entry.clientId}'s controllerElect (#${answer.entry.operationId}, ${formatZxid(answer.zxid)}) ${answer.elected ? 'was elected with' : 'was told'} controller epoch ${answer.epoch}, but ${before}: the controller epoch must grow with every election`;
    }
    if (answer.epoch > epoch) since = answer.entry;
    epoch = answer.epoch;
  }
  return null;
}

/**
 * Each client's writes take effect in the order it issued them. A write answered with another
 * operation's output (or a controllerElect with no known result) cannot be placed in that order,
 * and no client could read it: it breaks the property too.
 */
function clientFifo(view: View): string | null {
  const last = new Map<number, { zxid: Zxid; operationId: number }>();
  for (const entry of view.history) {
    const output = okOutput(entry);
    if (!output) continue;
    if (referenceIsWrite(entry.operation) && output.type !== entry.operation.type) {
      return `client ${entry.clientId}'s ${entry.operation.type} #${entry.operationId} was answered with a ${JSON.stringify(output.type)} output: a write is answered with its own operation's`;
    }
    if (output.type === 'controllerElect' && !controllerElectResults.includes(output.result)) {
      return `client ${entry.clientId}'s controllerElect #${entry.operationId} was answered with result ${JSON.stringify(output.result)}, none of ${controllerElectResults.join(', ')}`;
    }
    if (!isWriteOutput(output)) continue;
    const previous = last.get(entry.clientId);
    if (previous && compareZxid(output.zxid, previous.zxid) <= 0) {
      return `client ${entry.clientId}'s write #${entry.operationId} took effect at ${formatZxid(output.zxid)}, not after its earlier write #${previous.operationId} at ${formatZxid(previous.zxid)}`;
    }
    last.set(entry.clientId, { zxid: output.zxid, operationId: entry.operationId });
  }
  return null;
}

/** A client never sees an older state than it has seen, while it talks to the same server. */
function noTimeTravel(view: View): string | null {
  const last = new Map<number, { servedBy: number; boots: number; zxid: Zxid; operationId: number }>();
  for (const entry of view.history) {
    const output = okOutput(entry);
    if (!output) continue;
    const previous = last.get(entry.clientId);
    if (previous && previous.servedBy === output.servedBy && previous.boots === output.boots && compareZxid(output.zxid, previous.zxid) < 0) {
      return `client ${entry.clientId} saw server ${output.servedBy} at ${formatZxid(output.zxid)} (#${entry.operationId}) after it had seen it at ${formatZxid(previous.zxid)} (#${previous.operationId})`;
    }
    last.set(entry.clientId, { servedBy: output.servedBy, boots: output.boots, zxid: output.zxid, operationId: entry.operationId });
  }
  return null;
}

/** A read that leaves a watch at the server it reads (what the watch properties follow). */
function isWatchRegistration(operation: Operation): operation is Extract<Operation, { readonly watch: boolean }> {
  return (operation.type === 'getData' || operation.type === 'exists' || operation.type === 'getChildren') && operation.watch;
}

/**
 * The operations whose completion step sync-read-fresh, watch-before-data and watches-fire order
 * against the epochs and watch events the ghost records (`Protocol.historyStepsCompared`).
 */
export function completionStepsCompared(operation: Operation): boolean {
  return operation.type === 'syncRead' || isWatchRegistration(operation);
}

/** A read after sync sees every write that completed before the sync began, unless a deposed leader answered the sync. */
function syncReadFresh(view: View): string | null {
  for (const entry of view.history) {
    const output = okOutput(entry);
    if (!output || output.type !== 'syncRead' || entry.completedAtStep === null) continue;
    if (!view.config.quorumSync) {
      const completedAtStep = entry.completedAtStep;
      const deposed = view.ghost.epochs.some((record) => record.epoch > output.leaderEpoch && record.step <= completedAtStep);
      if (deposed) continue;
    }
    for (const write of view.history) {
      const written = okOutput(write);
      if (!written || !isWriteOutput(written) || write.completedAt === null || write.completedAt >= entry.invokedAt) continue;
      if (compareZxid(written.zxid, output.zxid) > 0) {
        return `client ${entry.clientId}'s syncRead #${entry.operationId} read server ${output.servedBy} at ${formatZxid(output.zxid)}, missing write #${write.operationId} (${formatZxid(written.zxid)}) that completed before the sync began`;
      }
    }
  }
  return null;
}

/** A watch fires before the client, at the same server, sees the data that triggered it. */
function watchBeforeData(view: View): string | null {
  const ghost = view.ghost;
  for (const registration of view.history) {
    const registered = okOutput(registration);
    if (!registered || registration.completedAtStep === null) continue;
    const operation = registration.operation;
    if (!isWatchRegistration(operation)) continue;
    const children = operation.type === 'getChildren';
    const changeIndex = ghost.delivered.findIndex(
      (txn, index) =>
        compareZxid(txn.zxid, registered.zxid) > 0 &&
        (ghost.changes[index] ?? []).some((change) => change.path === operation.path && change.children === children),
    );
    const change = ghost.delivered[changeIndex];
    if (!change) continue;
    for (const later of view.history) {
      const seen = okOutput(later);
      if (
        !seen ||
        later.clientId !== registration.clientId ||
        later.invokedAt <= (registration.completedAt ?? Infinity) ||
        later.completedAtStep === null
      )
        continue;
      if (seen.servedBy !== registered.servedBy || seen.boots !== registered.boots || compareZxid(seen.zxid, change.zxid) < 0) continue;
      const laterStep = later.completedAtStep;
      // A server that left the broadcast phase dropped its clients' connections (and their watches) in between.
      const fired = ghost.watchEvents.some(
        (event) =>
          event.node === registered.servedBy &&
          event.boots === registered.boots &&
          event.clientId === registration.clientId &&
          event.path === operation.path &&
          event.children === children &&
          sameZxid(event.zxid, change.zxid) &&
          event.step <= laterStep,
      );
      const dropped = ghost.watchEvents.some(
        (event) =>
          event.node === registered.servedBy &&
          event.boots === registered.boots &&
          event.clientId === registration.clientId &&
          event.path === '' &&
          event.step <= laterStep &&
          event.step >= (registration.completedAtStep ?? 0),
      );
      if (!fired && !dropped) {
        return `client ${registration.clientId} watched ${operation.path} at server ${registered.servedBy} (#${registration.operationId}) and then saw ${formatZxid(seen.zxid)} there (#${later.operationId}) without the watch event for ${describeTxn(change)}`;
      }
      break;
    }
  }
  return null;
}

/**
 * At the end, every running server's data tree is the replay of the transactions it committed (so
 * the servers in sync with the leader hold the leader's tree). `tree-matches-committed` checks it
 * at every wholesale load; this checks what commits applied one by one since.
 */
function treesConverge(view: View): string | null {
  for (const [node, slot] of view.nodes.entries()) {
    if (!slot.up) continue;
    const volatile = slot.state.volatile;
    const count = volatile.committedCount;
    const expected = count === 0 ? initialTree(view.config.clientCount) : view.ghost.trees[count - 1];
    if (expected !== undefined && !sameTree(expected, volatile.tree)) {
      return `after the cluster was healed server ${node}'s data tree is not the replay of its ${count} committed transactions (up to ${formatZxid(volatile.committedZxid)}): ${describeTreeDifference(expected, volatile.tree)}`;
    }
  }
  return null;
}

/**
 * Watches are one-shot triggers kept by the server a client read at: each event answers a
 * registration there (same client, path and kind, set before the change) and is sent once, and a registration whose
 * path then changed fires once that server applied the change, unless the server dropped its clients
 * (a disconnected event) or restarted in between.
 */
function watchesFire(view: View): string | null {
  const ghost = view.ghost;
  const registrations: { entry: Entry; path: string; children: boolean; at: Output }[] = [];
  for (const entry of view.history) {
    const at = okOutput(entry);
    const operation = entry.operation;
    if (!at || entry.completedAtStep === null) continue;
    if (!isWatchRegistration(operation)) continue;
    registrations.push({ entry, path: operation.path, children: operation.type === 'getChildren', at });
  }
  const sent = new Set<string>();
  for (const event of ghost.watchEvents) {
    if (event.path === '') continue;
    const key = `${event.node}/${event.boots}/${event.clientId}/${event.path}/${event.children}/${formatZxid(event.zxid)}`;
    if (sent.has(key)) {
      return `server ${event.node} sent client ${event.clientId} the ${event.children ? 'child' : 'data'} watch event for ${event.path} at ${formatZxid(event.zxid)} twice: a watch fires once`;
    }
    sent.add(key);
    const registered = registrations.some(
      ({ entry, path, children, at }) =>
        entry.clientId === event.clientId &&
        path === event.path &&
        children === event.children &&
        at.servedBy === event.node &&
        at.boots === event.boots &&
        compareZxid(at.zxid, event.zxid) < 0 &&
        (entry.completedAtStep ?? Infinity) <= event.step,
    );
    if (!registered) {
      return `server ${event.node} sent client ${event.clientId} a ${event.children ? 'child' : 'data'} watch event for ${event.path} at ${formatZxid(event.zxid)} that the client never registered there`;
    }
  }
  for (const { entry, path, children, at } of registrations) {
    const slot = view.nodes[at.servedBy];
    if (!slot?.up || slot.state.durable.boots !== at.boots) continue;
    const changeIndex = ghost.delivered.findIndex(
      (txn, index) =>
        compareZxid(txn.zxid, at.zxid) > 0 && (ghost.changes[index] ?? []).some((change) => change.path === path && change.children === children),
    );
    const change = ghost.delivered[changeIndex];
    if (!change || compareZxid(slot.state.volatile.committedZxid, change.zxid) < 0) continue;
    const since = entry.completedAtStep ?? 0;
    const answered = ghost.watchEvents.some(
      (event) =>
        event.node === at.servedBy &&
        event.boots === at.boots &&
        event.clientId === entry.clientId &&
        event.step >= since &&
        (event.path === '' || (event.path === path && event.children === children && sameZxid(event.zxid, change.zxid))),
    );
    if (!answered) {
      return `client ${entry.clientId} set a ${children ? 'child' : 'data'} watch on ${path} at server ${at.servedBy} (#${entry.operationId}, ${formatZxid(at.zxid)}); the server applied ${describeTxn(change)}, which changed it, and never sent the event`;
    }
  }
  return null;
}

/** After the liveness phase every acknowledged write is delivered, and the leader and the servers in sync with it hold the delivered sequence. */
function committedKept(view: View): string | null {
  const ghost = view.ghost;
  const keys = new Set<number>();
  for (const txn of ghost.delivered) if (txn.body.kind === 'client') keys.add(txn.body.clientId * 1_000_000 + txn.body.operationId);
  for (const entry of acknowledged(view.history)) {
    if (!isWriteOutput(entry.reply.output)) continue;
    if (!keys.has(entry.clientId * 1_000_000 + entry.operationId)) {
      return `write #${entry.operationId} of client ${entry.clientId} was acknowledged but no server delivered it`;
    }
  }
  for (const node of inSyncServers(view) ?? []) {
    const log = view.nodes[node]?.state.volatile.log ?? [];
    for (const [index, txn] of ghost.delivered.entries()) {
      const held = log[index];
      if (!held || !sameTxn(held, txn)) {
        return `after the cluster was healed server ${node}'s log ${listTxns(log)} lacks delivered ${describeTxn(txn)} at position ${index + 1}`;
      }
    }
  }
  return null;
}

/** The verdicts of both reference properties: one replay of the run's delivered sequence serves both. */
export interface ReferenceVerdicts {
  readonly service: string | null;
  readonly reads: string | null;
  readonly sessions: string | null;
}

/** Why the reference refused a delivered client transaction for its session, in words (see \`requests-in-session\`). */
function sessionRefusal(txn: Txn, before: ReferenceState): string {
  const body = txn.body as Extract<Txn['body'], { kind: 'client' }>;
  const session = before.sessions[body.clientId];
  const held = session === undefined ? 'no session' : `session #${session.incarnation} ${session.alive ? 'open' : 'closed'}`;
  return `${describeTxn(txn)} was stamped with client ${body.clientId}'s session #${body.session}, but the client had ${held} when it applied: the data tree refuses it, a write refused as if its session had expired`;
}

/**
 * The last end view's verdicts (its ghost and history): the three properties that read them are
 * checked one after the other on the same view. One slot, not a WeakMap entry per view: setting a
 * WeakMap entry twice a run was a tenth of a percent of a ZAB run's time, more than the lookup saved.
 */
let lastReferenceVerdicts: { readonly ghost: ZabGhost; readonly history: View['history']; readonly verdicts: ReferenceVerdicts } | null = null;

function isRead(operation: Operation): operation is Extract<Operation, { type: 'getData' | 'exists' | 'getChildren' | 'syncRead' }> {
  return operation.type === 'getData' || operation.type === 'exists' || operation.type === 'getChildren' || operation.type === 'syncRead';
}

/** Two outputs with the same fields (the zxid's parts compared), the serving server and its boot aside: a retry is answered by another with the same result. */
function sameAnswer(left: Output, right: Output): boolean {
  const a = left as unknown as Record<string, unknown>;
  const b = right as unknown as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === 'servedBy' || key === 'boots') continue;
    if (key === 'zxid' ? !sameZxid(left.zxid, right.zxid) : a[key] !== b[key] && !isEqual(a[key], b[key])) return false;
  }
  return true;
}

/** The same keys with the same values, arrays (a getChildren answer's names) compared element by element: lodash's isEqual, for flat answers, at a fraction of its cost. */
function sameFields(left: Readonly<Record<string, unknown>>, right: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    const a = left[key];
    const b = right[key];
    if (a === b) continue;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.some((item, index) => item !== b[index])) return false;
  }
  return true;
}

/** An output without the fields that say which server produced it. */
function withoutServer(output: Output): Record<string, unknown> {
  const { servedBy: _servedBy, boots: _boots, ...rest } = output;
  return rest;
}

/** The position of each delivered transaction (1 for the first), by its zxid as one number (counters stay far below 2^32). */
function deliveredPositions(delivered: readonly Txn[]): Map<number, number> {
  const positions = new Map<number, number>();
  for (const [index, txn] of delivered.entries()) positions.set(txn.zxid.epoch * 2 ** 32 + txn.zxid.counter, index + 1);
  return positions;
}

/** How many delivered transactions a read's zxid names: undefined when no server delivered it. */
function readCount(positions: ReadonlyMap<number, number>, output: Output): number | undefined {
  return output.zxid.epoch === 0 && output.zxid.counter === 0 ? 0 : positions.get(output.zxid.epoch * 2 ** 32 + output.zxid.counter);
}

/** Why a read was answered with the wrong output type or at a zxid no server delivered. */
function misplacedRead(entry: Entry, output: Output): string {
  return `client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) was answered by server ${output.servedBy} at ${formatZxid(output.zxid)} with ${output.type !== entry.operation.type ? `a ${JSON.stringify(output.type)} output` : 'a zxid no server delivered'}`;
}

/** Why a read's answer is not the reference's at its zxid, or null when it is. */
function readMismatch(entry: Entry, output: Output, state: ReferenceState): string | null {
  const expected = readReference(
    state,
    entry.operation.type as 'getData' | 'exists' | 'getChildren' | 'syncRead',
    (entry.operation as { path: string }).path,
  );
  const {
    type: _type,
    zxid: _zxid,
    servedBy: _servedBy,
    boots: _boots,
    leaderEpoch: _leaderEpoch,
    ...answered
  } = output as Output & { leaderEpoch?: number };
  if (sameFields(answered, expected)) return null;
  return `client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) read ${JSON.stringify(answered)} at server ${output.servedBy} (${formatZxid(output.zxid)}), but the committed prefix up to ${formatZxid(output.zxid)} gives ${JSON.stringify(expected)}`;
}

/** The first write a client saw succeed whose answer is not the reference's first answer to its transaction, in words. */
function writeMismatch(history: View['history'], answers: ReadonlyMap<number, ReferenceAnswer>): string | null {
  for (const entry of history) {
    const output = okOutput(entry);
    if (!output || !referenceIsWrite(entry.operation)) continue;
    const applied = answers.get(entry.operationId);
    if (applied === undefined || applied.clientId !== entry.clientId) continue;
    const expected = applied.reply;
    if (expected.outcome !== 'ok') {
      return `client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) was answered ok at ${formatZxid(output.zxid)}, but its session was not live there: the reference model refuses it`;
    }
    if (!sameAnswer(output, expected.output)) {
      return `client ${entry.clientId}'s ${describeOperation(entry.operation)} (#${entry.operationId}) was answered ${JSON.stringify(withoutServer(output))}, the reference model answers ${JSON.stringify(withoutServer(expected.output))}`;
    }
  }
  return null;
}

/**
 * Both verdicts from what the ghost carried along the run (\`compareWithReference\`): the first
 * mismatch of tree or watch changes it recorded, the reference's state after each delivered prefix
 * for the reads, its first answers for the writes. Nothing is replayed, so the end checks before and
 * after the progress probe cost only a pass over the history.
 */
function referenceVerdictsOf(view: View): ReferenceVerdicts {
  const known = lastReferenceVerdicts;
  if (known !== null && known.ghost === view.ghost && known.history === view.history) return known.verdicts;
  const ghost = view.ghost;
  // The trail newest first: states[count] is the reference after `count` delivered transactions.
  const states: ReferenceState[] = [];
  const answers: ReferenceAnswer[] = [];
  let sessions: string | null = null;
  for (let link: ReferenceTrail | null = ghost.referenceTrail; link !== null; link = link.previous) {
    states.push(link.state);
    if (link.answer === null) continue;
    answers.push(link.answer);
    // Newest first: the last one found is the first refusal.
    if (link.answer.reply.outcome === 'fail' && link.previous !== null)
      sessions = sessionRefusal(ghost.delivered[ghost.delivered.length - states.length] as Txn, link.previous.state);
  }
  states.reverse();
  const positions = deliveredPositions(ghost.delivered);
  let reads: string | null = null;
  for (const entry of view.history) {
    const output = okOutput(entry);
    if (!output || !isRead(entry.operation)) continue;
    const count = readCount(positions, output);
    const state = count === undefined ? undefined : states[count];
    reads = output.type !== entry.operation.type || state === undefined ? misplacedRead(entry, output) : readMismatch(entry, output, state);
    if (reads !== null) break;
  }
  let service = ghost.referenceMismatch;
  if (service === null) {
    // Oldest first, so that a later answer to the same operation id wins, as in a replay.
    const byOperation = new Map<number, ReferenceAnswer>();
    for (let index = answers.length - 1; index >= 0; index--) {
      const answer = answers[index] as ReferenceAnswer;
      byOperation.set(answer.operationId, answer);
    }
    service = writeMismatch(view.history, byOperation);
  }
  const verdicts: ReferenceVerdicts = { service, reads, sessions };
  lastReferenceVerdicts = { ghost: view.ghost, history: view.history, verdicts };
  return verdicts;
}

/**
 * The same verdicts by replaying the delivered sequence on a fresh reference model at the end of the
 * run, comparing as it goes (the form these properties had first): the reference the ghost's carried
 * form is tested against (\`properties/zab-reference.test.ts\`).
 */
export function referenceVerdictsByReplay(view: View): ReferenceVerdicts {
  const { delivered, trees, changes } = view.ghost;
  const positions = deliveredPositions(delivered);
  // Each read, by the number of delivered transactions its zxid names.
  const readsAt = new Map<number, number[]>();
  let reads: { at: number; message: string } | null = null;
  for (const [at, entry] of view.history.entries()) {
    const output = okOutput(entry);
    if (!output || !isRead(entry.operation)) continue;
    const count = readCount(positions, output);
    if (output.type !== entry.operation.type || count === undefined) {
      reads ??= { at, message: misplacedRead(entry, output) };
      continue;
    }
    const bucket = readsAt.get(count);
    if (bucket) bucket.push(at);
    else readsAt.set(count, [at]);
  }
  let state = initialReference(view.config.clientCount);
  const answers = new Map<number, ReferenceAnswer>();
  const checkReads = (count: number) => {
    for (const at of readsAt.get(count) ?? []) {
      if (reads !== null && reads.at < at) break;
      const entry = view.history[at] as Entry;
      const message = readMismatch(entry, okOutput(entry) as Output, state);
      if (message !== null) reads = { at, message };
    }
  };
  checkReads(0);
  let mismatch: string | null = null;
  let sessions: string | null = null;
  let previous: DataTree | null = null;
  for (const [index, txn] of delivered.entries()) {
    const step = applyReference(state, txn);
    if (sessions === null && step.answer?.reply.outcome === 'fail') sessions = sessionRefusal(txn, state);
    state = step.state;
    if (step.answer !== null) answers.set(step.answer.operationId, step.answer);
    checkReads(index + 1);
    const tree = trees[index];
    if (mismatch !== null || tree === undefined) continue;
    mismatch = referenceStepMismatch(step, txn, previous, tree, changes[index] ?? []);
    previous = tree;
  }
  return {
    service: mismatch ?? writeMismatch(view.history, answers),
    reads: reads === null ? null : (reads as { message: string }).message,
    sessions,
  };
}

/**
 * The data tree is ZooKeeper's: after each delivered transaction the tree the servers hold (the
 * ghost's, which \`tree-matches-committed\` ties to every server's) and the changes it fires watches
 * on are what an independent reference model of the znodes, sessions and recipes gives
 * (\`reference.ts\`), and every write a client saw succeed was answered with the reference's answer
 * to its transaction. The ghost's own trees come from the servers' code (\`applyTxn\`), so a
 * data-tree change passed every other property unless a client's answer on /a or /b gave it away.
 */
function serviceMatchesReference(view: View): string | null {
  return referenceVerdictsOf(view).service;
}

/**
 * A local read (getData, exists, getChildren, and the read of a syncRead) may be stale but answers
 * what the committed prefix up to the zxid it reports gives: the reference model's tree after the
 * delivered transactions up to that zxid. With \`no-time-travel\` (never older at the same server)
 * and \`sync-read-fresh\` this is ZooKeeper's read guarantee: a state of the server's own committed
 * prefix, monotone per session at one server, and the client's own writes (answered there at their
 * zxids) included.
 */
function localReadsCommitted(view: View): string | null {
  return referenceVerdictsOf(view).reads;
}

/**
 * The leader stamps each client request with the session it will apply in: the client's open session,
 * or the next one when the session is closed or its closeSession is already proposed (both are
 * ordered by the leader's log, so the stamp always finds its session). A transaction the data tree
 * refuses for its session is a client's write refused as if its session had expired while it was open
 * (ZooKeeper expires only a silent client's session), or one applied in a session closed meanwhile.
 */
function requestsInSession(view: View): string | null {
  return referenceVerdictsOf(view).sessions;
}

/** The one running server leading in the broadcast phase: -1 when there is none, null when two are. */
function establishedLeader(view: View): number | null {
  let leader = -1;
  for (const [node, slot] of view.nodes.entries()) {
    const role = slot.state.volatile.role;
    if (!slot.up || role.kind !== 'leading' || role.phase !== 'broadcast') continue;
    if (leader !== -1) return null;
    leader = node;
  }
  return leader;
}

/**
 * The established leader and the followers it counts as synchronized agree: such a follower is in
 * the broadcast phase (it got UPTODATE and serves its clients) unless UPTODATE is still on its way.
 * (`ensemble-recovers` is content with a quorum, so a follower stuck short of it went unnoticed.)
 */
function learnersSynchronized(view: View): string | null {
  const leader = establishedLeader(view);
  if (leader === null) return null;
  const leaderRole = view.nodes[leader]?.state.volatile.role;
  if (leaderRole?.kind !== 'leading') return null;
  for (const [node, learner] of leaderRole.learners.entries()) {
    const slot = view.nodes[node];
    if (learner?.stage !== 'synced' || !slot?.up) continue;
    const role = slot.state.volatile.role;
    if (role.kind !== 'following' || role.leader !== leader || role.epoch !== leaderRole.epoch || role.phase === 'broadcast') continue;
    if (view.network.inFlight.some((message) => message.from === leader && message.to === node && message.message.type === 'upToDate')) continue;
    return `leader ${leader} counts server ${node} as synchronized in epoch ${leaderRole.epoch}, but the server is still in its ${role.phase} phase and no UPTODATE is on its way: it serves no client`;
  }
  return null;
}

/**
 * A silent client's session expires: the established leader keeps no session open that it has not
 * heard from (a request at it, or a follower's ping answer naming the client) for more than the
 * session timeout, unless the closeSession it proposed for it is not committed yet. The leader
 * checks at every tick; the one tick of slack covers a session that opened after its last tick.
 * ZooKeeper's session tracker promises it: without it a crashed client's ephemeral znodes (a
 * controller's, an election candidate's) stay forever and no one takes over.
 */
function sessionsExpire(view: View): string | null {
  const leader = establishedLeader(view);
  if (leader === null || leader === -1) return null;
  const volatile = view.nodes[leader]?.state.volatile;
  const role = volatile?.role;
  if (!volatile || role?.kind !== 'leading') return null;
  const timeout = view.config.sessionTimeoutTicks;
  for (const [clientId, session] of volatile.tree.sessions.entries()) {
    if (!session.alive) continue;
    const silentTicks = role.ticks - (role.sessionTouched[clientId] ?? 0);
    if (silentTicks <= timeout) continue;
    let closing = false;
    for (let index = volatile.committedCount; index < volatile.log.length && !closing; index++) {
      const body = (volatile.log[index] as Txn).body;
      closing = body.kind === 'closeSession' && body.clientId === clientId && body.session === session.incarnation;
    }
    if (closing) continue;
    return `after the cluster was healed leader ${leader} has not heard from client ${clientId} for ${silentTicks} ticks (session timeout ${timeout}) and still keeps its session #${session.incarnation} open: a silent client's session must expire`;
  }
  return null;
}

/**
 * Every request a server accepted gets its answer: after healing and the progress probe (every other
 * client quiet by then), the servers in sync with the established leader hold no pending write or
 * syncRead (unless a message about it is still in flight), and the leader no sync it still owes a follower. `requests-answered` only says a request
 * is never dropped unanswered; one kept forever leaves its client waiting on that connection (the
 * hunt's clients retry elsewhere, so no operation stays incomplete).
 */
/** A message about a client's request to or from `node` is still in flight (the request forwarded, the sync's answer coming). */
function underway(view: View, node: number, clientId: number, operationId: number): boolean {
  return view.network.inFlight.some(
    ({ from, to, message }) =>
      (from === node || to === node) &&
      (message.type === 'request' || message.type === 'syncRequest' || message.type === 'syncReply') &&
      message.clientId === clientId &&
      message.operationId === operationId,
  );
}

function requestsSettle(view: View): string | null {
  if (!probed(view)) return null;
  const synced = inSyncServers(view);
  if (synced === null) return null;
  for (const node of synced) {
    const volatile = view.nodes[node]?.state.volatile;
    if (!volatile) continue;
    const request = volatile.pending.find((waiting) => !underway(view, node, waiting.clientId, waiting.operationId));
    if (request)
      return `after the cluster was healed server ${node}, in sync with the established leader, still holds client ${request.clientId}'s ${request.kind === 'write' ? 'write' : 'syncRead'} #${request.operationId} unanswered`;
    const role = volatile.role;
    const sync = role.kind === 'leading' ? role.pendingSyncs[0] : undefined;
    if (sync)
      return `after the cluster was healed leader ${node} still owes server ${sync.from} the answer to client ${sync.clientId}'s sync #${sync.operationId}, although everything up to ${formatZxid(sync.zxid)} is committed`;
  }
  return null;
}

/**
 * The servers in sync with an established leader: the leader (broadcast phase, everything
 * committed and flushed) and its followers in the broadcast phase with the same log, fully
 * committed. Null when no single leader is established.
 */
export function inSyncServers(view: View): number[] | null {
  const leader = syncedLeader(view);
  if (leader === null) return null;
  const synced = [leader];
  for (let node = 0; node < view.nodes.length; node++) if (followsInSync(view, leader, node)) synced.push(node);
  return synced;
}

/** The established leader when it has everything committed and flushed (the first of \`inSyncServers\`), else null. */
function syncedLeader(view: View): number | null {
  const leader = establishedLeader(view);
  if (leader === null) return null;
  const leaderState = view.nodes[leader]?.state;
  if (!leaderState) return null;
  const leaderLog = leaderState.volatile.log;
  if (leaderState.volatile.committedCount !== leaderLog.length || leaderState.volatile.pendingLogWrites.length > 0) return null;
  return leader;
}

/** \`node\` is a follower of \`leader\` in the broadcast phase with the leader's log, fully committed and flushed. */
function followsInSync(view: View, leader: number, node: number): boolean {
  const slot = view.nodes[node];
  if (node === leader || !slot?.up) return false;
  const volatile = slot.state.volatile;
  const role = volatile.role;
  if (role.kind !== 'following' || role.leader !== leader || role.phase !== 'broadcast') return false;
  const length = (view.nodes[leader] as { state: ZabState }).state.volatile.log.length;
  return volatile.log.length === length && volatile.committedCount === length && volatile.pendingLogWrites.length === 0;
}

/**
 * The running servers not in sync with the established leader, leaving out those that accepted a
 * newer epoch than the leader's (ZooKeeper's leader refuses them until the next election). Null
 * when no leader is established with a quorum in sync.
 */
export function serversBehind(view: View): number[] | null {
  const synced = inSyncServers(view);
  if (synced === null || synced.length < quorumSize(view.nodes.length)) return null;
  const leaderRole = view.nodes[synced[0] as number]?.state.volatile.role;
  if (leaderRole?.kind !== 'leading') return null;
  const behind: number[] = [];
  for (const [node, slot] of view.nodes.entries()) {
    if (!slot.up || synced.includes(node) || slot.state.durable.acceptedEpoch > leaderRole.epoch) continue;
    behind.push(node);
  }
  return behind;
}

/** The liveness phase's progress probe has run: its operations are the last ones in the history (every other client is quiet by then). */
function probed(view: View): boolean {
  return view.history[view.history.length - 1]?.probe !== undefined;
}

/**
 * When the liveness phase may stop: a leader with a quorum in sync; once the progress probe ran,
 * also every running server that can rejoin (so `servers-rejoin` is checked after enough rounds).
 * Waiting for every server only after the probe keeps the probe's stories: its write may meet a
 * server still synchronizing, as before.
 */
export function livenessSettled(view: View): boolean {
  if (!probed(view)) return ensembleSettled(view);
  return serversBehind(view)?.length === 0;
}

/**
 * Settled: a leader with a quorum in sync. Not every server: as in ZooKeeper, a server that
 * accepted a newer epoch from a leadership attempt that failed is refused by the established
 * leader ("leader's epoch is less than accepted epoch") until the next election.
 */
export function ensembleSettled(view: View): boolean {
  // Counted, not listed: the liveness phase asks after every round.
  const leader = syncedLeader(view);
  if (leader === null) return false;
  let synced = 1;
  for (let node = 0; node < view.nodes.length; node++) if (followsInSync(view, leader, node)) synced++;
  return synced >= quorumSize(view.nodes.length);
}

/** Every ZAB and ZooKeeper property, in the order they are checked. */
export const zabProperties: { readonly [Name in ZabProperty]: Property } = {
  'epochs-durable': {
    when: 'every-step',
    description: "a server's acceptedEpoch and currentEpoch never go back, across crashes and restarts included (they are on disk)",
    check: recordedByGhost,
  },
  integrity: {
    when: 'every-step',
    description: "a server commits only transactions it received, and holds each epoch's proposals from the first without holes (Zab: integrity)",
    check: recordedByGhost,
  },
  agreement: {
    when: 'every-step',
    description:
      'all servers deliver the same transactions in the same order: every delivered sequence is a prefix of one sequence (Zab: agreement and total order)',
    check: recordedByGhost,
  },
  'primary-order': {
    when: 'every-step',
    description:
      'delivered zxids increase, and a proposal is delivered only after the ones its primary proposed before it (Zab: local and global primary order)',
    check: recordedByGhost,
  },
  'primary-uniqueness': { when: 'every-step', description: 'at most one server establishes each epoch', check: recordedByGhost },
  'primary-integrity': {
    when: 'every-step',
    description:
      'a leader establishes its epoch with every transaction delivered in earlier epochs (Zab: primary integrity; a committed transaction is never lost)',
    check: recordedByGhost,
  },
  'committed-never-lost': { when: 'every-step', description: 'a running server never rolls back a transaction it committed', check: recordedByGhost },
  'requests-answered': {
    when: 'every-step',
    description:
      'a server lets go of a client request it accepted (a write it forwarded, a syncRead it waits on) only by answering it, or by crashing',
    check: recordedByGhost,
  },
  'requests-received': {
    when: 'every-step',
    description:
      'a server that serves clients answers each request a client sends it, or holds it until it can (a write forwarded, or proposed at once by a leader, a syncRead waiting for its sync); it never refuses a read, and refuses a write on the spot only with the result the data tree stored for it; a server that does not serve refuses a read at once and leaves a write unanswered (it may be a retry of one another server forwarded)',
    check: recordedByGhost,
  },
  'replica-logs-consistent': {
    when: 'every-step',
    description:
      "replicas never diverge: logs are in zxid order, two servers holding the same zxid hold the same history before it, and a synchronized follower holds a prefix of its leader's log",
    check: recordedByGhost,
  },
  'tree-matches-committed': {
    when: 'every-step',
    description:
      "a server's data tree is the replay of the transactions it committed, also when it restarts from a (fuzzy) snapshot and the log after it, or loads a SNAP or a TRUNC",
    check: recordedByGhost,
  },
  'ephemeral-needs-session': {
    when: 'every-step',
    description: 'an ephemeral znode exists only while the session that created it is alive',
    check: recordedByGhost,
  },
  'watch-order': { when: 'every-step', description: 'a server sends a client its watch events in update order', check: recordedByGhost },
  'election-recipe-single-leader': {
    when: 'every-step',
    description: 'leader-election recipe: a client is told it leads only when no other client still leads',
    check: recordedByGhost,
  },
  'controller-epoch-unique': {
    when: 'every-step',
    description: 'controller recipe: at most one controller per controller epoch',
    check: recordedByGhost,
  },
  'fenced-controller-rejected': {
    when: 'every-step',
    description: "controller recipe: once a newer controller is elected, the old controller's writes are rejected",
    check: recordedByGhost,
  },
  'controller-epoch-recorded': {
    when: 'every-step',
    description:
      "controller recipe: an election records the epoch it reports, in the epoch znode and as the elected client's epoch, which its writes carry (a write carries the epoch the tree of the server it reached records for its client): a write carrying the current epoch goes through, one of a client never elected does not",
    check: recordedByGhost,
  },
  'controller-epochs-increase': {
    when: 'end',
    description:
      'controller recipe: in zxid order the controller epoch a controllerElect reports never goes back, every election reports a higher one, and none is refused as stale before the first election',
    check: controllerEpochsIncrease,
  },
  'durable-after-heal': {
    when: 'end',
    description: 'after healing every acknowledged write is delivered and the leader and the servers in sync with it hold the delivered sequence',
    check: committedKept,
  },
  'trees-converge': {
    when: 'end',
    description:
      "after healing every running server's data tree is the replay of the transactions it committed, so the servers in sync with the leader hold the leader's tree",
    check: treesConverge,
  },
  'learners-synchronized': {
    when: 'end',
    category: 'liveness',
    description:
      'after healing every follower the established leader counts as synchronized is in the broadcast phase (it got UPTODATE and serves clients), unless UPTODATE is on its way to it',
    check: learnersSynchronized,
  },
  'linearizable-writes': {
    when: 'end',
    description: 'the writes (create, delete, setData on /a and /b) are linearizable (znode model)',
    check: writesLinearizable,
  },
  'client-fifo': {
    when: 'end',
    description: "each client's writes take effect in the order it issued them, each answered with its own operation's output",
    check: clientFifo,
  },
  'no-time-travel': {
    when: 'end',
    description:
      "a client talking to one server never sees an older state than it saw there (ZooKeeper's per-session order; across servers the client library's lastZxidSeen is not modelled)",
    check: noTimeTravel,
  },
  'sync-read-fresh': {
    when: 'end',
    description:
      'sync then read sees every write completed before the sync began, unless a deposed leader answered the sync (sync is not a quorum operation unless quorumSync is set)',
    check: syncReadFresh,
  },
  'watch-before-data': {
    when: 'end',
    description: 'a client gets a watch event before it sees, at the same server, the data that triggered it',
    check: watchBeforeData,
  },
  'watches-fire': {
    when: 'end',
    description:
      'a watch event answers a watch the client set at that server before the change, once, and a watch whose path changed fires once its server applied the change (unless the server dropped its clients or restarted)',
    check: watchesFire,
  },
  'ensemble-recovers': {
    when: 'end',
    category: 'liveness',
    description: 'after healing and restarting every server, a leader is established with a quorum of servers in sync',
    check: (view) => (ensembleSettled(view) ? null : 'the ensemble did not settle on one leader with a quorum in sync within the liveness phase'),
  },
  'servers-rejoin': {
    when: 'end',
    category: 'liveness',
    description:
      "after healing and the progress probe every running server catches up with the established leader (broadcast phase, the leader's log, all of it committed), unless it accepted a newer epoch than the leader's (ZooKeeper refuses it until the next election)",
    check: (view) => {
      if (!probed(view)) return null;
      const behind = serversBehind(view);
      if (behind === null || behind.length === 0) return null;
      return `after the cluster was healed server ${behind.join(', ')} did not catch up with the established leader within the liveness phase (it did not accept a newer epoch than the leader's)`;
    },
  },
  'sessions-expire': {
    when: 'end',
    category: 'liveness',
    description:
      'after healing the established leader keeps no session open whose client it has not heard from for longer than the session timeout (its closeSession proposed at least)',
    check: sessionsExpire,
  },
  'requests-settle': {
    when: 'end',
    category: 'liveness',
    description:
      'after healing and the progress probe the servers in sync with the established leader hold no client request unanswered (a write or syncRead they accepted, a sync the leader owes a follower)',
    check: requestsSettle,
  },
  'operations-complete': allOperationsComplete(describeOperation),
  // Last: when the probe fails, a more specific end property usually explains why.
  'makes-progress': makesProgress(describeOperation),
  // After every other one, so that no saved counterexample changes its verdict: they replay the run on
  // an independent model of the data tree (reference.ts), which the servers' and the ghost's code share no line with.
  'service-matches-reference': {
    when: 'end',
    description:
      "the data tree is ZooKeeper's: after each delivered transaction the servers' tree (znodes and their stat, sessions, controller epochs) and the changes watches fire on are an independent reference model's, and every write a client saw succeed got the reference's answer",
    check: serviceMatchesReference,
  },
  'local-reads-committed': {
    when: 'end',
    description:
      'a local read (getData, exists, getChildren, the read of a syncRead) answers what the committed prefix up to the zxid it reports gives (reference model): stale perhaps, never invented',
    check: localReadsCommitted,
  },
  'requests-in-session': {
    when: 'end',
    description:
      "every delivered client transaction applies in the session the leader stamped it with: the client's open session, or the next one once the old is closed (a request of a closing session gets the next); never a write refused as if its session had expired while it was open, or stamped with a session that closes before it applies",
    check: requestsInSession,
  },
  'sessions-kept-alive': {
    when: 'end',
    description:
      "a leader does not propose closing a session fewer than the session timeout's ticks after the client's request reached it directly or a follower's ping answer reported it (a client's requests are its session's heartbeats), or after it established its epoch (a new leader gives every session a full timeout)",
    check: (view) => view.ghost.expiredWhileHeard,
  },
  'ping-reports-once': {
    when: 'every-step',
    description:
      "a follower reports the clients it heard from to its leader once, with its next ping answer: a server that sends a ping answer holds no client left to report (one that reported them with every ping would keep a silent client's session open for ever)",
    check: recordedByGhost,
  },
};

type Sometimes = SometimesDefinition<ZabConfig, ZabState, Message, Operation, Output, ZabGhost>;

/** A server's log was rewritten, not just extended: TRUNC or SNAP happened. */
function logRewritten(previous: View, next: View): boolean {
  for (const [node, slot] of next.nodes.entries()) {
    const before = previous.nodes[node];
    if (!slot.up || !before?.up || before.state === slot.state) continue;
    const old = before.state.volatile.log;
    const log = slot.state.volatile.log;
    if (old === log || old.length === 0) continue;
    if (log.length < old.length || log[old.length - 1] !== old[old.length - 1]) return true;
  }
  return false;
}

function newlyDelivered(previous: View, next: View, matches: (txn: Txn) => boolean): boolean {
  const before = previous.ghost.delivered.length;
  const after = next.ghost.delivered;
  for (let index = before; index < after.length; index++) if (matches(after[index] as Txn)) return true;
  return false;
}

/** Coverage goals: situations a hunt of ZAB should reach now and then, or its properties prove little. */
export const zabSometimes: readonly Sometimes[] = [
  {
    // Every run starts with server n-1 leading epoch 1 in the broadcast phase; an initial leader that
    // cannot replicate (its followers forgotten) steps down at its first tick, and only this goal sees it.
    name: 'initial-leader-commit',
    description: 'the initial leader delivered a transaction before any other epoch was established',
    reached: (previous, next) =>
      next.ghost.epochs.every((record) => record.epoch === 1) && newlyDelivered(previous, next, (txn) => txn.zxid.epoch === 1),
  },
  {
    name: 'new-epoch',
    description: 'a new leader established an epoch after the initial one',
    reached: (previous, next) => next.ghost.epochs.length > previous.ghost.epochs.length && next.ghost.epochs.length > 1,
  },
  { name: 'log-rewritten', description: "a server's log was truncated or replaced by synchronization (TRUNC or SNAP)", reached: logRewritten },
  {
    name: 'fuzzy-snapshot',
    description: "a server finished a snapshot whose znodes hold transactions applied after the snapshot's zxid (fuzzy)",
    reached: (previous, next) =>
      next.nodes.some((slot, node) => {
        const snapshots = slot.state.durable.snapshots;
        const written = snapshots[snapshots.length - 1];
        if (!slot.up || written?.nodes == null || previous.nodes[node]?.state.durable.snapshots === snapshots) return false;
        return compareZxid(written.nodes.zxid, written.zxid) > 0;
      }),
  },
  {
    name: 'later-epoch-commit',
    description: 'a transaction proposed after a leader change was delivered',
    reached: (previous, next) => newlyDelivered(previous, next, (txn) => txn.zxid.epoch > 1),
  },
  {
    name: 'session-expired',
    description: 'a session expired and its ephemeral znodes went with it',
    reached: (previous, next) => newlyDelivered(previous, next, (txn) => txn.body.kind === 'closeSession'),
  },
  {
    name: 'watch-fired',
    description: 'a server sent a watch event',
    reached: (previous, next) =>
      next.ghost.watchEvents.length > previous.ghost.watchEvents.length && next.ghost.watchEvents.some((event) => event.path !== ''),
  },
  {
    name: 'controller-failover',
    description: 'a second controller epoch began',
    reached: (previous, next) => next.ghost.controllers.length > 2 && previous.ghost.controllers.length <= 2,
  },
];
