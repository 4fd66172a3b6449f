/**
 * Reviewed equivalent mutants of Kafka's step code (broker.ts, controller.ts, log.ts), merged into
 * `reviewedEquivalents` (equivalents.ts, which says how an entry matches and is checked). Each reason
 * says why no client or property could see the mutant; the Kafka triage in docs/mutation.md lists
 * the survivors left out on purpose (defence in depth, unpromised settings, timing a property could see).
 */
// Plain objects (no type import: equivalents.ts imports this file); they are checked as ReviewedEquivalent where they are spread in.
export const kafkaReviewedEquivalents = [
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ": { kind: 'follower', phase: 'fetching', requestSentAtTick: null, requestedEpoch: undefinedEpoch },",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'fetching'",
    reason:
      "a broker's first follower role has no request outstanding and nothing reads its phase before its first tick, which starts fetching and sets the phase",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const extra = pending.filter((broker) => !replica.isr.includes(broker));',
    mutator: 'MethodExpression',
    replacement: 'pending',
    reason:
      "the high watermark is the minimum over the maximal ISR's log ends: listing a member twice (the pending ISR's members that are already in the ISR) changes no minimum; only a transcript's role text would show it",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return extra.length === 0 ? replica.isr : [...replica.isr, ...extra];',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a copy of the same ISR instead of the ISR itself: the minimum over it is the same',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules), an OffsetsForLeaderEpoch in the sender's current leader epoch reaches only the leader of that epoch: every broker that knows the epoch knows its leader, a broker that is that leader took the leader role when it learnt it, and a restart forgets the epoch; the request goes to the partition's leader, which hosts it. So the test is false whenever the fencing test below would pass, and made false the fencing test refuses the same requests",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica) && replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules), an OffsetsForLeaderEpoch in the sender's current leader epoch reaches only the leader of that epoch: every broker that knows the epoch knows its leader, a broker that is that leader took the leader role when it learnt it, and a restart forgets the epoch; the request goes to the partition's leader, which hosts it. So the test is false whenever the fencing test below would pass, and made false the fencing test refuses the same requests",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason:
      "with KIP-320's fencing (the correct rules), an OffsetsForLeaderEpoch in the sender's current leader epoch reaches only the leader of that epoch: every broker that knows the epoch knows its leader, a broker that is that leader took the leader role when it learnt it, and a restart forgets the epoch; the request goes to the partition's leader, which hosts it. So the test is false whenever the fencing test below would pass, and made false the fencing test refuses the same requests",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    reason:
      "with KIP-320's fencing (the correct rules), an OffsetsForLeaderEpoch in the sender's current leader epoch reaches only the leader of that epoch: every broker that knows the epoch knows its leader, a broker that is that leader took the leader role when it learnt it, and a restart forgets the epoch; the request goes to the partition's leader, which hosts it. So the test is false whenever the fencing test below would pass, and made false the fencing test refuses the same requests",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules), an OffsetsForLeaderEpoch in the sender's current leader epoch reaches only the leader of that epoch: every broker that knows the epoch knows its leader, a broker that is that leader took the leader role when it learnt it, and a restart forgets the epoch; the request goes to the partition's leader, which hosts it. So the test is false whenever the fencing test below would pass, and made false the fencing test refuses the same requests",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return respond('NOT_LEADER_OR_FOLLOWER', undefinedEpoch, undefinedOffset);",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'NOT_LEADER_OR_FOLLOWER'",
    reason: 'a follower treats every OffsetsForLeaderEpoch error alike (it asks again at its next tick); an empty error code is still an error',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (context.rules.fenceByCurrentLeaderEpoch && replica.leaderEpoch !== message.currentLeaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "an OffsetsForLeaderEpoch is sent only to the broker the sender believes leads its epoch, so an answer across epochs comes from that same broker as leader of another epoch: it describes that broker's log truthfully (epochs it led end where it says; entries of its latest epoch end at its log end, past which the follower fetches), the follower's own fencing of the response still applies, and it truncates where it would have after a retry",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replica.leader === null || replica.leader === context.node',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'replica.leader === null || replica.leader === context.node',
    reason:
      "a follower role always has a leader other than itself: a LeaderAndIsr naming no leader makes the replica's role none, one naming this broker makes it leader, and only a follower starts fetching",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replica.leader === null || replica.leader === context.node',
    mutator: 'LogicalOperator',
    replacement: 'replica.leader === null && replica.leader === context.node',
    reason:
      "a follower role always has a leader other than itself: a LeaderAndIsr naming no leader makes the replica's role none, one naming this broker makes it leader, and only a follower starts fetching",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replica.leader === null || replica.leader === context.node',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'replica.leader === null',
    reason:
      "a follower role always has a leader other than itself: a LeaderAndIsr naming no leader makes the replica's role none, one naming this broker makes it leader, and only a follower starts fetching",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replica.leader === null || replica.leader === context.node',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'replica.leader === context.node',
    reason:
      "a follower role always has a leader other than itself: a LeaderAndIsr naming no leader makes the replica's role none, one naming this broker makes it leader, and only a follower starts fetching",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.endOffset === undefinedOffset) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the leader never answers UNDEFINED: it is asked (with fencing, in its own epoch) about the follower's latest epoch, which is at most the current leader epoch, and the leader's cache ends with its own epoch, assigned when it became leader and never truncated while it leads",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica || replica.role.kind !== 'follower') && replica.role.phase !== 'fetching'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'follower'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica) && replica.role.kind !== 'follower'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'follower'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'fetching') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.phase !== 'fetching'",
    reason:
      "a fetch response is acted on only from the follower's leader, at its log end, in its current leader epoch (the tests below); such a response reaches only a follower in the fetching phase: a leader or a replica without a leader has no leader other than itself to match, and a follower truncates only right after learning a new epoch, before any fetch in that epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state: withPartition(state, partition, log, { ...metadata, role: { kind: 'none' } }), actions };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: "{ kind: 'none' }",
    reason: "every reader of a role tests kind === 'leader' or 'follower': a role {} or of kind \"\" is read as none everywhere",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state: withPartition(state, partition, log, { ...metadata, role: { kind: 'none' } }), actions };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "every reader of a role tests kind === 'leader' or 'follower': a role {} or of kind \"\" is read as none everywhere",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'error: `NOT_ENOUGH_REPLICAS_AFTER_APPEND: the ISR shrank below min.insync.replicas=${context.config.minInsyncReplicas}`,',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: "failure text: clients and properties read a failure's outcome, never its error text",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'failPurgatory(replica.role, actions, `NOT_LEADER_OR_FOLLOWER: broker ${context.node} is no longer the leader of partition ${partition}`);',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: "failure text: clients and properties read a failure's outcome, never its error text",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = `NOT_ENOUGH_REPLICAS: the ISR [${replica.isr.join(',')}] is smaller than min.insync.replicas=${context.config.minInsyncReplicas}`;",
    mutator: 'StringLiteral',
    replacement: '``',
    reason: "failure text: clients and properties read a failure's outcome, never its error text",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = `NOT_ENOUGH_REPLICAS: the ISR [${replica.isr.join(',')}] is smaller than min.insync.replicas=${context.config.minInsyncReplicas}`;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "failure text: clients and properties read a failure's outcome, never its error text",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (batch.index <= appliedIndex) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'batches at or below the applied index come only in a delayed or duplicated response to an earlier fetch; without the skip the next test stops at the first of them, so the broker applies nothing from that response and its next fetch brings the same entries (timing only)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (batch.index <= appliedIndex) continue;',
    mutator: 'EqualityOperator',
    replacement: 'batch.index < appliedIndex',
    reason:
      'the batch at the applied index then stops the loop (the next test), so that stale response applies nothing and the next fetch brings the same entries (timing only)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (batch.index !== appliedIndex + 1) break;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a response never skips an entry: the active controller answers with the entries after the index the fetch named (or a snapshot and the entries after it), and the broker's applied index only grows, so every batch past the skipped ones is the next expected",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.snapshot !== null && message.snapshot.index > appliedIndex) {',
    mutator: 'EqualityOperator',
    replacement: 'message.snapshot.index >= appliedIndex',
    reason: 'a snapshot at the applied index is the image the broker already built from the same committed entries (records carry full states)',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (records.length === 0) return log;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'appending no records builds an equal log (a new object with the same records, flushed length and epoch cache): only identity shortcuts notice',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (record.epoch !== latestEpoch(epochCache)) epochCache = assignEpoch(epochCache, record.epoch, offset);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "assignEpoch of the cache's latest epoch returns the cache unchanged (nothing above it to trim, the epoch already last)",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!known) return true;',
    mutator: 'BooleanLiteral',
    replacement: 'known',
    reason: "a heartbeat's known epochs have an entry for every partition (the broker's replica array spans the topic), so known is never undefined",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!known) return true;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "a heartbeat's known epochs have an entry for every partition (the broker's replica array spans the topic), so known is never undefined",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!known) return true;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "a heartbeat's known epochs have an entry for every partition (the broker's replica array spans the topic), so known is never undefined",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!known) return true;',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason: "a heartbeat's known epochs have an entry for every partition (the broker's replica array spans the topic), so known is never undefined",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'return known[0] !== registration.leaderEpoch || known[1] !== registration.partitionEpoch;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'every partition counted stale: the controller resends the current LeaderAndIsr of every partition at each due heartbeat, which a broker that is up to date ignores (equal epochs): more messages, the same decisions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'return known[0] !== registration.leaderEpoch || known[1] !== registration.partitionEpoch;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'known[0] !== registration.leaderEpoch',
    reason:
      'the partition epoch changes at every change of a partition, leader changes included, so comparing it alone finds the same stale partitions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'return known[0] !== registration.leaderEpoch || known[1] !== registration.partitionEpoch;',
    mutator: 'EqualityOperator',
    replacement: 'known[0] === registration.leaderEpoch',
    reason:
      'every stale partition still differs in its partition epoch (it changes at every change); up-to-date ones are resent as well, which a broker ignores (equal epochs)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "case 'disconnect':",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'the abstract controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses, where there is no abstract controller (the case is never reached)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "case 'disconnect':",
    mutator: 'ConditionalExpression',
    replacement: "case 'disconnect':",
    reason:
      'the abstract controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses, where there is no abstract controller (the case is never reached)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ state, actions: [] }',
    reason:
      "the abstract controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses, where there is no abstract controller (the case is never reached); this line is the case's body",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "the abstract controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses, where there is no abstract controller (the case is never reached); this line is the case's body",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'leader-and-isr-response':",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "only the ZooKeeper plane sends LeaderAndIsr responses, to the controller broker, and its adapter (zookeeper.ts) takes them before the broker step: the broker's case is never reached",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (log.flushedLength === log.records.length) return log;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'with every record flushed the rest builds an equal log: all records kept, and every epoch entry starts at or before the log end, so the filter keeps them all',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (from !== replica.leader || message.fetchOffset !== log.records.length) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'from !== replica.leader',
    reason:
      "with KIP-320's fencing (the next test), a response that passes is one to a fetch sent in the follower's current leader epoch, and a follower fetches only from its epoch's leader (a restarted follower that learns the same epoch again learns the same leader): the sender is always the leader",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!answered && operation.type === 'produce' && acksOf(context.config) === '0'",
    reason:
      "the controller's own answer to an acks=0 produce is a shortcut: without it the request goes on to the partition's leader (or a broker that knows it), whose first step answers an unanswered acks=0 produce the same way (ok, no offset) before anything else; with no leader known the controller answers unknown, as a Kafka producer that has no leader to send to fails",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'produce'",
    reason:
      "the controller's own answer to an acks=0 produce is a shortcut: without it the request goes on to the partition's leader (or a broker that knows it), whose first step answers an unanswered acks=0 produce the same way (ok, no offset) before anything else; with no leader known the controller answers unknown, as a Kafka producer that has no leader to send to fails (the test can no longer hold)",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'0'",
    reason:
      "the controller's own answer to an acks=0 produce is a shortcut: without it the request goes on to the partition's leader (or a broker that knows it), whose first step answers an unanswered acks=0 produce the same way (ok, no offset) before anything else; with no leader known the controller answers unknown, as a Kafka producer that has no leader to send to fails (the test can no longer hold)",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {",
    mutator: 'BooleanLiteral',
    replacement: 'answered',
    reason:
      "the controller's own answer to an acks=0 produce is a shortcut: without it the request goes on to the partition's leader (or a broker that knows it), whose first step answers an unanswered acks=0 produce the same way (ok, no offset) before anything else; with no leader known the controller answers unknown, as a Kafka producer that has no leader to send to fails; an answer to a request already answered (a broker forwards it with replied set) is for an operation the client has completed, and the simulator drops it",
  },
  // Kafka control plane (kraft.ts, quorum.ts, combined.ts, metadata.ts, decisions.ts): the control-plane helper's review, issue 18 (2026-12-01).
  {
    file: 'src/protocols/kafka/combined.ts',
    line: 'default:',
    mutator: 'ConditionalExpression',
    replacement: 'default:',
    original: 'default: return false;',
    reason: 'the default case with its return removed returns undefined, which is falsy like the false it returned',
  },
  {
    file: 'src/protocols/kafka/combined.ts',
    line: 'return { state: stepped.state === controller ? state : combine(broker, stepped.state), actions: stepped.actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'stepped.state === controller',
    reason: 'a new wrapper around the same broker part and the stepped controller part: an equal state (only the identity shortcut is lost)',
  },
  {
    file: 'src/protocols/kafka/combined.ts',
    line: 'return { state: stepped.state === broker ? state : combine(stepped.state, controller), actions: stepped.actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'stepped.state === broker',
    reason: 'a new wrapper around the stepped broker part and the same controller part: an equal state (only the identity shortcut is lost)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: "if (!current) return 'stale';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'stale'",
    reason: 'AlterPartition names a partition of the topic: the branch is never reached',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!current.replicas.includes(member)) return false;',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason: "a leader's ISR is built from its partition's replicas, so every member of a requested ISR is a replica",
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const alive = (broker: number): boolean => work.brokers[broker]?.alive ?? false;',
    mutator: 'OptionalChaining',
    replacement: 'work.brokers[broker].alive',
    original: 'work.brokers[broker]?.alive',
    reason: 'replicas are broker ids below brokerCount, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!previous) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!previous',
    reason: "partition indices come from the image's own partitions, so the previous registration always exists",
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!registration) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!registration',
    reason: 'fence() is called with broker ids below brokerCount, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!current.replicas.includes(broker)) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current.replicas.includes(broker)',
    reason: 'a broker that is not a replica of a partition is neither in its ISR (a subset of the replicas) nor its leader: no update either way',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!work.brokers[broker]) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!work.brokers[broker]',
    reason: 'unfence() is called with broker ids below brokerCount, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: "if (!current) return 'stale';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current',
    reason: 'AlterPartition names a partition of the topic, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.replayBeforeDeciding) return true;',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    original: 'true',
    reason: 'only the kraft-decide-before-replay variant runs this branch',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!registration) return { state, actions: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ state, actions: [] }',
    reason: 'heartbeats come from brokers, whose ids are below brokerCount: the branch is never reached',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!registration) return { state, actions: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason: 'heartbeats come from brokers, whose ids are below brokerCount: the branch is never reached',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.serveOnlyCommittedMetadata && snapshot === null) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'snapshot === null',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.serveOnlyCommittedMetadata && snapshot === null) {',
    mutator: 'EqualityOperator',
    replacement: 'snapshot !== null',
    original: 'snapshot === null',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.serveOnlyCommittedMetadata && snapshot === null) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    original:
      "{ // The bug: entries beyond the quorum's high watermark go out too. const from = (batches.at(-1)?.index ?? appliedIndex) + 1; for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) { const entry = entryAt(raft, index); if (entry === undefined) break; batches.push(batchOf(index, entry)); } }",
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const from = (batches.at(-1)?.index ?? appliedIndex) + 1;',
    mutator: 'ArithmeticOperator',
    replacement: '(batches.at(-1)?.index ?? appliedIndex) - 1',
    original: '(batches.at(-1)?.index ?? appliedIndex) + 1',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const from = (batches.at(-1)?.index ?? appliedIndex) + 1;',
    mutator: 'LogicalOperator',
    replacement: 'batches.at(-1)?.index && appliedIndex',
    original: 'batches.at(-1)?.index ?? appliedIndex',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const from = (batches.at(-1)?.index ?? appliedIndex) + 1;',
    mutator: 'OptionalChaining',
    replacement: 'batches.at(-1).index',
    original: 'batches.at(-1)?.index',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const from = (batches.at(-1)?.index ?? appliedIndex) + 1;',
    mutator: 'UnaryOperator',
    replacement: '+1',
    original: '-1',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'LogicalOperator',
    replacement: 'index <= lastIndex(raft) || batches.length < metadataFetchEntriesMax',
    original: 'index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'index <= lastIndex(raft)',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'EqualityOperator',
    replacement: 'index < lastIndex(raft)',
    original: 'index <= lastIndex(raft)',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'EqualityOperator',
    replacement: 'index > lastIndex(raft)',
    original: 'index <= lastIndex(raft)',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'batches.length < metadataFetchEntriesMax',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'EqualityOperator',
    replacement: 'batches.length <= metadataFetchEntriesMax',
    original: 'batches.length < metadataFetchEntriesMax',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'EqualityOperator',
    replacement: 'batches.length >= metadataFetchEntriesMax',
    original: 'batches.length < metadataFetchEntriesMax',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'UpdateOperator',
    replacement: 'index--',
    original: 'index++',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = from; index <= lastIndex(raft) && batches.length < metadataFetchEntriesMax; index++) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    original: '{ const entry = entryAt(raft, index); if (entry === undefined) break; batches.push(batchOf(index, entry)); }',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (entry === undefined) break;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'entry === undefined',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (entry === undefined) break;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'entry === undefined',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (entry === undefined) break;',
    mutator: 'EqualityOperator',
    replacement: 'entry !== undefined',
    original: 'entry === undefined',
    reason: 'only the kraft-uncommitted-metadata variant runs this block',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "case 'disconnect':",
    mutator: 'ConditionalExpression',
    replacement: "case 'disconnect':",
    original: "case 'disconnect': return { state, actions: [] };",
    reason:
      'a KRaft controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ state, actions: [] }',
    reason:
      'a KRaft controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason:
      'a KRaft controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (sessions === undefined) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'sessions === undefined',
    reason: 'the shared array of zeros is rebuilt equal at every call instead of cached',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "const active = quorum.volatile.role.kind === 'leader';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "quorum.volatile.role.kind === 'leader'",
    reason:
      'the session counters kept for a controller that is no longer active are never read (it may not decide), and it becomes active again only through a step where it was not active, which resets them',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "return { durable: quorum.durable === state.durable.raft ? state.durable : { kind: 'kraft-controller', raft: quorum.durable }, volatile };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'quorum.durable === state.durable.raft',
    reason: 'a new durable wrapper around the same Raft durable state: an equal state',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!isActiveController(state)) return false;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!isActiveController(state)',
    reason:
      "a controller that is not active proposes nothing (the Raft component's propose refuses on a non-leader and leaves the state as it was); the session counters it updates are reset when it next becomes active",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!isActiveController(state)) return false;',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason:
      "a controller that is not active proposes nothing (the Raft component's propose refuses on a non-leader and leaves the state as it was); the session counters it updates are reset when it next becomes active",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.replayBeforeDeciding) return true;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.replayBeforeDeciding',
    reason: 'the correct rules replay before deciding: the test is always false',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'for (let index = state.volatile.raft.lastApplied + 1; index <= lastIndex(raft); index++) {',
    mutator: 'ArithmeticOperator',
    replacement: 'state.volatile.raft.lastApplied - 1',
    original: 'state.volatile.raft.lastApplied + 1',
    reason:
      're-applies the two entries before the applied one (only those of the current term), in log order, to the image that already holds them: records carry full states and fence/unfence name their broker epoch, so the image is the same',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command'",
    reason:
      "once it may decide, the commit index's term is the current term, so every entry after the applied index is a command entry of the current term: the skip never happens",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'LogicalOperator',
    replacement: "(entry === undefined || entry.term !== raft.currentTerm) && entry.command.type !== 'command'",
    original: "entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command'",
    reason: 'once it may decide, every entry after the applied index is a command entry of the current term: the skip never happens either way',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'entry === undefined || entry.term !== raft.currentTerm',
    reason: 'once it may decide, every entry after the applied index exists and is of the current term',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'LogicalOperator',
    replacement: 'entry === undefined && entry.term !== raft.currentTerm',
    original: 'entry === undefined || entry.term !== raft.currentTerm',
    reason: 'once it may decide, every entry after the applied index exists and is of the current term',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'entry === undefined',
    reason: 'every entry after the applied index up to the last index is in the log',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'entry.term !== raft.currentTerm',
    reason:
      "once it may decide, the commit index's term is the current term, and log terms never decrease, so every entry after the applied index is of the current term",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "if (entry === undefined || entry.term !== raft.currentTerm || entry.command.type !== 'command') continue;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "entry.command.type !== 'command'",
    reason:
      "once it may decide, its term's no-op is committed and KRaft has no configuration entries, so every entry after the applied index is a command",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (records.length === 0) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'records.length === 0',
    reason: 'an empty batch appended to the metadata log applies nothing: controllers and brokers build the same images',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!mayDecide(context, next)) return { state: next, actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!mayDecide(context, next)',
    reason:
      'a controller that is not active proposes nothing (propose refuses on a non-leader with the state as it was); the session counters it updates are reset when it next becomes active',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const ticksSinceHeartbeat = next.volatile.ticksSinceHeartbeat.map((ticks, broker) => (image.brokers[broker]?.alive ? ticks + 1 : 0));',
    mutator: 'OptionalChaining',
    replacement: 'image.brokers[broker].alive',
    original: 'image.brokers[broker]?.alive',
    reason: 'the image registers every broker below brokerCount, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!mayDecide(context, state)) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!mayDecide(context, state)',
    reason:
      'a controller that is not active proposes nothing (propose refuses on a non-leader with the state as it was); the session counters it updates are reset when it next becomes active',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!registration) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!registration',
    reason: 'heartbeats come from brokers, whose ids are below brokerCount: the registration always exists',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (incarnation === registration.incarnation && registration.alive) return { state: heard, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'incarnation === registration.incarnation && registration.alive',
    reason:
      're-registering a broker registered alive in the same epoch writes nothing: the registration keeps its epoch and liveness (no record), and an offline partition it could lead cleanly was given to it when it registered',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!mayDecide(context, state)) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!mayDecide(context, state)',
    reason: 'a controller that is not active proposes nothing (propose refuses on a non-leader with the state as it was)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (!context.rules.serveOnlyCommittedMetadata && snapshot === null) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.serveOnlyCommittedMetadata && snapshot === null',
    reason: "the correct rules serve only committed metadata: the test is always false (the block is the kraft-uncommitted-metadata variant's)",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "case 'disconnect':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'disconnect'",
    reason:
      'a KRaft controller never receives a disconnect: the simulator tears connections down only on FIFO links, which only the ZooKeeper plane uses',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'default:',
    mutator: 'ConditionalExpression',
    replacement: 'default:',
    original: "default: assertNever(record, 'metadata record');",
    reason: 'the default of an exhaustive switch over metadata record types: never reached',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (brokers[record.broker]) brokers[record.broker] = { alive: false, incarnation: record.brokerEpoch };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'brokers[record.broker]',
    reason: "records name only brokers of the image (recordsBetween iterates the image's brokers), so the slot always exists",
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (brokers[record.broker]) brokers[record.broker] = { alive: false, incarnation: record.brokerEpoch };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason:
      'every RegisterBroker is written together with the UnfenceBroker of the same broker epoch (every plane registers a new incarnation alive), and a batch is applied atomically by controllers and brokers alike: no image in between is ever seen',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: "if (current && current.incarnation === record.brokerEpoch) brokers[record.broker] = { ...current, alive: record.type === 'unfence-broker' };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'current && current.incarnation === record.brokerEpoch',
    reason:
      'records are computed from the image they are then applied to (the active controller decides on its whole log once it may decide), so a Fence or Unfence record always names the broker epoch the image registers',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: "if (current && current.incarnation === record.brokerEpoch) brokers[record.broker] = { ...current, alive: record.type === 'unfence-broker' };",
    mutator: 'LogicalOperator',
    replacement: 'current || current.incarnation === record.brokerEpoch',
    original: 'current && current.incarnation === record.brokerEpoch',
    reason:
      'records are computed from the image they are then applied to, so the registration exists and a Fence or Unfence record always names its broker epoch',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: "if (current && current.incarnation === record.brokerEpoch) brokers[record.broker] = { ...current, alive: record.type === 'unfence-broker' };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'current.incarnation === record.brokerEpoch',
    reason:
      'records are computed from the image they are then applied to (the active controller decides on its whole log once it may decide), so a Fence or Unfence record always names the broker epoch the image registers',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!current) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current',
    reason: 'partition-change records name only partitions of the topic, so the registration always exists',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (records.length === 0) return image;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'records.length === 0',
    reason: 'the copy built for an empty batch is an equal image; a broker that acts on it finds no partition whose epochs changed',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!previous || previous === next) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!previous || previous === next',
    reason:
      'every broker of the image after a decision exists before it, and an unchanged registration (the same object) has the same epoch and liveness: no record either way',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!previous || previous === next) continue;',
    mutator: 'LogicalOperator',
    replacement: '!previous && previous === next',
    original: '!previous || previous === next',
    reason:
      'every broker of the image after a decision exists before it, and an unchanged registration (the same object) has the same epoch and liveness: no record either way',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!previous || previous === next) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'previous === next',
    reason: 'an unchanged registration (the same object) has the same epoch and liveness, so neither branch below writes a record',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (next.incarnation !== previous.incarnation) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'next.incarnation !== previous.incarnation',
    reason:
      'for a broker whose liveness changed in the same epoch, RegisterBroker (fenced) plus UnfenceBroker when alive builds the same registration as the Fence or Unfence record',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: "if (next.alive) records.push({ type: 'unfence-broker', broker, brokerEpoch: next.incarnation });",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'next.alive',
    reason: 'a new broker epoch is always registered alive (register() in every plane), so the test is always true',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: '} else if (next.alive !== previous.alive) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'next.alive !== previous.alive',
    reason: 'a changed registration object with the same epoch and liveness gets a Fence or Unfence record that sets the liveness it already has',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'for (const partition of changedPartitions.slice().sort((left, right) => left - right)) {',
    mutator: 'MethodExpression',
    replacement: 'changedPartitions.slice()',
    original: 'changedPartitions.slice().sort((left, right) => left - right)',
    reason: 'the PartitionChange records of one batch name distinct partitions and carry full states: applied in any order they build the same image',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'for (const partition of changedPartitions.slice().sort((left, right) => left - right)) {',
    mutator: 'MethodExpression',
    replacement: 'changedPartitions',
    original: 'changedPartitions.slice()',
    reason:
      'the PartitionChange records of one batch name distinct partitions and carry full states: applied in any order they build the same image (the list is not changed afterwards)',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'for (const partition of changedPartitions.slice().sort((left, right) => left - right)) {',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    original: '(left, right) => left - right',
    reason: 'the PartitionChange records of one batch name distinct partitions and carry full states: applied in any order they build the same image',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'for (const partition of changedPartitions.slice().sort((left, right) => left - right)) {',
    mutator: 'ArithmeticOperator',
    replacement: 'left + right',
    original: 'left - right',
    reason: 'the PartitionChange records of one batch name distinct partitions and carry full states: applied in any order they build the same image',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!registration || registration === before.partitions[partition]) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!registration || registration === before.partitions[partition]',
    reason: 'every partition in the changed list exists and was replaced by update() (a new object), so the test is always false',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!registration || registration === before.partitions[partition]) continue;',
    mutator: 'LogicalOperator',
    replacement: '!registration && registration === before.partitions[partition]',
    original: '!registration || registration === before.partitions[partition]',
    reason: 'every partition in the changed list exists and was replaced by update() (a new object), so the test is always false',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: 'if (!registration || registration === before.partitions[partition]) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'registration === before.partitions[partition]',
    reason: 'every partition in the changed list was replaced by update() (a new object), so the test is always false',
  },
  {
    file: 'src/protocols/kafka/quorum.ts',
    line: 'if (known) return known;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'known',
    reason: 'the context is rebuilt equal at every call instead of cached (contexts hold no model state)',
  },
  // Kafka's ZooKeeper plane (zookeeper.ts, shard 1/4): the control-plane helper's review, issue 18 (2026-12-01).
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const version = context.rules.fenceControllerWrites ? output.version : -1;',
    mutator: 'UnaryOperator',
    replacement: '+1',
    original: '-1',
    reason: 'only the zk-unfenced-controller-write variant writes /state without a version',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (data === undefined) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'data === undefined',
    reason: 'decoding the same /state text again gives an equal value (the cache only saves the parse; decoded data is never changed)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (decodedStates.size >= decodedStatesMax) decodedStates.clear();',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'decodedStates.size >= decodedStatesMax',
    reason: 'the decode cache emptied at every call: every text is parsed again, giving equal values',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (decodedStates.size >= decodedStatesMax) decodedStates.clear();',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'decodedStates.size >= decodedStatesMax',
    reason: 'the decode cache never emptied: it grows instead of being bounded, and every lookup still gives the value the text decodes to',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (decodedStates.size >= decodedStatesMax) decodedStates.clear();',
    mutator: 'EqualityOperator',
    replacement: 'decodedStates.size > decodedStatesMax',
    original: 'decodedStates.size >= decodedStatesMax',
    reason: 'the decode cache emptied one entry later: lookups still give the value the text decodes to',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (decodedStates.size >= decodedStatesMax) decodedStates.clear();',
    mutator: 'EqualityOperator',
    replacement: 'decodedStates.size < decodedStatesMax',
    original: 'decodedStates.size >= decodedStatesMax',
    reason: 'the decode cache emptied at every call below the bound: every text is parsed again, giving equal values',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const path = 'path' in operation ? operation.path : '';",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    original: "''",
    reason: "only a ping's outstanding path is ever read (handlePing); requests without a path are never pings",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const registered: number[] = [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason:
      'the list of brokers a decision registered gets an entry that is no broker id: it is only matched against broker ids (sendDecisions, union), which never equal it',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'zk = { ...zk, controller: { ...role, resync: [], writing: { data: decided.data, partitions, registered } } };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason: "the controller's resync list gets an entry that is no broker id: it is only matched against broker ids, which never equal it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.controller?.writing && output?.type === 'setData') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "output?.type === 'setData'",
    reason:
      "a non-ok answer to the controller's write cleared its writing state at the top of handleResponse, so writing is set only for an ok answer, which is a setData",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.controller?.writing && output?.type === 'setData') {",
    mutator: 'OptionalChaining',
    replacement: 'output.type',
    original: 'output?.type',
    reason: "output is null only for a non-ok answer, which cleared the controller's writing state first: the test short-circuits before it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'leader-and-isr' && message.controllerEpoch !== undefined) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'leader-and-isr'",
    reason: 'only LeaderAndIsr (and its response, handled above) carry a controllerEpoch among the messages a ZooKeeper-mode broker receives',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'leader-and-isr' && message.controllerEpoch !== undefined) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.controllerEpoch !== undefined',
    reason: "every LeaderAndIsr in ZooKeeper mode carries the controller epoch (the controller and a leader's own ISR write both stamp it)",
  },
  // log.ts, issue 18 (log/broker helper, 2026-12-01 morning): the rest of log.ts's survivors are killed by the contract
  // checks of properties/mutation/kafka-log.mutation.ts or by flush-promise-kept (docs/mutation.md).
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'EqualityOperator',
    replacement: 'last.startOffset >= startOffset',
    reason:
      "an older epoch's entry at the very offset where the new epoch starts holds no records (Kafka's assign drops it, the model keeps it): an OffsetsForLeaderEpoch answer then names it or the epoch before it, ending at that same offset, and the follower truncates to the same offset either way (worked through for a follower that holds that epoch's records after the leader lost them to a power loss)",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'last.epoch !== epoch',
    reason:
      'differs only for an entry of the assigned epoch starting after the offset assigned: every caller assigns at or past its log end, and no entry starts beyond the log end (epoch-cache-matches-log)',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'const trimmed = kept === cache.length ? cache : cache.slice(0, kept);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'kept === cache.length',
    reason: 'slicing the whole cache builds an equal array',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (target >= log.records.length) {',
    mutator: 'EqualityOperator',
    replacement: 'target > log.records.length',
    reason:
      'at the log end the other branch builds an equal log: every record and the flushed length kept, the epoch entries starting at the log end dropped',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (!log.epochCache.some((entry) => entry.startOffset >= end)) return log;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log.epochCache.some((entry) => entry.startOffset >= end)',
    reason: 'with no entry starting at or past the log end the filter keeps every entry: an equal log',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (!log.epochCache.some((entry) => entry.startOffset >= end)) return log;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'entry.startOffset >= end',
    reason: 'filters a non-empty cache every time, and with no entry starting at or past the log end the filter keeps every entry: an equal log',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'epochCache: log.epochCache.filter((entry) => entry.startOffset <= length),',
    mutator: 'EqualityOperator',
    replacement: 'entry.startOffset < length',
    reason:
      "also drops an entry starting exactly at the surviving log end, which holds no records (Kafka's recovery does too): the restarted broker has no role, its first truncation as a follower drops such an entry anyway after asking about the epoch before it, whose end is the same log end; elected leader first, it answers as in the assignEpoch entry above",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (cache.length > 0 && latestEpoch(cache) === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };',
    mutator: 'EqualityOperator',
    replacement: 'cache.length >= 0',
    reason: "an empty cache's latest epoch is UNDEFINED, which the line above has already answered: the same function",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (cache.length > 0 && latestEpoch(cache) === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'cache.length > 0',
    reason: "an empty cache's latest epoch is UNDEFINED, which the line above has already answered: the same function",
  },
  // Kafka log.ts, issue 18 (data-plane helper, 2026-12-01 late morning): code no broker path reaches in the correct model
  // (assignEpoch's trimming, truncation past the log end, OffsetsForLeaderEpoch about UNDEFINED or a newer epoch than known),
  // each checked by counting the path on every Kafka mutation setup and catalogued variant (docs/mutation.md).
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'while (kept > 0) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'kept > 0',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'LogicalOperator',
    replacement: 'last.epoch > epoch && last.epoch !== epoch && last.startOffset > startOffset',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'last.epoch > epoch',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'EqualityOperator',
    replacement: 'last.epoch >= epoch',
    reason:
      "no caller assigns the epoch the cache ends with (appendRecords assigns only a record epoch unlike the latest, a new leader its new epoch), so the latest entry's epoch is never equal; and no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'last.epoch !== epoch && last.startOffset > startOffset',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'EqualityOperator',
    replacement: 'last.epoch === epoch',
    reason:
      "an entry of the assigned epoch is never the latest (see the entry above), so the made-equal test is never true, and the original second clause never is either: no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (last.epoch > epoch || (last.epoch !== epoch && last.startOffset > startOffset)) kept--;',
    mutator: 'UpdateOperator',
    replacement: 'kept++',
    reason:
      "no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'const trimmed = kept === cache.length ? cache : cache.slice(0, kept);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'kept === cache.length',
    reason:
      "nothing is ever trimmed, so kept is the cache's length: no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'const trimmed = kept === cache.length ? cache : cache.slice(0, kept);',
    mutator: 'EqualityOperator',
    replacement: 'kept !== cache.length',
    reason:
      "nothing is ever trimmed, so this slices the whole cache: an equal array (no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims)",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'const trimmed = kept === cache.length ? cache : cache.slice(0, kept);',
    mutator: 'MethodExpression',
    replacement: 'cache',
    reason:
      "the slice runs only after a trim: no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (latestEpoch(trimmed) === epoch) return trimmed;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the cache never ends with the assigned epoch (callers assign only an epoch unlike the latest, and nothing is trimmed back to an entry of that epoch: no broker path ever trims the cache: every caller assigns at its log end, where no entry starts later (truncations drop entries at or past the new end, a power loss those past the surviving end), an epoch at least its latest (a leader's new epoch is above every epoch it knows; a follower appends only after reconciling with its leader, whose later records carry epochs at least the follower's latest, and an entry without records at the end is dropped by that reconciliation's truncation). Hunted with a counter on the loop on every Kafka mutation setup (150 runs each) and every catalogued variant (200 runs): 0 trims)",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (target >= log.records.length) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "no caller truncates past the log end (a follower's high watermark is clamped to its log, on restart too, and every target is a minimum with the log end), and at the log end the other branch builds an equal log: every record and the flushed length kept, the entries starting at the log end dropped",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (target >= log.records.length) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "no caller truncates past the log end (a follower's high watermark is clamped to its log, on restart too, and every target is a minimum with the log end), and at the log end the other branch builds an equal log",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (!log.epochCache.some((entry) => entry.startOffset >= end)) return log;',
    mutator: 'EqualityOperator',
    replacement: 'entry.startOffset < end',
    reason:
      "differs only when no entry starts before the log end, an empty log whose entries start at 0: one such entry, without records, is then kept where a follower's first fetched record starts the next epoch (the reviewed case of assignEpoch above: answers end at the same offset); reconciling again cannot loop on it, since an empty log's own answer always ends the truncation",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'epochCache: log.epochCache.filter((entry) => entry.startOffset < target),',
    mutator: 'EqualityOperator',
    replacement: 'entry.startOffset <= target',
    reason:
      "keeps an entry starting at the cut, now without records, at the log end: a truncation that asks again drops it at the next round (at the log end every entry there goes), one that fetches sees assignEpoch trim it when the first fetched record's epoch is older, or keeps it before a newer one (the reviewed entry without records at the next epoch's start): one more round trip at most",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (requestedEpoch === undefinedEpoch) return { epoch: undefinedEpoch, endOffset: undefinedOffset };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "no broker asks about UNDEFINED: a follower with an empty epoch cache truncates to its high watermark instead of asking, and the follower's own lookup passes a leader's answer only when its epoch is defined",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (requestedEpoch === undefinedEpoch) return { epoch: undefinedEpoch, endOffset: undefinedOffset };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'no broker asks about UNDEFINED (see the entry above): never run',
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (!higher) return { epoch: undefinedEpoch, endOffset: undefinedOffset };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "never asked about an epoch newer than every epoch known: a leader's cache holds its own epoch, above any a follower of it can hold, and a follower looks up the epoch its leader answered, at most its own latest (counted on every Kafka setup and variant: 0)",
  },
  {
    file: 'src/protocols/kafka/log.ts',
    line: 'if (!higher) return { epoch: undefinedEpoch, endOffset: undefinedOffset };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'never asked about an epoch newer than every epoch known (see the entry above): never run',
  },
  // Kafka controller.ts, issue 18 (2026-12-01, morning): the controller helper's review of the whole file's survivors.
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!registration.alive) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the tick also counts a fenced broker's ticks without a heartbeat and fences it again: nothing reads a fenced broker's counter (its next heartbeat registers it with a fresh one), and fencing it again changes no partition (it is already out of every ISR it is not the last member of, and leads none)",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (incarnation === registration.incarnation && registration.alive) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'incarnation === registration.incarnation && registration.alive',
    reason:
      'without the fast path, the general path below computes the same registration (the session renewed, the same state otherwise) and, when a resend is due, resends the same stale partitions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (incarnation === registration.incarnation && registration.alive) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'without the fast path, the general path below computes the same registration (the session renewed, the same state otherwise) and, when a resend is due, resends the same stale partitions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'const resendDue = now - registration.lastSyncTick >= metadataResendTicks;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'const resendDue = now - registration.lastSyncTick >= metadataResendTicks;',
    mutator: 'EqualityOperator',
    replacement: 'now - registration.lastSyncTick > metadataResendTicks',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'resendDue && state.durable.partitions.some((current, partition) => current.replicas.includes(from) && epochsStale(current, known[partition]));',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original:
      'resendDue && state.durable.partitions.some((current, partition) => current.replicas.includes(from) && epochsStale(current, known[partition]))',
    reason:
      'every heartbeat takes the general path, which computes the same registration (the session renewed, the same state otherwise) and resends the stale partitions only when a resend is due: the same',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'resendDue && state.durable.partitions.some((current, partition) => current.replicas.includes(from) && epochsStale(current, known[partition]));',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'current.replicas.includes(from) && epochsStale(current, known[partition])',
    reason: 'a due heartbeat takes the general path, which resends only the stale partitions the broker hosts: the same messages, the same state',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!stale) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'without the fast path, the general path below computes the same registration (the session renewed, the same state otherwise) and, when a resend is due, resends the same stale partitions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!stale) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'without the fast path, the general path below computes the same registration (the session renewed, the same state otherwise) and, when a resend is due, resends the same stale partitions',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (registration.ticksSinceHeartbeat === 0) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a session already at 0 ticks renewed again: an equal state (a new object with the same values)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (incarnation > registration.incarnation || !registration.alive) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'incarnation > registration.incarnation || !registration.alive',
    reason:
      'a live broker of the same incarnation registered again: register fences only a newer incarnation, and unfence finds no leaderless partition a live broker could lead (fencing elects any live candidate at once); only lastSyncTick differs: timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (incarnation > registration.incarnation || !registration.alive) {',
    mutator: 'EqualityOperator',
    replacement: 'incarnation >= registration.incarnation',
    reason:
      'a live broker of the same incarnation registered again: register fences only a newer incarnation, and unfence finds no leaderless partition a live broker could lead (fencing elects any live candidate at once); only lastSyncTick differs: timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (broker && now - broker.lastSyncTick >= metadataResendTicks) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'broker && now - broker.lastSyncTick >= metadataResendTicks',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (broker && now - broker.lastSyncTick >= metadataResendTicks) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'now - broker.lastSyncTick >= metadataResendTicks',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (broker && now - broker.lastSyncTick >= metadataResendTicks) {',
    mutator: 'LogicalOperator',
    replacement: 'broker || now - broker.lastSyncTick >= metadataResendTicks',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks); the registration always exists here',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (broker && now - broker.lastSyncTick >= metadataResendTicks) {',
    mutator: 'EqualityOperator',
    replacement: 'now - broker.lastSyncTick > metadataResendTicks',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (broker && now - broker.lastSyncTick >= metadataResendTicks) {',
    mutator: 'ArithmeticOperator',
    replacement: 'now + broker.lastSyncTick',
    reason:
      'timing only: the heartbeat resend of stale partitions comes at another due heartbeat (more or fewer resends of the current state, which a broker ignores unless newer; a broker that missed a decision still learns it, as the story lost-isr-change-resent-at-heartbeat checks)',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!current.replicas.includes(from) || work.changed.includes(partition) || !epochsStale(current, known[partition])) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current.replicas.includes(from) || work.changed.includes(partition) || !epochsStale(current, known[partition])',
    reason:
      'more resends only: a broker ignores a LeaderAndIsr of a partition it does not host or at epochs it already has, and one changed in this step carries what finish sends',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!current.replicas.includes(from) || work.changed.includes(partition) || !epochsStale(current, known[partition])) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current.replicas.includes(from) || work.changed.includes(partition)',
    reason:
      'more resends only: a broker ignores a LeaderAndIsr of a partition it does not host, and one changed in this step carries what finish sends',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!current || !sender) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current || !sender',
    reason: 'every AlterPartition names an existing partition and comes from a broker: the test is always false',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "if (!answered && operation.type === 'produce' && acksOf(context.config) === '0') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "the controller's own answer to an acks=0 produce is a shortcut: without it the request goes on to the partition's leader (or a broker that knows it), whose first step answers an unanswered acks=0 produce the same way (ok, no offset) before anything else; with no leader known the controller answers unknown, as a Kafka producer that has no leader to send to fails",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "reply: operation.type === 'consume' ? { outcome: 'fail', error: text } : { outcome: 'unknown', error: text },",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'consume'",
    reason:
      "every refusal here made unknown: both kinds are true (this attempt reached no leader; a produce's retry answered fail is recorded unknown), and unknown promises less than fail, as for the disabled test itself",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!registration) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'every operation names an existing partition (generated ones modulo the partition count, hand-written ones validated): the test is always false',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!answered) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'an answer to a request already answered (an acks=0 produce the controller or a broker answered, passed on with replied set) is for an operation the client has completed: the simulator drops it',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "error(`LEADER_NOT_AVAILABLE: partition ${operation.partition} has no leader (no in-sync replica [${registration.isr.join(',')}] is alive)`),",
    mutator: 'StringLiteral',
    replacement: '``',
    reason:
      "the failure's text only: the model's clients act on the outcome, and the property that reads the error code (controller-decisions-justified) objects to a refusal, not to a missing code",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: "error(`LEADER_NOT_AVAILABLE: partition ${operation.partition} has no leader (no in-sync replica [${registration.isr.join(',')}] is alive)`),",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "','",
    reason: "the failure's text only (the ISR list's separator)",
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!answered) actions.push(error(`NOT_LEADER_OR_FOLLOWER: the request for partition ${operation.partition} did not reach its leader`));',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'an answer to a request already answered (an acks=0 produce the controller or a broker answered, passed on with replied set) is for an operation the client has completed: the simulator drops it',
  },
  {
    file: 'src/protocols/kafka/controller.ts',
    line: 'if (!answered) actions.push(error(`NOT_LEADER_OR_FOLLOWER: the request for partition ${operation.partition} did not reach its leader`));',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: "the failure's text only: the model's clients act on the outcome",
  },
  // broker.ts shard 2/4, issue 18 (log/broker helper, 2026-12-01 morning).
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durable = durableLog === log ? state.durable : brokerDurable(state.durable, replaced(state.durable.logs, partition, log));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'durableLog === log',
    reason: 'a copy of the durable part with the same log at the same index: an equal state (the identity test only saves work)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'state.volatile.replicas[partition] === replica',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a copy of the volatile part with the same replica at the same index: an equal state (the identity test only saves work)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'EqualityOperator',
    replacement: 'message.currentLeaderEpoch <= replica.leaderEpoch',
    reason: "only a fetch whose epoch differs from the leader's gets here (the test above), so < and <= decide alike",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'FENCED_LEADER_EPOCH'",
    reason: 'a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike: it waits and fetches again at its next tick',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'UNKNOWN_LEADER_EPOCH'",
    reason: 'a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike: it waits and fetches again at its next tick',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!context.rules.truncateByLeaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'the correct rules set truncateByLeaderEpoch, so the test is false there anyway; only the variant that truncates to the high watermark takes the branch (made true, the mutant is killed)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!context.rules.truncateByLeaderEpoch) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'only the variant that truncates to the high watermark enters the block (the correct rules set truncateByLeaderEpoch)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: '} else if (!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch',
    reason:
      'false on the correct model: its rules set truncateAtDivergingEpoch, and a leader names the UNDEFINED epoch only with the UNDEFINED offset, which the branch above takes (endOffsetForEpoch, or an error answer handled before)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: '} else if (!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.leaderEpoch === undefinedEpoch',
    reason:
      'false on the correct model: its rules set truncateAtDivergingEpoch, and a leader names the UNDEFINED epoch only with the UNDEFINED offset, which the branch above takes (endOffsetForEpoch, or an error answer handled before)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: '} else if (!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch) {',
    mutator: 'LogicalOperator',
    replacement: '!context.rules.truncateAtDivergingEpoch && message.leaderEpoch === undefinedEpoch',
    reason:
      'false on the correct model: its rules set truncateAtDivergingEpoch, and a leader names the UNDEFINED epoch only with the UNDEFINED offset, which the branch above takes (endOffsetForEpoch, or an error answer handled before)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: '} else if (!context.rules.truncateAtDivergingEpoch || message.leaderEpoch === undefinedEpoch) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'the block is entered only by variants without truncateAtDivergingEpoch: false on the correct model: its rules set truncateAtDivergingEpoch, and a leader names the UNDEFINED epoch only with the UNDEFINED offset, which the branch above takes (endOffsetForEpoch, or an error answer handled before)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'target = Math.min(message.endOffset, logEndOffset);',
    mutator: 'MethodExpression',
    replacement: 'Math.max(message.endOffset, logEndOffset)',
    reason:
      "both lines with this text are unreachable on the correct model: the KIP-101-only branch (see the condition above) and a follower that does not know the epoch its leader named (the leader names an epoch at or below the follower's latest, which the follower's cache answers: its latest epoch with the log end, an older one with the start of a later one)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (own.endOffset === undefinedOffset) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "never true: the leader names an epoch at or below the one the follower asked about, its own latest, and endOffsetForEpoch answers such an epoch from the follower's cache (the latest with the log end, an older one with where a later one starts)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (own.endOffset === undefinedOffset) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "never true: the leader names an epoch at or below the one the follower asked about, its own latest, and endOffsetForEpoch answers such an epoch from the follower's cache (the latest with the log end, an older one with where a later one starts)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (record.producerId !== request.clientId) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "operation ids index the run's history, so they are unique across clients: a record whose sequence is the request's id is that producer's own",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'else if (record.sequence > request.operationId) newer = true;',
    mutator: 'EqualityOperator',
    replacement: 'record.sequence >= request.operationId',
    reason: 'the else of an equality test: an equal sequence never gets here',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!next || !log) return log;',
    mutator: 'LogicalOperator',
    replacement: '!next && !log',
    reason:
      "a broker's replica and log of a partition are both null (a partition it does not host) or both set: initBroker and restartBroker build replicas from logs",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!replica || !log) return replica;',
    mutator: 'LogicalOperator',
    replacement: '!replica && !log',
    reason:
      "a broker's replica and log of a partition are both null (a partition it does not host) or both set: initBroker and restartBroker build replicas from logs",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (replica.role.kind === 'follower') return followerTick(context, log, replica, partition, now, actions);",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'followerTick returns a replica that is not a follower as it is, first thing',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (replica.leaderEpoch === registration.leaderEpoch && replica.partitionEpoch === registration.partitionEpoch) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'replica.leaderEpoch === registration.leaderEpoch && replica.partitionEpoch === registration.partitionEpoch',
    reason:
      'handleLeaderAndIsr ignores a LeaderAndIsr whose epochs the replica already has, and every registration change bumps the partition epoch (decisions.ts), so equal partition epochs mean equal leader epochs',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (replica.leaderEpoch === registration.leaderEpoch && replica.partitionEpoch === registration.partitionEpoch) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'replica.leaderEpoch === registration.leaderEpoch',
    reason:
      'handleLeaderAndIsr ignores a LeaderAndIsr whose epochs the replica already has, and every registration change bumps the partition epoch (decisions.ts), so equal partition epochs mean equal leader epochs',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (replica.leaderEpoch === registration.leaderEpoch && replica.partitionEpoch === registration.partitionEpoch) continue;',
    mutator: 'EqualityOperator',
    replacement: 'replica.leaderEpoch !== registration.leaderEpoch',
    reason:
      'handleLeaderAndIsr ignores a LeaderAndIsr whose epochs the replica already has, and every registration change bumps the partition epoch (decisions.ts), so equal partition epochs mean equal leader epochs',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)",
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica || replica.role.kind !== 'leader') && !replica.replicas.includes(from)",
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica) && replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'leader'",
    reason:
      "with KIP-320's fencing (the correct rules) the fencing test below refuses every fetch this test refuses and a fetch can reach: only replicas fetch, and only from the leader their epoch names, which hosts the partition; a broker that no longer leads that epoch has a newer one, or -1 after a restart; the fenced answer is an error the follower treats like NOT_LEADER_OR_FOLLOWER",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'broker !== context.node && replicas.includes(broker)',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'broker !== context.node && replicas.includes(broker)',
    reason:
      "progress entries of the leader itself and of brokers outside the replicas are never read: every reader skips the leader (advanceHighWatermark, leaderTick, requestIsrChange), the ISR is a subset of the replicas, and a non-replica's fetch is refused before its entry is touched",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'broker !== context.node && replicas.includes(broker)',
    mutator: 'LogicalOperator',
    replacement: 'broker !== context.node || replicas.includes(broker)',
    reason:
      "progress entries of the leader itself and of brokers outside the replicas are never read: every reader skips the leader (advanceHighWatermark, leaderTick, requestIsrChange), the ISR is a subset of the replicas, and a non-replica's fetch is refused before its entry is touched",
  },
  // zookeeper.ts shard 1/4, second pass (Kafka control-plane helper, issue 18, 2026-12-01 06:30).
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'leader-and-isr' && message.controllerEpoch !== undefined) {",
    mutator: 'LogicalOperator',
    replacement: "message.type === 'leader-and-isr' || message.controllerEpoch !== undefined",
    reason:
      'of the messages a ZooKeeper-mode broker receives only LeaderAndIsr and its response carry a controllerEpoch, and the response is taken by the branch above (metadata-fetch-response is KRaft only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'unanswered: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "a new controller's retry list gets an entry that is no broker: nothing reads the list before its first sendDecisions (no retry while lastSent is null, no response of its epoch yet), which drops it as no live broker",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const controller = role ? { ...role, dirty: true, writing: null, resync: union(role.resync, role.writing?.registered ?? []) } : null;',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: "the controller's resync list gets an entry that is no broker id: it is only matched against broker ids, which never equal it",
  },
  // broker.ts shard 2/4: timeouts of the first run that survived when run alone.
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'broker !== context.node && replicas.includes(broker)',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'broker !== context.node',
    reason: "the leader's own progress entry is never read: every reader skips the leader (advanceHighWatermark, leaderTick, requestIsrChange)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason: 'only replicas fetch, and only from the leader their epoch names, which hosts the partition: log and replica are never missing here',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('NOT_LEADER_OR_FOLLOWER', [], 0, 0)] };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike: it waits and fetches again at its next tick',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'which of the two fencing errors is sent changes nothing: a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'which of the two fencing errors is sent changes nothing: a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "const error = message.currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';",
    mutator: 'EqualityOperator',
    replacement: 'message.currentLeaderEpoch >= replica.leaderEpoch',
    reason: 'which of the two fencing errors is sent changes nothing: a follower treats every fetch error but OFFSET_OUT_OF_RANGE alike',
  },
  // zookeeper.ts, shard 4/4 triaged by the control-plane helper (kafka-cp-mut), 2026-12-01 late morning.
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (text === null || !text.startsWith('{')) return { controllerEpoch: 0, image: initialImage(config) };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'text === null',
    reason:
      "/state exists in every server's tree from the start (the ZAB data tree is created with it) and nothing deletes it: the text is never null",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return decodeState(config, state.volatile.tree.nodes.get(statePath)?.data ?? null);',
    mutator: 'OptionalChaining',
    replacement: 'state.volatile.tree.nodes.get(statePath).data',
    reason:
      "/state exists in every server's tree from the start (the ZAB data tree is created with it) and nothing deletes it: the text is never null",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "workload: 'controller',",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the ZAB server code never reads its config's workload (only the standalone protocol's workload generator does); brokers send their own requests",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "variant: 'correct',",
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "the ZAB step code reads its rules (correctZabRules, passed beside it), never the variant's name",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const output: ZabOutput | null = reply.outcome === 'ok' ? reply.output : null;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "a failure reply carries no output: the message's output is undefined instead of null, and the broker reads it only as `output?.type`",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const error = reply.outcome === 'ok' ? '' : reply.error;",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a zk-response's error text is read by nobody but the message's description (a trace's text): the broker acts on the outcome and the output",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const error = reply.outcome === 'ok' ? '' : reply.error;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a zk-response's error text is read by nobody but the message's description (a trace's text): the broker acts on the outcome and the output",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const error = reply.outcome === 'ok' ? '' : reply.error;",
    mutator: 'EqualityOperator',
    replacement: "reply.outcome !== 'ok'",
    reason:
      "a zk-response's error text is read by nobody but the message's description (a trace's text): the broker acts on the outcome and the output",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const error = reply.outcome === 'ok' ? '' : reply.error;",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "a zk-response's error text is read by nobody but the message's description (a trace's text): the broker acts on the outcome and the output",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const error = reply.outcome === 'ok' ? '' : reply.error;",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason:
      "a zk-response's error text is read by nobody but the message's description (a trace's text): the broker acts on the outcome and the output",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'pinging.pings++;',
    mutator: 'UpdateOperator',
    replacement: 'pinging.pings--',
    reason: 'pings alternate by the parity of the count only: counting down from 0 gives 0, -1, -2 ..., whose `% 2 === 0` alternates the same way',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!registration || !broker?.alive) return null;',
    mutator: 'OptionalChaining',
    replacement: 'broker.alive',
    reason: '`to` is always a broker of the image (a replica or a broker the controller registered), so its entry exists',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'role.lastSent === null',
    reason:
      'lastSent and unanswered are set together (sendDecisions) and reset together (a new controller role): while lastSent is null there is nothing to retry',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message) actions.push({ kind: 'send', to: broker, message });",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'every unanswered entry names a broker alive in lastSent (sendDecisions drops the others and adds only brokers it could address), so the message is never null here',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'resync: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: "the controller's resync list gets an entry that is no broker id: it is only matched against broker ids, which never equal it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'zk = { ...zk, controller: { ...sendDecisions(role, current, unsent, role.resync, actions), resync: [] } };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: "the controller's resync list gets an entry that is no broker id: it is only matched against broker ids, which never equal it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return [...left, ...right.filter((broker) => !left.includes(broker))];',
    mutator: 'MethodExpression',
    replacement: 'right',
    reason:
      "a broker listed twice in the resync list changes nothing: it is only asked `includes`, and sendDecisions sends each replica's LeaderAndIsr once per partition whatever the list",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (message) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the broker reads itself as this partition's leader in the /state it just read, and a leader in /state is always alive there (fencing a broker moves its leaderships away or leaves none), so the message is never null",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "message.type === 'zab' || message.type === 'zk-request'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "message.type === 'zab'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "message.type === 'zk-request'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "message.type === 'zab' && message.type === 'zk-request'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zab'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zk-request'",
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' || message.type === 'zk-request') return { state, actions: [] };",
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'a broker never receives ZAB or zk-request messages: servers send ZAB messages to servers only and brokers send zk-request to servers only, so the test is false whatever it says',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return context.rules.registrationHasBrokerEpoch ? `${brokerIdsPath}/${context.node}.${incarnation}` : `${brokerIdsPath}/${context.node}`;',
    mutator: 'StringLiteral',
    replacement: '``',
    original: '`${brokerIdsPath}/${context.node}`',
    reason: 'only the zk-registration-without-epoch variant registers without a broker epoch; the correct rules never take this branch',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch)',
    reason:
      "the controller resends LeaderAndIsr of partitions whose leader did not change: each carries the committed /state's current registration, which a replica already holds or takes as it would from the next round (more LeaderAndIsr in flight, never other ones)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch',
    reason:
      "the controller resends LeaderAndIsr of partitions whose leader did not change: each carries the committed /state's current registration, which a replica already holds or takes as it would from the next round (more LeaderAndIsr in flight, never other ones)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'EqualityOperator',
    replacement: 'sent.leader === registration.leader',
    reason:
      "the controller resends LeaderAndIsr of partitions whose leader did not change: each carries the committed /state's current registration, which a replica already holds or takes as it would from the next round (more LeaderAndIsr in flight, never other ones)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'EqualityOperator',
    replacement: 'sent.leaderEpoch === registration.leaderEpoch',
    reason:
      "the controller resends LeaderAndIsr of partitions whose leader did not change: each carries the committed /state's current registration, which a replica already holds or takes as it would from the next round (more LeaderAndIsr in flight, never other ones)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'sent.leader !== registration.leader',
    reason:
      'a leader change always moves the leader epoch on (decisions.ts `update`), so comparing the leader epochs alone finds every partition whose leader changed',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return sent && (sent.leader !== registration.leader || sent.leaderEpoch !== registration.leaderEpoch) ? [partition] : [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'a partition list with an entry that is no partition index: sendDecisions only asks it `includes` of real indices, so it adds nothing',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "actions: replied ? [] : [clientError(request, 'OUT_OF_ORDER_SEQUENCE_NUMBER: a later batch of this producer is already in the log')],",
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    reason:
      'the refusal of an older batch answers an operation that is already answered: a client has one operation outstanding and retries it until it is answered, and its operation ids are its sequence numbers, so a newer batch of the same producer in the log means that client moved on, and the simulator drops an answer to a completed operation (the branch itself is killed: made false, producer-order-kept breaks)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "actions: replied ? [] : [clientError(request, 'OUT_OF_ORDER_SEQUENCE_NUMBER: a later batch of this producer is already in the log')],",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'the refusal of an older batch answers an operation that is already answered: a client has one operation outstanding and retries it until it is answered, and its operation ids are its sequence numbers, so a newer batch of the same producer in the log means that client moved on, and the simulator drops an answer to a completed operation (the branch itself is killed: made false, producer-order-kept breaks)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!registration || !broker?.alive) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!registration || !broker?.alive',
    reason:
      "a LeaderAndIsr also goes to a broker the committed /state has fenced, carrying that broker's last registered epoch: a restarted broker (a new epoch) ignores it as stale, a down one never gets it, and a fenced one still running takes the committed registration it would get from the controller once registered again (leadership only moves away from it, epochs forward); the retry list keeps the pair until answered or the broker is dropped (sendDecisions filters by alive). Nothing but messages in flight changes",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!registration || !broker?.alive) return null;',
    mutator: 'LogicalOperator',
    replacement: '!registration && !broker?.alive',
    reason:
      "a LeaderAndIsr also goes to a broker the committed /state has fenced, carrying that broker's last registered epoch: a restarted broker (a new epoch) ignores it as stale, a down one never gets it, and a fenced one still running takes the committed registration it would get from the controller once registered again (leadership only moves away from it, epochs forward); the retry list keeps the pair until answered or the broker is dropped (sendDecisions filters by alive). Nothing but messages in flight changes",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0',
    reason:
      'LeaderAndIsr retried more often than every leaderAndIsrRetryTicks ticks: each retry carries the same registration of the last /state sent, which a broker that has it ignores (same leader and partition epochs) and answers; the retry list is empty until something was sent (lastSent is set with it), so no retry reads a null lastSent. More messages in flight, never other ones',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;',
    mutator: 'LogicalOperator',
    replacement: 'role.lastSent === null && role.activeTicks % leaderAndIsrRetryTicks !== 0',
    reason:
      'LeaderAndIsr retried more often than every leaderAndIsrRetryTicks ticks: each retry carries the same registration of the last /state sent, which a broker that has it ignores (same leader and partition epochs) and answers; the retry list is empty until something was sent (lastSent is set with it), so no retry reads a null lastSent. More messages in flight, never other ones',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'role.activeTicks % leaderAndIsrRetryTicks !== 0',
    reason:
      'LeaderAndIsr retried more often than every leaderAndIsrRetryTicks ticks: each retry carries the same registration of the last /state sent, which a broker that has it ignores (same leader and partition epochs) and answers; the retry list is empty until something was sent (lastSent is set with it), so no retry reads a null lastSent. More messages in flight, never other ones',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (role.lastSent === null || role.activeTicks % leaderAndIsrRetryTicks !== 0) return;',
    mutator: 'EqualityOperator',
    replacement: 'role.activeTicks % leaderAndIsrRetryTicks === 0',
    reason:
      'LeaderAndIsr retried more often than every leaderAndIsrRetryTicks ticks: each retry carries the same registration of the last /state sent, which a broker that has it ignores (same leader and partition epochs) and answers; the retry list is empty until something was sent (lastSent is set with it), so no retry reads a null lastSent. More messages in flight, never other ones',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch',
    reason:
      'the leader whose ISR read found another zkVersion takes the /state it read in more cases (not only while it still leads in the same epoch): that registration is committed (a ZooKeeper read), a LeaderAndIsr of an older leader epoch is ignored and a newer one is what the controller sends it next, with the same controller epoch check; it only learns a committed state sooner. leaderAndIsrFor gives nothing for a missing registration or a fenced broker',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration?.leader === context.node',
    reason:
      'the leader whose ISR read found another zkVersion takes the /state it read in more cases (not only while it still leads in the same epoch): that registration is committed (a ZooKeeper read), a LeaderAndIsr of an older leader epoch is ignored and a newer one is what the controller sends it next, with the same controller epoch check; it only learns a committed state sooner. leaderAndIsrFor gives nothing for a missing registration or a fenced broker',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration.leaderEpoch === wanted.leaderEpoch',
    reason:
      'the leader whose ISR read found another zkVersion takes the /state it read in more cases (not only while it still leads in the same epoch): that registration is committed (a ZooKeeper read), a LeaderAndIsr of an older leader epoch is ignored and a newer one is what the controller sends it next, with the same controller epoch check; it only learns a committed state sooner. leaderAndIsrFor gives nothing for a missing registration or a fenced broker',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {',
    mutator: 'OptionalChaining',
    replacement: 'registration.leader',
    reason:
      'the leader whose ISR read found another zkVersion takes the /state it read in more cases (not only while it still leads in the same epoch): that registration is committed (a ZooKeeper read), a LeaderAndIsr of an older leader epoch is ignored and a newer one is what the controller sends it next, with the same controller epoch check; it only learns a committed state sooner. leaderAndIsrFor gives nothing for a missing registration or a fenced broker',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (registration?.leader === context.node && registration.leaderEpoch === wanted.leaderEpoch) {',
    mutator: 'LogicalOperator',
    replacement: 'registration?.leader === context.node || registration.leaderEpoch === wanted.leaderEpoch',
    reason:
      'the leader whose ISR read found another zkVersion takes the /state it read in more cases (not only while it still leads in the same epoch): that registration is committed (a ZooKeeper read), a LeaderAndIsr of an older leader epoch is ignored and a newer one is what the controller sends it next, with the same controller epoch check; it only learns a committed state sooner. leaderAndIsrFor gives nothing for a missing registration or a fenced broker',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerKnown: true,',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "the elected controller forgets that it knows the controller: once its first round is done and it has nothing else to ask, it runs for /controller again, finds it its own ('taken' by itself, the same controller epoch) and starts its role afresh: a second first round that reads what it wrote, finds nothing to change and resends every partition's LeaderAndIsr (the retry list refilled with them); more requests and messages, the same decisions and epochs",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (operation.partition >= context.config.partitionCount) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist (and the request passed on unanswered reaches a controller that refuses it the same way)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return {',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original:
      '{ state, actions: answered ? actions : [clientError(request, `UNKNOWN_TOPIC_OR_PARTITION: partition ${operation.partition} does not exist`)], }',
    reason: "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'actions: answered ? actions : [clientError(request, `UNKNOWN_TOPIC_OR_PARTITION: partition ${operation.partition} does not exist`)],',
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    reason: "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'actions: answered ? actions : [clientError(request, `UNKNOWN_TOPIC_OR_PARTITION: partition ${operation.partition} does not exist`)],',
    mutator: 'StringLiteral',
    replacement: '``',
    reason: "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (durable === state.durable && volatile === state.volatile) return state;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'withPartition returns a fresh object with the same durable and volatile parts instead of the state itself: equal states (the simulator and the ghost compare node states by value where it matters; identity only lets the incremental ghost skip work)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (role.kind !== 'leader') return replica;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'leader'",
    reason:
      "every caller passes a leader (a leader's fetch handling, an ISR change of the leader, a new leader, a leader serving a produce): the role test is always false here, and made false changes nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (role.kind !== 'leader') return replica;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'leader'",
    reason:
      "every caller passes a leader (a leader's fetch handling, a leader's tick): the role test is always false here, and made false changes nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (role.kind !== 'leader') return replica;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'leader'",
    reason: 'the only caller (brokerTick) calls it for a leader: the role test is always false here, and made false changes nothing',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'leader'",
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica) && replica.role.kind !== 'leader'",
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'leader'",
    reason:
      "the only caller (brokerHandlesClient) calls it only when this broker's replica of the partition is a leader, and a broker holds a log exactly for the partitions it has a replica of: the test is always false here, so its mutants and its body change nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'answered = true;',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "with acks=0 the producer is answered at once; forgetting that it was answered only lets a later path answer the same operation again (an error, or a retry's offset), and the simulator keeps a client's first answer and drops the rest",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (operation.partition >= context.config.partitionCount) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist (and the request passed on unanswered reaches a controller that refuses it the same way)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (operation.partition >= context.config.partitionCount) {',
    mutator: 'EqualityOperator',
    replacement: 'operation.partition > context.config.partitionCount',
    reason:
      "unreachable: the workload builds every operation's partition modulo partitionCount, so no request names a partition that does not exist (and the request passed on unanswered reaches a controller that refuses it the same way)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'checkpointDue && log.checkpointedHighWatermark !== next.highWatermark',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR); written more often, never, or only when unchanged, it changes nothing but where a restarted broker's HW starts",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR); written more often, never, or only when unchanged, it changes nothing but where a restarted broker's HW starts",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);',
    mutator: 'LogicalOperator',
    replacement: 'checkpointDue || log.checkpointedHighWatermark !== next.highWatermark',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR); written more often, never, or only when unchanged, it changes nothing but where a restarted broker's HW starts",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'log.checkpointedHighWatermark !== next.highWatermark',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR); written more often, never, or only when unchanged, it changes nothing but where a restarted broker's HW starts",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (checkpointDue && log.checkpointedHighWatermark !== next.highWatermark) return logWithCheckpoint(log, next.highWatermark);',
    mutator: 'EqualityOperator',
    replacement: 'log.checkpointedHighWatermark === next.highWatermark',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): the checkpoint is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR); written more often, never, or only when unchanged, it changes nothing but where a restarted broker's HW starts",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);',
    mutator: 'MethodExpression',
    replacement: 'logs.every((log, partition) => log !== state.durable.logs[partition])',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): brokerTick's logs change only by checkpoints, so a durable part kept or renewed here only writes the checkpoint more often or never; it is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): brokerTick's logs change only by checkpoints, so a durable part kept or renewed here only writes the checkpoint more often or never; it is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): brokerTick's logs change only by checkpoints, so a durable part kept or renewed here only writes the checkpoint more often or never; it is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): brokerTick's logs change only by checkpoints, so a durable part kept or renewed here only writes the checkpoint more often or never; it is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const durableChanged = logs.some((log, partition) => log !== state.durable.logs[partition]);',
    mutator: 'EqualityOperator',
    replacement: 'log === state.durable.logs[partition]',
    reason:
      "the high-watermark checkpoint's timing only (as the directive on checkpointDue above says): brokerTick's logs change only by checkpoints, so a durable part kept or renewed here only writes the checkpoint more often or never; it is a lower bound a restarted broker starts from (a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!byIncarnation) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'a cache of broker contexts (no state of the model): rebuilt at every call, it gives contexts with the same fields',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (candidate <= replica.highWatermark) return replica;',
    mutator: 'EqualityOperator',
    replacement: 'candidate < replica.highWatermark',
    reason:
      'at a candidate equal to the high watermark the same high watermark is set again, and no waiting produce is below it (each was answered in the step the high watermark passed it, as waiting-producers-answered checks): an equal replica, no action',
  },
  // broker.ts shard 3/4 and zookeeper.ts shard 4/4, the kafka-mut helper's review (2026-12-01, evening): code only variants reach, a restarted
  // broker's state before its first LeaderAndIsr that nothing reads, and the doubled ZooKeeper failure detectors whose change is only when.
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return { state, actions: [respond(error, [], 0, 0)] };',
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    original: '[respond(error, [], 0, 0)]',
    reason:
      'a fetch refused for its leader epoch (FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH) only lets the follower ask again at its next tick instead of requestRetryTicks after sending: it records no progress at the leader and the follower waits for newer metadata either way (timing only, one tick)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return { state, actions: [respond(error, [], 0, 0)] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason: 'the records of a fetch refused for its leader epoch: a follower reads no record of an error response (it only waits and asks again)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.fetchOffset > logEndOffset) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.fetchOffset > logEndOffset) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('OFFSET_OUT_OF_RANGE', [], replica.highWatermark, logEndOffset)] };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('OFFSET_OUT_OF_RANGE', [], replica.highWatermark, logEndOffset)] };",
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('OFFSET_OUT_OF_RANGE', [], replica.highWatermark, logEndOffset)] };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('OFFSET_OUT_OF_RANGE', [], replica.highWatermark, logEndOffset)] };",
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "the leader's OFFSET_OUT_OF_RANGE answer to a follower's fetch is code only the variants without epoch-based truncation reach: with KIP-279 (the correct rules) a follower fetches only after truncating to its leader's end offset of its latest epoch, which is within the leader's log, and appends only what that leader sent, while a leader's log only grows within its epoch (a restarted leader is fenced and comes back in a new epoch); never reached in 4,500 runs of every Kafka mutation setup with the branch made to throw (2026-12-01, evening)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'partitionEpoch: -1,',
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason:
      "a restarted broker's partition epoch before its first LeaderAndIsr is read only by its heartbeat's resend test, which its leader epoch -1 fails already (the controller's is never negative), and by the epoch check of a LeaderAndIsr, which compares partition epochs only within the same leader epoch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'isr: [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "a restarted broker's ISR before its first LeaderAndIsr, which replaces it: only a leader reads its own ISR (to serve, expand, shrink and advance the high watermark), and a replica without a role leads nothing",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replicas: assignment[partition] ?? [],',
    mutator: 'LogicalOperator',
    replacement: 'assignment[partition] && []',
    reason:
      "a restarted broker's replica list before its first LeaderAndIsr, which replaces it: only a leader reads it (which fetches it serves); a replica without a role serves no fetch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'replicas: assignment[partition] ?? [],',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason: 'the fallback of a partition the assignment does not list: every partition in range is assigned, so it is never taken',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "role: { kind: 'none' },",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "a role of no kind acts as 'none' wherever the step code and the properties look (they test for 'leader' and 'follower' only); only a transcript's role text would show it",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "role: { kind: 'none' },",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "a role of no kind acts as 'none' wherever the step code and the properties look (they test for 'leader' and 'follower' only); only a transcript's role text would show it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (message.path === controllerPath) zk = resign(zk);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.path === controllerPath',
    reason:
      'a broker that ignores the /controller watch notices a vanished /controller at its next ping of it (pings alternate between its registration and /controller, and every ping answer that says gone resigns): a later failover, never another one (timing only: in 230 generated ZooKeeper runs no broker ever held a vanished /controller for a step)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (message.path === controllerPath) zk = resign(zk);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.path === controllerPath',
    reason:
      "every watch makes the broker run for /controller again: a broker that does not hold it is told 'taken' again; the controller, whose ephemeral /controller is still its own while its session lives, takes it back in the same epoch and sends every partition again (more rounds and messages, the same decisions)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (message.path === controllerPath) zk = resign(zk);',
    mutator: 'EqualityOperator',
    replacement: 'message.path !== controllerPath',
    reason:
      'the /controller watch is noticed at the next ping of /controller instead (timing only), and every other watch makes the broker run for /controller again, which it takes back in the same epoch if it held it (more rounds, the same decisions)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.path.startsWith(brokerIdsPath) && !message.children',
    reason:
      "a broker that ignores its registration's watch notices the vanished registration at its next ping of it, which re-creates it: a later re-registration, never another one (timing only)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.path.startsWith(brokerIdsPath) && !message.children',
    reason:
      'every other watch makes the broker re-create its registration, which exists and is answered node-exists, taken as registered: one request more, nothing changed',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'LogicalOperator',
    replacement: 'message.path.startsWith(brokerIdsPath) || !message.children',
    reason:
      'more watches make the broker re-create its registration, which exists and is answered node-exists, taken as registered: one request more, nothing changed',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'MethodExpression',
    replacement: 'message.path.endsWith(brokerIdsPath)',
    reason:
      "only /brokers/ids itself ends so, and its watch is a children watch: the registration's watch is ignored, and the next ping of the registration notices it gone and re-creates it (timing only)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'BooleanLiteral',
    replacement: 'message.children',
    original: '!message.children',
    reason:
      "the registration's own watch is ignored (its next ping notices it gone and re-creates it: timing only), and the controller's children watch on /brokers/ids makes it re-create its registration, answered node-exists: one request more",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "return request(context, pinging, 'ping', { type: 'exists', path, watch: true }, actions);",
    mutator: 'BooleanLiteral',
    replacement: 'false',
    original: 'true',
    reason:
      'pings that arm no watch: a vanished registration or /controller is noticed by the answer to the next ping of it instead of by the watch (timing only: each ping checks the path it asks about)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!progress || progress.logEndOffset === null) return replica;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!progress || progress.logEndOffset === null',
    reason:
      'an ISR member whose log end the leader has not heard yet: Math.min(candidate, null) is 0, so the candidate never passes the high watermark and the replica comes back unchanged as when returned here; and every ISR member has a progress entry (freshFollowers covers every replica, and the ISR is within the replicas)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!progress || progress.logEndOffset === null) return replica;',
    mutator: 'LogicalOperator',
    replacement: '!progress && progress.logEndOffset === null',
    reason:
      'an ISR member whose log end the leader has not heard yet: Math.min(candidate, null) is 0, so the candidate never passes the high watermark and the replica comes back unchanged as when returned here; and every ISR member has a progress entry (freshFollowers covers every replica, and the ISR is within the replicas)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!progress || progress.logEndOffset === null) return replica;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'progress.logEndOffset === null',
    reason:
      'an ISR member whose log end the leader has not heard yet: Math.min(candidate, null) is 0, so the candidate never passes the high watermark and the replica comes back unchanged as when returned here; and every ISR member has a progress entry (freshFollowers covers every replica, and the ISR is within the replicas)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const incarnations = isr.map((member) => (member === context.node ? context.incarnation : (role.followers[member]?.incarnation ?? -1)));',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'member === context.node',
    reason:
      "the leader's own broker epoch in its AlterPartition: the controller checks the broker epoch only of members joining the ISR, and the leader is always in the current ISR (leader-in-isr); it is sent as -1 instead",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const incarnations = isr.map((member) => (member === context.node ? context.incarnation : (role.followers[member]?.incarnation ?? -1)));',
    mutator: 'OptionalChaining',
    replacement: 'role.followers[member].incarnation',
    reason:
      'every ISR member but the leader is a replica with a progress entry (freshFollowers covers every replica), so the fallback and the optional chain are never needed',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const incarnations = isr.map((member) => (member === context.node ? context.incarnation : (role.followers[member]?.incarnation ?? -1)));',
    mutator: 'UnaryOperator',
    replacement: '+1',
    original: '-1',
    reason:
      'every ISR member but the leader is a replica with a progress entry (freshFollowers covers every replica), so the fallback and the optional chain are never needed',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (now - role.pendingIsr.sentAtTick < requestRetryTicks * 2) return replica;',
    mutator: 'EqualityOperator',
    replacement: 'now - role.pendingIsr.sentAtTick <= requestRetryTicks * 2',
    reason:
      'how often a lost AlterPartition is sent again (every tick, or after 1, 4 or 5 ticks): the controller takes the first copy it gets and refuses the later ones as stale (the partition epoch has moved on), so only the moment the ISR change lands moves (timing only; a send that is never repeated is another mutant)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'done || latestEpoch(truncated.epochCache) === undefinedEpoch',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'latestEpoch(truncated.epochCache) === undefinedEpoch',
    reason:
      'a follower whose truncation emptied its epoch cache asks its leader once more, about no epoch, and is told no offset: it truncates to its high watermark, which the clamp above made 0 for the empty log, and starts fetching (one round trip more, the same log)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const progressed = message.records.length > 0 || highWatermark !== replica.highWatermark;',
    mutator: 'EqualityOperator',
    replacement: 'message.records.length <= 0',
    reason:
      "whether a follower fetches again at once or at its next tick after a fetch response (Kafka's fetch.max.wait): the same fetches, sooner or later (timing only)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const progressed = message.records.length > 0 || highWatermark !== replica.highWatermark;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'highWatermark !== replica.highWatermark',
    reason:
      "whether a follower fetches again at once or at its next tick after a fetch response (Kafka's fetch.max.wait): the same fetches, sooner or later (timing only)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.leaderEpoch === replica.leaderEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.leaderEpoch === replica.leaderEpoch',
    reason:
      "a same-epoch LeaderAndIsr (an ISR change the controller applied) taken as a new leadership: the leader keeps its log, epoch cache (the epoch is already its latest) and waiting produces, and starts its followers' progress, lag clocks and epoch start afresh, so its high watermark, ISR shrinks and expansions wait for their next fetches; a follower asks where the epoch ends (at the leader's log end, nothing to cut) and fetches again: later, never other decisions (timing only)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.leaderEpoch === replica.leaderEpoch) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "a same-epoch LeaderAndIsr (an ISR change the controller applied) taken as a new leadership: the leader keeps its log, epoch cache (the epoch is already its latest) and waiting produces, and starts its followers' progress, lag clocks and epoch start afresh, so its high watermark, ISR shrinks and expansions wait for their next fetches; a follower asks where the epoch ends (at the leader's log end, nothing to cut) and fetches again: later, never other decisions (timing only)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (unansweredFetches >= 2) {',
    mutator: 'EqualityOperator',
    replacement: 'unansweredFetches > 2',
    reason:
      'a KRaft broker tries the next controller after three unanswered metadata fetches instead of two: the same switch a heartbeat later (timing only; never switching is another mutant)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!replicaSet.includes(context.node)) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!replicaSet.includes(context.node)',
    reason:
      "a broker outside a partition's replicas gets an empty log and a follower role for it: the leader refuses its fetches (not a replica), so it never holds a record, no controller sends it the partition or counts it in an ISR, its heartbeat's epochs for it are ignored, and after a restart it stays without a role",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!replicaSet.includes(context.node)) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "a broker outside a partition's replicas gets an empty log and a follower role for it: the leader refuses its fetches (not a replica), so it never holds a record, no controller sends it the partition or counts it in an ISR, its heartbeat's epochs for it are ignored, and after a restart it stays without a role",
  },
  // kraft.ts shard 4/4, measured this evening (kafka-mut): the answer of a controller that is not active (its unanswered
  // variant, timing only, shares its line text with the active controller's answer, so it stays a survivor).
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "const message: Message = { type: 'metadata-fetch-response', controllerEpoch, leader, appliedIndex, snapshot: null, batches: [] };",
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason:
      "a controller that is not active sends no batch a broker could apply: an element without an index ends the broker's loop over the batches at once (its index is never the next one), so nothing is applied, as with none",
  },
  // broker.ts shard 4/4 (kafka-broker, 2026-12-01 late night; docs/mutation.md): timing only, unreachable branches, guards a later test subsumes.
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'logs.push(isLeader ? { ...emptyLog, epochCache: [{ epoch: 0, startOffset: 0 }] } : emptyLog);',
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    original: '[{ epoch: 0, startOffset: 0 }]',
    reason:
      "timing only: the first leader's epoch entry (epoch 0 from offset 0) is what appendRecords adds with its first record anyway; before any record, a broker with an empty log that follows a later epoch truncates to 0 and fetches either way (the entry costs it one OffsetsForLeaderEpoch round trip)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!isKraft(config)) return null;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!isKraft(config)',
    reason:
      'a metadata cache outside KRaft names the controller the broker uses anyway: with the abstract controller controllerNodes is [the controller], which ignores metadata fetches; in ZooKeeper mode it names a ZooKeeper server, as controllerNode does, and zookeeper.ts drops or re-routes every send to a server; only more ignored messages are in flight',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'controller: controllerNodes(config)[0] ?? 0,',
    mutator: 'LogicalOperator',
    replacement: 'controllerNodes(config)[0] && 0',
    original: 'controllerNodes(config)[0] ?? 0',
    reason:
      'timing only: a KRaft broker with separate controllers first addresses broker 0, which ignores heartbeats and metadata fetches; after two unanswered fetches it moves to controllers[indexOf(0) + 1] = the first controller (in combined mode the first controller is node 0 anyway)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (replica.role.kind !== 'leader' || replica.role.pendingIsr === null) return replica.isr;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'leader'",
    reason:
      "maximalIsr is only called with a leader's replica (advanceHighWatermark after its own role test, and the transcript's leader text), so the role test is never true",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (done.length === 0) return replicaWith(replica, highWatermark, role);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'done.length === 0',
    reason:
      'with no waiting produce passed, the general path builds the same replica: no answer, the same purgatory (a copy) and the same role fields',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'message.fetchOffset >= logEndOffset',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.fetchOffset >= logEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'LogicalOperator',
    replacement: 'previous || message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    original: 'previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms); previous is never null here (see line 440's entry), so this is the test made true",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'EqualityOperator',
    replacement: 'message.fetchOffset > previous.lastFetchLeaderLogEndOffset',
    original: 'message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': previous && message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    mutator: 'EqualityOperator',
    replacement: 'message.fetchOffset < previous.lastFetchLeaderLogEndOffset',
    original: 'message.fetchOffset >= previous.lastFetchLeaderLogEndOffset',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: '? Math.max(previous.lastCaughtUpTick, previous.lastFetchTick)',
    mutator: 'MethodExpression',
    replacement: 'Math.min(previous.lastCaughtUpTick, previous.lastFetchTick)',
    original: 'Math.max(previous.lastCaughtUpTick, previous.lastFetchTick)',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner, later or never changes only how long acks=all produces wait and how often the ISR shrinks and grows, which Kafka leaves to the setting (a silent follower is still dropped; live-follower-dropped did not collapse)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': (previous?.lastCaughtUpTick ?? now);',
    mutator: 'LogicalOperator',
    replacement: 'previous?.lastCaughtUpTick && now',
    original: 'previous?.lastCaughtUpTick ?? now',
    reason:
      "timing only: when a follower that keeps fetching but lags is dropped from the ISR (replica.lag.time.max.ms): its caught-up time becomes now (or tick 0). A fetch returns the leader's whole log, so such a follower holds it at its next fetch; dropping it sooner or later changes only how long acks=all produces wait and how often the ISR shrinks and grows",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: ': (previous?.lastCaughtUpTick ?? now);',
    mutator: 'OptionalChaining',
    replacement: 'previous.lastCaughtUpTick',
    original: 'previous?.lastCaughtUpTick',
    reason:
      "a fetch gets here only from one of the partition's replicas (the first test), and a leader keeps a progress entry for every replica but itself (freshFollowers over the same replicas), so previous is never null",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return !progress || now - progress.lastCaughtUpTick > context.config.replicaLagTimeTicksMax;',
    mutator: 'EqualityOperator',
    replacement: 'now - progress.lastCaughtUpTick >= context.config.replicaLagTimeTicksMax',
    original: 'now - progress.lastCaughtUpTick > context.config.replicaLagTimeTicksMax',
    reason: 'timing only: a lagging follower is dropped from the ISR one tick sooner (replica.lag.time.max.ms is a setting)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (replica.leader === null) return replica;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'replica.leader === null',
    reason:
      "askForDivergence is only called with a known leader: becomeFollower after handleLeaderAndIsr's null-leader case, followerHandlesDivergence with the response's sender as leader, followerTick for a follower (a follower role comes only with a leader, and a leader change is a new leader epoch)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "!log || !replica || replica.role.kind !== 'follower'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.kind !== 'follower'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "replica.role.phase !== 'truncating'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica || replica.role.kind !== 'follower') && replica.role.phase !== 'truncating'",
    original: "!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: "(!log || !replica) && replica.role.kind !== 'follower'",
    original: "!log || !replica || replica.role.kind !== 'follower'",
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'follower' || replica.role.phase !== 'truncating') return { state, actions: [] };",
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    original: '!log || !replica',
    reason:
      "subsumed by the next line's test: only a follower in its truncating phase has a requestedEpoch a response can name (a leader's and a none role have none, a fetching follower's is -1, and a follower asks only about an epoch its log has), and only a broker hosting the partition (with its log) ever asked",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (from !== replica.leader || message.requestedEpoch !== replica.role.requestedEpoch) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'from !== replica.leader',
    reason:
      "a response that passes the epoch test below (the follower's current leader epoch echoed) answers a request sent to that epoch's leader, and a leader epoch has one leader: the sender is the follower's leader",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (role.kind !== 'follower') return replica;",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "role.kind !== 'follower'",
    reason: 'followerTick is only called for a follower (brokerTick tests the role first)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (role.requestSentAtTick !== null && now - role.requestSentAtTick < requestRetryTicks) return replica;',
    mutator: 'EqualityOperator',
    replacement: 'now - role.requestSentAtTick <= requestRetryTicks',
    original: 'now - role.requestSentAtTick < requestRetryTicks',
    reason: 'timing only: an unanswered OffsetsForLeaderEpoch or Fetch is sent again one tick later',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const records = operation.fromOffset >= replica.highWatermark ? [] : log.records.slice(operation.fromOffset, replica.highWatermark);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'operation.fromOffset >= replica.highWatermark',
    reason: 'a slice from an offset at or past the high watermark up to it is empty anyway',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const records = operation.fromOffset >= replica.highWatermark ? [] : log.records.slice(operation.fromOffset, replica.highWatermark);',
    mutator: 'EqualityOperator',
    replacement: 'operation.fromOffset > replica.highWatermark',
    original: 'operation.fromOffset >= replica.highWatermark',
    reason: 'a slice from an offset at or past the high watermark up to it is empty anyway',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (acks !== 'all') return { state: withPartition(state, partition, appended, replica), actions: acks === '1' ? answer(offset) : [] };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "acks === '1'",
    reason: 'with acks=0 the producer was answered already (brokerHandlesClient sets replied before serving), so answer() adds nothing',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const target = replica && replica.leader !== null && replica.leader !== context.node ? replica.leader : context.controller;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'replica.leader !== context.node',
    reason:
      "a broker that knows itself as the partition's leader has the leader role (handleLeaderAndIsr gives it with the metadata), and a leader is served above, so the test is never false here",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (hops >= forwardHopsMax) {',
    mutator: 'EqualityOperator',
    replacement: 'hops > forwardHopsMax',
    original: 'hops >= forwardHopsMax',
    reason:
      'timing only: a request is passed on once more before NOT_LEADER_OR_FOLLOWER, whose outcome is unknown for a produce and certain for a consume either way; the client retries',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!answered)',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: '!answered',
    reason: "a second answer is dropped: the simulator keeps a client's first answer, and answered says one was given",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'ticksSinceCheckpoint: checkpointDue ? 0 : state.volatile.ticksSinceCheckpoint + 1,',
    mutator: 'ArithmeticOperator',
    replacement: 'state.volatile.ticksSinceCheckpoint - 1',
    original: 'state.volatile.ticksSinceCheckpoint + 1',
    reason:
      "timing only: the high watermark is then checkpointed at every tick (interval 1) or never; the checkpoint is only a lower bound a restarted broker starts from (the directive on checkpointDue): a follower takes the leader's HW at its first fetch, a leader recomputes it from its ISR",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (now % context.config.brokerHeartbeatIntervalTicks !== 0) return { state: next, actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'now % context.config.brokerHeartbeatIntervalTicks !== 0',
    reason:
      'timing only: a heartbeat (and in KRaft a metadata fetch) at every tick instead of every broker.heartbeat.interval.ms (every setup heartbeats at every tick anyway)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (cache === null || message.controllerEpoch < cache.controllerEpoch) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'cache === null',
    reason: 'only a KRaft broker, which has a metadata cache, gets metadata-fetch responses: it alone sends metadata fetches',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (known) return known;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'known',
    reason: 'a fresh context with the same fields: the cache only saves an allocation',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'heartbeat':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'heartbeat'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'metadata-fetch':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'metadata-fetch'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'raft':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'raft'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'zab':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zab'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'zk-request':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zk-request'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'zk-response':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zk-response'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'zk-watch':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'zk-watch'",
    reason:
      "a broker never receives this message: heartbeats, metadata fetches, Raft and ZooKeeper traffic go to controllers and servers (zookeeper.ts and combined.ts route a node's inputs before stepBroker), so the case label is never compared",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (cache === null || message.controllerEpoch < cache.controllerEpoch) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'cache === null || message.controllerEpoch < cache.controllerEpoch',
    reason:
      "timing only (KAFKA-14154's test): a metadata response of an older controller epoch carries only committed metadata (an active controller serves readCommitted, a non-active one sends no batch and names the leader it believes in), applied in index order, never backwards; taking it changes only which controller the broker addresses next, and it moves on after two unanswered fetches",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (cache === null || message.controllerEpoch < cache.controllerEpoch) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.controllerEpoch < cache.controllerEpoch',
    reason:
      "timing only (KAFKA-14154's test): a metadata response of an older controller epoch carries only committed metadata (an active controller serves readCommitted, a non-active one sends no batch and names the leader it believes in), applied in index order, never backwards; taking it changes only which controller the broker addresses next, and it moves on after two unanswered fetches",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (cache === null || message.controllerEpoch < cache.controllerEpoch) return { state, actions: [] };',
    mutator: 'LogicalOperator',
    replacement: 'cache === null && message.controllerEpoch < cache.controllerEpoch',
    original: 'cache === null || message.controllerEpoch < cache.controllerEpoch',
    reason:
      "timing only (KAFKA-14154's test): a metadata response of an older controller epoch carries only committed metadata (an active controller serves readCommitted, a non-active one sends no batch and names the leader it believes in), applied in index order, never backwards; taking it changes only which controller the broker addresses next, and it moves on after two unanswered fetches",
  },
  // zookeeper.ts shards 1/4 and 4/4 (kafka-zk, 2026-12-01 late night): the detectors and rounds the new ZooKeeper stories
  // showed to work (the ping's 'gone' path, a refused read of the registrations), so each mutant below only changes when.
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (input.peer < first) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a broker's disconnect (peer below brokerCount) reaches ZAB as a negative peer: ZAB's disconnect acts only on the link to its leader or to a learner (servers 0 to n-1), so it ignores it, as the adapter did",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'for (const event of stepped.state.volatile.watchEvents.slice(-fired)) {',
    mutator: 'MethodExpression',
    replacement: 'stepped.state.volatile.watchEvents',
    reason:
      "each new watch event goes out with the server's last ones again (it keeps 16): a client takes a watch event as 'check again' (the controller runs another round, /controller is run for again and kept while it is its own, a registration is created again and exists already), so repeats only add work, never another decision",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a failed request that is not one of the controller's rounds (a ping, a registration, an ISR read or write) also restarts its round: it holds no write then (one request is outstanding at a time), so this only adds a round",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "outstanding.purpose === 'read-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'EqualityOperator',
    replacement: "outstanding.purpose !== 'read-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'read-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "outstanding.purpose === 'write-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'EqualityOperator',
    replacement: "outstanding.purpose !== 'write-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const controllerRound = outstanding.purpose === 'read-brokers' || outstanding.purpose === 'read-state' || outstanding.purpose === 'write-state';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'write-state'",
    reason:
      "the controller reads /state and writes it at the server that answered its read of the registrations with a watch in the same round (a reconnect abandons the request and restarts the round): that server drops its watches with a disconnected event when it stops serving, and any change to /state or the registrations fires them, either of which restarts the round, so a refused read of /state or a write answered 'unknown' is always accompanied by an event that restarts the round (story zookeeper-controller-read-refused kills the read of the registrations, which has no watch yet; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (output.result === 'taken') {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a 'stale-epoch' answer (/controller free, the epoch moved under the request) is also taken as /controller held: the broker pings instead of running again, and its ping of /controller finds it gone (story zookeeper-controller-gone-while-cut-off shows that path works) and sends it to run again: only when it runs changes",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (output.result === 'taken') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a broker that lost the election (/controller taken by another) keeps /controller believed free: its next idle request runs for /controller again instead of pinging. controllerElect keeps its session alive as a ping does and wins as soon as /controller is gone, and a registration lost meanwhile is found by the write's timeout and reconnect (a server out of the quorum drops writes unanswered) instead of by the ping: only when it notices changes, which no property bounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (output.result === 'taken') {",
    mutator: 'EqualityOperator',
    replacement: "output.result !== 'taken'",
    reason:
      "a broker that lost the election (/controller taken by another) keeps /controller believed free: its next idle request runs for /controller again instead of pinging. controllerElect keeps its session alive as a ping does and wins as soon as /controller is gone, and a registration lost meanwhile is found by the write's timeout and reconnect (a server out of the quorum drops writes unanswered) instead of by the ping: only when it notices changes, which no property bounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (output.result === 'taken') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "a broker that lost the election (/controller taken by another) keeps /controller believed free: its next idle request runs for /controller again instead of pinging. controllerElect keeps its session alive as a ping does and wins as soon as /controller is gone, and a registration lost meanwhile is found by the write's timeout and reconnect (a server out of the quorum drops writes unanswered) instead of by the ping: only when it notices changes, which no property bounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (output.result === 'taken') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "a broker that lost the election (/controller taken by another) keeps /controller believed free: its next idle request runs for /controller again instead of pinging. controllerElect keeps its session alive as a ping does and wins as soon as /controller is gone, and a registration lost meanwhile is found by the write's timeout and reconnect (a server out of the quorum drops writes unanswered) instead of by the ping: only when it notices changes, which no property bounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'zk = { ...zk, controllerKnown: true, controller: null };',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "a broker that lost the election (/controller taken by another) keeps /controller believed free: its next idle request runs for /controller again instead of pinging. controllerElect keeps its session alive as a ping does and wins as soon as /controller is gone, and a registration lost meanwhile is found by the write's timeout and reconnect (a server out of the quorum drops writes unanswered) instead of by the ping: only when it notices changes, which no property bounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerKnown: controller !== null,',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "after a reconnect, whether /controller is believed held only decides the broker's next idle request: a controller that believes it free runs again and gets 'taken' by itself, which keeps it the controller (a new role that sends every partition again); a broker that believes it held pings /controller at its new server, which finds it gone (the ping's path, which story zookeeper-controller-gone-while-cut-off exercises) or arms a watch there: only when a failover starts changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerKnown: controller !== null,',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "after a reconnect, whether /controller is believed held only decides the broker's next idle request: a controller that believes it free runs again and gets 'taken' by itself, which keeps it the controller (a new role that sends every partition again); a broker that believes it held pings /controller at its new server, which finds it gone (the ping's path, which story zookeeper-controller-gone-while-cut-off exercises) or arms a watch there: only when a failover starts changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerKnown: controller !== null,',
    mutator: 'EqualityOperator',
    replacement: 'controller === null',
    reason:
      "after a reconnect, whether /controller is believed held only decides the broker's next idle request: a controller that believes it free runs again and gets 'taken' by itself, which keeps it the controller (a new role that sends every partition again); a broker that believes it held pings /controller at its new server, which finds it gone (the ping's path, which story zookeeper-controller-gone-while-cut-off exercises) or arms a watch there: only when a failover starts changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'let brokersChanged = false;',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      "a round that changes nothing writes /state anyway (the same image and controller epoch, at the next version) and sends what the unchanged path sends, since the write path adds the unsent leader changes and the resync list: a leader's ISR write that loses the race to it reads the same epochs again and writes again, so only the /state version and timing differ (the failover story ends at /state version 8 instead of 5: no endless rewriting; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!decided.changed) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a round that changes nothing writes /state anyway (the same image and controller epoch, at the next version) and sends what the unchanged path sends, since the write path adds the unsent leader changes and the resync list: a leader's ISR write that loses the race to it reads the same epochs again and writes again, so only the /state version and timing differ (the failover story ends at /state version 8 instead of 5: no endless rewriting; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!decided.changed) {',
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      "a round that changes nothing writes /state anyway (the same image and controller epoch, at the next version) and sends what the unchanged path sends, since the write path adds the unsent leader changes and the resync list: a leader's ISR write that loses the race to it reads the same epochs again and writes again, so only the /state version and timing differ (the failover story ends at /state version 8 instead of 5: no endless rewriting; the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (version !== null) return zk;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "every ping answer is taken as 'gone': the broker creates again a registration that exists (node-exists counts as registered) or runs for /controller again (a controller resigns, is answered 'taken' by itself and keeps the role with a new round that sends every partition again); pings go out only while no request is outstanding, so no write is dropped: only extra requests and rounds (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'else if (message.path.startsWith(brokerIdsPath) && !message.children) zk = { ...zk, registered: false };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      "a registration's deletion reported by a watch is ignored: the broker's next ping of its registration finds it gone (the path story zookeeper-server-cut-off-session-lost exercises) and it registers again, so only when it notices changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the nine stories broke nothing)",
  },
  // broker.ts shard 2/4 (kafka-broker, 2026-12-01 late night; docs/mutation.md).

  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const truncated = message.logEndOffset < log.records.length ? truncateTo(log, message.logEndOffset) : log;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.logEndOffset < log.records.length',
    reason:
      "a follower gets OFFSET_OUT_OF_RANGE only when it fetched past its leader's log end, which with KIP-279's truncation never happens (the leader's side of this answer is a reviewed equivalent: made to throw, it was never reached in 4,500 runs of every Kafka mutation setup); no mutation hunt executed this line",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const truncated = message.logEndOffset < log.records.length ? truncateTo(log, message.logEndOffset) : log;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'message.logEndOffset < log.records.length',
    reason:
      "a follower gets OFFSET_OUT_OF_RANGE only when it fetched past its leader's log end, which with KIP-279's truncation never happens (the leader's side of this answer is a reviewed equivalent: made to throw, it was never reached in 4,500 runs of every Kafka mutation setup); no mutation hunt executed this line",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const truncated = message.logEndOffset < log.records.length ? truncateTo(log, message.logEndOffset) : log;',
    mutator: 'EqualityOperator',
    replacement: 'message.logEndOffset <= log.records.length',
    original: 'message.logEndOffset < log.records.length',
    reason:
      "a follower gets OFFSET_OUT_OF_RANGE only when it fetched past its leader's log end, which with KIP-279's truncation never happens (the leader's side of this answer is a reviewed equivalent: made to throw, it was never reached in 4,500 runs of every Kafka mutation setup); no mutation hunt executed this line",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'const truncated = message.logEndOffset < log.records.length ? truncateTo(log, message.logEndOffset) : log;',
    mutator: 'EqualityOperator',
    replacement: 'message.logEndOffset >= log.records.length',
    original: 'message.logEndOffset < log.records.length',
    reason:
      "a follower gets OFFSET_OUT_OF_RANGE only when it fetched past its leader's log end, which with KIP-279's truncation never happens (the leader's side of this answer is a reviewed equivalent: made to throw, it was never reached in 4,500 runs of every Kafka mutation setup); no mutation hunt executed this line",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'disconnect':",
    mutator: 'ConditionalExpression',
    replacement: "case 'disconnect':",
    original: "case 'disconnect': return { state, actions: [] };",
    reason:
      "a broker's step never gets a disconnect: the simulator breaks connections only on FIFO links, which only ZooKeeper mode has, and there stepZkBroker handles the disconnect before stepBroker",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "case 'disconnect':",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'disconnect'",
    reason:
      "a broker's step never gets a disconnect: the simulator breaks connections only on FIFO links, which only ZooKeeper mode has, and there stepZkBroker handles the disconnect before stepBroker",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (!log || !replica || replica.role.kind !== 'leader' || !replica.replicas.includes(from)) {",
    mutator: 'BlockStatement',
    replacement: '{}',
    original: "{ return { state, actions: [respond('NOT_LEADER_OR_FOLLOWER', [], 0, 0)] }; }",
    reason:
      "the fencing test below answers such a fetch instead (FENCED or UNKNOWN_LEADER_EPOCH: a broker that is not the leader of the sender's epoch knows another epoch, since an epoch has one leader, and no broker outside the replicas fetches), and a follower treats every fetch error alike (it fetches again at its next tick)",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "return { state, actions: [respond('NOT_LEADER_OR_FOLLOWER', [], 0, 0)] };",
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    original: "[respond('NOT_LEADER_OR_FOLLOWER', [], 0, 0)]",
    reason:
      'timing only: an unanswered fetch is sent again after requestRetryTicks, an error answer makes the follower fetch again at its next tick (it treats every fetch error alike)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (request) actions.push(request);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'request',
    reason:
      'startFetching is only called for a follower whose leader is another broker (becomeFollower after the null-leader case, a divergence response from the leader, followerTick for a follower), so request is never null',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (latestEpoch(log.epochCache) === undefinedEpoch) {',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'latestEpoch(log.epochCache) === undefinedEpoch',
    reason:
      'timing only: a follower with no epoch (an empty log, since every appended record adds its epoch) asks about epoch -1; the leader knows no end for it, so the follower truncates to its high watermark (0 on an empty log) and fetches, as the skipped branch does, one OffsetsForLeaderEpoch round trip later',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.leaderEpoch === replica.leaderEpoch && message.partitionEpoch <= replica.partitionEpoch) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.leaderEpoch === replica.leaderEpoch',
    reason:
      "a newer leader epoch always comes with a newer partition epoch (every leader change is a partition change, which bumps it in decisions.ts and in ZooKeeper's znode version), so the partition-epoch test alone ignores the same LeaderAndIsr",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (image === cache.image) return { state: updated, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'image === cache.image',
    reason:
      "acting on an unchanged image changes nothing: every partition's epochs already match what the broker acted on, so actOnImage skips them all",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (image === cache.image) return { state: updated, actions: [] };',
    mutator: 'EqualityOperator',
    replacement: 'image !== cache.image',
    original: 'image === cache.image',
    reason:
      'timing only: a new image is acted on at the next metadata response instead of this one (the cache keeps it, and an unchanged image is acted on), one heartbeat later',
  },
  // zookeeper.ts shard 2/4 (kafka-zk, 2026-12-01 late night): adapter routing that never meets the other case, the
  // parse guard of /brokers/ids children only brokers create, variant-only code, and answers whose handling is doubled.
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (zab.durable !== state.durable.zab) return fromZab(zab);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the server's state wrapped anew instead of kept: the same durable and volatile parts, so only object identity differs, which no step or property reads for a verdict (identity only skips work)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return zab.volatile === state.volatile ? state : { durable: state.durable, volatile: zab.volatile };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the server's state wrapped anew instead of kept: the same durable and volatile parts, so only object identity differs, which no step or property reads for a verdict (identity only skips work)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "actions: [{ kind: 'reply', operationId: input.request.operationId, reply: { outcome: 'fail', error: 'not a broker: a ZooKeeper server' } }],",
    mutator: 'ArrayDeclaration',
    replacement: '[]',
    reason:
      "a client request that reaches a ZooKeeper server is left unanswered instead of refused: the operation stays pending and the client retries it at the next node it reaches (the liveness phase's probe retries too), as after any lost answer; no property requires a refusal (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' && input.from >= first) {",
    mutator: 'LogicalOperator',
    replacement: "message.type === 'zab' || input.from >= first",
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' && input.from >= first) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'zab'",
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'zab' && input.from >= first) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'input.from >= first',
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (message.type === 'zk-request' && input.from < first) {",
    mutator: 'EqualityOperator',
    replacement: 'input.from <= first',
    reason: 'a zk-request never comes from server 0 (node brokerCount): servers send no zk-request',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'for (const [broker, incarnation] of (role.registrations ?? []).entries()) {',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'decide runs only in a round whose read of the registrations set them (read-state follows read-brokers, and a reconnect or a failure restarts the round from it), so the empty fallback is never used',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!known) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      '/state lists a registration for every broker below brokerCount (the image is created with every broker) and the registrations read are indexed the same way, so known is always defined',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (known.alive) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "a broker already fenced is fenced again while its registration is gone: fence leaves its partitions as they are (out of every ISR but a last member's, no partition it leads), so the round only rewrites an unchanged /state, as a round that always writes does (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const lost = zk.controller.writing?.registered ?? [];',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'the lost-registration default is used only when no write is held, and its bogus element joins the resync list, which is only ever compared with replica ids: it matches none, so nothing more is sent',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'registrations[id] = Math.max(registrations[id] ?? -1, epoch);',
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason: 'registrations holds -1 or an epoch at every index the guard lets through, so the ?? fallback is never used',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const version = context.rules.conditionalIsrWrite ? output.version : -1;',
    mutator: 'UnaryOperator',
    replacement: '+1',
    reason: 'only the zk-unconditional-isr-write variant writes the ISR without a version',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.isrRequest && zk.isrWriting && output?.type === 'setData' && output.ok) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'zk.isrRequest && zk.isrWriting',
    reason:
      "the leader's ISR request and the state it wrote are both set whenever an isr-write answer is handled: only a successful write clears the request, and a reconnect, which clears the state written, also abandons the request, whose answer is then ignored",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.isrRequest && zk.isrWriting && output?.type === 'setData' && output.ok) {",
    mutator: 'LogicalOperator',
    replacement: 'zk.isrRequest || zk.isrWriting',
    reason:
      "the leader's ISR request and the state it wrote are both set whenever an isr-write answer is handled: only a successful write clears the request, and a reconnect, which clears the state written, also abandons the request, whose answer is then ignored",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.isrRequest && zk.isrWriting && output?.type === 'setData' && output.ok) {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the leader's successful ISR write is not applied from its answer: its ISR request stays, so its next request reads /state again, finds its own write (a new partition epoch, the same leader epoch) and takes that state as the success path would; only when the leader applies its new ISR changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing with the answer ignored)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "received.kind === 'receive' && received.message.type === 'leader-and-isr'",
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'receive'",
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "received.message.type === 'leader-and-isr'",
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'EqualityOperator',
    replacement: "received.message.type !== 'leader-and-isr'",
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "received.kind === 'receive' && received.message.type === 'leader-and-isr' && !context.rules.registrationHasBrokerEpoch",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'leader-and-isr'",
    reason:
      "the test ends with !registrationHasBrokerEpoch, false under the correct rules (only the pre-KIP-380 variant stamps a LeaderAndIsr with the receiving life's epoch): a mutant of the other operands leaves the whole test false",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: '? { ...received, message: { ...received.message, brokerIncarnation: state.durable.broker.incarnation } }',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ ...received, message: { ...received.message, brokerIncarnation: state.durable.broker.incarnation } }',
    reason: "only the variant without broker epochs (registrationHasBrokerEpoch false) stamps a LeaderAndIsr with the receiving life's epoch",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: '? { ...received, message: { ...received.message, brokerIncarnation: state.durable.broker.incarnation } }',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ ...received.message, brokerIncarnation: state.durable.broker.incarnation }',
    reason: "only the variant without broker epochs (registrationHasBrokerEpoch false) stamps a LeaderAndIsr with the receiving life's epoch",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'LogicalOperator',
    replacement: '(id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0) && id >= registrations.length',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'LogicalOperator',
    replacement: '(id === undefined || epoch === undefined || !Number.isInteger(id)) && id < 0',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id)',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'LogicalOperator',
    replacement: '(id === undefined || epoch === undefined) && !Number.isInteger(id)',
    original: 'id === undefined || epoch === undefined || !Number.isInteger(id)',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id === undefined || epoch === undefined',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'LogicalOperator',
    replacement: 'id === undefined && epoch === undefined',
    original: 'id === undefined || epoch === undefined',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id === undefined',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'epoch === undefined',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id < 0',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'id >= registrations.length',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (id === undefined || epoch === undefined || !Number.isInteger(id) || id < 0 || id >= registrations.length) continue;',
    mutator: 'EqualityOperator',
    replacement: 'id > registrations.length',
    original: 'id >= registrations.length',
    reason:
      'only brokers create children of /brokers/ids, each named <id>.<broker epoch> with 0 <= id < brokerCount: the guard against malformed children never holds, so weakening or removing any part of it changes nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "zk = request(context, zk, 'read-state', { type: 'getData', path: statePath, watch: true }, actions);",
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason:
      "the controller reads /state without a watch, so a change to /state starts no round: its changes are a leader's ISR write, which asks the controller for nothing (it sends no LeaderAndIsr for it), and another controller's write, which comes after that controller took /controller, which this one's /controller watch and ping report; the rounds it owes brokers come from its watch on the registrations (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "zk = request(context, zk, 'isr-write', { type: 'setData', path: statePath, data: encodeState(data), version }, actions);",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'isr-write'",
    reason:
      "the leader's successful ISR write is not applied from its answer: its ISR request stays, so its next request reads /state again, finds its own write (a new partition epoch, the same leader epoch) and takes that state as the success path would; only when the leader applies its new ISR changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing with the answer ignored)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "case 'isr-write':",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the leader's successful ISR write is not applied from its answer: its ISR request stays, so its next request reads /state again, finds its own write (a new partition epoch, the same leader epoch) and takes that state as the success path would; only when the leader applies its new ISR changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing with the answer ignored)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.isrRequest && zk.isrWriting && output?.type === 'setData' && output.ok) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the leader's successful ISR write is not applied from its answer: its ISR request stays, so its next request reads /state again, finds its own write (a new partition epoch, the same leader epoch) and takes that state as the success path would; only when the leader applies its new ISR changes (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing with the answer ignored)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (action.kind !== 'send' || action.to < context.config.brokerCount) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "the messages a broker addresses to the abstract controller (node brokerCount, ZooKeeper server 0 in this mode) reach that server, which ignores them (it reads only zab and zk-request messages), instead of being dropped or rerouted: heartbeats and AlterPartition are unused here (the ISR request was captured before), and a client request passed on is lost there instead of reaching the partition's first replica, which leaves the operation pending for the client's retry, as a lost message does (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (action.kind !== 'send' || action.to < context.config.brokerCount) {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the messages a broker addresses to the abstract controller (node brokerCount, ZooKeeper server 0 in this mode) reach that server, which ignores them (it reads only zab and zk-request messages), instead of being dropped or rerouted: heartbeats and AlterPartition are unused here (the ISR request was captured before), and a client request passed on is lost there instead of reaching the partition's first replica, which leaves the operation pending for the client's retry, as a lost message does (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (action.kind !== 'send' || action.to < context.config.brokerCount) {",
    mutator: 'EqualityOperator',
    replacement: 'action.to <= context.config.brokerCount',
    reason:
      "the messages a broker addresses to the abstract controller (node brokerCount, ZooKeeper server 0 in this mode) reach that server, which ignores them (it reads only zab and zk-request messages), instead of being dropped or rerouted: heartbeats and AlterPartition are unused here (the ISR request was captured before), and a client request passed on is lost there instead of reaching the partition's first replica, which leaves the operation pending for the client's retry, as a lost message does (the three ZooKeeper setups by hand, 150 runs each on seed 11, and the ten stories broke nothing)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const role: ControllerRole = { ...ticked.controller, activeTicks: ticked.controller.activeTicks + 1 };',
    mutator: 'ArithmeticOperator',
    replacement: 'ticked.controller.activeTicks - 1',
    reason:
      'activeTicks only feeds two remainders (the LeaderAndIsr retry and the preferred-leader check), which counting down gives at the same ticks (in JavaScript -n % k is -0, equal to 0)',
  },
  // decisions.ts shard 1/4 (kafka-broker, 2026-12-01 late night).
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!current) return;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current',
    reason:
      "register is only called for a broker id of the cluster (a heartbeat's sender, a broker), and the work holds a registration for every broker, so current is never undefined",
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!current.replicas.includes(member)) return false;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!current.replicas.includes(member)',
    reason:
      "a leader asks only for replicas: its ISR change is the committed ISR less laggards, or plus a follower whose fetch it took, and it takes fetches only from the partition's replicas",
  },
  // zookeeper.ts shard 2/4, its timeouts re-run alone (kafka-zk, late night): survivors of the same kinds.
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (message.type === 'zk-request' && input.from < first) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'zk-request' && input.from < first",
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (message.type === 'zk-request' && input.from < first) {",
    mutator: 'LogicalOperator',
    replacement: "message.type === 'zk-request' || input.from < first",
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (message.type === 'zk-request' && input.from < first) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "message.type === 'zk-request'",
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "} else if (message.type === 'zk-request' && input.from < first) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'input.from < first',
    reason:
      "brokers send servers only zk-request messages and servers send each other only zab messages (brokers get zk-response and zk-watch), so a message's type and its sender's side always agree: testing either alone, or neither, routes every message as before",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerKnown: false,',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      'a fresh client that believes /controller held pings /controller before running for it: the ping finds it gone (the path story zookeeper-controller-gone-while-cut-off exercises) or arms a watch on it, so the broker runs once /controller is free, a request or two later: only timing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.setup === 0) return request(context, zk, 'setup', { type: 'create', path: brokersPath, data: '', sequential: false }, actions);",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'the data of /brokers and /brokers/ids is never read (only their children are)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (zk.setup === 1) return request(context, zk, 'setup', { type: 'create', path: brokerIdsPath, data: '', sequential: false }, actions);",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'the data of /brokers and /brokers/ids is never read (only their children are)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const unanswered = role.unanswered.filter(([broker]) => data.image.brokers[broker]?.alive);',
    mutator: 'MethodExpression',
    replacement: 'role.unanswered',
    reason:
      'the retry list keeps brokers that are no longer alive: a retry to them sends nothing (leaderAndIsrFor gives no message for a broker not alive in the state sent), so only the list is longer',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const unanswered = role.unanswered.filter(([broker]) => data.image.brokers[broker]?.alive);',
    mutator: 'OptionalChaining',
    replacement: 'data.image.brokers[broker].alive',
    reason: "/state lists every broker below brokerCount and the retry list holds only replicas, so the broker's entry is always there",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const changed = role.lastSent === null || changedPartitions.includes(partition);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "every sendDecisions sends every partition to every replica, as a new controller's first round does: the current state, which a replica already has (a LeaderAndIsr of its current leader and partition epochs changes nothing) or missed, and retries until answered: only more messages",
  },
  // zookeeper.ts shard 3/4 (kafka-zk, 2026-12-02 small hours): unreachable routing, identity shortcuts, timing of doubled
  // detectors (a broken link noticed by the request timeout, a registration believed made found gone by the next ping),
  // order of turns, duplicates in the retry list, routing of forwarded client requests.
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "unreachable: a server receives only zab from other servers and zk-request from brokers (a broker's rewrite drops every other message it would send to a node at or above brokerCount, and servers send brokers only zk-response and zk-watch), so the fall-through of these two routing tests is never taken",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'return { state, actions: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      "unreachable: a server receives only zab from other servers and zk-request from brokers (a broker's rewrite drops every other message it would send to a node at or above brokerCount, and servers send brokers only zk-response and zk-watch), so the fall-through of these two routing tests is never taken",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (known) return known;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: "the server's ZAB context is rebuilt equal at every call instead of cached (contexts hold no model state)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'controllerWentLast: false,',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      'a fresh client has neither a controller role nor an ISR request; the flag only orders a controller round against a waiting ISR write when both wait, so starting it true lets the first such ISR write go before the first round: the order of one turn (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const durable: ZkBrokerDurable = broker.durable === state.durable.broker ? state.durable : { kind: 'zk-broker', broker: broker.durable };",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a new durable wrapper around the same broker durable state instead of the old wrapper: equal values (an identity shortcut; the checks that skip unchanged slots only check more)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const path = zk.pings % 2 === 0 ? registrationPath(context, incarnation) : controllerPath;',
    mutator: 'EqualityOperator',
    replacement: 'zk.pings % 2 !== 0',
    reason:
      'pings start with /controller instead of the registration and still alternate between the two, each with a watch: the order of two checks (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!changed && !registered.includes(replica)) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "every sendDecisions sends every partition to every replica, as a new controller's first round does: the current state, which a replica already has (a LeaderAndIsr of its current leader and partition epochs changes nothing) or missed, and retries until answered: only more messages",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!unanswered.some(([broker, queued]) => broker === replica && queued === partition)) unanswered.push([replica, partition]);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: '!unanswered.some(([broker, queued]) => broker === replica && queued === partition)',
    reason:
      "the retry list may hold a (broker, partition) twice: the retry sends the same LeaderAndIsr twice in one step (a duplicate a broker handles as the first: the same epochs change nothing) and the answer's filter removes every copy, so only more messages (the list is bounded by the rounds before an answer)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!unanswered.some(([broker, queued]) => broker === replica && queued === partition)) unanswered.push([replica, partition]);',
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "the retry list may hold a (broker, partition) twice: the retry sends the same LeaderAndIsr twice in one step (a duplicate a broker handles as the first: the same epochs change nothing) and the answer's filter removes every copy, so only more messages (the list is bounded by the rounds before an answer)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (!unanswered.some(([broker, queued]) => broker === replica && queued === partition)) unanswered.push([replica, partition]);',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'broker === replica && queued === partition',
    reason:
      "the retry list may hold a (broker, partition) twice: the retry sends the same LeaderAndIsr twice in one step (a duplicate a broker handles as the first: the same epochs change nothing) and the answer's filter removes every copy, so only more messages (the list is bounded by the rounds before an answer)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const changed = brokersChanged || work.changed.length > 0 || current.controllerEpoch !== role.epoch;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'brokersChanged || work.changed.length > 0 || current.controllerEpoch !== role.epoch',
    reason:
      "a round that changes nothing writes /state anyway (the same image and controller epoch, at the next version), as the reviewed '!decided.changed' made false does: a leader's ISR write that loses the race reads the same epochs again and writes again, so only the /state version and timing differ",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'const changed = brokersChanged || work.changed.length > 0 || current.controllerEpoch !== role.epoch;',
    mutator: 'EqualityOperator',
    replacement: 'work.changed.length >= 0',
    reason:
      "a round that changes nothing writes /state anyway (the same image and controller epoch, at the next version), as the reviewed '!decided.changed' made false does: a leader's ISR write that loses the race reads the same epochs again and writes again, so only the /state version and timing differ",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (output?.type === 'create' && (output.ok || output.error === 'node-exists')) zk = { ...zk, registered: true };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "output?.type === 'create' && (output.ok || output.error === 'node-exists')",
    reason:
      'a registration answered without success (a refused or unknown create) is believed made: the next ping of the registration (pings alternate between it and /controller) finds it gone and the broker creates it again: a later registration (timing only; the story zookeeper-restart-answers-unknown replays such an answer)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (output?.type === 'create' && (output.ok || output.error === 'node-exists')) zk = { ...zk, registered: true };",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "output.ok || output.error === 'node-exists'",
    reason:
      "once the setup made /brokers and /brokers/ids (persistent, never deleted), a registration's create under a valid path can fail only with node-exists: the other create errors (no-parent, bad-arguments) never answer it",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (output.result === 'elected' || (output.result === 'taken' && output.controller === context.node)) {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: "output.result === 'elected'",
    reason:
      "an election won ('elected') is not taken as won: the broker runs again at its next request and is answered 'taken' by itself in the same controller epoch (the /controller it made holds its id), which makes it controller in that epoch: one request later (timing only)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (output.result === 'elected' || (output.result === 'taken' && output.controller === context.node)) {",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'elected'",
    reason:
      "an election won ('elected') is not taken as won: the broker runs again at its next request and is answered 'taken' by itself in the same controller epoch (the /controller it made holds its id), which makes it controller in that epoch: one request later (timing only)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (output.result === 'elected' || (output.result === 'taken' && output.controller === context.node)) {",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: "output.result === 'taken'",
    reason:
      "the results are elected, taken and stale-epoch, and only taken and elected name a controller: stale-epoch's controller is null, never this broker's id, so the test adds nothing",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'partition % context.config.brokerCount === context.node',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "routing only: a broker that cannot serve a client request forwards it (to 'the controller', rewritten here to a partition replica); whichever broker gets it answers it if it leads, forwards it on, or after forwardHopsMax hops refuses it with NOT_LEADER_OR_FOLLOWER, a certain failure the client may always get: another hop (a broker forwarding to itself counts one) changes only how soon",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'partition % context.config.brokerCount === context.node',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "routing only: a broker that cannot serve a client request forwards it (to 'the controller', rewritten here to a partition replica); whichever broker gets it answers it if it leads, forwards it on, or after forwardHopsMax hops refuses it with NOT_LEADER_OR_FOLLOWER, a certain failure the client may always get: another hop (a broker forwarding to itself counts one) changes only how soon",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'partition % context.config.brokerCount === context.node',
    mutator: 'EqualityOperator',
    replacement: 'partition % context.config.brokerCount !== context.node',
    reason:
      "routing only: a broker that cannot serve a client request forwards it (to 'the controller', rewritten here to a partition replica); whichever broker gets it answers it if it leads, forwards it on, or after forwardHopsMax hops refuses it with NOT_LEADER_OR_FOLLOWER, a certain failure the client may always get: another hop (a broker forwarding to itself counts one) changes only how soon",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'partition % context.config.brokerCount === context.node',
    mutator: 'ArithmeticOperator',
    replacement: 'partition * context.config.brokerCount',
    reason:
      "routing only: a broker that cannot serve a client request forwards it (to 'the controller', rewritten here to a partition replica); whichever broker gets it answers it if it leads, forwards it on, or after forwardHopsMax hops refuses it with NOT_LEADER_OR_FOLLOWER, a certain failure the client may always get: another hop (a broker forwarding to itself counts one) changes only how soon",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (ticked.now - ticked.outstanding.sentAtTick < zkRequestTimeoutTicks) {',
    mutator: 'EqualityOperator',
    replacement: 'ticked.now - ticked.outstanding.sentAtTick <= zkRequestTimeoutTicks',
    reason:
      'a ZooKeeper request times out a tick later (zkRequestTimeoutTicks + 1): the client moves to the next server one tick later (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const operation: ZabOperation = { type: 'exists', path: controllerPath, watch: false };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "the keep-alive request's operation is never read for its result: the server touches the client's session before it looks at the operation (an unknown one is then refused as not a write, a refused read is answered fail), and the answer matches no outstanding request, which the broker ignores",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const operation: ZabOperation = { type: 'exists', path: controllerPath, watch: false };",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "the keep-alive request's operation is never read for its result: the server touches the client's session before it looks at the operation (an unknown one is then refused as not a write, a refused read is answered fail), and the answer matches no outstanding request, which the broker ignores",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "const operation: ZabOperation = { type: 'exists', path: controllerPath, watch: false };",
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason:
      'the keep-alive read of /controller arms a watch too: the broker watches /controller already with every other ping, so a vanished /controller is noticed sooner at most (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (input.kind === 'disconnect') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (input.kind === 'disconnect') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (input.kind === 'disconnect') {",
    mutator: 'BlockStatement',
    replacement: '{}',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (input.peer !== context.config.brokerCount + zk.server) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (input.peer !== context.config.brokerCount + zk.server) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a broker also reconnects when a link to a server it is not connected to breaks: a reconnect to the next server re-checks its registration, /controller and, at a controller, every watch (a round), as after its own server's break: more requests and timing only",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (input.peer !== context.config.brokerCount + zk.server) return { state, actions: [] };',
    mutator: 'EqualityOperator',
    replacement: 'input.peer === context.config.brokerCount + zk.server',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'if (input.peer !== context.config.brokerCount + zk.server) return { state, actions: [] };',
    mutator: 'ArithmeticOperator',
    replacement: 'context.config.brokerCount - zk.server',
    reason:
      'a broker that ignores the break of its link to its server notices it by the request timeout instead: every request across a broken link goes unanswered and a broker always has one outstanding or sends one at its next tick, and the timeout reconnects to the next server exactly as the disconnect does (timing only)',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "input.message.type === 'leader-and-isr' &&",
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'only a LeaderAndIsr carries a controller epoch among the messages that reach this test (a LeaderAndIsr response, which carries one too, is taken before the broker step), so the type test adds nothing',
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: 'input.message.controllerEpoch !== undefined &&',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      "on the ZooKeeper plane every LeaderAndIsr comes from the controller's sendDecisions or retries, which stamp its controller epoch, so the test is always true here",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "return request(context, { ...zk, controllerWentLast: false }, 'isr-read', { type: 'getData', path: statePath, watch: false }, actions);",
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason:
      "the leader's read of /state leaves the turn flag at the controller's, so when both wait again the ISR write goes first again: a controller round still goes as soon as no ISR change waits, and an ISR change ends with its write or a read that finds it stale (order of turns, timing only); or (the same replacement of the other false) that read arms a watch on /state, whose event only makes a controller, which watches /state already, do a round that finds nothing new, and nothing at other brokers",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'client-request') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "a client request the broker would forward to 'the controller' is dropped instead of routed to a replica: the client's request goes unanswered, as when the network drops the forward, and the client's retry (the liveness phase retries every pending operation at the next node) reaches a broker that serves or forwards it once leaders are known (timing only)",
  },
  {
    file: 'src/protocols/kafka/zookeeper.ts',
    line: "if (message.type === 'client-request') {",
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "a client request the broker would forward to 'the controller' is dropped instead of routed to a replica: the client's request goes unanswered, as when the network drops the forward, and the client's retry (the liveness phase retries every pending operation at the next node) reaches a broker that serves or forwards it once leaders are known (timing only)",
  },
  // decisions.ts shard 1/4 (kafka-broker-late-kraft-s1) and broker.ts 916, reviewed by kafka-broker (2026-12-02, small hours).
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'return { brokers: brokers.slice(), partitions: partitions.slice(), changed: [] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    reason:
      'a changed list that starts with a non-index: KRaft (recordsBetween) and the abstract controller (finish) skip an index with no registration; on ZooKeeper every controller round counts as a change and rewrites the unchanged /state (more writes of the same data: timing only)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'LogicalOperator',
    replacement: 'registration.incarnation > current.incarnation && current.alive || rules.fenceOldIncarnation',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration.incarnation > current.incarnation && current.alive',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'LogicalOperator',
    replacement: 'registration.incarnation > current.incarnation || current.alive',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'registration.incarnation > current.incarnation',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (registration.incarnation > current.incarnation && current.alive && rules.fenceOldIncarnation) fence(config, work, broker);',
    mutator: 'EqualityOperator',
    replacement: 'registration.incarnation >= current.incarnation',
    reason:
      'register is only called for a newer incarnation or a fenced broker (all three callers test it), so this fences only a broker already fenced, which changes nothing: a fenced broker leads nothing and is in no ISR but as its last member',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const fresh = current.leader === from && message.leaderEpoch === current.leaderEpoch && message.partitionEpoch === current.partitionEpoch;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'current.leader === from && message.leaderEpoch === current.leaderEpoch',
    reason:
      'the partition epoch test alone decides: every change of leader or leader epoch moves the partition epoch on, and a broker learns only committed (KRaft) or durable (abstract controller) registrations, so a request at the current partition epoch comes from the leader that registration names, at its leader epoch',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const fresh = current.leader === from && message.leaderEpoch === current.leaderEpoch && message.partitionEpoch === current.partitionEpoch;',
    mutator: 'LogicalOperator',
    replacement: 'current.leader === from || message.leaderEpoch === current.leaderEpoch',
    reason:
      'the partition epoch test alone decides: every change of leader or leader epoch moves the partition epoch on, and a broker learns only committed (KRaft) or durable (abstract controller) registrations, so a request at the current partition epoch comes from the leader that registration names, at its leader epoch',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const fresh = current.leader === from && message.leaderEpoch === current.leaderEpoch && message.partitionEpoch === current.partitionEpoch;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'current.leader === from',
    reason:
      'the partition epoch test alone decides: every change of leader or leader epoch moves the partition epoch on, and a broker learns only committed (KRaft) or durable (abstract controller) registrations, so a request at the current partition epoch comes from the leader that registration names, at its leader epoch',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const fresh = current.leader === from && message.leaderEpoch === current.leaderEpoch && message.partitionEpoch === current.partitionEpoch;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.leaderEpoch === current.leaderEpoch',
    reason:
      'the partition epoch test alone decides: every change of leader or leader epoch moves the partition epoch on, and a broker learns only committed (KRaft) or durable (abstract controller) registrations, so a request at the current partition epoch comes from the leader that registration names, at its leader epoch',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: "if (!fresh) return 'stale';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'stale'",
    reason:
      "timing only: the abstract controller then sends the refused leader nothing (as the reviewed marks of controller.ts's stale branch: it learns the current state from its next heartbeat's answer); KRaft ignores the result",
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (current.isr.includes(member)) return true;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "timing only: a current ISR member is alive in its registered incarnation (a new incarnation's registration fences the old one out of every ISR it is not the last of), so the member tests fail only while the leader has seen no fetch of that member in its epoch (incarnation -1): the request is refused, the partition epoch moves on, and the leader asks again after the member's next fetch",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (now % context.config.brokerHeartbeatIntervalTicks !== 0) return { state: next, actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a heartbeat (and a KRaft metadata fetch) at every tick instead of every broker.heartbeat.interval: timing only (the story heartbeat-every-second-tick runs the off ticks; the early return made {} throws there)',
  },
  // The five KRaft files, shards 2/4 to 4/4 (kafka-broker-small-kraft-s2 to -s4), reviewed by kafka-broker (2026-12-02, small hours).
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'const alive = (broker: number): boolean => work.brokers[broker]?.alive ?? false;',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason: 'replicas are broker ids below brokerCount, so the registration always exists and the default is never taken (NoCoverage)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (next.isr !== current.isr || next.leader !== current.leader) update(work, partition, next);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'fencing a broker also rewrites, with a new partition epoch, every partition it is a replica of that it changes nothing in: brokers take the same leader and ISR, and a pending AlterPartition at the old partition epoch is refused and asked again (timing only)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (preferred === undefined || current.leader === preferred || current.leader === null) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'preferred === undefined',
    reason: 'every partition has replicas, so the preferred replica is never undefined',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (preferred === undefined || current.leader === preferred || current.leader === null) continue;',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: 'current.leader === null',
    reason: 'a partition without a leader has no live ISR member (unfence elects one in the decision that registers it), so the next test skips it',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!work.brokers[preferred]?.alive || !current.isr.includes(preferred)) continue;',
    mutator: 'OptionalChaining',
    replacement: 'work.brokers[preferred].alive',
    original: 'work.brokers[preferred]?.alive',
    reason: 'the preferred replica is a broker id below brokerCount, so its registration always exists',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'activeTicks: active && wasActive ? state.volatile.activeTicks : 0,',
    mutator: 'LogicalOperator',
    replacement: 'active || wasActive',
    reason:
      'a controller that becomes active again counts its active ticks on from its earlier term instead of from 0: only when its leader-imbalance checks fall (timing only)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'ticksSinceHeartbeat: active && wasActive ? state.volatile.ticksSinceHeartbeat : freshSessions(context),',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'a controller that becomes active again keeps the session counters of its earlier term (frozen while it was not active) instead of giving every broker a fresh session: it may fence a live broker sooner, a false suspicion the broker recovers from by registering again (timing only; broker-session-expires bounds the other direction)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'ticksSinceHeartbeat: active && wasActive ? state.volatile.ticksSinceHeartbeat : freshSessions(context),',
    mutator: 'LogicalOperator',
    replacement: 'active || wasActive',
    reason:
      'a controller that becomes active again keeps the session counters of its earlier term (frozen while it was not active) instead of giving every broker a fresh session: it may fence a live broker sooner, a false suspicion the broker recovers from by registering again (timing only; broker-session-expires bounds the other direction)',
  },
  {
    file: 'src/protocols/kafka/metadata.ts',
    line: "if (next.alive) records.push({ type: 'unfence-broker', broker, brokerEpoch: next.incarnation });",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'a broker registered in a new epoch is left fenced in the image until its next heartbeat, which finds it fenced in its own epoch and unfences it (timing only)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const activeTicks = next.volatile.activeTicks + 1;',
    mutator: 'ArithmeticOperator',
    replacement: 'next.volatile.activeTicks - 1',
    reason:
      'active ticks counted down from 0 instead of up: the preferred-leader check (activeTicks % interval === 0, and -0 === 0) falls on the same ticks, and nothing else of the model reads them',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const expired = ticksSinceHeartbeat.flatMap((ticks, broker) => (ticks > context.config.brokerSessionTimeoutTicks ? [broker] : []));',
    mutator: 'EqualityOperator',
    replacement: 'ticks >= context.config.brokerSessionTimeoutTicks',
    reason:
      'a session one tick shorter: a silent broker is fenced a tick earlier (timing only; on the abstract plane controller-decisions-justified holds the controller to the exact timeout, no KRaft check does)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const expired = ticksSinceHeartbeat.flatMap((ticks, broker) => (ticks > context.config.brokerSessionTimeoutTicks ? [broker] : []));',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason:
      'every broker whose session has not expired adds a non-index: the tick then decides, and fencing a non-index finds no registration and changes nothing (no records written)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'const rebalance = context.config.autoLeaderRebalanceEnable && activeTicks % context.config.leaderImbalanceCheckIntervalTicks === 0;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'activeTicks % context.config.leaderImbalanceCheckIntervalTicks === 0',
    reason:
      'with auto.leader.rebalance.enable, a preferred-leader check at every tick instead of every leader.imbalance.check.interval: the same move to the preferred replica, sooner (timing only; on the abstract plane controller-decisions-justified holds the controller to the interval, no KRaft check does)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'if (expired.length === 0 && !rebalance) return { state: next, actions };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'a tick with nothing expired and no check due decides nothing: no registration changes, no records, nothing written',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'return { state, actions: routeClientRequest(context, committedImage(state).partitions, input.request, 0, false) };',
    mutator: 'BooleanLiteral',
    replacement: 'true',
    original: 'false',
    reason:
      "a client request at a KRaft controller passed on as already answered: nobody answers it, as when the network drops it, and the client's retry reaches another node (timing only, as the reviewed drop of the client-request case)",
  },
  {
    file: 'src/protocols/kafka/quorum.ts',
    line: 'config: { ...defaultRaftSettings, checkQuorum: true },',
    mutator: 'BooleanLiteral',
    replacement: 'false',
    original: 'true',
    reason:
      'without CheckQuorum an active controller cut off from the quorum stays active until it hears a higher term: it can commit nothing, so the brokers that still reach it learn nothing new and are fenced by the new active controller, and all recover once healed (availability and timing only)',
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: "return { kind: 'kraft-controller', raft: crashRaftNode(quorumContext(context), quorumOf(state), { loseUnflushed }) };",
    mutator: 'ObjectLiteral',
    replacement: '{}',
    original: '{ loseUnflushed }',
    reason:
      'a power loss taken as a clean crash: with the correct rules the Raft component loses nothing more at a power loss (it flushes a snapshot before the log; only the variant snapshot-not-flushed leaves one unflushed)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!work.changed.includes(partition)) work.changed.push(partition);',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: '!work.changed.includes(partition)',
    reason:
      'a partition changed twice in one decision is listed twice: KRaft writes its final partition-change record twice (the same epochs, applied twice to the same result), the abstract controller sends its LeaderAndIsr twice, and a broker ignores what it already has',
  },
  // broker.ts shard 1/4 (kafka-broker-small-broker-s1, 2026-12-02, small hours), reviewed by kafka-broker.
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (message.error === 'OFFSET_OUT_OF_RANGE') {",
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "the follower's OFFSET_OUT_OF_RANGE branch answers an error the leader never sends with KIP-279 (the correct rules; see the reviewed entries of the leader's answer): the test is false for every answer a follower gets",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: "if (message.error === 'OFFSET_OUT_OF_RANGE') {",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'OFFSET_OUT_OF_RANGE'",
    reason:
      "the follower's OFFSET_OUT_OF_RANGE branch answers an error the leader never sends with KIP-279 (the correct rules; see the reviewed entries of the leader's answer): the test is false for every answer a follower gets",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!log || !replica || message.brokerIncarnation !== state.durable.incarnation) return { state, actions: [] };',
    mutator: 'ConditionalExpression',
    replacement: 'false',
    original: '!log || !replica',
    reason:
      "a LeaderAndIsr goes only to a partition's replicas (abstract controller and ZooKeeper), and a KRaft broker acts only on partitions it hosts: a broker's log and replica of such a partition are both set",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!log || !replica || message.brokerIncarnation !== state.durable.incarnation) return { state, actions: [] };',
    mutator: 'LogicalOperator',
    replacement: '!log && !replica',
    reason:
      "a LeaderAndIsr goes only to a partition's replicas (abstract controller and ZooKeeper), and a KRaft broker acts only on partitions it hosts: a broker's log and replica of such a partition are both set",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'return { state, actions: replied ? [] : [clientError(request, error)] };',
    mutator: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    original: '[]',
    reason:
      'a request already answered (replied) exists only with acks=0, whose produces never reach this acks=all check: the branch is never taken (NoCoverage)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (message.snapshot !== null && message.snapshot.index > appliedIndex) {',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'message.snapshot.index > appliedIndex',
    reason:
      'a metadata snapshot at or below what the broker has applied (only a late or duplicated answer carries one) taken anyway: its image goes back to an earlier state of the same log, which metadata-applied-in-order allows, the broker fetches forward again from there, and its partitions, already at newer epochs, ignore the older registrations (timing only)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (!registration?.alive) return false;',
    mutator: 'OptionalChaining',
    replacement: 'registration.alive',
    original: 'registration?.alive',
    reason: 'every ISR member a leader names is a replica, a broker id below brokerCount, so its registration always exists (re-run alone: survives)',
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: "return 'done';",
    mutator: 'StringLiteral',
    replacement: '""',
    original: "'done'",
    reason:
      "the abstract controller only tells 'stale' from the rest and KRaft ignores the result: an empty answer for a decided request is read as decided (re-run alone: survives)",
  },
  {
    file: 'src/protocols/kafka/decisions.ts',
    line: 'if (elected.leader !== null) update(work, partition, { ...current, leader: elected.leader, isr: elected.isr });',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'elected.leader !== null',
    reason:
      "a registration that elects nobody for an offline partition rewrites it unchanged with a new partition epoch: brokers take the same (leaderless) state (timing only, as fence's unchanged rewrite; re-run alone: survives)",
  },
  {
    file: 'src/protocols/kafka/kraft.ts',
    line: 'activeTicks: active && wasActive ? state.volatile.activeTicks : 0,',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: 'active && wasActive',
    reason:
      'a controller that becomes active again counts its active ticks on from its earlier term instead of from 0: only when its leader-imbalance checks fall (timing only; re-run alone: survives)',
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!next || !log) return log;',
    mutator: 'ConditionalExpression',
    replacement: 'true',
    original: '!next || !log',
    reason:
      "the high-watermark checkpoint's timing only (as the reviewed entries of the checkpoint test below): never written or skipped for a partition, it changes nothing but where a restarted broker's HW starts; and a broker's replica and log of a partition are both null or both set",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!next || !log) return log;',
    mutator: 'BooleanLiteral',
    replacement: 'next',
    original: '!next',
    reason:
      "the high-watermark checkpoint's timing only (as the reviewed entries of the checkpoint test below): never written or skipped for a partition, it changes nothing but where a restarted broker's HW starts; and a broker's replica and log of a partition are both null or both set",
  },
  {
    file: 'src/protocols/kafka/broker.ts',
    line: 'if (!next || !log) return log;',
    mutator: 'BooleanLiteral',
    replacement: 'log',
    original: '!log',
    reason:
      "the high-watermark checkpoint's timing only (as the reviewed entries of the checkpoint test below): never written or skipped for a partition, it changes nothing but where a restarted broker's HW starts; and a broker's replica and log of a partition are both null or both set",
  },
] as const;
