/**
 * The replay setup of ZAB's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): every
 * saved ZAB counterexample, replayed on the correct variant as saved and with consistent snapshots,
 * holds (a false alarm would kill every mutant), and each still breaks the bug variant it was found
 * on, so a mutant that brings that bug back into the correct model meets the story that shows it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const folder = resolve(import.meta.dirname, '../counterexamples/zab');

describe('zab mutation replays', () => {
  it('every saved counterexample holds on the correct model, as saved and with consistent snapshots', () => {
    const setup = mutationSetups.zab?.find((candidate) => candidate.replays !== undefined);
    if (!setup) throw new Error('no zab replay setup');
    expect(setup.replays?.folders).toEqual(['counterexamples/zab']);
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
});
