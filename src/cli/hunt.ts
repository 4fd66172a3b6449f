import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { huntStrategies, type AnyProtocol, type HuntStrategy, type ScheduleProfile } from '../core/types.ts';
import { resolveSetup, type HuntResult, type HuntSetup } from '../hunt/hunt.ts';
import { huntJsonLine, type HuntJsonLine } from '../hunt/json-line.ts';
import { runHunt } from '../hunt/parallel.ts';
import { describeViolation, scheduleLines } from '../hunt/report.ts';
import { protocols } from '../protocols/registry.ts';
import { artifactFileName, buildArtifact, defaultArtifactDirectory, writeJsonFile } from './artifacts.ts';
import { loadReplayable } from './replay.ts';
import { writeStudyFiles } from './study-files.ts';
import { collectSetting, exitCodes, parseInteger, print, printJson, protocolOrThrow, UsageError } from './shared.ts';

interface HuntCommandOptions {
  protocol?: string;
  variant?: string;
  runs?: number;
  timeLimitMs?: number;
  seed?: number;
  set?: Record<string, string>;
  json?: boolean;
  swarm: boolean;
  strategy?: string;
  from?: string[];
  workers?: number;
  shard?: string;
  out: string;
  artifacts: boolean;
}

export const defaultHuntTimeLimitMs = 60_000;

function collectFile(file: string, previous: string[]): string[] {
  return [...previous, file];
}
const runsWhenTimeBound = 10_000_000;

export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard expects K/N with 1 <= K <= N (e.g. 2/4), got "${text}"`);
  }
  return { index: index - 1, count };
}

function targetsFor(options: HuntCommandOptions): { protocol: AnyProtocol; variant: string }[] {
  if (options.protocol === undefined) {
    if (options.variant !== undefined) throw new UsageError('--variant needs --protocol');
    return protocols.flatMap((protocol) => protocol.variants.map((variant) => ({ protocol, variant: variant.name })));
  }
  const protocol = protocolOrThrow(options.protocol);
  if (options.variant === 'all') return protocol.variants.map((variant) => ({ protocol, variant: variant.name }));
  return [{ protocol, variant: options.variant ?? 'correct' }];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

export function registerHuntCommand(program: Command): void {
  program
    .command('hunt')
    .description('generate fault schedules, find a property violation and shrink it to a minimal counterexample')
    .option('--protocol <name>', 'protocol to hunt (default: every registered protocol and variant)')
    .option('--variant <name>', 'variant to hunt ("all" for every variant; default: correct)')
    .option('--runs <n>', 'generated schedules per variant', parseInteger('--runs', 1))
    .option('--time-limit-ms <ms>', `time budget for the whole hunt (default ${defaultHuntTimeLimitMs} ms unless --runs is given)`, parseInteger('--time-limit-ms', 1))
    .option('--seed <n>', 'seed of the hunt (default: random, printed)', parseInteger('--seed', 0))
    .option('--set <key=value>', 'override a protocol setting (repeatable)', collectSetting)
    .option('--no-swarm', 'use the profile weights as they are instead of swarm testing')
    .option('--strategy <name>', `how schedules are searched: ${huntStrategies.join(' or ')} (default: the variant's profile, random for most)`)
    .option('--from <file>', 'start the guided search from this scenario or artifact (repeatable; implies --strategy guided)', collectFile, [])
    .option('--workers <n>', 'worker threads (default: number of cores)', parseInteger('--workers', 1))
    .option('--shard <K/N>', 'hunt only shard K of N of the seed space (for CI matrices and indexed jobs)')
    .option('--out <dir>', 'folder for counterexample artifacts', defaultArtifactDirectory)
    .option('--no-artifacts', 'do not write artifact files')
    .option('--json', 'one JSON object per variant and a final summary line')
    .action(async (options: HuntCommandOptions) => {
      const targets = targetsFor(options);
      const strategy = options.strategy;
      if (strategy !== undefined && !huntStrategies.includes(strategy as HuntStrategy)) {
        throw new UsageError(`--strategy expects one of ${huntStrategies.join(', ')}, got "${strategy}"`);
      }
      const seeds = (options.from ?? []).map((file) => {
        const { artifact } = loadReplayable(file);
        if (targets.some((target) => target.protocol.name !== artifact.protocol)) {
          throw new UsageError(`${file}: a ${artifact.protocol} schedule cannot seed a hunt of ${targets.map((target) => target.protocol.name).join(', ')}`);
        }
        return artifact.schedule;
      });
      if (seeds.length > 0 && strategy === 'random') throw new UsageError('--from seeds the guided search; it cannot be used with --strategy random');
      const profileOverrides: Partial<ScheduleProfile> = {
        ...(options.swarm ? {} : { swarm: false }),
        ...(strategy !== undefined ? { strategy: strategy as HuntStrategy } : {}),
        ...(seeds.length > 0 ? { strategy: 'guided' as const } : {}),
      };
      const setups: HuntSetup[] = targets.map(({ protocol, variant }) => {
        const setup = resolveSetup(protocol, variant, options.set ?? {}, profileOverrides);
        if ('error' in setup) throw new UsageError(`${protocol.name}/${variant}: ${setup.error}`);
        return setup;
      });
      const huntSeed = options.seed ?? randomInt(0, 2 ** 31 - 1);
      const shard = options.shard === undefined ? null : parseShard(options.shard);
      const timeLimitTotal = options.timeLimitMs ?? (options.runs === undefined ? defaultHuntTimeLimitMs : undefined);
      const timeLimitPerTarget = timeLimitTotal === undefined ? undefined : Math.max(1, Math.floor(timeLimitTotal / setups.length));
      const runs = options.runs ?? runsWhenTimeBound;
      const interactive = !options.json && process.stderr.isTTY === true;
      if (!options.json) {
        print(`faultline hunt: ${setups.length} target(s), seed ${huntSeed}${shard ? `, shard ${options.shard}` : ''}, ` +
          `${options.runs !== undefined ? `${runs} runs` : 'unbounded runs'}${timeLimitPerTarget !== undefined ? `, ${timeLimitPerTarget} ms` : ''} per target`);
      }
      const lines: HuntJsonLine[] = [];
      for (const setup of setups) {
        const label = `${setup.protocol.name}/${setup.variant}`;
        const bar = interactive
          ? new cliProgress.SingleBar(
              {
                format: `${label.padEnd(36)} {bar} {runs} runs  {runsPerSecond} runs/s  {eventsPerSecond} events/s  {status}`,
                stream: process.stderr,
                hideCursor: true,
                clearOnComplete: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
        bar?.start(timeLimitPerTarget ?? runs, 0, { runs: 0, runsPerSecond: 0, eventsPerSecond: 0, status: '' });
        const result = await runHunt(setup, {
          runs,
          seed: huntSeed,
          ...(timeLimitPerTarget !== undefined ? { timeLimitMs: timeLimitPerTarget } : {}),
          ...(shard ? { shardIndex: shard.index, shardCount: shard.count } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          ...(seeds.length > 0 ? { seeds } : {}),
          onProgress: (progress) => {
            const seconds = Math.max(progress.elapsedMs, 1) / 1000;
            bar?.update(timeLimitPerTarget !== undefined ? Math.min(progress.elapsedMs, timeLimitPerTarget) : progress.runs, {
              runs: progress.runs,
              runsPerSecond: Math.round(progress.runs / seconds),
              eventsPerSecond: Math.round(progress.events / seconds),
              status: progress.found ? 'found, shrinking' : '',
            });
          },
        });
        bar?.stop();
        let artifactPath: string | null = null;
        if (result.finding && options.artifacts) {
          const { artifact } = buildArtifact(setup, result.finding.schedule, {
            seed: result.finding.seed,
            path: result.finding.path,
            eventsBeforeShrink: result.finding.eventsBeforeShrink,
          });
          artifactPath = artifactFileName(options.out, artifact, result.finding.seed);
          writeJsonFile(artifactPath, artifact);
          writeStudyFiles(artifactPath, artifact);
        }
        const line = huntJsonLine(result, huntSeed, artifactPath, options.shard ?? null);
        lines.push(line);
        if (options.json) {
          printJson(line);
        } else {
          reportTarget(setup, result, line, setups.length === 1);
        }
      }
      const unexpectedViolations = lines.filter((line) => line.found && line.expected === null);
      const missed = lines.filter((line) => !line.found && line.expected !== null);
      if (setups.length > 1) {
        if (options.json) {
          printJson({
            summary: true,
            targets: lines.length,
            found: lines.filter((line) => line.found).length,
            unexpectedViolations: unexpectedViolations.map((line) => `${line.protocol}/${line.variant}`),
            missed: missed.map((line) => `${line.protocol}/${line.variant}`),
            runs: lines.reduce((total, line) => total + line.runs, 0),
            ms: lines.reduce((total, line) => total + line.ms, 0),
            seed: huntSeed,
          });
        } else {
          printSummary(lines);
        }
      }
      // One target: 1 if a violation was found. Several: 1 if a correct model broke, 3 if a
      // known bug variant was not caught in the budget, else 0.
      if (setups.length === 1) process.exitCode = lines[0]?.found ? exitCodes.found : exitCodes.ok;
      else if (unexpectedViolations.length > 0) process.exitCode = exitCodes.found;
      else if (missed.length > 0) process.exitCode = exitCodes.unknown;
      else process.exitCode = exitCodes.ok;
    });
}

function reportTarget(setup: HuntSetup, result: HuntResult, line: HuntJsonLine, detailed: boolean): void {
  const label = `${setup.protocol.name}/${setup.variant}`;
  const finding = result.finding;
  const coverage = Object.entries(result.coverage);
  const coverageLine =
    coverage.length === 0
      ? null
      : `  coverage (runs reaching each "sometimes" goal): ${coverage
          .map(([goal, count]) => (count === 0 ? pc.yellow(`${goal} 0`) : `${goal} ${count}`))
          .join(', ')}`;
  if (!finding) {
    const verdict = line.expected === null ? pc.green('no violation') : pc.yellow(`not caught (expected ${line.expected})`);
    print(`${label}: ${verdict} in ${result.runs} runs, ${result.events} events, ${line.ms} ms`);
    if (coverageLine && detailed) print(coverageLine);
    return;
  }
  const verdict = line.expected === null ? pc.red('VIOLATION') : pc.green('caught');
  print(`${label}: ${verdict} ${describeViolation(finding.violation)}`);
  print(`  found after ${finding.runsToFind} runs (${line.msToFind} ms); shrunk from ${finding.eventsBeforeShrink} to ${finding.schedule.events.length} events in ${line.shrinkMs} ms`);
  const guided = finding.path.startsWith('guided:');
  print(
    guided
      ? `  found by the guided search (chunk seed ${finding.seed}, ${finding.path})${line.artifact ? `; replay: npx faultline replay ${line.artifact}` : ''}`
      : `  replay: fast-check seed ${finding.seed} path "${finding.path}"${line.artifact ? `, or: npx faultline replay ${line.artifact}` : ''}`,
  );
  if (finding.violation.stack) {
    print('  where it was thrown:');
    for (const frame of finding.violation.stack.split('\n')) print(`    ${frame}`);
  }
  if (!detailed) return;
  print('  shrunk schedule:');
  for (const scheduleLine of scheduleLines(setup.protocol, finding.schedule)) print(`    ${scheduleLine}`);
  if (line.artifact) print(`  transcript: ${line.artifact.replace(/\.json$/, '.md')}, picture: ${line.artifact.replace(/\.json$/, '.html')}`);
}

function printSummary(lines: readonly HuntJsonLine[]): void {
  print();
  const rows = [
    ['protocol', 'variant', 'expected', 'result', 'property', 'runs', 'shrunk', 'ms'],
    ...lines.map((line) => [
      line.protocol,
      line.variant,
      line.expected ?? 'survives',
      line.found
        ? line.expected === null
          ? 'VIOLATION'
          : line.property === line.expected
            ? 'caught'
            : 'caught (other property)'
        : line.expected === null
          ? 'survived'
          : 'missed',
      line.property ?? '-',
      String(line.runs),
      line.events === null ? '-' : `${line.eventsBeforeShrink} -> ${line.events}`,
      String(line.ms),
    ]),
  ];
  for (const row of table(rows)) print(row);
}
