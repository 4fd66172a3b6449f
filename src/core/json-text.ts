/**
 * JSON text, read strictly (RFC 8259) by one reader: for the first syntax error's place in a
 * counterexample artifact (`src/study/artifact.ts`), where V8's message does not always say it, and
 * for integers too large for a number in a history file (the linearizability parsers).
 *
 * Why integers are kept exact: a JavaScript number holds every integer up to 2^53 − 1 in size
 * exactly, and rounds larger ones: 9007199254740993 reads as 9007199254740992, so a write of the one
 * and a read of the other would look alike and a violation would pass. Every parser reads an integer
 * written in a file as a number when it is that small (as before) and as a bigint otherwise; the two
 * never compare equal, so equal values mean equal digits in the file.
 */

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The integer written as `digits` (an optional sign, then decimal digits): a number when exact, else a bigint. */
export function exactInteger(digits: string): number | bigint {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : BigInt(digits);
}

/** What {@link readJson} found: the text's value, or the offset of its first syntax error. */
export type JsonReading = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly offset: number };

/** The escapes of a JSON string after its backslash, and what each stands for, in the same order. */
const escapeLetters = '"\\/bfnrt';
const escapedCharacters = '"\\/\b\f\n\r\t';

/** The value of a hexadecimal digit's character code, or -1 (NaN, past the text's end, included). */
function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Thrown inside {@link readJson} at a syntax error, caught there: never leaves it. */
const syntaxError = new Error('JSON syntax error');

/**
 * Reads `text` as one JSON value (RFC 8259: no comments, no trailing commas, nothing but white
 * space around the value). The value is what `JSON.parse(text)` gives, own "__proto__" properties
 * included, except that an integer too large for a number to hold exactly (no fraction, no
 * exponent) is a bigint (see {@link exactInteger}).
 *
 * Otherwise the offset of the first syntax error, the text's length when it ends too soon: where
 * V8's message names a position, that one ("Bad Unicode escape" at the first character that is not
 * a hex digit, "No number after minus sign" past the minus); where it does not ("Unexpected token"),
 * the character that cannot come there, or past the longest start of `true`, `false` or `null` that
 * is there (`tru}` at the brace).
 *
 * Iterative: containers nested a hundred thousand deep cost memory for a stack of them, not the
 * call stack.
 */
export function readJson(text: string, maxIntegerDigits = Number.POSITIVE_INFINITY): JsonReading {
  const length = text.length;
  let at = 0;
  const fail = (): never => {
    throw syntaxError;
  };
  const skipSpace = (): void => {
    for (;;) {
      const code = text.charCodeAt(at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      at++;
    }
  };
  /** A string, `at` on its opening quote. */
  const readString = (): string => {
    at++;
    let decoded = '';
    let start = at;
    for (;;) {
      if (at >= length) fail();
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        decoded += text.slice(start, at);
        at++;
        return decoded;
      }
      if (code < 0x20) fail();
      if (code !== 0x5c) {
        at++;
        continue;
      }
      decoded += text.slice(start, at);
      const letter = text.charAt(at + 1);
      if (letter === 'u') {
        let unit = 0;
        for (let digit = 0; digit < 4; digit++) {
          const value = hexDigit(text.charCodeAt(at + 2 + digit));
          if (value < 0) {
            at += 2 + digit;
            fail();
          }
          unit = unit * 16 + value;
        }
        decoded += String.fromCharCode(unit);
        at += 6;
      } else {
        const index = letter === '' ? -1 : escapeLetters.indexOf(letter);
        if (index < 0) {
          at++;
          fail();
        }
        decoded += escapedCharacters.charAt(index);
        at += 2;
      }
      start = at;
    }
  };
  /** A number, `true`, `false` or `null`, `at` on its first character. */
  const readLiteral = (): unknown => {
    const first = text.charCodeAt(at);
    if (first === 0x2d || isDigit(first)) {
      const start = at;
      if (first === 0x2d) at++;
      const lead = text.charCodeAt(at);
      if (!isDigit(lead)) fail();
      at++;
      if (lead !== 0x30) while (isDigit(text.charCodeAt(at))) at++;
      let integer = true;
      if (text.charCodeAt(at) === 0x2e) {
        integer = false;
        at++;
        if (!isDigit(text.charCodeAt(at))) fail();
        while (isDigit(text.charCodeAt(at))) at++;
      }
      if ((text.charCodeAt(at) | 0x20) === 0x65) {
        integer = false;
        at++;
        const sign = text.charCodeAt(at);
        if (sign === 0x2b || sign === 0x2d) at++;
        if (!isDigit(text.charCodeAt(at))) fail();
        while (isDigit(text.charCodeAt(at))) at++;
      }
      const token = text.slice(start, at);
      if (!integer) return Number(token);
      const digits = at - start - (first === 0x2d ? 1 : 0);
      if (digits > maxIntegerDigits) throw new IntegerTooLong(digits);
      return exactInteger(token);
    }
    const word = first === 0x74 ? 'true' : first === 0x66 ? 'false' : first === 0x6e ? 'null' : '';
    let matched = 0;
    while (matched < word.length && text.charCodeAt(at + matched) === word.charCodeAt(matched)) matched++;
    at += matched;
    if (word === '' || matched < word.length) fail();
    return word === 'null' ? null : word === 'true';
  };
  /** An object's key and the colon after it, `at` where the key should start. */
  const readKey = (): string => {
    skipSpace();
    if (text.charCodeAt(at) !== 0x22) fail();
    const key = readString();
    skipSpace();
    if (text.charCodeAt(at) !== 0x3a) fail();
    at++;
    return key;
  };
  /** The arrays and objects open around the value being read, innermost last. */
  const containers: (unknown[] | Record<string, unknown>)[] = [];
  /** For each object among them, the key of the member being read (arrays hold a placeholder). */
  const keys: string[] = [];
  try {
    for (;;) {
      // A value starts here: an empty container is one, a full one is opened and its first member read.
      skipSpace();
      const first = text.charCodeAt(at);
      let value: unknown;
      if (first === 0x7b || first === 0x5b) {
        const close = first === 0x7b ? 0x7d : 0x5d;
        at++;
        skipSpace();
        const container = first === 0x7b ? {} : [];
        if (text.charCodeAt(at) === close) {
          at++;
          value = container;
        } else {
          containers.push(container);
          keys.push(first === 0x7b ? readKey() : '');
          continue;
        }
      } else {
        value = first === 0x22 ? readString() : readLiteral();
      }
      // A value is complete: it is the text's, or its container's next member (and may complete that).
      for (;;) {
        const container = containers.at(-1);
        if (container === undefined) {
          skipSpace();
          if (at < length) fail();
          return { ok: true, value };
        }
        if (Array.isArray(container)) {
          container.push(value);
        } else {
          const key = keys.at(-1) as string;
          // As JSON.parse does: an own property, even for "__proto__" (assigning it would set the prototype).
          if (key === '__proto__') Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
          else container[key] = value;
        }
        skipSpace();
        const next = text.charCodeAt(at);
        if (next === 0x2c) {
          at++;
          if (!Array.isArray(container)) keys[keys.length - 1] = readKey();
          break;
        }
        if (next !== (Array.isArray(container) ? 0x5d : 0x7d)) fail();
        at++;
        containers.pop();
        keys.pop();
        value = container;
      }
    }
  } catch (error) {
    if (error !== syntaxError) throw error;
    return { ok: false, offset: Math.min(at, length) };
  }
}

/**
 * Thrown by {@link readJson} and {@link parseJsonExactly} for an integer of more digits than the
 * caller allows: made a bigint, its time grows faster than its length (30 million digits: 7 s).
 */
export class IntegerTooLong extends Error {
  override readonly name = 'IntegerTooLong';
  constructor(readonly digits: number) {
    super(`an integer of ${digits} digits`);
  }
}

/**
 * `JSON.parse(text)`, except that an integer too large for a number to hold exactly is a bigint
 * (see {@link exactInteger}). Throws JSON.parse's error for text that is not JSON, and
 * {@link IntegerTooLong} for an integer of more than `maxIntegerDigits` digits.
 */
export function parseJsonExactly(text: string, maxIntegerDigits = Number.POSITIVE_INFINITY): unknown {
  const value: unknown = JSON.parse(text);
  // A number holds every integer of up to 15 digits: without a longer run of digits, JSON.parse is exact.
  if (!/\d{16}/.test(text)) return value;
  const reading = readJson(text, maxIntegerDigits);
  if (!reading.ok) throw new Error(`faultline internal error: JSON.parse read text that readJson refuses at offset ${reading.offset}`);
  return reading.value;
}

/**
 * `JSON.stringify(value)` for the values {@link parseJsonExactly} returns: bigints are written as
 * their digits (JSON.stringify refuses them), so what it wrote reads back the same.
 */
export function stringifyJsonExactly(value: unknown): string | undefined {
  if (!hasBigInt(value)) return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => stringifyJsonExactly(item) ?? 'null').join(',')}]`;
  const fields = Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
    const text = stringifyJsonExactly(item);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return `{${fields.join(',')}}`;
}

/** Whether a bigint is anywhere in `value`. */
function hasBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(hasBigInt);
  return typeof value === 'object' && value !== null && Object.values(value).some(hasBigInt);
}

/**
 * How deeply arrays and objects nest in JSON `text` (0 for a scalar), read without recursion: what
 * reads or writes a value recursively (`JSON.stringify`, a model's hash) overflows the stack on
 * deep enough input, so a reader of untrusted files checks this first. Brackets inside strings do
 * not count.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === 0x5c) at++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (code === 0x5d || code === 0x7d) depth--;
  }
  return deepest;
}

/** A value from a file as an error message shows it: JSON, cut to 60 characters. */
export function shownJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
