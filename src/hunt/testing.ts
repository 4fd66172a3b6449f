/**
 * Helpers for vitest properties: a bug variant must be caught (and we check what was caught),
 * a correct model must survive. Failures print the seed, the fast-check path, the shrunk schedule
 * and the transcript, so a red test is already a counterexample report.
 */
import fc from 'fast-check';
import type { Schedule } from '../core/events.ts';
import { Simulator } from '../core/simulator.ts';
import type { AnyProtocol, GhostObserver, NodeState, PropertyCheck, Protocol, ScheduleProfile, Violation, WorldView } from '../core/types.ts';
import { formatScenarioError, parseScenario } from '../study/scenario.ts';
import { scheduleArbitrary } from './arbitraries.ts';
import { hunt, replaySchedule, resolveSetup, type HuntResult, type HuntSetup } from './hunt.ts';
import { artifactOf } from '../study/artifact.ts';
import { studyTranscript } from '../study/render.ts';
import { describeViolation, scheduleLines } from './report.ts';
import { withShrinkLimits } from './minimize.ts';

export function setupOrThrow(
  protocol: AnyProtocol,
  variant: string,
  overrides: Readonly<Record<string, unknown>> = {},
  profile: Partial<ScheduleProfile> = {},
  options: { readonly settingSwarm?: boolean; readonly properties?: readonly string[] } = {},
): HuntSetup {
  const setup = resolveSetup(protocol, variant, overrides, profile, options);
  if ('error' in setup) throw new Error(setup.error);
  return setup;
}

/** The readable report of one failing schedule: the schedule, then the transcript of its causal slice, as `faultline replay` prints it. */
export function counterexampleReport(setup: HuntSetup, schedule: Schedule, header = ''): string {
  const result = replaySchedule(setup, schedule);
  const artifact = artifactOf(setup, schedule, { result });
  const lines = [
    header,
    `${setup.protocol.name} / ${setup.variant}: ${result.violation ? describeViolation(result.violation) : 'no violation on replay'}`,
    'schedule:',
    ...scheduleLines(setup.protocol, schedule),
    'transcript:',
    ...studyTranscript({ protocol: setup.protocol, artifact, result }),
  ];
  return lines.join('\n');
}

/**
 * The shorter-end shrinking pass's budget in a test's hunt: none (the CLI's hunt uses 4,000 worlds).
 * A test that hunts a variant asserts a verdict and a bound on the story's length, not the shortest
 * story (shrink-*.test.ts and `npm run bench` hold shrinking to that). On Raft's eleven variant
 * tests the pass at 500 worlds took 2.7 of 20.3 shrinking CPU s and shortened nothing; off, the
 * seven files that hunt variants took 101 instead of 111 CPU s, every bound still met (2026-12-01).
 */
export const testShorterEndWorldsMax = 0;

/**
 * Runs any one minimization in a test's hunt may spend (`ShrinkLimits.runsMax`; the CLI's polish
 * has 2,000, the guided search's 4,000). On Raft's variant tests, 1,000 took 22 to 19 CPU s and
 * kept every story within its test's bound; 400 broke two bounds (2026-12-02).
 */
export const testMinimizeRunsMax = 1000;

/**
 * A hunt as a test runs it: a run budget and a seed, no wall, the test's shorter-end budget and
 * minimization budget, and
 * neither the exhaustive last passes nor the final passes unless `exhaustive` / `finalPasses` say
 * so. The final passes look for the last event or two of a story (shrink-*.test.ts and the bench
 * hold them to that); on Raft's eleven variant tests they were a quarter of the CPU (25.3 against
 * 18.8 CPU s at load 17, 2026-12-01) and every story stayed within its test's bound without them.
 */
export function testHunt(
  setup: HuntSetup,
  options: { runs: number; seed: number; shorterEndWorldsMax?: number; exhaustive?: boolean; finalPasses?: boolean },
): HuntResult {
  const now = () => performance.now();
  const limits = {
    now,
    shorterEndWorldsMax: options.shorterEndWorldsMax ?? testShorterEndWorldsMax,
    exhaustive: options.exhaustive ?? false,
    finalPasses: options.finalPasses ?? false,
    runsMax: testMinimizeRunsMax,
  };
  return withShrinkLimits(limits, () => hunt(setup, { runs: options.runs, seed: options.seed, now })).value;
}

/** Hunts a bug variant and returns what was found; throws when nothing was found. */
export function expectCaught(
  setup: HuntSetup,
  options: {
    runs: number;
    seed?: number;
    expectedProperty?: string;
    shrunkEventsMax?: number;
    shorterEndWorldsMax?: number;
    exhaustive?: boolean;
    finalPasses?: boolean;
  },
): HuntResult & { finding: NonNullable<HuntResult['finding']> } {
  const seed = options.seed ?? 1;
  const result = testHunt(setup, { ...options, seed });
  if (!result.finding) {
    throw new Error(`${setup.protocol.name}/${setup.variant}: no counterexample in ${result.runs} runs (seed ${seed})`);
  }
  const expected = options.expectedProperty ?? setup.protocol.variants.find((variant) => variant.name === setup.variant)?.expectedViolation;
  if (expected !== undefined && result.finding.violation.property !== expected) {
    throw new Error(
      `expected property "${expected}" to break, but "${result.finding.violation.property}" broke:\n${counterexampleReport(setup, result.finding.schedule)}`,
    );
  }
  if (options.shrunkEventsMax !== undefined && result.finding.schedule.events.length > options.shrunkEventsMax) {
    throw new Error(
      `shrunk counterexample has ${result.finding.schedule.events.length} events, more than ${options.shrunkEventsMax}:\n${counterexampleReport(setup, result.finding.schedule)}`,
    );
  }
  return result as HuntResult & { finding: NonNullable<HuntResult['finding']> };
}

/**
 * The first of `runs` generated schedules (fast-check's sample for `seed`) that breaks something,
 * and what it breaks; no shrinking, for tests that only need a verdict (the regression corpus keeps
 * the shrunk counterexamples).
 */
export function firstBreak(setup: HuntSetup, runs: number, seed: number): { run: number; property: string } | null {
  const simulator = new Simulator(setup);
  const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: runs, seed });
  for (const [run, schedule] of schedules.entries()) {
    const violation = simulator.run(schedule).violation;
    if (violation) return { run, property: violation.property };
  }
  return null;
}

/**
 * The correct model must survive `runs` generated schedules. Uses fast-check directly so that a
 * failure is shrunk and reported with its seed and path.
 */
export function expectSurvives(setup: HuntSetup, options: { runs: number; seed?: number }): void {
  const simulator = new Simulator(setup);
  fc.assert(
    fc.property(scheduleArbitrary(setup.protocol, setup.config, setup.profile), (schedule) => {
      const result = simulator.run(schedule);
      if (result.violation) throw new Error(counterexampleReport(setup, schedule));
    }),
    { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
  );
}

/**
 * Runs a hand-written scenario (the text of a `.scenario` file) against `protocol` and returns the
 * property it broke, or null. This is how to try a new property on the story it is about without
 * inventing a bug variant: add the property, write the schedule that should break it (or start
 * from `faultline replay ARTIFACT --scenario FILE`), and check it on the correct model and on the
 * variant that should break it. `protocol` is used for a scenario that names it (so a protocol
 * not in the registry, or a changed copy of a registered one, works; a scenario of another
 * protocol is an error); `variant` and `settings` override the scenario's own lines;
 * `properties` checks only those (so another property that breaks first does not hide the one
 * under test). Bad scenario text or an unknown property throws, with what was expected; the
 * scenario's `expect` line is not consulted: the caller asserts.
 */
export function checkScenario(
  protocol: AnyProtocol,
  scenarioText: string,
  options: {
    readonly variant?: string;
    readonly settings?: Readonly<Record<string, unknown>>;
    readonly properties?: readonly string[];
    readonly file?: string;
  } = {},
): Violation | null {
  const file = options.file ?? 'scenario';
  const parsed = parseScenario(file, scenarioText, (name) => (name === protocol.name ? protocol : undefined), [protocol.name]);
  if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
  const scenario = parsed.value;
  const only = options.properties ?? scenario.properties;
  const setup = setupOrThrow(
    protocol,
    options.variant ?? scenario.variant,
    { ...scenario.settings, ...options.settings },
    {},
    only ? { properties: only } : {},
  );
  return new Simulator(setup).run({ randomSeed: scenario.randomSeed, events: scenario.events }).violation;
}

/**
 * The protocol with more properties, for trying a property on scenarios and hunts before it is
 * written into the protocol's definition (and without a bug variant made up for it). The
 * properties are written exactly as they go into the definition's `properties`; one that needs
 * history brings its own `ghost`, which it reads as `view.ghost` (the protocol's own properties
 * keep reading theirs). Node symmetry is left out, since the added ghost may mention node ids.
 */
export function withProperties<Config, State extends NodeState, Message, Operation, Output, Ghost, Rules, Extra = null>(
  protocol: Protocol<Config, State, Message, Operation, Output, Ghost, Rules>,
  addition: {
    readonly ghost?: GhostObserver<Config, State, Message, Operation, Output, Extra>;
    readonly properties: Readonly<Record<string, PropertyCheck<Config, State, Message, Operation, Output, Extra>>>;
  },
): Protocol<Config, State, Message, Operation, Output, { readonly base: Ghost; readonly extra: Extra }, Rules> {
  type Both = { readonly base: Ghost; readonly extra: Extra };
  type View<G> = WorldView<Config, State, Message, Operation, Output, G>;
  const base = (view: View<Both>): View<Ghost> => ({ ...view, ghost: view.ghost.base });
  const extra = (view: View<Both>): View<Extra> => ({ ...view, ghost: view.ghost.extra });
  const taken = Object.keys(addition.properties).filter((name) => protocol.properties.some((property) => property.name === name));
  if (taken.length > 0) throw new Error(`${protocol.name} already has a property ${taken.join(', ')}`);
  const { symmetry: _symmetry, settled, fingerprint, pressure, sometimes, ...rest } = protocol;
  const addedGhost = addition.ghost;
  return {
    ...rest,
    properties: [
      ...protocol.properties.map((property) => ({ ...property, check: (view: View<Both>) => property.check(base(view)) })),
      ...Object.entries(addition.properties).map(([name, property]) => ({
        name,
        description: property.description,
        when: property.when,
        category: property.category ?? 'safety',
        check: (view: View<Both>) => property.check(extra(view), name),
      })),
    ],
    ghost: {
      init: (config, nodeCount) => ({
        base: protocol.ghost.init(config, nodeCount),
        extra: addedGhost ? addedGhost.init(config, nodeCount) : (null as Extra),
      }),
      observe: (ghost, view) => ({
        base: protocol.ghost.observe(ghost.base, base(view)),
        extra: addedGhost ? addedGhost.observe(ghost.extra, extra(view)) : ghost.extra,
      }),
    },
    ...(settled ? { settled: (view: View<Both>) => settled(base(view)) } : {}),
    ...(fingerprint ? { fingerprint: (view: View<Both>) => fingerprint(base(view)) } : {}),
    ...(pressure ? { pressure: pressure.map((one) => ({ name: one.name, measure: (view: View<Both>) => one.measure(base(view)) })) } : {}),
    ...(sometimes
      ? {
          sometimes: sometimes.map((goal) => ({
            ...goal,
            reached: (previous: View<Both>, next: View<Both>) => goal.reached(base(previous), base(next)),
          })),
        }
      : {}),
  };
}
