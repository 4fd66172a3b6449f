import { defineConfig } from 'vitest/config';

/**
 * `npm run soak`: the long hunts of correct models (properties/soak.test.ts), whole default-hunt chunks
 * that reach deep stories (properties/deep-stories.soak.ts) and a fixed sample of
 * mutants the mutation hunts must kill (properties/mutation/mutant-sample.soak.ts), kept out of `npm test`
 * so the default suite stays within about two minutes. Scale with FAULTLINE_SOAK_RUNS (see the file).
 */
export default defineConfig({
  test: {
    include: ['properties/soak.test.ts', 'properties/deep-stories.soak.ts', 'properties/mutation/mutant-sample.soak.ts'],
    // A scaled-up nightly run may hunt for many minutes per protocol; the run budgets bound it.
    testTimeout: 3_600_000,
    pool: 'forks',
  },
});
