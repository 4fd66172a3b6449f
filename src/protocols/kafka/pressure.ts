/**
 * Pressure measures for guided hunting (`Protocol.pressure`): numbers observed on a world that
 * grow as it nears one of Kafka's losses, as libFuzzer's value profile grades how close a
 * comparison came. Each is a precondition of a known way to break `replica-consistency` or
 * `no-acked-write-lost`, read off the world (never a variant's rules), and each saturates: epochs
 * and offsets grow without bound, and "two epochs behind" is the same story as "five behind".
 *
 * - `epoch-start-gap`: KAFKA-7128's ladder after a leader change that kept the ISR: a leader whose
 *   HW lags its epoch start, a record before that start that can still be acknowledged, a replica
 *   let into the ISR without it, the control plane electing that replica.
 * - `stale-follower`: KIP-320's ladder: a follower still in an older epoch of a broker that now
 *   leads a newer one, whose log differs from the leader's below the HW.
 * - `diverged-below-hw`: up replicas whose log differs from the leader's below its HW: one step
 *   from an inconsistent ISR if they rejoin without truncating.
 * - `isr-lacking-committed`: members of the control plane's ISR, other than the leader, that lack a
 *   committed record: the next clean election may lose it.
 * - `preferred-ahead-of-hw`: KAFKA-7128's set-up before the leader change: the preferred replica
 *   holds a record beyond the leader's HW, a third replica lacks it, the preferred-leader check is next.
 */
import type { PressureMeasure, WorldView } from '../../core/types.ts';
import type { ReplicaState } from './broker.ts';
import type { KafkaConfig } from './config.ts';
import { sameRecord } from './log.ts';
import type { LogRecord, Message, Operation, Output } from './messages.ts';
import { brokerOf, metadataOf, type KafkaGhost, type KafkaState } from './properties.ts';

type View = WorldView<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;
type LeaderReplica = ReplicaState & { role: { kind: 'leader' } };

/** Every measure saturates here: beyond it, more is not a different story. */
const saturation = 3;

function saturated(value: number): number {
  return Math.max(0, Math.min(saturation, value));
}

/** Calls `visit` with every up broker's replica of every partition it leads. */
function eachLeader(view: View, visit: (broker: number, partition: number, replica: ReplicaState & { role: { kind: 'leader' } }) => void): void {
  for (let broker = 0; broker < view.config.brokerCount; broker++) {
    const slot = view.nodes[broker];
    const state = slot?.up ? brokerOf(slot) : null;
    if (!state) continue;
    const replicas = state.volatile.replicas;
    for (let partition = 0; partition < replicas.length; partition++) {
      const replica = replicas[partition];
      if (replica?.role.kind === 'leader') visit(broker, partition, replica as ReplicaState & { role: { kind: 'leader' } });
    }
  }
}

function logOf(view: View, broker: number, partition: number): readonly LogRecord[] | null {
  const slot = view.nodes[broker];
  const state = slot?.up ? brokerOf(slot) : null;
  return state?.durable.logs[partition]?.records ?? null;
}

/**
 * KAFKA-7128's ladder, one level per milestone: 1, a leader's HW lags the start of its own epoch
 * (a leader change that kept the ISR, before the followers caught up); 2, a record between that HW
 * and the epoch start is committed or can still be acknowledged (`acknowledgementPending`), and a
 * replica's log reaches the HW but not that record, so the fetch that lets it into the ISR is the
 * one whose response carries the record (a replica further behind gets it before it is let in);
 * 3, that replica is in the leader's ISR (as it asks for it, pending expansion included); 4, in
 * the control plane's ISR; 5, the control plane no longer has this broker as leader (the replica
 * may be elected without the record). Without the acknowledgement (a deposed leader's purgatory
 * that no late fetch will release) the top rungs were dead ends that held the search's pools: the
 * leadership moved, but nothing lacked by the new leader was ever acknowledged.
 */
function epochStartGap(view: View): number {
  const metadata = metadataOf(view);
  let most = 0;
  eachLeader(view, (broker, partition, replica) => {
    const start = replica.role.epochStartOffset;
    if (replica.highWatermark >= start) return;
    let level = 1;
    const registration = metadata?.partitions[partition];
    const committed = view.ghost.committed[partition]?.length ?? 0;
    // The last record before the epoch start that is committed or can still be acknowledged.
    let acknowledgeable = -1;
    for (let offset = start - 1; offset >= replica.highWatermark && acknowledgeable < 0; offset--)
      if (offset < committed || acknowledgementPending(view, partition, offset)) acknowledgeable = offset;
    if (acknowledgeable < 0) {
      most = Math.max(most, level);
      return;
    }
    // A replica that could be let in without it: its log reaches the HW but not that record (one
    // further behind would get the record with the fetch that lets it in).
    const pending = replica.role.pendingIsr?.isr ?? [];
    const isr = [...replica.isr, ...pending];
    for (const member of replica.replicas) {
      if (member === broker) continue;
      const records = logOf(view, member, partition);
      if (!records || records.length < replica.highWatermark || records.length > acknowledgeable) continue;
      level = Math.max(level, 2);
      if (!isr.includes(member)) continue;
      level = Math.max(level, 3);
      if (!registration?.isr.includes(member)) continue;
      level = Math.max(level, registration.leader === broker ? 4 : 5);
    }
    most = Math.max(most, level);
  });
  return most;
}

/**
 * Whether some broker that leads the partition (in its own view) can still acknowledge a produce
 * waiting at `offset`: it holds the record, and every other member of its ISR (pending expansion
 * included) has fetched past it or has a Fetch in its epoch past it in flight to it. A deposed
 * leader not yet told acknowledges on such a late fetch (KAFKA-7128's story acknowledges there).
 */
function acknowledgementPending(view: View, partition: number, offset: number): boolean {
  let pending = false;
  eachLeader(view, (broker, leading, replica) => {
    if (pending || leading !== partition || !replica.role.purgatory.some((produce) => produce.offset === offset)) return;
    if ((logOf(view, broker, partition)?.length ?? 0) <= offset) return;
    const members = new Set([...replica.isr, ...(replica.role.pendingIsr?.isr ?? [])]);
    members.delete(broker);
    pending = [...members].every(
      (member) =>
        (replica.role.followers[member]?.logEndOffset ?? -1) > offset ||
        view.network.inFlight.some(
          ({ from, to, message }) =>
            from === member &&
            to === broker &&
            message.type === 'fetch' &&
            message.partition === partition &&
            message.currentLeaderEpoch === replica.leaderEpoch &&
            message.fetchOffset > offset,
        ),
    );
  });
  return pending;
}

/**
 * KIP-320's ladder: 1, a follower still in an older leader epoch of a broker that leads now in a
 * newer one, or that the control plane has named leader of a newer one (it missed the leader
 * changes in between, and its fetches carry the old epoch); 2, its log differs from that broker's
 * at an offset both hold, or holds records that broker has not (truncated away since: the offsets
 * the new leader writes next); 3, the follower is still fetching (not asking where its log
 * diverges, whose answer would truncate it: a dead end); 4, the broker leads and the follower's
 * log reaches its HW and epoch start, so its next fetch asks from where a leader takes a follower
 * into the ISR; 5, and that fetch would be taken (`admits`: within the leader's log, the follower not in
 * the ISR yet); 6, a Fetch of an older epoch that the leader would take so is in flight
 * (`staleFetchAdmitted`). The top rungs are where every found story stood before the break,
 * mostly reached after healing, when the cut-off follower's fetch outruns its LeaderAndIsr.
 */
function staleFollower(view: View): number {
  if (staleFetchAdmitted(view)) return 6;
  const metadata = metadataOf(view);
  let most = 0;
  for (let follower = 0; follower < view.config.brokerCount; follower++) {
    const slot = view.nodes[follower];
    const state = slot?.up ? brokerOf(slot) : null;
    if (!state) continue;
    for (const [partition, replica] of state.volatile.replicas.entries()) {
      if (replica?.role.kind !== 'follower' || replica.leader === null || replica.leader === follower) continue;
      const leaderSlot = view.nodes[replica.leader];
      const leaderState = leaderSlot?.up ? brokerOf(leaderSlot) : null;
      const leading = leaderState?.volatile.replicas[partition];
      if (!leaderState || !leading) continue;
      const registration = metadata?.partitions[partition];
      const leads = leading.role.kind === 'leader' && leading.leaderEpoch > replica.leaderEpoch;
      const named = registration?.leader === replica.leader && registration.leaderEpoch > replica.leaderEpoch;
      if (!leads && !named) continue;
      let level = 1;
      const records = state.durable.logs[partition]?.records ?? [];
      const leaderRecords = leaderState.durable.logs[partition]?.records ?? [];
      let differs = -1;
      for (let offset = 0; offset < records.length && differs < 0; offset++)
        if (offset >= leaderRecords.length || !sameRecord(records[offset], leaderRecords[offset])) differs = offset;
      if (differs >= 0) {
        // A follower still fetching (not asking where its log diverges: that answer would truncate it): 3.
        level = replica.role.phase === 'fetching' ? 3 : 2;
        if (
          leads &&
          replica.role.phase === 'fetching' &&
          records.length >= Math.max(leading.highWatermark, (leading.role as LeaderReplica['role']).epochStartOffset)
        )
          level = admits(leading as LeaderReplica, leaderRecords, follower, records.length, records) ? 5 : 4;
      }
      most = Math.max(most, level);
    }
  }
  return most;
}

/**
 * Whether `leader`, taking a Fetch from `offset` as its sender's catch-up (as it does without
 * KIP-320's epoch check), would ask for the sender in its ISR while the sender's log lacks or
 * differs from its records below that offset: the offset is within its log and at or past its HW
 * and epoch start, and the sender is not in the ISR (or the pending one) yet.
 */
function admits(
  leader: LeaderReplica,
  leaderRecords: readonly LogRecord[],
  sender: number,
  offset: number,
  senderRecords: readonly LogRecord[],
): boolean {
  if (offset > leaderRecords.length || offset < leader.highWatermark || offset < leader.role.epochStartOffset) return false;
  if (leader.isr.includes(sender) || leader.role.pendingIsr?.isr.includes(sender)) return false;
  for (let at = 0; at < offset; at++) if (at >= senderRecords.length || !sameRecord(senderRecords[at], leaderRecords[at])) return true;
  return false;
}

/** A Fetch in flight, of an older epoch than its leader's, that the leader `admits`. */
function staleFetchAdmitted(view: View): boolean {
  return view.network.inFlight.some(({ from, to, message }) => {
    if (message.type !== 'fetch') return false;
    const slot = view.nodes[to];
    const leader = slot?.up ? brokerOf(slot)?.volatile.replicas[message.partition] : undefined;
    if (leader?.role.kind !== 'leader' || message.currentLeaderEpoch >= leader.leaderEpoch) return false;
    const records = logOf(view, from, message.partition);
    return records !== null && admits(leader as LeaderReplica, logOf(view, to, message.partition) ?? [], from, message.fetchOffset, records);
  });
}

function divergedBelowHighWatermark(view: View): number {
  let most = 0;
  eachLeader(view, (broker, partition, replica) => {
    const leaderRecords = logOf(view, broker, partition) ?? [];
    const highWatermark = Math.min(replica.highWatermark, leaderRecords.length);
    let diverged = 0;
    for (const member of replica.replicas) {
      if (member === broker) continue;
      const records = logOf(view, member, partition);
      if (!records) continue;
      const common = Math.min(highWatermark, records.length);
      for (let offset = 0; offset < common; offset++) {
        if (!sameRecord(records[offset], leaderRecords[offset])) {
          diverged++;
          break;
        }
      }
    }
    most = Math.max(most, diverged);
  });
  return saturated(most);
}

function isrLackingCommitted(view: View): number {
  const metadata = metadataOf(view);
  if (!metadata) return 0;
  let most = 0;
  for (const [partition, registration] of metadata.partitions.entries()) {
    const committed = view.ghost.committed[partition] ?? [];
    if (committed.length === 0) continue;
    let lacking = 0;
    for (const member of registration.isr) {
      if (member === registration.leader) continue;
      const records = logOf(view, member, partition);
      if (!records) continue;
      for (let offset = 0; offset < committed.length; offset++) {
        if (!sameRecord(records[offset], committed[offset])) {
          lacking++;
          break;
        }
      }
    }
    most = Math.max(most, lacking);
  }
  return saturated(most);
}

/**
 * KAFKA-7128's ladder before the leader change (the epoch-start gap's own first rung needs the
 * change to have happened): 1, the control plane's leader is not the partition's preferred replica
 * (the first assigned), which is alive and in the ISR, so the preferred-leader election may move
 * leadership to it while the ISR stays; 2, the preferred replica, in the leader's ISR, holds a
 * record beyond the leader's HW (it fetched it; its next fetch would commit it), so after the move
 * its epoch starts beyond its HW; 3, a third replica, up and outside the control plane's ISR,
 * lacks that record while its log reaches the preferred replica's own HW (where the new epoch's HW
 * starts): the one a lagging HW would let back in without it (a replica further behind would get
 * the record with the fetch that lets it in); 4, and the abstract
 * controller's next tick runs the preferred-leader check (its timer is part of the story: with a
 * check every 8 ticks, a set-up that the check misses is overtaken by the next fetch).
 */
function preferredAheadOfHighWatermark(view: View): number {
  const metadata = metadataOf(view);
  if (!metadata) return 0;
  const now = 'now' in metadata && typeof metadata.now === 'number' ? metadata.now : null;
  const checkNext = now !== null && view.config.autoLeaderRebalanceEnable && (now + 1) % view.config.leaderImbalanceCheckIntervalTicks === 0;
  let most = 0;
  for (const [partition, registration] of metadata.partitions.entries()) {
    const leader = registration.leader;
    const preferred = registration.replicas[0];
    if (leader === null || preferred === undefined || leader === preferred || !registration.isr.includes(preferred)) continue;
    let level = 1;
    const slot = view.nodes[leader];
    const replica = slot?.up ? brokerOf(slot)?.volatile.replicas[partition] : undefined;
    const leaderRecords = logOf(view, leader, partition);
    const preferredRecords = logOf(view, preferred, partition);
    if (replica?.role.kind === 'leader' && leaderRecords && preferredRecords && replica.isr.includes(preferred)) {
      const highWatermark = replica.highWatermark;
      if (preferredRecords.length > highWatermark && sameRecord(preferredRecords[highWatermark], leaderRecords[highWatermark])) {
        level = 2;
        // Its own HW is where its epoch's HW will start; a third replica whose log reaches it but not
        // the record could be let in without the record (one further behind gets it with that fetch).
        const preferredSlot = view.nodes[preferred];
        const preferredHighWatermark = (preferredSlot?.up ? brokerOf(preferredSlot)?.volatile.replicas[partition]?.highWatermark : undefined) ?? 0;
        for (const other of registration.replicas) {
          if (other === leader || other === preferred || registration.isr.includes(other)) continue;
          const records = logOf(view, other, partition);
          if (records && records.length >= preferredHighWatermark && records.length <= highWatermark) level = checkNext ? 4 : 3;
        }
      }
    }
    most = Math.max(most, level);
  }
  return most;
}

/**
 * Every Kafka measure is also read in the liveness phase's opening (`afterHeal`, the guided
 * search's `settlePercent`): KIP-320's stories finish after the heal, and the pools were measured
 * with all five offered those worlds.
 */
export const kafkaPressure: readonly PressureMeasure<View>[] = [
  { name: 'epoch-start-gap', measure: epochStartGap, afterHeal: true },
  { name: 'stale-follower', measure: staleFollower, afterHeal: true },
  { name: 'diverged-below-hw', measure: divergedBelowHighWatermark, afterHeal: true },
  { name: 'isr-lacking-committed', measure: isrLackingCommitted, afterHeal: true },
  { name: 'preferred-ahead-of-hw', measure: preferredAheadOfHighWatermark, afterHeal: true },
];
