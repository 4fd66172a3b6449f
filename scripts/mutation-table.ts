/**
 * The per-file score table of a mutation run: reads Stryker's JSON report(s) (the
 * mutation-testing-report-schema; several shard reports are merged) and prints a Markdown table.
 *
 *   node bin/run-ts.mjs scripts/mutation-table.ts [--survivors] [REPORT.json ...]
 *
 * Default report: reports/mutation/mutation.json. --survivors also lists every surviving or
 * uncovered mutant (file:line, mutator, the original line, the replacement), for triage. Reviewed
 * equivalent mutants (properties/mutation/equivalents.ts) are counted out as Ignored first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { calculateMetrics } from 'mutation-testing-metrics';
import type { FileResult, MutationTestResult } from 'mutation-testing-report-schema';
import { killReasonReport } from '../properties/mutation/coverage-table.ts';
import { applyReviewedEquivalents } from '../properties/mutation/equivalents.ts';

/** The files of several reports, with each file's mutants from every report (shards mutate disjoint line ranges). */
export function mergeReports(paths: readonly string[]): Record<string, FileResult> {
  const files: Record<string, FileResult> = {};
  for (const [reportIndex, path] of paths.entries()) {
    if (!existsSync(path)) throw new Error(`${path}: no such report (run npm run mutate first)`);
    const report = JSON.parse(readFileSync(path, 'utf8')) as MutationTestResult;
    for (const [name, file] of Object.entries(report.files)) {
      const mutants = file.mutants.map((mutant) => ({ ...mutant, id: `${reportIndex}-${mutant.id}` }));
      const known = files[name];
      files[name] = known ? { ...known, mutants: [...known.mutants, ...mutants] } : { ...file, mutants };
    }
  }
  return files;
}

function percent(value: number): string {
  return Number.isNaN(value) ? '-' : `${value.toFixed(1)} %`;
}

/** The Markdown table: per file, mutants by status and the score (killed + timed out over valid; ignored counted out). */
export function scoreTable(files: Record<string, FileResult>): string[] {
  const rows: string[] = [
    '| file | mutants | killed | timeout | survived | no coverage | ignored | score |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const names = Object.keys(files).sort();
  const perFile = names.map((name) => ({ name, metrics: calculateMetrics({ [name]: files[name] as FileResult }).metrics }));
  for (const { name, metrics: m } of [...perFile, { name: '**all**', metrics: calculateMetrics(files).metrics }]) {
    rows.push(
      `| ${name} | ${m.totalMutants} | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.noCoverage} | ${m.ignored} | ${percent(m.mutationScore)} |`,
    );
  }
  return rows;
}

/** Every undetected mutant: where, which mutator, the original line and the replacement. */
export function survivorLines(files: Record<string, FileResult>): string[] {
  const lines: string[] = [];
  for (const [name, file] of Object.entries(files).sort(([left], [right]) => left.localeCompare(right))) {
    const source = file.source.split('\n');
    for (const mutant of file.mutants) {
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      const line = mutant.location.start.line;
      const original = (source[line - 1] ?? '').trim();
      lines.push(`${name}:${line} ${mutant.status} ${mutant.mutatorName}: ${original} -> ${(mutant.replacement ?? '').replace(/\s+/g, ' ')}`);
    }
  }
  return lines;
}

export function printTable(paths: readonly string[], survivors = false): void {
  const reviewed = applyReviewedEquivalents(mergeReports(paths));
  const files = reviewed.files;
  process.stdout.write(`${scoreTable(files).join('\n')}\n`);
  process.stdout.write(`\nReviewed equivalent mutants counted out (properties/mutation/equivalents.ts): ${reviewed.countedOut}\n`);
  for (const entry of reviewed.contradicted)
    process.stdout.write(`  contradicted (the mutant was killed): ${entry.file}: ${entry.line} -> ${entry.replacement}\n`);
  if (reviewed.unmatched.length > 0) {
    process.stdout.write(`  ${reviewed.unmatched.length} more name no mutant of this report (lines outside its shard or files)\n`);
  }
  process.stdout.write(`\n${killReasonReport(files, survivors).join('\n')}\n`);
  if (survivors) process.stdout.write(`\n${survivorLines(files).join('\n')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const survivors = args.includes('--survivors');
  const paths = args.filter((arg) => arg !== '--survivors');
  try {
    printTable(paths.length > 0 ? paths : ['reports/mutation/mutation.json'], survivors);
  } catch (error) {
    process.stderr.write(`mutation-table: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
