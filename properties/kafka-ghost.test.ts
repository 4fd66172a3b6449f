/**
 * Kafka's ghost observer looks only at what a step changed (node slots, offsets past what it
 * already compared, the control plane's image when a controller stepped). Here it is run side by
 * side with `observeGhostFully`, the same checks rerun on everything after every step (as the
 * observer first did), on generated runs of the correct model and of bug variants on every control
 * plane: after every step both must hold the same history variables and the same first break of
 * each property.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { Schedule } from '../src/core/events.ts';
import type { WorldView } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import type { KafkaConfig } from '../src/protocols/kafka/config.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import type { Message, Operation, Output } from '../src/protocols/kafka/messages.ts';
import { kafkaGhost, observeGhost, observeGhostFully, type KafkaGhost, type KafkaState } from '../src/protocols/kafka/properties.ts';

type View = WorldView<KafkaConfig, KafkaState, Message, Operation, Output, KafkaGhost>;

// ---------------------------------------------------------------------------------------------
// Both observers side by side: the world's ghost is the observer's, with the reference's beside it.

type Paired = KafkaGhost & { readonly reference: KafkaGhost };

/** History variables as plain data (the node arrays the ghost keeps for itself are left out). */
function variables(ghost: KafkaGhost) {
  const { leadersByEpoch, committed, committedAtStep, committedTerms, breaks } = ghost;
  return { leadersByEpoch, committed, committedAtStep, committedTerms, breaks };
}

const setups: readonly { readonly variant: string; readonly settings?: Record<string, unknown> }[] = [
  { variant: 'correct' },
  { variant: 'correct', settings: { controlPlane: 'kraft', partitionCount: 2 } },
  { variant: 'correct', settings: { controlPlane: 'kraft', combinedMode: true } },
  { variant: 'correct', settings: { controlPlane: 'zookeeper', partitionCount: 2 } },
  { variant: 'hw-truncation' },
  { variant: 'no-broker-epoch-in-fetch', settings: { partitionCount: 2 } },
  { variant: 'unclean-election' },
  { variant: 'acks-1' },
  { variant: 'kraft-decide-before-replay' },
  { variant: 'kraft-uncommitted-metadata' },
  { variant: 'kraft-reregister-keeps-leadership' },
  { variant: 'zk-unconditional-isr-write' },
  { variant: 'zk-unfenced-controller-write' },
];

/** Runs `schedules` of a setup with both observers, failing at the first step where they differ; returns the properties broken. */
function compareObservers(
  variant: string,
  settings: Readonly<Record<string, unknown>>,
  schedules: (setup: ReturnType<typeof setupOrThrow>) => readonly Schedule[],
): Set<string> {
  const setup = setupOrThrow(kafka, variant, settings);
  const paired = {
    init: (config: KafkaConfig): Paired => ({ ...kafkaGhost.init(config), reference: kafkaGhost.init(config) }),
    observe(ghost: Paired, view: View): Paired {
      const observed = observeGhost(ghost, view);
      const expected = observeGhostFully(ghost.reference, view);
      expect(variables(observed), `${variant} at step ${view.step}`).toEqual(variables(expected));
      return { ...observed, reference: expected };
    },
  };
  const protocol = { ...setup.protocol, ghost: paired } as typeof setup.protocol;
  // No property is checked during the run: every run goes on through its liveness phase, breaks and all.
  const simulator = new Simulator({ ...setup, protocol }, { checkEveryStep: false, properties: [] });
  const broken = new Set<string>();
  for (const schedule of schedules(setup)) {
    const result = simulator.run(schedule);
    // A difference throws inside the observer, which the simulator reports as the model's exception.
    expect(result.violation?.message ?? null, variant).toBeNull();
    const ghost = result.world.ghost as Paired;
    for (const property of Object.keys(ghost.breaks)) broken.add(property);
  }
  return broken;
}

describe("Kafka's ghost observer agrees after every step with a reference that rechecks every node, offset and property", () => {
  it('on the saved counterexamples (each breaks its property)', () => {
    const directory = join(import.meta.dirname, '../counterexamples/kafka');
    const broken = new Set<string>();
    let files = 0;
    for (const file of readdirSync(directory).filter((name) => /^[a-z0-9-]+\.json$/.test(name))) {
      const artifact = JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
        variant: string;
        config: Record<string, unknown>;
        schedule: Schedule;
      };
      for (const property of compareObservers(artifact.variant, artifact.config, () => [artifact.schedule])) broken.add(property);
      files++;
    }
    expect(files).toBeGreaterThanOrEqual(10);
    // The breaks' messages are compared too: the properties whose breaks the saved runs reach.
    expect([...broken].sort()).toEqual(
      expect.arrayContaining(['committed-data-stable', 'epochs-durable', 'metadata-committed-prefix', 'replica-consistency']),
    );
  });

  it('on generated runs of the correct model and bug variants on every control plane', () => {
    for (const [index, { variant, settings }] of setups.entries()) {
      compareObservers(variant, settings ?? {}, (setup) =>
        fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 4, seed: 5 + index }),
      );
    }
  });
});
