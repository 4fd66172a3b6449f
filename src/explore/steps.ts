/**
 * The steps exploration takes. With `events`, a step is one schedule event. With `coarse`, a step
 * is what a protocol story is told in: "fire node n's next timeout" (tick n until it sends,
 * answers or persists something new), "deliver everything pending on link a→b", "deliver the oldest message on
 * a→b", and the fault and client events as they are. Every coarse step is a sequence of ordinary
 * schedule events, chosen when it is applied, so whatever exploration finds is an ordinary
 * schedule that `faultline replay` reproduces and the minimizer can shrink.
 *
 * Partial-order reduction: two steps that act on different nodes, where neither sent on the link
 * the other read and neither touches the client history, commute (the world after both is the
 * same in either order, up to message ids and the order of messages on different links, which the
 * key ignores; see `independent`). Exploration keeps one order of them with sleep sets
 * (`SleepEntry` in explore.ts).
 */
import type { ScheduleEvent } from '../core/events.ts';
import type { Simulator, World } from '../core/simulator.ts';
import type { InFlightMessage, NodeId, NodeState } from '../core/types.ts';
import { applicableEvents, type EventAlphabet } from './alphabet.ts';
import { canonicalText } from './key.ts';

export type StepGranularity = 'events' | 'coarse';

/** One exploration step: an event, or a coarse step that expands into several events. */
export type ExploreStep =
  | { readonly kind: 'event'; readonly event: ScheduleEvent }
  /**
   * Tick the node until a tick does something another node, a client or a crash could notice:
   * sends a message, answers a client or changes the shape of the node's durable state (more than
   * a number: a Kafka controller's per-broker heartbeat counters are durable, and counting them
   * would make its session timeout three steps). At most `ticksMax` ticks. The ticks before it
   * only moved the node's own timers and counters.
   */
  | { readonly kind: 'timeout'; readonly node: NodeId }
  /**
   * One tick of the node that nobody notices: only its own timers move (a Kafka controller part
   * way through a broker's session timeout, so that a heartbeat arriving next renews one session
   * and not another). A tick that is noticed is the `timeout` step, so this step is then void.
   */
  | { readonly kind: 'tick'; readonly node: NodeId }
  /** Deliver the messages in flight on the link when the step starts, oldest first (`all`), or only the oldest. */
  | { readonly kind: 'deliver-link'; readonly from: NodeId; readonly to: NodeId; readonly all: boolean }
  /**
   * Deliver the newest message on the link, overtaking the older ones (datagram networks only,
   * when the link holds two or more): a delayed request arriving after a later one, which stories
   * of stale fetches need (Kafka `no-broker-epoch-in-fetch`, `no-fetch-epoch-fencing`).
   */
  | { readonly kind: 'deliver-newest'; readonly from: NodeId; readonly to: NodeId }
  /** Drop the oldest message on the link (with FIFO links: break the connection, as a drop does). */
  | { readonly kind: 'drop-link'; readonly from: NodeId; readonly to: NodeId }
  /** Duplicate the oldest message on the link (datagram networks only). */
  | { readonly kind: 'duplicate-link'; readonly from: NodeId; readonly to: NodeId };

/** How a coarse step reads in exploration reports. */
export function formatStep(step: ExploreStep, describeEvent: (event: ScheduleEvent) => string): string {
  switch (step.kind) {
    case 'event':
      return describeEvent(step.event);
    case 'timeout':
      return `timeout ${step.node}`;
    case 'tick':
      return `tick ${step.node}`;
    case 'deliver-link':
      return `${step.all ? 'deliver all' : 'deliver oldest'} ${step.from}->${step.to}`;
    case 'deliver-newest':
      return `deliver newest ${step.from}->${step.to}`;
    case 'drop-link':
      return `drop oldest ${step.from}->${step.to}`;
    case 'duplicate-link':
      return `duplicate oldest ${step.from}->${step.to}`;
  }
}

/**
 * What partial-order reduction needs to know of a step that was applied: the node it acted on
 * (a delivery's receiver, a timeout's or tick's node), the node whose link to it the step read (a
 * delivery may take what that node sends), and the nodes the step sent to. `actor` -1: the step
 * depends on every other: faults and client operations, and any step that touched what all nodes
 * share (see `sharedTouched`). Crashes and restarts are not local: the protocols' history
 * variables (the ghost, part of the key) observe every world in between, and a crash before or
 * after another node's step leaves a different record (Kafka: which broker was seen leading).
 */
export interface StepFootprint {
  readonly actor: NodeId;
  readonly readsFrom: NodeId;
  /** Bit n set: the step sent node n a message (all bits: unknown). */
  readonly sendsTo: number;
}

export const globalFootprint: StepFootprint = { actor: -1, readsFrom: -1, sendsTo: -1 };

function sendsOnLink(step: StepFootprint, to: NodeId): boolean {
  return to >= 31 || (step.sendsTo & (1 << to)) !== 0;
}

/**
 * True when `first` then `second` reach the same world as `second` then `first`: both are local
 * steps of different nodes (a delivery to a node, or its timeout), neither sent on the link the
 * other read (a step reads only its own node and that link, and writes only its own node and the
 * links from it, so each sees the same inputs in either order), and neither changed the client
 * history (a completion's place among invocations is what linearizability reads). The simulator's
 * shared counters (message ids, the step number) differ between the two orders; the key ignores
 * them. properties/explore-reduction.test.ts checks it on the models.
 */
export function independent(first: StepFootprint, second: StepFootprint): boolean {
  return (
    first.actor >= 0 &&
    second.actor >= 0 &&
    first.actor !== second.actor &&
    !(first.readsFrom === second.actor && sendsOnLink(second, first.actor)) &&
    !(second.readsFrom === first.actor && sendsOnLink(first, second.actor))
  );
}

/**
 * True when a step touched what every node shares, so that it commutes with nothing: the client
 * history (a completion's place among invocations is what linearizability reads), or the network
 * near its capacity (a send beyond `inFlightMax` is dropped, so two steps that send could each
 * crowd out the other's messages: a step counts as local only while the messages in flight before
 * it plus what it sent stay under half the capacity, so that two such steps together stay under it).
 */
function sharedTouched(simulator: Simulator, start: World, end: World): boolean {
  if (end.history !== start.history) return true;
  const sent = end.network.nextMessageId - start.network.nextMessageId;
  return (start.network.inFlight.length + sent) * 2 >= simulator.limits.inFlightMax;
}

/** The nodes `actor` sent to between two worlds, as a bit set (the messages it put in flight since). */
function sentBetween(start: World, end: World, actor: NodeId): number {
  let sendsTo = 0;
  const firstNew = start.network.nextMessageId;
  for (const message of end.network.inFlight) {
    if (message.id >= firstNew && message.from === actor) sendsTo |= message.to >= 31 ? -1 : 1 << message.to;
  }
  return sendsTo;
}

/** Coarse steps offered in `world`, links in order of their oldest message. */
export function coarseSteps(world: World, alphabet: EventAlphabet): ExploreStep[] {
  const { weights } = alphabet;
  const steps: ExploreStep[] = [];
  const links = new Map<number, { from: NodeId; to: NodeId; count: number }>();
  for (const message of world.network.inFlight) {
    const link = message.from * alphabet.nodeCount + message.to;
    const known = links.get(link);
    if (known) known.count++;
    else links.set(link, { from: message.from, to: message.to, count: 1 });
  }
  for (const { from, to, count } of links.values()) {
    if (weights.deliver > 0) {
      steps.push({ kind: 'deliver-link', from, to, all: true });
      if (count > 1) steps.push({ kind: 'deliver-link', from, to, all: false });
      if (count > 1 && !alphabet.fifo) steps.push({ kind: 'deliver-newest', from, to });
    }
  }
  if (weights.drop > 0) for (const { from, to } of links.values()) steps.push({ kind: 'drop-link', from, to });
  if (weights.duplicate > 0 && !alphabet.fifo && world.network.inFlight.length < alphabet.inFlightMax) {
    for (const { from, to } of links.values()) steps.push({ kind: 'duplicate-link', from, to });
  }
  if (weights.tick > 0) {
    for (let node = 0; node < alphabet.nodeCount; node++) if (world.nodes[node]?.up) steps.push({ kind: 'timeout', node });
    if (alphabet.silentTicks) {
      for (let node = 0; node < alphabet.nodeCount; node++) if (world.nodes[node]?.up) steps.push({ kind: 'tick', node });
    }
  }
  const faults: EventAlphabet = { ...alphabet, weights: { ...weights, deliver: 0, drop: 0, duplicate: 0, tick: 0 } };
  for (const event of applicableEvents(world, faults, 0, () => '')) steps.push({ kind: 'event', event });
  return steps;
}

/** Event steps offered in `world` (the event alphabet of `applicableEvents`). */
export function eventSteps(world: World, alphabet: EventAlphabet, messageCount: number, messageText: (index: number) => string): ExploreStep[] {
  return applicableEvents(world, alphabet, messageCount, messageText).map((event) => ({ kind: 'event', event }));
}

export interface StepOutcome {
  readonly world: World;
  /** The schedule events the step expanded into, in order (up to the one after which `afterEvent` said stop). */
  readonly events: readonly ScheduleEvent[];
  /** Set when `afterEvent` stopped the step early. */
  readonly stopped: boolean;
  readonly footprint: StepFootprint;
}

/** Index `deliver i` (or drop, duplicate) must name in `world` to pick this message, by the simulator's own rule. */
function messageIndex(simulator: Simulator, world: World, message: InFlightMessage<unknown>): number {
  return simulator.messageChoices(world).indexOf(message);
}

/** True when the node's durable state (what a crash keeps) differs between the two worlds in more than numbers. */
function durableChanged(before: World, after: World, node: NodeId): boolean {
  const previous = (before.nodes[node]?.state as NodeState | undefined)?.durable;
  const next = (after.nodes[node]?.state as NodeState | undefined)?.durable;
  return previous !== next && !sameShape(previous, next);
}

/** True when a tick of `node` did something another node, a client or a crash could notice. */
export function noticed(before: World, after: World, node: NodeId): boolean {
  return (
    Boolean(after.exception) ||
    after.network.nextMessageId !== before.network.nextMessageId ||
    after.history !== before.history ||
    durableChanged(before, after, node)
  );
}

/**
 * A value's text with every number blurred: counters that only a timer reads do not show. The
 * definition of "the same shape" (`sameShape` decides it without writing the texts).
 */
export function shapeText(value: unknown): string {
  return blurred(canonicalText(value));
}

function blurred(text: string): string {
  return text.replace(/-?\d+(\.\d+)?/g, '#');
}

/**
 * Whether two values have the same `shapeText`, compared part by part: `canonicalText` writes a
 * value as its scalars' texts between delimiters that hold no digit (brackets, commas, `=>`, a
 * quoted key's closing quote and colon), so blurring the whole text blurs each scalar's text on
 * its own, and two texts are equal exactly when the structures match and each pair of scalars (and
 * keys) blur alike. Parts the two values share (the same object) are equal without a look: a tick
 * that only counts shares all but the path to the counter. What a timeout step did per tick was
 * write and blur the whole durable state of the node (a Kafka controller's every tick: its clock is
 * durable), 5% of an exploration's CPU; properties/explore-coarse.test.ts holds the two to agree.
 */
export function sameShape(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  const leftObject = typeof left === 'object' && left !== null;
  const rightObject = typeof right === 'object' && right !== null;
  if (!leftObject || !rightObject) return leftObject === rightObject && scalarShape(left) === scalarShape(right);
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) if (!sameShape(left[index], right[index])) return false;
    return true;
  }
  if (Array.isArray(right)) return false;
  if (left instanceof Map) {
    if (!(right instanceof Map) || left.size !== right.size) return false;
    const entries = right.entries();
    for (const [key, entry] of left) {
      const other = entries.next().value as [unknown, unknown];
      if (!sameShape(key, other[0]) || !sameShape(entry, other[1])) return false;
    }
    return true;
  }
  if (right instanceof Map) return false;
  if (left instanceof Set) {
    if (!(right instanceof Set) || left.size !== right.size) return false;
    const entries = right.values();
    for (const entry of left) if (!sameShape(entry, entries.next().value)) return false;
    return true;
  }
  if (right instanceof Set) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  for (let index = 0; index < leftKeys.length; index++) {
    const leftKey = leftKeys[index] as string;
    const rightKey = rightKeys[index] as string;
    if (leftKey !== rightKey && blurred(JSON.stringify(leftKey)) !== blurred(JSON.stringify(rightKey))) return false;
    if (!sameShape((left as Record<string, unknown>)[leftKey], (right as Record<string, unknown>)[rightKey])) return false;
  }
  return true;
}

/** A scalar's blurred text (`canonicalText` blurred), without the regular expression for the usual numbers. */
function scalarShape(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21) return '#';
  return blurred(canonicalText(value));
}

function oldestOnLink(world: World, from: NodeId, to: NodeId): InFlightMessage<unknown> | null {
  for (const message of world.network.inFlight) if (message.from === from && message.to === to) return message;
  return null;
}

function newestOnLink(world: World, from: NodeId, to: NodeId): InFlightMessage<unknown> | null {
  const inFlight = world.network.inFlight;
  for (let index = inFlight.length - 1; index >= 0; index--) {
    const message = inFlight[index];
    if (message && message.from === from && message.to === to) return message;
  }
  return null;
}

/**
 * Applies a step event by event. After each event `afterEvent(world, event)` may stop the step
 * (a violation there ends the schedule). Returns null for a step that does nothing: a timeout
 * whose node stays silent for `ticksMax` ticks, or a link that is empty.
 */
export function applyStep(
  simulator: Simulator,
  start: World,
  step: ExploreStep,
  ticksMax: number,
  afterEvent: (world: World, event: ScheduleEvent) => boolean,
): StepOutcome | null {
  let world = start;
  const events: ScheduleEvent[] = [];
  const apply = (event: ScheduleEvent): boolean => {
    world = simulator.applyEvent(world, event);
    events.push(event);
    return afterEvent(world, event);
  };
  /** The outcome of a step that acted on `actor` and read the link from `readsFrom` (-1: a global step). */
  const outcome = (stopped: boolean, actor: NodeId, readsFrom: NodeId): StepOutcome => ({
    world,
    events,
    stopped,
    footprint:
      actor < 0 || sharedTouched(simulator, start, world) ? globalFootprint : { actor, readsFrom, sendsTo: sentBetween(start, world, actor) },
  });
  switch (step.kind) {
    case 'event': {
      const event = step.event;
      const message = event.kind === 'deliver' ? simulator.messagePicked(start, event.message) : null;
      const stopped = apply(event);
      if (event.kind === 'tick') return outcome(stopped, event.node, -1);
      if (message) return outcome(stopped, message.to, message.from);
      return outcome(stopped, -1, -1);
    }
    case 'timeout': {
      for (let tick = 0; tick < ticksMax; tick++) {
        const before = world;
        if (apply({ kind: 'tick', node: step.node })) return outcome(true, step.node, -1);
        if (noticed(before, world, step.node)) return outcome(false, step.node, -1);
      }
      return null;
    }
    case 'tick': {
      const stopped = apply({ kind: 'tick', node: step.node });
      if (!stopped && noticed(start, world, step.node)) return null;
      return outcome(stopped, step.node, -1);
    }
    case 'deliver-link': {
      let count = 0;
      for (const message of world.network.inFlight) if (message.from === step.from && message.to === step.to) count++;
      if (count === 0) return null;
      if (!step.all) count = 1;
      for (let delivery = 0; delivery < count; delivery++) {
        const message = oldestOnLink(world, step.from, step.to);
        if (!message) break;
        if (apply({ kind: 'deliver', message: messageIndex(simulator, world, message) })) return outcome(true, step.to, step.from);
      }
      return outcome(false, step.to, step.from);
    }
    case 'deliver-newest': {
      const message = newestOnLink(world, step.from, step.to);
      if (!message || message === oldestOnLink(world, step.from, step.to)) return null;
      return outcome(apply({ kind: 'deliver', message: messageIndex(simulator, world, message) }), step.to, step.from);
    }
    case 'drop-link':
    case 'duplicate-link': {
      const message = oldestOnLink(world, step.from, step.to);
      if (!message) return null;
      return outcome(apply({ kind: step.kind === 'drop-link' ? 'drop' : 'duplicate', message: messageIndex(simulator, world, message) }), -1, -1);
    }
  }
}
