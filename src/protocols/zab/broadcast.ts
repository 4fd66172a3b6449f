/**
 * The broadcast phase and the client side of the service: the leader proposes each write as a
 * transaction with the next zxid, followers log it and acknowledge once it is on disk, a quorum
 * of acknowledgements commits it, and COMMIT carries the commit point to the followers. Reads are
 * served by whichever server the client talks to, from its own (possibly stale) tree.
 */
import type { ClientRequest, NodeId } from '../../core/types.ts';
import {
  followingHeard,
  leadingWith,
  advanceCommit,
  answerSyncReads,
  localRead,
  reply,
  send,
  storedReply,
  withPending,
  withRole,
  type Action,
  type GoLooking,
} from './common.ts';
import { appendToLog } from './snapshot.ts';
import {
  compareZxid,
  controllerEpochPath,
  ephemeralPath,
  lastZxid,
  quorumSize,
  type Context,
  type FollowingRole,
  type LeadingRole,
  type Message,
  isWrite,
  type Operation,
  type PendingRequest,
  type SessionRecord,
  type Txn,
  type TxnBody,
  type TxnOperation,
  type Watch,
  type ZabState,
} from './types.ts';

/** Followers that receive proposals: all whose synchronization was sent (ZooKeeper's forwarding followers). */
function proposalTargets(context: Context, role: LeadingRole): NodeId[] {
  const ackedOnly = !context.rules.proposeToSynchronizingFollowers;
  const targets: NodeId[] = [];
  const learners = role.learners;
  for (let node = 0; node < learners.length; node++) {
    const learner = learners[node];
    if (!learner) continue;
    if (learner.stage === 'synced' || (learner.stage === 'forwarding' && !ackedOnly)) targets.push(node);
  }
  return targets;
}

/** Followers that receive COMMIT: the same set (the bug variant's set grows between PROPOSE and COMMIT). */
function commitTargets(context: Context, role: LeadingRole): NodeId[] {
  return proposalTargets(context, role);
}

function propose(context: Context, state: ZabState, role: LeadingRole, body: TxnBody, actions: Action[]): ZabState {
  const counter = role.counter + 1;
  const txn: Txn = { zxid: { epoch: role.epoch, counter }, proposer: context.node, body };
  for (const node of proposalTargets(context, role)) actions.push(send(node, { type: 'propose', txn }));
  return appendToLog(withRole(state, leadingWith(role, role.learners, role.acked, role.ticks, role.phaseTicks, role.sessionTouched, counter)), [txn]);
}

function uncommittedHas(state: ZabState, matches: (txn: Txn) => boolean): boolean {
  const log = state.volatile.log;
  for (let index = state.volatile.committedCount; index < log.length; index++) if (matches(log[index] as Txn)) return true;
  return false;
}

function closing(state: ZabState, clientId: number, incarnation: number): boolean {
  return uncommittedHas(state, (txn) => txn.body.kind === 'closeSession' && txn.body.clientId === clientId && txn.body.session === incarnation);
}

function touch(role: LeadingRole, clientId: number): LeadingRole {
  if (role.sessionTouched[clientId] === role.ticks) return role;
  // Stryker disable next-line MethodExpression: equivalent, writing the touch into the role's own array changes only states that were already stepped past (the same leader's earlier roles), which no step or property reads again
  const sessionTouched = role.sessionTouched.slice();
  sessionTouched[clientId] = role.ticks;
  return leadingWith(role, role.learners, role.acked, role.ticks, role.phaseTicks, sessionTouched);
}

/** The leader turns a client write into a proposal, once: a retried request is never proposed twice. */
function leaderSubmit(
  context: Context,
  state: ZabState,
  role: LeadingRole,
  clientId: number,
  operationId: number,
  operation: TxnOperation,
  actions: Action[],
): ZabState {
  const touched = touch(role, clientId);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: equivalent (timing only), the session was touched already: by clientRequest at the leader, or by the forwarding follower, which reports it with its next ping answer
  const current = touched === role ? state : withRole(state, touched);
  // Stryker disable next-line EqualityOperator,LogicalOperator: equivalent, an applied request proposed again applies as a no-op (applyTxn answers a duplicate or older request from the stored result and changes nothing)
  if ((state.volatile.tree.results[clientId]?.operationId ?? -1) >= operationId) return current;
  const proposed = uncommittedHas(
    state,
    // A request already in the log is not proposed again: a second copy is a second transaction, which clients and properties see.
    (txn) => txn.body.kind === 'client' && txn.body.clientId === clientId && txn.body.operationId === operationId,
  );
  if (proposed) return current;
  const session = state.volatile.tree.sessions[clientId] ?? { incarnation: 0, alive: false };
  const live = session.alive && !closing(state, clientId, session.incarnation);
  const body: TxnBody = { kind: 'client', clientId, operationId, session: live ? session.incarnation : session.incarnation + 1, operation };
  return propose(context, current, touched, body, actions);
}

function leaderSync(
  context: Context,
  state: ZabState,
  role: LeadingRole,
  from: NodeId,
  clientId: number,
  operationId: number,
  actions: Action[],
): ZabState {
  if (context.config.quorumSync) {
    if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))
      return state;
    return propose(context, state, role, { kind: 'sync', clientId, operationId }, actions);
  }
  // ZooKeeper answers a sync once the proposals outstanding when it arrived are committed, every
  // server's: a client that retried its sync at another server leaves the first one waiting for its
  // answer too (a server holds one request of a client, so one entry per server and client).
  const zxid = lastZxid(state.volatile.log);
  if (compareZxid(state.volatile.committedZxid, zxid) >= 0) {
    actions.push(send(from, { type: 'syncReply', clientId, operationId, zxid }));
    return state;
  }
  const pendingSyncs = [
    ...role.pendingSyncs.filter((sync) => sync.clientId !== clientId || sync.from !== from),
    { from, clientId, operationId, zxid },
  ];
  return withRole(state, { ...role, pendingSyncs });
}

/**
 * Installs the leader's updated `role` (its acknowledgements) and commits the highest proposal of
 * its epoch that a quorum has on disk. Before the broadcast phase the leader's log holds no
 * proposal of its epoch (it proposes only once established), so nothing commits here then.
 */
export function tryCommit(context: Context, state: ZabState, role: LeadingRole, actions: Action[]): ZabState {
  const updated = withRole(state, role);
  const log = state.volatile.log;
  const quorum = quorumSize(context.nodeCount);
  let best: Txn | null = null;
  for (let index = log.length - 1; index >= state.volatile.committedCount; index--) {
    const txn = log[index] as Txn;
    if (txn.zxid.epoch !== role.epoch) break;
    let count = 0;
    for (const acked of role.acked) if (compareZxid(acked, txn.zxid) >= 0) count++;
    if (count >= quorum) {
      best = txn;
      break;
    }
  }
  if (!best) return updated;
  for (const node of commitTargets(context, role)) actions.push(send(node, { type: 'commit', zxid: best.zxid }));
  const next = advanceCommit(context, updated, best.zxid, actions);
  if (role.pendingSyncs.length === 0) return next;
  const committed = next.volatile.committedZxid;
  const waiting = [];
  for (const sync of role.pendingSyncs) {
    if (compareZxid(committed, sync.zxid) >= 0) {
      actions.push(send(sync.from, { type: 'syncReply', clientId: sync.clientId, operationId: sync.operationId, zxid: sync.zxid }));
    } else {
      waiting.push(sync);
    }
  }
  return withRole(next, { ...role, pendingSyncs: waiting });
}

export function leaderTick(context: Context, state: ZabState, role: LeadingRole, actions: Action[], goLooking: GoLooking): ZabState {
  const ticks = role.ticks + 1;
  const ticked: LeadingRole = leadingWith(role, role.learners, role.acked, ticks, role.phaseTicks + 1, role.sessionTouched);
  const timeout = context.config.leaderTimeoutTicks;
  if (role.phase !== 'broadcast') {
    if (ticked.phaseTicks > timeout) return goLooking(context, state, 'no quorum of followers within initLimit', actions);
    return withRole(state, ticked);
  }
  let live = 1;
  for (const learner of role.learners) {
    if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;
  }
  if (live < quorumSize(context.nodeCount)) return goLooking(context, state, 'not sufficient followers synced', actions);
  for (let node = 0; node < role.learners.length; node++) {
    const learner = role.learners[node];
    if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced')) actions.push(send(node, { type: 'ping' }));
  }
  // Sessions whose clients went quiet expire: the leader proposes closing them.
  let next = withRole(state, ticked);
  const sessions = state.volatile.tree.sessions;
  for (let clientId = 0; clientId < sessions.length; clientId++) {
    const session = sessions[clientId] as SessionRecord;
    if (!session.alive) continue;
    if (ticks - (ticked.sessionTouched[clientId] ?? 0) < context.config.sessionTimeoutTicks) continue;
    if (closing(next, clientId, session.incarnation)) continue;
    const current = next.volatile.role;
    if (current.kind !== 'leading') break;
    next = propose(context, next, current, { kind: 'closeSession', clientId, session: session.incarnation }, actions);
  }
  return next;
}

/** `state` with `role` installed, copied only if it holds another one. */
function withRoleIfChanged(state: ZabState, role: LeadingRole): ZabState {
  return state.volatile.role === role ? state : withRole(state, role);
}

/**
 * Leader side of the broadcast phase. `role` is the leader's role as this message left it (the
 * learner heard from), which `state` may not hold yet: every path installs it once, so that an
 * acknowledgement costs one copy of the state rather than two.
 */
export function leaderReceiveBroadcast(
  context: Context,
  state: ZabState,
  role: LeadingRole,
  from: NodeId,
  message: Extract<Message, { type: 'ack' | 'pingAck' | 'request' | 'syncRequest' }>,
  actions: Action[],
): ZabState {
  switch (message.type) {
    case 'ack': {
      if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)
        return withRoleIfChanged(state, role);
      const acked = role.acked.with(from, message.zxid);
      return tryCommit(context, state, leadingWith(role, role.learners, acked, role.ticks, role.phaseTicks, role.sessionTouched), actions);
    }
    case 'pingAck': {
      let next = role;
      for (const clientId of message.touched) next = touch(next, clientId);
      return withRoleIfChanged(state, next);
    }
    case 'request':
      if (role.phase !== 'broadcast') return withRoleIfChanged(state, role);
      return leaderSubmit(context, withRoleIfChanged(state, role), role, message.clientId, message.operationId, message.operation, actions);
    case 'syncRequest':
      if (role.phase !== 'broadcast') return withRoleIfChanged(state, role);
      return leaderSync(context, withRoleIfChanged(state, role), role, from, message.clientId, message.operationId, actions);
  }
}

/** Follower side of the broadcast phase (PROPOSE and COMMIT also arrive while it synchronizes). */
export function followerReceiveBroadcast(
  context: Context,
  state: ZabState,
  role: FollowingRole,
  message: Extract<Message, { type: 'propose' | 'commit' | 'ping' | 'syncReply' }>,
  actions: Action[],
): ZabState {
  switch (message.type) {
    case 'propose': {
      if (role.phase === 'discovery') return state;
      const log = state.volatile.log;
      if (compareZxid(message.txn.zxid, lastZxid(log)) <= 0) return state;
      const next = appendToLog(state, [message.txn]);
      if (context.rules.acknowledgeAfterFsync) return next;
      // The bug: acknowledge before the transaction is on disk.
      // Stryker disable next-line all: only the ack-before-persist variant runs this
      actions.push(send(role.leader, { type: 'ack', zxid: message.txn.zxid }));
      // Stryker disable next-line all: only the ack-before-persist variant runs this
      return withRole(next, { ...role, ackedZxid: message.txn.zxid });
    }
    case 'commit':
      if (role.phase === 'discovery') return state;
      return advanceCommit(context, state, message.zxid, actions);
    case 'ping':
      actions.push(send(role.leader, { type: 'pingAck', touched: role.touched }));
      return role.touched.length === 0 ? state : withRole(state, { ...role, touched: [] });
    case 'syncReply': {
      const pending = state.volatile.pending.map((request) =>
        request.kind === 'syncRead' && request.clientId === message.clientId && request.operationId === message.operationId
          ? { ...request, target: message.zxid }
          : request,
      );
      return answerSyncReads(context, withPending(state, pending), actions);
    }
  }
}

function notServing(state: ZabState): string | null {
  const role = state.volatile.role;
  if (role.kind === 'looking') return 'server is looking for a leader';
  if (role.phase !== 'broadcast') return 'server is not synchronized with a leader yet';
  return null;
}

/** Resolves a write at the server the client talks to: what it reads locally becomes part of the request. */
function resolveWrite(context: Context, state: ZabState, clientId: number, operation: Operation): TxnOperation | string {
  const tree = state.volatile.tree;
  switch (operation.type) {
    case 'create':
      return { ...operation, ephemeral: operation.ephemeral ?? operation.path === ephemeralPath };
    case 'delete':
    case 'setData':
    case 'elect':
      return operation;
    case 'controllerElect': {
      const epochNode = tree.nodes.get(controllerEpochPath);
      return { type: 'controllerElect', expectedEpochVersion: epochNode ? epochNode.version : -1 };
    }
    case 'controllerAct':
      // A client never elected acts with epoch 0, which the transaction rejects when it applies.
      return {
        type: 'controllerAct',
        value: operation.value,
        believedEpoch: tree.controllerEpochs[clientId] ?? 0,
        fenced: context.rules.fenceControllerWrites,
      };
    default:
      return 'not a write';
  }
}

function addPending(state: ZabState, request: PendingRequest): ZabState {
  // Stryker disable next-line MethodExpression: equivalent, a client's older request is complete (one outstanding at a time): kept, it is answered late or never, and the simulator ignores answers to completed operations
  const pending = [...state.volatile.pending.filter((other) => other.clientId !== request.clientId), request];
  return withPending(state, pending);
}

function addWatch(state: ZabState, watch: Watch): ZabState {
  const watches = [
    ...state.volatile.watches.filter(
      (other) => !(other.clientId === watch.clientId && other.path === watch.path && other.children === watch.children),
    ),
    watch,
  ];
  return { durable: state.durable, volatile: { ...state.volatile, watches } };
}

/** A client request at this server. */
export function clientRequest(context: Context, state: ZabState, request: ClientRequest<Operation>, actions: Action[]): ZabState {
  const { clientId, operationId, operation } = request;
  const refused = notServing(state);
  if (refused !== null) {
    // A read refused here certainly did not happen. A write is dropped unanswered: this may be a
    // retry of a request another server already forwarded, so only the client's next try can tell.
    if (!isWrite(operation)) actions.push(reply(operationId, { outcome: 'fail', error: refused }));
    return state;
  }
  const role = state.volatile.role;
  if (role.kind === 'looking') return state;
  // The client's heartbeat: the leader hears of it directly or with the next ping answer.
  let current = state;
  if (role.kind === 'leading') {
    const touched = touch(role, clientId);
    if (touched !== role) current = withRole(state, touched);
  } else if (!role.touched.includes(clientId)) {
    current = withRole(state, followingHeard(role, role.ticksSinceHeard, [...role.touched, clientId]));
  }
  const currentRole = current.volatile.role;
  if (currentRole.kind === 'looking') return current;
  const epoch = currentRole.epoch;
  switch (operation.type) {
    case 'getData':
    case 'exists':
    case 'getChildren': {
      actions.push(reply(operationId, { outcome: 'ok', output: localRead(context, current, operation.type, operation.path) }));
      if (!operation.watch) return current;
      return addWatch(current, { clientId, path: operation.path, children: operation.type === 'getChildren', setAt: current.volatile.committedZxid });
    }
    case 'syncRead': {
      if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;
      if (currentRole.kind === 'leading') {
        const target = context.config.quorumSync ? null : lastZxid(current.volatile.log);
        const waiting = addPending(current, { clientId, operationId, kind: 'syncRead', path: operation.path, target, leaderEpoch: epoch });
        if (context.config.quorumSync) return leaderSync(context, waiting, currentRole, context.node, clientId, operationId, actions);
        return answerSyncReads(context, waiting, actions);
      }
      actions.push(send(currentRole.leader, { type: 'syncRequest', clientId, operationId }));
      return addPending(current, { clientId, operationId, kind: 'syncRead', path: operation.path, target: null, leaderEpoch: epoch });
    }
    default: {
      const stored = current.volatile.tree.results[clientId];
      if (stored && stored.operationId === operationId) {
        actions.push(reply(operationId, storedReply(context, current, stored.reply)));
        return current;
      }
      if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;
      const resolved = resolveWrite(context, current, clientId, operation);
      if (typeof resolved === 'string') {
        actions.push(reply(operationId, { outcome: 'fail', error: resolved }));
        return current;
      }
      const waiting = addPending(current, { clientId, operationId, kind: 'write', path: '', target: null, leaderEpoch: epoch });
      if (currentRole.kind === 'leading') return leaderSubmit(context, waiting, currentRole, clientId, operationId, resolved, actions);
      actions.push(send(currentRole.leader, { type: 'request', clientId, operationId, operation: resolved }));
      return waiting;
    }
  }
}
