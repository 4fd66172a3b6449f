/** Budgets from the environment are positive integers or refused (properties/environment-support.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { runWallFromEnvironment } from '../src/cli/shared.ts';
import { positiveIntegerFromEnvironment } from './environment-support.ts';

const name = 'FAULTLINE_TEST_BUDGET';
afterEach(() => {
  delete process.env[name];
  delete process.env.FAULTLINE_RUN_WALL_MS;
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

describe('the run wall from FAULTLINE_RUN_WALL_MS', () => {
  it('is a positive whole number of milliseconds in decimal digits, or unset (Number() took 0x10, 1e3 and " 7")', () => {
    expect(runWallFromEnvironment()).toBeUndefined();
    process.env.FAULTLINE_RUN_WALL_MS = '1500';
    expect(runWallFromEnvironment()).toBe(1500);
    for (const text of ['0', 'abc', '-5', '1.5', ' 7', '0x10', '1e3']) {
      process.env.FAULTLINE_RUN_WALL_MS = text;
      expect(() => runWallFromEnvironment()).toThrow(`FAULTLINE_RUN_WALL_MS must be a whole number of milliseconds >= 1, got "${text}"`);
    }
  });
});
