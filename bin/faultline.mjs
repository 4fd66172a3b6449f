#!/usr/bin/env node
// Entry point of the `faultline` command. Runs the compiled bundle dist/cli.mjs (built by
// `npm ci` / `npm install` through the `prepare` script). In a checkout where a file under src/ is
// newer than the bundle, it rebuilds first (about 0.2 s; checking costs about 2 ms), so an edit is
// never run as old code; if it cannot rebuild, it runs the TypeScript through tsx.
import { statSync } from 'node:fs';

// Ctrl-C or SIGTERM while the command loads (about 0.1 s, before it has a handler of its own)
// killed it with no report. Until the command takes over, one is held: hunt and explore then stop
// at once with their interrupted report, any other command exits 130 before it starts (main.ts).
const heldInterrupt = {
  signal: null,
  release() {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  },
};
function hold(signal) {
  heldInterrupt.signal ??= signal;
}
process.on('SIGINT', hold);
process.on('SIGTERM', hold);

// check-history has a bundle of its own (the checker and the command only), which loads in a fraction of the time.
const built = new URL(process.argv[2] === 'check-history' ? '../dist/check-history.mjs' : '../dist/cli.mjs', import.meta.url);

/** Newest mtime under src/ against the bundle's: the cheap check, without loading the build script. */
async function entry() {
  const { buildIsStale, build } = await import('./build.mjs');
  if (!buildIsStale()) return built.href;
  try {
    await build();
    return built.href;
  } catch (buildError) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return new URL('../src/cli/main.ts', import.meta.url).href;
    } catch {
      let exists = false;
      try {
        exists = statSync(built).isFile();
      } catch {}
      const reason = buildError instanceof Error ? buildError.message.split('\n')[0] : String(buildError);
      if (!exists) {
        process.stderr.write(`faultline: no build in dist/ and it cannot be built (${reason}); run "npm install"\n`);
        process.exit(2);
      }
      process.stderr.write(`faultline: warning: dist/ is older than src/ and cannot be rebuilt (${reason}); running the old build\n`);
      return built.href;
    }
  }
}

// `faultline replay X | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import(await entry());
const code = await main(process.argv.slice(2), heldInterrupt);
// Exit as soon as the output is flushed: hunt workers being torn down (up to seconds for a large
// heap) must not hold the command past its time budget. A long-running command (studio) returns
// only when it is done.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
