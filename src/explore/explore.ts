/**
 * Small-scope exhaustive exploration (`faultline explore`): a breadth-first search over every
 * schedule of a small configuration up to a depth, with state hashing and node-symmetry
 * reduction. Breadth-first means the first violation found is a shortest counterexample (within
 * the event alphabet explored), which is what random hunting's shrinking should approach.
 *
 * A step is one schedule event, or with `steps: 'coarse'` a step of a story ("fire node n's next
 * timeout", "deliver everything pending on link a→b"; see `steps.ts`), which expands into several
 * events: depth then counts story steps, and the counterexample is still an ordinary schedule.
 * Partial-order reduction keeps one order of two independent steps in a row (`steps.ts`).
 *
 * Every distinct world reached is checked like a run would check it: the `every-step` properties
 * after every event (inside a coarse step too), then the liveness phase and the `end` properties
 * from that world, exactly as `Simulator.run` would after a schedule leading there. The
 * counterexample is re-run from scratch before it is reported.
 *
 * Pure search code: no clock except the injected `now`, no console; everything is bounded by the
 * depth, the distinct-states budget and the optional time limit.
 */
import sumBy from 'lodash/sumBy.js';
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { type LivenessMemo, Simulator, type World } from '../core/simulator.ts';
import { timescaleOf } from '../core/settings.ts';
import type { NodeId, Violation } from '../core/types.ts';
import { fingerprintOf } from '../hunt/fingerprint.ts';
import type { HuntSetup } from '../hunt/types.ts';
import { coarsePartitions, operationAlphabet, twoSidedPartitions, type EventAlphabet } from './alphabet.ts';
import { WorldKeys } from './key.ts';
import { applyStep, coarseSteps, eventSteps, independent, type ExploreStep, type StepFootprint, type StepGranularity } from './steps.ts';

export interface ExploreOptions {
  /** Schedules of at most this many steps are explored. */
  readonly depth: number;
  /** One schedule event per step (default), or coarse story steps (see `steps.ts`). */
  readonly steps?: StepGranularity;
  /** Partial-order reduction of independent steps in a row. Default true. */
  readonly partialOrderReduction?: boolean;
  /**
   * Ticks a `timeout` step tries before it counts as silent (coarse steps only). Default 16 times
   * the configuration's timescale (`timescaleOf`: how many times its default the slowest clock is).
   */
  readonly timeoutTicksMax?: number;
  /**
   * Coarse steps: also offer one silent tick of a node (`tick n`), for stories where a node is
   * part way through a timeout when something else happens. Default true (it adds a step per
   * node to every world).
   */
  readonly silentTicks?: boolean;
  /**
   * Fault steps (crash, partition, drop, duplicate) per schedule at most; restarts and heals are
   * free (they only undo a fault). Default: no limit. Stories need few faults, and most of the
   * branching is faults, so a budget lets the search go much deeper.
   */
  readonly faultsMax?: number;
  /**
   * Per kind of fault, at most this many per schedule (as TLA+ specifications bound crashes and
   * partitions with constants): crashes, partitions, and message faults (drops and duplicates).
   * Default: no limit. A story needs one or two faults of known kinds, and every kind left at zero
   * removes its steps from every world: on Kafka with KRaft (six nodes) 44 of the 53 steps from
   * the first world are crashes and partitions.
   */
  readonly crashesMax?: number;
  readonly partitionsMax?: number;
  readonly messageFaultsMax?: number;
  /**
   * Retries of a pending client operation per schedule at most. Default: none with coarse steps
   * (the liveness phase retries anyway, and every retry is a new world), no limit with events.
   */
  readonly retriesMax?: number;
  /** New client operations per schedule (retries of a pending operation do not count). */
  readonly operationsMax: number;
  /** Distinct states kept at most; beyond it the result is incomplete. */
  readonly statesMax: number;
  /**
   * Read with the clock (every 64 steps tried): true when the search must stop before its heap
   * runs out, stopping it for `memory` with what it reached (a worker passes a reading of V8's
   * heap statistics; near its limit V8 collects garbage for minutes before it gives up). Default:
   * never.
   */
  readonly heapFull?: () => boolean;
  /** Milliseconds since some origin (only read when `timeLimitMs` is set). */
  readonly now?: () => number;
  readonly timeLimitMs?: number;
  /** Node-symmetry reduction, when the protocol declares `symmetry`. Default true. */
  readonly symmetry?: boolean;
  /**
   * Clients that never invoked anything are interchangeable, so only the lowest-numbered of them
   * may start an operation. Default true.
   */
  readonly clientSymmetry?: boolean;
  /** Parameter values combined with every workload kind to make the operation alphabet. Default [0, 1]. */
  readonly parameterValues?: readonly number[];
  /** An explicit operation alphabet instead of the one derived from the workload. */
  readonly operations?: readonly unknown[];
  /** Clients taking part. Default: as many as operations, at most the protocol's client count. */
  readonly clientsMax?: number;
  /** Key the in-flight messages by their exact order too (see `key.ts`). Default false. */
  readonly exactNetworkOrder?: boolean;
  /**
   * Key a history entry without its attempt count, merging a retried request with its first
   * attempt (not sound: a failure answering a retry is recorded as unknown, and ZAB's properties
   * judge first attempts only). For the minimizer only, which replays what it finds, so merging can
   * only make it miss a story; `faultline explore` never sets it. Default false.
   */
  readonly mergeRetries?: boolean;
  /** Run the liveness phase and `end` properties from every distinct world. Default true. */
  readonly endChecks?: boolean;
  /**
   * Reuse a liveness phase's verdict for every world whose liveness phase starts from the same
   * world (after healing and restarting every node): a world that differs from one already
   * checked only in a partition, or in nodes that are down, is not checked again. Default true.
   */
  readonly reuseEndChecks?: boolean;
  /**
   * Cut a liveness phase short where it reaches a world a passing phase reached at the same point:
   * its first quiet round's end (with at least as many rounds left as that phase needed to settle)
   * or the world its rounds end in (see `LivenessMemo`). On Kafka two thirds of the phases
   * of a search within one crash settle in a world seen before. Default true.
   */
  readonly memoizeLivenessPhases?: boolean;
  /** The schedules' random seed (node generators). Default 0. */
  readonly randomSeed?: number;
  /**
   * Events every schedule starts with: the search starts from the world after them (depth counts
   * the steps after them) and a counterexample is these events and then the steps found. The
   * minimizer's suffix search looks this way for a shorter end to a failing schedule. Default none.
   */
  readonly prefix?: readonly ScheduleEvent[];
  /** Keep 64-bit hashes of keys instead of the keys themselves (far less memory). Default true. */
  readonly hashKeys?: boolean;
  /** Called after each completed depth. */
  readonly onLevel?: (level: ExploreLevel) => void;
  /**
   * `breadth-first` (default here; `faultline explore` defaults to `fault-ladder`): every world, so a
   * counterexample is a shortest one. `fault-ladder`: breadth-first searches within no fault, one
   * crash, one partition, one message fault and any faults side by side (`exploreFaultLadder`). `widening`:
   * breadth-first searches that expand at most `width` worlds per protocol fingerprint (the
   * situation the guided search names), with the width doubling from 1 after every search that
   * found nothing: deep stories through rare situations are reached long before the full search
   * would, but a counterexample is only the shortest within the worlds kept, and "nothing found"
   * proves nothing unless the last search pruned no world (it was then the full search). After a
   * find it searches on below the find's depth (`afterFindShare`).
   */
  readonly search?: ExploreSearch;
  /**
   * Widening search without any fault budget given: at each width, search first with no fault,
   * then with one crash, one partition, one message fault (drop or duplicate), and last with no
   * budget; a budgeted search that pruned nothing is not repeated at wider widths. Most stories
   * need one or two faults of one kind, and a budget removes the other kinds' steps from every
   * world (the branching is faults), so their searches go much deeper in the same time. A
   * counterexample is then found within the budget it names (`ExploreWidth.faults`). Default false.
   */
  readonly faultLadder?: boolean;
  /**
   * The order in which the worlds of a depth are expanded: `records` (the order they were
   * reached) or `situations-round-robin`: by the world's rank within its situation (the protocol
   * fingerprint the guided and widening searches name), so the first world reached in each
   * situation goes first, then the second of each, and so on, as the widening search's widths
   * would take them; ties in the order reached. Every depth is still expanded completely before
   * the next, so a counterexample is as short either way; a story through a rare situation is
   * found earlier within its depth. Default `records`, and `situations-round-robin` for the
   * fault-ladder search (and `faultline explore`'s one search within a fault budget): with one
   * crash, Kafka `min-isr-1`'s 6-step story is met after 59 worlds of its depth instead of 69,073
   * (6 CPU s instead of 20); on a search that finds nothing it costs about a tenth more CPU.
   */
  readonly frontierOrder?: FrontierOrder;
  /**
   * Fault-ladder search: run only these of its searches (by `ExploreRung.faults` name, e.g.
   * `['any']`), so that the ladder can be split across worker threads (`src/explore/parallel.ts`).
   * Without `any` a find is never proven shortest here: the caller proves it with the `any` part.
   * Default: all of them.
   */
  readonly ladderRungs?: readonly string[];
  /**
   * Fault-ladder search: read between slices; the searches stop going deeper than this depth (a
   * caller running the ladder's parts side by side lowers it once another part has found a story).
   */
  readonly ladderDepthCap?: () => number;
  /**
   * Called with the result so far (what a search stopped now would report): after every completed
   * depth, and in a fault ladder after every slice.
   */
  readonly onProgress?: (sofar: ExploreResult) => void;
  /** Widening search: the first width (default 1). */
  readonly widthStart?: number;
  /**
   * Widening search: after its first find it goes on at wider widths below the find's depth, for
   * at most this many times the distinct worlds the find took (default `wideningAfterFindShare`; 0
   * stops at the first find). A find at a narrow width is seldom the shortest story; a wider search
   * below its depth finds a shorter one, or proves it shortest once a search there prunes nothing.
   */
  readonly afterFindShare?: number;
  /** Widening search: called after each search (then `onLevel` is not called). */
  readonly onWidth?: (run: ExploreWidth) => void;
}

export type ExploreSearch = 'breadth-first' | 'widening' | 'fault-ladder';

export type FrontierOrder = 'records' | 'situations-round-robin';

/** One search of a fault-ladder exploration: a breadth-first search within one fault budget. */
export interface ExploreRung {
  /** The fault budget: `none`, `1 crash`, ..., `any` (no budget: the plain breadth-first search). */
  readonly faults: string;
  /** Deepest depth explored completely (within this budget every schedule up to it was checked). */
  readonly depthReached: number;
  readonly distinctStates: number;
  /** Worlds generated (duplicates included): its share of the work, which the ladder keeps even. */
  readonly states: number;
  /** Why it stopped, or null when the ladder stopped it (the others had what it could tell). */
  readonly stopReason: ExploreStopReason | null;
}

export interface ExploreLevel {
  /** In steps. */
  readonly depth: number;
  /** Worlds generated at this depth (successors tried, duplicates included; up to the counterexample if found here). */
  readonly states: number;
  /** Worlds at this depth not seen before. */
  readonly distinctStates: number;
  readonly elapsedMs: number;
  /** Fault-ladder search: the fault budget of the search this depth belongs to. */
  readonly faults?: string;
}

/**
 * Why a search stopped; `interrupted`: the command was stopped (Ctrl-C) and reports what its
 * workers had got to; `memory`: a worker thread's JavaScript heap ran out, and the result is what
 * the workers had reported before.
 */
export type ExploreStopReason = 'depth' | 'exhausted' | 'found' | 'interrupted' | 'memory' | 'states' | 'time';

/** A budget stopped the search (time, distinct states or the heap): what follows it would stop too. */
function budgetRanOut(reason: ExploreStopReason): reason is 'memory' | 'states' | 'time' {
  return reason === 'time' || reason === 'states' || reason === 'memory';
}

/** One search of a widening exploration. */
export interface ExploreWidth {
  /** Worlds expanded per fingerprint at most. */
  readonly width: number;
  /** The fault budget this search had: `any` (the options' own), or a rung of the fault ladder (`none`, `1 crash`, ...). */
  readonly faults: string;
  /** Deepest depth explored completely. */
  readonly depthReached: number;
  readonly distinctStates: number;
  /** Distinct worlds reached (and checked) but not expanded: their fingerprint had `width` worlds already. */
  readonly prunedStates: number;
  readonly fingerprints: number;
  readonly stopReason: ExploreStopReason;
  readonly elapsedMs: number;
}

export interface ExploreResult {
  readonly protocol: string;
  readonly variant: string;
  readonly steps: StepGranularity;
  readonly search: ExploreSearch;
  /**
   * Widening search: the searches run, widest last (the other fields describe the last one, or
   * after a find the one that found the shortest story, except `states`, `distinctStates`,
   * `eventsSimulated` and `ms`, which add up all of them). Empty for breadth-first.
   */
  readonly widths: readonly ExploreWidth[];
  /** Fault-ladder search: the breadth-first searches run side by side, one per fault budget. Empty otherwise. */
  readonly rungs: readonly ExploreRung[];
  /**
   * The fault budget the counterexample (or, when none was found, the depth reached) is exact for:
   * `any` except for a fault-ladder search that found one within a rung's budget and could not
   * show that no shorter one exists with more faults.
   */
  readonly faults: string;
  readonly partialOrderReduction: boolean;
  readonly depthMax: number;
  /** The deepest depth explored completely (the depth of the counterexample when one is found). */
  readonly depthReached: number;
  /**
   * True when no budget cut the search short and nothing was pruned: either nothing breaks in
   * any schedule up to `depthMax` steps, or the counterexample is a shortest one (in steps,
   * within the step alphabet and budgets explored). A widening search that found a
   * counterexample while pruning is not complete: a shorter one may exist.
   */
  readonly complete: boolean;
  readonly stopReason: ExploreStopReason;
  /** Worlds generated (one per step applied, duplicates included). */
  readonly states: number;
  /** Steps not taken because partial-order reduction explores the other order. */
  readonly reducedSteps: number;
  readonly distinctStates: number;
  /** Events simulated, liveness phases included: the work done. */
  readonly eventsSimulated: number;
  /** Distinct worlds whose liveness phase was not run: one from the same starting world had been (see `reuseEndChecks`). */
  readonly endChecksReused: number;
  /** Liveness phases cut short where a passing phase had been (see `memoizeLivenessPhases`). */
  readonly livenessPhasesCut: number;
  readonly levels: readonly ExploreLevel[];
  readonly found: boolean;
  /** The violation as a run from scratch reports it. */
  readonly violation: Violation | null;
  /** A shortest failing schedule (in steps); `new Simulator(setup).run(counterexample)` reproduces it. */
  readonly counterexample: Schedule | null;
  /** The counterexample's steps (with `events` steps, one per event). */
  readonly counterexampleSteps: readonly ExploreStep[] | null;
  readonly ms: number;
  /** Interchangeable node groups used (empty: no node-symmetry reduction) and renamings tried per world. */
  readonly symmetry: { readonly groups: readonly (readonly NodeId[])[]; readonly renamings: number };
  /** The client operations and clients searched (none with `operationsMax` 0), and the partitions. */
  readonly alphabet: { readonly operations: readonly unknown[]; readonly clients: number; readonly partitions: number };
}

/** Renamings tried per world at most; larger symmetry groups fall back to no reduction. */
const renamingsMax = 720;
/** The clock is read every this many steps tried (only with a time limit). */
const clockEveryStates = 64;

/**
 * A step in a world's sleep set (Godefroid's sleep sets): a local step that an earlier path already
 * took in the other order. From a world, steps are taken in order; the world after step `t` sleeps
 * on every step taken before `t` from the same world and on every step its parent slept on,
 * as long as that step is independent of `t` (`independent` in steps.ts): the world after both,
 * in either order, is the same, and the other order was or will be explored at the same depth. A
 * world reached again at the same depth keeps only what both paths let it skip, so breadth-first
 * search still reaches every world at its shortest depth (properties/explore-coarse.test.ts
 * compares the distinct worlds per depth with the unreduced search).
 */
interface SleepEntry {
  /** The step, named so that the same step in another world (the same link, node or message) has the same name. */
  readonly identity: string;
  readonly footprint: StepFootprint;
  /** Events the step took where it was first taken (the same wherever it is independent of what came between). */
  readonly events: number;
}

/**
 * The faults a path took, packed per kind (`faultBits` bits each: crashes, partitions, message
 * faults), so that a record keeps them in one number.
 */
const faultBits = 10;
const faultKindCount = 3;
const faultKindMask = (1 << faultBits) - 1;

/** The fault kind a step spends (0 crash, 1 partition, 2 drop or duplicate), or -1: restarts and heals only undo faults. */
function faultKindOf(step: ExploreStep): number {
  if (step.kind === 'drop-link' || step.kind === 'duplicate-link') return 2;
  if (step.kind !== 'event') return -1;
  const kind = step.event.kind;
  if (kind === 'crash') return 0;
  if (kind === 'partition') return 1;
  return kind === 'drop' || kind === 'duplicate' ? 2 : -1;
}

function faultCount(faults: number, kind: number): number {
  return (faults >> (kind * faultBits)) & faultKindMask;
}

function faultTotal(faults: number): number {
  let total = 0;
  for (let kind = 0; kind < faultKindCount; kind++) total += faultCount(faults, kind);
  return total;
}

/** Fault budgets: per kind (crash, partition, message) and in all; `Infinity` where unbounded. */
interface FaultBudget {
  readonly perKind: readonly number[];
  readonly total: number;
}

function faultBudgetOf(options: ExploreOptions): FaultBudget {
  const bound = (value: number | undefined): number =>
    value === undefined ? Number.POSITIVE_INFINITY : Math.min(faultKindMask, Math.max(0, Math.floor(value)));
  return { perKind: [bound(options.crashesMax), bound(options.partitionsMax), bound(options.messageFaultsMax)], total: bound(options.faultsMax) };
}

/** The faults after taking a step of fault kind `kind` (-1: none), or -1 when that exceeds the budget. */
function spendFault(budget: FaultBudget, faults: number, kind: number): number {
  if (kind < 0) return faults;
  const perKind = budget.perKind[kind] ?? Number.POSITIVE_INFINITY;
  const count = faultCount(faults, kind);
  if (count + 1 > perKind || faultTotal(faults) + 1 > budget.total) return -1;
  // An unbounded kind's count saturates (budgets are at most `faultKindMask`, so no bound is passed unnoticed).
  return count === faultKindMask ? faults : faults + (1 << (kind * faultBits));
}

/**
 * True when a world reached with faults `known` has every future one reached with `faults` has:
 * no more faults of any bounded kind (and in all, when the total is bounded). Without any budget
 * every path to a world has the same futures.
 */
function faultsDominate(budget: FaultBudget, known: number, faults: number): boolean {
  for (let kind = 0; kind < faultKindCount; kind++) {
    if (Number.isFinite(budget.perKind[kind] ?? Number.POSITIVE_INFINITY) && faultCount(known, kind) > faultCount(faults, kind)) return false;
  }
  return !Number.isFinite(budget.total) || faultTotal(known) <= faultTotal(faults);
}

/** Retries of pending operations so far: every attempt after an operation's first. */
function retriesIn(world: World): number {
  let retries = 0;
  for (const entry of world.history) retries += entry.attempts - 1;
  return retries;
}

export function explore(setup: HuntSetup, options: ExploreOptions): ExploreResult {
  if ((options.search ?? 'breadth-first') === 'breadth-first') return exploreOnce(setup, options, null).result;
  if (options.search === 'fault-ladder') return exploreFaultLadder(setup, options);
  const now = options.now ?? (() => 0);
  const started = now();
  const widths: ExploreWidth[] = [];
  let states = 0;
  let distinctStates = 0;
  let eventsSimulated = 0;
  const budgeted = faultBudgetGiven(options);
  const rungs = options.faultLadder === true && !budgeted ? faultLadder : [{ faults: 'any', budget: {} }];
  // Budgeted rungs whose search pruned nothing: exhausted, so not repeated at wider widths.
  const finished = new Set<string>();
  // The shortest story found so far, and the distinct worlds every search together had taken to find the first.
  let best: ExploreResult | null = null;
  let distinctToFirstFind = 0;
  const afterFindShare = Math.max(0, options.afterFindShare ?? wideningAfterFindShare);
  const totals = (): Pick<ExploreResult, 'search' | 'widths' | 'states' | 'distinctStates' | 'eventsSimulated' | 'ms'> => ({
    search: 'widening',
    widths: [...widths],
    states,
    distinctStates,
    eventsSimulated,
    ms: now() - started,
  });
  /** The best story, once the searches after it stop: `proven` when one below its depth pruned nothing. */
  const bestFound = (found: ExploreResult, proven: boolean): ExploreResult => ({ ...found, ...totals(), complete: proven });
  for (let width = Math.max(1, Math.floor(options.widthStart ?? 1)); ; width *= 2) {
    for (const rung of rungs) {
      if (finished.has(rung.faults)) continue;
      // After a find, only a shorter story is looked for, and only for the share of worlds it allows.
      const depth = best === null ? options.depth : Math.min(options.depth, best.depthReached - 1);
      const shareLeft = best === null ? Number.POSITIVE_INFINITY : afterFindShare * distinctToFirstFind - (distinctStates - distinctToFirstFind);
      if (best !== null && (depth < 1 || shareLeft <= 0)) return bestFound(best, depth < 1);
      const timeLimitMs = options.timeLimitMs === undefined ? undefined : options.timeLimitMs - (now() - started);
      const { onLevel: _levels, onProgress, ...quiet } = options;
      // Progress is the whole widening search's so far (every completed width, and this run's counts),
      // not this run's alone: a search stopped from outside (the watchdog, Ctrl-C) reports it, and
      // after a find it reports the story found, not the search for a shorter one.
      const progress =
        onProgress === undefined
          ? {}
          : {
              onProgress: (sofar: ExploreResult) =>
                onProgress({
                  ...(best ?? sofar),
                  search: 'widening',
                  widths: [...widths],
                  depthReached: best?.depthReached ?? widths[widths.length - 1]?.depthReached ?? sofar.depthReached,
                  complete: false,
                  states: states + sofar.states,
                  distinctStates: distinctStates + sofar.distinctStates,
                  eventsSimulated: eventsSimulated + sofar.eventsSimulated,
                  ms: now() - started,
                }),
            };
      const once = exploreOnce(
        setup,
        {
          ...quiet,
          ...progress,
          ...rung.budget,
          depth,
          ...(best === null ? {} : { statesMax: Math.min(options.statesMax, shareLeft) }),
          ...(timeLimitMs === undefined ? {} : { timeLimitMs: Math.max(0, timeLimitMs) }),
        },
        width,
      );
      const { result } = once;
      states += result.states;
      distinctStates += result.distinctStates;
      eventsSimulated += result.eventsSimulated;
      const run: ExploreWidth = {
        width,
        faults: rung.faults,
        depthReached: result.depthReached,
        distinctStates: result.distinctStates,
        prunedStates: once.prunedStates,
        fingerprints: once.fingerprints,
        stopReason: result.stopReason,
        elapsedMs: now() - started,
      };
      widths.push(run);
      options.onWidth?.(run);
      // A search that pruned nothing was the full breadth-first search (within its budget): its verdict is exact.
      const exact = once.prunedStates === 0;
      if (exact) finished.add(rung.faults);
      const unbounded = rung.faults === 'any';
      if (result.stopReason === 'found') {
        // Found within a search that pruned nothing and had no fault budget: a shortest story.
        if (exact && unbounded) return bestFound(result, true);
        if (best === null) distinctToFirstFind = distinctStates;
        best = result;
        if (afterFindShare === 0) return bestFound(best, false);
        // Reported at once: a search stopped from outside from now on reports this story.
        options.onProgress?.(bestFound(best, false));
        continue;
      }
      if (best !== null) {
        if (budgetRanOut(result.stopReason) || result.stopReason === 'interrupted' || width >= widthMax) return bestFound(best, false);
        // Nothing shorter: proven when the search below the find's depth pruned nothing and had no budget.
        if (exact && unbounded) return bestFound(best, true);
        continue;
      }
      const last = budgetRanOut(result.stopReason) || (exact && unbounded);
      if (last || width >= widthMax) {
        return { ...result, ...totals(), complete: result.complete && exact && unbounded };
      }
    }
  }
}

/** True when a fault budget is given (then a fault ladder is the one search within it). */
export function faultBudgetGiven(options: Pick<ExploreOptions, 'faultsMax' | 'crashesMax' | 'partitionsMax' | 'messageFaultsMax'>): boolean {
  return [options.faultsMax, options.crashesMax, options.partitionsMax, options.messageFaultsMax].some((value) => value !== undefined);
}

/** The counts a search's result adds up, summed over several searches (a ladder's, or its parts'). */
export function summedCounts(
  results: readonly ExploreResult[],
): Pick<ExploreResult, 'states' | 'distinctStates' | 'eventsSimulated' | 'reducedSteps' | 'endChecksReused' | 'livenessPhasesCut'> {
  return {
    states: sumBy(results, 'states'),
    distinctStates: sumBy(results, 'distinctStates'),
    eventsSimulated: sumBy(results, 'eventsSimulated'),
    reducedSteps: sumBy(results, 'reducedSteps'),
    endChecksReused: sumBy(results, 'endChecksReused'),
    livenessPhasesCut: sumBy(results, 'livenessPhasesCut'),
  };
}

/** The fault ladder's rungs, in order (see `ExploreOptions.faultLadder`). */
export const faultLadder: readonly { readonly faults: string; readonly budget: Partial<ExploreOptions> }[] = [
  { faults: 'none', budget: { faultsMax: 0 } },
  { faults: '1 crash', budget: { crashesMax: 1, partitionsMax: 0, messageFaultsMax: 0 } },
  { faults: '1 partition', budget: { crashesMax: 0, partitionsMax: 1, messageFaultsMax: 0 } },
  { faults: '1 message fault', budget: { crashesMax: 0, partitionsMax: 0, messageFaultsMax: 1 } },
  { faults: 'any', budget: {} },
];

/**
 * Fault-ladder search: breadth-first searches within growing fault budgets (no fault, one crash,
 * ..., any), run side by side in slices of `ladderSliceStates` worlds generated, each slice going
 * to the search that has generated the fewest worlds so far (counts, not time, so the same input
 * gives the same search). Each search is thus as deep as an equal share of the work takes it, and
 * starts its next depth as soon as its share allows: the frontier order puts a depth's rare
 * situations first, and a story is often found early in its depth. Most stories need one or two
 * faults of known kinds, and the branching is faults: within a small budget the search goes 2 to
 * 3 depths deeper. Every
 * counterexample is exact within the budget it names (a shortest one there); it is a proven
 * shortest one when the `any` search has completed the depth before it. After a first find the
 * ladder keeps deepening the `any` search alone (only below the find's depth, and for at most
 * `confirmationShare` times the worlds it took to find it): it finds any shorter one the others
 * would, and proves the find shortest. With a fault budget given, it is the plain breadth-first search.
 */
function exploreFaultLadder(setup: HuntSetup, options: ExploreOptions): ExploreResult {
  const budgeted = faultBudgetGiven(options);
  const now = options.now ?? (() => 0);
  const shared: SharedBudget = {
    started: now(),
    distinctElsewhere: 0,
    livenessVerdicts: new Map(),
    livenessPasses: { quiet: new Map(), roundsEnd: new Set() },
    sliceStates: ladderSliceStates,
  };
  const { onLevel: _levels, ...quiet } = options;
  type Outcome = { result: ExploreResult; prunedStates: number; fingerprints: number };
  const wanted = options.ladderRungs;
  const ladder = budgeted ? [{ faults: 'any', budget: {} }] : faultLadder.filter((rung) => wanted === undefined || wanted.includes(rung.faults));
  if (ladder.length === 0) throw new Error(`faultline internal error: no fault-ladder search named ${JSON.stringify(wanted)}`);
  const rungs = ladder.map((rung) => ({
    faults: rung.faults,
    search: exploreLevels(
      setup,
      {
        ...quiet,
        ...rung.budget,
        search: 'breadth-first',
        frontierOrder: options.frontierOrder ?? 'situations-round-robin',
      },
      null,
      shared,
    ),
    levels: [] as ExploreLevel[],
    sofar: null as ExploreResult | null,
    done: null as Outcome | null,
  }));
  const distinctOf = (rung: (typeof rungs)[number]): number => rung.done?.result.distinctStates ?? rung.sofar?.distinctStates ?? 0;
  const generatedBy = (rung: (typeof rungs)[number]): number => rung.done?.result.states ?? rung.sofar?.states ?? 0;
  const generated = (): number => rungs.reduce((sum, rung) => sum + generatedBy(rung), 0);
  // The unbounded search, when this ladder runs it (see `ExploreOptions.ladderRungs`).
  const any = rungs.find((rung) => rung.faults === 'any');
  let best: { rung: (typeof rungs)[number]; outcome: Outcome } | null = null;
  let generatedAtFind = 0;
  let stopped: ExploreStopReason | null = null;
  /** The ladder's result if it stopped now (`stopped` says why, when it did). */
  const summarize = (): ExploreResult => {
    const anyDepth = any ? (any.done?.result.depthReached ?? any.levels.length) : 0;
    const summary: ExploreRung[] = rungs.map((rung) => ({
      faults: rung.faults,
      depthReached: rung.done?.result.depthReached ?? rung.levels.length,
      distinctStates: distinctOf(rung),
      states: generatedBy(rung),
      stopReason: rung.done?.result.stopReason ?? null,
    }));
    // The setup's fields (protocol, alphabet, symmetry) from any search that has run; its own counts are replaced below.
    const ran = rungs.find((rung) => rung.done ?? rung.sofar);
    const base = best?.outcome.result ?? any?.done?.result ?? any?.sofar ?? ran?.done?.result ?? ran?.sofar;
    if (!base) throw new Error('faultline internal error: the fault ladder ran no search');
    const totals = summedCounts(rungs.flatMap((rung) => rung.done?.result ?? rung.sofar ?? []));
    if (best) {
      const depth = best.outcome.result.depthReached;
      // Shortest with any faults once the unbounded search has seen every schedule shorter than it.
      const proven = best.rung === any || (any !== undefined && anyDepth >= depth - 1);
      return {
        ...base,
        ...totals,
        search: 'fault-ladder',
        rungs: summary,
        faults: proven ? 'any' : best.rung.faults,
        complete: true,
        ms: now() - shared.started,
      };
    }
    const stopReason = stopped ?? any?.done?.result.stopReason ?? 'depth';
    return {
      ...base,
      ...totals,
      search: 'fault-ladder',
      rungs: summary,
      faults: 'any',
      depthReached: anyDepth,
      levels: any?.levels ?? [],
      stopReason,
      complete: any !== undefined && (stopReason === 'depth' || stopReason === 'exhausted'),
      ms: now() - shared.started,
    };
  };
  if (Math.floor(options.depth) <= 0) {
    // Depth 0 is the initial world alone, which every budget holds: one search checks it.
    const only = any ?? rungs[0];
    if (!only) throw new Error('faultline internal error: the fault ladder has no search');
    for (;;) {
      const step = only.search.next();
      if (step.done) {
        only.done = step.value;
        if (step.value.result.stopReason === 'found') best = { rung: only, outcome: step.value };
        return summarize();
      }
      only.sofar = step.value.sofar;
    }
  }
  for (;;) {
    const cap = options.ladderDepthCap?.() ?? Number.POSITIVE_INFINITY;
    const depthLimit = Math.min(cap, best ? best.outcome.result.depthReached - 1 : Math.max(0, Math.floor(options.depth)));
    if (best && generated() - generatedAtFind > confirmationShare * generatedAtFind) break;
    let next: (typeof rungs)[number] | null = null;
    for (const rung of rungs) {
      // After a find only the unbounded search goes on: it holds every budget's worlds, so it finds
      // whatever shorter one they would, and its depth below the find is what proves the find shortest.
      if (rung.done || rung.levels.length >= depthLimit || (best && rung !== any)) continue;
      if (!next || generatedBy(rung) < generatedBy(next)) next = rung;
    }
    if (!next) break;
    shared.distinctElsewhere = rungs.reduce((sum, rung) => (rung === next ? sum : sum + distinctOf(rung)), 0);
    const step = next.search.next();
    if (!step.done) {
      const { level } = step.value;
      if (level !== null) {
        next.levels.push(level);
        options.onLevel?.({ ...level, faults: next.faults });
      }
      next.sofar = step.value.sofar;
      if (options.onProgress) options.onProgress(summarize());
      continue;
    }
    next.done = step.value;
    const { stopReason } = step.value.result;
    if (stopReason === 'found') {
      if (!best || step.value.result.depthReached < best.outcome.result.depthReached) {
        best = { rung: next, outcome: step.value };
        if (generatedAtFind === 0) generatedAtFind = generated();
      }
    } else if (budgetRanOut(stopReason)) {
      stopped = stopReason;
      break;
    } else if (next === any && !best) {
      // The unbounded search saw every reachable world without a violation: no budget can find one.
      break;
    }
  }
  return summarize();
}

/**
 * After a fault ladder's first find, the unbounded search goes on for at most this many times the
 * worlds generated to find it: a bound on what proving a find costs. Kafka unclean-election's
 * 5-step story is found with no fault after 8,891 distinct worlds of all the searches; the
 * unbounded search's depth 4, which proves it shortest, takes it to 16,718 of its own (three times
 * fell short, eight suffices: 11 CPU s in all).
 */
export const confirmationShare = 8;

/** Widening search: the widest search (then the search stops, whatever it found). */
const widthMax = 1 << 20;

/**
 * After a widening search's first find, its searches below the find's depth go on for at most this
 * many times the distinct worlds the find took. ZAB `snapshot-sessions-behind-zxid` (one crash, its
 * seed and clients): the first find, 10 steps, takes 17,898 worlds at width 1; its 9-step story
 * takes widths 2, 4 and 8 below that depth, 165,000 worlds more (9.2 times), about 26 CPU s.
 */
export const wideningAfterFindShare = 16;

/**
 * The situation a world is in, for the widening search: the protocol's fingerprint (the one the
 * guided search uses). Finer names (with the kinds of messages in flight, or counted per depth)
 * were tried and reached less: see docs/hunting.md.
 */
function situationOf(setup: HuntSetup, world: World, key: string): string {
  try {
    return fingerprintOf(setup.protocol, world);
  } catch {
    // A fingerprint that throws names nothing: the world is its own situation (never pruned).
    return `key:${key}`;
  }
}

/**
 * One breadth-first search; with a `width`, a world is expanded only while fewer than `width`
 * worlds of its fingerprint have been (the others are still checked, properties and liveness phase).
 */
function exploreOnce(
  setup: HuntSetup,
  options: ExploreOptions,
  width: number | null,
): { result: ExploreResult; prunedStates: number; fingerprints: number } {
  const levels = exploreLevels(setup, options, width, null);
  for (;;) {
    const next = levels.next();
    if (next.done) return next.value;
    options.onProgress?.(next.value.sofar);
  }
}

/** What a breadth-first search shares with the other searches of a fault ladder run side by side. */
interface SharedBudget {
  /** When the whole exploration started (`now()`), so that every search's time limit counts from it. */
  readonly started: number;
  /** Distinct worlds kept by the other searches: the states budget is for all of them together. */
  distinctElsewhere: number;
  /**
   * Liveness verdicts by the world the liveness phase starts from (see `reuseEndChecks`): a world's
   * verdict does not depend on the budget it was reached within, and every budget's search reaches
   * the worlds of the smaller budgets again.
   */
  readonly livenessVerdicts: Map<string, boolean>;
  /** The liveness memo's worlds (see `memoizeLivenessPhases`), likewise shared. */
  readonly livenessPasses: LivenessPasses;
  /** Also yield part way through a depth, every this many worlds generated (see `exploreFaultLadder`). */
  readonly sliceStates?: number;
}

/**
 * The worlds a fault-ladder search generates before the next search gets its turn: small enough
 * that no search waits long for its share, large enough that switching costs nothing (a switch
 * rebuilds one path).
 */
const ladderSliceStates = 256;

/**
 * Where liveness phases passed (`LivenessMemo`), by world key: the first quiet round's end with the
 * rounds it took from there to settle, and the world the rounds ended in.
 */
interface LivenessPasses {
  readonly quiet: Map<string, number>;
  readonly roundsEnd: Set<string>;
}

/** A completed depth (or, for a fault ladder's slice, null: part way through one) and the search so far as its result would say. */
interface LevelProgress {
  readonly level: ExploreLevel | null;
  readonly sofar: ExploreResult;
}

/**
 * One breadth-first search, a depth at a time: it yields after every completed depth (so that the
 * fault ladder can run several side by side, see `exploreFaultLadder`) and returns its result.
 */
function* exploreLevels(
  setup: HuntSetup,
  options: ExploreOptions,
  width: number | null,
  shared: SharedBudget | null,
): Generator<LevelProgress, { result: ExploreResult; prunedStates: number; fingerprints: number }, void> {
  const { protocol, config, variant, profile } = setup;
  const now = options.now ?? (() => 0);
  const started = shared?.started ?? now();
  const depthMax = Math.max(0, Math.floor(options.depth));
  const statesMax = Math.max(1, Math.floor(options.statesMax));
  const symmetry = options.symmetry ?? true;
  const endChecks = options.endChecks ?? true;
  const reuseEndChecks = options.reuseEndChecks ?? true;
  const randomSeed = options.randomSeed ?? 0;
  const hashKeys = options.hashKeys ?? true;
  const exactNetworkOrder = options.exactNetworkOrder ?? false;
  const granularity = options.steps ?? 'events';
  const reduce = options.partialOrderReduction ?? true;
  // A timeout step ticks as long as the configuration's slowest clock needs (as the liveness phase's rounds grow).
  const timeoutTicksMax = Math.max(
    1,
    Math.floor(options.timeoutTicksMax ?? 16 * timescaleOf(setup.config as object, setup.protocol.defaultConfig() as object)),
  );
  const retriesMax = options.retriesMax ?? (granularity === 'coarse' ? 0 : Number.POSITIVE_INFINITY);
  const faultBudget = faultBudgetOf(options);
  const roundRobin = options.frontierOrder === 'situations-round-robin';

  const simulator = new Simulator(setup);
  const nodeCount = simulator.nodeCount;
  const prefix = options.prefix ?? [];
  // The world the search starts from, and the first property the prefix breaks (then that is the counterexample).
  let start = simulator.initialWorld(randomSeed);
  let prefixViolation: { readonly violation: Violation; readonly events: number } | null = null;
  for (const [index, event] of prefix.entries()) {
    start = simulator.applyEvent(start, event);
    const violation = simulator.checkStepProperties(start, index, 'safety');
    if (violation) {
      prefixViolation = { violation, events: index + 1 };
      break;
    }
  }
  const operationsMax = Math.max(0, Math.floor(options.operationsMax));
  const clientsMax = Math.max(1, Math.min(simulator.clientCount, options.clientsMax ?? Math.max(1, operationsMax)));
  const operations = options.operations ?? operationAlphabet(protocol, config, options.parameterValues ?? [0, 1]);
  const crashModes: boolean[] = [];
  if (profile.powerLossFraction < 1) crashModes.push(false);
  if (profile.powerLossFraction > 0) crashModes.push(true);
  const alphabet: EventAlphabet = {
    nodeCount,
    fifo: simulator.fifo,
    weights: profile.weights,
    crashModes,
    partitions: granularity === 'coarse' ? coarsePartitions(nodeCount) : twoSidedPartitions(nodeCount),
    operations,
    clientsMax,
    operationsMax,
    inFlightMax: simulator.limits.inFlightMax,
    freshClientsInterchangeable: options.clientSymmetry ?? true,
    dedupeMessages: !exactNetworkOrder,
    silentTicks: options.silentTicks ?? true,
  };
  const keys = new WorldKeys(protocol, config, {
    symmetry,
    hashed: hashKeys,
    exactNetworkOrder,
    renamingsMax,
    attempts: options.mergeRetries !== true,
  });

  // Each distinct world's key, with the faults a path to it took (packed per kind, see `faultBits`):
  // a world reached again with faults that leave it more futures is explored again (only with a
  // fault budget; see `faultsDominate`).
  const seen = new Map<string, number>();
  // One record per distinct world, in breadth-first order (so each depth is a contiguous range):
  // the record it came from, the step that led here, the events before it and the faults on the way. Worlds themselves are not kept; they are rebuilt
  // by replaying the path (see `worldOf`), which keeps memory small.
  let parents = new Int32Array(1024);
  let eventDepths = new Int32Array(1024);
  let faultCounts = new Int32Array(1024);
  // With `situations-round-robin`: per record, how many records reached its situation before it
  // (its rank), and per situation (by id) the records that reached it.
  let situationRanks = new Int32Array(roundRobin ? 1024 : 0);
  const situationIds = new Map<string, number>();
  const situationCounts: number[] = [];
  const steps: (ExploreStep | null)[] = [];
  const levels: ExploreLevel[] = [];
  let states = 0;
  let reducedSteps = 0;
  let eventsSimulated = 0;
  let depthReached = 0;

  const addRecord = (parent: number, step: ExploreStep | null, eventDepth: number, faults: number): number => {
    const record = steps.length;
    if (record >= parents.length) {
      const grow = <T extends Int32Array>(array: T, make: (length: number) => T): T => {
        const grown = make(array.length * 2);
        grown.set(array);
        return grown;
      };
      parents = grow(parents, (length) => new Int32Array(length));
      eventDepths = grow(eventDepths, (length) => new Int32Array(length));
      faultCounts = grow(faultCounts, (length) => new Int32Array(length));
    }
    if (roundRobin && record >= situationRanks.length) {
      const grown = new Int32Array(situationRanks.length * 2);
      grown.set(situationRanks);
      situationRanks = grown;
    }
    faultCounts[record] = faults;
    parents[record] = parent;
    eventDepths[record] = eventDepth;
    steps.push(step);
    return record;
  };
  const stepsOf = (record: number): ExploreStep[] => {
    const path: ExploreStep[] = [];
    for (let at = record; at >= 0; at = parents[at] ?? -1) {
      const step = steps[at];
      if (step) path.push(step);
    }
    return path.reverse();
  };
  /** The schedule of a path of steps, the last one cut after `lastEvents` events when given. */
  const scheduleOf = (path: readonly ExploreStep[], lastEvents: number | null): Schedule => {
    const events: ScheduleEvent[] = prefix.slice();
    let world = start;
    for (const [index, step] of path.entries()) {
      const last = index === path.length - 1;
      let taken = 0;
      const outcome = applyStep(simulator, world, step, timeoutTicksMax, () => last && lastEvents !== null && ++taken >= lastEvents);
      if (!outcome) throw new Error('faultline internal error: explore could not retrace its counterexample');
      events.push(...outcome.events);
      world = outcome.world;
    }
    return { randomSeed, events };
  };
  /** The liveness phase and `end` properties from a newly reached world after `eventDepth` events. */
  // Whether the liveness phase broke a property, by the key of the world it started from.
  const livenessVerdicts = shared?.livenessVerdicts ?? new Map<string, boolean>();
  let endChecksReused = 0;
  const livenessPasses = shared?.livenessPasses ?? { quiet: new Map<string, number>(), roundsEnd: new Set<string>() };
  let livenessPhasesCut = 0;
  // The worlds a phase looked up and their keys: a phase that passes records the same objects.
  let quietWorld: World | null = null;
  let quietKey = '';
  let endWorld: World | null = null;
  let endKey = '';
  const quietKeyOf = (world: World): string => {
    if (world !== quietWorld) {
      quietKey = keys.transientKey(world);
      quietWorld = world;
    }
    return quietKey;
  };
  const endKeyOf = (world: World): string => {
    if (world === quietWorld) return quietKey;
    if (world !== endWorld) {
      endKey = keys.transientKey(world);
      endWorld = world;
    }
    return endKey;
  };
  const livenessMemo: LivenessMemo | null =
    (options.memoizeLivenessPhases ?? true)
      ? {
          passedQuiet: (quiet, roundsLeft) => {
            const rounds = livenessPasses.quiet.get(quietKeyOf(quiet));
            const passed = rounds !== undefined && rounds < roundsLeft;
            if (passed) livenessPhasesCut++;
            return passed;
          },
          recordQuiet: (quiet, rounds) => {
            if (livenessPasses.quiet.size < statesMax) livenessPasses.quiet.set(quietKeyOf(quiet), rounds);
          },
          passedRoundsEnd: (end) => {
            const passed = livenessPasses.roundsEnd.has(endKeyOf(end));
            if (passed) livenessPhasesCut++;
            return passed;
          },
          recordRoundsEnd: (end) => {
            if (livenessPasses.roundsEnd.size < statesMax) livenessPasses.roundsEnd.add(endKeyOf(end));
          },
        }
      : null;
  const degradedPlan = protocol.properties.some((property) => property.when === 'degraded-end') ? protocol.liveness(config).degraded : undefined;
  /**
   * When the world's run would also have a degraded phase (`LivenessPlan.degraded`: some of its
   * down nodes stay down while the others restart), the key of the world that phase starts from
   * (healed, the others restarted, checked after each of those events): its verdict depends on that
   * world too, not only on the liveness phase's. Two worlds whose liveness phases start from the
   * same world can differ there: one with a node down, the other with it restarted already. Null
   * when there is no degraded phase; undefined when its opening breaks a property (then the verdict
   * is not reused: the run says which property breaks first).
   */
  const degradedStartKey = (world: World, key: string, eventDepth: number): string | null | undefined => {
    if (degradedPlan === undefined) return null;
    const down: NodeId[] = [];
    for (const [node, slot] of world.nodes.entries()) if (!slot.up) down.push(node);
    if (down.length === 0) return null;
    let stayDown: readonly NodeId[];
    try {
      stayDown = degradedPlan.stayDown(down).filter((node) => down.includes(node));
    } catch {
      return undefined;
    }
    if (stayDown.length === 0) return null;
    let start = world;
    let step = eventDepth;
    const opening: ScheduleEvent[] = world.network.partition === null ? [] : [{ kind: 'heal' }];
    for (const node of down) if (!stayDown.includes(node)) opening.push({ kind: 'restart', node });
    for (const event of opening) {
      start = simulator.applyEvent(start, event);
      eventsSimulated++;
      if (simulator.checkStepProperties(start, step++, 'liveness')) return undefined;
    }
    return start === world ? key : keys.key(start);
  };
  const endCheck = (world: World, eventDepth: number, key: string): Violation | null => {
    if (!endChecks) return null;
    let startKey: string | null = null;
    if (reuseEndChecks) {
      // The liveness phase first heals and restarts every node (see `Simulator.finishRun`); the
      // world after that, checked after each of those events as a run checks it, is what its
      // verdict depends on.
      let start = world;
      let step = eventDepth;
      const prefix: ScheduleEvent[] = world.network.partition === null ? [] : [{ kind: 'heal' }];
      for (const [node, slot] of world.nodes.entries()) if (!slot.up) prefix.push({ kind: 'restart', node });
      for (const event of prefix) {
        start = simulator.applyEvent(start, event);
        eventsSimulated++;
        const violation = simulator.checkStepProperties(start, step++, 'liveness');
        if (violation) return violation;
      }
      startKey = start === world ? key : keys.key(start);
      const degraded = degradedStartKey(world, key, eventDepth);
      // A degraded phase whose opening broke a property: no reuse, the run from the world says what broke first.
      startKey = degraded === undefined ? null : degraded === null ? startKey : `${startKey}|${degraded}`;
      if (startKey !== null && livenessVerdicts.get(startKey) === false) {
        endChecksReused++;
        return null;
      }
    }
    const end = simulator.finishRun(world, eventDepth, null, livenessMemo);
    eventsSimulated += end.livenessSteps;
    if (startKey !== null && livenessVerdicts.size < statesMax) livenessVerdicts.set(startKey, end.violation !== null);
    return end.violation;
  };
  // Widening: worlds expanded per fingerprint, and the worlds left unexpanded.
  const expandedPerSituation = new Map<string, number>();
  let prunedStates = 0;
  const result = (
    stopReason: ExploreStopReason,
    found: { violation: Violation; schedule: Schedule; steps: ExploreStep[] } | null,
  ): { result: ExploreResult; prunedStates: number; fingerprints: number } => ({
    prunedStates,
    fingerprints: expandedPerSituation.size,
    result: {
      protocol: protocol.name,
      variant,
      steps: granularity,
      search: width === null ? 'breadth-first' : 'widening',
      widths: [],
      rungs: [],
      faults: 'any',
      partialOrderReduction: reduce,
      depthMax,
      depthReached,
      complete: stopReason === 'depth' || stopReason === 'exhausted' || stopReason === 'found',
      stopReason,
      states,
      reducedSteps,
      distinctStates: seen.size,
      eventsSimulated,
      endChecksReused,
      livenessPhasesCut,
      levels,
      found: found !== null,
      violation: found?.violation ?? null,
      counterexample: found?.schedule ?? null,
      counterexampleSteps: found?.steps ?? null,
      ms: now() - started,
      symmetry: { groups: keys.groups, renamings: keys.renamings.length },
      // With no operation allowed per schedule, none of the alphabet's was searched: say so, not what it held.
      alphabet:
        operationsMax === 0
          ? { operations: [], clients: 0, partitions: alphabet.partitions.length }
          : { operations, clients: clientsMax, partitions: alphabet.partitions.length },
    },
  });
  const reproduce = (
    path: ExploreStep[],
    lastEvents: number | null,
    violation: Violation,
  ): { violation: Violation; schedule: Schedule; steps: ExploreStep[] } => {
    const schedule = scheduleOf(path, lastEvents);
    const replayed = new Simulator(setup).run(schedule);
    if (replayed.violation === null || replayed.violation.property !== violation.property || replayed.violation.message !== violation.message) {
      throw new Error(
        `${notReproducedText}: explore's counterexample for ${protocol.name}/${variant} (${violation.property}) broke ${replayed.violation ? replayed.violation.property : 'nothing'} when run again from scratch;` +
          ` the model is not deterministic (it reads a clock, Math.random or module-level state) or its step changes the state it is given (a step returns a new state), or else faultline's state key is unsound (then please report it)`,
      );
    }
    return { violation: replayed.violation, schedule, steps: path };
  };

  const initial = start;
  const root = addRecord(-1, null, prefix.length, 0);
  seen.set(keys.key(initial), 0);
  states = 1;
  if (prefixViolation) {
    levels.push({ depth: 0, states: 1, distinctStates: 1, elapsedMs: now() - started });
    const events = prefix.slice(0, prefixViolation.events);
    return result('found', { violation: prefixViolation.violation, schedule: { randomSeed, events }, steps: [] });
  }
  const initialViolation = initial.exception ? simulator.checkStepProperties(initial, 0) : endCheck(initial, prefix.length, keys.key(initial));
  levels.push({ depth: 0, states: 1, distinctStates: 1, elapsedMs: now() - started });
  if (initialViolation) return result('found', reproduce([], null, initialViolation));
  if (width !== null) expandedPerSituation.set(situationOf(setup, initial, keys.key(initial)), 1);
  /** Ranks the record within its situation (`situations-round-robin`). */
  const noteSituation = (record: number, situation: string): void => {
    let id = situationIds.get(situation);
    if (id === undefined) {
      id = situationCounts.length;
      situationIds.set(situation, id);
      situationCounts.push(0);
    }
    situationRanks[record] = situationCounts[id] ?? 0;
    situationCounts[id] = (situationCounts[id] ?? 0) + 1;
  };
  if (roundRobin) noteSituation(root, situationOf(setup, initial, keys.key(initial)));
  /** The records of a depth in the order they are expanded (see `ExploreOptions.frontierOrder`). */
  const expansionOrder = (first: number, end: number): number[] => {
    const order = Array.from({ length: end - first }, (_, index) => first + index);
    if (!roundRobin) return order;
    return order.sort((left, right) => (situationRanks[left] ?? 0) - (situationRanks[right] ?? 0) || left - right);
  };
  options.onLevel?.(levels[0] ?? { depth: 0, states: 1, distinctStates: 1, elapsedMs: 0 });

  const stepsAt = (world: World): ExploreStep[] => {
    if (granularity === 'coarse') return coarseSteps(world, alphabet);
    const choices = simulator.messageChoices(world);
    return eventSteps(world, alphabet, choices.length, (index) => {
      const message = choices[index];
      return message ? keys.plainMessageText(message) : '';
    });
  };
  /** Applies a step to a world on a path already explored (no checks: they passed when it was first reached). */
  const replayStep = (world: World, step: ExploreStep): World => {
    const outcome = applyStep(simulator, world, step, timeoutTicksMax, () => false);
    if (!outcome) throw new Error('faultline internal error: explore lost the path to a world');
    eventsSimulated += outcome.events.length;
    return outcome.world;
  };

  // The worlds along the path last rebuilt: consecutive records of a depth share long prefixes
  // (breadth-first order groups siblings, then cousins), so rebuilding one costs about one step.
  const pathRecords: number[] = [root];
  const pathWorlds: World[] = [initial];
  const chain: number[] = [];
  const worldOf = (record: number, depth: number): World => {
    let at = record;
    for (let level = depth; level >= 0; level--) {
      chain[level] = at;
      at = parents[at] ?? -1;
    }
    let common = 1;
    while (common <= depth && common < pathRecords.length && pathRecords[common] === chain[common]) common++;
    pathRecords.length = common;
    pathWorlds.length = common;
    for (let level = common; level <= depth; level++) {
      const previous = pathWorlds[level - 1];
      const step = steps[chain[level] ?? -1];
      if (!previous || !step) throw new Error('faultline internal error: explore lost the path to a world');
      pathWorlds.push(replayStep(previous, step));
      pathRecords.push(chain[level] ?? -1);
    }
    const world = pathWorlds[depth];
    if (!world) throw new Error('faultline internal error: explore lost the path to a world');
    return world;
  };

  // Sleep sets (partial-order reduction): per world of the depth being expanded and of the depth
  // being generated, the steps that need not be taken from it (see `SleepEntry`).
  let parentSleep = new Map<number, readonly SleepEntry[]>();
  let childSleepByRecord = new Map<number, readonly SleepEntry[]>();
  // The record of each world first reached at the depth being generated, by key.
  const levelRecords = new Map<string, number>();
  const noSleep: readonly SleepEntry[] = [];
  const stepIdentity = (world: World, step: ExploreStep): string | null => {
    switch (step.kind) {
      case 'timeout':
        return `T${step.node}`;
      case 'tick':
        return `t${step.node}`;
      case 'deliver-link':
        return `${step.all ? 'A' : 'O'}${step.from}>${step.to}`;
      case 'deliver-newest':
        return `N${step.from}>${step.to}`;
      case 'event':
        if (step.event.kind === 'tick') return `t${step.event.node}`;
        if (step.event.kind === 'deliver') {
          const message = simulator.messagePicked(world, step.event.message);
          return message ? `m${message.id}` : null;
        }
        return null;
      default:
        return null;
    }
  };

  let levelStart = root;
  let levelEnd = steps.length;
  const timeLimitMs = options.timeLimitMs;
  const heapFull = options.heapFull;
  let stepsSinceClock = 0;
  const sliceStates = shared?.sliceStates;
  for (let depth = 1; depth <= depthMax; depth++) {
    let levelStates = 0;
    let sliceStart = 0;
    const distinctBefore = seen.size;
    for (const parent of expansionOrder(levelStart, levelEnd)) {
      if (sliceStates !== undefined && levelStates - sliceStart >= sliceStates) {
        sliceStart = levelStates;
        yield { level: null, sofar: result('depth', null).result };
      }
      const world = worldOf(parent, depth - 1);
      // Keyed here, its objects' hashes kept, so that each child's key (below) hashes only what its
      // step made: those objects are not cached (a rebuilt world's objects are never keyed again,
      // and a child shares nothing new with its siblings). On Kafka, 636,000 cache entries for a
      // search to depth 6 became 173,000 (see "Kafka's rate" in docs/exploring.md).
      keys.key(world);
      const parentEvents = eventDepths[parent] ?? 0;
      const parentFaults = faultCounts[parent] ?? 0;
      const retriesLeft = retriesMax - retriesIn(world);
      const sleeping = parentSleep.get(parent) ?? noSleep;
      // Local steps already taken from this world: a later sibling independent of one of them sleeps on it.
      const taken: SleepEntry[] = [];
      for (const step of stepsAt(world)) {
        const faults = spendFault(faultBudget, parentFaults, faultKindOf(step));
        if (faults < 0) continue;
        if (retriesLeft <= 0 && step.kind === 'event' && step.event.kind === 'client' && world.pendingByClient[step.event.client] != null) continue;
        const identity = reduce ? stepIdentity(world, step) : null;
        const asleep = identity === null ? undefined : sleeping.find((entry) => entry.identity === identity);
        // A one-event step asleep here is skipped untried: the world after it is reached by the other
        // order, and it has no intermediate world of its own to check.
        if (asleep && asleep.events === 1) {
          reducedSteps++;
          continue;
        }
        // Counted per step tried, not per world generated: a run of void steps must not read the clock each time.
        if ((timeLimitMs !== undefined || heapFull !== undefined) && ++stepsSinceClock >= clockEveryStates) {
          stepsSinceClock = 0;
          if (timeLimitMs !== undefined && now() - started >= timeLimitMs) return result('time', null);
          if (heapFull?.()) return result('memory', null);
        }
        let stepViolation: Violation | null = null;
        let eventIndex = parentEvents;
        const outcome = applyStep(simulator, world, step, timeoutTicksMax, (after) => {
          stepViolation = simulator.checkStepProperties(after, eventIndex, 'safety');
          eventIndex++;
          return stepViolation !== null;
        });
        if (!outcome) continue;
        states++;
        levelStates++;
        eventsSimulated += outcome.events.length;
        // A step of several events asleep here is taken (its intermediate worlds are checked, as the
        // other order does not reach them) and its world is left to the other order.
        if (asleep && !stepViolation) {
          reducedSteps++;
          continue;
        }
        const footprint = outcome.footprint;
        let childSleep = noSleep;
        if (reduce && footprint.actor >= 0) {
          const kept: SleepEntry[] = [];
          for (const entry of sleeping) if (independent(entry.footprint, footprint)) kept.push(entry);
          for (const entry of taken) if (independent(entry.footprint, footprint)) kept.push(entry);
          childSleep = kept;
          if (identity !== null) taken.push({ identity, footprint, events: outcome.events.length });
        }
        const child = outcome.world;
        const key = keys.transientKey(child);
        const known = seen.get(key);
        if (!stepViolation && known !== undefined && faultsDominate(faultBudget, known, faults)) {
          // Reached again at the depth where it was first reached: it may skip only what both paths let it skip.
          const record = reduce ? levelRecords.get(key) : undefined;
          if (record !== undefined) {
            const previous = childSleepByRecord.get(record) ?? noSleep;
            const both = previous.filter((entry) => childSleep.some((other) => other.identity === entry.identity));
            if (both.length < previous.length) childSleepByRecord.set(record, both);
          }
          continue;
        }
        if (known === undefined && seen.size + (shared?.distinctElsewhere ?? 0) >= statesMax) return result('states', null);
        seen.set(key, faults);
        // A world seen before (with more faults) was checked then.
        const violation: Violation | null =
          stepViolation ?? (known === undefined ? endCheck(child, parentEvents + outcome.events.length, key) : null);
        const situation = width !== null || roundRobin ? situationOf(setup, child, key) : '';
        if (width !== null && !violation) {
          const expanded = expandedPerSituation.get(situation) ?? 0;
          if (expanded >= width) {
            prunedStates++;
            continue;
          }
          expandedPerSituation.set(situation, expanded + 1);
        }
        const record = addRecord(parent, step, parentEvents + outcome.events.length, faults);
        if (roundRobin) noteSituation(record, situation);
        if (reduce) {
          levelRecords.set(key, record);
          if (childSleep.length > 0) childSleepByRecord.set(record, childSleep);
        }
        if (violation) {
          depthReached = depth;
          levels.push({ depth, states: levelStates, distinctStates: seen.size - distinctBefore, elapsedMs: now() - started });
          return result('found', reproduce(stepsOf(record), stepViolation ? outcome.events.length : null, violation));
        }
      }
    }
    depthReached = depth;
    const level: ExploreLevel = { depth, states: levelStates, distinctStates: seen.size - distinctBefore, elapsedMs: now() - started };
    levels.push(level);
    options.onLevel?.(level);
    yield { level, sofar: result('depth', null).result };
    parentSleep = childSleepByRecord;
    childSleepByRecord = new Map();
    levelRecords.clear();
    levelStart = levelEnd;
    levelEnd = steps.length;
    if (levelStart === levelEnd) return result('exhausted', null);
  }
  return result('depth', null);
}

/** How the error of a counterexample that did not reproduce starts (the explore command tells it from faultline's own bugs by it). */
export const notReproducedText = 'the counterexample did not reproduce';
