import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The files that take longest, longest first (measured on the 2-core machine, 2026-12-01 late night). On a
 * fresh clone Vitest has no durations from earlier runs and starts the largest files first; the
 * variant hunts are short files, so they ran last and one worker idled while the other finished
 * them. Later runs order by their own recorded durations. Not in the list on purpose:
 * `explore-parallel.test.ts` (about 12 s), which runs two worker threads of its own; started among
 * the first it contends for the two cores, and the list with it (and the other files re-measured on
 * 2026-12-02) took 131 to 148 s against 129 and 132 s (alternated, same code, docs/benchmarks.md).
 */
const slowFilesFirst = [
  'raft-variants.test.ts',
  'zab-variants.test.ts',
  'cli-hunt.test.ts',
  'explore.test.ts',
  'settings-coverage.test.ts',
  'kafka.test.ts',
  'guided.test.ts',
  'cli-errors.test.ts',
  'raft.test.ts',
  'coverage.test.ts',
  'kafka-kraft.test.ts',
  'determinism.test.ts',
  'kafka-scenarios.test.ts',
  'cli.test.ts',
  'explore-widening.test.ts',
  'zab.test.ts',
  'swarm.test.ts',
  'search-mixed.test.ts',
  'shrink-exhaustive.test.ts',
  'study-browser.test.ts',
];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = slowFilesFirst.indexOf(basename(file.moduleId));
      return index === -1 ? slowFilesFirst.length : index;
    };
    const recorded = files.every((file) =>
      this.ctx.cache.getFileTestResults(`${file.project.name}:${file.moduleId.slice(this.ctx.config.root.length + 1)}`),
    );
    return recorded
      ? sorted
      : sorted
          .map((file, order) => ({ file, order }))
          .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
          .map(({ file }) => file);
  }
}

/**
 * Files that need a module graph of their own: they replace a module (`vi.mock`) or load the
 * checker's V8 code cache (which sets a V8 flag). A spy on a prototype restored after each test
 * (shrink-runs) shares the graph: files run one after another in a worker. Every other file shares its worker's modules
 * with the files before it (`isolate: false`): loading the models and the hunt anew for each of 71
 * files cost 50 s of import (summed) and made the whole run 234 s against 210 s shared, the tests'
 * own time the same (397 and 392 s summed; quiet 2-core machine, 2026-12-01), and nothing in them
 * keeps state from one file to the next (module-level variables in src/ are caches or scoped settings).
 */
const ownModuleGraph = ['properties/zab-reference.test.ts', 'properties/linearizability-code-cache.test.ts'];

const shared = {
  // Property hunts are CPU-bound; a generous per-test limit keeps slow CI machines green
  // while the run budgets inside each property keep the total bounded.
  testTimeout: 180_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // Commands the tests spawn print plain text even where CI is set (picocolors colours output
  // under CI): the tests read that text.
  env: { NO_COLOR: '1' },
} as const;

export default defineConfig({
  test: {
    // The soak is the nightly `npm run soak` (vitest.soak.config.ts), not part of `npm test`.
    exclude: [...configDefaults.exclude, 'properties/soak.test.ts'],
    // Vitest's default is one worker fewer than the cores, i.e. one on a 2-core machine, which
    // runs the CPU-bound files one after another while a core idles; use both.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'shared-modules',
          include: ['properties/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'properties/soak.test.ts', ...ownModuleGraph],
          isolate: false,
        },
      },
      { extends: true, test: { ...shared, name: 'own-modules', include: ownModuleGraph } },
    ],
  },
});
