/**
 * Counterexample artifacts: everything needed to re-run a failure exactly, as one JSON file.
 * Reading one validates every field and reports the first problem with its JSON path.
 */
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { eventKinds } from '../core/events.ts';
import { hashHex } from '../core/hash.ts';
import type { TraceStep } from '../core/simulator.ts';
import { exceptionProperty, type Violation } from '../core/types.ts';

export const artifactFormatVersion = 1;

export interface Artifact {
  readonly faultline: typeof artifactFormatVersion;
  readonly protocol: string;
  readonly variant: string;
  readonly config: unknown;
  readonly schedule: Schedule;
  /** fast-check seed and path of the chunk that found it (replays the shrunk case in fast-check). */
  readonly seed: number | null;
  readonly path: string | null;
  readonly violation: Violation | null;
  /** Hash of the replayed trace: a mismatch on replay means the model changed since. */
  readonly traceHash: string;
  readonly eventsBeforeShrink: number | null;
}

export function traceHash(trace: readonly TraceStep[]): string {
  return hashHex(JSON.stringify(trace));
}

export class ArtifactError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly expected: string,
  ) {
    super(`${file}: ${where}: expected ${expected}`);
    this.name = 'ArtifactError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkEvent(file: string, where: string, value: unknown): ScheduleEvent {
  if (!isRecord(value) || typeof value.kind !== 'string' || !eventKinds.includes(value.kind as ScheduleEvent['kind'])) {
    throw new ArtifactError(file, where, `an event object with "kind" one of ${eventKinds.join(', ')}`);
  }
  const integer = (field: string): void => {
    if (!Number.isInteger(value[field])) throw new ArtifactError(file, `${where}.${field}`, 'an integer');
  };
  switch (value.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      integer('message');
      break;
    case 'tick':
    case 'restart':
      integer('node');
      break;
    case 'crash':
      integer('node');
      if (typeof value.loseUnflushed !== 'boolean') throw new ArtifactError(file, `${where}.loseUnflushed`, 'true or false');
      break;
    case 'partition':
      if (!Array.isArray(value.groups) || !value.groups.every((group) => Number.isInteger(group))) {
        throw new ArtifactError(file, `${where}.groups`, 'an array of integers (the side of each node)');
      }
      break;
    case 'client':
      integer('node');
      integer('client');
      if (!('operation' in value)) throw new ArtifactError(file, `${where}.operation`, 'an operation');
      break;
    default:
      break;
  }
  return value as unknown as ScheduleEvent;
}

function checkViolation(file: string, value: Record<string, unknown>): Violation {
  for (const field of ['property', 'message'] as const) {
    if (typeof value[field] !== 'string') throw new ArtifactError(file, `$.violation.${field}`, 'a string');
  }
  if (!Number.isInteger(value.step)) throw new ArtifactError(file, '$.violation.step', 'an integer');
  if (value.phase !== 'safety' && value.phase !== 'liveness' && value.phase !== 'end') {
    throw new ArtifactError(file, '$.violation.phase', '"safety", "liveness" or "end"');
  }
  if (value.kind !== undefined && value.kind !== 'property' && value.kind !== 'exception') {
    throw new ArtifactError(file, '$.violation.kind', '"property" or "exception"');
  }
  // Artifacts written before exceptions were findings have no kind: theirs is always a property.
  const kind = value.kind === 'exception' || value.property === exceptionProperty ? 'exception' : 'property';
  return {
    kind,
    property: value.property as string,
    message: value.message as string,
    step: value.step as number,
    phase: value.phase,
    ...(typeof value.stack === 'string' ? { stack: value.stack } : {}),
  };
}

/** Parses and validates an artifact's JSON text. Throws `ArtifactError` with the place and what was expected. */
export function parseArtifact(file: string, text: string): Artifact {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ArtifactError(file, 'line 1', `a JSON artifact written by "faultline hunt" (${detail})`);
  }
  if (!isRecord(data)) throw new ArtifactError(file, '$', 'a JSON object');
  if (data.faultline !== artifactFormatVersion) throw new ArtifactError(file, '$.faultline', `${artifactFormatVersion} (the artifact format version)`);
  for (const field of ['protocol', 'variant', 'traceHash'] as const) {
    if (typeof data[field] !== 'string') throw new ArtifactError(file, `$.${field}`, 'a string');
  }
  const schedule = data.schedule;
  if (!isRecord(schedule) || !Number.isInteger(schedule.randomSeed) || !Array.isArray(schedule.events)) {
    throw new ArtifactError(file, '$.schedule', 'an object with an integer "randomSeed" and an "events" array');
  }
  const events = schedule.events.map((event, index) => checkEvent(file, `$.schedule.events[${index}]`, event));
  return {
    faultline: artifactFormatVersion,
    protocol: data.protocol as string,
    variant: data.variant as string,
    config: data.config,
    schedule: { randomSeed: schedule.randomSeed as number, events },
    seed: Number.isInteger(data.seed) ? (data.seed as number) : null,
    path: typeof data.path === 'string' ? data.path : null,
    violation: isRecord(data.violation) ? checkViolation(file, data.violation) : null,
    traceHash: data.traceHash as string,
    eventsBeforeShrink: Number.isInteger(data.eventsBeforeShrink) ? (data.eventsBeforeShrink as number) : null,
  };
}
