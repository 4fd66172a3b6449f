/**
 * The `faultline` command. Every command but `studio` takes `--json`, which makes the last line of
 * stdout one JSON object. Exit codes: 0 nothing found / valid, 1 violation found / not linearizable,
 * 2 bad usage or bad input (one line on stderr), 3 unknown (a budget ran out), 130 interrupted.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { registerCheckHistoryCommand } from './check-history.ts';
import { registerExploreCommand } from './explore.ts';
import { registerHuntCommand } from './hunt.ts';
import { registerListCommand } from './list.ts';
import { registerMergeCommand } from './merge.ts';
import { registerReplayCommand } from './replay.ts';
import { registerSaveCommand } from './save.ts';
import { registerStudioCommand } from './studio.ts';
import {
  commandStarting,
  escapeControl,
  exitCodes,
  type HeldInterrupt,
  holdInterrupts,
  InterruptedBeforeStart,
  releaseHeldInterrupt,
  repeatableOptionParsers,
  UsageError,
} from './shared.ts';

/** The program with its name, version and output settings, and no command yet. */
export function emptyProgram(): Command {
  return new Command()
    .name('faultline')
    .description('Property-based consistency checker for replication protocols: hunt, replay and study failures.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      // Commander's messages may quote what was typed: control characters are shown, never obeyed.
      writeErr: (text) => process.stderr.write(text.split('\n').map(escapeControl).join('\n')),
      // One line with one prefix for every bad-usage message, Commander's (unknown option, missing
      // argument, its "Did you mean" suggestion) as faultline's own.
      outputError: (text, write) =>
        write(
          `${text
            .replace(/^error: /, 'faultline: ')
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== '')
            .join(' ')} (--help for usage)\n`,
        ),
    });
}

export function buildProgram(): Command {
  const program = emptyProgram();
  registerListCommand(program);
  registerHuntCommand(program);
  registerReplayCommand(program);
  registerSaveCommand(program);
  registerCheckHistoryCommand(program);
  registerExploreCommand(program);
  registerMergeCommand(program);
  registerStudioCommand(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code (never throws for bad input). `held` is a Ctrl-C or
 * SIGTERM bin/faultline.mjs holds while the command loads (see `commandStarting`).
 */
export async function main(argv: readonly string[], held: HeldInterrupt | null = null): Promise<number> {
  return runProgram(buildProgram(), argv, held);
}

/**
 * Makes an option that takes one value fail when it is given twice: Commander keeps the last
 * (`hunt --protocol raft --protocol zab` hunted zab alone). Options whose parser is one of
 * `repeatableOptionParsers` (`--set`, `--property`, `hunt --from`...) collect every value instead;
 * flags without a value mean the same however often they are given.
 */
function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || repeatableOptionParsers.has(option.parseArg)) continue;
    let given: string | null = null;
    command.on(`option:${option.name()}`, (value: unknown) => {
      // An optional value (`check-history --model [name]`) may be left out.
      const text = typeof value === 'string' ? `"${value}"` : 'with no value';
      if (given !== null) throw new UsageError(`${option.long ?? option.flags} is given twice (${given} and ${text}); it takes one value`);
      given = text;
    });
  }
  for (const subcommand of command.commands) refuseRepeatedOptions(subcommand);
}

/** Runs `program` on `argv` and returns the exit code (never throws for bad input). */
export async function runProgram(program: Command, argv: readonly string[], held: HeldInterrupt | null = null): Promise<number> {
  holdInterrupts(held);
  refuseRepeatedOptions(program);
  program.hook('preAction', (_program, command) => commandStarting(command));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof InterruptedBeforeStart) return exitCodes.interrupted;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return exitCodes.ok;
      }
      // Commander already printed its message (unknown option, missing argument, invalid choice...).
      return exitCodes.badInput;
    }
    if (error instanceof UsageError) {
      // Text from input files may hold control characters: they are shown, never obeyed.
      process.stderr.write(`faultline: ${escapeControl(error.message)}\n`);
      return exitCodes.badInput;
    }
    throw error;
  } finally {
    releaseHeldInterrupt();
  }
}
