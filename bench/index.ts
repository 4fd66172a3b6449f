/**
 * `npm run bench`: how fast faultline simulates and how fast it finds each known bug.
 * Prints tables and writes bench/results/bench.json. Speed goals are checked here, never in tests.
 *
 *   npm run bench                         # everything
 *   npm run bench -- --protocol raft      # one protocol
 *   npm run bench -- --seeds 3 --quick    # fewer seeds, smaller budgets
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
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
  .parse(process.argv.slice(2), { from: "user" })
  .opts<{ protocol?: string; seeds: number; quick?: boolean; explore: boolean; guided: boolean; linearizability: boolean }>();

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

// 1. Simulation speed: the same generated schedules, with every-step invariants on and off.
interface SpeedRow {
  protocol: string;
  schedules: number;
  events: number;
  eventsPerSecondAllInvariants: number;
  eventsPerSecondEndChecksOnly: number;
}
const speed: SpeedRow[] = [];
for (const protocol of selected) {
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
console.log('\nSimulation speed (one core, correct model, generated schedules incl. liveness phase)');
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
if (options.explore && existsSync(join(root, 'src/explore/index.ts'))) {
  const module = (await import('../src/explore/index.ts')) as { explore?: ExploreFunction };
  explore = module.explore ?? null;
}

for (const protocol of selected) {
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
console.log(`\nBug variants (median over ${options.seeds} seeds; budget ${runsBudget} runs or ${timeBudgetMs} ms each; swarm on unless "uniform")`);
console.log(
  table([
    ['protocol', 'variant', 'caught', 'runs', 'ms', 'shrink ms', 'shrunk', 'min', 'before', 'explore', 'uniform caught', 'uniform runs', 'guided caught', 'guided runs', 'guided ms', 'guided shrunk', 'property'],
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
if (options.linearizability && existsSync(join(root, 'bench/linearizability.ts'))) {
  console.log('\nLinearizability checker on the Porcupine corpus (bench/linearizability.ts)');
  const run = spawnSync(process.execPath, [join(root, 'bin/run-ts.mjs'), join(root, 'bench/linearizability.ts'), ...(options.quick ? ['--quick'] : [])], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const resultFile = join(root, 'bench/results/linearizability.json');
  if (run.status === 0 && existsSync(resultFile)) linearizability = JSON.parse(readFileSync(resultFile, 'utf8'));
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
const output = join(root, 'bench/results/bench.json');
writeFileSync(
  output,
  `${JSON.stringify({ machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, speed, variants, linearizability }, null, 2)}\n`,
);
console.log(`\nwrote ${output}`);
