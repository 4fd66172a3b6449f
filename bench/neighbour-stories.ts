/**
 * How much shorter a finding's story gets when searched again from scratch at its own config and at
 * every config one swarm value away (an experiment, not part of the hunt: see docs/exploring.md,
 * "From a finding (`--from`)", where it is measured). Shrinking is local and keeps the
 * settings a run drew; this asks what a search across neighbouring settings would buy, and at what
 * cost. Per config: the explorer, coarse steps, breadth first, only the finding's property checked,
 * one of the finding's client operations by one client, at most one fault, the finding's random
 * seed; a story found is polished (300 runs) and kept when it breaks the same property in fewer
 * events. `--order depth` searches every config to depth 1, then every config to depth 2, and so on
 * (the shortest story in steps across the configs first, instead of one config's whole budget
 * after another's); `--seeds N` adds the finding's settings under random seeds 0 to N-1 as configs.
 *
 *   node bin/run-ts.mjs bench/neighbour-stories.ts --protocol raft --variant snapshot-discards-log-suffix \
 *     --worlds-per-config 20000 --worlds 300000 FINDING.json...
 *
 * FINDING.json: a file `bench/shortest-known-measure.ts --findings DIR` writes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import range from 'lodash/range.js';
import uniqBy from 'lodash/uniqBy.js';
import type { Schedule } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import type { Violation } from '../src/core/types.ts';
import { explore } from '../src/explore/explore.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { minimizeSchedule } from '../src/hunt/minimize.ts';
import { neighbourSettings } from '../src/hunt/shrink-settings.ts';
import { setupFor, trySetupFor, withSettings } from '../src/hunt/swarm.ts';
import type { HuntSetup } from '../src/hunt/types.ts';
import { findProtocol } from '../src/protocols/registry.ts';

const options = new Command()
  .requiredOption('--protocol <name>', 'protocol of the findings')
  .requiredOption('--variant <name>', 'variant of the findings')
  .option('--worlds-per-config <n>', 'distinct worlds per config searched at most', (value) => Number(value), 20_000)
  .option('--worlds <n>', 'distinct worlds per finding at most (every config together)', (value) => Number(value), 300_000)
  .option('--depth <n>', 'coarse steps per story at most', (value) => Number(value), 6)
  .option('--order <order>', '"config": each config to its depth in turn; "depth": every config depth by depth', 'config')
  .option('--seeds <n>', "also the finding's settings under random seeds 0 to N-1", (value) => Number(value), 0)
  .option(
    '--out <dir>',
    'write each shorter story to DIR/PROTOCOL-VARIANT-around-N.json, as --findings files (bench/shortest-known.ts --sources findings --findings DIR)',
  )
  .argument('<findings...>')
  .parse(process.argv.slice(2), { from: 'user' });
const {
  protocol: protocolName,
  variant,
  worldsPerConfig,
  worlds: worldsMax,
  depth: depthMax,
  order,
  seeds: extraSeeds,
  out,
} = options.opts<{
  out?: string;
  order: 'config' | 'depth';
  seeds: number;
  protocol: string;
  variant: string;
  worldsPerConfig: number;
  worlds: number;
  depth: number;
}>();

type Finding = { readonly schedule: Schedule; readonly violation: Violation };

function sameBreak(violation: Violation | null, of: Violation): violation is Violation {
  return violation !== null && violation.property === of.property && violation.kind === of.kind;
}

interface Config {
  readonly settings: Schedule['settings'] & {};
  readonly randomSeed: number;
}

/** The shortest story found at the finding's config, one swarm value away or under another seed, and the worlds searched. */
function searchAround(setup: HuntSetup, finding: Finding): { readonly best: Finding; readonly worlds: number } {
  const { property } = finding.violation;
  const nodeCount = setup.protocol.nodeCount(setup.config);
  const own = finding.schedule.settings ?? {};
  const { randomSeed } = finding.schedule;
  const operations = uniqBy(
    finding.schedule.events.flatMap((event) => (event.kind === 'client' ? [event.operation] : [])),
    (operation) => JSON.stringify(operation),
  );
  const configs: Config[] = [
    ...[own, ...neighbourSettings(setup, own)].map((settings) => ({ settings, randomSeed })),
    ...range(extraSeeds)
      .filter((seed) => seed !== randomSeed)
      .map((seed) => ({ settings: own, randomSeed: seed })),
  ];
  // "config": one search per config, to the deepest depth; "depth": a search per config and depth.
  const rounds = order === 'config' ? [depthMax] : range(1, depthMax + 1);
  let best = finding;
  let worlds = 0;
  for (const depth of rounds) {
    const lengthBefore = best.schedule.events.length;
    for (const config of configs) {
      if (worlds >= worldsMax) break;
      const to = trySetupFor(setup, config.settings);
      if ('error' in to || to.protocol.nodeCount(to.config) !== nodeCount) continue;
      const searched = explore(
        { ...to, properties: [property] },
        {
          steps: 'coarse',
          depth: Math.min(depth, best.schedule.events.length - 1),
          statesMax: order === 'config' ? Math.min(worldsPerConfig, worldsMax - worlds) : worldsMax - worlds,
          operationsMax: Math.min(1, operations.length),
          ...(operations.length > 0 ? { operations } : {}),
          clientsMax: 1,
          faultsMax: 1,
          randomSeed: config.randomSeed,
          mergeRetries: true,
        },
      );
      worlds += searched.distinctStates;
      const story = searched.counterexample;
      // A story of as many events as the best may still polish shorter (explore counts steps, not events).
      if (story === null || searched.violation?.property !== property) continue;
      const simulator = new Simulator(to);
      if (!sameBreak(simulator.run(story).violation, finding.violation)) continue;
      const polished = minimizeSchedule(to, story, property, 300, { exhaustive: false }).schedule;
      const schedule = withSettings(polished.events.length < story.events.length ? polished : story, config.settings);
      const violation = simulator.run(schedule).violation;
      if (!sameBreak(violation, finding.violation) || schedule.events.length >= best.schedule.events.length) continue;
      best = { schedule, violation };
    }
    // Depth by depth, the first depth that shortens the story ends the search: deeper ones are longer in steps.
    if (best.schedule.events.length < lengthBefore || worlds >= worldsMax) break;
  }
  return { best, worlds };
}

const protocol = findProtocol(protocolName);
if (!protocol) throw new Error(`no protocol ${protocolName}`);
const setup = resolveSetup(protocol, variant, {}, {}, { settingSwarm: true });
if ('error' in setup) throw new Error(setup.error);
for (const [index, file] of options.args.entries()) {
  const { schedule } = JSON.parse(readFileSync(file, 'utf8')) as { schedule: Schedule };
  const violation = new Simulator(setupFor(setup, schedule)).run(schedule).violation;
  if (violation === null) throw new Error(`${file}: the finding does not fail`);
  const started = process.cpuUsage();
  const { best, worlds } = searchAround(setup, { schedule, violation });
  const cpu = process.cpuUsage(started);
  console.log(
    `${file.split('/').pop()}: ${violation.property}, ${schedule.events.length} -> ${best.schedule.events.length} events` +
      ` at ${JSON.stringify(best.schedule.settings ?? {})}, random seed ${best.schedule.randomSeed}; ${worlds} worlds, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s`,
  );
  if (out !== undefined && best.schedule !== schedule) {
    mkdirSync(out, { recursive: true });
    const story = { property: best.violation.property, schedule: best.schedule };
    writeFileSync(join(out, `${protocolName}-${variant}-around-${index + 1}.json`), `${JSON.stringify(story, null, 1)}\n`);
  }
}
