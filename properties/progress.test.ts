/**
 * The liveness phase's progress probe: once every other end property held, a client asks for
 * service (the protocol's `progressProbe`), and `makes-progress` fails when it never gets it.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { expectCaught, setupOrThrow } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';

/** primary-backup whose primary refuses every client request: no safety property can tell. */
const refusing: AnyProtocol = {
  ...primaryBackup,
  step(context, state, input) {
    if (input.kind !== 'client' || context.node !== 0) return primaryBackup.step(context, state, input);
    return { state, actions: [{ kind: 'reply', operationId: input.request.operationId, reply: { outcome: 'fail', error: 'refused' } }] };
  },
};

describe('the progress probe', () => {
  it('issues the write and the read after healing, each answered ok, and the run passes', () => {
    const setup = setupOrThrow(primaryBackup, 'correct');
    const result = new Simulator(setup).run({ randomSeed: 0, events: [{ kind: 'crash', node: 0, loseUnflushed: false }] });
    expect(result.violation).toBeNull();
    const probes = result.world.history.filter((entry) => entry.probe !== undefined);
    expect(probes.map((entry) => [entry.probe, entry.operation, entry.reply?.outcome])).toEqual([
      [0, { type: 'write', value: 9 }, 'ok'],
      [1, { type: 'read' }, 'ok'],
    ]);
    // The read sees the probe's own write: the probe runs after the recovered primary is active.
    expect(probes[1]?.reply).toEqual({ outcome: 'ok', output: { type: 'read', value: 9 } });
  });

  it('catches a primary that refuses every request, which every other property accepts', () => {
    const setup = { ...setupOrThrow(primaryBackup, 'correct'), protocol: refusing };
    const result = new Simulator(setup).run({ randomSeed: 0, events: [] });
    expect(result.violation).toMatchObject({ property: 'makes-progress', category: 'liveness', phase: 'end' });
    expect(result.violation?.message).toMatch(/^the probe write 9 never succeeded: \d+ attempt\(s\) at every node in turn, the last answer was fail/);
    const withoutProbe = new Simulator(setup, {
      properties: primaryBackup.properties.map((p) => p.name).filter((name) => name !== 'makes-progress'),
    });
    expect(withoutProbe.run({ randomSeed: 0, events: [] }).violation).toBeNull();
  });

  it('a hunt finds the refusing primary and shrinks it to the empty schedule', () => {
    const setup = { ...setupOrThrow(primaryBackup, 'correct'), protocol: refusing };
    const { finding } = expectCaught(setup, { runs: 50, expectedProperty: 'makes-progress' });
    expect(finding.schedule.events).toEqual([]);
  });

  it('never runs when another end property already broke (its trace stays as it was)', () => {
    const buggy = setupOrThrow(primaryBackup, 'ack-before-replicate');
    const schedule = {
      randomSeed: 0,
      events: [
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ] as const,
    };
    const result = new Simulator(buggy).run(schedule);
    expect(result.violation?.property).toBe('no-acked-write-lost');
    expect(result.world.history.some((entry) => entry.probe !== undefined)).toBe(false);
  });
});
