/**
 * Raft's safety properties (the paper's Figure 3), checked after every step over a god's-eye view
 * of all nodes plus history variables, and the end-of-run properties of the key-value store.
 *
 * The ghost observer does the work incrementally: it only looks at nodes whose log, term, role,
 * commit index or last applied index changed since the last step, and only at the log positions
 * that changed (new commits, new applies). Each property then reads the first break the ghost
 * recorded for it.
 */
import { checkLinearizability, kvCasModel } from '../../checkers/linearizability/index.ts';
import { acknowledged, operationsForChecking } from '../../core/history.ts';
import { defaultLimits } from '../../core/simulator.ts';
import type { PropertySpec } from '../../core/protocol.ts';
import { allOperationsComplete, makesProgress, noBreaks, provenAfterProbe, recordedByGhost, withBreak, type Breaks } from '../../core/properties.ts';
import type { GhostObserver, HistoryEntry, NodeId, SometimesDefinition, WorldView } from '../../core/types.ts';
import { describeOperation, describeOutput, type Operation, type Output } from './kv.ts';
import { describeEntry, describeMembership, sameEntry, type LogEntry, type Membership, type Message } from './messages.ts';
import isEqual from 'lodash/isEqual.js';
import { describeValues, isMembershipOperation, type KvCommand, type StateMachine } from './kv.ts';
import {
  entryAt,
  lastIndex,
  membershipAt,
  termAt,
  type LeaderRole,
  type RaftConfig,
  type RaftDurable,
  type RaftRules,
  type RaftState,
  type RaftVariant,
} from './model.ts';

/** Raft's properties: the paper's Figure 3 safety properties (every step), then the end-of-run ones. */
export type RaftProperty =
  | SafetyProperty
  | 'leader-after-healing'
  | 'operations-complete'
  | 'no-acked-write-lost'
  | 'linearizable'
  | 'replicated-after-healing'
  | 'membership-changes-take-effect'
  | 'membership-changes-applied-once'
  | 'configuration-changes-follow-mode'
  | 'makes-progress'
  | 'probe-replicated-promptly';

/** The properties the ghost observer checks incrementally (see `observe`). */
type SafetyProperty =
  | 'term-and-vote-durable'
  | 'election-safety'
  | 'voters-lead'
  | 'learners-promoted-caught-up'
  | 'leaders-step-down-for-cause'
  | 'candidates-pre-voted'
  | 'membership-retries-answered'
  | 'membership-refusals-justified'
  | 'membership-answered-when-committed'
  | 'waiting-requests-answered'
  | 'requests-taken'
  | 'flow-control-consistent'
  | 'replication-continues'
  | 'leader-append-only'
  | 'log-matching'
  | 'leader-completeness'
  | 'state-machine-safety';

/** The types Raft is made of (see `ProtocolTypes`). */
export interface RaftTypes {
  readonly config: RaftConfig;
  readonly state: RaftState;
  readonly message: Message;
  readonly operation: Operation;
  readonly output: Output;
  readonly ghost: RaftGhost;
  readonly variant: RaftVariant;
  readonly property: RaftProperty;
  readonly rules: RaftRules;
}

interface LeaderRecord {
  readonly term: number;
  /** The leader's durable state (its log) as last seen while it led in `term`. */
  readonly durable: RaftDurable;
  /** The step at which it was first seen leading in `term` (`probe-replicated-promptly` counts from it). */
  readonly electedAtStep: number;
}

interface CommittedRecord {
  readonly entry: LogEntry;
  /** The lowest term in which a node was seen to consider it committed. */
  readonly term: number;
  readonly node: NodeId;
}

interface AppliedRecord {
  readonly entry: LogEntry;
  readonly node: NodeId;
}

/** The key-value store of the first node seen to have applied through some index. */
interface MachineRecord {
  readonly machine: StateMachine;
  readonly node: NodeId;
}

/** What the properties last saw of a node; a step that changes none of it costs nothing. */
export interface NodeSnapshot {
  readonly log: readonly LogEntry[];
  /** The index before the log's first entry (the snapshot's; the log's identity changes with it). */
  readonly logStartIndex: number;
  readonly term: number;
  readonly votedFor: NodeId | null;
  readonly leader: boolean;
  readonly commitIndex: number;
  readonly lastApplied: number;
  /** How often the node had restarted when seen (a restart ends a leadership without a cause). */
  readonly restarts: number;
}

export interface RaftGhost {
  /** Per node, what was last observed of it. */
  readonly seen: readonly (NodeSnapshot | undefined)[];
  /** Indexed by term: the node seen as leader in it. */
  readonly leaderByTerm: readonly (NodeId | undefined)[];
  /** Per node, while it is leader. */
  readonly leaders: readonly (LeaderRecord | undefined)[];
  /** Indexed by log index - 1: the entry first seen committed there. */
  readonly committed: readonly CommittedRecord[];
  /** Indexed by log index - 1: the entry first applied there, and by whom. */
  readonly applied: readonly AppliedRecord[];
  /** Indexed by applied index: the store of the first node seen to have applied exactly through it (a snapshot must hold the same). */
  readonly machines: readonly (MachineRecord | undefined)[];
  /** The first break seen of each safety property, as a sentence. */
  readonly breaks: Breaks<RaftProperty>;
  /** How often a node's log lost entries it held (a follower truncating conflicting entries), for coverage. */
  readonly truncations: number;
  /** Per node, while it leads: the client requests it waits for and the role last checked (see `checkLeaders`). */
  readonly waits: readonly (LeaderWaits | undefined)[];
  /** Per node, while it leads after healing: the followers it has sent to since (see `checkReplicationContinues`). */
  readonly contacts: readonly (LeaderContacts | undefined)[];
  /** Per client, its latest operation and how often it was sent as last seen (a retry is a step that raises it; see `checkTaken`). */
  readonly sends: readonly (ClientSends | undefined)[];
  /** Per node, the PreVote grants sent to it for the highest term it asked about (see `checkPreVoted`). */
  readonly preVotes: readonly (PreVoteGrants | undefined)[];
}

/** The voters that granted a node a PreVote for `term`, as a bit set by node id. */
interface PreVoteGrants {
  readonly term: number;
  readonly voters: number;
}

interface ClientSends {
  readonly operationId: number;
  readonly attempts: number;
}

/**
 * The followers a leader has sent an AppendEntries or InstallSnapshot to in `term` since messages
 * stopped getting lost (`sentFromStep`: the liveness phase's start, or after the network was last
 * full), as a bit set by node id.
 */
interface LeaderContacts {
  readonly term: number;
  readonly sentFromStep: number;
  readonly followers: number;
}

/**
 * What a leader waits to answer (requesters of entries not yet applied, and reads waiting for a
 * heartbeat round) as last seen, with the term it was seen in; and the role and durable state the
 * leader checks last ran on (a leader whose role and durable state are those runs none again).
 */
interface LeaderWaits {
  readonly term: number;
  readonly waiting: LeaderRole<KvCommand>['waiting'];
  readonly pendingReads: LeaderRole<KvCommand>['pendingReads'];
  readonly role: LeaderRole<KvCommand>;
  readonly durable: RaftDurable;
}

type View = WorldView<RaftConfig, RaftState, Message, Operation, Output, RaftGhost>;
type Property = PropertySpec<RaftTypes>;

/** The mutable copy `observe` works on; it becomes the next (immutable) ghost. */
interface Draft {
  leaderByTerm: readonly (NodeId | undefined)[];
  leaders: readonly (LeaderRecord | undefined)[];
  committed: readonly CommittedRecord[];
  applied: readonly AppliedRecord[];
  machines: readonly (MachineRecord | undefined)[];
  breaks: Breaks<RaftProperty>;
  truncations: number;
  /** Indexes newly recorded as committed in this step. */
  newlyCommitted: number[];
}

function breaks(draft: Draft, property: SafetyProperty, message: string): void {
  draft.breaks = withBreak(draft.breaks, property, message);
}

/**
 * Only a voter leads: a node that wins an election votes in its latest configuration or, while a
 * change is pending, in its committed one (thesis §4.2.2). A learner or a removed server that
 * stood for election would take over a cluster that no longer counts it.
 */
function checkVoterLeads(draft: Draft, nodeCount: number, node: NodeId, term: number, state: RaftState): void {
  const votes = (membership: Membership): boolean => membership.voters.includes(node) || (membership.outgoing?.includes(node) ?? false);
  const latest = membershipAt(nodeCount, state.durable, lastIndex(state.durable));
  if (votes(latest) || votes(membershipAt(nodeCount, state.durable, state.volatile.commitIndex))) return;
  breaks(
    draft,
    'voters-lead',
    `node ${node} was elected leader of term ${term} but votes in neither its latest configuration (${describeMembership(latest)}) nor its committed one`,
  );
}

/** The index of the latest configuration entry in `durable`'s log, or 0 when it is in the snapshot (committed). */
function latestConfigIndex(durable: RaftDurable): number {
  for (let index = lastIndex(durable); index > durable.logStart.index; index--) {
    if (entryAt(durable, index)?.command.type === 'config') return index;
  }
  return 0;
}

/**
 * A leader that committed its own removal steps down (thesis §4.2.2: it leads, without voting,
 * only until the configuration that removed it is committed). Found by mutation testing
 * (docs/mutation.md): a removed leader that kept leading broke nothing else.
 */
function checkRemovedLeaderStepsDown(draft: Draft, nodeCount: number, node: NodeId, term: number, state: RaftState): void {
  const latest = membershipAt(nodeCount, state.durable, lastIndex(state.durable));
  if (latest.voters.includes(node) || (latest.outgoing?.includes(node) ?? false)) return;
  if (latestConfigIndex(state.durable) > state.volatile.commitIndex) return;
  breaks(draft, 'voters-lead', `node ${node} still leads term ${term} after committing its removal (${describeMembership(latest)})`);
}

/**
 * A leader promotes a learner to voter only once the learner's log holds every committed entry
 * (thesis §4.2.1: a server that votes before it has caught up can leave the cluster unable to
 * commit until it does). Checked on the learner's own log, at the leader's commit index as last
 * seen before the promotion (committed entries are never truncated, so a learner that was caught
 * up stays so). Found by mutation testing (docs/mutation.md): a leader that promoted a learner at
 * its first answer broke nothing else.
 */
function checkLearnersCaughtUp(
  draft: Draft,
  view: View,
  node: NodeId,
  term: number,
  before: RaftDurable,
  after: RaftDurable,
  commitIndex: number,
): void {
  for (let index = Math.max(lastIndex(before), after.logStart.index) + 1; index <= lastIndex(after); index++) {
    const command = (entryAt(after, index) as LogEntry).command;
    if (command.type !== 'config' || command.clientId !== -1) continue;
    const was = membershipAt(view.config.nodeCount, after, index - 1);
    for (const voter of command.membership.voters) {
      if (!was.learners.includes(voter)) continue;
      const learner = view.nodes[voter]?.state.durable;
      if (learner === undefined || lastIndex(learner) >= commitIndex) continue;
      breaks(
        draft,
        'learners-promoted-caught-up',
        `node ${node}, leader of term ${term}, promoted learner ${voter} (entry ${index}) while its log ends at ${lastIndex(learner)}, below the commit index ${commitIndex}`,
      );
      return;
    }
  }
}

/**
 * A leader that stops leading in its own term, while up, has a cause: CheckQuorum (it lost touch
 * with a majority; only with checkQuorum on), or, with membership changes, its own removal
 * committed (thesis §4.2.2). A higher term, a crash and a restart are causes too, seen apart. A
 * leader that drops its role for nothing leaves its waiting clients to retry and the cluster
 * without a leader for an election timeout; no other property sees it. Found by mutation testing
 * (docs/mutation.md): a leader that lost its role when it answered a ReadIndex read broke nothing else.
 */
function checkStepDownHasCause(draft: Draft, view: View, node: NodeId, previous: NodeSnapshot, state: RaftState): void {
  if (state.volatile.role.kind === 'leader' || state.durable.currentTerm !== previous.term || view.config.checkQuorum) return;
  if (view.config.membershipChanges) {
    const latest = membershipAt(view.config.nodeCount, state.durable, lastIndex(state.durable));
    const votes = latest.voters.includes(node) || (latest.outgoing?.includes(node) ?? false);
    if (!votes && latestConfigIndex(state.durable) <= state.volatile.commitIndex) return;
  }
  breaks(
    draft,
    'leaders-step-down-for-cause',
    `node ${node} stopped leading term ${previous.term} without a cause (no higher term, no CheckQuorum, no committed removal of its own)`,
  );
}

/**
 * `candidates-pre-voted`: with PreVote on, a node starts an election (votes for itself in a new
 * term) only once a quorum of its configuration, itself included, granted it a PreVote for that
 * term (Raft thesis 9.6): a server that could not win does not disrupt the cluster with a higher
 * term. Grants are recorded as they are sent (one lost on the way only makes the check more
 * lenient). Runs before `observeNodes`, so `ghost.seen` is still the previous step's. Found by
 * mutation testing (docs/mutation.md): a pre-candidate that counted a PreVote granted for an older
 * term, or raised its term itself, broke nothing else.
 */
function checkPreVoted(ghost: RaftGhost, view: View): RaftGhost {
  if (!view.config.preVote) return ghost;
  let preVotes: (PreVoteGrants | undefined)[] | null = null;
  const inFlight = view.network.inFlight;
  for (let at = inFlight.length - 1; at >= 0; at--) {
    const sent = inFlight[at] as (typeof inFlight)[number];
    if (sent.sentAtStep < view.step - 1) break;
    const message = sent.message;
    if (message.type !== 'request-vote-response' || !message.preVote || !message.granted) continue;
    const seen = (preVotes ?? ghost.preVotes)[sent.to];
    if (seen !== undefined && seen.term > message.term) continue;
    const voters = (seen !== undefined && seen.term === message.term ? seen.voters : 0) | (1 << sent.from);
    if (seen !== undefined && seen.term === message.term && seen.voters === voters) continue;
    preVotes ??= ghost.preVotes.slice();
    preVotes[sent.to] = { term: message.term, voters };
  }
  const known = preVotes ?? ghost.preVotes;
  let problem: string | null = null;
  for (let node = 0; node < view.nodes.length && problem === null && ghost.breaks['candidates-pre-voted'] === undefined; node++) {
    const slot = view.nodes[node];
    const previous = ghost.seen[node];
    if (slot === undefined || !slot.up || previous === undefined) continue;
    const { currentTerm, votedFor } = slot.state.durable;
    if (votedFor !== node || (previous.term === currentTerm && previous.votedFor === node)) continue;
    const grants = known[node];
    const granted = (grants !== undefined && grants.term === currentTerm ? grants.voters : 0) | (1 << node);
    if (!preVoteQuorum(view, slot.state.durable, granted)) {
      const voters = [...Array(view.nodes.length).keys()].filter((voter) => (granted & (1 << voter)) !== 0);
      problem = `node ${node} started an election for term ${currentTerm} with PreVotes granted for that term only by ${voters.join(', ')}, no quorum`;
    }
  }
  if (preVotes === null && problem === null) return ghost;
  return { ...ghost, preVotes: known, breaks: problem === null ? ghost.breaks : withBreak(ghost.breaks, 'candidates-pre-voted', problem) };
}

/** Whether the voters in `granted` (a bit set) are a quorum of the configuration in `durable`'s latest entry (both majorities in a joint one). */
function preVoteQuorum(view: View, durable: RaftDurable, granted: number): boolean {
  const count = (nodes: readonly NodeId[]): number => nodes.filter((node) => (granted & (1 << node)) !== 0).length;
  const majorityOf = (nodes: readonly NodeId[]): boolean => count(nodes) >= Math.floor(nodes.length / 2) + 1;
  if (!view.config.membershipChanges) return majorityOf([...Array(view.config.nodeCount).keys()]);
  const latest = membershipAt(view.config.nodeCount, durable, lastIndex(durable));
  return majorityOf(latest.voters) && (latest.outgoing === undefined || majorityOf(latest.outgoing));
}

/** Whether `state` holds `entry`'s configuration change: an entry of it in its log, or its snapshot's record of answered changes. */
function holdsChange(state: RaftState, entry: HistoryEntry<Operation, Output>): boolean {
  const { durable } = state;
  const asked = (clientId: number, operationId: number): boolean => clientId === entry.clientId && operationId === entry.operationId;
  for (const logEntry of durable.log) {
    if (logEntry.command.type === 'config' && asked(logEntry.command.clientId, logEntry.command.operationId)) return true;
  }
  return (durable.snapshot.answeredChanges ?? []).some((answered) => asked(answered.clientId, answered.operationId));
}

/**
 * A membership change refused (`fail`, or `unknown` for a retry) in this step although every live
 * leader (the refusal came from one of them) holds that very change: a retry must get the first
 * attempt's answer, ok once applied, not "a change is in progress" about its own change.
 */
function refusedHeldChange(view: View): string | null {
  const step = view.step - 1;
  for (const entry of view.history) {
    if (entry.completedAtStep !== step || entry.reply === null || entry.reply.outcome === 'ok' || !isMembershipOperation(entry.operation)) continue;
    let leaders = 0;
    let holding = 0;
    for (const slot of view.nodes) {
      if (!slot.up || slot.state.volatile.role.kind !== 'leader') continue;
      leaders++;
      if (holdsChange(slot.state, entry)) holding++;
    }
    if (leaders > 0 && holding === leaders) {
      return `"${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}, attempt ${entry.attempts}) was answered ${entry.reply.outcome} (${entry.reply.error}) at step ${step}, although the leader holds that change in its log`;
    }
  }
  return null;
}

/**
 * Whether membership `operation` changes nothing in `membership`: the server is already in (add),
 * already out (remove; an outgoing voter of a joint configuration still counts as in), or already
 * replaced (replace-server: `node` no longer votes and its replacement does). The component's
 * "unchanged" answer, written from the operation's meaning.
 */
function alreadyInEffect(membership: Membership, operation: Operation): boolean {
  const member = (node: NodeId): boolean =>
    membership.voters.includes(node) || membership.learners.includes(node) || (membership.outgoing?.includes(node) ?? false);
  switch (operation.type) {
    case 'add-server':
      return member(operation.node);
    case 'remove-server':
      return !member(operation.node);
    case 'replace-server':
      return !membership.voters.includes(operation.node) && membership.voters.includes(operation.replacement);
    default:
      return false;
  }
}

/**
 * A membership change answered ok in this step before it took effect: the entry that answers its
 * client (its own change, or under joint consensus the C_new that carries its requester) is not
 * committed, although a leader holds an entry of that change or no leader's configuration has the
 * change already (the "nothing to do" answer). A joint configuration C_old,new still counts the
 * removed voter; a change in the log but not committed may still be lost to the next leader. Found by mutation
 * testing (docs/mutation.md): a retry answered ok on finding its change merely in the log, or
 * only its C_old,new applied, broke nothing else (the change took effect soon after, in every run).
 */
function answeredBeforeCommitted(view: View): string | null {
  const step = view.step - 1;
  for (const entry of view.history) {
    if (entry.completedAtStep !== step || entry.reply?.outcome !== 'ok' || !isMembershipOperation(entry.operation)) continue;
    const answers = (command: LogEntry['command']): boolean =>
      command.type === 'config' &&
      command.membership.outgoing === undefined &&
      command.clientId === entry.clientId &&
      command.operationId === entry.operationId;
    // Committed as the ghost saw it, or as a live node sees it (a bug variant may commit two entries at one index).
    const committed =
      view.ghost.committed.some((record) => answers(record.entry.command)) ||
      view.nodes.some(({ up, state: { durable, volatile } }) => {
        if (!up) return false;
        if ((durable.snapshot.answeredChanges ?? []).some((done) => done.clientId === entry.clientId && done.operationId === entry.operationId))
          return true;
        for (let index = durable.logStart.index + 1; index <= volatile.commitIndex; index++) {
          const held = entryAt(durable, index);
          if (held !== undefined && answers(held.command)) return true;
        }
        return false;
      });
    if (committed) continue;
    // "Nothing to do": no leader holds an entry of this change, and one's configuration has it already.
    const leaders = view.nodes.filter((slot) => slot.up && slot.state.volatile.role.kind === 'leader');
    if (leaders.every((slot) => !holdsChange(slot.state, entry))) {
      const inEffect = leaders.some(({ state: { durable } }) =>
        alreadyInEffect(membershipAt(view.config.nodeCount, durable, lastIndex(durable)), entry.operation),
      );
      if (inEffect) continue;
    }
    return `"${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}, attempt ${entry.attempts}) was answered ok at step ${step}, but the entry that answers it is not committed (and the change was not already in effect)`;
  }
  return null;
}

/**
 * Whether `state`, a leader, may refuse membership `operation` now: it has not committed an entry
 * of its term (Ongaro's correction), a change is under way (a configuration entry past its commit
 * index; with joint consensus also a joint configuration or a pending replacement), or the change
 * is impossible (replace-server without joint consensus, or of a server that does not vote, or by
 * one already in the cluster; removing the only voter). Written from the rules, not from the
 * component's code, so that a leader refusing a valid change is seen.
 */
function mayRefuse(view: View, state: RaftState, operation: Operation): boolean {
  const { durable, volatile } = state;
  if (termAt(durable, volatile.commitIndex) !== durable.currentTerm) return true;
  for (let index = volatile.commitIndex + 1; index <= lastIndex(durable); index++) {
    if (entryAt(durable, index)?.command.type === 'config') return true;
  }
  const membership = membershipAt(view.config.nodeCount, durable, lastIndex(durable));
  const joint = view.config.membershipChangeMode === 'joint';
  if (joint && (membership.outgoing !== undefined || membership.replacement !== undefined)) return true;
  switch (operation.type) {
    case 'replace-server':
      return (
        !joint ||
        !membership.voters.includes(operation.node) ||
        membership.voters.includes(operation.replacement) ||
        membership.learners.includes(operation.replacement)
      );
    case 'remove-server':
      return membership.voters.length === 1 && membership.voters[0] === operation.node;
    default:
      return false;
  }
}

/**
 * A membership change refused (`fail`, or `unknown` for a retry) in this step although no live
 * leader (the refusal came from one of them: followers forward changes or stay quiet) has a reason
 * to refuse it (a request sent to a node that is down aside: the simulator refuses the connection). A
 * refusal is a legal answer ("it did not happen"), so no other property sees a
 * leader that refuses valid changes: the cluster simply never changes.
 */
function refusedValidChange(view: View): string | null {
  const step = view.step - 1;
  for (const entry of view.history) {
    if (entry.completedAtStep !== step || entry.reply === null || entry.reply.outcome === 'ok' || !isMembershipOperation(entry.operation)) continue;
    // Sent to a node that is down: the simulator refused the connection.
    if (entry.invokedAtStep === step && view.nodes[entry.node]?.up !== true) continue;
    const leaders = view.nodes.filter((slot) => slot.up && slot.state.volatile.role.kind === 'leader');
    if (leaders.length === 0 || leaders.some((slot) => mayRefuse(view, slot.state, entry.operation))) continue;
    return `"${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}) was refused (${entry.reply.error}) at step ${step}, although the leader had committed an entry of its term, no change was under way and the change is possible`;
  }
  return null;
}

function entryText(entry: LogEntry | undefined): string {
  return entry === undefined ? 'nothing' : describeEntry(entry);
}

/**
 * Log Matching: if two logs hold an entry with the same index and term, they are identical up to
 * that index. Over the indexes both logs still hold (not compacted into a snapshot), finds the
 * highest where the terms agree, then compares everything below it.
 */
function checkLogMatching(draft: Draft, node: NodeId, durable: RaftDurable, other: NodeId, otherDurable: RaftDurable): void {
  const low = Math.max(durable.logStart.index, otherDurable.logStart.index) + 1;
  let top = Math.min(lastIndex(durable), lastIndex(otherDurable));
  while (top >= low && (entryAt(durable, top) as LogEntry).term !== (entryAt(otherDurable, top) as LogEntry).term) top--;
  for (let index = top; index >= low; index--) {
    const mine = entryAt(durable, index) as LogEntry;
    const theirs = entryAt(otherDurable, index) as LogEntry;
    if (sameEntry(mine, theirs)) continue;
    breaks(
      draft,
      'log-matching',
      `nodes ${node} and ${other} both hold an entry of term ${(entryAt(durable, top) as LogEntry).term} at index ${top}, yet their logs differ at index ${index}: ${entryText(mine)} on node ${node}, ${entryText(theirs)} on node ${other}`,
    );
    return;
  }
}

/** A leader's snapshot covers what it compacted: only entries still in its log are compared. */
function checkLeaderHasCommitted(draft: Draft, node: NodeId, term: number, durable: RaftDurable, index: number): void {
  const record = draft.committed[index - 1];
  if (record === undefined || record.term >= term || index <= durable.logStart.index) return;
  const held = entryAt(durable, index);
  if (held !== undefined && sameEntry(held, record.entry)) return;
  breaks(
    draft,
    'leader-completeness',
    `entry ${index} (${describeEntry(record.entry)}) was committed in term ${record.term} (seen on node ${record.node}), but node ${node}, leader of the later term ${term}, holds ${entryText(held)} at index ${index}`,
  );
}

/**
 * The entry at `index` as this step left the node's log or, when the same step compacted it into
 * a snapshot (commit, apply and compaction in one step), as the node held it before the step. The
 * older copy counts only when the old log agrees with the snapshot's last entry: Log Matching then
 * makes every entry up to it the same. Without it a commit compacted at once went unrecorded, and
 * Figure 8 with snapshots broke only a liveness property.
 */
function entryThisStep(durable: RaftDurable, previous: NodeSnapshot | undefined, index: number): LogEntry | undefined {
  const held = entryAt(durable, index);
  if (held !== undefined || previous === undefined || index > durable.logStart.index) return held;
  const before = (at: number): LogEntry | undefined => (at > previous.logStartIndex ? previous.log[at - previous.logStartIndex - 1] : undefined);
  const anchor = before(durable.logStart.index);
  return anchor !== undefined && anchor.term === durable.logStart.term ? before(index) : undefined;
}

function observeNode(draft: Draft, view: View, node: NodeId, state: RaftState, previous: NodeSnapshot | undefined): void {
  const { durable, volatile } = state;
  const log = durable.log;

  if (previous === undefined || previous.log !== log) {
    if (previous !== undefined && previous.log.length > 0) {
      const previousLast = previous.logStartIndex + previous.log.length;
      if (previousLast > durable.logStart.index && entryAt(durable, previousLast) !== previous.log[previous.log.length - 1]) draft.truncations++;
    }
    for (let other = 0; other < view.nodes.length; other++) {
      if (other === node) continue;
      const otherState = view.nodes[other]?.state;
      if (otherState !== undefined) checkLogMatching(draft, node, durable, other, otherState.durable);
    }
  }

  const term = durable.currentTerm;
  const record = draft.leaders[node];
  if (volatile.role.kind === 'leader') {
    const known = draft.leaderByTerm[term];
    if (known === undefined) {
      const leaderByTerm = draft.leaderByTerm.slice();
      leaderByTerm[term] = node;
      draft.leaderByTerm = leaderByTerm;
    } else if (known !== node) {
      breaks(draft, 'election-safety', `nodes ${known} and ${node} were both elected leader of term ${term}`);
    }
    if (record !== undefined && record.term === term) {
      if (record.durable.log !== log && view.config.membershipChanges && previous !== undefined) {
        checkLearnersCaughtUp(draft, view, node, term, record.durable, durable, previous.commitIndex);
      }
      if (record.durable.log !== log) {
        // Compacting a prefix into a snapshot is not a deletion: compare what both still hold.
        for (let index = Math.max(record.durable.logStart.index, durable.logStart.index) + 1; index <= lastIndex(record.durable); index++) {
          const before = entryAt(record.durable, index) as LogEntry;
          const now = entryAt(durable, index);
          if (now !== undefined && sameEntry(before, now)) continue;
          breaks(
            draft,
            'leader-append-only',
            `node ${node}, leader of term ${term}, replaced its entry ${index} (${entryText(before)}) with ${entryText(now)}`,
          );
          break;
        }
      }
    } else {
      // Newly leader: it must already hold every entry committed in an earlier term.
      for (let index = 1; index <= draft.committed.length; index++) checkLeaderHasCommitted(draft, node, term, durable, index);
      if (view.config.membershipChanges) checkVoterLeads(draft, view.config.nodeCount, node, term, state);
    }
    if (view.config.membershipChanges) checkRemovedLeaderStepsDown(draft, view.config.nodeCount, node, term, state);
    if (record === undefined || record.durable.log !== log || record.term !== term) {
      const leaders = draft.leaders.slice();
      leaders[node] = { term, durable, electedAtStep: record !== undefined && record.term === term ? record.electedAtStep : view.step };
      draft.leaders = leaders;
    }
  } else if (record !== undefined) {
    const leaders = draft.leaders.slice();
    leaders[node] = undefined;
    draft.leaders = leaders;
  }

  const previousCommit = previous === undefined ? 0 : previous.commitIndex;
  if (volatile.commitIndex > previousCommit) {
    let committed: CommittedRecord[] | null = null;
    for (let index = previousCommit + 1; index <= volatile.commitIndex; index++) {
      const entry = entryThisStep(durable, previous, index);
      if (entry === undefined) continue;
      const known = (committed ?? draft.committed)[index - 1];
      if (known === undefined) {
        committed ??= draft.committed.slice();
        committed[index - 1] = { entry, term, node };
        draft.newlyCommitted.push(index);
      } else if (known.term > term && sameEntry(known.entry, entry)) {
        committed ??= draft.committed.slice();
        committed[index - 1] = { entry, term, node };
        draft.newlyCommitted.push(index);
      }
    }
    if (committed !== null) draft.committed = committed;
  }

  const previousApplied = previous === undefined ? 0 : previous.lastApplied;
  if (volatile.lastApplied > previousApplied) {
    let applied: AppliedRecord[] | null = null;
    for (let index = previousApplied + 1; index <= volatile.lastApplied; index++) {
      const entry = entryThisStep(durable, previous, index);
      if (entry === undefined) continue;
      const known = (applied ?? draft.applied)[index - 1];
      if (known === undefined) {
        applied ??= draft.applied.slice();
        applied[index - 1] = { entry, node };
      } else if (!sameEntry(known.entry, entry)) {
        breaks(
          draft,
          'state-machine-safety',
          `node ${node} applied ${describeEntry(entry)} at index ${index}, but node ${known.node} applied ${describeEntry(known.entry)} there`,
        );
      }
    }
    if (applied !== null) draft.applied = applied;
  }
  if (volatile.lastApplied !== previousApplied && volatile.lastApplied > 0) checkSameMachine(draft, node, volatile.lastApplied, volatile.machine);
}

/**
 * State machine safety for snapshots: every node that applied exactly through an index holds the
 * same key-value store, whether it got there entry by entry or by loading a snapshot.
 */
function checkSameMachine(draft: Draft, node: NodeId, applied: number, machine: StateMachine): void {
  const known = draft.machines[applied];
  if (known === undefined) {
    const machines = draft.machines.slice();
    machines[applied] = { machine, node };
    draft.machines = machines;
  } else if (known.machine !== machine && !isEqual(known.machine.values, machine.values)) {
    breaks(
      draft,
      'state-machine-safety',
      `node ${node} holds ${describeValues(machine.values)} after applying through index ${applied}, but node ${known.node} held ${describeValues(known.machine.values)} there`,
    );
  }
}

/**
 * Durable-state monotonicity: what a node last showed of its term and vote (before a crash, too)
 * against what it shows now. A term that goes back, or a second vote in one term, is how a node
 * votes twice and two leaders win one term.
 */
function checkTermAndVote(draft: Draft, node: NodeId, previous: NodeSnapshot, state: RaftState): void {
  const { currentTerm, votedFor } = state.durable;
  if (currentTerm < previous.term) {
    breaks(draft, 'term-and-vote-durable', `node ${node}'s currentTerm went back from ${previous.term} to ${currentTerm}`);
  } else if (currentTerm === previous.term && previous.votedFor !== null && votedFor !== previous.votedFor) {
    breaks(
      draft,
      'term-and-vote-durable',
      `node ${node} voted for ${previous.votedFor} in term ${currentTerm}, then ${votedFor === null ? 'forgot that vote' : `for ${votedFor}`}`,
    );
  }
}

/** Whether anything the properties look at differs from what was last seen of the node. */
function unchanged(seen: NodeSnapshot | undefined, state: RaftState): boolean {
  return (
    seen !== undefined &&
    seen.log === state.durable.log &&
    seen.term === state.durable.currentTerm &&
    seen.votedFor === state.durable.votedFor &&
    seen.commitIndex === state.volatile.commitIndex &&
    seen.lastApplied === state.volatile.lastApplied &&
    seen.leader === (state.volatile.role.kind === 'leader')
  );
}

function snapshot(state: RaftState, restarts: number): NodeSnapshot {
  return {
    log: state.durable.log,
    logStartIndex: state.durable.logStart.index,
    term: state.durable.currentTerm,
    votedFor: state.durable.votedFor,
    leader: state.volatile.role.kind === 'leader',
    commitIndex: state.volatile.commitIndex,
    lastApplied: state.volatile.lastApplied,
    restarts,
  };
}

export const raftGhost: GhostObserver<RaftConfig, RaftState, Message, Operation, Output, RaftGhost> = {
  init: (_config, nodeCount) => ({
    seen: Array.from({ length: nodeCount }, () => undefined),
    leaderByTerm: [],
    leaders: Array.from({ length: nodeCount }, () => undefined),
    committed: [],
    applied: [],
    machines: [],
    breaks: noBreaks,
    truncations: 0,
    waits: Array.from({ length: nodeCount }, () => undefined),
    contacts: Array.from({ length: nodeCount }, () => undefined),
    sends: [],
    preVotes: Array.from({ length: nodeCount }, () => undefined),
  }),
  observe(ghost, view) {
    const observed = checkReplicationContinues(checkTaken(checkLeaders(observeNodes(checkPreVoted(ghost, view), view), view), view), view);
    if (!view.config.membershipChanges) return observed;
    let breaks = observed.breaks;
    const refused = breaks['membership-retries-answered'] === undefined ? refusedHeldChange(view) : null;
    if (refused !== null) breaks = withBreak(breaks, 'membership-retries-answered', refused);
    const unjustified = breaks['membership-refusals-justified'] === undefined ? refusedValidChange(view) : null;
    if (unjustified !== null) breaks = withBreak(breaks, 'membership-refusals-justified', unjustified);
    const early = breaks['membership-answered-when-committed'] === undefined ? answeredBeforeCommitted({ ...view, ghost: observed }) : null;
    if (early !== null) breaks = withBreak(breaks, 'membership-answered-when-committed', early);
    return breaks === observed.breaks ? observed : { ...observed, breaks };
  },
};

function observeNodes(ghost: RaftGhost, view: View): RaftGhost {
  let seen: (NodeSnapshot | undefined)[] | null = null;
  let draft: Draft | null = null;
  for (let node = 0; node < view.nodes.length; node++) {
    const slot = view.nodes[node];
    if (slot === undefined || !slot.up) continue;
    const previous = ghost.seen[node];
    const state = slot.state;
    if (unchanged(previous, state)) continue;
    seen ??= ghost.seen.slice();
    seen[node] = snapshot(state, slot.restarts);
    draft ??= {
      leaderByTerm: ghost.leaderByTerm,
      leaders: ghost.leaders,
      committed: ghost.committed,
      applied: ghost.applied,
      machines: ghost.machines,
      breaks: ghost.breaks,
      truncations: ghost.truncations,
      newlyCommitted: [],
    };
    if (previous !== undefined) {
      checkTermAndVote(draft, node, previous, state);
      if (previous.leader && previous.restarts === slot.restarts) checkStepDownHasCause(draft, view, node, previous, state);
    }
    observeNode(draft, view, node, state, previous);
  }
  if (seen === null || draft === null) return ghost;
  if (draft.newlyCommitted.length > 0) {
    // A newly committed entry must already be in the log of every live leader of a later term.
    for (let node = 0; node < view.nodes.length; node++) {
      const slot = view.nodes[node];
      if (slot === undefined || !slot.up || slot.state.volatile.role.kind !== 'leader') continue;
      for (const index of draft.newlyCommitted) {
        checkLeaderHasCommitted(draft, node, slot.state.durable.currentTerm, slot.state.durable, index);
      }
    }
  }
  return {
    seen,
    leaderByTerm: draft.leaderByTerm,
    leaders: draft.leaders,
    committed: draft.committed,
    applied: draft.applied,
    machines: draft.machines,
    breaks: draft.breaks,
    truncations: draft.truncations,
    waits: ghost.waits,
    contacts: ghost.contacts,
    sends: ghost.sends,
    preVotes: ghost.preVotes,
  };
}

/**
 * A node that knows who leads takes a client's request: the leader answers it or waits to (a
 * change found in progress under joint consensus aside, left unanswered by design: one the leader
 * holds no entry of), and a follower passes it on to its leader (a Forward), so a client needs no
 * idea of who leads. A new request is the newest operation of the history (a step adds at most
 * one), sent to the node the history names. A retry (a step that raises a client's attempts) names
 * no node, so it is checked only where every live node agrees on one leader: then the follower it
 * reached passes it on, or the leader takes it. A Forward lost at send (a cut link, a full network)
 * is not the follower's doing. Found by mutation testing (docs/mutation.md): a follower that
 * refused or ignored requests, or a leader that ignored them or a retry of a change it holds,
 * broke nothing, the client retrying until it met a leader that took it.
 */
function checkTaken(ghost: RaftGhost, view: View): RaftGhost {
  const { sends, retried } = clientSends(ghost, view);
  const observed = sends === ghost.sends ? ghost : { ...ghost, sends };
  if (ghost.breaks['requests-taken'] !== undefined) return observed;
  const entry = view.history[view.history.length - 1];
  const fresh = entry !== undefined && entry.invokedAtStep === view.step - 1 && entry.attempts === 1;
  const problem = fresh ? newRequestProblem(view, entry) : retried === null ? null : retryProblem(view, retried);
  if (problem === null) return observed;
  const asked = fresh ? entry : (retried as HistoryEntry<Operation, Output>);
  return {
    ...observed,
    breaks: withBreak(
      observed.breaks,
      'requests-taken',
      `"${describeOperation(asked.operation)}" (client ${asked.clientId}, operation ${asked.operationId}${fresh ? '' : `, attempt ${asked.attempts}`}) at step ${view.step - 1}: ${problem}`,
    ),
  };
}

/** Each client's latest operation and its attempts, and the operation retried in this step, if any. */
function clientSends(ghost: RaftGhost, view: View): { sends: RaftGhost['sends']; retried: HistoryEntry<Operation, Output> | null } {
  let sends: (ClientSends | undefined)[] | null = null;
  let retried: HistoryEntry<Operation, Output> | null = null;
  const clients = new Set<number>();
  // A client's latest operation is its last entry: walk back until every client is met.
  for (let index = view.history.length - 1; index >= 0 && clients.size < view.config.clientCount; index--) {
    const entry = view.history[index] as HistoryEntry<Operation, Output>;
    if (clients.has(entry.clientId)) continue;
    clients.add(entry.clientId);
    const seen = ghost.sends[entry.clientId];
    if (seen !== undefined && seen.operationId === entry.operationId && seen.attempts === entry.attempts) continue;
    if (seen !== undefined && seen.operationId === entry.operationId && entry.attempts > seen.attempts) retried = entry;
    sends ??= ghost.sends.slice();
    sends[entry.clientId] = { operationId: entry.operationId, attempts: entry.attempts };
  }
  return { sends: sends ?? ghost.sends, retried };
}

function requestAsked(entry: HistoryEntry<Operation, Output>): (request: { readonly clientId: number; readonly operationId: number }) => boolean {
  return (request) => request.clientId === entry.clientId && request.operationId === entry.operationId;
}

/** Whether `role`, a leader, waits to answer `entry`, or may leave it unanswered: a membership change under joint consensus refused quietly (it holds no entry of it). */
function leaderTook(view: View, state: RaftState, entry: HistoryEntry<Operation, Output>): boolean {
  const role = state.volatile.role as LeaderRole<KvCommand>;
  const asked = requestAsked(entry);
  if (entry.reply !== null || role.waiting.some(asked) || role.pendingReads.some((read) => asked(read.command))) return true;
  return isMembershipOperation(entry.operation) && view.config.membershipChangeMode === 'joint' && !holdsChange(state, entry);
}

/** What went wrong with a new request `entry` at the node it was sent to, or null. */
function newRequestProblem(view: View, entry: HistoryEntry<Operation, Output>): string | null {
  const slot = view.nodes[entry.node];
  const role = slot?.up === true ? slot.state.volatile.role : null;
  if (role?.kind === 'leader') {
    return leaderTook(view, (slot as (typeof view.nodes)[number]).state, entry)
      ? null
      : `node ${entry.node}, the leader, neither answered nor waits to answer`;
  }
  if (role?.kind !== 'follower' || role.leader === null || role.leader === entry.node) return null;
  const leader = role.leader;
  const { partition, inFlight } = view.network;
  const cut = (partition !== null && partition[entry.node] !== partition[leader]) || inFlight.length >= defaultLimits.inFlightMax;
  const asked = requestAsked(entry);
  const passedOn = inFlight.some(
    (sent) => sent.from === entry.node && sent.to === leader && sent.message.type === 'forward' && asked(sent.message.request),
  );
  if (cut || passedOn) return null;
  return `node ${entry.node}, a follower of leader ${leader}, did not pass it on (it ${entry.reply === null ? 'left it unanswered' : `answered it ${entry.reply.outcome}`})`;
}

/**
 * What went wrong with retry `entry`, or null: checked only while the network is whole and every
 * live node follows one live leader, so that wherever it went, a follower passed it on or the
 * leader took it.
 */
function retryProblem(view: View, entry: HistoryEntry<Operation, Output>): string | null {
  if (entry.reply !== null) return null;
  const { partition, inFlight } = view.network;
  if (partition !== null || inFlight.length >= defaultLimits.inFlightMax) return null;
  let leader = -1;
  for (let node = 0; node < view.nodes.length; node++) {
    const slot = view.nodes[node] as (typeof view.nodes)[number];
    if (!slot.up || slot.state.volatile.role.kind !== 'leader') continue;
    if (leader >= 0) return null;
    leader = node;
  }
  if (leader < 0) return null;
  for (let node = 0; node < view.nodes.length; node++) {
    const slot = view.nodes[node] as (typeof view.nodes)[number];
    if (node === leader || !slot.up) continue;
    const role = slot.state.volatile.role;
    if (role.kind !== 'follower' || role.leader !== leader) return null;
  }
  const step = view.step - 1;
  const asked = requestAsked(entry);
  if (inFlight.some((sent) => sent.sentAtStep === step && sent.message.type === 'forward' && asked(sent.message.request))) return null;
  if (leaderTook(view, (view.nodes[leader] as (typeof view.nodes)[number]).state, entry)) return null;
  return `every live node follows leader ${leader}, yet no follower passed the retry on and the leader neither answered nor waits to answer it`;
}

/**
 * A leader forgets no client it waits for: while it leads in one term, a requester leaves its
 * waiting list, or a read its pending reads, only once the client's operation is answered (in
 * this step or before; a client has one operation at a time, so a newer request of the same
 * client means the older one was answered). A request dropped unanswered is answered only by a
 * retry, which `operations-complete` accepts: found by mutation testing (docs/mutation.md), a
 * configuration change applied without answering its requester broke nothing else.
 *
 * `flow-control-consistent`: every leader's bookkeeping of its followers keeps etcd-raft's Progress
 * invariants (`progressProblem`) after every step. A leader that loses track of what it sent
 * resends too much or stalls until a heartbeat; no other property sees it. Found by mutation
 * testing (docs/mutation.md).
 *
 * Both run in one pass, and only for a leader whose role or durable state is not the one they last
 * ran on: their verdicts depend on nothing else (the history is read only when the waiting lists
 * changed), so a step that leaves every leader alone costs one comparison per node.
 */
function checkLeaders(ghost: RaftGhost, view: View): RaftGhost {
  const nodes = view.nodes;
  const seenWaits = ghost.waits;
  let waits: (LeaderWaits | undefined)[] | null = null;
  let breaksSoFar = ghost.breaks;
  for (let node = 0; node < nodes.length; node++) {
    const slot = nodes[node] as (typeof nodes)[number];
    const seen = seenWaits[node];
    const role = slot.up ? slot.state.volatile.role : null;
    if (role === null || role.kind !== 'leader') {
      if (seen !== undefined) {
        waits ??= seenWaits.slice();
        waits[node] = undefined;
      }
      continue;
    }
    const durable = slot.state.durable;
    // The usual case: the leader as last checked (a step that did not touch its role or log).
    if (seen !== undefined && seen.role === role && seen.durable === durable) continue;
    const listsKept = seen !== undefined && seen.waiting === role.waiting && seen.pendingReads === role.pendingReads;
    const term = listsKept ? seen.term : durable.currentTerm;
    if (!listsKept && seen !== undefined && seen.term === term && breaksSoFar['waiting-requests-answered'] === undefined) {
      const dropped = droppedUnanswered(seen, role, view.history);
      if (dropped !== null) {
        const entry = view.history[dropped.operationId] as (typeof view.history)[number];
        breaksSoFar = withBreak(
          breaksSoFar,
          'waiting-requests-answered',
          `node ${node}, leader of term ${term}, stopped waiting to answer "${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}) at step ${view.step - 1} without answering it`,
        );
      }
    }
    if (breaksSoFar['flow-control-consistent'] === undefined) {
      const last = lastIndex(durable);
      for (let follower = 0; follower < role.nextIndex.length; follower++) {
        if (follower === node) continue;
        const problem = progressProblem(view.config, role, last, follower);
        if (problem === null) continue;
        breaksSoFar = withBreak(
          breaksSoFar,
          'flow-control-consistent',
          `node ${node}, leader of term ${durable.currentTerm}, tracks follower ${follower} with ${problem}`,
        );
        break;
      }
    }
    waits ??= seenWaits.slice();
    waits[node] = listsKept
      ? { term, waiting: seen.waiting, pendingReads: seen.pendingReads, role, durable }
      : { term, waiting: role.waiting, pendingReads: role.pendingReads, role, durable };
  }
  if (waits === null && breaksSoFar === ghost.breaks) return ghost;
  return {
    seen: ghost.seen,
    leaderByTerm: ghost.leaderByTerm,
    leaders: ghost.leaders,
    committed: ghost.committed,
    applied: ghost.applied,
    machines: ghost.machines,
    breaks: breaksSoFar,
    truncations: ghost.truncations,
    waits: waits ?? seenWaits,
    contacts: ghost.contacts,
    sends: ghost.sends,
    preVotes: ghost.preVotes,
  };
}

/**
 * `replication-continues`: after healing (the liveness phase: no message is lost, duplicated or
 * reordered on a link), once a leader has sent a follower an AppendEntries or InstallSnapshot, it
 * keeps one message between them in flight (its own, or the follower's answer) for as long as it
 * knows the follower lags (matchIndex below its last index). Each answer to its newest message
 * brings the next one at once, as etcd-raft's and the paper's leaders do; a leader that waits for
 * its next heartbeat (a rejection not answered by a step back, an acknowledgement that sends
 * nothing more, a probe left in probe) replicates a heartbeat interval per message: slower, never
 * wrong, so no other property sees it. Before healing, and after a step that filled the network
 * (a send dropped as "network full"), a message may be lost: the watch restarts from the next
 * send. Found by mutation testing (docs/mutation.md).
 */
function checkReplicationContinues(ghost: RaftGhost, view: View): RaftGhost {
  const livenessFrom = view.livenessFromStep;
  if (livenessFrom === undefined || ghost.breaks['replication-continues'] !== undefined) return ghost;
  const inFlight = view.network.inFlight;
  const full = inFlight.length >= defaultLimits.inFlightMax;
  let contacts: (LeaderContacts | undefined)[] | null = null;
  let problem: string | null = null;
  for (let leader = 0; leader < view.nodes.length && problem === null; leader++) {
    const slot = view.nodes[leader] as (typeof view.nodes)[number];
    const role = slot.up ? slot.state.volatile.role : null;
    const seen = ghost.contacts[leader];
    if (role === null || role.kind !== 'leader') {
      if (seen !== undefined) {
        contacts ??= ghost.contacts.slice();
        contacts[leader] = undefined;
      }
      continue;
    }
    const { durable } = slot.state;
    const term = durable.currentTerm;
    const sentFromStep = full ? view.step : seen !== undefined && seen.term === term ? seen.sentFromStep : livenessFrom;
    let followers = seen !== undefined && seen.term === term && !full ? seen.followers : 0;
    // Sent to since messages stopped getting lost: what this step sent is last in flight (it is in flight now).
    for (let at = inFlight.length - 1; at >= 0; at--) {
      const sent = inFlight[at] as (typeof inFlight)[number];
      if (sent.sentAtStep < view.step - 1) break;
      if (sent.from !== leader || sent.sentAtStep < sentFromStep) continue;
      const message = sent.message;
      if ((message.type === 'append-entries' || message.type === 'install-snapshot') && message.term === term) followers |= 1 << sent.to;
    }
    if (seen === undefined || seen.term !== term || seen.followers !== followers || seen.sentFromStep !== sentFromStep) {
      contacts ??= ghost.contacts.slice();
      contacts[leader] = { term, sentFromStep, followers };
    }
    if (followers === 0) continue;
    const last = lastIndex(durable);
    let members: ((node: NodeId) => boolean) | null = null;
    for (let follower = 0; follower < view.nodes.length; follower++) {
      if ((followers & (1 << follower)) === 0) continue;
      const match = role.matchIndex[follower] ?? 0;
      if (match >= last || windowFull(view.config, role, follower) || talking(inFlight, leader, follower)) continue;
      members ??= memberFilter(view, slot.state);
      if (!members(follower)) continue;
      problem = `node ${leader}, leader of term ${term}, has nothing in flight to or from follower ${follower} after step ${view.step - 1} of the liveness phase (from step ${livenessFrom}), though it knows that follower lags (matchIndex ${match}, its last index ${last})`;
      break;
    }
  }
  if (contacts === null && problem === null) return ghost;
  return {
    ...ghost,
    contacts: contacts ?? ghost.contacts,
    breaks: problem === null ? ghost.breaks : withBreak(ghost.breaks, 'replication-continues', problem),
  };
}

/** Whether an AppendEntries or InstallSnapshot from `leader` to `follower`, or an answer back, is in flight. */
function talking(inFlight: View['network']['inFlight'], leader: NodeId, follower: NodeId): boolean {
  for (const sent of inFlight) {
    const type = sent.message.type;
    if (sent.from === leader && sent.to === follower && (type === 'append-entries' || type === 'install-snapshot')) return true;
    if (sent.from === follower && sent.to === leader && type === 'append-entries-response') return true;
  }
  return false;
}

/**
 * Whether flow control holds a follower's AppendEntries back: a full inflight window waits for an
 * answer to free it. A window whose messages were all lost before healing is freed by a heartbeat's
 * answer (etcd-raft's rule, which variant full-window-stalls breaks: `no-acked-write-lost` finds
 * it), so `replication-continues` leaves it to the heartbeat.
 */
function windowFull(config: RaftConfig, role: LeaderRole<KvCommand>, follower: NodeId): boolean {
  const progress = role.progress[follower];
  return config.pipelining && progress?.state === 'replicate' && progress.inflight.length >= config.maxInflightMessages;
}

/** Whether the client's operation `operationId` is in the history and still unanswered. */
function unanswered(history: View['history'], clientId: number, operationId: number): boolean {
  const entry = history[operationId];
  return entry !== undefined && entry.clientId === clientId && entry.completedAt === null;
}

/**
 * The first request a leader waited for (`seen`) and no longer does (`role`) though its client's
 * operation is unanswered, or null. Plain loops, no closures: it runs whenever a leader's lists change.
 */
function droppedUnanswered(
  seen: LeaderWaits,
  role: LeaderRole<KvCommand>,
  history: View['history'],
): { readonly clientId: number; readonly operationId: number } | null {
  for (const requester of seen.waiting) {
    if (!unanswered(history, requester.clientId, requester.operationId)) continue;
    let kept = false;
    for (const other of role.waiting) {
      if (other.clientId === requester.clientId && other.operationId === requester.operationId) {
        kept = true;
        break;
      }
    }
    if (!kept) return requester;
  }
  for (const read of seen.pendingReads) {
    const command = read.command;
    if (!unanswered(history, command.clientId, command.operationId)) continue;
    let kept = false;
    for (const other of role.pendingReads) {
      if (other.command.clientId === command.clientId && other.command.operationId === command.operationId) {
        kept = true;
        break;
      }
    }
    if (!kept) return command;
  }
  return null;
}

/**
 * Why a leader's bookkeeping of `follower` breaks etcd-raft's Progress invariants, or null:
 * matchIndex < nextIndex <= its last index + 1, matchIndex <= its last index; with pipelining, a
 * follower in probe or snapshot state has nothing in flight (etcd resets Inflights on every state
 * change), and one in replicate at most maxInflightMessages AppendEntries (etcd's Inflights panics
 * when full), their last indexes increasing, above matchIndex and below nextIndex.
 */
function progressProblem(config: RaftConfig, role: LeaderRole<KvCommand>, last: number, follower: NodeId): string | null {
  const match = role.matchIndex[follower] ?? 0;
  const next = role.nextIndex[follower] ?? 1;
  if (!(match < next && next <= last + 1)) return `matchIndex ${match}, nextIndex ${next} with its log ending at ${last}`;
  const progress = role.progress[follower];
  if (!config.pipelining || progress === undefined) return null;
  const inflight = progress.inflight;
  if (progress.state !== 'replicate')
    return inflight.length === 0 ? null : `${progress.state} state with AppendEntries in flight (${inflight.join(', ')})`;
  if (inflight.length > config.maxInflightMessages)
    return `${inflight.length} AppendEntries in flight, more than maxInflightMessages ${config.maxInflightMessages}`;
  let previous = match;
  for (const index of inflight) {
    if (typeof index !== 'number' || index <= previous || index >= next) {
      return `AppendEntries in flight ending at ${inflight.join(', ')} with matchIndex ${match} and nextIndex ${next}`;
    }
    previous = index;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// End of run

/** The live leader of the highest term any node knows, or a sentence saying why there is none. */
function currentLeader(view: View): { leader: NodeId | null; problem: string | null } {
  let highestTerm = 0;
  for (const slot of view.nodes) highestTerm = Math.max(highestTerm, slot.state.durable.currentTerm);
  if (view.config.membershipChanges) {
    // Servers outside the cluster (removed, or never added) may sit in any term: only the
    // members of the newest leader's configuration must not be ahead of it.
    let newest: NodeId | null = null;
    for (const [node, slot] of view.nodes.entries()) {
      if (!slot.up || slot.state.volatile.role.kind !== 'leader') continue;
      if (newest === null || slot.state.durable.currentTerm > (view.nodes[newest]?.state.durable.currentTerm ?? 0)) newest = node;
    }
    if (newest !== null) {
      const members = memberFilter(view, view.nodes[newest]?.state);
      const term = view.nodes[newest]?.state.durable.currentTerm ?? 0;
      highestTerm = term;
      for (const [node, slot] of view.nodes.entries()) if (members(node)) highestTerm = Math.max(highestTerm, slot.state.durable.currentTerm);
    }
  }
  const leader = view.nodes.findIndex(
    (slot) => slot.up && slot.state.volatile.role.kind === 'leader' && slot.state.durable.currentTerm === highestTerm,
  );
  if (leader >= 0) return { leader, problem: null };
  const roles = view.nodes.map(
    (slot, node) => `node ${node} ${slot.up ? slot.state.volatile.role.kind : 'down'} in term ${slot.state.durable.currentTerm}`,
  );
  return { leader: null, problem: `no leader was elected after the network healed and every node restarted (${roles.join(', ')})` };
}

/**
 * Why the cluster has not settled yet, or null once one leader leads the highest term, everything
 * in its log is committed, nobody waits for an answer, and every node holds and has applied the
 * leader's whole log.
 */
/** With membership changes, which nodes are in the configuration of `leader` (everyone otherwise): the others need not hold the log. */
function memberFilter(view: View, leader: RaftState | undefined): (node: NodeId) => boolean {
  if (!view.config.membershipChanges || leader === undefined) return () => true;
  const membership = membershipAt(view.config.nodeCount, leader.durable, lastIndex(leader.durable));
  return (node) => membership.voters.includes(node) || membership.learners.includes(node) || (membership.outgoing?.includes(node) ?? false);
}

function unsettled(view: View): string | null {
  const { leader, problem } = currentLeader(view);
  if (leader === null) return problem;
  const state = (view.nodes[leader] as (typeof view.nodes)[number]).state;
  const role = state.volatile.role;
  if (role.kind !== 'leader') return `node ${leader} is not leader`;
  if (role.waiting.length > 0) return `leader ${leader} never answered ${role.waiting.length} waiting client request(s)`;
  if (role.pendingReads.length > 0) return `leader ${leader} never answered ${role.pendingReads.length} read(s) waiting for a heartbeat round`;
  const last = lastIndex(state.durable);
  if (state.volatile.commitIndex < last) return `leader ${leader} committed through index ${state.volatile.commitIndex} of its ${last}`;
  const members = memberFilter(view, state);
  for (const [node, slot] of view.nodes.entries()) {
    if (!members(node)) continue;
    if (!slot.up) return `node ${node} is down`;
    const held = lastIndex(slot.state.durable);
    if (held !== last || slot.state.volatile.lastApplied !== last) {
      return `node ${node} holds through index ${held} and applied through ${slot.state.volatile.lastApplied}, the leader's log ends at ${last}`;
    }
  }
  return null;
}

/**
 * True once one leader leads the highest term, everything in its log is committed, nobody waits
 * for an answer, and every node holds and has applied the leader's whole log.
 */
export function raftSettled(view: View): boolean {
  return unsettled(view) === null;
}

/**
 * Liveness of replication itself: `operations-complete` is content with a failure answer (a
 * follower saying "not the leader"), so a leader that stops replicating, committing or answering
 * passes it; this property does not. Found by mutation testing (docs/mutation.md).
 */
const replicatedAfterHealing: Property = {
  category: 'liveness',
  description:
    'after the network heals and every node restarts, the leader commits its whole log, answers every waiting client, and every node holds and applies that log within the bounded liveness phase',
  when: 'end',
  check: (view) => {
    const problem = unsettled(view);
    return problem === null ? null : `the cluster did not settle after healing: ${problem}`;
  },
};

/**
 * How many liveness-phase steps a stable leader may take to replicate the progress probe: from the
 * probe's first operation (or the election of the leader that ends the run, if later) to the end of
 * the run, when the cluster has settled again. The probe starts on a settled cluster (every other
 * end property held), healed, every node up, rounds in lockstep (deliver everything in flight, tick
 * every node): a put is forwarded, appended, replicated, committed and answered, a get confirmed by
 * a heartbeat round, and with membership changes the spare added, caught up and promoted, each a
 * few rounds. A round's steps grow with the node count (one tick each, and the leader's messages
 * to each follower and their answers), and the rounds spent waiting for a heartbeat with its
 * interval. Counting from the final leader's election leaves elections out: their length is luck.
 * The steps per node are the correct model's worst case over every Raft mutation setup at 3,000
 * runs x seeds 1 to 3 (34 and 61), times about 1.5 (docs/mutation.md "Raft timing"). Only a leader that
 * replicates slower than the protocol needs (a rejection answered at the next heartbeat, a window
 * freed late, an append held for a heartbeat) takes longer.
 */
export function probeReplicationStepsMax(config: RaftConfig, leaderLogEntries = 0): number {
  const perNode = config.membershipChanges ? PROBE_STEPS_PER_NODE_MEMBERSHIP : PROBE_STEPS_PER_NODE;
  const rounds = Math.ceil(perNode * config.nodeCount * Math.max(1, config.heartbeatIntervalTicks / 2));
  return rounds + (config.membershipChanges ? catchUpStepsMax(config, leaderLogEntries) : 0);
}
const PROBE_STEPS_PER_NODE = 52;
/** Adding the spare (an empty log to catch up, then a promotion) takes longer. */
const PROBE_STEPS_PER_NODE_MEMBERSHIP = 90;

/**
 * With membership changes the probe may wait for a server added empty to catch up on the leader's
 * whole log (entries after its snapshot), `entriesPerAppendMax` per round trip when appends wait
 * for their answer: one entry per append is 19 round trips for 19 entries. A round trip is two
 * lockstep rounds (an append, its answer), each one tick per node and a few deliveries: 14 steps
 * with four nodes in the run that showed it (`faultline hunt --protocol raft --set nodeCount=4 --set
 * membershipChanges=true --set membershipChangeMode=joint --runs 10000 --seed 7203`: 447 steps
 * against a bound of 360, the spare caught up one entry per 14 steps, 2026-12-02).
 */
function catchUpStepsMax(config: RaftConfig, leaderLogEntries: number): number {
  return Math.ceil(leaderLogEntries / config.entriesPerAppendMax) * CATCH_UP_STEPS_PER_ROUND_TRIP_PER_NODE * config.nodeCount;
}
const CATCH_UP_STEPS_PER_ROUND_TRIP_PER_NODE = 4;

/** Steps from the probe's start (or the final leader's election, if later) to the end of the run, or null without a probe or a leader. */
export function probeReplicationSteps(view: View): number | null {
  const probe = view.history.find((entry) => entry.probe !== undefined);
  if (probe === undefined) return null;
  const { leader } = currentLeader(view);
  if (leader === null) return null;
  const record = view.ghost.leaders[leader];
  const from = Math.max(probe.invokedAtStep, record?.electedAtStep ?? 0);
  return view.step - from;
}

const probeReplicatedPromptly: Property = {
  category: 'liveness',
  description:
    'after healing, a leader that stays elected replicates, commits and answers the progress probe (and catches every node up with it) within a bound of liveness-phase steps derived from the node count, the heartbeat interval and whether membership changes run (then also from the length of the leader log and the entries per append: a server added empty catches up on the whole log)',
  when: 'end',
  check: (view) => {
    const steps = probeReplicationSteps(view);
    if (steps === null || unsettled(view) !== null) return null;
    const { leader } = currentLeader(view);
    const durable = leader === null ? undefined : view.nodes[leader]?.state.durable;
    const stepsMax = probeReplicationStepsMax(view.config, durable === undefined ? 0 : lastIndex(durable) - durable.logStart.index);
    return steps <= stepsMax
      ? null
      : `the cluster took ${steps} steps after the progress probe began (or its leader was elected) to settle again, more than the bound of ${stepsMax} for ${view.config.nodeCount} nodes`;
  },
};

const leaderAfterHealing: Property = {
  category: 'liveness',
  description: 'after the network heals and every node restarts, a leader of the highest term is elected within the bounded liveness phase',
  when: 'end',
  check: (view) => currentLeader(view).problem,
};

function isAcknowledgedWrite(entry: HistoryEntry<Operation, Output> & { reply: { outcome: 'ok'; output: Output } }): boolean {
  const output = entry.reply.output;
  return output.type === 'put' || (output.type === 'cas' && output.ok);
}

const noAcknowledgedWriteLost: Property = {
  description: "after the liveness phase, every acknowledged put and successful compare-and-set is in every live node's applied log",
  when: 'end',
  check(view) {
    const { leader } = currentLeader(view);
    const members = memberFilter(view, leader === null ? undefined : view.nodes[leader]?.state);
    for (const entry of acknowledged(view.history)) {
      if (!isAcknowledgedWrite(entry)) continue;
      for (const [node, slot] of view.nodes.entries()) {
        if (!slot.up || !members(node)) continue;
        const { durable, volatile } = slot.state;
        const applied = volatile.lastApplied;
        let found = false;
        for (let index = durable.logStart.index + 1; index <= applied && !found; index++) {
          const command = entryAt(durable, index)?.command;
          found = command?.type === 'command' && command.command.clientId === entry.clientId && command.command.operationId === entry.operationId;
        }
        // An entry compacted into the snapshot is known by its client's session in the store (operation ids grow per client).
        if (!found && durable.logStart.index > 0) found = (volatile.machine.sessions[entry.clientId]?.operationId ?? -1) >= entry.operationId;
        if (!found) {
          return `acknowledged write "${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}, acknowledged at step ${entry.completedAtStep}) is not among the ${applied} entries node ${node} applied`;
        }
      }
    }
    return null;
  },
};

/**
 * What an acknowledged membership operation promises about `node`: in the cluster (true), out of it
 * (false), nothing checkable ('changes': it may move the node, e.g. the voter a replace-server
 * replaces, which leaves only when the new server is promoted), or nothing at all (null).
 */
function membershipTarget(operation: Operation, node: NodeId): boolean | 'changes' | null {
  switch (operation.type) {
    case 'add-server':
      return operation.node === node ? true : null;
    case 'remove-server':
      return operation.node === node ? false : null;
    case 'replace-server':
      // Answered once the replacement joins as a learner.
      return operation.replacement === node ? true : operation.node === node ? 'changes' : null;
    default:
      return null;
  }
}

/**
 * Whether `entry` can no longer take effect after `time`: it was answered before then, and not with
 * `unknown` (an operation answered "unknown" may still take effect later: a refused retry's earlier
 * Forward can reach the leader after the refusal, as a linearizability checker also assumes).
 */
function settledBefore(entry: View['history'][number], time: number): boolean {
  return entry.completedAt !== null && entry.completedAt < time && entry.reply?.outcome !== 'unknown';
}

/**
 * An acknowledged add-server or remove-server is in effect at the end, unless another membership
 * operation on the same server may have taken effect after it (one that was not answered before it
 * was invoked, failures aside). `linearizable` leaves membership operations out, and every other
 * property is content with a change that never happened. Found by mutation testing (docs/mutation.md).
 */
const membershipChangesTakeEffect: Property = {
  description:
    "an acknowledged add-server (or replace-server's new server) is in the leader's configuration at the end, and an acknowledged remove-server's server is not, unless a later or concurrent membership operation on that server may have undone it; every ok answer to a membership operation is a membership answer",
  when: 'end',
  check(view) {
    if (!view.config.membershipChanges) return null;
    // An answer of the wrong kind is no acknowledgement of the change (as linearizable checks a key-value answer's kind).
    for (const entry of view.history) {
      if (entry.reply?.outcome !== 'ok' || !isMembershipOperation(entry.operation) || entry.reply.output.type === 'membership') continue;
      return `"${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}) was answered ${JSON.stringify(entry.reply.output)}, which is no membership answer`;
    }
    const { leader } = currentLeader(view);
    const state = leader === null ? undefined : view.nodes[leader]?.state;
    if (state === undefined) return null;
    const membership = membershipAt(view.config.nodeCount, state.durable, lastIndex(state.durable));
    for (let node = 0; node < view.config.nodeCount; node++) {
      const touching = view.history.filter((entry) => membershipTarget(entry.operation, node) !== null && entry.reply?.outcome !== 'fail');
      for (const entry of touching) {
        if (entry.reply?.outcome !== 'ok') continue;
        const last = touching.every((other) => other === entry || settledBefore(other, entry.invokedAt));
        if (!last) continue;
        if (membershipTarget(entry.operation, node) === 'changes') {
          // replace-server: the replacement votes only through the joint change that retires `node`.
          const replaced = replacedStillVotes(view.history, entry, membership, node);
          if (replaced !== null)
            return `acknowledged "${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}) ${replaced}: leader ${leader} ends with ${describeMembership(membership)}`;
          continue;
        }
        const inCluster = membership.voters.includes(node) || membership.learners.includes(node);
        if (inCluster !== membershipTarget(entry.operation, node)) {
          return `acknowledged "${describeOperation(entry.operation)}" (client ${entry.clientId}, operation ${entry.operationId}, acknowledged at step ${entry.completedAtStep}) is not in effect: leader ${leader} ends with ${describeMembership(membership)}`;
        }
      }
    }
    return null;
  },
};

/**
 * Each client's configuration change is committed once: the entry that answers its client (a plain
 * change, or C_new under joint consensus; a leader's own promotions name no client) never appears at
 * two indexes of the committed log. A retry of a change the leader holds, in its log or compacted into
 * its snapshot, must get the first attempt's answer; appended again, it would redo a change that
 * another client has undone since, which no answer shows (the two membership operations overlap).
 */
const membershipChangesAppliedOnce: Property = {
  description:
    "with membership changes, each client's configuration change is committed at most once: a retry of a change already in the leader's log or snapshot is answered as the first attempt, never appended again",
  when: 'end',
  check(view) {
    if (!view.config.membershipChanges) return null;
    const firstIndex = new Map<string, number>();
    for (let position = 0; position < view.ghost.committed.length; position++) {
      const command = view.ghost.committed[position]?.entry.command;
      if (command?.type !== 'config' || command.clientId < 0 || command.membership.outgoing !== undefined) continue;
      const key = `${command.clientId}/${command.operationId}`;
      const earlier = firstIndex.get(key);
      if (earlier !== undefined) {
        return `client ${command.clientId}'s configuration change (operation ${command.operationId}) was committed twice, at indexes ${earlier} and ${position + 1}`;
      }
      firstIndex.set(key, position + 1);
    }
    return null;
  },
};

/**
 * Why replace-server `entry` (of `node`) is half done in the final `membership`, or null: its
 * replacement votes while `node` still does. Only when no later or concurrent membership operation
 * touched the replacement (a later add-server could have made it a voter on its own), and no
 * operation ever added `node` (an add-server answered once `node` joined as a learner promotes it
 * later, after a replace-server that found it not voting was answered "already done").
 */
function replacedStillVotes(history: View['history'], entry: View['history'][number], membership: Membership, node: NodeId): string | null {
  if (entry.operation.type !== 'replace-server') return null;
  const replacement = entry.operation.replacement;
  const lastOnReplacement = history.every(
    (other) =>
      other === entry ||
      membershipTarget(other.operation, replacement) === null ||
      other.reply?.outcome === 'fail' ||
      settledBefore(other, entry.invokedAt),
  );
  const everAdded = history.some((other) => other !== entry && membershipTarget(other.operation, node) === true);
  if (!lastOnReplacement || everAdded || !membership.voters.includes(replacement) || !membership.voters.includes(node)) return null;
  return `left server ${node} a voter beside its replacement ${replacement}`;
}

/** What `node` is in `membership`: a voter, a learner, or outside. */
function roleIn(membership: Membership, node: NodeId): 'voter' | 'learner' | 'out' {
  return membership.voters.includes(node) ? 'voter' : membership.learners.includes(node) ? 'learner' : 'out';
}

function sameNodes(left: readonly NodeId[], right: readonly NodeId[]): boolean {
  return left.length === right.length && left.every((node) => right.includes(node));
}

/**
 * Why the step from configuration `previous` to `next` breaks the configured membership mode, or
 * null: single-server mode moves one server at a time and never enters a joint configuration;
 * joint consensus changes the voters only through C_old,new (the old voters outgoing), then C_new
 * with the joint configuration's new voters.
 */
function modeBreak(mode: 'single' | 'joint', nodeCount: number, previous: Membership, next: Membership): string | null {
  if (mode === 'single') {
    if (next.outgoing !== undefined || next.replacement !== undefined) return 'single-server mode entered a joint configuration';
    let moved = 0;
    for (let node = 0; node < nodeCount; node++) if (roleIn(previous, node) !== roleIn(next, node)) moved++;
    return moved <= 1 ? null : `single-server mode changed ${moved} servers in one entry`;
  }
  if (sameNodes(previous.voters, next.voters)) return null;
  if (next.outgoing !== undefined) {
    return sameNodes(next.outgoing, previous.voters) ? null : 'a joint configuration whose outgoing voters are not the previous voters';
  }
  if (previous.outgoing !== undefined) return 'leaving the joint configuration changed its new voters';
  return 'joint consensus changed the voters without a joint configuration';
}

/**
 * Each node's log follows the configured membership mode (`membershipChangeMode`): both modes are
 * correct protocols, so a mode run with the other's rules broke nothing else (found by mutation
 * testing, docs/mutation.md).
 */
const configurationChangesFollowMode: Property = {
  description:
    "with membership changes, every configuration entry in every node's log follows the configured mode: in single-server mode one server moves per entry and no joint configuration appears; with joint consensus the voters change only through C_old,new and then C_new",
  when: 'end',
  check(view) {
    if (!view.config.membershipChanges) return null;
    const mode = view.config.membershipChangeMode;
    for (const [node, slot] of view.nodes.entries()) {
      const { durable } = slot.state;
      let previous = membershipAt(view.config.nodeCount, durable, durable.logStart.index);
      for (let index = durable.logStart.index + 1; index <= lastIndex(durable); index++) {
        const command = entryAt(durable, index)?.command;
        if (command?.type !== 'config') continue;
        const problem = modeBreak(mode, view.config.nodeCount, previous, command.membership);
        if (problem !== null) {
          return `${problem}: node ${node}'s entry ${index} goes from ${describeMembership(previous)} to ${describeMembership(command.membership)}`;
        }
        previous = command.membership;
      }
    }
    return null;
  },
};

/** Configurations the linearizability search may explore per run; beyond that the verdict is "unknown" (no violation claimed). */
export const linearizabilityConfigurationsMax = 200_000;

function describeHistoryOperation(view: View, id: number): string {
  const entry = view.history[id];
  if (entry === undefined) return `operation ${id}`;
  const reply = entry.reply;
  const outcome = reply === null ? 'no answer' : reply.outcome === 'ok' ? describeOutput(reply.output) : `${reply.outcome} (${reply.error})`;
  const done = entry.completedAtStep === null ? 'never completed' : `completed at step ${entry.completedAtStep}`;
  return `#${id} client ${entry.clientId} ${describeOperation(entry.operation)} -> ${outcome} (invoked at step ${entry.invokedAtStep}, ${done})`;
}

/** The message when the history is not linearizable, null when it is, undefined when the search ran out of budget. */
function linearizableVerdict(view: View): string | null | undefined {
  // Membership changes are not key-value operations: they are checked by the Raft properties.
  const operations = operationsForChecking(view.history).filter((operation) => !isMembershipOperation(operation.input));
  if (operations.length === 0) return null;
  // An answer of the wrong kind (a get answered as a put, a value that is no string) is a wrong
  // answer the search would read past: it compares only the values it expects.
  for (const operation of operations) {
    const malformed = kvCasModel.validateOperation?.(operation.input, operation.output) ?? null;
    if (malformed !== null) {
      return `operation ${operation.id} (client ${operation.clientId}: ${describeOperation(operation.input)}) was answered ${JSON.stringify(operation.output)}, which is not ${malformed}`;
    }
  }
  const result = checkLinearizability(kvCasModel, operations, { maxExploredConfigurations: linearizabilityConfigurationsMax });
  if (result.verdict === 'linearizable') return null;
  if (result.verdict !== 'not-linearizable' || result.failure === undefined) return undefined;
  const { failure } = result;
  const prefix = failure.longestPrefix.map((id) => `#${id}`).join(' ');
  const blocked = failure.unplaceable.map((id) => describeHistoryOperation(view, id)).join('; ');
  return `the history is not linearizable: after the longest legal order [${prefix}] the value is ${failure.stateAfterPrefix}, and none of these can come next: ${blocked}`;
}

/**
 * Checked once, after the progress probe, unless it fails or is not proven there (then on the
 * world before the probe too): a history linearizable with the probe's operations (invoked after
 * every earlier one ended) is linearizable without them. See `provenAfterProbe`.
 */
const linearizable: Property = {
  description: "the clients' history of puts, gets and compare-and-sets is linearizable (checked per key with the kv-cas model)",
  when: 'end',
  check: provenAfterProbe((view: View): string | null => linearizableVerdict(view) ?? null, linearizableVerdict),
};

/** Every Raft property, in the order they are checked. */
export const raftProperties: { readonly [Name in RaftProperty]: Property } = {
  'term-and-vote-durable': {
    when: 'every-step',
    description:
      "a node's currentTerm never goes backwards and it never votes for two candidates in one term, across crashes and restarts included (Figure 2: persisted before answering)",
    check: recordedByGhost,
  },
  'election-safety': { when: 'every-step', description: 'at most one leader is elected in a given term', check: recordedByGhost },
  'voters-lead': {
    when: 'every-step',
    description:
      'with membership changes, a node is elected leader only while it votes in its latest configuration or in its committed one (learners and removed servers do not stand for election, thesis 4.2), and a leader that committed its own removal steps down',
    check: recordedByGhost,
  },
  'learners-promoted-caught-up': {
    when: 'every-step',
    description:
      "with membership changes, a leader promotes a learner to voter only once the learner's log reaches the commit index (thesis 4.2.1: a voter that has not caught up can stall commits)",
    check: recordedByGhost,
  },
  'leaders-step-down-for-cause': {
    when: 'every-step',
    description:
      'a leader stops leading in its term, while up, only for a cause: CheckQuorum (with checkQuorum on), or, with membership changes, the commit of its own removal (a higher term, a crash or a restart aside)',
    check: recordedByGhost,
  },
  'candidates-pre-voted': {
    when: 'every-step',
    description:
      'with PreVote on, a node starts an election (votes for itself in a new term) only once a quorum of its configuration, itself included, granted it a PreVote for that term (thesis 9.6): a server that could not win never disrupts the cluster with a higher term',
    check: recordedByGhost,
  },
  'membership-retries-answered': {
    when: 'every-step',
    description:
      "with membership changes, a leader that holds a client's configuration change (in its log, or its snapshot's record of answered changes) does not refuse that client's retry of it: the retry is answered ok once the change is applied",
    check: recordedByGhost,
  },
  'membership-refusals-justified': {
    when: 'every-step',
    description:
      'with membership changes, a leader refuses a configuration change only for a reason that holds: it has not committed an entry of its term, a change is under way, or the change is impossible (replace-server outside joint consensus, of a non-voter or by a server already in the cluster; removing the only voter)',
    check: recordedByGhost,
  },
  'membership-answered-when-committed': {
    when: 'every-step',
    description:
      "with membership changes, a client's configuration change is answered ok only once it has taken effect: the entry that answers it (under joint consensus C_new, not C_old,new) is committed, or, when no leader holds an entry of it, a leader's configuration already has the change",
    check: recordedByGhost,
  },
  'waiting-requests-answered': {
    when: 'every-step',
    description:
      'a leader that waits to answer a client request (an entry not yet applied, or a read waiting for a heartbeat round) keeps waiting until it answers it, while it leads in that term: no client is left to find out by retrying',
    check: recordedByGhost,
  },
  'requests-taken': {
    when: 'every-step',
    description:
      "a node that knows who leads takes a client's request: the leader answers it or waits to answer it (a membership change found in progress under joint consensus, of which it holds no entry, aside), and a follower passes it on to its leader (a Forward) unless the link is cut, so clients need not know who leads; a retry, whose node the history does not name, is checked while every live node follows one leader",
    check: recordedByGhost,
  },
  'flow-control-consistent': {
    when: 'every-step',
    description:
      "a leader's bookkeeping of each follower keeps etcd-raft's Progress invariants: matchIndex below nextIndex, nextIndex at most one past its last entry; with pipelining, nothing in flight to a follower in probe or snapshot state, and to one in replicate at most maxInflightMessages AppendEntries, ending at increasing indexes between matchIndex and nextIndex",
    check: recordedByGhost,
  },
  'leader-append-only': {
    when: 'every-step',
    description: 'a leader never overwrites or deletes entries in its log; it only appends',
    check: recordedByGhost,
  },
  'log-matching': {
    when: 'every-step',
    description: 'if two logs contain an entry with the same index and term, the logs are identical in all entries up through that index',
    check: recordedByGhost,
  },
  'leader-completeness': {
    when: 'every-step',
    description: 'an entry committed in a given term is present in the logs of the leaders of all higher-numbered terms',
    check: recordedByGhost,
  },
  'state-machine-safety': {
    when: 'every-step',
    description: 'once a node has applied the entry at a given index, no node ever applies a different entry at that index',
    check: recordedByGhost,
  },
  'leader-after-healing': leaderAfterHealing,
  'operations-complete': allOperationsComplete(describeOperation),
  'no-acked-write-lost': noAcknowledgedWriteLost,
  linearizable,
  'replicated-after-healing': replicatedAfterHealing,
  'membership-changes-take-effect': membershipChangesTakeEffect,
  'membership-changes-applied-once': membershipChangesAppliedOnce,
  'configuration-changes-follow-mode': configurationChangesFollowMode,
  // Last: when the probe fails, a more specific end property usually explains why.
  'makes-progress': makesProgress(describeOperation),
  'probe-replicated-promptly': probeReplicatedPromptly,
  'replication-continues': {
    when: 'end',
    category: 'liveness',
    description:
      'after healing, once a leader has sent a follower an AppendEntries or InstallSnapshot, an AppendEntries, InstallSnapshot or answer between them is in flight for as long as the leader knows that follower lags: each answer brings the next message at once, not at the next heartbeat',
    // Last, and at the end: a run that breaks anything else reports that (the saved counterexamples' verdicts stay theirs).
    check: (view) => recordedByGhost(view, 'replication-continues'),
  },
};

// ---------------------------------------------------------------------------------------------
// Coverage

type Goal = SometimesDefinition<RaftConfig, RaftState, Message, Operation, Output, RaftGhost>;

function leadersSeen(ghost: RaftGhost): number {
  let count = 0;
  for (const leader of ghost.leaderByTerm) if (leader !== undefined) count++;
  return count;
}

/** Situations a useful hunt reaches now and then; `faultline hunt` reports how often. */
export const raftGoals: readonly Goal[] = [
  {
    name: 'leader-elected',
    description: 'some node wins an election',
    reached: (previous, next) => previous.ghost.leaderByTerm !== next.ghost.leaderByTerm,
  },
  {
    name: 'leader-replaced',
    description: 'leaders are elected in two different terms',
    reached: (previous, next) => previous.ghost.leaderByTerm !== next.ghost.leaderByTerm && leadersSeen(next.ghost) >= 2,
  },
  {
    name: 'write-acknowledged',
    description: 'a client learns that its put or compare-and-set took effect',
    reached(previous, next) {
      if (previous.history === next.history) return false;
      for (let index = next.history.length - 1; index >= 0; index--) {
        const entry = next.history[index] as HistoryEntry<Operation, Output>;
        if (entry === previous.history[index]) continue;
        const reply = entry.reply;
        if (reply?.outcome === 'ok' && (reply.output.type === 'put' || (reply.output.type === 'cas' && reply.output.ok))) return true;
      }
      return false;
    },
  },
  {
    name: 'conflicting-entries-truncated',
    description: "a node deletes log entries that conflict with a newer leader's",
    reached: (previous, next) => next.ghost.truncations > previous.ghost.truncations,
  },
  {
    name: 'log-compacted',
    description: 'a node snapshots its applied state (or installs a snapshot) and drops the log prefix it covers',
    reached: (previous, next) => anyNode(previous, next, (before, after) => after.durable.logStart.index > before.durable.logStart.index),
  },
  {
    name: 'snapshot-sent',
    description: 'with pipelining, a leader sends InstallSnapshot to a follower that needs an entry it compacted away',
    reached: (previous, next) =>
      anyNode(previous, next, (before, after) => {
        const role = after.volatile.role;
        if (role.kind !== 'leader' || role === before.volatile.role) return false;
        const old = before.volatile.role;
        return role.progress.some(
          (progress, node) => progress.state === 'snapshot' && (old.kind !== 'leader' || old.progress[node]?.state !== 'snapshot'),
        );
      }),
  },
  {
    name: 'inflight-window-full',
    description: 'with pipelining, a leader has as many AppendEntries in flight to a follower as its window allows',
    reached: (previous, next) =>
      anyNode(previous, next, (before, after) => {
        const role = after.volatile.role;
        if (role.kind !== 'leader' || role === before.volatile.role) return false;
        return role.progress.some((progress) => progress.inflight.length >= next.config.maxInflightMessages);
      }),
  },
];

/** Whether some node that is up in both views changed so that `changed` holds. */
function anyNode(previous: View, next: View, changed: (before: RaftState, after: RaftState) => boolean): boolean {
  for (let node = 0; node < next.nodes.length; node++) {
    const before = previous.nodes[node];
    const after = next.nodes[node];
    if (before === undefined || after === undefined || !after.up || before.state === after.state) continue;
    if (changed(before.state, after.state)) return true;
  }
  return false;
}
