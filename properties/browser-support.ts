/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a downloaded browser).
 * Where it is missing the tests are skipped with a note, except under CI, where that is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumPresent = existsSync(chromiumPath);

/** Call at a test file's top level: fails under CI without Chromium, warns elsewhere. `what` names what goes unchecked. */
export function requireChromium(suite: string, what: string): void {
  if (chromiumPresent) return;
  if (process.env.CI) {
    describe(suite, () => {
      it('needs Chromium in CI', () => {
        throw new Error(`${chromiumPath} not found: CI must install Debian's "chromium" package (.ci/run does)`);
      });
    });
    return;
  }
  console.warn(`${suite}: ${chromiumPath} not found, so ${what} is not checked in a browser (install Debian's "chromium" package; .ci/run does).`);
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
