/**
 * Every mode a setting switches on is hunted by the default suite, so a bug in a non-default path
 * (read-index reads, PreVote, pipelining off, membership changes, quorum sync, another workload,
 * another acks) cannot pass `npm test` unnoticed. Each boolean and enumerated setting's every value
 * is exercised by the correct variant, by one of the protocol's setting mixes (the mutation setups
 * of properties/mutation/hunts.ts, also hunted here, in proportion), by a bug variant that declares
 * it, or is hunted here on its own; a value the correct protocol does not promise to survive is
 * named below with the reason.
 */
import { describe, expect, it } from 'vitest';
import { describeSettings } from '../src/core/settings.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { protocols } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups, type MutationSetup } from './mutation/hunts.ts';

/** Runs of the correct model for a whole protocol's setting mixes, shared by their `runsShare`. */
const mixRunsPerProtocol = 2000;
/** Runs for a setting value no mix or variant exercises, hunted on its own. */
const singleValueRuns = 300;

/** Values the correct protocol does not promise to survive: they are demonstrations, not modes. */
const unsafeByDesign: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  zab: { 'fifoAssumption=false': 'ZAB assumes FIFO connections; false runs it over a reordering network, the assumption violated' },
  kafka: {
    'acks=0': 'acks=0: the producer is answered before any broker has the record, so nothing acknowledged is durable',
    'acks=1': 'acks=1 loses acknowledged records when the leader fails (the acks-1 variant shows it)',
    'uncleanLeaderElectionEnable=true': 'an unclean election loses committed records by design (the unclean-election variant shows it)',
    'enableIdempotence=false':
      'without idempotence a retried produce is appended twice (at-least-once delivery, as Kafka documents), so the history is not linearizable',
  },
};

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
    const covered = new Set<string>([
      ...valuesIn(configOf(protocol, 'correct'), wanted),
      ...mixes.flatMap((mix) => valuesIn(configOf(protocol, 'correct', mix.settings ?? {}), wanted)),
      ...protocol.variants.filter((variant) => variant.name !== 'correct').flatMap((variant) => valuesIn(configOf(protocol, variant.name), wanted)),
    ]);
    const exempt = unsafeByDesign[protocol.name] ?? {};
    const alone = wanted.filter((entry) => !covered.has(entry) && exempt[entry] === undefined);

    for (const mix of mixes) {
      const runs = Math.max(100, Math.round(mixRunsPerProtocol * mix.runsShare));
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
    it(`${protocol.name}: what is named unsafe by design is a value of a switch, and not the correct model's own`, () => {
      expect(Object.keys(exempt).filter((entry) => !wanted.includes(entry))).toEqual([]);
      expect(valuesIn(configOf(protocol, 'correct'), Object.keys(exempt))).toEqual([]);
    });
  }
});
