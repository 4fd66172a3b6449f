/**
 * Bugs in the correct models that mutation testing led to (docs/mutation.md), kept fixed.
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { truncateTo } from '../src/protocols/kafka/log.ts';

describe('kafka: a follower whose latest epoch starts at its log end still rejoins the ISR', () => {
  it('truncating at the log end drops epoch entries that start there, as UnifiedLog.truncateTo does', () => {
    const log = {
      records: [{ epoch: 0, value: 5, producerId: 0, sequence: 2 }],
      flushedLength: 0,
      epochCache: [
        { epoch: 0, startOffset: 0 },
        { epoch: 7, startOffset: 1 },
      ],
      checkpointedHighWatermark: 1,
    };
    expect(truncateTo(log, 1).epochCache).toEqual([{ epoch: 0, startOffset: 0 }]);
    expect(truncateTo(log, 1).records).toEqual(log.records);
    const clean = { ...log, epochCache: [{ epoch: 0, startOffset: 0 }] };
    expect(truncateTo(clean, 1)).toBe(clean);
  });

  it('after broker 1 leads partition 2 without appending and loses it, healing brings it back into the ISR', () => {
    // Found by isr-recovers (hunt seed 6, three partitions): broker 1 kept an epoch-7 entry at its
    // log end, asked the leader about epoch 7 forever and never fetched again.
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'tick', node: 3 },
        { kind: 'crash', node: 0, loseUnflushed: false },
        { kind: 'tick', node: 3 },
        { kind: 'tick', node: 3 },
        { kind: 'tick', node: 2 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'tick', node: 3 },
        { kind: 'deliver', message: 0 },
        { kind: 'client', node: 1, client: 0, operation: { type: 'produce', partition: 2, value: 0 } },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 5 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'tick', node: 1 },
        { kind: 'tick', node: 3 },
        { kind: 'deliver', message: 2 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 3 },
        { kind: 'deliver', message: 11 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 8 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 1 },
        { kind: 'deliver', message: 6 },
        { kind: 'tick', node: 3 },
        { kind: 'tick', node: 3 },
        { kind: 'tick', node: 2 },
        { kind: 'tick', node: 3 },
      ],
    };
    const result = new Simulator(setupOrThrow(kafka, 'correct', { partitionCount: 3 })).run(schedule);
    expect(result.violation).toBeNull();
  });
});
