import type { HistoryEntry } from './types.ts';

/**
 * An operation as the linearizability checker sees it: `return` null means indeterminate
 * (never completed, or completed with an unknown outcome), so it may or may not have taken effect.
 */
export interface CheckedOperation<Operation, Output> {
  readonly id: number;
  readonly clientId: number;
  readonly input: Operation;
  readonly call: number;
  readonly return: number | null;
  readonly output: Output | null;
}

/**
 * Turns a simulator history into checker input. Operations that certainly failed are left out:
 * they did not take effect, so they constrain nothing.
 */
export function operationsForChecking<Operation, Output>(history: readonly HistoryEntry<Operation, Output>[]): CheckedOperation<Operation, Output>[] {
  const operations: CheckedOperation<Operation, Output>[] = [];
  for (const entry of history) {
    const reply = entry.reply;
    if (reply?.outcome === 'fail') continue;
    if (reply?.outcome === 'ok' && entry.completedAt !== null) {
      operations.push({
        id: entry.operationId,
        clientId: entry.clientId,
        input: entry.operation,
        call: entry.invokedAt,
        return: entry.completedAt,
        output: reply.output,
      });
    } else {
      operations.push({
        id: entry.operationId,
        clientId: entry.clientId,
        input: entry.operation,
        call: entry.invokedAt,
        return: null,
        output: null,
      });
    }
  }
  return operations;
}

/** Operations acknowledged as successful, in invocation order. */
export function acknowledged<Operation, Output>(
  history: readonly HistoryEntry<Operation, Output>[],
): (HistoryEntry<Operation, Output> & { reply: { outcome: 'ok'; output: Output } })[] {
  return history.filter(
    (entry): entry is HistoryEntry<Operation, Output> & { reply: { outcome: 'ok'; output: Output } } => entry.reply?.outcome === 'ok',
  );
}

/** Writes a history as JSON lines for `faultline check-history --model ... FILE.jsonl`. */
export function historyToJsonLines<Operation, Output>(history: readonly HistoryEntry<Operation, Output>[]): string {
  return operationsForChecking(history)
    .map((operation) =>
      JSON.stringify({
        id: operation.id,
        client: operation.clientId,
        input: operation.input,
        call: operation.call,
        return: operation.return,
        output: operation.output,
      }),
    )
    .join('\n');
}
