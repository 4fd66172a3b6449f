/**
 * How a replay compares with what an artifact recorded (the violation, the trace hash), in the
 * words `faultline replay` prints. Pure and free of Node modules, so the studio's page (a browser
 * bundle) tells a loaded artifact's mismatch as the CLI does.
 */
import type { Violation } from '../core/types.ts';
import { describeViolation } from '../hunt/report.ts';
import { type Artifact, sameStep, sameViolation } from './artifact.ts';

/**
 * What differs between a recorded violation and a replay's, in the terms `sameViolation` compares
 * (kind, property, step): `step: recorded 0, replayed 5`. Two descriptions of the violations can
 * read the same (a violation at the end names no step).
 */
export function violationDifference(recorded: Violation | null, reproduced: Violation | null): string {
  if (recorded === null) return reproduced === null ? 'nothing differs' : 'the artifact records no violation';
  if (reproduced === null) return `the replay breaks nothing; recorded: ${describeViolation(recorded)}`;
  const differences = [
    ...(recorded.kind === reproduced.kind ? [] : [`kind: recorded ${recorded.kind}, replayed ${reproduced.kind}`]),
    ...(recorded.property === reproduced.property ? [] : [`property: recorded "${recorded.property}", replayed "${reproduced.property}"`]),
    ...(sameStep(recorded, reproduced) ? [] : [`step: recorded ${recorded.step}, replayed ${reproduced.step}`]),
  ];
  return differences.length === 0 ? 'nothing differs' : differences.join('; ');
}

/**
 * What `faultline replay` warns about when its run of an artifact is not the one recorded: the
 * trace hash differs (printed before the verdict), the violation differs (kind, property or step),
 * or the same violation reads otherwise (after it). Null where the run is the recorded one.
 */
export function recordedMismatch(
  artifact: Artifact,
  violation: Violation | null,
  hash: string,
  options: { readonly notDeterministic?: boolean } = {},
): { readonly traceHash: string | null; readonly violation: string | null } {
  // A model seen not to be deterministic (two replays differed, or the hunt's note says so) is the first suspect.
  const suspect = options.notDeterministic === true || artifact.note !== undefined;
  const traceHash =
    hash === artifact.traceHash
      ? null
      : `trace hash differs from the artifact's (${hash} vs ${artifact.traceHash}): this run is not the one recorded when the artifact was written; ${suspect ? 'the model is not deterministic (below), or it changed since, or the artifact was edited (its schedule, config or hash)' : 'the model changed since, or the artifact was edited (its schedule, config or hash)'}`;
  if (!sameViolation(artifact.violation, violation)) {
    const recorded = artifact.violation ? describeViolation(artifact.violation) : 'no violation';
    // The recorded violation is on this line already: say only that the replay broke nothing.
    const difference = violation === null ? 'the replay breaks nothing' : violationDifference(artifact.violation, violation);
    return { traceHash, violation: `this differs from what the artifact recorded: ${recorded} (${difference})` };
  }
  if (artifact.violation !== null && artifact.violation.message !== violation?.message) {
    return { traceHash, violation: `the same violation, worded otherwise when the artifact was written: "${artifact.violation.message}"` };
  }
  return { traceHash, violation: null };
}

/** `recordedMismatch`'s warnings as lines, in the order `faultline replay` prints them; empty when the run is the recorded one. */
export function recordedMismatchLines(artifact: Artifact, violation: Violation | null, hash: string): string[] {
  const { traceHash, violation: differs } = recordedMismatch(artifact, violation, hash);
  return [traceHash, differs].filter((line): line is string => line !== null);
}
