/**
 * Scripted scenarios: a tiny text format, one event per line (like etcd's interaction tests), to
 * write a schedule by hand, replay it with `faultline replay FILE.scenario`, and assert on it.
 *
 *     # the primary acknowledges, then crashes before any backup has the write
 *     protocol primary-backup
 *     variant ack-before-replicate
 *     set nodeCount=3
 *     seed 0
 *     client 0 0 write 7        # client <node> <client> <operation>
 *     drop 0->1 Replicate       # or by position among the messages it can pick: drop 0
 *     drop 0
 *     crash 0                   # or: crash 0 power-loss
 *     expect violation no-acked-write-lost   # or: expect violation (any), expect no-violation
 *
 * A `check PROPERTY ...` line checks only those properties (as `--property` does), so one that
 * breaks first does not hide the one the story is about. Header lines (protocol, variant, set,
 * seed, check, expect) may stand anywhere and apply to the whole run.
 *
 * Event lines are what transcripts print: deliver, drop and duplicate name a message either by
 * position (`deliver 2`, the third message the event can pick) or by what it is (`deliver 0->1
 * RequestVote`: sender, receiver and the start of the message's `describeMessage` text, up to a
 * word boundary), as the minimizer does; then tick N, crash N [power-loss], restart N,
 * partition G0,G1,... (one side per node), heal, client NODE CLIENT OPERATION.
 *
 * Generated schedules take every index modulo what is available; a scenario is written by hand, so
 * it is validated strictly instead: nodes, clients and message positions must exist, a partition
 * names every node's side, a named message must be in flight (and deliverable) when its line runs,
 * every event line must do something where it runs, an expected property must be one the protocol
 * declares, and no line holds a control character or a bidirectional-text control outside its
 * comment (a tab aside). Every error is one line that names the file and line.
 * `#` starts a comment at the start of a line or after a space when followed by a space (message
 * texts such as `Forward(client 0 #3 ...)` keep theirs).
 */
import { checkableProperties, undeclaredProperties } from '../core/protocol.ts';
import escapeRegExp from 'lodash/escapeRegExp.js';
import isEqual from 'lodash/isEqual.js';
import uniq from 'lodash/uniq.js';
import { formatEvent, type ScheduleEvent } from '../core/events.ts';
import { shownJson } from '../core/json-text.ts';
import { seedMax } from '../core/random.ts';
import { propertiesOf, Simulator, type World } from '../core/simulator.ts';
import { exceptionProperty, type AnyProtocol, type InFlightMessage, type Violation } from '../core/types.ts';
import { replaySchedule, resolveSetup } from '../hunt/hunt.ts';
import { artifactOf, controlCharacterPattern, operationProblem, type Artifact } from './artifact.ts';

export interface Scenario {
  readonly protocol: string;
  readonly variant: string;
  readonly settings: Readonly<Record<string, string>>;
  /** The protocol's config after the variant's and the scenario's settings. */
  readonly config: unknown;
  readonly randomSeed: number;
  /** A `check` line's properties: only those are checked (absent: all). */
  readonly properties?: readonly string[];
  /** Every message named by what it is is resolved to its position when its line runs. */
  readonly events: readonly ScheduleEvent[];
  /** `violation P`, `no-violation`, or null when the scenario states no expectation. */
  readonly expectation: { readonly kind: 'violation'; readonly property: string | null } | { readonly kind: 'no-violation' } | null;
}

export interface ScenarioError {
  readonly file: string;
  readonly line: number;
  readonly expected: string;
  readonly found: string;
}

/** One line, however long the line of the file: what was found is cut as artifacts' values are (`shownJson`). */
export function formatScenarioError(error: ScenarioError): string {
  // A protocol's message may say what it found already.
  const found = error.expected.includes('found "') ? '' : `, found ${shownJson(error.found)}`;
  return `${error.file}:${error.line}: expected ${error.expected}${found}`;
}

/**
 * A protocol's own error message, which quotes what the line holds (`found "write 999..."`): each
 * quoted text is cut as `shownJson` cuts values, so a megabyte line still gives one short line.
 */
function protocolMessage(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => (quoted.length > 60 ? `${quoted.slice(0, 56)}..."` : quoted));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: ScenarioError };

const integerPattern = /^\d+$/;
const namedMessagePattern = /^(\d+)->(\d+)\s+(\S.*)$/;
const eventKeywords = new Set(['deliver', 'drop', 'duplicate', 'tick', 'crash', 'restart', 'partition', 'heal', 'client']);

/** The line without its comment, trimmed (see the module comment for what a comment is). */
function withoutComment(raw: string): string {
  if (/^\s*#/.test(raw)) return '';
  return raw.replace(/\s#(?:\s.*)?$/, '').trim();
}

function normalizeSpaces(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** `text` starts `description` and ends at a word boundary of it (`RequestVote` is not the start of `RequestVoteResponse(...)`). */
function namesDescription(text: string, description: string): boolean {
  if (!description.startsWith(text)) return false;
  const next = description.charAt(text.length);
  return next === '' || !/\w/.test(next) || !/\w/.test(text.charAt(text.length - 1));
}

function describeInFlight(simulator: Simulator, message: InFlightMessage<unknown>): string {
  return `${message.from}->${message.to} ${normalizeSpaces(simulator.describeSafely('describeMessage', message.message))}`;
}

/** Up to `max` items, then how many more. */
function listSome(items: readonly string[], max = 4): string {
  const shown = items.slice(0, max).join('; ');
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

/**
 * The position (among the messages a message event can pick in `world`) of the message `argument`
 * names, or why there is none. `argument` is a position (`2`) or `FROM->TO TEXT`.
 */
function resolveMessage(simulator: Simulator, world: World, argument: string): { position: number } | { expected: string } {
  const choices = simulator.messageChoices(world);
  if (integerPattern.test(argument)) {
    const position = Number(argument);
    if (position < choices.length) return { position };
    // Under FIFO links only the oldest message on each link can be picked: say both counts.
    const inFlight = world.network.inFlight.length;
    const available =
      choices.length === inFlight
        ? `${inFlight} in flight here`
        : `${choices.length} can be picked here, the oldest on each FIFO link, of ${inFlight} in flight`;
    return {
      expected:
        choices.length === 0
          ? 'a message in flight (none is here)'
          : `a message position from 0 to ${choices.length - 1} (${available}; or name it: FROM->TO TEXT)`,
    };
  }
  const match = namedMessagePattern.exec(argument);
  if (!match) return { expected: 'a message position N, or FROM->TO TEXT (sender, receiver, start of the message text)' };
  const from = Number(match[1]);
  const to = Number(match[2]);
  const text = normalizeSpaces(match[3] ?? '');
  for (const node of [from, to]) {
    if (node >= simulator.nodeCount) return { expected: `nodes from 0 to ${simulator.nodeCount - 1} in FROM->TO` };
  }
  const named = (message: InFlightMessage<unknown>): boolean =>
    message.from === from &&
    message.to === to &&
    namesDescription(text, normalizeSpaces(simulator.describeSafely('describeMessage', message.message)));
  const candidates = choices.flatMap((message, position) => (named(message) ? [{ message, position }] : []));
  if (candidates.length === 0) {
    // Those on the named link first: the likeliest to be what was meant.
    const onLink = (message: InFlightMessage<unknown>): number => (message.from === from && message.to === to ? 0 : 1);
    const inFlight = [...world.network.inFlight]
      .sort((left, right) => onLink(left) - onLink(right))
      .map((message) => describeInFlight(simulator, message));
    if (world.network.inFlight.some(named)) {
      return {
        expected: `a message ${from}->${to} ${shownJson(text)} that can be picked: it is in flight, but behind an older message on the FIFO link ${from}->${to}`,
      };
    }
    // A text that starts a message's but ends inside a word names nothing: say why (`Repl`).
    const cut = world.network.inFlight.find(
      (message) =>
        message.from === from && message.to === to && normalizeSpaces(simulator.describeSafely('describeMessage', message.message)).startsWith(text),
    );
    const hint = cut === undefined ? '' : `; a name ends at a word boundary, and this one ends inside a word of ${describeInFlight(simulator, cut)}`;
    return {
      expected: `a message ${from}->${to} ${shownJson(text)} in flight here (in flight: ${inFlight.length === 0 ? 'nothing' : listSome(inFlight)}${hint})`,
    };
  }
  const descriptions = [...new Set(candidates.map((candidate) => describeInFlight(simulator, candidate.message)))];
  const exact = candidates.filter((candidate) => describeInFlight(simulator, candidate.message) === `${from}->${to} ${text}`);
  // Identical copies (a duplicate, a resend) are told apart by age: the oldest is picked.
  if (exact.length > 0) return { position: exact[0]?.position ?? 0 };
  if (descriptions.length === 1) return { position: candidates[0]?.position ?? 0 };
  return {
    expected: `one message ${from}->${to} ${shownJson(text)}, but ${descriptions.length} different ones match (${listSome(descriptions)}): write more of its text`,
  };
}

interface EventLine {
  readonly line: number;
  readonly text: string;
  readonly keyword: string;
  readonly rest: readonly string[];
}

/**
 * Parses and validates a scenario. `findProtocol` resolves the protocol (client operations are
 * parsed by it); the variant and settings are resolved as `faultline hunt` does, and the events are
 * run through the simulator to check each against the world it meets (named messages are resolved
 * there). Pure: no file system, no clock.
 */
export function parseScenario(
  file: string,
  text: string,
  findProtocol: (name: string) => AnyProtocol | undefined,
  protocolNames: readonly string[],
): Parsed<Scenario> {
  let protocol: AnyProtocol | undefined;
  let protocolLine = 0;
  let variant = 'correct';
  let variantLine = 0;
  let randomSeed = 0;
  let seedLine = 0;
  const settings: Record<string, string> = {};
  const settingLines = new Map<string, number>();
  let expectation: Scenario['expectation'] = null;
  let expectLine = 0;
  let properties: readonly string[] | undefined;
  let checkLine = 0;
  const eventLines: EventLine[] = [];
  const fail = (line: number, expected: string, found: string): Parsed<Scenario> => ({
    ok: false,
    error: { file, line, expected, found },
  });
  const once = (previous: number, lineNumber: number, keyword: string, line: string): Parsed<Scenario> | null =>
    previous === 0 ? null : fail(lineNumber, `one "${keyword}" line (the first is on line ${previous})`, line);

  // First pass: the header and the shape of each line.
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const lineNumber = index + 1;
    const line = withoutComment(raw);
    if (line === '') continue;
    // Text from the file reaches the terminal, the transcript and the picture: no control characters
    // (an artifact holding one in an operation is refused too). Tabs separate words like spaces.
    // A NUL byte is no text anyone wrote: say what the file is instead of showing its bytes.
    if (raw.includes('\u0000')) return fail(lineNumber, 'a text file (a scenario; this one holds binary data, a NUL byte)', line);
    const control = controlCharacterPattern.exec(line.replace(/\t/g, ' '));
    if (control) {
      const code = `U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      return fail(lineNumber, `a line without control characters (column ${raw.indexOf(control[0]) + 1} holds ${code})`, line);
    }
    const [keyword = '', ...rest] = line.split(/\s+/);
    const argument = rest.join(' ');
    switch (keyword) {
      case 'protocol': {
        const repeated = once(protocolLine, lineNumber, keyword, line);
        if (repeated) return repeated;
        protocol = findProtocol(argument);
        if (!protocol) return fail(lineNumber, `a protocol name (${protocolNames.join(', ')})`, argument);
        protocolLine = lineNumber;
        continue;
      }
      case 'variant': {
        const repeated = once(variantLine, lineNumber, keyword, line);
        if (repeated) return repeated;
        if (rest.length !== 1) return fail(lineNumber, 'variant NAME', line);
        variant = argument;
        variantLine = lineNumber;
        continue;
      }
      case 'set': {
        const match = /^([A-Za-z][\w.-]*)=(\S*)$/.exec(argument);
        if (!match) return fail(lineNumber, 'set key=value', line);
        const key = match[1] ?? '';
        if (settingLines.has(key)) return fail(lineNumber, `one "set ${key}=..." line (the first is on line ${settingLines.get(key)})`, line);
        settings[key] = match[2] ?? '';
        settingLines.set(key, lineNumber);
        continue;
      }
      case 'seed': {
        const repeated = once(seedLine, lineNumber, keyword, line);
        if (repeated) return repeated;
        // Seeds are mixed as 32-bit numbers: a larger one would silently run as another seed.
        if (rest.length !== 1 || !integerPattern.test(argument) || Number(argument) > seedMax) {
          return fail(lineNumber, `seed N (an integer from 0 to ${seedMax})`, line);
        }
        randomSeed = Number(argument);
        seedLine = lineNumber;
        continue;
      }
      case 'expect': {
        const repeated = once(expectLine, lineNumber, keyword, line);
        if (repeated) return repeated;
        if (rest[0] === 'no-violation' && rest.length === 1) expectation = { kind: 'no-violation' };
        else if (rest[0] === 'violation' && rest.length <= 2) expectation = { kind: 'violation', property: rest[1] ?? null };
        else return fail(lineNumber, '"expect no-violation" or "expect violation [PROPERTY]"', line);
        expectLine = lineNumber;
        continue;
      }
      case 'check': {
        const repeated = once(checkLine, lineNumber, keyword, line);
        if (repeated) return repeated;
        if (rest.length === 0) return fail(lineNumber, 'check PROPERTY [PROPERTY ...] (the properties to check; the others are not)', line);
        properties = uniq(rest);
        checkLine = lineNumber;
        continue;
      }
      default:
        if (!eventKeywords.has(keyword)) {
          return fail(
            lineNumber,
            'one of protocol, variant, set, seed, check, expect, deliver, drop, duplicate, tick, crash, restart, partition, heal, client',
            keyword,
          );
        }
        eventLines.push({ line: lineNumber, text: line, keyword, rest });
    }
  }
  if (!protocol) return fail(1, 'a "protocol NAME" line (usually the first)', '(none in the file)');
  if (properties !== undefined) {
    const [unknown] = undeclaredProperties(protocol, properties);
    if (unknown !== undefined) {
      return fail(checkLine, `properties of ${protocol.name} to check (${checkableProperties(protocol).join(', ')})`, unknown);
    }
  }

  const setup = resolveSetup(protocol, variant, settings);
  if ('error' in setup) {
    const known = protocol.variants.some((description) => description.name === variant);
    if (!known)
      return fail(variantLine, `a variant of ${protocol.name} (${protocol.variants.map((description) => description.name).join(', ')})`, variant);
    // The setting the error names, else the line that brings the error in: the first whose settings
    // so far give this very error (the variant's own overrides are known to resolve). Kafka's
    // "Replication factor: 3 larger than available brokers: 2" names no key, and blamed line 1.
    const lines = [...settingLines];
    const settingsProtocol = protocol;
    const bringsError = (count: number): boolean => {
      const prefix = resolveSetup(settingsProtocol, variant, Object.fromEntries(lines.slice(0, count).map(([key]) => [key, settings[key] ?? ''])));
      return 'error' in prefix && prefix.error === setup.error;
    };
    const blamed =
      lines.find(([key]) => new RegExp(`\\b${escapeRegExp(key)}\\b`).test(setup.error)) ??
      lines.find((_, index) => bringsError(index + 1)) ??
      lines[0];
    const [key, lineNumber] = blamed ?? ['', protocolLine];
    return fail(
      lineNumber,
      `settings ${protocol.name} accepts (${protocolMessage(setup.error)})`,
      key === '' ? `protocol ${protocol.name}` : `set ${key}=${settings[key]}`,
    );
  }
  if (expectation?.kind === 'violation' && expectation.property !== null) {
    const expectable = [...(properties ?? protocol.properties.map((property) => property.name)), exceptionProperty];
    if (!expectable.includes(expectation.property)) {
      const what = properties === undefined ? `a property of ${protocol.name}` : `a property the check line on line ${checkLine} names`;
      return fail(expectLine, `${what} (${expectable.join(', ')})`, expectation.property);
    }
  }

  // Second pass: each event against the world it meets.
  const simulator = new Simulator(setup);
  let world = simulator.initialWorld(randomSeed);
  const events: ScheduleEvent[] = [];
  const nodeRange = `0 to ${simulator.nodeCount - 1}`;
  const nodeOf = (word: string | undefined): number | null =>
    word !== undefined && integerPattern.test(word) && Number(word) < simulator.nodeCount ? Number(word) : null;
  for (const { line: lineNumber, text: line, keyword, rest } of eventLines) {
    let event: ScheduleEvent;
    switch (keyword) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        if (rest.length === 0) return fail(lineNumber, `${keyword} N or ${keyword} FROM->TO TEXT (a message in flight)`, line);
        const resolved = resolveMessage(simulator, world, rest.join(' '));
        if ('expected' in resolved) return fail(lineNumber, resolved.expected, line);
        event = { kind: keyword, message: resolved.position };
        break;
      }
      case 'tick':
      case 'restart': {
        const node = rest.length === 1 ? nodeOf(rest[0]) : null;
        if (node === null) return fail(lineNumber, `${keyword} NODE (a node from ${nodeRange})`, line);
        event = { kind: keyword, node };
        break;
      }
      case 'crash': {
        const node = nodeOf(rest[0]);
        const powerLoss = rest[1] === 'power-loss';
        if (node === null || rest.length > 2 || (rest.length === 2 && !powerLoss)) {
          return fail(lineNumber, `crash NODE [power-loss] (a node from ${nodeRange})`, line);
        }
        event = { kind: 'crash', node, loseUnflushed: powerLoss };
        break;
      }
      case 'partition': {
        const groups = rest.length === 1 && /^\d+(,\d+)*$/.test(rest[0] ?? '') ? (rest[0] ?? '').split(',').map(Number) : [];
        if (groups.length !== simulator.nodeCount) {
          return fail(
            lineNumber,
            `partition G0,G1,... (the side of each of the ${simulator.nodeCount} nodes, e.g. ${Array.from({ length: simulator.nodeCount }, (_, node) => (node === 0 ? 0 : 1)).join(',')})`,
            line,
          );
        }
        event = { kind: 'partition', groups };
        break;
      }
      case 'heal':
        if (rest.length !== 0) return fail(lineNumber, 'heal (no arguments)', line);
        event = { kind: 'heal' };
        break;
      default: {
        const [nodeWord, clientWord = '', ...operationWords] = rest;
        const node = nodeOf(nodeWord);
        const clientCount = simulator.clientCount;
        if (node === null || !integerPattern.test(clientWord) || Number(clientWord) >= clientCount || operationWords.length === 0) {
          return fail(lineNumber, `client NODE CLIENT OPERATION (a node from ${nodeRange}, a client from 0 to ${clientCount - 1})`, line);
        }
        const operationText = operationWords.join(' ');
        const operation = protocol.parseOperation(operationText);
        if (operation && typeof operation === 'object' && 'error' in operation && typeof operation.error === 'string') {
          return fail(lineNumber, `an operation of ${protocol.name}: ${protocolMessage(operation.error)}`, operationText);
        }
        const problem = operationProblem(protocol, setup.config, operation);
        if (problem !== null)
          return fail(lineNumber, `an operation of ${protocol.name} its settings allow (${protocolMessage(problem)})`, operationText);
        // A client waiting for an answer retries that operation whatever the line says: another one
        // written here would silently be the retry of the first.
        const outstanding = outstandingOperation(world, Number(clientWord));
        if (outstanding !== null && !isEqual(outstanding, operation)) {
          return fail(
            lineNumber,
            `client ${clientWord}'s outstanding ${protocol.describeOperation(outstanding)} again (a client retries what it waits for; a new operation waits for its answer)`,
            operationText,
          );
        }
        event = { kind: 'client', node, client: Number(clientWord), operation };
      }
    }
    events.push(event);
    const before = world;
    world = simulator.applyEvent(world, event);
    // A line that does nothing (a restart of a node that is up, a heal with no partition) is a
    // mistake in hand-written input, not something to hide in the transcript. After the model
    // threw, nothing applies any more: the run ends there, and the exception is the finding.
    const noop = noopOf(simulator, before, event);
    if (noop !== null) return fail(lineNumber, `a line that does something here (this one does nothing: ${noop})`, line);
  }
  return {
    ok: true,
    value: {
      protocol: protocol.name,
      variant,
      settings,
      config: setup.config,
      randomSeed,
      ...(properties ? { properties } : {}),
      events,
      expectation,
    },
  };
}

/**
 * Why `event`, just applied to `before`, did nothing, or null: the simulator's no-ops, and a
 * partition into the sides the network already has under other labels (`partition 1,0,0` after
 * `partition 0,1,1`), which the simulator applies (a generated schedule's trace keeps it) though
 * no link changes. After the model threw, nothing applies, and nothing is a no-op.
 */
function noopOf(simulator: Simulator, before: World, event: ScheduleEvent): string | null {
  if (before.exception !== undefined) return null;
  const noop = simulator.lastNoop();
  if (noop !== null || event.kind !== 'partition') return noop;
  const previous = before.network.partition;
  const sides = (node: number): number => event.groups[node % Math.max(1, event.groups.length)] ?? 0;
  const apart = (from: number, to: number): boolean => sides(from) !== sides(to);
  const wasApart = (from: number, to: number): boolean => previous !== null && previous[from] !== previous[to];
  for (let from = 0; from < simulator.nodeCount; from++) {
    for (let to = from + 1; to < simulator.nodeCount; to++) if (apart(from, to) !== wasApart(from, to)) return null;
  }
  return 'the same partition under other side numbers';
}

/** The operation `client` is waiting for an answer to in `world`, or null. */
export function outstandingOperation(world: World, client: number): unknown {
  const pending = world.pendingByClient[client] ?? null;
  return pending === null ? null : (world.history[pending]?.operation ?? null);
}

/**
 * The `set` lines a scenario needs to run with `config`: every setting whose value differs from the
 * variant's default (only strings, numbers and booleans can be written).
 */
export function settingsOf(protocol: AnyProtocol, variant: string, config: unknown): Record<string, string | number | boolean> {
  const base = resolveSetup(protocol, variant);
  const defaults = 'error' in base ? {} : (base.config as Record<string, unknown>);
  const settings: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries((config ?? {}) as Record<string, unknown>)) {
    if (
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
      JSON.stringify(defaults[key]) !== JSON.stringify(value)
    ) {
      settings[key] = value;
    }
  }
  return settings;
}

/** The scenario as an artifact to replay and study (no violation recorded, no trace hash to compare). */
export function scenarioArtifact(scenario: Scenario): Artifact {
  return artifactOf(
    { protocol: { name: scenario.protocol }, variant: scenario.variant, config: scenario.config, ...propertiesOf(scenario) },
    { randomSeed: scenario.randomSeed, events: scenario.events },
  );
}

/**
 * Writes a schedule as a scenario file (the inverse of `parseScenario`): messages named by what
 * they are wherever that names the same message, indexes brought into range (generated schedules
 * take them modulo what is available), and events that do nothing (no-ops: a message event that
 * found nothing in flight, a restart of a node that is up, a heal with no partition...) left out
 * as comments, so the text parses under the strict rules and replays the same story. Leaving one
 * out renumbers the steps after it, so the text says so, and `leftOut` lists them for
 * {@link scenarioMismatch}.
 */
export function formatScenario(options: {
  readonly protocol: AnyProtocol;
  readonly variant: string;
  readonly randomSeed: number;
  readonly events: readonly ScheduleEvent[];
  /** Default: `settingsOf(config)` when a config is given. */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
  /** The config the events ran with (default: the variant's with `settings`). */
  readonly config?: unknown;
  readonly expectation?: Scenario['expectation'];
  readonly comment?: string;
  /** The properties checked, when not all (a `check` line). */
  readonly properties?: readonly string[];
}): WrittenScenario {
  const { protocol } = options;
  const lines: string[] = [];
  const leftOut: number[] = [];
  if (options.comment) for (const line of options.comment.split('\n')) lines.push(`# ${line}`);
  lines.push(`protocol ${protocol.name}`, `variant ${options.variant}`);
  const settings = options.settings ?? (options.config !== undefined ? settingsOf(protocol, options.variant, options.config) : {});
  for (const [key, value] of Object.entries(settings)) lines.push(`set ${key}=${String(value)}`);
  lines.push(`seed ${options.randomSeed}`);
  if (options.properties !== undefined) lines.push(`check ${options.properties.join(' ')}`);
  const setup =
    options.config !== undefined ? { protocol, variant: options.variant, config: options.config } : resolveSetup(protocol, options.variant, settings);
  const describeOperation = (operation: unknown): string => protocol.describeOperation(operation);
  if ('error' in setup) {
    // Cannot run the events (the settings do not resolve): write them as they are.
    for (const event of options.events) lines.push(formatEvent(event, describeOperation));
  } else {
    const simulator = new Simulator(setup);
    let world = simulator.initialWorld(options.randomSeed);
    const wrap = (index: number, count: number): number => ((index % count) + count) % count;
    for (const [index, event] of options.events.entries()) {
      let written: ScheduleEvent = event;
      let line: string;
      switch (event.kind) {
        case 'deliver':
        case 'drop':
        case 'duplicate': {
          const choices = simulator.messageChoices(world);
          const chosen = simulator.messagePicked(world, event.message);
          if (!chosen) {
            lines.push(`# ${formatEvent(event, describeOperation)}: no message in flight here (a no-op, left out)`);
            leftOut.push(index);
            world = simulator.applyEvent(world, event);
            continue;
          }
          const position = choices.indexOf(chosen);
          written = { ...event, message: position };
          const named = `${event.kind} ${describeInFlight(simulator, chosen)}`;
          // The name is used only where it reads back as this very message (not an older twin, not a comment).
          const argument = withoutComment(named).split(/\s+/).slice(1).join(' ');
          const resolved = resolveMessage(simulator, world, argument);
          line =
            withoutComment(named) === named && 'position' in resolved && resolved.position === position
              ? named
              : formatEvent(written, describeOperation);
          break;
        }
        case 'tick':
        case 'restart':
        case 'crash':
          written = { ...event, node: wrap(event.node, simulator.nodeCount) };
          line = formatEvent(written, describeOperation);
          break;
        case 'partition':
          written = {
            ...event,
            groups: Array.from({ length: simulator.nodeCount }, (_, node) => event.groups[node % Math.max(1, event.groups.length)] ?? 0),
          };
          line = formatEvent(written, describeOperation);
          break;
        case 'client': {
          const client = wrap(event.client, simulator.clientCount);
          // A generated schedule may name another operation for a client still waiting: the run retries the outstanding one, and so does the line.
          written = {
            ...event,
            node: wrap(event.node, simulator.nodeCount),
            client,
            operation: outstandingOperation(world, client) ?? event.operation,
          };
          line = formatEvent(written, describeOperation);
          break;
        }
        default:
          line = formatEvent(event, describeOperation);
      }
      const before = world;
      world = simulator.applyEvent(world, written);
      // A no-op would be refused in a scenario: it is left out (after the model threw, nothing applies, and nothing is refused).
      const noop = noopOf(simulator, before, written);
      lines.push(noop === null ? line : `# ${formatEvent(written, describeOperation)}: ${noop} here (a no-op, left out)`);
      if (noop !== null) leftOut.push(index);
    }
  }
  if (leftOut.length > 0) {
    const header = lines.findIndex((line) => line.startsWith('protocol '));
    lines.splice(
      header,
      0,
      `# ${leftOut.length} no-op event${leftOut.length === 1 ? '' : 's'} of the schedule left out (below): the steps after each are numbered one lower`,
    );
  }
  const expectation = options.expectation;
  if (expectation?.kind === 'no-violation') lines.push('expect no-violation');
  else if (expectation?.kind === 'violation') lines.push(`expect violation${expectation.property ? ` ${expectation.property}` : ''}`);
  return { text: `${lines.join('\n')}\n`, leftOut };
}

/** A schedule written as a scenario, and the indexes of its events left out as no-ops. */
export interface WrittenScenario {
  readonly text: string;
  readonly leftOut: readonly number[];
}

/** The step of the schedule's run `step` is in the scenario's, which has no no-ops. */
export function scenarioStep(written: WrittenScenario, step: number): number {
  return step - written.leftOut.filter((index) => index < step).length;
}

/**
 * Why `written` does not replay to `violation`, the result of the schedule it was written from, or
 * null when it does. A no-op left out renumbers the steps after it, so the step compared is the
 * violation's step less the no-ops before it (any step at the end of the run, as `sameViolation`
 * has it); kind, property and phase must be the same. A scenario that tells another story than its
 * artifact would be a silent lie about the finding.
 */
export function scenarioMismatch(protocol: AnyProtocol, written: WrittenScenario, violation: Violation | null): string | null {
  const parsed = parseScenario('(the scenario)', written.text, (name) => (name === protocol.name ? protocol : undefined), [protocol.name]);
  if (!parsed.ok) return `it does not parse: ${formatScenarioError(parsed.error)}`;
  const scenario = parsed.value;
  const replayed = replaySchedule(
    { protocol, variant: scenario.variant, config: scenario.config, ...propertiesOf(scenario) },
    { randomSeed: scenario.randomSeed, events: scenario.events },
  ).violation;
  if (violation === null || replayed === null) {
    return violation === replayed
      ? null
      : `the schedule gives ${violation ? violation.property : 'no violation'}, the scenario ${replayed ? replayed.property : 'no violation'}`;
  }
  const step = scenarioStep(written, violation.step);
  const differences = [
    ...(violation.kind === replayed.kind ? [] : [`kind ${violation.kind} vs ${replayed.kind}`]),
    ...(violation.property === replayed.property ? [] : [`property ${violation.property} vs ${replayed.property}`]),
    ...(violation.phase === replayed.phase ? [] : [`phase ${violation.phase} vs ${replayed.phase}`]),
    ...(violation.phase === 'end' || replayed.step === step
      ? []
      : [`step ${step} (${violation.step} less the no-ops before it) vs ${replayed.step}`]),
  ];
  return differences.length === 0 ? null : `schedule vs scenario: ${differences.join('; ')}`;
}
