/** Shared pieces of the CLI: exit codes, usage errors, option parsing, output. */
import { findProtocol, protocols } from '../protocols/registry.ts';
import type { AnyProtocol } from '../core/types.ts';

export const exitCodes = { ok: 0, found: 1, badInput: 2, unknown: 3 } as const;

/** Bad usage or bad input: printed as one clear line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseInteger(name: string, minimum = 0): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} expects an integer, got "${value}"`);
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < minimum) {
      throw new UsageError(`${name} expects an integer >= ${minimum}, got "${value}"`);
    }
    return parsed;
  };
}

/** `--set key=value`, repeatable. */
export function collectSetting(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z][\w.-]*)=(.*)$/.exec(value);
  if (!match) throw new UsageError(`--set expects key=value, got "${value}"`);
  return { ...previous, [match[1] ?? '']: match[2] ?? '' };
}

export function protocolOrThrow(name: string): AnyProtocol {
  const protocol = findProtocol(name);
  if (!protocol) {
    throw new UsageError(`unknown protocol "${name}"; known protocols: ${protocols.map((known) => known.name).join(', ')}`);
  }
  return protocol;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
