/**
 * Guided hunting: a coverage-guided search over schedules, in the spirit of AFL's corpus and of
 * state-coverage fuzzers for distributed systems. Plain random schedules rarely tell a story
 * that needs five milestones in a row (a leader lost and regained while a replica misses both
 * changes): each milestone is likely, the conjunction is not. Here a schedule prefix that reaches
 * a situation never seen before (a new protocol `fingerprint`) is kept, together with the world it
 * reached, and later runs continue from kept prefixes with a few more random events. Milestones
 * then add up instead of multiplying.
 *
 * The search is deterministic for a seed (worlds are immutable values and the simulator is pure),
 * bounded (corpus, fingerprints, schedule length, runs) and its findings are minimized by delta
 * debugging, since fast-check cannot shrink a schedule it did not generate in one piece.
 */
import fc from 'fast-check';
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { drawInteger, mixSeed } from '../core/random.ts';
import { exceptionViolation, modelException, Simulator, type World } from '../core/simulator.ts';
import type { AnyProtocol, Violation, WorldView } from '../core/types.ts';
import { faultArbitrary, scheduleArbitrary } from './arbitraries.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { ChunkOutcome, HuntCounters, HuntSetup } from './types.ts';
import { minimizeSchedule, settleFinding } from './minimize.ts';

export interface GuidedLimits {
  /** Kept prefixes at most; once full, new situations still count but are not kept. */
  readonly corpusMax: number;
  /** Distinct fingerprints remembered at most (bounds memory on protocols with many). */
  readonly fingerprintsMax: number;
  /** Events added to a kept prefix per run, at most. */
  readonly extensionEventsMax: number;
  /** Longest schedule a run may have, as a multiple of the profile's `eventsMax`. */
  readonly scheduleLengthFactor: number;
  /** Simulator runs the minimizer may spend on a finding. */
  readonly minimizeRunsMax: number;
  /**
   * Parent choice: this many kept prefixes are drawn at random and the one whose situation was
   * reached least often wins (rare situations are the edge of what the search knows, as in
   * AFLFast's and FairFuzz's rare-branch scheduling). 1 picks uniformly.
   */
  readonly tournamentSize: number;
  /**
   * With seed schedules, this share of runs (percent) picks its parent among the prefixes that
   * descend from a seed, so the search keeps digging where the seed story led it.
   */
  readonly seededPercent: number;
  /**
   * This share of runs (percent) begins its extension with one fault (`faultArbitrary`: a crash,
   * partition, drop... by the profile's weights) right where the kept prefix ends, i.e. right
   * after the step that reached a situation never seen before. Deep stories need a fault inside a
   * transient window (a follower synchronized but not yet told NEWLEADER; a replica back in the
   * ISR before the high watermark caught up), and a kept prefix ends exactly at such a window's
   * start; a fault drawn among a dozen random events rarely lands there. CrashTuner (Lu et al.,
   * SOSP 2019) injects crashes right after meta-info changes for the same reason.
   */
  readonly faultFirstPercent: number;
  /**
   * With pressure measures (`Protocol.pressure`), this share of runs (percent) picks its parent
   * among the prefixes that reached the highest value yet of one measure (the measure drawn
   * uniformly among those above 0): directed search toward a violation, as libFuzzer's value
   * profile keeps inputs that bring a comparison closer. Plain coverage keeps such a prefix only
   * if its fingerprint is new, and then as one among thousands.
   */
  readonly pressurePercent: number;
  /** Prefixes kept per measure at its highest value (distinct fingerprints; the oldest go first). */
  readonly pressurePoolMax: number;
  /**
   * With pressure measures, this share of runs (percent) is a whole random schedule from the
   * initial world (the profile's length, as a random hunt's), observed step by step like an
   * extension: long random runs reach a measure's first levels that short extensions of kept
   * prefixes seldom do (measured on Kafka: a leader's HW below its epoch start in about 1 random
   * run in 100, in no guided chunk of 25,000 runs), and the pools then keep them.
   */
  readonly freshPercent: number;
  /**
   * With pressure measures, this share of runs (percent) begins its extension with a *pause*
   * (Jepsen's SIGSTOP nemesis, a long garbage collection): one node, drawn, stands still for 1 to
   * `pauseRoundsMax` rounds while the others go on. A round delivers every message in flight at
   * its start that is not addressed to the paused node (oldest first), then ticks every other
   * node: the liveness phase's round without the paused node. What the paused node was sent waits
   * in flight, and when it resumes it acts on a view the others have left behind (a deposed leader
   * that acknowledges on a late fetch; a follower that keeps fetching from an old leader). Random
   * events seldom string such rounds together: each needs a dozen deliveries in order while one
   * node's messages are held, without losing them as a partition would.
   */
  readonly pausePercent: number;
  /** Rounds a pause lasts at most. */
  readonly pauseRoundsMax: number;
  /** Events a pause adds at most (its deliveries and ticks). */
  readonly pauseEventsMax: number;
  /**
   * With pressure measures, this share (percent) of the extensions whose leading fault is a
   * partition go on with 1 to `pauseRoundsMax` rounds under it (every message in flight delivered,
   * lost where the cut is, then every node ticks; at most `pauseEventsMax` events), before their
   * random events: both sides of the cut act on it, sessions expire and the control plane moves
   * leadership away from the side it no longer hears, while what one side sends the other is lost.
   * Random events seldom string those rounds together (a control plane needs a few ticks with
   * every heartbeat from its side delivered), and the liveness phase heals the cut first.
   */
  readonly partitionRoundsPercent: number;
  /**
   * With a pressure measure that asks for it (`afterHeal: true`, Kafka's), this share of runs
   * (percent; whole random runs included) also observes the liveness phase's opening: from the run's last world, on the side, the network
   * healed, every down node restarted, then 1 to `pauseRoundsMax` rounds as the liveness phase
   * runs them (at most `pauseEventsMax` events), each world offered to the measures' pools as the
   * prefix that reaches it (those events written as schedule events). The run itself goes on as
   * without it. The liveness phase is deterministic and otherwise unobserved, and stories whose
   * last act follows a heal finish there: a follower cut off from the control plane fetches from a
   * leader whose newer epoch it never heard of (every find of Kafka's `no-fetch-epoch-fencing`
   * broke 15 to 60 steps after the schedule's end). Observed, those worlds reach the pools, and
   * later runs continue from inside the opening. Its draws have a stream of their own.
   */
  readonly settlePercent: number;
}

export const defaultGuidedLimits: GuidedLimits = {
  corpusMax: 20_000,
  fingerprintsMax: 200_000,
  extensionEventsMax: 12,
  scheduleLengthFactor: 3,
  minimizeRunsMax: 4000,
  tournamentSize: 4,
  seededPercent: 50,
  faultFirstPercent: 50,
  pressurePercent: 25,
  pressurePoolMax: 32,
  freshPercent: 10,
  pausePercent: 25,
  pauseRoundsMax: 3,
  pauseEventsMax: 60,
  partitionRoundsPercent: 50,
  settlePercent: 25,
};

interface CorpusEntry {
  readonly world: World;
  readonly events: readonly ScheduleEvent[];
  readonly fingerprint: string;
  /** Reached by extending a seed schedule's prefix. */
  readonly fromSeed: boolean;
}

export { fingerprintOf, genericFingerprint } from './fingerprint.ts';

/**
 * The fingerprint, or (if the protocol's fingerprint or summary throws) the exception as a
 * violation with step -1, which `found` reports without minimizing: plain runs never call it.
 */
function safeFingerprint(protocol: AnyProtocol, view: WorldView<unknown, unknown, unknown, unknown, unknown, unknown>): string | Violation {
  try {
    return fingerprintOf(protocol, view);
  } catch (thrown) {
    return exceptionViolation(modelException('the fingerprint (guided search only)', thrown), -1, 'safety');
  }
}

export interface GuidedOptions {
  readonly limits?: GuidedLimits;
  readonly statistics?: (statistics: GuidedStatistics) => void;
  /**
   * Seed schedules (a fuzzer's seed corpus): the world at the end of each is kept from the start,
   * so the search can continue a hand-written story (e.g. a scenario file that sets up a leader
   * change) instead of starting from the initial state only.
   */
  readonly seeds?: readonly Schedule[];
  /** Stop (without a finding) once `now()` passes this; guided chunks are long, time limits are not. */
  readonly deadline?: number;
  /** Checked before every run, as the deadline: true stops the chunk without a finding (see `ChunkLimits.stop`). */
  readonly stop?: () => boolean;
  /** A finding as the run found it, not minimized (`HuntOptions.findOnly`: benches that count runs to find). */
  readonly unshrunk?: boolean;
}

/** Statistics of one guided chunk, for benchmarks and notes. */
export interface GuidedStatistics {
  readonly corpus: number;
  readonly fingerprints: number;
  /** The fingerprints reached, for diagnosing where a search stalls. */
  readonly reached: ReadonlyMap<string, number>;
  /** Per pressure measure (`Protocol.pressure`), the highest value reached. */
  readonly pressureHighest: Readonly<Record<string, number>>;
}

/**
 * A guided search in progress: `step(run)` does one run and returns a finding or null. Kept as a
 * value so that a mixed hunt can interleave its runs with random ones (see `hunt.ts`).
 */
export interface GuidedSearch {
  /** One run (numbered `run` in its chunk, for the finding's path): a minimized finding, or null. */
  step(run: number): ChunkOutcome | null;
  /** Reports the statistics (corpus, fingerprints) to `options.statistics`. */
  report(): void;
  /** A finding before the first run: the initial world or a seed schedule already broke something. */
  readonly immediate: ChunkOutcome | null;
}

export function startGuidedSearch(
  setup: HuntSetup,
  seed: number,
  now: () => number,
  counters: HuntCounters,
  options: GuidedOptions = {},
): GuidedSearch {
  const limits = options.limits ?? defaultGuidedLimits;
  const unshrunk = options.unshrunk ?? false;
  const statistics = options.statistics;
  const protocol = setup.protocol;
  const sometimes = protocol.sometimes ?? [];
  const simulator = new Simulator(setup, { coverage: sometimes.length > 0 });
  const extension = scheduleArbitrary(protocol, setup.config, { ...setup.profile, eventsMax: limits.extensionEventsMax });
  const whole = scheduleArbitrary(protocol, setup.config, setup.profile);
  const fault = faultArbitrary(protocol, setup.config, setup.profile);
  const lengthMax = Math.max(limits.extensionEventsMax, setup.profile.eventsMax * limits.scheduleLengthFactor);

  let random = mixSeed(seed, 0x6775);
  const draw = (low: number, high: number): number => {
    const drawn = drawInteger(random, low, high);
    random = drawn.next;
    return drawn.value;
  };
  // The liveness opening's draws have a stream of their own: the runs themselves draw as without it.
  let settleRandom = mixSeed(seed, 0x7365);
  const drawSettle = (low: number, high: number): number => {
    const drawn = drawInteger(settleRandom, low, high);
    settleRandom = drawn.next;
    return drawn.value;
  };
  const rootWorld = simulator.initialWorld(draw(0, 1000));
  const rootFingerprint = rootWorld.exception ? exceptionViolation(rootWorld.exception, 0, 'safety') : safeFingerprint(protocol, rootWorld);
  const root: CorpusEntry = {
    world: rootWorld,
    events: [],
    fingerprint: typeof rootFingerprint === 'string' ? rootFingerprint : '',
    fromSeed: false,
  };
  const corpus: CorpusEntry[] = [root];
  const seededCorpus: CorpusEntry[] = [];
  const keep = (entry: CorpusEntry): void => {
    if (corpus.length >= limits.corpusMax) return;
    corpus.push(entry);
    if (entry.fromSeed) seededCorpus.push(entry);
  };
  // Pressure: per measure, the highest value reached and the prefixes that reached it.
  const measures = protocol.pressure ?? [];
  const highest = measures.map(() => 0);
  const pressured: CorpusEntry[][] = measures.map(() => []);
  const pressuredMeasures: number[] = [];
  /** Whether a measure asks to be read in the liveness phase's opening too (see `settlePercent`). */
  const healing = measures.some((measure) => measure.afterHeal === true);
  /** How many steps landed on each fingerprint: its size is the number of situations seen. */
  const seen = new Map<string, number>([[root.fingerprint, 1]]);
  const report = (): void =>
    statistics?.({
      corpus: corpus.length,
      fingerprints: seen.size,
      reached: seen,
      pressureHighest: Object.fromEntries(measures.map((measure, index) => [measure.name, highest[index] ?? 0])),
    });
  const finish = (outcome: ChunkOutcome | null): GuidedSearch => ({ step: () => outcome, report, immediate: outcome });
  if (typeof rootFingerprint !== 'string')
    return finish(found(setup, { randomSeed: rootWorld.randomSeed, events: [] }, rootFingerprint, seed, 1, now, limits, unshrunk));
  // A seed story sets up a situation: the search continues from where it ends.
  for (const seedSchedule of options.seeds ?? []) {
    let world = simulator.initialWorld(seedSchedule.randomSeed);
    const events: ScheduleEvent[] = [];
    for (const event of seedSchedule.events.slice(0, lengthMax)) {
      world = simulator.applyEvent(world, event);
      events.push(event);
      if (simulator.checkStepProperties(world, events.length - 1, 'safety')) break;
    }
    const fingerprint = safeFingerprint(protocol, world);
    if (typeof fingerprint !== 'string')
      return finish(found(setup, { randomSeed: world.randomSeed, events }, fingerprint, seed, 1, now, limits, unshrunk));
    seen.set(fingerprint, (seen.get(fingerprint) ?? 0) + 1);
    keep({ world, events, fingerprint, fromSeed: true });
  }

  const observePressure = (
    world: World,
    events: readonly ScheduleEvent[],
    fingerprintOrLater: string | (() => string),
    kept: CorpusEntry | null,
    fromSeed: boolean,
  ): void => {
    let fingerprint = typeof fingerprintOrLater === 'string' ? fingerprintOrLater : null;
    for (let index = 0; index < measures.length; index++) {
      const value = (measures[index] as (typeof measures)[number]).measure(world);
      const best = highest[index] as number;
      if (value <= 0 || value < best) continue;
      fingerprint ??= (fingerprintOrLater as () => string)();
      const pool = pressured[index] as CorpusEntry[];
      if (value === best && pool.some((entry) => entry.fingerprint === fingerprint)) continue;
      const entry = kept ?? { world, events: events.slice(), fingerprint, fromSeed };
      if (value > best) {
        highest[index] = value;
        pool.length = 0;
        if (!pressuredMeasures.includes(index)) pressuredMeasures.push(index);
      } else if (pool.length >= limits.pressurePoolMax) pool.shift();
      pool.push(entry);
    }
  };

  const step = (run: number): ChunkOutcome | null => {
    counters.runs++;
    let parent = root;
    let parentHits = Number.POSITIVE_INFINITY;
    const fresh = measures.length > 0 && draw(0, 99) < limits.freshPercent;
    if (fresh) {
      parent = root;
    } else if (pressuredMeasures.length > 0 && draw(0, 99) < limits.pressurePercent) {
      const pool = pressured[pressuredMeasures[draw(0, pressuredMeasures.length - 1)] as number] as CorpusEntry[];
      parent = pool[draw(0, pool.length - 1)] ?? root;
    } else {
      const pool = seededCorpus.length > 0 && draw(0, 99) < limits.seededPercent ? seededCorpus : corpus;
      for (let candidate = 0; candidate < limits.tournamentSize; candidate++) {
        const entry = pool[draw(0, pool.length - 1)] ?? root;
        const hits = seen.get(entry.fingerprint) ?? 0;
        if (hits < parentHits) {
          parent = entry;
          parentHits = hits;
        }
      }
    }
    if (parent.events.length >= lengthMax) parent = root;
    const pausing = !fresh && measures.length > 0 && draw(0, 99) < limits.pausePercent;
    const pausedNode = pausing ? draw(0, parent.world.nodes.length - 1) : -1;
    const pauseRounds = pausing ? draw(1, limits.pauseRoundsMax) : 0;
    let added: readonly ScheduleEvent[];
    let leadingPartitionRounds = 0;
    if (fresh) {
      const [drawn] = fc.sample(whole, { seed: draw(0, 0x7fffffff), numRuns: 1 });
      added = (drawn?.events ?? []).slice(0, lengthMax);
    } else {
      const [drawn] = fc.sample(extension, { seed: draw(0, 0x7fffffff), numRuns: 1 });
      const faultFirst = draw(0, 99) < limits.faultFirstPercent ? fc.sample(fault, { seed: draw(0, 0x7fffffff), numRuns: 1 }) : [];
      added = [...faultFirst, ...(drawn?.events ?? [])].slice(0, limits.extensionEventsMax);
      if (measures.length > 0 && faultFirst[0]?.kind === 'partition' && draw(0, 99) < limits.partitionRoundsPercent)
        leadingPartitionRounds = draw(1, limits.pauseRoundsMax);
    }

    let world = parent.world;
    const events: ScheduleEvent[] = parent.events.slice();
    let outcome: ChunkOutcome | null = null;
    const reached = new Set<string>();
    simulator.collectCoverageInto(sometimes.length > 0 ? reached : null);
    /** Applies one event and observes the world it reaches; false once the run found something. */
    const apply = (event: ScheduleEvent): boolean => {
      world = simulator.applyEvent(world, event);
      events.push(event);
      counters.events++;
      const violation = simulator.checkStepProperties(world, events.length - 1, 'safety');
      if (violation) {
        outcome = found(setup, { randomSeed: world.randomSeed, events }, violation, seed, run, now, limits, unshrunk);
        return false;
      }
      const fingerprint = safeFingerprint(protocol, world);
      if (typeof fingerprint !== 'string') {
        outcome = found(setup, { randomSeed: world.randomSeed, events }, fingerprint, seed, run, now, limits, unshrunk);
        return false;
      }
      const hits = seen.get(fingerprint);
      let kept: CorpusEntry | null = null;
      if (hits !== undefined) {
        seen.set(fingerprint, hits + 1);
      } else if (seen.size < limits.fingerprintsMax) {
        seen.set(fingerprint, 1);
        kept = { world, events: events.slice(), fingerprint, fromSeed: parent.fromSeed };
        keep(kept);
      }
      if (measures.length > 0) observePressure(world, events, fingerprint, kept, parent.fromSeed);
      return true;
    };
    /**
     * Rounds as the liveness phase runs them, without the standing nodes: every message in flight
     * at a round's start that is not addressed to one of them is delivered (oldest first), then
     * every other node ticks. False once the run found something.
     */
    const rounds = (count: number, standing: readonly number[]): boolean =>
      roundsFrom(
        count,
        standing,
        () => world,
        () => events.length,
        apply,
      );
    /** `rounds` on any run in progress: `current` is its world, `length` its events so far, `step` applies one. */
    const roundsFrom = (
      count: number,
      standing: readonly number[],
      current: () => World,
      length: () => number,
      step: (event: ScheduleEvent) => boolean,
    ): boolean => {
      const end = Math.min(lengthMax, length() + limits.pauseEventsMax);
      for (let round = 0; round < count; round++) {
        // The messages in flight at the round's start, by identity: each delivery shifts the others' indexes.
        // In queue order, where the liveness phase goes link by link (Simulator.roundPlan): the opening
        // observed here is close to the phase's, not the same. Link order here found the deep Kafka
        // stories later (docs/hunting.md, "Pauses"), so it stays.
        const waiting = simulator
          .messageChoices(current())
          .filter((message) => !standing.includes(message.to))
          .map((message) => message.id);
        for (const id of waiting) {
          const index = simulator.messageChoices(current()).findIndex((message) => message.id === id);
          if (index < 0) continue;
          if (length() >= end) return true;
          if (!step({ kind: 'deliver', message: index })) return false;
        }
        for (let node = 0; node < current().nodes.length; node++) {
          if (standing.includes(node)) continue;
          if (length() >= end) return true;
          if (!step({ kind: 'tick', node })) return false;
        }
      }
      return true;
    };
    /**
     * The liveness phase's opening (heal, restart every down node, `count` rounds) applied on the
     * side, from the run's last world, each world observed by the measures only: the run goes on
     * from its own last world as without it.
     */
    const observeOpening = (count: number): void => {
      let side = world;
      const sideEvents = events.slice();
      const step = (event: ScheduleEvent): boolean => {
        side = simulator.applyEvent(side, event);
        sideEvents.push(event);
        if (simulator.checkStepProperties(side, sideEvents.length - 1, 'safety')) return false;
        const current = side;
        observePressure(
          current,
          sideEvents,
          () => {
            const fingerprint = safeFingerprint(protocol, current);
            return typeof fingerprint === 'string' ? fingerprint : '';
          },
          null,
          parent.fromSeed,
        );
        return true;
      };
      if (side.network.partition !== null && sideEvents.length < lengthMax && !step({ kind: 'heal' })) return;
      for (let node = 0; node < side.nodes.length; node++)
        if (!side.nodes[node]?.up && sideEvents.length < lengthMax && !step({ kind: 'restart', node })) return;
      roundsFrom(
        count,
        [],
        () => side,
        () => sideEvents.length,
        step,
      );
    };
    let going = rounds(pauseRounds, [pausedNode]);
    if (going && leadingPartitionRounds > 0) {
      // The leading partition, then rounds under it; the extension's random events follow.
      const [partition, ...rest] = added;
      going = partition === undefined || events.length >= lengthMax || apply(partition);
      if (going) going = rounds(leadingPartitionRounds, []);
      added = rest;
    }
    if (going) for (const event of added.slice(0, Math.max(0, lengthMax - events.length))) if (!apply(event)) break;
    if (outcome) {
      simulator.collectCoverageInto(null);
      return outcome;
    }
    if (healing && drawSettle(0, 99) < limits.settlePercent) {
      // Coverage counts the run's own steps only.
      simulator.collectCoverageInto(null);
      observeOpening(drawSettle(1, limits.pauseRoundsMax));
      simulator.collectCoverageInto(sometimes.length > 0 ? reached : null);
    }
    const end = simulator.finishRun(world, events.length);
    simulator.collectCoverageInto(null);
    counters.events += end.livenessSteps;
    for (const goal of reached) counters.coverage[goal] = (counters.coverage[goal] ?? 0) + 1;
    if (end.violation) return found(setup, { randomSeed: world.randomSeed, events }, end.violation, seed, run, now, limits, unshrunk);
    return null;
  };
  return { step, report, immediate: null };
}

/**
 * Runs `runs` guided runs from `seed`. Each run picks a kept prefix (the empty schedule is kept
 * first), appends up to `extensionEventsMax` events drawn like a hunt's (same weights, swarm
 * included), checks every-step properties after each event, keeps every prefix that reaches a
 * new fingerprint, then runs the liveness phase and the end properties.
 */
export function guidedChunk(
  setup: HuntSetup,
  seed: number,
  runs: number,
  now: () => number,
  counters: HuntCounters,
  options: GuidedOptions = {},
): ChunkOutcome {
  const search = startGuidedSearch(setup, seed, now, counters, options);
  if (search.immediate) return search.immediate;
  for (let run = 1; run <= runs; run++) {
    // Read before every run: a run costs far more than a clock read, and a target's share of a
    // short budget may be less than 64 runs.
    if ((options.deadline !== undefined && now() >= options.deadline) || options.stop?.()) {
      search.report();
      return { runsInChunk: run - 1 };
    }
    const outcome = search.step(run);
    if (outcome) {
      search.report();
      return outcome;
    }
  }
  search.report();
  return { runsInChunk: runs };
}

function found(
  setup: HuntSetup,
  schedule: Schedule,
  violation: Violation,
  seed: number,
  run: number,
  now: () => number,
  limits: GuidedLimits,
  unshrunk: boolean,
): ChunkOutcome {
  const foundAtMs = now();
  if (unshrunk) {
    const step = violation.step < 0 ? schedule.events.length - 1 : violation.step;
    const asFound = { violation: { ...violation, step }, schedule, seed, path: `guided:${run}`, eventsBeforeShrink: schedule.events.length };
    return { ...asFound, shrinkMs: 0, shrinks: 0, runsInChunk: run, foundAtMs };
  }
  const simulator = new Simulator(setup);
  // A fingerprint's exception happens only in guided search, never in a plain run: nothing to minimize.
  const minimized = violation.step < 0 ? { schedule, runs: 0 } : minimizeSchedule(setup, schedule, violation.property, limits.minimizeRunsMax);
  const settled =
    violation.step < 0
      ? { violation: { ...violation, step: schedule.events.length - 1 }, schedule }
      : settleFinding(setup, simulator, { schedule, violation }, minimized.schedule, 0);
  return {
    ...settled,
    seed,
    path: `guided:${run}`,
    eventsBeforeShrink: schedule.events.length,
    shrinkMs: now() - foundAtMs,
    shrinks: minimized.runs,
    runsInChunk: run,
    foundAtMs,
  };
}
