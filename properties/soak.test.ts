/**
 * The soak (`npm run soak`, the nightly job; not part of `npm test`): every protocol's correct
 * model against much larger hunts than the per-protocol tests use, random with swarm testing and
 * guided, fixed seeds (a red run is reproducible) and everything a hunt reports. Each run draws
 * the protocol's swarm settings, as `faultline hunt` does (the setting swarm, docs/hunting.md).
 * Scale it with FAULTLINE_SOAK_RUNS (random schedules per protocol; guided hunts get a quarter of
 * it) and vary it with FAULTLINE_SOAK_SEED, e.g.
 *   FAULTLINE_SOAK_RUNS=400000 FAULTLINE_SOAK_SEED=$RANDOM npm run soak
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { explore } from '../src/explore/index.ts';
import { hunt } from '../src/hunt/hunt.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import type { HuntSetup } from '../src/hunt/types.ts';
import { protocols } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';
import { positiveIntegerFromEnvironment } from './environment-support.ts';

const runsByProtocol: Readonly<Record<string, number>> = { 'primary-backup': 50_000, raft: 100_000, zab: 60_000, kafka: 60_000 };
/** Checked as the file loads: a bad value fails the soak at once rather than running the nightly size. */
const runsOverride = positiveIntegerFromEnvironment('FAULTLINE_SOAK_RUNS') ?? null;
const seed = Number(process.env.FAULTLINE_SOAK_SEED ?? '') || 2026;
/** Guided runs cost several times a random one (each extends a kept prefix and fingerprints it). */
const guidedShare = 4;

/**
 * A hunt of the correct model in `setup` with `runs` schedules finds nothing, runs them all (a
 * random hunt in whole chunks of 100) and exercises the protocol, not only generates schedules.
 */
function expectSoakSurvives(setup: HuntSetup, runs: number): void {
  const result = hunt(setup, { runs, seed, now: () => performance.now() });
  if (result.finding) {
    throw new Error(counterexampleReport(setup, result.finding.schedule, `seed ${result.finding.seed} path ${result.finding.path}`));
  }
  expect(result.runs).toBe(setup.profile.strategy === 'random' ? Math.ceil(runs / 100) * 100 : runs);
  expect(result.events).toBeGreaterThan(result.runs * 10);
}

describe('soak: correct models survive a long hunt', () => {
  for (const protocol of protocols) {
    const runs = runsOverride ?? runsByProtocol[protocol.name] ?? 5_000;
    it(`${protocol.name}: ${runs} random schedules, seed ${seed}`, () => {
      // Random and guided apart (the default mixed strategy alternates them): each at full size.
      const setup = setupOrThrow(protocol, 'correct', {}, { strategy: 'random' }, { settingSwarm: true });
      expect(Object.keys(setup.settingSwarm ?? {}).length, 'the soak draws settings').toBeGreaterThan(0);
      expectSoakSurvives(setup, runs);
    });

    const guidedRuns = Math.max(100, Math.round(runs / guidedShare));
    it(`${protocol.name}: ${guidedRuns} guided schedules, seed ${seed}`, () => {
      expectSoakSurvives(setupOrThrow(protocol, 'correct', {}, { strategy: 'guided' }, { settingSwarm: true }), guidedRuns);
    });
  }
});

/**
 * Kafka's control planes are settings the setting swarm never draws (each simulates a ZooKeeper
 * ensemble or a KRaft quorum too, so a run costs several times a default one): each gets its own
 * hunts, a fifth of Kafka's budget. A guided search's sibling runs share prefixes, which is how a
 * cache of the KRaft checks once carried one run's walk into another (properties/kafka-kraft.test.ts).
 */
const kafkaControlPlanes = ['kraft', 'zookeeper'] as const;
const controlPlaneShare = 5;

describe('soak: Kafka on each control plane survives a long hunt', () => {
  const kafka = protocols.find((protocol) => protocol.name === 'kafka');
  const runs = Math.max(100, Math.round((runsOverride ?? runsByProtocol.kafka ?? 5_000) / controlPlaneShare));
  for (const controlPlane of kafkaControlPlanes) {
    for (const strategy of ['random', 'guided'] as const) {
      const strategyRuns = strategy === 'random' ? runs : Math.max(100, Math.round(runs / guidedShare));
      it(`kafka on ${controlPlane}: ${strategyRuns} ${strategy} schedules, seed ${seed}`, () => {
        if (!kafka) throw new Error('no kafka protocol');
        expectSoakSurvives(setupOrThrow(kafka, 'correct', { controlPlane }, { strategy }, { settingSwarm: true }), strategyRuns);
      });
    }
  }
});

/**
 * The setting mixes of the mutation hunts (properties/mutation/hunts.ts), each at its share of a
 * tenth of the protocol's budget (at least 500 runs): `npm test` hunts them briefly
 * (properties/settings-coverage.test.ts); here they get about 20 times that.
 */
const mixShare = 10;

describe('soak: every setting mix of the mutation hunts survives a long hunt', () => {
  for (const protocol of protocols) {
    const protocolRuns = Math.round((runsOverride ?? runsByProtocol[protocol.name] ?? 5_000) / mixShare);
    const mixes = (mutationSetups[protocol.name] ?? []).filter((mix) => (mix.settings !== undefined || mix.schedule !== undefined) && !mix.replays);
    for (const mix of mixes) {
      const runs = Math.max(500, Math.round(protocolRuns * mix.runsShare));
      it(`${protocol.name}, ${mix.label}: ${runs} runs, seed ${seed}`, () => {
        expect(huntSetup(protocol, mix, runs, seed)).toBeNull();
      });
    }
  }
});

describe('soak: the widening search reaches a deep catalogued story', () => {
  it('ZAB snapshot-sessions-behind-zxid: a story of 9 steps, as the catalogued one, found by looking below a first find of 10', () => {
    // As `faultline explore --from counterexamples/zab/snapshot-sessions-behind-zxid.json --operations 3
    // --clients 3 --crashes-max 1 --partitions-max 0 --message-faults-max 0 --search widening`
    // (docs/exploring.md): bounded by worlds, not time, so the same story on any machine (about 45 CPU s).
    const zab = protocols.find((protocol) => protocol.name === 'zab');
    if (!zab) throw new Error('no zab protocol');
    const setup = setupOrThrow(zab, 'snapshot-sessions-behind-zxid');
    const result = explore(
      { ...setup, properties: ['tree-matches-committed'] },
      {
        steps: 'coarse',
        search: 'widening',
        depth: 64,
        statesMax: 1_000_000,
        operations: [zab.parseOperation('controller-elect')],
        operationsMax: 3,
        clientsMax: 3,
        randomSeed: 3,
        crashesMax: 1,
        partitionsMax: 0,
        messageFaultsMax: 0,
      },
    );
    const finds = result.widths.filter((run) => run.stopReason === 'found');
    expect(finds[0]?.depthReached).toBe(10);
    expect(result.counterexampleSteps?.length).toBeLessThanOrEqual(9);
    const schedule = result.counterexample ?? { randomSeed: 0, events: [] };
    expect(new Simulator(setup).run(schedule).violation?.property, counterexampleReport(setup, schedule)).toBe('tree-matches-committed');
  });
});
