import { describe, expect } from 'vitest';
import { test as propertyTest, fc } from '@fast-check/vitest';
import { it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { expectCaught, expectSurvives, setupOrThrow, counterexampleReport } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { defaultPrimaryBackupConfig } from '../src/protocols/primary-backup/model.ts';

const correct = setupOrThrow(primaryBackup, 'correct');
const buggy = setupOrThrow(primaryBackup, 'ack-before-replicate');

describe('primary-backup', () => {
  it('correct model survives schedules with crashes, partitions, drops and duplicates', () => {
    expectSurvives(correct, { runs: 1500 });
  });

  propertyTest.prop([scheduleArbitrary(correct.protocol, correct.config, correct.profile)], { numRuns: 200 })(
    'correct model: no property breaks (fast-check/vitest form)',
    (schedule) => {
      const result = new Simulator(correct).run(schedule);
      if (result.violation) throw new Error(counterexampleReport(correct, schedule));
    },
  );

  it('ack-before-replicate is caught as a lost acknowledged write and shrinks to a handful of events', () => {
    const result = expectCaught(buggy, { runs: 5000, expectedProperty: 'no-acked-write-lost', shrunkEventsMax: 6 });
    const { finding } = result;
    expect(finding.violation.phase).toBe('end');
    expect(finding.violation.message).toMatch(/acknowledged write \d+ .* is missing/);
    // The schedule must contain the two ingredients of the bug: a write and a crash of the primary.
    expect(finding.schedule.events.some((event) => event.kind === 'client')).toBe(true);
    expect(finding.schedule.events.some((event) => event.kind === 'crash' && event.node % 3 === 0)).toBe(true);
    expect(finding.eventsBeforeShrink).toBeGreaterThanOrEqual(finding.schedule.events.length);
  });

  it('the hand-written minimal scenario loses the write on the buggy variant only', () => {
    const schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ] as const,
    };
    expect(new Simulator(buggy).run(schedule).violation?.property).toBe('no-acked-write-lost');
    expect(new Simulator(correct).run(schedule).violation).toBeNull();
  });

  it('epoch-reuse: a write of the old epoch reaches a backup after it answered the recovery; only the correct primary starts an epoch above its own', () => {
    // The story the hunt first found in the correct model (then without the epoch on the primary's disk).
    const schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [2, 1, 2] },
        { kind: 'client', node: 0, client: 1, operation: { type: 'write', value: 1 } },
        { kind: 'crash', node: 0, loseUnflushed: false },
        { kind: 'restart', node: 0 },
        { kind: 'tick', node: 0 },
        { kind: 'deliver', message: 1 },
      ] as const,
    };
    // A resend every tick (drawn by the setting swarm when the hunt found it): one tick sends the recovery request.
    const settings = { resendIntervalTicks: 1 };
    const buggy = new Simulator(setupOrThrow(primaryBackup, 'epoch-reuse', settings)).run(schedule);
    expect(buggy.violation?.property).toBe('backups-caught-up');
    expect(buggy.violation?.message).toMatch(/^backup \d holds 1 entries after healing, more than the 0 of the primary \(node 0\)/);
    expect(new Simulator(setupOrThrow(primaryBackup, 'correct', settings)).run(schedule).violation).toBeNull();
  });

  it('needs a backup: a primary alone keeps its log only in memory (its writes never committed before nodeCount had to be 2 or more)', () => {
    expect(primaryBackup.validateConfig({ ...defaultPrimaryBackupConfig, nodeCount: 1 })).toBe(
      'nodeCount must be an integer from 2 to 9 (a primary and at least one backup), got 1',
    );
    expect(primaryBackup.validateConfig({ ...defaultPrimaryBackupConfig, nodeCount: 2 })).toBeNull();
  });

  it('events that no longer apply are no-ops, never errors', () => {
    fc.assert(
      fc.property(scheduleArbitrary(correct.protocol, correct.config, correct.profile), fc.nat(5), (schedule, cut) => {
        // Deleting any prefix of events leaves a valid schedule.
        const shortened = { ...schedule, events: schedule.events.slice(cut) };
        const result = new Simulator(correct, { recordTrace: true }).run(shortened);
        expect(result.trace?.length).toBe(result.safetySteps + result.livenessSteps);
      }),
      { numRuns: 100 },
    );
  });
});
