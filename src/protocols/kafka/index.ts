/**
 * Kafka partition replication as faultline sees it: brokers (broker.ts) replicating a topic's
 * partitions under a control plane, either an abstract controller (controller.ts) or a KRaft
 * quorum (kraft.ts on the Raft component, quorum.ts; records in metadata.ts; combined mode in
 * combined.ts) making the same decisions (decisions.ts), producers and consumers, and Kafka's
 * historical bugs and dangerous settings as variants. See docs/protocols/kafka.md.
 */
import { defineProtocol } from '../../core/protocol.ts';
import type { ScheduleProfile } from '../../core/types.ts';
import { crashBroker, initBroker, maximalIsr, restartBroker, stepBroker, type BrokerState, type FollowerProgress } from './broker.ts';
import {
  controllerNode,
  correctKafkaRules,
  acksOf,
  defaultKafkaConfig,
  durableSettings,
  huntTimescale,
  isBrokerNode,
  isControllerNode,
  isKraft,
  isZookeeper,
  kafkaNodeCount,
  zookeeperHuntTimescale,
  normalizeKafkaSettings,
  validateKafkaConfig,
  type KafkaConfig,
  type KafkaNodeContext,
} from './config.ts';
import { initController, restartController, stepController, type ControllerDurable, type ControllerState } from './controller.ts';
import { brokerPart, controllerPart, crashCombined, initCombined, restartCombined, stepCombined, type CombinedState } from './combined.ts';
import {
  committedImage,
  crashKraftController,
  initKraftController,
  restartKraftController,
  stepKraftController,
  type KraftControllerState,
} from './kraft.ts';
import { lastIndex } from '../raft/component.ts';
import {
  crashZkBroker,
  crashZkServer,
  initZkBroker,
  initZkServer,
  restartZkBroker,
  restartZkServer,
  serverStateData,
  stepZkBroker,
  stepZkServer,
  zkBrokerPart,
  type ZkBrokerState,
  type ZkServerState,
} from './zookeeper.ts';
import { assertNever } from '../../core/assert.ts';
import { describeMessage, describeOperation, describeOutput, describeRecords, parseOperation } from './messages.ts';
import { kafkaFingerprint } from './fingerprint.ts';
import { kafkaPressure } from './pressure.ts';
import { kafkaGhost, kafkaGoals, kafkaProperties, kafkaUnsettled, type KafkaTypes } from './properties.ts';

export type { KafkaConfig } from './config.ts';
export type { KafkaGhost, KafkaState } from './properties.ts';

/** Hunts need longer schedules than the default: a leader change takes heartbeats, timeouts and metadata. */
export const kafkaProfile: ScheduleProfile = {
  weights: {
    deliver: 40,
    drop: 1,
    duplicate: 1,
    tick: 30,
    crash: 4,
    restart: 3,
    partition: 2,
    heal: 1,
    client: 10,
  },
  eventsMax: 150,
  powerLossFraction: 0,
  swarm: true,
};

/** The correct model's settings on a KRaft quorum of three controllers. */
const kraftSettings: Partial<KafkaConfig> = { ...huntTimescale, ...durableSettings, controlPlane: 'kraft' };

/** The correct model's settings on a ZooKeeper ensemble of three servers. */
const zookeeperSettings: Partial<KafkaConfig> = { ...huntTimescale, ...durableSettings, ...zookeeperHuntTimescale };

/**
 * How many times longer than with 3 replicas the liveness phase must be: after healing, a leader
 * whose ISR shrank to itself adds its followers back one AlterPartition at a time (one in flight
 * per partition), each a round trip through the controller (on KRaft a Raft commit and a metadata
 * fetch too). With 7 replicas on KRaft the sixth follower was still on its way back when the
 * 60-round phase ended, and the correct model failed isr-recovers (a sweep of the settings, run 533).
 */
function replicasScale(config: KafkaConfig): number {
  return Math.max(1, Math.ceil(config.replicationFactor / 3));
}

function isController(context: KafkaNodeContext): boolean {
  return context.node === controllerNode(context.config);
}

function describeKraftController(state: KraftControllerState, config: KafkaConfig): Record<string, string> {
  const raft = state.durable.raft;
  const role = state.volatile.raft.role;
  const fields: Record<string, string> = {};
  fields['quorum'] = `${role.kind === 'follower' ? `follower of ${role.leader ?? 'nobody'}` : role.kind}, epoch ${raft.currentTerm}`;
  fields['metadata log'] = `${lastIndex(raft)} entries, committed ${state.volatile.raft.commitIndex}`;
  const image = committedImage(state);
  for (const [partition, registration] of image.partitions.entries()) {
    const prefix = config.partitionCount > 1 ? `p${partition} ` : '';
    fields[`${prefix}leader`] = `${registration.leader ?? 'none'} (epoch ${registration.leaderEpoch})`;
    fields[`${prefix}isr`] = `[${registration.isr.join(',')}] (partition epoch ${registration.partitionEpoch})`;
  }
  const fenced = image.brokers.flatMap((broker, id) => (broker.alive ? [] : [id]));
  fields['fenced'] = `[${fenced.join(',')}]`;
  return fields;
}

/** "1 at 0, 2 at 1 (incarnation 1)": each follower's log end as its last fetch told the leader; "–" before its first fetch this epoch. */
function describeFollowers(followers: readonly (FollowerProgress | null)[]): string {
  const parts = followers.flatMap((progress, broker) => {
    if (!progress) return [];
    const incarnation = progress.incarnation > 0 ? ` (incarnation ${progress.incarnation})` : '';
    return [`${broker} at ${progress.logEndOffset ?? '–'}${incarnation}`];
  });
  return parts.join(', ');
}

function describeBroker(state: BrokerState, config: KafkaConfig): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [partition, replica] of state.volatile.replicas.entries()) {
    const log = state.durable.logs[partition];
    if (!replica || !log) continue;
    const prefix = config.partitionCount > 1 ? `p${partition} ` : '';
    const role = replica.role;
    let roleText: string;
    switch (role.kind) {
      case 'leader': {
        const pending = role.pendingIsr ? ` (asked for [${role.pendingIsr.isr.join(',')}])` : '';
        roleText = `leader, epoch ${replica.leaderEpoch}, isr [${maximalIsr(replica).join(',')}]${pending}`;
        break;
      }
      case 'follower':
        roleText = `follower of ${replica.leader}, epoch ${replica.leaderEpoch}${role.phase === 'truncating' ? ' (truncating)' : ''}`;
        break;
      case 'none':
        roleText = replica.leaderEpoch < 0 ? 'waiting for the controller' : `no leader, epoch ${replica.leaderEpoch}`;
        break;
    }
    const flushed = log.flushedLength > 0 && log.flushedLength < log.records.length ? ` (first ${log.flushedLength} flushed)` : '';
    fields[`${prefix}role`] = roleText;
    // What the leader knows of each follower's log end: the high watermark advances on it, so a
    // fetch that moves it is a step a story can turn on (a stale fetch from a broker's earlier life).
    if (role.kind === 'leader') fields[`${prefix}followers`] = describeFollowers(role.followers);
    fields[`${prefix}log`] = `${describeRecords(log.records)}${flushed}`;
    fields[`${prefix}hw`] = String(replica.highWatermark);
    fields[`${prefix}hw checkpoint`] = String(log.checkpointedHighWatermark);
    // An empty cache reads "(none)": an empty field read as a value cut off ("epochs e0@0 → ").
    fields[`${prefix}epochs`] =
      log.epochCache.length === 0 ? '(none)' : log.epochCache.map((entry) => `e${entry.epoch}@${entry.startOffset}`).join(' ');
  }
  return fields;
}

function describeController(durable: ControllerDurable, config: KafkaConfig): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [partition, registration] of durable.partitions.entries()) {
    const prefix = config.partitionCount > 1 ? `p${partition} ` : '';
    fields[`${prefix}leader`] = `${registration.leader ?? 'none'} (epoch ${registration.leaderEpoch})`;
    fields[`${prefix}isr`] = `[${registration.isr.join(',')}] (partition epoch ${registration.partitionEpoch})`;
  }
  const fenced = durable.brokers.flatMap((broker, id) => (broker.alive ? [] : [id]));
  fields['fenced'] = `[${fenced.join(',')}]`;
  return fields;
}

export const kafka = defineProtocol<KafkaTypes>({
  name: 'kafka',
  description:
    'Kafka partition replication: pull-based followers, high watermark, ISR, leader epochs with OffsetsForLeaderEpoch truncation (KIP-101/279) and epoch fencing (KIP-320), a control plane (an abstract controller, or a KRaft quorum running Raft over a metadata log that brokers fetch), producers with acks and min.insync.replicas, consumers reading up to the high watermark.',
  model: {
    init(context, randomSeed) {
      if (isZookeeper(context.config)) {
        return isBrokerNode(context.config, context.node) ? initZkBroker(context) : initZkServer(context, randomSeed);
      }
      if (isKraft(context.config)) {
        const broker = isBrokerNode(context.config, context.node);
        if (broker && isControllerNode(context.config, context.node)) return initCombined(context, randomSeed);
        return broker ? initBroker(context) : initKraftController(context, randomSeed);
      }
      return isController(context) ? initController(context) : initBroker(context);
    },
    step(context, state, input) {
      switch (state.durable.kind) {
        case 'controller':
          return stepController(context, state as ControllerState, input);
        case 'kraft-controller':
          return stepKraftController(context, state as KraftControllerState, input);
        case 'combined':
          return stepCombined(context, state as CombinedState, input);
        case 'broker':
          return stepBroker(context, state as BrokerState, input);
        case 'zk-broker':
          return stepZkBroker(context, state as ZkBrokerState, input);
        case 'zk-server':
          return stepZkServer(context, state as ZkServerState, input);
        default:
          return assertNever(state.durable, 'kafka node');
      }
    },
    crash(context, state, options) {
      switch (state.durable.kind) {
        case 'controller':
          return state.durable;
        case 'kraft-controller':
          return crashKraftController(context, state as KraftControllerState, options.loseUnflushed);
        case 'combined':
          return crashCombined(context, state as CombinedState, options.loseUnflushed);
        case 'broker':
          return crashBroker(state as BrokerState, options.loseUnflushed);
        case 'zk-broker':
          return crashZkBroker(state as ZkBrokerState, options.loseUnflushed);
        case 'zk-server':
          return crashZkServer(state as ZkServerState, options.loseUnflushed);
        default:
          return assertNever(state.durable, 'kafka node');
      }
    },
    restart(context, durable, randomSeed) {
      switch (durable.kind) {
        case 'controller':
          return restartController(durable);
        case 'kraft-controller':
          return restartKraftController(context, durable, randomSeed);
        case 'combined':
          return restartCombined(context, durable, randomSeed);
        case 'broker':
          return restartBroker(context, durable);
        case 'zk-broker':
          return restartZkBroker(context, durable);
        case 'zk-server':
          return restartZkServer(context, durable, randomSeed);
        default:
          return assertNever(durable, 'kafka node');
      }
    },
  },
  correctRules: correctKafkaRules,
  variants: {
    correct: {
      description:
        "Kafka 3.5's replication (leader epochs, KIP-279 truncation, KIP-320 fencing, KAFKA-7128, KIP-903 broker epochs) with the settings it documents for durability: replication factor 3, min.insync.replicas=2, acks=all, clean leader election, process crashes only (no power loss). Where planes and versions differ (KIP-903 is KRaft-only in Kafka; KRaft elects uncleanly on its own only from Kafka 3.9; the ZooKeeper plane's leaders write the ISR as before Kafka 2.7), see docs/protocols/kafka.md.",
      settings: { ...huntTimescale, ...durableSettings },
    },
    'hw-truncation': {
      description:
        'Before KIP-101 (Kafka < 0.11, KAFKA-1211): a follower of a new leader truncates its log to its own high watermark. The follower learns the HW one fetch late, so it throws away records the leader already committed; if it is then elected, they are gone.',
      breaks: 'replica-consistency',
      rules: { truncateByLeaderEpoch: false },
      settings: { ...huntTimescale, ...durableSettings },
    },
    'epoch-fallback-to-hw': {
      description:
        'KIP-101 as first shipped, without KIP-279 (KAFKA-6361): the leader answers OffsetsForLeaderEpoch with the start of its next epoch but not which epoch ended there, and an unknown epoch sends the follower back to its HW. After two quick leader changes a follower keeps records the new leader does not have at the same offsets: the logs diverge below the HW.',
      breaks: 'replica-consistency',
      rules: { truncateAtDivergingEpoch: false },
      // One partition and leader rebalancing on (Kafka's defaults), pinned against the setting swarm:
      // drawn, the default hunt needed 1,530 runs (median of seeds 1000-1019) against 710 without the
      // swarm; pinned, 960 (any one of the two alone: 1,440-1,460).
      settings: { ...huntTimescale, ...durableSettings, partitionCount: 1, autoLeaderRebalanceEnable: true },
    },
    'no-fetch-epoch-fencing': {
      description:
        'Before KIP-320 (KAFKA-6880): Fetch and OffsetsForLeaderEpoch carry no leader epoch the leader checks, and a follower does not check which epoch a response belongs to. A replica whose LeaderAndIsr is late keeps fetching from an old leader, or applies a late response to a log it has since truncated, and diverges from the ISR.',
      breaks: 'replica-consistency',
      rules: { fenceByCurrentLeaderEpoch: false },
      // The bug needs a leader to lose and regain leadership while a replica misses both changes:
      // a preferred-leader check every tick (leader.imbalance.check.interval.seconds of about 3 s)
      // returns leadership to broker 0 as soon as it is back in the ISR, and a lossier network with
      // longer schedules lets a LeaderAndIsr go missing. The correct model survives this profile too.
      settings: { ...huntTimescale, ...durableSettings, leaderImbalanceCheckIntervalTicks: 1 },
      schedule: { weights: { ...kafkaProfile.weights, drop: 6 }, eventsMax: 250 },
    },
    'isr-expand-before-hw': {
      description:
        "Before KAFKA-7128: a new leader lets a returning follower back into the ISR as soon as it reaches the leader's high watermark, which lags after a leader change, instead of waiting until it reaches the start of the leader's epoch. If the leader then fails, the follower is elected without records that were committed.",
      breaks: 'no-acked-write-lost',
      rules: { expandIsrOnlyPastEpochStart: false },
      // The story's leader change back to the preferred replica needs Kafka's default
      // auto.leader.rebalance.enable=true; pinned so that the setting swarm does not draw it off.
      settings: { ...huntTimescale, ...durableSettings, autoLeaderRebalanceEnable: true },
    },
    'unclean-election': {
      description:
        "unclean.leader.election.enable=true, the scenario of Jepsen's 2013 Kafka analysis: the followers drop out of the ISR, the lone leader keeps acknowledging (min.insync.replicas=1, as in 2013), it is cut off (its heartbeats reach the controller late and it is fenced), and an out-of-sync replica is elected without those records.",
      breaks: 'no-acked-write-lost',
      settings: { ...huntTimescale, ...durableSettings, uncleanLeaderElectionEnable: true, minInsyncReplicas: 1 },
    },
    'acks-1': {
      description:
        'acks=1: the leader acknowledges a record as soon as it is in its own log. If it fails before a follower fetched the record, a follower is elected and the old leader truncates the record when it returns.',
      breaks: 'no-acked-write-lost',
      settings: { ...huntTimescale, ...durableSettings, acks: '1' },
    },
    'min-isr-1': {
      description:
        'min.insync.replicas=1: with the followers out of the ISR, the leader alone acknowledges acks=all writes. They exist on one disk only, in its page cache (log.flush.interval.messages is never by default), and a power loss of that broker erases them; it is still the only ISR member and is elected again.',
      breaks: 'no-acked-write-lost',
      settings: { ...huntTimescale, ...durableSettings, minInsyncReplicas: 1 },
      schedule: { powerLossFraction: 0.5 },
    },
    'no-broker-epoch-in-fetch': {
      description:
        'Before KIP-903 (Kafka 3.5, KRaft mode only): the leader cannot tell which life of a follower a fetch comes from. A broker loses power and restarts with an empty log, and a fetch its previous life sent, delayed or duplicated in the network, tells the leader it is caught up: the leader puts the empty broker back into the ISR and counts it toward the high watermark. (Power losses also allow the losses of last-replica-standing, which random hunts tend to find first.)',
      breaks: 'replica-consistency',
      rules: { checkBrokerEpoch: false },
      settings: { ...huntTimescale, ...durableSettings },
      schedule: { powerLossFraction: 0.5 },
    },
    'kraft-decide-before-replay': {
      description:
        'A newly elected active controller decides (fences brokers, elects partition leaders, accepts AlterPartition) before it has replayed the metadata log up to the start of its own epoch, on an image that lacks records the previous controller wrote. Those records commit with its own, and the partition epochs in the committed metadata go back. A hazard that generalises two real bugs: KAFKA-15345 (fixed in 3.6: only with an empty log was the controller told at once that it leads; with a non-empty log Kafka already waited for the epoch start, and the saved story has one) and KAFKA-17333 (fixed in 3.9: a restarted former leader, resigned, was told it leads before reaching its log end).',
      breaks: 'epochs-durable',
      rules: { replayBeforeDeciding: false },
      settings: kraftSettings,
    },
    'kraft-uncommitted-metadata': {
      description:
        "KRaft without KIP-595's rule that only committed metadata is exposed: the active controller serves brokers metadata records beyond the quorum's high watermark. A broker acts on a decision the quorum then loses when the controller fails, and the next controller decides differently.",
      breaks: 'metadata-committed-prefix',
      rules: { serveOnlyCommittedMetadata: false },
      settings: kraftSettings,
    },
    'kraft-reregister-keeps-leadership': {
      description:
        'A KRaft controller that accepts a new incarnation of a broker while its old session lives, and keeps the leaderships and ISR memberships of its previous life (it writes no partition changes for the old broker epoch): after a power loss the broker comes back empty and is still counted in the ISR, or leads again in the same leader epoch. A hazard, not the behaviour of any Kafka release: before KAFKA-18106 (PR #18045) Kafka refused such a registration (DuplicateBrokerRegistrationException) until the old session expired and fenced the broker; KAFKA-18106 accepts it and writes the partition changes.',
      breaks: 'replica-consistency',
      rules: { fenceOldIncarnation: false },
      settings: kraftSettings,
      schedule: { powerLossFraction: 0.5 },
    },
    'zk-unconditional-isr-write': {
      description:
        "ZooKeeper mode (leaders write the ISR themselves, as before Kafka 2.7's KIP-497) with a leader that writes its ISR change to the partition state znode without the zkVersion it read (Partition.updateIsr's conditional update, whose refusal is KAFKA-2729's \"Cached zkVersion not equal to that in zookeeper, skip updating ISR\"): a leader's ISR write overwrites what the controller wrote since the leader read it, and the epochs in ZooKeeper go back.",
      breaks: 'epochs-durable',
      rules: { conditionalIsrWrite: false },
      settings: zookeeperSettings,
    },
    'zk-unfenced-controller-write': {
      description:
        'ZooKeeper mode with a controller that writes partition state without a version check (neither the zkVersion it read nor, as KAFKA-6082 added in Kafka 2.1, the controller epoch zkVersion in the same multi): a controller overwrites what a leader or a newer controller wrote since it read, and the partition epochs in ZooKeeper go back.',
      breaks: 'epochs-durable',
      rules: { fenceControllerWrites: false },
      settings: zookeeperSettings,
    },
    'zk-registration-without-epoch': {
      description:
        "ZooKeeper mode before KIP-380 (Kafka 2.2, KAFKA-7235): a broker registers as /brokers/ids/<id> and LeaderAndIsr carries no broker epoch. A broker that restarts within its session timeout finds its registration still there, so the controller never sees it go (KAFKA-1120: the controller misses the broker's state change; in Kafka the restarted broker has a new session and the miss needs its old znode's deletion and new one's creation to race the controller's read, while here it keeps its session and the miss is certain): it still counts the restarted broker as leader and in the ISR while the broker, back with no partition state, waits to be told.",
      breaks: 'isr-recovers',
      rules: { registrationHasBrokerEpoch: false },
      settings: zookeeperSettings,
    },
    'last-replica-standing': {
      description:
        'The correct protocol with the durable settings, but brokers may lose power: once the ISR has shrunk to one broker (min.insync.replicas=2 stops new writes, not the shrink), a power loss erases acknowledged records from its page cache, and being the last ISR member it is elected again with the hole. This is a limitation of Kafka, not of the model: KIP-966 (Eligible Leader Replicas, unclean shutdown detection) addresses it.',
      breaks: 'no-acked-write-lost',
      knownLimitation: true,
      settings: { ...huntTimescale, ...durableSettings },
      schedule: { powerLossFraction: 0.5 },
    },
  },
  properties: kafkaProperties,
  settings: {
    defaults: defaultKafkaConfig,
    meaning: {
      controlPlane: {
        meaning:
          'who runs the control plane: abstract (one always-correct controller node), kraft (a Raft quorum of controllers replicating a metadata log that brokers fetch) or zookeeper (a ZAB ensemble; the broker holding /controller decides)',
        choices: ['abstract', 'kraft', 'zookeeper'],
      },
      brokerCount: { meaning: 'brokers 0..brokerCount-1; the controller nodes follow them (abstract: node brokerCount) (1 to 7)' },
      controllerCount: { meaning: 'kraft: voters of the metadata quorum (controller.quorum.voters), nodes after the brokers (1 to 5)' },
      zookeeperCount: { meaning: 'zookeeper: servers of the ZooKeeper ensemble (running the ZAB model), nodes after the brokers (1 to 5)' },
      zookeeperSessionTimeoutTicks: {
        meaning:
          'zookeeper: zookeeper.session.timeout.ms in ZooKeeper-leader ticks: a silent broker loses its session, its registration and /controller',
      },
      combinedMode: { meaning: 'kraft: process.roles=broker,controller: brokers 0..controllerCount-1 are also the controllers' },
      replicationFactor: { meaning: 'replicas per partition of the one topic; Kafka rejects more than there are brokers' },
      partitionCount: { meaning: 'partitions of the topic (1 to 4)' },
      clientCount: { meaning: 'producer and consumer clients of the workload, each with one request outstanding (1 to 8)' },
      acks: {
        meaning: 'acks: how many replicas must have a record before the producer is answered (0, 1, all; -1 means all)',
        choices: ['0', '1', 'all', '-1'],
      },
      minInsyncReplicas: { meaning: 'min.insync.replicas: ISR size below which acks=all produces fail with NOT_ENOUGH_REPLICAS' },
      uncleanLeaderElectionEnable: { meaning: 'unclean.leader.election.enable: elect an out-of-sync replica when no ISR member is alive' },
      replicaLagTimeTicksMax: { meaning: 'replica.lag.time.max.ms in leader ticks: a follower not caught up for longer leaves the ISR' },
      autoLeaderRebalanceEnable: { meaning: 'auto.leader.rebalance.enable: move leadership back to the preferred (first) replica' },
      leaderImbalanceCheckIntervalTicks: { meaning: 'leader.imbalance.check.interval.seconds in controller ticks' },
      logFlushIntervalMessages: { meaning: "log.flush.interval.messages: fsync after this many unflushed records; 0 means never (Kafka's default)" },
      highWatermarkCheckpointIntervalTicks: { meaning: 'replica.high.watermark.checkpoint.interval.ms in broker ticks' },
      brokerSessionTimeoutTicks: { meaning: 'broker.session.timeout.ms in controller ticks without a heartbeat before a broker is fenced' },
      brokerHeartbeatIntervalTicks: {
        meaning:
          'broker.heartbeat.interval.ms in broker ticks: how often a broker heartbeats (kraft: and fetches metadata); below the session timeout',
      },
      enableIdempotence: { meaning: 'enable.idempotence: the leader de-duplicates retries by producer id and sequence (default since Kafka 3.0)' },
    },
    validate: validateKafkaConfig,
    normalize: normalizeKafkaSettings,
    // Each run of a hunt draws one value per key (docs/hunting.md#setting-swarm); the correct
    // variant's timescale is where it starts from.
    swarm: {
      partitionCount: [1, 2],
      autoLeaderRebalanceEnable: [true, false],
      leaderImbalanceCheckIntervalTicks: [8, 1],
      logFlushIntervalMessages: [0, 1],
    },
    unpromised: {
      acks: {
        '0': 'acks=0: the producer is answered before any broker has the record, so nothing acknowledged is durable',
        '1': 'acks=1 loses acknowledged records when the leader fails (the acks-1 variant shows it)',
      },
      minInsyncReplicas: {
        '1': 'min.insync.replicas=1 lets a lone leader acknowledge records only it holds, which a power loss erases (the min-isr-1 variant shows it)',
      },
      uncleanLeaderElectionEnable: { true: 'an unclean election loses committed records by design (the unclean-election variant shows it)' },
      enableIdempotence: {
        false:
          'without idempotence a retried produce is appended twice (at-least-once delivery, as Kafka documents), so the history is not linearizable',
      },
    },
  },
  workload: {
    // Two produce shapes to one consume: writes are what can be lost.
    kindCount: 3,
    parameterCount: 2,
    parameterMax: 9,
    build(config, kind, parameters) {
      const first = parameters[0] ?? 0;
      const partition = (parameters[1] ?? 0) % config.partitionCount;
      return kind % 3 === 2 ? { type: 'consume', partition, fromOffset: first % 3 } : { type: 'produce', partition, value: first };
    },
    // The model would answer UNKNOWN_TOPIC_OR_PARTITION: a story the workload never tells.
    validate: (config, operation) =>
      operation.partition < config.partitionCount
        ? null
        : `partition ${operation.partition} does not exist: partitionCount=${config.partitionCount} (${config.partitionCount === 1 ? 'p0 only' : `p0 to p${config.partitionCount - 1}`})`,
  },
  ghost: kafkaGhost,
  hunt: {
    // ZooKeeper mode runs ZAB, which assumes TCP connections: every link is then FIFO (Kafka's are TCP too).
    fifoLinks: (config) => isZookeeper(config),
    nodeCount: kafkaNodeCount,
    profile: () => kafkaProfile,
    // The phase's rounds below are tuned for the hunts' compressed timers: set longer (the documented
    // defaults, say), they lengthen it as many times (leader.imbalance.check.interval 100 ticks: 13 times).
    livenessTunedFor: (config) => ({
      ...huntTimescale,
      ...(isZookeeper(config) ? { zookeeperSessionTimeoutTicks: zookeeperHuntTimescale.zookeeperSessionTimeoutTicks } : {}),
    }),
    // After healing, a produce to partition 0 and a consume from its start must succeed; no produce
    // where the settings refuse every one (acks=all with min.insync.replicas above the replicas).
    liveness: (config) => ({
      // ZooKeeper mode needs more: every decision is a read and a conditional write through ZAB before anybody acts on it.
      // Tuned for 3 replicas, and longer with more (see replicasScale).
      roundsMax: (isZookeeper(config) ? 150 : 60) * replicasScale(config),
      retryEveryRounds: 4,
      progressProbe: [
        ...(acksOf(config) === 'all' && config.minInsyncReplicas > config.replicationFactor
          ? []
          : [{ type: 'produce', partition: 0, value: 99 } as const]),
        { type: 'consume', partition: 0, fromOffset: 0 },
      ],
      // Crashed brokers stay down (at least one broker is up), and so do KRaft controllers that
      // are not brokers, a minority of the quorum at most; the ensemble and the abstract controller
      // restart. `recovers-with-brokers-down` then checks that the cluster recovers without them.
      degraded: {
        // On KRaft a controller left down leaves two voters, and then one particular controller
        // must win: the one with the shorter log cannot, but keeps raising the term and restarting
        // the other's election timer (the Raft component restarts it on every higher term), so in
        // the phase's lockstep rounds an election can take dozens of rounds (a correct run, seed
        // 44, still had no leader after 60). Runs that recover end as soon as they do.
        roundsMax: (isZookeeper(config) ? 150 : isKraft(config) ? 200 : 60) * replicasScale(config),
        stayDown: (down) => {
          const brokers = down.filter((node) => isBrokerNode(config, node) && !isControllerNode(config, node));
          const controllers = isKraft(config) ? down.filter((node) => !isBrokerNode(config, node)) : [];
          return [
            ...(brokers.length < config.brokerCount ? brokers : brokers.slice(1)),
            ...controllers.slice(0, Math.floor((config.controllerCount - 1) / 2)),
          ];
        },
      },
    }),
    settled: (view) => kafkaUnsettled(view) === null,
    sometimes: kafkaGoals,
    fingerprint: kafkaFingerprint,
    pressure: kafkaPressure,
  },
  presentation: {
    describeMessage,
    describeOperation,
    describeOutput,
    summarizeState(state, config) {
      if (state.durable.kind === 'controller') return describeController(state.durable, config);
      if (state.durable.kind === 'kraft-controller') return describeKraftController(state as KraftControllerState, config);
      if (state.durable.kind === 'zk-server') {
        const server = state as ZkServerState;
        const data = serverStateData(config, server);
        const role = server.volatile.role;
        const fields: Record<string, string> = {
          zookeeper: `${role.kind} (zxid ${server.volatile.tree.zxid.epoch}:${server.volatile.tree.zxid.counter})`,
        };
        for (const [partition, registration] of data.image.partitions.entries()) {
          fields[`p${partition} /state`] =
            `leader ${registration.leader ?? 'none'} (epoch ${registration.leaderEpoch}), isr [${registration.isr.join(',')}] (partition epoch ${registration.partitionEpoch}), controller epoch ${data.controllerEpoch}`;
        }
        return fields;
      }
      if (state.durable.kind === 'zk-broker') {
        const broker = state as ZkBrokerState;
        const zk = broker.volatile.zk;
        return {
          ...describeBroker(zkBrokerPart(broker), config),
          zookeeper: `${zk.controller ? `controller, epoch ${zk.controller.epoch}` : 'broker'}, obeys controller epoch >= ${zk.controllerEpochSeen}${zk.registered ? '' : ', unregistered'}`,
        };
      }
      if (state.durable.kind === 'combined') {
        const combined = state as CombinedState;
        return { ...describeBroker(brokerPart(combined), config), ...describeKraftController(controllerPart(combined), config) };
      }
      return describeBroker(state as BrokerState, config);
    },
    parseOperation,
  },
});
