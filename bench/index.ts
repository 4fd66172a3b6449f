/**
 * `npm run bench`: how fast faultline simulates and how fast it finds each known bug.
 * Prints tables and writes bench/results/bench.json. Speed goals are checked here, never in tests.
 *
 *   npm run bench                         # everything
 *   npm run bench -- --protocol raft      # one protocol
 *   npm run bench -- --seeds 3 --quick    # fewer seeds, smaller budgets
 *   npm run bench -- --only startup       # one section: startup, speed, variants or linearizability
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import fc from 'fast-check';
import { median } from './stats.ts';
import { Simulator } from '../src/core/simulator.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { hunt, resolveSetup, type HuntSetup } from '../src/hunt/hunt.ts';
import { protocols } from '../src/protocols/registry.ts';
import type { ScheduleProfile } from '../src/core/types.ts';

const options = new Command()
  .option('--protocol <name>', 'only this protocol')
  .option('--seeds <n>', 'seeds per bug variant', (value) => Number(value), 5)
  .option('--quick', 'smaller budgets (for a fast look)')
  .option('--no-explore', 'skip the exhaustive shortest-counterexample search')
  .option('--no-guided', 'skip the guided-search column')
  .option('--no-linearizability', 'skip the linearizability corpus benchmark')
  .addOption(new Option('--only <section>', 'run only this section').choices(['startup', 'speed', 'variants', 'linearizability']))
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ protocol?: string; seeds: number; quick?: boolean; explore: boolean; guided: boolean; linearizability: boolean; only?: string }>();

const runsSection = (name: string): boolean => options.only === undefined || options.only === name;

const root = join(import.meta.dirname, '..');
const selected = protocols.filter((protocol) => options.protocol === undefined || protocol.name === options.protocol);

function setupFor(protocolName: string, variant: string, profile: Partial<ScheduleProfile> = {}): HuntSetup {
  const protocol = protocols.find((known) => known.name === protocolName);
  if (!protocol) throw new Error(`unknown protocol ${protocolName}`);
  const setup = resolveSetup(protocol, variant, {}, profile);
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

// 1. Simulation speed: the same generated schedules, with every-step invariants on and off.
interface SpeedRow {
  protocol: string;
  schedules: number;
  events: number;
  eventsPerSecondAllInvariants: number;
  eventsPerSecondEndChecksOnly: number;
}
const speed: SpeedRow[] = [];
for (const protocol of runsSection('speed') ? selected : []) {
  const setup = setupFor(protocol.name, 'correct');
  const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), {
    numRuns: options.quick ? 300 : 2000,
    seed: 42,
  });
  const measure = (checkEveryStep: boolean): { events: number; perSecond: number } => {
    const simulator = new Simulator(setup, { checkEveryStep });
    for (const schedule of schedules) simulator.run(schedule); // warm-up: let the JIT settle first
    let events = 0;
    const started = performance.now();
    for (const schedule of schedules) {
      const result = simulator.run(schedule);
      events += result.safetySteps + result.livenessSteps;
    }
    const seconds = (performance.now() - started) / 1000;
    return { events, perSecond: Math.round(events / seconds) };
  };
  const all = measure(true);
  const endOnly = measure(false);
  speed.push({
    protocol: protocol.name,
    schedules: schedules.length,
    events: all.events,
    eventsPerSecondAllInvariants: all.perSecond,
    eventsPerSecondEndChecksOnly: endOnly.perSecond,
  });
}
if (runsSection('speed')) console.log('\nSimulation speed (one core, correct model, generated schedules incl. liveness phase)');
if (runsSection('speed'))
  console.log(
    table([
      ['protocol', 'schedules', 'events', 'events/s all invariants', 'events/s end checks only'],
      ...speed.map((row) => [row.protocol, row.schedules, row.events, row.eventsPerSecondAllInvariants, row.eventsPerSecondEndChecksOnly]),
    ]),
  );

// 2. Bug variants: runs and time to the first counterexample, shrinking, and swarm vs uniform.
interface VariantRow {
  protocol: string;
  variant: string;
  expected: string | null;
  caught: string;
  runsToFindMedian: number | null;
  msToFindMedian: number | null;
  shrinkMsMedian: number | null;
  shrunkEventsMedian: number | null;
  shrunkEventsMin: number | null;
  eventsBeforeShrinkMedian: number | null;
  uniformRunsToFindMedian: number | null;
  uniformCaught: string;
  guidedCaught: string;
  guidedRunsToFindMedian: number | null;
  guidedMsToFindMedian: number | null;
  guidedShrunkEventsMedian: number | null;
  shortestFromExplore: number | null;
  exploreComplete: boolean | null;
  properties: string[];
}
const runsBudget = options.quick ? 5_000 : 50_000;
const timeBudgetMs = options.quick ? 5_000 : 20_000;
const variants: VariantRow[] = [];

type ExploreFunction = (
  setup: HuntSetup,
  options: { depth: number; operationsMax: number; statesMax: number; now?: () => number; timeLimitMs?: number },
) => { found: boolean; counterexample?: { events: readonly unknown[] } | null; schedule?: { events: readonly unknown[] } | null; complete?: boolean };
let explore: ExploreFunction | null = null;
if (runsSection('variants') && options.explore && existsSync(join(root, 'src/explore/index.ts'))) {
  const module = (await import('../src/explore/index.ts')) as { explore?: ExploreFunction };
  explore = module.explore ?? null;
}

for (const protocol of runsSection('variants') ? selected : []) {
  for (const variant of protocol.variants) {
    if (variant.name === 'correct') continue;
    const huntMany = (profile: Partial<ScheduleProfile>) => {
      const setup = setupFor(protocol.name, variant.name, profile);
      return Array.from({ length: options.seeds }, (_, index) =>
        hunt(setup, { runs: runsBudget, seed: 1000 + index, timeLimitMs: timeBudgetMs, now: () => performance.now() }),
      );
    };
    const swarmResults = huntMany({ strategy: 'random' });
    const uniformResults = huntMany({ strategy: 'random', swarm: false });
    const guidedResults = options.guided ? huntMany({ strategy: 'guided' }) : [];
    const guidedFound = guidedResults.flatMap((result) => (result.finding ? [result.finding] : []));
    const found = swarmResults.flatMap((result) => (result.finding ? [result.finding] : []));
    const uniformFound = uniformResults.flatMap((result) => (result.finding ? [result.finding] : []));
    let shortest: number | null = null;
    let exploreComplete: boolean | null = null;
    if (explore) {
      try {
        const result = explore(setupFor(protocol.name, variant.name), {
          depth: options.quick ? 6 : 8,
          operationsMax: 2,
          statesMax: options.quick ? 200_000 : 1_000_000,
          now: () => performance.now(),
          timeLimitMs: options.quick ? 10_000 : 60_000,
        });
        const schedule = result.counterexample ?? result.schedule ?? null;
        shortest = result.found && schedule ? schedule.events.length : null;
        exploreComplete = result.complete ?? null;
      } catch (error) {
        console.error(`explore failed for ${protocol.name}/${variant.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    variants.push({
      protocol: protocol.name,
      variant: variant.name,
      expected: variant.expectedViolation ?? null,
      caught: `${found.length}/${swarmResults.length}`,
      runsToFindMedian: median(found.map((finding) => finding.runsToFind)),
      msToFindMedian: median(found.map((finding) => Math.round(finding.msToFind))),
      shrinkMsMedian: median(found.map((finding) => Math.round(finding.shrinkMs))),
      shrunkEventsMedian: median(found.map((finding) => finding.schedule.events.length)),
      shrunkEventsMin: found.length === 0 ? null : Math.min(...found.map((finding) => finding.schedule.events.length)),
      eventsBeforeShrinkMedian: median(found.map((finding) => finding.eventsBeforeShrink)),
      uniformRunsToFindMedian: median(uniformFound.map((finding) => finding.runsToFind)),
      uniformCaught: `${uniformFound.length}/${uniformResults.length}`,
      guidedCaught: options.guided ? `${guidedFound.length}/${guidedResults.length}` : '-',
      guidedRunsToFindMedian: median(guidedFound.map((finding) => finding.runsToFind)),
      guidedMsToFindMedian: median(guidedFound.map((finding) => Math.round(finding.msToFind))),
      guidedShrunkEventsMedian: median(guidedFound.map((finding) => finding.schedule.events.length)),
      shortestFromExplore: shortest,
      exploreComplete,
      properties: [...new Set(found.map((finding) => finding.violation.property))],
    });
  }
}
const show = (value: number | null): string => (value === null ? '-' : String(value));
if (runsSection('variants'))
  console.log(`\nBug variants (median over ${options.seeds} seeds; budget ${runsBudget} runs or ${timeBudgetMs} ms each; swarm on unless "uniform")`);
if (runsSection('variants'))
  console.log(
    table([
      [
        'protocol',
        'variant',
        'caught',
        'runs',
        'ms',
        'shrink ms',
        'shrunk',
        'min',
        'before',
        'explore',
        'uniform caught',
        'uniform runs',
        'guided caught',
        'guided runs',
        'guided ms',
        'guided shrunk',
        'property',
      ],
      ...variants.map((row) => [
        row.protocol,
        row.variant,
        row.caught,
        show(row.runsToFindMedian),
        show(row.msToFindMedian),
        show(row.shrinkMsMedian),
        show(row.shrunkEventsMedian),
        show(row.shrunkEventsMin),
        show(row.eventsBeforeShrinkMedian),
        row.shortestFromExplore === null ? '-' : `${row.shortestFromExplore}${row.exploreComplete === false ? '?' : ''}`,
        row.uniformCaught,
        show(row.uniformRunsToFindMedian),
        row.guidedCaught,
        show(row.guidedRunsToFindMedian),
        show(row.guidedMsToFindMedian),
        show(row.guidedShrunkEventsMedian),
        row.properties.join(',') || '-',
      ]),
    ]),
  );

// 3. The linearizability checker on the corpus (its own benchmark, reused).
let linearizability: unknown = null;
if (runsSection('linearizability') && options.linearizability && existsSync(join(root, 'bench/linearizability.ts'))) {
  console.log('\nLinearizability checker on the Porcupine corpus (bench/linearizability.ts)');
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin/run-ts.mjs'), join(root, 'bench/linearizability.ts'), ...(options.quick ? ['--quick'] : [])],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const resultFile = join(root, 'bench/results/linearizability.json');
  if (run.status === 0 && existsSync(resultFile)) linearizability = JSON.parse(readFileSync(resultFile, 'utf8'));
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
// A run of one section does not overwrite the full results.
const output = join(root, `bench/results/${options.only === undefined ? 'bench' : `bench-${options.only}`}.json`);
writeFileSync(
  output,
  `${JSON.stringify({ machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, startup, speed, variants, linearizability }, null, 2)}\n`,
);
console.log(`\nwrote ${output}`);
