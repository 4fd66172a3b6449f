/** Helpers shared by protocol definitions. */
import type { ScheduleProfile } from '../core/types.ts';

/** A balanced mix of network activity, time, crashes, partitions and client load. */
export const defaultProfile: ScheduleProfile = {
  weights: {
    deliver: 30,
    drop: 3,
    duplicate: 3,
    tick: 20,
    crash: 3,
    restart: 4,
    partition: 2,
    heal: 2,
    client: 12,
  },
  eventsMax: 60,
  powerLossFraction: 0,
  swarm: true,
};

/**
 * Applies `key=value` overrides onto a flat config object. Only known keys are accepted and a
 * value must have the type of the default (numbers and booleans may come as strings from the CLI).
 */
export function configureFromOverrides<Config extends object>(
  base: Config,
  overrides: Readonly<Record<string, unknown>>,
): Config | { error: string } {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(base, key)) {
      return { error: `unknown setting "${key}"; known settings: ${Object.keys(base).join(', ')}` };
    }
    const current = (base as Record<string, unknown>)[key];
    if (typeof current === 'number') {
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (typeof raw === 'boolean' || !Number.isFinite(value) || raw === '') {
        return { error: `setting "${key}" expects a number, got "${String(raw)}"` };
      }
      result[key] = value;
    } else if (typeof current === 'boolean') {
      if (raw === true || raw === 'true') result[key] = true;
      else if (raw === false || raw === 'false') result[key] = false;
      else return { error: `setting "${key}" expects true or false, got "${String(raw)}"` };
    } else if (typeof current === 'string') {
      result[key] = String(raw);
    } else {
      result[key] = raw;
    }
  }
  return result as Config;
}
