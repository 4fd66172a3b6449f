/**
 * A protocol's settings (`--set key=value`): applying overrides onto the defaults, and describing
 * each key for `faultline list`. Both quote the same sentence a protocol declares per key, so an
 * error message and the listing never disagree.
 */
import type { AnyProtocol, SettingsDescription } from './types.ts';
import { faultlineCommand } from './command-name.ts';

export type SettingType = 'integer' | 'number' | 'boolean' | 'string';

export interface SettingRow {
  readonly name: string;
  readonly type: SettingType;
  readonly defaultValue: unknown;
  readonly meaning: string;
  readonly choices?: readonly string[];
  /**
   * The value the `correct` variant runs with, where it sets another than the default (Kafka's
   * correct model runs with min.insync.replicas=2, not Kafka's default of 1): a hunt without
   * `--set` checks that value.
   */
  readonly correctValue?: unknown;
}

function typeOf(value: unknown): SettingType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

/** Every setting of a protocol with its type, default and meaning, in declaration order. */
export function describeSettings(protocol: AnyProtocol): SettingRow[] {
  const defaults = protocol.defaultConfig() as Record<string, unknown>;
  const described = protocol.settings as SettingsDescription<Record<string, unknown>>;
  const ofCorrect = protocol.variants.find((variant) => variant.name === 'correct')?.configOverrides ?? {};
  return Object.keys(defaults).map((name) => {
    const description = described[name];
    const correct = ofCorrect[name];
    return {
      name,
      type: typeOf(defaults[name]),
      defaultValue: defaults[name],
      meaning: description?.meaning ?? '',
      ...(description?.choices ? { choices: description.choices } : {}),
      ...(name in ofCorrect && String(correct) !== String(defaults[name]) ? { correctValue: correct } : {}),
    };
  });
}

/** A setting's meaning as an error message quotes it: `key: meaning`, unless it starts with the key already (Kafka's `acks: ...`). */
export function settingMeaningText(key: string, meaning: string): string {
  return meaning.startsWith(`${key}:`) ? meaning : `${key}: ${meaning}`;
}

/**
 * Applies `key=value` overrides onto a flat config. Only known keys are accepted; a value must have
 * the type of the default (numbers and booleans may come as strings from the CLI) and be one of the
 * declared choices, if any. Errors quote the key's meaning.
 */
export function configureFromSettings<Config extends object>(
  base: Config,
  overrides: Readonly<Record<string, unknown>>,
  described: SettingsDescription<Config>,
): Config | { error: string } {
  const meanings = described as Readonly<Record<string, { meaning: string; choices?: readonly string[] } | undefined>>;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!Object.hasOwn(base, key)) {
      return { error: `unknown setting "${key}"; known settings: ${Object.keys(base).join(', ')} (see ${faultlineCommand} list)` };
    }
    const current = (base as Record<string, unknown>)[key];
    const about = meanings[key];
    const meaning = about === undefined ? null : settingMeaningText(key, about.meaning);
    const expected = (what: string): { error: string } => ({
      error: `setting "${key}" expects ${what}, got "${String(raw)}"${meaning === null ? '' : ` (${meaning})`}`,
    });
    if (typeof current === 'number') {
      // Written in decimal, as --runs and the other numeric options are (Number() also reads "0x10", "1e3" and " 5").
      if (typeof raw === 'string' && !/^-?\d+(\.\d+)?$/.test(raw)) return expected(Number.isInteger(current) ? 'an integer' : 'a number');
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (typeof raw === 'boolean' || raw === '' || !Number.isFinite(value)) return expected('a number');
      if (Number.isInteger(current) && !Number.isSafeInteger(value)) return expected('an integer');
      result[key] = value;
    } else if (typeof current === 'boolean') {
      if (raw === true || raw === 'true') result[key] = true;
      else if (raw === false || raw === 'false') result[key] = false;
      else return expected('true or false');
    } else {
      const value = String(raw);
      if (about?.choices && !about.choices.includes(value)) return expected(`one of ${about.choices.join(', ')}`);
      result[key] = value;
    }
  }
  return result as Config;
}

/**
 * A resolved config with a run's own settings applied over it (what the setting swarm drew, see
 * `Schedule.settings`), checked as `--set` is: the config, or the reason it is not one.
 */
export function configWithSettings(
  protocol: AnyProtocol,
  config: unknown,
  settings: Readonly<Record<string, unknown>>,
): { readonly config: unknown } | { readonly error: string } {
  if (Object.keys(settings).length === 0) return { config };
  const configured: unknown = protocol.configure(config, settings);
  if (typeof configured === 'object' && configured !== null && 'error' in configured && typeof configured.error === 'string') {
    return { error: configured.error };
  }
  const invalid = protocol.validateConfig(configured);
  return invalid === null ? { config: configured } : { error: invalid };
}

/**
 * How many times its default a time setting (a name with `Ticks` in it: units last) may be. The
 * liveness phase grows with the longest timer (see `timescaleOf`), so the bound keeps a run
 * bounded; fifty times the default leaves room for any ratio of timeouts a model needs.
 */
export const timescaleMax = 50;

function tickSettings(config: object, defaults: object): [name: string, value: number, defaultValue: number][] {
  const entries: [string, number, number][] = [];
  for (const [name, defaultValue] of Object.entries(defaults)) {
    const value = (config as Record<string, unknown>)[name];
    if (!name.includes('Ticks') || typeof defaultValue !== 'number' || defaultValue <= 0 || typeof value !== 'number') continue;
    entries.push([name, value, defaultValue]);
  }
  return entries;
}

/**
 * How much slower than its defaults (or the timers a liveness plan was tuned for:
 * `livenessTunedFor`) a configuration's clocks run: the largest ratio of a time setting to its
 * default, at least 1. A timer set ten times longer needs a liveness phase ten times longer to fire
 * and be recovered from, or a correct model would be blamed for not recovering in time (a Raft
 * election timeout of 100 to 200 ticks against a 100-round phase was).
 */
export function timescaleOf(config: object, defaults: object): number {
  let scale = 1;
  for (const [, value, defaultValue] of tickSettings(config, defaults)) scale = Math.max(scale, value / defaultValue);
  return Math.ceil(scale);
}

/** Why a time setting is beyond `timescaleMax` times its default, or null. */
export function timescaleProblem(config: object, defaults: object): string | null {
  for (const [name, value, defaultValue] of tickSettings(config, defaults)) {
    if (value > defaultValue * timescaleMax) {
      return (
        `${name} may be at most ${timescaleMax} times its default of ${defaultValue} (${defaultValue * timescaleMax}), got ${value}: ` +
        'the liveness phase grows with the longest timer, so that a correct model has time to recover'
      );
    }
  }
  return null;
}
