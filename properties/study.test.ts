/**
 * Studying a counterexample: the transcript shows who did what and only what changed, the Mermaid
 * diagram is valid, the Markdown and HTML carry the replay command and the violation, the HTML is
 * self-contained, and all of it is deterministic and protocol-agnostic (checked with a made-up
 * protocol whose texts contain every character Mermaid and HTML choke on).
 */
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleEvent } from '../src/core/events.ts';
import { Simulator } from '../src/core/simulator.ts';
import type { NodeState, Protocol } from '../src/core/types.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { defaultProfile } from '../src/protocols/shared.ts';
import { readFileSync } from 'node:fs';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { protocols } from '../src/protocols/registry.ts';
import { artifactOf, parseArtifact } from '../src/study/artifact.ts';
import { corpusFiles } from './corpus-support.ts';
import { mermaidLines, mermaidText } from '../src/study/mermaid.ts';
import { buildStudyModel, type StudyInput } from '../src/study/model.ts';
import { earlierStepsText, explainViolation, mentionsIn } from '../src/study/explain.ts';
import { causalSlice, markdownTranscriptLinesMax, replayCommand, studyHtml, studyMarkdown, studyTranscript } from '../src/study/render.ts';
import { partitionLabelRow, scheduledEventsLabel } from '../src/study/html.ts';

/** The page's diagram views: the causal slice first, then every step (or only one view without a violation). */
function views(html: string): string[] {
  return html.split(/<div class="view[ "]/).slice(1);
}
import type { AnyProtocol } from '../src/core/types.ts';

function studyInput(
  protocol: AnyProtocol,
  variant: string,
  events: readonly ScheduleEvent[],
  config: unknown = protocol.defaultConfig(),
  artifactFile?: string,
): StudyInput {
  const schedule: Schedule = { randomSeed: 0, events };
  const result = new Simulator({ protocol, config, variant }, { recordTrace: true }).run(schedule);
  const artifact = artifactOf({ protocol, variant, config }, schedule, { result, seed: 42, path: '7:0:1', eventsBeforeShrink: 30 });
  return artifactFile === undefined ? { protocol, artifact, result } : { protocol, artifact, result, artifactFile };
}

const write = (value: number) => ({ type: 'write', value });

/** The minimal ack-before-replicate failure: backups down, write acknowledged, primary crashes. */
const lostWrite: ScheduleEvent[] = [
  { kind: 'crash', node: 2, loseUnflushed: false },
  { kind: 'crash', node: 1, loseUnflushed: false },
  { kind: 'deliver', message: 0 }, // nothing in flight yet: a no-op
  { kind: 'client', node: 0, client: 0, operation: write(7) },
  { kind: 'crash', node: 0, loseUnflushed: false },
  { kind: 'deliver', message: 0 },
  { kind: 'deliver', message: 0 },
];

/** A power-loss crash, a partition, a duplicate, a drop and a failed operation. */
const stormy: ScheduleEvent[] = [
  { kind: 'client', node: 0, client: 0, operation: write(7) },
  { kind: 'duplicate', message: 0 },
  { kind: 'deliver', message: 0 },
  { kind: 'partition', groups: [0, 1, 1] },
  { kind: 'client', node: 0, client: 1, operation: write(8) },
  { kind: 'deliver', message: 5 },
  { kind: 'crash', node: 0, loseUnflushed: true },
  { kind: 'client', node: 0, client: 2, operation: { type: 'read' } },
  { kind: 'drop', message: 0 },
  { kind: 'heal' },
  { kind: 'deliver', message: 1 },
];

// ---------------------------------------------------------------------------------------------
// A made-up protocol: a token passed around a ring. Its texts contain ; # " < > % and newlines,
// and its summary has a field that disappears, to check the renderers know nothing of the protocol.
interface TokenConfig {
  readonly nodeCount: number;
  readonly fifo: boolean;
}
type TokenState = NodeState<{ readonly seen: number }, { readonly holding: boolean }>;
type TokenMessage = { readonly type: 'token'; readonly hops: number };
type TokenOperation = { readonly type: 'pass' };

const tokenRing: Protocol<TokenConfig, TokenState, TokenMessage, TokenOperation, number, null> = {
  name: 'token-ring',
  description: 'A token passed around a ring; only one node may hold it <at a time>.',
  variants: [{ name: 'correct', description: 'Passes the token on; a duplicate "clones" it; oops.' }],
  properties: [
    {
      name: 'single-token',
      description: 'at most one node holds the token',
      when: 'every-step',
      category: 'safety',
      check(view) {
        const holders = view.nodes.flatMap((slot, node) => (slot.up && slot.state.volatile.holding ? [node] : []));
        if (holders.length < 2) return null;
        return `nodes ${holders.join(' and ')} both hold the token <"#1;"> after operation 1`;
      },
    },
  ],
  settings: { nodeCount: { meaning: 'nodes in the ring' }, fifo: { meaning: 'FIFO links' } },
  rules: () => ({}),
  defaultConfig: () => ({ nodeCount: 3, fifo: false }),
  configure: (base) => base,
  validateConfig: () => null,
  nodeCount: (config) => config.nodeCount,
  clientCount: () => 2,
  fifoLinks: (config) => config.fifo,
  scheduleProfile: () => defaultProfile,
  liveness: () => ({ roundsMax: 3, retryEveryRounds: 2 }),
  livenessTunedFor: (config) => config,
  init: (context) => ({ durable: { seen: 0 }, volatile: { holding: context.node === 0 } }),
  step(context, state, input) {
    switch (input.kind) {
      case 'receive':
        return { state: { durable: { seen: state.durable.seen + 1 }, volatile: { holding: true } }, actions: [] };
      case 'client': {
        const reply = {
          kind: 'reply' as const,
          operationId: input.request.operationId,
          reply: { outcome: 'ok' as const, output: state.durable.seen },
        };
        if (!state.volatile.holding) return { state, actions: [reply] };
        const to = (context.node + 1) % context.nodeCount;
        return {
          state: { ...state, volatile: { holding: false } },
          actions: [{ kind: 'send', to, message: { type: 'token', hops: state.durable.seen + 1 } }, reply],
        };
      }
      default:
        return { state, actions: [] };
    }
  },
  crash: (_context, state) => state.durable,
  restart: (_context, durable) => ({ durable, volatile: { holding: false } }),
  ghost: { init: () => null, observe: () => null },
  workload: { kindCount: 1, parameterCount: 0, parameterMax: 0, build: () => ({ type: 'pass' }) },
  describeMessage: (message) => `Token<"#${message.hops};">\n%%{hops}`,
  describeOperation: () => 'pass; #now <"x">',
  describeOutput: (output) => `seen ${output}`,
  summarizeState: (state) => (state.volatile.holding ? { token: '<held>', seen: String(state.durable.seen) } : { seen: String(state.durable.seen) }),
  parseOperation: () => ({ type: 'pass' }),
};

/** Node 0 passes to 1 (the network duplicates it), 1 passes on to 2, the copy reaches 1 again. */
const clonedToken: ScheduleEvent[] = [
  { kind: 'client', node: 0, client: 0, operation: { type: 'pass' } },
  { kind: 'duplicate', message: 0 },
  { kind: 'deliver', message: 0 },
  { kind: 'client', node: 1, client: 1, operation: { type: 'pass' } },
  { kind: 'deliver', message: 0 },
  { kind: 'deliver', message: 0 },
];

// ---------------------------------------------------------------------------------------------

/** Lines of a Mermaid sequence diagram this renderer may emit. */
const actor = String.raw`(?:C|N\d+)`;
const mermaidForms = [
  /^sequenceDiagram$/,
  new RegExp(String.raw`^  participant ${actor} as (?:clients|node \d+)$`),
  new RegExp(String.raw`^  ${actor}(?:->>|-->>|-x|--x|-\)|--\))${actor}: \S.*$`),
  new RegExp(String.raw`^  Note (?:over ${actor}(?:,${actor})?|right of ${actor}|left of ${actor}): \S.*$`),
];

function checkMermaid(lines: readonly string[]): void {
  expect(lines[0]).toBe('sequenceDiagram');
  for (const line of lines) {
    expect(
      mermaidForms.some((form) => form.test(line)),
      `not a Mermaid line this renderer emits: ${line}`,
    ).toBe(true);
    const text = line.includes(': ') ? line.slice(line.indexOf(': ') + 2) : line;
    // Once Mermaid's entity codes (#59; and the like) are taken out, nothing it chokes on is left.
    const bare = text.replace(/#\d+;/g, '');
    expect(bare, line).not.toMatch(/[#;"<>%\n\r]/);
  }
}

/** Every "a → b" in a change line differs: the transcript shows only changes. */
function changeSegments(lines: readonly string[]): { before: string; after: string }[] {
  const segments: { before: string; after: string }[] = [];
  for (const line of lines) {
    const match = /^\s+node \d+: (.*)$/.exec(line);
    if (!match || !(match[1] ?? '').includes('→')) continue;
    for (const part of (match[1] ?? '').split(' · ')) {
      const change = /^\S+ (.*) → (.*)$/.exec(part);
      expect(change, `change segment "${part}" in "${line}"`).not.toBeNull();
      segments.push({ before: change?.[1] ?? '', after: change?.[2] ?? '' });
    }
  }
  return segments;
}

describe('study transcript', () => {
  const input = studyInput(primaryBackup, 'ack-before-replicate', lostWrite);

  it('replays a real failure: the acknowledged write is lost', () => {
    expect(input.result.violation?.property).toBe('no-acked-write-lost');
  });

  it('says who did what, one line per step, and only what changed', () => {
    const lines = studyTranscript(input, { full: true });
    const text = lines.join('\n');
    expect(text).toContain('node 2 crashes');
    expect(text).toContain('client 0 invokes write 7 at node 0 (operation 0)');
    expect(text).toMatch(/node 0 sends Replicate\(epoch 1, log \[7\]\) to nodes 1, 2/);
    expect(text).toContain('node 0 replies to client 0: write 7 -> ok (operation 0)');
    expect(text).toContain('Replicate(epoch 1, log [7]) from node 0 to node 1 is lost (node 1 is down)');
    // At the write, only the log changed: role and epoch are not repeated.
    const invoked = lines.findIndex((line) => line.includes('invokes write 7'));
    const after = lines.slice(
      invoked + 1,
      lines.findIndex((line, index) => index > invoked && /^\s+\d+L?\s/.test(line)),
    );
    expect(after.filter((line) => line.includes('node 0:'))).toEqual(['         node 0: log [] → [7]']);
    const segments = changeSegments(lines);
    expect(segments.length).toBeGreaterThan(2);
    for (const segment of segments) expect(segment.before).not.toBe(segment.after);
  });

  it('hides no-op steps and says how many; shows them on request', () => {
    const hidden = studyTranscript(input, { full: true });
    expect(hidden.join('\n')).toContain('1 no-op step hidden (2)');
    expect(hidden.join('\n')).not.toContain('nothing happens');
    const shown = studyTranscript(input, { showNoops: true, full: true });
    expect(shown.join('\n')).toContain('deliver 0: nothing happens (no message in flight)');
    expect(shown.join('\n')).not.toContain('no-op step hidden');
  });

  it('marks the liveness phase and collapses its quiet stretches', () => {
    const lines = studyTranscript(input, { full: true });
    expect(lines.some((line) => line.includes('── liveness phase'))).toBe(true);
    expect(lines.some((line) => /^\s+\d+L\s+node 0 restarts$/.test(line))).toBe(true);
    expect(lines.some((line) => /… \d+ quiet liveness steps \(\d+–\d+\)/.test(line))).toBe(true);
    // Every liveness step is either printed or inside a collapsed stretch.
    const model = buildStudyModel(input);
    const printed = new Set(lines.flatMap((line) => /^\s+(\d+)L\s/.exec(line)?.[1] ?? []).map(Number));
    const collapsed = lines.flatMap((line) => {
      const match = /quiet liveness steps \((\d+)–(\d+)\)/.exec(line);
      return match ? [[Number(match[1]), Number(match[2])] as const] : [];
    });
    for (const entry of model.steps.filter((step) => step.step.phase === 'liveness')) {
      const index = entry.step.index;
      const inside = collapsed.some(([from, to]) => from <= index && index <= to);
      expect(printed.has(index) || inside, `liveness step ${index} missing`).toBe(true);
      if (inside) expect(entry.quiet).toBe(true);
    }
  });

  it('explains the violation: property, promise, message, when, and the steps that led there', () => {
    const text = studyTranscript(input).join('\n');
    expect(text).toContain('VIOLATED: no-acked-write-lost — after the liveness phase every acknowledged write is in the log of every node');
    expect(text).toContain(input.result.violation?.message ?? 'missing');
    expect(text).toMatch(/when: +at the end of the run/);
    expect(text).toMatch(/operation 0 \(client 0: write 7\)\n\s+step 3 +client 0 invokes write 7 at node 0\n\s+step 3 +acknowledged: write 7 -> ok/);
    expect(text).toMatch(
      /node 0: the last steps that touched it[\s\S]*step 4 +node 0 crashes[\s\S]*step \d+L +node 0 restarts — [^\n]*log \[7\] → \[\]/,
    );
    expect(text).toMatch(/state at the end:\n\s+node 0 +up +role primary \(active\)/);
  });

  it('colours through the style functions only, and plain text stays plain', () => {
    const mark = (name: string) => (text: string) => `<${name}>${text}</${name}>`;
    const coloured = studyTranscript(input, {
      style: { red: mark('r'), dim: mark('d'), green: mark('g'), bold: mark('b'), yellow: mark('y'), cyan: mark('c') },
    });
    const plain = studyTranscript(input);
    expect(coloured.length).toBe(plain.length);
    expect(coloured.map((line) => line.replace(/<\/?[rdgbyc]>/g, ''))).toEqual(plain);
    expect(coloured.join('\n')).toContain('<r><b>VIOLATED: no-acked-write-lost</b></r>');
    // picocolors fits the style parameter as is.
    const terminal = studyTranscript(input, { style: pc.createColors(true) });
    expect(terminal.join('\n')).toContain('\u001b[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test strips the terminal's colour escapes
    expect(terminal.map((line) => line.replace(/\u001b\[\d+m/g, ''))).toEqual(plain);
  });

  it('reads nodes, operations and steps out of a property message', () => {
    expect(
      mentionsIn("acknowledged write 0 (operation 3, acknowledged at step 2) is missing from node 0's log", { nodes: 3, operations: 5, steps: 10 }),
    ).toEqual({
      nodes: [0],
      operations: [3],
      steps: [2],
    });
    expect(mentionsIn('brokers 1, 2 and 4 truncated offset 1; n0 too', { nodes: 5, operations: 0, steps: 0 }).nodes).toEqual([0, 1, 2, 4]);
    expect(mentionsIn('node 9 is not in a 3-node cluster', { nodes: 3, operations: 0, steps: 0 }).nodes).toEqual([]);
  });
});

describe('study Markdown of a long hand-written artifact', () => {
  it('lists the first events of the schedule and counts the rest (200,000 events overflowed the stack; 130,000 do too)', () => {
    const ticks = Array.from({ length: 130_000 }, (_, index) => ({ kind: 'tick', node: index % 3 }) as const);
    const markdown = studyMarkdown(studyInput(primaryBackup, 'correct', ticks));
    expect(markdown).toContain(`… ${130_000 - markdownTranscriptLinesMax} more events: the artifact holds them all`);
    expect(markdown.split('\n').length).toBeLessThan(3 * markdownTranscriptLinesMax);
  });
});

describe('study Markdown and Mermaid', () => {
  const input = studyInput(primaryBackup, 'ack-before-replicate', lostWrite, undefined, 'counterexamples/primary-backup/ack-before-replicate.json');

  it('has the header, the replay command, the schedule, the transcript, the diagram and the violation', () => {
    const markdown = studyMarkdown(input);
    expect(markdown.startsWith('# primary-backup / ack-before-replicate: `no-acked-write-lost` broken\n')).toBe(true);
    expect(markdown).toContain('npx faultline replay counterexamples/primary-backup/ack-before-replicate.json');
    expect(markdown).toContain('| fast-check | seed 42, path `7:0:1` |');
    expect(markdown).toContain('7 events (shrunk from 30)');
    expect(markdown).toContain('## Schedule');
    expect(markdown).toMatch(/ {2}2 {2}deliver 0 +\(no-op: no message in flight\)/);
    expect(markdown).toContain('## Transcript');
    expect(markdown).toContain('```mermaid\nsequenceDiagram\n');
    expect(markdown).toContain('VIOLATED: no-acked-write-lost');
    expect(markdown).toContain(input.result.violation?.message.replace(/[[\]]/g, (character) => `\\${character}`) ?? 'missing');
    // Code fences are balanced.
    expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('says what to pass when the artifact file is not known, and quotes a file name that needs it', () => {
    expect(replayCommand(studyInput(primaryBackup, 'ack-before-replicate', lostWrite))).toBe('npx faultline replay <artifact.json>');
    expect(replayCommand({ ...input, artifactFile: "my dir/it's.json" })).toBe(`npx faultline replay 'my dir/it'\\''s.json'`);
  });

  it('draws a valid sequence diagram: participants, arrows, lost messages, notes, the violation last', () => {
    const lines = mermaidLines(buildStudyModel(input), { full: true });
    checkMermaid(lines);
    expect(lines).toContain('  participant C as clients');
    expect(lines).toContain('  participant N2 as node 2');
    expect(lines).toContain('  C->>N0: 3: client 0 invokes write 7 (op 0)');
    expect(lines).toContain('  N0-->>C: 3: client 0: write 7 → ok');
    expect(lines.some((line) => /^ {2}N0-xN1: 5: Replicate\(epoch 1, log \[7\]\) \(sent at 3\), lost: node 1 is down$/.test(line))).toBe(true);
    expect(lines).toContain('  Note over N0: 4: crash');
    expect(lines.some((line) => line.startsWith('  N1->>N0: '))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^ {2}Note over C,N2: VIOLATED no-acked-write-lost at the end of the run: acknowledged write 7/);
  });

  it('stays bounded and says where it stopped', () => {
    const lines = mermaidLines(buildStudyModel(input), { arrowsMax: 3 });
    checkMermaid(lines);
    expect(lines.filter((line) => /^ {2}\S+(?:->>|-->>|-x|--x|-\))\S+:/.test(line)).length).toBeLessThanOrEqual(4);
    expect(lines.some((line) => line.includes('diagram truncated at step'))).toBe(true);
  });

  it('bounds a long run: at most the arrow budget, and a note where it stops', () => {
    const events: ScheduleEvent[] = [];
    for (let round = 0; round < 60; round++) {
      events.push({ kind: 'client', node: 0, client: round % 3, operation: write(round % 10) });
      for (let delivery = 0; delivery < 4; delivery++) events.push({ kind: 'deliver', message: 0 });
    }
    const model = buildStudyModel(studyInput(primaryBackup, 'correct', events));
    const lines = mermaidLines(model);
    checkMermaid(lines);
    expect(lines.filter((line) => /^ {2}\S+(?:->>|-->>|-x|--x|-\))\S+:/.test(line)).length).toBeLessThanOrEqual(151);
    expect(lines.some((line) => line.includes('diagram truncated at step'))).toBe(true);
    expect(lines[lines.length - 1]).toBe('  Note over C,N2: end of run: no property broken');
  });

  it("the slice's diagrams draw a kept step's messages that never left, as its transcript lines show them", () => {
    // The saved counterexample's story: the primary cut off, a write acknowledged, the primary down.
    const cutOff = studyInput(primaryBackup, 'ack-before-replicate', [
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'client', node: 0, client: 0, operation: write(0) },
      { kind: 'crash', node: 0, loseUnflushed: false },
    ]);
    const model = buildStudyModel(cutOff);
    const kept = causalSlice(model)?.kept;
    const neverLeft = model.messages.filter((message) => message.fate.kind === 'lost-at-send' && kept?.has(message.sentAt));
    expect(neverLeft.length).toBeGreaterThan(0);
    const lines = mermaidLines(model);
    checkMermaid(lines);
    for (const message of neverLeft) {
      expect(lines.some((line) => line.startsWith(`  N${message.from}--xN${message.to}: ${message.sentAt}: `))).toBe(true);
    }
    const sliceView = studyHtml(cutOff).split('class="view view-full"')[0] ?? '';
    expect(sliceView).toContain('class="view view-slice"');
    expect(sliceView.match(/class="message-arrow lost-at-send"/g)).toHaveLength(neverLeft.length);
  });

  it("the slice's diagram shows every kept step, a step that only sends messages too, or counts it in a fold note", () => {
    /** Step numbers a diagram draws (`N0->>N1: 11: ...`, `Note over N0: 8: ...`) and folds (`… 3 other steps (5–7)`). */
    const stepsShown = (lines: readonly string[]): { drawn: Set<number>; folded: Set<number>; sentAt: number[] } => {
      const drawn = new Set<number>();
      const folded = new Set<number>();
      const sentAt: number[] = [];
      for (const line of lines) {
        const at = /^ {2}(?:Note [^:]+|\S+?(?:->>|-->>|-x|--x|-\))\S+): (\d+): /.exec(line);
        if (at) drawn.add(Number(at[1]));
        for (const sent of line.matchAll(/\(sent at (\d+)\)/g)) sentAt.push(Number(sent[1]));
        const fold = /: … \d+ other steps? \(([^)]*)\)$/.exec(line);
        for (const range of fold?.[1]?.split(', ') ?? []) {
          const [first, last = first] = range.split('–').map(Number);
          for (let step = first as number; step <= (last as number); step++) folded.add(step);
        }
      }
      return { drawn, folded, sentAt };
    };
    const inputs: StudyInput[] = [
      // The saved ack-before-replicate story: the recovering primary's tick 8 only sends RecoverRequest.
      studyInput(primaryBackup, 'ack-before-replicate', [
        { kind: 'partition', groups: [0, 1, 1] },
        { kind: 'client', node: 0, client: 0, operation: write(0) },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ]),
      ...corpusFiles().map((file) => {
        const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
        const protocol = protocols.find((known) => known.name === artifact.protocol) as AnyProtocol;
        const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
        return { protocol, artifact, result };
      }),
    ];
    for (const input of inputs) {
      const model = buildStudyModel(input);
      const slice = causalSlice(model);
      if (!slice) continue;
      const lines = mermaidLines(model, { sliceArrowsMax: 10_000, arrowsMax: 10_000 });
      const { drawn, folded, sentAt } = stepsShown(lines);
      const name = `${input.artifact.protocol}/${input.artifact.variant}`;
      for (const step of slice.kept.keys()) expect(drawn.has(step) || folded.has(step), `${name}: kept step ${step}`).toBe(true);
      for (let step = 0; step < slice.stepCount; step++) expect(drawn.has(step) || folded.has(step), `${name}: step ${step}`).toBe(true);
      for (const step of sentAt) expect(drawn.has(step), `${name}: "(sent at ${step})" but step ${step} is not drawn`).toBe(true);
    }
    const recovering = mermaidLines(buildStudyModel(inputs[0] as StudyInput));
    expect(recovering).toContain('  Note over N0: 8: tick 0: node 0 sends RecoverRequest to nodes 1, 2');
  });

  it('the page\'s "show every step" view has a column for every step: no-ops and quiet steps too', () => {
    const input = studyInput(primaryBackup, 'ack-before-replicate', [
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'deliver', message: 0 }, // nothing in flight: a no-op
      { kind: 'client', node: 0, client: 0, operation: write(0) },
      { kind: 'crash', node: 0, loseUnflushed: false },
    ]);
    const model = buildStudyModel(input);
    expect(model.steps.some((entry) => !entry.step.applied)).toBe(true);
    expect(model.steps.some((entry) => entry.quiet && entry.step.phase === 'liveness')).toBe(true);
    const html = studyHtml(input);
    expect(html).toContain(`show every step (${model.steps.length})`);
    const [sliceView = '', fullView = ''] = views(html);
    const columns = [...fullView.matchAll(/class="step-column[^"]*" data-step="(\d+)"/g)].map((match) => Number(match[1]));
    expect(columns).toEqual(model.steps.map((_, index) => index));
    expect(fullView).not.toContain('class="step-gap"');
    // The slice still folds what the violation does not depend on.
    expect(sliceView).toContain('class="step-gap"');
  });

  it('the liveness banner says what the phase did first: which nodes it restarted, whether it healed a partition', () => {
    const banner = (events: readonly ScheduleEvent[]): { transcript: string; mermaid: string } => {
      const input = studyInput(primaryBackup, 'ack-before-replicate', events);
      const model = buildStudyModel(input);
      const transcript = studyTranscript(input, { full: true }).find((line) => line.includes('liveness phase:')) ?? '';
      const mermaid = mermaidLines(model, { full: true }).find((line) => line.includes('liveness phase:')) ?? '';
      return { transcript, mermaid };
    };
    const cutOff = banner([
      { kind: 'partition', groups: [0, 1, 1] },
      { kind: 'client', node: 0, client: 0, operation: write(0) },
      { kind: 'crash', node: 0, loseUnflushed: false },
    ]);
    expect(cutOff.transcript).toContain('liveness phase: the network is healed and node 0 restarted, then messages are delivered');
    expect(cutOff.mermaid).toBe('  Note over C,N2: liveness phase: network healed, node 0 restarted, then deliver, tick and retry until quiet');
    expect(banner(lostWrite).transcript).toContain('liveness phase: nodes 0, 1, 2 restarted (the network was not partitioned), then');
    expect(banner([{ kind: 'partition', groups: [0, 1, 1] }]).transcript).toContain('liveness phase: the network is healed (no node was down), then');
    const calm = banner([{ kind: 'client', node: 0, client: 0, operation: write(1) }]);
    expect(calm.transcript).toContain('liveness phase: the network was not partitioned and no node was down, then');
    expect(calm.mermaid).toContain('liveness phase: no partition to heal, no node down, then');
  });

  it('counts the steps an explanation leaves out in words that agree with the number', () => {
    expect(earlierStepsText(1)).toBe('1 earlier step not shown');
    expect(earlierStepsText(3)).toBe('3 earlier steps not shown');
  });

  it("the picture's labels keep clear of each other: message labels of the × marks, partition labels of each other", () => {
    // The boxes LabelPlacer estimates (10 px text at 5.8 px a character), against each × (±9 px).
    let lostMarks = 0;
    for (const file of corpusFiles()) {
      const artifact = parseArtifact(file, readFileSync(file, 'utf8'));
      const protocol = protocols.find((known) => known.name === artifact.protocol) as AnyProtocol;
      const result = replaySchedule({ protocol, variant: artifact.variant, config: artifact.config }, artifact.schedule);
      for (const view of views(studyHtml({ protocol, artifact, result }))) {
        const crosses = [...view.matchAll(/d="M[\d.]+,[\d.]+ L([\d.]+),([\d.]+)" marker-end="url\(#lost\)"/g)].map((match) => ({
          x: Number(match[1]),
          y: Number(match[2]),
        }));
        lostMarks += crosses.length;
        for (const label of view.matchAll(/<text class="message-label" x="([\d.]+)" y="([\d.]+)">([^<]*)<\/text>/g)) {
          const [x, y, text] = [Number(label[1]), Number(label[2]), (label[3] ?? '').replace(/&[a-z#0-9]+;/g, '_')];
          const width = text.length * 5.8;
          for (const cross of crosses) {
            const apart = cross.x + 9 <= x - width / 2 - 2 || cross.x - 9 >= x + width / 2 + 2 || cross.y + 9 <= y - 10 || cross.y - 9 >= y + 3;
            expect(apart, `${file}: label "${text}" at ${x},${y} over the × at ${cross.x},${cross.y}`).toBe(true);
          }
        }
        const partitions = [...view.matchAll(/<text class="partition-label" x="([\d.]+)" y="([\d.]+)">([^<]*)<\/text>/g)].map((match) => ({
          x: Number(match[1]),
          y: Number(match[2]),
          end: Number(match[1]) + (match[3] ?? '').length * 6.4,
        }));
        for (const [index, label] of partitions.entries())
          for (const later of partitions.slice(index + 1))
            expect(
              label.y !== later.y || label.end <= later.x || later.end <= label.x,
              `${file}: partition labels at ${label.x} and ${later.x}`,
            ).toBe(true);
      }
    }
    expect(lostMarks).toBeGreaterThan(0);
    // Two partitions three columns apart: the second label goes on the next row, a third after both on the first.
    const rows: number[] = [];
    expect(partitionLabelRow(rows, 100, 25)).toBe(0);
    expect(partitionLabelRow(rows, 180, 25)).toBe(1);
    expect(partitionLabelRow(rows, 400, 25)).toBe(0);
    // A short schedule still says where it is.
    expect(scheduledEventsLabel(200)).toBe('scheduled events');
    expect(scheduledEventsLabel(72)).toBe('scheduled');
    expect(scheduledEventsLabel(30)).toBeNull();
  });

  it('escapes what Mermaid chokes on', () => {
    expect(mermaidText('a;b#c"d<e>f%%g\nh')).toBe('a#59;b#35;c#34;d#60;e#62;f#37;#37;g h');
    expect(mermaidText('x -> y')).toBe('x → y');
  });
});

describe('study HTML', () => {
  const input = studyInput(primaryBackup, 'ack-before-replicate', lostWrite);

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    const html = studyHtml(input);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/@import/);
    expect(html.match(/url\(([^)]*)\)/g)?.every((use) => use.startsWith('url(#')) ?? true).toBe(true);
    expect(html).toContain('<svg class="spacetime"');
  });

  it('carries the hooks the browser test and users rely on', () => {
    const html = studyHtml(input);
    // Two views: the causal slice (shown first) and every step (behind the switch).
    const [sliceView = '', fullView = ''] = views(html);
    expect(html).toContain('<input type="checkbox" id="show-full">');
    expect(studyHtml(input, { full: true })).toContain('<input type="checkbox" id="show-full" checked>');
    for (const view of [sliceView, fullView]) {
      expect(view.match(/<g class="lane" data-node="\d+">/g)?.length).toBe(3);
      expect(view.match(/<text class="lane-label" data-node="\d+"/g)?.length).toBe(3);
      expect(view.match(/class="client-operation ok"/g)?.length).toBe(1);
      expect(view.match(/class="violation-marker"/g)?.length).toBe(1);
    }
    expect(fullView.match(/class="message-arrow /g)?.length).toBe(buildStudyModel(input).messages.length);
    // The slice draws only messages sent and received by kept steps.
    const kept = causalSlice(buildStudyModel(input))?.kept ?? new Map();
    const keptMessages = buildStudyModel(input).messages.filter(
      (message) => kept.has(message.sentAt) && message.fate.kind === 'delivered' && kept.has(message.fate.step),
    );
    expect(sliceView.match(/class="message-arrow /g)?.length ?? 0).toBe(keptMessages.length);
    expect(html).toContain('id="tooltip"');
    expect(html).toContain('id="step-data"');
  });
});

describe('study rendering is deterministic and protocol-agnostic', () => {
  it('renders the same bytes twice, and from two separate replays', () => {
    const first = studyInput(primaryBackup, 'ack-before-replicate', stormy);
    const second = studyInput(primaryBackup, 'ack-before-replicate', stormy);
    expect(studyHtml(first)).toBe(studyHtml(first));
    expect(studyHtml(first)).toBe(studyHtml(second));
    expect(studyMarkdown(first)).toBe(studyMarkdown(second));
    expect(studyTranscript(first)).toEqual(studyTranscript(second));
  });

  it('trusts the recorded trace when a re-run disagrees with it (e.g. other simulation limits)', () => {
    // Recorded with room for one message in flight: the second Replicate is lost at send.
    const schedule: Schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: write(7) },
        { kind: 'deliver', message: 0 },
        { kind: 'deliver', message: 0 },
      ],
    };
    const config = primaryBackup.defaultConfig();
    const result = new Simulator(
      { protocol: primaryBackup, config, variant: 'correct' },
      { recordTrace: true, limits: { inFlightMax: 1, operationsMax: 10 } },
    ).run(schedule, { livenessPhase: false });
    const artifact = artifactOf({ protocol: primaryBackup, variant: 'correct', config }, schedule);
    const model = buildStudyModel({ protocol: primaryBackup, artifact, result });
    expect(model.messages.filter((message) => message.fate.kind === 'lost-at-send')).toHaveLength(1);
    // Node 2 never got the write: the snapshots follow the trace, not the re-run with default limits.
    expect(model.snapshots.at(-1)?.[2]?.fields).toContainEqual(['log', '[]']);
    expect(model.snapshots.at(-1)?.[1]?.fields).toContainEqual(['log', '[7]']);
  });

  it('shows a power-loss crash, a partition, a duplicate, a drop and a failed operation', () => {
    const input = studyInput(primaryBackup, 'ack-before-replicate', stormy);
    const text = studyTranscript(input, { full: true }).join('\n');
    expect(text).toContain('the network duplicates Replicate(epoch 1, log [7]) from node 0 to node 1');
    expect(text).toContain('the network splits: {0} | {1, 2}');
    expect(text).toMatch(/✗ Replicate\(epoch 1, log \[7 8\]\) from node 0 to node 1 never leaves: the link is partitioned/);
    expect(text).toContain('ReplicateAck(epoch 1, length 1) from node 1 to node 0 is lost (the link is partitioned)');
    expect(text).toContain('node 0 loses power (crash; unflushed writes are lost)');
    expect(text).toContain('client 2 gets: read -> fail: node 0 is down (operation 2)');
    expect(text).toContain('the network drops Replicate(epoch 1, log [7]) from node 0 to node 2');
    expect(text).toContain('the network heals');
    expect(text).toMatch(/operation 1 \(client 1: write 8\)/);

    const model = buildStudyModel(input);
    expect(model.downIntervals.find((interval) => interval.node === 0)?.powerLoss).toBe(true);
    expect(model.partitions).toEqual([{ from: 3, to: 9, sides: [[0], [1, 2]] }]);
    expect(model.messages.filter((message) => message.duplicate)).toHaveLength(1);
    expect(model.messages.filter((message) => message.fate.kind === 'lost-at-send')).toHaveLength(2);
    expect(model.operations.map((operation) => operation.outcome)).toEqual(['ok', 'ok', 'fail']);

    const mermaid = mermaidLines(model, { full: true });
    checkMermaid(mermaid);
    expect(mermaid).toContain('  Note over N0: 6: power loss (crash, unflushed writes lost)');
    expect(mermaid).toContain('  Note over C,N2: 3: partition {0} | {1, 2}');
    expect(mermaid.some((line) => line.startsWith('  Note over N0,N1: 1: network duplicates'))).toBe(true);
    expect(mermaid.some((line) => /^ {2}N0--xN1: 4: /.test(line))).toBe(true);

    const html = studyHtml(input);
    expect(html).toContain('class="partition-band"');
    expect(html).toContain('class="crash-marker power-loss"');
    expect(html).toMatch(/class="message-arrow delivered duplicate"/);
    expect(html).toMatch(/class="message-arrow lost-at-send"/);
    expect(html).toMatch(/class="message-arrow dropped"/);
    expect(html).toContain('class="client-operation fail"');
  });

  it('works for a protocol it has never heard of, whatever characters its texts contain', () => {
    const input = studyInput(tokenRing, 'correct', clonedToken);
    expect(input.result.violation?.property).toBe('single-token');
    const text = studyTranscript(input, { full: true }).join('\n');
    expect(text).toContain('client 0 invokes pass; #now <"x"> at node 0 (operation 0)');
    expect(text).toContain('node 0: token <held> → (none)');
    expect(text).toContain('the network duplicates Token<"#1;">');
    expect(text).toMatch(/VIOLATED: single-token — at most one node holds the token/);
    expect(text).toMatch(/when: +right after step 5: node 2 receives Token<"#2;"> ↵ %%\{hops\} from node 1\n/);
    // Protocol texts with line breaks stay on one transcript line.
    expect(text).not.toMatch(/\n%%/);
    expect(text).toMatch(
      / {3}5 {3}node 2 receives Token[^\n]*\n {9}node 2: token \(none\) → <held> · seen 0 → 1\n {9}✗ single-token is broken here\n/,
    );
    // The message names nodes 1 and 2 and operation 1: each gets its steps.
    const explanation = explainViolation(buildStudyModel(input));
    expect(explanation?.nodes.map((node) => node.node)).toEqual([1, 2]);
    expect(explanation?.operations.map((operation) => operation.operationId)).toEqual([1]);

    checkMermaid(mermaidLines(buildStudyModel(input)));

    const html = studyHtml(input);
    expect(html).not.toMatch(/<held>|<"x">|Token<"/);
    expect(html).not.toMatch(/https?:\/\//);
    // The embedded step data cannot close its script element.
    const data = /<script type="application\/json" id="step-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('<');
    expect(JSON.parse(data)['0'].nodes[0].fields).toEqual([['seen', '0', false]]);

    const markdown = studyMarkdown(input);
    expect(markdown).toContain('```mermaid');
  });

  it('shows broken FIFO connections when a node crashes', () => {
    const config: TokenConfig = { nodeCount: 3, fifo: true };
    const input = studyInput(
      tokenRing,
      'correct',
      [
        { kind: 'client', node: 0, client: 0, operation: { type: 'pass' } },
        { kind: 'duplicate', message: 0 },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ],
      config,
    );
    const text = studyTranscript(input, { showNoops: true, full: true }).join('\n');
    expect(text).toContain('duplicate 0: nothing happens (FIFO connections do not duplicate messages)');
    expect(text).toMatch(/ {3}2 {3}node 0 crashes\n {9}✗ Token<"#1;"> ↵ %%\{hops\} from node 0 to node 1 is lost: the connection broke\n/);
    const model = buildStudyModel(input);
    expect(model.messages.map((message) => message.fate)).toEqual([{ kind: 'dropped', step: 2, reason: 'the connection broke' }]);
    checkMermaid(mermaidLines(model));
    expect(studyHtml(input)).toContain('class="message-arrow dropped"');
  });
});
