/** The Markdown transcript, HTML picture and client history written next to an artifact. */
import { propertiesOf, type RunResult } from '../core/simulator.ts';
import { historyToJsonLines } from '../core/history.ts';
import type { AnyProtocol } from '../core/types.ts';
import { replaySchedule } from '../hunt/hunt.ts';
import type { Artifact } from '../study/artifact.ts';
import { studyHtml, studyMarkdown, type StudyInput } from '../study/render.ts';

/** What the study pages of an artifact read: its run, where it lives, and the module its protocol came from (for the replay command they show). */
export function studyInputOf(
  protocol: AnyProtocol,
  artifact: Artifact,
  result: RunResult,
  artifactFile: string,
  protocolModule: string | undefined,
): StudyInput {
  return { protocol, artifact, result, artifactFile, ...(protocolModule === undefined ? {} : { protocolModule }) };
}

/**
 * The Markdown transcript, HTML picture and client history next to an artifact, each file with its
 * text; `html: false` leaves the picture out (the regression corpus keeps only what renders on GitHub).
 */
export function studyFiles(
  artifactPath: string,
  artifact: Artifact,
  protocol: AnyProtocol,
  options: { html?: boolean; protocolModule?: string | undefined } = {},
): { file: string; text: string }[] {
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config, ...propertiesOf(artifact) }, artifact.schedule);
  const input = studyInputOf(protocol, artifact, result, artifactPath, options.protocolModule);
  const base = artifactPath.replace(/\.json$/, '');
  return [
    { file: `${base}.md`, text: studyMarkdown(input) },
    ...(options.html === false ? [] : [{ file: `${base}.html`, text: studyHtml(input) }]),
    // The client history, for `faultline check-history --model M FILE.history.jsonl`.
    { file: `${base}.history.jsonl`, text: `${historyToJsonLines(result.world.history)}\n` },
  ];
}
