/**
 * A self-contained HTML page (inline CSS, JS and SVG; no external resource) with a space-time
 * diagram of a run: one horizontal lane per node, time (step index) running left to right,
 * messages as arrows from the step that sent them to the step that delivered them, crashes (lane
 * dashed and grey while down), partitions (shaded bands, lanes coloured by side), the client
 * history below (one row per client, one bar per operation from invocation to completion, coloured
 * by outcome) and a marker where the property broke. Hovering a step shows every node's state.
 *
 * Stable hooks for tests: `.lane[data-node]`, `.message-arrow[data-message]`, `.client-operation`
 * `[data-outcome]`, `.violation-marker`, `.step-column[data-step]`, `#tooltip`.
 */
import { othersNotChecked } from './artifact.ts';
import escapeHtml from 'lodash/escape.js';
import { oneLine, stepDetails, stepSentence } from './describe.ts';
import { earlierStepsText, explainViolation, type Explanation, type StepReference } from './explain.ts';
import {
  clip,
  formatChange,
  formatSides,
  sidesOf,
  snapshotAt,
  type MessageLife,
  type NodeChanges,
  type OperationLife,
  type StudyModel,
} from './model.ts';
import { causalSlice, type CausalSlice } from './slice.ts';
import { scheduleText, sliceSummary, transcriptText } from './transcript.ts';
import { faultlineCommand } from '../core/command-name.ts';

/** Bounds that keep the page small whatever the run. */
export const htmlLimits = { columnsMax: 400, messagesMax: 600, transcriptLinesMax: 3000, labelledMessagesMax: 48 } as const;

type ColumnKind = 'step' | 'gap' | 'end';

interface Column {
  readonly kind: ColumnKind;
  readonly steps: readonly number[];
  readonly x: number;
  readonly width: number;
}

interface Layout {
  readonly columns: readonly Column[];
  /** Column index of every drawn step; steps past the cap map to the end column. */
  readonly columnOfStep: readonly number[];
  readonly width: number;
  readonly laneY: (node: number) => number;
  readonly lanesTop: number;
  readonly lanesBottom: number;
  readonly clientY: (row: number) => number;
  readonly clientRows: readonly number[];
  readonly height: number;
  readonly truncatedAt: number | null;
  readonly stepWidth: number;
  readonly slice: CausalSlice | null;
}

/** The plot starts near the left edge: lane and client labels live in their own column, which does not scroll. */
const marginLeft = 16;
/** Width of the label column beside the plot. */
const labelColumnWidth = 96;
const marginRight = 28;
/** Vertical rows: violation label on top, then phase labels, step numbers, lanes. */
const phaseLabelY = 46;
const stepLabelY = 66;
const columnTop = 54;
const regionTop = 34;
const laneGap = 86;
const clientRowHeight = 30;
const gapWidth = 16;
const endWidth = 64;
/** The width the plot aims at, so the page fits a 1,400 px window beside the label column (it scrolls sideways beyond). */
const targetWidth = 1200;

/**
 * The columns of one view. `everyStep`: every step gets its own column (the view the "show every
 * step" switch shows); otherwise steps where nothing happened (or, in the slice, steps the
 * violation does not depend on) share one narrow column.
 */
function buildLayout(model: StudyModel, slice: CausalSlice | null, everyStep = false): Layout {
  const steps = model.steps;
  const brokeAt = model.violation && model.violation.phase !== 'end' ? model.violation.step : null;
  /** Whether a step shares a narrow column with its neighbours; the step where a property broke never does. */
  const hidden = (index: number): boolean => {
    const entry = steps[index];
    if (!entry || index === brokeAt || everyStep) return false;
    if (slice) return !slice.kept.has(index);
    return !entry.step.applied || (entry.step.phase === 'liveness' && entry.quiet);
  };
  let visibleCount = 0;
  let gapCount = 0;
  for (let index = 0; index < steps.length; index++) {
    if (!hidden(index)) visibleCount++;
    else if (index === 0 || !hidden(index - 1)) gapCount++;
  }
  const shown = Math.min(visibleCount, htmlLimits.columnsMax);
  // Fits a laptop screen when it can; never narrower than a step number needs.
  const room = targetWidth - marginLeft - marginRight - endWidth - gapCount * gapWidth;
  const stepWidth = Math.max(24, Math.min(96, Math.floor(room / Math.max(1, shown))));
  const columns: (Column & { steps: number[] })[] = [];
  const columnOfStep: number[] = [];
  let x = marginLeft;
  let truncatedAt: number | null = null;
  let drawn = 0;
  for (let index = 0; index < steps.length; index++) {
    if (hidden(index)) {
      const previous = columns[columns.length - 1];
      if (previous && previous.kind === 'gap') {
        previous.steps.push(index);
      } else {
        columns.push({ kind: 'gap', steps: [index], x, width: gapWidth });
        x += gapWidth;
      }
      columnOfStep[index] = columns.length - 1;
      continue;
    }
    if (drawn >= htmlLimits.columnsMax) {
      truncatedAt = index;
      break;
    }
    columns.push({ kind: 'step', steps: [index], x, width: stepWidth });
    columnOfStep[index] = columns.length - 1;
    x += stepWidth;
    drawn++;
  }
  const endColumn = columns.length;
  columns.push({ kind: 'end', steps: [], x, width: endWidth });
  x += endWidth;
  for (let index = 0; index < steps.length; index++) if (columnOfStep[index] === undefined) columnOfStep[index] = endColumn;
  const lanesTop = stepLabelY + 48;
  const laneY = (node: number): number => lanesTop + node * laneGap;
  const lanesBottom = laneY(Math.max(0, model.nodeCount - 1));
  const clientRows = [...new Set(model.operations.map((operation) => operation.clientId))].sort((a, b) => a - b);
  const clientsTop = lanesBottom + 74;
  const clientY = (row: number): number => clientsTop + row * clientRowHeight;
  const height = clientsTop + Math.max(1, clientRows.length) * clientRowHeight + 16;
  return { columns, columnOfStep, width: x + marginRight, laneY, lanesTop, lanesBottom, clientY, clientRows, height, truncatedAt, stepWidth, slice };
}

function centerOf(layout: Layout, step: number): number {
  const column = layout.columns[layout.columnOfStep[step] ?? layout.columns.length - 1];
  return column ? column.x + column.width / 2 : layout.width - marginRight;
}

function endX(layout: Layout): number {
  const column = layout.columns[layout.columns.length - 1];
  return column ? column.x + column.width / 2 : layout.width - marginRight;
}

function truncateText(text: string, charactersMax: number): string {
  return text.length <= charactersMax ? text : `${text.slice(0, Math.max(1, charactersMax - 1))}…`;
}

function attribute(name: string, value: string | number): string {
  return ` ${name}="${escapeHtml(String(value))}"`;
}

function fixed(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

const sideColors = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#ca8a04'];

function messageTip(message: MessageLife): string {
  const head = `${message.duplicate ? 'duplicate of ' : ''}${clip(message.text, 240)}\nfrom node ${message.from} (sent at step ${message.sentAt}) to node ${message.to}`;
  switch (message.fate.kind) {
    case 'delivered':
      return `${head}\ndelivered at step ${message.fate.step}`;
    case 'lost':
      return `${head}\nlost at step ${message.fate.step}: ${message.fate.reason}`;
    case 'dropped':
      return `${head}\nlost at step ${message.fate.step}: ${message.fate.reason}`;
    case 'lost-at-send':
      return `${head}\nnever left: ${message.fate.reason}`;
    case 'in-flight':
      return `${head}\nstill in flight at the end`;
    default:
      return head;
  }
}

/** Dark, distinct colours; a message kind (its first word) always gets the same one. */
const kindColors = ['#334155', '#4338ca', '#0f766e', '#9a3412', '#7e22ce', '#1d4ed8', '#a16207', '#be185d'];

export function kindColor(text: string): string {
  const kind = /^[^\s(:{[]*/.exec(text)?.[0] ?? text;
  let hash = 0;
  for (let index = 0; index < kind.length; index++) hash = (hash * 31 + kind.charCodeAt(index)) >>> 0;
  return kindColors[hash % kindColors.length] ?? '#334155';
}

/**
 * Greedy label placement: a label is drawn only where it overlaps no label placed before it, so
 * crowded pictures lose labels (the tooltips keep everything) instead of becoming unreadable.
 */
class LabelPlacer {
  private readonly boxes: { x1: number; y1: number; x2: number; y2: number }[] = [];

  /** Reserves a box (e.g. a marker) without drawing anything. */
  reserve(x1: number, y1: number, x2: number, y2: number): void {
    this.boxes.push({ x1, y1, x2, y2 });
  }

  /** Text of `characters` characters at (x, baseline y) anchored start, middle or end: true if it fits. */
  place(x: number, y: number, characters: number, anchor: 'start' | 'middle' | 'end', characterWidth = 5.8): boolean {
    const width = characters * characterWidth;
    const x1 = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
    const box = { x1: x1 - 2, y1: y - 10, x2: x1 + width + 2, y2: y + 3 };
    if (this.boxes.some((other) => box.x1 < other.x2 && other.x1 < box.x2 && box.y1 < other.y2 && other.y1 < box.y2)) return false;
    this.boxes.push(box);
    return true;
  }
}

/** Where a message's arrow starts and ends, and its head: an arrowhead, a × where it was lost, or open. */
function arrowGeometry(
  layout: Layout,
  message: MessageLife,
): { readonly x1: number; readonly fromY: number; readonly toY: number; readonly x2: number; readonly y2: number; readonly marker: string } {
  const fromY = layout.laneY(message.from);
  const toY = layout.laneY(message.to);
  const x1 = centerOf(layout, message.sentAt);
  switch (message.fate.kind) {
    case 'delivered':
      return { x1, fromY, toY, x2: centerOf(layout, message.fate.step), y2: toY, marker: 'url(#arrowhead)' };
    case 'lost':
      return { x1, fromY, toY, x2: centerOf(layout, message.fate.step), y2: toY, marker: 'url(#lost)' };
    case 'dropped':
      // Lost on the way: the arrow stops short of its destination.
      return {
        x1,
        fromY,
        toY,
        x2: centerOf(layout, message.fate.step),
        y2: toY === fromY ? toY : toY - Math.sign(toY - fromY) * 22,
        marker: 'url(#lost)',
      };
    case 'lost-at-send':
      return { x1, fromY, toY, x2: x1 + layout.stepWidth * 0.45, y2: fromY + (toY - fromY) * 0.35, marker: 'url(#lost)' };
    case 'in-flight':
      return { x1, fromY, toY, x2: endX(layout), y2: toY, marker: 'url(#open)' };
    default:
      return { x1, fromY, toY, x2: x1, y2: toY, marker: '' };
  }
}

/** Reserves the × of a lost message's arrow, so no message label is written over it. */
function reserveLostMark(layout: Layout, message: MessageLife, labels: LabelPlacer): void {
  const { x2, y2, marker } = arrowGeometry(layout, message);
  if (marker === 'url(#lost)') labels.reserve(x2 - 9, y2 - 9, x2 + 9, y2 + 9);
}

function arrowSvg(layout: Layout, message: MessageLife, labels: LabelPlacer | null): string {
  const { x1, fromY, x2, y2, marker } = arrowGeometry(layout, message);
  // Arrows to the lane they start on (a node messaging itself) bow upwards.
  const path =
    message.from === message.to
      ? `M${fixed(x1)},${fixed(fromY)} C${fixed(x1)},${fixed(fromY - 26)} ${fixed(x2)},${fixed(y2 - 26)} ${fixed(x2)},${fixed(y2)}`
      : `M${fixed(x1)},${fixed(fromY)} L${fixed(x2)},${fixed(y2)}`;
  const classes = ['message-arrow', message.fate.kind, ...(message.duplicate ? ['duplicate'] : [])].join(' ');
  const color = message.fate.kind === 'delivered' && !message.duplicate ? ` style="--kind:${kindColor(message.text)}"` : '';
  let label = '';
  if (labels && message.fate.kind !== 'lost-at-send') {
    // Near the sender first (arrows converging on one delivery keep their labels apart), else further along.
    const charactersMax = Math.max(8, Math.floor((Math.abs(x2 - x1) * 0.7 + 30) / 5.8));
    const text = truncateText(message.text, charactersMax);
    for (const along of [0.3, 0.5, 0.7]) {
      const lx = x1 + (x2 - x1) * along;
      const ly = fromY + (y2 - fromY) * along - 3;
      if (labels.place(lx, ly, text.length, 'middle')) {
        label = `<text class="message-label" x="${fixed(lx)}" y="${fixed(ly)}">${escapeHtml(text)}</text>`;
        break;
      }
    }
  }
  return (
    `<g${attribute('class', classes)}${attribute('data-message', message.id)}${attribute('data-tip', messageTip(message))}${color}>` +
    `<path class="hit" d="${path}"/><path class="line" d="${path}" marker-end="${marker}"/>${label}</g>`
  );
}

function operationTip(operation: OperationLife): string {
  const lines = [
    `operation ${operation.operationId}: client ${operation.clientId} ${clip(operation.text)}`,
    `invoked at node ${operation.node}, step ${operation.invokedAt}`,
  ];
  for (const retry of operation.retries) lines.push(`retried at node ${retry.node}, step ${retry.step}`);
  lines.push(
    operation.completedAt === null
      ? 'pending: no answer by the end'
      : `${operation.outcome} at step ${operation.completedAt}: ${clip(operation.resultText ?? '')}`,
  );
  return lines.join('\n');
}

function operationLabel(operation: OperationLife): string {
  if (operation.outcome === 'pending') return `${operation.text} … pending`;
  const arrow = operation.resultText?.indexOf(' -> ') ?? -1;
  const result = arrow >= 0 ? (operation.resultText ?? '').slice(arrow + 4) : operation.outcome;
  return `${operation.text} → ${result}`;
}

interface StepTooltip {
  readonly title: string;
  readonly event: string;
  readonly details: readonly string[];
  readonly nodes: readonly { readonly up: boolean; readonly fields: readonly (readonly [string, string, boolean])[] }[];
  readonly network: string;
  /** Why the causal slice keeps this step (empty outside the slice). */
  readonly why: readonly string[];
}

function stepTooltip(model: StudyModel, index: number, slice: CausalSlice | null): StepTooltip {
  const entry = model.steps[index];
  if (!entry) return { title: `step ${index}`, event: '', details: [], nodes: [], network: '', why: [] };
  const snapshot = snapshotAt(model, index);
  const changedFields = new Map(entry.nodeChanges.map((changed) => [changed.node, new Set(changed.changes.map((change) => change.field))]));
  const partition = entry.step.partition ? `partition ${formatSides(sidesOf(entry.step.partition))}` : 'no partition';
  return {
    title: `step ${index}${entry.step.phase === 'liveness' ? ' · liveness phase' : ''} · ${clip(oneLine(entry.step.text))}`,
    event: stepSentence(model, entry),
    details: stepDetails(model, entry).map((detail) => detail.text),
    nodes: snapshot.map((node, nodeIndex) => ({
      up: node.up,
      fields: node.fields.map(([field, value]): [string, string, boolean] => [field, clip(value), changedFields.get(nodeIndex)?.has(field) ?? false]),
    })),
    network: `${entry.inFlightAfter} message${entry.inFlightAfter === 1 ? '' : 's'} in flight · ${partition}`,
    why: (slice?.kept.get(index) ?? []).map((reason) => oneLine(reason)),
  };
}

/** Width of a character of the 11 px phase and partition labels, a little over (bold). */
const labelCharacterWidth = 6.4;
const partitionLabelRowHeight = 13;
/** Rows of partition labels below the lanes, above the clients. */
const partitionLabelRows = 3;

/**
 * The row (0 first, just below the lanes) for a partition label at `x` of `characters`
 * characters: the first whose last label ends before it; `rowEnds` records where each row ends.
 * With every row taken, the one that ends first.
 */
export function partitionLabelRow(rowEnds: number[], x: number, characters: number): number {
  let row = rowEnds.findIndex((end) => end + 6 <= x);
  if (row < 0) row = rowEnds.length < partitionLabelRows ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
  rowEnds[row] = x + characters * labelCharacterWidth;
  return row;
}

/** The label over the scheduled steps in `room` pixels: "scheduled events", "scheduled" where that is too long, none where neither fits. */
export function scheduledEventsLabel(room: number): string | null {
  for (const label of ['scheduled events', 'scheduled']) if (label.length * labelCharacterWidth + 8 <= room) return label;
  return null;
}

/** One view of the diagram: the label column (lane and client names, never scrolled away) and the plot, which scrolls. */
function diagramView(model: StudyModel, layout: Layout, explanation: Explanation | null): string {
  const parts: string[] = [];
  const names: string[] = [];
  const { columns, lanesTop, lanesBottom, height, width } = layout;
  const plotRight = endX(layout);
  /** Steps past the drawing's cap are left out (the transcript has them). */
  const drawn = (step: number): boolean => layout.truncatedAt === null || step < layout.truncatedAt;
  parts.push(
    `<svg class="spacetime" width="${fixed(width)}" height="${fixed(height)}" viewBox="0 0 ${fixed(width)} ${fixed(height)}" role="img" aria-label="space-time diagram">`,
  );
  // Liveness phase background.
  if (model.livenessStart !== null) {
    const column = columns[layout.columnOfStep[model.livenessStart] ?? columns.length - 1];
    if (column) {
      parts.push(
        `<rect class="liveness-region" x="${fixed(column.x)}" y="${regionTop}" width="${fixed(width - marginRight - column.x)}" height="${fixed(height - regionTop)}"/>`,
      );
      parts.push(`<text class="phase-label" x="${fixed(column.x + 6)}" y="${phaseLabelY}">liveness phase</text>`);
    }
  }
  // "scheduled events" only where it does not run into "liveness phase".
  const livenessX = model.livenessStart === null ? width : (columns[layout.columnOfStep[model.livenessStart] ?? columns.length - 1]?.x ?? width);
  const scheduledLabel = scheduledEventsLabel(livenessX - marginLeft);
  if (scheduledLabel !== null) parts.push(`<text class="phase-label" x="${marginLeft + 4}" y="${phaseLabelY}">${scheduledLabel}</text>`);
  // Partition bands and the side each lane is on. A label goes on the first row below the lanes
  // where it does not run into the one before it (two partitions close together were written over each other).
  const partitionRowEnds: number[] = [];
  for (const partition of model.partitions.filter((interval) => drawn(interval.from))) {
    const x1 = centerOf(layout, partition.from);
    const x2 = partition.to === null ? plotRight : centerOf(layout, partition.to);
    const labelText = `partition ${formatSides(partition.sides)}`;
    const row = partitionLabelRow(partitionRowEnds, x1 + 4, labelText.length);
    parts.push(
      `<g class="partition"${attribute('data-tip', `partition ${formatSides(partition.sides)}\nfrom step ${partition.from}${partition.to === null ? ' to the end' : ` to step ${partition.to}`}`)}>` +
        `<rect class="partition-band" x="${fixed(x1)}" y="${lanesTop - 22}" width="${fixed(Math.max(4, x2 - x1))}" height="${fixed(lanesBottom - lanesTop + 44)}"/>` +
        `<text class="partition-label" x="${fixed(x1 + 4)}" y="${lanesBottom + 17 + row * partitionLabelRowHeight}">${escapeHtml(labelText)}</text></g>`,
    );
    for (const [side, nodes] of partition.sides.entries()) {
      for (const node of nodes) {
        parts.push(
          `<line class="partition-side" x1="${fixed(x1)}" x2="${fixed(x2)}" y1="${layout.laneY(node)}" y2="${layout.laneY(node)}" stroke="${sideColors[side % sideColors.length]}"/>`,
        );
      }
    }
  }
  // Step columns (hover targets) and the time axis.
  for (const column of columns) {
    if (column.kind === 'step') {
      const step = column.steps[0] ?? 0;
      const liveness = model.steps[step]?.step.phase === 'liveness';
      parts.push(
        `<rect class="step-column${liveness ? ' liveness' : ''}" data-step="${step}" x="${fixed(column.x)}" y="${columnTop}" width="${fixed(column.width)}" height="${fixed(height - columnTop)}"/>`,
        `<text class="step-label" x="${fixed(column.x + column.width / 2)}" y="${stepLabelY}">${step}</text>`,
      );
    } else if (column.kind === 'gap') {
      const first = column.steps[0] ?? 0;
      const lastStep = column.steps[column.steps.length - 1] ?? first;
      const what = layout.slice
        ? 'the violation does not depend on (folded; switch to every step to see them)'
        : 'in which nothing happened (no-ops or quiet liveness steps)';
      const tip = `${column.steps.length === 1 ? `step ${first}` : `steps ${first}–${lastStep}`}: ${column.steps.length} step${column.steps.length === 1 ? '' : 's'} ${what}`;
      parts.push(
        `<rect class="step-gap"${attribute('data-tip', tip)} x="${fixed(column.x)}" y="${columnTop}" width="${fixed(column.width)}" height="${fixed(height - columnTop)}"/>`,
        `<text class="gap-label" x="${fixed(column.x + column.width / 2)}" y="${stepLabelY}">${layout.slice ? `+${column.steps.length}` : '⋯'}</text>`,
      );
    } else {
      parts.push(`<text class="step-label end" x="${fixed(column.x + column.width / 2)}" y="${stepLabelY}">end</text>`);
    }
  }
  // Lanes: solid while up, dashed grey while down.
  for (let node = 0; node < model.nodeCount; node++) {
    const y = layout.laneY(node);
    const segments: string[] = [];
    let cursor = marginLeft;
    for (const down of model.downIntervals.filter((interval) => interval.node === node)) {
      const x1 = centerOf(layout, down.from);
      const x2 = down.to === null ? plotRight : centerOf(layout, down.to);
      segments.push(`<line class="lane-up" x1="${fixed(cursor)}" x2="${fixed(x1)}" y1="${y}" y2="${y}"/>`);
      segments.push(`<line class="lane-down" x1="${fixed(x1)}" x2="${fixed(x2)}" y1="${y}" y2="${y}"/>`);
      cursor = x2;
    }
    segments.push(`<line class="lane-up" x1="${fixed(cursor)}" x2="${fixed(plotRight)}" y1="${y}" y2="${y}"/>`);
    parts.push(`<g class="lane" data-node="${node}">${segments.join('')}</g>`);
    names.push(`<text class="lane-label"${attribute('data-node', node)} x="${labelColumnWidth - 10}" y="${y + 4}">node ${node}</text>`);
  }
  // Markers and their labels first, so message labels fit around them. Marker shapes claim their
  // space before any label; state-change labels (what changed) before crash and restart labels.
  const labels = new LabelPlacer();
  const downs = model.downIntervals.filter((interval) => drawn(interval.from));
  for (const down of downs) {
    const y = layout.laneY(down.node);
    const x = centerOf(layout, down.from);
    labels.reserve(x - 9, y - 9, x + 9, y + 9);
    if (down.to !== null) labels.reserve(centerOf(layout, down.to) - 8, y - 8, centerOf(layout, down.to) + 8, y + 8);
  }
  const dots: { x: number; y: number; index: number; changed: NodeChanges }[] = [];
  for (const entry of model.steps) {
    const index = entry.step.index;
    const column = columns[layout.columnOfStep[index] ?? -1];
    if (!column || column.kind !== 'step') continue;
    for (const changed of entry.nodeChanges) {
      const x = centerOf(layout, index);
      const y = layout.laneY(changed.node);
      labels.reserve(x - 5, y - 5, x + 5, y + 5);
      dots.push({ x, y, index, changed });
    }
  }
  const changes = dots.map(({ x, y, index, changed }) => {
    const summary = truncateText(changed.changes.map((change) => `${change.field} ${change.after ?? '(none)'}`).join(', '), 22);
    const tip = `step ${index}: node ${changed.node}\n${changed.changes.map(formatChange).join('\n')}`;
    const label = labels.place(x + 7, y - 7, summary.length, 'start', 5.5)
      ? `<text class="change-label" x="${fixed(x + 7)}" y="${y - 7}">${escapeHtml(summary)}</text>`
      : '';
    return `<g class="state-change"${attribute('data-tip', tip)}><circle cx="${fixed(x)}" cy="${y}" r="4.5"/>${label}</g>`;
  });
  /** A marker's label above its lane, else below it, else none (the tooltip still says it). */
  const markerLabel = (x: number, y: number, text: string): string => {
    for (const labelY of [y - 12, y + 20]) {
      if (labels.place(x - 5, labelY, text.length, 'end', 6.2)) return `<text x="${fixed(x - 5)}" y="${labelY}">${escapeHtml(text)}</text>`;
    }
    return '';
  };
  const markers: string[] = [];
  for (const down of downs) {
    const x = centerOf(layout, down.from);
    const y = layout.laneY(down.node);
    const what = down.powerLoss ? 'power loss: node crashes and loses unflushed writes' : 'crash';
    markers.push(
      `<g class="crash-marker${down.powerLoss ? ' power-loss' : ''}"${attribute('data-tip', `step ${down.from}: node ${down.node} ${what}`)}>` +
        `<circle cx="${fixed(x)}" cy="${y}" r="8"/><path d="M${fixed(x - 4)},${y - 4} L${fixed(x + 4)},${y + 4} M${fixed(x + 4)},${y - 4} L${fixed(x - 4)},${y + 4}"/>` +
        `${markerLabel(x, y, down.powerLoss ? '⚡ power loss' : 'crash')}</g>`,
    );
    if (down.to !== null) {
      const rx = centerOf(layout, down.to);
      markers.push(
        `<g class="restart-marker"${attribute('data-tip', `step ${down.to}: node ${down.node} restarts`)}><circle cx="${fixed(rx)}" cy="${y}" r="7"/>${markerLabel(rx, y, 'restart')}</g>`,
      );
    }
  }
  // Messages, under the markers. A broadcast (same sender, step and text) is labelled once.
  // In the slice, only the messages it keeps: sent and received by kept steps, and sent by a kept
  // step that never left (the transcript's "never leaves" lines of that step).
  const slice = layout.slice;
  const inSliceView = (message: MessageLife): boolean =>
    slice === null ||
    (slice.kept.has(message.sentAt) &&
      ((message.fate.kind === 'delivered' && slice.kept.has(message.fate.step)) || message.fate.kind === 'lost-at-send'));
  const drawnMessages = model.messages.filter((message) => drawn(message.sentAt) && inSliceView(message)).slice(0, htmlLimits.messagesMax);
  const labelled = drawnMessages.length <= htmlLimits.labelledMessagesMax;
  const labelledGroups = new Set<string>();
  // Every × first: a label placed before a later arrow's × was written over it.
  for (const message of drawnMessages) reserveLostMark(layout, message, labels);
  for (const message of drawnMessages) {
    const group = `${message.sentAt}\u0000${message.from}\u0000${message.text}`;
    const withLabel = labelled && !labelledGroups.has(group);
    labelledGroups.add(group);
    parts.push(arrowSvg(layout, message, withLabel ? labels : null));
  }
  parts.push(...markers, ...changes);
  // Client history.
  const clientsTop = layout.clientY(0) - clientRowHeight / 2 - 10;
  names.push(`<text class="section-label" x="${labelColumnWidth - 10}" y="${fixed(clientsTop)}">clients</text>`);
  parts.push(
    `<line class="clients-divider" x1="${marginLeft}" x2="${fixed(plotRight)}" y1="${fixed(clientsTop - 4)}" y2="${fixed(clientsTop - 4)}"/>`,
  );
  for (const [row, client] of layout.clientRows.entries()) {
    const y = layout.clientY(row);
    names.push(`<text class="client-label" x="${labelColumnWidth - 10}" y="${y + 4}">client ${client}</text>`);
    parts.push(`<line class="client-row" x1="${marginLeft}" x2="${fixed(plotRight)}" y1="${y}" y2="${y}"/>`);
  }
  if (layout.clientRows.length === 0) {
    parts.push(`<text class="client-label none" x="${marginLeft + 4}" y="${layout.clientY(0) + 4}">no client operations</text>`);
  }
  for (const [position, operation] of model.operations.entries()) {
    if (!drawn(operation.invokedAt)) continue;
    const row = layout.clientRows.indexOf(operation.clientId);
    const y = layout.clientY(row);
    const x1 = centerOf(layout, operation.invokedAt) - 8;
    const x2 = operation.completedAt === null ? plotRight : centerOf(layout, operation.completedAt) + 8;
    // The bar spans the operation exactly; its label may run on past a short bar, up to where the client's next operation starts.
    const next = model.operations.slice(position + 1).find((later) => later.clientId === operation.clientId);
    const room = (next ? centerOf(layout, next.invokedAt) - 8 : plotRight + marginRight - 4) - x1 - 8;
    const barWidth = Math.max(14, x2 - x1);
    const full = operationLabel(operation);
    const fitting = [full, operation.text].find((candidate) => candidate.length * 6.2 <= Math.max(room, barWidth - 8));
    const text = fitting ?? truncateText(full, Math.max(3, Math.floor((barWidth - 8) / 6.2)));
    const laneY = layout.laneY(operation.node);
    parts.push(
      `<line class="client-link"${attribute('data-operation', operation.operationId)} x1="${fixed(x1 + 8)}" x2="${fixed(x1 + 8)}" y1="${laneY + 9}" y2="${y - 9}"/>`,
      `<g class="client-operation ${operation.outcome}"${attribute('data-outcome', operation.outcome)}${attribute('data-operation', operation.operationId)}${attribute('data-tip', operationTip(operation))}>` +
        `<rect x="${fixed(x1)}" y="${y - 9}" width="${fixed(barWidth)}" height="18" rx="4"/>` +
        operation.retries
          .filter((retry) => drawn(retry.step))
          .map(
            (retry) =>
              `<line class="operation-retry" x1="${fixed(centerOf(layout, retry.step))}" x2="${fixed(centerOf(layout, retry.step))}" y1="${y - 9}" y2="${y + 9}"/>`,
          )
          .join('') +
        `<text x="${fixed(x1 + 5)}" y="${y + 4}">${escapeHtml(text)}</text></g>`,
    );
  }
  // The violation.
  if (model.violation) {
    const violation = model.violation;
    const x = violation.phase === 'end' ? endX(layout) : centerOf(layout, violation.step) + layout.stepWidth * 0.42;
    const tip = `${violation.property} broken ${explanation?.where ?? ''}\n${violation.message}`;
    const label = `✗ ${violation.property}`;
    const labelWidth = label.length * 7 + 14;
    const labelX = Math.max(4, Math.min(x - labelWidth / 2, width - labelWidth - 4));
    parts.push(
      `<g class="violation-marker"${attribute('data-tip', tip)}${attribute('data-step', violation.step)}>` +
        `<line x1="${fixed(x)}" x2="${fixed(x)}" y1="${regionTop}" y2="${fixed(height - 6)}"/>` +
        `<rect x="${fixed(labelX)}" y="6" width="${labelWidth}" height="22" rx="4"/>` +
        `<text x="${fixed(labelX + labelWidth / 2)}" y="21">${escapeHtml(label)}</text></g>`,
    );
  }
  if (layout.truncatedAt !== null) {
    parts.push(`<text class="truncated" x="${fixed(plotRight - 4)}" y="${stepLabelY + 14}">drawing stops at step ${layout.truncatedAt}</text>`);
  }
  parts.push('</svg>');
  const nameColumn = `<svg class="names" width="${labelColumnWidth}" height="${fixed(height)}" viewBox="0 0 ${labelColumnWidth} ${fixed(height)}" aria-hidden="true">${names.join('')}</svg>`;
  return `<div class="frame">${nameColumn}<div class="scroll">${parts.join('\n')}</div></div>`;
}

/** Markers and patterns, once per page, in an SVG that is always rendered (a hidden view's would not be). */
const sharedDefs =
  '<svg class="defs" width="0" height="0" aria-hidden="true"><defs>' +
  '<marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker>' +
  '<marker id="open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#94a3b8" stroke-width="1.5"/></marker>' +
  '<marker id="lost" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="10" markerHeight="10" orient="0"><path d="M1,1 L9,9 M9,1 L1,9" stroke="#dc2626" stroke-width="2.2"/></marker>' +
  '<pattern id="pending-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#e2e8f0"/><rect width="3" height="8" fill="#cbd5e1"/></pattern>' +
  '</defs></svg>';

const css = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; background: #f8fafc; }
header, section { padding: 14px 24px; }
header { background: #fff; border-bottom: 1px solid #e2e8f0; }
h1 { font-size: 20px; margin: 0 0 6px; }
h1 .variant { color: #475569; font-weight: 500; }
h2 { font-size: 16px; margin: 0 0 8px; }
.verdict { margin: 8px 0 4px; padding: 8px 12px; border-left: 4px solid #dc2626; background: #fef2f2; border-radius: 4px; }
.verdict.ok { border-left-color: #16a34a; background: #f0fdf4; }
.verdict .property { font-weight: 700; color: #b91c1c; }
.verdict .message { display: block; margin-top: 2px; }
dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 14px; margin: 10px 0 0; font-size: 13px; }
dl.meta dt { color: #64748b; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
h2 small { font-weight: 400; color: #64748b; }
.verdict .message { overflow-wrap: anywhere; }
.switch { margin: 0 0 8px; font-size: 13px; }
.switch label { font-weight: 600; cursor: pointer; }
.slice-note { color: #64748b; margin-left: 10px; }
.view-full { display: none; }
body:has(#show-full:checked) .view-slice { display: none; }
body:has(#show-full:checked) .view-full { display: block; }
body:has(#show-full:checked) span.view-full { display: inline; }
svg.defs { position: absolute; width: 0; height: 0; }
.frame { display: flex; background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; }
svg.names { flex: none; display: block; background: #fff; border-right: 1px solid #e2e8f0; font-size: 11px; }
.frame .scroll { flex: 1 1 auto; min-width: 0; border: none; border-radius: 0; }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: #f1f5f9; padding: 1px 5px; border-radius: 3px; }
pre { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 12px; overflow: auto; max-height: 520px; }
.scroll { overflow-x: auto; background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; }
svg.spacetime { display: block; font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-top: 8px; font-size: 12px; color: #334155; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.legend i { display: inline-block; width: 26px; height: 0; border-top: 2px solid #334155; }
.legend i.lost { border-top: 2px dashed #dc2626; }
.legend i.down { border-top: 2px dashed #94a3b8; }
.legend i.partition { height: 12px; border: none; background: #fef3c7; }
.legend i.box { width: 16px; height: 12px; border: none; border-radius: 3px; }
.legend i.ok { background: #22c55e; } .legend i.fail { background: #f87171; } .legend i.unknown { background: #fbbf24; } .legend i.pending { background: #cbd5e1; }
.liveness-region { fill: #f0f9ff; }
.phase-label { fill: #0369a1; font-size: 11px; font-weight: 600; }
.step-column { fill: transparent; cursor: crosshair; }
.step-column:hover, .step-column.active { fill: rgba(37, 99, 235, 0.09); }
.step-gap { fill: url(#pending-hatch); opacity: 0.35; }
.step-label { fill: #64748b; text-anchor: middle; font-size: 10px; pointer-events: none; }
.step-label.end { font-weight: 600; }
.gap-label { fill: #94a3b8; text-anchor: middle; pointer-events: none; }
.lane { pointer-events: none; }
.lane-label, .client-label, .section-label { text-anchor: end; font-weight: 600; fill: #1e293b; font-size: 12px; }
.section-label { fill: #64748b; font-weight: 500; }
.client-label.none { text-anchor: start; fill: #64748b; font-weight: 400; }
.lane-up { stroke: #1e293b; stroke-width: 2.2; }
.lane-down { stroke: #94a3b8; stroke-width: 2; stroke-dasharray: 5 4; }
.partition-band { fill: #fef3c7; opacity: 0.75; }
.partition-label { fill: #92400e; font-size: 11px; font-weight: 600; }
.partition-side { stroke-width: 8; stroke-opacity: 0.22; pointer-events: none; }
.message-arrow .line { fill: none; stroke: var(--kind, #334155); stroke-width: 1.5; }
.message-arrow .hit { fill: none; stroke: transparent; stroke-width: 9; }
.message-arrow.lost .line, .message-arrow.dropped .line, .message-arrow.lost-at-send .line { stroke: #dc2626; stroke-dasharray: 4 3; }
.message-arrow.in-flight .line { stroke: #94a3b8; stroke-dasharray: 2 3; }
.message-arrow.duplicate .line { stroke: #9333ea; }
.message-arrow:hover .line { stroke-width: 3; }
.message-label { font-size: 10px; fill: var(--kind, #334155); text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; pointer-events: none; }
.crash-marker circle { fill: #fee2e2; stroke: #dc2626; stroke-width: 1.5; }
.crash-marker path { stroke: #dc2626; stroke-width: 2; }
.crash-marker.power-loss circle { fill: #fde68a; stroke: #b45309; }
.crash-marker text, .restart-marker text { text-anchor: end; font-size: 10px; font-weight: 600; fill: #b91c1c; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.restart-marker circle { fill: #dcfce7; stroke: #16a34a; stroke-width: 2; }
.restart-marker text { fill: #15803d; }
.state-change circle { fill: #2563eb; stroke: #fff; stroke-width: 1.5; }
.change-label { font-size: 9.5px; fill: #1d4ed8; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.clients-divider { stroke: #cbd5e1; }
.client-row { stroke: #e2e8f0; }
.client-link { stroke: #cbd5e1; stroke-dasharray: 2 3; pointer-events: none; }
.client-operation rect { stroke-width: 1; }
.client-operation.ok rect { fill: #bbf7d0; stroke: #16a34a; }
.client-operation.fail rect { fill: #fecaca; stroke: #dc2626; }
.client-operation.unknown rect { fill: #fde68a; stroke: #d97706; }
.client-operation.pending rect { fill: url(#pending-hatch); stroke: #64748b; stroke-dasharray: 3 2; }
.operation-retry { stroke: #475569; stroke-width: 2; }
.client-operation text { font-size: 11px; fill: #0f172a; pointer-events: none; paint-order: stroke; stroke: rgba(255,255,255,0.7); stroke-width: 2px; }
.violation-marker line { stroke: #dc2626; stroke-width: 2.5; }
.violation-marker rect { fill: #dc2626; }
.violation-marker text { fill: #fff; font-weight: 700; font-size: 12px; text-anchor: middle; }
.truncated { fill: #b45309; text-anchor: end; font-size: 11px; }
.explanation ul { margin: 4px 0 10px; padding-left: 20px; }
.explanation li { margin: 2px 0; }
.step-ref { color: #64748b; font: 12px ui-monospace, monospace; margin-right: 6px; }
table.state { border-collapse: collapse; font-size: 13px; }
table.state td { padding: 2px 10px 2px 0; vertical-align: top; }
.down { color: #b91c1c; font-weight: 600; }
#tooltip { position: fixed; z-index: 10; display: none; max-width: 560px; padding: 8px 10px; background: #0f172a; color: #e2e8f0; border-radius: 6px; font: 12px/1.4 ui-monospace, monospace; box-shadow: 0 6px 20px rgba(15, 23, 42, 0.3); pointer-events: none; white-space: pre-wrap; }
#tooltip .title { color: #93c5fd; font-weight: 700; }
#tooltip .event { color: #fff; font-weight: 600; }
#tooltip .detail { color: #cbd5e1; }
#tooltip table { border-collapse: collapse; margin-top: 4px; }
#tooltip td { padding: 1px 8px 1px 0; vertical-align: top; }
#tooltip .changed { color: #fde047; font-weight: 700; }
#tooltip .nodedown { color: #fca5a5; }
#tooltip .network { color: #94a3b8; margin-top: 4px; }
#tooltip .why { color: #67e8f9; }
`;

/** Inline script: the hover tooltip. Reads the step data embedded as JSON; builds DOM with textContent only. */
const script = `
(function () {
  var data = JSON.parse(document.getElementById('step-data').textContent);
  var tip = document.getElementById('tooltip');
  var active = null;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function showStep(step) {
    var d = data[step]; if (!d) return false;
    tip.textContent = '';
    tip.appendChild(el('div', 'title', d.title));
    tip.appendChild(el('div', 'event', d.event));
    d.details.forEach(function (line) { tip.appendChild(el('div', 'detail', '  ' + line)); });
    var table = el('table');
    d.nodes.forEach(function (node, index) {
      var row = el('tr');
      row.appendChild(el('td', node.up ? '' : 'nodedown', 'node ' + index + (node.up ? '' : ' (down)')));
      var cell = el('td');
      node.fields.forEach(function (f, i) {
        if (i > 0) cell.appendChild(document.createTextNode(' · '));
        cell.appendChild(el('span', f[2] ? 'changed' : '', f[0] + ' ' + f[1]));
      });
      row.appendChild(cell); table.appendChild(row);
    });
    tip.appendChild(table);
    tip.appendChild(el('div', 'network', d.network));
    d.why.forEach(function (line) { tip.appendChild(el('div', 'why', 'why: ' + line)); });
    return true;
  }
  // Open with the violation in view: scroll each visible plot so its marker sits in the right part of the window.
  function showViolation() {
    document.querySelectorAll('.view').forEach(function (view) {
      var scroll = view.querySelector('.scroll'); var marker = view.querySelector('.violation-marker line');
      if (!scroll || !marker || view.offsetParent === null) return;
      var x = Number(marker.getAttribute('x1'));
      if (x > scroll.clientWidth - 40) scroll.scrollLeft = x - scroll.clientWidth * 0.75;
    });
  }
  showViolation();
  var toggle = document.getElementById('show-full');
  if (toggle) toggle.addEventListener('change', showViolation);
  function place(event) {
    var x = event.clientX + 16, y = event.clientY + 16;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, event.clientX - w - 16);
    if (y + h > window.innerHeight - 8) y = Math.max(8, event.clientY - h - 16);
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }
  document.addEventListener('mouseover', function (event) {
    var target = event.target.closest ? event.target.closest('[data-tip], .step-column') : null;
    if (active) { active.classList.remove('active'); active = null; }
    if (!target) { tip.style.display = 'none'; return; }
    var shown = false;
    if (target.classList.contains('step-column')) { shown = showStep(target.getAttribute('data-step')); active = target; target.classList.add('active'); }
    else { tip.textContent = target.getAttribute('data-tip'); shown = true; }
    tip.style.display = shown ? 'block' : 'none';
    place(event);
  });
  document.addEventListener('mousemove', function (event) { if (tip.style.display === 'block') place(event); });
})();
`;

function stepReferenceHtml(reference: StepReference): string {
  return `<li><span class="step-ref">step ${reference.step}${reference.liveness ? 'L' : ''}</span>${escapeHtml(reference.text)}</li>`;
}

function explanationHtml(explanation: Explanation | null): string {
  if (!explanation) return '<section class="explanation"><h2>Outcome</h2><p>No property was broken in this run.</p></section>';
  const parts: string[] = ['<section class="explanation"><h2>What broke</h2>'];
  parts.push(
    `<p><b>${escapeHtml(explanation.property)}</b>${explanation.description ? ` — ${escapeHtml(explanation.description)}` : ''}</p>`,
    `<p>${escapeHtml(explanation.message)}<br><span class="step-ref">when</span>${escapeHtml(explanation.where)}</p>`,
  );
  for (const operation of explanation.operations) {
    parts.push(`<h3>${escapeHtml(operation.title)}</h3><ul>${operation.steps.map(stepReferenceHtml).join('')}</ul>`);
  }
  for (const node of explanation.nodes) {
    const earlier = node.earlier > 0 ? ` (${earlierStepsText(node.earlier)})` : '';
    parts.push(
      `<h3>node ${node.node}: the last steps that touched it${escapeHtml(earlier)}</h3><ul>${node.steps.map(stepReferenceHtml).join('') || '<li>nothing happened to it</li>'}</ul>`,
    );
  }
  if (explanation.mentionedSteps.length > 0)
    parts.push(`<h3>steps named in the message</h3><ul>${explanation.mentionedSteps.map(stepReferenceHtml).join('')}</ul>`);
  if (explanation.recent.length > 0)
    parts.push(`<h3>the last steps that changed anything</h3><ul>${explanation.recent.map(stepReferenceHtml).join('')}</ul>`);
  parts.push(
    `<h3>${explanation.phase === 'end' ? 'state at the end' : `state right after step ${explanation.brokeAfterStep}`}</h3><table class="state">`,
  );
  for (const node of explanation.finalState) {
    parts.push(
      `<tr><td>node ${node.node}</td><td${node.up ? '' : ' class="down"'}>${node.up ? 'up' : 'down'}</td><td>${escapeHtml(node.text)}</td></tr>`,
    );
  }
  parts.push('</table></section>');
  return parts.join('\n');
}

export interface HtmlOptions {
  /** The replay command shown in the header. */
  readonly replayCommand: string;
  /** Open on every step instead of the causal slice (the page has a switch either way). */
  readonly full?: boolean;
}

/** The config as `key=value` words, so a long one wraps instead of running off the page. */
function configText(config: unknown): string {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return JSON.stringify(config) ?? String(config);
  return Object.entries(config as Record<string, unknown>)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('  ');
}

function transcriptBlock(model: StudyModel, full: boolean): string {
  const transcript = transcriptText(model, { withoutExplanation: true, full });
  const shown = transcript.slice(0, htmlLimits.transcriptLinesMax).map((line) => clip(line, 400));
  if (transcript.length > shown.length) shown.push(`… ${transcript.length - shown.length} more lines (see ${faultlineCommand} replay)`);
  return escapeHtml(shown.join('\n'));
}

/** The whole page. Deterministic: the same model gives the same bytes. */
export function htmlPage(model: StudyModel, options: HtmlOptions): string {
  const artifact = model.input.artifact;
  const protocol = model.protocol;
  const slice = causalSlice(model);
  // Behind the "show every step" switch, every step has a column: no-ops and quiet steps too.
  const fullLayout = buildLayout(model, null, slice !== null);
  const sliceLayout = slice ? buildLayout(model, slice) : null;
  const explanation = explainViolation(model);
  const variant = protocol.variants.find((known) => known.name === artifact.variant);
  const tooltips: Record<number, StepTooltip> = {};
  for (const layout of [fullLayout, sliceLayout]) {
    for (const column of layout?.columns ?? [])
      if (column.kind === 'step') for (const step of column.steps) tooltips[step] ??= stepTooltip(model, step, slice);
  }
  const json = JSON.stringify(tooltips).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const violation = model.violation;
  const meta: [string, string][] = [
    ['protocol', `${protocol.name} — ${protocol.description}`],
    ['variant', `${artifact.variant}${variant ? ` — ${variant.description}` : ''}`],
    ['nodes, clients', `${model.nodeCount} nodes, ${model.clientCount} clients`],
    ['config', configText(artifact.config)],
    ...(artifact.properties === undefined ? [] : [['checked only', `${artifact.properties.join(', ')} (${othersNotChecked})`] as [string, string]]),
    [
      'schedule',
      `${artifact.schedule.events.length} events${artifact.eventsBeforeShrink !== null ? ` (shrunk from ${artifact.eventsBeforeShrink})` : ''}, random seed ${artifact.schedule.randomSeed}`,
    ],
  ];
  if (artifact.seed !== null) meta.push(['fast-check', `seed ${artifact.seed}${artifact.path !== null ? `, path ${artifact.path}` : ''}`]);
  const verdict = violation
    ? `<p class="verdict"><span class="property">✗ ${escapeHtml(violation.property)}</span>${explanation?.description ? ` — ${escapeHtml(explanation.description)}` : ''}<span class="message">${escapeHtml(violation.message)}</span><span class="message">broken ${escapeHtml(explanation?.where ?? '')}</span></p>`
    : '<p class="verdict ok">No property was broken in this run.</p>';
  const title = `${artifact.protocol} / ${artifact.variant}${violation ? `: ${violation.property}` : ''}`;
  const full = options.full ?? false;
  const switchHtml = slice
    ? `<p class="switch"><input type="checkbox" id="show-full"${full ? ' checked' : ''}> <label for="show-full">show every step (${model.steps.length})</label> <span class="slice-note view-slice">${escapeHtml(sliceSummary(slice).replace(' (--full shows every step)', ''))}; numbered grey columns are folded steps</span></p>`
    : '';
  const views = sliceLayout
    ? `<div class="view view-slice">${diagramView(model, sliceLayout, explanation)}</div><div class="view view-full">${diagramView(model, fullLayout, explanation)}</div>`
    : `<div class="view">${diagramView(model, fullLayout, explanation)}</div>`;
  const transcripts = slice
    ? `<pre class="transcript view-slice">${transcriptBlock(model, false)}</pre><pre class="transcript view-full">${transcriptBlock(model, true)}</pre>`
    : `<pre class="transcript">${transcriptBlock(model, true)}</pre>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`faultline · ${title}`)}</title>`,
    `<style>${css}</style>`,
    '</head><body>',
    sharedDefs,
    '<header>',
    `<h1>${escapeHtml(artifact.protocol)} <span class="variant">/ ${escapeHtml(artifact.variant)}</span></h1>`,
    verdict,
    `<dl class="meta">${meta.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}` +
      `<dt>replay</dt><dd><code>${escapeHtml(options.replayCommand)}</code></dd></dl>`,
    '</header>',
    '<section class="diagram"><h2>Space-time diagram <small>(hover a step for every node\'s state)</small></h2>',
    switchHtml,
    views,
    '<div class="legend">' +
      '<span><i></i>message delivered</span><span><i class="lost"></i>message lost or dropped (✗)</span>' +
      '<span><i class="down"></i>node down</span><span><i class="partition"></i>partition</span>' +
      '<span>● state change</span><span><i class="box ok"></i>ok</span><span><i class="box fail"></i>failed</span>' +
      '<span><i class="box unknown"></i>unknown</span><span><i class="box pending"></i>pending</span><span>⋯ or a count: steps folded away</span>' +
      '</div></section>',
    explanationHtml(explanation),
    `<section><h2>Transcript</h2>${transcripts}</section>`,
    `<section><h2>Schedule</h2><pre class="schedule">${escapeHtml(scheduleText(model).join('\n'))}</pre></section>`,
    '<div id="tooltip" role="tooltip"></div>',
    `<script type="application/json" id="step-data">${json}</script>`,
    `<script>${script}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
