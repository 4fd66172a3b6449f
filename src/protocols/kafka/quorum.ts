/**
 * KRaft's metadata quorum: faultline's Raft component (src/protocols/raft/component.ts) with the
 * metadata image as its state machine and batches of metadata records as its commands. This file
 * only adapts: it builds the Raft context of a controller node from Kafka's config and rules, and
 * names the Raft types as Kafka's controller and messages use them.
 */
import {
  correctRaftRules,
  defaultRaftSettings,
  describeRaftMessage,
  type RaftContext,
  type RaftMessage,
  type RaftNodeState,
  type RaftStateMachine,
} from '../raft/component.ts';
import { controllerNodes, type KafkaConfig, type KafkaNodeContext } from './config.ts';
import { applyRecords, describeMetadataRecord, initialImage, type MetadataImage, type MetadataRecord } from './metadata.ts';

/** One entry of the metadata log: records the active controller wrote together, applied atomically. */
export interface MetadataCommand {
  readonly records: readonly MetadataRecord[];
}

export type QuorumMessage = RaftMessage<MetadataCommand, MetadataImage>;
export type QuorumState = RaftNodeState<MetadataCommand, MetadataImage>;
export type QuorumContext = RaftContext<MetadataCommand, MetadataImage, null>;

function describeImage(image: MetadataImage): string {
  const partitions = image.partitions.map(
    (partition, index) =>
      `p${index} leader ${partition.leader ?? 'none'} e${partition.leaderEpoch} isr [${partition.isr.join(',')}] pe${partition.partitionEpoch}`,
  );
  const fenced = image.brokers.flatMap((broker, index) => (broker.alive ? [] : [index]));
  return `{${partitions.join('; ')}; fenced [${fenced.join(',')}]}`;
}

function describeCommand(command: MetadataCommand): string {
  return command.records.length === 0 ? 'no records' : command.records.map(describeMetadataRecord).join(' ');
}

/** The metadata image as a Raft state machine: applying an entry applies its records. */
function metadataStateMachine(config: KafkaConfig): RaftStateMachine<MetadataCommand, MetadataImage, null> {
  return {
    initial: initialImage(config),
    apply: (machine, command) => ({ machine: applyRecords(machine, command.records), result: null }),
    describeCommand,
    describeMachine: describeImage,
  };
}

/** Built once per node context (contexts are fixed for a whole simulation); holds no model state. */
const quorumContexts = new WeakMap<KafkaNodeContext, QuorumContext>();

/**
 * The Raft context of a controller node. The quorum runs the component's default timers (election
 * timeout 3 to 6 ticks, heartbeat every 2) and compaction every 4 entries (brokers that fall behind
 * get a snapshot, KIP-630); the leader resigns when it loses its quorum (CheckQuorum, Kafka 3.7's
 * fix of KAFKA-15489, whose absence faultline did not turn into a broken property: docs/protocols/kafka.md).
 */
export function quorumContext(context: KafkaNodeContext): QuorumContext {
  const known = quorumContexts.get(context);
  if (known) return known;
  const built: QuorumContext = {
    node: context.node,
    members: controllerNodes(context.config),
    config: { ...defaultRaftSettings, checkQuorum: true },
    rules: correctRaftRules,
    stateMachine: metadataStateMachine(context.config),
  };
  quorumContexts.set(context, built);
  return built;
}

/** A state machine for describing messages outside any node (transcripts): the commands' text does not depend on the config. */
const describingMachine = metadataStateMachine({ brokerCount: 0, partitionCount: 0, replicationFactor: 0 } as unknown as KafkaConfig);

export function describeQuorumMessage(message: QuorumMessage): string {
  return describeRaftMessage(message, describingMachine);
}
