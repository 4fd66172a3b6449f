/**
 * The setting swarm: besides fault kinds (swarm testing, `arbitraries.ts`), each run of a hunt
 * draws protocol settings from the space its protocol declares (`settings.swarm` in its
 * definition: read modes, PreVote, pipelining, snapshot intervals, workloads...), as TigerBeetle's
 * VOPR draws a cluster configuration per seed. A bug that only shows under a non-default setting
 * is then found by the default hunt. What a run drew is part of its schedule (`Schedule.settings`,
 * only the values that differ from the hunt's config), so shrinking keeps it and the artifact
 * records the run's effective config: the replay is exact.
 *
 * Pinned, never drawn: a key the user sets (`--set`) and a key a bug variant declares with a value
 * of its own (other than the correct variant's: Kafka's every variant declares the hunt timescale,
 * which is the base the swarm starts from, not a pin). Random chunks draw per run (fast-check draws
 * the settings first, without shrinking them, then the events for that config); guided chunks draw
 * once per chunk from the chunk's seed, because a guided corpus keeps worlds of one config.
 */
import fc from 'fast-check';
import type { Schedule } from '../core/events.ts';
import { drawInteger, mixSeed } from '../core/random.ts';
import { configWithSettings } from '../core/settings.ts';
import { Simulator } from '../core/simulator.ts';
import type { AnyProtocol, Violation } from '../core/types.ts';
import { ArtifactError, artifactOf, checkArtifactForProtocol } from '../study/artifact.ts';
import { scheduleArbitrary } from './arbitraries.ts';
import { reportShrinkCandidate, shrinkDeadlinePassed } from './minimize.ts';
import type { HuntSetup } from './types.ts';

/** Per setting key, the values a run may draw (at least two each). */
export type SettingSwarm = Readonly<Record<string, readonly unknown[]>>;
export type DrawnSettings = Readonly<Record<string, unknown>>;

function sameValue(a: unknown, b: unknown): boolean {
  return String(a) === String(b);
}

/** The settings `variant` declares beyond the correct variant's (a key it adds, or sets to another value), with its values. */
export function variantOwnSettings(protocol: AnyProtocol, variant: string): Readonly<Record<string, unknown>> {
  const ofVariant = protocol.variants.find((known) => known.name === variant)?.configOverrides ?? {};
  const ofCorrect = protocol.variants.find((known) => known.name === 'correct')?.configOverrides ?? {};
  return Object.fromEntries(Object.entries(ofVariant).filter(([key, value]) => !(key in ofCorrect) || !sameValue(value, ofCorrect[key])));
}

/**
 * The swarm a hunt of `variant` draws from: the protocol's declared swarm without the pinned keys
 * (the user's `overrides`, and what the variant declares beyond the correct variant's settings),
 * and without keys left with a single value.
 */
export function settingSwarmFor(protocol: AnyProtocol, variant: string, overrides: Readonly<Record<string, unknown>> = {}): SettingSwarm {
  const declared = protocol.settingSwarm ?? {};
  const pinned = new Set([...Object.keys(overrides), ...Object.keys(variantOwnSettings(protocol, variant))]);
  const swarm: Record<string, readonly unknown[]> = {};
  for (const [key, values] of Object.entries(declared)) {
    const distinct = values.filter((value, index) => values.findIndex((other) => sameValue(other, value)) === index);
    if (!pinned.has(key) && distinct.length >= 2) swarm[key] = distinct;
  }
  return swarm;
}

function swarmOf(setup: HuntSetup): SettingSwarm {
  return setup.settingSwarm ?? {};
}

/** A stable key of a set of drawn settings (keys in declaration order). */
function settingsKey(settings: DrawnSettings): string {
  return JSON.stringify(settings);
}

/** The drawn values that differ from the hunt's config, in the swarm's key order. */
function differingFromBase(setup: HuntSetup, drawn: DrawnSettings): DrawnSettings {
  const base = setup.config as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(swarmOf(setup))) {
    if (key in drawn && !sameValue(drawn[key], base[key])) settings[key] = drawn[key];
  }
  return settings;
}

const setupCache = new WeakMap<HuntSetup, Map<string, HuntSetup | { error: string }>>();

/** The setup a schedule's own settings make (the hunt's setup when it has none), or why they are invalid. */
export function trySetupFor(setup: HuntSetup, settings: DrawnSettings | undefined): HuntSetup | { error: string } {
  if (settings === undefined || Object.keys(settings).length === 0) return setup;
  let cache = setupCache.get(setup);
  if (!cache) {
    cache = new Map();
    setupCache.set(setup, cache);
  }
  const key = settingsKey(settings);
  const known = cache.get(key);
  if (known) return known;
  const configured = configWithSettings(setup.protocol, setup.config, settings);
  const made = 'error' in configured ? { error: configured.error } : { ...setup, config: configured.config };
  cache.set(key, made);
  return made;
}

/** The setup to run `schedule` on: the hunt's config with the schedule's drawn settings. */
export function setupFor<Setup extends HuntSetup>(setup: Setup, schedule: Pick<Schedule, 'settings'>): Setup {
  const made = trySetupFor(setup, schedule.settings);
  if ('error' in made) throw new Error(`faultline internal error: a schedule's settings are invalid for ${setup.protocol.name}: ${made.error}`);
  return made as Setup;
}

/** The schedule with these settings (none when empty), the rest unchanged. */
export function withSettings(schedule: Schedule, settings: DrawnSettings | undefined): Schedule {
  const { settings: _previous, ...rest } = schedule;
  return settings === undefined || Object.keys(settings).length === 0 ? rest : { ...rest, settings };
}

/**
 * A simulator per distinct config, for a chunk whose runs draw settings: constructing one is cheap,
 * but runs under the same settings share one.
 */
export function simulatorsFor(setup: HuntSetup, options: { coverage: boolean }): (schedule: Schedule) => Simulator {
  const simulators = new Map<string, Simulator>();
  return (schedule) => {
    const key = settingsKey(schedule.settings ?? {});
    let simulator = simulators.get(key);
    if (!simulator) {
      const made = setupFor(setup, schedule);
      simulator = new Simulator(made, options);
      simulators.set(key, simulator);
    }
    return simulator;
  };
}

/**
 * What a run draws: one value per swarm key, uniformly, kept as the values that differ from the
 * hunt's config. Not shrunk by fast-check (the events are drawn for these settings, and a setting
 * changed under them would be another run): `pruneDrawnSettings` resets them after shrinking. A
 * value the protocol rejects with those drawn before it stays at the hunt's value.
 */
export function drawnSettingsArbitrary(setup: HuntSetup): fc.Arbitrary<DrawnSettings> {
  const swarm = swarmOf(setup);
  const keys = Object.keys(swarm);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of keys) record[key] = fc.constantFrom(...(swarm[key] ?? []));
  return fc.noShrink(fc.record(record)).map((drawn) => validOrBase(setup, differingFromBase(setup, drawn)));
}

/** The draw, less any value the protocol rejects together with the ones before it (left at the hunt's value). */
function validOrBase(setup: HuntSetup, settings: DrawnSettings): DrawnSettings {
  if (!('error' in trySetupFor(setup, settings))) return settings;
  let kept: DrawnSettings = {};
  for (const [key, value] of Object.entries(settings)) {
    const more = { ...kept, [key]: value };
    if (!('error' in trySetupFor(setup, more))) kept = more;
  }
  return kept;
}

/**
 * The schedules of a random chunk: with a setting swarm, settings first, then a schedule drawn for
 * the config they make; without one, exactly `scheduleArbitrary` (the same runs as before swarms).
 */
export function huntScheduleArbitrary(setup: HuntSetup): fc.Arbitrary<Schedule> {
  if (Object.keys(swarmOf(setup)).length === 0) return scheduleArbitrary(setup.protocol, setup.config, setup.profile);
  const bySettings = new Map<string, fc.Arbitrary<Schedule>>();
  return drawnSettingsArbitrary(setup).chain((settings) => {
    const key = settingsKey(settings);
    let arbitrary = bySettings.get(key);
    if (!arbitrary) {
      const made = setupFor(setup, { settings });
      arbitrary = scheduleArbitrary(setup.protocol, made.config, setup.profile).map((schedule) => withSettings(schedule, settings));
      bySettings.set(key, arbitrary);
    }
    return arbitrary;
  });
}

/** The settings of a guided chunk: one draw from the chunk's seed (a corpus keeps worlds of one config). */
export function drawSettingsForChunk(setup: HuntSetup, chunkSeed: number): DrawnSettings {
  const swarm = swarmOf(setup);
  let random = mixSeed(chunkSeed, 0x5357);
  const drawn: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(swarm)) {
    const { value, next } = drawInteger(random, 0, values.length - 1);
    random = next;
    drawn[key] = values[value];
  }
  return validOrBase(setup, differingFromBase(setup, drawn));
}

/** Whether the schedule's events are valid input for the config (nodes, clients, partition sides, operations). */
export function scheduleFits(setup: HuntSetup, schedule: Schedule): boolean {
  try {
    checkArtifactForProtocol('swarm', artifactOf(setup, withSettings(schedule, undefined)), setup.protocol);
    return true;
  } catch (error) {
    if (error instanceof ArtifactError) return false;
    throw error;
  }
}

/**
 * After shrinking: each drawn setting, in turn, is reset to the hunt's value, and the reset is kept
 * when the same property still breaks (of the same kind), so the counterexample names only the
 * settings the failure needs. Bounded: one run per drawn setting, and the hunt's wall.
 */
export function pruneDrawnSettings(
  setup: HuntSetup,
  finding: { readonly schedule: Schedule; readonly violation: Violation },
): { readonly schedule: Schedule; readonly violation: Violation } {
  let best = finding;
  for (const key of Object.keys(finding.schedule.settings ?? {})) {
    if (shrinkDeadlinePassed()) break;
    const { [key]: _reset, ...kept } = best.schedule.settings ?? {};
    const candidateSetup = trySetupFor(setup, kept);
    if ('error' in candidateSetup || !scheduleFits(candidateSetup, best.schedule)) continue;
    const schedule = withSettings(best.schedule, kept);
    const violation = new Simulator(candidateSetup).run(schedule).violation;
    if (violation && violation.property === best.violation.property && violation.kind === best.violation.kind) {
      best = { schedule, violation };
      // An empty object, not none: the hunt attaches a run's settings to candidates that have none.
      reportShrinkCandidate({ ...schedule, settings: kept }, violation);
    }
  }
  return best;
}
