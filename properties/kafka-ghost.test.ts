/**
 * Kafka's ghost observer looks only at what a step changed (node slots, offsets past what it
 * already compared, the control plane's image when a controller stepped). Here it is run side by
 * side with a reference observer that rechecks everything after every step, as the observer first
 * did, on generated runs of the correct model and of bug variants on every control plane: after
 * every step both must hold the same history variables and the same first break of each property.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withBreak, type Breaks } from '../src/core/properties.ts';
import { Simulator } from '../src/core/simulator.ts';
import type { Schedule } from '../src/core/events.ts';
import type { HistoryEntry, NodeSlot, WorldView } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { entryAt, lastIndex, termAt } from '../src/protocols/raft/component.ts';
import { compareZxid } from '../src/protocols/zab/types.ts';
import { acksOf, controllerNode, controllerNodes, isBrokerNode, isKraft, isZookeeper, type KafkaConfig } from '../src/protocols/kafka/config.ts';
import type { PartitionRegistration } from '../src/protocols/kafka/decisions.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { sameRecord } from '../src/protocols/kafka/log.ts';
import { describeRecord, type LogRecord, type Message, type Operation, type Output } from '../src/protocols/kafka/messages.ts';
import {
  brokerOf,
  kafkaGhost,
  kraftControllerOf,
  type ControlPlaneMetadata,
  type KafkaGhost,
  type KafkaProperty,
  type KafkaState,
} from '../src/protocols/kafka/properties.ts';
import type { KraftControllerState } from '../src/protocols/kafka/kraft.ts';
import { applyRecords, type MetadataImage } from '../src/protocols/kafka/metadata.ts';
import { serverStateData, type ZkBrokerState, type ZkServerState } from '../src/protocols/kafka/zookeeper.ts';

type View = WorldView<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;

// ---------------------------------------------------------------------------------------------
// The reference: every check on every node after every step (no "what changed" shortcut except
// comparing a node with itself one step earlier, which the monotonicity checks need).

function reference(ghost: KafkaGhost, view: View): KafkaGhost {
  const previous = ghost.lastNodes;
  const config = view.config;
  let breaks = ghost.breaks;
  let committedTerms = ghost.committedTerms;
  const metadataAt = (nodes: readonly NodeSlot<KafkaState>[], terms: readonly number[]): ControlPlaneMetadata | null =>
    controlPlaneMetadata(nodes, config, terms);
  if (previous !== null) {
    for (const [node, slot] of view.nodes.entries()) {
      const before = brokerOf(previous[node]);
      const after = brokerOf(slot);
      if (before && after && after.durable.incarnation < before.durable.incarnation) {
        breaks = withBreak(
          breaks,
          'epochs-durable',
          `broker ${node}'s epoch (incarnation) went back from ${before.durable.incarnation} to ${after.durable.incarnation}`,
        );
      }
      const controllerBefore = previous[node]?.state;
      if (controllerBefore?.durable.kind === 'controller' && slot.state.durable.kind === 'controller') {
        breaks = epochsBack(breaks, controllerBefore.durable.partitions, slot.state.durable.partitions);
      }
    }
  }
  if (isKraft(config)) {
    for (const node of controllerNodes(config)) {
      const state = kraftControllerOf(view.nodes[node]);
      if (!state || state.volatile.raft.commitIndex < committedTerms.length) continue;
      const extended = committedTerms.slice();
      for (let index = committedTerms.length; index <= state.volatile.raft.commitIndex; index++) extended[index] = termAt(state.durable.raft, index);
      committedTerms = extended;
    }
    for (let broker = 0; broker < config.brokerCount; broker++) {
      const slot = view.nodes[broker];
      const cache = brokerOf(slot)?.volatile.metadata;
      if (!slot || !cache || cache.appliedIndex === 0) continue;
      const committed = committedTerms[cache.appliedIndex];
      if (committed === undefined || (committed >= 0 && committed !== cache.appliedTerm)) {
        breaks = withBreak(
          breaks,
          'metadata-committed-prefix',
          `broker ${broker} applied metadata log entry ${cache.appliedIndex} of epoch ${cache.appliedTerm}, which the quorum ${committed === undefined ? `has not committed (committed up to ${committedTerms.length - 1})` : `committed in epoch ${committed}`}`,
        );
      }
      const before = previous === null ? null : brokerOf(previous[broker]);
      const earlier = before?.volatile.metadata;
      if (before && earlier && before.durable.incarnation === brokerOf(slot)?.durable.incarnation && cache.appliedTerm < earlier.appliedTerm) {
        breaks = withBreak(
          breaks,
          'controller-epoch-monotonic',
          `broker ${broker} applied metadata of controller epoch ${cache.appliedTerm} after metadata of epoch ${earlier.appliedTerm}`,
        );
      }
    }
  }
  const controller = metadataAt(view.nodes, committedTerms);
  if (isZookeeper(config)) {
    for (let broker = 0; broker < config.brokerCount; broker++) {
      const slot = view.nodes[broker];
      // Event-based: a broker is held to the committed /state when it acts (changes), as the observer always did.
      if (!slot || previous?.[broker] === slot || slot.state.durable.kind !== 'zk-broker') continue;
      const state = slot.state as ZkBrokerState;
      for (const [partition, replica] of state.volatile.broker.replicas.entries()) {
        const current = controller?.partitions[partition];
        if (!replica || !current || replica.leaderEpoch < 0) continue;
        if (
          replica.leaderEpoch > current.leaderEpoch ||
          (replica.leaderEpoch === current.leaderEpoch && replica.partitionEpoch > current.partitionEpoch)
        ) {
          breaks = withBreak(
            breaks,
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
        breaks = withBreak(
          breaks,
          'controller-epoch-monotonic',
          `broker ${broker} obeyed a LeaderAndIsr of controller epoch ${state.volatile.zk.obeyedControllerEpoch} after one of epoch ${earlier.volatile.zk.obeyedControllerEpoch}`,
        );
      }
    }
  }
  if (previous !== null && (isKraft(config) || isZookeeper(config))) {
    const before = metadataAt(previous, ghost.committedTerms);
    if (before && controller) breaks = epochsBack(breaks, before.partitions, controller.partitions);
  }
  const leadersByEpoch = ghost.leadersByEpoch.map((known) => known.slice());
  const committed = ghost.committed.map((records) => records.slice());
  const committedAtStep = ghost.committedAtStep.map((steps) => steps.slice());
  for (const [broker, slot] of view.nodes.entries()) {
    const state = brokerOf(slot);
    if (!isBrokerNode(config, broker) || !state || !slot.up) continue;
    for (const [partition, replica] of state.volatile.replicas.entries()) {
      if (replica?.role.kind !== 'leader') continue;
      if (!replica.isr.includes(broker)) {
        breaks = withBreak(
          breaks,
          'leader-in-isr',
          `broker ${broker} leads partition ${partition} with an ISR [${replica.isr.join(',')}] that leaves it out`,
        );
      }
      const known = leadersByEpoch[partition] as number[];
      const recorded = known[replica.leaderEpoch];
      if (recorded === undefined || recorded === -1) {
        while (known.length < replica.leaderEpoch) known.push(-1);
        known[replica.leaderEpoch] = broker;
      } else if (recorded !== broker) {
        breaks = withBreak(
          breaks,
          'one-leader-per-epoch',
          `brokers ${recorded} and ${broker} both acted as leader of partition ${partition} in leader epoch ${replica.leaderEpoch}`,
        );
      }
      const log = state.durable.logs[partition];
      if (!log) continue;
      const seen = committed[partition] as LogRecord[];
      const steps = committedAtStep[partition] as number[];
      for (let offset = 0; offset < Math.min(replica.highWatermark, log.records.length); offset++) {
        const record = log.records[offset] as LogRecord;
        const before = seen[offset];
        if (before === undefined) {
          seen[offset] = record;
          steps[offset] = view.step;
        } else if (!sameRecord(before, record)) {
          breaks = withBreak(
            breaks,
            'committed-data-stable',
            `offset ${offset} of partition ${partition} was committed (below the high watermark, so consumers could read it) as ${describeRecord(before)} ` +
              `since step ${steps[offset] ?? 0}, but leader ${broker} (epoch ${replica.leaderEpoch}) now serves ${describeRecord(record)} there ` +
              `(its log ${logText(log.records, log.records.length)}, high watermark ${replica.highWatermark})`,
          );
        }
      }
    }
  }
  if (controller) {
    for (let partition = 0; partition < config.partitionCount; partition++) {
      const inconsistent = strongIsr(view, controller, partition);
      if (inconsistent !== null) {
        breaks = withBreak(breaks, 'replica-consistency', inconsistent);
        break;
      }
    }
    for (const [partition, registration] of controller.partitions.entries()) {
      if (registration.leader !== null && !registration.isr.includes(registration.leader)) {
        breaks = withBreak(
          breaks,
          'leader-in-isr',
          `the controller made broker ${registration.leader} leader of partition ${partition} but its ISR is [${registration.isr.join(',')}]`,
        );
      }
    }
  }
  if (acksOf(config) === 'all') {
    for (let index = view.history.length - 1; index >= 0; index--) {
      const entry = view.history[index] as HistoryEntry<Operation, Output>;
      if (entry === ghost.lastHistory?.[index]) continue;
      const output = entry.reply?.outcome === 'ok' ? entry.reply.output : null;
      if (output?.type !== 'produce' || output.offset === null) continue;
      const offset = output.offset;
      const holders = view.nodes.flatMap((slot, broker) => {
        const record = brokerOf(slot)?.durable.logs[output.partition]?.records[offset];
        return record && record.producerId === entry.clientId && record.sequence === entry.operationId ? [broker] : [];
      });
      if (holders.length >= config.minInsyncReplicas) continue;
      breaks = withBreak(
        breaks,
        'acked-on-min-isr',
        `produce #${entry.operationId} was acknowledged (acks=all) at offset ${offset} of partition ${output.partition}, but only broker(s) [${holders.join(',')}] hold it, fewer than min.insync.replicas=${config.minInsyncReplicas}`,
      );
      break;
    }
  }
  return { lastNodes: view.nodes, lastHistory: view.history, leadersByEpoch, committed, committedAtStep, committedTerms, breaks };
}

/** The control plane's decided metadata, computed afresh (the observer's caches are not used). */
function controlPlaneMetadata(
  nodes: readonly NodeSlot<KafkaState>[],
  config: KafkaConfig,
  committedTerms: readonly number[],
): ControlPlaneMetadata | null {
  if (isZookeeper(config)) {
    // /state as committed: read from the server in the broadcast phase that has applied the most.
    let best: ZkServerState | null = null;
    for (const node of controllerNodes(config)) {
      const state = nodes[node]?.state;
      if (state?.durable.kind !== 'zk-server') continue;
      const server = state as ZkServerState;
      if (server.volatile.role.kind === 'looking' || server.volatile.role.phase !== 'broadcast') continue;
      if (best === null || compareZxid(server.volatile.tree.zxid, best.volatile.tree.zxid) > 0) best = server;
    }
    return best === null ? null : serverStateData(config, best).image;
  }
  if (!isKraft(config)) {
    const state = nodes[controllerNode(config)]?.state;
    return state?.durable.kind === 'controller' ? state.durable : null;
  }
  // The metadata log applied through the highest index ever committed, from a controller whose log holds it.
  const target = committedTerms.length - 1;
  const term = committedTerms[target] ?? -1;
  let best: KraftControllerState | null = null;
  for (const node of controllerNodes(config)) {
    const state = kraftControllerOf(nodes[node]);
    if (!state || state.volatile.raft.lastApplied > target || lastIndex(state.durable.raft) < target) continue;
    if (term >= 0 && termAt(state.durable.raft, target) !== term) continue;
    if (best === null || state.volatile.raft.lastApplied > best.volatile.raft.lastApplied) best = state;
  }
  if (best === null) return null;
  let image: MetadataImage = best.volatile.raft.machine;
  for (let index = best.volatile.raft.lastApplied + 1; index <= target; index++) {
    const entry = entryAt(best.durable.raft, index);
    if (entry?.command.type === 'command') image = applyRecords(image, entry.command.command.records);
  }
  return image;
}

function epochsBack(
  breaks: Breaks<KafkaProperty>,
  before: readonly PartitionRegistration[],
  after: readonly PartitionRegistration[],
): Breaks<KafkaProperty> {
  let found = breaks;
  for (const [partition, registration] of after.entries()) {
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

function logText(records: readonly LogRecord[], upTo: number): string {
  return `[${records.slice(0, upTo).map(describeRecord).join(' ')}]`;
}

function strongIsr(view: View, controller: ControlPlaneMetadata, partition: number): string | null {
  const registration = controller.partitions[partition];
  if (!registration || registration.leader === null) return null;
  const leader = registration.leader;
  const leaderState = brokerOf(view.nodes[leader]);
  const replica = leaderState?.volatile.replicas[partition];
  const leaderLog = leaderState?.durable.logs[partition];
  if (!view.nodes[leader]?.up || !replica || !leaderLog || replica.role.kind !== 'leader') return null;
  if (replica.leaderEpoch !== registration.leaderEpoch || replica.highWatermark === 0) return null;
  const highWatermark = replica.highWatermark;
  for (const member of registration.isr) {
    if (member === leader) continue;
    const state = brokerOf(view.nodes[member]);
    const log = state?.durable.logs[partition];
    if (!view.nodes[member]?.up || !state || !log || log === leaderLog) continue;
    if (state.durable.incarnation !== controller.brokers[member]?.incarnation) continue;
    for (let offset = 0; offset < highWatermark; offset++) {
      if (sameRecord(log.records[offset], leaderLog.records[offset])) continue;
      const theirs = log.records[offset];
      return (
        `broker ${member} is in the ISR [${registration.isr.join(',')}] of partition ${partition} but does not hold what leader ${leader} ` +
        `(epoch ${replica.leaderEpoch}) has committed below its high watermark ${highWatermark}: at offset ${offset} the leader has ` +
        `${describeRecord(leaderLog.records[offset] as LogRecord)}, broker ${member} has ${theirs ? describeRecord(theirs) : 'nothing'} ` +
        `(leader ${logText(leaderLog.records, highWatermark)}, broker ${member} ${logText(log.records, log.records.length)})`
      );
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Both observers side by side: the world's ghost is the observer's, with the reference's beside it.

type Paired = KafkaGhost & { readonly reference: KafkaGhost };

/** History variables as plain data (the node arrays the ghost keeps for itself are left out). */
function variables(ghost: KafkaGhost) {
  const { leadersByEpoch, committed, committedAtStep, committedTerms, breaks } = ghost;
  return { leadersByEpoch, committed, committedAtStep, committedTerms, breaks };
}

const setups: readonly { readonly variant: string; readonly settings?: Record<string, unknown> }[] = [
  { variant: 'correct' },
  { variant: 'correct', settings: { controlPlane: 'kraft', partitionCount: 2 } },
  { variant: 'correct', settings: { controlPlane: 'kraft', combinedMode: true } },
  { variant: 'correct', settings: { controlPlane: 'zookeeper', partitionCount: 2 } },
  { variant: 'hw-truncation' },
  { variant: 'no-broker-epoch-in-fetch', settings: { partitionCount: 2 } },
  { variant: 'unclean-election' },
  { variant: 'acks-1' },
  { variant: 'kraft-decide-before-replay' },
  { variant: 'kraft-uncommitted-metadata' },
  { variant: 'kraft-reregister-keeps-leadership' },
  { variant: 'zk-unconditional-isr-write' },
  { variant: 'zk-unfenced-controller-write' },
];

/** Runs `schedules` of a setup with both observers, failing at the first step where they differ; returns the properties broken. */
function compareObservers(
  variant: string,
  settings: Readonly<Record<string, unknown>>,
  schedules: (setup: ReturnType<typeof setupOrThrow>) => readonly Schedule[],
): Set<string> {
  const setup = setupOrThrow(kafka, variant, settings);
  const paired = {
    init: (config: KafkaConfig): Paired => ({ ...kafkaGhost.init(config), reference: kafkaGhost.init(config) }),
    observe(ghost: Paired, view: View): Paired {
      const observed = kafkaGhost.observe(ghost, view);
      const expected = reference(ghost.reference, view);
      expect(variables(observed), `${variant} at step ${view.step}`).toEqual(variables(expected));
      return { ...observed, reference: expected };
    },
  };
  const protocol = { ...setup.protocol, ghost: paired } as typeof setup.protocol;
  // No property is checked during the run: every run goes on through its liveness phase, breaks and all.
  const simulator = new Simulator({ ...setup, protocol }, { checkEveryStep: false, properties: [] });
  const broken = new Set<string>();
  for (const schedule of schedules(setup)) {
    const result = simulator.run(schedule);
    // A difference throws inside the observer, which the simulator reports as the model's exception.
    expect(result.violation?.message ?? null, variant).toBeNull();
    const ghost = result.world.ghost as Paired;
    for (const property of Object.keys(ghost.breaks)) broken.add(property);
  }
  return broken;
}

describe("Kafka's ghost observer agrees after every step with a reference that rechecks every node, offset and property", () => {
  it('on the saved counterexamples (each breaks its property)', () => {
    const directory = join(import.meta.dirname, '../counterexamples/kafka');
    const broken = new Set<string>();
    let files = 0;
    for (const file of readdirSync(directory).filter((name) => /^[a-z0-9-]+\.json$/.test(name))) {
      const artifact = JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
        variant: string;
        config: Record<string, unknown>;
        schedule: Schedule;
      };
      for (const property of compareObservers(artifact.variant, artifact.config, () => [artifact.schedule])) broken.add(property);
      files++;
    }
    expect(files).toBeGreaterThanOrEqual(10);
    // The breaks' messages are compared too: the properties whose breaks the saved runs reach.
    expect([...broken].sort()).toEqual(
      expect.arrayContaining(['committed-data-stable', 'epochs-durable', 'metadata-committed-prefix', 'replica-consistency']),
    );
  });

  it('on generated runs of the correct model and bug variants on every control plane', () => {
    for (const [index, { variant, settings }] of setups.entries()) {
      compareObservers(variant, settings ?? {}, (setup) =>
        fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 4, seed: 5 + index }),
      );
    }
  });
});
