/**
 * Fast leader election, simplified: a looking server votes for the best server it has heard of,
 * ordered by (current epoch, last zxid, server id), and broadcasts its vote whenever it changes;
 * once a quorum of the same round votes like it, it follows (or becomes) that leader. A looking
 * server that hears from servers already following an established leader joins that leader.
 * Votes and notifications are volatile; the round (ZooKeeper's logical clock) orders elections.
 */
import type { NodeId } from '../../core/types.ts';
import { abandonPending, peers, reportedZxid, send, withRole, type Action } from './common.ts';
import { becomeFollower, becomeLeader } from './sync.ts';
import { compareZxid, quorumSize, sameZxid, type Context, type LookingRole, type Message, type Vote, type ZabState } from './types.ts';

/** Vote order of fast leader election: higher epoch, then higher zxid, then higher server id. */
export function betterVote(candidate: Vote, current: Vote): boolean {
  if (candidate.epoch !== current.epoch) return candidate.epoch > current.epoch;
  const byZxid = compareZxid(candidate.zxid, current.zxid);
  if (byZxid !== 0) return byZxid > 0;
  return candidate.leader > current.leader;
}

export function sameVote(a: Vote, b: Vote): boolean {
  return a.leader === b.leader && a.epoch === b.epoch && sameZxid(a.zxid, b.zxid);
}

export function selfVote(context: Context, state: ZabState): Vote {
  return { leader: context.node, epoch: state.durable.currentEpoch, zxid: reportedZxid(context, state) };
}

export function lookingRole(context: Context, vote: Vote): LookingRole {
  const votes: (Vote | null)[] = Array.from({ length: context.nodeCount }, () => null);
  votes[context.node] = vote;
  return { kind: 'looking', vote, votes, established: Array.from({ length: context.nodeCount }, () => null), ticks: 0 };
}

function notification(state: ZabState, vote: Vote): Message {
  const role = state.volatile.role;
  const serverState = role.kind === 'looking' ? 'looking' : role.kind === 'following' ? 'following' : 'leading';
  return { type: 'notification', state: serverState, round: state.volatile.round, vote };
}

function broadcastVote(context: Context, state: ZabState, vote: Vote, actions: Action[]): void {
  const message = notification(state, vote);
  for (const peer of peers(context)) actions.push(send(peer, message));
}

/** Leaves whatever role the server had and starts a new election round. */
export function goLooking(context: Context, state: ZabState, why: string, actions: Action[]): ZabState {
  const abandoned = abandonPending(state, why, actions);
  const vote = selfVote(context, abandoned);
  const next: ZabState = {
    durable: abandoned.durable,
    volatile: { ...abandoned.volatile, role: lookingRole(context, vote), round: abandoned.volatile.round + 1 },
  };
  broadcastVote(context, next, vote, actions);
  return decideIfQuorum(context, next, actions);
}

/**
 * A looking server re-sends its vote on every tick, so lost notifications do not stall the
 * election; and it decides if its votes already make a quorum: a restarted server (restart emits
 * no actions, so it cannot decide there) of a one-server ensemble has only its own vote, which is a
 * quorum, and no other server will ever send one (it stayed looking for good, 2026-12-03).
 */
export function lookingTick(context: Context, state: ZabState, role: LookingRole, actions: Action[]): ZabState {
  broadcastVote(context, state, role.vote, actions);
  return decideIfQuorum(context, withRole(state, { ...role, ticks: role.ticks + 1 }), actions);
}

function decide(context: Context, state: ZabState, leader: NodeId, actions: Action[]): ZabState {
  return leader === context.node ? becomeLeader(context, state, actions) : becomeFollower(context, state, leader, actions);
}

function decideIfQuorum(context: Context, state: ZabState, actions: Action[]): ZabState {
  const role = state.volatile.role;
  if (role.kind !== 'looking') return state;
  let agreeing = 0;
  for (const vote of role.votes) if (vote && sameVote(vote, role.vote)) agreeing++;
  if (agreeing < quorumSize(context.nodeCount)) return state;
  return decide(context, state, role.vote.leader, actions);
}

/** The vote a following or leading server tells a looking one about: the leader it is with. */
function establishedVote(context: Context, state: ZabState): Vote {
  const role = state.volatile.role;
  const leader = role.kind === 'following' ? role.leader : context.node;
  return { leader, epoch: state.durable.currentEpoch, zxid: reportedZxid(context, state) };
}

export function receiveNotification(
  context: Context,
  state: ZabState,
  from: NodeId,
  message: Extract<Message, { type: 'notification' }>,
  actions: Action[],
): ZabState {
  const role = state.volatile.role;
  if (role.kind !== 'looking') {
    // Tell a looking server which leader this one is with, so it can join it.
    if (message.state === 'looking') actions.push(send(from, notification(state, establishedVote(context, state))));
    return state;
  }
  if (message.state !== 'looking') {
    const established = role.established.with(from, { leader: message.vote.leader, leading: message.state === 'leading' });
    const next = withRole(state, { ...role, established });
    const leader = message.vote.leader;
    if (!established[leader]?.leading) return next;
    let reports = 1;
    for (const report of established) if (report && report.leader === leader) reports++;
    if (reports < quorumSize(context.nodeCount)) return next;
    return decide(context, next, leader, actions);
  }
  const round = state.volatile.round;
  if (message.round < round) {
    // An older round: answer with ours so the sender catches up.
    actions.push(send(from, notification(state, role.vote)));
    return state;
  }
  let vote = role.vote;
  let votes = role.votes;
  let next = state;
  if (message.round > round) {
    const own = selfVote(context, state);
    vote = betterVote(message.vote, own) ? message.vote : own;
    votes = lookingRole(context, vote).votes;
    next = { durable: state.durable, volatile: { ...state.volatile, round: message.round } };
    broadcastVote(context, next, vote, actions);
  } else if (betterVote(message.vote, vote)) {
    vote = message.vote;
    broadcastVote(context, next, vote, actions);
  }
  const updated = votes.with(from, message.vote);
  updated[context.node] = vote;
  next = withRole(next, { ...role, vote, votes: updated });
  return decideIfQuorum(context, next, actions);
}
