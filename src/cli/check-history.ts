// PLACEHOLDER by the lead: helper-1 replaces this file with the real check-history command.
import type { Command } from 'commander';

export function registerCheckHistoryCommand(program: Command): void {
  program.command('check-history').description('check a history for linearizability (coming)');
}
