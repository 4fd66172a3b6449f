/**
 * The causal slice of a counterexample: for every counterexample in the regression corpus (every
 * protocol), the slice is closed under happens-before (a kept delivery keeps its send, a kept reply
 * its request, a kept step of a node every earlier step that changed that node), says why each
 * step is kept, folds everything else, is smaller than the trace, and its Mermaid diagram stays
 * under 40 arrows. The transcript shows kept steps and counts the folded ones exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sortBy from 'lodash/sortBy.js';
import { corpusFolder as corpus, corpusFiles as listCorpus } from './corpus-support.ts';
import { describe, expect, it } from 'vitest';
import type { ScheduleEvent } from '../src/core/events.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { kafka as kafkaProtocol } from '../src/protocols/kafka/index.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { artifactOf, parseArtifact } from '../src/study/artifact.ts';
import { mermaidLines } from '../src/study/mermaid.ts';
import { buildStudyModel, type StudyInput, type StudyModel } from '../src/study/model.ts';
import { studyTranscript } from '../src/study/render.ts';
import { causalSlice, foldedRuns, type CausalSlice } from '../src/study/slice.ts';
import { sliceSummary } from '../src/study/transcript.ts';

const corpusFiles = listCorpus();

/** The summary field in which each protocol's leader records what its followers hold. */
const leaderRecordField: Record<string, string> = { kafka: 'followers', raft: 'match', zab: 'acked', 'primary-backup': 'match' };

function corpusInput(file: string): StudyInput {
  const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
  const protocol = findProtocol(artifact.protocol);
  if (!protocol) throw new Error(`${file}: unknown protocol ${artifact.protocol}`);
  const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
  return { protocol, artifact, result, artifactFile: file };
}

function scheduleInput(events: readonly ScheduleEvent[], variant = 'ack-before-replicate'): StudyInput {
  const config = primaryBackup.defaultConfig();
  const schedule = { randomSeed: 0, events };
  const result = replaySchedule({ protocol: primaryBackup, variant, config }, schedule);
  const artifact = artifactOf({ protocol: primaryBackup, variant, config }, schedule, { result });
  return { protocol: primaryBackup, artifact, result };
}

function arrowCount(lines: readonly string[]): number {
  return lines.filter((line) => !line.trimStart().startsWith('Note') && /^ {2}\w+(->>|-->>|-x|--x|-\))\w+:/.test(line)).length;
}

/** A line that opens a step in a Mermaid diagram: an arrow or a note whose text starts with the step number. */
const stepLabel = /^ {2}(?:Note over [^:]+|(?:C|N\d+)(?:->>|-x|--x|-\)|-->>)(?:C|N\d+)): (\d+): /;

/**
 * For each run of state notes (`Note right of`), the step number of the line before it; NaN when
 * that line carries none (the notes then read as the previous step's, or as no step's).
 */
function labelsOfStateNotes(lines: readonly string[]): number[] {
  const labels: number[] = [];
  for (const [at, line] of lines.entries()) {
    const previous = lines[at - 1] ?? '';
    if (!line.startsWith('  Note right of ') || previous.startsWith('  Note right of ')) continue;
    labels.push(Number(stepLabel.exec(previous)?.[1] ?? Number.NaN));
  }
  return labels;
}

/** Checks the happens-before closure of a slice against the model it was cut from. */
function expectClosed(model: StudyModel, slice: CausalSlice, name: string): void {
  for (const [index, reasons] of slice.kept) {
    expect(reasons.length, `${name}: step ${index} is kept without a reason`).toBeGreaterThan(0);
    const step = model.steps[index]?.step;
    expect(step?.applied, `${name}: no-op step ${index} kept`).toBe(true);
    if (!step) continue;
    // A delivery depends on its send.
    const delivered = step.delivered;
    if (delivered && model.messageById.get(delivered.id)?.fate.kind === 'delivered') {
      const sentAt = model.messageById.get(delivered.id)?.sentAt ?? -1;
      expect(slice.kept.has(sentAt), `${name}: step ${index} receives a message sent at step ${sentAt}, which is not kept`).toBe(true);
    }
    // A reply depends on its request.
    for (const completed of step.completed) {
      const invokedAt = model.operations[completed.operationId]?.invokedAt ?? -1;
      expect(
        slice.kept.has(invokedAt),
        `${name}: step ${index} answers operation ${completed.operationId}, invoked at step ${invokedAt}, which is not kept`,
      ).toBe(true);
    }
    // A step depends on the node's earlier steps: every earlier step that changed a node this step stepped is kept.
    const stepped = new Set(model.steps[index]?.nodeChanges.map((changed) => changed.node) ?? []);
    if (step.actingNode !== null) stepped.add(step.actingNode);
    for (let earlier = 0; earlier < index; earlier++) {
      const changedThere = model.steps[earlier]?.nodeChanges.some((changed) => stepped.has(changed.node)) ?? false;
      if (changedThere)
        expect(slice.kept.has(earlier), `${name}: step ${earlier} changed a node that kept step ${index} builds on, but is not kept`).toBe(true);
    }
  }
}

describe.runIf(corpusFiles.length > 0)('the causal slice of every corpus counterexample', () => {
  const measured = corpusFiles.map((file) => {
    const input = corpusInput(file);
    const model = buildStudyModel(input);
    return { name: file.slice(corpus.length + 1), input, model, slice: causalSlice(model) };
  });

  it('is closed under happens-before, says why each step is kept, and keeps the violation', () => {
    for (const { name, model, slice } of measured) {
      expect(slice, name).not.toBeNull();
      if (!slice) continue;
      expectClosed(model, slice, name);
      const violation = model.violation;
      if (violation && violation.phase !== 'end') {
        expect(slice.kept.get(violation.step)?.join(' '), name).toContain(`${violation.property} breaks right after this step`);
      }
      // Reasons speak the protocol's own field names (from summarizeState).
      const fields = new Set(model.snapshots.flat().flatMap((node) => node.fields.map(([field]) => field)));
      const reasons = [...slice.kept.values()].flat().join('\n');
      expect(
        [...fields].some((field) => reasons.includes(`'s ${field}`)),
        `${name}: no reason names a state field`,
      ).toBe(true);
    }
  });

  it('names the messages a kept step sends whole up to 120 characters (at 80, the middle of a LeaderAndIsr, its ISR, was cut)', () => {
    const acks = measured.find(({ name }) => name === 'kafka/acks-1.json');
    const reasons = [...(acks?.slice?.kept.values() ?? [])].flat();
    expect(reasons).toContain(
      'sends LeaderAndIsr(p0 leader 1, epoch 1, isr [1,2], partition epoch 1, for incarnation 1) to node 0, which receives it at step 21',
    );
  });

  it("shows a leader's record of what its followers hold, what it commits on: a step that changes only it is a state change", () => {
    // Before the leaders showed it, such a step looked like a no-op and the slice folded it, though a commit depends on it.
    const recordOnly = new Map<string, number>();
    for (const { model } of measured) {
      const field = leaderRecordField[model.protocol.name] ?? '';
      const found = model.steps.some((step) =>
        step.nodeChanges.some((node) => node.changes.length > 0 && node.changes.every((change) => change.field.endsWith(field))),
      );
      if (found) recordOnly.set(model.protocol.name, (recordOnly.get(model.protocol.name) ?? 0) + 1);
    }
    for (const protocol of ['kafka', 'raft', 'zab']) expect(recordOnly.get(protocol), protocol).toBeGreaterThan(0);
  });

  it('folds most of the trace away: smaller than the trace for each but a story whose every step counts, at most half of it in the median', () => {
    // ZAB snapshot-sessions-behind-zxid is 10 steps, each needed: three proposals, the follower's
    // ACK that lets the leader commit (step 3), the commit, the snapshot, the crash, the restart.
    const everyStepCounts = new Set(['zab/snapshot-sessions-behind-zxid.json']);
    const fractions = measured.map(({ name, model, slice }) => {
      const kept = slice?.kept.size ?? model.steps.length;
      if (everyStepCounts.has(name)) expect(kept, name).toBe(model.steps.length);
      else expect(kept, name).toBeLessThan(model.steps.length);
      return kept / model.steps.length;
    });
    fractions.sort((a, b) => a - b);
    expect(fractions[Math.floor(fractions.length / 2)]).toBeLessThanOrEqual(0.5);
  });

  it('docs/studying.md quotes these figures as they are now (it said 22 counterexamples when there were 41)', () => {
    const displayName: Record<string, string> = { kafka: 'Kafka', raft: 'Raft', zab: 'ZAB', 'primary-backup': 'primary-backup' };
    const rows = measured.map(({ name, model, slice }) => ({
      story: `${displayName[model.protocol.name] ?? model.protocol.name} \`${name.split('/')[1]?.replace(/\.json$/, '')}\``,
      kept: slice?.kept.size ?? model.steps.length,
      steps: model.steps.length,
      arrows: arrowCount(mermaidLines(model)),
      full: arrowCount(mermaidLines(model, { full: true })),
    }));
    const byShare = sortBy(rows, (row) => row.kept / row.steps);
    const median = Math.round(100 * ((byShare[Math.floor(rows.length / 2)]?.kept ?? 0) / (byShare[Math.floor(rows.length / 2)]?.steps ?? 1)));
    const [best, worst] = [byShare[0], byShare.at(-1)];
    const count = (value: number) => value.toLocaleString('en-US');
    const arrows = rows.map((row) => row.arrows);
    const full = rows.map((row) => row.full);
    const sentence =
      `Over the ${rows.length} counterexamples in \`counterexamples/\` the slice keeps a median of ${median}% of the steps ` +
      `(a ${100 - median}% reduction; at best ${count(best?.kept ?? 0)} of ${count(best?.steps ?? 0)} steps, ${best?.story}; ` +
      `at worst ${count(worst?.kept ?? 0)} of ${count(worst?.steps ?? 0)}, ${worst?.story}), and its Mermaid diagram has ` +
      `${Math.min(...arrows)} to ${Math.max(...arrows)} arrows where the full one has ${Math.min(...full)} to ${Math.max(...full)}`;
    const studying = readFileSync(join(import.meta.dirname, '../docs/studying.md'), 'utf8').replace(/\s+/g, ' ');
    expect(studying.match(/Over the \d+ counterexamples .*? where the full one has \d+ to \d+/)?.[0], 'docs/studying.md, "The causal slice"').toBe(
      sentence,
    );
  });

  it('draws a Mermaid diagram of under 40 arrows for every counterexample (the full one is bounded too)', () => {
    for (const { name, model } of measured) {
      expect(arrowCount(mermaidLines(model)), name).toBeLessThanOrEqual(40);
      expect(arrowCount(mermaidLines(model)), name).toBeLessThanOrEqual(arrowCount(mermaidLines(model, { full: true })));
    }
  });

  it('folds the middle of a slice longer than 40 arrows into one note, keeping its start and its end', () => {
    const long = measured.filter(({ model }) => arrowCount(mermaidLines(model, { sliceArrowsMax: Number.POSITIVE_INFINITY })) > 40);
    expect(long.length, 'some corpus counterexample has a long slice (a liveness failure)').toBeGreaterThan(0);
    for (const { name, model } of long) {
      const whole = mermaidLines(model, { sliceArrowsMax: Number.POSITIVE_INFINITY });
      const folded = mermaidLines(model);
      const arrows = (lines: readonly string[]) => lines.filter((line) => arrowCount([line]) === 1);
      expect(arrows(folded).slice(0, 20), name).toEqual(arrows(whole).slice(0, 20));
      expect(arrows(folded).slice(-20), name).toEqual(arrows(whole).slice(-20));
      expect(
        folded.filter((line) => line.includes('more arrows folded here')),
        name,
      ).toHaveLength(1);
      expect(folded.at(-1), name).toBe(whole.at(-1));
    }
  });

  it("labels every kept step's state notes with its step number (a tick's had none: Raft volatile-vote's step 3)", () => {
    for (const { name, model, slice } of measured) {
      if (!slice) continue;
      // Unfolded: every kept step's notes are there. A truncated diagram (150 arrows) stops at a step.
      const whole = mermaidLines(model, { sliceArrowsMax: Number.POSITIVE_INFINITY });
      const truncatedAt = Number(/diagram truncated at step (\d+)/.exec(whole.join('\n'))?.[1] ?? Number.POSITIVE_INFINITY);
      const withNotes = model.steps
        .filter(({ step, quiet, nodeChanges }) => slice.kept.has(step.index) && step.applied && !quiet && nodeChanges.length > 0)
        .map(({ step }) => step.index)
        .filter((index) => index < truncatedAt);
      expect(labelsOfStateNotes(whole), name).toEqual(withNotes);
      // As rendered (the middle of a long slice folded): each group of notes follows its step's label.
      const rendered = labelsOfStateNotes(mermaidLines(model));
      expect(
        rendered.every((index) => withNotes.includes(index)),
        name,
      ).toBe(true);
      expect(rendered, name).toEqual([...new Set(rendered)].sort((a, b) => a - b));
    }
  });

  it('is deterministic', () => {
    const [first] = measured;
    if (!first) return;
    const again = causalSlice(buildStudyModel(corpusInput(join(corpus, first.name))));
    expect(again ? [...again.kept] : null).toEqual(first.slice ? [...first.slice.kept] : null);
  });
});

describe("the causal slice keeps the step a Kafka story turns on: a stale fetch moving the leader's record of a follower", () => {
  // Kafka last-replica-standing in 6 steps (exploration's shortest): broker 2 fetches the record
  // and sends its next fetch (offset 1); broker 1 crashes, broker 2 loses power. In the liveness
  // phase that fetch from broker 2's earlier life reaches the leader, which takes offset 1 as
  // broker 2's position and, once the ISR is [0,2], acknowledges a write only it holds.
  const { protocol: kafka, config } = setupOrThrow(kafkaProtocol, 'last-replica-standing');
  const schedule = {
    randomSeed: 0,
    events: [
      { kind: 'client', node: 0, client: 0, operation: { type: 'produce', partition: 0, value: 0 } },
      { kind: 'tick', node: 2 },
      { kind: 'deliver', message: 1 },
      { kind: 'deliver', message: 1 },
      { kind: 'crash', node: 1, loseUnflushed: false },
      { kind: 'crash', node: 2, loseUnflushed: true },
    ] satisfies ScheduleEvent[],
  };
  const result = replaySchedule({ protocol: kafka, variant: 'last-replica-standing', config }, schedule);
  const model = buildStudyModel({
    protocol: kafka,
    artifact: artifactOf({ protocol: kafka, variant: 'last-replica-standing', config }, schedule, { result }),
    result,
  });
  const slice = causalSlice(model);

  it('keeps the stale fetch arriving in the liveness phase, and the step that sent it', () => {
    expect(model.violation?.property).toBe('acked-on-min-isr');
    expect(slice).not.toBeNull();
    if (!slice) return;
    expectClosed(model, slice, 'last-replica-standing');
    const staleArrival = model.steps.findIndex(
      ({ step }) =>
        step.phase === 'liveness' &&
        step.delivered?.from === 2 &&
        step.delivered.to === 0 &&
        /^Fetch\(p0 offset 1, epoch 0\)/.test(step.delivered.text),
    );
    expect(staleArrival).toBeGreaterThan(0);
    expect(slice.kept.get(staleArrival)?.join(' ')).toMatch(/changes node 0's followers/);
    const sent = model.steps.findIndex((step) => step.step.sent.some((message) => /Fetch\(p0 offset 1, epoch 0\)/.test(message.text)));
    expect(slice.kept.get(sent)?.join(' ')).toMatch(new RegExp(`which receives it at step ${staleArrival}`));
  });
});

describe('the causal slice of a hand-written failure', () => {
  // An idle tick of a backup (noise), both backups down, the primary acknowledges write 7 and
  // crashes before any backup has it; the liveness phase then elects a backup without the write.
  const lostWrite: ScheduleEvent[] = [
    { kind: 'tick', node: 1 },
    { kind: 'crash', node: 2, loseUnflushed: false },
    { kind: 'crash', node: 1, loseUnflushed: false },
    { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
    { kind: 'crash', node: 0, loseUnflushed: false },
    { kind: 'deliver', message: 0 },
    { kind: 'deliver', message: 0 },
  ];
  const input = scheduleInput(lostWrite);
  const model = buildStudyModel(input);
  const slice = causalSlice(model);

  it("keeps the acknowledged write and the crash, says why in the protocol's words, and folds the rest", () => {
    expect(model.violation?.property).toBe('no-acked-write-lost');
    expect(slice).not.toBeNull();
    if (!slice) return;
    expectClosed(model, slice, 'lost write');
    expect(slice.kept.get(3)?.join(' ')).toMatch(/changes node 0's log — the violation is about node 0/);
    expect(slice.kept.get(4)?.join(' ')).toMatch(/node 0 goes down/);
    // The idle tick of node 1 changed nothing: folded.
    expect(slice.kept.has(0)).toBe(false);
  });

  it('prints kept steps with why, and counts every folded step exactly once', () => {
    const lines = studyTranscript(input);
    expect(lines.join('\n')).toMatch(/causal slice: the \d+ of \d+ steps the violation depends on/);
    expect(lines.some((line) => /^\s+why: changes node 0's log — the violation is about node 0$/.test(line))).toBe(true);
    if (!slice) return;
    const printed = lines.flatMap((line) => /^\s+(\d+)L?\s+\S/.exec(line)?.[1] ?? []).map(Number);
    expect(printed).toEqual([...slice.kept.keys()]);
    const folded = lines.flatMap((line) => {
      const match = /… (\d+) other steps? \((\d+)(?:–(\d+))?\)/.exec(line);
      return match ? [[Number(match[2]), Number(match[3] ?? match[2]), Number(match[1])] as const] : [];
    });
    let counted = 0;
    for (const [first, last, count] of folded) {
      expect(last - first + 1).toBe(count);
      counted += count;
    }
    expect(counted + slice.kept.size).toBe(slice.stepCount);
    expect(folded.map(([first, last]) => [first, last])).toEqual(
      foldedRuns(slice, slice.stepCount).flatMap(([first, last]) => {
        // A fold across the start of the liveness phase is printed in two parts around the banner.
        const start = model.livenessStart;
        return start !== null && start > first && start <= last
          ? [
              [first, start - 1],
              [start, last],
            ]
          : [[first, last]];
      }),
    );
  });

  it("shows the primary's record of what each backup confirmed: the first confirmation changes only it, the second commits", () => {
    const events: ScheduleEvent[] = [
      ...Array.from({ length: 6 }, () => ({ kind: 'deliver', message: 0 }) as const),
      { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 7 } },
      ...Array.from({ length: 6 }, () => ({ kind: 'deliver', message: 0 }) as const),
    ];
    const confirmed = buildStudyModel(scheduleInput(events, 'correct')).steps.flatMap((step, index) =>
      step.nodeChanges
        .filter((node) => node.node === 0 && node.changes.some((change) => change.field === leaderRecordField['primary-backup']))
        .map((node) => ({ index, fields: node.changes.map((change) => change.field) })),
    );
    expect(confirmed.slice(0, 2)).toEqual([
      { index: 9, fields: ['match'] },
      { index: 10, fields: ['match', 'commit'] },
    ]);
  });

  it('has no slice without a violation: the transcript is the full one', () => {
    const correct = scheduleInput(
      [
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } },
        { kind: 'deliver', message: 0 },
      ],
      'correct',
    );
    expect(correct.result.violation).toBeNull();
    expect(causalSlice(buildStudyModel(correct))).toBeNull();
    expect(studyTranscript(correct)).toEqual(studyTranscript(correct, { full: true }));
  });
});

describe("the slice's summary line", () => {
  it('counts folded steps in the singular and the plural', () => {
    const slice = (kept: number, stepCount: number): CausalSlice => ({
      evidence: { nodes: [], operations: [], steps: [], lastStep: stepCount - 1 } as unknown as CausalSlice['evidence'],
      kept: new Map(Array.from({ length: kept }, (_, step) => [step, ['kept']])),
      stepCount,
    });
    // It said "1 other steps folded".
    expect(sliceSummary(slice(4, 5))).toBe('causal slice: the 4 of 5 steps the violation depends on; 1 other step folded (--full shows every step)');
    expect(sliceSummary(slice(3, 5))).toContain('; 2 other steps folded (');
  });
});
