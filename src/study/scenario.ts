/**
 * Scripted scenarios: a tiny text format, one event per line (like etcd's interaction tests), to
 * write a schedule by hand, replay it with `faultline replay FILE.scenario`, and assert on it.
 *
 *     # the primary acknowledges, then crashes before any backup has the write
 *     protocol primary-backup
 *     variant ack-before-replicate
 *     set nodeCount=3
 *     seed 0
 *     partition 0,1,1
 *     client 0 0 write 7        # client <node> <client> <operation>
 *     crash 0                   # or: crash 0 power-loss
 *     expect violation no-acked-write-lost   # or: expect no-violation
 *
 * Event lines are exactly what transcripts print: deliver N, drop N, duplicate N, tick N,
 * crash N [power-loss], restart N, partition G0,G1,..., heal, client NODE CLIENT OPERATION.
 */
import { formatEvent, type ScheduleEvent } from '../core/events.ts';
import type { AnyProtocol } from '../core/types.ts';

export interface Scenario {
  readonly protocol: string;
  readonly variant: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly randomSeed: number;
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

export function formatScenarioError(error: ScenarioError): string {
  const found = error.expected.includes('found "') ? '' : `, found "${error.found}"`;
  return `${error.file}:${error.line}: expected ${error.expected}${found}`;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: ScenarioError };

/** Parses a scenario; `findProtocol` resolves the protocol so client operations can be parsed by it. */
export function parseScenario(
  file: string,
  text: string,
  findProtocol: (name: string) => AnyProtocol | undefined,
  protocolNames: readonly string[],
): Parsed<Scenario> {
  let protocol: AnyProtocol | undefined;
  let variant = 'correct';
  let randomSeed = 0;
  const settings: Record<string, string> = {};
  const events: ScheduleEvent[] = [];
  let expectation: Scenario['expectation'] = null;
  const lines = text.split(/\r?\n/);
  const fail = (line: number, expected: string, found: string): Parsed<Scenario> => ({
    ok: false,
    error: { file, line, expected, found },
  });
  const integerPattern = /^\d+$/;

  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    const [keyword = '', ...rest] = words;
    const argument = rest.join(' ');
    const single = (): string | null => (rest.length === 1 && integerPattern.test(rest[0] ?? '') ? (rest[0] ?? null) : null);
    switch (keyword) {
      case 'protocol': {
        protocol = findProtocol(argument);
        if (!protocol) return fail(lineNumber, `a protocol name (${protocolNames.join(', ')})`, argument);
        continue;
      }
      case 'variant':
        if (rest.length !== 1) return fail(lineNumber, 'variant NAME', line);
        variant = argument;
        continue;
      case 'set': {
        const match = /^([A-Za-z][\w.-]*)=(\S*)$/.exec(argument);
        if (!match) return fail(lineNumber, 'set key=value', line);
        settings[match[1] ?? ''] = match[2] ?? '';
        continue;
      }
      case 'seed': {
        const value = single();
        if (value === null) return fail(lineNumber, 'seed N (a non-negative integer)', line);
        randomSeed = Number(value);
        continue;
      }
      case 'expect': {
        if (rest[0] === 'no-violation' && rest.length === 1) expectation = { kind: 'no-violation' };
        else if (rest[0] === 'violation' && rest.length <= 2) expectation = { kind: 'violation', property: rest[1] ?? null };
        else return fail(lineNumber, '"expect no-violation" or "expect violation [PROPERTY]"', line);
        continue;
      }
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const value = single();
        if (value === null) return fail(lineNumber, `${keyword} N (index of a message in flight)`, line);
        events.push({ kind: keyword, message: Number(value) });
        continue;
      }
      case 'tick':
      case 'restart': {
        const value = single();
        if (value === null) return fail(lineNumber, `${keyword} NODE`, line);
        events.push({ kind: keyword, node: Number(value) });
        continue;
      }
      case 'crash': {
        const node = rest[0] ?? '';
        const powerLoss = rest[1] === 'power-loss';
        if (!integerPattern.test(node) || rest.length > 2 || (rest.length === 2 && !powerLoss)) {
          return fail(lineNumber, 'crash NODE [power-loss]', line);
        }
        events.push({ kind: 'crash', node: Number(node), loseUnflushed: powerLoss });
        continue;
      }
      case 'partition': {
        if (rest.length !== 1 || !/^\d+(,\d+)*$/.test(argument)) {
          return fail(lineNumber, 'partition G0,G1,... (the side of each node, e.g. 0,0,1)', line);
        }
        events.push({ kind: 'partition', groups: argument.split(',').map(Number) });
        continue;
      }
      case 'heal':
        if (rest.length !== 0) return fail(lineNumber, 'heal (no arguments)', line);
        events.push({ kind: 'heal' });
        continue;
      case 'client': {
        if (!protocol) return fail(lineNumber, 'a "protocol NAME" line before the first client operation', line);
        const [node = '', client = '', ...operationWords] = rest;
        if (!integerPattern.test(node) || !integerPattern.test(client) || operationWords.length === 0) {
          return fail(lineNumber, 'client NODE CLIENT OPERATION', line);
        }
        const operation = protocol.parseOperation(operationWords.join(' '));
        if (operation && typeof operation === 'object' && 'error' in operation && typeof operation.error === 'string') {
          return fail(lineNumber, `an operation of ${protocol.name}: ${operation.error}`, operationWords.join(' '));
        }
        events.push({ kind: 'client', node: Number(node), client: Number(client), operation });
        continue;
      }
      default:
        return fail(
          lineNumber,
          'one of protocol, variant, set, seed, expect, deliver, drop, duplicate, tick, crash, restart, partition, heal, client',
          keyword,
        );
    }
  }
  if (!protocol) return fail(1, 'a "protocol NAME" line (usually the first)', '(none in the file)');
  return { ok: true, value: { protocol: protocol.name, variant, settings, randomSeed, events, expectation } };
}

/** Writes a schedule as a scenario file (the inverse of `parseScenario`). */
export function formatScenario(options: {
  readonly protocol: AnyProtocol;
  readonly variant: string;
  readonly randomSeed: number;
  readonly events: readonly ScheduleEvent[];
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
  readonly expectation?: Scenario['expectation'];
  readonly comment?: string;
}): string {
  const lines: string[] = [];
  if (options.comment) for (const line of options.comment.split('\n')) lines.push(`# ${line}`);
  lines.push(`protocol ${options.protocol.name}`, `variant ${options.variant}`);
  for (const [key, value] of Object.entries(options.settings ?? {})) lines.push(`set ${key}=${String(value)}`);
  lines.push(`seed ${options.randomSeed}`);
  for (const event of options.events) lines.push(formatEvent(event, (operation) => options.protocol.describeOperation(operation)));
  const expectation = options.expectation;
  if (expectation?.kind === 'no-violation') lines.push('expect no-violation');
  else if (expectation?.kind === 'violation') lines.push(`expect violation${expectation.property ? ` ${expectation.property}` : ''}`);
  return `${lines.join('\n')}\n`;
}
