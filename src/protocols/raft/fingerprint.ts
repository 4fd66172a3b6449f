/**
 * The situation a Raft cluster is in, for guided hunting: each node's role, up/down status, and
 * its current term and the terms of its last log entries as ranks among the terms in play (so
 * "node 1 leads in a newer term than the entry node 0 holds" reads the same at terms 3 and 30),
 * its log length and commit index relative to the longest log, and which vote requests are in
 * flight. The paper's Figure 8 is exactly a walk through such situations.
 */
import type { WorldView } from '../../core/types.ts';
import type { Operation, Output } from './kv.ts';
import type { Message } from './messages.ts';
import { lastIndex, type RaftConfig, type RaftState } from './model.ts';
import type { RaftGhost } from './properties.ts';

type View = WorldView<RaftConfig, RaftState, Message, Operation, Output, RaftGhost>;

/** Log entries per node whose terms are part of the fingerprint (the tail is where logs differ). */
const tailEntries = 3;
/** Length and commit differences beyond this read as "far". */
const differenceMax = 2;

function capped(difference: number): number {
  return Math.max(-differenceMax, Math.min(differenceMax, difference));
}

export function raftFingerprint(view: View): string {
  const terms = new Set<number>();
  let longest = 0;
  for (const slot of view.nodes) {
    const durable = slot.state.durable;
    terms.add(durable.currentTerm);
    for (const entry of durable.log.slice(-tailEntries)) terms.add(entry.term);
    longest = Math.max(longest, lastIndex(durable));
  }
  const ranked = [...terms].sort((left, right) => left - right);
  const rank = (term: number): number => ranked.indexOf(term);
  const voteRequests = new Set<number>();
  for (const message of view.network.inFlight) {
    if (message.message.type === 'request-vote') voteRequests.add(message.from);
  }
  const parts = view.nodes.map((slot, node) => {
    const { durable, volatile } = slot.state;
    const tail = durable.log
      .slice(-tailEntries)
      .map((entry) => rank(entry.term))
      .join('.');
    const log = `${capped(lastIndex(durable) - longest)}:${tail}`;
    if (!slot.up) return `down t${rank(durable.currentTerm)} ${log}`;
    const commit = capped(volatile.commitIndex - lastIndex(durable));
    const asking = voteRequests.has(node) ? '?' : '';
    return `${volatile.role.kind[0]}${asking} t${rank(durable.currentTerm)} ${log} c${commit}`;
  });
  return `${view.network.partition === null ? '' : 'P'}${parts.join(' | ')}`;
}
