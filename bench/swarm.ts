/**
 * What the setting swarm is worth (docs/hunting.md#setting-swarm): for every bug variant, the runs
 * a random hunt needs to find it with the swarm on and off, median over seeds, same budget; and the
 * same with the variant's own settings removed (what it declares beyond the correct variant's,
 * e.g. Raft `commit-old-term`'s one entry per append), which shows the bugs the swarm now reaches
 * from the protocol's default settings.
 *
 *     npm run bench -- --only swarm [--quick]
 *     node bin/run-ts.mjs bench/swarm.ts [--runs 2000] [--seeds 5] [--protocol raft] [--variant a,b]
 *
 * Runs to find are those of `faultline hunt --strategy random` (and of the default mixed hunt,
 * whose first 5,000 runs are the random hunt's): the same batches of 100 runs with the same seeds,
 * counted without shrinking (a finding's runs to find do not depend on it). One core, in process.
 * Results also go to bench/results/swarm.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import uniq from 'lodash/uniq.js';
import fc from 'fast-check';
import type { AnyProtocol } from '../src/core/types.ts';
import { chunkSeed, defaultChunkRuns, resolveSetup, type HuntSetup } from '../src/hunt/hunt.ts';
import { huntScheduleArbitrary, simulatorsFor } from '../src/hunt/swarm.ts';
import { protocols } from '../src/protocols/registry.ts';
import { benchCommand, bugVariantNames, namesOutOf, oneOf, positiveInteger } from './options.ts';
import { median } from './stats.ts';

const options = benchCommand('bench/swarm.ts')
  .option('--quick', 'a smaller budget (1,000 runs per hunt)')
  .option('--runs <n>', 'runs per hunt (default 3,000; 1,000 with --quick)', positiveInteger)
  .option('--seeds <n>', 'hunt seeds per variant and mode', positiveInteger, 5)
  .option('--protocol <name>', 'only this protocol', oneOf(protocols.map((protocol) => protocol.name)))
  .option('--variant <names>', "only these variants (comma-separated; the protocol's, with --protocol)")
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ quick?: boolean; runs?: number; seeds: number; protocol?: string; variant?: string }>();

const selected = protocols.filter((known) => options.protocol === undefined || known.name === options.protocol);
const wanted =
  options.variant === undefined
    ? undefined
    : namesOutOf('bench/swarm.ts', '--variant <names>', options.variant, uniq(selected.flatMap((protocol) => bugVariantNames(protocol))));

const runsBudget = options.runs ?? (options.quick ? 1000 : 3000);
const seeds = Array.from({ length: options.seeds }, (_, index) => index + 1);

/** Runs a random hunt of this setup needs to find a violation, or null within the budget; and the property. */
function runsToFind(setup: HuntSetup, huntSeed: number): { runs: number; property: string } | null {
  const simulatorOf = simulatorsFor(setup, { coverage: false });
  const arbitrary = huntScheduleArbitrary(setup);
  for (let chunk = 0; chunk * defaultChunkRuns < runsBudget; chunk++) {
    let run = 0;
    let property: string | null = null;
    fc.check(
      fc.property(arbitrary, (schedule) => {
        run++;
        property = simulatorOf(schedule).run(schedule).violation?.property ?? null;
        return property === null;
      }),
      { seed: chunkSeed(huntSeed, chunk), numRuns: Math.min(defaultChunkRuns, runsBudget - chunk * defaultChunkRuns), endOnFailure: true },
    );
    if (property !== null) return { runs: chunk * defaultChunkRuns + run, property };
  }
  return null;
}

/** The protocol with this variant's own settings (beyond the correct variant's) removed: it runs with the correct variant's. */
function withoutOwnSettings(protocol: AnyProtocol, variant: string): AnyProtocol | null {
  const correct = protocol.variants.find((known) => known.name === 'correct')?.configOverrides ?? {};
  const own = protocol.variants.find((known) => known.name === variant)?.configOverrides ?? {};
  if (Object.entries(own).every(([key, value]) => key in correct && String(correct[key]) === String(value))) return null;
  return { ...protocol, variants: protocol.variants.map((known) => (known.name === variant ? { ...known, configOverrides: correct } : known)) };
}

interface Cell {
  readonly found: number;
  /** Median runs to find over the seeds (a seed that did not find counts as more than the budget); null when most did not find. */
  readonly medianRuns: number | null;
  readonly runs: readonly (number | null)[];
  readonly ms: number;
}

/** Every violation counts as found, as in `faultline hunt`'s self-test ("caught (other property)"). */
function measure(protocol: AnyProtocol, variant: string, settingSwarm: boolean): Cell {
  const setup = resolveSetup(protocol, variant, {}, {}, { settingSwarm });
  if ('error' in setup) throw new Error(`${protocol.name}/${variant}: ${setup.error}`);
  const started = performance.now();
  const runs = seeds.map((seed) => runsToFind(setup, seed)?.runs ?? null);
  const middle = median(runs.map((value) => value ?? Number.POSITIVE_INFINITY)) ?? Number.POSITIVE_INFINITY;
  return {
    found: runs.filter((value) => value !== null).length,
    medianRuns: Number.isFinite(middle) ? middle : null,
    runs,
    ms: performance.now() - started,
  };
}

function cellText(cell: Cell | null): string {
  if (cell === null) return '=';
  return `${cell.medianRuns === null ? '–' : Math.round(cell.medianRuns)} (${cell.found}/${seeds.length})`;
}

interface Row {
  readonly protocol: string;
  readonly variant: string;
  readonly ownSettings: Readonly<Record<string, unknown>> | null;
  readonly off: Cell;
  readonly on: Cell;
  readonly removedOff: Cell | null;
  readonly removedOn: Cell | null;
}

const rows: Row[] = [];
const started = performance.now();
console.log(`Setting swarm: runs to find, random hunt, budget ${runsBudget} runs, ${seeds.length} seeds, load average ${loadavg()[0]?.toFixed(1)}`);
for (const protocol of selected) {
  for (const variant of protocol.variants) {
    if (variant.name === 'correct' || (wanted && !wanted.includes(variant.name))) continue;
    const removed = withoutOwnSettings(protocol, variant.name);
    const own = removed ? (variant.configOverrides ?? {}) : null;
    const row: Row = {
      protocol: protocol.name,
      variant: variant.name,
      ownSettings: own,
      off: measure(protocol, variant.name, false),
      on: measure(protocol, variant.name, true),
      removedOff: removed ? measure(removed, variant.name, false) : null,
      removedOn: removed ? measure(removed, variant.name, true) : null,
    };
    rows.push(row);
    console.log(
      `| ${row.protocol} / ${row.variant} | ${cellText(row.off)} | ${cellText(row.on)} | ${cellText(row.removedOff)} | ${cellText(row.removedOn)} |`,
    );
  }
}
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${loadavg()[0]?.toFixed(1)})`);

const root = join(import.meta.dirname, '..');
mkdirSync(join(root, 'bench/results'), { recursive: true });
const output = join(root, 'bench/results/swarm.json');
writeFileSync(output, `${JSON.stringify({ runsBudget, seeds, loadAverage: loadavg(), date: new Date().toISOString(), rows }, null, 2)}\n`);
console.log(`wrote ${output}`);
