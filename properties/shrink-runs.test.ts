/**
 * The minimizer's run budget (src/hunt/minimize.ts): its passes try the same candidate schedule
 * again and again (every round of single deletions after a semantic step starts over), and each
 * distinct schedule is run once, so the budget and the hunt's wall go to schedules not seen yet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { raft } from '../src/protocols/raft/index.ts';

const tick = (node: number) => ({ kind: 'tick', node }) as const;
const deliver = (message: number) => ({ kind: 'deliver', message }) as const;

/** Raft stale-leader-read (17 events, a local minimum): node 1 commits a write, node 2 is elected and reads nil. */
const story: Schedule = {
  randomSeed: 6,
  events: [
    tick(1),
    tick(1),
    tick(1),
    deliver(1),
    deliver(1),
    { kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } },
    deliver(2),
    deliver(2),
    deliver(2),
    deliver(2),
    tick(2),
    tick(2),
    tick(2),
    tick(2),
    deliver(2),
    deliver(3),
    { kind: 'client', node: 2, client: 0, operation: { type: 'get', key: 'x' } },
  ],
};

describe('minimizer run budget', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs each distinct candidate once, and counts exactly the runs it makes', () => {
    const setup = setupOrThrow(raft, 'stale-leader-read');
    expect(new Simulator(setup).run(story).violation?.property).toBe('linearizable');
    const run = vi.spyOn(Simulator.prototype, 'run');
    // The shorter-end pass searches worlds, not runs (it replays what it finds): 200 of them keep it
    // in the count at a fifth of the CPU of its default 4,000.
    const result = minimizeSchedule(setup, story, 'linearizable', 4000, { exhaustive: false, shorterEndWorldsMax: 200 });
    const schedules = run.mock.calls.map(([schedule]) => `${schedule.randomSeed} ${JSON.stringify(schedule.events)}`);
    // Without the budget's say: the local search ends on its own (its passes find nothing more).
    expect(result.runs).toBeLessThan(4000);
    expect(schedules.length).toBe(result.runs);
    expect(new Set(schedules).size).toBe(schedules.length);
    expect(new Simulator(setup).run(result.schedule).violation?.property).toBe('linearizable');
  });
});
