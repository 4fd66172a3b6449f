/**
 * The CLI contract, exercised as a user would: `node bin/faultline.mjs ...` (what `npx faultline`
 * runs), checking exit codes, JSON last lines, artifacts and replays.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import once from 'lodash/once.js';
import { cliIn, projectRoot, tutorialBug, tutorialBugHunt } from './cli-support.ts';
import { describe, expect, it } from 'vitest';

const { work, faultline } = cliIn('faultline-cli');

describe('faultline CLI', () => {
  it('list --json names every protocol with a correct variant and its properties', () => {
    const run = faultline('list', '--json');
    expect(run.status).toBe(0);
    const protocols = run.last.protocols as { name: string; variants: string[]; properties: string[] }[];
    expect(protocols.map((protocol) => protocol.name)).toContain('primary-backup');
    for (const protocol of protocols) {
      expect(protocol.variants).toContain('correct');
      expect(protocol.properties.length).toBeGreaterThan(0);
    }
  });

  it('list --protocol NAME shows that registered protocol alone; an unknown name is refused with the known ones', () => {
    const run = faultline('list', '--protocol', 'raft', '--json');
    expect(run.status, run.stderr).toBe(0);
    const listed = run.last.protocols as { name: string; variants: string[] }[];
    expect(listed.map((protocol) => protocol.name)).toEqual(['raft']);
    expect(listed[0]?.variants).toContain('commit-old-term');
    const unknown = faultline('list', '--protocol', 'rafts');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('faultline: unknown protocol "rafts"; known protocols: primary-backup, raft, zab, kafka\n');
  });

  it("list --protocol NAME --protocol-module FILE shows the user's own protocol alone; the module without its name is refused", () => {
    const module = join(projectRoot, 'properties/fixtures/minimal-protocol.ts');
    const run = faultline('list', '--protocol', 'minimal-register', '--protocol-module', module, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(run.last).toMatchObject({
      protocols: [
        {
          name: 'minimal-register',
          variants: ['correct', 'volatile-register'],
          breaks: { 'volatile-register': 'acknowledged-write-survives' },
          properties: ['acknowledged-write-survives', 'no-exception'],
        },
      ],
    });
    const half = faultline('list', '--protocol-module', module);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/--protocol-module needs --protocol NAME/);
    // A TypeScript module in a folder with no "type": "module" package (Node takes it for CommonJS)
    // loads too: it failed with ERR_REQUIRE_CYCLE_MODULE.
    const outside = mkdtempSync(join(tmpdir(), 'faultline-own-protocol-'));
    const copy = join(outside, 'minimal-protocol.ts');
    writeFileSync(copy, readFileSync(module, 'utf8').replaceAll("'../../src/", `'${join(projectRoot, 'src')}/`));
    const loaded = faultline('list', '--protocol', 'minimal-register', '--protocol-module', copy, '--json');
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(loaded.last).toMatchObject({ protocols: [{ name: 'minimal-register' }] });
    // A syntax error is named by file, line and column (only "Transform failed with 1 error:" was).
    const broken = join(outside, 'broken.ts');
    writeFileSync(broken, 'export const x = ;\n');
    const refused = faultline('list', '--protocol', 'minimal-register', '--protocol-module', broken);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^faultline: .*broken\.ts: cannot load the protocol module \(Transform failed with 1 error: .*broken\.ts:1:17: ERROR: Unexpected ";"\)\n$/,
    );
  });

  // The hunt that writes the artifact runs once, for whichever of its tests runs first (any order);
  // two workers, as on a 2-core machine by default, so that it is also the two-worker side below.
  const huntWithArtifact = once(() => faultline(...tutorialBugHunt(7, '--json', '--workers', '2')));
  const huntedArtifact = (): string => join(work, huntWithArtifact().last.artifact as string);
  it('hunt finds the ack-before-replicate bug, shrinks it and writes an artifact', () => {
    const run = huntWithArtifact();
    expect(run.status).toBe(1);
    expect(run.last).toMatchObject({ protocol: 'primary-backup', variant: 'ack-before-replicate', found: true, property: 'no-acked-write-lost' });
    expect(run.last.events as number).toBeLessThanOrEqual(run.last.eventsBeforeShrink as number);
    expect(run.last.events as number).toBeLessThanOrEqual(8);
    expect(typeof run.last.path).toBe('string');
    const artifact = huntedArtifact();
    const saved = JSON.parse(readFileSync(artifact, 'utf8')) as { violation: { property: string } };
    expect(saved.violation.property).toBe('no-acked-write-lost');
    expect(readFileSync(artifact.replace(/\.json$/, '.md'), 'utf8')).toContain('no-acked-write-lost');
  });

  it('the same hunt with one worker and with two reports the same counterexample', () => {
    const one = faultline(...tutorialBugHunt(7, '--json', '--workers', '1', '--no-artifacts'));
    const two = huntWithArtifact();
    for (const field of ['runs', 'seed', 'path', 'events', 'eventsBeforeShrink', 'property', 'message']) {
      expect(two.last[field]).toEqual(one.last[field]);
    }
  });

  it('replay reproduces the saved counterexample with a matching trace hash', () => {
    const artifact = huntedArtifact();
    const run = faultline('replay', artifact, '--json');
    expect(run.status).toBe(1);
    expect(run.last).toMatchObject({ reproduced: true, property: 'no-acked-write-lost', traceHashMatches: true });
    const text = faultline('replay', artifact);
    expect(text.stdout).toContain('node 0 crashes');
    expect(text.stdout).toContain('no-acked-write-lost');
  });

  it('hunting the correct model finds nothing in its budget', () => {
    // The command's answer for nothing found; the false-alarm guard of the model itself is
    // primary-backup.test.ts's 1,500-run hunt (this one hunted 600 runs, about 0.5 CPU s more).
    const run = faultline('hunt', '--protocol', 'primary-backup', '--runs', '100', '--seed', '3', '--json');
    expect(run.status).toBe(0);
    expect(run.last).toMatchObject({ found: false, property: null, runs: 100, artifact: null });
  });

  it('a guided hunt seeded with a scenario finishes the story and reports its strategy', () => {
    const story = join(work, 'isolated-primary.scenario');
    writeFileSync(story, ['protocol primary-backup', 'variant ack-before-replicate', 'partition 0,1,1', 'client 0 0 write 7'].join('\n'));
    const run = faultline(...tutorialBug, '--from', story, '--runs', '2000', '--seed', '2', '--json', '--no-artifacts');
    expect(run.status).toBe(1);
    expect(run.last).toMatchObject({ found: true, property: 'no-acked-write-lost', strategy: 'guided' });
    expect(run.last.path as string).toMatch(/^guided:\d+$/);
    expect(run.last.events as number).toBeLessThanOrEqual(8);
    // Without --protocol the scenario's protocol is hunted, as studying.md shows it (it was refused:
    // "a primary-backup schedule cannot seed a hunt of primary-backup, raft, zab, kafka").
    const inferred = faultline('hunt', '--strategy', 'guided', '--from', story, '--runs', '5', '--seed', '2', '--json', '--no-artifacts');
    expect(inferred.status, inferred.stderr).toBe(0);
    expect(inferred.last).toMatchObject({ protocol: 'primary-backup', variant: 'correct', strategy: 'guided', runs: 5 });
  });

  it('bad usage and bad files exit 2 with a clear message and no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['hunt', '--no-such-flag'], /unknown option/],
      [['hunt', '--protocol', 'nope'], /unknown protocol "nope"/],
      [['hunt', '--protocol', 'primary-backup', '--variant', 'nope'], /has no variant "nope"/],
      [['hunt', '--protocol', 'primary-backup', '--runs', 'many'], /--runs expects an integer/],
      [['hunt', '--protocol', 'primary-backup', '--set', 'nodeCount=0'], /nodeCount must be/],
      [['hunt', '--shard', '3/2'], /--shard expects K\/N/],
      [['hunt', '--shard', '1/99999999999999999999', '--seed', '1'], /--shard expects K\/N/],
      [['hunt', '--shard', '1/2', '--runs', '10'], /^faultline: --shard needs --seed S: every shard of one hunt must hunt its seed/],
      [['hunt', '--strategy', 'bogus'], /argument 'bogus' is invalid. Allowed choices are mixed, random, guided/],
      [['replay', join(work, 'missing.json')], /no such file/],
    ];
    writeFileSync(join(work, 'broken.json'), '{"faultline": 1, "protocol": "primary-backup", "variant": "correct"');
    cases.push([['replay', join(work, 'broken.json')], /broken\.json: line 1, column 68: expected a JSON artifact/]);
    writeFileSync(join(work, 'bad.scenario'), 'protocol primary-backup\ncrash zero\n');
    cases.push([['replay', join(work, 'bad.scenario')], /bad\.scenario:2: expected crash NODE/]);
    writeFileSync(join(work, 'backup.scenario'), 'protocol primary-backup\ncrash 0\n');
    cases.push([['hunt', '--protocol', 'raft', '--from', join(work, 'backup.scenario')], /a primary-backup schedule cannot seed a hunt of raft/]);
    cases.push([
      ['hunt', '--protocol', 'primary-backup', '--strategy', 'random', '--from', join(work, 'backup.scenario')],
      /cannot be used with --strategy random/,
    ]);
    cases.push([['merge'], /missing required argument 'files'/]);
    cases.push([['check-history', '--modle', 'kv'], /^faultline: unknown option '--modle' \(Did you mean --model\?\) \(--help for usage\)$/m]);
    for (const [args, message] of cases) {
      const run = faultline(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      // One line with one prefix, whether faultline or its option parser (Commander) refused the input.
      expect(run.stderr, args.join(' ')).toMatch(/^faultline: /);
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('a scripted scenario replays and states whether its expectation was met', () => {
    const file = join(work, 'lost-write.scenario');
    writeFileSync(
      file,
      [
        'protocol primary-backup',
        'variant ack-before-replicate',
        'partition 0,1,1',
        'client 0 0 write 7',
        'crash 0',
        'expect violation no-acked-write-lost',
      ].join('\n'),
    );
    const run = faultline('replay', file, '--json');
    expect(run.status).toBe(1);
    expect(run.last).toMatchObject({ reproduced: true, expectationMet: true, events: 3 });
  });
});
