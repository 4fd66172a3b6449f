/**
 * Declaring a protocol: `defineProtocol` takes what only the protocol can say and fills in the
 * rest with defaults, as Porcupine fills in its Model's. The result is the `Protocol` the simulator,
 * the hunt, the CLI and the study tools read.
 *
 * A definition has four parts:
 * - the model (`model`: init, step, crash, restart) and its types (`ProtocolTypes`);
 * - what it promises (`properties`, one record keyed by property name) and its known bugs
 *   (`variants`, one record keyed by variant name, each naming the property it `breaks` and the
 *   `rules` it changes, so a misspelt name does not compile and model code reads typed rules);
 * - its settings (`settings`: defaults, a `{ meaning }` per `--set` key, validation) and workload;
 * - optional search aids (`hunt`) and presentation (`presentation`), with defaults.
 * See `src/protocols/primary-backup/index.ts` for a small complete example and docs/extending.md.
 */
import { definitionProblem } from './definition-shape.ts';
import { checksRecordedByGhost, endChecksProvenAfterProbe, recordedByGhost } from './properties.ts';
import { configureFromSettings, timescaleOf, timescaleProblem } from './settings.ts';
import type {
  GhostObserver,
  LivenessPlan,
  NodeContext,
  NodeInput,
  NodeState,
  NodeSymmetry,
  PressureMeasure,
  PropertyCheck,
  Protocol,
  ScheduleProfile,
  SettingsDescription,
  SometimesDefinition,
  StepResult,
  VariantDescription,
  WorkloadDescription,
  WorldView,
} from './types.ts';
import { exceptionProperty } from './types.ts';

/** The types a protocol is made of, named once so every part of its definition agrees on them. */
export interface ProtocolTypes {
  readonly config: object;
  readonly state: NodeState;
  readonly message: unknown;
  readonly operation: unknown;
  readonly output: unknown;
  /** History variables for properties (see `GhostObserver`); `null` when there are none. */
  readonly ghost: unknown;
  /** The variant names, `'correct'` included: a string-literal union. */
  readonly variant: string;
  /** The property names: a string-literal union. */
  readonly property: string;
  /** The rules a variant may change, read by the model as `context.rules` (see `variants`). */
  readonly rules: object;
}

export type ContextOf<T extends ProtocolTypes> = NodeContext<T['config'], T['rules']>;
export type ViewOf<T extends ProtocolTypes> = WorldView<T['config'], T['state'], T['message'], T['operation'], T['output'], T['ghost']>;

/** The pure functions of a node: see `Protocol` in `types.ts` for their contract. */
export interface ModelFunctions<T extends ProtocolTypes> {
  init(context: ContextOf<T>, randomSeed: number): T['state'];
  step(context: ContextOf<T>, state: T['state'], input: NodeInput<T['message'], T['operation']>): StepResult<T['state'], T['message'], T['output']>;
  /**
   * What survives a crash; a power loss (`loseUnflushed`) also drops what was written but not
   * flushed. Default: `state.durable` (everything durable is flushed before the step that wrote it ends).
   */
  crash?(context: ContextOf<T>, state: T['state'], options: { readonly loseUnflushed: boolean }): T['state']['durable'];
  restart(context: ContextOf<T>, durable: T['state']['durable'], randomSeed: number): T['state'];
}

/** A property, declared once where it is checked (see `PropertyCheck`). Its name is its key in `properties`. */
export type PropertySpec<T extends ProtocolTypes> = PropertyCheck<
  T['config'],
  T['state'],
  T['message'],
  T['operation'],
  T['output'],
  T['ghost'],
  T['property']
>;

/** A variant: the correct protocol, or a known bug that changes some of its rules. */
export interface VariantSpec<T extends ProtocolTypes> {
  /** One or two sentences in the words of the system's operators: what goes wrong and why. */
  readonly description: string;
  /** The property a hunt is expected to break (absent for `correct` and for variants that break nothing by design). */
  readonly breaks?: T['property'];
  /** The rules this variant changes from `correctRules`: the bug itself. */
  readonly rules?: Partial<T['rules']>;
  /** Settings that make the variant meaningful (e.g. acks=1 for Kafka's `acks-1`). */
  readonly settings?: Partial<T['config']>;
  /** Schedule profile overrides (e.g. power loss, a guided strategy). */
  readonly schedule?: Partial<ScheduleProfile>;
  /** The correct protocol under faults it does not promise to survive: a documented limitation, not a bug. */
  readonly knownLimitation?: boolean;
}

export interface SettingsSpec<T extends ProtocolTypes> {
  readonly defaults: T['config'];
  /** Per key of `defaults`, `{ meaning: 'one sentence', choices? }`: `faultline list` and every `--set` error quote the sentence. */
  readonly meaning: SettingsDescription<T['config']>;
  /** Rejects what the real system would reject, in its words; null when valid. */
  validate?(config: T['config']): string | null;
  /** Rewrites raw `--set` values before they are checked (e.g. Kafka's `acks=-1`); default: none. */
  normalize?(overrides: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
  /**
   * The setting swarm: per key, the values a hunt's run may draw (each run draws one per key, see
   * `src/hunt/swarm.ts`), so a bug in a non-default path (another read mode, PreVote off or on) is
   * found by the default hunt. List the hunt's own value too, and only values the correct
   * protocol promises to survive (never one named in `unpromised`). A key the user sets with
   * `--set`, or a bug variant declares in its `settings`, is pinned and never drawn. Keep out keys
   * that change how many nodes or clients there are: a schedule's events name them.
   */
  readonly swarm?: { readonly [Key in keyof T['config']]?: readonly T['config'][Key][] };
  /**
   * Values the correct protocol does not promise to survive, per key and value (as `--set` writes
   * it), each with the reason: demonstrations of a documented risk (Kafka's acks=1), not modes to
   * hunt. The swarm never draws them and the test suite never hunts the correct model with them.
   */
  readonly unpromised?: { readonly [Key in keyof T['config']]?: Readonly<Record<string, string>> };
}

/** What the hunt and the explorer need beyond the model; every member has a default. */
export interface HuntSpec<T extends ProtocolTypes> {
  /** Default: `config.nodeCount`. */
  nodeCount?(config: T['config']): number;
  /** Default: `config.clientCount`, or 1. */
  clientCount?(config: T['config']): number;
  /** Whether links are FIFO connections (TCP) rather than datagrams that may reorder. Default: false. */
  fifoLinks?(config: T['config']): boolean;
  /** Default: `defaultProfile` of `src/protocols/shared.ts`. */
  profile?(config: T['config']): ScheduleProfile;
  /** Default: 40 rounds, retrying pending operations every 5, no progress probe. */
  liveness?(config: T['config']): LivenessPlan<T['operation']>;
  /**
   * The timer settings (`...Ticks`) the liveness plan's rounds were tuned for, where they are not
   * the defaults: a timer longer than these lengthens the phase by the same factor (`timescaleOf`).
   * Kafka's hunts compress its timers (a leader-imbalance check every 8 ticks, not 100), and a
   * phase tuned for 8 blamed the correct model at 100, the documented default. Default: the
   * settings' defaults.
   */
  livenessTunedFor?(config: T['config']): Partial<T['config']>;
  /** True once the cluster has settled after healing, so the liveness phase may stop early. Default: when no operation is pending. */
  settled?(view: ViewOf<T>): boolean;
  /** Coverage goals the hunt counts (a leader change, a truncation). Default: none. */
  readonly sometimes?: readonly SometimesDefinition<T['config'], T['state'], T['message'], T['operation'], T['output'], T['ghost']>[];
  readonly symmetry?: NodeSymmetry<T['config'], T['state'], T['message'], T['ghost']>;
  /** Operations that make a property compare completion steps with steps the ghost records (see `Protocol.historyStepsCompared`). Default: none. */
  historyStepsCompared?(operation: T['operation']): boolean;
  /** A coarse name for the situation a world is in, for guided search (see `Protocol.fingerprint`). */
  fingerprint?(view: ViewOf<T>): string;
  /** Distance-to-a-violation measures for guided search (see `Protocol.pressure`). Default: none. */
  readonly pressure?: readonly PressureMeasure<ViewOf<T>>[];
}

/** How a protocol's values read in transcripts and scenario files; every member has a default. */
export type PresentationSpec<T extends ProtocolTypes> = PresentationDescriptions<T> & OperationText<T['operation']>;

interface PresentationDescriptions<T extends ProtocolTypes> {
  /** Default: compact JSON. */
  describeMessage?(message: T['message']): string;
  /** Default: compact JSON. */
  describeOutput?(output: T['output']): string;
  /** A few labelled fields of a node's state for transcripts. Default: every top-level field of `durable` and `volatile`, as compact JSON. */
  summarizeState?(state: T['state'], config: T['config']): Readonly<Record<string, string>>;
}

/**
 * How an operation is written in transcripts, scenario files and artifacts: both members or
 * neither (compact JSON both ways). Why a pair: an artifact or scenario is read back through
 * `parseOperation(describeOperation(operation))`, so a description of your own that the default
 * JSON parser cannot read would make every counterexample a hunt saves unreplayable.
 */
type OperationText<Operation> =
  | { readonly describeOperation?: undefined; readonly parseOperation?: undefined }
  | {
      /** The operation as a scenario line writes it, e.g. `write 3`. */
      describeOperation(operation: Operation): string;
      /** Reads what `describeOperation` wrote back into an equal operation (a scenario file's operations too). */
      parseOperation(text: string): Operation | { error: string };
    };

/** `correctRules` may be left out only by a protocol whose variants change no rules (`rules: {}`). */
type RulesPart<T extends ProtocolTypes> = object extends T['rules']
  ? { /** The rules of the correct protocol; each variant's `rules` change some of them. */ readonly correctRules?: T['rules'] }
  : { /** The rules of the correct protocol; each variant's `rules` change some of them. */ readonly correctRules: T['rules'] };

export type ProtocolDefinition<T extends ProtocolTypes> = ProtocolParts<T> & RulesPart<T>;

interface ProtocolParts<T extends ProtocolTypes> {
  readonly name: string;
  readonly description: string;
  readonly model: ModelFunctions<T>;
  /** Every variant, `correct` first; keys are the names. */
  readonly variants: { readonly [Name in T['variant']]: VariantSpec<T> };
  /** Every property; keys are the names, in the order they are checked. */
  readonly properties: { readonly [Name in T['property']]: PropertySpec<T> };
  readonly settings: SettingsSpec<T>;
  readonly workload: WorkloadDescription<T['config'], T['operation']>;
  /** History variables for properties; default: none (`null`). */
  readonly ghost?: GhostObserver<T['config'], T['state'], T['message'], T['operation'], T['output'], T['ghost']>;
  readonly hunt?: HuntSpec<T>;
  readonly presentation?: PresentationSpec<T>;
}

/** A balanced mix of network activity, time, crashes, partitions and client load: the default schedule profile. */
export const defaultProfile: ScheduleProfile = {
  weights: { deliver: 30, drop: 3, duplicate: 3, tick: 20, crash: 3, restart: 4, partition: 2, heal: 2, client: 12 },
  eventsMax: 60,
  powerLossFraction: 0,
  swarm: true,
};

/** The resolved protocol a definition makes. */
export type ProtocolOf<T extends ProtocolTypes> = Protocol<
  T['config'],
  T['state'],
  T['message'],
  T['operation'],
  T['output'],
  T['ghost'],
  T['rules']
>;

function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function defaultSummary(state: NodeState): Readonly<Record<string, string>> {
  const summary: Record<string, string> = {};
  for (const part of [state.durable, state.volatile]) {
    if (typeof part !== 'object' || part === null) continue;
    for (const [field, value] of Object.entries(part)) summary[field] = compactJson(value);
  }
  return summary;
}

function numberField(config: object, field: string): number | undefined {
  const value = (config as Record<string, unknown>)[field];
  return typeof value === 'number' ? value : undefined;
}

/** A liveness plan with its rounds (and its degraded phase's) multiplied by the configuration's timescale (`timescaleOf`). */
function scaledLiveness<Operation>(plan: LivenessPlan<Operation>, scale: number): LivenessPlan<Operation> {
  if (scale <= 1) return plan;
  return {
    ...plan,
    roundsMax: plan.roundsMax * scale,
    ...(plan.degraded !== undefined ? { degraded: { ...plan.degraded, roundsMax: plan.degraded.roundsMax * scale } } : {}),
  };
}

/** The config the liveness phase's rounds were tuned for: the defaults, or what the definition says. */
function tunedForOf<T extends ProtocolTypes>(definition: ProtocolDefinition<T>): (config: T['config']) => T['config'] {
  const tunedFor = definition.hunt?.livenessTunedFor;
  const defaults = definition.settings.defaults;
  return tunedFor === undefined ? () => defaults : (config) => ({ ...defaults, ...tunedFor(config) });
}

const noGhost: GhostObserver<unknown, unknown, unknown, unknown, unknown, null> = { init: () => null, observe: (ghost) => ghost };

/**
 * Why a config's node or client count cannot be run, or null: every protocol's, since the hunt
 * draws node and client indices from them (zero crashed it inside fast-check), and a count far
 * beyond any cluster a story needs would make every run slow.
 */
function countProblem(what: 'nodeCount' | 'clientCount', count: unknown, derived: boolean): string | null {
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= countMax) return null;
  const source = derived ? ` (the protocol's hunt.${what}(config))` : '';
  return `${what} must be an integer from 1 to ${countMax}${source}, got ${String(count)}`;
}

/** The most nodes, or clients, a run may have. */
const countMax = 32;

/** `settings.validate`, with a throw read as a refusal that says so rather than a crash of faultline. */
function userValidation<Config>(validate: ((config: Config) => string | null) | undefined, config: Config): string | null {
  if (validate === undefined) return null;
  try {
    return validate(config);
  } catch (error) {
    return `the protocol's settings.validate threw (${error instanceof Error ? error.message : String(error)}) instead of returning a reason or null`;
  }
}

/**
 * Resolves a definition into the `Protocol` everything else reads, filling in the defaults. A
 * definition of the wrong shape (`definitionProblem`) throws, naming the protocol and the member:
 * a module of the user's own is refused when it loads, not halfway through a hunt.
 */
export function defineProtocol<T extends ProtocolTypes>(definition: ProtocolDefinition<T>): ProtocolOf<T> {
  const problem = definitionProblem(definition);
  if (problem !== null) {
    const name = (definition as { name?: unknown } | undefined)?.name;
    throw new Error(`protocol ${typeof name === 'string' && name !== '' ? name : '(unnamed)'}: ${problem}`);
  }
  const { model, settings, hunt = {}, presentation = {} } = definition;
  const variantEntries = Object.entries(definition.variants) as [T['variant'], VariantSpec<T>][];
  const livenessTunedFor = tunedForOf(definition);
  const variants: VariantDescription[] = variantEntries.map(([name, spec]) => ({
    name,
    description: spec.description,
    ...(spec.breaks !== undefined ? { expectedViolation: spec.breaks } : {}),
    ...(spec.settings !== undefined ? { configOverrides: spec.settings as Readonly<Record<string, unknown>> } : {}),
    ...(spec.schedule !== undefined ? { scheduleOverrides: spec.schedule } : {}),
    ...(spec.knownLimitation !== undefined ? { knownLimitation: spec.knownLimitation } : {}),
  }));
  const correctRules = (definition.correctRules ?? {}) as T['rules'];
  const rulesByVariant = new Map<string, T['rules']>(variantEntries.map(([name, spec]) => [name, Object.freeze({ ...correctRules, ...spec.rules })]));
  const propertyEntries = Object.entries(definition.properties) as [T['property'], PropertySpec<T>][];
  if ((presentation.describeOperation === undefined) !== (presentation.parseOperation === undefined)) {
    // Only a module outside the type checker gets here: the type asks for both or neither.
    throw new Error(
      `protocol ${definition.name}: presentation gives ${presentation.describeOperation === undefined ? 'parseOperation without describeOperation' : 'describeOperation without parseOperation'}; give both (parseOperation reads back what describeOperation writes, in scenario files and artifacts) or neither (JSON)`,
    );
  }
  const describeOperation = presentation.describeOperation ?? compactJson;
  const nodeCount = hunt.nodeCount ?? ((config: T['config']) => numberField(config, 'nodeCount') ?? 1);
  const clientCount = hunt.clientCount ?? ((config: T['config']) => numberField(config, 'clientCount') ?? 1);
  return {
    name: definition.name,
    description: definition.description,
    variants,
    properties: propertyEntries.map(([name, spec]) => {
      const check = (view: ViewOf<T>) => spec.check(view, name);
      if ((spec.check as unknown) === recordedByGhost) checksRecordedByGhost.add(check);
      const conclusive = endChecksProvenAfterProbe.get(spec.check);
      if (conclusive) endChecksProvenAfterProbe.set(check, (view: never) => conclusive(view, name as never));
      return { name, description: spec.description, when: spec.when, category: spec.category ?? 'safety', check };
    }),
    ...(hunt.sometimes !== undefined ? { sometimes: hunt.sometimes } : {}),
    settings: settings.meaning,
    ...(settings.swarm !== undefined ? { settingSwarm: settings.swarm as Readonly<Record<string, readonly unknown[]>> } : {}),
    ...(settings.unpromised !== undefined
      ? { unpromisedSettings: settings.unpromised as Readonly<Record<string, Readonly<Record<string, string>>>> }
      : {}),
    defaultConfig: () => settings.defaults,
    configure: (base, overrides) => configureFromSettings(base, settings.normalize ? settings.normalize(overrides) : overrides, settings.meaning),
    validateConfig: (config) =>
      userValidation(settings.validate, config) ??
      countProblem('nodeCount', nodeCount(config), hunt.nodeCount !== undefined) ??
      countProblem('clientCount', clientCount(config), hunt.clientCount !== undefined) ??
      timescaleProblem(config as object, settings.defaults as object),
    nodeCount,
    clientCount,
    fifoLinks: hunt.fifoLinks ?? (() => false),
    scheduleProfile: hunt.profile ?? (() => defaultProfile),
    liveness: (config) =>
      scaledLiveness(
        (hunt.liveness ?? (() => ({ roundsMax: 40, retryEveryRounds: 5 })))(config),
        timescaleOf(config as object, livenessTunedFor(config) as object),
      ),
    livenessTunedFor,
    rules: (variant) => rulesByVariant.get(variant) ?? correctRules,
    init: model.init,
    step: model.step,
    crash: model.crash ?? ((_context, state) => state.durable),
    restart: model.restart,
    ...(hunt.settled !== undefined ? { settled: hunt.settled } : {}),
    ...(hunt.symmetry !== undefined ? { symmetry: hunt.symmetry } : {}),
    ...(hunt.historyStepsCompared !== undefined ? { historyStepsCompared: hunt.historyStepsCompared } : {}),
    ...(hunt.fingerprint !== undefined ? { fingerprint: hunt.fingerprint } : {}),
    ...(hunt.pressure !== undefined ? { pressure: hunt.pressure } : {}),
    ghost: definition.ghost ?? (noGhost as unknown as GhostObserver<T['config'], T['state'], T['message'], T['operation'], T['output'], T['ghost']>),
    workload: definition.workload,
    describeMessage: presentation.describeMessage ?? compactJson,
    describeOperation,
    describeOutput: presentation.describeOutput ?? compactJson,
    summarizeState: presentation.summarizeState ?? defaultSummary,
    parseOperation:
      presentation.parseOperation ??
      ((text) => {
        try {
          return JSON.parse(text) as T['operation'];
        } catch {
          return {
            error: `expected an operation as JSON (e.g. ${describeOperation(definition.workload.build(settings.defaults, 0, []))}), got "${text}"`,
          };
        }
      }),
  };
}

/**
 * The names among `names` that are neither properties `protocol` declares nor `no-exception`, in
 * order (a choice of properties to check is refused for any). `no-exception`, every protocol's
 * (a model that throws is a finding), may be named: alone, it checks only that the model never
 * throws, the first thing to hunt for in a new model.
 */
export function undeclaredProperties(protocol: { readonly properties: readonly { readonly name: string }[] }, names: readonly string[]): string[] {
  return names.filter((name) => name !== exceptionProperty && !protocol.properties.some((property) => property.name === name));
}

/** Every name a choice of properties to check may give (`--property`, a `check` line): the protocol's own, then `no-exception`. */
export function checkableProperties(protocol: { readonly properties: readonly { readonly name: string }[] }): string[] {
  return [...protocol.properties.map((property) => property.name), exceptionProperty];
}
