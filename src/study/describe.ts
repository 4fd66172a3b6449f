/**
 * Steps in words: who did what ("node 1 receives Replicate(...) from node 0", "client 0 invokes
 * write 7 at node 0", "node 2 crashes"), then what followed from it (sends, losses, replies, state
 * changes). Built from the simulator's trace only, so it reads the same for every protocol.
 */
import type { TraceMessage } from '../core/simulator.ts';
import {
  clip,
  formatChange,
  formatSides,
  nodeOf,
  sidesOf,
  type NodeChanges,
  type OperationOutcome,
  type StudyModel,
  type StudyStep,
} from './model.ts';

export type DetailKind = 'send' | 'lost' | 'reply-ok' | 'reply-fail' | 'reply-unknown' | 'change' | 'note';

export interface StepDetail {
  readonly kind: DetailKind;
  readonly text: string;
}

export function nodesList(nodes: readonly number[]): string {
  return nodes.length === 1 ? `node ${nodes[0]}` : `nodes ${nodes.join(', ')}`;
}

function route(message: TraceMessage): string {
  return `from node ${message.from} to node ${message.to}`;
}

/** Protocol texts may hold line breaks; a transcript line must stay one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ↵ ');
}

/** The main sentence of a step: who did what. */
export function stepSentence(model: StudyModel, entry: StudyStep): string {
  return oneLine(sentenceOf(model, entry));
}

function sentenceOf(model: StudyModel, entry: StudyStep): string {
  const step = entry.step;
  const event = step.event;
  if (!step.applied) return `${step.text}: nothing happens (${step.note ?? 'not applicable'})`;
  switch (event.kind) {
    case 'deliver': {
      const message = step.delivered;
      if (!message) return step.text;
      if (step.note?.startsWith('lost')) return `${clip(message.text)} ${route(message)} is lost (${step.note.replace(/^lost:\s*/, '')})`;
      return `node ${message.to} receives ${clip(message.text)} from node ${message.from}`;
    }
    case 'drop': {
      const [first] = step.dropped;
      if (!first) return 'the network drops a message';
      if (step.dropped.length === 1) return `the network drops ${clip(first.text)} ${route(first)}`;
      return `the connection from node ${first.from} to node ${first.to} breaks: ${step.dropped.length} queued messages are lost`;
    }
    case 'duplicate': {
      const [copy] = step.sent;
      return copy ? `the network duplicates ${clip(copy.text)} ${route(copy)}` : 'the network duplicates a message';
    }
    case 'tick':
      return `node ${nodeOf(event.node, model.nodeCount)} ticks`;
    case 'crash': {
      const node = nodeOf(event.node, model.nodeCount);
      return event.loseUnflushed ? `node ${node} loses power (crash; unflushed writes are lost)` : `node ${node} crashes`;
    }
    case 'restart':
      return `node ${nodeOf(event.node, model.nodeCount)} restarts`;
    case 'partition':
      return step.partition === null
        ? 'the network heals (the partition has a single side)'
        : `the network splits: ${formatSides(sidesOf(step.partition))}`;
    case 'heal':
      return 'the network heals';
    case 'client': {
      const node = nodeOf(event.node, model.nodeCount);
      if (step.invoked) {
        return `client ${step.invoked.clientId} invokes ${step.invoked.text} at node ${step.invoked.node} (operation ${step.invoked.operationId})`;
      }
      const retry = /client (\d+) retries operation (\d+)/.exec(step.note ?? '');
      if (retry) {
        const operation = model.operations[Number(retry[2])];
        return `client ${retry[1]} retries operation ${retry[2]}${operation ? ` (${operation.text})` : ''} at node ${node}`;
      }
      return step.text;
    }
    default:
      return step.text;
  }
}

function outcomeOf(model: StudyModel, operationId: number): OperationOutcome {
  return model.operations[operationId]?.outcome ?? 'pending';
}

export function changeText(entry: NodeChanges): string {
  return `node ${entry.node}: ${entry.changes.map(formatChange).join(' · ')}`;
}

/** What followed from a step: messages sent or lost, replies, each node's changed fields. */
export function stepDetails(model: StudyModel, entry: StudyStep): StepDetail[] {
  const step = entry.step;
  const details: StepDetail[] = [];
  if (!step.applied) return details;
  // Sends, grouped by sender and text ("node 0 sends X to nodes 1, 2"); a duplicate's copy is the event itself.
  if (step.event.kind !== 'duplicate') {
    const groups = new Map<string, { from: number; text: string; to: number[] }>();
    for (const sent of step.sent) {
      const key = `${sent.from}\u0000${sent.text}`;
      const group = groups.get(key);
      if (group) group.to.push(sent.to);
      else groups.set(key, { from: sent.from, text: sent.text, to: [sent.to] });
    }
    for (const group of groups.values())
      details.push({ kind: 'send', text: `node ${group.from} sends ${clip(group.text)} to ${nodesList(group.to)}` });
  }
  const singleDrop = step.event.kind === 'drop' && step.dropped.length === 1;
  if (!singleDrop) {
    for (const dropped of step.dropped) {
      const fate = model.messageById.get(dropped.id)?.fate;
      const reason = fate && fate.kind !== 'delivered' && fate.kind !== 'in-flight' ? fate.reason : 'lost';
      const verb = fate?.kind === 'lost-at-send' ? 'never leaves' : 'is lost';
      details.push({ kind: 'lost', text: `✗ ${clip(dropped.text)} ${route(dropped)} ${verb}: ${reason}` });
    }
  }
  for (const completed of step.completed) {
    const outcome = outcomeOf(model, completed.operationId);
    const kind: DetailKind = outcome === 'ok' ? 'reply-ok' : outcome === 'fail' ? 'reply-fail' : 'reply-unknown';
    const who = step.actingNode !== null ? `node ${step.actingNode} replies to client ${completed.clientId}` : `client ${completed.clientId} gets`;
    details.push({ kind, text: `${who}: ${clip(completed.text)} (operation ${completed.operationId})` });
  }
  const noteShown = step.note !== null && !step.note.startsWith('lost') && !/retries operation/.test(step.note);
  if (noteShown) details.push({ kind: 'note', text: step.note ?? '' });
  for (const changes of entry.nodeChanges) details.push({ kind: 'change', text: changeText(changes) });
  return details.map((detail) => ({ ...detail, text: oneLine(detail.text) }));
}
