/**
 * A ZooKeeper server: initial state, restart, crash (what the disk keeps), the disk flush, and the
 * step function that routes every input to election, discovery/synchronization or broadcast.
 *
 * The disk is the durable log and the snapshot files (snapshot.ts); the log writes not yet flushed
 * wait in memory. A tick flushes them (ZooKeeper's SyncRequestProcessor group-commits the same
 * way), then finishes the snapshot being written; acknowledgements of proposals and of NEWLEADER go
 * out only after the flush. A process crash keeps what was written (the OS has it); a power-loss
 * crash drops what was not flushed; either leaves a snapshot being written invalid.
 */
import { assertNever } from '../../core/assert.ts';
import type { NodeId, NodeInput, StepResult } from '../../core/types.ts';
import { clientRequest, followerReceiveBroadcast, leaderReceiveBroadcast, leaderTick, tryCommit } from './broadcast.ts';
import { followingAcked, followingHeard, learnerHeardAt, leadingWith, send, withRole, type Action } from './common.ts';
import { initialTree } from './datatree.ts';
import { completeSnapshot, drawSnapshotRoll, flushLog, restoreDatabase } from './snapshot.ts';
import { goLooking, lookingRole, lookingTick, receiveNotification, selfVote } from './election.ts';
import { acknowledgeNewLeader, followerReceiveHandshake, leaderProgress, leaderReceiveHandshake } from './sync.ts';
import {
  compareZxid,
  lastZxid,
  zeroZxid,
  type Context,
  type Durable,
  type FollowingRole,
  type LeadingRole,
  type Message,
  type Operation,
  type Output,
  type Role,
  type Volatile,
  type ZabState,
  type Zxid,
} from './types.ts';

/** The ensemble starts formed: the highest server id leads epoch 1 (as fast leader election would pick it) and everyone is in sync. */
export function initialLeader(nodeCount: number): NodeId {
  return nodeCount - 1;
}

/** A server's volatile state at start-up, built in one literal (a spread of it was 1 % of ZAB's time: every run starts three). */
function freshVolatile(context: Context, randomSeed: number, role: Role): Volatile {
  const { roll, random } = drawSnapshotRoll(context.config.snapshotIntervalTransactions, randomSeed);
  return {
    round: 1,
    log: [],
    pendingLogWrites: [],
    // Stryker disable next-line ObjectLiteral: equivalent, a server that never starts a snapshot restores from its whole log (never purged; a SNAP's snapshot is saved apart): snapshots only move where a restart starts replaying
    snapshotting: { logCount: 0, roll, random, writer: null },
    treeLoads: 0,
    committedZxid: zeroZxid,
    committedCount: 0,
    replayedZxid: zeroZxid,
    tree: initialTree(context.config.clientCount),
    pending: [],
    watches: [],
    watchEvents: [],
    watchEventCount: 0,
    role,
  };
}

export function initZab(context: Context, randomSeed: number): ZabState {
  const durable: Durable = { acceptedEpoch: 1, currentEpoch: 1, log: [], snapshots: [], boots: 0 };
  const leader = initialLeader(context.nodeCount);
  if (context.node === leader) {
    // Plain loops: \`Array.from\` with a mapping function was most of this function's cost (every run starts a leader).
    const learners: LeadingRole['learners'][number][] = [];
    const acked: Zxid[] = [];
    for (let node = 0; node < context.nodeCount; node++) {
      learners.push(
        node === leader
          ? null
          : {
              stage: 'synced',
              connection: 1,
              acceptedEpoch: 1,
              ackedEpoch: true,
              ackedEpochCounted: true,
              lastZxid: zeroZxid,
              syncedZxid: zeroZxid,
              lastHeardTick: 0,
            },
      );
      acked.push(zeroZxid);
    }
    const sessionTouched: number[] = [];
    for (let clientId = 0; clientId < context.config.clientCount; clientId++) sessionTouched.push(0);
    const role: LeadingRole = {
      kind: 'leading',
      phase: 'broadcast',
      epoch: 1,
      learners,
      acked,
      selfNewLeaderAcked: true,
      counter: 0,
      ticks: 0,
      phaseTicks: 0,
      sessionTouched,
      pendingSyncs: [],
    };
    return { durable, volatile: freshVolatile(context, randomSeed, role) };
  }
  const role: FollowingRole = {
    kind: 'following',
    leader,
    connection: 1,
    phase: 'broadcast',
    epoch: 1,
    // Stryker disable next-line BooleanLiteral: equivalent, at its first flush the initial follower would send an ACKNEWLEADER its leader ignores (it counts it synced already) and the same ACK it sends anyway
    newLeaderPending: false,
    newLeaderAcked: true,
    unsavedSnapshot: null,
    ackedZxid: zeroZxid,
    ticksSinceHeard: 0,
    touched: [],
  };
  return { durable, volatile: freshVolatile(context, randomSeed, role) };
}

/**
 * A restarted server loads its latest valid snapshot and replays the log after it (the snapshot's
 * part is applied, so committed; the rest counts as replayed: it is in the server's history and
 * its votes, and is applied once a leader commits it), then looks for a leader.
 */
export function restartZab(context: Context, durable: Durable, randomSeed: number): ZabState {
  const restarted: Durable = { ...durable, boots: durable.boots + 1 };
  const restored = restoreDatabase(context, durable);
  const base = freshVolatile(context, randomSeed, lookingRole(context, { leader: context.node, epoch: 0, zxid: zeroZxid }));
  const partial: ZabState = {
    durable: restarted,
    volatile: {
      ...base,
      log: restored.log,
      committedCount: restored.committedCount,
      committedZxid: restored.committedZxid,
      tree: restored.tree,
      replayedZxid: lastZxid(restored.log),
    },
  };
  return withRole(partial, lookingRole(context, selfVote(context, partial)));
}

/**
 * What survives a crash: a process crash keeps written data (the OS has it); power loss keeps only
 * what was flushed. Either way a snapshot being written stays without its end: invalid.
 */
export function crashZab(state: ZabState, loseUnflushed: boolean): Durable {
  // Stryker disable next-line all: equivalent, unflushed writes were acknowledged to no one (every acknowledgement follows the flush), so keeping or losing them at a crash breaks no promise
  if (loseUnflushed || state.volatile.pendingLogWrites.length === 0) return state.durable;
  return flushLog(state).durable;
}

/** Writes the in-memory log to disk, then sends what waited for it: NEWLEADER's and proposals' acknowledgements, the leader's own ack. */
function flush(context: Context, state: ZabState, actions: Action[]): ZabState {
  if (state.volatile.pendingLogWrites.length === 0) return state;
  let next = flushLog(state);
  const role = next.volatile.role;
  if (role.kind === 'following') {
    if (role.phase === 'discovery') return next;
    let following = role;
    if (following.newLeaderPending) {
      next = acknowledgeNewLeader(next, following, actions);
      following = next.volatile.role as FollowingRole;
    }
    // Proposals are acknowledged only once NEWLEADER is: before that the follower's current epoch
    // is still the old one, and an election would rank it below a server that lacks them (an
    // acknowledgement counted toward a quorum from such a follower can lose a delivered
    // transaction; found by `faultline hunt --strategy guided`).
    const last = lastZxid(next.volatile.log);
    const newLeaderAcknowledged = following.newLeaderAcked || !context.rules.acknowledgeProposalsAfterNewLeader;
    if (!following.newLeaderPending && newLeaderAcknowledged && last.epoch === following.epoch && compareZxid(last, following.ackedZxid) > 0) {
      actions.push(send(following.leader, { type: 'ack', zxid: last }));
      next = withRole(next, followingAcked(following, last));
    }
    return next;
  }
  if (role.kind === 'leading') {
    if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {
      return leaderProgress(context, withRole(next, { ...role, selfNewLeaderAcked: true }), actions);
    }
    const last = lastZxid(next.volatile.log);
    if (role.phase === 'broadcast' && last.epoch === role.epoch) {
      const acked = role.acked.with(context.node, last);
      return tryCommit(context, next, leadingWith(role, role.learners, acked, role.ticks, role.phaseTicks, role.sessionTouched), actions);
    }
  }
  return next;
}

function tick(context: Context, state: ZabState, actions: Action[]): ZabState {
  // The log first, then the snapshot that was being written (one started by this flush's commits
  // finishes at the next tick): every transaction in its znodes is then in the log on disk.
  // Stryker disable next-line all: equivalent, the log is never purged, so when a snapshot completes (now, a tick later, never) moves only where a restart starts replaying, not what it restores
  const writing = state.volatile.snapshotting.writer !== null;
  const logged = flush(context, state, actions);
  const flushed = writing ? completeSnapshot(logged) : logged;
  const role = flushed.volatile.role;
  switch (role.kind) {
    case 'looking':
      return lookingTick(context, flushed, role, actions);
    case 'following': {
      const ticksSinceHeard = role.ticksSinceHeard + 1;
      if (ticksSinceHeard > context.config.followerTimeoutTicks) {
        return goLooking(context, flushed, `no word from leader ${role.leader}`, actions);
      }
      return withRole(flushed, followingHeard(role, ticksSinceHeard));
    }
    case 'leading':
      return leaderTick(context, flushed, role, actions, goLooking);
    default:
      return assertNever(role, 'role');
  }
}

function receive(context: Context, state: ZabState, from: NodeId, message: Message, actions: Action[]): ZabState {
  if (message.type === 'notification') return receiveNotification(context, state, from, message, actions);
  const role = state.volatile.role;
  if (role.kind === 'following') {
    if (from !== role.leader) return state;
    const heard = role.ticksSinceHeard === 0 ? state : withRole(state, followingHeard(role, 0));
    const current = heard.volatile.role as FollowingRole;
    switch (message.type) {
      case 'leaderInfo':
      case 'sync':
      case 'newLeader':
      case 'upToDate':
        return followerReceiveHandshake(context, heard, current, message, actions, goLooking);
      case 'propose':
      case 'commit':
      case 'ping':
      case 'syncReply':
        return followerReceiveBroadcast(context, heard, current, message, actions);
      case 'followerInfo':
      case 'ackEpoch':
      case 'ackNewLeader':
      case 'ack':
      case 'pingAck':
      case 'request':
      case 'syncRequest':
        return heard;
      default:
        return assertNever(message, 'zab message');
    }
  }
  if (role.kind === 'leading') {
    const learner = role.learners[from];
    let current = role;
    if (learner && learner.lastHeardTick !== role.ticks) {
      const learners = role.learners.with(from, learnerHeardAt(learner, role.ticks));
      current = leadingWith(role, learners, role.acked, role.ticks, role.phaseTicks, role.sessionTouched);
    }
    const heard = (): ZabState => (current === role ? state : withRole(state, current));
    switch (message.type) {
      case 'followerInfo':
      case 'ackEpoch':
      case 'ackNewLeader':
        return leaderReceiveHandshake(context, heard(), current, from, message, actions, goLooking);
      case 'ack':
      case 'pingAck':
      case 'request':
      case 'syncRequest':
        if (!current.learners[from]) return heard();
        // It installs `current` itself, copying the state once.
        return leaderReceiveBroadcast(context, state, current, from, message, actions);
      case 'leaderInfo':
      case 'sync':
      case 'newLeader':
      case 'upToDate':
      case 'propose':
      case 'commit':
      case 'ping':
      case 'syncReply':
        return heard();
      default:
        return assertNever(message, 'zab message');
    }
  }
  return state;
}

function disconnect(context: Context, state: ZabState, peer: NodeId, actions: Action[]): ZabState {
  const role = state.volatile.role;
  if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);
  if (role.kind === 'leading' && role.learners[peer]) {
    const learners = role.learners.with(peer, null);
    return withRole(state, { ...role, learners });
  }
  return state;
}

export function stepZab(context: Context, state: ZabState, input: NodeInput<Message, Operation>): StepResult<ZabState, Message, Output> {
  const actions: Action[] = [];
  let next: ZabState;
  switch (input.kind) {
    case 'tick':
      next = tick(context, state, actions);
      break;
    case 'receive':
      next = receive(context, state, input.from, input.message, actions);
      break;
    case 'client':
      next = clientRequest(context, state, input.request, actions);
      break;
    case 'disconnect':
      next = disconnect(context, state, input.peer, actions);
      break;
    default:
      return assertNever(input, 'node input');
  }
  return { state: next, actions };
}
