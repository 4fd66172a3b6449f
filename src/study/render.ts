/**
 * Rendering a counterexample for study: terminal transcript, Markdown (with a Mermaid sequence
 * diagram) and a self-contained HTML space-time diagram. Pure: returns strings; colours come in
 * as functions. Works for every protocol: it reads only the trace, the history and
 * `summarizeState`/`describe*` (see `model.ts`).
 */
import { othersNotChecked } from './artifact.ts';
import { describeViolation } from '../hunt/report.ts';
import { explainViolation } from './explain.ts';
import { htmlPage } from './html.ts';
import { mermaidDiagram, type MermaidOptions } from './mermaid.ts';
import { buildStudyModel, type StudyInput } from './model.ts';
import { runCounts, scheduleText, transcriptText, verdictText, type TranscriptOptions } from './transcript.ts';
import { faultlineCommand, replayCommandLine } from '../core/command-name.ts';

export type { StudyInput } from './model.ts';
export type { StudyStyle, TranscriptOptions } from './transcript.ts';
export { buildStudyModel } from './model.ts';
export { mermaidDiagram } from './mermaid.ts';
export { explainViolation } from './explain.ts';
export { causalSlice, type CausalSlice } from './slice.ts';

/**
 * The command that replays the artifact, as shown in the Markdown and HTML. Without
 * `artifactFile`, a hunted artifact is assumed where `faultline hunt` writes it by default.
 */
export function replayCommand(input: StudyInput): string {
  // Without the file's name (the CLI always knows it), say what to pass rather than guess a name.
  if (input.artifactFile === undefined) return `${faultlineCommand} replay <artifact.json>`;
  return replayCommandLine(input.artifactFile, input.protocolModule);
}

/**
 * The transcript for the terminal: one line per step, only what changed, no-ops hidden (and
 * counted), quiet liveness steps collapsed, the violation explained at the end. Pass
 * `{ style: pc }` (picocolors) for colour.
 */
export function studyTranscript(input: StudyInput, options: TranscriptOptions = {}): string[] {
  return transcriptText(buildStudyModel(input), options);
}

/** The Markdown file stays readable (and GitHub renders it) however long the run. */
export const markdownTranscriptLinesMax = 2000;

/** A fence longer than any run of backticks in the text, so protocol text cannot close it. */
function fence(lines: readonly string[]): string {
  let longest = 2;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(longest + 1);
}

function markdownInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (character) => `\\${character}`);
}

/** The Markdown study file: header, replay command, schedule, transcript, Mermaid diagram, explanation. */
export function studyMarkdown(input: StudyInput, options: { mermaid?: MermaidOptions; full?: boolean } = {}): string {
  const full = options.full ?? false;
  const model = buildStudyModel(input);
  const { artifact, protocol } = input;
  const violation = model.violation;
  const explanation = explainViolation(model);
  const variant = protocol.variants.find((known) => known.name === artifact.variant);
  const counts = runCounts(model);
  const lines: string[] = [
    `# ${markdownInline(artifact.protocol)} / ${markdownInline(artifact.variant)}${violation ? `: \`${violation.property}\` broken` : ': no violation'}`,
    '',
  ];
  if (violation && explanation) {
    lines.push(`> **${markdownInline(violation.property)}**${explanation.description ? ` — ${markdownInline(explanation.description)}` : ''}`);
    lines.push('>');
    lines.push(`> ${markdownInline(violation.message)}`);
    lines.push('>');
    lines.push(`> Broken ${markdownInline(explanation.where)}.`);
    lines.push('');
  }
  lines.push('| | |', '|---|---|');
  const row = (term: string, value: string): void => {
    lines.push(`| ${term} | ${value.replace(/\|/g, '\\|')} |`);
  };
  row('protocol', `${markdownInline(protocol.name)} — ${markdownInline(protocol.description)}`);
  row('variant', `${markdownInline(artifact.variant)}${variant ? ` — ${markdownInline(variant.description)}` : ''}`);
  row(
    'property broken',
    violation
      ? `\`${violation.property}\` (${violation.phase === 'end' ? 'at the end of the run' : `after step ${violation.step}, ${violation.phase} phase`})`
      : 'none',
  );
  row('config', `\`${JSON.stringify(artifact.config)}\``);
  if (artifact.properties !== undefined) {
    row('checked only', `${artifact.properties.map((name) => `\`${markdownInline(name)}\``).join(', ')} (${othersNotChecked})`);
  }
  row(
    'schedule',
    `${artifact.schedule.events.length} events${artifact.eventsBeforeShrink !== null ? ` (shrunk from ${artifact.eventsBeforeShrink})` : ''}, random seed ${artifact.schedule.randomSeed}; ${counts.liveness} liveness steps`,
  );
  if (artifact.seed !== null) row('fast-check', `seed ${artifact.seed}${artifact.path !== null ? `, path \`${artifact.path}\`` : ''}`);
  if (artifact.traceHash) row('trace hash', `\`${artifact.traceHash}\``);
  lines.push('', 'Replay it (re-runs the schedule, checks the trace hash, prints this transcript):', '', '```sh', replayCommand(input), '```', '');

  // Bounded like the transcript below: a hand-written artifact may hold any number of events, and
  // spreading 200,000 lines into one call overflowed the stack.
  const scheduleLines = scheduleText(model);
  const schedule = [
    ...scheduleLines.slice(0, markdownTranscriptLinesMax),
    ...(scheduleLines.length > markdownTranscriptLinesMax
      ? [`… ${scheduleLines.length - markdownTranscriptLinesMax} more events: the artifact holds them all`]
      : []),
  ];
  lines.push('## Schedule', '', fence(schedule) + 'text', ...schedule, fence(schedule), '');

  const steps = transcriptText(model, { withoutExplanation: true, full });
  const transcript = [
    ...steps.slice(0, markdownTranscriptLinesMax),
    ...(steps.length > markdownTranscriptLinesMax
      ? [`… ${steps.length - markdownTranscriptLinesMax} more lines: the replay command above prints them all`]
      : []),
    '',
    ...verdictText(model),
  ];
  lines.push(
    '## Transcript',
    '',
    full || !violation
      ? 'One line per step (`L`: liveness phase), then what followed: messages sent or lost, replies, and only the state fields that changed.'
      : `The causal slice: only the steps the violation depends on (walking back from it: a delivery depends on its send, a step on the node's earlier steps, a reply on its request), each with why it is kept; the other steps are folded into counts. \`L\`: liveness phase. \`${faultlineCommand} replay --full\` shows every step.`,
    '',
    fence(transcript) + 'text',
    ...transcript,
    fence(transcript),
    '',
  );

  lines.push('## Sequence diagram', '', '```mermaid', mermaidDiagram(model, { full, ...options.mermaid }), '```', '');
  lines.push(violation ? `_${markdownInline(describeViolation(violation))}_` : '_No property was broken._', '');
  return lines.join('\n');
}

/** The self-contained HTML page with the space-time diagram (the causal slice first unless `full`; the page switches). */
export function studyHtml(input: StudyInput, options: { full?: boolean } = {}): string {
  return htmlPage(buildStudyModel(input), { replayCommand: replayCommand(input), full: options.full ?? false });
}
