/**
 * The degraded phase (`LivenessPlan.degraded`, `when: 'degraded-end'`): crashed nodes stay down
 * while the rest of the cluster is healed and run in rounds, and the protocol's promise to recover
 * without them is checked. A small hand-written protocol shows the mechanism (a leader that never
 * fails over is caught by it and by nothing else; a passing side run leaves the trace as it was);
 * Kafka on ZooKeeper shows the failure detection it was built for (a dead controller's
 * /controller must be taken over by another broker).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { defineProtocol } from '../src/core/protocol.ts';
import { Simulator } from '../src/core/simulator.ts';
import type { NodeState } from '../src/core/types.ts';
import { hunt, resolveSetup } from '../src/hunt/hunt.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { artifactOf } from '../src/study/artifact.ts';
import { studyTranscript } from '../src/study/render.ts';
import { mermaidLines } from '../src/study/mermaid.ts';
import { buildStudyModel } from '../src/study/model.ts';
import type { Message as KafkaMessage } from '../src/protocols/kafka/messages.ts';

type LeaseState = NodeState<{ readonly incarnation: number }, { readonly leading: boolean; readonly silentTicks: number }>;
type LeaseProperty = 'one-leader-after-healing' | 'a-live-leader';

interface LeaseTypes {
  readonly config: { readonly nodeCount: number; readonly clientCount: number };
  readonly state: LeaseState;
  readonly message: { readonly type: 'heartbeat' };
  readonly operation: { readonly type: 'ping' };
  readonly output: null;
  readonly ghost: null;
  readonly variant: 'correct' | 'never-fails-over';
  readonly property: LeaseProperty;
  readonly rules: { readonly failOver: boolean };
}

/** Calls of the `degraded-end` property's check, to show when the degraded phase runs at all. */
let degradedChecks = 0;

/**
 * Node 0 leads from the start and again after a restart; the leader heartbeats every tick, and a
 * follower silent for 2 + its id ticks takes over (a lower leader's heartbeat makes a higher one
 * step down). `never-fails-over` never takes over: node 0's restart in the liveness phase hides it.
 */
function leaseProtocol() {
  const protocol = defineProtocol<LeaseTypes>({
    name: 'lease',
    description: 'A leader that others replace when its heartbeats stop.',
    model: {
      init: (context) => ({ durable: { incarnation: 0 }, volatile: { leading: context.node === 0, silentTicks: 0 } }),
      restart: (context, durable) => ({
        durable: { incarnation: durable.incarnation + 1 },
        volatile: { leading: context.node === 0, silentTicks: 0 },
      }),
      step(context, state, input) {
        const heartbeats = Array.from({ length: context.nodeCount - 1 }, (_, index) => ({
          kind: 'send' as const,
          to: (context.node + 1 + index) % context.nodeCount,
          message: { type: 'heartbeat' as const },
        }));
        switch (input.kind) {
          case 'tick': {
            if (state.volatile.leading) return { state, actions: heartbeats };
            const silentTicks = state.volatile.silentTicks + 1;
            const leading = context.rules.failOver && silentTicks >= 2 + context.node;
            return { state: { durable: state.durable, volatile: { leading, silentTicks } }, actions: leading ? heartbeats : [] };
          }
          case 'receive': {
            const leading = state.volatile.leading && context.node < input.from;
            return { state: { durable: state.durable, volatile: { leading, silentTicks: 0 } }, actions: [] };
          }
          case 'client':
            return { state, actions: [{ kind: 'reply', operationId: input.request.operationId, reply: { outcome: 'ok', output: null } }] };
          default:
            return { state, actions: [] };
        }
      },
    },
    correctRules: { failOver: true },
    variants: {
      correct: { description: 'A follower takes over when the leader falls silent.' },
      'never-fails-over': { description: 'Followers wait for the leader forever.', breaks: 'a-live-leader', rules: { failOver: false } },
    },
    properties: {
      'one-leader-after-healing': {
        when: 'end',
        category: 'liveness',
        description: 'after healing and restarting every node, exactly one node leads',
        check: (view) => {
          const leaders = view.nodes.filter((slot) => slot.up && slot.state.volatile.leading).length;
          return leaders === 1 ? null : `${leaders} nodes lead`;
        },
      },
      // #region degraded-property
      'a-live-leader': {
        when: 'degraded-end',
        category: 'liveness',
        description: 'with a crashed node left down, some live node leads',
        check: (view) => (view.nodes.some((slot) => slot.up && slot.state.volatile.leading) ? null : 'no live node leads'),
      },
      // #endregion degraded-property
    },
    settings: {
      defaults: { nodeCount: 3, clientCount: 1 },
      meaning: { nodeCount: { meaning: 'nodes' }, clientCount: { meaning: 'clients' } },
    },
    workload: { kindCount: 1, parameterCount: 0, parameterMax: 0, build: () => ({ type: 'ping' }) },
    hunt: {
      liveness: () => ({
        roundsMax: 20,
        retryEveryRounds: 5,
        // #region degraded-plan
        // In the liveness plan (hunt.liveness): one node (the lowest) stays down, a minority of three.
        degraded: { roundsMax: 10, stayDown: (down) => down.slice(0, 1) },
        // #endregion degraded-plan
      }),
    },
  });
  const counted = protocol.properties.map((property): (typeof protocol.properties)[number] =>
    property.when === 'degraded-end'
      ? {
          ...property,
          check: (view) => {
            degradedChecks++;
            return property.check(view);
          },
        }
      : property,
  );
  return { ...protocol, properties: counted };
}

const lease = leaseProtocol();
/** The same protocol without a degraded phase in its liveness plan. */
const leaseNotOptingIn: typeof lease = {
  ...lease,
  liveness: (config) => {
    const { degraded: _degraded, ...plan } = lease.liveness(config);
    return plan;
  },
};

function run(protocol: ReturnType<typeof leaseProtocol>, variant: LeaseTypes['variant'], schedule: Schedule, properties?: LeaseProperty[]) {
  return new Simulator({ protocol, config: protocol.defaultConfig(), variant }, { recordTrace: true, ...(properties ? { properties } : {}) }).run(
    schedule,
  );
}

const leaderCrashes: Schedule = {
  randomSeed: 1,
  events: [
    { kind: 'tick', node: 0 },
    { kind: 'crash', node: 0, loseUnflushed: false },
  ],
};

describe('the degraded phase: crashed nodes stay down', () => {
  it('catches a leader that never fails over, and only it does: the liveness phase restarts the leader', () => {
    // #region degraded-caught
    const caught = run(lease, 'never-fails-over', leaderCrashes);
    expect(caught.violation).toMatchObject({
      property: 'a-live-leader',
      phase: 'liveness',
      category: 'liveness',
      message: 'no live node leads (degraded phase: node 0 left down after the schedule, the network was not partitioned, 10 rounds)',
    });
    // #endregion degraded-caught
    // The trace shows the side run that broke it: after the schedule, node 0 is down at every step and never restarted.
    const after = caught.trace?.slice(leaderCrashes.events.length) ?? [];
    expect(after.length).toBe(caught.livenessSteps);
    expect(after.every((step) => step.phase === 'liveness' && step.nodesUp[0] === false && step.event.kind !== 'restart')).toBe(true);
    expect(caught.violation?.step).toBe(leaderCrashes.events.length + caught.livenessSteps - 1);
    // The transcript's banner says what the side run did: nothing to heal, node 0 left down.
    const setup = { protocol: lease, variant: 'never-fails-over', config: lease.defaultConfig() };
    const transcript = studyTranscript(
      { protocol: lease, artifact: artifactOf(setup, leaderCrashes, { result: caught }), result: caught },
      { full: true },
    );
    expect(transcript).toContain(
      '  ── degraded phase: the network was not partitioned, node 0 stays down, then messages are delivered and timers tick until the cluster recovers without it ──',
    );
    const model = buildStudyModel({ protocol: lease, artifact: artifactOf(setup, leaderCrashes, { result: caught }), result: caught });
    expect(mermaidLines(model, { full: true })).toContain(
      '  Note over C,N2: degraded phase: the network was not partitioned, node 0 stays down, then messages are delivered and timers tick until the cluster recovers without it',
    );
    // The violation says the same: a heal only where the schedule ended partitioned.
    const partitioned = run(lease, 'never-fails-over', {
      ...leaderCrashes,
      events: [...leaderCrashes.events, { kind: 'partition', groups: [0, 0, 1] }],
    });
    expect(partitioned.violation?.message).toMatch(/\(degraded phase: node 0 left down after the schedule, the network healed, \d+ rounds\)$/);
    // Without the degraded property every other check passes, and the correct model takes over.
    expect(run(lease, 'never-fails-over', leaderCrashes, ['one-leader-after-healing']).violation).toBeNull();
    expect(run(lease, 'correct', leaderCrashes).violation).toBeNull();
  });

  it('a passing side run leaves the run as it was, and a protocol that does not opt in never runs it', () => {
    const checksBefore = degradedChecks;
    const withSideRun = run(lease, 'correct', leaderCrashes);
    expect(degradedChecks).toBeGreaterThan(checksBefore);
    const withoutIt = run(lease, 'correct', leaderCrashes, ['one-leader-after-healing']);
    const notOptingIn = run(leaseNotOptingIn, 'correct', leaderCrashes);
    for (const other of [withoutIt, notOptingIn]) {
      expect(JSON.stringify(other.trace)).toBe(JSON.stringify(withSideRun.trace));
      expect(other.livenessSteps).toBe(withSideRun.livenessSteps);
      expect(other.world).toEqual(withSideRun.world);
    }
    // Not opting in: its degraded-end property is never called, even for a leader that never fails over.
    const checks = degradedChecks;
    expect(run(leaseNotOptingIn, 'never-fails-over', leaderCrashes).violation).toBeNull();
    expect(degradedChecks).toBe(checks);
    // Nothing down when the schedule ends: no side run either.
    expect(
      run(lease, 'never-fails-over', {
        randomSeed: 1,
        events: [
          { kind: 'crash', node: 0, loseUnflushed: false },
          { kind: 'restart', node: 0 },
        ],
      }).violation,
    ).toBeNull();
    expect(degradedChecks).toBe(checks);
  });

  it('a hunt finds it, shrinks it to the crash, and the shrunk schedule replays to the same trace', () => {
    const resolved = resolveSetup(lease, 'never-fails-over');
    if ('error' in resolved) throw new Error(resolved.error);
    const found = hunt(resolved, { runs: 200, seed: 3 });
    expect(found.finding?.violation.property).toBe('a-live-leader');
    const shrunk = found.finding?.schedule as Schedule;
    expect(shrunk.events.filter((event) => event.kind === 'crash').map((event) => event.kind === 'crash' && event.node)).toEqual([0]);
    const first = run(lease, 'never-fails-over', shrunk);
    const again = run(lease, 'never-fails-over', shrunk);
    expect(first.violation).toEqual(found.finding?.violation);
    expect(JSON.stringify(again.trace)).toBe(JSON.stringify(first.trace));
  });
});

describe('Kafka on ZooKeeper with a broker down for good', () => {
  // properties/mutation/zookeeper-stories/zookeeper-controller-dies.json: the failover story, then the controller (broker 2) crashes.
  const story = JSON.parse(readFileSync(resolve(import.meta.dirname, 'mutation/zookeeper-stories/zookeeper-controller-dies.json'), 'utf8')) as {
    config: unknown;
    schedule: Schedule;
  };

  /** Kafka whose brokers never learn that /controller is gone: their pings ask about /brokers (always there) and arm no watch, and watches are not delivered to them. */
  const blindBrokers = {
    ...kafka,
    step(context: Parameters<typeof kafka.step>[0], state: Parameters<typeof kafka.step>[1], input: Parameters<typeof kafka.step>[2]) {
      const isBroker = context.node < (context.config as { brokerCount: number }).brokerCount;
      if (isBroker && input.kind === 'receive' && (input.message as KafkaMessage).type === 'zk-watch') return { state, actions: [] };
      const result = kafka.step(context, state, input);
      if (!isBroker) return result;
      const actions = result.actions.map((action) => {
        if (action.kind !== 'send') return action;
        const message = action.message as KafkaMessage;
        if (message.type !== 'zk-request' || message.operation.type !== 'exists' || !message.operation.watch) return action;
        return { ...action, message: { ...message, operation: { ...message.operation, path: '/brokers', watch: false } } };
      });
      return { state: result.state, actions };
    },
  };

  it('a new controller takes over from a dead one; brokers blind to its going break recovers-with-brokers-down, and nothing else', () => {
    const runStory = (protocol: typeof kafka, properties?: string[]) =>
      new Simulator({ protocol, config: story.config, variant: 'correct' }, properties ? { properties } : {}).run(story.schedule);
    expect(runStory(kafka).violation).toBeNull();
    const blind = runStory(blindBrokers);
    expect(blind.violation?.property).toBe('recovers-with-brokers-down');
    expect(blind.violation?.message).toBe(
      'the cluster did not recover without its down brokers: no live broker acts as the controller (holds /controller) (degraded phase: node 2 left down after the schedule, the network was not partitioned, 150 rounds)',
    );
    const others = kafka.properties.map((property) => property.name).filter((name) => name !== 'recovers-with-brokers-down');
    expect(runStory(blindBrokers, others).violation).toBeNull();
  });
});
