import type { PropertyCheck } from './types.ts';

/**
 * The generic liveness property: once the network is healed and every node restarted, every
 * operation a client is still waiting for completes within the liveness phase's bounded rounds.
 */
export function allOperationsComplete<Config, State, Message, Operation, Output, Ghost>(
  describeOperation: (operation: Operation) => string,
): PropertyCheck<Config, State, Message, Operation, Output, Ghost> {
  return {
    category: 'liveness',
    description: 'after healing and restarting every node, every pending client operation completes within the bounded liveness phase',
    when: 'end',
    check(view) {
      const stuck = view.history.filter((entry) => entry.completedAt === null);
      if (stuck.length === 0) return null;
      const listed = stuck
        .slice(0, 3)
        .map((entry) => `operation ${entry.operationId} (client ${entry.clientId}: ${describeOperation(entry.operation)})`)
        .join(', ');
      return `${stuck.length} operation(s) never completed after the cluster was healed: ${listed}`;
    },
  };
}

/**
 * The first break of each every-step property, by name, as a ghost observer records them. Protocols
 * whose invariants are cheaper to check incrementally (only what a step changed) find breaks while
 * observing and keep them here; the property's check then only reads its entry (`recordedByGhost`).
 */
export type Breaks<Name extends string> = Readonly<Partial<Record<Name, string>>>;

/** No property broken yet: one shared object, so `breaks === noBreaks` is the fast path. */
export const noBreaks: Breaks<never> = Object.freeze({});

/** `breaks` with `property` broken by `message`, unless it already was: the first break is the one to explain. */
export function withBreak<Name extends string>(breaks: Breaks<Name>, property: Name, message: string): Breaks<Name> {
  if (breaks[property] !== undefined) return breaks;
  return { ...breaks, [property]: message };
}

/** The check of an every-step property whose breaks the ghost observer records in `ghost.breaks`. */
export function recordedByGhost<Name extends string>(view: { readonly ghost: { readonly breaks: Breaks<Name> } }, name: Name): string | null {
  const breaks = view.ghost.breaks;
  return breaks === noBreaks ? null : (breaks[name] ?? null);
}
