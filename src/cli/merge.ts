import type { Command } from 'commander';
import { groupShards, mergeHuntLines, parseHuntOutput, type ShardLine } from '../hunt/merge.ts';
import { exitCodes, print, printJson, readTextFile, UsageError } from './shared.ts';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the JSON results of sharded hunts ("hunt --shard K/N --json" outputs); every shard exactly once')
    .argument('<files...>', 'files holding "faultline hunt --json" output')
    .option('--json', 'one JSON object per variant and a final summary line')
    .action((files: string[], options: { json?: boolean }) => {
      const all: ShardLine[] = [];
      for (const file of files) {
        const parsed = parseHuntOutput(file, readTextFile(file, 'the output of "faultline hunt --json"'));
        if (!Array.isArray(parsed)) throw new UsageError(`${parsed.file}:${parsed.line}: ${parsed.problem}`);
        if (parsed.length === 0) throw new UsageError(`${file}: no hunt results in it (expected the output of "faultline hunt --json")`);
        all.push(...parsed);
      }
      const groups = groupShards(all);
      if (typeof groups === 'string') throw new UsageError(groups);
      const merged = mergeHuntLines(groups);
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
