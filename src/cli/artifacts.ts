/** Writing and reading counterexample artifacts on disk (the CLI layer may touch files). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Schedule } from '../core/events.ts';
import type { Violation } from '../core/types.ts';
import { replaySchedule, type HuntSetup } from '../hunt/hunt.ts';
import { artifactFormatVersion, ArtifactError, parseArtifact, traceHash, type Artifact } from '../study/artifact.ts';
import { UsageError } from './shared.ts';

export const defaultArtifactDirectory = '.faultline';

export function buildArtifact(
  setup: Pick<HuntSetup, 'protocol' | 'variant' | 'config'>,
  schedule: Schedule,
  extra: { seed: number | null; path: string | null; eventsBeforeShrink: number | null },
): { artifact: Artifact; violation: Violation | null } {
  const result = replaySchedule(setup, schedule);
  const artifact: Artifact = {
    faultline: artifactFormatVersion,
    protocol: setup.protocol.name,
    variant: setup.variant,
    config: setup.config,
    schedule,
    seed: extra.seed,
    path: extra.path,
    violation: result.violation,
    traceHash: traceHash(result.trace ?? []),
    eventsBeforeShrink: extra.eventsBeforeShrink,
  };
  return { artifact, violation: result.violation };
}

export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function artifactFileName(directory: string, artifact: Artifact, seed: number): string {
  return join(directory, `${artifact.protocol}-${artifact.variant}-${seed}.json`);
}

export function readArtifactFile(file: string): Artifact {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return parseArtifact(file, text);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
}
