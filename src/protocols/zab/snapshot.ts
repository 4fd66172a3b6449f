/**
 * ZooKeeper's persistence (FileTxnSnapLog): the transaction log and the snapshots of the data tree.
 *
 * - Logging: every logged transaction goes to disk at the next flush and counts toward the next
 *   snapshot; once a server has logged more than half of `snapshotIntervalTransactions` plus a
 *   random roll below the other half (SyncRequestProcessor's `snapCount / 2 + randRoll`), the next
 *   transaction it applies starts a snapshot, unless one is still being written ("too busy to snap").
 * - A snapshot is named by the server's applied point as it begins and written over a tick: the
 *   session table at once, the znodes when the tick comes (fuzzy: transactions applied meanwhile are
 *   in them). Until then the file is invalid; a crash leaves it so.
 * - Restore: the latest valid snapshot, then the log after its zxid. ZooKeeper's transactions carry
 *   their outcome, so replaying one whose effect is already in the znodes is harmless; faultline's
 *   are resolved as they apply, so the restore replays the transactions the znodes already hold only
 *   into the session table (the part written before them), and the rest whole: the same end state.
 */
import { drawInteger } from '../../core/random.ts';
import { applyTxn, initialTree } from './datatree.ts';
import {
  compareZxid,
  snapshotsRetained,
  zeroZxid,
  type Context,
  type DataTree,
  type Durable,
  type SessionRecord,
  type Snapshot,
  type Txn,
  type ZabState,
  type Zxid,
  type Volatile,
} from './types.ts';

/** The roll added to half the interval, and the generator state after it. */
export function drawSnapshotRoll(intervalTransactions: number, random: number): { roll: number; random: number } {
  const half = Math.floor(intervalTransactions / 2);
  const draw = drawInteger(random, 0, Math.max(0, intervalTransactions - half - 1));
  return { roll: draw.value, random: draw.next };
}

/** Appends transactions to the server's log: in memory at once, on disk at the next flush. */
export function appendToLog(state: ZabState, txns: readonly Txn[]): ZabState {
  if (txns.length === 0) return state;
  const volatile = state.volatile;
  const schedule = volatile.snapshotting;
  return {
    durable: state.durable,
    volatile: volatileWith(
      volatile,
      volatile.log.concat(txns),
      volatile.pendingLogWrites.concat(txns),
      { logCount: schedule.logCount + txns.length, roll: schedule.roll, random: schedule.random, writer: schedule.writer },
      volatile.pending,
    ),
  };
}

/** Writes the pending log writes to disk. */
export function flushLog(state: ZabState): ZabState {
  const pending = state.volatile.pendingLogWrites;
  if (pending.length === 0) return state;
  const d = state.durable;
  const v = state.volatile;
  return {
    durable: { acceptedEpoch: d.acceptedEpoch, currentEpoch: d.currentEpoch, log: d.log.concat(pending), snapshots: d.snapshots, boots: d.boots },
    volatile: volatileWith(v, v.log, [], v.snapshotting, v.pending),
  };
}

export function isValidSnapshot(snapshot: Snapshot): boolean {
  return snapshot.nodes !== null;
}

/** The snapshot files after one more is added: the newest valid ones, then it. */
export function withSnapshotFile(snapshots: readonly Snapshot[], added: Snapshot): readonly Snapshot[] {
  const kept: Snapshot[] = [];
  for (const snapshot of snapshots) if (isValidSnapshot(snapshot)) kept.push(snapshot);
  return [...kept.slice(-(snapshotsRetained - (isValidSnapshot(added) ? 1 : 0))), added];
}

/**
 * Starts a snapshot after the server applied transactions, if one is due. `tree` is the tree after
 * them; `sessionsBefore` the session table before the last of them (what the ZOOKEEPER-3144 race
 * writes: the zxid already moved, the session change not yet made).
 */
export function maybeStartSnapshot(context: Context, state: ZabState, sessionsBefore: DataTree['sessions']): ZabState {
  const volatile = state.volatile;
  const snapshotting = volatile.snapshotting;
  const interval = context.config.snapshotIntervalTransactions;
  // Stryker disable next-line all: equivalent, the log is never purged, so how often snapshots start moves only where a restart starts replaying, not what it restores
  if (snapshotting.logCount <= Math.floor(interval / 2) + snapshotting.roll) return state;
  const { roll, random } = drawSnapshotRoll(interval, snapshotting.random);
  // Stryker disable next-line all: equivalent, the log is never purged, so whether a snapshot due while another is written is skipped or started over moves only where a restart starts replaying
  if (snapshotting.writer !== null) {
    const skipped = volatileDraft(volatile);
    skipped.snapshotting = { logCount: 0, roll, random, writer: snapshotting.writer };
    return { durable: state.durable, volatile: skipped };
  }
  const tree = volatile.tree;
  const snapshot: Snapshot = {
    zxid: tree.zxid,
    history: volatile.log.slice(0, volatile.committedCount),
    sessions: context.rules.snapshotSessionsMatchZxid ? tree.sessions : sessionsBefore,
    nodes: null,
  };
  const started = volatileDraft(volatile);
  started.snapshotting = { logCount: 0, roll, random, writer: { frozen: context.config.fuzzySnapshots ? null : tree } };
  return { durable: durableWithSnapshots(state.durable, withSnapshotFile(state.durable.snapshots, snapshot)), volatile: started };
}

/** Finishes the snapshot being written: the znodes as they are now (fuzzy) or as they were when it began. */
export function completeSnapshot(state: ZabState): ZabState {
  const writer = state.volatile.snapshotting.writer;
  const snapshots = state.durable.snapshots;
  const writing = snapshots[snapshots.length - 1];
  if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;
  const written: Snapshot = { ...writing, nodes: writer.frozen ?? state.volatile.tree };
  const volatile = volatileDraft(state.volatile);
  const schedule = volatile.snapshotting;
  volatile.snapshotting = { logCount: schedule.logCount, roll: schedule.roll, random: schedule.random, writer: null };
  return { durable: durableWithSnapshots(state.durable, withSnapshotFile(snapshots.slice(0, -1), written)), volatile };
}

/** The session table after one transaction, as `applyTxn` changes it; `lastOperation` tracks each client's last request for duplicates. */
function sessionsAfter(sessions: readonly SessionRecord[], txn: Txn, lastOperation: number[]): readonly SessionRecord[] {
  const body = txn.body;
  switch (body.kind) {
    case 'sync':
      return sessions;
    case 'closeSession': {
      const session = sessions[body.clientId];
      if (!session?.alive || session.incarnation !== body.session) return sessions;
      return sessions.with(body.clientId, { incarnation: session.incarnation, alive: false });
    }
    case 'client': {
      if ((lastOperation[body.clientId] ?? -1) >= body.operationId) return sessions;
      lastOperation[body.clientId] = body.operationId;
      const session = sessions[body.clientId] ?? { incarnation: 0, alive: false };
      if (session.alive || body.session !== session.incarnation + 1) return sessions;
      return sessions.with(body.clientId, { incarnation: body.session, alive: true });
    }
  }
}

/** Applies `log[from..to)` to a tree. */
export function applyRange(tree: DataTree, log: readonly Txn[], from: number, to: number): DataTree {
  let result = tree;
  for (let index = from; index < to; index++) {
    const txn = log[index];
    if (txn) result = applyTxn(result, txn).tree;
  }
  return result;
}

export interface Restored {
  /** The history: what the snapshot reflects, then the log after it. */
  readonly log: readonly Txn[];
  /** Entries of `log` the snapshot holds (they were applied, so committed). */
  readonly committedCount: number;
  readonly committedZxid: Zxid;
  readonly tree: DataTree;
}

/** What a restarting server loads: the latest valid snapshot, made consistent by the log after its zxid, then the rest of the log. */
export function restoreDatabase(context: Context, durable: Durable): Restored {
  let snapshot: Snapshot | null = null;
  for (let index = durable.snapshots.length - 1; index >= 0 && snapshot === null; index--) {
    const candidate = durable.snapshots[index] as Snapshot;
    if (isValidSnapshot(candidate)) snapshot = candidate;
  }
  if (snapshot === null || snapshot.nodes === null) {
    return { log: durable.log, committedCount: 0, committedZxid: zeroZxid, tree: initialTree(context.config.clientCount) };
  }
  const nodes = snapshot.nodes;
  const log = snapshot.history.slice();
  const lastOperation: number[] = [];
  for (const txn of log) {
    const body = txn.body;
    if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);
  }
  let sessions = snapshot.sessions;
  let committedZxid = snapshot.zxid;
  let committedCount = log.length;
  for (const txn of durable.log) {
    if (compareZxid(txn.zxid, log.length === 0 ? zeroZxid : (log[log.length - 1] as Txn).zxid) <= 0) continue;
    log.push(txn);
    if (compareZxid(txn.zxid, nodes.zxid) <= 0) {
      // Already in the znodes (the fuzzy part): only the session table lacks it.
      sessions = sessionsAfter(sessions, txn, lastOperation);
      committedZxid = txn.zxid;
      committedCount = log.length;
    }
  }
  return { log, committedCount, committedZxid, tree: sessions === nodes.sessions ? nodes : { ...nodes, sessions } };
}

/** A volatile state's copy for the caller to change before anybody sees it, field by field in one fixed order (a spread of it with changed fields takes V8's slow path). */
export function volatileDraft(v: Volatile): { -readonly [Key in keyof Volatile]: Volatile[Key] } {
  return {
    round: v.round,
    log: v.log,
    pendingLogWrites: v.pendingLogWrites,
    snapshotting: v.snapshotting,
    treeLoads: v.treeLoads,
    committedZxid: v.committedZxid,
    committedCount: v.committedCount,
    replayedZxid: v.replayedZxid,
    tree: v.tree,
    pending: v.pending,
    watches: v.watches,
    watchEvents: v.watchEvents,
    watchEventCount: v.watchEventCount,
    role: v.role,
  };
}

/** The durable state with other snapshot files. */
function durableWithSnapshots(d: ZabState['durable'], snapshots: ZabState['durable']['snapshots']): ZabState['durable'] {
  return { acceptedEpoch: d.acceptedEpoch, currentEpoch: d.currentEpoch, log: d.log, snapshots, boots: d.boots };
}

export function volatileWith(
  v: Volatile,
  log: Volatile['log'],
  pendingLogWrites: Volatile['pendingLogWrites'],
  snapshotting: Volatile['snapshotting'],
  pending: Volatile['pending'],
): Volatile {
  return {
    round: v.round,
    log,
    pendingLogWrites,
    snapshotting,
    treeLoads: v.treeLoads,
    committedZxid: v.committedZxid,
    committedCount: v.committedCount,
    replayedZxid: v.replayedZxid,
    tree: v.tree,
    pending,
    watches: v.watches,
    watchEvents: v.watchEvents,
    watchEventCount: v.watchEventCount,
    role: v.role,
  };
}
