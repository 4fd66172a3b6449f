import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'src/**/*.test.ts'],
    // The soak is the nightly `npm run soak` (vitest.soak.config.ts), not part of `npm test`.
    exclude: [...configDefaults.exclude, 'properties/soak.test.ts'],
    // Property hunts are CPU-bound; a generous per-test limit keeps slow CI machines green
    // while the run budgets inside each property keep the total bounded.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, i.e. one on a 2-core machine, which
    // runs the CPU-bound files one after another while a core idles; use both.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Commands the tests spawn print plain text even where CI is set (picocolors colours output
    // under CI): the tests read that text.
    env: { NO_COLOR: '1' },
  },
});
