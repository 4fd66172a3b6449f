/**
 * Every mode a setting switches on is hunted by the default suite, so a bug in a non-default path
 * (read-index reads, PreVote, pipelining off, membership changes, quorum sync, another workload,
 * another acks) cannot pass `npm test` unnoticed. Each boolean and enumerated setting's every value
 * is exercised by the correct variant, by the protocol's setting swarm (hunted here: each run
 * draws its settings, so every swarm value is hunted in proportion, and in combination), by one of
 * its setting mixes (the mutation setups of properties/mutation/hunts.ts, also hunted here, in
 * proportion), by a bug variant that declares it, or is hunted here on its own. A value the correct
 * protocol does not promise to survive is declared so in the protocol (`settings.unpromised`, with
 * the reason), and the swarm never draws it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/core/events.ts';
import { describeSettings } from '../src/core/settings.ts';
import type { AnyProtocol, Violation } from '../src/core/types.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { huntScheduleArbitrary, setupFor, simulatorsFor } from '../src/hunt/swarm.ts';
import { counterexampleReport } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups, type MutationSetup } from './mutation/hunts.ts';

/**
 * Runs of the correct model for a whole protocol's setting mixes, shared by their `runsShare` (at
 * least `mixRunsMin` each): a quick regression guard for each mix. The soak hunts the same mixes with
 * ten to twenty times the runs (properties/soak.test.ts), and `npm run mutate` on every mutant.
 */
const mixRunsPerProtocol = 600;
const mixRunsMin = 50;
/** Runs of the correct model with the setting swarm on: every swarm value is drawn in about its share of them. */
const swarmRuns = 150;
/** Runs for a setting value no mix or variant exercises, hunted on its own. */
const singleValueRuns = 100;

/** `name=value` of every value the protocol declares unpromised, with its reason. */
function unpromisedValues(protocol: AnyProtocol): Readonly<Record<string, string>> {
  return Object.fromEntries(
    Object.entries(protocol.unpromisedSettings ?? {}).flatMap(([name, values]) =>
      Object.entries(values).map(([value, reason]) => [`${name}=${value}`, reason]),
    ),
  );
}

/**
 * Hunts the correct model with the setting swarm on (random search, no shrinking) and returns the
 * first violation with its report, and the `name=value` of every setting value a run drew.
 */
function huntWithSwarm(protocol: AnyProtocol, runs: number, seed: number): { failure: string | null; drawn: Set<string> } {
  const setup = resolveSetup(protocol, 'correct', {}, { strategy: 'random' }, { settingSwarm: true });
  if ('error' in setup) throw new Error(setup.error);
  const simulatorOf = simulatorsFor(setup, { coverage: false });
  const drawn = new Set<string>();
  const failing: { schedule: Schedule; violation: Violation }[] = [];
  fc.check(
    fc.property(huntScheduleArbitrary(setup), (schedule) => {
      const config = setupFor(setup, schedule).config as Record<string, unknown>;
      for (const name of Object.keys(setup.settingSwarm ?? {})) drawn.add(`${name}=${String(config[name])}`);
      const violation = simulatorOf(schedule).run(schedule).violation;
      if (violation) failing.push({ schedule, violation });
      return violation === null;
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  const [found] = failing;
  return { failure: found ? `${found.violation.property}:\n${counterexampleReport(setup, found.schedule)}` : null, drawn };
}

function configOf(protocol: AnyProtocol, variant: string, settings: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const setup = resolveSetup(protocol, variant, settings);
  if ('error' in setup) throw new Error(`${protocol.name}/${variant}: ${setup.error}`);
  return setup.config as Record<string, unknown>;
}

/** `name=value` for every value of every boolean or enumerated setting. */
function switchableValues(protocol: AnyProtocol): string[] {
  return describeSettings(protocol).flatMap((row) => {
    if (row.type === 'boolean') return [`${row.name}=true`, `${row.name}=false`];
    return row.choices ? row.choices.map((choice) => `${row.name}=${choice}`) : [];
  });
}

function valuesIn(config: Record<string, unknown>, wanted: readonly string[]): string[] {
  return wanted.filter((entry) => {
    const [name = '', value] = entry.split('=');
    return String(config[name]) === value;
  });
}

describe('every setting mode is hunted by the default suite', () => {
  for (const protocol of protocols) {
    const mixes = (mutationSetups[protocol.name] ?? []).filter((mix) => mix.settings !== undefined || mix.schedule !== undefined);
    const wanted = switchableValues(protocol);
    const swarmValues = Object.entries(protocol.settingSwarm ?? {}).flatMap(([name, values]) => values.map((value) => `${name}=${String(value)}`));
    const covered = new Set<string>([
      ...valuesIn(configOf(protocol, 'correct'), wanted),
      ...swarmValues.filter((entry) => wanted.includes(entry)),
      ...mixes.flatMap((mix) => valuesIn(configOf(protocol, 'correct', mix.settings ?? {}), wanted)),
      ...protocol.variants.filter((variant) => variant.name !== 'correct').flatMap((variant) => valuesIn(configOf(protocol, variant.name), wanted)),
    ]);
    const exempt = unpromisedValues(protocol);
    const alone = wanted.filter((entry) => !covered.has(entry) && exempt[entry] === undefined);

    if (swarmValues.length > 0) {
      it(`${protocol.name}: the correct model survives ${swarmRuns} runs that draw their settings from the swarm, and each swarm value is drawn`, () => {
        const { failure, drawn } = huntWithSwarm(protocol, swarmRuns, 3);
        if (failure) throw new Error(failure);
        expect(swarmValues.filter((entry) => !drawn.has(entry))).toEqual([]);
      });
    }
    for (const mix of mixes) {
      const runs = Math.max(mixRunsMin, Math.round(mixRunsPerProtocol * mix.runsShare));
      it(`${protocol.name}, ${mix.label}: the correct model survives ${runs} runs`, () => {
        expect(huntSetup(protocol, mix, runs, 3)).toBeNull();
      });
    }
    for (const entry of alone) {
      const [name = '', value = ''] = entry.split('=');
      const single: MutationSetup = { label: entry, settings: { [name]: value }, runsShare: 1 };
      it(`${protocol.name}, ${entry} (no mix or variant uses it): the correct model survives ${singleValueRuns} runs`, () => {
        expect(huntSetup(protocol, single, singleValueRuns, 3)).toBeNull();
      });
    }
    it(`${protocol.name}: what is declared unpromised is a valid value, not the correct model's own, and never in the swarm`, () => {
      for (const entry of Object.keys(exempt)) {
        const [name = '', value = ''] = entry.split('=');
        expect(resolveSetup(protocol, 'correct', { [name]: value })).not.toHaveProperty('error');
      }
      expect(valuesIn(configOf(protocol, 'correct'), Object.keys(exempt))).toEqual([]);
      expect(swarmValues.filter((entry) => exempt[entry] !== undefined)).toEqual([]);
    });
  }
});
