/**
 * Hunting: fast-check generates schedules, the simulator runs them, and the first failure is
 * shrunk to a minimal counterexample. A hunt runs in chunks of runs, each with its own seed
 * derived from the hunt's seed, so a time budget, progress reports and sharding never change
 * which schedules a given chunk tries.
 */
import fc from 'fast-check';
import isEqual from 'lodash/isEqual.js';
import uniq from 'lodash/uniq.js';
import type { Schedule } from '../core/events.ts';
import { mixSeed } from '../core/random.ts';
import { Simulator, type RunResult } from '../core/simulator.ts';
import { checkableProperties, defaultProfile, undeclaredProperties } from '../core/protocol.ts';
import type { AnyProtocol, HuntStrategy, ScheduleProfile, Violation } from '../core/types.ts';
import { guidedChunk } from './guided.ts';
import { minimizeSchedule, reportShrinkCandidate, settleFinding, withShrinkLimits } from './minimize.ts';
import { exchangeDrawnSettings } from './shrink-settings.ts';
import {
  drawSettingsForChunk,
  huntScheduleArbitrary,
  pruneDrawnSettings,
  settingSwarmFor,
  setupFor,
  simulatorsFor,
  variantOwnSettings,
  withSettings,
} from './swarm.ts';
import type { ChunkOutcome, HuntCounters, HuntFinding, HuntSetup } from './types.ts';

export type { ChunkOutcome, HuntCounters, HuntFinding, HuntSetup } from './types.ts';

/**
 * Resolves defaults, the variant's own overrides and the user's, then validates the config. With
 * `settingSwarm`, each run of a hunt of the setup draws the protocol's swarm settings that neither
 * the user nor the variant pins (`swarm.ts`); the `faultline hunt` command turns it on by default.
 * With `properties`, only those are checked (names the protocol declares, else an error).
 */
export function resolveSetup(
  protocol: AnyProtocol,
  variant: string,
  overrides: Readonly<Record<string, unknown>> = {},
  profileOverrides: Partial<ScheduleProfile> = {},
  options: { readonly settingSwarm?: boolean; readonly properties?: readonly string[] } = {},
): HuntSetup | { error: string } {
  const unknownProperties = options.properties === undefined ? null : unknownPropertiesError(protocol, options.properties);
  if (unknownProperties !== null) return { error: unknownProperties };
  const description = protocol.variants.find((known) => known.name === variant);
  if (!description) {
    return {
      error: `protocol ${protocol.name} has no variant "${variant}"; variants: ${protocol.variants.map((known) => known.name).join(', ')}`,
    };
  }
  const contradicted = contradictedSetting(protocol, variant, overrides);
  if (contradicted !== null) return { error: contradicted };
  const configured = protocol.configure(protocol.defaultConfig(), { ...description.configOverrides, ...overrides });
  if (configured && typeof configured === 'object' && 'error' in configured && typeof configured.error === 'string') {
    return { error: configured.error };
  }
  const invalid = protocol.validateConfig(configured);
  if (invalid !== null) return { error: invalid };
  const profile = { ...protocol.scheduleProfile(configured), ...description.scheduleOverrides, ...profileOverrides };
  const settingSwarm = options.settingSwarm ? settingSwarmFor(protocol, variant, overrides) : {};
  return {
    protocol,
    variant,
    config: configured,
    profile,
    ...(Object.keys(settingSwarm).length > 0 ? { settingSwarm } : {}),
    ...(options.properties === undefined ? {} : { properties: uniq(options.properties) }),
  };
}

/** Why `names` cannot be the properties checked (none, or one the protocol does not declare), or null. */
export function unknownPropertiesError(protocol: Pick<AnyProtocol, 'name' | 'properties'>, names: readonly string[]): string | null {
  const declared = checkableProperties(protocol);
  if (names.length === 0) return `no property named to check; ${protocol.name}'s properties: ${declared.join(', ')}`;
  const unknown = undeclaredProperties(protocol, names);
  if (unknown.length === 0) return null;
  return `${protocol.name} has no property ${unknown.join(', ')}; its properties: ${declared.join(', ')}`;
}

/**
 * Why `overrides` would turn a variant into another model, or null. A variant is defined by its
 * rules and by the settings it sets beyond the correct variant's, which its story needs: Kafka
 * `acks-1` is the correct model with acks=1, and `zk-unfenced-controller-write`'s bug lives in the
 * ZooKeeper control plane (controlPlane=zookeeper). Overriding one of those hunts another model
 * under the variant's name, and a miss would read as "not caught" for a bug that was never there
 * (`zk-unfenced-controller-write` with controlPlane=kraft: nothing in 300 runs, where 5 find it).
 */
function contradictedSetting(protocol: AnyProtocol, variant: string, overrides: Readonly<Record<string, unknown>>): string | null {
  if (variant === 'correct') return null;
  const sameRules = isEqual(protocol.rules(variant), protocol.rules('correct'));
  const ownSettings = variantOwnSettings(protocol, variant);
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in ownSettings) || String(ownSettings[key]) === String(value)) continue;
    const own = `${key}=${String(ownSettings[key])}`;
    const asked = `${key}=${String(value)}`;
    return sameRules
      ? `variant ${variant} is the correct model with ${own}; setting ${asked} would hunt another model under its name (for that: --variant correct --set ${asked})`
      : `variant ${variant} sets ${own}, which its bug's story needs; setting ${asked} would hunt it where its bug may never show, and a miss would read as "not caught" (its own settings: ${describeOwnSettings(ownSettings)})`;
  }
  return null;
}

/** A variant's own settings as `key=value` words, for a message. */
function describeOwnSettings(settings: Readonly<Record<string, unknown>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

export interface HuntOptions {
  /** Stop after this many generated schedules (per shard). */
  readonly runs: number;
  readonly seed: number;
  /** A wall for the whole hunt, shrinking included: searching and shrinking stop when it is reached. */
  readonly timeLimitMs?: number;
  readonly chunkRuns?: number;
  /** Only chunks k with k % shardCount === shardIndex run (for `--shard K/N`). */
  readonly shardIndex?: number;
  readonly shardCount?: number;
  readonly onProgress?: (progress: HuntProgress) => void;
  /** Seed schedules for the guided strategy (see `GuidedOptions.seeds`); ignored by random hunts. */
  readonly seeds?: readonly Schedule[];
  /** Milliseconds since some origin; the hunt layer may read the clock, models may not. */
  readonly now?: () => number;
  /**
   * Stop at the first failing run and report it unshrunk. For benches that count runs to find:
   * shrinking never changes which run failed first, and it is most of their CPU. A parallel hunt
   * hands it to every chunk it assigns (`ChunkAssignment.findOnly`).
   */
  readonly findOnly?: boolean;
}

export interface HuntProgress {
  /** Runs done (in a parallel hunt: of the chunks that reported, plus, with `running`, how far the running ones have got). */
  readonly runs: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly found: boolean;
  /**
   * True when this is a running chunk's word on how far it has got (a parallel hunt's, every
   * quarter second), not a chunk's report or a finding: it moves a progress bar, nothing else.
   */
  readonly running?: boolean;
}

export interface HuntResult {
  readonly setup: HuntSetup;
  readonly runs: number;
  readonly events: number;
  readonly ms: number;
  readonly finding: HuntFinding | null;
  /** Per "sometimes" goal, how many runs reached it (runs before the failing one). */
  readonly coverage: Readonly<Record<string, number>>;
  /** True when the time limit, not the run budget, ended the hunt. */
  readonly stoppedByTime: boolean;
  /** True when the hunt was interrupted (Ctrl-C): runs and finding are what was done so far. */
  readonly interrupted: boolean;
  /**
   * An interrupted parallel hunt reports its lowest chunk's finding, unshrunk if that chunk was
   * still shrinking; when a higher chunk had finished (shrunk, unless `findOnly`) one of its own,
   * this says so. Its schedule is not kept: the lowest chunk's is the one a rerun finds (with its
   * `runsToReplay`, shrunk in full), as a one-worker hunt would report it.
   */
  readonly finishedAbove?: { readonly chunk: number; readonly events: number; readonly property: string };
  /**
   * A run that did not finish: its worker's heartbeat stood still for the run wall (or, at the time
   * limit, for `hangAtWallMs`), so the model's step probably never returns; the worker was stopped.
   * Runs and any finding are what was done before it (see parallel.ts).
   */
  readonly hang?: RunHang;
}

/** A run of a parallel hunt that did not finish (`HuntResult.hang`). */
export interface RunHang {
  /** The chunk (counted within the shard) and its run that did not finish, 1 for its first. */
  readonly chunk: number;
  readonly run: number;
  /** A hunt with the same seed (and shard) and this run budget runs up to it, the hung run last. */
  readonly runsToReach: number;
  /** How long the worker had been silent when it was stopped. */
  readonly silentMs: number;
  /** The hung run's schedule, regenerated from its chunk's seed (a random chunk's); null for a guided chunk's. */
  readonly schedule: Schedule | null;
}

/**
 * The schedule of run `index` (0 for the first) of a random chunk, generated again without running
 * it: a random chunk's schedules do not depend on its runs' results until one fails.
 */
export function randomRunSchedule(setup: HuntSetup, seed: number, batchSeeds: readonly number[], index: number): Schedule | null {
  const batch = batchSeeds.length === 0 ? null : Math.floor(index / defaultChunkRuns);
  const batchSeed = batch === null ? seed : (batchSeeds[batch] ?? null);
  if (batchSeed === null) return null;
  const within = batch === null ? index : index - batch * defaultChunkRuns;
  let found: Schedule | null = null;
  let seen = 0;
  fc.check(
    fc.property(huntScheduleArbitrary(setup), (schedule) => {
      if (seen++ === within) found = schedule;
      return true;
    }),
    { numRuns: within + 1, seed: batchSeed },
  );
  return found;
}

export const defaultChunkRuns = 100;
/**
 * Of the wall left when a chunk finds a failure, the share fast-check's shrinking may use; the rest
 * is the polish's. Without it a late find spent the whole wall in fast-check's slow shrinking of a
 * long schedule (cut at 69–117 events) where the polish alone takes it to 10–21.
 */
const fastCheckShrinkShare = 0.75;

/**
 * Shrink candidates fast-check may try once its counterexample breaks a safety property; past it
 * every candidate passes and fast-check stops with the smallest failure so far, which the polish
 * (`settleFinding`) takes on. Counted, not timed, so the same chunk shrinks to the same story on
 * any machine. Uncapped, fast-check's shrinking was most of a variant test's CPU (Raft
 * commit-old-term: 13,837 runs, 12 CPU s; capped, 2 s, 26 events instead of 25). A liveness break
 * is not capped: shrinking it often reaches the safety break it was the symptom of (Raft
 * full-window-stalls: replicated-after-healing as found, no-acked-write-lost once shrunk; capped
 * from the first failure, it stayed at the liveness break), which the polish, keeping the
 * property it is given, would not.
 */
export const fastCheckShrinkCandidatesMax = 300;

/** Simulator runs spent polishing fast-check's shrunk counterexample (tens of milliseconds). */
const polishRunsMax = 2000;
/**
 * A guided chunk builds its corpus from scratch, and deep stories need thousands of runs of it:
 * guided chunks are larger (each is still deterministic for its seed).
 */
export const guidedChunkRuns = 25_000;
/**
 * The mixed strategy (the default) runs a random chunk of this many runs (in batches of
 * `defaultChunkRuns`, as a random hunt runs them), then two guided chunks of `mixedGuidedChunkRuns`,
 * and again. Bugs random search finds at all it mostly finds within the first random chunk, with
 * the same runs as a random hunt; with two workers a guided chunk digs meanwhile.
 */
export const mixedRandomChunkRuns = 5000;
/**
 * A mixed hunt's guided chunks are a guided hunt's: a corpus that has not found the story in this
 * many runs is more often stuck than close, and a fresh one restarts from the initial world.
 */
export const mixedGuidedChunkRuns = guidedChunkRuns;

/** The strategy a hunt with this profile uses: `mixed` unless the profile names another. */
export function strategyOf(profile: ScheduleProfile): HuntStrategy {
  return profile.strategy ?? 'mixed';
}

/** The chunk size of a random or guided hunt (a mixed hunt's chunks differ: see `chunkLayout`). */
export function chunkRunsFor(setup: HuntSetup, requested?: number): number {
  if (requested !== undefined) return Math.max(1, requested);
  const strategy = strategyOf(setup.profile);
  return strategy === 'guided' ? guidedChunkRuns : strategy === 'mixed' ? mixedRandomChunkRuns : defaultChunkRuns;
}

/**
 * How a hunt's runs are cut into chunks: chunk p (counted within a shard) holds `runsAt(p)` runs
 * searched by `strategyAt(p)`, after `startOf(p)` runs of the chunks before it.
 */
export interface ChunkLayout {
  runsAt(position: number): number;
  startOf(position: number): number;
  strategyAt(position: number): 'random' | 'guided';
  /** Chunks a budget of `runs` spans (the last one is cut to what is left). */
  chunksFor(runs: number): number;
}

export function chunkLayout(setup: HuntSetup, requested?: number): ChunkLayout {
  const strategy = strategyOf(setup.profile);
  if (strategy !== 'mixed') {
    const size = chunkRunsFor(setup, requested);
    return { runsAt: () => size, startOf: (position) => position * size, strategyAt: () => strategy, chunksFor: (runs) => Math.ceil(runs / size) };
  }
  const random = requested === undefined ? mixedRandomChunkRuns : Math.max(1, requested);
  const guided = requested === undefined ? mixedGuidedChunkRuns : Math.max(1, requested);
  // A period of three chunks: random, guided, guided. With two workers, one runs the random chunk
  // while the other starts digging, and both dig once the random chunk is done.
  const period = random + 2 * guided;
  return {
    runsAt: (position) => (position % 3 === 0 ? random : guided),
    startOf: (position) => Math.floor(position / 3) * period + (position % 3 >= 1 ? random : 0) + (position % 3 === 2 ? guided : 0),
    strategyAt: (position) => (position % 3 === 0 ? 'random' : 'guided'),
    chunksFor: (runs) => {
      const periods = Math.floor(runs / period);
      const rest = runs - periods * period;
      return periods * 3 + (rest === 0 ? 0 : rest <= random ? 1 : rest <= random + guided ? 2 : 3);
    },
  };
}

/** The runs chunk `position` does under a budget of `runs` (the last chunk does what is left). */
export function chunkRunsAt(layout: ChunkLayout, position: number, runs: number): number {
  return Math.max(0, Math.min(layout.runsAt(position), runs - layout.startOf(position)));
}

export function newCounters(setup: HuntSetup): HuntCounters {
  const coverage: Record<string, number> = {};
  for (const goal of setup.protocol.sometimes ?? []) coverage[goal.name] = 0;
  return { events: 0, coverage, runs: 0 };
}

/** The seed of chunk k of a hunt: chunks never overlap, whatever the sharding. */
export function chunkSeed(huntSeed: number, chunk: number): number {
  return mixSeed(huntSeed, chunk) >>> 1;
}

/** What `huntChunk` returns: the outcome, and whether the deadline cut the search or the shrinking short. */
export type BoundedChunkOutcome = ChunkOutcome & { readonly stoppedEarly: boolean };

export interface ChunkLimits {
  /** The hunt's wall in `now()` time: the search and the shrinking both stop there. */
  readonly deadline?: number;
  /** Called with the first failing schedule, then with smaller ones as shrinking proceeds. */
  readonly onCandidate?: (candidate: { readonly schedule: Schedule; readonly violation: Violation }) => void;
  /** How this chunk searches (a mixed hunt's chunks are random or guided); default: the profile's strategy, mixed counting as random. */
  readonly strategy?: 'random' | 'guided';
  /** Seeds of a random chunk's batches of `defaultChunkRuns` runs (see `batchSeedsAt`); by default derived from the chunk's seed. */
  readonly batchSeeds?: readonly number[];
  /** The first failure as found, unshrunk (see `HuntOptions.findOnly`). */
  readonly findOnly?: boolean;
  /**
   * Read before every run and in shrinking, as the deadline: true once the chunk's result can no
   * longer matter (in a parallel hunt a lower chunk has a finding, which wins), so its worker stops
   * at once instead of hunting or shrinking on; the outcome is then discarded.
   */
  readonly stop?: () => boolean;
}

/**
 * The seeds of the batches of a mixed hunt's random chunk: those of the random hunt's chunks that
 * cover the same runs, so a mixed hunt runs exactly the schedules a random hunt with the same seed
 * runs, up to the end of its first random chunk, and finds what random search finds there in as
 * many runs. Empty for guided chunks and for random and guided hunts (their chunks are batches).
 */
export function batchSeedsAt(layout: ChunkLayout, huntSeed: number, position: number, shard: { index: number; count: number }): number[] {
  const mixed = layout.strategyAt(0) === 'random' && layout.strategyAt(1) === 'guided';
  if (!mixed || layout.strategyAt(position) !== 'random' || layout.runsAt(position) <= defaultChunkRuns) return [];
  // Random chunks are every third position, all of one size.
  const first = Math.floor((Math.floor(position / 3) * layout.runsAt(position)) / defaultChunkRuns);
  return Array.from({ length: Math.ceil(layout.runsAt(position) / defaultChunkRuns) }, (_, batch) =>
    chunkSeed(huntSeed, shard.index + (first + batch) * shard.count),
  );
}

/** Runs one chunk of `runs` generated schedules; returns a shrunk finding or how many runs passed. */
export function huntChunk(
  setup: HuntSetup,
  seed: number,
  runs: number,
  now: () => number,
  counters: HuntCounters,
  seeds: readonly Schedule[] = [],
  limits: ChunkLimits = {},
): BoundedChunkOutcome {
  const { deadline, onCandidate, batchSeeds = [], findOnly = false, stop } = limits;
  const strategy = limits.strategy ?? (setup.profile.strategy === 'guided' ? 'guided' : 'random');
  // A guided chunk runs one config: its own draw of the setting swarm (none when it continues seed stories).
  const chunkSettings = strategy === 'guided' && seeds.length === 0 ? drawSettingsForChunk(setup, seed) : {};
  // The settings of the run that failed, for the candidates the minimizer hands out without them.
  let failingSettings: Schedule['settings'] = chunkSettings;
  const withRunSettings =
    onCandidate &&
    ((candidate: { readonly schedule: Schedule; readonly violation: Violation }): void => {
      if (candidate.schedule.settings !== undefined) failingSettings = candidate.schedule.settings;
      onCandidate({ ...candidate, schedule: withSettings(candidate.schedule, candidate.schedule.settings ?? failingSettings) });
    });
  const bounded = withShrinkLimits(
    {
      now,
      ...(deadline !== undefined ? { deadline } : {}),
      ...(withRunSettings ? { onCandidate: withRunSettings } : {}),
      ...(stop ? { stop } : {}),
    },
    () => {
      const searched =
        strategy === 'guided'
          ? {
              outcome: guidedChunkWithSettings(setup, chunkSettings, seed, runs, now, counters, {
                seeds,
                ...(deadline !== undefined ? { deadline } : {}),
                ...(findOnly ? { unshrunk: true } : {}),
                ...(stop ? { stop } : {}),
              }),
              interrupted: false,
            }
          : randomBatches(setup, seed, batchSeeds, runs, now, counters, deadline, findOnly, stop);
      if (!('violation' in searched.outcome) || findOnly) return searched;
      // Shrunk: now the settings the failure does not need go back to the hunt's, and the story is
      // polished once more on that config (without, say, PreVote's extra round trip it may shorten);
      // then other swarm values, where they tell the story shorter (shrink-settings.ts).
      const { schedule } = searched.outcome;
      const pruned = schedule.settings === undefined ? searched.outcome : repolished(setup, schedule, pruneDrawnSettings(setup, searched.outcome));
      const exchanged = exchangeDrawnSettings(setup, pruned);
      // This is shrinking too (it may shorten the story): `shrinkMs` runs from the find to here.
      const shrinkMs = now() - searched.outcome.foundAtMs;
      return { ...searched, outcome: { ...searched.outcome, ...exchanged, shrinkMs } };
    },
  );
  const { outcome, interrupted } = bounded.value;
  return { ...outcome, stoppedEarly: bounded.stoppedEarly || interrupted };
}

/** Simulator runs spent polishing a finding again once drawn settings went back to the hunt's. */
const repolishRunsMax = 500;

/** The pruned finding, polished again when pruning reset a drawn setting (the config changed). */
function repolished(
  setup: HuntSetup,
  drawn: Schedule,
  pruned: { readonly schedule: Schedule; readonly violation: Violation },
): { readonly schedule: Schedule; readonly violation: Violation } {
  const settings = pruned.schedule.settings;
  if (Object.keys(settings ?? {}).length === Object.keys(drawn.settings ?? {}).length) return pruned;
  const prunedSetup = setupFor(setup, pruned.schedule);
  const polished = minimizeSchedule(prunedSetup, pruned.schedule, pruned.violation.property, repolishRunsMax);
  if (polished.schedule.events.length >= pruned.schedule.events.length) return pruned;
  const schedule = withSettings(polished.schedule, settings);
  const violation = new Simulator(prunedSetup).run(schedule).violation;
  return violation !== null && violation.property === pruned.violation.property && violation.kind === pruned.violation.kind
    ? { schedule, violation }
    : pruned;
}

/** A guided chunk on the config its drawn settings make; a finding's schedule carries them. */
function guidedChunkWithSettings(
  setup: HuntSetup,
  settings: NonNullable<Schedule['settings']>,
  seed: number,
  runs: number,
  now: () => number,
  counters: HuntCounters,
  options: Parameters<typeof guidedChunk>[5],
): ChunkOutcome {
  const outcome = guidedChunk(setupFor(setup, { settings }), seed, runs, now, counters, options);
  return 'violation' in outcome ? { ...outcome, schedule: withSettings(outcome.schedule, settings) } : outcome;
}

/**
 * A mixed hunt's random chunk runs as batches of `defaultChunkRuns` runs with the seeds of the
 * random hunt's chunks (see `batchSeedsAt`), so its schedules are exactly a random hunt's.
 */
function randomBatches(
  setup: HuntSetup,
  seed: number,
  batchSeeds: readonly number[],
  runs: number,
  now: () => number,
  counters: HuntCounters,
  deadline: number | undefined,
  findOnly: boolean,
  stop: (() => boolean) | undefined,
): { outcome: ChunkOutcome; interrupted: boolean } {
  if (batchSeeds.length === 0) return randomChunk(setup, seed, runs, now, counters, deadline, findOnly, stop);
  let done = 0;
  for (let batch = 0; done < runs; batch++) {
    if ((deadline !== undefined && now() >= deadline) || stop?.()) return { outcome: { runsInChunk: done }, interrupted: true };
    const { outcome, interrupted } = randomChunk(
      setup,
      batchSeeds[batch] ?? mixSeed(seed, batch) >>> 1,
      Math.min(defaultChunkRuns, runs - done),
      now,
      counters,
      deadline,
      findOnly,
      stop,
    );
    done += outcome.runsInChunk;
    if ('violation' in outcome) return { outcome: { ...outcome, runsInChunk: done }, interrupted };
    if (interrupted) return { outcome: { runsInChunk: done }, interrupted };
  }
  return { outcome: { runsInChunk: done }, interrupted: false };
}

function randomChunk(
  setup: HuntSetup,
  seed: number,
  runs: number,
  now: () => number,
  counters: HuntCounters,
  deadline: number | undefined,
  findOnly: boolean,
  stop?: () => boolean,
): { outcome: ChunkOutcome; interrupted: boolean } {
  // One simulator per config the chunk's runs draw (just the hunt's without a setting swarm).
  const simulatorOf = simulatorsFor(setup, { coverage: (setup.protocol.sometimes?.length ?? 0) > 0 });
  let firstFailure: { schedule: Schedule; violation: Violation; atMs: number; run: number } | null = null;
  let runsInChunk = 0;
  // Past this, fast-check's shrinking is handed candidates as passing (it then stops quickly), so the
  // polish gets its share of the wall (see `fastCheckShrinkShare`).
  let fastCheckShrinkEnd = Number.POSITIVE_INFINITY;
  let fastCheckShrinkCut = false;
  // Candidates tried while fast-check's counterexample breaks a safety property (see `fastCheckShrinkCandidatesMax`).
  let safetyCandidates = 0;
  let shrinkingSafety = false;
  const property = fc.property(huntScheduleArbitrary(setup), (schedule) => {
    // Ends fast-check's search or shrinking at once (an interruption, as at its time limit).
    if (stop?.()) throw new fc.PreconditionFailure(true);
    if (firstFailure !== null && now() >= fastCheckShrinkEnd) {
      fastCheckShrinkCut = true;
      return true;
    }
    if (shrinkingSafety && ++safetyCandidates > fastCheckShrinkCandidatesMax) return true;
    // `run` never throws: a model's exception comes back as a violation of kind `exception`.
    const result = simulatorOf(schedule).run(schedule);
    counters.events += result.safetySteps + result.livenessSteps;
    if (firstFailure === null) {
      runsInChunk++;
      counters.runs++;
      for (const goal of result.coverage ?? []) counters.coverage[goal] = (counters.coverage[goal] ?? 0) + 1;
    }
    if (result.violation === null) return true;
    shrinkingSafety = result.violation.kind !== 'property' || result.violation.category !== 'liveness';
    if (firstFailure === null) {
      firstFailure = { schedule, violation: result.violation, atMs: now(), run: runsInChunk };
      if (deadline !== undefined) fastCheckShrinkEnd = firstFailure.atMs + (deadline - firstFailure.atMs) * fastCheckShrinkShare;
      // Handed out before shrinking starts, so an interrupted hunt still has it.
      reportShrinkCandidate(schedule, result.violation);
    }
    return false;
  });
  // fast-check stops generating, or shrinking, at the wall and reports the smallest failure so far.
  const timeLimit = deadline === undefined ? {} : { interruptAfterTimeLimit: Math.max(0, Math.floor(deadline - now())) };
  const details = fc.check(property, { numRuns: runs, seed, ...timeLimit, endOnFailure: findOnly });
  if (firstFailure === null) return { outcome: { runsInChunk }, interrupted: details.interrupted };
  const failure: { schedule: Schedule; violation: Violation; atMs: number; run: number } = firstFailure;
  if (findOnly) {
    const { schedule, violation, atMs, run } = failure;
    const unshrunk = { schedule, violation, seed, path: details.counterexamplePath ?? '', eventsBeforeShrink: schedule.events.length };
    return { outcome: { ...unshrunk, shrinkMs: 0, shrinks: 0, runsInChunk: run, foundAtMs: atMs }, interrupted: details.interrupted };
  }
  // Swarm shrinking first puts left-out event kinds back (a longer schedule on the way to a
  // shorter one): stopped early, it may hold a longer schedule than the one first found.
  const candidate = details.counterexample?.[0] ?? failure.schedule;
  const shrunk = candidate.events.length <= failure.schedule.events.length ? candidate : failure.schedule;
  // The minimizer runs on the config the failing run drew (fast-check never shrinks the draw).
  const settled = settleFinding(setupFor(setup, failure.schedule), simulatorOf(failure.schedule), failure, shrunk, polishRunsMax);
  return {
    outcome: {
      ...settled,
      schedule: withSettings(settled.schedule, failure.schedule.settings),
      seed,
      path: details.counterexamplePath ?? '',
      eventsBeforeShrink: failure.schedule.events.length,
      shrinkMs: now() - failure.atMs,
      shrinks: details.numShrinks,
      runsInChunk: failure.run,
      foundAtMs: failure.atMs,
    },
    interrupted: details.interrupted || fastCheckShrinkCut,
  };
}

/** Hunts one protocol variant: chunk after chunk until a failure, the run budget or the time limit. */
export function hunt(setup: HuntSetup, options: HuntOptions): HuntResult {
  const now = options.now ?? (() => 0);
  const started = now();
  const layout = chunkLayout(setup, options.chunkRuns);
  const shardCount = Math.max(1, options.shardCount ?? 1);
  const shardIndex = options.shardIndex ?? 0;
  const counters = newCounters(setup);
  let runs = 0;
  let stoppedByTime = false;
  const positions = layout.chunksFor(options.runs);
  for (let position = 0; position < positions; position++) {
    if (options.timeLimitMs !== undefined && now() - started >= options.timeLimitMs) {
      stoppedByTime = true;
      break;
    }
    const chunk = shardIndex + position * shardCount;
    // The last chunk runs only what is left of the budget, so `runs` is exact.
    const runsInChunk = chunkRunsAt(layout, position, options.runs);
    const deadline = options.timeLimitMs === undefined ? undefined : started + options.timeLimitMs;
    const outcome = huntChunk(setup, chunkSeed(options.seed, chunk), runsInChunk, now, counters, options.seeds, {
      ...(deadline === undefined ? {} : { deadline }),
      strategy: layout.strategyAt(position),
      batchSeeds: batchSeedsAt(layout, options.seed, position, { index: shardIndex, count: shardCount }),
      ...(options.findOnly ? { findOnly: true } : {}),
    });
    if ('violation' in outcome) {
      runs += outcome.runsInChunk;
      const finding: HuntFinding = {
        violation: outcome.violation,
        schedule: outcome.schedule,
        seed: outcome.seed,
        path: outcome.path,
        eventsBeforeShrink: outcome.eventsBeforeShrink,
        runsToFind: runs,
        runsToReplay: layout.startOf(position) + outcome.runsInChunk,
        msToFind: outcome.foundAtMs - started,
        shrinkMs: outcome.shrinkMs,
        shrinks: outcome.shrinks,
        shrinkStoppedEarly: outcome.stoppedEarly,
      };
      options.onProgress?.({ runs, events: counters.events, elapsedMs: now() - started, found: true });
      return {
        setup,
        runs,
        events: counters.events,
        ms: now() - started,
        finding,
        coverage: counters.coverage,
        stoppedByTime: false,
        interrupted: false,
      };
    }
    runs += outcome.runsInChunk;
    if (outcome.stoppedEarly) stoppedByTime = true;
    options.onProgress?.({ runs, events: counters.events, elapsedMs: now() - started, found: false });
  }
  return { setup, runs, events: counters.events, ms: now() - started, finding: null, coverage: counters.coverage, stoppedByTime, interrupted: false };
}

/** Re-runs a schedule (on the config its drawn settings make) with the trace on, for transcripts and replays. */
export function replaySchedule(setup: Pick<HuntSetup, 'protocol' | 'variant' | 'config'>, schedule: Schedule): RunResult {
  return new Simulator(setupFor({ ...setup, profile: defaultProfile }, schedule), { recordTrace: true }).run(schedule);
}
