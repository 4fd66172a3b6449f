/**
 * The primary-backup protocol as faultline sees it: model functions, workload, properties.
 * This file is the tutorial for adding a protocol (see docs/extending.md, "A new protocol").
 */
import { etcdRegisterModel } from '../../checkers/linearizability/index.ts';
import { linearizabilityProperty } from '../../checkers/linearizability/property.ts';
import { acknowledged } from '../../core/history.ts';
import { defineProtocol } from '../../core/protocol.ts';
import { integerWord, integerWordRange } from '../../core/text-integer.ts';
import type { ScheduleProfile } from '../../core/types.ts';
import { allOperationsComplete, makesProgress } from '../../core/properties.ts';
import {
  correctRules,
  defaultPrimaryBackupConfig,
  describeMessage,
  initPrimaryBackup,
  restartPrimaryBackup,
  stepPrimaryBackup,
  type Message,
  type Operation,
  type Output,
  type PrimaryBackupConfig,
  type PrimaryVolatile,
  type PrimaryBackupRules,
  type PrimaryBackupState,
} from './model.ts';

/** The types the protocol is made of (see `ProtocolTypes`). */
interface PrimaryBackupTypes {
  readonly config: PrimaryBackupConfig;
  readonly state: PrimaryBackupState;
  readonly message: Message;
  readonly operation: Operation;
  readonly output: Output;
  readonly ghost: null;
  readonly variant: 'correct' | 'ack-before-replicate' | 'epoch-reuse';
  readonly property: 'no-acked-write-lost' | 'writes-logged-once' | 'linearizable' | 'operations-complete' | 'makes-progress' | 'backups-caught-up';
  readonly rules: PrimaryBackupRules;
}

function describeOperation(operation: Operation): string {
  return operation.type === 'write' ? `write ${operation.value}` : 'read';
}

function describeOutput(output: Output): string {
  return output.type === 'write' ? 'ok' : `ok ${output.value ?? 'nil'}`;
}

/** The log a node holds right now: the primary's in memory, a backup's on disk. */
function nodeLog(state: PrimaryBackupState) {
  return state.volatile.role === 'primary' ? state.volatile.log : state.durable.log;
}

/** Re-indexes a per-node array under a renaming of nodes: `renamed[rename(n)] = values[n]`. */
/** A recovering primary's replies so far, e.g. `1 (epoch 1, 2 entries); waiting for 2`. */
function recoveryText(replies: PrimaryVolatile['recoveryReplies']): string {
  const received = replies.flatMap((reply, node) => (reply === null ? [] : [`${node} (epoch ${reply.epoch}, ${reply.log.length} entries)`]));
  const waiting = replies.flatMap((reply, node) => (reply === null && node !== 0 ? [String(node)] : []));
  return [
    received.length > 0 ? `replies from ${received.join(', ')}` : 'no reply yet',
    ...(waiting.length > 0 ? [`waiting for ${waiting.join(', ')}`] : []),
  ].join('; ');
}

function renameIndexed<Value>(values: readonly Value[], rename: (node: number) => number): Value[] {
  const renamed = values.slice();
  for (const [node, value] of values.entries()) renamed[rename(node)] = value;
  return renamed;
}

const primaryBackupProfile: ScheduleProfile = {
  weights: { deliver: 30, drop: 3, duplicate: 3, tick: 16, crash: 6, restart: 8, partition: 2, heal: 2, client: 14 },
  eventsMax: 80,
  powerLossFraction: 0,
  swarm: true,
};

export const primaryBackup = defineProtocol<PrimaryBackupTypes>({
  name: 'primary-backup',
  description: 'A primary-backup replicated register (node 0 is the primary); the tutorial protocol.',
  model: {
    init: (context) => initPrimaryBackup(context),
    step: stepPrimaryBackup,
    // Backups persist every log they accept; the primary keeps only its last epoch (it recovers its log from the backups).
    crash: (_context, state) => state.durable,
    restart: (context, durable) => restartPrimaryBackup(context, durable),
  },
  correctRules,
  variants: {
    correct: { description: 'The primary acknowledges a write only after every backup has persisted it.' },
    'ack-before-replicate': {
      description:
        'The primary acknowledges a write as soon as it receives it, before any backup has it: if the primary crashes first, the acknowledged write is gone.',
      breaks: 'no-acked-write-lost',
      rules: { acknowledgedLength: (primary) => primary.log.length },
    },
    'epoch-reuse': {
      description:
        "A recovered primary starts the epoch after the newest backup's, forgetting the one it started itself: a write of its previous epoch still in flight reaches a backup that has already answered the recovery, and passes there for the new epoch's log: the backup keeps the old write under the new epoch's number and never catches up, and a later write it acknowledges is not what it stores (found by the hunt in the correct model of the time, 2026-11-30).",
      breaks: 'backups-caught-up',
      rules: { recoveredEpoch: (newestBackupEpoch: number) => newestBackupEpoch + 1 },
    },
  },
  properties: {
    'no-acked-write-lost': {
      when: 'end',
      description: 'after the liveness phase every acknowledged write is in the log of every node',
      check(view) {
        for (const entry of acknowledged(view.history)) {
          if (entry.operation.type !== 'write') continue;
          for (const [node, slot] of view.nodes.entries()) {
            const log = nodeLog(slot.state);
            if (!log.some((logged) => logged.operationId === entry.operationId)) {
              return `acknowledged write ${entry.operation.value} (operation ${entry.operationId}, acknowledged at step ${entry.completedAtStep}) is missing from node ${node}'s log [${log.map((logged) => logged.value).join(' ')}]`;
            }
          }
        }
        return null;
      },
    },
    // A retried write must not be appended again: a duplicate re-applies an old value after newer
    // writes (a register shows it only if a write and a read fall between the copies, which the
    // hunt rarely arranges; found by mutation testing, docs/mutation.md).
    'writes-logged-once': {
      when: 'end',
      description: "every node's log holds each client write at most once (a retry of a write already in the primary's log is never appended again)",
      check(view) {
        for (const [node, slot] of view.nodes.entries()) {
          const log = nodeLog(slot.state);
          const seen = new Set<number>();
          for (const logged of log) {
            if (seen.has(logged.operationId)) {
              return `node ${node}'s log [${log.map((entry) => entry.value).join(' ')}] holds write ${logged.value} (client ${logged.clientId}, operation ${logged.operationId}) twice`;
            }
            seen.add(logged.operationId);
          }
        }
        return null;
      },
    },
    // The register is exactly etcd's read/write register (without compare-and-set).
    linearizable: linearizabilityProperty({
      model: etcdRegisterModel,
      map: (operation: Operation, output: Output | null) => ({ input: operation, output }),
    }),
    'operations-complete': allOperationsComplete(describeOperation),
    // Clients retried at a backup get "not the primary", which operations-complete accepts as an
    // answer: without this, a primary that stops replicating or committing passes every property.
    'backups-caught-up': {
      category: 'liveness',
      when: 'end',
      description:
        'after healing and restarting every node, the primary is active, every backup has stored its whole log, and every write the primary waited to commit is answered, within the bounded liveness phase',
      check(view) {
        const primary = view.nodes[0]?.state.volatile;
        if (!primary || primary.role !== 'primary') return 'node 0 is not the primary';
        // Each message names node 0: the transcript's causal slice follows the nodes a message names.
        if (primary.status !== 'active') return 'the primary (node 0) never finished recovering from the backups after healing';
        for (const [node, slot] of view.nodes.entries()) {
          if (node === 0) continue;
          const length = slot.state.durable.log.length;
          if (length < primary.log.length)
            return `backup ${node} stored ${length} of the ${primary.log.length} entries of the primary (node 0) after healing`;
          if (length > primary.log.length) {
            return `backup ${node} holds ${length} entries after healing, more than the ${primary.log.length} of the primary (node 0): it keeps writes the primary's log does not have`;
          }
        }
        if (primary.commitLength !== primary.log.length)
          return `the primary (node 0) committed ${primary.commitLength} of its ${primary.log.length} entries after healing`;
        if (primary.awaiting.length > 0)
          return `the primary (node 0) still waits to answer write(s) ${primary.awaiting.join(', ')} after committing its whole log`;
        return null;
      },
    },
    // Last: when the probe fails, a more specific end property usually explains why.
    'makes-progress': makesProgress(describeOperation),
  },
  settings: {
    defaults: defaultPrimaryBackupConfig,
    meaning: {
      nodeCount: {
        meaning:
          'nodes in the cluster: node 0 is the primary, the others are backups (2 to 9: the primary keeps its log in memory, so without a backup a restart loses it)',
      },
      clientCount: { meaning: 'clients of the workload, each with at most one operation outstanding (1 to 16)' },
      resendIntervalTicks: { meaning: "ticks between the primary's retransmissions and recovery requests" },
    },
    // Each run of a hunt draws one value per key (docs/hunting.md#setting-swarm).
    swarm: { resendIntervalTicks: [2, 1] },
    validate(config) {
      if (!Number.isInteger(config.nodeCount) || config.nodeCount < 2 || config.nodeCount > 9) {
        return `nodeCount must be an integer from 2 to 9 (a primary and at least one backup), got ${config.nodeCount}`;
      }
      if (!Number.isInteger(config.clientCount) || config.clientCount < 1 || config.clientCount > 16) {
        return `clientCount must be an integer from 1 to 16, got ${config.clientCount}`;
      }
      if (!Number.isInteger(config.resendIntervalTicks) || config.resendIntervalTicks < 1) {
        return `resendIntervalTicks must be a positive integer, got ${config.resendIntervalTicks}`;
      }
      return null;
    },
  },
  workload: {
    kindCount: 2,
    parameterCount: 1,
    parameterMax: 9,
    build: (_config, kind, parameters) => (kind % 2 === 0 ? { type: 'write', value: parameters[0] ?? 0 } : { type: 'read' }),
  },
  hunt: {
    // Recovery is where this protocol is interesting: crashes and restarts are twice as likely as in
    // the default profile, and schedules longer, so that clients and stale messages meet a
    // recovering primary (mutation testing showed that the default profile rarely got there).
    profile: () => primaryBackupProfile,
    // After healing, a write and a read must succeed: refusing every client is not correct either.
    liveness: () => ({ roundsMax: 40, retryEveryRounds: 4, progressProbe: [{ type: 'write', value: 9 }, { type: 'read' }] }),
    // Settled once every backup has confirmed the primary's whole log in its epoch, not only once it
    // is committed: a recovered primary with an empty log has committed everything at once, while
    // its first Replicate, which makes a backup drop an old epoch's write, is still in flight (the
    // phase ended there and backups-caught-up failed on the correct model, 1 run in 1.2 million).
    settled(view) {
      const primary = view.nodes[0]?.state;
      if (!primary || primary.volatile.role !== 'primary' || primary.volatile.status !== 'active') return false;
      const { commitLength, log, matchLength } = primary.volatile;
      return commitLength === log.length && view.nodes.every((_, node) => node === 0 || (matchLength[node] ?? -1) >= log.length);
    },
    sometimes: [
      {
        name: 'write-acknowledged',
        description: 'a client write was acknowledged',
        reached: (previous, next) =>
          next.history.some(
            (entry, index) => entry.reply?.outcome === 'ok' && entry.operation.type === 'write' && (previous.history[index]?.reply ?? null) === null,
          ),
      },
      {
        name: 'primary-recovered',
        description: 'a restarted primary recovered its log from the backups and became active again',
        reached: (previous, next) => {
          const before = previous.nodes[0]?.state.volatile;
          const after = next.nodes[0]?.state.volatile;
          return before?.role === 'primary' && after?.role === 'primary' && before.status === 'recovering' && after.status === 'active';
        },
      },
      {
        name: 'backup-replaced-log',
        description: "a backup replaced its log with a newer epoch's log",
        reached: (previous, next) =>
          next.nodes.some((slot, node) => node > 0 && slot.state.durable.epoch > (previous.nodes[node]?.state.durable.epoch ?? 0)),
      },
    ],
    symmetry: {
      // The backups play the same part; node 0 is always the primary. Logs hold client and operation
      // ids and messages hold no node ids, so only the primary's per-backup bookkeeping is renamed.
      interchangeableNodes: (config) => [Array.from({ length: config.nodeCount - 1 }, (_, index) => index + 1)],
      renameState(state, rename) {
        const volatile = state.volatile;
        if (volatile.role === 'backup') return state;
        return {
          ...state,
          volatile: {
            ...volatile,
            matchLength: renameIndexed(volatile.matchLength, rename),
            recoveryReplies: renameIndexed(volatile.recoveryReplies, rename),
          },
        };
      },
      renameDurable: (durable) => durable,
      renameMessage: (message) => message,
    },
  },
  presentation: {
    describeMessage,
    describeOperation,
    describeOutput,
    summarizeState(state) {
      const log = nodeLog(state)
        .map((entry) => entry.value)
        .join(' ');
      if (state.volatile.role === 'backup') return { role: 'backup', epoch: String(state.durable.epoch), log: `[${log}]` };
      const primary = state.volatile;
      return {
        role: `primary (${primary.status})`,
        epoch: String(primary.epoch),
        log: `[${log}]`,
        // The primary commits on what the backups confirmed: a confirmation is a step a story can turn on.
        match: primary.matchLength.map((length, node) => `${node} at ${length < 0 ? '–' : length}`).join(', '),
        commit: String(primary.commitLength),
        // Recovery waits for every backup's reply: each one received is a step the story turns on.
        ...(primary.status === 'recovering' ? { recovery: recoveryText(primary.recoveryReplies) } : {}),
      };
    },
    parseOperation(text) {
      const words = text.trim().split(/\s+/);
      if (words[0] === 'read' && words.length === 1) return { type: 'read' };
      const value = integerWord(words[1]);
      if (words[0] === 'write' && words.length === 2 && value !== null) return { type: 'write', value };
      return { error: `expected "write N" (N a whole number, ${integerWordRange}) or "read", found "${text.trim()}"` };
    },
  },
});
