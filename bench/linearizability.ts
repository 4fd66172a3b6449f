/**
 * Benchmark of the linearizability checker on the Porcupine corpus (../shared/corpus/porcupine
 * next to the project), next to Porcupine's own single-CPU medians from verdicts.csv.
 *
 *     npm run bench:linearizability [-- --runs 11] [-- --filter etcd_00]
 *
 * Each model's files are checked once untimed (JIT warm-up); then every file is checked once
 * more for its verdict and `--runs` times for the clock; the table shows the median and minimum
 * wall time and the median CPU time (steadier when other jobs share the machine). Results also go to bench/results/linearizability.json.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkLinearizability,
  etcdRegisterModel,
  formatParseError,
  kvModel,
  parseHistory,
  type AnyLinearizabilityModel,
} from '../src/checkers/linearizability/index.ts';
import { splitCsvLine } from '../properties/linearizability-support.ts';
import { median } from './stats.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(projectRoot, '../shared/corpus/porcupine');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const runs = Math.max(1, Number(argument('--runs', '11')));
const filter = argument('--filter', '');

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
  readonly porcupineMs1Cpu: number | null;
}

function main(): number {
  if (!existsSync(join(corpus, 'verdicts.csv'))) {
    process.stderr.write(`bench:linearizability: corpus not found at ${corpus}; nothing to measure\n`);
    return 2;
  }
  const lines = readFileSync(join(corpus, 'verdicts.csv'), 'utf8').trim().split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const column = (name: string): number => header.indexOf(name);
  const rows: Row[] = [];
  // Files are measured model by model, each group after one untimed pass over it (JIT warm-up),
  // as the CLI checks one model per process. Mixing models in one process makes the hot call
  // sites polymorphic, which costs up to 2x on the etcd files (see the report).
  const groups = [etcdRegisterModel, kvModel];
  for (const groupModel of groups) {
  for (const warmUp of [true, false]) {
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const file = cells[column('file')] ?? '';
    if (filter !== '' && !file.includes(filter)) continue;
    const model: AnyLinearizabilityModel = cells[column('model')] === 'etcd-register' ? etcdRegisterModel : kvModel;
    if (model !== groupModel) continue;
    const expected = cells[column('expected')] === 'linearizable' ? 'linearizable' : 'not-linearizable';
    const porcupine = Number(cells[column('porcupine_ms_median_1cpu')]);
    const parsed = parseHistory(file, readFileSync(join(corpus, file), 'utf8'), model);
    if (!parsed.ok) {
      process.stderr.write(`${formatParseError(parsed.error)}\n`);
      return 2;
    }
    const check = () => checkLinearizability(model, parsed.operations);
    const first = check();
    if (warmUp) continue;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      check();
      times.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const emptyFile = parsed.operations.length === 0;
    rows.push({
      file,
      operations: parsed.operations.length,
      expected: emptyFile ? 'linearizable' : expected,
      verdict: first.verdict,
      agrees: emptyFile ? first.verdict === 'linearizable' : first.verdict === expected,
      exploredConfigurations: first.exploredConfigurations,
      medianMs: median(times) ?? 0,
      minMs: Math.min(...times),
      medianCpuMs: median(cpuTimes) ?? 0,
      porcupineMs1Cpu: Number.isFinite(porcupine) ? porcupine : null,
    });
  }
  }
  }

  const pad = (text: string, width: number): string => text.padStart(width);
  const out: string[] = [];
  out.push(
    `${'file'.padEnd(22)}${pad('ops', 6)}  ${'verdict'.padEnd(17)}${pad('configs', 9)}${pad('median ms', 11)}${pad('min ms', 10)}${pad('cpu ms', 10)}` +
      `${pad('porcupine ms', 14)}${pad('ratio', 8)}`,
  );
  for (const row of rows) {
    const ratio = row.porcupineMs1Cpu !== null && row.porcupineMs1Cpu > 0 ? (row.medianMs / row.porcupineMs1Cpu).toFixed(2) : '-';
    out.push(
      `${row.file.padEnd(22)}${pad(String(row.operations), 6)}  ${(row.agrees ? row.verdict : `${row.verdict} WRONG`).padEnd(17)}` +
        `${pad(String(row.exploredConfigurations), 9)}${pad(row.medianMs.toFixed(3), 11)}${pad(row.minMs.toFixed(3), 10)}` +
        `${pad(row.medianCpuMs.toFixed(3), 10)}` +
        `${pad(row.porcupineMs1Cpu === null ? '-' : row.porcupineMs1Cpu.toFixed(3), 14)}${pad(ratio, 8)}`,
    );
  }
  const total = rows.reduce((sum, row) => sum + row.medianMs, 0);
  const cpuTotal = rows.reduce((sum, row) => sum + row.medianCpuMs, 0);
  const porcupineTotal = rows.reduce((sum, row) => sum + (row.porcupineMs1Cpu ?? 0), 0);
  out.push(
    `${'TOTAL'.padEnd(22)}${pad(String(rows.reduce((sum, row) => sum + row.operations, 0)), 6)}  ` +
      `${`${rows.filter((row) => row.agrees).length}/${rows.length} agree`.padEnd(17)}${pad('', 9)}` +
      `${pad(total.toFixed(3), 11)}${pad('', 10)}${pad(cpuTotal.toFixed(3), 10)}${pad(porcupineTotal.toFixed(3), 14)}${pad(porcupineTotal > 0 ? (total / porcupineTotal).toFixed(2) : '-', 8)}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  const resultsDirectory = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(
    join(resultsDirectory, 'linearizability.json'),
    `${JSON.stringify({ runs, node: process.version, totalMedianMs: total, totalMedianCpuMs: cpuTotal, porcupineTotalMs1Cpu: porcupineTotal, rows }, null, 2)}\n`,
  );
  return rows.every((row) => row.agrees) ? 0 : 1;
}

process.exitCode = main();
