/**
 * `faultline merge`: the results of a sharded hunt (`hunt --shard K/N --json` on N machines) as
 * the one hunt they make, with the verdict and exit code that hunt would have had. A shard that
 * was interrupted is carried through: what was found still counts, but "nothing found" is then
 * "unknown" (exit 3), never a pass.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { type HuntJsonLine, knownBugChecked, notHunted } from '../hunt/json-line.ts';
import {
  brokenCorrectModelSentence,
  brokenCorrectModelsSentences,
  caughtBugSentence,
  modelFaultSentence,
  printSummaryTable,
  resultWord,
  verdictExitCode,
} from './hunt-verdict.ts';
import { groupShards, type InterruptedHunt, type MergedTarget, mergeTargets, parseHuntOutput, type ShardLine } from '../hunt/merge.ts';
import { checkedOnlyText, print, printJson, readTextFile, UsageError } from './shared.ts';

function label(line: HuntJsonLine): string {
  return `${line.protocol}/${line.variant}`;
}

function isSelfTest(lines: readonly HuntJsonLine[]): boolean {
  return lines.length > 1 && lines.some((line) => line.variant !== 'correct');
}

function runsOver(runs: number, shards: readonly string[]): string {
  return `${runs} runs over ${shards.length === 1 ? (shards[0] === 'unsharded' ? 'one unsharded hunt' : `shard ${shards[0]}`) : `${shards.length} shards`}`;
}

function reportTarget(target: MergedTarget): void {
  const { line } = target;
  if (!line.found) {
    const verdict = knownBugChecked(line) ? pc.yellow(`not caught (expected ${line.expected})`) : pc.green('no violation');
    const stopped = target.interruptions.map((interruption) => interruption.shard);
    const why =
      stopped.length > 0
        ? ` (interrupted: shard${stopped.length > 1 ? 's' : ''} ${stopped.join(', ')})`
        : !notHunted(line)
          ? ''
          : ' (not hunted: 0 runs)';
    print(`${label(line)}: ${verdict} in ${runsOver(line.runs, target.shards)}, ${line.eventsSimulated} events${why}`);
    if (line.checkedProperties) print(`  ${checkedOnlyText(line.checkedProperties)}`);
    if (line.warning) print(pc.yellow(`  ${line.warning}`));
    return;
  }
  const word = resultWord(line);
  const verdict = line.expected === null ? pc.red(word) : pc.green(word);
  const what = line.kind === 'exception' ? `exception: ${line.message}` : `${line.property}: ${line.message}`;
  print(`${label(line)}: ${verdict} ${what}`);
  if (line.checkedProperties) print(`  ${checkedOnlyText(line.checkedProperties)}`);
  const shrinking = line.shrinkStoppedEarly
    ? pc.yellow(`shrinking stopped early at ${line.events} of ${line.eventsBeforeShrink} events`)
    : `shrunk from ${line.eventsBeforeShrink} to ${line.events} events`;
  print(`  found by shard ${target.foundBy}; ${shrinking}; ${runsOver(line.runs, target.shards)}`);
  if (line.replay) print(`  replay: ${line.replay}`);
}

function list(labels: readonly string[]): string {
  return labels.length > 4 ? `${labels.slice(0, 4).join(', ')} and ${labels.length - 4} more` : labels.join(', ');
}

/** One sentence per interrupted shard: the file that says so and which targets it left short. */
function interruptionSentences(targets: readonly MergedTarget[]): string[] {
  const byShard = new Map<string, { stopped: string[]; notReached: string[] }>();
  for (const target of targets) {
    for (const interruption of target.interruptions) {
      const key = `Shard ${interruption.shard} (${interruption.file})`;
      const entry = byShard.get(key) ?? { stopped: [], notReached: [] };
      (interruption.notReached ? entry.notReached : entry.stopped).push(label(target.line));
      byShard.set(key, entry);
    }
  }
  return [...byShard].map(([shard, { stopped, notReached }]) =>
    pc.yellow(
      `${shard} was interrupted (Ctrl-C): ${[
        ...(stopped.length > 0 ? [`it stopped while hunting ${list(stopped)}`] : []),
        ...(notReached.length > 0 ? [`it never got to ${list(notReached)}`] : []),
      ].join('; ')}.`,
    ),
  );
}

/** The verdict in words, as a hunt of these targets would say it, with why the exit code is what it is. */
function closingSentences(targets: readonly MergedTarget[], selfTest: boolean): string[] {
  const lines = targets.map((target) => target.line);
  const sentences: string[] = [];
  const shardCount = Math.max(...targets.map((target) => target.shards.length));
  const over = shardCount === 1 ? '' : ` over ${shardCount} shards`;
  const runs = lines.reduce((total, line) => total + line.runs, 0);
  const broken = lines.filter((line) => line.found && line.expected === null);
  const unhunted = lines.filter((line) => notHunted(line));
  // Nothing found and not hunted in full: a shard was interrupted, or no shard ran it.
  const short = lines.filter((line) => !line.found && (line.interrupted || notHunted(line)));
  if (selfTest) sentences.push('');
  sentences.push(...interruptionSentences(targets));
  if (unhunted.length > 0) {
    sentences.push(
      pc.yellow(
        `Not hunted: ${list(unhunted.map(label))} (0 runs in every shard: the time budget was spent before ${unhunted.length > 1 ? 'them' : 'it'}).`,
      ),
    );
  }
  const remedies = [
    ...(short.some((line) => line.interrupted) ? ['rerun the interrupted shards (the same --seed, --shard and budget)'] : []),
    ...(unhunted.length > 0 ? ['give the shards more time (--time-limit-ms)'] : []),
  ];
  const unknown = (what: string): string =>
    pc.yellow(
      `Exit code 3: ${what}, but ${short.length} target(s) were not hunted in full (${list(short.map(label))}); ` +
        `that is "unknown", not a pass: ${remedies.join(' and ')}, and merge again.`,
    );
  const fault = modelFaultSentence(lines);
  if (fault !== null) return [...sentences, fault];
  if (!selfTest) {
    if (broken.length > 0) {
      sentences.push(...brokenCorrectModelsSentences(broken, list));
    } else if (lines.length === 1 && lines[0]?.found) {
      sentences.push(caughtBugSentence(lines[0]));
    } else if (short.length > 0) {
      sentences.push(unknown('no violation was found'));
    } else if (lines.length === 1 && lines[0] !== undefined && knownBugChecked(lines[0])) {
      const line = lines[0];
      sentences.push(
        pc.yellow(
          `The known bug of ${label(line)} (breaks ${line.expected}) was not caught in ${line.runs} runs${over}: a larger budget may find it (exit code 3: unknown, not a pass).`,
        ),
      );
    } else {
      sentences.push(
        pc.green(
          `No violation in ${lines.length === 1 ? label(lines[0] as HuntJsonLine) : `the ${lines.length} targets`} in ${runs} runs${over} (exit code 0).`,
        ),
      );
    }
    return sentences;
  }
  for (const line of lines) {
    const word = resultWord(line);
    if (word === 'VIOLATION') sentences.push(brokenCorrectModelSentence(line));
    if (word === 'caught (other property)')
      sentences.push(
        `${label(line)}: the known bug was caught, but as a violation of ${line.property} rather than ${line.expected}: it shows up another way first; still a catch.`,
      );
    if (word === 'missed') {
      sentences.push(
        pc.yellow(
          `${label(line)}: the known bug (breaks ${line.expected}) was not caught in ${line.runs} runs${over}: the budget was too small to find it again; give the shards more time (--time-limit-ms) or runs (--runs).`,
        ),
      );
    }
  }
  const caught = lines.filter((line) => line.found && line.expected !== null).length;
  const bugs = lines.filter((line) => line.expected !== null).length;
  const survived = lines.filter((line) => !line.found && line.expected === null && !line.interrupted && !notHunted(line)).length;
  const correct = lines.filter((line) => line.expected === null).length;
  sentences.push(
    `Self-test: ${caught} of ${bugs} known bug(s) caught; ${survived} of ${correct} correct model(s) survived, as they should ("survived" is the right result for a correct model).`,
  );
  const missed = lines.filter((line) => resultWord(line) === 'missed').length;
  if (broken.length > 0) sentences.push(pc.red('Exit code 1: a correct model broke.'));
  else if (short.length > 0) sentences.push(unknown('no correct model broke'));
  else if (missed > 0) {
    sentences.push(
      pc.yellow(
        `Exit code 3: no correct model broke, but ${missed} known bug(s) were not re-found within the budget; that is "unknown", not a failure: rerun with a larger budget.`,
      ),
    );
  } else sentences.push(pc.green('Exit code 0: every known bug was caught and no correct model broke.'));
  return sentences;
}

/** The wall time of the merged hunt: its shards ran side by side, so the longest shard's (the sum of its targets' ms). */
function wallMs(results: readonly ShardLine[]): number {
  const perShard = new Map<string, number>();
  for (const { result, file } of results) {
    const key = `${result.huntSeed} ${result.shard ?? `unsharded ${file}`}`;
    perShard.set(key, (perShard.get(key) ?? 0) + result.ms);
  }
  return Math.max(0, ...perShard.values());
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the JSON results of sharded hunts ("hunt --shard K/N --json" outputs); every shard exactly once')
    .argument('<files...>', 'files holding "faultline hunt --json" output')
    .option('--json', 'one JSON object per target and a final summary line')
    .action((files: string[], options: { json?: boolean }) => {
      const results: ShardLine[] = [];
      const interrupted: InterruptedHunt[] = [];
      for (const file of files) {
        const parsed = parseHuntOutput(file, readTextFile(file, 'the output of "faultline hunt --json"'));
        if ('problem' in parsed) throw new UsageError(`${parsed.file}:${parsed.line}: ${parsed.problem}`);
        if (parsed.results.length === 0) {
          const stopped = parsed.interrupted[0];
          throw new UsageError(
            stopped
              ? `${file}:${stopped.line}: a hunt interrupted before its first result (expected the output of a finished "faultline hunt --json": rerun that shard)`
              : `${file}: no hunt results in it (expected the output of "faultline hunt --json")`,
          );
        }
        results.push(...parsed.results);
        interrupted.push(...parsed.interrupted);
      }
      const groups = groupShards({ results, interrupted });
      if (typeof groups === 'string') throw new UsageError(groups);
      const targets = mergeTargets(groups);
      const merged = targets.map((target) => target.line);
      const selfTest = isSelfTest(merged);
      const seeds = [...new Set(merged.map((line) => line.huntSeed))];
      const interruptedShards = [...new Set(targets.flatMap((target) => target.interruptions.map((interruption) => interruption.shard)))];
      if (options.json) {
        for (const line of merged) printJson(line);
        printJson({
          summary: true,
          selfTest,
          files: files.length,
          targets: merged.length,
          hunted: merged.filter((line) => !notHunted(line)).length,
          found: merged.filter((line) => line.found).length,
          unexpectedViolations: merged.filter((line) => line.found && line.expected === null).map(label),
          missed: merged.filter((line) => resultWord(line) === 'missed').map(label),
          runs: merged.reduce((total, line) => total + line.runs, 0),
          ms: wallMs(results),
          seed: seeds.length === 1 ? seeds[0] : null,
          interrupted: interruptedShards.length > 0,
          interruptedShards,
        });
      } else {
        const shards = [...new Set(targets.flatMap((target) => target.shards))];
        const what = merged.length === 1 ? label(merged[0] as HuntJsonLine) : selfTest ? 'self-test, known bugs included' : 'correct models';
        print(
          `faultline merge: ${what}; ${merged.length} target(s) from ${files.length} file(s), seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}, ` +
            `shard${shards.length > 1 ? 's' : ''} ${shards.join(' ')}`,
        );
        for (const target of targets) reportTarget(target);
        if (merged.length > 1) printSummaryTable(merged, selfTest);
        for (const sentence of closingSentences(targets, selfTest)) print(sentence);
      }
      process.exitCode = verdictExitCode(merged);
    });
}
