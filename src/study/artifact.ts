/**
 * Counterexample artifacts: everything needed to re-run a failure exactly, as one JSON file.
 * Reading one validates every field and reports the first problem with its JSON path.
 */
import { checkableProperties, undeclaredProperties } from '../core/protocol.ts';
import isEqual from 'lodash/isEqual.js';
import type { Schedule, ScheduleEvent } from '../core/events.ts';
import { eventKinds } from '../core/events.ts';
import { hashHex } from '../core/hash.ts';
import { seedMax } from '../core/random.ts';
import { isRecord, readJson, shownJson } from '../core/json-text.ts';
import { configWithSettings, describeSettings, settingMeaningText } from '../core/settings.ts';
import { buildFailureOf, propertiesOf, type RunResult, type TraceStep } from '../core/simulator.ts';
import { exceptionProperty, type AnyProtocol, type Violation } from '../core/types.ts';

export const artifactFormatVersion = 1;

/**
 * A control character (tabs included; a scenario's parser lets tabs through as spaces), a Unicode
 * line separator or a bidirectional-text control (U+202E and its kin): text holding one, written
 * into a transcript, would move the terminal's cursor, recolour it, break a Markdown line or show
 * the text after it reversed, so hand-written input holding one is refused.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const controlCharacterPattern = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

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
  /** Hash of the replayed trace: a mismatch on replay means the model changed since, or the artifact was edited. */
  readonly traceHash: string;
  readonly eventsBeforeShrink: number | null;
  /**
   * The settings the hunt's setting swarm drew for this run, where they differ from the hunt's
   * own (`src/hunt/swarm.ts`): already part of `config`, named here so a reader sees what the
   * failure needed. Absent when the run drew nothing.
   */
  readonly drawnSettings?: Readonly<Record<string, unknown>>;
  /** The properties checked (`--property`, a scenario's `check` line), when not all: the replay checks the same. */
  readonly properties?: readonly string[];
  /**
   * What faultline noticed about the model when it wrote the artifact, e.g. that the schedule did
   * not break the same way when run again (a model that is not deterministic): `violation` is then
   * the one the hunt found, and a replay may differ. Absent when there is nothing to say.
   */
  readonly note?: string;
}

/** What a report adds after the names of the properties checked, when not all were (`Artifact.properties`). */
export const othersNotChecked = "the protocol's other properties were not checked";

export function traceHash(trace: readonly TraceStep[]): string {
  return hashHex(JSON.stringify(trace));
}

/**
 * The artifact of a schedule. With `result` (the schedule's replay, trace recorded) it records the
 * violation and the trace hash `faultline replay` compares; without, neither (a hand-written story).
 */
export function artifactOf(
  setup: {
    readonly protocol: Pick<AnyProtocol, 'name'> & Partial<Pick<AnyProtocol, 'configure' | 'validateConfig'>>;
    readonly variant: string;
    readonly config: unknown;
    readonly properties?: readonly string[];
  },
  schedule: Schedule,
  recorded: {
    readonly result?: Pick<RunResult, 'violation' | 'trace'>;
    readonly seed?: number | null;
    readonly path?: string | null;
    readonly eventsBeforeShrink?: number | null;
    /** The violation to record instead of the replay's (the hunt's, when the replay did not reproduce it; see `note`). */
    readonly violation?: Violation | null;
    readonly note?: string;
  } = {},
): Artifact {
  // A run's drawn settings are written into the config it ran with: the replay needs nothing else.
  const { settings: drawn, ...bare } = schedule;
  let config = setup.config;
  if (drawn !== undefined && Object.keys(drawn).length > 0) {
    const { configure, validateConfig } = setup.protocol;
    const configured = configure && validateConfig ? configWithSettings(setup.protocol as AnyProtocol, setup.config, drawn) : null;
    if (configured === null || 'error' in configured) {
      throw new Error(`faultline internal error: the drawn settings ${JSON.stringify(drawn)} do not configure ${setup.protocol.name}`);
    }
    config = configured.config;
  }
  return {
    faultline: artifactFormatVersion,
    protocol: setup.protocol.name,
    variant: setup.variant,
    config,
    schedule: bare,
    seed: recorded.seed ?? null,
    path: recorded.path ?? null,
    violation: recorded.violation !== undefined ? recorded.violation : (recorded.result?.violation ?? null),
    traceHash: recorded.result ? traceHash(recorded.result.trace ?? []) : '',
    eventsBeforeShrink: recorded.eventsBeforeShrink ?? null,
    ...(drawn !== undefined && Object.keys(drawn).length > 0 ? { drawnSettings: drawn } : {}),
    ...propertiesOf(setup),
    ...(recorded.note !== undefined ? { note: recorded.note } : {}),
  };
}

/** Whether a replay broke what the artifact recorded: same kind, property and step. */
export function sameViolation(recorded: Violation | null, reproduced: Violation | null): boolean {
  if (recorded === null || reproduced === null) return recorded === reproduced;
  return recorded.kind === reproduced.kind && recorded.property === reproduced.property && sameStep(recorded, reproduced);
}

/**
 * The same step, or both at the end of the run: an end check's step is only the run's length,
 * which a change to the liveness phase moves (a saved story whose end check still breaks could
 * not be re-saved after one).
 */
export function sameStep(recorded: Violation, reproduced: Violation): boolean {
  return recorded.step === reproduced.step || (recorded.phase === 'end' && reproduced.phase === 'end');
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
  if (value.property === '') throw new ArtifactError(file, '$.violation.property', 'the name of the property broken, got ""');
  if (!isCount(value.step)) throw new ArtifactError(file, '$.violation.step', `an integer >= 0 (the step it broke at), got ${shownJson(value.step)}`);
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
    ...(value.category === 'safety' || value.category === 'liveness' ? { category: value.category } : {}),
    ...(typeof value.stack === 'string' ? { stack: value.stack } : {}),
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * A field that may be null or left out (where the counterexample was found: a hand-written or
 * exported story has none), else must hold what `fits` accepts: a wrong value is refused, never
 * read as null.
 */
function optionalField<T>(
  file: string,
  data: Record<string, unknown>,
  field: string,
  fits: (value: unknown) => value is T,
  expected: string,
): T | null {
  const value = data[field];
  if (value === undefined || value === null) return null;
  if (!fits(value)) throw new ArtifactError(file, `$.${field}`, `${expected}, or null; got ${shownJson(value)}`);
  return value;
}

/** Parses and validates an artifact's JSON text. Throws `ArtifactError` with the place and what was expected. */
export function parseArtifact(file: string, text: string): Artifact {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 says what, and where as an offset or not at all ("Unexpected token '}', "<the text>" is not valid JSON"):
    // readJson says where in every case, at V8's offset where it gives one.
    const message = error instanceof Error ? error.message : String(error);
    const detail = message.replace(/ (?:in JSON )?at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
    const reading = readJson(text);
    const offset = reading.ok ? text.length : reading.offset;
    const before = text.slice(0, offset).split('\n');
    const where = `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
    throw new ArtifactError(file, where, `a JSON artifact written by "faultline hunt" (${detail})`);
  }
  if (!isRecord(data)) throw new ArtifactError(file, '$', 'a JSON object');
  if (data.faultline !== artifactFormatVersion)
    throw new ArtifactError(file, '$.faultline', `${artifactFormatVersion} (the artifact format version)`);
  for (const field of ['protocol', 'variant', 'traceHash'] as const) {
    if (typeof data[field] !== 'string') throw new ArtifactError(file, `$.${field}`, 'a string');
  }
  if (!isRecord(data.config)) throw new ArtifactError(file, '$.config', 'an object (the protocol settings the failure was found with)');
  const schedule = data.schedule;
  if (!isRecord(schedule) || !Number.isInteger(schedule.randomSeed) || !Array.isArray(schedule.events)) {
    throw new ArtifactError(file, '$.schedule', 'an object with an integer "randomSeed" and an "events" array');
  }
  if ((schedule.randomSeed as number) < 0 || (schedule.randomSeed as number) > seedMax) {
    throw new ArtifactError(file, '$.schedule.randomSeed', `an integer from 0 to ${seedMax}, got ${String(schedule.randomSeed)}`);
  }
  const events = schedule.events.map((event, index) => checkEvent(file, `$.schedule.events[${index}]`, event));
  const properties = data.properties;
  if (
    properties !== undefined &&
    (!Array.isArray(properties) ||
      properties.length === 0 ||
      !properties.every((name) => typeof name === 'string' && !controlCharacterPattern.test(name)))
  ) {
    throw new ArtifactError(file, '$.properties', 'an array of property names (the properties checked), or no such key (all checked)');
  }
  const seed = optionalField(
    file,
    data,
    'seed',
    (value): value is number => isCount(value) && value <= seedMax,
    `an integer from 0 to ${seedMax} (the seed of the chunk that found it)`,
  );
  const path = optionalField(
    file,
    data,
    'path',
    (value): value is string => typeof value === 'string' && value !== '',
    "the failing run's path (a string)",
  );
  const eventsBeforeShrink = optionalField(file, data, 'eventsBeforeShrink', isCount, 'an integer >= 0 (the events before shrinking)');
  if (data.violation !== undefined && data.violation !== null && !isRecord(data.violation)) {
    throw new ArtifactError(file, '$.violation', `an object (the violation the replay gave), or null; got ${shownJson(data.violation)}`);
  }
  if (data.note !== undefined && (typeof data.note !== 'string' || controlCharacterPattern.test(data.note))) {
    throw new ArtifactError(file, '$.note', `a line of text (what faultline noticed about the model), or no such key; got ${shownJson(data.note)}`);
  }
  if (data.drawnSettings !== undefined && !isRecord(data.drawnSettings)) {
    throw new ArtifactError(file, '$.drawnSettings', `an object of the settings the run drew, or no such key; got ${shownJson(data.drawnSettings)}`);
  }
  return {
    faultline: artifactFormatVersion,
    protocol: data.protocol as string,
    variant: data.variant as string,
    config: data.config,
    schedule: { randomSeed: schedule.randomSeed as number, events },
    seed,
    path,
    violation: isRecord(data.violation) ? checkViolation(file, data.violation) : null,
    traceHash: data.traceHash as string,
    eventsBeforeShrink,
    ...(isRecord(data.drawnSettings) ? { drawnSettings: data.drawnSettings } : {}),
    ...(properties === undefined ? {} : { properties: properties as string[] }),
    ...(typeof data.note === 'string' ? { note: data.note } : {}),
  };
}

/**
 * Why `operation` cannot run under `config` (the workload's `validate`: a partition or a server
 * that does not exist there, a setting that is off), or null when it fits.
 */
export function operationProblem(protocol: AnyProtocol, config: unknown, operation: unknown): string | null {
  try {
    return protocol.workload.validate?.(config, operation) ?? null;
  } catch (thrown) {
    return `the workload's validate threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  }
}

/** A JSON value as an error message shows what it got: `"3" (a string)`, `null`, `["log"] (an array)`. */
function foundText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return text;
  return `${text} (${typeof value === 'string' ? 'a string' : Array.isArray(value) ? 'an array' : 'an object'})`;
}

/** What a setting's value must be, from its default's type and its choices (as `faultline list` shows them). */
function settingShape(byDefault: unknown, choices: readonly string[] | undefined): { readonly text: string; fits(value: unknown): boolean } {
  if (typeof byDefault === 'number') {
    if (Number.isInteger(byDefault)) return { text: 'an integer', fits: (value) => Number.isInteger(value) };
    return { text: 'a number', fits: (value) => typeof value === 'number' && Number.isFinite(value) };
  }
  if (typeof byDefault === 'boolean') return { text: 'true or false', fits: (value) => typeof value === 'boolean' };
  if (typeof byDefault === 'string') {
    if (choices === undefined) return { text: 'a string', fits: (value) => typeof value === 'string' };
    return {
      text: `one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`,
      fits: (value) => typeof value === 'string' && choices.includes(value),
    };
  }
  // A setting of another shape (a user protocol's list or record): the protocol's own validation decides.
  return { text: 'a value', fits: (value) => value !== undefined };
}

/**
 * An artifact's config is written whole by the hunt: every setting the protocol declares is there,
 * with a value of its type (a number is a JSON number, never a string that reads as one: no
 * coercion, as `--set` does for text from the command line) and one of its choices, and no other
 * key. The first key that is not is reported with what was expected and what was found.
 */
function checkConfigKeys(file: string, config: Record<string, unknown>, protocol: AnyProtocol): void {
  const rows = describeSettings(protocol);
  const names = rows.map((row) => row.name);
  for (const key of Object.keys(config)) {
    if (!names.includes(key)) {
      throw new ArtifactError(file, `$.config.${key}`, `one of the settings of ${protocol.name} (${names.join(', ')}), got an unknown key`);
    }
  }
  for (const row of rows) {
    const shape = settingShape(row.defaultValue, row.choices);
    const meaning = row.meaning === '' ? '' : ` (${settingMeaningText(row.name, row.meaning)})`;
    if (!Object.hasOwn(config, row.name)) {
      throw new ArtifactError(
        file,
        `$.config.${row.name}`,
        `${shape.text}${meaning}, got nothing: the key is missing (an artifact's config names every setting)`,
      );
    }
    const value = config[row.name];
    if (!shape.fits(value)) throw new ArtifactError(file, `$.config.${row.name}`, `${shape.text}${meaning}, got ${foundText(value)}`);
  }
}

/**
 * Checks an artifact against its protocol, as strictly as hand-written input deserves: the variant
 * exists, `config` has every setting and no other key, each a JSON value of its type (see
 * `checkConfigKeys`) that the protocol's own checks accept (as for `--set`), and every event names
 * nodes and clients that exist, a side for every node of a partition, and an operation of the
 * protocol's workload that its config allows (`WorkloadDescription.validate`: no partition or
 * server that does not exist there). (Message indexes are taken modulo what is in flight when the
 * event runs, as in every schedule, so any index is valid.) Returns the artifact with its config as
 * the protocol resolves it.
 */
export function checkArtifactForProtocol(file: string, artifact: Artifact, protocol: AnyProtocol): Artifact {
  if (!protocol.variants.some((variant) => variant.name === artifact.variant)) {
    throw new ArtifactError(
      file,
      '$.variant',
      `a variant of ${protocol.name} (${protocol.variants.map((variant) => variant.name).join(', ')}), not "${artifact.variant}"`,
    );
  }
  checkConfigKeys(file, artifact.config as Record<string, unknown>, protocol);
  const configured = protocol.configure(protocol.defaultConfig(), artifact.config as Record<string, unknown>);
  if (isRecord(configured) && typeof configured.error === 'string' && Object.keys(configured).length === 1) {
    throw new ArtifactError(file, '$.config', `valid settings of ${protocol.name}: ${configured.error}`);
  }
  const invalid = protocol.validateConfig(configured);
  if (invalid !== null) throw new ArtifactError(file, '$.config', `a valid configuration: ${invalid}`);
  const [undeclared] = undeclaredProperties(protocol, artifact.properties ?? []);
  if (undeclared !== undefined) {
    const declared = checkableProperties(protocol).join(', ');
    const index = (artifact.properties ?? []).indexOf(undeclared);
    throw new ArtifactError(file, `$.properties[${index}]`, `a property of ${protocol.name} (${declared}), got "${undeclared}"`);
  }
  const broken = artifact.violation?.property;
  if (broken !== undefined && broken !== exceptionProperty && undeclaredProperties(protocol, [broken]).length > 0) {
    const declared = protocol.properties.map((property) => property.name).join(', ');
    throw new ArtifactError(file, '$.violation.property', `a property of ${protocol.name} (${declared}) or "${exceptionProperty}", got "${broken}"`);
  }
  for (const [key, value] of Object.entries(artifact.drawnSettings ?? {})) {
    const configuredValue = (configured as Record<string, unknown>)[key];
    if (configuredValue === undefined || String(configuredValue) !== String(value)) {
      throw new ArtifactError(
        file,
        `$.drawnSettings.${key}`,
        `the value $.config gives it (${JSON.stringify(configuredValue)}), got ${JSON.stringify(value)}`,
      );
    }
  }
  const nodeCount = protocol.nodeCount(configured);
  const clientCount = Math.max(1, protocol.clientCount(configured));
  artifact.schedule.events.forEach((event, index) => {
    const where = `$.schedule.events[${index}]`;
    const inRange = (field: string, value: number, count: number, what: string): void => {
      if (value < 0 || value >= count) throw new ArtifactError(file, `${where}.${field}`, `a ${what} number from 0 to ${count - 1}, got ${value}`);
    };
    if ('node' in event) inRange('node', event.node, nodeCount, 'node');
    if (event.kind === 'partition') {
      if (event.groups.length !== nodeCount) {
        throw new ArtifactError(file, `${where}.groups`, `one side per node (${nodeCount} numbers), got ${event.groups.length}`);
      }
    }
    if (event.kind === 'client') {
      inRange('client', event.client, clientCount, 'client');
      // An operation the workload's build threw on (a finding): replaying it calls build again.
      if (buildFailureOf(event.operation) !== null) return;
      let text: string | null = null;
      try {
        text = protocol.describeOperation(event.operation);
      } catch {
        text = null;
      }
      // Control characters would reach the terminal in every transcript of this operation.
      const parsed: unknown = text === null || controlCharacterPattern.test(text) ? null : protocol.parseOperation(text);
      if (!isEqual(parsed, event.operation)) {
        // Where the description reads back as something else, say so: it is the protocol's
        // describeOperation and parseOperation that disagree, not necessarily the file.
        const readBack =
          text === null || parsed === null
            ? ''
            : ` (its description ${JSON.stringify(text)} reads back through ${protocol.name}'s parseOperation as ${isRecord(parsed) && typeof parsed.error === 'string' ? `the error ${JSON.stringify(parsed.error)}` : JSON.stringify(parsed)})`;
        throw new ArtifactError(
          file,
          `${where}.operation`,
          `an operation of ${protocol.name}'s workload, got ${JSON.stringify(event.operation)}${readBack}`,
        );
      }
      const problem = operationProblem(protocol, configured, event.operation);
      if (problem !== null) {
        throw new ArtifactError(
          file,
          `${where}.operation`,
          `an operation of ${protocol.name}'s workload under $.config (${problem}), got ${JSON.stringify(event.operation)}`,
        );
      }
    }
  });
  return { ...artifact, config: configured };
}
