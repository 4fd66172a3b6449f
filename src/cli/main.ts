/**
 * The `faultline` command. Every command takes `--json`, which makes the last line of stdout one
 * JSON object. Exit codes: 0 nothing found / valid, 1 violation found / not linearizable,
 * 2 bad usage or bad input (a clear message on stderr), 3 unknown (a budget ran out).
 */
import { Command, CommanderError } from 'commander';
import { registerCheckHistoryCommand } from './check-history.ts';
import { registerExploreCommand } from './explore.ts';
import { registerHuntCommand } from './hunt.ts';
import { registerListCommand } from './list.ts';
import { registerMergeCommand } from './merge.ts';
import { registerReplayCommand } from './replay.ts';
import { registerSaveCommand } from './save.ts';
import { UsageError, exitCodes } from './shared.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('Property-based consistency checker for replication protocols: hunt, replay and study failures.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
  registerListCommand(program);
  registerHuntCommand(program);
  registerReplayCommand(program);
  registerSaveCommand(program);
  registerCheckHistoryCommand(program);
  registerExploreCommand(program);
  registerMergeCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code (never throws for bad input). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return exitCodes.ok;
      }
      // Commander already printed its message (unknown option, missing argument...).
      return exitCodes.badInput;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`faultline: ${error.message}\n`);
      return exitCodes.badInput;
    }
    throw error;
  }
}
