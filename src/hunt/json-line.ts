/** The result line of `hunt --json`: the contract other tools (merge, CI matrices) rely on. */
import type { HuntResult } from './hunt.ts';

/** One line of `hunt --json`: the contract other tools rely on. */
export interface HuntJsonLine {
  protocol: string;
  variant: string;
  expected: string | null;
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
  eventsSimulated: number;
  ms: number;
  msToFind: number | null;
  shrinkMs: number | null;
  artifact: string | null;
  shard: string | null;
  swarm: boolean;
  strategy: string;
  /** Per "sometimes" goal, the runs that reached it. */
  coverage: Record<string, number>;
}

export function huntJsonLine(
  result: HuntResult,
  huntSeed: number,
  artifact: string | null,
  shard: string | null,
): HuntJsonLine {
  const { setup, finding } = result;
  const expected = setup.protocol.variants.find((variant: { name: string }) => variant.name === setup.variant)?.expectedViolation ?? null;
  return {
    protocol: setup.protocol.name,
    variant: setup.variant,
    expected,
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
    msToFind: finding ? Math.round(finding.msToFind) : null,
    shrinkMs: finding ? Math.round(finding.shrinkMs) : null,
    artifact,
    shard,
    swarm: setup.profile.swarm,
    strategy: setup.profile.strategy ?? 'random',
    coverage: { ...result.coverage },
  };
}

