/**
 * The coverage-collapse kill criterion of the mutation hunts (properties/mutation/coverage.ts): a
 * mutant-like change that breaks no property but stops the model doing something the correct
 * model does all the time is killed, and reported as a coverage kill; the correct model is not.
 */
import type { FileResult, MutantResult } from 'mutation-testing-report-schema';
import { describe, expect, it } from 'vitest';
import type { AnyProtocol, NodeContext, NodeInput } from '../src/core/types.ts';
import { zab } from '../src/protocols/zab/index.ts';
import {
  collapsedGoals,
  collapsedGoalsIntro,
  coverageCollapseMarker,
  describeSetupKill,
  type GoalRuns,
  huntSetupGoals,
  judgeSetup,
} from './mutation/coverage.ts';
import { collapsedGoalCounts, killReasonTable } from './mutation/coverage-table.ts';
import type { MutationBudget, MutationSetup } from './mutation/hunts.ts';

describe('collapsedGoals', () => {
  it('flags a regular goal reached at most a tenth as often, and nothing else', () => {
    const baseline = { often: 40, rare: 19, halved: 60, tenth: 50 };
    expect(collapsedGoals(baseline, { often: 0, rare: 0, halved: 30, tenth: 5 }, 200)).toEqual([
      { goal: 'often', baselineRuns: 40, mutantRuns: 0 },
      { goal: 'tenth', baselineRuns: 50, mutantRuns: 5 },
    ]);
    // Reaching every goal as often as the baseline never collapses.
    expect(collapsedGoals(baseline, baseline, 200)).toEqual([]);
  });

  it('asks a regular goal to be reached in 5 % of the runs when that is more than 20', () => {
    expect(collapsedGoals({ goal: 40 }, {}, 1000)).toEqual([]);
    expect(collapsedGoals({ goal: 50 }, {}, 1000)).toEqual([{ goal: 'goal', baselineRuns: 50, mutantRuns: 0 }]);
  });
});

/**
 * ZAB with a leader that never expires a session (as a mutant of the expiry check would), judged
 * without the property that asks for expiry (`sessions-expire`, which kills it): no property notices.
 */
function withSessionsThatNeverExpire(protocol: AnyProtocol, alsoThrowOnFiveServers = false): AnyProtocol {
  const contexts = new WeakMap<NodeContext<{ sessionTimeoutTicks: number }>, NodeContext<{ sessionTimeoutTicks: number }>>();
  return {
    ...protocol,
    properties: protocol.properties.filter((property) => property.name !== 'sessions-expire'),
    step(context: NodeContext<{ sessionTimeoutTicks: number }>, state: unknown, input: NodeInput<unknown, unknown>) {
      if (alsoThrowOnFiveServers && context.nodeCount === 5) throw new Error('mutant: five servers');
      let patient = contexts.get(context);
      if (patient === undefined) {
        patient = { ...context, config: { ...context.config, sessionTimeoutTicks: Number.MAX_SAFE_INTEGER } };
        contexts.set(context, patient);
      }
      return protocol.step(patient, state, input);
    },
  };
}

describe('judgeSetup', () => {
  const setups: readonly MutationSetup[] = [
    { label: 'default settings', runsShare: 0.8 },
    { label: '5 servers', settings: { nodeCount: 5 }, runsShare: 0.2 },
  ];
  const budget: MutationBudget = { runs: 250, seedCount: 1, seed: 1 };
  const correctGoals = new Map<string, GoalRuns>();
  const baselineOf = (setup: MutationSetup): GoalRuns => {
    let goals = correctGoals.get(setup.label);
    if (goals === undefined) {
      goals = huntSetupGoals(zab, setup, budget).goalRuns;
      correctGoals.set(setup.label, goals);
    }
    return goals;
  };

  it('leaves the correct model alone: it reaches every goal exactly as often as its baseline', () => {
    expect(judgeSetup(zab, setups, 0, budget, baselineOf)).toBeNull();
    expect(baselineOf(setups[0] as MutationSetup)['session-expired']).toBeGreaterThanOrEqual(20);
  });

  it('kills sessions that never expire as a coverage collapse, not as a broken property', () => {
    const mutant = withSessionsThatNeverExpire(zab);
    const kill = judgeSetup(mutant, setups, 0, budget, baselineOf);
    expect(kill).toMatchObject({ kind: 'coverage', setup: 'default settings', runs: 200 });
    expect(kill?.kind === 'coverage' && kill.collapses).toContainEqual({
      goal: 'session-expired',
      baselineRuns: baselineOf(setups[0] as MutationSetup)['session-expired'],
      mutantRuns: 0,
    });
    expect(describeSetupKill(mutant, kill as NonNullable<typeof kill>).startsWith(`${coverageCollapseMarker}: zab (default settings`)).toBe(true);
  });

  it('reports a property or exception of a later setup instead of this setup collapse', () => {
    const mutant = withSessionsThatNeverExpire(zab, true);
    const kill = judgeSetup(mutant, setups, 0, budget, baselineOf);
    expect(kill).toMatchObject({ kind: 'property', setup: '5 servers', violation: { kind: 'exception' } });
  });
});

describe('killReasonTable', () => {
  it('scores properties alone and with coverage collapse apart', () => {
    const mutant = (id: string, status: MutantResult['status'], statusReason?: string): MutantResult => ({
      id,
      mutatorName: 'BooleanLiteral',
      replacement: 'false',
      location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
      status,
      ...(statusReason === undefined ? {} : { statusReason }),
    });
    const file: FileResult = {
      language: 'typescript',
      source: 'x\n',
      mutants: [
        mutant('1', 'Killed', 'zab (default settings, seed 1): safety property broken'),
        mutant(
          '2',
          'Killed',
          `${coverageCollapseMarker}: zab (default settings, 200 runs): no property broke, but ${collapsedGoalsIntro}session-expired 97 -> 0`,
        ),
        mutant('3', 'Timeout'),
        mutant('4', 'Survived'),
        mutant('5', 'Ignored'),
      ],
    };
    const files = { 'a.ts': file };
    expect(killReasonTable(files)[2]).toBe('| a.ts | 4 | 1 | 1 | 1 | 1 | 0 | 50.0 % | 75.0 % |');
    expect(collapsedGoalCounts(files)).toEqual([['session-expired', 1]]);
  });
});
