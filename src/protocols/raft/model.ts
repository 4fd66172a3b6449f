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
 * Simplified: no snapshots or log compaction, no membership changes, no leadership transfer;
 * every write to the durable state is flushed before the step's messages leave (one fsync per
 * step), so a power loss loses nothing that a process crash would keep.
 */
import { assertNever } from '../../core/assert.ts';
import { drawInteger } from '../../core/random.ts';
import type { ClientReply, ClientRequest, NodeAction, NodeContext, NodeId, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import { applyClientCommand, emptyStateMachine, readValue, type Operation, type Output, type StateMachine } from './kv.ts';
import type { LogEntry, Message } from './messages.ts';

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
};

/** What Raft persists before answering any RPC or sending any message that depends on it. */
export interface RaftDurable {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  readonly log: readonly LogEntry[];
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

export interface LeaderRole {
  readonly kind: 'leader';
  readonly nextIndex: readonly number[];
  readonly matchIndex: readonly number[];
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
  | 'no-truncate-on-conflict';

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
}

export const correctRaftRules: RaftRules = {
  persistTermAndVote: true,
  voteRequiresUpToDateLog: true,
  countVotersOnce: true,
  truncateConflictingEntries: true,
  commitOnlyCurrentTermByCounting: true,
  confirmLeadershipBeforeRead: true,
};

type Context = NodeContext<RaftConfig, RaftRules>;
type Action = NodeAction<Message, Output>;
type Result = StepResult<RaftState, Message, Output>;

export function majority(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

export function lastLogTerm(log: readonly LogEntry[]): number {
  return log.length === 0 ? 0 : (log[log.length - 1]?.term ?? 0);
}

/** The term of the entry at 1-based `index`; 0 for index 0. Callers check the index exists. */
export function termAt(log: readonly LogEntry[], index: number): number {
  return index === 0 ? 0 : (log[index - 1]?.term ?? -1);
}

function drawTimeout(config: RaftConfig, seed: number): { electionTimeout: number; randomSeed: number } {
  const draw = drawInteger(seed, config.electionTimeoutTicksMin, config.electionTimeoutTicksMax);
  return { electionTimeout: draw.value, randomSeed: draw.next };
}

function freshVolatile(config: RaftConfig, randomSeed: number): RaftVolatile {
  return {
    role: { kind: 'follower', leader: null },
    commitIndex: 0,
    lastApplied: 0,
    machine: emptyStateMachine,
    electionElapsed: 0,
    heartbeatElapsed: 0,
    ...drawTimeout(config, randomSeed),
  };
}

export function initRaft(context: Context, randomSeed: number): RaftState {
  return { durable: { currentTerm: 0, votedFor: null, log: [] }, volatile: freshVolatile(context.config, randomSeed) };
}

/** A restarted node is a follower that knows nothing but its durable state; it re-applies the log as it learns the commit index. */
export function restartRaft(context: Context, durable: RaftDurable, randomSeed: number): RaftState {
  return { durable, volatile: freshVolatile(context.config, randomSeed) };
}

/**
 * Everything durable is flushed before the step that changed it emits anything, so a crash keeps
 * it all. Variant `volatile-vote` keeps only the log: the term restarts from the last entry's term
 * and the vote is forgotten.
 */
export function crashRaft(context: Context, state: RaftState): RaftDurable {
  if (context.rules.persistTermAndVote) return state.durable;
  const log = state.durable.log;
  return { currentTerm: lastLogTerm(log), votedFor: null, log };
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
  const volatile = state.volatile;
  if (volatile.role.kind === 'leader') return tickLeader(context, state, volatile.role, out);
  const electionElapsed = volatile.electionElapsed + 1;
  if (electionElapsed < volatile.electionTimeout) return withVolatile(state, { ...volatile, electionElapsed });
  return campaign(context, state, context.config.preVote ? 'pre-candidate' : 'candidate', out);
}

function tickLeader(context: Context, state: RaftState, role: LeaderRole, out: Outbox): RaftState {
  const { config } = context;
  const volatile = state.volatile;
  let electionElapsed = volatile.electionElapsed;
  let nextRole = role;
  if (config.checkQuorum) {
    electionElapsed++;
    if (electionElapsed >= config.electionTimeoutTicksMin) {
      let active = 1;
      for (let node = 0; node < context.nodeCount; node++) if (node !== context.node && role.recentlyActive[node]) active++;
      if (active < majority(context.nodeCount)) {
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
  const next = withVolatile(state, { ...volatile, role: nextRole, electionElapsed, heartbeatElapsed: 0 });
  broadcastAppend(context, next, nextRole, out);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Elections

function resetTimer(context: Context, volatile: RaftVolatile): RaftVolatile {
  return { ...volatile, electionElapsed: 0, heartbeatElapsed: 0, ...drawTimeout(context.config, volatile.randomSeed) };
}

function campaign(context: Context, state: RaftState, kind: 'candidate' | 'pre-candidate', out: Outbox): RaftState {
  const durable =
    kind === 'candidate'
      ? { ...state.durable, currentTerm: state.durable.currentTerm + 1, votedFor: context.node }
      : state.durable;
  const volatile = { ...resetTimer(context, state.volatile), role: { kind, votes: [context.node] } };
  const log = durable.log;
  const message: Message = {
    type: 'request-vote',
    term: kind === 'candidate' ? durable.currentTerm : durable.currentTerm + 1,
    lastLogIndex: log.length,
    lastLogTerm: lastLogTerm(log),
    preVote: kind === 'pre-candidate',
  };
  for (let node = 0; node < context.nodeCount; node++) if (node !== context.node) out.send(node, message);
  return { durable, volatile };
}

function becomeFollower(context: Context, state: RaftState, term: number, leader: NodeId | null): RaftState {
  const durable =
    term > state.durable.currentTerm ? { ...state.durable, currentTerm: term, votedFor: null } : state.durable;
  return { durable, volatile: { ...resetTimer(context, state.volatile), role: { kind: 'follower', leader } } };
}

function becomeLeader(context: Context, state: RaftState, out: Outbox): RaftState {
  const { nodeCount } = context;
  const term = state.durable.currentTerm;
  // A no-op of its own term lets the new leader commit (and so learn the commit index) at once.
  const log = [...state.durable.log, { term, command: { type: 'noop' } } satisfies LogEntry];
  const previousLength = state.durable.log.length;
  const role: LeaderRole = {
    kind: 'leader',
    nextIndex: Array.from({ length: nodeCount }, () => previousLength + 1),
    matchIndex: Array.from({ length: nodeCount }, (_, node) => (node === context.node ? log.length : 0)),
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
  broadcastAppend(context, next, role, out);
  return next;
}

function isUpToDate(candidateLastTerm: number, candidateLastIndex: number, log: readonly LogEntry[]): boolean {
  const ownLastTerm = lastLogTerm(log);
  return candidateLastTerm > ownLastTerm || (candidateLastTerm === ownLastTerm && candidateLastIndex >= log.length);
}

/** CheckQuorum's lease: while a node hears from a leader, it ignores candidates from higher terms. */
function inLease(context: Context, state: RaftState): boolean {
  if (!context.config.checkQuorum) return false;
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
      current = becomeFollower(context, state, message.term, message.type === 'append-entries' ? from : null);
    }
  } else if (message.term < term) {
    // Tell a stale leader or candidate about the newer term; ignore stale responses.
    if (message.type === 'append-entries') {
      out.send(from, {
        type: 'append-entries-response',
        term,
        success: false,
        matchIndex: 0,
        rejectedIndex: message.prevLogIndex,
        lastLogIndex: state.durable.log.length,
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
  return isUpToDate(request.lastLogTerm, request.lastLogIndex, state.durable.log);
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
  if (votes.length < majority(context.nodeCount)) return next;
  return role.kind === 'pre-candidate' ? campaign(context, next, 'candidate', out) : becomeLeader(context, next, out);
}

type AppendRequest = Extract<Message, { type: 'append-entries' }>;

/**
 * Merges the leader's entries after `prevLogIndex`. Correct Raft deletes a conflicting entry and
 * everything after it, then appends. Variant `no-truncate-on-conflict` keeps whatever it already
 * holds at those indexes, conflicting or not, and only appends what lies beyond its log.
 */
function mergeEntries(context: Context, log: readonly LogEntry[], prevLogIndex: number, entries: readonly LogEntry[]): readonly LogEntry[] {
  const keepConflicting = !context.rules.truncateConflictingEntries;
  for (let offset = 0; offset < entries.length; offset++) {
    const index = prevLogIndex + 1 + offset;
    const entry = entries[offset] as LogEntry;
    if (index > log.length) {
      const merged = log.slice();
      for (let rest = offset; rest < entries.length; rest++) merged.push(entries[rest] as LogEntry);
      return merged;
    }
    if ((log[index - 1] as LogEntry).term === entry.term || keepConflicting) continue;
    const truncated = log.slice(0, index - 1);
    for (let rest = offset; rest < entries.length; rest++) truncated.push(entries[rest] as LogEntry);
    return truncated;
  }
  return log;
}

function appendEntries(context: Context, state: RaftState, from: NodeId, request: AppendRequest, out: Outbox): RaftState {
  const role = state.volatile.role;
  // Two leaders in one term only happen in buggy variants; the leader keeps its own log.
  if (role.kind === 'leader') return state;
  let current = state;
  if (role.kind !== 'follower' || role.leader !== from) {
    current = withVolatile(state, { ...state.volatile, role: { kind: 'follower', leader: from } });
  }
  const term = current.durable.currentTerm;
  const log = current.durable.log;
  const volatile = { ...current.volatile, electionElapsed: 0 };
  if (request.prevLogIndex > log.length || termAt(log, request.prevLogIndex) !== request.prevLogTerm) {
    out.send(from, {
      type: 'append-entries-response',
      term,
      success: false,
      matchIndex: 0,
      rejectedIndex: request.prevLogIndex,
      lastLogIndex: log.length,
      readRound: request.readRound,
    });
    return withVolatile(current, volatile);
  }
  const merged = mergeEntries(context, log, request.prevLogIndex, request.entries);
  const lastNewIndex = request.prevLogIndex + request.entries.length;
  const durable = merged === log ? current.durable : { ...current.durable, log: merged };
  const commitIndex = Math.max(volatile.commitIndex, Math.min(request.leaderCommit, lastNewIndex));
  const next = applyCommitted({ durable, volatile: { ...volatile, commitIndex } }, out);
  out.send(from, {
    type: 'append-entries-response',
    term,
    success: true,
    matchIndex: lastNewIndex,
    rejectedIndex: 0,
    lastLogIndex: merged.length,
    readRound: request.readRound,
  });
  return next;
}

function appendEntriesResponse(
  context: Context,
  state: RaftState,
  role: LeaderRole,
  from: NodeId,
  response: Extract<Message, { type: 'append-entries-response' }>,
  out: Outbox,
): RaftState {
  const log = state.durable.log;
  const recentlyActive = role.recentlyActive[from] ? role.recentlyActive : role.recentlyActive.with(from, true);
  const ackedReadRound =
    response.readRound > (role.ackedReadRound[from] ?? 0) ? role.ackedReadRound.with(from, response.readRound) : role.ackedReadRound;
  let nextIndex = role.nextIndex;
  let matchIndex = role.matchIndex;
  let resend = false;
  const peerNext = role.nextIndex[from] ?? 1;
  const peerMatch = role.matchIndex[from] ?? 0;
  if (response.success) {
    if (response.matchIndex > peerMatch) {
      matchIndex = matchIndex.with(from, response.matchIndex);
      if (response.matchIndex + 1 > peerNext) nextIndex = nextIndex.with(from, response.matchIndex + 1);
    }
    resend = (nextIndex[from] ?? 1) <= log.length && response.matchIndex > peerMatch;
  } else if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {
    // The rejection answers our current probe (not a stale or duplicated one): step back.
    const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));
    nextIndex = nextIndex.with(from, backTo);
    resend = true;
  }
  const nextRole: LeaderRole = { ...role, recentlyActive, ackedReadRound, nextIndex, matchIndex };
  let next = withVolatile(state, { ...state.volatile, role: nextRole });
  if (matchIndex !== role.matchIndex) next = advanceCommit(context, next, out);
  next = answerConfirmedReads(context, next, out);
  if (resend) {
    const leader = next.volatile.role;
    if (leader.kind === 'leader') sendAppend(context, next, leader, from, out);
  }
  return next;
}

/** The commit rule: the highest index stored on a majority whose entry is of the leader's term. */
function advanceCommit(context: Context, state: RaftState, out: Outbox): RaftState {
  const role = state.volatile.role;
  if (role.kind !== 'leader') return state;
  const { currentTerm, log } = state.durable;
  const countOldTerms = !context.rules.commitOnlyCurrentTermByCounting;
  const needed = majority(context.nodeCount);
  for (let index = log.length; index > state.volatile.commitIndex; index--) {
    // Terms never decrease along a log, so below the first older-term entry there is nothing to commit.
    if (!countOldTerms && termAt(log, index) !== currentTerm) break;
    let stored = 1;
    for (let node = 0; node < context.nodeCount; node++) {
      if (node !== context.node && (role.matchIndex[node] ?? 0) >= index) stored++;
    }
    if (stored >= needed) return applyCommitted(withVolatile(state, { ...state.volatile, commitIndex: index }), out);
  }
  return state;
}

/** Applies committed entries to the key-value store; the leader answers the clients waiting for them. */
function applyCommitted(state: RaftState, out: Outbox): RaftState {
  const volatile = state.volatile;
  if (volatile.lastApplied >= volatile.commitIndex) return state;
  const log = state.durable.log;
  let machine = volatile.machine;
  let role = volatile.role;
  for (let index = volatile.lastApplied + 1; index <= volatile.commitIndex; index++) {
    const command = (log[index - 1] as LogEntry).command;
    if (command.type === 'noop') continue;
    const result = applyClientCommand(machine, command.clientId, command.operationId, command.operation);
    machine = result.machine;
    if (role.kind !== 'leader' || result.output === null) continue;
    const position = role.waiting.findIndex(
      (waiting) => waiting.clientId === command.clientId && waiting.operationId === command.operationId,
    );
    if (position < 0) continue;
    out.reply(command.operationId, { outcome: 'ok', output: result.output });
    role = { ...role, waiting: role.waiting.filter((_, other) => other !== position) };
  }
  return withVolatile(state, { ...volatile, machine, role, lastApplied: volatile.commitIndex });
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
    if (confirmed >= needed && state.volatile.lastApplied >= read.readIndex) {
      out.reply(read.operationId, { outcome: 'ok', output: { type: 'get', value: readValue(state.volatile.machine.values, read.key) } });
    } else {
      remaining.push(read);
    }
  }
  if (remaining.length === role.pendingReads.length) return state;
  return withVolatile(state, { ...state.volatile, role: { ...role, pendingReads: remaining } });
}

function sendAppend(context: Context, state: RaftState, role: LeaderRole, to: NodeId, out: Outbox): void {
  const log = state.durable.log;
  const prevLogIndex = Math.min((role.nextIndex[to] ?? 1) - 1, log.length);
  out.send(to, {
    type: 'append-entries',
    term: state.durable.currentTerm,
    prevLogIndex,
    prevLogTerm: termAt(log, prevLogIndex),
    entries: log.slice(prevLogIndex, prevLogIndex + context.config.entriesPerAppendMax),
    leaderCommit: state.volatile.commitIndex,
    readRound: role.readRound,
  });
}

function broadcastAppend(context: Context, state: RaftState, role: LeaderRole, out: Outbox): void {
  for (let node = 0; node < context.nodeCount; node++) if (node !== context.node) sendAppend(context, state, role, node, out);
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
  const { clientId, operationId } = request;
  const session = state.volatile.machine.sessions[clientId];
  if (session !== undefined && session.operationId >= operationId) {
    // Already applied (a retry): answer with the first result, never apply it again.
    if (session.operationId === operationId) out.reply(operationId, { outcome: 'ok', output: session.output });
    return state;
  }
  const waiting = [...role.waiting.filter((other) => other.clientId !== clientId), { clientId, operationId }];
  const log = state.durable.log;
  for (let index = state.volatile.lastApplied + 1; index <= log.length; index++) {
    const command = (log[index - 1] as LogEntry).command;
    if (command.type === 'client' && command.clientId === clientId && command.operationId === operationId) {
      // Already in the log, not yet applied: wait for it rather than appending it twice.
      return withVolatile(state, { ...state.volatile, role: { ...role, waiting } });
    }
  }
  const entry: LogEntry = { term: state.durable.currentTerm, command: { type: 'client', clientId, operationId, operation: request.operation } };
  const nextLog = [...log, entry];
  const matchIndex = role.matchIndex.with(context.node, nextLog.length);
  const nextRole: LeaderRole = { ...role, waiting, matchIndex };
  const next: RaftState = { durable: { ...state.durable, log: nextLog }, volatile: { ...state.volatile, role: nextRole } };
  broadcastAppend(context, next, nextRole, out);
  return next;
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
  if (termAt(state.durable.log, commitIndex) !== state.durable.currentTerm) {
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
  const next = withVolatile(state, { ...state.volatile, role: nextRole });
  broadcastAppend(context, next, nextRole, out);
  return next;
}
