/**
 * The shortest counterexample known for each bug variant (bench/shortest-known.json): its shape,
 * where it lives, and the redundancy check that both the generator (bench/shortest-known.ts) and
 * the test (properties/shrink-shortest-known.test.ts) apply.
 */
import { join } from 'node:path';
import compact from 'lodash/compact.js';
import minBy from 'lodash/minBy.js';
import type { Schedule } from '../src/core/events.ts';
import type { Simulator } from '../src/core/simulator.ts';

export const shortestKnownPath = join(import.meta.dirname, 'shortest-known.json');

export interface ShortestKnownEntry {
  readonly protocol: string;
  readonly variant: string;
  /**
   * The property the schedule breaks: in `variants`, the one the variant is known to break (its
   * `expectedViolation`); in `otherProperties`, another one that hunts of the variant report.
   */
  readonly property: string;
  /** Settings beyond the variant's defaults (none so far: hunts are measured at the defaults). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** `schedule.events.length`, for reading the file. */
  readonly events: number;
  /** Where it came from: an exploration, a hunt seed minimized offline, a committed story, or "hand-minimized". */
  readonly source: string;
  /** Exhaustive search over single events at the default settings (at most 2 client operations) found nothing at this many events or fewer. */
  readonly exploredWithoutFinding: number;
  readonly schedule: Schedule;
}

export interface ShortestKnownFile {
  about: string;
  variants: Record<string, ShortestKnownEntry>;
  /**
   * Keyed `protocol/variant property`: the shortest story known of another property than the
   * variant's that the variant's hunts report (an uncapped liveness shrink that ends at
   * `no-acked-write-lost`, a safety property that breaks before the variant's own), which the
   * correct model does not break with the same story (it is the variant's doing). Shrinking keeps
   * the property it is handed, so this, not the variant's story, is what a finding of that
   * property can shrink to (see `yardstickOf`).
   */
  otherProperties?: Record<string, ShortestKnownEntry>;
}

/** The `otherProperties` key of a variant's property. */
export function otherPropertyKey(variantKey: string, property: string): string {
  return `${variantKey} ${property}`;
}

/**
 * The yardstick of a finding of `variantKey` that breaks `property`: the shortest story known of
 * that property for the variant (the variant's own entry for its expected property). Shrinking
 * never changes the property a finding breaks, so a story of another property is out of its reach;
 * which property a hunt reports is the search's matter, measured by `shortestOfAnyProperty`.
 */
export function yardstickOf(file: ShortestKnownFile, variantKey: string, property: string): ShortestKnownEntry | undefined {
  const own = file.variants[variantKey];
  return own?.property === property ? own : file.otherProperties?.[otherPropertyKey(variantKey, property)];
}

/** The variant's shortest story known of any property it breaks (the stricter yardstick: which property a hunt lands on counts too). */
export function shortestOfAnyProperty(file: ShortestKnownFile, variantKey: string): ShortestKnownEntry | undefined {
  const others = Object.entries(file.otherProperties ?? {}).flatMap(([key, entry]) => (key.startsWith(`${variantKey} `) ? [entry] : []));
  return minBy(compact([file.variants[variantKey], ...others]), (entry) => entry.events);
}

/**
 * The events of `schedule` that can be deleted, one at a time, while the run still breaks
 * `property` (an empty list: the schedule is 1-minimal). Breaking another property instead counts as
 * not redundant: the story is about this property.
 */
export function redundantEvents(simulator: Simulator, schedule: Schedule, property: string): number[] {
  return schedule.events.flatMap((_, index) => {
    const without = { ...schedule, events: schedule.events.filter((__, other) => other !== index) };
    return simulator.run(without).violation?.property === property ? [index] : [];
  });
}
