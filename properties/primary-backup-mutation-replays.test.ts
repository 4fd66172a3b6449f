/**
 * The replay setup of primary-backup's mutation hunts (properties/mutation/hunts.ts,
 * docs/mutation.md): the saved counterexamples and the hand-written scenarios hold on the correct
 * model (a false alarm would kill every mutant), and the scenario tells the story it is there for.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseScenario } from '../src/study/scenario.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const primaryBackup = findProtocol('primary-backup');
const root = resolve(import.meta.dirname, '..');

describe('primary-backup mutation replays', () => {
  it('every saved counterexample and scenario holds on the correct model', () => {
    const setup = mutationSetups['primary-backup']?.find((candidate) => candidate.replays !== undefined);
    expect(setup).toBeDefined();
    if (!primaryBackup || !setup) return;
    expect(huntSetup(primaryBackup, setup, 1, 1)).toBeNull();
  });

  it('a late Replicate of an older epoch loses an acknowledged write where the new epoch reuses the old one (variant epoch-reuse)', () => {
    const { protocol, config, schedule } = readScenario('primary-backup-late-replicate-of-older-epoch.scenario');
    expect(replaySchedule({ protocol, variant: 'correct', config }, schedule).violation).toBeNull();
    const reused = replaySchedule({ protocol, variant: 'epoch-reuse', config }, schedule).violation;
    expect(reused?.property).toBe('no-acked-write-lost');
  });

  // The hunt never reached these windows in 500 runs; a hand copy of each mutant breaks its scenario
  // (the catching-up test made false: linearizable; every awaited write answered: no-acked-write-lost).
  it('a read at a primary that has not yet committed its recovered log is refused', () => {
    const history = storyHistory('primary-backup-read-while-catching-up.scenario');
    expect(history[1]?.reply).toEqual({ outcome: 'fail', error: 'primary is catching up' });
    expect(history[2]?.reply).toEqual({ outcome: 'ok', output: { type: 'read', value: 1 } });
  });

  it('a commit answers only the awaited writes it covers', () => {
    const history = storyHistory('primary-backup-uncommitted-write-awaited.scenario');
    expect(history[0]?.reply?.outcome).toBe('ok');
    // Write 2 was lost with the primary's log: only the liveness phase's retry answers it, never ok.
    expect(history[1]?.reply?.outcome).not.toBe('ok');
    expect(history[2]?.reply).toEqual({ outcome: 'ok', output: { type: 'read', value: 1 } });
  });
});

/** A mutation scenario of primary-backup, parsed strictly (hand-written input). */
function readScenario(name: string) {
  if (!primaryBackup) throw new Error('no primary-backup protocol');
  const file = `properties/mutation/scenarios/${name}`;
  const parsed = parseScenario(
    file,
    readFileSync(join(root, file), 'utf8'),
    findProtocol,
    protocols.map((protocol) => protocol.name),
  );
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.error)}`);
  return {
    protocol: primaryBackup,
    config: parsed.value.config,
    schedule: { randomSeed: parsed.value.randomSeed, events: parsed.value.events },
  };
}

/** The client history of a mutation scenario replayed on the correct model, which must hold. */
function storyHistory(name: string) {
  const { protocol, config, schedule } = readScenario(name);
  const result = replaySchedule({ protocol, variant: 'correct', config }, schedule);
  expect(result.violation).toBeNull();
  return result.world.history;
}
