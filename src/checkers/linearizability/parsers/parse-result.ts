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

/**
 * The most digits an integer in a history may have. Why: reading one as a bigint takes time that
 * grows faster than its length (30 million digits took 7 s, past any --timeout-ms, on one line the
 * wall cannot cut), and no recorded value is near that long: 1,000 digits read in microseconds.
 */
export const integerDigitsMax = 1000;

/**
 * The length of the first run of digits in `text` longer than {@link integerDigitsMax}, or
 * undefined. A loop, not a regular expression: `\d{1001,}` overflows V8's stack on 30 million digits.
 */
export function overlongInteger(text: string): number | undefined {
  let run = 0;
  for (let at = 0; at <= text.length; at++) {
    const code = text.charCodeAt(at);
    if (code >= 0x30 && code <= 0x39) {
      run++;
      continue;
    }
    if (run > integerDigitsMax) return run;
    run = 0;
  }
  return undefined;
}

/** What a parser refusing an integer longer than {@link integerDigitsMax} says it expected. */
export const integerDigitsExpected = `integers of at most ${integerDigitsMax} digits`;

/**
 * Asked by a parser every {@link linesPerStopQuestion} lines whether to give up: true once the
 * caller's time budget has run out (the CLI's clock: the parsers read none).
 */
export type StopParsing = () => boolean;

/** Often enough to stop within milliseconds of the wall, rarely enough to cost nothing. */
export const linesPerStopQuestion = 1000;

/**
 * Thrown by a parser whose {@link StopParsing} said to stop: there is no result, as the file was
 * not read to its end. `line` is the 1-based line it had got to.
 */
export class HistoryParseStopped extends Error {
  override readonly name = 'HistoryParseStopped';
  constructor(readonly line: number) {
    super(`parsing stopped at line ${line}`);
  }
}

/**
 * Throws {@link HistoryParseStopped} when `stop` says so, asking it after every
 * {@link linesPerStopQuestion} of `index` (not at 0: the caller has just looked at its clock).
 */
export function stopWhenAsked(stop: StopParsing | undefined, index: number, line: number): void {
  if (stop !== undefined && index > 0 && index % linesPerStopQuestion === 0 && stop()) throw new HistoryParseStopped(line);
}
