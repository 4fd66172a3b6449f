/**
 * The studio end to end, in real Chromium (Debian's, driven by playwright-core): `faultline studio`
 * serves a corpus counterexample on 127.0.0.1; the test steps to the violation, steps back, branches
 * with another event, exports the scenario and the artifact through the page's download buttons,
 * and replays both with the CLI. The server refuses other host names and stops by itself (its time
 * limit) or when killed. Under CI a missing browser is a failure, not a skip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent, launchChromium, requireChromium } from './browser-support.ts';
import { cliEntry, cliEnv, cliIn, projectRoot } from './cli-support.ts';

const counterexample = join(projectRoot, 'counterexamples/raft/vote-without-log-check.json');

requireChromium('studio in headless Chromium', 'the studio');

/** Runs the CLI to completion (bounded) in the project folder, with the JSON of its last line. */
const { faultline } = cliIn('faultline-studio-browser', { cwd: projectRoot, timeoutMs: 60_000 });

/** Starts `faultline studio` and resolves with its URL once it listens (bounded: 30 s). */
function startStudio(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cliEntry, 'studio', file, '--port', '0', '--time-limit', '120'], {
    cwd: projectRoot,
    env: cliEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`faultline studio did not start in 30 s: ${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[0] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`faultline studio exited with ${code}: ${output}`));
    });
  });
}

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const sent = request(url, { headers: { host } }, (response) => {
      response.resume();
      resolvePromise(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe.runIf(chromiumPresent)('studio in headless Chromium', () => {
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'faultline-studio-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('loads a counterexample, steps to the violation, branches, exports, and the CLI replays the exports', async () => {
    const { child, url } = await startStudio(counterexample);
    try {
      // Only 127.0.0.1 answers, and only to its own name.
      expect(url.startsWith('http://127.0.0.1:')).toBe(true);
      expect(await statusWithHost(url, 'evil.example:80')).toBe(403);

      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('request', (sent) => {
        if (sent.url() !== url && !sent.url().startsWith('blob:')) requests.push(sent.url());
      });
      await page.goto(url);
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/^loaded vote-without-log-check\.json: 13 scheduled events/);

      // To the violation: the property is broken there, and was not one step earlier.
      const artifact = JSON.parse(readFileSync(counterexample, 'utf8')) as { violation: { property: string; step: number } };
      const property = artifact.violation.property;
      await page.locator('#to-violation').click();
      // Numbered as the transcript numbers steps (0-based, L in the liveness phase); the run ends there.
      await expect
        .poll(() => page.locator('#cursor').textContent())
        .toMatch(new RegExp(`^after step ${artifact.violation.step}L? \\(steps 0–${artifact.violation.step}L?\\)$`));
      await expect.poll(() => page.locator(`.property[data-property="${property}"]`).getAttribute('data-status')).toBe('broken');
      await expect.poll(() => page.locator('.node-state').count()).toBe(3);
      await page.screenshot({ path: join(projectRoot, 'test-output/studio-violation.png') });
      await page.locator('#step-back').click();
      await expect.poll(() => page.locator(`.property[data-property="${property}"]`).getAttribute('data-status')).toBe('holds');

      // Branch: another event than the one the story took here.
      const taken = (await page.locator('#timeline li.current + li').textContent()) ?? '';
      const candidates = page.locator('.candidate');
      const texts = await candidates.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-event') ?? ''));
      const other = texts.find((text) => text.startsWith('crash ') && !taken.includes(text));
      expect(other, `candidates: ${texts.join(', ')}`).toBeDefined();
      await page.locator(`.candidate[data-event="${other}"]`).first().click();
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/^(branched at step|step) \d+: crash/);
      await expect.poll(() => page.locator('#event-now .sentence').textContent()).toMatch(/node \d crashes/);
      await page.screenshot({ path: join(projectRoot, 'test-output/studio-branch.png') });

      // Export both and replay them with the CLI.
      const save = async (button: string, name: string): Promise<string> => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
        const path = join(folder, name);
        await download.saveAs(path);
        return path;
      };
      const artifactFile = await save('#export-artifact', 'branch.json');
      const scenarioFile = await save('#export-scenario', 'branch.scenario');
      const exported = JSON.parse(readFileSync(artifactFile, 'utf8')) as {
        schedule: { events: { kind: string }[] };
        violation: { property: string } | null;
      };
      expect(exported.schedule.events.at(-1)?.kind).toBe('crash');
      const replayed = faultline('replay', artifactFile, '--json');
      expect(replayed.stderr).toBe('');
      expect(replayed.last).toMatchObject({
        reproduced: exported.violation !== null,
        property: exported.violation?.property ?? null,
        traceHashMatches: true,
      });
      expect(replayed.status).toBe(exported.violation ? 1 : 0);
      const scenario = faultline('replay', scenarioFile, '--json');
      expect(scenario.stderr).toBe('');
      expect(scenario.last).toMatchObject({ expectationMet: true, property: exported.violation?.property ?? null });

      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    } finally {
      child.kill();
    }
    // The server stops when told to, promptly.
    const exitCode = await new Promise<number | null>((resolvePromise) => {
      if (child.exitCode !== null || child.signalCode !== null) resolvePromise(child.exitCode);
      else child.once('exit', (code) => resolvePromise(code));
    });
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(exitCode === null || exitCode === 0).toBe(true);
  });

  it("adds the user's own protocol (--protocol-module): explored by hand to its bug, and the export replays with the module", async () => {
    const module = join(projectRoot, 'properties/fixtures/minimal-protocol.ts');
    const html = join(folder, 'studio-own.html');
    const written = faultline('studio', '--protocol', 'minimal-register', '--protocol-module', module, '--out', html);
    expect(written.status, written.stderr).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${html}`);
    // The user's protocol comes first, and is the one selected.
    await expect.poll(() => page.locator('#protocol').inputValue()).toBe('minimal-register');
    await page.locator('#variant').selectOption('volatile-register');
    await page.locator('#new').click();
    await page.locator('#client-op').fill('{"type":"write","value":7}');
    await page.locator('#invoke').click();
    await page.locator('.candidate[data-event="crash 0"]').first().click();
    await page.locator('#finish').click();
    await expect.poll(() => page.locator('#finish-result').textContent()).toMatch(/breaks acknowledged-write-survives at the end of the run: /);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-artifact').click()]);
    const artifactFile = join(folder, 'own.json');
    await download.saveAs(artifactFile);
    const replayed = faultline('replay', artifactFile, '--protocol-module', module, '--json');
    expect(replayed.status, replayed.stderr).toBe(1);
    expect(replayed.last).toMatchObject({ property: 'acknowledged-write-survives', traceHashMatches: true });
    expect(errors).toEqual([]);
    await page.close();
    // Half of the pair, or a module without that protocol: one clear line, exit 2.
    expect(faultline('studio', '--protocol-module', module, '--out', html).stderr).toMatch(/--protocol and --protocol-module go together/);
    expect(faultline('studio', '--protocol', 'nope', '--protocol-module', module, '--out', html).stderr).toMatch(/exports no protocol named "nope"/);
  });
});
