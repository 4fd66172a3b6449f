/**
 * Registers the explorer (`src/explore/`) as the minimizer's last pass: a small breadth-first
 * search for a shorter story that breaks the same property (see `minimizeSchedule`). Imported for
 * its effect by every entry point of a hunt (the worker, `parallel.ts`, `testing.ts`, the bench),
 * so a hunt shrinks alike in a worker and in the calling thread.
 */
import { explore } from '../explore/index.ts';
import { useExhaustiveSearch, type ExhaustiveSearch } from './minimize.ts';

/** The explorer as the minimizer's `ExhaustiveSearch`: single events, at most two client operations. */
export const exploreShorter: ExhaustiveSearch = (setup, { depth, statesMax, property }) => {
  const result = explore(setup, { depth, steps: 'events', operationsMax: 2, statesMax });
  return result.counterexample !== null && result.violation?.property === property ? result.counterexample : null;
};

useExhaustiveSearch(exploreShorter);
