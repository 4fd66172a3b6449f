/**
 * The contract between the simulator and a protocol model.
 *
 * A model is a set of pure functions over a node's state. The simulator owns everything else:
 * the network, crashes, partitions, clients and the history. Models never perform I/O and never
 * mutate their inputs, so a (config, schedule) pair always produces the same trace.
 */

/** Nodes are numbered 0..nodeCount-1. */
export type NodeId = number;

/**
 * Every node state keeps what survives a crash apart from what does not. The simulator hands
 * `crash` the whole state and keeps only what `crash` returns; `restart` rebuilds the rest.
 */
export interface NodeState<Durable = unknown, Volatile = unknown> {
  readonly durable: Durable;
  readonly volatile: Volatile;
}

/** A client's request as a node sees it. `operationId` increases per client, so it doubles as a sequence number for de-duplicating retries. */
export interface ClientRequest<Operation> {
  readonly operationId: number;
  readonly clientId: number;
  readonly operation: Operation;
}

/**
 * How an operation ended. `fail` means it certainly did not take effect (e.g. "not leader");
 * `unknown` means it may have (e.g. a timeout after the write was appended): the history keeps
 * such operations as indeterminate.
 */
export type ClientReply<Output> =
  | { readonly outcome: 'ok'; readonly output: Output }
  | { readonly outcome: 'fail'; readonly error: string }
  | { readonly outcome: 'unknown'; readonly error: string };

export type NodeInput<Message, Operation> =
  | { readonly kind: 'tick' }
  | { readonly kind: 'receive'; readonly from: NodeId; readonly message: Message }
  | { readonly kind: 'client'; readonly request: ClientRequest<Operation> }
  /** Only with FIFO links: the connection to `peer` was torn down (partition, drop, crash), as TCP would report. */
  | { readonly kind: 'disconnect'; readonly peer: NodeId };

export type NodeAction<Message, Output> =
  | { readonly kind: 'send'; readonly to: NodeId; readonly message: Message }
  | { readonly kind: 'reply'; readonly operationId: number; readonly reply: ClientReply<Output> };

export interface StepResult<State, Message, Output> {
  readonly state: State;
  readonly actions: readonly NodeAction<Message, Output>[];
}

/** What a model's functions know about where they run. */
export interface NodeContext<Config, Rules = unknown> {
  readonly config: Config;
  /** The variant's name, for messages; models read `rules`, never compare names. */
  readonly variant: string;
  /** The rules of the variant being run (see `VariantSpec.rules` in `protocol.ts`): typed, resolved once. */
  readonly rules: Rules;
  readonly node: NodeId;
  readonly nodeCount: number;
}

/** One `--set` key: what it means, in one sentence; for enumerated values, the choices. */
export interface SettingDescription {
  readonly meaning: string;
  readonly choices?: readonly string[];
}

/** A sentence for every key of a protocol's config. */
export type SettingsDescription<Config> = { readonly [Key in keyof Config & string]: SettingDescription };

/** A bug variant (or `correct`) of a protocol. */
export interface VariantDescription {
  readonly name: string;
  /** One or two sentences in the words of the system's operators: what goes wrong and why. */
  readonly description: string;
  /** The property a hunt is expected to break, for bug variants; absent for `correct`. */
  readonly expectedViolation?: string;
  /** Config overrides that make this variant meaningful (e.g. acks=1 for Kafka's `acks-1`). */
  readonly configOverrides?: Readonly<Record<string, unknown>>;
  /** Schedule profile overrides, e.g. allow power-loss crashes. */
  readonly scheduleOverrides?: Partial<ScheduleProfile>;
  /**
   * True for a "variant" that is the correct protocol under faults it does not promise to survive
   * (e.g. Kafka's last replica standing after a power loss): a documented limitation, not a bug.
   * Its counterexamples are expected to break the correct model too.
   */
  readonly knownLimitation?: boolean;
}

/** How much of each event kind a generated schedule contains, relative weights (0 disables). */
export interface EventWeights {
  readonly deliver: number;
  readonly drop: number;
  readonly duplicate: number;
  readonly tick: number;
  readonly crash: number;
  readonly restart: number;
  readonly partition: number;
  readonly heal: number;
  readonly client: number;
}

export interface ScheduleProfile {
  readonly weights: EventWeights;
  /** Generated schedules have at most this many events. */
  readonly eventsMax: number;
  /** Fraction of crashes that lose unflushed data (power loss), 0..1. */
  readonly powerLossFraction: number;
  /** Draw event weights per run (swarm testing) instead of using `weights` as is. */
  readonly swarm: boolean;
  /**
   * How schedules are searched: `random` generates each schedule whole with fast-check; `guided`
   * keeps prefixes that reach new situations and extends them (`src/hunt/guided.ts`), for bugs
   * that need several milestones in a row; `mixed` (the default) alternates random and guided
   * chunks (`src/hunt/hunt.ts`).
   */
  readonly strategy?: HuntStrategy;
}

export type HuntStrategy = 'random' | 'guided' | 'mixed';
export const huntStrategies: readonly HuntStrategy[] = ['mixed', 'random', 'guided'];

/** Read-only view of a world handed to properties and observers. */
export interface WorldView<Config, State, Message, Operation, Output, Ghost> {
  readonly config: Config;
  readonly variant: string;
  /** Steps applied so far: after the step with index i (as in traces and violations), this is i + 1. */
  readonly step: number;
  /**
   * The index of the liveness phase's first step (its heal, a restart or its first round), absent
   * during the safety phase. From it on the network is healed, every node is up, and nothing is
   * lost (but by a full network), duplicated or reordered on a link, so a property can bound what
   * happens after healing (the schedule itself may end healed: its last events say nothing).
   */
  readonly livenessFromStep?: number;
  readonly nodes: readonly NodeSlot<State>[];
  readonly network: NetworkState<Message>;
  readonly history: readonly HistoryEntry<Operation, Output>[];
  readonly ghost: Ghost;
}

export interface NodeSlot<State> {
  readonly up: boolean;
  /** The live state; for a down node, the state it had when it crashed (for display only). */
  readonly state: State;
  /** What survived the last crash; meaningful while `up` is false. */
  readonly durableAfterCrash: unknown;
  readonly restarts: number;
}

export interface InFlightMessage<Message> {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly message: Message;
  readonly sentAtStep: number;
}

export interface NetworkState<Message> {
  readonly inFlight: readonly InFlightMessage<Message>[];
  readonly nextMessageId: number;
  /** Group label per node; nodes with different labels cannot exchange messages. Null when healed. */
  readonly partition: readonly number[] | null;
}

/** One client operation, from invocation to completion (or never). */
export interface HistoryEntry<Operation, Output> {
  readonly operationId: number;
  readonly clientId: number;
  readonly operation: Operation;
  /** The node the client first sent it to. */
  readonly node: NodeId;
  /** Logical time of invocation: a counter that ticks at every invocation and completion. */
  readonly invokedAt: number;
  readonly completedAt: number | null;
  readonly reply: ClientReply<Output> | null;
  /**
   * How many times the client sent it (retries included). A `fail` reply to a retry is recorded
   * as `unknown`: an earlier attempt went unanswered and may have taken effect.
   */
  readonly attempts: number;
  /** Step (event index) at which it was invoked and completed, for transcripts. */
  readonly invokedAtStep: number;
  readonly completedAtStep: number | null;
  /** Set on the liveness phase's progress probe: which of `LivenessPlan.progressProbe`'s operations this is. */
  readonly probe?: number;
}

/**
 * What a run found. `property`: a property's check returned a sentence. `exception`: the model (or
 * one of its properties, or its ghost observer) threw; an exception is a finding like any other,
 * never silence, and carries the reserved property name `no-exception`.
 */
export type FindingKind = 'property' | 'exception';

/** The reserved property name of a run that ended because the model threw. */
export const exceptionProperty = 'no-exception';

/** A broken property: a value, with the step where it happened. */
export interface Violation {
  readonly kind: FindingKind;
  readonly property: string;
  readonly message: string;
  /** Index of the step after which the property was found broken (schedule events first, then liveness steps). */
  readonly step: number;
  readonly phase: 'safety' | 'liveness' | 'end';
  /** For broken properties: whether it is a safety property or a liveness one (the cluster did not recover). */
  readonly category?: PropertyCategory;
  /** For exceptions: the top stack frames, for the person debugging the model (not part of the verdict). */
  readonly stack?: string;
}

/**
 * When a property is checked: `every-step` after each step (god's-eye invariants), also in both
 * liveness phases; `end` once after the liveness phase, which healed the network and restarted
 * every node (durability, linearizability, liveness); `degraded-end` in the degraded phase
 * (`LivenessPlan.degraded`), with crashed nodes left down: after its opening and after each of its
 * rounds, holding as soon as every such property holds at once, broken when they still do not
 * after its last round (does the cluster recover *without* the nodes it lost?).
 */
export const propertyWhens = ['every-step', 'end', 'degraded-end'] as const;
export type PropertyWhen = (typeof propertyWhens)[number];

/**
 * A property's check as a protocol declares it (its name is its key in `ProtocolDefinition.properties`).
 * `when` says where it runs (see `PropertyWhen`). `check` returns null when the
 * property holds, or the sentence that explains the break; it is given its own name, so one
 * function can serve several properties (e.g. reading the breaks a ghost observer recorded).
 */
export interface PropertyCheck<Config, State, Message, Operation, Output, Ghost, Name extends string = string> {
  readonly when: PropertyWhen;
  /**
   * `safety`: nothing bad ever happens (a break is a finite trace that can be shown). `liveness`:
   * something good eventually happens; faultline checks it as "within the bounded liveness phase
   * after healing and restarting everything", so a break reads "did not recover". Default: safety.
   */
  readonly category?: PropertyCategory;
  readonly description: string;
  readonly check: (view: WorldView<Config, State, Message, Operation, Output, Ghost>, name: Name) => string | null;
}

export const propertyCategories = ['safety', 'liveness'] as const;
export type PropertyCategory = (typeof propertyCategories)[number];

/** The liveness phase after healing and restarting every node (bounded: `roundsMax` rounds). */
export interface LivenessPlan<Operation = unknown> {
  /** Rounds at most; each delivers what is in flight and ticks every node once. */
  readonly roundsMax: number;
  /** A pending operation is retried at the next node every this many rounds. */
  readonly retryEveryRounds: number;
  /**
   * Operations client 0 issues once the cluster is quiet and every other end property held, one
   * after the other, each retried at the next node until it succeeds (at most `roundsMax` rounds
   * each). A model that refuses or drops every request passes every safety property; this is what
   * `makesProgress` (src/core/properties.ts) checks. Absent: no probe.
   */
  readonly progressProbe?: readonly Operation[];
  /**
   * The degraded phase, for protocols that promise to recover while some nodes stay dead (a
   * failure detector, a leader moving off a dead node): absent, none, and runs are as without it.
   * It runs only when the liveness phase and every `end` property passed and some node the plan
   * keeps down is down when the schedule ends; it starts again from the schedule's last world (a
   * side run), heals the network, restarts the other down nodes, then delivers what is in flight
   * and ticks every live node in rounds, checking `every-step` properties after each step and the
   * `degraded-end` ones after the opening and each round. When it breaks nothing, the run's
   * result, world and trace are the liveness phase's, unchanged; when it does, they are its own.
   */
  readonly degraded?: DegradedPlan;
}

/** The degraded phase of `LivenessPlan`: which crashed nodes stay down, and for how long at most. */
export interface DegradedPlan {
  /** Rounds at most; each delivers what is in flight and ticks every live node once. */
  readonly roundsMax: number;
  /**
   * Of the nodes down when the schedule ends (ascending), those that stay down; the others restart.
   * Keep down only failures the protocol promises to survive (a minority, the data nodes but not
   * the coordination service...). Empty: no degraded phase for this run. Pure.
   */
  stayDown(down: readonly NodeId[]): readonly NodeId[];
}

/** A resolved property, as the simulator, the hunt and the CLI read it. */
export interface PropertyDefinition<Config, State, Message, Operation, Output, Ghost> {
  readonly name: string;
  readonly description: string;
  readonly when: PropertyWhen;
  readonly category: PropertyCategory;
  readonly check: (view: WorldView<Config, State, Message, Operation, Output, Ghost>) => string | null;
}

/**
 * A "sometimes" goal (coverage): an interesting situation a hunt should reach now and then, such
 * as a leader change or a log truncation. A property that only ever sees the happy path proves
 * nothing, so the hunt counts how many runs reach each goal and a test fails if one never is.
 * `reached` compares the world before and after one step; keep it cheap.
 */
export interface SometimesDefinition<Config, State, Message, Operation, Output, Ghost> {
  readonly name: string;
  readonly description: string;
  readonly reached: (
    previous: WorldView<Config, State, Message, Operation, Output, Ghost>,
    next: WorldView<Config, State, Message, Operation, Output, Ghost>,
  ) => boolean;
}

/**
 * Node symmetry, for exhaustive exploration (`faultline explore`): nodes that play exactly the same
 * part (e.g. the backups of primary-backup, or every node of a Raft cluster) make worlds that
 * differ only by which node is which equivalent, so the search expands one of them. A rename maps
 * each node id to another within its group; every function applies it to every node id the value
 * mentions and re-indexes every per-node array (`renamed[rename(n)] = original[n]`). Declare it
 * only if the model's behaviour depends on node ids through those values alone (note that the
 * simulator derives a restarted node's random seed from its id, so a model whose restart draws
 * random numbers is only approximately symmetric).
 */
export interface NodeSymmetry<Config, State extends NodeState, Message, Ghost> {
  /** Groups of interchangeable nodes; nodes in no group are never renamed. */
  interchangeableNodes(config: Config): readonly (readonly NodeId[])[];
  renameState(state: State, rename: (node: NodeId) => NodeId, config: Config): State;
  /** For what survived a crash (a down node's `durableAfterCrash`). */
  renameDurable(durable: State['durable'], rename: (node: NodeId) => NodeId, config: Config): State['durable'];
  renameMessage(message: Message, rename: (node: NodeId) => NodeId, config: Config): Message;
  /** Omit only if the ghost never mentions a node id. */
  renameGhost?(ghost: Ghost, rename: (node: NodeId) => NodeId, config: Config): Ghost;
}

/**
 * One "distance to a violation" measure (cf. libFuzzer's value profile): a small number >= 0 read
 * off a world (pure) that grows as it nears a known way to break a property, e.g. how far a Kafka
 * leader's high watermark lags the start of its epoch. Saturate what grows without bound.
 */
export interface PressureMeasure<View> {
  readonly name: string;
  measure(view: View): number;
  /**
   * Also read in the liveness phase's opening (the guided search's `settlePercent`: heal, restarts,
   * a few rounds, played on the side from a run's last world), for measures whose top rungs are
   * reached only after a heal (Kafka's KIP-320 ladder). Absent: schedule worlds only.
   */
  readonly afterHeal?: boolean;
}

/**
 * History variables (as in TLA+): protocol-specific facts remembered across steps, such as
 * "who was leader in which term", so that step properties can compare past and present.
 */
export interface GhostObserver<Config, State, Message, Operation, Output, Ghost> {
  init(config: Config, nodeCount: number): Ghost;
  observe(ghost: Ghost, view: WorldView<Config, State, Message, Operation, Output, Ghost>): Ghost;
}

/**
 * A protocol model. Type parameters: `Config` (its knobs, including the node count),
 * `State` (a node's state), `Message` (one tagged union), `Operation`/`Output` (client workload),
 * `Ghost` (history variables for properties).
 */
export interface Protocol<Config, State extends NodeState, Message, Operation, Output, Ghost = null, Rules = unknown> {
  readonly name: string;
  readonly description: string;
  readonly variants: readonly VariantDescription[];
  readonly properties: readonly PropertyDefinition<Config, State, Message, Operation, Output, Ghost>[];
  /** Coverage goals the hunt reports on (see `SometimesDefinition`). */
  readonly sometimes?: readonly SometimesDefinition<Config, State, Message, Operation, Output, Ghost>[];

  /** What each `--set` key means (see `describeSettings`). */
  readonly settings: SettingsDescription<Config>;
  /** Per setting key, the values a hunt's run may draw (the setting swarm; see `SettingsSpec.swarm` in protocol.ts). */
  readonly settingSwarm?: Readonly<Record<string, readonly unknown[]>>;
  /** Per setting key and value (as text), why the correct protocol does not promise to survive it (see `SettingsSpec.unpromised`). */
  readonly unpromisedSettings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  defaultConfig(): Config;
  /** Applies `--set key=value` style overrides; returns an error sentence for unknown keys or bad values. */
  configure(base: Config, overrides: Readonly<Record<string, unknown>>): Config | { error: string };
  /** Rejects invalid configs with the message the real system's users would recognise. */
  validateConfig(config: Config): string | null;
  nodeCount(config: Config): number;
  /** Clients the workload uses (each has at most one operation outstanding, like a Jepsen process). */
  clientCount(config: Config): number;
  /** Whether links are FIFO connections (ZAB) or a datagram network that may reorder (default). */
  fifoLinks(config: Config): boolean;
  /** The default schedule profile for hunts. */
  scheduleProfile(config: Config): ScheduleProfile;
  /** How the liveness phase runs: its rounds, how often it retries, and the progress probe. */
  liveness(config: Config): LivenessPlan<Operation>;
  /** The config whose timers the liveness phase's rounds were tuned for (see `HuntSpec.livenessTunedFor`); slower timers lengthen it. */
  livenessTunedFor(config: Config): Config;

  /** The rules a variant runs with, resolved once per simulator into every node's context. */
  rules(variant: string): Rules;
  init(context: NodeContext<Config, Rules>, randomSeed: number): State;
  step(context: NodeContext<Config, Rules>, state: State, input: NodeInput<Message, Operation>): StepResult<State, Message, Output>;
  /** What survives a crash. A power-loss crash (`loseUnflushed`) also drops what was written but not flushed. */
  crash(context: NodeContext<Config, Rules>, state: State, options: { readonly loseUnflushed: boolean }): State['durable'];
  restart(context: NodeContext<Config, Rules>, durable: State['durable'], randomSeed: number): State;
  /** True once the cluster has settled after healing, so the liveness phase may stop early. */
  settled?(view: WorldView<Config, State, Message, Operation, Output, Ghost>): boolean;
  /** Interchangeable nodes, for symmetry reduction in exhaustive exploration; absent means none. */
  readonly symmetry?: NodeSymmetry<Config, State, Message, Ghost>;
  /**
   * True for an operation that makes a property compare history entries' completion steps
   * (`completedAtStep`) with step numbers the ghost records (ZAB: a sync read, answered before or
   * after a later epoch began; a watch registration, and the client's reads after it, against
   * the watch events). While a world's history holds such an operation, exploration's state key
   * holds every entry's completion step; otherwise it leaves the history's step numbers out, so
   * that worlds apart only in when things happened are one world.
   */
  historyStepsCompared?(operation: Operation): boolean;
  /**
   * A coarse summary of a world for guided hunting (`src/hunt/guided.ts`): two worlds with the
   * same fingerprint count as the same situation, and a schedule that reaches a new one is kept and
   * extended later. Leave out what grows without bound (terms, epochs, offsets) and keep how nodes
   * relate (who leads, who is behind, who is in the ISR), so the number of fingerprints stays small
   * and a new one means a new story. Absent: a generic one from `summarizeState` with numbers blurred.
   */
  readonly fingerprint?: (view: WorldView<Config, State, Message, Operation, Output, Ghost>) => string;
  /**
   * Pressure measures for guided hunting (see `PressureMeasure`): numbers that grow as a world nears
   * a violation. The guided search keeps a prefix that reaches a new maximum of one and continues
   * from such prefixes in a share of its runs. Absent: none, and the search is as without them.
   */
  readonly pressure?: readonly PressureMeasure<WorldView<Config, State, Message, Operation, Output, Ghost>>[];

  readonly ghost: GhostObserver<Config, State, Message, Operation, Output, Ghost>;

  /** The client workload as fast-check arbitraries' inputs: see `src/hunt/arbitraries.ts`. */
  readonly workload: WorkloadDescription<Config, Operation>;

  describeMessage(message: Message): string;
  describeOperation(operation: Operation): string;
  describeOutput(output: Output): string;
  /** A few labelled fields of a node's state (role, term, log, commit, ISR...), for transcripts that show only what changed. */
  summarizeState(state: State, config: Config): Readonly<Record<string, string>>;
  /** Parses an operation written in scenario files, e.g. `write 3` or `put x 1`. */
  parseOperation(text: string): Operation | { error: string };
}

/**
 * A workload: a list of operation shapes, each a function from a few small integers (drawn and
 * shrunk by fast-check) to an operation. Keeping protocols free of fast-check keeps them pure data.
 */
export interface WorkloadDescription<Config, Operation> {
  /** How many integer parameters each operation draws, and their range [0, parameterMax]. */
  readonly parameterCount: number;
  readonly parameterMax: number;
  /** Builds an operation from a kind index (modulo the kinds available) and parameters. */
  build(config: Config, kind: number, parameters: readonly number[]): Operation;
  readonly kindCount: number;
  /**
   * Why an operation written by hand (a scenario's client line, an artifact's event) cannot be one
   * of this workload under `config`: it names a partition or a server that does not exist there, or
   * needs a setting that is off. Null when it fits. Absent: every operation `parseOperation` reads
   * fits every config. Scenarios and artifacts holding one are refused (`faultline replay`, exit 2).
   */
  validate?(config: Config, operation: Operation): string | null;
}

/** Any protocol, for registries and the CLI. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any, any, any, any, any>;
