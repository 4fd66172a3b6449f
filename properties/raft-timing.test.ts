/**
 * `probe-replicated-promptly`: after healing, a stable leader replicates the progress probe within
 * a bound of steps (docs/protocols/raft.md, docs/mutation.md "Raft timing"). The correct model
 * stays within it with a margin of about 1.5 (measured over the mutation setups); only a model
 * that replicates much slower breaks it. A leader that holds every append for its next heartbeat
 * adds about 10 steps for 3 nodes: too few to see at that margin.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { raft } from '../src/protocols/raft/index.ts';
import { probeReplicationSteps, probeReplicationStepsMax } from '../src/protocols/raft/properties.ts';

const schedule = { randomSeed: 3, events: [{ kind: 'tick' as const, node: 0 }] };

describe('probe-replicated-promptly', () => {
  it('holds on the correct model, with a margin, and counts from the probe', () => {
    const setup = setupOrThrow(raft, 'correct', { pipelining: false });
    const result = new Simulator(setup).run(schedule);
    expect(result.violation).toBeNull();
    const steps = probeReplicationSteps(result.world as Parameters<typeof probeReplicationSteps>[0]);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(probeReplicationStepsMax(setup.config as Parameters<typeof probeReplicationStepsMax>[0]) / 2);
  });

  it('fails when the same settled world is reached more steps after the probe began than the bound', () => {
    const setup = setupOrThrow(raft, 'correct', { pipelining: false });
    const world = new Simulator(setup).run(schedule).world as Parameters<typeof probeReplicationSteps>[0];
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
  });
});
