/**
 * The controller, as an abstract always-correct service (a later model runs it on ZAB or Raft).
 *
 * It registers brokers by heartbeat and fences one whose session times out (or that comes back as
 * a new incarnation: a restart), elects partition leaders from the live ISR (the first such
 * replica in assignment order; with unclean.leader.election.enable, any live replica when no ISR
 * member is left), bumps the leader epoch at every leader change and the partition epoch at every
 * change, accepts ISR changes from the current leader (AlterPartition), and moves leadership back
 * to the preferred replica when auto.leader.rebalance.enable is on. Every decision travels to the
 * brokers as a LeaderAndIsr message, which may be delayed, reordered, duplicated or lost; a
 * broker whose heartbeat shows stale epochs is sent the current ones again.
 *
 * All of its state is durable: a crash and restart of the controller node resumes where it was,
 * giving every broker a fresh session (as a newly active KRaft controller does).
 */
import { assertNever } from '../../core/assert.ts';
import type { ClientRequest, NodeAction, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import { acksOf, assignReplicas, type KafkaNodeContext } from './config.ts';
import type { KnownEpochs, Message, Operation, Output } from './messages.ts';
import {
  alterPartition,
  balanceLeaders,
  fence,
  leaderAndIsr,
  register,
  startWork,
  type BrokerLiveness,
  type PartitionRegistration,
  type Work,
} from './decisions.ts';
import { forwardHopsMax } from './broker.ts';

export interface BrokerRegistration extends BrokerLiveness {
  readonly ticksSinceHeartbeat: number;
  /** Controller tick of the last metadata resend to this broker, to space resends out. */
  readonly lastSyncTick: number;
}

export type { PartitionRegistration } from './decisions.ts';

export interface ControllerDurable {
  readonly kind: 'controller';
  readonly now: number;
  readonly brokers: readonly BrokerRegistration[];
  readonly partitions: readonly PartitionRegistration[];
}

export type ControllerState = NodeState<ControllerDurable, null>;

type Context = KafkaNodeContext;
type Action = NodeAction<Message, Output>;
type Result = StepResult<ControllerState, Message, Output>;

/** Controller ticks between two metadata resends to the same broker. */
export const metadataResendTicks = 3;

export function initController(context: Context): ControllerState {
  const partitions = assignReplicas(context.config).map(
    (replicas): PartitionRegistration => ({ replicas, leader: replicas[0] ?? null, leaderEpoch: 0, partitionEpoch: 0, isr: replicas }),
  );
  const brokers = Array.from(
    { length: context.config.brokerCount },
    (): BrokerRegistration => ({
      alive: true,
      incarnation: 0,
      ticksSinceHeartbeat: 0,
      lastSyncTick: 0,
    }),
  );
  return { durable: { kind: 'controller', now: 0, brokers, partitions }, volatile: null };
}

export function restartController(durable: ControllerDurable): ControllerState {
  return { durable: { ...durable, brokers: durable.brokers.map((broker) => ({ ...broker, ticksSinceHeartbeat: 0 })) }, volatile: null };
}

type ControllerWork = Work<BrokerRegistration>;

/** Tells every live replica of every changed partition; then the new state. */
function finish(state: ControllerState, work: ControllerWork, now: number, extra: Action[] = []): Result {
  const actions: Action[] = [];
  // Timing only (the marks below): a broker that is not told, or told in another order, learns the same
  // decision from the answer to its next heartbeat, which resends every partition whose epochs it reports stale.
  // Stryker disable next-line all: equivalent, timing only (see above)
  for (const partition of work.changed.slice().sort((left, right) => left - right)) {
    const registration = work.partitions[partition];
    // Stryker disable next-line all: equivalent, timing only (see above)
    if (!registration) continue;
    // Stryker disable next-line BlockStatement: equivalent, timing only (see above)
    for (const replica of registration.replicas) {
      const broker = work.brokers[replica];
      // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, timing only (see above)
      if (broker?.alive) actions.push({ kind: 'send', to: replica, message: leaderAndIsr(partition, registration, broker.incarnation) });
    }
  }
  actions.push(...extra);
  return { state: { durable: { kind: 'controller', now, brokers: work.brokers, partitions: work.partitions }, volatile: null }, actions };
}

function startControllerWork(state: ControllerState): ControllerWork {
  return startWork(state.durable.brokers, state.durable.partitions);
}

function controllerTick(context: Context, state: ControllerState): Result {
  const now = state.durable.now + 1;
  const work = startControllerWork(state);
  for (const [broker, registration] of work.brokers.entries()) {
    if (!registration.alive) continue;
    const ticksSinceHeartbeat = registration.ticksSinceHeartbeat + 1;
    // Field by field, in the key order of every registration (object spread was a hot spot).
    work.brokers[broker] = {
      alive: registration.alive,
      incarnation: registration.incarnation,
      ticksSinceHeartbeat,
      lastSyncTick: registration.lastSyncTick,
    };
    if (ticksSinceHeartbeat > context.config.brokerSessionTimeoutTicks) fence(context.config, work, broker);
  }
  if (context.config.autoLeaderRebalanceEnable && now % context.config.leaderImbalanceCheckIntervalTicks === 0) balanceLeaders(work);
  return finish(state, work, now);
}

function epochsStale(registration: PartitionRegistration, known: readonly [number, number] | undefined): boolean {
  if (!known) return true;
  return known[0] !== registration.leaderEpoch || known[1] !== registration.partitionEpoch;
}

function handleHeartbeat(context: Context, state: ControllerState, from: number, incarnation: number, known: KnownEpochs): Result {
  const registration = state.durable.brokers[from];
  if (!registration || incarnation < registration.incarnation) return { state, actions: [] };
  const now = state.durable.now;
  // The common case: a live broker in the same incarnation, nothing to resend.
  if (incarnation === registration.incarnation && registration.alive) {
    // Stryker disable next-line ArithmeticOperator: equivalent, timing only: a resend due earlier (the general path below resends only stale partitions, which a broker ignores unless newer)
    const resendDue = now - registration.lastSyncTick >= metadataResendTicks;
    const stale =
      // Stryker disable next-line LogicalOperator,MethodExpression: equivalent, more often or less often through the general path below, which computes the same state and resends the same stale partitions when a resend is due
      resendDue && state.durable.partitions.some((current, partition) => current.replicas.includes(from) && epochsStale(current, known[partition]));
    if (!stale) {
      if (registration.ticksSinceHeartbeat === 0) return { state, actions: [] };
      const brokers = state.durable.brokers.map((existing, broker) => (broker === from ? { ...existing, ticksSinceHeartbeat: 0 } : existing));
      return { state: { durable: { ...state.durable, brokers }, volatile: null }, actions: [] };
    }
  }
  const work = startControllerWork(state);
  if (incarnation > registration.incarnation || !registration.alive) {
    // A restart (the previous incarnation's session is over, whatever its timer said), or a fenced broker back.
    // Stryker disable next-line UnaryOperator: equivalent, timing only: a registration's first resend of unchanged stale partitions waits a few ticks more (until now - lastSyncTick is due), and the next due heartbeat sends them
    register(context.config, context.rules, work, from, { alive: true, incarnation, ticksSinceHeartbeat: 0, lastSyncTick: -metadataResendTicks });
  } else {
    work.brokers[from] = { ...registration, ticksSinceHeartbeat: 0 };
  }
  const extra: Action[] = [];
  const broker = work.brokers[from];
  if (broker && now - broker.lastSyncTick >= metadataResendTicks) {
    for (const [partition, current] of work.partitions.entries()) {
      // Stryker disable next-line LogicalOperator: equivalent, more resends only: a broker ignores a LeaderAndIsr of a partition it does not host or at epochs it already has, and one changed in this step carries what finish sends
      if (!current.replicas.includes(from) || work.changed.includes(partition) || !epochsStale(current, known[partition])) continue;
      extra.push({ kind: 'send', to: from, message: leaderAndIsr(partition, current, broker.incarnation) });
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, timing only: when the next resend is due (more or fewer resends of the current state, which a broker ignores unless newer)
    if (extra.length > 0) work.brokers[from] = { ...broker, lastSyncTick: now };
  }
  return finish(state, work, now, extra);
}

function handleAlterPartition(
  context: Context,
  state: ControllerState,
  from: number,
  message: Extract<Message, { type: 'alter-partition' }>,
): Result {
  const current = state.durable.partitions[message.partition];
  const sender = state.durable.brokers[from];
  // Stryker disable next-line LogicalOperator,ObjectLiteral,ArrayDeclaration: equivalent, every AlterPartition names an existing partition and comes from a broker (the return is never reached)
  if (!current || !sender) return { state, actions: [] };
  const work = startControllerWork(state);
  // The marks below: timing only, a refused sender also learns the current state from the answer to its next heartbeat (its epochs are stale).
  // Stryker disable next-line StringLiteral,BlockStatement: equivalent, timing only (see above)
  if (alterPartition(context.rules, work, from, message) === 'stale') {
    // FENCED_LEADER_EPOCH / INVALID_UPDATE_VERSION: the sender learns the current state.
    // Stryker disable next-line BooleanLiteral,ConditionalExpression: equivalent, timing only (see above)
    if (!sender.alive) return { state, actions: [] };
    // Stryker disable next-line ArrayDeclaration: equivalent, timing only (see above)
    return { state, actions: [{ kind: 'send', to: from, message: leaderAndIsr(message.partition, current, sender.incarnation) }] };
  }
  return finish(state, work, state.durable.now);
}

/** The controller always knows the leader: it passes client requests on, or says the partition is offline. */
function controllerHandlesClient(
  context: Context,
  state: ControllerState,
  request: ClientRequest<Operation>,
  hops: number,
  replied: boolean,
): Result {
  return { state, actions: routeClientRequest(context, state.durable.partitions, request, hops, replied) };
}

/** A client request at a controller, routed by the partitions it knows (both control planes). */
export function routeClientRequest(
  context: Context,
  partitions: readonly PartitionRegistration[],
  request: ClientRequest<Operation>,
  hops: number,
  replied: boolean,
): Action[] {
  const operation = request.operation;
  const actions: Action[] = [];
  let answered = replied;
  if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {
    actions.push({
      kind: 'reply',
      operationId: request.operationId,
      reply: { outcome: 'ok', output: { type: 'produce', partition: operation.partition, offset: null } },
    });
    // Stryker disable next-line BooleanLiteral: equivalent, the request then goes on marked unanswered: every later answer to it (the leader's, or an error) is to an operation the client has completed, and the simulator drops it
    answered = true;
  }
  const registration = partitions[operation.partition];
  const error = (text: string): Action => ({
    kind: 'reply',
    operationId: request.operationId,
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, both kinds are true here: this attempt reached no leader (a produce's retry answered fail is recorded unknown), and unknown promises less than fail
    reply: operation.type === 'consume' ? { outcome: 'fail', error: text } : { outcome: 'unknown', error: text },
  });
  // Stryker disable next-line BlockStatement: equivalent, every operation names an existing partition (generated ones modulo the partition count, hand-written ones validated), so the branch is never taken
  if (!registration) {
    // Stryker disable next-line all: equivalent, never reached (see above)
    if (!answered) actions.push(error(`UNKNOWN_TOPIC_OR_PARTITION: partition ${operation.partition} does not exist`));
    return actions;
  }
  if (registration.leader === null) {
    if (!answered) {
      actions.push(
        error(`LEADER_NOT_AVAILABLE: partition ${operation.partition} has no leader (no in-sync replica [${registration.isr.join(',')}] is alive)`),
      );
    }
    return actions;
  }
  if (hops >= forwardHopsMax) {
    if (!answered) actions.push(error(`NOT_LEADER_OR_FOLLOWER: the request for partition ${operation.partition} did not reach its leader`));
    return actions;
  }
  actions.push({ kind: 'send', to: registration.leader, message: { type: 'client-request', request, hops: hops + 1, replied: answered } });
  return actions;
}

export function stepController(context: Context, state: ControllerState, input: NodeInput<Message, Operation>): Result {
  switch (input.kind) {
    case 'tick':
      return controllerTick(context, state);
    case 'disconnect':
      return { state, actions: [] };
    case 'client':
      return controllerHandlesClient(context, state, input.request, 0, false);
    case 'receive': {
      const message = input.message;
      switch (message.type) {
        case 'heartbeat':
          return handleHeartbeat(context, state, input.from, message.incarnation, message.known);
        case 'alter-partition':
          return handleAlterPartition(context, state, input.from, message);
        case 'client-request':
          return controllerHandlesClient(context, state, message.request, message.hops, message.replied);
        // Stryker disable all: equivalent, nobody sends the abstract controller these (replication between brokers, LeaderAndIsr to brokers, the KRaft and ZooKeeper planes' messages)
        case 'leader-and-isr':
        case 'metadata-fetch':
        case 'metadata-fetch-response':
        case 'raft':
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
