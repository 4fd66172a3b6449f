/**
 * A replica's log of one partition as it sits on disk: records (the first `flushedLength` of them
 * fsynced, the rest only in the page cache), the leader epoch cache (its checkpoint file is
 * fsynced on every change) and the high-watermark checkpoint. Pure functions, no copies of
 * anything that does not change.
 */
import { undefinedEpoch, undefinedOffset, type EpochEntry, type LogRecord } from './messages.ts';

export interface PartitionLog {
  readonly records: readonly LogRecord[];
  /** Records [0, flushedLength) are fsynced; the rest survive a process crash but not a power loss. */
  readonly flushedLength: number;
  readonly epochCache: readonly EpochEntry[];
  /** The high watermark as of the last periodic checkpoint (possibly stale). */
  readonly checkpointedHighWatermark: number;
}

export const emptyLog: PartitionLog = { records: [], flushedLength: 0, epochCache: [], checkpointedHighWatermark: 0 };

export function latestEpoch(cache: readonly EpochEntry[]): number {
  return cache.length === 0 ? undefinedEpoch : (cache[cache.length - 1] as EpochEntry).epoch;
}

/**
 * Records that `epoch` starts at `startOffset`. Entries of later epochs that never got a record
 * (a leader assigns its epoch at its log end on election) give way to it, as in Kafka's
 * LeaderEpochFileCache.assign.
 */
export function assignEpoch(cache: readonly EpochEntry[], epoch: number, startOffset: number): readonly EpochEntry[] {
  let kept = cache.length;
  while (kept > 0) {
    const last = cache[kept - 1] as EpochEntry;
    if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;
    else break;
  }
  const trimmed = kept === cache.length ? cache : cache.slice(0, kept);
  if (latestEpoch(trimmed) === epoch) return trimmed;
  return [...trimmed, { epoch, startOffset }];
}

/** Appends records (as leader or follower), updating the epoch cache and flushing per `log.flush.interval.messages`. */
export function appendRecords(log: PartitionLog, records: readonly LogRecord[], flushIntervalMessages: number): PartitionLog {
  if (records.length === 0) return log;
  let epochCache = log.epochCache;
  let offset = log.records.length;
  for (const record of records) {
    if (record.epoch !== latestEpoch(epochCache)) epochCache = assignEpoch(epochCache, record.epoch, offset);
    offset++;
  }
  const all = [...log.records, ...records];
  const flushedLength = flushIntervalMessages > 0 && all.length - log.flushedLength >= flushIntervalMessages ? all.length : log.flushedLength;
  // Field by field, in the key order of every log (object spread was a hot spot).
  return { records: all, flushedLength, epochCache, checkpointedHighWatermark: log.checkpointedHighWatermark };
}

/**
 * Removes records from `offset` on, with the epoch entries that start there or later. Like Kafka's
 * `UnifiedLog.truncateTo`, a truncation at or past the log end still drops epoch entries that start
 * at the log end: a broker that became leader and appended nothing before losing leadership keeps
 * such an entry, and a follower whose latest epoch the leader never had asks about it forever
 * (OffsetsForLeaderEpoch answers an older epoch, the truncation removes nothing, the follower asks
 * again) and never rejoins the ISR. Found by the `isr-recovers` property (docs/mutation.md).
 */
export function truncateTo(log: PartitionLog, offset: number): PartitionLog {
  const target = Math.max(0, offset);
  if (target >= log.records.length) {
    const end = log.records.length;
    if (!log.epochCache.some((entry) => entry.startOffset >= end)) return log;
    return { ...log, epochCache: log.epochCache.filter((entry) => entry.startOffset < end) };
  }
  return {
    ...log,
    records: log.records.slice(0, target),
    flushedLength: Math.min(log.flushedLength, target),
    epochCache: log.epochCache.filter((entry) => entry.startOffset < target),
  };
}

/** What a power loss leaves: the fsynced records and the epoch entries they still reach. */
export function loseUnflushed(log: PartitionLog): PartitionLog {
  if (log.flushedLength === log.records.length) return log;
  const length = log.flushedLength;
  return {
    ...log,
    records: log.records.slice(0, length),
    epochCache: log.epochCache.filter((entry) => entry.startOffset <= length),
  };
}

export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}

/**
 * The end offset of `requestedEpoch` in a log, as KIP-279 defines it: for the latest epoch, the
 * log end; otherwise the largest known epoch <= the requested one, ending where the next known
 * epoch starts. Unknown (UNDEFINED) when the requested epoch is newer than every epoch known.
 */
export function endOffsetForEpoch(cache: readonly EpochEntry[], logEndOffset: number, requestedEpoch: number): EpochEndOffset {
  if (requestedEpoch === undefinedEpoch) return { epoch: undefinedEpoch, endOffset: undefinedOffset };
  if (cache.length > 0 && latestEpoch(cache) === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
  const higher = cache.find((entry) => entry.epoch > requestedEpoch);
  if (!higher) return { epoch: undefinedEpoch, endOffset: undefinedOffset };
  let floor: EpochEntry | undefined;
  for (const entry of cache) if (entry.epoch <= requestedEpoch) floor = entry;
  return floor ? { epoch: floor.epoch, endOffset: higher.startOffset } : { epoch: requestedEpoch, endOffset: higher.startOffset };
}

/**
 * KIP-101 as first shipped (Kafka 0.11 to 1.1): only an offset, the start of the first epoch after
 * the requested one, with no word about which epoch that offset ended; UNDEFINED when the
 * requested epoch is older than the oldest known or newer than every known one.
 */
// Stryker disable all: only the epoch-fallback-to-hw variant runs this; the correct model never does
export function legacyEndOffsetForEpoch(cache: readonly EpochEntry[], logEndOffset: number, requestedEpoch: number): EpochEndOffset {
  if (requestedEpoch === undefinedEpoch) return { epoch: undefinedEpoch, endOffset: undefinedOffset };
  if (cache.length > 0 && latestEpoch(cache) === requestedEpoch) return { epoch: undefinedEpoch, endOffset: logEndOffset };
  const first = cache[0];
  const higher = cache.find((entry) => entry.epoch > requestedEpoch);
  if (!higher || !first || requestedEpoch < first.epoch) return { epoch: undefinedEpoch, endOffset: undefinedOffset };
  return { epoch: undefinedEpoch, endOffset: higher.startOffset };
}
// Stryker restore all

/**
 * Same record as a consumer sees it: same producer, sequence and value. The leader epoch is
 * metadata; a retry re-appended by a later leader at the same offset is the same record.
 */
export function sameRecord(left: LogRecord | undefined, right: LogRecord | undefined): boolean {
  if (left === right) return true;
  if (!left || !right) return false;
  return left.producerId === right.producerId && left.sequence === right.sequence && left.value === right.value;
}
