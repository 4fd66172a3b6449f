/**
 * The verdict of a hunt's result lines, shared by `hunt` and `merge` (which reports a sharded hunt
 * as the one hunt it makes): each row's word, the summary table and the exit code.
 */
import { type HuntJsonLine, knownBugChecked, modelFaultPrefix, notHunted } from '../hunt/json-line.ts';
import pc from 'picocolors';
import { exitCodes, print, table } from './shared.ts';

/** Nothing found, and not hunted in full: interrupted (a shard of a merge), or no run at all. */
function incomplete(line: HuntJsonLine): boolean {
  return !line.found && (line.interrupted || notHunted(line));
}

/**
 * A target whose model was found at fault before or while it was hunted (it mutates its input, is
 * not deterministic, or a step never returned): no property broke, yet it is a finding about the
 * model, exit 1, in `hunt` and in a `merge` of its shards alike.
 */
export function modelFaulted(line: HuntJsonLine): boolean {
  return line.warning?.startsWith(modelFaultPrefix) ?? false;
}

/** The closing sentence where some target's model was found at fault (it decides exit 1), or null. */
export function modelFaultSentence(lines: readonly HuntJsonLine[]): string | null {
  const faulted = lines.filter(modelFaulted);
  if (faulted.length === 0) return null;
  const names = faulted.map((line) => `${line.protocol}/${line.variant}`).join(', ');
  return pc.red(`The model of ${names} is at fault (said above): a finding about the model, not a property broken (exit code 1).`);
}

/** A row's result in the summary table. */
export function resultWord(line: HuntJsonLine): string {
  if (modelFaulted(line)) return 'MODEL FAULT';
  if (line.found) {
    if (line.expected === null) return 'VIOLATION';
    return line.property === line.expected ? 'caught' : 'caught (other property)';
  }
  if (line.interrupted) return 'interrupted';
  if (notHunted(line)) return 'not hunted';
  return knownBugChecked(line) ? 'missed' : 'survived';
}

/**
 * One target: 1 when it found something, 3 when it was not hunted in full, else 0. Several: 1 when
 * a correct model broke; else 3 when a known bug was missed or a target not hunted in full; else 0.
 */
export function verdictExitCode(lines: readonly HuntJsonLine[]): number {
  if (lines.some(modelFaulted)) return exitCodes.found;
  // One bug variant not caught is "unknown" as in the self-test: a CI job asking "is it caught?" must not read a miss as a pass.
  if (lines.length === 1)
    return lines[0]?.found ? exitCodes.found : lines.some((line) => incomplete(line) || knownBugChecked(line)) ? exitCodes.unknown : exitCodes.ok;
  if (lines.some((line) => line.found && line.expected === null)) return exitCodes.found;
  if (lines.some((line) => incomplete(line) || (!line.found && knownBugChecked(line)))) return exitCodes.unknown;
  return exitCodes.ok;
}

/** The table of several targets' results (the self-test adds each variant's expected property). */
export function printSummaryTable(lines: readonly HuntJsonLine[], selfTest: boolean): void {
  print();
  const rows = [
    ['protocol', 'variant', ...(selfTest ? ['expected'] : []), 'result', 'property', 'runs', 'shrunk', 'ms'],
    ...lines.map((line) => [
      line.protocol,
      line.variant,
      ...(selfTest ? [line.expected ?? 'survives'] : []),
      resultWord(line),
      line.property ?? '-',
      String(line.runs),
      line.events === null ? '-' : `${line.eventsBeforeShrink} -> ${line.events}${line.shrinkStoppedEarly ? ' (stopped early)' : ''}`,
      String(line.ms),
    ]),
  ];
  for (const row of table(rows)) print(row);
}

/**
 * Why a correct model's violation is no bug in it, when the hunt ran under a `--set` value the
 * protocol does not promise to survive (`unpromisedSettings`, e.g. Kafka's
 * `uncleanLeaderElectionEnable=true`); null when none explains it. Shared so that `hunt` and
 * `merge` word the verdict alike.
 */
export function unpromisedExcuse(line: HuntJsonLine): string | null {
  const reasons = Object.entries(line.unpromisedSettings).map(([setting, why]) => `${setting}: ${why}`);
  return reasons.length === 0
    ? null
    : `under a setting its correct model does not promise to survive (${reasons.join('; ')}): what the setting allows, not a bug in the model`;
}

/**
 * Outside the self-test, the sentences for correct models that broke: one naming those with no
 * excuse as bugs in the model, and one per model an unpromised setting explains. `list` joins the
 * labels (merge shortens a long list).
 */
export function brokenCorrectModelsSentences(
  broken: readonly HuntJsonLine[],
  list: (labels: readonly string[]) => string = (labels) => labels.join(', '),
): string[] {
  const label = (line: HuntJsonLine): string => `${line.protocol}/${line.variant}`;
  const sentences: string[] = [];
  const bugs = broken.filter((line) => unpromisedExcuse(line) === null);
  if (bugs.length > 0) sentences.push(pc.red(`Found a violation in ${list(bugs.map(label))}: a bug in the model (exit code 1).`));
  for (const line of broken) {
    const excuse = unpromisedExcuse(line);
    if (excuse !== null) sentences.push(pc.yellow(`Found a violation in ${label(line)} ${excuse} (exit code 1).`));
  }
  return sentences;
}

/** The self-test's sentence for a correct model that broke: a bug in it, unless an unpromised setting explains it. */
export function brokenCorrectModelSentence(line: HuntJsonLine): string {
  const label = `${line.protocol}/${line.variant}`;
  const excuse = unpromisedExcuse(line);
  return excuse === null
    ? pc.red(`${label}: the correct model broke ${line.property}: a bug in the model, not in the test (exit code 1).`)
    : pc.yellow(`${label}: the correct model broke ${line.property} ${excuse} (exit code 1).`);
}

/**
 * Outside the self-test, the sentence for a bug variant's finding (exit 1): its known bug, or, when
 * another property than the one it is known to break broke first, that one, said as the summary
 * table's "caught (other property)" says it.
 */
export function caughtBugSentence(line: HuntJsonLine): string {
  const label = `${line.protocol}/${line.variant}`;
  if (line.property === line.expected) return `Caught the bug of ${label} (exit code 1).`;
  return `Caught the bug of ${label}, but as a violation of ${line.property} rather than ${line.expected}, the property it is known to break: it shows up another way first (exit code 1).`;
}
