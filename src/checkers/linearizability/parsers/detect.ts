/** Picks the parser for a history file from its first non-blank line. */

import type { AnyLinearizabilityModel } from '../types.ts';
import { parseEdnKvLog } from './edn-kv.ts';
import { stringifyJsonExactly } from '../../../core/json-text.ts';
import { parseJepsenEtcdLog } from './jepsen-etcd.ts';
import { parseJsonLinesHistory } from './json-lines.ts';
import { parseFailure, splitLines, type HistoryFormat, type HistoryParseResult } from './parse-result.ts';

/** The format of `text`, or undefined when its first non-blank line fits none (an empty text is JSON lines). */
export function detectHistoryFormat(text: string): HistoryFormat | undefined {
  const first = splitLines(text).find((line) => line.trim() !== '');
  if (first === undefined) return 'json-lines';
  const trimmed = first.trimStart();
  if (trimmed.startsWith('INFO')) return 'jepsen-etcd';
  if (/^\{\s*:/.test(trimmed)) return 'edn-kv';
  if (/^\{\s*("|\})/.test(trimmed)) return 'json-lines';
  return undefined;
}

/**
 * Parses a history in any supported format (detected unless `format` is given) and checks that
 * every operation fits `model` (via its `validateOperation`), reporting the line of the first
 * one that does not.
 */
export function parseHistory(
  file: string,
  text: string,
  model: AnyLinearizabilityModel,
  format: HistoryFormat | undefined = detectHistoryFormat(text),
): HistoryParseResult<unknown, unknown> {
  const validate = model.validateOperation?.bind(model);
  let parsed: HistoryParseResult<unknown, unknown>;
  switch (format) {
    case 'json-lines':
      return parseJsonLinesHistory(file, text, validate);
    case 'jepsen-etcd':
      parsed = parseJepsenEtcdLog(file, text);
      break;
    case 'edn-kv':
      parsed = parseEdnKvLog(file, text);
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
