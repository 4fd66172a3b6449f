/**
 * Delta debugging (Zeller's ddmin, greedy form) for schedules fast-check did not generate itself:
 * hand-written scenarios and guided-hunt findings. It removes chunks of events, then single
 * events, then lowers message indexes, as long as the run still breaks the same property.
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { Simulator } from '../core/simulator.ts';
import type { HuntSetup } from './hunt.ts';

export interface MinimizeResult<Operation> {
  readonly schedule: Schedule<Operation>;
  /** Simulator runs spent. */
  readonly runs: number;
}

/** Bounded by `runsMax` simulator runs; the result always still breaks `property`. */
export function minimizeSchedule<Operation>(
  setup: Pick<HuntSetup, 'protocol' | 'variant' | 'config'>,
  schedule: Schedule<Operation>,
  property: string,
  runsMax = 4000,
): MinimizeResult<Operation> {
  const simulator = new Simulator(setup);
  let runs = 0;
  const fails = (events: readonly ScheduleEvent<Operation>[]): boolean => {
    runs++;
    return simulator.run({ randomSeed: schedule.randomSeed, events }).violation?.property === property;
  };
  let events = schedule.events.slice();
  if (!fails(events)) throw new Error(`faultline internal error: the schedule to minimize does not break ${property}`);
  for (let chunk = Math.max(1, Math.floor(events.length / 2)); chunk >= 1 && runs < runsMax; chunk = Math.floor(chunk / 2)) {
    let removedSome = true;
    while (removedSome && runs < runsMax) {
      removedSome = false;
      for (let start = 0; start < events.length && runs < runsMax; ) {
        const candidate = [...events.slice(0, start), ...events.slice(start + chunk)];
        if (candidate.length < events.length && fails(candidate)) {
          events = candidate;
          removedSome = true;
        } else {
          start += chunk;
        }
      }
    }
  }
  // Lower message indexes toward 0 ("the oldest message"), as fast-check's integer shrinking would,
  // so that transcripts read "deliver 0" wherever the order does not matter.
  for (let index = 0; index < events.length && runs < runsMax; index++) {
    const event = events[index];
    if (!event || (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') || event.message === 0) continue;
    for (let lower = 0; lower < event.message && runs < runsMax; lower++) {
      const candidate = events.slice();
      candidate[index] = { ...event, message: lower };
      if (fails(candidate)) {
        events = candidate;
        break;
      }
    }
  }
  return { schedule: { randomSeed: schedule.randomSeed, events }, runs };
}
