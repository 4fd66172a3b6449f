/**
 * Exploration over coarse story steps: every step is a sequence of ordinary schedule events (so a
 * counterexample is an artifact that replays and shrinks), a timeout step only skips ticks that
 * moved the node's own timers, partial-order reduction reaches exactly the worlds the unreduced
 * search reaches, and the fault budget bounds what it says it bounds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededDraw } from '../src/core/random.ts';
import { type LivenessMemo, Simulator, type World } from '../src/core/simulator.ts';
import type { NodeState } from '../src/core/types.ts';
import {
  applyStep,
  canonicalText,
  coarseSteps,
  coarseStory,
  explore,
  operationAlphabet,
  twoSidedPartitions,
  type EventAlphabet,
  type ExploreOptions,
  WorldKeys,
} from '../src/explore/index.ts';
import { buildArtifact } from '../src/cli/artifacts.ts';
import type { Schedule } from '../src/core/events.ts';
import type { HuntSetup } from '../src/hunt/hunt.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';

const coarse = { steps: 'coarse', statesMax: 200_000, parameterValues: [0] } as const;

describe('explore with coarse story steps', () => {
  it('finds short stories as ordinary schedules: they replay from scratch, survive an artifact round trip and shrink', () => {
    const write = (setup: HuntSetup, text: string) => ({ operations: [setup.protocol.parseOperation(text)], operationsMax: 1 });
    const kafkaAcks1 = setupOrThrow(kafka, 'acks-1');
    const proposeToAckedOnly = setupOrThrow(zab, 'propose-to-acked-only');
    for (const [setup, alphabet, stepsExpected] of [
      [kafkaAcks1, write(kafkaAcks1, 'produce 0'), 2],
      // One step: the liveness phase's progress probe is the write the story needs.
      [proposeToAckedOnly, write(proposeToAckedOnly, 'create /a 0'), 1],
      [setupOrThrow(primaryBackup, 'ack-before-replicate'), { operationsMax: 1 }, 3],
    ] as const) {
      const label = `${setup.protocol.name}/${setup.variant}`;
      const result = explore(setup, { ...coarse, depth: stepsExpected, ...alphabet });
      expect(result, label).toMatchObject({ found: true, complete: true, steps: 'coarse', depthReached: stepsExpected });
      const schedule = result.counterexample;
      const steps = result.counterexampleSteps;
      if (!schedule || !steps) throw new Error(`${label}: no counterexample`);
      expect(steps).toHaveLength(stepsExpected);
      expect(schedule.events.length).toBeGreaterThanOrEqual(steps.length);
      expect(result.violation?.property, label).toBe(setup.protocol.variants.find((variant) => variant.name === setup.variant)?.expectedViolation);
      expect(new Simulator(setup).run(schedule).violation, counterexampleReport(setup, schedule, label)).toEqual(result.violation);

      // The artifact `faultline explore` writes is an ordinary one: parsed, checked, replayed.
      const { artifact } = buildArtifact(setup, schedule, { seed: null, path: null, eventsBeforeShrink: null });
      const parsed = checkArtifactForProtocol('explore.json', parseArtifact('explore.json', JSON.stringify(artifact)), setup.protocol);
      expect(new Simulator(setup).run(parsed.schedule).violation?.property).toBe(result.violation?.property);

      // The minimizer accepts it (it is slow on ZAB: its last pass is an exhaustive search of its own).
      if (setup.protocol.name !== 'zab') {
        const property = result.violation?.property ?? '';
        const shrunk = minimizeSchedule(setup, schedule, property, 200).schedule;
        expect(new Simulator(setup).run(shrunk).violation?.property).toBe(property);
        expect(shrunk.events.length).toBeLessThanOrEqual(schedule.events.length);
      }

      // Nothing shorter in steps breaks anything.
      const shorter = explore(setup, { ...coarse, depth: stepsExpected - 1, ...alphabet });
      expect(shorter, label).toMatchObject({ found: false, complete: true });
    }
  });

  it('a timeout step ticks one node until it sends, answers or persists something new (more than counters); a link step delivers what the link held (random walks)', () => {
    for (const setup of [setupOrThrow(kafka, 'correct'), setupOrThrow(zab, 'correct'), setupOrThrow(raft, 'correct')]) {
      const simulator = new Simulator(setup);
      const alphabet = walkAlphabet(setup, simulator);
      const draw = seededDraw(4242);
      let timeouts = 0;
      let multiTickTimeouts = 0;
      let linkDeliveries = 0;
      for (let walk = 0; walk < 20; walk++) {
        let world = simulator.initialWorld(0);
        for (let depth = 0; depth < 12; depth++) {
          const steps = coarseSteps(world, alphabet);
          const step = steps[draw(steps.length)];
          if (!step) break;
          const outcome = applyStep(simulator, world, step, 16, () => false);
          if (!outcome) continue;
          if (step.kind === 'timeout') {
            timeouts++;
            expect(outcome.events.every((event) => event.kind === 'tick' && event.node === step.node)).toBe(true);
            // Replayed tick by tick: every tick but the last is unnoticeable outside the node.
            let before = world;
            for (const [index, event] of outcome.events.entries()) {
              const after = simulator.applyEvent(before, event);
              const noticed =
                after.network.nextMessageId !== before.network.nextMessageId ||
                after.history !== before.history ||
                blurred(durableOf(after, step.node)) !== blurred(durableOf(before, step.node));
              expect(noticed, `tick ${index + 1} of ${outcome.events.length}`).toBe(index === outcome.events.length - 1);
              before = after;
            }
            if (outcome.events.length > 1) multiTickTimeouts++;
          }
          if (step.kind === 'deliver-link' && step.all) {
            linkDeliveries++;
            const onLink = (state: World) => state.network.inFlight.filter((message) => message.from === step.from && message.to === step.to);
            expect(outcome.events).toHaveLength(onLink(world).length);
            expect(outcome.events.every((event) => event.kind === 'deliver')).toBe(true);
            expect(onLink(outcome.world)).toEqual([]);
          }
          world = outcome.world;
        }
      }
      expect(timeouts, setup.protocol.name).toBeGreaterThan(0);
      expect(linkDeliveries, setup.protocol.name).toBeGreaterThan(0);
      // A ZAB or Raft follower's election timeout, a Kafka controller's broker session timeout.
      expect(multiTickTimeouts, `${setup.protocol.name}: some timeout takes several ticks`).toBeGreaterThan(0);
    }
  });

  it('partial-order reduction reaches the same worlds at the same depths as the unreduced search, with the same verdict and shortest length', () => {
    const cases: [HuntSetup, Partial<ExploreOptions> & { depth: number }][] = [
      [setupOrThrow(primaryBackup, 'correct'), { depth: 3, steps: 'coarse' }],
      [setupOrThrow(kafka, 'acks-1'), { depth: 2, steps: 'coarse' }],
      // A counterexample three steps deep (a write, its proposal delivered, a power loss).
      [setupOrThrow(zab, 'elect-by-applied-zxid'), { depth: 3, steps: 'coarse', operations: [zab.parseOperation('create /a 0')] }],
      [setupOrThrow(raft, 'correct'), { depth: 2, steps: 'coarse' }],
      [setupOrThrow(kafka, 'correct'), { depth: 2, steps: 'events' }],
      [setupOrThrow(zab, 'correct'), { depth: 2, steps: 'events' }],
    ];
    let reducedSteps = 0;
    let counterexamples = 0;
    for (const [setup, options] of cases) {
      const label = `${setup.protocol.name}/${setup.variant} ${options.steps}`;
      const base = { operationsMax: 1, statesMax: 200_000, parameterValues: [0], ...options };
      const reduced = explore(setup, { ...base, partialOrderReduction: true });
      const full = explore(setup, { ...base, partialOrderReduction: false });
      expect(
        reduced.levels.map((level) => level.distinctStates),
        label,
      ).toEqual(full.levels.map((level) => level.distinctStates));
      expect(reduced.found, label).toBe(full.found);
      expect(reduced.violation?.property, label).toBe(full.violation?.property);
      expect(reduced.counterexampleSteps?.length, label).toBe(full.counterexampleSteps?.length);
      if (reduced.counterexample) {
        expect(new Simulator(setup).run(reduced.counterexample).violation?.property, label).toBe(full.violation?.property);
        counterexamples++;
      }
      expect(full.reducedSteps).toBe(0);
      reducedSteps += reduced.reducedSteps;
    }
    // The reduction did take place (the comparison above is not between two identical searches),
    // and it kept the counterexamples of Kafka acks-1 and ZAB elect-by-applied-zxid.
    expect(reducedSteps).toBeGreaterThan(0);
    expect(counterexamples).toBe(2);
  });

  it('reusing the liveness verdict of a world that starts its liveness phase from the same world changes no verdict', () => {
    let reused = 0;
    for (const [setup, options] of [
      [setupOrThrow(kafka, 'acks-1'), { depth: 2, steps: 'coarse' }],
      [setupOrThrow(kafka, 'correct'), { depth: 2, steps: 'coarse' }],
      [setupOrThrow(zab, 'propose-to-acked-only'), { depth: 2, steps: 'coarse', operations: [zab.parseOperation('create /a 0')] }],
      [setupOrThrow(primaryBackup, 'ack-before-replicate'), { depth: 3, steps: 'events' }],
    ] as const) {
      const label = `${setup.protocol.name}/${setup.variant}`;
      const base = { operationsMax: 1, statesMax: 200_000, parameterValues: [0], ...options };
      const reusing = explore(setup, { ...base, reuseEndChecks: true });
      const each = explore(setup, { ...base, reuseEndChecks: false });
      expect(
        reusing.levels.map((level) => level.distinctStates),
        label,
      ).toEqual(each.levels.map((level) => level.distinctStates));
      expect(reusing.violation, label).toEqual(each.violation);
      expect(reusing.counterexample, label).toEqual(each.counterexample);
      expect(each.endChecksReused).toBe(0);
      reused += reusing.endChecksReused;
    }
    expect(reused).toBeGreaterThan(0);
  });

  it('cutting a liveness phase short where a passing phase reached the same world changes no verdict (random walks, one memo for all)', () => {
    // Walks with crashes (power losses too) through Kafka acks-1 and ZAB propose-to-acked-only,
    // whose phases break properties (Kafka's in the end checks, after the cluster settled): every
    // world's phase with the memo, filled by all the phases before it, gives the verdict the phase
    // without it gives.
    let cut = 0;
    for (const setup of [setupOrThrow(kafka, 'acks-1'), setupOrThrow(zab, 'propose-to-acked-only')]) {
      const simulator = new Simulator(setup);
      const keys = new WorldKeys(setup.protocol, setup.config, { symmetry: false, hashed: true, exactNetworkOrder: false, renamingsMax: 1 });
      const quiet = new Map<string, number>();
      const ends = new Set<string>();
      let cutHere = 0;
      const memo: LivenessMemo = {
        passedQuiet: (world, roundsLeft) => {
          const rounds = quiet.get(keys.transientKey(world));
          const passed = rounds !== undefined && rounds < roundsLeft;
          if (passed) cutHere++;
          return passed;
        },
        recordQuiet: (world, rounds) => void quiet.set(keys.transientKey(world), rounds),
        passedRoundsEnd: (world) => {
          const passed = ends.has(keys.transientKey(world));
          if (passed) cutHere++;
          return passed;
        },
        recordRoundsEnd: (world) => void ends.add(keys.transientKey(world)),
      };
      const alphabet = { ...walkAlphabet(setup, simulator), weights: setup.profile.weights, crashModes: [false, true] };
      const draw = seededDraw(777);
      let broken = 0;
      for (let walk = 0; walk < 24; walk++) {
        let world = simulator.initialWorld(0);
        let events = 0;
        for (let depth = 0; depth < 6; depth++) {
          const steps = coarseSteps(world, alphabet);
          // Every walk writes first: then crashes lose writes (Kafka acks-1 acknowledges unreplicated ones).
          const write = depth === 0 ? steps.find((step) => step.kind === 'event' && step.event.kind === 'client') : undefined;
          const outcome = applyStep(simulator, world, write ?? steps[draw(steps.length)] ?? { kind: 'timeout', node: 0 }, 16, () => false);
          if (!outcome) continue;
          world = outcome.world;
          events += outcome.events.length;
          const plain = simulator.finishRun(world, events).violation;
          const memoized = simulator.finishRun(world, events, null, memo).violation;
          expect(memoized, `${setup.protocol.name}/${setup.variant} walk ${walk} depth ${depth}`).toEqual(plain);
          if (plain) broken++;
        }
      }
      expect(broken, `${setup.protocol.name}/${setup.variant}: some phases break a property`).toBeGreaterThan(0);
      expect(cutHere, `${setup.protocol.name}/${setup.variant}: some phases are cut short`).toBeGreaterThan(0);
      cut += cutHere;
    }
    expect(cut).toBeGreaterThan(0);
  });

  it('a quiet world a passing phase reached cuts a phase short exactly when the phase would settle in the rounds it has left', () => {
    // Kafka with broker 0 crashed: nothing pending, and broker 0 catches up some rounds after its
    // restart. With fewer rounds than that the phase ends unsettled (and runs the end checks
    // there): a memo filled by a 60-round phase must cut the phase short only where it settles.
    const base = setupOrThrow(kafka, 'correct');
    const keys = new WorldKeys(base.protocol, base.config, { symmetry: false, hashed: true, exactNetworkOrder: false, renamingsMax: 1 });
    const quiet = new Map<string, number>();
    let cut = false;
    let settled = false;
    const memo = (filled: boolean): LivenessMemo => ({
      passedQuiet: (world, roundsLeft) => {
        const rounds = quiet.get(keys.transientKey(world));
        cut = filled && rounds !== undefined && rounds < roundsLeft;
        return cut;
      },
      recordQuiet: (world, rounds) => {
        settled = true;
        if (filled) quiet.set(keys.transientKey(world), rounds);
      },
      passedRoundsEnd: () => false,
      recordRoundsEnd: () => {},
    });
    const withRounds = (roundsMax: number): Simulator =>
      new Simulator({
        ...base,
        protocol: { ...base.protocol, liveness: (config: never) => ({ ...base.protocol.liveness(config), roundsMax }) },
      } as HuntSetup);
    const full = withRounds(60);
    const world = full.applyEvent(full.initialWorld(0), { kind: 'crash', node: 0, loseUnflushed: false });
    // The fewest rounds in which the phase settles, without a memo that cuts anything.
    let fewest = 0;
    for (settled = false; !settled && fewest < 60; ) withRounds(++fewest).finishRun(world, 1, null, memo(false));
    expect(settled).toBe(true);
    expect(fewest).toBeGreaterThan(2);
    expect(full.finishRun(world, 1, null, memo(true)).violation).toBeNull();
    expect(cut).toBe(false);
    expect(quiet.size).toBe(1);
    withRounds(fewest - 1).finishRun(world, 1, null, memo(true));
    expect(cut).toBe(false);
    expect(withRounds(fewest).finishRun(world, 1, null, memo(true)).violation).toBeNull();
    expect(cut).toBe(true);
  });

  it('the search with liveness phases cut short reaches the same worlds, verdicts and counterexamples as without', () => {
    let cut = 0;
    for (const [setup, options] of [
      [setupOrThrow(kafka, 'correct'), { depth: 3, crashesMax: 1, partitionsMax: 0, messageFaultsMax: 0 }],
      [setupOrThrow(kafka, 'acks-1'), { depth: 2 }],
      [setupOrThrow(zab, 'elect-by-applied-zxid'), { depth: 2 }],
    ] as const) {
      const label = `${setup.protocol.name}/${setup.variant}`;
      const base = {
        ...coarse,
        operations: [setup.protocol.parseOperation(setup.protocol.name === 'kafka' ? 'produce 0' : 'create /a 0')],
        operationsMax: 1,
        ...options,
      };
      const cutting = explore(setup, base);
      const whole = explore(setup, { ...base, memoizeLivenessPhases: false });
      expect(
        cutting.levels.map((level) => level.distinctStates),
        label,
      ).toEqual(whole.levels.map((level) => level.distinctStates));
      expect(cutting.violation, label).toEqual(whole.violation);
      expect(cutting.counterexample, label).toEqual(whole.counterexample);
      expect(whole.livenessPhasesCut).toBe(0);
      if (cutting.livenessPhasesCut > 0) expect(cutting.eventsSimulated, label).toBeLessThan(whole.eventsSimulated);
      cut += cutting.livenessPhasesCut;
    }
    expect(cut).toBeGreaterThan(0);
  });

  it("a world left with a broker down does not reuse the verdict of a world whose liveness phase starts alike: the degraded phase's is its own", () => {
    // A degraded-end check that breaks when exactly one broker stays down and another restarted
    // earlier: first at depth 3 (crash b, restart b, crash a). Its twin at depth 2 (crash a, crash b)
    // starts the liveness phase from the same world (both restarted), but leaves both down.
    const base = setupOrThrow(kafka, 'correct');
    const oneLeftDown = {
      name: 'one-broker-left-down-after-another-restarted',
      category: 'liveness',
      when: 'degraded-end',
      description: 'a test check of the degraded phase',
      check: (view: { readonly nodes: readonly { readonly up: boolean; readonly restarts: number }[] }) => {
        const brokers = view.nodes.slice(0, 3);
        const down = brokers.filter((slot) => !slot.up).length;
        return down === 1 && brokers.some((slot) => slot.up && slot.restarts > 0) ? 'one broker left down' : null;
      },
    } as const;
    const setup = { ...base, protocol: { ...base.protocol, properties: [...base.protocol.properties, oneLeftDown] } } as HuntSetup;
    const options = { ...coarse, depth: 3, operationsMax: 0, crashesMax: 2, partitionsMax: 0, messageFaultsMax: 0, silentTicks: false } as const;
    // Reusing the twin's verdict (the liveness phase's start alone as the key) found nothing here.
    const reusing = explore(setup, options);
    expect(reusing).toMatchObject({ found: true, complete: true, depthReached: 3, violation: { property: oneLeftDown.name } });
    const kinds = (reusing.counterexample?.events ?? []).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'crash')).toHaveLength(2);
    expect(kinds).toContain('restart');
    expect(reusing.endChecksReused).toBeGreaterThan(0);
  });

  it('a fault budget bounds crashes, partitions, drops and duplicates: elect-by-applied-zxid in two steps needs its partition', () => {
    const setup = setupOrThrow(zab, 'elect-by-applied-zxid');
    const write = { operations: [setup.protocol.parseOperation('create /a 0')], operationsMax: 1 };
    const none = explore(setup, { ...coarse, depth: 2, ...write, faultsMax: 0 });
    expect(none).toMatchObject({ found: false, complete: true });
    const one = explore(setup, { ...coarse, depth: 2, ...write, faultsMax: 1 });
    expect(one).toMatchObject({ found: true, complete: true });
    const faults = (one.counterexampleSteps ?? []).filter(
      (step) => step.kind === 'event' && ['crash', 'partition', 'drop', 'duplicate'].includes(step.event.kind),
    );
    expect(faults).toHaveLength(1);
    expect(none.distinctStates).toBeLessThan(one.distinctStates);
  });
});

describe('a known counterexample told in coarse steps', () => {
  it('the shortest known Kafka and ZAB stories replay exactly as coarse steps; a stale fetch needs deliver newest', () => {
    const known = JSON.parse(readFileSync(new URL('../bench/shortest-known.json', import.meta.url), 'utf8')) as {
      variants: Record<string, { protocol: string; variant: string; settings: Record<string, unknown>; schedule: Schedule }>;
    };
    const lengths: Record<string, number> = {};
    for (const name of ['kafka/no-broker-epoch-in-fetch', 'kafka/unclean-election', 'zab/no-controller-epoch', 'zab/diff-without-trunc']) {
      const entry = known.variants[name];
      if (!entry) throw new Error(`bench/shortest-known.json has no ${name}`);
      const setup = setupOrThrow(entry.protocol === 'kafka' ? kafka : zab, entry.variant, entry.settings);
      const simulator = new Simulator(setup);
      const story = coarseStory(simulator, entry.schedule, 16);
      expect(story.inexact, name).toBeNull();
      // Applying the steps gives back the schedule's events (message indexes as the simulator resolves them) and its violation.
      let world = simulator.initialWorld(entry.schedule.randomSeed);
      const events = [];
      for (const step of story.steps) {
        const outcome = applyStep(simulator, world, step, 16, () => false);
        if (!outcome) throw new Error(`${name}: step ${JSON.stringify(step)} is void`);
        events.push(...outcome.events);
        world = outcome.world;
      }
      expect(events, name).toHaveLength(entry.schedule.events.length);
      const expected = new Simulator(setup).run(entry.schedule).violation?.property;
      expect(expected, name).toBeDefined();
      expect(new Simulator(setup).run({ randomSeed: entry.schedule.randomSeed, events }).violation?.property, name).toBe(expected);
      expect(story.steps.length, name).toBeLessThanOrEqual(entry.schedule.events.length);
      lengths[name] = story.steps.length;
      if (name === 'kafka/no-broker-epoch-in-fetch') {
        // The fetch of the broker's previous life arrives late: it overtakes a later one on its link (or is a duplicate).
        expect(story.steps.some((step) => step.kind === 'deliver-newest' || step.kind === 'duplicate-link')).toBe(true);
      }
    }
    // Ticks folded into timeouts and deliveries into link steps: the Kafka stories get shorter.
    expect(lengths['kafka/unclean-election']).toBeLessThan(7);
  });
});

/** Text with numbers blurred: a timer's counters changing is not noticed. */
function blurred(value: unknown): string {
  return canonicalText(value).replace(/-?\d+(\.\d+)?/g, '#');
}

function durableOf(world: World, node: number): unknown {
  return (world.nodes[node]?.state as NodeState | undefined)?.durable;
}

function walkAlphabet(setup: HuntSetup, simulator: Simulator): EventAlphabet {
  return {
    nodeCount: simulator.nodeCount,
    fifo: simulator.fifo,
    // Mostly time and deliveries, so walks get somewhere: faults are rare.
    weights: { ...setup.profile.weights, crash: 0, partition: 0, drop: 0, duplicate: 0 },
    crashModes: [false],
    partitions: twoSidedPartitions(simulator.nodeCount),
    operations: operationAlphabet(setup.protocol, setup.config, [0]),
    clientsMax: 1,
    operationsMax: 1,
    inFlightMax: simulator.limits.inFlightMax,
    freshClientsInterchangeable: true,
    dedupeMessages: true,
  };
}
