/**
 * Parser for Jepsen-style EDN operation maps on a key/value store (the Porcupine corpus
 * `kv/cNN-*.txt`), one map per line in real-time order:
 *
 *     {:process 3, :type :invoke, :f :append, :key "4", :value "x 3 0 y"}
 *
 * The line number is the time. `:ok` completes the process's open operation (a get's value is
 * what it read; a put's or append's repeats the value invoked, or is absent); `:fail` means it did not happen and drops it; `:info` leaves it open forever
 * (a `:fail`'s or `:info`'s `:value` is the invoked one, nil for a get, absent, or an error keyword;
 * anything else is refused)
 * (`return: null`), as does reaching the end of the file. Blank lines are ignored. A key is a
 * string or an integer, kept as written (1 and "1" differ; a bigint beyond what a number holds
 * exactly, see src/core/json-text.ts).
 */

import type { KvInput, KvOutput } from '../models/kv.ts';
import { show } from '../models/shared.ts';
import type { HistoryOperation } from '../types.ts';
import { exactInteger } from '../../../core/json-text.ts';
import {
  integerDigitsExpected,
  integerDigitsMax,
  parseFailure,
  splitLines,
  stopWhenAsked,
  type HistoryParseResult,
  type StopParsing,
} from './parse-result.ts';

type EdnScalar = string | number | bigint | boolean | null | { readonly keyword: string };

const MAP_SHAPE = 'an EDN map like {:process 0, :type :invoke, :f :get, :key "k", :value nil}';

/** The escapes of EDN strings, and \b and \f, which Clojure's printer also writes. */
const ESCAPED: ReadonlyMap<string, string> = new Map([
  ['t', '\t'],
  ['r', '\r'],
  ['n', '\n'],
  ['\\', '\\'],
  ['"', '"'],
  ['b', '\b'],
  ['f', '\f'],
]);
/** The characters of a keyword or a scalar other than a string (from where it starts: sticky). */
const TOKEN = /[^\s,{}[\]"]*/y;
/** A string's characters up to its closing quote or an escape (sticky). */
const PLAIN_RUN = /[^"\\]*/y;
const STRING_ESCAPES = 'a string escape: \\t, \\r, \\n, \\\\, \\", \\b, \\f or \\u and four hex digits';

/** The character the escape at `line[start]` (a backslash) stands for, and where it ends; undefined for an unknown escape. */
function readEscape(line: string, start: number): { text: string; end: number } | undefined {
  const letter = line[start + 1] ?? '';
  const simple = ESCAPED.get(letter);
  if (simple !== undefined) return { text: simple, end: start + 2 };
  const hex = line.slice(start + 2, start + 6);
  if (letter !== 'u' || !/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
  return { text: String.fromCharCode(Number.parseInt(hex, 16)), end: start + 6 };
}

/**
 * Reads one flat EDN map of keywords to scalars (strings, integers, keywords, nil, booleans).
 * Returns the fields, or the column and a description of what was expected there.
 */
function readFlatMap(line: string): Map<string, EdnScalar> | { column: number; expected: string } {
  const fields = new Map<string, EdnScalar>();
  let position = 0;
  /** Set by readScalar for a string with an escape EDN does not have, or an integer too long. */
  let badScalar: { column: number; expected: string } | undefined;
  const skipSpace = (): void => {
    while (position < line.length && /[\s,]/.test(line[position] as string)) position++;
  };
  /** Moves past a keyword's or a scalar's characters: one regular expression for the run, not one per character (a line may be megabytes long). */
  const skipToken = (): void => {
    TOKEN.lastIndex = position;
    TOKEN.exec(line);
    position = TOKEN.lastIndex;
  };
  skipSpace();
  if (line[position] !== '{') return { column: position, expected: MAP_SHAPE };
  position++;
  for (;;) {
    skipSpace();
    if (line[position] === '}') {
      position++;
      skipSpace();
      return position === line.length ? fields : { column: position, expected: 'the end of the line after "}"' };
    }
    if (line[position] !== ':') return { column: position, expected: 'a keyword such as :process, or "}"' };
    const keyStart = position + 1;
    position = keyStart;
    skipToken();
    const key = line.slice(keyStart, position);
    skipSpace();
    const value = readScalar();
    if (badScalar !== undefined) return badScalar;
    if (value === undefined) return { column: position, expected: `a value for :${key} (string, integer, keyword or nil)` };
    fields.set(key, value);
  }

  function readScalar(): EdnScalar | undefined {
    const first = line[position];
    if (first === '"') {
      let text = '';
      position++;
      while (position < line.length && line[position] !== '"') {
        if (line[position] !== '\\') {
          PLAIN_RUN.lastIndex = position;
          PLAIN_RUN.exec(line);
          text += line.slice(position, PLAIN_RUN.lastIndex);
          position = PLAIN_RUN.lastIndex;
          continue;
        }
        const decoded = readEscape(line, position);
        if (decoded === undefined) {
          badScalar = { column: position, expected: STRING_ESCAPES };
          return undefined;
        }
        text += decoded.text;
        position = decoded.end;
      }
      if (position >= line.length) return undefined;
      position++;
      return text;
    }
    const start = position;
    skipToken();
    const token = line.slice(start, position);
    if (token === 'nil') return null;
    if (token === 'true' || token === 'false') return token === 'true';
    // EDN integers: an optional sign, digits, and N for "arbitrary precision" (as Clojure prints a BigInt).
    const integer = /^([-+]?\d+)N?$/.exec(token);
    if (integer !== null) {
      const digits = (integer[1] as string).replace(/^[-+]/, '');
      if (digits.length <= integerDigitsMax) return exactInteger(integer[1] as string);
      badScalar = { column: start, expected: `${integerDigitsExpected} (this one has ${digits.length})` };
      return undefined;
    }
    if (/^:[^:]+$/.test(token)) return { keyword: token.slice(1) };
    position = start;
    return undefined;
  }
}

function keywordOf(value: EdnScalar | undefined): string | undefined {
  return typeof value === 'object' && value !== null ? value.keyword : undefined;
}

interface Draft {
  readonly id: number;
  readonly process: number;
  readonly input: KvInput;
  readonly line: number;
  return: number | null;
  output: KvOutput | null;
  dropped: boolean;
}

/** `stop` is asked now and then whether to give up (see {@link StopParsing}). */
export function parseEdnKvLog(file: string, text: string, stop?: StopParsing): HistoryParseResult<KvInput, KvOutput> {
  const drafts: Draft[] = [];
  const openByProcess = new Map<number, Draft>();
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    stopWhenAsked(stop, index, lineNumber);
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const fields = readFlatMap(line);
    if (!(fields instanceof Map)) {
      return parseFailure(
        file,
        lineNumber,
        fields.expected,
        `${JSON.stringify(line.slice(fields.column, fields.column + 30))} at column ${fields.column + 1}`,
      );
    }
    const processValue = fields.get('process');
    if (keywordOf(processValue) === 'nemesis') continue;
    if (typeof processValue !== 'number' || processValue < 0) {
      return parseFailure(file, lineNumber, `:process with a non-negative integer no larger than ${Number.MAX_SAFE_INTEGER}`, line);
    }
    const type = keywordOf(fields.get('type'));
    if (type !== 'invoke' && type !== 'ok' && type !== 'fail' && type !== 'info') {
      return parseFailure(file, lineNumber, ':type :invoke, :ok, :fail or :info', line);
    }
    const f = keywordOf(fields.get('f'));
    if (f !== 'get' && f !== 'put' && f !== 'append') return parseFailure(file, lineNumber, ':f :get, :put or :append', line);
    const keyValue = fields.get('key');
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number' && typeof keyValue !== 'bigint') {
      return parseFailure(file, lineNumber, ':key with a string (or integer) key', line);
    }
    // Kept as written: the integer key 1 and the string key "1" are different keys.
    const key = keyValue;
    const value = fields.get('value');

    if (type === 'invoke') {
      const pending = openByProcess.get(processValue);
      if (pending !== undefined) {
        return parseFailure(
          file,
          lineNumber,
          `a completion of process ${processValue}'s open operation (invoked on line ${pending.line}) before its next :invoke`,
          line,
        );
      }
      let input: KvInput;
      if (f === 'get') {
        input = { type: 'get', key };
      } else {
        if (typeof value !== 'string') return parseFailure(file, lineNumber, `:value with the string to ${f}`, line);
        input = { type: f, key, value };
      }
      const draft: Draft = { id: drafts.length, process: processValue, input, line: lineNumber, return: null, output: null, dropped: false };
      drafts.push(draft);
      openByProcess.set(processValue, draft);
      continue;
    }

    const draft = openByProcess.get(processValue);
    if (draft === undefined) {
      return parseFailure(file, lineNumber, `an :invoke by process ${processValue} before its completion`, line);
    }
    if (draft.input.type !== f || draft.input.key !== key) {
      return parseFailure(
        file,
        lineNumber,
        `a completion of process ${processValue}'s :${draft.input.type} on key ${show(draft.input.key)} (invoked on line ${draft.line})`,
        line,
      );
    }
    openByProcess.delete(processValue);
    // A :fail or :info says the operation did not happen, or may have: its :value is the invoked one
    // (nil for a get), none, or an error keyword (as :timed-out in Jepsen's etcd logs). Anything else is malformed.
    const invokedValue = draft.input.type === 'get' ? null : draft.input.value;
    if (type !== 'ok' && fields.has('value') && value !== invokedValue && keywordOf(value) === undefined) {
      return parseFailure(
        file,
        lineNumber,
        `the :${f}'s own :value, ${invokedValue === null ? 'nil' : show(invokedValue)} as invoked on line ${draft.line} (or no :value, or an error keyword such as :timed-out), on its :${type}`,
        line,
      );
    }
    if (type === 'info') continue;
    if (type === 'fail') {
      draft.dropped = true;
      continue;
    }
    // A put's or append's :ok repeats its value (or has none): another value is not what was done
    // (Porcupine would check the invoked value, Knossos the completed one), so it is refused.
    if (draft.input.type !== 'get' && fields.has('value') && value !== draft.input.value) {
      return parseFailure(
        file,
        lineNumber,
        `the :${f}'s own :value, ${show(draft.input.value)} as invoked on line ${draft.line} (or no :value), on its :ok`,
        line,
      );
    }
    draft.return = lineNumber;
    if (f === 'get') {
      if (typeof value !== 'string' && value !== null) return parseFailure(file, lineNumber, ':value with the string read (or nil)', line);
      draft.output = { type: 'get', value: value ?? '' };
    } else {
      draft.output = { type: f };
    }
  }

  const operations: HistoryOperation<KvInput, KvOutput>[] = [];
  const callLines: number[] = [];
  for (const draft of drafts) {
    if (draft.dropped) continue;
    operations.push({ id: draft.id, clientId: draft.process, input: draft.input, call: draft.line, return: draft.return, output: draft.output });
    callLines.push(draft.line);
  }
  return { ok: true, format: 'edn-kv', operations, lines: callLines };
}
