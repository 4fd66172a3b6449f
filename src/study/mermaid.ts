/**
 * A Mermaid `sequenceDiagram` of a run (renders on GitHub): one participant per node and one for
 * the clients; messages drawn when they arrive (solid), are lost (`-x`) or never leave (`--x`);
 * client invocations and replies; crashes, restarts, partitions and state changes as notes; the
 * violation as the last note. Bounded: at most `arrowsMax` arrows, and it says when it stopped.
 */
import { clip, formatSides, nodeOf, sidesOf, type StudyModel } from './model.ts';
import { causalSlice, stepRanges } from './slice.ts';
import { degradedBanner, endsInDegradedPhase, livenessOpening } from './transcript.ts';

export const mermaidArrowsMax = 150;

/**
 * A causal slice's diagram keeps at most this many arrows: the first and the last half, with the
 * middle folded into one note. A liveness failure's slice holds much of the liveness phase, and a
 * diagram of a hundred arrows is read by nobody; the transcript keeps every step.
 */
export const slicedArrowsMax = 40;

/** Characters Mermaid's sequence lexer chokes on, as Mermaid entity codes (`#59;` renders as `;`). */
const entityCodes: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  '"': '#34;',
  '<': '#60;',
  '>': '#62;',
  '%': '#37;',
};

/** Makes text safe for a Mermaid message or note: entity codes for special characters, one line. */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/->/g, '→')
    .replace(/[#;"<>%]/g, (character) => entityCodes[character] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function participant(node: number): string {
  return `N${node}`;
}

export interface MermaidOptions {
  readonly arrowsMax?: number;
  /** Every step, not only the causal slice of the violation. */
  readonly full?: boolean;
  /** Arrows a slice's diagram keeps before folding its middle (default `slicedArrowsMax`). */
  readonly sliceArrowsMax?: number;
}

/** Messages a step sent, in one line, as the transcript says it: `node 0 sends RecoverRequest to nodes 1, 2`. */
function sentText(sent: readonly { readonly from: number; readonly to: number; readonly text: string }[]): string {
  const groups = new Map<string, { from: number; text: string; to: number[] }>();
  for (const message of sent) {
    const key = JSON.stringify([message.from, message.text]);
    const group = groups.get(key) ?? { from: message.from, text: message.text, to: [] };
    group.to.push(message.to);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map(
    (group) => `node ${group.from} sends ${group.text} to node${group.to.length === 1 ? '' : 's'} ${group.to.join(', ')}`,
  );
  return clip(parts.join('; '), 160);
}

/** The diagram's lines, starting with `sequenceDiagram`. */
export function mermaidLines(model: StudyModel, options: MermaidOptions = {}): string[] {
  const arrowsMax = Math.max(1, options.arrowsMax ?? mermaidArrowsMax);
  const notesMax = arrowsMax * 2;
  const last = participant(model.nodeCount - 1);
  const everyone = `C,${last}`;
  const lines: string[] = ['sequenceDiagram', '  participant C as clients'];
  for (let node = 0; node < model.nodeCount; node++) lines.push(`  participant ${participant(node)} as node ${node}`);
  let arrows = 0;
  let notes = 0;
  const arrow = (from: string, kind: string, to: string, text: string): void => {
    arrows++;
    lines.push(`  ${from}${kind}${to}: ${mermaidText(text)}`);
  };
  const note = (where: string, text: string): void => {
    notes++;
    lines.push(`  Note ${where}: ${mermaidText(text)}`);
  };
  let truncatedAt: number | null = null;
  const slice = options.full ? null : causalSlice(model);
  /** Steps left out of the slice since the last step drawn: one note says how many. */
  const folded: number[] = [];
  const flushFolded = (): void => {
    if (folded.length === 0) return;
    note(`over ${everyone}`, `… ${folded.length} other step${folded.length === 1 ? '' : 's'} (${stepRanges(folded)})`);
    folded.length = 0;
  };
  const livenessNote = (): void => {
    note(
      `over ${everyone}`,
      endsInDegradedPhase(model)
        ? degradedBanner(model)
        : `liveness phase: ${livenessOpening(model, true)}, then deliver, tick and retry until quiet`,
    );
  };
  if (slice) note(`over ${everyone}`, `causal slice: the ${slice.kept.size} of ${slice.stepCount} steps the violation depends on`);

  for (const entry of model.steps) {
    const step = entry.step;
    const index = step.index;
    if (slice && index >= slice.stepCount) break;
    if (arrows >= arrowsMax || notes >= notesMax) {
      truncatedAt = index;
      break;
    }
    if (index === model.livenessStart) {
      flushFolded();
      livenessNote();
    }
    if (slice && !slice.kept.has(index)) {
      folded.push(index);
      continue;
    }
    // A step whose only effect is sending draws no arrow of its own (its messages are drawn where
    // they arrive): one note says what it sent, so the "(sent at N)" of a later arrow finds it.
    const drawsNothing =
      entry.nodeChanges.length === 0 &&
      (step.delivered === null || model.messageById.get(step.delivered.id)?.fate.kind !== 'delivered') &&
      step.invoked === null &&
      step.completed.length === 0 &&
      step.dropped.length === 0 &&
      !['crash', 'restart', 'partition', 'heal', 'duplicate', 'client'].includes(step.event.kind);
    // A kept step that draws nothing and sends nothing is counted with the folded ones, never dropped.
    if (slice && (!step.applied || entry.quiet || (drawsNothing && step.sent.length === 0))) {
      folded.push(index);
      continue;
    }
    flushFolded();
    if (!step.applied || entry.quiet) continue;
    if (drawsNothing && step.sent.length > 0) {
      note(`over ${participant(step.actingNode ?? step.sent[0]?.from ?? 0)}`, `${index}: ${step.text}: ${sentText(step.sent)}`);
    }
    const event = step.event;
    switch (event.kind) {
      case 'deliver': {
        const message = step.delivered;
        if (!message) break;
        const life = model.messageById.get(message.id);
        const sent = life ? ` (sent at ${life.sentAt})` : '';
        if (life?.fate.kind === 'lost')
          arrow(participant(message.from), '-x', participant(message.to), `${index}: ${message.text}${sent}, lost: ${life.fate.reason}`);
        else arrow(participant(message.from), '->>', participant(message.to), `${index}: ${message.text}${sent}`);
        break;
      }
      case 'drop':
        for (const dropped of step.dropped) {
          const life = model.messageById.get(dropped.id);
          arrow(
            participant(dropped.from),
            '-x',
            participant(dropped.to),
            `${index}: dropped ${dropped.text}${life ? ` (sent at ${life.sentAt})` : ''}`,
          );
        }
        break;
      case 'duplicate': {
        const [copy] = step.sent;
        if (copy)
          note(
            `over ${participant(Math.min(copy.from, copy.to))},${participant(Math.max(copy.from, copy.to))}`,
            `${index}: network duplicates ${copy.text}`,
          );
        break;
      }
      case 'crash':
        note(
          `over ${participant(nodeOf(event.node, model.nodeCount))}`,
          `${index}: ${event.loseUnflushed ? 'power loss (crash, unflushed writes lost)' : 'crash'}`,
        );
        break;
      case 'restart':
        note(`over ${participant(nodeOf(event.node, model.nodeCount))}`, `${index}: restart`);
        break;
      case 'partition':
        note(`over ${everyone}`, step.partition ? `${index}: partition ${formatSides(sidesOf(step.partition))}` : `${index}: network heals`);
        break;
      case 'heal':
        note(`over ${everyone}`, `${index}: network heals`);
        break;
      case 'client': {
        const node = nodeOf(event.node, model.nodeCount);
        if (step.invoked)
          arrow(
            'C',
            '->>',
            participant(node),
            `${index}: client ${step.invoked.clientId} invokes ${step.invoked.text} (op ${step.invoked.operationId})`,
          );
        else if (step.note) arrow('C', '->>', participant(node), `${index}: ${step.note}`);
        else if (entry.nodeChanges.length > 0) note(`over ${participant(node)}`, `${index}: ${step.text}`);
        break;
      }
      case 'tick':
        // A tick has no arrow of its own: its state notes would stand without the step number
        // every other step's first line carries (Raft volatile-vote's election timeout, step 3).
        if (entry.nodeChanges.length > 0) note(`over ${participant(nodeOf(event.node, model.nodeCount))}`, `${index}: tick`);
        break;
      default:
        break;
    }
    // Messages that never entered the network, and losses when a connection broke: in the slice
    // too, for a kept step, as its transcript lines show them (a partitioned link's lost Replicate is
    // the whole of primary-backup's ack-before-replicate).
    if (event.kind !== 'drop') {
      for (const dropped of step.dropped) {
        const life = model.messageById.get(dropped.id);
        const reason = life && life.fate.kind !== 'delivered' && life.fate.kind !== 'in-flight' ? life.fate.reason : 'lost';
        arrow(
          participant(dropped.from),
          life?.fate.kind === 'lost-at-send' ? '--x' : '-x',
          participant(dropped.to),
          `${index}: ${dropped.text}, ${reason}`,
        );
      }
    }
    // Messages sent now that will never arrive: drawn at once, as open arrows (the slice leaves them out: nothing received them).
    for (const sent of slice ? [] : step.sent) {
      if (model.messageById.get(sent.id)?.fate.kind === 'in-flight')
        arrow(participant(sent.from), '-)', participant(sent.to), `${index}: ${sent.text} (still in flight at the end)`);
    }
    for (const changed of entry.nodeChanges) {
      note(
        `right of ${participant(changed.node)}`,
        changed.changes.map((change) => `${change.field}: ${clip(change.after ?? '(none)', 60)}`).join(', '),
      );
    }
    for (const completed of step.completed) {
      const from = step.actingNode ?? completed.node;
      arrow(participant(from), '-->>', 'C', `${index}: client ${completed.clientId}: ${completed.text}`);
    }
  }
  if (slice && truncatedAt === null) flushFolded();
  if (truncatedAt !== null) {
    note(`over ${everyone}`, `diagram truncated at step ${truncatedAt} (${arrowsMax} arrows at most): the transcript has every step`);
  }
  const violation = model.violation;
  if (violation) {
    const when = violation.phase === 'end' ? 'at the end of the run' : `after step ${violation.step}`;
    note(`over ${everyone}`, `VIOLATED ${violation.property} ${when}: ${violation.message}`);
  } else {
    note(`over ${everyone}`, 'end of run: no property broken');
  }
  return slice ? foldMiddle(lines, Math.max(2, options.sliceArrowsMax ?? slicedArrowsMax), everyone) : lines;
}

const arrowLine = /^ {2}(C|N\d+)(->>|-x|--x|-\)|-->>)(C|N\d+):/;

/** Lines with at most `arrowsMax` arrows: the first and last halves kept, the middle one note. */
function foldMiddle(lines: readonly string[], arrowsMax: number, everyone: string): string[] {
  const arrowAt = lines.flatMap((line, index) => (arrowLine.test(line) ? [index] : []));
  if (arrowAt.length <= arrowsMax) return [...lines];
  const head = Math.ceil(arrowsMax / 2);
  const tail = arrowsMax - head;
  const cutFrom = (arrowAt[head - 1] as number) + 1;
  const cutTo = arrowAt[arrowAt.length - tail] as number;
  const folded = arrowAt.length - arrowsMax;
  return [
    ...lines.slice(0, cutFrom),
    `  Note over ${everyone}: ${mermaidText(`… ${folded} more arrows folded here (${arrowsMax} at most in a slice): the transcript has every step`)}`,
    ...lines.slice(cutTo),
  ];
}

export function mermaidDiagram(model: StudyModel, options: MermaidOptions = {}): string {
  return mermaidLines(model, options).join('\n');
}
