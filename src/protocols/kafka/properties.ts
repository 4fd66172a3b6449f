/**
 * What Kafka promises, as faultline properties, and the history variables (ghost) they need.
 *
 * Every-step invariants (after each event): at most one leader per epoch; the leader is in the
 * ISR; StrongIsr from the TLA+ Kafka specification (every broker that acts as leader has, below
 * its HW, exactly the records of every member of the controller's ISR); committed records are
 * never replaced. End properties (after healing and the liveness phase): acknowledged records are
 * readable at their offsets, records consumers read are still there, and the produce/consume
 * history is linearizable against an append-only log.
 */
import {
  appendLogModel,
  checkLinearizability,
  type AppendLogInput,
  type AppendLogOutput,
  type AppendLogState,
  type LinearizabilityModel,
} from '../../checkers/linearizability/index.ts';
import { operationsForChecking } from '../../core/history.ts';
import type { PropertySpec } from '../../core/protocol.ts';
import { allOperationsComplete, makesProgress, noBreaks, provenAfterProbe, recordedByGhost, withBreak, type Breaks } from '../../core/properties.ts';
import type { HistoryEntry, NodeSlot, SometimesDefinition, WorldView } from '../../core/types.ts';
import { entryAt, lastIndex, termAt } from '../raft/component.ts';
import type { BrokerDurable, BrokerState, PendingProduce, ReplicaState } from './broker.ts';
import { statePath } from '../zab/types.ts';
import { acksOf, controllerNode, controllerNodes, isKraft, isZookeeper, type KafkaConfig, type KafkaRules, type KafkaVariant } from './config.ts';
import type { BrokerRegistration, ControllerState } from './controller.ts';
import type { BrokerLiveness, PartitionRegistration } from './decisions.ts';
import { brokerPart, controllerPart, type CombinedState } from './combined.ts';
import { serverStateData, zkBrokerPart, type ZkBrokerState, type ZkServerState } from './zookeeper.ts';
import type { KraftControllerState } from './kraft.ts';
import { applyRecords, type MetadataImage } from './metadata.ts';
import {
  type BrokerSilence,
  committedServer,
  controlPlaneGoals,
  controlPlanePropertyDescriptions,
  observeControlPlane,
  servesCommittedTree,
  type ControlPlaneProperty,
} from './control-plane-properties.ts';
import { sameRecord, type PartitionLog } from './log.ts';
import { describeOperation, describeRecord, type EpochEntry, type LogRecord, type Message, type Operation, type Output } from './messages.ts';

export type KafkaState = BrokerState | ControllerState | KraftControllerState | CombinedState | ZkBrokerState | ZkServerState;

/** The metadata the control plane has decided: the abstract controller's state, or the KRaft quorum's committed image. */
export interface ControlPlaneMetadata {
  readonly brokers: readonly BrokerLiveness[];
  readonly partitions: readonly PartitionRegistration[];
}

export interface KafkaGhost {
  /** The node slots last looked at: nothing is recomputed for a step that changed no node. */
  readonly lastNodes: readonly NodeSlot<KafkaState>[] | null;
  /** The history last looked at: only entries replied since are checked by `acked-on-min-isr`. */
  readonly lastHistory: readonly HistoryEntry<Operation, Output>[] | null;
  /** Per partition, per leader epoch, the broker that acted as its leader (-1: none seen). */
  readonly leadersByEpoch: readonly (readonly number[])[];
  /** Per partition, every record that was ever below a leader's HW, by offset: what consumers may have read. */
  readonly committed: readonly (readonly LogRecord[])[];
  /** The step at which each committed offset was first seen committed, for messages. */
  readonly committedAtStep: readonly (readonly number[])[];
  /** KRaft: the term of every committed metadata log entry seen committed on some controller, by index (-1: not seen). */
  readonly committedTerms: readonly number[];
  /** KRaft: how long each down broker has been silent to the active controller (`broker-session-expires`). */
  readonly silences: readonly BrokerSilence[];
  /** The first break of each every-step property. */
  readonly breaks: Breaks<KafkaProperty>;
}

type View = WorldView<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;
type Property = PropertySpec<KafkaTypes>;

/** Kafka's properties: the replication invariants (every step), then the end-of-run ones. */
export type KafkaProperty =
  | 'epochs-durable'
  | 'one-leader-per-epoch'
  | 'leader-in-isr'
  | 'replica-consistency'
  | 'committed-data-stable'
  | 'metadata-committed-prefix'
  | 'controller-epoch-monotonic'
  | 'acked-on-min-isr'
  | 'waiting-producers-answered'
  | 'epoch-cache-matches-log'
  | 'flush-promise-kept'
  | 'no-acked-write-lost'
  | 'consumed-data-readable'
  | 'linearizable'
  | 'answers-match-requests'
  | 'controller-decisions-justified'
  | 'operations-complete'
  | 'isr-recovers'
  | 'producer-order-kept'
  | 'recovers-with-brokers-down'
  | 'makes-progress'
  | ControlPlaneProperty;

/** The types Kafka is made of (see `ProtocolTypes`). */
export interface KafkaTypes {
  readonly config: KafkaConfig;
  readonly state: KafkaState;
  readonly message: Message;
  readonly operation: Operation;
  readonly output: Output;
  readonly ghost: KafkaGhost;
  readonly variant: KafkaVariant;
  readonly property: KafkaProperty;
  readonly rules: KafkaRules;
}

/** The broker a node runs (in combined mode, its broker part), or null. */
export function brokerOf(slot: NodeSlot<KafkaState> | undefined): BrokerState | null {
  if (!slot) return null;
  const state = slot.state;
  if (state.durable.kind === 'combined') return brokerPart(state as CombinedState);
  if (state.durable.kind === 'zk-broker') return zkBrokerPart(state as ZkBrokerState);
  return state.durable.kind === 'broker' ? (state as BrokerState) : null;
}

export function controllerOf(view: Pick<View, 'nodes' | 'config'>): ControllerState | null {
  const state = view.nodes[controllerNode(view.config)]?.state;
  return state && state.durable.kind === 'controller' ? (state as ControllerState) : null;
}

/** The KRaft controller a node runs (in combined mode, its controller part), or null. */
export function kraftControllerOf(slot: NodeSlot<KafkaState> | undefined): KraftControllerState | null {
  const state = slot?.state;
  if (state?.durable.kind === 'combined') return controllerPart(state as CombinedState);
  return state && state.durable.kind === 'kraft-controller' ? (state as KraftControllerState) : null;
}

/**
 * What the control plane has decided. Abstract: the controller's state. KRaft: the metadata log
 * applied through the highest index ever committed (`committedTerms`, kept by the ghost), read
 * from a controller whose log holds it: no single node's view will do, since a restarted
 * controller, or a follower the leader has not told yet, knows less than was committed.
 */
export function metadataOf(view: Pick<View, 'nodes' | 'config' | 'ghost'>): ControlPlaneMetadata | null {
  if (isZookeeper(view.config)) return zookeeperMetadata(view.nodes, view.config);
  if (!isKraft(view.config)) return controllerOf(view)?.durable ?? null;
  return kraftMetadata(view.nodes, view.config, view.ghost.committedTerms);
}

/**
 * ZooKeeper mode: /state as committed, read from the server that has applied the most of the
 * ensemble's committed history (a server applies only committed transactions).
 */
function zookeeperMetadata(nodes: readonly NodeSlot<KafkaState>[], config: KafkaConfig): ControlPlaneMetadata | null {
  const cached = zookeeperMetadataCache.get(nodes);
  if (cached !== undefined) return cached;
  const image = zookeeperImage(nodes, config, committedStateImage);
  zookeeperMetadataCache.set(nodes, image);
  return image;
}

/** ZooKeeper's committed image, /state decoded by `decode` (cached or not). */
function zookeeperImage(
  nodes: readonly NodeSlot<KafkaState>[],
  config: KafkaConfig,
  decode: (config: KafkaConfig, server: ZkServerState) => MetadataImage,
): ControlPlaneMetadata | null {
  const best = committedServer(config, nodes);
  return best === null ? null : decode(config, (nodes[best] as NodeSlot<KafkaState>).state as ZkServerState);
}

/**
 * Whether every ZooKeeper server whose slot changed since `previous` kept what `zookeeperImage`
 * reads of it: its data tree (the same object) and whether it is in the broadcast phase. Then the
 * committed image is the one computed for `previous` (the same server wins, with the same tree,
 * whose decoded image is memoized by tree): most server steps are a broker's read or ping, which
 * touch a session but not the tree, and recomputing the image after each was a visible cost.
 */
function zookeeperImageInputsKept(
  config: KafkaConfig,
  previous: readonly NodeSlot<KafkaState>[] | null,
  nodes: readonly NodeSlot<KafkaState>[],
): boolean {
  if (previous === null) return false;
  const servers = controllerNodes(config);
  for (let index = 0; index < servers.length; index++) {
    const node = servers[index] as number;
    const earlier = previous[node]?.state;
    const later = nodes[node]?.state;
    if (earlier === later) continue;
    if (earlier?.durable.kind !== 'zk-server' || later?.durable.kind !== 'zk-server') return false;
    const before = (earlier as ZkServerState).volatile;
    const after = (later as ZkServerState).volatile;
    if (before.tree !== after.tree || servesCommittedTree(before.role) !== servesCommittedTree(after.role)) return false;
  }
  return true;
}

/**
 * What was computed for the last two worlds, by the identity of their node slots (never mutated):
 * the ghost asks about each world twice, as the new one and then as the previous one, and the
 * properties ask again. A WeakMap did the same, but adding an entry for every step cost more than
 * most of the computations it saved.
 */
class LastTwoWorlds<Value> {
  private newerNodes: readonly NodeSlot<KafkaState>[] | null = null;
  private newerValue: Value | undefined = undefined;
  private olderNodes: readonly NodeSlot<KafkaState>[] | null = null;
  private olderValue: Value | undefined = undefined;

  get(nodes: readonly NodeSlot<KafkaState>[]): Value | undefined {
    if (nodes === this.newerNodes) return this.newerValue;
    if (nodes !== this.olderNodes) return undefined;
    const value = this.olderValue;
    this.set(nodes, value as Value);
    return value;
  }

  /** Records `value` (computed for an earlier world whose inputs `nodes` shares) for `nodes`, and returns it. */
  carry(nodes: readonly NodeSlot<KafkaState>[], value: Value): Value {
    this.set(nodes, value);
    return value;
  }

  set(nodes: readonly NodeSlot<KafkaState>[], value: Value): void {
    if (nodes !== this.newerNodes) {
      this.olderNodes = this.newerNodes;
      this.olderValue = this.newerValue;
    }
    this.newerNodes = nodes;
    this.newerValue = value;
  }
}

/**
 * Per world, ZooKeeper's committed image, and per (config, data tree), the image decoded from its
 * /state: decoding /state's JSON twice a step was most of the ZooKeeper plane's checking time.
 */
const zookeeperMetadataCache = new LastTwoWorlds<ControlPlaneMetadata | null>();
const stateImageCache = new WeakMap<KafkaConfig, WeakMap<ZkServerState['volatile']['tree'], MetadataImage>>();

/** /state decoded afresh (the full observer's reference). */
function decodeStateImage(config: KafkaConfig, server: ZkServerState): MetadataImage {
  return serverStateData(config, server).image;
}

function committedStateImage(config: KafkaConfig, server: ZkServerState): MetadataImage {
  // Most transactions leave /state alone: its text is one of the last few decoded (no WeakMap entry per tree).
  const text = server.volatile.tree.nodes.get(statePath)?.data;
  for (let index = 0; index < recentStateImages.length; index++) {
    const recent = recentStateImages[index] as RecentStateImage;
    if (recent.text === text && recent.config === config) return recent.image;
  }
  const image = committedStateImageByTree(config, server);
  recentStateImages[recentStateImagesNext] = { config, text, image };
  recentStateImagesNext = (recentStateImagesNext + 1) % recentStateImagesMax;
  return image;
}

/** /state texts (undefined: no /state znode) lately decoded into committed images, by config; a ring of `recentStateImagesMax`. */
interface RecentStateImage {
  readonly config: KafkaConfig;
  readonly text: string | undefined;
  readonly image: MetadataImage;
}
const recentStateImagesMax = 8;
const recentStateImages: RecentStateImage[] = [];
let recentStateImagesNext = 0;

function committedStateImageByTree(config: KafkaConfig, server: ZkServerState): MetadataImage {
  let byTree = stateImageCache.get(config);
  if (byTree === undefined) {
    byTree = new WeakMap();
    stateImageCache.set(config, byTree);
  }
  const tree = server.volatile.tree;
  let image = byTree.get(tree);
  if (image === undefined) {
    image = serverStateData(config, server).image;
    byTree.set(tree, image);
  }
  return image;
}

/** Per world (node slots are never mutated), the committed image; the ghost after observing a world is always the same, so this only saves work. */
const kraftMetadataCache = new LastTwoWorlds<ControlPlaneMetadata | null>();

function kraftMetadata(nodes: readonly NodeSlot<KafkaState>[], config: KafkaConfig, committedTerms: readonly number[]): ControlPlaneMetadata | null {
  const cached = kraftMetadataCache.get(nodes);
  if (cached !== undefined) return cached;
  const image = kraftImage(nodes, config, committedTerms);
  kraftMetadataCache.set(nodes, image);
  return image;
}

/**
 * Whether every KRaft controller whose slot changed since `previous` kept what `kraftImage` reads
 * of it: its Raft durable state (the log), what it has applied and its applied image. With the
 * same committed terms, the committed image is then the one computed for `previous`: most quorum
 * steps (heartbeats, their answers, ticks) change none of them.
 */
function kraftImageInputsKept(
  config: KafkaConfig,
  previous: readonly NodeSlot<KafkaState>[] | null,
  nodes: readonly NodeSlot<KafkaState>[],
): boolean {
  if (previous === null) return false;
  const controllers = controllerNodes(config);
  for (let index = 0; index < controllers.length; index++) {
    const node = controllers[index] as number;
    if (previous[node] === nodes[node]) continue;
    const before = kraftControllerOf(previous[node]);
    const after = kraftControllerOf(nodes[node]);
    if (before === null || after === null || before.durable.raft !== after.durable.raft) return false;
    if (before.volatile.raft.lastApplied !== after.volatile.raft.lastApplied || before.volatile.raft.machine !== after.volatile.raft.machine)
      return false;
  }
  return true;
}

/** KRaft's committed image, computed afresh: see `metadataOf`. */
function kraftImage(nodes: readonly NodeSlot<KafkaState>[], config: KafkaConfig, committedTerms: readonly number[]): ControlPlaneMetadata | null {
  const target = committedTerms.length - 1;
  const term = committedTerms[target] ?? -1;
  let best: KraftControllerState | null = null;
  for (const node of controllerNodes(config)) {
    const state = kraftControllerOf(nodes[node]);
    if (!state || state.volatile.raft.lastApplied > target || lastIndex(state.durable.raft) < target) continue;
    if (term >= 0 && termAt(state.durable.raft, target) !== term) continue;
    if (best === null || state.volatile.raft.lastApplied > best.volatile.raft.lastApplied) best = state;
  }
  let image: MetadataImage | null = null;
  if (best !== null) {
    image = best.volatile.raft.machine;
    for (let index = best.volatile.raft.lastApplied + 1; index <= target; index++) {
      const entry = entryAt(best.durable.raft, index);
      if (entry?.command.type === 'command') image = applyRecords(image, entry.command.command.records);
    }
  }
  return image;
}

export function initGhost(config: KafkaConfig): KafkaGhost {
  const perPartition = <Value>(): readonly (readonly Value[])[] => Array.from({ length: config.partitionCount }, () => []);
  return {
    lastNodes: null,
    lastHistory: null,
    leadersByEpoch: perPartition<number>(),
    committed: perPartition<LogRecord>(),
    committedAtStep: perPartition<number>(),
    committedTerms: [0],
    silences: [],
    breaks: noBreaks,
  };
}

function logText(records: readonly LogRecord[], upTo: number): string {
  return `[${records.slice(0, upTo).map(describeRecord).join(' ')}]`;
}

/**
 * StrongIsr for one partition: the first member of the true ISR whose log differs from the
 * leader's below the leader's HW. "The leader" is the broker the controller elected, once it acts
 * on it; a deposed leader that has not heard yet is watched by `committed-data-stable` instead
 * (the TLA+ specification checks every broker that presumes leadership, which also flags every
 * unclean election the moment it happens, before any data is lost). With `previous` and `before`
 * (the last world checked and its control plane, with this partition's leader and registration
 * as now), members whose comparison with the leader cannot have changed since that check, which
 * found them consistent, are skipped: same node slot, same incarnation admitted.
 */
function strongIsrBreak(
  view: View,
  controller: ControlPlaneMetadata,
  partition: number,
  previous: readonly NodeSlot<KafkaState>[] | null = null,
  before: ControlPlaneMetadata | null = null,
): string | null {
  const registration = controller.partitions[partition];
  if (!registration || registration.leader === null) return null;
  const leader = registration.leader;
  const leaderState = brokerOf(view.nodes[leader]);
  const replica = leaderState?.volatile.replicas[partition];
  const leaderLog = leaderState?.durable.logs[partition];
  if (!view.nodes[leader]?.up || !replica || !leaderLog || replica.role.kind !== 'leader') return null;
  if (replica.leaderEpoch !== registration.leaderEpoch || replica.highWatermark === 0) return null;
  const highWatermark = replica.highWatermark;
  const isr = registration.isr;
  for (let index = 0; index < isr.length; index++) {
    const member = isr[index] as number;
    if (member === leader || (before !== null && memberUnchanged(previous, view.nodes, before, controller, member))) continue;
    // The true ISR: members that are up in the incarnation the controller admitted to the ISR.
    const state = brokerOf(view.nodes[member]);
    const log = state?.durable.logs[partition];
    if (!view.nodes[member]?.up || !state || !log || log === leaderLog) continue;
    if (state.durable.incarnation !== controller.brokers[member]?.incarnation) continue;
    const records = log.records;
    const leaderRecords = leaderLog.records;
    if (records === leaderRecords) continue;
    for (let offset = 0; offset < highWatermark; offset++) {
      if (sameRecord(records[offset], leaderRecords[offset])) continue;
      const theirs = records[offset];
      return (
        `broker ${member} is in the ISR [${registration.isr.join(',')}] of partition ${partition} but does not hold what leader ${leader} ` +
        `(epoch ${replica.leaderEpoch}) has committed below its high watermark ${highWatermark}: at offset ${offset} the leader has ` +
        `${describeRecord(leaderRecords[offset] as LogRecord)}, broker ${member} has ${theirs ? describeRecord(theirs) : 'nothing'} ` +
        `(leader ${logText(leaderRecords, highWatermark)}, broker ${member} ${logText(records, records.length)})`
      );
    }
  }
  return null;
}

/**
 * StrongIsr over every partition, the first break. A partition whose inputs are what they were at
 * the previous world (its registration, the leader's node slot, and per member its slot and
 * admitted incarnation) is consistent as it was then, and is skipped; with only members changed,
 * only they are compared again. Without a previous check (`before` undefined or null) everything is.
 */
function replicaConsistencyBreak(
  view: View,
  previous: readonly NodeSlot<KafkaState>[] | null,
  before: ControlPlaneMetadata | null | undefined,
  controller: ControlPlaneMetadata,
): string | null {
  const nodes = view.nodes;
  for (let partition = 0; partition < view.config.partitionCount; partition++) {
    const registration = controller.partitions[partition];
    const earlier = before?.partitions[partition];
    let skipping: ControlPlaneMetadata | null = null;
    if (previous !== null && before && registration && earlier && sameRegistration(earlier, registration)) {
      const leader = registration.leader;
      if (leader === null) continue;
      if (previous[leader] === nodes[leader]) {
        let allUnchanged = true;
        for (const member of registration.isr) allUnchanged &&= member === leader || memberUnchanged(previous, nodes, before, controller, member);
        if (allUnchanged) continue;
        skipping = before;
      }
    }
    const inconsistent = strongIsrBreak(view, controller, partition, previous, skipping);
    if (inconsistent !== null) return inconsistent;
  }
  return null;
}

/** An ISR member with the same node slot and the same admitted incarnation as in the previous world. */
function memberUnchanged(
  previous: readonly NodeSlot<KafkaState>[] | null,
  nodes: readonly NodeSlot<KafkaState>[],
  before: ControlPlaneMetadata,
  controller: ControlPlaneMetadata,
  member: number,
): boolean {
  return previous !== null && previous[member] === nodes[member] && before.brokers[member]?.incarnation === controller.brokers[member]?.incarnation;
}

/** Same leader, leader epoch and ISR (what StrongIsr reads of a registration). */
function sameRegistration(left: PartitionRegistration, right: PartitionRegistration): boolean {
  if (left === right) return true;
  if (left.leader !== right.leader || left.leaderEpoch !== right.leaderEpoch) return false;
  if (left.isr === right.isr) return true;
  if (left.isr.length !== right.isr.length) return false;
  for (let index = 0; index < left.isr.length; index++) if (left.isr[index] !== right.isr[index]) return false;
  return true;
}

function controllerLeaderOutsideIsr(controller: ControlPlaneMetadata | null): string | null {
  if (!controller) return null;
  for (const [partition, registration] of controller.partitions.entries()) {
    if (registration.leader !== null && !registration.isr.includes(registration.leader)) {
      return `the controller made broker ${registration.leader} leader of partition ${partition} but its ISR is [${registration.isr.join(',')}]`;
    }
  }
  return null;
}

/**
 * Durable-state monotonicity: a broker's epoch (its incarnation) and the controller's leader and
 * partition epochs never go back, crashes and restarts included, nor, within one life of a broker,
 * the epochs it acts on: every fencing rule rests on them.
 */
function epochsDurable(
  mode: ObserveMode,
  breaks: Breaks<KafkaProperty>,
  previous: readonly NodeSlot<KafkaState>[],
  nodes: readonly NodeSlot<KafkaState>[],
): Breaks<KafkaProperty> {
  let found = breaks;
  for (let node = 0; node < nodes.length; node++) {
    const slot = nodes[node] as NodeSlot<KafkaState>;
    const before = previous[node]?.state;
    if (before === undefined || (mode === 'incremental' && before === slot.state)) continue;
    const after = slot.state;
    const brokerBefore = brokerOf(previous[node]);
    const brokerAfter = brokerOf(slot);
    if (brokerBefore && brokerAfter && brokerAfter.durable.incarnation < brokerBefore.durable.incarnation) {
      found = withBreak(
        found,
        'epochs-durable',
        `broker ${node}'s epoch (incarnation) went back from ${brokerBefore.durable.incarnation} to ${brokerAfter.durable.incarnation}`,
      );
    }
    if (brokerBefore && brokerAfter && brokerAfter.durable.incarnation === brokerBefore.durable.incarnation) {
      found = brokerEpochsMonotonic(found, node, brokerBefore, brokerAfter);
    }
    if (before.durable.kind !== 'controller' || after.durable.kind !== 'controller') continue;
    found = partitionEpochsDurable(found, before.durable.partitions, after.durable.partitions);
    found = registeredEpochsDurable(found, before.durable.brokers, after.durable.brokers);
  }
  return found;
}

/**
 * Within one life, the leader and partition epochs a broker acts on never go back: a LeaderAndIsr
 * (or metadata) older than what it already obeyed is ignored (Kafka's "leader epoch is not higher
 * than the current leader epoch"), or a delayed or duplicated message would make a deposed leader
 * lead again or a follower follow a deposed one. KIP-320's fencing compares these epochs.
 */
function brokerEpochsMonotonic(breaks: Breaks<KafkaProperty>, node: number, before: BrokerState, after: BrokerState): Breaks<KafkaProperty> {
  const earlierReplicas = before.volatile.replicas;
  const laterReplicas = after.volatile.replicas;
  if (earlierReplicas === laterReplicas) return breaks;
  for (let partition = 0; partition < laterReplicas.length; partition++) {
    const earlier = earlierReplicas[partition];
    const later = laterReplicas[partition];
    if (!earlier || !later || earlier === later) continue;
    const wentBack =
      later.leaderEpoch < earlier.leaderEpoch || (later.leaderEpoch === earlier.leaderEpoch && later.partitionEpoch < earlier.partitionEpoch);
    if (!wentBack) continue;
    return withBreak(
      breaks,
      'epochs-durable',
      `broker ${node} went back from leader epoch ${earlier.leaderEpoch}, partition epoch ${earlier.partitionEpoch} of partition ${partition} to ${later.leaderEpoch}, ${later.partitionEpoch} within one life (incarnation ${after.durable.incarnation})`,
    );
  }
  return breaks;
}

function partitionEpochsDurable(
  breaks: Breaks<KafkaProperty>,
  before: readonly PartitionRegistration[],
  after: readonly PartitionRegistration[],
): Breaks<KafkaProperty> {
  if (before === after) return breaks;
  let found = breaks;
  for (let partition = 0; partition < after.length; partition++) {
    const registration = after[partition] as PartitionRegistration;
    const earlier = before[partition];
    if (!earlier || (registration.leaderEpoch >= earlier.leaderEpoch && registration.partitionEpoch >= earlier.partitionEpoch)) continue;
    found = withBreak(
      found,
      'epochs-durable',
      `the controller's epochs of partition ${partition} went back from leader epoch ${earlier.leaderEpoch}, partition epoch ${earlier.partitionEpoch} to ${registration.leaderEpoch}, ${registration.partitionEpoch}`,
    );
  }
  return found;
}

/**
 * The broker epoch the abstract controller has registered for each broker never goes back: a
 * heartbeat of a broker's earlier life (delayed in the network) is ignored, or the controller would
 * count a dead incarnation alive and refuse the live one's ISR changes (KIP-903 compares them).
 */
function registeredEpochsDurable(
  breaks: Breaks<KafkaProperty>,
  before: readonly BrokerLiveness[],
  after: readonly BrokerLiveness[],
): Breaks<KafkaProperty> {
  if (before === after) return breaks;
  for (let broker = 0; broker < after.length; broker++) {
    const registration = after[broker] as BrokerLiveness;
    const earlier = before[broker];
    if (!earlier || registration.incarnation >= earlier.incarnation) continue;
    return withBreak(
      breaks,
      'epochs-durable',
      `the controller's registered epoch (incarnation) of broker ${broker} went back from ${earlier.incarnation} to ${registration.incarnation}`,
    );
  }
  return breaks;
}

/**
 * Why a step of the abstract controller decided something Kafka's rules do not allow, or null. A
 * partition's leadership moves only when its leader is fenced or comes back as a new incarnation,
 * when it has none, or, with auto.leader.rebalance.enable, to the preferred replica at a
 * preferred-leader check (every leader.imbalance.check.interval ticks); a broker is fenced only
 * in a tick after more than broker.session.timeout ticks without a heartbeat, a heartbeat renews
 * its sender's session alone (one it answers with a resend always does), and a fenced broker's
 * heartbeat registers it rather than renewing its fenced session; a client's request sent to it
 * is answered or passed on unanswered in the same step (requestUntaken); and a client
 * request is refused as LEADER_NOT_AVAILABLE only while the partition has no leader, and (by any
 * node) as UNKNOWN_TOPIC_OR_PARTITION only for a partition that does not exist.
 */
function controllerDecisionUnjustified(
  view: View,
  previous: readonly NodeSlot<KafkaState>[] | null,
  before: readonly HistoryEntry<Operation, Output>[] | null,
): string | null {
  const config = view.config;
  const controller = controllerOf(view);
  const earlierState = previous?.[controllerNode(config)]?.state;
  const earlier: ControllerState['durable'] | null = earlierState?.durable.kind === 'controller' ? (earlierState as ControllerState).durable : null;
  const later: ControllerState['durable'] | undefined = controller?.durable;
  if (earlier && later && earlier !== later) {
    const ticked = later.now === earlier.now + 1;
    // A heartbeat renews its sender's session alone (a restart of the controller renews them all).
    const stayedUp = previous?.[controllerNode(config)]?.up === true && view.nodes[controllerNode(config)]?.up === true;
    // Indexed loops, no iterators or arrays made: this runs at every step of the controller.
    let renewed = 0;
    for (let broker = 0; broker < later.brokers.length; broker++) {
      const registration = later.brokers[broker] as BrokerRegistration;
      if (registration.ticksSinceHeartbeat === 0 && (earlier.brokers[broker]?.ticksSinceHeartbeat ?? 0) > 0) renewed++;
    }
    if (stayedUp && renewed > 1)
      return `the controller renewed the sessions of ${renewed} brokers in one step: a heartbeat renews its sender's alone`;
    for (let broker = 0; broker < later.brokers.length; broker++) {
      const registration = later.brokers[broker] as BrokerRegistration;
      const was: BrokerRegistration | undefined = earlier.brokers[broker];
      // A heartbeat the controller answers (a resend, stamped lastSyncTick) renews its sender's session, and a fenced
      // broker's heartbeat registers it: its session is never renewed while it stays fenced.
      if (was && registration.lastSyncTick !== was.lastSyncTick && registration.ticksSinceHeartbeat !== 0)
        return `the controller answered broker ${broker}'s heartbeat without renewing its session (${registration.ticksSinceHeartbeat} ticks without a heartbeat)`;
      if (stayedUp && was && !was.alive && !registration.alive && registration.ticksSinceHeartbeat === 0 && was.ticksSinceHeartbeat !== 0)
        return `the controller renewed the session of fenced broker ${broker} without registering it`;
      if (!was?.alive || registration.alive) continue;
      if (!ticked || was.ticksSinceHeartbeat + 1 <= config.brokerSessionTimeoutTicks)
        return `the controller fenced broker ${broker} ${ticked ? `after ${was.ticksSinceHeartbeat + 1}` : 'outside a tick, after'} tick(s) without a heartbeat (broker.session.timeout: ${config.brokerSessionTimeoutTicks} ticks)`;
    }
    for (let partition = 0; partition < later.partitions.length; partition++) {
      const registration = later.partitions[partition] as PartitionRegistration;
      const was: PartitionRegistration | undefined = earlier.partitions[partition];
      // KIP-841: only a live (unfenced) broker joins an ISR. One fenced in this very step may have joined just before
      // (a tick that fences two brokers elects the second by unclean election, then fences it too).
      let fenced: number | undefined;
      if (registration.isr !== was?.isr) {
        for (let index = 0; index < registration.isr.length; index++) {
          const member = registration.isr[index] as number;
          if (was?.isr.includes(member) === false && earlier.brokers[member]?.alive !== true && later.brokers[member]?.alive !== true) {
            fenced = member;
            break;
          }
        }
      }
      if (fenced !== undefined)
        return `the controller let fenced broker ${fenced} join partition ${partition}'s ISR [${registration.isr.join(',')}]: only a live broker joins an ISR (KIP-841)`;
      const deposed = was?.leader;
      if (deposed === undefined || deposed === null || registration.leader === deposed) continue;
      const life = later.brokers[deposed];
      if (!life?.alive || life.incarnation !== earlier.brokers[deposed]?.incarnation) continue;
      const check = config.autoLeaderRebalanceEnable && ticked && later.now % config.leaderImbalanceCheckIntervalTicks === 0;
      if (check && registration.leader === registration.replicas[0]) continue;
      return `the controller moved partition ${partition}'s leadership from live broker ${deposed} to ${registration.leader ?? 'nobody'} at tick ${later.now}, which is no preferred-leader check (auto.leader.rebalance.enable=${config.autoLeaderRebalanceEnable}, every ${config.leaderImbalanceCheckIntervalTicks} ticks) to its preferred replica`;
    }
  }
  if (view.history === before) return null;
  for (let index = view.history.length - 1; index >= 0; index--) {
    const entry = view.history[index] as HistoryEntry<Operation, Output>;
    if (entry === before?.[index]) continue;
    if (!entry.reply) {
      const untaken = before?.[index] === undefined ? requestUntaken(view, entry, later) : null;
      if (untaken !== null) return untaken;
      continue;
    }
    if (entry.reply.outcome === 'ok') continue;
    const partition = entry.operation.partition;
    const error = entry.reply.error;
    if (error.startsWith('UNKNOWN_TOPIC_OR_PARTITION') && partition >= 0 && partition < config.partitionCount)
      return `operation #${entry.operationId} was refused as UNKNOWN_TOPIC_OR_PARTITION, but partition ${partition} exists`;
    const leader = later?.partitions[partition]?.leader;
    if (error.startsWith('LEADER_NOT_AVAILABLE') && leader !== undefined && leader !== null)
      return `operation #${entry.operationId} was refused as LEADER_NOT_AVAILABLE, but the controller's leader of partition ${partition} is broker ${leader}`;
  }
  return null;
}

/**
 * A client's new request sent straight to the abstract controller, which in the same step neither
 * answered it nor passed it on unanswered to the partition's leader, or null. The controller
 * always knows the leader: it answers (acks=0, or a refusal) or forwards; a forward is lost at once
 * only when the network separates the controller from the leader.
 */
function requestUntaken(view: View, entry: HistoryEntry<Operation, Output>, controller: ControllerState['durable'] | undefined): string | null {
  const node = controllerNode(view.config);
  if (!controller || entry.node !== node || entry.attempts !== 1 || !view.nodes[node]?.up) return null;
  const leader = controller.partitions[entry.operation.partition]?.leader;
  for (const sent of view.network.inFlight) {
    const message = sent.message;
    if (sent.from !== node || message.type !== 'client-request' || message.request.operationId !== entry.operationId) continue;
    return message.replied ? `the controller passed on request #${entry.operationId} as answered, but nobody has answered it` : null;
  }
  const groups = view.network.partition;
  if (leader === undefined || (leader !== null && groups !== null && groups[leader] !== groups[node])) return null;
  return `the controller neither answered request #${entry.operationId} nor passed it on (partition ${entry.operation.partition}'s leader: ${leader ?? 'none'})`;
}

/** Whether a control-plane node's slot changed in this step. */
function controlPlaneChanged(config: KafkaConfig, previous: readonly NodeSlot<KafkaState>[] | null, nodes: readonly NodeSlot<KafkaState>[]): boolean {
  if (previous === null) return true;
  const controllers = controllerNodes(config);
  for (let index = 0; index < controllers.length; index++) {
    const node = controllers[index] as number;
    if (previous[node] !== nodes[node]) return true;
  }
  return false;
}

/**
 * KRaft: extends the committed metadata log (index -> term) with what any controller has
 * committed, then checks brokers whose slot changed: every entry a broker has applied is committed
 * (`metadata-committed-prefix`), and the epoch of the entries it applies never goes back
 * (`controller-epoch-monotonic`).
 */
function observeMetadata(
  mode: ObserveMode,
  ghost: KafkaGhost,
  breaks: Breaks<KafkaProperty>,
  previous: readonly NodeSlot<KafkaState>[] | null,
  view: View,
): { committedTerms: readonly number[]; breaks: Breaks<KafkaProperty> } {
  let committedTerms = ghost.committedTerms;
  let found = breaks;
  const controllers = controllerNodes(view.config);
  for (let index = 0; index < controllers.length; index++) {
    const node = controllers[index] as number;
    const slot = view.nodes[node];
    const state = kraftControllerOf(slot);
    if (!state || (mode === 'incremental' && previous !== null && previous[node] === slot)) continue;
    const commitIndex = state.volatile.raft.commitIndex;
    if (commitIndex < committedTerms.length) continue;
    const extended = committedTerms.slice();
    for (let index = committedTerms.length; index <= commitIndex; index++) extended[index] = termAt(state.durable.raft, index);
    committedTerms = extended;
  }
  for (let broker = 0; broker < view.config.brokerCount; broker++) {
    const slot = view.nodes[broker];
    if (!slot || (mode === 'incremental' && previous !== null && previous[broker] === slot)) continue;
    const cache = brokerOf(slot)?.volatile.metadata;
    if (!cache || cache.appliedIndex === 0) continue;
    const committed = committedTerms[cache.appliedIndex];
    if (committed === undefined || (committed >= 0 && committed !== cache.appliedTerm)) {
      found = withBreak(
        found,
        'metadata-committed-prefix',
        `broker ${broker} applied metadata log entry ${cache.appliedIndex} of epoch ${cache.appliedTerm}, which the quorum ${committed === undefined ? `has not committed (committed up to ${committedTerms.length - 1})` : `committed in epoch ${committed}`}`,
      );
    }
    const before = previous === null ? undefined : brokerOf(previous[broker]);
    const earlier = before?.volatile.metadata;
    if (before && earlier && before.durable.incarnation === brokerOf(slot)?.durable.incarnation && cache.appliedTerm < earlier.appliedTerm) {
      found = withBreak(
        found,
        'controller-epoch-monotonic',
        `broker ${broker} applied metadata of controller epoch ${cache.appliedTerm} after metadata of epoch ${earlier.appliedTerm}`,
      );
    }
  }
  return { committedTerms, breaks: found };
}

/**
 * ZooKeeper mode, for brokers whose slot changed: the partition state a broker acts on was
 * committed to /state (`metadata-committed-prefix`: never ahead of the committed state, by leader
 * and partition epoch), and within one incarnation the controller epoch of the LeaderAndIsr it
 * last obeyed never goes back (`controller-epoch-monotonic`).
 */
function observeZookeeperBrokers(
  breaks: Breaks<KafkaProperty>,
  previous: readonly NodeSlot<KafkaState>[] | null,
  view: View,
  committed: ControlPlaneMetadata | null,
): Breaks<KafkaProperty> {
  let found = breaks;
  for (let broker = 0; broker < view.config.brokerCount; broker++) {
    const slot = view.nodes[broker];
    if (!slot || (previous !== null && previous[broker] === slot) || slot.state.durable.kind !== 'zk-broker') continue;
    const state = slot.state as ZkBrokerState;
    if (committed) {
      const replicas = state.volatile.broker.replicas;
      for (let partition = 0; partition < replicas.length; partition++) {
        const replica = replicas[partition];
        const current = committed.partitions[partition];
        if (!replica || !current || replica.leaderEpoch < 0) continue;
        const ahead =
          replica.leaderEpoch > current.leaderEpoch ||
          (replica.leaderEpoch === current.leaderEpoch && replica.partitionEpoch > current.partitionEpoch);
        if (!ahead) continue;
        found = withBreak(
          found,
          'metadata-committed-prefix',
          `broker ${broker} acts on p${partition} leader epoch ${replica.leaderEpoch}, partition epoch ${replica.partitionEpoch}, but ZooKeeper's committed /state has leader epoch ${current.leaderEpoch}, partition epoch ${current.partitionEpoch}`,
        );
      }
    }
    const before = previous?.[broker]?.state;
    if (before?.durable.kind !== 'zk-broker') continue;
    const earlier = before as ZkBrokerState;
    if (earlier.durable.broker.incarnation !== state.durable.broker.incarnation) continue;
    if (state.volatile.zk.obeyedControllerEpoch < earlier.volatile.zk.obeyedControllerEpoch) {
      found = withBreak(
        found,
        'controller-epoch-monotonic',
        `broker ${broker} obeyed a LeaderAndIsr of controller epoch ${state.volatile.zk.obeyedControllerEpoch} after one of epoch ${earlier.volatile.zk.obeyedControllerEpoch}`,
      );
    }
  }
  return found;
}

/**
 * Whether a step (that left the history alone) changed only what no check reads: every node it
 * changed keeps its up status and, a KRaft controller, its durable state (log, term, vote), commit
 * and applied index, applied image and whether it leads (a leader only while every broker is up:
 * `broker-session-expires` judges down brokers at each of its steps); a ZooKeeper server, its data
 * tree and whether it is in the broadcast phase; a broker, its durable state (logs, incarnation),
 * what its metadata cache has applied, each replica's leader, epochs, ISR, high watermark and role
 * kind (a leader's purgatory too) and, in ZooKeeper mode, the controller epoch it acts in; and no
 * silence of `broker-session-expires` ended. Most steps are such (heartbeats and their answers,
 * ticks, fetches that bring nothing new, a broker's session pings), and every state check would
 * find what it found in the previous world; the one event check, ZooKeeper mode's check of a broker
 * that acted (`observeZookeeperBrokers`), still runs.
 */
function bookkeepingOnly(
  config: KafkaConfig,
  ghost: KafkaGhost,
  previous: readonly NodeSlot<KafkaState>[],
  nodes: readonly NodeSlot<KafkaState>[],
): boolean {
  if (previous.length !== nodes.length) return false;
  let brokersUp: boolean | null = null;
  for (let node = 0; node < nodes.length; node++) {
    const before = previous[node] as NodeSlot<KafkaState>;
    const after = nodes[node] as NodeSlot<KafkaState>;
    if (before === after) continue;
    if (before.up !== after.up) return false;
    const earlier = before.state;
    const later = after.state;
    const kind = earlier.durable.kind;
    if (later.durable.kind !== kind) return false;
    if (kind === 'kraft-controller') {
      if (earlier.durable !== later.durable) return false;
      const was = (earlier as KraftControllerState).volatile.raft;
      const now = (later as KraftControllerState).volatile.raft;
      if (was.commitIndex !== now.commitIndex || was.lastApplied !== now.lastApplied || was.machine !== now.machine) return false;
      if (was.role.kind !== now.role.kind) return false;
      if (now.role.kind !== 'leader') continue;
      if (brokersUp === null) {
        brokersUp = true;
        for (let broker = 0; broker < config.brokerCount && broker < nodes.length; broker++) brokersUp &&= (nodes[broker] as NodeSlot<KafkaState>).up;
      }
      if (!brokersUp) return false;
    } else if (kind === 'zk-server') {
      const was = (earlier as ZkServerState).volatile;
      const now = (later as ZkServerState).volatile;
      if (was.tree !== now.tree || servesCommittedTree(was.role) !== servesCommittedTree(now.role)) return false;
    } else if (kind === 'broker') {
      if (!brokerBookkeepingOnly(earlier as BrokerState, later as BrokerState)) return false;
    } else if (kind === 'zk-broker') {
      const was = earlier as ZkBrokerState;
      const now = later as ZkBrokerState;
      if (was.volatile.zk.controller?.epoch !== now.volatile.zk.controller?.epoch) return false;
      if (!brokerBookkeepingOnly(zkBrokerPart(was), zkBrokerPart(now))) return false;
    } else {
      return false;
    }
  }
  for (const silence of ghost.silences) if (nodes[silence.broker] !== silence.downSlot) return false;
  return true;
}

/** Whether a broker kept all that the checks read of it (see `bookkeepingOnly`). */
function brokerBookkeepingOnly(was: BrokerState, now: BrokerState): boolean {
  if (was.durable !== now.durable) return false;
  const before = was.volatile.metadata;
  const after = now.volatile.metadata;
  if (before !== after) {
    if (before === null || after === null || before.appliedIndex !== after.appliedIndex) return false;
    if (before.appliedTerm !== after.appliedTerm || before.image !== after.image) return false;
  }
  const earlierReplicas = was.volatile.replicas;
  const laterReplicas = now.volatile.replicas;
  if (earlierReplicas === laterReplicas) return true;
  if (earlierReplicas.length !== laterReplicas.length) return false;
  for (let partition = 0; partition < laterReplicas.length; partition++) {
    const earlier = earlierReplicas[partition];
    const later = laterReplicas[partition];
    if (earlier === later) continue;
    if (!earlier || !later || earlier.leader !== later.leader || earlier.leaderEpoch !== later.leaderEpoch) return false;
    if (earlier.partitionEpoch !== later.partitionEpoch || earlier.highWatermark !== later.highWatermark || earlier.isr !== later.isr) return false;
    if (earlier.role.kind !== later.role.kind) return false;
    if (earlier.role.kind === 'leader' && later.role.kind === 'leader' && earlier.role.purgatory !== later.role.purgatory) return false;
  }
  return true;
}

/**
 * `incremental` looks again only at what a step can have changed; `full` runs every check on every
 * node, offset and partition at every step: the reference the incremental observer is tested
 * against (properties/kafka-ghost.test.ts).
 */
type ObserveMode = 'incremental' | 'full';

/**
 * Updates the history variables after a step. Only what a step can have changed is looked at
 * again (slots are replaced, never mutated, when a node steps, crashes or restarts): nodes whose
 * slot changed, the control plane's image only when one of its nodes changed, a leader's log only
 * past the offsets compared when it was last observed (records below a HW once compared stay
 * compared: `committed` never forgets them), StrongIsr only for members whose comparison with the
 * leader may have changed. properties/kafka-ghost.test.ts checks that this agrees, step by step,
 * with `observeGhostFully`.
 */
export function observeGhost(ghost: KafkaGhost, view: View): KafkaGhost {
  return observeIn('incremental', ghost, view);
}

/**
 * `observeGhost` with every check rerun at every step (no "what changed" shortcut except comparing
 * a node with itself one step earlier, which the monotonicity checks need, and ZooKeeper mode's
 * event-based check of a broker when it acts), and the control plane's image computed afresh.
 */
export function observeGhostFully(ghost: KafkaGhost, view: View): KafkaGhost {
  return observeIn('full', ghost, view);
}

function observeIn(mode: ObserveMode, ghost: KafkaGhost, view: View): KafkaGhost {
  const incremental = mode === 'incremental';
  const previous = ghost.lastNodes;
  const nodes = view.nodes;
  if (incremental && nodes === previous && view.history === ghost.lastHistory) return ghost;
  const config = view.config;
  if (incremental && previous !== null && view.history === ghost.lastHistory && bookkeepingOnly(config, ghost, previous, nodes)) {
    // Nothing a state check reads changed: the control plane's image is the previous world's.
    let breaks = ghost.breaks;
    if (isKraft(config)) kraftMetadataCache.carry(nodes, kraftMetadata(previous, config, ghost.committedTerms));
    else if (isZookeeper(config))
      breaks = observeZookeeperBrokers(breaks, previous, view, zookeeperMetadataCache.carry(nodes, zookeeperMetadata(previous, config)));
    return {
      lastNodes: nodes,
      lastHistory: ghost.lastHistory,
      leadersByEpoch: ghost.leadersByEpoch,
      committed: ghost.committed,
      committedAtStep: ghost.committedAtStep,
      committedTerms: ghost.committedTerms,
      silences: ghost.silences,
      breaks,
    };
  }
  const controllerChanged = !incremental || controlPlaneChanged(config, previous, nodes);
  let leadersByEpoch = ghost.leadersByEpoch;
  let committed = ghost.committed;
  let committedAtStep = ghost.committedAtStep;
  let breaks = previous === null ? ghost.breaks : epochsDurable(mode, ghost.breaks, previous, nodes);
  let committedTerms = ghost.committedTerms;
  // The control plane's image in this world, and in the previous one (undefined: none observed).
  let controller: ControlPlaneMetadata | null;
  let before: ControlPlaneMetadata | null | undefined;
  if (isKraft(config)) {
    const observed = observeMetadata(mode, ghost, breaks, previous, view);
    committedTerms = observed.committedTerms;
    breaks = observed.breaks;
    const image = incremental ? kraftMetadata : kraftImage;
    before = previous === null ? undefined : image(previous, config, ghost.committedTerms);
    // committedTerms only grows when a controller changed: otherwise the image is the previous one.
    const imageInputsChanged =
      controllerChanged &&
      !(incremental && before !== undefined && committedTerms === ghost.committedTerms && kraftImageInputsKept(config, previous, nodes));
    controller = imageInputsChanged ? image(nodes, config, committedTerms) : kraftMetadataCache.carry(nodes, before ?? null);
  } else if (isZookeeper(config)) {
    const image = incremental ? zookeeperMetadata : (at: readonly NodeSlot<KafkaState>[]) => zookeeperImage(at, config, decodeStateImage);
    before = previous === null ? undefined : image(previous, config);
    const imageInputsChanged = controllerChanged && !(incremental && before !== undefined && zookeeperImageInputsKept(config, previous, nodes));
    controller = imageInputsChanged ? image(nodes, config) : zookeeperMetadataCache.carry(nodes, before ?? null);
    breaks = observeZookeeperBrokers(breaks, previous, view, controller);
  } else {
    // The abstract controller's epochs are compared with its own state by `epochsDurable`.
    const earlier = previous?.[controllerNode(config)]?.state;
    before = previous === null ? undefined : earlier?.durable.kind === 'controller' ? earlier.durable : null;
    controller = controllerOf(view)?.durable ?? null;
  }
  if ((isKraft(config) || isZookeeper(config)) && controllerChanged && before && controller && before !== controller) {
    breaks = partitionEpochsDurable(breaks, before.partitions, controller.partitions);
  }
  let anyBrokerChanged = !incremental;
  for (let broker = 0; broker < config.brokerCount && broker < nodes.length; broker++) {
    const slot = nodes[broker] as NodeSlot<KafkaState>;
    if (incremental && previous !== null && previous[broker] === slot) continue;
    anyBrokerChanged = true;
    const state = brokerOf(slot);
    if (state && breaks['epoch-cache-matches-log'] === undefined) {
      const mismatch = epochCacheMismatch(broker, state, incremental && previous !== null ? brokerOf(previous[broker]) : null);
      if (mismatch !== null) breaks = withBreak(breaks, 'epoch-cache-matches-log', mismatch);
    }
    if (state && breaks['epoch-cache-matches-log'] === undefined) {
      const beyond = highWatermarkBeyondLog(broker, state, incremental && previous !== null ? brokerOf(previous[broker]) : null);
      if (beyond !== null) breaks = withBreak(breaks, 'epoch-cache-matches-log', beyond);
    }
    if (state && breaks['flush-promise-kept'] === undefined) {
      const broken = flushPromiseBroken(broker, slot, state, previous?.[broker], config.logFlushIntervalMessages);
      if (broken !== null) breaks = withBreak(breaks, 'flush-promise-kept', broken);
    }
    if (!state || !slot.up) continue;
    // The same broker as last observed, if it was up then: its leader replicas were checked.
    const earlierSlot = incremental ? previous?.[broker] : undefined;
    const earlier = earlierSlot?.up ? brokerOf(earlierSlot) : null;
    const replicas = state.volatile.replicas;
    for (let partition = 0; partition < replicas.length; partition++) {
      const replica = replicas[partition];
      if (replica?.role.kind !== 'leader') continue;
      if (!replica.isr.includes(broker)) {
        breaks = withBreak(
          breaks,
          'leader-in-isr',
          `broker ${broker} leads partition ${partition} with an ISR [${replica.isr.join(',')}] that leaves it out`,
        );
      }
      // One leader per epoch.
      const known = leadersByEpoch[partition] ?? [];
      const recorded = known[replica.leaderEpoch];
      if (recorded === undefined || recorded === -1) {
        const next = known.slice();
        while (next.length < replica.leaderEpoch) next.push(-1);
        next[replica.leaderEpoch] = broker;
        leadersByEpoch = leadersByEpoch.map((entry, index) => (index === partition ? next : entry));
      } else if (recorded !== broker) {
        breaks = withBreak(
          breaks,
          'one-leader-per-epoch',
          `brokers ${recorded} and ${broker} both acted as leader of partition ${partition} in leader epoch ${replica.leaderEpoch}`,
        );
      }
      // The purgatory, where it or the high watermark changed since this broker was last observed as leader.
      const earlierLeader = earlier?.volatile.replicas[partition];
      if (
        breaks['waiting-producers-answered'] === undefined &&
        (earlierLeader?.role.kind !== 'leader' ||
          earlierLeader.role.purgatory !== replica.role.purgatory ||
          earlierLeader.highWatermark !== replica.highWatermark)
      ) {
        const misfiled = purgatoryMisfiled(view, broker, partition, replica, state.durable.logs[partition]);
        if (misfiled !== null) breaks = withBreak(breaks, 'waiting-producers-answered', misfiled);
      }
      // A leader's high watermark never goes back within its epoch (Kafka's only ever increments): what consumers could read stays readable there.
      // Compared with the previous world in both modes (the full observer has it too), so the two observers agree.
      const priorSlot = previous?.[broker];
      const prior = priorSlot?.up ? brokerOf(priorSlot)?.volatile.replicas[partition] : undefined;
      if (
        breaks['committed-data-stable'] === undefined &&
        prior?.role.kind === 'leader' &&
        prior.leaderEpoch === replica.leaderEpoch &&
        replica.highWatermark < prior.highWatermark
      ) {
        breaks = withBreak(
          breaks,
          'committed-data-stable',
          `leader ${broker} of partition ${partition} moved its high watermark back from ${prior.highWatermark} to ${replica.highWatermark} in leader epoch ${replica.leaderEpoch}`,
        );
      }
      // Committed records never change.
      const log = state.durable.logs[partition];
      if (!log) continue;
      const records = log.records;
      const highWatermark = Math.min(replica.highWatermark, records.length);
      // Offsets this broker already compared as leader of the same records, when last observed.
      const earlierReplica = earlier?.volatile.replicas[partition];
      const compared =
        earlierReplica?.role.kind === 'leader' && earlier?.durable.logs[partition]?.records === records
          ? Math.min(earlierReplica.highWatermark, records.length)
          : 0;
      if (compared >= highWatermark) continue;
      const seen = committed[partition] ?? [];
      let extended: LogRecord[] | null = null;
      for (let offset = compared; offset < highWatermark; offset++) {
        const record = records[offset] as LogRecord;
        const before = seen[offset];
        if (before === undefined) {
          extended ??= seen.slice();
          extended[offset] = record;
        } else if (before !== record && !sameRecord(before, record) && breaks['committed-data-stable'] === undefined) {
          const since = committedAtStep[partition]?.[offset] ?? 0;
          breaks = withBreak(
            breaks,
            'committed-data-stable',
            `offset ${offset} of partition ${partition} was committed (below the high watermark, so consumers could read it) as ${describeRecord(before)} ` +
              `since step ${since}, but leader ${broker} (epoch ${replica.leaderEpoch}) now serves ${describeRecord(record)} there ` +
              `(its log ${logText(records, records.length)}, high watermark ${replica.highWatermark})`,
          );
        }
      }
      if (extended) {
        const steps = (committedAtStep[partition] ?? []).slice();
        for (let offset = steps.length; offset < extended.length; offset++) steps[offset] = Math.max(0, view.step - 1);
        const finalExtended = extended;
        committed = committed.map((entry, index) => (index === partition ? finalExtended : entry));
        committedAtStep = committedAtStep.map((entry, index) => (index === partition ? steps : entry));
      }
    }
  }
  const controlPlaneNew = !incremental || (controllerChanged && controller !== before);
  if ((anyBrokerChanged || controlPlaneNew) && breaks['replica-consistency'] === undefined && controller) {
    const inconsistent = incremental
      ? replicaConsistencyBreak(view, previous, before, controller)
      : replicaConsistencyBreak(view, null, undefined, controller);
    if (inconsistent !== null) breaks = withBreak(breaks, 'replica-consistency', inconsistent);
  }
  if (controlPlaneNew && breaks['leader-in-isr'] === undefined) {
    const outside = controllerLeaderOutsideIsr(controller);
    if (outside !== null) breaks = withBreak(breaks, 'leader-in-isr', outside);
  }
  if (previous !== null && anyBrokerChanged && breaks['waiting-producers-answered'] === undefined) {
    const dropped = unansweredDrop(mode, previous, view);
    if (dropped !== null) breaks = withBreak(breaks, 'waiting-producers-answered', dropped);
  }
  if ((!incremental || view.history !== ghost.lastHistory) && breaks['acked-on-min-isr'] === undefined) {
    const thin = ackedOnTooFewReplicas(view, ghost.lastHistory);
    if (thin !== null) breaks = withBreak(breaks, 'acked-on-min-isr', thin);
  }
  if ((!incremental || view.history !== ghost.lastHistory) && breaks['answers-match-requests'] === undefined) {
    const outOfRange = consumeAnswerOutOfRange(view, ghost.lastHistory);
    if (outOfRange !== null) breaks = withBreak(breaks, 'answers-match-requests', outOfRange);
  }
  if ((controllerChanged || view.history !== ghost.lastHistory) && breaks['controller-decisions-justified'] === undefined) {
    const unjustified = controllerDecisionUnjustified(view, previous, ghost.lastHistory);
    if (unjustified !== null) breaks = withBreak(breaks, 'controller-decisions-justified', unjustified);
  }
  let silences = ghost.silences;
  if (controllerChanged || anyBrokerChanged) {
    const plane = observeControlPlane(
      { breaks, silences },
      view,
      { controllers: controllerChanged, brokers: anyBrokerChanged },
      incremental ? previous : null,
      previous,
    );
    breaks = plane.breaks;
    silences = plane.silences;
  }
  return { lastNodes: nodes, lastHistory: view.history, leadersByEpoch, committed, committedAtStep, committedTerms, silences, breaks };
}

/**
 * Where a broker's leader epoch cache disagrees with its records, or null: the epochs increase,
 * no entry starts beyond the log end, and each record's epoch is the epoch of the last entry that
 * starts at or before its offset (Kafka's LeaderEpochFileCache is built from the epochs of the
 * records appended, plus a new leader's own epoch at its log end). OffsetsForLeaderEpoch answers
 * from this cache, so a wrong entry makes a follower truncate at the wrong offset. Only logs that
 * changed since `earlier` are checked.
 */
function epochCacheMismatch(broker: number, state: BrokerState, earlier: BrokerState | null): string | null {
  const logs = state.durable.logs;
  if (earlier !== null && earlier.durable.logs === logs) return null;
  for (let partition = 0; partition < logs.length; partition++) {
    const log = logs[partition];
    if (!log || earlier?.durable.logs[partition] === log) continue;
    const cache = log.epochCache;
    const records = log.records;
    const where = `broker ${broker}'s log of partition ${partition}`;
    for (let index = 1; index < cache.length; index++) {
      const previousEntry = cache[index - 1] as EpochEntry;
      const entry = cache[index] as EpochEntry;
      if (entry.epoch <= previousEntry.epoch || entry.startOffset < previousEntry.startOffset)
        return `${where} has epoch cache entries out of order: epoch ${previousEntry.epoch} from offset ${previousEntry.startOffset}, then epoch ${entry.epoch} from offset ${entry.startOffset}`;
    }
    const last = cache[cache.length - 1];
    if (last && last.startOffset > records.length)
      return `${where} has an epoch cache entry (epoch ${last.epoch} from offset ${last.startOffset}) beyond its ${records.length} records`;
    let covering = -1;
    for (let offset = 0; offset < records.length; offset++) {
      while (covering + 1 < cache.length && (cache[covering + 1] as EpochEntry).startOffset <= offset) covering++;
      const epoch = covering < 0 ? undefined : (cache[covering] as EpochEntry).epoch;
      const record = records[offset] as LogRecord;
      if (epoch !== record.epoch)
        return `${where} holds a record of leader epoch ${record.epoch} at offset ${offset}, but its epoch cache says ${epoch === undefined ? 'no epoch' : `epoch ${epoch}`} there`;
    }
  }
  return null;
}

/**
 * A replica whose high watermark passes its log end, or null: Kafka's high watermark is at most
 * the log end offset (Log.updateHighWatermark clamps it), whether taken from the checkpoint at a
 * restart, from a fetch response or kept across a truncation. Beyond it, offsets nobody holds
 * count as committed. Only replicas or logs that changed since `earlier` are checked.
 */
function highWatermarkBeyondLog(broker: number, state: BrokerState, earlier: BrokerState | null): string | null {
  const replicas = state.volatile.replicas;
  const logs = state.durable.logs;
  if (earlier !== null && earlier.volatile.replicas === replicas && earlier.durable.logs === logs) return null;
  for (let partition = 0; partition < replicas.length; partition++) {
    const replica = replicas[partition];
    const log = logs[partition];
    if (!replica || !log || (earlier?.volatile.replicas[partition] === replica && earlier.durable.logs[partition] === log)) continue;
    if (replica.highWatermark > log.records.length)
      return `broker ${broker}'s high watermark of partition ${partition} is ${replica.highWatermark}, beyond its log end ${log.records.length}`;
  }
  return null;
}

/** The broker part of what survived a crash (a broker's, a combined node's or a ZooKeeper-plane broker's disk). */
function brokerDurableOf(durable: unknown): BrokerDurable | null {
  const kind = (durable as { kind?: string } | null)?.kind;
  if (kind === 'broker') return durable as BrokerDurable;
  if (kind === 'combined' || kind === 'zk-broker') return (durable as { broker: BrokerDurable }).broker;
  return null;
}

/**
 * A broker's logs against log.flush.interval.messages and its disk: the fsynced prefix lies within
 * the log, fewer than the interval's records ever wait unflushed (when one is set: the flush is
 * due once that many are), and a crash keeps a prefix of the log at least as long as its fsynced
 * part, still fsynced: a power loss may lose only records that were in the page cache, a process
 * crash nothing. Only a power loss reads `flushedLength`, so nothing else notices a wrong one.
 */
function flushPromiseBroken(
  broker: number,
  slot: NodeSlot<KafkaState>,
  state: BrokerState,
  previousSlot: NodeSlot<KafkaState> | undefined,
  flushIntervalMessages: number,
): string | null {
  const logs = state.durable.logs;
  for (let partition = 0; partition < logs.length; partition++) {
    const log = logs[partition];
    if (!log) continue;
    const where = `broker ${broker}'s log of partition ${partition}`;
    // Not an integer (NaN, say) fails every comparison below: a count of records is checked as one.
    if (!Number.isInteger(log.flushedLength) || log.flushedLength < 0 || log.flushedLength > log.records.length)
      return `${where} counts ${log.flushedLength} records fsynced of its ${log.records.length}`;
    if (flushIntervalMessages > 0 && log.records.length - log.flushedLength >= flushIntervalMessages)
      return `${where} holds ${log.records.length - log.flushedLength} unflushed records, though log.flush.interval.messages is ${flushIntervalMessages}`;
  }
  // The step that took the broker down: compare what it held with what its disk kept.
  if (slot.up || !previousSlot?.up) return null;
  const kept = brokerDurableOf(slot.durableAfterCrash)?.logs;
  if (!kept) return null;
  for (let partition = 0; partition < logs.length; partition++) {
    const before = logs[partition];
    const after = kept[partition];
    if (!before || !after) continue;
    const where = `broker ${broker}'s log of partition ${partition}`;
    const length = after.records.length;
    if (length < before.flushedLength || length > before.records.length || after.records.some((record, offset) => record !== before.records[offset]))
      return `${where} held ${before.records.length} records (${before.flushedLength} fsynced) when it crashed, and its disk kept ${length} that are not a prefix of them covering the fsynced ones`;
    if (after.flushedLength < Math.min(before.flushedLength, length) || after.flushedLength > length)
      return `${where} counted ${before.flushedLength} records fsynced when it crashed, and ${after.flushedLength} of the ${length} its disk kept`;
  }
  return null;
}

/**
 * A produce a leader held in its purgatory in the previous world and holds no more, although the
 * broker is up in the same incarnation, and that has no answer: a leader lets go of a waiting
 * producer only by answering it (success once the HW passes its record, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
 * or NOT_LEADER_OR_FOLLOWER when it loses leadership). A client that is never answered retries
 * elsewhere and `operations-complete` is content: only this property sees the leader that dropped it.
 */
function unansweredDrop(mode: ObserveMode, previous: readonly NodeSlot<KafkaState>[], view: View): string | null {
  const nodes = view.nodes;
  for (let broker = 0; broker < view.config.brokerCount && broker < nodes.length; broker++) {
    const slot = nodes[broker] as NodeSlot<KafkaState>;
    const before = previous[broker];
    if (!slot.up || !before?.up || (mode === 'incremental' && before === slot)) continue;
    const earlier = brokerOf(before);
    const later = brokerOf(slot);
    if (!earlier || !later || earlier.durable.incarnation !== later.durable.incarnation) continue;
    const replicas = earlier.volatile.replicas;
    for (let partition = 0; partition < replicas.length; partition++) {
      const role = replicas[partition]?.role;
      if (role?.kind !== 'leader' || role.purgatory.length === 0) continue;
      const now = later.volatile.replicas[partition]?.role;
      const kept = now?.kind === 'leader' ? now.purgatory : [];
      if (kept === role.purgatory) continue;
      for (const pending of role.purgatory) {
        if (view.history[pending.operationId]?.reply !== null || kept.some((held) => held.operationId === pending.operationId)) continue;
        return `broker ${broker} let go of produce #${pending.operationId} (waiting in partition ${partition}'s purgatory for the high watermark to pass offset ${pending.offset}) without answering it`;
      }
    }
  }
  return null;
}

/**
 * Where a leader's purgatory is not one answer owed per produce, or null: only acks=all produces
 * wait, each for its own record in the leader's log (that producer's, with the produce's sequence)
 * at or above the high watermark (`advanceHighWatermark` answers every one it passes in the same
 * step), and with enable.idempotence each produce waits once, so it is answered once. A retry of a
 * record already in the log but not yet committed joins the purgatory only if the first attempt
 * does not wait there already; without idempotence a retry is a new record at a new offset (Kafka
 * appends it again), and both attempts wait. The simulator keeps a client's first answer only, so
 * a second answer, or an answer owed for the wrong record, shows only here. Added when mutation
 * testing found such leaders surviving every property (docs/mutation.md, 2026-12-01 afternoon).
 */
function purgatoryMisfiled(
  view: View,
  broker: number,
  partition: number,
  replica: ReplicaState,
  log: PartitionLog | null | undefined,
): string | null {
  if (replica.role.kind !== 'leader') return null;
  const purgatory = replica.role.purgatory;
  if (purgatory.length === 0) return null;
  const where = `leader ${broker} of partition ${partition}`;
  const acks = acksOf(view.config);
  if (acks !== 'all') return `${where} holds produce #${(purgatory[0] as PendingProduce).operationId} in its purgatory although acks=${acks}`;
  for (const [index, pending] of purgatory.entries()) {
    if (pending.offset < replica.highWatermark)
      return `${where} still holds produce #${pending.operationId} in its purgatory for offset ${pending.offset}, below its high watermark ${replica.highWatermark}`;
    const record = log?.records[pending.offset];
    const clientId = view.history[pending.operationId]?.clientId;
    if (!record || record.producerId !== clientId || record.sequence !== pending.operationId)
      return `${where} holds produce #${pending.operationId} in its purgatory for offset ${pending.offset}, where its log has ${record ? describeRecord(record) : 'no record'}`;
    if (view.config.enableIdempotence && purgatory.findIndex((other) => other.operationId === pending.operationId) !== index)
      return `${where} holds produce #${pending.operationId} in its purgatory twice (enable.idempotence): it would answer it twice`;
  }
  return null;
}

/**
 * A produce answered with an offset in this step whose record fewer brokers hold at that offset
 * than its acks promise (disks of crashed brokers count): min.insync.replicas with acks=all, the
 * leader itself with acks=1 (an acks=1 answer may be lost later, with the leader, but it is given
 * only for a record the leader has appended). acks=0 answers carry no offset.
 */
function ackedOnTooFewReplicas(view: View, before: readonly HistoryEntry<Operation, Output>[] | null): string | null {
  const acks = acksOf(view.config);
  if (acks === '0') return null;
  const required = acks === 'all' ? view.config.minInsyncReplicas : 1;
  for (let index = view.history.length - 1; index >= 0; index--) {
    const entry = view.history[index] as HistoryEntry<Operation, Output>;
    if (entry === before?.[index]) continue;
    const output = entry.reply?.outcome === 'ok' ? entry.reply.output : null;
    if (output?.type !== 'produce' || output.offset === null) continue;
    const offset = output.offset;
    const holders = view.nodes.flatMap((slot, broker) => {
      const record = brokerOf(slot)?.durable.logs[output.partition]?.records[offset];
      return record && record.producerId === entry.clientId && record.sequence === entry.operationId ? [broker] : [];
    });
    if (holders.length >= required) continue;
    const promised = acks === 'all' ? `min.insync.replicas=${view.config.minInsyncReplicas}` : 'the leader alone';
    return `produce #${entry.operationId} was acknowledged (acks=${acks}) at offset ${offset} of partition ${output.partition}, but only broker(s) [${holders.join(',')}] hold it, fewer than ${promised}`;
  }
  return null;
}

/** The simulator's suffix of a refusal it made unknown because an earlier attempt went unanswered (src/core/simulator.ts). */
const earlierAttemptUnanswered = '(an earlier attempt went unanswered)';

/** Whether `records` are exactly the log's records from `fromOffset` up to the high watermark (none from it or beyond). */
function readsUpToHighWatermark(log: PartitionLog, fromOffset: number, highWatermark: number, records: readonly LogRecord[]): boolean {
  const end = Math.max(fromOffset, highWatermark);
  if (records.length !== end - fromOffset) return false;
  return records.every((record, index) => sameRecord(log.records[fromOffset + index], record));
}

/** The Kafka error codes a consume may be refused with (Fetch API): a consumer acts on the code. */
const consumeErrorCodes: readonly string[] = ['OFFSET_OUT_OF_RANGE', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION'];

/**
 * A consume answered in this step against the log it was read from, or null. Kafka's Fetch API
 * refuses an offset beyond the leader's log end with OFFSET_OUT_OF_RANGE (the consumer then resets
 * its position) and answers an offset up to it, the log end itself included, with the records
 * there (none at the end): so an ok answer needs a broker acting as the partition's leader whose
 * log reaches the offset and which holds exactly the answer's records from there up to its high
 * watermark (a read returns what the leader has committed, not less), an OFFSET_OUT_OF_RANGE one a
 * leader whose log ends before it (a consume never changes its leader's state, so the answering
 * leader is in this world as it answered), and any refusal names a code a consumer acts on (or says
 * the node was down, or that a ZooKeeper server is no broker) and is certain: a read changes nothing,
 * so its refusal is a failure, not an unknown outcome (unless the simulator says an earlier attempt
 * went unanswered).
 */
function consumeAnswerOutOfRange(view: View, before: readonly HistoryEntry<Operation, Output>[] | null): string | null {
  for (let index = view.history.length - 1; index >= 0; index--) {
    const entry = view.history[index] as HistoryEntry<Operation, Output>;
    if (entry === before?.[index]) continue;
    const operation = entry.operation;
    const reply = entry.reply;
    if (reply === null || operation.type !== 'consume') continue;
    const ok = reply.outcome === 'ok';
    const error = ok ? '' : reply.error;
    const code = error.slice(0, Math.max(0, error.indexOf(':')));
    // Besides the codes: the simulator's own refusal (the client found the node down), and a ZooKeeper server's (no broker).
    if (!ok && !consumeErrorCodes.includes(code) && !/^node \d+ is down/.test(error) && !error.startsWith('not a broker'))
      return `consume #${entry.operationId} (${describeOperation(operation)}) was refused with "${error}", which names no error code a consumer acts on`;
    if (reply.outcome === 'unknown' && !error.endsWith(earlierAttemptUnanswered))
      return `consume #${entry.operationId} (${describeOperation(operation)}) was refused with an unknown outcome ("${error}"): a read changes nothing, so its refusal is certain`;
    if (!ok && code !== 'OFFSET_OUT_OF_RANGE') continue;
    const records = reply.outcome === 'ok' && reply.output.type === 'consume' ? reply.output.records : [];
    const leaderLogEnds = view.nodes.flatMap((slot, broker) => {
      const state = slot.up ? brokerOf(slot) : null;
      const log = state?.durable.logs[operation.partition];
      const replica = state?.volatile.replicas[operation.partition];
      return replica?.role.kind === 'leader' && log ? [{ broker, end: log.records.length, log, highWatermark: replica.highWatermark }] : [];
    });
    const within = leaderLogEnds.some(({ end, log, highWatermark }) =>
      ok ? operation.fromOffset <= end && readsUpToHighWatermark(log, operation.fromOffset, highWatermark, records) : operation.fromOffset > end,
    );
    if (within) continue;
    const ends = leaderLogEnds.map(({ broker, end }) => `broker ${broker}'s ends at ${end}`).join(', ') || 'no broker leads it';
    const reaches = leaderLogEnds.some(({ end }) => operation.fromOffset <= end);
    return ok
      ? reaches
        ? `consume #${entry.operationId} from offset ${operation.fromOffset} of partition ${operation.partition} was answered with ${records.length} record(s), but no leader holds exactly those up to its high watermark (${ends})`
        : `consume #${entry.operationId} from offset ${operation.fromOffset} of partition ${operation.partition} was answered ok, but no leader's log reaches that offset (${ends}): Kafka answers OFFSET_OUT_OF_RANGE`
      : `consume #${entry.operationId} from offset ${operation.fromOffset} of partition ${operation.partition} was refused as OFFSET_OUT_OF_RANGE, but no leader's log ends before that offset (${ends})`;
  }
  return null;
}

export const kafkaGhost = {
  init: (config: KafkaConfig): KafkaGhost => initGhost(config),
  observe: observeGhost,
};

/** The broker the controller names leader of `partition`, if it is up and acts as leader. */
function servingLeader(view: View, partition: number): { broker: number; state: BrokerState } | string {
  const registration = metadataOf(view)?.partitions[partition];
  if (!registration) return `the controller knows no partition ${partition}`;
  if (registration.leader === null) return `partition ${partition} has no leader (ISR [${registration.isr.join(',')}])`;
  const state = brokerOf(view.nodes[registration.leader]);
  if (!view.nodes[registration.leader]?.up || !state) return `leader ${registration.leader} of partition ${partition} is down`;
  return { broker: registration.leader, state };
}

/**
 * The brokers whose log on disk holds a record `matches` accepts at `offset` of `partition`. A
 * partition left without a serving leader after the liveness phase is unavailable, not yet lossy,
 * while one of these still has the record: `isr-recovers` reports that, and the durability
 * properties only a record no broker holds any more.
 */
function brokersHolding(view: View, partition: number, offset: number, matches: (record: LogRecord) => boolean): number[] {
  return view.nodes.flatMap((slot, node) => {
    const record = brokerOf(slot)?.durable.logs[partition]?.records[offset];
    return record !== undefined && matches(record) ? [node] : [];
  });
}

type Acknowledged = HistoryEntry<Operation, Output> & { reply: { outcome: 'ok'; output: Output } };

function acknowledgedEntries(history: readonly HistoryEntry<Operation, Output>[]): Acknowledged[] {
  return history.filter((entry): entry is Acknowledged => entry.reply?.outcome === 'ok');
}

const noAckedWriteLost: Property = {
  description:
    'after the liveness phase, every record acknowledged to a producer is readable from the partition leader at the offset it was acknowledged at (a partition left without a leader breaks this only once no broker holds the record any more; until then it is unavailable, which isr-recovers reports)',
  when: 'end',
  check(view) {
    for (const entry of acknowledgedEntries(view.history)) {
      const output = entry.reply.output;
      if (output.type !== 'produce' || output.offset === null || entry.operation.type !== 'produce') continue;
      const leader = servingLeader(view, output.partition);
      const what = `acknowledged record #${entry.operationId} (produce ${entry.operation.value}, offset ${output.offset}, acknowledged at step ${entry.completedAtStep})`;
      if (typeof leader === 'string') {
        const isTheRecord = (record: LogRecord): boolean => record.producerId === entry.clientId && record.sequence === entry.operationId;
        if (brokersHolding(view, output.partition, output.offset, isTheRecord).length > 0) continue;
        return `${what} is lost: no broker holds it at offset ${output.offset} any more, and ${leader}`;
      }
      const log = leader.state.durable.logs[output.partition];
      const replica = leader.state.volatile.replicas[output.partition];
      if (!log || !replica) return `${what} cannot be read: leader ${leader.broker} does not host partition ${output.partition}`;
      const record = log.records[output.offset];
      if (!record || record.producerId !== entry.clientId || record.sequence !== entry.operationId) {
        return (
          `${what} is lost: leader ${leader.broker} (epoch ${replica.leaderEpoch}) has ${record ? describeRecord(record) : 'nothing'} at offset ${output.offset} ` +
          `(log ${logText(log.records, log.records.length)})`
        );
      }
      if (output.offset >= replica.highWatermark) {
        return `${what} is not readable: leader ${leader.broker}'s high watermark is ${replica.highWatermark} after the liveness phase`;
      }
    }
    return null;
  },
};

const consumedDataReadable: Property = {
  description:
    'two reads never disagree about an offset, and after the liveness phase every record a consumer read is still readable at its offset (a consume returns consecutive offsets by construction, so a gap shows as a record vanishing from under them; a partition left without a leader breaks this only once no broker holds the record any more)',
  when: 'end',
  check(view) {
    const seen = new Map<string, { record: LogRecord; operationId: number }>();
    for (const entry of acknowledgedEntries(view.history)) {
      const output = entry.reply.output;
      if (output.type !== 'consume') continue;
      for (const [index, record] of output.records.entries()) {
        const offset = output.fromOffset + index;
        const key = `${output.partition}:${offset}`;
        const earlier = seen.get(key);
        if (earlier && !sameRecord(earlier.record, record)) {
          return `consumers disagree about offset ${offset} of partition ${output.partition}: #${earlier.operationId} read ${describeRecord(earlier.record)}, #${entry.operationId} read ${describeRecord(record)}`;
        }
        seen.set(key, { record, operationId: entry.operationId });
      }
    }
    for (const [key, { record, operationId }] of seen) {
      const [partitionText, offsetText] = key.split(':');
      const partition = Number(partitionText);
      const offset = Number(offsetText);
      const leader = servingLeader(view, partition);
      const what = `${describeRecord(record)}, which consumer read #${operationId} saw at offset ${offset} of partition ${partition},`;
      if (typeof leader === 'string') {
        if (brokersHolding(view, partition, offset, (held) => sameRecord(held, record)).length > 0) continue;
        return `${what} is gone: no broker holds it there any more, and ${leader}`;
      }
      const log = leader.state.durable.logs[partition];
      const replica = leader.state.volatile.replicas[partition];
      if (!log || !replica) continue;
      if (!sameRecord(log.records[offset], record) || offset >= replica.highWatermark) {
        const now = log.records[offset];
        return `${what} is gone: leader ${leader.broker} has ${now ? describeRecord(now) : 'nothing'} there (high watermark ${replica.highWatermark})`;
      }
    }
    return null;
  },
};

/**
 * The append-only log a Kafka partition promises: an append returns its offset; a read from an
 * offset returns the records from there up to the high watermark at some moment during the read.
 * The HW of a new leader (or of a deposed leader that has not heard yet) can lag the true one, so
 * a read may return a prefix of the log rather than all of it, but never a record that is not in
 * the log at that offset. Appends are checked exactly as by `append-log`.
 */
export const prefixReadLogModel: LinearizabilityModel<AppendLogState, AppendLogInput, AppendLogOutput> = {
  ...appendLogModel,
  name: 'append-log (reads up to the high watermark)',
  step(state, input, output) {
    if (input.type === 'append' || output === null || output.type !== 'read') return appendLogModel.step(state, input, output);
    const records = output.records;
    const end = Math.max(0, input.fromOffset) + records.length;
    if (records.length > 0 && end > state.length) return [];
    // Walk back from the log end to the last record read, then compare backwards.
    let node: AppendLogState | null = state;
    while (node !== null && node.length > end) node = node.previous;
    for (let index = records.length - 1; index >= 0; index--) {
      if (node === null || node.last !== records[index]) return [];
      node = node.previous;
    }
    return [state];
  },
};

function recordName(producerId: number, sequence: number): string {
  return `#${sequence}/${producerId}`;
}

export function toAppendLog(history: readonly HistoryEntry<Operation, Output>[]) {
  return operationsForChecking(history).map((operation) => {
    const input = operation.input;
    const output = operation.output;
    const appendInput: AppendLogInput =
      input.type === 'produce'
        ? { type: 'append', value: recordName(operation.clientId, operation.id), partition: input.partition }
        : { type: 'read', fromOffset: input.fromOffset, partition: input.partition };
    let appendOutput: AppendLogOutput | null = null;
    if (output?.type === 'produce' && output.offset !== null) appendOutput = { type: 'append', offset: output.offset };
    if (output?.type === 'consume') {
      appendOutput = { type: 'read', records: output.records.map((record) => recordName(record.producerId, record.sequence)) };
    }
    return { ...operation, input: appendInput, output: appendOutput, return: appendOutput === null ? null : operation.return };
  });
}

/**
 * The same history with every record no read returned renamed to one shared name. Reads compare
 * records by name only, and no read names such a record, so every comparison comes out as before:
 * the history is linearizable exactly when the original is. But appends of unread records (retried
 * produces that were never answered, above all) now leave equal logs in whatever order they are
 * tried, so the search visits each such log once instead of once per order: histories of a dozen
 * operations, most of them pending, used to exhaust the 200,000-configuration budget (half a second,
 * verdict unknown) and now take a few thousand.
 */
export function withUnreadRecordsMerged(operations: readonly AppendLogOperation[]): AppendLogOperation[] {
  const read = new Set<string>();
  for (const operation of operations) {
    if (operation.output?.type === 'read') for (const record of operation.output.records) read.add(record);
  }
  return operations.map((operation) =>
    operation.input.type === 'append' && !read.has(operation.input.value)
      ? { ...operation, input: { ...operation.input, value: unreadRecordName } }
      : operation,
  );
}

/** Not `#sequence/producer` like every real record's name, so no read can return it. */
const unreadRecordName = 'unread';

type AppendLogOperation = ReturnType<typeof toAppendLog>[number];

/**
 * Verdicts other than a violation by the checked operations' JSON (`toAppendLog`: numbers, strings
 * and null), for `linearizableVerdict`. Exploration checks the end of tens of thousands of liveness
 * phases, and their histories repeat: a dozen operations at most, from a small alphabet. Bounded:
 * emptied when full.
 */
const unviolatedVerdicts = new Map<string, 'linearizable' | 'unknown'>();
const unviolatedVerdictsMax = 1 << 14;

/** The message when the history is not linearizable, null when it is, undefined when a search ran out of budget. */
function linearizableVerdict(view: View): string | null | undefined {
  const operations = toAppendLog(view.history);
  if (operations.length === 0) return null;
  // The verdict is the operations' alone (the checker reads nothing else): one already found
  // linearizable or out of budget is not searched again.
  const text = JSON.stringify(operations);
  const known = unviolatedVerdicts.get(text);
  if (known !== undefined) return known === 'linearizable' ? null : undefined;
  const budget = { maxExploredConfigurations: 200_000 };
  // The merged history searches a subset of the original's configurations, in the same order, so
  // when it finds a linearization or runs out the original would say linearizable or unknown
  // too: only a violation is searched for again, in the original, for the report's words.
  const merged = checkLinearizability(prefixReadLogModel, withUnreadRecordsMerged(operations), budget).verdict;
  if (merged !== 'not-linearizable') {
    if (unviolatedVerdicts.size >= unviolatedVerdictsMax) unviolatedVerdicts.clear();
    unviolatedVerdicts.set(text, merged === 'linearizable' ? 'linearizable' : 'unknown');
    return merged === 'linearizable' ? null : undefined;
  }
  const result = checkLinearizability(prefixReadLogModel, operations, budget);
  if (result.verdict === 'linearizable') return null;
  if (result.verdict !== 'not-linearizable' || !result.failure) return undefined;
  const describe = (id: number): string => {
    const entry = view.history[id];
    if (!entry) return `#${id}`;
    const outcome =
      entry.reply === null ? 'pending' : entry.reply.outcome === 'ok' ? describeOutputText(entry.reply.output) : `${entry.reply.outcome}`;
    return `#${id} ${describeOperation(entry.operation)} -> ${outcome}`;
  };
  const stuck = result.failure.unplaceable.slice(0, 3).map(describe).join('; ');
  return `no order of the operations explains what clients saw: after ${result.failure.longestPrefix.length} operations the log is ${result.failure.stateAfterPrefix}, and none of these can come next: ${stuck}`;
}

/**
 * Checked once, after the progress probe, unless it fails or is not proven there (then on the
 * world before the probe too): a history linearizable with the probe's operations (invoked after
 * every earlier one ended) is linearizable without them. See `provenAfterProbe`.
 */
const linearizable: Property = {
  description:
    'the produce/consume history is linearizable against an append-only log whose reads return the records from an offset up to the high watermark',
  when: 'end',
  check: provenAfterProbe((view: View): string | null => linearizableVerdict(view) ?? null, linearizableVerdict),
};

/**
 * The other end properties read an answer only when it has the expected shape (a produce's
 * offset, a consume's records), so an `ok` carrying anything else would pass them all.
 */
const answersMatchRequests: Property = {
  description:
    "every ok answer is of its request's kind and partition: a produce's carries its offset (none, and only, with acks=0), a consume's the records from the offset asked; NOT_ENOUGH_REPLICAS refuses only acks=all produces; a consume is answered ok only from an offset within its leader's log (its end included), with exactly that leader's records up to its high watermark, and refused as OFFSET_OUT_OF_RANGE only beyond it, and a refused consume names the error code a consumer acts on and is certain (a read changes nothing)",
  when: 'end',
  check(view) {
    // The consume answers checked against the leader's log as they were given (the ghost, step by step).
    const recorded = recordedByGhost(view, 'answers-match-requests');
    if (recorded !== null) return recorded;
    const acks = acksOf(view.config);
    for (const entry of view.history) {
      const reply = entry.reply;
      if (reply === null) continue;
      const operation = entry.operation;
      if (reply.outcome !== 'ok') {
        // min.insync.replicas binds acks=all produces only: Kafka never refuses an acks=0 or acks=1 produce for a small ISR.
        if (acks !== 'all' && reply.error.startsWith('NOT_ENOUGH_REPLICAS'))
          return `#${entry.operationId} ${describeOperation(operation)} was refused with ${reply.error} although acks=${acks}`;
        continue;
      }
      const output = reply.output;
      // Written out only for a report: serialising every answer was a visible cost of every run.
      const what = (): string => `#${entry.operationId} ${describeOperation(operation)} was answered ok with ${JSON.stringify(output)}`;
      if (output?.type !== operation.type || output.partition !== operation.partition) return `${what()}: not an answer to it`;
      // With acks=0 the producer is answered before any broker has the record: no offset (Kafka's -1).
      if (output.type === 'produce' && (acks === '0' ? output.offset !== null : !Number.isInteger(output.offset)))
        return `${what()}: ${acks === '0' ? 'an offset, although acks=0' : 'no offset'}`;
      if (output.type === 'consume' && (operation.type !== 'consume' || output.fromOffset !== operation.fromOffset || !Array.isArray(output.records)))
        return `${what()}: not the records from offset ${operation.type === 'consume' ? operation.fromOffset : '?'}`;
    }
    return null;
  },
};

function describeOutputText(output: Output): string {
  if (output.type === 'produce') return output.offset === null ? 'sent' : `offset ${output.offset}`;
  return `[${output.records.map((record) => `#${record.sequence}`).join(' ')}] from ${output.fromOffset}`;
}

/**
 * Why the cluster has not settled yet, or null once every broker is up and, for every partition,
 * the controller's leader (the preferred replica, with auto.leader.rebalance.enable) leads its
 * epoch with the controller's ISR and nothing pending, every replica is back in the ISR, and every
 * replica holds the leader's whole log, all of it below the high watermark.
 */
export function kafkaUnsettled(view: View): string | null {
  const controller = metadataOf(view);
  if (!controller) return 'no controller';
  const down = view.nodes.findIndex((slot) => !slot.up);
  if (down >= 0) return `node ${down} is down`;
  for (const [partition, registration] of controller.partitions.entries()) {
    const name = `partition ${partition}`;
    if (registration.leader === null) return `${name} has no leader`;
    if (registration.isr.length !== registration.replicas.length)
      return `${name}'s ISR is [${registration.isr.join(',')}] of replicas [${registration.replicas.join(',')}]`;
    const preferred = registration.replicas[0];
    if (view.config.autoLeaderRebalanceEnable && preferred !== undefined && registration.leader !== preferred)
      return `${name} is led by broker ${registration.leader}, not by its preferred replica ${preferred} (auto.leader.rebalance.enable)`;
    const leaderState = brokerOf(view.nodes[registration.leader]);
    const leader = leaderState?.volatile.replicas[partition];
    const leaderLog = leaderState?.durable.logs[partition];
    if (!leader || !leaderLog || leader.role.kind !== 'leader' || leader.leaderEpoch !== registration.leaderEpoch) {
      return `broker ${registration.leader} does not act as ${name}'s leader in epoch ${registration.leaderEpoch}`;
    }
    if (leader.role.pendingIsr !== null) return `${name}'s leader still waits for an ISR change`;
    if (leader.partitionEpoch !== registration.partitionEpoch || leader.isr.join(',') !== registration.isr.join(','))
      return `broker ${registration.leader} leads ${name} with ISR [${leader.isr.join(',')}] (partition epoch ${leader.partitionEpoch}), not the controller's [${registration.isr.join(',')}] (partition epoch ${registration.partitionEpoch})`;
    if (leader.role.purgatory.length > 0)
      return `${name}'s leader never answered ${leader.role.purgatory.length} produce request(s) waiting for replication`;
    const end = leaderLog.records.length;
    if (leader.highWatermark !== end) return `${name}'s high watermark is ${leader.highWatermark} of the leader's ${end} records`;
    for (const replica of registration.replicas) {
      const state = brokerOf(view.nodes[replica]);
      const follower = state?.volatile.replicas[partition];
      if (!state || !follower || follower.leaderEpoch !== registration.leaderEpoch)
        return `broker ${replica} is not in ${name}'s epoch ${registration.leaderEpoch}`;
      const length = state.durable.logs[partition]?.records.length;
      if (length !== end) return `broker ${replica} holds ${length ?? 0} of ${name}'s ${end} records`;
    }
  }
  return null;
}

/**
 * Liveness of replication itself: with min.insync.replicas met, writes go on even when followers
 * stopped fetching or the ISR never re-expands, and `operations-complete` accepts a failure
 * answer; this property does not. Leadership returning to the preferred replica is Kafka's
 * promise of auto.leader.rebalance.enable (the ZooKeeper controller once lost its periodic check
 * when the reads took more than one tick). Found by mutation testing (docs/mutation.md).
 */
const isrRecovers: Property = {
  category: 'liveness',
  description:
    "after healing and restarting every broker, every replica catches up and rejoins the ISR, each leader holds the control plane's ISR and answers every waiting producer, and with auto.leader.rebalance.enable each partition is led by its preferred replica again, within the bounded liveness phase",
  when: 'end',
  check: (view) => {
    const problem = kafkaUnsettled(view);
    return problem === null ? null : `the cluster did not settle after healing: ${problem}`;
  },
};

/**
 * The idempotent producer's promise (enable.idempotence, KIP-98): each producer's records appear in
 * a partition's log once each, in the order it sent them. The leader refuses a batch older than one
 * of the same producer already in its log (OUT_OF_ORDER_SEQUENCE_NUMBER) and answers a retry of one
 * it holds with that offset; `linearizable` sees a repeated or reordered record only when a consumer
 * reads it. A client's operation ids are its sequence numbers (one request outstanding at a time).
 * Added when mutation testing found a leader that appends an older batch after a newer one
 * surviving every other property (docs/mutation.md).
 */
const producerOrderKept: Property = {
  description:
    "with enable.idempotence, after the liveness phase each producer's records appear in every partition leader's log once each and in the order it sent them (a retry is never appended twice, an older batch never after a newer one)",
  when: 'end',
  check(view) {
    if (!view.config.enableIdempotence) return null;
    for (let partition = 0; partition < view.config.partitionCount; partition++) {
      const leader = servingLeader(view, partition);
      if (typeof leader === 'string') continue;
      const records = leader.state.durable.logs[partition]?.records ?? [];
      const latest = new Map<number, number>();
      for (const [offset, record] of records.entries()) {
        const before = latest.get(record.producerId);
        if (before !== undefined && before >= record.sequence)
          return `leader ${leader.broker} of partition ${partition} has ${describeRecord(record)} at offset ${offset}, after the same producer's #${before}`;
        latest.set(record.producerId, record.sequence);
      }
    }
    return null;
  },
};

/**
 * What the control plane still owes a cluster that lost brokers for good, read off its decided
 * metadata, or null when it has done it all: in ZooKeeper mode a live broker acting as the
 * controller (a dead controller's /controller goes with its session, and another broker must notice
 * and take it), no partition led by a down broker or keeping one in
 * its ISR beside a live member (a dead broker leaves every ISR it is not the last member of), every
 * partition with a live ISR member (any live replica, with unclean.leader.election.enable) led by
 * one that acts as its leader in the decided leader epoch, one with none offline (no leader), and
 * every live broker unfenced (a KRaft broker whose controller stays dead must find the active one).
 */
export function failoverOwed(view: View): string | null {
  const metadata = metadataOf(view);
  if (!metadata) return 'the control plane has decided no metadata';
  const up = (broker: number): boolean => view.nodes[broker]?.up === true;
  const listed = (brokers: readonly number[]): string => `broker${brokers.length === 1 ? '' : 's'} ${brokers.join(', ')}`;
  if (
    isZookeeper(view.config) &&
    !view.nodes.some((slot) => slot.up && slot.state.durable.kind === 'zk-broker' && (slot.state as ZkBrokerState).volatile.zk.controller !== null)
  )
    return 'no live broker acts as the controller (holds /controller)';
  for (const [partition, registration] of metadata.partitions.entries()) {
    const name = `partition ${partition}`;
    const { leader, isr, leaderEpoch } = registration;
    const eligible = (view.config.uncleanLeaderElectionEnable ? registration.replicas : isr).filter(up);
    const downInIsr = isr.filter((member) => !up(member));
    if (eligible.length === 0) {
      if (leader !== null)
        return `${name} is still led by broker ${leader}, which is down, and no replica that may lead it is up: it should be offline (no leader)`;
      if (isr.length > 1) return `${name} is offline, but its ISR [${isr.join(',')}] still holds more than the last of its down members`;
      continue;
    }
    if (leader === null) return `${name} has no leader, though ${listed(eligible)} may lead it and ${eligible.length === 1 ? 'is' : 'are'} up`;
    if (!up(leader))
      return `${name} is still led by broker ${leader}, which is down, though ${listed(eligible)} may lead it and ${eligible.length === 1 ? 'is' : 'are'} up`;
    const replica = brokerOf(view.nodes[leader])?.volatile.replicas[partition];
    if (replica?.role.kind !== 'leader' || replica.leaderEpoch !== leaderEpoch)
      return `broker ${leader}, the control plane's leader of ${name} in leader epoch ${leaderEpoch}, does not act as its leader`;
    if (downInIsr.length > 0) return `${name}'s ISR [${isr.join(',')}] still holds down ${listed(downInIsr)} beside its live leader ${leader}`;
  }
  const fenced = metadata.brokers.flatMap((broker, id) => (up(id) && !broker.alive ? [id] : []));
  if (fenced.length > 0)
    return `${listed(fenced)} ${fenced.length === 1 ? 'is' : 'are'} up but fenced in the decided metadata (never registered again)`;
  return null;
}

/**
 * Failover with brokers lost for good (the degraded phase, `LivenessPlan.degraded`): the control
 * plane's failure detection (a broker's heartbeats, or its ZooKeeper session and ephemeral
 * registration) must see a dead broker and move its leaderships and ISR memberships off it while
 * it stays down. The liveness phase restarts every broker, which hides a detector that never fires.
 * Found by mutation testing of zookeeper.ts (docs/mutation.md).
 */
const recoversWithBrokersDown: Property = {
  category: 'liveness',
  description:
    'with crashed brokers left down (the degraded phase: the network healed, every other node restarted but KRaft controllers outside the brokers, a minority of which stays down too), within its bounded rounds the control plane moves every leadership and ISR membership off them: each partition with a live ISR member (any live replica, with unclean.leader.election.enable) is led by one that acts as its leader, a down broker stays in no ISR beside a live member, a partition with no such replica is offline (no leader), every live broker is unfenced, and on ZooKeeper a live broker acts as the controller',
  when: 'degraded-end',
  check(view) {
    const owed = failoverOwed(view);
    return owed === null ? null : `the cluster did not recover without its down brokers: ${owed}`;
  },
};

/** Every Kafka property, in the order they are checked. */
export const kafkaProperties: { readonly [Name in KafkaProperty]: Property } = {
  'epochs-durable': {
    when: 'every-step',
    description:
      "a broker's epoch (incarnation) and the controller's leader and partition epochs never go back, across crashes and restarts included, nor, within one life of a broker, the leader and partition epochs it acts on",
    check: recordedByGhost,
  },
  'one-leader-per-epoch': {
    when: 'every-step',
    description: 'at most one broker acts as leader of a partition in any leader epoch',
    check: recordedByGhost,
  },
  'leader-in-isr': {
    when: 'every-step',
    description: "the controller's leader of each partition is in its ISR, and every acting leader counts itself in its ISR",
    check: recordedByGhost,
  },
  'replica-consistency': {
    when: 'every-step',
    description: "StrongIsr: every member of the controller's ISR holds exactly the records the elected leader has below its high watermark",
    check: recordedByGhost,
  },
  'committed-data-stable': {
    when: 'every-step',
    description:
      "a record that was below a leader's high watermark (readable by consumers) is never replaced at its offset, and an acting leader's high watermark never goes back within its leader epoch",
    check: recordedByGhost,
  },
  'metadata-committed-prefix': {
    when: 'every-step',
    description:
      'KRaft: the metadata a broker has applied is a prefix of the committed metadata log: it never applies an entry the quorum has not committed; ZooKeeper: the partition state a broker acts on is never ahead of the committed /state',
    check: recordedByGhost,
  },
  'controller-epoch-monotonic': {
    when: 'every-step',
    description:
      'KRaft: a broker never applies metadata of an older controller epoch than metadata it has already applied; ZooKeeper: a broker never obeys a LeaderAndIsr of an older controller epoch than one it has obeyed',
    check: recordedByGhost,
  },
  'acked-on-min-isr': {
    when: 'every-step',
    description:
      'acks=all: a produce is acknowledged only once at least min.insync.replicas replicas hold its record (the durability min.insync.replicas promises); acks=1: only once the leader holds it',
    check: recordedByGhost,
  },
  'controller-decisions-justified': {
    when: 'every-step',
    description:
      "the abstract controller moves a partition's leadership only from a fenced or restarted leader, from none, or (auto.leader.rebalance.enable) to the preferred replica at a preferred-leader check; it fences a broker only after its session timed out, a heartbeat renews its sender's session alone, one it answers renews it, and a fenced broker's heartbeat registers it; a broker joins an ISR only while registered and unfenced (KIP-841); a client's request sent to it is answered or passed on unanswered to the leader; and a request is refused as LEADER_NOT_AVAILABLE only while the partition has no leader, as UNKNOWN_TOPIC_OR_PARTITION only for a partition that does not exist",
    check: recordedByGhost,
  },
  'waiting-producers-answered': {
    when: 'every-step',
    description:
      "a leader lets go of an acks=all produce waiting for replication (its purgatory) only by answering it, unless it crashes: with success, NOT_ENOUGH_REPLICAS_AFTER_APPEND, or NOT_LEADER_OR_FOLLOWER when it loses leadership; and it owes one answer per waiting produce: only acks=all produces wait, each for its own record in the leader's log at or above the high watermark, and with enable.idempotence each produce waits once (a retry never joins its first attempt)",
    check: recordedByGhost,
  },
  'epoch-cache-matches-log': {
    when: 'every-step',
    description:
      "every replica's leader epoch cache agrees with its log: epochs increase, no entry starts beyond the log end, and each record's epoch is that of the last entry starting at or before its offset (OffsetsForLeaderEpoch answers from it); and its high watermark never passes its log end",
    check: recordedByGhost,
  },
  'flush-promise-kept': {
    when: 'every-step',
    description:
      "log.flush.interval.messages is kept: fewer than that many records of a replica's log are ever unflushed, and a crash loses only unflushed records (a power loss may drop the page cache, never an fsynced record)",
    check: recordedByGhost,
  },
  'no-acked-write-lost': noAckedWriteLost,
  'consumed-data-readable': consumedDataReadable,
  linearizable,
  'answers-match-requests': answersMatchRequests,
  'operations-complete': allOperationsComplete(describeOperation),
  'isr-recovers': isrRecovers,
  'producer-order-kept': producerOrderKept,
  'recovers-with-brokers-down': recoversWithBrokersDown,
  'one-active-controller-per-epoch': {
    when: 'every-step',
    description: controlPlanePropertyDescriptions['one-active-controller-per-epoch'],
    check: recordedByGhost,
  },
  'metadata-log-monotonic': {
    when: 'every-step',
    description: controlPlanePropertyDescriptions['metadata-log-monotonic'],
    check: recordedByGhost,
  },
  'metadata-applied-in-order': {
    when: 'every-step',
    description: controlPlanePropertyDescriptions['metadata-applied-in-order'],
    check: recordedByGhost,
  },
  'broker-session-expires': { when: 'every-step', description: controlPlanePropertyDescriptions['broker-session-expires'], check: recordedByGhost },
  'leader-moves-for-cause': { when: 'every-step', description: controlPlanePropertyDescriptions['leader-moves-for-cause'], check: recordedByGhost },
  // Last: when the probe fails, a more specific end property usually explains why.
  'makes-progress': makesProgress(describeOperation),
};

type Goal = SometimesDefinition<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;

/**
 * Whether `changed` holds for some broker that is up in both views, in the same life, and whose
 * state the step changed: the goals about a leader's own decisions compare it with its state just before.
 */
function sameLifeBrokerChange(previous: View, next: View, changed: (later: BrokerState, earlier: BrokerState) => boolean): boolean {
  if (previous.nodes === next.nodes) return false;
  for (let broker = 0; broker < next.config.brokerCount; broker++) {
    const slot = next.nodes[broker];
    const before = previous.nodes[broker];
    if (!slot?.up || !before?.up || slot === before) continue;
    const later = brokerOf(slot);
    const earlier = brokerOf(before);
    if (later && earlier && later.durable.incarnation === earlier.durable.incarnation && changed(later, earlier)) return true;
  }
  return false;
}

function controllerChange(previous: View, next: View, changed: (before: PartitionRegistration, after: PartitionRegistration) => boolean): boolean {
  const before = metadataOf(previous);
  const after = metadataOf(next);
  if (!before || !after || before === after) return false;
  return after.partitions.some((registration, partition) => {
    const earlier = before.partitions[partition];
    return earlier !== undefined && earlier !== registration && changed(earlier, registration);
  });
}

/** Situations a hunt of the correct model should reach now and then, or its verdict means little. */
export const kafkaGoals: readonly Goal[] = [
  {
    name: 'write-acknowledged',
    description: 'a producer gets an offset back',
    reached(previous, next) {
      if (previous.history === next.history) return false;
      for (let index = next.history.length - 1; index >= 0; index--) {
        const entry = next.history[index] as HistoryEntry<Operation, Output>;
        if (entry === previous.history[index]) continue;
        if (entry.reply?.outcome === 'ok' && entry.reply.output.type === 'produce' && entry.reply.output.offset !== null) return true;
      }
      return false;
    },
  },
  {
    name: 'leader-changed',
    description: 'the controller elects a new leader (a new leader epoch)',
    reached: (previous, next) => controllerChange(previous, next, (before, after) => after.leaderEpoch > before.leaderEpoch && after.leader !== null),
  },
  {
    name: 'isr-shrunk',
    description: 'a replica leaves the ISR (lagging, or fenced by the controller)',
    reached: (previous, next) => controllerChange(previous, next, (before, after) => after.isr.length < before.isr.length),
  },
  {
    name: 'live-follower-dropped',
    description:
      'a leader asks to drop from the ISR a follower that is up but has not caught up within replica.lag.time.max.ms (not one the controller fenced)',
    reached: (previous, next) =>
      sameLifeBrokerChange(previous, next, (later, earlier) =>
        later.volatile.replicas.some((replica, partition) => {
          const pending = replica?.role.kind === 'leader' ? replica.role.pendingIsr : null;
          const old = earlier.volatile.replicas[partition];
          if (!replica || !pending || old?.role.kind !== 'leader' || old.role.pendingIsr?.isr === pending.isr) return false;
          return replica.isr.some((member) => !pending.isr.includes(member) && next.nodes[member]?.up);
        }),
      ),
  },
  {
    name: 'write-at-min-isr',
    description: 'a leader appends a produce while its ISR has only min.insync.replicas members (writes go on with a replica out)',
    reached: (previous, next) =>
      sameLifeBrokerChange(previous, next, (later, earlier) =>
        later.volatile.replicas.some((replica, partition) => {
          if (replica?.role.kind !== 'leader' || replica.isr.length !== next.config.minInsyncReplicas) return false;
          if (earlier.volatile.replicas[partition]?.role.kind !== 'leader') return false;
          return (later.durable.logs[partition]?.records.length ?? 0) > (earlier.durable.logs[partition]?.records.length ?? 0);
        }),
      ),
  },
  {
    name: 'isr-expanded',
    description: 'a follower that caught up rejoins the ISR',
    reached: (previous, next) => controllerChange(previous, next, (before, after) => after.isr.length > before.isr.length),
  },
  {
    name: 'partition-offline',
    description: 'no ISR member is alive: the partition has no leader',
    reached: (previous, next) => controllerChange(previous, next, (before, after) => before.leader !== null && after.leader === null),
  },
  {
    name: 'preferred-leader-restored',
    description: 'leadership moves back to the preferred (first) replica',
    reached: (previous, next) =>
      controllerChange(
        previous,
        next,
        (before, after) => before.leader !== null && before.leader !== after.leader && after.leader === after.replicas[0],
      ),
  },
  {
    name: 'follower-truncated',
    description: 'a replica cuts records off its log after a leader change',
    reached(previous, next) {
      if (previous.nodes === next.nodes) return false;
      for (const [node, slot] of next.nodes.entries()) {
        const before = previous.nodes[node];
        if (!before || before === slot || !before.up || !slot.up) continue;
        const earlier = brokerOf(before);
        const later = brokerOf(slot);
        if (!earlier || !later || earlier.durable.incarnation !== later.durable.incarnation) continue;
        for (const [partition, log] of later.durable.logs.entries()) {
          const old = earlier.durable.logs[partition];
          if (log && old && log.records.length < old.records.length) return true;
        }
      }
      return false;
    },
  },
  {
    name: 'records-in-page-cache',
    description:
      "a replica holds records it has not fsynced (log.flush.interval.messages not reached, or 0, Kafka's default, which leaves flushing to the OS): a power loss would drop them",
    reached(previous, next) {
      if (previous.nodes === next.nodes) return false;
      for (const [node, slot] of next.nodes.entries()) {
        if (!slot.up || slot === previous.nodes[node]) continue;
        if (brokerOf(slot)?.durable.logs.some((log) => log !== null && log.flushedLength < log.records.length)) return true;
      }
      return false;
    },
  },
  {
    name: 'deposed-leader-still-acting',
    description: 'a broker still acts as leader after the controller elected another (it has not heard yet)',
    reached(previous, next) {
      if (previous.nodes === next.nodes) return false;
      const controller = metadataOf(next);
      if (!controller) return false;
      return next.nodes.some((slot, broker) => {
        const state = brokerOf(slot);
        if (!state || !slot.up) return false;
        return state.volatile.replicas.some(
          (replica, partition) =>
            replica?.role.kind === 'leader' &&
            controller.partitions[partition]?.leader !== broker &&
            replica.leaderEpoch < (controller.partitions[partition]?.leaderEpoch ?? 0),
        );
      });
    },
  },
  ...controlPlaneGoals,
];
