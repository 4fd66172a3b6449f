/**
 * The Porcupine corpus as the checker benches read it (bench/linearizability.ts and
 * bench/wasm-prototype/measure.ts): its files, their models and expected verdicts from
 * verdicts.csv, and a file's parsed history. The corpus lives next to the project (../shared).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AnyLinearizabilityModel,
  etcdRegisterModel,
  formatParseError,
  type HistoryOperation,
  kvModel,
  parseHistory,
} from '../src/checkers/linearizability/index.ts';
import { corpusDirectory, splitCsvLine } from '../properties/linearizability-support.ts';

export { corpusDirectory };

export interface CorpusFile {
  /** Relative to the corpus directory, as verdicts.csv names it. */
  readonly file: string;
  readonly model: AnyLinearizabilityModel;
  readonly expected: 'linearizable' | 'not-linearizable';
}

/** The corpus's files in verdicts.csv's order, those whose path contains `filter` (all for ''). */
export function corpusFiles(filter: string): CorpusFile[] {
  const lines = readFileSync(join(corpusDirectory, 'verdicts.csv'), 'utf8').trim().split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const column = (name: string): number => header.indexOf(name);
  const files: CorpusFile[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const file = cells[column('file')] ?? '';
    if (filter !== '' && !file.includes(filter)) continue;
    const expected = cells[column('expected')] === 'linearizable' ? 'linearizable' : 'not-linearizable';
    files.push({ file, model: cells[column('model')] === 'etcd-register' ? etcdRegisterModel : kvModel, expected });
  }
  return files;
}

/** A corpus file's history; a file that does not parse is an error of the corpus. */
export function parseCorpusFile(entry: CorpusFile): readonly HistoryOperation<unknown, unknown>[] {
  const parsed = parseHistory(entry.file, readFileSync(join(corpusDirectory, entry.file), 'utf8'), entry.model);
  if (!parsed.ok) throw new Error(formatParseError(parsed.error));
  return parsed.operations;
}
