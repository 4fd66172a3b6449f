/**
 * The standalone Raft protocol's log entries and messages: the Raft component's (component.ts)
 * with the key-value store's commands, plus the forwarding of client requests from followers to
 * the leader, with their transcript text.
 */
import { assertNever } from '../../core/assert.ts';
import type { ClientRequest } from '../../core/types.ts';
import {
  describeRaftCommand,
  describeRaftEntries,
  describeRaftMessage,
  emptySnapshotOf,
  type RaftCommand,
  type RaftLogEntry,
  type RaftMessage,
  type RaftSnapshot,
} from './component.ts';
import { describeOperation, kvStateMachine, type KvCommand, type Operation, type StateMachine } from './kv.ts';

export { describeMembership, type Membership } from './component.ts';

/** What a log entry carries: a client's key-value command, the no-op a new leader appends, or a configuration. */
export type Command = RaftCommand<KvCommand>;

/** A log entry (see `RaftLogEntry`). */
export type LogEntry = RaftLogEntry<KvCommand>;

/** A snapshot: the key-value store (values and client sessions) as applied through `index`, whose entry has `term`. */
export type Snapshot = RaftSnapshot<StateMachine>;

export const emptySnapshot: Snapshot = emptySnapshotOf(kvStateMachine);

export type Message =
  | RaftMessage<KvCommand, StateMachine>
  /** A follower passes a client's request on to the leader it knows; the leader answers the client. */
  | { readonly type: 'forward'; readonly request: ClientRequest<Operation> };

export function describeCommand(command: Command): string {
  return describeRaftCommand(command, kvStateMachine);
}

/** `term:command`, e.g. `2:put x 1`. */
export function describeEntry(entry: LogEntry): string {
  return `${entry.term}:${describeCommand(entry.command)}`;
}

export function describeEntries(entries: readonly LogEntry[]): string {
  return describeRaftEntries(entries, kvStateMachine);
}

export function describeMessage(message: Message): string {
  if (message.type === 'forward') {
    return `Forward(client ${message.request.clientId} #${message.request.operationId} ${describeOperation(message.request.operation)})`;
  }
  return describeRaftMessage(message, kvStateMachine);
}

/** Two entries are the same when they have the same term and command (usually the same object). */
export function sameEntry(a: LogEntry, b: LogEntry): boolean {
  if (a === b) return true;
  if (a.term !== b.term) return false;
  const left = a.command;
  const right = b.command;
  switch (left.type) {
    case 'noop':
      return right.type === 'noop';
    case 'config':
      return right.type === 'config' && describeCommand(left) === describeCommand(right);
    case 'command':
      return (
        right.type === 'command' &&
        left.command.clientId === right.command.clientId &&
        left.command.operationId === right.command.operationId &&
        describeOperation(left.command.operation) === describeOperation(right.command.operation)
      );
    default:
      return assertNever(left, 'raft command');
  }
}
