/**
 * Measures the WebAssembly search prototype (README.md) against faultline's checker on the
 * Porcupine corpus, and, cold, against Porcupine when given a program that runs it.
 *
 *     node bin/run-ts.mjs bench/wasm-prototype/measure.ts [--cold] [--runs N] [--filter TEXT]
 *         [--cpu N] [--porcupine PROGRAM] [--v8-flags "FLAGS"]
 *
 * Warm (default): one process, model by model as bench/linearizability.ts, after one untimed
 * pass; per file the median of `--runs` (5) samples of back-to-back checks of at least 1 ms:
 * faultline's checker, the prototype with the model inside WebAssembly (etcd-register only), and
 * the prototype calling the model in JavaScript (any model).
 * Cold (`--cold`): per file, `--runs` rounds of fresh processes, alternating: faultline's checker,
 * the prototype with the JavaScript that writes the block timed, the prototype with the block
 * written before the timer (etcd-register; what a parser writing it would give), and PROGRAM if
 * given: started with COLD_FILE set to the corpus file and GOMAXPROCS=1, it must print one JSON
 * line `{"wallMs": .., "cpuMs": .., "ok": true|false}` for the first check of its process (the
 * project holds no Porcupine code; see docs/linearizability.md). `--cpu N` pins every process
 * to core N with taskset. `--v8-flags` (default: --liftoff-only --no-wasm-lazy-compilation)
 * are set in the cold processes after the code caches load, before the modules compile.
 *
 * Every file's verdict and configuration count must equal faultline's checker's: the measure
 * stops with an error otherwise. Needs the corpus (../shared) and npx to fetch AssemblyScript.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import {
  checkLinearizability,
  type EtcdRegisterInput,
  type EtcdRegisterOutput,
  etcdRegisterModel,
  type HistoryOperation,
} from '../../src/checkers/linearizability/index.ts';
import { corpusDirectory, type CorpusFile, corpusFiles, parseCorpusFile } from '../porcupine-corpus.ts';
import { callsPerSample, median } from '../stats.ts';
import * as glue from './glue.ts';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
/** The AssemblyScript compiler the figures in docs/linearizability.md were measured with. */
const ASSEMBLYSCRIPT = 'assemblyscript@0.28.20';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}
const cold = process.argv.includes('--cold');
const runs = Math.max(1, Number(argument('--runs', '5')));
const filter = argument('--filter', '');
const cpu = argument('--cpu', '');
const porcupine = argument('--porcupine', '');
const v8Flags = argument('--v8-flags', '--liftoff-only --no-wasm-lazy-compilation');

function isEtcd(entry: CorpusFile): boolean {
  return entry.model === etcdRegisterModel;
}

/** Splices each model into the search template and compiles it; returns the paths of the two modules. */
function buildModules(directory: string): { etcd: string; callback: string } {
  const template = readFileSync(join(here, 'assembly', 'search.ts'), 'utf8');
  const built = { etcd: join(directory, 'etcd-register.wasm'), callback: join(directory, 'callback.wasm') };
  for (const [name, output] of [
    ['model-etcd-register.ts', built.etcd],
    ['model-callback.ts', built.callback],
  ] as const) {
    const [top, step] = readFileSync(join(here, 'assembly', name), 'utf8').split('// step:\n') as [string, string];
    const source = join(directory, name.replace('model-', 'search-'));
    writeFileSync(source, template.replace('//MODEL_IMPORTS', top).replace('//MODEL_STEP', step));
    const compiled = spawnSync(
      'npx',
      ['--yes', '--package', ASSEMBLYSCRIPT, 'asc', source, '-O3', '--runtime', 'minimal', '--noAssert', '-o', output],
      {
        encoding: 'utf8',
      },
    );
    if (compiled.status !== 0) throw new Error(`asc ${name}: ${compiled.stderr}${compiled.stdout}`);
  }
  return built;
}

type Sample = { verdict: string; explored: number };

function sameOutcome(file: string, side: string, expected: Sample, actual: Sample): void {
  if (expected.verdict !== actual.verdict || expected.explored !== actual.explored) {
    throw new Error(
      `${file}: ${side} gave ${actual.verdict} after ${actual.explored} configurations, the checker ${expected.verdict} after ${expected.explored}`,
    );
  }
}

function fixed(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : value.toFixed(3);
}

type EtcdOperations = readonly HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>[];

/** Warm, in this process. Columns: milliseconds per check, medians. */
function measureWarm(files: readonly CorpusFile[], modules: { etcd: string; callback: string }): string[][] {
  const etcd = glue.instantiateSearch(readFileSync(modules.etcd));
  let current: glue.StepCallback = () => -1;
  const callback = glue.instantiateSearch(readFileSync(modules.callback), (state, position) => current(state, position));
  const setStep = (step: glue.StepCallback) => {
    current = step;
  };
  const table = [['file', 'configurations', 'typescript_ms', 'wasm_model_inside_ms', 'wasm_model_in_javascript_ms']];
  for (const modelName of ['etcd-register', 'kv'] as const) {
    const group = files.filter((entry) => isEtcd(entry) === (modelName === 'etcd-register'));
    const histories = group.map(parseCorpusFile);
    const sides: [string, (index: number) => Sample][] = [
      [
        'typescript',
        (index) => {
          const result = checkLinearizability((group[index] as CorpusFile).model, histories[index] ?? []);
          return { verdict: result.verdict, explored: result.exploredConfigurations };
        },
      ],
      [
        'inside',
        (index) =>
          modelName === 'etcd-register'
            ? glue.runEtcdSearch(etcd, glue.prepareEtcdSearch(etcd, (histories[index] ?? []) as EtcdOperations))
            : { verdict: '', explored: -1 },
      ],
      ['callback', (index) => glue.checkWithCallback(callback, setStep, (group[index] as CorpusFile).model, histories[index] ?? [])],
    ];
    for (const [, check] of sides) for (let index = 0; index < group.length; index++) check(index);
    for (const [index, entry] of group.entries()) {
      const expected = (sides[0] as [string, (index: number) => Sample])[1](index);
      const cells = [entry.file, String(expected.explored)];
      for (const [side, check] of sides) {
        const outcome = check(index);
        if (outcome.explored === -1) {
          cells.push('');
          continue;
        }
        sameOutcome(entry.file, side, expected, outcome);
        const checks = callsPerSample(() => check(index));
        const samples: number[] = [];
        for (let run = 0; run < runs; run++) {
          const start = performance.now();
          for (let repeat = 0; repeat < checks; repeat++) check(index);
          samples.push((performance.now() - start) / checks);
        }
        cells.push(fixed(median(samples)));
      }
      table.push(cells);
    }
  }
  return table;
}

/** The glue as a classic script with a V8 code cache, made after a small check through each path (as bin/build.mjs makes the checker's). */
function writeGlueWithCache(directory: string, modules: { etcd: string; callback: string }): void {
  const { buildSync } = esbuild;
  const body =
    buildSync({ entryPoints: [join(here, 'glue.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' })
      .outputFiles[0]?.text ?? '';
  const code = `(function (module, exports, require) {${body}\n})\n`;
  writeFileSync(join(directory, 'glue.js'), code);
  const script = new Script(code, { filename: 'glue.js' });
  const module = { exports: {} as typeof glue };
  (script.runInThisContext() as (module: { exports: typeof glue }, exports: typeof glue, require: unknown) => void)(
    module,
    module.exports,
    undefined,
  );
  const loaded = module.exports;
  const operations: EtcdOperations = [
    { id: 0, clientId: 0, call: 0, return: 2, input: { type: 'write', value: 1 }, output: { type: 'write' } },
    { id: 1, clientId: 1, call: 1, return: 3, input: { type: 'read' }, output: { type: 'read', value: 1 } },
    { id: 2, clientId: 2, call: 4, return: 5, input: { type: 'cas', from: 1, to: 2 }, output: { type: 'cas', ok: true } },
    { id: 3, clientId: 3, call: 6, return: null, input: { type: 'write', value: 3 }, output: null },
  ];
  const etcd = loaded.instantiateSearch(readFileSync(modules.etcd));
  let current: glue.StepCallback = () => -1;
  const callback = loaded.instantiateSearch(readFileSync(modules.callback), (state, position) => current(state, position));
  const inside = loaded.runEtcdSearch(etcd, loaded.prepareEtcdSearch(etcd, operations));
  const outside = loaded.checkWithCallback(callback, (step) => (current = step), etcdRegisterModel, operations);
  if (inside.verdict !== 'linearizable' || outside.verdict !== 'linearizable') throw new Error('glue warm-up: wrong verdict');
  writeFileSync(join(directory, 'glue.cache'), script.createCachedData());
}

let esbuild: typeof import('esbuild');

/** Cold: fresh processes per file and mode, alternating. Columns: CPU milliseconds, medians. */
async function measureCold(files: readonly CorpusFile[], directory: string, modules: { etcd: string; callback: string }): Promise<string[][]> {
  const program = join(directory, 'first-check.mjs');
  esbuild.buildSync({
    entryPoints: [join(here, 'first-check.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: program,
    logLevel: 'warning',
  });
  const builder = (await import(pathToFileURL(join(projectRoot, 'bin', 'build.mjs')).href)) as {
    buildCheckerCode(): Promise<{ code: string; buildId: string }>;
    createCheckerCodeCache(code: string, buildId: string): Promise<Uint8Array>;
    checkerScriptName: string;
    checkerCacheName: string;
  };
  const checker = await builder.buildCheckerCode();
  writeFileSync(join(directory, builder.checkerScriptName), checker.code);
  writeFileSync(join(directory, builder.checkerCacheName), await builder.createCheckerCodeCache(checker.code, checker.buildId));
  writeGlueWithCache(directory, modules);
  const pin = cpu === '' ? [] : ['taskset', '-c', cpu];
  const modes = ['typescript', 'wasm', 'wasm-written', ...(porcupine === '' ? [] : ['porcupine'])];
  const table = [['file', 'configurations', ...modes.map((mode) => `${mode}_cpu_ms`), 'typescript_load_cpu_ms', 'wasm_load_cpu_ms']];
  for (const entry of files) {
    const samples = new Map(modes.map((mode) => [mode, [] as number[]]));
    const loads = { typescript: [] as number[], wasm: [] as number[] };
    let expected: Sample | undefined;
    for (let run = 0; run < runs; run++) {
      for (const mode of modes) {
        const path = join(corpusDirectory, entry.file);
        const [command, ...rest] =
          mode === 'porcupine'
            ? [...pin, porcupine]
            : [...pin, process.execPath, program, path, isEtcd(entry) ? 'etcd-register' : 'kv', mode, directory, checker.buildId];
        const env = { ...process.env, COLD_FILE: path, GOMAXPROCS: '1', WASM_PROTOTYPE_V8_FLAGS: v8Flags };
        const child = spawnSync(command as string, rest, { encoding: 'utf8', env });
        if (child.status !== 0) throw new Error(`${mode} on ${entry.file}: ${child.stderr}${child.stdout}`);
        const sample = JSON.parse(child.stdout.trim().split('\n')[0] ?? '{}') as {
          cpuMs: number;
          verdict?: string;
          explored?: number;
          ok?: boolean;
          loadCpuMs?: number;
        };
        samples.get(mode)?.push(sample.cpuMs);
        if (mode === 'porcupine') {
          if (expected !== undefined && (sample.ok === true) !== (expected.verdict === 'linearizable'))
            throw new Error(`${entry.file}: ${porcupine} disagrees`);
          continue;
        }
        const outcome = { verdict: sample.verdict ?? '', explored: sample.explored ?? -1 };
        if (expected === undefined) expected = outcome;
        else sameOutcome(entry.file, mode, expected, outcome);
        if (mode === 'typescript' || mode === 'wasm') loads[mode].push(sample.loadCpuMs ?? 0);
      }
    }
    table.push([
      entry.file,
      String(expected?.explored ?? ''),
      ...modes.map((mode) => fixed(median(samples.get(mode) ?? []))),
      fixed(median(loads.typescript)),
      fixed(median(loads.wasm)),
    ]);
  }
  return table;
}

/** Totals per class (model × hard, 5,000 configurations or more, or easy) and files above 1.0 against the first column. */
function summary(table: string[][]): string[] {
  const [header, ...rows] = table as [string[], ...string[][]];
  const columns = header.slice(2).filter((name) => !name.includes('_load_'));
  const baseline = columns.includes('porcupine_cpu_ms') ? 'porcupine_cpu_ms' : (columns[0] as string);
  const value = (row: string[], name: string) => Number(row[header.indexOf(name)]);
  const lines: string[] = [`Ratios to ${baseline.replace(/_.*/, '')} (totals per class; files above 1.0; per-file median ratio):`];
  const classes: [string, (row: string[]) => boolean][] = [
    ['all', () => true],
    ['etcd hard', (row) => row[0]?.startsWith('jepsen') === true && value(row, 'configurations') >= 5000],
    ['etcd easy', (row) => row[0]?.startsWith('jepsen') === true && value(row, 'configurations') < 5000],
    ['kv', (row) => row[0]?.startsWith('kv') === true],
  ];
  for (const name of columns.filter((column) => column !== baseline)) {
    const parts: string[] = [];
    for (const [label, member] of classes) {
      const group = rows.filter((row) => member(row) && row[header.indexOf(name)] !== '' && row[header.indexOf(baseline)] !== '');
      if (group.length === 0) continue;
      const total = group.reduce((sum, row) => sum + value(row, name), 0);
      const base = group.reduce((sum, row) => sum + value(row, baseline), 0);
      const above = group.filter((row) => value(row, name) > value(row, baseline)).length;
      const perFile = median(group.map((row) => value(row, name) / Math.max(value(row, baseline), 1e-6)));
      parts.push(`${label} ${(total / base).toFixed(2)} (${above} of ${group.length} above 1.0, median ${perFile?.toFixed(2)})`);
    }
    if (parts.length > 0) lines.push(`  ${name}: ${parts.join('; ')}`);
  }
  const loads = header.filter((name) => name.includes('_load_'));
  if (loads.length > 0) {
    const medians = loads.map((name) => `${name.replace(/_load_.*/, '')} ${median(rows.map((row) => value(row, name)))?.toFixed(2)} ms`);
    lines.push(`Loading before the timer (the checker, and for the prototype its glue and both modules), median CPU: ${medians.join(', ')}`);
  }
  return lines;
}

esbuild = await import('esbuild');
const files = corpusFiles(filter);
if (files.length === 0) throw new Error(`no corpus file matches "${filter}" in ${corpusDirectory}`);
const directory = mkdtempSync(join(tmpdir(), 'faultline-wasm-prototype-'));
try {
  const modules = buildModules(directory);
  const started = `${new Date().toISOString()}; ${cpus()[0]?.model ?? '?'} (${cpus().length} CPUs); load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
  const table = cold ? await measureCold(files, directory, modules) : measureWarm(files, modules);
  const finished = `load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
  console.log(
    `${cold ? `Cold, CPU ms of the first check, median of ${runs} processes; V8 flags for the prototype: ${v8Flags}` : `Warm, ms per check, median of ${runs} samples`}`,
  );
  console.log(`${started}; ${finished} at the end`);
  for (const row of table) console.log(row.join(','));
  for (const line of summary(table)) console.log(line);
  const results = join(projectRoot, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, cold ? 'wasm-prototype-cold.csv' : 'wasm-prototype-warm.csv'), `${table.map((row) => row.join(',')).join('\n')}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
