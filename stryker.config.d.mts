/**
 * The types of stryker.config.mjs, for scripts/mutation-run.ts, which imports its list of step-code
 * files: without them `npm run typecheck` (strict) cannot cover scripts/.
 */

/** The step code of every protocol model (paths from the project root). */
export declare const stepCodeFiles: readonly string[];

declare const config: import('@stryker-mutator/api/core').PartialStrykerOptions;
export default config;
