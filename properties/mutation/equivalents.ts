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
import { kafkaReviewedEquivalents } from './equivalents-kafka.ts';
import { zabReviewedEquivalents } from './equivalents-zab.ts';

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
    line: 'return { role: { ...role, nextIndex, matchIndex }, resend: (nextIndex[from] ?? 1) <= lastIndex(state.durable) };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'flow control only: a caught-up follower also gets an empty AppendEntries from nextIndex after each acknowledgement, more messages, never other ones (the consistency check keeps them safe); made false, the mutant is killed by replication-continues',
  },
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
    file: 'src/protocols/raft/model.ts',
    line: 'if (component === undefined) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'a cache: a context made again holds the same fields, and nothing compares contexts by identity',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "if (effect.requester !== null && effect.result !== null) this.reply(effect.requester.operationId, { outcome: 'ok', output: effect.result });",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'effect.result !== null',
    reason:
      "a null result is a command older than its client's last applied one: the client has had that operation answered and moved on (one operation at a time), so the simulator drops the late reply",
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "if (state.volatile.role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a Forward that reaches a node no longer leading is then passed on again (to the leader it knows) or, a read at a node that knows none, refused: the client gets a legal answer or retries, as when it is dropped',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "} else if (request.operation.type === 'get') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a read left unanswered at a node that knows no leader is retried by its client, a refused one ends: both are legal answers to a read, which has no effect (made true, writes are refused too, which coverage collapse kills)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "} else if (request.operation.type === 'get') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'a read left unanswered at a node that knows no leader is retried by its client, a refused one ends: both are legal answers to a read, which has no effect (the test made false, as the entry above)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "} else if (request.operation.type === 'get') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'a read left unanswered at a node that knows no leader is retried by its client, a refused one ends: both are legal answers to a read, which has no effect (the test made false, as above)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: 'other.clientId === clientId && other.operationId > operationId;',
    mutator: 'EqualityOperator',
    replacement: 'other.operationId >= operationId',
    reason:
      'also drops a retry of the very request the leader waits for, which changes nothing a client sees: a write is already waiting for its entry, a read for its heartbeat round (taken again, it would only wait for a later round)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: 'if (!context.config.membershipChanges) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'generated schedules draw membership operations only with membershipChanges on; only hand-written input reaches this refusal',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "const quiet = outcome.kind === 'refused' && outcome.inProgress && context.config.membershipChangeMode === 'joint';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "outcome.kind === 'refused' && outcome.inProgress && context.config.membershipChangeMode === 'joint'",
    reason:
      'refusing a change found in progress or leaving it unanswered are both legal: a refused change did not happen, an unanswered one is retried until the change under way is over',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "const quiet = outcome.kind === 'refused' && outcome.inProgress && context.config.membershipChangeMode === 'joint';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "context.config.membershipChangeMode === 'joint'",
    reason: 'as the whole test made false: single-server mode then leaves a change found in progress unanswered too (retried), which is legal',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "const quiet = outcome.kind === 'refused' && outcome.inProgress && context.config.membershipChangeMode === 'joint';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "outcome.kind === 'refused'",
    reason: 'only a refusal says inProgress, so the kind test adds nothing',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "if (operation.type === 'get') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'a get then goes through the log, which is as linearizable as a ReadIndex read (as the test made false)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'if (session !== undefined && session.operationId >= operationId) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'session !== undefined && session.operationId >= operationId',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'if (session !== undefined && session.operationId >= operationId) {',
    mutator: 'EqualityOperator',
    replacement: 'session.operationId > operationId',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'if (session !== undefined && session.operationId >= operationId) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'return { machine, output: session.operationId === operationId ? session.output : null };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'return { machine, output: session.operationId === operationId ? session.output : null };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'return { machine, output: session.operationId === operationId ? session.output : null };',
    mutator: 'EqualityOperator',
    replacement: 'session.operationId !== operationId',
    reason:
      'no log holds two copies of a client command: a leader answers an applied one from its session (model.ts clientRequest), waits for one it holds unapplied (component.ts proposeCore), and drops a stale one its client moved on from; so this de-duplication never meets a duplicate (a throw placed here never fired in 3,000 runs of every Raft setup)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'return { machine, output: session.operationId === operationId ? session.output : null };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      'no log holds two copies of a client command (see the entries above), so this return is never reached: NoCoverage since the leader drops stale requests (killed before, through the duplicate a stale Forward appended)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'while (sessions.length < clientId) sessions.push(undefined);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the loop only keeps the sessions array free of holes: a hole reads as undefined, as the pushed undefined does, the array is only indexed, and JSON writes a hole as it writes undefined (null)',
  },
  {
    file: 'src/protocols/raft/kv.ts',
    line: 'while (sessions.length < clientId) sessions.push(undefined);',
    mutator: 'EqualityOperator',
    replacement: 'sessions.length <= clientId',
    reason: 'one more undefined pushed is overwritten by the session set at clientId next',
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
  // ZAB (reviewed against the survivors of zab-s2-before, shard 1/4 on 64ea969; docs/protocols/zab.md).
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'for (let node = 0; node < learners.length; node++) {',
    mutator: 'EqualityOperator',
    replacement: 'node <= learners.length',
    reason: 'one step past the end reads an undefined learner, which the loop skips',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId)",
    reason:
      "a retried quorum sync is then proposed twice: at each server the first sync transaction to apply sets the read's target and the read is answered as it applies; the second finds no such read waiting (or moves its target later: fresher). Operation ids are unique across clients, and a sync is never a client transaction",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: 'as the test made false: a retried quorum sync proposed twice is answered once',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId",
    reason: 'as the test made false: a retried quorum sync proposed twice is answered once',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "txn.body.kind === 'sync' && txn.body.clientId === clientId",
    reason:
      'then any uncommitted transaction with this operation id matches: operation ids are unique across clients and a syncRead never becomes a client transaction, so only this sync does',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'LogicalOperator',
    replacement: "txn.body.kind === 'sync' || txn.body.clientId === clientId",
    reason:
      'with the operation id still required, only this sync matches: operation ids are unique across clients and a syncRead never becomes a client transaction',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "txn.body.kind === 'sync'",
    reason:
      'a transaction of this client with this operation id can only be this sync: a syncRead never becomes a client transaction, and a closeSession has no operation id',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'EqualityOperator',
    replacement: "txn.body.kind !== 'sync'",
    reason:
      "no other transaction carries this client's syncRead operation id, so the test never holds: a sync proposed twice is answered once (as the test made false)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'the test then never holds: a sync proposed twice is answered once (as the test made false)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'txn.body.clientId === clientId',
    reason: "operation ids are unique across clients: a sync with this operation id is this client's",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (uncommittedHas(state, (txn) => txn.body.kind === 'sync' && txn.body.clientId === clientId && txn.body.operationId === operationId))",
    mutator: 'EqualityOperator',
    replacement: 'txn.body.clientId !== clientId',
    reason: "operation ids are unique across clients, so another client's sync never has this one: the test never holds (as the test made false)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'return state.volatile.role === role ? state : withRole(state, role);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'installs a role the state already holds: an equal state (a copy)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.kind === 'looking') return 'server is looking for a leader';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a looking server has no phase, so the next test refuses the request too: only the error text differs',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.kind === 'looking') return 'server is looking for a leader';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'looking'",
    reason: 'a looking server has no phase, so the next test refuses the request too: only the error text differs',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.kind === 'looking') return 'server is looking for a leader';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'server is looking for a leader'",
    reason: "the refusal's error text is for people; an empty reason still refuses (it is not null)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.phase !== 'broadcast') return 'server is not synchronized with a leader yet';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'server is not synchronized with a leader yet'",
    reason: "the refusal's error text is for people; an empty reason still refuses (it is not null)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)',
    reason:
      'a syncRead retried here while waiting is then asked again: the same request replaces it (addPending) with a target at least as late, and a follower forwards the sync again; the read is answered once, no staler',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: 'as the test made false: a retried syncRead is asked again and answered once, no staler',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'pending.clientId === clientId && pending.operationId === operationId',
    reason: 'as the test made false: a retried syncRead is asked again and answered once, no staler',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'pending.clientId === clientId',
    reason: "operation ids are unique across clients: a waiting request with this operation id is this client's",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    mutator: 'EqualityOperator',
    replacement: 'pending.clientId !== clientId',
    reason: 'operation ids are unique across clients, so the test never holds: as the test made false',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (volatile.pending.length === 0 && volatile.watches.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'with nothing pending and no watches the rest empties an empty list: an equal state',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'broadcast' && last.epoch === role.epoch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.phase === 'broadcast'",
    reason:
      "before the broadcast phase the leader's log holds no proposal of its epoch (it proposes only once established), so the epoch test is false there anyway",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'broadcast' && last.epoch === role.epoch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'last.epoch === role.epoch',
    reason:
      "before its first proposal the leader then records its own ack of an older zxid, which counts toward no proposal of its epoch (tryCommit stops at an older epoch) and is replaced at its first proposal's flush",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'broadcast' && last.epoch === role.epoch) {",
    mutator: 'LogicalOperator',
    replacement: "role.phase === 'broadcast' || last.epoch === role.epoch",
    reason:
      'before the broadcast phase the epoch test is false (no proposal of its epoch yet), so this is the epoch test made true: an own ack of an older zxid counts toward nothing',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (txns.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'appending nothing builds an equal state',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "case 'sync':",
    mutator: 'ConditionalExpression',
    replacement: "case 'sync':",
    reason:
      'a sync transaction then falls through to the closeSession case, which leaves the table as it is: a sync has no session, so the incarnation test fails',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (snapshot === null || snapshot.nodes === null) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'snapshot.nodes === null',
    reason: 'the loop above takes only valid snapshots (nodes written), so a found snapshot never has null nodes',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'touched: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'a fresh follower then reports a client that does not exist with its next ping answer: the leader touches it, and no session reads it (expiry walks the client ids)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (role.kind !== 'leading') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "only a leader calls it (the tick of a leading server, becoming leader, and the leader's handshake handlers)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const ahead = message.currentEpoch > own.epoch || (message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.currentEpoch > own.epoch || (message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0)',
    reason:
      "never ahead: an elected leader holds every committed transaction (Zab's quorum intersection), so a follower ahead of it holds only uncommitted ones, which its TRUNC drops; ZooKeeper's check only restarts the election",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const ahead = message.currentEpoch > own.epoch || (message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0);',
    mutator: 'LogicalOperator',
    replacement: 'message.currentEpoch > own.epoch && message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0',
    reason: 'never ahead (the epoch cannot be both higher and equal): as the whole test made false',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const ahead = message.currentEpoch > own.epoch || (message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.currentEpoch > own.epoch',
    reason: 'ahead less often: a follower ahead holds only uncommitted transactions, which its TRUNC drops (as the whole test made false)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const ahead = message.currentEpoch > own.epoch || (message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.currentEpoch === own.epoch && compareZxid(message.lastZxid, own.zxid) > 0',
    reason: 'ahead less often: a follower ahead holds only uncommitted transactions, which its TRUNC drops (as the whole test made false)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'return message.snapshot === null ? state : loadSnap(context, state, role, message.snapshot, message.entries);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "a SNAP always carries the leader's snapshot (syncPlan builds one for every SNAP)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (context.config.quorumSync) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "every sync then goes through a quorum round, also where ZooKeeper's leader answers it alone: a quorum sync is the stronger of the two (it answers no staler and, with requests-settle, no later than the next commit); made false, the mutant is killed",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (compareZxid(state.volatile.committedZxid, zxid) >= 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the leader answers a sync at once with its last zxid, committed or not: the follower still reads only once it has committed that zxid (answerSyncReads waits for the target), which it learns from this leader's COMMIT, so the read sees the same writes",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (compareZxid(committed, sync.zxid) >= 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'as above: a sync answered before its zxid commits still makes the follower wait until it has committed that zxid before it reads',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "actions.push(reply(pending.operationId, pending.kind === 'write' ? { outcome: 'unknown', error: why } : { outcome: 'fail', error: why }));",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a read abandoned is answered unknown instead of fail: a read changes nothing, so both say only that the client got no value (no checker or property reads a failed read's kind; made false, writes answered fail is killed)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'broadcast' && last.epoch === role.epoch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.phase === 'broadcast' && last.epoch === role.epoch",
    reason:
      "the leader then records its own acknowledgement of an older epoch's zxid too: tryCommit counts acknowledgements only for proposals of the leader's epoch, which every later flush acknowledges again, and commits nothing before the broadcast phase (no proposal of its epoch yet)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (!current.learners[from]) return heard();',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a peer the leader no longer counts as a learner (its link broke) sends only what it sent as one: an acknowledgement of a proposal on its disk, a ping answer, a forwarded request (proposed as any request), a sync (its answer ignored by a server that went looking): the leader may act on them as on a learner's late message",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'for (let index = durable.snapshots.length - 1; index >= 0 && snapshot === null; index--) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'snapshot === null',
    reason:
      'a restart then loads the oldest valid snapshot instead of the newest and replays more of the log after it: the log is never purged, so the tree is the same (as with a server that never snapshots)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (role.phase !== 'synchronization') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "over FIFO links without duplicates (fifoAssumption) a SYNC or UPTODATE reaches a follower only in its synchronization phase with that leader: a follower in discovery has not asked yet, and one in the broadcast phase got the leader's only one",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'leader'",
    reason:
      "no embedder proposes or changes membership on a non-leader: the Raft front end takes client requests only as leader (model.ts clientRequest), and KRaft writes metadata only as the active controller, the Raft leader (kraft.ts mayDecide): the not-leader answer is API contract no caller reaches (NoCoverage in every setup, KRaft's included)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "no embedder proposes or changes membership on a non-leader: the Raft front end takes client requests only as leader (model.ts clientRequest), and KRaft writes metadata only as the active controller, the Raft leader (kraft.ts mayDecide): the not-leader answer is API contract no caller reaches (NoCoverage in every setup, KRaft's included)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind !== 'leader') return { state, outcome: { kind: 'not-leader', leader: leaderOf(state, context.node) } };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'not-leader'",
    reason:
      "no embedder proposes or changes membership on a non-leader: the Raft front end takes client requests only as leader (model.ts clientRequest), and KRaft writes metadata only as the active controller, the Raft leader (kraft.ts mayDecide): the not-leader answer is API contract no caller reaches (NoCoverage in every setup, KRaft's included)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.oneConfigChangeAtATime) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.oneConfigChangeAtATime',
    reason:
      'the correct rules set oneConfigChangeAtATime, so the test is false on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.anyLeaderLeavesJoint && termAt(durable, configIndex) !== durable.currentTerm) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.anyLeaderLeavesJoint && termAt(durable, configIndex) !== durable.currentTerm',
    reason:
      'the correct rules set anyLeaderLeavesJoint, so the test is false on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (context.rules.persistTermAndVote) return durable;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'context.rules.persistTermAndVote',
    reason:
      'the correct rules set persistTermAndVote, so the test is true on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (context.rules.voteRequiresUpToDateLog) return isUpToDate(request.lastLogTerm, request.lastLogIndex, state.durable);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'context.rules.voteRequiresUpToDateLog',
    reason:
      'the correct rules set voteRequiresUpToDateLog, so the test is true on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (context.rules.countOnlyVotersVotes) return quorum(context, durable, (node) => votes.includes(node));',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'context.rules.countOnlyVotersVotes',
    reason:
      'the correct rules set countOnlyVotersVotes, so the test is true on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.heartbeatFreesFullWindow) return { role, resend: false };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.heartbeatFreesFullWindow',
    reason:
      'the correct rules set heartbeatFreesFullWindow, so the test is false on the correct model anyway; only a bug variant takes the other branch (the opposite replacement is killed)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.config.membershipChanges) return votes.length >= majority(context.members.length);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.config.membershipChanges',
    reason:
      'without membership changes the next line counts the same thing: quorum() then takes a majority of context.members, and votes is a set (countVotersOnce) of members (only members are asked, and a candidate votes for itself)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.config.pipelining) return false;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.config.pipelining',
    reason:
      "without pipelining every follower's progress stays `probing` (sendAppend returns before touching it, heartbeats go through broadcastAppend, trackStopAndWait never sets it), so the switch returns probeSent, false, as well",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "progress: role.progress.with(to, { state: 'snapshot', probeSent: false, inflight: [], pendingSnapshot: durable.snapshot.index }),",
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason:
      "probeSent is read only in probe state (paused), and every way into probe starts from `probing` (broadcastHeartbeat, trackPipelined's rejections), which has it false",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return 'leader has not committed an entry of its term yet';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'leader has not committed an entry of its term yet'",
    reason:
      "the text of a refusal: callers test the reason against null and against changeInProgress only, and the front end passes it into the failure reply's error text (failure-reply texts are counted out, scripts/mutation-ignorers.mjs)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: 'refused: `replace-server ${change.node} ${change.replacement} needs ${change.node} to vote and ${change.replacement} to be outside the cluster`,',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: 'the text of a refusal (see the entries above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (jointMode(context)) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'jointMode(context)',
    reason:
      'single-server mode never builds a configuration with outgoing voters or a pending replacement (changedMembership refuses replace-server there; its additions, removals and promotions are plain), so the joint test is false there anyway; made false, the mutant is killed',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!voters.includes(change.node) && voters.includes(change.replacement)) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a replace-server found done (its server out of the voters, its replacement in: another client's replace, or this one retried after its snapshot dropped the record) is then refused by the guard below, since its server does not vote: the request did nothing, which the refusal says truly; ok and fail are both legal answers to it, and membership-refusals-justified accepts the refusal",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (command.type !== 'config' || !sameRequester(command, requester)) continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "command.type !== 'config'",
    reason: 'a noop or key-value command has no clientId, so sameRequester fails for it and the loop continues anyway',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (refused !== null) return { state, outcome: { kind: 'refused', reason: refused, inProgress: refused === changeInProgress } };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'refused === changeInProgress',
    reason:
      "the in-progress flag of a refusal by configChangeRefused (the leader has not committed an entry of its term, or a change is under way: both pass) is read only by the front end, which under joint consensus leaves such a request unanswered instead of refusing it; refusing a change and leaving it to be retried are both legal (as the directive on model.ts's `quiet` says), and with single-server changes both kinds are refused alike",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (refused !== null) return { state, outcome: { kind: 'refused', reason: refused, inProgress: refused === changeInProgress } };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'refused === changeInProgress',
    reason:
      "the in-progress flag of a refusal by configChangeRefused (the leader has not committed an entry of its term, or a change is under way: both pass) is read only by the front end, which under joint consensus leaves such a request unanswered instead of refusing it; refusing a change and leaving it to be retried are both legal (as the directive on model.ts's `quiet` says), and with single-server changes both kinds are refused alike",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (refused !== null) return { state, outcome: { kind: 'refused', reason: refused, inProgress: refused === changeInProgress } };",
    mutator: 'EqualityOperator',
    replacement: 'refused !== changeInProgress',
    reason:
      "the in-progress flag of a refusal by configChangeRefused (the leader has not committed an entry of its term, or a change is under way: both pass) is read only by the front end, which under joint consensus leaves such a request unanswered instead of refusing it; refusing a change and leaving it to be retried are both legal (as the directive on model.ts's `quiet` says), and with single-server changes both kinds are refused alike",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (!context.config.membershipChanges || role.kind !== 'leader') return state;",
    mutator: 'LogicalOperator',
    replacement: "!context.config.membershipChanges && role.kind !== 'leader'",
    reason:
      "in leaveJointIfDue (promoteCaughtUpLearner's copy of the line carries a directive): only a leader calls it (changeMembershipCore and promoteCaughtUpLearner after their leader test, advanceCommit), and without membership changes no configuration has outgoing voters, so the next test returns the same state",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.anyLeaderLeavesJoint && termAt(durable, configIndex) !== durable.currentTerm) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'termAt(durable, configIndex) !== durable.currentTerm',
    reason: 'only variant joint-stuck-after-leader-change (anyLeaderLeavesJoint false) reaches the term test',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.rules.anyLeaderLeavesJoint && termAt(durable, configIndex) !== durable.currentTerm) return state;',
    mutator: 'EqualityOperator',
    replacement: 'termAt(durable, configIndex) === durable.currentTerm',
    reason: 'only variant joint-stuck-after-leader-change (anyLeaderLeavesJoint false) reaches the term test',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const command = configIndex > 0 ? entryAt(durable, configIndex)?.command : undefined;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'configIndex > 0',
    reason:
      'index 0 is never in the log (entries start at logStart.index + 1 >= 1), so entryAt(durable, 0)?.command is undefined, as the false branch',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const command = configIndex > 0 ? entryAt(durable, configIndex)?.command : undefined;',
    mutator: 'EqualityOperator',
    replacement: 'configIndex >= 0',
    reason: "as above: at index 0, entryAt(...)?.command is undefined, the false branch's value",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (!context.config.membershipChanges || state.volatile.role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "state.volatile.role.kind !== 'leader'",
    reason: 'only advanceCommit calls stepDownIfRemoved, after its own leader test (applying entries does not change the role)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const waited = waiting === role.waiting ? state : withVolatile(state, { ...state.volatile, role: { ...role, waiting } });',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'waiting === role.waiting',
    reason: 'when the requester already waits, the rebuilt state holds the same role and waiting list (a copy, equal in every field)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { state: leaveJointIfDue(context, waited, out), outcome: { kind: 'pending' } };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'pending' }",
    reason:
      'the front end (model.ts, the only caller of changeMembership) reads only the refused, unchanged and applied outcomes; appended and pending both leave the client waiting for the config-applied effect',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { state: leaveJointIfDue(context, waited, out), outcome: { kind: 'pending' } };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'pending'",
    reason:
      'the front end (model.ts, the only caller of changeMembership) reads only the refused, unchanged and applied outcomes; appended and pending both leave the client waiting for the config-applied effect',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "outcome: { kind: 'appended' },",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'appended' }",
    reason:
      'the front end (model.ts, the only caller of changeMembership) reads only the refused, unchanged and applied outcomes; appended and pending both leave the client waiting for the config-applied effect',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "outcome: { kind: 'appended' },",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'appended'",
    reason:
      'the front end (model.ts, the only caller of changeMembership) reads only the refused, unchanged and applied outcomes; appended and pending both leave the client waiting for the config-applied effect',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (membership.outgoing !== undefined || (!promotion && membership.replacement !== undefined)) return changeInProgress;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'membership.outgoing !== undefined',
    reason:
      'with the correct rules a joint configuration is the latest one only while its entry is past the commit index (the test above refuses then): the step that commits C_old,new appends C_new (advanceCommit, leaveJointIfDue), and a new leader that finds C_old,new committed (or compacted) refuses changes until its own entry commits, in the step that appends C_new; only the rules of variant joint-stuck-after-leader-change leave a committed joint configuration in place',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const keep = replacement !== undefined && replacing === null ? { replacement } : {};',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'replacement !== undefined',
    reason:
      'without a pending replacement the joint configuration gets `replacement: undefined`, which every reader treats as absent (`membership.replacement !== undefined`, `replacement?.learner`)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (membership.voters.length === 0) return { state, outcome: { kind: 'refused', reason: 'cannot remove the last voter', inProgress: false } };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'cannot remove the last voter'",
    reason: 'the text of a refusal (see the entries above)',
  },
  // 2026-12-01, evening (raft-mut): shard 2/4's survivors.
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const waiting = role.waiting.some((other) => sameRequester(other, requester))',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      'a retry of a change the leader already waits for is registered again: the filter drops the same requester and appends it back, the same set of requesters (made `every`, the mutant is killed by the story raft-retried-change-registered-alone)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: ': [...role.waiting.filter((other) => other.clientId !== requester.clientId), requester];',
    mutator: 'MethodExpression',
    replacement: 'role.waiting',
    reason:
      "a client's older requester kept beside its retried change (it moved on: answered elsewhere) only gets a late answer the client no longer waits for, which the simulator drops; as proposeCore's same filter, marked",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: ': [...role.waiting.filter((other) => other.clientId !== requester.clientId), requester];',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'the filter keeps every requester: as `role.waiting` above (made false, or `===`, the story raft-retried-change-registered-beside-put kills it)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const alone = membership === null ? context.members.length === 1 : membership.voters.length === 1;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'context.members.length === 1',
    reason:
      'an extra advanceCommit and answerConfirmedReads after an append recompute the commit index and the read confirmations from the same matchIndex and acknowledgements (a quorum still counts them): nothing commits or is answered sooner',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const alone = membership === null ? context.members.length === 1 : membership.voters.length === 1;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'membership.voters.length === 1',
    reason: 'as above, with membership changes',
  },
  // Shard 3/4's survivors, reviewed 2026-12-01 night (docs/mutation.md).
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return index > durable.logStart.index ? durable.log[index - durable.logStart.index - 1] : undefined;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'an index at or below the log start gives a negative array index, which reads undefined as the test does',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return index > durable.logStart.index ? durable.log[index - durable.logStart.index - 1] : undefined;',
    mutator: 'EqualityOperator',
    replacement: 'index >= durable.logStart.index',
    reason: 'at the log start itself the array index is -1, which reads undefined as the test does',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (index === 0) return 0;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'index 0 is asked for only while the log starts at 0 (the test above answers it): every caller asks at or above the log start (AppendEntries below it answer before the check, commit and config indexes are at or past it)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (fromIndex <= durable.logStart.index && durable.logStart.index > 0) return { kind: 'snapshot', snapshot: durable.snapshot };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'durable.logStart.index > 0',
    reason: 'with the log starting at 0 the first test needs fromIndex 0, and the only reader (kraft.ts) asks from its applied index + 1',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (fromIndex <= durable.logStart.index && durable.logStart.index > 0) return { kind: 'snapshot', snapshot: durable.snapshot };",
    mutator: 'EqualityOperator',
    replacement: 'durable.logStart.index >= 0',
    reason: 'as above: fromIndex is at least 1, so a log starting at 0 never meets the first test',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (let index = Math.max(fromIndex, 1); index <= volatile.commitIndex && entries.length < countMax; index++) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'entries.length < countMax',
    reason:
      'the batch bound only: every committed entry after fromIndex in one answer instead of eight per fetch; a broker applies the same entries in the same order, sooner',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (let index = Math.max(fromIndex, 1); index <= volatile.commitIndex && entries.length < countMax; index++) {',
    mutator: 'EqualityOperator',
    replacement: 'entries.length <= countMax',
    reason: 'the batch bound only: nine entries per fetch instead of eight',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (entry === undefined) break;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'never undefined here: fromIndex is past the log start (else the snapshot is returned) and the loop stops at the commit index, which is in the log',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (const node of context.members) if (node !== context.node) out.send(node, message);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'a RequestVote sent to itself: the candidate grants its own vote again (or a leader refuses it), and the answer is not counted twice (countVotersOnce) or reaches a node no longer campaigning; an extra message, nothing else',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const grantedPreVote = message.type === 'request-vote-response' && message.preVote && message.granted;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'request-vote-response' && message.preVote",
    reason:
      "a granted vote response never carries a term above its candidate's (it names the candidate's own term, and the candidate only moves up by campaigning again), so only granted PreVotes meet the higher-term branch",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const grantedPreVote = message.type === 'request-vote-response' && message.preVote && message.granted;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'request-vote-response'",
    reason: 'only vote responses carry a granted field (the others read undefined), so the type test changes nothing',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (context.rules.snapshotKeepsLogSuffix && snapshot.index <= volatile.commitIndex) {',
    mutator: 'EqualityOperator',
    replacement: 'snapshot.index < volatile.commitIndex',
    reason:
      'a snapshot at the commit index then takes the middle branch: the log (which starts at or below the applied index, here the commit index) holds its last entry, so the node compacts through it early and keeps its machine (any applied prefix may be compacted at any time, Raft §7)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: '} else if (context.rules.snapshotKeepsLogSuffix && termAt(durable, snapshot.index) === snapshot.term) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "a log that holds the snapshot's last entry holds every entry before it (log matching): the node answers the snapshot's index, which it holds, and applies the entries itself once the next AppendEntries brings the commit index",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (nextRole.matchIndex !== role.matchIndex) next = advanceCommit(context, next, out);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'the commit rule run again on unchanged matchIndexes finds the same commit index and returns the same state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'replicate' && response.rejectedIndex > peerMatch",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (any rejection restarts probing from matchIndex + 1, which the follower holds)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'replicate'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a rejection in probe or snapshot state restarts probing from matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'response.rejectedIndex > peerMatch',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a stale rejection restarts probing from matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'replicate' && response.rejectedIndex > peerMatch) {",
    mutator: 'EqualityOperator',
    replacement: 'response.rejectedIndex >= peerMatch',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a stale rejection at matchIndex restarts probing from matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a stale rejection also steps the probe back, never below matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'probe' && response.rejectedIndex === peerNext - 1",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'probe'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'response.rejectedIndex === peerNext - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'peerNext > peerMatch + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a probe at matchIndex + 1 rejected again, by a follower that lost entries, is probed again there)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'EqualityOperator',
    replacement: 'peerNext >= peerMatch + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (progress.state === 'probe' && response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {",
    mutator: 'ArithmeticOperator',
    replacement: 'peerMatch - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const backTo = Math.max(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1));',
    mutator: 'MethodExpression',
    replacement: 'Math.min(peerMatch + 1, Math.min(response.rejectedIndex, response.lastLogIndex + 1))',
    reason:
      "flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (the rejection's bound is above matchIndex, so the probe restarts at matchIndex + 1, which the follower holds)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (role.waiting.length === 0) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a shortcut: with nobody waiting the search below finds nobody',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: '? command.clientId < 0 || command.membership.outgoing !== undefined',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'command.clientId < 0',
    reason: "the leader's own changes (client -1) are never registered as waiting (appendConfig), so the search below finds nobody for them",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: ': (context.stateMachine.requesterOf?.(command.command) ?? null);',
    mutator: 'OptionalChaining',
    replacement: 'context.stateMachine.requesterOf(command.command)',
    reason:
      'a leader waits for a requester only where the machine has requesterOf (proposeCore registers none otherwise), and the test above returns first when nobody waits',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'return requester !== null && role.waiting.some((waiting) => sameRequester(waiting, requester)) ? requester : null;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'requester !== null && role.waiting.some((waiting) => sameRequester(waiting, requester))',
    reason:
      'the result then goes to a client this leader did not wait for: it is what applying its command gave (kv answers a repeat from its session), and a client that moved on ignores it (the simulator keeps one pending operation per client)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (let round = 0; round < rounds; round++) {',
    mutator: 'EqualityOperator',
    replacement: 'round <= rounds',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (one more round, still held back by the window)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const next = sendAppend(context, state, current, to, out, nudge && round === 0);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'nudge && round === 0',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (an empty AppendEntries to a replicating follower)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const next = sendAppend(context, state, current, to, out, nudge && round === 0);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'round === 0',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!context.config.pipelining) return broadcastAppend(context, state, role, out);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'without pipelining every follower stays in probe with paused() false, so the pipelined heartbeat sends what broadcastAppend sends; its `alone` test matters only where a leader becomes alone, which happens in a broadcastAppend (a configuration appended, an election won)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (node === context.node || !isMember(membership, node)) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'node === context.node || !isMember(membership, node)',
    reason:
      'a leader drops an AppendEntries of its own term from itself, and a server outside the configuration that follows the leader is counted in no quorum',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (node === context.node || !isMember(membership, node)) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'node === context.node',
    reason: 'a leader drops an AppendEntries of its own term from itself (followLeader)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (let index = state.volatile.lastApplied + 1; index <= lastIndex(durable); index++) {',
    mutator: 'EqualityOperator',
    replacement: 'index < lastIndex(durable)',
    reason:
      'the store de-duplicates by (client, operation) at apply, so a second copy of the last entry changes nothing a client sees: the search only saves the entry',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (logged?.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'as above: the search never finds the copy and the command is appended again, which the store de-duplicates',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (other !== null && sameRequester(other, requester)) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'other !== null',
    reason: "kv's requesterOf names every command's requester, never null",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { state: withVolatile(state, { ...state.volatile, role: { ...role, waiting } }), outcome: { kind: 'pending' } };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'pending' }",
    reason: "the embedders act on the effects; only the component's tests read a proposal's outcome",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { state, outcome: { kind: 'refused', reason: 'leader has not committed an entry of its term yet' } };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'leader has not committed an entry of its term yet'",
    reason: 'the refusal text, for people (the client gets a fail either way)',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: 'if (session !== undefined && session.operationId >= operationId) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a retry of an applied command then goes through the log again, and kv's session answers it with its first result at apply (an older operation's reply is dropped: its client moved on)",
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: 'if (session !== undefined && session.operationId >= operationId) {',
    mutator: 'EqualityOperator',
    replacement: 'session.operationId > operationId',
    reason: 'as above: a retry of the last applied command is appended again and answered from the session at apply',
  },
  {
    file: 'src/protocols/raft/model.ts',
    line: "if (session.operationId === operationId) out.reply(operationId, { outcome: 'ok', output: session.output });",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'an older operation answered: the simulator drops a reply to an operation already completed, and a client has a newer one only once the older completed',
  },

  // Shard 4/4's survivors, reviewed 2026-12-01 night (first measured since the morning).
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (options.loseUnflushed && durable.unflushedSnapshotPrevious !== null) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the correct model flushes a snapshot before the log, so unflushedSnapshotPrevious is always null there (only variant snapshot-not-flushed sets it)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (electionElapsed >= config.electionTimeoutTicksMin) {',
    mutator: 'EqualityOperator',
    replacement: 'electionElapsed > config.electionTimeoutTicksMin',
    reason:
      'a leader with or without CheckQuorum is correct Raft: stepping down a tick later (or not) when cut off only moves clients sooner or later',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const active = quorum(context, state.durable, (node) => node === context.node || role.recentlyActive[node] === true);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'as above: a leader that always finds a quorum active never steps down for CheckQuorum',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (!active) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'as above',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'leader') return self;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "leaderOf's leader branch is for embedders; no caller asks a leader: propose, changeMembership and startRead ask only a non-leader, and kraft.ts's metadata fetch only a controller that is not active (not the Raft leader)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind === 'leader') return self;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'as above: the branch is never taken, so the test never holds either way',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable)',
    reason:
      'trackPipelined nudges after every acknowledgement: flow control only: more nudges (an AppendEntries at nextIndex - 1, empty if nothing is new, after an acknowledgement), more messages, never other ones (the consistency check keeps any of them safe); made false (the rule before 21d63f0), killed by replication-continues on the raft-heartbeat-* scenarios',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'replicating && progress.heartbeatMayAcknowledge === true',
    reason: 'as above: nudges after any acknowledgement of a lagging follower',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'progress.heartbeatMayAcknowledge === true',
    reason: 'as above: nudges after any acknowledgement of a lagging replicating follower',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'match < lastIndex(state.durable)',
    reason: 'as above: nudges a follower that is caught up too (an empty AppendEntries)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nudge = replicating && progress.heartbeatMayAcknowledge === true && match < lastIndex(state.durable);',
    mutator: 'EqualityOperator',
    replacement: 'match <= lastIndex(state.durable)',
    reason: 'as above: nudges a follower that is caught up too (an empty AppendEntries); made >=, killed',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match',
    reason:
      "broadcastHeartbeat marks every replicating follower's progress: flow control only: more nudges (an AppendEntries at nextIndex - 1, empty if nothing is new, after an acknowledgement), more messages, never other ones (the consistency check keeps any of them safe); made false, killed by replication-continues",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'progress.heartbeatMayAcknowledge !== true',
    reason: 'as above: a marked progress marked again is the same progress',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'state.volatile.commitIndex > match',
    reason: 'as above: marks a follower whose answer cannot rise above matchIndex, which then nudges once more',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (progress.heartbeatMayAcknowledge !== true && state.volatile.commitIndex > match) {',
    mutator: 'EqualityOperator',
    replacement: 'state.volatile.commitIndex >= match',
    reason: 'as above: also marks a follower at the commit index, whose answers then nudge more; made <=, killed',
  },
  // raft-whole (2026-12-02, small hours): survivors of the whole protocol measured on one commit (95ac2a1).
  {
    file: 'src/protocols/raft/component.ts',
    line: 'nextRole = { ...role, recentlyActive: role.recentlyActive.map(() => false) };',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "CheckQuorum's flags reset to undefined, not false: both readers ask === true (the quorum test) or the flag's truth (an answer's mark), so undefined is false there; made true, a gap (a cut-off leader never steps down)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { durable, volatile: { ...resetTimer(context, state.volatile), role: { kind: 'follower', leader: null } } };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'follower', leader: null }",
    reason:
      'a role of no kind is read everywhere as a follower of nobody: leaderOf and inLease find no leader, the front end forwards nothing, countVote and followLeader test other kinds, tick campaigns from it, the properties look only at leaders and followers with a leader; only presentation (describeRole, the guided fingerprint) would meet it, and no type checker would take it',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { durable, volatile: { ...resetTimer(context, state.volatile), role: { kind: 'follower', leader: null } } };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'as above: a role of kind "" with no leader is read as a follower of nobody',
  },

  // raft-whole, shard 2/4 on 95ac2a1: lines no shard run had measured (they moved between the shards of the day).
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (heartbeatElapsed < config.heartbeatIntervalTicks) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'heartbeats on every tick instead of every heartbeatIntervalTicks: more AppendEntries, never other ones (a heartbeat carries what any AppendEntries may); one tick later (<=) is left as timing',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (heartbeatElapsed < config.heartbeatIntervalTicks) {',
    mutator: 'EqualityOperator',
    replacement: 'heartbeatElapsed >= config.heartbeatIntervalTicks',
    reason: 'as above: the count never reaches the interval, so a heartbeat goes on every tick',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (heartbeatElapsed < config.heartbeatIntervalTicks) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'as above: every tick falls through to the heartbeat',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'let highest = -1;',
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason:
      "the highest member is at least 1 in every cluster but KRaft's single controller, which then gets one unused slot (slots are read by node id)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "rejectedIndex: message.type === 'append-entries' ? message.prevLogIndex : message.snapshot.index,",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'the answer carries a higher term: the stale leader steps down before reading rejectedIndex (as the directive on its success field)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "} else if (message.type === 'request-vote') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'a stale vote or AppendEntries answer is answered too, with a refusal carrying the higher term: its receiver learns that term sooner, which the next message of the term would tell it anyway (timing only, as the directive on grantedPreVote)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "} else if (message.type === 'request-vote') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a stale RequestVote goes unanswered: the candidate learns the higher term from the next AppendEntries or RequestVote of that term instead of the refusal (timing only; a refusal grants nothing)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "} else if (message.type === 'request-vote') {",
    mutator: 'EqualityOperator',
    replacement: "message.type !== 'request-vote'",
    reason: 'as the two above: stale answers are answered with a refusal, stale RequestVotes not (timing only)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "} else if (message.type === 'request-vote') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'as above: a stale RequestVote goes unanswered (timing only)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "} else if (message.type === 'request-vote') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'as above: a stale RequestVote goes unanswered (timing only)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'durable: votedFor === from ? state.durable : { ...state.durable, votedFor: from },',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a vote granted again to the same candidate writes the same votedFor: an equal durable state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const durable = merged === current.durable.log ? current.durable : { ...current.durable, log: merged };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'an unchanged log copied into a new durable record: an equal state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.matchIndex <= peerMatch) return { role, resend: false };',
    mutator: 'EqualityOperator',
    replacement: 'response.matchIndex < peerMatch',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (stop-and-wait: an answer at matchIndex resends to a lagging follower)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nextIndex = response.matchIndex + 1 > peerNext ? role.nextIndex.with(from, response.matchIndex + 1) : role.nextIndex;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (stop-and-wait: nextIndex set back to the answer's matchIndex + 1, whatever was sent since is sent again)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const nextIndex = response.matchIndex + 1 > peerNext ? role.nextIndex.with(from, response.matchIndex + 1) : role.nextIndex;',
    mutator: 'EqualityOperator',
    replacement: 'response.matchIndex + 1 >= peerNext',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (an equal nextIndex written again)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "progress.state === 'probe' && match === peerNext - 1",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a probe answered at nextIndex - 1 without a higher matchIndex stays in probe: one AppendEntries at a time until the next higher answer)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'LogicalOperator',
    replacement: "progress.state === 'probe' || match === peerNext - 1",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (any success in probe state, or at nextIndex - 1, starts streaming from matchIndex + 1 of the answer)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'probe'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a success at nextIndex - 1 in replicate or snapshot state restarts streaming from there)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'EqualityOperator',
    replacement: "progress.state !== 'probe'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as the two above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as the probe test made false)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'match === peerNext - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (any success in probe state starts streaming from its matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'EqualityOperator',
    replacement: 'match !== peerNext - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above, but a probe answered exactly at nextIndex - 1 stays probing)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (match > peerMatch || (progress.state === 'probe' && match === peerNext - 1)) {",
    mutator: 'ArithmeticOperator',
    replacement: 'peerNext + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as the probe test made false)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const replicating = progress.state === 'replicate';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a probe answered keeps its empty in-flight list and moves nextIndex to at least matchIndex + 1, the follower rejecting anything past its log)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const replicating = progress.state === 'replicate';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a replicating follower's in-flight window forgotten and nextIndex set back to matchIndex + 1: more AppendEntries, some sent again)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const replicating = progress.state === 'replicate';",
    mutator: 'EqualityOperator',
    replacement: "progress.state !== 'replicate'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as the two above, swapped)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "const replicating = progress.state === 'replicate';",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as the test made false)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const inflight = replicating ? progress.inflight.filter((index) => index > match) : [];',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (the in-flight window emptied on every answer: more AppendEntries in flight)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const inflight = replicating ? progress.inflight.filter((index) => index > match) : [];',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind !== 'leader') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'only a leader calls the commit rule (its answers and its own appends)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'for (let index = lastIndex(durable); index > state.volatile.commitIndex; index--) {',
    mutator: 'EqualityOperator',
    replacement: 'index >= state.volatile.commitIndex',
    reason:
      'the commit index found again: the same commit index, nothing left to apply, and leaving C_old,new or stepping down after a removal already happened when it first committed',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (volatile.lastApplied >= volatile.commitIndex) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'nothing to apply: the loop runs no time, and the compaction check after it finds what it found when the entries were applied (when to compact is marked equivalent in maybeCompact)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (volatile.lastApplied >= volatile.commitIndex) return state;',
    mutator: 'EqualityOperator',
    replacement: 'volatile.lastApplied > volatile.commitIndex',
    reason: 'as above, at lastApplied equal to the commit index',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (entry === undefined || entry.command.type === 'noop') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'entry === undefined',
    reason:
      'never undefined in the correct model: every index from lastApplied + 1 to the commit index is in the log (only variant snapshot-not-flushed leaves a log that starts after its snapshot)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (role.kind !== 'leader' || role.pendingReads.length === 0) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'role.pendingReads.length === 0',
    reason: 'no pending read: the loop over none gives an equal state',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (confirmedByQuorum && state.volatile.lastApplied >= read.readIndex) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'state.volatile.lastApplied >= read.readIndex',
    reason:
      "a leader applies every entry in the step that commits it (advanceCommit and appendEntries call applyCommitted), so its lastApplied is its commit index, and a read's index is the commit index when it started: the test always holds",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (empty AppendEntries also go to replicating followers)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;",
    mutator: 'LogicalOperator',
    replacement: "pipelining || progress.state === 'replicate'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (without pipelining empties are held back in replicate state, which stop-and-wait never enters; with it, also in probe state, where heartbeats still probe)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "progress.state === 'replicate'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (empties held back in probe and snapshot state too; heartbeats send them anyway)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;",
    mutator: 'EqualityOperator',
    replacement: "progress.state !== 'replicate'",
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (empties held back in probe state and sent in replicate state)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (pipelining && progress.state === 'replicate' && entries.length === 0 && !sendIfEmpty) return role;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (empties sent in replicate state too)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (node !== context.node && isMember(membership, node)) current = sendAppend(context, state, current, node, out);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'node !== context.node && isMember(membership, node)',
    reason:
      "AppendEntries also to the leader itself (ignored: followLeader gives null for a leader of that term) and to servers outside the configuration, which store a prefix of the leader's log that counts for nothing (quorums count voters) until they are added and checked by the consistency check",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (node !== context.node && isMember(membership, node)) current = sendAppend(context, state, current, node, out);',
    mutator: 'LogicalOperator',
    replacement: 'node !== context.node || isMember(membership, node)',
    reason: 'as above',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (node !== context.node && isMember(membership, node)) current = sendAppend(context, state, current, node, out);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'node !== context.node',
    reason: 'as above: an AppendEntries to the leader itself is ignored',
  },

  // raft-whole, shard 3/4 on 95ac2a1.
  {
    file: 'src/protocols/raft/component.ts',
    line: "if (requester !== null && role.kind === 'leader')",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.kind === 'leader'",
    reason: 'the requester is non-null only at a leader (the line above asks waitingRequester only there)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: "return { state: answerConfirmedReads(context, confirming, out), outcome: { kind: 'started' } };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'started' }",
    reason: 'callers read only the refused outcome (a started read is answered once confirmed), as the directive on its kind says',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a stale rejection also steps back, never below matchIndex + 1: backTo is clamped there)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'response.rejectedIndex === peerNext - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'peerNext > peerMatch + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (a rejection at matchIndex + 1 steps back to matchIndex + 1: the same nextIndex, sent again)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {',
    mutator: 'EqualityOperator',
    replacement: 'peerNext >= peerMatch + 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'if (response.rejectedIndex === peerNext - 1 && peerNext > peerMatch + 1) {',
    mutator: 'ArithmeticOperator',
    replacement: 'peerMatch - 1',
    reason:
      'flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (as above: backTo is clamped at matchIndex + 1)',
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'const ackedReadRound = response.readRound > ackedBefore ? role.ackedReadRound.with(from, response.readRound) : role.ackedReadRound;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a late answer of an older round lowers the follower's acknowledged read round: a read waits a round (as the directive on this line's other test)",
  },
  {
    file: 'src/protocols/raft/component.ts',
    line: 'nextIndex: Array.from({ length: slots }, () => previousLast + 1),',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "flow control only: more or fewer AppendEntries in flight, never different ones (the consistency check keeps any of them safe) (every reader takes a missing nextIndex as 1: the new leader probes from the log's start, or sends its snapshot, and followers that hold it all accept or ignore it)",
  },

  ...kafkaReviewedEquivalents,
  ...zabReviewedEquivalents,
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
