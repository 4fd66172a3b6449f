/**
 * Merging the JSON results of sharded hunts (`hunt --shard K/N --json` on N machines): per
 * protocol/variant, runs and events add up, the shortest counterexample wins, coverage adds up.
 */
import type { HuntJsonLine } from './json-line.ts';

export interface MergeProblem {
  readonly file: string;
  readonly line: number;
  readonly expected: string;
}

const requiredFields: readonly (keyof HuntJsonLine)[] = ['protocol', 'variant', 'found', 'runs', 'ms', 'huntSeed', 'shard'];

/** Parses `hunt --json` output: lines that are hunt results are kept, summary lines skipped. */
export function parseHuntOutput(file: string, text: string): HuntJsonLine[] | MergeProblem {
  const results: HuntJsonLine[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || !line.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { file, line: index + 1, expected: 'a JSON object written by "faultline hunt --json"' };
    }
    if (typeof value !== 'object' || value === null) return { file, line: index + 1, expected: 'a JSON object' };
    const record = value as Record<string, unknown>;
    if (record.summary === true) continue;
    for (const field of requiredFields) {
      if (!(field in record)) return { file, line: index + 1, expected: `a hunt result with a "${field}" field` };
    }
    results.push(record as unknown as HuntJsonLine);
  }
  return results;
}

/**
 * What is wrong with a set of sharded results, per protocol/variant: a shard given twice (the same
 * job's output passed twice, or two jobs run with the same --shard), a shard missing, shards of
 * different splits or of different hunt seeds. Null when they make one whole hunt.
 */
export function shardProblem(lines: readonly (HuntJsonLine & { readonly file: string })[]): string | null {
  const byTarget = new Map<string, (HuntJsonLine & { readonly file: string })[]>();
  for (const line of lines) {
    const key = `${line.protocol}/${line.variant}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), line]);
  }
  for (const [target, group] of byTarget) {
    const seen = new Map<string, string>();
    for (const line of group) {
      const shard = line.shard ?? 'unsharded';
      const earlier = seen.get(shard);
      if (earlier !== undefined) return `${target}: shard ${shard} is given twice (${earlier} and ${line.file})`;
      seen.set(shard, line.file);
    }
    const seeds = [...new Set(group.map((line) => line.huntSeed))];
    if (seeds.length > 1) return `${target}: the shards come from hunts of different seeds (${seeds.join(', ')}); merge shards of one hunt`;
    if (group.length === 1 && group[0]?.shard === null) continue;
    const parsed = group.map((line) => /^(\d+)\/(\d+)$/.exec(line.shard ?? ''));
    if (parsed.some((match) => match === null))
      return `${target}: sharded and unsharded results mixed (${group.map((line) => line.shard ?? 'unsharded').join(', ')})`;
    const counts = [...new Set(parsed.map((match) => Number(match?.[2])))];
    if (counts.length > 1) return `${target}: shards of different splits (${group.map((line) => line.shard).join(', ')})`;
    const count = counts[0] ?? 0;
    const present = new Set(parsed.map((match) => Number(match?.[1])));
    const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !present.has(index));
    if (missing.length > 0)
      return `${target}: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((index) => `${index}/${count}`).join(', ')}`;
  }
  return null;
}

export function mergeHuntLines(lines: readonly HuntJsonLine[]): HuntJsonLine[] {
  const byTarget = new Map<string, HuntJsonLine[]>();
  for (const line of lines) {
    const key = `${line.protocol}/${line.variant}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), line]);
  }
  const merged: HuntJsonLine[] = [];
  for (const group of byTarget.values()) {
    const first = group[0];
    if (!first) continue;
    const found = group.filter((line) => line.found);
    const best = [...found].sort((a, b) => (a.events ?? Infinity) - (b.events ?? Infinity) || (a.shard ?? '').localeCompare(b.shard ?? ''))[0];
    const coverage: Record<string, number> = {};
    for (const line of group) {
      for (const [goal, count] of Object.entries(line.coverage ?? {})) coverage[goal] = (coverage[goal] ?? 0) + count;
    }
    const source = best ?? first;
    merged.push({
      ...source,
      found: best !== undefined,
      runs: group.reduce((total, line) => total + line.runs, 0),
      eventsSimulated: group.reduce((total, line) => total + (line.eventsSimulated ?? 0), 0),
      ms: Math.max(...group.map((line) => line.ms)),
      shard: `merged ${group.map((line) => line.shard ?? 'unsharded').join(' ')}`,
      coverage,
    });
  }
  return merged;
}
