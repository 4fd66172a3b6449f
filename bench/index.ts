/**
 * `npm run bench`: how fast faultline simulates and how fast it finds each known bug.
 * Prints tables and writes bench/results/bench.json. Speed goals are checked here, never in tests.
 *
 *   npm run bench                         # everything
 *   npm run bench -- --protocol raft      # one protocol
 *   npm run bench -- --seeds 3 --quick    # fewer seeds, smaller budgets
 *   npm run bench -- --only startup       # one section: startup, speed, variants, deep, linearizability or swarm
 *   npm run bench -- --only deep          # the four deep stories as the CLI hunts them (2 workers, 60 s)
 *   npm run bench -- --only variants --strategies default --variant-runs 60000 --find-only --compare-with /tmp/base
 *                                         # runs to find of today's default hunt against another checkout's
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option } from 'commander';
import { benchCommand, bugVariantNames, failUsage, namesOutOf, oneOf, positiveInteger, someOf } from './options.ts';
import uniq from 'lodash/uniq.js';
import { median } from './stats.ts';
import { corpusDirectory, corpusPresent } from '../properties/linearizability-support.ts';
import { compareWithProblem, medianRunsWithMisses, runsRatio, showRunsWithMisses, slowerThan } from './variants-compare.ts';
import { type ShortestKnownFile, shortestKnownPath } from './shortest-known-data.ts';
import { Simulator } from '../src/core/simulator.ts';
import { hunt, resolveSetup, type HuntOptions, type HuntResult, type HuntSetup } from '../src/hunt/hunt.ts';
import { setupFor as setupWithSettings } from '../src/hunt/swarm.ts';
import { protocols } from '../src/protocols/registry.ts';
import type { SpeedPass, SpeedWorkerData } from './speed-worker.ts';
import type { ScheduleProfile } from '../src/core/types.ts';

/** The strategy columns of the variants table (`strategyColumns` below), in their order. */
const strategyNames = ['before', 'random', 'guided', 'mixed', 'default'] as const;

const options = benchCommand('bench')
  .option('--protocol <name>', 'only this protocol', oneOf(protocols.map((protocol) => protocol.name)))
  .option('--seeds <n>', 'seeds per bug variant', positiveInteger, 5)
  .option('--quick', 'smaller budgets (for a fast look)')
  .option('--no-explore', 'skip the exhaustive shortest-counterexample search')
  .option('--no-guided', 'skip the guided-search column')
  .option('--no-linearizability', 'skip the linearizability corpus benchmark')
  .option('--variant <names>', "only these bug variants (comma-separated; the protocol's, with --protocol)")
  .option('--deep-seconds <n>', 'time budget per seed of the deep-stories section', positiveInteger, 60)
  .option(
    '--strategies <names>',
    `strategy columns of the variants table, out of ${strategyNames.join(', ')} (before: random with the former profiles; default: as faultline hunt --variant V)`,
    someOf(strategyNames),
    ['before', 'random', 'guided', 'mixed'],
  )
  .option(
    '--variant-runs <n>',
    'runs per hunt of the variants table, with no time limit (a hunt that finds nothing counts as above it)',
    positiveInteger,
  )
  .option('--find-only', 'variants table: stop each hunt at its first failing run, unshrunk (runs to find only)')
  .option(
    '--compare-with <dir>',
    "variants table: another checkout of faultline (e.g. a git worktree of an older commit) hunts each variant as its faultline hunt did by default, same seeds and budget; 'default/base' compares medians",
  )
  .addOption(new Option('--only <section>', 'run only this section').choices(['startup', 'speed', 'variants', 'deep', 'linearizability', 'swarm']))
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{
    protocol?: string;
    variant?: string;
    strategies: string[];
    variantRuns?: number;
    findOnly?: boolean;
    compareWith?: string;
    deepSeconds: number;
    seeds: number;
    quick?: boolean;
    explore: boolean;
    guided: boolean;
    linearizability: boolean;
    only?: string;
  }>();

const root = join(import.meta.dirname, '..');
const runsSection = (name: string): boolean => options.only === undefined || options.only === name;

const selected = protocols.filter((protocol) => options.protocol === undefined || protocol.name === options.protocol);
/** `--variant`'s names, each a bug variant of a selected protocol (else the tables came out empty, exit 0); undefined: all. */
const variantNames =
  options.variant === undefined
    ? undefined
    : namesOutOf('bench', '--variant <names>', options.variant, uniq(selected.flatMap((protocol) => bugVariantNames(protocol))));
/**
 * Why this run has no linearizability figures (recorded in the results, and docs/benchmarks.md
 * says it), null while they are to be measured. Decided before the long sections run: under CI a
 * missing corpus fails the run at once, since a run without the figures would pass for a full one.
 */
let linearizabilityNotMeasured: string | null = null;
if (runsSection('linearizability')) {
  if (!options.linearizability) linearizabilityNotMeasured = '--no-linearizability';
  else if (!corpusPresent) {
    if (process.env.CI) failUsage('bench', `the Porcupine corpus is missing at ${corpusDirectory} (CI requires it; --no-linearizability skips it)`);
    linearizabilityNotMeasured = `the corpus was missing at ${corpusDirectory}`;
    console.error(`bench: skipping the linearizability checker: ${linearizabilityNotMeasured} (recorded as not measured)`);
  }
}
if (options.compareWith !== undefined) {
  // Only the variants section compares: without it the option would be ignored, silently.
  if (!runsSection('variants')) failUsage('bench', '--compare-with compares the variants section: add it to --only (e.g. --only variants)');
  const problem = compareWithProblem(options.compareWith, root);
  if (problem !== null) failUsage('bench', problem);
}

function setupFor(
  protocolName: string,
  variant: string,
  profile: Partial<ScheduleProfile> = {},
  settings: Readonly<Record<string, unknown>> = {},
  settingSwarm = false,
): HuntSetup {
  const protocol = protocols.find((known) => known.name === protocolName);
  if (!protocol) throw new Error(`unknown protocol ${protocolName}`);
  const setup = resolveSetup(protocol, variant, settings, profile, { settingSwarm });
  if ('error' in setup) throw new Error(setup.error);
  return setup;
}

function table(rows: (string | number)[][]): string {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = text[0]?.map((_, column) => Math.max(...text.map((row) => (row[column] ?? '').length))) ?? [];
  return text.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')).join('\n');
}

// 0. Start-up: what every CLI call costs before it does anything, as a ratio to a bare `node -e 0`
//    measured in the same run (the goal: `faultline list` within 3x).
interface StartupRow {
  command: string;
  medianMs: number;
  ratioToNode: number;
}
const startup: StartupRow[] = [];
if (runsSection('startup')) {
  const repeats = options.quick ? 5 : 15;
  const cli = join(root, 'bin/faultline.mjs');
  const timeOf = (args: string[]): number => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`startup benchmark: node ${args.join(' ')} exited ${run.status}`);
    return performance.now() - started;
  };
  // Through tsx, as bin/faultline.mjs ran before the build (and as it still falls back to).
  const throughTsx = `import { register } from 'tsx/esm/api'; register(); const { main } = await import(${JSON.stringify(join(root, 'src/cli/main.ts'))}); process.exitCode = await main(['list']);`;
  const commands: { label: string; args: string[] }[] = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'faultline --version', args: [cli, '--version'] },
    { label: 'faultline list', args: [cli, 'list'] },
    { label: 'faultline list through tsx (no build)', args: ['--input-type=module', '-e', throughTsx] },
  ];
  timeOf([cli, '--version']); // rebuilds dist/ first if a source file is newer
  // Interleaved, so a busy moment of the machine weighs on every command alike.
  const samples = new Map(commands.map((command) => [command.label, [] as number[]]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const command of commands) samples.get(command.label)?.push(timeOf(command.args));
  }
  const nodeMs = median(samples.get('node -e 0') ?? []) ?? 1;
  for (const command of commands) {
    const medianMs = median(samples.get(command.label) ?? []) ?? 0;
    startup.push({ command: command.label, medianMs: Math.round(medianMs), ratioToNode: Math.round((medianMs / nodeMs) * 10) / 10 });
  }
  console.log(`\nStart-up (median of ${repeats} runs each, wall time, same run; goal: faultline list within 3x node -e 0)`);
  console.log(table([['command', 'median ms', 'x node -e 0'], ...startup.map((row) => [row.command, row.medianMs, row.ratioToNode])]));
  const list = startup.find((row) => row.command === 'faultline list');
  if (list) console.log(`faultline list: ${list.ratioToNode}x node -e 0 (${list.ratioToNode <= 3 ? 'within' : 'OVER'} the 3x goal)`);
}

// 1. Simulation speed: the same generated schedules, with every-step invariants on and off, each
//    target in a worker thread of its own (bench/speed-worker.ts, bundled as the CLI is), the
//    targets' passes alternated round by round so that a busy machine weighs on all alike.
interface SpeedRow {
  protocol: string;
  schedules: number;
  events: number;
  eventsPerSecondAllInvariants: number;
  eventsPerSecondEndChecksOnly: number;
  /** Events per CPU second with every invariant against Raft's in the same round: the median over rounds, null without Raft. */
  ratioToRaft: number | null;
  /** The lowest and highest of those per-round ratios. */
  ratioToRaftRange: readonly [number, number] | null;
}
const speed: SpeedRow[] = [];
/** Passes over the schedules before the speed is measured, and rounds measured (their median is the figure). */
const speedWarmUpPasses = 2;
const speedRounds = options.quick ? 7 : 9;
/** Kafka once per control plane: its controller runs on ZAB and on Raft too. */
const speedTargets = selected.flatMap((protocol) =>
  protocol.name === 'kafka'
    ? [
        { label: 'kafka', settings: {} },
        { label: 'kafka (KRaft)', settings: { controlPlane: 'kraft' } },
        { label: 'kafka (ZooKeeper)', settings: { controlPlane: 'zookeeper' } },
      ].map((target) => ({ ...target, protocol }))
    : [{ label: protocol.name, settings: {}, protocol }],
);
if (runsSection('speed')) {
  const { build } = await import('esbuild');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { Worker } = await import('node:worker_threads');
  // What `npm run build` ships (bin/build.mjs): one esbuild bundle, no tsx in the measured code.
  const bundleDirectory = mkdtempSync(join(tmpdir(), 'faultline-speed-'));
  const bundle = join(bundleDirectory, 'speed-worker.mjs');
  await build({
    entryPoints: [join(root, 'bench/speed-worker.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    banner: { js: "import { createRequire as faultlineCreateRequire } from 'node:module'; const require = faultlineCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const schedules = options.quick ? 300 : 2000;
  const jobs = await Promise.all(
    speedTargets.map(async ({ label, settings, protocol }) => {
      const worker = new Worker(bundle, { workerData: { protocol: protocol.name, settings, schedules, seed: 42 } satisfies SpeedWorkerData });
      // One answer awaited at a time: its resolver, or the worker's failure for the next one.
      let answer: { done: (value: unknown) => void; failed: (error: unknown) => void } | null = null;
      worker.on('message', (value) => answer?.done(value));
      worker.on('error', (error) => answer?.failed(error));
      const next = () => new Promise((done, failed) => (answer = { done, failed }));
      await next();
      const pass = (mode: 'all' | 'endOnly') => {
        const measured = next() as Promise<SpeedPass>;
        worker.postMessage(mode);
        return measured;
      };
      return { label, worker, pass, events: 0, all: [] as number[], endOnly: [] as number[] };
    }),
  );
  // Two warm-up passes (the JIT is still settling during the second: events/s climbed from 150k
  // to 360k to 450k over ZAB's first three passes), then rounds of one pass per target and mode,
  // in CPU time, the order reversed every other round.
  for (let pass = 0; pass < speedWarmUpPasses; pass++) for (const job of jobs) for (const mode of ['all', 'endOnly'] as const) await job.pass(mode);
  // Every target's pass with all invariants next to each other (the ratios to Raft compare those), then the end-checks-only ones.
  for (let round = 0; round < speedRounds; round++) {
    for (const mode of ['all', 'endOnly'] as const) {
      for (const job of round % 2 === 0 ? jobs : [...jobs].reverse()) {
        const measured = await job.pass(mode);
        job.events = measured.events;
        job[mode].push(measured.events / (measured.cpuMs / 1000));
      }
    }
  }
  await Promise.all(jobs.map((job) => job.worker.terminate()));
  rmSync(bundleDirectory, { recursive: true, force: true });
  const raft = jobs.find((job) => job.label === 'raft');
  for (const job of jobs) {
    const ratios = raft ? job.all.map((perSecond, round) => perSecond / (raft.all[round] as number)) : [];
    speed.push({
      protocol: job.label,
      schedules,
      events: job.events,
      eventsPerSecondAllInvariants: Math.round(median(job.all) ?? 0),
      eventsPerSecondEndChecksOnly: Math.round(median(job.endOnly) ?? 0),
      ratioToRaft: raft ? Math.round((median(ratios) ?? 0) * 100) / 100 : null,
      ratioToRaftRange: raft ? [Math.round(Math.min(...ratios) * 100) / 100, Math.round(Math.max(...ratios) * 100) / 100] : null,
    });
  }
  console.log(
    `\nSimulation speed (each target in a worker thread of its own, bundled as the CLI is; correct model, ${schedules} generated schedules incl. liveness phase; events per CPU second, median of ${speedRounds} alternated rounds after ${speedWarmUpPasses} warm-up passes; x Raft: median of the per-round ratios, and their range; goal: every protocol at 1 or above with all invariants)`,
  );
  console.log(
    table([
      ['protocol', 'schedules', 'events', 'events/s all invariants', 'x Raft', 'x Raft range', 'events/s end checks only'],
      ...speed.map((row) => [
        row.protocol,
        row.schedules,
        row.events,
        row.eventsPerSecondAllInvariants,
        row.ratioToRaft?.toFixed(2) ?? '-',
        row.ratioToRaftRange ? `${row.ratioToRaftRange[0].toFixed(2)}-${row.ratioToRaftRange[1].toFixed(2)}` : '-',
        row.eventsPerSecondEndChecksOnly,
      ]),
    ]),
  );
}

// 2. Bug variants: per strategy, runs and time to the first counterexample and its shrunk length.
//    "before" is the old default (random search with the variant's former schedule profile); the
//    other columns are today's strategies with the variant's declared profile. Same run, same seeds.
interface StrategyCell {
  caught: string;
  runsToFindMedian: number | null;
  msToFindMedian: number | null;
  shrinkMsMedian: number | null;
  shrunkEventsMedian: number | null;
  shrunkEventsMin: number | null;
  /** Per seed, the runs to the first counterexample, or null when the hunt found none. */
  perSeedRuns: (number | null)[];
  /** The median of `perSeedRuns`, a miss counting as above the budget (Infinity; JSON null). */
  runsToFindMedianWithMisses: number | null;
}
interface VariantRow extends Omit<StrategyCell, 'perSeedRuns' | 'runsToFindMedianWithMisses'> {
  protocol: string;
  variant: string;
  expected: string | null;
  uniformRunsToFindMedian: null;
  guidedCaught: string;
  guidedRunsToFindMedian: number | null;
  guidedMsToFindMedian: number | null;
  guidedShrunkEventsMedian: number | null;
  strategies: Record<string, StrategyCell>;
  shortestFromExplore: number | null;
  exploreComplete: boolean | null;
  properties: string[];
}
// With --variant-runs: that many runs and no time limit, so runs to find do not depend on the load.
const runsBudget = options.variantRuns ?? (options.quick ? 5_000 : 50_000);
const timeBudgetMs = options.variantRuns !== undefined ? undefined : options.quick ? 5_000 : 20_000;
const variants: VariantRow[] = [];

/**
 * The schedule overrides the variants declared before the mixed strategy became the default
 * (commit 191731e): the "before" column hunts with them, as `faultline hunt --variant V` did.
 */
const formerScheduleOverrides: Record<string, Partial<ScheduleProfile>> = {
  'raft/commit-old-term': {
    eventsMax: 150,
    weights: { deliver: 40, drop: 0, duplicate: 0, tick: 45, crash: 0, restart: 0, partition: 10, heal: 3, client: 0 },
  },
  'zab/ack-before-newleader': { strategy: 'guided' },
  'kafka/no-fetch-epoch-fencing': {
    weights: { deliver: 40, drop: 6, duplicate: 1, tick: 30, crash: 4, restart: 3, partition: 2, heal: 1, client: 10 },
    eventsMax: 250,
  },
};
/**
 * The strategy columns: name, the profile overrides (beyond the variant's own) that make it, and
 * whether runs draw the protocol's swarm settings, as `faultline hunt` does by default ("before"
 * is the old default, which did not).
 */
interface StrategyColumn {
  name: (typeof strategyNames)[number];
  profile: (key: string) => Partial<ScheduleProfile>;
  settingSwarm: boolean;
}
const strategyColumns = (
  [
    {
      name: 'before',
      profile: (key: string): Partial<ScheduleProfile> => ({ strategy: 'random', ...formerScheduleOverrides[key] }),
      settingSwarm: false,
    },
    { name: 'random', profile: (): Partial<ScheduleProfile> => ({ strategy: 'random' }), settingSwarm: true },
    { name: 'guided', profile: (): Partial<ScheduleProfile> => ({ strategy: 'guided' }), settingSwarm: true },
    { name: 'mixed', profile: (): Partial<ScheduleProfile> => ({ strategy: 'mixed' }), settingSwarm: true },
    // Exactly `faultline hunt --protocol P --variant V`: the variant's declared profile (mixed unless it names a strategy), swarm settings drawn.
    { name: 'default', profile: (): Partial<ScheduleProfile> => ({}), settingSwarm: true },
  ] satisfies StrategyColumn[]
).filter((column) => options.strategies.includes(column.name) && (options.guided || column.name !== 'guided'));

type ExploreFunction = (
  setup: HuntSetup,
  options: { depth: number; search?: 'fault-ladder'; operationsMax: number; statesMax: number; now?: () => number; timeLimitMs?: number },
) => {
  found: boolean;
  counterexample?: { events: readonly unknown[] } | null;
  schedule?: { events: readonly unknown[] } | null;
  complete?: boolean;
  /** The fault budget a fault-ladder counterexample is shortest within (`any`: shortest outright). */
  faults?: string;
};
const shortestKnown = JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile;
let explore: ExploreFunction | null = null;
if (runsSection('variants') && options.explore && existsSync(join(root, 'src/explore/index.ts'))) {
  const module = (await import('../src/explore/index.ts')) as { explore?: ExploreFunction };
  explore = module.explore ?? null;
}

/** Another checkout's hunt (`--compare-with`), loaded from its sources: the functions its own bench and CLI call. */
interface OtherCheckout {
  protocols: readonly { name: string; variants: readonly { name: string }[] }[];
  resolveSetup: (protocol: unknown, variant: string, overrides: object, profile: object, options: object) => object;
  hunt: (setup: object, options: HuntOptions) => { finding: { runsToFind: number; msToFind: number; violation: { property: string } } | null };
}
let other: OtherCheckout | null = null;
if (runsSection('variants') && options.compareWith !== undefined) {
  const from = (path: string) => import(pathToFileURL(join(resolvePath(options.compareWith ?? '.'), path)).href);
  const [registry, hunting] = await Promise.all([from('src/protocols/registry.ts'), from('src/hunt/hunt.ts')]);
  other = { protocols: registry.protocols, resolveSetup: hunting.resolveSetup, hunt: hunting.hunt };
}
/** The hunt options of every hunt of the variants table, ours and the other checkout's (an older one ignores `findOnly` and shrinks). */
const variantHuntOptions = (index: number): HuntOptions => ({
  runs: runsBudget,
  seed: 1000 + index,
  ...(timeBudgetMs === undefined ? {} : { timeLimitMs: timeBudgetMs }),
  now: () => performance.now(),
  ...(options.findOnly ? { findOnly: true } : {}),
});
/** The other checkout's default hunt of a variant, per seed (null: it has no such variant). */
function huntOther(protocolName: string, variantName: string): StrategyCell | null {
  const protocol = other?.protocols.find((known) => known.name === protocolName);
  if (!other || !protocol?.variants.some((known) => known.name === variantName)) return null;
  // As its `faultline hunt --protocol P --variant V` resolves it (a checkout before the setting swarm ignores the option).
  const setup = other.resolveSetup(protocol, variantName, {}, {}, { settingSwarm: true });
  if ('error' in setup) return null;
  const hunted = Array.from({ length: options.seeds }, (_, index) => other?.hunt(setup, variantHuntOptions(index)).finding ?? null);
  const found = hunted.flatMap((finding) => (finding ? [finding] : []));
  const perSeedRuns = hunted.map((finding) => finding?.runsToFind ?? null);
  return {
    caught: `${found.length}/${hunted.length}`,
    runsToFindMedian: median(found.map((finding) => finding.runsToFind)),
    msToFindMedian: median(found.map((finding) => Math.round(finding.msToFind))),
    shrinkMsMedian: null,
    shrunkEventsMedian: null,
    shrunkEventsMin: null,
    perSeedRuns,
    runsToFindMedianWithMisses: medianRunsWithMisses(perSeedRuns),
  };
}

const selectedVariants = (protocol: (typeof selected)[number]) =>
  protocol.variants.filter((variant) => variant.name !== 'correct' && (variantNames === undefined || variantNames.includes(variant.name)));

for (const protocol of runsSection('variants') ? selected : []) {
  for (const variant of selectedVariants(protocol)) {
    const key = `${protocol.name}/${variant.name}`;
    const strategies: Record<string, StrategyCell> = {};
    const properties = new Set<string>();
    for (const column of strategyColumns) {
      const setup = setupFor(protocol.name, variant.name, column.profile(key), {}, column.settingSwarm);
      const results = Array.from({ length: options.seeds }, (_, index) => hunt(setup, variantHuntOptions(index)));
      const found = results.flatMap((result) => (result.finding ? [result.finding] : []));
      for (const finding of found) properties.add(finding.violation.property);
      const perSeedRuns = results.map((result) => result.finding?.runsToFind ?? null);
      strategies[column.name] = {
        perSeedRuns,
        runsToFindMedianWithMisses: medianRunsWithMisses(perSeedRuns),
        caught: `${found.length}/${results.length}`,
        runsToFindMedian: median(found.map((finding) => finding.runsToFind)),
        msToFindMedian: median(found.map((finding) => Math.round(finding.msToFind))),
        shrinkMsMedian: median(found.map((finding) => Math.round(finding.shrinkMs))),
        shrunkEventsMedian: median(found.map((finding) => finding.schedule.events.length)),
        shrunkEventsMin: found.length === 0 ? null : Math.min(...found.map((finding) => finding.schedule.events.length)),
      };
    }
    const base = huntOther(protocol.name, variant.name);
    if (base) strategies.base = base;
    let shortest: number | null = null;
    let exploreComplete: boolean | null = null;
    if (explore) {
      try {
        const result = explore(setupFor(protocol.name, variant.name), {
          depth: options.quick ? 6 : 8,
          // Exact searches within no fault, one crash, one partition, one message fault and any faults, side by side (docs/exploring.md).
          search: 'fault-ladder',
          operationsMax: 2,
          statesMax: options.quick ? 200_000 : 1_000_000,
          now: () => performance.now(),
          timeLimitMs: options.quick ? 10_000 : 60_000,
        });
        const schedule = result.counterexample ?? result.schedule ?? null;
        shortest = result.found && schedule ? schedule.events.length : null;
        // A counterexample found within a smaller fault budget is shortest only there: marked '?' like an incomplete search.
        exploreComplete = result.complete === undefined ? null : result.complete && (result.faults ?? 'any') === 'any';
      } catch (error) {
        console.error(`explore failed for ${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // The shortest counterexample known (bench/shortest-known.json) when it is shorter than this run's exploration found.
    const known = shortestKnown.variants[key]?.events ?? null;
    if (known !== null && (shortest === null || known < shortest)) [shortest, exploreComplete] = [known, null];
    // The flat fields scripts/docs.ts reads (docs/benchmarks.json): the default strategy's, and guided search's.
    const defaultCell = strategies.mixed;
    const guidedCell = strategies.guided;
    variants.push({
      protocol: protocol.name,
      variant: variant.name,
      expected: variant.expectedViolation ?? null,
      caught: defaultCell?.caught ?? '-',
      runsToFindMedian: defaultCell?.runsToFindMedian ?? null,
      msToFindMedian: defaultCell?.msToFindMedian ?? null,
      shrinkMsMedian: defaultCell?.shrinkMsMedian ?? null,
      shrunkEventsMedian: defaultCell?.shrunkEventsMedian ?? null,
      shrunkEventsMin: defaultCell?.shrunkEventsMin ?? null,
      uniformRunsToFindMedian: null,
      guidedCaught: guidedCell?.caught ?? '-',
      guidedRunsToFindMedian: guidedCell?.runsToFindMedian ?? null,
      guidedMsToFindMedian: guidedCell?.msToFindMedian ?? null,
      guidedShrunkEventsMedian: guidedCell?.shrunkEventsMedian ?? null,
      strategies,
      shortestFromExplore: shortest,
      exploreComplete,
      properties: [...properties],
    });
    console.error(
      `  ${key}: ${[...strategyColumns.map((column) => column.name), ...(other ? ['base'] : [])].map((name) => `${name} ${strategies[name]?.caught ?? '-'} runs ${JSON.stringify(strategies[name]?.perSeedRuns ?? null)}`).join(', ')}`,
    );
  }
}
function show(value: number | null): string {
  return value === null ? '-' : String(value);
}
/** b / a as "1.0x", or "-" when either is missing. */
function ratio(a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || b === null || b === undefined || a === 0 ? '-' : `${(b / a).toFixed(1)}x`;
}
if (runsSection('variants')) {
  console.log(
    `\nBug variants (median over ${options.seeds} seeds; budget ${runsBudget} runs${timeBudgetMs === undefined ? ', no time limit' : ` or ${timeBudgetMs} ms`} each, one thread; "before": random search with the variant's former profile, the old default (no setting swarm); random, guided and mixed draw swarm settings per run as faultline hunt does, and "mixed" is its default strategy; shrunk: median (shortest))`,
  );
  console.log(
    table([
      [
        'protocol/variant',
        ...strategyColumns.flatMap((column) => [`${column.name} caught`, `${column.name} runs`, `${column.name} ms`, `${column.name} shrunk`]),
        'mixed/before runs',
        'explore',
        'property',
      ],
      ...variants.map((row) => [
        `${row.protocol}/${row.variant}`,
        ...strategyColumns.flatMap((column) => {
          const cell = row.strategies[column.name];
          return [
            cell?.caught ?? '-',
            show(cell?.runsToFindMedian ?? null),
            show(cell?.msToFindMedian ?? null),
            cell?.shrunkEventsMedian == null ? '-' : `${cell.shrunkEventsMedian} (${cell.shrunkEventsMin})`,
          ];
        }),
        ratio(row.strategies.before?.runsToFindMedian, row.strategies.mixed?.runsToFindMedian),
        row.shortestFromExplore === null ? '-' : `${row.shortestFromExplore}${row.exploreComplete === false ? '?' : ''}`,
        row.properties.join(',') || '-',
      ]),
    ]),
  );
}
// Issue 17's "no other variant slower than 2x in runs": today's default hunt against the other
// checkout's (--compare-with) and against "before", medians with a miss counted as above the budget.
const againstColumns = ['base', 'before'].filter((name) =>
  name === 'base' ? other !== null : strategyColumns.some((column) => column.name === name),
);
if (runsSection('variants') && strategyColumns.some((column) => column.name === 'default') && againstColumns.length > 0) {
  const medianOf = (row: VariantRow, name: string) => row.strategies[name]?.runsToFindMedianWithMisses ?? null;
  console.log(
    `\nRuns to find, faultline hunt's default against ${againstColumns.map((name) => (name === 'base' ? `the default of ${options.compareWith}` : '"before"')).join(' and ')} (seeds ${1000}-${999 + options.seeds}, ${runsBudget} runs each${options.findOnly ? ', unshrunk' : ''}; a miss counts as above the budget; per seed: runs or -)`,
  );
  console.log(
    table([
      [
        'protocol/variant',
        ...againstColumns.flatMap((name) => [`${name} caught`, `${name} median`]),
        'default caught',
        'default median',
        ...againstColumns.map((name) => `default/${name}`),
        'over 2x',
        'per seed (default)',
      ],
      ...variants.map((row) => [
        `${row.protocol}/${row.variant}`,
        ...againstColumns.flatMap((name) => [row.strategies[name]?.caught ?? '-', showRunsWithMisses(medianOf(row, name), runsBudget)]),
        row.strategies.default?.caught ?? '-',
        showRunsWithMisses(medianOf(row, 'default'), runsBudget),
        ...againstColumns.map((name) => runsRatio(medianOf(row, name), medianOf(row, 'default'), runsBudget)),
        againstColumns.filter((name) => slowerThan(medianOf(row, name), medianOf(row, 'default'), 2)).join(',') || '-',
        (row.strategies.default?.perSeedRuns ?? []).map((runs) => (runs === null ? '-' : String(runs))).join(' '),
      ]),
    ]),
  );
}

// 2b. The deep stories: `faultline hunt --protocol P --variant V` as the CLI runs it (default
//     strategy and profile, 2 workers, 60 s), per seed. Goal: found in at least 4 of 5 seeds.
interface DeepRow {
  protocol: string;
  variant: string;
  strategy: string;
  caught: string;
  runsToFindMedian: number | null;
  msToFindMedian: number | null;
  shrunkEventsMedian: number | null;
  cpuSecondsMedian: number | null;
  perSeed: { seed: number; found: boolean; property: string | null; runs: number; ms: number; cpuMs: number; shrunk: number | null }[];
}
/**
 * A deep story is found when the variant's own property breaks, or another safety property on a
 * schedule the correct model survives (Kafka `isr-expand-before-hw` often breaks
 * `committed-data-stable` at the step the committed record changes, before `no-acked-write-lost`
 * would at the end of the run). A liveness property the variant breaks is another story.
 */
function isTheStory(setup: HuntSetup, finding: NonNullable<HuntResult['finding']>): boolean {
  if (finding.violation.property === setup.protocol.variants.find((known) => known.name === setup.variant)?.expectedViolation) return true;
  if (finding.violation.category !== 'safety') return false;
  const correct = resolveSetup(setup.protocol, 'correct', {}, {}, { settingSwarm: true });
  if ('error' in correct) return false;
  return new Simulator(setupWithSettings(correct, finding.schedule)).run(finding.schedule).violation === null;
}
const deepVariants = ['raft/commit-old-term', 'zab/ack-before-newleader', 'kafka/no-fetch-epoch-fencing', 'kafka/isr-expand-before-hw'];
const deep: DeepRow[] = [];
if (runsSection('deep')) {
  const { runHunt, HuntPool } = await import('../src/hunt/parallel.ts');
  // The goal's figure (found within 60 s), so `--quick` does not shorten it.
  const deepTimeMs = options.deepSeconds * 1000;
  for (const key of deepVariants) {
    const [protocolName = '', variantName = ''] = key.split('/');
    if (options.protocol !== undefined && options.protocol !== protocolName) continue;
    if (variantNames !== undefined && !variantNames.includes(variantName)) continue;
    // As `faultline hunt` resolves it: the setting swarm on.
    const protocol = protocols.find((known) => known.name === protocolName);
    if (!protocol) throw new Error(`unknown protocol ${protocolName}`);
    const setup = resolveSetup(protocol, variantName, {}, {}, { settingSwarm: true });
    if ('error' in setup) throw new Error(setup.error);
    const perSeed: DeepRow['perSeed'] = [];
    for (let index = 0; index < options.seeds; index++) {
      const pool = new HuntPool();
      try {
        // The process's CPU time covers its worker threads: on a busy machine 60 s of wall time
        // is much less than 120 s of CPU, so the CPU seconds say what the search was given.
        const cpuBefore = process.cpuUsage();
        const result = await runHunt(setup, { runs: 1_000_000_000, seed: 1000 + index, timeLimitMs: deepTimeMs, workers: 2, pool });
        const cpu = process.cpuUsage(cpuBefore);
        const finding = result.finding;
        perSeed.push({
          seed: 1000 + index,
          found: finding !== null && isTheStory(setup, finding),
          property: finding?.violation.property ?? null,
          runs: finding?.runsToFind ?? result.runs,
          ms: Math.round(finding?.msToFind ?? result.ms),
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
          shrunk: finding?.schedule.events.length ?? null,
        });
      } finally {
        pool.close();
      }
      console.error(`  deep ${key} seed ${1000 + index}: ${JSON.stringify(perSeed[perSeed.length - 1])}`);
    }
    const found = perSeed.filter((entry) => entry.found);
    deep.push({
      protocol: protocolName,
      variant: variantName,
      strategy: setup.profile.strategy ?? 'mixed',
      caught: `${found.length}/${perSeed.length}`,
      runsToFindMedian: median(found.map((entry) => entry.runs)),
      msToFindMedian: median(found.map((entry) => entry.ms)),
      cpuSecondsMedian: median(perSeed.map((entry) => Math.round(entry.cpuMs / 100) / 10)),
      shrunkEventsMedian: median(found.flatMap((entry) => (entry.shrunk === null ? [] : [entry.shrunk]))),
      perSeed,
    });
  }
  console.log(
    `\nDeep stories: faultline hunt --protocol P --variant V (default strategy, profile and setting swarm), 2 workers, ${deepTimeMs / 1000} s, ${options.seeds} seeds; load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' / ')} at the end ("cpu s": CPU seconds a hunt got, median over seeds, finding and shrinking included)`,
  );
  console.log(
    table([
      ['protocol/variant', 'strategy', 'caught', 'runs', 'ms', 'cpu s', 'shrunk', 'per seed (ms or -)'],
      ...deep.map((row) => [
        `${row.protocol}/${row.variant}`,
        row.strategy,
        row.caught,
        show(row.runsToFindMedian),
        show(row.msToFindMedian),
        show(row.cpuSecondsMedian),
        show(row.shrunkEventsMedian),
        row.perSeed.map((entry) => (entry.found ? String(entry.ms) : '-')).join(' '),
      ]),
    ]),
  );
}

// 3. The linearizability checker on the corpus (its own benchmark, reused). A wrong verdict fails
//    the run; a missing corpus fails it under CI and is otherwise recorded as the reason it has no figures.
let linearizability: unknown = null;
if (runsSection('linearizability') && linearizabilityNotMeasured === null) {
  console.log('\nLinearizability checker on the Porcupine corpus (bench/linearizability.ts)');
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin/run-ts.mjs'), join(root, 'bench/linearizability.ts'), ...(options.quick ? ['--quick'] : [])],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (run.status === 0) linearizability = JSON.parse(readFileSync(join(root, 'bench/results/linearizability.json'), 'utf8'));
  else {
    linearizabilityNotMeasured =
      run.status === 1 ? 'the checker disagreed with the corpus on a verdict' : `bench:linearizability exited ${run.status ?? `on ${run.signal}`}`;
    console.error(`bench: linearizability failed: ${linearizabilityNotMeasured} (see above)`);
    process.exitCode = 1;
  }
}

// 4. The setting swarm, on and off, per bug variant (its own benchmark, bench/swarm.ts; only with --only swarm: it is long).
if (options.only === 'swarm') {
  const swarmArguments = [
    ...(options.quick ? ['--quick'] : []),
    ...(options.protocol === undefined ? [] : ['--protocol', options.protocol]),
    ...(variantNames === undefined ? [] : ['--variant', variantNames.join(',')]),
    ...['--seeds', String(options.seeds)],
  ];
  const run = spawnSync(process.execPath, [join(root, 'bin/run-ts.mjs'), join(root, 'bench/swarm.ts'), ...swarmArguments], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    console.error(`bench: bench/swarm.ts exited ${run.status ?? `on ${run.signal}`}`);
    process.exitCode = 1;
  }
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
// A run of one section does not overwrite the full results.
const output = join(root, `bench/results/${options.only === undefined ? 'bench' : `bench-${options.only}`}.json`);
writeFileSync(
  output,
  `${JSON.stringify({ machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg(), date: new Date().toISOString() }, startup, speed, variants, deep, linearizability, linearizabilityNotMeasured }, null, 2)}\n`,
);
console.log(`\nwrote ${output}`);
