/**
 * The fault-ladder search (`search: 'fault-ladder'`): breadth-first searches within growing fault
 * budgets, run side by side in slices of even work. Each is exact within its budget, a counterexample
 * replays from scratch, it is called shortest with any faults only when the unbounded search saw
 * every shorter schedule, and the same input gives the same search.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { livenessMergedText } from '../src/cli/explore.ts';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/index.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { cliIn } from './cli-support.ts';

const coarse = { steps: 'coarse', statesMax: 200_000 } as const;

/** The fault kinds a counterexample's steps take, one entry per fault. */
function faultKinds(result: ExploreResult): string[] {
  const kinds: string[] = [];
  for (const step of result.counterexampleSteps ?? []) {
    if (step.kind === 'drop-link' || step.kind === 'duplicate-link') kinds.push('message');
    if (step.kind === 'event' && (step.event.kind === 'crash' || step.event.kind === 'partition')) kinds.push(step.event.kind);
  }
  return kinds;
}

describe('explore: the fault ladder', () => {
  const zabSetup = (variant: string) => setupOrThrow(zab, variant);
  const zabWrite = (setup: ReturnType<typeof zabSetup>): Pick<ExploreOptions, 'operations' | 'operationsMax'> => ({
    operations: [setup.protocol.parseOperation('create /a 0')],
    operationsMax: 1,
  });

  it('finds the proven shortest story where it needs a fault (ZAB elect-by-applied-zxid: a partition, 2 steps), and it replays', () => {
    const setup = zabSetup('elect-by-applied-zxid');
    const options = { ...coarse, depth: 4, ...zabWrite(setup) };
    const exact = explore(setup, options);
    const ladder = explore(setup, { ...options, search: 'fault-ladder' });
    expect(exact).toMatchObject({ found: true, complete: true });
    expect(ladder).toMatchObject({ found: true, complete: true, search: 'fault-ladder', faults: 'any' });
    expect(ladder.counterexampleSteps?.length).toBe(exact.counterexampleSteps?.length);
    expect(faultKinds(ladder)).toEqual(['partition']);
    // Proven shortest: the unbounded search saw every schedule of one step.
    const any = ladder.rungs.find((rung) => rung.faults === 'any');
    expect(any?.depthReached).toBeGreaterThanOrEqual((ladder.counterexampleSteps?.length ?? 0) - 1);
    const schedule = ladder.counterexample;
    expect(schedule).not.toBeNull();
    if (!schedule) return;
    const replayed = new Simulator({ protocol: setup.protocol, config: setup.config, variant: setup.variant }).run(schedule);
    expect(replayed.violation?.property).toBe(ladder.violation?.property);
  });

  it('a story without a fault is found by the no-fault search, as short as breadth-first finds it (ZAB propose-to-acked-only)', () => {
    // (Kafka acks-1 was the example until the liveness phase delivered link by link: its shortest
    // story is now a write and a crash of the leader, 2 steps, and the fault-free one takes 3.)
    const setup = zabSetup('propose-to-acked-only');
    const options = { ...coarse, depth: 3, ...zabWrite(setup) };
    const exact = explore(setup, options);
    const ladder = explore(setup, { ...options, search: 'fault-ladder' });
    expect(ladder).toMatchObject({ found: true, complete: true, faults: 'any' });
    expect(ladder.counterexampleSteps?.length).toBe(exact.counterexampleSteps?.length);
    expect(faultKinds(ladder)).toEqual([]);
  });

  it('on the correct model each search is breadth-first within its budget, world for world, and nothing is found', () => {
    const setup = zabSetup('correct');
    const options = { ...coarse, depth: 2, ...zabWrite(setup) };
    const ladder = explore(setup, { ...options, search: 'fault-ladder' });
    expect(ladder).toMatchObject({ found: false, complete: true, depthReached: 2, stopReason: 'depth' });
    const budgets: Record<string, Partial<ExploreOptions>> = {
      none: { faultsMax: 0 },
      '1 crash': { crashesMax: 1, partitionsMax: 0, messageFaultsMax: 0 },
      '1 partition': { crashesMax: 0, partitionsMax: 1, messageFaultsMax: 0 },
      any: {},
    };
    for (const [faults, budget] of Object.entries(budgets)) {
      const rung = ladder.rungs.find((entry) => entry.faults === faults);
      expect(rung?.depthReached).toBe(2);
      expect(rung?.distinctStates).toBe(explore(setup, { ...options, ...budget }).distinctStates);
    }
    // The budgets bind: the unbounded search reaches more than the no-fault one.
    const count = (faults: string) => ladder.rungs.find((entry) => entry.faults === faults)?.distinctStates ?? 0;
    expect(count('any')).toBeGreaterThan(count('1 crash'));
    expect(count('1 crash')).toBeGreaterThan(count('none'));
  });

  it('the searches share the work evenly, a slice at a time, part way through a depth too: none runs ahead of the least worked by more than a slice', () => {
    const setup = setupOrThrow(kafka, 'correct');
    const completed = new Map<string, number>();
    const result = explore(setup, {
      ...coarse,
      depth: 12,
      statesMax: 1_000,
      operations: [setup.protocol.parseOperation('produce 0')],
      operationsMax: 1,
      search: 'fault-ladder',
      onLevel: (level) => completed.set(level.faults ?? '', (completed.get(level.faults ?? '') ?? 0) + level.states),
    });
    expect(result).toMatchObject({ found: false, complete: false, stopReason: 'states' });
    // Searches stopped part way through a depth had their worlds of it counted in their share (the first world counts too).
    expect(result.rungs.filter((rung) => rung.states > 1 + (completed.get(rung.faults) ?? 0)).length).toBeGreaterThan(1);
    const shares = result.rungs.map((rung) => rung.states);
    expect(shares).toHaveLength(5);
    // A slice is 256 worlds generated, ended after the world whose steps passed it (a Kafka world has fewer than 64).
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThan(256 + 64);
    // The budgets' branching differs, so even shares are not even depths: the no-fault search is deepest.
    const depths = result.rungs.map((rung) => rung.depthReached);
    expect(depths[0]).toBeGreaterThan(depths[4] ?? 0);
  });

  it('with a fault budget given it is the plain breadth-first search, in the ladder frontier order; the same input gives the same search', () => {
    const setup = zabSetup('elect-by-applied-zxid');
    const options = { ...coarse, depth: 3, ...zabWrite(setup), crashesMax: 1 };
    const ladder = explore(setup, { ...options, search: 'fault-ladder' });
    const exact = explore(setup, { ...options, frontierOrder: 'situations-round-robin' });
    expect(ladder.rungs.map((rung) => rung.faults)).toEqual(['any']);
    expect([ladder.found, ladder.distinctStates, ladder.counterexample]).toEqual([exact.found, exact.distinctStates, exact.counterexample]);
    const free = { ...coarse, depth: 4, ...zabWrite(setup), search: 'fault-ladder' } as const;
    const [first, second] = [explore(setup, free), explore(setup, free)];
    expect(second.counterexample).toEqual(first.counterexample);
    expect(second.rungs).toEqual(first.rungs);
  });

  it('the CLI: the fault ladder is the default search, its JSON line reports the budget and each rung; a budget given makes it breadth-first; a bad --search value exits 2', () => {
    const { faultline } = cliIn('faultline-explore-ladder', { timeoutMs: 60_000 });
    const explore = (...args: string[]) => faultline('explore', ...args);
    const args = [
      '--protocol',
      'zab',
      '--variant',
      'elect-by-applied-zxid',
      '--op',
      'create /a 0',
      '--operations',
      '1',
      '--steps',
      'coarse',
      '--depth',
      '4',
    ];
    const run = explore(...args, '--json', '--no-artifacts');
    expect(run.status, run.stderr).toBe(1);
    const line = run.last as { search?: string; faults?: string; rungs?: { faults: string; depth: number }[] };
    expect(line).toMatchObject({ search: 'fault-ladder', faults: 'any' });
    expect(line.rungs?.map((rung) => rung.faults)).toEqual(['none', '1 crash', '1 partition', '1 message fault', 'any']);
    const text = explore(...args, '--search', 'fault-ladder', '--no-artifacts');
    expect(text.stdout).toMatch(/depth {2}1, faults 1 partition +:/);
    expect(text.stdout).toMatch(/shortest counterexample, 2 steps/);
    // Within a budget given the ladder would be one search: the command runs it as breadth-first search and says so.
    const budgeted = explore(...args, '--partitions-max', '1', '--json', '--no-artifacts');
    expect(budgeted.last).toMatchObject({ search: 'breadth-first', found: true, depth: 2, faultBudget: { partitions: 1 }, endChecks: true });
    expect(budgeted.last.rungs).toEqual([]);
    expect(line).toMatchObject({ faultBudget: null, endChecks: true });
    // A verdict within a budget says so (it claimed "no violation in any schedule", and the JSON line named no budget).
    const none = explore(...args, '--faults-max', '0', '--no-artifacts');
    expect(none.status).toBe(1);
    expect(none.stdout).toMatch(/shortest counterexample \(within at most 0 faults\), \d+ steps/);
    // ZAB has no interchangeable nodes: shortest without a caveat (each world's liveness phase is its own).
    expect(none.stdout).not.toMatch(/the liveness phase ran once per state/);
    // primary-backup ack-before-replicate needs a fault (a 3-step story: partition, write, crash).
    const lossless = explore(
      '--protocol',
      'primary-backup',
      '--variant',
      'ack-before-replicate',
      '--faults-max',
      '0',
      '--depth',
      '4',
      '--no-artifacts',
    );
    expect(lossless.status).toBe(0);
    expect(lossless.stdout).toMatch(/no violation in any schedule of up to 4 steps within at most 0 faults$/m);
    // And what its liveness phase left unchecked: the backups are interchangeable.
    expect(lossless.stdout).toMatch(
      /^ {2}the liveness phase ran once per state: worlds that differ only in the names of interchangeable nodes share one verdict.*\(--no-symmetry checks each/m,
    );
    expect(livenessMergedText([])).toBeNull();
    expect(livenessMergedText(['node-names'])).toMatch(
      /differ only in the names of interchangeable nodes share one verdict.*\(--no-symmetry checks each/,
    );
    expect(explore(...args, '--partitions-max', '1', '--no-artifacts').stdout).toMatch(
      /shortest counterexample \(within at most 1 partition\), 2 steps/,
    );
    const unchecked = explore(...args, '--faults-max', '0', '--no-end-checks', '--json', '--no-artifacts');
    expect(unchecked.last).toMatchObject({ found: false, complete: true, endChecks: false, faultBudget: { faults: 0 }, livenessMerged: [] });
    // ZAB has no interchangeable nodes, and the liveness phase delivers link by link: every world's verdict is its own.
    expect(budgeted.last.livenessMerged).toEqual([]);
    const exact = explore(...args, '--partitions-max', '1', '--exact-network-order', '--json', '--no-artifacts');
    expect(exact.last).toMatchObject({ found: true, depth: 2, livenessMerged: [] });
    const bad = explore(...args, '--search', 'deepest');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--search expects breadth-first, widening or fault-ladder, got "deepest"/);
  });
});
