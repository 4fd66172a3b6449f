/**
 * The minimizer's exhaustive last passes (src/hunt/minimize.ts) on real hunt findings: a shorter
 * story that no deletion, exchange or move reaches from the shrunk one, because it is another story.
 * (The same search takes Kafka hw-truncation's 9-event finding at seed 1 to its 3-event story, at
 * about 3 s of CPU: measured with bench/shortest-known-measure.ts rather than tested here.)
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';

describe('exhaustive last passes', () => {
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
    const { schedule } = minimizeSchedule(setup, finding, 'backups-caught-up', 2000, { onPass: (pass) => passes.push(pass) });
    expect(passes).toEqual(['exhaustive one-fault search']);
    expect(schedule.events.length, counterexampleReport(setup, schedule)).toBe(6);
    expect(schedule.events.filter((event) => event.kind === 'partition')).toHaveLength(1);
    expect(simulator.run(schedule).violation?.property).toBe('backups-caught-up');
  });
});
