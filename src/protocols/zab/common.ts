/**
 * Helpers every phase of the protocol uses: building actions, moving the commit point (which
 * applies transactions to the data tree, answers waiting clients and fires watches) and the
 * zxid a server reports about itself.
 */
import type { ClientReply, NodeAction, NodeId } from '../../core/types.ts';
import { applyTxn, read, replay } from './datatree.ts';
import { maybeStartSnapshot, volatileDraft, volatileWith } from './snapshot.ts';
import {
  compareZxid,
  zeroZxid,
  lastZxid,
  maxZxid,
  type Context,
  type Message,
  type Output,
  type PendingRequest,
  type StoredResult,
  type Role,
  type FollowingRole,
  type LeadingRole,
  type Learner,
  type Txn,
  type Volatile,
  type Watch,
  type WatchEvent,
  type ZabState,
  type Zxid,
} from './types.ts';

/**
 * Going back to leader election, handed to the synchronization and broadcast handlers by node.ts:
 * election decides and starts synchronization, so those handlers cannot import it without a cycle.
 */
export type GoLooking = (context: Context, state: ZabState, why: string, actions: Action[]) => ZabState;

export type Action = NodeAction<Message, Output>;

/** Watch events a server remembers for properties; older ones are forgotten (the count keeps going). */
export const watchEventsKept = 16;

export function send(to: NodeId, message: Message): Action {
  return { kind: 'send', to, message };
}

export function reply(operationId: number, clientReply: ClientReply<Output>): Action {
  return { kind: 'reply', operationId, reply: clientReply };
}

/**
 * The state with another role. Every update copies the volatile part field by field
 * (`volatileDraft`), never `{ ...volatile, ...patch }`: a spread with changed fields takes V8's
 * generic path, and was the model's costliest line (the role changes at nearly every step).
 */
export function withRole(state: ZabState, role: Role): ZabState {
  const volatile = volatileDraft(state.volatile);
  volatile.role = role;
  return { durable: state.durable, volatile };
}

export function withPending(state: ZabState, pending: readonly PendingRequest[]): ZabState {
  const v = state.volatile;
  return { durable: state.durable, volatile: volatileWith(v, v.log, v.pendingLogWrites, v.snapshotting, pending) };
}

export function peers(context: Context): NodeId[] {
  const result: NodeId[] = [];
  for (let node = 0; node < context.nodeCount; node++) if (node !== context.node) result.push(node);
  return result;
}

/** What a server has applied: its commit point, or after a restart the whole log it replayed. */
export function appliedZxid(volatile: Volatile): Zxid {
  return maxZxid(volatile.committedZxid, volatile.replayedZxid);
}

/**
 * The zxid a server puts in its votes and its ACKEPOCH. ZooKeeper uses the last *logged* zxid;
 * the `elect-by-applied-zxid` variant uses the last applied one (ZOOKEEPER-2845).
 */
export function reportedZxid(context: Context, state: ZabState): Zxid {
  return context.rules.electByLoggedZxid ? lastZxid(state.volatile.log) : appliedZxid(state.volatile);
}

/** The reply a server gives for a stored write result. */
export function storedReply(context: Context, state: ZabState, result: StoredResult['reply']): ClientReply<Output> {
  if (result.outcome === 'fail') return result;
  return { outcome: 'ok', output: { ...result.output, servedBy: context.node, boots: state.durable.boots } };
}

/** A local read at this server's commit point. */
export function localRead(context: Context, state: ZabState, type: 'getData' | 'exists' | 'getChildren', path: string): Output {
  return read(state.volatile.tree, type, path, {
    zxid: state.volatile.committedZxid,
    servedBy: context.node,
    boots: state.durable.boots,
  });
}

function syncReadOutput(context: Context, state: ZabState, pending: PendingRequest): Output {
  const node = state.volatile.tree.nodes.get(pending.path);
  return {
    type: 'syncRead',
    data: node ? node.data : null,
    version: node ? node.version : null,
    leaderEpoch: pending.leaderEpoch,
    zxid: state.volatile.committedZxid,
    servedBy: context.node,
    boots: state.durable.boots,
  };
}

function fireWatches(
  watches: readonly Watch[],
  changes: readonly { path: string; children: boolean }[],
  zxid: Zxid,
  fired: WatchEvent[],
): readonly Watch[] {
  if (watches.length === 0 || changes.length === 0) return watches;
  const kept: Watch[] = [];
  for (const watch of watches) {
    if (changes.some((change) => change.path === watch.path && change.children === watch.children)) {
      fired.push({ clientId: watch.clientId, path: watch.path, children: watch.children, zxid });
    } else {
      kept.push(watch);
    }
  }
  return kept;
}

/** Answers pending syncReads whose target this server has now applied. */
export function answerSyncReads(context: Context, state: ZabState, actions: Action[]): ZabState {
  const volatile = state.volatile;
  if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;
  const remaining: PendingRequest[] = [];
  for (const pending of volatile.pending) {
    if (pending.kind === 'syncRead' && pending.target !== null && compareZxid(volatile.committedZxid, pending.target) >= 0) {
      actions.push(reply(pending.operationId, { outcome: 'ok', output: syncReadOutput(context, state, pending) }));
    } else {
      remaining.push(pending);
    }
  }
  return withPending(state, remaining);
}

/** How many leading entries of `log` are at or below `zxid`. */
export function countUpTo(log: readonly Txn[], zxid: Zxid, from = 0): number {
  let count = from;
  while (count < log.length && compareZxid((log[count] as Txn).zxid, zxid) <= 0) count++;
  return count;
}

/**
 * Moves the commit point forward to `zxid`: applies the newly committed entries in log order,
 * replies to the clients waiting on them here, fires watches. A commit point never moves back.
 */
export function advanceCommit(context: Context, state: ZabState, zxid: Zxid, actions: Action[]): ZabState {
  const volatile = state.volatile;
  if (compareZxid(zxid, volatile.committedZxid) <= 0) return state;
  const committedCount = countUpTo(volatile.log, zxid, volatile.committedCount);
  let tree = volatile.tree;
  let sessionsBefore = tree.sessions;
  let pending = volatile.pending;
  let watches = volatile.watches;
  const fired: WatchEvent[] = [];
  for (let index = volatile.committedCount; index < committedCount; index++) {
    const txn = volatile.log[index] as Txn;
    sessionsBefore = tree.sessions;
    const applied = applyTxn(tree, txn);
    tree = applied.tree;
    watches = fireWatches(watches, applied.changes, txn.zxid, fired);
    if (applied.clientId === null) continue;
    const waiting = pending.find((request) => request.clientId === applied.clientId && request.operationId === applied.operationId);
    if (!waiting) continue;
    if (waiting.kind === 'write' && applied.reply) {
      pending = pending.filter((request) => request !== waiting);
      actions.push(reply(waiting.operationId, storedReply(context, state, applied.reply)));
    } else if (waiting.kind === 'syncRead' && txn.body.kind === 'sync') {
      // A quorum sync: read once everything up to the sync transaction is applied (below).
      pending = pending.map((request) => (request === waiting ? { ...request, target: txn.zxid } : request));
    }
  }
  const watchEvents = fired.length === 0 ? volatile.watchEvents : [...volatile.watchEvents, ...fired].slice(-watchEventsKept);
  const advanced = volatileDraft(volatile);
  advanced.committedZxid = zxid;
  advanced.committedCount = committedCount;
  advanced.tree = tree;
  advanced.pending = pending;
  advanced.watches = watches;
  advanced.watchEvents = watchEvents;
  advanced.watchEventCount = volatile.watchEventCount + fired.length;
  const next: ZabState = { durable: state.durable, volatile: advanced };
  return answerSyncReads(context, maybeStartSnapshot(context, next, sessionsBefore), actions);
}

/**
 * TRUNC: cuts the log on disk (synchronously, as ZooKeeper's truncateLog does) and in memory after
 * `truncateTo`, and reloads the database: the committed prefix replayed (what the latest snapshot
 * and the log give). A snapshot being written is abandoned: its file stays invalid.
 */
export function truncateDatabase(context: Context, state: ZabState, truncateTo: Zxid): ZabState {
  const volatile = state.volatile;
  const kept = volatile.log.slice(0, countUpTo(volatile.log, truncateTo));
  const onDisk = [...state.durable.log, ...volatile.pendingLogWrites].filter((txn) => compareZxid(txn.zxid, truncateTo) <= 0);
  const committedCount = countUpTo(kept, volatile.committedZxid);
  const tree = replay(context.config.clientCount, kept, committedCount);
  return {
    durable: { ...state.durable, log: onDisk },
    volatile: {
      ...volatile,
      log: kept,
      pendingLogWrites: [],
      committedCount,
      tree,
      replayedZxid: zeroZxid,
      snapshotting: { ...volatile.snapshotting, writer: null },
      // Stryker disable next-line ArithmeticOperator: equivalent, the ghost only compares treeLoads with its previous value
      treeLoads: volatile.treeLoads + 1,
    },
  };
}

/** Fails every request this server holds: writes may have happened (unknown), reads did not. */
export function abandonPending(state: ZabState, why: string, actions: Action[]): ZabState {
  const volatile = state.volatile;
  if (volatile.pending.length === 0 && volatile.watches.length === 0) return state;
  for (const pending of volatile.pending) {
    actions.push(reply(pending.operationId, pending.kind === 'write' ? { outcome: 'unknown', error: why } : { outcome: 'fail', error: why }));
  }
  // The server drops its client connections and with them their watches: each watcher gets a
  // disconnected event (path ''), as ZooKeeper's clients do.
  const clients = [...new Set(volatile.watches.map((watch) => watch.clientId))];
  if (clients.length === 0) return withPending(state, []);
  const dropped: WatchEvent[] = clients.map((clientId) => ({ clientId, path: '', children: false, zxid: volatile.committedZxid }));
  return {
    durable: state.durable,
    volatile: {
      ...volatile,
      pending: [],
      watches: [],
      watchEvents: [...volatile.watchEvents, ...dropped].slice(-watchEventsKept),
      watchEventCount: volatile.watchEventCount + dropped.length,
    },
  };
}

/** A following role written out field by field (an object spread costs 250-1,000 ns on Node 20). */
function followingWith(role: FollowingRole, ackedZxid: Zxid, ticksSinceHeard: number, touched: FollowingRole['touched']): FollowingRole {
  return {
    kind: 'following',
    leader: role.leader,
    connection: role.connection,
    phase: role.phase,
    epoch: role.epoch,
    newLeaderPending: role.newLeaderPending,
    newLeaderAcked: role.newLeaderAcked,
    unsavedSnapshot: role.unsavedSnapshot,
    ackedZxid,
    ticksSinceHeard,
    touched,
  };
}

/** The role after hearing from the leader (or a tick without it). */
export function followingHeard(role: FollowingRole, ticksSinceHeard: number, touched: FollowingRole['touched'] = role.touched): FollowingRole {
  return followingWith(role, role.ackedZxid, ticksSinceHeard, touched);
}

/** The role after acknowledging proposals up to `ackedZxid`. */
export function followingAcked(role: FollowingRole, ackedZxid: Zxid): FollowingRole {
  return followingWith(role, ackedZxid, role.ticksSinceHeard, role.touched);
}

export function leadingWith(
  role: LeadingRole,
  learners: LeadingRole['learners'],
  acked: LeadingRole['acked'],
  ticks: number,
  phaseTicks: number,
  sessionTouched: LeadingRole['sessionTouched'],
  counter: number = role.counter,
): LeadingRole {
  return {
    kind: 'leading',
    phase: role.phase,
    epoch: role.epoch,
    learners,
    acked,
    selfNewLeaderAcked: role.selfNewLeaderAcked,
    counter,
    ticks,
    phaseTicks,
    sessionTouched,
    pendingSyncs: role.pendingSyncs,
  };
}

export function learnerHeardAt(learner: Learner, lastHeardTick: number): Learner {
  return {
    stage: learner.stage,
    connection: learner.connection,
    acceptedEpoch: learner.acceptedEpoch,
    ackedEpoch: learner.ackedEpoch,
    ackedEpochCounted: learner.ackedEpochCounted,
    lastZxid: learner.lastZxid,
    syncedZxid: learner.syncedZxid,
    lastHeardTick,
  };
}
