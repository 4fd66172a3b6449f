/**
 * Slow clocks: a time setting (a name with `Ticks` in it) above its default stretches the liveness
 * phase by the same factor, so a correct model with long timeouts still has time to recover; the
 * factor is bounded, so a run is too. Before, the phase had a fixed number of rounds and the correct
 * models were blamed for not recovering (Raft with a 100-200 tick election timeout, at the first run).
 */
import { describe, expect, it } from 'vitest';
import { timescaleMax } from '../src/core/settings.ts';
import { explore } from '../src/explore/index.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { setupOrThrow, testHunt } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import type { KafkaConfig } from '../src/protocols/kafka/config.ts';

describe('time settings and the liveness phase', () => {
  it('every protocol stretches its liveness phase (and its degraded phase) with its slowest clock, never shortens it', () => {
    for (const protocol of protocols) {
      // The timers the phase was tuned for: the defaults, or Kafka's compressed hunting timers.
      const defaults = protocol.livenessTunedFor(protocol.defaultConfig()) as Record<string, unknown>;
      const tickKeys = Object.keys(defaults).filter((key) => key.includes('Ticks') && typeof defaults[key] === 'number');
      expect(tickKeys.length, protocol.name).toBeGreaterThan(0);
      const base = protocol.liveness(defaults);
      for (const key of tickKeys) {
        const slow = { ...defaults, [key]: (defaults[key] as number) * 7 };
        const plan = protocol.liveness(slow);
        expect(plan.roundsMax, `${protocol.name} ${key}`).toBe(base.roundsMax * 7);
        if (base.degraded) expect(plan.degraded?.roundsMax, `${protocol.name} ${key}`).toBe(base.degraded.roundsMax * 7);
        const fast = { ...defaults, [key]: 1 };
        expect(protocol.liveness(fast).roundsMax, `${protocol.name} ${key}`).toBe(base.roundsMax);
      }
    }
  });

  it("Kafka's phase is tuned for its hunting timers: at the documented defaults (a leader-imbalance check every 100 ticks, not 8) it is 13 times longer, and the correct model recovers", () => {
    const documented = {
      leaderImbalanceCheckIntervalTicks: 100,
      replicaLagTimeTicksMax: 10,
      brokerSessionTimeoutTicks: 3,
      zookeeperSessionTimeoutTicks: 6,
    };
    const hunting = {
      leaderImbalanceCheckIntervalTicks: 8,
      replicaLagTimeTicksMax: 3,
      brokerSessionTimeoutTicks: 2,
      zookeeperSessionTimeoutTicks: 3,
    };
    for (const controlPlane of ['abstract', 'kraft', 'zookeeper'] as const) {
      const rounds = (timers: typeof documented) =>
        kafka.liveness(setupOrThrow(kafka, 'correct', { ...timers, controlPlane }).config as KafkaConfig).roundsMax;
      expect(rounds(documented), controlPlane).toBe(rounds(hunting) * 13);
    }
    // With a check every 100 ticks and a phase tuned for 8, the correct model was blamed: its
    // preferred leader was not back after healing (isr-recovers, at the first run of seed 1).
    const result = testHunt(setupOrThrow(kafka, 'correct', { ...documented, controlPlane: 'kraft' }), { runs: 30, seed: 1 });
    expect(result.finding?.violation ?? null).toBeNull();
    expect(result.runs).toBe(30);
  });

  it("Kafka's phase grows with the replicas: the leader adds followers back to the ISR one AlterPartition at a time", () => {
    for (const controlPlane of ['abstract', 'kraft', 'zookeeper'] as const) {
      const plan = (replicas: number) =>
        kafka.liveness(setupOrThrow(kafka, 'correct', { controlPlane, brokerCount: replicas, replicationFactor: replicas }).config as KafkaConfig);
      expect(plan(4).roundsMax, controlPlane).toBe(plan(3).roundsMax * 2);
      expect(plan(7).roundsMax, controlPlane).toBe(plan(3).roundsMax * 3);
      expect(plan(7).degraded?.roundsMax, controlPlane).toBe((plan(3).degraded?.roundsMax ?? 0) * 3);
    }
  });

  it('the correct Raft model recovers with a 100-200 tick election timeout and 50-tick heartbeats (it was reported broken at its first run)', () => {
    const setup = setupOrThrow(raft, 'correct', { heartbeatIntervalTicks: 50, electionTimeoutTicksMin: 100, electionTimeoutTicksMax: 200 });
    const result = testHunt(setup, { runs: 40, seed: 1 });
    expect(result.finding?.violation ?? null).toBeNull();
    expect(result.runs).toBe(40);
  });

  it("explore's timeout step ticks as long as the slow clock needs: with 10 times slower clocks depth 1 has the default clocks' worlds", () => {
    const slowSettings = { heartbeatIntervalTicks: 20, electionTimeoutTicksMin: 30, electionTimeoutTicksMax: 60 };
    const depthOne = (settings: Record<string, number>, timeoutTicksMax?: number) =>
      explore(setupOrThrow(raft, 'correct', settings), {
        depth: 1,
        steps: 'coarse',
        operationsMax: 1,
        statesMax: 100_000,
        ...(timeoutTicksMax !== undefined ? { timeoutTicksMax } : {}),
      }).levels[1]?.distinctStates;
    const normal = depthOne({});
    expect(normal).toBeGreaterThan(0);
    expect(depthOne(slowSettings)).toBe(normal);
    // 16 ticks, the default clocks' bound: no election timer fires, every timeout step is void.
    expect(depthOne(slowSettings, 16)).toBeLessThan(normal ?? 0);
  });

  it(`a time setting more than ${timescaleMax} times its default is refused with the reason`, () => {
    const primaryBackup = protocols.find((protocol) => protocol.name === 'primary-backup');
    if (!primaryBackup) throw new Error('primary-backup is not registered');
    expect(resolveSetup(primaryBackup, 'correct', { resendIntervalTicks: 2 * timescaleMax })).not.toHaveProperty('error');
    expect(resolveSetup(primaryBackup, 'correct', { resendIntervalTicks: 2 * timescaleMax + 1 })).toEqual({
      error: `resendIntervalTicks may be at most ${timescaleMax} times its default of 2 (${2 * timescaleMax}), got ${2 * timescaleMax + 1}: the liveness phase grows with the longest timer, so that a correct model has time to recover`,
    });
  });
});
