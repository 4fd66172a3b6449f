/**
 * Coverage: every "sometimes" goal a protocol declares (leader change, truncation, ISR shrink...)
 * must be reached by a CI-sized hunt of its correct model. A property that only ever sees the
 * happy path proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { hunt } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { protocols } from '../src/protocols/registry.ts';
import { Simulator } from '../src/core/simulator.ts';

/**
 * Runs per protocol: the rarest goal is reached in tens of runs at this budget (seed 11, measured
 * 2026-12-01: primary-backup 153, Raft 89, Kafka 44 at 600 runs), except ZAB's controller
 * failover, which needs the controller recipe and a session expiry (8 in 1,500 runs). Kafka's
 * three hunts run 200, 50 and 50 (they ran 300, 75 and 75): its rarest goals are reached 13 times
 * (write-at-min-isr, default plane) and 33 (leader-and-isr-acknowledged, ZooKeeper plane) at seed 11
 * (2026-12-03); its correct model's long survival hunt is kafka.test.ts's.
 */
const coverageRunsByProtocol: Readonly<Record<string, number>> = { zab: 1500, kafka: 200 };
const coverageRunsDefault = 600;

/**
 * Kafka's control planes are settings the default hunt never draws, and some goals belong to one
 * plane (ZooKeeper's `leader-and-isr-acknowledged`): a goal counts as reached on any plane, each
 * composed plane hunted with a smaller budget (a run simulates the ensemble or quorum as well).
 */
const extraSetups: Readonly<Record<string, readonly { readonly overrides: Record<string, unknown>; readonly runs: number }[]>> = {
  kafka: [
    { overrides: { controlPlane: 'kraft' }, runs: 50 },
    { overrides: { controlPlane: 'zookeeper' }, runs: 50 },
  ],
};

describe('coverage of "sometimes" goals', () => {
  for (const protocol of protocols) {
    const coverageRuns = coverageRunsByProtocol[protocol.name] ?? coverageRunsDefault;
    it(`${protocol.name}: a ${coverageRuns}-run hunt of the correct model reaches every declared goal`, () => {
      const goals = protocol.sometimes ?? [];
      expect(goals.length, `${protocol.name} declares no "sometimes" goals`).toBeGreaterThan(0);
      const hunts = [{ overrides: {}, runs: coverageRuns }, ...(extraSetups[protocol.name] ?? [])];
      const reached = new Set<string>();
      for (const { overrides, runs } of hunts) {
        const result = hunt(setupOrThrow(protocol, 'correct', overrides), { runs, seed: 11 });
        expect(result.finding, `the correct model broke a property during the coverage hunt (${JSON.stringify(overrides)})`).toBeNull();
        for (const goal of goals) if ((result.coverage[goal.name] ?? 0) > 0) reached.add(goal.name);
      }
      const neverReached = goals.filter((goal) => !reached.has(goal.name)).map((goal) => goal.name);
      expect(neverReached, `goals never reached in ${coverageRuns} runs`).toEqual([]);
    });
  }

  it('primary-backup: a write acknowledged in the step that invoked it counts as acknowledged (ack-before-replicate reached the goal in 0 of 300 runs, the correct model in 92)', () => {
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate');
    const simulator = new Simulator(setup, { coverage: true, livenessPhase: false });
    const result = simulator.run({ randomSeed: 0, events: [{ kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } }] });
    expect(result.world.history[0]?.reply?.outcome).toBe('ok');
    expect(result.coverage).toContain('write-acknowledged');
  });
});
