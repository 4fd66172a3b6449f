import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Simulator as SimulatorClass } from '../src/core/simulator.ts';
import type { hunt as huntFunction, resolveSetup as resolveFunction } from '../src/hunt/hunt.ts';
import type { protocols as protocolList } from '../src/protocols/registry.ts';
import { minimizerTrees } from './minimizer-trees.ts';
import { median } from './stats.ts';
import { type ShortestKnownFile, shortestKnownPath, shortestOfAnyProperty, yardstickOf } from './shortest-known-data.ts';

const options = new Command()
  .requiredOption('--before <commit>', 'the commit whose minimizer is "before"')
  .option('--protocol <name>', 'only this protocol')
  .option('--variant <names>', 'only these variants (comma-separated)')
  .option('--seeds <n>', 'seeds per variant', (value) => Number(value), 5)
  .option('--runs <n>', 'runs per hunt', (value) => Number(value), 5000)
  .option('--models <commit>', 'the commit whose models, search and hunt loop both sides run', 'HEAD')
  .option('--no-setting-swarm', 'hunt at the default settings only (the CLI draws swarm settings by default)')
  .option('--out <file>', 'where to write the rows (default bench/results/shortest-known-measure.json)')
  .option('--findings <dir>', 'also write each finding (schedule and property) to DIR/PROTOCOL-VARIANT-SIDE-SEED.json, to look at or polish again')
  .option('--combine <files>', 'no hunts: the table of the rows in these files (comma-separated), e.g. of runs split by variant')
  .option('--sides <names>', 'which minimizers to run (before,after)', 'before,after')
  .option('--time-limit-ms <n>', 'the wall per hunt (the default hunt has 60 s)', (value) => Number(value), 60_000)
  .option('--clock <kind>', 'what the wall and shrinking times count: wall, or cpu (this process, for a loaded machine)', 'wall')
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{
    before: string;
    models: string;
    settingSwarm: boolean;
    out?: string;
    findings?: string;
    combine?: string;
    sides: string;
    protocol?: string;
    variant?: string;
    seeds: number;
    runs: number;
    timeLimitMs: number;
    clock: string;
  }>();
if (options.clock !== 'wall' && options.clock !== 'cpu') throw new Error(`--clock: wall or cpu, not ${options.clock}`);
/**
 * The hunts' clock: with `cpu`, the process's CPU time, so that the 60 s wall is a minute of one
 * core however loaded the machine is (the CLI on a quiet machine), not a tenth of that at a load of 20.
 */
const now =
  options.clock === 'cpu'
    ? (): number => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      }
    : (): number => performance.now();

const root = join(import.meta.dirname, '..');
const { beforeRoot, afterRoot } = minimizerTrees(root, options.models, options.before);

interface Side {
  hunt: typeof huntFunction;
  resolveSetup: typeof resolveFunction;
  protocols: typeof protocolList;
  Simulator: typeof SimulatorClass;
}
async function load(base: string): Promise<Side> {
  const huntModule = (await import(join(base, 'src/hunt/hunt.ts'))) as typeof import('../src/hunt/hunt.ts');
  const registry = (await import(join(base, 'src/protocols/registry.ts'))) as typeof import('../src/protocols/registry.ts');
  const simulatorModule = (await import(join(base, 'src/core/simulator.ts'))) as typeof import('../src/core/simulator.ts');
  return { hunt: huntModule.hunt, resolveSetup: huntModule.resolveSetup, protocols: registry.protocols, Simulator: simulatorModule.Simulator };
}
process.on('SIGTERM', () => process.exit(143));
const sides = { before: await load(beforeRoot), after: await load(afterRoot) };

/** Per seed that found something: the shrunk length, the shrinking time and the property broken. */
interface SideResult {
  shrunk: number[];
  shrinkMs: number[];
  properties: string[];
  /**
   * Whether the shortest known schedule also breaks the variant's property at the settings of
   * that seed's finding: where it does not (e.g. Raft's story without pre-vote, at drawn
   * `preVote: true`), it is no yardstick for that seed, since shrinking keeps a finding's settings.
   */
  comparable?: boolean[];
  /**
   * Whether the correct model, at the finding's settings, breaks the same property with the same
   * schedule: then the finding is a bug of the correct model, not a counterexample of the variant
   * (marked † in the table, and without a yardstick of another property; see `yardstickOf`).
   */
  onCorrect?: boolean[];
  found: number;
}
interface Row {
  key: string;
  shortestKnown: number | null;
  expected: string | null;
  before: SideResult;
  after: SideResult;
}
const knownAtStart = JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile;
const rows: Row[] =
  options.combine === undefined ? [] : options.combine.split(',').flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows);
for (const protocol of options.combine === undefined ? sides.after.protocols : []) {
  if (options.protocol !== undefined && protocol.name !== options.protocol) continue;
  for (const variant of protocol.variants) {
    if (variant.name === 'correct') continue;
    if (options.variant !== undefined && !options.variant.split(',').includes(variant.name)) continue;
    const key = `${protocol.name}/${variant.name}`;
    const row: Row = {
      key,
      shortestKnown: null,
      expected: variant.expectedViolation ?? null,
      before: { shrunk: [], shrinkMs: [], properties: [], found: 0 },
      after: { shrunk: [], shrinkMs: [], properties: [], found: 0 },
    };
    for (let seed = 1; seed <= options.seeds; seed++) {
      for (const name of (['before', 'after'] as const).filter((side) => options.sides.split(',').includes(side))) {
        const side = sides[name];
        const sideProtocol = side.protocols.find((candidate) => candidate.name === protocol.name);
        if (!sideProtocol) throw new Error(`no protocol ${protocol.name} in ${name}`);
        // As the CLI resolves it by default (a setting swarm where the protocol declares one).
        const setup = side.resolveSetup(sideProtocol, variant.name, {}, {}, { settingSwarm: options.settingSwarm });
        if ('error' in setup) throw new Error(setup.error);
        const result = side.hunt(setup, { runs: options.runs, seed, timeLimitMs: options.timeLimitMs, now });
        if (result.finding) {
          row[name].found++;
          row[name].shrunk.push(result.finding.schedule.events.length);
          row[name].shrinkMs.push(Math.round(result.finding.shrinkMs));
          row[name].properties.push(result.finding.violation.property);
          if (options.findings !== undefined) {
            mkdirSync(options.findings, { recursive: true });
            const file = join(options.findings, `${protocol.name}-${variant.name}-${name}-${seed}.json`);
            writeFileSync(file, `${JSON.stringify({ property: result.finding.violation.property, schedule: result.finding.schedule }, null, 1)}\n`);
          }
          const knownEntry = knownAtStart.variants[key];
          const atSettings = side.resolveSetup(sideProtocol, variant.name, result.finding.schedule.settings ?? {});
          const comparable =
            knownEntry !== undefined &&
            !('error' in atSettings) &&
            new side.Simulator(atSettings).run(knownEntry.schedule).violation?.property === knownEntry.property;
          row[name].comparable = [...(row[name].comparable ?? []), comparable];
          const correct = side.resolveSetup(sideProtocol, 'correct', result.finding.schedule.settings ?? {});
          const onCorrect =
            !('error' in correct) &&
            new side.Simulator(correct).run(result.finding.schedule).violation?.property === result.finding.violation.property;
          row[name].onCorrect = [...(row[name].onCorrect ?? []), onCorrect];
        }
      }
    }
    rows.push(row);
    console.error(
      `  ${key}: before ${row.before.shrunk.join(',')} (${row.before.shrinkMs.join(',')} ms), after ${row.after.shrunk.join(',')} (${row.after.shrinkMs.join(',')} ms)`,
    );
  }
}
// Read last: the file may have improved while the hunts ran.
const known = JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile;
for (const row of rows) row.shortestKnown = known.variants[row.key]?.events ?? null;

const show = (value: number | null): string => (value === null ? '-' : String(value));
const ratioText = (value: number | null): string => (value === null ? '-' : value.toFixed(2));
/** The shrunk lengths, a star on those that broke another property than the variant's, a dagger on those the correct model breaks too. */
const list = (row: Row, side: SideResult): string =>
  side.shrunk
    .map((length, index) => `${length}${side.properties[index] === row.expected ? '' : '*'}${side.onCorrect?.[index] === true ? '†' : ''}`)
    .join(',') || '-';
/**
 * Each finding against the shortest story known of the property it breaks (`yardstickOf`; a
 * finding of a property with none known, or that the correct model breaks too, is left out):
 * shrinking keeps the property it is handed.
 */
const ratiosByProperty = (row: Row, side: SideResult): number[] =>
  side.shrunk.flatMap((length, index) => {
    if (side.onCorrect?.[index] === true) return [];
    const yardstick = yardstickOf(known, row.key, side.properties[index] ?? '')?.events;
    return yardstick ? [length / yardstick] : [];
  });
const lines = [
  "| protocol / variant | shortest known (variant's property) | shortest, any property | before shrunk, median (all) | after shrunk, median (all) | after ÷ shortest of the property found (median over seeds) | after ÷ shortest of any property | after ÷ shortest, comparable seeds | shrink ms before | shrink ms after |",
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
let within = 0;
let foundVariants = 0;
let withinAny = 0;
let foundAny = 0;
let withinComparable = 0;
let comparableVariants = 0;
for (const row of rows) {
  const before = median(row.before.shrunk);
  const after = median(row.after.shrunk);
  const ratio = median(ratiosByProperty(row, row.after));
  if (ratio !== null) {
    foundVariants++;
    if (ratio <= 1.2) within++;
  }
  const anyProperty = shortestOfAnyProperty(known, row.key)?.events ?? null;
  const ratioAny = after !== null && anyProperty ? after / anyProperty : null;
  if (ratioAny !== null) {
    foundAny++;
    if (ratioAny <= 1.2) withinAny++;
  }
  // Only the seeds whose settings the shortest known story also breaks (see SideResult.comparable).
  const comparableAfter = median(row.after.shrunk.filter((_, index) => row.after.comparable?.[index] === true));
  const comparableRatio = comparableAfter !== null && row.shortestKnown ? comparableAfter / row.shortestKnown : null;
  if (comparableRatio !== null) {
    comparableVariants++;
    if (comparableRatio <= 1.2) withinComparable++;
  }
  const comparableCount = row.after.comparable?.filter(Boolean).length ?? 0;
  lines.push(
    `| ${row.key.replace('/', ' / ')} | ${show(row.shortestKnown)} | ${show(anyProperty)} | ${show(before)} (${list(row, row.before)}) | ${show(after)} (${list(row, row.after)}) | ${ratioText(ratio)} | ${ratioText(ratioAny)} | ${comparableRatio === null ? '-' : `${comparableRatio.toFixed(2)} (${comparableCount} of ${row.after.found})`} | ${show(median(row.before.shrinkMs))} | ${show(median(row.after.shrinkMs))} |`,
  );
}
console.log(lines.join('\n'));
console.log('(*: another property than the one the variant is known to break; †: the correct model breaks it too with the same schedule)');
console.log(
  `\n${within} of ${foundVariants} variants found within 1.2x of the shortest known, each finding against the shortest story of the property it breaks (median over ${options.seeds} seeds).`,
);
console.log(`${withinAny} of ${foundAny} within 1.2x of the variant's shortest story of any property (median length).`);
console.log(`${withinComparable} of ${comparableVariants} within 1.2x over the seeds whose settings the shortest known also breaks.`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(options.out ?? join(root, 'bench/results/shortest-known-measure.json'), `${JSON.stringify({ options, rows }, null, 2)}\n`);
