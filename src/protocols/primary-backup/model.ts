/**
 * A primary-backup replicated register: the tutorial protocol that proves the simulator.
 *
 * Node 0 is the primary; the others are backups. The primary keeps its log in memory only
 * (volatile; on disk it keeps only the number of the last epoch it started) and every backup
 * persists what it receives, so durability rests on replication:
 * the primary acknowledges a write only once every backup has stored it. After a crash the
 * primary recovers by asking every backup for its log and adopting the newest one, then
 * re-replicates it before serving again. Membership is static: a backup that is down blocks
 * writes (they stay pending) rather than risking an acknowledged write that only the primary had.
 *
 * Bug variant `ack-before-replicate`: the primary acknowledges on receipt, so a write it never
 * replicated is lost when it crashes.
 */
import { assertNever } from '../../core/assert.ts';
import type { ClientReply, ClientRequest, NodeAction, NodeContext, NodeInput, NodeState, StepResult } from '../../core/types.ts';

export interface PrimaryBackupConfig {
  readonly nodeCount: number;
  readonly clientCount: number;
  /** Ticks between the primary's retransmissions and recovery requests. */
  readonly resendIntervalTicks: number;
}

export const defaultPrimaryBackupConfig: PrimaryBackupConfig = { nodeCount: 3, clientCount: 3, resendIntervalTicks: 2 };

export interface LogEntry {
  readonly operationId: number;
  readonly clientId: number;
  readonly value: number;
}

export type Operation = { readonly type: 'write'; readonly value: number } | { readonly type: 'read' };
export type Output = { readonly type: 'write' } | { readonly type: 'read'; readonly value: number | null };

/** One tagged union for every message of the protocol. */
export type Message =
  | { readonly type: 'replicate'; readonly epoch: number; readonly log: readonly LogEntry[] }
  | { readonly type: 'replicate-ack'; readonly epoch: number; readonly length: number }
  | { readonly type: 'recover-request' }
  | { readonly type: 'recover-reply'; readonly epoch: number; readonly log: readonly LogEntry[] };

/**
 * Backups persist their epoch and log. The primary persists only the last epoch it started (its
 * log stays empty): a restarted primary must never start an epoch it used before, even if no
 * backup heard of it, or a late message of the old epoch passes for one of the new.
 */
export interface Durable {
  readonly epoch: number;
  readonly log: readonly LogEntry[];
}

export interface PrimaryVolatile {
  readonly role: 'primary';
  /** `recovering` until every backup has answered with its log after a (re)start. */
  readonly status: 'recovering' | 'active';
  readonly epoch: number;
  readonly log: readonly LogEntry[];
  /** Log length each backup has confirmed in the current epoch. */
  /**
   * Log length each backup has confirmed in the current epoch; -1 until it confirms anything (a
   * backup must hear of a new epoch even when its log is empty, to drop an older epoch's writes).
   */
  readonly matchLength: readonly number[];
  readonly commitLength: number;
  /** Reads are served only once the log adopted at recovery is fully replicated. */
  readonly servingFromLength: number;
  readonly recoveryReplies: readonly ({ readonly epoch: number; readonly log: readonly LogEntry[] } | null)[];
  /** Operation ids whose clients wait for an acknowledgement. */
  readonly awaiting: readonly number[];
  readonly ticksSinceResend: number;
}

export interface BackupVolatile {
  readonly role: 'backup';
}

export type PrimaryBackupState = NodeState<Durable, PrimaryVolatile | BackupVolatile>;

/** The rules a variant may change (see `variants` in index.ts). */
export interface PrimaryBackupRules {
  /** How much of its log the primary treats as acknowledged: it answers reads and writes up to there. */
  readonly acknowledgedLength: (primary: PrimaryVolatile) => number;
  /** The epoch a recovered primary starts, from the newest backup's epoch and the last one it started itself. */
  readonly recoveredEpoch: (newestBackupEpoch: number, ownLastEpoch: number) => number;
}

export const correctRules: PrimaryBackupRules = {
  // Only what every backup has stored: a crash of the primary cannot lose it.
  acknowledgedLength: (primary) => primary.commitLength,
  // Above every epoch any node may still hold a message of, its own included.
  recoveredEpoch: (newestBackupEpoch, ownLastEpoch) => Math.max(newestBackupEpoch, ownLastEpoch) + 1,
};

type Context = NodeContext<PrimaryBackupConfig, PrimaryBackupRules>;
type Result = StepResult<PrimaryBackupState, Message, Output>;
type Action = NodeAction<Message, Output>;

export const primaryNode = 0;

function freshPrimary(nodeCount: number): PrimaryVolatile {
  return {
    role: 'primary',
    status: 'recovering',
    epoch: 0,
    // Stryker disable next-line all: equivalent, a recovering primary serves nobody and replaces its log when it finishes recovering
    log: [],
    // Stryker disable next-line all: equivalent, every read of matchLength defaults a missing entry to -1
    matchLength: Array.from({ length: nodeCount }, () => -1),
    commitLength: 0,
    servingFromLength: 0,
    recoveryReplies: Array.from({ length: nodeCount }, () => null),
    awaiting: [],
    ticksSinceResend: 0,
  };
}

export function initPrimaryBackup(context: Context): PrimaryBackupState {
  const durable: Durable = { epoch: 0, log: [] };
  if (context.node !== primaryNode) return { durable, volatile: { role: 'backup' } };
  // A brand-new cluster has nothing to recover: the primary starts active in epoch 1.
  return { durable: { ...durable, epoch: 1 }, volatile: { ...freshPrimary(context.nodeCount), status: 'active', epoch: 1 } };
}

export function restartPrimaryBackup(context: Context, durable: Durable): PrimaryBackupState {
  if (context.node !== primaryNode) return { durable, volatile: { role: 'backup' } };
  return { durable, volatile: freshPrimary(context.nodeCount) };
}

function backups(nodeCount: number): number[] {
  return Array.from({ length: nodeCount - 1 }, (_, index) => index + 1);
}

function registerValue(log: readonly LogEntry[], length: number): number | null {
  return length === 0 ? null : (log[length - 1] as LogEntry).value;
}

export function stepPrimaryBackup(context: Context, state: PrimaryBackupState, input: NodeInput<Message, Operation>): Result {
  const volatile = state.volatile;
  if (volatile.role === 'backup') return stepBackup(state, input);
  return stepPrimary(context, state, volatile, input);
}

function stepBackup(state: PrimaryBackupState, input: NodeInput<Message, Operation>): Result {
  switch (input.kind) {
    case 'tick':
    // Stryker disable next-line all: equivalent, disconnect arrives only on FIFO links, which primary-backup does not use
    case 'disconnect':
      return { state, actions: [] };
    case 'client':
      return {
        state,
        // Stryker disable next-line all: equivalent, a client refused (or not answered) by a backup retries at another node
        actions: [{ kind: 'reply', operationId: input.request.operationId, reply: { outcome: 'fail', error: 'not the primary' } }],
      };
    case 'receive': {
      const message = input.message;
      switch (message.type) {
        case 'replicate': {
          const { epoch, log } = state.durable;
          if (message.epoch < epoch) return { state, actions: [] };
          // Within one epoch the primary's log only grows, so a longer copy extends ours; a newer
          // epoch's log replaces ours entirely (the new primary recovered from the newest log).
          // Stryker disable next-line EqualityOperator: equivalent, within one epoch two copies of the same length are the same log
          const adopt = message.epoch > epoch || message.log.length > log.length;
          const durable = adopt ? { epoch: message.epoch, log: message.log } : state.durable;
          return {
            state: { ...state, durable },
            actions: [{ kind: 'send', to: input.from, message: { type: 'replicate-ack', epoch: durable.epoch, length: durable.log.length } }],
          };
        }
        case 'recover-request':
          return {
            state,
            actions: [{ kind: 'send', to: input.from, message: { type: 'recover-reply', ...state.durable } }],
          };
        // Stryker disable next-line all: equivalent, only the primary receives acks and recovery replies
        case 'replicate-ack':
        // Stryker disable next-line all: equivalent, only the primary receives acks and recovery replies
        case 'recover-reply':
          // Stryker disable next-line all: equivalent, only the primary receives acks and recovery replies
          return { state, actions: [] };
        default:
          return assertNever(message, 'primary-backup message');
      }
    }
    default:
      return assertNever(input, 'node input');
  }
}

function stepPrimary(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile, input: NodeInput<Message, Operation>): Result {
  switch (input.kind) {
    // Stryker disable next-line all: equivalent, disconnect arrives only on FIFO links, which primary-backup does not use
    case 'disconnect':
      // Stryker disable next-line all: equivalent, as above
      return { state, actions: [] };
    case 'tick':
      return primaryTick(context, state, primary);
    case 'client':
      return primaryClient(context, state, primary, input.request);
    case 'receive':
      return primaryReceive(context, state, primary, input.from, input.message);
    default:
      return assertNever(input, 'node input');
  }
}

function reply(operationId: number, answer: ClientReply<Output>): Action {
  return { kind: 'reply', operationId, reply: answer };
}

const writeDone: ClientReply<Output> = { outcome: 'ok', output: { type: 'write' } };

function primaryTick(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile): Result {
  const ticks = primary.ticksSinceResend + 1;
  // Stryker disable next-line all: equivalent, any retransmission interval is correct (it changes only how soon a lost message is resent)
  if (ticks < context.config.resendIntervalTicks) {
    return { state: { ...state, volatile: { ...primary, ticksSinceResend: ticks } }, actions: [] };
  }
  const next = { ...state, volatile: { ...primary, ticksSinceResend: 0 } };
  return { state: next, actions: broadcast(context, next.volatile) };
}

/**
 * Reads and writes are answered only up to the log length the variant's rule calls acknowledged:
 * the committed length (stored by every backup) in the correct protocol.
 */
function primaryClient(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile, request: ClientRequest<Operation>): Result {
  const { operationId, clientId, operation } = request;
  // Stryker disable next-line ArrayDeclaration: equivalent, a client refused (or not answered) by a recovering primary retries
  if (primary.status !== 'active') return { state, actions: [reply(operationId, { outcome: 'fail', error: 'primary is recovering' })] };
  const acknowledgedLength = context.rules.acknowledgedLength(primary);
  if (operation.type === 'read') {
    if (acknowledgedLength < primary.servingFromLength) {
      return { state, actions: [reply(operationId, { outcome: 'fail', error: 'primary is catching up' })] };
    }
    return {
      state,
      actions: [reply(operationId, { outcome: 'ok', output: { type: 'read', value: registerValue(primary.log, acknowledgedLength) } })],
    };
  }
  const existing = primary.log.findIndex((entry) => entry.operationId === operationId && entry.clientId === clientId);
  if (existing >= 0) {
    // A retry of a write already in the log: never append it twice.
    if (existing < acknowledgedLength) return { state, actions: [reply(operationId, writeDone)] };
    const awaiting = primary.awaiting.includes(operationId) ? primary.awaiting : [...primary.awaiting, operationId];
    return { state: { ...state, volatile: { ...primary, awaiting } }, actions: [] };
  }
  const appended: PrimaryVolatile = { ...primary, log: [...primary.log, { operationId, clientId, value: operation.value }] };
  // Stryker disable all: equivalent in the correct protocol, whose acknowledged length (the committed one) never covers a write just appended; only ack-before-replicate answers here
  if (appended.log.length <= context.rules.acknowledgedLength(appended)) {
    return { state: { ...state, volatile: appended }, actions: [reply(operationId, writeDone), ...broadcast(context, appended)] };
  }
  // Stryker restore all
  const next: PrimaryVolatile = { ...appended, awaiting: [...primary.awaiting, operationId] };
  return { state: { ...state, volatile: next }, actions: broadcast(context, next) };
}

function primaryReceive(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile, from: number, message: Message): Result {
  switch (message.type) {
    case 'replicate-ack': {
      if (primary.status !== 'active' || message.epoch !== primary.epoch) return { state, actions: [] };
      // Stryker disable next-line all: equivalent, a stale ack may lower a backup's match length, which only delays a commit (the commit never moves back)
      const previous = primary.matchLength[from] ?? -1;
      // Stryker disable next-line all: equivalent, as above
      if (message.length <= previous) return { state, actions: [] };
      const matchLength = primary.matchLength.with(from, Math.min(message.length, primary.log.length));
      return advanceCommit(context, state, { ...primary, matchLength });
    }
    case 'recover-reply': {
      if (primary.status !== 'recovering') return { state, actions: [] };
      const recoveryReplies = primary.recoveryReplies.with(from, { epoch: message.epoch, log: message.log });
      const waiting = backups(context.nodeCount).some((backup) => recoveryReplies[backup] === null);
      if (waiting) return { state: { ...state, volatile: { ...primary, recoveryReplies } }, actions: [] };
      return finishRecovery(context, state, { ...primary, recoveryReplies });
    }
    // Stryker disable next-line all: equivalent, only backups receive replicates and recovery requests
    case 'replicate':
    // Stryker disable next-line all: equivalent, only backups receive replicates and recovery requests
    case 'recover-request':
      // Stryker disable next-line all: equivalent, only backups receive replicates and recovery requests
      return { state, actions: [] };
    default:
      return assertNever(message, 'primary-backup message');
  }
}

/**
 * Adopts the newest backup log (highest epoch, then longest) and starts an epoch above it and
 * above every epoch this primary started before (kept on disk). The highest epoch is what safety
 * needs: the new epoch must be above every backup's, and above the old primary's own, whose
 * replicates may still be in flight to a backup that answered recovery first. Any log of that epoch holds every
 * acknowledged write (a write is acknowledged only once every backup stored it); the longest
 * also keeps the unacknowledged writes the old primary replicated.
 */
function finishRecovery(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile): Result {
  let newest: { epoch: number; log: readonly LogEntry[] } = { epoch: 0, log: [] };
  for (const reply of primary.recoveryReplies) {
    if (!reply) continue;
    if (reply.epoch > newest.epoch) {
      newest = reply;
      continue;
    }
    // Stryker disable next-line BlockStatement: equivalent for every property, see above (clients retry the writes a shorter log drops)
    if (reply.epoch === newest.epoch) {
      // Stryker disable next-line all: equivalent for every property, see above (clients retry the writes a shorter log drops)
      if (reply.log.length > newest.log.length) newest = reply;
    }
  }
  const epoch = context.rules.recoveredEpoch(newest.epoch, state.durable.epoch);
  const next: PrimaryVolatile = {
    ...primary,
    status: 'active',
    epoch,
    log: newest.log,
    // Stryker disable next-line all: equivalent, every read of matchLength defaults a missing entry to -1
    matchLength: primary.matchLength.map(() => -1),
    commitLength: 0,
    servingFromLength: newest.log.length,
    // Stryker disable next-line all: equivalent, an active primary never reads its recovery replies, and a restart makes fresh ones
    recoveryReplies: primary.recoveryReplies.map(() => null),
  };
  return advanceCommit(context, { ...state, durable: { ...state.durable, epoch } }, next, broadcast(context, next));
}

function advanceCommit(context: Context, state: PrimaryBackupState, primary: PrimaryVolatile, actions: Action[] = []): Result {
  // Stryker disable next-line UnaryOperator: equivalent, matchLength has an entry for every backup
  const confirmed = backups(context.nodeCount).map((backup) => primary.matchLength[backup] ?? -1);
  // Every cluster has a backup (nodeCount is at least 2): the primary's log alone would not survive its restart.
  const commitLength = Math.min(...confirmed);
  // Stryker disable next-line all: equivalent, match lengths only grow within an epoch, so the minimum never drops below the commit length, and writes already answered are no longer awaited
  if (commitLength <= primary.commitLength) return { state: { ...state, volatile: primary }, actions };
  const committedIds = new Set(primary.log.slice(0, commitLength).map((entry) => entry.operationId));
  const replies: Action[] = primary.awaiting
    .filter((operationId) => committedIds.has(operationId))
    .map((operationId) => ({ kind: 'reply', operationId, reply: { outcome: 'ok', output: { type: 'write' } } }));
  // Stryker disable next-line all: equivalent, a write no longer awaited is answered when its client retries it (clients retry until answered)
  const awaiting = primary.awaiting.filter((operationId) => !committedIds.has(operationId));
  return { state: { ...state, volatile: { ...primary, commitLength, awaiting } }, actions: [...actions, ...replies] };
}

function broadcast(context: Context, primary: PrimaryVolatile): Action[] {
  if (primary.status === 'recovering') {
    // Stryker disable next-line all: equivalent, asking a backup that already answered again is harmless (a reply replaces its earlier one)
    const unanswered = backups(context.nodeCount).filter((backup) => primary.recoveryReplies[backup] === null);
    return unanswered.map((backup) => ({ kind: 'send', to: backup, message: { type: 'recover-request' } }));
  }
  // Stryker disable next-line EqualityOperator,LogicalOperator,MethodExpression,UnaryOperator: equivalent, sending more is harmless (a backup acknowledges a copy it already has again), and matchLength has an entry for every backup
  const behind = backups(context.nodeCount).filter((backup) => (primary.matchLength[backup] ?? -1) < primary.log.length);
  return behind.map((backup) => ({ kind: 'send', to: backup, message: { type: 'replicate', epoch: primary.epoch, log: primary.log } }));
}

export function describeMessage(message: Message): string {
  switch (message.type) {
    case 'replicate':
      return `Replicate(epoch ${message.epoch}, log [${message.log.map((entry) => entry.value).join(' ')}])`;
    case 'replicate-ack':
      return `ReplicateAck(epoch ${message.epoch}, length ${message.length})`;
    case 'recover-request':
      return 'RecoverRequest';
    case 'recover-reply':
      return `RecoverReply(epoch ${message.epoch}, log [${message.log.map((entry) => entry.value).join(' ')}])`;
    default:
      return assertNever(message, 'primary-backup message');
  }
}
