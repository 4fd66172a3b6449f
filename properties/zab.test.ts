/**
 * ZAB and the ZooKeeper-like service: the correct model survives CI-sized hunts (crashes, power
 * losses, restarts, partitions, connection resets), reaches its coverage goals, replays
 * deterministically, and hand-written scenarios pin down the service's documented behaviour
 * (session expiry and watches, sync's limit, the FIFO assumption).
 */
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import type { HistoryEntry } from '../src/core/types.ts';
import { hunt, replaySchedule } from '../src/hunt/hunt.ts';
import { readArtifactFile } from '../src/cli/artifacts.ts';
import { join } from 'node:path';
import { counterexampleReport, expectSurvives, setupOrThrow } from '../src/hunt/testing.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { buildOperation, describeOperation, parseOperation, zab } from '../src/protocols/zab/index.ts';
import type { ZabGhost } from '../src/protocols/zab/properties.ts';
import { defaultZabConfig, type Operation, type Output, type ZabConfig, type ZabState } from '../src/protocols/zab/types.ts';

const correct = setupOrThrow(zab, 'correct');

function property(name: string) {
  const found = zab.properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
}

type ZabWorld = World<unknown, unknown, Operation, Output, ZabGhost>;

function history(world: World): readonly HistoryEntry<Operation, Output>[] {
  return (world as ZabWorld).history;
}

/** A saved story of properties/fixtures (found against an older correct model), replayed on the correct model as it is now. */
function replayedOnCorrect(fixture: string) {
  const artifact = readArtifactFile(join(import.meta.dirname, 'fixtures', fixture));
  return { artifact, result: replaySchedule({ protocol: zab, variant: 'correct', config: artifact.config }, artifact.schedule) };
}

describe('zab: the correct model', () => {
  it('is registered as protocol "zab" with its variants', () => {
    expect(findProtocol('zab')).toBe(zab);
    expect(zab.variants.map((variant) => variant.name)).toEqual([
      'correct',
      'diff-without-trunc',
      'ack-before-persist',
      'elect-by-applied-zxid',
      'propose-to-acked-only',
      'ack-before-newleader',
      'no-controller-epoch',
      'snap-saved-after-ack',
      'snapshot-sessions-behind-zxid',
    ]);
  });

  // Every coverage goal reached by a hunt of the correct model: coverage.test.ts (1,500 runs, seed 11).
  it('survives a hunt with crashes, power losses, restarts, partitions and connection resets', () => {
    const result = hunt(correct, { runs: 600, seed: 20, now: () => performance.now() });
    if (result.finding) throw new Error(counterexampleReport(correct, result.finding.schedule));
    expect(correct.profile.powerLossFraction).toBeGreaterThan(0);
    expect(result.coverage['later-epoch-commit'] ?? 0, 'a commit after a leader change').toBeGreaterThan(0);
  });

  it('survives with five servers, with quorum syncs and with the controller workload', () => {
    expectSurvives(setupOrThrow(zab, 'correct', { nodeCount: 5 }), { runs: 300, seed: 3 });
    expectSurvives(setupOrThrow(zab, 'correct', { quorumSync: true }), { runs: 400, seed: 4 });
    expectSurvives(setupOrThrow(zab, 'correct', { workload: 'controller', sessionTimeoutTicks: 2 }), { runs: 400, seed: 5 });
    expectSurvives(setupOrThrow(zab, 'correct', { workload: 'writes', committedLogWindowTransactions: 1 }), { runs: 400, seed: 6 });
  });

  it("a follower's second ACKEPOCH for an epoch it had already accepted does not count: two leaders of one epoch cannot both establish it", () => {
    // Found at run 350,927 of a long hunt of the correct model (seed 3122027, 2026-12-03): nodes 0 and 1
    // both proposed epoch 3; node 2 accepted it from node 0, which synchronized it with 2:1 (delivered
    // in epoch 2), then answered node 1's LEADERINFO(3) too, and node 1 established epoch 3 without
    // 2:1 (primary-integrity, at step 141). ZooKeeper's follower answers with current epoch -1 and the
    // leader does not count it (Learner.registerWithLeader, Leader.waitForEpochAck).
    const { artifact, result } = replayedOnCorrect('zab-epoch-accepted-twice.json');
    expect(artifact.violation).toMatchObject({ property: 'primary-integrity', step: 141 });
    expect(result.violation).toBeNull();
    // The answer that no longer counts is in the run, by its own name.
    expect(result.trace?.some((step) => step.delivered?.text.startsWith('AckEpoch(epoch already accepted: not counted'))).toBe(true);
  });

  it('a follower that reconnects to the leader of its current epoch acknowledges no proposal before it acknowledges NEWLEADER again', () => {
    // Found at run 32,268 of a long hunt of the correct model (seed 3122028, 2026-12-03), after the
    // fix above: node 1 reconnects to node 2 in epoch 2, and during the new synchronization flushes
    // and acknowledges 2:2 (its current epoch was already 2, which the model took for "NEWLEADER
    // acknowledged"). The leader commits 2:2 with it; the SNAP that follows rewrites node 1's log
    // with 2:2 unflushed, a power loss takes it, and node 1 leads epoch 3 without it.
    const { artifact, result } = replayedOnCorrect('zab-resync-ack-before-newleader.json');
    expect(artifact.violation).toMatchObject({ property: 'primary-integrity', step: 96 });
    expect(result.violation).toBeNull();
    // Node 1's Ack of 2:2 no longer goes out between its AckEpoch and its AckNewLeader.
    const sent = (result.trace ?? []).flatMap((step) => step.sent.filter((message) => message.from === 1).map((message) => message.text));
    const ackEpoch = sent.findIndex((text) => text.startsWith('AckEpoch(epoch already accepted'));
    const ackNewLeader = sent.findIndex((text, index) => index > ackEpoch && text.startsWith('AckNewLeader'));
    expect(ackEpoch).toBeGreaterThanOrEqual(0);
    expect(sent.slice(ackEpoch, ackNewLeader === -1 ? undefined : ackNewLeader).some((text) => text.startsWith('Ack('))).toBe(false);
  });

  it("a follower whose last zxid is past the leader's applied point gets a DIFF, not a SNAP that drops its logged transactions", () => {
    // Found at run 1,373,945 of a long hunt of the correct model (seed 4121243, 2026-12-04; drawn
    // committedLogWindowTransactions=1): node 0 logged and acknowledged 1:1, which node 2 committed;
    // node 2 restarted (its applied point back at 0:0) and led epoch 2; 1:1 was outside its one-
    // transaction window, so it sent node 0 a SNAP at 0:0, which dropped 1:1 from node 0's disk
    // before anything new was written. A power loss, and node 1 led epoch 3 without 1:1.
    const { artifact, result } = replayedOnCorrect('zab-snap-below-follower.json');
    expect(artifact.violation).toMatchObject({ property: 'primary-integrity', step: 62 });
    expect(result.violation).toBeNull();
    // Node 2's first synchronization of node 0 (epoch 2) is a DIFF now: node 0 keeps 1:1 on disk.
    const syncs = (result.trace ?? []).flatMap((step) =>
      step.sent.filter((message) => message.from === 2 && message.to === 0 && /^(DIFF|SNAP|TRUNC)/.test(message.text)).map((message) => message.text),
    );
    expect(syncs[0]).toMatch(/^DIFF \[1:2 /);
  });
});

describe('zab: scenarios', () => {
  it('a follower holding a transaction the new leader lacks is truncated (TRUNC, then DIFF)', () => {
    // Server 2 (the leader) logs a write nobody else received, crashes, and comes back to a new epoch.
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 2, client: 0, operation: { type: 'create', path: '/a', data: '0', sequential: false } },
        { kind: 'crash', node: 2, loseUnflushed: false },
        ...Array.from({ length: 8 }, (): ScheduleEvent => ({ kind: 'deliver', message: 0 })),
      ],
    };
    const result = new Simulator(correct, { recordTrace: true }).run(schedule);
    expect(result.violation).toBeNull();
    const sent = (result.trace ?? []).flatMap((step) => step.sent.map((message) => message.text));
    expect(sent.some((text) => text.startsWith('TRUNC(to 0:0)'))).toBe(true);
  });

  it('a follower that gives up synchronizing and reconnects ignores what the leader sent its earlier attempt', () => {
    // Found by a long hunt: server 0 timed out in the middle of synchronization and reconnected to
    // the same leader over the same FIFO link; it used to take the old attempt's DIFF as its own.
    const createA: Operation = { type: 'create', path: '/a', data: '0', sequential: false };
    const at = (kind: 'tick' | 'deliver', value: number): ScheduleEvent => (kind === 'tick' ? { kind, node: value } : { kind, message: value });
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [0, 1, 2] },
        { kind: 'client', node: 2, client: 0, operation: createA },
        { kind: 'heal' },
        at('tick', 2),
        at('deliver', 7),
        at('deliver', 10),
        at('tick', 0),
        at('tick', 0),
        at('deliver', 5),
        at('deliver', 7),
        at('tick', 0),
        at('deliver', 3),
        at('deliver', 3),
        at('tick', 0),
        at('deliver', 0),
        at('deliver', 5),
        { kind: 'partition', groups: [0, 1, 0] },
        at('deliver', 0),
        at('tick', 0),
        at('tick', 0),
        at('tick', 0),
      ],
    };
    const result = new Simulator(correct, { recordTrace: true }).run(schedule);
    expect(result.violation).toBeNull();
    // The leader really did answer several attempts of server 0.
    const answers = (result.trace ?? []).flatMap((step) => step.sent.filter((message) => message.to === 0 && message.text.startsWith('LeaderInfo')));
    expect(answers.length).toBeGreaterThanOrEqual(2);
  });

  it('a new leader has its history on disk before its epoch moves, so a power loss cannot lose a commit', () => {
    // Found by a long hunt: 1:1 is committed by the old leader 2 and server 1; server 0 (which has
    // 1:1 and 1:2 in memory only) wins the election, moves its current epoch to 2, loses power, and
    // came back with epoch 2 and an empty log, which then won the next election.
    const createA: Operation = { type: 'create', path: '/a', data: '0', sequential: false };
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: createA },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'tick', node: 2 },
        { kind: 'client', node: 0, client: 1, operation: createA },
        { kind: 'tick', node: 1 },
        { kind: 'deliver', message: 4 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 10 },
        { kind: 'deliver', message: 0 },
        { kind: 'crash', node: 2, loseUnflushed: false },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'drop', message: 3 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'crash', node: 0, loseUnflushed: true },
      ],
    };
    const result = new Simulator(correct).run(schedule);
    expect(result.violation).toBeNull();
    expect((result.world as ZabWorld).ghost.delivered.map((txn) => txn.zxid)).toContainEqual({ epoch: 1, counter: 1 });
  });

  it('an expired session takes its ephemeral znode with it, and the watch on it fires first', () => {
    const standalone = setupOrThrow(zab, 'correct', { nodeCount: 1 });
    const create: Operation = { type: 'create', path: '/e', data: '1', sequential: false };
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: create },
        { kind: 'tick', node: 0 },
        { kind: 'client', node: 0, client: 1, operation: { type: 'exists', path: '/e', watch: true } },
        ...Array.from({ length: 5 }, (): ScheduleEvent => ({ kind: 'tick', node: 0 })),
        { kind: 'client', node: 0, client: 1, operation: { type: 'exists', path: '/e', watch: false } },
      ],
    };
    const result = new Simulator(standalone, { recordTrace: true }).run(schedule, { livenessPhase: false });
    expect(result.violation).toBeNull();
    const outputs = history(result.world).map((entry) => (entry.reply?.outcome === 'ok' ? entry.reply.output : null));
    expect(outputs[0]).toMatchObject({ type: 'create', ok: true, path: '/e' });
    expect(outputs[1]).toMatchObject({ type: 'exists', version: 0 });
    expect(outputs[2]).toMatchObject({ type: 'exists', version: null });
    const ghost = (result.world as ZabWorld).ghost;
    expect(ghost.watchEvents).toMatchObject([{ clientId: 1, path: '/e', children: false, zxid: { epoch: 1, counter: 2 } }]);
    expect(property('watch-before-data').check(result.world as never)).toBeNull();
    // Without the event, the client would have seen /e vanish unannounced: the property must say so.
    const silent = { ...result.world, ghost: { ...ghost, watchEvents: [] } };
    expect(property('watch-before-data').check(silent as never)).toMatch(/without the watch event/);
  });

  it('sessions-expire: the leader closes a session it has not heard from past the timeout; one it keeps open breaks the property', () => {
    const standalone = setupOrThrow(zab, 'correct', { nodeCount: 1, sessionTimeoutTicks: 3 });
    const create: Operation = { type: 'create', path: '/e', data: '1', sequential: false };
    const ticks = (count: number) => Array.from({ length: count }, (): ScheduleEvent => ({ kind: 'tick', node: 0 }));
    const run = (tickCount: number) =>
      new Simulator(standalone).run(
        { randomSeed: 0, events: [{ kind: 'client', node: 0, client: 0, operation: create }, ...ticks(tickCount)] },
        { livenessPhase: false },
      );
    // Two ticks: the session is still within its timeout.
    const early = run(2).world as ZabWorld;
    const earlyState = early.nodes[0]?.state as ZabState | undefined;
    expect(earlyState?.volatile.tree.sessions[0]).toEqual({ incarnation: 1, alive: true });
    expect(property('sessions-expire').check(early as never)).toBeNull();
    // Eight ticks: the leader proposed closing it and applied the close.
    const late = run(8);
    expect(late.violation).toBeNull();
    const world = late.world as ZabWorld;
    const slot = world.nodes[0] as ZabWorld['nodes'][number];
    const state = slot.state as ZabState;
    expect(state.volatile.tree.sessions[0]).toEqual({ incarnation: 1, alive: false });
    expect(property('sessions-expire').check(world as never)).toBeNull();
    // The same leader with the session still open and no close proposed: it kept a silent client's session.
    const committed = state.volatile.log.filter((txn) => txn.body.kind !== 'closeSession');
    const sessions = state.volatile.tree.sessions.with(0, { incarnation: 1, alive: true });
    const keeping: ZabState = {
      durable: state.durable,
      volatile: { ...state.volatile, log: committed, committedCount: committed.length, tree: { ...state.volatile.tree, sessions } },
    };
    const kept = { ...world, nodes: world.nodes.with(0, { ...slot, state: keeping }) };
    expect(property('sessions-expire').check(kept as never)).toMatch(/has not heard from client 0 for \d+ ticks \(session timeout 3\)/);
  });

  it('requests-settle: a sync retried at another server is answered at both (the leader owes each server its answer); one left unanswered breaks it', () => {
    const correct = setupOrThrow(zab, 'correct');
    const syncRead: Operation = { type: 'syncRead', path: '/a' };
    const create: Operation = { type: 'create', path: '/a', data: '0', sequential: false };
    // Server 2 leads; client 1's sync reaches it through server 1, then (a retry) through server 0,
    // while client 0's create is still uncommitted. The leader used to keep one sync per client, so
    // server 1 waited forever (found by this property on the correct model, shrunk to these events).
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: create },
        { kind: 'client', node: 1, client: 1, operation: syncRead },
        { kind: 'client', node: 0, client: 1, operation: create },
      ],
    };
    const result = new Simulator(correct).run(schedule);
    expect(result.violation).toBeNull();
    const world = result.world as ZabWorld;
    for (const slot of world.nodes) expect((slot.state as ZabState).volatile.pending).toEqual([]);
    expect(property('requests-settle').check(world as never)).toBeNull();
    // The same end with server 1 still holding the syncRead: the property must say so.
    const slot = world.nodes[1] as ZabWorld['nodes'][number];
    const state = slot.state as ZabState;
    const waiting: ZabState = {
      durable: state.durable,
      volatile: { ...state.volatile, pending: [{ clientId: 1, operationId: 1, kind: 'syncRead', path: '/a', target: null, leaderEpoch: 1 }] },
    };
    const stuck = { ...world, nodes: world.nodes.with(1, { ...slot, state: waiting }) };
    expect(property('requests-settle').check(stuck as never)).toMatch(
      /server 1, in sync with the established leader, still holds client 1's syncRead #1/,
    );
  });

  it('requests-received: a serving server holds a request it cannot answer yet; one it ignores breaks the property', () => {
    const correct = setupOrThrow(zab, 'correct');
    const result = new Simulator(correct).run(
      { randomSeed: 0, events: [{ kind: 'client', node: 0, client: 0, operation: { type: 'syncRead', path: '/a' } }] },
      { livenessPhase: false },
    );
    expect(result.violation).toBeNull();
    const world = result.world as ZabWorld;
    const slot = world.nodes[0] as ZabWorld['nodes'][number];
    const state = slot.state as ZabState;
    expect(state.volatile.pending).toMatchObject([{ clientId: 0, operationId: 0, kind: 'syncRead' }]);
    expect(property('requests-received').check(world as never)).toBeNull();
    const ignoring: ZabState = { durable: state.durable, volatile: { ...state.volatile, pending: [] } };
    const ignoringNodes = world.nodes.with(0, { ...slot, state: ignoring });
    // The ghost observer records the break (as it does after every step), and the check reads it.
    const ignored = { ...world, nodes: ignoringNodes, ghost: zab.ghost.observe(world.ghost as never, { ...world, nodes: ignoringNodes } as never) };
    expect(property('requests-received').check(ignored as never)).toMatch(/server 0 serves clients but neither answered nor holds client 0's/);
  });

  it('controller-epochs-increase and client-fifo: an election refused as stale before the first one, or answered with another shape, breaks them', () => {
    const standalone = setupOrThrow(zab, 'correct', { nodeCount: 1, workload: 'controller' });
    const elect: Operation = { type: 'controllerElect' };
    const result = new Simulator(standalone).run(
      {
        randomSeed: 0,
        events: [
          { kind: 'client', node: 0, client: 0, operation: elect },
          { kind: 'tick', node: 0 },
          { kind: 'client', node: 0, client: 1, operation: elect },
          { kind: 'tick', node: 0 },
        ],
      },
      { livenessPhase: false },
    );
    expect(result.violation).toBeNull();
    const world = result.world as ZabWorld;
    const answers = world.history.map((entry) => (entry.reply?.outcome === 'ok' ? entry.reply.output : null));
    expect(answers).toMatchObject([
      { type: 'controllerElect', result: 'elected', epoch: 1 },
      { type: 'controllerElect', result: 'taken', epoch: 1 },
    ]);
    expect(property('controller-epochs-increase').check(world as never)).toBeNull();
    // The first election answered stale-epoch at epoch 0, as a server that resolved the expected epoch
    // version wrong (+1 instead of -1 for a missing node) would answer every election.
    const first = world.history[0] as HistoryEntry<Operation, Output>;
    const output = first.reply?.outcome === 'ok' ? first.reply.output : null;
    if (output?.type !== 'controllerElect') throw new Error('no controllerElect answer');
    const stale = { ...first, reply: { outcome: 'ok' as const, output: { ...output, result: 'stale-epoch' as const, epoch: 0, controller: null } } };
    const lockedOut = { ...world, history: world.history.with(0, stale) };
    expect(property('controller-epochs-increase').check(lockedOut as never)).toMatch(/refused as stale at controller epoch 0/);
    // An answer of another shape (a type tag or result emptied): client-fifo cannot place it, and says so.
    expect(property('client-fifo').check(world as never)).toBeNull();
    const untagged = { ...first, reply: { outcome: 'ok' as const, output: { ...output, type: '' } as unknown as Output } };
    expect(property('client-fifo').check({ ...world, history: world.history.with(0, untagged) } as never)).toMatch(/answered with a "" output/);
    const noResult = { ...first, reply: { outcome: 'ok' as const, output: { ...output, result: '' } as unknown as Output } };
    expect(property('client-fifo').check({ ...world, history: world.history.with(0, noResult) } as never)).toMatch(
      /none of elected, taken, stale-epoch/,
    );
  });

  it('sync is not a quorum operation: a deposed leader answers it with stale data, unless quorumSync is on', () => {
    // Server 2 leads epoch 1 and is cut off; servers 0 and 1 elect 1 for epoch 2 and commit /a;
    // a client then syncs and reads at server 2, which has not noticed yet.
    const deliver = (): ScheduleEvent => ({ kind: 'deliver', message: 0 });
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [0, 0, 1] },
        ...Array.from({ length: 10 }, deliver),
        { kind: 'client', node: 0, client: 0, operation: { type: 'create', path: '/a', data: '1', sequential: false } },
        deliver(),
        deliver(),
        { kind: 'tick', node: 0 },
        { kind: 'tick', node: 1 },
        deliver(),
        deliver(),
        deliver(),
        { kind: 'client', node: 2, client: 1, operation: { type: 'syncRead', path: '/a' } },
      ],
    };
    const faithful = new Simulator(correct).run(schedule);
    expect(faithful.violation).toBeNull();
    const [write, read] = history(faithful.world);
    expect(write?.reply).toMatchObject({ outcome: 'ok', output: { type: 'create', ok: true } });
    expect(read?.invokedAt).toBeGreaterThan(write?.completedAt ?? Infinity);
    expect(read?.reply).toMatchObject({ outcome: 'ok', output: { type: 'syncRead', data: null, leaderEpoch: 1, servedBy: 2 } });
    // The property exempts only that case; judged as if sync went through a quorum, it is a stale read.
    const strict = { ...faithful.world, config: { ...(faithful.world.config as ZabConfig), quorumSync: true } };
    expect(property('sync-read-fresh').check(strict as never)).toMatch(/missing write #0/);

    const quorum = new Simulator(setupOrThrow(zab, 'correct', { quorumSync: true })).run(schedule);
    expect(quorum.violation).toBeNull();
    const quorumRead = history(quorum.world)[1];
    expect(quorumRead?.reply?.outcome === 'ok' && quorumRead.reply.output.type === 'syncRead' && quorumRead.reply.output.data === null).toBe(false);
  });

  it('over a network that reorders (fifoAssumption false) ZAB breaks: the FIFO assumption matters', () => {
    const reordering = setupOrThrow(zab, 'correct', { fifoAssumption: false });
    expect(zab.fifoLinks(reordering.config as ZabConfig)).toBe(false);
    const result = hunt(reordering, { runs: 500, seed: 1, now: () => performance.now() });
    expect(result.finding?.violation.property).toMatch(/integrity|agreement|replica-logs-consistent|primary-order|ensemble-recovers/);
  });
});

describe('zab: end properties on hand-made histories', () => {
  const served = (zxid: [number, number], servedBy = 0) => ({ zxid: { epoch: zxid[0], counter: zxid[1] }, servedBy, boots: 0 });
  let clock = 0;
  const entry = (operationId: number, clientId: number, operation: Operation, output: Output): HistoryEntry<Operation, Output> => {
    const invokedAt = clock++;
    const completedAt = clock++;
    return {
      operationId,
      clientId,
      operation,
      node: 0,
      invokedAt,
      completedAt,
      reply: { outcome: 'ok', output },
      attempts: 1,
      invokedAtStep: invokedAt,
      completedAtStep: completedAt,
    };
  };
  const view = (entries: HistoryEntry<Operation, Output>[]) => ({ config: defaultZabConfig, history: entries }) as never;
  const createA: Operation = { type: 'create', path: '/a', data: '1', sequential: false };

  it('linearizable-writes: two successful creates of one znode cannot both have happened', () => {
    clock = 0;
    const twice = [
      entry(0, 0, createA, { type: 'create', ok: true, path: '/a', ...served([1, 1]) }),
      entry(1, 1, createA, { type: 'create', ok: true, path: '/a', ...served([1, 2]) }),
    ];
    expect(property('linearizable-writes').check(view(twice))).toMatch(/not linearizable/);
    const once = [
      twice[0] as HistoryEntry<Operation, Output>,
      entry(1, 1, createA, { type: 'create', ok: false, error: 'node-exists', ...served([1, 2]) }),
    ];
    expect(property('linearizable-writes').check(view(once))).toBeNull();
  });

  it('linearizable-writes: a write on a malformed path below /a or /b is refused as bad arguments, and a delete of /a with a child as not empty', () => {
    clock = 0;
    const deleteMalformed: Operation = { type: 'delete', path: '/a/', version: -1 };
    const refused = entry(1, 1, deleteMalformed, { type: 'delete', ok: false, error: 'bad-arguments', ...served([1, 2]) });
    const created = entry(0, 0, createA, { type: 'create', ok: true, path: '/a', ...served([1, 1]) });
    expect(property('linearizable-writes').check(view([created, refused]))).toBeNull();
    const wrongError = entry(1, 1, deleteMalformed, { type: 'delete', ok: false, error: 'no-node', ...served([1, 2]) });
    expect(property('linearizable-writes').check(view([created, wrongError]))).toMatch(/not linearizable/);
    const child: Operation = { type: 'create', path: '/a/s-', data: '1', sequential: true };
    const deleteA: Operation = { type: 'delete', path: '/a', version: -1 };
    const nonEmpty = [
      created,
      entry(1, 1, child, { type: 'create', ok: true, path: '/a/s-0000000000', ...served([1, 2]) }),
      entry(2, 2, deleteA, { type: 'delete', ok: true, ...served([1, 3]) }),
    ];
    expect(property('linearizable-writes').check(view(nonEmpty))).toMatch(/not linearizable/);
  });

  it("client-fifo and no-time-travel: a client's later write, or a later read at the same server, cannot go back", () => {
    clock = 0;
    const setA: Operation = { type: 'setData', path: '/a', data: '2', version: -1 };
    const backwards = [
      entry(0, 0, createA, { type: 'create', ok: true, path: '/a', ...served([1, 3]) }),
      entry(1, 0, setA, { type: 'setData', ok: true, version: 1, ...served([1, 2]) }),
    ];
    expect(property('client-fifo').check(view(backwards))).toMatch(/not after its earlier write/);
    const read: Operation = { type: 'getData', path: '/a', watch: false };
    const stale = [
      entry(0, 0, read, { type: 'getData', ok: true, data: '1', version: 0, ...served([1, 3]) }),
      entry(1, 0, read, { type: 'getData', ok: false, error: 'no-node', ...served([1, 1]) }),
    ];
    expect(property('no-time-travel').check(view(stale))).toMatch(/after it had seen it at 1:3/);
    const otherServer = [
      stale[0] as HistoryEntry<Operation, Output>,
      entry(1, 0, read, { type: 'getData', ok: false, error: 'no-node', ...served([1, 1], 1) }),
    ];
    expect(property('no-time-travel').check(view(otherServer))).toBeNull();
  });
});

describe('zab: text forms and configuration', () => {
  it('parses what it prints, for every operation the workloads build', () => {
    for (const workload of ['mixed', 'writes', 'controller'] as const) {
      for (let kind = 0; kind < zab.workload.kindCount; kind++) {
        for (const parameters of [
          [0, 0, 0],
          [1, 2, 3],
          [2, 3, 1],
        ]) {
          const operation = buildOperation({ ...defaultZabConfig, workload }, kind, parameters);
          expect(parseOperation(describeOperation(operation))).toEqual(operation);
        }
      }
    }
    expect(parseOperation('set /a 1')).toHaveProperty('error');
    expect(parseOperation('frobnicate')).toHaveProperty('error');
  });

  it('rejects invalid configurations with the setting named', () => {
    expect(zab.validateConfig(defaultZabConfig)).toBeNull();
    expect(zab.validateConfig({ ...defaultZabConfig, nodeCount: 0 })).toMatch(/nodeCount/);
    expect(zab.validateConfig({ ...defaultZabConfig, followerTimeoutTicks: 0 })).toMatch(/syncLimit/);
    // One tick is shorter than a message's way: followers and leaders gave up on each other for good.
    expect(zab.validateConfig({ ...defaultZabConfig, followerTimeoutTicks: 1 })).toMatch(
      /^followerTimeoutTicks \(syncLimit\) must be an integer of at least 2, got 1: /,
    );
    expect(zab.validateConfig({ ...defaultZabConfig, leaderTimeoutTicks: 1 })).toMatch(
      /^leaderTimeoutTicks \(initLimit\) must be an integer of at least 2, got 1: /,
    );
    expect(zab.validateConfig({ ...defaultZabConfig, followerTimeoutTicks: 2, leaderTimeoutTicks: 2 })).toBeNull();
    expect(zab.validateConfig({ ...defaultZabConfig, workload: 'bogus' as never })).toMatch(/workload must be one of/);
    expect(zab.configure(defaultZabConfig, { electionTimeout: 3 })).toHaveProperty('error');
  });
});
