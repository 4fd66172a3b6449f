/**
 * An exception thrown by a model is a finding, in every strategy and with any number of workers:
 * reported with its own kind, shrunk, and replayable. Never "no violation".
 */
import { describe, expect, it } from 'vitest';
import { exceptionProperty } from '../src/core/types.ts';
import { Simulator } from '../src/core/simulator.ts';
import { huntJsonLine } from '../src/hunt/json-line.ts';
import { runHunt } from '../src/hunt/parallel.ts';
import { replaySchedule, resolveSetup, type HuntResult, type HuntSetup } from '../src/hunt/hunt.ts';
import { throwingMessage, throwingProtocol } from './fixtures/throwing-protocol.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';

const protocolModule = new URL('./fixtures/throwing-protocol.ts', import.meta.url).href;

function setupFor(strategy: 'random' | 'guided'): HuntSetup {
  const setup = resolveSetup(throwingProtocol, 'correct', {}, { strategy });
  if ('error' in setup) throw new Error(setup.error);
  return setup;
}

function expectExceptionFinding(setup: HuntSetup, result: HuntResult): void {
  const finding = result.finding;
  expect(finding, `no finding in ${result.runs} runs`).not.toBeNull();
  if (!finding) return;
  expect(finding.violation.kind).toBe('exception');
  expect(finding.violation.property).toBe(exceptionProperty);
  expect(finding.violation.message).toContain(throwingMessage);
  expect(finding.violation.message).toContain("node 1's step on receive");
  // Shrunk: two writes reach the primary, one replication reaches backup 1 (a handful of events).
  expect(finding.schedule.events.length).toBeLessThanOrEqual(finding.eventsBeforeShrink);
  expect(finding.schedule.events.length).toBeLessThanOrEqual(8);
  // Replayable: the same schedule throws the same way at the same step, with a trace to read.
  const replay = replaySchedule(setup, finding.schedule);
  expect(replay.violation).toMatchObject({ kind: 'exception', property: exceptionProperty, step: finding.violation.step });
  expect(replay.trace?.length).toBeGreaterThan(0);
  // The JSON line says which kind of finding it is.
  expect(huntJsonLine(result, 1, null, null)).toMatchObject({ found: true, kind: 'exception', property: exceptionProperty });
}

describe('an exception in a model is a finding', () => {
  for (const strategy of ['random', 'guided'] as const) {
    for (const workers of [1, 2]) {
      it(`${strategy} hunt with ${workers} worker(s) reports, shrinks and replays it`, async () => {
        const setup = setupFor(strategy);
        const result = await runHunt(setup, {
          runs: strategy === 'guided' ? 4000 : 400,
          seed: 7,
          workers,
          chunkRuns: strategy === 'guided' ? 2000 : 100,
          protocolModule,
        });
        expectExceptionFinding(setup, result);
      });
    }
  }

  it('--property no-exception checks only that: the throw is found, a declared property is not checked', async () => {
    const only = resolveSetup(throwingProtocol, 'correct', {}, { strategy: 'random' }, { properties: [exceptionProperty] });
    if ('error' in only) throw new Error(only.error);
    expect(only.properties).toEqual([exceptionProperty]);
    expectExceptionFinding(only, await runHunt(only, { runs: 400, seed: 7, workers: 1, chunkRuns: 100, protocolModule }));
    // primary-backup's ack-before-replicate breaks no-acked-write-lost at once; checked for no-exception only, it breaks nothing.
    const lostWrite = resolveSetup(primaryBackup, 'ack-before-replicate', {}, { strategy: 'random' }, { properties: [exceptionProperty] });
    if ('error' in lostWrite) throw new Error(lostWrite.error);
    expect((await runHunt(lostWrite, { runs: 300, seed: 7, workers: 1, chunkRuns: 100 })).finding).toBeNull();
  });

  it('the simulator reports a throw at the step it happened, with the step that threw named', () => {
    const setup = setupFor('random');
    const simulator = new Simulator(setup);
    const schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } },
        { kind: 'client', node: 0, client: 1, operation: { type: 'write', value: 2 } },
        { kind: 'tick', node: 0 },
        { kind: 'tick', node: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
      ],
    } as const;
    const result = simulator.run(schedule as never);
    expect(result.violation?.kind).toBe('exception');
    expect(result.violation?.message).toMatch(/node 1's step on receive .* from 0 threw RangeError: backup 1 cannot hold two entries/);
    expect(result.violation?.stack).toContain('throwing-protocol.ts');
    // The world is kept as it was before the throwing step: nothing after it runs.
    expect(result.safetySteps).toBe((result.violation?.step ?? -1) + 1);
  });

  it('a throwing property, ghost observer or init is reported the same way', () => {
    const base = setupFor('random');
    const throwingProperty = {
      ...throwingProtocol,
      properties: [
        {
          name: 'fragile',
          description: 'throws',
          when: 'every-step' as const,
          category: 'safety' as const,
          check: () => {
            throw new Error('property bug');
          },
        },
      ],
    };
    const byProperty = new Simulator({ ...base, protocol: throwingProperty }).run({ randomSeed: 0, events: [{ kind: 'tick', node: 0 }] });
    expect(byProperty.violation).toMatchObject({ kind: 'exception', step: 0 });
    expect(byProperty.violation?.message).toContain('property fragile threw Error: property bug');

    const throwingInit = {
      ...throwingProtocol,
      init: () => {
        throw new Error('init bug');
      },
    };
    const byInit = new Simulator({ ...base, protocol: throwingInit }).run({ randomSeed: 0, events: [{ kind: 'tick', node: 0 }] });
    expect(byInit.violation).toMatchObject({ kind: 'exception', step: 0 });
    expect(byInit.violation?.message).toContain("node 0's init threw Error: init bug");

    const throwingGhost = {
      ...throwingProtocol,
      ghost: {
        init: () => null,
        observe: () => {
          throw 'not an Error';
        },
      },
    };
    const byGhost = new Simulator({ ...base, protocol: throwingGhost }).run({ randomSeed: 0, events: [{ kind: 'tick', node: 0 }] });
    expect(byGhost.violation?.message).toContain('the ghost observer threw the value "not an Error"');
  });
});
