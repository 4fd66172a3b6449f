/**
 * KRaft's metadata: the records the active controller writes to the metadata log, the image they
 * build (every broker's registration and every partition's state), and the one function that
 * applies a record to an image. The controllers' Raft state machine and the brokers' metadata
 * cache both run `applyRecords`, so a broker that has applied the log up to some offset holds
 * exactly the image the controllers had at that offset.
 *
 * Records carry full states rather than deltas (Kafka's PartitionChangeRecord carries only what
 * changed, with the leader epoch bumped implicitly): replaying the same prefix gives the same
 * image either way, and a transcript line then says everything.
 */
import { assertNever } from '../../core/assert.ts';
import { assignReplicas, type KafkaConfig } from './config.ts';
import type { BrokerLiveness, PartitionRegistration } from './decisions.ts';

export type MetadataRecord =
  /** RegisterBrokerRecord: the broker's new incarnation, with its broker epoch, registered fenced. */
  | { readonly type: 'register-broker'; readonly broker: number; readonly brokerEpoch: number }
  /** UnfenceBrokerRecord: heartbeats arrive within the session timeout. */
  | { readonly type: 'unfence-broker'; readonly broker: number; readonly brokerEpoch: number }
  /** FenceBrokerRecord: the session timed out (or the broker came back as a new incarnation). */
  | { readonly type: 'fence-broker'; readonly broker: number; readonly brokerEpoch: number }
  /** PartitionChangeRecord: leader elections and AlterPartition. */
  | {
      readonly type: 'partition-change';
      readonly partition: number;
      readonly leader: number | null;
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
      readonly isr: readonly number[];
    };

/** What the metadata log describes: brokers' registrations and partitions' states. */
export interface MetadataImage {
  readonly brokers: readonly BrokerLiveness[];
  readonly partitions: readonly PartitionRegistration[];
}

/** The cluster as created: every broker registered in incarnation 0 and unfenced, the topic's partitions led by their preferred replicas. */
export function initialImage(config: KafkaConfig): MetadataImage {
  return {
    brokers: Array.from({ length: config.brokerCount }, (): BrokerLiveness => ({ alive: true, incarnation: 0 })),
    partitions: assignReplicas(config).map(
      (replicas): PartitionRegistration => ({ replicas, leader: replicas[0] ?? null, leaderEpoch: 0, partitionEpoch: 0, isr: replicas }),
    ),
  };
}

function applyRecord(brokers: BrokerLiveness[], partitions: PartitionRegistration[], record: MetadataRecord): void {
  switch (record.type) {
    case 'register-broker':
      if (brokers[record.broker]) brokers[record.broker] = { alive: false, incarnation: record.brokerEpoch };
      return;
    case 'unfence-broker':
    case 'fence-broker': {
      const current = brokers[record.broker];
      // A record about an earlier registration than the current one changes nothing.
      if (current && current.incarnation === record.brokerEpoch) brokers[record.broker] = { ...current, alive: record.type === 'unfence-broker' };
      return;
    }
    case 'partition-change': {
      const current = partitions[record.partition];
      if (!current) return;
      partitions[record.partition] = {
        replicas: current.replicas,
        leader: record.leader,
        leaderEpoch: record.leaderEpoch,
        partitionEpoch: record.partitionEpoch,
        isr: record.isr,
      };
      return;
    }
    default:
      assertNever(record, 'metadata record');
  }
}

/** The image after `records`, in order. Pure: the input image is never changed. */
export function applyRecords(image: MetadataImage, records: readonly MetadataRecord[]): MetadataImage {
  if (records.length === 0) return image;
  const brokers = image.brokers.slice();
  const partitions = image.partitions.slice();
  for (const record of records) applyRecord(brokers, partitions, record);
  return { brokers, partitions };
}

/**
 * The records that turn `before` into `after` (a decision made on a copy of the image): a broker
 * in a new incarnation is registered (fenced) and, if alive, unfenced; a broker whose liveness
 * changed is fenced or unfenced; every changed partition gets a PartitionChangeRecord.
 */
export function recordsBetween(before: MetadataImage, after: MetadataImage, changedPartitions: readonly number[]): MetadataRecord[] {
  const records: MetadataRecord[] = [];
  for (const [broker, next] of after.brokers.entries()) {
    const previous = before.brokers[broker];
    if (!previous || previous === next) continue;
    if (next.incarnation !== previous.incarnation) {
      records.push({ type: 'register-broker', broker, brokerEpoch: next.incarnation });
      if (next.alive) records.push({ type: 'unfence-broker', broker, brokerEpoch: next.incarnation });
    } else if (next.alive !== previous.alive) {
      records.push({ type: next.alive ? 'unfence-broker' : 'fence-broker', broker, brokerEpoch: next.incarnation });
    }
  }
  for (const partition of changedPartitions.slice().sort((left, right) => left - right)) {
    const registration = after.partitions[partition];
    if (!registration || registration === before.partitions[partition]) continue;
    records.push({
      type: 'partition-change',
      partition,
      leader: registration.leader,
      leaderEpoch: registration.leaderEpoch,
      partitionEpoch: registration.partitionEpoch,
      isr: registration.isr,
    });
  }
  return records;
}

export function describeMetadataRecord(record: MetadataRecord): string {
  switch (record.type) {
    case 'register-broker':
      return `RegisterBroker(${record.broker}, epoch ${record.brokerEpoch})`;
    case 'unfence-broker':
      return `UnfenceBroker(${record.broker}, epoch ${record.brokerEpoch})`;
    case 'fence-broker':
      return `FenceBroker(${record.broker}, epoch ${record.brokerEpoch})`;
    case 'partition-change':
      return `PartitionChange(p${record.partition} leader ${record.leader ?? 'none'}, epoch ${record.leaderEpoch}, isr [${record.isr.join(',')}], partition epoch ${record.partitionEpoch})`;
    default:
      return assertNever(record, 'metadata record');
  }
}
