/** Readable text for schedules, violations and traces (terminal and Markdown). */
import { formatEvent, type Schedule } from '../core/events.ts';
import type { TraceStep } from '../core/simulator.ts';
import type { AnyProtocol, Violation } from '../core/types.ts';

export function scheduleLines(protocol: AnyProtocol, schedule: Schedule): string[] {
  return schedule.events.map(
    (event, index) => `${String(index).padStart(3)}  ${formatEvent(event, (operation) => protocol.describeOperation(operation))}`,
  );
}

export function describeViolation(violation: Violation): string {
  const where =
    violation.phase === 'end' ? 'at the end of the run (after the liveness phase)' : `after step ${violation.step} (${violation.phase} phase)`;
  if (violation.kind === 'exception') return `exception ${where}: ${violation.message}`;
  if (violation.category === 'liveness') {
    return `liveness property "${violation.property}" failed: the cluster did not recover within the bounded liveness phase after healing: ${violation.message}`;
  }
  return `safety property "${violation.property}" broken ${where}: ${violation.message}`;
}

/** One line per step: who did what, then the state fields that changed. */
export function transcriptLines(trace: readonly TraceStep[], options: { onlyApplied?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const step of trace) {
    if (options.onlyApplied && !step.applied) continue;
    const head = `${String(step.index).padStart(3)} ${step.phase === 'liveness' ? 'L' : ' '} ${step.text}`;
    const details: string[] = [];
    if (!step.applied) details.push(`no-op: ${step.note ?? ''}`);
    if (step.delivered) details.push(`${step.delivered.from}->${step.delivered.to} ${step.delivered.text}`);
    if (step.applied && step.note) details.push(step.note);
    if (step.invoked)
      details.push(`client ${step.invoked.clientId} invokes #${step.invoked.operationId} ${step.invoked.text} at node ${step.invoked.node}`);
    lines.push(details.length > 0 ? `${head.padEnd(34)}  ${details.join('; ')}` : head);
    for (const sent of step.sent) lines.push(`        send ${sent.from}->${sent.to} ${sent.text}`);
    for (const dropped of step.dropped) lines.push(`        lost ${dropped.from}->${dropped.to} ${dropped.text}`);
    for (const completed of step.completed) lines.push(`        reply to client ${completed.clientId}: #${completed.operationId} ${completed.text}`);
    for (const change of step.changes) lines.push(`        node ${change.node} ${change.field}: ${change.before} -> ${change.after}`);
  }
  return lines;
}
