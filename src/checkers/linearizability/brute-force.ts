/**
 * A deliberately naive reference checker for tests: it tries every order of every partition
 * that respects real time (operations with unknown outcome and no return may also be left out),
 * with no memoization and no read-only shortcut. Exponential; meant for histories of about ten
 * operations. It shares only the model and the definition of real-time order with the real
 * checker, so agreement between the two is evidence for both.
 */

import type { HistoryOperation, LinearizabilityModel, LinearizabilityVerdict } from './types.ts';

export interface BruteForceResult {
  readonly verdict: LinearizabilityVerdict;
  /** Model steps taken, over all partitions. */
  readonly steps: number;
}

/**
 * Decides linearizability by enumeration; gives `unknown` after `maxSteps` model steps.
 * Operation `a` must precede `b` iff `a.return < b.call` (touching intervals overlap).
 */
export function checkLinearizabilityByBruteForce<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  maxSteps = 1_000_000,
): BruteForceResult {
  const parts = model.partition ? model.partition(operations) : [operations];
  let steps = 0;
  let exhausted = false;

  const search = (part: readonly HistoryOperation<Input, Output>[], placed: boolean[], state: State): boolean => {
    const unplacedCompleted = part.filter((operation, i) => !placed[i] && operation.return !== null);
    if (unplacedCompleted.length === 0) return true;
    for (let i = 0; i < part.length; i++) {
      if (placed[i]) continue;
      const operation = part[i] as HistoryOperation<Input, Output>;
      // Some unplaced operation returned before this one was called: it must come first.
      if (unplacedCompleted.some((other) => (other.return as number) < operation.call)) continue;
      if (++steps > maxSteps) {
        exhausted = true;
        return false;
      }
      for (const next of model.step(state, operation.input, operation.output)) {
        placed[i] = true;
        const found = search(part, placed, next);
        placed[i] = false;
        if (found) return true;
        if (exhausted) return false;
      }
    }
    return false;
  };

  for (const part of parts) {
    const linearizable = search(
      part,
      part.map(() => false),
      model.init(),
    );
    if (exhausted) return { verdict: 'unknown', steps };
    if (!linearizable) return { verdict: 'not-linearizable', steps };
  }
  return { verdict: 'linearizable', steps };
}
