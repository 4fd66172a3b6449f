/**
 * Budgets read from the environment (FAULTLINE_SOAK_RUNS, FAULTLINE_MUTATION_RUNS...), refused
 * when they are not what they must be: `Number(text) || fallback` had turned `0`, `abc` or `10k`
 * into the full nightly size without a word, and `-5` into a hunt of no runs.
 */

import { integerWord } from '../src/core/text-integer.ts';

/** The positive integer in environment variable `name`, undefined when it is unset or empty; throws a one-line error otherwise. */
export function positiveIntegerFromEnvironment(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = integerWord(text);
  if (value === null || value < 1) throw new Error(`${name} must be a positive integer in decimal digits, got "${text}"`);
  return value;
}
