import type { Command } from 'commander';
import type { HuntJsonLine } from '../hunt/json-line.ts';
import { mergeHuntLines, parseHuntOutput, shardProblem } from '../hunt/merge.ts';
import { exitCodes, print, printJson, readTextFile, UsageError } from './shared.ts';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the JSON results of sharded hunts ("hunt --shard K/N --json" outputs); every shard exactly once')
    .argument('<files...>', 'files holding "faultline hunt --json" output')
    .option('--json', 'one JSON object per variant and a final summary line')
    .action((files: string[], options: { json?: boolean }) => {
      const all: (HuntJsonLine & { file: string })[] = [];
      for (const file of files) {
        const parsed = parseHuntOutput(file, readTextFile(file, 'the output of "faultline hunt --json"'));
        if (!Array.isArray(parsed)) throw new UsageError(`${parsed.file}:${parsed.line}: expected ${parsed.expected}`);
        if (parsed.length === 0) throw new UsageError(`${file}: no hunt results in it (expected the output of "faultline hunt --json")`);
        all.push(...parsed.map((line) => ({ ...line, file })));
      }
      const problem = shardProblem(all);
      if (problem !== null) throw new UsageError(problem);
      const merged = mergeHuntLines(all.map(({ file: _file, ...line }) => line));
      const unexpected = merged.filter((line) => line.found && line.expected === null);
      const missed = merged.filter((line) => !line.found && line.expected !== null);
      if (options.json) {
        for (const line of merged) printJson(line);
        printJson({
          summary: true,
          files: files.length,
          targets: merged.length,
          found: merged.filter((line) => line.found).length,
          unexpectedViolations: unexpected.map((line) => `${line.protocol}/${line.variant}`),
          missed: missed.map((line) => `${line.protocol}/${line.variant}`),
          runs: merged.reduce((total, line) => total + line.runs, 0),
        });
      } else {
        for (const line of merged) {
          const verdict = line.found ? `found ${line.property} (${line.events} events, artifact ${line.artifact ?? '-'})` : 'nothing found';
          print(`${line.protocol}/${line.variant}: ${verdict}; ${line.runs} runs over ${line.shard}`);
        }
      }
      process.exitCode = unexpected.length > 0 ? exitCodes.found : missed.length > 0 ? exitCodes.unknown : exitCodes.ok;
    });
}
