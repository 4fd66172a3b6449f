/**
 * Benchmark of the linearizability checker on the Porcupine corpus (../shared/corpus/porcupine
 * next to the project).
 *
 *     npm run bench:linearizability [-- --runs 11] [-- --filter etcd_00] [-- --cold [--no-code-cache]]
 *         [-- --porcupine-times porcupine.csv]
 *
 * Warm (the default): each model's files are checked once untimed (JIT warm-up); then every file
 * is checked once more for its verdict and `--runs` times for the clock. This is the cost of a
 * check inside a long-running process (a hunt, a test run). A sample times a batch of
 * back-to-back checks of at least about a millisecond and divides by their number (one check for
 * all but the small files): the timers cost about a microsecond and count whole microseconds of
 * CPU, as much as a small check itself. Porcupine's side must be measured with the same batches.
 *
 * Cold (`--cold`): every file is checked in `--runs` fresh processes (plain JavaScript bundled
 * from the sources, as the CLI is), and only that process's first check is timed (after
 * parsing, once the JIT work parsing started is done). This is the checking part of what
 * `faultline check-history` pays: the check runs while the JIT compiles the checker. As the
 * built CLI does, the process loads the checker script with the V8 code cache that
 * bin/build.mjs makes for it (built here into a temporary directory), then sets V8's flags for
 * one check (`tuneV8ForOneCheck`); `--no-code-cache` uses
 * the checker bundled into the program instead (what the CLI did before, and does when the cache
 * is missing or stale). The loading is not timed either; its CPU time is in the results file.
 * Nor is what the process still does after the check returned, until it is idle again (mostly
 * optimized code of the search that a background thread was still compiling: up to 20 ms on
 * etcd_085; about 0.2 ms is the idle loop's own cost): it is in the results file per file
 * (`afterCheckCpuMs`) and its total is printed, because it is CPU the check caused.
 *
 * The table shows the median and minimum wall time and the median CPU time of this process
 * (steadier when other jobs share the machine). Results also go to
 * bench/results/linearizability.json.
 *
 * Which mode compares the checkers: warm. Porcupine's own per-file figures (the corpus's
 * verdicts.csv) are checks in an already-running process, medians of repeated `CheckEvents` calls
 * on parsed events, and so is the warm mode here on both sides. Cold compares a check that, on
 * Node, also pays the JIT's first run (interpreting, compiling on a background thread) while Go's
 * ahead-of-time code pays nothing extra: it is what one `faultline check-history` process pays
 * for its check, reported for that reason. Neither mode counts starting the process or parsing.
 *
 * Comparing with another checker: `--porcupine-times FILE` reads a CSV of per-file medians that
 * you measured yourself on this machine, in this session, the same way (warm or cold), with
 * columns `file,median_ms,median_cpu_ms,verdict` (others are ignored); the table then shows them
 * next to faultline's, with the ratios, and ends with totals per class of file (model x hard/easy)
 * and for the whole corpus. Figures measured elsewhere or earlier are not a comparison
 * (the corpus's verdicts.csv carries Porcupine times from another machine; this bench ignores them).
 * Run both with the same CPU affinity, one after the other: e.g. `taskset -c 0` for both.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkLinearizability, etcdRegisterModel, kvModel } from '../src/checkers/linearizability/index.ts';
import { splitCsvLine } from '../properties/linearizability-support.ts';
import { corpusDirectory, type CorpusFile, corpusFiles, parseCorpusFile } from './porcupine-corpus.ts';
import { benchCommand, positiveInteger } from './options.ts';
import { callsPerSample, median } from './stats.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = corpusDirectory;

const options = benchCommand('npm run bench:linearizability --')
  .description('Times the linearizability checker on the Porcupine corpus (see the top of bench/linearizability.ts).')
  .option('--runs <n>', 'timed checks per file (default 11 warm, 5 cold; 5 and 3 with --quick)', positiveInteger)
  .option('--filter <text>', 'only the corpus files whose path contains this text')
  .option('--cold', 'time the first check in a fresh process per run, not warm checks in this one')
  .option('--no-code-cache', 'cold: load the checker bundled into the program, not with its V8 code cache')
  .option('--quick', 'fewer runs')
  .option('--porcupine-times <file>', 'a CSV of per-file medians of Porcupine measured here, shown beside ours')
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ runs?: number; filter?: string; cold?: boolean; codeCache: boolean; quick?: boolean; porcupineTimes?: string }>();

const cold = options.cold === true;
const codeCache = options.codeCache;
const runs = options.runs ?? (cold ? (options.quick ? 3 : 5) : options.quick ? 5 : 11);
const filter = options.filter ?? '';
const porcupineFile = options.porcupineTimes ?? '';

interface Row {
  readonly file: string;
  readonly operations: number;
  readonly expected: string;
  readonly verdict: string;
  readonly agrees: boolean;
  readonly exploredConfigurations: number;
  readonly medianMs: number;
  readonly minMs: number;
  /** CPU time of the process (all threads), which other jobs on a shared machine disturb less. */
  readonly medianCpuMs: number;
  /** Warm: checks timed together per sample (see `callsPerSample` in stats.ts). */
  readonly checksPerSample?: number;
  /**
   * Cold: median CPU time the process still used after the timer stopped, until it went idle:
   * mostly optimized code of the search that V8 was compiling on a background thread when the
   * check ended. Not in `medianCpuMs`; Porcupine's ahead-of-time code has nothing like it.
   */
  readonly afterCheckCpuMs?: number;
  /** The other checker's medians from `--porcupine-times`, when given. */
  readonly porcupine?: { readonly medianMs: number; readonly medianCpuMs: number | null; readonly verdict: string | null };
}

/** Wall and CPU milliseconds of one call. */
function timed<T>(action: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = action();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function readPorcupineTimes(file: string): Map<string, NonNullable<Row['porcupine']>> {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const column = (name: string): number => header.indexOf(name);
  if (column('file') < 0 || column('median_ms') < 0) {
    throw new Error(`${file}: expected a CSV header with the columns file and median_ms (optional: median_cpu_ms, verdict)`);
  }
  const times = new Map<string, NonNullable<Row['porcupine']>>();
  for (const [index, line] of lines.slice(1).entries()) {
    const cells = splitCsvLine(line);
    const medianMs = Number(cells[column('median_ms')]);
    if (!Number.isFinite(medianMs)) throw new Error(`${file}:${index + 2}: median_ms is not a number`);
    const cpu = column('median_cpu_ms') >= 0 ? Number(cells[column('median_cpu_ms')]) : Number.NaN;
    times.set(cells[column('file')] ?? '', {
      medianMs,
      medianCpuMs: Number.isFinite(cpu) ? cpu : null,
      verdict: column('verdict') >= 0 ? (cells[column('verdict')] ?? null) : null,
    });
  }
  return times;
}

function row(entry: CorpusFile, operations: number, verdict: string, explored: number, wall: number[], cpu: number[]): Row {
  const emptyFile = operations === 0;
  return {
    file: entry.file,
    operations,
    expected: emptyFile ? 'linearizable' : entry.expected,
    verdict,
    agrees: verdict === (emptyFile ? 'linearizable' : entry.expected),
    exploredConfigurations: explored,
    medianMs: median(wall) ?? 0,
    minMs: Math.min(...wall),
    medianCpuMs: median(cpu) ?? 0,
  };
}

/** Warm: per model, one untimed pass over its files, then `runs` timed samples per file. */
function measureWarm(files: readonly CorpusFile[]): Row[] {
  const rows: Row[] = [];
  // Files are measured model by model, each group after one untimed pass over it (JIT warm-up),
  // as the CLI checks one model per process. Mixing models in one process makes the hot call
  // sites polymorphic, which costs up to 2x on the etcd files.
  for (const groupModel of [etcdRegisterModel, kvModel]) {
    const group = files.filter((entry) => entry.model === groupModel);
    const histories = group.map(parseCorpusFile);
    for (const [index, entry] of group.entries()) checkLinearizability(entry.model, histories[index] ?? []);
    for (const [index, entry] of group.entries()) {
      const operations = histories[index] ?? [];
      const first = checkLinearizability(entry.model, operations);
      const check = (): unknown => checkLinearizability(entry.model, operations);
      const checks = callsPerSample(check);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < runs; run++) {
        const sample = timed(() => {
          for (let repeat = 0; repeat < checks; repeat++) check();
        });
        wall.push(sample.wallMs / checks);
        cpu.push(sample.cpuMs / checks);
      }
      rows.push({ ...row(entry, operations.length, first.verdict, first.exploredConfigurations, wall, cpu), checksPerSample: checks });
    }
  }
  return rows;
}

/**
 * A cold run waits between parsing and the timed check until the process used less than 5% of
 * a CPU over this many milliseconds (see the program below).
 */
const COLD_SETTLE_STEP_MS = 10;

/**
 * The program a cold run starts: parse one corpus file, idle until the JIT work that parsing
 * started is done, time the first check, print JSON. It is bundled to plain JavaScript once
 * (esbuild, as `npm run build` does for the CLI), so a fresh process starts in a few tens of
 * milliseconds instead of compiling TypeScript each time.
 */
const FIRST_CHECK_PROGRAM = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as bundledChecker from '../src/checkers/linearizability/index.ts';
import { loadCheckerWithCodeCache, tuneV8ForOneCheck } from '../src/cli/checker-code-cache.ts';
import { settle } from './settle.ts';
const SETTLE_STEP_MS = ${COLD_SETTLE_STEP_MS};
const [path, modelName, cacheDirectory, buildId] = process.argv.slice(2);
const loadStart = process.cpuUsage();
const loaded = cacheDirectory === undefined ? undefined : loadCheckerWithCodeCache(pathToFileURL(cacheDirectory + '/'), buildId);
const load = process.cpuUsage(loadStart);
if (loaded !== undefined && loaded.status !== 'accepted') throw new Error('code cache ' + loaded.status);
// As the built command does, after loading.
tuneV8ForOneCheck();
const { checkLinearizability, etcdRegisterModel, kvModel, parseHistory } = loaded?.checker ?? bundledChecker;
const model = modelName === 'etcd-register' ? etcdRegisterModel : kvModel;
const parsed = parseHistory(path, readFileSync(path, 'utf8'), model);
if (!parsed.ok) throw new Error(path + ': does not parse');
// Parsing made V8 queue the parser's hot functions for compilation on a background thread; let
// that finish first (see settle.ts). Node's first performance.now() costs about 0.8 ms of CPU (it
// loads part of Node), which the CPU time of the check must not include.
performance.now();
await settle(SETTLE_STEP_MS);
const cpuStart = process.cpuUsage();
const start = performance.now();
const result = checkLinearizability(model, parsed.operations);
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
// What the process still does once the check has returned (compilation it started, on a
// background thread), until it is idle again: reported apart, not in the check's time.
const afterStart = process.cpuUsage();
await settle(SETTLE_STEP_MS);
const after = process.cpuUsage(afterStart);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, verdict: result.verdict,
  explored: result.exploredConfigurations, operations: parsed.operations.length,
  loadCpuMs: (load.user + load.system) / 1000, afterCpuMs: (after.user + after.system) / 1000 }) + '\\n');
`;

/** Cold: each file in `runs` fresh processes, timing only their first check. */
async function measureCold(files: readonly CorpusFile[]): Promise<Row[]> {
  const { buildSync } = await import('esbuild');
  const program = join(tmpdir(), `faultline-first-check-${process.pid}.mjs`);
  buildSync({
    stdin: { contents: FIRST_CHECK_PROGRAM, resolveDir: join(projectRoot, 'bench'), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: program,
    logLevel: 'warning',
  });
  const cacheDirectory = join(tmpdir(), `faultline-checker-cache-${process.pid}`);
  const cacheArguments: string[] = [];
  if (codeCache) {
    // As bin/build.mjs builds them for dist/ (a variable specifier: the build script is untyped JavaScript).
    const buildScript = pathToFileURL(join(projectRoot, 'bin', 'build.mjs')).href;
    const builder = (await import(buildScript)) as CheckerBuilder;
    const checker = await builder.buildCheckerCode();
    mkdirSync(cacheDirectory, { recursive: true });
    writeFileSync(join(cacheDirectory, builder.checkerScriptName), checker.code);
    writeFileSync(join(cacheDirectory, builder.checkerCacheName), await builder.createCheckerCodeCache(checker.code, checker.buildId));
    cacheArguments.push(cacheDirectory, checker.buildId);
  }
  const rows: Row[] = [];
  const loadCpuMs: number[] = [];
  try {
    for (const entry of files) {
      const wall: number[] = [];
      const cpu: number[] = [];
      const afterCpu: number[] = [];
      let last: { verdict: string; explored: number; operations: number } | undefined;
      for (let run = 0; run < runs; run++) {
        const child = spawnSync(process.execPath, [program, join(corpus, entry.file), entry.model.name, ...cacheArguments], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`first check of ${entry.file} failed: ${child.stderr}`);
        const sample = JSON.parse(child.stdout.trim()) as {
          wallMs: number;
          cpuMs: number;
          verdict: string;
          explored: number;
          operations: number;
          loadCpuMs: number;
          afterCpuMs: number;
        };
        wall.push(sample.wallMs);
        cpu.push(sample.cpuMs);
        loadCpuMs.push(sample.loadCpuMs);
        afterCpu.push(sample.afterCpuMs);
        last = sample;
      }
      rows.push({
        ...row(entry, last?.operations ?? 0, last?.verdict ?? '?', last?.explored ?? 0, wall, cpu),
        afterCheckCpuMs: median(afterCpu) ?? 0,
      });
    }
  } finally {
    rmSync(program, { force: true });
    rmSync(cacheDirectory, { recursive: true, force: true });
  }
  coldLoadCpuMs = codeCache ? median(loadCpuMs) : null;
  return rows;
}

/** What the cold runs need of bin/build.mjs. */
interface CheckerBuilder {
  readonly checkerScriptName: string;
  readonly checkerCacheName: string;
  buildCheckerCode(): Promise<{ code: string; buildId: string }>;
  createCheckerCodeCache(code: string, buildId: string): Promise<Uint8Array>;
}

/** Median CPU time of loading the checker script with its code cache in the cold runs (null without). */
let coldLoadCpuMs: number | null = null;

/** Files on which the search explores at least this many configurations form a model's "hard" class. */
const HARD_CONFIGURATIONS = 5000;

interface ClassSummary {
  readonly name: string;
  readonly files: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly porcupineWallMs: number;
  readonly porcupineCpuMs: number;
  readonly highestCpuRatio: number;
  readonly filesOverCpu: number;
}

/**
 * Totals per class of file, because one corpus total hides where the time goes: on the few hard
 * files the search dominates, on the many easy ones a fixed cost per check (in a fresh process,
 * compiling the checker) does. A class is a model and whether the search explores at least
 * {@link HARD_CONFIGURATIONS} configurations; the last row is the whole corpus.
 */
function classSummaries(compared: readonly Row[]): ClassSummary[] {
  const classOf = (entry: Row): string => {
    const hard = entry.exploredConfigurations >= HARD_CONFIGURATIONS;
    return `${entry.file.startsWith('kv/') ? 'kv' : 'etcd'}, ${hard ? `hard (>= ${HARD_CONFIGURATIONS}` : `easy (< ${HARD_CONFIGURATIONS}`} configs)`;
  };
  const groups = new Map<string, Row[]>();
  for (const entry of [...compared].sort((a, b) => classOf(a).localeCompare(classOf(b)))) {
    groups.set(classOf(entry), [...(groups.get(classOf(entry)) ?? []), entry]);
  }
  groups.set('whole corpus', [...compared]);
  return [...groups].map(([name, members]) => {
    const cpuRatios = members.flatMap((entry) => {
      const theirs = entry.porcupine?.medianCpuMs;
      return theirs === null || theirs === undefined || theirs <= 0 ? [] : [entry.medianCpuMs / theirs];
    });
    return {
      name,
      files: members.length,
      wallMs: members.reduce((sum, entry) => sum + entry.medianMs, 0),
      cpuMs: members.reduce((sum, entry) => sum + entry.medianCpuMs, 0),
      porcupineWallMs: members.reduce((sum, entry) => sum + (entry.porcupine?.medianMs ?? 0), 0),
      porcupineCpuMs: members.reduce((sum, entry) => sum + (entry.porcupine?.medianCpuMs ?? 0), 0),
      highestCpuRatio: Math.max(0, ...cpuRatios),
      filesOverCpu: cpuRatios.filter((value) => value > 1).length,
    };
  });
}

/** The machine, its CPUs available to this process and its load, for the record. */
function machine(): { cpu: string; cpus: number; allowedCpus: string; load: string } {
  let allowedCpus = '?';
  try {
    allowedCpus = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '?';
  } catch {}
  return {
    cpu: cpus()[0]?.model ?? '?',
    cpus: cpus().length,
    allowedCpus,
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

async function main(): Promise<number> {
  if (!existsSync(join(corpus, 'verdicts.csv'))) {
    process.stderr.write(`bench:linearizability: corpus not found at ${corpus}; nothing to measure\n`);
    return 2;
  }
  let porcupine: Map<string, NonNullable<Row['porcupine']>> | undefined;
  try {
    porcupine = porcupineFile === '' ? undefined : readPorcupineTimes(porcupineFile);
  } catch (error) {
    process.stderr.write(`bench:linearizability: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const before = machine();
  const files = corpusFiles(filter);
  if (files.length === 0) {
    process.stderr.write(
      `bench:linearizability: --filter ${filter} matches no file of the corpus (${join(corpus, 'verdicts.csv')}); nothing measured or written\n`,
    );
    return 2;
  }
  const measured = cold ? await measureCold(files) : measureWarm(files);
  const rows = measured.map((entry) => {
    const times = porcupine?.get(entry.file);
    return times === undefined ? entry : { ...entry, porcupine: times };
  });
  const after = machine();

  const pad = (text: string, width: number): string => text.padStart(width);
  const ratio = (ours: number, theirs: number | null | undefined): string =>
    theirs === null || theirs === undefined || theirs <= 0 ? '-' : (ours / theirs).toFixed(2);
  const out: string[] = [];
  out.push(
    `${cold ? `Cold: first check in a fresh process (${codeCache ? 'checker loaded with its code cache' : 'no code cache'})` : 'Warm: after one untimed pass per model'}, median of ${runs}; ` +
      `node ${process.version}, ${before.cpu} (${before.cpus} CPUs, this process on CPU(s) ${before.allowedCpus}); ` +
      `load average ${before.load} before, ${after.load} after`,
  );
  out.push(
    `${'file'.padEnd(22)}${pad('ops', 6)}  ${'verdict'.padEnd(17)}${pad('configs', 9)}${pad('median ms', 11)}${pad('min ms', 10)}${pad('cpu ms', 10)}` +
      (porcupine ? `${pad('porcupine ms', 14)}${pad('cpu ms', 10)}${pad('ratio', 8)}${pad('cpu ratio', 11)}` : ''),
  );
  for (const entry of rows) {
    const theirs = entry.porcupine;
    const theirVerdict = theirs?.verdict !== null && theirs?.verdict !== undefined && theirs.verdict !== entry.expected ? ' (theirs WRONG)' : '';
    out.push(
      `${entry.file.padEnd(22)}${pad(String(entry.operations), 6)}  ${(entry.agrees ? entry.verdict : `${entry.verdict} WRONG`).padEnd(17)}` +
        `${pad(String(entry.exploredConfigurations), 9)}${pad(entry.medianMs.toFixed(3), 11)}${pad(entry.minMs.toFixed(3), 10)}` +
        `${pad(entry.medianCpuMs.toFixed(3), 10)}` +
        (porcupine
          ? theirs === undefined
            ? `${pad('-', 14)}${pad('-', 10)}${pad('-', 8)}${pad('-', 11)}`
            : `${pad(theirs.medianMs.toFixed(3), 14)}${pad(theirs.medianCpuMs?.toFixed(3) ?? '-', 10)}` +
              `${pad(ratio(entry.medianMs, theirs.medianMs), 8)}${pad(ratio(entry.medianCpuMs, theirs.medianCpuMs), 11)}${theirVerdict}`
          : ''),
    );
  }
  const total = rows.reduce((sum, entry) => sum + entry.medianMs, 0);
  const cpuTotal = rows.reduce((sum, entry) => sum + entry.medianCpuMs, 0);
  const compared = rows.filter((entry) => entry.porcupine !== undefined);
  const theirTotal = compared.reduce((sum, entry) => sum + (entry.porcupine?.medianMs ?? 0), 0);
  const theirCpuTotal = compared.every((entry) => entry.porcupine?.medianCpuMs !== null)
    ? compared.reduce((sum, entry) => sum + (entry.porcupine?.medianCpuMs ?? 0), 0)
    : null;
  out.push(
    `${'TOTAL'.padEnd(22)}${pad(String(rows.reduce((sum, entry) => sum + entry.operations, 0)), 6)}  ` +
      `${`${rows.filter((entry) => entry.agrees).length}/${rows.length} agree`.padEnd(17)}${pad('', 9)}` +
      `${pad(total.toFixed(3), 11)}${pad('', 10)}${pad(cpuTotal.toFixed(3), 10)}` +
      (porcupine
        ? `${pad(theirTotal.toFixed(3), 14)}${pad(theirCpuTotal?.toFixed(3) ?? '-', 10)}${pad(ratio(total, theirTotal), 8)}${pad(ratio(cpuTotal, theirCpuTotal), 11)}`
        : ''),
  );
  if (cold) {
    const after = rows.map((entry) => ({ file: entry.file, cpuMs: entry.afterCheckCpuMs ?? 0 })).sort((x, y) => y.cpuMs - x.cpuMs);
    out.push(
      `CPU the processes still used after the timer stopped, until idle (compilation finishing; not in the figures above): ` +
        `total of the medians ${after.reduce((sum, entry) => sum + entry.cpuMs, 0).toFixed(1)} ms` +
        (after[0] === undefined ? '' : `, most ${after[0].cpuMs.toFixed(1)} ms (${after[0].file})`),
    );
  }
  if (porcupine) {
    const worst = (key: 'wall' | 'cpu'): string => {
      let best: { file: string; value: number } | undefined;
      for (const entry of compared) {
        const theirs = key === 'wall' ? entry.porcupine?.medianMs : entry.porcupine?.medianCpuMs;
        if (theirs === null || theirs === undefined || theirs <= 0) continue;
        const value = (key === 'wall' ? entry.medianMs : entry.medianCpuMs) / theirs;
        if (best === undefined || value > best.value) best = { file: entry.file, value };
      }
      return best === undefined ? '-' : `${best.value.toFixed(2)} (${best.file})`;
    };
    out.push(`Highest per-file ratio: wall ${worst('wall')}, CPU ${worst('cpu')}; ${compared.length} of ${rows.length} files compared.`);
    out.push('By class (totals of the medians, wall / CPU ms; ratio = faultline / Porcupine):');
    for (const entry of classSummaries(compared)) {
      out.push(
        `  ${entry.name.padEnd(34)}${pad(String(entry.files), 4)} files  faultline ${entry.wallMs.toFixed(2)} / ${entry.cpuMs.toFixed(2)}` +
          `  Porcupine ${entry.porcupineWallMs.toFixed(2)} / ${entry.porcupineCpuMs.toFixed(2)}` +
          `  ratio ${ratio(entry.wallMs, entry.porcupineWallMs)} / ${ratio(entry.cpuMs, entry.porcupineCpuMs)}` +
          `  highest CPU ratio ${entry.highestCpuRatio.toFixed(2)}; ${entry.filesOverCpu} over 1.0`,
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);

  const resultsDirectory = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(
    join(resultsDirectory, cold ? 'linearizability-cold.json' : 'linearizability.json'),
    `${JSON.stringify(
      {
        mode: cold ? 'cold' : 'warm',
        ...(cold ? { codeCache, loadCpuMsMedian: coldLoadCpuMs } : {}),
        runs,
        node: process.version,
        machine: { ...before, loadAfter: after.load },
        totalMedianMs: total,
        totalMedianCpuMs: cpuTotal,
        ...(porcupine
          ? {
              porcupineTimes: porcupineFile,
              porcupineTotalMedianMs: theirTotal,
              porcupineTotalMedianCpuMs: theirCpuTotal,
              classes: classSummaries(compared),
            }
          : {}),
        rows,
      },
      null,
      2,
    )}\n`,
  );
  return rows.every((entry) => entry.agrees) ? 0 : 1;
}

process.exitCode = await main();
