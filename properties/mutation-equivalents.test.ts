/**
 * The reviewed equivalent mutants (properties/mutation/equivalents.ts): counted out only while
 * they survive, reported when killed or stale, and every entry still names a line of its file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileResult, MutantResult } from 'mutation-testing-report-schema';
import { describe, expect, it } from 'vitest';
import { applyReviewedEquivalents, reviewedEquivalents, type ReviewedEquivalent } from './mutation/equivalents.ts';

const root = resolve(import.meta.dirname, '..');

function mutant(id: string, line: number, status: MutantResult['status'], replacement: string): MutantResult {
  return {
    id,
    mutatorName: 'ConditionalExpression',
    replacement,
    status,
    location: { start: { line, column: 7 }, end: { line, column: 12 } },
  };
}

describe('reviewed equivalent mutants', () => {
  const entry: ReviewedEquivalent = { file: 'a.ts', line: 'if (ready) go();', mutator: 'ConditionalExpression', replacement: 'false', reason: 'why' };
  const file: FileResult = {
    language: 'typescript',
    source: 'const x = 1;\n  if (ready) go();\nif (ready) stop();',
    mutants: [mutant('1', 2, 'Survived', 'false'), mutant('2', 2, 'Killed', 'true'), mutant('3', 3, 'Survived', 'false')],
  };

  it('counts out a surviving mutant the entry names (line text, mutator and replacement), and nothing else', () => {
    const applied = applyReviewedEquivalents({ 'a.ts': file }, [entry]);
    expect(applied.countedOut).toBe(1);
    expect(applied.files['a.ts']?.mutants.map((each) => each.status)).toEqual(['Ignored', 'Killed', 'Survived']);
    expect(applied.files['a.ts']?.mutants[0]?.statusReason).toContain('why');
    expect(applied.contradicted).toEqual([]);
    expect(applied.unmatched).toEqual([]);
  });

  it('reports an entry that names a killed mutant as contradicted, and one that names none as unmatched', () => {
    const killed = { ...entry, replacement: 'true' };
    const stale = { ...entry, line: 'if (gone) go();' };
    const applied = applyReviewedEquivalents({ 'a.ts': file }, [killed, stale]);
    expect(applied.countedOut).toBe(0);
    expect(applied.files['a.ts']?.mutants[1]?.status).toBe('Killed');
    expect(applied.contradicted).toEqual([killed]);
    expect(applied.unmatched).toEqual([stale]);
  });

  it('with `original`, matches only the mutant of that piece of code', () => {
    const applied = applyReviewedEquivalents({ 'a.ts': file }, [
      { ...entry, original: 'ready' },
      { ...entry, line: 'if (ready) stop();', original: 'stop' },
    ]);
    expect(applied.files['a.ts']?.mutants.map((each) => each.status)).toEqual(['Ignored', 'Killed', 'Survived']);
  });

  it('every reviewed entry names a line that is still in its file', () => {
    for (const reviewed of reviewedEquivalents) {
      const lines = readFileSync(join(root, reviewed.file), 'utf8')
        .split('\n')
        .map((line) => line.trim());
      expect(lines, `${reviewed.file}: ${reviewed.line}`).toContain(reviewed.line);
    }
  });
});
