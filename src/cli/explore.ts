/**
 * `faultline explore`: exhaustive small-scope search (breadth-first over every schedule up to a
 * depth) that reports the shortest counterexample. The search itself is `src/explore`, run in worker
 * threads (`src/explore/parallel.ts`, which also holds the time limit as a wall); this layer parses
 * options, prints and writes the artifact.
 */
import { propertiesOf } from '../core/simulator.ts';
import { checkedPropertiesOf } from '../hunt/json-line.ts';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { seedMax } from '../core/random.ts';
import { formatEvent, type ScheduleEvent } from '../core/events.ts';
import {
  faultBudgetGiven,
  formatStep,
  type ExploreLevel,
  type ExploreResult,
  type ExploreSearch,
  type ExploreStopReason,
  type ExploreWidth,
  type StepGranularity,
  wideningAfterFindShare,
} from '../explore/index.ts';
import {
  ExploreInterrupted,
  ExploreOutOfMemory,
  exploreInWorkers,
  exploreWorkersUsed,
  heapAdvice,
  ExplorePool,
  type ExploreInWorkersOptions,
  type ExploreRequest,
  type ExploreWorkerOptions,
} from '../explore/parallel.ts';
import { resolveSetup, type HuntSetup } from '../hunt/hunt.ts';
import { defaultRunWallMs, modelFaultOf } from '../hunt/parallel.ts';
import { notReproducedText } from '../explore/explore.ts';
import { noLevelText } from '../explore/parallel.ts';
import { neighbourSettings } from '../hunt/shrink-settings.ts';
import { settingSwarmFor } from '../hunt/swarm.ts';
import { describeViolation, scheduleLines } from '../hunt/report.ts';
import { operationProblem } from '../study/artifact.ts';
import mapValues from 'lodash/mapValues.js';
import findLast from 'lodash/findLast.js';
import sumBy from 'lodash/sumBy.js';
import uniqBy from 'lodash/uniqBy.js';
import { loadReplayable } from './replay.ts';
import {
  ArtifactWriteError,
  buildArtifact,
  defaultArtifactDirectory,
  counterexampleAsScenario,
  unclaimedArtifactPath,
  writeArtifactFiles,
} from './artifacts.ts';
import {
  checkOutputFolder,
  checkedOnlyText,
  collectRepeated,
  collectSetting,
  exitCodes,
  interruptHandler,
  reportsInterrupts,
  parseInteger,
  print,
  runWallFromEnvironment,
  printJson,
  userModuleUrl,
  protocolOrThrow,
  UsageError,
  timeLimitMsMax,
} from './shared.ts';
import { faultlineCommand, replayCommandLine } from '../core/command-name.ts';

interface ExploreCommandOptions {
  protocol?: string;
  protocolModule?: string;
  from?: string;
  neighbours?: boolean;
  variant?: string;
  depth?: number;
  operations?: number;
  statesMax: number;
  timeLimitMs?: number;
  values?: string;
  op?: string[];
  clients?: number;
  seed?: number;
  set?: Record<string, string>;
  property?: string[];
  symmetry: boolean;
  clientSymmetry: boolean;
  exactNetworkOrder?: boolean;
  endChecks: boolean;
  steps: StepGranularity;
  search: ExploreSearch;
  silentTicks: boolean;
  faultsMax?: number;
  crashesMax?: number;
  partitionsMax?: number;
  messageFaultsMax?: number;
  partialOrderReduction: boolean;
  faultLadder: boolean;
  out: string;
  artifacts: boolean;
  json?: boolean;
  workers?: number;
}

/** The last line of `explore --json`. */
export interface ExploreJsonLine {
  protocol: string;
  variant: string;
  /** Deepest depth explored completely (the counterexample's length when one is found). */
  depth: number;
  complete: boolean;
  states: number;
  distinctStates: number;
  found: boolean;
  property: string | null;
  /** The properties checked (`--property`), or null: all of the protocol's. */
  checkedProperties: string[] | null;
  events: number | null;
  schedule: string[] | null;
  ms: number;
  depthMax: number;
  stopReason: ExploreResult['stopReason'];
  message: string | null;
  eventsSimulated: number;
  /** What a step is: one schedule event, or a coarse story step (`--steps`). */
  granularity: StepGranularity;
  search: ExploreSearch;
  /** The fault budget the counterexample is a shortest one within (`any` unless the fault ladder found it within a smaller one). */
  faults: string;
  /** Fault-ladder search: per fault budget, the depth completed and distinct states. */
  rungs: { faults: string; depth: number; distinctStates: number }[];
  /** Widening search: per search run, the width, the depth completed, distinct and pruned states. */
  widths: { width: number; faults: string; depth: number; distinctStates: number; prunedStates: number; fingerprints: number }[];
  /** The counterexample as steps (with `events` steps, the same as `schedule`). */
  storySteps: string[] | null;
  distinctStatesPerDepth: number[];
  symmetryGroups: number[][];
  artifact: string | null;
  /** Worker threads the search ran on (2: the fault ladder's unbounded search had one of its own). */
  workers: number;
  /** Stopped by Ctrl-C or SIGTERM (exit 130): the result is what the workers had got to, a story found included. */
  interrupted: boolean;
  /** The fault budget given (`--faults-max` and the per-kind ones), or null: every verdict holds within it only. */
  faultBudget: FaultBudgetJson | null;
  /** False with `--no-end-checks`: only every-step properties were checked, no liveness phase or end property. */
  endChecks: boolean;
  /**
   * What worlds sharing one liveness verdict may differ in, which that phase can tell apart (see
   * `livenessMergedText`): `node-names` with symmetric nodes (the phase ticks and delivers in node
   * order); empty when every world's liveness phase was its own (or there was none). Worlds that
   * differ in how sends on different links interleaved are no longer listed: the phase delivers
   * link by link, so it cannot tell them apart.
   */
  livenessMerged: LivenessMerge[];
  /**
   * With `--neighbours`: per configuration searched (the settings asked for first, then each one
   * setting-swarm value away), what its search found; the rest of the line is the search of the
   * shortest story found (the first configuration's when none). Null without it.
   */
  neighbours: NeighbourJson[] | null;
}

/** One configuration of a `--neighbours` search, in the JSON line. */
export interface NeighbourJson {
  /** The settings it searched beyond the variant's, as an artifact's config records them (`"preVote": true`, not `"true"`). */
  settings: Record<string, unknown>;
  /** The one setting that differs from the configuration asked for, or null for that configuration. */
  changed: string | null;
  found: boolean;
  events: number | null;
  /** Deepest depth explored completely (the story's steps when one is found). */
  depth: number;
  complete: boolean;
  /** Why it was not searched or stopped short of a verdict: an invalid combination, the heap. Null otherwise. */
  note: string | null;
}

/** A difference between worlds of one state key that the liveness phase can tell apart. */
export type LivenessMerge = 'node-names';

/** What the key merges that the liveness phase can tell apart (`ExploreJsonLine.livenessMerged`). */
function livenessMergedOf(scope: VerdictScope, symmetricNodes: boolean): LivenessMerge[] {
  if (scope.endChecks === false) return [];
  return symmetricNodes ? ['node-names'] : [];
}

/** A fault budget per kind, as given (a kind not given is not bounded). */
export interface FaultBudgetJson {
  faults?: number;
  crashes?: number;
  partitions?: number;
  messageFaults?: number;
}

/** What the verdict of a search depends on besides its depth: the fault budget and whether end checks ran. */
type VerdictScope = Pick<ExploreWorkerOptions, 'faultsMax' | 'crashesMax' | 'partitionsMax' | 'messageFaultsMax' | 'endChecks' | 'exactNetworkOrder'>;

function faultBudgetJson(options: VerdictScope): FaultBudgetJson | null {
  const budget: FaultBudgetJson = {
    ...(options.faultsMax !== undefined ? { faults: options.faultsMax } : {}),
    ...(options.crashesMax !== undefined ? { crashes: options.crashesMax } : {}),
    ...(options.partitionsMax !== undefined ? { partitions: options.partitionsMax } : {}),
    ...(options.messageFaultsMax !== undefined ? { messageFaults: options.messageFaultsMax } : {}),
  };
  return Object.keys(budget).length === 0 ? null : budget;
}

/** " within at most 1 crash, 0 partitions" for a budget given, else "". */
function withinBudget(budget: FaultBudgetJson | null): string {
  if (budget === null) return '';
  const named: [string, string, number | undefined][] = [
    ['fault', 'faults', budget.faults],
    ['crash', 'crashes', budget.crashes],
    ['partition', 'partitions', budget.partitions],
    ['message fault', 'message faults', budget.messageFaults],
  ];
  const parts = named
    .filter((entry): entry is [string, string, number] => entry[2] !== undefined)
    .map(([one, many, count]) => `${count} ${count === 1 ? one : many}`);
  return ` within at most ${parts.join(', ')}`;
}

export const defaultExploreDepth = 6;
/** Without --depth the search goes as deep as it can in this long (and says how deep it got). */
export const defaultExploreTimeLimitMs = 60_000;
/** The depth bound when only time bounds the search. */
const depthWhenTimeBound = 64;
export const defaultExploreStatesMax = 1_000_000;
/**
 * Worker threads of a search bounded by time: two where there are two cores (the fault ladder
 * splits in two parts, see src/explore/parallel.ts, so a third would have nothing to run). A
 * search to a given --depth runs in one: there the ladder's searches share their liveness
 * verdicts, and split they took 15 to 27% more wall time to the same depth (docs/exploring.md).
 */
const defaultExploreWorkers = Math.min(2, availableParallelism());

function parseValues(text: string): number[] {
  const values = text.split(',').map((part) => part.trim());
  if (values.length === 0 || values.some((value) => !/^\d+$/.test(value))) {
    throw new UsageError(`--values expects non-negative integers separated by commas (e.g. 0,1), got "${text}"`);
  }
  return values.map(Number);
}

/** The options with every default filled in (from `--from`'s file where it names one). */
type ResolvedExploreOptions = ExploreCommandOptions & { readonly variant: string; readonly seed: number; readonly operations: number };

/** What `--from FILE` took from the file, for the report. */
interface FromFile {
  readonly file: string;
  /** The file's story's length, to compare the shortest story found with. */
  readonly events: number;
  /** Its settings beyond its variant's, as `--set` would give them (before the user's own `--set`). */
  readonly settings: Readonly<Record<string, string>>;
  /** Its distinct client operations: the alphabet, unless --op or --values gives one. */
  readonly operations: readonly unknown[];
  /** What it filled in, in words (the options given on the command line win). */
  readonly took: readonly string[];
}

/**
 * `--from FILE` (an artifact or a scenario): the search of that story's configuration, every option
 * the user did not give taken from it: its protocol, variant, settings, random seed, client
 * operations as the alphabet (with as many operations per schedule, at most 2) and the property it
 * breaks as the only one checked, so the shortest story found is one of that break to compare with.
 */
async function resolveFrom(options: ExploreCommandOptions): Promise<{ readonly options: ResolvedExploreOptions; readonly from: FromFile | null }> {
  if (options.from === undefined) {
    return {
      options: { ...options, variant: options.variant ?? 'correct', seed: options.seed ?? 0, operations: options.operations ?? 2 },
      from: null,
    };
  }
  const file = options.from;
  const { artifact, protocol, scenario } = await loadReplayable(file, options.protocolModule);
  if (options.protocol !== undefined && options.protocol !== artifact.protocol) {
    throw new UsageError(
      `--from ${file}: a ${artifact.protocol} story, and --protocol ${options.protocol} names another protocol (leave --protocol out)`,
    );
  }
  const ofVariant = resolveSetup(protocol, artifact.variant, {});
  if ('error' in ofVariant) throw new UsageError(`--from ${file}: ${ofVariant.error}`);
  const base = ofVariant.config as Record<string, unknown>;
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(artifact.config as Record<string, unknown>)) {
    if (String(value) === String(base[key])) continue;
    if (value !== null && typeof value === 'object') {
      throw new UsageError(`--from ${file}: its setting ${key} is not a plain value, which explore cannot set (--set takes key=value)`);
    }
    settings[key] = String(value);
  }
  const operations = uniqBy(
    artifact.schedule.events.flatMap((event) => (event.kind === 'client' ? [event.operation] : [])),
    (operation) => JSON.stringify(operation),
  );
  const ownAlphabet = options.op === undefined && options.values === undefined;
  // --operations 0: no operation is searched, so none is taken from the file.
  const takesOperations = ownAlphabet && options.operations !== 0;
  // A scenario records what it expects, an artifact what broke.
  const expected = scenario?.expectation;
  const property = (expected?.kind === 'violation' ? expected.property : artifact.violation?.property) ?? undefined;
  const settingsText = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  const took = [
    ...(options.variant === undefined ? [`variant ${artifact.variant}`] : []),
    `${settingsText.length === 0 ? "the variant's settings" : `settings ${settingsText.join(', ')}`}${
      options.set === undefined
        ? ''
        : ` (and --set ${Object.entries(options.set)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')})`
    }`,
    ...(options.seed === undefined ? [`random seed ${artifact.schedule.randomSeed}`] : []),
    ...(takesOperations
      ? [operations.length === 0 ? 'no client operation (its story has none)' : `its ${operations.length} client operation(s) as the alphabet`]
      : []),
    ...(options.property === undefined && property !== undefined ? [`property ${property} only`] : []),
  ];
  return {
    options: {
      ...options,
      protocol: artifact.protocol,
      variant: options.variant ?? artifact.variant,
      seed: options.seed ?? artifact.schedule.randomSeed,
      operations: options.operations ?? (ownAlphabet ? Math.min(2, operations.length) : 2),
      set: { ...settings, ...options.set },
      ...(options.property === undefined && property !== undefined ? { property: [property] } : {}),
    },
    from: { file, events: artifact.schedule.events.length, settings, operations, took },
  };
}

async function setupFor(options: ResolvedExploreOptions): Promise<HuntSetup> {
  if (options.protocol === undefined) throw new UsageError(`explore needs --protocol or --from (see \`${faultlineCommand} list\`)`);
  const protocol = await protocolOrThrow(options.protocol, options.protocolModule);
  const setup = resolveSetup(protocol, options.variant, options.set ?? {}, {}, options.property ? { properties: options.property } : {});
  if ('error' in setup) throw new UsageError(`${protocol.name}/${options.variant}: ${setup.error}`);
  return setup;
}

function operationsFor(setup: HuntSetup, texts: readonly string[] | undefined): unknown[] | undefined {
  if (texts === undefined) return undefined;
  return texts.map((text) => {
    const parsed: unknown = setup.protocol.parseOperation(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'string') {
      throw new UsageError(`--op "${text}": ${parsed.error}`);
    }
    // As a scenario's or an artifact's: an operation that names what the settings do not have.
    const problem = operationProblem(setup.protocol, setup.config, parsed);
    if (problem !== null) throw new UsageError(`--op "${text}": ${problem}`);
    return parsed;
  });
}

function describeEvent(setup: HuntSetup): (event: ScheduleEvent) => string {
  return (event) => formatEvent(event, (operation) => setup.protocol.describeOperation(operation));
}

function parseSearch(value: string): ExploreSearch {
  if (value !== 'breadth-first' && value !== 'widening' && value !== 'fault-ladder') {
    throw new UsageError(`--search expects breadth-first, widening or fault-ladder, got "${value}"`);
  }
  return value;
}

function parseGranularity(value: string): StepGranularity {
  if (value !== 'events' && value !== 'coarse') throw new UsageError(`--steps expects events or coarse, got "${value}"`);
  return value;
}

export function exploreJsonLine(
  result: ExploreResult,
  artifact: string | null,
  setup: HuntSetup,
  workers: number,
  interrupted: boolean,
  scope: VerdictScope = {},
): ExploreJsonLine {
  const schedule = result.counterexample;
  return {
    protocol: result.protocol,
    variant: result.variant,
    depth: result.depthReached,
    complete: result.complete,
    states: result.states,
    distinctStates: result.distinctStates,
    found: result.found,
    checkedProperties: checkedPropertiesOf(setup),
    property: result.violation?.property ?? null,
    events: schedule ? schedule.events.length : null,
    schedule: schedule ? schedule.events.map((event) => formatEvent(event, (operation) => setup.protocol.describeOperation(operation))) : null,
    ms: Math.round(result.ms),
    depthMax: result.depthMax,
    stopReason: result.stopReason,
    message: result.violation?.message ?? null,
    eventsSimulated: result.eventsSimulated,
    granularity: result.steps,
    search: result.search,
    faults: result.faults,
    rungs: result.rungs.map((rung) => ({ faults: rung.faults, depth: rung.depthReached, distinctStates: rung.distinctStates })),
    widths: result.widths.map((run) => ({
      width: run.width,
      faults: run.faults,
      depth: run.depthReached,
      distinctStates: run.distinctStates,
      prunedStates: run.prunedStates,
      fingerprints: run.fingerprints,
    })),
    storySteps: result.counterexampleSteps ? result.counterexampleSteps.map((step) => formatStep(step, describeEvent(setup))) : null,
    distinctStatesPerDepth: result.levels.map((level) => level.distinctStates),
    symmetryGroups: result.symmetry.groups.map((group) => [...group]),
    artifact,
    workers,
    interrupted,
    faultBudget: faultBudgetJson(scope),
    endChecks: scope.endChecks ?? true,
    livenessMerged: livenessMergedOf(scope, result.symmetry.groups.length > 0),
    neighbours: null,
  };
}

/**
 * The JSON line of a search stopped before any worker reported: every field a report has (a
 * script reading `complete` or `stopReason` finds them), nothing searched.
 */
export function nothingReportedLine(
  setup: HuntSetup,
  options: ExploreWorkerOptions,
  workers: number,
  ms: number,
  stopReason: 'interrupted' | 'memory',
): ExploreJsonLine {
  return {
    protocol: setup.protocol.name,
    variant: setup.variant,
    depth: 0,
    complete: false,
    states: 0,
    distinctStates: 0,
    found: false,
    property: null,
    checkedProperties: checkedPropertiesOf(setup),
    events: null,
    schedule: null,
    ms: Math.round(ms),
    depthMax: options.depth,
    stopReason,
    message: null,
    eventsSimulated: 0,
    granularity: options.steps ?? 'events',
    search: options.search ?? 'breadth-first',
    faults: 'any',
    rungs: [],
    widths: [],
    storySteps: null,
    distinctStatesPerDepth: [],
    symmetryGroups: [],
    artifact: null,
    workers,
    interrupted: stopReason === 'interrupted',
    faultBudget: faultBudgetJson(options),
    endChecks: options.endChecks ?? true,
    livenessMerged: [],
    neighbours: null,
  };
}

function levelLine(level: ExploreLevel): string {
  const faults = level.faults === undefined ? '' : `, faults ${level.faults.padEnd(24)}`;
  return `  depth ${String(level.depth).padStart(2)}${faults}: ${String(level.states).padStart(9)} states, ${String(level.distinctStates).padStart(9)} new distinct  (${Math.round(level.elapsedMs)} ms)`;
}

function widthLine(run: ExploreWidth): string {
  return `  width ${String(run.width).padStart(4)}, faults ${run.faults.padEnd(15)}: depth ${String(run.depthReached).padStart(2)}, ${String(run.distinctStates).padStart(9)} distinct, ${String(run.prunedStates).padStart(9)} not expanded, ${String(run.fingerprints).padStart(6)} situations  (${Math.round(run.elapsedMs)} ms)${run.stopReason === 'found' ? ': a story' : ''}`;
}

/** The shortest run wall of explore's model check under a time limit (a run of a large model on a loaded machine takes a fraction of it). */
const exploreRunWallMinMs = 2_000;

export function registerExploreCommand(program: Command): void {
  // Ctrl-C while it loads stops it at once with its interrupted report (exit 130).
  reportsInterrupts(program.command('explore'))
    .description('exhaustive search of every schedule of a small configuration up to a depth, breadth-first: the shortest counterexample')
    .option('--protocol <name>', 'protocol to explore')
    .option('--protocol-module <file>', 'load the protocol named by --protocol from this ES module (your own model)')
    .option(
      '--from <file>',
      "explore the configuration of this artifact or scenario: its protocol, variant, settings (--set adds to them) and random seed, its client operations as the alphabet, only the property it breaks; an option given instead wins. Is there a shorter story than the file's?",
    )
    .option(
      '--neighbours',
      "also search each configuration one setting-swarm value away from the settings asked for (--from's and --set's), one after another in equal shares of the time limit, and report the shortest story across them",
    )
    .option('--variant <name>', "variant to explore (default: correct, or the --from file's)")
    .option(
      '--steps <kind>',
      "coarse: a step is a story step (fire a node's next timeout, deliver everything pending on a link or its oldest or newest message, a fault, a client operation); events: one schedule event",
      parseGranularity,
      'coarse',
    )
    .option(
      '--search <kind>',
      'fault-ladder: breadth-first searches with no fault, one crash, one partition, one message fault and any faults side by side (a counterexample is a shortest one within the fault budget it names, proven shortest when the search with any faults got that far; with a fault budget given, the one breadth-first search within it); breadth-first: one search of every world (a counterexample is a shortest one; cheaper for a check to a given --depth); widening: expand at most W worlds per situation (protocol fingerprint), W = 1, 2, 4, ...: deeper, but a counterexample is not proven shortest (after a find it searches below its depth at wider widths for a shorter one)',
      parseSearch,
      'fault-ladder',
    )
    .option(
      '--faults-max <n>',
      'crashes, partitions, drops and duplicates per schedule at most (restarts and heals are free; default: no limit)',
      parseInteger('--faults-max', 0),
    )
    .option('--crashes-max <n>', 'crashes per schedule at most (default: no limit)', parseInteger('--crashes-max', 0))
    .option('--partitions-max <n>', 'partitions per schedule at most (default: no limit)', parseInteger('--partitions-max', 0))
    .option(
      '--message-faults-max <n>',
      'message drops and duplicates per schedule at most (default: no limit)',
      parseInteger('--message-faults-max', 0),
    )
    .option(
      '--no-fault-ladder',
      'widening search without a fault budget: do not try no fault, one crash, one partition and one message fault before any faults at each width',
    )
    .option('--no-partial-order-reduction', 'explore both orders of independent steps')
    .option('--no-silent-ticks', 'coarse steps: no single silent tick of a node (`tick n`), only its whole timeout')
    .option(
      '--depth <n>',
      'steps per schedule at most (default: none; the time limit stops the search and the report says how deep it got)',
      parseInteger('--depth', 0),
    )
    .option(
      '--operations <n>',
      "new client operations per schedule at most (default: 2, or with --from as many as the file's story has, at most 2)",
      parseInteger('--operations', 0),
    )
    .option('--states-max <n>', 'distinct states kept at most', parseInteger('--states-max', 1), defaultExploreStatesMax)
    .option(
      '--time-limit-ms <ms>',
      `stop after this long (the result is then incomplete; default ${defaultExploreTimeLimitMs} ms without --depth)`,
      parseInteger('--time-limit-ms', 1, timeLimitMsMax),
    )
    .option('--values <list>', 'parameter values combined with every operation kind of the workload (default 0,1)')
    .option('--op <operation>', 'an operation of the alphabet, as scenario files write it (repeatable; replaces --values)', collectRepeated)
    .option('--clients <n>', 'clients taking part (default: as many as --operations)', parseInteger('--clients', 1))
    .option('--seed <n>', `random seed of the nodes, 0 to ${seedMax} (default: 0, or the --from file's)`, parseInteger('--seed', 0, seedMax))
    .option('--set <key=value>', 'override a protocol setting (repeatable)', collectSetting)
    .option(
      '--property <name>',
      'check only this property (repeatable): the shortest counterexample for it, not one that breaks another first',
      collectRepeated,
    )
    .option('--no-symmetry', 'no node-symmetry reduction (the liveness phase goes in node order, so two namings can get two verdicts)')
    .option('--no-client-symmetry', 'let every idle client start an operation, not only the first fresh one')
    .option(
      '--exact-network-order',
      'tell worlds apart by the order of in-flight messages across links too (a check of the key: the liveness phase delivers link by link, so no verdict depends on it)',
    )
    .option('--no-end-checks', 'check only every-step properties (no liveness phase per state)')
    .option('--out <dir>', 'folder for the counterexample artifact', defaultArtifactDirectory)
    .option('--no-artifacts', 'do not write an artifact file')
    .option(
      '--workers <n>',
      `worker threads (default: ${defaultExploreWorkers} without --depth, 1 with it); with 2 or more the fault ladder runs its unbounded search on one and the budgeted ones on another`,
      parseInteger('--workers', 1, 64),
    )
    .option('--json', 'print one JSON object as the last line')
    .action(async (given: ExploreCommandOptions) => {
      const { options, from } = await resolveFrom(given);
      const setup = await setupFor(options);
      // No depth: a time limit bounds the search instead, and the report says how deep it got.
      const depth = options.depth ?? depthWhenTimeBound;
      const timeLimitMs = options.timeLimitMs ?? (options.depth === undefined ? defaultExploreTimeLimitMs : undefined);
      if (options.artifacts) checkOutputFolder(options.out, '--out');
      const clientCount = Math.max(1, setup.protocol.clientCount(setup.config));
      if (options.clients !== undefined && options.clients > clientCount) {
        throw new UsageError(
          `--clients ${options.clients}: ${setup.protocol.name} is configured with ${clientCount} client(s) (--set clientCount=N for more)`,
        );
      }
      checkOptionsApply(options);
      const operations = operationsFor(setup, options.op) ?? (from?.operations.length ? from.operations : undefined);
      const values = options.values === undefined ? undefined : parseValues(options.values);
      const label = `${setup.protocol.name}/${setup.variant}`;
      // The fault ladder's searches are budgets of their own: with a budget given it is the one
      // breadth-first search within it, in the ladder's frontier order (a story through a rare situation first).
      const ladderWithBudget = options.search === 'fault-ladder' && faultBudgetGiven(options);
      const search = ladderWithBudget ? 'breadth-first' : options.search;
      const searchOptions: ExploreWorkerOptions = {
        depth,
        operationsMax: options.operations,
        statesMax: options.statesMax,
        symmetry: options.symmetry,
        clientSymmetry: options.clientSymmetry,
        ...(values !== undefined ? { parameterValues: values } : {}),
        ...(operations !== undefined ? { operations } : {}),
        ...(options.clients !== undefined ? { clientsMax: options.clients } : {}),
        exactNetworkOrder: options.exactNetworkOrder ?? false,
        endChecks: options.endChecks,
        steps: options.steps,
        search,
        ...(ladderWithBudget ? { frontierOrder: 'situations-round-robin' as const } : {}),
        silentTicks: options.silentTicks,
        partialOrderReduction: options.partialOrderReduction,
        faultLadder: options.faultLadder,
        ...(options.faultsMax !== undefined ? { faultsMax: options.faultsMax } : {}),
        ...(options.crashesMax !== undefined ? { crashesMax: options.crashesMax } : {}),
        ...(options.partitionsMax !== undefined ? { partitionsMax: options.partitionsMax } : {}),
        ...(options.messageFaultsMax !== undefined ? { messageFaultsMax: options.messageFaultsMax } : {}),
        randomSeed: options.seed,
      };
      const workers = options.workers ?? (options.depth === undefined ? defaultExploreWorkers : 1);
      if (!options.json) {
        const threads = exploreWorkersUsed(searchOptions, workers);
        print(
          `faultline explore: ${label}, ${options.steps === 'coarse' ? 'coarse steps' : 'events'}, ${search === 'breadth-first' ? '' : `${search} search, `}${options.depth === undefined ? 'as deep as time allows' : `depth ${depth}`}, at most ${options.operations} client operation(s) per schedule, at most ${options.statesMax} distinct states` +
            `${timeLimitMs !== undefined ? `, ${timeLimitMs} ms` : ''}${budgetText(options)}, ${threads === 1 ? 'one worker thread' : `${threads} worker threads (the unbounded search on one)`}`,
        );
        if (from !== null) print(`  from ${from.file} (${from.events} events): ${from.took.join(', ')}`);
        if (setup.properties !== undefined) print(checkedOnlyText(setup.properties));
      }
      const request: ExploreRequest = {
        protocol: setup.protocol.name,
        ...(options.protocolModule !== undefined ? { protocolModule: userModuleUrl(options.protocolModule) } : {}),
        variant: setup.variant,
        settings: options.set ?? {},
        ...propertiesOf(setup),
        options: searchOptions,
      };
      // --neighbours: the configurations one setting-swarm value away, refused up front where there are none.
      const configurations = options.neighbours ? neighbourConfigurations(setup, request.settings, given.set ?? {}) : null;
      let result: ExploreResult;
      let chosen = setup;
      let neighbours: NeighbourJson[] | null = null;
      let searchesComplete = true;
      const started = performance.now();
      const nothingReported = (stopReason: 'interrupted' | 'memory') =>
        nothingReportedLine(setup, searchOptions, exploreWorkersUsed(searchOptions, workers), performance.now() - started, stopReason);
      // As for hunt, the time limit counts from the start of the process (performance.now()'s
      // origin, 0): Node's start-up and loading faultline are part of the command the user timed.
      const deadlineMs = timeLimitMs;
      // A protocol module's model is checked first (`modelFaultOf`): one that mutates its input or
      // is not deterministic made explore's counterexample fail to reproduce, and one whose step
      // never returns left the search waiting for its first level.
      if (options.protocolModule !== undefined) {
        const wall = runWallFromEnvironment() ?? defaultRunWallMs;
        const fault = await modelFaultOf(setup, userModuleUrl(options.protocolModule), {
          // Within the time limit where it can be, but never so short that a slow first run reads as a hang.
          runWallMs:
            timeLimitMs === undefined ? wall : Math.min(wall, Math.max(exploreRunWallMinMs, Math.floor((timeLimitMs - performance.now()) / 2))),
        });
        if (fault !== null) {
          if (options.json) printJson({ protocol: setup.protocol.name, variant: setup.variant, modelFault: fault });
          else print(pc.red(`${label}: ${fault}; not explored: a finding about the model, not a property broken (exit code 1)`));
          process.exitCode = exitCodes.found;
          return;
        }
      }
      const interrupt = interruptHandler();
      const pool = new ExplorePool();
      try {
        if (configurations === null) {
          result = await exploreInWorkers(request, {
            workers,
            signal: interrupt.signal,
            pool,
            ...(deadlineMs !== undefined ? { timeLimitMs: Math.max(1, Math.floor(deadlineMs - performance.now())) } : {}),
            ...(options.json
              ? {}
              : { onLevel: (level: ExploreLevel) => print(levelLine(level)), onWidth: (run: ExploreWidth) => print(widthLine(run)) }),
          });
          searchesComplete = result.complete;
        } else {
          const searched = await exploreNeighbours(setup, request, configurations, {
            workers,
            signal: interrupt.signal,
            ...(deadlineMs !== undefined ? { deadlineMs } : {}),
            print: options.json ? () => {} : print,
            now: () => performance.now(),
            search: (one, searchOptions) => exploreInWorkers(one, { ...searchOptions, pool }),
          });
          ({ result, setup: chosen, neighbours, complete: searchesComplete } = searched);
        }
      } catch (error) {
        if (error instanceof ExploreInterrupted) {
          if (options.json) printJson(nothingReported('interrupted'));
          else print(`${setup.protocol.name}/${setup.variant}: ${error.message}`);
          process.exitCode = exitCodes.interrupted;
          return;
        }
        if (error instanceof ExploreOutOfMemory) {
          // A budget ran out (the heap), not faultline's bug: exit 3 with the advice, no stack trace.
          if (options.json) printJson(nothingReported('memory'));
          process.stderr.write(`faultline: ${error.message}\n`);
          process.exitCode = exitCodes.unknown;
          return;
        }
        const text = error instanceof Error ? error.message : String(error);
        if (text.includes(notReproducedText)) {
          // The model's fault (or, for a registered protocol, the state key's: the message says both).
          if (options.json) printJson({ protocol: setup.protocol.name, variant: setup.variant, modelFault: text });
          process.stderr.write(`faultline: ${text}\n`);
          process.exitCode = exitCodes.found;
          return;
        }
        if (text.includes(noLevelText)) {
          // The time limit ran out before any level: unknown (exit 3), with what may be the cause.
          if (options.json) printJson({ protocol: setup.protocol.name, variant: setup.variant, modelFault: null, error: text });
          process.stderr.write(`faultline: ${text}\n`);
          process.exitCode = exitCodes.unknown;
          return;
        }
        throw new Error(`faultline internal error: explore failed in its worker: ${text}`);
      } finally {
        pool.close();
        interrupt.dispose();
      }

      let artifactPath: string | null = null;
      // As in hunt: an artifact file that cannot be written is said on stderr; the finding keeps its exit code 1.
      let unwritten: readonly string[] = [];
      if (result.counterexample && options.artifacts) {
        const { artifact } = buildArtifact(chosen, result.counterexample, { seed: null, path: null, eventsBeforeShrink: null });
        artifactPath = unclaimedArtifactPath(
          join(options.out, `${chosen.protocol.name}-${chosen.variant}-explore-${result.counterexample.events.length}.json`),
          artifact,
        );
        try {
          writeArtifactFiles(artifactPath, artifact, chosen.protocol, { protocolModule: options.protocolModule });
        } catch (error) {
          if (!(error instanceof ArtifactWriteError)) throw error;
          process.stderr.write(`faultline: ${error.message}\n`);
          if (!error.written.includes(artifactPath)) artifactPath = null;
          unwritten = error.unwritten;
        }
      }
      const interrupted = interrupt.interrupted();
      const line = {
        ...exploreJsonLine(result, artifactPath, chosen, exploreWorkersUsed(searchOptions, workers), interrupted, searchOptions),
        neighbours,
      };
      if (options.json) printJson(line);
      else {
        report(chosen, result, line, { protocolModule: options.protocolModule, artifacts: options.artifacts, unwritten });
        if (from !== null && result.counterexample) print(fromComparison(from, result.counterexample.events.length, options.steps));
        // An exact search cut short before the file's story: the widening search goes deeper (docs/exploring.md).
        if (from !== null && !result.found && !result.complete && result.search !== 'widening') {
          print(
            `  ${from.file}: ${from.events} events; no story found before the search stopped: --search widening reaches deeper ones, without proving them shortest`,
          );
        }
      }
      // As for hunt: 130 when interrupted, whatever was found (a story found is reported and written out all the same).
      process.exitCode = interrupted ? exitCodes.interrupted : result.found ? exitCodes.found : searchesComplete ? exitCodes.ok : exitCodes.unknown;
    });
}

/** A configuration `--neighbours` searches: the settings, and the one that differs from those asked for (null: those). */
export interface NeighbourConfiguration {
  readonly settings: Readonly<Record<string, string>>;
  /** The same settings as their values (booleans and numbers as such), as an artifact's config records them. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly changed: string | null;
}

/**
 * The settings asked for, then each configuration one value of the protocol's setting swarm away
 * from them (a key the user `--set`, or the variant pins, is not varied; `--from`'s settings are).
 */
function neighbourConfigurations(
  setup: HuntSetup,
  settings: Readonly<Record<string, string>>,
  userSettings: Readonly<Record<string, string>>,
): NeighbourConfiguration[] {
  const settingSwarm = settingSwarmFor(setup.protocol, setup.variant, userSettings);
  if (Object.keys(settingSwarm).length === 0) {
    throw new UsageError(
      `--neighbours: ${setup.protocol.name}/${setup.variant} has no setting swarm left to vary (the protocol declares none, or --set and the variant pin every key)`,
    );
  }
  // The values asked for, from the configuration they made (a setting's text, e.g. "true", parsed as --set parses it).
  const config = setup.config as Record<string, unknown>;
  const asked = mapValues(settings, (text, name) => (name in config ? config[name] : text));
  // The hunt's one-value exchange (shrink-settings.ts), from the configuration asked for.
  const neighbours = neighbourSettings({ ...setup, settingSwarm }, settings).map((changed) => {
    const key = Object.keys(changed).find((name) => String(changed[name]) !== settings[name]) ?? '';
    return {
      settings: mapValues(changed, String),
      values: mapValues(changed, (value, name) => (name === key ? value : asked[name])),
      changed: `${key}=${String(changed[key])}`,
    };
  });
  return [{ settings, values: asked, changed: null }, ...neighbours];
}

/** How `exploreNeighbours` runs a search and reads the clock (tests give their own). */
export interface NeighbourSearchOptions {
  readonly workers: number;
  readonly signal: AbortSignal;
  /** When the command's time limit ends, on `now`'s clock; absent: no limit. */
  readonly deadlineMs?: number;
  readonly print: (line: string) => void;
  readonly now: () => number;
  /** One configuration's search (`exploreInWorkers` on the command's pool of workers). */
  readonly search: (request: ExploreRequest, options: ExploreInWorkersOptions) => Promise<ExploreResult>;
}

/**
 * The searches of `--neighbours`, one configuration after another, each with an equal share of
 * the time left on the command's wall (read when it starts, so that what earlier searches overran,
 * loading included, is taken from the later ones): the result and setup of the shortest story
 * found (the first configuration's when none), a line per configuration, and whether every
 * search was complete. The first configuration always runs, as a plain explore does; a later one
 * reached once the wall has passed, or after Ctrl-C, is not searched (its line says so). Ctrl-C
 * makes the result `interrupted` whichever configuration it stopped, and keeps the stories found
 * so far (none searched yet: `ExploreInterrupted`, as for one search); when every search ran out
 * of heap before reporting, the last one's `ExploreOutOfMemory`.
 */
export async function exploreNeighbours(
  setup: HuntSetup,
  request: ExploreRequest,
  configurations: readonly NeighbourConfiguration[],
  options: NeighbourSearchOptions,
): Promise<{ result: ExploreResult; setup: HuntSetup; neighbours: NeighbourJson[]; complete: boolean }> {
  const { deadlineMs, now } = options;
  let best: { result: ExploreResult; setup: HuntSetup; changed: string | null } | null = null;
  let first: { result: ExploreResult; setup: HuntSetup } | null = null;
  let complete = true;
  // Every search that ran out of heap before reporting: the last one's error, if none reported.
  let outOfMemory: ExploreOutOfMemory | null = null;
  const neighbours: NeighbourJson[] = [];
  const made = configurations.map((configuration) => ({
    configuration,
    made: resolveSetup(setup.protocol, setup.variant, configuration.settings, {}, propertiesOf(setup)),
  }));
  options.print(`  ${configurations.length} configurations: the settings asked for, then each one setting-swarm value away`);
  for (const [index, { configuration, made: ofConfiguration }] of made.entries()) {
    const label = configuration.changed ?? 'as asked';
    const entry = { settings: { ...configuration.values }, changed: configuration.changed };
    if ('error' in ofConfiguration) {
      neighbours.push({ ...entry, found: false, events: null, depth: 0, complete: false, note: ofConfiguration.error });
      options.print(`  ${label}: not a valid configuration (${ofConfiguration.error})`);
      continue;
    }
    const skipped = options.signal.aborted
      ? 'interrupted'
      : index > 0 && deadlineMs !== undefined && now() >= deadlineMs
        ? 'the time limit ran out before its turn'
        : null;
    if (skipped !== null) {
      complete = false;
      neighbours.push({ ...entry, found: false, events: null, depth: 0, complete: false, note: `not searched: ${skipped}` });
      options.print(`  ${label}: not searched (${skipped})`);
      continue;
    }
    // The time left, shared by this configuration and the valid ones after it.
    const searchable = made.slice(index).filter((one) => !('error' in one.made)).length;
    const share = deadlineMs === undefined ? undefined : Math.max(1, Math.floor((deadlineMs - now()) / searchable));
    let result: ExploreResult;
    try {
      result = await options.search(
        { ...request, settings: configuration.settings },
        { workers: options.workers, signal: options.signal, ...(share !== undefined ? { timeLimitMs: share } : {}) },
      );
    } catch (error) {
      if (error instanceof ExploreInterrupted && first !== null) {
        complete = false;
        neighbours.push({ ...entry, found: false, events: null, depth: 0, complete: false, note: 'interrupted before it reported anything' });
        options.print(`  ${label}: interrupted before it reported anything`);
        continue;
      }
      if (!(error instanceof ExploreOutOfMemory)) throw error;
      outOfMemory = error;
      complete = false;
      neighbours.push({ ...entry, found: false, events: null, depth: 0, complete: false, note: `the heap ran out (${heapAdvice})` });
      options.print(`  ${label}: the heap ran out`);
      continue;
    }
    first ??= { result, setup: ofConfiguration };
    complete &&= result.complete || result.found;
    const events = result.counterexample?.events.length ?? null;
    neighbours.push({ ...entry, found: result.found, events, depth: result.depthReached, complete: result.complete, note: null });
    options.print(
      `  ${label}: ${
        events !== null
          ? `${result.counterexampleSteps?.length ?? events} steps (${events} events)`
          : result.complete
            ? `no violation up to ${result.depthMax} steps`
            : `none found (${stopText(result)}, every schedule of up to ${result.depthReached} steps free of it)`
      }`,
    );
    if (events !== null && (best?.result.counterexample?.events.length ?? Number.POSITIVE_INFINITY) > events)
      best = { result, setup: ofConfiguration, changed: configuration.changed };
  }
  const chosen = best ?? first;
  if (chosen === null) throw outOfMemory !== null && !options.signal.aborted ? outOfMemory : new ExploreInterrupted();
  if (best !== null) {
    options.print(`  the shortest story is ${best.changed === null ? 'at the settings asked for' : `one setting away: ${best.changed}`}`);
  }
  // Interrupted, the search as a whole stopped for that, not for what ended the configuration reported.
  const result = options.signal.aborted && best === null ? { ...chosen.result, stopReason: 'interrupted' as const, complete: false } : chosen.result;
  return { result, setup: chosen.setup, neighbours, complete };
}

/** The `--from` file's story against the one found, and why a longer one can be a shortest (in steps). */
function fromComparison(from: FromFile, events: number, steps: StepGranularity): string {
  const why =
    events > from.events && steps === 'coarse' ? ' (coarse steps: the fewest steps, not events; --steps events finds the fewest events)' : '';
  return `  ${from.file}: ${from.events} events; the story found: ${events}${why}`;
}

/** Options that would change nothing in the search asked for are refused: the user meant something else. */
function checkOptionsApply(options: ResolvedExploreOptions): void {
  if (!options.faultLadder && options.search !== 'widening') {
    throw new UsageError(
      `--no-fault-ladder applies to --search widening (its budgets per width); --search ${options.search} has no such ladder to turn off`,
    );
  }
  if (!options.silentTicks && options.steps !== 'coarse')
    throw new UsageError('--no-silent-ticks applies to --steps coarse (events already tick one at a time)');
  if (options.op !== undefined && options.values !== undefined) {
    throw new UsageError('--values builds the alphabet --op replaces: give one of them');
  }
  if (options.op !== undefined && options.operations === 0) throw new UsageError('--op with --operations 0: no schedule would take an operation');
  // The budgets bind together: a kind's larger than the total would be printed as allowed ("within at
  // most 0 faults, 3 crashes") where the total forbids it.
  const perKind = [
    ['--crashes-max', options.crashesMax],
    ['--partitions-max', options.partitionsMax],
    ['--message-faults-max', options.messageFaultsMax],
  ] as const;
  for (const [option, count] of perKind) {
    if (options.faultsMax !== undefined && count !== undefined && count > options.faultsMax) {
      throw new UsageError(
        `${option} ${count} is more than --faults-max ${options.faultsMax} allows (at most ${options.faultsMax} faults of any kind per schedule): expected ${option} of at most ${options.faultsMax}, or a larger --faults-max`,
      );
    }
  }
}

/** The fault budgets asked for, as the header line names them (a counterexample is shortest within them). */
function budgetText(options: ExploreCommandOptions): string {
  const budgets = [
    ['faults', options.faultsMax],
    ['crashes', options.crashesMax],
    ['partitions', options.partitionsMax],
    ['message faults', options.messageFaultsMax],
  ].filter((entry): entry is [string, number] => entry[1] !== undefined);
  return budgets.length === 0 ? '' : `, at most ${budgets.map(([name, count]) => `${count} ${name}`).join(', ')}`;
}

/**
 * What a complete search's "no violation" or "shortest" leaves unchecked: the liveness phase runs
 * from one world per key, and the key merges worlds that phase can tell apart (see
 * `src/explore/key.ts`). Null when it merges none.
 */
export function livenessMergedText(merged: readonly LivenessMerge[]): string | null {
  if (merged.length === 0) return null;
  const what = { 'node-names': 'in the names of interchangeable nodes' };
  const flag = { 'node-names': '--no-symmetry' };
  return (
    `the liveness phase ran once per state: worlds that differ only ${merged.map((kind) => what[kind]).join(' or ')} share one verdict, though theirs can differ ` +
    `(${merged.map((kind) => flag[kind]).join(' ')} checks each, at several times the worlds; see docs/exploring.md)`
  );
}

function report(
  setup: HuntSetup,
  result: ExploreResult,
  line: ExploreJsonLine,
  { protocolModule, artifacts, unwritten }: { protocolModule: string | undefined; artifacts: boolean; unwritten: readonly string[] },
): void {
  if (line.interrupted) print('  interrupted (Ctrl-C or SIGTERM): what follows is what the search had got to');
  const seconds = Math.max(result.ms, 1) / 1000;
  const last = result.levels[result.levels.length - 1];
  if (result.found && last && last.depth > 0 && result.search === 'breadth-first') print(`${levelLine(last)}  (stopped at the counterexample)`);
  const groups = result.symmetry.groups.length === 0 ? 'none' : result.symmetry.groups.map((group) => `{${group.join(',')}}`).join(' ');
  print(
    `  ${result.states} states (${Math.round(result.states / seconds)}/s), ${result.distinctStates} distinct (${Math.round(result.distinctStates / seconds)}/s), ` +
      `${result.eventsSimulated} events simulated (${Math.round(result.eventsSimulated / seconds)}/s), ${line.ms} ms; ` +
      `symmetric nodes: ${groups}; alphabet: ${alphabetText(result.alphabet)}`,
  );
  const label = `${setup.protocol.name}/${setup.variant}`;
  // A "no violation" or a "shortest" holds for the safety checks; for the liveness phase, as far as this says.
  const merged = livenessMergedText(line.livenessMerged);
  if (result.found && result.violation && result.counterexample) {
    const length =
      result.steps === 'coarse'
        ? `${result.counterexampleSteps?.length ?? 0} steps (${result.counterexample.events.length} events)`
        : `${result.counterexample.events.length} events`;
    // A widening search goes on below its find's depth: the story is the last search's that found one.
    const finder = findLast(result.widths, (run) => run.stopReason === 'found');
    const faults = finder && finder.faults !== 'any' ? `, faults: ${finder.faults}` : '';
    const any = result.rungs.find((rung) => rung.faults === 'any');
    const which =
      result.search === 'fault-ladder'
        ? result.faults === 'any'
          ? `shortest counterexample${line.faultBudget === null ? '' : ` (${withinBudget(line.faultBudget).trim()})`}`
          : `shortest counterexample with faults: ${result.faults} (fault ladder; with any faults, none of up to ${any?.depthReached ?? 0} steps)`
        : result.complete
          ? `shortest counterexample${line.faultBudget === null ? '' : ` (${withinBudget(line.faultBudget).trim()})`}`
          : `counterexample (widening search, width ${finder?.width ?? 0}${faults}: not proven shortest)`;
    print(`${label}: ${which}, ${length}: ${describeViolation(result.violation)}`);
    if (result.steps === 'coarse' && line.storySteps) print(`  steps: ${line.storySteps.join(' | ')}`);
    const after = finder === undefined ? [] : result.widths.slice(result.widths.indexOf(finder) + 1);
    if (result.search === 'widening' && after.length > 0) {
      const widest = after[after.length - 1];
      const shorter = result.widths.filter((run) => run.stopReason === 'found').length > 1 ? ' (it shortened the first find)' : '';
      const outcome = result.complete
        ? `a search below ${result.depthReached} steps pruned nothing: no shorter story`
        : `none shorter up to width ${widest?.width ?? 0}, then ${afterFindStopText(result.stopReason === 'found' ? widest?.stopReason : result.stopReason)}`;
      print(
        `  then searched below its depth for a shorter one: ${after.length} more search(es), ${sumBy(after, 'distinctStates')} distinct worlds${shorter}; ${outcome}`,
      );
    }
    // A shorter story could end in a world whose liveness verdict another world of its state gave.
    if ((result.search === 'fault-ladder' || result.complete) && merged !== null) print(`  ${merged}`);
    if (!artifacts) {
      for (const scenarioLine of counterexampleAsScenario(setup, result.counterexample, protocolModule)) print(scenarioLine);
      return;
    }
    for (const scheduleLine of scheduleLines(setup.protocol, result.counterexample)) print(`    ${scheduleLine}`);
    if (line.artifact) {
      const transcript = line.artifact.replace(/\.json$/, '.md');
      print(`  replay: ${replayCommandLine(line.artifact, protocolModule)}${unwritten.includes(transcript) ? '' : `; transcript: ${transcript}`}`);
    }
    if (unwritten.length > 0) print(`  not written: ${unwritten.join(', ')} (see the error on stderr)`);
    return;
  }
  if (result.complete) {
    print(
      `${label}: no violation in any schedule of up to ${result.depthMax} ${result.steps === 'coarse' ? 'steps' : 'events'}${withinBudget(line.faultBudget)}` +
        `${result.stopReason === 'exhausted' ? ` (every reachable state seen by depth ${result.depthReached})` : ''}` +
        `${line.endChecks ? '' : ' (--no-end-checks: every-step properties only; a break in the liveness phase or at the end goes unseen)'}`,
    );
    if (merged !== null) print(`  ${merged}`);
    return;
  }
  if (result.search === 'widening') {
    const widest = result.widths[result.widths.length - 1];
    print(
      `${label}: no counterexample found by the widening search (${stopText(result)} at width ${widest?.width ?? 0}, depth ${result.depthReached}); this proves nothing, ${widest?.prunedStates ?? 0} worlds were left unexpanded` +
        ` (--search breadth-first for an exact bound)`,
    );
    return;
  }
  const why = stopText(result);
  if (result.search === 'fault-ladder') {
    const rungs = result.rungs.map((rung) => `${rung.faults}: ${rung.depthReached}`).join(', ');
    print(
      `${label}: incomplete: ${why}; every schedule is free of violations up to these depths per fault budget: ${rungs} ${result.steps === 'coarse' ? 'steps' : 'events'}`,
    );
    if (merged !== null) print(`  ${merged}`);
    return;
  }
  print(
    `${label}: incomplete: ${why} while exploring depth ${result.depthReached + 1}: it got to depth ${result.depthReached}, and every schedule of up to ${result.depthReached} ${result.steps === 'coarse' ? 'steps' : 'events'}${withinBudget(line.faultBudget)} is free of violations${line.endChecks ? '' : ' (every-step properties only)'} (--depth N or --time-limit-ms T to choose)`,
  );
  if (merged !== null) print(`  ${merged}`);
}

/** The client operations searched, as the footer names them (agreeing with the header's "at most N client operation(s)"). */
function alphabetText(alphabet: ExploreResult['alphabet']): string {
  if (alphabet.operations.length === 0) return 'no client operation';
  return `${alphabet.operations.length} operation(s) x ${alphabet.clients} client(s)`;
}

/** Why a widening search stopped looking for a story shorter than its find. */
function afterFindStopText(reason: ExploreStopReason | undefined): string {
  if (reason === 'time' || reason === 'memory' || reason === 'interrupted') return stopText({ stopReason: reason, distinctStates: 0, depthMax: 0 });
  return `its budget of worlds was spent (at most ${wideningAfterFindShare} times the first find's, within --states-max)`;
}

/** Why a search stopped short, in the words both reports use (the widening one and the exact ones). */
function stopText(result: Pick<ExploreResult, 'stopReason' | 'distinctStates' | 'depthMax'>): string {
  switch (result.stopReason) {
    case 'interrupted':
      return 'interrupted';
    case 'memory':
      return `the heap ran out (${heapAdvice})`;
    case 'time':
      return 'the time limit ran out';
    case 'states':
      return `the budget of ${result.distinctStates} distinct states ran out`;
    case 'depth':
      return `the depth limit of ${result.depthMax} was reached`;
    default:
      return 'it stopped';
  }
}
