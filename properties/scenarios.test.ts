/**
 * Scripted scenarios: every file in scenarios/ replays and meets its `expect` line; every saved
 * counterexample survives the round trip artifact -> scenario text -> schedule with the same story
 * (so the text format can express whatever a hunt finds, for every protocol); messages can be
 * named by what they are; and hand-written text is validated strictly, with the file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../src/core/simulator.ts';
import { Simulator } from '../src/core/simulator.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseArtifact } from '../src/study/artifact.ts';
import { formatScenario, formatScenarioError, parseScenario, scenarioMismatch, scenarioStep, type Scenario } from '../src/study/scenario.ts';

const root = resolve(import.meta.dirname, '..');
const names = protocols.map((protocol) => protocol.name);

function parse(text: string, file = 'x.scenario') {
  return parseScenario(file, text, findProtocol, names);
}

function parseOrThrow(text: string, file = 'x.scenario'): Scenario {
  const parsed = parse(text, file);
  if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
  return parsed.value;
}

function errorOf(text: string): string {
  const parsed = parse(text);
  expect(parsed.ok, text).toBe(false);
  return parsed.ok ? '' : formatScenarioError(parsed.error);
}

function run(scenario: Scenario) {
  const protocol = findProtocol(scenario.protocol);
  if (!protocol) throw new Error(`unknown protocol ${scenario.protocol}`);
  return replaySchedule(
    { protocol, variant: scenario.variant, config: scenario.config },
    { randomSeed: scenario.randomSeed, events: scenario.events },
  );
}

/** A trace without the events' own text: what happened, whatever index picked each message. */
function story(trace: readonly TraceStep[] | null): unknown[] {
  return (trace ?? []).map(({ event: _event, text: _text, ...rest }) => rest);
}

describe('scripted scenarios', () => {
  const files = readdirSync(join(root, 'scenarios')).filter((file) => file.endsWith('.scenario'));
  const read = (file: string): string => readFileSync(join(root, 'scenarios', file), 'utf8');

  it('there are scenarios for every protocol, and some name their messages', () => {
    const scenarios = files.map((file) => parseOrThrow(read(file), file));
    expect([...new Set(scenarios.map((scenario) => scenario.protocol))].sort()).toEqual([...names].sort());
    expect(files.filter((file) => /^(deliver|drop|duplicate) \d+->\d+ /m.test(read(file))).length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    it(`${file} meets its expectation`, () => {
      const scenario = parseOrThrow(read(file), file);
      const result = new Simulator({
        protocol: findProtocol(scenario.protocol) as NonNullable<ReturnType<typeof findProtocol>>,
        variant: scenario.variant,
        config: scenario.config,
      }).run({
        randomSeed: scenario.randomSeed,
        events: scenario.events,
      });
      expect(scenario.expectation, 'a checked-in scenario states what it expects').not.toBeNull();
      if (scenario.expectation?.kind === 'no-violation') expect(result.violation).toBeNull();
      if (scenario.expectation?.kind === 'violation') {
        expect(result.violation).not.toBeNull();
        if (scenario.expectation.property) expect(result.violation?.property).toBe(scenario.expectation.property);
      }
    });
  }

  it("the module comment's example parses and meets its expectation (it referred to a message the partition held back)", () => {
    const comment = readFileSync(join(root, 'src/study/scenario.ts'), 'utf8').split('*/')[0] ?? '';
    const example = comment
      .split('\n')
      .filter((line) => line.startsWith(' *     '))
      .map((line) => line.slice(7))
      .join('\n');
    const scenario = parseOrThrow(example, 'scenario.ts example');
    expect(scenario.expectation).toEqual({ kind: 'violation', property: 'no-acked-write-lost' });
    expect(run(scenario).violation?.property).toBe('no-acked-write-lost');
  });

  it('every saved counterexample round-trips through the scenario text format with the same story', () => {
    const corpus = join(root, 'counterexamples');
    let checked = 0;
    let named = 0;
    for (const protocolName of readdirSync(corpus)) {
      for (const file of readdirSync(join(corpus, protocolName)).filter((name) => name.endsWith('.json'))) {
        const artifact = parseArtifact(file, readFileSync(join(corpus, protocolName, file), 'utf8'));
        const protocol = findProtocol(artifact.protocol);
        if (!protocol) throw new Error(`unknown protocol ${artifact.protocol}`);
        const text = formatScenario({
          protocol,
          variant: artifact.variant,
          randomSeed: artifact.schedule.randomSeed,
          events: artifact.schedule.events,
          config: artifact.config,
        }).text;
        named += text.split('\n').filter((line) => /^(deliver|drop|duplicate) \d+->\d+ /.test(line)).length;
        const scenario = parseOrThrow(text, `${protocolName}/${file}`);
        expect(scenario.config, `${protocolName}/${file}`).toEqual(artifact.config);
        const original = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
        const replayed = run(scenario);
        expect(replayed.violation, `${protocolName}/${file}`).toEqual(original.violation);
        expect(story(replayed.trace), `${protocolName}/${file}`).toEqual(story(original.trace));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(protocols.reduce((total, protocol) => total + protocol.variants.length - 1, 0));
    expect(named, 'the writer names messages by what they are').toBeGreaterThan(0);
  });

  it('a scenario written from a schedule with no-ops says so and breaks the same way, at the step less the no-ops before it', () => {
    // A time-limited hunt leaves a partly shrunk schedule with no-ops: its scenario's steps were renumbered silently.
    const corpus = join(root, 'counterexamples');
    const phases = new Set<string>();
    for (const [protocolName, file] of [
      ['primary-backup', 'ack-before-replicate.json'],
      ['raft', 'vote-without-log-check.json'],
      ['zab', 'ack-before-persist.json'],
    ] as const) {
      const artifact = parseArtifact(file, readFileSync(join(corpus, protocolName, file), 'utf8'));
      const protocol = findProtocol(artifact.protocol);
      if (!protocol) throw new Error(`unknown protocol ${artifact.protocol}`);
      // A heal with no partition does nothing where it runs.
      const events = [{ kind: 'heal' } as const, ...artifact.schedule.events];
      const schedule = { randomSeed: artifact.schedule.randomSeed, events };
      const violation = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, schedule).violation;
      if (!violation) throw new Error(`${protocolName}/${file} breaks nothing`);
      phases.add(violation.phase);
      const written = formatScenario({ protocol, variant: artifact.variant, ...schedule, config: artifact.config });
      expect(written.leftOut, `${protocolName}/${file}`).toEqual([0]);
      expect(written.text).toContain(`# ${written.leftOut.length} no-op event`);
      expect(scenarioMismatch(protocol, written, violation), `${protocolName}/${file}`).toBeNull();
      const replayed = run(parseOrThrow(written.text))?.violation;
      expect(replayed?.step).toBe(scenarioStep(written, violation.step));
      expect(scenarioStep(written, violation.step)).toBe(violation.step - 1);
      // Another property or step is a mismatch, said plainly (any step is the same at the end of the run).
      expect(scenarioMismatch(protocol, written, { ...violation, property: 'other' })).toContain('property other vs');
      if (violation.phase !== 'end') expect(scenarioMismatch(protocol, written, { ...violation, step: violation.step + 1 })).toContain('step');
    }
    expect(phases, 'violations whose step counts, and one at the end').toEqual(new Set(['liveness', 'end']));
  });

  it('the writer brings generated indexes into range and leaves out message events that found nothing in flight', () => {
    const raft = findProtocol('raft');
    if (!raft) throw new Error('no raft');
    const events = [
      { kind: 'deliver', message: 3 },
      { kind: 'tick', node: 4 },
      { kind: 'tick', node: 0 },
      { kind: 'tick', node: 0 },
      { kind: 'tick', node: 0 },
      { kind: 'tick', node: 0 },
      { kind: 'partition', groups: [0, 0, 1, 1] },
      { kind: 'heal' },
      { kind: 'deliver', message: 7 },
      { kind: 'client', node: 5, client: 4, operation: { type: 'get', key: 'x' } },
    ] as const;
    const { text } = formatScenario({ protocol: raft, variant: 'correct', randomSeed: 0, events });
    expect(text).toContain('# deliver 3: no message in flight here (a no-op, left out)');
    expect(text).toContain('\ntick 1\n');
    expect(text).toContain('\npartition 0,0,1\n');
    expect(text).toMatch(/\ndeliver 0->[12] RequestVote\(term 1, last log 0@term 0\)\n/);
    expect(text).toContain('\nclient 2 1 get x\n');
    const scenario = parseOrThrow(text);
    const original = new Simulator({ protocol: raft, variant: 'correct', config: scenario.config }, { recordTrace: true }).run({
      randomSeed: 0,
      events,
    });
    expect(story(run(scenario).trace)).toEqual(
      story(original.trace)
        .slice(1)
        .map((step) => ({ ...(step as object), index: (step as { index: number }).index - 1 })),
    );
  });
});

describe('a client line while the client waits for an answer', () => {
  it('must name the outstanding operation (a retry): another one was silently the retry of the first', () => {
    expect(errorOf('protocol raft\npartition 0,1,1\nclient 1 0 put x 1\nclient 2 0 put x 2\n')).toMatch(
      /^x\.scenario:4: expected client 0's outstanding .*x.*1.* again \(a client retries what it waits for; a new operation waits for its answer\), found "put x 2"$/,
    );
    // The retry itself, and another client's new operation, are fine.
    expect(parseOrThrow('protocol raft\npartition 0,1,1\nclient 1 0 put x 1\nclient 2 0 put x 1\nclient 2 1 put x 2\n').events).toHaveLength(4);
  });

  it('is written as the retry it is when a generated schedule names another operation', () => {
    const raft = findProtocol('raft');
    if (!raft) throw new Error('no raft');
    const events = [
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'client', node: 1, client: 0, operation: { type: 'put', key: 'x', value: '1' } },
      { kind: 'client', node: 2, client: 0, operation: { type: 'put', key: 'x', value: '2' } },
    ] as const;
    const scenario = parseOrThrow(formatScenario({ protocol: raft, variant: 'correct', randomSeed: 0, events }).text);
    expect(scenario.events[2]).toEqual({ ...events[2], operation: events[1].operation });
    const original = new Simulator({ protocol: raft, variant: 'correct', config: scenario.config }).run({ randomSeed: 0, events });
    const replayed = run(scenario);
    expect(replayed.world.history).toEqual(original.world.history);
  });
});

describe('a line that does nothing', () => {
  it('is refused in a hand-written scenario, with the file, the line and why it does nothing', () => {
    // Each was accepted and hidden from the transcript, even with --full ("(4 no-op hidden)").
    const cases: [string, RegExp][] = [
      [
        'protocol raft\ntick 0\nrestart 0\n',
        /^x\.scenario:3: expected a line that does something here \(this one does nothing: node 0 is already up\), found "restart 0"$/,
      ],
      [
        'protocol raft\nheal\n',
        /^x\.scenario:2: expected a line that does something here \(this one does nothing: no partition to heal\), found "heal"$/,
      ],
      ['protocol raft\ncrash 1\ncrash 1\n', /^x\.scenario:3: .*\(this one does nothing: node 1 is already down\), found "crash 1"$/],
      ['protocol raft\ncrash 1\ntick 1\n', /^x\.scenario:3: .*\(this one does nothing: node 1 is down\), found "tick 1"$/],
      ['protocol raft\npartition 0,1,1\npartition 0,1,1\n', /^x\.scenario:3: .*\(this one does nothing: same partition\)/],
      // The same sides under other numbers changes no link (it was accepted, and printed the same split again).
      [
        'protocol raft\npartition 0,1,1\npartition 1,0,0\n',
        /^x\.scenario:3: .*\(this one does nothing: the same partition under other side numbers\), found "partition 1,0,0"$/,
      ],
      ['protocol raft\npartition 0,1,1\npartition 0,2,2\n', /^x\.scenario:3: .*the same partition under other side numbers/],
      [
        'protocol zab\nclient 1 0 create /a 0\nduplicate 0\n',
        /^x\.scenario:3: .*\(this one does nothing: FIFO connections do not duplicate messages\)/,
      ],
      // A client with an operation outstanding retries it; at a node that is down, nothing happens.
      [
        'protocol raft\nclient 0 0 put x 1\ncrash 1\nclient 1 0 put x 1\n',
        /^x\.scenario:4: .*\(this one does nothing: retry of operation 0: node 1 is down\)/,
      ],
    ];
    for (const [text, message] of cases) expect(errorOf(text), text).toMatch(message);
    // What does something is fine: a restart of a crashed node, a heal of a partition, another split.
    expect(parseOrThrow('protocol raft\ncrash 1\nrestart 1\npartition 0,1,1\nheal\n').events).toHaveLength(4);
    expect(parseOrThrow('protocol raft\npartition 0,1,1\npartition 1,1,0\npartition 0,1,2\n').events).toHaveLength(3);
  });

  it('in a generated schedule is left out as a comment when written as a scenario, which then parses and tells the same story', () => {
    const raft = findProtocol('raft');
    if (!raft) throw new Error('no raft');
    const events = [
      { kind: 'tick', node: 0 },
      { kind: 'restart', node: 0 },
      { kind: 'heal' },
      { kind: 'crash', node: 1, loseUnflushed: false },
      { kind: 'crash', node: 4, loseUnflushed: true },
      { kind: 'tick', node: 1 },
      { kind: 'partition', groups: [1] },
      { kind: 'client', node: 0, client: 0, operation: { type: 'put', key: 'x', value: '1' } },
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'partition', groups: [1, 0, 0] },
    ] as const;
    const { text } = formatScenario({ protocol: raft, variant: 'correct', randomSeed: 0, events });
    expect(text.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '# 6 no-op events of the schedule left out (below): the steps after each are numbered one lower',
      '# restart 0: node 0 is already up here (a no-op, left out)',
      '# heal: no partition to heal here (a no-op, left out)',
      '# crash 1 power-loss: node 1 is already down here (a no-op, left out)',
      '# tick 1: node 1 is down here (a no-op, left out)',
      '# partition 1,1,1: same partition here (a no-op, left out)',
      '# partition 1,0,0: the same partition under other side numbers here (a no-op, left out)',
    ]);
    const scenario = parseOrThrow(text);
    expect(scenario.events).toEqual([events[0], events[3], events[7], events[8]]);
    const original = new Simulator({ protocol: raft, variant: 'correct', config: scenario.config }).run({ randomSeed: 0, events });
    expect(run(scenario).violation).toEqual(original.violation);
  });
});

describe('naming a message by what it is', () => {
  const election = ['protocol raft', 'variant vote-without-log-check', 'tick 0', 'tick 0', 'tick 0', 'tick 0'];

  it('picks the same messages as positions do', () => {
    const byPosition = parseOrThrow([...election, 'deliver 0', 'deliver 0', 'deliver 0', 'drop 2', 'tick 2'].join('\n'));
    const byName = parseOrThrow(
      [
        ...election,
        'deliver 0->1 RequestVote',
        'deliver 0->2 RequestVote(term 1',
        'deliver 1->0 RequestVoteResponse(term 1, granted)',
        'drop 0->2 AppendEntries',
        'tick 2',
      ].join('\n'),
    );
    expect(byName.events).toEqual(byPosition.events);
    expect(run(byName).violation?.property).toBe('leader-completeness');
  });

  it('matches the start of the text at a word boundary, and the oldest of identical copies', () => {
    // "RequestVote" is not the start of "RequestVoteResponse(...)"; messages on the named link are listed first.
    expect(errorOf([...election, 'deliver 0->1 RequestVote', 'deliver 1->0 RequestVote'].join('\n'))).toMatch(
      /^x\.scenario:8: expected a message 1->0 "RequestVote" in flight here \(in flight: 1->0 RequestVoteResponse\(term 1, granted\); 0->2 RequestVote\(term 1, last log 0@term 0\); a name ends at a word boundary, and this one ends inside a word of 1->0 RequestVoteResponse\(term 1, granted\)\)/,
    );
    // A name cut mid-word says why it names nothing (it said only what is in flight, which starts with it).
    expect(errorOf('protocol primary-backup\nclient 0 0 write 1\ndeliver 0->1 Repl\n')).toMatch(
      /^x\.scenario:3: expected a message 0->1 "Repl" in flight here \(in flight: .*; a name ends at a word boundary, and this one ends inside a word of 0->1 Replicate\(epoch 1, log \[1\]\)\), found "deliver 0->1 Repl"$/,
    );
    const twins = parseOrThrow([...election, 'duplicate 1', 'deliver 0->2 RequestVote'].join('\n'));
    expect(twins.events.at(-1)).toEqual({ kind: 'deliver', message: 1 });
    // A '#' inside a message's text is not a comment; one after a space and before a space is.
    const forwarded = parseOrThrow(
      ['protocol zab', 'client 1 0 create /a 0', 'deliver 1->2 Request(client 0 #0   # forwarded to the leader'].join('\n'),
    );
    expect(forwarded.events.at(-1)).toEqual({ kind: 'deliver', message: 0 });
  });

  it('rejects a name that is not in flight, that several different messages match, or that FIFO links hold back', () => {
    expect(errorOf([...election, 'deliver 2->0 RequestVote'].join('\n'))).toMatch(
      /^x\.scenario:7: expected a message 2->0 "RequestVote" in flight here/,
    );
    expect(errorOf(['protocol raft', 'deliver 0->1 RequestVote'].join('\n'))).toMatch(
      /^x\.scenario:2: expected a message 0->1 "RequestVote" in flight here \(in flight: nothing\)/,
    );
    expect(
      errorOf(
        [
          ...election,
          'deliver 0->1 RequestVote',
          'deliver 0->2 RequestVote',
          'tick 1',
          'tick 1',
          'tick 1',
          'tick 1',
          'tick 1',
          'deliver 1->0 Request',
        ].join('\n'),
      ),
    ).toMatch(/^x\.scenario:14: expected a message 1->0 "Request" in flight here/);
    expect(errorOf([...election, 'deliver 0->9 RequestVote'].join('\n'))).toMatch(/^x\.scenario:7: expected nodes from 0 to 2 in FROM->TO/);
    // Node 0 times out again: two different RequestVotes to node 1.
    const twoElections = [...election, 'tick 0', 'tick 0', 'tick 0', 'tick 0'];
    expect(errorOf([...twoElections, 'deliver 0->1 RequestVote'].join('\n'))).toBe(
      'x.scenario:11: expected one message 0->1 "RequestVote", but 2 different ones match (0->1 RequestVote(term 1, last log 0@term 0); 0->1 RequestVote(term 2, last log 0@term 0)): write more of its text, found "deliver 0->1 RequestVote"',
    );
    expect(parseOrThrow([...twoElections, 'deliver 0->1 RequestVote(term 2'].join('\n')).events.at(-1)).toEqual({ kind: 'deliver', message: 2 });
    // ZAB's links are FIFO: the second message on a link waits for the first.
    const zab = ['protocol zab', 'client 1 0 create /a 0', 'client 1 1 create /b 0'];
    expect(errorOf([...zab, 'deliver 1->2 Request(client 1'].join('\n'))).toMatch(
      /^x\.scenario:4: expected a message 1->2 "Request\(client 1" that can be picked: it is in flight, but behind an older message on the FIFO link 1->2/,
    );
    expect(parseOrThrow([...zab, 'deliver 1->2 Request(client 0', 'deliver 1->2 Request(client 1'].join('\n')).events).toHaveLength(4);
    expect(errorOf([...zab, 'deliver 1->2 Request(client 0', 'deliver 1->2 Request(client 0'].join('\n'))).toMatch(
      /^x\.scenario:5: expected a message 1->2 "Request\(client 0" in flight here/,
    );
  });
});

describe('hand-written scenarios are validated strictly', () => {
  it('reports the file, the line and what was expected', () => {
    const cases: [string, RegExp][] = [
      ['protocol nope\n', /^x\.scenario:1: expected a protocol name \(primary-backup, /],
      ['protocol raft\ntick\n', /^x\.scenario:2: expected tick NODE \(a node from 0 to 2\)/],
      ['protocol raft\ntick 3\n', /^x\.scenario:2: expected tick NODE \(a node from 0 to 2\), found "tick 3"/],
      ['protocol raft\ncrash 7 power-loss\n', /^x\.scenario:2: expected crash NODE \[power-loss\] \(a node from 0 to 2\)/],
      ['protocol raft\n\nrestart 3\n', /^x\.scenario:3: expected restart NODE/],
      ['protocol raft\npartition a,b\n', /^x\.scenario:2: expected partition G0,G1/],
      ['protocol raft\npartition 0,1\n', /^x\.scenario:2: expected partition G0,G1,\.\.\. \(the side of each of the 3 nodes/],
      ['protocol raft\npartition 0,1,1,0\n', /^x\.scenario:2: expected partition G0,G1/],
      ['protocol raft\nclient 0 0 frobnicate x\n', /^x\.scenario:2: expected an operation of raft/],
      ['protocol raft\nclient 0 0 put x\n', /^x\.scenario:2: expected an operation of raft: .*found "put x"/],
      // Operations that name what the config does not have: the model answered UNKNOWN_TOPIC_OR_PARTITION, or refused.
      [
        'protocol kafka\nclient 0 0 produce 5 p7\n',
        /^x\.scenario:2: expected an operation of kafka its settings allow \(partition 7 does not exist: partitionCount=1 \(p0 only\)\), found "produce 5 p7"$/,
      ],
      [
        'protocol kafka\nset partitionCount=2\nclient 0 0 consume 0 p2\n',
        /^x\.scenario:3: .*\(partition 2 does not exist: partitionCount=2 \(p0 to p1\)\)/,
      ],
      [
        'protocol raft\nclient 0 0 add-server 9\n',
        /^x\.scenario:2: expected an operation of raft its settings allow \(add-server needs membershipChanges=true \(membership changes are off\)\), found "add-server 9"$/,
      ],
      [
        'protocol raft\nset membershipChanges=true\nset nodeCount=4\nclient 0 0 add-server 9\n',
        /^x\.scenario:4: .*\(server 9 does not exist: nodeCount=4 \(servers 0 to 3\)\)/,
      ],
      ['protocol raft\nset membershipChanges=true\nset nodeCount=4\nclient 0 0 replace-server 0 5\n', /^x\.scenario:4: .*\(server 5 does not exist/],
      ['protocol raft\nclient 3 0 get x\n', /^x\.scenario:2: expected client NODE CLIENT OPERATION \(a node from 0 to 2, a client from 0 to 2\)/],
      ['protocol raft\nclient 0 3 get x\n', /^x\.scenario:2: expected client NODE CLIENT OPERATION/],
      ['protocol raft\nclient 0 0\n', /^x\.scenario:2: expected client NODE CLIENT OPERATION/],
      ['protocol raft\ndeliver 0\n', /^x\.scenario:2: expected a message in flight \(none is here\)/],
      ['protocol raft\ntick 0\ntick 0\ntick 0\ntick 0\ndrop 2\n', /^x\.scenario:6: expected a message position from 0 to 1 \(2 in flight here/],
      // Under FIFO links a position counts only the oldest message on each link (it said "2 in flight" of 8).
      [
        'protocol zab\nseed 0\ntick 2\ntick 2\ntick 2\ntick 2\ndeliver 9\n',
        /^x\.scenario:7: expected a message position from 0 to 1 \(2 can be picked here, the oldest on each FIFO link, of 8 in flight; or name it/,
      ],
      ['protocol raft\nduplicate\n', /^x\.scenario:2: expected duplicate N or duplicate FROM->TO TEXT/],
      [
        'protocol raft\nexpect violation nope\n',
        /^x\.scenario:2: expected a property of raft \(term-and-vote-durable, election-safety, .*no-exception\), found "nope"/,
      ],
      ['protocol raft\nvariant nope\n', /^x\.scenario:2: expected a variant of raft \(correct, /],
      ['protocol raft\nseed 1\nset bogus=1\n', /^x\.scenario:3: expected settings raft accepts \(unknown setting "bogus".*found "set bogus=1"/],
      // An error that names no setting blames the line that brings it in (it blamed the first set line).
      [
        'protocol kafka\nset clientCount=2\nset brokerCount=2\n',
        /^x\.scenario:3: expected settings kafka accepts \(Replication factor: 3 larger than available brokers: 2\. \(replicationFactor must not exceed brokerCount\)\), found "set brokerCount=2"$/,
      ],
      ['protocol kafka\nset clientCount=2\nset brokerHeartbeatIntervalTicks=3\n', /^x\.scenario:3: .*broker\.heartbeat\.interval\.ms/],
      ['protocol raft\nseed 1\nseed 2\n', /^x\.scenario:3: expected one "seed" line \(the first is on line 2\)/],
      // Seeds are 32-bit: 4294967296 ran as seed 0 (the same trace), as an artifact's is refused.
      ['protocol raft\nseed 4294967296\n', /^x\.scenario:2: expected seed N \(an integer from 0 to 4294967295\), found "seed 4294967296"/],
      ['protocol raft\nseed 99999999999999999999999999\n', /^x\.scenario:2: expected seed N \(an integer from 0 to 4294967295\)/],
      // Integers a double does not hold exactly: write 9007199254740993 ran as write 9007199254740992.
      [
        'protocol primary-backup\nclient 0 0 write 9007199254740993\n',
        /^x\.scenario:2: expected an operation of primary-backup: expected "write N" \(N a whole number, at most 9007199254740991\)/,
      ],
      ['protocol primary-backup\nclient 0 0 write 99999999999999999999\n', /^x\.scenario:2: expected an operation of primary-backup/],
      [
        'protocol kafka\nclient 0 0 produce 9007199254740993\n',
        /^x\.scenario:2: expected an operation of kafka: .*whole numbers, at most 9007199254740991/,
      ],
      ['protocol kafka\nclient 0 0 consume 0 p9007199254740993\n', /^x\.scenario:2: expected an operation of kafka/],
      ['protocol zab\nclient 0 0 delete /a 9007199254740993\n', /^x\.scenario:2: expected an operation of zab/],
      ['tick 0\n', /^x\.scenario:1: expected a "protocol NAME" line/],
      ['protocol kafka\nexpect maybe\n', /^x\.scenario:2: expected "expect no-violation" or "expect violation \[PROPERTY\]"/],
      ['protocol zab\nwobble 3\n', /^x\.scenario:2: expected one of protocol, variant/],
      // Text from the file reaches the terminal and the transcripts: control characters are refused, as in an artifact.
      [
        'protocol zab\nclient 1 1 controller-act \u001b[31mRED\u0007\n',
        /^x\.scenario:2: expected a line without control characters \(column 27 holds U\+001B\), found "client 1 1 controller-act /,
      ],
      ['protocol raft\nclient 0 0 put x\u00071\n', /^x\.scenario:2: expected a line without control characters \(column 17 holds U\+0007\)/],
      ['protocol raft\ndeliver 0->1 Request\u2028Vote\n', /^x\.scenario:2: expected a line without control characters \(column 21 holds U\+2028\)/],
      // Bidirectional-text controls reverse what follows them on the terminal and in the transcript.
      ['protocol zab\nclient 0 0 create /a \u202eevil\n', /^x\.scenario:2: expected a line without control characters \(column 22 holds U\+202E\)/],
      ['protocol raft\ntick 0\u2066\n', /^x\.scenario:2: expected a line without control characters \(column 7 holds U\+2066\)/],
    ];
    for (const [text, message] of cases) expect(errorOf(text), text).toMatch(message);
  });

  it('an error is one short line however long the line it is about (a megabyte line was echoed whole)', () => {
    const long = '9'.repeat(1_000_000);
    const texts = [
      `protocol primary-backup\nclient 0 0 write ${long}\n`,
      `protocol raft\n${'x'.repeat(1_000_000)}\n`,
      `protocol raft\nseed ${long}\n`,
      `protocol primary-backup\nclient 0 0 write 1\ndeliver 0->1 Replicate ${'x '.repeat(500_000)}\n`,
      `protocol raft\nset nodeCount=${long}\n`,
      `protocol zab\nclient 0 0 create /a${'b'.repeat(1_000_000)}\n`,
      `protocol ${'p'.repeat(1_000_000)}\n`,
    ];
    for (const text of texts) {
      const error = errorOf(text);
      expect(error.length, error.slice(0, 200)).toBeLessThan(600);
      expect(error).not.toContain('\n');
    }
    // A binary file is said to be one, not shown byte by byte.
    expect(errorOf('\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000\u0000\n\u0000')).toMatch(
      /^x\.scenario:1: expected a text file \(a scenario; this one holds binary data, a NUL byte\), found "/,
    );
  });

  it('accepts the reserved exception property and settings that change the node count', () => {
    expect(parseOrThrow('protocol raft\nexpect violation no-exception\n').expectation).toEqual({ kind: 'violation', property: 'no-exception' });
    // What docs/studying.md says besides: a bare expect violation, check no-exception, header lines after events.
    expect(parseOrThrow('protocol raft\nexpect violation\n').expectation).toEqual({ kind: 'violation', property: null });
    expect(parseOrThrow('protocol raft\ncheck no-exception\n').properties).toEqual(['no-exception']);
    const late = parseOrThrow('tick 0\nprotocol raft\ntick 1\nseed 3\nset nodeCount=5\ntick 4\n');
    expect([late.randomSeed, late.events.length, (late.config as { nodeCount: number }).nodeCount]).toEqual([3, 3, 5]);
    expect(parseOrThrow('protocol raft\nseed 4294967295\n').randomSeed).toBe(4294967295);
    // What the config has is fine; a replace-server in single-server mode too (the leader refuses it).
    expect(parseOrThrow('protocol kafka\nset partitionCount=2\nclient 0 0 produce 5 p1\n').events).toHaveLength(1);
    expect(parseOrThrow('protocol raft\nset membershipChanges=true\nset nodeCount=4\nclient 0 0 replace-server 0 3\n').events).toHaveLength(1);
    // Tabs separate words as spaces do; a control character in a comment is never shown.
    expect(parseOrThrow('protocol raft\ntick\t0 # a bell: \u0007\n').events).toEqual([{ kind: 'tick', node: 0 }]);
    const five = parseOrThrow('protocol primary-backup\nset nodeCount=5\npartition 0,1,1,0,0\ntick 4\n');
    expect(five.events).toEqual([
      { kind: 'partition', groups: [0, 1, 1, 0, 0] },
      { kind: 'tick', node: 4 },
    ]);
  });
});
