/**
 * Raft's log entries and its one message union (the RPCs of the paper's Figure 2, PreVote, and
 * the forwarding of client requests from followers to the leader), with their transcript text.
 */
import { assertNever } from '../../core/assert.ts';
import type { ClientRequest } from '../../core/types.ts';
import { describeOperation, describeValues, type KvOperation, type Operation, type StateMachine } from './kv.ts';

/** A cluster configuration: who votes, and who only receives the log (a new server catching up). */
export interface Membership {
  readonly voters: readonly number[];
  readonly learners: readonly number[];
}

/** What a log entry carries: a client's command, or the no-op a new leader appends (as etcd does). */
export type Command =
  | { readonly type: 'noop' }
  | { readonly type: 'client'; readonly clientId: number; readonly operationId: number; readonly operation: KvOperation }
  /**
   * A configuration change (thesis §4.1): in effect on a node as soon as it is in its log. Asked
   * for by a client (add-server, remove-server), or by the leader itself (clientId -1) to promote
   * a learner that caught up.
   */
  | { readonly type: 'config'; readonly membership: Membership; readonly clientId: number; readonly operationId: number };

/**
 * A log entry. Its index is its position (1-based) in the log. Entries are created once, by the
 * leader of their term, and shared by reference as they are replicated, so "same entry" is
 * usually a pointer comparison.
 */
export interface LogEntry {
  readonly term: number;
  readonly command: Command;
}

/** A snapshot: the key-value store (values and client sessions) as applied through `index`, whose entry has `term`. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly machine: StateMachine;
  /** The configuration in effect at `index`; null for the initial one. */
  readonly membership: Membership | null;
}

export const emptySnapshot: Snapshot = { index: 0, term: 0, machine: { values: {}, sessions: [] }, membership: null };

export function describeMembership(membership: Membership): string {
  const learners = membership.learners.length === 0 ? '' : ` learners ${membership.learners.join(',')}`;
  return `voters ${membership.voters.join(',')}${learners}`;
}

export type Message =
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
      readonly entries: readonly LogEntry[];
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
  | { readonly type: 'install-snapshot'; readonly term: number; readonly snapshot: Snapshot; readonly readRound: number }
  /** A follower passes a client's request on to the leader it knows; the leader answers the client. */
  | { readonly type: 'forward'; readonly request: ClientRequest<Operation> };

export function describeCommand(command: Command): string {
  switch (command.type) {
    case 'noop':
      return 'noop';
    case 'client':
      return describeOperation(command.operation);
    case 'config':
      return `config ${describeMembership(command.membership)}`;
    default:
      return assertNever(command, 'raft command');
  }
}

/** `term:command`, e.g. `2:put x 1`. */
export function describeEntry(entry: LogEntry): string {
  return `${entry.term}:${describeCommand(entry.command)}`;
}

export function describeEntries(entries: readonly LogEntry[]): string {
  return `[${entries.map(describeEntry).join(', ')}]`;
}

export function describeMessage(message: Message): string {
  switch (message.type) {
    case 'request-vote':
      return `${message.preVote ? 'PreVote' : 'RequestVote'}(term ${message.term}, last log ${message.lastLogIndex}@term ${message.lastLogTerm})`;
    case 'request-vote-response':
      return `${message.preVote ? 'PreVoteResponse' : 'RequestVoteResponse'}(term ${message.term}, ${message.granted ? 'granted' : 'rejected'})`;
    case 'append-entries': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return `AppendEntries(term ${message.term}, prev ${message.prevLogIndex}@term ${message.prevLogTerm}, ${describeEntries(message.entries)}, commit ${message.leaderCommit}${read})`;
    }
    case 'append-entries-response': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return message.success
        ? `AppendEntriesResponse(term ${message.term}, ok, match ${message.matchIndex}${read})`
        : `AppendEntriesResponse(term ${message.term}, rejected prev ${message.rejectedIndex}, log length ${message.lastLogIndex}${read})`;
    }
    case 'install-snapshot': {
      const read = message.readRound > 0 ? `, read round ${message.readRound}` : '';
      return `InstallSnapshot(term ${message.term}, through ${message.snapshot.index}@term ${message.snapshot.term}, ${describeValues(message.snapshot.machine.values)}${read})`;
    }
    case 'forward':
      return `Forward(client ${message.request.clientId} #${message.request.operationId} ${describeOperation(message.request.operation)})`;
    default:
      return assertNever(message, 'raft message');
  }
}

/** Two entries are the same when they have the same term and command (usually the same object). */
export function sameEntry(a: LogEntry, b: LogEntry): boolean {
  if (a === b) return true;
  if (a.term !== b.term) return false;
  const left = a.command;
  const right = b.command;
  if (left.type === 'noop' || right.type === 'noop') return left.type === right.type;
  if (left.type === 'config' || right.type === 'config') return describeCommand(left) === describeCommand(right);
  return (
    left.clientId === right.clientId &&
    left.operationId === right.operationId &&
    describeOperation(left.operation) === describeOperation(right.operation)
  );
}
