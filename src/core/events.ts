import { assertNever } from './assert.ts';

/**
 * Schedule events are plain data. Every index is taken modulo what is available when the event
 * runs (messages in flight, nodes, clients), and an event that no longer applies is a no-op, so
 * fast-check may delete or shrink any event without making a schedule invalid.
 */
export type ScheduleEvent<Operation = unknown> =
  | { readonly kind: 'deliver'; readonly message: number }
  | { readonly kind: 'drop'; readonly message: number }
  | { readonly kind: 'duplicate'; readonly message: number }
  | { readonly kind: 'tick'; readonly node: number }
  | { readonly kind: 'crash'; readonly node: number; readonly loseUnflushed: boolean }
  | { readonly kind: 'restart'; readonly node: number }
  /** `groups[i]` is the side of node i (indexes beyond the array wrap around). */
  | { readonly kind: 'partition'; readonly groups: readonly number[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'client'; readonly node: number; readonly client: number; readonly operation: Operation };

export type EventKind = ScheduleEvent['kind'];

export const eventKinds: readonly EventKind[] = ['deliver', 'drop', 'duplicate', 'tick', 'crash', 'restart', 'partition', 'heal', 'client'];

/** A whole input to a run besides the config: a seed for the nodes' generators and the events. */
export interface Schedule<Operation = unknown> {
  readonly randomSeed: number;
  readonly events: readonly ScheduleEvent<Operation>[];
  /**
   * Settings this run applies over the hunt's config (`key: value`, only the ones that differ):
   * what the setting swarm drew for it (`src/hunt/swarm.ts`). Part of the schedule so that
   * shrinking, guided search and replays keep them; run such a schedule on `setupFor(setup,
   * schedule)`, never on the hunt's own config. Absent: the hunt's config as it is.
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** The event as written in transcripts and scenario files (see `src/scenario`). */
export function formatEvent<Operation>(event: ScheduleEvent<Operation>, describeOperation: (operation: Operation) => string): string {
  switch (event.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return `${event.kind} ${event.message}`;
    case 'tick':
    case 'restart':
      return `${event.kind} ${event.node}`;
    case 'crash':
      return event.loseUnflushed ? `crash ${event.node} power-loss` : `crash ${event.node}`;
    case 'partition':
      return `partition ${event.groups.join(',')}`;
    case 'heal':
      return 'heal';
    case 'client':
      return `client ${event.node} ${event.client} ${describeOperation(event.operation)}`;
    default:
      return assertNever(event, 'schedule event');
  }
}
