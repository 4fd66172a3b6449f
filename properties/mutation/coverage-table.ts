/**
 * The kill reasons of a mutation run, per file: killed by a property or an exception, killed only
 * by a coverage collapse (coverage.ts), and the score by each. A coverage kill means "the test
 * suite noticed" (a goal the correct model reaches regularly was no longer reached), not "a
 * property broke": the two scores are printed side by side so nobody takes one for the other.
 * Printed by scripts/mutation-table.ts after Stryker's table; with `--survivors` it also lists
 * each coverage-killed mutant with its collapse (survivors of the properties, for triage).
 */
import type { FileResult, MutantResult } from 'mutation-testing-report-schema';
import { collapsedGoalsIntro, coverageCollapseMarker } from './coverage.ts';

/** A killed mutant whose failing test reported a coverage collapse (its status reason is that test's message). */
export function killedByCoverage(mutant: MutantResult): boolean {
  return mutant.status === 'Killed' && (mutant.statusReason ?? '').startsWith(coverageCollapseMarker);
}

interface KillCounts {
  valid: number;
  property: number;
  timeout: number;
  coverage: number;
  survived: number;
  noCoverage: number;
}

function countsOf(mutants: readonly MutantResult[]): KillCounts {
  const counts: KillCounts = { valid: 0, property: 0, timeout: 0, coverage: 0, survived: 0, noCoverage: 0 };
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') counts[killedByCoverage(mutant) ? 'coverage' : 'property']++;
    else if (mutant.status === 'Timeout') counts.timeout++;
    else if (mutant.status === 'Survived') counts.survived++;
    else if (mutant.status === 'NoCoverage') counts.noCoverage++;
    else continue; // ignored, compile or runtime errors: not valid mutants (as in Stryker's score)
    counts.valid++;
  }
  return counts;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`;
}

/**
 * Per file and in all: valid mutants, killed by a property or exception, timed out (Stryker counts
 * them killed, as both scores here do), killed only by a coverage collapse, survived, uncovered;
 * the score by properties and exceptions alone, and with coverage collapse (Stryker's score).
 */
export function killReasonTable(files: Readonly<Record<string, FileResult>>): string[] {
  const rows = [
    '| file | valid | killed by property or exception | timeout | killed only by coverage collapse | survived | no coverage | score, properties | score, with coverage |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const names = Object.keys(files).sort();
  const all = names.flatMap((name) => files[name]?.mutants ?? []);
  for (const [name, mutants] of [...names.map((name) => [name, files[name]?.mutants ?? []] as const), ['**all**', all] as const]) {
    const c = countsOf(mutants);
    rows.push(
      `| ${name} | ${c.valid} | ${c.property} | ${c.timeout} | ${c.coverage} | ${c.survived} | ${c.noCoverage} | ${percent(c.property + c.timeout, c.valid)} | ${percent(c.property + c.timeout + c.coverage, c.valid)} |`,
    );
  }
  return rows;
}

/** How often each goal collapsed among the coverage kills (a kill may name several goals), most first. */
export function collapsedGoalCounts(files: Readonly<Record<string, FileResult>>): [goal: string, mutants: number][] {
  const counts = new Map<string, number>();
  for (const file of Object.values(files)) {
    for (const mutant of file.mutants) {
      if (!killedByCoverage(mutant)) continue;
      const list = (mutant.statusReason ?? '').split(collapsedGoalsIntro)[1] ?? '';
      for (const part of list.split(', ')) {
        const goal = part.split(' ')[0];
        if (goal) counts.set(goal, (counts.get(goal) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort(([leftGoal, left], [rightGoal, right]) => right - left || leftGoal.localeCompare(rightGoal));
}

/** Every coverage-killed mutant: where, which mutator, the original line, the replacement, and the collapse. */
export function coverageKillLines(files: Readonly<Record<string, FileResult>>): string[] {
  const lines: string[] = [];
  for (const [name, file] of Object.entries(files).sort(([left], [right]) => left.localeCompare(right))) {
    const source = file.source.split('\n');
    for (const mutant of file.mutants) {
      if (!killedByCoverage(mutant)) continue;
      const line = mutant.location.start.line;
      const original = (source[line - 1] ?? '').trim();
      const reason = (mutant.statusReason ?? '')
        .slice(coverageCollapseMarker.length + 2)
        .replace(`no property broke, but ${collapsedGoalsIntro}`, '');
      lines.push(`${name}:${line} ${mutant.mutatorName}: ${original} -> ${(mutant.replacement ?? '').replace(/\s+/g, ' ')}  [${reason}]`);
    }
  }
  return lines;
}

/** The kill-reason table and the collapsed goals (and, with `listKills`, every coverage kill), as scripts/mutation-table.ts prints them. */
export function killReasonReport(files: Readonly<Record<string, FileResult>>, listKills = false): string[] {
  const goals = collapsedGoalCounts(files);
  return [
    ...killReasonTable(files),
    '',
    goals.length === 0
      ? 'No goal collapsed.'
      : `Collapsed goals (coverage kills naming each): ${goals.map(([goal, count]) => `${goal} ${count}`).join(', ')}`,
    ...(listKills ? ['', 'Killed only by coverage collapse:', ...coverageKillLines(files)] : []),
  ];
}
