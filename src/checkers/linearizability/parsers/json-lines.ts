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
 * any order.
 */

import type { HistoryOperation } from '../types.ts';
import { isRecord } from '../models/shared.ts';
import { parseFailure, splitLines, type HistoryParseResult } from './parse-result.ts';

const OBJECT_SHAPE = 'a JSON object {"id":n,"client":n,"input":...,"call":n,"return":n|null,"output":...|null}';

/**
 * Parses a JSON-lines history. `validateOperation` (usually the model's) checks the shape of
 * each input/output pair and returns what it expected when the pair does not fit.
 */
export function parseJsonLinesHistory<Input = unknown, Output = unknown>(
  file: string,
  text: string,
  validateOperation?: (input: unknown, output: unknown) => string | null,
): HistoryParseResult<Input, Output> {
  const operations: HistoryOperation<Input, Output>[] = [];
  const callLines: number[] = [];
  const seenIds = new Map<number, number>();
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return parseFailure(file, lineNumber, OBJECT_SHAPE, `invalid JSON (${reason}): ${line}`);
    }
    if (!isRecord(value)) return parseFailure(file, lineNumber, OBJECT_SHAPE, line);
    const { id, client, input, call, output } = value;
    const returned = value['return'];
    if (!Number.isSafeInteger(id)) return parseFailure(file, lineNumber, '"id" with an integer', JSON.stringify(id) ?? 'nothing');
    const firstLine = seenIds.get(id as number);
    if (firstLine !== undefined) {
      return parseFailure(file, lineNumber, `an id not used before (${String(id)} is already on line ${firstLine})`, line);
    }
    if (!Number.isSafeInteger(client)) {
      return parseFailure(file, lineNumber, '"client" with an integer', JSON.stringify(client) ?? 'nothing');
    }
    if (input === undefined) return parseFailure(file, lineNumber, 'an "input" field', line);
    if (typeof call !== 'number' || !Number.isFinite(call)) {
      return parseFailure(file, lineNumber, '"call" with a finite number', JSON.stringify(call) ?? 'nothing');
    }
    if (returned !== null && (typeof returned !== 'number' || !Number.isFinite(returned) || returned < call)) {
      return parseFailure(file, lineNumber, `"return" with null or a number no smaller than "call" (${call})`, JSON.stringify(returned) ?? 'nothing');
    }
    if (output === undefined) return parseFailure(file, lineNumber, 'an "output" field (null when unknown)', line);
    if (returned === null && output !== null) {
      return parseFailure(file, lineNumber, '"output": null, because "return" is null (the outcome is unknown)', JSON.stringify(output));
    }
    if (validateOperation !== undefined) {
      const expected = validateOperation(input, output);
      if (expected !== null) return parseFailure(file, lineNumber, expected, JSON.stringify({ input, output }));
    }
    seenIds.set(id as number, lineNumber);
    operations.push({
      id: id as number,
      clientId: client as number,
      input: input as Input,
      call,
      return: returned,
      output: output as Output | null,
    });
    callLines.push(lineNumber);
  }
  return { ok: true, format: 'json-lines', operations, lines: callLines };
}

/** Writes a history in the JSON-lines format read by {@link parseJsonLinesHistory}. */
export function formatJsonLinesHistory(operations: readonly HistoryOperation<unknown, unknown>[]): string {
  return operations
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
    .map((line) => `${line}\n`)
    .join('');
}
