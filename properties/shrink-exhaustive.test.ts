/**
 * The minimizer's exhaustive last passes (src/hunt/minimize.ts) on real hunt findings: a shorter
 * story that no deletion, exchange or move reaches from the shrunk one, because it is another story.
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';

describe('exhaustive last passes', () => {
  it('finds Kafka hw-truncation\'s 3-event "write to the leader, leader crashes" behind a 9-event finding (the one-crash search)', () => {
    const setup = setupOrThrow(kafka, 'hw-truncation', { partitionCount: 2 });
    // What `faultline hunt --protocol kafka --variant hw-truncation --seed 1` reported (5,000 runs,
    // drawn settings partitionCount 2): a write to partition 0 replicated by fetches, broken in
    // the liveness phase; 1-minimal, and too long for the first exhaustive search (up to 8 events).
    const finding: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: { type: 'produce', partition: 0, value: 0 } },
        { kind: 'tick', node: 3 },
        { kind: 'tick', node: 2 },
        { kind: 'tick', node: 1 },
        { kind: 'deliver', message: 4 },
        { kind: 'deliver', message: 1 },
        { kind: 'tick', node: 3 },
        { kind: 'deliver', message: 4 },
        { kind: 'deliver', message: 3 },
      ],
    };
    const simulator = new Simulator(setup);
    expect(simulator.run(finding).violation?.property).toBe('replica-consistency');
    // No deletion or semantic pass shortens it: the one-crash search is the only pass that does.
    const passes: string[] = [];
    const { schedule } = minimizeSchedule(setup, finding, 'replica-consistency', 2000, { onPass: (pass) => passes.push(pass) });
    expect(passes).toEqual(['exhaustive one-crash search']);
    expect(schedule.events.length, counterexampleReport(setup, schedule)).toBe(3);
    expect(schedule.events.filter((event) => event.kind === 'crash')).toHaveLength(1);
    expect(schedule.events.filter((event) => event.kind === 'client')).toHaveLength(1);
    expect(simulator.run(schedule).violation?.property).toBe('replica-consistency');
  });
});
