/**
 * The checker script and V8 code cache that bin/build.mjs writes to dist/ for `faultline
 * check-history` (see loadCheckerWithCodeCache): built here into a temporary directory, loaded
 * with and without a usable cache, and checked to give the bundled checker's verdicts and output
 * in every case.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckHistoryIo, runCheckHistory } from '../src/cli/check-history.ts';
import { type LinearizabilityChecker, loadCheckerWithCodeCache } from '../src/cli/checker-code-cache.ts';
import { etcdLog } from './linearizability-support.ts';

/** What this test needs of bin/build.mjs (untyped JavaScript, imported through a variable specifier). */
interface CheckerBuilder {
  readonly checkerScriptName: string;
  readonly checkerCacheName: string;
  buildCheckerCode(): Promise<{ code: string; buildId: string }>;
  createCheckerCodeCache(code: string, buildId: string): Promise<Uint8Array>;
}

const histories: Record<string, string> = {
  // The failed CAS saw a value other than 2, so the register holds 1: reading 1 is linearizable.
  'good.log': etcdLog(1),
  'bad.log': etcdLog(2),
};

function fakeIo(): { io: CheckHistoryIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  const io: CheckHistoryIo = {
    readFile: (path) => {
      const text = histories[path];
      if (text === undefined) throw new Error(`ENOENT: no such file '${path}'`);
      return text;
    },
    writeFile: () => {},
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => (clock += 1),
  };
  return { io, out, err };
}

/** Exit code and output of `check-history --json` on each history, with `checker` (the bundled one when undefined). */
async function commandOutcomes(checker: LinearizabilityChecker | undefined): Promise<string[]> {
  return Promise.all(
    Object.keys(histories).map(async (file) => {
      const { io, out, err } = fakeIo();
      const code = await runCheckHistory([file], { model: 'etcd-register', json: true }, io, ...(checker === undefined ? [] : [checker]));
      return `${code}\n${out.join('')}${err.join('')}`;
    }),
  );
}

describe('the checker script with its V8 code cache (check-history)', () => {
  let directory = '';
  let directoryUrl: URL;
  let builder: CheckerBuilder;
  let built: { code: string; buildId: string };
  let cache: Uint8Array;
  /** The command's outcomes with the bundled checker. */
  let expected: string[] = [];
  const cachePath = (): string => join(directory, builder.checkerCacheName);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'faultline-code-cache-'));
    directoryUrl = pathToFileURL(`${directory}/`);
    builder = (await import(pathToFileURL(join(import.meta.dirname, '..', 'bin', 'build.mjs')).href)) as CheckerBuilder;
    built = await builder.buildCheckerCode();
    cache = await builder.createCheckerCodeCache(built.code, built.buildId);
    writeFileSync(join(directory, builder.checkerScriptName), built.code);
    expected = await commandOutcomes(undefined);
  }, 60_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('is taken by V8 and gives the bundled checker verdicts and output', async () => {
    expect(expected.map((outcome) => outcome.split('\n')[0])).toEqual(['0', '1']);
    writeFileSync(cachePath(), cache);
    const loaded = loadCheckerWithCodeCache(directoryUrl, built.buildId);
    expect(loaded.status).toBe('accepted');
    expect(await commandOutcomes(loaded.checker)).toEqual(expected);
  });

  it('is not used when it or the script is of another build, or missing', () => {
    writeFileSync(cachePath(), cache);
    expect(loadCheckerWithCodeCache(directoryUrl, '0123456789abcdef')).toEqual({ status: 'stale' });
    // A cache file left by another build (its header names that build).
    const otherBuild = Buffer.from(cache);
    otherBuild.write('f'.repeat(built.buildId.length), 0, 'latin1');
    writeFileSync(cachePath(), otherBuild);
    expect(loadCheckerWithCodeCache(directoryUrl, built.buildId)).toEqual({ status: 'stale' });
    rmSync(cachePath());
    expect(loadCheckerWithCodeCache(directoryUrl, built.buildId)).toEqual({ status: 'missing' });
  });

  it('falls back to compiling the script when V8 refuses the data, with the same verdicts and output', async () => {
    // Of this build, but V8's part damaged (its header: magic number and version hash).
    const damaged = Buffer.from(cache);
    const v8Start = built.buildId.length + 1;
    damaged.fill(0x5a, v8Start, v8Start + 16);
    writeFileSync(cachePath(), damaged);
    const loaded = loadCheckerWithCodeCache(directoryUrl, built.buildId);
    expect(loaded.status).toBe('rejected');
    expect(await commandOutcomes(loaded.checker)).toEqual(expected);
    // The script itself is the build's: the cache written by the build was made from it.
    expect(readFileSync(join(directory, builder.checkerScriptName), 'utf8').endsWith(`build ${built.buildId}\n`)).toBe(true);
  });
});
