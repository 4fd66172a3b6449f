/**
 * `faultline merge` as a CI job meets it: the shards of a hunt (`hunt --shard K/N --json`, real
 * runs with small budgets) merged into the one hunt they make, with the verdict in words and the
 * exit code that hunt has. (Refusals of bad input are in cli-errors.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupShards, mergeTargets, parseHuntOutput } from '../src/hunt/merge.ts';
import { cliIn, fsyncRegisterHunt, interruptWhen, jsonLines, projectRoot, tutorialBug } from './cli-support.ts';

const { work, faultline } = cliIn('faultline-cli-merge', { timeoutMs: 60_000 });

/**
 * The tutorial protocol under another name, whose worker says "hunting" on stderr at its first
 * step: a hunt with --json prints nothing else before it ends, and Ctrl-C must come once it hunts.
 */
function writeNoisyProtocol(): string {
  const file = join(work, 'noisy-protocol.mts');
  writeFileSync(
    file,
    [
      `import { primaryBackup } from ${JSON.stringify(join(projectRoot, 'src/protocols/primary-backup/index.ts'))};`,
      'let said = false;',
      'export const noisyProtocol = {',
      '  ...primaryBackup,',
      "  name: 'noisy-pb',",
      '  step(context, state, input) {',
      '    if (!said) {',
      '      said = true;',
      "      process.stderr.write('hunting\\n');",
      '    }',
      '    return primaryBackup.step(context, state, input);',
      '  },',
      '};',
    ].join('\n'),
  );
  return file;
}

/** Shard 2/2 of the hunt `args` with a budget it cannot finish, stopped by Ctrl-C once it hunts; its stdout is written to `file`. */
async function interruptedShard(args: readonly string[], file: string): Promise<Record<string, unknown>[]> {
  const stopped = await interruptWhen(work, [...args, '--runs', '100000000', '--shard', '2/2'], (output) => output.stderr.includes('hunting'), 300);
  expect(stopped.status).toBe(130);
  writeFileSync(join(work, file), stopped.stdout);
  return jsonLines(stopped.stdout);
}

/** Runs shard K of `count` of the hunt `args` for every K, writes each one's stdout to `NAME-K.jsonl`, and returns the files and exit codes. */
function shards(name: string, count: number, args: readonly string[]): { files: string[]; statuses: (number | null)[] } {
  const runs = Array.from({ length: count }, (_, index) => {
    const run = faultline(...args, '--shard', `${index + 1}/${count}`, '--json', '--no-artifacts');
    const file = `${name}-${index + 1}.jsonl`;
    writeFileSync(join(work, file), run.stdout);
    return { file, status: run.status };
  });
  return { files: runs.map((run) => run.file), statuses: runs.map((run) => run.status) };
}

describe('faultline merge', () => {
  it('exits as the hunt it merges, and says why in words', () => {
    // One target, a known bug: a hunt that finds it exits 1, and so does the merge of its shards (it exited 0).
    const bug = shards('bug', 2, [...tutorialBug, '--runs', '300', '--seed', '5']);
    expect(bug.statuses).toEqual([1, 1]);
    const merged = faultline('merge', ...bug.files);
    expect(merged.status).toBe(1);
    expect(merged.stdout).toMatch(
      /^faultline merge: primary-backup\/ack-before-replicate; 1 target\(s\) from 2 file\(s\), seed 5, shards 1\/2 2\/2$/m,
    );
    expect(merged.stdout).toMatch(/^primary-backup\/ack-before-replicate: caught no-acked-write-lost: acknowledged write/m);
    expect(merged.stdout).toMatch(
      /^ {2}replay: npx faultline hunt --protocol primary-backup --variant ack-before-replicate --seed 5 .*--shard [12]\/2$/m,
    );
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toBe('Caught the bug of primary-backup/ack-before-replicate (exit code 1).');
    const bugJson = faultline('merge', ...bug.files, '--json');
    expect(bugJson.status).toBe(1);
    // The summary has the hunt summary's fields that mean something for a merge: the wall time is the
    // longest shard's, as the shards ran side by side.
    const shardMs = bug.files.map((file) => (JSON.parse(readFileSync(join(work, file), 'utf8')) as { ms: number }).ms);
    expect(bugJson.last).toEqual({
      summary: true,
      selfTest: false,
      files: 2,
      targets: 1,
      hunted: 1,
      found: 1,
      unexpectedViolations: [],
      missed: [],
      runs: bugJson.lines[0]?.runs,
      ms: Math.max(...shardMs),
      seed: 5,
      interrupted: false,
      interruptedShards: [],
    });

    // One correct target: nothing found is exit 0, said so.
    const correct = shards('correct', 2, ['hunt', '--protocol', 'primary-backup', '--runs', '100', '--seed', '4']);
    expect(correct.statuses).toEqual([0, 0]);
    const clean = faultline('merge', ...correct.files);
    expect(clean.status).toBe(0);
    expect(clean.stdout.trimEnd().split('\n').at(-1)).toBe('No violation in primary-backup/correct in 200 runs over 2 shards (exit code 0).');

    // The self-test: a known bug not re-found in the budget is exit 3, and the last sentence says why.
    const selfTest = shards('self-test', 2, ['hunt', '--protocol', 'primary-backup', '--variant', 'all', '--runs', '200', '--seed', '3']);
    const whole = faultline('merge', ...selfTest.files);
    expect(whole.status).toBe(3);
    expect(whole.stdout).toMatch(/^primary-backup +epoch-reuse +backups-caught-up +missed +- +400 /m);
    expect(whole.stdout).toMatch(
      /^primary-backup\/epoch-reuse: the known bug \(breaks backups-caught-up\) was not caught in 400 runs over 2 shards: /m,
    );
    expect(whole.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Exit code 3: no correct model broke, but 1 known bug\(s\) were not re-found within the budget; /,
    );
    expect(faultline('merge', ...selfTest.files, '--json').last).toMatchObject({
      selfTest: true,
      targets: 3,
      hunted: 3,
      found: 1,
      missed: ['primary-backup/epoch-reuse'],
      seed: 3,
    });
  });

  it('a correct model broken under a --set value it does not promise to survive is no "bug in the model", as hunt says', () => {
    // The fixture of cli-hunt.test.ts: fsync=false is in its settings.unpromised; each shard finds the loss.
    const unsynced = shards('unsynced', 2, [...fsyncRegisterHunt, '--set', 'fsync=false']);
    expect(unsynced.statuses).toEqual([1, 1]);
    const merged = faultline('merge', ...unsynced.files);
    expect(merged.status).toBe(1);
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Found a violation in fsync-register/correct under a setting its correct model does not promise to survive (fsync=false: without fsync an acknowledged write is lost by a crash): what the setting allows, not a bug in the model (exit code 1).',
    );
    expect(merged.stdout).not.toContain(': a bug in the model');
    expect(faultline('merge', ...unsynced.files, '--json').lines[0]).toMatchObject({
      unpromisedSettings: { 'fsync=false': 'without fsync an acknowledged write is lost by a crash' },
    });
    // Shard files from a hunt older than the fields still merge: such a hunt named no unpromised setting, no later chunk's finding, no --set or --from.
    const older = unsynced.files.map((file) => {
      const olderFile = `older-${file}`;
      const lines = readFileSync(join(work, file), 'utf8')
        .split('\n')
        .map((line) =>
          line.startsWith('{')
            ? JSON.stringify({ ...JSON.parse(line), unpromisedSettings: undefined, finishedAbove: undefined, settings: undefined, from: undefined })
            : line,
        );
      writeFileSync(join(work, olderFile), lines.join('\n'));
      return olderFile;
    });
    expect(readFileSync(join(work, older[0] ?? ''), 'utf8')).not.toMatch(/unpromisedSettings|finishedAbove|"settings"|"from"/);
    const mergedOlder = faultline('merge', ...older);
    expect(mergedOlder.status).toBe(1);
    expect(mergedOlder.stdout).toContain(': a bug in the model');
  });

  it("the vacuous-settings warning counts the merged hunt's runs, and goes once a shard reached its goal", () => {
    // At minInsyncReplicas 4 of 3 replicas no write is ever acknowledged: each shard warns of its own
    // 100 runs. The merge said "in 100 runs" under "no violation in 200 runs over 2 shards".
    const vacuous = shards('vacuous', 2, [
      'hunt',
      '--protocol',
      'kafka',
      '--set',
      'minInsyncReplicas=4',
      '--runs',
      '100',
      '--seed',
      '3',
      '--workers',
      '1',
    ]);
    expect(vacuous.statuses).toEqual([0, 0]);
    const merged = faultline('merge', ...vacuous.files);
    expect(merged.stdout).toMatch(/^kafka\/correct: no violation in 200 runs over 2 shards, /m);
    expect(merged.stdout).toMatch(/^ {2}warning: in 200 runs, not one reached "write-acknowledged"/m);
    // A shard whose runs reached the goal: the merged hunt did check something.
    const [first, second] = vacuous.files.map((file) => readFileSync(join(work, file), 'utf8'));
    const line = JSON.parse(second as string);
    const reached = { ...line, warning: null, coverage: { ...line.coverage, 'write-acknowledged': 3 } };
    const output = [parseHuntOutput('1', first as string), parseHuntOutput('2', JSON.stringify(reached))];
    const results = output.flatMap((part) => ('results' in part ? part.results : []));
    expect(results).toHaveLength(2);
    const groups = groupShards({ results, interrupted: [] });
    if (typeof groups === 'string') throw new Error(groups);
    const [target] = mergeTargets(groups);
    expect(target?.line.coverage['write-acknowledged']).toBe(3);
    expect(target?.line.warning).toBeNull();
  });

  it('a shard that found its model at fault makes the merged hunt a finding (exit 1), as hunt does, not a pass', () => {
    const clean = shards('fault', 2, ['hunt', '--protocol', 'primary-backup', '--runs', '40', '--seed', '1', '--workers', '1']);
    expect(clean.statuses).toEqual([0, 0]);
    const [first, second] = clean.files.map((file) => readFileSync(join(work, file), 'utf8'));
    const line = JSON.parse((second as string).trim().split('\n').at(-1) as string);
    const faulted = { ...line, runs: 0, warning: 'model fault: the model is not deterministic: two runs differed' };
    writeFileSync(join(work, 'fault-2.jsonl'), `${JSON.stringify(faulted)}\n`);
    const merged = faultline('merge', ...clean.files);
    expect(merged.status, merged.stdout).toBe(1);
    expect(merged.stdout).toContain('model fault: the model is not deterministic: two runs differed');
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toBe(
      'The model of primary-backup/correct is at fault (said above): a finding about the model, not a property broken (exit code 1).',
    );
    expect(faultline('merge', ...clean.files, '--json').lines[0]).toMatchObject({ found: false, warning: faulted.warning });
    expect(first).toBeDefined();
  });

  it('a target no shard ran (0 runs: the time budget was spent before it) is not hunted: exit 3, not a pass', () => {
    const spent = shards('spent', 2, ['hunt', '--time-limit-ms', '1', '--seed', '1']);
    const merged = faultline('merge', ...spent.files);
    expect(merged.status).toBe(3);
    expect(merged.stdout).toMatch(/^kafka +correct +not hunted +- +0 /m);
    expect(merged.stdout).toMatch(/^Not hunted: primary-backup\/correct, raft\/correct, zab\/correct, kafka\/correct \(0 runs in every shard: /m);
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Exit code 3: no violation was found, but 4 target\(s\) were not hunted in full .*"unknown", not a pass/,
    );
    const json = faultline('merge', ...spent.files, '--json');
    expect(json.status).toBe(3);
    expect(json.last).toMatchObject({ selfTest: false, targets: 4, hunted: 0, found: 0, missed: [], runs: 0, seed: 1, interrupted: false });
  });

  it('an interrupted shard is carried through: a finding still counts, "nothing found" is unknown (exit 3), and the shard is named', async () => {
    const module = writeNoisyProtocol();
    const hunt = ['hunt', '--protocol', 'noisy-pb', '--protocol-module', module, '--seed', '9', '--workers', '1', '--json', '--no-artifacts'];

    // One target (the audit's case: it merged as a clean "nothing found", exit 0, "interrupted": false).
    writeFileSync(join(work, 'one-1.jsonl'), faultline(...hunt, '--runs', '100', '--shard', '1/2').stdout);
    expect(await interruptedShard(hunt, 'one-2.jsonl')).toMatchObject([
      { variant: 'correct', found: false, interrupted: true, shard: '2/2' },
      { summary: true, interrupted: true },
    ]);
    const one = faultline('merge', 'one-1.jsonl', 'one-2.jsonl');
    expect(one.status).toBe(3);
    expect(one.stdout).toMatch(/^noisy-pb\/correct: no violation in \d+ runs over 2 shards, \d+ events \(interrupted: shard 2\/2\)$/m);
    expect(one.stdout).toMatch(/^Shard 2\/2 \(one-2\.jsonl\) was interrupted \(Ctrl-C\): it stopped while hunting noisy-pb\/correct\.$/m);
    expect(one.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Exit code 3: no violation was found, but 1 target\(s\) were not hunted in full \(noisy-pb\/correct\); that is "unknown", not a pass: rerun the interrupted shards/,
    );
    const oneJson = faultline('merge', 'one-1.jsonl', 'one-2.jsonl', '--json');
    expect(oneJson.status).toBe(3);
    expect(oneJson.lines[0]).toMatchObject({ variant: 'correct', interrupted: true, shard: 'merged 1/2 2/2' });
    expect(oneJson.last).toMatchObject({ summary: true, interrupted: true, interruptedShards: ['2/2'] });

    // Several targets: the interrupted shard never got to the last two. They are not "missing" (exit 2,
    // the other shard's finding lost): the catch counts, the rest is unknown.
    const all = [...hunt, '--variant', 'all'];
    writeFileSync(join(work, 'all-1.jsonl'), faultline(...all, '--runs', '100', '--shard', '1/2').stdout);
    expect(await interruptedShard(all, 'all-2.jsonl')).toMatchObject([
      { variant: 'correct', interrupted: true },
      { summary: true, interrupted: true },
    ]);
    const several = faultline('merge', 'all-1.jsonl', 'all-2.jsonl');
    expect(several.status).toBe(3);
    expect(several.stdout).toMatch(/^noisy-pb +correct +survives +interrupted +- /m);
    expect(several.stdout).toMatch(/^noisy-pb +ack-before-replicate +no-acked-write-lost +caught +no-acked-write-lost /m);
    expect(several.stdout).toMatch(
      /^Shard 2\/2 \(all-2\.jsonl\) was interrupted \(Ctrl-C\): it stopped while hunting noisy-pb\/correct; it never got to noisy-pb\/ack-before-replicate, noisy-pb\/epoch-reuse\.$/m,
    );
    expect(several.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Exit code 3: no correct model broke, but 2 target\(s\) were not hunted in full \(noisy-pb\/correct, noisy-pb\/epoch-reuse\)/,
    );
    const severalJson = faultline('merge', 'all-1.jsonl', 'all-2.jsonl', '--json');
    expect(severalJson.lines.slice(0, -1).map((line) => [line.variant, line.found, line.interrupted])).toEqual([
      ['correct', false, true],
      ['ack-before-replicate', true, true],
      ['epoch-reuse', false, true],
    ]);
    expect(severalJson.last).toMatchObject({ found: 1, missed: [], interruptedShards: ['2/2'] });
  }, 60_000);
});
