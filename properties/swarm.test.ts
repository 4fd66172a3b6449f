/**
 * The setting swarm (src/hunt/swarm.ts): each run of a hunt draws the protocol's swarm settings
 * that nothing pins, deterministically from the seed; a finding keeps only the drawn settings it
 * needs, and its artifact replays exactly. The proof that it pays: a bug in a path the hunt's own
 * settings never take is found by the default hunt with the swarm on, and cannot be without it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { hunt, replaySchedule, resolveSetup, type HuntSetup } from '../src/hunt/hunt.ts';
import { drawSettingsForChunk, huntScheduleArbitrary, trySetupFor, withSettings } from '../src/hunt/swarm.ts';
import { testHunt } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { protocols } from '../src/protocols/registry.ts';
import { artifactOf, checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';

function swarmSetup(protocol: AnyProtocol, variant: string, overrides: Readonly<Record<string, unknown>> = {}, settingSwarm = true): HuntSetup {
  const setup = resolveSetup(protocol, variant, overrides, {}, { settingSwarm });
  if ('error' in setup) throw new Error(setup.error);
  return setup;
}

/**
 * Raft whose own settings turn pipelining off: `full-window-stalls` (a full inflight window that
 * nothing frees) lives in the pipelining path, which this hunt's config never takes. The swarm
 * draws `pipelining` per run; the hunt's `config` says false.
 */
const raftWithoutPipelining: AnyProtocol = { ...raft, defaultConfig: () => ({ ...raft.defaultConfig(), pipelining: false }) };

describe('the setting swarm', () => {
  it('declares, per protocol, values that are valid (alone or with another swarm value) and keep the node and client counts', () => {
    for (const protocol of protocols) {
      const base = swarmSetup(protocol, 'correct', {}, false);
      const swarm = Object.entries(protocol.settingSwarm ?? {});
      for (const [key, values] of swarm) {
        expect(values.length, `${protocol.name}.${key}`).toBeGreaterThanOrEqual(2);
        for (const value of values) {
          // A value may need another one (Kafka's combined mode needs KRaft): the draw keeps it only then.
          const partners = [
            {},
            ...swarm.flatMap(([other, otherValues]) => (other === key ? [] : otherValues.map((otherValue) => ({ [other]: otherValue })))),
          ];
          const made = partners.map((partner) => trySetupFor(base, { ...partner, [key]: value })).find((setup) => !('error' in setup));
          if (!made || 'error' in made) throw new Error(`${protocol.name} swarm ${key}=${String(value)} is valid with no other swarm value`);
          expect(protocol.nodeCount(made.config)).toBe(protocol.nodeCount(base.config));
          expect(protocol.clientCount(made.config)).toBe(protocol.clientCount(base.config));
        }
      }
    }
  });

  it('draws the same settings from the same seed, different ones per run, and never a pinned key', () => {
    const setup = swarmSetup(raft, 'correct', { readMode: 'read-index' });
    const sample = (seed: number) => fc.sample(huntScheduleArbitrary(setup), { seed, numRuns: 100 }).map((schedule) => schedule.settings ?? {});
    const drawn = sample(7);
    expect(sample(7)).toEqual(drawn);
    expect(new Set(drawn.map((settings) => JSON.stringify(settings))).size).toBeGreaterThan(20);
    // --set pins readMode; only values that differ from the hunt's config are recorded.
    expect(setup.settingSwarm).not.toHaveProperty('readMode');
    expect(drawn.some((settings) => 'readMode' in settings)).toBe(false);
    expect(drawn.some((settings) => settings['preVote'] === false)).toBe(false);
    expect(drawn.some((settings) => settings['preVote'] === true)).toBe(true);
    // A variant's own settings are pinned; the correct variant's own (Kafka's hunt timescale) are the base the swarm starts from.
    expect(Object.keys(swarmSetup(raft, 'commit-old-term').settingSwarm ?? {})).not.toContain('entriesPerAppendMax');
    expect(Object.keys(swarmSetup(kafka, 'correct').settingSwarm ?? {})).toContain('leaderImbalanceCheckIntervalTicks');
    expect(Object.keys(swarmSetup(kafka, 'no-fetch-epoch-fencing').settingSwarm ?? {})).not.toContain('leaderImbalanceCheckIntervalTicks');
    // Guided chunks draw once per chunk, from the chunk's seed.
    expect(drawSettingsForChunk(setup, 11)).toEqual(drawSettingsForChunk(setup, 11));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(drawSettingsForChunk(setup, seed)))).size).toBeGreaterThan(1);
  });

  it('finds a bug in a path the default settings never take, keeps only the settings it needs, and its artifact replays exactly', () => {
    const budget = { runs: 200, seed: 1, now: () => performance.now() };
    expect(hunt(swarmSetup(raftWithoutPipelining, 'full-window-stalls', {}, false), budget).finding).toBeNull();
    const setup = swarmSetup(raftWithoutPipelining, 'full-window-stalls');
    // Shrunk as a test's hunt shrinks: the settings it keeps are pruned the same way either way.
    const { finding } = testHunt(setup, { runs: budget.runs, seed: budget.seed });
    if (!finding) throw new Error('the swarm hunt found nothing');
    expect(finding.violation.property).toBe('no-acked-write-lost');
    const settings = finding.schedule.settings ?? {};
    expect(settings).toMatchObject({ pipelining: true });
    // Every setting left is needed: back at the hunt's value, the same schedule no longer breaks the property.
    for (const key of Object.keys(settings)) {
      const { [key]: _reset, ...others } = settings;
      const reset = withSettings(finding.schedule, others);
      expect(replaySchedule(setup, reset).violation?.property, key).not.toBe('no-acked-write-lost');
    }

    const result = replaySchedule(setup, finding.schedule);
    const artifact = artifactOf(setup, finding.schedule, { result, seed: finding.seed, path: finding.path });
    const text = JSON.stringify(artifact);
    expect(artifact.drawnSettings).toEqual(settings);
    expect(artifact.config).toMatchObject(settings);
    // Read back as `faultline replay` reads it: the effective config alone replays the same trace.
    const read = checkArtifactForProtocol('artifact.json', parseArtifact('artifact.json', text), raftWithoutPipelining);
    const replayed = new Simulator({ protocol: raftWithoutPipelining, variant: read.variant, config: read.config }, { recordTrace: true }).run(
      read.schedule,
    );
    const again = artifactOf({ protocol: raftWithoutPipelining, variant: read.variant, config: read.config }, read.schedule, {
      result: replayed,
      seed: read.seed,
      path: read.path,
    });
    expect(JSON.stringify({ ...again, ...(read.drawnSettings ? { drawnSettings: read.drawnSettings } : {}) })).toBe(text);
    // A drawnSettings entry that contradicts the config is refused, as hand-written input is.
    const forged = JSON.stringify({ ...artifact, drawnSettings: { pipelining: false } });
    expect(() => checkArtifactForProtocol('forged.json', parseArtifact('forged.json', forged), raftWithoutPipelining)).toThrow(
      /drawnSettings\.pipelining/,
    );
  });

  it("polishes a finding again once the settings it does not need went back to the hunt's", () => {
    // Raft volatile-vote, seed 1: the failing run drew settings the story does not need (PreVote's
    // extra round trip among them); with them reset it is told in 4 events, where polishing only on
    // the drawn config left 6.
    const setup = resolveSetup(raft, 'volatile-vote', {}, {}, { settingSwarm: true });
    if ('error' in setup) throw new Error(setup.error);
    // As a test hunts (no exhaustive or final passes): the same 4 events in a third of the CPU (measured 2026-12-01).
    const finding = testHunt(setup, { runs: 5000, seed: 1 }).finding;
    expect(finding?.violation.property).toBe('term-and-vote-durable');
    expect(finding?.schedule.settings).toBeUndefined();
    expect(finding?.schedule.events.length).toBe(4);
    expect(replaySchedule(setup, finding?.schedule ?? { randomSeed: 0, events: [] }).violation?.property).toBe('term-and-vote-durable');
  });
});
