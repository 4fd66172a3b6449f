import { assert, assertNever, unhandledCase } from './assert.ts';
import type { Schedule, ScheduleEvent } from './events.ts';
import { formatEvent } from './events.ts';
import { checksRecordedByGhost, endChecksProvenAfterProbe, noBreaks } from './properties.ts';
import { mixSeed } from './random.ts';
import { exceptionProperty } from './types.ts';
import type {
  AnyProtocol,
  ClientReply,
  HistoryEntry,
  InFlightMessage,
  LivenessPlan,
  NetworkState,
  NodeAction,
  NodeContext,
  NodeId,
  NodeInput,
  NodeSlot,
  Violation,
  WorldView,
} from './types.ts';

/** Hard limits that keep every run bounded, whatever the schedule. */
export interface SimulationLimits {
  /** Messages in flight at once; sends beyond it are lost (a full network buffer). */
  readonly inFlightMax: number;
  /** Client operations in one run; further client events are no-ops. */
  readonly operationsMax: number;
}

export const defaultLimits: SimulationLimits = { inFlightMax: 256, operationsMax: 400 };

export interface RunOptions {
  /** Record a step-by-step trace (for transcripts and replays); hunts leave it off for speed. */
  readonly recordTrace?: boolean;
  /** Check `every-step` properties after each step (default); off checks them only at the end. */
  readonly checkEveryStep?: boolean;
  /** Run the liveness phase and `end` properties (default true). */
  readonly livenessPhase?: boolean;
  /** Only these properties (by name); default all of the protocol's. */
  readonly properties?: readonly string[];
  readonly limits?: SimulationLimits;
  /** Evaluate the protocol's "sometimes" goals after every step and report which were reached. */
  readonly coverage?: boolean;
}

export interface World<State = unknown, Message = unknown, Operation = unknown, Output = unknown, Ghost = unknown>
  extends WorldView<unknown, State, Message, Operation, Output, Ghost> {
  /** Logical clock for the history: ticks at every invocation and completion. */
  readonly clock: number;
  /** Per client, the operation id it is waiting for, or null. */
  readonly pendingByClient: readonly (number | null)[];
  readonly randomSeed: number;
  /**
   * Set when the model threw while this world was being built (its step, crash, restart, init,
   * ghost observer...): the world is the one before that step, and the run reports the exception
   * as a finding of kind `exception` at the next check. Absent while nothing has thrown.
   */
  readonly exception?: ModelException;
}

/** A model's exception, caught by the simulator: where it happened and what it said. */
export interface ModelException {
  /** Which model function threw, and for what input, e.g. `node 2's step on receive RequestVote from 0`. */
  readonly where: string;
  /** `Name: message` of what was thrown. */
  readonly message: string;
  readonly stack: string;
  /**
   * Set when the model threw nothing of its own but did not keep its contract (a step returned no
   * `{ state, actions }`, an action of an unknown kind, a check returned neither null nor text,
   * `assertNever` was reached): `message` then says what it did and what was expected.
   */
  readonly misuse?: true;
}

/** Thrown inside the simulator to carry where a model call failed up to `applyEvent`. */
class ModelCallError extends Error {
  constructor(
    readonly where: string,
    readonly thrown: unknown,
  ) {
    super(where);
  }
}

/**
 * Thrown inside the simulator when a model's result breaks its contract, carried up to
 * `applyEvent`: `where` as for `ModelCallError`, `what` says what the model did and what was expected.
 */
class ModelMisuseError extends Error {
  constructor(
    readonly where: string,
    readonly what: string,
  ) {
    super(`${where} ${what}`);
  }
}

/** A value as a message shows it: JSON (cut at 120 characters), or its `String` when JSON has none (undefined, a symbol, a cycle). */
function valueText(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `Name: message` of anything thrown (models may throw non-Error values). */
function thrownText(thrown: unknown): string {
  const unhandled = unhandledCase(thrown);
  if (unhandled !== null) return `no case for ${unhandled.what} ${unhandled.value} (assertNever was reached)`;
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return `the value ${valueText(thrown)}`;
}

/** The first frames of a stack, without the message lines, for debugging (never part of a verdict). */
function stackFrames(thrown: unknown): string {
  if (!(thrown instanceof Error) || typeof thrown.stack !== 'string') return '';
  return thrown.stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 6)
    .map((line) => line.trim())
    .join('\n');
}

export function modelException(where: string, thrown: unknown): ModelException {
  const unhandled = unhandledCase(thrown);
  if (unhandled !== null) {
    // The model's `assertNever`: a case it does not handle, not a bug of faultline's.
    return {
      where,
      message: `has no case for ${unhandled.what} ${unhandled.value} (its assertNever was reached)`,
      stack: stackFrames(thrown),
      misuse: true,
    };
  }
  return { where, message: thrownText(thrown), stack: stackFrames(thrown) };
}

/** The model's contract broken at `where` (see `ModelException.misuse`): `what` it did, and what was expected. */
export function modelMisuse(where: string, what: string): ModelException {
  return { where, message: what, stack: '', misuse: true };
}

/** What a check that returned `value` (neither null nor text) did, and what a check returns. */
function checkReturnedText(value: unknown): string {
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    // Never let an async check's rejection crash the process: it is reported here instead.
    (value as Promise<unknown>).then(undefined, () => undefined);
    return 'returned a Promise: checks are synchronous; a check returns null when the property holds, or a sentence saying what broke';
  }
  const shown = value === '' ? 'an empty string' : valueText(value);
  return `returned ${shown}: a check returns null when the property holds, or a sentence saying what broke`;
}

/** A check's answer as a violation of `property` (null: it holds); an answer that is neither null nor text is the model's error. */
function checkVerdict(property: AnyProtocol['properties'][number], text: unknown, step: number, phase: Violation['phase']): Violation | null {
  if (text === null) return null;
  if (typeof text === 'string' && text !== '')
    return { kind: 'property', property: property.name, message: text, step, phase, category: property.category };
  return exceptionViolation(modelMisuse(`property ${property.name}`, checkReturnedText(text)), step, phase);
}

/** What a `sometimes` goal, `settled` or other yes/no callback that returned `value` did. */
function notBooleanText(value: unknown): string {
  return `returned ${valueText(value)}: expected true or false`;
}

/**
 * The key of the operation that stands in a schedule for one the workload's `build` threw on (see
 * `buildOperation`). Data, not a class: schedules cross worker threads and are saved as JSON.
 */
const buildThrewKey = 'faultline: workload.build threw';

interface BuildFailure {
  readonly kind: number;
  readonly parameters: readonly number[];
  readonly error: string;
}

/**
 * The protocol's summary of a node's state, or a note that its `summarizeState` threw: presentation
 * code never hides a finding or stops a view (the trace, the transcript, the studio) from drawing.
 */
export function summarizeSafely(protocol: AnyProtocol, config: unknown, state: unknown): Readonly<Record<string, string>> {
  try {
    return protocol.summarizeState(state, config);
  } catch (thrown) {
    return { summary: `<summarizeState threw: ${thrownText(thrown)}>` };
  }
}

/**
 * `workload.build(config, kind, parameters)`, or, when it throws, an operation that records the
 * call: the client event carrying it is then the model's exception when the simulator applies it
 * (it calls `build` again, so a saved schedule replays the throw), never a crash of the hunt.
 */
export function buildOperation(protocol: AnyProtocol, config: unknown, kind: number, parameters: readonly number[]): unknown {
  try {
    return protocol.workload.build(config, kind, parameters);
  } catch (thrown) {
    const failure: BuildFailure = { kind, parameters: [...parameters], error: thrownText(thrown) };
    return { [buildThrewKey]: failure };
  }
}

/** The call an operation made by `buildOperation` records, or null for any other operation. */
export function buildFailureOf(operation: unknown): BuildFailure | null {
  if (typeof operation !== 'object' || operation === null || !(buildThrewKey in operation)) return null;
  const failure = (operation as Record<string, unknown>)[buildThrewKey] as Partial<BuildFailure> | null;
  if (typeof failure?.kind !== 'number' || !Array.isArray(failure.parameters)) return null;
  return { kind: failure.kind, parameters: failure.parameters, error: String(failure.error) };
}

/** Whether `violation` is the model throwing (or returning nothing) while the initial state was built: its `init` or its ghost observer's. */
export function thrownBuildingInitialState(violation: Violation): boolean {
  return violation.kind === 'exception' && violation.step === 0 && /^(node \d+'s init|the ghost observer's init) /.test(violation.message);
}

/** The violation a run reports for a model exception. */
export function exceptionViolation(exception: ModelException, step: number, phase: Violation['phase']): Violation {
  return {
    kind: 'exception',
    property: exceptionProperty,
    message: exception.misuse ? `${exception.where} ${exception.message}` : `${exception.where} threw ${exception.message}`,
    step,
    phase,
    ...(exception.stack ? { stack: exception.stack } : {}),
  };
}

/**
 * A property's verdict on `world` as a violation reported after step `step`, or null while it
 * holds; a property that throws is a finding too (the exception, not silence).
 */
function propertyViolation(property: AnyProtocol['properties'][number], world: World, step: number, phase: Violation['phase']): Violation | null {
  let text: unknown;
  try {
    text = property.check(world);
  } catch (thrown) {
    return exceptionViolation(modelException(`property ${property.name}`, thrown), step, phase);
  }
  return text === null ? null : checkVerdict(property, text, step, phase);
}

/** What a step did, for transcripts. Only recorded when `recordTrace` is on. */
export interface TraceStep {
  readonly index: number;
  readonly phase: 'safety' | 'liveness';
  readonly event: ScheduleEvent;
  readonly text: string;
  readonly applied: boolean;
  /** Why nothing happened, or what else happened (e.g. "lost: partitioned"). */
  readonly note: string | null;
  readonly actingNode: NodeId | null;
  readonly delivered: TraceMessage | null;
  readonly sent: readonly TraceMessage[];
  readonly dropped: readonly TraceMessage[];
  readonly invoked: TraceOperation | null;
  readonly completed: readonly TraceOperation[];
  readonly changes: readonly TraceStateChange[];
  readonly nodesUp: readonly boolean[];
  readonly partition: readonly number[] | null;
}

export interface TraceMessage {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly text: string;
}

export interface TraceOperation {
  readonly operationId: number;
  readonly clientId: number;
  readonly node: NodeId;
  readonly text: string;
}

export interface TraceStateChange {
  readonly node: NodeId;
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export interface RunResult {
  readonly violation: Violation | null;
  readonly world: World;
  /** Schedule events that did something (others were no-ops). */
  readonly eventsApplied: number;
  readonly safetySteps: number;
  readonly livenessSteps: number;
  readonly trace: readonly TraceStep[] | null;
  /** Names of the "sometimes" goals this run reached (only with the `coverage` option). */
  readonly coverage: readonly string[] | null;
}

export interface RunSetup {
  readonly protocol: AnyProtocol;
  readonly config: unknown;
  readonly variant: string;
  /**
   * Only these properties are checked (by name; `--property`); absent: all of the protocol's. A
   * hunt or exploration of one property must not stop at another that breaks first and hides it.
   * `RunOptions.properties`, where given, wins.
   */
  readonly properties?: readonly string[];
}

/** A setup's `properties` as a field to spread (nothing when it checks all): a RunSetup made from another's fields keeps its choice. */
export function propertiesOf(setup: Pick<RunSetup, 'properties'>): Pick<RunSetup, 'properties'> {
  return setup.properties === undefined ? {} : { properties: setup.properties };
}

/** A world being built by one step: a fresh copy that only this step holds, so it may be finished in place. */
type Draft = { -readonly [Key in keyof World]: World[Key] };

/**
 * What one step did, for the trace: `applied` always (runs count applied events and coverage
 * counts applied steps); the rest only while recording a trace (hunts do not pay for text).
 */
interface StepRecord {
  applied: boolean;
  note: string | null;
  actingNode: NodeId | null;
  delivered: TraceMessage | null;
  sent: TraceMessage[];
  dropped: TraceMessage[];
  invoked: TraceOperation | null;
  completed: TraceOperation[];
}

function newStepRecord(): StepRecord {
  return { applied: true, note: null, actingNode: null, delivered: null, sent: [], dropped: [], invoked: null, completed: [] };
}

/**
 * A copy of `world` for one step to change and finish in place. Written out field by field, in
 * the order `initialWorld` gives them: spreading the world (`{ ...world, nodes }`) was among the
 * simulator's hottest lines.
 */
function draftOf(world: World): Draft {
  const draft: Draft = {
    config: world.config,
    variant: world.variant,
    step: world.step,
    nodes: world.nodes,
    network: world.network,
    history: world.history,
    ghost: world.ghost,
    clock: world.clock,
    pendingByClient: world.pendingByClient,
    randomSeed: world.randomSeed,
  };
  if (world.exception !== undefined) draft.exception = world.exception;
  if (world.livenessFromStep !== undefined) draft.livenessFromStep = world.livenessFromStep;
  return draft;
}

/** The fields `draftOf` copies: a field added to World fails to type-check here until draftOf copies it too. */
export const worldFieldsCopied = {
  config: true,
  variant: true,
  step: true,
  nodes: true,
  network: true,
  history: true,
  ghost: true,
  clock: true,
  pendingByClient: true,
  randomSeed: true,
  exception: true,
  livenessFromStep: true,
} as const satisfies Record<keyof World, true>;

/**
 * The liveness phase's events and a tick's input, made once: they are read, never changed, and
 * the liveness phase applies them by the hundred per run.
 */
const deliverOldest: ScheduleEvent = { kind: 'deliver', message: 0 };
const tickInput: NodeInput<unknown, unknown> = { kind: 'tick' };

/**
 * `entry` with another attempt count or completion, written out field by field in the order the
 * simulator creates them (an object spread per client event and reply was a visible cost).
 */
function historyEntryWith(
  entry: HistoryEntry<unknown, unknown>,
  attempts: number,
  completedAt: number | null,
  reply: ClientReply<unknown> | null,
  completedAtStep: number | null,
): HistoryEntry<unknown, unknown> {
  const next: { -readonly [Key in keyof HistoryEntry<unknown, unknown>]: HistoryEntry<unknown, unknown>[Key] } = {
    operationId: entry.operationId,
    clientId: entry.clientId,
    operation: entry.operation,
    node: entry.node,
    invokedAt: entry.invokedAt,
    completedAt,
    reply,
    attempts,
    invokedAtStep: entry.invokedAtStep,
    completedAtStep,
  };
  if (entry.probe !== undefined) next.probe = entry.probe;
  return next;
}

/** The fields `historyEntryWith` copies: a field added to HistoryEntry fails to type-check here until it copies it too. */
export const historyFieldsCopied = {
  operationId: true,
  clientId: true,
  operation: true,
  node: true,
  invokedAt: true,
  completedAt: true,
  reply: true,
  attempts: true,
  invokedAtStep: true,
  completedAtStep: true,
  probe: true,
} as const satisfies Record<keyof HistoryEntry<unknown, unknown>, true>;

/**
 * Whether two partitions (group label per node, or null for none) are the same: lodash's isEqual
 * here was 2 % of ZAB's time (a partition event compares them every time).
 */
function samePartition(left: readonly number[] | null, right: readonly number[] | null): boolean {
  if (left === right) return true;
  if (left === null || right === null || left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/**
 * Exhaustive exploration's memo of liveness phases (`finishRun`'s last argument). Two worlds of a
 * liveness phase decide the rest of it alone: the first at a round's end with no operation pending
 * (none is retried after it, so the rounds until the cluster settles depend on that world and on
 * how many rounds are left), and the world the rounds end in (the end checks, the progress probe
 * and its settling read only that world). A phase reaching a world where a phase that passed did
 * passes too, and is cut short there. Exploration only: a phase cut short ends in that world,
 * traces nothing after it and counts no coverage of the rounds it skips.
 */
export interface LivenessMemo {
  /** True when a phase passed from this world (its first quiet round's end) and settled fewer than `roundsLeft` rounds later. */
  passedQuiet(quiet: World, roundsLeft: number): boolean;
  /** A phase passed from this world (its first quiet round's end), settling `rounds` rounds later. */
  recordQuiet(quiet: World, rounds: number): void;
  /** True when a phase passed from this world its rounds ended in. */
  passedRoundsEnd(end: World): boolean;
  /** A phase passed from this world its rounds ended in. */
  recordRoundsEnd(end: World): void;
}

/** How a phase after the schedule ended: its verdict, its last world, and how many steps it took. */
export interface PhaseEnd {
  readonly violation: Violation | null;
  readonly world: World;
  readonly livenessSteps: number;
}

/** A network with other messages in flight (the same partition and message ids). */
/** An `end` check's conclusive form as the simulator calls it (see `endChecksProvenAfterProbe`). */
type ConclusiveCheck = (view: World, name: string) => string | null | undefined;

/** `checkEndProperties` in `after-probe` mode: nothing broke, but a check that waited for the probe was not proven. */
const notProven: Violation = Object.freeze({
  kind: 'property',
  property: 'not-proven',
  message: 'an end check that waited for the progress probe was not proven after it',
  step: 0,
  phase: 'end',
  category: 'safety',
});

function withInFlight(network: NetworkState<unknown>, inFlight: readonly InFlightMessage<unknown>[]): NetworkState<unknown> {
  return { inFlight, nextMessageId: network.nextMessageId, partition: network.partition };
}

/**
 * Runs a cluster under a schedule: the safety phase applies the schedule's events; the liveness
 * phase heals the network, restarts every node, then delivers, ticks and retries clients in rounds
 * until the protocol says it settled (bounded). `every-step` properties run after each step and
 * `end` properties once at the end; the first broken property stops the run.
 */
export class Simulator {
  readonly protocol: AnyProtocol;
  readonly config: unknown;
  readonly variant: string;
  readonly nodeCount: number;
  readonly clientCount: number;
  readonly fifo: boolean;
  readonly limits: SimulationLimits;
  private readonly contexts: readonly NodeContext<unknown>[];
  /** Every run's first `pendingByClient`: one list, never changed (a client event copies it). */
  private readonly nobodyPending: readonly (number | null)[];
  /** Per node, its tick event (see `deliverOldest`). */
  private readonly tickEvents: readonly ScheduleEvent[];
  private readonly recordTrace: boolean;
  private readonly checkEveryStep: boolean;
  private readonly stepProperties: AnyProtocol['properties'];
  /** Per step property, whether its check only reads `ghost.breaks` (see `checksRecordedByGhost`). */
  private readonly stepPropertyRecordedByGhost: readonly boolean[];
  /** Whether every entry of `stepPropertyRecordedByGhost` is true. */
  private readonly stepPropertiesAllRecordedByGhost: boolean;
  private readonly endProperties: AnyProtocol['properties'];
  /** The `degraded-end` properties; none: no degraded phase (see `LivenessPlan.degraded`). */
  private readonly degradedProperties: AnyProtocol['properties'];
  /**
   * Per end property, its conclusive form when it may wait for the progress probe (see
   * `endChecksProvenAfterProbe`), else null; null when none may.
   */
  private readonly endChecksAfterProbe: readonly (ConclusiveCheck | null)[] | null;
  private record: StepRecord = newStepRecord();
  private readonly sometimes: NonNullable<AnyProtocol['sometimes']>;
  private reached: Set<string> | null = null;
  /** While the liveness phase issues its progress probe: which of the probe's operations a new history entry is. */
  private probeIndex: number | null = null;
  /** `protocol.liveness(config)`, asked once: it scales the plan by the configuration's timescale, which reads every setting. */
  private livenessPlanOnce: LivenessPlan<unknown> | null = null;

  constructor(setup: RunSetup, options: RunOptions = {}) {
    const { protocol, config, variant } = setup;
    assert(
      protocol.variants.some((known) => known.name === variant),
      `unknown variant ${variant} of ${protocol.name}`,
    );
    this.protocol = protocol;
    this.config = config;
    this.variant = variant;
    this.nodeCount = protocol.nodeCount(config);
    this.clientCount = Math.max(1, protocol.clientCount(config));
    this.fifo = protocol.fifoLinks(config);
    this.linkSeenAt = new Uint32Array(this.nodeCount * this.nodeCount);
    this.nobodyPending = Array.from({ length: this.clientCount }, () => null);
    this.tickEvents = Array.from({ length: this.nodeCount }, (_, node): ScheduleEvent => ({ kind: 'tick', node }));
    this.limits = options.limits ?? defaultLimits;
    this.recordTrace = options.recordTrace ?? false;
    this.checkEveryStep = options.checkEveryStep ?? true;
    const selected = options.properties ?? setup.properties;
    const chosen = protocol.properties.filter((property) => !selected || selected.includes(property.name));
    this.stepProperties = chosen.filter((property) => property.when === 'every-step');
    this.stepPropertyRecordedByGhost = this.stepProperties.map((property) => checksRecordedByGhost.has(property.check));
    this.stepPropertiesAllRecordedByGhost = this.stepPropertyRecordedByGhost.every((recorded) => recorded);
    this.endProperties = chosen.filter((property) => property.when === 'end');
    this.degradedProperties = chosen.filter((property) => property.when === 'degraded-end');
    const afterProbe = this.endProperties.map((property) => (endChecksProvenAfterProbe.get(property.check) as ConclusiveCheck | undefined) ?? null);
    this.endChecksAfterProbe = afterProbe.some((conclusive) => conclusive !== null) ? afterProbe : null;
    this.sometimes = options.coverage ? (protocol.sometimes ?? []) : [];
    const rules = protocol.rules(variant);
    this.contexts = Array.from({ length: this.nodeCount }, (_, node) => ({
      config,
      variant,
      rules,
      node,
      nodeCount: this.nodeCount,
    }));
  }

  /** The world before the first event; if the model's `init` or ghost throws, a world carrying that exception. */
  initialWorld(randomSeed: number): World {
    const base: World = {
      config: this.config,
      variant: this.variant,
      step: 0,
      nodes: [],
      network: { inFlight: [], nextMessageId: 0, partition: null },
      history: [],
      ghost: null,
      clock: 0,
      pendingByClient: this.nobodyPending,
      randomSeed,
    };
    const nodes: NodeSlot<unknown>[] = [];
    for (const context of this.contexts) {
      let state: unknown;
      try {
        state = this.protocol.init(context, mixSeed(randomSeed, context.node, 0));
      } catch (thrown) {
        return { ...base, exception: modelException(`node ${context.node}'s init`, thrown) };
      }
      if (state === undefined)
        return { ...base, exception: modelMisuse(`node ${context.node}'s init`, "returned undefined: expected the node's state") };
      nodes.push({ up: true, state, durableAfterCrash: null, restarts: 0 });
    }
    try {
      const ghost = this.protocol.ghost.init(this.config, this.nodeCount);
      return {
        config: base.config,
        variant: base.variant,
        step: base.step,
        nodes,
        network: base.network,
        history: base.history,
        ghost,
        clock: base.clock,
        pendingByClient: base.pendingByClient,
        randomSeed,
      };
    } catch (thrown) {
      return { ...base, nodes, exception: modelException("the ghost observer's init", thrown) };
    }
  }

  /**
   * Runs a whole schedule, both phases and the end checks. Never throws: a model's exception is a
   * violation of kind `exception`, and so is anything else that escapes (reported as faultline's own).
   */
  run(schedule: Schedule, options: { livenessPhase?: boolean } = {}): RunResult {
    try {
      return this.runUnguarded(schedule, options);
    } catch (thrown) {
      // A model call outside any step (its liveness plan) says where; anything else is faultline's own.
      const exception =
        thrown instanceof ModelCallError
          ? modelException(thrown.where, thrown.thrown)
          : thrown instanceof ModelMisuseError
            ? modelMisuse(thrown.where, thrown.what)
            : modelException("faultline's simulator (an internal error; please report it)", thrown);
      return {
        violation: exceptionViolation(exception, 0, 'safety'),
        world: this.initialWorld(schedule.randomSeed),
        eventsApplied: 0,
        safetySteps: 0,
        livenessSteps: 0,
        trace: null,
        coverage: null,
      };
    }
  }

  private runUnguarded(schedule: Schedule, options: { livenessPhase?: boolean }): RunResult {
    let world = this.initialWorld(schedule.randomSeed);
    const trace: TraceStep[] | null = this.recordTrace ? [] : null;
    let eventsApplied = 0;
    this.reached = this.sometimes.length > 0 ? new Set() : null;
    const finish = (violation: Violation | null, safetySteps: number, livenessSteps: number): RunResult => ({
      violation,
      world,
      eventsApplied,
      safetySteps,
      livenessSteps,
      trace,
      coverage: this.reached ? [...this.reached].sort() : null,
    });

    if (world.exception) return finish(exceptionViolation(world.exception, 0, 'safety'), 0, 0);
    const events = schedule.events;
    for (let index = 0; index < events.length; index++) {
      world = this.applyTraced(world, events[index] as ScheduleEvent, 'safety', trace);
      if (this.record.applied) eventsApplied++;
      const violation = this.checkStep(world, index, 'safety');
      if (violation) return finish(violation, index + 1, 0);
    }
    const safetySteps = schedule.events.length;
    if (options.livenessPhase === false) return finish(null, safetySteps, 0);

    const end = this.finishRun(world, safetySteps, trace);
    world = end.world;
    return finish(end.violation, safetySteps, end.livenessSteps);
  }

  /**
   * The liveness phase (heal, restart every node, deliver and tick in rounds, retry pending
   * operations) and the `end` properties, from a world reached after `safetySteps` schedule
   * events; when they pass, the degraded phase (`LivenessPlan.degraded`), a side run from the same
   * world. `run` ends with it; exhaustive exploration calls it on every world it reaches, with a
   * `memo` that cuts short the phases it has seen pass (see `LivenessMemo`).
   */
  finishRun(start: World, safetySteps: number, trace: TraceStep[] | null = null, memo: LivenessMemo | null = null): PhaseEnd {
    const traceLength = trace?.length ?? 0;
    const healed = this.healedPhase(start, safetySteps, trace, memo);
    if (healed.violation !== null || this.degradedProperties.length === 0) return healed;
    const plan = this.livenessPlan().degraded;
    if (plan === undefined) return healed;
    const down: NodeId[] = [];
    for (let node = 0; node < this.nodeCount; node++) if (!start.nodes[node]?.up) down.push(node);
    if (down.length === 0) return healed;
    let stayDown: readonly NodeId[];
    try {
      stayDown = plan.stayDown(down).filter((node) => down.includes(node));
    } catch (thrown) {
      return { ...healed, violation: exceptionViolation(modelException("the degraded phase's stayDown", thrown), safetySteps, 'end') };
    }
    if (stayDown.length === 0) return healed;
    // The liveness phase's steps are set aside while the side run records its own.
    const healedSteps = trace ? trace.splice(traceLength) : null;
    const degraded = this.degradedPhase(start, safetySteps, stayDown, plan.roundsMax, trace);
    if (degraded.violation !== null) return degraded;
    if (trace && healedSteps) {
      trace.length = traceLength;
      for (const step of healedSteps) trace.push(step);
    }
    return healed;
  }

  /**
   * The degraded phase from `start` (the schedule's last world): heal, restart the down nodes not
   * in `stayDown`, then rounds of deliveries and ticks of live nodes, checking `every-step`
   * properties after each step and the `degraded-end` ones after the opening and each round; it
   * ends as soon as all of those hold, and breaks the first that does not after `roundsMax` rounds.
   * Its steps are traced as liveness steps; a break's message says which nodes stayed down.
   * Coverage does not count it (the liveness phase already did, from the same world).
   */
  private degradedPhase(start: World, safetySteps: number, stayDown: readonly NodeId[], roundsMax: number, trace: TraceStep[] | null): PhaseEnd {
    let world = start;
    let steps = 0;
    let rounds = 0;
    const restarted: NodeId[] = [];
    // Said as it happened: the heal only when the schedule ended partitioned.
    const wasPartitioned = start.network.partition !== null;
    const explained = (violation: Violation): Violation => {
      const kept = `node${stayDown.length === 1 ? '' : 's'} ${stayDown.join(', ')}`;
      const others = restarted.length === 0 ? '' : `, node${restarted.length === 1 ? '' : 's'} ${restarted.join(', ')} restarted`;
      const network = wasPartitioned ? 'the network healed' : 'the network was not partitioned';
      const context = `degraded phase: ${kept} left down after the schedule, ${network}${others}, ${rounds} round${rounds === 1 ? '' : 's'}`;
      return { ...violation, message: `${violation.message} (${context})` };
    };
    const ending = (violation: Violation | null): PhaseEnd => ({ violation: violation && explained(violation), world, livenessSteps: steps });
    const apply = (event: ScheduleEvent): Violation | null => {
      world = this.applyTraced(world, event, 'liveness', trace);
      const violation = this.checkStep(world, safetySteps + steps, 'liveness');
      steps++;
      return violation;
    };
    const inFlightNow = () => world.network.inFlight;
    const reached = this.reached;
    this.reached = null;
    try {
      if (world.network.partition !== null) {
        const violation = apply({ kind: 'heal' });
        if (violation) return ending(violation);
      }
      for (let node = 0; node < this.nodeCount; node++) {
        if (world.nodes[node]?.up || stayDown.includes(node)) continue;
        restarted.push(node);
        const violation = apply({ kind: 'restart', node });
        if (violation) return ending(violation);
      }
      for (; ; rounds++) {
        const broken = this.checkDegradedProperties(world, steps === 0 ? safetySteps : safetySteps + steps - 1, steps === 0 ? 'end' : 'liveness');
        if (broken === null || rounds === roundsMax) return ending(broken);
        const undelivered = this.deliverRound(inFlightNow, apply);
        if (undelivered) return ending(undelivered);
        for (let node = 0; node < this.nodeCount; node++) {
          if (!world.nodes[node]?.up) continue;
          const violation = apply(this.tickEvents[node] as ScheduleEvent);
          if (violation) return ending(violation);
        }
      }
    } finally {
      this.reached = reached;
    }
  }

  /**
   * One liveness round's deliveries: every message in flight at its start, in the round plan's
   * order, each applied by `apply` (which advances the world `inFlight` reads); the first violation ends it.
   */
  private deliverRound(inFlight: () => readonly InFlightMessage<unknown>[], apply: (event: ScheduleEvent) => Violation | null): Violation | null {
    const start = inFlight();
    const plan = this.roundPlan(start);
    for (let delivery = 0; delivery < start.length; delivery++) {
      const violation = apply(plan === null ? deliverOldest : this.deliverEventFor(inFlight(), plan[delivery]));
      if (violation) return violation;
    }
    return null;
  }

  /**
   * The order a liveness round delivers the messages in flight at its start: grouped by link (from,
   * then to), each link's in the order they were sent. It then depends only on each link's queue,
   * not on how sends on different links interleaved, so two worlds that differ only there (which
   * exhaustive exploration keys as one) get the same liveness phase. Null when that is the queue's
   * own order, so that delivering the oldest message each time follows it (messages sent during the
   * round queue behind).
   */
  private roundPlan(inFlight: readonly InFlightMessage<unknown>[]): readonly InFlightMessage<unknown>[] | null {
    const nodeCount = this.nodeCount;
    let previous = -1;
    for (const message of inFlight) {
      const link = message.from * nodeCount + message.to;
      if (link < previous) {
        // Array.prototype.sort is stable: each link keeps its own order.
        return inFlight.toSorted((left, right) => left.from * nodeCount + left.to - (right.from * nodeCount + right.to));
      }
      previous = link;
    }
    return null;
  }

  /**
   * The `deliver` event that picks `message` from `inFlight` (it is there, and with FIFO links it
   * is its link's oldest: the round plan delivers each link's messages in order), so that the
   * trace's liveness events replay as they ran.
   */
  private deliverEventFor(inFlight: readonly InFlightMessage<unknown>[], message: InFlightMessage<unknown> | undefined): ScheduleEvent {
    const position = message === undefined ? -1 : inFlight.indexOf(message);
    assert(position >= 0, 'a message of the round plan is no longer in flight');
    // With FIFO links an index counts the links with messages queued, in order of their oldest.
    const index = this.fifo ? this.walkLinkHeads(inFlight, -1, position) : position;
    let event = this.deliverEvents[index];
    if (event === undefined) {
      event = Object.freeze({ kind: 'deliver', message: index });
      this.deliverEvents[index] = event;
    }
    return event;
  }

  /** `deliver i` events made once each, read and never changed (see `deliverOldest`). */
  private readonly deliverEvents: ScheduleEvent[] = [];

  /** The first `degraded-end` property broken in `world` (or exception), reported after the step `step`. */
  private checkDegradedProperties(world: World, step: number, phase: 'liveness' | 'end'): Violation | null {
    for (const property of this.degradedProperties) {
      const violation = propertyViolation(property, world, step, phase);
      if (violation) return violation;
    }
    return null;
  }

  /** The protocol's liveness plan for this configuration (a model's functions are pure: asked once, after the first answer). */
  private livenessPlan(): LivenessPlan<unknown> {
    if (this.livenessPlanOnce === null) {
      try {
        this.livenessPlanOnce = this.protocol.liveness(this.config);
      } catch (thrown) {
        throw new ModelCallError('the liveness plan', thrown);
      }
    }
    return this.livenessPlanOnce;
  }

  /** `finishRun` without the degraded phase: the liveness phase and the `end` properties. */
  private healedPhase(start: World, safetySteps: number, trace: TraceStep[] | null, memo: LivenessMemo | null): PhaseEnd {
    // Marked once: properties may bound what happens from here on (`WorldView.livenessFromStep`).
    let world: World = start;
    if (start.livenessFromStep === undefined) {
      // A copy written out (draftOf) rather than spread: once a run, but a spread of the world cost more than the rest of this function.
      const marked = draftOf(start);
      marked.livenessFromStep = start.step;
      world = marked;
    }
    let livenessSteps = 0;
    // With a memo: the first quiet round's end and its round, the round the cluster settled in, the world the rounds ended in.
    let quietAt: { readonly world: World; readonly round: number } | null = null;
    let settledRound = -1;
    let roundsEnd: World | null = null;
    const ending = (violation: Violation | null) => {
      if (violation === null && memo !== null && roundsEnd !== null) {
        memo.recordRoundsEnd(roundsEnd);
        if (quietAt !== null && settledRound >= 0) memo.recordQuiet(quietAt.world, settledRound - quietAt.round);
      }
      return { violation, world, livenessSteps };
    };
    const applyLiveness = (event: ScheduleEvent): Violation | null => {
      world = this.applyTraced(world, event, 'liveness', trace);
      const violation = this.checkStep(world, safetySteps + livenessSteps, 'liveness');
      livenessSteps++;
      return violation;
    };
    const inFlightNow = () => world.network.inFlight;
    /** One round: deliver what is in flight, then tick every node. */
    const deliverAndTick = (): Violation | null => {
      const undelivered = this.deliverRound(inFlightNow, applyLiveness);
      if (undelivered) return undelivered;
      for (let node = 0; node < this.nodeCount; node++) {
        const violation = applyLiveness(this.tickEvents[node] as ScheduleEvent);
        if (violation) return violation;
      }
      return null;
    };
    const settled = (): boolean | Violation => {
      let answer: unknown;
      try {
        answer = this.protocol.settled?.(world) ?? true;
      } catch (thrown) {
        return exceptionViolation(modelException('settled', thrown), safetySteps + livenessSteps, 'liveness');
      }
      if (typeof answer === 'boolean') return answer;
      return exceptionViolation(modelMisuse('settled', notBooleanText(answer)), safetySteps + livenessSteps, 'liveness');
    };
    const quiet = (): boolean => world.pendingByClient.every((pending) => pending === null);

    if (world.network.partition !== null) {
      const violation = applyLiveness({ kind: 'heal' });
      if (violation) return ending(violation);
    }
    for (let node = 0; node < this.nodeCount; node++) {
      if (world.nodes[node]?.up) continue;
      const violation = applyLiveness({ kind: 'restart', node });
      if (violation) return ending(violation);
    }
    const { roundsMax, retryEveryRounds, progressProbe = [] } = this.livenessPlan();
    for (let round = 0; round < roundsMax; round++) {
      const violation = deliverAndTick();
      if (violation) return ending(violation);
      if (retryEveryRounds > 0 && round % retryEveryRounds === retryEveryRounds - 1) {
        const attempt = Math.floor(round / retryEveryRounds);
        for (const [client, operationId] of world.pendingByClient.entries()) {
          if (operationId === null) continue;
          const entry = world.history[operationId];
          assert(entry, `pending operation ${operationId} missing from history`);
          const node = (entry.node + attempt + 1) % this.nodeCount;
          const retried = applyLiveness({ kind: 'client', node, client, operation: entry.operation });
          if (retried) return ending(retried);
        }
      }
      if (!quiet()) continue;
      if (memo !== null && quietAt === null) {
        if (memo.passedQuiet(world, roundsMax - round)) return { violation: null, world, livenessSteps };
        quietAt = { world, round };
      }
      const done = settled();
      if (done === true) {
        settledRound = round;
        break;
      }
      if (done !== false) return ending(done);
    }
    if (memo !== null) {
      if (memo.passedRoundsEnd(world)) return { violation: null, world, livenessSteps };
      roundsEnd = world;
    }

    // Checks may wait only when the probe will run (the cluster is quiet); a run that is not quiet
    // (many are) checks everything once, as before.
    const deferrable = progressProbe.length > 0 && quiet() ? this.endChecksAfterProbe : null;
    let ended = this.checkEndProperties(world, safetySteps + livenessSteps, deferrable === null ? 'all' : 'before-probe');
    // Only the checks that may not wait ran, and one broke: the verdict is the first broken of all of them.
    if (deferrable !== null && ended !== null) ended = this.checkEndProperties(world, safetySteps + livenessSteps);
    if (ended || progressProbe.length === 0 || !quiet()) return ending(ended);
    // The checks that waited, as the end checks before the probe would have run them: when one of
    // them fails there, the run ends there, its world, steps and trace as if the probe never ran.
    const beforeProbe = { world, livenessSteps, traceLength: trace?.length ?? 0, step: safetySteps + livenessSteps };
    const waited = (): Violation | null => {
      if (deferrable === null) return null;
      const earlier = this.checkEndProperties(beforeProbe.world, beforeProbe.step, 'waited');
      if (earlier === null) return null;
      world = beforeProbe.world;
      livenessSteps = beforeProbe.livenessSteps;
      if (trace) trace.length = beforeProbe.traceLength;
      return earlier;
    };
    const afterProbe = (violation: Violation | null, unproven = false) =>
      violation === null && !unproven ? ending(null) : ending(waited() ?? violation);

    // The progress probe: every other end property held, so a client now asks for service, one
    // operation after the other, retried at the next node while unanswered and re-issued there when
    // refused. A healed cluster with every node up owes it an answer; `makesProgress` checks it.
    // Coverage does not count it: every run would reach the goals its operations reach.
    const reached = this.reached;
    this.reached = null;
    try {
      const probeClient = 0;
      let node = 0;
      for (const [index, operation] of progressProbe.entries()) {
        let answered = false;
        // Where the history holds this probe operation's latest entry: only a client event adds
        // entries, so it is looked up once and then followed past each one (not searched every round).
        let lastAt = world.history.findLastIndex((entry) => entry.probe === index);
        for (let round = 0; round < roundsMax; round++) {
          const pending = world.pendingByClient[probeClient] ?? null;
          const last = lastAt < 0 ? undefined : world.history[lastAt];
          answered = pending === null && last?.reply?.outcome === 'ok';
          if (answered) break;
          if (pending === null || round % retryEveryRounds === retryEveryRounds - 1) {
            if (last !== undefined) node = (node + 1) % this.nodeCount;
            // A new operation (the first, or after a refusal) is marked as the probe; a retry keeps its entry.
            this.probeIndex = pending === null ? index : null;
            const entriesBefore = world.history.length;
            const violation = applyLiveness({ kind: 'client', node, client: probeClient, operation });
            this.probeIndex = null;
            if (violation) return afterProbe(violation);
            for (let at = entriesBefore; at < world.history.length; at++) if (world.history[at]?.probe === index) lastAt = at;
          }
          const violation = deliverAndTick();
          if (violation) return afterProbe(violation);
        }
        if (!answered) break;
      }
      // Let the probe's effects settle too (replication to every node) before the end checks again.
      for (let round = 0; round < roundsMax; round++) {
        const done = settled();
        if (done === true) break;
        if (done !== false) return afterProbe(done);
        const violation = deliverAndTick();
        if (violation) return afterProbe(violation);
      }
    } catch (thrown) {
      // What escapes the probe (faultline's own error) comes second to a check failing before it.
      this.probeIndex = null;
      const earlier = waited();
      if (earlier !== null) return ending(earlier);
      throw thrown;
    } finally {
      this.reached = reached;
    }
    if (deferrable === null) return ending(this.checkEndProperties(world, safetySteps + livenessSteps));
    // Broken, or a check that waited holds without proof: the world before the probe decides first.
    const final = this.checkEndProperties(world, safetySteps + livenessSteps, 'after-probe');
    return final === notProven ? afterProbe(null, true) : afterProbe(final);
  }

  /**
   * The `end` properties on the final world; the first broken one (or exception) is the verdict.
   * With checks that may wait for the progress probe (`endChecksAfterProbe`), `mode` picks:
   * `before-probe` every other one, `waited` only those, `after-probe` all of them, those in their
   * conclusive form (`notProven` when nothing broke but one of those was not proven).
   */
  private checkEndProperties(
    world: World,
    step: number,
    mode: 'all' | 'before-probe' | 'waited' | 'after-probe' = 'all',
  ): Violation | null | typeof notProven {
    const conclusiveForms = mode === 'all' ? null : this.endChecksAfterProbe;
    let unproven = false;
    for (let index = 0; index < this.endProperties.length; index++) {
      const property = this.endProperties[index] as (typeof this.endProperties)[number];
      const conclusive = conclusiveForms?.[index] ?? null;
      if (mode === 'before-probe' && conclusive !== null) continue;
      if (mode === 'waited' && conclusive === null) continue;
      let message: unknown;
      try {
        if (mode === 'after-probe' && conclusive !== null) {
          const verdict = conclusive(world, property.name);
          if (verdict === undefined) unproven = true;
          message = verdict ?? null;
        } else {
          message = property.check(world);
        }
      } catch (thrown) {
        return exceptionViolation(modelException(`property ${property.name}`, thrown), step, 'end');
      }
      if (message !== null) return checkVerdict(property, message, step, 'end');
    }
    return unproven ? notProven : null;
  }

  /**
   * Makes `applyEvent` and `finishRun` add the "sometimes" goals they reach to `reached` until
   * called again (needs the `coverage` option): guided hunting applies its own events, and counts
   * them and the liveness phase so. `run` sets its own.
   */
  collectCoverageInto(reached: Set<string> | null): void {
    this.reached = reached;
  }

  /** The first broken `every-step` property in `world`, reported at `step` (used by exploration). */
  checkStepProperties(world: World, step: number, phase: 'safety' | 'liveness' = 'safety'): Violation | null {
    return this.checkStep(world, step, phase);
  }

  /** The model's exception if it threw, else the first broken every-step property (when they are checked). */
  private checkStep(world: World, step: number, phase: 'safety' | 'liveness'): Violation | null {
    if (world.exception) return exceptionViolation(world.exception, step, phase);
    if (!this.checkEveryStep) return null;
    // While the ghost has recorded no break, every check that only reads its breaks returns null.
    const unbroken = (world.ghost as { readonly breaks?: unknown } | null)?.breaks === noBreaks;
    // Every every-step property of Raft, ZAB and Kafka is such a check: then nothing is left to run.
    if (unbroken && this.stepPropertiesAllRecordedByGhost) return null;
    const properties = this.stepProperties;
    for (let index = 0; index < properties.length; index++) {
      if (unbroken && this.stepPropertyRecordedByGhost[index]) continue;
      const property = properties[index] as (typeof properties)[number];
      const violation = propertyViolation(property, world, step, phase);
      if (violation) return violation;
    }
    return null;
  }

  private applyTraced(world: World, event: ScheduleEvent, phase: 'safety' | 'liveness', trace: TraceStep[] | null): World {
    const before = world;
    const after = this.applyEvent(world, event);
    if (trace) trace.push(this.traceStep(trace.length, phase, event, before, after));
    return after;
  }

  private traceStep(index: number, phase: 'safety' | 'liveness', event: ScheduleEvent, before: World, after: World): TraceStep {
    const changes: TraceStateChange[] = [];
    for (let node = 0; node < this.nodeCount; node++) {
      const beforeSlot = before.nodes[node];
      const afterSlot = after.nodes[node];
      assert(beforeSlot && afterSlot, 'node slot missing');
      if (beforeSlot.up !== afterSlot.up) {
        changes.push({ node, field: 'status', before: beforeSlot.up ? 'up' : 'down', after: afterSlot.up ? 'up' : 'down' });
      }
      if (beforeSlot.state === afterSlot.state) continue;
      const beforeSummary = summarizeSafely(this.protocol, this.config, beforeSlot.state);
      const afterSummary = summarizeSafely(this.protocol, this.config, afterSlot.state);
      for (const field of Object.keys(afterSummary)) {
        const previous = beforeSummary[field] ?? '';
        const next = afterSummary[field] ?? '';
        if (previous !== next) changes.push({ node, field, before: previous, after: next });
      }
    }
    const record = this.record;
    return {
      index,
      phase,
      event,
      text: formatEvent(event, (operation) => this.describeSafely('describeOperation', operation)),
      applied: record.applied,
      note: record.note,
      actingNode: record.actingNode,
      delivered: record.delivered,
      sent: record.sent,
      dropped: record.dropped,
      invoked: record.invoked,
      completed: record.completed,
      changes,
      nodesUp: after.nodes.map((slot) => slot.up),
      partition: after.network.partition,
    };
  }

  /**
   * Why the last `applyEvent` did nothing (`node 1 is already up`, `no partition to heal`), or null
   * when it did something: a hand-written scenario's line that does nothing is refused with it.
   */
  lastNoop(): string | null {
    return this.record.applied ? null : (this.record.note ?? 'nothing applies');
  }

  /** Applies one event; a no-op (with `record.applied` false) when it does not apply. */
  applyEvent(world: World, event: ScheduleEvent): World {
    this.resetRecord();
    if (world.exception) return this.noop(world, 'the model threw earlier');
    try {
      return this.applyEventUnguarded(world, event);
    } catch (thrown) {
      // Anything a model throws, or a result that breaks its contract (a step returning no actions,
      // a send to a node that does not exist), is a finding: keep the world before the step and say where.
      if (thrown instanceof ModelMisuseError) return { ...world, step: world.step + 1, exception: modelMisuse(thrown.where, thrown.what) };
      const where =
        thrown instanceof ModelCallError
          ? thrown.where
          : `applying ${formatEvent(event, (operation) => this.describeSafely('describeOperation', operation))}`;
      const cause = thrown instanceof ModelCallError ? thrown.thrown : thrown;
      return { ...world, step: world.step + 1, exception: modelException(where, cause) };
    }
  }

  /**
   * A fresh record for the step about to be applied. Without a trace its lists are never filled
   * (every push is behind `recordTrace`), so the one record is reset instead of allocated anew.
   */
  private resetRecord(): void {
    if (this.recordTrace) {
      this.record = newStepRecord();
      return;
    }
    const record = this.record;
    record.applied = true;
    record.note = null;
    record.actingNode = null;
    record.delivered = null;
    record.invoked = null;
  }

  private applyEventUnguarded(world: World, event: ScheduleEvent): World {
    const next = this.applyEventInner(world, event);
    if (next === world) {
      const unchanged = draftOf(world);
      unchanged.step = world.step + 1;
      return unchanged;
    }
    // Every applied event returns a fresh world that nothing else holds yet: finish it in place
    // rather than copying it twice more (this is the simulator's hottest path).
    const draft = next as Draft;
    draft.step = world.step + 1;
    try {
      draft.ghost = this.protocol.ghost.observe(draft.ghost, draft);
    } catch (thrown) {
      throw new ModelCallError('the ghost observer', thrown);
    }
    // Coverage counts both phases: recovery after healing (truncations, re-elections) is where
    // several goals happen, and every-step properties are checked there too.
    const reached = this.reached;
    if (reached && this.record.applied) {
      for (const goal of this.sometimes) {
        if (reached.has(goal.name)) continue;
        let hit: unknown;
        try {
          hit = goal.reached(world, draft);
        } catch (thrown) {
          throw new ModelCallError(`sometimes goal ${goal.name}`, thrown);
        }
        if (hit === true) reached.add(goal.name);
        else if (hit !== false) throw new ModelMisuseError(`sometimes goal ${goal.name}`, notBooleanText(hit));
      }
    }
    return draft;
  }

  private noop(world: World, note: string): World {
    this.record.applied = false;
    this.record.note = note;
    return world;
  }

  private applyEventInner(world: World, event: ScheduleEvent): World {
    switch (event.kind) {
      case 'deliver':
        return this.deliver(world, event.message);
      case 'drop':
        return this.drop(world, event.message);
      case 'duplicate':
        return this.duplicate(world, event.message);
      case 'tick': {
        const node = this.nodeIndex(event.node);
        if (!world.nodes[node]?.up) return this.noop(world, `node ${node} is down`);
        return this.stepNode(world, node, tickInput);
      }
      case 'crash':
        return this.crash(world, this.nodeIndex(event.node), event.loseUnflushed);
      case 'restart':
        return this.restart(world, this.nodeIndex(event.node));
      case 'partition':
        return this.partition(world, event.groups);
      case 'heal': {
        if (world.network.partition === null) return this.noop(world, 'no partition to heal');
        const healed = draftOf(world);
        healed.network = { inFlight: world.network.inFlight, nextMessageId: world.network.nextMessageId, partition: null };
        return healed;
      }
      case 'client':
        return this.client(world, this.nodeIndex(event.node), event.client, event.operation);
      default:
        return assertNever(event, 'schedule event');
    }
  }

  /** A model's describe function, or a note that it threw: presentation never hides a run's outcome. */
  describeSafely(describer: 'describeMessage' | 'describeOperation' | 'describeOutput', value: unknown): string {
    try {
      return this.protocol[describer](value);
    } catch (thrown) {
      return `<${describer} threw: ${thrownText(thrown)}>`;
    }
  }

  private describeInput(input: NodeInput<unknown, unknown>): string {
    switch (input.kind) {
      case 'tick':
        return 'tick';
      case 'receive':
        return `receive ${this.describeSafely('describeMessage', input.message)} from ${input.from}`;
      case 'client':
        return `client ${input.request.clientId}'s ${this.describeSafely('describeOperation', input.request.operation)}`;
      case 'disconnect':
        return `disconnect from ${input.peer}`;
      default:
        return assertNever(input, 'node input');
    }
  }

  private nodeIndex(raw: number): NodeId {
    return ((raw % this.nodeCount) + this.nodeCount) % this.nodeCount;
  }

  private describe(message: InFlightMessage<unknown>): TraceMessage {
    return {
      id: message.id,
      from: message.from,
      to: message.to,
      text: this.recordTrace ? this.describeSafely('describeMessage', message.message) : '',
    };
  }

  /**
   * With FIFO links, index i picks the i-th link that has messages queued, and its oldest message.
   * A hot path (every delivery), so it lists nothing: index 0 is always the first choice (the first
   * message in flight is its link's oldest), which is every delivery of the liveness phase; other
   * FIFO indexes count the links, then walk to the one picked.
   */
  private pickMessage(network: NetworkState<unknown>, raw: number): number | null {
    const inFlight = network.inFlight;
    const length = inFlight.length;
    if (length === 0) return null;
    if (raw === 0) return 0;
    if (!this.fifo) {
      const position = ((raw % length) + length) % length;
      return Number.isInteger(position) ? position : null;
    }
    const count = this.walkLinkHeads(inFlight, -1);
    const position = ((raw % count) + count) % count;
    if (!Number.isInteger(position)) return null;
    return this.walkLinkHeads(inFlight, position);
  }

  /**
   * One pass over the links' oldest messages among the first `end` in flight, in order: with
   * `stopAt` -1 their count (and their positions pushed onto `positions`, when given), else the
   * position in `inFlight` of the `stopAt`-th one (which exists: `stopAt` is below the count).
   */
  private walkLinkHeads(inFlight: readonly InFlightMessage<unknown>[], stopAt: number, end = inFlight.length, positions?: number[]): number {
    const seenAt = this.linkSeenAt;
    if (++this.linkSeenCall === 0xffffffff) {
      seenAt.fill(0);
      this.linkSeenCall = 1;
    }
    const call = this.linkSeenCall;
    let heads = 0;
    for (let index = 0; index < end; index++) {
      const message = inFlight[index] as InFlightMessage<unknown>;
      const link = message.from * this.nodeCount + message.to;
      if (seenAt[link] === call) continue;
      seenAt[link] = call;
      if (heads === stopAt) return index;
      positions?.push(index);
      heads++;
    }
    return heads;
  }

  /** Per link (from * nodeCount + to), the last `walkLinkHeads` call that saw a message on it: a reused scratch table. */
  private readonly linkSeenAt: Uint32Array;
  private linkSeenCall = 0;

  /** Positions in `inFlight` that `deliver i`, `drop i` and `duplicate i` choose from, in order: all of them, or with FIFO links each link's oldest. */
  private messageChoiceIndexes(network: NetworkState<unknown>): number[] {
    const inFlight = network.inFlight;
    if (!this.fifo) return inFlight.map((_, index) => index);
    const heads: number[] = [];
    this.walkLinkHeads(inFlight, -1, inFlight.length, heads);
    return heads;
  }

  /** The messages a message event's index picks from (index i picks entry i modulo the length); for minimizers. */
  messageChoices(world: World): readonly InFlightMessage<unknown>[] {
    return this.messageChoiceIndexes(world.network).map((index) => world.network.inFlight[index] as InFlightMessage<unknown>);
  }

  /** The message `deliver raw` (or drop, duplicate) would act on in `world`, or null when none is in flight. */
  messagePicked(world: World, raw: number): InFlightMessage<unknown> | null {
    const index = this.pickMessage(world.network, raw);
    return index === null ? null : (world.network.inFlight[index] ?? null);
  }

  private linkCut(network: NetworkState<unknown>, from: NodeId, to: NodeId): boolean {
    const partition = network.partition;
    return partition !== null && partition[from] !== partition[to];
  }

  private deliver(world: World, raw: number): World {
    const index = this.pickMessage(world.network, raw);
    if (index === null) return this.noop(world, 'no message in flight');
    const message = world.network.inFlight[index];
    assert(message, 'picked message missing');
    const inFlight = world.network.inFlight.toSpliced(index, 1);
    const next = draftOf(world);
    next.network = withInFlight(world.network, inFlight);
    if (this.recordTrace) this.record.delivered = this.describe(message);
    if (this.linkCut(world.network, message.from, message.to)) {
      this.record.note = 'lost: the link is partitioned';
      return next;
    }
    if (!world.nodes[message.to]?.up) {
      this.record.note = `lost: node ${message.to} is down`;
      return next;
    }
    // The receiver's sends go into the copy made here rather than a second one.
    return this.stepNodeInto(next, message.to, { kind: 'receive', from: message.from, message: message.message }, inFlight);
  }

  private drop(world: World, raw: number): World {
    const index = this.pickMessage(world.network, raw);
    if (index === null) return this.noop(world, 'no message in flight');
    const message = world.network.inFlight[index];
    assert(message, 'picked message missing');
    if (this.fifo) {
      // A FIFO connection cannot lose one message and deliver the next: losing it means the
      // connection broke, so both ends are told and everything queued on it is gone.
      return this.tearDown(world, (from, to) => from === message.from && to === message.to);
    }
    if (this.recordTrace) this.record.dropped.push(this.describe(message));
    const next = draftOf(world);
    next.network = withInFlight(world.network, world.network.inFlight.toSpliced(index, 1));
    return next;
  }

  private duplicate(world: World, raw: number): World {
    if (this.fifo) return this.noop(world, 'FIFO connections do not duplicate messages');
    const index = this.pickMessage(world.network, raw);
    if (index === null) return this.noop(world, 'no message in flight');
    if (world.network.inFlight.length >= this.limits.inFlightMax) return this.noop(world, 'network full');
    const message = world.network.inFlight[index];
    assert(message, 'picked message missing');
    const copy = { ...message, id: world.network.nextMessageId };
    if (this.recordTrace) this.record.sent.push(this.describe(copy));
    const next = draftOf(world);
    next.network = {
      inFlight: [...world.network.inFlight, copy],
      nextMessageId: world.network.nextMessageId + 1,
      partition: world.network.partition,
    };
    return next;
  }

  /** Drops queued messages on the links selected and tells both live ends (FIFO only). */
  private tearDown(world: World, selected: (from: NodeId, to: NodeId) => boolean): World {
    const kept: InFlightMessage<unknown>[] = [];
    const links = new Set<number>();
    for (const message of world.network.inFlight) {
      if (selected(message.from, message.to)) {
        if (this.recordTrace) this.record.dropped.push(this.describe(message));
        links.add(message.from * this.nodeCount + message.to);
      } else {
        kept.push(message);
      }
    }
    const cut = draftOf(world);
    cut.network = { inFlight: kept, nextMessageId: world.network.nextMessageId, partition: world.network.partition };
    let next: World = cut;
    // Every connection between a selected pair breaks, queued or not: both ends learn of it (the
    // sender's end first, then the receiver's).
    for (let from = 0; from < this.nodeCount; from++) {
      for (let to = 0; to < this.nodeCount; to++) {
        if (from === to || !selected(from, to)) continue;
        if (next.nodes[from]?.up) next = this.stepNode(next, from, { kind: 'disconnect', peer: to });
        if (next.nodes[to]?.up) next = this.stepNode(next, to, { kind: 'disconnect', peer: from });
      }
    }
    return next;
  }

  private crash(world: World, node: NodeId, loseUnflushed: boolean): World {
    const slot = world.nodes[node];
    assert(slot, 'node slot missing');
    if (!slot.up) return this.noop(world, `node ${node} is already down`);
    const context = this.contexts[node];
    assert(context, 'context missing');
    let durable: unknown;
    try {
      durable = this.protocol.crash(context, slot.state, { loseUnflushed });
    } catch (thrown) {
      throw new ModelCallError(`node ${node}'s crash${loseUnflushed ? ' (power loss)' : ''}`, thrown);
    }
    this.record.actingNode = node;
    const crashed = draftOf(world);
    crashed.nodes = world.nodes.with(node, { up: false, state: slot.state, durableAfterCrash: durable, restarts: slot.restarts });
    if (!this.fifo) return crashed;
    return this.tearDown(crashed, (from, to) => from === node || to === node);
  }

  private restart(world: World, node: NodeId): World {
    const slot = world.nodes[node];
    assert(slot, 'node slot missing');
    if (slot.up) return this.noop(world, `node ${node} is already up`);
    const context = this.contexts[node];
    assert(context, 'context missing');
    const restarts = slot.restarts + 1;
    let state: unknown;
    try {
      state = this.protocol.restart(context, slot.durableAfterCrash, mixSeed(world.randomSeed, node, restarts));
    } catch (thrown) {
      throw new ModelCallError(`node ${node}'s restart`, thrown);
    }
    if (state === undefined) throw new ModelMisuseError(`node ${node}'s restart`, "returned undefined: expected the node's state");
    this.record.actingNode = node;
    const restarted = draftOf(world);
    restarted.nodes = world.nodes.with(node, { up: true, state, durableAfterCrash: null, restarts });
    return restarted;
  }

  private partition(world: World, groups: readonly number[]): World {
    if (groups.length === 0) return this.noop(world, 'empty partition');
    const labels = Array.from({ length: this.nodeCount }, (_, node) => groups[node % groups.length] ?? 0);
    const split = labels.some((label) => label !== labels[0]);
    const previous = world.network.partition;
    const partition = split ? labels : null;
    if (samePartition(previous, partition)) return this.noop(world, 'same partition');
    const next = draftOf(world);
    next.network = { inFlight: world.network.inFlight, nextMessageId: world.network.nextMessageId, partition };
    if (!this.fifo || partition === null) return next;
    const wasCut = (from: NodeId, to: NodeId): boolean => previous !== null && previous[from] !== previous[to];
    return this.tearDown(next, (from, to) => partition[from] !== partition[to] && !wasCut(from, to));
  }

  private client(world: World, node: NodeId, rawClient: number, given: unknown): World {
    let operation = given;
    const failure = buildFailureOf(operation);
    if (failure !== null) {
      // The workload's build threw when this event was generated: it is called again, so a replay throws too.
      try {
        operation = this.protocol.workload.build(this.config, failure.kind, failure.parameters);
      } catch (thrown) {
        throw new ModelCallError(`the workload's build of operation kind ${failure.kind} with parameters [${failure.parameters.join(', ')}]`, thrown);
      }
    }
    const client = ((rawClient % this.clientCount) + this.clientCount) % this.clientCount;
    const pending = world.pendingByClient[client] ?? null;
    if (pending !== null) {
      // A client with an operation outstanding retries that same operation here (same id).
      const entry = world.history[pending];
      assert(entry, 'pending operation missing from history');
      if (!world.nodes[node]?.up) return this.noop(world, `retry of operation ${pending}: node ${node} is down`);
      this.record.note = `client ${client} retries operation ${pending}`;
      const retried = draftOf(world);
      retried.history = world.history.with(
        pending,
        historyEntryWith(entry, entry.attempts + 1, entry.completedAt, entry.reply, entry.completedAtStep),
      );
      return this.stepNodeInto(retried, node, {
        kind: 'client',
        request: { operationId: entry.operationId, clientId: client, operation: entry.operation },
      });
    }
    if (world.history.length >= this.limits.operationsMax && this.probeIndex === null) return this.noop(world, 'operation limit reached');
    const operationId = world.history.length;
    const entry: { -readonly [Key in keyof HistoryEntry<unknown, unknown>]: HistoryEntry<unknown, unknown>[Key] } = {
      operationId,
      clientId: client,
      operation,
      node,
      invokedAt: world.clock,
      completedAt: null,
      reply: null,
      attempts: 1,
      invokedAtStep: world.step,
      completedAtStep: null,
    };
    if (this.probeIndex !== null) entry.probe = this.probeIndex;
    const pendingByClient = world.pendingByClient.slice();
    pendingByClient[client] = operationId;
    const invoked = draftOf(world);
    invoked.history = [...world.history, entry];
    invoked.clock = world.clock + 1;
    invoked.pendingByClient = pendingByClient;
    if (this.recordTrace) this.record.invoked = { operationId, clientId: client, node, text: this.describeSafely('describeOperation', operation) };
    if (!invoked.nodes[node]?.up) {
      // Connection refused: the operation certainly did not take effect.
      return this.complete(invoked, operationId, { outcome: 'fail', error: `node ${node} is down` });
    }
    return this.stepNodeInto(invoked, node, { kind: 'client', request: { operationId, clientId: client, operation } });
  }

  private complete(world: World, operationId: number, answer: ClientReply<unknown>): World {
    const draft = draftOf(world);
    return this.completeInto(draft, operationId, answer) ? draft : world;
  }

  /**
   * What is wrong with a model's reply to `operationId`, or null when nothing is: the operation
   * must be one a client invoked, and the reply well formed. A late or duplicate reply to an
   * operation already answered is not wrong (a retried request is answered by each node it
   * reached: the registered protocols do it); `completeInto` ignores it.
   */
  private replyMisuse(draft: Draft, operationId: number, answer: ClientReply<unknown>): string | null {
    if (!(Number.isInteger(operationId) && operationId >= 0 && operationId < draft.history.length)) {
      const known = draft.history.length === 0 ? 'no operation was invoked yet' : `operations 0 to ${draft.history.length - 1} were invoked`;
      return `replied to operation ${valueText(operationId)}, which no client invoked (${known}): expected the operationId of a client request it received`;
    }
    const wellFormed =
      typeof answer === 'object' &&
      answer !== null &&
      (answer.outcome === 'ok'
        ? 'output' in answer
        : (answer.outcome === 'fail' || answer.outcome === 'unknown') && typeof answer.error === 'string');
    // The message is only built when it is needed: JSON of every reply cost more than the rest of this function.
    if (wellFormed) return null;
    return `replied to operation ${operationId} with ${valueText(answer)}: expected { outcome: 'ok', output } or { outcome: 'fail' | 'unknown', error: text }`;
  }

  /** Records a reply in a fresh world; false for a late or duplicate reply (the client moved on). */
  private completeInto(draft: Draft, operationId: number, answer: ClientReply<unknown>): boolean {
    const entry = draft.history[operationId];
    if (!entry || entry.completedAt !== null) return false;
    // "Certainly not done" only speaks for this attempt: an earlier, unanswered one may have taken effect.
    const reply: ClientReply<unknown> =
      answer.outcome === 'fail' && entry.attempts > 1
        ? { outcome: 'unknown', error: `${answer.error} (an earlier attempt went unanswered)` }
        : answer;
    const history = draft.history.slice();
    history[operationId] = historyEntryWith(entry, entry.attempts, draft.clock, reply, draft.step);
    const pendingByClient = draft.pendingByClient.slice();
    if (pendingByClient[entry.clientId] === operationId) pendingByClient[entry.clientId] = null;
    if (this.recordTrace) {
      const text =
        reply.outcome === 'ok'
          ? `${this.describeSafely('describeOperation', entry.operation)} -> ${this.describeSafely('describeOutput', reply.output)}`
          : `${this.describeSafely('describeOperation', entry.operation)} -> ${reply.outcome}: ${reply.error}`;
      this.record.completed.push({ operationId, clientId: entry.clientId, node: entry.node, text });
    }
    draft.history = history;
    draft.pendingByClient = pendingByClient;
    draft.clock = draft.clock + 1;
    return true;
  }

  /** Feeds one input to a live node and carries out its actions. */
  private stepNode(world: World, node: NodeId, input: NodeInput<unknown, unknown>): World {
    return this.stepNodeInto(draftOf(world), node, input);
  }

  /**
   * `stepNode` on a fresh world that only this step holds (a delivery's, a client's): finished in
   * place, not copied again; so is `ownedInFlight`, the draft's in-flight list when this step made it.
   */
  private stepNodeInto(
    draft: Draft,
    node: NodeId,
    input: NodeInput<unknown, unknown>,
    ownedInFlight: InFlightMessage<unknown>[] | null = null,
  ): Draft {
    const slot = draft.nodes[node];
    const context = this.contexts[node];
    if (!slot?.up || !context) assert(false, `stepping node ${node} which is not up`);
    if (this.record.actingNode === null) this.record.actingNode = node;
    let result: ReturnType<AnyProtocol['step']>;
    try {
      result = this.protocol.step(context, slot.state, input);
    } catch (thrown) {
      throw new ModelCallError(this.stepWhere(node, input), thrown);
    }
    // The hot path: two cheap tests, and the message only built when one fails.
    if (typeof result !== 'object' || result === null || !Array.isArray(result.actions) || result.state === undefined) {
      throw new ModelMisuseError(
        this.stepWhere(node, input),
        `returned ${stepResultText(result)}: expected { state, actions } (actions: [] when there are none)`,
      );
    }
    // A step that kept the node's state (an ignored message, a refused request) keeps the node
    // list too: ghost observers and checks that compare lists by identity then skip the step.
    if (result.state !== slot.state) {
      draft.nodes = draft.nodes.with(node, { up: slot.up, state: result.state, durableAfterCrash: slot.durableAfterCrash, restarts: slot.restarts });
    }
    if (result.actions.length > 0) this.carryOutInto(draft, node, input, result.actions, ownedInFlight);
    return draft;
  }

  /** Which step of the model `node` took, for messages: `node 2's step on receive RequestVote from 0`. */
  private stepWhere(node: NodeId, input: NodeInput<unknown, unknown>): string {
    return `node ${node}'s step on ${this.describeInput(input)}`;
  }

  /** Carries out a node's actions on a fresh world: messages into the network, replies into the history. */
  private carryOutInto(
    draft: Draft,
    node: NodeId,
    input: NodeInput<unknown, unknown>,
    actions: readonly NodeAction<unknown, unknown>[],
    ownedInFlight: InFlightMessage<unknown>[] | null,
  ): void {
    const network = draft.network;
    const owned = ownedInFlight !== null && network.inFlight === ownedInFlight ? ownedInFlight : null;
    let inFlight: InFlightMessage<unknown>[] | null = null;
    let nextMessageId = network.nextMessageId;
    const sentAtStep = draft.step;
    for (const action of actions) {
      switch (action?.kind) {
        case 'send': {
          if (!(Number.isInteger(action.to) && action.to >= 0 && action.to < this.nodeCount)) {
            const nodes = this.nodeCount === 1 ? 'node 0 (the only node)' : `a node id from 0 to ${this.nodeCount - 1}`;
            throw new ModelMisuseError(this.stepWhere(node, input), `sent a message to node ${valueText(action.to)}: expected ${nodes}`);
          }
          const message: InFlightMessage<unknown> = {
            id: nextMessageId++,
            from: node,
            to: action.to,
            message: action.message,
            sentAtStep,
          };
          inFlight ??= owned ?? network.inFlight.slice();
          if (this.linkCut(network, node, action.to)) {
            if (this.recordTrace) this.record.dropped.push(this.describe(message));
          } else if (inFlight.length >= this.limits.inFlightMax) {
            if (this.recordTrace) this.record.dropped.push(this.describe(message));
          } else {
            inFlight.push(message);
            if (this.recordTrace) this.record.sent.push(this.describe(message));
          }
          break;
        }
        case 'reply': {
          const misuse = this.replyMisuse(draft, action.operationId, action.reply);
          if (misuse !== null) throw new ModelMisuseError(this.stepWhere(node, input), misuse);
          this.completeInto(draft, action.operationId, action.reply);
          break;
        }
        default:
          throw new ModelMisuseError(this.stepWhere(node, input), actionMisuse(action));
      }
    }
    if (inFlight !== null) draft.network = { inFlight, nextMessageId, partition: network.partition };
  }
}

/** A step's result that is not `{ state, actions }`, as its message shows it. */
function stepResultText(result: unknown): string {
  if (typeof result !== 'object' || result === null) return valueText(result);
  const fields = Object.keys(result);
  if (fields.length === 0) return 'an empty object';
  const actions = (result as { actions?: unknown }).actions;
  const what =
    !('state' in result) || (result as { state?: unknown }).state === undefined
      ? 'no state'
      : actions === undefined
        ? 'no actions'
        : `actions ${valueText(actions)}`;
  return `an object with field${fields.length === 1 ? '' : 's'} ${fields.join(', ')} (${what})`;
}

/** What is wrong with an action that is neither a send nor a reply. */
function actionMisuse(action: unknown): string {
  const expected = 'expected { kind: "send", to, message } or { kind: "reply", operationId, reply }';
  const kind = (action as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string') return `returned an action of kind ${JSON.stringify(kind)}: ${expected}`;
  return `returned the action ${valueText(action)}: ${expected}`;
}

/** Convenience: one run of a schedule. */
export function runSchedule(setup: RunSetup, schedule: Schedule, options: RunOptions = {}): RunResult {
  return new Simulator(setup, options).run(schedule, options.livenessPhase === false ? { livenessPhase: false } : {});
}
