/**
 * Kafka's ZooKeeper control plane (before KIP-500). The ensemble's servers run faultline's ZAB
 * model unchanged (src/protocols/zab/), behind a small adapter: a broker's `zk-request` becomes
 * the server's client input (the broker's id is its ZooKeeper client id, so its session), the
 * server's replies and fired watches go back as `zk-response` and `zk-watch` messages, and ZAB's
 * own messages travel wrapped as `zab` between nodes brokerCount.. (server i is node brokerCount+i).
 *
 * Brokers are ZooKeeper clients (one request outstanding, like ZooKeeper's ordered queue): each
 * registers an ephemeral `/brokers/ids/<id>.<broker epoch>`, runs for `/controller` with the
 * controller-epoch recipe (`controllerElect`: create the ephemeral /controller and bump
 * /controller_epoch in one multi), and pings with `exists` watches, which keep its session alive.
 * The controller reads the registrations and the partition state znode `/state` (with watches),
 * decides with the same decisions as the other control planes (decisions.ts), writes the new
 * state with a version-conditional setData stamped with its controller epoch, and sends
 * LeaderAndIsr carrying that epoch. A partition leader changes its own ISR in ZooKeeper: it reads
 * `/state`, checks its leader and partition epochs, and writes at the version it read.
 *
 * Simplifications (docs/protocols/kafka.md): one `/state` znode holds every partition's state and
 * the brokers' liveness as the controller last wrote it (Kafka: one znode per partition); the
 * controller epoch is stamped into it so a zombie controller sees that a newer one has written;
 * a restarted broker keeps its ZooKeeper session (the model's sessions are per client id), so the
 * registration znode's name carries the broker epoch (KIP-380's czxid) and the controller takes
 * the newest one.
 */
import type { NodeAction, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import { crashZab, initZab, restartZab, stepZab } from '../zab/node.ts';
import {
  controllerPath,
  correctZabRules,
  defaultZabConfig,
  statePath,
  type Context as ZabContext,
  type Durable as ZabDurable,
  type Operation as ZabOperation,
  type Output as ZabOutput,
  type Volatile as ZabVolatile,
  type Message as ZabMessage,
  type ZabState,
} from '../zab/types.ts';
import { crashBroker, initBroker, restartBroker, stepBroker, type BrokerDurable, type BrokerState, type BrokerVolatile } from './broker.ts';
import type { KafkaConfig, KafkaNodeContext } from './config.ts';
import { balanceLeaders, fence, leaderAndIsr, register, startWork, type AlterPartitionRequest, type BrokerLiveness } from './decisions.ts';
import type { Message, Operation, Output } from './messages.ts';
import { initialImage, type MetadataImage } from './metadata.ts';

type Action = NodeAction<Message, Output>;

/** Operation ids of a broker's ZooKeeper requests are `sequence * operationIdStride + broker`, so a server's reply finds its broker. */
export const operationIdStride = 8;
/** Ticks a ZooKeeper request may go unanswered before the broker tries the next server (its connection is presumed lost). */
export const zkRequestTimeoutTicks = 6;
export const brokersPath = '/brokers';
export const brokerIdsPath = '/brokers/ids';

// ---------------------------------------------------------------------------------------------
// The partition state znode

/** What /state holds: the metadata image as the controller of `controllerEpoch` last wrote it (leaders change only ISRs). */
export interface ZkStateData {
  readonly controllerEpoch: number;
  readonly image: MetadataImage;
}

export function encodeState(data: ZkStateData): string {
  return JSON.stringify(data);
}

/**
 * /state's texts decoded lately. Every server applies the same writes, the controller and the
 * leaders read them back and the checks decode each server's copy: parsing the same JSON again
 * was a visible share of the ZooKeeper plane's time. The data is never changed once decoded, so
 * sharing it changes nothing; bounded, and emptied when full.
 */
const decodedStates = new Map<string, ZkStateData>();
const decodedStatesMax = 16;

/** The znode's data; the tree's initial '0' (never written by a controller) is the cluster as created. */
export function decodeState(config: KafkaConfig, text: string | null): ZkStateData {
  if (text === null || !text.startsWith('{')) return { controllerEpoch: 0, image: initialImage(config) };
  let data = decodedStates.get(text);
  if (data === undefined) {
    if (decodedStates.size >= decodedStatesMax) decodedStates.clear();
    data = JSON.parse(text) as ZkStateData;
    decodedStates.set(text, data);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// ZooKeeper servers: the ZAB model behind an adapter

export interface ZkServerDurable {
  readonly kind: 'zk-server';
  readonly zab: ZabDurable;
}

export type ZkServerState = NodeState<ZkServerDurable, ZabVolatile>;

const zabContexts = new WeakMap<KafkaNodeContext, ZabContext>();

/** The ZAB context of a server node: the ensemble is servers 0..zookeeperCount-1, its clients are the brokers. */
export function zabContext(context: KafkaNodeContext): ZabContext {
  const known = zabContexts.get(context);
  if (known) return known;
  const config = context.config;
  const built: ZabContext = {
    config: {
      ...defaultZabConfig,
      nodeCount: config.zookeeperCount,
      clientCount: config.brokerCount,
      sessionTimeoutTicks: config.zookeeperSessionTimeoutTicks,
      workload: 'controller',
    },
    variant: 'correct',
    rules: correctZabRules,
    node: context.node - config.brokerCount,
    nodeCount: config.zookeeperCount,
  };
  zabContexts.set(context, built);
  return built;
}

function asZab(state: ZkServerState): ZabState {
  return { durable: state.durable.zab, volatile: state.volatile };
}

function fromZab(zab: ZabState): ZkServerState {
  return { durable: { kind: 'zk-server', zab: zab.durable }, volatile: zab.volatile };
}

/** The server after a ZAB step: the same state when ZAB changed nothing, its durable part kept when only the volatile one changed. */
function afterZabStep(state: ZkServerState, zab: ZabState): ZkServerState {
  if (zab.durable !== state.durable.zab) return fromZab(zab);
  return zab.volatile === state.volatile ? state : { durable: state.durable, volatile: zab.volatile };
}

export function initZkServer(context: KafkaNodeContext, randomSeed: number): ZkServerState {
  return fromZab(initZab(zabContext(context), randomSeed));
}

export function restartZkServer(context: KafkaNodeContext, durable: ZkServerDurable, randomSeed: number): ZkServerState {
  return fromZab(restartZab(zabContext(context), durable.zab, randomSeed));
}

export function crashZkServer(state: ZkServerState, loseUnflushed: boolean): ZkServerDurable {
  return { kind: 'zk-server', zab: crashZab(asZab(state), loseUnflushed) };
}

/** The committed data tree's `/state`, as this server has applied it. */
export function serverStateData(config: KafkaConfig, state: ZkServerState): ZkStateData {
  return decodeState(config, state.volatile.tree.nodes.get(statePath)?.data ?? null);
}

export function stepZkServer(
  context: KafkaNodeContext,
  state: ZkServerState,
  input: NodeInput<Message, Operation>,
): StepResult<ZkServerState, Message, Output> {
  const first = context.config.brokerCount;
  let zabInput: NodeInput<ZabMessage, ZabOperation>;
  switch (input.kind) {
    case 'tick':
      zabInput = input;
      break;
    case 'disconnect':
      if (input.peer < first) return { state, actions: [] };
      zabInput = { kind: 'disconnect', peer: input.peer - first };
      break;
    case 'client':
      return {
        state,
        actions: [{ kind: 'reply', operationId: input.request.operationId, reply: { outcome: 'fail', error: 'not a broker: a ZooKeeper server' } }],
      };
    case 'receive': {
      const message = input.message;
      if (message.type === 'zab' && input.from >= first) {
        zabInput = { kind: 'receive', from: input.from - first, message: message.message };
      } else if (message.type === 'zk-request' && input.from < first) {
        zabInput = { kind: 'client', request: { clientId: input.from, operationId: message.operationId, operation: message.operation } };
      } else {
        return { state, actions: [] };
      }
      break;
    }
  }
  const before = state.volatile.watchEventCount;
  const stepped = stepZab(zabContext(context), asZab(state), zabInput);
  const actions: Action[] = [];
  for (const action of stepped.actions) {
    if (action.kind === 'send') {
      actions.push({ kind: 'send', to: action.to + first, message: { type: 'zab', message: action.message } });
      continue;
    }
    const broker = action.operationId % operationIdStride;
    const reply = action.reply;
    const output: ZabOutput | null = reply.outcome === 'ok' ? reply.output : null;
    const error = reply.outcome === 'ok' ? '' : reply.error;
    actions.push({
      kind: 'send',
      to: broker,
      message: { type: 'zk-response', operationId: action.operationId, outcome: reply.outcome, output, error },
    });
  }
  const fired = stepped.state.volatile.watchEventCount - before;
  if (fired > 0) {
    for (const event of stepped.state.volatile.watchEvents.slice(-fired)) {
      actions.push({ kind: 'send', to: event.clientId, message: { type: 'zk-watch', path: event.path, children: event.children } });
    }
  }
  return { state: afterZabStep(state, stepped.state), actions };
}

// ---------------------------------------------------------------------------------------------
// Brokers as ZooKeeper clients, and the controller among them

type Purpose = 'setup' | 'register' | 'ping' | 'elect' | 'read-brokers' | 'read-state' | 'write-state' | 'isr-read' | 'isr-write';

interface Outstanding {
  readonly operationId: number;
  readonly purpose: Purpose;
  readonly sentAtTick: number;
  /** The path a ping asked about (the reply does not say). */
  readonly path: string;
}

/** The controller's work in progress: what it read, and the state it is writing. */
interface ControllerRole {
  readonly epoch: number;
  /** Re-read and decide at the next chance (elected, a watch fired, a write lost a race, a rebalance is due). */
  readonly dirty: boolean;
  /** Broker epochs of the live registrations as last read (-1: none). */
  readonly registrations: readonly number[] | null;
  /** The state it is writing, and to whom it then sends everything (brokers it just registered). */
  readonly writing: { readonly data: ZkStateData; readonly partitions: readonly number[]; readonly registered: readonly number[] } | null;
  readonly activeTicks: number;
  /** The periodic preferred-leader check fell due: the next decision rebalances (its reads may take several ticks). */
  readonly rebalanceDue: boolean;
  /** Brokers it registered whose full state a failed write did not deliver: the next round sends it. */
  readonly resync: readonly number[];
  /** LeaderAndIsr sent and not yet answered, as (broker, partition): ControllerChannelManager retries them until the broker answers or leaves. */
  readonly unanswered: readonly (readonly [number, number])[];
  /** The state its last LeaderAndIsr came from (what a retry sends). */
  readonly lastSent: ZkStateData | null;
}

export interface ZkClientState {
  readonly now: number;
  /** The ensemble member (0-based) it is connected to. */
  readonly server: number;
  readonly sequence: number;
  /** Pings sent: they alternate between the registration and /controller. */
  readonly pings: number;
  readonly outstanding: Outstanding | null;
  /** 0: create /brokers next, 1: /brokers/ids, 2: done. */
  readonly setup: number;
  /** Its registration znode is believed to exist. */
  readonly registered: boolean;
  /** /controller is believed to be held by somebody (learned from exists, controllerElect, watches). */
  readonly controllerKnown: boolean;
  /** The highest controller epoch whose LeaderAndIsr this broker obeyed (KafkaController's epoch check). */
  readonly controllerEpochSeen: number;
  /** The controller epoch of the last LeaderAndIsr that changed this broker's partition state (what the properties check). */
  readonly obeyedControllerEpoch: number;
  readonly controller: ControllerRole | null;
  /** A leader's ISR change (the broker's AlterPartition), to be written to /state. */
  readonly isrRequest: AlterPartitionRequest | null;
  /** The /state version and data the leader's ISR write is based on. */
  readonly isrWriting: ZkStateData | null;
  /** Whether the last round started was the controller's (then a waiting ISR write goes next). */
  readonly controllerWentLast: boolean;
}

export interface ZkBrokerDurable {
  readonly kind: 'zk-broker';
  readonly broker: BrokerDurable;
}

export interface ZkBrokerVolatile {
  readonly broker: BrokerVolatile;
  readonly zk: ZkClientState;
}

export type ZkBrokerState = NodeState<ZkBrokerDurable, ZkBrokerVolatile>;

type BrokerResult = StepResult<ZkBrokerState, Message, Output>;

export function zkBrokerPart(state: ZkBrokerState): BrokerState {
  return { durable: state.durable.broker, volatile: state.volatile.broker };
}

function freshClient(context: KafkaNodeContext): ZkClientState {
  return {
    now: 0,
    server: context.node % context.config.zookeeperCount,
    sequence: 1,
    pings: 0,
    outstanding: null,
    setup: 0,
    registered: false,
    controllerKnown: false,
    controllerEpochSeen: 0,
    obeyedControllerEpoch: 0,
    controller: null,
    isrRequest: null,
    isrWriting: null,
    controllerWentLast: false,
  };
}

type MutableClient = { -readonly [Key in keyof ZkClientState]: ZkClientState[Key] };

/**
 * A copy of a client's state for the caller to change before anybody sees it, field by field in
 * `freshClient`'s key order: object spread (`{ ...zk, now }`) was a hot spot of every broker tick.
 */
function copyClient(zk: ZkClientState): MutableClient {
  return {
    now: zk.now,
    server: zk.server,
    sequence: zk.sequence,
    pings: zk.pings,
    outstanding: zk.outstanding,
    setup: zk.setup,
    registered: zk.registered,
    controllerKnown: zk.controllerKnown,
    controllerEpochSeen: zk.controllerEpochSeen,
    obeyedControllerEpoch: zk.obeyedControllerEpoch,
    controller: zk.controller,
    isrRequest: zk.isrRequest,
    isrWriting: zk.isrWriting,
    controllerWentLast: zk.controllerWentLast,
  };
}

function combine(broker: BrokerState, zk: ZkClientState): ZkBrokerState {
  return { durable: { kind: 'zk-broker', broker: broker.durable }, volatile: { broker: broker.volatile, zk } };
}

/** `combine` after a step of `state`: its durable wrapper is kept while the broker's durable part is (most steps change only volatile state). */
function recombine(state: ZkBrokerState, broker: BrokerState, zk: ZkClientState): ZkBrokerState {
  const durable: ZkBrokerDurable = broker.durable === state.durable.broker ? state.durable : { kind: 'zk-broker', broker: broker.durable };
  return { durable, volatile: { broker: broker.volatile, zk } };
}

export function initZkBroker(context: KafkaNodeContext): ZkBrokerState {
  return combine(initBroker(context), freshClient(context));
}

export function restartZkBroker(context: KafkaNodeContext, durable: ZkBrokerDurable): ZkBrokerState {
  return combine(restartBroker(context, durable.broker), freshClient(context));
}

export function crashZkBroker(state: ZkBrokerState, loseUnflushed: boolean): ZkBrokerDurable {
  return { kind: 'zk-broker', broker: crashBroker(zkBrokerPart(state), loseUnflushed) };
}

/** `/brokers/ids/<id>.<broker epoch>` (KIP-380's broker epoch is the registration's czxid); without it, `/brokers/ids/<id>` as before Kafka 2.2. */
function registrationPath(context: KafkaNodeContext, incarnation: number): string {
  return context.rules.registrationHasBrokerEpoch ? `${brokerIdsPath}/${context.node}.${incarnation}` : `${brokerIdsPath}/${context.node}`;
}

function request(context: KafkaNodeContext, zk: ZkClientState, purpose: Purpose, operation: ZabOperation, actions: Action[]): ZkClientState {
  const operationId = zk.sequence * operationIdStride + context.node;
  actions.push({ kind: 'send', to: context.config.brokerCount + zk.server, message: { type: 'zk-request', operationId, operation } });
  const path = 'path' in operation ? operation.path : '';
  const next = copyClient(zk);
  next.sequence++;
  next.outstanding = { operationId, purpose, sentAtTick: zk.now, path };
  return next;
}

/** The next request, by priority: setup, registration, the controller's work and the ISR write in turn, election, then a ping. */
function nextRequest(context: KafkaNodeContext, zk: ZkClientState, incarnation: number, actions: Action[]): ZkClientState {
  if (zk.setup === 0) return request(context, zk, 'setup', { type: 'create', path: brokersPath, data: '', sequential: false }, actions);
  if (zk.setup === 1) return request(context, zk, 'setup', { type: 'create', path: brokerIdsPath, data: '', sequential: false }, actions);
  if (!zk.registered) {
    const path = registrationPath(context, incarnation);
    return request(context, zk, 'register', { type: 'create', path, data: String(incarnation), sequential: false, ephemeral: true }, actions);
  }
  // The controller's rounds and a leader's ISR writes take turns (Kafka runs them on separate threads): neither may starve the other.
  if (zk.controller?.dirty && (zk.isrRequest === null || !zk.controllerWentLast)) {
    // A watch that fires from now on asks for another round: what this one reads may already be older.
    const reading = { ...zk, controllerWentLast: true, controller: { ...zk.controller, dirty: false } };
    return request(context, reading, 'read-brokers', { type: 'getChildren', path: brokerIdsPath, watch: true }, actions);
  }
  if (zk.isrRequest !== null)
    return request(context, { ...zk, controllerWentLast: false }, 'isr-read', { type: 'getData', path: statePath, watch: false }, actions);
  if (!zk.controllerKnown) return request(context, zk, 'elect', { type: 'controllerElect' }, actions);
  // Pings alternate between the registration and /controller, each with a watch: they keep the session alive.
  const path = zk.pings % 2 === 0 ? registrationPath(context, incarnation) : controllerPath;
  const pinging = copyClient(zk);
  pinging.pings++;
  return request(context, pinging, 'ping', { type: 'exists', path, watch: true }, actions);
}

function leaderAndIsrFor(data: ZkStateData, partition: number, to: number, epoch: number): Message | null {
  const registration = data.image.partitions[partition];
  const broker = data.image.brokers[to];
  if (!registration || !broker?.alive) return null;
  return { ...leaderAndIsr(partition, registration, broker.incarnation), controllerEpoch: epoch };
}

/**
 * LeaderAndIsr for the partitions this controller changed (all of them the first time it sends:
 * a new controller tells everybody), and every partition of the brokers it just registered. An
 * ISR change a leader wrote itself is not sent on (ZooKeeper-mode Kafka sends UpdateMetadata for
 * it, which carries no partition state a replica acts on).
 */
function sendDecisions(
  role: ControllerRole,
  data: ZkStateData,
  changedPartitions: readonly number[],
  registered: readonly number[],
  actions: Action[],
): ControllerRole {
  // A broker that is no longer alive leaves the channel manager with whatever was queued for it.
  const unanswered = role.unanswered.filter(([broker]) => data.image.brokers[broker]?.alive);
  for (const [partition, registration] of data.image.partitions.entries()) {
    const changed = role.lastSent === null || changedPartitions.includes(partition);
    for (const replica of registration.replicas) {
      if (!changed && !registered.includes(replica)) continue;
      const message = leaderAndIsrFor(data, partition, replica, role.epoch);
      if (!message) continue;
      actions.push({ kind: 'send', to: replica, message });
      if (!unanswered.some(([broker, queued]) => broker === replica && queued === partition)) unanswered.push([replica, partition]);
    }
  }
  return { ...role, unanswered, lastSent: data };
}

/** Controller ticks between two retries of an unanswered LeaderAndIsr. */
export const leaderAndIsrRetryTicks = 3;

function retryUnanswered(role: ControllerRole, actions: Action[]): void {
  if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;
  for (const [broker, partition] of role.unanswered) {
    const message = leaderAndIsrFor(role.lastSent, partition, broker, role.epoch);
    if (message) actions.push({ kind: 'send', to: broker, message });
  }
}

/** The controller's decision on what it read: fence brokers whose registration is gone, register new epochs, rebalance when due. */
function decide(
  context: KafkaNodeContext,
  role: ControllerRole,
  current: ZkStateData,
): { readonly data: ZkStateData; readonly registered: readonly number[]; readonly changed: boolean; readonly partitions: readonly number[] } {
  const work = startWork<BrokerLiveness>(current.image.brokers, current.image.partitions);
  const registered: number[] = [];
  let brokersChanged = false;
  for (const [broker, incarnation] of (role.registrations ?? []).entries()) {
    const known = work.brokers[broker];
    if (!known) continue;
    if (incarnation < 0) {
      if (known.alive) {
        fence(context.config, work, broker);
        brokersChanged = true;
      }
    } else if (!known.alive || incarnation > known.incarnation) {
      register(context.config, context.rules, work, broker, { alive: true, incarnation });
      registered.push(broker);
      brokersChanged = true;
    }
  }
  if (role.rebalanceDue) balanceLeaders(work);
  const changed = brokersChanged || work.changed.length > 0 || current.controllerEpoch !== role.epoch;
  return {
    data: { controllerEpoch: role.epoch, image: { brokers: work.brokers, partitions: work.partitions } },
    registered,
    changed,
    partitions: work.changed,
  };
}

function resign(zk: ZkClientState): ZkClientState {
  return { ...zk, controller: null, controllerKnown: false };
}

/** A reply to the outstanding request. */
function handleResponse(context: KafkaNodeContext, state: ZkBrokerState, message: Extract<Message, { type: 'zk-response' }>): BrokerResult {
  let zk = state.volatile.zk;
  const outstanding = zk.outstanding;
  if (outstanding === null || outstanding.operationId !== message.operationId) return { state, actions: [] };
  const answered = copyClient(zk);
  answered.outstanding = null;
  zk = answered;
  const actions: Action[] = [];
  const output = message.output;
  let broker = zkBrokerPart(state);
  const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';
  if (zk.controller && controllerRound && message.outcome !== 'ok') {
    // The server could not serve it (not in the broadcast phase): the round starts again.
    const lost = zk.controller.writing?.registered ?? [];
    zk = { ...zk, controller: { ...zk.controller, dirty: true, writing: null, resync: union(zk.controller.resync, lost) } };
  }
  switch (outstanding.purpose) {
    case 'setup':
      if (output?.type === 'create') zk = { ...zk, setup: zk.setup + 1 };
      break;
    case 'register':
      if (output?.type === 'create' && (output.ok || output.error === 'node-exists')) zk = { ...zk, registered: true };
      break;
    case 'ping':
      if (output?.type === 'exists') zk = handlePing(zk, outstanding.path, output.version);
      break;
    case 'elect':
      if (output?.type === 'controllerElect') {
        if (output.result === 'elected' || (output.result === 'taken' && output.controller === context.node)) {
          // Elected, or /controller is still ours from before a restart (the model's session outlives the broker process).
          zk = {
            ...zk,
            controllerKnown: true,
            controller: {
              epoch: output.epoch,
              dirty: true,
              registrations: null,
              writing: null,
              activeTicks: 0,
              rebalanceDue: false,
              resync: [],
              unanswered: [],
              lastSent: null,
            },
          };
        } else if (output.result === 'taken') {
          zk = { ...zk, controllerKnown: true, controller: null };
        }
      }
      break;
    case 'read-brokers':
      if (zk.controller && output?.type === 'getChildren' && output.ok) {
        const registrations = Array.from({ length: context.config.brokerCount }, () => -1);
        for (const child of output.children) {
          // Without broker epochs every registration reads as epoch 0: a bounce between two reads goes unnoticed (KAFKA-1120).
          const [id, epoch = 0] = child.split('.').map(Number);
          if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;
          registrations[id] = Math.max(registrations[id] ?? -1, epoch);
        }
        zk = { ...zk, controller: { ...zk.controller, registrations } };
        zk = request(context, zk, 'read-state', { type: 'getData', path: statePath, watch: true }, actions);
      }
      break;
    case 'read-state':
      if (zk.controller && output?.type === 'getData' && output.ok) {
        const current = decodeState(context.config, output.data);
        if (current.controllerEpoch > zk.controller.epoch) {
          zk = resign(zk);
          break;
        }
        const decided = decide(context, zk.controller, current);
        // Checked: a failed write waits for the next periodic check, as Kafka's auto-rebalance task does.
        const role: ControllerRole = { ...zk.controller, rebalanceDue: false };
        // A leader change this controller wrote whose answer it never got (its request timed out, the connection was
        // reset) is in /state but was never sent: it goes out with this round, whether or not the round changes more
        // (Kafka's controller sends LeaderAndIsr from its context, which holds what it wrote).
        const last = role.lastSent;
        const unsent = current.image.partitions.flatMap((registration, partition) => {
          const sent = last?.image.partitions[partition];
          return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];
        });
        if (!decided.changed) {
          zk = { ...zk, controller: { ...sendDecisions(role, current, unsent, role.resync, actions), resync: [] } };
          break;
        }
        const version = context.rules.fenceControllerWrites ? output.version : -1;
        const registered = union(decided.registered, role.resync);
        const partitions = union(decided.partitions, unsent);
        zk = { ...zk, controller: { ...role, resync: [], writing: { data: decided.data, partitions, registered } } };
        zk = request(context, zk, 'write-state', { type: 'setData', path: statePath, data: encodeState(decided.data), version }, actions);
      }
      break;
    case 'write-state':
      if (zk.controller?.writing && output?.type === 'setData') {
        const writing = zk.controller.writing;
        if (output.ok) {
          zk = {
            ...zk,
            controller: { ...sendDecisions(zk.controller, writing.data, writing.partitions, writing.registered, actions), writing: null },
          };
        } else {
          zk = { ...zk, controller: { ...zk.controller, writing: null, dirty: true, resync: union(zk.controller.resync, writing.registered) } };
        }
      }
      break;
    case 'isr-read':
      if (zk.isrRequest && output?.type === 'getData' && output.ok) {
        const current = decodeState(context.config, output.data);
        const wanted = zk.isrRequest;
        const registration = current.image.partitions[wanted.partition];
        const fresh =
          registration !== undefined &&
          registration.leader === context.node &&
          registration.leaderEpoch === wanted.leaderEpoch &&
          registration.partitionEpoch === wanted.partitionEpoch;
        if (!fresh) {
          zk = { ...zk, isrRequest: null };
          if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {
            // Still the leader in this epoch, at another zkVersion (often its own earlier write whose answer was lost):
            // it takes the state it read, as ReplicationUtils' check of the znode's data does since KAFKA-2729's days.
            const message = leaderAndIsrFor(current, wanted.partition, context.node, zk.controllerEpochSeen);
            if (message) {
              const stepped = stepBroker(context, broker, { kind: 'receive', from: context.node, message });
              broker = stepped.state;
              actions.push(...stepped.actions);
            }
          }
          // Otherwise: "Cached zkVersion not equal to that in zookeeper, skip updating ISR"; the controller tells it the new leader epoch.
          break;
        }
        // ZooKeeper mode has no controller-side eligibility check (that is KRaft's KIP-841): the leader writes the ISR it computed.
        const partitions = current.image.partitions.slice();
        partitions[wanted.partition] = { ...registration, isr: wanted.isr, partitionEpoch: registration.partitionEpoch + 1 };
        const data: ZkStateData = { controllerEpoch: current.controllerEpoch, image: { brokers: current.image.brokers, partitions } };
        const version = context.rules.conditionalIsrWrite ? output.version : -1;
        zk = { ...zk, isrWriting: data };
        zk = request(context, zk, 'isr-write', { type: 'setData', path: statePath, data: encodeState(data), version }, actions);
      }
      break;
    case 'isr-write':
      if (zk.isrRequest && zk.isrWriting && output?.type === 'setData' && output.ok) {
        // Written: the leader applies its new ISR itself, as Kafka's Partition.updateIsr does after the ZooKeeper write.
        const partition = zk.isrRequest.partition;
        const message = leaderAndIsrFor(zk.isrWriting, partition, context.node, zk.controllerEpochSeen);
        zk = { ...zk, isrRequest: null, isrWriting: null };
        if (message) {
          const stepped = stepBroker(context, broker, { kind: 'receive', from: context.node, message });
          broker = stepped.state;
          actions.push(...stepped.actions);
        }
      } else {
        zk = { ...zk, isrWriting: null };
      }
      break;
  }
  return { state: recombine(state, broker, zk), actions: rewrite(context, actions) };
}

/** A ping's answer is matched by what it asked: the registration check and the /controller check. */
function handlePing(zk: ZkClientState, path: string, version: number | null): ZkClientState {
  if (version !== null) return zk;
  if (path === controllerPath) return zk.controller ? resign(zk) : { ...zk, controllerKnown: false };
  return { ...zk, registered: false };
}

/**
 * The broker's own messages, adapted: heartbeats go nowhere (liveness is the ZooKeeper session),
 * AlterPartition becomes the leader's own ISR write, and a client request the broker would send
 * to "the controller" goes to the partition's first replica instead (from that broker itself, to the next one).
 */
function rewrite(context: KafkaNodeContext, actions: readonly Action[], more: readonly Action[] = []): Action[] {
  const out: Action[] = [];
  rewriteInto(context, actions, out);
  rewriteInto(context, more, out);
  return out;
}

function rewriteInto(context: KafkaNodeContext, actions: readonly Action[], out: Action[]): void {
  for (const action of actions) {
    if (action.kind !== 'send' || action.to < context.config.brokerCount) {
      out.push(action);
      continue;
    }
    const message = action.message;
    if (message.type === 'client-request') {
      const partition = message.request.operation.partition;
      out.push({
        ...action,
        to:
          partition % context.config.brokerCount === context.node
            ? (context.node + 1) % context.config.brokerCount
            : partition % context.config.brokerCount,
      });
    } else if (message.type === 'zk-request') {
      out.push(action);
    }
  }
}

function captureIsrRequests(zk: ZkClientState, actions: readonly Action[]): ZkClientState {
  let next = zk;
  for (const action of actions) {
    if (action.kind !== 'send' || action.message.type !== 'alter-partition') continue;
    const { partition, leaderEpoch, partitionEpoch, isr, incarnations } = action.message;
    next = { ...next, isrRequest: { partition, leaderEpoch, partitionEpoch, isr, incarnations } };
  }
  return next;
}

/** A tick of the client of a broker in its `incarnation`; `client` is its state before (copied once here, then changed in place). */
function tickClient(context: KafkaNodeContext, client: ZkClientState, incarnation: number, actions: Action[]): ZkClientState {
  const ticked = copyClient(client);
  ticked.now++;
  if (ticked.controller) {
    const role: ControllerRole = { ...ticked.controller, activeTicks: ticked.controller.activeTicks + 1 };
    ticked.controller = role;
    retryUnanswered(role, actions);
    if (context.config.autoLeaderRebalanceEnable && role.activeTicks % context.config.leaderImbalanceCheckIntervalTicks === 0) {
      ticked.controller = { ...role, dirty: true, rebalanceDue: true };
    }
  }
  let zk: ZkClientState = ticked;
  if (ticked.outstanding !== null) {
    if (ticked.now - ticked.outstanding.sentAtTick < zkRequestTimeoutTicks) {
      // ZooKeeper's client pings while a request is in flight too: a read nobody waits for keeps the session alive.
      const operationId = ticked.sequence * operationIdStride + context.node;
      const operation: ZabOperation = { type: 'exists', path: controllerPath, watch: false };
      actions.push({ kind: 'send', to: context.config.brokerCount + ticked.server, message: { type: 'zk-request', operationId, operation } });
      ticked.sequence++;
      return ticked;
    }
    // No answer (a server that is not serving drops writes unanswered): the client library moves to the next server.
    zk = reconnect(context, ticked);
  }
  return nextRequest(context, zk, incarnation, actions);
}

/** A new connection to the next server: the request in flight is abandoned, and what watches would have said is re-checked. */
function union(left: readonly number[], right: readonly number[]): readonly number[] {
  return [...left, ...right.filter((broker) => !left.includes(broker))];
}

function reconnect(context: KafkaNodeContext, zk: ZkClientState): ZkClientState {
  const role = zk.controller;
  const controller = role ? { ...role, dirty: true, writing: null, resync: union(role.resync, role.writing?.registered ?? []) } : null;
  return {
    ...zk,
    outstanding: null,
    server: (zk.server + 1) % context.config.zookeeperCount,
    registered: false,
    controllerKnown: controller !== null,
    controller,
    isrWriting: null,
  };
}

export function stepZkBroker(context: KafkaNodeContext, state: ZkBrokerState, received: NodeInput<Message, Operation>): BrokerResult {
  // Before KIP-380, LeaderAndIsr carried no broker epoch: whichever life of the broker receives it acts on it.
  const input: NodeInput<Message, Operation> =
    received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch
      ? { ...received, message: { ...received.message, brokerIncarnation: state.durable.broker.incarnation } }
      : received;
  const broker = zkBrokerPart(state);
  let zk = state.volatile.zk;
  let answered: Action | null = null;
  if (input.kind === 'disconnect') {
    if (input.peer !== context.config.brokerCount + zk.server) return { state, actions: [] };
    return { state: recombine(state, broker, reconnect(context, zk)), actions: [] };
  }
  if (input.kind === 'receive') {
    const message = input.message;
    if (message.type === 'zk-response') {
      return handleResponse(context, state, message);
    }
    if (message.type === 'zk-watch') {
      // Any change under watch is checked again. /controller: everybody runs for it again (a controller steps down
      // first, since it may have lost it, and takes it back if it is still its own); a registration: it is re-created
      // if gone; anything else the controller watches: its next round.
      if (message.path === controllerPath) zk = resign(zk);
      else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };
      if (zk.controller) zk = { ...zk, controller: { ...zk.controller, dirty: true } };
      return { state: recombine(state, broker, zk), actions: [] };
    }
    if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };
    if (message.type === 'leader-and-isr-response') {
      const role = zk.controller;
      if (!role || message.controllerEpoch !== role.epoch) return { state, actions: [] };
      const unanswered = role.unanswered.filter(([broker, partition]) => !(broker === input.from && partition === message.partition));
      return { state: recombine(state, broker, { ...zk, controller: { ...role, unanswered } }), actions: [] };
    }
    if (message.type === 'leader-and-isr' && message.controllerEpoch !== undefined) {
      // Every LeaderAndIsr is answered (with an error or not), which ends the controller's retries.
      const answer: Action = {
        kind: 'send',
        to: input.from,
        message: { type: 'leader-and-isr-response', partition: message.partition, controllerEpoch: message.controllerEpoch },
      };
      // KafkaApis: a LeaderAndIsr from an older controller than one already obeyed is rejected (STALE_CONTROLLER_EPOCH).
      if (message.controllerEpoch < zk.controllerEpochSeen) return { state, actions: [answer] };
      answered = answer;
      zk = { ...zk, controllerEpochSeen: Math.max(zk.controllerEpochSeen, message.controllerEpoch) };
    }
  }
  const stepped = stepBroker(context, broker, input);
  const actions: Action[] = answered ? [answered] : [];
  if (
    input.kind === 'receive' &&
    input.message.type === 'leader-and-isr' &&
    input.message.controllerEpoch !== undefined &&
    stepped.state !== broker
  ) {
    zk = { ...zk, obeyedControllerEpoch: input.message.controllerEpoch };
  }
  zk = captureIsrRequests(zk, stepped.actions);
  if (input.kind === 'tick') {
    zk = tickClient(context, zk, stepped.state.durable.incarnation, actions);
  }
  return { state: recombine(state, stepped.state, zk), actions: rewrite(context, stepped.actions, actions) };
}
