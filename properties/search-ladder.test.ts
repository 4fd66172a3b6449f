/**
 * Kafka's KIP-320 ladder's top rungs (`stale-follower` in src/protocols/kafka/pressure.ts: a stale
 * follower whose next Fetch its leader would take into the ISR, then such a Fetch in flight, while
 * the follower's log does not match the leader's) and the guided search's observed liveness opening (`settlePercent` in
 * src/hunt/guided.ts), on a saved `no-fetch-epoch-fencing` story: its last act happens after
 * healing, where no measure looked before.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator, type World } from '../src/core/simulator.ts';
import { defaultGuidedLimits, guidedChunk, type GuidedStatistics } from '../src/hunt/guided.ts';
import { newCounters } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import type { Message } from '../src/protocols/kafka/messages.ts';
import { kafkaPressure } from '../src/protocols/kafka/pressure.ts';
import { brokerOf } from '../src/protocols/kafka/properties.ts';

// The corpus story of no-fetch-epoch-fencing until the liveness phase delivered link by link (it
// then stopped breaking, and the corpus holds another): the ladder's climb is in its schedule and
// in the opening this file builds, not in the verdict.
const savedStory = JSON.parse(readFileSync(new URL('./fixtures/kafka-fetch-epoch-ladder.json', import.meta.url), 'utf8')) as {
  readonly config: Record<string, unknown>;
  readonly schedule: Schedule;
};

const staleFollower = kafkaPressure.find((measure) => measure.name === 'stale-follower');

/** The saved schedule, then the liveness phase's opening (heal, rounds) as events, with the ladder's value after each. */
function storyWithOpening(variant: string): { readonly simulator: Simulator; readonly worlds: World[]; readonly values: number[] } {
  if (!staleFollower) throw new Error('no Kafka measure stale-follower');
  const simulator = new Simulator({ protocol: kafka, config: savedStory.config, variant });
  let world: World = simulator.initialWorld(savedStory.schedule.randomSeed);
  const worlds: World[] = [];
  const values: number[] = [];
  const apply = (event: ScheduleEvent): void => {
    world = simulator.applyEvent(world, event);
    worlds.push(world);
    values.push(staleFollower.measure(world as never));
  };
  for (const event of savedStory.schedule.events) apply(event);
  apply({ kind: 'heal' });
  for (let round = 0; round < 3; round++) {
    const inFlight = world.network.inFlight.length;
    for (let delivery = 0; delivery < inFlight; delivery++) apply({ kind: 'deliver', message: 0 });
    for (let node = 0; node < world.nodes.length; node++) apply({ kind: 'tick', node });
  }
  return { simulator, worlds, values };
}

describe("KIP-320's ladder after healing", () => {
  it('climbs as the leader change back to broker 0 leaves broker 1 behind, and reaches its top rungs after healing, the last one delivery before the stale Fetch is taken into the ISR', () => {
    const scheduled = savedStory.schedule.events.length;
    const buggy = storyWithOpening('no-fetch-epoch-fencing');
    // During the schedule: once the controller names broker 0 leader of epoch 5, broker 1, cut off
    // in epoch 0 and still fetching, holds a record broker 0 has truncated away (3); no higher,
    // broker 0 does not lead yet.
    expect(Math.max(...buggy.values.slice(0, scheduled))).toBe(3);
    // After healing: broker 0 leads and broker 1 fetches from beyond its empty log (4); once
    // broker 0 holds a new record at offset 0, broker 1's next fetch (from offset 1) would be taken
    // into the ISR with another record there (5); then that Fetch of epoch 0 is in flight (6).
    const sixth = buggy.values.indexOf(6);
    expect(buggy.values.indexOf(4)).toBeGreaterThan(scheduled);
    expect(buggy.values.indexOf(5)).toBeGreaterThan(buggy.values.indexOf(4));
    expect(sixth).toBeGreaterThan(buggy.values.indexOf(5));

    // Deliver that Fetch: without fencing, broker 0 asks for broker 1 in its ISR; with KIP-320 it
    // does not. The same events reach the rung in both models (it reads the world, not the rules).
    const correct = storyWithOpening('correct');
    expect(correct.values.indexOf(6)).toBe(sixth);
    const askedFor = (run: typeof buggy): readonly number[] => {
      const world = run.worlds[sixth] as World;
      const choices = run.simulator.messageChoices(world);
      const stale = choices.findIndex(({ from, to, message }) => from === 1 && to === 0 && (message as Message).type === 'fetch');
      expect(stale).toBeGreaterThanOrEqual(0);
      const after = run.simulator.applyEvent(world, { kind: 'deliver', message: stale });
      const slot = after.nodes[0];
      const replica = slot ? brokerOf(slot as never)?.volatile.replicas[0] : undefined;
      return replica?.role.kind === 'leader' ? [...replica.isr, ...(replica.role.pendingIsr?.isr ?? [])] : [];
    };
    expect(askedFor(buggy)).toContain(1);
    expect(askedFor(correct)).not.toContain(1);
  });

  it('the guided search sees the top rung only where it observes the liveness opening', () => {
    // The correct model continued from the saved story (it breaks nothing): the ladder's top in
    // the search's statistics, without and with every run ending in the observed opening.
    const setup = setupOrThrow(kafka, 'correct', savedStory.config, { strategy: 'guided' });
    const highest = (seed: number, settlePercent: number): number => {
      let statistics: GuidedStatistics | null = null;
      const outcome = guidedChunk(setup, seed, 12, () => 0, newCounters(setup), {
        seeds: [savedStory.schedule],
        limits: { ...defaultGuidedLimits, settlePercent },
        statistics: (reported) => (statistics = reported),
      });
      expect(outcome).toEqual({ runsInChunk: 12 });
      return (statistics as GuidedStatistics | null)?.pressureHighest['stale-follower'] ?? -1;
    };
    for (const seed of [1, 3]) {
      expect(highest(seed, 0)).toBeLessThan(6);
      expect(highest(seed, 100)).toBe(6);
    }
  });
});
