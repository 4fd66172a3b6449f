/**
 * Artifacts are hand-editable input and are validated as strictly as scenarios: every `config` key
 * present with a value of its type (no coercion), and each problem reported with its JSON path, what
 * was expected and what was there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ArtifactWriteError, buildArtifact, unclaimedArtifactPath, writeArtifactFiles } from '../src/cli/artifacts.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { artifactOf, checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';

function protocolNamed(name: string): AnyProtocol {
  const protocol = findProtocol(name);
  if (!protocol) throw new Error(`no protocol ${name}`);
  return protocol;
}

/** The text of an artifact of `protocol`'s default config and `events`, with `change` applied to its JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the cases edit arbitrary fields of the artifact's JSON
function artifactText(protocol: AnyProtocol, change: (json: any) => void = () => {}, events: readonly unknown[] = []): string {
  const artifact = artifactOf({ protocol, variant: 'correct', config: protocol.defaultConfig() }, { randomSeed: 0, events: events as never });
  const json = JSON.parse(JSON.stringify(artifact));
  change(json);
  return JSON.stringify(json, null, 2);
}

/** The message an artifact is refused with, or null when it is accepted. */
function refusal(protocol: AnyProtocol, text: string): string | null {
  try {
    checkArtifactForProtocol('a.json', parseArtifact('a.json', text), protocol);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('an artifact config is checked key by key, without coercion', () => {
  const raft = protocolNamed('raft');
  const primaryBackup = protocolNamed('primary-backup');

  it('accepts the config a hunt writes', () => {
    expect(refusal(raft, artifactText(raft))).toBeNull();
    expect(refusal(primaryBackup, artifactText(primaryBackup))).toBeNull();
  });

  it('refuses an empty config, a missing key and an unknown one, naming the key', () => {
    expect(
      refusal(
        raft,
        artifactText(raft, (json) => (json.config = {})),
      ),
    ).toMatch(/^a\.json: \$\.config\.nodeCount: expected an integer \(nodeCount: .*\), got nothing: the key is missing/);
    expect(
      refusal(
        raft,
        artifactText(raft, (json) => delete json.config.preVote),
      ),
    ).toMatch(/^a\.json: \$\.config\.preVote: expected true or false \(preVote: .*\), got nothing: the key is missing/);
    expect(
      refusal(
        primaryBackup,
        artifactText(primaryBackup, (json) => (json.config.replicaCount = 3)),
      ),
    ).toBe(
      'a.json: $.config.replicaCount: expected one of the settings of primary-backup (nodeCount, clientCount, resendIntervalTicks), got an unknown key',
    );
  });

  it('refuses a value of another type instead of coercing it, and says what it got', () => {
    const cases: [(json: { config: Record<string, unknown> }) => void, RegExp][] = [
      [
        (json) => (json.config.nodeCount = '3'),
        /\$\.config\.nodeCount: expected an integer \(nodeCount: voting members of the cluster \(3 to 7\)\), got "3" \(a string\)$/,
      ],
      // It was refused with "got 0": null read as a number.
      [(json) => (json.config.nodeCount = null), /\$\.config\.nodeCount: expected an integer \(.*\), got null$/],
      [(json) => (json.config.nodeCount = 2.5), /\$\.config\.nodeCount: expected an integer \(.*\), got 2\.5$/],
      [
        (json) => (json.config.readMode = ['log']),
        /\$\.config\.readMode: expected one of "log", "read-index" \(readMode: .*\), got \["log"\] \(an array\)$/,
      ],
      [(json) => (json.config.readMode = 'lease'), /\$\.config\.readMode: expected one of "log", "read-index" \(.*\), got "lease" \(a string\)$/],
      [(json) => (json.config.preVote = 'false'), /\$\.config\.preVote: expected true or false \(preVote: .*\), got "false" \(a string\)$/],
      [(json) => (json.config.preVote = 0), /\$\.config\.preVote: expected true or false \(.*\), got 0$/],
    ];
    for (const [change, message] of cases) expect(refusal(raft, artifactText(raft, change)), String(change)).toMatch(message);
  });

  it("still applies the protocol's own validation to values of the right type", () => {
    expect(
      refusal(
        raft,
        artifactText(raft, (json) => (json.config.nodeCount = 0)),
      ),
    ).toMatch(/^a\.json: \$\.config: expected a valid configuration: /);
  });
});

describe("an artifact's operations must be ones its config allows", () => {
  const kafka = protocolNamed('kafka');
  const raft = protocolNamed('raft');
  const client = (operation: unknown) => ({ kind: 'client', node: 0, client: 0, operation });

  it('refuses a partition or a server that does not exist, or a membership change with membership changes off', () => {
    expect(refusal(kafka, artifactText(kafka, undefined, [client({ type: 'produce', partition: 7, value: 5 })]))).toBe(
      'a.json: $.schedule.events[0].operation: expected an operation of kafka\'s workload under $.config (partition 7 does not exist: partitionCount=1 (p0 only)), got {"type":"produce","partition":7,"value":5}',
    );
    expect(refusal(kafka, artifactText(kafka, undefined, [client({ type: 'consume', partition: 1, fromOffset: 0 })]))).toMatch(
      /\$\.schedule\.events\[0\]\.operation: .*partition 1 does not exist/,
    );
    expect(refusal(raft, artifactText(raft, undefined, [client({ type: 'add-server', node: 9 })]))).toMatch(
      /\$\.schedule\.events\[0\]\.operation: expected an operation of raft's workload under \$\.config \(add-server needs membershipChanges=true \(membership changes are off\)\)/,
    );
    const membership = (json: { config: Record<string, unknown> }) => {
      json.config.membershipChanges = true;
      json.config.nodeCount = 4;
    };
    expect(refusal(raft, artifactText(raft, membership, [client({ type: 'remove-server', node: 9 })]))).toMatch(
      /\(server 9 does not exist: nodeCount=4 \(servers 0 to 3\)\)/,
    );
    expect(refusal(raft, artifactText(raft, membership, [client({ type: 'add-server', node: 3 })]))).toBeNull();
    expect(
      refusal(
        kafka,
        artifactText(kafka, (json) => (json.config.partitionCount = 2), [client({ type: 'produce', partition: 1, value: 5 })]),
      ),
    ).toBeNull();
  });
});

describe('a JSON syntax error is reported at its line and column', () => {
  const raft = protocolNamed('raft');
  const errorOf = (text: string): string => {
    try {
      parseArtifact('a.json', text);
      return '';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  it('where V8 gives an offset (it was always "line 1 ... at position N")', () => {
    // A comma left out after the config: V8 reports an offset hundreds of characters in.
    const text = artifactText(raft).replace(/("membershipChangeMode": "single"\n {2}}),/, '$1');
    const line = text.split('\n').findIndex((row) => row.startsWith('  "schedule"')) + 1;
    expect(errorOf(text)).toBe(
      `a.json: line ${line}, column 3: expected a JSON artifact written by "faultline hunt" (Expected ',' or '}' after property value)`,
    );
  });

  it('where V8 gives none, and at the end of a text cut short', () => {
    expect(errorOf('{\n  "faultline": 1,\n  "protocol": }\n')).toBe(
      'a.json: line 3, column 15: expected a JSON artifact written by "faultline hunt" (Unexpected token \'}\')',
    );
    expect(errorOf('{\n  "events": [1, 2,]\n}')).toMatch(/^a\.json: line 2, column 19: .*\(Unexpected token '\]'\)$/);
    expect(errorOf('{\n  "seed": tru,\n}')).toMatch(/^a\.json: line 2, column 14: .*\(Unexpected token ','\)$/);
    expect(errorOf('{\n  "faultline": 1,\n  "protocol": "raft"')).toMatch(
      /^a\.json: line 3, column 21: .*\(Expected ',' or '}' after property value\)$/,
    );
  });

  it('in text nested too deep for a reader that recurses', () => {
    expect(errorOf('['.repeat(100_000))).toBe(
      'a.json: line 1, column 100001: expected a JSON artifact written by "faultline hunt" (Unexpected end of JSON input)',
    );
  });
});

describe('an artifact is never written over another counterexample', () => {
  it('takes NAME-2.json, NAME-3.json, ... where NAME.json holds another story, and the same name for the same one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-artifact-names-'));
    const protocol = protocolNamed('primary-backup');
    const write = { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } };
    const setup = setupOrThrow(protocol, 'correct');
    const none = { seed: null, path: null, eventsBeforeShrink: null };
    const { artifact: one } = buildArtifact(setup, { randomSeed: 0, events: [write] as never }, none);
    const { artifact: other } = buildArtifact(
      setup,
      { randomSeed: 0, events: [write, { kind: 'crash', node: 1, loseUnflushed: false }] as never },
      none,
    );
    expect(other.traceHash).not.toBe(one.traceHash);
    const path = join(folder, 'p-correct-explore-1.json');
    expect(unclaimedArtifactPath(path, one)).toBe(path);
    writeFileSync(path, JSON.stringify(one));
    expect(unclaimedArtifactPath(path, one)).toBe(path);
    expect(unclaimedArtifactPath(path, other)).toBe(join(folder, 'p-correct-explore-1-2.json'));
    writeFileSync(join(folder, 'p-correct-explore-1-2.json'), 'not an artifact');
    expect(unclaimedArtifactPath(path, other)).toBe(join(folder, 'p-correct-explore-1-3.json'));
  });

  it('decides "the same one" by the model, properties and schedule, not by the trace hash alone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-artifact-names-'));
    const protocol = protocolNamed('primary-backup');
    const write = { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } };
    const schedule = { randomSeed: 0, events: [write] as never };
    const none = { seed: null, path: null, eventsBeforeShrink: null };
    const { artifact: one } = buildArtifact(setupOrThrow(protocol, 'correct'), schedule, none);
    // The same story under other settings or properties replays to the same trace: it overwrote the first.
    const { artifact: otherConfig } = buildArtifact(setupOrThrow(protocol, 'correct', { clientCount: 1 }), schedule, none);
    const { artifact: otherProperties } = buildArtifact(
      setupOrThrow(protocol, 'correct', {}, {}, { properties: ['no-acked-write-lost'] }),
      schedule,
      none,
    );
    expect(otherConfig.traceHash).toBe(one.traceHash);
    expect(otherProperties.traceHash).toBe(one.traceHash);
    const path = join(folder, 'p-correct-mixed-seed-1.json');
    writeFileSync(path, JSON.stringify(one));
    expect(unclaimedArtifactPath(path, otherConfig)).toBe(join(folder, 'p-correct-mixed-seed-1-2.json'));
    expect(unclaimedArtifactPath(path, otherProperties)).toBe(join(folder, 'p-correct-mixed-seed-1-2.json'));
    // Where it was found is no part of it: a rerun that found it another way takes its name.
    expect(unclaimedArtifactPath(path, { ...one, seed: 5, path: '3:1', eventsBeforeShrink: 40 })).toBe(path);
  });
});

describe('an artifact that cannot be written', () => {
  it('an artifact whose .json cannot be written is printed as a scenario, and the error says nothing was written', () => {
    const protocol = protocolNamed('primary-backup');
    const setup = setupOrThrow(protocol, 'correct');
    const write = { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } };
    const { artifact } = buildArtifact(setup, { randomSeed: 0, events: [write] as never }, { seed: null, path: null, eventsBeforeShrink: null });
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-artifact-unwritten-')), 'gone', 'a.json');
    const printed: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((text) => printed.push(String(text)) > 0);
    let thrown: unknown = null;
    try {
      writeArtifactFiles(file, artifact, protocol);
    } catch (error) {
      thrown = error;
    } finally {
      stdout.mockRestore();
    }
    expect(thrown).toBeInstanceOf(ArtifactWriteError);
    expect(thrown).toMatchObject({ written: [], unwritten: [file] });
    expect((thrown as Error).message).toMatch(
      /a\.json: cannot write \(no such file or folder\); no artifact file was written: the counterexample is printed above as a scenario$/,
    );
    expect(printed.join('')).toMatch(/^protocol primary-backup$/m);
  });
});
