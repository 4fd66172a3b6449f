/**
 * The replay setup of Kafka's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): the
 * saved counterexamples the correct model promises to survive hold on it (a false alarm would kill
 * every mutant), and those it does not promise to survive (unpromised settings, known limitations)
 * are the ones left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../src/core/protocol.ts';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { replaySchedule, resolveSetup } from '../src/hunt/hunt.ts';
import { setupFor } from '../src/hunt/swarm.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups, promisedProperties } from './mutation/hunts.ts';

const kafka = findProtocol('kafka');
const folder = resolve(import.meta.dirname, '../counterexamples/kafka');

describe('kafka mutation replays', () => {
  it('every saved counterexample replayed by the mutation hunts holds on the correct model, on every control plane', () => {
    const setup = mutationSetups.kafka?.find((candidate) => candidate.replays !== undefined);
    if (!kafka || !setup) throw new Error('no kafka replay setup');
    expect(huntSetup(kafka, setup, 1, 1)).toBeNull();
  });

  it('the fetch-of-an-earlier-life story breaks a leader that takes a fetch its follower sent before a power loss', () => {
    // As leaderHandlesFetch's broker-epoch test made false would (the variant no-broker-epoch-in-fetch drops that test).
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/fetch-of-an-earlier-life.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    expect(replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation).toBeNull();
    const found = replaySchedule({ protocol: kafka, variant: 'no-broker-epoch-in-fetch', config: artifact.config }, artifact.schedule).violation;
    expect(found?.property).toBe('replica-consistency');
    expect(found?.message).toMatch(/broker 2 is in the ISR \[0,1,2\] of partition 0 but does not hold/);
  });

  it('the idempotent-retry story breaks a leader that answers a retry found in its log with nothing', () => {
    // As the mutants of leaderServesClient's `answer` would: an ok produce answer given while serving a client
    // request (not while a fetch moves the high watermark past a waiting producer) is dropped.
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/idempotent-retry-after-leader-crash.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    const silent = {
      ...kafka,
      step(context: never, state: never, input: { kind: string; message?: { type: string } }) {
        const result = kafka.step(context, state, input as never);
        const serving = input.kind === 'client' || input.message?.type === 'client-request';
        if (!serving) return result;
        const actions = result.actions.filter(
          (action) => action.kind !== 'reply' || action.reply.outcome !== 'ok' || action.reply.output.type !== 'produce',
        );
        return { ...result, actions };
      },
    } as typeof kafka;
    expect(replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation).toBeNull();
    expect(replaySchedule({ protocol: silent, variant: 'correct', config: artifact.config }, artifact.schedule).violation?.property).toBe(
      'operations-complete',
    );
  });

  it('producer-order-kept breaks a leader that appends a produce twice', () => {
    // As the mutants of leaderServesClient's idempotence checks would: the record a leader just appended
    // for a client goes in again. Only this property is checked (linearizable may see the copy first).
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/idempotent-retry-after-leader-crash.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    type Logs = { durable: { kind: string; logs: ({ records: unknown[] } | null)[] } };
    const twice = {
      ...kafka,
      step(context: never, state: never, input: { kind: string; message?: { type: string } }) {
        const result = kafka.step(context, state, input as never);
        if (input.kind !== 'client' && input.message?.type !== 'client-request') return result;
        const before = (state as Logs).durable;
        const after = (result.state as Logs).durable;
        if (before.kind !== 'broker' || after.kind !== 'broker') return result;
        const logs = after.logs.map((log, partition) => {
          const grown = log !== null && log.records.length > (before.logs[partition]?.records.length ?? 0);
          return grown ? { ...log, records: [...log.records, log.records.at(-1)] } : log;
        });
        return { ...result, state: { ...(result.state as object), durable: { ...after, logs } } };
      },
    } as typeof kafka;
    const replay = (protocol: typeof kafka) =>
      new Simulator(setupFor({ protocol, variant: 'correct', config: artifact.config, profile: defaultProfile }, artifact.schedule), {
        properties: ['producer-order-kept'],
      }).run(artifact.schedule).violation;
    expect(replay(kafka)).toBeNull();
    expect(replay(twice)?.property).toBe('producer-order-kept');
  });

  it('waiting-producers-answered breaks a leader whose purgatory holds a produce twice, or still holds one its high watermark passed', () => {
    // As the mutants of leaderServesClient's retry path would (a retry that joins the purgatory beside its first
    // attempt, a retry of a committed record that waits instead of being answered): the simulator keeps a client's
    // first answer only, so no history shows the second one. Only this property is checked.
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/idempotent-retry-after-leader-crash.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    type Role = { kind: string; purgatory?: readonly unknown[] };
    type Broker = { durable: { kind: string }; volatile: { replicas: ({ role: Role } | null)[] } };
    const withPurgatories = (rewrite: (before: readonly unknown[] | undefined, after: readonly unknown[]) => readonly unknown[]) =>
      ({
        ...kafka,
        step(context: never, state: never, input: never) {
          const result = kafka.step(context, state, input);
          const before = state as Broker;
          const after = result.state as Broker;
          if (before.durable.kind !== 'broker' || after.durable.kind !== 'broker') return result;
          const replicas = after.volatile.replicas.map((replica, partition) => {
            if (replica?.role.kind !== 'leader' || !replica.role.purgatory) return replica;
            const earlier = before.volatile.replicas[partition]?.role;
            const purgatory = rewrite(earlier?.kind === 'leader' ? earlier.purgatory : undefined, replica.role.purgatory);
            return purgatory === replica.role.purgatory ? replica : { ...replica, role: { ...replica.role, purgatory } };
          });
          return { ...result, state: { ...after, volatile: { ...after.volatile, replicas } } };
        },
      }) as typeof kafka;
    const twice = withPurgatories((before, after) => (after.length > (before?.length ?? 0) ? [...after, after.at(-1)] : after));
    const kept = withPurgatories((before, after) => (before !== undefined && after.length < before.length ? before : after));
    const replay = (protocol: typeof kafka) =>
      new Simulator(setupFor({ protocol, variant: 'correct', config: artifact.config, profile: defaultProfile }, artifact.schedule), {
        properties: ['waiting-producers-answered'],
      }).run(artifact.schedule).violation;
    expect(replay(kafka)).toBeNull();
    expect(replay(twice)?.message).toMatch(/in its purgatory twice/);
    expect(replay(kept)?.message).toMatch(/below its high watermark/);
  });

  it('the ISR-expansion story breaks a leader that asks for an expansion while another is pending', () => {
    // As leaderHandlesFetch's `role.pendingIsr === null` made true would: the new request replaces the pending
    // one, which the controller takes, so the leader counts the wrong follower towards its high watermark.
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/isr-expansion-while-one-is-pending.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    type Role = { kind: string; pendingIsr: unknown; epochStartOffset: number };
    type Replica = { isr: readonly number[]; highWatermark: number; role: Role };
    type Broker = { durable: { kind: string }; volatile: { replicas: (Replica | null)[] } };
    type Fetch = { type: string; partition: number; fetchOffset: number };
    const impatient = {
      ...kafka,
      step(context: never, state: never, input: { kind: string; from?: number; message?: Fetch }) {
        const broker = state as Broker;
        const message = input.message;
        const replica = message?.type === 'fetch' ? broker.volatile.replicas[message.partition] : undefined;
        const expands =
          message !== undefined &&
          replica?.role.kind === 'leader' &&
          replica.role.pendingIsr !== null &&
          message.fetchOffset >= replica.highWatermark &&
          message.fetchOffset >= replica.role.epochStartOffset &&
          !replica.isr.includes(input.from ?? -1);
        if (!expands || !message) return kafka.step(context, state, input as never);
        const replicas = broker.volatile.replicas.map((other, partition) =>
          other && partition === message.partition ? { ...other, role: { ...other.role, pendingIsr: null } } : other,
        );
        return kafka.step(context, { ...broker, volatile: { ...broker.volatile, replicas } } as never, input as never);
      },
    } as typeof kafka;
    expect(replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation).toBeNull();
    const found = replaySchedule({ protocol: impatient, variant: 'correct', config: artifact.config }, artifact.schedule).violation;
    expect(found?.property).toBe('replica-consistency');
    expect(found?.message).toMatch(/broker 2 is in the ISR \[0,1,2\] of partition 0 but does not hold what leader 0/);
  });

  it('the counterexamples left out are exactly those the correct model breaks as saved', () => {
    if (!kafka) throw new Error('no kafka protocol');
    const breaking: string[] = [];
    const planes = new Set<string>();
    for (const file of readdirSync(folder).filter((name) => /^[a-z0-9-]+\.json$/.test(name))) {
      const artifact = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { config: { controlPlane: string }; schedule: never };
      planes.add(artifact.config.controlPlane);
      if (replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation) breaking.push(file);
    }
    expect(planes).toEqual(new Set(['abstract', 'kraft', 'zookeeper']));
    // acks=1, min.insync.replicas=1, unclean election, and the power loss of the last ISR member.
    expect(breaking.sort()).toEqual(['acks-1.json', 'last-replica-standing.json', 'min-isr-1.json', 'unclean-election.json']);
  });
});

describe('kafka mutation setups of unpromised settings', () => {
  const setups = (mutationSetups.kafka ?? []).filter((setup) => setup.unpromisedProperties !== undefined);

  it('hunt acks=0, acks=1, an unclean election and power losses, each checking what it still promises, and hold on the correct model', () => {
    if (!kafka) throw new Error('no kafka protocol');
    expect(setups.map((setup) => setup.settings?.acks ?? setup.settings?.uncleanLeaderElectionEnable ?? setup.schedule?.powerLossFraction)).toEqual([
      '1',
      '0',
      true,
      1,
    ]);
    // Thousands of runs per setup and seed on every control plane were checked by hand (docs/mutation.md); here a sample.
    for (const setup of setups) expect(huntSetup(kafka, setup, 40, 1)).toBeNull();
  });

  it('leave out only properties that exist, and never the safety of epochs, the epoch cache or liveness after healing', () => {
    if (!kafka) throw new Error('no kafka protocol');
    for (const setup of setups) {
      const checked = promisedProperties(kafka, setup);
      for (const kept of [
        'epochs-durable',
        'one-leader-per-epoch',
        'epoch-cache-matches-log',
        'answers-match-requests',
        'isr-recovers',
        'makes-progress',
      ])
        expect(checked).toContain(kept);
    }
    expect(() => promisedProperties(kafka, { label: 'x', runsShare: 0, unpromisedProperties: ['no-such-property'] })).toThrow(/no property/);
  });
});

describe('kafka answers-match-requests and acks', () => {
  if (!kafka) throw new Error('no kafka protocol');
  const schedules = (acks: string) => {
    const setup = resolveSetup(kafka, 'correct', { acks });
    if ('error' in setup) throw new Error(setup.error);
    return { setup, schedules: fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 60, seed: 3 }) };
  };
  /** The correct model with every ok produce answer rewritten (as a mutant of the answers would). */
  const rewriting = (rewrite: (reply: { outcome: string; output?: { type: string; offset?: number | null } }) => unknown) =>
    ({
      ...kafka,
      step(context: never, state: never, input: never) {
        const result = kafka.step(context, state, input);
        const actions = result.actions.map((action) =>
          action.kind === 'reply' && action.reply.outcome === 'ok' && action.reply.output.type === 'produce'
            ? { ...action, reply: rewrite(action.reply as never) }
            : action,
        );
        return { ...result, actions } as typeof result;
      },
    }) as typeof kafka;
  const firstBreak = (protocol: typeof kafka, acks: string) => {
    const { setup, schedules: drawn } = schedules(acks);
    const simulator = new Simulator({ protocol, config: setup.config, variant: 'correct' }, { properties: ['answers-match-requests'] });
    return drawn.map((schedule) => simulator.run(schedule).violation).find((found) => found !== null);
  };

  it('acks=1: a produce refused with NOT_ENOUGH_REPLICAS (min.insync.replicas binds acks=all only) breaks it', () => {
    const refusing = rewriting(() => ({ outcome: 'fail', error: 'NOT_ENOUGH_REPLICAS: the ISR is too small' }));
    expect(firstBreak(kafka, '1')).toBeUndefined();
    expect(firstBreak(refusing, '1')?.property).toBe('answers-match-requests');
    // With acks=all the same refusal is one Kafka gives.
    expect(firstBreak(refusing, 'all')).toBeUndefined();
  });

  it('acks=0: a produce answered with an offset breaks it (the producer is answered before any broker has the record)', () => {
    const withOffset = rewriting((reply) => ({ ...reply, output: { ...reply.output, offset: 0 } }));
    expect(firstBreak(kafka, '0')).toBeUndefined();
    expect(firstBreak(withOffset, '0')?.property).toBe('answers-match-requests');
  });
});

describe('kafka consume answers against the leader log', () => {
  if (!kafka) throw new Error('no kafka protocol');
  const setup = resolveSetup(kafka, 'correct', {});
  if ('error' in setup) throw new Error(setup.error);
  const drawn = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 20, seed: 3 });
  type ConsumeReply = { outcome: string; error?: string; output?: { type: string; records?: readonly unknown[] } };
  /** The correct model with every consume answer rewritten (as a mutant of leaderServesClient's consume path would). */
  const rewriting = (rewrite: (reply: ConsumeReply) => ConsumeReply) =>
    ({
      ...kafka,
      step(context: never, state: never, input: never) {
        const result = kafka.step(context, state, input);
        const actions = result.actions.map((action) => {
          if (action.kind !== 'reply') return action;
          const reply = action.reply as ConsumeReply;
          const consume = reply.outcome === 'ok' ? reply.output?.type === 'consume' : reply.error?.startsWith('OFFSET_OUT_OF_RANGE');
          return consume ? { ...action, reply: rewrite(reply) } : action;
        });
        return { ...result, actions } as typeof result;
      },
    }) as typeof kafka;
  const firstBreak = (protocol: typeof kafka) => {
    const simulator = new Simulator({ protocol, config: setup.config, variant: 'correct' }, { properties: ['answers-match-requests'] });
    return drawn.map((schedule) => simulator.run(schedule).violation).find((found) => found !== null);
  };

  it('holds on the correct model and breaks a consume answered ok beyond the log end, refused at it, or refused without its code', () => {
    expect(firstBreak(kafka)).toBeUndefined();
    const answeredEmpty = rewriting((reply) =>
      reply.outcome === 'ok' ? reply : ({ outcome: 'ok', output: { type: 'consume', records: [] } } as ConsumeReply),
    );
    expect(firstBreak(answeredEmpty)?.message).toMatch(/was answered ok, but no leader's log reaches that offset/);
    const refusedAtEnd = rewriting((reply) =>
      reply.outcome === 'ok' && reply.output?.records?.length === 0 ? { outcome: 'fail', error: 'OFFSET_OUT_OF_RANGE: rewritten' } : reply,
    );
    expect(firstBreak(refusedAtEnd)?.message).toMatch(/was refused as OFFSET_OUT_OF_RANGE, but no leader's log ends before that offset/);
    const unnamed = rewriting((reply) => (reply.outcome === 'ok' ? reply : { ...reply, error: '' }));
    expect(firstBreak(unnamed)?.message).toMatch(/names no error code a consumer acts on/);
  });

  it('breaks a consume answered with less than its leader holds up to the high watermark, or refused with an unknown outcome', () => {
    // As broker.ts's consume slice made always empty, and its clientError answering a consume 'unknown', would.
    const short = rewriting((reply) =>
      reply.outcome === 'ok' && (reply.output?.records?.length ?? 0) > 0
        ? { ...reply, output: { type: 'consume', ...reply.output, records: [] } }
        : reply,
    );
    expect(firstBreak(short)?.message).toMatch(/was answered with 0 record\(s\), but no leader holds exactly those up to its high watermark/);
    const uncertain = rewriting((reply) => (reply.outcome === 'fail' ? { ...reply, outcome: 'unknown' } : reply));
    expect(firstBreak(uncertain)?.message).toMatch(/was refused with an unknown outcome \("OFFSET_OUT_OF_RANGE/);
  });
});

describe('kafka high watermark within the log', () => {
  type RestartedLog = { readonly records: readonly unknown[]; readonly checkpointedHighWatermark: number };
  type Replica = { readonly highWatermark: number };
  type Restarted = { durable: { kind: string; logs?: readonly (RestartedLog | null)[] }; volatile: { replicas?: readonly (Replica | null)[] } };
  /** The correct model with a restarted broker's high watermark of each partition it replicates set by `highWatermarkOf`, as a mutant of restartBroker would. */
  const restartingWith = (highWatermarkOf: (log: RestartedLog | null, replica: Replica) => number) => {
    if (!kafka) throw new Error('no kafka protocol');
    return {
      ...kafka,
      restart(context: never, durable: never, randomSeed: number) {
        const state = kafka.restart(context, durable, randomSeed) as unknown as Restarted;
        const logs = state.durable.logs;
        const replicas = state.volatile.replicas;
        if (state.durable.kind !== 'broker' || !logs || !replicas) return state as never;
        const moved = replicas.map(
          (replica, partition) => replica && { ...replica, highWatermark: highWatermarkOf(logs[partition] ?? null, replica) },
        );
        return { ...state, volatile: { ...state.volatile, replicas: moved } } as never;
      },
    } as typeof kafka;
  };

  it('epoch-cache-matches-log breaks a broker that restarts with its high watermark past its log end', () => {
    // As a restart that takes the checkpointed high watermark without clamping it to the log would, after a power loss.
    const setup = mutationSetups.kafka?.find((candidate) => candidate.label === 'default settings');
    if (!kafka || !setup) throw new Error('no kafka default setup');
    const pastTheEnd = restartingWith((log) => (log?.records.length ?? 0) + 1);
    const found = huntSetup(pastTheEnd, setup, 30, 1);
    expect(found?.property).toBe('epoch-cache-matches-log');
    expect(found?.message).toMatch(/high watermark of partition \d+ is \d+, beyond its log end/);
    expect(huntSetup(kafka, setup, 30, 1)).toBeNull();
  });

  it('the checkpoint-above-a-power-loss story breaks a restart that takes its checkpointed high watermark unclamped', () => {
    // As restartBroker's Math.min made Math.max would: after the power loss the checkpoint (1) is above the log end (0).
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/checkpoint-above-a-power-loss.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    const unclamped = restartingWith((log, replica) => (log ? Math.max(log.checkpointedHighWatermark, log.records.length) : replica.highWatermark));
    expect(replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation).toBeNull();
    const found = replaySchedule({ protocol: unclamped, variant: 'correct', config: artifact.config }, artifact.schedule).violation;
    expect(found?.property).toBe('epoch-cache-matches-log');
    expect(found?.message).toMatch(/broker 1's high watermark of partition 0 is 1, beyond its log end 0/);
  });
});

describe('kafka controller stories and controller-decisions-justified', () => {
  if (!kafka) throw new Error('no kafka protocol');
  const story = (name: string) =>
    JSON.parse(readFileSync(resolve(import.meta.dirname, `mutation/kafka-stories/${name}.json`), 'utf8')) as {
      config: Record<string, unknown>;
      schedule: { randomSeed: number; events: unknown[] };
    };
  type Step = typeof kafka.step;
  /** The correct model with the abstract controller's steps rewritten (as a mutant of controller.ts would). */
  const atController = (rewrite: (step: Step, ...args: Parameters<Step>) => ReturnType<Step>) =>
    ({
      ...kafka,
      step(context: never, state: { durable: { kind: string } }, input: never) {
        return state.durable.kind === 'controller' ? rewrite(kafka.step, context, state as never, input) : kafka.step(context, state as never, input);
      },
    }) as typeof kafka;
  const verdict = (protocol: typeof kafka, name: string, events?: unknown[]) => {
    const artifact = story(name);
    const schedule = events ? { randomSeed: 0, events } : artifact.schedule;
    return replaySchedule({ protocol, variant: 'correct', config: artifact.config }, schedule as never).violation;
  };
  const heartbeat = (input: { kind: string; message?: { type: string } }) => input.kind === 'receive' && input.message?.type === 'heartbeat';

  it('the lost-ISR-change story breaks a controller that never resends stale partitions at a heartbeat', () => {
    const silent = atController((step, context, state, input) => {
      const result = step(context, state, input);
      if (!heartbeat(input as never)) return result;
      return { ...result, actions: result.actions.filter((action) => action.kind !== 'send' || action.message.type !== 'leader-and-isr') };
    });
    expect(verdict(kafka, 'lost-isr-change-resent-at-heartbeat')).toBeNull();
    expect(verdict(silent, 'lost-isr-change-resent-at-heartbeat')?.property).toBe('isr-recovers');
  });

  it("the earlier-life story breaks a controller that registers a fenced broker's heartbeat of an earlier incarnation", () => {
    const credulous = atController((step, context, state, input) => {
      const message = (input as { message?: { type: string; incarnation: number } }).message;
      const from = (input as { from?: number }).from ?? -1;
      const durable = (state as { durable: { brokers: { alive: boolean; incarnation: number }[] } }).durable;
      const registration = durable.brokers[from];
      if (!heartbeat(input as never) || !message || !registration || registration.alive || message.incarnation >= registration.incarnation)
        return step(context, state, input);
      // As if the incarnation test were gone: the fenced registration is taken over by the old life.
      const brokers = durable.brokers.map((broker, id) => (id === from ? { ...broker, incarnation: message.incarnation } : broker));
      return step(context, { ...(state as object), durable: { ...durable, brokers } } as never, input);
    });
    expect(verdict(kafka, 'heartbeat-of-an-earlier-life')).toBeNull();
    expect(verdict(credulous, 'heartbeat-of-an-earlier-life')?.property).toBe('epochs-durable');
  });

  it('breaks a controller that rebalances off its check interval, fences before the session timeout, or refuses a partition that has a leader', () => {
    const withConfig = (change: Record<string, unknown>) =>
      atController((step, context, state, input) =>
        step({ ...(context as object), config: { ...(context as { config: object }).config, ...change } } as never, state, input),
      );
    const crash = [{ kind: 'crash', node: 0, loseUnflushed: false }];
    const tick = { kind: 'tick', node: 3 };
    const name = 'lost-isr-change-resent-at-heartbeat';
    expect(verdict(kafka, name, crash)).toBeNull();
    expect(verdict(kafka, name, [...crash, tick, tick, tick])).toBeNull();
    expect(verdict(withConfig({ leaderImbalanceCheckIntervalTicks: 1 }), name, crash)?.property).toBe('controller-decisions-justified');
    expect(verdict(withConfig({ brokerSessionTimeoutTicks: 1 }), name, [...crash, tick, tick])?.property).toBe('controller-decisions-justified');
    const refusing = atController((step, context, state, input) => {
      const result = step(context, state, input);
      const actions = result.actions.map((action) =>
        action.kind === 'send' && action.message.type === 'client-request'
          ? {
              kind: 'reply' as const,
              operationId: action.message.request.operationId,
              reply: { outcome: 'unknown' as const, error: 'LEADER_NOT_AVAILABLE: none' },
            }
          : action,
      );
      return { ...result, actions };
    });
    // A heartbeat answered (a resend) without renewing its sender's session, as with the general path's renewal gone.
    const unrenewing = atController((step, context, state, input) => {
      const result = step(context, state, input);
      const from = (input as { from?: number }).from ?? -1;
      type Durable = { brokers: { ticksSinceHeartbeat: number; lastSyncTick: number }[] };
      const before = (state as { durable: Durable }).durable.brokers[from];
      const after = (result.state as { durable: Durable }).durable;
      const changed = after.brokers[from];
      if (!heartbeat(input as never) || !before || !changed || changed.lastSyncTick === before.lastSyncTick) return result;
      const brokers = after.brokers.map((broker, id) => (id === from ? { ...broker, ticksSinceHeartbeat: before.ticksSinceHeartbeat } : broker));
      return { ...result, state: { ...(result.state as object), durable: { ...after, brokers } } as never };
    });
    expect(verdict(unrenewing, name)?.property).toBe('controller-decisions-justified');
    const produce = [{ kind: 'client', node: 3, client: 0, operation: { type: 'produce', partition: 0, value: 1 } }];
    expect(verdict(kafka, name, produce)).toBeNull();
    expect(verdict(refusing, name, produce)?.property).toBe('controller-decisions-justified');
    // A client's request at the controller passed on as if answered, or dropped: nobody would ever answer it there.
    const untaking = (drop: boolean) =>
      atController((step, context, state, input) => {
        const result = step(context, state, input);
        if ((input as { kind: string }).kind !== 'client') return result;
        const actions = result.actions.flatMap((action) =>
          action.kind === 'send' && action.message.type === 'client-request'
            ? drop
              ? []
              : [{ ...action, message: { ...action.message, replied: true } }]
            : [action],
        );
        return { ...result, actions };
      });
    expect(verdict(untaking(false), name, produce)?.property).toBe('controller-decisions-justified');
    expect(verdict(untaking(true), name, produce)?.property).toBe('controller-decisions-justified');
  });

  it('breaks a controller that lets a fenced broker join an ISR (KIP-841), in the default mutation setup', () => {
    // As decisions.ts's `if (!registration?.alive) return false` made `return true` would: AlterPartition decided
    // as if every broker were alive (their liveness put back after the step).
    type Durable = { brokers: { alive: boolean }[] };
    const credulous = atController((step, context, state, input) => {
      if ((input as { message?: { type: string } }).message?.type !== 'alter-partition') return step(context, state, input);
      const durable = (state as { durable: Durable }).durable;
      const allAlive = { ...(state as object), durable: { ...durable, brokers: durable.brokers.map((broker) => ({ ...broker, alive: true })) } };
      const result = step(context, allAlive as never, input);
      const after = (result.state as { durable: Durable }).durable;
      const brokers = after.brokers.map((broker, id) => ({ ...broker, alive: durable.brokers[id]?.alive ?? broker.alive }));
      return { ...result, state: { ...(result.state as object), durable: { ...after, brokers } } as never };
    });
    const setup = mutationSetups.kafka?.find((candidate) => candidate.label === 'default settings');
    if (!setup) throw new Error('no default setup');
    const found = huntSetup(credulous, setup, 100, 1);
    expect(found?.property).toBe('controller-decisions-justified');
    expect(found?.message).toMatch(/let fenced broker \d+ join partition \d+'s ISR/);
  });
});

describe('kafka flush-promise-kept', () => {
  type Log = { readonly records: readonly unknown[]; readonly flushedLength: number; readonly epochCache: readonly unknown[] };
  type Durable = { readonly kind: string; readonly logs?: readonly (Log | null)[] };
  /** A broker's durable part with each log changed (other nodes as they are). */
  function withLogs<T>(durable: T, change: (log: Log) => Log): T {
    const broker = durable as Durable;
    if (broker.kind !== 'broker' || !broker.logs) return durable;
    return { ...broker, logs: broker.logs.map((log) => log && change(log)) } as T;
  }

  it('breaks a broker that never fsyncs though log.flush.interval.messages=1, and a power loss that loses fsynced records', () => {
    // As the mutants of appendRecords' flush decision and of loseUnflushed would: only a power loss reads flushedLength.
    const setup = mutationSetups.kafka?.find((candidate) => candidate.label === 'flush every record, power losses');
    if (!kafka || !setup) throw new Error('no kafka flush setup');
    const neverFlushing = {
      ...kafka,
      step(context: never, state: { durable: unknown }, input: never) {
        const result = kafka.step(context, state as never, input) as { state: { durable: unknown } };
        return { ...result, state: { ...result.state, durable: withLogs(result.state.durable, (log) => ({ ...log, flushedLength: 0 })) } };
      },
    } as typeof kafka;
    expect(huntSetup(neverFlushing, setup, 20, 1)?.property).toBe('flush-promise-kept');
    const losingEverything = {
      ...kafka,
      crash(context: never, state: never, options: { loseUnflushed: boolean }) {
        const durable = kafka.crash(context, state, options);
        return options.loseUnflushed ? withLogs(durable, (log) => ({ ...log, records: [], epochCache: [], flushedLength: 0 })) : durable;
      },
    } as typeof kafka;
    expect(huntSetup(losingEverything, setup, 20, 1)?.property).toBe('flush-promise-kept');
    expect(huntSetup(kafka, setup, 20, 1)).toBeNull();
  });
});
