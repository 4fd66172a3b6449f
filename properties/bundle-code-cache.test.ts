/**
 * The CLI and the hunt worker load their bundles (dist/cli.js, dist/hunt-worker.js) as classic
 * scripts with V8 code caches that bin/build.mjs makes (about 100 -> 45 ms of CPU per load). Checked
 * here on the build `npm ci` made: V8 takes each cache, and a copy of dist/ whose cache is missing,
 * of another build or damaged still runs the command, compiling as it goes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, projectRoot } from './cli-support.ts';

const dist = join(projectRoot, 'dist');

/** What a fresh process importing `directory`/cli.mjs reports: the cache's fate and `faultline --version` run through it. */
function loadIn(directory: string): { status: number | null; stdout: string; stderr: string } {
  const program = `const cli = await import(${JSON.stringify(pathToFileURL(join(directory, 'cli.mjs')).href)});
process.stdout.write(cli.bundleCodeCache + '\\n');
process.exitCode = await cli.main(['--version']);`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', program], { env: cliEnv, encoding: 'utf8', timeout: 30_000 });
}

describe('the CLI, hunt-worker and explore-worker bundles with their V8 code caches', () => {
  let copy = '';
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'faultline-bundle-cache-'));
    cpSync(dist, copy, { recursive: true });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('each cache belongs to its script: the build id that ends the script heads the cache', () => {
    for (const name of ['cli', 'hunt-worker', 'explore-worker']) {
      const id = /\/\/ faultline bundle ([0-9a-f]{16})\n$/.exec(readFileSync(join(dist, `${name}.js`), 'utf8'))?.[1];
      expect(id, name).toBeDefined();
      expect(readFileSync(join(dist, `${name}.cache`)).toString('latin1', 0, 17), name).toBe(`${id}\n`);
    }
  });

  it('V8 takes the CLI cache, and the command runs', () => {
    const run = loadIn(dist);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^accepted\n\d+\.\d+\.\d+\n$/);
  });

  it('without a usable cache the command still runs and says nothing about it: missing, of another build, damaged', () => {
    const cache = join(copy, 'cli.cache');
    const original = readFileSync(cache);
    rmSync(cache);
    expect(loadIn(copy)).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^missing\n\d/) });
    writeFileSync(cache, Buffer.concat([Buffer.from('0000000000000000\n'), original.subarray(17)]));
    expect(loadIn(copy)).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^stale\n\d/) });
    writeFileSync(cache, Buffer.concat([original.subarray(0, 17), Buffer.alloc(original.length - 17, 7)]));
    expect(loadIn(copy)).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^rejected\n\d/) });
  });
});
