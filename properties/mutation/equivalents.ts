/**
 * Reviewed equivalent mutants that Stryker's own marks cannot count out. A `// Stryker disable
 * next-line Mutator` directive counts out every mutant of that mutator whose node starts on the
 * line, and an ignorer plugin (scripts/mutation-ignorers.mjs) a whole AST node with everything in
 * it; neither tells apart two replacements of the same node: `cond -> false` may be equivalent
 * while `cond -> true` is killed (both ConditionalExpression, same node, same line). Each entry
 * here names one replacement of one line (by its text, not its number, so moved code still
 * matches), with the reason it changes nothing a client or property could see. The table
 * (scripts/mutation-table.ts) counts a matching mutant out as Ignored only while it survives: an
 * entry that matches a killed mutant is reported as a contradiction (the reason was wrong or the
 * code changed), and one that matches nothing as stale.
 */
import type { FileResult, MutantResult } from 'mutation-testing-report-schema';

export interface ReviewedEquivalent {
  readonly file: string;
  /** The original line, trimmed. */
  readonly line: string;
  readonly mutator: string;
  /** Stryker's replacement text, whitespace collapsed. */
  readonly replacement: string;
  readonly reason: string;
}

export const reviewedEquivalents: readonly ReviewedEquivalent[] = [];

/** Stryker's replacement text with runs of whitespace collapsed (it keeps the source's line breaks). */
export function normalizedReplacement(mutant: MutantResult): string {
  return (mutant.replacement ?? '').replace(/\s+/g, ' ').trim();
}

function matches(entry: ReviewedEquivalent, file: string, source: readonly string[], mutant: MutantResult): boolean {
  return (
    entry.file === file &&
    entry.mutator === mutant.mutatorName &&
    entry.replacement === normalizedReplacement(mutant) &&
    entry.line === (source[mutant.location.start.line - 1] ?? '').trim()
  );
}

export interface EquivalentsApplied {
  readonly files: Record<string, FileResult>;
  readonly countedOut: number;
  /** Entries that matched a killed or timed-out mutant: their reason does not hold. */
  readonly contradicted: readonly ReviewedEquivalent[];
  /** Entries that matched no mutant of the report (code changed, or outside the report's files or shard). */
  readonly unmatched: readonly ReviewedEquivalent[];
}

/** The report with every surviving or uncovered mutant a reviewed entry names turned Ignored (with the entry's reason). */
export function applyReviewedEquivalents(files: Record<string, FileResult>, entries = reviewedEquivalents): EquivalentsApplied {
  const used = new Set<ReviewedEquivalent>();
  const contradicted = new Set<ReviewedEquivalent>();
  let countedOut = 0;
  const result: Record<string, FileResult> = {};
  for (const [name, file] of Object.entries(files)) {
    const source = file.source.split('\n');
    const mutants = file.mutants.map((mutant) => {
      const entry = entries.find((candidate) => matches(candidate, name, source, mutant));
      if (entry === undefined) return mutant;
      used.add(entry);
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') {
        contradicted.add(entry);
        return mutant;
      }
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') return mutant;
      countedOut++;
      return { ...mutant, status: 'Ignored' as const, statusReason: `equivalent (reviewed, properties/mutation/equivalents.ts): ${entry.reason}` };
    });
    result[name] = { ...file, mutants };
  }
  const fileNames = new Set(Object.keys(files));
  return {
    files: result,
    countedOut,
    contradicted: [...contradicted],
    unmatched: entries.filter((entry) => !used.has(entry) && fileNames.has(entry.file)),
  };
}
