/** The value every history parser returns: operations, or the first problem with its location. */

import type { HistoryOperation } from '../types.ts';

export type HistoryFormat = 'jepsen-etcd' | 'edn-kv' | 'json-lines';

/** Where a file stops making sense, and what the parser wanted there. */
export interface HistoryParseError {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** What would have been accepted, as a phrase ("a JSON object ..."). */
  readonly expected: string;
  /** What the line (or the relevant part of it) actually held, shortened. */
  readonly found: string;
}

export type HistoryParseResult<Input, Output> =
  | {
      readonly ok: true;
      readonly format: HistoryFormat;
      readonly operations: HistoryOperation<Input, Output>[];
      /** `lines[i]` is the 1-based line on which `operations[i]` was invoked. */
      readonly lines: number[];
    }
  | { readonly ok: false; readonly error: HistoryParseError };

const MAX_FOUND_LENGTH = 100;

/** Builds a failed parse result, shortening `found` so one bad line cannot flood a terminal. */
export function parseFailure(file: string, line: number, expected: string, found: string): { ok: false; error: HistoryParseError } {
  const shortened = found.length > MAX_FOUND_LENGTH ? `${found.slice(0, MAX_FOUND_LENGTH)}…` : found;
  return { ok: false, error: { file, line, expected, found: shortened === '' ? '(empty)' : shortened } };
}

/** `file:line: expected X, found Y`, the form compilers use, so editors can jump to it. */
export function formatParseError(error: HistoryParseError): string {
  return `${error.file}:${error.line}: expected ${error.expected}, found ${error.found}`;
}

/**
 * Splits text into lines, accepting both \n and \r\n, without the UTF-8 byte-order mark some
 * editors put at the start of a file (every parser and the format detection read lines from here).
 */
export function splitLines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
}
