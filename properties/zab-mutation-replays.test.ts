/**
 * The replay setup of ZAB's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): every
 * saved ZAB counterexample and zab-* scenario of properties/mutation/scenarios, replayed on the
 * correct variant as saved and with consistent snapshots, holds (a false alarm would kill every
 * mutant), and each still breaks a bug variant that skips the step it shows, so a mutant that
 * brings that bug back into the correct model meets the story that shows it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const folder = resolve(import.meta.dirname, '../counterexamples/zab');
const scenarios = resolve(import.meta.dirname, 'mutation/scenarios');

describe('zab mutation replays', () => {
  it('every saved counterexample and scenario holds on the correct model, as saved and with consistent snapshots', () => {
    const setup = mutationSetups.zab?.find((candidate) => candidate.replays !== undefined);
    if (!setup) throw new Error('no zab replay setup');
    expect(setup.replays?.folders).toEqual(['counterexamples/zab', 'properties/mutation/scenarios']);
    expect(huntSetup(zab, setup, 1, 1)).toBeNull();
  });

  it('each saved counterexample breaks the variant it was found on', () => {
    const files = readdirSync(folder).filter((name) => /^[a-z0-9-]+\.json$/.test(name));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const artifact = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { variant: string; config: unknown; schedule: never };
      const replayed = replaySchedule({ protocol: zab, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      expect(replayed.violation, file).not.toBeNull();
    }
  });

  it('the fuzzy-snapshot scenario breaks a restore that does not replay its window into the session table', () => {
    // snapshot-sessions-behind-zxid writes the session table of before the snapshot's last transaction,
    // which the restore's replay then misses, as a mutant that skips the window's closeSession would.
    const artifact = JSON.parse(readFileSync(resolve(scenarios, 'zab-fuzzy-snapshot-closes-session.json'), 'utf8')) as {
      config: object;
      schedule: never;
    };
    const correct = replaySchedule({ protocol: zab, variant: 'correct', config: artifact.config }, artifact.schedule);
    expect(correct.violation).toBeNull();
    const behind = replaySchedule({ protocol: zab, variant: 'snapshot-sessions-behind-zxid', config: artifact.config }, artifact.schedule);
    expect(behind.violation?.property).toBe('tree-matches-committed');
  });
});
