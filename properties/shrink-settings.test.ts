/**
 * A finding at drawn swarm settings carried over to other values of the swarm, the hunt's own
 * included, where the story is shorter there (src/hunt/shrink-settings.ts, with `translateSchedule`
 * of src/hunt/shrink-symbolic.ts): the same message indexes deliver other messages on another
 * config, the same messages by identity tell the story.
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { hunt } from '../src/hunt/hunt.ts';
import { withShrinkLimits } from '../src/hunt/minimize.ts';
import { exchangeDrawnSettings } from '../src/hunt/shrink-settings.ts';
import { translateSchedule } from '../src/hunt/shrink-symbolic.ts';
import { pruneDrawnSettings, setupFor, withSettings } from '../src/hunt/swarm.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { zab } from '../src/protocols/zab/index.ts';

const tick = (node: number) => ({ kind: 'tick', node }) as const;
const deliver = (message: number) => ({ kind: 'deliver', message }) as const;

/**
 * Raft stale-leader-read as the default hunt's seed 1 found it, shrunk at a drawn `preVote: true`:
 * node 1 is elected (a pre-vote round trip, then the vote), commits a write on node 2, node 2 is
 * elected (the same two round trips) and serves a read of the write as nil.
 */
const atPreVote: Schedule = {
  randomSeed: 6,
  settings: { preVote: true },
  events: [
    tick(1),
    tick(1),
    tick(1),
    deliver(0), // 1>0 PreVote
    deliver(1), // 0>1 PreVoteResponse
    deliver(2), // 1>2 RequestVote
    deliver(2), // 2>1 RequestVoteResponse
    { kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } },
    deliver(3),
    deliver(3),
    deliver(3),
    deliver(3),
    tick(2),
    tick(2),
    tick(2),
    tick(2),
    deliver(3), // 2>0 PreVote
    deliver(4), // 0>2 PreVoteResponse
    deliver(4), // 2>0 RequestVote
    deliver(5), // 0>2 RequestVoteResponse
    { kind: 'client', node: 2, client: 0, operation: { type: 'get', key: 'x' } },
  ],
};

describe('drawn settings carried over by translating the story', () => {
  const setup = setupOrThrow(raft, 'stale-leader-read', {}, {}, { settingSwarm: true });
  const violation = new Simulator(setupFor(setup, atPreVote)).run(atPreVote).violation;

  it('the finding breaks linearizability at pre-vote, and its message indexes do not at the defaults', () => {
    expect(violation?.property).toBe('linearizable');
    expect(new Simulator(setup).run(withSettings(atPreVote, {})).violation).toBeNull();
  });

  it('translates the story without its pre-vote round trips', () => {
    const translated = translateSchedule(setupFor(setup, atPreVote), setup, atPreVote);
    // Both pre-vote round trips (four deliveries) have no message to act on without pre-vote.
    expect(translated.events).toHaveLength(atPreVote.events.length - 4);
    expect(translated.events.filter((event) => event.kind !== 'deliver')).toEqual(atPreVote.events.filter((event) => event.kind !== 'deliver'));
    expect(new Simulator(setup).run(translated).violation?.property).toBe('linearizable');
  });

  it('pruning keeps pre-vote (the same indexes pass without it); the exchange drops it and shortens the story', () => {
    if (!violation) throw new Error('no violation');
    expect(pruneDrawnSettings(setup, { schedule: atPreVote, violation }).schedule.settings).toEqual({ preVote: true });
    const exchanged = exchangeDrawnSettings(setup, { schedule: atPreVote, violation });
    expect(exchanged.schedule.settings?.preVote).toBeUndefined();
    expect(exchanged.schedule.events.length).toBeLessThanOrEqual(atPreVote.events.length - 4);
    expect(new Simulator(setupFor(setup, exchanged.schedule)).run(exchanged.schedule).violation?.property).toBe('linearizable');
  });
});

describe('swarm settings exchanged', () => {
  /**
   * Raft snapshot-not-flushed as the default hunt's seed 2 found and shrank it at a drawn
   * `maxInflightMessages: 1`: node 1 is elected, three writes, a snapshot, and node 1 loses its
   * unflushed snapshot in a power loss.
   */
  const put = (node: number, client: number) => ({ kind: 'client', node, client, operation: { type: 'put', key: 'x', value: '1' } }) as const;
  const finding: Schedule = {
    randomSeed: 4,
    settings: { maxInflightMessages: 1 },
    events: [
      tick(1),
      tick(1),
      tick(1),
      deliver(0),
      deliver(1),
      deliver(1),
      put(0, 1),
      deliver(3),
      put(1, 2),
      put(0, 0),
      deliver(3),
      deliver(2),
      deliver(2),
      deliver(2),
      { kind: 'crash', node: 1, loseUnflushed: true },
    ],
  };

  it('tells the story in fewer events without pipelining, and the result replays at its settings', () => {
    const setup = setupOrThrow(raft, 'snapshot-not-flushed', {}, {}, { settingSwarm: true });
    const violation = new Simulator(setupFor(setup, finding)).run(finding).violation;
    expect(violation?.property).toBe('state-machine-safety');
    if (!violation) throw new Error('no violation');
    const exchanged = exchangeDrawnSettings(setup, { schedule: finding, violation });
    expect(exchanged.schedule.events.length).toBeLessThan(finding.events.length);
    expect(exchanged.schedule.settings).toMatchObject({ pipelining: false });
    expect(new Simulator(setupFor(setup, exchanged.schedule)).run(exchanged.schedule).violation?.property).toBe('state-machine-safety');
  });

  it('leaves a finding alone where the hunt has no setting swarm', () => {
    const setup = setupOrThrow(raft, 'snapshot-not-flushed', { maxInflightMessages: 1 });
    const atDefaults = withSettings(finding, {});
    const violation = new Simulator(setup).run(atDefaults).violation;
    expect(violation?.property).toBe('state-machine-safety');
    if (!violation) throw new Error('no violation');
    expect(exchangeDrawnSettings(setup, { schedule: atDefaults, violation }).schedule).toBe(atDefaults);
  });
});

describe('the settings passes are shrinking time', () => {
  it("a finding's shrinkMs runs from its find to the chunk's end of it, the settings passes included", () => {
    // A clock that ticks once per reading, so the figures are exact on any machine. With a time
    // limit every pass reads it (its deadline); the passes are cut to keep the test short.
    let ticks = 0;
    const now = (): number => ++ticks;
    const setup = setupOrThrow(zab, 'diff-without-trunc', {}, { strategy: 'random' }, { settingSwarm: true });
    const limits = { now, shorterEndWorldsMax: 0, exhaustive: false, finalPasses: false, runsMax: 300 };
    const result = withShrinkLimits(limits, () => hunt(setup, { runs: 100, seed: 5, now, timeLimitMs: 2 ** 40 })).value;
    const finding = result.finding;
    if (!finding) throw new Error('seed 5 no longer finds diff-without-trunc in 100 runs');
    expect(finding.runsToFind).toBe(77);
    // Found in chunk 0, the hunt's time is the find plus the shrinking, and the one reading for `ms`.
    // Before, the settings passes after fast-check's shrinking and the polish were left out (1,548
    // of these 2,633 ticks; 2.2 of 8.3 s in `faultline hunt` of this variant at seed 5).
    expect(result.ms - finding.msToFind - finding.shrinkMs).toBe(1);
  });
});
