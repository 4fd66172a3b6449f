/**
 * Integers read from a history file, kept exact. A JavaScript number holds every integer up to
 * 2^53 − 1 in size exactly, and rounds larger ones: 9007199254740993 reads as 9007199254740992, so
 * a write of the one and a read of the other would look alike and a violation would pass. Every
 * parser reads an integer written in a file as a number when it is that small (as before) and as a
 * bigint otherwise; the two never compare equal, so equal values mean equal digits in the file.
 */

import { isRecord } from '../models/shared.ts';

/** The integer written as `digits` (an optional sign, then decimal digits): a number when exact, else a bigint. */
export function exactInteger(digits: string): number | bigint {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : BigInt(digits);
}

/** An integer token of JSON (no fraction, no exponent). */
const JSON_INTEGER = /^-?\d+$/;

/**
 * `JSON.parse(text)`, except that an integer too large for a number to hold exactly is a bigint
 * (see {@link exactInteger}). Throws JSON.parse's error for text that is not JSON.
 */
export function parseJsonExactly(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // A number holds every integer of up to 15 digits: without a longer run of digits, JSON.parse is exact.
  if (!/\d{16}/.test(text)) return value;
  // The text is valid JSON (JSON.parse took it): read it again, keeping the long integers.
  let position = 0;
  const skipSpace = (): void => {
    while (position < text.length && ' \t\n\r'.includes(text[position] as string)) position++;
  };
  const readString = (): string => {
    const start = position;
    position++;
    while (text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
    position++;
    return JSON.parse(text.slice(start, position)) as string;
  };
  const readValue = (): unknown => {
    skipSpace();
    const first = text[position];
    if (first === '"') return readString();
    if (first === '{') {
      position++;
      const object: Record<string, unknown> = {};
      skipSpace();
      while (text[position] !== '}') {
        skipSpace();
        const key = readString();
        skipSpace();
        position++; // ':'
        // As JSON.parse does: an own property, even for "__proto__".
        Object.defineProperty(object, key, { value: readValue(), writable: true, enumerable: true, configurable: true });
        skipSpace();
        if (text[position] === ',') position++;
      }
      position++;
      return object;
    }
    if (first === '[') {
      position++;
      const array: unknown[] = [];
      skipSpace();
      while (text[position] !== ']') {
        array.push(readValue());
        skipSpace();
        if (text[position] === ',') position++;
      }
      position++;
      return array;
    }
    const start = position;
    while (position < text.length && !',:]} \t\n\r'.includes(text[position] as string)) position++;
    const token = text.slice(start, position);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    return JSON_INTEGER.test(token) ? exactInteger(token) : Number(token);
  };
  return readValue();
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
  return isRecord(value) && Object.values(value).some(hasBigInt);
}
