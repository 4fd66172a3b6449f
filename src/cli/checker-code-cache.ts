/**
 * The linearizability checker as `faultline check-history` loads it in the built CLI: a classic
 * script in dist/ with a V8 code cache for it, both written by bin/build.mjs. Kept apart from the
 * command so that the cold benchmark's first-check program loads exactly this and the checker.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import type * as bundledChecker from '../checkers/linearizability/index.ts';

/** The linearizability checker's API: the one bundled into the CLI, or a copy loaded by {@link loadCheckerWithCodeCache}. */
export type LinearizabilityChecker = typeof bundledChecker;

/** File names in dist/, as bin/build.mjs writes them. */
const CHECKER_SCRIPT = 'linearizability-checker.js';
const CHECKER_CACHE = 'linearizability-checker.cache';

/**
 * What became of the code cache: V8 took it (`accepted`) or refused it (`rejected`: another Node
 * version, other V8 flags or damaged data; the script then compiles as it runs, as the bundled
 * checker would), or it was not used: a file is `missing` or of another build (`stale`).
 */
export type CheckerCodeCacheStatus = 'accepted' | 'rejected' | 'stale' | 'missing';

export type LoadedChecker =
  | { readonly status: 'accepted' | 'rejected'; readonly checker: LinearizabilityChecker }
  | { readonly status: 'stale' | 'missing'; readonly checker?: undefined };

/**
 * Loads the checker script of build `buildId` from `directory` with V8's code cache for it,
 * made by bin/build.mjs after checking a few small histories. Why: on a fresh process, compiling
 * the checker's functions on their first call was 1.1 to 1.3 ms of a 2 ms first check of a
 * small history (Porcupine, compiled ahead of time, checks one in 0.2 ms); with the cache V8
 * deserializes their bytecode instead (docs/linearizability.md). Node 20 has no module compile
 * cache, hence a classic script through `vm.Script`. Reads the files but never writes them.
 */
export function loadCheckerWithCodeCache(directory: URL, buildId: string): LoadedChecker {
  const scriptUrl = new URL(CHECKER_SCRIPT, directory);
  let code: string;
  let cache: Buffer;
  try {
    code = readFileSync(scriptUrl, 'utf8');
    cache = readFileSync(new URL(CHECKER_CACHE, directory));
  } catch {
    return { status: 'missing' };
  }
  // Both files name their build: a script or cache left from another build is not used (V8 checks
  // only the source's length, its own version and its flags).
  const header = `${buildId}\n`;
  if (!code.endsWith(`// faultline checker build ${buildId}\n`) || cache.toString('latin1', 0, header.length) !== header) {
    return { status: 'stale' };
  }
  const script = new Script(code, { filename: fileURLToPath(scriptUrl), cachedData: cache.subarray(header.length) });
  const module = { exports: {} as LinearizabilityChecker };
  const body = script.runInThisContext() as (module: { exports: LinearizabilityChecker }, exports: LinearizabilityChecker, require: unknown) => void;
  body(module, module.exports, undefined);
  return { status: script.cachedDataRejected === true ? 'rejected' : 'accepted', checker: module.exports };
}

/**
 * V8's interrupt budget for a process that checks one history: 4 times V8's default (67,584), so
 * that V8 asks for optimized code of a function 4 times later. Why: a first check of a few hundred
 * configurations (etcd_001: 359) used to pay for compiling the search loop with the optimizing
 * compiler, on the same core, and ended before that code was ready (etcd_001 8.2 to 2.9 ms of
 * CPU, etcd_000 3.3 to 2.1); the long checks, which do use optimized code, were unchanged within
 * the noise (etcd_002, etcd_040, etcd_080, kv/c50-ok, c50-bad; docs/linearizability.md).
 */
const ONE_CHECK_INTERRUPT_BUDGET = 4 * 67_584;

/**
 * Sets V8's flags for a process that is about to make one check (`faultline check-history`), after
 * the checker is loaded: set before, they would make V8 refuse the code cache, which records the
 * flags it was made under. Changes only when V8 optimizes, never what the checker computes.
 */
export function tuneV8ForOneCheck(): void {
  setFlagsFromString(`--interrupt-budget=${ONE_CHECK_INTERRUPT_BUDGET}`);
}
