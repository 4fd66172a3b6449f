/**
 * An integer written as text, or null: a scenario line's (`write 3`, `delete /a 2`), an option's
 * (`--runs 500`), an environment variable's. The one parser of them all, so that every place
 * takes the same words. Why not `Number` alone: "9007199254740993" reads as 9007199254740992, so
 * a hand-written story would run with another value than the one it names, silently; and
 * `Number` also takes "0x10", "1e3" and " 7 ". Only decimal digits (and a leading minus with
 * `any`) are taken, and a number a double does not hold exactly is refused.
 */
export function integerWord(word: string | undefined, sign: 'non-negative' | 'any' = 'non-negative'): number | null {
  if (word === undefined || !(sign === 'any' ? /^-?\d+$/ : /^\d+$/).test(word)) return null;
  const value = Number(word);
  return Number.isSafeInteger(value) ? value : null;
}

/** How a usage message names the integers `integerWord` takes. */
export const integerWordRange = `at most ${Number.MAX_SAFE_INTEGER}`;
