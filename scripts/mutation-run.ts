/**
 * `npm run mutate [-- options]`: mutation testing of the protocol models' step code with Stryker
 * (stryker.config.mjs), then the per-file score table. See docs/mutation.md; the options are in
 * `usage` below (`npm run mutate -- --help`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stepCodeFiles } from '../stryker.config.mjs';
import { positiveIntegerFromEnvironment } from '../properties/environment-support.ts';
import { printTable } from './mutation-table.ts';
import { integerWord } from '../src/core/text-integer.ts';

const usage = `Usage: npm run mutate [-- options]

  --protocols raft,zab   only these protocols' files (and only their hunts run)
  --files a.ts,b.ts      only these files (paths as in stryker.config.mjs)
  --runs N               generated schedules per mutant and seed (default 500, or FAULTLINE_MUTATION_RUNS), shared among setups
  --seeds N              seeds per setup (default 1, or FAULTLINE_MUTATION_SEEDS); --seed N the first one (default 1, or FAULTLINE_MUTATION_SEED)
  --shard K/N            only every N-th block of ten lines of every file, from the K-th (merge shards with mutation-table.ts)
  --concurrency N        Stryker test-runner processes (default 2)
  --nice N               scheduling niceness for Stryker and its workers (default 10)
  --out DIR              report folder (default reports/mutation, or reports/mutation/shard-K-of-N)
  --help                 this text
`;

function fail(message: string): never {
  process.stderr.write(`npm run mutate: ${message}\n`);
  process.exit(2);
}

/** The budget variable `name` from the environment (a positive integer), else `fallback`; refused in one line before Stryker starts. */
function fromEnvironment(name: string, fallback: number): number {
  try {
    return positiveIntegerFromEnvironment(name) ?? fallback;
  } catch (error) {
    return fail((error as Error).message);
  }
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = integerWord(text);
  if (value === null || value < 1) fail(`--${name} expects a positive integer in decimal digits, got "${text}"`);
  return value;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        protocols: { type: 'string' },
        files: { type: 'string' },
        runs: { type: 'string' },
        seeds: { type: 'string' },
        seed: { type: 'string' },
        shard: { type: 'string' },
        concurrency: { type: 'string' },
        nice: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const protocolNames = values.protocols?.split(',').filter((name) => name !== '');
let files = values.files ? values.files.split(',').filter((file) => file !== '') : [...stepCodeFiles];
for (const file of files)
  if (!stepCodeFiles.includes(file)) fail(`--files: ${file} is not step code of a model; step code: ${stepCodeFiles.join(', ')}`);
if (protocolNames) {
  const known = new Set(stepCodeFiles.map((file) => file.split('/')[2]));
  for (const name of protocolNames) if (!known.has(name)) fail(`--protocols: no protocol "${name}"; protocols: ${[...known].join(', ')}`);
  files = files.filter((file) => protocolNames.includes(file.split('/')[2] ?? ''));
}
if (files.length === 0) fail('no file to mutate');

let shard: { index: number; count: number } | null = null;
if (values.shard !== undefined) {
  const match = /^(\d+)\/(\d+)$/.exec(values.shard);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) fail(`--shard expects K/N with 1 <= K <= N (e.g. 2/4), got "${values.shard}"`);
  shard = { index, count };
}

/** Lines per block of a shard: shard K of N mutates blocks K, K+N, K+2N... of every file. */
const shardBlockLines = 10;

/**
 * Shard K of N mutates every N-th block of ten lines of every file, starting with the K-th: the
 * shards share the work evenly, and any one shard is a systematic sample of every file.
 */
function mutateEntries(): string[] {
  if (!shard) return files;
  const { index, count } = shard;
  return files.flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    const entries: string[] = [];
    for (let first = (index - 1) * shardBlockLines + 1; first <= lines; first += count * shardBlockLines) {
      entries.push(`${file}:${first}-${Math.min(lines, first + shardBlockLines - 1)}`);
    }
    return entries;
  });
}

const out = values.out ?? (shard ? `reports/mutation/shard-${shard.index}-of-${shard.count}` : 'reports/mutation');
const niceness = Number(values.nice ?? 10);
if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) fail(`--nice expects 0 to 19, got "${values.nice}"`);
try {
  setPriority(niceness);
} catch {
  // Lowering one's own priority is always allowed; a platform without it runs at normal priority.
}

const environment = {
  ...process.env,
  FAULTLINE_MUTATE: mutateEntries().join(','),
  FAULTLINE_MUTATION_REPORT_DIR: out,
  FAULTLINE_MUTATION_CONCURRENCY: String(positiveInteger('concurrency', values.concurrency, 2)),
  FAULTLINE_MUTATION_RUNS: String(positiveInteger('runs', values.runs, fromEnvironment('FAULTLINE_MUTATION_RUNS', 500))),
  FAULTLINE_MUTATION_SEEDS: String(positiveInteger('seeds', values.seeds, fromEnvironment('FAULTLINE_MUTATION_SEEDS', 1))),
  FAULTLINE_MUTATION_SEED: String(positiveInteger('seed', values.seed, fromEnvironment('FAULTLINE_MUTATION_SEED', 1))),
  ...(protocolNames ? { FAULTLINE_MUTATION_PROTOCOLS: protocolNames.join(',') } : {}),
};
process.stdout.write(
  `npm run mutate: ${files.length} file(s)${shard ? `, shard ${shard.index}/${shard.count}` : ''}, ${environment.FAULTLINE_MUTATION_SEEDS} seed(s) x ${environment.FAULTLINE_MUTATION_RUNS} runs per mutant, reports in ${out}\n`,
);
const stryker = spawnSync(join('node_modules', '.bin', 'stryker'), ['run', 'stryker.config.mjs'], { stdio: 'inherit', env: environment });
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
printTable([join(out, 'mutation.json')]);
