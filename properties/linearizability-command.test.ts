/**
 * `faultline check-history` as a user runs it: bin/faultline.mjs starts the command's own bundle
 * (dist/check-history.mjs, built by bin/build.mjs) rather than the whole CLI. The command must
 * give the same verdicts, output and exit codes as the command checked in-process
 * (runCheckHistory), and the bundle must hold the command without the rest of the CLI.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CheckHistoryIo, runCheckHistory } from '../src/cli/check-history.ts';
import { cliIn, projectRoot } from './cli-support.ts';
import { etcdLog } from './linearizability-support.ts';

/** The command's output without its timing (milliseconds differ from run to run) and colours. */
function withoutTimes(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/\d+\.\d+ ms/g, 'T ms')
    .replace(/"ms":[\d.]+/g, '"ms":T');
}

/** Exit code, stdout and stderr of the command checked in this process (the bundled checker). */
function inProcess(file: string, text: string): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  const io: CheckHistoryIo = {
    readFile: () => text,
    writeFile: () => {},
    stdout: (chunk) => out.push(chunk),
    stderr: (chunk) => err.push(chunk),
    now: () => (clock += 1),
  };
  const status = runCheckHistory(file, { model: 'etcd-register', json: true }, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
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

  it('gives the verdicts, output and exit codes of the command run in-process', () => {
    const statuses: number[] = [];
    for (const [file, text] of Object.entries(histories)) {
      const expected = inProcess(file, text);
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

  it('refuses bad usage as the whole CLI does', () => {
    const unknownModel = faultline('check-history', '--model', 'nope', 'good.log');
    expect(unknownModel.status).toBe(2);
    expect(unknownModel.stderr).toMatch(/^faultline: unknown model "nope" \(one of: etcd-register, kv/);
    const unknownOption = faultline('check-history', '--bogus');
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--bogus'/);
    const help = faultline('check-history', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: faultline check-history \[options\] \[file\]/);
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
