/**
 * The bench scripts refuse bad options up front with one line naming what was expected
 * (bench/options.ts, and `--compare-with`'s checkout in bench/variants-compare.ts), rather than
 * measuring NaN seeds or failing midway with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneOf, positiveInteger, someOf } from '../bench/options.ts';
import { compareWithProblem } from '../bench/variants-compare.ts';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'faultline-bench-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('option arguments', () => {
  it('takes a positive integer only', () => {
    expect(positiveInteger('5')).toBe(5);
    // Decimal digits only, as every integer faultline reads (integerWord): Number took "0x10" and "1e3".
    for (const text of ['abc', '0', '-5', '1.5', '10k', '1m', '', ' ', '0x10', '1e3', ' 7', '9007199254740993']) {
      expect(() => positiveInteger(text)).toThrow(`expected a positive integer in decimal digits, got "${text}"`);
    }
  });

  it('takes known names only, listing them', () => {
    expect(oneOf(['raft', 'zab'])('zab')).toBe('zab');
    expect(() => oneOf(['raft', 'zab'])('Raft')).toThrow('expected one of raft, zab; got "Raft"');
    expect(someOf(['a', 'b', 'c'])('c,a')).toEqual(['c', 'a']);
    expect(() => someOf(['a', 'b'])('a,x,y')).toThrow('expected comma-separated names out of a, b; got "x,y"');
    expect(() => someOf(['a', 'b'])(',')).toThrow('expected comma-separated names out of a, b; got ","');
  });
});

describe('npm run bench:linearizability', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/linearizability.ts', ...args], { cwd: root, encoding: 'utf8' });

  // Two processes only (each loads the bench through tsx, about 2 s of CPU): what --runs takes is
  // positiveInteger's, tested above.
  it('refuses an unknown option, listing the known ones, before measuring; --help prints the usage', () => {
    const unknown = run('--run', '3');
    expect([unknown.status, unknown.stderr]).toEqual([
      2,
      "error: unknown option '--run' (Did you mean --runs?); options: --runs, --filter, --cold, --no-code-cache, --quick, --porcupine-times\n",
    ]);
    const help = run('--help');
    expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: npm run bench:linearizability -- [options]']);
  });
});

describe('--compare-with DIR', () => {
  it('refuses a directory that is not a checkout, and a checkout without packages with the command that links them', () => {
    expect(compareWithProblem(join(scratch, 'nope'), root)).toBe(
      `--compare-with ${join(scratch, 'nope')}: expected a checkout of faultline (${join(scratch, 'nope/src/hunt/hunt.ts')} is missing)`,
    );
    const checkout = join(scratch, 'base');
    mkdirSync(join(checkout, 'src/hunt'), { recursive: true });
    mkdirSync(join(checkout, 'src/protocols'), { recursive: true });
    writeFileSync(join(checkout, 'src/hunt/hunt.ts'), '');
    writeFileSync(join(checkout, 'src/protocols/registry.ts'), '');
    expect(compareWithProblem(checkout, root)).toBe(
      `--compare-with ${checkout}: its packages are missing (no node_modules); link this checkout's: ln -s ${join(root, 'node_modules')} ${join(checkout, 'node_modules')}`,
    );
    symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));
    expect(compareWithProblem(checkout, root)).toBeNull();
    expect(compareWithProblem(root, root)).toBeNull();
  });
});
