/**
 * The second kill criterion of the mutation hunts: **coverage collapse**. A mutant that breaks no
 * property may still stop the model doing something the correct model does all the time: a
 * follower that never rejoins the ISR, replication that stops while min.insync.replicas=1 lets
 * writes continue, a leader that never answers. The protocols declare such situations as
 * "sometimes" goals (`SometimesDefinition`); a mutant is also killed when a goal the unmutated
 * model reaches regularly in a setup is reached at most a tenth as often under the mutant, with
 * the same setup, seeds and runs. That is "the test suite noticed", not "a property broke": the
 * message starts with `coverageCollapseMarker` and the mutation table counts the two apart.
 *
 * The baseline is the same hunt on the unmutated model. The hunts are deterministic per seed and
 * run budget, so it is well defined and the correct model always reaches each goal exactly as
 * often as its baseline: the criterion cannot trip on it (Stryker's dry run, or any model change
 * that does not alter behaviour). Under Stryker the baseline is computed in-process with the
 * mutant switched off (Stryker 9's mutant schemata read `globalThis.__stryker__.activeMutant` at
 * each mutated spot; the vitest runner sets it in a `beforeAll`), once per setup and budget:
 * the test modules stay loaded between mutants (vitest.mutation.config.ts, `isolate: false`). The
 * dry run's counts are the same baseline; they are handed to later test-runner processes in a
 * file of the sandbox.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyProtocol, Violation } from '../../src/core/types.ts';
import { describeViolation } from '../../src/hunt/report.ts';
import { huntSetup, type MutationBudget, type MutationSetup, runsOf } from './hunts.ts';

/** Every coverage kill's message starts with this (coverage-table.ts counts kills by it). */
export const coverageCollapseMarker = 'coverage collapse';
/** Precedes the collapsed goals' list (`goal baseline -> mutant, ...`) in a coverage kill's message. */
export const collapsedGoalsIntro = 'goals the unmutated model reaches regularly collapsed (runs reaching them, unmutated -> mutant): ';

/**
 * A goal is *regular* in a setup when the baseline reaches it in at least this many runs and ...
 * The correct model cannot trip the criterion at any threshold (it reproduces its baseline); the
 * thresholds keep a mutant that only perturbs the schedule (a timing change: every later event
 * lands elsewhere, as if it were another sample of the same runs) from being killed by chance.
 * With a baseline of at least 20 runs, an unchanged per-run probability gives at most 2 runs under
 * the mutant with a chance of about 1e-5 (Poisson tails, allowing for a baseline that was itself
 * lucky): over the thousands of (survivor, setup, goal) checks of a full run, well under one
 * false kill.
 */
export const regularGoalRunsMin = 20;
/** ... in at least this share of the setup's runs (a larger budget asks for more). */
export const regularGoalShareMin = 0.05;
/** A regular goal collapses when the mutant reaches it in at most 1/collapseFactor of the baseline's runs (0 included). */
export const collapseFactor = 10;

/** Per goal name, how many runs reached it. */
export type GoalRuns = Readonly<Record<string, number>>;

export interface GoalCollapse {
  readonly goal: string;
  readonly baselineRuns: number;
  readonly mutantRuns: number;
}

/** The regular goals of `baseline` (over `runs` runs) that `observed` reaches at most a tenth as often. */
export function collapsedGoals(baseline: GoalRuns, observed: GoalRuns, runs: number): GoalCollapse[] {
  const regularMin = Math.max(regularGoalRunsMin, regularGoalShareMin * runs);
  const collapses: GoalCollapse[] = [];
  for (const [goal, baselineRuns] of Object.entries(baseline).sort(([left], [right]) => left.localeCompare(right))) {
    if (baselineRuns < regularMin) continue;
    const mutantRuns = observed[goal] ?? 0;
    if (mutantRuns * collapseFactor <= baselineRuns) collapses.push({ goal, baselineRuns, mutantRuns });
  }
  return collapses;
}

/** What one setup's hunt saw: the first violation (and its seed), and the goal counts over every seed it ran. */
export interface SetupHunt {
  readonly violation: { readonly violation: Violation; readonly seed: number } | null;
  readonly goalRuns: GoalRuns;
  /** Generated runs over all seeds (0 for a replay setup). */
  readonly runs: number;
}

/** One setup, every seed of the budget, counting goals; stops at the first violation. */
export function huntSetupGoals(protocol: AnyProtocol, setup: MutationSetup, budget: MutationBudget): SetupHunt {
  const runs = runsOf(setup, budget);
  const seedCount = setup.replays ? 1 : budget.seedCount;
  const goalRuns: Record<string, number> = {};
  for (let seed = budget.seed; seed < budget.seed + seedCount; seed++) {
    const violation = huntSetup(protocol, setup, runs, seed, goalRuns);
    if (violation) return { violation: { violation, seed }, goalRuns, runs: setup.replays ? 0 : runs * seedCount };
  }
  return { violation: null, goalRuns, runs: setup.replays ? 0 : runs * seedCount };
}

/** Stryker's global namespace (`__stryker__`, its default) when the code runs instrumented. */
function strykerNamespace(): { activeMutant?: string | undefined } | undefined {
  return (globalThis as { __stryker__?: { activeMutant?: string | undefined } }).__stryker__;
}

/** Runs `work` with Stryker's active mutant switched off (the unmutated model), then switches it back. */
export function withoutActiveMutant<T>(work: () => T): T {
  const namespace = strykerNamespace();
  const active = namespace?.activeMutant;
  if (namespace === undefined || active === undefined) return work();
  namespace.activeMutant = undefined;
  try {
    return work();
  } finally {
    namespace.activeMutant = active;
  }
}

/** Baselines per protocol, setup and budget: computed once per test process (the models do not change between mutants, only the switch). */
const baselines = new Map<string, GoalRuns>();

/**
 * Under Stryker, the dry run's counts (the unmutated model's) are also kept in this file at the
 * sandbox's root (Stryker runs this module's copy there, and deletes the sandbox after), so that a
 * test-runner process Stryker starts later (concurrency, or a restart after a timeout) reads them
 * instead of hunting every setup again inside its first mutant's time limit.
 */
const sandboxBaselineFile = resolve(import.meta.dirname, '../..', '.faultline-coverage-baselines.json');

function savedBaselines(): Record<string, GoalRuns> {
  try {
    return JSON.parse(readFileSync(sandboxBaselineFile, 'utf8')) as Record<string, GoalRuns>;
  } catch {
    return {}; // none saved yet (or outside Stryker)
  }
}

/**
 * The unmutated model's goal counts for this setup and budget. `observed` is the hunt just run: with
 * no mutant active (Stryker's dry run, or outside Stryker) it is the baseline itself.
 */
export function unmutatedGoalRuns(protocol: AnyProtocol, setup: MutationSetup, budget: MutationBudget, observed: GoalRuns): GoalRuns {
  const key = JSON.stringify([protocol.name, setup.label, runsOf(setup, budget), budget.seed, budget.seedCount]);
  let baseline = baselines.get(key);
  if (baseline !== undefined) return baseline;
  const stryker = strykerNamespace();
  if (stryker?.activeMutant === undefined) {
    baseline = observed;
    if (stryker !== undefined) writeFileSync(sandboxBaselineFile, JSON.stringify({ ...savedBaselines(), [key]: observed }));
  } else {
    baseline = savedBaselines()[key] ?? withoutActiveMutant(() => huntSetupGoals(protocol, setup, budget).goalRuns);
  }
  baselines.set(key, baseline);
  return baseline;
}

/** Why a setup's test fails: a property or exception (in this setup or a later one), or a coverage collapse here. */
export type SetupKill =
  | { readonly kind: 'property'; readonly setup: string; readonly seed: number; readonly violation: Violation }
  | { readonly kind: 'coverage'; readonly setup: string; readonly runs: number; readonly collapses: readonly GoalCollapse[] };

/**
 * The verdict of setup `index` of `setups` on the model as it is now. A property or exception
 * kills first; when this setup's goals collapse, the later setups are hunted too (properties
 * only), so a mutant any setup kills by a property is never reported as a coverage kill (Stryker
 * stops at the first failing test). `baselineOf` gives the unmutated model's goal counts.
 */
export function judgeSetup(
  protocol: AnyProtocol,
  setups: readonly MutationSetup[],
  index: number,
  budget: MutationBudget,
  baselineOf: (setup: MutationSetup, observed: GoalRuns) => GoalRuns = (setup, observed) => unmutatedGoalRuns(protocol, setup, budget, observed),
): SetupKill | null {
  const setup = setups[index];
  if (setup === undefined) throw new Error(`${protocol.name}: no mutation setup ${index}`);
  const hunt = huntSetupGoals(protocol, setup, budget);
  if (hunt.violation) return { kind: 'property', setup: setup.label, ...hunt.violation };
  const collapses = collapsedGoals(baselineOf(setup, hunt.goalRuns), hunt.goalRuns, hunt.runs);
  if (collapses.length === 0) return null;
  for (const later of setups.slice(index + 1)) {
    const runs = runsOf(later, budget);
    const seedCount = later.replays ? 1 : budget.seedCount;
    for (let seed = budget.seed; seed < budget.seed + seedCount; seed++) {
      const violation = huntSetup(protocol, later, runs, seed);
      if (violation) return { kind: 'property', setup: later.label, seed, violation };
    }
  }
  return { kind: 'coverage', setup: setup.label, runs: hunt.runs, collapses };
}

/** The failure message Stryker records as the mutant's status reason. */
export function describeSetupKill(protocol: AnyProtocol, kill: SetupKill): string {
  if (kill.kind === 'property') return `${protocol.name} (${kill.setup}, seed ${kill.seed}): ${describeViolation(kill.violation)}`;
  const goals = kill.collapses.map(({ goal, baselineRuns, mutantRuns }) => `${goal} ${baselineRuns} -> ${mutantRuns}`).join(', ');
  return `${coverageCollapseMarker}: ${protocol.name} (${kill.setup}, ${kill.runs} runs): no property broke, but ${collapsedGoalsIntro}${goals}`;
}
