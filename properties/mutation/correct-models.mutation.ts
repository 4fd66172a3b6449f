/**
 * What Stryker runs against each mutant (`npm run mutate`, vitest.mutation.config.ts): every
 * protocol's correct variant, hunted under each of its mutation setups. A failing test kills the
 * mutant: the hunt found a violation or an exception, or (no property broke in any setup) a
 * "sometimes" goal the unmutated model reaches regularly collapsed (coverage.ts). On the unmutated models every test passes
 * (Stryker's dry run checks it). FAULTLINE_MUTATION_PROTOCOLS (comma-separated) keeps only some
 * protocols, for a run that mutates only their files.
 */
import { describe, it } from 'vitest';
import { protocols } from '../../src/protocols/registry.ts';
import { describeSetupKill, judgeSetup } from './coverage.ts';
import { mutationBudgetFromEnvironment, mutationSetups, runsOf } from './hunts.ts';

const budget = mutationBudgetFromEnvironment();
const only = process.env.FAULTLINE_MUTATION_PROTOCOLS?.split(',').filter((name) => name !== '');

for (const protocol of protocols) {
  if (only && !only.includes(protocol.name)) continue;
  describe(protocol.name, () => {
    const setups = mutationSetups[protocol.name] ?? [];
    for (const [index, setup] of setups.entries()) {
      const runs = runsOf(setup, budget);
      // A replay setup replays the same schedules whatever the seed (its name must not depend on the model: Stryker matches tests by name).
      it(setup.replays ? `${setup.label}: replays` : `${setup.label}: ${budget.seedCount} x ${runs} runs`, () => {
        const kill = judgeSetup(protocol, setups, index, budget);
        if (kill) throw new Error(describeSetupKill(protocol, kill));
      });
    }
  });
}
