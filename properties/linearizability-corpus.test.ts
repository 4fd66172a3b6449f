/**
 * The checker against Porcupine's test corpus: every expected verdict in verdicts.csv (102 etcd
 * logs and 6 kv logs). The corpus is read from ../shared next to the project; without it these
 * tests are reported as skipped, with a note on stderr, except in CI (CI set), where that fails.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkLinearizability,
  etcdRegisterModel,
  formatLinearizabilityFailure,
  formatParseError,
  hashString,
  kvModel,
  parseHistory,
  type AnyLinearizabilityModel,
  type HistoryOperation,
  type KvInput,
  type KvKey,
  type KvOutput,
  type KvState,
  type LinearizabilityModel,
} from '../src/checkers/linearizability/index.ts';
import { corpusDirectory, corpusPresent, splitCsvLine } from './linearizability-support.ts';

if (!corpusPresent && process.env.CI) {
  // In CI a missing corpus is a failure, not a skip: the verdicts below would silently go unchecked.
  describe('Porcupine corpus', () => {
    it('is present in CI', () => {
      throw new Error(`no Porcupine corpus at ${corpusDirectory}: CI must provide ../shared/corpus/porcupine (verdicts.csv and the logs)`);
    });
  });
} else if (!corpusPresent) {
  process.stderr.write(`linearizability corpus tests not run: no Porcupine corpus at ${corpusDirectory}\n`);
}

interface CorpusRow {
  readonly file: string;
  readonly model: AnyLinearizabilityModel;
  readonly expected: 'linearizable' | 'not-linearizable';
  readonly operations: number;
}

function corpusRows(): CorpusRow[] {
  if (!corpusPresent) return [];
  const lines = readFileSync(join(corpusDirectory, 'verdicts.csv'), 'utf8').trim().split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    const cell = (name: string): string => cells[header.indexOf(name)] ?? '';
    return {
      file: cell('file'),
      model: cell('model') === 'etcd-register' ? etcdRegisterModel : kvModel,
      // etcd_095 is empty ("none"): an empty history is trivially linearizable.
      expected: cell('expected') === 'NOT linearizable' ? 'not-linearizable' : 'linearizable',
      operations: Number(cell('ops')),
    };
  });
}

function load(row: CorpusRow) {
  const parsed = parseHistory(row.file, readFileSync(join(corpusDirectory, row.file), 'utf8'), row.model);
  if (!parsed.ok) throw new Error(formatParseError(parsed.error));
  return parsed.operations;
}

describe.runIf(corpusPresent)('Porcupine corpus', () => {
  const rows = corpusRows();

  it('lists the 103 etcd logs (102 with a test, one empty) and the 6 kv logs', () => {
    expect(rows.filter((row) => row.file.startsWith('jepsen/')).length).toBe(103);
    expect(rows.filter((row) => row.file.startsWith('kv/')).length).toBe(6);
  });

  it.each(rows.map((row) => [row.file, row] as const))('%s has the expected verdict', (_file, row) => {
    const operations = load(row);
    expect(operations.length).toBe(row.operations);
    const result = checkLinearizability(row.model, operations);
    expect(result.verdict).toBe(row.expected);
    if (result.verdict === 'linearizable') {
      // The reported order covers every completed operation of every partition once.
      const linearized = result.partitionOutcomes.flatMap((outcome) => outcome.linearization ?? []);
      expect(new Set(linearized).size).toBe(linearized.length);
      const completed = operations.filter((operation) => operation.return !== null).map((operation) => operation.id);
      expect(linearized).toEqual(expect.arrayContaining(completed));
    } else {
      expect(result.failure).toBeDefined();
      expect(result.failure?.unplaceable.length).toBeGreaterThan(0);
    }
  });

  it('tries operations without return last: etcd_056 and etcd_007 decide within 200 configurations', () => {
    // Each has a write that timed out early in the history. Tried first (its call heads the list of
    // candidates), it was placed at every point of every path: 755 and 27,171 configurations.
    for (const file of ['jepsen/etcd_056.log', 'jepsen/etcd_007.log']) {
      const row = rows.find((candidate) => candidate.file === file) as CorpusRow;
      const operations = load(row);
      expect(operations.some((operation) => operation.return === null && (operation.input as { type: string }).type === 'write')).toBe(true);
      const result = checkLinearizability(row.model, operations, { maxExploredConfigurations: 200 });
      expect(result.verdict, file).toBe('linearizable');
    }
  });

  it('explains a violation with the prefix, the state and the stuck operations', () => {
    const row = rows.find((candidate) => candidate.file === 'kv/c10-bad.txt');
    expect(row).toBeDefined();
    const operations = load(row as CorpusRow);
    const result = checkLinearizability(kvModel, operations);
    const text = formatLinearizabilityFailure(kvModel, operations, result);
    expect(text).toMatch(/^not linearizable: partition \d+ of 10/);
    expect(text).toContain('Longest linearizable prefix');
    expect(text).toContain('State after that prefix:');
    const stuck = result.failure?.unplaceable[0];
    const operation = operations.find((candidate) => candidate.id === stuck);
    expect(operation?.return).not.toBeNull();
    expect(text).toContain(`#${String(stuck)} `);
  });

  it('gives the same verdicts without partitioning the kv histories', () => {
    // P-compositionality: the per-key verdict equals the verdict of a model over the whole map.
    const wholeMapModel: LinearizabilityModel<ReadonlyMap<KvKey, KvState>, KvInput, KvOutput> = {
      name: 'kv-unpartitioned',
      description: 'every key in one state',
      init: () => new Map<KvKey, KvState>(),
      step: (state, input, output) =>
        kvModel.step(state.get(input.key) ?? kvModel.init(), input, output).map((value) => new Map(state).set(input.key, value)),
      isReadOnly: (input) => input.type === 'get',
      equal: (a, b) => a.size === b.size && [...a].every(([key, value]) => b.has(key) && kvModel.equal(value, b.get(key) as KvState)),
      hash: (state) => [...state].reduce((sum, [key, value]) => (sum + (hashString(String(key)) ^ kvModel.hash(value))) | 0, 0),
      describeOperation: (input, output) => kvModel.describeOperation(input, output),
      describeState: (state) => [...state].map(([key, value]) => `${key}=${kvModel.describeState(value)}`).join(' '),
    };
    for (const file of ['kv/c01-ok.txt', 'kv/c01-bad.txt', 'kv/c10-ok.txt', 'kv/c10-bad.txt']) {
      const row = rows.find((candidate) => candidate.file === file) as CorpusRow;
      const result = checkLinearizability(wholeMapModel, load(row) as HistoryOperation<KvInput, KvOutput>[], {
        maxExploredConfigurations: 2_000_000,
      });
      expect(result.partitions).toBe(1);
      expect(result.verdict, file).toBe(row.expected);
    }
  });
});
