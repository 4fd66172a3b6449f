/**
 * Guided hunting (src/hunt/guided.ts): a coverage-guided search that keeps schedule prefixes
 * reaching new situations (protocol fingerprints) and extends them. It must be deterministic,
 * bounded, find real bugs, leave correct models alone, and start from seed schedules when given.
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { genericFingerprint, guidedChunk, defaultGuidedLimits, type GuidedStatistics } from '../src/hunt/guided.ts';
import { hunt, newCounters } from '../src/hunt/hunt.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { counterexampleReport, setupOrThrow, testHunt } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { protocols } from '../src/protocols/registry.ts';
import { median } from '../bench/stats.ts';

const guided = { strategy: 'guided' } as const;

function withoutTimings(outcome: ReturnType<typeof guidedChunk>): unknown {
  if (!('violation' in outcome)) return outcome;
  const { shrinkMs: _shrinkMs, foundAtMs: _foundAtMs, ...rest } = outcome;
  return rest;
}

describe('guided hunting', () => {
  it('is deterministic: the same seed gives the same finding, schedule and run count', () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, guided);
    const first = guidedChunk(setup, 2, 3000, performance.now.bind(performance), newCounters(setup));
    const second = guidedChunk(setup, 2, 3000, performance.now.bind(performance), newCounters(setup));
    expect('violation' in first).toBe(true);
    expect(JSON.stringify(withoutTimings(second))).toBe(JSON.stringify(withoutTimings(first)));
  });

  it('stops at its deadline before the next run (it ran 63 runs past it, too many for a short share of a budget)', () => {
    const setup = setupOrThrow(raft, 'correct', {}, guided);
    // A clock that moves one millisecond per reading, the deadline five readings away.
    let clock = 0;
    const outcome = guidedChunk(setup, 1, 3000, () => clock++, newCounters(setup), { deadline: 5 });
    expect('violation' in outcome).toBe(false);
    expect(outcome.runsInChunk).toBeLessThanOrEqual(5);
  });

  it('finds primary-backup ack-before-replicate with the generic fingerprint and minimizes it', () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, guided);
    const result = hunt(setup, { runs: 3000, seed: 3 });
    const finding = result.finding;
    if (!finding) throw new Error('guided hunt did not find ack-before-replicate in 3000 runs');
    expect(finding.violation.property).toBe('no-acked-write-lost');
    expect(finding.path).toMatch(/^guided:\d+$/);
    expect(finding.schedule.events.length).toBeLessThanOrEqual(finding.eventsBeforeShrink);
    expect(finding.schedule.events.length, counterexampleReport(setup, finding.schedule)).toBeLessThanOrEqual(8);
    // The minimized schedule replays to the same violation from scratch.
    expect(new Simulator(setup).run(finding.schedule).violation?.property).toBe('no-acked-write-lost');
  });

  it("finds Raft's Figure 8 (commit-old-term) by walking through elections, and the correct model survives the schedule", () => {
    const setup = setupOrThrow(raft, 'commit-old-term', {}, guided);
    // Shrunk as a test's hunt shrinks (testHunt): what is asserted is the search's find.
    const result = testHunt(setup, { runs: 10_000, seed: 3 });
    const finding = result.finding;
    if (!finding) throw new Error('guided hunt did not find commit-old-term in 10,000 runs (seed 3)');
    expect(finding.violation.property, counterexampleReport(setup, finding.schedule)).toBe('leader-completeness');
    expect(finding.schedule.events.length).toBeLessThan(finding.eventsBeforeShrink);
    const correct = setupOrThrow(raft, 'correct', { entriesPerAppendMax: 1, electionTimeoutTicksMax: 4 });
    expect(new Simulator(correct).run(finding.schedule).violation).toBeNull();
  });

  for (const protocol of protocols) {
    // A quick guard: long guided hunts of the correct models are the nightly soak's (properties/soak.test.ts).
    it(`${protocol.name}: the correct model survives a 250-run guided hunt`, () => {
      const setup = setupOrThrow(protocol, 'correct', {}, guided);
      const result = hunt(setup, { runs: 250, seed: 8, chunkRuns: 250 });
      expect(result.finding === null ? null : counterexampleReport(setup, result.finding.schedule)).toBeNull();
      expect(result.runs).toBe(250);
    });
  }

  it('keeps prefixes only for new situations and stays within its corpus and fingerprint limits', () => {
    const setup = setupOrThrow(kafka, 'correct', {}, guided);
    let statistics: GuidedStatistics | null = null;
    const limits = { ...defaultGuidedLimits, corpusMax: 40, fingerprintsMax: 60 };
    guidedChunk(setup, 5, 600, () => 0, newCounters(setup), { limits, statistics: (reported) => (statistics = reported) });
    const reported = statistics as GuidedStatistics | null;
    if (!reported) throw new Error('no statistics reported');
    expect(reported.corpus).toBeLessThanOrEqual(40);
    expect(reported.fingerprints).toBeLessThanOrEqual(60);
    expect(reported.fingerprints).toBeGreaterThan(1);
    // Every kept situation is distinct: the counts add up to at least one step each.
    expect([...reported.reached.values()].every((hits) => hits >= 1)).toBe(true);
  });

  it('starts from seed schedules: the start of a known story is finished in fewer runs', () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, guided);
    // A partition isolates the primary and a write is acknowledged by it alone; the crash that
    // loses it is left for the search to add.
    const story: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 0 } },
      ],
    };
    expect(new Simulator(setup).run(story).violation).toBeNull();
    const seededRuns: number[] = [];
    const unseededRuns: number[] = [];
    // Without faults at the frontier, which finish this three-event story fast either way (next
    // test). Only run counts are compared: the findings are not minimized.
    const limits = { ...defaultGuidedLimits, faultFirstPercent: 0, minimizeRunsMax: 0 };
    for (let seed = 1; seed <= 8; seed++) {
      const seeded = guidedChunk(setup, seed, 3000, () => 0, newCounters(setup), { seeds: [story], limits });
      const unseeded = guidedChunk(setup, seed, 3000, () => 0, newCounters(setup), { limits });
      if (!('violation' in seeded) || !('violation' in unseeded)) throw new Error(`seed ${seed}: no finding in 3000 runs`);
      expect(seeded.violation.property).toBe('no-acked-write-lost');
      seededRuns.push(seeded.runsInChunk);
      unseededRuns.push(unseeded.runsInChunk);
    }
    // Over eight searches the median run count to the lost write drops several-fold.
    expect((median(seededRuns) ?? 0) * 3, `seeded ${seededRuns.join(',')} vs unseeded ${unseededRuns.join(',')}`).toBeLessThan(
      median(unseededRuns) ?? 0,
    );
  });

  it('begins half the extensions with a fault where the kept prefix ends: a write acknowledged by an isolated primary is lost in fewer runs', () => {
    // ack-before-replicate needs the crash right after the write that an isolated primary
    // acknowledged: the situation a kept prefix ends in, where a fault drawn among twelve random
    // events seldom lands.
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, guided);
    const runsToFind = (faultFirstPercent: number): number[] =>
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
        const limits = { ...defaultGuidedLimits, faultFirstPercent, minimizeRunsMax: 0 };
        const outcome = guidedChunk(setup, seed, 3000, () => 0, newCounters(setup), { limits });
        if (!('violation' in outcome)) throw new Error(`seed ${seed}: no finding in 3000 runs at faultFirstPercent ${faultFirstPercent}`);
        expect(outcome.violation.property).toBe('no-acked-write-lost');
        return outcome.runsInChunk;
      });
    const without = runsToFind(0);
    const withFaults = runsToFind(defaultGuidedLimits.faultFirstPercent);
    expect(defaultGuidedLimits.faultFirstPercent).toBeGreaterThan(0);
    expect((median(withFaults) ?? 0) * 2, `fault first ${withFaults.join(',')} vs none ${without.join(',')}`).toBeLessThan(median(without) ?? 0);
  });

  it('the generic fingerprint blurs numbers but keeps roles and up/down status', () => {
    const setup = setupOrThrow(primaryBackup, 'correct');
    const simulator = new Simulator(setup);
    const start = simulator.initialWorld(0);
    const crashed = simulator.applyEvent(start, { kind: 'crash', node: 1, loseUnflushed: false });
    expect(genericFingerprint(primaryBackup, start)).not.toMatch(/\d/);
    expect(genericFingerprint(primaryBackup, crashed)).not.toBe(genericFingerprint(primaryBackup, start));
    expect(genericFingerprint(primaryBackup, crashed)).toContain('down');
  });

  it('minimizeSchedule keeps the violation and removes what is not needed', () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate');
    const padded: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'tick', node: 2 },
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'tick', node: 1 },
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 0 } },
        { kind: 'heal' },
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'crash', node: 0, loseUnflushed: false },
        { kind: 'tick', node: 2 },
      ],
    };
    const { schedule } = minimizeSchedule(setup, padded, 'no-acked-write-lost');
    expect(schedule.events.length).toBeLessThanOrEqual(3);
    expect(new Simulator(setup).run(schedule).violation?.property).toBe('no-acked-write-lost');
  });
});
