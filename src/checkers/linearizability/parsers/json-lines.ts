/**
 * faultline's own history format: JSON lines, one operation per line, written by the simulator
 * and read by `faultline check-history`.
 *
 *     {"id":0,"client":2,"input":{"type":"put","key":"a","value":"1"},"call":10,"return":14,"output":{"type":"put"}}
 *     {"id":1,"client":3,"input":{"type":"get","key":"a"},"call":11,"return":null,"output":null}
 *
 * - `id`: integer, unique in the file. `client`: integer, the issuing client.
 * - `input`: the operation, in the shape the chosen model expects (see the model's types).
 * - `call`: finite number, invocation time (logical or real; only the order matters).
 * - `return`: finite number `>= call`, or `null` when the client never learnt the outcome
 *   (crash, timeout): the operation may take effect any time after `call`, or never.
 * - `output`: the observed result in the model's shape, or `null` when unknown; must be `null`
 *   when `return` is `null`.
 * Blank lines are ignored; other fields are ignored, so the format can grow. Lines may come in
 * any order. An integer written with more digits than a number holds exactly (beyond 2^53 − 1)
 * is read as a bigint in `input` and `output` (see src/core/json-text.ts), and such times must still be
 * told apart once made numbers. A number that large written with a fraction or an exponent is
 * refused: it would be rounded. Smaller ones are JSON's numbers (`1e3` is 1000).
 */

import type { HistoryOperation } from '../types.ts';
import { isRecord } from '../models/shared.ts';
import { IntegerTooLong, jsonNestingDepth, parseJsonExactly, stringifyJsonExactly } from '../../../core/json-text.ts';

/** Deep enough for any operation's input and output; deeper would overflow the stack of what reads them recursively. */
const nestingDepthMax = 64;
import {
  integerDigitsExpected,
  integerDigitsMax,
  parseFailure,
  splitLines,
  stopWhenAsked,
  type HistoryParseError,
  type HistoryParseResult,
  type StopParsing,
} from './parse-result.ts';

const OBJECT_SHAPE = 'a JSON object {"id":n,"client":n,"input":...,"call":n,"return":n|null,"output":...|null}';

/** A time as the file wrote it: a finite number, or a bigint (an integer too large for a number to hold exactly). */
type ExactTime = number | bigint;

function isTime(value: unknown): value is ExactTime {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}

/** What was found, for a message: JSON (a bigint as its digits), or "nothing". */
function shown(value: unknown): string {
  return stringifyJsonExactly(value) ?? 'nothing';
}

/** What "id" and "client" must be, for a value that is not a safe integer. */
function integerExpected(field: string, value: unknown): string {
  const large = typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
  return large ? `"${field}" with an integer no larger than ${Number.MAX_SAFE_INTEGER} in size` : `"${field}" with an integer`;
}

/**
 * The first number in `value` beyond 2^53 − 1 in size, with where it is (`.value`, `[1]`), or
 * undefined. One such was written with a fraction or an exponent (an integer in digits is read as
 * a bigint, exact), and a number rounds it: 9007199254740993e0 reads as 9007199254740992, which
 * then matches no write of 9007199254740993 nor a read of 9007199254740992 (a bigint).
 */
function roundedNumber(value: unknown, at = ''): { readonly at: string; readonly value: number } | undefined {
  if (typeof value === 'number') return Math.abs(value) > Number.MAX_SAFE_INTEGER ? { at, value } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = roundedNumber(item, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

const roundedExpected = `an integer beyond ${Number.MAX_SAFE_INTEGER} in size written in digits (with a fraction or an exponent a number that large is rounded: 9007199254740993e0 reads as 9007199254740992)`;

/**
 * Parses a JSON-lines history. `validateOperation` (usually the model's) checks the shape of
 * each input/output pair and returns what it expected when the pair does not fit; `stop` is asked
 * now and then whether to give up (see {@link StopParsing}).
 */
export function parseJsonLinesHistory<Input = unknown, Output = unknown>(
  file: string,
  text: string,
  validateOperation?: (input: unknown, output: unknown) => string | null,
  stop?: StopParsing,
): HistoryParseResult<Input, Output> {
  const operations: HistoryOperation<Input, Output>[] = [];
  const callLines: number[] = [];
  const seenIds = new Map<number, number>();
  /** The exact times of operations whose "call" or "return" was a bigint, by operation index. */
  const largeTimes = new Map<number, { readonly call: ExactTime; readonly return: ExactTime | null }>();
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    stopWhenAsked(stop, index, lineNumber);
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const depth = jsonNestingDepth(line);
    if (depth > nestingDepthMax) {
      return parseFailure(file, lineNumber, `a JSON object whose values nest at most ${nestingDepthMax} deep`, `${depth} levels`);
    }
    let value: unknown;
    try {
      value = parseJsonExactly(line, integerDigitsMax);
    } catch (error) {
      if (error instanceof IntegerTooLong) return parseFailure(file, lineNumber, integerDigitsExpected, `one of ${error.digits} digits`);
      const reason = error instanceof Error ? error.message : String(error);
      return parseFailure(file, lineNumber, OBJECT_SHAPE, `invalid JSON (${reason}): ${line}`);
    }
    if (!isRecord(value)) return parseFailure(file, lineNumber, OBJECT_SHAPE, line);
    const { id, client, input, call, output } = value;
    const returned = value['return'];
    if (!Number.isSafeInteger(id)) return parseFailure(file, lineNumber, integerExpected('id', id), shown(id));
    const firstLine = seenIds.get(id as number);
    if (firstLine !== undefined) {
      return parseFailure(file, lineNumber, `an id not used before (${String(id)} is already on line ${firstLine})`, line);
    }
    if (!Number.isSafeInteger(client)) {
      return parseFailure(file, lineNumber, integerExpected('client', client), shown(client));
    }
    if (input === undefined) return parseFailure(file, lineNumber, 'an "input" field', line);
    if (!isTime(call)) return parseFailure(file, lineNumber, '"call" with a finite number', shown(call));
    if (returned !== null && (!isTime(returned) || returned < call)) {
      return parseFailure(file, lineNumber, `"return" with null or a number no smaller than "call" (${call})`, shown(returned));
    }
    if (output === undefined) return parseFailure(file, lineNumber, 'an "output" field (null when unknown)', line);
    if (returned === null && output !== null) {
      return parseFailure(file, lineNumber, '"output": null, because "return" is null (the outcome is unknown)', shown(output));
    }
    for (const [field, fieldValue] of [
      ['input', input],
      ['output', output],
      ['call', call],
      ['return', returned],
    ] as const) {
      const rounded = roundedNumber(fieldValue);
      if (rounded !== undefined)
        return parseFailure(file, lineNumber, `${roundedExpected} in "${field}"`, `${rounded.value} at ${field}${rounded.at}`);
    }
    if (validateOperation !== undefined) {
      const expected = validateOperation(input, output);
      if (expected !== null) return parseFailure(file, lineNumber, expected, shown({ input, output }));
    }
    seenIds.set(id as number, lineNumber);
    if (typeof call === 'bigint' || typeof returned === 'bigint') largeTimes.set(operations.length, { call, return: returned });
    operations.push({
      id: id as number,
      clientId: client as number,
      input: input as Input,
      call: Number(call),
      return: returned === null ? null : Number(returned),
      output: output as Output | null,
    });
    callLines.push(lineNumber);
  }
  if (largeTimes.size > 0) {
    const problem = timesNumbersConfuse(file, operations, callLines, largeTimes);
    if (problem !== undefined) return problem;
  }
  return { ok: true, format: 'json-lines', operations, lines: callLines };
}

/**
 * Times are numbers in a history, and only their order matters: a large integer time (a bigint)
 * may be rounded as long as no two different times become the same number (an operation that
 * returned before another was called would then seem to overlap it). Returns the failure for the
 * first two that would, or undefined.
 */
function timesNumbersConfuse(
  file: string,
  operations: readonly HistoryOperation<unknown, unknown>[],
  lines: readonly number[],
  largeTimes: ReadonlyMap<number, { readonly call: ExactTime; readonly return: ExactTime | null }>,
): { ok: false; error: HistoryParseError } | undefined {
  const times: { readonly exact: ExactTime; readonly line: number }[] = [];
  type Time = (typeof times)[number];
  operations.forEach((operation, index) => {
    const exact = largeTimes.get(index);
    const line = lines[index] as number;
    times.push({ exact: exact?.call ?? operation.call, line });
    const returned = exact === undefined ? operation.return : exact.return;
    if (returned !== null) times.push({ exact: returned, line });
  });
  times.sort((a, b) => (a.exact < b.exact ? -1 : a.exact > b.exact ? 1 : 0));
  for (let i = 1; i < times.length; i++) {
    const before = times[i - 1] as Time;
    const after = times[i] as Time;
    if (before.exact < after.exact && Number(before.exact) === Number(after.exact)) {
      return parseFailure(
        file,
        after.line,
        `times that stay apart as numbers (${after.exact} and ${before.exact} on line ${before.line} both round to ${Number(after.exact)}: ` +
          `integers beyond ${Number.MAX_SAFE_INTEGER} lose digits; count the times from a later start)`,
        String(after.exact),
      );
    }
  }
  return undefined;
}

/** Writes a history in the JSON-lines format read by {@link parseJsonLinesHistory}. */
export function formatJsonLinesHistory(operations: readonly HistoryOperation<unknown, unknown>[]): string {
  return operations
    .map((operation) =>
      stringifyJsonExactly({
        id: operation.id,
        client: operation.clientId,
        input: operation.input,
        call: operation.call,
        return: operation.return,
        output: operation.output,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}
