/** Budgets from the environment are positive integers or refused (properties/environment-support.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { positiveIntegerFromEnvironment } from './environment-support.ts';

const name = 'FAULTLINE_TEST_BUDGET';
afterEach(() => {
  delete process.env[name];
});

describe('a budget from the environment', () => {
  it('is a positive integer, or unset', () => {
    expect(positiveIntegerFromEnvironment(name)).toBeUndefined();
    process.env[name] = '';
    expect(positiveIntegerFromEnvironment(name)).toBeUndefined();
    process.env[name] = '400000';
    expect(positiveIntegerFromEnvironment(name)).toBe(400_000);
  });

  it('refuses anything else rather than falling back to the default size', () => {
    for (const text of ['0', 'abc', '10k', '-5', '1.5', ' 7', '0x10', '1e3']) {
      process.env[name] = text;
      expect(() => positiveIntegerFromEnvironment(name)).toThrow(`${name} must be a positive integer in decimal digits, got "${text}"`);
    }
  });
});
