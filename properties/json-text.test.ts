/**
 * The one JSON reader (src/core/json-text.ts) against V8's JSON.parse: the same texts accepted, the
 * same values read, and the same place named for a syntax error wherever V8's message names one.
 */
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseJsonExactly, readJson } from '../src/core/json-text.ts';

/** What JSON.parse makes of `text`: its value, or its error message. */
function v8Reading(text: string): { readonly value: unknown } | { readonly message: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { message: (error as Error).message };
  }
}

/** JSON text, valid (fc.json, with any UTF-16 in strings, lone surrogates too) or edited where JSON is easy to break. */
const jsonText = fc.oneof(fc.json({ stringUnit: 'binary' }), fc.json());
const breaking = fc.constantFrom(
  '',
  '"',
  '\\',
  '\\u',
  '\\u00',
  ',',
  ':',
  '[',
  ']',
  '{',
  '}',
  '-',
  '.',
  'e',
  'E',
  '+',
  '0',
  '1',
  't',
  'n',
  'f',
  ' ',
  '\n',
  '\t',
  '\u0001',
  'x',
  'a',
  '"__proto__":1,',
);
const edited = fc.tuple(jsonText, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), breaking), { minLength: 1, maxLength: 3 })).map(([text, edits]) =>
  edits.reduce((edited, [at, removed, inserted]) => {
    const where = at % (edited.length + 1);
    return edited.slice(0, where) + inserted + edited.slice(where + removed);
  }, text),
);
const anyText = fc.oneof(jsonText, edited, edited, fc.string({ unit: fc.constantFrom(...'[]{}",:0123456789-+.eEtrufalsn \\'.split('')) }));

describe('readJson', () => {
  it('accepts what JSON.parse accepts, reads the same value (without long integers), and fails where V8 says', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const reading = readJson(text);
        const v8 = v8Reading(text);
        if ('value' in v8) {
          expect(reading.ok).toBe(true);
          // A run of 16 digits may be an integer a number cannot hold: readJson keeps it (see parseJsonExactly's property).
          if (reading.ok && !/\d{16}/.test(text)) expect(reading.value).toStrictEqual(v8.value);
          return;
        }
        expect(reading.ok).toBe(false);
        const reported = / at position (\d+)/.exec(v8.message)?.[1];
        if (!reading.ok && reported !== undefined) expect(reading.offset).toBe(Number(reported));
      }),
      { numRuns: 3000 },
    );
  });

  it('names a place where V8 names none: the character that cannot come there, or the end', () => {
    const offsets: [string, number][] = [
      ['{"a": }', 6],
      ['[1, 2,]', 6],
      ['[tru}', 4],
      ['{"seed": tru,\n}', 12],
      ['nul', 3],
      ['{"a": [', 7],
      ['"\\', 2],
      ['', 0],
      ['  ', 2],
    ];
    for (const [text, offset] of offsets) {
      expect(JSON.stringify(v8Reading(text))).not.toMatch(/ at position /);
      expect(readJson(text)).toEqual({ ok: false, offset });
    }
  });

  it('reads own "__proto__" properties as JSON.parse does, and integers beyond 2^53 − 1 as bigints', () => {
    const text = '{"__proto__": {"x": 1}, "a": [9007199254740992, 9007199254740991, -0, 1e400, "\\ud800"]}';
    const expected = JSON.parse(text);
    expected.a[0] = 9007199254740992n;
    const reading = readJson(text);
    expect(reading).toStrictEqual({ ok: true, value: expected });
    const value = (reading as { value: object }).value;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reads containers nested 100,000 deep without running out of stack', () => {
    const depth = 100_000;
    expect(readJson('['.repeat(depth))).toEqual({ ok: false, offset: depth });
    const misclosed = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth - 1)}]`;
    expect(readJson(misclosed)).toEqual({ ok: false, offset: 6 * depth });
    expect(v8Reading(misclosed)).toEqual({ message: expect.stringContaining(` at position ${6 * depth}`) });
    // Valid and with a long integer: parseJsonExactly reads it again with readJson, all the way down.
    let value = parseJsonExactly(`${'['.repeat(depth)}12345678901234567890${']'.repeat(depth)}`);
    let levels = 0;
    while (Array.isArray(value) && value.length === 1) {
      value = value[0];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(value).toBe(12345678901234567890n);
  });
});
