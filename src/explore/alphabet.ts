/**
 * Which events exploration tries from a world: every distinct event that applies there, limited
 * to the event kinds the setup's schedule profile enables (weight > 0).
 */
import type { ScheduleEvent } from '../core/events.ts';
import { buildOperation, type World } from '../core/simulator.ts';
import type { AnyProtocol, EventWeights, NodeId } from '../core/types.ts';
import { canonicalText } from './key.ts';

/**
 * The client operations exploration may invoke: every workload kind with every combination of
 * the given parameter values (clamped to the workload's range), without duplicates (a read that
 * ignores its parameter appears once).
 */
export function operationAlphabet(protocol: AnyProtocol, config: unknown, parameterValues: readonly number[]): unknown[] {
  const workload = protocol.workload;
  const values = [...new Set(parameterValues.map((value) => Math.max(0, Math.min(workload.parameterMax, Math.trunc(value)))))];
  if (values.length === 0) values.push(0);
  let tuples: number[][] = [[]];
  for (let parameter = 0; parameter < workload.parameterCount; parameter++) {
    tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
  }
  const operations: unknown[] = [];
  const seen = new Set<string>();
  for (let kind = 0; kind < Math.max(1, workload.kindCount); kind++) {
    for (const parameters of tuples) {
      // A throw of the workload's build is an operation that throws when a client event applies it (the model's exception).
      const operation: unknown = buildOperation(protocol, config, kind, parameters);
      const text = canonicalText(operation);
      if (seen.has(text)) continue;
      seen.add(text);
      operations.push(operation);
    }
  }
  return operations;
}

/** Every 2-sided split of the nodes, node 0 always on side 0 (so each split appears once). */
export function twoSidedPartitions(nodeCount: number): number[][] {
  const partitions: number[][] = [];
  const splits = nodeCount >= 2 ? 2 ** (nodeCount - 1) : 1;
  for (let mask = 1; mask < splits; mask++) {
    partitions.push(Array.from({ length: nodeCount }, (_, node) => (node === 0 ? 0 : (mask >> (node - 1)) & 1)));
  }
  return partitions;
}

/**
 * The partitions coarse steps offer: every 2-sided split, and with three nodes or more every node
 * on its own (a story such as ZAB's fenced-controller one isolates every server at once; the other
 * many-sided splits are left out, they multiply the branching for little).
 */
export function coarsePartitions(nodeCount: number): number[][] {
  const partitions = twoSidedPartitions(nodeCount);
  if (nodeCount >= 3) partitions.push(Array.from({ length: nodeCount }, (_, node) => node));
  return partitions;
}

/** Labels renumbered by first appearance, so that equal splits compare equal. */
function splitText(labels: readonly number[]): string {
  const renumbered = new Map<number, number>();
  let text = '';
  for (const label of labels) {
    let side = renumbered.get(label);
    if (side === undefined) {
      side = renumbered.size;
      renumbered.set(label, side);
    }
    text += String(side);
  }
  return text;
}

export interface EventAlphabet {
  readonly nodeCount: number;
  readonly fifo: boolean;
  readonly weights: EventWeights;
  /** `loseUnflushed` values a crash may take (power loss only if the profile allows it). */
  readonly crashModes: readonly boolean[];
  readonly partitions: readonly (readonly number[])[];
  readonly operations: readonly unknown[];
  /** Clients 0..clientsMax-1 take part. */
  readonly clientsMax: number;
  /** New client operations per schedule (retries of a pending one are not counted). */
  readonly operationsMax: number;
  readonly inFlightMax: number;
  /** A client that never invoked anything is like any other such client: only the first one starts. */
  readonly freshClientsInterchangeable: boolean;
  /** Identical in-flight messages (same link, same content) are delivered, dropped or duplicated once. */
  readonly dedupeMessages: boolean;
  /** Coarse steps: offer a single silent tick of a node (`tick n`) besides its `timeout n`. */
  readonly silentTicks?: boolean;
}

/**
 * Every distinct event that does something in `world` (no-ops left out), in `eventKinds` order.
 * `messageCount` is how many messages a `deliver i` can pick in `world`, by the simulator's own
 * rule (`Simulator.messageChoices`: every message, or with FIFO links each link's oldest).
 */
export function applicableEvents(
  world: World,
  alphabet: EventAlphabet,
  messageCount: number,
  messageText: (index: number) => string,
): ScheduleEvent[] {
  const { weights, nodeCount } = alphabet;
  const events: ScheduleEvent[] = [];
  const inFlight = world.network.inFlight;

  let messageIndexes: number[] = [];
  if (messageCount > 0 && (weights.deliver > 0 || weights.drop > 0 || weights.duplicate > 0)) {
    messageIndexes = Array.from({ length: messageCount }, (_, index) => index);
    if (alphabet.dedupeMessages && !alphabet.fifo) {
      const seen = new Set<string>();
      messageIndexes = messageIndexes.filter((index) => {
        const text = messageText(index);
        if (seen.has(text)) return false;
        seen.add(text);
        return true;
      });
    }
  }
  if (weights.deliver > 0) for (const message of messageIndexes) events.push({ kind: 'deliver', message });
  if (weights.drop > 0) for (const message of messageIndexes) events.push({ kind: 'drop', message });
  if (weights.duplicate > 0 && !alphabet.fifo && inFlight.length < alphabet.inFlightMax) {
    for (const message of messageIndexes) events.push({ kind: 'duplicate', message });
  }

  const up: NodeId[] = [];
  const down: NodeId[] = [];
  for (let node = 0; node < nodeCount; node++) (world.nodes[node]?.up ? up : down).push(node);
  if (weights.tick > 0) for (const node of up) events.push({ kind: 'tick', node });
  if (weights.crash > 0) {
    for (const node of up) for (const loseUnflushed of alphabet.crashModes) events.push({ kind: 'crash', node, loseUnflushed });
  }
  if (weights.restart > 0) for (const node of down) events.push({ kind: 'restart', node });
  if (weights.partition > 0) {
    const current = world.network.partition === null ? null : splitText(world.network.partition);
    for (const groups of alphabet.partitions) {
      if (splitText(groups) !== current) events.push({ kind: 'partition', groups });
    }
  }
  if (weights.heal > 0 && world.network.partition !== null) events.push({ kind: 'heal' });

  if (weights.client > 0) {
    const invoked = new Set<number>();
    for (const entry of world.history) invoked.add(entry.clientId);
    let freshOffered = false;
    for (let client = 0; client < alphabet.clientsMax; client++) {
      const pending = world.pendingByClient[client] ?? null;
      if (pending !== null) {
        // A busy client re-sends its pending operation (same id); to a down node that is a no-op.
        const operation = world.history[pending]?.operation;
        for (const node of up) events.push({ kind: 'client', node, client, operation });
        continue;
      }
      if (world.history.length >= alphabet.operationsMax) continue;
      if (!invoked.has(client)) {
        if (alphabet.freshClientsInterchangeable && freshOffered) continue;
        freshOffered = true;
      }
      for (const operation of alphabet.operations) {
        // A down node refuses the connection: the operation fails at once, which is an event too.
        for (let node = 0; node < nodeCount; node++) events.push({ kind: 'client', node, client, operation });
      }
    }
  }
  return events;
}
