/**
 * Checks of a model's own discipline, which no property can see: a step must be deterministic
 * (no clock, no Math.random, no module-level state) and must never change the state it is given.
 * A model that breaks either makes findings that do not reproduce: a hunt's counterexample that
 * replays to "no violation", an exploration whose states are not what their keys say.
 */
import fc from 'fast-check';
import { Simulator } from '../core/simulator.ts';
import type { Schedule } from '../core/events.ts';
import type { AnyProtocol, Violation } from '../core/types.ts';
import { sameViolation, traceHash } from '../study/artifact.ts';
import { describeViolation } from './report.ts';
import { huntScheduleArbitrary, setupFor } from './swarm.ts';
import type { HuntSetup } from './types.ts';

/** What a model must not do, said after a finding that shows it does. */
export const modelDisciplineText = 'a model must not read clocks, Math.random or module-level state, nor change the state it is given';

/**
 * The note of a finding that did not break the same way when its schedule ran again from scratch
 * (`found` as the hunt found it, `again` the reruns' violations), or null when every rerun agrees.
 */
export function nondeterminismNote(
  property: string,
  found: Violation,
  reruns: readonly { readonly violation: Violation | null; readonly hash: string }[],
): string | null {
  const differing = reruns.find((rerun) => !sameViolation(found, rerun.violation));
  const hashes = new Set(reruns.map((rerun) => rerun.hash));
  if (differing === undefined && hashes.size <= 1) return null;
  const what =
    differing !== undefined
      ? `the same schedule broke ${property} when the hunt found it and ${differing.violation ? `gave ${describeViolation(differing.violation)}` : 'broke nothing'} when run again from scratch`
      : `two runs of the same schedule from scratch gave different traces`;
  return `the model is not deterministic: ${what} (same schedule, same seed); ${modelDisciplineText}`;
}

/** The message of a step that wrote to the state it was given (frozen by `frozenInputs`). */
function mutationMessage(what: string, thrown: TypeError): string {
  return `the model's ${what} mutated its input state (${thrown.message}): a step returns a new state and never changes the one it was given`;
}

/** Freezes a value and everything it holds (plain objects and arrays; shared parts once). */
export function deepFreeze(value: unknown, seen: WeakSet<object> = new WeakSet()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (!Object.isFrozen(value)) Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key], seen);
  if (value instanceof Map) for (const [key, item] of value) deepFreeze(key, seen), deepFreeze(item, seen);
  if (value instanceof Set) for (const item of value) deepFreeze(item, seen);
}

/** A write to a frozen object in strict mode: `Cannot assign to read only property`, `Cannot add property`, `Cannot delete property`... */
function isFrozenWrite(thrown: unknown): thrown is TypeError {
  return (
    thrown instanceof TypeError &&
    /read only|read-only|not extensible|Cannot add property|Cannot delete property|Cannot assign|object is not extensible|frozen/i.test(
      thrown.message,
    )
  );
}

/**
 * The protocol with every state and input it hands its model deep-frozen first, so that a step
 * that writes to one throws (modules are strict mode), with a message that says what happened.
 */
export function frozenInputs(protocol: AnyProtocol): AnyProtocol {
  const guarded = <T>(what: string, run: () => T): T => {
    try {
      return run();
    } catch (thrown) {
      if (isFrozenWrite(thrown)) throw new Error(mutationMessage(what, thrown));
      throw thrown;
    }
  };
  return {
    ...protocol,
    step(context, state, input) {
      deepFreeze(state);
      deepFreeze(input);
      return guarded('step', () => protocol.step(context, state, input));
    },
    crash(context, state, options) {
      deepFreeze(state);
      return guarded('crash', () => protocol.crash(context, state, options));
    },
    restart(context, durable, randomSeed) {
      deepFreeze(durable);
      return guarded('restart', () => protocol.restart(context, durable, randomSeed));
    },
  };
}

/** Generated schedules the sanity check runs (each twice, inputs frozen). */
export const sanityRunsDefault = 12;

/**
 * Runs a few generated schedules of `setup` with the model's inputs frozen, each twice, and says
 * what is wrong with the model, or null: a step that mutates its input, or two runs of one schedule
 * that differ (nondeterminism). Cheap (tens of milliseconds); a hang in the model hangs it, so it
 * runs where a watchdog sees it (a hunt worker).
 */
export function modelSanityProblem(
  setup: HuntSetup,
  options: { readonly runs?: number; readonly onRun?: (index: number) => void } = {},
): string | null {
  const frozen: HuntSetup = { ...setup, protocol: frozenInputs(setup.protocol) };
  for (const [index, schedule] of sanitySchedules(frozen, options.runs).entries()) {
    options.onRun?.(index);
    const runSetup = setupFor(frozen, schedule);
    const first = new Simulator(runSetup, { recordTrace: true }).run(schedule);
    if (first.violation?.kind === 'exception' && /mutated its input state/.test(first.violation.message)) {
      return `${first.violation.message} (seen by the model sanity check, which runs a few generated schedules with the model's inputs frozen: at step ${first.violation.step} of a run of ${schedule.events.length} events)`;
    }
    const second = new Simulator(runSetup, { recordTrace: true }).run(schedule);
    if (traceHash(first.trace ?? []) !== traceHash(second.trace ?? [])) {
      return `the model is not deterministic: two runs of the same generated schedule (${schedule.events.length} events) from scratch gave different traces (seen by the model sanity check, which runs a few generated schedules twice before the search); ${modelDisciplineText}`;
    }
  }
  return null;
}

/** The schedules the sanity check runs: always the same for a setup. */
export function sanitySchedules(setup: HuntSetup, runs: number = sanityRunsDefault): Schedule[] {
  return fc.sample(huntScheduleArbitrary(setup), { numRuns: runs, seed: sanitySeed });
}

const sanitySeed = 1;
