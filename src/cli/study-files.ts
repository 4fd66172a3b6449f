/** Writes the Markdown transcript, HTML picture and client history next to an artifact. */
import { propertiesOf } from '../core/simulator.ts';
import { historyToJsonLines } from '../core/history.ts';
import type { AnyProtocol } from '../core/types.ts';
import { replaySchedule } from '../hunt/hunt.ts';
import type { Artifact } from '../study/artifact.ts';
import { studyHtml, studyMarkdown } from '../study/render.ts';
import { writeTextFile } from './shared.ts';

/** `html: false` leaves the picture out (the regression corpus keeps only what renders on GitHub). */
export function writeStudyFiles(
  artifactPath: string,
  artifact: Artifact,
  protocol: AnyProtocol,
  options: { html?: boolean } = {},
): { markdown: string; html: string | null; history: string } {
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
  const input = { protocol, artifact, result, artifactFile: artifactPath };
  const base = artifactPath.replace(/\.json$/, '');
  const markdown = `${base}.md`;
  const html = `${base}.html`;
  writeTextFile(markdown, studyMarkdown(input));
  if (options.html !== false) writeTextFile(html, studyHtml(input));
  // The client history, for `faultline check-history --model M FILE.history.jsonl`.
  const history = `${base}.history.jsonl`;
  writeTextFile(history, `${historyToJsonLines(result.world.history)}\n`);
  return { markdown, html: options.html === false ? null : html, history };
}
