/**
 * The replay setup of Raft's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): the
 * saved counterexamples and the hand-written scenarios of properties/mutation/scenarios hold on
 * the correct model (a false alarm would kill every mutant), and the scenarios tell the story
 * they are there for (the bug variant that skips the same step breaks them).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseScenario } from '../src/study/scenario.ts';
import { mutationScenarioArtifacts } from '../scripts/mutation-scenarios.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const raft = findProtocol('raft');
const root = resolve(import.meta.dirname, '..');

function scenarioSchedule(file: string) {
  const text = readFileSync(join(root, file), 'utf8');
  const parsed = parseScenario(
    file,
    text,
    findProtocol,
    protocols.map((protocol) => protocol.name),
  );
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

describe('raft mutation replays', () => {
  it("every mutation scenario's replayed schedule (NAME.json) is the scenario resolved on the unmutated model", () => {
    const scenarios = mutationScenarioArtifacts(root);
    expect(scenarios.length).toBeGreaterThan(0);
    for (const { jsonFile, artifact } of scenarios) {
      // Stale: run `node bin/run-ts.mjs scripts/mutation-scenarios.ts` (then biome format) after editing a scenario.
      expect(JSON.parse(readFileSync(join(root, jsonFile), 'utf8')), jsonFile).toEqual(JSON.parse(JSON.stringify(artifact)));
    }
  });

  it('every saved counterexample and scenario holds on the correct model, also in the other read mode', () => {
    const setup = mutationSetups.raft?.find((candidate) => candidate.replays !== undefined);
    expect(setup).toBeDefined();
    if (!raft || !setup) return;
    expect(huntSetup(raft, setup, 1, 1)).toBeNull();
  });

  it('a deposed ReadIndex leader that answered without confirming would break linearizable', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-deposed-read-index-leader.scenario');
    const schedule = { randomSeed: scenario.randomSeed, events: scenario.events };
    expect(replaySchedule({ protocol: raft, variant: 'correct', config: scenario.config }, schedule).violation).toBeNull();
    const stale = replaySchedule({ protocol: raft, variant: 'stale-leader-read', config: scenario.config }, schedule).violation;
    expect(stale?.property).toBe('linearizable');
  });
});
