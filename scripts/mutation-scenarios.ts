/**
 * Writes the schedule of every hand-written mutation scenario (properties/mutation/scenarios/*.scenario)
 * as a JSON artifact next to it (NAME.json), resolved on the unmutated model: the mutation hunts'
 * replay setups replay the JSON (hunts.ts), whose message positions are taken modulo what is in
 * flight as in any generated schedule, so a mutant that changes what is in flight still meets the
 * whole story (a scenario's named messages would no longer match). Run it after editing a
 * scenario: `node bin/run-ts.mjs scripts/mutation-scenarios.ts`, then
 * `npx biome format --write properties/mutation/scenarios`; the replay tests fail while a JSON is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findProtocol, protocols } from '../src/protocols/registry.ts';
import type { Artifact } from '../src/study/artifact.ts';
import { formatScenarioError, parseScenario, scenarioArtifact } from '../src/study/scenario.ts';

export const mutationScenarioFolder = 'properties/mutation/scenarios';

/** Each scenario's file and its schedule resolved on the unmutated models, as an artifact. */
export function mutationScenarioArtifacts(root: string): { readonly scenarioFile: string; readonly jsonFile: string; readonly artifact: Artifact }[] {
  const folder = join(root, mutationScenarioFolder);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.scenario'))
    .sort()
    .map((name) => {
      const scenarioFile = join(mutationScenarioFolder, name);
      const parsed = parseScenario(
        scenarioFile,
        readFileSync(join(root, scenarioFile), 'utf8'),
        findProtocol,
        protocols.map((protocol) => protocol.name),
      );
      if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
      return { scenarioFile, jsonFile: scenarioFile.replace(/\.scenario$/, '.json'), artifact: scenarioArtifact(parsed.value) };
    });
}

if (import.meta.url === `file://${resolve(process.argv[1] ?? '')}`) {
  const root = resolve(import.meta.dirname, '..');
  for (const { jsonFile, artifact } of mutationScenarioArtifacts(root)) {
    writeFileSync(join(root, jsonFile), `${JSON.stringify(artifact, null, 2)}\n`);
    process.stdout.write(`wrote ${jsonFile}\n`);
  }
}
