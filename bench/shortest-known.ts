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
 *   - stories: the committed counterexamples (`counterexamples/P/V.json`) and scenario files;
 *   - `--findings DIR`: the findings `shortest-known-measure.ts --findings DIR` wrote, of whatever
 *     property each breaks: one of another property than the variant's (and that the correct
 *     model does not break) is kept under `otherProperties`, the yardstick of the findings of that
 *     property (see `yardstickOf` in shortest-known-data.ts).
 * Hand-minimized stories can be added to the JSON by hand (source "hand-minimized"); the test
 * (properties/shrink-shortest-known.test.ts) keeps every entry honest.
 *
 *   npx tsx bench/shortest-known.ts --sources explore --explore-ms 30000
 *   npx tsx bench/shortest-known.ts --sources hunts,stories --seeds 20 --variant hw-truncation
 *   npx tsx bench/shortest-known.ts --sources findings --findings scratch/measure --minimize-runs 4000
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
import { type ShortestKnownEntry, type ShortestKnownFile, otherPropertyKey, redundantEvents, shortestKnownPath } from './shortest-known-data.ts';

const options = new Command()
  .option('--protocol <name>', 'only this protocol')
  .option('--variant <names>', 'only these variants (comma-separated)')
  .option('--sources <names>', 'explore,hunts,stories,recheck (with --findings, only those: --sources findings)', 'explore,hunts,stories')
  .option('--explore-ms <n>', 'time per exploration (each of events and coarse steps)', (value) => Number(value), 20_000)
  .option('--seeds <n>', 'hunt seeds per variant and strategy', (value) => Number(value), 10)
  .option('--guided-seeds <n>', 'guided hunt seeds per variant', (value) => Number(value), 2)
  .option('--setting-swarm', 'hunts draw settings per run (as the CLI does by default)')
  .option('--from <file>', 'offer the entries of another shortest-known file (e.g. a run on another machine)')
  .option(
    '--findings <dir>',
    "offer the findings in DIR (shortest-known-measure.ts --findings), of any property: another than the variant's goes to otherProperties",
  )
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
    findings?: string;
    huntRuns: number;
    minimizeRuns: number;
  }>();

const root = join(import.meta.dirname, '..');
const sources = new Set(options.sources.split(','));
const file: ShortestKnownFile = existsSync(shortestKnownPath)
  ? (JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile)
  : { about: '', variants: {} };
file.about =
  'The shortest counterexample known per bug variant, at the settings named (beyond the variant\'s defaults; a hunt draws settings per run by default); written by bench/shortest-known.ts, checked by properties/shrink-shortest-known.test.ts. "source" says where it came from; "exploredWithoutFinding" is the deepest exhaustive search at the default settings (single events, at most 2 client operations, two-sided partitions) that found nothing. "otherProperties" (keyed "protocol/variant property"): the shortest story known of another property that hunts of the variant report and the correct model does not break with that story; a finding is measured against the shortest story of the property it breaks (bench/shortest-known-data.ts, yardstickOf).';

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
    /** The shortest story so far of each other property the variant's hunts report (see `ShortestKnownFile.otherProperties`). */
    const bestOther = new Map<string, Best>();
    for (const [otherKey, other] of Object.entries(file.otherProperties ?? {})) {
      if (otherKey === otherPropertyKey(key, other.property) && !sources.has('recheck')) {
        bestOther.set(other.property, { schedule: other.schedule, source: other.source, settings: other.settings });
      }
    }
    /**
     * Minimizes a failing candidate (at its settings, for the property it breaks) and keeps it when
     * it is shorter than the best so far of that property. A story of another property than the
     * variant's counts only where the correct model does not break it too: then it is the variant's doing.
     */
    const offer = (schedule: Schedule, source: string, settings: Settings = {}, broken = property): void => {
      const settingsSetup = resolveSetup(protocol, variant.name, settings);
      if ('error' in settingsSetup) return;
      const simulator = new Simulator(settingsSetup);
      if (simulator.run(schedule).violation?.property !== broken) return;
      const minimized = minimizeSchedule(settingsSetup, schedule, broken, options.minimizeRuns).schedule;
      const final = omit(oneMinimal(settingsSetup, minimized, broken), 'settings');
      if (simulator.run(final).violation?.property !== broken) return;
      if (broken !== property) {
        const correct = resolveSetup(protocol, 'correct', settings);
        if ('error' in correct || new Simulator(correct).run(final).violation?.property === broken) return;
      }
      const label = final.events.length < schedule.events.length ? `${source}, minimized from ${schedule.events.length} events` : source;
      const previous = broken === property ? best : (bestOther.get(broken) ?? null);
      if (previous === null || final.events.length < previous.schedule.events.length) {
        console.error(
          `  ${key}${broken === property ? '' : ` (${broken})`}: ${final.events.length} events (${label})${Object.keys(settings).length > 0 ? ` with ${JSON.stringify(settings)}` : ''}`,
        );
        const chosen = { schedule: final, source: label, settings };
        if (broken === property) best = chosen;
        else bestOther.set(broken, chosen);
      }
    };
    if (entry && sources.has('recheck')) offer(entry.schedule, entry.source, entry.settings);
    if (sources.has('recheck')) {
      for (const [otherKey, other] of Object.entries(file.otherProperties ?? {})) {
        if (otherKey !== otherPropertyKey(key, other.property)) continue;
        offer(other.schedule, other.source, other.settings, other.property);
        // Kept only if it still holds (offered above); rewritten below.
        delete file.otherProperties?.[otherKey];
      }
    }
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
    if (options.findings !== undefined) {
      // `shortest-known-measure.ts --findings DIR`'s files: PROTOCOL-VARIANT-SIDE-SEED.json, each { property, schedule }
      // (and `neighbour-stories.ts --out DIR`'s, PROTOCOL-VARIANT-around-N.json).
      const prefix = `${protocol.name}-${variant.name}-`;
      for (const name of readdirSync(options.findings).sort()) {
        if (!name.startsWith(prefix) || !/^(before|after|around)-\d+\.json$/.test(name.slice(prefix.length))) continue;
        const finding = JSON.parse(readFileSync(join(options.findings, name), 'utf8')) as { property: string; schedule: Schedule };
        offer(omit(finding.schedule, 'settings'), `finding ${name}`, (finding.schedule.settings ?? {}) as Settings, finding.property);
      }
    }
    const entryOf = (chosen: Best, broken: string): ShortestKnownEntry => ({
      protocol: protocol.name,
      variant: variant.name,
      property: broken,
      settings: chosen.settings,
      events: chosen.schedule.events.length,
      source: chosen.source,
      exploredWithoutFinding,
      schedule: chosen.schedule,
    });
    for (const [broken, chosen] of bestOther) {
      file.otherProperties = { ...file.otherProperties, [otherPropertyKey(key, broken)]: entryOf(chosen, broken) };
    }
    if (best === null) {
      console.error(`  ${key}: no counterexample known`);
      writeFileSync(shortestKnownPath, `${JSON.stringify(sorted(file), null, 1)}\n`);
      continue;
    }
    file.variants[key] = entryOf(best, property);
    writeFileSync(shortestKnownPath, `${JSON.stringify(sorted(file), null, 1)}\n`);
  }
}

function sorted(data: ShortestKnownFile): ShortestKnownFile {
  const order = protocols.flatMap((protocol) => protocol.variants.map((variant) => `${protocol.name}/${variant.name}`));
  const keys = Object.keys(data.variants).sort((left, right) => order.indexOf(left) - order.indexOf(right));
  const rank = (key: string): number => order.indexOf(key.split(' ')[0] ?? key);
  const others = Object.keys(data.otherProperties ?? {}).sort((left, right) => rank(left) - rank(right) || left.localeCompare(right));
  return {
    about: data.about,
    variants: Object.fromEntries(keys.map((key) => [key, data.variants[key] as ShortestKnownEntry])),
    otherProperties: Object.fromEntries(others.map((key) => [key, data.otherProperties?.[key] as ShortestKnownEntry])),
  };
}
