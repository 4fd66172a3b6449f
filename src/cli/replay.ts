import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { replaySchedule, resolveSetup } from '../hunt/hunt.ts';
import { describeViolation } from '../hunt/report.ts';
import { findProtocol, protocols } from '../protocols/registry.ts';
import { artifactFormatVersion, traceHash, type Artifact } from '../study/artifact.ts';
import { studyHtml, studyMarkdown, studyTranscript } from '../study/render.ts';
import { formatScenario, formatScenarioError, parseScenario, type Scenario } from '../study/scenario.ts';
import { readArtifactFile } from './artifacts.ts';
import { exitCodes, print, printJson, UsageError } from './shared.ts';

interface ReplayOptions {
  json?: boolean;
  html?: string;
  markdown?: string;
  scenario?: string;
  quiet?: boolean;
  full?: boolean;
}

/** Loads an artifact (JSON) or a scripted scenario (text) as an artifact to replay. */
export function loadReplayable(file: string): { artifact: Artifact; scenario: Scenario | null } {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) return { artifact: readArtifactFile(file), scenario: null };
  const parsed = parseScenario(file, text, findProtocol, protocols.map((protocol) => protocol.name));
  if (!parsed.ok) throw new UsageError(formatScenarioError(parsed.error));
  const scenario = parsed.value;
  const protocol = findProtocol(scenario.protocol);
  if (!protocol) throw new UsageError(`${file}: unknown protocol ${scenario.protocol}`);
  const setup = resolveSetup(protocol, scenario.variant, scenario.settings);
  if ('error' in setup) throw new UsageError(`${file}: ${setup.error}`);
  return {
    artifact: {
      faultline: artifactFormatVersion,
      protocol: protocol.name,
      variant: scenario.variant,
      config: setup.config,
      schedule: { randomSeed: scenario.randomSeed, events: scenario.events },
      seed: null,
      path: null,
      violation: null,
      traceHash: '',
      eventsBeforeShrink: null,
    },
    scenario,
  };
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run a saved counterexample (JSON artifact) or a scripted scenario and print its transcript')
    .argument('<file>', 'artifact written by "faultline hunt", or a .scenario text file')
    .option('--html <file>', 'write the space-time diagram page')
    .option('--markdown <file>', 'write the transcript and Mermaid sequence diagram')
    .option('--scenario <file>', 'write the schedule as a scenario text file, to edit and replay')
    .option('--quiet', 'print only the verdict')
    .option('--full', 'show every step, not only the causal slice the violation depends on')
    .option('--json', 'print one JSON object as the last line')
    .action((file: string, options: ReplayOptions) => {
      const { artifact, scenario } = loadReplayable(file);
      const protocol = findProtocol(artifact.protocol);
      if (!protocol) throw new UsageError(`${file}: unknown protocol "${artifact.protocol}"`);
      if (!protocol.variants.some((variant) => variant.name === artifact.variant)) {
        throw new UsageError(`${file}: protocol ${protocol.name} has no variant "${artifact.variant}"`);
      }
      const invalid = protocol.validateConfig(artifact.config);
      if (invalid !== null) throw new UsageError(`${file}: invalid config: ${invalid}`);
      const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      const hash = traceHash(result.trace ?? []);
      const hashMatches = scenario ? null : hash === artifact.traceHash;
      const input = { protocol, artifact, result, artifactFile: file };
      const violation = result.violation;
      if (options.html) writeFileSync(options.html, studyHtml(input, { full: options.full === true }));
      if (options.markdown) writeFileSync(options.markdown, studyMarkdown(input, { full: options.full === true }));
      if (options.scenario) {
        const base = resolveSetup(protocol, artifact.variant);
        const defaults = 'error' in base ? {} : (base.config as Record<string, unknown>);
        const settings: Record<string, string | number | boolean> = {};
        for (const [key, value] of Object.entries(artifact.config as Record<string, unknown>)) {
          if (JSON.stringify(defaults[key]) !== JSON.stringify(value) && ['string', 'number', 'boolean'].includes(typeof value)) {
            settings[key] = value as string | number | boolean;
          }
        }
        writeFileSync(
          options.scenario,
          formatScenario({
            protocol,
            variant: artifact.variant,
            randomSeed: artifact.schedule.randomSeed,
            events: artifact.schedule.events,
            config: artifact.config,
            settings,
            expectation: violation ? { kind: 'violation', property: violation.property } : { kind: 'no-violation' },
            comment: `written by: faultline replay ${file} --scenario ${options.scenario}`,
          }),
        );
      }
      const expectation = scenario?.expectation ?? null;
      const expectationMet =
        expectation === null
          ? null
          : expectation.kind === 'no-violation'
            ? violation === null
            : violation !== null && (expectation.property === null || expectation.property === violation.property);
      if (!options.json && !options.quiet) {
        for (const line of studyTranscript(input, { full: options.full === true, ...(process.stdout.isTTY ? { style: pc } : {}) })) print(line);
        print();
      }
      if (!options.json) {
        if (hashMatches === false) {
          print(pc.yellow(`trace hash differs from the artifact's (${hash} vs ${artifact.traceHash}): the model changed since this counterexample was saved`));
        }
        print(violation ? pc.red(`reproduced: ${describeViolation(violation)}`) : pc.green('no violation'));
        if (expectationMet !== null) print(expectationMet ? pc.green('expectation met') : pc.red('expectation NOT met'));
      } else {
        printJson({
          protocol: protocol.name,
          variant: artifact.variant,
          reproduced: violation !== null,
          property: violation?.property ?? null,
          message: violation?.message ?? null,
          step: violation?.step ?? null,
          events: artifact.schedule.events.length,
          traceHash: hash,
          traceHashMatches: hashMatches,
          expectationMet,
        });
      }
      // A scenario whose expect line does not hold fails even when nothing was violated.
      process.exitCode = violation || expectationMet === false ? exitCodes.found : exitCodes.ok;
    });
}
