/**
 * Scripted scenarios: every file in scenarios/ replays and meets its `expect` line, and every saved
 * counterexample survives the round trip artifact -> scenario text -> schedule unchanged (so the
 * text format can express whatever a hunt finds, for every protocol).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseArtifact } from '../src/study/artifact.ts';
import { formatScenario, formatScenarioError, parseScenario } from '../src/study/scenario.ts';

const root = resolve(import.meta.dirname, '..');
const names = protocols.map((protocol) => protocol.name);

describe('scripted scenarios', () => {
  const files = readdirSync(join(root, 'scenarios')).filter((file) => file.endsWith('.scenario'));
  it('there are scenarios for every protocol', () => {
    const covered = new Set(
      files.map((file) => parseScenario(file, readFileSync(join(root, 'scenarios', file), 'utf8'), findProtocol, names)).flatMap((parsed) => (parsed.ok ? [parsed.value.protocol] : [])),
    );
    expect([...covered].sort()).toEqual([...names].sort());
  });

  for (const file of files) {
    it(`${file} meets its expectation`, () => {
      const parsed = parseScenario(file, readFileSync(join(root, 'scenarios', file), 'utf8'), findProtocol, names);
      if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
      const scenario = parsed.value;
      const protocol = findProtocol(scenario.protocol);
      if (!protocol) throw new Error(`unknown protocol ${scenario.protocol}`);
      const setup = resolveSetup(protocol, scenario.variant, scenario.settings);
      if ('error' in setup) throw new Error(setup.error);
      const result = new Simulator(setup).run({ randomSeed: scenario.randomSeed, events: scenario.events });
      expect(scenario.expectation, 'a checked-in scenario states what it expects').not.toBeNull();
      if (scenario.expectation?.kind === 'no-violation') expect(result.violation).toBeNull();
      if (scenario.expectation?.kind === 'violation') {
        expect(result.violation).not.toBeNull();
        if (scenario.expectation.property) expect(result.violation?.property).toBe(scenario.expectation.property);
      }
    });
  }

  it('every saved counterexample round-trips through the scenario text format', () => {
    const corpus = join(root, 'counterexamples');
    let checked = 0;
    for (const protocolName of readdirSync(corpus)) {
      for (const file of readdirSync(join(corpus, protocolName)).filter((name) => name.endsWith('.json'))) {
        const artifact = parseArtifact(file, readFileSync(join(corpus, protocolName, file), 'utf8'));
        const protocol = findProtocol(artifact.protocol);
        if (!protocol) throw new Error(`unknown protocol ${artifact.protocol}`);
        const text = formatScenario({ protocol, variant: artifact.variant, randomSeed: artifact.schedule.randomSeed, events: artifact.schedule.events });
        const parsed = parseScenario(file, text, findProtocol, names);
        if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
        expect(parsed.value.events, `${protocolName}/${file}`).toEqual(artifact.schedule.events);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(protocols.reduce((total, protocol) => total + protocol.variants.length - 1, 0));
  });

  it('reports the file, the line and what was expected for bad scenario text', () => {
    const cases: [string, RegExp][] = [
      ['protocol nope\n', /x\.scenario:1: expected a protocol name \(primary-backup, /],
      ['protocol raft\ntick\n', /x\.scenario:2: expected tick NODE/],
      ['protocol raft\npartition a,b\n', /x\.scenario:2: expected partition G0,G1/],
      ['protocol raft\nclient 0 0 frobnicate x\n', /x\.scenario:2: expected an operation of raft/],
      ['tick 0\n', /x\.scenario:1: expected a "protocol NAME" line/],
      ['protocol kafka\nexpect maybe\n', /x\.scenario:2: expected "expect no-violation" or "expect violation \[PROPERTY\]"/],
      ['protocol zab\nwobble 3\n', /x\.scenario:2: expected one of protocol, variant/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseScenario('x.scenario', text, findProtocol, names);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(formatScenarioError(parsed.error)).toMatch(message);
    }
  });
});
