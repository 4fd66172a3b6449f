/**
 * The shapes a hunt passes between its parts (the hunt loop, the guided search, the workers):
 * kept apart so that those parts import them without importing each other.
 */
import type { Schedule } from '../core/events.ts';
import type { AnyProtocol, ScheduleProfile, Violation } from '../core/types.ts';

/** What a hunt runs: a protocol, one of its variants, a resolved config and a schedule profile. */
export interface HuntSetup {
  readonly protocol: AnyProtocol;
  readonly variant: string;
  readonly config: unknown;
  readonly profile: ScheduleProfile;
  /** Per setting key, the values each run draws (the setting swarm, `swarm.ts`); absent or empty: every run uses `config`. */
  readonly settingSwarm?: Readonly<Record<string, readonly unknown[]>>;
  /** Only these properties are checked (`--property`, see `RunSetup.properties`); absent: all. */
  readonly properties?: readonly string[];
}

export interface HuntFinding {
  readonly violation: Violation;
  readonly schedule: Schedule;
  /** The seed and path that make fast-check replay the failure it shrank (before the delta-debugging polish; the schedule here is final). */
  readonly seed: number;
  readonly path: string;
  readonly eventsBeforeShrink: number;
  readonly runsToFind: number;
  /**
   * The smallest run budget (per shard) whose hunt with the same seed runs the failing run: its
   * chunk's start in the layout plus the chunk's runs up to the failure. A chunk's first n runs
   * never depend on its budget (fast-check draws runs in order from the seed, guided runs come one
   * after another), so that hunt finds and shrinks the same failure; it is `runsToFind` unless a
   * chunk below was cut short (a time budget in a parallel hunt, an interrupt).
   */
  readonly runsToReplay: number;
  /** From the hunt's start to when this finding came in (in a parallel hunt: its chunk's, though a higher chunk's may have come in sooner). */
  readonly msToFind: number;
  /** From the find to the finding as reported: fast-check's shrinking, the polish and the settings passes after them (see `huntChunk`). */
  readonly shrinkMs: number;
  readonly shrinks: number;
  /** True when the time limit (or an interrupt) stopped shrinking before it was done: the schedule is only partly shrunk. */
  readonly shrinkStoppedEarly: boolean;
}

/** Running totals of a hunt: simulated events, and per "sometimes" goal the runs that reached it. */
export interface HuntCounters {
  events: number;
  coverage: Record<string, number>;
  /**
   * Runs started in this chunk so far, the failing one included: a worker reads it when a failure
   * first shows, so a hunt stopped at its wall while shrinking still says how many runs found it.
   */
  runs: number;
}

/** What one chunk of a hunt ends with: a minimized finding, or how many runs found nothing. */
export type ChunkOutcome =
  | (Omit<HuntFinding, 'runsToFind' | 'runsToReplay' | 'msToFind' | 'shrinkStoppedEarly'> & {
      readonly runsInChunk: number;
      readonly foundAtMs: number;
    })
  | { readonly runsInChunk: number };
