/** The result line of `hunt --json`: the contract other tools (merge, CI matrices) rely on. */
import { faultlineCommand } from '../core/command-name.ts';
import { strategyOf, type HuntResult } from './hunt.ts';

/** One line of `hunt --json`: the contract other tools rely on. */
export interface HuntJsonLine {
  protocol: string;
  variant: string;
  /** The property the variant's known bug breaks, or null (the correct model). */
  expected: string | null;
  /** The properties checked (`--property`), or null: all of the protocol's. A known bug whose property is not among them cannot be missed. */
  checkedProperties: string[] | null;
  found: boolean;
  /** What was found: `property` (a property broke) or `exception` (the model threw); null when nothing was. */
  kind: 'property' | 'exception' | null;
  property: string | null;
  message: string | null;
  runs: number;
  seed: number;
  huntSeed: number;
  path: string | null;
  events: number | null;
  eventsBeforeShrink: number | null;
  /** Events of the search's runs and fast-check's shrinking (not the minimizer's passes after it: see docs/cli.md). */
  eventsSimulated: number;
  /** Wall time of this target's hunt, shrinking included (with a time limit, at most about `timeLimitMs`). */
  ms: number;
  /** The time budget this target had, or null for a run budget. */
  timeLimitMs: number | null;
  msToFind: number | null;
  shrinkMs: number | null;
  /** True when the time limit or an interrupt stopped shrinking early: the counterexample is only partly shrunk. */
  shrinkStoppedEarly: boolean | null;
  /** True when the hunt was interrupted (Ctrl-C) before its budget ran out. */
  interrupted: boolean;
  /**
   * An interrupted parallel hunt's word on a finding it did not keep: a later chunk had already
   * shrunk one of its own (`HuntResult.finishedAbove`), its chunk, events and property; else null.
   */
  finishedAbove: { chunk: number; events: number; property: string } | null;
  /** A command that shows the counterexample again (the artifact's replay, or the hunt that finds it). */
  replay: string | null;
  /** Why "no violation" may mean little (e.g. settings under which no write is ever acknowledged), or null. */
  warning: string | null;
  /**
   * The settings given with `--set` that the protocol does not promise to survive (its
   * `settings.unpromised`), `KEY=VALUE` to why; empty when none. A correct model broken under one
   * shows what the setting allows, not a bug in the model, and `merge` must say so too.
   */
  unpromisedSettings: Record<string, string>;
  /**
   * The settings given with `--set`, each with the value the hunt ran with. A key given at its
   * default still counts: it is taken out of the setting swarm. Shards of one hunt must agree.
   */
  settings: Record<string, unknown>;
  /** The files given with `--from` (the guided search's first schedules), in order; shards of one hunt must agree. */
  from: string[];
  artifact: string | null;
  shard: string | null;
  swarm: boolean;
  /** Whether each run drew the protocol's swarm settings (the setting swarm). */
  settingSwarm: boolean;
  /** The settings the finding's run drew, where they differ from the hunt's (already in the artifact's config); null when none. */
  drawnSettings: Record<string, unknown> | null;
  strategy: string;
  /** Per "sometimes" goal, the runs that reached it. */
  coverage: Record<string, number>;
}

/**
 * Whether finding nothing means the known bug was missed: a bug variant whose property was
 * checked (a hunt with `--property` that leaves it out was asking something else).
 */
export function knownBugChecked(line: Pick<HuntJsonLine, 'expected' | 'checkedProperties'>): boolean {
  return line.expected !== null && (line.checkedProperties === null || line.checkedProperties.includes(line.expected));
}

/** A JSON line's `checkedProperties` (hunt's and explore's): the setup's `--property` names, or null for all. */
export function checkedPropertiesOf(setup: { readonly properties?: readonly string[] }): string[] | null {
  return setup.properties === undefined ? null : [...setup.properties];
}

export function huntJsonLine(
  result: HuntResult,
  huntSeed: number,
  artifact: string | null,
  shard: string | null,
  extra: {
    readonly timeLimitMs?: number | null;
    readonly replay?: string | null;
    readonly warning?: string | null;
    readonly unpromisedSettings?: Readonly<Record<string, string>>;
    readonly settings?: Readonly<Record<string, unknown>>;
    readonly from?: readonly string[];
  } = {},
): HuntJsonLine {
  const { setup, finding } = result;
  const expected = setup.protocol.variants.find((variant: { name: string }) => variant.name === setup.variant)?.expectedViolation ?? null;
  return {
    protocol: setup.protocol.name,
    variant: setup.variant,
    expected,
    checkedProperties: checkedPropertiesOf(setup),
    found: finding !== null,
    kind: finding?.violation.kind ?? null,
    property: finding?.violation.property ?? null,
    message: finding?.violation.message ?? null,
    runs: result.runs,
    seed: finding?.seed ?? huntSeed,
    huntSeed,
    path: finding?.path ?? null,
    events: finding?.schedule.events.length ?? null,
    eventsBeforeShrink: finding?.eventsBeforeShrink ?? null,
    eventsSimulated: result.events,
    ms: Math.round(result.ms),
    timeLimitMs: extra.timeLimitMs ?? null,
    msToFind: finding ? Math.round(finding.msToFind) : null,
    shrinkMs: finding ? Math.round(finding.shrinkMs) : null,
    shrinkStoppedEarly: finding ? finding.shrinkStoppedEarly : null,
    interrupted: result.interrupted,
    finishedAbove: result.finishedAbove ? { ...result.finishedAbove } : null,
    replay: extra.replay ?? null,
    warning: extra.warning ?? null,
    unpromisedSettings: { ...extra.unpromisedSettings },
    settings: { ...extra.settings },
    from: [...(extra.from ?? [])],
    artifact,
    shard,
    swarm: setup.profile.swarm,
    settingSwarm: Object.keys(setup.settingSwarm ?? {}).length > 0,
    drawnSettings: finding?.schedule.settings ? { ...finding.schedule.settings } : null,
    strategy: strategyOf(setup.profile),
    coverage: { ...result.coverage },
  };
}

/**
 * A target the hunt never ran: its share of the time budget was spent before a first run
 * finished. "Nothing found" there means nothing was checked, so it is neither "survived" nor
 * "missed", and the command's answer is unknown (exit 3).
 */
export function notHunted(line: Pick<HuntJsonLine, 'runs' | 'found' | 'interrupted'>): boolean {
  return line.runs === 0 && !line.found && !line.interrupted;
}

/**
 * The `warning` of a hunt whose settings left its properties nothing to check: in `runs` runs not
 * one reached the protocol's first "sometimes" goal. Written here, beside `vacuityWarningOver`,
 * which reads it back: the two must agree on the wording.
 */
export function vacuityWarningText(runs: number, goal: { readonly name: string; readonly description: string }): string {
  return `warning: in ${runs} runs, not one reached "${goal.name}" (${goal.description}): with these settings the properties had nothing to check, so "no violation" means nothing was tested; check the settings (${faultlineCommand} list)`;
}

/** A `vacuityWarningText` warning's goal, and the same warning told of `runs` runs (merge's: every shard's). */
/** How a result line's warning names a model fault (it mutates its input, is not deterministic, a step never returned). */
export const modelFaultPrefix = 'model fault: ';

export function vacuityWarningOver(warning: string, runs: number): { readonly goal: string | null; readonly text: string } {
  return {
    goal: /not one reached "([^"]+)"/.exec(warning)?.[1] ?? null,
    text: warning.replace(/^warning: in \d+ runs/, `warning: in ${runs} runs`),
  };
}
