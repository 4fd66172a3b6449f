/**
 * ZAB's ghost follows the clients a follower reports with its ping answers (`sessions-kept-alive`)
 * and names a report in flight by its link and the ping answers sent after it on that link. The
 * incremental observer counts ping answers only on the links of the reports it follows and sorts
 * them natively; the full observer tallies every link of the network and sorts with lodash, as the
 * ghost did before. These runs show both keep the same reports, in the same order, and credit the
 * same leaders with hearing the same clients, after every step of generated runs of the correct
 * model and every bug variant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';
import type { ZabGhost } from '../src/protocols/zab/properties.ts';
import { pairedGhostSimulator } from './zab-paired-ghost.ts';

/** What the report tracking leaves in a ghost. */
function reportsOf(ghost: ZabGhost): Pick<ZabGhost, 'followerReports' | 'reportsInFlight' | 'heardAtLeader'> {
  return { followerReports: ghost.followerReports, reportsInFlight: ghost.reportsInFlight, heardAtLeader: ghost.heardAtLeader };
}

describe('zab ghost: follower reports in flight', () => {
  it('are followed alike by counting the reports’ links and by tallying the whole network, after every step', () => {
    const setups = [setupOrThrow(zab, 'correct'), ...zab.variants.map((variant) => setupOrThrow(zab, variant.name))];
    const mismatches: string[] = [];
    /** How much of the tracking the sample exercised: a comparison of idle ghosts proves nothing. */
    const seen = { stepsWithReports: 0, stepsWithSeveral: 0, laterMoved: 0, heardByReport: 0 };
    for (const [index, setup] of setups.entries()) {
      const simulator = pairedGhostSimulator(setup, (previous, incremental, full, step) => {
        const have = JSON.stringify(reportsOf(incremental));
        const want = JSON.stringify(reportsOf(full));
        if (have !== want && mismatches.length < 5) mismatches.push(`${setup.variant} step ${step}: ${have} vs ${want}`);
        const reports = incremental.reportsInFlight;
        if (reports.length > 0) seen.stepsWithReports++;
        if (reports.length > 1) seen.stepsWithSeveral++;
        if (
          reports.some((report) => previous.incremental.reportsInFlight.some((before) => before.from === report.from && before.later < report.later))
        ) {
          seen.laterMoved++;
        }
        if (incremental.heardAtLeader.some((heard, client) => heard?.how === 'report' && heard !== previous.incremental.heardAtLeader[client])) {
          seen.heardByReport++;
        }
      });
      const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: 20, seed: 1700 + index });
      for (const schedule of schedules) simulator.run(schedule);
    }
    expect(mismatches).toEqual([]);
    expect(seen.stepsWithReports).toBeGreaterThan(1000);
    expect(seen.stepsWithSeveral).toBeGreaterThan(20);
    expect(seen.laterMoved).toBeGreaterThan(10);
    expect(seen.heardByReport).toBeGreaterThan(20);
  });
});
