/**
 * `faultline check-history` as a user runs it: bin/faultline.mjs starts the command's own bundle
 * (dist/check-history.mjs, built by bin/build.mjs) rather than the whole CLI. The command must
 * give the same verdicts, output and exit codes as the command checked in-process
 * (runCheckHistory), and the bundle must hold the command without the rest of the CLI.
 */

import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CheckHistoryIo, runCheckHistory } from '../src/cli/check-history.ts';
import { cliIn, interruptWhen, projectRoot } from './cli-support.ts';
import { counter } from './fixtures/counter-model.ts';
import { etcdLog } from './linearizability-support.ts';

/** `writers` concurrent writes of distinct values and a read, during them, of a value none wrote: a search of millions of configurations. */
function concurrentWrites(writers: number): string {
  const writes = Array.from({ length: writers }, (_, id) =>
    JSON.stringify({ id, client: id, input: { type: 'write', value: id }, call: id, return: 1000 + id, output: { type: 'write' } }),
  );
  const read = JSON.stringify({
    id: writers,
    client: writers,
    input: { type: 'read' },
    call: 500,
    return: 2000,
    output: { type: 'read', value: -1 },
  });
  return `${[...writes, read].join('\n')}\n`;
}

/** The command's output without its timing (milliseconds differ from run to run) and colours. */
function withoutTimes(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/\d+\.\d+ ms/g, 'T ms')
    .replace(/"ms":[\d.]+/g, '"ms":T');
}

/** Exit code, stdout and stderr of the command checked in this process (the bundled checker). */
async function inProcess(file: string, text: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let clock = 0;
  const { io, out, err } = collectingIo(() => text, { now: () => (clock += 1) });
  const status = await runCheckHistory([file], { model: 'etcd-register', json: true }, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/**
 * The command's I/O for an in-process run: `readFile` answers from `files` (or is given), what it
 * prints is collected in `out` and `err`, the clock stands still unless `now` is given.
 */
function collectingIo(files: Readonly<Record<string, string>> | ((file: string) => string), overrides: Partial<CheckHistoryIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CheckHistoryIo = {
    readFile: typeof files === 'function' ? files : (file) => files[file] ?? '',
    writeFile: () => {},
    stdout: (chunk) => out.push(chunk),
    stderr: (chunk) => err.push(chunk),
    now: () => 0,
    ...overrides,
  };
  return { io, out, err };
}

describe('faultline check-history (its own bundle)', () => {
  const { work, faultline } = cliIn('faultline-check-history', { timeoutMs: 60_000 });
  const histories: Record<string, string> = {
    // The failed CAS saw a value other than 2, so the register holds 1: reading 1 is linearizable.
    'good.log': etcdLog(1),
    'bad.log': etcdLog(2),
    'broken.log': 'INFO  jepsen.util - 0\t:invoke\t:write\n',
  };
  for (const [file, text] of Object.entries(histories)) writeFileSync(join(work, file), text);

  it('gives the verdicts, output and exit codes of the command run in-process', async () => {
    const statuses: number[] = [];
    for (const [file, text] of Object.entries(histories)) {
      const expected = await inProcess(file, text);
      const run = faultline('check-history', '--model', 'etcd-register', file, '--json');
      expect({ status: run.status, stdout: withoutTimes(run.stdout), stderr: run.stderr }).toEqual({
        status: expected.status,
        stdout: withoutTimes(expected.stdout),
        stderr: expected.stderr,
      });
      statuses.push(expected.status);
    }
    expect(statuses).toEqual([0, 1, 2]);
  }, 60_000);

  it('checks several files in one process: each as alone, then the counts; the most serious exit code', () => {
    const alone = (file: string) => withoutTimes(faultline('check-history', '--model', 'etcd-register', file).stdout);
    const both = faultline('check-history', '--model', 'etcd-register', 'good.log', 'bad.log', '--json');
    expect(both.status).toBe(1);
    expect(withoutTimes(both.stdout)).toContain(`${alone('good.log')}\n${alone('bad.log')}`);
    expect(withoutTimes(both.stdout)).toContain(
      '2 histories: 1 linearizable, 1 not linearizable, 0 undecided, 0 not checked (bad input); T ms of checking\n',
    );
    expect(both.last).toMatchObject({
      files: [
        { file: 'good.log', verdict: 'linearizable', operations: 4 },
        { file: 'bad.log', verdict: 'not-linearizable', operations: 4 },
      ],
      linearizable: 1,
      notLinearizable: 1,
      unknown: 0,
      errors: 0,
    });
    // A file that cannot be checked gets its line on stderr; the others are still checked. A
    // violation outranks it (1), it outranks undecided and linearizable (2).
    const withBroken = faultline('check-history', '--model', 'etcd-register', 'broken.log', 'bad.log', 'missing.log', '--json');
    expect(withBroken.status).toBe(1);
    expect(withBroken.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^faultline: broken\.log:1: /),
      expect.stringMatching(/^faultline: cannot read missing\.log: /),
    ]);
    expect(withBroken.last).toMatchObject({ files: [{ file: 'broken.log' }, { verdict: 'not-linearizable' }, { file: 'missing.log' }], errors: 2 });
    const brokenAndGood = faultline('check-history', '--model', 'etcd-register', 'good.log', 'broken.log');
    expect(brokenAndGood.status).toBe(2);
    expect(brokenAndGood.stdout).toContain('2 histories: 1 linearizable, 0 not linearizable, 0 undecided, 1 not checked (bad input)');
    const undecided = faultline('check-history', '--model', 'etcd-register', 'good.log', 'good.log', '--max-configurations', '1');
    expect(undecided.status).toBe(3);
    // --html pictures one history.
    const html = faultline('check-history', '--model', 'etcd-register', 'good.log', 'bad.log', '--html', 'out.html');
    expect(html.status).toBe(2);
    expect(html.stderr).toBe('faultline: --html pictures one history: give one file, not 2\n');
  }, 60_000);

  it('--timeout-ms is a wall for the whole command: the files after it are not checked', async () => {
    let clock = 0;
    // Every reading of the clock takes 10 ms: the wall of 25 ms falls during the first files.
    const { io, out } = collectingIo(histories, { now: () => (clock += 10) });
    const status = await runCheckHistory(
      ['good.log', 'good.log', 'good.log', 'good.log'],
      { model: 'etcd-register', timeoutMs: '25', json: true },
      io,
    );
    expect(status).toBe(3);
    const summary = JSON.parse(out.at(-1) ?? '{}') as { files: { verdict: string; ms: number }[]; unknown: number };
    expect(summary.files.map((file) => file.verdict)).toContain('unknown');
    expect(summary.files.at(-1)).toMatchObject({ verdict: 'unknown', ms: 0 });
    expect(out.join('')).toContain('Not checked: --timeout-ms ran out before it was read.\n');
  });

  it('--html never overwrites an input, and a picture that cannot be written loses no verdict', async () => {
    writeFileSync(join(work, 'input.log'), histories['bad.log'] as string);
    symlinkSync('input.log', join(work, 'link.log'));
    for (const html of ['input.log', './input.log', 'link.log', join(work, 'input.log')]) {
      const run = faultline('check-history', '--model', 'etcd-register', 'input.log', '--html', html);
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
      expect(run.stderr).toBe(`faultline: --html ${html}: is a history being checked; write it to another file\n`);
    }
    expect(readFileSync(join(work, 'input.log'), 'utf8')).toBe(histories['bad.log']);
    // A place access() allows to root but where no file can be made is refused before the check.
    const proc = faultline('check-history', '--model', 'etcd-register', 'input.log', '--html', '/proc/picture.html');
    expect({ status: proc.status, stdout: proc.stdout }).toEqual({ status: 2, stdout: '' });
    expect(proc.stderr).toMatch(/^faultline: --html \/proc\/picture\.html: cannot write \(/);
    // When writing fails all the same, the verdict keeps its exit code 1 and the --json line comes.
    const { io, out, err } = collectingIo(histories, {
      writeFile: () => {
        throw new Error('disk full');
      },
    });
    expect(await runCheckHistory(['bad.log'], { model: 'etcd-register', html: 'bad.html', json: true }, io)).toBe(1);
    expect(err).toEqual(['faultline: cannot write bad.html: disk full\n']);
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ verdict: 'not-linearizable' });
    // Without a finding, the missing picture is what the exit code says: 2.
    expect(await runCheckHistory(['good.log'], { model: 'etcd-register', html: 'good.html', json: true }, io)).toBe(2);
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ verdict: 'linearizable' });
  }, 60_000);

  it('--timeout-ms is a wall over reading and parsing too: parsing stops at it, and no file is read after it', async () => {
    const many = Array.from({ length: 3000 }, (_, id) =>
      JSON.stringify({ id, client: id, input: { type: 'put', key: 'k', value: 'v' }, call: 2 * id, return: 2 * id + 1, output: { type: 'put' } }),
    ).join('\n');
    const reads: string[] = [];
    let clock = 0;
    // Each reading of the clock is 1 ms: the command's start, the first file's before reading,
    // then its parser asks every 1000 lines: the wall of 3 ms falls at line 2001.
    const readMany = (file: string): string => {
      reads.push(file);
      return many;
    };
    const { io, out } = collectingIo(readMany, { now: () => (clock += 1) });
    expect(await runCheckHistory(['a.jsonl', 'b.jsonl'], { model: 'kv', timeoutMs: '3', json: true }, io)).toBe(3);
    expect(reads).toEqual(['a.jsonl']);
    const text = out.join('');
    expect(text).toContain('Not checked: --timeout-ms ran out while it was read (at line 2001).\n');
    expect(text).toContain('Not checked: --timeout-ms ran out before it was read.\n');
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ files: [{ verdict: 'unknown' }, { verdict: 'unknown', operations: 0 }], unknown: 2 });
  });

  it('Ctrl-C or SIGTERM: the files done keep their lines, the others read "Not checked", then the counts and --json (exit 130)', async () => {
    // The signal comes while the first file is checked: its handler runs after it.
    const { io, out } = collectingIo(histories, { interrupted: () => out.length > 0 });
    expect(await runCheckHistory(['bad.log', 'good.log', 'good.log'], { model: 'etcd-register', json: true }, io)).toBe(130);
    const text = out.join('');
    expect(text).toMatch(/^bad\.log: not-linearizable/);
    expect(text.match(/Not checked: interrupted \(Ctrl-C or SIGTERM\) before its check\.\n/g)).toHaveLength(2);
    expect(text).toMatch(
      /3 histories: 0 linearizable, 1 not linearizable, 2 undecided, 0 not checked \(bad input\); .* ms of checking; interrupted \(Ctrl-C or SIGTERM\)\n/,
    );
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({
      files: [{ verdict: 'not-linearizable' }, { verdict: 'unknown', interrupted: true }, { verdict: 'unknown', interrupted: true }],
      interrupted: true,
    });
    // One history whose search was under way (the command asks before reading, parsing and the
    // search, then after it): reported in full, exit 130 all the same.
    out.length = 0;
    let asked = 0;
    const duringSearch: CheckHistoryIo = { ...io, interrupted: () => ++asked > 3 };
    expect(await runCheckHistory(['good.log'], { model: 'etcd-register', json: true }, duringSearch)).toBe(130);
    expect(out.join('')).toMatch(/^good\.log: linearizable/);
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ verdict: 'linearizable', interrupted: true });
    // The command takes the signal: it reports at the next file instead of dying silently.
    writeFileSync(
      join(work, 'many.jsonl'),
      Array.from({ length: 100_000 }, (_, id) =>
        JSON.stringify({
          id,
          client: id % 5,
          input: { type: 'put', key: String(id % 100), value: 'v' },
          call: 2 * id,
          return: 2 * id + 1,
          output: { type: 'put' },
        }),
      ).join('\n'),
    );
    writeFileSync(join(work, 'first.jsonl'), (readFileSync(join(work, 'many.jsonl'), 'utf8').split('\n')[0] as string) + '\n');
    const files = ['first.jsonl', ...Array.from({ length: 30 }, () => 'many.jsonl')];
    const run = await interruptWhen(
      work,
      ['check-history', '--model', 'kv', ...files, '--json'],
      (output) => output.stdout.includes('first.jsonl:'),
      0,
    );
    expect(run.status).toBe(130);
    expect(run.stdout).toMatch(/^first\.jsonl: linearizable/);
    expect(run.stdout).toContain('Not checked: interrupted (Ctrl-C or SIGTERM) before its check.');
    expect(JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({ interrupted: true });

    // A signal during a long search stops it: the search gives the event loop a turn every 50 ms.
    // In one piece, this one ran 19 s to its memory budget before the signal was taken.
    writeFileSync(join(work, 'hard.jsonl'), concurrentWrites(40));
    writeFileSync(join(work, 'easy.jsonl'), concurrentWrites(1));
    const hard = await interruptWhen(
      work,
      ['check-history', '--model', 'etcd-register', 'easy.jsonl', 'hard.jsonl', '--json'],
      (output) => output.stdout.includes('easy.jsonl:'),
      300,
    );
    expect(hard.status).toBe(130);
    expect(hard.stdout).toContain('hard.jsonl: unknown');
    expect(hard.stdout).toContain('Not checked: its search was interrupted (Ctrl-C or SIGTERM) before it decided.');
    expect(hard.stdout).not.toContain('memory-budget');
    expect(JSON.parse(hard.stdout.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({
      files: [{ verdict: 'not-linearizable' }, { verdict: 'unknown', interrupted: true }],
      interrupted: true,
    });
  }, 60_000);

  it('takes a signal during the search in-process too: the next pause asks, and the search stops', async () => {
    let clock = 0;
    let asked = 0;
    // Asked before reading, before parsing and before the search; the fourth time at the search's first pause.
    const { io, out } = collectingIo(() => concurrentWrites(40), { now: () => (clock += 1), interrupted: () => ++asked > 3 });
    expect(await runCheckHistory(['hard.jsonl'], { model: 'etcd-register', json: true }, io)).toBe(130);
    expect(asked).toBe(4);
    expect(out.join('')).toContain('Not checked: its search was interrupted (Ctrl-C or SIGTERM) before it decided.\n');
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ verdict: 'unknown', operations: 41, interrupted: true });
  });

  it("stops a search at the wall even when the user's model's steps are slow", async () => {
    // Ten increments of unknown outcome and one answered 99: the search tries orders of the ten
    // for long, and no order explains 99. Each step takes 10 ms on the command's clock.
    const history = [
      ...Array.from({ length: 10 }, (_, id) => JSON.stringify({ id, client: id, input: { op: 'increment' }, call: 0, return: null, output: null })),
      JSON.stringify({ id: 10, client: 10, input: { op: 'increment' }, call: 0, return: 100, output: 99 }),
    ].join('\n');
    let clock = 0;
    let steps = 0;
    const slow = {
      ...counter,
      step: (state: number, input: Parameters<typeof counter.step>[1], output: number | null) => {
        steps++;
        clock += 10;
        return counter.step(state, input, output);
      },
    };
    const { io, out } = collectingIo(() => history, { now: () => clock });
    const options = { model: 'counter', modelModule: 'slow.mjs', timeoutMs: '100', json: true };
    expect(await runCheckHistory(['slow.jsonl'], options, io, undefined, { slow })).toBe(3);
    // The search reads its clock every 4096 steps: the step itself says when the wall has passed.
    expect(steps).toBeLessThanOrEqual(11);
    expect(out.join('')).toContain('The search stopped before deciding (time-limit): raise --timeout-ms.\n');
  });

  it('takes --max-configurations in decimal digits only, as every integer option', async () => {
    for (const text of ['0x10', '1e3', '1.5', '0']) {
      const { io, err } = collectingIo(histories);
      expect(await runCheckHistory(['good.log'], { model: 'etcd-register', maxConfigurations: text }, io)).toBe(2);
      expect(err.join('')).toBe(`faultline: --max-configurations expects a positive integer, got "${text}"\n`);
    }
    // A time may have a fraction.
    const { io } = collectingIo(histories);
    expect(await runCheckHistory(['good.log'], { model: 'etcd-register', timeoutMs: '1e4' }, io)).toBe(0);
  });

  it('refuses bad usage as the whole CLI does', () => {
    const unknownModel = faultline('check-history', '--model', 'nope', 'good.log');
    expect(unknownModel.status).toBe(2);
    expect(unknownModel.stderr).toMatch(/^faultline: unknown model "nope" \(one of: etcd-register, kv/);
    const unknownOption = faultline('check-history', '--bogus');
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--bogus'/);
    const help = faultline('check-history', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: faultline check-history \[options\] \[files...\]/);
  }, 60_000);

  it("checks with the user's own model (--model-module): both verdicts, and a clear line for a module without it", () => {
    const module = join(projectRoot, 'properties/fixtures/counter-model.ts');
    const line = (id: number, client: number, op: string, call: number, returned: number, output: number): string =>
      JSON.stringify({ id, client, input: { op }, call, return: returned, output });
    // Two overlapping increments answered 1 and 2, then a read of 2: linearizable; a read of 0 after an increment answered 1: not.
    writeFileSync(
      join(work, 'counter-ok.jsonl'),
      [line(0, 0, 'increment', 0, 2, 1), line(1, 1, 'increment', 1, 3, 2), line(2, 2, 'read', 4, 5, 2)].join('\n'),
    );
    writeFileSync(join(work, 'counter-bad.jsonl'), [line(0, 0, 'increment', 0, 1, 1), line(1, 1, 'read', 2, 3, 0)].join('\n'));
    const ok = faultline('check-history', '--model', 'counter', '--model-module', module, 'counter-ok.jsonl', '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.last).toMatchObject({ verdict: 'linearizable', operations: 3 });
    const bad = faultline('check-history', '--model', 'counter', '--model-module', module, 'counter-bad.jsonl');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/- #1 client 1 \[2, 3\] read -> 0/);
    const wrongName = faultline('check-history', '--model', 'etcd-register', '--model-module', module, 'counter-ok.jsonl');
    expect(wrongName.status).toBe(2);
    expect(wrongName.stderr).toMatch(/^faultline: .*counter-model\.ts: exports no linearizability model named "etcd-register"/);
    // A model that throws: one line naming the module, the model and the method; no verdict, not even with --json.
    const throwing = join(projectRoot, 'properties/fixtures/throwing-model.ts');
    for (const json of [[], ['--json']]) {
      const threw = faultline('check-history', '--model', 'throwing-counter', '--model-module', throwing, 'counter-ok.jsonl', ...json);
      expect(threw.status).toBe(2);
      expect(threw.stderr).toMatch(/^faultline: .*throwing-model\.ts: model throwing-counter threw in step: the counter overflowed\n$/);
      expect(threw.stdout).toBe('');
    }
    // Over several histories, each line names the history the model threw on.
    const threwOnEach = faultline(
      'check-history',
      '--model',
      'throwing-counter',
      '--model-module',
      throwing,
      'counter-ok.jsonl',
      'counter-bad.jsonl',
    );
    expect(threwOnEach.status).toBe(2);
    expect(threwOnEach.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^faultline: counter-ok\.jsonl: .*throwing-model\.ts: model throwing-counter threw in step: /),
      expect.stringMatching(/^faultline: counter-bad\.jsonl: .*throwing-model\.ts: model throwing-counter threw in step: /),
    ]);
    const missing = faultline('check-history', '--model', 'counter', '--model-module', 'no-such.ts', 'counter-ok.jsonl');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^faultline: no-such\.ts: no such file/);
  }, 60_000);

  it('is a bundle of the command and the checker only', () => {
    // Built by the runs above when it was missing or stale.
    const bundle = readFileSync(join(projectRoot, 'dist', 'check-history.mjs'), 'utf8');
    expect(bundle).toContain('function registerCheckHistoryCommand(');
    expect(bundle).toContain('function checkLinearizability(');
    for (const other of ['registerHuntCommand', 'registerReplayCommand', 'registerStudioCommand', 'defineProtocol']) {
      expect(bundle).not.toContain(`function ${other}(`);
    }
  });
});
