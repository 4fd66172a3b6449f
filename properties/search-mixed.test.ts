/**
 * The default search strategy, `mixed` (src/hunt/hunt.ts): random chunks (run as a random hunt runs
 * its chunks, same seeds) alternate with long guided chunks. What random search finds within the
 * first random chunk, a mixed hunt finds with the same runs and the same counterexample; the
 * chunk layout is exact under a run budget; a mixed hunt is reproducible and shardable.
 */
import { describe, expect, it } from 'vitest';
import { chunkLayout, chunkRunsAt, hunt, mixedGuidedChunkRuns, mixedRandomChunkRuns, strategyOf } from '../src/hunt/hunt.ts';
import { runHunt } from '../src/hunt/parallel.ts';
import { setupOrThrow, testHunt } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { raft } from '../src/protocols/raft/index.ts';

describe('the mixed strategy (the default)', () => {
  it('is the default and lays out random and guided chunks in turn, cut exactly to a run budget', () => {
    const setup = setupOrThrow(kafka, 'acks-1');
    expect(strategyOf(setup.profile)).toBe('mixed');
    const layout = chunkLayout(setup);
    expect([0, 1, 2, 3, 4].map((position) => layout.strategyAt(position))).toEqual(['random', 'guided', 'guided', 'random', 'guided']);
    expect(layout.startOf(3)).toBe(mixedRandomChunkRuns + 2 * mixedGuidedChunkRuns);
    expect(layout.startOf(5)).toBe(2 * mixedRandomChunkRuns + 3 * mixedGuidedChunkRuns);
    const period = mixedRandomChunkRuns + 2 * mixedGuidedChunkRuns;
    for (const budget of [
      1,
      400,
      mixedRandomChunkRuns,
      mixedRandomChunkRuns + 1,
      mixedRandomChunkRuns + mixedGuidedChunkRuns + 1,
      period,
      period + 7,
      2 * period + mixedRandomChunkRuns + 3,
    ]) {
      const chunks = layout.chunksFor(budget);
      const total = Array.from({ length: chunks }, (_, position) => chunkRunsAt(layout, position, budget)).reduce((sum, runs) => sum + runs, 0);
      expect(total, `budget ${budget}`).toBe(budget);
      expect(chunkRunsAt(layout, chunks - 1, budget)).toBeGreaterThan(0);
    }
  });

  it('finds what random search finds in its first random chunk with the same runs and counterexample', () => {
    for (const [protocol, variant] of [
      [kafka, 'acks-1'],
      [primaryBackup, 'ack-before-replicate'],
    ] as const) {
      // Both shrink as a test's hunt does (testHunt): the same shrinking of the same find gives the same story.
      const mixed = testHunt(setupOrThrow(protocol, variant), { runs: 2000, seed: 5 });
      const random = testHunt(setupOrThrow(protocol, variant, {}, { strategy: 'random' }), { runs: 2000, seed: 5 });
      expect(mixed.finding, `${protocol.name}/${variant}`).not.toBeNull();
      expect(mixed.finding?.runsToFind).toBe(random.finding?.runsToFind);
      expect(mixed.finding?.schedule).toEqual(random.finding?.schedule);
      expect(mixed.finding?.path).toBe(random.finding?.path);
    }
  });

  it('reports the same finding with one worker in this thread and two worker threads (run budget)', async () => {
    // A small chunk size so the guided chunk (position 1) is reached within a few seconds.
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, {});
    const options = { runs: 600, seed: 11, chunkRuns: 3 };
    const single = hunt(setup, options);
    const parallel = await runHunt(setup, { ...options, workers: 2 });
    expect(single.finding).not.toBeNull();
    expect(parallel.finding?.schedule).toEqual(single.finding?.schedule);
    expect(parallel.finding?.runsToFind).toBe(single.finding?.runsToFind);
    expect(parallel.finding?.runsToReplay).toBe(single.finding?.runsToReplay);
    expect(parallel.runs).toBe(single.runs);
    // Found at run 2 of a guided chunk (185 runs in): a budget ending at that run (the replay
    // line's --runs) finds and shrinks the same story; one run less finds nothing.
    const runsToReplay = single.finding?.runsToReplay ?? 0;
    expect(single.finding?.path).toBe('guided:2');
    expect(runsToReplay).toBe(single.finding?.runsToFind);
    const again = hunt(setup, { ...options, runs: runsToReplay });
    expect(again.finding?.schedule).toEqual(single.finding?.schedule);
    expect(again.finding?.path).toBe(single.finding?.path);
    expect(hunt(setup, { ...options, runs: runsToReplay - 1 }).finding).toBeNull();
  });

  it('a hunt stopped while it shrinks still counts the runs that found its counterexample', async () => {
    // Found in the second random chunk of 100 runs (run 109 at seed 6): stopped at the first sign
    // of it, a one-worker hunt has finished one chunk, and the second has run up to the failure.
    const setup = setupOrThrow(raft, 'vote-count-not-set', {}, { strategy: 'random' });
    // The reference hunt stops at its find unshrunk (findOnly): what is compared is where it was found.
    const single = hunt(setup, { runs: 2000, seed: 6, findOnly: true });
    expect(single.finding?.runsToFind).toBeGreaterThan(100);
    const stop = new AbortController();
    const stopped = await runHunt(setup, {
      runs: 2000,
      seed: 6,
      workers: 1,
      signal: stop.signal,
      onProgress: (progress) => {
        if (progress.found) stop.abort();
      },
    });
    expect(stopped.interrupted).toBe(true);
    expect(stopped.finding?.violation.property).toBe(single.finding?.violation.property);
    expect(stopped.finding?.runsToFind).toBe(single.finding?.runsToFind);
  });
});
