/**
 * `faultline hunt` as a user meets it: what it hunts with no options, the self-test's explanation,
 * the time budget as a wall (asserted on the figures the hunt reports, never on this test's own
 * clock), Ctrl-C, artifact names, the printed replay line, a user's own protocol module, and the
 * warning for settings that leave nothing to test. Every run is the real command
 * (`node bin/faultline.mjs`), with small budgets.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, fsyncRegisterHunt, interruptWhen, jsonLines, projectRoot, tutorialBug, tutorialBugHunt } from './cli-support.ts';
import { describe, expect, it } from 'vitest';

const { work, faultline } = cliIn('faultline-cli-hunt', { timeoutMs: 60_000 });
const root = projectRoot;
const throwingModule = join(root, 'properties/fixtures/throwing-protocol.ts');

/**
 * The replay command a hunt printed, run once per file: the two replay-line tests below print the
 * same one (seed 21 finds the tutorial bug at run 36, with or without a wall), and each replay hunts
 * and shrinks the bug again (about 0.7 CPU s).
 */
const replays = new Map<string, ReturnType<typeof faultline>>();
function replayed(replay: string): ReturnType<typeof faultline> {
  const run = replays.get(replay) ?? faultline(...replay.split(' ').slice(2), '--json', '--no-artifacts');
  replays.set(replay, run);
  return run;
}

/** The slack the issue allows a time budget: 10 % + 1 s. */
function withinBudget(ms: number, limitMs: number): boolean {
  return ms <= limitMs * 1.1 + 1000;
}

describe('faultline hunt', () => {
  it('with no options hunts the correct model of every protocol, within the time budget', () => {
    // Every target must get a first run (a target that gets none makes the answer unknown, exit 3):
    // 2.4 s leaves each about 0.6 s, twice a Kafka worker's first run on a loaded machine.
    const run = faultline('hunt', '--time-limit-ms', '2400', '--seed', '1', '--json');
    expect(run.status, JSON.stringify(run.last)).toBe(0);
    const targets = run.lines.filter((line) => line.summary !== true);
    expect(targets.map((line) => line.protocol)).toEqual(['primary-backup', 'raft', 'zab', 'kafka']);
    expect(targets.every((line) => line.variant === 'correct' && line.found === false)).toBe(true);
    for (const line of targets) expect(withinBudget(line.ms as number, line.timeLimitMs as number), JSON.stringify(line)).toBe(true);
    expect(run.last).toMatchObject({ summary: true, selfTest: false, targets: 4, hunted: 4, found: 0, timeLimitMs: 2400 });
    expect(withinBudget(run.last.ms as number, 2400)).toBe(true);
    // A target reached once the budget is spent is not hunted (no worker is given a first run past the wall).
    // Nothing checked is not "no violation": such a target is "not hunted" and the answer is unknown (exit 3; it was 0).
    const spent = faultline('hunt', '--time-limit-ms', '1', '--seed', '1', '--json');
    expect(spent.status).toBe(3);
    const late = spent.lines.filter((line) => line.summary !== true).slice(1);
    expect(late.map((line) => [line.protocol, line.runs, line.ms])).toEqual([
      ['raft', 0, 0],
      ['zab', 0, 0],
      ['kafka', 0, 0],
    ]);
    expect(spent.last).toMatchObject({
      summary: true,
      targets: 4,
      hunted: 0,
      notHunted: ['primary-backup/correct', 'raft/correct', 'zab/correct', 'kafka/correct'],
    });
    const spentText = faultline('hunt', '--time-limit-ms', '1', '--seed', '1', '--no-artifacts');
    expect(spentText.status).toBe(3);
    expect(spentText.stdout).toMatch(/^kafka\s+correct\s+not hunted\s/m);
    expect(spentText.stdout.trim().split('\n').pop()).toMatch(/^Nothing was checked: .*\(exit code 3\)\.$/);
    const text = faultline('hunt', '--runs', '4', '--seed', '1', '--no-artifacts');
    expect(text.stdout).toMatch(/the correct model of every protocol/);
    expect(text.stdout.trim().split('\n').pop()).toMatch(/^No violation in the 4 targets in \d+ runs .*\(exit code 0\)\.$/);
  });

  it('the self-test (--variant all) explains every row that is not "caught" and what exit code 3 means', () => {
    const run = faultline('hunt', '--protocol', 'kafka', '--variant', 'all', '--runs', '1', '--seed', '3', '--no-artifacts');
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/self-test/);
    const missed = [...run.stdout.matchAll(/^kafka\s+(\S+)\s+\S+\s+missed/gm)].map((match) => match[1]);
    expect(missed.length).toBeGreaterThan(0);
    for (const variant of missed) expect(run.stdout).toContain(`kafka/${variant}: the known bug (breaks `);
    expect(run.stdout).toMatch(/Exit code 3: no correct model broke, but \d+ known bug\(s\) were not re-found within the budget/);
  });

  it('a time budget is a wall: shrinking stops at it, says so, and the finding still replays', () => {
    // Seed 7 finds it in 5 runs with the setting swarm on (the default), about 0.4 s in, and its
    // shrinking takes over 10 s, so the wall falls while shrinking. 1.5 s of wall once ran out
    // before the find on a loaded machine (load 13, 2026-12-02): 3 s leaves room for that.
    const run = faultline('hunt', '--protocol', 'zab', '--variant', 'diff-without-trunc', '--time-limit-ms', '3000', '--seed', '7', '--json');
    expect(run.status).toBe(1);
    expect(run.last).toMatchObject({ found: true, timeLimitMs: expect.any(Number) });
    expect(withinBudget(run.last.ms as number, 3000)).toBe(true);
    expect(typeof run.last.shrinkStoppedEarly).toBe('boolean');
    const replay = faultline('replay', run.last.artifact as string, '--json');
    expect(replay.status).toBe(1);
    expect(replay.last).toMatchObject({ property: run.last.property, matchesRecorded: true });
  });

  it('a finding at drawn settings names them and the explore command that looks for a shorter story one setting away', () => {
    // Seed 2 finds snapshot-discards-log-suffix at run 244 with a drawn electionTimeoutTicksMax=4, which
    // shrinking keeps (14 events, about 3 s; a run budget, so the same shrinking on any machine).
    const run = faultline('hunt', '--protocol', 'raft', '--variant', 'snapshot-discards-log-suffix', '--runs', '300', '--seed', '2');
    expect(run.status).toBe(1);
    const drawn = /^ {2}settings the run drew \(the setting swarm\): (.+)$/m.exec(run.stdout)?.[1];
    expect(drawn, run.stdout).toBeDefined();
    const hint = /^ {2}a shorter story at other settings\? npx faultline (explore --from \S+ --neighbours)$/m.exec(run.stdout)?.[1];
    expect(hint, run.stdout).toBe('explore --from .faultline/raft-snapshot-discards-log-suffix-mixed-seed-2.json --neighbours');
    // Its replay says the same (not with --quiet, which prints the verdict).
    const artifact = '.faultline/raft-snapshot-discards-log-suffix-mixed-seed-2.json';
    const replay = faultline('replay', artifact);
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain(`\na shorter story at other settings? npx faultline ${hint}\n`);
    expect(faultline('replay', artifact, '--quiet').stdout).not.toContain('a shorter story');
    // The command runs as printed: the drawn settings first, then each configuration one swarm value away.
    const explore = faultline(...(hint ?? '').split(' '), '--time-limit-ms', '1500', '--workers', '1', '--json', '--no-artifacts');
    expect([0, 1, 3], explore.stderr).toContain(explore.status);
    const configurations = explore.last.neighbours as { settings: Record<string, unknown>; changed: unknown }[];
    expect(configurations.length).toBeGreaterThan(1);
    expect(configurations[0]?.changed).toBeNull();
    // As the artifact records them: numbers and booleans as such, not their text.
    const artifactConfig = JSON.parse(readFileSync(join(work, artifact), 'utf8')).config as Record<string, unknown>;
    for (const pair of (drawn ?? '').split(', ')) {
      const [key = '', value] = pair.split('=');
      expect(String(configurations[0]?.settings[key])).toBe(value);
      expect(configurations[0]?.settings[key]).toStrictEqual(artifactConfig[key]);
    }
    expect(configurations.find((configuration) => configuration.changed === 'preVote=true')?.settings.preVote).toBe(true);
  });

  it('random and guided hunts of one seed write different artifacts named by strategy and seed', () => {
    const names = ['random', 'guided'].map((strategy) => {
      const run = faultline(...tutorialBug, '--strategy', strategy, '--runs', '3000', '--seed', '11', '--json');
      expect(run.status).toBe(1);
      return run.last.artifact as string;
    });
    expect(names).toEqual([
      join('.faultline', 'primary-backup-ack-before-replicate-random-seed-11.json'),
      join('.faultline', 'primary-backup-ack-before-replicate-guided-seed-11.json'),
    ]);
    for (const name of names) expect(existsSync(join(work, name))).toBe(true);
  });

  it('without artifacts the printed replay line is a command that finds the same counterexample', () => {
    const run = faultline(...tutorialBug, '--time-limit-ms', '5000', '--seed', '21', '--json', '--no-artifacts');
    expect(run.status).toBe(1);
    const replay = run.last.replay as string;
    expect(replay).toMatch(/^npx faultline hunt --protocol primary-backup --variant ack-before-replicate --seed 21 --runs \d+/);
    const again = replayed(replay);
    expect(again.status).toBe(1);
    for (const field of ['property', 'seed']) expect(again.last[field]).toEqual(run.last[field]);
    // On a loaded machine the 5-s wall can cut the first hunt's shrinking short (before fast-check's
    // shrink path was known, the path is empty); the command, without a wall, then shrinks the same
    // failure further.
    if (run.last.shrinkStoppedEarly === true) expect(again.last.events as number).toBeLessThanOrEqual(run.last.events as number);
    else for (const field of ['path', 'events', 'message']) expect(again.last[field]).toEqual(run.last[field]);
    const text = faultline(...tutorialBugHunt(21, '--no-artifacts'));
    expect(text.stdout).toMatch(/^ {2}replay: npx faultline hunt --protocol primary-backup/m);
  });

  it('the replay line of a small run budget asks for the runs up to the failing one, no more (it said --runs 5000 for --runs 300)', () => {
    const run = faultline(...tutorialBug, '--runs', '300', '--seed', '21', '--json', '--no-artifacts');
    expect(run.status).toBe(1);
    // Seed 21 finds it at run 36 of the first chunk.
    expect(run.last.runs).toBe(36);
    const replay = run.last.replay as string;
    expect(replay).toBe('npx faultline hunt --protocol primary-backup --variant ack-before-replicate --seed 21 --runs 36');
    const again = replayed(replay);
    expect(again.status).toBe(1);
    for (const field of ['property', 'seed', 'path', 'events', 'message', 'runs']) expect(again.last[field]).toEqual(run.last[field]);
    // The fewest: one run less does not reach the failing run.
    const short = faultline(...replay.replace('--runs 36', '--runs 35').split(' ').slice(2), '--json', '--no-artifacts');
    expect(short.last).toMatchObject({ found: false, runs: 35 });
    // A known bug not caught is unknown, not a pass, for one target as for several (it exited 0).
    expect(short.status).toBe(3);
  });

  it('warns when the settings leave the properties nothing to check', () => {
    const run = faultline('hunt', '--protocol', 'kafka', '--set', 'minInsyncReplicas=4', '--runs', '100', '--seed', '1', '--no-artifacts');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/warning: in 100 runs, not one reached "write-acknowledged" .* nothing was tested/);
    const json = faultline('hunt', '--protocol', 'kafka', '--set', 'minInsyncReplicas=4', '--runs', '100', '--seed', '1', '--no-artifacts', '--json');
    expect(json.last.warning).toMatch(/not one reached "write-acknowledged"/);
    const normal = faultline('hunt', '--protocol', 'primary-backup', '--runs', '100', '--seed', '1', '--no-artifacts');
    expect(normal.stdout).not.toMatch(/warning:/);
  });

  it('a correct model broken under a --set value it does not promise to survive is no "bug in the model"', () => {
    // As docs/protocols/kafka.md's `--set minInsyncReplicas=1 --set uncleanLeaderElectionEnable=true`
    // (settings.unpromised): the fixture loses an acknowledged write with fsync=false, in 2 runs.
    const hunt = [...fsyncRegisterHunt, '--no-artifacts'];
    const unsynced = faultline(...hunt, '--set', 'fsync=false');
    expect(unsynced.status).toBe(1);
    expect(unsynced.stdout).toContain(
      'Found a violation in fsync-register/correct under a setting its correct model does not promise to survive (fsync=false: without fsync an acknowledged write is lost by a crash): what the setting allows, not a bug in the model (exit code 1).',
    );
    expect(unsynced.stdout).not.toContain(': a bug in the model');
    expect(faultline(...hunt).status).toBe(0);
  });

  describe("a protocol from the user's own module that throws is a finding", () => {
    // Both strategies and both worker counts, in two spawns (each worker loads the TypeScript module
    // through tsx, about a CPU second per hunt); properties/exceptions.test.ts hunts all four in process.
    for (const [strategy, workers] of [
      ['random', '1'],
      ['guided', '2'],
    ] as const) {
      it(`${strategy}, ${workers} worker(s): exit 1, kind exception, an artifact that replays to the same exception`, () => {
        const run = faultline(
          'hunt',
          '--protocol',
          'throws-on-second-entry',
          '--protocol-module',
          throwingModule,
          '--strategy',
          strategy,
          '--workers',
          workers,
          '--runs',
          strategy === 'guided' ? '4000' : '400',
          '--seed',
          '7',
          '--json',
        );
        expect(run.status, run.stderr).toBe(1);
        expect(run.last).toMatchObject({ found: true, kind: 'exception', property: 'no-exception', strategy });
        const artifact = run.last.artifact as string;
        expect(artifact).toContain(`-${strategy}-seed-7`);
        const replay = faultline('replay', artifact, '--protocol-module', throwingModule, '--json');
        expect(replay.status).toBe(1);
        expect(replay.last).toMatchObject({ kind: 'exception', property: 'no-exception', matchesRecorded: true, message: run.last.message });
        if (strategy === 'random' && workers === '1') {
          // The transcript and the picture name the module in their replay command (they did not).
          const replayLine = `npx faultline replay ${artifact} --protocol-module ${throwingModule}`;
          expect(readFileSync(join(work, artifact.replace(/\.json$/, '.md')), 'utf8')).toContain(replayLine);
          expect(readFileSync(join(work, artifact.replace(/\.json$/, '.html')), 'utf8')).toContain(replayLine);
          // Without the module the protocol is unknown: a clear message, not a stack trace.
          const bare = faultline('replay', artifact);
          expect(bare.status).toBe(2);
          expect(bare.stderr).toMatch(/unknown protocol "throws-on-second-entry".*--protocol-module/);
        }
      });
    }
  });

  it('Ctrl-C reports what ran so far with the seed and exits 130', async () => {
    const { status, stdout, stderr } = await interruptWhen(
      work,
      ['hunt', '--protocol', 'raft', '--time-limit-ms', '60000', '--seed', '5'],
      (output) => output.stdout.includes('faultline hunt:'),
      1000,
    );
    expect(status).toBe(130);
    expect(stdout).toMatch(/raft\/correct: no violation in \d+ runs.*\(interrupted\)/);
    expect(stdout).toMatch(/Interrupted after .*, seed 5\. Nothing found so far\./);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a bug variant caught by another property than the one it is known to break says so, in hunt and merge, exit 1', () => {
    // The tutorial bug, declared to break operations-complete: the hunt catches it as no-acked-write-lost.
    const module = join(work, 'other-property.mts');
    writeFileSync(
      module,
      [
        `import { primaryBackup } from ${JSON.stringify(join(root, 'src/protocols/primary-backup/index.ts'))};`,
        "export const otherBug = { ...primaryBackup, name: 'other-bug-pb', variants: primaryBackup.variants.map((variant) =>",
        "  variant.name === 'ack-before-replicate' ? { ...variant, expectedViolation: 'operations-complete' } : variant) };",
      ].join('\n'),
    );
    const args = ['hunt', '--protocol', 'other-bug-pb', '--protocol-module', module, '--variant', 'ack-before-replicate', '--runs', '3000'];
    const sentence =
      'Caught the bug of other-bug-pb/ack-before-replicate, but as a violation of no-acked-write-lost rather than operations-complete, the property it is known to break: it shows up another way first (exit code 1).';
    const run = faultline(...args, '--seed', '7', '--no-artifacts');
    // It said "Caught the bug of other-bug-pb/ack-before-replicate (exit code 1).", as if its own property broke.
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^other-bug-pb\/ack-before-replicate: caught \(other property\) safety property "no-acked-write-lost"/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(sentence);
    for (const shard of ['1/2', '2/2']) {
      const part = faultline(...args, '--seed', '5', '--shard', shard, '--json', '--no-artifacts');
      expect(part.status).toBe(1);
      writeFileSync(join(work, `other-property-${shard.replace('/', '-of-')}.jsonl`), part.stdout);
    }
    const merged = faultline('merge', 'other-property-1-of-2.jsonl', 'other-property-2-of-2.jsonl');
    expect(merged.status).toBe(1);
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toBe(sentence);
  });

  it('Ctrl-C: the targets never reached are "not hunted" in the JSON summary and the closing sentence', async () => {
    // The tutorial protocol under another name, saying "hunting" on stderr at its first step: Ctrl-C comes
    // while its first variant is hunted, so the two after it are never reached. (Its summary said "notHunted": [].)
    const noisy = join(work, 'noisy-for-interrupt.mts');
    writeFileSync(
      noisy,
      [
        `import { primaryBackup } from ${JSON.stringify(join(root, 'src/protocols/primary-backup/index.ts'))};`,
        'let said = false;',
        "export const noisyProtocol = { ...primaryBackup, name: 'noisy-pb', step(context, state, input) {",
        "  if (!said) { said = true; process.stderr.write('hunting\\n'); }",
        '  return primaryBackup.step(context, state, input);',
        '} };',
      ].join('\n'),
    );
    const args = ['hunt', '--protocol', 'noisy-pb', '--protocol-module', noisy, '--variant', 'all', '--runs', '100000000', '--seed', '3'];
    const neverReached = ['noisy-pb/ack-before-replicate', 'noisy-pb/epoch-reuse'];
    const json = await interruptWhen(work, [...args, '--json'], (output) => output.stderr.includes('hunting'), 300);
    expect(json.status).toBe(130);
    const summary = jsonLines(json.stdout).at(-1) ?? {};
    expect(summary).toMatchObject({ summary: true, targets: 3, interrupted: true });
    expect(summary.notHunted).toEqual(expect.arrayContaining(neverReached));
    expect((summary.hunted as number) + (summary.notHunted as string[]).length).toBe(3);
    const text = await interruptWhen(work, args, (output) => output.stderr.includes('hunting'), 300);
    expect(text.status).toBe(130);
    expect(text.stdout).toMatch(
      /^Interrupted after .*: [01] of 3 target\(s\) hunted, \d+ runs, seed 3; not hunted: (noisy-pb\/correct, )?noisy-pb\/ack-before-replicate, noisy-pb\/epoch-reuse\. Nothing found so far\.$/m,
    );
  });

  it('Ctrl-C while a finding is being shrunk writes it out unshrunk, and it replays', async () => {
    // A protocol that throws like the fixture and spends about a millisecond per step: shrinking takes long.
    const slowModule = join(work, 'slow-protocol.mts');
    writeFileSync(
      slowModule,
      [
        `import { throwingProtocol } from ${JSON.stringify(throwingModule)};`,
        'export const slowProtocol = {',
        '  ...throwingProtocol,',
        "  name: 'slow-thrower',",
        '  step(context, state, input) {',
        '    let spin = 0;',
        '    for (let index = 0; index < 1_500_000; index++) spin = (spin + index) | 0;',
        "    if (spin === 1) throw new Error('unreachable');",
        '    return throwingProtocol.step(context, state, input);',
        '  },',
        '};',
      ].join('\n'),
    );
    const args = ['hunt', '--protocol', 'slow-thrower', '--protocol-module', slowModule, '--runs', '400', '--seed', '7', '--workers', '1', '--json'];
    const { status, stdout } = await interruptWhen(work, args, (output) => output.stderr.includes('shrinking it'), 200);
    expect(status).toBe(130);
    const lines = jsonLines(stdout);
    const line = lines.find((candidate) => candidate.protocol === 'slow-thrower') ?? {};
    expect(line).toMatchObject({ found: true, kind: 'exception', interrupted: true, shrinkStoppedEarly: true });
    expect(lines[lines.length - 1]).toMatchObject({ summary: true, interrupted: true, seed: 7 });
    const replay = faultline('replay', line.artifact as string, '--protocol-module', slowModule, '--json', '--quiet');
    expect(replay.status).toBe(1);
    expect(replay.last).toMatchObject({ kind: 'exception', matchesRecorded: true });
  }, 60_000);
});
