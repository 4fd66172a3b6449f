/**
 * The order a depth's worlds are expanded in (`frontierOrder`): `situations-round-robin` takes the
 * first world of each protocol situation first, then the second of each, and so on. It may only
 * change how soon a counterexample is found within its depth, never which worlds each depth holds
 * or how short the counterexample is.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { explore, type ExploreOptions } from '../src/explore/index.ts';
import type { HuntSetup } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { cliIn } from './cli-support.ts';

const coarse = { steps: 'coarse', statesMax: 200_000 } as const;
const write = (setup: HuntSetup, text: string) => ({ operations: [setup.protocol.parseOperation(text)], operationsMax: 1 });
const orders = ['records', 'situations-round-robin'] as const;

describe('explore: the frontier order', () => {
  it('every depth holds the same worlds in either order (correct Kafka and ZAB, without liveness phases)', () => {
    for (const [setup, text, depth] of [
      [setupOrThrow(kafka, 'correct'), 'produce 0', 3],
      [setupOrThrow(zab, 'correct'), 'create /a 0', 3],
    ] as const) {
      const options: ExploreOptions = { ...coarse, depth, ...write(setup, text), endChecks: false };
      const [records, roundRobin] = orders.map((frontierOrder) => explore(setup, { ...options, frontierOrder }));
      const perDepth = (result: typeof records) => result?.levels.map((level) => level.distinctStates);
      expect(perDepth(roundRobin), setup.protocol.name).toEqual(perDepth(records));
      expect(roundRobin?.depthReached).toBe(depth);
    }
  });

  it('finds a counterexample as short as the records order does, and it replays (budgets and the fault ladder too)', () => {
    const cases: [HuntSetup, Partial<ExploreOptions>][] = [];
    const zabWrite = (variant: string) => {
      const setup = setupOrThrow(zab, variant);
      return [setup, { depth: 4, ...write(setup, 'create /a 0') }] as [HuntSetup, Partial<ExploreOptions>];
    };
    cases.push(zabWrite('elect-by-applied-zxid'));
    const acks1 = setupOrThrow(kafka, 'acks-1');
    cases.push([acks1, { depth: 3, ...write(acks1, 'produce 0'), crashesMax: 1, partitionsMax: 0, messageFaultsMax: 0 }]);
    cases.push([setupOrThrow(primaryBackup, 'ack-before-replicate'), { depth: 4, operationsMax: 1 }]);
    cases.push([zabWrite('diff-without-trunc')[0], { ...zabWrite('diff-without-trunc')[1], search: 'fault-ladder' }]);
    for (const [setup, alphabet] of cases) {
      const label = `${setup.protocol.name}/${setup.variant} ${alphabet.search ?? ''}`;
      const [records, roundRobin] = orders.map((frontierOrder) =>
        explore(setup, { ...coarse, depth: 4, operationsMax: 1, ...alphabet, frontierOrder }),
      );
      expect(roundRobin?.found, label).toBe(true);
      expect(roundRobin?.counterexampleSteps?.length, label).toBe(records?.counterexampleSteps?.length);
      expect(roundRobin?.faults, label).toBe(records?.faults);
      const schedule = roundRobin?.counterexample;
      if (!schedule) throw new Error(`${label}: no counterexample`);
      expect(new Simulator(setup).run(schedule).violation, label).toEqual(roundRobin?.violation);
    }
  });

  it('takes the worlds of rare situations first: ZAB diff-without-trunc is found after fewer worlds of its depth', () => {
    const setup = setupOrThrow(zab, 'diff-without-trunc');
    const [records, roundRobin] = orders.map((frontierOrder) =>
      explore(setup, { ...coarse, depth: 4, ...write(setup, 'create /a 0'), frontierOrder }),
    );
    const atFind = (result: typeof records) => result?.levels.at(-1)?.states ?? 0;
    expect(roundRobin?.found).toBe(true);
    expect(roundRobin?.depthReached).toBe(records?.depthReached);
    expect(atFind(roundRobin)).toBeLessThan(atFind(records));
  });

  it('a search within a fault budget takes the same order, in the API ladder and in the command (Kafka unclean-election, no fault)', () => {
    const setup = setupOrThrow(kafka, 'unclean-election');
    const options = { ...coarse, depth: 6, ...write(setup, 'produce 0'), clientsMax: 1, faultsMax: 0 };
    const [records, roundRobin] = orders.map((frontierOrder) => explore(setup, { ...options, search: 'breadth-first', frontierOrder }));
    expect(roundRobin).toMatchObject({ found: true, depthReached: records?.depthReached });
    // The rare situation's worlds first: the 5-step story is met after a third of the worlds.
    expect(roundRobin?.states).toBeLessThan((records?.states ?? 0) / 2);
    expect(explore(setup, { ...options, search: 'fault-ladder' }).states).toBe(roundRobin?.states);
    const { faultline } = cliIn('faultline-explore-order', { timeoutMs: 60_000 });
    const command = faultline(
      'explore',
      ...['--protocol', 'kafka', '--variant', 'unclean-election', '--op', 'produce 0', '--operations', '1', '--clients', '1'],
      ...['--faults-max', '0', '--depth', '6', '--json', '--no-artifacts'],
    );
    expect(command.status, command.stderr).toBe(1);
    expect(command.last).toMatchObject({ search: 'breadth-first', found: true, depth: roundRobin?.depthReached, states: roundRobin?.states });
  });
});
