/**
 * Kafka: the configuration as Kafka validates it, the correct model surviving hunts with every
 * fault the durable settings promise to survive, and each historical bug or dangerous setting
 * caught by a CI-sized hunt that names the property an operator would name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { ScheduleProfile } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { counterexampleReport, expectCaught, expectSurvives, setupOrThrow, testHunt } from '../src/hunt/testing.ts';
import { initBroker, stepBroker, type BrokerState } from '../src/protocols/kafka/broker.ts';
import { assignReplicas, correctKafkaRules, defaultKafkaConfig, type KafkaConfig } from '../src/protocols/kafka/config.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { describeOperation, parseOperation } from '../src/protocols/kafka/messages.ts';
import { KafkaScenario } from './kafka-schedules.ts';

/** CI-sized schedules: shorter than a full hunt's, so that shrinking stays quick. */
const ciProfile: Partial<ScheduleProfile> = { eventsMax: 80 };

/**
 * Hunts a variant and checks what broke. Where several properties describe the same loss (an
 * acknowledged record gone at the end, a committed one replaced during the liveness phase when a
 * retried write lands on its offset, a record a consumer read gone at the end, or an ISR member
 * missing it one step before it is elected), each is accepted; the first is the variant's own.
 */
function expectCaughtAs(
  variant: string,
  options: { runs: number; seed: number; properties: readonly string[]; shrunkEventsMax: number; overrides?: Record<string, unknown> },
) {
  const setup = setupOrThrow(kafka, variant, options.overrides ?? {}, ciProfile);
  const result = testHunt(setup, { runs: options.runs, seed: options.seed });
  const finding = result.finding;
  if (!finding) throw new Error(`kafka/${variant}: no counterexample in ${result.runs} runs (seed ${options.seed})`);
  const report = () => counterexampleReport(setup, finding.schedule);
  if (!options.properties.includes(finding.violation.property)) {
    throw new Error(`expected one of ${options.properties.join(', ')} to break, but ${finding.violation.property} broke:\n${report()}`);
  }
  if (finding.schedule.events.length > options.shrunkEventsMax) {
    throw new Error(`shrunk counterexample has ${finding.schedule.events.length} events, more than ${options.shrunkEventsMax}:\n${report()}`);
  }
  return finding;
}

describe('kafka: configuration', () => {
  it("rejects a replication factor above the broker count with Kafka's own message", () => {
    const configured = kafka.configure(kafka.defaultConfig(), { replicationFactor: 4 }) as KafkaConfig;
    expect(kafka.validateConfig(configured)).toBe(
      'Replication factor: 4 larger than available brokers: 3. (replicationFactor must not exceed brokerCount)',
    );
    // Timers shorter than a message's way there and back, which Kafka and ZooKeeper refuse or raise.
    const timers = (settings: Record<string, unknown>) => kafka.validateConfig(kafka.configure(kafka.defaultConfig(), settings) as KafkaConfig);
    expect(timers({ replicaLagTimeTicksMax: 1 })).toMatch(
      /^replicaLagTimeTicksMax must be an integer of at least 2, got 1: .*replica\.fetch\.wait\.max\.ms/,
    );
    expect(timers({ zookeeperSessionTimeoutTicks: 1 })).toMatch(
      /^zookeeperSessionTimeoutTicks must be an integer of at least 2, got 1: .*minSessionTimeout/,
    );
    expect(timers({ replicaLagTimeTicksMax: 2, zookeeperSessionTimeoutTicks: 2 })).toBeNull();
    expect(kafka.validateConfig({ ...defaultKafkaConfig, replicationFactor: 0 })).toBe('Replication factor must be larger than 0.');
    expect(kafka.validateConfig({ ...defaultKafkaConfig, acks: '2' })).toBe(
      'Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1',
    );
    expect(kafka.validateConfig({ ...defaultKafkaConfig, minInsyncReplicas: 0 })).toMatch(/min.insync.replicas: Value must be at least 1/);
    expect(kafka.configure(kafka.defaultConfig(), { retention: 1 })).toEqual({ error: expect.stringMatching(/unknown setting "retention"/) });
    expect(() => setupOrThrow(kafka, 'correct', { brokerCount: 2 })).toThrow('Replication factor: 3 larger than available brokers: 2.');
  });

  it("defaults are Kafka's: acks=all, min.insync.replicas=1, unclean election off, rebalance on, flush never, idempotent producer", () => {
    expect(defaultKafkaConfig).toMatchObject({
      acks: 'all',
      minInsyncReplicas: 1,
      uncleanLeaderElectionEnable: false,
      autoLeaderRebalanceEnable: true,
      logFlushIntervalMessages: 0,
      enableIdempotence: true,
    });
    // acks may be given as -1 or as a number from the command line.
    expect(kafka.configure(defaultKafkaConfig, { acks: -1 })).toMatchObject({ acks: '-1' });
    expect(kafka.validateConfig(kafka.configure(defaultKafkaConfig, { acks: 1 }) as KafkaConfig)).toBeNull();
  });

  it('spreads partition leaders over the brokers; the first replica of each is the preferred leader', () => {
    const assignment = assignReplicas({ ...defaultKafkaConfig, partitionCount: 4 });
    expect(assignment.map((replicas) => replicas[0])).toEqual([0, 1, 2, 0]);
    for (const replicas of assignment) expect(new Set(replicas).size).toBe(3);
    const built = new KafkaScenario(setupOrThrow(kafka, 'correct', { partitionCount: 3 }));
    expect(built.controllerState().durable.partitions.map((partition) => partition.leader)).toEqual([0, 1, 2]);
    expect(built.broker(1).volatile.replicas[1]?.role.kind).toBe('leader');
  });

  it('parses and prints operations in the scenario syntax', () => {
    for (const text of ['produce 7', 'consume 2', 'produce 3 p1', 'consume 0 p2']) {
      const parsed = parseOperation(text);
      if ('error' in parsed) throw new Error(parsed.error);
      expect(describeOperation(parsed)).toBe(text);
    }
    expect(parseOperation('delete 1')).toEqual({ error: expect.stringContaining('expected "produce VALUE [pN]"') });
  });
});

describe('kafka: the correct model', () => {
  const correct = setupOrThrow(kafka, 'correct');

  it('survives hunts with crashes, restarts, partitions, message loss, duplication and delay', () => {
    // A quick guard: the long hunts are the soak's (properties/soak.test.ts).
    expectSurvives(correct, { runs: 500, seed: 5 });
  });

  it('survives with three partitions whose leaders live on different brokers', () => {
    expectSurvives(setupOrThrow(kafka, 'correct', { partitionCount: 3 }), { runs: 200, seed: 6 });
  });

  it('events that no longer apply are no-ops, never errors', () => {
    fc.assert(
      fc.property(scheduleArbitrary(correct.protocol, correct.config, correct.profile), fc.nat(10), (schedule, cut) => {
        const shortened = { ...schedule, events: schedule.events.slice(cut) };
        const result = new Simulator(correct, { recordTrace: true }).run(shortened);
        expect(result.trace?.length).toBe(result.safetySteps + result.livenessSteps);
      }),
      { numRuns: 40, seed: 8 },
    );
  });
});

describe('kafka: min.insync.replicas', () => {
  it('a retried produce whose record is already below the HW is refused while the ISR is below min.insync.replicas', () => {
    // Found by acked-on-min-isr (docs/mutation.md): the retry was answered ok from the log although
    // only the leader held the record. Kafka checks min.insync.replicas before looking for duplicates.
    const config = setupOrThrow(kafka, 'correct').config as KafkaConfig;
    const context = { config, variant: 'correct', rules: correctKafkaRules, node: 0, nodeCount: kafka.nodeCount(config) };
    const fresh = initBroker(context);
    const replica = fresh.volatile.replicas[0];
    const log = fresh.durable.logs[0];
    if (!replica || !log) throw new Error('broker 0 hosts partition 0');
    const record = { epoch: 0, value: 4, producerId: 1, sequence: 7 };
    const alone: BrokerState = {
      durable: { ...fresh.durable, logs: [{ ...log, records: [record] }] },
      volatile: { ...fresh.volatile, replicas: [{ ...replica, isr: [0], highWatermark: 1 }] },
    };
    const retry = { kind: 'client', request: { operationId: 7, clientId: 1, operation: { type: 'produce', partition: 0, value: 4 } } } as const;
    const [answer] = stepBroker(context, alone, retry).actions;
    expect(answer).toMatchObject({
      kind: 'reply',
      operationId: 7,
      reply: { outcome: 'unknown', error: expect.stringMatching(/^NOT_ENOUGH_REPLICAS/) },
    });
    const inSync: BrokerState = { ...alone, volatile: { ...alone.volatile, replicas: [{ ...replica, isr: [0, 1], highWatermark: 1 }] } };
    expect(stepBroker(context, inSync, retry).actions).toEqual([
      { kind: 'reply', operationId: 7, reply: { outcome: 'ok', output: { type: 'produce', partition: 0, offset: 0 } } },
    ]);
  });
});

describe('kafka: waiting producers', () => {
  it('a leader that loses leadership without answering its purgatory breaks waiting-producers-answered', () => {
    // As a mutant that empties failPurgatory would (docs/mutation.md): the clients retry elsewhere and
    // every other property, operations-complete and isr-recovers included, is content.
    const setup = setupOrThrow(kafka, 'correct');
    const silent = {
      ...setup.protocol,
      step(context: never, state: never, input: never) {
        const result = setup.protocol.step(context, state, input);
        const actions = result.actions.filter((action) => action.kind !== 'reply' || !/no longer the leader/.test(JSON.stringify(action.reply)));
        return actions.length === result.actions.length ? result : { ...result, actions };
      },
    } as typeof setup.protocol;
    const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 100, seed: 1 });
    const firstBreak = (simulator: Simulator) => schedules.map((schedule) => simulator.run(schedule).violation).find((found) => found !== null);
    expect(firstBreak(new Simulator({ ...setup, protocol: silent }))?.property).toBe('waiting-producers-answered');
    expect(firstBreak(new Simulator(setup))).toBeUndefined();
  });
});

describe('kafka: epochs and epoch caches (mutation gaps)', () => {
  // Schedules of the mutation hunts' lossy setup: duplicated and delayed LeaderAndIsr arrive after newer ones.
  const setup = setupOrThrow(kafka, 'correct');
  const lossy = { ...setup.profile, weights: { ...setup.profile.weights, duplicate: 8, drop: 4 } };
  const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, lossy), { numRuns: 150, seed: 1 });
  const wrapped = (
    edit: (state: BrokerState, input: Parameters<typeof stepBroker>[2]) => BrokerState | null,
    after?: (state: BrokerState, before: BrokerState) => BrokerState,
  ) =>
    ({
      ...setup.protocol,
      step(context: never, state: BrokerState, input: never) {
        if (state.durable.kind !== 'broker') return setup.protocol.step(context, state as never, input);
        const result = setup.protocol.step(context, (edit(state, input) ?? state) as never, input) as unknown as { state: BrokerState };
        return after ? { ...result, state: after(result.state, state) } : result;
      },
    }) as typeof setup.protocol;
  const firstBreak = (simulator: Simulator) => schedules.map((schedule) => simulator.run(schedule).violation).find((found) => found !== null);

  it('the correct model passes these schedules', () => {
    expect(firstBreak(new Simulator(setup))).toBeUndefined();
  });

  it('a broker that obeys a LeaderAndIsr older than one it obeyed breaks epochs-durable', () => {
    // As the mutant that drops handleLeaderAndIsr's stale-epoch test would: the lossy network delivers old ones late.
    const forgetful = wrapped(
      (state, input) => {
        if (input.kind !== 'receive' || input.message.type !== 'leader-and-isr') return null;
        const replicas = state.volatile.replicas.map((replica) => (replica ? { ...replica, leaderEpoch: -1, partitionEpoch: -1 } : replica));
        return { ...state, volatile: { ...state.volatile, replicas } };
      },
      (next, before) => (next.volatile.replicas.every((replica) => replica?.leaderEpoch !== -1) ? next : before),
    );
    expect(firstBreak(new Simulator({ ...setup, protocol: forgetful }))?.property).toBe('epochs-durable');
  });

  it('a follower that appends records without recording their epochs breaks epoch-cache-matches-log', () => {
    const careless = wrapped(
      () => null,
      (next, before) => {
        const logs = next.durable.logs.map((log, partition) => {
          const earlier = before.durable.logs[partition];
          return log && earlier && log.records.length > earlier.records.length && before.volatile.replicas[partition]?.role.kind === 'follower'
            ? { ...log, epochCache: earlier.epochCache }
            : log;
        });
        return { ...next, durable: { ...next.durable, logs } };
      },
    );
    expect(firstBreak(new Simulator({ ...setup, protocol: careless }))?.property).toBe('epoch-cache-matches-log');
  });
});

describe('kafka: bug variants and dangerous settings are caught', () => {
  it('acks-1: the leader acknowledged a record no follower had, then failed', () => {
    const { finding } = expectCaught(setupOrThrow(kafka, 'acks-1', {}, ciProfile), { runs: 500, seed: 1, shrunkEventsMax: 4 });
    expect(finding.violation.message).toMatch(/acknowledged record #\d+ .* is lost/);
    expect(finding.schedule.events.some((event) => event.kind === 'crash')).toBe(true);
  });

  it('unclean-election: an out-of-sync replica is elected without the records the lone leader acknowledged', () => {
    const finding = expectCaughtAs('unclean-election', { runs: 2000, seed: 1, properties: ['no-acked-write-lost'], shrunkEventsMax: 12 });
    expect(finding.violation.message).toMatch(/is lost/);
  });

  it('min-isr-1: the leader alone acknowledges, loses power, and is elected again', () => {
    const finding = expectCaughtAs('min-isr-1', {
      runs: 3000,
      seed: 1,
      properties: ['no-acked-write-lost', 'committed-data-stable'],
      shrunkEventsMax: 14,
    });
    expect(finding.schedule.events.some((event) => event.kind === 'crash' && event.loseUnflushed)).toBe(true);
  });

  it('last-replica-standing: the correct protocol loses acknowledged records when the last ISR member loses power (KIP-966)', () => {
    const finding = expectCaughtAs('last-replica-standing', {
      runs: 5000,
      seed: 1,
      // acked-on-min-isr: a follower that reported the record lost it to a power loss before the leader acknowledged it.
      properties: ['no-acked-write-lost', 'committed-data-stable', 'consumed-data-readable', 'acked-on-min-isr'],
      shrunkEventsMax: 15,
    });
    expect(finding.schedule.events.some((event) => event.kind === 'crash' && event.loseUnflushed)).toBe(true);
  });

  it('hw-truncation: a follower truncating to its lagging HW drops committed records (KAFKA-1211)', () => {
    expectCaughtAs('hw-truncation', { runs: 3000, seed: 1, properties: ['replica-consistency', 'no-acked-write-lost'], shrunkEventsMax: 14 });
  });

  it('epoch-fallback-to-hw: without KIP-279 a follower keeps records of an epoch the new leader never saw (KAFKA-6361)', () => {
    const finding = expectCaughtAs('epoch-fallback-to-hw', { runs: 3000, seed: 2, properties: ['replica-consistency'], shrunkEventsMax: 18 });
    expect(finding.violation.message).toMatch(/does not hold what leader \d+ .* has committed/);
  });

  it('without enable.idempotence a retried produce is appended twice: the history is not linearizable', () => {
    expectCaughtAs('correct', { runs: 500, seed: 1, properties: ['linearizable'], shrunkEventsMax: 6, overrides: { enableIdempotence: false } });
  });
});
