/**
 * Writing Kafka scenarios by hand: a builder that applies events one at a time and records them
 * as a plain schedule. Deliveries are chosen by what the message is ("the LeaderAndIsr for
 * broker 1 in epoch 2"), not by its position in the network, so a scenario reads like the story
 * it tells; the recorded schedule replays identically through `Simulator.run`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { formatScenarioError, parseScenario } from '../src/study/scenario.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import type { InFlightMessage } from '../src/core/types.ts';
import type { HuntSetup } from '../src/hunt/hunt.ts';
import type { BrokerState } from '../src/protocols/kafka/broker.ts';
import type { ControllerState } from '../src/protocols/kafka/controller.ts';
import type { Message, Operation } from '../src/protocols/kafka/messages.ts';

type Flight = InFlightMessage<Message>;
export type MessageFilter = (message: Flight) => boolean;

export const to =
  (node: number): MessageFilter =>
  (flight) =>
    flight.to === node;
export const from =
  (node: number): MessageFilter =>
  (flight) =>
    flight.from === node;
export const ofType =
  (type: Message['type']): MessageFilter =>
  (flight) =>
    flight.message.type === type;
export const all =
  (...filters: MessageFilter[]): MessageFilter =>
  (flight) =>
    filters.every((filter) => filter(flight));
export const leaderAndIsr =
  (broker: number, leaderEpoch?: number): MessageFilter =>
  (flight) =>
    flight.to === broker && flight.message.type === 'leader-and-isr' && (leaderEpoch === undefined || flight.message.leaderEpoch === leaderEpoch);

export class KafkaScenario {
  readonly simulator: Simulator;
  readonly brokerCount: number;
  readonly controller: number;
  world: World;
  readonly events: ScheduleEvent<Operation>[] = [];

  constructor(
    readonly setup: HuntSetup,
    readonly randomSeed = 0,
  ) {
    this.simulator = new Simulator(setup);
    this.world = this.simulator.initialWorld(randomSeed);
    this.brokerCount = this.simulator.nodeCount - 1;
    this.controller = this.brokerCount;
  }

  apply(event: ScheduleEvent<Operation>): this {
    this.world = this.simulator.applyEvent(this.world, event);
    this.events.push(event);
    return this;
  }

  inFlight(): readonly Flight[] {
    return this.world.network.inFlight as readonly Flight[];
  }

  /** Delivers the oldest message matching `filter`; throws when there is none (the scenario went wrong). */
  deliver(filter: MessageFilter, what = 'a matching message'): this {
    const index = this.inFlight().findIndex(filter);
    if (index < 0) throw new Error(`no ${what} in flight: ${this.describeInFlight()}`);
    return this.apply({ kind: 'deliver', message: index });
  }

  /** Delivers the newest message matching `filter` (e.g. the latest fetch, not a retry sent before it). */
  deliverLatest(filter: MessageFilter, what = 'a matching message'): this {
    let index = -1;
    this.inFlight().forEach((flight, position) => {
      if (filter(flight)) index = position;
    });
    if (index < 0) throw new Error(`no ${what} in flight: ${this.describeInFlight()}`);
    return this.apply({ kind: 'deliver', message: index });
  }

  describeInFlight(): string {
    return this.inFlight()
      .map((flight) => `${flight.from}->${flight.to} ${flight.message.type}`)
      .join(', ');
  }

  /** Delivers matching messages, including those they cause, until none is left (bounded). */
  deliverAll(filter: MessageFilter = () => true, limit = 200): this {
    for (let count = 0; count < limit; count++) {
      const index = this.inFlight().findIndex(filter);
      if (index < 0) return this;
      this.apply({ kind: 'deliver', message: index });
    }
    throw new Error('deliverAll did not quiesce');
  }

  drop(filter: MessageFilter): this {
    for (let guard = 0; guard < 500; guard++) {
      const index = this.inFlight().findIndex(filter);
      if (index < 0) return this;
      this.apply({ kind: 'drop', message: index });
    }
    return this;
  }

  tick(node: number, times = 1): this {
    for (let count = 0; count < times; count++) this.apply({ kind: 'tick', node });
    return this;
  }

  /**
   * One controller tick after the brokers that are up (and not `silent`) heartbeat and their
   * heartbeats arrive, so only the silent or crashed ones get closer to being fenced. Other
   * messages the broker ticks send stay in flight.
   */
  controllerTick(options: { silent?: readonly number[] } = {}): this {
    for (let broker = 0; broker < this.brokerCount; broker++) {
      if (!this.world.nodes[broker]?.up || options.silent?.includes(broker)) continue;
      this.tick(broker);
      this.deliverLatest(all(from(broker), ofType('heartbeat')), `heartbeat of broker ${broker}`);
    }
    return this.tick(this.controller);
  }

  controllerTicks(count: number, options: { silent?: readonly number[] } = {}): this {
    for (let index = 0; index < count; index++) this.controllerTick(options);
    return this;
  }

  /** Ticks the controller (keeping the others alive) until `silent` brokers are fenced. */
  fence(...brokers: number[]): this {
    for (let guard = 0; guard < 20; guard++) {
      if (brokers.every((broker) => !this.controllerState().durable.brokers[broker]?.alive)) return this;
      this.controllerTick({ silent: brokers });
    }
    throw new Error(`brokers ${brokers.join(',')} were not fenced`);
  }

  /** Ticks the controller (keeping brokers alive) until its clock reaches a multiple of `interval`: a leader-imbalance check. */
  controllerTicksUntilMultipleOf(interval: number): this {
    for (let guard = 0; guard <= interval; guard++) {
      this.controllerTick();
      if (this.controllerState().durable.now % interval === 0) return this;
    }
    throw new Error('no imbalance check');
  }

  produce(node: number, client: number, value: number, partition = 0): this {
    return this.apply({ kind: 'client', node, client, operation: { type: 'produce', partition, value } });
  }

  consume(node: number, client: number, fromOffset: number, partition = 0): this {
    return this.apply({ kind: 'client', node, client, operation: { type: 'consume', partition, fromOffset } });
  }

  crash(node: number, powerLoss = false): this {
    return this.apply({ kind: 'crash', node, loseUnflushed: powerLoss });
  }

  restart(node: number): this {
    return this.apply({ kind: 'restart', node });
  }

  /** A restarted broker registers: it heartbeats and the controller answers. */
  register(broker: number): this {
    this.tick(broker);
    return this.deliverLatest(all(from(broker), ofType('heartbeat')), `heartbeat of broker ${broker}`);
  }

  /** Follower `broker` sends its latest fetch to its leader (ticking it if it has none out). */
  fetch(broker: number): this {
    const leader = this.leaderOf(broker);
    if (!this.inFlight().some(all(from(broker), to(leader), ofType('fetch')))) this.tick(broker);
    return this.deliverLatest(all(from(broker), to(leader), ofType('fetch')), `fetch from ${broker}`);
  }

  /** Follower `broker` runs one fetch round trip with its leader (request and response). */
  fetchRound(broker: number): this {
    const leader = this.leaderOf(broker);
    this.fetch(broker);
    return this.deliverLatest(all(from(leader), to(broker), ofType('fetch-response')), `fetch response to ${broker}`);
  }

  /** Runs the OffsetsForLeaderEpoch exchange(s) of a follower that has just learnt of a new leader. */
  truncate(broker: number): this {
    const leader = this.leaderOf(broker);
    for (let round = 0; round < 5; round++) {
      const role = this.broker(broker).volatile.replicas[0]?.role;
      if (role?.kind !== 'follower' || role.phase !== 'truncating') return this;
      this.deliverLatest(all(from(broker), to(leader), ofType('offsets-for-leader-epoch')), `OffsetsForLeaderEpoch from ${broker}`);
      this.deliverLatest(all(from(leader), to(broker), ofType('offsets-for-leader-epoch-response')), `its response`);
    }
    return this;
  }

  leaderOf(broker: number): number {
    const leader = this.broker(broker).volatile.replicas[0]?.leader;
    if (leader === null || leader === undefined) throw new Error(`broker ${broker} knows no leader`);
    return leader;
  }

  broker(node: number): BrokerState {
    return this.world.nodes[node]?.state as BrokerState;
  }

  controllerState(): ControllerState {
    return this.world.nodes[this.controller]?.state as ControllerState;
  }

  records(node: number, partition = 0): number[] {
    return (this.broker(node).durable.logs[partition]?.records ?? []).map((record) => record.sequence);
  }

  schedule(): Schedule<Operation> {
    return { randomSeed: this.randomSeed, events: this.events.slice() };
  }
}

/** Scripted stories are minimized by the same delta debugging as guided-hunt findings. */
export { minimizeSchedule } from '../src/hunt/minimize.ts';

/** Replays `scenarios/FILE` (a Kafka scenario) from scratch, as `faultline replay` does. */
export function replayKafkaScenario(file: string): ReturnType<typeof replaySchedule> {
  const parsed = parseScenario(
    file,
    readFileSync(join(resolve(import.meta.dirname, '..'), 'scenarios', file), 'utf8'),
    findProtocol,
    protocols.map((protocol) => protocol.name),
  );
  if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
  const scenario = parsed.value;
  return replaySchedule(
    { protocol: kafka, variant: scenario.variant, config: scenario.config },
    { randomSeed: scenario.randomSeed, events: scenario.events },
  );
}
