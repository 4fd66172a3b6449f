/**
 * Small-scope exhaustive exploration (`faultline explore`): a breadth-first search over every
 * schedule of a small configuration up to a depth, with state hashing and node-symmetry
 * reduction. Breadth-first means the first violation found is a shortest counterexample (within
 * the event alphabet explored), which is what random hunting's shrinking should approach.
 *
 * Every distinct world reached is checked like a run would check it: the `every-step` properties
 * right away, then the liveness phase and the `end` properties from that world, exactly as
 * `Simulator.run` would after a schedule leading there. The counterexample is re-run from scratch
 * before it is reported.
 *
 * Pure search code: no clock except the injected `now`, no console; everything is bounded by the
 * depth, the distinct-states budget and the optional time limit.
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { Simulator, type World } from '../core/simulator.ts';
import type { NodeId, Violation } from '../core/types.ts';
import type { HuntSetup } from '../hunt/hunt.ts';
import { applicableEvents, operationAlphabet, twoSidedPartitions, type EventAlphabet } from './alphabet.ts';
import { WorldKeys } from './key.ts';

export interface ExploreOptions {
  /** Schedules of at most this many events are explored. */
  readonly depth: number;
  /** New client operations per schedule (retries of a pending operation do not count). */
  readonly operationsMax: number;
  /** Distinct states kept at most; beyond it the result is incomplete. */
  readonly statesMax: number;
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
  /** Run the liveness phase and `end` properties from every distinct world. Default true. */
  readonly endChecks?: boolean;
  /** The schedules' random seed (node generators). Default 0. */
  readonly randomSeed?: number;
  /** Keep 64-bit hashes of keys instead of the keys themselves (far less memory). Default true. */
  readonly hashKeys?: boolean;
  /** Called after each completed depth. */
  readonly onLevel?: (level: ExploreLevel) => void;
}

export interface ExploreLevel {
  readonly depth: number;
  /** Worlds generated at this depth (successors tried, duplicates included; up to the counterexample if found here). */
  readonly states: number;
  /** Worlds at this depth not seen before. */
  readonly distinctStates: number;
  readonly elapsedMs: number;
}

export type ExploreStopReason = 'depth' | 'exhausted' | 'found' | 'states' | 'time';

export interface ExploreResult {
  readonly protocol: string;
  readonly variant: string;
  readonly depthMax: number;
  /** The deepest depth explored completely (the depth of the counterexample when one is found). */
  readonly depthReached: number;
  /**
   * True when no budget cut the search short: either nothing breaks in any schedule up to
   * `depthMax` events, or the counterexample is a shortest one.
   */
  readonly complete: boolean;
  readonly stopReason: ExploreStopReason;
  /** Worlds generated (one per event applied, duplicates included). */
  readonly states: number;
  readonly distinctStates: number;
  /** Events simulated, liveness phases included: the work done. */
  readonly eventsSimulated: number;
  readonly levels: readonly ExploreLevel[];
  readonly found: boolean;
  /** The violation as a run from scratch reports it. */
  readonly violation: Violation | null;
  /** A shortest failing schedule; `new Simulator(setup).run(counterexample)` reproduces it. */
  readonly counterexample: Schedule | null;
  readonly ms: number;
  /** Interchangeable node groups used (empty: no node-symmetry reduction) and renamings tried per world. */
  readonly symmetry: { readonly groups: readonly (readonly NodeId[])[]; readonly renamings: number };
  readonly alphabet: { readonly operations: readonly unknown[]; readonly clients: number; readonly partitions: number };
}

/** Renamings tried per world at most; larger symmetry groups fall back to no reduction. */
const renamingsMax = 720;
/** The clock is read every this many generated worlds (only with a time limit). */
const clockEveryStates = 64;

export function explore(setup: HuntSetup, options: ExploreOptions): ExploreResult {
  const { protocol, config, variant, profile } = setup;
  const now = options.now ?? (() => 0);
  const started = now();
  const depthMax = Math.max(0, Math.floor(options.depth));
  const statesMax = Math.max(1, Math.floor(options.statesMax));
  const symmetry = options.symmetry ?? true;
  const endChecks = options.endChecks ?? true;
  const randomSeed = options.randomSeed ?? 0;
  const hashKeys = options.hashKeys ?? true;
  const exactNetworkOrder = options.exactNetworkOrder ?? false;

  const simulator = new Simulator({ protocol, config, variant });
  const nodeCount = simulator.nodeCount;
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
    partitions: twoSidedPartitions(nodeCount),
    operations,
    clientsMax,
    operationsMax,
    inFlightMax: simulator.limits.inFlightMax,
    freshClientsInterchangeable: options.clientSymmetry ?? true,
    dedupeMessages: !exactNetworkOrder,
  };
  const keys = new WorldKeys(protocol, config, { symmetry, hashed: hashKeys, exactNetworkOrder, renamingsMax });

  const seen = new Set<string>();
  // One record per distinct world, in breadth-first order (so each depth is a contiguous range):
  // the record it came from and the event that led here. Worlds themselves are not kept; they
  // are rebuilt by replaying the path (see `worldOf`), which keeps memory small.
  let parents = new Int32Array(1024);
  const events: (ScheduleEvent | null)[] = [];
  const levels: ExploreLevel[] = [];
  let states = 0;
  let eventsSimulated = 0;
  let depthReached = 0;

  const addRecord = (parent: number, event: ScheduleEvent | null): number => {
    const record = events.length;
    if (record >= parents.length) {
      const grown = new Int32Array(parents.length * 2);
      grown.set(parents);
      parents = grown;
    }
    parents[record] = parent;
    events.push(event);
    return record;
  };
  const scheduleOf = (record: number): Schedule => {
    const path: ScheduleEvent[] = [];
    for (let at = record; at >= 0; at = parents[at] ?? -1) {
      const event = events[at];
      if (event) path.push(event);
    }
    return { randomSeed, events: path.reverse() };
  };
  /** Checks a newly reached world at `depth` as a run of its schedule would. */
  const check = (world: World, depth: number): Violation | null => {
    const stepViolation = depth > 0 ? simulator.checkStepProperties(world, depth - 1, 'safety') : null;
    if (stepViolation || !endChecks) return stepViolation;
    const end = simulator.finishRun(world, depth);
    eventsSimulated += end.livenessSteps;
    return end.violation;
  };
  const result = (stopReason: ExploreStopReason, found: { violation: Violation; schedule: Schedule } | null): ExploreResult => ({
    protocol: protocol.name,
    variant,
    depthMax,
    depthReached,
    complete: stopReason === 'depth' || stopReason === 'exhausted' || stopReason === 'found',
    stopReason,
    states,
    distinctStates: seen.size,
    eventsSimulated,
    levels,
    found: found !== null,
    violation: found?.violation ?? null,
    counterexample: found?.schedule ?? null,
    ms: now() - started,
    symmetry: { groups: keys.groups, renamings: keys.renamings.length },
    alphabet: { operations, clients: clientsMax, partitions: alphabet.partitions.length },
  });
  const reproduce = (schedule: Schedule, violation: Violation): { violation: Violation; schedule: Schedule } => {
    const replayed = new Simulator({ protocol, config, variant }).run(schedule);
    if (replayed.violation === null || replayed.violation.property !== violation.property || replayed.violation.message !== violation.message) {
      throw new Error(
        `faultline internal error: explore's counterexample for ${protocol.name}/${variant} (${violation.property}) did not reproduce from scratch` +
          ` (got ${replayed.violation ? replayed.violation.property : 'no violation'}); the model is not deterministic or the state key is unsound`,
      );
    }
    return { violation: replayed.violation, schedule };
  };

  const initial = simulator.initialWorld(randomSeed);
  const root = addRecord(-1, null);
  seen.add(keys.key(initial));
  states = 1;
  const initialViolation = check(initial, 0);
  levels.push({ depth: 0, states: 1, distinctStates: 1, elapsedMs: now() - started });
  if (initialViolation) return result('found', reproduce(scheduleOf(root), initialViolation));
  options.onLevel?.(levels[0] ?? { depth: 0, states: 1, distinctStates: 1, elapsedMs: 0 });

  // The worlds along the path last rebuilt: consecutive records of a depth share long prefixes
  // (breadth-first order groups siblings, then cousins), so rebuilding one costs about one event.
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
      const event = events[chain[level] ?? -1];
      if (!previous || !event) throw new Error('faultline internal error: explore lost the path to a world');
      pathWorlds.push(simulator.applyEvent(previous, event));
      pathRecords.push(chain[level] ?? -1);
      eventsSimulated++;
    }
    const world = pathWorlds[depth];
    if (!world) throw new Error('faultline internal error: explore lost the path to a world');
    return world;
  };

  let levelStart = root;
  let levelEnd = events.length;
  const timeLimitMs = options.timeLimitMs;
  for (let depth = 1; depth <= depthMax; depth++) {
    let levelStates = 0;
    const distinctBefore = seen.size;
    for (let parent = levelStart; parent < levelEnd; parent++) {
      const world = worldOf(parent, depth - 1);
      const choices = simulator.messageChoices(world);
      const candidates = applicableEvents(world, alphabet, choices.length, (index) => {
        const message = choices[index];
        return message ? keys.plainMessageText(message) : '';
      });
      for (const event of candidates) {
        states++;
        levelStates++;
        eventsSimulated++;
        if (timeLimitMs !== undefined && states % clockEveryStates === 0 && now() - started >= timeLimitMs) {
          return result('time', null);
        }
        const child = simulator.applyEvent(world, event);
        const key = keys.key(child);
        if (seen.has(key)) continue;
        if (seen.size >= statesMax) return result('states', null);
        seen.add(key);
        const record = addRecord(parent, event);
        const violation = check(child, depth);
        if (violation) {
          depthReached = depth;
          levels.push({ depth, states: levelStates, distinctStates: seen.size - distinctBefore, elapsedMs: now() - started });
          return result('found', reproduce(scheduleOf(record), violation));
        }
      }
    }
    depthReached = depth;
    const level: ExploreLevel = { depth, states: levelStates, distinctStates: seen.size - distinctBefore, elapsedMs: now() - started };
    levels.push(level);
    options.onLevel?.(level);
    levelStart = levelEnd;
    levelEnd = events.length;
    if (levelStart === levelEnd) return result('exhausted', null);
  }
  return result('depth', null);
}
