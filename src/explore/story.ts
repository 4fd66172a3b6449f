/**
 * A schedule told in coarse steps: how many story steps a known counterexample (a hunt's shrunk
 * one, a saved artifact) takes, so that one can tell whether exploration over coarse steps can
 * reach it and at what depth. Greedy, event by event: a node's ticks up to the first one that is
 * noticed are one `timeout`, silent ticks that stay silent are `tick` steps, consecutive
 * deliveries of every message on a link are one `deliver all` (else `deliver oldest` each), and
 * the newest message on a link overtaking older ones is `deliver newest`, and faults and client
 * operations are steps as they are. The result is exact when applying the steps yields the
 * schedule's events again, in order; a delivery of a message in the middle of its link, or a drop
 * or duplicate of one that is not the oldest, has no coarse step (`inexact` then says which event).
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import type { Simulator, World } from '../core/simulator.ts';
import { applyStep, noticed, type ExploreStep } from './steps.ts';

export interface CoarseStory {
  readonly steps: readonly ExploreStep[];
  /** Index of the first event no coarse step expresses, or null when the steps replay the schedule exactly. */
  readonly inexact: number | null;
}

function sameEvent(left: ScheduleEvent | undefined, right: ScheduleEvent | undefined): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** The schedule with every message index as the simulator resolves it (a generated index may be any number, taken modulo). */
function resolvedEvents(simulator: Simulator, schedule: Schedule): ScheduleEvent[] {
  let world = simulator.initialWorld(schedule.randomSeed);
  return schedule.events.map((event) => {
    let resolved = event;
    if (event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'duplicate') {
      const message = simulator.messagePicked(world, event.message);
      if (message) resolved = { ...event, message: simulator.messageChoices(world).indexOf(message) };
    }
    world = simulator.applyEvent(world, event);
    return resolved;
  });
}

export function coarseStory(simulator: Simulator, schedule: Schedule, ticksMax: number): CoarseStory {
  const events = resolvedEvents(simulator, schedule);
  const steps: ExploreStep[] = [];
  let world: World = simulator.initialWorld(schedule.randomSeed);
  let at = 0;
  while (at < events.length) {
    const event = events[at];
    if (!event) break;
    let step: ExploreStep = { kind: 'event', event };
    if (event.kind === 'tick') {
      // Ticks of the node up to the first noticed one: a timeout; else one silent tick.
      let probe = world;
      let ticks = 0;
      let heard = false;
      while (ticks < ticksMax && sameEvent(events[at + ticks], event)) {
        const after = simulator.applyEvent(probe, event);
        ticks++;
        if (noticed(probe, after, event.node)) {
          heard = true;
          break;
        }
        probe = after;
      }
      step = heard ? { kind: 'timeout', node: event.node } : { kind: 'tick', node: event.node };
    } else if (event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'duplicate') {
      const message = simulator.messagePicked(world, event.message);
      const link = message ? world.network.inFlight.filter((other) => other.from === message.from && other.to === message.to) : [];
      if (!message) return { steps, inexact: at };
      if (link[0] !== message) {
        if (event.kind !== 'deliver' || link[link.length - 1] !== message) return { steps, inexact: at };
        step = { kind: 'deliver-newest', from: message.from, to: message.to };
      } else if (event.kind === 'deliver') {
        // As many consecutive deliveries of the link's oldest message as the link holds: deliver all.
        let probe = world;
        let delivered = 0;
        while (delivered < link.length) {
          const next = events[at + delivered];
          if (next?.kind !== 'deliver') break;
          const picked = simulator.messagePicked(probe, next.message);
          if (!picked || picked.from !== message.from || picked.to !== message.to) break;
          probe = simulator.applyEvent(probe, next);
          delivered++;
        }
        step = { kind: 'deliver-link', from: message.from, to: message.to, all: delivered === link.length };
      } else {
        step = { kind: event.kind === 'drop' ? 'drop-link' : 'duplicate-link', from: message.from, to: message.to };
      }
    }
    const outcome = applyStep(simulator, world, step, ticksMax, () => false);
    const taken = outcome?.events ?? [];
    if (!outcome || taken.length === 0 || taken.some((taken, index) => !sameEvent(taken, events[at + index]))) return { steps, inexact: at };
    steps.push(step);
    world = outcome.world;
    at += taken.length;
  }
  return { steps, inexact: null };
}
