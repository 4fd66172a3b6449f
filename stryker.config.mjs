// @ts-check
/**
 * Mutation testing of the protocol models' step code (`npm run mutate`, docs/mutation.md).
 * A mutant is killed when a hunt of its protocol's correct variant finds a violation or an
 * exception: Stryker's vitest runner runs properties/mutation/correct-models.mutation.ts
 * (vitest.mutation.config.ts) against each mutant. Normally started by scripts/mutation-run.ts,
 * which picks the files and, for a shard, their line ranges (FAULTLINE_MUTATE), and the budget
 * (FAULTLINE_MUTATION_RUNS, _SEEDS and _SEED, read by properties/mutation/hunts.ts).
 *
 * Stryker 9 (the last major that runs on Node 20); no TypeScript checker (TypeScript 7 has no
 * JavaScript API): a mutant that does not type-check simply runs, and vitest strips types.
 */

/** The step code of every protocol model; presentation (text.ts, describe*) and fingerprints are left out. */
export const stepCodeFiles = [
  'src/protocols/primary-backup/model.ts',
  'src/protocols/raft/component.ts',
  'src/protocols/raft/model.ts',
  'src/protocols/raft/kv.ts',
  'src/protocols/raft/messages.ts',
  'src/protocols/zab/node.ts',
  'src/protocols/zab/election.ts',
  'src/protocols/zab/sync.ts',
  'src/protocols/zab/broadcast.ts',
  'src/protocols/zab/common.ts',
  'src/protocols/zab/datatree.ts',
  'src/protocols/zab/types.ts',
  'src/protocols/zab/snapshot.ts',
  'src/protocols/kafka/broker.ts',
  'src/protocols/kafka/controller.ts',
  'src/protocols/kafka/log.ts',
  'src/protocols/kafka/decisions.ts',
  'src/protocols/kafka/metadata.ts',
  'src/protocols/kafka/kraft.ts',
  'src/protocols/kafka/quorum.ts',
  'src/protocols/kafka/combined.ts',
  'src/protocols/kafka/zookeeper.ts',
];

const files = process.env.FAULTLINE_MUTATE ? process.env.FAULTLINE_MUTATE.split(',') : stepCodeFiles;
const reportDir = process.env.FAULTLINE_MUTATION_REPORT_DIR ?? 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', './scripts/mutation-ignorers.mjs'],
  ignorers: ['not-step-code'],
  mutate: files,
  checkers: [],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants, evaluated once at import) are counted out: the test
  // modules stay loaded between mutants (vitest.mutation.config.ts, isolate: false), and every
  // static value a model reads is a setting default or a rule table the variants already vary.
  ignoreStatic: true,
  concurrency: Number(process.env.FAULTLINE_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['html', 'json', 'progress'],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Only what the tests import or read goes into the sandbox, tsconfig.json included (vitest's
  // transform reads it: class fields and parameter properties compile differently without it), and
  // the saved Raft, primary-backup, ZAB and Kafka counterexamples (hunts.ts replays them).
  ignorePatterns: [
    '/*',
    '!/src',
    '!/properties',
    '!/package.json',
    '!/tsconfig.json',
    '!/vitest.mutation.config.ts',
    '!/scripts',
    '/properties/*.test.ts',
    '!/counterexamples',
    '/counterexamples/*',
    '!/counterexamples/raft',
    '!/counterexamples/primary-backup',
    '!/counterexamples/zab',
    '!/counterexamples/kafka',
  ],
  // Stryker rewrites the `extends` and `references` paths of `tsconfigFile` with TypeScript's
  // JavaScript API, which TypeScript 7 no longer has. Ours has neither, so point Stryker at a
  // file that does not exist: it then leaves tsconfig.json as it is.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  thresholds: { high: 90, low: 75, break: null },
};
