import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutate`, stryker.config.mjs): hunts of the
 * correct models, in properties/mutation/. Not part of `npm test` (its files are not `*.test.ts`).
 */
export default defineConfig({
  test: {
    include: ['properties/mutation/**/*.mutation.ts'],
    testTimeout: 600_000,
  },
});
