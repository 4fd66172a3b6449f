/**
 * Types of the ZAB model: zxids, transactions, the client workload, the one message union and the
 * node state. Kept apart from the step functions so that every file of the protocol can share
 * them without import cycles.
 */
import type { NodeContext, NodeId, NodeState } from '../../core/types.ts';

/** A transaction id as ZooKeeper writes it: the leader's epoch, then a counter within the epoch. */
export interface Zxid {
  readonly epoch: number;
  readonly counter: number;
}

export const zeroZxid: Zxid = { epoch: 0, counter: 0 };

export function compareZxid(a: Zxid, b: Zxid): number {
  return a.epoch !== b.epoch ? a.epoch - b.epoch : a.counter - b.counter;
}

export function sameZxid(a: Zxid, b: Zxid): boolean {
  return a.epoch === b.epoch && a.counter === b.counter;
}

export function formatZxid(zxid: Zxid): string {
  return `${zxid.epoch}:${zxid.counter}`;
}

export function maxZxid(a: Zxid, b: Zxid): Zxid {
  return compareZxid(a, b) >= 0 ? a : b;
}

/** Which workload the hunt draws from: everything, only plain writes and reads, the controller recipe, or reads that watch and writes that fire them. */
export type WorkloadName = 'mixed' | 'writes' | 'controller' | 'watches';

export interface ZabConfig {
  /** ZooKeeper servers in the ensemble (the quorum is a majority of them). */
  readonly nodeCount: number;
  readonly clientCount: number;
  /** A follower that hears nothing from its leader for this many ticks goes back to election (ZooKeeper's syncLimit). */
  readonly followerTimeoutTicks: number;
  /** A leader without a quorum of live followers for this many ticks steps down; also bounds discovery and synchronization (initLimit). */
  readonly leaderTimeoutTicks: number;
  /** A session whose client the leader has not heard from for this many leader ticks expires. */
  readonly sessionTimeoutTicks: number;
  /** The leader can DIFF a follower only from within its last this-many transactions; older followers get a SNAP. */
  readonly committedLogWindowTransactions: number;
  /**
   * ZooKeeper's snapCount: a server starts a snapshot once it has logged more than half this many
   * transactions since the last one plus a random roll below the other half (so that servers do not
   * all snapshot at once).
   */
  readonly snapshotIntervalTransactions: number;
  /** `true`: a snapshot is fuzzy as ZooKeeper's: sessions written as it starts, znodes one tick later while transactions keep applying. `false`: a consistent copy of the tree as it started. */
  readonly fuzzySnapshots: boolean;
  /** ZAB assumes FIFO connections (TCP). `false` runs it over a reordering, duplicating network: the assumption violated. */
  readonly fifoAssumption: boolean;
  /** `false`: sync is answered by the leader without a quorum round, as ZooKeeper does; `true`: sync is a ZAB proposal. */
  readonly quorumSync: boolean;
  readonly workload: WorkloadName;
  /** Configurations the linearizability checker may explore per run; beyond it the verdict is unknown. */
  readonly linearizabilityConfigurationsMax: number;
}

export const defaultZabConfig: ZabConfig = {
  nodeCount: 3,
  clientCount: 3,
  followerTimeoutTicks: 3,
  leaderTimeoutTicks: 4,
  sessionTimeoutTicks: 4,
  committedLogWindowTransactions: 4,
  snapshotIntervalTransactions: 4,
  fuzzySnapshots: true,
  fifoAssumption: true,
  quorumSync: false,
  workload: 'mixed',
  linearizabilityConfigurationsMax: 100_000,
};

/** Paths of the workload: two persistent znodes, an ephemeral one, and the recipes' znodes. */
export const dataPaths = ['/a', '/b', '/e'] as const;
export const ephemeralPath = '/e';
export const electionPath = '/election';
export const controllerPath = '/controller';
export const controllerEpochPath = '/controller_epoch';
export const statePath = '/state';

/** A client operation as the workload issues it. */
export type Operation =
  /** `ephemeral` is set only by embedding protocols (Kafka's broker registrations); the workload's ephemeral znode is the one at /e. */
  | { readonly type: 'create'; readonly path: string; readonly data: string; readonly sequential: boolean; readonly ephemeral?: boolean }
  | { readonly type: 'delete'; readonly path: string; readonly version: number }
  | { readonly type: 'setData'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly type: 'getData'; readonly path: string; readonly watch: boolean }
  | { readonly type: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly type: 'getChildren'; readonly path: string; readonly watch: boolean }
  /** sync followed by getData at the same server, the way applications ask for a fresh read. */
  | { readonly type: 'syncRead'; readonly path: string }
  /** Leader-election recipe: create an ephemeral sequential znode under /election (once per session) and check whether it is the lowest. */
  | { readonly type: 'elect' }
  /** Kafka's controller election: create the ephemeral /controller and bump /controller_epoch in one multi. */
  | { readonly type: 'controllerElect' }
  /** A controller's write to /state, fenced by the /controller_epoch version it was elected with. */
  | { readonly type: 'controllerAct'; readonly value: string };

export type WriteOperationType = 'create' | 'delete' | 'setData' | 'elect' | 'controllerElect' | 'controllerAct';
export type ReadOperationType = 'getData' | 'exists' | 'getChildren';

export function isWrite(operation: Operation): boolean {
  switch (operation.type) {
    case 'create':
    case 'delete':
    case 'setData':
    case 'elect':
    case 'controllerElect':
    case 'controllerAct':
      return true;
    default:
      return false;
  }
}

/** A write as the server resolved it before sending it to the leader (what it read locally is part of it). */
export type TxnOperation =
  | { readonly type: 'create'; readonly path: string; readonly data: string; readonly sequential: boolean; readonly ephemeral: boolean }
  | { readonly type: 'delete'; readonly path: string; readonly version: number }
  | { readonly type: 'setData'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly type: 'elect' }
  /** `expectedEpochVersion` is the /controller_epoch version the server read (-1: absent), checked in the multi. */
  | { readonly type: 'controllerElect'; readonly expectedEpochVersion: number }
  /** `believedEpoch` is the epoch the client was elected with; `fenced` is false only in the `no-controller-epoch` variant. */
  | { readonly type: 'controllerAct'; readonly value: string; readonly believedEpoch: number; readonly fenced: boolean };

export type TxnBody =
  | {
      readonly kind: 'client';
      readonly clientId: number;
      readonly operationId: number;
      /** The session incarnation the leader believed live, or the next one (the client library reconnects with a new session). */
      readonly session: number;
      readonly operation: TxnOperation;
    }
  | { readonly kind: 'closeSession'; readonly clientId: number; readonly session: number }
  /** With `quorumSync`, a sync is a proposal of its own. */
  | { readonly kind: 'sync'; readonly clientId: number; readonly operationId: number };

/** A transaction in a log. `proposer` is the leader that proposed it: with the zxid it identifies the transaction. */
export interface Txn {
  readonly zxid: Zxid;
  readonly proposer: NodeId;
  readonly body: TxnBody;
}

export type ZnodeErrorCode = 'no-node' | 'node-exists' | 'no-parent' | 'bad-version' | 'not-empty' | 'bad-arguments';

/** Where and when a reply was produced: the zxid the server had applied, the server and its boot count. */
export interface Served {
  readonly zxid: Zxid;
  readonly servedBy: NodeId;
  readonly boots: number;
}

export type Output =
  | ({ readonly type: 'create'; readonly ok: true; readonly path: string } & Served)
  | ({ readonly type: 'delete'; readonly ok: true } & Served)
  | ({ readonly type: 'setData'; readonly ok: true; readonly version: number } & Served)
  | ({ readonly type: 'getData'; readonly ok: true; readonly data: string; readonly version: number } & Served)
  | ({ readonly type: 'exists'; readonly version: number | null } & Served)
  | ({ readonly type: 'getChildren'; readonly ok: true; readonly children: readonly string[] } & Served)
  | ({ readonly type: 'create' | 'delete' | 'setData' | 'getData' | 'getChildren'; readonly ok: false; readonly error: ZnodeErrorCode } & Served)
  | ({ readonly type: 'syncRead'; readonly data: string | null; readonly version: number | null; readonly leaderEpoch: number } & Served)
  | ({ readonly type: 'elect'; readonly sequence: string; readonly leader: boolean } & Served)
  /** elected: this client is the controller of `epoch`; taken: `controller` already is; stale-epoch: the multi's version check failed. */
  | ({
      readonly type: 'controllerElect';
      readonly result: 'elected' | 'taken' | 'stale-epoch';
      readonly epoch: number;
      readonly controller: number | null;
    } & Served)
  | ({ readonly type: 'controllerAct'; readonly ok: boolean; readonly epoch: number } & Served);

/** A vote in fast leader election: the candidate and the (epoch, zxid) it claims. */
export interface Vote {
  readonly leader: NodeId;
  readonly epoch: number;
  readonly zxid: Zxid;
}

export type ServerState = 'looking' | 'following' | 'leading';

export type SyncMode = 'diff' | 'trunc' | 'snap';

/** One tagged union for every message of the protocol. */
export type Message =
  | { readonly type: 'notification'; readonly state: ServerState; readonly round: number; readonly vote: Vote }
  /**
   * `connection` names the follower's attempt: a follower that gave up and reconnects over the
   * same FIFO link ignores whatever the leader sent for its earlier attempt (a new TCP connection
   * would not carry it).
   */
  | { readonly type: 'followerInfo'; readonly acceptedEpoch: number; readonly connection: number }
  | { readonly type: 'leaderInfo'; readonly epoch: number; readonly connection: number }
  | { readonly type: 'ackEpoch'; readonly currentEpoch: number; readonly lastZxid: Zxid }
  /** DIFF / TRUNC+DIFF / SNAP: `truncateTo` for TRUNC, `snapshot` for SNAP (the leader's tree at its applied point), `entries` to append after either. */
  | {
      readonly type: 'sync';
      readonly mode: SyncMode;
      readonly truncateTo: Zxid | null;
      readonly snapshot: Snapshot | null;
      readonly entries: readonly Txn[];
    }
  | { readonly type: 'newLeader'; readonly epoch: number }
  | { readonly type: 'ackNewLeader'; readonly epoch: number }
  | { readonly type: 'upToDate'; readonly committedZxid: Zxid }
  | { readonly type: 'propose'; readonly txn: Txn }
  | { readonly type: 'ack'; readonly zxid: Zxid }
  | { readonly type: 'commit'; readonly zxid: Zxid }
  | { readonly type: 'ping' }
  /** Clients that talked to the follower since its last ping answer, so the leader keeps their sessions alive. */
  | { readonly type: 'pingAck'; readonly touched: readonly number[] }
  | { readonly type: 'request'; readonly clientId: number; readonly operationId: number; readonly operation: TxnOperation }
  | { readonly type: 'syncRequest'; readonly clientId: number; readonly operationId: number }
  | { readonly type: 'syncReply'; readonly clientId: number; readonly operationId: number; readonly zxid: Zxid };

/** A znode of the replicated data tree. `owner` is the session key of an ephemeral znode. */
export interface Znode {
  readonly data: string;
  readonly version: number;
  readonly childVersion: number;
  readonly childCount: number;
  readonly owner: number | null;
}

export interface SessionRecord {
  readonly incarnation: number;
  readonly alive: boolean;
}

/** What a client was last told for a write: lets a server answer a retried request without applying it twice. */
export interface StoredResult {
  readonly operationId: number;
  readonly reply: { readonly outcome: 'ok'; readonly output: Output } | { readonly outcome: 'fail'; readonly error: string };
}

/** The replicated state machine: ZooKeeper's data tree and session table. */
export interface DataTree {
  readonly nodes: ReadonlyMap<string, Znode>;
  readonly sessions: readonly SessionRecord[];
  readonly results: readonly (StoredResult | null)[];
  /**
   * The controller epoch each client was told it won. This is the client's own memory in Kafka;
   * faultline's clients are stateless, so the model keeps it with the replicated state and a
   * server reads it from its own (possibly stale) copy.
   */
  readonly controllerEpochs: readonly number[];
  readonly zxid: Zxid;
}

export interface Watch {
  readonly clientId: number;
  readonly path: string;
  /** A getChildren watch fires on child changes; a data watch on creation, deletion or setData of the path. */
  readonly children: boolean;
  readonly setAt: Zxid;
}

export interface WatchEvent {
  readonly clientId: number;
  readonly path: string;
  readonly children: boolean;
  readonly zxid: Zxid;
}

/** A client request a server waits on: a write until it applies the transaction, a syncRead until it caught up. */
export interface PendingRequest {
  readonly clientId: number;
  readonly operationId: number;
  readonly kind: 'write' | 'syncRead';
  readonly path: string;
  /** For a syncRead: the zxid the server must have applied before reading; null until the leader answered. */
  readonly target: Zxid | null;
  readonly leaderEpoch: number;
}

/**
 * A snapshot file (ZooKeeper's FileSnap). It is named by `zxid`, the server's applied point when it
 * began, and a restart replays the log after it. ZooKeeper writes the session table first and the
 * znodes after it while transactions keep being applied, so the znodes can be ahead of `zxid`: the
 * snapshot is fuzzy, and the replay of the log from `zxid` makes it consistent.
 */
export interface Snapshot {
  readonly zxid: Zxid;
  /**
   * The transactions it reflects up to `zxid`. ZooKeeper's file has only the zxid (and a digest);
   * faultline keeps the list so that a server's history stays whole for the properties that compare
   * histories. A restart's replay never reads it.
   */
  readonly history: readonly Txn[];
  /** The session table, written as the snapshot began (at `zxid`). */
  readonly sessions: DataTree['sessions'];
  /**
   * The znodes and the model's client tables as the writer found them when it wrote them (the tree's
   * own `zxid` says how far that was): null while the file is being written. A crash before then
   * leaves the file without its end: invalid, and skipped when the server restarts.
   */
  readonly nodes: DataTree | null;
}

export interface Durable {
  /** The epoch this server promised to follow (NEWEPOCH accepted): it never follows an older leader. */
  readonly acceptedEpoch: number;
  /** The epoch of the last leader whose history this server took (NEWLEADER acknowledged). */
  readonly currentEpoch: number;
  /**
   * The transaction log on disk, appended to by flushes and cut by TRUNC. Never purged (ZooKeeper's
   * autopurge is off by default). After a SNAP it lacks what the received snapshot holds.
   */
  readonly log: readonly Txn[];
  /** Snapshot files, oldest first: the newest valid ones (at most `snapshotsRetained`) and at most one invalid or being written. */
  readonly snapshots: readonly Snapshot[];
  /** How many times the server started: tells connections (and watches) of different runs apart. */
  readonly boots: number;
}

export interface LookingRole {
  readonly kind: 'looking';
  readonly vote: Vote;
  /** Votes of this round, per server. */
  readonly votes: readonly (Vote | null)[];
  /** Servers outside the election: the leader each says it follows or is. */
  readonly established: readonly ({ readonly leader: NodeId; readonly leading: boolean } | null)[];
  readonly ticks: number;
}

/** SyncRequestProcessor's snapshot counters, and the snapshot being written. Kept in one field so that the state's many copies stay cheap. */
export interface SnapshotSchedule {
  /** Transactions logged since the last snapshot began. */
  readonly logCount: number;
  /** The random roll added to half the interval. */
  readonly roll: number;
  /** Seeded generator state for the rolls. */
  readonly random: number;
  /** A snapshot is being written (the last file in `durable.snapshots`); for a consistent snapshot, the tree it copies. */
  readonly writer: { readonly frozen: DataTree | null } | null;
}

export type FollowerPhase = 'discovery' | 'synchronization' | 'broadcast';

export interface FollowingRole {
  readonly kind: 'following';
  readonly leader: NodeId;
  /** This attempt to follow `leader` (the election round it came from). */
  readonly connection: number;
  readonly phase: FollowerPhase;
  /** The new epoch once LEADERINFO arrived. */
  readonly epoch: number;
  /** NEWLEADER arrived and will be acknowledged once the log is on disk. */
  readonly newLeaderPending: boolean;
  /**
   * NEWLEADER was acknowledged on this connection: proposals are acknowledged only after it. The
   * current epoch does not tell: a follower that reconnects to the leader of its current epoch
   * already has it, and acknowledged a proposal during the new synchronization, which the SNAP
   * that followed rewrote as unflushed and a power loss took (a committed transaction lost in the
   * correct model, run 32,268 of a long hunt).
   */
  readonly newLeaderAcked: boolean;
  /** A snapshot received by SNAP and not yet on disk (only the variant that saves it late holds one). */
  readonly unsavedSnapshot: Snapshot | null;
  /** Highest zxid of the current epoch acknowledged to the leader. */
  readonly ackedZxid: Zxid;
  readonly ticksSinceHeard: number;
  readonly touched: readonly number[];
}

export type LearnerStage = 'info' | 'epoch' | 'forwarding' | 'synced';

/**
 * ACKEPOCH's current epoch from a follower that had already accepted the epoch LEADERINFO proposes
 * (ZooKeeper's Learner.registerWithLeader sends -1: "we cannot ack again in ZAB V1.0"); the leader
 * does not count it (Leader.waitForEpochAck), but still synchronizes the follower. Without it, two
 * leaders that both proposed epoch 3 each established it with the same follower, and a transaction
 * the first had delivered was lost (primary-integrity in the correct model, run 350,927 of a hunt).
 */
export const epochAlreadyAccepted = -1;

export interface Learner {
  /** info: FOLLOWERINFO in; epoch: LEADERINFO sent; forwarding: sync and NEWLEADER sent; synced: NEWLEADER acknowledged. */
  readonly stage: LearnerStage;
  readonly connection: number;
  readonly acceptedEpoch: number;
  /** It answered LEADERINFO: synchronized once the epoch is established. */
  readonly ackedEpoch: boolean;
  /**
   * Its answer counts toward the quorum that establishes the epoch: not when it had already accepted
   * this epoch (from another leader of the same epoch), as in ZooKeeper (see `epochAlreadyAccepted`).
   */
  readonly ackedEpochCounted: boolean;
  /** The last zxid it reported in ACKEPOCH: where its synchronization starts. */
  readonly lastZxid: Zxid;
  /** The leader's last zxid when it sent the synchronization: acknowledging NEWLEADER acknowledges up to it. */
  readonly syncedZxid: Zxid;
  readonly lastHeardTick: number;
}

export type LeaderPhase = 'discovery' | 'epoch-proposed' | 'synchronization' | 'broadcast';

export interface LeadingRole {
  readonly kind: 'leading';
  readonly phase: LeaderPhase;
  readonly epoch: number;
  readonly learners: readonly (Learner | null)[];
  /** Highest zxid of the current epoch each server acknowledged (the leader's own entry: what it flushed). */
  readonly acked: readonly Zxid[];
  readonly selfNewLeaderAcked: boolean;
  readonly counter: number;
  readonly ticks: number;
  readonly phaseTicks: number;
  /** Leader tick at which each client was last heard from (its session's heartbeat). */
  readonly sessionTouched: readonly number[];
  /** Follower syncs waiting for the leader's outstanding proposals to commit. */
  readonly pendingSyncs: readonly { readonly from: NodeId; readonly clientId: number; readonly operationId: number; readonly zxid: Zxid }[];
}

export type Role = LookingRole | FollowingRole | LeadingRole;

export interface Volatile {
  readonly role: Role;
  /** Fast leader election's logical clock. */
  readonly round: number;
  /**
   * The server's history as it sees it: what its latest snapshot reflects, then its log, then
   * writes not yet flushed. (Equal to its log on disk plus the pending writes, except after a SNAP.)
   */
  readonly log: readonly Txn[];
  /** Log writes not yet flushed to disk (ZooKeeper's SyncRequestProcessor queue), in log order. */
  readonly pendingLogWrites: readonly Txn[];
  /** When the next snapshot is due, and the one being written. */
  readonly snapshotting: SnapshotSchedule;
  /** How many times this boot loaded its tree wholesale (SNAP, TRUNC): the properties check each load. */
  readonly treeLoads: number;
  readonly committedZxid: Zxid;
  /** Entries of `log` known committed and applied to `tree`. */
  readonly committedCount: number;
  /** After a restart ZooKeeper replays its whole log into memory: the zxid it reached, until a sync replaces it. */
  readonly replayedZxid: Zxid;
  readonly tree: DataTree;
  readonly pending: readonly PendingRequest[];
  readonly watches: readonly Watch[];
  /** The last watch events this server sent, and how many it sent in all. */
  readonly watchEvents: readonly WatchEvent[];
  readonly watchEventCount: number;
}

export type ZabState = NodeState<Durable, Volatile>;

/** ZAB's variants: the correct protocol and the known bugs (see index.ts). */
export type ZabVariant =
  | 'correct'
  | 'diff-without-trunc'
  | 'ack-before-persist'
  | 'elect-by-applied-zxid'
  | 'propose-to-acked-only'
  | 'ack-before-newleader'
  | 'no-controller-epoch'
  | 'snap-saved-after-ack'
  | 'snapshot-sessions-behind-zxid';

/** The rules of ZAB and ZooKeeper that a variant may break, each named for what the correct protocol does. */
export interface ZabRules {
  /** Synchronization truncates a follower's transactions the leader never had before sending a DIFF (ZOOKEEPER-1154). */
  readonly truncateBeforeDiff: boolean;
  /** Followers acknowledge NEWLEADER and proposals only once the transactions are on disk (ZOOKEEPER-3911). */
  readonly acknowledgeAfterFsync: boolean;
  /** Votes and ACKEPOCH carry the last logged zxid, not the last applied one (ZOOKEEPER-2845). */
  readonly electByLoggedZxid: boolean;
  /** New proposals go to every follower whose synchronization was sent, not only to those that finished it. */
  readonly proposeToSynchronizingFollowers: boolean;
  /** A follower acknowledges proposals only after NEWLEADER (Zab's rule). */
  readonly acknowledgeProposalsAfterNewLeader: boolean;
  /** The controller recipe's writes check the /controller_epoch version they were elected with. */
  readonly fenceControllerWrites: boolean;
  /** A learner writes the snapshot a SNAP brought to disk as it arrives, before it logs what follows (ZOOKEEPER-3104 wrote it at UPTODATE). */
  readonly saveSnapSnapshotOnReceipt: boolean;
  /** A snapshot's session table is the one of the transaction it is named by, applied whole (ZOOKEEPER-3144). */
  readonly snapshotSessionsMatchZxid: boolean;
}

export const correctZabRules: ZabRules = {
  truncateBeforeDiff: true,
  acknowledgeAfterFsync: true,
  electByLoggedZxid: true,
  proposeToSynchronizingFollowers: true,
  acknowledgeProposalsAfterNewLeader: true,
  fenceControllerWrites: true,
  saveSnapSnapshotOnReceipt: true,
  snapshotSessionsMatchZxid: true,
};

/** Valid snapshot files a server keeps (ZooKeeper's autopurge.snapRetainCount, whose minimum is 3). */
export const snapshotsRetained = 3;

export type Context = NodeContext<ZabConfig, ZabRules>;

export function quorumSize(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

export function lastZxid(log: readonly Txn[]): Zxid {
  return log.length === 0 ? zeroZxid : (log[log.length - 1] as Txn).zxid;
}

export function sessionKey(clientId: number, incarnation: number): number {
  return clientId * 1000 + incarnation;
}
