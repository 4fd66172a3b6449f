/**
 * The fault a guided run may begin its extension with (`faultArbitrary`, src/hunt/arbitraries.ts):
 * only disruptions (crash, partition, drop, duplicate), by the profile's weights among them, so a
 * profile without crashes never gets one this way either; half the partitions isolate one node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { raft } from '../src/protocols/raft/index.ts';

const disruptions = new Set(['drop', 'duplicate', 'crash', 'partition']);

describe('faults at the frontier of a guided search', () => {
  it('draws only disruptions, each one the profile weighs', () => {
    const setup = setupOrThrow(kafka, 'isr-expand-before-hw');
    const drawn = fc.sample(faultArbitrary(setup.protocol, setup.config, setup.profile), { seed: 7, numRuns: 400 });
    const kinds = new Set(drawn.map((event) => event.kind));
    expect([...kinds].every((kind) => disruptions.has(kind))).toBe(true);
    // Kafka's profile weighs all four; 400 draws see each of them.
    expect(kinds.size).toBe(4);
    // Half the partitions cut one node off from the rest: far more than a uniform draw of sides makes.
    const partitions = drawn.flatMap((event) => (event.kind === 'partition' ? [event.groups] : []));
    const isolating = partitions.filter((groups) => groups.filter((side) => side === 1).length === 1 && groups.every((side) => side <= 1));
    expect(isolating.length * 3).toBeGreaterThan(partitions.length);
  });

  it('never draws a kind the profile leaves out (Raft commit-old-term: of the disruptions, partitions only)', () => {
    const setup = setupOrThrow(raft, 'commit-old-term');
    expect(setup.profile.weights.crash).toBe(0);
    fc.assert(
      fc.property(faultArbitrary(setup.protocol, setup.config, setup.profile), (event) => {
        expect(event.kind).toBe('partition');
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
