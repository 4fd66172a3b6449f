/**
 * The shortest counterexample known for each bug variant (bench/shortest-known.json): its shape,
 * where it lives, and the redundancy check that both the generator (bench/shortest-known.ts) and
 * the test (properties/shrink-shortest-known.test.ts) apply.
 */
import { join } from 'node:path';
import type { Schedule } from '../src/core/events.ts';
import type { Simulator } from '../src/core/simulator.ts';

export const shortestKnownPath = join(import.meta.dirname, 'shortest-known.json');

export interface ShortestKnownEntry {
  readonly protocol: string;
  readonly variant: string;
  /** The property the variant is known to break (its `expectedViolation`), which the schedule breaks. */
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
