/**
 * Shrinking a finding's settings sideways: a drawn setting is part of the story (the schedule was
 * generated for that config), and another value the setting swarm draws often tells the same story
 * in fewer events: no pipelining (one entry per append, so fewer deliveries reach the same log),
 * shorter election timeouts (fewer ticks). After the polish and `pruneDrawnSettings`, each other
 * swarm value is tried on the finding, its story translated to that config by message identity
 * (`translateSchedule`), and polished briefly there; kept when the same property breaks (of the
 * same kind) in fewer events. The result is a counterexample of the hunt's setting space like any
 * other: its artifact records the settings, and it replays exactly.
 */
import { Simulator } from '../core/simulator.ts';
import type { Schedule } from '../core/events.ts';
import type { Violation } from '../core/types.ts';
import { minimizeSchedule, reportShrinkCandidate, shrinkDeadlinePassed } from './minimize.ts';
import { translateSchedule } from './shrink-symbolic.ts';
import { type DrawnSettings, scheduleFits, setupFor, trySetupFor, withSettings } from './swarm.ts';
import type { HuntSetup } from './types.ts';

/** Simulator runs all the exchanges of one finding spend at most (besides the hunt's wall). */
export const settingExchangeRunsMax = 1000;
/** Simulator runs the polish of one exchanged setting spends at most. */
const polishRunsPerValue = 200;

/**
 * `finding` with one swarm setting at a time set to each other value the swarm has (the hunt's
 * own value included), when the story, translated and polished on that config, breaks the same
 * property in fewer events; greedy (each exchange kept is the start of the next). Bounded by
 * `runsMax` simulator runs and the active shrink deadline.
 */
export function exchangeDrawnSettings(
  setup: HuntSetup,
  finding: { readonly schedule: Schedule; readonly violation: Violation },
  runsMax = settingExchangeRunsMax,
): { readonly schedule: Schedule; readonly violation: Violation } {
  const nodeCount = setup.protocol.nodeCount(setup.config);
  let best = finding;
  let runs = 0;
  for (const [key, values] of Object.entries(setup.settingSwarm ?? {})) {
    for (const value of values) {
      if (runs >= runsMax || shrinkDeadlinePassed()) return best;
      const changed = exchangedSettings(setup, best.schedule.settings ?? {}, key, value);
      if (changed === null) continue;
      const to = trySetupFor(setup, changed);
      if ('error' in to || to.protocol.nodeCount(to.config) !== nodeCount) continue;
      const translated = withSettings(translateSchedule(setupFor(setup, best.schedule), to, best.schedule), changed);
      if (!scheduleFits(to, translated)) continue;
      runs++;
      const violation = new Simulator(to).run(translated).violation;
      if (violation?.property !== best.violation.property || violation.kind !== best.violation.kind) continue;
      const polished = minimizeSchedule(to, translated, violation.property, Math.min(polishRunsPerValue, runsMax - runs), { exhaustive: false });
      runs += polished.runs;
      if (polished.schedule.events.length >= best.schedule.events.length) continue;
      const schedule = withSettings(polished.schedule, changed);
      const rerun = new Simulator(to).run(schedule).violation;
      if (rerun?.property !== best.violation.property || rerun.kind !== best.violation.kind) continue;
      best = { schedule, violation: rerun };
      // An empty object, not none: the hunt attaches a run's settings to candidates that have none.
      reportShrinkCandidate({ ...schedule, settings: changed }, rerun);
    }
  }
  return best;
}

/** `settings` (a schedule's, the values that differ from the hunt's config) with `key` set to `value`; null where it has that value already. */
function exchangedSettings(setup: HuntSetup, settings: DrawnSettings, key: string, value: unknown): DrawnSettings | null {
  const base = setup.config as Record<string, unknown>;
  if (String(value) === String(key in settings ? settings[key] : base[key])) return null;
  const { [key]: _previous, ...others } = settings;
  return String(value) === String(base[key]) ? others : { ...others, [key]: value };
}

/** Every config one swarm value away from `settings`, in the swarm's order (keys, then values). */
export function neighbourSettings(setup: HuntSetup, settings: DrawnSettings): DrawnSettings[] {
  return Object.entries(setup.settingSwarm ?? {}).flatMap(([key, values]) =>
    values.flatMap((value) => {
      const changed = exchangedSettings(setup, settings, key, value);
      return changed === null ? [] : [changed];
    }),
  );
}
