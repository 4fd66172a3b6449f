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
    line: 'if (context.rules.fenceByCurrentLeaderEpoch && message.currentLeaderEpoch !== replica.leaderEpoch) {',
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
] as const;
