/**
 * The hunts that judge a mutant: a mutant of a protocol's model is killed when a hunt of the
 * protocol's CORRECT variant finds a violation or an exception (`kind: 'exception'`), under any
 * of the protocol's mutation setups below. Shared by `npm run mutate` (Stryker runs
 * `correct-models.mutation.ts` against each mutant) and the soak's fixed sample of mutants.
 *
 * Every setup hunts as `faultline hunt` does, with the setting swarm drawing the protocol's
 * declared settings per run; the setups add what the swarm never draws (node counts, membership
 * changes, schedule profiles), because a mutant in code that only such a setup reaches cannot be
 * killed by a hunt that never gets there. Each setup must survive on the correct model:
 * `correct-models.mutation.ts` is also Stryker's dry run, which refuses to start otherwise.
 *
 * No shrinking: a mutant needs a verdict, not a minimal counterexample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Schedule } from '../../src/core/events.ts';
import { Simulator } from '../../src/core/simulator.ts';
import type { AnyProtocol, ScheduleProfile, Violation } from '../../src/core/types.ts';
import { replaySchedule, resolveSetup } from '../../src/hunt/hunt.ts';
import type { HuntSetup } from '../../src/hunt/types.ts';
import { huntScheduleArbitrary, setupFor, simulatorsFor } from '../../src/hunt/swarm.ts';
import { kafkaProfile } from '../../src/protocols/kafka/index.ts';
import { raftProfile } from '../../src/protocols/raft/index.ts';
import { findProtocol } from '../../src/protocols/registry.ts';
import { checkArtifactForProtocol, parseArtifact } from '../../src/study/artifact.ts';
import { positiveIntegerFromEnvironment } from '../environment-support.ts';

/** One hunt of a protocol's correct variant: settings and schedule-profile changes on top of the variant's own. */
export interface MutationSetup {
  /** Names the test, e.g. `5 servers`. */
  readonly label: string;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly schedule?: Partial<ScheduleProfile>;
  /**
   * Share of a mutant's run budget this setup gets (a replay setup's is 0). A protocol's shares add
   * up to 1, except Kafka's: its control-plane setups add 0.35 on top, runs that in effect only the
   * control-plane files get (Stryker runs only the setups that cover a mutant's line).
   */
  readonly runsShare: number;
  /** Replays fixed schedules instead of generating them (settings and schedule are then unused). */
  readonly replays?: MutationReplays;
  /** Hunts another protocol's correct variant, one that runs this protocol's code (settings and schedule are then unused). */
  readonly embedder?: MutationEmbedder;
  /**
   * Properties this setup does not check: those the setting values it pins break by design on the
   * correct model (values the protocol declares unpromised, `SettingsSpec.unpromised`, such as
   * Kafka's acks=1, or faults it does not promise to survive, such as a power loss of unflushed
   * records). Everything else those settings still promise is checked (no exception, epochs,
   * the epoch cache, answers, liveness after healing), so a mutant of code only they run can die.
   */
  readonly unpromisedProperties?: readonly string[];
}

/**
 * Another protocol that runs this one's step code: Kafka's KRaft control plane is the Raft
 * component (src/protocols/raft/component.ts) with a metadata log as its state machine. A mutant
 * of that code is a mutant of the embedder's correct variant too, and a hunt of it that breaks is
 * a kill like any other (docs/mutation.md): without it, code only KRaft calls (`leaderOf`, a
 * machine without client requesters) counts as uncovered in a Raft-only run.
 */
export interface MutationEmbedder {
  readonly protocol: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly schedule?: Partial<ScheduleProfile>;
}

/**
 * Fixed schedules replayed on the correct variant: the saved counterexamples (`*.json`, each found
 * on a bug variant, replayed with its config) and the schedules of hand-written scenarios (the
 * `*.json` that scripts/mutation-scenarios.ts writes next to each `*.scenario`, resolved on the
 * unmutated model: positions, taken modulo what is in flight, so a mutant that changes what is in
 * flight still meets the whole story). A counterexample tells a story the hunt needed hundreds of runs to find; a
 * mutant that brings the bug back into the correct model breaks the same story in one run.
 */
export interface MutationReplays {
  /**
   * Folders, from the repository root. `properties/mutation/retired` keeps counterexamples a model
   * change made the corpus replace (their stories still hold on the correct model, and killed mutants).
   */
  readonly folders: readonly string[];
  /** Each schedule is also replayed with each of these settings on top of its own (e.g. the other read mode). */
  readonly settingsVariations: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Per protocol, the setups in the order they are tried (the default first: it kills most). Each
 * other setup reaches code the default never runs, as the mutants that survived it showed
 * (docs/mutation.md); every one survives on the correct model.
 */
export const mutationSetups: Readonly<Record<string, readonly MutationSetup[]>> = {
  'primary-backup': [
    { label: 'default settings', runsShare: 0.6 },
    // The saved counterexamples and scenarios (a Replicate delayed across a whole recovery).
    {
      label: 'saved counterexamples and scenarios',
      replays: { folders: ['counterexamples/primary-backup', 'properties/mutation/scenarios'], settingsVariations: [] },
      runsShare: 0,
    },
    // Two nodes: one backup decides alone; a resend every tick retransmits into every schedule.
    { label: 'two nodes, resend every tick', settings: { nodeCount: 2, resendIntervalTicks: 1 }, runsShare: 0.2 },
    { label: 'five nodes', settings: { nodeCount: 5 }, runsShare: 0.2 },
  ],
  raft: [
    // The setting swarm draws read modes, PreVote, CheckQuorum, pipelining, window, entries per append and snapshots.
    { label: 'default settings', runsShare: 0.35 },
    // Stories the hunt rarely tells (a deposed ReadIndex leader's read, a commit of an old term, concurrent
    // configuration changes): the saved counterexamples, also in the other read mode, and scenarios.
    {
      label: 'saved counterexamples and scenarios',
      replays: {
        folders: ['counterexamples/raft', 'properties/mutation/retired', 'properties/mutation/scenarios'],
        settingsVariations: [{ readMode: 'read-index' }],
      },
      runsShare: 0,
    },
    // Five servers: matchIndex and commit counting over more followers (node counts are not drawn).
    { label: '5 servers, one entry per append', settings: { nodeCount: 5, entriesPerAppendMax: 1 }, runsShare: 0.1 },
    // The commit-old-term story: short timeouts, partitions instead of client load, many elections.
    {
      label: 'short election timeout, one entry per append, partitions',
      settings: { entriesPerAppendMax: 1, electionTimeoutTicksMax: 4 },
      schedule: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 0, duplicate: 0, tick: 45, crash: 0, restart: 0, partition: 10, heal: 3, client: 0 },
      },
      runsShare: 0.15,
    },
    // Adding and removing servers runs only with membership changes on (four servers: three voters and a
    // spare). A membership change is one client operation in six: twice the client load, as the
    // membership variants hunt, or a hundred runs append only a handful of changes (docs/mutation.md).
    // Election timeouts of 3 to 6 ticks, never the swarm's 3 to 4: in a two-voter configuration a
    // stale voter that cannot win times out first every term (it reset its timer a round before the
    // others, and one tick of spread is no more than a message's delay), so the liveness phase's
    // lockstep rounds livelock (seed 22, docs/protocols/raft.md "A known false alarm").
    {
      label: 'membership changes, 4 servers, twice the client load',
      settings: { membershipChanges: true, nodeCount: 4, electionTimeoutTicksMax: 6 },
      schedule: { weights: { ...raftProfile.weights, client: 16 } },
      runsShare: 0.2,
    },
    // Joint consensus (C_old,new, leaving it, replace-server) runs only in this mode.
    {
      label: 'joint consensus, 4 servers, twice the client load',
      settings: { membershipChanges: true, membershipChangeMode: 'joint', nodeCount: 4, electionTimeoutTicksMax: 6 },
      schedule: { weights: { ...raftProfile.weights, client: 16 } },
      runsShare: 0.15,
    },
    // The Raft component as Kafka's KRaft quorum runs it (its correct variant, four brokers, two
    // partitions): a metadata log without client requesters, brokers asking a controller for the leader;
    // and a quorum of one controller (a development setup), which commits on append: no Raft cluster is alone.
    {
      label: 'KRaft: Kafka on the Raft component',
      embedder: { protocol: 'kafka', settings: { controlPlane: 'kraft', brokerCount: 4, partitionCount: 2 } },
      runsShare: 0.04,
    },
    {
      label: 'KRaft with one controller',
      embedder: { protocol: 'kafka', settings: { controlPlane: 'kraft', controllerCount: 1 } },
      runsShare: 0.01,
    },
  ],
  zab: [
    // The setting swarm draws quorum sync, the workload (controller recipe), session timeouts, the log window and snapshots.
    { label: 'default settings', runsShare: 0.35 },
    // The saved counterexamples' stories on the correct variant (an ACK before NEWLEADER is on disk, a DIFF
    // without TRUNC, a restart from a fuzzy snapshot whose window opened or closed a session, a SNAP saved
    // late ...), also with consistent snapshots: a mutant that brings a bug back breaks its story in one run.
    // And the zab-* scenarios of properties/mutation/scenarios: stories no hunt tells in its budget (a
    // restart from a fuzzy snapshot whose window closed a session: about one run in 2,000).
    {
      label: 'saved counterexamples and scenarios',
      replays: { folders: ['counterexamples/zab', 'properties/mutation/scenarios'], settingsVariations: [{ fuzzySnapshots: false }] },
      runsShare: 0,
    },
    { label: '5 servers', settings: { nodeCount: 5 }, runsShare: 0.1 },
    // Two servers: the quorum is both, so every acknowledgement counts, the leader's own included (with three
    // servers all up, as at the end of every run, the two followers' acknowledgements make a quorum without it).
    { label: '2 servers', settings: { nodeCount: 2 }, runsShare: 0.04 },
    // One server: its own vote is the quorum, also after a restart (it stayed looking for good).
    { label: '1 server', settings: { nodeCount: 1 }, runsShare: 0.01 },
    // Snapshots every two transactions, the writes workload and long schedules: restarts load a
    // snapshot (16 in 300 runs; 0 to 3 with the default profile's length and the mixed workload).
    {
      label: 'snapshots every 2 transactions, writes, long schedules',
      settings: { snapshotIntervalTransactions: 2, workload: 'writes' },
      schedule: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 1, duplicate: 0, tick: 20, crash: 5, restart: 8, partition: 1, heal: 1, client: 20 },
      },
      runsShare: 0.15,
    },
    // The same with consistent snapshots (a frozen copy of the tree; the swarm never draws fuzzySnapshots=false).
    {
      label: 'consistent snapshots every 2 transactions, writes, long schedules',
      settings: { snapshotIntervalTransactions: 2, workload: 'writes', fuzzySnapshots: false },
      schedule: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 1, duplicate: 0, tick: 20, crash: 5, restart: 8, partition: 1, heal: 1, client: 20 },
      },
      runsShare: 0.1,
    },
    // Elections: partitions, crashes and broken links, fewer client requests. A new epoch is established
    // in half the runs (a third in the default profile): discovery and synchronization run more often.
    {
      label: 'elections: partitions, crashes, broken links',
      schedule: { weights: { deliver: 30, drop: 4, duplicate: 0, tick: 26, crash: 5, restart: 6, partition: 7, heal: 3, client: 8 } },
      runsShare: 0.1,
    },
    // The controller recipe with sessions expiring after two ticks, in long schedules: a controller's session
    // expires and another client is elected in a fifth of the runs (2 % with the default settings), so the
    // epoch counting of second and third elections runs.
    {
      label: 'controller recipe, 2-tick sessions, long schedules',
      settings: { workload: 'controller', sessionTimeoutTicks: 2 },
      schedule: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 1, duplicate: 0, tick: 24, crash: 2, restart: 3, partition: 1, heal: 1, client: 20 },
      },
      runsShare: 0.05,
    },
    // Watches: every read sets one and unconditional writes on the same znodes fire them, in long schedules with
    // twice the client load. A watch fires in about a fifth of the runs (3 % with the mixed workload).
    {
      label: 'watches workload, long schedules',
      settings: { workload: 'watches' },
      schedule: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 1, duplicate: 0, tick: 20, crash: 2, restart: 3, partition: 1, heal: 1, client: 20 },
      },
      runsShare: 0.1,
    },
  ],
  kafka: [
    // The setting swarm draws partitions, leader rebalancing and its interval, and the flush interval.
    { label: 'default settings', runsShare: 0.2 },
    // The saved counterexamples' stories (two quick leader changes, a late LeaderAndIsr, a delayed fetch of a
    // previous life, a controller deciding on a stale image ...), on the correct variant: a mutant that brings a
    // bug back breaks its story in one run. Those of unpromised settings and known limitations are left out. The stories
    // (properties/mutation/kafka-stories) are correct-model schedules of paths the hunts reach only now and then.
    {
      label: 'saved counterexamples and stories',
      replays: { folders: ['counterexamples/kafka', 'properties/mutation/kafka-stories'], settingsVariations: [] },
      runsShare: 0,
    },
    // A lossy, duplicating network: eight times the duplicates and four times the drops. A duplicated fetch response
    // or LeaderAndIsr arriving after a newer one, and a lost LeaderAndIsr the controller must resend, are rare in the
    // default profile (one duplicate and one drop in 132 events): the guards against them survived 500 runs there.
    {
      label: 'lossy network: duplicates and drops',
      schedule: { weights: { ...kafkaProfile.weights, duplicate: 8, drop: 4 } },
      runsShare: 0.1,
    },
    // The KRaft control plane: three controllers on the Raft component, with a broker outside each partition's replicas
    // (a broker applying metadata of partitions it does not host), and combined mode (brokers 0..2 also run the quorum).
    { label: 'KRaft, 4 brokers, 2 partitions', settings: { controlPlane: 'kraft', brokerCount: 4, partitionCount: 2 }, runsShare: 0.1 },
    { label: 'KRaft, combined mode', settings: { controlPlane: 'kraft', combinedMode: true }, runsShare: 0.06 },
    // Seven replicas: after healing the leader adds its followers back to the ISR one AlterPartition at a time
    // (the liveness phase grows with the replicas; at 60 rounds the correct model failed isr-recovers).
    {
      label: 'KRaft, 7 brokers and replicas, min.insync.replicas=4',
      settings: { controlPlane: 'kraft', brokerCount: 7, replicationFactor: 7, minInsyncReplicas: 4 },
      runsShare: 0.02,
    },
    // More brokers than replicas: a broker outside a partition's replicas (fencing, heartbeats of partitions it does not host).
    // The ZooKeeper control plane: a ZAB ensemble, brokers as its clients.
    { label: 'ZooKeeper', settings: { controlPlane: 'zookeeper' }, runsShare: 0.1 },
    { label: '4 brokers, 2 partitions', settings: { brokerCount: 4, partitionCount: 2 }, runsShare: 0.1 },
    // Flushing every record makes power losses survivable: the loss paths of the log run.
    { label: 'flush every record, power losses', settings: { logFlushIntervalMessages: 1 }, schedule: { powerLossFraction: 0.5 }, runsShare: 0.07 },
    // min.insync.replicas equal to the replicas (every write on every replica): the ISR falls below it at every
    // follower failure, so the leader's NOT_ENOUGH_REPLICAS check (before the idempotent retry lookup) and its
    // boundary decide most produces; with 2 of 3 they decide only when two replicas are gone.
    { label: 'min.insync.replicas=3', settings: { minInsyncReplicas: 3 }, runsShare: 0.05 },
    // Settings the protocol declares unpromised (and power losses of unflushed records) run code no other setup
    // reaches: acks=0 and acks=1 paths, an unclean election's OFFSET_OUT_OF_RANGE at a follower, a power loss
    // truncating an unflushed log and its epoch cache. Each setup checks every property its settings still promise
    // (no exception, epochs, the epoch cache, answers, liveness after healing); only the losses they allow are left out.
    {
      label: 'acks=1, idempotence off',
      settings: { acks: '1', enableIdempotence: false },
      unpromisedProperties: ['no-acked-write-lost', 'linearizable'],
      runsShare: 0.04,
    },
    // acks=0 promises every property but the durability it never had (no acknowledged write: nothing to lose).
    { label: 'acks=0', settings: { acks: '0' }, unpromisedProperties: [], runsShare: 0.04 },
    {
      label: 'unclean leader election, min.insync.replicas=1',
      settings: { uncleanLeaderElectionEnable: true, minInsyncReplicas: 1 },
      unpromisedProperties: ['committed-data-stable', 'consumed-data-readable', 'linearizable', 'no-acked-write-lost'],
      runsShare: 0.05,
    },
    // Every crash a power loss, a flush every two records, and a write-heavy profile without partitions: logs are
    // long enough when power fails for the loss to cut between epochs (an epoch cache kept whole breaks
    // epoch-cache-matches-log in 1 run of 20 here, never in 500 with the default profile and drawn flushing).
    {
      label: 'power losses, flush every 2 records, writes',
      settings: { logFlushIntervalMessages: 2 },
      schedule: {
        powerLossFraction: 1,
        eventsMax: 200,
        weights: { deliver: 45, drop: 0, duplicate: 0, tick: 25, crash: 4, restart: 6, partition: 0, heal: 0, client: 25 },
      },
      unpromisedProperties: ['acked-on-min-isr', 'committed-data-stable', 'consumed-data-readable', 'linearizable', 'no-acked-write-lost'],
      runsShare: 0.07,
    },
    // Control-plane setups (docs/mutation.md, "Kafka control plane, issue 18, second pass"). A control-plane mutant is
    // hunted only by the setups that run its file (Stryker's per-test coverage): zookeeper.ts by the ZooKeeper setups
    // alone, so their shares are extra runs for it (50 -> 150), not a cut of the others'. One KRaft controller that
    // ticks often, with brokers down for longer: a broker's session expires in about a quarter of the runs (1 in 50 with
    // three controllers, whose first election comes late), and the active controller rebalances several times a run.
    {
      label: 'KRaft, one controller, long broker outages',
      settings: { controlPlane: 'kraft', controllerCount: 1 },
      schedule: { weights: { ...kafkaProfile.weights, tick: 60, crash: 6, restart: 2 } },
      runsShare: 0.15,
    },
    { label: 'ZooKeeper, 4 brokers, 2 partitions', settings: { controlPlane: 'zookeeper', brokerCount: 4, partitionCount: 2 }, runsShare: 0.1 },
    {
      // ZooKeeper links are FIFO (TCP), so no duplicates: lost LeaderAndIsr and responses the controller must retry.
      label: 'ZooKeeper, dropped messages',
      settings: { controlPlane: 'zookeeper' },
      schedule: { weights: { ...kafkaProfile.weights, drop: 6 } },
      runsShare: 0.1,
    },
    // ZooKeeper stories (properties/mutation/zookeeper-stories, each described in its README): failovers, lost answers
    // and LeaderAndIsr, refused and unknown answers, cut-off servers, a zombie controller. The generated ZooKeeper hunts
    // never reach them (the cold start takes most of a schedule); last, since only survivors of the setups above pay
    // for them (about 3 s a mutant for the fourteen at a load of 10).
    {
      label: 'ZooKeeper stories',
      replays: { folders: ['properties/mutation/zookeeper-stories'], settingsVariations: [] },
      runsShare: 0,
    },
  ],
};

/** The budget of one mutant's hunts (see docs/mutation.md); read from the environment so `npm run mutate` can pass it to Stryker's workers. */
export interface MutationBudget {
  /** Generated schedules per mutant and seed, shared among the protocol's setups (`runsShare`). */
  readonly runs: number;
  /** Seeds per setup: `seed`, `seed + 1`, ... */
  readonly seedCount: number;
  readonly seed: number;
}

export const defaultMutationBudget: MutationBudget = { runs: 500, seedCount: 1, seed: 1 };

export function mutationBudgetFromEnvironment(): MutationBudget {
  return {
    runs: positiveIntegerFromEnvironment('FAULTLINE_MUTATION_RUNS') ?? defaultMutationBudget.runs,
    seedCount: positiveIntegerFromEnvironment('FAULTLINE_MUTATION_SEEDS') ?? defaultMutationBudget.seedCount,
    seed: positiveIntegerFromEnvironment('FAULTLINE_MUTATION_SEED') ?? defaultMutationBudget.seed,
  };
}

export interface MutationVerdict {
  readonly violation: Violation;
  readonly setup: string;
  readonly seed: number;
  readonly runs: number;
}

const root = resolve(import.meta.dirname, '../..');

/** A replay folder's files (name order), read once: the models change under a mutant, the files do not. */
const folderTexts = new Map<string, readonly { readonly file: string; readonly text: string }[]>();

function filesOf(folder: string): readonly { readonly file: string; readonly text: string }[] {
  let files = folderTexts.get(folder);
  if (files === undefined) {
    const names = readdirSync(join(root, folder)).filter((name) => name.endsWith('.json'));
    files = names.sort().map((name) => ({ file: join(folder, name), text: readFileSync(join(root, folder, name), 'utf8') }));
    folderTexts.set(folder, files);
  }
  return files;
}

/** The replay folders' schedules for this protocol (JSON artifacts), each with its config. */
function replaysOf(protocol: AnyProtocol, replays: MutationReplays): { readonly config: unknown; readonly schedule: Schedule }[] {
  const found: { config: unknown; schedule: Schedule }[] = [];
  for (const folder of replays.folders) {
    for (const { file, text } of filesOf(folder)) {
      const artifact = parseArtifact(file, text);
      if (artifact.protocol !== protocol.name || unpromised(protocol, artifact.variant, artifact.config)) continue;
      found.push({ config: checkArtifactForProtocol(file, artifact, protocol).config, schedule: artifact.schedule });
    }
  }
  return found;
}

/**
 * A counterexample the correct model breaks by design: of a known limitation (Kafka's last replica
 * standing after a power loss), or found with a setting value the protocol does not promise to
 * survive (acks=1, min.insync.replicas=1): no mutant is needed to break it, so it is not replayed.
 */
function unpromised(protocol: AnyProtocol, variant: string, config: unknown): boolean {
  if (protocol.variants.find((candidate) => candidate.name === variant)?.knownLimitation) return true;
  const settings = config as Readonly<Record<string, unknown>>;
  return Object.entries(protocol.unpromisedSettings ?? {}).some(([key, values]) => settings[key] !== undefined && String(settings[key]) in values);
}

/** Every replay on the correct variant, as saved and with each settings variation; the first violation or exception. */
function replaySetup(protocol: AnyProtocol, replays: MutationReplays): Violation | null {
  for (const { config, schedule } of replaysOf(protocol, replays)) {
    for (const variation of [{}, ...replays.settingsVariations]) {
      const violation = replaySchedule({ protocol, variant: 'correct', config: { ...(config as object), ...variation } }, schedule).violation;
      if (violation) return violation;
    }
  }
  return null;
}

/**
 * Hunts one setup of the correct variant the way `faultline hunt` does (the setting swarm on: each
 * run draws the settings the setup does not pin); the first violation or exception, or null after
 * `runs` schedules. A replay setup replays its schedules instead (the same for every seed).
 */
export function huntSetup(
  protocol: AnyProtocol,
  setup: MutationSetup,
  runs: number,
  seed: number,
  /** When given, counts per "sometimes" goal the runs that reached it (coverage.ts; replays count nothing). */
  goalRuns?: Record<string, number>,
): Violation | null {
  if (setup.replays) return replaySetup(protocol, setup.replays);
  const hunted = setup.embedder ? findProtocol(setup.embedder.protocol) : protocol;
  if (hunted === undefined) throw new Error(`${protocol.name} mutation setup "${setup.label}": no protocol ${setup.embedder?.protocol}`);
  const settings = setup.embedder ? setup.embedder.settings : (setup.settings ?? {});
  const schedule = setup.embedder ? (setup.embedder.schedule ?? {}) : (setup.schedule ?? {});
  const resolved = resolveSetup(hunted, 'correct', settings, schedule, { settingSwarm: true });
  if ('error' in resolved) throw new Error(`${protocol.name} mutation setup "${setup.label}": ${resolved.error}`);
  const simulatorOf = setup.unpromisedProperties
    ? simulatorsChecking(resolved, promisedProperties(hunted, setup), goalRuns !== undefined)
    : simulatorsFor(resolved, { coverage: goalRuns !== undefined });
  let found: Violation | null = null;
  fc.check(
    fc.property(huntScheduleArbitrary(resolved), (schedule) => {
      // `run` never throws: a model's exception comes back as a violation of kind `exception`.
      const result = simulatorOf(schedule).run(schedule);
      for (const goal of result.coverage ?? []) if (goalRuns) goalRuns[goal] = (goalRuns[goal] ?? 0) + 1;
      found = result.violation;
      return found === null;
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return found;
}

/** The protocol's properties less the setup's `unpromisedProperties` (each of which must be one of them). */
export function promisedProperties(protocol: AnyProtocol, setup: MutationSetup): readonly string[] {
  const names = protocol.properties.map((property) => property.name);
  for (const name of setup.unpromisedProperties ?? [])
    if (!names.includes(name)) throw new Error(`${protocol.name} mutation setup "${setup.label}": no property ${name}`);
  return names.filter((name) => !setup.unpromisedProperties?.includes(name));
}

/** As `simulatorsFor` (one simulator per drawn config), checking only these properties. */
function simulatorsChecking(setup: HuntSetup, properties: readonly string[], coverage: boolean): (schedule: Schedule) => Simulator {
  const simulators = new Map<string, Simulator>();
  return (schedule) => {
    const key = JSON.stringify(schedule.settings ?? {});
    let simulator = simulators.get(key);
    if (!simulator) {
      const made = setupFor(setup, schedule);
      simulator = new Simulator({ protocol: made.protocol, config: made.config, variant: made.variant }, { coverage, properties });
      simulators.set(key, simulator);
    }
    return simulator;
  };
}

/** The runs one setup gets of a mutant's budget (per seed). */
export function runsOf(setup: MutationSetup, budget: MutationBudget): number {
  return Math.max(1, Math.round(budget.runs * setup.runsShare));
}

/** Every setup of the protocol, each with every seed, until one finds something. */
export function huntMutant(protocol: AnyProtocol, budget: MutationBudget): MutationVerdict | null {
  for (const setup of mutationSetups[protocol.name] ?? []) {
    const runs = runsOf(setup, budget);
    // A replay setup replays the same schedules whatever the seed.
    const seedCount = setup.replays ? 1 : budget.seedCount;
    for (let seed = budget.seed; seed < budget.seed + seedCount; seed++) {
      const violation = huntSetup(protocol, setup, runs, seed);
      if (violation) return { violation, setup: setup.label, seed, runs };
    }
  }
  return null;
}
