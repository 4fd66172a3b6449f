/**
 * `--property`: a hunt or an exploration that checks only the properties named, so that another
 * property breaking first does not hide the one under study; the artifact, the replay, the
 * scenario's `check` line and merge carry the choice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { hunt, resolveSetup } from '../src/hunt/hunt.ts';
import { huntJsonLine } from '../src/hunt/json-line.ts';
import { groupShards, parseHuntOutput } from '../src/hunt/merge.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';
import { parseScenario } from '../src/study/scenario.ts';
import { loadStudioFile } from '../src/studio/session.ts';
import { cliIn, tutorialBugHunt } from './cli-support.ts';

const { work, faultline } = cliIn('faultline-cli-property');

/** Kafka acks-1 (a lost acknowledged write, found in a few runs), hunted for linearizability alone. */
const linearizableHunt = ['hunt', '--protocol', 'kafka', '--variant', 'acks-1', '--property', 'linearizable', '--runs', '2000', '--seed', '7'];

describe('hunt --property', () => {
  it('finds the property asked for where another breaks first, and the artifact, replay and scenario keep the choice', () => {
    // The same hunt checking every property stops at the lost write.
    const everything = hunt(setupOrThrow(kafka, 'acks-1'), { runs: 2000, seed: 7, findOnly: true });
    expect(everything.finding?.violation.property).toBe('no-acked-write-lost');

    const run = faultline(...linearizableHunt, '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last).toMatchObject({ found: true, property: 'linearizable', checkedProperties: ['linearizable'], expected: 'no-acked-write-lost' });
    expect(run.last.replay).toMatch(/^npx faultline replay /);
    const artifactFile = join(work, run.last.artifact as string);
    const artifact = JSON.parse(readFileSync(artifactFile, 'utf8')) as Record<string, unknown>;
    expect(artifact.properties).toEqual(['linearizable']);
    // Replayed with every property, the story breaks the lost write's property first: the choice matters.
    const all = new Simulator({ protocol: kafka, variant: 'acks-1', config: artifact.config }).run(artifact.schedule as never);
    expect(all.violation?.property).toBe('no-acked-write-lost');

    const scenarioFile = join(work, 'linearizable.scenario');
    const replay = faultline('replay', artifactFile, '--json', '--scenario', scenarioFile);
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.last).toMatchObject({
      property: 'linearizable',
      checkedProperties: ['linearizable'],
      traceHashMatches: true,
      matchesRecorded: true,
    });
    const scenario = readFileSync(scenarioFile, 'utf8');
    expect(scenario).toMatch(/^check linearizable$/m);
    expect(scenario).toMatch(/^expect violation linearizable$/m);
    const text = faultline('replay', scenarioFile);
    expect(text.stdout).toMatch(/^checked only: linearizable \(the protocol's other properties were not checked\)$/m);
    expect(text.stdout).toMatch(/^reproduced: safety property "linearizable"/m);
    expect(text.stdout).toMatch(/^expectation met$/m);
  });

  it('says which properties it checks, in the text report and the transcript', () => {
    const run = faultline(...tutorialBugHunt(7, '--property', 'no-acked-write-lost', '--out', 'text'));
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^checked only: no-acked-write-lost \(the protocol's other properties were not checked\)$/m);
    const transcript = readFileSync(join(work, 'text', 'primary-backup-ack-before-replicate-mixed-seed-7.md'), 'utf8');
    expect(transcript).toMatch(/checked only.*`no-acked-write-lost`/);
  });

  it('does not call a known bug missed when its own property is not checked', () => {
    const run = faultline(
      'hunt',
      '--protocol',
      'primary-backup',
      '--variant',
      'ack-before-replicate',
      '--property',
      'writes-logged-once',
      '--runs',
      '200',
      '--seed',
      '1',
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.last).toMatchObject({ found: false, expected: 'no-acked-write-lost', checkedProperties: ['writes-logged-once'] });
  });
});

describe('explore --property', () => {
  const explore = ['explore', '--protocol', 'primary-backup', '--variant', 'ack-before-replicate', '--search', 'breadth-first', '--depth', '3'];

  it("checks only the named properties: the lost write's 3-step story is no counterexample of another", () => {
    const other = faultline(...explore, '--property', 'writes-logged-once', '--json', '--no-artifacts');
    expect(other.status, other.stderr).toBe(0);
    expect(other.last).toMatchObject({ found: false, complete: true, depth: 3, checkedProperties: ['writes-logged-once'] });
    const own = faultline(...explore, '--property', 'no-acked-write-lost', '--json', '--out', 'explored');
    expect(own.status, own.stderr).toBe(1);
    expect(own.last).toMatchObject({ found: true, property: 'no-acked-write-lost', events: 3, checkedProperties: ['no-acked-write-lost'] });
    const artifact = JSON.parse(readFileSync(join(work, own.last.artifact as string), 'utf8')) as Record<string, unknown>;
    expect(artifact.properties).toEqual(['no-acked-write-lost']);
  });
});

describe('bad --property input is refused: one line, exit 2', () => {
  const refused = (args: string[], message: RegExp): void => {
    const run = faultline(...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  };

  it("an unknown name (with the list of the protocol's), no protocol, and the self-test", () => {
    refused(
      ['hunt', '--protocol', 'primary-backup', '--property', 'no-such', '--runs', '10'],
      /primary-backup has no property no-such; its properties: no-acked-write-lost, /,
    );
    refused(
      ['explore', '--protocol', 'primary-backup', '--property', 'no-such', '--depth', '1'],
      /primary-backup has no property no-such; its properties: /,
    );
    refused(['hunt', '--property', 'linearizable', '--runs', '10'], /^faultline: --property needs --protocol/);
    refused(
      ['hunt', '--protocol', 'kafka', '--variant', 'all', '--property', 'linearizable', '--runs', '10'],
      /--property cannot be used with --variant all/,
    );
  });

  it("a scenario's check line naming no property or an unknown one, and an expect line it does not check", () => {
    writeFileSync(join(work, 'unknown.scenario'), 'protocol primary-backup\ncheck linearizable no-such\nclient 0 0 write 1\n');
    refused(
      ['replay', 'unknown.scenario'],
      /^faultline: unknown\.scenario:2: expected properties of primary-backup to check \(.*\), found "no-such"$/,
    );
    writeFileSync(
      join(work, 'expect.scenario'),
      'protocol primary-backup\ncheck linearizable\nclient 0 0 write 1\nexpect violation no-acked-write-lost\n',
    );
    refused(
      ['replay', 'expect.scenario'],
      /^faultline: expect\.scenario:4: expected a property the check line on line 2 names \(linearizable, no-exception\)/,
    );
    writeFileSync(join(work, 'empty.scenario'), 'protocol primary-backup\ncheck\n');
    refused(['replay', 'empty.scenario'], /^faultline: empty\.scenario:2: expected check PROPERTY/);
  });
});

describe('the checked properties in the library', () => {
  it('resolveSetup refuses unknown names; the simulator checks only those named (RunOptions wins)', () => {
    expect(resolveSetup(kafka, 'acks-1', {}, {}, { properties: ['no-such'] })).toEqual({
      error: expect.stringMatching(/^kafka has no property no-such; its properties: /),
    });
    expect(resolveSetup(kafka, 'acks-1', {}, {}, { properties: [] })).toEqual({ error: expect.stringMatching(/^no property named to check/) });
    const lostWrite = { randomSeed: 0, events: [] };
    const setup = setupOrThrow(primaryBackup, 'ack-before-replicate', {}, {}, { properties: ['writes-logged-once', 'writes-logged-once'] });
    expect(setup.properties).toEqual(['writes-logged-once']);
    expect(new Simulator(setup).run(lostWrite).violation).toBeNull();
  });

  it("an artifact's properties must be names of its protocol's", () => {
    const base = {
      faultline: 1,
      protocol: 'primary-backup',
      variant: 'correct',
      config: setupOrThrow(primaryBackup, 'correct').config,
      schedule: { randomSeed: 0, events: [] },
      seed: null,
      path: null,
      violation: null,
      traceHash: '',
      eventsBeforeShrink: null,
    };
    expect(() => parseArtifact('a.json', JSON.stringify({ ...base, properties: 'linearizable' }))).toThrow(
      /a\.json: \$\.properties: expected an array of property names/,
    );
    expect(() => parseArtifact('a.json', JSON.stringify({ ...base, properties: [] }))).toThrow(/\$\.properties: expected/);
    const unknown = parseArtifact('a.json', JSON.stringify({ ...base, properties: ['linearizable', 'no-such'] }));
    expect(() => checkArtifactForProtocol('a.json', unknown, primaryBackup)).toThrow(
      /a\.json: \$\.properties\[1\]: expected a property of primary-backup \(.*\), got "no-such"/,
    );
    expect(parseArtifact('a.json', JSON.stringify(base)).properties).toBeUndefined();
  });

  it('the studio shows and checks only the properties a scenario names, and its export keeps the check line', () => {
    const text = 'protocol primary-backup\nvariant ack-before-replicate\ncheck linearizable\npartition 0,1,1\nclient 0 0 write 0\ncrash 0\n';
    const loaded = loadStudioFile('lost.scenario', text, [primaryBackup]);
    if ('error' in loaded) throw new Error(loaded.error);
    const session = loaded.session;
    expect(session.frame(session.length).properties.map((property) => property.name)).toEqual(['linearizable']);
    // The lost write breaks no-acked-write-lost; linearizability, alone checked, holds (nothing read it).
    expect(session.finish().violation).toBeNull();
    expect(session.toScenario()).toMatch(/^check linearizable$/m);
    const all = loadStudioFile('lost.scenario', text.replace('check linearizable\n', ''), [primaryBackup]);
    if ('error' in all) throw new Error(all.error);
    expect(all.session.finish().violation?.property).toBe('no-acked-write-lost');
  });

  it("a scenario's check line is parsed into its properties", () => {
    const parsed = parseScenario(
      's',
      'protocol primary-backup\ncheck linearizable no-acked-write-lost\n',
      (name) => (name === 'primary-backup' ? primaryBackup : undefined),
      ['primary-backup'],
    );
    expect(parsed.ok && parsed.value.properties).toEqual(['linearizable', 'no-acked-write-lost']);
  });

  it('merge refuses shards that checked different properties, and reads lines from before the field as checking all', () => {
    const setup = setupOrThrow(primaryBackup, 'correct');
    const result = hunt(setup, { runs: 5, seed: 3 });
    const line = (shard: string, checked: string[] | null | undefined) => {
      const json: Record<string, unknown> = { ...huntJsonLine(result, 3, null, shard), checkedProperties: checked };
      if (checked === undefined) delete json.checkedProperties;
      return JSON.stringify(json);
    };
    const grouped = (text: string) => {
      const output = parseHuntOutput('shards.jsonl', text);
      if ('problem' in output) throw new Error(output.problem);
      return groupShards(output);
    };
    expect(grouped(`${line('1/2', ['linearizable'])}\n${line('2/2', null)}\n`)).toMatch(
      /shards of different hunts: shards\.jsonl:1 has "checkedProperties": \["linearizable"\], shards\.jsonl:2 has null/,
    );
    expect(grouped(`${line('1/2', undefined)}\n${line('2/2', null)}\n`)).not.toBeTypeOf('string');
    expect(grouped(`${line('1/2', ['linearizable'])}\n${line('2/2', ['linearizable'])}\n`)).not.toBeTypeOf('string');
  });
});
