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
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return membership === null || isVoter(membership, node) || membership.learners.includes(node);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'membership === null || isVoter(membership, node) || membership.learners.includes(node)',
    reason:
      'AppendEntries then also go to servers outside the configuration: such a server is no voter, so it never stands for election, and its answers count in no quorum (commit, CheckQuorum and reads count voters): as flow control, more messages, never different ones',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (change.type === 'replace-server') return { refused: 'replace-server needs membershipChangeMode=joint' };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'replace-server needs membershipChangeMode=joint'",
    reason: "the text of a refusal, which the front end sends as a failure reply's error: clients and properties read only the outcome",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'state.durable.unflushedSnapshotPrevious === null ? state : { ...state, durable: { ...state.durable, unflushedSnapshotPrevious: null } };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "only variant snapshot-before-flush leaves a snapshot unflushed (the correct rules flush it before truncating, so unflushedSnapshotPrevious is always null): the tick's write-back is variant code",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'state.durable.unflushedSnapshotPrevious === null ? state : { ...state, durable: { ...state.durable, unflushedSnapshotPrevious: null } };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "only variant snapshot-before-flush leaves a snapshot unflushed (the correct rules flush it before truncating, so unflushedSnapshotPrevious is always null): the tick's write-back is variant code (and made false it copies a state whose field is already null)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'state.durable.unflushedSnapshotPrevious === null ? state : { ...state, durable: { ...state.durable, unflushedSnapshotPrevious: null } };',
    mutator: 'EqualityOperator',
    replacement: 'state.durable.unflushedSnapshotPrevious !== null',
    reason:
      "only variant snapshot-before-flush leaves a snapshot unflushed (the correct rules flush it before truncating, so unflushedSnapshotPrevious is always null): the tick's write-back is variant code (a null field set to null again)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'state.durable.unflushedSnapshotPrevious === null ? state : { ...state, durable: { ...state.durable, unflushedSnapshotPrevious: null } };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "only variant snapshot-before-flush leaves a snapshot unflushed (the correct rules flush it before truncating, so unflushedSnapshotPrevious is always null): the tick's write-back is variant code: never reached in the correct protocol",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'leader') return null;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'no leader hears an AppendEntries or InstallSnapshot of its own term in the correct model (election safety; a higher term made it a follower before): only buggy variants get here (made true, the mutant is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'follower' && role.leader === from) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind === 'follower' && role.leader === from",
    reason: "a shortcut: without it the follower role { kind: 'follower', leader: from } is built again, an equal state",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'follower' && role.leader === from) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.kind === 'follower'",
    reason:
      'a candidate has no leader field (undefined is never a node) and a leader returned above: the test reduces to role.leader === from, true only for a follower of that leader',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'follower' && role.leader === from) return state;",
    mutator: 'EqualityOperator',
    replacement: "role.kind !== 'follower'",
    reason:
      'a follower then always builds its role again (an equal one when it already follows `from`) and a candidate has no leader field: the same states',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (current === null) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'followLeader returns null only to a leader hearing a leader of its own term, never in the correct model (election safety)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const ackedReadRound = response.readRound > ackedBefore ? role.ackedReadRound.with(from, response.readRound) : role.ackedReadRound;',
    mutator: 'EqualityOperator',
    replacement: 'response.readRound >= ackedBefore',
    reason: 'an equal round written again: an equal array',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return a.clientId === b.clientId && a.operationId === b.operationId;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'a.clientId === b.clientId',
    reason: "operation ids are unique across clients (the simulator's history index), so the operation id alone identifies a requester",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (remaining.length === role.pendingReads.length) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a shortcut: with no read answered, the role is rebuilt with an equal read list, an equal state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const waiting = requester === null ? role.waiting : [...role.waiting.filter((other) => other.clientId !== requester.clientId), requester];',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'other.clientId !== requester.clientId',
    reason: "as the filter removed (marked on the line): a client's older requester kept would only get a late answer the client no longer waits for",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return role.pendingReads.filter((other) => context.stateMachine.requesterOf?.(other.command)?.clientId !== requester.clientId);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'as the filter removed (marked on the line): an older read of the same client kept is confirmed no later than the newer one, and answers a client that no longer waits for it',
  },
  {
    file: 'src/protocols/primary-backup/model.ts',
    line: "actions: [reply(operationId, { outcome: 'ok', output: { type: 'read', value: registerValue(primary.log, acknowledgedLength) } })],",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'read'",
    reason:
      "the output's type tag: the client knows what it asked, linearizable reads only a read's value, and nothing else reads the tag (only a transcript shows it)",
  },
  {
    file: 'src/protocols/primary-backup/model.ts',
    line: ".map((operationId) => ({ kind: 'reply', operationId, reply: { outcome: 'ok', output: { type: 'write' } } }));",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'write'",
    reason: "the output's type tag: the client knows it asked for a write, and linearizable reads no write output (only a transcript shows it)",
  },
  {
    file: 'src/protocols/primary-backup/model.ts',
    line: ".map((operationId) => ({ kind: 'reply', operationId, reply: { outcome: 'ok', output: { type: 'write' } } }));",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ type: 'write' }",
    reason: "as the tag made empty: a write's output carries nothing but its type tag",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return command.type === 'config' && command.clientId >= 0 && command.membership.outgoing === undefined;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "command.type === 'config'",
    reason: 'a no-op or command entry has no clientId (undefined >= 0 is false), and the other caller tests the type first',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return command.type === 'config' && command.clientId >= 0 && command.membership.outgoing === undefined;",
    mutator: 'LogicalOperator',
    replacement: "command.type === 'config' || command.clientId >= 0",
    reason:
      'a no-op or command entry still fails (no clientId); a configuration the leader appended itself (clientId -1) then counts as answering requester -1, which no client is: an answered-changes record nobody matches',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return command.type === 'config' && command.clientId >= 0 && command.membership.outgoing === undefined;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'command.clientId >= 0',
    reason: "as || above: a leader's own configuration entry (clientId -1) recorded as answering requester -1, which no client is",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'let answered = durable.snapshot.answeredChanges ?? [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'a string in the answered-changes record matches no requester (its clientId is undefined): nobody is answered differently',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "role: { kind: 'follower', leader: null },",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "every step reads a role by comparing its kind with 'leader', 'candidate' or 'pre-candidate', or reads a follower's leader only when the kind is 'follower': a role of no kind acts as a follower that knows no leader everywhere, until the first message or timeout replaces it (only a transcript's description would show it)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "role: { kind: 'follower', leader: null },",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'as the role made {}: a role of no kind acts as a follower that knows no leader',
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
