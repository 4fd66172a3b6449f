/**
 * The transcript: one line per step (who did what), then what followed, with only the state
 * fields that changed. No-op steps are hidden (and counted); runs of liveness steps in which
 * nothing happens are collapsed. Colours come in as functions so the renderer stays pure.
 */
import { formatEvent } from '../core/events.ts';
import { oneLine, stepDetails, stepSentence, type StepDetail } from './describe.ts';
import { explainViolation, explanationLines } from './explain.ts';
import type { StudyModel } from './model.ts';
import { type CausalSlice, causalSlice, foldedRuns, foldedText, stepRanges } from './slice.ts';

/** Colour functions (picocolors fits as is); each defaults to the identity. */
export interface StudyStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const identity = (text: string): string => text;

export const plainStyle: StudyStyle = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };

export function resolveStyle(style: Partial<StudyStyle> | undefined): StudyStyle {
  return { ...plainStyle, ...style };
}

export interface TranscriptOptions {
  readonly style?: Partial<StudyStyle>;
  /** Show steps that did nothing (default: hidden, and counted). */
  readonly showNoops?: boolean;
  /** Consecutive quiet liveness steps collapsed into one line from this many on (default 2). */
  readonly quietRunMin?: number;
  /** Leave out the explanation of the violation at the end. */
  readonly withoutExplanation?: boolean;
  /** Every step, not only the causal slice of the violation (see `slice.ts`). */
  readonly full?: boolean;
}

function styleDetail(detail: StepDetail, style: StudyStyle): string {
  switch (detail.kind) {
    case 'send':
      return style.dim(detail.text);
    case 'lost':
      return style.red(detail.text);
    case 'reply-ok':
      return style.green(detail.text);
    case 'reply-fail':
      return style.red(detail.text);
    case 'reply-unknown':
      return style.yellow(detail.text);
    case 'change': {
      const colon = detail.text.indexOf(':');
      return style.yellow(detail.text.slice(0, colon + 1)) + detail.text.slice(colon + 1);
    }
    case 'note':
      return style.dim(detail.text);
    default:
      return detail.text;
  }
}

/** Node numbers in words: `node 2`, `nodes 0, 2`. */
function nodesText(nodes: readonly number[]): string {
  return `node${nodes.length === 1 ? '' : 's'} ${nodes.join(', ')}`;
}

/** The liveness phase's first steps: whether one healed the network, which nodes were restarted. */
function openingSteps(model: StudyModel): { healed: boolean; restarted: number[] } {
  let healed = false;
  const restarted: number[] = [];
  for (let index = model.livenessStart ?? model.steps.length; index < model.steps.length; index++) {
    const event = model.steps[index]?.step.event;
    if (event?.kind === 'heal') healed = true;
    else if (event?.kind === 'restart') restarted.push(event.node);
    else break;
  }
  return { healed, restarted };
}

/**
 * What the liveness phase did before its rounds, as its first steps did it: the network healed (a
 * step only when it was partitioned) and the nodes that were down restarted (only those). `short`:
 * the Mermaid note's wording (`network healed, node 0 restarted`).
 */
export function livenessOpening(model: StudyModel, short = false): string {
  const { healed, restarted } = openingSteps(model);
  if (short) {
    const parts = [healed ? 'network healed' : 'no partition to heal', restarted.length > 0 ? `${nodesText(restarted)} restarted` : 'no node down'];
    return parts.join(', ');
  }
  if (healed && restarted.length > 0) return `the network is healed and ${nodesText(restarted)} restarted`;
  if (healed) return 'the network is healed (no node was down)';
  if (restarted.length > 0) return `${nodesText(restarted)} restarted (the network was not partitioned)`;
  return 'the network was not partitioned and no node was down';
}

/** The banner over the liveness phase, saying what it did first: healed the network, restarted the nodes that were down. */
export function livenessBanner(model: StudyModel): string {
  return `liveness phase: ${livenessOpening(model)}, then messages are delivered, timers tick and pending operations are retried until the cluster settles`;
}

/**
 * The banner of a run that ended in the degraded phase (`LivenessPlan.degraded`): what it did
 * first (healed the network, restarted some nodes) and which nodes stayed down, as its steps show.
 */
export function degradedBanner(model: StudyModel): string {
  const { healed, restarted } = openingSteps(model);
  const firstRound = model.steps.find(
    (entry, index) => index >= (model.livenessStart ?? model.steps.length) && entry.step.event.kind !== 'heal' && entry.step.event.kind !== 'restart',
  );
  const down = (firstRound?.step.nodesUp ?? []).flatMap((up, node) => (up ? [] : [node]));
  const stayDown = down.length === 0 ? 'crashed nodes stay down' : `${nodesText(down)} stay${down.length === 1 ? 's' : ''} down`;
  const opening = [
    healed ? 'the network is healed' : 'the network was not partitioned',
    ...(restarted.length > 0 ? [`${nodesText(restarted)} restarted`] : []),
  ];
  return `degraded phase: ${opening.join(', ')}, ${stayDown}, then messages are delivered and timers tick until the cluster recovers without ${down.length === 1 ? 'it' : 'them'}`;
}

/** Whether the run's steps after the schedule are the degraded phase's: a delivery or tick with a node still down happens only there. */
export function endsInDegradedPhase(model: StudyModel): boolean {
  return model.steps.some(
    (entry) =>
      entry.step.phase === 'liveness' &&
      (entry.step.event.kind === 'deliver' || entry.step.event.kind === 'tick') &&
      entry.step.nodesUp.includes(false),
  );
}

/** The banner over a run's steps after the schedule. */
function phaseBanner(model: StudyModel): string {
  return endsInDegradedPhase(model) ? degradedBanner(model) : livenessBanner(model);
}

/** Headline counts of a run: scheduled steps, no-ops, liveness steps. */
export function runCounts(model: StudyModel): { scheduled: number; noops: number; liveness: number } {
  let scheduled = 0;
  let noops = 0;
  let liveness = 0;
  for (const entry of model.steps) {
    if (entry.step.phase === 'liveness') liveness++;
    else {
      scheduled++;
      if (!entry.step.applied) noops++;
    }
  }
  return { scheduled, noops, liveness };
}

/** The one-line summary of a slice, e.g. "causal slice: 13 of 103 steps (90 folded; --full shows every step)". */
export function sliceSummary(slice: CausalSlice): string {
  const folded = slice.stepCount - slice.kept.size;
  return `causal slice: the ${slice.kept.size} of ${slice.stepCount} steps the violation depends on; ${folded} other step${folded === 1 ? '' : 's'} folded (--full shows every step)`;
}

/** The transcript of the causal slice: kept steps with why each is kept, the rest folded into counts. */
function sliceTranscript(model: StudyModel, slice: CausalSlice, style: StudyStyle, header: string): string[] {
  const lines: string[] = [header, style.dim(`  ${sliceSummary(slice)}`)];
  const folds = new Map(foldedRuns(slice, slice.stepCount).map(([first, last]) => [first, last]));
  const brokeAt = model.violation && model.violation.phase !== 'end' ? model.violation.step : null;
  let index = 0;
  while (index < slice.stepCount) {
    if (index === model.livenessStart) lines.push(style.cyan(`  ── ${phaseBanner(model)} ──`));
    const foldEnd = folds.get(index);
    if (foldEnd !== undefined) {
      // The liveness banner belongs inside a fold that spans the phase change.
      const livenessInside = model.livenessStart !== null && model.livenessStart > index && model.livenessStart <= foldEnd;
      if (livenessInside && model.livenessStart !== null) {
        lines.push(style.dim(`      … ${foldedText(index, model.livenessStart - 1)}`));
        lines.push(style.cyan(`  ── ${phaseBanner(model)} ──`));
        lines.push(style.dim(`      … ${foldedText(model.livenessStart, foldEnd)}`));
      } else lines.push(style.dim(`      … ${foldedText(index, foldEnd)}`));
      index = foldEnd + 1;
      continue;
    }
    const entry = model.steps[index];
    if (entry) {
      const liveness = entry.step.phase === 'liveness';
      const tag = `${String(index).padStart(4)}${liveness ? style.cyan('L') : ' '}`;
      lines.push(`${style.dim(tag)}  ${stepSentence(model, entry)}`);
      for (const detail of stepDetails(model, entry)) lines.push(`         ${styleDetail(detail, style)}`);
      for (const reason of slice.kept.get(index) ?? []) lines.push(style.cyan(`         why: ${oneLine(reason)}`));
      if (index === brokeAt && model.violation) lines.push(style.red(style.bold(`         ✗ ${model.violation.property} is broken here`)));
    }
    index++;
  }
  return lines;
}

/** The transcript as lines (no trailing newline), for the terminal or a Markdown code block. */
export function transcriptText(model: StudyModel, options: TranscriptOptions = {}): string[] {
  const style = resolveStyle(options.style);
  const slice = options.full ? null : causalSlice(model);
  if (slice) {
    const counts = runCounts(model);
    const artifact = model.input.artifact;
    const header =
      style.bold(`${artifact.protocol} / ${artifact.variant}`) +
      `: ${model.nodeCount} nodes, ${model.clientCount} clients; ${counts.scheduled} scheduled events, ${counts.liveness} liveness steps`;
    const lines = sliceTranscript(model, slice, style, header);
    if (options.withoutExplanation) return lines;
    return [...lines, '', ...verdictText(model, options)];
  }
  const quietRunMin = Math.max(1, options.quietRunMin ?? 2);
  const showNoops = options.showNoops ?? false;
  const artifact = model.input.artifact;
  const counts = runCounts(model);
  const lines: string[] = [
    style.bold(`${artifact.protocol} / ${artifact.variant}`) +
      `: ${model.nodeCount} nodes, ${model.clientCount} clients; ${counts.scheduled} scheduled events` +
      (counts.noops > 0 && !showNoops ? ` (${counts.noops} no-op hidden)` : '') +
      `, ${counts.liveness} liveness steps`,
  ];
  const hidden: number[] = [];
  const flushHidden = (): void => {
    if (hidden.length === 0) return;
    lines.push(style.dim(`      · ${hidden.length} no-op step${hidden.length === 1 ? '' : 's'} hidden (${stepRanges(hidden)})`));
    hidden.length = 0;
  };
  const printStep = (index: number): void => {
    const entry = model.steps[index];
    if (!entry) return;
    const liveness = entry.step.phase === 'liveness';
    const tag = `${String(index).padStart(4)}${liveness ? style.cyan('L') : ' '}`;
    const sentence = stepSentence(model, entry);
    lines.push(`${style.dim(tag)}  ${entry.step.applied ? sentence : style.dim(sentence)}`);
    for (const detail of stepDetails(model, entry)) lines.push(`         ${styleDetail(detail, style)}`);
    if (index === brokeAt && model.violation) lines.push(style.red(style.bold(`         ✗ ${model.violation.property} is broken here`)));
  };
  // The step after which an every-step property broke is always printed, never collapsed.
  const brokeAt = model.violation && model.violation.phase !== 'end' ? model.violation.step : null;
  const collapsible = (at: number): boolean => {
    const step = model.steps[at];
    return step !== undefined && step.step.phase === 'liveness' && step.quiet && at !== brokeAt;
  };

  let index = 0;
  const total = model.steps.length;
  while (index < total) {
    const entry = model.steps[index];
    if (!entry) break;
    if (index === model.livenessStart) {
      flushHidden();
      lines.push(style.cyan(`  ── ${phaseBanner(model)} ──`));
    }
    if (collapsible(index)) {
      let end = index;
      while (end + 1 < total && collapsible(end + 1)) end++;
      const length = end - index + 1;
      if (length >= quietRunMin) {
        flushHidden();
        lines.push(style.dim(`      … ${length} quiet liveness steps (${index}–${end})`));
      } else {
        for (let quiet = index; quiet <= end; quiet++) {
          if (model.steps[quiet]?.step.applied || showNoops) {
            flushHidden();
            printStep(quiet);
          } else hidden.push(quiet);
        }
      }
      index = end + 1;
      continue;
    }
    if (!entry.step.applied && !showNoops && index !== brokeAt) hidden.push(index);
    else {
      flushHidden();
      printStep(index);
    }
    index++;
  }
  flushHidden();
  if (options.withoutExplanation) return lines;
  return [...lines, '', ...verdictText(model, options)];
}

/** The end of a transcript: the violation explained, or that every property held. */
export function verdictText(model: StudyModel, options: Pick<TranscriptOptions, 'style'> = {}): string[] {
  const style = resolveStyle(options.style);
  const explanation = explainViolation(model);
  return explanation ? explanationLines(explanation, style) : [style.green('no violation: every property held')];
}

/** The schedule as scheduled, one event per line, marking no-ops and events the run never reached. */
export function scheduleText(model: StudyModel): string[] {
  const protocol = model.protocol;
  return model.input.artifact.schedule.events.map((event, index) => {
    const line = `${String(index).padStart(3)}  ${formatEvent(event, (operation) => protocol.describeOperation(operation))}`;
    const entry = model.steps[index];
    if (!entry || entry.step.phase !== 'safety') return `${line.padEnd(34)}  (not reached: the run stopped at the violation)`;
    return entry.step.applied ? line : `${line.padEnd(34)}  (no-op: ${entry.step.note ?? ''})`;
  });
}
