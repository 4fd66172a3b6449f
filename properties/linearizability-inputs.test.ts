/**
 * The edges of the linearizability checker: parsers (and their error messages), budgets on large
 * histories, malformed histories, the bundled znode and append-log models, the HTML picture and
 * the `check-history` command.
 */

import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runCheckHistory, type CheckHistoryIo } from '../src/cli/check-history.ts';
import { counter } from './fixtures/counter-model.ts';
import {
  appendLogModel,
  checkLinearizability,
  detectHistoryFormat,
  etcdRegisterModel,
  findHistoryProblem,
  formatJsonLinesHistory,
  formatParseError,
  InvalidHistoryError,
  kvCasModel,
  kvModel,
  integerDigitsMax,
  parseEdnKvLog,
  parseHistory,
  parseJepsenEtcdLog,
  parseJsonExactly,
  parseJsonLinesHistory,
  renderLinearizabilityHtml,
  stringifyJsonExactly,
  znodeModel,
  type AnyLinearizabilityModel,
  type EtcdRegisterInput,
  type EtcdRegisterOutput,
  type HistoryOperation,
  type HistoryParseResult,
  type KvCasInput,
  type KvCasOutput,
  type ZnodeInput,
  type ZnodeOutput,
  type ZnodeState,
} from '../src/checkers/linearizability/index.ts';

function expectParseError<Input, Output>(result: HistoryParseResult<Input, Output>, line: number, expected: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.line).toBe(line);
  expect(result.error.expected).toMatch(expected);
  expect(formatParseError(result.error)).toMatch(new RegExp(`^${result.error.file}:${line}: expected `));
}

const jepsenLine = (process: number, type: string, f: string, value: string): string => `INFO  jepsen.util - ${process}\t${type}\t${f}\t${value}`;

describe('Jepsen etcd log parser', () => {
  it('reads operations, unknown outcomes and failed CAS the way the corpus needs', () => {
    const text = [
      jepsenLine(0, ':invoke', ':write', '1'),
      jepsenLine(1, ':invoke', ':read', 'nil'),
      jepsenLine(0, ':ok', ':write', '1'),
      jepsenLine(1, ':ok', ':read', '1'),
      jepsenLine(2, ':invoke', ':cas', '[1 2]'),
      jepsenLine(3, ':invoke', ':cas', '[4 0]'),
      jepsenLine(2, ':info', ':cas', ':timed-out'),
      jepsenLine(3, ':fail', ':cas', '[4 0]'),
      '',
      `INFO  jepsen.util - 4   :invoke :read   nil`,
      `INFO  jepsen.util - 4   :fail   :read   :timed-out`,
      jepsenLine(5, ':invoke', ':write', '3'),
    ].join('\n');
    const parsed = parseJepsenEtcdLog('t.log', text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.operations).toEqual([
      { id: 0, clientId: 0, input: { type: 'write', value: 1 }, call: 1, return: 3, output: { type: 'write' } },
      { id: 1, clientId: 1, input: { type: 'read' }, call: 2, return: 4, output: { type: 'read', value: 1 } },
      { id: 2, clientId: 2, input: { type: 'cas', from: 1, to: 2 }, call: 5, return: null, output: null },
      { id: 3, clientId: 3, input: { type: 'cas', from: 4, to: 0 }, call: 6, return: 8, output: { type: 'cas', ok: false } },
      { id: 4, clientId: 4, input: { type: 'read' }, call: 10, return: 11, output: null },
      { id: 5, clientId: 5, input: { type: 'write', value: 3 }, call: 12, return: null, output: null },
    ]);
    expect(parsed.lines).toEqual([1, 2, 5, 6, 10, 12]);
  });

  it('reports the line and what was expected', () => {
    expectParseError(parseJepsenEtcdLog('t.log', `${jepsenLine(0, ':invoke', ':read', 'nil')}\nhello`), 2, /INFO  jepsen\.util/);
    expectParseError(parseJepsenEtcdLog('t.log', jepsenLine(0, ':ok', ':read', '1')), 1, /an :invoke by process 0/);
    expectParseError(
      parseJepsenEtcdLog('t.log', [jepsenLine(0, ':invoke', ':read', 'nil'), jepsenLine(0, ':invoke', ':read', 'nil')].join('\n')),
      2,
      /completion of process 0's open operation \(invoked on line 1\)/,
    );
    expectParseError(parseJepsenEtcdLog('t.log', jepsenLine(0, ':invoke', ':cas', '[1]')), 1, /\[<from> <to>\]/);
    expectParseError(parseJepsenEtcdLog('t.log', jepsenLine(0, ':invoke', ':delete', '1')), 1, /:read, :write or :cas/);
    // A read is invoked with nil: a file cut off inside it, or another value, is refused as on an :ok.
    for (const value of ['n', '5', '']) {
      expectParseError(parseJepsenEtcdLog('t.log', jepsenLine(0, ':invoke', ':read', value)), 1, /^nil, the value of a :read as invoked$/);
    }
    expectParseError(
      parseJepsenEtcdLog('t.log', [jepsenLine(0, ':invoke', ':read', 'nil'), jepsenLine(0, ':ok', ':read', 'x')].join('\n')),
      2,
      /integer or nil/,
    );
    expectParseError(
      parseJepsenEtcdLog('t.log', [jepsenLine(0, ':invoke', ':read', 'nil'), jepsenLine(0, ':ok', ':write', '1')].join('\n')),
      2,
      /process 0's :read/,
    );
  });
});

describe("a write's :ok that names another value than its :invoke", () => {
  it('is refused in Jepsen logs (write and CAS), and accepted with the same value or none', () => {
    const log = (f: string, invoked: string, completed: string): string =>
      [jepsenLine(0, ':invoke', f, invoked), jepsenLine(1, ':invoke', ':read', 'nil'), jepsenLine(0, ':ok', f, completed)].join('\n');
    expectParseError(
      parseJepsenEtcdLog('t.log', log(':write', '3', '4')),
      3,
      /^the :write's own argument, 3 as invoked on line 1 \(or no value\), on its :ok$/,
    );
    expectParseError(parseJepsenEtcdLog('t.log', log(':write', '3', 'nil')), 3, /:write's own argument, 3/);
    expectParseError(parseJepsenEtcdLog('t.log', log(':cas', '[1 2]', '[1 3]')), 3, /^the :cas's own argument, \[1 2\] as invoked on line 1/);
    for (const [f, invoked, completed] of [
      [':write', '3', '3'],
      [':write', '3', ''],
      [':cas', '[1 2]', '[1  2]'],
      [':cas', '[1 2]', ''],
    ] as const) {
      const parsed = parseJepsenEtcdLog('t.log', log(f, invoked, completed));
      expect(parsed.ok, `${f} ${invoked} then ${completed}`).toBe(true);
    }
  });

  it('is refused in EDN logs (put and append), and accepted with the same value or none', async () => {
    const log = (f: string, completion: string): string =>
      [`{:process 0, :type :invoke, :f ${f}, :key "k", :value "a"}`, `{:process 0, :type :ok, :f ${f}, :key "k"${completion}}`].join('\n');
    expectParseError(
      parseEdnKvLog('kv.txt', log(':put', ', :value "b"')),
      2,
      /^the :put's own :value, "a" as invoked on line 1 \(or no :value\), on its :ok$/,
    );
    expectParseError(parseEdnKvLog('kv.txt', log(':append', ', :value nil')), 2, /^the :append's own :value, "a"/);
    for (const f of [':put', ':append']) {
      expect(parseEdnKvLog('kv.txt', log(f, ', :value "a"')).ok).toBe(true);
      expect(parseEdnKvLog('kv.txt', log(f, '')).ok).toBe(true);
    }
    // The command: exit 2 with the file and line, no verdict.
    const out: string[] = [];
    const err: string[] = [];
    const io: CheckHistoryIo = {
      readFile: () => log(':put', ', :value "b"'),
      writeFile: () => {},
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      now: () => 0,
    };
    expect(await runCheckHistory(['kv.txt'], { model: 'kv' }, io)).toBe(2);
    expect(err.join('')).toMatch(/^faultline: kv\.txt:2: expected the :put's own :value/);
    expect(out).toEqual([]);
  });
});

describe("a :fail's or :info's value", () => {
  it('is the invoked one, none or an error keyword in Jepsen logs; anything else is refused with its line (it was accepted silently)', () => {
    const log = (f: string, invoked: string, type: string, completed: string): string =>
      [jepsenLine(0, ':invoke', f, invoked), jepsenLine(1, ':invoke', ':read', 'nil'), jepsenLine(0, type, f, completed)].join('\n');
    expectParseError(
      parseJepsenEtcdLog('t.log', log(':cas', '[1 2]', ':fail', 'banana')),
      3,
      /^the :cas's own value, \[1 2\] as invoked on line 1 \(or no value, or an error keyword such as :timed-out\), on its :fail$/,
    );
    expectParseError(parseJepsenEtcdLog('t.log', log(':cas', '[1 2]', ':fail', '[1 3]')), 3, /:cas's own value, \[1 2\]/);
    expectParseError(parseJepsenEtcdLog('t.log', log(':write', '3', ':fail', '[7 x]')), 3, /:write's own value, 3 .* on its :fail$/);
    expectParseError(parseJepsenEtcdLog('t.log', log(':read', 'nil', ':fail', '5')), 3, /:read's own value, nil .* on its :fail$/);
    expectParseError(parseJepsenEtcdLog('t.log', log(':write', '3', ':info', '4')), 3, /:write's own value, 3 .* on its :info$/);
    // As the corpus has them: the argument, an error keyword, or nothing.
    for (const [f, invoked, type, completed] of [
      [':cas', '[1 2]', ':fail', '[1 2]'],
      [':read', 'nil', ':fail', ':timed-out'],
      [':read', 'nil', ':fail', 'nil'],
      [':write', '3', ':info', ':timed-out'],
      [':cas', '[1 2]', ':info', ':timed-out'],
      [':write', '3', ':fail', ''],
    ] as const) {
      expect(parseJepsenEtcdLog('t.log', log(f, invoked, type, completed)).ok, `${f} ${type} ${completed}`).toBe(true);
    }
  });

  it('is the invoked one, nil for a get, none or an error keyword in EDN logs; anything else is refused', () => {
    const log = (f: string, type: string, completion: string): string =>
      [
        `{:process 0, :type :invoke, :f ${f}, :key "k", :value ${f === ':get' ? 'nil' : '"a"'}}`,
        `{:process 0, :type ${type}, :f ${f}, :key "k"${completion}}`,
      ].join('\n');
    expectParseError(
      parseEdnKvLog('kv.txt', log(':put', ':fail', ', :value 7')),
      2,
      /^the :put's own :value, "a" as invoked on line 1 \(or no :value, or an error keyword such as :timed-out\), on its :fail$/,
    );
    expectParseError(parseEdnKvLog('kv.txt', log(':get', ':fail', ', :value "b"')), 2, /^the :get's own :value, nil .* on its :fail$/);
    expectParseError(parseEdnKvLog('kv.txt', log(':append', ':info', ', :value "b"')), 2, /^the :append's own :value, "a" .* on its :info$/);
    for (const [f, type, completion] of [
      [':put', ':fail', ', :value "a"'],
      [':put', ':info', ', :value :timed-out'],
      [':get', ':fail', ', :value nil'],
      [':get', ':info', ''],
    ] as const) {
      expect(parseEdnKvLog('kv.txt', log(f, type, completion)).ok, `${f} ${type} ${completion}`).toBe(true);
    }
  });
});

describe('EDN kv parser', () => {
  it('reads get/put/append maps', () => {
    const text = [
      '{:process 0, :type :invoke, :f :append, :key "1", :value "x 0 0 y"}',
      '{:process 1, :type :invoke, :f :get, :key "1", :value nil}',
      '{:process 0, :type :ok, :f :append, :key "1", :value "x 0 0 y"}',
      '{:process 1, :type :ok, :f :get, :key "1", :value "x 0 0 y"}',
      '{:process 2, :type :invoke, :f :put, :key "2", :value "z"}',
      '{:process 2, :type :info, :f :put, :key "2", :value "z"}',
    ].join('\r\n');
    const parsed = parseEdnKvLog('kv.txt', text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.operations).toEqual([
      { id: 0, clientId: 0, input: { type: 'append', key: '1', value: 'x 0 0 y' }, call: 1, return: 3, output: { type: 'append' } },
      { id: 1, clientId: 1, input: { type: 'get', key: '1' }, call: 2, return: 4, output: { type: 'get', value: 'x 0 0 y' } },
      { id: 2, clientId: 2, input: { type: 'put', key: '2', value: 'z' }, call: 5, return: null, output: null },
    ]);
  });

  it('reports the line and what was expected', () => {
    expectParseError(parseEdnKvLog('kv.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value nil'), 1, /keyword|\}/);
    expectParseError(parseEdnKvLog('kv.txt', '{:process 0, :type :invoke, :f :get, :value nil}'), 1, /:key/);
    expectParseError(parseEdnKvLog('kv.txt', '{:process 0, :type :invoke, :f :put, :key "1", :value nil}'), 1, /string to put/);
    expectParseError(parseEdnKvLog('kv.txt', '\n\n{:process 0, :type :invoke, :f :get, :key "1", :value "unterminated}'), 3, /value for :value/);
    expectParseError(parseEdnKvLog('kv.txt', '{:process 0, :type :ok, :f :get, :key "1", :value ""}'), 1, /an :invoke by process 0/);
  });

  it('decodes string escapes, and refuses an escape EDN does not have', () => {
    const put = (value: string): string => `{:process 0, :type :invoke, :f :put, :key "k", :value "${value}"}`;
    const parsed = parseEdnKvLog('kv.txt', put(String.raw`a\nb\t\"q\"\\\u00e9\r\b\f`));
    expect(parsed.ok && parsed.operations[0]?.input).toEqual({ type: 'put', key: 'k', value: 'a\nb\t"q"\\\u00e9\r\b\f' });
    // A put of "a\nb" (a line break) read back as "anb" is a violation; read back as "a\nb" it is not.
    const history = (read: string): string =>
      [
        put(String.raw`a\nb`),
        '{:process 0, :type :ok, :f :put, :key "k", :value "a\\nb"}',
        '{:process 1, :type :invoke, :f :get, :key "k", :value nil}',
        `{:process 1, :type :ok, :f :get, :key "k", :value "${read}"}`,
      ].join('\n');
    const verdict = (text: string): string => {
      const log = parseEdnKvLog('kv.txt', text);
      if (!log.ok) throw new Error(formatParseError(log.error));
      return checkLinearizability(kvModel, log.operations).verdict;
    };
    expect(verdict(history('anb'))).toBe('not-linearizable');
    expect(verdict(history(String.raw`a\nb`))).toBe('linearizable');
    expect(verdict(history(String.raw`\u0061\u000ab`))).toBe('linearizable');
    for (const bad of [String.raw`a\qb`, String.raw`\u12`, String.raw`\u12g4`]) {
      expectParseError(parseEdnKvLog('kv.txt', `\n${put(bad)}`), 2, /^a string escape: \\t, \\r, \\n/);
    }
    expectParseError(parseEdnKvLog('kv.txt', '{:process 0, :type :invoke, :f :put, :key "k", :value "a\\'), 1, /^a string escape/);
    const unknown = parseEdnKvLog('kv.txt', put(String.raw`a\qb`));
    expect(!unknown.ok && formatParseError(unknown.error)).toBe(
      String.raw`kv.txt:1: expected a string escape: \t, \r, \n, \\, \", \b, \f or \u and four hex digits, found "\\qb\"}" at column 57`,
    );
  });
});

describe('JSON-lines parser', () => {
  const good = [
    '{"id":7,"client":1,"input":{"type":"put","key":"a","value":"1"},"call":0,"return":3,"output":{"type":"put"}}',
    '',
    '{"id":8,"client":2,"input":{"type":"get","key":"a"},"call":1,"return":null,"output":null}',
  ].join('\n');

  it('reads operations, and round-trips through formatJsonLinesHistory', () => {
    const parsed = parseJsonLinesHistory('h.jsonl', good, kvCasModel.validateOperation);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.operations.map((operation) => operation.id)).toEqual([7, 8]);
    expect(parsed.lines).toEqual([1, 3]);
    const again = parseJsonLinesHistory('again.jsonl', formatJsonLinesHistory(parsed.operations));
    expect(again.ok && again.operations).toEqual(parsed.operations);
  });

  it('reports the line and what was expected', () => {
    const line = (fields: string): string => `{"id":1,"client":0,"input":{"type":"get","key":"a"},${fields}}`;
    expectParseError(parseJsonLinesHistory('h.jsonl', `${good}\n{"id":`), 4, /JSON object/);
    expectParseError(parseJsonLinesHistory('h.jsonl', '[1,2]'), 1, /JSON object/);
    // Nesting deep enough to overflow what reads values recursively is refused (it ended in a stack trace).
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expectParseError(
      parseJsonLinesHistory('h.jsonl', `{"id":1,"client":0,"input":{"type":"put","key":"a","value":${deep}},"call":0,"return":1,"output":null}`),
      1,
      /nest at most 64 deep/,
    );
    // Brackets inside a string are not nesting.
    const bracketed = parseJsonLinesHistory(
      'h.jsonl',
      `{"id":1,"client":0,"input":{"type":"put","key":"a","value":"${'['.repeat(100)}\\\"]"},"call":0,"return":1,"output":{"type":"put"}}`,
    );
    expect(bracketed.ok).toBe(true);
    expectParseError(parseJsonLinesHistory('h.jsonl', line('"call":5,"return":4,"output":null')), 1, /no smaller than "call"/);
    expectParseError(parseJsonLinesHistory('h.jsonl', line('"call":5,"return":null,"output":{"type":"get","value":"x"}')), 1, /"output": null/);
    expectParseError(parseJsonLinesHistory('h.jsonl', line('"call":"soon","return":null,"output":null')), 1, /"call" with a finite number/);
    expectParseError(
      parseJsonLinesHistory('h.jsonl', `${line('"call":1,"return":2,"output":null')}\n${line('"call":1,"return":2,"output":null')}`),
      2,
      /already on line 1/,
    );
    expectParseError(
      parseJsonLinesHistory('h.jsonl', line('"call":1,"return":2,"output":{"type":"get","value":7}'), kvCasModel.validateOperation),
      1,
      /kv-cas operation/,
    );
  });

  it('detects formats, and rejects files that fit none or do not fit the model', () => {
    expect(detectHistoryFormat(good)).toBe('json-lines');
    expect(detectHistoryFormat(`\n${jepsenLine(0, ':invoke', ':read', 'nil')}`)).toBe('jepsen-etcd');
    expect(detectHistoryFormat('{:process 0}')).toBe('edn-kv');
    expect(detectHistoryFormat('')).toBe('json-lines');
    expectParseError(parseHistory('x.txt', '\nwhat is this', kvCasModel), 2, /a history: JSON lines/);
    expectParseError(parseHistory('t.log', jepsenLine(0, ':invoke', ':read', 'nil'), kvCasModel), 1, /does not fit model kv-cas/);
  });

  it('accepts a UTF-8 byte-order mark at the start of a file, in every format', () => {
    const files: [string, string, AnyLinearizabilityModel][] = [
      ['h.jsonl', good, kvCasModel],
      ['t.log', [jepsenLine(0, ':invoke', ':write', '1'), jepsenLine(0, ':ok', ':write', '1')].join('\n'), etcdRegisterModel],
      ['kv.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :key "1", :value ""}', kvModel],
    ];
    for (const [file, text, model] of files) {
      const plain = parseHistory(file, text, model);
      expect(plain.ok).toBe(true);
      expect(parseHistory(file, `\uFEFF${text}`, model)).toEqual(plain);
    }
  });
});

describe('exact values: large integers, and integer keys apart from string keys', () => {
  const verdictOf = (parsed: HistoryParseResult<unknown, unknown>, model: AnyLinearizabilityModel): string => {
    if (!parsed.ok) throw new Error(formatParseError(parsed.error));
    return checkLinearizability(model, parsed.operations).verdict;
  };
  // 2^53 + 1 and 2^53 are the same number: they must stay different values.
  const written = '9007199254740993';

  it('Jepsen etcd logs: a write of 2^53 + 1 read back as 2^53 is a violation', () => {
    const log = (read: string): string =>
      [
        jepsenLine(0, ':invoke', ':write', written),
        jepsenLine(0, ':ok', ':write', written),
        jepsenLine(1, ':invoke', ':read', 'nil'),
        jepsenLine(1, ':ok', ':read', read),
      ].join('\n');
    expect(verdictOf(parseJepsenEtcdLog('t.log', log('9007199254740992')), etcdRegisterModel)).toBe('not-linearizable');
    expect(verdictOf(parseJepsenEtcdLog('t.log', log(written)), etcdRegisterModel)).toBe('linearizable');
    const parsed = parseJepsenEtcdLog('t.log', log(written));
    expect(parsed.ok && parsed.operations.map((operation) => operation.input)).toEqual([
      { type: 'write', value: 9007199254740993n },
      { type: 'read' },
    ]);
    // Small values stay numbers; a CAS's arguments are exact too.
    const cas = parseJepsenEtcdLog('t.log', jepsenLine(0, ':invoke', ':cas', `[3 ${written}]`));
    expect(cas.ok && cas.operations[0]?.input).toEqual({ type: 'cas', from: 3, to: 9007199254740993n });
    expectParseError(
      parseJepsenEtcdLog('t.log', jepsenLine(0, ':invoke', ':cas', '[3 4]').replace(' 0\t', ` ${written}\t`)),
      1,
      /process number .* no larger than 9007199254740991/,
    );
  });

  it('EDN kv logs: keys 12345678901234567890 and ...891 differ, and so do 1 and "1"', () => {
    const log = (putKey: string, getKey: string): string =>
      [
        `{:process 0, :type :invoke, :f :put, :key ${putKey}, :value "a"}`,
        `{:process 0, :type :ok, :f :put, :key ${putKey}, :value "a"}`,
        `{:process 1, :type :invoke, :f :get, :key ${getKey}, :value nil}`,
        `{:process 1, :type :ok, :f :get, :key ${getKey}, :value "a"}`,
      ].join('\n');
    expect(verdictOf(parseEdnKvLog('kv.txt', log('12345678901234567890', '12345678901234567891')), kvModel)).toBe('not-linearizable');
    expect(verdictOf(parseEdnKvLog('kv.txt', log('12345678901234567890', '12345678901234567890N')), kvModel)).toBe('linearizable');
    expect(verdictOf(parseEdnKvLog('kv.txt', log('1', '"1"')), kvModel)).toBe('not-linearizable');
    expect(verdictOf(parseEdnKvLog('kv.txt', log('"1"', '"1"')), kvModel)).toBe('linearizable');
    expect(verdictOf(parseEdnKvLog('kv.txt', log('1', '1')), kvModel)).toBe('linearizable');
    const parsed = parseEdnKvLog('kv.txt', log('1', '12345678901234567890'));
    expect(parsed.ok && parsed.operations.map((operation) => operation.input.key)).toEqual([1, 12345678901234567890n]);
    // A completion names the key its invocation did, in the same type.
    expectParseError(
      parseEdnKvLog('kv.txt', '{:process 0, :type :invoke, :f :get, :key 1, :value nil}\n{:process 0, :type :ok, :f :get, :key "1", :value ""}'),
      2,
      /completion of process 0's :get on key 1 /,
    );
  });

  it('JSON lines: large integers are exact in inputs and outputs, and survive formatJsonLinesHistory', () => {
    const line = (id: number, input: string, call: string, returned: string, output: string): string =>
      `{"id":${id},"client":${id},"input":${input},"call":${call},"return":${returned},"output":${output}}`;
    const history = (read: string): string =>
      [
        line(0, `{"type":"write","value":${written}}`, '0', '1', '{"type":"write"}'),
        line(1, '{"type":"read"}', '2', '3', `{"type":"read","value":${read}}`),
      ].join('\n');
    const parse = (text: string, model: AnyLinearizabilityModel) => parseHistory('h.jsonl', text, model);
    expect(verdictOf(parse(history('9007199254740992'), etcdRegisterModel), etcdRegisterModel)).toBe('not-linearizable');
    expect(verdictOf(parse(history(written), etcdRegisterModel), etcdRegisterModel)).toBe('linearizable');
    const parsed = parse(history(written), etcdRegisterModel);
    if (!parsed.ok) throw new Error(formatParseError(parsed.error));
    expect(formatJsonLinesHistory(parsed.operations)).toContain(`"value":${written}}`);
    expect(parse(formatJsonLinesHistory(parsed.operations), etcdRegisterModel)).toEqual(parsed);
    // EDN's integer keys (small and large) are kept apart from string keys through JSON lines too.
    const edn = parseEdnKvLog(
      'kv.txt',
      ['1', '"1"', '12345678901234567890']
        .map((key, process) => `{:process ${process}, :type :invoke, :f :append, :key ${key}, :value "x"}`)
        .join('\n'),
    );
    if (!edn.ok) throw new Error(formatParseError(edn.error));
    const again = parseJsonLinesHistory('kv.jsonl', formatJsonLinesHistory(edn.operations), kvModel.validateOperation);
    expect(again.ok && again.operations).toEqual(edn.operations);
    // "id" and "client" must be numbers; so must the times, and large ones must stay apart.
    expectParseError(
      parse(line(0, '{"type":"read"}', '0', '1', 'null').replace('"id":0', `"id":${written}`), etcdRegisterModel),
      1,
      /"id" with an integer no larger than 9007199254740991/,
    );
    const times = (second: string): string =>
      [
        line(0, '{"type":"write","value":1}', '9007199254740993', '9007199254740995', '{"type":"write"}'),
        line(1, '{"type":"read"}', second, '9007199254741999', '{"type":"read","value":1}'),
      ].join('\n');
    // 2^53 + 3 and 2^53 + 4 are one number: the read would seem to overlap the write.
    expectParseError(
      parse(times('9007199254740996'), etcdRegisterModel),
      2,
      /9007199254740996 and 9007199254740995 on line 1 both round to 9007199254740996/,
    );
    expect(verdictOf(parse(times('9007199254741000'), etcdRegisterModel), etcdRegisterModel)).toBe('linearizable');
    // Written with an exponent or a fraction, a number that large is rounded (2^53 + 1 became 2^53,
    // and the read of 2^53 then failed with both printed alike): refused, with its line and place.
    for (const [text, lineNumber, where] of [
      [history('9007199254740992').replace(written, '9007199254740993e0'), 1, /^9007199254740992 at input\.value$/],
      [history('9007199254740992.0'), 2, /^9007199254740992 at output\.value$/],
      [history('1.5e300'), 2, /^1\.5e\+300 at output\.value$/],
      [line(0, '{"type":"read"}', '0', '1e20', 'null'), 1, /^100000000000000000000 at return$/],
    ] as const) {
      const refused = parse(text, etcdRegisterModel);
      expectParseError(refused, lineNumber, /^an integer beyond 9007199254740991 in size written in digits .* in "(input|output|return)"$/);
      expect(!refused.ok && refused.error.found).toMatch(where);
    }
    // Smaller ones are JSON's numbers: 1e3 is 1000.
    expect(verdictOf(parse(history('1000').replace(written, '1e3'), etcdRegisterModel), etcdRegisterModel)).toBe('linearizable');
  });

  it('parseJsonExactly is JSON.parse for everything but integers a number cannot hold; stringifyJsonExactly inverts it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // What JSON.parse reads, but an integer written as digits beyond 2^53 − 1 as a bigint of those digits.
        const exact = (_key: string, item: unknown): unknown =>
          typeof item === 'number' && Number.isInteger(item) && !Number.isSafeInteger(item) && /^-?\d+$/.test(String(item))
            ? BigInt(String(item))
            : item;
        expect(parseJsonExactly(text)).toEqual(JSON.parse(text, exact));
      }),
      { numRuns: 300 },
    );
    const large = fc.oneof(fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 80n), max: -(2n ** 53n) }));
    const withLarge = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, large, fc.integer(), fc.string(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(withLarge, (value) => {
        expect(parseJsonExactly(stringifyJsonExactly(value) as string)).toEqual(value);
      }),
      { numRuns: 300 },
    );
    expect(parseJsonExactly('{"a": [9007199254740993, 9007199254740991, -9007199254740993, 1.5e300, "12345678901234567890"]}')).toEqual({
      a: [9007199254740993n, 9007199254740991, -9007199254740993n, 1.5e300, '12345678901234567890'],
    });
    expect(() => parseJsonExactly('{"a": 12345678901234567890')).toThrow(SyntaxError);
  });
});

/** A deterministic generator of register histories (no Math.random: reproducible sizes and times). */
function largeRegisterHistory(count: number, clients: number): HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>[] {
  let seed = 42;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let value: number | null = null;
  let point = 0;
  const operations: HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>[] = [];
  for (let id = 0; id < count; id++) {
    point += 1 + Math.floor(next() * 3);
    let input: EtcdRegisterInput;
    let output: EtcdRegisterOutput;
    if (next() < 0.5) {
      input = { type: 'read' };
      output = { type: 'read', value };
    } else {
      const written = Math.floor(next() * 5);
      input = { type: 'write', value: written };
      output = { type: 'write' };
      value = written;
    }
    const crashed = next() < 0.05;
    operations.push({
      id,
      clientId: id % clients,
      input,
      call: point - Math.floor(next() * 12),
      return: crashed ? null : point + Math.floor(next() * 12),
      output: crashed ? null : output,
    });
  }
  return operations;
}

describe('integers of absurd length', () => {
  it('are refused with their line in every format: a bigint of 30 million digits took 7 s to read', () => {
    const longest = '7'.repeat(integerDigitsMax);
    const tooLong = `${longest}7`;
    const jepsen = (value: string) =>
      parseJepsenEtcdLog('t.log', `${jepsenLine(0, ':invoke', ':write', '1')}\n${jepsenLine(1, ':invoke', ':write', value)}`);
    expect(jepsen(longest).ok).toBe(true);
    expectParseError(jepsen(tooLong), 2, /^integers of at most 1000 digits$/);
    expectParseError(jepsen(`[1 ${tooLong}]`.replace(':write', ':cas')), 2, /^integers of at most 1000 digits$/);
    const edn = (key: string) => parseEdnKvLog('kv.txt', `{:process 0, :type :invoke, :f :append, :key ${key}, :value "x"}`);
    expect(edn(`-${longest}`).ok).toBe(true);
    expectParseError(edn(`-${tooLong}N`), 1, /^integers of at most 1000 digits \(this one has 1001\)$/);
    const json = (value: string) =>
      parseJsonLinesHistory(
        'h.jsonl',
        `{"id":0,"client":0,"input":{"type":"write","value":${value}},"call":0,"return":1,"output":{"type":"write"}}`,
        etcdRegisterModel.validateOperation,
      );
    expect(json(longest).ok).toBe(true);
    expectParseError(json(`-${tooLong}`), 1, /^integers of at most 1000 digits$/);
    // Digits in a string are no integer.
    expect(parseJsonLinesHistory('h.jsonl', `{"id":0,"client":0,"input":"${tooLong}","call":0,"return":1,"output":null}`).ok).toBe(true);
  });
});

describe('budgets on large histories', () => {
  const large = largeRegisterHistory(10_000, 16);

  it('decides a 10,000-operation history within the default budget', () => {
    const result = checkLinearizability(etcdRegisterModel, large);
    expect(result.verdict).toBe('linearizable');
    expect(result.exploredConfigurations).toBeLessThan(100_000);
  });

  it('gives unknown when the configuration budget is tiny, after no more work than the budget allows', () => {
    // Work, not time: count the model's steps (deciding the whole history takes about 23,000).
    let modelSteps = 0;
    const counting: typeof etcdRegisterModel = {
      ...etcdRegisterModel,
      step: (state, input, output) => {
        modelSteps++;
        return etcdRegisterModel.step(state, input, output);
      },
    };
    const result = checkLinearizability(counting, large, { maxExploredConfigurations: 500 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('configuration-budget');
    expect(result.exploredConfigurations).toBeLessThanOrEqual(500);
    // Each explored configuration costs a step or two (a candidate tried and undone): a search
    // that ran past its budget would show here.
    expect(modelSteps).toBeGreaterThan(0);
    expect(modelSteps).toBeLessThanOrEqual(4 * 500);
  });

  it('gives unknown when the cache may not grow', () => {
    const result = checkLinearizability(etcdRegisterModel, large, { maxCacheBytes: 64 * 1024 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('memory-budget');
  });

  it('gives unknown when the clock passes the time limit, and reads no clock without one', () => {
    let now = 0;
    const ticking = (): number => (now += 10);
    const result = checkLinearizability(etcdRegisterModel, large, { now: ticking, timeLimitMs: 50 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('time-limit');
    const untimed = checkLinearizability(etcdRegisterModel, large.slice(0, 200), { timeLimitMs: 0 });
    expect(untimed.verdict).toBe('linearizable');
  });

  it('still finds a violation in one partition when another exhausts its share', () => {
    // Key "hard": 14 concurrent puts and a get that matches none of them (never decided cheaply
    // with a small budget); key "bad": an obvious stale read.
    const operations: HistoryOperation<KvCasInput, KvCasOutput>[] = [];
    for (let id = 0; id < 14; id++) {
      operations.push({ id, clientId: id, input: { type: 'put', key: 'hard', value: `v${id}` }, call: 0, return: 100, output: { type: 'put' } });
    }
    operations.push({ id: 14, clientId: 14, input: { type: 'get', key: 'hard' }, call: 0, return: 100, output: { type: 'get', value: 'none' } });
    operations.push({ id: 15, clientId: 15, input: { type: 'put', key: 'bad', value: '1' }, call: 0, return: 1, output: { type: 'put' } });
    operations.push({ id: 16, clientId: 16, input: { type: 'get', key: 'bad' }, call: 2, return: 3, output: { type: 'get', value: null } });
    const result = checkLinearizability(kvCasModel, operations, { maxExploredConfigurations: 5000 });
    expect(result.verdict).toBe('not-linearizable');
    expect(result.failure?.partitionIndex).toBe(1);
    expect(result.failure?.unplaceable).toEqual([16]);

    // Without the violation: one partition undecided and one linearizable make "unknown".
    const undecided = checkLinearizability(kvCasModel, operations.slice(0, 16), { maxExploredConfigurations: 5000 });
    expect(undecided.verdict).toBe('unknown');
    expect(undecided.unknownReason).toBe('configuration-budget');
    expect(undecided.partitionOutcomes.map((outcome) => outcome.verdict)).toEqual(['unknown', 'linearizable']);
    expect(undecided.partitionOutcomes[1]?.linearization).toEqual([15]);
  });
});

describe('malformed histories', () => {
  it('are rejected with InvalidHistoryError, naming the problem', () => {
    const operation = { id: 1, clientId: 0, input: { type: 'read' as const }, call: 5, return: 6, output: null };
    expect(findHistoryProblem([operation, operation])).toMatch(/occurs twice/);
    expect(findHistoryProblem([{ ...operation, return: 4 }])).toMatch(/before its call/);
    expect(findHistoryProblem([{ ...operation, call: Number.NaN }])).toMatch(/not a finite number/);
    expect(() => checkLinearizability(etcdRegisterModel, [{ ...operation, return: null, output: { type: 'read', value: 1 } }])).toThrow(
      InvalidHistoryError,
    );
    expect(findHistoryProblem([operation])).toBeNull();
  });
});

describe('znode model', () => {
  const apply = (state: ZnodeState, input: ZnodeInput, output: ZnodeOutput | null): ZnodeState[] => [...znodeModel.step(state, input, output)];
  const run = (steps: readonly [ZnodeInput, ZnodeOutput][]): ZnodeState | undefined => {
    let state: ZnodeState | undefined = znodeModel.init();
    for (const [input, output] of steps) state = state === undefined ? undefined : apply(state, input, output)[0];
    return state;
  };

  it('follows ZooKeeper: versions, sequential names, errors', () => {
    const state = run([
      [
        { type: 'create', path: '/a', data: 'x' },
        { type: 'create', ok: true, path: '/a' },
      ],
      [
        { type: 'create', path: '/a/q-', data: '', sequential: true },
        { type: 'create', ok: true, path: '/a/q-0000000000' },
      ],
      [
        { type: 'create', path: '/a/q-', data: '', sequential: true },
        { type: 'create', ok: true, path: '/a/q-0000000001' },
      ],
      [
        { type: 'setData', path: '/a', data: 'y', version: 0 },
        { type: 'setData', ok: true, version: 1 },
      ],
      [
        { type: 'setData', path: '/a', data: 'z', version: 0 },
        { type: 'setData', ok: false, error: 'bad-version' },
      ],
      [
        { type: 'delete', path: '/a', version: -1 },
        { type: 'delete', ok: false, error: 'not-empty' },
      ],
      [
        { type: 'delete', path: '/a/q-0000000000', version: 0 },
        { type: 'delete', ok: true },
      ],
      [
        { type: 'create', path: '/b/c', data: '' },
        { type: 'create', ok: false, error: 'no-parent' },
      ],
      [
        { type: 'getData', path: '/a' },
        { type: 'getData', ok: true, data: 'y', version: 1 },
      ],
      [
        { type: 'getChildren', path: '/a' },
        { type: 'getChildren', ok: true, children: ['q-0000000001'] },
      ],
      [
        { type: 'exists', path: '/a/q-0000000000' },
        { type: 'exists', version: null },
      ],
      // The parent's child-change counter keeps counting after a delete.
      [
        { type: 'create', path: '/a/q-', data: '', sequential: true },
        { type: 'create', ok: true, path: '/a/q-0000000003' },
      ],
    ]);
    expect(state).toBeDefined();
    expect(znodeModel.describeState(state as ZnodeState)).toBe('/=""@v0 /a="y"@v1 /a/q-0000000001=""@v0 /a/q-0000000003=""@v0');
  });

  it('rejects impossible observations and accepts unknown ones', () => {
    const initial = znodeModel.init();
    expect(apply(initial, { type: 'getData', path: '/a' }, { type: 'getData', ok: true, data: '', version: 0 })).toEqual([]);
    expect(apply(initial, { type: 'create', path: '/a', data: '' }, { type: 'create', ok: false, error: 'node-exists' })).toEqual([]);
    const [created] = apply(initial, { type: 'create', path: '/a', data: 'd' }, null);
    expect(created?.nodes.get('/a')?.data).toBe('d');
    expect(znodeModel.isReadOnly?.({ type: 'delete', path: '/a', version: 3 }, { type: 'delete', ok: false, error: 'bad-version' })).toBe(true);
    expect(znodeModel.isReadOnly?.({ type: 'delete', path: '/a', version: 3 }, null)).toBe(false);
  });

  it('states reached in different orders are equal and hash alike', () => {
    const one = run([
      [
        { type: 'create', path: '/a', data: '' },
        { type: 'create', ok: true, path: '/a' },
      ],
      [
        { type: 'create', path: '/b', data: '' },
        { type: 'create', ok: true, path: '/b' },
      ],
    ]) as ZnodeState;
    const other = run([
      [
        { type: 'create', path: '/b', data: '' },
        { type: 'create', ok: true, path: '/b' },
      ],
      [
        { type: 'create', path: '/a', data: '' },
        { type: 'create', ok: true, path: '/a' },
      ],
    ]) as ZnodeState;
    expect(znodeModel.equal(one, other)).toBe(true);
    expect(znodeModel.hash(one)).toBe(znodeModel.hash(other));
  });

  it('finds a lost update between two clients', () => {
    const operations: HistoryOperation<ZnodeInput, ZnodeOutput>[] = [
      { id: 0, clientId: 0, input: { type: 'create', path: '/c', data: '0' }, call: 0, return: 1, output: { type: 'create', ok: true, path: '/c' } },
      {
        id: 1,
        clientId: 0,
        input: { type: 'setData', path: '/c', data: '1', version: 0 },
        call: 2,
        return: 5,
        output: { type: 'setData', ok: true, version: 1 },
      },
      {
        id: 2,
        clientId: 1,
        input: { type: 'setData', path: '/c', data: '2', version: 0 },
        call: 3,
        return: 6,
        output: { type: 'setData', ok: true, version: 1 },
      },
    ];
    expect(checkLinearizability(znodeModel, operations).verdict).toBe('not-linearizable');
    expect(checkLinearizability(znodeModel, operations.slice(0, 2)).verdict).toBe('linearizable');
  });
});

describe('append-log model', () => {
  it('checks offsets and reads per partition', () => {
    const operations = [
      {
        id: 0,
        clientId: 0,
        input: { type: 'append' as const, value: 'a', partition: 0 },
        call: 0,
        return: 2,
        output: { type: 'append' as const, offset: 0 },
      },
      {
        id: 1,
        clientId: 1,
        input: { type: 'append' as const, value: 'b', partition: 1 },
        call: 0,
        return: 2,
        output: { type: 'append' as const, offset: 0 },
      },
      {
        id: 2,
        clientId: 2,
        input: { type: 'read' as const, fromOffset: 0, partition: 0 },
        call: 3,
        return: 4,
        output: { type: 'read' as const, records: ['a'] },
      },
    ];
    const result = checkLinearizability(appendLogModel, operations);
    expect(result.verdict).toBe('linearizable');
    expect(result.partitions).toBe(2);
    const stale = [...operations, { ...operations[2]!, id: 3, call: 5, return: 6, output: { type: 'read' as const, records: [] } }];
    expect(checkLinearizability(appendLogModel, stale).verdict).toBe('not-linearizable');
  });
});

describe('HTML picture', () => {
  it('is self-contained, has a row per client and marks the failure', () => {
    const operations: HistoryOperation<KvCasInput, KvCasOutput>[] = [
      { id: 0, clientId: 3, input: { type: 'put', key: 'k', value: '<b>' }, call: 0, return: 1, output: { type: 'put' } },
      { id: 1, clientId: 5, input: { type: 'get', key: 'k' }, call: 2, return: 3, output: { type: 'get', value: null } },
      { id: 2, clientId: 7, input: { type: 'get', key: 'k' }, call: 0, return: null, output: null },
    ];
    const result = checkLinearizability(kvCasModel, operations);
    const page = renderLinearizabilityHtml({ title: 'stale <read>', model: kvCasModel, operations, result });
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<link|<img|src=|href=|@import|url\(/);
    for (const client of [3, 5, 7]) expect(page).toContain(`>client ${client}</text>`);
    expect(page).toContain('class="op unplaceable"');
    expect(page).toContain('class="op prefix"');
    expect(page).toContain('stale &lt;read&gt;');
    expect(page).not.toContain('<b>');
  });
});

describe('check-history command', () => {
  function fakeIo(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const written: Record<string, string> = {};
    let clock = 0;
    const io: CheckHistoryIo = {
      readFile: (path) => {
        const text = files[path];
        if (text === undefined) throw new Error(`ENOENT: no such file '${path}'`);
        return text;
      },
      writeFile: (path, contents) => {
        written[path] = contents;
      },
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      now: () => (clock += 1),
    };
    return { io, out, err, written };
  }
  const line = (id: number, client: number, input: object, call: number, returned: number | null, output: object | null): string =>
    JSON.stringify({ id, client, input, call, return: returned, output });
  const good = [
    line(0, 0, { type: 'put', key: 'k', value: 'a' }, 0, 1, { type: 'put' }),
    line(1, 1, { type: 'get', key: 'k' }, 2, 3, { type: 'get', value: 'a' }),
  ].join('\n');
  const bad = [good, line(2, 2, { type: 'get', key: 'k' }, 4, 5, { type: 'get', value: null })].join('\n');

  it('exits 0 for linearizable, with the JSON summary as the last line', async () => {
    const { io, out } = fakeIo({ 'good.jsonl': good });
    expect(await runCheckHistory(['good.jsonl'], { model: 'kv-cas', json: true }, io)).toBe(0);
    const last = out.join('').trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({ verdict: 'linearizable', operations: 2, partitions: 1, ms: 1 });
  });

  it('exits 1 for a violation, explains it and writes the HTML page', async () => {
    const { io, out, written } = fakeIo({ 'bad.jsonl': bad });
    expect(await runCheckHistory(['bad.jsonl'], { model: 'kv-cas', json: true, html: 'out.html' }, io)).toBe(1);
    const text = out.join('');
    expect(text).toContain('None of these operations can come next');
    expect(text).toContain('#2 client 2 [4, 5] get("k") → absent');
    expect(written['out.html']).toContain('class="op unplaceable"');
    expect(JSON.parse(text.trimEnd().split('\n').at(-1) ?? '').verdict).toBe('not-linearizable');
  });

  it('exits 3 when the budget runs out', async () => {
    const { io, out } = fakeIo({ 'good.jsonl': good });
    expect(await runCheckHistory(['good.jsonl'], { model: 'kv-cas', maxConfigurations: '1' }, io)).toBe(3);
    expect(out.join('')).toContain('raise --max-configurations');
  });

  it("exits 2 with one line when the user's model throws, in any of its methods, and prints no verdict", async () => {
    // Two overlapping increments, then a read of 1 that no order explains: every method is called.
    const history = [
      '{"id":0,"client":0,"input":{"op":"increment"},"call":0,"return":3,"output":1}',
      '{"id":1,"client":1,"input":{"op":"increment"},"call":1,"return":4,"output":2}',
      '{"id":2,"client":2,"input":{"op":"read"},"call":5,"return":6,"output":1}',
    ].join('\n');
    const methods = ['init', 'step', 'isReadOnly', 'partition', 'hash', 'describeOperation', 'describeState', 'validateOperation'] as const;
    for (const method of methods) {
      const { io, out, err } = fakeIo({ 'h.jsonl': history });
      const throwing = {
        ...counter,
        partition: (operations: readonly unknown[]) => [operations],
        [method]: () => {
          throw new TypeError(`kaboom\nat ${method}`);
        },
      };
      expect(
        await runCheckHistory(['h.jsonl'], { model: 'counter', modelModule: 'm.mjs', json: true, html: 'h.html' }, io, undefined, { throwing }),
        method,
      ).toBe(2);
      expect(err, method).toEqual([`faultline: h.jsonl: m.mjs: model counter threw in ${method}: kaboom\n`]);
      expect(out, method).toEqual([]);
    }
    // A step that returns no array breaks the checker's contract: said so, too.
    const { io, out, err } = fakeIo({ 'h.jsonl': history });
    const noArray = { ...counter, step: () => 1 };
    expect(await runCheckHistory(['h.jsonl'], { model: 'counter', modelModule: 'm.mjs' }, io, undefined, { noArray })).toBe(2);
    expect(err).toEqual(["faultline: h.jsonl: m.mjs: model counter's step returned number 1, expected an array of next states\n"]);
    expect(out).toEqual([]);
    // The same model, not throwing, gives its verdict.
    const fine = fakeIo({ 'h.jsonl': history });
    expect(await runCheckHistory(['h.jsonl'], { model: 'counter', modelModule: 'm.mjs' }, fine.io, undefined, { counter })).toBe(1);
  });

  it('exits 2 with file, line and expectation for bad input, and for bad usage', async () => {
    const broken = fakeIo({ 'broken.jsonl': `${good}\n{"id": 3,` });
    expect(await runCheckHistory(['broken.jsonl'], { model: 'kv-cas' }, broken.io)).toBe(2);
    expect(broken.err.join('')).toMatch(/^faultline: broken\.jsonl:3: expected a JSON object/);
    expect(broken.out).toEqual([]);
    // A file that parses but does not fit the model: the same one line, with the same prefix.
    const misfit = fakeIo({ 'kv.txt': '{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n' });
    expect(await runCheckHistory(['kv.txt'], { model: 'etcd-register' }, misfit.io)).toBe(2);
    expect(misfit.err).toEqual([
      expect.stringMatching(/^faultline: kv\.txt:1: expected an etcd-register operation.*does not fit model etcd-register\).*\n$/),
    ]);

    /** `file` null: no operand at all. */
    const usage = async (options: Parameters<typeof runCheckHistory>[1], file: string | null = 'good.jsonl'): Promise<string> => {
      const { io, err } = fakeIo({ 'good.jsonl': good });
      expect(await runCheckHistory(file === null ? [] : [file], options, io)).toBe(2);
      return err.join('');
    };
    expect(await usage({})).toMatch(
      /--model <name> is required \(one of: etcd-register, kv, kv-cas, append-log, znode, or yours with --model-module\)/,
    );
    expect(await usage({ model: 'raft' })).toMatch(/unknown model "raft"/);
    expect(await usage({ model: 'kv-cas' }, null)).toMatch(/missing the history <file>/);
    expect(await usage({ model: 'kv-cas', timeoutMs: '-5' })).toMatch(/--timeout-ms expects a positive number/);
    expect(await usage({ model: 'kv-cas', maxConfigurations: '1.5' })).toMatch(/--max-configurations expects a positive integer/);
    expect(await usage({ model: 'kv-cas' }, 'missing.jsonl')).toMatch(/cannot read missing\.jsonl/);
    expect(await usage({ model: 'kv-cas', format: 'xml' })).toMatch(/--format expects one of/);
    // An empty output name is refused before checking: no verdict is printed, then contradicted.
    const noName = fakeIo({ 'good.jsonl': good });
    expect(await runCheckHistory(['good.jsonl'], { model: 'kv-cas', html: '' }, noName.io)).toBe(2);
    expect(noName.err).toEqual(['faultline: --html expects an output file name, got an empty one\n']);
    expect(noName.out).toEqual([]);
  });
});
