/**
 * Option parsing shared by the bench scripts, so that bad input ends a script with one line naming
 * what was expected and exit status 2, before it measures anything: an unchecked `--seeds abc`
 * printed "median over NaN seeds", and an unknown `--protocol` an empty table with exit 0.
 */
import { Command, InvalidArgumentError } from 'commander';
import difference from 'lodash/difference.js';
import { integerWord } from '../src/core/text-integer.ts';

/** Exit status of a script given bad options (as the CLI's). */
export const usageExitCode = 2;

/**
 * A commander program for a bench script: errors (unknown option, bad argument) print commander's
 * one line, an unknown option's listing the known ones, and exit 2; `--help` exits 0.
 */
export function benchCommand(name: string): Command {
  const command = new Command(name);
  return command
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : usageExitCode))
    .configureOutput({
      outputError: (message, write) =>
        write(
          message.startsWith('error: unknown option')
            ? `${message.trimEnd().replace(/\n/g, ' ')}; options: ${command.options.map((option) => option.long).join(', ')}\n`
            : message,
        ),
    });
}

/** An option argument that must be a whole number of at least 1 (`--seeds`, `--runs`...). */
export function positiveInteger(text: string): number {
  const value = integerWord(text);
  if (value === null || value < 1) throw new InvalidArgumentError(`expected a positive integer in decimal digits, got "${text}"`);
  return value;
}

/** A parser of one name out of `known` (e.g. `--protocol raft`), listing them when the name is not one. */
export function oneOf(known: readonly string[]): (text: string) => string {
  return (text) => {
    if (!known.includes(text)) throw new InvalidArgumentError(`expected one of ${known.join(', ')}; got "${text}"`);
    return text;
  };
}

/** A parser of comma-separated names out of `known` (e.g. `--variant a,b`), naming the unknown ones and listing the known. */
export function someOf(known: readonly string[]): (text: string) => string[] {
  return (text) => {
    const names = text.split(',').filter((name) => name !== '');
    const unknown = difference(names, known);
    if (names.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(`expected comma-separated names out of ${known.join(', ')}; got "${unknown.join(',') || text}"`);
    }
    return names;
  };
}

/**
 * `someOf(known)` applied after parsing, for names that depend on another option (`--variant` on
 * `--protocol`): the known ones are not known while commander parses.
 */
export function namesOutOf(script: string, option: string, text: string, known: readonly string[]): string[] {
  try {
    return someOf(known)(text);
  } catch (error) {
    return failUsage(script, `option '${option}': ${(error as Error).message}`);
  }
}

/** A protocol's bug variants' names (all but `correct`), which `--variant` picks from. */
export function bugVariantNames(protocol: { readonly variants: readonly { readonly name: string }[] }): string[] {
  return protocol.variants.map((variant) => variant.name).filter((name) => name !== 'correct');
}

/** Ends the script with one line on stderr and exit status 2: for checks that need more than one option. */
export function failUsage(script: string, message: string): never {
  process.stderr.write(`${script}: ${message}\n`);
  process.exit(usageExitCode);
}
