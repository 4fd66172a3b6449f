/**
 * Every command faultline suggests is spelled one way, `npx faultline ...` as the README runs it:
 * replay lines said `faultline replay ...` in hunt and `npx faultline replay ...` in explore. The
 * sources build each suggestion from `faultlineCommand`; a bare `faultline SUBCOMMAND` left in them
 * only names what wrote a file or heads a command's own output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultlineCommand } from '../src/core/command-name.ts';
import { cliIn, tutorialBugHunt } from './cli-support.ts';

const root = resolve(import.meta.dirname, '..');
const subcommand = '(?:hunt|replay|list|explore|save|merge|studio|check-history)\\b';

/** The non-comment lines of every source file, as `file:line: text`. */
function sourceLines(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(join(root, 'src', file), 'utf8')
        .split('\n')
        .map((text, index) => ({ where: `src/${file}:${index + 1}`, text }))
        .filter(({ text }) => !/^\s*(?:\*|\/\/|\/\*\*)/.test(text))
        .map(({ where, text }) => `${where}: ${text}`),
    );
}

describe('suggested commands', () => {
  it('are spelled "npx faultline" in the sources, built from faultlineCommand; other mentions name a writer or head an output', () => {
    expect(faultlineCommand).toBe('npx faultline');
    const lines = sourceLines();
    expect(lines.filter((line) => line.includes('npx faultline') && !line.startsWith('src/core/command-name.ts:'))).toEqual([]);
    // What wrote a file ('written by "faultline hunt"', 'the output of "faultline hunt --json"'), a
    // command's own header ('faultline hunt: ...'), the studio's page title: no suggestion to run.
    const named = new RegExp(
      `(?:written by:? "?|output of (?:a finished )?"|holding "|run the whole schedule as |<h1>|\`)faultline ${subcommand}`,
      'g',
    );
    const heading = new RegExp(`faultline ${subcommand}(?::| answers|\\$\\{)`, 'g');
    const bare = new RegExp(`(?<!npx )faultline ${subcommand}`, 'g');
    const suggestions = lines.filter((line) => (line.replace(named, '').replace(heading, '').match(bare) ?? []).length > 0);
    expect(suggestions).toEqual([]);
  });

  it('hunt and explore print their replay lines as npx faultline', () => {
    const { faultline } = cliIn('faultline-command-name', { timeoutMs: 60_000 });
    const hunted = faultline(...tutorialBugHunt(5, '--workers', '1'));
    const explored = faultline('explore', '--protocol', 'primary-backup', '--variant', 'ack-before-replicate', '--depth', '4');
    for (const run of [hunted, explored]) {
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/^ {2}replay: npx faultline replay \S+\.json/m);
      expect(run.stdout).not.toMatch(/(?<!npx )faultline replay/);
    }
  });
});
