/**
 * Rendering a counterexample for study: terminal transcript, Markdown (with a Mermaid sequence
 * diagram) and a self-contained HTML space-time diagram. Pure: returns strings.
 */
import type { RunResult } from '../core/simulator.ts';
import type { AnyProtocol } from '../core/types.ts';
import { describeViolation, transcriptLines } from '../hunt/report.ts';
import type { Artifact } from './artifact.ts';

export interface StudyInput {
  readonly protocol: AnyProtocol;
  readonly artifact: Artifact;
  /** The replay of the artifact's schedule with the trace recorded. */
  readonly result: RunResult;
}

export function studyTranscript(input: StudyInput): string[] {
  const lines = transcriptLines(input.result.trace ?? [], { onlyApplied: true });
  const violation = input.result.violation;
  lines.push(violation ? `VIOLATION: ${describeViolation(violation)}` : 'no violation');
  return lines;
}

export function studyMarkdown(input: StudyInput): string {
  return [`# ${input.artifact.protocol} / ${input.artifact.variant}`, '', '```', ...studyTranscript(input), '```', ''].join('\n');
}

export function studyHtml(input: StudyInput): string {
  const escaped = studyTranscript(input).join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>faultline</title></head><body><pre>${escaped}</pre></body></html>\n`;
}
