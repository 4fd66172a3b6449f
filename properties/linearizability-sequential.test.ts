/**
 * The replay of sequential partitions (src/checkers/linearizability/sequential.ts) gives exactly
 * what the search gives: the same verdict, linearization, failure report and configuration count,
 * under the same allowance and memory budget, on random histories (sequential or not, every
 * bundled model and a nondeterministic one) and on every partition of the Porcupine corpus.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { TypedArena } from '../src/checkers/linearizability/arena.ts';
import {
  checkLinearizability,
  checkLinearizabilityByBruteForce,
  etcdRegisterModel,
  type HistoryOperation,
  kvModel,
  type LinearizabilityModel,
  parseHistory,
} from '../src/checkers/linearizability/index.ts';
import { PartitionSearch } from '../src/checkers/linearizability/search.ts';
import { replaySequential } from '../src/checkers/linearizability/sequential.ts';
import {
  corpusDirectory,
  corpusPresent,
  modelsWithRandomOperations,
  randomHistory,
  randomKvOperation,
  splitCsvLine,
} from './linearizability-support.ts';

type AnyModel = LinearizabilityModel<unknown, unknown, unknown>;
type AnyOperation = HistoryOperation<unknown, unknown>;

const DEFAULT_MEMORY = 512 * 1024 * 1024;

/** What the search decides for `operations` in one turn of `allowance` configurations, or undefined when it pauses. */
function searchOnce(model: AnyModel, operations: readonly AnyOperation[], allowance: number, usedBytes: number, limitBytes: number) {
  const search = new PartitionSearch(model, operations, { usedBytes, limitBytes }, new TypedArena(4096));
  const result = search.run(allowance, undefined);
  return { result, exploredConfigurations: search.exploredConfigurations };
}

/** Histories whose operations mostly never overlap: gaps of 0 (touching, so concurrent) to 3 between them. */
function mostlySequentialHistory(operation: fc.Arbitrary<{ input: unknown; output: unknown }>, maxOperations: number) {
  return fc
    .array(
      fc.record({
        operation,
        gap: fc.constantFrom(0, 1, 1, 1, 2, 3),
        duration: fc.integer({ min: 0, max: 3 }),
        fate: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'unknown-output', 'indeterminate'),
      }),
      { maxLength: maxOperations },
    )
    .map((drafts) => {
      let time = 0;
      return drafts.map(({ operation: { input, output }, gap, duration, fate }, id): AnyOperation => {
        const call = time + gap;
        time = call + duration;
        return { id, clientId: 0, input, call, return: fate === 'indeterminate' ? null : time, output: fate === 'ok' ? output : null };
      });
    });
}

const budget = fc.record({
  allowance: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(Number.POSITIVE_INFINITY)),
  usedBytes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40_000 })),
  limitBytes: fc.oneof(fc.constant(DEFAULT_MEMORY), fc.integer({ min: 0, max: 60_000 })),
});

describe('the replay of sequential partitions equals the search', () => {
  for (const [name, model, operation] of modelsWithRandomOperations) {
    const anyModel = model as AnyModel;
    const anyOperation = operation as fc.Arbitrary<{ input: unknown; output: unknown }>;
    test(`${name}: same result and configuration count in the same turn and budget, when it replays`, () => {
      const tally: Record<string, number> = {};
      fc.assert(
        fc.property(
          fc.oneof(mostlySequentialHistory(anyOperation, 30), randomHistory(anyOperation, 8)),
          budget,
          (history, { allowance, usedBytes, limitBytes }) => {
            // The search and the replay see one partition (the multi-key models' steps assume one key).
            for (const operations of anyModel.partition ? anyModel.partition(history) : [history]) {
              const replayed = replaySequential(anyModel, operations, allowance, { usedBytes, limitBytes });
              if (replayed === undefined) {
                tally['declined'] = (tally['declined'] ?? 0) + 1;
                continue;
              }
              tally[replayed.result.verdict] = (tally[replayed.result.verdict] ?? 0) + 1;
              expect(searchOnce(anyModel, operations, allowance, usedBytes, limitBytes)).toEqual(replayed);
              if (operations.length <= 8) expect(replayed.result.verdict).toBe(checkLinearizabilityByBruteForce(anyModel, operations).verdict);
            }
          },
        ),
        { numRuns: 600 },
      );
      // Guards the generator: both verdicts replayed, and histories the replay must leave to the search.
      expect(tally['linearizable'] ?? 0).toBeGreaterThan(10);
      expect(tally['declined'] ?? 0).toBeGreaterThan(30);
      if (name !== 'a nondeterministic counter') expect(tally['not-linearizable'] ?? 0).toBeGreaterThan(30);
    });
  }

  test.prop([mostlySequentialHistory(randomKvOperation as fc.Arbitrary<{ input: unknown; output: unknown }>, 12)], { numRuns: 300 })(
    'the whole check agrees with trying every order (kv, partitioned per key)',
    (operations) => {
      const expected = checkLinearizabilityByBruteForce(kvModel as AnyModel, operations);
      fc.pre(expected.verdict !== 'unknown');
      expect(checkLinearizability(kvModel as AnyModel, operations).verdict).toBe(expected.verdict);
    },
  );

  test('the budgets are kept: one configuration per operation, and unknown below that', () => {
    const operations: AnyOperation[] = [0, 1, 2, 3].map((id) => ({
      id,
      clientId: 0,
      input: { type: 'write', value: id },
      call: 2 * id,
      return: 2 * id + 1,
      output: { type: 'write' },
    }));
    expect(checkLinearizability(etcdRegisterModel as AnyModel, operations)).toMatchObject({ verdict: 'linearizable', exploredConfigurations: 4 });
    expect(checkLinearizability(etcdRegisterModel as AnyModel, operations, { maxExploredConfigurations: 4 }).verdict).toBe('unknown');
    expect(checkLinearizability(etcdRegisterModel as AnyModel, operations, { maxExploredConfigurations: 5 }).verdict).toBe('linearizable');
  });
});

describe.skipIf(!corpusPresent)('the replay on the Porcupine corpus', () => {
  test('every partition the replay decides, the search decides the same way; the one-client kv files are replayed', () => {
    const lines = readFileSync(join(corpusDirectory, 'verdicts.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    let replayedPartitions = 0;
    let partitions = 0;
    const replayedFiles = new Set<string>();
    for (const line of lines) {
      const [file = '', modelName = ''] = splitCsvLine(line);
      const model = (modelName === 'etcd-register' ? etcdRegisterModel : kvModel) as AnyModel;
      const parsed = parseHistory(file, readFileSync(join(corpusDirectory, file), 'utf8'), model);
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      for (const part of model.partition ? model.partition(parsed.operations) : [parsed.operations]) {
        partitions++;
        const replayed = replaySequential(model, part, Number.POSITIVE_INFINITY, { usedBytes: 0, limitBytes: DEFAULT_MEMORY });
        if (replayed === undefined) continue;
        replayedPartitions++;
        expect(searchOnce(model, part, Number.POSITIVE_INFINITY, 0, DEFAULT_MEMORY)).toEqual(replayed);
        if (part.length > 0) replayedFiles.add(file);
      }
    }
    // c01-ok and c01-bad: one client, 10 keys each (a key may be absent from one of them).
    expect(replayedPartitions).toBeGreaterThanOrEqual(15);
    expect([...replayedFiles].sort()).toEqual(['kv/c01-bad.txt', 'kv/c01-ok.txt']);
    expect(partitions).toBeGreaterThan(replayedPartitions);
  });
});
