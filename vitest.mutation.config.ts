import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutate`, stryker.config.mjs): hunts of the
 * correct models, in properties/mutation/. Not part of `npm test` (its files are not `*.test.ts`).
 */
export default defineConfig({
  test: {
    include: ['properties/mutation/**/*.mutation.ts'],
    testTimeout: 600_000,
    // Stryker runs the same file once per mutant: keeping the modules loaded between runs saves
    // most of a second per mutant (mutants are switched on at run time, so nothing is stale;
    // static mutants, evaluated once at import, are counted out by stryker.config.mjs).
    isolate: false,
  },
});
