/** Writes the Markdown transcript and HTML picture next to an artifact. */
import { writeFileSync } from 'node:fs';
import { replaySchedule } from '../hunt/hunt.ts';
import { findProtocol } from '../protocols/registry.ts';
import type { Artifact } from '../study/artifact.ts';
import { studyHtml, studyMarkdown } from '../study/render.ts';

export function writeStudyFiles(artifactPath: string, artifact: Artifact): { markdown: string; html: string } | null {
  const protocol = findProtocol(artifact.protocol);
  if (!protocol) return null;
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
  const input = { protocol, artifact, result, artifactFile: artifactPath };
  const markdown = artifactPath.replace(/\.json$/, '') + '.md';
  const html = artifactPath.replace(/\.json$/, '') + '.html';
  writeFileSync(markdown, studyMarkdown(input));
  writeFileSync(html, studyHtml(input));
  return { markdown, html };
}
