/**
 * Schedules with their message events named by identity (sender, receiver, text, which of the
 * identical ones) instead of by position in flight: what the minimizer deletes and moves, and how a
 * finding is carried over to another config (`translateSchedule`, for the setting exchange of shrink-settings.ts).
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { Simulator } from '../core/simulator.ts';
import type { AnyProtocol, InFlightMessage } from '../core/types.ts';

/**
 * A message event with the message it acted on named by what it is (sender, receiver, text and
 * which of the identical ones), not by its position in flight: removing an earlier event shifts
 * positions, so index-based deletion mostly turns "deliver the vote" into "deliver something else".
 */
export type SymbolicEvent<Operation> =
  | { readonly event: ScheduleEvent<Operation>; readonly message: null }
  | {
      readonly event: ScheduleEvent<Operation>;
      readonly message: { readonly signature: string; readonly occurrence: number; readonly from: number; readonly to: number };
    };

function signatureOf(simulator: Simulator, message: InFlightMessage<unknown>): string {
  return `${message.from}>${message.to} ${simulator.describeSafely('describeMessage', message.message)}`;
}

/** A signature's link and the message's kind (its text up to the first parenthesis or space): `2>1 Notification`. */
function kindOf(signature: string): string {
  const space = signature.indexOf(' ');
  const rest = signature.slice(space + 1);
  const end = rest.search(/[ (]/);
  return `${signature.slice(0, space)} ${end < 0 ? rest : rest.slice(0, end)}`;
}

export function isMessageEvent<Operation>(event: ScheduleEvent<Operation>): event is Extract<ScheduleEvent<Operation>, { message: number }> {
  return event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'duplicate';
}

/** Names the message each message event of `schedule` acts on. */
export function symbolize<Operation>(simulator: Simulator, schedule: Schedule<Operation>): SymbolicEvent<Operation>[] {
  let world = simulator.initialWorld(schedule.randomSeed);
  return schedule.events.map((event) => {
    let symbolic: SymbolicEvent<Operation> = { event, message: null };
    if (isMessageEvent(event)) {
      const chosen = simulator.messagePicked(world, event.message);
      if (chosen) {
        const choices = simulator.messageChoices(world);
        const signature = signatureOf(simulator, chosen);
        const position = choices.indexOf(chosen);
        const occurrence = choices.slice(0, position).filter((candidate) => signatureOf(simulator, candidate) === signature).length;
        symbolic = { event, message: { signature, occurrence, from: chosen.from, to: chosen.to } };
      }
    }
    world = simulator.applyEvent(world, event);
    return symbolic;
  });
}

/** Back to plain events: each named message is looked up where it now is; one that no longer exists drops its event. */
export function concretize<Operation>(
  simulator: Simulator,
  randomSeed: number,
  symbolic: readonly SymbolicEvent<Operation>[],
  options: { readonly loose?: boolean } = {},
): ScheduleEvent<Operation>[] {
  let world = simulator.initialWorld(randomSeed);
  const events: ScheduleEvent<Operation>[] = [];
  for (const { event, message } of symbolic) {
    let concrete: ScheduleEvent<Operation> | null = event;
    if (message !== null && isMessageEvent(event)) {
      const choices = simulator.messageChoices(world);
      const matching = choices.flatMap((candidate, index) => (signatureOf(simulator, candidate) === message.signature ? [index] : []));
      let index = matching[Math.min(message.occurrence, matching.length - 1)];
      // Loose: a message of the same kind on the same link stands in for one no longer sent as it
      // was (a vote of round 2 where the story had round 1: after a change earlier in the story,
      // the same exchange of messages carries other numbers).
      if (index === undefined && options.loose === true) {
        const kind = kindOf(message.signature);
        const found = choices.findIndex((candidate) => kindOf(signatureOf(simulator, candidate)) === kind);
        index = found < 0 ? undefined : found;
      }
      concrete = index === undefined ? null : { ...event, message: index };
    }
    if (concrete === null) continue;
    world = simulator.applyEvent(world, concrete);
    events.push(concrete);
  }
  return events;
}

/**
 * `schedule` as it reads on another config (`to`): each message event names its message by what
 * it is under `from` and is looked up by that under `to`; an event whose message `to` never sends
 * (a pre-vote round trip where `to` has no pre-vote) drops out. Re-running the same message
 * indexes on `to` would deliver other messages instead, so a finding at drawn settings rarely
 * carries over to the hunt's own settings that way (Raft stale-leader-read at drawn pre-vote:
 * 21 events as found, 17 translated to no pre-vote, where the same schedule passes).
 */
export function translateSchedule<Operation>(
  from: { readonly protocol: AnyProtocol; readonly variant: string; readonly config: unknown },
  to: { readonly protocol: AnyProtocol; readonly variant: string; readonly config: unknown },
  schedule: Schedule<Operation>,
): Schedule<Operation> {
  const symbolic = symbolize(new Simulator(from), schedule);
  return { ...schedule, events: concretize(new Simulator(to), schedule.randomSeed, symbolic) };
}
