/**
 * Raft: the correct model survives CI-sized hunts in several configurations, and hand-written
 * scenarios (plain schedules built step by step) show each known bug breaking exactly the
 * property it should while the correct model stays safe under the same schedule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import { type HuntSetup, replaySchedule } from '../src/hunt/hunt.ts';
import { counterexampleReport, expectSurvives, setupOrThrow } from '../src/hunt/testing.ts';
import { applyClientCommand, emptyStateMachine } from '../src/protocols/raft/kv.ts';
import { describeMembership, type Message } from '../src/protocols/raft/messages.ts';
import { raft, type RaftState } from '../src/protocols/raft/index.ts';
import { lastIndex, membershipAt } from '../src/protocols/raft/model.ts';
import { probeReplicationSteps, probeReplicationStepsMax } from '../src/protocols/raft/properties.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { parseArtifact } from '../src/study/artifact.ts';

type Setup = Pick<HuntSetup, 'protocol' | 'config' | 'variant'>;

/**
 * Builds a schedule by driving the simulator one event at a time, picking messages by sender,
 * receiver and type instead of by index, so scenarios read like the story they tell. The result
 * is a plain schedule that replays on any variant.
 */
class ScenarioBuilder {
  private readonly simulator: Simulator;
  private world: World;
  private readonly events: ScheduleEvent[] = [];

  constructor(
    setup: Setup,
    private readonly randomSeed = 0,
  ) {
    this.simulator = new Simulator(setup);
    this.world = this.simulator.initialWorld(randomSeed);
  }

  apply(event: ScheduleEvent): this {
    this.events.push(event);
    this.world = this.simulator.applyEvent(this.world, event);
    return this;
  }

  state(node: number): RaftState {
    return this.world.nodes[node]?.state as RaftState;
  }

  /** Ticks `node` until `done` holds. */
  tickUntil(node: number, done: (state: RaftState) => boolean): this {
    for (let ticks = 0; ticks < 20 && !done(this.state(node)); ticks++) this.apply({ kind: 'tick', node });
    if (!done(this.state(node))) throw new Error(`node ${node} never reached the expected state`);
    return this;
  }

  /** Ticks `node` until it stands for election. */
  campaign(node: number): this {
    return this.tickUntil(node, (state) => state.volatile.role.kind === 'candidate');
  }

  /** The newest message in flight from `from` to `to` of this type. */
  private find(from: number, to: number, type: Message['type']): number {
    const inFlight = this.world.network.inFlight;
    let index = inFlight.length - 1;
    while (index >= 0) {
      const message = inFlight[index];
      if (message && message.from === from && message.to === to && (message.message as Message).type === type) break;
      index--;
    }
    if (index < 0) throw new Error(`no ${type} from node ${from} to node ${to} in flight`);
    return index;
  }

  deliver(from: number, to: number, type: Message['type']): this {
    return this.apply({ kind: 'deliver', message: this.find(from, to, type) });
  }

  /** Delivers the oldest message in flight from `from` to `to` of this type (one that later ones overtook). */
  deliverOldest(from: number, to: number, type: Message['type']): this {
    const index = this.world.network.inFlight.findIndex(
      (message) => message.from === from && message.to === to && (message.message as Message).type === type,
    );
    if (index < 0) throw new Error(`no ${type} from node ${from} to node ${to} in flight`);
    return this.apply({ kind: 'deliver', message: index });
  }

  duplicate(from: number, to: number, type: Message['type']): this {
    return this.apply({ kind: 'duplicate', message: this.find(from, to, type) });
  }

  /** `candidate` collects the votes of `voters` (request and response delivered). */
  elect(candidate: number, voters: readonly number[]): this {
    this.campaign(candidate);
    for (const voter of voters) this.deliver(candidate, voter, 'request-vote').deliver(voter, candidate, 'request-vote-response');
    return this;
  }

  /** Delivers every message in flight, oldest first, and ticks `leader`, for `rounds` rounds. */
  settle(leader: number, rounds: number): this {
    for (let round = 0; round < rounds; round++) {
      this.apply({ kind: 'tick', node: leader });
      for (let deliveries = 0; deliveries < 50 && this.world.network.inFlight.length > 0; deliveries++) this.apply({ kind: 'deliver', message: 0 });
    }
    return this;
  }

  /** How many messages are in flight between `a` and `b`, either way. */
  inFlightBetween(a: number, b: number): number {
    return this.world.network.inFlight.filter((message) => (message.from === a && message.to === b) || (message.from === b && message.to === a))
      .length;
  }

  /** Delivers the messages between `a` and `b`, oldest first, until none is left (at most 40). */
  exchange(a: number, b: number): this {
    for (let deliveries = 0; deliveries < 40; deliveries++) {
      const index = this.world.network.inFlight.findIndex(
        (message) => (message.from === a && message.to === b) || (message.from === b && message.to === a),
      );
      if (index < 0) break;
      this.apply({ kind: 'deliver', message: index });
    }
    return this;
  }

  /** How many messages of this type are in flight from `from` to `to`. */
  inFlight(from: number, to: number, type: Message['type']): number {
    return this.world.network.inFlight.filter((message) => message.from === from && message.to === to && (message.message as Message).type === type)
      .length;
  }

  schedule(): Schedule {
    return { randomSeed: this.randomSeed, events: [...this.events] };
  }
}

const correct = setupOrThrow(raft, 'correct');

function violationOf(setup: Setup, schedule: Schedule): string | null {
  return new Simulator(setup).run(schedule).violation?.property ?? null;
}

/** The scenario must break `property` on the buggy variant and nothing on the correct model. */
function expectOnlyBuggyBreaks(variant: string, schedule: Schedule, property: string, overrides: Record<string, unknown> = {}): void {
  const buggy = setupOrThrow(raft, variant, overrides);
  const reference = setupOrThrow(raft, 'correct', { ...(buggy.config as Record<string, unknown>) });
  const broken = violationOf(buggy, schedule);
  if (broken !== property) throw new Error(`expected ${property} to break:\n${counterexampleReport(buggy, schedule)}`);
  const survived = violationOf(reference, schedule);
  if (survived !== null) throw new Error(`the correct model broke ${survived}:\n${counterexampleReport(reference, schedule)}`);
}

describe('raft: the correct model', () => {
  it('is registered as protocol "raft" with every variant the issue names', () => {
    expect(findProtocol('raft')).toBe(raft);
    expect(raft.variants.map((variant) => variant.name)).toEqual([
      'correct',
      'commit-old-term',
      'vote-without-log-check',
      'volatile-vote',
      'vote-count-not-set',
      'stale-leader-read',
      'no-truncate-on-conflict',
      'truncate-on-stale-append',
      'full-window-stalls',
      'snapshot-discards-log-suffix',
      'snapshot-not-flushed',
      'config-change-before-term-commit',
      'concurrent-config-changes',
      'joint-new-majority-only',
      'leave-joint-before-commit',
      'joint-stuck-after-leader-change',
      'votes-from-non-members',
    ]);
  });

  it('survives generated schedules with crashes, restarts, partitions, drops, duplicates and reordering', () => {
    // Quick guards (here and below): the long hunts of every setting mix are the soak's (properties/soak.test.ts).
    expectSurvives(correct, { runs: 750, seed: 20261122 });
  });

  it('survives with ReadIndex reads, PreVote and CheckQuorum', () => {
    const setup = setupOrThrow(raft, 'correct', { readMode: 'read-index', preVote: true, checkQuorum: true });
    expectSurvives(setup, { runs: 250, seed: 7 });
  });

  it("survives without pipelining (the paper's replication) and without snapshots", () => {
    expectSurvives(setupOrThrow(raft, 'correct', { pipelining: false }), { runs: 300, seed: 12 });
    expectSurvives(setupOrThrow(raft, 'correct', { snapshotIntervalEntries: 0, maxInflightMessages: 1 }), { runs: 300, seed: 13 });
  });

  it('survives power losses with a snapshot every two entries', () => {
    const setup = setupOrThrow(raft, 'correct', { snapshotIntervalEntries: 2 }, { powerLossFraction: 0.5 });
    expectSurvives(setup, { runs: 250, seed: 14 });
  });

  it('survives on five servers with one entry per AppendEntries', () => {
    const setup = setupOrThrow(raft, 'correct', { nodeCount: 5, entriesPerAppendMax: 1 });
    expectSurvives(setup, { runs: 300, seed: 11 });
  });

  it('rejects invalid configurations naming the key and value, with the words etcd users know', () => {
    const configure = (overrides: Record<string, unknown>) => {
      const configured = raft.configure(raft.defaultConfig(), overrides);
      return 'error' in configured ? configured.error : raft.validateConfig(configured);
    };
    expect(configure({})).toBeNull();
    expect(configure({ nodeCount: 2 })).toMatch(/nodeCount must be an integer from 3 to 7/);
    expect(configure({ nodeCount: 8 })).toMatch(/from 3 to 7/);
    expect(configure({ heartbeatIntervalTicks: 0 })).toBe(
      'heartbeatIntervalTicks must be an integer greater than 0, got 0 (etcd: heartbeat tick must be greater than 0)',
    );
    // The key and the value given, not only etcd's words (=2, =0 and =-3 read alike).
    expect(configure({ electionTimeoutTicksMin: 2, heartbeatIntervalTicks: 2 })).toBe(
      'electionTimeoutTicksMin must be an integer greater than heartbeatIntervalTicks (2), got 2 (etcd: election tick must be greater than heartbeat tick)',
    );
    expect(configure({ electionTimeoutTicksMin: -3 })).toMatch(
      /^electionTimeoutTicksMin must be an integer greater than heartbeatIntervalTicks \(2\), got -3 /,
    );
    // Above the heartbeat but shorter than a message's way there and back: every new leader deposed, for good.
    expect(configure({ heartbeatIntervalTicks: 1, electionTimeoutTicksMin: 2, electionTimeoutTicksMax: 3 })).toMatch(
      /^electionTimeoutTicksMin must be at least 3, got 2: a message takes about a tick to arrive/,
    );
    expect(configure({ heartbeatIntervalTicks: 1, electionTimeoutTicksMin: 3, electionTimeoutTicksMax: 4 })).toBeNull();
    expect(configure({ entriesPerAppendMax: 0 })).toBe('entriesPerAppendMax must be an integer greater than 0, got 0');
    expect(configure({ electionTimeoutTicksMax: 3 })).toMatch(/must be greater than electionTimeoutTicksMin/);
    expect(configure({ readMode: 'lease' })).toMatch(
      /setting "readMode" expects one of log, read-index, got "lease" \(readMode: log: reads are log entries/,
    );
    expect(configure({ preVote: 'maybe' })).toMatch(/expects true or false/);
    expect(configure({ snapshots: true })).toMatch(/unknown setting "snapshots"/);
    expect(configure({ membershipChanges: true })).toMatch(/membershipChanges needs nodeCount of at least 4/);
    expect(configure({ maxInflightMessages: 0 })).toMatch(/maxInflightMessages must be an integer from 1 to 64/);
    expect(configure({ snapshotIntervalEntries: -1 })).toMatch(/snapshotIntervalEntries must be an integer from 0/);
  });

  it('parses and prints the operations of scripted scenarios', () => {
    for (const text of ['put x 1', 'get y', 'cas x 1 2', 'cas y nil 3']) {
      const parsed = raft.parseOperation(text);
      if ('error' in parsed) throw new Error(parsed.error);
      expect(raft.describeOperation(parsed)).toBe(text);
    }
    expect(raft.parseOperation('put x')).toHaveProperty('error');
    expect(raft.parseOperation('append x 1')).toHaveProperty('error');
  });

  it('applies a command once per client operation, and answers a retry with the first result', () => {
    const first = applyClientCommand(emptyStateMachine, 0, 5, { type: 'cas', key: 'x', expected: null, value: '1' });
    expect(first.output).toEqual({ type: 'cas', ok: true });
    const retry = applyClientCommand(first.machine, 0, 5, { type: 'cas', key: 'x', expected: null, value: '1' });
    expect(retry.machine).toBe(first.machine);
    expect(retry.output).toEqual({ type: 'cas', ok: true });
    const older = applyClientCommand(first.machine, 0, 4, { type: 'put', key: 'x', value: '9' });
    expect(older.machine).toBe(first.machine);
    expect(older.output).toBeNull();
  });

  it('a write retried at the new leader after the old one crashed takes effect once', () => {
    // The paper's replication: every heartbeat carries the entries from nextIndex; no compaction, so the log shows every copy.
    const paper = setupOrThrow(raft, 'correct', { pipelining: false, snapshotIntervalEntries: 0 });
    const builder = new ScenarioBuilder(paper);
    builder.elect(0, [1]);
    builder.deliver(0, 1, 'append-entries').deliver(0, 2, 'append-entries');
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'cas', key: 'x', expected: null, value: '1' } });
    // The entry reaches both followers, but node 0 crashes before it hears back.
    builder.deliver(0, 1, 'append-entries').deliver(0, 2, 'append-entries');
    builder.apply({ kind: 'crash', node: 0, loseUnflushed: false });
    builder.elect(1, [2]);
    builder.deliver(1, 2, 'append-entries').deliver(2, 1, 'append-entries-response');
    // Node 1 committed the compare-and-set with its own no-op; the client retries there.
    builder.apply({ kind: 'client', node: 1, client: 0, operation: { type: 'cas', key: 'x', expected: null, value: '1' } });
    const result = new Simulator(paper).run(builder.schedule());
    expect(result.violation).toBeNull();
    const operation = result.world.history[0];
    expect(operation?.reply).toEqual({ outcome: 'ok', output: { type: 'cas', ok: true } });
    const leaderState = result.world.nodes[1]?.state as RaftState;
    // The compare-and-set is in the log once (after it, the liveness phase's progress probe wrote x again).
    const copies = leaderState.durable.log.filter((entry) => entry.command.type === 'command' && entry.command.command.operation.type === 'cas');
    expect(copies).toHaveLength(1);
    const probe = result.world.history.filter((entry) => entry.probe !== undefined);
    expect(probe.map((entry) => entry.reply)).toEqual([
      { outcome: 'ok', output: { type: 'put' } },
      { outcome: 'ok', output: { type: 'get', value: 'probe' } },
    ]);
  });
});

describe('raft: options', () => {
  it('PreVote keeps a partitioned node from inflating its term; without it the term climbs', () => {
    const isolate = (setup: Setup) => {
      const builder = new ScenarioBuilder(setup);
      builder.apply({ kind: 'partition', groups: [0, 0, 1] });
      for (let tick = 0; tick < 20; tick++) builder.apply({ kind: 'tick', node: 2 });
      return builder.state(2).durable.currentTerm;
    };
    expect(isolate(setupOrThrow(raft, 'correct', { preVote: true }))).toBe(0);
    expect(isolate(correct)).toBeGreaterThan(2);
  });

  it('CheckQuorum makes a leader cut off from the majority step down', () => {
    const run = (checkQuorum: boolean) => {
      const builder = new ScenarioBuilder(setupOrThrow(raft, 'correct', { checkQuorum }));
      builder.elect(0, [1]);
      builder.apply({ kind: 'partition', groups: [0, 1, 1] });
      // Within one election timeout (3 ticks by default) plus one, it must have stepped down.
      for (let tick = 0; tick < 4; tick++) builder.apply({ kind: 'tick', node: 0 });
      return builder.state(0).volatile.role.kind;
    };
    expect(run(true)).toBe('follower');
    expect(run(false)).toBe('leader');
  });

  it('with ReadIndex, a deposed leader cannot confirm a read and never answers it stale', () => {
    const setup = setupOrThrow(raft, 'correct', { readMode: 'read-index', pipelining: false });
    const builder = new ScenarioBuilder(setup);
    builder.elect(0, [1]);
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // node 0 commits its no-op
    builder.apply({ kind: 'partition', groups: [0, 1, 1] });
    builder.elect(1, [2]);
    builder.deliver(1, 2, 'append-entries').deliver(2, 1, 'append-entries-response');
    builder.apply({ kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.deliver(1, 2, 'append-entries').deliver(2, 1, 'append-entries-response');
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'get', key: 'x' } });
    for (let tick = 0; tick < 4; tick++) builder.apply({ kind: 'tick', node: 0 });
    const schedule = builder.schedule();
    const safetyOnly = new Simulator(setup).run(schedule, { livenessPhase: false });
    expect(safetyOnly.world.history[0]?.reply?.outcome).toBe('ok');
    expect(safetyOnly.world.history[1]?.reply).toBeNull();
    const whole = new Simulator(setup).run(schedule);
    expect(whole.violation).toBeNull();
    expect(whole.world.history[1]?.reply).toEqual({ outcome: 'ok', output: { type: 'get', value: '1' } });
  });
});

describe('raft: hand-written scenarios for each known bug', () => {
  it('commit-old-term: the Figure 8 schedule commits an entry that a later leader overwrites', () => {
    const variant = setupOrThrow(raft, 'commit-old-term');
    const builder = new ScenarioBuilder(variant);
    builder.elect(0, [1]); // node 0 leads term 1; its no-op reaches nobody
    builder.elect(1, [2]); // node 1 leads term 2; its no-op reaches nobody
    builder.deliver(1, 0, 'request-vote'); // node 0 learns of term 2
    builder.elect(0, [2]); // node 0 leads term 3 ...
    builder.deliver(0, 2, 'append-entries').deliver(2, 0, 'append-entries-response'); // ... probes node 2
    builder.deliver(0, 2, 'append-entries').deliver(2, 0, 'append-entries-response'); // ... and copies its term-1 no-op there
    builder.deliver(0, 1, 'append-entries'); // node 1 learns of term 3
    builder.elect(1, [2]); // node 2 votes for node 1 in term 4: its last entry is of term 1 only
    expectOnlyBuggyBreaks('commit-old-term', builder.schedule(), 'leader-completeness');
  });

  it('vote-without-log-check: a node that missed a committed write is elected', () => {
    const variant = setupOrThrow(raft, 'vote-without-log-check');
    const builder = new ScenarioBuilder(variant);
    builder.elect(0, [1]);
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // no-op committed on 0 and 1
    // Node 2 never saw it; it stands in term 1 (too late), then in term 2, and node 1 votes for it.
    builder.tickUntil(2, (state) => state.durable.currentTerm === 2 && state.volatile.role.kind === 'candidate');
    builder.deliver(2, 1, 'request-vote').deliver(1, 2, 'request-vote-response');
    expectOnlyBuggyBreaks('vote-without-log-check', builder.schedule(), 'leader-completeness');
  });

  it('volatile-vote: a restarted node votes twice in one term', () => {
    const variant = setupOrThrow(raft, 'volatile-vote');
    const builder = new ScenarioBuilder(variant);
    builder.campaign(0).campaign(1); // both stand in term 1
    builder.deliver(0, 2, 'request-vote').deliver(2, 0, 'request-vote-response');
    builder.apply({ kind: 'crash', node: 2, loseUnflushed: false }).apply({ kind: 'restart', node: 2 });
    builder.deliver(1, 2, 'request-vote').deliver(2, 1, 'request-vote-response');
    // The durable-state property sees the forgotten vote at the restart, the root cause ...
    expectOnlyBuggyBreaks('volatile-vote', builder.schedule(), 'term-and-vote-durable');
    // ... and without it the story goes on to its consequence: two leaders in term 1.
    const consequence = new Simulator(variant, { properties: ['election-safety'] }).run(builder.schedule());
    expect(consequence.violation?.property, counterexampleReport(variant, builder.schedule())).toBe('election-safety');
  });

  it('vote-count-not-set: a duplicated vote elects a second leader on five servers', () => {
    const variant = setupOrThrow(raft, 'vote-count-not-set');
    const builder = new ScenarioBuilder(variant);
    builder.campaign(0).campaign(1); // both stand in term 1
    builder.deliver(0, 2, 'request-vote').duplicate(2, 0, 'request-vote-response');
    builder.deliver(2, 0, 'request-vote-response').deliver(2, 0, 'request-vote-response'); // node 2's one vote, counted twice
    builder.deliver(1, 3, 'request-vote').deliver(3, 1, 'request-vote-response');
    builder.deliver(1, 4, 'request-vote').deliver(4, 1, 'request-vote-response');
    expectOnlyBuggyBreaks('vote-count-not-set', builder.schedule(), 'election-safety');
  });

  it('stale-leader-read: a deposed leader answers a read with an overwritten value', () => {
    const variant = setupOrThrow(raft, 'stale-leader-read');
    const builder = new ScenarioBuilder(variant);
    builder.elect(0, [1]);
    builder.apply({ kind: 'partition', groups: [0, 1, 1] });
    builder.elect(1, [2]);
    builder.deliver(1, 2, 'append-entries').deliver(2, 1, 'append-entries-response');
    builder.apply({ kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.deliver(1, 2, 'append-entries').deliver(2, 1, 'append-entries-response'); // put x 1 acknowledged
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'get', key: 'x' } }); // node 0 still thinks it leads
    expectOnlyBuggyBreaks('stale-leader-read', builder.schedule(), 'linearizable');
  });

  it("no-truncate-on-conflict: a follower keeps a conflicting entry under the leader's later ones", () => {
    // Without pipelining the leader sends the write while its probe is still unanswered.
    const variant = setupOrThrow(raft, 'no-truncate-on-conflict', { pipelining: false });
    const builder = new ScenarioBuilder(variant);
    builder.elect(0, [1]); // node 0's term-1 no-op stays on node 0
    builder.elect(1, [2]);
    builder.apply({ kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.deliver(1, 0, 'append-entries'); // [2:noop, 2:put x 1] from index 1: node 0 keeps 1:noop
    expectOnlyBuggyBreaks('no-truncate-on-conflict', builder.schedule(), 'log-matching', { pipelining: false });
  });

  it('truncate-on-stale-append: a heartbeat that arrives after streamed entries cuts them off the follower', () => {
    const variant = setupOrThrow(raft, 'truncate-on-stale-append', { snapshotIntervalEntries: 0 });
    const builder = new ScenarioBuilder(variant);
    builder.elect(0, [1, 2]);
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // node 1 in replicate, match 1
    builder.tickUntil(0, () => builder.inFlight(0, 1, 'append-entries') === 1); // a heartbeat at match 1 is in flight
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // put x 1 streamed, acknowledged, committed
    expect(builder.state(1).durable.log).toHaveLength(2);
    builder.deliverOldest(0, 1, 'append-entries'); // the older heartbeat arrives last
    expect(builder.state(1).durable.log).toHaveLength(1);
    expectOnlyBuggyBreaks('truncate-on-stale-append', builder.schedule(), 'no-acked-write-lost', { snapshotIntervalEntries: 0 });
  });
});

describe('raft: pipelining and snapshots', () => {
  it('a leader streams up to maxInflightMessages AppendEntries to a follower, and a rejection sends it back to probe', () => {
    const builder = new ScenarioBuilder(setupOrThrow(raft, 'correct', { snapshotIntervalEntries: 0 }));
    builder.elect(0, [1, 2]);
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // the probe succeeds
    const progressOf = () => {
      const role = builder.state(0).volatile.role;
      if (role.kind !== 'leader') throw new Error('node 0 is not leader');
      return { progress: role.progress[1], next: role.nextIndex[1], match: role.matchIndex[1] };
    };
    expect(progressOf()).toMatchObject({ progress: { state: 'replicate', inflight: [] }, next: 2, match: 1 });
    for (let client = 0; client < 3; client++) {
      builder.apply({ kind: 'client', node: 0, client, operation: { type: 'put', key: 'x', value: String(client + 1) } });
    }
    // Three entries, three AppendEntries in flight, nextIndex advanced on send; the window is full.
    expect(builder.inFlight(0, 1, 'append-entries')).toBe(3);
    expect(progressOf()).toMatchObject({ progress: { state: 'replicate', inflight: [2, 3, 4] }, next: 5, match: 1 });
    // The last one overtakes the others: node 1 lacks index 3 and rejects it; the leader probes again from its match.
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response');
    expect(progressOf()).toMatchObject({ progress: { state: 'probe', inflight: [] }, next: 2, match: 1 });
    expect(new Simulator(correct).run(builder.schedule()).violation).toBeNull();
  });

  it('a follower cut off while the leader compacts catches up by InstallSnapshot and holds the same store', () => {
    const setup = setupOrThrow(raft, 'correct', { snapshotIntervalEntries: 2 });
    const builder = new ScenarioBuilder(setup);
    builder.elect(0, [1, 2]);
    builder.apply({ kind: 'partition', groups: [0, 0, 1] });
    for (let client = 0; client < 3; client++) {
      builder.apply({ kind: 'client', node: 0, client, operation: { type: 'put', key: client === 2 ? 'y' : 'x', value: String(client + 1) } });
      builder.settle(0, 1);
    }
    const leader = builder.state(0);
    expect(leader.durable.logStart.index).toBeGreaterThan(0); // the leader compacted its log
    expect(builder.state(2).durable.log.length).toBeLessThanOrEqual(1);
    builder.apply({ kind: 'heal' });
    builder.settle(0, 4);
    const follower = builder.state(2);
    expect(follower.durable.snapshot.index).toBeGreaterThanOrEqual(leader.durable.logStart.index);
    expect(follower.volatile.machine.values).toEqual({ x: '2', y: '3' });
    expect(follower.volatile.machine.values).toEqual(builder.state(0).volatile.machine.values);
    expect(new Simulator(setup).run(builder.schedule()).violation).toBeNull();
  });
});

describe('raft: membership changes', () => {
  const membership = setupOrThrow(raft, 'correct', { membershipChanges: true, nodeCount: 4 });
  const membersOf = (state: RaftState) => membershipAt(4, state.durable, lastIndex(state.durable));

  /** Node 0 leads a four-server cluster, then removes servers 2 and 1: it is the only voter left. */
  function leaveOnlyVoterZero(builder: ScenarioBuilder): void {
    builder.elect(0, [1]);
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 2 } });
    builder.settle(0, 3);
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'remove-server', node: 1 } });
    builder.settle(0, 3);
    expect(membersOf(builder.state(0))).toEqual({ voters: [0], learners: [] });
  }

  it('survives generated schedules with add-server and remove-server on four and five servers', () => {
    expectSurvives(membership, { runs: 150, seed: 15 });
    expectSurvives(setupOrThrow(raft, 'correct', { membershipChanges: true, nodeCount: 5 }), { runs: 100, seed: 16 });
  });

  it('a new server is a learner until it catches up, then the leader promotes it to voter', () => {
    const builder = new ScenarioBuilder(membership);
    builder.elect(0, [1]);
    builder.settle(0, 2); // the no-op commits: the leader may change the configuration now
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'add-server', node: 3 } });
    expect(membersOf(builder.state(0))).toEqual({ voters: [0, 1, 2], learners: [3] });
    builder.settle(0, 4);
    expect(membersOf(builder.state(0))).toEqual({ voters: [0, 1, 2, 3], learners: [] });
    expect(builder.state(0).volatile.commitIndex).toBe(lastIndex(builder.state(0).durable)); // the promotion is committed
    expect(builder.state(3).volatile.lastApplied).toBe(lastIndex(builder.state(0).durable));
    const result = new Simulator(membership).run(builder.schedule());
    expect(result.violation).toBeNull();
    expect(result.world.history[0]?.reply).toEqual({ outcome: 'ok', output: { type: 'membership' } });
  });

  it('a leader refuses a change before committing an entry of its term, and while another is pending', () => {
    const builder = new ScenarioBuilder(membership);
    builder.elect(0, [1]);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'add-server', node: 3 } });
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'remove-server', node: 2 } });
    builder.apply({ kind: 'client', node: 0, client: 2, operation: { type: 'remove-server', node: 1 } });
    const history = new Simulator(membership).run(builder.schedule(), { livenessPhase: false }).world.history;
    expect(history[0]?.reply).toEqual({ outcome: 'fail', error: 'leader has not committed an entry of its term yet' });
    expect(history[2]?.reply).toEqual({ outcome: 'fail', error: 'a configuration change is in progress' });
  });

  it('a change retried at a new leader that holds its entry waits for it and is answered ok (never refused for its own change)', () => {
    const builder = new ScenarioBuilder(membership);
    builder.elect(0, [1]);
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'add-server', node: 3 } });
    builder.deliver(0, 1, 'append-entries'); // node 1 holds the change; node 0 crashes before it hears back
    expect(lastIndex(builder.state(1).durable)).toBe(lastIndex(builder.state(0).durable));
    builder.apply({ kind: 'crash', node: 0, loseUnflushed: false });
    // Nodes 1 and 2 restart, forgetting when they last heard from node 0 (else they keep their votes, thesis 4.2.3).
    for (const node of [1, 2]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
    builder.elect(1, [2]);
    // Node 1 holds the change but has not committed an entry of its term: without remembering the
    // change it would refuse the retry ("not committed an entry of its term yet", recorded unknown).
    builder.apply({ kind: 'client', node: 1, client: 0, operation: { type: 'add-server', node: 3 } });
    builder.settle(1, 3);
    const result = new Simulator(membership).run(builder.schedule(), { livenessPhase: false });
    expect(result.violation).toBeNull();
    expect(result.world.history[0]?.attempts).toBe(2);
    expect(result.world.history[0]?.reply).toEqual({ outcome: 'ok', output: { type: 'membership' } });
  });

  it('a leader that removes itself steps down once the change commits', () => {
    const builder = new ScenarioBuilder(membership);
    builder.elect(0, [1]);
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 0 } });
    expect(builder.state(0).volatile.role.kind).toBe('leader'); // it leads until the change commits
    builder.settle(0, 2);
    expect(builder.state(0).volatile.role.kind).toBe('follower');
    expect(membersOf(builder.state(1)).voters).toEqual([1, 2]);
    expect(new Simulator(membership).run(builder.schedule()).violation).toBeNull();
  });

  it('a leader that is the only voter answers a ReadIndex read at once (no follower answer to wait for)', () => {
    // Found by the mutation hunts (docs/mutation.md): the read waited for a heartbeat answer that nobody sends.
    const setup = setupOrThrow(raft, 'correct', { membershipChanges: true, nodeCount: 4, readMode: 'read-index' });
    const builder = new ScenarioBuilder(setup);
    leaveOnlyVoterZero(builder);
    builder.apply({ kind: 'client', node: 0, client: 2, operation: { type: 'get', key: 'x' } });
    const result = new Simulator(setup).run(builder.schedule(), {
      livenessPhase: false,
    });
    expect(result.world.history.map((entry) => entry.reply)).toEqual([
      { outcome: 'ok', output: { type: 'membership' } },
      { outcome: 'ok', output: { type: 'membership' } },
      { outcome: 'ok', output: { type: 'get', value: null } },
    ]);
  });

  it('the last voter elects itself after a restart (its own vote is a quorum: nobody else answers)', () => {
    // Found by the mutation hunts' KRaft setup with one controller (docs/mutation.md): a candidate
    // counted votes only on answers, so a quorum of one never elected itself again.
    const settings = { membershipChanges: true, nodeCount: 4 };
    const builder = new ScenarioBuilder(setupOrThrow(raft, 'correct', settings));
    leaveOnlyVoterZero(builder);
    builder.apply({ kind: 'crash', node: 0, loseUnflushed: false });
    builder.apply({ kind: 'restart', node: 0 });
    for (let tick = 0; tick < 20; tick++) builder.apply({ kind: 'tick', node: 0 });
    expect(builder.state(0).volatile.role.kind).toBe('leader');
    builder.apply({ kind: 'client', node: 0, client: 2, operation: { type: 'put', key: 'x', value: '1' } });
    const result = new Simulator(setupOrThrow(raft, 'correct', settings)).run(builder.schedule(), { livenessPhase: false });
    expect(result.world.history.at(-1)?.reply).toEqual({ outcome: 'ok', output: { type: 'put' } });
  });

  it('a leader left alone by a removal answers the ReadIndex reads it started before (their answers will never come)', () => {
    // Found by 5,000 runs of the mutation hunts' membership setup (seed 15, docs/mutation.md): node 1
    // started two reads with voters {1,2}, then removed node 2 before node 2 acknowledged the round.
    const file = join(import.meta.dirname, 'fixtures/raft-alone-leader-pending-reads.json');
    const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
    expect(artifact.violation?.property).toBe('replicated-after-healing');
    const result = replaySchedule({ protocol: raft, variant: 'correct', config: artifact.config }, artifact.schedule);
    expect(result.violation).toBeNull();
    expect(result.world.history.filter((entry) => (entry.operation as { type: string }).type === 'get').every((entry) => entry.reply !== null)).toBe(
      true,
    );
  });

  it('votes-from-non-members: a removed server wins an election with the vote of a spare that was never added', () => {
    // The saved counterexample's one event; the rest happens in the liveness phase. Node 0 leads,
    // removes node 1 (voters 0,2) and commits the probe's entry with node 2; node 1, which has not
    // learnt that its removal committed, stands for term 2 and counts its own vote and node 3's,
    // which is no voter.
    const schedule: Schedule = {
      randomSeed: 0,
      events: [{ kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 1 } }],
    };
    expectOnlyBuggyBreaks('votes-from-non-members', schedule, 'leader-completeness', { membershipChanges: true, nodeCount: 4 });
  });

  it('concurrent-config-changes: two removals in a row let a leader cut off from the others commit alone', () => {
    const overrides = { membershipChanges: true, nodeCount: 4 };
    const builder = new ScenarioBuilder(setupOrThrow(raft, 'concurrent-config-changes', overrides));
    builder.elect(0, [1]);
    builder.settle(0, 2); // the no-op commits everywhere
    builder.apply({ kind: 'partition', groups: [0, 1, 1, 1] });
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 1 } }); // voters 0,2 (pending)
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'remove-server', node: 2 } }); // BUG: voters 0, committed alone
    expect(builder.state(0).volatile.commitIndex).toBe(3);
    // Nodes 1 and 2 restart (so they no longer remember hearing from node 0) and, still counting
    // voters 0,1,2, elect node 1 without node 0.
    for (const node of [1, 2]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
    builder.elect(1, [2]);
    expectOnlyBuggyBreaks('concurrent-config-changes', builder.schedule(), 'leader-completeness', overrides);
  });
});

/**
 * Ongaro's counterexample (raft-dev, 2015) in this model: node 0 (term 1) promotes the new server
 * 4 (voters 0-4) but only node 4 gets it; node 1 (term 2) removes node 0 (voters 1-3) before its
 * own no-op commits and commits that with node 2; node 0 is elected in term 3 by nodes 3 and 4
 * (a majority of voters 0-4) without the committed change.
 */
function ongaroSchedule(setup: Setup): Schedule {
  const builder = new ScenarioBuilder(setup);
  builder.elect(0, [1, 2]);
  builder.apply({ kind: 'partition', groups: [0, 0, 0, 0, 1] });
  builder.settle(0, 2); // node 0's no-op commits on nodes 0-3
  builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'add-server', node: 4 } });
  builder.settle(0, 3); // learner 4 committed on nodes 0-3, which snapshot through it
  builder.apply({ kind: 'partition', groups: [0, 1, 1, 1, 0] });
  builder.tickUntil(0, () => builder.inFlightBetween(0, 4) > 0);
  builder.exchange(0, 4); // node 4 catches up; node 0 promotes it (voters 0-4), which only node 4 gets
  for (const node of [1, 2, 3]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
  builder.elect(1, [2, 3]); // term 2, by voters 0-3
  builder.apply({ kind: 'client', node: 1, client: 1, operation: { type: 'remove-server', node: 0 } }); // before node 1's no-op commits
  builder.exchange(1, 2); // voters 1-3 commit it with nodes 1 and 2
  builder.apply({ kind: 'partition', groups: [0, 1, 1, 0, 0] });
  for (const node of [0, 3, 4]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
  builder.tickUntil(0, (state) => state.durable.currentTerm === 3 && state.volatile.role.kind === 'candidate');
  builder.deliver(0, 3, 'request-vote').deliver(3, 0, 'request-vote-response');
  builder.deliver(0, 4, 'request-vote').deliver(4, 0, 'request-vote-response'); // node 0 leads term 3 with voters 0-4: 0, 3, 4
  return builder.schedule();
}

describe('raft: hand-written scenarios for each known bug (continued)', () => {
  it("config-change-before-term-commit: Ongaro's counterexample to single-server changes", () => {
    // Random hunts do not reach this story within 20,000 runs; the saved counterexample comes from `faultline hunt --from` this schedule.
    const overrides = { membershipChanges: true, nodeCount: 5, snapshotIntervalEntries: 2 };
    const schedule = ongaroSchedule(setupOrThrow(raft, 'config-change-before-term-commit', overrides));
    expectOnlyBuggyBreaks('config-change-before-term-commit', schedule, 'leader-completeness', overrides);
  });

  it('snapshot-discards-log-suffix: a duplicated snapshot arriving late throws away an acknowledged write', () => {
    const overrides = { snapshotIntervalEntries: 1 };
    const builder = new ScenarioBuilder(setupOrThrow(raft, 'snapshot-discards-log-suffix', overrides));
    builder.elect(0, [1, 2]);
    builder.apply({ kind: 'partition', groups: [0, 0, 1] });
    builder.settle(0, 1); // the no-op commits on nodes 0 and 1; node 2 misses it
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.settle(0, 1);
    expect(builder.state(0).durable.logStart.index).toBe(2); // the leader compacted both entries
    builder.apply({ kind: 'heal' });
    builder.tickUntil(0, () => builder.inFlight(0, 2, 'install-snapshot') > 0);
    builder.duplicate(0, 2, 'install-snapshot');
    builder.deliver(0, 2, 'install-snapshot').deliver(2, 0, 'append-entries-response'); // node 2 installs it; the leader streams to it
    builder.apply({ kind: 'client', node: 0, client: 1, operation: { type: 'put', key: 'y', value: '2' } });
    builder.deliver(0, 2, 'append-entries').deliver(2, 0, 'append-entries-response'); // put y 2 acknowledged with node 2's copy
    expect(builder.state(2).durable.log).toHaveLength(1);
    builder.deliver(0, 2, 'install-snapshot'); // the duplicate arrives
    expect(builder.state(2).durable.log).toHaveLength(0);
    expectOnlyBuggyBreaks('snapshot-discards-log-suffix', builder.schedule(), 'no-acked-write-lost', overrides);
  });

  it('snapshot-not-flushed: a power loss right after a snapshot brings back the previous one under the truncated log', () => {
    const overrides = { snapshotIntervalEntries: 2 };
    const builder = new ScenarioBuilder(setupOrThrow(raft, 'snapshot-not-flushed', overrides));
    builder.elect(0, [1, 2]);
    builder.settle(0, 1);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'put', key: 'x', value: '1' } });
    builder.deliver(0, 1, 'append-entries').deliver(1, 0, 'append-entries-response'); // committed on nodes 0 and 1
    builder.deliver(0, 2, 'append-entries');
    builder.tickUntil(0, () => builder.inFlight(0, 2, 'append-entries') > 0);
    builder.deliver(0, 2, 'append-entries'); // node 2 learns the commit, applies, snapshots through 2
    expect(builder.state(2).durable.logStart.index).toBe(2);
    builder.apply({ kind: 'crash', node: 2, loseUnflushed: true }).apply({ kind: 'restart', node: 2 });
    expectOnlyBuggyBreaks('snapshot-not-flushed', builder.schedule(), 'state-machine-safety', overrides);
  });
});

describe('raft: joint consensus', () => {
  const overrides = { membershipChanges: true, membershipChangeMode: 'joint', nodeCount: 4 };
  const joint = setupOrThrow(raft, 'correct', overrides);
  const membersOf = (state: RaftState) => membershipAt(4, state.durable, lastIndex(state.durable));

  it('survives generated schedules with add-server, remove-server and replace-server on four and five servers', () => {
    expectSurvives(joint, { runs: 150, seed: 17 });
    expectSurvives(setupOrThrow(raft, 'correct', { ...overrides, nodeCount: 5 }), { runs: 100, seed: 18 });
  });

  it('replace-server: the new server catches up as a learner, then C_old,new, then C_new; a replaced leader steps down', () => {
    const uncompacted = setupOrThrow(raft, 'correct', { ...overrides, snapshotIntervalEntries: 0 });
    const builder = new ScenarioBuilder(uncompacted);
    builder.elect(0, [1]);
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'replace-server', node: 0, replacement: 3 } });
    expect(membersOf(builder.state(0))).toEqual({ voters: [0, 1, 2], learners: [3], replacement: { learner: 3, voter: 0 } });
    builder.settle(0, 4);
    const configurations = builder
      .state(1)
      .durable.log.flatMap((entry) => (entry.command.type === 'config' ? [describeMembership(entry.command.membership)] : []));
    expect(configurations).toEqual(['voters 0,1,2 learners 3 (3 to replace 0)', 'voters 1,2,3 joint with voters 0,1,2', 'voters 1,2,3']);
    expect(builder.state(0).volatile.commitIndex).toBe(lastIndex(builder.state(0).durable)); // C_new committed
    expect(builder.state(0).volatile.role.kind).toBe('follower'); // not in C_new: it stepped down once C_new committed
    const result = new Simulator(uncompacted).run(builder.schedule());
    expect(result.violation).toBeNull();
    expect(result.world.history[0]?.reply).toEqual({ outcome: 'ok', output: { type: 'membership' } });
  });

  /**
   * Leader 0 replaces node 2 by node 3 while cut off from nodes 1 and 2: with the new voters'
   * majority alone ({0, 3} of {0, 1, 3}) the joint entry commits, which needs {0, 1, 2}'s majority
   * too; nodes 1 and 2, which never saw it, elect node 1 by the old configuration.
   */
  function replaceWhileCutOff(variant: string): Schedule {
    const builder = new ScenarioBuilder(setupOrThrow(raft, variant, overrides));
    builder.elect(0, [1, 2]);
    builder.apply({ kind: 'partition', groups: [0, 0, 0, 1] });
    builder.settle(0, 2); // the no-op commits on nodes 0-2
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'replace-server', node: 2, replacement: 3 } });
    builder.settle(0, 2); // learner 3 (to replace 2) committed on nodes 0-2
    builder.apply({ kind: 'partition', groups: [0, 1, 1, 0] });
    builder.tickUntil(0, () => builder.inFlightBetween(0, 3) > 0);
    builder.exchange(0, 3); // node 3 catches up; node 0 enters the joint configuration, which only node 3 gets
    for (const node of [1, 2]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
    builder.elect(1, [2]); // term 2, by the old voters 0,1,2
    return builder.schedule();
  }

  it('joint-new-majority-only: the joint entry commits with the new voters alone and a leader of the old configuration loses it', () => {
    expectOnlyBuggyBreaks('joint-new-majority-only', replaceWhileCutOff('joint-new-majority-only'), 'leader-completeness', overrides);
  });

  it('leave-joint-before-commit: C_new right behind C_old,new commits both with the new voters alone', () => {
    expectOnlyBuggyBreaks('leave-joint-before-commit', replaceWhileCutOff('leave-joint-before-commit'), 'leader-completeness', overrides);
  });

  it('joint-stuck-after-leader-change: a leader elected during the joint phase never leaves it, and the removal is never answered', () => {
    const buggy = setupOrThrow(raft, 'joint-stuck-after-leader-change', overrides);
    const builder = new ScenarioBuilder(buggy);
    builder.elect(0, [1, 2]);
    builder.settle(0, 2);
    builder.apply({ kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 2 } });
    builder.deliver(0, 1, 'append-entries').deliver(0, 2, 'append-entries'); // both store C_old,new; the answers never reach node 0
    for (const node of [0, 2]) builder.apply({ kind: 'crash', node, loseUnflushed: false }).apply({ kind: 'restart', node });
    builder.elect(1, [0, 2]); // term 2: a majority of both 0,1 and 0,1,2
    builder.settle(1, 3);
    expect(membersOf(builder.state(1)).outgoing).toEqual([0, 1, 2]); // still joint
    expectOnlyBuggyBreaks('joint-stuck-after-leader-change', builder.schedule(), 'operations-complete', overrides);
  });
});

/**
 * `probe-replicated-promptly`: after healing, a stable leader replicates the progress probe within
 * a bound of steps (docs/protocols/raft.md, docs/mutation.md "Raft timing"). The correct model
 * stays within it with a margin of about 1.5 (measured over the mutation setups); only a model
 * that replicates much slower, or sends needless traffic, breaks it. A leader that holds every
 * append for its next heartbeat adds about 10 steps for 3 nodes: too few to see at that margin.
 */
const probeSchedule = { randomSeed: 3, events: [{ kind: 'tick' as const, node: 0 }] };

describe('probe-replicated-promptly', () => {
  it('holds on the correct model, with a margin, and counts from the probe', () => {
    const setup = setupOrThrow(raft, 'correct', { pipelining: false });
    const result = new Simulator(setup).run(probeSchedule);
    expect(result.violation).toBeNull();
    const steps = probeReplicationSteps(result.world as Parameters<typeof probeReplicationSteps>[0]);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(probeReplicationStepsMax(setup.config as Parameters<typeof probeReplicationStepsMax>[0]) / 2);
  });

  it('fails when the same settled world is reached more steps after the probe began than the bound', () => {
    const setup = setupOrThrow(raft, 'correct', { pipelining: false });
    const world = new Simulator(setup).run(probeSchedule).world as Parameters<typeof probeReplicationSteps>[0];
    const property = raft.properties.find((candidate) => candidate.name === 'probe-replicated-promptly');
    const stepsMax = probeReplicationStepsMax(world.config);
    const steps = probeReplicationSteps(world) as number;
    const later = (extraSteps: number) => property?.check({ ...world, step: world.step + extraSteps });
    expect(later(stepsMax - steps)).toBeNull();
    expect(later(stepsMax - steps + 1)).toBe(
      `the cluster took ${stepsMax + 1} steps after the progress probe began (or its leader was elected) to settle again, more than the bound of ${stepsMax} for 3 nodes`,
    );
    // Without a probe in the history (the run ended before it) there is nothing to bound.
    expect(
      property?.check({ ...world, step: world.step + 10 * stepsMax, history: world.history.filter((entry) => entry.probe === undefined) }),
    ).toBeNull();
  });

  it('scales with the node count, membership changes and the heartbeat interval', () => {
    const config = raft.defaultConfig();
    expect(probeReplicationStepsMax({ ...config, nodeCount: 5 })).toBe(260);
    expect(probeReplicationStepsMax({ ...config, nodeCount: 4, membershipChanges: true })).toBe(360);
    expect(probeReplicationStepsMax({ ...config, nodeCount: 3, heartbeatIntervalTicks: 4 })).toBe(312);
    expect(probeReplicationStepsMax({ ...config, nodeCount: 3, heartbeatIntervalTicks: 1 })).toBe(156);
    // With membership changes, a server added empty catches up on the leader's log: a round trip
    // (4 steps per node) per entriesPerAppendMax entries.
    expect(probeReplicationStepsMax({ ...config, nodeCount: 4, membershipChanges: true, entriesPerAppendMax: 1 }, 19)).toBe(360 + 19 * 16);
    expect(probeReplicationStepsMax({ ...config, nodeCount: 4, membershipChanges: true, entriesPerAppendMax: 4 }, 19)).toBe(360 + 5 * 16);
    expect(probeReplicationStepsMax({ ...config, nodeCount: 4 }, 19)).toBe(208);
  });

  it('gives a spare added empty time to catch up one entry per round trip (a false alarm of a joint-consensus hunt)', () => {
    // faultline hunt --protocol raft --set nodeCount=4 --set membershipChanges=true --set
    // membershipChangeMode=joint --runs 10000 --seed 7203 (the swarm drew one entry per append and
    // no pipelining): the probe's leader caught the spare up on 19 entries, one per 14 steps, and
    // settled 447 steps after its election, past the bound of 360 the node count alone gave.
    const file = join(import.meta.dirname, 'fixtures/raft-joint-spare-catch-up.json');
    const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
    const setup = setupOrThrow(raft, 'correct', artifact.config as Record<string, unknown>);
    expect(new Simulator(setup).run(artifact.schedule).violation).toBeNull();
    // Since the liveness phase delivers link by link, that schedule's catch-up settles within 360
    // steps; a random search of eight-event schedules at its settings (2026-12-03) found this one,
    // which settles 490 steps after the leader's election: the catch-up's allowance is needed.
    const put = (node: number, client: number, value: string): ScheduleEvent => ({
      kind: 'client',
      node,
      client,
      operation: { type: 'put', key: 'x', value },
    });
    const events: ScheduleEvent[] = [
      { kind: 'client', node: 0, client: 0, operation: { type: 'remove-server', node: 0 } },
      put(2, 2, '2'),
      { kind: 'tick', node: 2 },
      put(3, 0, '0'),
      { kind: 'tick', node: 1 },
      { kind: 'client', node: 0, client: 1, operation: { type: 'replace-server', node: 1, replacement: 0 } },
      { kind: 'deliver', message: 4 },
      { kind: 'deliver', message: 1 },
    ];
    const result = new Simulator(setup).run({ randomSeed: 0, events });
    expect(result.violation).toBeNull();
    const world = result.world as Parameters<typeof probeReplicationSteps>[0];
    expect(probeReplicationSteps(world)).toBeGreaterThan(probeReplicationStepsMax(world.config));
  });
});
