#!/usr/bin/env node
/**
 * Builds the shipped JavaScript: `dist/cli.mjs` (the `faultline` command), `dist/hunt-worker.mjs`
 * and `dist/explore-worker.mjs` (hunt and explore worker threads) and `dist/check-history.mjs` (the
 * `check-history` command alone, which bin/faultline.mjs starts for it: it loads in a fraction of
 * the time), each one esbuild bundle, so a call starts without compiling TypeScript. The first
 * three are small ES modules that load their bundle, `dist/cli.js`, `dist/hunt-worker.js` or
 * `dist/explore-worker.js`, as a classic script with a V8 code cache
 * (`.cache`, see {@link scriptBundle});
 * and the linearizability checker once more as a classic script with a V8 code cache for it
 * (`dist/linearizability-checker.js` and `.cache`, see {@link buildCheckerCode}), which
 * `faultline check-history` loads instead of compiling the checker on its first call.
 * Runs on `npm ci` / `npm install` (the `prepare` script) and whenever `bin/faultline.mjs` finds a
 * source file newer than the build. Files are written under a temporary name and renamed, so
 * several commands rebuilding at once never read a half-written bundle.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const distDirectory = `${root}dist`;
export const builtCli = `${distDirectory}/cli.mjs`;
const sourceDirectory = `${root}src`;
/** The checker as a classic script, and V8's code cache for it (see {@link buildCheckerCode}). */
export const checkerScriptName = 'linearizability-checker.js';
export const checkerCacheName = 'linearizability-checker.cache';

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

/**
 * Starts a worker thread (`hunt` or `explore`) when faultline runs from its sources (the tests,
 * bin/run-ts.mjs), for bin/hunt-worker.mjs and bin/explore-worker.mjs: the built worker,
 * `dist/NAME-worker.mjs`, when the build is newer than every source file ({@link buildIsStale}),
 * else tsx and the TypeScript worker. Through tsx each worker thread compiled and loaded the sources
 * anew: about 0.8 s of CPU, against 0.06 s for the bundle with its code cache (2-core machine,
 * 2026-12-02), times the two dozen worker threads of `npm test`.
 */
export async function startWorkerFromSources(name) {
  if (buildIsStale()) {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL(`../src/${name}/worker.ts`, import.meta.url).href);
  } else {
    await import(new URL(`../dist/${name}-worker.mjs`, import.meta.url).href);
  }
}

/**
 * The linearizability checker (src/checkers/linearizability/index.ts) bundled as one classic
 * script, `(function (module, exports, require) { ... })`, for `vm.Script`, the only way Node 20
 * can give V8 a code cache (it has no module compile cache). Its build id (a hash of the code)
 * ends the script, heads the cache file, and is compiled into the CLI: the CLI uses the script
 * and cache of its own build only.
 */
export async function buildCheckerCode() {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: ['src/checkers/linearizability/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  });
  const body = result.outputFiles[0].text;
  // Imported here, not at the top: bin/faultline.mjs loads this file on every start.
  const { createHash } = await import('node:crypto');
  const buildId = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { code: `(function (module, exports, require) {${body}\n})\n// faultline checker build ${buildId}\n`, buildId };
}

/** A small Jepsen etcd log (concurrent reads, writes, CAS, a timeout); with `bad`, a read of a value never written. */
function etcdWarmUpLog(bad) {
  const lines = [];
  const line = (process, type, f, value) => lines.push(`INFO  jepsen.util - ${process}\t${type}\t${f}\t${value}`);
  for (let i = 0; i < 16; i++) {
    const writer = i % 3;
    const reader = 3 + (i % 2);
    line(writer, ':invoke', ':write', i % 4);
    line(reader, ':invoke', ':read', 'nil');
    line(writer, ':ok', ':write', i % 4);
    line(reader, ':ok', ':read', bad && i === 12 ? 9 : i % 4);
    // Succeeds on even rounds; on odd ones it expects a value the register does not hold.
    const cas = `[${(i + 2 * (i % 2)) % 4} ${(i + 1) % 4}]`;
    line(5, ':invoke', ':cas', cas);
    line(5, i % 2 === 0 ? ':ok' : ':fail', ':cas', cas);
    if (i % 2 === 1) line(5, ':invoke', ':write', i % 4);
    if (i % 2 === 1) line(5, ':ok', ':write', i % 4);
  }
  line(6, ':invoke', ':read', 'nil');
  line(6, ':fail', ':read', 'nil');
  line(7, ':invoke', ':write', 2);
  line(7, ':info', ':write', 2);
  return `${lines.join('\n')}\n`;
}

/** A small EDN key-value log over three keys; with `bad`, a get of a value never written. */
function kvWarmUpLog(bad) {
  const lines = [];
  const values = ['', '', ''];
  const line = (process, type, f, key, value) =>
    lines.push(`{:process ${process}, :type ${type}, :f ${f}, :key "${key}", :value ${value === null ? 'nil' : `"${value}"`}}`);
  for (let i = 0; i < 24; i++) {
    const key = i % 3;
    const piece = `x ${i} y`;
    const f = i % 4 === 0 ? ':put' : ':append';
    line(i % 2, ':invoke', f, key, piece);
    line(2, ':invoke', ':get', key, null);
    line(i % 2, ':ok', f, key, piece);
    line(2, ':ok', ':get', key, bad && i === 20 ? 'never' : values[key]);
    values[key] = f === ':put' ? piece : values[key] + piece;
  }
  return `${lines.join('\n')}\n`;
}

/**
 * V8's code cache for the checker script, made after checking a few small histories with it, so
 * that it holds the bytecode of what a check runs (V8 compiles a function on its first call, and
 * a cache made before running holds little more than the top level). This is the 1.1 to 1.3 ms a
 * first check spent compiling the checker (docs/linearizability.md). The cache file is the build
 * id, a newline, then V8's data; V8 itself refuses data from another V8 version or flags.
 */
export async function createCheckerCodeCache(code, buildId) {
  const { Script } = await import('node:vm');
  const script = new Script(code, { filename: checkerScriptName });
  const module = { exports: {} };
  script.runInThisContext()(module, module.exports, () => {
    throw new Error('the checker script requires nothing');
  });
  const checker = module.exports;
  const histories = [
    ['warm-up.log', etcdWarmUpLog(false), checker.etcdRegisterModel],
    ['warm-up-bad.log', etcdWarmUpLog(true), checker.etcdRegisterModel],
    ['warm-up.txt', kvWarmUpLog(false), checker.kvModel],
    ['warm-up-bad.txt', kvWarmUpLog(true), checker.kvModel],
  ];
  for (const [file, text, model] of histories) {
    const parsed = checker.parseHistory(file, text, model);
    if (!parsed.ok) throw new Error(`checker code cache: warm-up history ${file} does not parse: ${checker.formatParseError(parsed.error)}`);
    // Also in the JSON-lines format, faultline's own.
    const again = checker.parseHistory(`${file}.jsonl`, checker.formatJsonLinesHistory(parsed.operations), model);
    if (!again.ok) throw new Error(`checker code cache: warm-up history ${file} does not round-trip`);
    const result = checker.checkLinearizability(model, parsed.operations, { now: () => 0, timeLimitMs: 1e9 });
    if (result.verdict !== (file.includes('bad') ? 'not-linearizable' : 'linearizable')) {
      throw new Error(`checker code cache: warm-up history ${file} gave verdict ${result.verdict}`);
    }
    if (result.verdict === 'not-linearizable') checker.formatLinearizabilityFailure(model, parsed.operations, result);
  }
  return Buffer.concat([Buffer.from(`${buildId}\n`), script.createCachedData()]);
}

/** The name `import.meta.url` has in a script bundle: the URL of its `.mjs` loader, passed in. */
const scriptModuleUrl = '__faultlineModuleUrl';
/** The name `import()` has in a script bundle: the loader module's own, passed in. */
const scriptImport = '__faultlineImport';
/** What dist/cli.mjs exports (src/cli/main.ts's exports). */
const cliExports = ['buildProgram', 'emptyProgram', 'main', 'runProgram'];

/**
 * A CommonJS bundle as one classic script, `(function (module, exports, require,
 * __faultlineModuleUrl) { ... })`, ended by its build id (a hash of the code), for `vm.Script`:
 * Node 20 has no module compile cache, and a script is what V8 gives a code cache to. Why: loading
 * the CLI's 1.9 MB bundle as an ES module cost about 100 ms of CPU on every command, and as much
 * again in each hunt worker thread; with the cache about 45 ms (docs/benchmarks.md, start-up).
 */
async function scriptBundle(bundled) {
  // Imported here, not at the top: bin/faultline.mjs loads this file on every start.
  const { createHash } = await import('node:crypto');
  // import() in a classic script needs an experimental vm option (with a warning on stderr); the
  // loader module passes its own import(), which resolves packages from dist/ as the module did.
  const body = bundled.replace(/(?<![\w$.])import\(/g, `${scriptImport}(`);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return {
    code: `(function (module, exports, require, ${scriptModuleUrl}, ${scriptImport}) {${body}\n})\n// faultline bundle ${hash}\n`,
    buildId: hash,
  };
}

/**
 * dist/NAME.mjs: loads dist/NAME.js with its code cache (of the same build id only; V8 itself
 * refuses data of another V8 version or flags, and then compiles as it runs), as the module it
 * replaces: `import.meta.url` inside is this file's URL, and `require` and `import()` resolve from
 * here. Without the script it says so and exits 2.
 */
function bundleLoaderModule(name, buildId, exportNames) {
  const load = `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const scriptUrl = new URL('./${name}.js', import.meta.url);
let code;
try {
  code = readFileSync(scriptUrl, 'utf8');
} catch {
  process.stderr.write('faultline: dist/${name}.js is missing; run "npm install" (or "npm run build")\\n');
  process.exit(2);
}
let cache;
try {
  cache = readFileSync(new URL('./${name}.cache', import.meta.url));
} catch {}
const header = '${buildId}\\n';
const ofThisBuild = cache !== undefined && code.endsWith('// faultline bundle ${buildId}\\n') && cache.toString('latin1', 0, header.length) === header;
const script = new Script(code, { filename: fileURLToPath(scriptUrl), cachedData: ofThisBuild ? cache.subarray(header.length) : undefined });
const module = { exports: {} };
script.runInThisContext()(module, module.exports, createRequire(import.meta.url), import.meta.url, (specifier) => import(specifier));
`;
  if (exportNames.length === 0) return load;
  // What became of the code cache (tests read it): as check-history's checker cache says it.
  const status = "cache === undefined ? 'missing' : !ofThisBuild ? 'stale' : script.cachedDataRejected === true ? 'rejected' : 'accepted'";
  return `${load}export const { ${exportNames.join(', ')} } = module.exports;\nexport const bundleCodeCache = ${status};\n`;
}

/**
 * V8's code cache for a script bundle, made in a worker thread (the hunt worker's top level needs
 * one) once the bundle's top level has run, so it also holds what loading compiles. The file is
 * the build id, a newline, then V8's data.
 */
async function createBundleCodeCache(name, code, buildId) {
  const { Worker } = await import('node:worker_threads');
  const maker = `
const { parentPort, workerData } = require('node:worker_threads');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');
const script = new Script(workerData.code, { filename: workerData.filename });
const module = { exports: {} };
const importNothing = () => Promise.reject(new Error('no import() while the code cache is made'));
script.runInThisContext()(module, module.exports, createRequire(workerData.moduleUrl), workerData.moduleUrl, importNothing);
parentPort.postMessage(script.createCachedData());
`;
  const moduleUrl = pathToFileURL(`${distDirectory}/${name}.mjs`).href;
  const worker = new Worker(maker, {
    eval: true,
    workerData: { code, filename: `${distDirectory}/${name}.js`, moduleUrl, protocolModule: null },
    stdout: true,
    stderr: true,
  });
  try {
    const data = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (exitCode) => reject(new Error(`the worker making it exited with code ${exitCode}`)));
    });
    return Buffer.concat([Buffer.from(`${buildId}\n`), Buffer.from(data)]);
  } finally {
    await worker.terminate();
  }
}

/**
 * For dist/check-history.mjs: our sources have no effects on import, so esbuild may leave out a
 * module nothing of which is used. Without this, the command's few helpers from src/cli/shared.ts
 * and main.ts would bring every protocol and command along (1.7 MB instead of about 0.25 MB).
 */
const sourcesWithoutSideEffects = {
  name: 'faultline-sources-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(sourceDirectory)) return undefined;
      const path = resolvePath(dirname(args.importer), args.path);
      return path.startsWith(sourceDirectory) ? { path, sideEffects: false } : undefined;
    });
  },
};

export async function build() {
  const { build: esbuild } = await import('esbuild');
  const checker = await buildCheckerCode();
  let checkerCache;
  try {
    checkerCache = await createCheckerCodeCache(checker.code, checker.buildId);
  } catch (error) {
    // The command works without it (compiling the checker as it goes); say why it is missing.
    process.stderr.write(`faultline: no code cache for the checker (${error instanceof Error ? error.message : String(error)})\n`);
  }
  const options = {
    absWorkingDir: root,
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
    // Which checker script and code cache this CLI may load (see src/cli/check-history.ts).
    define: { FAULTLINE_CHECKER_BUILD: JSON.stringify(checker.buildId) },
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  };
  // The CLI and the workers as classic scripts (see scriptBundle), the one ES module as it was.
  const scriptOptions = {
    ...options,
    format: 'cjs',
    outExtension: { '.js': '.js' },
    banner: {},
    define: { ...options.define, 'import.meta.url': scriptModuleUrl },
  };
  const [scripts, checkHistory] = await Promise.all([
    esbuild({
      ...scriptOptions,
      entryPoints: { cli: 'src/cli/main.ts', 'hunt-worker': 'src/hunt/worker.ts', 'explore-worker': 'src/explore/worker.ts' },
    }),
    esbuild({ ...options, entryPoints: { 'check-history': 'src/cli/check-history-main.ts' }, plugins: [sourcesWithoutSideEffects] }),
  ]);
  const bundles = await Promise.all(
    scripts.outputFiles.map(async (file) => {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1, -'.js'.length);
      const { code, buildId } = await scriptBundle(file.text);
      let cache;
      try {
        cache = await createBundleCodeCache(name, code, buildId);
      } catch (error) {
        // The command works without it (compiling as it goes); say why it is missing.
        process.stderr.write(`faultline: no code cache for dist/${name}.js (${error instanceof Error ? error.message : String(error)})\n`);
      }
      return { name, code, buildId, cache };
    }),
  );
  const bundleFiles = bundles.flatMap(({ name, code, buildId, cache }) => [
    { path: `${distDirectory}/${name}.js`, contents: code },
    ...(cache === undefined ? [] : [{ path: `${distDirectory}/${name}.cache`, contents: cache }]),
    { path: `${distDirectory}/${name}.mjs`, contents: bundleLoaderModule(name, buildId, name === 'cli' ? cliExports : []) },
  ]);
  for (const { name, cache } of bundles) if (cache === undefined) rmSync(`${distDirectory}/${name}.cache`, { force: true });
  const result = { outputFiles: [...bundleFiles, ...checkHistory.outputFiles] };
  mkdirSync(distDirectory, { recursive: true });
  const writeAtomically = (path, contents) => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  };
  writeAtomically(`${distDirectory}/${checkerScriptName}`, checker.code);
  if (checkerCache === undefined) rmSync(`${distDirectory}/${checkerCacheName}`, { force: true });
  else writeAtomically(`${distDirectory}/${checkerCacheName}`, checkerCache);
  // dist/cli.mjs last: its time is what the staleness check compares, so a command that sees it
  // new also finds the worker it starts, dist/check-history.mjs and the checker script it loads new.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path.endsWith('cli.mjs')) - Number(b.path.endsWith('cli.mjs')));
  for (const file of files) writeAtomically(file.path, file.contents);
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
  process.stdout.write(
    `faultline: built dist/cli.mjs, dist/hunt-worker.mjs, dist/explore-worker.mjs and dist/check-history.mjs, with code caches for the first three and the checker, in ${Math.round(performance.now() - started)} ms\n`,
  );
}
