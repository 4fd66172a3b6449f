/**
 * The HTML study page in a real browser: a counterexample the hunt finds (primary-backup
 * ack-before-replicate) and a hand-written stormy run are rendered, opened in headless Chromium
 * (Debian's, driven by playwright-core), and checked: one lane per node, message arrows, client
 * operations and the violation marker are drawn and visible, hovering a step shows every node's
 * state, no request leaves the page and no script fails. Screenshots go to test-output/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent, launchChromium, requireChromium } from './browser-support.ts';
import type { ScheduleEvent } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { hunt, replaySchedule, resolveSetup } from '../src/hunt/hunt.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { artifactOf, parseArtifact, type Artifact } from '../src/study/artifact.ts';
import { studyHtml } from '../src/study/render.ts';
import type { StudyInput } from '../src/study/model.ts';

requireChromium('study page in headless Chromium', 'the HTML page');

const outputDirectory = join(process.cwd(), 'test-output');

/** One counterexample of each protocol in the corpus: its first file, by name. */
function firstOfEachProtocol(): { name: string; input: StudyInput }[] {
  const corpus = join(import.meta.dirname, '../counterexamples');
  if (!existsSync(corpus)) return [];
  return readdirSync(corpus)
    .sort()
    .flatMap((folder) => {
      const file = readdirSync(join(corpus, folder))
        .filter((name) => name.endsWith('.json'))
        .sort()[0];
      if (!file) return [];
      const path = join(corpus, folder, file);
      const artifact = parseArtifact(path, readFileSync(path, 'utf8'));
      const protocol = findProtocol(artifact.protocol);
      if (!protocol) return [];
      const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      return [
        {
          name: `${folder}-${file.replace(/\.json$/, '')}`,
          input: { protocol, artifact, result, artifactFile: `counterexamples/${folder}/${file}` },
        },
      ];
    });
}

function studyInputOf(
  protocol: AnyProtocol,
  variant: string,
  config: unknown,
  events: readonly ScheduleEvent[],
  extra: Partial<Artifact> = {},
): StudyInput {
  const schedule = { randomSeed: 0, events };
  const result = replaySchedule({ protocol, variant, config }, schedule);
  const artifact: Artifact = { ...artifactOf({ protocol, variant, config }, schedule, { result }), ...extra };
  return { protocol, artifact, result };
}

/** A real counterexample: what the hunt finds and shrinks for ack-before-replicate. */
function huntedCounterexample(): StudyInput {
  const setup = resolveSetup(primaryBackup, 'ack-before-replicate');
  if ('error' in setup) throw new Error(setup.error);
  const found = hunt(setup, { runs: 2000, seed: 3, now: () => performance.now() });
  if (!found.finding) throw new Error('the hunt found no counterexample for ack-before-replicate in 2000 runs');
  const { finding } = found;
  return {
    ...studyInputOf(primaryBackup, setup.variant, setup.config, finding.schedule.events, {
      seed: finding.seed,
      path: finding.path,
      eventsBeforeShrink: finding.eventsBeforeShrink,
    }),
    artifactFile: `.faultline/primary-backup-ack-before-replicate-${finding.seed}.json`,
  };
}

/** A power-loss crash, a partition, a duplicate, a drop and a failed operation. */
const stormy: ScheduleEvent[] = [
  { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
  { kind: 'duplicate', message: 0 },
  { kind: 'deliver', message: 0 },
  { kind: 'partition', groups: [0, 1, 1] },
  { kind: 'client', node: 0, client: 1, operation: { type: 'write', value: 8 } },
  { kind: 'deliver', message: 5 },
  { kind: 'crash', node: 0, loseUnflushed: true },
  { kind: 'client', node: 0, client: 2, operation: { type: 'read' } },
  { kind: 'drop', message: 0 },
  { kind: 'heal' },
  { kind: 'deliver', message: 1 },
];

/** Elements of the diagram view on screen (the causal slice, or every step after the switch). */
async function expectVisible(page: Page, selector: string, count: number | 'some'): Promise<void> {
  const elements = page.locator('.view:visible').locator(selector);
  const found = await elements.count();
  if (count === 'some') expect(found, selector).toBeGreaterThan(0);
  else expect(found, selector).toBe(count);
  for (let index = 0; index < found; index++) {
    const box = await elements.nth(index).boundingBox();
    expect(box, `${selector} #${index} has no box`).not.toBeNull();
    expect((box?.width ?? 0) + (box?.height ?? 0), `${selector} #${index} is empty`).toBeGreaterThan(2);
  }
}

describe.runIf(chromiumPresent)('study page in headless Chromium', () => {
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'faultline-study-'));
    mkdirSync(outputDirectory, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Opens a page; collects script errors and any request that is not the page itself. */
  async function open(name: string, input: StudyInput, full = false): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const file = join(folder, `${name}.html`);
    writeFileSync(file, studyHtml(input, { full }));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const url = pathToFileURL(file).href;
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url);
    return { page, errors, requests };
  }

  it('draws a hunted counterexample: lanes, arrows, client operations, the violation; hover shows the state', async () => {
    const input = huntedCounterexample();
    expect(input.result.violation?.property).toBe('no-acked-write-lost');
    const { page, errors, requests } = await open('hunted', input);

    await expectVisible(page, '.lane', 3);
    for (let node = 0; node < 3; node++) await expectVisible(page, `.lane[data-node="${node}"]`, 1);
    await expectVisible(page, '.message-arrow', 'some');
    await expectVisible(page, '.client-operation', input.result.world.history.length);
    await expectVisible(page, '.client-operation[data-outcome="ok"]', 'some');
    await expectVisible(page, '.violation-marker', 1);
    await expectVisible(page, '.crash-marker', 'some');
    expect(await page.locator('.view:visible .violation-marker').textContent()).toContain('no-acked-write-lost');
    // The lanes are stacked one below the other, and the violation marker spans them.
    const view = page.locator('.view:visible');
    const laneBoxes = await Promise.all([0, 1, 2].map((node) => view.locator(`.lane[data-node="${node}"] .lane-up`).first().boundingBox()));
    const laneY = laneBoxes.map((box) => box?.y ?? Number.NaN);
    expect(laneY[0]).toBeLessThan(laneY[1] ?? Number.NaN);
    expect(laneY[1]).toBeLessThan(laneY[2] ?? Number.NaN);
    const marker = await view.locator('.violation-marker line').boundingBox();
    expect(marker?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(laneY[0] ?? Number.NaN);
    expect((marker?.y ?? 0) + (marker?.height ?? 0)).toBeGreaterThan(laneY[2] ?? Number.NaN);

    await page.screenshot({ path: join(outputDirectory, 'study-hunted.png'), fullPage: true });

    // Hover the step where the acknowledged write was invoked: the tooltip shows the event and every node.
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(false);
    const invoked = input.result.world.history[0]?.invokedAtStep ?? 0;
    await view.locator(`.step-column[data-step="${invoked}"]`).hover({ position: { x: 4, y: 6 } });
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toContain(`step ${invoked}`);
    expect(text).toMatch(/client \d+ invokes write \d+ at node 0/);
    for (let node = 0; node < 3; node++) expect(text).toContain(`node ${node}`);
    expect(text).toMatch(/role primary \(active\)/);
    expect(text).toMatch(/messages? in flight/);
    // The slice says why it keeps the step, in the protocol's field names.
    expect(text).toMatch(/why: changes node 0's log/);
    await page.screenshot({ path: join(outputDirectory, 'study-hunted-hover.png') });

    // Leaving the diagram hides the tooltip again.
    await page.mouse.move(5, 5);
    await expect.poll(() => tooltip.isVisible()).toBe(false);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('draws crashes, a power loss, a partition, lost and duplicated messages and a failed operation', async () => {
    const input = studyInputOf(primaryBackup, 'ack-before-replicate', primaryBackup.defaultConfig(), stormy);
    // Every step: lost and dropped messages are not part of the causal slice.
    const { page, errors, requests } = await open('stormy', input, true);
    await expectVisible(page, '.lane', 3);
    await expectVisible(page, '.partition-band', 1);
    await expectVisible(page, '.crash-marker.power-loss', 1);
    await expectVisible(page, '.lane-down', 'some');
    await expectVisible(page, '.message-arrow.duplicate', 1);
    await expectVisible(page, '.message-arrow.lost-at-send', 2);
    await expectVisible(page, '.message-arrow.dropped', 1);
    await expectVisible(page, '.message-arrow.lost', 1);
    await expectVisible(page, '.client-operation[data-outcome="fail"]', 1);
    await expectVisible(page, '.violation-marker', 1);
    await page.screenshot({ path: join(outputDirectory, 'study-stormy.png'), fullPage: true });

    // Hovering an arrow explains the message.
    await page.locator('.view:visible .message-arrow.duplicate .hit').hover({ force: true });
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.textContent()).toMatch(/duplicate of Replicate\(epoch 1, log \[7\]\)/);

    // The crash step shows the crashed node as down.
    await page.locator('.view:visible .step-column[data-step="6"]').hover({ position: { x: 4, y: 6 } });
    await expect.poll(() => tooltip.textContent()).toMatch(/node 0 loses power[\s\S]*node 0 \(down\)/);
    await page.screenshot({ path: join(outputDirectory, 'study-stormy-hover.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('keeps a long run readable: bounded columns, no script errors', async () => {
    // A long correct run: many writes, each replicated to both backups.
    const events: ScheduleEvent[] = [];
    for (let round = 0; round < 40; round++) {
      events.push({ kind: 'client', node: 0, client: round % 3, operation: { type: 'write', value: round % 10 } });
      for (let delivery = 0; delivery < 4; delivery++) events.push({ kind: 'deliver', message: 0 });
    }
    const input = studyInputOf(primaryBackup, 'correct', primaryBackup.defaultConfig(), events);
    expect(
      new Simulator({ protocol: primaryBackup, config: primaryBackup.defaultConfig(), variant: 'correct' }).run({ randomSeed: 0, events }).violation,
    ).toBeNull();
    const { page, errors } = await open('long', input);
    await expectVisible(page, '.lane', 3);
    expect(await page.locator('.view:visible .message-arrow').count()).toBeGreaterThan(100);
    expect(await page.locator('.violation-marker').count()).toBe(0);
    const width = (await page.locator('.view:visible svg.spacetime').boundingBox())?.width ?? 0;
    expect(width).toBeGreaterThan(400);
    expect(width).toBeLessThan(30 * 400);
    await page.screenshot({ path: join(outputDirectory, 'study-long.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 1,400 px window for one counterexample of each protocol: no page overflow, labels and the violation in view', async () => {
    const chosen = firstOfEachProtocol();
    expect(chosen.length).toBeGreaterThanOrEqual(4);
    for (const { name, input } of chosen) {
      const { page, errors, requests } = await open(`fit-${name}`, input);
      for (const view of ['slice', 'every step'] as const) {
        if (view === 'every step') await page.locator('label[for="show-full"]').click();
        const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as {
          scroll: number;
          client: number;
        };
        expect(widths.scroll, `${name} (${view}): the page is wider than the window`).toBeLessThanOrEqual(widths.client);
        const inWindow = async (selector: string): Promise<void> => {
          const elements = page.locator('.view:visible').locator(selector);
          const count = await elements.count();
          expect(count, `${name} (${view}): ${selector}`).toBeGreaterThan(0);
          for (let index = 0; index < count; index++) {
            const box = await elements.nth(index).boundingBox();
            expect(box, `${name} (${view}): ${selector} #${index} has no box`).not.toBeNull();
            if (!box) continue;
            expect(box.x, `${name} (${view}): ${selector} #${index} is left of the window`).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width, `${name} (${view}): ${selector} #${index} is right of the window`).toBeLessThanOrEqual(1400);
            expect(box.y + box.height, `${name} (${view}): ${selector} #${index} is below the window`).toBeLessThanOrEqual(900);
          }
        };
        // The page opens with the violation in view, lane labels beside it.
        await inWindow('.violation-marker rect');
        await inWindow('.lane-label');
        await inWindow('.section-label');
        // Scrolled to the far end, the lane and client labels stay where they were.
        const before = await page.locator('.view:visible .lane-label').first().boundingBox();
        await page.locator('.view:visible .scroll').evaluate((element) => {
          element.scrollLeft = element.scrollWidth;
        });
        const after = await page.locator('.view:visible .lane-label').first().boundingBox();
        expect(after?.x, `${name} (${view}): lane labels scrolled away`).toBe(before?.x);
        await page.locator('.view:visible .scroll').evaluate((element) => {
          element.scrollLeft = 0;
        });
        if (view === 'slice') await page.screenshot({ path: join(outputDirectory, `study-fit-${name}.png`) });
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }
  });
});
