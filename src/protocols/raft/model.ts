/**
 * Raft (Ongaro & Ousterhout, 2014) as a pure state machine in the style of etcd-io/raft: a node
 * steps on ticks, messages and client requests and returns its new state and the messages to
 * send. Nothing here performs I/O; the simulator delivers, drops, duplicates and reorders.
 *
 * Modelled: leader election with randomized timeouts (drawn from a seed carried in the node's
 * state), RequestVote with the log up-to-date check, optional PreVote and CheckQuorum; log
 * replication with the AppendEntries consistency check, conflict truncation, nextIndex and
 * matchIndex, a bounded number of entries per message, heartbeats; the commit rule that only
 * counts replicas for entries of the leader's own term; a no-op entry at the start of every
 * term; a key-value store applied from the log, with client de-duplication; reads through the
 * log or by ReadIndex.
 *
 * Pipelined replication as etcd-raft's `tracker.Progress` does it (`pipelining`): per follower a
 * probe state (one AppendEntries at a time until a match is found), a replicate state (up to
 * `maxInflightMessages` in flight, `next` advanced on send, back to probe on a rejection) and a
 * snapshot state (an InstallSnapshot in flight). Log compaction (`snapshotIntervalEntries`): a
 * node snapshots its applied key-value store and drops the log prefix it covers; a leader sends
 * its snapshot to a follower that needs a compacted entry, and the follower installs it.
 *
 * Durable and volatile: `durable` is what survives a crash (term, vote, the log after the
 * snapshot, the snapshot file); `volatile` is rebuilt on restart from the snapshot. Every write to
 * the durable state is flushed before the step's messages leave (one fsync per step), the snapshot
 * file before the log truncation that relies on it, so a power loss loses nothing that a process
 * crash would keep (variant `snapshot-not-flushed` breaks that order).
 *
 * Membership changes (`membershipChanges`): single-server changes as log entries in effect once
 * appended (thesis §4.1), with the leader's own-term commit first (Ongaro, raft-dev 2015), one
 * change at a time, new servers as learners until they catch up.
 *
 * Simplified: no joint consensus, no leadership transfer, snapshots travel in one message.
 */
import { assertNever } from '../../core/assert.ts';
import { drawInteger } from '../../core/random.ts';
import type { ClientReply, ClientRequest, NodeAction, NodeContext, NodeId, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import {
  applyClientCommand,
  isMembershipOperation,
  readValue,
  type MembershipOperation,
  type Operation,
  type Output,
  type StateMachine,
} from './kv.ts';
import { emptySnapshot, type LogEntry, type Membership, type Message, type Snapshot } from './messages.ts';

export interface RaftConfig {
  /** Voting members of the cluster (3 to 7). */
  readonly nodeCount: number;
  readonly clientCount: number;
  /** A follower that hears nothing from a leader for a random number of ticks in [min, max] starts an election. */
  readonly electionTimeoutTicksMin: number;
  readonly electionTimeoutTicksMax: number;
  /** A leader sends AppendEntries (heartbeats) to every follower this often. */
  readonly heartbeatIntervalTicks: number;
  /** Entries one AppendEntries carries at most (etcd's MaxSizePerMsg, counted in entries). */
  readonly entriesPerAppendMax: number;
  /** `log`: reads are log entries like writes. `read-index`: the leader confirms it still leads with a heartbeat round, then reads locally. */
  readonly readMode: 'log' | 'read-index';
  /** A would-be candidate first asks whether it could win, without raising anyone's term (thesis §9.6). */
  readonly preVote: boolean;
  /** A leader that has not heard from a majority within an election timeout steps down; followers ignore candidates while they hear from a leader. */
  readonly checkQuorum: boolean;
  /** etcd-raft's flow control: probe, then send optimistically up to `maxInflightMessages` AppendEntries per follower. Off: the paper's replication (send on every heartbeat and proposal, move nextIndex on answers only). */
  readonly pipelining: boolean;
  /** With `pipelining`, AppendEntries in flight to one follower at most (etcd's MaxInflightMsgs). */
  readonly maxInflightMessages: number;
  /** A node snapshots its applied state and drops the log prefix once this many applied entries are not in its snapshot; 0 never. */
  readonly snapshotIntervalEntries: number;
  /** Clients may add and remove servers (single-server changes, thesis §4.1); the last node starts outside the cluster. */
  readonly membershipChanges: boolean;
}

export const defaultRaftConfig: RaftConfig = {
  nodeCount: 3,
  clientCount: 3,
  electionTimeoutTicksMin: 3,
  electionTimeoutTicksMax: 6,
  heartbeatIntervalTicks: 2,
  entriesPerAppendMax: 4,
  readMode: 'log',
  preVote: false,
  checkQuorum: false,
  pipelining: true,
  maxInflightMessages: 3,
  snapshotIntervalEntries: 4,
  membershipChanges: false,
};

/** What Raft persists before answering any RPC or sending any message that depends on it. */
export interface RaftDurable {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  /** The log's entries after `logStart` (the entry at index `logStart.index + 1` first). */
  readonly log: readonly LogEntry[];
  /** The WAL's snapshot record: index and term of the last entry compacted away (0 and 0 before any snapshot). */
  readonly logStart: { readonly index: number; readonly term: number };
  /** The snapshot file: the key-value store as applied through `snapshot.index`. */
  readonly snapshot: Snapshot;
  /**
   * The snapshot file still on stable storage while a newer one is written but not yet flushed
   * (only variant `snapshot-not-flushed` writes one unflushed); a power loss brings it back. Null
   * once flushed (at the node's next tick).
   */
  readonly unflushedSnapshotPrevious: Snapshot | null;
}

/** Index of the last log entry (the snapshot's when the log is empty). */
export function lastIndex(durable: RaftDurable): number {
  return durable.logStart.index + durable.log.length;
}

/** The entry at `index`, or undefined when it is compacted away or beyond the log. */
export function entryAt(durable: RaftDurable, index: number): LogEntry | undefined {
  return index > durable.logStart.index ? durable.log[index - durable.logStart.index - 1] : undefined;
}

/** The term of the entry at `index`; 0 for index 0; -1 when unknown (compacted or beyond the log). */
export function termAt(durable: RaftDurable, index: number): number {
  if (index === durable.logStart.index) return durable.logStart.term;
  if (index === 0) return 0;
  return entryAt(durable, index)?.term ?? -1;
}

export function lastLogTerm(durable: RaftDurable): number {
  return termAt(durable, lastIndex(durable));
}

export interface FollowerRole {
  readonly kind: 'follower';
  /** The leader of the current term, once heard from (used to forward client requests). */
  readonly leader: NodeId | null;
}

export interface CandidateRole {
  readonly kind: 'candidate' | 'pre-candidate';
  /** Who granted a vote (a set: a duplicated response does not count twice), including the candidate itself. */
  readonly votes: readonly NodeId[];
}

/** A client request the leader appended and answers once it applies the entry. */
export interface WaitingRequest {
  readonly clientId: number;
  readonly operationId: number;
}

/** A ReadIndex read: answered once a majority confirmed round `round` and the leader applied up to `readIndex`. */
export interface PendingRead {
  readonly clientId: number;
  readonly operationId: number;
  readonly key: string;
  readonly readIndex: number;
  readonly round: number;
}

/**
 * etcd-raft's `Progress` state of one follower: `probe` sends one AppendEntries and waits (until
 * the next heartbeat) for the answer; `replicate` streams entries, advancing nextIndex on send;
 * `snapshot` waits for an InstallSnapshot to be acknowledged.
 */
export interface FollowerProgress {
  readonly state: 'probe' | 'replicate' | 'snapshot';
  /** probe: an AppendEntries was sent since the last heartbeat (etcd's MsgAppFlowPaused). */
  readonly probeSent: boolean;
  /** replicate: the last index of each AppendEntries in flight, oldest first (etcd's Inflights). */
  readonly inflight: readonly number[];
  /** snapshot: the index of the snapshot sent. */
  readonly pendingSnapshot: number;
}

export interface LeaderRole {
  readonly kind: 'leader';
  readonly nextIndex: readonly number[];
  readonly matchIndex: readonly number[];
  /** Per node, its flow-control state (used with `pipelining`; every follower stays in probe otherwise). */
  readonly progress: readonly FollowerProgress[];
  /** At most one per client: a client has one operation outstanding. */
  readonly waiting: readonly WaitingRequest[];
  readonly pendingReads: readonly PendingRead[];
  /** The latest ReadIndex round started; every AppendEntries carries it. */
  readonly readRound: number;
  /** Per node, the highest read round it acknowledged in this term (the leader's own entry is `readRound`). */
  readonly ackedReadRound: readonly number[];
  /** CheckQuorum: who answered since the last check. */
  readonly recentlyActive: readonly boolean[];
}

export type Role = FollowerRole | CandidateRole | LeaderRole;

export interface RaftVolatile {
  readonly role: Role;
  readonly commitIndex: number;
  readonly lastApplied: number;
  /** Rebuilt after a restart by re-applying the log as the commit index is learnt again. */
  readonly machine: StateMachine;
  readonly electionElapsed: number;
  /** This node's current randomized election timeout, in ticks. */
  readonly electionTimeout: number;
  readonly heartbeatElapsed: number;
  /** The node's pseudo-random generator state (src/core/random.ts). */
  readonly randomSeed: number;
}

export type RaftState = NodeState<RaftDurable, RaftVolatile>;

/** Raft's variants: the correct protocol and the known bugs (see index.ts). */
export type RaftVariant =
  | 'correct'
  | 'commit-old-term'
  | 'vote-without-log-check'
  | 'volatile-vote'
  | 'vote-count-not-set'
  | 'stale-leader-read'
  | 'no-truncate-on-conflict'
  | 'truncate-on-stale-append'
  | 'full-window-stalls'
  | 'snapshot-discards-log-suffix'
  | 'snapshot-not-flushed'
  | 'config-change-before-term-commit'
  | 'concurrent-config-changes';

/** The rules of Raft that a variant may break, each named for what the correct protocol does. */
export interface RaftRules {
  /** currentTerm and votedFor survive a crash (Figure 2: "updated on stable storage before responding to RPCs"). */
  readonly persistTermAndVote: boolean;
  /** A vote is granted only to a candidate whose log is at least as up to date (§5.4.1). */
  readonly voteRequiresUpToDateLog: boolean;
  /** A candidate keeps the set of voters, so a duplicated response counts once. */
  readonly countVotersOnce: boolean;
  /** A follower deletes an entry that conflicts with the leader's, and all that follow it (§5.3). */
  readonly truncateConflictingEntries: boolean;
  /** A leader commits by counting replicas only entries of its own term (§5.4.2, Figure 8). */
  readonly commitOnlyCurrentTermByCounting: boolean;
  /** A leader confirms it still leads (through the log or ReadIndex) before answering a read. */
  readonly confirmLeadershipBeforeRead: boolean;
  /**
   * A follower truncates its log only at a real conflict; entries after the ones a request carries
   * stay, since the request may be an old one overtaken by later ones (§5.3, receiver rule 3).
   */
  readonly truncateOnlyOnConflict: boolean;
  /** A heartbeat answer frees a slot of a full inflight window, so a window whose messages were all lost drains (etcd-raft's FreeFirstOne; etcd-io/raft#52). */
  readonly heartbeatFreesFullWindow: boolean;
  /**
   * A follower ignores a snapshot it has already committed past, and keeps the entries after a
   * snapshot its log already holds (§7: "entries following the snapshot are still valid and must be retained").
   */
  readonly snapshotKeepsLogSuffix: boolean;
  /** The snapshot file is flushed before the log truncation that relies on it is written (etcd-io/etcd#12691). */
  readonly flushSnapshotBeforeTruncating: boolean;
  /** A leader changes the configuration only after committing an entry of its own term (Ongaro, raft-dev, 2015: the fix to single-server changes). */
  readonly commitOwnTermBeforeConfigChange: boolean;
  /** A leader starts a configuration change only once the previous one is committed (thesis §4.1). */
  readonly oneConfigChangeAtATime: boolean;
}

export const correctRaftRules: RaftRules = {
  persistTermAndVote: true,
  voteRequiresUpToDateLog: true,
  countVotersOnce: true,
  truncateConflictingEntries: true,
  commitOnlyCurrentTermByCounting: true,
  confirmLeadershipBeforeRead: true,
  truncateOnlyOnConflict: true,
  heartbeatFreesFullWindow: true,
  snapshotKeepsLogSuffix: true,
  flushSnapshotBeforeTruncating: true,
  commitOwnTermBeforeConfigChange: true,
  oneConfigChangeAtATime: true,
};

type Context = NodeContext<RaftConfig, RaftRules>;
type Action = NodeAction<Message, Output>;
type Result = StepResult<RaftState, Message, Output>;

export function majority(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

// ---------------------------------------------------------------------------------------------
// Membership (only with the membershipChanges setting; otherwise every node votes, always)

/** The configuration before any change: every node but the last, a spare server clients may add. */
export function initialMembership(nodeCount: number): Membership {
  return { voters: Array.from({ length: nodeCount - 1 }, (_, node) => node), learners: [] };
}

/** The configuration in effect at `index` of a log: the latest config entry through it, else the snapshot's, else the initial one. */
export function membershipAt(nodeCount: number, durable: RaftDurable, index: number): Membership {
  for (let at = Math.min(index, lastIndex(durable)); at > durable.logStart.index; at--) {
    const command = (entryAt(durable, at) as LogEntry).command;
    if (command.type === 'config') return command.membership;
  }
  return durable.snapshot.membership ?? initialMembership(nodeCount);
}

/** The configuration a node acts on: the latest in its log, committed or not (thesis §4.1); null without membership changes (everyone votes). */
function membershipOf(context: Context, durable: RaftDurable): Membership | null {
  return context.config.membershipChanges ? membershipAt(context.nodeCount, durable, lastIndex(durable)) : null;
}

/** Whether the nodes for which `counts` holds are a majority of the voters. */
function quorum(context: Context, durable: RaftDurable, counts: (node: NodeId) => boolean): boolean {
  const membership = membershipOf(context, durable);
  let count = 0;
  if (membership === null) {
    for (let node = 0; node < context.nodeCount; node++) if (counts(node)) count++;
    return count >= majority(context.nodeCount);
  }
  for (const node of membership.voters) if (counts(node)) count++;
  return count >= majority(membership.voters.length);
}

/** Whether a leader replicates to `node`: everyone without membership changes, else the voters and learners. */
function isMember(membership: Membership | null, node: NodeId): boolean {
  return membership === null || membership.voters.includes(node) || membership.learners.includes(node);
}

/** The index of the latest configuration entry in the log, 0 when there is none after the snapshot. */
function lastConfigIndex(durable: RaftDurable): number {
  for (let at = lastIndex(durable); at > durable.logStart.index; at--) {
    if ((entryAt(durable, at) as LogEntry).command.type === 'config') return at;
  }
  return 0;
}

/** Why the leader cannot start a configuration change now, or null. */
function configChangeRefused(context: Context, state: RaftState): string | null {
  const { durable, volatile } = state;
  if (context.rules.commitOwnTermBeforeConfigChange && termAt(durable, volatile.commitIndex) !== durable.currentTerm) {
    return 'leader has not committed an entry of its term yet';
  }
  if (context.rules.oneConfigChangeAtATime && lastConfigIndex(durable) > volatile.commitIndex) return 'a configuration change is in progress';
  return null;
}

/** The configuration after `operation`, or null when it changes nothing (the server is already in, or already out). */
function changedMembership(membership: Membership, operation: MembershipOperation): Membership | null {
  const member = membership.voters.includes(operation.node) || membership.learners.includes(operation.node);
  if (operation.type === 'add-server') {
    // A new server joins as a learner and votes once it has caught up (thesis §4.2.1).
    return member ? null : { voters: membership.voters, learners: [...membership.learners, operation.node] };
  }
  if (!member) return null;
  return {
    voters: membership.voters.filter((node) => node !== operation.node),
    learners: membership.learners.filter((node) => node !== operation.node),
  };
}

/** Appends a configuration entry and sends it; `clientId` -1 for the leader's own promotion of a learner. */
function appendConfig(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  membership: Membership,
  clientId: number,
  operationId: number,
  out: Outbox,
): RaftState {
  const entry: LogEntry = { term: state.durable.currentTerm, command: { type: 'config', membership, clientId, operationId } };
  const durable = { ...state.durable, log: [...state.durable.log, entry] };
  const waiting = clientId < 0 ? role.waiting : [...role.waiting.filter((other) => other.clientId !== clientId), { clientId, operationId }];
  const nextRole: LeaderRole = { ...role, waiting, matchIndex: role.matchIndex.with(context.node, lastIndex(durable)) };
  return broadcastAppend(context, { durable, volatile: { ...state.volatile, role: nextRole } }, nextRole, out);
}

function proposeMembership(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  request: ClientRequest<Operation>,
  operation: MembershipOperation,
  out: Outbox,
): RaftState {
  const durable = state.durable;
  for (let index = state.volatile.lastApplied + 1; index <= lastIndex(durable); index++) {
    const command = entryAt(durable, index)?.command;
    if (command?.type === 'config' && command.clientId === request.clientId && command.operationId === request.operationId) return state;
  }
  const refused = configChangeRefused(context, state);
  if (refused !== null) {
    out.reply(request.operationId, { outcome: 'fail', error: refused });
    return state;
  }
  const membership = changedMembership(membershipAt(context.nodeCount, durable, lastIndex(durable)), operation);
  if (membership === null) {
    out.reply(request.operationId, { outcome: 'ok', output: { type: 'membership' } });
    return state;
  }
  if (membership.voters.length === 0) {
    out.reply(request.operationId, { outcome: 'fail', error: 'cannot remove the last voter' });
    return state;
  }
  return appendConfig(context, state, role, membership, request.clientId, request.operationId, out);
}

/** A learner whose log reaches the leader's commit index votes from now on: the leader promotes it. */
function promoteCaughtUpLearner(context: Context, state: RaftState, from: NodeId, out: Outbox): RaftState {
  const role = state.volatile.role;
  if (!context.config.membershipChanges || role.kind !== 'leader') return state;
  const membership = membershipAt(context.nodeCount, state.durable, lastIndex(state.durable));
  if (!membership.learners.includes(from) || (role.matchIndex[from] ?? 0) < state.volatile.commitIndex) return state;
  if (configChangeRefused(context, state) !== null) return state;
  const promoted: Membership = { voters: [...membership.voters, from], learners: membership.learners.filter((node) => node !== from) };
  return appendConfig(context, state, role, promoted, -1, 0, out);
}

/** A leader that committed its own removal steps down (thesis §4.2.2). */
function stepDownIfRemoved(context: Context, state: RaftState): RaftState {
  if (!context.config.membershipChanges || state.volatile.role.kind !== 'leader') return state;
  const membership = membershipAt(context.nodeCount, state.durable, lastIndex(state.durable));
  if (membership.voters.includes(context.node) || lastConfigIndex(state.durable) > state.volatile.commitIndex) return state;
  return becomeFollower(context, state, state.durable.currentTerm, null);
}

function drawTimeout(config: RaftConfig, seed: number): { electionTimeout: number; randomSeed: number } {
  const draw = drawInteger(seed, config.electionTimeoutTicksMin, config.electionTimeoutTicksMax);
  return { electionTimeout: draw.value, randomSeed: draw.next };
}

function freshVolatile(config: RaftConfig, randomSeed: number, snapshot: Snapshot): RaftVolatile {
  return {
    role: { kind: 'follower', leader: null },
    commitIndex: snapshot.index,
    lastApplied: snapshot.index,
    machine: snapshot.machine,
    electionElapsed: 0,
    heartbeatElapsed: 0,
    ...drawTimeout(config, randomSeed),
  };
}

export function initRaft(context: Context, randomSeed: number): RaftState {
  const durable: RaftDurable = {
    currentTerm: 0,
    votedFor: null,
    log: [],
    logStart: { index: 0, term: 0 },
    snapshot: emptySnapshot,
    unflushedSnapshotPrevious: null,
  };
  return { durable, volatile: freshVolatile(context.config, randomSeed, emptySnapshot) };
}

/**
 * A restarted node is a follower that knows nothing but its durable state: it loads its snapshot
 * file and re-applies the log after it as it learns the commit index again.
 */
export function restartRaft(context: Context, durable: RaftDurable, randomSeed: number): RaftState {
  return { durable, volatile: freshVolatile(context.config, randomSeed, durable.snapshot) };
}

/**
 * Everything durable is flushed before the step that changed it emits anything, so a crash keeps
 * it all. Variant `volatile-vote` keeps only the log: the term restarts from the last entry's term
 * and the vote is forgotten. Variant `snapshot-not-flushed` may hold a snapshot file written but
 * not flushed: a power loss brings back the previous one, while the log stays truncated.
 */
export function crashRaft(context: Context, state: RaftState, options: { readonly loseUnflushed: boolean }): RaftDurable {
  let durable = state.durable;
  if (options.loseUnflushed && durable.unflushedSnapshotPrevious !== null) {
    durable = { ...durable, snapshot: durable.unflushedSnapshotPrevious, unflushedSnapshotPrevious: null };
  }
  if (context.rules.persistTermAndVote) return durable;
  return { ...durable, currentTerm: lastLogTerm(durable), votedFor: null };
}

/** Carries the actions of one step; created fresh in `stepRaft`, never shared. */
class Outbox {
  readonly actions: Action[] = [];
  send(to: NodeId, message: Message): void {
    this.actions.push({ kind: 'send', to, message });
  }
  reply(operationId: number, reply: ClientReply<Output>): void {
    this.actions.push({ kind: 'reply', operationId, reply });
  }
}

export function stepRaft(context: Context, state: RaftState, input: NodeInput<Message, Operation>): Result {
  const out = new Outbox();
  let next: RaftState;
  switch (input.kind) {
    case 'tick':
      next = tick(context, state, out);
      break;
    case 'receive':
      next = receive(context, state, input.from, input.message, out);
      break;
    case 'client':
      next = clientRequest(context, state, input.request, out);
      break;
    case 'disconnect':
      next = state;
      break;
    default:
      return assertNever(input, 'node input');
  }
  return { state: next, actions: out.actions };
}

function withVolatile(state: RaftState, volatile: RaftVolatile): RaftState {
  return { durable: state.durable, volatile };
}

// ---------------------------------------------------------------------------------------------
// Time

function tick(context: Context, state: RaftState, out: Outbox): RaftState {
  // The operating system writes back a snapshot file left unflushed by the step that wrote it.
  const current =
    state.durable.unflushedSnapshotPrevious === null ? state : { ...state, durable: { ...state.durable, unflushedSnapshotPrevious: null } };
  const volatile = current.volatile;
  if (volatile.role.kind === 'leader') return tickLeader(context, current, volatile.role, out);
  const electionElapsed = volatile.electionElapsed + 1;
  if (electionElapsed < volatile.electionTimeout) return withVolatile(current, { ...volatile, electionElapsed });
  // Only a voter stands for election: of its latest configuration, or of the committed one while
  // a change is pending (thesis §4.2.2: a leader that removed itself may still be needed).
  const membership = membershipOf(context, current.durable);
  if (membership !== null && !membership.voters.includes(context.node)) {
    const committed = membershipAt(context.nodeCount, current.durable, volatile.commitIndex);
    if (!committed.voters.includes(context.node)) return withVolatile(current, { ...volatile, electionElapsed: 0 });
  }
  return campaign(context, current, context.config.preVote ? 'pre-candidate' : 'candidate', out);
}

function tickLeader(context: Context, state: RaftState, role: LeaderRole, out: Outbox): RaftState {
  const { config } = context;
  const volatile = state.volatile;
  let electionElapsed = volatile.electionElapsed;
  let nextRole = role;
  if (config.checkQuorum) {
    electionElapsed++;
    if (electionElapsed >= config.electionTimeoutTicksMin) {
      const active = quorum(context, state.durable, (node) => node === context.node || role.recentlyActive[node] === true);
      if (!active) {
        // Cut off from a majority: stop acting as leader, so clients go elsewhere.
        return becomeFollower(context, state, state.durable.currentTerm, null);
      }
      electionElapsed = 0;
      nextRole = { ...role, recentlyActive: role.recentlyActive.map(() => false) };
    }
  }
  const heartbeatElapsed = volatile.heartbeatElapsed + 1;
  if (heartbeatElapsed < config.heartbeatIntervalTicks) {
    return withVolatile(state, { ...volatile, role: nextRole, electionElapsed, heartbeatElapsed });
  }
  return broadcastHeartbeat(context, withVolatile(state, { ...volatile, role: nextRole, electionElapsed, heartbeatElapsed: 0 }), nextRole, out);
}

// ---------------------------------------------------------------------------------------------
// Elections

function resetTimer(context: Context, volatile: RaftVolatile): RaftVolatile {
  return { ...volatile, electionElapsed: 0, heartbeatElapsed: 0, ...drawTimeout(context.config, volatile.randomSeed) };
}

function campaign(context: Context, state: RaftState, kind: 'candidate' | 'pre-candidate', out: Outbox): RaftState {
  const durable = kind === 'candidate' ? { ...state.durable, currentTerm: state.durable.currentTerm + 1, votedFor: context.node } : state.durable;
  const volatile = { ...resetTimer(context, state.volatile), role: { kind, votes: [context.node] } };
  const message: Message = {
    type: 'request-vote',
    term: kind === 'candidate' ? durable.currentTerm : durable.currentTerm + 1,
    lastLogIndex: lastIndex(durable),
    lastLogTerm: lastLogTerm(durable),
    preVote: kind === 'pre-candidate',
  };
  for (let node = 0; node < context.nodeCount; node++) if (node !== context.node) out.send(node, message);
  return { durable, volatile };
}

/** A follower the leader knows nothing about yet, or lost track of: probe it. */
const probing: FollowerProgress = { state: 'probe', probeSent: false, inflight: [], pendingSnapshot: 0 };

function becomeFollower(context: Context, state: RaftState, term: number, leader: NodeId | null): RaftState {
  const durable = term > state.durable.currentTerm ? { ...state.durable, currentTerm: term, votedFor: null } : state.durable;
  return { durable, volatile: { ...resetTimer(context, state.volatile), role: { kind: 'follower', leader } } };
}

function becomeLeader(context: Context, state: RaftState, out: Outbox): RaftState {
  const { nodeCount } = context;
  const term = state.durable.currentTerm;
  // A no-op of its own term lets the new leader commit (and so learn the commit index) at once.
  const log = [...state.durable.log, { term, command: { type: 'noop' } } satisfies LogEntry];
  const previousLast = lastIndex(state.durable);
  const role: LeaderRole = {
    kind: 'leader',
    nextIndex: Array.from({ length: nodeCount }, () => previousLast + 1),
    matchIndex: Array.from({ length: nodeCount }, (_, node) => (node === context.node ? previousLast + 1 : 0)),
    progress: Array.from({ length: nodeCount }, () => probing),
    waiting: [],
    pendingReads: [],
    readRound: 0,
    ackedReadRound: Array.from({ length: nodeCount }, () => 0),
    recentlyActive: Array.from({ length: nodeCount }, () => false),
  };
  const next: RaftState = {
    durable: { ...state.durable, log },
    volatile: { ...state.volatile, role, electionElapsed: 0, heartbeatElapsed: 0 },
  };
  return broadcastAppend(context, next, role, out);
}

function isUpToDate(candidateLastTerm: number, candidateLastIndex: number, durable: RaftDurable): boolean {
  const ownLastTerm = lastLogTerm(durable);
  return candidateLastTerm > ownLastTerm || (candidateLastTerm === ownLastTerm && candidateLastIndex >= lastIndex(durable));
}

/**
 * CheckQuorum's lease: while a node hears from a leader, it ignores candidates from higher terms.
 * With membership changes it always applies (thesis §4.2.3): a removed server that never learnt of
 * its removal keeps standing for election and would otherwise depose every leader.
 */
function inLease(context: Context, state: RaftState): boolean {
  if (!context.config.checkQuorum && !context.config.membershipChanges) return false;
  const role = state.volatile.role;
  const hasLeader = role.kind === 'leader' || (role.kind === 'follower' && role.leader !== null);
  return hasLeader && state.volatile.electionElapsed < context.config.electionTimeoutTicksMin;
}

// ---------------------------------------------------------------------------------------------
// Messages

function receive(context: Context, state: RaftState, from: NodeId, message: Message, out: Outbox): RaftState {
  if (message.type === 'forward') {
    // Only the leader serves a forwarded request; anyone else drops it and the client retries.
    if (state.volatile.role.kind !== 'leader') return state;
    return clientRequest(context, state, message.request, out);
  }
  let current = state;
  const term = state.durable.currentTerm;
  if (message.term > term) {
    if (message.type === 'request-vote') {
      if (inLease(context, state)) return state;
      if (message.preVote) return answerPreVote(context, state, from, message, out);
      current = becomeFollower(context, state, message.term, null);
    } else if (message.type === 'request-vote-response' && message.preVote && message.granted) {
      // A granted PreVote names the term the pre-candidate asked about; nobody is in it yet.
    } else {
      const fromLeader = message.type === 'append-entries' || message.type === 'install-snapshot';
      current = becomeFollower(context, state, message.term, fromLeader ? from : null);
    }
  } else if (message.term < term) {
    // Tell a stale leader or candidate about the newer term; ignore stale responses.
    if (message.type === 'append-entries' || message.type === 'install-snapshot') {
      out.send(from, {
        type: 'append-entries-response',
        term,
        success: false,
        matchIndex: 0,
        rejectedIndex: message.type === 'append-entries' ? message.prevLogIndex : message.snapshot.index,
        lastLogIndex: lastIndex(state.durable),
        readRound: 0,
      });
    } else if (message.type === 'request-vote') {
      out.send(from, { type: 'request-vote-response', term, granted: false, preVote: message.preVote });
    }
    return state;
  }

  switch (message.type) {
    case 'request-vote':
      if (message.preVote) return answerPreVote(context, current, from, message, out);
      return answerVote(context, current, from, message, out);
    case 'request-vote-response':
      return countVote(context, current, from, message, out);
    case 'append-entries':
      return appendEntries(context, current, from, message, out);
    case 'install-snapshot':
      return installSnapshot(context, current, from, message, out);
    case 'append-entries-response': {
      const role = current.volatile.role;
      if (role.kind !== 'leader') return current;
      return appendEntriesResponse(context, current, role, from, message, out);
    }
    default:
      return assertNever(message, 'raft message');
  }
}

type VoteRequest = Extract<Message, { type: 'request-vote' }>;

function logCheckPasses(context: Context, state: RaftState, request: VoteRequest): boolean {
  if (!context.rules.voteRequiresUpToDateLog) return true;
  return isUpToDate(request.lastLogTerm, request.lastLogIndex, state.durable);
}

function answerVote(context: Context, state: RaftState, from: NodeId, request: VoteRequest, out: Outbox): RaftState {
  const { currentTerm, votedFor } = state.durable;
  const granted = (votedFor === null || votedFor === from) && logCheckPasses(context, state, request);
  out.send(from, { type: 'request-vote-response', term: currentTerm, granted, preVote: false });
  if (!granted) return state;
  // The vote is durable before the response leaves (both are in this step's result).
  return {
    durable: votedFor === from ? state.durable : { ...state.durable, votedFor: from },
    volatile: { ...state.volatile, electionElapsed: 0 },
  };
}

function answerPreVote(context: Context, state: RaftState, from: NodeId, request: VoteRequest, out: Outbox): RaftState {
  const granted = request.term > state.durable.currentTerm && logCheckPasses(context, state, request);
  out.send(from, {
    type: 'request-vote-response',
    term: granted ? request.term : state.durable.currentTerm,
    granted,
    preVote: true,
  });
  return state;
}

function countVote(
  context: Context,
  state: RaftState,
  from: NodeId,
  response: Extract<Message, { type: 'request-vote-response' }>,
  out: Outbox,
): RaftState {
  const role = state.volatile.role;
  if (!response.granted) return state;
  const expectedKind = response.preVote ? 'pre-candidate' : 'candidate';
  const expectedTerm = state.durable.currentTerm + (response.preVote ? 1 : 0);
  if (role.kind !== expectedKind || response.term !== expectedTerm) return state;
  // Without the set of voters (variant vote-count-not-set), a duplicated response counts twice.
  if (context.rules.countVotersOnce && role.votes.includes(from)) return state;
  const votes = [...role.votes, from];
  const next = withVolatile(state, { ...state.volatile, role: { kind: role.kind, votes } });
  const won = context.config.membershipChanges
    ? quorum(context, state.durable, (node) => votes.includes(node))
    : votes.length >= majority(context.nodeCount);
  if (!won) return next;
  return role.kind === 'pre-candidate' ? campaign(context, next, 'candidate', out) : becomeLeader(context, next, out);
}

type AppendRequest = Extract<Message, { type: 'append-entries' }>;

/**
 * Merges the leader's entries after `prevLogIndex` (at or after the log's start). Correct Raft
 * deletes a conflicting entry and everything after it, then appends, and keeps what follows the
 * request's entries when nothing conflicts (an older request overtaken by newer ones must not cut
 * the log short). Variant `no-truncate-on-conflict` keeps whatever it already holds at those
 * indexes, conflicting or not, and only appends what lies beyond its log; variant
 * `truncate-on-stale-append` replaces everything after `prevLogIndex` with the request's entries.
 */
function mergeEntries(context: Context, durable: RaftDurable, prevLogIndex: number, entries: readonly LogEntry[]): readonly LogEntry[] {
  const { log, logStart } = durable;
  const start = prevLogIndex - logStart.index;
  if (!context.rules.truncateOnlyOnConflict) {
    const replaced = log.slice(0, start);
    for (const entry of entries) replaced.push(entry);
    return replaced.length === log.length && replaced.every((entry, position) => entry === log[position]) ? log : replaced;
  }
  const keepConflicting = !context.rules.truncateConflictingEntries;
  for (let offset = 0; offset < entries.length; offset++) {
    const position = start + offset;
    const entry = entries[offset] as LogEntry;
    if (position >= log.length) {
      const merged = log.slice();
      for (let rest = offset; rest < entries.length; rest++) merged.push(entries[rest] as LogEntry);
      return merged;
    }
    if ((log[position] as LogEntry).term === entry.term || keepConflicting) continue;
    const truncated = log.slice(0, position);
    for (let rest = offset; rest < entries.length; rest++) truncated.push(entries[rest] as LogEntry);
    return truncated;
  }
  return log;
}

/** A leader's AppendEntries or InstallSnapshot makes its receiver a follower of it (a leader of the same term keeps its own log: only buggy variants get there). */
function followLeader(state: RaftState, from: NodeId): RaftState | null {
  const role = state.volatile.role;
  if (role.kind === 'leader') return null;
  if (role.kind === 'follower' && role.leader === from) return state;
  return withVolatile(state, { ...state.volatile, role: { kind: 'follower', leader: from } });
}

function appendEntries(context: Context, state: RaftState, from: NodeId, request: AppendRequest, out: Outbox): RaftState {
  const current = followLeader(state, from);
  if (current === null) return state;
  const term = current.durable.currentTerm;
  const volatile = { ...current.volatile, electionElapsed: 0 };
  const answer = (success: boolean, matchIndex: number, durable: RaftDurable): void => {
    out.send(from, {
      type: 'append-entries-response',
      term,
      success,
      matchIndex,
      rejectedIndex: success ? 0 : request.prevLogIndex,
      lastLogIndex: lastIndex(durable),
      readRound: request.readRound,
    });
  };
  if (request.prevLogIndex < current.durable.logStart.index) {
    // The request starts inside this node's snapshot: everything there is committed, so it
    // matches; answer with the commit index, as etcd-raft does, and let the leader move on.
    answer(true, volatile.commitIndex, current.durable);
    return withVolatile(current, volatile);
  }
  if (request.prevLogIndex > lastIndex(current.durable) || termAt(current.durable, request.prevLogIndex) !== request.prevLogTerm) {
    answer(false, 0, current.durable);
    return withVolatile(current, volatile);
  }
  const merged = mergeEntries(context, current.durable, request.prevLogIndex, request.entries);
  const lastNewIndex = request.prevLogIndex + request.entries.length;
  const durable = merged === current.durable.log ? current.durable : { ...current.durable, log: merged };
  const commitIndex = Math.max(volatile.commitIndex, Math.min(request.leaderCommit, lastNewIndex));
  const next = applyCommitted(context, { durable, volatile: { ...volatile, commitIndex } }, out);
  answer(true, lastNewIndex, next.durable);
  return next;
}

/**
 * InstallSnapshot's receiver (§7, etcd-raft's `restore`): a snapshot the node has already
 * committed past is ignored; one whose last entry the log already holds only moves the commit
 * index (the entries after it stay); anything else replaces the log and the store. Variant
 * `snapshot-discards-log-suffix` always replaces both, even with an old snapshot.
 */
function installSnapshot(
  context: Context,
  state: RaftState,
  from: NodeId,
  request: Extract<Message, { type: 'install-snapshot' }>,
  out: Outbox,
): RaftState {
  const current = followLeader(state, from);
  if (current === null) return state;
  const snapshot = request.snapshot;
  let volatile: RaftVolatile = { ...current.volatile, electionElapsed: 0 };
  let durable = current.durable;
  let matchIndex = snapshot.index;
  if (context.rules.snapshotKeepsLogSuffix && snapshot.index <= volatile.commitIndex) {
    matchIndex = volatile.commitIndex;
  } else if (context.rules.snapshotKeepsLogSuffix && termAt(durable, snapshot.index) === snapshot.term) {
    durable = compactThrough(durable, snapshot, null);
    volatile = { ...volatile, commitIndex: snapshot.index };
    if (volatile.lastApplied < snapshot.index) volatile = { ...volatile, lastApplied: snapshot.index, machine: snapshot.machine };
  } else {
    durable = { ...durable, log: [], logStart: { index: snapshot.index, term: snapshot.term }, snapshot, unflushedSnapshotPrevious: null };
    volatile = { ...volatile, commitIndex: snapshot.index, lastApplied: snapshot.index, machine: snapshot.machine };
  }
  out.send(from, {
    type: 'append-entries-response',
    term: durable.currentTerm,
    success: true,
    matchIndex,
    rejectedIndex: 0,
    lastLogIndex: lastIndex(durable),
    readRound: request.readRound,
  });
  return applyCommitted(context, { durable, volatile }, out);
}

/** Drops the log through `snapshot.index` (which the log holds) and makes `snapshot` the snapshot file. */
function compactThrough(durable: RaftDurable, snapshot: Snapshot, unflushedSnapshotPrevious: Snapshot | null): RaftDurable {
  return {
    ...durable,
    log: durable.log.slice(snapshot.index - durable.logStart.index),
    logStart: { index: snapshot.index, term: snapshot.term },
    snapshot,
    unflushedSnapshotPrevious,
  };
}

/**
 * Log compaction: once `snapshotIntervalEntries` applied entries are not in the snapshot, the
 * node snapshots its store at the applied index and drops the log through it. The snapshot file is
 * flushed before the truncated log is written; variant `snapshot-not-flushed` writes the log first
 * and leaves the file to the operating system (flushed at the next tick, lost by a power loss before).
 */
function maybeCompact(context: Context, state: RaftState): RaftState {
  const interval = context.config.snapshotIntervalEntries;
  const { durable, volatile } = state;
  if (interval === 0 || volatile.lastApplied - durable.logStart.index < interval) return state;
  const term = termAt(durable, volatile.lastApplied);
  if (term < 0) return state;
  const membership = context.config.membershipChanges ? membershipAt(context.nodeCount, durable, volatile.lastApplied) : null;
  const snapshot: Snapshot = { index: volatile.lastApplied, term, machine: volatile.machine, membership };
  const previous = context.rules.flushSnapshotBeforeTruncating ? null : (durable.unflushedSnapshotPrevious ?? durable.snapshot);
  return { durable: compactThrough(durable, snapshot, previous), volatile };
}

function appendEntriesResponse(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
  out: Outbox,
): RaftState {
  const recentlyActive = role.recentlyActive[from] ? role.recentlyActive : role.recentlyActive.with(from, true);
  const ackedReadRound =
    response.readRound > (role.ackedReadRound[from] ?? 0) ? role.ackedReadRound.with(from, response.readRound) : role.ackedReadRound;
  const updated: LeaderRole = { ...role, recentlyActive, ackedReadRound };
  const {
    role: nextRole,
    resend,
    nudge = false,
  } = context.config.pipelining ? trackPipelined(context, state, updated, from, response) : trackStopAndWait(state, updated, from, response);
  let next = withVolatile(state, { ...state.volatile, role: nextRole });
  if (nextRole.matchIndex !== role.matchIndex) next = advanceCommit(context, next, out);
  next = answerConfirmedReads(context, next, out);
  if (!resend) return promoteCaughtUpLearner(context, next, from, out);
  const leader = next.volatile.role;
  if (leader.kind !== 'leader') return next;
  return promoteCaughtUpLearner(context, fillWindow(context, next, leader, from, nudge, out), from, out);
}

interface Tracked {
  readonly role: LeaderRole;
  readonly resend: boolean;
  /** Send even an empty AppendEntries (at nextIndex - 1), so a follower that lost what was streamed to it says so. */
  readonly nudge?: boolean;
}

/** The paper's replication: nextIndex moves on answers only; resend while the follower lags. */
function trackStopAndWait(
  state: RaftState,
  role: LeaderRole,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
): Tracked {
  const peerNext = role.nextIndex[from] ?? 1;
  const peerMatch = role.matchIndex[from] ?? 0;
  if (response.success) {
    if (response.matchIndex <= peerMatch) return { role, resend: false };
    const nextIndex = response.matchIndex + 1 > peerNext ? role.nextIndex.with(from, response.matchIndex + 1) : role.nextIndex;
    const matchIndex = role.matchIndex.with(from, response.matchIndex);
    return { role: { ...role, nextIndex, matchIndex }, resend: (nextIndex[from] ?? 1) <= lastIndex(state.durable) };
  }
  if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {
    // The rejection answers our current probe (not a stale or duplicated one): step back.
    const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));
    return { role: { ...role, nextIndex: role.nextIndex.with(from, backTo) }, resend: true };
  }
  return { role, resend: false };
}

/** etcd-raft's `Progress` on an answer: acknowledgements free the inflight window, rejections fall back to probe. */
function trackPipelined(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
): Tracked {
  const progress = role.progress[from] ?? probing;
  const peerNext = role.nextIndex[from] ?? 1;
  const peerMatch = role.matchIndex[from] ?? 0;
  const withProgress = (next: FollowerProgress, nextIndex: number, matchIndex = peerMatch): LeaderRole => ({
    ...role,
    progress: role.progress.with(from, next),
    nextIndex: nextIndex === peerNext ? role.nextIndex : role.nextIndex.with(from, nextIndex),
    matchIndex: matchIndex === peerMatch ? role.matchIndex : role.matchIndex.with(from, matchIndex),
  });
  if (response.success) {
    const match = response.matchIndex;
    if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {
      // A probe answered, a snapshot installed, or entries acknowledged: stream from here on.
      const replicating = progress.state === 'replicate';
      const inflight = replicating ? progress.inflight.filter((index) => index > match) : [];
      const next = replicating ? Math.max(peerNext, match + 1) : match + 1;
      return { role: withProgress({ state: 'replicate', probeSent: false, inflight, pendingSnapshot: 0 }, next, match), resend: true };
    }
    // A heartbeat's answer (or a stale one): the follower is alive but lags. As etcd-raft does,
    // send it an AppendEntries at nextIndex (empty if nothing is new): if what was streamed to it
    // was lost, its rejection sends it back to probe. A full window first frees a slot.
    if (progress.state !== 'replicate' || match >= lastIndex(state.durable)) return { role, resend: false };
    if (progress.inflight.length < context.config.maxInflightMessages) return { role, resend: true, nudge: true };
    if (!context.rules.heartbeatFreesFullWindow) return { role, resend: false };
    return { role: withProgress({ ...progress, inflight: progress.inflight.slice(1) }, peerNext), resend: true, nudge: true };
  }
  if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {
    // A message of the window did not fit: back to probing from what is known to match.
    return { role: withProgress(probing, peerMatch + 1), resend: true };
  }
  if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {
    const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));
    return { role: withProgress(probing, backTo), resend: true };
  }
  return { role, resend: false };
}

/** The commit rule: the highest index stored on a majority whose entry is of the leader's term. */
function advanceCommit(context: Context, state: RaftState, out: Outbox): RaftState {
  const role = state.volatile.role;
  if (role.kind !== 'leader') return state;
  const { durable } = state;
  const countOldTerms = !context.rules.commitOnlyCurrentTermByCounting;
  const needed = majority(context.nodeCount);
  for (let index = lastIndex(durable); index > state.volatile.commitIndex; index--) {
    // Terms never decrease along a log, so below the first older-term entry there is nothing to commit.
    if (!countOldTerms && termAt(durable, index) !== durable.currentTerm) break;
    let stored = 1;
    for (let node = 0; node < context.nodeCount; node++) {
      if (node !== context.node && (role.matchIndex[node] ?? 0) >= index) stored++;
    }
    const committed = context.config.membershipChanges
      ? quorum(context, durable, (node) => node === context.node || (role.matchIndex[node] ?? 0) >= index)
      : stored >= needed;
    if (committed) return stepDownIfRemoved(context, applyCommitted(context, withVolatile(state, { ...state.volatile, commitIndex: index }), out));
  }
  return state;
}

/** Applies committed entries to the key-value store; the leader answers the clients waiting for them. Then compacts if due. */
function applyCommitted(context: Context, state: RaftState, out: Outbox): RaftState {
  const volatile = state.volatile;
  if (volatile.lastApplied >= volatile.commitIndex) return state;
  let machine = volatile.machine;
  let role = volatile.role;
  for (let index = volatile.lastApplied + 1; index <= volatile.commitIndex; index++) {
    // A missing entry only happens in variant snapshot-not-flushed (a log that starts after its snapshot): it is skipped, as etcd's raftexample replayed the WAL.
    const command = entryAt(state.durable, index)?.command;
    if (command === undefined || command.type === 'noop') continue;
    const result: { machine: StateMachine; output: Output | null } =
      command.type === 'config'
        ? { machine, output: { type: 'membership' } }
        : applyClientCommand(machine, command.clientId, command.operationId, command.operation);
    machine = result.machine;
    if (role.kind !== 'leader') continue;
    const position = role.waiting.findIndex((waiting) => waiting.clientId === command.clientId && waiting.operationId === command.operationId);
    if (position < 0) continue;
    // A null output: the client already had a later operation applied (this one came late, e.g.
    // forwarded); nobody waits for it any more.
    if (result.output !== null) out.reply(command.operationId, { outcome: 'ok', output: result.output });
    role = { ...role, waiting: role.waiting.filter((_, other) => other !== position) };
  }
  return maybeCompact(context, withVolatile(state, { ...volatile, machine, role, lastApplied: volatile.commitIndex }));
}

/** Whether etcd-raft's flow control holds back the next AppendEntries to this follower. */
function paused(context: Context, progress: FollowerProgress): boolean {
  if (!context.config.pipelining) return false;
  switch (progress.state) {
    case 'probe':
      return progress.probeSent;
    case 'replicate':
      return progress.inflight.length >= context.config.maxInflightMessages;
    case 'snapshot':
      return true;
    default:
      return assertNever(progress.state, 'progress state');
  }
}

function answerConfirmedReads(context: Context, state: RaftState, out: Outbox): RaftState {
  const role = state.volatile.role;
  if (role.kind !== 'leader' || role.pendingReads.length === 0) return state;
  const needed = majority(context.nodeCount);
  const remaining: PendingRead[] = [];
  for (const read of role.pendingReads) {
    let confirmed = 1;
    for (let node = 0; node < context.nodeCount; node++) {
      if (node !== context.node && (role.ackedReadRound[node] ?? 0) >= read.round) confirmed++;
    }
    const confirmedByQuorum = context.config.membershipChanges
      ? quorum(context, state.durable, (node) => node === context.node || (role.ackedReadRound[node] ?? 0) >= read.round)
      : confirmed >= needed;
    if (confirmedByQuorum && state.volatile.lastApplied >= read.readIndex) {
      out.reply(read.operationId, { outcome: 'ok', output: { type: 'get', value: readValue(state.volatile.machine.values, read.key) } });
    } else {
      remaining.push(read);
    }
  }
  if (remaining.length === role.pendingReads.length) return state;
  return withVolatile(state, { ...state.volatile, role: { ...role, pendingReads: remaining } });
}

/**
 * Sends `to` what it needs next unless flow control holds it back: the entries from its nextIndex,
 * or the snapshot when they are compacted away. Returns the leader's role with the follower's
 * progress updated (in replicate state, nextIndex moves on send).
 */
function sendAppend(context: Context, state: RaftState, role: LeaderRole, to: NodeId, out: Outbox, sendIfEmpty = false): LeaderRole {
  const progress = role.progress[to] ?? probing;
  if (paused(context, progress)) return role;
  const { durable } = state;
  const prevLogIndex = Math.min((role.nextIndex[to] ?? 1) - 1, lastIndex(durable));
  const pipelining = context.config.pipelining;
  if (prevLogIndex < durable.logStart.index) {
    out.send(to, { type: 'install-snapshot', term: durable.currentTerm, snapshot: durable.snapshot, readRound: role.readRound });
    if (!pipelining) return role;
    return {
      ...role,
      progress: role.progress.with(to, { state: 'snapshot', probeSent: false, inflight: [], pendingSnapshot: durable.snapshot.index }),
    };
  }
  const start = prevLogIndex - durable.logStart.index;
  const entries = durable.log.slice(start, start + context.config.entriesPerAppendMax);
  if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;
  out.send(to, {
    type: 'append-entries',
    term: durable.currentTerm,
    prevLogIndex,
    prevLogTerm: termAt(durable, prevLogIndex),
    entries,
    leaderCommit: state.volatile.commitIndex,
    readRound: role.readRound,
  });
  if (!pipelining) return role;
  if (progress.state === 'probe') return { ...role, progress: role.progress.with(to, { ...progress, probeSent: true }) };
  if (entries.length === 0) return role;
  const last = prevLogIndex + entries.length;
  return {
    ...role,
    nextIndex: role.nextIndex.with(to, last + 1),
    progress: role.progress.with(to, { ...progress, inflight: [...progress.inflight, last] }),
  };
}

/** After an answer: one message, or with pipelining as many as the window takes while entries remain. */
function fillWindow(context: Context, state: RaftState, role: LeaderRole, to: NodeId, nudge: boolean, out: Outbox): RaftState {
  let current = role;
  const rounds = context.config.pipelining ? context.config.maxInflightMessages : 1;
  for (let round = 0; round < rounds; round++) {
    const next = sendAppend(context, state, current, to, out, nudge && round === 0);
    if (next === current) break;
    current = next;
    if ((current.nextIndex[to] ?? 1) > lastIndex(state.durable)) break;
  }
  return current === role ? state : withVolatile(state, { ...state.volatile, role: current });
}

function broadcastAppend(context: Context, state: RaftState, role: LeaderRole, out: Outbox): RaftState {
  let current = role;
  const membership = membershipOf(context, state.durable);
  for (let node = 0; node < context.nodeCount; node++) {
    if (node !== context.node && isMember(membership, node)) current = sendAppend(context, state, current, node, out);
  }
  const next = current === role ? state : withVolatile(state, { ...state.volatile, role: current });
  // A configuration whose only voter is the leader commits without any answer to wait for.
  return membership !== null && membership.voters.length === 1 ? advanceCommit(context, next, out) : next;
}

/**
 * The heartbeat round (also ReadIndex's confirmation round). Without pipelining every follower gets
 * the AppendEntries from its nextIndex, as in the paper. With it, as in etcd-raft: a follower in
 * probe may be probed again, one waiting for a snapshot gets it again, and one in replicate gets an
 * empty AppendEntries at its matchIndex (which it holds, so it answers yes without touching the window).
 */
function broadcastHeartbeat(context: Context, state: RaftState, role: LeaderRole, out: Outbox): RaftState {
  if (!context.config.pipelining) return broadcastAppend(context, state, role, out);
  const { durable } = state;
  let current = role;
  const membership = membershipOf(context, durable);
  for (let node = 0; node < context.nodeCount; node++) {
    if (node === context.node || !isMember(membership, node)) continue;
    const progress = current.progress[node] ?? probing;
    if (progress.state === 'replicate') {
      const prevLogIndex = Math.max(current.matchIndex[node] ?? 0, durable.logStart.index);
      out.send(node, {
        type: 'append-entries',
        term: durable.currentTerm,
        prevLogIndex,
        prevLogTerm: termAt(durable, prevLogIndex),
        entries: [],
        leaderCommit: state.volatile.commitIndex,
        readRound: current.readRound,
      });
    } else {
      current = sendAppend(context, state, { ...current, progress: current.progress.with(node, probing) }, node, out);
    }
  }
  return current === role ? state : withVolatile(state, { ...state.volatile, role: current });
}

// ---------------------------------------------------------------------------------------------
// Clients

function clientRequest(context: Context, state: RaftState, request: ClientRequest<Operation>, out: Outbox): RaftState {
  const role = state.volatile.role;
  if (role.kind !== 'leader') {
    if (role.kind === 'follower' && role.leader !== null) {
      out.send(role.leader, { type: 'forward', request });
    } else if (request.operation.type === 'get') {
      // A read has no effect, so refusing it is always safe.
      out.reply(request.operationId, { outcome: 'fail', error: 'no leader' });
    }
    // A write is not refused either: the client hears nothing, as from a request that timed
    // out, and retries elsewhere (refusing would end the operation; staying quiet keeps it going
    // until it reaches a leader, which makes for longer, more telling histories).
    return state;
  }
  const operation = request.operation;
  if (isMembershipOperation(operation)) {
    if (!context.config.membershipChanges) {
      out.reply(request.operationId, { outcome: 'fail', error: 'membership changes are off (membershipChanges=false)' });
      return state;
    }
    return proposeMembership(context, state, role, request, operation, out);
  }
  if (operation.type === 'get') {
    if (!context.rules.confirmLeadershipBeforeRead) {
      const value = readValue(state.volatile.machine.values, operation.key);
      out.reply(request.operationId, { outcome: 'ok', output: { type: 'get', value } });
      return state;
    }
    if (context.config.readMode === 'read-index') return startReadIndex(context, state, role, request, operation.key, out);
  }
  return propose(context, state, role, request, out);
}

function propose(context: Context, state: RaftState, role: LeaderRole, request: ClientRequest<Operation>, out: Outbox): RaftState {
  const { clientId, operationId, operation } = request;
  if (isMembershipOperation(operation)) return state;
  const session = state.volatile.machine.sessions[clientId];
  if (session !== undefined && session.operationId >= operationId) {
    // Already applied (a retry): answer with the first result, never apply it again.
    if (session.operationId === operationId) out.reply(operationId, { outcome: 'ok', output: session.output });
    return state;
  }
  const waiting = [...role.waiting.filter((other) => other.clientId !== clientId), { clientId, operationId }];
  const durable = state.durable;
  for (let index = state.volatile.lastApplied + 1; index <= lastIndex(durable); index++) {
    const command = entryAt(durable, index)?.command;
    if (command?.type === 'client' && command.clientId === clientId && command.operationId === operationId) {
      // Already in the log, not yet applied: wait for it rather than appending it twice.
      return withVolatile(state, { ...state.volatile, role: { ...role, waiting } });
    }
  }
  const entry: LogEntry = { term: state.durable.currentTerm, command: { type: 'client', clientId, operationId, operation } };
  const nextDurable = { ...durable, log: [...durable.log, entry] };
  const matchIndex = role.matchIndex.with(context.node, lastIndex(nextDurable));
  const nextRole: LeaderRole = { ...role, waiting, matchIndex };
  return broadcastAppend(context, { durable: nextDurable, volatile: { ...state.volatile, role: nextRole } }, nextRole, out);
}

function startReadIndex(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  request: ClientRequest<Operation>,
  key: string,
  out: Outbox,
): RaftState {
  const { commitIndex } = state.volatile;
  if (termAt(state.durable, commitIndex) !== state.durable.currentTerm) {
    // Until its no-op commits, a new leader does not know the commit index (Raft §8).
    out.reply(request.operationId, { outcome: 'fail', error: 'leader has not committed an entry of its term yet' });
    return state;
  }
  const round = role.readRound + 1;
  const read: PendingRead = { clientId: request.clientId, operationId: request.operationId, key, readIndex: commitIndex, round };
  const nextRole: LeaderRole = {
    ...role,
    readRound: round,
    ackedReadRound: role.ackedReadRound.with(context.node, round),
    pendingReads: [...role.pendingReads.filter((other) => other.clientId !== request.clientId), read],
  };
  return broadcastHeartbeat(context, withVolatile(state, { ...state.volatile, role: nextRole }), nextRole, out);
}
