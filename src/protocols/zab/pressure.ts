/**
 * Pressure measures for guided hunting (`Protocol.pressure`, see `src/hunt/guided.ts`): numbers
 * observed on a world that grow as it nears a known way for ZAB to lose a delivered transaction,
 * as libFuzzer's value profile grades how close a comparison came. Read off the world only (never
 * a variant's rules).
 *
 * - `delivered-under-stale-epoch`: Zab's election ranks a server by its current epoch first, its
 *   last zxid second. A transaction whose copies outside its leader sit on servers whose current
 *   epoch is older than the transaction's is outranked by any server of a newer current epoch that
 *   lacks it; once it is delivered, an election that leaves the leader out truncates it away
 *   (`primary-integrity`). The ladder: such a copy, delivered, a server of a newer epoch lacking
 *   it, and that server cut off from every copy it does not outrank.
 */
import type { PressureMeasure, WorldView } from '../../core/types.ts';
import type { ZabGhost } from './properties.ts';
import type { Message, Operation, Output, Txn, ZabConfig, ZabState } from './types.ts';
import { compareZxid, sameZxid } from './types.ts';

type View = WorldView<ZabConfig, ZabState, Message, Operation, Output, ZabGhost>;

function holds(log: readonly Txn[], txn: Txn): boolean {
  return log.some((entry) => entry.proposer === txn.proposer && sameZxid(entry.zxid, txn.zxid));
}

/**
 * Whether the leader that proposed `txn` counts a quorum of acknowledgements for it, its own copy
 * included (its flush may still be due: it commits at its next tick unless it crashes first).
 */
function quorumAcknowledged(view: View, txn: Txn): boolean {
  const slot = view.nodes[txn.proposer];
  const role = slot?.up ? slot.state.volatile.role : null;
  if (role?.kind !== 'leading' || role.epoch !== txn.zxid.epoch || !holds(slot?.state.volatile.log ?? [], txn)) return false;
  let acknowledged = 1;
  for (const [server, zxid] of role.acked.entries()) if (server !== txn.proposer && compareZxid(zxid, txn.zxid) >= 0) acknowledged++;
  return acknowledged > view.nodes.length / 2;
}

/**
 * 1, an up server holds a transaction of an epoch newer than its own current epoch (a follower
 * synchronized by the DIFF, NEWLEADER not yet taken); 2, that transaction is delivered (the ghost's
 * delivered sequence has it) or acknowledged by a quorum at its leader; 3, an up server whose current epoch is newer than the holder's lacks
 * it (it outranks the holder in an election); 4, the network separates that server and the holder
 * from every server that holds it and is not outranked (the leader cut off): the next election,
 * on their side, elects the server that lacks it.
 */
function deliveredUnderStaleEpoch(view: View): number {
  let most = 0;
  const { nodes, ghost, network } = view;
  for (let holder = 0; holder < nodes.length && most < 4; holder++) {
    const slot = nodes[holder];
    if (!slot?.up) continue;
    const holderEpoch = slot.state.durable.currentEpoch;
    for (const txn of slot.state.volatile.log) {
      if (txn.zxid.epoch <= holderEpoch) continue;
      let level = 1;
      if (holds(ghost.delivered, txn) || quorumAcknowledged(view, txn)) {
        level = 2;
        for (let lacker = 0; lacker < nodes.length; lacker++) {
          const other = nodes[lacker];
          if (lacker === holder || !other?.up) continue;
          const lackerEpoch = other.state.durable.currentEpoch;
          if (lackerEpoch <= holderEpoch || holds(other.state.volatile.log, txn)) continue;
          level = Math.max(level, 3);
          const side = network.partition;
          if (side === null || side[lacker] !== side[holder]) continue;
          // The servers it does not outrank that hold the transaction (the leader): all on the other side.
          const keepers = nodes.flatMap((keeper, index) =>
            index !== holder && keeper.up && keeper.state.durable.currentEpoch >= lackerEpoch && holds(keeper.state.volatile.log, txn) ? [index] : [],
          );
          if (keepers.length > 0 && keepers.every((keeper) => side[keeper] !== side[lacker])) level = 4;
        }
      }
      most = Math.max(most, level);
    }
  }
  return most;
}

export const zabPressure: readonly PressureMeasure<View>[] = [{ name: 'delivered-under-stale-epoch', measure: deliveredUnderStaleEpoch }];
