/**
 * Reviewed equivalent ZAB mutants (issue 18, 2026-12-01, 05:36 to 07:25; earlier ZAB entries are in
 * equivalents.ts), each one replacement of one line with the reason it changes nothing a client or a
 * property could see. See equivalents.ts for how they are matched and counted out.
 */
/** The reason shared by every mutant of datatree.ts' closeSession guard (one guard, nine mutants). */
const closeSessionProposedOnce =
  "unreachable: the leader proposes an incarnation's closeSession once, from its committed session table while that session is open and no close of it is uncommitted (broadcast.ts leaderTick), a new leader commits its whole history before it proposes, and a restore replays a window's closes through sessionsAfter, not here; an assertion in the branch held over every setup (10,000 runs, seeds 2 to 4), which never covered it (2026-12-02, small hours)";

// Plain objects (no type import: equivalents.ts imports this file); they are checked as ReviewedEquivalent where they are spread in.
export const zabReviewedEquivalents = [
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: '...role.pendingSyncs.filter((sync) => sync.clientId !== clientId || sync.from !== from),',
    mutator: 'MethodExpression',
    replacement: 'role.pendingSyncs',
    reason:
      'the leader then keeps an older entry of the same server and client too: it answers that server twice, and a server matches a sync answer by operation id, so the stale one finds no read (the client has one request outstanding, the newer one)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: '...role.pendingSyncs.filter((sync) => sync.clientId !== clientId || sync.from !== from),',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'as the filter removed: an older entry of the same server and client is answered too, and its answer matches no read',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (compareZxid(state.volatile.committedZxid, zxid) >= 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the sync is then answered at once with the leader's last logged zxid: the follower still waits until it has applied that zxid before it reads (answerSyncReads), and a zxid the leader drops is never applied there before the follower leaves this leader and fails the read",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'return state.volatile.role === role ? state : withRole(state, role);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'installs an equal role in a copy of the state: the same state by value',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.phase !== 'broadcast') return 'server is not synchronized with a leader yet';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'server is not synchronized with a leader yet'",
    reason: 'the text of a refusal, for people: it becomes the error of the failure reply',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)",
    reason: 'the shortcut skipped: the loop below tests each pending request itself and leaves the same list',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "pending.kind === 'syncRead' && pending.target !== null",
    reason: 'the shortcut weakened (any pending request): the loop below tests each request itself and leaves the same list',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;",
    mutator: 'LogicalOperator',
    replacement: "pending.kind === 'syncRead' || pending.target !== null",
    reason: "a pending write never has a target, so this is the shortcut's own test; the loop below decides anyway",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "pending.kind === 'syncRead'",
    reason: 'a pending write never has a target (only a syncRead gets one), so the test is unchanged',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (!volatile.pending.some((pending) => pending.kind === 'syncRead' && pending.target !== null)) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'pending.target !== null',
    reason: 'the shortcut weakened (any pending syncRead): the loop below tests each target itself and leaves the same list',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (pending.kind === 'syncRead' && pending.target !== null && compareZxid(volatile.committedZxid, pending.target) >= 0) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "pending.kind === 'syncRead'",
    reason: 'a pending write never has a target (only a syncRead gets one), so the next test fails for it as before',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (pending.kind === 'syncRead' && pending.target !== null && compareZxid(volatile.committedZxid, pending.target) >= 0) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'compareZxid(volatile.committedZxid, pending.target) >= 0',
    reason:
      "a target is set only where it is applied already: from a sync answer, which follows the COMMITs up to its zxid over the FIFO link, or from a sync transaction as it applies; only the leader's own non-quorum syncRead targets its last logged zxid, and its commit point already holds every write completed before the sync began (a write completes only once committed at the leader)",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (applied.clientId === null) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'no pending request has a null client, so the lookup below finds nothing and the loop continues the same way',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'const waiting = pending.find((request) => request.clientId === applied.clientId && request.operationId === applied.operationId);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'request.clientId === applied.clientId',
    reason: 'operation ids are unique across clients: the operation id alone finds the same request',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (waiting.kind === 'write' && applied.reply) {",
    mutator: 'LogicalOperator',
    replacement: "waiting.kind === 'write' || applied.reply",
    reason:
      'a pending syncRead is matched only by its own sync transaction (operation ids are unique), which has no reply, so the branch is taken exactly for writes as before',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "if (waiting.kind === 'write' && applied.reply) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "waiting.kind === 'write'",
    reason: 'a pending syncRead is matched only by its own sync transaction, which has no reply: the test still fails for it',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "} else if (waiting.kind === 'syncRead' && txn.body.kind === 'sync') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "waiting.kind === 'syncRead' && txn.body.kind === 'sync'",
    reason:
      'reached only for a request that is not a write answered by a client transaction: a syncRead matched by its own sync transaction (operation ids are unique, and every client transaction has a reply)',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "} else if (waiting.kind === 'syncRead' && txn.body.kind === 'sync') {",
    mutator: 'LogicalOperator',
    replacement: "waiting.kind === 'syncRead' || txn.body.kind === 'sync'",
    reason: 'reached only for a syncRead matched by its own sync transaction, where both tests hold',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "} else if (waiting.kind === 'syncRead' && txn.body.kind === 'sync') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "waiting.kind === 'syncRead'",
    reason: 'reached only for a syncRead matched by its own sync transaction',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "} else if (waiting.kind === 'syncRead' && txn.body.kind === 'sync') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "txn.body.kind === 'sync'",
    reason: 'reached only for a syncRead matched by its own sync transaction',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'snapshotting: { ...volatile.snapshotting, writer: null },',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      'snapshot scheduling only: a server whose schedule is lost never snapshots again and restores from its never-purged log (as the same change in loadSnap)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: "return { outcome: 'ok', output };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "a client is answered through storedReply, which answers every outcome other than 'fail' as 'ok'; the ghost's recipe checks it then skips hold on the correct model",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (txn) tree = applyTxn(tree, txn).tree;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'every index below count is in the log (count never exceeds its length), so txn is always defined',
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: 'if (candidate.epoch !== current.epoch) return candidate.epoch > current.epoch;',
    mutator: 'EqualityOperator',
    replacement: 'candidate.epoch >= current.epoch',
    reason: 'inside the test that the epochs differ, >= and > agree',
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: 'if (byZxid !== 0) return byZxid > 0;',
    mutator: 'EqualityOperator',
    replacement: 'byZxid >= 0',
    reason: 'inside the test that the zxids differ, >= and > agree',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'watchEvents: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: "the ghost reads only the watch events past the server's count (watchEventCount starts at 0), so a bogus first entry is never read",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (state.volatile.pendingLogWrites.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'with nothing to write, everything in the log is on disk already (restarts load it from disk, SNAP and TRUNC rewrite it with pending writes): the acknowledgements the flush path sends are true',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'discovery') return next;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a follower in discovery has epoch 0 and no NEWLEADER pending, so the flush path below sends nothing for it',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'discovery') return next;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'a follower in discovery has epoch 0 and no NEWLEADER pending, so the flush path below sends nothing for it',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: '{ logCount: schedule.logCount + txns.length, roll: schedule.roll, random: schedule.random, writer: schedule.writer },',
    mutator: 'ArithmeticOperator',
    replacement: 'schedule.logCount - txns.length',
    reason:
      'snapshot scheduling only: the log is never purged, so how often snapshots start moves only where a restart starts replaying, not what it restores',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (pending.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'flushing nothing builds an equal state',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (!session?.alive || session.incarnation !== body.session) return sessions;',
    mutator: 'OptionalChaining',
    replacement: 'session.alive',
    reason: 'the session table has an entry for every client, so the optional chain never short-circuits',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if ((lastOperation[body.clientId] ?? -1) >= body.operationId) return sessions;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'redundant in the restore replay: a client transaction carries the session it was sent in, so a duplicate or older request never opens a session (its session is the current incarnation or an older one, never the next)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if ((lastOperation[body.clientId] ?? -1) >= body.operationId) return sessions;',
    mutator: 'EqualityOperator',
    replacement: '(lastOperation[body.clientId] ?? -1) > body.operationId',
    reason: 'as the whole test made false: a duplicate or older request never opens a session',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if ((lastOperation[body.clientId] ?? -1) >= body.operationId) return sessions;',
    mutator: 'LogicalOperator',
    replacement: 'lastOperation[body.clientId] && -1',
    reason: 'as the whole test made false: a duplicate or older request never opens a session',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const session = sessions[body.clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'the session table has an entry for every client: the fallback is never used',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const session = sessions[body.clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: 'the session table has an entry for every client: the fallback is never used',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const lastOperation: number[] = [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'for (const txn of log) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'EqualityOperator',
    replacement: "body.kind !== 'client'",
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'MethodExpression',
    replacement: 'Math.min(lastOperation[body.clientId] ?? -1, body.operationId)',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'LogicalOperator',
    replacement: 'lastOperation[body.clientId] && -1',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: "if (body.kind === 'client') lastOperation[body.clientId] = Math.max(lastOperation[body.clientId] ?? -1, body.operationId);",
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason: 'it only feeds the duplicate test of sessionsAfter, which is redundant (a duplicate or older request never opens a session)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'learners: Array.from({ length: context.nodeCount }, () => null),',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: 'learner slots are only tested for truthiness or read with ?. (a disconnect writes null), so undefined and null are alike',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'selfNewLeaderAcked: false,',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: 'overwritten before any use: the leader sets selfNewLeaderAcked from its pending log writes when it enters synchronization',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'sessionTouched: Array.from({ length: context.config.clientCount }, () => 0),',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "overwritten before any use: the leader restarts every session's timer (sessionTouched mapped to its ticks) when it establishes its epoch",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (sameZxid(peerLast, leaderLast)) return { mode: 'diff', truncateTo: null, snapshot: null, entries: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'with the same last zxid the steps below end in the same empty DIFF (not ahead, within the window, on the history, nothing after it)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (sameZxid(peerLast, leaderLast)) return { mode: 'diff', truncateTo: null, snapshot: null, entries: [] };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'an empty DIFF and a SYNC without a mode change nothing at the follower (its switch falls through to return the state)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (sameZxid(peerLast, leaderLast)) return { mode: 'diff', truncateTo: null, snapshot: null, entries: [] };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'an empty DIFF and a SYNC with an unknown mode change nothing at the follower',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (compareZxid(peerLast, leaderLast) > 0) return { mode: 'trunc', truncateTo: leaderLast, snapshot: null, entries: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "for a follower ahead of the leader the steps below end in the same TRUNC to the leader's last zxid with no entries (its last zxid is past the log, not on the history)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (compareZxid(peerLast, leaderLast) > 0) return { mode: 'trunc', truncateTo: leaderLast, snapshot: null, entries: [] };",
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(peerLast, leaderLast) >= 0',
    reason: 'the equal case returned on the line above',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const windowStart = log.length <= window ? zeroZxid : (log[log.length - window - 1] as Txn).zxid;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'the window only chooses SNAP or DIFF/TRUNC: the leader never purges its log, so a DIFF (or TRUNC and DIFF) from any point gives the follower the same history and tree as a SNAP',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (compareZxid(peerLast, windowStart) < 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "SNAP and DIFF/TRUNC give a follower behind the leader the same history and tree (the snapshot is the leader's committed prefix, the rest follows as entries): the window only chooses the cheaper one",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (compareZxid(peerLast, windowStart) < 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'the window only chooses SNAP or DIFF/TRUNC: the leader never purges its log, so a DIFF from any point gives the same history and tree',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (compareZxid(peerLast, windowStart) < 0) {',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(peerLast, windowStart) <= 0',
    reason: 'the window only chooses SNAP or DIFF/TRUNC, which give a follower the same history and tree',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (compareZxid(peerLast, windowStart) < 0) {',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(peerLast, windowStart) >= 0',
    reason: 'the window only chooses SNAP or DIFF/TRUNC, which give a follower the same history and tree',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (compareZxid(peerLast, windowStart) < 0) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'the window only chooses SNAP or DIFF/TRUNC: without SNAP every follower gets a DIFF (or TRUNC and DIFF) of the never-purged log, the same history and tree',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: 'if (ahead) return goLooking(context, state, `follower ${from} is ahead of the leader`, actions);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "an elected leader holds every committed transaction (Zab's quorum intersection), so a follower ahead of it holds only uncommitted ones, which its TRUNC drops: ZooKeeper's check only restarts the election (the test above it is marked for the same reason)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (snapshot === null) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the correct model saves a SNAP's snapshot on receipt, so unsavedSnapshot is always null here; only the snap-saved-after-ack variant sets it",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'durable: { ...state.durable, snapshots: withSnapshotFile(state.durable.snapshots, snapshot) },',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "only the snap-saved-after-ack variant reaches this (the correct model saves a SNAP's snapshot on receipt)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'volatile: { ...state.volatile, role: { ...role, unsavedSnapshot: null } },',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ ...state.volatile, role: { ...role, unsavedSnapshot: null } }',
    reason: "only the snap-saved-after-ack variant reaches this (the correct model saves a SNAP's snapshot on receipt)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'volatile: { ...state.volatile, role: { ...role, unsavedSnapshot: null } },',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ ...role, unsavedSnapshot: null }',
    reason: "only the snap-saved-after-ack variant reaches this (the correct model saves a SNAP's snapshot on receipt)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'return message.snapshot === null ? state : loadSnap(context, state, role, message.snapshot, message.entries);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "a SNAP always carries the leader's snapshot (syncPlan builds it), so the test never holds",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'watches: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'a bogus first registration matches no change (it has no path) and its disconnected event names no client: watches and their events are read only by properties, which skip both',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'touched: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: "a bogus client in a fresh touched list: the leader's touch of it writes a property no session is read from",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'for (let node = 0; node < context.nodeCount; node++) if (node !== context.node) result.push(node);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a server's notification to itself changes nothing: a looking server's own vote is already counted (the same vote, the same round), and a server that left the round answers an older one from itself, which it then ignores",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if ((state.volatile.tree.results[clientId]?.operationId ?? -1) >= operationId) return current;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'an applied request proposed again applies as a no-op: applyTxn answers a duplicate from the stored result and changes nothing',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "(txn) => txn.body.kind === 'client' && txn.body.clientId === clientId && txn.body.operationId === operationId,",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "txn.body.kind === 'client' && txn.body.clientId === clientId",
    reason: "operation ids are unique across clients and a write never becomes a sync: only this request's transaction has its operation id",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "(txn) => txn.body.kind === 'client' && txn.body.clientId === clientId && txn.body.operationId === operationId,",
    mutator: 'LogicalOperator',
    replacement: "txn.body.kind === 'client' || txn.body.clientId === clientId",
    reason: "with the operation id still required, only this request's transaction matches (operation ids are unique, a write never becomes a sync)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "(txn) => txn.body.kind === 'client' && txn.body.clientId === clientId && txn.body.operationId === operationId,",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "txn.body.kind === 'client'",
    reason: "no sync or closeSession carries this write's operation id, so the test is unchanged",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "(txn) => txn.body.kind === 'client' && txn.body.clientId === clientId && txn.body.operationId === operationId,",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'txn.body.clientId === clientId',
    reason: "operation ids are unique across clients: a transaction with this operation id is this client's",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'const session = state.volatile.tree.sessions[clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'the session table has an entry for every client: the fallback is never used',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'const session = state.volatile.tree.sessions[clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: 'the session table has an entry for every client: the fallback is never used',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (ticked.phaseTicks > timeout) return goLooking(context, state, 'no quorum of followers within initLimit', actions);",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'the reason is text for people: the error of the failure replies it causes',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (compareZxid(message.txn.zxid, lastZxid(log)) <= 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'over FIFO links a follower gets each proposal once and in order, after the synchronization that ends where the proposals begin: none is at or below its last zxid',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (compareZxid(message.txn.zxid, lastZxid(log)) <= 0) return state;',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(message.txn.zxid, lastZxid(log)) < 0',
    reason: "over FIFO links no proposal equals the follower's last zxid (see the test made false)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (context.rules.acknowledgeAfterFsync) return next;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'the correct rules acknowledge after the fsync, so the test holds anyway; only the ack-before-persist variant falls through',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'const watchEvents = fired.length === 0 ? volatile.watchEvents : [...volatile.watchEvents, ...fired].slice(-watchEventsKept);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'rebuilding the list with nothing fired gives the same events',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'const watchEvents = fired.length === 0 ? volatile.watchEvents : [...volatile.watchEvents, ...fired].slice(-watchEventsKept);',
    mutator: 'MethodExpression',
    replacement: '[...volatile.watchEvents, ...fired]',
    reason: 'the kept events are read only by the ghost, from the end (the ones past its count), so a longer list reads the same',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (volatile.pending.length === 0 && volatile.watches.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'with nothing pending and no watches the rest builds an equal state',
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: 'const votes: (Vote | null)[] = Array.from({ length: context.nodeCount }, () => null);',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: 'vote slots are only tested for truthiness, so undefined and null are alike',
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: 'return decideIfQuorum(context, withRole(state, { ...role, ticks: role.ticks + 1 }), actions);',
    mutator: 'ArithmeticOperator',
    replacement: 'role.ticks - 1',
    reason: "a looking server's tick count is read by nothing but its text summary",
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: "if (role.kind !== 'looking') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "called only with a looking role (after goLooking, by a looking server's notification handler, or at its tick)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const restarted: Durable = { ...durable, boots: durable.boots + 1 };',
    mutator: 'ArithmeticOperator',
    replacement: 'durable.boots - 1',
    reason: "boots only names a server's life in its replies and watch events: counting down keeps every life's value distinct",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const base = freshVolatile(context, randomSeed, lookingRole(context, { leader: context.node, epoch: 0, zxid: zeroZxid }));',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "overwritten before any use: the restarted server's role is replaced with its own vote two lines below",
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: 'return goLooking(context, flushed, `no word from leader ${role.leader}`, actions);',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: 'the reason is text for people: the error of the failure replies it causes',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (learner && learner.lastHeardTick !== role.ticks) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'learner.lastHeardTick !== role.ticks',
    reason: 'rebuilding the learner with the same tick gives an equal role',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'the reason is text for people: the error of the failure replies it causes',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'started.snapshotting = { logCount: 0, roll, random, writer: { frozen: context.config.fuzzySnapshots ? null : tree } };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ frozen: context.config.fuzzySnapshots ? null : tree }',
    reason:
      "a consistent snapshot written as a fuzzy one: the restore's replay of the fuzzy window gives the same state (fuzziness is what the restore is built for)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const onHistory = sameZxid(peerLast, zeroZxid) || (common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'sameZxid(peerLast, zeroZxid) || (common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast))',
    reason:
      "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing (the tree is reloaded as it was), then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const onHistory = sameZxid(peerLast, zeroZxid) || (common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast));',
    mutator: 'LogicalOperator',
    replacement: 'sameZxid(peerLast, zeroZxid) && common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast)',
    reason: "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing, then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const onHistory = sameZxid(peerLast, zeroZxid) || (common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'common > 0 && sameZxid((log[common - 1] as Txn).zxid, peerLast)',
    reason: "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing, then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (onHistory || !context.rules.truncateBeforeDiff) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing, then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (onHistory || !context.rules.truncateBeforeDiff) {',
    mutator: 'LogicalOperator',
    replacement: 'onHistory && !context.rules.truncateBeforeDiff',
    reason: "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing, then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (onHistory || !context.rules.truncateBeforeDiff) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: "a follower on the leader's history then gets a TRUNC to its own last zxid, which removes nothing, then the same DIFF",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "let next: LeadingRole = { ...role, phase: 'synchronization', phaseTicks: 0, selfNewLeaderAcked: state.volatile.pendingLogWrites.length === 0 };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'a new leader flushed its log as it started leading and proposes nothing before the broadcast phase, so it has no pending writes here',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "stage: 'info',",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'no code tests for the info stage: a learner in it is one in none of the stages the leader acts on',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (nodes === null) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "a SNAP carries the leader's complete tree (syncPlan builds it), never a snapshot without znodes",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const committedZxid = compareZxid(volatile.committedZxid, snapshot.zxid) > 0 ? volatile.committedZxid : snapshot.zxid;',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(volatile.committedZxid, snapshot.zxid) >= 0',
    reason: 'when the two commit points are equal either one is the same zxid',
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'export function maxZxid(a: Zxid, b: Zxid): Zxid {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: "maxZxid only serves appliedZxid, which only the elect-by-applied-zxid variant's votes use",
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'return compareZxid(a, b) >= 0 ? a : b;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "maxZxid only serves appliedZxid, which only the elect-by-applied-zxid variant's votes use",
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'return compareZxid(a, b) >= 0 ? a : b;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "maxZxid only serves appliedZxid, which only the elect-by-applied-zxid variant's votes use",
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'return compareZxid(a, b) >= 0 ? a : b;',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(a, b) > 0',
    reason: "maxZxid only serves appliedZxid, which only the elect-by-applied-zxid variant's votes use",
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'return compareZxid(a, b) >= 0 ? a : b;',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(a, b) < 0',
    reason: "maxZxid only serves appliedZxid, which only the elect-by-applied-zxid variant's votes use",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (typeof resolved === 'string') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "resolveWrite returns a string only for an operation that is not a write, and reads are answered above: here it is always a write's operation",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (typeof resolved === 'string') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'resolveWrite returns a string only for an operation that is not a write, and reads are answered above: the test never holds here',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "actions.push(reply(operationId, { outcome: 'fail', error: resolved }));",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'unreachable: resolveWrite refuses only operations that are not writes, and reads are answered above',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "actions.push(reply(operationId, { outcome: 'fail', error: resolved }));",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'unreachable: resolveWrite refuses only operations that are not writes, and reads are answered above',
  },
  // Shard 4/4, reviewed 2026-12-01 midday (zab-mut): watches, snapshot scheduling and completion, caches.
  {
    file: 'src/protocols/zab/common.ts',
    line: 'export function appliedZxid(volatile: Volatile): Zxid {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'only the elect-by-applied-zxid variant calls it (reportedZxid with electByLoggedZxid off)',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (watches.length === 0 || changes.length === 0) return watches;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'watches.length === 0 || changes.length === 0',
    reason: 'the shortcut skipped: the loop below keeps every watch and fires none when either list is empty (an equal list)',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (watches.length === 0 || changes.length === 0) return watches;',
    mutator: 'LogicalOperator',
    replacement: 'watches.length === 0 && changes.length === 0',
    reason: 'the shortcut narrowed: the loop below keeps every watch and fires none when either list is empty',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (watches.length === 0 || changes.length === 0) return watches;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'watches.length === 0',
    reason: 'the shortcut narrowed: with no watches the loop below fires nothing and keeps the empty list',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (watches.length === 0 || changes.length === 0) return watches;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'changes.length === 0',
    reason: 'the shortcut narrowed: with no changes the loop below fires nothing and keeps every watch',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'const kept: Watch[] = [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'a junk entry with no client and no path: it matches no change, is dropped with the connections, and no client ever hears of it',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (clients.length === 0) return withPending(state, []);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'the shortcut skipped: with no watchers the state below has no pending requests, no watches and no new watch events: the same by value',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: "const dropped: WatchEvent[] = clients.map((clientId) => ({ clientId, path: '', children: false, zxid: volatile.committedZxid }));",
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      'a disconnected event names no path; whether it is marked as a children event is read by nothing (clients and properties match the empty path)',
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'watches: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'a junk entry with no client and no path: it matches no change and no client ever hears of it',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (built !== undefined) return built;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'the cache skipped: the initial tree is built again, equal by value (trees are compared by value, never by identity)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (parent) nodes.set(parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount - 1 });',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "a deleted znode's parent always exists: znodes are created only under an existing parent, and a parent with children is never deleted",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (reconnects) sessions = sessions.with(body.clientId, { incarnation: body.session, alive: true });',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'for a continuing session this writes the record it already has (alive, the same incarnation): equal by value',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const half = Math.floor(intervalTransactions / 2);',
    mutator: 'ArithmeticOperator',
    replacement: 'intervalTransactions * 2',
    reason: 'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const draw = drawInteger(random, 0, Math.max(0, intervalTransactions - half - 1));',
    mutator: 'MethodExpression',
    replacement: 'Math.min(0, intervalTransactions - half - 1)',
    reason: 'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const draw = drawInteger(random, 0, Math.max(0, intervalTransactions - half - 1));',
    mutator: 'ArithmeticOperator',
    replacement: 'intervalTransactions - half + 1',
    reason: 'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const draw = drawInteger(random, 0, Math.max(0, intervalTransactions - half - 1));',
    mutator: 'ArithmeticOperator',
    replacement: 'intervalTransactions + half',
    reason: 'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { roll: draw.value, random: draw.next };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores (an undefined roll makes every later snapshot skip as busy: none starts again)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'volatile.snapshotting = { logCount: schedule.logCount, roll: schedule.roll, random: schedule.random, writer: null };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      'the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores (an undefined writer makes every later snapshot skip as busy: none starts again)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'writer === null || writing === undefined || isValidSnapshot(writing)',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'writer === null || writing === undefined',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'writer === null',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'writing === undefined',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'LogicalOperator',
    replacement: '(writer === null || writing === undefined) && isValidSnapshot(writing)',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'LogicalOperator',
    replacement: 'writer === null && writing === undefined',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'EqualityOperator',
    replacement: 'writer !== null',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds (a caller with no writer never comes here)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'EqualityOperator',
    replacement: 'writing !== undefined',
    reason:
      'completeSnapshot runs only while a snapshot is being written (its caller tests the writer), and the file being written is then the last one and invalid: the guard never holds',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (writer === null || writing === undefined || isValidSnapshot(writing)) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'writer === null || writing === undefined || isValidSnapshot(writing)',
    reason:
      'no snapshot completes (files stay invalid): the log is never purged, so snapshot timing moves only where a restart starts replaying, not what it restores; a SNAP received is saved whole, not through this',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const written: Snapshot = { ...writing, nodes: writer.frozen ?? state.volatile.tree };',
    mutator: 'LogicalOperator',
    replacement: 'writer.frozen && state.volatile.tree',
    reason:
      "fuzzy: the file stays invalid (no snapshot completes, as above); consistent: the znodes as they are now are written, and a restore reads how far they are from the tree's own zxid, as for a fuzzy snapshot: the same end state",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { durable: durableWithSnapshots(state.durable, withSnapshotFile(snapshots.slice(0, -1), written)), volatile };',
    mutator: 'MethodExpression',
    replacement: 'snapshots',
    reason: 'the invalid file being written is kept too, and withSnapshotFile drops every invalid file but the one added: the same list',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { log, committedCount, committedZxid, tree: sessions === nodes.sessions ? nodes : { ...nodes, sessions } };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'the two trees are equal by value whenever the session tables are (the copy only replaces the sessions)',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { log, committedCount, committedZxid, tree: sessions === nodes.sessions ? nodes : { ...nodes, sessions } };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a copy with the same sessions: equal by value',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { log, committedCount, committedZxid, tree: sessions === nodes.sessions ? nodes : { ...nodes, sessions } };',
    mutator: 'EqualityOperator',
    replacement: 'sessions !== nodes.sessions',
    reason:
      'either tree has the restored sessions by value: the copy only replaces the sessions with an equal table, or the snapshot tree already holds them',
  },
  {
    file: 'src/protocols/zab/types.ts',
    line: 'default:',
    mutator: 'ConditionalExpression',
    replacement: 'default:',
    reason:
      "isWrite's default case emptied: it then returns undefined for a read, as falsy as false, and its one caller (a refusal at a server that does not serve) only negates it",
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: "return { kind: 'looking', vote, votes, established: Array.from({ length: context.nodeCount }, () => null), ticks: 0 };",
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: "an unheard server's report is read only as `established[leader]?.leading` and `report && ...`: undefined and null are both absent",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (role.sessionTouched[clientId] === role.ticks) return role;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'the shortcut skipped: the touch is written again with the same tick into a copy, an equal role by value',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (live < quorumSize(context.nodeCount)) return goLooking(context, state, 'not sufficient followers synced', actions);",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'the reason a leader gives up, for people: it becomes the error text of the failure replies of the requests it abandons',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'for (let node = 0; node < role.learners.length; node++) {',
    mutator: 'EqualityOperator',
    replacement: 'node <= role.learners.length',
    reason: 'one more pass with node = learners.length: that slot is undefined, so `learner && ...` sends nothing',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(message.zxid, role.acked[from] ?? message.zxid) < 0',
    reason:
      'an acknowledgement of the zxid already recorded is then recorded again: the same acknowledgements, so tryCommit finds the quorum zxid it found when that ack first came (committed then), and answers no sync without a new commit',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'return role.touched.length === 0 ? state : withRole(state, { ...role, touched: [] });',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'an empty list of touched sessions replaced by another empty one in a copy: an equal state by value',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "request.kind === 'syncRead' && request.clientId === message.clientId && request.operationId === message.operationId",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "request.kind === 'syncRead'",
    reason:
      "a pending write of the same client and operation would get the sync's zxid as target too, but only a syncRead's target is read (answerSyncReads), and one operation id is one operation, never both a write and a syncRead",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "request.kind === 'syncRead' && request.clientId === message.clientId && request.operationId === message.operationId",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'request.clientId === message.clientId',
    reason: "operation ids are unique across clients (the history's index): the operation id alone names the client's request",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "request.kind === 'syncRead' && request.clientId === message.clientId && request.operationId === message.operationId",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "request.kind === 'syncRead' && request.clientId === message.clientId",
    reason: 'the operation id alone names one request, a syncRead (the ids are unique across clients and one operation is of one type)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "request.kind === 'syncRead' && request.clientId === message.clientId && request.operationId === message.operationId",
    mutator: 'LogicalOperator',
    replacement: "request.kind === 'syncRead' || request.clientId === message.clientId",
    reason:
      "with the operation id still required, either test names the same one request: ids are unique across clients, and the request of a syncRead's id is that syncRead",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (touched !== role) current = withRole(state, touched);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'an unchanged role installed in a copy of the state: an equal state by value',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (currentRole.kind === 'looking') return current;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "unreachable: a server that is looking returned above (notServing), and touching a session keeps the role's kind",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (currentRole.kind === 'looking') return current;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'unreachable as the test made false: the role is never looking here',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "const waiting = addPending(current, { clientId, operationId, kind: 'write', path: '', target: null, leaderEpoch: epoch });",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: "a pending write's path is never read: only a syncRead's path is (its answer reads that znode)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "return uncommittedHas(state, (txn) => txn.body.kind === 'closeSession' && txn.body.clientId === clientId && txn.body.session === incarnation);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'txn.body.session === incarnation',
    reason:
      'an uncommitted closeSession of the client is always for the session the committed tree holds: a newer session opens only by a transaction after that closeSession in the same log, so it is committed only after the closeSession is',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: '} else if (!role.touched.includes(clientId)) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the follower then lists a client it already lists again: the leader touches the same session twice at one tick, and the second touch returns the role unchanged (touch's shortcut)",
  },
  // 2026-12-01, evening (zab-mut): shard 4/4's node.ts, sync.ts and snapshot.ts survivors.
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (!following.newLeaderPending && newLeaderAcknowledged && last.epoch === following.epoch && compareZxid(last, following.ackedZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'last.epoch === following.epoch',
    reason:
      "a flushed log whose last zxid is of an older epoch after NEWLEADER is acknowledged happens only in the flush that acknowledges NEWLEADER (later writes are the leader's proposals, of its epoch): the extra Ack of that older zxid follows the ACKNEWLEADER on the same link, and the leader ignores an Ack of another epoch",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (!following.newLeaderPending && newLeaderAcknowledged && last.epoch === following.epoch && compareZxid(last, following.ackedZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'compareZxid(last, following.ackedZxid) > 0',
    reason:
      'a flush has new writes, so its last zxid is above the one acknowledged unless acknowledgeNewLeader just acknowledged it in this flush: the mutant sends that Ack a second time on the same link, which the leader ignores (an Ack at or below the one recorded)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (!following.newLeaderPending && newLeaderAcknowledged && last.epoch === following.epoch && compareZxid(last, following.ackedZxid) > 0) {',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(last, following.ackedZxid) >= 0',
    reason:
      'as the comparison made true: the equal case is the Ack acknowledgeNewLeader just sent in this flush, sent again on the same link and ignored by the leader',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'dead branch: a leader has no unflushed writes before the broadcast phase (becomeLeader flushes, and it logs nothing until it proposes), so flush returns before this test while it synchronizes and selfNewLeaderAcked is already true (sync.ts: set when synchronization begins)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'LogicalOperator',
    replacement: "role.phase === 'synchronization' || !role.selfNewLeaderAcked",
    reason:
      'this test runs only in the broadcast phase (a leader flushes nothing before it), where selfNewLeaderAcked is true (set when synchronization began, or by the initial leader): false || false, as before',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.phase === 'synchronization'",
    reason: 'this test runs only in the broadcast phase, where selfNewLeaderAcked is true: true && false is false, as before',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'EqualityOperator',
    replacement: "role.phase !== 'synchronization'",
    reason: 'this test runs only in the broadcast phase, where selfNewLeaderAcked is true: true && false is false, as before',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "no phase is '': the test is false, as it always is where it runs (the broadcast phase; a leader flushes nothing before it)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: "if (role.phase === 'synchronization' && !role.selfNewLeaderAcked) {",
    mutator: 'BooleanLiteral',
    replacement: 'role.selfNewLeaderAcked',
    reason:
      'dead branch (not even reached in the broadcast phase): a leader has no unflushed writes before the broadcast phase, so flush returns before this test while it synchronizes',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'return leaderProgress(context, withRole(next, { ...role, selfNewLeaderAcked: true }), actions);',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'dead code: a leader has no unflushed writes before the broadcast phase, so flush returns before this branch while it synchronizes',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'return leaderProgress(context, withRole(next, { ...role, selfNewLeaderAcked: true }), actions);',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason: 'dead code: a leader has no unflushed writes before the broadcast phase, so flush returns before this branch while it synchronizes',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'selfNewLeaderAcked: true,',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      'only the synchronization phase reads selfNewLeaderAcked (sync.ts leaderProgress); the initial leader starts in the broadcast phase, and a later leadership of the same server builds a new role (becomeLeader)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'ackedEpoch: true,',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "a learner's ackedEpoch is read only in the epoch-proposed phase (sync.ts); the initial leader is in the broadcast phase, and a learner's next connection builds a new record (followerInfo)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'ackedEpochCounted: true,',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "a learner's ackedEpochCounted is read only in the epoch-proposed phase (sync.ts); the initial leader is in the broadcast phase, and a learner's next connection builds a new record (followerInfo)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const heard = (): ZabState => (current === role ? state : withRole(state, current));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'installs an equal role in a copy of the state when nothing was heard: the same state by value',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const acked = role.acked.slice();',
    mutator: 'MethodExpression',
    replacement: 'role.acked',
    reason:
      "the leader's own entry is then written into the synchronizing role's array too: that role is stepped past, and the value written (its last zxid, of an older epoch) counts toward no commit of its epoch (below)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (state.volatile.pendingLogWrites.length === 0) acked[context.node] = lastZxid(state.volatile.log);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'a leader has no unflushed writes before the broadcast phase (becomeLeader flushes, and it logs nothing until it proposes): the test is always true here',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (state.volatile.pendingLogWrites.length === 0) acked[context.node] = lastZxid(state.volatile.log);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the leader's own acknowledgement then stays at zero instead of its last zxid, which is of an older epoch (it has proposed nothing yet): tryCommit counts acknowledgements only for proposals of the leader's epoch, above both, and the leader's flush after each proposal sets its own",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (state.volatile.pendingLogWrites.length === 0) acked[context.node] = lastZxid(state.volatile.log);',
    mutator: 'EqualityOperator',
    replacement: 'state.volatile.pendingLogWrites.length !== 0',
    reason:
      "as the test made false (it is never false here): the leader's own acknowledgement of an older epoch's zxid counts toward no commit of its epoch",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'log: state.durable.log.filter((txn) => compareZxid(txn.zxid, snapshot.zxid) <= 0),',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the old log on disk is then dropped whole: what it held up to the snapshot is in the snapshot, saved in the same step (the correct model saves a SNAP on receipt) and kept until a newer valid one is written, which holds it too',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'log: state.durable.log.filter((txn) => compareZxid(txn.zxid, snapshot.zxid) <= 0),',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason: 'as the filter made false: the old log is dropped whole, and the saved snapshot holds what it had up to its zxid',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'log: state.durable.log.filter((txn) => compareZxid(txn.zxid, snapshot.zxid) <= 0),',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(txn.zxid, snapshot.zxid) < 0',
    reason:
      "the old log's transaction at the snapshot's zxid is dropped too: the saved snapshot holds it, and a restore skips the log up to the snapshot anyway",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return [...kept.slice(-(snapshotsRetained - (isValidSnapshot(added) ? 1 : 0))), added];',
    mutator: 'MethodExpression',
    replacement: 'kept',
    reason: 'every valid snapshot is kept instead of the newest ones: a restore loads only the newest valid one, the same file',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return [...kept.slice(-(snapshotsRetained - (isValidSnapshot(added) ? 1 : 0))), added];',
    mutator: 'ArithmeticOperator',
    replacement: 'snapshotsRetained + (isValidSnapshot(added) ? 1 : 0)',
    reason: 'one or two more valid snapshots are kept: a restore loads only the newest valid one, the same file',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'const writing = snapshots[snapshots.length - 1];',
    mutator: 'ArithmeticOperator',
    replacement: 'snapshots.length + 1',
    reason:
      'no snapshot is ever completed (and no new one starts, its writer never cleared): the newest valid file stays the one a SNAP brought, or none, and a restore replays the never-purged log after it, the same state',
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'return { durable: durableWithSnapshots(state.durable, withSnapshotFile(snapshots.slice(0, -1), written)), volatile };',
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason: 'only the oldest file is kept besides the one written, which is the newest valid one: a restore loads only it, the same file',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'for (let clientId = 0; clientId < context.config.clientCount; clientId++) sessionTouched.push(0);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the initial leader's touch table is then empty: expiry and sessions-expire read an unset entry as 0 (`?? 0`), the value the full table holds, and a touch writes its entry either way (this role never reaches sync.ts's establishment, which maps the table)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'const durable = again ? state.durable : { ...state.durable, acceptedEpoch: message.epoch };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'when the epoch was accepted already, the copy records the same accepted epoch: the same durable state by value',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'StringLiteral',
    replacement: '``',
    reason: 'the reason is text for people: the error of the failure replies it causes',
  },
  // 2026-12-01, night (zab-mut): shard 3/4 survivors of sync.ts.
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0',
    reason:
      "the leader's record of a learner's acknowledgement never exceeds the zxid it synchronized the learner to (acks are taken only of this epoch's proposals, each sent before that sync; FIFO links deliver an older connection's acks before its FOLLOWERINFO): the record is set to a zxid at or above it, and an older epoch's zxid counts toward no commit (tryCommit counts only this epoch's proposals, each above it)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'LogicalOperator',
    replacement: 'learner.syncedZxid.epoch === role.epoch || compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0',
    reason:
      "as the test made true: the leader's record of a learner's acknowledgement never exceeds the zxid it synchronized the learner to (acks are taken only of this epoch's proposals, each sent before that sync; FIFO links deliver an older connection's acks before its FOLLOWERINFO), so the record only rises, and an older epoch's zxid counts toward no commit",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'learner.syncedZxid.epoch === role.epoch',
    reason:
      "an older epoch's synchronized zxid recorded as acknowledged counts toward no commit (tryCommit counts only this epoch's proposals, each above it), and the leader's record of a learner's acknowledgement never exceeds the zxid it synchronized the learner to (acks are taken only of this epoch's proposals, each sent before that sync; FIFO links deliver an older connection's acks before its FOLLOWERINFO)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0',
    reason:
      "the leader's record of a learner's acknowledgement never exceeds the zxid it synchronized the learner to (acks are taken only of this epoch's proposals, each sent before that sync; FIFO links deliver an older connection's acks before its FOLLOWERINFO): made true, the test also records an equal zxid, the same value",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) >= 0',
    reason: 'the equal case records the zxid already recorded: the same acknowledgements by value',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'LogicalOperator',
    replacement: 'role.acked[from] && zeroZxid',
    reason:
      "every learner has an entry (acked is filled with zeroZxid when the leader starts), so the comparison is then against zeroZxid: the leader's record of a learner's acknowledgement never exceeds the zxid it synchronized the learner to (acks are taken only of this epoch's proposals, each sent before that sync; FIFO links deliver an older connection's acks before its FOLLOWERINFO), so the record only rises, as before",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (txn) result = applyTxn(result, txn).tree;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "applyRange's one caller (sync.ts loadSnap) passes an end that is a committed count of the same log, so every index in the range holds a transaction and the test is always true",
  },
  // 2026-12-01, night (zab-mut): shard 3/4 survivors of broadcast.ts and datatree.ts.
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.kind === 'looking') return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'unreachable: notServing, just above, refuses every request at a looking server and returns, so the role here is following or leading (the test only narrows the type)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (role.kind === 'looking') return state;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'as the test made false: unreachable, notServing above refuses every request at a looking server',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (parent) nodes.set(parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount + 1 });',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "every caller creates under an existing parent: create answers no-node first, elect creates under /election (in the initial tree, never deleted: its children are only the recipe's), the controller's znodes are children of the root",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: 'let mine = childrenOf(tree, electionPath).find((child) => current(tree, draft, `${electionPath}/${child}`)?.owner === owner);',
    mutator: 'OptionalChaining',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    replacement: 'current(tree, draft, `${electionPath}/${child}`).owner',
    reason: 'childrenOf lists znodes of the same tree and draft, so current finds every child it lists: the optional chain never meets undefined',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: 'const lowest = [...(draft.nodes ?? tree.nodes).keys()].filter((path) => path.startsWith(`${electionPath}/`)).sort()[0];',
    mutator: 'MethodExpression',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    replacement: '[...(draft.nodes ?? tree.nodes).keys()].filter(path => path.startsWith(`${electionPath}/`))',
    reason:
      "the node map keeps insertion order (copies are new Map(tree.nodes)), and the recipe's children are created only by elect, with sequence numbers that rise with /election's child version: unsorted, they are already in sequence order",
  },
  // 2026-12-01, night (zab-mut): shard 3/4 survivors of datatree.ts (the expired-session refusal).
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const session = tree.sessions[body.clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'the initial tree has a session entry for every client and entries are only replaced (sessions.with), so the default is never used',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const session = tree.sessions[body.clientId] ?? { incarnation: 0, alive: false };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: 'the initial tree has a session entry for every client and entries are only replaced (sessions.with), so the default is never used',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const continues = session.alive && body.session === session.incarnation;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'session.alive && body.session === session.incarnation',
    reason:
      'only the refusal below reads a continuing session apart from a reopened one, and the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const continues = session.alive && body.session === session.incarnation;',
    mutator: 'LogicalOperator',
    replacement: 'session.alive || body.session === session.incarnation',
    reason:
      'a stamp that neither continues nor reopens its session never reaches the data tree: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const continues = session.alive && body.session === session.incarnation;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'body.session === session.incarnation',
    reason:
      "a live session's stamp is its incarnation: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const reconnects = !session.alive && body.session === session.incarnation + 1;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: '!session.alive && body.session === session.incarnation + 1',
    reason:
      'for a continuing session the reopen writes the same incarnation, alive, by value; otherwise the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const reconnects = !session.alive && body.session === session.incarnation + 1;',
    mutator: 'LogicalOperator',
    replacement: '!session.alive || body.session === session.incarnation + 1',
    reason:
      "a live session's stamp is its incarnation and a closed one's the next: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'const reconnects = !session.alive && body.session === session.incarnation + 1;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'body.session === session.incarnation + 1',
    reason:
      "a closed session's stamp is the next incarnation: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!continues && !reconnects) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the refusal skipped: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "reply = { outcome: 'fail', error: `session ${body.session} of client ${body.clientId} expired` };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "the refusal's reply, in a branch never taken: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "reply = { outcome: 'fail', error: `session ${body.session} of client ${body.clientId} expired` };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the refusal's reply, in a branch never taken: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted: broadcast.ts closing), and applies them in log order, so a client transaction always continues or reopens its session here: the refusal is never taken on the correct model (requests-in-session checks the stamps at the end of every run; an assertion in this branch held over every ZAB mutation setup, 2,000 runs seeds 1 and 2)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const heard = role.ticksSinceHeard === 0 ? state : withRole(state, followingHeard(role, 0));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the shortcut skipped: a follower that already heard from its leader this tick gets a copy of its state with ticksSinceHeard 0 again, the same state by value (2026-12-01, late night)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (context.config.quorumSync) return leaderSync(context, waiting, currentRole, context.node, clientId, operationId, actions);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the leader's own syncRead then always takes the quorum path, as with quorumSync=true (a declared setting the swarm draws, under which every property holds): the read is answered later, never staler; a client can tell only by the time it waits (2026-12-01, late night)",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (session.alive || body.session !== session.incarnation + 1) return sessions;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'session.alive || body.session !== session.incarnation + 1',
    reason:
      "the session is then written as open with the stamp at every client transaction: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted) and a restore replays committed transactions in log order, as applyTxn applied them: a client transaction the restore replays either continues its live session (stamp = incarnation) or reopens a closed one (stamp = incarnation + 1), as the reviewed entries of datatree.ts's refusal say, so a live session is written again with its own incarnation (an equal table) and a closed one is reopened with the next, as the test lets through (2026-12-01, late night)",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (session.alive || body.session !== session.incarnation + 1) return sessions;',
    mutator: 'LogicalOperator',
    replacement: 'session.alive && body.session !== session.incarnation + 1',
    reason:
      "a live session returns early as before (its stamp is its incarnation), and a closed one is reopened with the stamp, which is always the next incarnation: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted) and a restore replays committed transactions in log order, as applyTxn applied them: a client transaction the restore replays either continues its live session (stamp = incarnation) or reopens a closed one (stamp = incarnation + 1), as the reviewed entries of datatree.ts's refusal say (2026-12-01, late night)",
  },
  {
    file: 'src/protocols/zab/snapshot.ts',
    line: 'if (session.alive || body.session !== session.incarnation + 1) return sessions;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'body.session !== session.incarnation + 1',
    reason:
      "a closed session's stamp is always the next incarnation, so the test is never true: the leader stamps every request with the session it applies in (its committed session table, and the next session while a closeSession of the client is uncommitted) and a restore replays committed transactions in log order, as applyTxn applied them: a client transaction the restore replays either continues its live session (stamp = incarnation) or reopens a closed one (stamp = incarnation + 1), as the reviewed entries of datatree.ts's refusal say (2026-12-01, late night)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (role.pendingSyncs.length === 0) return next;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the shortcut skipped: the loop over no pending syncs answers nothing and installs an empty list again, an equal role by value (2026-12-01, late night)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'const pending = [...state.volatile.pending.filter((other) => other.clientId !== request.clientId), request];',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "as the filter removed (the directive on this line): a client's older request is complete (one outstanding at a time); kept, it is answered late or never, and the simulator ignores answers to completed operations (2026-12-01, late night)",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'watchEvents: [...volatile.watchEvents, ...dropped].slice(-watchEventsKept),',
    mutator: 'MethodExpression',
    replacement: '[...volatile.watchEvents, ...dropped]',
    reason:
      'the kept window only bounds memory: the ghost reads the events past its count from the end of the list (properties.ts collectWatchEvents), which both lists end with alike (2026-12-01, late night)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'results: Array.from({ length: clientCount }, () => null),',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "a client's stored result is read only through `?.`, `??` and `stored &&` (broadcast.ts leaderSubmit and the write path, datatree.ts applyTxn, the ghost's requests-received and sameResult), so undefined and null are both no result (2026-12-01, late night)",
  },
  // 2026-12-02, small hours (zab-mut): shard 4/4 survivors of lead-zab-s4 (ed7b568).
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind === 'following' && peer === role.leader",
    reason:
      "timing only: a follower that ignores its broken link to the leader waits for its follower timeout instead; the leader dropped it as a learner (disconnect's other branch), so nothing reaches it on that link and a request it forwards is ignored until the timeout fails it (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.kind === 'following' && peer === role.leader",
    reason:
      'availability only: any broken link then sends the server looking, a leader that still has a quorum stepping down and a looking server starting a new round, as their timeouts do anyway; an election is safe, and after healing no link breaks (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'LogicalOperator',
    replacement: "role.kind === 'following' || peer === role.leader",
    reason:
      'timing only: a follower then also goes looking when a link to another server breaks, leaving a live leader early; other roles have no leader field, so `peer === role.leader` is false for them (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "role.kind === 'following'",
    reason:
      'only a following role has a leader field: for a leader or a looking server `peer === role.leader` compares with undefined and is false, as the kind test was (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'EqualityOperator',
    replacement: "role.kind !== 'following'",
    reason:
      'a follower then ignores its broken link to the leader and waits for its timeout (timing only, as the whole test made false), and other roles have no leader field, so no peer matches (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'peer === role.leader',
    reason:
      "timing only: a follower then goes looking when any of its links breaks, not only its leader's, leaving a live leader early as a timeout would (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "if (role.kind === 'following' && peer === role.leader) return goLooking(context, state, `connection to leader ${peer} lost`, actions);",
    mutator: 'EqualityOperator',
    replacement: 'peer !== role.leader',
    reason:
      "timing only, both ways: a follower then goes looking when a link to another server breaks, and waits for its timeout when its leader's breaks (the leader dropped it: nothing reaches it on that link) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'if (ticksSinceHeard > context.config.followerTimeoutTicks) {',
    mutator: 'EqualityOperator',
    replacement: 'ticksSinceHeard >= context.config.followerTimeoutTicks',
    reason: 'the follower timeout one tick shorter: timing only (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const sessionTouched: number[] = [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "the initial leader's touch table then holds junk for client 0 and one more zero: a session opens only by a transaction this leader proposed from a request it touched first (leaderSubmit), which overwrites client 0's entry, and expiry and sessions-expire read the entries of the clients' sessions only (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'for (let clientId = 0; clientId < context.config.clientCount; clientId++) sessionTouched.push(0);',
    mutator: 'EqualityOperator',
    replacement: 'clientId <= context.config.clientCount',
    reason:
      "one more zero in the initial leader's touch table, at index clientCount, which no expiry or property reads (both go over the clients' sessions) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'for (let clientId = 0; clientId < context.config.clientCount; clientId++) sessionTouched.push(0);',
    mutator: 'EqualityOperator',
    replacement: 'clientId >= context.config.clientCount',
    reason:
      "the loop never runs (there is at least one client): the empty touch table of this line's reviewed 'false' entry (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'default:',
    mutator: 'ConditionalExpression',
    replacement: 'default:',
    reason:
      'unreachable: clientRequest passes resolveWrite only writes (the reads and syncRead have their cases before its default), and every write type has its case here (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "return 'not a write';",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "unreachable, as this switch's default: every write type has its case (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (txn.zxid.epoch !== role.epoch) break;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the test is never true where it runs: establishment commits the leader's whole history (sync.ts leaderProgress) before it proposes, so every uncommitted entry of a leader in the broadcast phase is of its epoch, and before that phase no Ack of its epoch exists; an assertion in the break held over every setup (10,000 runs, seeds 2 to 4) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced')) actions.push(send(node, { type: 'ping' }));",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "learner.stage === 'forwarding' || learner.stage === 'synced'",
    reason:
      'timing only: learners still in their handshake (stages info and epoch) are then pinged too; pings go out only in the broadcast phase, such a follower has no touched client to report (it takes client requests only in the broadcast phase), and the leader counts only forwarding and synced learners live (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced')) actions.push(send(node, { type: 'ping' }));",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "learner.stage === 'forwarding'",
    reason:
      "timing only: a forwarding learner (synchronization sent, NEWLEADER not yet acknowledged) is then not pinged; it acknowledges NEWLEADER at its next flush and meanwhile hears the synchronization itself, and a slow one times out (or drops out of the leader's live count) and synchronizes again (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced')) actions.push(send(node, { type: 'ping' }));",
    mutator: 'EqualityOperator',
    replacement: "learner.stage !== 'forwarding'",
    reason:
      "pings then go to learners of every stage but forwarding: timing only, the two halves as this line's 'true' and 'false' entries (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced')) actions.push(send(node, { type: 'ping' }));",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'forwarding'",
    reason: "no stage is '': as the forwarding test made false, timing only (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0',
    reason:
      "every Ack is then recorded: on FIFO links a learner's Acks of this epoch arrive rising and none of another epoch reaches the leader's broadcast step (assertions held over every setup, 10,000 runs, seeds 2 to 4), so only an equal one is recorded again, as this line's reviewed '<' entry says (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)',
    mutator: 'LogicalOperator',
    replacement: 'message.zxid.epoch !== role.epoch && compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0',
    reason:
      'an Ack is then recorded unless it is of another epoch and not above the record: on FIFO links the Acks of this epoch arrive rising and none of another epoch arrives (assertions held over every setup, 10,000 runs, seeds 2 to 4), so only equal ones are recorded again (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.zxid.epoch !== role.epoch',
    reason:
      "Acks of another epoch above the record would then be recorded: none reaches the leader's broadcast step (FIFO links deliver an older connection's messages before its FOLLOWERINFO, while it is no learner; an assertion held over every setup, 10,000 runs, seeds 2 to 4), and one would rank below every proposal of this epoch anyway (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: 'if (message.zxid.epoch !== role.epoch || compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0)',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'compareZxid(message.zxid, role.acked[from] ?? message.zxid) <= 0',
    reason:
      "Acks of this epoch at or below the record would then be recorded: on FIFO links they arrive rising (an assertion held over every setup, 10,000 runs, seeds 2 to 4), so only an equal one is recorded again, as this line's reviewed '<' entry says (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (compareZxid(zxid, volatile.committedZxid) <= 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'compareZxid(zxid, volatile.committedZxid) <= 0',
    reason:
      "never reached with a lower zxid: tryCommit passes only an uncommitted zxid, and a follower gets its leader's COMMITs in rising order on a FIFO link and then UPTODATE with the leader's commit point, which covers all it committed (a leader holds and commits every committed transaction at establishment); an assertion held over every setup (10,000 runs, seeds 2 to 4); the equal case is the '<' entry's (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/common.ts',
    line: 'if (compareZxid(zxid, volatile.committedZxid) <= 0) return state;',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(zxid, volatile.committedZxid) < 0',
    reason:
      'the equal case (UPTODATE carrying the commit point the COMMIT before it set) then rebuilds the same commit state: nothing applied, no watch fired, no sync read newly due; only a due snapshot may start at this call instead of the next commit, which moves where a restart starts replaying, not what it restores (the log is never purged) (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!session || !session.alive || session.incarnation !== body.session',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'LogicalOperator',
    replacement: '(!session || !session.alive) && session.incarnation !== body.session',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!session || !session.alive',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'LogicalOperator',
    replacement: '!session && !session.alive',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'session.incarnation !== body.session',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (!session || !session.alive || session.incarnation !== body.session) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'return { tree: { ...tree, zxid: txn.zxid }, clientId: null, operationId: null, reply: null, changes: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ tree: { ...tree, zxid: txn.zxid }, clientId: null, operationId: null, reply: null, changes: [] }',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'return { tree: { ...tree, zxid: txn.zxid }, clientId: null, operationId: null, reply: null, changes: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ ...tree, zxid: txn.zxid }',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'return { tree: { ...tree, zxid: txn.zxid }, clientId: null, operationId: null, reply: null, changes: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: closeSessionProposedOnce,
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: "if (role.phase !== 'discovery' || message.connection !== role.connection) return state;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.phase !== 'discovery'",
    reason:
      "unreachable: a leader sends one LEADERINFO per connection (when it leaves discovery, or at the FOLLOWERINFO of a later one), so a LEADERINFO of the follower's connection never meets it past discovery; an assertion held over every setup (10,000 runs, seeds 2 to 4) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/election.ts',
    line: "const leader = role.kind === 'following' ? role.leader : context.node;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "timing only: a leader then tells a looking server it leads with an undefined vote leader, so its own report counts for no leader (established[undefined]) and the looking server joins it on its followers' reports (a quorum of them and the leader's leading flag) or in a new election round, as ZAB's safety does not rest on the election (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "return goLooking(context, state, `leader's epoch ${message.epoch} is less than accepted epoch ${state.durable.acceptedEpoch}`, actions);",
    mutator: 'StringLiteral',
    replacement: '``',
    reason: 'the reason is text for people: the error of the failure replies it causes (2026-12-02, small hours)',
  },
  // 2026-12-02, small hours (zab-mut): shard 3/4 survivors of zab-mut-small-s3 (bec92e4).
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (ticked.phaseTicks > timeout) return goLooking(context, state, 'no quorum of followers within initLimit', actions);",
    mutator: 'EqualityOperator',
    replacement: 'ticked.phaseTicks >= timeout',
    reason: 'a leader gives up its discovery or synchronization a tick earlier: timing only (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "learner.stage === 'forwarding' || learner.stage === 'synced'",
    reason:
      "availability only: learners still in their handshake then count toward the leader's live quorum, so it steps down later; they are connected and heard from, and a commit still needs a quorum's Acks (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "learner.stage === 'forwarding'",
    reason:
      'timing only: forwarding learners then do not count toward the live quorum, so a leader that needs one steps down earlier and is elected again (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;",
    mutator: 'EqualityOperator',
    replacement: "learner.stage !== 'forwarding'",
    reason:
      "the live quorum then counts learners of every stage but forwarding: timing only, the two halves as this line's 'true' and 'false' entries (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'forwarding'",
    reason: "no stage is '': as the forwarding test made false, timing only (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/broadcast.ts',
    line: "if (learner && (learner.stage === 'forwarding' || learner.stage === 'synced') && ticks - learner.lastHeardTick <= timeout) live++;",
    mutator: 'EqualityOperator',
    replacement: 'ticks - learner.lastHeardTick < timeout',
    reason: 'a learner counts as live one tick less: timing only (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0',
    reason:
      "timing only: the proposals the leader synchronized the learner with are then not counted as acknowledged at its ACKNEWLEADER; its next Ack, cumulative, counts them once a newer proposal comes (the liveness phase's probe writes bring one) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "as the test made false: the synchronized proposals count with the learner's next Ack, once a newer proposal comes (timing only) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'EqualityOperator',
    replacement: 'learner.syncedZxid.epoch !== role.epoch',
    reason:
      "a synchronized zxid of an older epoch (the leader had proposed nothing yet) is then recorded, and ranks below every proposal of this epoch (it counts for nothing); one of this epoch is not, and the learner's next Ack counts it (timing only) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/sync.ts',
    line: 'if (learner.syncedZxid.epoch === role.epoch && compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) > 0) {',
    mutator: 'EqualityOperator',
    replacement: 'compareZxid(learner.syncedZxid, role.acked[from] ?? zeroZxid) <= 0',
    reason:
      "the record is then set only to a synchronized zxid not above it: a lower record delays a commit until the learner's next Ack, and a higher one waits for that Ack too (timing only; a commit point never moves back) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/node.ts',
    line: 'const acked: Zxid[] = [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "the initial leader's ack table then starts with a junk entry, which compareZxid ranks with NaN (never at or above a proposal, so it counts for nothing) until node 0's first Ack replaces it, and ends with one more zero entry for no server, which counts for nothing either (2026-12-02, small hours)",
  },
  // 2026-12-02, small hours (zab-mut): shard 2/4's datatree.ts 257-260, covered by zab-superseded-request (zab-mut-small-rerun3).
  {
    file: 'src/protocols/zab/datatree.ts',
    line: 'if (stored && body.operationId <= stored.operationId) {',
    mutator: 'EqualityOperator',
    replacement: 'body.operationId < stored.operationId',
    reason:
      'an equal operation id is a duplicate of an applied request, which never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes), so only superseded ones (lower ids) reach this test (2026-12-02, small hours)',
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'body.operationId === stored.operationId',
    reason:
      "the answer of a superseded transaction reaches no one waiting: its client moved on only after that request completed (answered 'unknown' or refused where it waited), and the simulator ignores an answer to a completed operation; a duplicate (equal operation id) never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'body.operationId === stored.operationId',
    reason:
      "the answer of a superseded transaction reaches no one waiting: its client moved on only after that request completed (answered 'unknown' or refused where it waited), and the simulator ignores an answer to a completed operation; a duplicate (equal operation id) never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };",
    mutator: 'EqualityOperator',
    replacement: 'body.operationId !== stored.operationId',
    reason:
      "the answer of a superseded transaction reaches no one waiting: its client moved on only after that request completed (answered 'unknown' or refused where it waited), and the simulator ignores an answer to a completed operation; a duplicate (equal operation id) never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "the answer of a superseded transaction reaches no one waiting: its client moved on only after that request completed (answered 'unknown' or refused where it waited), and the simulator ignores an answer to a completed operation; a duplicate (equal operation id) never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes) (2026-12-02, small hours)",
  },
  {
    file: 'src/protocols/zab/datatree.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a source line that holds a template literal
    line: "body.operationId === stored.operationId ? stored.reply : { outcome: 'fail', error: `superseded by request ${stored.operationId}` };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'fail'",
    reason:
      "the answer of a superseded transaction reaches no one waiting: its client moved on only after that request completed (answered 'unknown' or refused where it waited), and the simulator ignores an answer to a completed operation; a duplicate (equal operation id) never enters the log (leaderSubmit checks the stored result and the uncommitted log, and a new leader commits its history before it proposes) (2026-12-02, small hours)",
  },
];
