/**
 * State hashing for exhaustive exploration: a canonical text of everything in a world that can
 * influence its future, optionally minimised over renamings of interchangeable nodes.
 *
 * What the key holds: per node its up/down status, restart count (restart seeds derive from it),
 * state and what survived its last crash; the messages in flight (from, to, content); the
 * partition (labels renumbered by first appearance); per history entry its client, first node,
 * operation, logical invocation/completion times and reply (outcome and output: the error sentence
 * of a failure is for people, so properties must not depend on it); the pending operation per client;
 * the logical clock and the ghost. What it leaves out: step numbers, message ids and the
 * *AtStep fields of the history, which models never see (properties only quote them in messages),
 * and the world's random seed, which is fixed for a whole exploration.
 *
 * The in-flight messages are keyed as a multiset (per link a sequence, with FIFO links) unless
 * `exactNetworkOrder` is set: the order only decides which index names which message, and every
 * index is tried, so the safety phase has the same futures either way; only the fixed liveness
 * phase (which always delivers the oldest message first) can tell two orders apart.
 *
 * Node symmetry is exact for the safety phase when the protocol's `symmetry` tells the truth; the
 * liveness phase ticks, restarts and retries in node order, so, like the message order above, it
 * may in principle judge two symmetric worlds differently: exploration checks one of them.
 */
import type { World } from '../core/simulator.ts';
import type { AnyProtocol, ClientReply, InFlightMessage, NodeId } from '../core/types.ts';

const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Texts of objects already written. Worlds share most of their objects with their parents (pure
 * steps copy only what changed, and a ghost may hold whole node arrays), and nothing in a world is
 * mutated once the step that made it returns, so an object's text never goes stale.
 */
const objectTexts = new WeakMap<object, string>();

/**
 * Text of plain data such that equal texts mean equal values (Maps and Sets included, unlike
 * JSON). Equal values built with their keys in another order get different texts: that only
 * costs a missed reduction, never a wrong one.
 */
export function canonicalText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    let text = objectTexts.get(value);
    if (text === undefined) {
      text = objectText(value);
      objectTexts.set(value, text);
    }
    return text;
  }
  return scalarText(value);
}

function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return `${value}n`;
    case 'object':
      return 'n';
    default:
      throw new Error(`faultline explore: a world holds a ${typeof value}; node states, messages and the ghost must be plain data`);
  }
}

function objectText(value: object): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonicalText(value[index]);
    }
    return `${text}]`;
  }
  if (value instanceof Map) {
    let text = 'M[';
    for (const [key, entry] of value) text += `${canonicalText(key)}=>${canonicalText(entry)},`;
    return `${text}]`;
  }
  if (value instanceof Set) {
    let text = 'S[';
    for (const entry of value) text += `${canonicalText(entry)},`;
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    text += `${first ? '' : ','}${quotedKey(key)}:${canonicalText((value as Record<string, unknown>)[key])}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * A reply as far as the future is concerned: the outcome and an ok's output. The error sentence
 * of a `fail` or `unknown` is left out: it is for people (the simulator's own names a node, which
 * would defeat symmetry) and nothing downstream reads it.
 */
function replyText(reply: ClientReply<unknown> | null): string {
  if (reply === null) return '-';
  return reply.outcome === 'ok' ? `ok:${canonicalText(reply.output)}` : reply.outcome;
}

/**
 * Separates the parts of a key. `canonicalText` never writes it (JSON escapes control
 * characters), so joined parts are unambiguous.
 */
const partSeparator = '\u0001';

/** 53-bit hash (cyrb53) of one part, remembered: most parts are cached texts seen many times. */
function partHash(part: string): number {
  let known = partHashes.get(part);
  if (known === undefined) {
    let first = 0xdeadbeef;
    let second = 0x41c6ce57;
    for (let index = 0; index < part.length; index++) {
      const code = part.charCodeAt(index);
      first = Math.imul(first ^ code, 2654435761);
      second = Math.imul(second ^ code, 1597334677);
    }
    first = Math.imul(first ^ (first >>> 16), 2246822507);
    first ^= Math.imul(second ^ (second >>> 13), 3266489909);
    second = Math.imul(second ^ (second >>> 16), 2246822507);
    second ^= Math.imul(first ^ (first >>> 13), 3266489909);
    known = 4294967296 * (2097151 & second) + (first >>> 0);
    // Bounded: forgetting only costs hashing a part again.
    if (partHashes.size >= partHashesMax) partHashes.clear();
    partHashes.set(part, known);
  }
  return known;
}

const partHashes = new Map<string, number>();
const partHashesMax = 1 << 18;

/**
 * 64-bit hash of the list of parts, from each part's remembered hash (so a key costs about one
 * lookup per part, not one pass over the whole text): what the seen-set stores by default.
 */
export function hashParts(parts: readonly string[]): string {
  let first = 0x9e3779b9 ^ parts.length;
  let second = 0x85ebca6b;
  for (const part of parts) {
    const hash = partHash(part);
    const low = hash % 4294967296;
    const high = Math.floor(hash / 4294967296);
    first = Math.imul(first ^ low, 2654435761) ^ high;
    second = Math.imul(second ^ high, 1597334677) ^ low;
    first = (first << 13) | (first >>> 19);
    second = (second << 17) | (second >>> 15);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507);
  first ^= Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507);
  second ^= Math.imul(first ^ (first >>> 13), 3266489909);
  return `${(second >>> 0).toString(36)}.${(first >>> 0).toString(36)}`;
}

/**
 * Collects a key's parts while comparing them with the best (smallest) part list found so far
 * under another renaming: as soon as the new list is known to be larger it is abandoned, so most
 * renamings cost a part or two.
 */
class PartList {
  readonly parts: string[] = [];
  /** True while every part so far equals the best list's part at the same place. */
  private tied: boolean;

  constructor(private readonly best: readonly string[] | null) {
    this.tied = best !== null;
  }

  /** Adds a part; false when the list has become larger than the best one (give up). */
  add(part: string): boolean {
    if (this.tied) {
      const rival = this.best?.[this.parts.length];
      if (rival === undefined || part > rival) return false;
      if (part < rival) this.tied = false;
    }
    this.parts.push(part);
    return true;
  }

  /** True when the list is smaller than the best one (or there is none). */
  smaller(): boolean {
    return this.best === null || !this.tied || this.parts.length < this.best.length;
  }
}

/** A renaming of nodes: `map[node]` is the node's new id. */
interface Renaming {
  readonly map: readonly NodeId[];
  /** `inverse[newId]` is the node that gets that id. */
  readonly inverse: readonly NodeId[];
  readonly rename: (node: NodeId) => NodeId;
  readonly identity: boolean;
}

function renaming(map: readonly NodeId[]): Renaming {
  const inverse = map.slice();
  for (const [node, renamed] of map.entries()) inverse[renamed] = node;
  return {
    map,
    inverse,
    rename: (node) => map[node] ?? node,
    identity: map.every((renamed, node) => renamed === node),
  };
}

function permutationsOf(items: readonly NodeId[]): NodeId[][] {
  if (items.length <= 1) return [items.slice()];
  const result: NodeId[][] = [];
  for (const [index, item] of items.entries()) {
    const rest = items.filter((_, position) => position !== index);
    for (const tail of permutationsOf(rest)) result.push([item, ...tail]);
  }
  return result;
}

function factorial(count: number): number {
  let product = 1;
  for (let factor = 2; factor <= count; factor++) product *= factor;
  return product;
}

/** Groups of interchangeable nodes a protocol declares, checked (distinct ids in range). */
export function symmetryGroups(protocol: AnyProtocol, config: unknown, nodeCount: number): NodeId[][] {
  const symmetry = protocol.symmetry;
  if (!symmetry) return [];
  const groups = symmetry.interchangeableNodes(config).map((group) => [...group]);
  const seen = new Set<NodeId>();
  for (const group of groups) {
    for (const node of group) {
      if (!Number.isInteger(node) || node < 0 || node >= nodeCount || seen.has(node)) {
        throw new Error(
          `faultline explore: ${protocol.name}'s interchangeableNodes must list distinct node ids from 0 to ${nodeCount - 1}, got ${JSON.stringify(groups)}`,
        );
      }
      seen.add(node);
    }
  }
  return groups.filter((group) => group.length > 1);
}

export interface WorldKeyOptions {
  readonly symmetry: boolean;
  /** Return a 64-bit hash of the key instead of the key itself (far less memory). */
  readonly hashed: boolean;
  readonly exactNetworkOrder: boolean;
  /** Above this many renamings per world, symmetry is not used at all (`groups` is then empty). */
  readonly renamingsMax: number;
}

/**
 * Computes world keys for one (protocol, config). Per-object texts are cached (worlds share
 * unchanged node states, messages and history entries with their parents), so a key costs about
 * one lookup per node, message and operation plus the text of whatever changed.
 */
export class WorldKeys {
  readonly groups: readonly (readonly NodeId[])[];
  readonly renamings: readonly Renaming[];
  private readonly protocol: AnyProtocol;
  private readonly config: unknown;
  private readonly nodeCount: number;
  private readonly fifo: boolean;
  private readonly exactNetworkOrder: boolean;
  private readonly hashed: boolean;
  private readonly texts = new WeakMap<object, (string | undefined)[]>();

  constructor(protocol: AnyProtocol, config: unknown, options: WorldKeyOptions) {
    this.protocol = protocol;
    this.config = config;
    this.nodeCount = protocol.nodeCount(config);
    this.fifo = protocol.fifoLinks(config);
    this.exactNetworkOrder = options.exactNetworkOrder;
    this.hashed = options.hashed;
    const identity = Array.from({ length: this.nodeCount }, (_, node) => node);
    const groups = options.symmetry ? symmetryGroups(protocol, config, this.nodeCount) : [];
    const count = groups.reduce((product, group) => product * factorial(group.length), 1);
    if (groups.length === 0 || count > options.renamingsMax) {
      this.groups = [];
      this.renamings = [renaming(identity)];
      return;
    }
    let maps: NodeId[][] = [identity];
    for (const group of groups) {
      const next: NodeId[][] = [];
      for (const map of maps) {
        for (const order of permutationsOf(group)) {
          const extended = map.slice();
          for (const [position, node] of group.entries()) extended[node] = order[position] ?? node;
          next.push(extended);
        }
      }
      maps = next;
    }
    this.groups = groups;
    // The identity first, so that worlds without any symmetric twin cost one key.
    this.renamings = maps.map(renaming).sort((left, right) => Number(right.identity) - Number(left.identity));
  }

  /**
   * The world's key: the smallest part list over all renamings (the only one without symmetry),
   * hashed or joined.
   */
  key(world: World): string {
    let best: string[] | null = null;
    for (const [index, renamed] of this.renamings.entries()) {
      const list = new PartList(best);
      if (this.parts(world, renamed, index, list) && list.smaller()) best = list.parts;
    }
    const parts = best ?? [];
    return this.hashed ? hashParts(parts) : parts.join(partSeparator);
  }

  /** A message's link and content without renaming: equal texts are interchangeable messages. */
  plainMessageText(message: InFlightMessage<unknown>): string {
    // Renaming 0 is always the identity.
    return this.messageText(message, this.renamings[0] ?? renaming([]), 0);
  }

  /** Text of a value under renaming `index`, cached per object. */
  private cached(object: object, index: number, make: () => string): string {
    let perRenaming = this.texts.get(object);
    if (perRenaming === undefined) {
      perRenaming = [];
      this.texts.set(object, perRenaming);
    }
    let text = perRenaming[index];
    if (text === undefined) {
      text = make();
      perRenaming[index] = text;
    }
    return text;
  }

  private valueText(value: unknown, index: number, make: () => string): string {
    return typeof value === 'object' && value !== null ? this.cached(value, index, make) : make();
  }

  private messageText(message: InFlightMessage<unknown>, renamed: Renaming, index: number): string {
    return this.cached(message, index, () => {
      const symmetry = this.protocol.symmetry;
      const content = renamed.identity || !symmetry ? message.message : symmetry.renameMessage(message.message, renamed.rename, this.config);
      return `${renamed.rename(message.from)}>${renamed.rename(message.to)}:${canonicalText(content)}`;
    });
  }

  /** The key of `world` under one renaming, as parts (most of them cached texts). */
  private parts(world: World, renamed: Renaming, index: number, list: PartList): boolean {
    const symmetry = this.protocol.symmetry;
    const rename = !renamed.identity && symmetry ? symmetry : null;
    for (let position = 0; position < this.nodeCount; position++) {
      const node = renamed.inverse[position] ?? position;
      const slot = world.nodes[node];
      if (!slot) continue;
      if (!list.add(`${slot.up ? 'U' : 'D'}${slot.restarts}`)) return false;
      const state = this.valueText(slot.state, index, () =>
        canonicalText(rename ? rename.renameState(slot.state, renamed.rename, this.config) : slot.state),
      );
      if (!list.add(state)) return false;
      if (!slot.up) {
        const durable = slot.durableAfterCrash;
        const survived = this.valueText(durable, index, () =>
          canonicalText(rename ? rename.renameDurable(durable, renamed.rename, this.config) : durable),
        );
        if (!list.add(survived)) return false;
      }
    }

    const messages = world.network.inFlight.map((message) => this.messageText(message, renamed, index));
    if (!this.exactNetworkOrder) {
      if (this.fifo) {
        // Per link the order is the protocol's business (FIFO); across links it is not.
        const link = (message: string): string => message.slice(0, message.indexOf(':'));
        messages.sort((left, right) => {
          const leftLink = link(left);
          const rightLink = link(right);
          return leftLink < rightLink ? -1 : leftLink > rightLink ? 1 : 0;
        });
      } else {
        messages.sort();
      }
    }
    if (!list.add(`M${messages.length}`)) return false;
    for (const message of messages) if (!list.add(message)) return false;

    const partition = world.network.partition;
    if (partition === null) {
      if (!list.add('P')) return false;
    } else {
      const labels = new Array<number>(this.nodeCount).fill(0);
      for (const [node, label] of partition.entries()) labels[renamed.rename(node)] = label;
      const renumbered = new Map<number, number>();
      let text = 'P';
      for (const label of labels) {
        let side = renumbered.get(label);
        if (side === undefined) {
          side = renumbered.size;
          renumbered.set(label, side);
        }
        text += String(side);
      }
      if (!list.add(text)) return false;
    }

    if (!list.add(`H${world.history.length}`)) return false;
    for (const entry of world.history) {
      const text = this.cached(
        entry,
        index,
        () =>
          `${entry.clientId},${renamed.rename(entry.node)},${entry.invokedAt},${entry.completedAt ?? '-'},${canonicalText(entry.operation)},${replyText(entry.reply)}`,
      );
      if (!list.add(text)) return false;
    }
    const clients = `C${world.clock}:${world.pendingByClient.map((pending) => (pending === null ? '-' : String(pending))).join(',')}`;
    if (!list.add(clients)) return false;
    const ghost = world.ghost;
    return list.add(
      ghost === null || ghost === undefined
        ? 'G'
        : `G${this.valueText(ghost, index, () => canonicalText(rename?.renameGhost ? rename.renameGhost(ghost, renamed.rename, this.config) : ghost))}`,
    );
  }
}
