/**
 * The replay setup of Raft's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): the
 * saved counterexamples and the hand-written scenarios of properties/mutation/scenarios hold on
 * the correct model (a false alarm would kill every mutant), and the scenarios tell the story
 * they are there for (the bug variant that skips the same step breaks them).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { lastIndex, membershipAt } from '../src/protocols/raft/component.ts';
import type { RaftState } from '../src/protocols/raft/index.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseScenario } from '../src/study/scenario.ts';
import { mutationScenarioArtifacts } from '../scripts/mutation-scenarios.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const raft = findProtocol('raft');
const root = resolve(import.meta.dirname, '..');

function scenarioSchedule(file: string) {
  const text = readFileSync(join(root, file), 'utf8');
  const parsed = parseScenario(
    file,
    text,
    findProtocol,
    protocols.map((protocol) => protocol.name),
  );
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/** Raft with `change` applied to the actions of every step (a hand copy of a mutant). */
function raftWith(change: (input: { kind: string }, actions: readonly unknown[]) => readonly unknown[]): AnyProtocol {
  if (!raft) throw new Error('no raft protocol');
  const base = raft;
  return {
    ...base,
    step: (context, state, input) => {
      const result = base.step(context, state, input);
      return { ...result, actions: change(input as { kind: string }, result.actions) as typeof result.actions };
    },
  };
}

/** A scenario's resolved schedule (NAME.json) replayed on `protocol`'s correct variant: the violation, or null. */
function replayOn(protocol: AnyProtocol, jsonFile: string) {
  const artifact = JSON.parse(readFileSync(join(root, jsonFile), 'utf8'));
  return new Simulator({ protocol, variant: 'correct', config: artifact.config }).run(artifact.schedule).violation;
}

describe('raft mutation replays', () => {
  it("every mutation scenario's replayed schedule (NAME.json) is the scenario resolved on the unmutated model", () => {
    const scenarios = mutationScenarioArtifacts(root);
    expect(scenarios.length).toBeGreaterThan(0);
    for (const { jsonFile, artifact } of scenarios) {
      // Stale: run `node bin/run-ts.mjs scripts/mutation-scenarios.ts` (then biome format) after editing a scenario.
      expect(JSON.parse(readFileSync(join(root, jsonFile), 'utf8')), jsonFile).toEqual(JSON.parse(JSON.stringify(artifact)));
    }
  });

  it('every saved counterexample and scenario holds on the correct model, also in the other read mode', () => {
    const setup = mutationSetups.raft?.find((candidate) => candidate.replays !== undefined);
    expect(setup).toBeDefined();
    if (!raft || !setup) return;
    expect(huntSetup(raft, setup, 1, 1)).toBeNull();
  });

  it('a deposed ReadIndex leader that answered without confirming would break linearizable', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-deposed-read-index-leader.scenario');
    const schedule = { randomSeed: scenario.randomSeed, events: scenario.events };
    expect(replaySchedule({ protocol: raft, variant: 'correct', config: scenario.config }, schedule).violation).toBeNull();
    const stale = replaySchedule({ protocol: raft, variant: 'stale-leader-read', config: scenario.config }, schedule).violation;
    expect(stale?.property).toBe('linearizable');
  });

  it('requests-taken breaks when a follower that knows its leader keeps a client request to itself', () => {
    const scenario = 'properties/mutation/scenarios/raft-stale-forwarded-read.json';
    expect(
      replayOn(
        raftWith((_input, actions) => actions),
        scenario,
      ),
    ).toBeNull();
    const silent = raftWith((input, actions) =>
      input.kind === 'client' ? actions.filter((action) => (action as { kind: string }).kind !== 'send') : actions,
    );
    expect(replayOn(silent, scenario)?.property).toBe('requests-taken');
  });

  it('requests-taken breaks when a leader ignores a client request', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    const deaf: AnyProtocol = {
      ...base,
      step: (context, state, input) =>
        input.kind === 'client' && (state as RaftState).volatile.role.kind === 'leader' ? { state, actions: [] } : base.step(context, state, input),
    };
    expect(replayOn(deaf, 'properties/mutation/scenarios/raft-stale-forwarded-read.json')?.property).toBe('requests-taken');
  });

  it('waiting-requests-answered breaks when a leader applies a change without answering the client waiting for it', () => {
    const scenario = 'properties/mutation/scenarios/raft-retried-change-at-new-leader.json';
    const unanswered = raftWith((_input, actions) =>
      actions.filter((action) => {
        const reply = action as { kind: string; reply?: { outcome: string; output?: { type: string } } };
        return reply.kind !== 'reply' || reply.reply?.outcome !== 'ok' || reply.reply.output?.type !== 'membership';
      }),
    );
    expect(replayOn(unanswered, scenario)?.property).toBe('waiting-requests-answered');
  });

  it('replication-continues breaks when a leader sends nothing in answer to an AppendEntries answer (it waits for its heartbeat)', () => {
    const scenario = 'properties/mutation/scenarios/raft-remove-learner-single-mode.json';
    const idle = raftWith((input, actions) => {
      const message = (input as { message?: { type?: string } }).message;
      return message?.type === 'append-entries-response' ? actions.filter((action) => (action as { kind: string }).kind !== 'send') : actions;
    });
    const violation = replayOn(idle, scenario);
    expect(violation?.property).toBe('replication-continues');
    expect(violation?.message).toContain('has nothing in flight to or from follower');
  });

  it("a heartbeat's answer that raises matchIndex like an acknowledgement still nudges a lagging follower at once", () => {
    // Two stories the correct model failed (replication-continues): the leader took a heartbeat's answer for an
    // acknowledgement with the next entry still in flight (it was lost) and waited for its next heartbeat. The heartbeat
    // went at the leader's log start, above matchIndex (a hunt of stale-leader-read, 14 events), or the follower answered
    // from its snapshot with its commit index (a hunt of the correct model, seed 2, 29 events).
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // The old rule: an answer above matchIndex is an acknowledgement, which sends only what is new (no empty AppendEntries).
    const unnudged: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const result = base.step(context, state, input);
        const role = (state as RaftState).volatile.role;
        if (input.kind !== 'receive' || role.kind !== 'leader') return result;
        const answer = input.message as { type: string; success?: boolean; matchIndex?: number };
        if (answer.type !== 'append-entries-response' || answer.success !== true || (answer.matchIndex ?? 0) <= (role.matchIndex[input.from] ?? 0))
          return result;
        const actions = result.actions.filter((action) => {
          const sent = (action as { kind: string; message?: { type?: string; entries?: readonly unknown[] } }).message;
          return sent?.type !== 'append-entries' || sent.entries?.length !== 0;
        });
        return { ...result, actions };
      },
    };
    const stories = [
      { scenario: 'properties/mutation/scenarios/raft-heartbeat-at-log-start.json', stall: 'follower 0 after step 32 of the liveness phase' },
      {
        scenario: 'properties/mutation/scenarios/raft-heartbeat-answered-from-snapshot.json',
        stall: 'follower 2 after step 49 of the liveness phase',
      },
    ];
    for (const { scenario, stall } of stories) {
      expect(replayOn(base, scenario), scenario).toBeNull();
      const violation = replayOn(unnudged, scenario);
      expect(violation?.property, scenario).toBe('replication-continues');
      expect(violation?.message, scenario).toContain(stall);
    }
  });

  it('membership-refusals-justified breaks when a leader refuses a valid membership change', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader that refuses every configuration change as "the last voter" (the voters' filter of a removal emptied).
    const refusing: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const request = (input as { request?: { operationId: number; operation: { type: string } } }).request;
        if (input.kind !== 'client' || (state as RaftState).volatile.role.kind !== 'leader' || request?.operation.type !== 'remove-server') {
          return base.step(context, state, input);
        }
        return {
          state,
          actions: [{ kind: 'reply', operationId: request.operationId, reply: { outcome: 'fail', error: 'cannot remove the last voter' } }],
        };
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-remove-last-voter.json';
    expect(replayOn(base, scenario)).toBeNull();
    const violation = replayOn(refusing, scenario);
    expect(violation?.property).toBe('membership-refusals-justified');
    expect(violation?.message).toContain('"remove-server 3" (client 0, operation 0) was refused (cannot remove the last voter)');
  });

  it('membership-changes-applied-once breaks when a leader forgets the changes compacted into its snapshot', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader whose snapshot keeps no record of answered changes: a retry of a compacted change is taken as new.
    const forgetful: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const raftState = state as RaftState;
        if (input.kind !== 'client') return base.step(context, state, input);
        const snapshot = { ...raftState.durable.snapshot, answeredChanges: [] };
        return base.step(context, { ...raftState, durable: { ...raftState.durable, snapshot } }, input);
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-retried-change-compacted.json';
    expect(replayOn(base, scenario)).toBeNull();
    const violation = replayOn(forgetful, scenario);
    expect(violation?.property).toBe('membership-changes-applied-once');
    expect(violation?.message).toContain("client 0's configuration change (operation 0) was committed twice");
  });

  it('membership-answered-when-committed breaks when a leader answers a retry on finding its change merely in the log', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader that answers a client's retried change ok as soon as an entry of it is in its log (committed or not).
    const hasty: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const request = (input as { request?: { clientId: number; operationId: number; operation: { type: string } } }).request;
        const raftState = state as RaftState;
        if (input.kind !== 'client' || raftState.volatile.role.kind !== 'leader' || request === undefined) return base.step(context, state, input);
        const held = raftState.durable.log.some(
          (entry) =>
            entry.command.type === 'config' && entry.command.clientId === request.clientId && entry.command.operationId === request.operationId,
        );
        if (!held) return base.step(context, state, input);
        return { state, actions: [{ kind: 'reply', operationId: request.operationId, reply: { outcome: 'ok', output: { type: 'membership' } } }] };
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-retried-change-at-new-leader.json';
    expect(replayOn(base, scenario)).toBeNull();
    const violation = replayOn(hasty, scenario);
    expect(violation?.property).toBe('membership-answered-when-committed');
    expect(violation?.message).toContain('"add-server 3" (client 0, operation 0, attempt 2) was answered ok at step');
  });

  it('requests-taken breaks when a leader ignores a retry of a change it holds, while every live node follows it', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader that drops a client's retried change when an entry of it is already in its log (it does not wait for it).
    const deaf: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const request = (input as { request?: { clientId: number; operationId: number } }).request;
        const raftState = state as RaftState;
        if (input.kind !== 'client' || raftState.volatile.role.kind !== 'leader' || request === undefined) return base.step(context, state, input);
        const held = raftState.durable.log.some(
          (entry) =>
            entry.command.type === 'config' && entry.command.clientId === request.clientId && entry.command.operationId === request.operationId,
        );
        return held ? { state, actions: [] } : base.step(context, state, input);
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-retried-change-registered-alone.json';
    expect(replayOn(base, scenario)).toBeNull();
    const violation = replayOn(deaf, scenario);
    expect(violation?.property).toBe('requests-taken');
    expect(violation?.message).toContain('"add-server 3" (client 0, operation 0, attempt 2) at step 27: every live node follows leader 1');
  });

  it('leaders-step-down-for-cause breaks when a leader drops its role for nothing', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader that becomes a follower of nobody, in its own term, when it takes a client request.
    const fickle: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const result = base.step(context, state, input);
        const next = result.state as RaftState;
        if (input.kind !== 'client' || next.volatile.role.kind !== 'leader') return result;
        return { ...result, state: { ...next, volatile: { ...next.volatile, role: { kind: 'follower', leader: null } } } };
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-retried-change-registered-alone.json';
    const violation = replayOn(fickle, scenario);
    expect(violation?.property).toBe('leaders-step-down-for-cause');
    expect(violation?.message).toContain('node 0 stopped leading term 1 without a cause');
  });

  it('candidates-pre-voted breaks when a pre-candidate raises its term before a quorum granted its PreVote', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A pre-candidate that takes the term it asks about at once, as a candidate does (votes for itself in it).
    const eager: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const result = base.step(context, state, input);
        const next = result.state as RaftState;
        if (next.volatile.role.kind !== 'pre-candidate' || (state as RaftState).volatile.role.kind === 'pre-candidate') return result;
        const durable = { ...next.durable, currentTerm: next.durable.currentTerm + 1, votedFor: context.node };
        return { ...result, state: { ...next, durable } };
      },
    };
    const { config } = JSON.parse(readFileSync(join(root, 'properties/mutation/scenarios/raft-read-before-noop-committed.json'), 'utf8'));
    const schedule = { randomSeed: 0, events: Array.from({ length: 6 }, () => ({ kind: 'tick' as const, node: 0 })) };
    const preVote = { ...config, preVote: true };
    expect(new Simulator({ protocol: base, variant: 'correct', config: preVote }).run(schedule).violation).toBeNull();
    const violation = new Simulator({ protocol: eager, variant: 'correct', config: preVote }).run(schedule).violation;
    expect(violation?.property).toBe('candidates-pre-voted');
    expect(violation?.message).toContain('node 0 started an election for term 1 with PreVotes granted for that term only by 0, no quorum');
  });

  it('learners-promoted-caught-up breaks when a leader promotes a learner that has not caught up', () => {
    if (!raft) throw new Error('no raft protocol');
    const base = raft;
    // A leader that promotes a learner as soon as the change that added it commits (the mutant that
    // drops promoteCaughtUpLearner's matchIndex test promotes it at its first answer).
    const hasty: AnyProtocol = {
      ...base,
      step: (context, state, input) => {
        const result = base.step(context, state, input);
        const next = result.state as RaftState;
        if (next.volatile.role.kind !== 'leader') return result;
        const { durable } = next;
        const members = Array.from({ length: context.nodeCount }, (_, node) => node);
        const latest = membershipAt(members, durable, lastIndex(durable));
        const learner = latest.learners[0];
        if (learner === undefined || membershipAt(members, durable, next.volatile.commitIndex) !== latest) return result;
        const membership = { voters: [...latest.voters, learner], learners: latest.learners.slice(1) };
        const entry = { term: durable.currentTerm, command: { type: 'config' as const, membership, clientId: -1, operationId: 0 } };
        return { ...result, state: { ...next, durable: { ...durable, log: [...durable.log, entry] } } };
      },
    };
    const scenario = 'properties/mutation/scenarios/raft-remove-learner-single-mode.json';
    expect(replayOn(base, scenario)).toBeNull();
    const violation = replayOn(hasty, scenario);
    expect(violation?.property).toBe('learners-promoted-caught-up');
    expect(violation?.message).toContain('node 0, leader of term 1, promoted learner 3 (entry 4) while its log ends at 0, below the commit index 2');
  });

  it("a retry of an applied change is answered ok while another client's change is under way", () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-retried-applied-change-beside-another.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const [add, removal] = result.world.history;
    expect(add?.operation).toEqual({ type: 'add-server', node: 4 });
    expect(add?.attempts).toBe(2);
    expect(add?.reply?.outcome).toBe('ok');
    expect(removal?.operation).toEqual({ type: 'remove-server', node: 3 });
    // The retry was answered within the story, while the removal was still under way.
    expect(add?.completedAtStep).toBeLessThan(result.safetySteps);
    expect(removal?.completedAtStep).toBeGreaterThan(add?.completedAtStep ?? Number.POSITIVE_INFINITY);
  });

  it('a replace-server waiting for its learner holds off other changes and survives the promotion of another learner', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-replacement-pending-joint.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const [put, , , replace, removal] = result.world.history;
    expect(put?.operation).toEqual({ type: 'put', key: 'y', value: '1' });
    expect(replace?.operation).toEqual({ type: 'replace-server', node: 2, replacement: 3 });
    expect(replace?.reply?.outcome).toBe('ok');
    // The removal found the replacement under way: no answer within the story, ok after it.
    expect(removal?.operation).toEqual({ type: 'remove-server', node: 1 });
    expect(removal?.completedAtStep).toBeGreaterThanOrEqual(result.safetySteps);
    const leader = result.world.nodes[0]?.state as RaftState | undefined;
    expect(leader).toBeDefined();
    const durable = (leader as RaftState).durable;
    const membership = membershipAt([0, 1, 2, 3, 4], durable, lastIndex(durable));
    expect(membership.voters).toContain(3);
    expect(membership.voters).not.toContain(2);
  });

  for (const mode of ['single-mode', 'joint']) {
    it(`a learner is removed by a plain change (${mode}): every change answered ok, the learner out at the end`, () => {
      if (!raft) throw new Error('no raft protocol');
      const scenario = scenarioSchedule(`properties/mutation/scenarios/raft-remove-learner-${mode}.scenario`);
      const result = replaySchedule(
        { protocol: raft, variant: 'correct', config: scenario.config },
        { randomSeed: scenario.randomSeed, events: scenario.events },
      );
      expect(result.violation).toBeNull();
      const removal = result.world.history[2];
      expect(removal?.operation).toEqual({ type: 'remove-server', node: 3 });
      expect(removal?.reply?.outcome).toBe('ok');
      expect(removal?.completedAtStep).toBeLessThan(result.safetySteps);
      const leader = result.world.nodes[0]?.state as RaftState | undefined;
      expect(leader).toBeDefined();
      const durable = (leader as RaftState).durable;
      const membership = membershipAt([0, 1, 2, 3, 4], durable, lastIndex(durable));
      expect([...membership.voters, ...membership.learners]).not.toContain(3);
    });
  }

  it("a late Forward of a read the client moved on from is dropped: the leader answers the client's newer read within the story", () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-stale-forwarded-read.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const late = result.trace?.find((step) => step.delivered?.text.startsWith('Forward') === true);
    expect(late?.changes).toEqual([]);
    const newer = result.world.history[1];
    expect(newer?.operation).toEqual({ type: 'get', key: 'y' });
    expect(newer?.reply?.outcome).toBe('ok');
    expect(newer?.completedAtStep).toBeLessThan(result.safetySteps);
  });

  it('a new ReadIndex leader refuses a read until an entry of its term commits, after a write it holds uncommitted was acknowledged', () => {
    // The story of component.ts startReadCore's refusal: a leader that served the read anyway would confirm
    // its leadership with node 2's rejection and answer nil (linearizable; checked by hand on the mutant, docs/mutation.md).
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-read-before-noop-committed.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const [put, read] = result.world.history;
    expect(put?.operation).toEqual({ type: 'put', key: 'x', value: '1' });
    expect(put?.reply?.outcome).toBe('ok');
    expect(read?.operation).toEqual({ type: 'get', key: 'x' });
    expect(read?.node).toBe(1);
    expect(read?.invokedAtStep).toBeGreaterThan(put?.completedAtStep ?? Number.POSITIVE_INFINITY);
    expect(read?.reply).toEqual({ outcome: 'fail', error: 'leader has not committed an entry of its term yet' });
  });

  it("a deposed leader's late AppendEntries is refused by a follower of the newer term and changes nothing there", () => {
    // Taken (component.ts receive's lower-term test made false), it truncates term 2's committed entries: leader-completeness (checked by hand on the mutant, docs/mutation.md).
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-stale-leader-append-after-new-term.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const late = result.trace?.find((step) => step.delivered?.text.startsWith('AppendEntries(term 1, prev 1@term 1, [1:put x 1]') === true);
    expect(late?.delivered?.to).toBe(2);
    expect(late?.changes).toEqual([]);
    expect(result.world.history[1]?.reply?.outcome).toBe('ok');
  });

  it('a last voter left by its removed leader wins its PreVote alone and still runs the real election, in a new term', () => {
    // A pre-candidate that took the lead directly (component.ts campaign's test made false) leads node 0's term 1: election-safety (checked by hand on the mutant).
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-leader-removed-last-voter-pre-votes.scenario');
    const result = replaySchedule(
      { protocol: raft, variant: 'correct', config: scenario.config },
      { randomSeed: scenario.randomSeed, events: scenario.events },
    );
    expect(result.violation).toBeNull();
    const changes = result.trace?.[result.safetySteps - 1]?.changes.filter((change) => change.node === 1) ?? [];
    expect(changes.map(({ field, before, after }) => ({ field, before, after }))).toEqual(
      expect.arrayContaining([
        { field: 'role', before: 'follower of 0', after: 'leader' },
        { field: 'term', before: '1', after: '2' },
      ]),
    );
  });

  it('a retransmitted snapshot that a follower has compacted past is ignored; variant snapshot-discards-log-suffix loses an acknowledged write', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-stale-snapshot-after-compaction.scenario');
    const schedule = { randomSeed: scenario.randomSeed, events: scenario.events };
    expect(replaySchedule({ protocol: raft, variant: 'correct', config: scenario.config }, schedule).violation).toBeNull();
    const discarding = replaySchedule({ protocol: raft, variant: 'snapshot-discards-log-suffix', config: scenario.config }, schedule).violation;
    expect(discarding?.property).toBe('leader-completeness');
  });

  it('the votes of a removed server and a spare do not make a leader; variant votes-from-non-members breaks leader-completeness', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-removed-servers-votes.scenario');
    const schedule = { randomSeed: scenario.randomSeed, events: scenario.events };
    expect(replaySchedule({ protocol: raft, variant: 'correct', config: scenario.config }, schedule).violation).toBeNull();
    const counting = replaySchedule({ protocol: raft, variant: 'votes-from-non-members', config: scenario.config }, schedule).violation;
    expect(counting?.property).toBe('leader-completeness');
  });

  it('a learner caught up while a removal is under way is not promoted before it commits; variant concurrent-config-changes breaks leader-completeness', () => {
    if (!raft) throw new Error('no raft protocol');
    const scenario = scenarioSchedule('properties/mutation/scenarios/raft-promotion-waits-for-removal.scenario');
    const schedule = { randomSeed: scenario.randomSeed, events: scenario.events };
    expect(replaySchedule({ protocol: raft, variant: 'correct', config: scenario.config }, schedule).violation).toBeNull();
    const concurrent = replaySchedule({ protocol: raft, variant: 'concurrent-config-changes', config: scenario.config }, schedule).violation;
    expect(concurrent?.property).toBe('leader-completeness');
  });
});
