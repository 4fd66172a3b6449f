/**
 * What Kafka's control planes promise of themselves (KRaft and ZooKeeper; the abstract controller
 * is one node and makes them hold by construction), as properties checked on the world as it is:
 *
 * - `one-active-controller-per-epoch`: two controllers never act in the same controller epoch
 *   (KRaft: two Raft leaders of one term; ZooKeeper: two brokers holding the controller role of one
 *   /controller_epoch), and on ZooKeeper a controller of an older epoch never writes the committed
 *   /state over a newer one's (a zombie controller). Every fencing rule a broker applies compares
 *   controller epochs.
 * - `metadata-log-monotonic` (KRaft): along every controller's committed metadata log, from its
 *   snapshot on, a broker's registered epoch and a partition's leader and partition epochs never go
 *   back: the quorum never commits a record that reinstates an earlier life of a broker or state.
 * - `metadata-applied-in-order` (KRaft): a broker that has applied the metadata log up to an entry
 *   holds exactly the image the controllers' log builds up to that entry: the one apply function,
 *   entries in order, none skipped or applied twice, a snapshot taken at its own index.
 * - `broker-session-expires` (KRaft): a broker that is down, none of its heartbeats in flight to
 *   the active controller, is fenced within broker.session.timeout.ms (plus one tick) of that
 *   controller's ticks since its last heartbeat could have arrived: the failure detector works.
 * - `leader-moves-for-cause` (KRaft and ZooKeeper): along every controller's committed metadata log
 *   (ZooKeeper: the committed /state, write by write), a partition's leader epoch moves
 *   on exactly when its leader changes (or its leader re-registers in a new broker epoch), and
 *   leadership leaves a live leader only for the preferred replica, with
 *   auto.leader.rebalance.enable: no election without need.
 *
 * Kept apart from properties.ts (the replication properties and their ghost), which spreads these
 * in; this module imports nothing from it.
 */
import isEqual from 'lodash/isEqual.js';
import { type Breaks, withBreak } from '../../core/properties.ts';
import type { NodeSlot, SometimesDefinition, WorldView } from '../../core/types.ts';
import { WeakCache } from '../../core/weak-cache.ts';
import { entryAt, lastIndex, termAt } from '../raft/component.ts';
import type { BrokerState } from './broker.ts';
import type { Message, Operation, Output } from './messages.ts';
import { brokerPart, controllerPart, type CombinedState } from './combined.ts';
import { controllerNodes, isKraft, isZookeeper, type KafkaConfig } from './config.ts';
import type { ControllerState } from './controller.ts';
import type { BrokerLiveness, PartitionRegistration } from './decisions.ts';
import { decisionImage, type KraftControllerState } from './kraft.ts';
import { applyRecords, type MetadataImage } from './metadata.ts';
import { compareZxid, statePath, type Znode, type Zxid } from '../zab/types.ts';
import { decodeState, serverStateData, zkBrokerPart, type ZkBrokerState, type ZkServerState } from './zookeeper.ts';

export type ControlPlaneProperty =
  | 'one-active-controller-per-epoch'
  | 'metadata-log-monotonic'
  | 'metadata-applied-in-order'
  | 'broker-session-expires'
  | 'leader-moves-for-cause';

/** Kafka's node states (properties.ts's `KafkaState`, spelled out: that module imports this one). The ghost is not read here. */
type KafkaState = BrokerState | ControllerState | KraftControllerState | CombinedState | ZkBrokerState | ZkServerState;
type View = Pick<WorldView<KafkaConfig, KafkaState, Message, Operation, Output, unknown>, 'config' | 'nodes' | 'network'>;

function brokerAt(slot: NodeSlot<KafkaState> | undefined): BrokerState | null {
  const state = slot?.state;
  if (!state) return null;
  if (state.durable.kind === 'combined') return brokerPart(state as CombinedState);
  if (state.durable.kind === 'zk-broker') return zkBrokerPart(state as ZkBrokerState);
  return state.durable.kind === 'broker' ? (state as BrokerState) : null;
}

function kraftControllerAt(slot: NodeSlot<KafkaState> | undefined): KraftControllerState | null {
  const state = slot?.state;
  if (state?.durable.kind === 'combined') return controllerPart(state as CombinedState);
  return state?.durable.kind === 'kraft-controller' ? (state as KraftControllerState) : null;
}

/** The (epoch, node) of every up node acting as controller now (a crashed one acts no more): usually one or none. */
function activeControllers(view: View): (readonly [number, number])[] {
  const active: (readonly [number, number])[] = [];
  if (isKraft(view.config)) {
    for (const node of controllerNodes(view.config)) {
      const slot = view.nodes[node];
      const controller = kraftControllerAt(slot);
      if (slot?.up && controller?.volatile.raft.role.kind === 'leader') active.push([controller.durable.raft.currentTerm, node]);
    }
  } else if (isZookeeper(view.config)) {
    for (let broker = 0; broker < view.config.brokerCount; broker++) {
      const slot = view.nodes[broker];
      if (!slot?.up || slot.state.durable.kind !== 'zk-broker') continue;
      const role = (slot.state as ZkBrokerState).volatile.zk.controller;
      if (role) active.push([role.epoch, broker]);
    }
  }
  return active;
}

function twoActiveControllers(view: View): string | null {
  const active = activeControllers(view);
  for (let index = 1; index < active.length; index++) {
    const [epoch, node] = active[index] as readonly [number, number];
    const other = active.find(([earlier], at) => at < index && earlier === epoch);
    if (other) return `nodes ${other[1]} and ${node} both act as controller in controller epoch ${epoch}`;
  }
  return null;
}

/** The controller epoch a node acts in, as `activeControllers` reads it (up and acting as controller), or null. */
function actingEpoch(config: KafkaConfig, slot: NodeSlot<KafkaState> | undefined): number | null {
  if (!slot?.up) return null;
  if (isKraft(config)) {
    const controller = kraftControllerAt(slot);
    return controller?.volatile.raft.role.kind === 'leader' ? controller.durable.raft.currentTerm : null;
  }
  if (slot.state.durable.kind !== 'zk-broker') return null;
  return (slot.state as ZkBrokerState).volatile.zk.controller?.epoch ?? null;
}

/**
 * Whether every node `activeControllers` looks at acts in the same controller epoch (or not at all)
 * as in `previous`: then the active controllers are those of the previous world, which was checked.
 */
function activeControllersKept(view: View, previous: readonly NodeSlot<KafkaState>[]): boolean {
  const config = view.config;
  const nodes = isKraft(config) ? controllerNodes(config) : null;
  const count = nodes === null ? config.brokerCount : nodes.length;
  for (let index = 0; index < count; index++) {
    const node = nodes === null ? index : (nodes[index] as number);
    const before = previous[node];
    const after = view.nodes[node];
    if (before !== after && actingEpoch(config, before) !== actingEpoch(config, after)) return false;
  }
  return true;
}

/**
 * The image the metadata log builds through `index`, from a controller that holds the entry at
 * `index` in `term` and can rebuild it (its snapshot at or before it, the entries after); null when
 * none can (compacted everywhere, or not there yet).
 */
function imageAt(view: View, index: number, term: number): MetadataImage | null {
  for (const node of controllerNodes(view.config)) {
    const controller = kraftControllerAt(view.nodes[node]);
    if (!controller) continue;
    const raft = controller.durable.raft;
    if (index > lastIndex(raft) || termAt(raft, index) !== term) continue;
    // Its applied machine when it stands exactly there; else its snapshot, if at or before the index.
    if (controller.volatile.raft.lastApplied === index) return controller.volatile.raft.machine;
    if (raft.snapshot.index > index || raft.logStart.index !== raft.snapshot.index) continue;
    if (index === raft.snapshot.index) return raft.snapshot.machine;
    // Kept per entry object (images are never mutated): a log that holds this entry object holds
    // the prefix it was appended after. Not per (index, term): Log Matching holds within one run,
    // not across the sibling worlds of an exploration, which share the snapshot object.
    const atEntry = entryAt(raft, index);
    if (atEntry === undefined) return null;
    const known = rebuiltImages.get(atEntry);
    if (known !== undefined) return known;
    let image = raft.snapshot.machine;
    for (let at = raft.snapshot.index + 1; at <= index; at++) {
      const entry = entryAt(raft, at);
      if (entry === undefined) return null;
      if (entry.command.type === 'command') image = applyRecords(image, entry.command.command.records);
    }
    rebuiltImages.set(atEntry, image);
    return image;
  }
  return null;
}

/** How far a controller's committed log has been walked, the image there, and the first problem each walk found. */
interface Walk {
  readonly index: number;
  /** The log entry object at `index` (null at the snapshot): what a later walk must still find there to go on. */
  readonly entry: object | null;
  readonly image: MetadataImage;
  /** `metadata-log-monotonic`'s problem. */
  readonly back: string | null;
  /** `leader-moves-for-cause`'s problem. */
  readonly move: string | null;
}

/**
 * Walks so far, per config and per controller snapshot: committed entries never change, so the walk
 * goes on from where it stopped while the same entry object is still there (a log that holds an
 * entry object holds the prefix it was appended after); each committed entry is walked once, not at
 * every commit. Not per (index, term), as `imageAt` explains: Log Matching holds within one run, but
 * the runs of one config (and an exploration's or guided search's sibling worlds) share the initial
 * snapshot object, and two runs can hold different entries at the same index in the same term.
 */
const walks = new WeakMap<object, WeakCache<object, Walk>>();
/**
 * Walks and rebuilt images kept per generation (see `WeakCache`): snapshot and log entry objects
 * are made in every world (an exploration of KRaft within one crash met about three new snapshot
 * objects per world), and a WeakMap kept its entries until a full garbage collection.
 */
const controlPlaneCacheGenerationSets = 1 << 12;

/** A partition change of one entry (`before` -> `after`) that moves leadership or the leader epoch without cause, or null. */
function moveWithoutCause(config: KafkaConfig, name: string, before: MetadataImage, after: MetadataImage, partition: number): string | null {
  const was = before.partitions[partition];
  const now = after.partitions[partition];
  if (!was || !now || was === now) return null;
  const leaderBefore = was.leader === null ? undefined : before.brokers[was.leader];
  const leaderAfter = was.leader === null ? undefined : after.brokers[was.leader];
  // The leader in the same life, alive, before and after the entry (a re-registration fences and elects within one entry).
  const sameLife = leaderBefore !== undefined && leaderAfter?.alive === true && leaderAfter.incarnation === leaderBefore.incarnation;
  if (now.leader === was.leader) {
    if (now.leaderEpoch !== was.leaderEpoch && (was.leader === null || sameLife))
      return `${name}: leader epoch ${was.leaderEpoch} -> ${now.leaderEpoch} while broker ${was.leader ?? 'none'} stays leader`;
    return null;
  }
  if (now.leaderEpoch <= was.leaderEpoch)
    return `${name}: leader ${was.leader ?? 'none'} -> ${now.leader ?? 'none'} in the same leader epoch ${now.leaderEpoch}`;
  const preferred = was.replicas[0];
  if (!sameLife || (config.autoLeaderRebalanceEnable && now.leader === preferred)) return null;
  return `${name}: leadership moves from live broker ${was.leader} to ${now.leader ?? 'none'}${now.leader === preferred ? ' (its preferred replica, but auto.leader.rebalance.enable is off)' : ', not its preferred replica'}`;
}

/**
 * The committed log of a controller walked from its snapshot on (`metadata-log-monotonic`: a broker
 * epoch or a partition's epochs that go back; `leader-moves-for-cause`: a leader move or leader
 * epoch change without cause), each problem the first one found; null when its log starts
 * elsewhere than its snapshot.
 */
function walkCommitted(config: KafkaConfig, controller: KraftControllerState): Walk | null {
  const raft = controller.durable.raft;
  if (raft.snapshot.index !== raft.logStart.index) return null;
  // Committed entries only: an uncommitted one that goes back is caught when it commits (by epochs-durable too, for partitions).
  const last = Math.min(lastIndex(raft), controller.volatile.raft.commitIndex);
  let perSnapshot = walks.get(config);
  if (perSnapshot === undefined) {
    perSnapshot = new WeakCache(controlPlaneCacheGenerationSets);
    walks.set(config, perSnapshot);
  }
  let walk = perSnapshot.get(raft.snapshot);
  const entryThere = (index: number): object | null => (index === raft.snapshot.index ? null : (entryAt(raft, index) ?? null));
  if (walk === undefined || walk.index > last || walk.index < raft.snapshot.index || entryThere(walk.index) !== walk.entry)
    walk = { index: raft.snapshot.index, entry: null, image: raft.snapshot.machine, back: null, move: null };
  if (walk.index === last) return walk;
  let { image, back, move } = walk;
  for (let index = walk.index + 1; index <= last; index++) {
    const entry = entryAt(raft, index);
    if (entry?.command.type !== 'command') continue;
    const records = entry.command.command.records;
    for (const record of back === null ? records : []) {
      if (record.type === 'register-broker') {
        const known = image.brokers[record.broker];
        if (known && record.brokerEpoch < known.incarnation)
          back = `entry ${index} registers broker ${record.broker} in broker epoch ${record.brokerEpoch} after broker epoch ${known.incarnation}`;
      } else if (record.type === 'partition-change') {
        const known = image.partitions[record.partition];
        if (known && (record.leaderEpoch < known.leaderEpoch || record.partitionEpoch < known.partitionEpoch))
          back = `entry ${index} takes partition ${record.partition} from leader epoch ${known.leaderEpoch}, partition epoch ${known.partitionEpoch} back to ${record.leaderEpoch}, ${record.partitionEpoch}`;
      }
      if (back !== null) break;
    }
    const next = applyRecords(image, records);
    for (let partition = 0; move === null && partition < next.partitions.length; partition++)
      move = moveWithoutCause(config, `entry ${index}, partition ${partition}`, image, next, partition);
    image = next;
  }
  walk = { index: last, entry: entryThere(last), image, back, move };
  perSnapshot.set(raft.snapshot, walk);
  return walk;
}

/**
 * The first problem of each kind the walks of the changed controllers' committed metadata logs
 * found (`previous`: see `observeControlPlane`), each log walked once for both. A controller whose
 * Raft durable state and commit index are those of `previous` has the committed log it had there
 * (what `walkCommitted` reads), which was checked then: it is skipped too.
 */
function committedLogProblems(view: View, previous: readonly NodeSlot<KafkaState>[] | null): { back: string | null; move: string | null } {
  let back: string | null = null;
  let move: string | null = null;
  for (const node of controllerNodes(view.config)) {
    const slot = view.nodes[node];
    if (previous !== null && previous[node] === slot) continue;
    const controller = kraftControllerAt(slot);
    if (!controller) continue;
    const earlier = previous === null ? null : kraftControllerAt(previous[node]);
    if (
      earlier !== null &&
      earlier.durable.raft === controller.durable.raft &&
      earlier.volatile.raft.commitIndex === controller.volatile.raft.commitIndex
    )
      continue;
    const walk = walkCommitted(view.config, controller);
    if (walk === null) continue;
    if (back === null && walk.back !== null) back = `controller ${node}'s metadata log: ${walk.back}`;
    if (move === null && walk.move !== null) move = `controller ${node}'s metadata log: ${walk.move}`;
  }
  return { back, move };
}

/**
 * What `broker-session-expires` remembers between steps (kept in the ghost, not beside it, so that
 * worlds sharing a prefix, as a shrinker's or an explorer's siblings do, never see each other's):
 * per down broker and active controller term, the controller's active ticks when the broker's
 * silence began (first seen down and registered alive, or the last time one of its heartbeats in
 * flight to the controller arrived or was lost, which may have reset its session), and those
 * still in flight.
 */
export interface BrokerSilence {
  readonly broker: number;
  /** The broker's slot while it is down (a down node's slot stays the same object): a restart ends the silence. */
  readonly downSlot: object;
  /** The active controller and its term, `node:term`. */
  readonly controllerTerm: string;
  readonly start: number;
  readonly inFlight: readonly number[];
}

/**
 * A broker down (no heartbeat of it can reach the active controller any more) and still registered
 * alive after more than broker.session.timeout.ms + 1 ticks of the controller that may decide:
 * the session never expired. Ticks are the controller's own `activeTicks` (those on which it
 * counts sessions); a heartbeat of it still in flight may reset the session when it arrives, so
 * the count starts again whenever one leaves the network. A step that leaves a controller's slot
 * as it was cannot move its ticks: with `previous`, only changed controllers are looked at (a
 * heartbeat lost meanwhile restarts the count at the next look, later, never earlier).
 */
function sessionNeverExpires(
  view: View,
  previous: readonly NodeSlot<KafkaState>[] | null,
  silences: readonly BrokerSilence[],
): { readonly problem: string | null; readonly silences: readonly BrokerSilence[] } {
  // Silences of brokers since restarted end.
  const ended = (silence: BrokerSilence): boolean => view.nodes[silence.broker] !== silence.downSlot;
  // Most looks change nothing: the ghost keeps the same list then.
  let kept = silences.some(ended) ? silences.filter((silence) => !ended(silence)) : silences;
  for (const node of controllerNodes(view.config)) {
    const slot = view.nodes[node];
    if (previous !== null && previous[node] === slot) continue;
    const controller = kraftControllerAt(slot);
    if (!slot?.up || !controller || controller.volatile.raft.role.kind !== 'leader') continue;
    // Most steps find every broker up: nothing to judge.
    if (!view.nodes.some((other, index) => index < view.config.brokerCount && !other.up)) continue;
    const raft = controller.durable.raft;
    // May decide (KAFKA-15345): from then on it counts every tick.
    if (termAt(raft, controller.volatile.raft.commitIndex) !== raft.currentTerm) continue;
    const image = decisionImage(controller);
    const controllerTerm = `${node}:${raft.currentTerm}`;
    for (let broker = 0; broker < view.config.brokerCount; broker++) {
      const brokerSlot = view.nodes[broker];
      if (!brokerSlot || brokerSlot.up || !image.brokers[broker]?.alive) continue;
      const inFlight = view.network.inFlight.flatMap((sent) =>
        sent.from === broker && sent.to === node && sent.message.type === 'heartbeat' ? [sent.id] : [],
      );
      const now = controller.volatile.activeTicks;
      const known = kept.find((silence) => silence.broker === broker && silence.controllerTerm === controllerTerm);
      // A heartbeat gone from the network since (delivered, or lost: either way) may have reset the session: the silence starts again.
      const start = known === undefined || known.inFlight.some((id) => !inFlight.includes(id)) ? now : known.start;
      const unchanged = known !== undefined && known.start === start && isEqual(known.inFlight, inFlight);
      if (!unchanged) kept = [...kept.filter((silence) => silence !== known), { broker, downSlot: brokerSlot, controllerTerm, start, inFlight }];
      if (now - start > view.config.brokerSessionTimeoutTicks + 1)
        return {
          problem: `broker ${broker} has been down and silent for ${now - start} ticks of active controller ${node} (broker.session.timeout.ms is ${view.config.brokerSessionTimeoutTicks} ticks) and is still registered alive`,
          silences: kept,
        };
    }
  }
  return { problem: null, silences: kept };
}

/**
 * The committed /state before and after this step, as the ZooKeeper-mode step checks read it: from
 * the committed server of the previous step to this step's (`later`), when the tree moved forward
 * and /state exists on both sides; null otherwise.
 */
function committedStateStep(
  view: View,
  previous: readonly NodeSlot<KafkaState>[],
): { readonly was: Znode; readonly now: Znode; readonly later: number } | null {
  const earlier = committedServer(view.config, previous);
  const later = committedServer(view.config, view.nodes);
  if (earlier === null || later === null) return null;
  const before = ((previous[earlier] as NodeSlot<KafkaState>).state as ZkServerState).volatile.tree;
  const after = ((view.nodes[later] as NodeSlot<KafkaState>).state as ZkServerState).volatile.tree;
  // A server behind the one read before (that one went down or left the broadcast phase) is no later state.
  if (before === after || compareZxid(after.zxid, before.zxid) < 0) return null;
  const was = before.nodes.get(statePath);
  const now = after.nodes.get(statePath);
  return was === undefined || now === undefined ? null : { was, now, later };
}

/**
 * ZooKeeper mode's `leader-moves-for-cause`, on the committed /state as the other properties read
 * it (the server in the broadcast phase that has applied the most), from one step to the next
 * while it moves forward (a server behind the one read before is skipped: the one ahead went
 * down): one write (the version moves on by one) must move a partition's leadership only for
 * cause, as on the KRaft metadata log. Several writes applied in one step (a sync) are not
 * judged: two leader changes may look like none. Epochs that go back are `epochs-durable`'s
 * (the ZooKeeper variants' property), read from the same server.
 */
function zookeeperLeaderMoveWithoutCause(view: View, previous: readonly NodeSlot<KafkaState>[]): string | null {
  const step = committedStateStep(view, previous);
  if (step === null) return null;
  const { was, now, later } = step;
  if (now.version !== was.version + 1) return null;
  const from = decodeState(view.config, was.data).image;
  const to = decodeState(view.config, now.data).image;
  const name = `the committed /state (server ${later}), version ${now.version}`;
  for (let partition = 0; partition < to.partitions.length; partition++) {
    const move = moveWithoutCause(view.config, `${name}, partition ${partition}`, from, to, partition);
    if (move !== null) return move;
  }
  return null;
}

/**
 * ZooKeeper mode's zombie-controller check (`one-active-controller-per-epoch`): the committed /state
 * (read as `leader-moves-for-cause` reads it) never goes back to an older controller epoch by a write
 * of a broker that holds the controller role of that older epoch. A controller reads /state before
 * it writes, resigns when a newer controller has written it, and writes at the version it read, so
 * the epoch /state is stamped with never goes back (a leader's ISR write copies the stamp it read).
 */
function zookeeperZombieWrite(view: View, previous: readonly NodeSlot<KafkaState>[]): string | null {
  const step = committedStateStep(view, previous);
  if (step === null) return null;
  const { was, now, later } = step;
  if (now.version <= was.version) return null;
  const from = decodeState(view.config, was.data).controllerEpoch;
  const to = decodeState(view.config, now.data).controllerEpoch;
  if (to >= from) return null;
  for (let broker = 0; broker < view.config.brokerCount; broker++) {
    if (zkControllerRole(view.nodes[broker])?.epoch !== to) continue;
    return `broker ${broker}, controller of epoch ${to}, wrote /state (version ${now.version}, server ${later}) over a write of controller epoch ${from}: a zombie controller`;
  }
  return null;
}

/**
 * The ZooKeeper server whose tree is the committed one the properties read: in the broadcast
 * phase (a restarted server has replayed its whole log, so only such a server holds exactly the
 * committed tree), the highest zxid applied; null if none.
 */
export function committedServer(config: KafkaConfig, nodes: readonly NodeSlot<KafkaState>[]): number | null {
  let best: number | null = null;
  let bestZxid: Zxid | null = null;
  for (const node of controllerNodes(config)) {
    const state = nodes[node]?.state;
    if (state?.durable.kind !== 'zk-server') continue;
    const server = state as ZkServerState;
    if (!servesCommittedTree(server.volatile.role)) continue;
    const zxid = server.volatile.tree.zxid;
    if (bestZxid === null || compareZxid(zxid, bestZxid) > 0) {
      best = node;
      bestZxid = zxid;
    }
  }
  return best;
}

/** Whether a ZooKeeper server's role makes its tree the committed one: in the broadcast phase (not looking). */
export function servesCommittedTree(role: ZkServerState['volatile']['role']): boolean {
  return role.kind !== 'looking' && role.phase === 'broadcast';
}

/** Per metadata log entry object, the image the log builds through it. */
const rebuiltImages = new WeakCache<object, MetadataImage>(controlPlaneCacheGenerationSets);

/**
 * Whether two metadata images hold the same registrations: lodash `isEqual` on images, field by
 * field and sharing what they share (a broker's image is built apart from the controllers', mostly
 * of the same registration objects); `isEqual` was most of `metadata-applied-in-order`'s time.
 * properties/speed-equivalence.test.ts checks that both agree on the images of generated runs.
 */
export function sameImage(left: MetadataImage, right: MetadataImage): boolean {
  if (left === right) return true;
  const leftBrokers = left.brokers;
  const rightBrokers = right.brokers;
  if (leftBrokers !== rightBrokers) {
    if (leftBrokers.length !== rightBrokers.length) return false;
    for (let index = 0; index < leftBrokers.length; index++) {
      const one = leftBrokers[index] as BrokerLiveness;
      const other = rightBrokers[index] as BrokerLiveness;
      if (one !== other && (one.alive !== other.alive || one.incarnation !== other.incarnation)) return false;
    }
  }
  const leftPartitions = left.partitions;
  const rightPartitions = right.partitions;
  if (leftPartitions === rightPartitions) return true;
  if (leftPartitions.length !== rightPartitions.length) return false;
  for (let index = 0; index < leftPartitions.length; index++) {
    const one = leftPartitions[index] as PartitionRegistration;
    const other = rightPartitions[index] as PartitionRegistration;
    if (one === other) continue;
    if (one.leader !== other.leader || one.leaderEpoch !== other.leaderEpoch || one.partitionEpoch !== other.partitionEpoch) return false;
    if (!sameNumbers(one.replicas, other.replicas) || !sameNumbers(one.isr, other.isr)) return false;
  }
  return true;
}

function sameNumbers(left: readonly number[], right: readonly number[]): boolean {
  if (left === right) return true;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** Broker images already compared or found not comparable (images are never mutated): most steps leave a broker's cache alone. */
const comparedImages = new WeakMap<MetadataImage, number>();

function brokerImageOutOfOrder(view: View, previous: readonly NodeSlot<KafkaState>[] | null): string | null {
  for (let broker = 0; broker < view.config.brokerCount; broker++) {
    if (previous !== null && previous[broker] === view.nodes[broker]) continue;
    const cache = brokerAt(view.nodes[broker])?.volatile.metadata;
    if (!cache || cache.appliedIndex === 0 || comparedImages.get(cache.image) === cache.appliedIndex) continue;
    const expected = imageAt(view, cache.appliedIndex, cache.appliedTerm);
    if (expected !== null && expected !== cache.image && !sameImage(expected, cache.image)) {
      return `broker ${broker} applied the metadata log through entry ${cache.appliedIndex} (epoch ${cache.appliedTerm}) but its image differs from the one the log builds through that entry`;
    }
    // Compared once, when the broker applied it: an image no controller can rebuild then (compacted past it) is not tried again.
    comparedImages.set(cache.image, cache.appliedIndex);
  }
  return null;
}

/** The control plane's registrations (alive, incarnation), per broker, and whether an active controller is known. */
function registrations(
  view: View,
): { readonly controllerKnown: boolean; readonly brokers: readonly { alive: boolean; incarnation: number }[] } | null {
  const config = view.config;
  if (isKraft(config)) {
    // The committed image of the controller that has applied the most (every controller is up after healing).
    let best: KraftControllerState | null = null;
    for (const node of controllerNodes(config)) {
      const controller = kraftControllerAt(view.nodes[node]);
      if (controller && (best === null || controller.volatile.raft.lastApplied > best.volatile.raft.lastApplied)) best = controller;
    }
    return best === null ? null : { controllerKnown: true, brokers: best.volatile.raft.machine.brokers };
  }
  if (isZookeeper(config)) {
    // The committed /state, from a server in the broadcast phase that has applied the most (as the other properties read it).
    const best = committedServer(config, view.nodes);
    if (best === null) return null;
    const data = serverStateData(config, view.nodes[best]?.state as ZkServerState);
    return { controllerKnown: true, brokers: data.image.brokers };
  }
  const state = view.nodes[config.brokerCount]?.state;
  return state?.durable.kind === 'controller' ? { controllerKnown: true, brokers: (state as ControllerState).durable.brokers } : null;
}

/** What each property promises (properties.ts declares them as checks the ghost records). */
export const controlPlanePropertyDescriptions: { readonly [Name in ControlPlaneProperty]: string } = {
  'one-active-controller-per-epoch':
    'at most one controller acts in any controller epoch (KRaft: one active controller per Raft term; ZooKeeper: one broker holds the controller role of a /controller_epoch, and no controller of an older epoch writes the committed /state over a newer controller epoch: a zombie controller is fenced)',
  'metadata-log-monotonic':
    "KRaft: along every controller's committed metadata log, a broker's registered broker epoch and a partition's leader and partition epochs never go back (the quorum never commits a record that reinstates an earlier life of a broker or an earlier partition state)",
  'metadata-applied-in-order':
    "KRaft: a broker that has applied the metadata log through an entry holds exactly the image the controllers' log builds through that entry (records applied in order, none skipped or applied twice)",
  'broker-session-expires':
    'KRaft: a broker that is down, none of its heartbeats in flight to the active controller, is fenced within broker.session.timeout.ms plus one tick of that controller (the failure detector works)',
  'leader-moves-for-cause':
    "along every KRaft controller's committed metadata log, and ZooKeeper's committed /state write by write, a partition's leader epoch moves on exactly when its leader changes (or its leader re-registers in a new broker epoch), and leadership leaves a live leader only for its preferred replica with auto.leader.rebalance.enable (no election without need)",
};

/**
 * The ghost observer's part for these properties: each is checked only after a step that changed
 * what it reads (controllers: the KRaft controllers' slots; brokers: the brokers' slots, which in
 * ZooKeeper mode hold the controller role), so a step elsewhere costs nothing; `full` rechecks all.
 * With `previous`, the previous world's nodes, the checks that look at one node at a time look only
 * at the nodes whose slot changed (the rest were checked when it last changed); null: at every node.
 * `lastNodes` (the previous world's nodes whichever way the ghost observes) serves the session
 * check, which counts a controller's ticks once per state, so both ways count alike.
 * The first break of each is recorded, as the replication properties' are.
 */
export function observeControlPlane<Name extends string>(
  plane: { readonly breaks: Breaks<Name | ControlPlaneProperty>; readonly silences: readonly BrokerSilence[] },
  view: View,
  changed: { readonly controllers: boolean; readonly brokers: boolean },
  previous: readonly NodeSlot<KafkaState>[] | null = null,
  lastNodes: readonly NodeSlot<KafkaState>[] | null = previous,
): { readonly breaks: Breaks<Name | ControlPlaneProperty>; readonly silences: readonly BrokerSilence[] } {
  let found = plane.breaks;
  let silences = plane.silences;
  const kraft = isKraft(view.config);
  const controllersActing = kraft ? changed.controllers : isZookeeper(view.config) && changed.brokers;
  if (controllersActing && found['one-active-controller-per-epoch'] === undefined && (previous === null || !activeControllersKept(view, previous))) {
    const problem = twoActiveControllers(view);
    if (problem !== null) found = withBreak<Name | ControlPlaneProperty>(found, 'one-active-controller-per-epoch', problem);
  }
  if (!kraft) {
    // ZooKeeper: the committed /state, write by write (its servers are the control plane's nodes).
    if (changed.controllers && found['one-active-controller-per-epoch'] === undefined && lastNodes !== null && isZookeeper(view.config)) {
      const problem = zookeeperZombieWrite(view, lastNodes);
      if (problem !== null) found = withBreak<Name | ControlPlaneProperty>(found, 'one-active-controller-per-epoch', problem);
    }
    if (changed.controllers && found['leader-moves-for-cause'] === undefined && lastNodes !== null && isZookeeper(view.config)) {
      const problem = zookeeperLeaderMoveWithoutCause(view, lastNodes);
      if (problem !== null) found = withBreak<Name | ControlPlaneProperty>(found, 'leader-moves-for-cause', problem);
    }
    return { breaks: found, silences };
  }
  if (changed.controllers && (found['metadata-log-monotonic'] === undefined || found['leader-moves-for-cause'] === undefined)) {
    const problems = committedLogProblems(view, previous);
    if (problems.back !== null && found['metadata-log-monotonic'] === undefined)
      found = withBreak<Name | ControlPlaneProperty>(found, 'metadata-log-monotonic', problems.back);
    if (problems.move !== null && found['leader-moves-for-cause'] === undefined)
      found = withBreak<Name | ControlPlaneProperty>(found, 'leader-moves-for-cause', problems.move);
  }
  if (changed.controllers && found['broker-session-expires'] === undefined) {
    const judged = sessionNeverExpires(view, lastNodes, silences);
    silences = judged.silences;
    if (judged.problem !== null) found = withBreak<Name | ControlPlaneProperty>(found, 'broker-session-expires', judged.problem);
  }
  if (changed.brokers && found['metadata-applied-in-order'] === undefined) {
    const problem = brokerImageOutOfOrder(view, previous);
    if (problem !== null) found = withBreak<Name | ControlPlaneProperty>(found, 'metadata-applied-in-order', problem);
  }
  return { breaks: found, silences };
}

type Goal = SometimesDefinition<KafkaConfig, KafkaState, Message, Operation, Output, unknown>;

/** Whether a step changed a control-plane node (only then can its registrations change). */
function controlPlaneStepped(previous: View, next: View): boolean {
  if (previous.nodes === next.nodes) return false;
  return controllerNodes(next.config).some((node) => previous.nodes[node] !== next.nodes[node]);
}

/** The ZooKeeper controller role of a broker's slot, or null. */
function zkControllerRole(slot: NodeSlot<KafkaState> | undefined): ZkBrokerState['volatile']['zk']['controller'] {
  const state = slot?.state;
  return slot?.up && state?.durable.kind === 'zk-broker' ? (state as ZkBrokerState).volatile.zk.controller : null;
}

/**
 * ZooKeeper mode's `leader-and-isr-acknowledged`: a controller takes a LeaderAndIsr it keeps
 * retrying off its list because the broker answered it (the broker still alive in the state it
 * last sent; one that left is dropped from the list another way). Kafka's ControllerChannelManager
 * retries a request until the broker answers or leaves: a controller that never hears the answers
 * retries for ever, and nothing breaks.
 */
const leaderAndIsrAcknowledged: Goal = {
  name: 'leader-and-isr-acknowledged',
  description: "ZooKeeper: a controller hears a broker's answer to a LeaderAndIsr and stops retrying it",
  reached(previous, next) {
    if (previous.nodes === next.nodes || !isZookeeper(next.config)) return false;
    for (let broker = 0; broker < next.config.brokerCount; broker++) {
      if (previous.nodes[broker] === next.nodes[broker]) continue;
      const before = zkControllerRole(previous.nodes[broker]);
      const after = zkControllerRole(next.nodes[broker]);
      if (!before || !after || before.epoch !== after.epoch || before.unanswered === after.unanswered) continue;
      const answered = before.unanswered.some(
        ([to, partition]) =>
          after.lastSent?.image.brokers[to]?.alive === true && !after.unanswered.some(([other, queued]) => other === to && queued === partition),
      );
      if (answered) return true;
    }
    return false;
  },
};

/**
 * The control plane's own "sometimes" goals (spread into properties.ts's). `broker-session-expired`
 * is the failure detector at work: a broker's session expires (abstract and KRaft: no heartbeat
 * within broker.session.timeout.ms at the controller; ZooKeeper: the ensemble expires its session
 * and the controller sees its registration go) and the control plane fences it in the same broker
 * epoch (a new epoch's registration fences the old one another way). A controller that never
 * expires a session still fences a restarted broker when it re-registers, so no property breaks;
 * where this goal is reached regularly it collapses (docs/mutation.md, coverage collapse).
 */
export const controlPlaneGoals: readonly Goal[] = [
  {
    name: 'broker-session-expired',
    description: 'the control plane fences a broker in the broker epoch it registered (its session expired: a crash, or a false suspicion)',
    reached(previous, next) {
      if (!controlPlaneStepped(previous, next)) return false;
      const before = registrations(previous);
      const after = registrations(next);
      if (!before || !after || before.brokers === after.brokers) return false;
      for (let broker = 0; broker < next.config.brokerCount; broker++) {
        const was = before.brokers[broker];
        const now = after.brokers[broker];
        if (was?.alive && now && !now.alive && now.incarnation === was.incarnation) return true;
      }
      return false;
    },
  },
  leaderAndIsrAcknowledged,
];

/**
 * One property's verdict on a world as it is, every check run (tests and tools; the ghost records
 * them during runs); `previous`, the world's nodes one step before, for the checks that compare
 * (ZooKeeper's /state write by write).
 */
export function checkControlPlane(
  view: View,
  property: ControlPlaneProperty,
  previous: readonly NodeSlot<KafkaState>[] | null = null,
): string | null {
  const found = observeControlPlane<ControlPlaneProperty>(
    { breaks: {}, silences: [] },
    view,
    { controllers: true, brokers: true },
    null,
    previous,
  ).breaks;
  return found[property] ?? null;
}
