/**
 * `faultline check-history` on its own: the entry of dist/check-history.mjs, which bin/faultline.mjs
 * starts for that command instead of the whole CLI. Why: loading the whole CLI (every protocol,
 * the hunts, the studio) cost about half of the command's CPU time on a small history, far more
 * than checking it; this bundle holds the checker, its parsers, commander and the command only
 * (bin/build.mjs, docs/linearizability.md). Same options, output and exit codes as the command in
 * the whole CLI (the same program settings and error handling, from main.ts).
 */

import { registerCheckHistoryCommand } from './check-history.ts';
import { emptyProgram, runProgram } from './main.ts';
import type { HeldInterrupt } from './shared.ts';

/** `argv` starts with `check-history`, as the whole CLI's does; `held` as for the whole CLI's `main`. */
export function main(argv: readonly string[], held: HeldInterrupt | null = null): Promise<number> {
  const program = emptyProgram();
  registerCheckHistoryCommand(program);
  return runProgram(program, argv, held);
}
