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
  /** The code the mutant replaces, when the line has several nodes with the same replacement (e.g. two conditions made `true`). */
  readonly original?: string;
  readonly reason: string;
}

export const reviewedEquivalents: readonly ReviewedEquivalent[] = [
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.truncateOnlyOnConflict) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the correct rules set truncateOnlyOnConflict, so the test is false there anyway; only variant truncate-on-stale-append takes the branch (made true, the mutant is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (volatile.lastApplied < snapshot.index) volatile = { ...volatile, lastApplied: snapshot.index, machine: snapshot.machine };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'always true where it stands: the branch above took every snapshot at or below the commit index, and lastApplied never passes the commit index',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (volatile.lastApplied < snapshot.index) volatile = { ...volatile, lastApplied: snapshot.index, machine: snapshot.machine };',
    mutator: 'EqualityOperator',
    replacement: 'volatile.lastApplied <= snapshot.index',
    reason: 'as above: lastApplied is below snapshot.index here, so < and <= agree',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (!context.config.membershipChanges || role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!context.config.membershipChanges || role.kind !== 'leader'",
    reason:
      'only a leader calls these (promoting a learner, leaving the joint configuration), and without membership changes the configuration has no learner and no outgoing voters, so the next test returns the same state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (!context.config.membershipChanges || role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.config.membershipChanges',
    reason: 'without membership changes the configuration has no learner and no outgoing voters: the next test returns the same state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (!context.config.membershipChanges || role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'leader'",
    reason: 'only a leader calls it',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!member) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'removing a server that is not a member then appends a configuration entry equal to the current one: the client is answered ok when it applies instead of at once, and other changes wait for it (a refusal meanwhile is a certain, legal answer)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (other !== null && sameRequester(other, requester)) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'other !== null && sameRequester(other, requester)',
    reason:
      'a retried command is then appended twice; the store de-duplicates by (client, operation) at apply, and the leader answers the first copy (it stops waiting), so clients and properties see the same',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (other !== null && sameRequester(other, requester)) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'as the condition made false: a second copy of a command is de-duplicated at apply',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (other !== null && sameRequester(other, requester)) {',
    mutator: 'EqualityOperator',
    replacement: 'other === null',
    reason: 'every key-value command has a requester, so the test is then never true: as the condition made false',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "if (operation.type === 'get') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a get then goes through the log, which is as linearizable as a ReadIndex read (as the readMode test marked below it)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: 'if (!context.rules.confirmLeadershipBeforeRead) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'the correct rules confirm leadership, so the test is false there anyway; only variant stale-leader-read takes the branch',
  },
  {
    file: 'src/protocols/primary-backup/model.ts',
    line: 'const existing = primary.log.findIndex((entry) => entry.operationId === operationId && entry.clientId === clientId);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'entry.clientId === clientId',
    reason: "operation ids are unique across clients (the simulator's history index): the operation id alone finds the entry",
  },
];

/** Stryker's replacement text with runs of whitespace collapsed (it keeps the source's line breaks). */
export function normalizedReplacement(mutant: MutantResult): string {
  return (mutant.replacement ?? '').replace(/\s+/g, ' ').trim();
}

/** The source text a mutant replaces (its location, lines joined with a space). */
function replacedText(source: readonly string[], mutant: MutantResult): string {
  const { start, end } = mutant.location;
  if (start.line === end.line) return (source[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const lines = source.slice(start.line - 1, end.line);
  lines[0] = (lines[0] ?? '').slice(start.column - 1);
  lines[lines.length - 1] = (lines[lines.length - 1] ?? '').slice(0, end.column - 1);
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

function matches(entry: ReviewedEquivalent, file: string, source: readonly string[], mutant: MutantResult): boolean {
  return (
    entry.file === file &&
    entry.mutator === mutant.mutatorName &&
    entry.replacement === normalizedReplacement(mutant) &&
    entry.line === (source[mutant.location.start.line - 1] ?? '').trim() &&
    (entry.original === undefined || entry.original === replacedText(source, mutant))
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
