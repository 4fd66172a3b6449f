/**
 * Passes of the minimizer (src/hunt/minimize.ts) that reach another story than the shrunk one, on
 * real hunt findings the previous minimizer left as they are: a tick exchanged for the node's
 * crash, and the exhaustive one-fault search.
 * (The same search takes Kafka hw-truncation's 9-event finding at seed 1 to its 3-event story, at
 * about 3 s of CPU: measured with bench/shortest-known-measure.ts rather than tested here.)
 */
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { raft } from '../src/protocols/raft/index.ts';

describe('passes that reach another story', () => {
  it("exchanges a tick for the node's crash, and then another tick can go: Raft stale-leader-read from 15 events to 14", () => {
    const setup = setupOrThrow(raft, 'stale-leader-read');
    // What `faultline hunt --protocol raft --variant stale-leader-read --seed 4` reported (5,000
    // runs): node 0 leads, acknowledges a cas, a read arrives at node 1, and node 0 crashes,
    // restarts and ticks; the previous minimizer left it so.
    const tick = (node: number): ScheduleEvent => ({ kind: 'tick', node });
    const deliver = (message: number): ScheduleEvent => ({ kind: 'deliver', message });
    const finding: Schedule = {
      randomSeed: 1,
      events: [
        tick(0),
        tick(0),
        tick(0),
        deliver(0),
        deliver(1),
        deliver(1),
        { kind: 'client', node: 0, client: 2, operation: { type: 'cas', key: 'y', expected: null, value: '2' } },
        deliver(2),
        deliver(2),
        deliver(2),
        { kind: 'client', node: 1, client: 0, operation: { type: 'get', key: 'y' } },
        { kind: 'crash', node: 0, loseUnflushed: false },
        { kind: 'restart', node: 0 },
        tick(0),
        tick(0),
      ],
    };
    const simulator = new Simulator(setup);
    expect(simulator.run(finding).violation?.property).toBe('linearizable');
    const passes: string[] = [];
    // The shorter-end search is left out (in both tests): what is shown is the other pass's story.
    const { schedule } = minimizeSchedule(setup, finding, 'linearizable', 2000, {
      exhaustive: false,
      shorterEndWorldsMax: 0,
      onPass: (pass) => passes.push(pass),
    });
    expect(passes).toEqual(['exchange']);
    expect(schedule.events.length, counterexampleReport(setup, schedule)).toBe(14);
    // The restarted leader's two ticks (it steps down and answers nothing) became one more crash.
    expect(schedule.events.filter((event) => event.kind === 'crash')).toHaveLength(2);
    expect(schedule.events.filter((event) => event.kind === 'tick')).toHaveLength(3);
    expect(simulator.run(schedule).violation?.property).toBe('linearizable');
  });

  it('finds primary-backup epoch-reuse\'s 6-event "partition, write, the primary crashes and recovers" behind a 12-event finding (the one-fault search)', () => {
    const setup = setupOrThrow(primaryBackup, 'epoch-reuse', { resendIntervalTicks: 1 });
    // What `faultline hunt --protocol primary-backup --variant epoch-reuse --seed 2` reported (5,000
    // runs, drawn settings resendIntervalTicks 1): the recovered primary's epoch reached by ticks
    // and deliveries; no deletion or semantic pass shortens it.
    const finding: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'tick', node: 0 },
        { kind: 'crash', node: 0, loseUnflushed: false },
        { kind: 'restart', node: 0 },
        { kind: 'tick', node: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 1 },
        { kind: 'deliver', message: 1 },
        { kind: 'tick', node: 0 },
        { kind: 'deliver', message: 2 },
        { kind: 'deliver', message: 2 },
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 0 } },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ],
    };
    const simulator = new Simulator(setup);
    expect(simulator.run(finding).violation?.property).toBe('backups-caught-up');
    const passes: string[] = [];
    const { schedule } = minimizeSchedule(setup, finding, 'backups-caught-up', 2000, { shorterEndWorldsMax: 0, onPass: (pass) => passes.push(pass) });
    expect(passes).toEqual(['exhaustive one-fault search']);
    expect(schedule.events.length, counterexampleReport(setup, schedule)).toBe(6);
    expect(schedule.events.filter((event) => event.kind === 'partition')).toHaveLength(1);
    expect(simulator.run(schedule).violation?.property).toBe('backups-caught-up');
  });
});
