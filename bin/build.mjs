#!/usr/bin/env node
/**
 * Builds the shipped JavaScript: `dist/cli.mjs` (the `faultline` command) and `dist/hunt-worker.mjs`
 * (a hunt worker thread), each one esbuild bundle, so a call starts without compiling TypeScript.
 * Runs on `npm ci` / `npm install` (the `prepare` script) and whenever `bin/faultline.mjs` finds a
 * source file newer than the build. Files are written under a temporary name and renamed, so
 * several commands rebuilding at once never read a half-written bundle.
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const distDirectory = `${root}dist`;
export const builtCli = `${distDirectory}/cli.mjs`;
const sourceDirectory = `${root}src`;

/** Newest modification time (ms) of any file under src/, or 0 when there is no src/ (an installed package). */
export function newestSourceMs() {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(sourceDirectory, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const modified = statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs;
    if (modified > newest) newest = modified;
  }
  return newest;
}

/** True when dist/cli.mjs is missing or older than a source file. */
export function buildIsStale() {
  let builtMs;
  try {
    builtMs = statSync(builtCli).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceMs() > builtMs;
}

export async function build() {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli/main.ts', 'hunt-worker': 'src/hunt/worker.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: distDirectory,
    outExtension: { '.js': '.mjs' },
    // Loaded only for TypeScript protocol modules (tsx) and rebuilds (esbuild): development tools.
    external: ['tsx', 'tsx/*', 'esbuild'],
    // Bundled CommonJS dependencies (cli-progress) call require: give them one.
    banner: { js: "import { createRequire as faultlineCreateRequire } from 'node:module'; const require = faultlineCreateRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  });
  mkdirSync(distDirectory, { recursive: true });
  // dist/cli.mjs last: its time is what the staleness check compares, so a command that sees it
  // new also finds the worker it starts new.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path.endsWith('cli.mjs')) - Number(b.path.endsWith('cli.mjs')));
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  try {
    await build();
  } catch {
    // esbuild has printed each error with its file and line.
    process.stderr.write('faultline: the build failed (see above)\n');
    process.exit(1);
  }
  process.stdout.write(`faultline: built dist/cli.mjs and dist/hunt-worker.mjs in ${Math.round(performance.now() - started)} ms\n`);
}
