/**
 * A self-contained HTML picture of a checked history (no external resources): one row per
 * client, each operation a bar over its [call, return] interval, numbered dots at the
 * linearization points, and, for a violation, the longest linearizable prefix in green and the
 * operations that could not come next in red. Hovering an operation highlights its partition.
 * Pure: returns the page as a string.
 */

import escapeHtml from 'lodash/escape.js';
import { formatLinearizabilityFailure, linearizationPoints } from './explain.ts';
import type { HistoryOperation, LinearizabilityModel, LinearizabilityResult } from './types.ts';

export interface LinearizabilityHtmlInput<State, Input, Output> {
  readonly title: string;
  readonly model: LinearizabilityModel<State, Input, Output>;
  readonly operations: readonly HistoryOperation<Input, Output>[];
  readonly result: LinearizabilityResult;
}

const ROW_HEIGHT = 30;
const BAR_HEIGHT = 16;
const LEFT_MARGIN = 12;
const LABEL_WIDTH = 80;
const TOP_MARGIN = 28;
const CHARACTER_WIDTH = 6.2;

type Role = 'plain' | 'prefix' | 'unplaceable' | 'failing-partition';

export function renderLinearizabilityHtml<State, Input, Output>(input: LinearizabilityHtmlInput<State, Input, Output>): string {
  const { model, operations, result } = input;
  const describe = (operation: HistoryOperation<Input, Output>): string => model.describeOperation(operation.input, operation.output);

  // Time axis by rank of distinct times, so that bursts and idle periods both stay readable.
  const times = new Set<number>();
  for (const operation of operations) {
    times.add(operation.call);
    if (operation.return !== null) times.add(operation.return);
  }
  const sortedTimes = [...times].sort((a, b) => a - b);
  const timeIndex = new Map(sortedTimes.map((time, index) => [time, index]));
  const step = Math.min(28, Math.max(4, 60_000 / Math.max(1, sortedTimes.length)));
  const endX = LEFT_MARGIN + (sortedTimes.length + 1) * step;
  const x = (time: number | null): number => (time === null ? endX : LEFT_MARGIN + ((timeIndex.get(time) ?? 0) + 0.5) * step);

  const clients = [...new Set(operations.map((operation) => operation.clientId))].sort((a, b) => a - b);
  const rowOf = new Map(clients.map((client, index) => [client, index]));
  const y = (client: number): number => TOP_MARGIN + (rowOf.get(client) ?? 0) * ROW_HEIGHT;

  const partitionOf = new Map<number, number>();
  for (const outcome of result.partitionOutcomes) for (const id of outcome.operationIds) partitionOf.set(id, outcome.index);

  const failure = result.failure;
  const prefixOrder = new Map((failure?.longestPrefix ?? []).map((id, index) => [id, index + 1]));
  const unplaceable = new Set(failure?.unplaceable ?? []);
  const roleOf = (id: number): Role => {
    if (unplaceable.has(id)) return 'unplaceable';
    if (prefixOrder.has(id)) return 'prefix';
    if (failure !== undefined && partitionOf.get(id) === failure.partitionIndex) return 'failing-partition';
    return 'plain';
  };

  // Linearization points: the full order of linearizable partitions, the prefix of a failing one.
  const points = new Map<number, { time: number; order: number }>();
  const addPoints = (order: readonly number[]): void => {
    const placed = linearizationPoints(operations as readonly HistoryOperation<unknown, unknown>[], order);
    order.forEach((id, index) => {
      const time = placed.get(id);
      if (time !== undefined) points.set(id, { time, order: index + 1 });
    });
  };
  for (const outcome of result.partitionOutcomes) if (outcome.linearization !== undefined) addPoints(outcome.linearization);
  if (failure !== undefined) addPoints(failure.longestPrefix);

  const width = endX + 40;
  const height = TOP_MARGIN + clients.length * ROW_HEIGHT + 20;
  const svg: string[] = [];
  svg.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" role="img">`);
  // Client names sit in their own column, which stays put while the chart scrolls sideways.
  const labels: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH}" height="${height}">`];
  for (const client of clients) {
    const rowY = y(client);
    labels.push(`<text class="client" x="8" y="${rowY + BAR_HEIGHT - 3}">client ${client}</text>`);
    svg.push(`<line class="lane" x1="0" x2="${endX.toFixed(1)}" y1="${rowY + BAR_HEIGHT / 2}" y2="${rowY + BAR_HEIGHT / 2}"/>`);
  }
  labels.push('</svg>');
  for (const operation of operations) {
    const left = x(operation.call) - step * 0.4;
    const right = operation.return === null ? endX : x(operation.return) + step * 0.4;
    const barWidth = Math.max(3, right - left);
    const rowY = y(operation.clientId);
    const role = roleOf(operation.id);
    const unknown = operation.return === null ? ' unknown' : operation.output === null ? ' no-output' : '';
    const partition = partitionOf.get(operation.id) ?? 0;
    const text = `#${operation.id} ${describe(operation)}`;
    const point = points.get(operation.id);
    const tooltip =
      `${text}\nclient ${operation.clientId}, partition ${partition + 1}, call ${operation.call}, return ${operation.return ?? 'never (unknown outcome)'}` +
      (point === undefined ? '' : `\nlinearized as number ${point.order} of its partition`) +
      (role === 'unplaceable' ? '\ncould not be placed after the longest prefix' : '');
    svg.push(`<g class="op ${role}${unknown}" data-partition="${partition}">`);
    svg.push(`<title>${escapeHtml(tooltip)}</title>`);
    svg.push(`<rect x="${left.toFixed(1)}" y="${rowY}" width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}" rx="3"/>`);
    const fitting = Math.floor((barWidth - 6) / CHARACTER_WIDTH);
    if (fitting >= 4) {
      const label = text.length > fitting ? `${text.slice(0, fitting - 1)}…` : text;
      svg.push(`<text x="${(left + 3).toFixed(1)}" y="${rowY + BAR_HEIGHT - 4}">${escapeHtml(label)}</text>`);
    }
    if (point !== undefined) {
      const pointX = x(point.time);
      svg.push(`<circle cx="${pointX.toFixed(1)}" cy="${rowY + BAR_HEIGHT + 5}" r="4"/>`);
      svg.push(`<text class="order" x="${(pointX + 5).toFixed(1)}" y="${rowY + BAR_HEIGHT + 9}">${point.order}</text>`);
    }
    svg.push('</g>');
  }
  svg.push('</svg>');

  const verdictClass = result.verdict === 'linearizable' ? 'good' : result.verdict === 'not-linearizable' ? 'bad' : 'unknown';
  const summary =
    `${result.operations} operations, ${clients.length} clients, ${result.partitions} partition(s), ` +
    `${result.exploredConfigurations} configurations explored, model ${result.model}` +
    (result.unknownReason === undefined ? '' : `, stopped: ${result.unknownReason}`);
  const explanation =
    failure === undefined ? '' : `<pre class="explanation">${escapeHtml(formatLinearizabilityFailure(model, operations, result))}</pre>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 16px; color: #1d232b; }
h1 { font-size: 18px; margin: 0 0 4px; }
.verdict { font-weight: 600; padding: 1px 6px; border-radius: 4px; }
.verdict.good { background: #d6f5dd; } .verdict.bad { background: #fbd9d7; } .verdict.unknown { background: #f3e9c6; }
.chart { display: flex; border: 1px solid #d8dde3; margin: 12px 0; }
.labels { flex: none; border-right: 1px solid #d8dde3; background: #fafbfc; }
.scroll { overflow-x: auto; flex: 1; }
svg text { font: 11px ui-monospace, monospace; fill: #1d232b; }
svg .client { font-weight: 600; }
svg .lane { stroke: #eef1f4; }
.op rect { fill: #cfe0f5; stroke: #7b9cc4; }
.op.prefix rect { fill: #c9efcf; stroke: #3f9b52; }
.op.unplaceable rect { fill: #f7c3bf; stroke: #c0392b; stroke-width: 2; }
.op.failing-partition rect { stroke: #c0392b; stroke-dasharray: 3 2; }
.op.unknown rect { fill: #eceff2; stroke: #9aa4ae; stroke-dasharray: 4 3; }
.op.prefix.unknown rect { fill: #c9efcf; }
.op.unplaceable.no-output rect, .op.no-output rect { fill-opacity: 0.6; }
.op circle { fill: #1d232b; } .op.prefix circle { fill: #2e7d3e; }
.op .order { font-size: 9px; }
.op.highlight rect { stroke: #ff9800; stroke-width: 2.5; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 22px; height: 10px; margin-right: 4px; border: 1px solid; vertical-align: middle; }
pre.explanation { background: #f7f8fa; padding: 8px; border: 1px solid #d8dde3; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p><span class="verdict ${verdictClass}">${escapeHtml(result.verdict)}</span> ${escapeHtml(summary)}</p>
<p class="legend"><span><i style="background:#cfe0f5;border-color:#7b9cc4"></i>operation [call, return]</span><span><i style="background:#c9efcf;border-color:#3f9b52"></i>longest linearizable prefix</span><span><i style="background:#f7c3bf;border-color:#c0392b"></i>could not be placed next</span><span><i style="background:#eceff2;border-color:#9aa4ae;border-style:dashed"></i>unknown outcome (may take effect any time after its call)</span><span>● n: linearization point and order within its partition</span></p>
<div class="chart"><div class="labels">${labels.join('\n')}</div><div class="scroll">${svg.join('\n')}</div></div>
${explanation}
<script>
document.querySelector('g.op.unplaceable')?.scrollIntoView({ inline: 'center', block: 'nearest' });
for (const group of document.querySelectorAll('g.op')) {
  const same = () => document.querySelectorAll('g.op[data-partition="' + group.dataset.partition + '"]');
  group.addEventListener('mouseenter', () => same().forEach((other) => other.classList.add('highlight')));
  group.addEventListener('mouseleave', () => same().forEach((other) => other.classList.remove('highlight')));
}
</script>
</body>
</html>
`;
}
