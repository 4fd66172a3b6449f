/**
 * Records, client operations and the one message union of the Kafka model, with their text forms.
 */
import { assertNever } from '../../core/assert.ts';
import { integerWord, integerWordRange } from '../../core/text-integer.ts';
import type { ClientRequest } from '../../core/types.ts';
import { describeMetadataRecord, type MetadataImage, type MetadataRecord } from './metadata.ts';
import { describeQuorumMessage, type QuorumMessage } from './quorum.ts';
import {
  describeMessage as describeZabMessage,
  describeOperation as describeZabOperation,
  describeOutput as describeZabOutput,
  type ZabMessage,
  type ZabOperation,
  type ZabOutput,
} from '../zab/index.ts';

/**
 * One record of a partition's log. Its offset is its index. `producerId`/`sequence` are the
 * idempotent producer's identity of the batch (the client id and the operation id), which also
 * names the record in transcripts as `#sequence`.
 */
export interface LogRecord {
  readonly epoch: number;
  readonly value: number;
  readonly producerId: number;
  readonly sequence: number;
}

/** An epoch cache entry: leader epoch `epoch` wrote its first record at `startOffset`. */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export type Operation =
  | { readonly type: 'produce'; readonly partition: number; readonly value: number }
  | { readonly type: 'consume'; readonly partition: number; readonly fromOffset: number };

export type Output =
  /** `offset` is null for acks=0, where the producer never learns it. */
  | { readonly type: 'produce'; readonly partition: number; readonly offset: number | null }
  | { readonly type: 'consume'; readonly partition: number; readonly fromOffset: number; readonly records: readonly LogRecord[] };

/** Errors as Kafka names them. */
export type FetchError = 'NOT_LEADER_OR_FOLLOWER' | 'FENCED_LEADER_EPOCH' | 'UNKNOWN_LEADER_EPOCH' | 'OFFSET_OUT_OF_RANGE';

/** Per partition, what a broker knows of it: [leader epoch, partition epoch], -1 when unknown. */
export type KnownEpochs = readonly (readonly [number, number])[];

/** Returned by OffsetsForLeaderEpoch for an epoch nobody knows (Kafka's UNDEFINED_EPOCH(_OFFSET)). */
export const undefinedEpoch = -1;
export const undefinedOffset = -1;

/** One entry of the KRaft metadata log as brokers fetch it: a batch of records written atomically, at `index`, by the controller of epoch (Raft term) `term`. */
export interface MetadataBatch {
  readonly index: number;
  readonly term: number;
  readonly records: readonly MetadataRecord[];
}

/** A metadata snapshot (KIP-630): the image as of log entry `index`, sent instead of entries the controller has compacted away. */
export interface MetadataSnapshot {
  readonly index: number;
  readonly term: number;
  readonly image: MetadataImage;
}

export type Message =
  /** Broker -> controller, every broker tick: "I am alive, in this incarnation, and I know these epochs". */
  | { readonly type: 'heartbeat'; readonly incarnation: number; readonly known: KnownEpochs }
  /** Controller -> broker: the partition's leader, epochs and ISR, for the broker incarnation it was meant for. */
  | {
      readonly type: 'leader-and-isr';
      readonly partition: number;
      readonly leader: number | null;
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
      readonly isr: readonly number[];
      readonly replicas: readonly number[];
      readonly brokerIncarnation: number;
      /** ZooKeeper mode only: the epoch of the controller that sent it; a broker ignores older controllers. */
      readonly controllerEpoch?: number;
    }
  /**
   * Leader -> controller: please change the ISR (KIP-497's AlterPartition; ZooKeeper-mode leaders
   * wrote it directly). `incarnations[i]` is the broker epoch of `isr[i]` as its fetches said (KIP-903).
   */
  | {
      readonly type: 'alter-partition';
      readonly partition: number;
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
      readonly isr: readonly number[];
      readonly incarnations: readonly number[];
    }
  /** Follower -> leader. `currentLeaderEpoch` is KIP-320's fencing field, `replicaIncarnation` KIP-903's broker epoch. */
  | {
      readonly type: 'fetch';
      readonly partition: number;
      readonly fetchOffset: number;
      readonly currentLeaderEpoch: number;
      readonly replicaIncarnation: number;
    }
  | {
      readonly type: 'fetch-response';
      readonly partition: number;
      readonly currentLeaderEpoch: number;
      readonly fetchOffset: number;
      readonly error: FetchError | null;
      readonly records: readonly LogRecord[];
      readonly highWatermark: number;
      readonly logEndOffset: number;
    }
  /** Follower -> leader after a leader change: where does my latest epoch end in your log? */
  | { readonly type: 'offsets-for-leader-epoch'; readonly partition: number; readonly currentLeaderEpoch: number; readonly leaderEpoch: number }
  | {
      readonly type: 'offsets-for-leader-epoch-response';
      readonly partition: number;
      readonly currentLeaderEpoch: number;
      readonly requestedEpoch: number;
      readonly error: FetchError | null;
      /** The largest epoch <= the requested one the leader knows (KIP-279); undefinedEpoch before KIP-279. */
      readonly leaderEpoch: number;
      readonly endOffset: number;
    }
  /**
   * A client request passed on toward the leader: the stand-in for a Kafka client refreshing its
   * metadata and retrying at the broker it names. `hops` bounds the forwarding.
   */
  | { readonly type: 'client-request'; readonly request: ClientRequest<Operation>; readonly hops: number; readonly replied: boolean }
  /** KRaft, broker -> the controller it believes active: the metadata log entries after `appliedIndex`, please (a Raft observer's Fetch). */
  | { readonly type: 'metadata-fetch'; readonly appliedIndex: number; readonly brokerIncarnation: number }
  /**
   * KRaft, controller -> broker. From the active controller: committed entries after the index
   * asked for (or a snapshot first); from any other: just who it believes active (`leader`).
   * `controllerEpoch` is the responder's Raft term.
   */
  | {
      readonly type: 'metadata-fetch-response';
      readonly controllerEpoch: number;
      readonly leader: number | null;
      readonly appliedIndex: number;
      readonly snapshot: MetadataSnapshot | null;
      readonly batches: readonly MetadataBatch[];
    }
  /** KRaft, controller <-> controller: the metadata quorum's Raft messages, wrapped in Kafka's union. */
  | { readonly type: 'raft'; readonly message: QuorumMessage }
  /** ZooKeeper mode, server <-> server: the ensemble's ZAB messages, wrapped in Kafka's union (server i is node brokerCount+i). */
  | { readonly type: 'zab'; readonly message: ZabMessage }
  /** ZooKeeper mode, broker -> server: a ZooKeeper client request of the broker's session (operation ids are sequence*8+broker). */
  | { readonly type: 'zk-request'; readonly operationId: number; readonly operation: ZabOperation }
  /** ZooKeeper mode, server -> broker: the answer to a request. */
  | {
      readonly type: 'zk-response';
      readonly operationId: number;
      readonly outcome: 'ok' | 'fail' | 'unknown';
      readonly output: ZabOutput | null;
      readonly error: string;
    }
  /** ZooKeeper mode, broker -> controller: the LeaderAndIsr of `partition` from the controller of `controllerEpoch` was handled (ends its retries). */
  | { readonly type: 'leader-and-isr-response'; readonly partition: number; readonly controllerEpoch: number }
  /** ZooKeeper mode, server -> broker: a watch fired (or was dropped with the connection) on `path`. */
  | { readonly type: 'zk-watch'; readonly path: string; readonly children: boolean };

export function describeRecord(record: LogRecord): string {
  return `#${record.sequence}@e${record.epoch}`;
}

export function describeRecords(records: readonly LogRecord[]): string {
  return `[${records.map(describeRecord).join(' ')}]`;
}

function partitionSuffix(partition: number): string {
  return partition === 0 ? '' : ` p${partition}`;
}

function epochText(epoch: number): string {
  return epoch === undefinedEpoch ? 'undefined' : String(epoch);
}

export function describeOperation(operation: Operation): string {
  switch (operation.type) {
    case 'produce':
      return `produce ${operation.value}${partitionSuffix(operation.partition)}`;
    case 'consume':
      return `consume ${operation.fromOffset}${partitionSuffix(operation.partition)}`;
    default:
      return assertNever(operation, 'kafka operation');
  }
}

export function describeOutput(output: Output): string {
  switch (output.type) {
    case 'produce':
      return output.offset === null ? 'sent (acks=0, offset unknown)' : `offset ${output.offset}`;
    case 'consume':
      return `[${output.records.map((record, index) => `${output.fromOffset + index}:#${record.sequence}=${record.value}`).join(' ')}]`;
    default:
      return assertNever(output, 'kafka output');
  }
}

export function describeMessage(message: Message): string {
  switch (message.type) {
    case 'heartbeat':
      return `Heartbeat(incarnation ${message.incarnation}, knows ${message.known.map(([leaderEpoch, partitionEpoch]) => `e${leaderEpoch}/pe${partitionEpoch}`).join(' ')})`;
    case 'leader-and-isr':
      return `LeaderAndIsr(p${message.partition} leader ${message.leader ?? 'none'}, epoch ${message.leaderEpoch}, isr [${message.isr.join(',')}], partition epoch ${message.partitionEpoch}, for incarnation ${message.brokerIncarnation}${message.controllerEpoch === undefined ? '' : `, controller epoch ${message.controllerEpoch}`})`;
    case 'alter-partition':
      return `AlterPartition(p${message.partition} epoch ${message.leaderEpoch}, partition epoch ${message.partitionEpoch}, isr [${message.isr.join(',')}])`;
    case 'fetch':
      return `Fetch(p${message.partition} offset ${message.fetchOffset}, epoch ${message.currentLeaderEpoch})`;
    case 'fetch-response':
      if (message.error !== null)
        return `FetchResponse(p${message.partition} epoch ${message.currentLeaderEpoch}, offset ${message.fetchOffset}: ${message.error})`;
      return `FetchResponse(p${message.partition} epoch ${message.currentLeaderEpoch}, offset ${message.fetchOffset}, records ${describeRecords(message.records)}, hw ${message.highWatermark})`;
    case 'offsets-for-leader-epoch':
      return `OffsetsForLeaderEpoch(p${message.partition} epoch ${message.currentLeaderEpoch}, end of epoch ${epochText(message.leaderEpoch)}?)`;
    case 'offsets-for-leader-epoch-response':
      if (message.error !== null) return `OffsetsForLeaderEpochResponse(p${message.partition}: ${message.error})`;
      return `OffsetsForLeaderEpochResponse(p${message.partition} epoch ${epochText(message.leaderEpoch)} ends at ${message.endOffset === undefinedOffset ? 'undefined' : message.endOffset})`;
    case 'client-request':
      return `ClientRequest(#${message.request.operationId} ${describeOperation(message.request.operation)}, hop ${message.hops})`;
    case 'metadata-fetch':
      return `MetadataFetch(after ${message.appliedIndex}, broker epoch ${message.brokerIncarnation})`;
    case 'metadata-fetch-response': {
      if (message.snapshot === null && message.batches.length === 0) {
        return `MetadataFetchResponse(epoch ${message.controllerEpoch}, active ${message.leader ?? 'unknown'}, after ${message.appliedIndex}: nothing)`;
      }
      const snapshot = message.snapshot ? ` snapshot@${message.snapshot.index}` : '';
      const batches = message.batches.map(
        (batch) => `${batch.index}@t${batch.term}: ${batch.records.map(describeMetadataRecord).join(' ') || 'no-op'}`,
      );
      return `MetadataFetchResponse(epoch ${message.controllerEpoch}, after ${message.appliedIndex}${snapshot}${batches.length > 0 ? `, ${batches.join('; ')}` : ''})`;
    }
    case 'raft':
      return describeQuorumMessage(message.message);
    case 'zab':
      return describeZabMessage(message.message);
    case 'zk-request':
      return `ZkRequest(#${message.operationId} ${describeZabOperation(message.operation)})`;
    case 'zk-response':
      return `ZkResponse(#${message.operationId} ${message.output ? describeZabOutput(message.output) : `${message.outcome}: ${message.error}`})`;
    case 'zk-watch':
      return `ZkWatch(${message.path}${message.children ? ' children' : ''})`;
    case 'leader-and-isr-response':
      return `LeaderAndIsrResponse(p${message.partition}, controller epoch ${message.controllerEpoch})`;
    default:
      return assertNever(message, 'kafka message');
  }
}

/** Scenario text: `produce VALUE [pN]` or `consume FROM [pN]`. */
export function parseOperation(text: string): Operation | { error: string } {
  const words = text.trim().split(/\s+/);
  const [verb, number, partitionWord] = words;
  const usage = `expected "produce VALUE [pN]" or "consume FROM_OFFSET [pN]" (whole numbers, ${integerWordRange}), found "${text.trim()}"`;
  const value = integerWord(number);
  if ((verb !== 'produce' && verb !== 'consume') || value === null || words.length > 3) return { error: usage };
  let partition = 0;
  if (partitionWord !== undefined) {
    const parsed = integerWord(/^p(\d+)$/.exec(partitionWord)?.[1]);
    if (parsed === null) return { error: usage };
    partition = parsed;
  }
  return verb === 'produce' ? { type: 'produce', partition, value } : { type: 'consume', partition, fromOffset: value };
}
