/**
 * Raft as a reusable component: a replicated log that another protocol's nodes embed, with the
 * application state machine as a parameter. The standalone `raft` protocol (model.ts) is this
 * component with the key-value store of kv.ts on top; Kafka's KRaft controllers embed it with the
 * metadata records as commands.
 *
 * The component is Raft (Ongaro & Ousterhout, 2014) as a pure state machine in the style of
 * etcd-io/raft: elections with randomized timeouts (drawn from a seed carried in the state),
 * RequestVote with the log check, optional PreVote and CheckQuorum; AppendEntries with the
 * consistency check, conflict truncation, etcd-raft's pipelined flow control (probe, replicate,
 * snapshot); the commit rule that counts replicas only for entries of the leader's term; a no-op
 * at the start of every term; log compaction and InstallSnapshot; ReadIndex rounds; single-server
 * membership changes with learners (thesis §4). See docs/protocols/raft.md.
 *
 * How an embedder uses it (docs/protocols/raft.md, "Raft as a component", has an example):
 * - its node state holds a `RaftNodeState<C, M>` made by `initRaftNode` / `restartRaftNode`
 *   (what survives a crash: `crashRaftNode`);
 * - it passes ticks and Raft messages from quorum members to `stepRaftNode`, and its own commands
 *   to `propose` (which says `not-leader`, with the leader it knows, on a non-leader);
 * - it sends the `send` effects to the peers (wrapped in its own message union) and reacts to the
 *   `applied` effects: every committed command, in log order, with the state machine's result;
 * - others read the committed log with `readCommitted` and ask for the leader with `leaderOf`.
 *
 * The quorum members are any node ids (`RaftContext.members`): Kafka's controllers are nodes 3 to 5
 * next to brokers 0 to 2. Pure: no clock, no randomness but the carried seed, no I/O; a step never
 * mutates its input.
 */
import { assertNever } from '../../core/assert.ts';
import { drawInteger } from '../../core/random.ts';
import type { NodeId, NodeState } from '../../core/types.ts';

// ---------------------------------------------------------------------------------------------
// What the embedder supplies

/**
 * The application state machine the log drives. The machine is also the snapshot's content: a
 * node that compacts its log keeps `machine` as applied through the snapshot's index, and a
 * follower that installs a snapshot takes it as is. Methods must be pure.
 */
export interface RaftStateMachine<Command, Machine, Result> {
  /** The machine before any command (also the empty snapshot's). */
  readonly initial: Machine;
  /** Applies one committed command. */
  apply(machine: Machine, command: Command): { readonly machine: Machine; readonly result: Result };
  /** The command in transcripts, e.g. `put x 1`. */
  describeCommand(command: Command): string;
  /** The machine in transcripts (InstallSnapshot), e.g. `{x=1}`. */
  describeMachine(machine: Machine): string;
  /**
   * Who asked for a command, if someone waits for its result: the leader keeps the requester while
   * the entry is uncommitted, does not append a retried command twice, and reports the requester
   * in the `applied` effect. Omit it when nobody waits (the embedder reacts to every applied entry).
   */
  requesterOf?(command: Command): Requester | null;
  /** A read answered by ReadIndex (`startRead`) without going through the log; needed only for reads. */
  query?(machine: Machine, command: Command): Result;
}

/** A client operation (the simulator's client id and operation id), for answering it once applied. */
export interface Requester {
  readonly clientId: number;
  readonly operationId: number;
}

/** Raft's settings (the standalone protocol's `--set` keys; an embedder picks its own values). */
export interface RaftSettings {
  /** A follower that hears nothing from a leader for a random number of ticks in [min, max] starts an election. */
  readonly electionTimeoutTicksMin: number;
  readonly electionTimeoutTicksMax: number;
  /** A leader sends AppendEntries (heartbeats) to every follower this often. */
  readonly heartbeatIntervalTicks: number;
  /** Entries one AppendEntries carries at most (etcd's MaxSizePerMsg, counted in entries). */
  readonly entriesPerAppendMax: number;
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
  /** Membership changes (thesis §4); the last member starts outside the cluster, a spare server. */
  readonly membershipChanges: boolean;
  /**
   * How voters change: `single` (default), one server at a time, each configuration in effect once
   * appended (thesis §4.1); `joint`, through a joint configuration C_old,new whose decisions need
   * majorities of both (the Raft paper's §6, etcd-raft's ConfChangeV2 with auto-leave).
   */
  readonly membershipChangeMode?: 'single' | 'joint';
}

/** The settings of the standalone protocol's defaults. */
export const defaultRaftSettings: RaftSettings = {
  electionTimeoutTicksMin: 3,
  electionTimeoutTicksMax: 6,
  heartbeatIntervalTicks: 2,
  entriesPerAppendMax: 4,
  preVote: false,
  checkQuorum: false,
  pipelining: true,
  maxInflightMessages: 3,
  snapshotIntervalEntries: 4,
  membershipChanges: false,
};

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
  /** A heartbeat answer frees a slot of a full inflight window, so a window whose messages were all lost drains (etcd-raft's FreeFirstOne, replaced in etcd-io/raft commit 42419da by an empty append while the window is full). */
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
  /** In a joint configuration every decision (election, commit, ReadIndex, CheckQuorum) needs a majority of the old voters and one of the new (Raft §6). */
  readonly jointQuorumNeedsBoth: boolean;
  /** A leader leaves a joint configuration (appends C_new) only once C_old,new is committed (Raft §6; camunda/camunda#61854). */
  readonly leaveJointAfterCommit: boolean;
  /** Any leader that finds a committed joint configuration leaves it, not only the leader that entered it (etcd-io/etcd#12136). */
  readonly anyLeaderLeavesJoint: boolean;
  /** A candidate counts only the votes of its configuration's voters (ktoso/akka-raft#49; microsoft/CCF#5929). */
  readonly countOnlyVotersVotes: boolean;
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
  jointQuorumNeedsBoth: true,
  leaveJointAfterCommit: true,
  anyLeaderLeavesJoint: true,
  countOnlyVotersVotes: true,
};

/** What one Raft node runs with: who it is, the quorum's members (any node ids, in a fixed order), settings, rules, state machine. */
export interface RaftContext<Command, Machine, Result> {
  readonly node: NodeId;
  /** The quorum's members (all servers; with `membershipChanges`, the last starts as a spare). */
  readonly members: readonly NodeId[];
  readonly config: RaftSettings;
  readonly rules: RaftRules;
  readonly stateMachine: RaftStateMachine<Command, Machine, Result>;
}

// ---------------------------------------------------------------------------------------------
// Log, messages, state

/** A cluster configuration: who votes, and who only receives the log (a new server catching up). */
export interface Membership {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /**
   * Joint consensus only: in C_old,new, the old configuration's voters (`voters` are the new
   * ones); every decision needs a majority of each (etcd's VotersOutgoing). Absent otherwise.
   */
  readonly outgoing?: readonly NodeId[];
  /** Joint consensus only: a replace-server under way, the voter that leaves when the learner is promoted. */
  readonly replacement?: { readonly learner: NodeId; readonly voter: NodeId };
}

/** What a log entry carries: the application's command, the no-op a new leader appends (as etcd does), or a configuration. */
export type RaftCommand<Command> =
  | { readonly type: 'noop' }
  | { readonly type: 'command'; readonly command: Command }
  /**
   * A configuration change (thesis §4.1): in effect on a node as soon as it is in its log. Asked
   * for by a client (`clientId`, `operationId`), or by the leader itself (clientId -1) to promote
   * a learner that caught up.
   */
  | { readonly type: 'config'; readonly membership: Membership; readonly clientId: number; readonly operationId: number };

/**
 * A log entry. Its index is its position (1-based) in the log. Entries are created once, by the
 * leader of their term, and shared by reference as they are replicated, so "same entry" is
 * usually a pointer comparison.
 */
export interface RaftLogEntry<Command> {
  readonly term: number;
  readonly command: RaftCommand<Command>;
}

/** A snapshot: the machine as applied through `index`, whose entry has `term`. */
export interface RaftSnapshot<Machine> {
  readonly index: number;
  readonly term: number;
  readonly machine: Machine;
  /** The configuration in effect at `index`; null for the initial one. */
  readonly membership: Membership | null;
  /**
   * With membership changes: per client, the last configuration change it asked for that was
   * applied through `index` (see `answeredChange`), so a retry is answered as the first attempt
   * was after its entry is compacted away, as the machine's client sessions do for commands.
   */
  readonly answeredChanges?: readonly Requester[];
}

/** Raft's RPCs (the paper's Figure 2, PreVote, InstallSnapshot); an embedder wraps them in its own message union. */
export type RaftMessage<Command, Machine> =
  /** RequestVote, or (with `preVote`) the PreVote probe for `term` = the sender's term + 1, which changes nobody's term. */
  | {
      readonly type: 'request-vote';
      readonly term: number;
      readonly lastLogIndex: number;
      readonly lastLogTerm: number;
      readonly preVote: boolean;
    }
  | { readonly type: 'request-vote-response'; readonly term: number; readonly granted: boolean; readonly preVote: boolean }
  /**
   * AppendEntries, also the heartbeat. `readRound` is the leader's ReadIndex round: a follower
   * echoes it, which confirms that it still follows this leader.
   */
  | {
      readonly type: 'append-entries';
      readonly term: number;
      readonly prevLogIndex: number;
      readonly prevLogTerm: number;
      readonly entries: readonly RaftLogEntry<Command>[];
      readonly leaderCommit: number;
      readonly readRound: number;
    }
  /**
   * On success `matchIndex` is the last index the follower now shares with the leader. On a
   * failed consistency check `rejectedIndex` is the request's prevLogIndex and `lastLogIndex`
   * the follower's log length, so the leader can skip back quickly.
   */
  | {
      readonly type: 'append-entries-response';
      readonly term: number;
      readonly success: boolean;
      readonly matchIndex: number;
      readonly rejectedIndex: number;
      readonly lastLogIndex: number;
      readonly readRound: number;
    }
  /**
   * InstallSnapshot (§7), in one message: the leader's snapshot, for a follower that needs an
   * entry the leader has compacted away. Answered with an AppendEntriesResponse.
   */
  | { readonly type: 'install-snapshot'; readonly term: number; readonly snapshot: RaftSnapshot<Machine>; readonly readRound: number };

/** What Raft persists before answering any RPC or sending any message that depends on it. */
export interface RaftDurable<Command, Machine> {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  /** The log's entries after `logStart` (the entry at index `logStart.index + 1` first). */
  readonly log: readonly RaftLogEntry<Command>[];
  /** The WAL's snapshot record: index and term of the last entry compacted away (0 and 0 before any snapshot). */
  readonly logStart: { readonly index: number; readonly term: number };
  /** The snapshot file: the machine as applied through `snapshot.index`. */
  readonly snapshot: RaftSnapshot<Machine>;
  /**
   * The snapshot file still on stable storage while a newer one is written but not yet flushed
   * (only variant `snapshot-not-flushed` writes one unflushed); a power loss brings it back. Null
   * once flushed (at the node's next tick).
   */
  readonly unflushedSnapshotPrevious: RaftSnapshot<Machine> | null;
}

export interface FollowerRole {
  readonly kind: 'follower';
  /** The leader of the current term, once heard from (used to forward requests). */
  readonly leader: NodeId | null;
}

export interface CandidateRole {
  readonly kind: 'candidate' | 'pre-candidate';
  /** Who granted a vote (a set: a duplicated response does not count twice), including the candidate itself. */
  readonly votes: readonly NodeId[];
}

/** A ReadIndex read: answered once a majority confirmed round `round` and the leader applied up to `readIndex`. */
export interface PendingRead<Command> {
  readonly command: Command;
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
  /**
   * replicate: a heartbeat went out whose answer may raise matchIndex like an acknowledgement (sent at
   * the leader's log start, above matchIndex, or answered from the follower's snapshot with its commit
   * index), and no answer has raised matchIndex since; such an answer still nudges as a heartbeat's does.
   */
  readonly heartbeatMayAcknowledge?: boolean;
}

/** The leader's bookkeeping; arrays are indexed by node id (members are any ids, so some slots are unused). */
export interface LeaderRole<Command> {
  readonly kind: 'leader';
  readonly nextIndex: readonly number[];
  readonly matchIndex: readonly number[];
  /** Per node, its flow-control state (used with `pipelining`; every follower stays in probe otherwise). */
  readonly progress: readonly FollowerProgress[];
  /** Requesters of uncommitted entries (at most one per client: a client has one operation outstanding). */
  readonly waiting: readonly Requester[];
  readonly pendingReads: readonly PendingRead<Command>[];
  /** The latest ReadIndex round started; every AppendEntries carries it. */
  readonly readRound: number;
  /** Per node, the highest read round it acknowledged in this term (the leader's own entry is `readRound`). */
  readonly ackedReadRound: readonly number[];
  /** CheckQuorum: who answered since the last check. */
  readonly recentlyActive: readonly boolean[];
}

export type RaftRole<Command> = FollowerRole | CandidateRole | LeaderRole<Command>;

export interface RaftVolatile<Command, Machine> {
  readonly role: RaftRole<Command>;
  readonly commitIndex: number;
  readonly lastApplied: number;
  /** Rebuilt after a restart by re-applying the log as the commit index is learnt again. */
  readonly machine: Machine;
  readonly electionElapsed: number;
  /** This node's current randomized election timeout, in ticks. */
  readonly electionTimeout: number;
  readonly heartbeatElapsed: number;
  /** The node's pseudo-random generator state (src/core/random.ts). */
  readonly randomSeed: number;
}

export type RaftNodeState<Command, Machine> = NodeState<RaftDurable<Command, Machine>, RaftVolatile<Command, Machine>>;

/** What a step asks the embedder to do or tells it, in the order it happened. */
export type RaftEffect<Command, Machine, Result> =
  | { readonly kind: 'send'; readonly to: NodeId; readonly message: RaftMessage<Command, Machine> }
  /**
   * A committed command was applied at `index`. `requester` is set when this node leads and
   * someone waits for the result (see `RaftStateMachine.requesterOf`).
   */
  | {
      readonly kind: 'applied';
      readonly index: number;
      readonly term: number;
      readonly command: Command;
      readonly result: Result;
      readonly requester: Requester | null;
    }
  /** A committed configuration entry was applied; `requester` as for `applied`. */
  | { readonly kind: 'config-applied'; readonly index: number; readonly membership: Membership; readonly requester: Requester | null }
  /** A ReadIndex read is confirmed: the leader still led when the read came in, and has applied through its read index. */
  | { readonly kind: 'read'; readonly command: Command; readonly result: Result };

export interface RaftStep<Command, Machine, Result> {
  readonly state: RaftNodeState<Command, Machine>;
  readonly effects: readonly RaftEffect<Command, Machine, Result>[];
}

export type RaftInput<Command, Machine> =
  | { readonly kind: 'tick' }
  | { readonly kind: 'receive'; readonly from: NodeId; readonly message: RaftMessage<Command, Machine> };

// Internally the component is written once over unknown commands and machines; the exported
// functions give it the embedder's types (the code never looks inside a command or machine but
// through the state machine).
type Context = RaftContext<unknown, unknown, unknown>;
type State = RaftNodeState<unknown, unknown>;
type Durable = RaftDurable<unknown, unknown>;
type Volatile = RaftVolatile<unknown, unknown>;
type LogEntry = RaftLogEntry<unknown>;
type Message = RaftMessage<unknown, unknown>;
type Snapshot = RaftSnapshot<unknown>;
type Leader = LeaderRole<unknown>;

/** Collects one step's effects in order; created fresh per call, never shared. */
class Outbox {
  readonly effects: RaftEffect<unknown, unknown, unknown>[] = [];
  send(to: NodeId, message: Message): void {
    this.effects.push({ kind: 'send', to, message });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a node's log and state (also from outside: brokers fetch the metadata log)

/** Index of the last log entry (the snapshot's when the log is empty). */
export function lastIndex(durable: RaftDurable<unknown, unknown>): number {
  return durable.logStart.index + durable.log.length;
}

/** The entry at `index`, or undefined when it is compacted away or beyond the log. */
export function entryAt<Command>(durable: RaftDurable<Command, unknown>, index: number): RaftLogEntry<Command> | undefined {
  return index > durable.logStart.index ? durable.log[index - durable.logStart.index - 1] : undefined;
}

/** The term of the entry at `index`; 0 for index 0; -1 when unknown (compacted or beyond the log). */
export function termAt(durable: RaftDurable<unknown, unknown>, index: number): number {
  if (index === durable.logStart.index) return durable.logStart.term;
  if (index === 0) return 0;
  return entryAt(durable, index)?.term ?? -1;
}

export function lastLogTerm(durable: RaftDurable<unknown, unknown>): number {
  return termAt(durable, lastIndex(durable));
}

/** The leader this node knows of: itself when it leads, the leader it follows, or null. */
export function leaderOf(state: RaftNodeState<unknown, unknown>, self: NodeId): NodeId | null {
  const role = state.volatile.role;
  if (role.kind === 'leader') return self;
  return role.kind === 'follower' ? role.leader : null;
}

/**
 * Committed entries from `fromIndex` on (at most `countMax`), for a reader outside the quorum (a
 * Kafka broker fetching the metadata log from a controller). When `fromIndex` is compacted away
 * the reader gets the snapshot instead and continues after its index.
 */
export function readCommitted<Command, Machine>(
  state: RaftNodeState<Command, Machine>,
  fromIndex: number,
  countMax: number,
):
  | { readonly kind: 'entries'; readonly entries: readonly { readonly index: number; readonly entry: RaftLogEntry<Command> }[] }
  | { readonly kind: 'snapshot'; readonly snapshot: RaftSnapshot<Machine> } {
  const { durable, volatile } = state;
  if (fromIndex <= durable.logStart.index && durable.logStart.index > 0) return { kind: 'snapshot', snapshot: durable.snapshot };
  const entries: { index: number; entry: RaftLogEntry<Command> }[] = [];
  // Stryker disable next-line UpdateOperator: equivalent, counting down returns the entry at fromIndex first and then entries the reader has applied, which it skips: one entry per fetch, later, never another one
  for (let index = Math.max(fromIndex, 1); index <= volatile.commitIndex && entries.length < countMax; index++) {
    const entry = entryAt(durable, index);
    if (entry === undefined) break;
    entries.push({ index, entry });
  }
  // Stryker disable next-line StringLiteral: equivalent, the only reader (kraft.ts) tests for 'snapshot' and takes anything else as entries
  return { kind: 'entries', entries };
}

export function majority(count: number): number {
  return Math.floor(count / 2) + 1;
}

// ---------------------------------------------------------------------------------------------
// Membership (only with the membershipChanges setting; otherwise every member votes, always)

/** The configuration before any change: every member but the last, a spare server that may be added. */
export function initialMembership(members: readonly NodeId[]): Membership {
  return { voters: members.slice(0, -1), learners: [] };
}

/** The configuration in effect at `index` of a log: the latest config entry through it, else the snapshot's, else the initial one. */
export function membershipAt(members: readonly NodeId[], durable: RaftDurable<unknown, unknown>, index: number): Membership {
  for (let at = Math.min(index, lastIndex(durable)); at > durable.logStart.index; at--) {
    const command = (entryAt(durable, at) as LogEntry).command;
    if (command.type === 'config') return command.membership;
  }
  return durable.snapshot.membership ?? initialMembership(members);
}

/** The configuration a node acts on: the latest in its log, committed or not (thesis §4.1); null without membership changes (everyone votes). */
function membershipOf(context: Context, durable: Durable): Membership | null {
  return context.config.membershipChanges ? membershipAt(context.members, durable, lastIndex(durable)) : null;
}

/** Whether the nodes for which `counts` holds are a majority of the voters. */
function quorum(context: Context, durable: Durable, counts: (node: NodeId) => boolean): boolean {
  const membership = membershipOf(context, durable);
  let count = 0;
  if (membership === null) {
    for (const node of context.members) if (counts(node)) count++;
    return count >= majority(context.members.length);
  }
  for (const node of membership.voters) if (counts(node)) count++;
  if (count < majority(membership.voters.length)) return false;
  // C_old,new: the old voters' majority too (variant joint-new-majority-only forgets it).
  if (membership.outgoing === undefined || !context.rules.jointQuorumNeedsBoth) return true;
  let outgoing = 0;
  for (const node of membership.outgoing) if (counts(node)) outgoing++;
  return outgoing >= majority(membership.outgoing.length);
}

/** Whether `node` votes in `membership`: a voter of it, or of the outgoing configuration of a joint one. */
function isVoter(membership: Membership, node: NodeId): boolean {
  return membership.voters.includes(node) || (membership.outgoing?.includes(node) ?? false);
}

/** Whether a leader replicates to `node`: everyone without membership changes, else the voters and learners. */
function isMember(membership: Membership | null, node: NodeId): boolean {
  return membership === null || isVoter(membership, node) || membership.learners.includes(node);
}

function jointMode(context: Context): boolean {
  return context.config.membershipChangeMode === 'joint';
}

/** The index of the latest configuration entry in the log, 0 when there is none after the snapshot. */
function lastConfigIndex(durable: Durable): number {
  for (let at = lastIndex(durable); at > durable.logStart.index; at--) {
    if ((entryAt(durable, at) as LogEntry).command.type === 'config') return at;
  }
  return 0;
}

const changeInProgress = 'a configuration change is in progress';

/**
 * Why the leader cannot start a configuration change now, or null. With joint consensus a change
 * is in progress until C_new is in the log (and, for a client's request, until a replacement's
 * learner is promoted); `promotion` is the leader's own promotion of a learner, part of a change.
 */
function configChangeRefused(context: Context, state: State, promotion: boolean): string | null {
  const { durable, volatile } = state;
  if (context.rules.commitOwnTermBeforeConfigChange && termAt(durable, volatile.commitIndex) !== durable.currentTerm) {
    return 'leader has not committed an entry of its term yet';
  }
  if (!context.rules.oneConfigChangeAtATime) return null;
  if (lastConfigIndex(durable) > volatile.commitIndex) return changeInProgress;
  if (jointMode(context)) {
    const membership = membershipAt(context.members, durable, lastIndex(durable));
    if (membership.outgoing !== undefined || (!promotion && membership.replacement !== undefined)) return changeInProgress;
  }
  return null;
}

/** A single-server change: add a server (as a learner, promoted once caught up) or remove one. */
export type MembershipChange =
  | { readonly type: 'add-server' | 'remove-server'; readonly node: NodeId }
  /** Joint consensus only: `replacement` joins as a learner and, once caught up, takes `node`'s place in one joint change. */
  | { readonly type: 'replace-server'; readonly node: NodeId; readonly replacement: NodeId };

/**
 * The configuration after `change`, or null when it changes nothing (the server is already in, or
 * already out), or a reason to refuse it.
 */
function changedMembership(context: Context, membership: Membership, change: MembershipChange): Membership | null | { refused: string } {
  if (jointMode(context)) return changedMembershipJoint(membership, change);
  if (change.type === 'replace-server') return { refused: 'replace-server needs membershipChangeMode=joint' };
  const member = membership.voters.includes(change.node) || membership.learners.includes(change.node);
  if (change.type === 'add-server') {
    // A new server joins as a learner and votes once it has caught up (thesis §4.2.1).
    return member ? null : { voters: membership.voters, learners: [...membership.learners, change.node] };
  }
  if (!member) return null;
  return {
    voters: membership.voters.filter((node) => node !== change.node),
    learners: membership.learners.filter((node) => node !== change.node),
  };
}

/**
 * With joint consensus: a new server joins as a learner (with a replace-server, paired with the
 * voter it replaces); removing a voter enters the joint configuration at once (C_old,new, the old
 * voters outgoing); removing a learner is a plain change (learners decide nothing).
 */
function changedMembershipJoint(membership: Membership, change: MembershipChange): Membership | null | { refused: string } {
  const { voters, learners } = membership;
  const member = (node: NodeId): boolean => voters.includes(node) || learners.includes(node);
  switch (change.type) {
    case 'add-server':
      return member(change.node) ? null : { voters, learners: [...learners, change.node] };
    case 'remove-server':
      if (voters.includes(change.node)) return { voters: voters.filter((node) => node !== change.node), learners, outgoing: voters };
      return learners.includes(change.node) ? { voters, learners: learners.filter((node) => node !== change.node) } : null;
    case 'replace-server':
      if (!voters.includes(change.node) && voters.includes(change.replacement)) return null;
      if (!voters.includes(change.node) || member(change.replacement)) {
        return {
          refused: `replace-server ${change.node} ${change.replacement} needs ${change.node} to vote and ${change.replacement} to be outside the cluster`,
        };
      }
      return { voters, learners: [...learners, change.replacement], replacement: { learner: change.replacement, voter: change.node } };
    default:
      return assertNever(change, 'membership change');
  }
}

/** Appends a configuration entry and sends it; `clientId` -1 for the leader's own promotion of a learner. */
function appendConfig(
  context: Context,
  state: State,
  role: Leader,
  membership: Membership,
  clientId: number,
  operationId: number,
  out: Outbox,
): State {
  const entry: LogEntry = { term: state.durable.currentTerm, command: { type: 'config', membership, clientId, operationId } };
  const durable = { ...state.durable, log: [...state.durable.log, entry] };
  // C_new names the client of C_old,new, which may have moved on (answered by a refusal elsewhere):
  // its newer request, waiting here, must not make way for the change it no longer waits for.
  const movedOn = role.waiting.some((other) => other.clientId === clientId && other.operationId > operationId);
  const waiting =
    clientId < 0 || movedOn ? role.waiting : [...role.waiting.filter((other) => other.clientId !== clientId), { clientId, operationId }];
  const nextRole: Leader = { ...role, waiting, matchIndex: role.matchIndex.with(context.node, lastIndex(durable)) };
  return broadcastAppend(context, { durable, volatile: { ...state.volatile, role: nextRole } }, nextRole, out);
}

/** What became of a membership change asked of this node. */
export type MembershipChangeOutcome =
  | { readonly kind: 'not-leader'; readonly leader: NodeId | null }
  /** Appended; the requester is answered by a `config-applied` effect. */
  | { readonly kind: 'appended' }
  /** The same request is already in the log, not yet applied: the requester waits for it (a `config-applied` effect answers it). */
  | { readonly kind: 'pending' }
  /** The same request was already applied: answered as it was then (ok). */
  | { readonly kind: 'applied' }
  /** The server is already in (or already out): nothing to do. */
  | { readonly kind: 'unchanged' }
  /** `inProgress`: another change is under way (retry later). */
  | { readonly kind: 'refused'; readonly reason: string; readonly inProgress: boolean };

/**
 * Whether a configuration entry answers the client that asked for it once applied: a client's
 * change, except the joint configuration C_old,new, whose C_new (carrying the same requester) does.
 */
function answersRequester(command: RaftCommand<unknown>): command is Extract<RaftCommand<unknown>, { type: 'config' }> {
  return command.type === 'config' && command.clientId >= 0 && command.membership.outgoing === undefined;
}

/** The snapshot's answered changes brought forward through `index` (an applied index in the log). */
function answeredChangesThrough(durable: Durable, index: number): readonly Requester[] {
  let answered = durable.snapshot.answeredChanges ?? [];
  for (let at = durable.logStart.index + 1; at <= index; at++) {
    const command = (entryAt(durable, at) as LogEntry).command;
    if (!answersRequester(command)) continue;
    const { clientId, operationId } = command;
    answered = [...answered.filter((other) => other.clientId !== clientId), { clientId, operationId }];
  }
  return answered;
}

/**
 * What this node knows of `requester`'s change: `applied` when the entry that answers it is
 * applied here (or recorded in the snapshot), `pending` when an entry of it is in the log but the
 * answer is not applied yet, null when it knows of none (a retry is then a fresh request).
 */
function answeredChange(state: State, requester: Requester): 'applied' | 'pending' | null {
  const { durable, volatile } = state;
  let found: 'applied' | 'pending' | null = null;
  for (let index = durable.logStart.index + 1; index <= lastIndex(durable); index++) {
    const command = (entryAt(durable, index) as LogEntry).command;
    if (command.type !== 'config' || !sameRequester(command, requester)) continue;
    if (answersRequester(command) && index <= volatile.lastApplied) return 'applied';
    found = 'pending';
  }
  if (found !== null) return found;
  // Stryker disable next-line ArrayDeclaration: equivalent, a snapshot without the record names no change, and a string in its place is no requester (sameRequester compares clientId and operationId)
  return (durable.snapshot.answeredChanges ?? []).some((answered) => sameRequester(answered, requester)) ? 'applied' : null;
}

function changeMembershipCore(
  context: Context,
  state: State,
  change: MembershipChange,
  requester: Requester,
  out: Outbox,
): { state: State; outcome: MembershipChangeOutcome } {
  const role = state.volatile.role;
  if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };
  const durable = state.durable;
  // A retry of a change this node already holds gets the answer of the first attempt: ok once
  // applied (at once if it is), never a refusal because of its own change (a session per
  // membership requester, as the machine keeps per client for commands).
  const known = answeredChange(state, requester);
  if (known === 'applied') return { state, outcome: { kind: 'applied' } };
  if (known === 'pending') {
    const waiting = role.waiting.some((other) => sameRequester(other, requester))
      ? role.waiting
      : [...role.waiting.filter((other) => other.clientId !== requester.clientId), requester];
    const waited = waiting === role.waiting ? state : withVolatile(state, { ...state.volatile, role: { ...role, waiting } });
    return { state: leaveJointIfDue(context, waited, out), outcome: { kind: 'pending' } };
  }
  const refused = configChangeRefused(context, state, false);
  if (refused !== null) return { state, outcome: { kind: 'refused', reason: refused, inProgress: refused === changeInProgress } };
  const membership = changedMembership(context, membershipAt(context.members, durable, lastIndex(durable)), change);
  if (membership === null) return { state, outcome: { kind: 'unchanged' } };
  if ('refused' in membership) return { state, outcome: { kind: 'refused', reason: membership.refused, inProgress: false } };
  if (membership.voters.length === 0) return { state, outcome: { kind: 'refused', reason: 'cannot remove the last voter', inProgress: false } };
  return {
    state: leaveJointIfDue(context, appendConfig(context, state, role, membership, requester.clientId, requester.operationId, out), out),
    outcome: { kind: 'appended' },
  };
}

/** A learner whose log reaches the leader's commit index votes from now on: the leader promotes it. */
function promoteCaughtUpLearner(context: Context, state: State, from: NodeId, out: Outbox): State {
  const role = state.volatile.role;
  // Stryker disable next-line LogicalOperator: equivalent, without membership changes nobody is a learner (the setting only saves the scan), and only a leader calls it
  if (!context.config.membershipChanges || role.kind !== 'leader') return state;
  const membership = membershipAt(context.members, state.durable, lastIndex(state.durable));
  if (!membership.learners.includes(from) || (role.matchIndex[from] ?? 0) < state.volatile.commitIndex) return state;
  if (configChangeRefused(context, state, true) !== null) return state;
  const learners = membership.learners.filter((node) => node !== from);
  if (!jointMode(context)) return appendConfig(context, state, role, { voters: [...membership.voters, from], learners }, -1, 0, out);
  // Joint consensus: the promotion (and the replaced voter's removal) go through C_old,new.
  const replacement = membership.replacement;
  const replacing = replacement?.learner === from ? replacement.voter : null;
  const voters = [...membership.voters.filter((node) => node !== replacing), from];
  const keep = replacement !== undefined && replacing === null ? { replacement } : {};
  const joint: Membership = { voters, learners, outgoing: membership.voters, ...keep };
  return leaveJointIfDue(context, appendConfig(context, state, role, joint, -1, 0, out), out);
}

/**
 * Joint consensus's second step: once C_old,new is committed, the leader appends C_new (the new
 * voters alone), as etcd-raft's auto-leave does; the client that asked is answered when C_new is
 * applied. Variant leave-joint-before-commit does not wait for the commit; variant
 * joint-stuck-after-leader-change leaves only in the term that entered the joint configuration.
 */
function leaveJointIfDue(context: Context, state: State, out: Outbox): State {
  const role = state.volatile.role;
  if (!context.config.membershipChanges || role.kind !== 'leader') return state;
  const { durable } = state;
  const membership = membershipAt(context.members, durable, lastIndex(durable));
  if (membership.outgoing === undefined) return state;
  const configIndex = lastConfigIndex(durable);
  if (context.rules.leaveJointAfterCommit && configIndex > state.volatile.commitIndex) return state;
  if (!context.rules.anyLeaderLeavesJoint && termAt(durable, configIndex) !== durable.currentTerm) return state;
  const command = configIndex > 0 ? entryAt(durable, configIndex)?.command : undefined;
  const requester = command?.type === 'config' ? command : { clientId: -1, operationId: 0 };
  const { outgoing: _outgoing, ...leaving } = membership;
  return appendConfig(context, state, role, leaving, requester.clientId, requester.operationId, out);
}

/** A leader that committed its own removal steps down (thesis §4.2.2). */
function stepDownIfRemoved(context: Context, state: State): State {
  if (!context.config.membershipChanges || state.volatile.role.kind !== 'leader') return state;
  const membership = membershipAt(context.members, state.durable, lastIndex(state.durable));
  if (isVoter(membership, context.node) || lastConfigIndex(state.durable) > state.volatile.commitIndex) return state;
  return becomeFollower(context, state, state.durable.currentTerm);
}

// ---------------------------------------------------------------------------------------------
// Life cycle

function drawTimeout(config: RaftSettings, seed: number): { electionTimeout: number; randomSeed: number } {
  const draw = drawInteger(seed, config.electionTimeoutTicksMin, config.electionTimeoutTicksMax);
  return { electionTimeout: draw.value, randomSeed: draw.next };
}

function freshVolatile(config: RaftSettings, randomSeed: number, snapshot: Snapshot): Volatile {
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

/** The empty snapshot (nothing applied yet) of a state machine. */
export function emptySnapshotOf<Machine>(stateMachine: RaftStateMachine<unknown, Machine, unknown>): RaftSnapshot<Machine> {
  return { index: 0, term: 0, machine: stateMachine.initial, membership: null };
}

/** A fresh node: term 0, empty log, a follower with a random election timeout drawn from `randomSeed`. */
export function initRaftNode<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  randomSeed: number,
): RaftNodeState<Command, Machine> {
  const snapshot = emptySnapshotOf(context.stateMachine);
  const durable: RaftDurable<Command, Machine> = {
    currentTerm: 0,
    votedFor: null,
    log: [],
    logStart: { index: 0, term: 0 },
    snapshot,
    unflushedSnapshotPrevious: null,
  };
  return { durable, volatile: freshVolatile(context.config, randomSeed, snapshot) as RaftVolatile<Command, Machine> };
}

/**
 * A restarted node is a follower that knows nothing but its durable state: it loads its snapshot
 * file and re-applies the log after it as it learns the commit index again (the `applied` effects
 * come again, so an embedder rebuilds what it derives from them).
 */
export function restartRaftNode<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  durable: RaftDurable<Command, Machine>,
  randomSeed: number,
): RaftNodeState<Command, Machine> {
  return { durable, volatile: freshVolatile(context.config, randomSeed, durable.snapshot) as RaftVolatile<Command, Machine> };
}

/**
 * What survives a crash. Everything durable is flushed before the step that changed it emits
 * anything, so a crash keeps it all. Variant `volatile-vote` keeps only the log: the term restarts
 * from the last entry's term and the vote is forgotten. Variant `snapshot-not-flushed` may hold a
 * snapshot file written but not flushed: a power loss brings back the previous one, while the log
 * stays truncated.
 */
export function crashRaftNode<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  state: RaftNodeState<Command, Machine>,
  options: { readonly loseUnflushed: boolean },
): RaftDurable<Command, Machine> {
  let durable = state.durable;
  // Stryker disable next-line BlockStatement: only variant snapshot-not-flushed leaves a snapshot unflushed (the correct model flushes it before the log)
  if (options.loseUnflushed && durable.unflushedSnapshotPrevious !== null) {
    // Stryker disable next-line ObjectLiteral: as above
    durable = { ...durable, snapshot: durable.unflushedSnapshotPrevious, unflushedSnapshotPrevious: null };
  }
  if (context.rules.persistTermAndVote) return durable;
  // Stryker disable next-line ObjectLiteral: only variant volatile-vote forgets its term and vote
  return { ...durable, currentTerm: lastLogTerm(durable), votedFor: null };
}

/** One step on a tick or on a Raft message from another member. */
export function stepRaftNode<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  state: RaftNodeState<Command, Machine>,
  input: RaftInput<Command, Machine>,
): RaftStep<Command, Machine, Result> {
  const out = new Outbox();
  const ctx = context as unknown as Context;
  let next: State;
  switch (input.kind) {
    case 'tick':
      next = tick(ctx, state as State, out);
      break;
    case 'receive':
      next = receive(ctx, state as State, input.from, input.message as Message, out);
      break;
    default:
      return assertNever(input, 'raft input');
  }
  return { state: next, effects: out.effects } as RaftStep<Command, Machine, Result>;
}

/** What became of a proposal. */
export type ProposalOutcome =
  /** Appended at `index` (it commits unless this leader is deposed first; watch the `applied` effects). */
  | { readonly kind: 'appended'; readonly index: number }
  /** Its requester's command is already in the log, not yet applied: nothing appended, the requester now waits for it. */
  | { readonly kind: 'pending' }
  /** This node does not lead; `leader` is the leader it knows of, if any. */
  | { readonly kind: 'not-leader'; readonly leader: NodeId | null };

/**
 * The embedder (a client front end, or KRaft's active controller with its own records) proposes a
 * command: a leader appends it and sends it on; anyone else says who leads, as far as it knows.
 */
export function propose<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  state: RaftNodeState<Command, Machine>,
  command: Command,
): RaftStep<Command, Machine, Result> & { readonly outcome: ProposalOutcome } {
  return withEffects((out) => proposeCore(context as unknown as Context, state as State, command, out));
}

/** A single-server membership change asked for by `requester` (needs `membershipChanges`). */
export function changeMembership<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  state: RaftNodeState<Command, Machine>,
  change: MembershipChange,
  requester: Requester,
): RaftStep<Command, Machine, Result> & { readonly outcome: MembershipChangeOutcome } {
  return withEffects((out) => changeMembershipCore(context as unknown as Context, state as State, change, requester, out));
}

/** Why a ReadIndex read is refused, or what became of it. */
export type ReadOutcome =
  | { readonly kind: 'started' }
  | { readonly kind: 'not-leader'; readonly leader: NodeId | null }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * A ReadIndex read (Raft §8): the leader records its commit index, confirms it still leads with a
 * heartbeat round, then answers with `stateMachine.query` in a `read` effect. Until it has committed
 * an entry of its own term it refuses. A read with the same requester replaces an older one.
 */
export function startRead<Command, Machine, Result>(
  context: RaftContext<Command, Machine, Result>,
  state: RaftNodeState<Command, Machine>,
  command: Command,
): RaftStep<Command, Machine, Result> & { readonly outcome: ReadOutcome } {
  return withEffects((out) => startReadCore(context as unknown as Context, state as State, command, out));
}

/** Runs one embedder request against a fresh outbox: its new state, its outcome and the effects it had, in order. */
function withEffects<Command, Machine, Result, Outcome>(
  run: (out: Outbox) => { readonly state: State; readonly outcome: Outcome },
): RaftStep<Command, Machine, Result> & { readonly outcome: Outcome } {
  const out = new Outbox();
  const result = run(out);
  return { ...result, effects: out.effects } as RaftStep<Command, Machine, Result> & { readonly outcome: Outcome };
}

function withVolatile(state: State, volatile: Volatile): State {
  return { durable: state.durable, volatile };
}

// ---------------------------------------------------------------------------------------------
// Time

function tick(context: Context, state: State, out: Outbox): State {
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
  if (membership !== null && !isVoter(membership, context.node)) {
    const committed = membershipAt(context.members, current.durable, volatile.commitIndex);
    if (!isVoter(committed, context.node)) return withVolatile(current, { ...volatile, electionElapsed: 0 });
  }
  return campaign(context, current, context.config.preVote ? 'pre-candidate' : 'candidate', out);
}

function tickLeader(context: Context, state: State, role: Leader, out: Outbox): State {
  const { config } = context;
  const volatile = state.volatile;
  let electionElapsed = volatile.electionElapsed;
  let nextRole = role;
  // Stryker disable next-line ConditionalExpression: equivalent, a leader with or without CheckQuorum is correct Raft: stepping down (or not) when cut off only moves clients sooner
  if (config.checkQuorum) {
    // Stryker disable next-line UpdateOperator: equivalent, as above (a leader that never counts the ticks never steps down)
    electionElapsed++;
    if (electionElapsed >= config.electionTimeoutTicksMin) {
      const active = quorum(context, state.durable, (node) => node === context.node || role.recentlyActive[node] === true);
      // Stryker disable next-line BlockStatement: equivalent, as above
      if (!active) {
        // Cut off from a majority: stop acting as leader, so clients go elsewhere.
        return becomeFollower(context, state, state.durable.currentTerm);
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

function resetTimer(context: Context, volatile: Volatile): Volatile {
  return { ...volatile, electionElapsed: 0, heartbeatElapsed: 0, ...drawTimeout(context.config, volatile.randomSeed) };
}

function campaign(context: Context, state: State, kind: 'candidate' | 'pre-candidate', out: Outbox): State {
  const durable = kind === 'candidate' ? { ...state.durable, currentTerm: state.durable.currentTerm + 1, votedFor: context.node } : state.durable;
  const volatile = { ...resetTimer(context, state.volatile), role: { kind, votes: [context.node] } };
  const message: Message = {
    type: 'request-vote',
    term: kind === 'candidate' ? durable.currentTerm : durable.currentTerm + 1,
    lastLogIndex: lastIndex(durable),
    lastLogTerm: lastLogTerm(durable),
    preVote: kind === 'pre-candidate',
  };
  for (const node of context.members) if (node !== context.node) out.send(node, message);
  // A voter that is a quorum alone (a KRaft quorum of one controller, or the last voter that
  // membership changes left) wins with its own vote: nobody else will ever answer (etcd-raft polls itself too).
  if (!wonElection(context, durable, volatile.role.votes)) return { durable, volatile };
  return kind === 'pre-candidate' ? campaign(context, { durable, volatile }, 'candidate', out) : becomeLeader(context, { durable, volatile }, out);
}

/** A follower the leader knows nothing about yet, or lost track of: probe it. */
const probing: FollowerProgress = { state: 'probe', probeSent: false, inflight: [], pendingSnapshot: 0 };

/** A follower of no known leader yet (an AppendEntries or InstallSnapshot names it: `followLeader`). */
function becomeFollower(context: Context, state: State, term: number): State {
  const durable = term > state.durable.currentTerm ? { ...state.durable, currentTerm: term, votedFor: null } : state.durable;
  return { durable, volatile: { ...resetTimer(context, state.volatile), role: { kind: 'follower', leader: null } } };
}

/** Arrays of the leader's bookkeeping are indexed by node id: one slot per id up to the highest member. */
function nodeSlots(context: Context): number {
  let highest = -1;
  for (const node of context.members) highest = Math.max(highest, node);
  return highest + 1;
}

function becomeLeader(context: Context, state: State, out: Outbox): State {
  const slots = nodeSlots(context);
  const term = state.durable.currentTerm;
  // A no-op of its own term lets the new leader commit (and so learn the commit index) at once.
  const log = [...state.durable.log, { term, command: { type: 'noop' } } satisfies LogEntry];
  const previousLast = lastIndex(state.durable);
  const role: Leader = {
    kind: 'leader',
    nextIndex: Array.from({ length: slots }, () => previousLast + 1),
    matchIndex: Array.from({ length: slots }, (_, node) => (node === context.node ? previousLast + 1 : 0)),
    // Stryker disable next-line ArrowFunction: equivalent, every reader takes a missing entry as probing (`?? probing`)
    progress: Array.from({ length: slots }, () => probing),
    waiting: [],
    pendingReads: [],
    readRound: 0,
    // Stryker disable next-line ArrowFunction: equivalent, every reader takes a missing entry as round 0 (`?? 0`)
    ackedReadRound: Array.from({ length: slots }, () => 0),
    // Stryker disable next-line ArrowFunction,BooleanLiteral: equivalent, CheckQuorum's first check one election timeout later or sooner (a leader with or without CheckQuorum is correct Raft)
    recentlyActive: Array.from({ length: slots }, () => false),
  };
  const next: State = {
    durable: { ...state.durable, log },
    volatile: { ...state.volatile, role, electionElapsed: 0, heartbeatElapsed: 0 },
  };
  return broadcastAppend(context, next, role, out);
}

function isUpToDate(candidateLastTerm: number, candidateLastIndex: number, durable: Durable): boolean {
  const ownLastTerm = lastLogTerm(durable);
  return candidateLastTerm > ownLastTerm || (candidateLastTerm === ownLastTerm && candidateLastIndex >= lastIndex(durable));
}

/**
 * CheckQuorum's lease: while a node hears from a leader, it ignores candidates from higher terms.
 * With membership changes it always applies (thesis §4.2.3): a removed server that never learnt of
 * its removal keeps standing for election and would otherwise depose every leader.
 */
function inLease(context: Context, state: State): boolean {
  if (!context.config.checkQuorum && !context.config.membershipChanges) return false;
  const role = state.volatile.role;
  const hasLeader = role.kind === 'leader' || (role.kind === 'follower' && role.leader !== null);
  return hasLeader && state.volatile.electionElapsed < context.config.electionTimeoutTicksMin;
}

// ---------------------------------------------------------------------------------------------
// Messages

function receive(context: Context, state: State, from: NodeId, message: Message, out: Outbox): State {
  let current = state;
  const term = state.durable.currentTerm;
  // Stryker disable next-line LogicalOperator: equivalent, a higher term a vote response carries is learnt again from the next message of that term (timing only)
  const grantedPreVote = message.type === 'request-vote-response' && message.preVote && message.granted;
  if (message.term > term) {
    if (message.type === 'request-vote') {
      if (inLease(context, state)) return state;
      if (message.preVote) return answerPreVote(context, state, from, message, out);
      current = becomeFollower(context, state, message.term);
    } else if (grantedPreVote) {
      // A granted PreVote names the term the pre-candidate asked about; nobody is in it yet.
    } else {
      // A leader's AppendEntries or InstallSnapshot then makes it follow the sender (followLeader).
      current = becomeFollower(context, state, message.term);
    }
  } else if (message.term < term) {
    // Tell a stale leader or candidate about the newer term; ignore stale responses.
    if (message.type === 'append-entries' || message.type === 'install-snapshot') {
      out.send(from, {
        type: 'append-entries-response',
        term,
        // Stryker disable next-line BooleanLiteral: equivalent, the answer carries a higher term: the stale leader steps down before reading it
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

function logCheckPasses(context: Context, state: State, request: VoteRequest): boolean {
  if (context.rules.voteRequiresUpToDateLog) return isUpToDate(request.lastLogTerm, request.lastLogIndex, state.durable);
  // Stryker disable next-line BooleanLiteral: only variant vote-without-log-check gets here
  return true;
}

function answerVote(context: Context, state: State, from: NodeId, request: VoteRequest, out: Outbox): State {
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

function answerPreVote(context: Context, state: State, from: NodeId, request: VoteRequest, out: Outbox): State {
  const granted = request.term > state.durable.currentTerm && logCheckPasses(context, state, request);
  out.send(from, {
    type: 'request-vote-response',
    term: granted ? request.term : state.durable.currentTerm,
    granted,
    preVote: true,
  });
  return state;
}

function countVote(context: Context, state: State, from: NodeId, response: Extract<Message, { type: 'request-vote-response' }>, out: Outbox): State {
  const role = state.volatile.role;
  if (!response.granted) return state;
  const expectedKind = response.preVote ? 'pre-candidate' : 'candidate';
  const expectedTerm = state.durable.currentTerm + (response.preVote ? 1 : 0);
  if (role.kind !== expectedKind || response.term !== expectedTerm) return state;
  // Without the set of voters (variant vote-count-not-set), a duplicated response counts twice.
  if (context.rules.countVotersOnce && role.votes.includes(from)) return state;
  const votes = [...role.votes, from];
  const next = withVolatile(state, { ...state.volatile, role: { kind: role.kind, votes } });
  if (!wonElection(context, state.durable, votes)) return next;
  return role.kind === 'pre-candidate' ? campaign(context, next, 'candidate', out) : becomeLeader(context, next, out);
}

/** Whether `votes` win: a majority of the members, or with membership changes a quorum of the configuration's voters. */
function wonElection(context: Context, durable: Durable, votes: readonly NodeId[]): boolean {
  // A count, not a set: variant vote-count-not-set's duplicated vote counts twice.
  if (!context.config.membershipChanges) return votes.length >= majority(context.members.length);
  if (context.rules.countOnlyVotersVotes) return quorum(context, durable, (node) => votes.includes(node));
  // Stryker disable next-line all: only variant votes-from-non-members counts every vote
  return votes.length >= majority(membershipAt(context.members, durable, lastIndex(durable)).voters.length);
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
function mergeEntries(context: Context, durable: Durable, prevLogIndex: number, entries: readonly LogEntry[]): readonly LogEntry[] {
  const { log, logStart } = durable;
  const start = prevLogIndex - logStart.index;
  if (!context.rules.truncateOnlyOnConflict) {
    // Stryker disable next-line all: only variant truncate-on-stale-append runs the block
    const replaced = log.slice(0, start);
    // Stryker disable next-line all: only variant truncate-on-stale-append runs the block
    for (const entry of entries) replaced.push(entry);
    // Stryker disable next-line all: only variant truncate-on-stale-append runs the block
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
function followLeader(state: State, from: NodeId): State | null {
  const role = state.volatile.role;
  // Stryker disable next-line StringLiteral: equivalent, no leader hears an AppendEntries of its own term in the correct model (election safety)
  if (role.kind === 'leader') return null;
  // Stryker disable next-line StringLiteral: equivalent, a candidate has no leader field, so it builds the follower role either way
  if (role.kind === 'follower' && role.leader === from) return state;
  return withVolatile(state, { ...state.volatile, role: { kind: 'follower', leader: from } });
}

function appendEntries(context: Context, state: State, from: NodeId, request: AppendRequest, out: Outbox): State {
  const current = followLeader(state, from);
  if (current === null) return state;
  const term = current.durable.currentTerm;
  const volatile = { ...current.volatile, electionElapsed: 0 };
  const answer = (success: boolean, matchIndex: number, durable: Durable): void => {
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
  // The consistency check; beyond the log, termAt is -1, which no request's prevLogTerm is.
  if (termAt(current.durable, request.prevLogIndex) !== request.prevLogTerm) {
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
 * index (the entries after it stay); anything else replaces the log and the machine. Variant
 * `snapshot-discards-log-suffix` always replaces both, even with an old snapshot.
 */
function installSnapshot(context: Context, state: State, from: NodeId, request: Extract<Message, { type: 'install-snapshot' }>, out: Outbox): State {
  const current = followLeader(state, from);
  if (current === null) return state;
  const snapshot = request.snapshot;
  let volatile: Volatile = { ...current.volatile, electionElapsed: 0 };
  let durable = current.durable;
  let matchIndex = snapshot.index;
  // Stryker disable next-line BlockStatement: equivalent, flow control only: the answer then names the snapshot's index instead of the commit index, which the leader's next heartbeat or answer makes up for
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
function compactThrough(durable: Durable, snapshot: Snapshot, unflushedSnapshotPrevious: Snapshot | null): Durable {
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
 * node snapshots its machine at the applied index and drops the log through it. The snapshot file
 * is flushed before the truncated log is written; variant `snapshot-not-flushed` writes the log
 * first and leaves the file to the operating system (flushed at the next tick, lost by a power
 * loss before).
 */
function maybeCompact(context: Context, state: State): State {
  const interval = context.config.snapshotIntervalEntries;
  const { durable, volatile } = state;
  // Stryker disable next-line all: equivalent, when to compact: any applied prefix may be compacted at any time (Raft §7), or never; it changes when a lagging follower gets a snapshot, never what it gets
  if (interval === 0 || volatile.lastApplied - durable.logStart.index < interval) return state;
  const term = termAt(durable, volatile.lastApplied);
  // Stryker disable next-line all: equivalent, never true (lastApplied is past the log start here, so its entry is in the log) or, mutated, compaction never happening (see above)
  if (term < 0) return state;
  const snapshot: Snapshot = context.config.membershipChanges
    ? {
        index: volatile.lastApplied,
        term,
        machine: volatile.machine,
        membership: membershipAt(context.members, durable, volatile.lastApplied),
        answeredChanges: answeredChangesThrough(durable, volatile.lastApplied),
      }
    : { index: volatile.lastApplied, term, machine: volatile.machine, membership: null };
  // Stryker disable next-line LogicalOperator: only variant snapshot-not-flushed keeps the previous snapshot
  const previous = context.rules.flushSnapshotBeforeTruncating ? null : (durable.unflushedSnapshotPrevious ?? durable.snapshot);
  return { durable: compactThrough(durable, snapshot, previous), volatile };
}

function appendEntriesResponse(
  context: Context,
  state: State,
  role: Leader,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
  out: Outbox,
): State {
  const recentlyActive = role.recentlyActive[from] ? role.recentlyActive : role.recentlyActive.with(from, true);
  // Stryker disable next-line LogicalOperator: equivalent, every member has a slot; a late answer of an older round would only lower the acknowledgement (a read waits a round)
  const ackedBefore = role.ackedReadRound[from] ?? 0;
  const ackedReadRound = response.readRound > ackedBefore ? role.ackedReadRound.with(from, response.readRound) : role.ackedReadRound;
  const updated: Leader = { ...role, recentlyActive, ackedReadRound };
  // Stryker disable BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  const {
    role: nextRole,
    resend,
    nudge = false,
  } = context.config.pipelining ? trackPipelined(context, state, updated, from, response) : trackStopAndWait(state, updated, from, response);
  // Stryker restore BooleanLiteral
  let next = withVolatile(state, { ...state.volatile, role: nextRole });
  if (nextRole.matchIndex !== role.matchIndex) next = advanceCommit(context, next, out);
  next = answerConfirmedReads(context, next, out);
  if (!resend) return promoteCaughtUpLearner(context, next, from, out);
  const leader = next.volatile.role;
  if (leader.kind !== 'leader') return next;
  return promoteCaughtUpLearner(context, fillWindow(context, next, leader, from, nudge, out), from, out);
}

interface Tracked {
  readonly role: Leader;
  readonly resend: boolean;
  /** Send even an empty AppendEntries (at nextIndex - 1), so a follower that lost what was streamed to it says so. */
  readonly nudge?: boolean;
}

/** The paper's replication: nextIndex moves on answers only; resend while the follower lags. */
function trackStopAndWait(state: State, role: Leader, from: NodeId, response: Extract<Message, { type: 'append-entries-response' }>): Tracked {
  const peerNext = role.nextIndex[from] ?? 1;
  const peerMatch = role.matchIndex[from] ?? 0;
  if (response.success) {
    // Stryker disable next-line BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
    if (response.matchIndex <= peerMatch) return { role, resend: false };
    const nextIndex = response.matchIndex + 1 > peerNext ? role.nextIndex.with(from, response.matchIndex + 1) : role.nextIndex;
    const matchIndex = role.matchIndex.with(from, response.matchIndex);
    // Not resending to a lagging follower (it would get the rest at the next heartbeat) breaks replication-continues.
    // Stryker disable next-line LogicalOperator: equivalent, every follower has a nextIndex slot
    return { role: { ...role, nextIndex, matchIndex }, resend: (nextIndex[from] ?? 1) <= lastIndex(state.durable) };
  }
  // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (any nextIndex above matchIndex is safe)
  if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {
    // The rejection answers our current probe (not a stale or duplicated one): step back.
    // Stryker disable next-line ArithmeticOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (stepping back further only probes more)
    const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));
    // Waiting for the next heartbeat to probe breaks replication-continues.
    return { role: { ...role, nextIndex: role.nextIndex.with(from, backTo) }, resend: true };
  }
  // Stryker disable next-line BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  return { role, resend: false };
}

/** etcd-raft's `Progress` on an answer: acknowledgements free the inflight window, rejections fall back to probe. */
function trackPipelined(
  context: Context,
  state: State,
  role: Leader,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
): Tracked {
  const progress = role.progress[from] ?? probing;
  const peerNext = role.nextIndex[from] ?? 1;
  const peerMatch = role.matchIndex[from] ?? 0;
  const withProgress = (next: FollowerProgress, nextIndex: number, matchIndex = peerMatch): Leader => ({
    ...role,
    progress: role.progress.with(from, next),
    nextIndex: role.nextIndex.with(from, nextIndex),
    matchIndex: role.matchIndex.with(from, matchIndex),
  });
  if (response.success) {
    const match = response.matchIndex;
    if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {
      // A probe answered, a snapshot installed, or entries acknowledged: stream from here on.
      const replicating = progress.state === 'replicate';
      const inflight = replicating ? progress.inflight.filter((index) => index > match) : [];
      const next = replicating ? Math.max(peerNext, match + 1) : match + 1;
      // Perhaps a heartbeat's answer: nudge as below, or a stream lost before it waits for the next heartbeat.
      // Stryker disable next-line LogicalOperator: equivalent, flow control only: more nudges, more AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
      const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);
      // Stryker disable next-line BooleanLiteral: equivalent, probeSent is read only in probe state, and every way back to probe resets it; without the resend the next answer or heartbeat streams
      return { role: withProgress({ state: 'replicate', probeSent: false, inflight, pendingSnapshot: 0 }, next, match), resend: true, nudge };
    }
    // A heartbeat's answer (or a stale one): the follower is alive but lags. As etcd-raft does,
    // send it an AppendEntries at nextIndex (empty if nothing is new): if what was streamed to it
    // was lost, its rejection sends it back to probe. A full window first frees a slot.
    // Stryker disable next-line LogicalOperator,BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (an empty AppendEntries to a caught-up follower)
    if (progress.state !== 'replicate' || match >= lastIndex(state.durable)) return { role, resend: false };
    if (progress.inflight.length < context.config.maxInflightMessages) return { role, resend: true, nudge: true };
    // Stryker disable next-line ObjectLiteral: only variant full-window-stalls gets here
    if (!context.rules.heartbeatFreesFullWindow) return { role, resend: false };
    // Leaving the freed slot for the next answer breaks replication-continues.
    return { role: withProgress({ ...progress, inflight: progress.inflight.slice(1) }, peerNext), resend: true, nudge: true };
  }
  // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a probe restarts from matchIndex + 1)
  if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {
    // A message of the window did not fit: back to probing from what is known to match.
    return { role: withProgress(probing, peerMatch + 1), resend: true };
  }
  // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (any probe from above matchIndex is safe and is answered)
  if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {
    // Stryker disable next-line ArithmeticOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a follower holds its matchIndex, so the rejection's own bound is above it; stepping back further only probes more)
    const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));
    return { role: withProgress(probing, backTo), resend: true };
  }
  // Stryker disable next-line BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  return { role, resend: false };
}

/** The commit rule: the highest index stored on a majority whose entry is of the leader's term. */
function advanceCommit(context: Context, state: State, out: Outbox): State {
  const role = state.volatile.role;
  if (role.kind !== 'leader') return state;
  const { durable } = state;
  const countOldTerms = !context.rules.commitOnlyCurrentTermByCounting;
  for (let index = lastIndex(durable); index > state.volatile.commitIndex; index--) {
    // Terms never decrease along a log, so below the first older-term entry there is nothing to commit.
    if (!countOldTerms && termAt(durable, index) !== durable.currentTerm) break;
    // The leader's own matchIndex is its last index (set on every append).
    if (!quorum(context, durable, (node) => (role.matchIndex[node] ?? 0) >= index)) continue;
    const moved = withVolatile(state, { ...state.volatile, commitIndex: index });
    // Joint consensus: leave C_old,new as soon as it commits (before applying, which may compact it away).
    return stepDownIfRemoved(context, applyCommitted(context, jointMode(context) ? leaveJointIfDue(context, moved, out) : moved, out));
  }
  return state;
}

function sameRequester(a: Requester, b: Requester): boolean {
  // Both comparisons matter: a leader's own configuration changes name requester (-1, 0), and operation 0 is some client's.
  return a.clientId === b.clientId && a.operationId === b.operationId;
}

/** The requester waiting on this leader for an entry's result, or null. */
function waitingRequester(context: Context, role: Leader, command: Exclude<RaftCommand<unknown>, { type: 'noop' }>): Requester | null {
  if (role.waiting.length === 0) return null;
  const requester =
    command.type === 'config'
      ? command.clientId < 0 || command.membership.outgoing !== undefined
        ? null
        : { clientId: command.clientId, operationId: command.operationId }
      : (context.stateMachine.requesterOf?.(command.command) ?? null);
  return requester !== null && role.waiting.some((waiting) => sameRequester(waiting, requester)) ? requester : null;
}

/**
 * Applies committed entries to the machine, reporting each in an `applied` (or `config-applied`)
 * effect; a leader names the requester waiting for it and forgets it. Then compacts if due.
 */
function applyCommitted(context: Context, state: State, out: Outbox): State {
  const volatile = state.volatile;
  if (volatile.lastApplied >= volatile.commitIndex) return state;
  let machine = volatile.machine;
  let role = volatile.role;
  for (let index = volatile.lastApplied + 1; index <= volatile.commitIndex; index++) {
    // A missing entry only happens in variant snapshot-not-flushed (a log that starts after its snapshot): it is skipped, as etcd's raftexample replayed the WAL.
    const entry = entryAt(state.durable, index);
    if (entry === undefined || entry.command.type === 'noop') continue;
    const command = entry.command;
    const requester = role.kind === 'leader' ? waitingRequester(context, role, command) : null;
    if (requester !== null && role.kind === 'leader')
      role = { ...role, waiting: role.waiting.filter((waiting) => !sameRequester(waiting, requester)) };
    if (command.type === 'config') {
      out.effects.push({ kind: 'config-applied', index, membership: command.membership, requester });
      continue;
    }
    const applied = context.stateMachine.apply(machine, command.command);
    machine = applied.machine;
    out.effects.push({ kind: 'applied', index, term: entry.term, command: command.command, result: applied.result, requester });
  }
  return maybeCompact(context, withVolatile(state, { ...volatile, machine, role, lastApplied: volatile.commitIndex }));
}

/** Whether etcd-raft's flow control holds back the next AppendEntries to this follower. */
function paused(context: Context, progress: FollowerProgress): boolean {
  if (!context.config.pipelining) return false;
  switch (progress.state) {
    // Stryker disable next-line ConditionalExpression: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
    case 'probe':
      return progress.probeSent;
    case 'replicate':
      return progress.inflight.length >= context.config.maxInflightMessages;
    case 'snapshot':
      // Stryker disable next-line BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
      return true;
    default:
      return assertNever(progress.state, 'progress state');
  }
}

function answerConfirmedReads(context: Context, state: State, out: Outbox): State {
  const role = state.volatile.role;
  if (role.kind !== 'leader' || role.pendingReads.length === 0) return state;
  const remaining: PendingRead<unknown>[] = [];
  for (const read of role.pendingReads) {
    // The leader acknowledges its own round when it starts it (startRead).
    const confirmedByQuorum = quorum(context, state.durable, (node) => (role.ackedReadRound[node] ?? 0) >= read.round);
    if (confirmedByQuorum && state.volatile.lastApplied >= read.readIndex) {
      // Stryker disable next-line OptionalChaining: equivalent, only a machine with `query` starts reads (KRaft's never does)
      out.effects.push({ kind: 'read', command: read.command, result: context.stateMachine.query?.(state.volatile.machine, read.command) });
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
// Stryker disable next-line BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
function sendAppend(context: Context, state: State, role: Leader, to: NodeId, out: Outbox, sendIfEmpty = false): Leader {
  // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  const progress = role.progress[to] ?? probing;
  if (paused(context, progress)) return role;
  const { durable } = state;
  const prevLogIndex = Math.min((role.nextIndex[to] ?? 1) - 1, lastIndex(durable));
  const pipelining = context.config.pipelining;
  if (prevLogIndex < durable.logStart.index) {
    out.send(to, { type: 'install-snapshot', term: durable.currentTerm, snapshot: durable.snapshot, readRound: role.readRound });
    // Stryker disable next-line all: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (without pipelining the progress state is never read)
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
  // Stryker disable next-line BooleanLiteral,ConditionalExpression: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (without pipelining nothing reads the progress state)
  if (!pipelining) return role;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,BooleanLiteral: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  if (progress.state === 'probe') return { ...role, progress: role.progress.with(to, { ...progress, probeSent: true }) };
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
  if (entries.length === 0) return role;
  const last = prevLogIndex + entries.length;
  return {
    ...role,
    nextIndex: role.nextIndex.with(to, last + 1),
    progress: role.progress.with(to, { ...progress, inflight: [...progress.inflight, last] }),
  };
}

/** After an answer: one message, or with pipelining as many as the window takes while entries remain. */
function fillWindow(context: Context, state: State, role: Leader, to: NodeId, nudge: boolean, out: Outbox): State {
  let current = role;
  const rounds = context.config.pipelining ? context.config.maxInflightMessages : 1;
  // Stryker disable next-line UpdateOperator: equivalent, the window (paused) and an unchanged role end the loop before the bound does
  for (let round = 0; round < rounds; round++) {
    // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
    const next = sendAppend(context, state, current, to, out, nudge && round === 0);
    // Stryker disable next-line all: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
    if (next === current) break;
    current = next;
    // Stryker disable next-line all: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe)
    if ((current.nextIndex[to] ?? 1) > lastIndex(state.durable)) break;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (an unchanged role gives an equal state)
  return current === role ? state : withVolatile(state, { ...state.volatile, role: current });
}

function broadcastAppend(context: Context, state: State, role: Leader, out: Outbox): State {
  let current = role;
  const membership = membershipOf(context, state.durable);
  for (const node of context.members) {
    if (node !== context.node && isMember(membership, node)) current = sendAppend(context, state, current, node, out);
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an unchanged role gives an equal state
  const next = current === role ? state : withVolatile(state, { ...state.volatile, role: current });
  // A configuration whose only voter is the leader, or a quorum of one, commits without any answer to wait for,
  // and confirms the reads it started before it was alone (the answers they waited for will never come).
  const alone = membership === null ? context.members.length === 1 : membership.voters.length === 1;
  return alone ? answerConfirmedReads(context, advanceCommit(context, next, out), out) : next;
}

/**
 * The heartbeat round (also ReadIndex's confirmation round). Without pipelining every follower gets
 * the AppendEntries from its nextIndex, as in the paper. With it, as in etcd-raft: a follower in
 * probe may be probed again, one waiting for a snapshot gets it again, and one in replicate gets an
 * empty AppendEntries at its matchIndex (which it holds, so it answers yes without touching the window).
 */
function broadcastHeartbeat(context: Context, state: State, role: Leader, out: Outbox): State {
  if (!context.config.pipelining) return broadcastAppend(context, state, role, out);
  const { durable } = state;
  let current = role;
  const membership = membershipOf(context, durable);
  for (const node of context.members) {
    // Stryker disable next-line LogicalOperator: equivalent, a leader drops an AppendEntries of its own term from itself, and a server outside the configuration that follows the leader is counted in no quorum
    if (node === context.node || !isMember(membership, node)) continue;
    const progress = current.progress[node] ?? probing;
    if (progress.state === 'replicate') {
      // Stryker disable next-line LogicalOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a heartbeat at the log start is answered below matchIndex, and that answer's nudge sends the commit index)
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
      // Its answer may look like an acknowledgement (etcd-raft's heartbeats carry no index): see trackPipelined.
      // Sent at the log start above matchIndex, or answered from the follower's snapshot with its commit index:
      // either way the commit index is above matchIndex (a log starts at or below its commit index), so that decides.
      // Stryker disable next-line LogicalOperator: equivalent, flow control only: matchIndex read as 0 marks more heartbeats, whose answers nudge more (the consistency check keeps any AppendEntries safe)
      const match = current.matchIndex[node] ?? 0;
      // Stryker disable next-line BooleanLiteral,LogicalOperator: equivalent, flow control only: a progress marked again (the flag is never false), or marked more often, nudges more, never otherwise
      if (progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match) {
        current = { ...current, progress: current.progress.with(node, { ...progress, heartbeatMayAcknowledge: true }) };
      }
    } else {
      current = sendAppend(context, state, { ...current, progress: current.progress.with(node, probing) }, node, out);
    }
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (an unchanged role gives an equal state)
  return current === role ? state : withVolatile(state, { ...state.volatile, role: current });
}

// ---------------------------------------------------------------------------------------------
// Proposals and reads

function proposeCore(context: Context, state: State, command: unknown, out: Outbox): { state: State; outcome: ProposalOutcome } {
  const role = state.volatile.role;
  if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };
  const requester = context.stateMachine.requesterOf?.(command) ?? null;
  const durable = state.durable;
  // Stryker disable next-line MethodExpression: equivalent, a leader applies every entry its waiting requesters wait for while it leads, so a client's older requester kept would only get a late answer the client no longer waits for
  const waiting = requester === null ? role.waiting : [...role.waiting.filter((other) => other.clientId !== requester.clientId), requester];
  // The store de-duplicates by (client, operation) at apply, so a second copy of a command in the log
  // changes nothing a client sees: the search below only saves the entry.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see above
  if (requester !== null) {
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression: equivalent, see above (an applied command is answered from its session before it gets here)
    for (let index = state.volatile.lastApplied + 1; index <= lastIndex(durable); index++) {
      // Stryker disable next-line OptionalChaining: equivalent, every entry after the applied index is in the log
      const logged = entryAt(durable, index)?.command;
      // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, see above (every entry after the applied index is in the log; a test never true only saves no entry)
      if (logged?.type !== 'command') continue;
      // Stryker disable next-line LogicalOperator,OptionalChaining: equivalent, see above (a machine that names requesters has requesterOf; a null requester only saves no entry)
      const other = context.stateMachine.requesterOf?.(logged.command) ?? null;
      if (other !== null && sameRequester(other, requester)) {
        // Already in the log, not yet applied: wait for it rather than appending it twice.
        // Stryker disable next-line StringLiteral: equivalent, the embedders act on the effects; only the component's tests read a proposal's outcome
        return { state: withVolatile(state, { ...state.volatile, role: { ...role, waiting } }), outcome: { kind: 'pending' } };
      }
    }
  }
  const entry: LogEntry = { term: durable.currentTerm, command: { type: 'command', command } };
  const nextDurable = { ...durable, log: [...durable.log, entry] };
  const matchIndex = role.matchIndex.with(context.node, lastIndex(nextDurable));
  const nextRole: Leader = { ...role, waiting, matchIndex };
  return {
    state: broadcastAppend(context, { durable: nextDurable, volatile: { ...state.volatile, role: nextRole } }, nextRole, out),
    // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, the embedders act on the effects; only the component's tests read a proposal's outcome
    outcome: { kind: 'appended', index: lastIndex(nextDurable) },
  };
}

/**
 * The pending reads a new read of `requester` leaves: it replaces an older read of the same client.
 * Keeping the older one would change nothing a client sees: it is confirmed no later than the newer
 * one, and its answer goes to a client that no longer waits for it (or is a second, ignored copy).
 */
function readsKept(context: Context, role: Leader, requester: Requester | null): readonly PendingRead<unknown>[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see above (kv's machine names every read's requester)
  if (requester === null) return role.pendingReads;
  // Stryker disable next-line MethodExpression,OptionalChaining: equivalent, see above
  return role.pendingReads.filter((other) => context.stateMachine.requesterOf?.(other.command)?.clientId !== requester.clientId);
}

function startReadCore(context: Context, state: State, command: unknown, out: Outbox): { state: State; outcome: ReadOutcome } {
  const role = state.volatile.role;
  // Stryker disable next-line ObjectLiteral: equivalent, the only caller (model.ts) starts reads on a leader and reads nothing but a refusal
  if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };
  const { commitIndex } = state.volatile;
  if (termAt(state.durable, commitIndex) !== state.durable.currentTerm) {
    // Until its no-op commits, a new leader does not know the commit index (Raft §8).
    return { state, outcome: { kind: 'refused', reason: 'leader has not committed an entry of its term yet' } };
  }
  const round = role.readRound + 1;
  // Stryker disable next-line LogicalOperator,OptionalChaining: equivalent, kv's machine names every read's requester (readsKept keeps every read otherwise, which changes nothing a client sees)
  const requester = context.stateMachine.requesterOf?.(command) ?? null;
  const kept = readsKept(context, role, requester);
  const nextRole: Leader = {
    ...role,
    readRound: round,
    ackedReadRound: role.ackedReadRound.with(context.node, round),
    pendingReads: [...kept, { command, readIndex: commitIndex, round }],
  };
  const confirming = broadcastHeartbeat(context, withVolatile(state, { ...state.volatile, role: nextRole }), nextRole, out);
  // A leader that is a quorum on its own (a configuration of one voter) gets no answer to wait for:
  // the read is confirmed at once (found by the mutation hunts: such a read was never answered).
  // Stryker disable next-line StringLiteral: equivalent, callers read only the refused outcome (a started read is answered once confirmed)
  return { state: answerConfirmedReads(context, confirming, out), outcome: { kind: 'started' } };
}

// ---------------------------------------------------------------------------------------------
// Transcript text

/** A configuration, e.g. `voters 0,1,2 learners 3`. */
export function describeMembership(membership: Membership): string {
  const learners = membership.learners.length === 0 ? '' : ` learners ${membership.learners.join(',')}`;
  const outgoing = membership.outgoing === undefined ? '' : ` joint with voters ${membership.outgoing.join(',')}`;
  const replacement = membership.replacement === undefined ? '' : ` (${membership.replacement.learner} to replace ${membership.replacement.voter})`;
  return `voters ${membership.voters.join(',')}${outgoing}${learners}${replacement}`;
}

export function describeRaftCommand<Command>(command: RaftCommand<Command>, stateMachine: RaftStateMachine<Command, unknown, unknown>): string {
  switch (command.type) {
    case 'noop':
      return 'noop';
    case 'command':
      return stateMachine.describeCommand(command.command);
    case 'config':
      return `config ${describeMembership(command.membership)}`;
    default:
      return assertNever(command, 'raft command');
  }
}

/** `term:command`, e.g. `2:put x 1`, in brackets for a list. */
export function describeRaftEntries<Command>(
  entries: readonly RaftLogEntry<Command>[],
  stateMachine: RaftStateMachine<Command, unknown, unknown>,
): string {
  return `[${entries.map((entry) => `${entry.term}:${describeRaftCommand(entry.command, stateMachine)}`).join(', ')}]`;
}

export function describeRaftMessage<Command, Machine>(
  message: RaftMessage<Command, Machine>,
  stateMachine: RaftStateMachine<Command, Machine, unknown>,
): string {
  switch (message.type) {
    case 'request-vote':
      return `${message.preVote ? 'PreVote' : 'RequestVote'}(term ${message.term}, last log ${message.lastLogIndex}@term ${message.lastLogTerm})`;
    case 'request-vote-response':
      return `${message.preVote ? 'PreVoteResponse' : 'RequestVoteResponse'}(term ${message.term}, ${message.granted ? 'granted' : 'rejected'})`;
    case 'append-entries': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return `AppendEntries(term ${message.term}, prev ${message.prevLogIndex}@term ${message.prevLogTerm}, ${describeRaftEntries(message.entries, stateMachine)}, commit ${message.leaderCommit}${read})`;
    }
    case 'append-entries-response': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return message.success
        ? `AppendEntriesResponse(term ${message.term}, ok, match ${message.matchIndex}${read})`
        : `AppendEntriesResponse(term ${message.term}, rejected prev ${message.rejectedIndex}, log length ${message.lastLogIndex}${read})`;
    }
    case 'install-snapshot': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return `InstallSnapshot(term ${message.term}, through ${message.snapshot.index}@term ${message.snapshot.term}, ${stateMachine.describeMachine(message.snapshot.machine)}${read})`;
    }
    default:
      return assertNever(message, 'raft message');
  }
}
