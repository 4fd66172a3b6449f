/**
 * A Kafka broker: for each partition it hosts, a replica that is the leader, a follower or
 * (after a restart, or while the partition is offline) neither.
 *
 * Replication is pull-based. A follower that learns of a new leader epoch first finds where its
 * log diverges from the leader's (OffsetsForLeaderEpoch, KIP-101/KIP-279), truncates there, then
 * fetches from its log end. The leader tracks each follower's log end offset from its fetches,
 * advances the high watermark (HW) to the smallest log end of its ISR, and returns the HW with
 * every fetch response. Fetches carry the sender's leader epoch and are refused when it is not
 * the leader's own (KIP-320). ISR changes are asked of the controller (AlterPartition).
 *
 * The bug variants change exactly the rule their name says (see `index.ts`).
 */
import { assertNever } from '../../core/assert.ts';
import type { ClientReply, ClientRequest, NodeAction, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import { acksOf, assignReplicas, controllerNode, controllerNodes, isKraft, type KafkaConfig, type KafkaNodeContext } from './config.ts';
import { leaderAndIsr } from './decisions.ts';
import { applyRecords, initialImage, type MetadataImage } from './metadata.ts';
import {
  appendRecords,
  assignEpoch,
  emptyLog,
  endOffsetForEpoch,
  latestEpoch,
  legacyEndOffsetForEpoch,
  loseUnflushed,
  truncateTo,
  type PartitionLog,
} from './log.ts';
import { undefinedEpoch, undefinedOffset, type FetchError, type LogRecord, type Message, type Operation, type Output } from './messages.ts';

export interface BrokerDurable {
  readonly kind: 'broker';
  /** Bumped at every restart; the controller tells incarnations apart (Kafka's broker epoch, KIP-380). */
  readonly incarnation: number;
  /** Per partition, the log on this broker's disk; null for partitions it does not host. */
  readonly logs: readonly (PartitionLog | null)[];
}

/** What a leader knows of one follower, from its fetches in the current epoch. */
export interface FollowerProgress {
  /** Null until the follower has fetched in this epoch. */
  readonly logEndOffset: number | null;
  /** The broker epoch (incarnation) its last fetch came from; -1 before any. */
  readonly incarnation: number;
  readonly lastCaughtUpTick: number;
  readonly lastFetchLeaderLogEndOffset: number;
  readonly lastFetchTick: number;
}

/** An acks=all produce waiting for the HW to pass its record (Kafka's produce purgatory). */
export interface PendingProduce {
  readonly operationId: number;
  readonly offset: number;
}

export type ReplicaRole =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'leader';
      /** The log end when this broker became leader: where its epoch starts. */
      readonly epochStartOffset: number;
      /** An AlterPartition sent and not yet answered (one at a time, as in Kafka). */
      readonly pendingIsr: { readonly isr: readonly number[]; readonly sentAtTick: number } | null;
      /** Indexed by broker id; null for brokers that are not replicas or for this broker itself. */
      readonly followers: readonly (FollowerProgress | null)[];
      readonly purgatory: readonly PendingProduce[];
    }
  | {
      readonly kind: 'follower';
      readonly phase: 'truncating' | 'fetching';
      /** Tick at which the outstanding OffsetsForLeaderEpoch or Fetch was sent; null when none is. */
      readonly requestSentAtTick: number | null;
      /** The epoch asked about in the outstanding OffsetsForLeaderEpoch. */
      readonly requestedEpoch: number;
    };

/** A broker's view of one partition it hosts: metadata from the controller plus its role. */
export interface ReplicaState {
  readonly leader: number | null;
  /** -1 until the controller has told this incarnation anything. */
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
  readonly highWatermark: number;
  readonly role: ReplicaRole;
}

/**
 * KRaft: the broker's metadata cache, kept by fetching the metadata log from the controller it
 * believes active and applying committed entries in order (a Raft observer).
 */
export interface MetadataCache {
  /** The controller this broker believes active: it heartbeats it, fetches from it, sends it AlterPartition. */
  readonly controller: number;
  /** The highest controller epoch (Raft term) it has heard from; responses of older controllers are ignored (KAFKA-14154). */
  readonly controllerEpoch: number;
  /** The index and term of the last metadata log entry applied (0 and 0: the cluster as created). */
  readonly appliedIndex: number;
  readonly appliedTerm: number;
  readonly image: MetadataImage;
  /** Fetches sent since the last response: after two, the broker tries the next controller. */
  readonly unansweredFetches: number;
}

export interface BrokerVolatile {
  readonly now: number;
  readonly ticksSinceCheckpoint: number;
  readonly replicas: readonly (ReplicaState | null)[];
  /** KRaft only; null with the abstract controller. */
  readonly metadata: MetadataCache | null;
}

export type BrokerState = NodeState<BrokerDurable, BrokerVolatile>;

/**
 * The node context plus this broker's current incarnation (its broker epoch), which its requests
 * carry, and the controller it sends heartbeats, AlterPartition and client requests to.
 */
type Context = KafkaNodeContext & { readonly incarnation: number; readonly controller: number };
type Action = NodeAction<Message, Output>;
type Result = StepResult<BrokerState, Message, Output>;

/** Ticks before an unanswered Fetch, OffsetsForLeaderEpoch or AlterPartition is sent again. */
export const requestRetryTicks = 2;
/** A client request is passed on at most this many times before the node answers with an error. */
export const forwardHopsMax = 2;

function freshFollowers(context: KafkaNodeContext, replicas: readonly number[], now: number): (FollowerProgress | null)[] {
  return Array.from({ length: context.config.brokerCount }, (_, broker) =>
    broker !== context.node && replicas.includes(broker)
      ? { logEndOffset: null, incarnation: -1, lastCaughtUpTick: now, lastFetchLeaderLogEndOffset: 0, lastFetchTick: now }
      : null,
  );
}

/** A brand-new cluster: the topic was created and every broker has heard of it (leader epoch 0). */
export function initBroker(context: KafkaNodeContext): BrokerState {
  const assignment = assignReplicas(context.config);
  const logs: (PartitionLog | null)[] = [];
  const replicas: (ReplicaState | null)[] = [];
  for (const replicaSet of assignment) {
    if (!replicaSet.includes(context.node)) {
      logs.push(null);
      replicas.push(null);
      continue;
    }
    const leader = replicaSet[0] ?? null;
    const isLeader = leader === context.node;
    logs.push(isLeader ? { ...emptyLog, epochCache: [{ epoch: 0, startOffset: 0 }] } : emptyLog);
    replicas.push({
      leader,
      leaderEpoch: 0,
      partitionEpoch: 0,
      isr: replicaSet,
      replicas: replicaSet,
      highWatermark: 0,
      role: isLeader
        ? { kind: 'leader', epochStartOffset: 0, pendingIsr: null, followers: freshFollowers(context, replicaSet, 0), purgatory: [] }
        : { kind: 'follower', phase: 'fetching', requestSentAtTick: null, requestedEpoch: undefinedEpoch },
    });
  }
  return {
    durable: { kind: 'broker', incarnation: 0, logs },
    volatile: { now: 0, ticksSinceCheckpoint: 0, replicas, metadata: freshMetadataCache(context.config) },
  };
}

/**
 * A metadata cache, built field by field in the one key order every cache has: object spread
 * (`{ ...cache, controller }`) was among the hottest lines of a KRaft simulation.
 */
function metadataCache(
  controller: number,
  controllerEpoch: number,
  appliedIndex: number,
  appliedTerm: number,
  image: MetadataImage,
  unansweredFetches: number,
): MetadataCache {
  return { controller, controllerEpoch, appliedIndex, appliedTerm, image, unansweredFetches };
}

/** A broker's volatile state with another metadata cache (same key order as everywhere). */
function withMetadata(state: BrokerState, metadata: MetadataCache): BrokerState {
  const volatile = state.volatile;
  return {
    durable: state.durable,
    volatile: { now: volatile.now, ticksSinceCheckpoint: volatile.ticksSinceCheckpoint, replicas: volatile.replicas, metadata },
  };
}

/** KRaft: the cache of a broker that has applied nothing yet; it first asks the first controller. */
function freshMetadataCache(config: KafkaConfig): MetadataCache | null {
  if (!isKraft(config)) return null;
  return {
    controller: controllerNodes(config)[0] ?? 0,
    controllerEpoch: 0,
    appliedIndex: 0,
    appliedTerm: 0,
    image: initialImage(config),
    unansweredFetches: 0,
  };
}

/** What survives a crash: the disk. A power loss also drops records that were only in the page cache. */
export function crashBroker(state: BrokerState, loseUnflushedRecords: boolean): BrokerDurable {
  if (!loseUnflushedRecords) return state.durable;
  return { ...state.durable, logs: state.durable.logs.map((log) => (log ? loseUnflushed(log) : null)) };
}

/**
 * A restarted broker recovers its logs, reads the HW checkpoint (never beyond its log end) and
 * waits for the controller: it knows no leader and leads nothing until told.
 */
export function restartBroker(context: KafkaNodeContext, durable: BrokerDurable): BrokerState {
  const assignment = assignReplicas(context.config);
  const replicas = durable.logs.map((log, partition): ReplicaState | null =>
    log
      ? {
          leader: null,
          leaderEpoch: -1,
          partitionEpoch: -1,
          isr: [],
          replicas: assignment[partition] ?? [],
          highWatermark: Math.min(log.checkpointedHighWatermark, log.records.length),
          role: { kind: 'none' },
        }
      : null,
  );
  return {
    durable: { ...durable, incarnation: durable.incarnation + 1 },
    volatile: { now: 0, ticksSinceCheckpoint: 0, replicas, metadata: freshMetadataCache(context.config) },
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

// States are built field by field, in the key order every state of a kind has (the order `initBroker`
// gives): object spread (`{ ...replica, highWatermark }`) was among the hottest lines of a simulation.

type LeaderRole = Extract<ReplicaRole, { kind: 'leader' }>;
type FollowerRole = Extract<ReplicaRole, { kind: 'follower' }>;

/** `replica` with another HW and role. */
function replicaWith(replica: ReplicaState, highWatermark: number, role: ReplicaRole): ReplicaState {
  return {
    leader: replica.leader,
    leaderEpoch: replica.leaderEpoch,
    partitionEpoch: replica.partitionEpoch,
    isr: replica.isr,
    replicas: replica.replicas,
    highWatermark,
    role,
  };
}

/** A leader role with another pending ISR change, followers and purgatory. */
function leaderRoleWith(
  role: LeaderRole,
  pendingIsr: LeaderRole['pendingIsr'],
  followers: LeaderRole['followers'],
  purgatory: LeaderRole['purgatory'],
): LeaderRole {
  return { kind: 'leader', epochStartOffset: role.epochStartOffset, pendingIsr, followers, purgatory };
}

/** A follower role with no request outstanding: it asks again at its next tick. */
function followerWaiting(role: FollowerRole): FollowerRole {
  return { kind: 'follower', phase: role.phase, requestSentAtTick: null, requestedEpoch: role.requestedEpoch };
}

function logWithCheckpoint(log: PartitionLog, checkpointedHighWatermark: number): PartitionLog {
  return { records: log.records, flushedLength: log.flushedLength, epochCache: log.epochCache, checkpointedHighWatermark };
}

function brokerDurable(durable: BrokerDurable, logs: readonly (PartitionLog | null)[]): BrokerDurable {
  return { kind: 'broker', incarnation: durable.incarnation, logs };
}

function brokerVolatile(volatile: BrokerVolatile, replicas: readonly (ReplicaState | null)[]): BrokerVolatile {
  return { now: volatile.now, ticksSinceCheckpoint: volatile.ticksSinceCheckpoint, replicas, metadata: volatile.metadata };
}

/** `items` with the one at `index` replaced. */
function replaced<Item>(items: readonly Item[], index: number, item: Item): Item[] {
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

function withPartition(state: BrokerState, partition: number, log: PartitionLog, replica: ReplicaState): BrokerState {
  const durableLog = state.durable.logs[partition];
  const durable = durableLog === log ? state.durable : brokerDurable(state.durable, replaced(state.durable.logs, partition, log));
  const volatile =
    state.volatile.replicas[partition] === replica
      ? state.volatile
      : brokerVolatile(state.volatile, replaced(state.volatile.replicas, partition, replica));
  if (durable === state.durable && volatile === state.volatile) return state;
  return { durable, volatile };
}

function reply(operationId: number, outcome: ClientReply<Output>): Action {
  return { kind: 'reply', operationId, reply: outcome };
}

/** Errors a client sees: a consume certainly had no effect; a produce may have been appended by an earlier attempt. */
function clientError(request: ClientRequest<Operation>, error: string): Action {
  return reply(request.operationId, request.operation.type === 'consume' ? { outcome: 'fail', error } : { outcome: 'unknown', error });
}

function send(to: number, message: Message): Action {
  return { kind: 'send', to, message };
}

/** The ISR the leader waits for when advancing the HW: the committed one plus any pending addition (KIP-497). */
export function maximalIsr(replica: ReplicaState): readonly number[] {
  if (replica.role.kind !== 'leader' || replica.role.pendingIsr === null) return replica.isr;
  const pending = replica.role.pendingIsr.isr;
  const extra = pending.filter((broker) => !replica.isr.includes(broker));
  return extra.length === 0 ? replica.isr : [...replica.isr, ...extra];
}

interface PartitionResult {
  readonly log: PartitionLog;
  readonly replica: ReplicaState;
  readonly actions: readonly Action[];
}

// ---------------------------------------------------------------------------------------------
// Leader side

/**
 * Moves the HW to the smallest log end offset of the (maximal) ISR and answers the acks=all
 * produces it passed: with success while the ISR still has min.insync.replicas members, else with
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND (the record is in the log: the outcome is unknown to the client).
 */
function advanceHighWatermark(context: Context, log: PartitionLog, replica: ReplicaState, partition: number, actions: Action[]): ReplicaState {
  const role = replica.role;
  if (role.kind !== 'leader') return replica;
  let candidate = log.records.length;
  for (const member of maximalIsr(replica)) {
    if (member === context.node) continue;
    const progress = role.followers[member];
    if (!progress || progress.logEndOffset === null) return replica;
    candidate = Math.min(candidate, progress.logEndOffset);
  }
  if (candidate <= replica.highWatermark) return replica;
  const highWatermark = candidate;
  const done = role.purgatory.filter((pending) => pending.offset < highWatermark);
  if (done.length === 0) return replicaWith(replica, highWatermark, role);
  const enough = replica.isr.length >= context.config.minInsyncReplicas;
  for (const pending of done) {
    actions.push(
      reply(
        pending.operationId,
        enough
          ? { outcome: 'ok', output: { type: 'produce', partition, offset: pending.offset } }
          : {
              outcome: 'unknown',
              error: `NOT_ENOUGH_REPLICAS_AFTER_APPEND: the ISR shrank below min.insync.replicas=${context.config.minInsyncReplicas}`,
            },
      ),
    );
  }
  const purgatory = role.purgatory.filter((pending) => pending.offset >= highWatermark);
  return replicaWith(replica, highWatermark, leaderRoleWith(role, role.pendingIsr, role.followers, purgatory));
}

function requestIsrChange(
  context: Context,
  replica: ReplicaState,
  partition: number,
  isr: readonly number[],
  now: number,
  actions: Action[],
): ReplicaState {
  const role = replica.role;
  if (role.kind !== 'leader') return replica;
  const incarnations = isr.map((member) => (member === context.node ? context.incarnation : (role.followers[member]?.incarnation ?? -1)));
  actions.push(
    send(context.controller, {
      type: 'alter-partition',
      partition,
      leaderEpoch: replica.leaderEpoch,
      partitionEpoch: replica.partitionEpoch,
      isr,
      incarnations,
    }),
  );
  return replicaWith(replica, replica.highWatermark, leaderRoleWith(role, { isr, sentAtTick: now }, role.followers, role.purgatory));
}

function leaderHandlesFetch(
  context: Context,
  state: BrokerState,
  partition: number,
  from: number,
  message: Extract<Message, { type: 'fetch' }>,
): Result {
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  const respond = (error: FetchError | null, records: readonly LogRecord[], highWatermark: number, logEndOffset: number): Action =>
    send(from, {
      type: 'fetch-response',
      partition,
      currentLeaderEpoch: message.currentLeaderEpoch,
      fetchOffset: message.fetchOffset,
      error,
      records,
      highWatermark,
      logEndOffset,
    });
  if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {
    return { state, actions: [respond('NOT_LEADER_OR_FOLLOWER', [], 0, 0)] };
  }
  if (context.rules.fenceByCurrentLeaderEpoch && message.currentLeaderEpoch !== replica.leaderEpoch) {
    const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';
    return { state, actions: [respond(error, [], 0, 0)] };
  }
  const logEndOffset = log.records.length;
  if (message.fetchOffset > logEndOffset) {
    return { state, actions: [respond('OFFSET_OUT_OF_RANGE', [], replica.highWatermark, logEndOffset)] };
  }
  const now = state.volatile.now;
  const role = replica.role;
  const previous = role.followers[from];
  // A fetch from an earlier life of a broker that has since fetched as a new incarnation: in Kafka
  // the old life's connection is gone; here the network may still deliver it. Drop it.
  if (previous && message.replicaIncarnation < previous.incarnation && context.rules.checkBrokerEpoch) {
    return { state, actions: [] };
  }
  const lastCaughtUpTick =
    message.fetchOffset >= logEndOffset
      ? now
      : previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset
        ? Math.max(previous.lastCaughtUpTick, previous.lastFetchTick)
        : (previous?.lastCaughtUpTick ?? now);
  const progress: FollowerProgress = {
    logEndOffset: message.fetchOffset,
    incarnation: message.replicaIncarnation,
    lastCaughtUpTick,
    lastFetchLeaderLogEndOffset: logEndOffset,
    lastFetchTick: now,
  };
  const followers = role.followers.map((existing, broker) => (broker === from ? progress : existing));
  let next = replicaWith(replica, replica.highWatermark, leaderRoleWith(role, role.pendingIsr, followers, role.purgatory));
  const actions: Action[] = [];
  // ISR expansion: caught up to the HW and (since KAFKA-7128) to the start of this leader's epoch,
  // so that it holds everything the previous leader may have committed.
  const inSync =
    message.fetchOffset >= replica.highWatermark && (!context.rules.expandIsrOnlyPastEpochStart || message.fetchOffset >= role.epochStartOffset);
  if (inSync && role.pendingIsr === null && !replica.isr.includes(from)) {
    next = requestIsrChange(context, next, partition, [...replica.isr, from], now, actions);
  }
  next = advanceHighWatermark(context, log, next, partition, actions);
  actions.push(respond(null, log.records.slice(message.fetchOffset), next.highWatermark, logEndOffset));
  return { state: withPartition(state, partition, log, next), actions };
}

function leaderHandlesOffsetsForLeaderEpoch(
  context: Context,
  state: BrokerState,
  partition: number,
  from: number,
  message: Extract<Message, { type: 'offsets-for-leader-epoch' }>,
): Result {
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  const respond = (error: FetchError | null, leaderEpoch: number, endOffset: number): Result => ({
    state,
    actions: [
      send(from, {
        type: 'offsets-for-leader-epoch-response',
        partition,
        currentLeaderEpoch: message.currentLeaderEpoch,
        requestedEpoch: message.leaderEpoch,
        error,
        leaderEpoch,
        endOffset,
      }),
    ],
  });
  if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);
  if (context.rules.fenceByCurrentLeaderEpoch && replica.leaderEpoch !== message.currentLeaderEpoch) {
    return respond(
      // Stryker disable next-line all: equivalent, a follower treats every OffsetsForLeaderEpoch error alike (it asks again at its next tick)
      message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH',
      undefinedEpoch,
      undefinedOffset,
    );
  }
  const answer = !context.rules.truncateAtDivergingEpoch
    ? legacyEndOffsetForEpoch(log.epochCache, log.records.length, message.leaderEpoch)
    : endOffsetForEpoch(log.epochCache, log.records.length, message.leaderEpoch);
  return respond(null, answer.epoch, answer.endOffset);
}

/**
 * Shrinks the ISR of followers that have not caught up within replica.lag.time.max.ms; re-sends a
 * lost AlterPartition. A follower whose last fetch reached the leader's log end stays, however long
 * ago that was: Kafka 3.5's `ReplicaState.isCaughtUp` (core/src/main/scala/kafka/cluster/Replica.scala:64-70:
 * `leaderEndOffset == logEndOffset || currentTimeMs - lastCaughtUpTimeMs <= replicaMaxLagMs`, called
 * from `Partition.isFollowerOutOfSync`, Partition.scala:1188-1195); Kafka 2.8's
 * `Partition.isFollowerOutOfSync` (Partition.scala:977-984) is the same test negated. So on an idle
 * partition a silent follower stays in the ISR until the controller removes it (its session ends:
 * decisions.ts `fence`) or a new record leaves it behind.
 */
function leaderTick(context: Context, log: PartitionLog, replica: ReplicaState, partition: number, now: number, actions: Action[]): ReplicaState {
  const role = replica.role;
  if (role.kind !== 'leader') return replica;
  if (role.pendingIsr !== null) {
    if (now - role.pendingIsr.sentAtTick < requestRetryTicks * 2) return replica;
    return requestIsrChange(context, replica, partition, role.pendingIsr.isr, now, actions);
  }
  const lagging = replica.isr.filter((member) => {
    if (member === context.node) return false;
    const progress = role.followers[member];
    if (progress?.logEndOffset === log.records.length) return false;
    return !progress || now - progress.lastCaughtUpTick > context.config.replicaLagTimeTicksMax;
  });
  if (lagging.length === 0) return replica;
  return requestIsrChange(
    context,
    replica,
    partition,
    replica.isr.filter((member) => !lagging.includes(member)),
    now,
    actions,
  );
}

// ---------------------------------------------------------------------------------------------
// Follower side

function startFetching(context: Context, log: PartitionLog, replica: ReplicaState, partition: number, now: number, actions: Action[]): ReplicaState {
  const request =
    replica.leader === null || replica.leader === context.node
      ? null
      : send(replica.leader, {
          type: 'fetch',
          partition,
          fetchOffset: log.records.length,
          currentLeaderEpoch: replica.leaderEpoch,
          replicaIncarnation: context.incarnation,
        });
  if (request) actions.push(request);
  return replicaWith(replica, Math.min(replica.highWatermark, log.records.length), {
    kind: 'follower',
    phase: 'fetching',
    requestSentAtTick: request ? now : null,
    requestedEpoch: undefinedEpoch,
  });
}

function askForDivergence(
  context: Context,
  log: PartitionLog,
  replica: ReplicaState,
  partition: number,
  now: number,
  actions: Action[],
): ReplicaState {
  const epoch = latestEpoch(log.epochCache);
  if (replica.leader === null) return replica;
  actions.push(send(replica.leader, { type: 'offsets-for-leader-epoch', partition, currentLeaderEpoch: replica.leaderEpoch, leaderEpoch: epoch }));
  return replicaWith(replica, replica.highWatermark, { kind: 'follower', phase: 'truncating', requestSentAtTick: now, requestedEpoch: epoch });
}

/**
 * A follower of a new leader epoch. Before KIP-101 it simply truncated to its own HW; since then
 * it asks the leader where its latest epoch ends. A replica without any epoch (an empty log) has
 * nothing to reconcile.
 */
function becomeFollower(
  context: Context,
  log: PartitionLog,
  replica: ReplicaState,
  partition: number,
  now: number,
  actions: Action[],
): PartitionResult {
  if (!context.rules.truncateByLeaderEpoch) {
    const truncated = truncateTo(log, replica.highWatermark);
    return { log: truncated, replica: startFetching(context, truncated, replica, partition, now, actions), actions };
  }
  if (latestEpoch(log.epochCache) === undefinedEpoch) {
    const truncated = truncateTo(log, replica.highWatermark);
    return { log: truncated, replica: startFetching(context, truncated, replica, partition, now, actions), actions };
  }
  return { log, replica: askForDivergence(context, log, replica, partition, now, actions), actions };
}

function followerHandlesDivergence(
  context: Context,
  state: BrokerState,
  partition: number,
  from: number,
  message: Extract<Message, { type: 'offsets-for-leader-epoch-response' }>,
): Result {
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };
  if (from !== replica.leader || message.requestedEpoch !== replica.role.requestedEpoch) return { state, actions: [] };
  if (context.rules.fenceByCurrentLeaderEpoch && message.currentLeaderEpoch !== replica.leaderEpoch) return { state, actions: [] };
  const now = state.volatile.now;
  if (message.error !== null) {
    // Retried at the next tick (or after new metadata for a fenced epoch).
    const waiting = replicaWith(replica, replica.highWatermark, followerWaiting(replica.role));
    return { state: withPartition(state, partition, log, waiting), actions: [] };
  }
  const actions: Action[] = [];
  const logEndOffset = log.records.length;
  let target: number;
  let done = true;
  if (message.endOffset === undefinedOffset) {
    // The leader knows nothing of that epoch: fall back to the high watermark.
    target = replica.highWatermark;
  } else if (!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch) {
    target = Math.min(message.endOffset, logEndOffset);
  } else {
    // KIP-279: the leader says which epoch its offset ends; if this log does not know that epoch,
    // cut back to the end of the largest epoch it does know below it and ask again.
    const own = endOffsetForEpoch(log.epochCache, logEndOffset, message.leaderEpoch);
    if (own.endOffset === undefinedOffset) {
      target = Math.min(message.endOffset, logEndOffset);
    } else if (own.epoch !== message.leaderEpoch) {
      target = Math.min(own.endOffset, logEndOffset);
      done = false;
    } else {
      target = Math.min(own.endOffset, message.endOffset, logEndOffset);
    }
  }
  const truncated = truncateTo(log, target);
  const clamped = replicaWith(replica, Math.min(replica.highWatermark, truncated.records.length), replica.role);
  const next =
    done || latestEpoch(truncated.epochCache) === undefinedEpoch
      ? startFetching(context, truncated, clamped, partition, now, actions)
      : askForDivergence(context, truncated, clamped, partition, now, actions);
  return { state: withPartition(state, partition, truncated, next), actions };
}

function followerHandlesFetchResponse(
  context: Context,
  state: BrokerState,
  partition: number,
  from: number,
  message: Extract<Message, { type: 'fetch-response' }>,
): Result {
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };
  if (from !== replica.leader || message.fetchOffset !== log.records.length) return { state, actions: [] };
  if (context.rules.fenceByCurrentLeaderEpoch && message.currentLeaderEpoch !== replica.leaderEpoch) return { state, actions: [] };
  const now = state.volatile.now;
  const actions: Action[] = [];
  if (message.error === 'OFFSET_OUT_OF_RANGE') {
    // The leader's log is shorter than ours: an unclean election happened; follow it down.
    const truncated = message.logEndOffset < log.records.length ? truncateTo(log, message.logEndOffset) : log;
    const next = startFetching(context, truncated, replica, partition, now, actions);
    return { state: withPartition(state, partition, truncated, next), actions };
  }
  if (message.error !== null) {
    const waiting = replicaWith(replica, replica.highWatermark, followerWaiting(replica.role));
    return { state: withPartition(state, partition, log, waiting), actions: [] };
  }
  const appended = appendRecords(log, message.records, context.config.logFlushIntervalMessages);
  const highWatermark = Math.min(message.highWatermark, appended.records.length);
  const progressed = message.records.length > 0 || highWatermark !== replica.highWatermark;
  // Keep fetching while there is news; otherwise wait for the next tick (Kafka's fetch.max.wait).
  const next = progressed
    ? startFetching(context, appended, replicaWith(replica, highWatermark, replica.role), partition, now, actions)
    : replicaWith(replica, highWatermark, followerWaiting(replica.role));
  return { state: withPartition(state, partition, appended, next), actions };
}

function followerTick(context: Context, log: PartitionLog, replica: ReplicaState, partition: number, now: number, actions: Action[]): ReplicaState {
  const role = replica.role;
  if (role.kind !== 'follower') return replica;
  if (role.requestSentAtTick !== null && now - role.requestSentAtTick < requestRetryTicks) return replica;
  if (role.phase === 'truncating') return askForDivergence(context, log, replica, partition, now, actions);
  return startFetching(context, log, replica, partition, now, actions);
}

// ---------------------------------------------------------------------------------------------
// Metadata from the controller

function failPurgatory(role: ReplicaRole, actions: Action[], why: string): void {
  if (role.kind !== 'leader') return;
  for (const pending of role.purgatory) actions.push(reply(pending.operationId, { outcome: 'unknown', error: why }));
}

function handleLeaderAndIsr(context: Context, state: BrokerState, message: Extract<Message, { type: 'leader-and-isr' }>): Result {
  const partition = message.partition;
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  // Meant for an earlier incarnation of this broker, or stale: ignore (Kafka: STALE_BROKER_EPOCH, stale leader epoch).
  if (!log || !replica || message.brokerIncarnation !== state.durable.incarnation) return { state, actions: [] };
  if (message.leaderEpoch < replica.leaderEpoch) return { state, actions: [] };
  if (message.leaderEpoch === replica.leaderEpoch && message.partitionEpoch <= replica.partitionEpoch) return { state, actions: [] };
  const now = state.volatile.now;
  const actions: Action[] = [];
  const metadata: ReplicaState = {
    ...replica,
    leader: message.leader,
    leaderEpoch: message.leaderEpoch,
    partitionEpoch: message.partitionEpoch,
    isr: message.isr,
    replicas: message.replicas,
  };
  if (message.leaderEpoch === replica.leaderEpoch) {
    // Same leader epoch, newer partition epoch: an ISR change. The leader drops its pending request.
    if (replica.role.kind !== 'leader') return { state: withPartition(state, partition, log, metadata), actions: [] };
    const updated = replicaWith(metadata, metadata.highWatermark, leaderRoleWith(replica.role, null, replica.role.followers, replica.role.purgatory));
    const next = advanceHighWatermark(context, log, updated, partition, actions);
    return { state: withPartition(state, partition, log, next), actions };
  }
  if (message.leader === context.node) {
    // Becoming leader: the epoch starts at our log end, recorded in the epoch cache at once.
    const purgatory = replica.role.kind === 'leader' ? replica.role.purgatory : [];
    const withEpoch: PartitionLog = { ...log, epochCache: assignEpoch(log.epochCache, message.leaderEpoch, log.records.length) };
    const leader: ReplicaState = {
      ...metadata,
      role: {
        kind: 'leader',
        epochStartOffset: log.records.length,
        pendingIsr: null,
        followers: freshFollowers(context, message.replicas, now),
        purgatory,
      },
    };
    const next = advanceHighWatermark(context, withEpoch, leader, partition, actions);
    return { state: withPartition(state, partition, withEpoch, next), actions: actions };
  }
  failPurgatory(replica.role, actions, `NOT_LEADER_OR_FOLLOWER: broker ${context.node} is no longer the leader of partition ${partition}`);
  if (message.leader === null) {
    return { state: withPartition(state, partition, log, { ...metadata, role: { kind: 'none' } }), actions };
  }
  const result = becomeFollower(context, log, metadata, partition, now, actions);
  return { state: withPartition(state, partition, result.log, result.replica), actions };
}

// ---------------------------------------------------------------------------------------------
// Clients

/** Serves a produce or consume at the partition leader. */
function leaderServesClient(context: Context, state: BrokerState, request: ClientRequest<Operation>, replied: boolean): Result {
  const operation = request.operation;
  const partition = operation.partition;
  const log = state.durable.logs[partition];
  const replica = state.volatile.replicas[partition];
  if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };
  const role = replica.role;
  if (operation.type === 'consume') {
    if (operation.fromOffset > log.records.length) {
      return {
        state,
        actions: [clientError(request, `OFFSET_OUT_OF_RANGE: offset ${operation.fromOffset} is beyond the log end ${log.records.length}`)],
      };
    }
    const records = operation.fromOffset >= replica.highWatermark ? [] : log.records.slice(operation.fromOffset, replica.highWatermark);
    return {
      state,
      actions: [reply(request.operationId, { outcome: 'ok', output: { type: 'consume', partition, fromOffset: operation.fromOffset, records } })],
    };
  }
  const acks = acksOf(context.config);
  const answer = (offset: number): Action[] =>
    replied ? [] : [reply(request.operationId, { outcome: 'ok', output: { type: 'produce', partition, offset } })];
  // Checked before anything else, a retry of a batch already in the log included (Kafka's
  // Partition.appendRecordsToLeader, before the log looks for duplicates): an acks=all answer
  // promises min.insync.replicas copies.
  if (acks === 'all' && replica.isr.length < context.config.minInsyncReplicas) {
    const error = `NOT_ENOUGH_REPLICAS: the ISR [${replica.isr.join(',')}] is smaller than min.insync.replicas=${context.config.minInsyncReplicas}`;
    return { state, actions: replied ? [] : [clientError(request, error)] };
  }
  if (context.config.enableIdempotence) {
    let existing = -1;
    let newer = false;
    for (let offset = 0; offset < log.records.length; offset++) {
      const record = log.records[offset] as LogRecord;
      if (record.producerId !== request.clientId) continue;
      if (record.sequence === request.operationId) existing = offset;
      else if (record.sequence > request.operationId) newer = true;
    }
    if (existing >= 0) {
      // A retry of a batch already in the log: answer with its offset, never append it twice.
      if (acks !== 'all' || existing < replica.highWatermark) return { state, actions: answer(existing) };
      if (replied || role.purgatory.some((pending) => pending.operationId === request.operationId)) return { state, actions: [] };
      const waiting = replicaWith(
        replica,
        replica.highWatermark,
        leaderRoleWith(role, role.pendingIsr, role.followers, [...role.purgatory, { operationId: request.operationId, offset: existing }]),
      );
      return { state: withPartition(state, partition, log, waiting), actions: [] };
    }
    if (newer) {
      return {
        state,
        actions: replied ? [] : [clientError(request, 'OUT_OF_ORDER_SEQUENCE_NUMBER: a later batch of this producer is already in the log')],
      };
    }
  }
  const offset = log.records.length;
  const record: LogRecord = { epoch: replica.leaderEpoch, value: operation.value, producerId: request.clientId, sequence: request.operationId };
  const appended = appendRecords(log, [record], context.config.logFlushIntervalMessages);
  if (acks !== 'all') return { state: withPartition(state, partition, appended, replica), actions: acks === '1' ? answer(offset) : [] };
  const purgatory = replied ? role.purgatory : [...role.purgatory, { operationId: request.operationId, offset }];
  const actions: Action[] = [];
  const next = advanceHighWatermark(
    context,
    appended,
    replicaWith(replica, replica.highWatermark, leaderRoleWith(role, role.pendingIsr, role.followers, purgatory)),
    partition,
    actions,
  );
  return { state: withPartition(state, partition, appended, next), actions: actions };
}

/**
 * A client request at a broker: served if this broker leads the partition, otherwise passed on to
 * the leader it knows (or to the controller, which always knows), like a client that refreshes
 * its metadata and retries. With acks=0 the producer counts the record as sent at once.
 */
function brokerHandlesClient(context: Context, state: BrokerState, request: ClientRequest<Operation>, hops: number, replied: boolean): Result {
  const operation = request.operation;
  const actions: Action[] = [];
  let answered = replied;
  if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {
    actions.push(reply(request.operationId, { outcome: 'ok', output: { type: 'produce', partition: operation.partition, offset: null } }));
    answered = true;
  }
  if (operation.partition >= context.config.partitionCount) {
    return {
      state,
      actions: answered ? actions : [clientError(request, `UNKNOWN_TOPIC_OR_PARTITION: partition ${operation.partition} does not exist`)],
    };
  }
  const replica = state.volatile.replicas[operation.partition];
  if (replica && replica.role.kind === 'leader') {
    const served = leaderServesClient(context, state, request, answered);
    return { state: served.state, actions: [...actions, ...served.actions] };
  }
  const target = replica && replica.leader !== null && replica.leader !== context.node ? replica.leader : context.controller;
  if (hops >= forwardHopsMax) {
    if (!answered)
      actions.push(clientError(request, `NOT_LEADER_OR_FOLLOWER: broker ${context.node} is not the leader of partition ${operation.partition}`));
    return { state, actions };
  }
  actions.push(send(target, { type: 'client-request', request, hops: hops + 1, replied: answered }));
  return { state, actions };
}

// ---------------------------------------------------------------------------------------------
// The step function

function heartbeat(context: Context, state: BrokerState): Action {
  // Stryker disable all: equivalent, timing only: wrong epochs here make the controller resend the current LeaderAndIsr, which a broker ignores unless it is newer
  const known = state.volatile.replicas.map((replica): readonly [number, number] =>
    replica ? [replica.leaderEpoch, replica.partitionEpoch] : [-1, -1],
  );
  // Stryker restore all
  return send(context.controller, { type: 'heartbeat', incarnation: state.durable.incarnation, known });
}

/**
 * Every `broker.heartbeat.interval.ms`: a heartbeat to the controller, and in KRaft a metadata
 * fetch with it. A KRaft broker whose last two fetches went unanswered tries the next controller.
 */
function heartbeatAndFetch(context: Context, state: BrokerState, actions: Action[]): BrokerState {
  const cache = state.volatile.metadata;
  if (cache === null) {
    actions.unshift(heartbeat(context, state));
    return state;
  }
  let controller = cache.controller;
  let unansweredFetches = cache.unansweredFetches;
  if (unansweredFetches >= 2) {
    const controllers = controllerNodes(context.config);
    controller = controllers[(controllers.indexOf(controller) + 1) % controllers.length] ?? controller;
    unansweredFetches = 0;
  }
  const next = withMetadata(
    state,
    metadataCache(controller, cache.controllerEpoch, cache.appliedIndex, cache.appliedTerm, cache.image, unansweredFetches + 1),
  );
  const target = brokerContext(context, state.durable.incarnation, controller);
  actions.unshift(
    heartbeat(target, next),
    send(controller, { type: 'metadata-fetch', appliedIndex: cache.appliedIndex, brokerIncarnation: state.durable.incarnation }),
  );
  return next;
}

function brokerTick(context: Context, state: BrokerState): Result {
  const now = state.volatile.now + 1;
  const actions: Action[] = [];
  // Stryker disable next-line all: equivalent, timing only: the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)
  const checkpointDue = state.volatile.ticksSinceCheckpoint + 1 >= context.config.highWatermarkCheckpointIntervalTicks;
  // New arrays built by map, never copies written into: the step must not touch its input (a copy's
  // write that lost its copy would write into the state the simulator still holds).
  const replicas = state.volatile.replicas.map((replica, partition) => {
    const log = state.durable.logs[partition];
    if (!replica || !log) return replica;
    if (replica.role.kind === 'leader') return leaderTick(context, log, replica, partition, now, actions);
    if (replica.role.kind === 'follower') return followerTick(context, log, replica, partition, now, actions);
    return replica;
  });
  const logs = state.durable.logs.map((log, partition) => {
    const next = replicas[partition];
    if (!next || !log) return log;
    if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);
    return log;
  });
  const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);
  const next: BrokerState = {
    durable: durableChanged ? brokerDurable(state.durable, logs) : state.durable,
    volatile: {
      now,
      ticksSinceCheckpoint: checkpointDue ? 0 : state.volatile.ticksSinceCheckpoint + 1,
      replicas,
      metadata: state.volatile.metadata,
    },
  };
  if (now % context.config.brokerHeartbeatIntervalTicks !== 0) return { state: next, actions };
  return { state: heartbeatAndFetch(context, next, actions), actions };
}

/**
 * KRaft: what the metadata log says, applied as the abstract controller's LeaderAndIsr would be,
 * partition by partition, once the image has registered this broker's current incarnation (until
 * then the image describes an earlier life of this broker, and it waits).
 */
function actOnImage(context: Context, state: BrokerState, image: MetadataImage): Result {
  const me = image.brokers[context.node];
  if (!me || me.incarnation !== context.incarnation) return { state, actions: [] };
  let current = state;
  const actions: Action[] = [];
  for (const [partition, registration] of image.partitions.entries()) {
    const replica = current.volatile.replicas[partition];
    if (!replica) continue;
    if (replica.leaderEpoch === registration.leaderEpoch && replica.partitionEpoch === registration.partitionEpoch) continue;
    const result = handleLeaderAndIsr(context, current, leaderAndIsr(partition, registration, context.incarnation));
    current = result.state;
    actions.push(...result.actions);
  }
  return { state: current, actions };
}

/**
 * KRaft: a metadata fetch answered. A controller of an older epoch than one already heard from is
 * ignored (KAFKA-14154); one that is not active names the one it believes is; the active one's
 * entries are applied in order, only the next expected one each time.
 */
function handleMetadataResponse(
  context: Context,
  state: BrokerState,
  from: number,
  message: Extract<Message, { type: 'metadata-fetch-response' }>,
): Result {
  const cache = state.volatile.metadata;
  if (cache === null || message.controllerEpoch < cache.controllerEpoch) return { state, actions: [] };
  if (message.leader !== from) {
    const controller = message.leader === null ? cache.controller : message.leader;
    // A controller that knows no active one (a candidate of a later term, say) vouches for no
    // epoch an active controller holds: taken as heard, its epoch would shut out the active
    // controller of the term before for good once that candidate dies (a correct KRaft run left
    // its one live broker without metadata, seed 44 of the default hunt on KRaft).
    const epoch = message.leader === null ? cache.controllerEpoch : message.controllerEpoch;
    const redirected = metadataCache(controller, epoch, cache.appliedIndex, cache.appliedTerm, cache.image, 0);
    return { state: withMetadata(state, redirected), actions: [] };
  }
  let image = cache.image;
  let appliedIndex = cache.appliedIndex;
  let appliedTerm = cache.appliedTerm;
  if (message.snapshot !== null && message.snapshot.index > appliedIndex) {
    image = message.snapshot.image;
    appliedIndex = message.snapshot.index;
    appliedTerm = message.snapshot.term;
  }
  for (const batch of message.batches) {
    if (batch.index <= appliedIndex) continue;
    if (batch.index !== appliedIndex + 1) break;
    image = applyRecords(image, batch.records);
    appliedIndex = batch.index;
    appliedTerm = batch.term;
  }
  const updated = withMetadata(state, metadataCache(from, message.controllerEpoch, appliedIndex, appliedTerm, image, 0));
  if (image === cache.image) return { state: updated, actions: [] };
  return actOnImage(brokerContext(context, state.durable.incarnation, from), updated, image);
}

/**
 * The broker context of each node, incarnation and controller, built once: contexts are fixed per
 * node for a whole simulation, so this only saves an allocation per step (it holds no state of the model).
 */
const brokerContexts = new WeakMap<KafkaNodeContext, Context[][]>();

function brokerContext(nodeContext: KafkaNodeContext, incarnation: number, controller: number): Context {
  let byIncarnation = brokerContexts.get(nodeContext);
  if (!byIncarnation) {
    byIncarnation = [];
    brokerContexts.set(nodeContext, byIncarnation);
  }
  const byController = byIncarnation[incarnation] ?? [];
  byIncarnation[incarnation] = byController;
  const known = byController[controller];
  if (known) return known;
  const built: Context = {
    config: nodeContext.config,
    variant: nodeContext.variant,
    rules: nodeContext.rules,
    node: nodeContext.node,
    nodeCount: nodeContext.nodeCount,
    incarnation,
    controller,
  };
  byController[controller] = built;
  return built;
}

export function stepBroker(nodeContext: KafkaNodeContext, state: BrokerState, input: NodeInput<Message, Operation>): Result {
  const context = brokerContext(nodeContext, state.durable.incarnation, state.volatile.metadata?.controller ?? controllerNode(nodeContext.config));
  switch (input.kind) {
    case 'tick':
      return brokerTick(context, state);
    case 'disconnect':
      return { state, actions: [] };
    case 'client':
      return brokerHandlesClient(context, state, input.request, 0, false);
    case 'receive': {
      const message = input.message;
      switch (message.type) {
        case 'leader-and-isr':
          return handleLeaderAndIsr(context, state, message);
        case 'fetch':
          return leaderHandlesFetch(context, state, message.partition, input.from, message);
        case 'fetch-response':
          return followerHandlesFetchResponse(context, state, message.partition, input.from, message);
        case 'offsets-for-leader-epoch':
          return leaderHandlesOffsetsForLeaderEpoch(context, state, message.partition, input.from, message);
        case 'offsets-for-leader-epoch-response':
          return followerHandlesDivergence(context, state, message.partition, input.from, message);
        case 'client-request':
          return brokerHandlesClient(context, state, message.request, message.hops, message.replied);
        case 'metadata-fetch-response':
          return handleMetadataResponse(context, state, input.from, message);
        case 'heartbeat':
        case 'metadata-fetch':
        case 'raft':
        case 'zab':
        case 'zk-request':
        case 'zk-response':
        case 'zk-watch':
        case 'leader-and-isr-response':
        // Stryker disable next-line all: equivalent, only the controller receives heartbeats and AlterPartition
        case 'alter-partition':
          // Stryker disable next-line all: equivalent, only the controller receives heartbeats and AlterPartition
          return { state, actions: [] };
        default:
          return assertNever(message, 'kafka message');
      }
    }
    default:
      return assertNever(input, 'node input');
  }
}
