/**
 * Contract checks of Kafka's log functions (`src/protocols/kafka/log.ts`), run by Stryker next to
 * the hunts (vitest.mutation.config.ts): a mutant that breaks one is killed like one a hunt catches.
 *
 * Why not only hunts: these functions implement published definitions (LeaderEpochFileCache.assign,
 * UnifiedLog.truncateTo, KIP-279's OffsetsForLeaderEpoch answer, log.flush.interval.messages, what a
 * power loss leaves), but the broker reaches several of their cases rarely or never. A follower
 * never appends an epoch older than its cache's latest (it truncates first), no follower asks about
 * UNDEFINED or about an epoch newer than its leader's, and only a power loss reads the flushed
 * length, so a hunt sees a wrong flush decision only when power fails on a log at least two records
 * longer than it should be. Each case here is one of those definitions on a log of a few records,
 * and holds on the correct model; mutants that change no result of any input (an equal value built
 * another way) are listed in `equivalents-kafka.ts`, not tested here. Not part of `npm test` (the
 * same cases run there through the hunts' properties, where the broker reaches them).
 */
import { describe, expect, it } from 'vitest';
import {
  appendRecords,
  assignEpoch,
  emptyLog,
  endOffsetForEpoch,
  loseUnflushed,
  type PartitionLog,
  truncateTo,
} from '../../src/protocols/kafka/log.ts';
import { type EpochEntry, type LogRecord, undefinedEpoch, undefinedOffset } from '../../src/protocols/kafka/messages.ts';

/**
 * `npm run mutate -- --protocols raft` (say) restricts every hunt to those protocols; the log's
 * contract checks are Kafka's, so they are skipped then, as Kafka's hunts are.
 */
const only = process.env.FAULTLINE_MUTATION_PROTOCOLS?.split(',').filter((name) => name !== '');

/**
 * `FAULTLINE_MUTATION_HUNTS_ONLY=1` leaves these checks out, for issue 18's kill criterion (a hunt):
 * Stryker stops at the first failing test, so a run with them cannot tell what the hunts alone kill.
 */
const huntsOnly = process.env.FAULTLINE_MUTATION_HUNTS_ONLY === '1';

function record(epoch: number, sequence: number): LogRecord {
  return { epoch, value: sequence, producerId: 0, sequence };
}

function entry(epoch: number, startOffset: number): EpochEntry {
  return { epoch, startOffset };
}

/** A log of records of these epochs, the first `flushedLength` fsynced, its cache built from them. */
function logOf(epochs: readonly number[], flushedLength: number, extra: readonly EpochEntry[] = []): PartitionLog {
  const records = epochs.map((epoch, offset) => record(epoch, offset));
  const epochCache: EpochEntry[] = [];
  for (const [offset, epoch] of epochs.entries()) if (epochCache.at(-1)?.epoch !== epoch) epochCache.push(entry(epoch, offset));
  return { records, flushedLength, epochCache: [...epochCache, ...extra], checkpointedHighWatermark: 0 };
}

describe.skipIf(huntsOnly || (only !== undefined && !only.includes('kafka')))('kafka log contract', () => {
  it('log.flush.interval.messages: fsync once that many records are unflushed; 0 never', () => {
    const one = [record(1, 0)];
    const two = [record(1, 0), record(1, 1)];
    // Interval 2: one record waits, the second makes the flush due (the whole log is fsynced).
    expect(appendRecords(emptyLog, one, 2).flushedLength).toBe(0);
    expect(appendRecords(appendRecords(emptyLog, one, 2), [record(1, 1)], 2).flushedLength).toBe(2);
    expect(appendRecords(emptyLog, two, 2).flushedLength).toBe(2);
    // Counted from the last flush, not from the log start.
    expect(appendRecords(logOf([1, 1, 1], 3), one, 2).flushedLength).toBe(3);
    expect(appendRecords(logOf([1, 1, 1], 2), one, 2).flushedLength).toBe(4);
    // Interval 1: every append; interval 0 (Kafka's default): never, the OS decides.
    expect(appendRecords(emptyLog, one, 1).flushedLength).toBe(1);
    expect(appendRecords(emptyLog, two, 0).flushedLength).toBe(0);
    expect(appendRecords(logOf([1], 1), two, 0).flushedLength).toBe(1);
    expect(appendRecords(emptyLog, two, 3).flushedLength).toBe(0);
  });

  it('LeaderEpochFileCache.assign: an epoch starts once; later entries without records give way', () => {
    const cache = [entry(1, 0), entry(3, 4)];
    // The latest epoch again, from a later offset: nothing changes (no caller asks; Kafka's isUpdateNeeded).
    expect(assignEpoch(cache, 3, 6)).toEqual(cache);
    // A newer epoch: appended.
    expect(assignEpoch(cache, 5, 6)).toEqual([...cache, entry(5, 6)]);
    // An older epoch, or one starting before the latest entry: the entries it overtakes go.
    expect(assignEpoch(cache, 2, 4)).toEqual([entry(1, 0), entry(2, 4)]);
    expect(assignEpoch(cache, 2, 2)).toEqual([entry(1, 0), entry(2, 2)]);
    expect(assignEpoch(cache, 4, 2)).toEqual([entry(1, 0), entry(4, 2)]);
    expect(assignEpoch(cache, 0, 0)).toEqual([entry(0, 0)]);
    expect(assignEpoch(cache, 1, 0)).toEqual([entry(1, 0)]);
    expect(assignEpoch([], 2, 0)).toEqual([entry(2, 0)]);
  });

  it('UnifiedLog.truncateTo: records from the offset on go, with the epoch entries starting there or later', () => {
    const log = logOf([1, 1, 2, 2, 3], 4);
    const cut = truncateTo(log, 2);
    expect(cut.records).toEqual(log.records.slice(0, 2));
    expect(cut.epochCache).toEqual([entry(1, 0)]);
    expect(cut.flushedLength).toBe(2);
    // Cutting above the flushed part leaves it as it was.
    expect(truncateTo(logOf([1, 1, 2, 2, 3], 1), 3).flushedLength).toBe(1);
    expect(truncateTo(log, 3).epochCache).toEqual([entry(1, 0), entry(2, 2)]);
    // At or past the log end: no record goes, but entries starting at the log end do.
    const withEntryAtEnd = logOf([1, 1], 2, [entry(4, 2)]);
    for (const offset of [2, 3, 9]) {
      const truncated = truncateTo(withEntryAtEnd, offset);
      expect(truncated.records).toEqual(withEntryAtEnd.records);
      expect(truncated.epochCache).toEqual([entry(1, 0)]);
    }
    expect(truncateTo(logOf([], 0, [entry(4, 0)]), 0).epochCache).toEqual([]);
    expect(truncateTo(logOf([], 0, [entry(4, 0)]), 5).epochCache).toEqual([]);
    expect(truncateTo(log, -1).records).toEqual([]);
  });

  it('a power loss keeps the fsynced records and the epoch entries they reach', () => {
    const log = logOf([1, 1, 1, 3, 3], 2, [entry(5, 5)]);
    const lost = loseUnflushed(log);
    expect(lost.records).toEqual(log.records.slice(0, 2));
    expect(lost.epochCache).toEqual([entry(1, 0)]);
    expect(lost.flushedLength).toBe(2);
    expect(loseUnflushed(logOf([1, 1, 2], 1)).epochCache).toEqual([entry(1, 0)]);
    const flushed = logOf([1, 2], 2);
    expect(loseUnflushed(flushed)).toEqual(flushed);
    expect(loseUnflushed(logOf([1, 2], 0)).records).toEqual([]);
  });

  it("KIP-279's end offset of an epoch: the log end for the latest, else where the next known epoch starts", () => {
    const cache = [entry(1, 0), entry(3, 4), entry(6, 7)];
    expect(endOffsetForEpoch(cache, 9, 6)).toEqual({ epoch: 6, endOffset: 9 });
    expect(endOffsetForEpoch(cache, 9, 3)).toEqual({ epoch: 3, endOffset: 7 });
    expect(endOffsetForEpoch(cache, 9, 1)).toEqual({ epoch: 1, endOffset: 4 });
    // An unknown epoch between known ones: the largest known below it, ending where the next starts.
    expect(endOffsetForEpoch(cache, 9, 2)).toEqual({ epoch: 1, endOffset: 4 });
    expect(endOffsetForEpoch(cache, 9, 5)).toEqual({ epoch: 3, endOffset: 7 });
    // Older than every known epoch: the requested epoch, ending where the oldest known starts.
    expect(endOffsetForEpoch([entry(2, 3)], 5, 1)).toEqual({ epoch: 1, endOffset: 3 });
    // Newer than every known epoch, UNDEFINED asked, or nothing known: UNDEFINED.
    const unknown = { epoch: undefinedEpoch, endOffset: undefinedOffset };
    expect(endOffsetForEpoch(cache, 9, 7)).toEqual(unknown);
    expect(endOffsetForEpoch(cache, 9, undefinedEpoch)).toEqual(unknown);
    expect(endOffsetForEpoch([], 0, 2)).toEqual(unknown);
    expect(endOffsetForEpoch([], 0, undefinedEpoch)).toEqual(unknown);
  });
});
