/**
 * The ignorer plugin of `npm run mutate` (scripts/mutation-ignorers.mjs) on Stryker's own
 * instrumenter: what it counts out must be found in the AST Stryker hands it, in which a sibling
 * node's mutants are already placed (`switch ? mutant : (covered, original)`). The failure-reply
 * rule once read the outcome's literal only as written and never fired.
 */
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a JavaScript plugin without type declarations (Stryker loads it with Node's own loader)
import { strykerPlugins } from '../scripts/mutation-ignorers.mjs';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, isDebugEnabled: () => false, isTraceEnabled: () => false };

async function mutantsOf(content: string): Promise<{ replacement: string; original: string; reason: string | undefined }[]> {
  const ignorer = (strykerPlugins as { value: unknown }[])[0]?.value;
  const instrumenter = new Instrumenter(quiet as never);
  const result = await instrumenter.instrument([{ name: 'model.ts', content, mutate: true }], {
    plugins: null,
    excludedMutations: [],
    ignorers: [ignorer],
    mutationRanges: [],
    ignoreStatic: false,
  } as never);
  return result.mutants.map((mutant) => ({
    replacement: mutant.replacement,
    original: content.split('\n')[mutant.location.start.line]?.slice(mutant.location.start.column, mutant.location.end.column) ?? '',
    reason: mutant.status === 'Ignored' ? mutant.statusReason : undefined,
  }));
}

describe('mutation ignorers', () => {
  it("count out a failure reply's error text, not its outcome", async () => {
    const mutants = await mutantsOf("export function refuse(reply) {\n  return reply(1, { outcome: 'fail', error: 'not the leader' });\n}\n");
    expect(mutants.find((mutant) => mutant.original === "'not the leader'")?.reason).toMatch(/text of a failure reply/);
    expect(mutants.find((mutant) => mutant.original === "'fail'")?.reason).toBeUndefined();
  });

  it('leave the text of a success reply alone', async () => {
    const mutants = await mutantsOf("export function answer(reply) {\n  return reply(1, { outcome: 'ok', error: 'none' });\n}\n");
    expect(mutants.find((mutant) => mutant.original === "'none'")?.reason).toBeUndefined();
  });
});
