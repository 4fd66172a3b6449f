/** Picks the parser for a history file from its first non-blank line. */

import type { AnyLinearizabilityModel } from '../types.ts';
import { parseEdnKvLog } from './edn-kv.ts';
import { stringifyJsonExactly } from '../../../core/json-text.ts';
import { parseJepsenEtcdLog } from './jepsen-etcd.ts';
import { parseJsonLinesHistory } from './json-lines.ts';
import { parseFailure, splitLines, stopWhenAsked, type HistoryFormat, type HistoryParseResult, type StopParsing } from './parse-result.ts';

/**
 * The format of `text`, or undefined when its first non-blank line fits none (an empty text is
 * JSON lines). Reads up to that line only: splitting a file of a million lines took 0.1 s.
 */
export function detectHistoryFormat(text: string): HistoryFormat | undefined {
  // The first character that is not white space (a byte-order mark is white space here).
  const start = text.search(/\S/);
  if (start === -1) return 'json-lines';
  const end = text.indexOf('\n', start);
  const trimmed = text.slice(start, end === -1 ? undefined : end);
  if (trimmed.startsWith('INFO')) return 'jepsen-etcd';
  if (/^\{\s*:/.test(trimmed)) return 'edn-kv';
  if (/^\{\s*("|\})/.test(trimmed)) return 'json-lines';
  return undefined;
}

/**
 * Parses a history in any supported format (detected unless `format` is given) and checks that
 * every operation fits `model` (via its `validateOperation`), reporting the line of the first
 * one that does not. `stop` is asked now and then whether to give up (see {@link StopParsing}).
 */
export function parseHistory(
  file: string,
  text: string,
  model: AnyLinearizabilityModel,
  format: HistoryFormat | undefined = detectHistoryFormat(text),
  stop?: StopParsing,
): HistoryParseResult<unknown, unknown> {
  const validate = model.validateOperation?.bind(model);
  let parsed: HistoryParseResult<unknown, unknown>;
  switch (format) {
    case 'json-lines':
      return parseJsonLinesHistory(file, text, validate, stop);
    case 'jepsen-etcd':
      parsed = parseJepsenEtcdLog(file, text, stop);
      break;
    case 'edn-kv':
      parsed = parseEdnKvLog(file, text, stop);
      break;
    case undefined: {
      const lines = splitLines(text);
      const index = lines.findIndex((line) => line.trim() !== '');
      return parseFailure(
        file,
        index + 1,
        'a history: JSON lines ({"id":...}), a Jepsen etcd log (INFO  jepsen.util - ...) or EDN maps ({:process ...})',
        lines[index] ?? '',
      );
    }
  }
  if (!parsed.ok || validate === undefined) return parsed;
  for (let i = 0; i < parsed.operations.length; i++) {
    stopWhenAsked(stop, i, parsed.lines[i] ?? 0);
    const operation = parsed.operations[i];
    if (operation === undefined) continue;
    const expected = validate(operation.input, operation.output);
    if (expected !== null) {
      return parseFailure(
        file,
        parsed.lines[i] ?? 0,
        `${expected} (this ${format} file does not fit model ${model.name})`,
        stringifyJsonExactly({ input: operation.input, output: operation.output }) ?? '',
      );
    }
  }
  return parsed;
}
