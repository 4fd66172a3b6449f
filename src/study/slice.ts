/**
 * The causal slice of a run: the steps the violation's evidence depends on, found by walking the
 * happens-before relation backwards from the violation (a delivery depends on its send, a step on
 * the node's earlier steps, a reply on its request). Everything else (heartbeats that changed no
 * state, fetches of unrelated replicas, no-ops) is folded away, so a 100-step story reads in 15.
 *
 * What a step "changed" is what the protocol's `summarizeState` shows, in its own field names: a
 * step that changed nothing visible (a timer tick) is only kept when it sent a message a kept step
 * received. A node's next state may depend on any of its fields, so once a step of a node is kept,
 * every earlier step that changed that node is kept too (sound, if coarse: the model's reads are
 * not known). The evidence to start from is what the violation's message names (nodes, operations,
 * steps); when it names no node, every node.
 */
import { mentionsIn } from './explain.ts';
import { clip, formatSides, sidesOf, type StudyModel } from './model.ts';

/** Where the walk starts: what the violation is about. */
export interface SliceEvidence {
  readonly nodes: readonly number[];
  readonly operations: readonly number[];
  readonly steps: readonly number[];
  /** The last step the walk considers: the violation's step, or the last step for end properties. */
  readonly lastStep: number;
}

export interface CausalSlice {
  readonly evidence: SliceEvidence;
  /** Kept steps, ascending, each with why it is kept (one or more sentences). */
  readonly kept: ReadonlyMap<number, readonly string[]>;
  /** Steps up to and including `evidence.lastStep`. */
  readonly stepCount: number;
}

/** Whether a step is in the slice (everything is when there is no slice). */
export function inSlice(slice: CausalSlice | null, step: number): boolean {
  return slice === null || slice.kept.has(step);
}

/** Runs of consecutive steps outside the slice, as [first, last] pairs, over steps 0..stepCount-1. */
export function foldedRuns(slice: CausalSlice, stepCount: number): [number, number][] {
  const runs: [number, number][] = [];
  let start: number | null = null;
  for (let index = 0; index <= stepCount; index++) {
    const out = index < stepCount && !slice.kept.has(index);
    if (out && start === null) start = index;
    if (!out && start !== null) {
      runs.push([start, index - 1]);
      start = null;
    }
  }
  return runs;
}

/** Step indexes as ranges: [2, 3, 4, 7, 9, 10] -> "2–4, 7, 9–10" (ascending input). */
export function stepRanges(indexes: readonly number[]): string {
  const parts: string[] = [];
  let start = indexes[0];
  let previous = start;
  for (const index of [...indexes.slice(1), Number.NaN]) {
    if (start === undefined || previous === undefined) break;
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    parts.push(start === previous ? String(start) : `${start}–${previous}`);
    start = index;
    previous = index;
  }
  return parts.join(', ');
}

/** "12 other steps (3–14)" or "1 other step (7)". */
export function foldedText(first: number, last: number): string {
  const count = last - first + 1;
  return `${count} other step${count === 1 ? '' : 's'} (${first === last ? first : `${first}–${last}`})`;
}

function evidenceOf(model: StudyModel): SliceEvidence | null {
  const violation = model.violation;
  if (!violation || model.steps.length === 0) return null;
  const lastStep = Math.min(violation.phase === 'end' ? model.steps.length - 1 : violation.step, model.steps.length - 1);
  const mentions = mentionsIn(violation.message, { nodes: model.nodeCount, operations: model.operations.length, steps: lastStep + 1 });
  const nodes =
    mentions.nodes.length > 0 || mentions.operations.length > 0 ? mentions.nodes : Array.from({ length: model.nodeCount }, (_, node) => node);
  // A history property (linearizability) that names only steps is about every operation it saw.
  const operations =
    mentions.operations.length === 0 && mentions.nodes.length === 0 && mentions.steps.length > 0
      ? model.operations.filter((operation) => operation.invokedAt <= lastStep).map((operation) => operation.operationId)
      : mentions.operations;
  return { nodes, operations, steps: mentions.steps, lastStep };
}

/** The causal slice of a run with a violation; null when nothing was broken. Pure and deterministic. */
export function causalSlice(model: StudyModel): CausalSlice | null {
  const evidence = evidenceOf(model);
  if (!evidence) return null;
  const violation = model.violation;
  const { lastStep } = evidence;
  /** Per node: who needs its state (a sentence ending), set when the node first becomes needed. */
  const neededNode = new Map<number, string>();
  /** Message id -> the sentence ending that says who received it. */
  const neededMessage = new Map<number, string>();
  /** Operation id -> why its invocation and reply are needed. */
  const neededOperation = new Map<number, string>();
  const namedSteps = new Set(evidence.steps);
  for (const node of evidence.nodes) neededNode.set(node, `the violation is about node ${node}`);
  for (const operation of evidence.operations) neededOperation.set(operation, 'the violation is about it');
  const kept = new Map<number, string[]>();

  for (let index = lastStep; index >= 0; index--) {
    const entry = model.steps[index];
    if (!entry) continue;
    const step = entry.step;
    const reasons: string[] = [];
    const retried = step.applied ? /retries operation (\d+)/.exec(step.note ?? '') : null;
    if (index === lastStep && violation && violation.phase !== 'end') reasons.push(`${violation.property} breaks right after this step`);
    if (namedSteps.has(index) && step.applied) reasons.push(`the violation names step ${index}`);
    if (step.applied) {
      for (const changed of entry.nodeChanges) {
        const why = neededNode.get(changed.node);
        if (why === undefined) continue;
        // The values are in the step's own lines; the reason names the fields, in the protocol's words.
        const fields = changed.changes.map((change) => change.field);
        reasons.push(
          `changes node ${changed.node}'s ${fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}`} — ${why}`,
        );
      }
      const kind = step.event.kind;
      if (
        (kind === 'crash' || kind === 'restart') &&
        step.actingNode !== null &&
        entry.nodeChanges.every((changed) => changed.node !== step.actingNode)
      ) {
        const why = neededNode.get(step.actingNode);
        if (why !== undefined) reasons.push(`node ${step.actingNode} ${kind === 'crash' ? 'goes down' : 'comes back up'} — ${why}`);
      }
      for (const sent of step.sent) {
        const why = neededMessage.get(sent.id);
        if (why !== undefined) reasons.push(`sends ${clip(sent.text, 120)} to node ${sent.to}, ${why}`);
      }
      if (step.invoked) {
        const why = neededOperation.get(step.invoked.operationId);
        if (why !== undefined) reasons.push(`invokes operation ${step.invoked.operationId} (${clip(step.invoked.text, 60)}): ${why}`);
      }
      for (const completed of step.completed) {
        const why = neededOperation.get(completed.operationId);
        if (why !== undefined) reasons.push(`answers operation ${completed.operationId} (${clip(completed.text, 120)}): ${why}`);
      }
      if (retried && neededOperation.has(Number(retried[1])))
        reasons.push(`re-sends operation ${retried[1]}: ${neededOperation.get(Number(retried[1]))}`);
    }
    if (reasons.length === 0) continue;
    kept.set(index, reasons);
    // What this step depends on: the state of every node it stepped, the message it received, the request it answers.
    const stepped = new Set(entry.nodeChanges.map((changed) => changed.node));
    if (step.actingNode !== null) stepped.add(step.actingNode);
    for (const node of stepped) if (!neededNode.has(node)) neededNode.set(node, `node ${node}'s kept step ${index} builds on it`);
    const delivered = step.delivered;
    if (delivered && model.messageById.get(delivered.id)?.fate.kind === 'delivered' && !neededMessage.has(delivered.id)) {
      neededMessage.set(delivered.id, `which receives it at step ${index}`);
    }
    for (const completed of step.completed) {
      if (!neededOperation.has(completed.operationId)) neededOperation.set(completed.operationId, `step ${index} answers it`);
    }
    if (step.invoked && !neededOperation.has(step.invoked.operationId)) neededOperation.set(step.invoked.operationId, `step ${index} handles it`);
    if (retried && !neededOperation.has(Number(retried[1]))) neededOperation.set(Number(retried[1]), `step ${index} re-sends it`);
  }
  // Partitions and heals decide which messages got through: kept as context while anything is kept after them.
  for (let index = 0; index <= lastStep; index++) {
    const step = model.steps[index]?.step;
    if (!step?.applied || kept.has(index) || (step.event.kind !== 'partition' && step.event.kind !== 'heal')) continue;
    const laterKept = [...kept.keys()].some((other) => other > index);
    if (!laterKept) continue;
    kept.set(index, [
      step.partition
        ? `the network splits ${formatSides(sidesOf(step.partition))}: it decides which messages get through`
        : 'the network heals: messages get through again',
    ]);
  }
  const sorted = new Map([...kept.entries()].sort((a, b) => a[0] - b[0]));
  return { evidence, kept: sorted, stepCount: lastStep + 1 };
}
