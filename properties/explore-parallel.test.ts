/**
 * Explore in worker threads (`exploreInWorkers`): the fault ladder split in two parts (the
 * unbounded search on one worker, the budgeted ones on another) searches the same worlds as the
 * one-thread ladder and states the same verdict; the watchdog holds the time limit as a wall even
 * when a worker does not stop by itself; a worker's failure is an error, never a silent "nothing found".
 */
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../src/explore/index.ts';
import { Simulator } from '../src/core/simulator.ts';
import {
  ExploreInterrupted,
  ExploreOutOfMemory,
  ExplorePool,
  exploreInWorkers,
  mergeLadderParts,
  resultOfParts,
  type ExploreRequest,
} from '../src/explore/parallel.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { exploreJsonLine, nothingReportedLine } from '../src/cli/explore.ts';
import { cliIn, interruptWhen, projectRoot } from './cli-support.ts';

const ladder = { steps: 'coarse', search: 'fault-ladder', statesMax: 400_000 } as const;

function request(protocol: string, variant: string, options: ExploreRequest['options']): ExploreRequest {
  return { protocol, variant, settings: {}, options };
}

/** What a verdict is made of, without the counts that depend on shared liveness verdicts (events, reuse) or on time. */
function verdict(result: ExploreResult): unknown {
  return {
    found: result.found,
    complete: result.complete,
    stopReason: result.stopReason,
    faults: result.faults,
    depthReached: result.depthReached,
    property: result.violation?.property ?? null,
    steps: result.counterexampleSteps?.length ?? null,
    rungs: result.rungs.map((rung) => ({ faults: rung.faults, depth: rung.depthReached, distinct: rung.distinctStates })),
    levels: result.levels.map((level) => level.distinctStates),
  };
}

describe('explore in worker threads', () => {
  it('on the correct model the two parts search world for world what the one-thread ladder searches, with the same verdict', async () => {
    const setup = setupOrThrow(zab, 'correct');
    const options = { ...ladder, depth: 2, operations: [setup.protocol.parseOperation('create /a 0')], operationsMax: 1 };
    const one = explore(setup, options);
    const levels: string[] = [];
    const two = await exploreInWorkers(request('zab', 'correct', options), {
      workers: 2,
      onLevel: (level) => levels.push(`${level.faults}:${level.depth}`),
    });
    expect(one).toMatchObject({ found: false, complete: true, stopReason: 'depth', depthReached: 2 });
    expect(verdict(two)).toEqual(verdict(one));
    expect(two.distinctStates).toBe(one.distinctStates);
    // Every search's depths were reported as they completed, from both workers.
    expect([...levels].sort()).toEqual(
      ['1 crash', '1 message fault', '1 partition', 'any', 'none'].flatMap((faults) => [`${faults}:1`, `${faults}:2`]).sort(),
    );
  });

  it('a budgeted find is proven shortest by the unbounded worker (ZAB elect-by-applied-zxid: one partition, 2 steps), as in one thread', async () => {
    const setup = setupOrThrow(zab, 'elect-by-applied-zxid');
    const options = { ...ladder, depth: 4, operations: [setup.protocol.parseOperation('create /a 0')], operationsMax: 1 };
    const one = explore(setup, options);
    const two = await exploreInWorkers(request('zab', 'elect-by-applied-zxid', options), { workers: 2 });
    expect(two).toMatchObject({ found: true, complete: true, faults: 'any', search: 'fault-ladder' });
    expect(two.counterexampleSteps?.length).toBe(2);
    expect(two.counterexampleSteps?.length).toBe(one.counterexampleSteps?.length);
    expect(two.violation?.property).toBe(one.violation?.property);
    expect(two.rungs.find((rung) => rung.faults === 'any')?.depthReached).toBeGreaterThanOrEqual(1);
  });

  it('one worker runs the search exactly as explore does', async () => {
    const setup = setupOrThrow(kafka, 'acks-1');
    const options = { ...ladder, depth: 3, operations: [setup.protocol.parseOperation('produce 0')], operationsMax: 1 };
    const one = explore(setup, options);
    const inWorker = await exploreInWorkers(request('kafka', 'acks-1', options), { workers: 1 });
    expect(verdict(inWorker)).toEqual(verdict(one));
    expect(inWorker.eventsSimulated).toBe(one.eventsSimulated);
    expect(inWorker.counterexample).toEqual(one.counterexample);
  });

  it('a pool gives the next search the workers that finished the last one (no start-up per --neighbours configuration), with the same verdicts; not one whose heap is a quarter full', async () => {
    const setup = setupOrThrow(zab, 'correct');
    const options = { ...ladder, depth: 2, operations: [setup.protocol.parseOperation('create /a 0')], operationsMax: 1 };
    const pool = new ExplorePool();
    // 24 MB: the loaded bundle alone holds a third of it (a search's garbage, in a worker of the default heap).
    const small = new ExplorePool(24);
    try {
      const first = await exploreInWorkers(request('zab', 'correct', options), { workers: 2, pool, timeLimitMs: 15_000 });
      const again = await exploreInWorkers(request('zab', 'correct', options), { workers: 2, pool, timeLimitMs: 15_000 });
      const alone = await exploreInWorkers(request('zab', 'correct', options), { workers: 2 });
      expect(verdict(alone)).toMatchObject({ found: false, complete: true, depthReached: 2 });
      expect(verdict(first)).toEqual(verdict(alone));
      // A reused worker's messages arrive (`removeAllListeners` had stopped its port: this search never reported).
      expect(verdict(again)).toEqual(verdict(alone));
      expect(pool.started).toBe(2);
      for (let search = 0; search < 2; search++) {
        const result = await exploreInWorkers(request('zab', 'correct', options), { workers: 1, pool: small, timeLimitMs: 15_000 });
        expect(verdict(result)).toEqual(verdict(explore(setup, options)));
      }
      expect(small.started).toBe(2);
    } finally {
      pool.close();
      small.close();
    }
  });

  it('the watchdog holds the wall when a worker does not stop by itself, and reports how far the search got', async () => {
    const produce = [{ type: 'produce', partition: 0, value: 0 }];
    const result = await exploreInWorkers(request('kafka', 'correct', { ...ladder, depth: 64, operations: produce, operationsMax: 1 }), {
      workers: 2,
      // The watchdog stops them 2.5 s in. Each worker loads its bundle and reports a first depth of every
      // search within 0.45 s at a load of 5 (0.2 s quiet). Loading the sources through tsx took 1.3 to
      // 1.9 s there, and 3 s was then not always enough at a load of 6.
      timeLimitMs: 1_500,
      watchdogOnly: true,
    });
    // Told no limit, the workers would go on to their 400,000 distinct worlds (minutes) and stop for `states`: `time` is the watchdog's.
    expect(result).toMatchObject({ found: false, complete: false, stopReason: 'time', search: 'fault-ladder' });
    expect(result.rungs.map((rung) => rung.faults)).toEqual(['none', '1 crash', '1 partition', '1 message fault', 'any']);
    expect(result.distinctStates).toBeGreaterThan(0);
  });

  it('Ctrl-C (an aborted signal) stops the workers at once and reports how far each search got, interrupted', async () => {
    const controller = new AbortController();
    const levels: string[] = [];
    const produce = [{ type: 'produce', partition: 0, value: 0 }];
    const result = await exploreInWorkers(request('kafka', 'correct', { ...ladder, depth: 64, operations: produce, operationsMax: 1 }), {
      workers: 2,
      timeLimitMs: 60_000,
      signal: controller.signal,
      onLevel: (level) => {
        levels.push(`${level.faults}:${level.depth}`);
        if (level.faults === 'any' && level.depth === 2) controller.abort();
      },
    });
    expect(result).toMatchObject({ found: false, complete: false, stopReason: 'interrupted', search: 'fault-ladder' });
    // Not one depth less than the last level reported (the progress that follows a level is waited for).
    expect(result.rungs.find((rung) => rung.faults === 'any')?.depthReached).toBeGreaterThanOrEqual(2);
    // Aborted before any worker reported: nothing to report, said so.
    const early = new AbortController();
    early.abort();
    await expect(
      exploreInWorkers(request('kafka', 'correct', { ...ladder, depth: 64, operationsMax: 2 }), { workers: 2, signal: early.signal }),
    ).rejects.toBeInstanceOf(ExploreInterrupted);
    // The command's JSON line for that case has every field a report's line has, nothing searched.
    const setup = setupOrThrow(kafka, 'correct');
    const options = { ...ladder, depth: 64, operationsMax: 2 };
    const nothing = nothingReportedLine(setup, options, 2, 5, 'interrupted');
    const reported = exploreJsonLine(explore(setup, { ...options, depth: 1 }), null, setup, 2, true);
    expect(Object.keys(nothing).sort()).toEqual(Object.keys(reported).sort());
    expect(nothing).toMatchObject({ complete: false, found: false, stopReason: 'interrupted', interrupted: true, search: 'fault-ladder', depth: 0 });
  });

  it('a widening search cut by Ctrl-C reports every width it completed, not only the run it was in', async () => {
    const controller = new AbortController();
    const completed: number[] = [];
    const result = await exploreInWorkers(
      request('kafka', 'correct', { ...ladder, search: 'widening', faultLadder: true, depth: 64, operationsMax: 2 }),
      {
        workers: 1,
        timeLimitMs: 60_000,
        signal: controller.signal,
        onWidth: (run) => {
          completed.push(run.distinctStates);
          if (completed.length === 3) controller.abort();
        },
      },
    );
    expect(result).toMatchObject({ search: 'widening', stopReason: 'interrupted', complete: false });
    expect(result.widths.length).toBeGreaterThanOrEqual(3);
    // The counts are the whole search's: every completed run's distinct worlds at least.
    expect(result.distinctStates).toBeGreaterThanOrEqual(completed.slice(0, 3).reduce((sum, distinct) => sum + distinct, 0));
  });

  it('a widening search cut by Ctrl-C while it looks below its find for a shorter story reports the find', async () => {
    // Kafka unclean-election: width 2 without a fault finds a 7-step story in about a second, and the
    // search below it (a 5-step one) takes several more: Ctrl-C comes in between.
    const controller = new AbortController();
    const result = await exploreInWorkers(
      request('kafka', 'unclean-election', {
        ...ladder,
        search: 'widening',
        faultLadder: true,
        depth: 8,
        operations: [kafka.parseOperation('produce 0')],
        operationsMax: 1,
      }),
      {
        workers: 1,
        timeLimitMs: 60_000,
        signal: controller.signal,
        onWidth: (run) => {
          if (run.stopReason === 'found') controller.abort();
        },
      },
    );
    expect(result).toMatchObject({ search: 'widening', stopReason: 'interrupted', found: true, complete: false });
    const setup = setupOrThrow(kafka, 'unclean-election');
    expect(new Simulator(setup).run(result.counterexample ?? { randomSeed: 0, events: [] }).violation?.property).toBe('no-acked-write-lost');
    expect(result.widths.some((run) => run.stopReason === 'found')).toBe(true);
  });

  it('a story found before the cut is kept: the parts cut by Ctrl-C or the wall still give the find, proven only as far as the unbounded search got', () => {
    const setup = setupOrThrow(kafka, 'acks-1');
    const base = explore(setup, { ...ladder, depth: 3, operations: [setup.protocol.parseOperation('produce 0')], operationsMax: 1 });
    const rungs = (faults: readonly string[], depth: number) =>
      faults.map((name) => ({ faults: name, depthReached: depth, distinctStates: 10, states: 20, stopReason: null }));
    const budgetedFind: ExploreResult = {
      ...base,
      found: true,
      depthReached: 5,
      faults: '1 crash',
      stopReason: 'found',
      rungs: rungs(['none', '1 crash'], 5),
    };
    const unboundedSoFar = (depth: number): ExploreResult => ({
      ...base,
      found: false,
      depthReached: depth,
      stopReason: 'depth',
      complete: true,
      faults: 'any',
      rungs: rungs(['any'], depth),
    });
    /** The unbounded part still running at `depth`, the budgeted one done when it found its story. */
    const cutWith = (depth: number, budgeted: ExploreResult, cut: 'interrupted' | 'time') =>
      resultOfParts(
        [
          { done: null, latest: unboundedSoFar(depth) },
          { done: budgeted.found ? budgeted : null, latest: budgeted },
        ],
        cut,
      );
    for (const cut of ['interrupted', 'time'] as const) {
      expect(cutWith(3, budgetedFind, cut)).toMatchObject({ found: true, depthReached: 5, faults: '1 crash' });
      expect(cutWith(4, budgetedFind, cut)).toMatchObject({ found: true, faults: 'any' });
      // Nothing found: the running parts are marked with the cut, and the result is incomplete.
      expect(cutWith(3, { ...budgetedFind, found: false, stopReason: 'depth' }, cut)).toMatchObject({
        found: false,
        complete: false,
        stopReason: cut,
        depthReached: 3,
      });
    }
    expect(
      resultOfParts(
        [
          { done: null, latest: null },
          { done: null, latest: null },
        ],
        'interrupted',
      ),
    ).toBeNull();
  });

  it("a worker's failure rejects with its reason", async () => {
    await expect(exploreInWorkers(request('no-such-protocol', 'correct', { ...ladder, depth: 1, operationsMax: 1 }), { workers: 2 })).rejects.toThrow(
      /no protocol named "no-such-protocol"/,
    );
  });

  it('a search near its heap limit stops for memory with what it reached (breadth-first, fault ladder, widening); a worker whose heap ran out is not a crash', async () => {
    const setup = setupOrThrow(kafka, 'correct');
    const produce = { operations: [setup.protocol.parseOperation('produce 0')], operationsMax: 1, depth: 64 };
    // The heap "fills" after a few hundred steps tried (the check comes with the clock's, every 64).
    const fillsAfter = (reads: number) => {
      let count = 0;
      return () => ++count > reads;
    };
    for (const search of ['breadth-first', 'fault-ladder', 'widening'] as const) {
      const result = explore(setup, { ...ladder, ...produce, search, faultLadder: true, heapFull: fillsAfter(8) });
      expect(result, search).toMatchObject({ stopReason: 'memory', complete: false, found: false });
      expect(result.depthReached, search).toBeGreaterThanOrEqual(1);
    }
    // The same search with room completes further: the stop was the heap's.
    const roomy = explore(setup, { ...ladder, ...produce, search: 'breadth-first', heapFull: fillsAfter(150) });
    expect(roomy.depthReached).toBeGreaterThan(
      explore(setup, { ...ladder, ...produce, search: 'breadth-first', heapFull: fillsAfter(8) }).depthReached,
    );
    // A worker whose heap runs out before it reports anything: a clear rejection, not faultline's bug.
    // 2 MB: the built worker (dist/explore-worker.mjs, what bin/explore-worker.mjs loads when the build
    // is fresh) loads in 8 MB and, one time in four, reported its first depth before its heap ran out.
    await expect(
      exploreInWorkers(request('kafka', 'correct', { ...ladder, depth: 64, operationsMax: 2 }), { workers: 2, heapMbMax: 2 }),
    ).rejects.toBeInstanceOf(ExploreOutOfMemory);
  });

  it('merging the parts: the shortest find wins, a tie goes to the budgeted story, proven only when the unbounded search got to the depth before it', () => {
    const setup = setupOrThrow(kafka, 'acks-1');
    const base = explore(setup, { ...ladder, depth: 3, operations: [setup.protocol.parseOperation('produce 0')], operationsMax: 1 });
    const part = (faults: readonly string[], fields: Partial<ExploreResult>, anyDepth = 0): ExploreResult => ({
      ...base,
      faults: faults.includes('any') ? 'any' : (faults[0] ?? 'any'),
      rungs: faults.map((name) => ({ faults: name, depthReached: name === 'any' ? anyDepth : 5, distinctStates: 10, states: 20, stopReason: null })),
      ...fields,
    });
    const budgetedLevels = [{ depth: 5, states: 1, distinctStates: 1, elapsedMs: 0 }];
    const budgetedFind = part(['none', '1 crash'], { found: true, depthReached: 5, faults: '1 crash', states: 40, levels: budgetedLevels });
    const unboundedAt = (depth: number, fields: Partial<ExploreResult> = {}) =>
      part(['any'], { found: false, depthReached: depth, stopReason: 'time', complete: false, states: 30, ...fields }, depth);
    // Proven: the unbounded search saw every schedule of 4 steps.
    expect(mergeLadderParts(unboundedAt(4), budgetedFind)).toMatchObject({ found: true, faults: 'any', depthReached: 5, states: 70 });
    // Not proven: it got to 3 only.
    expect(mergeLadderParts(unboundedAt(3), budgetedFind)).toMatchObject({ found: true, faults: '1 crash', depthReached: 5 });
    // A shorter unbounded find wins; an equal one goes to the budgeted story (fewer faults).
    expect(mergeLadderParts(unboundedAt(4, { found: true, depthReached: 4, stopReason: 'found' }), budgetedFind)).toMatchObject({
      depthReached: 4,
      faults: 'any',
    });
    const tie = mergeLadderParts(unboundedAt(5, { found: true, depthReached: 5, stopReason: 'found' }), budgetedFind);
    expect(tie).toMatchObject({ faults: 'any', levels: budgetedLevels });
    expect(
      mergeLadderParts(unboundedAt(5, { found: true, depthReached: 5, stopReason: 'found' }), budgetedFind).rungs.map((rung) => rung.faults),
    ).toEqual(['none', '1 crash', 'any']);
    // Nothing found: the unbounded search's depth and stop reason are the verdict.
    const nothing = mergeLadderParts(unboundedAt(3), part(['none'], { found: false, stopReason: 'time' }));
    expect(nothing).toMatchObject({ found: false, depthReached: 3, stopReason: 'time', complete: false });
  });

  it('the CLI: a search bounded by time on two workers stops at its limit and reports every rung; --workers is checked', () => {
    const { faultline } = cliIn('faultline-explore-parallel', { timeoutMs: 60_000 });
    const run = faultline('explore', '--protocol', 'kafka', '--time-limit-ms', '1500', '--workers', '2', '--json', '--no-artifacts');
    expect(run.status, run.stderr).toBe(3);
    const line = run.last as { stopReason?: string; workers?: number; rungs?: { faults: string; depth: number }[] };
    expect(line).toMatchObject({ stopReason: 'time', workers: 2 });
    expect(line.rungs?.map((rung) => rung.faults)).toEqual(['none', '1 crash', '1 partition', '1 message fault', 'any']);
    // The header says where the search runs: split on two workers (where there are two cores), one with --depth unless asked.
    const split = availableParallelism() >= 2 ? '2 worker threads \\(the unbounded search on one\\)' : 'one worker thread';
    expect(faultline('explore', '--protocol', 'kafka', '--time-limit-ms', '300', '--no-artifacts').stdout).toMatch(
      new RegExp(`^faultline explore: kafka/correct, .*, ${split}\\n`),
    );
    expect(faultline('explore', '--protocol', 'kafka', '--depth', '1', '--no-artifacts').stdout).toMatch(
      /^faultline explore: .*, one worker thread\n/,
    );
    const bad = faultline('explore', '--protocol', 'kafka', '--workers', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--workers expects an integer from 1 to 64, got "0"/);
  });

  it('the CLI: Ctrl-C while a widening search looks below its find reports the find, and says the search after it was interrupted', async () => {
    // Kafka unclean-election: width 2 finds a 7-step story without a fault after about a second; the
    // searches below it take several more. Ctrl-C once one of them has completed.
    const { work } = cliIn('faultline-explore-interrupt-widening');
    const args = ['explore', '--protocol', 'kafka', '--variant', 'unclean-election', '--op', 'produce 0', '--operations', '1'];
    const { status, stdout } = await interruptWhen(
      work,
      [...args, '--search', 'widening', '--time-limit-ms', '60000', '--no-artifacts'],
      (output) => /: a story\n.*width .*\n/s.test(output.stdout),
      0,
    );
    expect(status, stdout).toBe(130);
    expect(stdout).toMatch(/kafka\/unclean-election: counterexample \(widening search, width \d+, faults: none: not proven shortest\), \d+ steps/);
    expect(stdout).toMatch(/\n {2}then searched below its depth for a shorter one: .*, then interrupted\n/);
  }, 60_000);

  it('the CLI: Ctrl-C stops the search, which reports the depths it completed per fault budget and exits 130', async () => {
    const { work } = cliIn('faultline-explore-interrupt');
    const { status, stdout } = await interruptWhen(
      work,
      ['explore', '--protocol', 'kafka', '--op', 'produce 0', '--operations', '1', '--time-limit-ms', '60000', '--no-artifacts'],
      (output) => /depth {2}2, faults any/.test(output.stdout),
      0,
    );
    expect(status, stdout).toBe(130);
    expect(stdout).toMatch(/interrupted \(Ctrl-C or SIGTERM\): what follows is what the search had got to/);
    expect(stdout).toMatch(
      /kafka\/correct: incomplete: interrupted; every schedule is free of violations up to these depths per fault budget: none: \d+, 1 crash: \d+, 1 partition: \d+, 1 message fault: \d+, any: ([2-9]|\d\d) steps/,
    );
  }, 60_000);

  it('the CLI: Ctrl-C while the command still loads (before its own handler) gives the interrupted report and exit 130, not silence', async () => {
    // The protocol's module says it is loading, then holds the thread 300 ms: the signal comes before
    // explore has its handler (as in the first ~0.1 s of every run). It killed the process, printing nothing.
    const { work } = cliIn('faultline-explore-early-interrupt');
    const module = join(work, 'slow-protocol.mts');
    writeFileSync(
      module,
      [
        `export * from ${JSON.stringify(join(projectRoot, 'properties/fixtures/minimal-protocol.ts'))};`,
        "process.stderr.write('loading\\n');",
        'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);',
      ].join('\n'),
    );
    const args = ['explore', '--protocol', 'minimal-register', '--protocol-module', module, '--depth', '3', '--no-artifacts'];
    const text = await interruptWhen(work, args, (output) => output.stderr.includes('loading'), 0);
    expect(text.status, text.stdout + text.stderr).toBe(130);
    expect(text.stdout).toMatch(/^minimal-register\/correct: interrupted before the search reported anything$/m);
    const json = await interruptWhen(work, [...args, '--json'], (output) => output.stderr.includes('loading'), 0);
    expect(json.status, json.stdout + json.stderr).toBe(130);
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ interrupted: true, stopReason: 'interrupted' });
  }, 60_000);

  it("the CLI explores a protocol from the user's own module (--protocol-module), on two workers, and its artifact replays", () => {
    const { faultline } = cliIn('faultline-explore-module', { timeoutMs: 60_000 });
    const module = join(projectRoot, 'properties/fixtures/minimal-protocol.ts');
    const ownProtocol = ['explore', '--protocol', 'minimal-register', '--protocol-module', module, '--variant', 'volatile-register'];
    const run = faultline(...ownProtocol, '--workers', '2', '--time-limit-ms', '30000', '--json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.last).toMatchObject({
      found: true,
      property: 'acknowledged-write-survives',
      faults: 'any',
      workers: 2,
      storySteps: [expect.stringMatching(/^client /), 'crash 0'],
    });
    const replay = faultline('replay', run.last.artifact as string, '--protocol-module', module, '--json', '--quiet');
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.last).toMatchObject({ property: 'acknowledged-write-survives', matchesRecorded: true, traceHashMatches: true });
    // The printed replay command names the module too.
    const text = faultline(...ownProtocol, '--depth', '2');
    expect(text.stdout).toMatch(/replay: npx faultline replay \S+\.json --protocol-module \S*minimal-protocol\.ts;/);
    // Without the module the protocol is unknown: a clear message, exit 2.
    expect(faultline('explore', '--protocol', 'minimal-register').stderr).toMatch(/unknown protocol "minimal-register"/);
  });
});
