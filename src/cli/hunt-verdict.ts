/**
 * The verdict of a hunt's result lines, shared by `hunt` and `merge` (which reports a sharded hunt
 * as the one hunt it makes): each row's word, the summary table and the exit code.
 */
import { type HuntJsonLine, notHunted } from '../hunt/json-line.ts';
import { exitCodes, print, table } from './shared.ts';

/** Nothing found, and not hunted in full: interrupted (a shard of a merge), or no run at all. */
function incomplete(line: HuntJsonLine): boolean {
  return !line.found && (line.interrupted || notHunted(line));
}

/** A row's result in the summary table. */
export function resultWord(line: HuntJsonLine): string {
  if (line.found) {
    if (line.expected === null) return 'VIOLATION';
    return line.property === line.expected ? 'caught' : 'caught (other property)';
  }
  if (line.interrupted) return 'interrupted';
  if (notHunted(line)) return 'not hunted';
  return line.expected === null ? 'survived' : 'missed';
}

/**
 * One target: 1 when it found something, 3 when it was not hunted in full, else 0. Several: 1 when
 * a correct model broke; else 3 when a known bug was missed or a target not hunted in full; else 0.
 */
export function verdictExitCode(lines: readonly HuntJsonLine[]): number {
  if (lines.length === 1) return lines[0]?.found ? exitCodes.found : lines.some(incomplete) ? exitCodes.unknown : exitCodes.ok;
  if (lines.some((line) => line.found && line.expected === null)) return exitCodes.found;
  if (lines.some((line) => incomplete(line) || (!line.found && line.expected !== null))) return exitCodes.unknown;
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
