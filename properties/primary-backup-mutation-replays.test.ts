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
    if (!primaryBackup) throw new Error('no primary-backup protocol');
    const file = 'properties/mutation/scenarios/primary-backup-late-replicate-of-older-epoch.scenario';
    const parsed = parseScenario(
      file,
      readFileSync(join(root, file), 'utf8'),
      findProtocol,
      protocols.map((protocol) => protocol.name),
    );
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.error)}`);
    const schedule = { randomSeed: parsed.value.randomSeed, events: parsed.value.events };
    expect(replaySchedule({ protocol: primaryBackup, variant: 'correct', config: parsed.value.config }, schedule).violation).toBeNull();
    const reused = replaySchedule({ protocol: primaryBackup, variant: 'epoch-reuse', config: parsed.value.config }, schedule).violation;
    expect(reused?.property).toBe('no-acked-write-lost');
  });
});
