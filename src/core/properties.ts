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
      // The progress probe's own operations are `makesProgress`'s to judge.
      const isStuck = (entry: (typeof view.history)[number]): boolean => entry.completedAt === null && entry.probe === undefined;
      // Checked twice a run: the usual answer (nothing stuck) builds no list.
      if (!view.history.some(isStuck)) return null;
      const stuck = view.history.filter(isStuck);
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

/**
 * The checks `defineProtocol` made from `recordedByGhost`: while `ghost.breaks` is `noBreaks` each
 * of them returns null, so the simulator skips them all at once (most every-step properties of ZAB
 * and Kafka are such checks, and calling each one after every step was a visible cost).
 */
export const checksRecordedByGhost = new WeakSet<object>();

/** The check of an every-step property whose breaks the ghost observer records in `ghost.breaks`. */
export function recordedByGhost<Name extends string>(view: { readonly ghost: { readonly breaks: Breaks<Name> } }, name: Name): string | null {
  const breaks = view.ghost.breaks;
  return breaks === noBreaks ? null : (breaks[name] ?? null);
}

/**
 * The progress property: after healing, with every node up and every other end property held, the
 * protocol's progress probe (`LivenessPlan.progressProbe`: typically a write, then a read) succeeds,
 * each operation retried at the next node until it does, within the bounded liveness phase. Without
 * it a model that refuses every request ("not the leader", "recovering") passes every other check.
 */
export function makesProgress<Config, State, Message, Operation, Output, Ghost>(
  describeOperation: (operation: Operation) => string,
): PropertyCheck<Config, State, Message, Operation, Output, Ghost> {
  return {
    category: 'liveness',
    description:
      "after healing, a client's probe operations (declared by the protocol) each succeed, retried at every node in turn, within the bounded liveness phase",
    when: 'end',
    check(view) {
      const last = view.history.findLast((entry) => entry.probe !== undefined);
      // No probe yet: the probe runs only once the cluster is quiet and every other end property held.
      if (last === undefined || last.reply?.outcome === 'ok') return null;
      const attempts = view.history.filter((entry) => entry.probe === last.probe).reduce((sum, entry) => sum + entry.attempts, 0);
      const answer =
        last.reply === null
          ? 'the last attempt is still unanswered'
          : `the last answer was ${last.reply.outcome}${'error' in last.reply ? ` (${last.reply.error})` : ''}`;
      return `the probe ${describeOperation(last.operation)} never succeeded: ${attempts} attempt(s) at every node in turn, ${answer}`;
    },
  };
}

/**
 * An `end` check's conclusive form: the message when the property is broken, null when it holds
 * for certain, undefined when it holds only as far as a budget let the check look (a
 * linearizability search that ran out: not reported, but not proven either).
 */
export type ConclusiveEndCheck = (view: never, name: never) => string | null | undefined;

/**
 * `end` checks that may wait for the progress probe, each with its conclusive form. The end checks
 * run before the probe and again after it; a check registered here promises that holding for
 * certain after the probe means holding before it (the probe only adds operations invoked after
 * every earlier one ended, and changes no earlier entry: a history linearizable with them is
 * linearizable without them). The simulator then runs it once, after the probe, and looks at the
 * world before the probe only when something failed there or was not proven: verdict, world and
 * trace are those of checking both times (the linearizability check was a tenth of a ZAB run).
 */
export const endChecksProvenAfterProbe = new WeakMap<object, ConclusiveEndCheck>();

/** Registers `check` (an `end` check) with its conclusive form; see `endChecksProvenAfterProbe`. Returns `check`. */
export function provenAfterProbe<Check extends object>(check: Check, conclusive: ConclusiveEndCheck): Check {
  endChecksProvenAfterProbe.set(check, conclusive);
  return check;
}
