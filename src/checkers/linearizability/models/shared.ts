/** Helpers shared by the bundled models: partitioning by key and shape checks for untyped input. */

import type { HistoryOperation } from '../types.ts';

/**
 * Splits a history into one part per key (P-compositionality), keeping the original order
 * inside each part and ordering the parts by first appearance.
 */
export function partitionByKey<Input, Output>(
  operations: readonly HistoryOperation<Input, Output>[],
  keyOf: (input: Input) => string | number | bigint,
): HistoryOperation<Input, Output>[][] {
  // Keys of different types are different keys (1 is not "1"); a Map compares them so.
  const parts = new Map<string | number | bigint, HistoryOperation<Input, Output>[]>();
  for (const operation of operations) {
    const key = keyOf(operation.input);
    let part = parts.get(key);
    if (part === undefined) {
      part = [];
      parts.set(key, part);
    }
    part.push(operation);
  }
  return [...parts.values()];
}

/** An integer a history can hold exactly: a safe integer number, or a bigint (larger ones, as parsers read them). */
export function isExactInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || Number.isSafeInteger(value);
}

/** A plain object (not null, not an array): the one of core/json-text.ts, for the models. */
export { isRecord } from '../../../core/json-text.ts';

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Shows a value in a description: strings JSON-quoted, anything else through String(). */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
