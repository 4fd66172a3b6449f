import type { Command } from 'commander';
import { UsageError } from './shared.ts';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the JSON results of sharded hunts')
    .argument('<files...>')
    .option('--json')
    .action(() => {
      throw new UsageError('merge is not available yet');
    });
}
