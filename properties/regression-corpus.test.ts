/**
 * The regression corpus: every saved counterexample in counterexamples/PROTOCOL/VARIANT.json must
 * still break its variant the same way, and must not break the correct model (unless the variant is
 * a documented limitation of the correct protocol). Every known bug variant must have one.
 * Their whole transcripts are compared with golden/ in golden.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFiles, corpusFolder } from './corpus-support.ts';
import { describe, expect, it } from 'vitest';
import { propertiesOf, Simulator } from '../src/core/simulator.ts';
import { replaySchedule, resolveSetup } from '../src/hunt/hunt.ts';
import { protocols, findProtocol } from '../src/protocols/registry.ts';
import { parseArtifact, traceHash } from '../src/study/artifact.ts';

const corpus = corpusFolder;
const files = corpusFiles();

describe('regression corpus', () => {
  it('has one saved counterexample for every known bug variant', () => {
    const missing = protocols.flatMap((protocol) =>
      protocol.variants
        .filter((variant) => variant.name !== 'correct')
        .filter((variant) => !existsSync(join(corpus, protocol.name, `${variant.name}.json`)))
        .map((variant) => `${protocol.name}/${variant.name}`),
    );
    expect(missing).toEqual([]);
  });

  for (const file of files) {
    const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
    it(`${artifact.protocol}/${artifact.variant} still breaks ${artifact.violation?.property} the same way`, () => {
      const protocol = findProtocol(artifact.protocol);
      expect(protocol, `unknown protocol ${artifact.protocol}`).toBeDefined();
      if (!protocol) return;
      const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
      expect(result.violation?.property).toBe(artifact.violation?.property);
      expect(result.violation?.phase).toBe(artifact.violation?.phase);
      expect(traceHash(result.trace ?? []), 'the trace changed: re-save the counterexample if the model change was intended').toBe(
        artifact.traceHash,
      );

      const description = protocol.variants.find((variant) => variant.name === artifact.variant);
      if (description?.knownLimitation) return;
      const correct = resolveSetup(protocol, 'correct', {}, {}, artifact.properties ? { properties: artifact.properties } : {});
      if ('error' in correct) throw new Error(correct.error);
      const onCorrect = new Simulator(correct).run(artifact.schedule);
      expect(onCorrect.violation, `the ${artifact.variant} counterexample also breaks the correct model`).toBeNull();
    });
  }
});
