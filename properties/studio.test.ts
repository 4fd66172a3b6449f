/**
 * The studio's session (what the browser page drives): a loaded counterexample reaches the same
 * violation at the same step as `faultline replay`, stepping through the liveness phase; every
 * offered next event applies; branching keeps the prefix; exports round-trip (the artifact has the
 * replay's trace hash, the scenario reloads to the same violation); bad files are one-line errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFiles as listCorpus } from './corpus-support.ts';
import { describe, expect, it } from 'vitest';
import { loadReplayable } from '../src/cli/replay.ts';
import { cliIn } from './cli-support.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { kafka as kafkaProtocol } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { protocols } from '../src/protocols/registry.ts';
import type { AnyProtocol } from '../src/core/types.ts';
import { parseArtifact } from '../src/study/artifact.ts';
import { buildStudyModel } from '../src/study/model.ts';
import { runCounts } from '../src/study/transcript.ts';
import { studyTranscript } from '../src/study/render.ts';
import { loadStudioFile, StudioSession, studioSetup } from '../src/studio/session.ts';
import { studioPage } from '../src/studio/page.ts';

const corpusFiles = listCorpus();

function load(file: string): StudioSession {
  const loaded = loadStudioFile(file, readFileSync(file, 'utf8'), protocols);
  if ('error' in loaded) throw new Error(loaded.error);
  return loaded.session;
}

describe.runIf(corpusFiles.length > 0)('studio sessions of the corpus counterexamples', () => {
  it('reach the violation faultline replay reports, at the same step, name the messages they act on, and export the same artifact', () => {
    for (const file of corpusFiles) {
      const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
      const session = load(file);
      const protocol = session.setup.protocol;
      const replayed = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      expect(session.firstViolation?.property, file).toBe(replayed.violation?.property);
      expect(session.firstViolation?.step, file).toBe(replayed.violation?.step);
      const cursor = session.violationCursor;
      expect(cursor, file).not.toBeNull();
      if (cursor === null || !replayed.violation) continue;
      // The frame there shows the property broken (end properties at the last step).
      const broken = session.frame(cursor).properties.find((property) => property.name === replayed.violation?.property);
      expect(broken?.status, file).toBe('broken');
      if (replayed.violation.phase !== 'end')
        expect(session.frame(cursor - 1).properties.find((property) => property.name === replayed.violation?.property)?.status, file).not.toBe(
          'broken',
        );
      // The timeline names the message each message event acts on, as an exported scenario does, not its position.
      session.steps.forEach((event, index) => {
        if (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') return;
        expect(session.stepLabel(index), `${file} step ${index}`).toMatch(/^(deliver|drop|duplicate) \d+->\d+ \S|\(nothing in flight\)$/);
      });
      const exported = session.toArtifact();
      expect(exported.schedule).toEqual(artifact.schedule);
      expect(exported.violation?.property, file).toBe(replayed.violation.property);
      expect(exported.traceHash, file).toBe(artifact.traceHash);
    }
  });

  it("the timeline's label of a message event is the exported scenario's line for it", () => {
    // Kafka's isr-expand-before-hw: the step that exported scenarios write as "deliver 0->3 Heartbeat(...)".
    const kafka = load(corpusFiles.find((file) => file.endsWith('kafka/isr-expand-before-hw.json')) ?? '');
    const labels = kafka.steps.map((_, index) => kafka.stepLabel(index));
    expect(labels).toContain('deliver 0->3 Heartbeat(incarnation 0, knows e0/pe0)');
    expect(kafka.toScenario().split('\n')).toContain('deliver 0->3 Heartbeat(incarnation 0, knows e0/pe0)');
  });

  it('branching with the very step the liveness phase took keeps the story: same violation, same step', () => {
    let checked = 0;
    for (const file of corpusFiles.slice(0, 6)) {
      const session = load(file);
      const cursor = session.violationCursor;
      if (cursor === null || session.firstViolation?.phase !== 'liveness') continue;
      const at = cursor - 1;
      const step = session.steps[at];
      if (!step) continue;
      const branched = session.branch(at, step);
      expect(branched.events).toEqual(session.steps.slice(0, at + 1));
      expect(branched.firstViolation?.property, file).toBe(session.firstViolation.property);
      expect(branched.firstViolation?.step, file).toBe(session.firstViolation.step);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('a studio session of a protocol whose summarizeState throws', () => {
  it('shows the throw in the node view instead of failing to draw the frame', () => {
    const throwing: AnyProtocol = {
      ...primaryBackup,
      summarizeState: () => {
        throw new Error('summary boom');
      },
    } as AnyProtocol;
    const setup = studioSetup(throwing, 'correct', {}, 0);
    if ('error' in setup) throw new Error(setup.error);
    const frame = new StudioSession(setup).frame(0);
    expect(frame.nodes[0]?.fields).toEqual([['summary', '<summarizeState threw: Error: summary boom>']]);
  });
});

describe('a studio session built by hand', () => {
  const setup = studioSetup(primaryBackup, 'ack-before-replicate', {}, 0);
  if ('error' in setup) throw new Error(setup.error);
  const start = new StudioSession(setup);

  it('offers only next events that apply, in scenario words', () => {
    let session = start.branch(0, { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } });
    for (let round = 0; round < 3; round++) {
      const cursor = session.events.length;
      const candidates = session.candidates(cursor);
      if (round === 0)
        expect(candidates.map((candidate) => candidate.text)).toEqual(
          expect.arrayContaining([
            'deliver 0',
            'deliver 1',
            'drop 0',
            'duplicate 1',
            'tick 2',
            'crash 0',
            'crash 0 power-loss',
            'partition 1,0,0',
            'partition 0,1,0',
          ]),
        );
      for (const candidate of candidates) {
        const branched = session.branch(cursor, candidate.event);
        const frame = branched.frame(cursor + 1);
        expect(frame.event?.applied, candidate.text).toBe(true);
        expect(frame.event?.text).toBe(candidate.text);
      }
      const first = candidates[0];
      if (!first) break;
      session = session.branch(cursor, first.event);
    }
  });

  it('branches: keeps the first steps, replaces the rest, and frames show nodes, messages and properties', () => {
    const story = start
      .branch(0, { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } })
      .branch(1, { kind: 'crash', node: 1, loseUnflushed: false });
    expect(story.events.map((event) => event.kind)).toEqual(['client', 'crash']);
    const branched = story.branch(1, { kind: 'deliver', message: 0 });
    expect(branched.events.map((event) => event.kind)).toEqual(['client', 'deliver']);
    const frame = branched.frame(1);
    expect(frame.nodes).toHaveLength(3);
    expect(frame.nodes[0]?.changed).toContain('log');
    expect(frame.inFlight.map((message) => message.text)).toEqual(['Replicate(epoch 1, log [7])', 'Replicate(epoch 1, log [7])']);
    expect(frame.properties.every((property) => property.status !== 'broken')).toBe(true);
    expect(frame.history).toEqual([{ operationId: 0, clientId: 0, text: 'write 7', outcome: 'ok' }]);
    // The exported scenario reloads to the same schedule and outcome.
    const reloaded = loadStudioFile('branch.scenario', branched.toScenario(), protocols);
    if ('error' in reloaded) throw new Error(reloaded.error);
    expect(reloaded.session.events).toEqual(branched.events);
    expect(reloaded.session.finish()).toEqual(branched.finish());
    expect(reloaded.expectation).toEqual(
      branched.finish().violation ? { kind: 'violation', property: branched.finish().violation?.property } : { kind: 'no-violation' },
    );
  });

  it("checks a client operation from the form as a scenario's client line is checked, so what it exports replays", () => {
    const writing = start.branch(0, { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } });
    expect(writing.clientCandidate(0, 0, 0, 'frobnicate')).toMatchObject({ error: expect.stringMatching(/^operation: /) });
    // Client 0 waits for its write 7 (correct: the primary cut off from its backups does not acknowledge it): it retries that, nothing else.
    const correct = studioSetup(primaryBackup, 'correct', {}, 0);
    if ('error' in correct) throw new Error(correct.error);
    const waiting = new StudioSession(correct, [
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
      { kind: 'tick', node: 1 },
    ]);
    expect(waiting.frame(3).pendingByClient[0]).not.toBeNull();
    expect(waiting.clientCandidate(3, 1, 0, 'write 8')).toMatchObject({
      error: expect.stringContaining('client 0 waits for the answer to its write 7 and retries that'),
    });
    const again = waiting.clientCandidate(3, 1, 0, 'write 7');
    if ('error' in again) throw new Error(again.error);
    const other = waiting.clientCandidate(3, 1, 1, 'write 8');
    if ('error' in other) throw new Error(other.error);
    const branched = waiting.branch(3, other.event);
    const reloaded = loadStudioFile('branch.scenario', branched.toScenario(), protocols);
    expect('error' in reloaded ? reloaded.error : reloaded.session.events).toEqual(branched.events);
    // An operation the config does not allow (Kafka: a partition that does not exist).
    const kafka = studioSetup(kafkaProtocol, kafkaProtocol.variants[0]?.name ?? '', {}, 0);
    if ('error' in kafka) throw new Error(kafka.error);
    expect(new StudioSession(kafka).clientCandidate(0, 0, 0, 'produce 1 p9')).toMatchObject({
      error: expect.stringMatching(/^operation: expected one this config allows \(partition 9 does not exist/),
    });
  });

  it('exports, from a fresh exploration of every protocol, an artifact and a scenario that load back without a warning', () => {
    for (const protocol of protocols) {
      const fresh = studioSetup(protocol, protocol.variants[0]?.name ?? '', {}, 3);
      if ('error' in fresh) throw new Error(fresh.error);
      let session = new StudioSession(fresh);
      for (let step = 0; step < 6; step++) {
        const candidates = session.candidates(session.length);
        const candidate = candidates[(step * 7) % Math.max(1, candidates.length)];
        if (!candidate) break;
        session = session.branch(session.length, candidate.event);
      }
      for (const [file, text] of [
        ['fresh.json', JSON.stringify(session.toArtifact())],
        ['fresh.scenario', session.toScenario()],
      ] as const) {
        const loaded = loadStudioFile(file, text, protocols);
        expect('error' in loaded ? loaded.error : loaded.warnings, `${protocol.name} ${file}`).toEqual([]);
      }
    }
  });

  it('says what is wrong with a bad file in one line', () => {
    const broken = loadStudioFile('broken.json', '{"faultline": 1,', protocols);
    expect('error' in broken && broken.error).toMatch(/^broken\.json: line 1, column 17: expected a JSON artifact/);
    const scenario = loadStudioFile('bad.scenario', 'protocol primary-backup\ncrash x\n', protocols);
    expect('error' in scenario && scenario.error).toMatch(/^bad\.scenario:2: expected crash NODE/);
    expect(studioSetup(primaryBackup, 'no-such-variant', {}, 0)).toMatchObject({ error: expect.stringMatching(/no variant "no-such-variant"/) });
  });

  it('puts the starting file in the page as inert JSON, whatever it contains', () => {
    const page = studioPage('console.log(1)', { file: 'x</script><script>alert(1)</script>.json', text: '</script><b>&' });
    const data = /<script type="application\/json" id="studio-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(data).not.toMatch(/[<>&]/);
    expect(JSON.parse(data)).toEqual({ file: 'x</script><script>alert(1)</script>.json', text: '</script><b>&' });
    expect(page).not.toContain('<script>alert(1)');
    expect(studioPage('a("</script>")', null)).toContain('a("<\\/script>")');
    expect(studioPage('x', null)).toBe(studioPage('x', null));
    // The network line's label does not repeat what its text says ("2 messages in flight · no partition").
    expect(studioPage('x', null)).toContain('network: <span id="network">');
    expect(studioPage('x', null)).not.toContain('messages in flight: <span');
  });
});

describe('a loaded artifact, as faultline replay reads it', () => {
  const original = readFileSync(join(import.meta.dirname, '../counterexamples/primary-backup/ack-before-replicate.json'), 'utf8');
  const folder = mkdtempSync(join(tmpdir(), 'faultline-studio-'));
  /** The corpus artifact edited by `edit`, written to `name`.json: its path and text. */
  const edited = (name: string, edit: (artifact: Record<string, any>) => void): { file: string; text: string } => {
    const artifact = JSON.parse(original);
    edit(artifact);
    const file = join(folder, `${name}.json`);
    const text = JSON.stringify(artifact, null, 1);
    writeFileSync(file, text);
    return { file, text };
  };

  it('is refused with the message faultline replay gives, for each hand-edited mistake the CLI refuses', async () => {
    const crash = (node: number) => (artifact: Record<string, any>) =>
      artifact.schedule.events.splice(2, 1, { kind: 'crash', node, loseUnflushed: false });
    const mistakes: Record<string, (artifact: Record<string, any>) => void> = {
      'crash-node-99': crash(99),
      'crash-node-neg': crash(-1),
      'client-99': (artifact) => {
        artifact.schedule.events[1].client = 99;
      },
      'op-unknown-type': (artifact) => {
        artifact.schedule.events[1].operation = { type: 'frobnicate', value: 0 };
      },
      'partition-short': (artifact) => {
        artifact.schedule.events[0].groups = [0, 1];
      },
      'config-extra-key': (artifact) => {
        artifact.config.bogus = 1;
      },
      'variant-unknown': (artifact) => {
        artifact.variant = 'no-such-variant';
      },
      'protocol-unknown': (artifact) => {
        artifact.protocol = 'no-such-protocol';
      },
    };
    for (const [name, edit] of Object.entries(mistakes)) {
      const { file, text } = edited(name, edit);
      const cli = await loadReplayable(file).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(cli, name).not.toBeNull();
      const studio = loadStudioFile(file, text, protocols);
      expect('error' in studio ? studio.error : 'loaded', name).toBe(cli);
    }
  });

  it('warns in the very lines faultline replay prints for it', () => {
    const { faultline } = cliIn('faultline-studio-warnings');
    const edits: Record<string, (artifact: Record<string, any>) => void> = {
      'hash-changed': (artifact) => (artifact.traceHash = '0000000000000000'),
      'variant-correct': (artifact) => (artifact.variant = 'correct'),
      'step-changed': (artifact) => {
        artifact.violation.phase = 'liveness';
        artifact.violation.step = 7;
      },
      worded: (artifact) => (artifact.violation.message = 'another text'),
    };
    for (const [name, edit] of Object.entries(edits)) {
      const { file, text } = edited(name, edit);
      const loaded = loadStudioFile(file, text, protocols);
      if ('error' in loaded) throw new Error(loaded.error);
      expect(loaded.warnings.length, name).toBeGreaterThan(0);
      const printed = faultline('replay', file, '--quiet').stdout.split('\n');
      for (const warning of loaded.warnings) expect(printed, name).toContain(warning);
    }
  });

  it('that replays otherwise than recorded says so, in the words of faultline replay', () => {
    const load = ({ file, text }: { file: string; text: string }) => {
      const loaded = loadStudioFile(file, text, protocols);
      if ('error' in loaded) throw new Error(loaded.error);
      return loaded.warnings;
    };
    expect(load({ file: 'ack-before-replicate.json', text: original })).toEqual([]);
    const hash = load(edited('hash-changed', (artifact) => (artifact.traceHash = '0000000000000000')));
    expect(hash).toEqual([
      expect.stringMatching(/^trace hash differs from the artifact's \(\w+ vs 0000000000000000\): this run is not the one recorded/),
    ]);
    const correct = load(edited('variant-correct', (artifact) => (artifact.variant = 'correct')));
    expect(correct).toHaveLength(2);
    expect(correct[1]).toBe(
      `this differs from what the artifact recorded: safety property "no-acked-write-lost" broken at the end of the run (after the liveness phase): acknowledged write 0 (operation 0, acknowledged at step 1) is missing from node 0's log [] (the replay breaks nothing)`,
    );
    // A scenario whose expect line does not hold: replay's "expectation NOT met".
    const lostWrite = readFileSync(join(import.meta.dirname, '../scenarios/primary-backup-lost-write.scenario'), 'utf8');
    expect(load({ file: 'lost-write.scenario', text: lostWrite })).toEqual([]);
    const wrongExpectation = lostWrite.replace(/^expect violation no-acked-write-lost$/m, 'expect no-violation');
    expect(wrongExpectation).not.toBe(lostWrite);
    expect(load({ file: 'lost-write.scenario', text: wrongExpectation })).toEqual(['expectation NOT met']);
    const worded = load(edited('worded', (artifact) => (artifact.violation.message = 'another text')));
    expect(worded).toEqual(['the same violation, worded otherwise when the artifact was written: "another text"']);
  });
});

describe.runIf(corpusFiles.length > 0)("a studio session's steps", () => {
  it('are the steps of the run faultline replay makes: it ends at the violation, counted and numbered as the transcript does', () => {
    for (const file of corpusFiles) {
      const session = load(file);
      const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
      const protocol = session.setup.protocol;
      const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      const counts = runCounts(buildStudyModel({ protocol, artifact, result }));
      expect(session.length, file).toBe((result.trace ?? []).length);
      // The timeline's phase line is the transcript's banner.
      if (counts.liveness > 0)
        expect(studyTranscript({ protocol, artifact, result }, { full: true }), file).toContain(`  ── ${session.phaseBanner()} ──`);
      expect(session.summaryText(), file).toMatch(new RegExp(`^${counts.scheduled} scheduled events, ${counts.liveness} liveness steps`));
      const violation = result.violation;
      if (violation && violation.phase !== 'end') {
        // The run stops after the violation's step: the last step the page shows, named as the transcript names it.
        expect(session.violationCursor, file).toBe(session.length);
        const name = `${violation.step}${violation.phase === 'liveness' ? 'L' : ''}`;
        expect(session.stepName(violation.step), file).toBe(name);
        expect(session.cursorText(session.length), file).toMatch(new RegExp(`^after step ${name} \\(steps 0–${name}\\)$`));
        expect(session.summaryText(), file).toContain(`breaks after step ${name}`);
        // Nothing is offered after the violation: the run ends there.
        expect(session.endsAt(session.length), file).toBe(true);
        expect(session.candidates(session.length), file).toEqual([]);
        expect(session.candidates(session.length - 1).length, file).toBeGreaterThan(0);
      }
    }
  });
});
