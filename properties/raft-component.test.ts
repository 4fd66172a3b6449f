/**
 * The Raft component (src/protocols/raft/component.ts) on its own, with a toy state machine (a
 * counter that adds each command's amount) on quorum members 3, 4 and 5, as Kafka's controllers
 * are: a tiny network of our own delivers the `send` effects, so nothing here depends on the
 * standalone protocol's clients.
 */
import { describe, expect, it } from 'vitest';
import {
  correctRaftRules,
  crashRaftNode,
  defaultRaftSettings,
  initRaftNode,
  leaderOf,
  propose,
  readCommitted,
  restartRaftNode,
  stepRaftNode,
  type RaftContext,
  type RaftEffect,
  type RaftMessage,
  type RaftNodeState,
  type RaftStateMachine,
} from '../src/protocols/raft/component.ts';

/** The toy machine: a running total; each command adds its amount and returns the new total. */
const counter: RaftStateMachine<{ readonly add: number }, number, number> = {
  initial: 0,
  apply: (total, command) => ({ machine: total + command.add, result: total + command.add }),
  describeCommand: (command) => `add ${command.add}`,
  describeMachine: (total) => `total ${total}`,
};

type Command = { readonly add: number };
type State = RaftNodeState<Command, number>;
type Effect = RaftEffect<Command, number, number>;

const members = [3, 4, 5] as const;

/** Snapshots every two applied entries, so that the third test sees a compacted log. */
function contextOf(node: number): RaftContext<Command, number, number> {
  return { node, members, config: { ...defaultRaftSettings, snapshotIntervalEntries: 2 }, rules: correctRaftRules, stateMachine: counter };
}

/** A FIFO network and the members' states; `applied` records, per node, what the `applied` effects reported. */
class Cluster {
  states = new Map<number, State>(members.map((node, position) => [node, initRaftNode(contextOf(node), 1000 + position)]));
  queue: { from: number; to: number; message: RaftMessage<Command, number> }[] = [];
  applied = new Map<number, { index: number; add: number; result: number }[]>(members.map((node) => [node, []]));

  take(node: number, state: State, effects: readonly Effect[]): void {
    this.states.set(node, state);
    for (const effect of effects) {
      if (effect.kind === 'send') this.queue.push({ from: node, to: effect.to, message: effect.message });
      if (effect.kind === 'applied') this.applied.get(node)?.push({ index: effect.index, add: effect.command.add, result: effect.result });
    }
  }

  state(node: number): State {
    return this.states.get(node) as State;
  }

  tick(node: number): void {
    const step = stepRaftNode(contextOf(node), this.state(node), { kind: 'tick' });
    this.take(node, step.state, step.effects);
  }

  /** Delivers everything in flight, and what that sends, up to a bound. */
  deliverAll(): void {
    for (let delivered = 0; this.queue.length > 0 && delivered < 1000; delivered++) {
      const { from, to, message } = this.queue.shift() as (typeof this.queue)[number];
      const step = stepRaftNode(contextOf(to), this.state(to), { kind: 'receive', from, message });
      this.take(to, step.state, step.effects);
    }
  }

  leader(): number | undefined {
    return members.find((node) => this.state(node).volatile.role.kind === 'leader');
  }

  /** Ticks every member and delivers, round after round, until one leads. */
  elect(): number {
    for (let round = 0; round < 50 && this.leader() === undefined; round++) {
      for (const node of members) this.tick(node);
      this.deliverAll();
    }
    const leader = this.leader();
    if (leader === undefined) throw new Error('no leader within 50 rounds');
    return leader;
  }
}

describe('the Raft component with a toy state machine', () => {
  it('applies committed commands on every member, in log order, on node ids 3 to 5', () => {
    const cluster = new Cluster();
    const leader = cluster.elect();
    expect(members).toContain(leader);
    for (const add of [1, 2, 3]) {
      const proposal = propose(contextOf(leader), cluster.state(leader), { add });
      expect(proposal.outcome.kind).toBe('appended');
      cluster.take(leader, proposal.state, proposal.effects);
    }
    // Two heartbeat rounds carry the leader's commit index to the followers.
    for (let round = 0; round < 4; round++) {
      cluster.tick(leader);
      cluster.deliverAll();
    }
    for (const node of members) {
      expect(cluster.applied.get(node)?.map((applied) => applied.add)).toEqual([1, 2, 3]);
      expect(cluster.applied.get(node)?.map((applied) => applied.result)).toEqual([1, 3, 6]);
      expect(cluster.state(node).volatile.machine).toBe(6);
    }
    // The no-op of the leader's term is index 1, so the commands are 2 to 4.
    expect(cluster.applied.get(leader)?.map((applied) => applied.index)).toEqual([2, 3, 4]);
  });

  it('tells a proposer on a follower who leads, and lets outsiders read the committed log', () => {
    const cluster = new Cluster();
    const leader = cluster.elect();
    cluster.tick(leader);
    cluster.deliverAll();
    const follower = members.find((node) => node !== leader) as number;
    expect(leaderOf(cluster.state(follower), follower)).toBe(leader);
    const refused = propose(contextOf(follower), cluster.state(follower), { add: 5 });
    expect(refused.outcome).toEqual({ kind: 'not-leader', leader });
    expect(refused.effects).toEqual([]);

    const accepted = propose(contextOf(leader), cluster.state(leader), { add: 5 });
    cluster.take(leader, accepted.state, accepted.effects);
    // Appended but not yet committed: a reader sees only the no-op.
    const before = readCommitted(cluster.state(leader), 1, 10);
    expect(before.kind === 'entries' ? before.entries.map((entry) => entry.entry.command.type) : before.kind).toEqual(['noop']);
    cluster.deliverAll();
    // Committed now (and compacted with the no-op into a snapshot through index 2): a reader from
    // index 2 gets the snapshot, one from index 3 gets nothing more yet.
    const after = readCommitted(cluster.state(leader), 2, 10);
    expect(after.kind === 'snapshot' ? after.snapshot : after.kind).toMatchObject({ index: 2, machine: 5 });
    expect(readCommitted(cluster.state(leader), 3, 10)).toEqual({ kind: 'entries', entries: [] });
  });

  it('rebuilds the machine after a crash from the snapshot and the log, and a reader behind the snapshot gets the snapshot', () => {
    const cluster = new Cluster();
    const leader = cluster.elect();
    for (const add of [1, 2, 3, 4]) {
      const proposal = propose(contextOf(leader), cluster.state(leader), { add });
      cluster.take(leader, proposal.state, proposal.effects);
      cluster.deliverAll();
    }
    const state = cluster.state(leader);
    expect(state.volatile.machine).toBe(10);
    expect(state.durable.logStart.index).toBeGreaterThan(0);
    const fromStart = readCommitted(state, 1, 10);
    expect(fromStart.kind).toBe('snapshot');
    const restarted = restartRaftNode(contextOf(leader), crashRaftNode(contextOf(leader), state, { loseUnflushed: true }), 7);
    expect(restarted.volatile.machine).toBe(fromStart.kind === 'snapshot' ? fromStart.snapshot.machine : -1);
    expect(restarted.volatile.role.kind).toBe('follower');
  });
});
