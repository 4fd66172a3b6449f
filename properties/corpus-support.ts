/** The regression corpus (`counterexamples/PROTOCOL/VARIANT.json`), as the tests that read it list it. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const corpusFolder = resolve(import.meta.dirname, '../counterexamples');

/** Every saved counterexample's path, sorted by protocol then variant. */
export function corpusFiles(): string[] {
  if (!existsSync(corpusFolder)) return [];
  return readdirSync(corpusFolder)
    .sort()
    .flatMap((protocol) =>
      readdirSync(join(corpusFolder, protocol))
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => join(corpusFolder, protocol, file)),
    );
}
