/**
 * Counting runs to find (issue 17's "no other variant slower than 2x in runs"): a hunt with
 * `findOnly` stops at the first failing run, unshrunk, in as many runs as the hunt that shrinks;
 * the bench (`npm run bench -- --only variants --variant-runs N --compare-with DIR`) compares
 * medians over seeds with a miss counted as above the budget (bench/variants-compare.ts).
 */
import { describe, expect, it } from 'vitest';
import { medianRunsWithMisses, runsRatio, slowerThan } from '../bench/variants-compare.ts';
import { hunt, resolveSetup, type HuntSetup } from '../src/hunt/hunt.ts';
import { runHunt } from '../src/hunt/parallel.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';

function defaultSetup(strategy?: 'guided'): HuntSetup {
  // As `faultline hunt --protocol primary-backup --variant ack-before-replicate` resolves it (mixed, swarm settings drawn).
  const setup = resolveSetup(primaryBackup, 'ack-before-replicate', {}, strategy ? { strategy } : {}, { settingSwarm: true });
  if ('error' in setup) throw new Error(setup.error);
  return setup;
}

describe('runs to find', () => {
  it.each([
    ['the default (mixed) hunt', undefined],
    ['a guided hunt', 'guided' as const],
  ])('%s with findOnly stops at the same run as the hunt that shrinks, with the failure as found', (_, strategy) => {
    const setup = defaultSetup(strategy);
    const shrunk = hunt(setup, { runs: 3000, seed: 1001 }).finding;
    const asFound = hunt(setup, { runs: 3000, seed: 1001, findOnly: true }).finding;
    expect(shrunk).not.toBeNull();
    expect(asFound?.runsToFind).toBe(shrunk?.runsToFind);
    expect(asFound?.eventsBeforeShrink).toBe(shrunk?.eventsBeforeShrink);
    // Unshrunk: the schedule the run failed on, which shrinking does shorten.
    expect(asFound?.schedule.events.length).toBe(asFound?.eventsBeforeShrink);
    expect(asFound?.shrinks).toBe(0);
    expect(shrunk?.schedule.events.length).toBeLessThan(shrunk?.eventsBeforeShrink ?? 0);
  });

  it('a parallel hunt with findOnly reports the failure as found, as the one-worker hunt does (workers were not told: they shrank)', async () => {
    // Chunks of 100 runs, so the two workers hunt several chunks (random and guided in turn).
    const setup = defaultSetup();
    const options = { runs: 3000, seed: 1001, chunkRuns: 100, findOnly: true };
    const single = hunt(setup, options);
    const parallel = await runHunt(setup, { ...options, workers: 2 });
    expect(single.finding).not.toBeNull();
    expect(parallel.finding?.schedule.events.length).toBe(parallel.finding?.eventsBeforeShrink);
    expect(parallel.finding?.shrinks).toBe(0);
    const counted = ({ runs, events, finding }: typeof single) => ({
      runs,
      events,
      finding: finding && { ...finding, msToFind: 0, shrinkMs: 0 },
    });
    expect(counted(parallel)).toEqual(counted(single));
  });

  it('take medians over seeds with a miss above every find, and ratios that say when one side missed', () => {
    expect(medianRunsWithMisses([5, null, 3, 100, null])).toBe(100);
    expect(medianRunsWithMisses([null, 7, null, 1, null])).toBe(Number.POSITIVE_INFINITY);
    expect(medianRunsWithMisses([10, 30])).toBe(20);
    expect(medianRunsWithMisses([10, null])).toBe(Number.POSITIVE_INFINITY);
    expect(medianRunsWithMisses([])).toBeNull();
    expect(runsRatio(100, 250, 60_000)).toBe('2.50x');
    expect(runsRatio(100, Number.POSITIVE_INFINITY, 60_000)).toBe('>600.00x');
    expect(runsRatio(Number.POSITIVE_INFINITY, 600, 60_000)).toBe('<0.01x');
    expect(runsRatio(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 60_000)).toBe('-');
    expect(slowerThan(100, 201, 2)).toBe(true);
    expect(slowerThan(100, 200, 2)).toBe(false);
    expect(slowerThan(100, Number.POSITIVE_INFINITY, 2)).toBe(true);
    expect(slowerThan(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 2)).toBe(false);
  });
});
