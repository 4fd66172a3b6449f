/**
 * The study model: everything the renderers (transcript, Mermaid, HTML) need, derived once from a
 * replayed trace. It knows nothing about any particular protocol: it reads the simulator's trace
 * (`TraceStep`), the history and the protocol's `summarizeState`, so every protocol, including
 * ones added later, gets the same transcript and pictures.
 */
import { propertiesOf, Simulator, summarizeSafely, type RunResult, type TraceMessage, type TraceStep, type World } from '../core/simulator.ts';
import type { AnyProtocol, NodeId, Violation } from '../core/types.ts';
import type { Artifact } from './artifact.ts';

export interface StudyInput {
  readonly protocol: AnyProtocol;
  readonly artifact: Artifact;
  /** The replay of the artifact's schedule with the trace recorded. */
  readonly result: RunResult;
  /** Where the artifact lives, for the replay command shown in the Markdown and HTML (optional). */
  readonly artifactFile?: string;
  /** The module of a protocol loaded with `--protocol-module`, which its replay command must name. */
  readonly protocolModule?: string;
}

/** One node's state after a step, as `summarizeState` labels it. */
export interface NodeSnapshot {
  readonly up: boolean;
  readonly fields: readonly (readonly [string, string])[];
}

/** A field of one node that a step changed; `after` is null when the field disappeared. */
export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface NodeChanges {
  readonly node: NodeId;
  readonly changes: readonly FieldChange[];
}

/** What became of a message. */
export type MessageFate =
  | { readonly kind: 'delivered'; readonly step: number }
  /** Reached its destination's inbox but was lost there (destination down, link partitioned). */
  | { readonly kind: 'lost'; readonly step: number; readonly reason: string }
  /** Removed from the network by a drop event or a broken connection. */
  | { readonly kind: 'dropped'; readonly step: number; readonly reason: string }
  /** Never entered the network (sent into a partition, or the network was full). */
  | { readonly kind: 'lost-at-send'; readonly step: number; readonly reason: string }
  | { readonly kind: 'in-flight' };

export interface MessageLife {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly text: string;
  readonly sentAt: number;
  /** A copy made by a `duplicate` event. */
  readonly duplicate: boolean;
  readonly fate: MessageFate;
}

export type OperationOutcome = 'ok' | 'fail' | 'unknown' | 'pending';

export interface OperationLife {
  readonly operationId: number;
  readonly clientId: number;
  readonly node: NodeId;
  readonly text: string;
  readonly invokedAt: number;
  readonly completedAt: number | null;
  readonly outcome: OperationOutcome;
  /** The reply as the trace prints it ("write 7 -> ok"), or null while pending. */
  readonly resultText: string | null;
  /** Steps at which the client re-sent it to another node. */
  readonly retries: readonly { readonly step: number; readonly node: NodeId }[];
}

export interface DownInterval {
  readonly node: NodeId;
  readonly from: number;
  /** The restart step, or null when the node stayed down to the end. */
  readonly to: number | null;
  readonly powerLoss: boolean;
}

export interface PartitionInterval {
  readonly from: number;
  /** The step that healed or changed it, or null when it lasted to the end. */
  readonly to: number | null;
  /** The sides, each a list of nodes. */
  readonly sides: readonly (readonly NodeId[])[];
}

export interface StudyStep {
  readonly step: TraceStep;
  /** Nothing visible happened: no message, no client operation, no state change. */
  readonly quiet: boolean;
  readonly nodeChanges: readonly NodeChanges[];
  readonly inFlightAfter: number;
}

export interface StudyModel {
  readonly input: StudyInput;
  readonly protocol: AnyProtocol;
  readonly nodeCount: number;
  readonly clientCount: number;
  readonly steps: readonly StudyStep[];
  readonly initial: readonly NodeSnapshot[];
  /** `snapshots[i]` is every node's state after step i. */
  readonly snapshots: readonly (readonly NodeSnapshot[])[];
  readonly messages: readonly MessageLife[];
  readonly messageById: ReadonlyMap<number, MessageLife>;
  readonly operations: readonly OperationLife[];
  readonly downIntervals: readonly DownInterval[];
  readonly partitions: readonly PartitionInterval[];
  /** Index of the first liveness-phase step, or null when the run has none. */
  readonly livenessStart: number | null;
  readonly violation: Violation | null;
}

/** Normalises a raw node index the way the simulator does. */
export function nodeOf(raw: number, nodeCount: number): NodeId {
  return ((raw % nodeCount) + nodeCount) % nodeCount;
}

export function sidesOf(partition: readonly number[]): NodeId[][] {
  const byLabel = new Map<number, NodeId[]>();
  for (const [node, label] of partition.entries()) {
    const side = byLabel.get(label);
    if (side) side.push(node);
    else byLabel.set(label, [node]);
  }
  return [...byLabel.values()];
}

export function formatSides(sides: readonly (readonly NodeId[])[]): string {
  return sides.map((side) => `{${side.join(', ')}}`).join(' | ');
}

function snapshotWorld(protocol: AnyProtocol, config: unknown, world: World): NodeSnapshot[] {
  return world.nodes.map((slot) => ({
    up: slot.up,
    fields: Object.entries(summarizeSafely(protocol, config, slot.state)),
  }));
}

/**
 * Every node's summary after every step. Re-runs the trace's events (the simulator is
 * deterministic) so fields that disappear are seen too; if the re-run does not match the trace
 * (e.g. it was recorded with other limits), rebuilds the summaries from the trace's changes.
 */
function buildSnapshots(input: StudyInput, trace: readonly TraceStep[]): { initial: NodeSnapshot[]; after: NodeSnapshot[][] } {
  const { protocol, artifact } = input;
  const simulator = new Simulator({ protocol, config: artifact.config, variant: artifact.variant, ...propertiesOf(artifact) });
  let world = simulator.initialWorld(artifact.schedule.randomSeed);
  const initial = snapshotWorld(protocol, artifact.config, world);
  const after: NodeSnapshot[][] = [];
  let matches = true;
  try {
    let previous = initial;
    for (const step of trace) {
      world = simulator.applyEvent(world, step.event);
      const snapshot = snapshotWorld(protocol, artifact.config, world);
      // The re-run must change exactly what the recorded step changed (fields that vanished aside).
      const recorded = step.changes
        .filter((change) => change.field !== 'status')
        .map((change) => `${change.node}\u0000${change.field}\u0000${change.after}`);
      const rerun = diffNodes(previous, snapshot).flatMap((entry) =>
        entry.changes.filter((change) => change.after !== null).map((change) => `${entry.node}\u0000${change.field}\u0000${change.after}`),
      );
      const agrees =
        snapshot.every((node, index) => node.up === step.nodesUp[index]) &&
        recorded.length === rerun.length &&
        recorded.every((change, index) => change === rerun[index]);
      previous = snapshot;
      if (!agrees) {
        matches = false;
        break;
      }
      after.push(snapshot);
    }
  } catch {
    matches = false;
  }
  if (matches) return { initial, after };
  // Fallback: apply the trace's own changes to the initial summaries.
  const rebuilt: NodeSnapshot[][] = [];
  let current = initial;
  for (const step of trace) {
    current = current.map((node, index) => {
      const changes = step.changes.filter((change) => change.node === index && change.field !== 'status');
      const fields = node.fields.map(([field, value]): [string, string] => [field, changes.find((change) => change.field === field)?.after ?? value]);
      for (const change of changes) if (!fields.some(([field]) => field === change.field)) fields.push([change.field, change.after]);
      return { up: step.nodesUp[index] ?? node.up, fields };
    });
    rebuilt.push(current);
  }
  return { initial, after: rebuilt };
}

function diffNodes(before: readonly NodeSnapshot[], after: readonly NodeSnapshot[]): NodeChanges[] {
  const result: NodeChanges[] = [];
  for (const [node, next] of after.entries()) {
    const previous = before[node];
    if (!previous) continue;
    const changes: FieldChange[] = [];
    const old = new Map(previous.fields);
    const seen = new Set<string>();
    for (const [field, value] of next.fields) {
      seen.add(field);
      const was = old.get(field) ?? null;
      if (was !== value) changes.push({ field, before: was, after: value });
    }
    for (const [field, value] of previous.fields) if (!seen.has(field)) changes.push({ field, before: value, after: null });
    if (changes.length > 0) result.push({ node, changes });
  }
  return result;
}

function linkCut(partition: readonly number[] | null, message: TraceMessage): boolean {
  return partition !== null && partition[message.from] !== partition[message.to];
}

/** Derives the study model from a replay. Pure and deterministic. */
export function buildStudyModel(input: StudyInput): StudyModel {
  const { protocol, artifact, result } = input;
  const trace = result.trace ?? [];
  const nodeCount = protocol.nodeCount(artifact.config);
  const clientCount = Math.max(1, protocol.clientCount(artifact.config));
  const { initial, after } = buildSnapshots(input, trace);

  // Messages: from send to fate.
  const messages = new Map<number, { id: number; from: NodeId; to: NodeId; text: string; sentAt: number; duplicate: boolean; fate: MessageFate }>();
  const downIntervals: DownInterval[] = [];
  const openDown = new Map<NodeId, { from: number; powerLoss: boolean }>();
  const partitions: PartitionInterval[] = [];
  let openPartition: { from: number; sides: NodeId[][]; key: string } | null = null;
  let inFlight = 0;
  let livenessStart: number | null = null;
  const retries = new Map<number, { step: number; node: NodeId }[]>();
  const steps: StudyStep[] = [];
  let previousPartition: readonly number[] | null = null;

  for (const [index, step] of trace.entries()) {
    if (step.phase === 'liveness' && livenessStart === null) livenessStart = index;
    const isDuplicate = step.event.kind === 'duplicate';
    for (const sent of step.sent) {
      messages.set(sent.id, { ...sent, sentAt: index, duplicate: isDuplicate, fate: { kind: 'in-flight' } });
      inFlight++;
    }
    if (step.delivered) {
      const known = messages.get(step.delivered.id);
      const lost = step.note?.startsWith('lost') ?? false;
      const fate: MessageFate = lost
        ? { kind: 'lost', step: index, reason: (step.note ?? '').replace(/^lost:\s*/, '') }
        : { kind: 'delivered', step: index };
      if (known) {
        known.fate = fate;
        inFlight--;
      } else {
        messages.set(step.delivered.id, { ...step.delivered, sentAt: index, duplicate: false, fate });
      }
    }
    for (const dropped of step.dropped) {
      const known = messages.get(dropped.id);
      if (known) {
        const reason = step.event.kind === 'drop' && step.dropped.length === 1 ? 'dropped by the network' : 'the connection broke';
        known.fate = { kind: 'dropped', step: index, reason };
        inFlight--;
      } else {
        // Never entered the network: sent across a partition (as of before this step) or into a full network.
        const reason = linkCut(step.partition, dropped) || linkCut(previousPartition, dropped) ? 'the link is partitioned' : 'the network is full';
        messages.set(dropped.id, { ...dropped, sentAt: index, duplicate: false, fate: { kind: 'lost-at-send', step: index, reason } });
      }
    }
    // Crashes and restarts.
    if (step.applied && step.actingNode !== null) {
      const node = step.actingNode;
      if (step.event.kind === 'crash' && !openDown.has(node)) openDown.set(node, { from: index, powerLoss: step.event.loseUnflushed });
      if (step.event.kind === 'restart') {
        const open = openDown.get(node);
        if (open) {
          downIntervals.push({ node, from: open.from, to: index, powerLoss: open.powerLoss });
          openDown.delete(node);
        }
      }
    }
    // Partitions.
    const key = step.partition ? step.partition.join(',') : '';
    if (openPartition && openPartition.key !== key) {
      partitions.push({ from: openPartition.from, to: index, sides: openPartition.sides });
      openPartition = null;
    }
    if (step.partition && !openPartition) openPartition = { from: index, sides: sidesOf(step.partition), key };
    previousPartition = step.partition;
    // Retries.
    const retry = step.applied && step.event.kind === 'client' && step.invoked === null ? /retries operation (\d+)/.exec(step.note ?? '') : null;
    if (retry && step.event.kind === 'client') {
      const operationId = Number(retry[1]);
      const list = retries.get(operationId) ?? [];
      list.push({ step: index, node: nodeOf(step.event.node, nodeCount) });
      retries.set(operationId, list);
    }
    const before = index === 0 ? initial : (after[index - 1] ?? initial);
    const nodeChanges = diffNodes(before, after[index] ?? before);
    const quiet =
      step.sent.length === 0 &&
      step.dropped.length === 0 &&
      step.delivered === null &&
      step.invoked === null &&
      step.completed.length === 0 &&
      nodeChanges.length === 0 &&
      !(step.applied && ['crash', 'restart', 'partition', 'heal'].includes(step.event.kind));
    steps.push({ step, quiet, nodeChanges, inFlightAfter: inFlight });
  }
  for (const [node, open] of openDown) downIntervals.push({ node, from: open.from, to: null, powerLoss: open.powerLoss });
  downIntervals.sort((a, b) => a.from - b.from || a.node - b.node);
  if (openPartition) partitions.push({ from: openPartition.from, to: null, sides: openPartition.sides });

  const operations: OperationLife[] = result.world.history.map((entry) => {
    const completedStep = entry.completedAtStep === null ? undefined : trace[entry.completedAtStep];
    const completedText = completedStep?.completed.find((done) => done.operationId === entry.operationId)?.text ?? null;
    const outcome: OperationOutcome = entry.reply === null ? 'pending' : entry.reply.outcome;
    const resultText =
      completedText ??
      (entry.reply === null
        ? null
        : entry.reply.outcome === 'ok'
          ? `${protocol.describeOperation(entry.operation)} -> ${protocol.describeOutput(entry.reply.output)}`
          : `${protocol.describeOperation(entry.operation)} -> ${entry.reply.outcome}: ${entry.reply.error}`);
    return {
      operationId: entry.operationId,
      clientId: entry.clientId,
      node: entry.node,
      text: protocol.describeOperation(entry.operation),
      invokedAt: entry.invokedAtStep,
      completedAt: entry.completedAtStep,
      outcome,
      resultText,
      retries: retries.get(entry.operationId) ?? [],
    };
  });

  const messageList: MessageLife[] = [...messages.values()].sort((a, b) => a.id - b.id);
  return {
    input,
    protocol,
    nodeCount,
    clientCount,
    steps,
    initial,
    snapshots: after,
    messages: messageList,
    messageById: new Map(messageList.map((message) => [message.id, message])),
    operations,
    downIntervals,
    partitions,
    livenessStart,
    violation: result.violation,
  };
}

/** The state of every node after step `index` (-1: before the first step). */
export function snapshotAt(model: StudyModel, index: number): readonly NodeSnapshot[] {
  if (index < 0) return model.initial;
  return model.snapshots[Math.min(index, model.snapshots.length - 1)] ?? model.initial;
}

export function formatFields(fields: readonly (readonly [string, string])[], valueLengthMax = 300): string {
  return fields.map(([field, value]) => `${field} ${clip(value, valueLengthMax)}`).join(' · ');
}

/** Long values are cut in the middle: the head and the tail are what a reader compares. */
export function clip(text: string, lengthMax = 160): string {
  if (text.length <= lengthMax) return text;
  const half = Math.floor((lengthMax - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let length = 0;
  while (length < limit && a[a.length - 1 - length] === b[b.length - 1 - length]) length++;
  return length;
}

/**
 * A change between two long values, with what they share elided: a log that grew from 400 to
 * 401 entries reads "[0 1 2 3…397 398] → [0 1 2 3…397 398 399]", not two 1,600-character lists.
 */
export function compactPair(before: string, after: string, keep = 12): { before: string; after: string } {
  if (before.length + after.length <= 96) return { before, after };
  const prefix = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - prefix);
  const shorten = (text: string): string => {
    const head = prefix > keep * 2 + 1 ? `${text.slice(0, keep)}…${text.slice(prefix - keep, prefix)}` : text.slice(0, prefix);
    const middle = clip(text.slice(prefix, text.length - suffix), 120);
    const tailStart = text.length - suffix;
    const tail = suffix > keep * 2 + 1 ? `${text.slice(tailStart, tailStart + keep)}…${text.slice(text.length - keep)}` : text.slice(tailStart);
    return head + middle + tail;
  };
  return { before: shorten(before), after: shorten(after) };
}

export function formatChange(change: FieldChange): string {
  if (change.before === null || change.after === null)
    return `${change.field} ${clip(change.before ?? '(none)')} → ${clip(change.after ?? '(none)')}`;
  const compact = compactPair(change.before, change.after);
  return `${change.field} ${compact.before} → ${compact.after}`;
}
