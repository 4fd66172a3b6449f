/**
 * Running the command as a user would, for the CLI tests: `node bin/faultline.mjs ARGS` (what
 * `npx faultline` runs) in a scratch folder, with the JSON lines of stdout parsed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import omit from 'lodash/omit.js';

export const projectRoot = resolve(import.meta.dirname, '..');
export const cliEntry = join(projectRoot, 'bin/faultline.mjs');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every line of stdout that is a JSON object. */
  readonly lines: readonly Record<string, unknown>[];
  /** The last of them (the command's result line with `--json`), or `{}`. */
  readonly last: Record<string, unknown>;
}

/** Every line of `stdout` that is a JSON object, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const parsed: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      parsed.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not JSON after all: text output that starts with a brace.
    }
  }
  return parsed;
}

/**
 * The environment of a spawned command: the test's own, without extra CA certificates to load at
 * start-up (some machines set NODE_EXTRA_CA_CERTS; the command opens no connection, and reading the
 * bundle cost about 50 ms of CPU per spawn, times the hundred-odd spawns of `npm test`).
 */
export const cliEnv: NodeJS.ProcessEnv = omit(process.env, 'NODE_EXTRA_CA_CERTS');

/** A scratch folder and a runner of the command in it (`cwd` defaults to the folder). */
export function cliIn(prefix: string, options: { readonly timeoutMs?: number; readonly cwd?: string } = {}) {
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const faultline = (...args: string[]): CliRun => {
    const result = spawnSync(process.execPath, [cliEntry, ...args], {
      cwd: options.cwd ?? work,
      env: cliEnv,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
    });
    const lines = jsonLines(result.stdout);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines, last: lines.at(-1) ?? {} };
  };
  return { work, faultline };
}

/** A hunt of the tutorial protocol's bug (found and shrunk in about a second), to which a test adds its options. */
/** A hunt of the fsync-register fixture, whose correct model loses an acknowledged write under `--set fsync=false` (an unpromised setting). */
export const fsyncRegisterHunt: readonly string[] = [
  'hunt',
  '--protocol',
  'fsync-register',
  '--protocol-module',
  join(projectRoot, 'properties/fixtures/fsync-register.ts'),
  '--runs',
  '300',
  '--seed',
  '1',
  '--workers',
  '1',
];

export const tutorialBug: readonly string[] = ['hunt', '--protocol', 'primary-backup', '--variant', 'ack-before-replicate'];

/** The tutorial bug's hunt with a fixed budget and seed. */
export function tutorialBugHunt(seed: number, ...more: string[]): string[] {
  return [...tutorialBug, '--runs', '3000', '--seed', String(seed), ...more];
}

/** Spawns the CLI, sends SIGINT `delayMs` after `ready` holds, and collects what it printed. */
export function interruptWhen(
  cwd: string,
  args: string[],
  ready: (output: { stdout: string; stderr: string }) => boolean,
  delayMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], { cwd, env: cliEnv });
    const output = { stdout: '', stderr: '' };
    let sent = false;
    const check = (): void => {
      if (sent || !ready(output)) return;
      sent = true;
      setTimeout(() => child.kill('SIGINT'), delayMs);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output.stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output.stderr += chunk.toString();
      check();
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit after SIGINT: ${output.stdout} ${output.stderr}`));
    }, 50_000);
    child.on('exit', (status) => {
      clearTimeout(guard);
      resolvePromise({ status, ...output });
    });
  });
}
