/**
 * The studio's session (what the browser page drives): a loaded counterexample reaches the same
 * violation at the same step as `faultline replay`, stepping through the liveness phase; every
 * offered next event applies; branching keeps the prefix; exports round-trip (the artifact has the
 * replay's trace hash, the scenario reloads to the same violation); bad files are one-line errors.
 */
import { readFileSync } from 'node:fs';
import { corpusFiles as listCorpus } from './corpus-support.ts';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { protocols } from '../src/protocols/registry.ts';
import { parseArtifact } from '../src/study/artifact.ts';
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
  });
});
