/**
 * Parser for Jepsen's 2015 etcd test logs (the Porcupine/Knossos corpus `jepsen/etcd_NNN.log`):
 *
 *     INFO  jepsen.util - <process> <:invoke|:ok|:fail|:info> <:read|:write|:cas> <value>
 *
 * Lines are in real-time order and the line number is used as the time. An `:invoke :read` carries
 * `nil`. An `:ok` completes the
 * process's open operation (a write's or CAS's repeats its argument, or has no value); a `:fail`
 * or `:info` carries the invoked value, none, or an error keyword (`:timed-out`), anything else is
 * refused; `:fail :cas` is a CAS that saw a different value; `:fail :read` (a timeout) completes a read with
 * unknown output; `:fail :write` did not happen and is dropped; `:info` means the outcome is unknown, so the operation stays open forever
 * (`return: null`), as do operations still open at the end of the file. Nemesis lines are
 * skipped; blank lines are ignored; anything else is an error. Values are integers, kept exact
 * (a bigint beyond what a number holds exactly: see src/core/json-text.ts).
 */

import type { EtcdRegisterInput, EtcdRegisterOutput } from '../models/etcd-register.ts';
import type { HistoryOperation } from '../types.ts';
import { exactInteger } from '../../../core/json-text.ts';
import {
  integerDigitsExpected,
  overlongInteger,
  parseFailure,
  splitLines,
  stopWhenAsked,
  type HistoryParseResult,
  type StopParsing,
} from './parse-result.ts';

const LINE_PATTERN = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*?)\s*$/;
const LINE_SHAPE = 'a Jepsen line "INFO  jepsen.util - <process> <:invoke|:ok|:fail|:info> <:read|:write|:cas> <value>"';
const INTEGER = /^-?\d+$/;
const PAIR = /^\[\s*(-?\d+)\s+(-?\d+)\s*\]$/;
/** An error in place of a value on a :fail or :info, as Jepsen writes it (:timed-out). */
const ERROR_KEYWORD = /^:[a-z][\w.*+!?-]*$/;

interface OpenOperation {
  readonly id: number;
  readonly process: number;
  readonly input: EtcdRegisterInput;
  readonly line: number;
}

interface Draft {
  readonly open: OpenOperation;
  return: number | null;
  output: EtcdRegisterOutput | null;
  dropped: boolean;
}

/** Whether `text`, the value of a completion, is the argument of the invoked write or CAS. */
function sameArgument(input: Exclude<EtcdRegisterInput, { type: 'read' }>, text: string): boolean {
  if (input.type === 'write') return INTEGER.test(text) && exactInteger(text) === input.value;
  const pair = PAIR.exec(text);
  return pair !== null && exactInteger(pair[1] as string) === input.from && exactInteger(pair[2] as string) === input.to;
}

/** The value an operation was invoked with, as the log writes it. */
function invokedValue(input: EtcdRegisterInput): string {
  if (input.type === 'read') return 'nil';
  return input.type === 'write' ? String(input.value) : `[${input.from} ${input.to}]`;
}

/** `stop` is asked now and then whether to give up (see {@link StopParsing}). */
export function parseJepsenEtcdLog(file: string, text: string, stop?: StopParsing): HistoryParseResult<EtcdRegisterInput, EtcdRegisterOutput> {
  const drafts: Draft[] = [];
  const openByProcess = new Map<number, Draft>();
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    stopWhenAsked(stop, index, lineNumber);
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const match = LINE_PATTERN.exec(line);
    if (match === null) return parseFailure(file, lineNumber, LINE_SHAPE, line);
    const [, processText = '', type = '', f = '', value = ''] = match;
    const digits = overlongInteger(value);
    if (digits !== undefined) return parseFailure(file, lineNumber, integerDigitsExpected, `one of ${digits} digits`);
    if (processText === ':nemesis') continue;
    const process = /^\d+$/.test(processText) ? Number(processText) : Number.NaN;
    if (!Number.isSafeInteger(process)) {
      return parseFailure(file, lineNumber, `a process number (or :nemesis) no larger than ${Number.MAX_SAFE_INTEGER}`, processText);
    }
    if (type !== ':invoke' && type !== ':ok' && type !== ':fail' && type !== ':info') {
      return parseFailure(file, lineNumber, 'an event type :invoke, :ok, :fail or :info', type);
    }
    if (f !== ':read' && f !== ':write' && f !== ':cas') {
      return parseFailure(file, lineNumber, 'an operation :read, :write or :cas', f);
    }

    if (type === ':invoke') {
      const pending = openByProcess.get(process);
      if (pending !== undefined) {
        return parseFailure(
          file,
          lineNumber,
          `a completion of process ${process}'s open operation (invoked on line ${pending.open.line}) before its next :invoke`,
          line,
        );
      }
      let input: EtcdRegisterInput;
      if (f === ':read') {
        // Jepsen writes nil for a read's argument: anything else (a cut-off "n", a 5) is not this log.
        if (value !== 'nil') return parseFailure(file, lineNumber, 'nil, the value of a :read as invoked', value);
        input = { type: 'read' };
      } else if (f === ':write') {
        if (!INTEGER.test(value)) return parseFailure(file, lineNumber, 'an integer value to write', value);
        input = { type: 'write', value: exactInteger(value) };
      } else {
        const pair = PAIR.exec(value);
        if (pair === null) return parseFailure(file, lineNumber, 'a CAS argument "[<from> <to>]"', value);
        input = { type: 'cas', from: exactInteger(pair[1] as string), to: exactInteger(pair[2] as string) };
      }
      const draft: Draft = { open: { id: drafts.length, process, input, line: lineNumber }, return: null, output: null, dropped: false };
      drafts.push(draft);
      openByProcess.set(process, draft);
      continue;
    }

    const draft = openByProcess.get(process);
    if (draft === undefined) {
      return parseFailure(file, lineNumber, `an :invoke by process ${process} before its completion`, line);
    }
    const invoked = draft.open.input.type;
    if (`:${invoked}` !== f) {
      return parseFailure(file, lineNumber, `a completion of process ${process}'s :${invoked} (invoked on line ${draft.open.line})`, f);
    }
    openByProcess.delete(process);
    // A :fail or :info says the operation did not happen, or may have: its value is the invoked one
    // (nil for a read), none, or the error (the 2015 logs write :timed-out). Anything else is malformed.
    const argument = draft.open.input;
    if (
      type !== ':ok' &&
      value !== '' &&
      !ERROR_KEYWORD.test(value) &&
      (argument.type === 'read' ? value !== 'nil' : !sameArgument(argument, value))
    ) {
      return parseFailure(
        file,
        lineNumber,
        `the :${invoked}'s own value, ${invokedValue(argument)} as invoked on line ${draft.open.line} (or no value, or an error keyword such as :timed-out), on its ${type}`,
        value,
      );
    }
    if (type === ':info') continue; // unknown outcome: stays open forever
    if (type === ':fail') {
      if (invoked === 'write') {
        draft.dropped = true;
      } else if (invoked === 'read') {
        draft.return = lineNumber;
      } else {
        draft.return = lineNumber;
        draft.output = { type: 'cas', ok: false };
      }
      continue;
    }
    // A write's or CAS's :ok repeats its argument (or says nothing): another value is not what was
    // done (Porcupine would check the invoked value, Knossos the completed one), so it is refused.
    if (argument.type !== 'read' && value !== '' && !sameArgument(argument, value)) {
      return parseFailure(
        file,
        lineNumber,
        `the :${invoked}'s own argument, ${invokedValue(argument)} as invoked on line ${draft.open.line} (or no value), on its :ok`,
        value,
      );
    }
    draft.return = lineNumber;
    if (invoked === 'read') {
      if (value !== 'nil' && !INTEGER.test(value)) return parseFailure(file, lineNumber, 'a read result: an integer or nil', value);
      draft.output = { type: 'read', value: value === 'nil' ? null : exactInteger(value) };
    } else if (invoked === 'write') {
      draft.output = { type: 'write' };
    } else {
      draft.output = { type: 'cas', ok: true };
    }
  }

  const operations: HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>[] = [];
  const callLines: number[] = [];
  for (const draft of drafts) {
    if (draft.dropped) continue;
    operations.push({
      id: draft.open.id,
      clientId: draft.open.process,
      input: draft.open.input,
      call: draft.open.line,
      return: draft.return,
      output: draft.output,
    });
    callLines.push(draft.open.line);
  }
  return { ok: true, format: 'jepsen-etcd', operations, lines: callLines };
}
