/**
 * The controller's decisions, shared by both control planes: the abstract controller
 * (controller.ts) applies them to its own durable state; the KRaft active controller (kraft.ts)
 * applies them to its metadata image and writes what changed as records to the metadata log.
 *
 * Fencing a broker removes it from every ISR it is not the last member of and moves its
 * leaderships to the first live ISR member in assignment order (with
 * unclean.leader.election.enable, to any live replica when no ISR member is left); registering a
 * broker gives offline partitions it can lead a leader again; the preferred-leader check moves
 * leadership back to the first replica; AlterPartition is accepted only from the current leader at
 * the current epochs, for live brokers (KIP-841) in the incarnation the leader saw (KIP-903).
 */
import type { KafkaConfig, KafkaRules } from './config.ts';

/** What every control plane knows of a broker: whether it is fenced, and its broker epoch. */
export interface BrokerLiveness {
  /** Unfenced: heartbeating within the session timeout. */
  readonly alive: boolean;
  /** The broker epoch: the incarnation it registered in (bumped at every restart). */
  readonly incarnation: number;
}

export interface PartitionRegistration {
  readonly replicas: readonly number[];
  readonly leader: number | null;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  /** Never empty: when the last member dies it stays in the ISR and the partition goes offline. */
  readonly isr: readonly number[];
}

/** Mutable scratch for one decision; never escapes the step that made it. */
export interface Work<Broker extends BrokerLiveness> {
  brokers: Broker[];
  partitions: PartitionRegistration[];
  /** Partitions changed in this step, in the order they changed. */
  changed: number[];
}

/**
 * The LeaderAndIsr that tells a broker (of this incarnation) a partition's registration (the
 * message's shape, spelled out here: messages.ts imports this module's types).
 */
export function leaderAndIsr(partition: number, registration: PartitionRegistration, brokerIncarnation: number) {
  const { leader, leaderEpoch, partitionEpoch, isr, replicas } = registration;
  return { type: 'leader-and-isr' as const, partition, leader, leaderEpoch, partitionEpoch, isr, replicas, brokerIncarnation };
}

export function startWork<Broker extends BrokerLiveness>(brokers: readonly Broker[], partitions: readonly PartitionRegistration[]): Work<Broker> {
  return { brokers: brokers.slice(), partitions: partitions.slice(), changed: [] };
}

/** The first live ISR member in assignment order; failing that, with unclean election on, the first live replica. */
function electLeader(
  config: KafkaConfig,
  work: Work<BrokerLiveness>,
  registration: PartitionRegistration,
): { leader: number | null; isr: readonly number[] } {
  const alive = (broker: number): boolean => work.brokers[broker]?.alive ?? false;
  const clean = registration.replicas.find((replica) => registration.isr.includes(replica) && alive(replica));
  if (clean !== undefined) return { leader: clean, isr: registration.isr };
  if (config.uncleanLeaderElectionEnable) {
    const unclean = registration.replicas.find(alive);
    if (unclean !== undefined) return { leader: unclean, isr: [unclean] };
  }
  return { leader: null, isr: registration.isr };
}

/** A new partition state: the leader epoch moves on with every leader change, the partition epoch with every change. */
export function update(work: Work<BrokerLiveness>, partition: number, next: PartitionRegistration): void {
  const previous = work.partitions[partition];
  if (!previous) return;
  const leaderChanged = previous.leader !== next.leader;
  work.partitions[partition] = {
    ...next,
    leaderEpoch: leaderChanged ? previous.leaderEpoch + 1 : previous.leaderEpoch,
    partitionEpoch: previous.partitionEpoch + 1,
  };
  if (!work.changed.includes(partition)) work.changed.push(partition);
}

/** A broker's session ended (timeout, or it came back as a new incarnation): out of every ISR it is not the last of, and no longer leader. */
export function fence<Broker extends BrokerLiveness>(config: KafkaConfig, work: Work<Broker>, broker: number): void {
  const registration = work.brokers[broker];
  if (!registration) return;
  work.brokers[broker] = { ...registration, alive: false };
  for (const [partition, current] of work.partitions.entries()) {
    if (!current.replicas.includes(broker)) continue;
    const isr = current.isr.includes(broker) && current.isr.length > 1 ? current.isr.filter((member) => member !== broker) : current.isr;
    let next: PartitionRegistration = { ...current, isr };
    if (current.leader === broker) {
      const elected = electLeader(config, work, next);
      next = { ...next, leader: elected.leader, isr: elected.isr };
    }
    if (next.isr !== current.isr || next.leader !== current.leader) update(work, partition, next);
  }
}

/** A broker (re)registered, as `registration` (alive): offline partitions it can lead get a leader again. */
export function unfence<Broker extends BrokerLiveness>(config: KafkaConfig, work: Work<Broker>, broker: number, registration: Broker): void {
  if (!work.brokers[broker]) return;
  work.brokers[broker] = registration;
  for (const [partition, current] of work.partitions.entries()) {
    if (current.leader !== null || !current.replicas.includes(broker)) continue;
    const elected = electLeader(config, work, current);
    if (elected.leader !== null) update(work, partition, { ...current, leader: elected.leader, isr: elected.isr });
  }
}

/**
 * A heartbeat from a broker whose registration is fenced or older: a new incarnation ends the old
 * one's session first (whatever its timer said), then the broker is registered alive as `registration`.
 */
export function register<Broker extends BrokerLiveness>(
  config: KafkaConfig,
  rules: KafkaRules,
  work: Work<Broker>,
  broker: number,
  registration: Broker,
): void {
  const current = work.brokers[broker];
  if (!current) return;
  if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);
  unfence(config, work, broker, registration);
}

/** Leadership back to the first replica where it is alive and in sync. */
export function balanceLeaders(work: Work<BrokerLiveness>): void {
  for (const [partition, current] of work.partitions.entries()) {
    const preferred = current.replicas[0];
    if (preferred === undefined || current.leader === preferred || current.leader === null) continue;
    if (!work.brokers[preferred]?.alive || !current.isr.includes(preferred)) continue;
    update(work, partition, { ...current, leader: preferred });
  }
}

/** What an AlterPartition request asks (the `alter-partition` message of messages.ts). */
export interface AlterPartitionRequest {
  readonly partition: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly isr: readonly number[];
  /** `incarnations[i]` is the broker epoch of `isr[i]` as its fetches said (KIP-903). */
  readonly incarnations: readonly number[];
}

/**
 * AlterPartition (KIP-497): `stale` when it is not from the current leader at the current epochs
 * (FENCED_LEADER_EPOCH / INVALID_UPDATE_VERSION: the sender must learn the current state);
 * otherwise the partition's new state. A rejected request (INELIGIBLE_REPLICA) still moves the
 * partition epoch on here, so that a delayed or duplicated copy of the same request can never be
 * accepted later, after the leader has stopped waiting for it (Kafka gets that from one request
 * in flight per connection).
 */
export function alterPartition<Broker extends BrokerLiveness>(
  rules: KafkaRules,
  work: Work<Broker>,
  from: number,
  message: AlterPartitionRequest,
): 'stale' | 'done' {
  const current = work.partitions[message.partition];
  if (!current) return 'stale';
  const fresh = current.leader === from && message.leaderEpoch === current.leaderEpoch && message.partitionEpoch === current.partitionEpoch;
  if (!fresh) return 'stale';
  const eligible =
    message.isr.includes(from) &&
    message.isr.every((member, index) => {
      if (!current.replicas.includes(member)) return false;
      if (current.isr.includes(member)) return true;
      // KIP-841: only live (unfenced) brokers may join the ISR; KIP-903: in the incarnation whose
      // fetches the leader saw, not an earlier one.
      const registration = work.brokers[member];
      if (!registration?.alive) return false;
      return !rules.checkBrokerEpoch || message.incarnations[index] === registration.incarnation;
    });
  update(work, message.partition, eligible ? { ...current, isr: message.isr } : current);
  return 'done';
}
