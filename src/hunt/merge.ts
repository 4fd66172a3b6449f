/**
 * Merging the JSON results of sharded hunts (`hunt --shard K/N --json` on N machines): per
 * protocol/variant, runs and events add up, the shortest counterexample wins, coverage adds up.
 * Every line is checked field by field against `HuntJsonLine` first: merge decides an exit code
 * from these fields, so a line that only looks like a hunt result is refused, never summed.
 */
import isEqual from 'lodash/isEqual.js';
import union from 'lodash/union.js';
import { isRecord, shownJson } from '../core/json-text.ts';
import { seedMax } from '../core/random.ts';
import { huntStrategies } from '../core/types.ts';
import { modelFaultPrefix, vacuityWarningOver, type HuntJsonLine } from './json-line.ts';

/** What is wrong at a line of a file: `problem` follows "FILE:LINE: ". */
export interface MergeProblem {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** A hunt result as read: the line and where it came from. */
export interface ShardLine {
  readonly result: HuntJsonLine;
  readonly file: string;
  readonly line: number;
}

/**
 * A hunt stopped by Ctrl-C: its summary line says `"interrupted": true`. It never reached the
 * targets after the one it was hunting; `shard` and `huntSeed` are those of its last result line
 * (null when it was stopped before its first result).
 */
export interface InterruptedHunt {
  readonly file: string;
  /** The line of its summary. */
  readonly line: number;
  readonly shard: string | null;
  readonly huntSeed: number | null;
}

export interface HuntOutput {
  readonly results: ShardLine[];
  readonly interrupted: InterruptedHunt[];
}

type Json = Record<string, unknown>;

/** What a field must hold, as the end of "expected ...", or null when `value` is fine. `line` is the whole line (found is checked first). */
type FieldCheck = (value: unknown, line: Json) => string | null;

const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

const count =
  (what: string): FieldCheck =>
  (value) =>
    isCount(value) ? null : `${what} (an integer >= 0)`;

const seed: FieldCheck = (value) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= seedMax ? null : `an integer from 0 to ${seedMax}`;

const flag: FieldCheck = (value) => (typeof value === 'boolean' ? null : 'true or false');

const name =
  (what: string): FieldCheck =>
  (value) =>
    typeof value === 'string' && value !== '' ? null : what;

const textOrNull =
  (what: string): FieldCheck =>
  (value) =>
    value === null || typeof value === 'string' ? null : `${what} or null`;

/** A field that holds `check`'s value when the line says a violation was found, and null when not. */
function ofFinding(check: FieldCheck): FieldCheck {
  return (value, line) => {
    if (line.found === true) {
      const wrong = check(value, line);
      return wrong === null ? null : `${wrong} (the line says "found": true)`;
    }
    return value === null ? null : 'null (the line says "found": false)';
  };
}

const shardPattern = /^(\d+)\/(\d+)$/;

/** Shard K of N as `hunt --shard` takes it, or null for a text that is not one. */
export function parseShardName(text: string): { index: number; count: number } | null {
  const match = shardPattern.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(total) || index < 1 || index > total) return null;
  return { index, count: total };
}

/**
 * Every field of a hunt's JSON line and what it must hold. Typed by `HuntJsonLine`: a field added
 * there does not compile until it is checked here.
 */
const fieldChecks: { readonly [Field in keyof HuntJsonLine]-?: FieldCheck } = {
  protocol: name('a protocol name'),
  variant: name('a variant name'),
  expected: textOrNull('the property the variant breaks'),
  checkedProperties: (value) =>
    value === null || (Array.isArray(value) && value.length > 0 && value.every((name) => typeof name === 'string' && name !== ''))
      ? null
      : 'null or the names of the properties checked (--property)',
  found: flag,
  kind: ofFinding((value) => (value === 'property' || value === 'exception' ? null : '"property" or "exception"')),
  property: ofFinding(name('the name of the property broken')),
  message: ofFinding((value) => (typeof value === 'string' ? null : 'a message')),
  runs: count('the runs of this shard'),
  seed,
  huntSeed: seed,
  path: ofFinding((value) => (typeof value === 'string' ? null : "the failing run's path")),
  events: ofFinding(count('the events of the counterexample')),
  eventsBeforeShrink: ofFinding(count('the events before shrinking')),
  eventsSimulated: count('the events simulated'),
  ms: count('milliseconds'),
  timeLimitMs: (value) => (value === null || isCount(value) ? null : 'milliseconds (an integer >= 0) or null'),
  msToFind: ofFinding(count('milliseconds')),
  shrinkMs: ofFinding(count('milliseconds')),
  shrinkStoppedEarly: ofFinding(flag),
  interrupted: flag,
  finishedAbove: ofFinding((value) =>
    value === null ||
    (isRecord(value) && isCount(value.chunk) && isCount(value.events) && typeof value.property === 'string' && value.property !== '')
      ? null
      : 'null or a later chunk\'s finding ({"chunk", "events", "property"})',
  ),
  replay: ofFinding(textOrNull('a command')),
  warning: textOrNull('a warning'),
  unpromisedSettings: (value) =>
    isRecord(value) && Object.values(value).every((why) => typeof why === 'string')
      ? null
      : 'an object of the settings the protocol does not promise to survive ("KEY=VALUE": why)',
  settings: (value) => (isRecord(value) ? null : 'an object of the settings given with --set'),
  from: (value) =>
    Array.isArray(value) && value.every((file) => typeof file === 'string' && file !== '')
      ? null
      : 'the files given with --from (a list, empty when none)',
  artifact: ofFinding(textOrNull('a file name')),
  shard: (value) =>
    value === null || (typeof value === 'string' && parseShardName(value) !== null) ? null : 'null or "K/N" with 1 <= K <= N (as given to --shard)',
  swarm: flag,
  settingSwarm: flag,
  drawnSettings: ofFinding((value) => (value === null || isRecord(value) ? null : 'an object of settings or null')),
  strategy: (value) =>
    typeof value === 'string' && (huntStrategies as readonly string[]).includes(value)
      ? null
      : huntStrategies.map((strategy) => `"${strategy}"`).join(' or '),
  coverage: (value) => (isRecord(value) && Object.values(value).every(isCount) ? null : 'an object of runs per "sometimes" goal (integers >= 0)'),
};

const fieldNames = Object.keys(fieldChecks) as (keyof HuntJsonLine)[];

/**
 * Fields added after shards were already being written, with the value an older hunt meant: a
 * fleet's shard files from before the field still merge (an older hunt named no unpromised setting,
 * and no later chunk's finding).
 */
const defaultsOfLaterFields: Partial<Record<keyof HuntJsonLine, unknown>> = {
  unpromisedSettings: {},
  finishedAbove: null,
  checkedProperties: null,
  settings: {},
  from: [],
};

/** A value from the file as the error shows it: JSON, shortened. */
function shown(value: unknown): string {
  return value === undefined ? 'nothing' : shownJson(value);
}

/** The line as a `HuntJsonLine` (its fields only), or what is wrong with it. */
function checkHuntLine(given: Json): HuntJsonLine | string {
  const record = { ...defaultsOfLaterFields, ...given };
  for (const field of ['protocol', 'found', ...fieldNames] as const) {
    if (!(field in record)) return `expected a hunt result with a "${field}" field`;
  }
  for (const field of ['found', ...fieldNames] as const) {
    const wrong = fieldChecks[field](record[field], record);
    if (wrong !== null) return `$.${field}: expected ${wrong}, got ${shown(record[field])}`;
  }
  return Object.fromEntries(fieldNames.map((field) => [field, record[field]])) as unknown as HuntJsonLine;
}

/**
 * Parses `hunt --json` output: every JSON line (one that starts with `{` or `[`) is a hunt result
 * or a summary line, else it is a problem at its line. Other lines are text, skipped: they cannot
 * hold a result (the finding of a scenario a hunt prints is in the result line after it).
 */
export function parseHuntOutput(file: string, text: string): HuntOutput | MergeProblem {
  const results: ShardLine[] = [];
  const interrupted: InterruptedHunt[] = [];
  let lastSinceSummary: ShardLine | null = null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    // Text: a log's other lines (a pod's log holds the hunt's stderr too), the scenario a hunt prints when it cannot write an artifact.
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return {
        file,
        line,
        problem:
          'expected a JSON line written by "faultline hunt --json" (a hunt result or its summary), got a line of JSON that is not valid (cut short?)',
      };
    }
    if (!isRecord(value)) return { file, line, problem: `expected a JSON object written by "faultline hunt --json", got ${shown(value)}` };
    if (value.summary === true) {
      if (typeof value.interrupted !== 'boolean')
        return { file, line, problem: `$.interrupted: expected true or false, got ${shown(value.interrupted)}` };
      if (value.interrupted) {
        interrupted.push({ file, line, shard: lastSinceSummary?.result.shard ?? null, huntSeed: lastSinceSummary?.result.huntSeed ?? null });
      }
      lastSinceSummary = null;
      continue;
    }
    const checked = checkHuntLine(value);
    if (typeof checked === 'string') return { file, line, problem: checked };
    lastSinceSummary = { result: checked, file, line };
    results.push(lastSinceSummary);
  }
  return { results, interrupted };
}

/** One shard's part in a target's merged result: its line, or the interrupted hunt that never reached the target. */
export type ShardPart =
  | { readonly kind: 'line'; readonly shard: string | null; readonly from: ShardLine }
  | { readonly kind: 'not reached'; readonly shard: string; readonly from: InterruptedHunt };

/** A target's parts, every shard once. */
export interface TargetShards {
  readonly target: string;
  readonly parts: readonly ShardPart[];
}

function where(from: { readonly file: string; readonly line: number }): string {
  return `${from.file}:${from.line}`;
}

function shardIndex(shard: string | null): number {
  return shard === null ? 0 : (parseShardName(shard)?.index ?? 0);
}

/**
 * The fields two shards of one hunt share: what decides the runs a shard makes (its seed apart,
 * compared first). A difference means they are shards of different hunts.
 */
const sharedFields = ['expected', 'checkedProperties', 'settings', 'strategy', 'swarm', 'settingSwarm', 'from'] as const;

/** A shared field's value as the error shows it: a setting one shard did not --set is "not set". */
function shownSetting(value: unknown): string {
  return value === undefined ? 'not set' : shown(value);
}

/** The first place two values of a shared field differ: the field, or `settings.KEY` for a setting, with both values. */
function firstDifference(field: (typeof sharedFields)[number], a: unknown, b: unknown): { path: string; a: unknown; b: unknown } | null {
  if (isEqual(a, b)) return null;
  if (field === 'settings' && isRecord(a) && isRecord(b)) {
    const key = union(Object.keys(a), Object.keys(b)).find((name) => !isEqual(a[name], b[name]));
    if (key !== undefined) return { path: `settings.${key}`, a: a[key], b: b[key] };
  }
  return { path: field, a, b };
}

/**
 * Groups the results per protocol/variant and checks that each target's shards make one whole
 * hunt: every shard of one split exactly once, from one hunt (its seed and options). A shard an
 * interrupted hunt never got to (its summary says so) counts as that shard, interrupted, with no
 * runs. Returns what is wrong, naming the target, the shards and where they were read.
 */
export function groupShards(output: HuntOutput): TargetShards[] | string {
  const byTarget = new Map<string, ShardLine[]>();
  for (const line of output.results) {
    const key = `${line.result.protocol}/${line.result.variant}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), line]);
  }
  const groups: TargetShards[] = [];
  for (const [target, lines] of byTarget) {
    const seen = new Map<string, ShardLine>();
    for (const line of lines) {
      const shard = line.result.shard ?? 'unsharded';
      const earlier = seen.get(shard);
      if (earlier !== undefined) return `${target}: shard ${shard} is given twice (${where(earlier)} and ${where(line)})`;
      seen.set(shard, line);
    }
    const seeds = [...new Set(lines.map((line) => line.result.huntSeed))];
    if (seeds.length > 1) return `${target}: the shards come from hunts of different seeds (${seeds.join(', ')}); merge shards of one hunt`;
    const first = lines[0] as ShardLine;
    for (const field of sharedFields) {
      for (const other of lines) {
        const difference = firstDifference(field, first.result[field], other.result[field]);
        if (difference === null) continue;
        return (
          `${target}: shards of different hunts: ${where(first)} has "${difference.path}": ${shownSetting(difference.a)}, ` +
          `${where(other)} has ${shownSetting(difference.b)}; merge shards of one hunt`
        );
      }
    }
    const lineParts: ShardPart[] = lines.map((line) => ({ kind: 'line', shard: line.result.shard, from: line }));
    if (lines.length === 1 && first.result.shard === null) {
      groups.push({ target, parts: lineParts });
      continue;
    }
    if (lines.some((line) => line.result.shard === null))
      return `${target}: sharded and unsharded results mixed (${lines.map((line) => `${line.result.shard ?? 'unsharded'} at ${where(line)}`).join(', ')})`;
    const splits = [...new Set(lines.map((line) => parseShardName(line.result.shard as string)?.count))];
    if (splits.length > 1)
      return `${target}: shards of different splits (${lines.map((line) => `${line.result.shard} at ${where(line)}`).join(', ')})`;
    const split = splits[0] as number;
    const present = new Set(lines.map((line) => shardIndex(line.result.shard)));
    // An absent shard whose hunt was interrupted before it got to this target is there, with no runs.
    const notReached = new Map<number, ShardPart>();
    for (const hunt of output.interrupted) {
      const shard = hunt.shard === null ? null : parseShardName(hunt.shard);
      if (hunt.shard === null || shard?.count !== split || hunt.huntSeed !== first.result.huntSeed || present.has(shard.index)) continue;
      notReached.set(shard.index, { kind: 'not reached', shard: hunt.shard, from: hunt });
    }
    const absent = split - present.size - notReached.size;
    if (absent > 0) {
      // The first few, without walking all N of a split that is mostly absent (N can be huge).
      const missing: string[] = [];
      for (let index = 1; missing.length < 4 && missing.length < absent; index++) {
        if (!present.has(index) && !notReached.has(index)) missing.push(`${index}/${split}`);
      }
      return `${target}: missing shard${absent > 1 ? 's' : ''} ${missing.join(', ')}${absent > missing.length ? ` and ${absent - missing.length} more` : ''}`;
    }
    groups.push({ target, parts: [...lineParts, ...notReached.values()].sort((a, b) => shardIndex(a.shard) - shardIndex(b.shard)) });
  }
  return groups;
}

/** Where a shard was interrupted: the shard and where it says so. */
export interface ShardInterruption {
  readonly shard: string;
  readonly file: string;
  readonly line: number;
  /** True when the hunt never got to the target; false when it was stopped while hunting it. */
  readonly notReached: boolean;
}

export interface MergedTarget {
  readonly line: HuntJsonLine;
  /** The shards, in order ("unsharded" for a hunt without --shard). */
  readonly shards: readonly string[];
  /** The shard whose counterexample was kept, when one was found. */
  readonly foundBy: string | null;
  readonly interruptions: readonly ShardInterruption[];
}

/**
 * The vacuous-settings warning over every shard (a hunt with a finding has none): a shard's says
 * "in N runs" of its own runs, so the merged hunt's counts them all, and has none once a shard
 * reached the goal the warning names. (No shard warns when each ran fewer runs than the hunt
 * warns at; the merge, without the goal's description, does not either.)
 */
function mergedWarning(lines: readonly HuntJsonLine[], runs: number, coverage: Readonly<Record<string, number>>): string | null {
  // A shard that found the model at fault says so for the whole hunt: that is a finding (exit 1).
  const fault = lines.find((line) => line.warning?.startsWith(modelFaultPrefix))?.warning;
  if (fault) return fault;
  const warning = lines.find((line) => line.warning !== null)?.warning;
  if (!warning) return null;
  const { goal, text } = vacuityWarningOver(warning, runs);
  if (goal !== null && (coverage[goal] ?? 0) > 0) return null;
  return text;
}

export function mergeTargets(groups: readonly TargetShards[]): MergedTarget[] {
  return groups.map(({ parts }) => {
    const lines = parts.flatMap((part) => (part.kind === 'line' ? [part.from.result] : []));
    const found = lines.filter((line) => line.found);
    const best = [...found].sort((a, b) => (a.events ?? Infinity) - (b.events ?? Infinity) || shardIndex(a.shard) - shardIndex(b.shard))[0];
    const coverage: Record<string, number> = {};
    for (const line of lines) {
      for (const [goal, runs] of Object.entries(line.coverage)) coverage[goal] = (coverage[goal] ?? 0) + runs;
    }
    const source = best ?? (lines[0] as HuntJsonLine);
    const shards = parts.map((part) => part.shard ?? 'unsharded');
    const interruptions = parts.flatMap((part): ShardInterruption[] => {
      if (part.kind === 'not reached') return [{ shard: part.shard, file: part.from.file, line: part.from.line, notReached: true }];
      if (!part.from.result.interrupted) return [];
      return [{ shard: part.shard ?? 'unsharded', file: part.from.file, line: part.from.line, notReached: false }];
    });
    const runs = lines.reduce((total, line) => total + line.runs, 0);
    return {
      line: {
        ...source,
        found: best !== undefined,
        runs,
        warning: best ? null : mergedWarning(lines, runs, coverage),
        eventsSimulated: lines.reduce((total, line) => total + line.eventsSimulated, 0),
        ms: Math.max(...lines.map((line) => line.ms)),
        interrupted: interruptions.length > 0,
        shard: `merged ${shards.join(' ')}`,
        coverage,
      },
      shards,
      foundBy: best ? (best.shard ?? 'unsharded') : null,
      interruptions,
    };
  });
}
