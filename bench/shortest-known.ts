/**
 * `npx tsx bench/shortest-known.ts`: the shortest counterexample known for every bug variant, as
 * checkable data (bench/shortest-known.json), the yardstick the minimizer's shrunk lengths are
 * measured against. Offline and slow (minutes per variant at full budgets); run it when models or
 * the minimizer change, and only ever to improve the file: an entry is replaced only by a
 * strictly shorter schedule that breaks the same property.
 *
 * Sources, each minimized with generous budgets and then made 1-minimal (no single event can be
 * deleted and still break the property):
 *   - explore: `faultline explore`'s breadth-first search, single events and coarse steps;
 *   - hunts: the first failure of many seeds' random and guided hunts (with `--setting-swarm`,
 *     at the settings each failing run drew, as `faultline hunt` does by default);
 *   - `--from FILE`: the entries of another such file (a run elsewhere), checked again;
 *   - recheck: the file's own entries are checked again (after a model change) instead of trusted;
 *   - stories: the committed counterexamples (`counterexamples/P/V.json`) and scenario files.
 * Hand-minimized stories can be added to the JSON by hand (source "hand-minimized"); the test
 * (properties/shrink-shortest-known.test.ts) keeps every entry honest.
 *
 *   npx tsx bench/shortest-known.ts --sources explore --explore-ms 30000
 *   npx tsx bench/shortest-known.ts --sources hunts,stories --seeds 20 --variant hw-truncation
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import isEqual from 'lodash/isEqual.js';
import omit from 'lodash/omit.js';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import { explore } from '../src/explore/explore.ts';
import { hunt, resolveSetup, type HuntSetup } from '../src/hunt/hunt.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { protocols, findProtocol } from '../src/protocols/registry.ts';
import { checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';
import { parseScenario } from '../src/study/scenario.ts';
import { type ShortestKnownEntry, type ShortestKnownFile, redundantEvents, shortestKnownPath } from './shortest-known-data.ts';

const options = new Command()
  .option('--protocol <name>', 'only this protocol')
  .option('--variant <names>', 'only these variants (comma-separated)')
  .option('--sources <names>', 'explore,hunts,stories,recheck', 'explore,hunts,stories')
  .option('--explore-ms <n>', 'time per exploration (each of events and coarse steps)', (value) => Number(value), 20_000)
  .option('--seeds <n>', 'hunt seeds per variant and strategy', (value) => Number(value), 10)
  .option('--guided-seeds <n>', 'guided hunt seeds per variant', (value) => Number(value), 2)
  .option('--setting-swarm', 'hunts draw settings per run (as the CLI does by default)')
  .option('--from <file>', 'offer the entries of another shortest-known file (e.g. a run on another machine)')
  .option('--hunt-runs <n>', 'runs per hunt', (value) => Number(value), 5000)
  .option('--minimize-runs <n>', 'simulator runs per minimization', (value) => Number(value), 40_000)
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{
    protocol?: string;
    variant?: string;
    sources: string;
    exploreMs: number;
    seeds: number;
    guidedSeeds: number;
    settingSwarm?: boolean;
    from?: string;
    huntRuns: number;
    minimizeRuns: number;
  }>();

const root = join(import.meta.dirname, '..');
const sources = new Set(options.sources.split(','));
const file: ShortestKnownFile = existsSync(shortestKnownPath)
  ? (JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile)
  : { about: '', variants: {} };
file.about =
  'The shortest counterexample known per bug variant, at the settings named (beyond the variant\'s defaults; a hunt draws settings per run by default); written by bench/shortest-known.ts, checked by properties/shrink-shortest-known.test.ts. "source" says where it came from; "exploredWithoutFinding" is the deepest exhaustive search at the default settings (single events, at most 2 client operations, two-sided partitions) that found nothing.';

const now = (): number => performance.now();
type Settings = ShortestKnownEntry['settings'];

/** Deletes single events while the property still breaks (the 1-minimal form the test asserts). */
function oneMinimal(setup: HuntSetup, schedule: Schedule, property: string): Schedule {
  const simulator = new Simulator(setup);
  let current = schedule;
  for (let redundant = redundantEvents(simulator, current, property); redundant.length > 0; ) {
    const index = redundant[0] ?? 0;
    current = { ...current, events: current.events.filter((_, other) => other !== index) };
    redundant = redundantEvents(simulator, current, property);
  }
  return current;
}

for (const protocol of protocols) {
  if (options.protocol !== undefined && protocol.name !== options.protocol) continue;
  for (const variant of protocol.variants) {
    if (variant.name === 'correct' || variant.expectedViolation === undefined) continue;
    if (options.variant !== undefined && !options.variant.split(',').includes(variant.name)) continue;
    const key = `${protocol.name}/${variant.name}`;
    const property = variant.expectedViolation;
    const resolved = resolveSetup(protocol, variant.name);
    if ('error' in resolved) throw new Error(resolved.error);
    const setup = resolved;
    const entry: ShortestKnownEntry | undefined = file.variants[key];
    type Best = { schedule: Schedule; source: string; settings: Settings };
    // With `recheck`, the entry is offered again like any candidate (dropped if the model changed so that it no longer fails).
    let best: Best | null = entry && !sources.has('recheck') ? { schedule: entry.schedule, source: entry.source, settings: entry.settings } : null;
    /** Minimizes a failing candidate (at its settings) and keeps it when it is shorter than the best so far. */
    const offer = (schedule: Schedule, source: string, settings: Settings = {}): void => {
      const settingsSetup = resolveSetup(protocol, variant.name, settings);
      if ('error' in settingsSetup) return;
      const simulator = new Simulator(settingsSetup);
      if (simulator.run(schedule).violation?.property !== property) return;
      const minimized = minimizeSchedule(settingsSetup, schedule, property, options.minimizeRuns).schedule;
      const final = omit(oneMinimal(settingsSetup, minimized, property), 'settings');
      if (simulator.run(final).violation?.property !== property) return;
      const label = final.events.length < schedule.events.length ? `${source}, minimized from ${schedule.events.length} events` : source;
      if (best === null || final.events.length < best.schedule.events.length) {
        console.error(
          `  ${key}: ${final.events.length} events (${label})${Object.keys(settings).length > 0 ? ` with ${JSON.stringify(settings)}` : ''}`,
        );
        best = { schedule: final, source: label, settings };
      }
    };
    if (entry && sources.has('recheck')) offer(entry.schedule, entry.source, entry.settings);
    if (options.from !== undefined) {
      const other = (JSON.parse(readFileSync(options.from, 'utf8')) as ShortestKnownFile).variants[key];
      if (other) offer(other.schedule, other.source, other.settings);
    }
    let exploredWithoutFinding = entry?.exploredWithoutFinding ?? 0;
    if (sources.has('explore')) {
      for (const steps of ['events', 'coarse'] as const) {
        const result = explore(setup, {
          depth: 12,
          steps,
          operationsMax: 2,
          statesMax: 2_000_000,
          now,
          timeLimitMs: options.exploreMs,
        });
        const depth = result.found ? result.depthReached - 1 : result.depthReached;
        if (steps === 'events') exploredWithoutFinding = Math.max(exploredWithoutFinding, depth);
        console.error(`  ${key}: explore ${steps} reached depth ${result.depthReached}${result.found ? ' (found)' : ''}`);
        if (result.counterexample && result.violation?.property === property) {
          offer(result.counterexample, `explore --steps ${steps}, depth ${result.depthReached}${result.complete ? ' (shortest in steps)' : ''}`);
        }
      }
    }
    if (sources.has('stories')) {
      const artifactFile = join(root, 'counterexamples', protocol.name, `${variant.name}.json`);
      if (existsSync(artifactFile)) {
        const artifact = checkArtifactForProtocol(artifactFile, parseArtifact(artifactFile, readFileSync(artifactFile, 'utf8')), protocol);
        if (isEqual(artifact.config, setup.config)) {
          offer(artifact.schedule, `counterexamples/${protocol.name}/${variant.name}.json`);
        }
      }
      for (const name of readdirSync(join(root, 'scenarios')).filter((candidate) => candidate.endsWith('.scenario'))) {
        const text = readFileSync(join(root, 'scenarios', name), 'utf8');
        if (!new RegExp(`^protocol ${protocol.name}$`, 'm').test(text) || !new RegExp(`^variant ${variant.name}$`, 'm').test(text)) continue;
        const parsed = parseScenario(
          name,
          text,
          findProtocol,
          protocols.map((known) => known.name),
        );
        if (!parsed.ok || Object.keys(parsed.value.settings).length > 0) continue;
        offer({ randomSeed: parsed.value.randomSeed, events: parsed.value.events }, `scenarios/${name}`);
      }
    }
    if (sources.has('hunts')) {
      for (const strategy of ['random', 'guided'] as const) {
        const strategySetup = resolveSetup(protocol, variant.name, {}, { strategy }, { settingSwarm: options.settingSwarm === true });
        if ('error' in strategySetup) continue;
        for (let seed = 1; seed <= (strategy === 'guided' ? options.guidedSeeds : options.seeds); seed++) {
          const result = hunt(strategySetup, {
            runs: strategy === 'guided' ? 5 * options.huntRuns : options.huntRuns,
            seed,
            timeLimitMs: 30_000,
            now,
          });
          const finding = result.finding;
          if (finding) offer(finding.schedule, `${strategy} hunt seed ${seed}`, (finding.schedule.settings ?? {}) as Settings);
        }
      }
    }
    if (best === null) {
      console.error(`  ${key}: no counterexample known`);
      continue;
    }
    const chosen: Best = best;
    file.variants[key] = {
      protocol: protocol.name,
      variant: variant.name,
      property,
      settings: chosen.settings,
      events: chosen.schedule.events.length,
      source: chosen.source,
      exploredWithoutFinding,
      schedule: chosen.schedule,
    };
    writeFileSync(shortestKnownPath, `${JSON.stringify(sorted(file), null, 1)}\n`);
  }
}

function sorted(data: ShortestKnownFile): ShortestKnownFile {
  const order = protocols.flatMap((protocol) => protocol.variants.map((variant) => `${protocol.name}/${variant.name}`));
  const keys = Object.keys(data.variants).sort((left, right) => order.indexOf(left) - order.indexOf(right));
  return { about: data.about, variants: Object.fromEntries(keys.map((key) => [key, data.variants[key] as ShortestKnownEntry])) };
}
