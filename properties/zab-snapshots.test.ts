/**
 * ZAB's snapshots: a server snapshots its tree while transactions keep applying (fuzzy), a restart
 * loads the latest valid snapshot and replays the log after it, a power loss mid-snapshot leaves an
 * invalid file that the restart skips, and SNAP ships the leader's snapshot with the transactions
 * after it. The correct model survives short hunts with snapshots on. (The snapshot bug variants
 * are hunted in zab-variants.test.ts with the others.)
 */
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { hunt } from '../src/hunt/hunt.ts';
import { counterexampleReport, expectSurvives, setupOrThrow } from '../src/hunt/testing.ts';
import { replay } from '../src/protocols/zab/datatree.ts';
import { zab } from '../src/protocols/zab/index.ts';
import type { Operation, ZabState } from '../src/protocols/zab/types.ts';

/** One server, two clients, a snapshot every two logged transactions (half of 2, roll 0). */
const standalone = setupOrThrow(zab, 'correct', { nodeCount: 1, clientCount: 2, snapshotIntervalTransactions: 2 });
const tick: ScheduleEvent = { kind: 'tick', node: 0 };
const write = (client: number, path: string): ScheduleEvent[] => [
  { kind: 'client', node: 0, client, operation: { type: 'create', path, data: String(client), sequential: false } satisfies Operation },
  tick,
];

function serverAfter(events: readonly ScheduleEvent[]): ZabState {
  const schedule: Schedule = { randomSeed: 0, events };
  const result = new Simulator(standalone).run(schedule, { livenessPhase: false });
  expect(result.violation).toBeNull();
  return (result.world.nodes[0] as { state: ZabState }).state;
}

describe('zab snapshots on one server', () => {
  it('a fuzzy snapshot holds a transaction applied while it was written; the restart replays it into the session table', () => {
    // 1:1 and 1:2 by client 0; the second starts a snapshot named 1:2. Client 1's first write (1:3,
    // which opens its session) applies before the snapshot's znodes are written at the next tick.
    const beforeCrash = serverAfter([...write(0, '/a'), ...write(0, '/b'), ...write(1, '/e')]);
    const [snapshot] = beforeCrash.durable.snapshots;
    expect(snapshot?.zxid).toEqual({ epoch: 1, counter: 2 });
    expect(snapshot?.nodes?.zxid).toEqual({ epoch: 1, counter: 3 });
    expect(snapshot?.sessions[1]?.alive).toBe(false);
    expect(snapshot?.nodes?.nodes.has('/e')).toBe(true);

    const restarted = serverAfter([
      ...write(0, '/a'),
      ...write(0, '/b'),
      ...write(1, '/e'),
      { kind: 'crash', node: 0, loseUnflushed: true },
      { kind: 'restart', node: 0 },
    ]);
    expect(restarted.durable.boots).toBe(1);
    expect(restarted.volatile.committedCount).toBe(3);
    expect(restarted.volatile.tree.sessions[1]).toEqual({ incarnation: 1, alive: true });
    expect(restarted.volatile.tree).toEqual(replay(2, restarted.volatile.log, 3));
  });

  it('a power loss mid-snapshot leaves an invalid file; the restart skips it for the older valid snapshot and the log', () => {
    // Snapshot 1:2 completes at the third tick; 1:4 starts snapshot 1:4, and the power goes before it is written.
    const events = [...write(0, '/a'), ...write(0, '/b'), ...write(1, '/e'), ...write(1, '/a/x')];
    const writing = serverAfter(events);
    expect(writing.volatile.snapshotting.writer).not.toBeNull();
    expect(writing.durable.snapshots.map((snapshot) => [snapshot.zxid.counter, snapshot.nodes === null])).toEqual([
      [2, false],
      [4, true],
    ]);
    const restarted = serverAfter([...events, { kind: 'crash', node: 0, loseUnflushed: true }, { kind: 'restart', node: 0 }]);
    // The invalid file stays on disk, skipped: the tree comes from snapshot 1:2 (znodes to 1:3) and the log.
    expect(restarted.durable.snapshots.at(-1)?.nodes).toBeNull();
    expect(restarted.volatile.committedCount).toBe(3);
    expect(restarted.volatile.log.map((txn) => txn.zxid.counter)).toEqual([1, 2, 3, 4]);
    expect(restarted.volatile.tree).toEqual(replay(2, restarted.volatile.log, 3));
    // With no valid snapshot at all, the whole log is replayed from the empty tree.
    const firstOnly = serverAfter([
      ...write(0, '/a'),
      ...write(0, '/b'),
      { kind: 'crash', node: 0, loseUnflushed: true },
      { kind: 'restart', node: 0 },
    ]);
    expect(firstOnly.durable.snapshots.map((snapshot) => snapshot.nodes)).toEqual([null]);
    expect(firstOnly.volatile.committedCount).toBe(0);
    expect(firstOnly.volatile.log.map((txn) => txn.zxid.counter)).toEqual([1, 2]);
  });
});

describe('zab snapshots under hunts', () => {
  it('the correct model survives with fuzzy snapshots every two transactions, SNAP for any lagging follower, and with consistent snapshots', () => {
    const frequent = setupOrThrow(zab, 'correct', { snapshotIntervalTransactions: 2, committedLogWindowTransactions: 1, workload: 'writes' });
    const result = hunt(frequent, { runs: 400, seed: 31, now: () => performance.now() });
    if (result.finding) throw new Error(counterexampleReport(frequent, result.finding.schedule));
    expect(result.coverage['fuzzy-snapshot']).toBeGreaterThan(0);
    expectSurvives(setupOrThrow(zab, 'correct', { fuzzySnapshots: false, snapshotIntervalTransactions: 2 }), { runs: 300, seed: 32 });
  });
});
