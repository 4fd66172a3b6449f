/**
 * Kafka's knobs, as flat settable keys, and the topic's replica assignment.
 *
 * Time is counted in ticks. One tick stands for about three seconds of a real cluster (a little
 * more than a KRaft broker's 2 s heartbeat interval), so Kafka's defaults become: broker session
 * timeout 9 s = 3 ticks, `replica.lag.time.max.ms` 30 s = 10 ticks, `leader.imbalance.check.interval.seconds`
 * 300 s = 100 ticks, `replica.high.watermark.checkpoint.interval.ms` 5 s = 2 ticks. Hunts compress
 * the slow timers further (see {@link huntTimescale}) so that an ISR shrink or a preferred-leader
 * election fits into a schedule of a hundred events; the order of the timers is what matters.
 */
import type { NodeContext } from '../../core/types.ts';

/** Kafka's variants: the documented configuration, dangerous settings, and historical bugs (see index.ts). */
export type KafkaVariant =
  | 'correct'
  | 'acks-1'
  | 'unclean-election'
  | 'min-isr-1'
  | 'last-replica-standing'
  | 'hw-truncation'
  | 'epoch-fallback-to-hw'
  | 'no-fetch-epoch-fencing'
  | 'isr-expand-before-hw'
  | 'no-broker-epoch-in-fetch'
  | 'kraft-decide-before-replay'
  | 'kraft-uncommitted-metadata'
  | 'kraft-reregister-keeps-leadership'
  | 'zk-unconditional-isr-write'
  | 'zk-unfenced-controller-write'
  | 'zk-registration-without-epoch';

/** The rules of Kafka's replication that a historical bug broke, each named for what Kafka 3.5 does. */
export interface KafkaRules {
  /** A follower truncates by leader epoch (KIP-101), not to its high watermark (KAFKA-1211). */
  readonly truncateByLeaderEpoch: boolean;
  /** OffsetsForLeaderEpoch answers with the epoch and its end offset, so a follower truncates at the divergence (KIP-279, KAFKA-6361). */
  readonly truncateAtDivergingEpoch: boolean;
  /** Fetch and OffsetsForLeaderEpoch carry the current leader epoch, and a replica in another epoch is fenced (KIP-320, KAFKA-6880). */
  readonly fenceByCurrentLeaderEpoch: boolean;
  /** The leader adds a follower to the ISR only once it has fetched up to the leader's epoch start (KAFKA-7128). */
  readonly expandIsrOnlyPastEpochStart: boolean;
  /** Fetches and AlterPartition carry the broker epoch, so a restarted broker's stale state is fenced (KIP-903). */
  readonly checkBrokerEpoch: boolean;
  /** KRaft: a newly active controller decides nothing until it has replayed the committed metadata log up to its own epoch's start (KAFKA-15345). */
  readonly replayBeforeDeciding: boolean;
  /** KRaft: brokers are served only committed metadata records, below the quorum's high watermark (KIP-595). */
  readonly serveOnlyCommittedMetadata: boolean;
  /** A broker that registers as a new incarnation is fenced in its old one first: it loses its leaderships and leaves the ISRs (KIP-631's broker epochs). */
  readonly fenceOldIncarnation: boolean;
  /** ZooKeeper mode: a leader writes the ISR to the partition state znode only at the zkVersion it read (KAFKA-2729's conditional update). */
  readonly conditionalIsrWrite: boolean;
  /** ZooKeeper mode: the controller writes partition state only at the zkVersion it read, after checking that no newer controller epoch is stamped in it (as KAFKA-6082 fences a zombie controller's writes). */
  readonly fenceControllerWrites: boolean;
  /** ZooKeeper mode: a broker's registration znode carries its broker epoch and LeaderAndIsr names it (KIP-380, KAFKA-7235), so the controller cannot miss a quick bounce (KAFKA-1120). */
  readonly registrationHasBrokerEpoch: boolean;
}

export const correctKafkaRules: KafkaRules = {
  truncateByLeaderEpoch: true,
  truncateAtDivergingEpoch: true,
  fenceByCurrentLeaderEpoch: true,
  expandIsrOnlyPastEpochStart: true,
  checkBrokerEpoch: true,
  replayBeforeDeciding: true,
  serveOnlyCommittedMetadata: true,
  fenceOldIncarnation: true,
  conditionalIsrWrite: true,
  fenceControllerWrites: true,
  registrationHasBrokerEpoch: true,
};

export type KafkaNodeContext = NodeContext<KafkaConfig, KafkaRules>;

/** `acks` as Kafka spells it; `-1` is accepted as a synonym of `all`. */
export type AcksSetting = '0' | '1' | 'all';

/** Who runs the control plane: the abstract always-correct controller, or a KRaft quorum of controllers running Raft over a metadata log. ZooKeeper comes later. */
export type ControlPlane = 'abstract' | 'kraft' | 'zookeeper';
export const controlPlanes: readonly ControlPlane[] = ['abstract', 'kraft', 'zookeeper'];

export interface KafkaConfig {
  /** `abstract`: one always-correct controller node; `kraft`: a Raft quorum of controllers replicating a metadata log that brokers fetch. */
  readonly controlPlane: string;
  /** Brokers 0..brokerCount-1; the controller nodes follow them (see {@link controllerNodes}). */
  readonly brokerCount: number;
  /** KRaft: voters of the metadata quorum (`controller.quorum.voters`); the abstract controller is always one node. */
  readonly controllerCount: number;
  /** KRaft `process.roles=broker,controller`: brokers 0..controllerCount-1 are also the controllers (no separate controller nodes). */
  readonly combinedMode: boolean;
  /** Replicas per partition of the one topic; Kafka rejects more than there are brokers. */
  readonly replicationFactor: number;
  readonly partitionCount: number;
  /** Producer/consumer clients of the workload (each with one request outstanding). */
  readonly clientCount: number;
  /** `acks`: '0', '1' or 'all' (also '-1'). Kafka 3.0+ defaults to all. */
  readonly acks: string;
  /** `min.insync.replicas`: ISR size below which acks=all produces fail with NOT_ENOUGH_REPLICAS. */
  readonly minInsyncReplicas: number;
  /** `unclean.leader.election.enable`: elect an out-of-sync replica when no ISR member is alive. */
  readonly uncleanLeaderElectionEnable: boolean;
  /** `replica.lag.time.max.ms` in ticks of the leader: a follower not caught up for longer leaves the ISR. */
  readonly replicaLagTimeTicksMax: number;
  /** `auto.leader.rebalance.enable`: move leadership back to the preferred (first) replica. */
  readonly autoLeaderRebalanceEnable: boolean;
  /** `leader.imbalance.check.interval.seconds` in controller ticks. */
  readonly leaderImbalanceCheckIntervalTicks: number;
  /** `log.flush.interval.messages`: fsync after this many unflushed records; 0 means never (Kafka's default, Long.MAX_VALUE). */
  readonly logFlushIntervalMessages: number;
  /** `replica.high.watermark.checkpoint.interval.ms` in broker ticks. */
  readonly highWatermarkCheckpointIntervalTicks: number;
  /** `broker.session.timeout.ms` in controller ticks without a heartbeat before a broker is fenced. */
  readonly brokerSessionTimeoutTicks: number;
  /** `broker.heartbeat.interval.ms` in broker ticks: how often a broker heartbeats (and, in KRaft, fetches metadata). */
  readonly brokerHeartbeatIntervalTicks: number;
  /** `enable.idempotence`: the leader de-duplicates retries by (producer id, sequence). Default since Kafka 3.0. */
  readonly enableIdempotence: boolean;
  /** ZooKeeper mode: servers of the ZooKeeper ensemble, nodes after the brokers (running the ZAB model). */
  readonly zookeeperCount: number;
  /** ZooKeeper mode: `zookeeper.session.timeout.ms` in ZooKeeper-leader ticks: a broker silent for longer loses its session and its ephemeral znodes. */
  readonly zookeeperSessionTimeoutTicks: number;
}

export const defaultKafkaConfig: KafkaConfig = {
  controlPlane: 'abstract',
  brokerCount: 3,
  controllerCount: 3,
  combinedMode: false,
  replicationFactor: 3,
  partitionCount: 1,
  clientCount: 3,
  acks: 'all',
  minInsyncReplicas: 1,
  uncleanLeaderElectionEnable: false,
  replicaLagTimeTicksMax: 10,
  autoLeaderRebalanceEnable: true,
  leaderImbalanceCheckIntervalTicks: 100,
  logFlushIntervalMessages: 0,
  highWatermarkCheckpointIntervalTicks: 2,
  brokerSessionTimeoutTicks: 3,
  brokerHeartbeatIntervalTicks: 1,
  enableIdempotence: true,
  zookeeperCount: 3,
  // Kafka 2.5+'s default of 18 s, at about 3 s a tick.
  zookeeperSessionTimeoutTicks: 6,
};

/** ZooKeeper mode's hunting timescale: a silent broker loses its session after 3 ticks (as the KRaft session timeout is compressed). */
export const zookeeperHuntTimescale: Partial<KafkaConfig> = { controlPlane: 'zookeeper', zookeeperSessionTimeoutTicks: 3 };

/**
 * Timers compressed for hunting: a broker missing 3 controller ticks of heartbeats is fenced, a
 * lagging follower leaves the ISR after 3 leader ticks and the controller looks for leader
 * imbalance every 8 ticks. Every variant applies these: leader changes are what the bugs need.
 */
export const huntTimescale: Partial<KafkaConfig> = {
  brokerSessionTimeoutTicks: 2,
  replicaLagTimeTicksMax: 3,
  leaderImbalanceCheckIntervalTicks: 8,
};

/** The settings under which Kafka documents that acknowledged writes survive broker failures. */
export const durableSettings: Partial<KafkaConfig> = {
  replicationFactor: 3,
  minInsyncReplicas: 2,
  acks: 'all',
  uncleanLeaderElectionEnable: false,
};

export function acksOf(config: KafkaConfig): AcksSetting {
  if (config.acks === '-1') return 'all';
  return config.acks as AcksSetting;
}

/** Kafka's own spellings: `acks` may come as a number (`-1`, `0`, `1`) from the command line. */
export function normalizeKafkaSettings(overrides: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return 'acks' in overrides ? { ...overrides, acks: String(overrides['acks']) } : overrides;
}

/** Why `value` is not an integer from `min` to `max`, or null; a time setting's ceiling is its 50 times the default (timescaleProblem), not said here. */
function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER, min = 1, why = ''): string | null {
  if (Number.isInteger(value) && value >= min && value <= max) return null;
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return `${name} must be an integer ${range}, got ${value}${why === '' ? '' : `: ${why}`}`;
}

/** Rejects what Kafka's topic creation or config validation would reject, in Kafka's words. */
export function validateKafkaConfig(config: KafkaConfig): string | null {
  const problems = [
    positiveInteger('brokerCount', config.brokerCount, 7),
    positiveInteger('partitionCount', config.partitionCount, 4),
    positiveInteger('clientCount', config.clientCount, 8),
    // A fetch and its answer take about a tick each: at 1 every idle follower left the ISR between two fetches
    // and came back, forever (Kafka: replica.fetch.wait.max.ms must be below replica.lag.time.max.ms).
    positiveInteger(
      'replicaLagTimeTicksMax',
      config.replicaLagTimeTicksMax,
      Number.MAX_SAFE_INTEGER,
      2,
      "a follower's fetch and the leader's answer take about a tick each (Kafka: replica.fetch.wait.max.ms must be below replica.lag.time.max.ms)",
    ),
    positiveInteger('leaderImbalanceCheckIntervalTicks', config.leaderImbalanceCheckIntervalTicks),
    positiveInteger('highWatermarkCheckpointIntervalTicks', config.highWatermarkCheckpointIntervalTicks),
    positiveInteger('brokerSessionTimeoutTicks', config.brokerSessionTimeoutTicks),
    positiveInteger('brokerHeartbeatIntervalTicks', config.brokerHeartbeatIntervalTicks),
    positiveInteger('controllerCount', config.controllerCount, 5),
    positiveInteger('zookeeperCount', config.zookeeperCount, 5),
    // ZooKeeper raises a session timeout below 2 ticks to 2 (minSessionTimeout = 2 x tickTime); at 1 every broker's session expired over and over.
    positiveInteger(
      'zookeeperSessionTimeoutTicks',
      config.zookeeperSessionTimeoutTicks,
      Number.MAX_SAFE_INTEGER,
      2,
      "ZooKeeper's shortest session timeout is 2 ticks (minSessionTimeout = 2 x tickTime)",
    ),
  ];
  const first = problems.find((problem) => problem !== null);
  if (first) return first;
  if (!Number.isInteger(config.replicationFactor) || config.replicationFactor < 1) {
    return 'Replication factor must be larger than 0.';
  }
  if (config.replicationFactor > config.brokerCount) {
    // kafka.admin.AdminUtils.assignReplicasToBrokers, word for word.
    return `Replication factor: ${config.replicationFactor} larger than available brokers: ${config.brokerCount}. (replicationFactor must not exceed brokerCount)`;
  }
  if (!['0', '1', 'all', '-1'].includes(config.acks)) {
    return `Invalid value ${config.acks} for configuration acks: String must be one of: all, -1, 0, 1`;
  }
  if (!Number.isInteger(config.minInsyncReplicas) || config.minInsyncReplicas < 1) {
    return `Invalid value ${config.minInsyncReplicas} for configuration min.insync.replicas: Value must be at least 1`;
  }
  if (!(controlPlanes as readonly string[]).includes(config.controlPlane)) {
    return `Invalid value ${config.controlPlane} for controlPlane: must be one of ${controlPlanes.join(', ')}`;
  }
  if (config.brokerHeartbeatIntervalTicks >= config.brokerSessionTimeoutTicks) {
    // KafkaConfig: "broker.heartbeat.interval.ms must be less than broker.session.timeout.ms" (as Kafka checks it).
    return `broker.heartbeat.interval.ms (${config.brokerHeartbeatIntervalTicks} ticks) must be less than broker.session.timeout.ms (${config.brokerSessionTimeoutTicks} ticks) (brokerHeartbeatIntervalTicks must be less than brokerSessionTimeoutTicks)`;
  }
  if (config.combinedMode && config.controlPlane !== 'kraft') return 'combinedMode (process.roles=broker,controller) needs controlPlane=kraft';
  if (config.combinedMode && config.controllerCount > config.brokerCount) {
    return `combinedMode: controllerCount (${config.controllerCount}) must not exceed brokerCount (${config.brokerCount}): every controller is also a broker`;
  }
  if (!Number.isInteger(config.logFlushIntervalMessages) || config.logFlushIntervalMessages < 0) {
    return `logFlushIntervalMessages must be 0 (never) or a positive integer, got ${config.logFlushIntervalMessages}`;
  }
  return null;
}

/**
 * Kafka's rack-unaware replica assignment (AdminUtils.assignReplicasToBrokers) with start index
 * and shift 0 instead of random ones: partition p's first replica is broker p mod n, so leaders
 * spread over the brokers, and the other replicas follow with a shift that changes every n
 * partitions. The first replica is the preferred leader.
 */
export function assignReplicas(config: KafkaConfig): readonly (readonly number[])[] {
  const brokers = config.brokerCount;
  return Array.from({ length: config.partitionCount }, (_, partition) => {
    const first = partition % brokers;
    const shift = Math.floor(partition / brokers);
    const replicas = [first];
    for (let index = 0; index < config.replicationFactor - 1; index++) {
      const step = 1 + ((shift + index) % Math.max(1, brokers - 1));
      replicas.push((first + step) % brokers);
    }
    return replicas;
  });
}

/** The node id of the abstract controller: the one after the brokers. */
export function controllerNode(config: KafkaConfig): number {
  return config.brokerCount;
}

export function isKraft(config: KafkaConfig): boolean {
  return config.controlPlane === 'kraft';
}

export function isZookeeper(config: KafkaConfig): boolean {
  return config.controlPlane === 'zookeeper';
}

/** ZooKeeper mode: the ensemble's servers, nodes brokerCount..brokerCount+zookeeperCount-1 (ZAB server i is node brokerCount+i). */
export function zookeeperNodes(config: KafkaConfig): readonly number[] {
  return Array.from({ length: config.zookeeperCount }, (_, index) => config.brokerCount + index);
}

/**
 * The control plane's nodes. Abstract: one node after the brokers. KRaft: `controllerCount` nodes
 * after the brokers, or, in combined mode, brokers 0..controllerCount-1 themselves.
 */
export function controllerNodes(config: KafkaConfig): readonly number[] {
  const known = controllerNodesByConfig.get(config);
  if (known) return known;
  const first = config.combinedMode ? 0 : config.brokerCount;
  // ZooKeeper mode: the controller is whichever broker holds /controller, so the control plane's nodes are the ensemble's.
  const nodes = isKraft(config)
    ? Array.from({ length: config.controllerCount }, (_, index) => first + index)
    : isZookeeper(config)
      ? zookeeperNodes(config)
      : [config.brokerCount];
  controllerNodesByConfig.set(config, nodes);
  return nodes;
}

/** Configs are fixed for a whole simulation: the list is built once per config (it holds no model state). */
const controllerNodesByConfig = new WeakMap<KafkaConfig, readonly number[]>();

/** Every node of the cluster: brokers, then controllers that are not brokers. */
export function kafkaNodeCount(config: KafkaConfig): number {
  if (isZookeeper(config)) return config.brokerCount + config.zookeeperCount;
  if (!isKraft(config)) return config.brokerCount + 1;
  return config.combinedMode ? config.brokerCount : config.brokerCount + config.controllerCount;
}

/** Whether a node runs a broker (brokers are nodes 0..brokerCount-1 in every layout). */
export function isBrokerNode(config: KafkaConfig, node: number): boolean {
  return node < config.brokerCount;
}

/** Whether a node runs a (KRaft or abstract) controller. */
export function isControllerNode(config: KafkaConfig, node: number): boolean {
  return controllerNodes(config).includes(node);
}
