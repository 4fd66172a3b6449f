import { join } from 'node:path';
import { Command } from 'commander';
import { minimizerTrees } from './minimizer-trees.ts';
import { testShorterEndWorldsMax } from '../src/hunt/testing.ts';
import { median } from './stats.ts';

const options = new Command()
  .requiredOption('--before <commit>', 'the commit whose minimizer is "before"')
  .option('--models <commit>', 'the commit whose models and hunt loop every side runs', 'HEAD')
  .option('--budgets <list>', 'shorter-end budgets of the working tree ("default" or a number of worlds)', 'default,500')
  .option('--repeats <n>', 'times each (case, side) runs; CPU ms is the median', (value) => Number(value), 1)
  .option('--only <protocols>', 'only these protocols (comma-separated)')
  .option(
    '--test-limits',
    "every side under the tests' shrink limits (testHunt's: its shorter-end worlds, no exhaustive last passes, no final passes), not the CLI's",
  )
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ before: string; models: string; budgets: string; repeats: number; only?: string; testLimits?: boolean }>();

const root = join(import.meta.dirname, '..');
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const { beforeRoot, afterRoot } = minimizerTrees(root, options.models, options.before);

type HuntModule = typeof import('../src/hunt/hunt.ts');
type MinimizeModule = typeof import('../src/hunt/minimize.ts');
type Registry = typeof import('../src/protocols/registry.ts');
async function load(base: string): Promise<{ hunt: HuntModule; minimize: MinimizeModule; registry: Registry }> {
  return {
    hunt: (await import(join(base, 'src/hunt/hunt.ts'))) as HuntModule,
    minimize: (await import(join(base, 'src/hunt/minimize.ts'))) as MinimizeModule,
    registry: (await import(join(base, 'src/protocols/registry.ts'))) as Registry,
  };
}
const before = await load(beforeRoot);
const after = await load(afterRoot);

interface Case {
  readonly protocol: string;
  readonly variant: string;
  readonly runs: number;
  readonly seed: number;
  readonly profile?: Record<string, unknown>;
}
const raft = (variant: string, runs: number, seed: number): Case => ({ protocol: 'raft', variant, runs, seed });
const zab = (variant: string, runs: number, seed = 1): Case => ({ protocol: 'zab', variant, runs, seed });
const kafka = (variant: string, runs: number, seed: number): Case => ({ protocol: 'kafka', variant, runs, seed, profile: { eventsMax: 80 } });
/** As the three test files hunt them (their `cases` and `expectCaughtAs` calls, 2026-12-01). */
const cases: readonly Case[] = [
  raft('vote-without-log-check', 500, 1),
  raft('volatile-vote', 500, 2),
  raft('vote-count-not-set', 500, 5),
  raft('stale-leader-read', 1000, 6),
  raft('no-truncate-on-conflict', 500, 1),
  raft('commit-old-term', 3000, 6),
  raft('truncate-on-stale-append', 200, 1),
  raft('full-window-stalls', 1000, 7),
  raft('snapshot-discards-log-suffix', 1000, 2),
  raft('snapshot-not-flushed', 1000, 5),
  raft('concurrent-config-changes', 2000, 2),
  zab('diff-without-trunc', 1500),
  zab('ack-before-persist', 4000),
  zab('elect-by-applied-zxid', 1000),
  zab('propose-to-acked-only', 1000),
  zab('no-controller-epoch', 2000),
  zab('snapshot-sessions-behind-zxid', 1500, 3),
  zab('snap-saved-after-ack', 2000, 5),
  kafka('unclean-election', 2000, 1),
  kafka('min-isr-1', 3000, 1),
  kafka('last-replica-standing', 5000, 1),
  kafka('hw-truncation', 3000, 1),
  kafka('epoch-fallback-to-hw', 3000, 2),
].filter((one) => options.only === undefined || options.only.split(',').includes(one.protocol));

const sides = [
  { label: `before (${options.before})`, module: before, worlds: undefined as number | undefined },
  ...options.budgets.split(',').map((budget) => ({
    label: `after, ${budget}`,
    module: after,
    worlds: budget === 'default' ? undefined : Number(budget),
  })),
];
const totals = sides.map(() => ({ ms: 0, events: [] as number[] }));
const lines = [`| case | ${sides.map((side) => side.label).join(' | ')} |`, `| --- |${sides.map(() => ' --- |').join('')}`];
for (const one of cases) {
  const cells: string[] = [];
  for (const [index, side] of sides.entries()) {
    const protocol = side.module.registry.protocols.find((candidate) => candidate.name === one.protocol);
    if (!protocol) throw new Error(`no protocol ${one.protocol}`);
    const setup = side.module.hunt.resolveSetup(protocol, one.variant, {}, one.profile ?? {});
    if ('error' in setup) throw new Error(setup.error);
    const times: number[] = [];
    let length = -1;
    let property = '';
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      const start = cpuMs();
      const run = () => side.module.hunt.hunt(setup, { runs: one.runs, seed: one.seed, now: () => performance.now() });
      // The tests' limits (as `testHunt` sets them), else the CLI's with the side's shorter-end budget.
      const limits = options.testLimits
        ? { now: () => 0, shorterEndWorldsMax: side.worlds ?? testShorterEndWorldsMax, exhaustive: false, finalPasses: false }
        : side.worlds === undefined
          ? null
          : { now: () => 0, shorterEndWorldsMax: side.worlds };
      const result = limits === null ? run() : side.module.minimize.withShrinkLimits(limits, run).value;
      times.push(cpuMs() - start);
      length = result.finding?.schedule.events.length ?? -1;
      property = result.finding?.violation.property ?? '-';
    }
    const ms = median(times) ?? 0;
    const total = totals[index];
    if (total) {
      total.ms += ms;
      total.events.push(length);
    }
    cells.push(`${length} ${property === '' ? '' : `(${property})`} ${Math.round(ms)} ms`);
  }
  lines.push(`| ${one.protocol} / ${one.variant} | ${cells.join(' | ')} |`);
  console.error(lines.at(-1));
}
lines.push(
  `| total | ${totals.map((total) => `${total.events.reduce((sum, events) => sum + events, 0)} events, ${Math.round(total.ms)} ms`).join(' | ')} |`,
);
console.log(lines.join('\n'));
