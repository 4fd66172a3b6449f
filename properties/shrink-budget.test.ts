/**
 * The shorter-end pass's budget (src/hunt/minimize.ts): distinct worlds, not runs, so it has its
 * own setting, `ShrinkLimits.shorterEndWorldsMax`, which a test sets around a hunt (limits set
 * inside, as the hunt's own around each chunk, inherit it), and a brief polish gets at most two
 * worlds per run of its budget.
 */
import { describe, expect, it } from 'vitest';
import { minimizeSchedule, semanticPassNames, withShrinkLimits } from '../src/hunt/minimize.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { ackBeforePersistEightEvents } from './fixtures/zab-ack-before-persist-story.ts';

/** ZAB ack-before-persist as the other passes leave it (8 events); the shorter-end pass alone takes it to 6 (shrink-semantic.test.ts). */
const story = ackBeforePersistEightEvents;
const otherPasses = semanticPassNames.filter((pass) => pass !== 'shorter end');
const setup = setupOrThrow(zab, 'ack-before-persist');
const minimized = (runs: number, worlds?: number): number =>
  minimizeSchedule(setup, story, 'primary-integrity', runs, {
    exhaustive: false,
    skipPasses: otherPasses,
    ...(worlds === undefined ? {} : { shorterEndWorldsMax: worlds }),
  }).schedule.events.length;

describe('shorter-end budget', () => {
  it('is set around a hunt: limits set inside inherit it, and at 0 the pass finds nothing (8 events; by default it finds 6)', () => {
    const off = withShrinkLimits({ now: () => 0, shorterEndWorldsMax: 0 }, () =>
      // The hunt sets its own limits around each chunk (a deadline, a candidate callback).
      withShrinkLimits({ now: () => 0, onCandidate: () => {} }, () => minimized(2000)),
    );
    expect(off.value.value).toBe(8);
  });

  it('gives a brief polish at most two worlds per run: 100 runs search 200 worlds (8 events), unless told otherwise', () => {
    expect(minimized(100)).toBe(8);
    // The same 100 runs with the worlds the hunt's polish has: the pass finds the 6-event end.
    expect(minimized(100, 4000)).toBe(6);
  });
});
