/**
 * A protocol property that checks the simulator's client history for linearizability. An
 * `unknown` verdict (budget ran out) is not a violation: faultline never reports what it did not prove.
 */
import { operationsForChecking } from '../../core/history.ts';
import { provenAfterProbe } from '../../core/properties.ts';
import type { HistoryEntry, PropertyCheck } from '../../core/types.ts';
import { checkLinearizability, formatLinearizabilityFailure } from './index.ts';
import type { HistoryOperation, LinearizabilityModel } from './types.ts';

export function linearizabilityProperty<Config, State, Message, Operation, Output, Ghost, ModelState, Input, ModelOutput>(options: {
  readonly model: LinearizabilityModel<ModelState, Input, ModelOutput>;
  /** Maps a protocol operation and its output to the model's; return null to leave it out (e.g. not a modelled operation). */
  readonly map: (operation: Operation, output: Output | null) => { input: Input; output: ModelOutput | null } | null;
  readonly maxExploredConfigurations?: number;
}): PropertyCheck<Config, State, Message, Operation, Output, Ghost> {
  const budget = options.maxExploredConfigurations ?? 200_000;
  /** The message when not linearizable, null when linearizable, undefined when the budget ran out. */
  const verdict = (view: Parameters<PropertyCheck<Config, State, Message, Operation, Output, Ghost>['check']>[0]): string | null | undefined => {
    const operations: HistoryOperation<Input, ModelOutput>[] = [];
    for (const operation of operationsForChecking(view.history as readonly HistoryEntry<Operation, Output>[])) {
      const mapped = options.map(operation.input, operation.output);
      if (mapped === null) continue;
      operations.push({ ...operation, input: mapped.input, output: operation.return === null ? null : mapped.output });
    }
    const result = checkLinearizability(options.model, operations, { maxExploredConfigurations: budget });
    if (result.verdict === 'unknown') return undefined;
    if (result.verdict === 'linearizable') return null;
    return `the client history is not linearizable: ${formatLinearizabilityFailure(options.model, operations, result, 8)}`;
  };
  return {
    description: `the client history is linearizable against the ${options.model.name} model (Wing-Gong/Lowe search; an exhausted budget is not reported)`,
    when: 'end',
    // A history linearizable with the progress probe's operations (invoked after every earlier one
    // ended) is linearizable without them: the check may wait for the probe.
    check: provenAfterProbe((view) => verdict(view) ?? null, verdict),
  };
}
