/**
 * The neighbours of a schedule event the minimizer tries in its exchange pass: the same kind of
 * event on another node or message, or a close relative (a delivery that becomes a drop, a crash
 * that becomes a power loss, a partition that splits the nodes another way, a drop that becomes a
 * partition cutting its link and the reverse, a tick that becomes the node's crash). An exchange is kept only
 * if another event can then be deleted, so two events become one: the step that no deletion and
 * no single replacement makes when a story has to be told slightly differently to be told shorter
 * (fast-check's integer shrinking does the same for message indexes, one at a time).
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import type { Simulator } from '../core/simulator.ts';
import { twoSidedPartitions } from '../explore/alphabet.ts';

/** Message choices tried per message event at most (the oldest ones: `deliver 0`, `deliver 1`...). */
const messageChoicesMax = 6;

/**
 * For each event of `schedule`, its neighbours (never the event itself), in the order they are
 * worth trying: same kind first.
 */
export function eventNeighbours<Operation>(
  simulator: Simulator,
  schedule: Schedule<Operation>,
  options: { readonly nodeCount: number; readonly powerLoss: boolean; readonly crashes?: boolean },
): ScheduleEvent<Operation>[][] {
  const { nodeCount } = options;
  const otherNodes = (node: number): number[] =>
    Array.from({ length: nodeCount }, (_, other) => other).filter((other) => other !== ((node % nodeCount) + nodeCount) % nodeCount);
  // Every two-sided split for small clusters (isolating one node is one of them); beyond that, one node isolated.
  const splits =
    nodeCount <= splitNodesMax
      ? twoSidedPartitions(nodeCount)
      : Array.from({ length: nodeCount }, (_, node) => Array.from({ length: nodeCount }, (_, other) => (other === node ? 1 : 0)));
  let world = simulator.initialWorld(schedule.randomSeed);
  return schedule.events.map((event) => {
    const neighbours: ScheduleEvent<Operation>[] = [];
    switch (event.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const inFlight = simulator.messageChoices(world);
        const choices = inFlight.length;
        const current = choices === 0 ? 0 : ((event.message % choices) + choices) % choices;
        for (let message = 0; message < Math.min(choices, messageChoicesMax); message++) {
          if (message !== current) neighbours.push({ ...event, message });
        }
        if (event.kind !== 'deliver') neighbours.push({ kind: 'deliver', message: event.message });
        if (event.kind !== 'drop') neighbours.push({ kind: 'drop', message: event.message });
        // A lost message as a partition cutting its link (on FIFO links a partition breaks the
        // connection as the drop did, and stops what the sender says next).
        const picked = inFlight[current];
        if (event.kind === 'drop' && picked) {
          for (const groups of splits) {
            if (sideOf(groups, picked.from) !== sideOf(groups, picked.to)) neighbours.push({ kind: 'partition', groups });
          }
        }
        break;
      }
      case 'tick':
        for (const node of otherNodes(event.node)) neighbours.push({ ...event, node });
        // A node that falls silent from here: a crash in place of a tick makes its later ticks
        // and messages no-ops, so several events go at once (where the profile has crashes).
        if (options.crashes) neighbours.push({ kind: 'crash', node: event.node, loseUnflushed: false });
        break;
      case 'restart':
        for (const node of otherNodes(event.node)) neighbours.push({ ...event, node });
        break;
      case 'crash':
        if (options.powerLoss) neighbours.push({ ...event, loseUnflushed: !event.loseUnflushed });
        for (const node of otherNodes(event.node)) neighbours.push({ ...event, node });
        break;
      case 'client':
        for (const node of otherNodes(event.node)) neighbours.push({ ...event, node });
        break;
      case 'partition': {
        const text = splitText(event.groups, nodeCount);
        for (const groups of splits) {
          if (splitText(groups, nodeCount) !== text) neighbours.push({ ...event, groups });
        }
        // The reverse of a drop becoming a partition: one message the partition would cut, lost.
        const inFlight = simulator.messageChoices(world);
        let crossing = 0;
        for (const [message, candidate] of inFlight.entries()) {
          if (crossing >= messageChoicesMax) break;
          if (sideOf(event.groups, candidate.from) === sideOf(event.groups, candidate.to)) continue;
          crossing++;
          neighbours.push({ kind: 'drop', message });
        }
        break;
      }
      case 'heal':
        break;
    }
    world = simulator.applyEvent(world, event);
    return neighbours;
  });
}

/** Clusters of at most this many nodes are split every two-sided way (15 splits at 5 nodes); larger ones one node at a time. */
export const splitNodesMax = 5;

/** The side of `node` in a partition (indexes beyond the array wrap around, as the simulator reads them). */
function sideOf(groups: readonly number[], node: number): number {
  return groups.length === 0 ? 0 : (groups[node % groups.length] ?? 0);
}

/** A partition's sides renumbered by first appearance (`0,1,1` and `1,0,0` are the same split). */
function splitText(groups: readonly number[], nodeCount: number): string {
  const renumbered = new Map<number, number>();
  return Array.from({ length: nodeCount }, (_, node) => {
    const label = groups.length === 0 ? 0 : (groups[node % groups.length] ?? 0);
    if (!renumbered.has(label)) renumbered.set(label, renumbered.size);
    return renumbered.get(label);
  }).join(',');
}

/** Every pair of distinct nodes (a, b), a < b. */
export function nodeSwaps(nodeCount: number): (readonly [number, number])[] {
  const swaps: (readonly [number, number])[] = [];
  for (let first = 0; first < nodeCount; first++) for (let second = first + 1; second < nodeCount; second++) swaps.push([first, second]);
  return swaps;
}

/** The event with nodes a and b exchanging names (a partition keeps each side, renamed); message indexes stay as they are. */
export function swapNodes<Operation>(
  event: ScheduleEvent<Operation>,
  [first, second]: readonly [number, number],
  nodeCount: number,
): ScheduleEvent<Operation> {
  const renamed = (node: number): number => {
    const normal = ((node % nodeCount) + nodeCount) % nodeCount;
    return normal === first ? second : normal === second ? first : normal;
  };
  switch (event.kind) {
    case 'tick':
    case 'crash':
    case 'restart':
    case 'client':
      return { ...event, node: renamed(event.node) };
    case 'partition': {
      const sides = Array.from({ length: nodeCount }, (_, node) => (event.groups.length === 0 ? 0 : (event.groups[node % event.groups.length] ?? 0)));
      return { ...event, groups: Array.from({ length: nodeCount }, (_, node) => sides[renamed(node)] ?? 0) };
    }
    default:
      return event;
  }
}
