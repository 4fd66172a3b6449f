import type { Command } from 'commander';
import { UsageError } from './shared.ts';

export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('breadth-first search of all small schedules (exhaustive small-scope mode)')
    .option('--protocol <name>')
    .option('--variant <name>')
    .option('--depth <n>')
    .option('--json')
    .action(() => {
      throw new UsageError('explore is not available yet');
    });
}
