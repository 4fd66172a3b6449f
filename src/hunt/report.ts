/** Readable text for schedules and violations (transcripts of runs are the study views': src/study/transcript.ts). */
import { formatEvent, type Schedule } from '../core/events.ts';
import { thrownBuildingInitialState } from '../core/simulator.ts';
import type { AnyProtocol, Violation } from '../core/types.ts';

export function scheduleLines(protocol: AnyProtocol, schedule: Schedule): string[] {
  return schedule.events.map(
    (event, index) => `${String(index).padStart(3)}  ${formatEvent(event, (operation) => protocol.describeOperation(operation))}`,
  );
}

export function describeViolation(violation: Violation): string {
  const where =
    violation.phase === 'end' ? 'at the end of the run (after the liveness phase)' : `after step ${violation.step} (${violation.phase} phase)`;
  if (violation.kind === 'exception') {
    if (thrownBuildingInitialState(violation)) return `exception while building the initial state (before the first step): ${violation.message}`;
    return `exception ${where}: ${violation.message}`;
  }
  if (violation.category === 'liveness') {
    return `liveness property "${violation.property}" failed: the cluster did not recover within the bounded liveness phase after healing: ${violation.message}`;
  }
  return `safety property "${violation.property}" broken ${where}: ${violation.message}`;
}
