/**
 * What Stryker runs against each mutant (`npm run mutate`, vitest.mutation.config.ts): every
 * protocol's correct variant, hunted under each of its mutation setups. A failing test kills the
 * mutant: the hunt found a violation or an exception. On the unmutated models every test passes
 * (Stryker's dry run checks it). FAULTLINE_MUTATION_PROTOCOLS (comma-separated) keeps only some
 * protocols, for a run that mutates only their files.
 */
import { describe, it } from 'vitest';
import { describeViolation } from '../../src/hunt/report.ts';
import { protocols } from '../../src/protocols/registry.ts';
import { huntSetup, mutationBudgetFromEnvironment, mutationSetups, runsOf } from './hunts.ts';

const budget = mutationBudgetFromEnvironment();
const only = process.env.FAULTLINE_MUTATION_PROTOCOLS?.split(',').filter((name) => name !== '');

for (const protocol of protocols) {
  if (only && !only.includes(protocol.name)) continue;
  describe(protocol.name, () => {
    for (const setup of mutationSetups[protocol.name] ?? []) {
      const runs = runsOf(setup, budget);
      // A replay setup replays the same schedules whatever the seed (its name must not depend on the model: Stryker matches tests by name).
      const seedCount = setup.replays ? 1 : budget.seedCount;
      it(setup.replays ? `${setup.label}: replays` : `${setup.label}: ${budget.seedCount} x ${runs} runs`, () => {
        for (let seed = budget.seed; seed < budget.seed + seedCount; seed++) {
          const violation = huntSetup(protocol, setup, runs, seed);
          if (violation) throw new Error(`${protocol.name} (${setup.label}, seed ${seed}): ${describeViolation(violation)}`);
        }
      });
    }
  });
}
