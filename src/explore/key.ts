/**
 * State hashing for exhaustive exploration: a canonical text of everything in a world that can
 * influence its future, optionally minimised over renamings of interchangeable nodes.
 *
 * What the key holds: per node its up/down status, restart count (restart seeds derive from it),
 * state and what survived its last crash; the messages in flight (from, to, content); the
 * partition (labels renumbered by first appearance); per history entry its client, first node,
 * operation, logical invocation/completion times, attempts (a failure answering a retried request
 * is recorded as unknown, and ZAB's properties judge first attempts only) and reply (outcome and output: the error sentence
 * of a failure is for people, so properties must not depend on it); the pending operation per client;
 * the logical clock and the ghost. What it leaves out: step numbers, message ids and the
 * *AtStep fields of the history, which models never see and properties only quote in messages
 * (while the history holds an operation the protocol's `historyStepsCompared` names, each entry's
 * `completedAtStep` is keyed), and the world's random seed, which is fixed for a whole exploration.
 *
 * The in-flight messages are keyed per link, each link's queue in order, the links in a fixed
 * order, unless `exactNetworkOrder` keys the global order too. How sends on different links
 * interleaved decides only which index names which message, and every index is tried, so the
 * safety phase has the same futures either way; the liveness phase delivers link by link
 * (`Simulator.roundPlan`), so it cannot tell such worlds apart either.
 *
 * Node symmetry is exact for the safety phase when the protocol's `symmetry` tells the truth; the
 * liveness phase ticks, restarts, retries and delivers in node order, so it may in principle
 * judge two symmetric worlds differently: exploration checks one of them (`--no-symmetry` checks
 * each).
 */
import type { World } from '../core/simulator.ts';
import type { AnyProtocol, ClientReply, InFlightMessage, NodeId } from '../core/types.ts';
import { WeakCache } from '../core/weak-cache.ts';

export { WeakCache };

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

/*
 * Structural hashing, what the seen-set stores by default: a value's hash is mixed from its
 * fields' hashes, and an object's hash is cached like its text (worlds share their unchanged
 * objects with their parents), so a new world costs a few mixes per object a step created
 * instead of the text of the whole node state and a pass over it. Two 32-bit lanes, mixed with
 * different constants and across, give each value a 64-bit hash; a part of a key is 53 bits of
 * it (a number, so parts compare as numbers under symmetry), and the world's key mixes its parts
 * into 64 bits again.
 */

/** The lanes of the last hash computed (avoids allocating a pair per value). */
let laneHigh = 0;
let laneLow = 0;

/** Entries per generation of the key's caches: a few hundred worlds' new objects. */
export const weakCacheGenerationSets = 1 << 16;

const objectHashes = new WeakCache<object, { readonly high: number; readonly low: number }>(weakCacheGenerationSets);
/**
 * False while a transient world is keyed (`WorldKeys.transientKey`): hashes already cached are
 * used, new ones are not kept. A liveness phase's worlds share few objects with anything keyed
 * later, and caching them (WeakMap entries, and the garbage they keep) cost as much as hashing.
 */
let cacheNewHashes = true;
const stringHashes = new Map<string, { readonly high: number; readonly low: number }>();
const stringHashesMax = 1 << 16;
const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

function mixLanes(high: number, low: number, inputHigh: number, inputLow: number): void {
  let nextHigh = Math.imul(high ^ inputHigh, 0x9e3779b1);
  let nextLow = Math.imul(low ^ inputLow, 0x85ebca77);
  nextHigh = ((nextHigh << 13) | (nextHigh >>> 19)) ^ nextLow;
  nextLow = ((nextLow << 17) | (nextLow >>> 15)) + inputHigh;
  laneHigh = nextHigh | 0;
  laneLow = nextLow | 0;
}

/** fmix32 of both lanes, each fed by the other, into `laneHigh` and `laneLow`. */
function finishLanes(high: number, low: number): void {
  let first = high ^ (high >>> 16);
  first = Math.imul(first, 0x85ebca6b);
  first ^= Math.imul(low ^ (low >>> 13), 0xc2b2ae35);
  first ^= first >>> 16;
  let second = low ^ (low >>> 15);
  second = Math.imul(second, 0x2c1b3c6d);
  second ^= Math.imul(first ^ (first >>> 13), 0x297a2d39);
  second ^= second >>> 16;
  laneHigh = first | 0;
  laneLow = second | 0;
}

function hashString(text: string, tag: number): void {
  const known = stringHashes.get(text);
  if (known !== undefined) {
    laneHigh = known.high ^ tag;
    laneLow = known.low;
    return;
  }
  let high = 0x243f6a88 ^ text.length;
  let low = 0x13198a2e;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x9e3779b1);
    low = Math.imul(low ^ code, 0x85ebca77);
    high = (high << 15) | (high >>> 17);
  }
  finishLanes(high, low);
  // Bounded: forgetting only costs hashing a string again.
  if (stringHashes.size >= stringHashesMax) stringHashes.clear();
  stringHashes.set(text, { high: laneHigh, low: laneLow });
  laneHigh ^= tag;
}

/** Hashes of the kinds of values, so that `[]`, `{}`, `0`, `"0"` and `false` differ. */
const tags = { number: 0x1000_0001, string: 0x2000_0003, array: 0x3000_0005, map: 0x4000_0007, set: 0x5000_000b, object: 0x6000_000d } as const;

/** Sets `laneHigh`/`laneLow` to the value's structural hash: equal hashes for values `canonicalText` writes alike. */
function hashValue(value: unknown): void {
  switch (typeof value) {
    case 'object': {
      if (value === null) {
        laneHigh = 0x7f4a7c15;
        laneLow = 0x1;
        return;
      }
      const known = objectHashes.get(value);
      if (known !== undefined) {
        laneHigh = known.high;
        laneLow = known.low;
        return;
      }
      hashObject(value);
      if (cacheNewHashes) objectHashes.set(value, { high: laneHigh, low: laneLow });
      return;
    }
    case 'number':
      if ((value | 0) === value && !Object.is(value, -0)) {
        finishLanes(value ^ tags.number, value);
      } else {
        float[0] = value;
        finishLanes((floatWords[0] ?? 0) ^ tags.number, (floatWords[1] ?? 0) ^ 0x5bd1e995);
      }
      return;
    case 'string':
      hashString(value, tags.string);
      return;
    case 'boolean':
      laneHigh = 0x7f4a7c15;
      laneLow = value ? 0x3 : 0x2;
      return;
    case 'undefined':
      laneHigh = 0x7f4a7c15;
      laneLow = 0x4;
      return;
    case 'bigint':
      hashString(String(value), 0x0b16_1e17);
      return;
    default:
      // The same error as `canonicalText`.
      scalarText(value);
  }
}

function hashObject(value: object): void {
  let high: number;
  let low: number;
  if (Array.isArray(value)) {
    high = tags.array;
    low = value.length;
    for (let index = 0; index < value.length; index++) {
      hashValue(value[index]);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
    }
  } else if (value instanceof Map) {
    high = tags.map;
    low = value.size;
    for (const [key, entry] of value) {
      hashValue(key);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
      hashValue(entry);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
    }
  } else if (value instanceof Set) {
    high = tags.set;
    low = value.size;
    for (const entry of value) {
      hashValue(entry);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
    }
  } else {
    high = tags.object;
    low = 0;
    for (const key of Object.keys(value)) {
      hashString(key, 0);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
      hashValue((value as Record<string, unknown>)[key]);
      mixLanes(high, low, laneHigh, laneLow);
      high = laneHigh;
      low = laneLow;
      low++;
    }
  }
  finishLanes(high, low);
}

/** 53 bits of the last hash computed: a key part. */
function lanesAsPart(): number {
  return (laneHigh & 0x1fffff) * 4294967296 + (laneLow >>> 0);
}

/** The structural hash of a value as a key part (see above). */
export function valueHash(value: unknown): number {
  hashValue(value);
  return lanesAsPart();
}

/** An object's structural hash as a key part, not cached (the hashes of its fields are). */
function objectPart(value: object): number {
  hashObject(value);
  return lanesAsPart();
}

/** One part from two (a message's link and content). */
function pairHash(first: number, second: number): number {
  mixLanes(0x3c6ef372, 0xa54ff53a, Math.floor(first / 4294967296), (first % 4294967296) | 0);
  mixLanes(laneHigh, laneLow, Math.floor(second / 4294967296), (second % 4294967296) | 0);
  finishLanes(laneHigh, laneLow);
  return lanesAsPart();
}

/** A part of a key: a 53-bit hash, or with text keys the text itself. */
type Part = string | number;

/** The hash of a text as a key part. */
export function textHash(text: string): number {
  hashString(text, 0x0c0d_e5);
  return lanesAsPart();
}

/** 64-bit hash of a list of parts (hash parts, or text parts hashed first), as a short string. */
export function hashParts(parts: readonly (string | number)[]): string {
  let high = 0x9e3779b9 ^ parts.length;
  let low = 0x85ebca6b;
  for (const part of parts) {
    const hash = typeof part === 'number' ? part : textHash(part);
    mixLanes(high, low, Math.floor(hash / 4294967296), (hash % 4294967296) | 0);
    high = laneHigh;
    low = laneLow;
  }
  finishLanes(high, low);
  return `${(laneHigh >>> 0).toString(36)}.${(laneLow >>> 0).toString(36)}`;
}

/**
 * Collects a key's parts while comparing them with the best (smallest) part list found so far
 * under another renaming: as soon as the new list is known to be larger it is abandoned, so most
 * renamings cost a part or two.
 */
class PartList {
  readonly parts: Part[] = [];
  /** True while every part so far equals the best list's part at the same place. */
  private tied: boolean;

  constructor(private readonly best: readonly Part[] | null) {
    this.tied = best !== null;
  }

  /** Adds a part; false when the list has become larger than the best one (give up). */
  add(part: Part): boolean {
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
  /** Key each history entry's attempt count (default true; see `ExploreOptions.mergeRetries`). */
  readonly attempts?: boolean;
  /** Entries per generation of the per-renaming parts' caches (see `WeakCache`). Default `weakCacheGenerationSets`. */
  readonly cacheGenerationSets?: number;
}

/** What `ghostPart` keys a ghost's reference to the world's own history or nodes as. */
const worldHistoryReference = Object.freeze({ '\u0002ghost refers to': 'the world history' });
const worldNodesReference = Object.freeze({ '\u0002ghost refers to': 'the world nodes' });

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
  private readonly exactNetworkOrder: boolean;
  private readonly keyAttempts: boolean;
  /** Operations whose presence in the history has each entry's completion step keyed (`Protocol.historyStepsCompared`). */
  private readonly stepsCompared: ((operation: unknown) => boolean) | null;
  private readonly hashed: boolean;
  private readonly partsByObject: WeakCache<object, (Part | undefined)[]>;
  /** `ghostPart` per ghost object, with the history and nodes it was keyed against. */
  private readonly ghostParts: WeakCache<object, { readonly history: unknown; readonly nodes: unknown; readonly part: Part }>;

  constructor(protocol: AnyProtocol, config: unknown, options: WorldKeyOptions) {
    this.protocol = protocol;
    this.config = config;
    this.nodeCount = protocol.nodeCount(config);
    this.exactNetworkOrder = options.exactNetworkOrder;
    this.keyAttempts = options.attempts ?? true;
    this.stepsCompared = protocol.historyStepsCompared ?? null;
    this.hashed = options.hashed;
    this.partsByObject = new WeakCache(options.cacheGenerationSets ?? weakCacheGenerationSets);
    this.ghostParts = new WeakCache(options.cacheGenerationSets ?? weakCacheGenerationSets);
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
    let best: Part[] | null = null;
    // The same for every renaming: whether the history's completion steps are keyed.
    const keySteps = this.stepsCompared !== null && world.history.some((entry) => this.stepsCompared?.(entry.operation) === true);
    for (const [index, renamed] of this.renamings.entries()) {
      const list = new PartList(best);
      if (this.parts(world, renamed, index, list, keySteps) && list.smaller()) best = list.parts;
    }
    const parts = best ?? [];
    return this.hashed ? hashParts(parts) : parts.join(partSeparator);
  }

  /**
   * The key of a world whose objects are not keyed again (a liveness phase's, see
   * `ExploreOptions.memoizeLivenessPhases`): the same key as `key`, without caching the hashes of
   * the objects first hashed here. Only for hashed keys; text keys cache as `key` does.
   */
  transientKey(world: World): string {
    cacheNewHashes = !this.hashed;
    try {
      return this.key(world);
    } finally {
      cacheNewHashes = true;
    }
  }

  /** A message's link and content without renaming: equal texts are interchangeable messages. */
  plainMessageText(message: InFlightMessage<unknown>): string {
    return `${message.from}>${message.to}:${canonicalText(message.message)}`;
  }

  /** A value's part: its structural hash, or with `hashed` false its canonical text. */
  private valuePart(value: unknown): Part {
    return this.hashed ? valueHash(value) : canonicalText(value);
  }

  /** A text's part: its hash, or with `hashed` false the text itself. */
  private textPart(text: string): Part {
    return this.hashed ? textHash(text) : text;
  }

  /** Part of a value under renaming `index`, cached per object. */
  private cached(object: object, index: number, make: () => Part): Part {
    let perRenaming = this.partsByObject.get(object);
    if (perRenaming === undefined && !cacheNewHashes) return make();
    if (perRenaming === undefined) {
      perRenaming = [];
      this.partsByObject.set(object, perRenaming);
    }
    let part = perRenaming[index];
    if (part === undefined) {
      part = make();
      perRenaming[index] = part;
    }
    return part;
  }

  private valueText(value: unknown, index: number, make: () => Part): Part {
    return typeof value === 'object' && value !== null ? this.cached(value, index, make) : make();
  }

  /** A message's part (its renamed link and content) and its renamed link, for sorting by link. */
  private messagePart(message: InFlightMessage<unknown>, renamed: Renaming, index: number): Part {
    return this.cached(message, index, () => {
      const symmetry = this.protocol.symmetry;
      const content = renamed.identity || !symmetry ? message.message : symmetry.renameMessage(message.message, renamed.rename, this.config);
      const link = `${renamed.rename(message.from)}>${renamed.rename(message.to)}`;
      return this.hashed ? pairHash(textHash(link), valueHash(content)) : `${link}:${canonicalText(content)}`;
    });
  }
  /** The key of `world` under one renaming, as parts (most of them cached). */
  private parts(world: World, renamed: Renaming, index: number, list: PartList, keySteps: boolean): boolean {
    const symmetry = this.protocol.symmetry;
    const rename = !renamed.identity && symmetry ? symmetry : null;
    for (let position = 0; position < this.nodeCount; position++) {
      const node = renamed.inverse[position] ?? position;
      const slot = world.nodes[node];
      if (!slot) continue;
      if (!list.add(this.textPart(`${slot.up ? 'U' : 'D'}${slot.restarts}`))) return false;
      const state = this.valueText(slot.state, index, () =>
        this.valuePart(rename ? rename.renameState(slot.state, renamed.rename, this.config) : slot.state),
      );
      if (!list.add(state)) return false;
      if (!slot.up) {
        const durable = slot.durableAfterCrash;
        const survived = this.valueText(durable, index, () =>
          this.valuePart(rename ? rename.renameDurable(durable, renamed.rename, this.config) : durable),
        );
        if (!list.add(survived)) return false;
      }
    }

    const inFlight = world.network.inFlight;
    let messages: Part[] = new Array(inFlight.length);
    for (let position = 0; position < inFlight.length; position++) {
      const message = inFlight[position];
      if (message) messages[position] = this.messagePart(message, renamed, index);
    }
    if (!this.exactNetworkOrder && messages.length > 1) {
      // Per link the order is kept (FIFO links keep it; the liveness phase delivers each link's
      // messages oldest first); across links it is not: a stable sort by renamed link.
      const linkOf = (position: number): number => {
        const message = inFlight[position];
        return message ? renamed.rename(message.from) * this.nodeCount + renamed.rename(message.to) : 0;
      };
      const unsorted = messages;
      messages = Array.from({ length: messages.length }, (_, position) => position)
        .sort((left, right) => linkOf(left) - linkOf(right) || left - right)
        .map((position) => unsorted[position] as Part);
    }
    if (!list.add(this.textPart(`M${messages.length}`))) return false;
    for (const message of messages) if (!list.add(message)) return false;

    const partition = world.network.partition;
    if (partition === null) {
      if (!list.add(this.textPart('P'))) return false;
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
      if (!list.add(this.textPart(text))) return false;
    }

    if (!list.add(this.textPart(`H${world.history.length}${keySteps ? '@' : ''}`))) return false;
    for (const entry of world.history) {
      const part = this.cached(entry, index, () =>
        this.textPart(
          `${entry.clientId},${renamed.rename(entry.node)},${entry.invokedAt},${entry.completedAt ?? '-'},${this.keyAttempts ? entry.attempts : '*'},${canonicalText(entry.operation)},${replyText(entry.reply)}`,
        ),
      );
      if (!list.add(part)) return false;
      // Not in the entry's cached part: the same entry object may sit in a history without such an operation.
      if (keySteps && !list.add(this.textPart(`@${entry.completedAtStep ?? '-'}`))) return false;
    }
    const clients = `C${world.clock}:${world.pendingByClient.map((pending) => (pending === null ? '-' : String(pending))).join(',')}`;
    if (!list.add(this.textPart(clients))) return false;
    const ghost = world.ghost;
    if (ghost === null || ghost === undefined) return list.add(this.textPart('G'));
    if (rename?.renameGhost)
      return list.add(this.valueText(ghost, index, () => this.valuePart(rename.renameGhost?.(ghost, renamed.rename, this.config))));
    return list.add(this.ghostPart(world, ghost, index));
  }

  /**
   * The ghost's part, with a field that is the world's own history or node array (a ghost's
   * "what I last looked at", which lets its next observation skip what did not change) keyed as
   * that reference, not as its value: the key holds the history and the nodes already, each as far
   * as the future is concerned. By value, a history's step numbers (`invokedAtStep`, which the
   * key leaves out: models never read them) came back in through the ghost, and worlds equal but
   * for when a client's request was made stayed apart: Kafka's ghost keeps the history it last
   * looked at, and on Kafka with one crash this merges 4,670 worlds at depth 4 into 1,901. Sound
   * as the key's history is: an observation reads such a field only to compare it with the next
   * world's (by reference, the same in both worlds) and to find the entries added since.
   */
  private ghostPart(world: World, ghost: unknown, index: number): Part {
    const plain = typeof ghost === 'object' && ghost !== null && !Array.isArray(ghost) && !(ghost instanceof Map) && !(ghost instanceof Set);
    const fields = plain ? (ghost as Record<string, unknown>) : null;
    const refersToWorld = fields !== null && Object.keys(fields).some((name) => fields[name] === world.history || fields[name] === world.nodes);
    if (fields === null || !refersToWorld) return this.valueText(ghost, index, () => this.valuePart(ghost));
    const known = this.ghostParts.get(fields);
    if (known !== undefined && known.history === world.history && known.nodes === world.nodes) return known.part;
    const standIn: Record<string, unknown> = {};
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      standIn[name] = value === world.history ? worldHistoryReference : value === world.nodes ? worldNodesReference : value;
    }
    // The stand-in is new and never keyed again: its fields' hashes are cached, not its own.
    const part = this.hashed ? objectPart(standIn) : objectText(standIn);
    if (cacheNewHashes) this.ghostParts.set(fields, { history: world.history, nodes: world.nodes, part });
    return part;
  }
}
