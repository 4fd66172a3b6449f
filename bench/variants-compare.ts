/**
 * Runs to find of two hunts of the same variant (today's default and another checkout's, see
 * `npm run bench -- --compare-with DIR`), compared by their medians over seeds. A seed that found
 * nothing within the run cap counts as above it (Infinity), so a hunt that misses most seeds is not
 * made to look fast by the few it found.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve as resolvePath } from 'node:path';

/** The median of runs to find over seeds, a miss (null) above every find: Infinity when the middle seed missed; null without seeds. */
export function medianRunsWithMisses(perSeed: readonly (number | null)[]): number | null {
  if (perSeed.length === 0) return null;
  const sorted = perSeed.map((runs) => runs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.POSITIVE_INFINITY;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.POSITIVE_INFINITY) + upper) / 2;
}

/** Such a median as the table shows it: ">cap" for a miss. */
export function showRunsWithMisses(runs: number | null, capRuns: number): string {
  return runs === null ? '-' : runs === Number.POSITIVE_INFINITY ? `>${capRuns}` : String(runs);
}

/**
 * head / base of two such medians ("2.50x"); a bound where one side missed (">600x": head missed,
 * base found at cap / 600; "<0.01x" the other way); "-" when both missed or either is unknown.
 */
export function runsRatio(base: number | null, head: number | null, capRuns: number): string {
  if (base === null || head === null || base <= 0) return '-';
  const baseMissed = base === Number.POSITIVE_INFINITY;
  const headMissed = head === Number.POSITIVE_INFINITY;
  if (baseMissed && headMissed) return '-';
  if (headMissed) return `>${(capRuns / base).toFixed(2)}x`;
  if (baseMissed) return `<${(head / capRuns).toFixed(2)}x`;
  return `${(head / base).toFixed(2)}x`;
}

/** Whether head needs more than `factor` times base's runs (a miss against a find counts as more). */
export function slowerThan(base: number | null, head: number | null, factor: number): boolean {
  if (base === null || head === null || base === Number.POSITIVE_INFINITY) return false;
  return head > factor * base;
}

/**
 * What keeps `dir` from serving `--compare-with` (bench/index.ts imports its sources, which import
 * their packages from its own node_modules), as one line with the fix; null when it can. Checked
 * before the benchmark starts: a fresh `git worktree add` has no node_modules, and importing from
 * it failed midway with ERR_MODULE_NOT_FOUND and a stack trace.
 */
export function compareWithProblem(dir: string, projectRoot: string): string | null {
  const checkout = resolvePath(dir);
  if (!existsSync(join(checkout, 'src/hunt/hunt.ts')) || !existsSync(join(checkout, 'src/protocols/registry.ts'))) {
    return `--compare-with ${dir}: expected a checkout of faultline (${join(checkout, 'src/hunt/hunt.ts')} is missing)`;
  }
  try {
    createRequire(join(checkout, 'src/hunt/hunt.ts')).resolve('fast-check');
  } catch {
    return `--compare-with ${dir}: its packages are missing (no node_modules); link this checkout's: ln -s ${join(projectRoot, 'node_modules')} ${join(checkout, 'node_modules')}`;
  }
  return null;
}
