/**
 * Raft as faultline sees it: the model (model.ts), its messages (messages.ts), the key-value store
 * on top (kv.ts), the properties (properties.ts), and the known Raft bugs as variants.
 */
import { assertNever } from '../../core/assert.ts';
import type { Protocol, ScheduleProfile } from '../../core/types.ts';
import { configureFromOverrides } from '../shared.ts';
import { buildOperation, describeOperation, describeOutput, describeValues, parseOperation, type Operation, type Output } from './kv.ts';
import { raftFingerprint } from './fingerprint.ts';
import { describeEntries, describeMessage, type Message } from './messages.ts';
import { crashRaft, defaultRaftConfig, initRaft, restartRaft, stepRaft, type RaftConfig, type RaftState } from './model.ts';
import { endProperties, raftGhost, raftGoals, raftSettled, safetyProperties, type RaftGhost } from './properties.ts';

export type { RaftConfig, RaftState } from './model.ts';
export type { RaftGhost } from './properties.ts';

function describeRole(state: RaftState): string {
  const role = state.volatile.role;
  switch (role.kind) {
    case 'follower':
      return role.leader === null ? 'follower' : `follower of ${role.leader}`;
    case 'candidate':
    case 'pre-candidate':
      return `${role.kind} (votes ${role.votes.join(',')})`;
    case 'leader':
      return 'leader';
    default:
      return assertNever(role, 'raft role');
  }
}

/**
 * Longer schedules than the default, and time and deliveries weighted up: a Raft story needs
 * several elections (each a few ticks of one node and two deliveries) before faults matter.
 * Swarm testing is off because a run without ticks never elects anyone.
 */
export const raftProfile: ScheduleProfile = {
  weights: { deliver: 40, drop: 2, duplicate: 2, tick: 35, crash: 2, restart: 2, partition: 2, heal: 1, client: 8 },
  eventsMax: 200,
  powerLossFraction: 0,
  swarm: false,
};

function validateRaftConfig(config: RaftConfig): string | null {
  const isInteger = (value: number, low: number, high = Number.MAX_SAFE_INTEGER): boolean =>
    Number.isInteger(value) && value >= low && value <= high;
  if (!isInteger(config.serverCount, 3, 7)) return `serverCount must be an integer from 3 to 7, got ${config.serverCount}`;
  if (!isInteger(config.clientCount, 1, 16)) return `clientCount must be an integer from 1 to 16, got ${config.clientCount}`;
  // The wording of etcd-io/raft's Config.validate.
  if (!isInteger(config.heartbeatIntervalTicks, 1)) return 'heartbeat tick must be greater than 0';
  if (!isInteger(config.electionTimeoutTicksMin, 1) || config.electionTimeoutTicksMin <= config.heartbeatIntervalTicks) {
    return 'election tick must be greater than heartbeat tick';
  }
  if (!isInteger(config.electionTimeoutTicksMax, 1) || config.electionTimeoutTicksMax <= config.electionTimeoutTicksMin) {
    return `electionTimeoutTicksMax (${config.electionTimeoutTicksMax}) must be greater than electionTimeoutTicksMin (${config.electionTimeoutTicksMin}): election timeouts must be randomized`;
  }
  if (!isInteger(config.entriesPerAppendMax, 1)) return 'max entries per message must be greater than 0';
  if (config.readMode !== 'log' && config.readMode !== 'read-index') {
    return `readMode must be "log" or "read-index", got "${String(config.readMode)}"`;
  }
  return null;
}

export const raft: Protocol<RaftConfig, RaftState, Message, Operation, Output, RaftGhost> = {
  name: 'raft',
  description:
    'Raft (leader election, log replication, PreVote, CheckQuorum) with a linearizable key-value store on top, in the style of etcd-io/raft.',
  variants: [
    {
      name: 'correct',
      description: 'Raft as in the paper: votes need an up-to-date log, a leader commits only entries of its own term by counting replicas, term and vote are persisted.',
    },
    {
      name: 'commit-old-term',
      description:
        'The leader marks an entry from an earlier term committed as soon as a majority stores it (the paper\'s Figure 8): a later leader that never had it is still elected and overwrites it.',
      expectedViolation: 'leader-completeness',
      // One entry per AppendEntries, or the new leader's no-op rides along with the old entry and
      // the bug is masked. Figure 8 needs four elections in a set order: shorter timeouts, and
      // partitions rather than client load, make random schedules reach it.
      configOverrides: { entriesPerAppendMax: 1, electionTimeoutTicksMax: 4 },
      scheduleOverrides: {
        eventsMax: 150,
        weights: { deliver: 40, drop: 0, duplicate: 0, tick: 45, crash: 0, restart: 0, partition: 10, heal: 3, client: 0 },
      },
    },
    {
      name: 'vote-without-log-check',
      description:
        'Servers grant votes without checking that the candidate\'s log is at least as up to date as theirs, so a server missing committed entries can become leader.',
      expectedViolation: 'leader-completeness',
    },
    {
      name: 'volatile-vote',
      description:
        'currentTerm and votedFor are not persisted: a server that restarts has forgotten its vote and votes again in the same term, so two candidates win it.',
      expectedViolation: 'election-safety',
    },
    {
      name: 'vote-count-not-set',
      description:
        'A candidate counts vote responses instead of keeping the set of voters, so a duplicated response counts twice and a second leader is elected in the same term.',
      expectedViolation: 'election-safety',
      configOverrides: { serverCount: 5 },
    },
    {
      name: 'stale-leader-read',
      description:
        'The leader answers reads from its local state without confirming it is still leader: a deposed or not-yet-caught-up leader returns stale data.',
      expectedViolation: 'linearizable',
    },
    {
      name: 'no-truncate-on-conflict',
      description:
        'A follower that already holds an entry at an index the leader sends keeps it even when its term differs, appends only what lies beyond its log, and still acknowledges the leader\'s entries: it rejects every later AppendEntries, so acknowledged writes never reach its state machine (and when the conflicting entry arrives with later ones, Log Matching breaks outright).',
      expectedViolation: 'no-acked-write-lost',
    },
  ],
  properties: [...safetyProperties, ...endProperties],
  sometimes: raftGoals,
  fingerprint: raftFingerprint,
  defaultConfig: () => defaultRaftConfig,
  configure: (base, overrides) => configureFromOverrides(base, overrides),
  validateConfig: validateRaftConfig,
  nodeCount: (config) => config.serverCount,
  clientCount: (config) => config.clientCount,
  fifoLinks: () => false,
  scheduleProfile: () => raftProfile,
  liveness: () => ({ roundsMax: 100, retryEveryRounds: 3 }),
  init: initRaft,
  step: stepRaft,
  crash: (context, state) => crashRaft(context, state),
  restart: restartRaft,
  settled: raftSettled,
  ghost: raftGhost,
  workload: {
    kindCount: 3,
    parameterCount: 3,
    parameterMax: 3,
    build: (_config, kind, parameters) => buildOperation(kind, parameters),
  },
  describeMessage,
  describeOperation,
  describeOutput,
  summarizeState(state) {
    const { durable, volatile } = state;
    return {
      role: describeRole(state),
      term: String(durable.currentTerm),
      votedFor: durable.votedFor === null ? '-' : String(durable.votedFor),
      log: describeEntries(durable.log),
      commit: String(volatile.commitIndex),
      applied: String(volatile.lastApplied),
      kv: describeValues(volatile.machine.values),
    };
  },
  parseOperation,
};
