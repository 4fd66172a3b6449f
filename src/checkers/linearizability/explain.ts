/** Turns a checker result into text a person can follow, and places linearization points in time. */

import type { HistoryOperation, LinearizabilityModel, LinearizabilityResult } from './types.ts';

function formatTime(time: number | null): string {
  return time === null ? '∞' : String(time);
}

/** One line per operation: id, client, interval and the model's description. */
function describeLine<Input, Output>(
  model: LinearizabilityModel<unknown, Input, Output>,
  operation: HistoryOperation<Input, Output> | undefined,
  id: number,
): string {
  if (operation === undefined) return `#${id} (not in the history)`;
  return (
    `#${operation.id} client ${operation.clientId} [${formatTime(operation.call)}, ${formatTime(operation.return)}] ` +
    model.describeOperation(operation.input, operation.output)
  );
}

/**
 * Explains a `not-linearizable` result: the failing partition, the longest prefix the search
 * could linearize, the state it leads to, and the operations none of which could come next.
 * Returns a one-line summary for other verdicts. `maxPrefixLines` keeps long prefixes readable
 * (their beginning is elided).
 */
export function formatLinearizabilityFailure<State, Input, Output>(
  model: LinearizabilityModel<State, Input, Output>,
  operations: readonly HistoryOperation<Input, Output>[],
  result: LinearizabilityResult,
  maxPrefixLines = 20,
): string {
  const failure = result.failure;
  if (result.verdict !== 'not-linearizable' || failure === undefined) {
    const reason = result.unknownReason === undefined ? '' : ` (${result.unknownReason})`;
    return `${result.verdict}${reason}: ${result.operations} operations in ${result.partitions} partition(s)`;
  }
  const describingModel = model as unknown as LinearizabilityModel<unknown, Input, Output>;
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const partition = result.partitionOutcomes[failure.partitionIndex];
  const lines: string[] = [];
  lines.push(
    `not linearizable: partition ${failure.partitionIndex + 1} of ${result.partitions}` +
      (partition === undefined ? '' : ` (${partition.operationIds.length} operations)`) +
      ` has no valid order (model ${result.model}).`,
  );
  const prefix = failure.longestPrefix;
  lines.push(`Longest linearizable prefix (${prefix.length} operations):`);
  const shownFrom = Math.max(0, prefix.length - maxPrefixLines);
  if (shownFrom > 0) lines.push(`  … ${shownFrom} earlier operations`);
  for (let i = shownFrom; i < prefix.length; i++) {
    const id = prefix[i] as number;
    lines.push(`  ${i + 1}. ${describeLine(describingModel, byId.get(id), id)}`);
  }
  lines.push(`State after that prefix: ${failure.stateAfterPrefix}`);
  lines.push('None of these operations can come next (the first one must, as it has already returned):');
  for (const id of failure.unplaceable) lines.push(`  - ${describeLine(describingModel, byId.get(id), id)}`);
  return lines.join('\n');
}

/**
 * Times at which the operations of a linearization can be drawn as taking effect: each point is
 * the latest call seen so far, which lies inside the operation's interval whenever the order
 * respects real time. Returns operation id → time.
 */
export function linearizationPoints(operations: readonly HistoryOperation<unknown, unknown>[], order: readonly number[]): Map<number, number> {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const points = new Map<number, number>();
  let point = -Infinity;
  for (const id of order) {
    const operation = byId.get(id);
    if (operation === undefined) continue;
    point = Math.max(point, operation.call);
    points.set(id, point);
  }
  return points;
}
