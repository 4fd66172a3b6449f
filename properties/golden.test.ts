/**
 * Golden transcripts, as etcd-raft's data-driven tests keep them: every scenario in scenarios/ and
 * every saved counterexample in counterexamples/ is replayed and its whole transcript (what `faultline
 * replay --full` prints, without colour) compared with a checked-in file in golden/. A change to a model,
 * the simulator or the renderer shows up in review as a diff of each story, not only as a changed
 * trace hash. `npm run golden` rewrites them all; read the diff before committing it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../src/core/types.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import { parseArtifact, type Artifact } from '../src/study/artifact.ts';
import { studyTranscript } from '../src/study/render.ts';
import { formatScenarioError, parseScenario, scenarioArtifact } from '../src/study/scenario.ts';

const root = resolve(import.meta.dirname, '..');
const goldenRoot = join(root, 'golden');
const names = protocols.map((protocol) => protocol.name);

const scenarioFiles = readdirSync(join(root, 'scenarios'))
  .filter((file) => file.endsWith('.scenario'))
  .sort();
const counterexampleFiles = readdirSync(join(root, 'counterexamples'))
  .sort()
  .flatMap((protocol) =>
    readdirSync(join(root, 'counterexamples', protocol))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => `${protocol}/${file}`),
  );

/** Where the golden transcript of each input lives, relative to golden/. */
const goldenOfScenario = (file: string): string => `scenarios/${file.replace(/\.scenario$/, '')}.txt`;
const goldenOfCounterexample = (file: string): string => `counterexamples/${file.replace(/\.json$/, '')}.txt`;

function protocolOrThrow(name: string): AnyProtocol {
  const protocol = findProtocol(name);
  if (!protocol) throw new Error(`unknown protocol ${name}`);
  return protocol;
}

/**
 * The transcript `faultline replay --full` prints, without colour, ending in a newline: every step
 * of the story, not only the causal slice (a change to a step the slice folds away still shows).
 */
function transcript(artifact: Artifact): string {
  const protocol = protocolOrThrow(artifact.protocol);
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
  return `${studyTranscript({ protocol, artifact, result }, { full: true }).join('\n')}\n`;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(goldenRoot, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe('golden transcripts', () => {
  for (const file of scenarioFiles) {
    it(`scenarios/${file}`, async () => {
      const parsed = parseScenario(file, readFileSync(join(root, 'scenarios', file), 'utf8'), findProtocol, names);
      if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
      await expect(transcript(scenarioArtifact(parsed.value))).toMatchFileSnapshot(join(goldenRoot, goldenOfScenario(file)));
    });
  }

  for (const file of counterexampleFiles) {
    it(`counterexamples/${file}`, async () => {
      const artifact = parseArtifact(file, readFileSync(join(root, 'counterexamples', file), 'utf8'));
      await expect(transcript(artifact)).toMatchFileSnapshot(join(goldenRoot, goldenOfCounterexample(file)));
    });
  }

  it('every golden file belongs to a scenario or a saved counterexample (delete the others)', () => {
    const expected = new Set([...scenarioFiles.map(goldenOfScenario), ...counterexampleFiles.map(goldenOfCounterexample)]);
    expect(filesUnder(goldenRoot).filter((file) => !expected.has(file))).toEqual([]);
  });
});
