/**
 * A model that mutates the state it is given, reads Math.random or never returns breaks no
 * property, but makes findings that do not reproduce, crashes or hangs. Hunts, explorations and
 * replays of such a protocol module say what is wrong with the model (a finding about it, exit 1),
 * keep whatever was found, and stop a run that does not end after the run wall.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArtifact } from '../src/cli/artifacts.ts';
import { runHunt } from '../src/hunt/parallel.ts';
import { modelSanityProblem } from '../src/hunt/model-sanity.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { parseArtifact } from '../src/study/artifact.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { cliEntry, cliEnv, jsonLines } from './cli-support.ts';
import { loopsLater, loopsOnClient, mutatesInput, readsRandom, throwsOnClient } from './fixtures/undisciplined-models.ts';
import { hunt } from '../src/hunt/hunt.ts';

const fixture = new URL('./fixtures/undisciplined-models.ts', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'model-discipline-'));

/** The command with a small run wall (`FAULTLINE_RUN_WALL_MS`), so that a hang costs a second or two. */
function faultline(...args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: work,
    env: { ...cliEnv, FAULTLINE_RUN_WALL_MS: '1500' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = jsonLines(result.stdout);
  return { ...result, last: lines.at(-1) ?? {} };
}

const huntOf = (protocol: string, ...more: string[]) =>
  faultline('hunt', '--protocol', protocol, '--protocol-module', fixture.pathname, '--runs', '200', '--seed', '1', '--workers', '1', ...more);

describe('the model sanity check', () => {
  it('sees a step that mutates its input, and one that is not deterministic; a disciplined model passes', () => {
    expect(modelSanityProblem(setupOrThrow(mutatesInput, 'correct'))).toMatch(
      /the model's step mutated its input state \(.*\): a step returns a new state and never changes the one it was given/,
    );
    expect(modelSanityProblem(setupOrThrow(readsRandom, 'correct'))).toMatch(/^the model is not deterministic: .*Math\.random/);
    expect(modelSanityProblem(setupOrThrow(primaryBackup, 'correct'))).toBeNull();
    expect(modelSanityProblem(setupOrThrow(primaryBackup, 'ack-before-replicate'))).toBeNull();
  });
});

describe('hunt', () => {
  it('a model that mutates its input is a finding about the model: exit 1, a clear message, no stack trace', () => {
    const run = huntOf('mutates-input', '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last.warning).toMatch(/^model fault: .*mutated its input state/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    const text = huntOf('mutates-input', '--no-artifacts');
    expect(text.stdout).toMatch(/mutated its input state.*not hunted/);
    expect(text.stdout).toMatch(/a finding about the model, not a property broken \(exit code 1\)/);
    expect(text.stdout).not.toMatch(/Nothing was checked|exit code [03]/);
  });

  it('a model that reads Math.random is a finding about the model (exit 1)', () => {
    const run = huntOf('reads-random', '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last.warning).toMatch(/^model fault: the model is not deterministic/);
  });

  it('a step that never returns is stopped after the run wall (it hung silently with --runs)', () => {
    const run = huntOf('loops-on-client', '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last.warning).toMatch(
      /^model fault: a run of loops-on-client\/correct did not finish within 1\.\d s: the model's step is probably in an infinite loop/,
    );
  });

  it('the watchdog names the hung run and regenerates its schedule; the runs before it count', async () => {
    const setup = setupOrThrow(loopsOnClient, 'correct');
    const result = await runHunt(setup, { runs: 100, seed: 3, workers: 1, protocolModule: fixture.href, modelSanity: false, runWallMs: 1000 });
    expect(result.hang).toBeDefined();
    const hang = result.hang;
    if (!hang) return;
    expect(hang.run).toBe(result.runs + 1);
    expect(hang.silentMs).toBeGreaterThanOrEqual(1000);
    expect(result.finding).toBeNull();
    // The schedule regenerated is the one that hung: the same hunt of a model that throws where
    // this one loops finds its first failure (unshrunk) at the same run, on the same schedule.
    const twin = hunt(setupOrThrow(throwsOnClient, 'correct'), { runs: 100, seed: 3, findOnly: true });
    expect(twin.finding?.runsToFind).toBe(hang.run);
    expect(hang.schedule).toEqual(twin.finding?.schedule);
  });

  it('a hunt cut by its time limit while a run hangs counts the runs that finished (it said "not hunted")', async () => {
    const setup = setupOrThrow(loopsLater, 'correct');
    // A run wall longer than the hunt: the time limit ends it, with the hung worker's finished runs counted.
    const result = await runHunt(setup, {
      runs: 1_000_000,
      seed: 1,
      workers: 1,
      timeLimitMs: 2500,
      protocolModule: fixture.href,
      modelSanity: false,
      runWallMs: 60_000,
    });
    expect(result.hang).toBeUndefined();
    expect(result.stoppedByTime).toBe(true);
    // 46 runs (measured), finished in milliseconds: before the watchdog read the heartbeats, none had said so and the hunt counted 0.
    expect(result.runs).toBeGreaterThan(0);
  });
});

describe('a finding that does not reproduce', () => {
  it('is kept as found in the artifact, with a note that the model is not deterministic', () => {
    const setup = setupOrThrow(primaryBackup, 'correct');
    const schedule = { randomSeed: 0, events: [{ kind: 'tick', node: 0 }] } as const;
    // A violation the (deterministic) replay does not give: what a nondeterministic model's hunt reports.
    const found = {
      kind: 'property',
      property: 'no-acked-write-lost',
      message: 'as the hunt found it',
      step: 1,
      phase: 'end',
      category: 'safety',
    } as const;
    const built = buildArtifact(setup, schedule as never, { seed: 1, path: null, eventsBeforeShrink: 1, found });
    expect(built.nondeterminism).toMatch(
      /^the model is not deterministic: the same schedule broke no-acked-write-lost when the hunt found it and broke nothing when run again from scratch/,
    );
    expect(built.artifact.violation).toEqual(found);
    expect(built.artifact.note).toBe(built.nondeterminism);
    const file = join(work, 'kept.json');
    writeFileSync(file, JSON.stringify(built.artifact));
    expect(parseArtifact(file, readFileSync(file, 'utf8')).note).toBe(built.nondeterminism);
    // Its replay exits 1 whatever this run gives, and says why.
    const replay = faultline('replay', file, '--json');
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.last).toMatchObject({ note: built.nondeterminism, reproduced: false });
    // A deterministic finding's artifact has no note.
    expect(buildArtifact(setup, schedule as never, { seed: 1, path: null, eventsBeforeShrink: 1 }).artifact.note).toBeUndefined();
  });
});

describe('explore and replay', () => {
  it('explore of a model that mutates its input says so (it was an internal error with a stack trace)', () => {
    const run = faultline('explore', '--protocol', 'mutates-input', '--protocol-module', fixture.pathname, '--time-limit-ms', '20000');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/mutated its input state.*not explored/);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('a replay whose step never returns is stopped after the run wall with a message (it hung silently)', () => {
    const scenario = join(work, 'loop.scenario');
    writeFileSync(scenario, 'protocol loops-on-client\nclient 0 0 write 1\n');
    const run = faultline('replay', scenario, '--protocol-module', fixture.pathname);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /the replay of .*loop\.scenario did not finish within 1\.5 s: the model's step is probably in an infinite loop; stopped/,
    );
  });

  it('a replay of a model that reads Math.random says it is not deterministic', () => {
    const scenario = join(work, 'random.scenario');
    const ticks = Array.from({ length: 16 }, (_, index) => `tick ${index % 2}`);
    writeFileSync(scenario, `protocol reads-random\nclient 0 0 write 1\n${ticks.join('\n')}\n`);
    const run = faultline('replay', scenario, '--protocol-module', fixture.pathname, '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last.nondeterministic).toMatch(/^the model is not deterministic: two replays of this schedule/);
  });
});
