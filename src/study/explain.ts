/**
 * The violated invariant in words: which property, what it promises, what broke and when, and the
 * steps that led there. The property's message is read for the nodes, operations and steps it
 * names ("acknowledged write 0 (operation 0, ...) is missing from node 0's log"), and for each the
 * last steps that touched it are listed. Protocol-agnostic: it only reads the trace and history.
 */
import { oneLine, stepSentence } from './describe.ts';
import { formatChange, formatFields, snapshotAt, type StudyModel } from './model.ts';

export interface StepReference {
  readonly step: number;
  readonly liveness: boolean;
  readonly text: string;
}

export interface Explanation {
  readonly property: string;
  /** What the property promises (from the protocol's property list). */
  readonly description: string | null;
  readonly message: string;
  /** When it broke, in words. */
  readonly where: string;
  /** The step after which it broke; `steps.length` for end-of-run properties. */
  readonly brokeAfterStep: number;
  readonly phase: 'safety' | 'liveness' | 'end';
  readonly operations: readonly { readonly operationId: number; readonly title: string; readonly steps: readonly StepReference[] }[];
  readonly nodes: readonly { readonly node: number; readonly steps: readonly StepReference[]; readonly earlier: number }[];
  readonly mentionedSteps: readonly StepReference[];
  /** When the message names no node or operation: the last steps that changed anything. */
  readonly recent: readonly StepReference[];
  readonly finalState: readonly { readonly node: number; readonly up: boolean; readonly text: string }[];
}

/** Steps shown per node in the explanation; older ones are counted. */
export const stepsPerNodeMax = 6;

const nodeWords = 'nodes?|brokers?|servers?|replicas?|peers?|members?|followers?|leaders?|candidates?|observers?|primary|primaries|backups?';
const listTail = String.raw`((?:\s*(?:,|and|or|&)\s*#?\d+)*)`;

function numbersAfter(text: string, words: string): number[] {
  const pattern = new RegExp(String.raw`\b(?:${words})\s+#?(\d+)${listTail}`, 'gi');
  const found: number[] = [];
  for (const match of text.matchAll(pattern)) {
    found.push(Number(match[1]));
    for (const more of (match[2] ?? '').matchAll(/\d+/g)) found.push(Number(more[0]));
  }
  return found;
}

function unique(values: readonly number[], below: number): number[] {
  return [...new Set(values)].filter((value) => value >= 0 && value < below).sort((a, b) => a - b);
}

/** The nodes, operations and steps a property's message names. */
export function mentionsIn(
  message: string,
  limits: { nodes: number; operations: number; steps: number },
): {
  nodes: number[];
  operations: number[];
  steps: number[];
} {
  const nodes = [...numbersAfter(message, nodeWords), ...[...message.matchAll(/\bn(\d+)\b/g)].map((match) => Number(match[1]))];
  return {
    nodes: unique(nodes, limits.nodes),
    operations: unique(numbersAfter(message, 'operations?|ops?'), limits.operations),
    steps: unique(numbersAfter(message, 'steps?'), limits.steps),
  };
}

function reference(model: StudyModel, index: number, text: string): StepReference {
  return { step: index, liveness: model.steps[index]?.step.phase === 'liveness', text };
}

/** A step in words, with only the given node's changes appended. */
function stepAbout(model: StudyModel, index: number, node: number | null): StepReference {
  const entry = model.steps[index];
  if (!entry) return reference(model, index, '(beyond the trace)');
  const sentence = stepSentence(model, entry);
  const changes = entry.nodeChanges.filter((changed) => node === null || changed.node === node);
  const changeText = changes
    .map((changed) => (node === null ? `node ${changed.node}: ` : '') + changed.changes.map(formatChange).join(', '))
    .join('; ');
  return reference(model, index, oneLine(changeText ? `${sentence} — ${changeText}` : sentence));
}

function touchesNode(model: StudyModel, index: number, node: number): boolean {
  const entry = model.steps[index];
  if (!entry?.step.applied) return false;
  const kind = entry.step.event.kind;
  if ((kind === 'crash' || kind === 'restart') && entry.step.actingNode === node) return true;
  return entry.nodeChanges.some((changed) => changed.node === node);
}

export function explainViolation(model: StudyModel): Explanation | null {
  const violation = model.violation;
  if (!violation) return null;
  const stepCount = model.steps.length;
  const limit = Math.min(violation.step, stepCount - 1);
  const description = model.protocol.properties.find((property) => property.name === violation.property)?.description ?? null;
  let where: string;
  if (violation.phase === 'end') {
    const liveness = model.livenessStart === null ? 0 : stepCount - model.livenessStart;
    where = `at the end of the run, once the liveness phase was over (${stepCount} steps: ${stepCount - liveness} scheduled, ${liveness} liveness)`;
  } else {
    const entry = model.steps[violation.step];
    const phase = violation.phase === 'liveness' ? ' (liveness phase)' : '';
    where = `right after step ${violation.step}${phase}: ${entry ? stepSentence(model, entry) : 'beyond the trace'}`;
  }

  const mentions = mentionsIn(violation.message, { nodes: model.nodeCount, operations: model.operations.length, steps: stepCount });

  const operations = mentions.operations.flatMap((operationId) => {
    const operation = model.operations[operationId];
    if (!operation) return [];
    const steps: StepReference[] = [
      reference(model, operation.invokedAt, oneLine(`client ${operation.clientId} invokes ${operation.text} at node ${operation.node}`)),
      ...operation.retries.map((retry) => reference(model, retry.step, `client ${operation.clientId} retries it at node ${retry.node}`)),
    ];
    if (operation.completedAt !== null) {
      const verb = operation.outcome === 'ok' ? 'acknowledged' : operation.outcome === 'fail' ? 'failed' : 'ended with an unknown outcome';
      steps.push(reference(model, operation.completedAt, oneLine(`${verb}: ${operation.resultText ?? ''}`)));
    } else {
      steps.push(reference(model, limit, 'still pending: the client never got an answer'));
    }
    return [{ operationId, title: oneLine(`operation ${operationId} (client ${operation.clientId}: ${operation.text})`), steps }];
  });

  const nodes = mentions.nodes.map((node) => {
    const touching: number[] = [];
    for (let index = 0; index <= limit; index++) if (touchesNode(model, index, node)) touching.push(index);
    const shown = touching.slice(-stepsPerNodeMax);
    return { node, steps: shown.map((index) => stepAbout(model, index, node)), earlier: touching.length - shown.length };
  });

  const covered = new Set(
    [...operations.flatMap((operation) => operation.steps), ...nodes.flatMap((node) => node.steps)].map((reference) => reference.step),
  );
  const mentionedSteps = mentions.steps.filter((index) => !covered.has(index)).map((index) => stepAbout(model, index, null));

  const recent: StepReference[] = [];
  if (operations.length === 0 && nodes.length === 0) {
    for (let index = limit; index >= 0 && recent.length < stepsPerNodeMax; index--) {
      const entry = model.steps[index];
      if (entry && entry.step.applied && !entry.quiet) recent.unshift(stepAbout(model, index, null));
    }
  }

  const finalState = snapshotAt(model, limit).map((snapshot, node) => ({ node, up: snapshot.up, text: oneLine(formatFields(snapshot.fields)) }));
  return {
    property: violation.property,
    description,
    message: violation.message,
    where,
    brokeAfterStep: violation.phase === 'end' ? stepCount : violation.step,
    phase: violation.phase,
    operations,
    nodes,
    mentionedSteps,
    recent,
    finalState,
  };
}

/** How many earlier steps a node's list leaves out: `1 earlier step not shown`, `3 earlier steps not shown`. */
export function earlierStepsText(count: number): string {
  return `${count} earlier step${count === 1 ? '' : 's'} not shown`;
}

/** The explanation as plain lines (terminal and Markdown code blocks); `emphasis` styles headings. */
export function explanationLines(
  explanation: Explanation,
  style: { readonly bold: (text: string) => string; readonly red: (text: string) => string; readonly dim: (text: string) => string },
): string[] {
  const stepTag = (reference: StepReference): string => `${`step ${reference.step}${reference.liveness ? 'L' : ''}`.padEnd(9)}`;
  const lines: string[] = [
    style.red(style.bold(`VIOLATED: ${explanation.property}`)) + (explanation.description ? ` — ${oneLine(explanation.description)}` : ''),
    `  what:  ${oneLine(explanation.message)}`,
    `  when:  ${explanation.where}`,
  ];
  if (explanation.operations.length > 0 || explanation.nodes.length > 0 || explanation.mentionedSteps.length > 0) {
    lines.push('  how it came about:');
  }
  for (const operation of explanation.operations) {
    lines.push(`    ${style.bold(operation.title)}`);
    for (const reference of operation.steps) lines.push(`      ${style.dim(stepTag(reference))} ${reference.text}`);
  }
  for (const node of explanation.nodes) {
    const earlier = node.earlier > 0 ? style.dim(` (${earlierStepsText(node.earlier)})`) : '';
    lines.push(`    ${style.bold(`node ${node.node}`)}: the last steps that touched it${earlier}`);
    if (node.steps.length === 0) lines.push(`      ${style.dim('(nothing happened to it)')}`);
    for (const reference of node.steps) lines.push(`      ${style.dim(stepTag(reference))} ${reference.text}`);
  }
  if (explanation.mentionedSteps.length > 0) lines.push(`    ${style.bold('steps named in the message')}`);
  for (const reference of explanation.mentionedSteps) lines.push(`      ${style.dim(stepTag(reference))} ${reference.text}`);
  if (explanation.recent.length > 0) {
    lines.push('  the last steps that changed anything:');
    for (const reference of explanation.recent) lines.push(`    ${style.dim(stepTag(reference))} ${reference.text}`);
  }
  lines.push(explanation.phase === 'end' ? '  state at the end:' : `  state right after step ${explanation.brokeAfterStep}:`);
  for (const node of explanation.finalState) {
    lines.push(`    node ${node.node}  ${node.up ? 'up  ' : style.red('DOWN')}  ${node.text}`);
  }
  return lines;
}
