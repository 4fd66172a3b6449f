/**
 * Deep stories for the explorer: coarse steps can tell them (a silent tick leaves a node part way
 * through a timeout; one partition isolates every node), and the widening search (at most W
 * worlds expanded per protocol fingerprint, W doubling) reaches counterexamples the breadth-first
 * search cannot reach with as many worlds, reports them as not proven shortest, and is the
 * breadth-first search itself once it prunes nothing.
 */
import { describe, expect, it } from 'vitest';
import { cliIn } from './cli-support.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import { applyStep, explore, type ExploreResult, type ExploreStep } from '../src/explore/index.ts';
import type { HuntSetup } from '../src/hunt/hunt.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { zab } from '../src/protocols/zab/index.ts';

/** Applies coarse steps as exploration does (every-step properties after every event), then the liveness phase. */
function tell(setup: HuntSetup, steps: readonly ExploreStep[]): { voidStep: number | null; property: string | null } {
  const simulator = new Simulator(setup);
  let world: World = simulator.initialWorld(0);
  let events = 0;
  for (const [index, step] of steps.entries()) {
    let property: string | null = null;
    const outcome = applyStep(simulator, world, step, 16, (after) => {
      property = simulator.checkStepProperties(after, events++, 'safety')?.property ?? null;
      return property !== null;
    });
    if (!outcome) return { voidStep: index, property: null };
    if (property) return { voidStep: null, property };
    world = outcome.world;
  }
  return { voidStep: null, property: simulator.finishRun(world, events).violation?.property ?? null };
}

const client = (setup: HuntSetup, clientId: number, node: number, text: string): ExploreStep => ({
  kind: 'event',
  event: { kind: 'client', client: clientId, node, operation: setup.protocol.parseOperation(text) },
});
const deliverAll = (from: number, to: number): ExploreStep => ({ kind: 'deliver-link', from, to, all: true });

describe('explore: deep stories', () => {
  it('coarse steps tell Kafka epoch-fallback-to-hw in 10 steps (the controller part way through a session timeout) and ZAB no-controller-epoch in 5 (every server isolated)', () => {
    // The story breadth-first search finds (docs/exploring.md), two writes and no fault. (Kafka
    // hw-truncation's 9-step story was the example until the liveness phase delivered link by link.)
    const fallback = setupOrThrow(kafka, 'epoch-fallback-to-hw');
    const controllerPartWay: ExploreStep = { kind: 'tick', node: 3 };
    const fallbackStory = (controllerTicks: readonly ExploreStep[]): ExploreStep[] => [
      { kind: 'timeout', node: 1 },
      { kind: 'timeout', node: 2 },
      ...controllerTicks,
      deliverAll(1, 3),
      deliverAll(2, 3),
      { kind: 'timeout', node: 3 },
      client(fallback, 0, 0, 'produce 0'),
      deliverAll(2, 0),
      { kind: 'timeout', node: 2 },
      client(fallback, 1, 3, 'produce 0'),
    ];
    expect(tell(fallback, fallbackStory([controllerPartWay]))).toEqual({ voidStep: null, property: 'replica-consistency' });
    // Without the controller's silent tick its timers line up otherwise: no story.
    expect(tell(fallback, fallbackStory([])).property).toBeNull();
    // The correct protocol survives the same steps.
    expect(tell(setupOrThrow(kafka, 'correct'), fallbackStory([controllerPartWay])).property).toBeNull();
    // A tick that is noticed is a timeout, not a silent tick: broker 1's first tick sends its fetch.
    expect(tell(fallback, [{ kind: 'tick', node: 1 }]).voidStep).toBe(0);

    const noControllerEpoch = setupOrThrow(zab, 'no-controller-epoch');
    const story = (groups: number[]): ExploreStep[] => [
      client(noControllerEpoch, 0, 0, 'controller-elect'),
      deliverAll(0, 2),
      { kind: 'event', event: { kind: 'partition', groups } },
      client(noControllerEpoch, 1, 0, 'controller-elect'),
      client(noControllerEpoch, 0, 1, 'controller-act 0'),
    ];
    expect(tell(noControllerEpoch, story([0, 1, 2]))).toEqual({ voidStep: null, property: 'fenced-controller-rejected' });
    expect(tell(setupOrThrow(zab, 'correct'), story([0, 1, 2])).property).toBeNull();
  });

  it('the widening search (on its fault ladder, as the CLI runs it) finds Kafka unclean-election deeper than breadth-first search gets with as many worlds; the counterexample replays and is not claimed shortest', () => {
    const setup = setupOrThrow(kafka, 'unclean-election');
    const options = { steps: 'coarse', depth: 8, operations: [kafka.parseOperation('produce 0')], operationsMax: 1, statesMax: 50_000 } as const;
    // The ladder's no-fault rung finds it in 1,624 worlds (3,399 without the ladder): the test's cost.
    // Stopped at that first find (the search after it, for a shorter story, is the next test's).
    const widening = explore(setup, { ...options, search: 'widening', faultLadder: true, afterFindShare: 0 });
    const schedule = widening.counterexample;
    if (!schedule) throw new Error('the widening search found nothing');
    expect(widening).toMatchObject({ found: true, search: 'widening', complete: false });
    expect(new Simulator(setup).run(schedule).violation?.property, counterexampleReport(setup, schedule)).toBe('no-acked-write-lost');
    const widest = widening.widths[widening.widths.length - 1];
    expect(widest?.prunedStates).toBeGreaterThan(0);
    expect(widening.counterexampleSteps?.length).toBeGreaterThan(3);

    const breadthFirst = explore(setup, { ...options, statesMax: widening.distinctStates });
    expect(breadthFirst).toMatchObject({ found: false, complete: false, stopReason: 'states' });
    expect(breadthFirst.depthReached).toBeLessThan(widening.counterexampleSteps?.length ?? 0);
  });

  it("after its first find the widening search looks below the find's depth at wider widths: a shorter story, proven shortest once a search there prunes nothing", () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate');
    const options = { steps: 'coarse', search: 'widening', depth: 6, statesMax: 100_000, operationsMax: 1 } as const;
    const first = explore(setup, { ...options, afterFindShare: 0 });
    expect(first).toMatchObject({ found: true, complete: false });
    const firstSteps = first.counterexampleSteps?.length ?? 0;
    const sofar: { found: boolean; steps: number }[] = [];
    const onProgress = (result: ExploreResult): void => {
      sofar.push({ found: result.found, steps: result.counterexampleSteps?.length ?? 0 });
    };
    const shortened = explore(setup, { ...options, onProgress });
    const steps = shortened.counterexampleSteps?.length ?? 0;
    expect(steps).toBeLessThan(firstSteps);
    // As short as breadth-first search's shortest, and proven so: the last search, below its depth, pruned nothing.
    const breadthFirst = explore(setup, { ...options, search: 'breadth-first' });
    expect(steps).toBe(breadthFirst.counterexampleSteps?.length);
    expect(shortened).toMatchObject({ found: true, complete: true, search: 'widening' });
    const last = shortened.widths[shortened.widths.length - 1];
    expect(last).toMatchObject({ prunedStates: 0, faults: 'any' });
    expect(last?.depthReached).toBe(steps - 1);
    expect(new Simulator(setup).run(shortened.counterexample ?? { randomSeed: 0, events: [] }).violation?.property).toBe('no-acked-write-lost');
    // Two searches found a story (the first find, then the shorter one); every search after the first find stays below its depth.
    const finders = shortened.widths.filter((run) => run.stopReason === 'found');
    expect(finders.length).toBeGreaterThanOrEqual(2);
    const afterFirst = shortened.widths.slice(shortened.widths.indexOf(finders[0] ?? last!) + 1);
    expect(afterFirst.every((run) => run.depthReached < firstSteps)).toBe(true);
    // From the first find on, what a search stopped from outside would report is a story, never less than one.
    const firstFound = sofar.findIndex((entry) => entry.found);
    expect(firstFound).toBeGreaterThanOrEqual(0);
    expect(sofar.slice(firstFound).every((entry) => entry.found && entry.steps > 0)).toBe(true);
    // The share bounds the search after the find: with a share of 1 it stops sooner, with whatever it had.
    const bounded = explore(setup, { ...options, afterFindShare: 1 });
    expect(bounded.found).toBe(true);
    expect(bounded.distinctStates).toBeLessThan(shortened.distinctStates);
    expect(bounded.distinctStates).toBeLessThanOrEqual(2 * first.distinctStates);
  });

  it('widening ends as the breadth-first search once a width prunes nothing: same worlds per depth, same verdict, complete', () => {
    for (const [setup, operation] of [
      [setupOrThrow(kafka, 'correct'), 'produce 0'],
      [setupOrThrow(zab, 'correct'), 'create /a 0'],
    ] as const) {
      const label = `${setup.protocol.name}/${setup.variant}`;
      const options = {
        steps: 'coarse',
        depth: 2,
        operations: [setup.protocol.parseOperation(operation)],
        operationsMax: 1,
        statesMax: 100_000,
      } as const;
      const breadthFirst = explore(setup, options);
      const widening = explore(setup, { ...options, search: 'widening' });
      const prunedPerWidth = widening.widths.map((run) => run.prunedStates);
      expect(prunedPerWidth[0], label).toBeGreaterThan(0);
      expect(prunedPerWidth[prunedPerWidth.length - 1], label).toBe(0);
      expect(widening, label).toMatchObject({ complete: true, found: false, stopReason: 'depth' });
      expect(
        widening.levels.map((level) => level.distinctStates),
        label,
      ).toEqual(breadthFirst.levels.map((level) => level.distinctStates));
      // Widths double: 1, 2, 4, ...
      expect(widening.widths.map((run) => run.width)).toEqual(widening.widths.map((_, index) => 2 ** index));
    }
  });

  it('the fault ladder: at each width no fault, one crash, one partition, one message fault, then any; a counterexample keeps the budget of its rung', () => {
    // ZAB elect-by-applied-zxid breaks without any fault (its liveness phase restarts the cluster): found on the first rung.
    const zabSetup = setupOrThrow(zab, 'elect-by-applied-zxid');
    const zabLadder = explore(zabSetup, {
      steps: 'coarse',
      search: 'widening',
      depth: 4,
      statesMax: 100_000,
      operations: [zabSetup.protocol.parseOperation('create /a 0')],
      operationsMax: 1,
      faultLadder: true,
      afterFindShare: 0,
    });
    expect(zabLadder.widths.map((run) => run.faults)).toEqual(['none']);
    expect(zabLadder.found).toBe(true);
    const faultKinds = ['crash', 'partition', 'drop', 'duplicate'];
    expect(zabLadder.counterexample?.events.filter((event) => faultKinds.includes(event.kind))).toEqual([]);
    // Primary-backup ack-before-replicate needs a partition and a crash: every rung is tried at width 1, and the last one finds it.
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate');
    const options = { steps: 'coarse', search: 'widening', depth: 5, statesMax: 100_000, operationsMax: 1, afterFindShare: 0 } as const;
    const ladder = explore(setup, { ...options, faultLadder: true });
    expect(ladder.widths.map((run) => `${run.width} ${run.faults}`)).toEqual(['1 none', '1 1 crash', '1 1 partition', '1 1 message fault', '1 any']);
    expect(ladder.found).toBe(true);
    expect(ladder.complete).toBe(false);
    expect(new Simulator(setup).run(ladder.counterexample ?? { randomSeed: 0, events: [] }).violation?.property).toBe('no-acked-write-lost');
    // A budget given turns the ladder off: every search has the options' own budget.
    const budgeted = explore(setup, { ...options, faultLadder: true, partitionsMax: 1 });
    expect(new Set(budgeted.widths.map((run) => run.faults))).toEqual(new Set(['any']));
  });

  it('the CLI: --search widening says what it found, how it looked for a shorter one, and whether that is proven shortest; a bad --search is refused', () => {
    const { faultline } = cliIn('faultline-widening');
    const args = ['explore', '--protocol', 'zab', '--variant', 'elect-by-applied-zxid', '--op', 'create /a 0', '--operations', '1', '--no-artifacts'];
    const json = faultline(...args, '--search', 'widening', '--json');
    expect(json.status, json.stderr).toBe(1);
    expect(json.last).toMatchObject({ search: 'widening', found: true, property: 'replica-logs-consistent' });
    expect((json.last.widths as unknown[]).length).toBeGreaterThan(0);
    const text = faultline(...args, '--search', 'widening');
    expect(text.stdout).toMatch(/width +1, faults none +: depth +3, .*: a story\n/);
    // Width 1 without a fault finds a 3-step story; the searches below it find a 2-step one with a
    // partition, and a search below that, with any faults, prunes nothing: proven shortest.
    expect(json.last).toMatchObject({ complete: true, storySteps: [expect.any(String), expect.any(String)] });
    expect(text.stdout).toContain('zab/elect-by-applied-zxid: shortest counterexample, 2 steps');
    expect(text.stdout).toMatch(
      /\n {2}then searched below its depth for a shorter one: \d+ more search\(es\), \d+ distinct worlds \(it shortened the first find\); a search below 2 steps pruned nothing: no shorter story\n/,
    );
    // Stopped at once by its share of worlds: the story is the width's that found it, not proven.
    const first = faultline(...args, '--search', 'widening', '--time-limit-ms', '60000', '--states-max', '40');
    expect(first.stdout, first.stderr).toMatch(/counterexample \(widening search, width 1, faults: none: not proven shortest\), 3 steps/);
    expect(first.stdout).toMatch(
      /\n {2}then searched below its depth for a shorter one: 1 more search\(es\), 40 distinct worlds; none shorter up to width 1, then its budget of worlds was spent/,
    );
    const bad = faultline(...args, '--search', 'sideways');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--search expects breadth-first, widening or fault-ladder');
  });
});
