/**
 * A KRaft controller (KIP-500, KIP-595, KIP-631): a member of the metadata quorum. The quorum
 * runs faultline's Raft component over the metadata log (quorum.ts); the active controller is the
 * Raft leader. It makes the decisions the abstract controller makes (decisions.ts: fencing on
 * session timeout, elections from the live ISR, AlterPartition, preferred leaders) on its image of
 * the metadata, and writes what changed as records (metadata.ts); brokers fetch the committed
 * records from it and apply them to their metadata cache (broker.ts).
 *
 * Like Kafka's QuorumController, the active controller decides on its latest image, committed
 * records plus the ones it wrote itself and has not seen committed yet, and decides nothing until
 * it has replayed the committed log up to the start of its own epoch (KAFKA-15345): before then
 * its image may lack records an earlier controller committed. Broker sessions live in its memory
 * only: a newly active controller gives every broker a fresh session.
 */
import { assertNever } from '../../core/assert.ts';
import type { NodeAction, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import {
  crashRaftNode,
  entryAt,
  initRaftNode,
  lastIndex,
  leaderOf,
  propose,
  readCommitted,
  restartRaftNode,
  stepRaftNode,
  termAt,
  type RaftDurable,
  type RaftEffect,
  type RaftLogEntry,
  type RaftVolatile,
} from '../raft/component.ts';
import type { KafkaNodeContext } from './config.ts';
import { routeClientRequest } from './controller.ts';
import {
  alterPartition,
  balanceLeaders,
  fence,
  register,
  startWork,
  type AlterPartitionRequest,
  type BrokerLiveness,
  type Work,
} from './decisions.ts';
import type { MetadataBatch, Message, MetadataSnapshot, Operation, Output } from './messages.ts';
import { applyRecords, recordsBetween, type MetadataImage, type MetadataRecord } from './metadata.ts';
import { quorumContext, type MetadataCommand, type QuorumState } from './quorum.ts';

export interface KraftDurable {
  readonly kind: 'kraft-controller';
  readonly raft: RaftDurable<MetadataCommand, MetadataImage>;
}

export interface KraftVolatile {
  readonly raft: RaftVolatile<MetadataCommand, MetadataImage>;
  /** Ticks since this node became active, for the preferred-leader check. */
  readonly activeTicks: number;
  /** Per broker, controller ticks since its last heartbeat; all zero while this node is not active. */
  readonly ticksSinceHeartbeat: readonly number[];
}

export type KraftControllerState = NodeState<KraftDurable, KraftVolatile>;

type Context = KafkaNodeContext;
type Action = NodeAction<Message, Output>;
type Result = StepResult<KraftControllerState, Message, Output>;

/** Entries one metadata fetch returns at most. */
export const metadataFetchEntriesMax = 8;

function quorumOf(state: KraftControllerState): QuorumState {
  return { durable: state.durable.raft, volatile: state.volatile.raft };
}

/** Every broker at zero ticks: one shared array per broker count (never mutated), not a new one per step. */
function freshSessions(context: Context): readonly number[] {
  const count = context.config.brokerCount;
  let sessions = freshSessionsByCount[count];
  if (sessions === undefined) {
    sessions = Array.from({ length: count }, () => 0);
    freshSessionsByCount[count] = sessions;
  }
  return sessions;
}

const freshSessionsByCount: (readonly number[])[] = [];

function withQuorum(state: KraftControllerState, quorum: QuorumState, wasActive: boolean, context: Context): KraftControllerState {
  const active = quorum.volatile.role.kind === 'leader';
  const volatile: KraftVolatile = {
    raft: quorum.volatile,
    activeTicks: active && wasActive ? state.volatile.activeTicks : 0,
    ticksSinceHeartbeat: active && wasActive ? state.volatile.ticksSinceHeartbeat : freshSessions(context),
  };
  return { durable: quorum.durable === state.durable.raft ? state.durable : { kind: 'kraft-controller', raft: quorum.durable }, volatile };
}

function sends(effects: readonly RaftEffect<MetadataCommand, MetadataImage, null>[], actions: Action[]): void {
  for (const effect of effects)
    if (effect.kind === 'send') actions.push({ kind: 'send', to: effect.to, message: { type: 'raft', message: effect.message } });
}

export function initKraftController(context: Context, randomSeed: number): KraftControllerState {
  const quorum = initRaftNode(quorumContext(context), randomSeed);
  return {
    durable: { kind: 'kraft-controller', raft: quorum.durable },
    volatile: { raft: quorum.volatile, activeTicks: 0, ticksSinceHeartbeat: freshSessions(context) },
  };
}

export function restartKraftController(context: Context, durable: KraftDurable, randomSeed: number): KraftControllerState {
  const quorum = restartRaftNode(quorumContext(context), durable.raft, randomSeed);
  return { durable, volatile: { raft: quorum.volatile, activeTicks: 0, ticksSinceHeartbeat: freshSessions(context) } };
}

export function crashKraftController(context: Context, state: KraftControllerState, loseUnflushed: boolean): KraftDurable {
  return { kind: 'kraft-controller', raft: crashRaftNode(quorumContext(context), quorumOf(state), { loseUnflushed }) };
}

export function isActiveController(state: KraftControllerState): boolean {
  return state.volatile.raft.role.kind === 'leader';
}

/** The committed metadata this node has applied (its Raft state machine). */
export function committedImage(state: KraftControllerState): MetadataImage {
  return state.volatile.raft.machine;
}

/**
 * Whether this node may decide: it is active and (KAFKA-15345) has committed, so replayed, the
 * log up to its own epoch's first entry, so its image holds every record an earlier controller committed.
 */
function mayDecide(context: Context, state: KraftControllerState): boolean {
  if (!isActiveController(state)) return false;
  if (!context.rules.replayBeforeDeciding) return true;
  const raft = state.durable.raft;
  return termAt(raft, state.volatile.raft.commitIndex) === raft.currentTerm;
}

/**
 * The image the active controller decides on: the committed image plus the records of its own
 * epoch it has written and not yet seen committed (once it may decide, that is its whole log).
 */
export function decisionImage(state: KraftControllerState): MetadataImage {
  const raft = state.durable.raft;
  let image = committedImage(state);
  for (let index = state.volatile.raft.lastApplied + 1; index <= lastIndex(raft); index++) {
    const entry = entryAt(raft, index);
    if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;
    image = applyRecords(image, entry.command.command.records);
  }
  return image;
}

/** Writes the records (if any) as one entry of the metadata log. */
function write(context: Context, state: KraftControllerState, records: readonly MetadataRecord[], actions: Action[]): KraftControllerState {
  if (records.length === 0) return state;
  const proposed = propose(quorumContext(context), quorumOf(state), { records });
  sends(proposed.effects, actions);
  return withQuorum(state, proposed.state, isActiveController(state), context);
}

type DecisionWork = Work<BrokerLiveness>;

/** Runs a decision on a copy of the image and writes what changed. */
function decide(context: Context, state: KraftControllerState, actions: Action[], decision: (work: DecisionWork) => void): KraftControllerState {
  const before = decisionImage(state);
  const work = startWork<BrokerLiveness>(before.brokers, before.partitions);
  decision(work);
  const after: MetadataImage = { brokers: work.brokers, partitions: work.partitions };
  return write(context, state, recordsBetween(before, after, work.changed), actions);
}

function controllerTick(context: Context, state: KraftControllerState): Result {
  const actions: Action[] = [];
  const wasActive = isActiveController(state);
  const ticked = stepRaftNode(quorumContext(context), quorumOf(state), { kind: 'tick' });
  sends(ticked.effects, actions);
  let next = withQuorum(state, ticked.state, wasActive, context);
  if (!mayDecide(context, next)) return { state: next, actions };
  const activeTicks = next.volatile.activeTicks + 1;
  const image = decisionImage(next);
  const ticksSinceHeartbeat = next.volatile.ticksSinceHeartbeat.map((ticks, broker) => (image.brokers[broker]?.alive ? ticks + 1 : 0));
  // Built field by field (object spread was a hot spot), in the key order of every controller state.
  next = { durable: next.durable, volatile: { raft: next.volatile.raft, activeTicks, ticksSinceHeartbeat } };
  const expired = ticksSinceHeartbeat.flatMap((ticks, broker) => (ticks > context.config.brokerSessionTimeoutTicks ? [broker] : []));
  const rebalance = context.config.autoLeaderRebalanceEnable && activeTicks % context.config.leaderImbalanceCheckIntervalTicks === 0;
  if (expired.length === 0 && !rebalance) return { state: next, actions };
  next = decide(context, next, actions, (work) => {
    for (const broker of expired) fence(context.config, work, broker);
    if (rebalance) balanceLeaders(work);
  });
  return { state: next, actions };
}

function handleHeartbeat(context: Context, state: KraftControllerState, from: number, incarnation: number): Result {
  if (!mayDecide(context, state)) return { state, actions: [] };
  const registration = decisionImage(state).brokers[from];
  if (!registration) return { state, actions: [] };
  // STALE_BROKER_EPOCH: a heartbeat from an earlier life of the broker (delayed in the network).
  if (incarnation < registration.incarnation) return { state, actions: [] };
  const ticksSinceHeartbeat = state.volatile.ticksSinceHeartbeat.map((ticks, broker) => (broker === from ? 0 : ticks));
  const heard: KraftControllerState = {
    durable: state.durable,
    volatile: { raft: state.volatile.raft, activeTicks: state.volatile.activeTicks, ticksSinceHeartbeat },
  };
  if (incarnation === registration.incarnation && registration.alive) return { state: heard, actions: [] };
  const actions: Action[] = [];
  const next = decide(context, heard, actions, (work) => register(context.config, context.rules, work, from, { alive: true, incarnation }));
  return { state: next, actions };
}

function handleAlterPartition(context: Context, state: KraftControllerState, from: number, message: AlterPartitionRequest): Result {
  // NOT_CONTROLLER while not active: the leader retries, and learns the active controller from its metadata fetches.
  if (!mayDecide(context, state)) return { state, actions: [] };
  const actions: Action[] = [];
  // A stale request (FENCED_LEADER_EPOCH / INVALID_UPDATE_VERSION) changes nothing: the leader learns the current state from the log.
  const next = decide(context, state, actions, (work) => void alterPartition(context.rules, work, from, message));
  return { state: next, actions };
}

function batchOf(index: number, entry: RaftLogEntry<MetadataCommand>): MetadataBatch {
  return { index, term: entry.term, records: entry.command.type === 'command' ? entry.command.command.records : [] };
}

/**
 * A broker's metadata fetch. The active controller returns committed entries after the one the
 * broker has applied (or its snapshot, when those are compacted away); any other controller says
 * who it believes is active.
 */
function handleMetadataFetch(context: Context, state: KraftControllerState, from: number, appliedIndex: number): Result {
  const raft = state.durable.raft;
  const controllerEpoch = raft.currentTerm;
  if (!isActiveController(state)) {
    const leader = leaderOf(quorumOf(state), context.node);
    const message: Message = { type: 'metadata-fetch-response', controllerEpoch, leader, appliedIndex, snapshot: null, batches: [] };
    // Stryker disable next-line ArrayDeclaration: equivalent, timing only: left unanswered, the broker tries the next controller after two unanswered fetches
    return { state, actions: [{ kind: 'send', to: from, message }] };
  }
  let snapshot: MetadataSnapshot | null = null;
  const batches: MetadataBatch[] = [];
  const read = readCommitted(quorumOf(state), appliedIndex + 1, metadataFetchEntriesMax);
  if (read.kind === 'snapshot') {
    snapshot = { index: read.snapshot.index, term: read.snapshot.term, image: read.snapshot.machine };
  } else {
    for (const { index, entry } of read.entries) batches.push(batchOf(index, entry));
  }
  if (!context.rules.serveOnlyCommittedMetadata && snapshot === null) {
    // The bug: entries beyond the quorum's high watermark go out too.
    const from = (batches.at(-1)?.index ?? appliedIndex) + 1;
    for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {
      const entry = entryAt(raft, index);
      if (entry === undefined) break;
      batches.push(batchOf(index, entry));
    }
  }
  const message: Message = { type: 'metadata-fetch-response', controllerEpoch, leader: context.node, appliedIndex, snapshot, batches };
  return { state, actions: [{ kind: 'send', to: from, message }] };
}

export function stepKraftController(context: Context, state: KraftControllerState, input: NodeInput<Message, Operation>): Result {
  switch (input.kind) {
    case 'tick':
      return controllerTick(context, state);
    case 'disconnect':
      return { state, actions: [] };
    case 'client':
      return { state, actions: routeClientRequest(context, committedImage(state).partitions, input.request, 0, false) };
    case 'receive': {
      const message = input.message;
      switch (message.type) {
        case 'raft': {
          const actions: Action[] = [];
          const wasActive = isActiveController(state);
          const stepped = stepRaftNode(quorumContext(context), quorumOf(state), { kind: 'receive', from: input.from, message: message.message });
          sends(stepped.effects, actions);
          return { state: withQuorum(state, stepped.state, wasActive, context), actions };
        }
        case 'heartbeat':
          return handleHeartbeat(context, state, input.from, message.incarnation);
        case 'alter-partition':
          return handleAlterPartition(context, state, input.from, message);
        case 'metadata-fetch':
          return handleMetadataFetch(context, state, input.from, message.appliedIndex);
        // Stryker disable next-line ConditionalExpression: equivalent, timing only: a client request dropped here goes unanswered as if the network lost it, and the client's retry reaches another node (as the reviewed ZooKeeper entry of the same drop)
        case 'client-request':
          return { state, actions: routeClientRequest(context, committedImage(state).partitions, message.request, message.hops, message.replied) };
        // Stryker disable all: equivalent, nobody sends a KRaft controller these (broker-to-broker replication, what the controller itself sends brokers, the ZooKeeper plane's messages); combined mode hands them to the broker part
        case 'metadata-fetch-response':
        case 'leader-and-isr':
        case 'zab':
        case 'zk-request':
        case 'zk-response':
        case 'zk-watch':
        case 'leader-and-isr-response':
        case 'fetch':
        case 'fetch-response':
        case 'offsets-for-leader-epoch':
        case 'offsets-for-leader-epoch-response':
          return { state, actions: [] };
        // Stryker restore all
        default:
          return assertNever(message, 'kafka message');
      }
    }
    default:
      return assertNever(input, 'node input');
  }
}
