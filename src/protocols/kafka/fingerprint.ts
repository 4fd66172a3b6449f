/**
 * The situation a Kafka cluster is in, for guided hunting: per partition, who the controller says
 * leads, which brokers it has in the ISR and how many records are committed (0, 1, 2 or more);
 * per replica whether it is down, leading (with its HW below its epoch start: "lag") or still
 * truncating, how its log relates to the leader's (behind, level, ahead, diverged, missing a
 * committed record), whether its HW is behind the leader's and whether its metadata is stale.
 * Epochs and offsets are left out: they grow without bound, and "broker 2 is one record behind a
 * leader whose HW lags its epoch start" is the same story at any offset. Earlier, finer versions
 * (the leader's own ISR view, LeaderAndIsr in flight) gave one new fingerprint per run, which
 * turns the guided search into a random walk.
 */
import type { WorldView } from '../../core/types.ts';
import { lastIndex } from '../raft/component.ts';
import { controllerNodes, isKraft, type KafkaConfig } from './config.ts';
import type { Message, Operation, Output } from './messages.ts';
import { brokerOf, kraftControllerOf, metadataOf, type KafkaGhost, type KafkaState } from './properties.ts';

type View = WorldView<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;

/** Differences beyond this many records read as "far behind" / "far ahead". */
const offsetDifferenceMax = 1;

function relation(value: number, reference: number): string {
  const difference = Math.max(-offsetDifferenceMax, Math.min(offsetDifferenceMax, value - reference));
  return difference === 0 ? '=' : difference > 0 ? `+${difference}` : String(difference);
}

export function kafkaFingerprint(view: View): string {
  const controller = metadataOf(view);
  if (!controller) return 'no-controller';
  const parts: string[] = [];
  for (const [partition, registration] of controller.partitions.entries()) {
    const leader = registration.leader;
    const leaderSlot = leader === null ? undefined : view.nodes[leader];
    const leaderBroker = leaderSlot?.up ? brokerOf(leaderSlot) : null;
    const leaderRecords = leaderBroker?.durable.logs[partition]?.records ?? [];
    const leaderHighWatermark = leaderBroker?.volatile.replicas[partition]?.highWatermark ?? 0;
    const committed = Math.min(offsetDifferenceMax + 1, view.ghost.committed[partition]?.length ?? 0);
    const replicaParts: string[] = [];
    for (const broker of registration.replicas) {
      const slot = view.nodes[broker];
      const state = brokerOf(slot);
      if (!slot || !state) continue;
      const records = state.durable.logs[partition]?.records ?? [];
      let diverged = false;
      const common = Math.min(records.length, leaderRecords.length);
      if (common > 0) {
        const mine = records[common - 1];
        const theirs = leaderRecords[common - 1];
        diverged = mine?.epoch !== theirs?.epoch || mine?.value !== theirs?.value;
      }
      // Missing part of what was committed is the precondition of every Kafka data loss.
      const committedRecords = view.ghost.committed[partition] ?? [];
      const lastCommitted = committedRecords[committedRecords.length - 1];
      const mine = records[committedRecords.length - 1];
      const lacksCommitted =
        records.length < committedRecords.length ||
        (lastCommitted !== undefined && (mine?.epoch !== lastCommitted.epoch || mine.value !== lastCommitted.value));
      const logPart = `${relation(records.length, leaderRecords.length)}${diverged ? 'd' : ''}${lacksCommitted ? 'k' : ''}`;
      if (!slot.up) {
        replicaParts.push(`${broker}:down${logPart}`);
        continue;
      }
      const replica = state.volatile.replicas[partition];
      if (!replica) continue;
      const role = replica.role;
      const lagging = role.kind === 'leader' && replica.highWatermark < role.epochStartOffset ? 'lag' : '';
      const highWatermark = replica.highWatermark < leaderHighWatermark ? 'h' : '';
      // A follower's metadata lagging the controller's, and whether it is still truncating, are
      // the steps by which a returning broker rejoins: without them that walk is invisible.
      const stale = replica.leaderEpoch < registration.leaderEpoch ? 's' : '';
      const phase = role.kind === 'follower' && role.phase === 'truncating' ? 't' : '';
      replicaParts.push(`${broker}:${role.kind === 'leader' ? 'L' : ''}${lagging}${phase}${logPart}${highWatermark}${stale}`);
    }
    parts.push(`p${partition}:L${leader ?? '-'}[${registration.isr.join('')}]c${committed} ${replicaParts.join(' ')}`);
  }
  if (isKraft(view.config)) parts.push(quorumFingerprint(view));
  return parts.join(' | ');
}

/**
 * KRaft: per controller, whether it is down, active, a candidate or a follower, and whether its
 * log holds entries it has not seen committed ('u'): the milestones of the control plane's own
 * stories (a controller deposed with uncommitted records, a new one deciding before it has
 * replayed them). Terms and indexes are left out, as epochs and offsets are above.
 */
function quorumFingerprint(view: View): string {
  const roles = controllerNodes(view.config).map((node) => {
    const slot = view.nodes[node];
    const state = kraftControllerOf(slot);
    if (!slot?.up || !state) return 'x';
    const role = state.volatile.raft.role.kind;
    const uncommitted = lastIndex(state.durable.raft) > state.volatile.raft.commitIndex ? 'u' : '';
    return `${role === 'leader' ? 'A' : role === 'follower' ? 'f' : 'c'}${uncommitted}`;
  });
  return `q:${roles.join('')}`;
}
