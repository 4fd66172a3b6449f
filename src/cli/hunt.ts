/**
 * `faultline hunt`: generate fault schedules until a property breaks, shrink the failure, write it
 * out. With no options it hunts the correct model of every protocol ("is there a bug?");
 * `--variant all` is faultline's self-test (are the known bugs still caught?).
 */
import { randomInt } from 'node:crypto';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { seedMax } from '../core/random.ts';
import { huntStrategies, type AnyProtocol, type HuntStrategy, type ScheduleProfile } from '../core/types.ts';
import type { Schedule } from '../core/events.ts';
import { resolveSetup, strategyOf, type HuntResult, type HuntSetup, type RunHang } from '../hunt/hunt.ts';
import { join } from 'node:path';
import { artifactOf } from '../study/artifact.ts';
import { huntJsonLine, knownBugChecked, modelFaultPrefix, notHunted, vacuityWarningText, type HuntJsonLine } from '../hunt/json-line.ts';
import {
  brokenCorrectModelSentence,
  brokenCorrectModelsSentences,
  caughtBugSentence,
  modelFaultSentence,
  printSummaryTable,
  resultWord,
  verdictExitCode,
} from './hunt-verdict.ts';
import { HuntPool, ModelProblem, runHunt } from '../hunt/parallel.ts';
import { parseShardName } from '../hunt/merge.ts';
import { describeViolation, scheduleLines } from '../hunt/report.ts';
import { protocols } from '../protocols/registry.ts';
import {
  ArtifactWriteError,
  artifactFileName,
  buildArtifact,
  counterexampleAsScenario,
  defaultArtifactDirectory,
  unclaimedArtifactPath,
  writeArtifactFiles,
  writeJsonFile,
} from './artifacts.ts';
import { loadReplayable } from './replay.ts';
import {
  checkOutputFolder,
  checkedOnlyText,
  uncheckedDegradedProperties,
  uncheckedDegradedText,
  collectRepeated,
  collectSetting,
  exitCodes,
  interruptHandler,
  reportsInterrupts,
  parseInteger,
  print,
  printJson,
  userModuleUrl,
  protocolOrThrow,
  shorterStoryHint,
  UsageError,
  runWallFromEnvironment,
  timeLimitMsMax,
} from './shared.ts';
import { faultlineCommand, replayCommandLine, shellWord } from '../core/command-name.ts';

interface HuntCommandOptions {
  protocol?: string;
  protocolModule?: string;
  variant?: string;
  runs?: number;
  timeLimitMs?: number;
  seed?: number;
  set?: Record<string, string>;
  property?: string[];
  json?: boolean;
  swarm: boolean;
  settingSwarm: boolean;
  strategy?: HuntStrategy;
  from: string[];
  workers?: number;
  shard?: string;
  out: string;
  artifacts: boolean;
}

export const defaultHuntTimeLimitMs = 60_000;
/** A hunt bounded by time alone still needs a run budget: one it never reaches. */
const runsWhenTimeBound = 1_000_000_000;
/** Runs after which a "sometimes" goal nobody reached means the settings leave nothing to test. */
const vacuousRunsMin = 100;

export function parseShard(text: string): { index: number; count: number } {
  const shard = parseShardName(text);
  if (shard === null) throw new UsageError(`--shard expects K/N with 1 <= K <= N (e.g. 2/4), got "${text}"`);
  return { index: shard.index - 1, count: shard.count };
}

async function targetsFor(options: HuntCommandOptions): Promise<{ protocol: AnyProtocol; variant: string }[]> {
  if (options.protocol === undefined) {
    if (options.protocolModule !== undefined) {
      // As replay reads it: the first --from file names the module's protocol.
      const [first] = options.from;
      if (first === undefined) {
        throw new UsageError('--protocol-module needs --protocol NAME (the name of the protocol the module exports), or --from FILE, which names it');
      }
      const { protocol } = await loadReplayable(first, options.protocolModule);
      if (options.variant === 'all') return protocol.variants.map((variant) => ({ protocol, variant: variant.name }));
      return [{ protocol, variant: options.variant ?? 'correct' }];
    }
    const variant = options.variant ?? 'correct';
    if (variant === 'all') return protocols.flatMap((protocol) => protocol.variants.map((known) => ({ protocol, variant: known.name })));
    if (variant !== 'correct')
      throw new UsageError(`--variant ${variant} needs --protocol (without it, only "correct" and "all" apply to every protocol)`);
    return protocols.map((protocol) => ({ protocol, variant: 'correct' }));
  }
  const protocol = await protocolOrThrow(options.protocol, options.protocolModule);
  if (options.variant === 'all') return protocol.variants.map((variant) => ({ protocol, variant: variant.name }));
  return [{ protocol, variant: options.variant ?? 'correct' }];
}

/** A command that shows this target's counterexample again: the artifact's replay, or the hunt that finds it. */
function replayCommand(setup: HuntSetup, result: HuntResult, context: ReplayContext, artifact: string | null): string | null {
  const finding = result.finding;
  if (!finding) return null;
  if (artifact) return replayCommandLine(artifact, context.protocolModule);
  // Chunk k always runs the same schedules, its first n whatever its budget: a budget that ends at
  // the failing run finds it again (a --runs 300 hunt's finding at run 36 replays with --runs 36).
  return huntCommandTo(setup, finding.runsToReplay, context);
}

/** The hunt with this hunt's seed and options whose run budget ends at run `runs` (a finding's, a hung run's). */
function huntCommandTo(setup: HuntSetup, runs: number, context: ReplayContext): string {
  const module = context.protocolModule ? ['--protocol-module', context.protocolModule] : [];
  const words = [
    'hunt',
    '--protocol',
    setup.protocol.name,
    '--variant',
    setup.variant,
    ...module,
    '--seed',
    String(context.huntSeed),
    '--runs',
    String(runs),
    ...Object.entries(context.settings).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    ...(context.strategy ? ['--strategy', context.strategy] : []),
    ...(context.swarm ? [] : ['--no-swarm']),
    ...(context.settingSwarm ? [] : ['--no-setting-swarm']),
    ...(context.shard ? ['--shard', context.shard] : []),
    ...context.from.flatMap((file) => ['--from', file]),
    ...(context.properties ?? []).flatMap((name) => ['--property', name]),
  ];
  return `${faultlineCommand} ${words.map(shellWord).join(' ')}`;
}

interface ReplayContext {
  huntSeed: number;
  settings: Record<string, string>;
  strategy: HuntStrategy | undefined;
  swarm: boolean;
  settingSwarm: boolean;
  shard: string | null;
  from: string[];
  protocolModule: string | undefined;
  properties: readonly string[] | undefined;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The progress bar: fills with time under a time budget (never sits empty), with runs under a run budget (with an ETA). */
function progressBar(
  label: string,
  budget: { timeMs: number | null; runs: number },
): {
  update: (progress: { runs: number; events: number; found: boolean }) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(36)} {bar} {elapsed}{left}  {runs} runs  {runsPerSecond} runs/s  {status}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let last = { runs: 0, events: 0, found: false };
  const total = budget.timeMs ?? budget.runs;
  const draw = (): void => {
    const elapsedMs = performance.now() - started;
    const value = budget.timeMs !== null ? Math.min(elapsedMs, budget.timeMs) : last.runs;
    const left =
      budget.timeMs !== null
        ? `, ${formatSeconds(Math.max(0, budget.timeMs - elapsedMs))} left`
        : last.runs > 0
          ? `, about ${formatSeconds((elapsedMs / last.runs) * (budget.runs - last.runs))} left`
          : '';
    bar.update(value, {
      elapsed: `${formatSeconds(elapsedMs)} elapsed`,
      left: last.found ? '' : left,
      runs: last.runs,
      runsPerSecond: Math.round(last.runs / Math.max(elapsedMs / 1000, 0.001)),
      status: last.found ? 'found, shrinking' : '',
    });
  };
  // ({eta} is cli-progress's own token, hence {left}.)
  bar.start(total, 0, { elapsed: '0.0 s elapsed', left: '', runs: 0, runsPerSecond: 0, status: '' });
  const timer = setInterval(draw, 200);
  return {
    update: (progress) => {
      last = progress;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      bar.stop();
    },
  };
}

export function registerHuntCommand(program: Command): void {
  // Ctrl-C while it loads stops it at once with its interrupted report (exit 130).
  reportsInterrupts(program.command('hunt'))
    .description(
      'generate fault schedules, find a property violation and shrink it to a minimal counterexample (default: the correct model of every protocol)',
    )
    .option('--protocol <name>', 'protocol to hunt (default: every registered protocol)')
    .option('--protocol-module <file>', 'load the protocol named by --protocol from this ES module (your own model)')
    .option('--variant <name>', 'variant to hunt: a name, or "all" for every variant, the known bugs included (faultline\'s self-test)', 'correct')
    .option('--runs <n>', 'generated schedules per target (then no time limit unless --time-limit-ms is given)', parseInteger('--runs', 1))
    .option(
      '--time-limit-ms <ms>',
      `time budget of the whole command, shrinking included (default ${defaultHuntTimeLimitMs} ms unless --runs is given)`,
      parseInteger('--time-limit-ms', 1, timeLimitMsMax),
    )
    .option('--seed <n>', `seed of the hunt, 0 to ${seedMax} (default: random, printed)`, parseInteger('--seed', 0, seedMax))
    .option('--set <key=value>', `override a protocol setting (repeatable; see ${faultlineCommand} list)`, collectSetting)
    .option(
      '--property <name>',
      `check only this property (repeatable; needs --protocol; see ${faultlineCommand} list): another that breaks first no longer hides it`,
      collectRepeated,
    )
    .option('--no-swarm', 'use the profile weights as they are instead of swarm testing')
    .option(
      '--no-setting-swarm',
      "run every schedule with the hunt's settings instead of drawing the protocol's swarm settings (those not --set or pinned by the variant) per run",
    )
    .addOption(
      new Option(
        '--strategy <name>',
        "how schedules are searched (default: the variant's profile, mixed for all: random and guided chunks in turn)",
      ).choices(huntStrategies),
    )
    .option('--from <file>', 'start the guided search from this scenario or artifact (repeatable; implies --strategy guided)', collectRepeated, [])
    .option('--workers <n>', 'worker threads, at most 64 (default: number of cores)', parseInteger('--workers', 1, 64))
    .option('--shard <K/N>', 'hunt only shard K of N of the seed space (for CI matrices and indexed jobs)')
    .option('--out <dir>', 'folder for counterexample artifacts', defaultArtifactDirectory)
    .option('--no-artifacts', 'do not write artifact files')
    .option('--json', 'one JSON object per target and, for several targets, a final summary line')
    .action(async (options: HuntCommandOptions) => {
      // The budget counts from the start of the process (performance.now()'s origin): Node's own
      // start-up and loading faultline are part of the command the user timed.
      const commandStarted = 0;
      if (options.property !== undefined && options.protocol === undefined) {
        throw new UsageError(`--property needs --protocol: property names are a protocol's own (${faultlineCommand} list shows them)`);
      }
      if (options.property !== undefined && options.variant === 'all') {
        throw new UsageError(
          "--property cannot be used with --variant all: the self-test checks every variant's known bug, each by its own property",
        );
      }
      const targets = await targetsFor(options);
      const strategy = options.strategy;
      const shard = options.shard === undefined ? null : parseShard(options.shard);
      if (shard && options.seed === undefined) {
        throw new UsageError(
          '--shard needs --seed S: every shard of one hunt must hunt its seed (a random seed per machine would make them parts of different hunts, which merge refuses)',
        );
      }
      const seeds: Schedule[] = [];
      for (const file of options.from) {
        const { artifact } = await loadReplayable(file, options.protocolModule);
        // Without --protocol the seed's protocol is the target ("every protocol" cannot take one seed).
        if (options.protocol === undefined && seeds.length === 0) {
          const own = targets.filter((target) => target.protocol.name === artifact.protocol);
          if (own.length === 0)
            throw new UsageError(
              `${file}: a ${artifact.protocol} schedule: add --protocol ${artifact.protocol} (and --protocol-module for your own)`,
            );
          targets.splice(0, targets.length, ...own);
        }
        if (targets.some((target) => target.protocol.name !== artifact.protocol)) {
          throw new UsageError(
            `${file}: a ${artifact.protocol} schedule cannot seed a hunt of ${[...new Set(targets.map((target) => target.protocol.name))].join(', ')}`,
          );
        }
        seeds.push(artifact.schedule);
      }
      if (seeds.length > 0 && strategy === 'random') throw new UsageError('--from seeds the guided search; it cannot be used with --strategy random');
      const profileOverrides: Partial<ScheduleProfile> = {
        ...(options.swarm ? {} : { swarm: false }),
        ...(strategy !== undefined ? { strategy } : {}),
        ...(seeds.length > 0 ? { strategy: 'guided' as const } : {}),
      };
      const setups: HuntSetup[] = targets.map(({ protocol, variant }) => {
        const setup = resolveSetup(protocol, variant, options.set ?? {}, profileOverrides, {
          settingSwarm: options.settingSwarm,
          ...(options.property !== undefined ? { properties: options.property } : {}),
        });
        if ('error' in setup) throw new UsageError(`${protocol.name}/${variant}: ${setup.error}`);
        return setup;
      });
      // Checked before hunting: a finding must never be lost for want of a place to write it.
      if (options.artifacts) checkOutputFolder(options.out, '--out');
      const huntSeed = options.seed ?? randomInt(0, seedMax + 1);
      const timeLimitTotal = options.timeLimitMs ?? (options.runs === undefined ? defaultHuntTimeLimitMs : undefined);
      const runs = options.runs ?? runsWhenTimeBound;
      const selfTest = setups.some((setup) => setup.variant !== 'correct') && setups.length > 1;
      const interactive = !options.json && process.stderr.isTTY === true;
      const protocolModule = options.protocolModule === undefined ? undefined : userModuleUrl(options.protocolModule);
      const context: ReplayContext = {
        huntSeed,
        settings: options.set ?? {},
        strategy: seeds.length > 0 ? undefined : strategy,
        swarm: options.swarm,
        settingSwarm: options.settingSwarm,
        shard: options.shard ?? null,
        from: options.from,
        protocolModule: options.protocolModule,
        properties: setups[0]?.properties,
      };
      if (!options.json) {
        const what = selfTest
          ? 'self-test: every variant, known bugs included'
          : setups.length > 1
            ? 'the correct model of every protocol'
            : `${setups[0]?.protocol.name}/${setups[0]?.variant}`;
        print(
          `faultline hunt: ${what}; ${setups.length} target(s), seed ${huntSeed}${shard ? `, shard ${options.shard}` : ''}, ` +
            `${options.runs !== undefined ? `${runs} runs per target` : 'unbounded runs'}${timeLimitTotal !== undefined ? `, ${timeLimitTotal} ms in all` : ''}`,
        );
        if (context.properties !== undefined) print(checkedOnlyText(context.properties));
        for (const setup of setups) {
          const unchecked = uncheckedDegradedProperties(setup.protocol, setup.config, setup.properties);
          if (unchecked.length > 0) print(pc.yellow(`${setup.protocol.name}/${setup.variant}: ${uncheckedDegradedText(unchecked)}`));
        }
      }
      const runWallMs = runWallFromEnvironment();
      const interrupt = interruptHandler();
      // One set of worker threads for every target: each costs start-up time out of the budget.
      const pool = new HuntPool(protocolModule ?? null);
      const lines: HuntJsonLine[] = [];
      // Findings about the model itself (a step that never returns, mutates its input or is not
      // deterministic): exit 1, as a finding, though no property broke.
      const modelFaults: string[] = [];
      let writeFailed = false;
      try {
        for (const [index, setup] of setups.entries()) {
          if (interrupt.interrupted()) break;
          const label = `${setup.protocol.name}/${setup.variant}`;
          // What is left of the budget is shared by the targets still to hunt.
          const targetTimeMs =
            timeLimitTotal === undefined
              ? null
              : Math.max(1, Math.floor((timeLimitTotal - (performance.now() - commandStarted)) / (setups.length - index)));
          const bar = interactive ? progressBar(label, { timeMs: targetTimeMs, runs }) : null;
          // Without a progress bar (CI logs, pipes), one line on stderr says a finding is being shrunk.
          let announced = false;
          const announce = (progress: { runs: number; found: boolean }): void => {
            if (interactive || announced || !progress.found) return;
            announced = true;
            process.stderr.write(`${label}: found a violation, shrinking it (Ctrl-C writes it out as it is)\n`);
          };
          let result: HuntResult;
          let modelProblem: string | null = null;
          // The wall is for the whole command: a target reached once the budget is spent is not
          // hunted at all. Dispatching it would still cost a first run in a worker that has not
          // run this protocol yet (about 0.3 s for Kafka on a loaded machine), past the wall.
          const spent = timeLimitTotal !== undefined && performance.now() - commandStarted >= timeLimitTotal;
          if (spent) {
            bar?.stop();
            result = { setup, runs: 0, events: 0, ms: 0, finding: null, coverage: {}, stoppedByTime: true, interrupted: false };
          } else {
            try {
              result = await runHunt(setup, {
                runs,
                seed: huntSeed,
                ...(targetTimeMs !== null ? { timeLimitMs: targetTimeMs } : {}),
                ...(shard ? { shardIndex: shard.index, shardCount: shard.count } : {}),
                ...(options.workers !== undefined ? { workers: options.workers } : {}),
                ...(seeds.length > 0 ? { seeds } : {}),
                ...(protocolModule !== undefined ? { protocolModule } : {}),
                ...(runWallMs !== undefined ? { runWallMs } : {}),
                signal: interrupt.signal,
                pool,
                onProgress: (progress) => {
                  bar?.update(progress);
                  announce(progress);
                },
              });
            } catch (error) {
              if (!(error instanceof ModelProblem)) throw error;
              // The sanity check refused the model: nothing was hunted, and the message says why.
              modelProblem = error.message;
              result = { setup, runs: 0, events: 0, ms: 0, finding: null, coverage: {}, stoppedByTime: false, interrupted: false };
            } finally {
              bar?.stop();
            }
          }
          let artifactPath: string | null = null;
          let unwritten: readonly string[] = [];
          // The finding's schedule runs again from scratch (twice): a model that is not
          // deterministic is said here, and its artifact keeps the violation as found.
          let nondeterminism: string | null = null;
          let built: ReturnType<typeof buildArtifact> | null = null;
          if (result.finding) {
            built = buildArtifact(setup, result.finding.schedule, {
              seed: result.finding.seed,
              path: result.finding.path === '' ? null : result.finding.path,
              eventsBeforeShrink: result.finding.eventsBeforeShrink,
              found: result.finding.violation,
            });
            nondeterminism = built.nondeterminism;
          }
          if (built !== null && options.artifacts) {
            const { artifact } = built;
            const file = unclaimedArtifactPath(
              artifactFileName(options.out, artifact, {
                strategy: strategyOf(setup.profile),
                huntSeed,
                shard: options.shard ?? null,
              }),
              artifact,
            );
            try {
              writeArtifactFiles(file, artifact, setup.protocol, { protocolModule: options.protocolModule });
              artifactPath = file;
            } catch (error) {
              if (!(error instanceof ArtifactWriteError)) throw error;
              process.stderr.write(`faultline: ${error.message}\n`);
              // The .json, when written, is the artifact: the replay line and the JSON line name it.
              if (error.written.includes(file)) artifactPath = file;
              unwritten = error.unwritten;
              writeFailed = true;
            }
          }
          const hang = result.hang ? hangReport(setup, result.hang, { out: options.artifacts ? options.out : null, context, huntSeed }) : null;
          if (hang !== null) modelFaults.push(hang.text);
          if (modelProblem !== null) modelFaults.push(modelProblem);
          const line = huntJsonLine(result, huntSeed, artifactPath, options.shard ?? null, {
            timeLimitMs: targetTimeMs,
            replay: replayCommand(setup, result, context, artifactPath),
            warning:
              modelProblem !== null
                ? `${modelFaultPrefix}${modelProblem}`
                : hang !== null
                  ? `${modelFaultPrefix}${hang.text}`
                  : nondeterminism !== null
                    ? `warning: ${nondeterminism}`
                    : vacuityWarning(setup, result),
            unpromisedSettings: unpromisedSettingsOf(setup, options.set ?? {}),
            settings: givenSettingsOf(setup, options.set ?? {}),
            from: options.from,
          });
          lines.push(line);
          if (options.json) printJson(line);
          else if (modelProblem !== null) print(pc.red(`${label}: ${modelProblem}; not hunted`));
          else if (hang !== null) {
            print(pc.red(`${label}: ${hang.text}`));
            for (const extra of hang.lines) print(extra);
            if (result.finding)
              reportTarget(setup, result, line, {
                detailed: setups.length === 1,
                artifacts: options.artifacts,
                protocolModule: options.protocolModule,
                unwritten,
              });
          } else
            reportTarget(setup, result, line, {
              detailed: setups.length === 1,
              artifacts: options.artifacts,
              protocolModule: options.protocolModule,
              unwritten,
            });
        }
      } finally {
        interrupt.dispose();
        pool.close();
      }
      const elapsedMs = Math.round(performance.now() - commandStarted);
      const unexpectedViolations = lines.filter((line) => line.found && line.expected === null);
      const missed = lines.filter((line) => !line.found && knownBugChecked(line) && !line.interrupted && !notHunted(line));
      const interrupted = interrupt.interrupted();
      // A target is hunted once it has a run (or a finding); the others, those an interrupt or the
      // time budget left with no run and those never reached (no line), are not.
      // (The lines are the setups' in order, one per target reached.)
      const isHunted = (line: HuntJsonLine | undefined): boolean => line !== undefined && (line.runs > 0 || line.found);
      const hunted = lines.filter(isHunted);
      const unhunted = setups.flatMap((setup, index) => (isHunted(lines[index]) ? [] : [`${setup.protocol.name}/${setup.variant}`]));
      if (options.json && (setups.length > 1 || interrupted)) {
        printJson({
          summary: true,
          selfTest,
          targets: setups.length,
          hunted: hunted.length,
          notHunted: unhunted,
          found: lines.filter((line) => line.found).length,
          unexpectedViolations: unexpectedViolations.map((line) => `${line.protocol}/${line.variant}`),
          missed: missed.map((line) => `${line.protocol}/${line.variant}`),
          runs: lines.reduce((total, line) => total + line.runs, 0),
          ms: elapsedMs,
          timeLimitMs: timeLimitTotal ?? null,
          seed: huntSeed,
          interrupted,
        });
      } else if (!options.json) {
        if (setups.length > 1 && lines.length > 0) printSummaryTable(lines, selfTest);
        for (const sentence of closingSentences(lines, {
          selfTest,
          interrupted,
          hunted: hunted.length,
          unhunted,
          elapsedMs,
          huntSeed,
          writeFailed,
        }))
          print(sentence);
      }
      // Exit codes: 130 interrupted; 1 a finding (a model without a known bug broke, or the one
      // target's bug was caught), whatever could not be written: a finding is never hidden behind
      // exit 2; else 2 when an artifact could not be written (stderr said which files); else the
      // verdict (3 a known bug not caught in the budget, 0 nothing found).
      const verdict = verdictExitCode(lines);
      if (interrupted) process.exitCode = exitCodes.interrupted;
      else if (modelFaults.length > 0) process.exitCode = exitCodes.found;
      else if (writeFailed && verdict !== exitCodes.found) process.exitCode = exitCodes.badInput;
      else process.exitCode = verdict;
    });
}

/**
 * What a hunt says of a run that did not finish: the message, and the lines that let the user see
 * the run (its schedule, saved as an artifact when --out is on, or the hunt that reaches it).
 */
function hangReport(
  setup: HuntSetup,
  hang: RunHang,
  where: { out: string | null; context: ReplayContext; huntSeed: number },
): { text: string; lines: string[] } {
  const seconds = (hang.silentMs / 1000).toFixed(1);
  const which =
    hang.run === 0
      ? 'a run of the model sanity check, before the first run of the hunt'
      : `chunk ${hang.chunk}, its run ${hang.run}; the hunt's run ${hang.runsToReach}`;
  const text = `a run of ${setup.protocol.name}/${setup.variant} did not finish within ${seconds} s: the model's step is probably in an infinite loop (${which}); the worker running it was stopped`;
  const lines: string[] = [];
  if (hang.schedule !== null) {
    let file: string | null = null;
    if (where.out !== null) {
      // Written without running it (its replay would not end): no violation, no trace hash.
      const artifact = artifactOf(setup, hang.schedule);
      file = unclaimedArtifactPath(join(where.out, `${setup.protocol.name}-${setup.variant}-hang-seed-${where.huntSeed}.json`), artifact);
      try {
        writeJsonFile(file, artifact);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`faultline: ${error.message}\n`);
        file = null;
      }
    }
    lines.push(`  the run's schedule (${hang.schedule.events.length} events):`);
    for (const scheduleLine of scheduleLines(setup.protocol, hang.schedule)) lines.push(`    ${scheduleLine}`);
    if (file !== null)
      lines.push(`  saved: ${file}; replay (stopped after the run wall too): ${replayCommandLine(file, where.context.protocolModule)}`);
  }
  if (hang.run > 0) lines.push(`  the hunt that reaches it again: ${huntCommandTo(setup, hang.runsToReach, where.context)}`);
  return { text, lines };
}

/** The warning for a hunt whose settings leave its properties nothing to check (e.g. no write is ever acknowledged). */
function vacuityWarning(setup: HuntSetup, result: HuntResult): string | null {
  const basic = setup.protocol.sometimes?.[0];
  if (!basic || result.finding || result.runs < vacuousRunsMin || (result.coverage[basic.name] ?? 0) > 0) return null;
  return vacuityWarningText(result.runs, basic);
}

function reportTarget(
  setup: HuntSetup,
  result: HuntResult,
  line: HuntJsonLine,
  {
    detailed,
    artifacts,
    protocolModule,
    unwritten,
  }: { detailed: boolean; artifacts: boolean; protocolModule: string | undefined; unwritten: readonly string[] },
): void {
  const label = `${setup.protocol.name}/${setup.variant}`;
  const finding = result.finding;
  const coverage = Object.entries(result.coverage);
  const coverageLine =
    coverage.length === 0
      ? null
      : `  coverage (runs reaching each "sometimes" goal): ${coverage
          .map(([goal, count]) => (count === 0 ? pc.yellow(`${goal} 0`) : `${goal} ${count}`))
          .join(', ')}`;
  const vacuous = line.warning;
  if (notHunted(line)) {
    print(
      `${label}: ${pc.yellow('not hunted')}: the time budget was spent before a first run finished (${line.ms} ms, its share ${line.timeLimitMs ?? 0} ms)`,
    );
    return;
  }
  if (!finding) {
    const verdict = knownBugChecked(line) ? pc.yellow(`not caught (expected ${line.expected})`) : pc.green('no violation');
    const why = result.interrupted ? ' (interrupted)' : result.stoppedByTime ? ' (time budget spent)' : '';
    print(`${label}: ${verdict} in ${result.runs} runs, ${result.events} events, ${line.ms} ms${why}`);
    if (coverageLine && detailed) print(coverageLine);
    if (vacuous) print(pc.yellow(`  ${vacuous}`));
    return;
  }
  const word = resultWord(line);
  const verdict = line.expected === null ? pc.red(word) : pc.green(word);
  print(`${label}: ${verdict} ${describeViolation(finding.violation)}`);
  // A model that is not deterministic: the finding stands (the artifact records it as found), but a replay may differ.
  if (line.warning) print(pc.yellow(`  ${line.warning}`));
  const shrinking = finding.shrinkStoppedEarly
    ? pc.yellow(
        `shrinking stopped early (${result.interrupted ? 'interrupted' : 'time budget spent'}) at ${finding.schedule.events.length} of ${finding.eventsBeforeShrink} events`,
      )
    : `shrunk from ${finding.eventsBeforeShrink} to ${finding.schedule.events.length} events in ${line.shrinkMs} ms`;
  print(`  found after ${finding.runsToFind} runs (${line.msToFind} ms); ${shrinking}`);
  if (result.finishedAbove) {
    // The lowest chunk's finding is the hunt's (a rerun finds it); a later chunk's shorter one is only mentioned.
    const { chunk, events, property } = result.finishedAbove;
    print(
      pc.yellow(
        `  a later chunk (${chunk}) had already shrunk a finding of its own to ${events} events (${property}); not kept: the lowest chunk's is the hunt's, and the same hunt with --runs ${finding.runsToReplay} shrinks it in full`,
      ),
    );
  }
  const drawn = Object.entries(finding.schedule.settings ?? {});
  if (drawn.length > 0) print(`  settings the run drew (the setting swarm): ${drawn.map(([key, value]) => `${key}=${String(value)}`).join(', ')}`);
  if (line.replay) print(`  replay: ${line.replay}`);
  if (finding.violation.stack) {
    print('  where it was thrown:');
    for (const frame of finding.violation.stack.split('\n')) print(`    ${frame}`);
  }
  if (!detailed) return;
  if (!artifacts) {
    for (const scenarioLine of counterexampleAsScenario(setup, finding.schedule, protocolModule)) print(scenarioLine);
    return;
  }
  if (finding.schedule.events.length === 0) print('  counterexample: no events (the run breaks before the first)');
  else print('  counterexample:');
  for (const scheduleLine of scheduleLines(setup.protocol, finding.schedule)) print(`    ${scheduleLine}`);
  if (line.artifact) {
    const base = line.artifact.replace(/\.json$/, '');
    const study = [
      ['transcript', `${base}.md`],
      ['picture', `${base}.html`],
    ].filter(([, file]) => !unwritten.includes(file as string));
    if (study.length > 0) print(`  ${study.map(([what, file]) => `${what}: ${file}`).join(', ')}`);
    if (unwritten.length > 0) print(pc.yellow(`  not written: ${unwritten.join(', ')} (see the error on stderr)`));
  }
  if (line.artifact && drawn.length > 0 && protocolModule === undefined) print(`  ${shorterStoryHint(line.artifact)}`);
}

/** The settings given with `--set`, each with the value the setup holds (`nodeCount=5` is 5, as the config has it). */
function givenSettingsOf(setup: HuntSetup, set: Readonly<Record<string, string>>): Record<string, unknown> {
  const config = setup.config as Readonly<Record<string, unknown>>;
  return Object.fromEntries(Object.keys(set).map((key) => [key, config[key]]));
}

/**
 * The settings given with `--set` that the protocol's correct model does not promise to survive
 * (`settings.unpromised`, e.g. Kafka's `uncleanLeaderElectionEnable=true`), `KEY=VALUE` to why:
 * a correct model that breaks under one shows what the setting allows, not a bug.
 */
function unpromisedSettingsOf(setup: HuntSetup, set: Readonly<Record<string, string>>): Record<string, string> {
  const config = setup.config as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    Object.keys(set).flatMap((key) => {
      const value = String(config[key]);
      const why = setup.protocol.unpromisedSettings?.[key]?.[value];
      return why === undefined ? [] : [[`${key}=${value}`, why]];
    }),
  );
}

/** The verdict in words: what was found, and for the self-test every row that is not "caught". */
function closingSentences(
  lines: readonly HuntJsonLine[],
  run: {
    selfTest: boolean;
    interrupted: boolean;
    /** Targets with a run (or a finding), and the others by name: `hunted` and `notHunted` of the JSON summary. */
    hunted: number;
    unhunted: readonly string[];
    elapsedMs: number;
    huntSeed: number;
    /** Some artifact file could not be written: exit 2 unless a finding decides exit 1. */
    writeFailed: boolean;
  },
): string[] {
  const sentences: string[] = [];
  const seconds = formatSeconds(run.elapsedMs);
  const runs = lines.reduce((total, line) => total + line.runs, 0);
  if (run.interrupted) {
    const found = lines.filter((line) => line.found);
    const targets = run.hunted + run.unhunted.length;
    const notReached = run.unhunted.length > 0 ? `; not hunted: ${run.unhunted.join(', ')}` : '';
    sentences.push(
      pc.yellow(`Interrupted after ${seconds}: ${run.hunted} of ${targets} target(s) hunted, ${runs} runs, seed ${run.huntSeed}${notReached}. `) +
        (found.length > 0
          ? `Found so far: ${found.map((line) => `${line.protocol}/${line.variant} (${line.artifact ?? line.replay ?? 'printed above'})`).join('; ')}.`
          : 'Nothing found so far.'),
    );
    return sentences;
  }
  const fault = modelFaultSentence(lines);
  if (fault !== null) return [fault];
  const broken = lines.filter((line) => line.found && line.expected === null);
  if (!run.selfTest) {
    if (broken.length > 0) {
      sentences.push(...brokenCorrectModelsSentences(broken));
    } else if (lines.some((line) => line.found)) {
      sentences.push(...lines.filter((line) => line.found).map(caughtBugSentence));
    } else if (lines.every((line) => notHunted(line))) {
      sentences.push(
        pc.yellow(
          `Nothing was checked: the time budget (${seconds}) was spent before a first run of ${lines.length === 1 ? 'the target' : `any of the ${lines.length} targets`} finished; give more time (--time-limit-ms) or a run budget (--runs) (exit code 3).`,
        ),
      );
    } else if (lines.some((line) => notHunted(line))) {
      const unhunted = lines.filter((line) => notHunted(line));
      sentences.push(
        pc.yellow(
          `No violation in the ${lines.length - unhunted.length} of ${lines.length} targets hunted, in ${runs} runs (${seconds}); not hunted, the time budget spent before a first run: ${unhunted.map((line) => `${line.protocol}/${line.variant}`).join(', ')}: nothing was checked there; give more time (--time-limit-ms) (exit code 3).`,
        ),
      );
    } else if (lines.length === 1 && lines[0] !== undefined && knownBugChecked(lines[0])) {
      const line = lines[0];
      sentences.push(
        pc.yellow(
          `The known bug of ${line.protocol}/${line.variant} (breaks ${line.expected}) was not caught in ${runs} runs (${seconds}): a larger budget may find it (exit code 3: unknown, not a pass).`,
        ),
      );
    } else {
      sentences.push(
        pc.green(
          `No violation in ${lines.length === 1 ? `${lines[0]?.protocol}/${lines[0]?.variant}` : `the ${lines.length} targets`} in ${runs} runs (${seconds}) (exit code 0).`,
        ),
      );
    }
    return sentences;
  }
  sentences.push('');
  for (const line of lines) {
    const label = `${line.protocol}/${line.variant}`;
    const word = resultWord(line);
    if (word === 'survived') continue;
    if (word === 'caught') continue;
    if (word === 'VIOLATION') sentences.push(brokenCorrectModelSentence(line));
    if (word === 'caught (other property)')
      sentences.push(
        `${label}: the known bug was caught, but as a violation of ${line.property} rather than ${line.expected}: it shows up another way first; still a catch.`,
      );
    if (word === 'not hunted') {
      sentences.push(pc.yellow(`${label}: not hunted: the time budget was spent before its first run finished; nothing was checked.`));
    }
    if (word === 'missed') {
      sentences.push(
        pc.yellow(
          `${label}: the known bug (breaks ${line.expected}) was not caught in ${line.runs} runs (${formatSeconds(line.ms)}): the budget was too small to find it again; give more time (--time-limit-ms) or runs (--runs).`,
        ),
      );
    }
  }
  const caught = lines.filter((line) => line.found && line.expected !== null).length;
  const bugs = lines.filter((line) => line.expected !== null).length;
  const survived = lines.filter((line) => !line.found && line.expected === null && !notHunted(line)).length;
  const correct = lines.filter((line) => line.expected === null).length;
  const unhunted = lines.filter((line) => notHunted(line)).length;
  sentences.push(
    `Self-test: ${caught} of ${bugs} known bug(s) caught; ${survived} of ${correct} correct model(s) survived, as they should ("survived" is the right result for a correct model).`,
  );
  if (broken.length > 0) sentences.push(pc.red('Exit code 1: a correct model broke.'));
  else if (run.writeFailed)
    sentences.push(pc.yellow('Exit code 2: no correct model broke, but an artifact could not be written (stderr names the files).'));
  else if (caught < bugs || unhunted > 0) {
    const notRefound = lines.filter((line) => line.expected !== null && !line.found && !notHunted(line)).length;
    const why = [
      ...(notRefound > 0 ? [`${notRefound} known bug(s) were not re-found within the budget`] : []),
      ...(unhunted > 0 ? [`${unhunted} target(s) were not hunted at all`] : []),
    ].join(' and ');
    sentences.push(pc.yellow(`Exit code 3: no correct model broke, but ${why}; that is "unknown", not a failure: rerun with a larger budget.`));
  } else sentences.push(pc.green('Exit code 0: every known bug was caught and no correct model broke.'));
  return sentences;
}
