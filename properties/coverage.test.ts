/**
 * Coverage: every "sometimes" goal a protocol declares (leader change, truncation, ISR shrink...)
 * must be reached by a CI-sized hunt of its correct model. A property that only ever sees the
 * happy path proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { hunt } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';

const coverageRuns = 1500;

describe('coverage of "sometimes" goals', () => {
  for (const protocol of protocols) {
    it(`${protocol.name}: a ${coverageRuns}-run hunt of the correct model reaches every declared goal`, () => {
      const goals = protocol.sometimes ?? [];
      expect(goals.length, `${protocol.name} declares no "sometimes" goals`).toBeGreaterThan(0);
      const setup = setupOrThrow(protocol, 'correct');
      const result = hunt(setup, { runs: coverageRuns, seed: 11 });
      expect(result.finding, 'the correct model broke a property during the coverage hunt').toBeNull();
      const neverReached = goals.filter((goal) => (result.coverage[goal.name] ?? 0) === 0).map((goal) => goal.name);
      expect(neverReached, `goals never reached in ${coverageRuns} runs`).toEqual([]);
    });
  }
});
