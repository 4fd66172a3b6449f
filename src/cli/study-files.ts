/** Writes the Markdown transcript and HTML picture next to an artifact. */
import { writeFileSync } from 'node:fs';
import { historyToJsonLines } from '../core/history.ts';
import { replaySchedule } from '../hunt/hunt.ts';
import { findProtocol } from '../protocols/registry.ts';
import type { Artifact } from '../study/artifact.ts';
import { studyHtml, studyMarkdown } from '../study/render.ts';

/** `html: false` leaves the picture out (the regression corpus keeps only what renders on GitHub). */
export function writeStudyFiles(
  artifactPath: string,
  artifact: Artifact,
  options: { html?: boolean } = {},
): { markdown: string; html: string | null; history: string } | null {
  const protocol = findProtocol(artifact.protocol);
  if (!protocol) return null;
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
  const input = { protocol, artifact, result, artifactFile: artifactPath };
  const markdown = artifactPath.replace(/\.json$/, '') + '.md';
  const html = artifactPath.replace(/\.json$/, '') + '.html';
  writeFileSync(markdown, studyMarkdown(input));
  if (options.html !== false) writeFileSync(html, studyHtml(input));
  // The client history, for `faultline check-history --model M FILE.history.jsonl`.
  const history = artifactPath.replace(/\.json$/, '') + '.history.jsonl';
  writeFileSync(history, `${historyToJsonLines(result.world.history)}\n`);
  return { markdown, html: options.html === false ? null : html, history };
}
