/**
 * The studio's model of an exploration, shared by the browser page and the tests: a setup
 * (protocol, variant, config, random seed), the events chosen so far, and what the same pure
 * simulator says after each of them (every node's state, the messages in flight, each property's
 * status). No DOM, no clock, no file system: the page renders it, the tests drive it directly.
 */
import isEqual from 'lodash/isEqual.js';
import { formatEvent, type ScheduleEvent } from '../core/events.ts';
import { propertiesOf, Simulator, summarizeSafely, type World } from '../core/simulator.ts';
import type { AnyProtocol, PropertyWhen, Violation } from '../core/types.ts';
import { resolveSetup } from '../hunt/hunt.ts';
import { artifactOf, checkArtifactForProtocol, operationProblem, parseArtifact, traceHash, type Artifact } from '../study/artifact.ts';
import { stepDetails, stepSentence } from '../study/describe.ts';
import { recordedMismatchLines } from '../study/recorded.ts';
import { degradedBanner, endsInDegradedPhase, livenessBanner } from '../study/transcript.ts';
import { buildStudyModel, type StudyModel } from '../study/model.ts';
import { formatScenario, formatScenarioError, outstandingOperation, parseScenario, type Scenario } from '../study/scenario.ts';

export interface StudioSetup {
  readonly protocol: AnyProtocol;
  readonly variant: string;
  readonly config: unknown;
  readonly randomSeed: number;
  /** Only these properties are checked and shown (an artifact's `properties`, a scenario's `check` line); absent: all. */
  readonly properties?: readonly string[];
}

/** Events a session holds at most: hand-built stories are short, and every step re-runs the prefix. */
export const studioEventsMax = 2000;

/** A property after one step: holds, broken (with the sentence it returned), or only checked at the end. */
export interface PropertyStatus {
  readonly name: string;
  readonly description: string;
  readonly when: PropertyWhen;
  readonly status: 'holds' | 'broken' | 'at-end';
  readonly message: string | null;
}

export interface InFlightView {
  /** The index `deliver i`, `drop i` and `duplicate i` take to pick this message now, or null (FIFO: not the head of its link). */
  readonly choice: number | null;
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly sentAtStep: number;
}

export interface NodeView {
  readonly node: number;
  readonly up: boolean;
  readonly fields: readonly (readonly [string, string])[];
  /** Fields the step that led here changed. */
  readonly changed: readonly string[];
}

/** Everything shown after `cursor` events (0: the initial state). */
export interface Frame {
  readonly cursor: number;
  /** The event that led here and what it did, in words; null at the start. */
  readonly event: {
    readonly text: string;
    readonly sentence: string;
    readonly details: readonly string[];
    readonly applied: boolean;
    readonly liveness: boolean;
  } | null;
  readonly nodes: readonly NodeView[];
  readonly inFlight: readonly InFlightView[];
  readonly partition: readonly number[] | null;
  readonly properties: readonly PropertyStatus[];
  /** Operations waiting for an answer, per client (null: idle). */
  readonly pendingByClient: readonly (number | null)[];
  readonly history: readonly { readonly operationId: number; readonly clientId: number; readonly text: string; readonly outcome: string }[];
}

/** A choice of next event, as the scenario line that writes it. */
export interface Candidate {
  readonly event: ScheduleEvent;
  readonly text: string;
  readonly group: 'message' | 'node' | 'network';
}

/**
 * An exploration: the setup and the scheduled events so far, followed by the liveness phase the
 * simulator runs after them (heal, restart, deliver, tick, retry), so a failure that only shows
 * in the liveness phase can be stepped to as well. The steps are those of the run `faultline
 * replay` makes: it ends at the step where a property breaks. Worlds are recomputed from the start (the
 * simulator is deterministic and fast), so stepping back is free; branching at step k keeps the
 * first k steps (liveness steps among them become scheduled events) and adds another.
 */
export class StudioSession {
  readonly setup: StudioSetup;
  /** The scheduled events: what an export writes (the liveness phase is derived from them). */
  readonly events: readonly ScheduleEvent[];
  /** How many of them the run applied: all, unless a property broke before the last one. */
  readonly scheduledSteps: number;
  /** The events of the liveness phase that follows them (none when a scheduled event broke a property). */
  readonly livenessEvents: readonly ScheduleEvent[];
  private readonly simulator: Simulator;
  private readonly worlds: World[];
  /** The first broken property (every-step, or an end property after the liveness phase), as `faultline replay` reports it: the run ends there. */
  readonly firstViolation: Violation | null;
  private readonly finished: { readonly violation: Violation | null; readonly traceHash: string };
  private readonly model: StudyModel;

  constructor(setup: StudioSetup, events: readonly ScheduleEvent[] = []) {
    this.setup = setup;
    this.events = events.slice(0, studioEventsMax);
    // The run `faultline replay` makes: it ends where a property breaks (a scheduled event or a
    // liveness step), so the page steps through the same steps, with the same numbers, as its transcript.
    const result = new Simulator(setup, { recordTrace: true }).run({ randomSeed: setup.randomSeed, events: this.events });
    const trace = result.trace ?? [];
    this.scheduledSteps = trace.filter((step) => step.phase === 'safety').length;
    this.livenessEvents = trace.filter((step) => step.phase === 'liveness').map((step) => step.event);
    this.model = buildStudyModel({ protocol: setup.protocol, artifact: this.artifactShell(), result });
    this.simulator = new Simulator(setup);
    let world = this.simulator.initialWorld(setup.randomSeed);
    this.worlds = [world];
    for (const event of this.steps) {
      world = this.simulator.applyEvent(world, event);
      this.worlds.push(world);
    }
    this.firstViolation = result.violation;
    this.finished = { violation: result.violation, traceHash: traceHash(trace) };
  }

  /** Every step the page steps through: the scheduled events the run reached, then the liveness phase. */
  get steps(): readonly ScheduleEvent[] {
    return [...this.events.slice(0, this.scheduledSteps), ...this.livenessEvents];
  }

  /** Step `index` (0-based) as the transcript numbers it: `12`, or `85L` in the liveness phase. */
  stepName(index: number): string {
    return `${index}${index >= this.scheduledSteps ? 'L' : ''}`;
  }

  /** Where `cursor` (steps applied so far) stands, in the transcript's step numbers: `after step 85L (the run's last step is 85L)`. */
  cursorText(cursor: number): string {
    const at = Math.max(0, Math.min(cursor, this.length));
    const last = this.length === 0 ? 'no steps yet' : `steps 0–${this.stepName(this.length - 1)}`;
    return at === 0 ? `start, before step 0 (${last})` : `after step ${this.stepName(at - 1)} (${last})`;
  }

  /** What a loaded file holds, in the transcript's words: `37 scheduled events, 49 liveness steps; ...`. */
  summaryText(): string {
    const broken = this.firstViolation;
    const unreached = this.unreachedEvents;
    return (
      `${this.scheduledSteps} scheduled events, ${this.livenessEvents.length} liveness steps` +
      (unreached > 0 ? ` (${unreached} later scheduled event${unreached === 1 ? '' : 's'} not reached: the run stopped at the violation)` : '') +
      (broken
        ? `; ${broken.property} breaks ${broken.phase === 'end' ? 'at the end of the run' : `after step ${this.stepName(broken.step)}`} ("to the violation" goes there)`
        : '')
    );
  }

  /** The banner over the steps after the schedule, as the transcript words it (what the liveness or degraded phase did first). */
  phaseBanner(): string {
    return endsInDegradedPhase(this.model) ? degradedBanner(this.model) : livenessBanner(this.model);
  }

  /** Scheduled events the run never reached: it stopped at a violation before them. */
  get unreachedEvents(): number {
    return this.events.length - this.scheduledSteps;
  }

  /**
   * Step `index` (0-based, liveness included) as the timeline lists it: a message event names the
   * message it acts on (`deliver 3->1 LeaderAndIsr(...)`), as an exported scenario does, where its
   * position among the messages in flight (`deliver 0`) told nothing.
   */
  stepLabel(index: number): string {
    const event = this.steps[index];
    if (!event) return '';
    const describe = (operation: unknown): string => this.setup.protocol.describeOperation(operation);
    if (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') return formatEvent(event, describe);
    const picked = this.simulator.messagePicked(this.world(index), event.message);
    if (!picked) return `${formatEvent(event, describe)} (nothing in flight)`;
    return `${event.kind} ${picked.from}->${picked.to} ${this.simulator.describeSafely('describeMessage', picked.message)}`;
  }

  /** The cursor that shows the violation: right after its step, or the end for end properties. */
  get violationCursor(): number | null {
    const violation = this.firstViolation;
    if (!violation) return null;
    return violation.phase === 'end' ? this.length : Math.min(violation.step + 1, this.length);
  }

  private artifactShell(): Artifact {
    return artifactOf(this.setup, { randomSeed: this.setup.randomSeed, events: this.events });
  }

  /** Steps in all: scheduled events and liveness steps. */
  get length(): number {
    return this.scheduledSteps + this.livenessEvents.length;
  }

  /**
   * The session with the first `cursor` steps as scheduled events, then `event`: a branch when
   * `cursor` is before the last scheduled event, a "what if" inside the liveness phase after it.
   */
  branch(cursor: number, event: ScheduleEvent): StudioSession {
    return new StudioSession(this.setup, [...this.steps.slice(0, Math.max(0, Math.min(cursor, this.length))), event]);
  }

  world(cursor: number): World {
    return this.worlds[Math.max(0, Math.min(cursor, this.worlds.length - 1))] as World;
  }

  frame(cursor: number): Frame {
    const at = Math.max(0, Math.min(cursor, this.length));
    const world = this.world(at);
    const { protocol, config } = this.setup;
    const entry = at > 0 ? this.model.steps[at - 1] : undefined;
    const changed = new Map((entry?.nodeChanges ?? []).map((changes) => [changes.node, changes.changes.map((change) => change.field)]));
    const choices = this.simulator.messageChoices(world);
    const checked = this.setup.properties;
    const shown = checked === undefined ? protocol.properties : protocol.properties.filter((property) => checked.includes(property.name));
    const properties: PropertyStatus[] = shown.map((property) => {
      // End properties (and the degraded phase's) are checked once the run is over: at the last step.
      if (property.when !== 'every-step' && at < this.length)
        return { name: property.name, description: property.description, when: property.when, status: 'at-end', message: null };
      let message: string | null;
      try {
        message = property.check(world);
      } catch (thrown) {
        message = `the check threw ${thrown instanceof Error ? thrown.message : String(thrown)}`;
      }
      return { name: property.name, description: property.description, when: property.when, status: message === null ? 'holds' : 'broken', message };
    });
    return {
      cursor: at,
      event: entry
        ? {
            text: entry.step.text,
            sentence: stepSentence(this.model, entry),
            details: stepDetails(this.model, entry).map((detail) => detail.text),
            applied: entry.step.applied,
            liveness: entry.step.phase === 'liveness',
          }
        : null,
      nodes: world.nodes.map((slot, node) => ({
        node,
        up: slot.up,
        fields: Object.entries(summarizeSafely(protocol, config, slot.state)),
        changed: changed.get(node) ?? [],
      })),
      inFlight: world.network.inFlight.map((message) => {
        const choice = choices.indexOf(message);
        return {
          choice: choice < 0 ? null : choice,
          id: message.id,
          from: message.from,
          to: message.to,
          text: protocol.describeMessage(message.message),
          sentAtStep: message.sentAtStep,
        };
      }),
      partition: world.network.partition,
      properties,
      pendingByClient: world.pendingByClient,
      history: world.history.map((operation) => ({
        operationId: operation.operationId,
        clientId: operation.clientId,
        text: protocol.describeOperation(operation.operation),
        outcome: operation.reply === null ? 'pending' : operation.reply.outcome,
      })),
    };
  }

  /** Whether the run is over at `cursor`: a property broke at its last step, and `faultline replay` runs nothing after that. */
  endsAt(cursor: number): boolean {
    return this.firstViolation !== null && this.firstViolation.phase !== 'end' && cursor >= this.length;
  }

  /**
   * The events that do something in the world after `cursor` events (client operations come from a
   * form); none where the run ended at a violation (an event there would never run).
   */
  candidates(cursor: number): Candidate[] {
    if (this.endsAt(cursor)) return [];
    const world = this.world(cursor);
    const candidates: Candidate[] = [];
    const describe = (operation: unknown): string => this.setup.protocol.describeOperation(operation);
    const add = (event: ScheduleEvent, group: Candidate['group']): void => {
      candidates.push({ event, text: formatEvent(event, describe), group });
    };
    const choices = this.simulator.messageChoices(world);
    for (const kind of ['deliver', 'drop', 'duplicate'] as const) {
      if (kind === 'duplicate' && this.simulator.fifo) continue;
      for (let message = 0; message < choices.length; message++) add({ kind, message }, 'message');
    }
    for (const [node, slot] of world.nodes.entries()) {
      if (slot.up) {
        add({ kind: 'tick', node }, 'node');
        add({ kind: 'crash', node, loseUnflushed: false }, 'node');
        add({ kind: 'crash', node, loseUnflushed: true }, 'node');
      } else add({ kind: 'restart', node }, 'node');
    }
    const nodeCount = world.nodes.length;
    for (let node = 0; node < nodeCount; node++) {
      const groups = Array.from({ length: nodeCount }, (_, other) => (other === node ? 1 : 0));
      if (JSON.stringify(world.network.partition) !== JSON.stringify(groups)) add({ kind: 'partition', groups }, 'network');
    }
    if (world.network.partition !== null) add({ kind: 'heal' }, 'network');
    return candidates;
  }

  /**
   * A client operation after `cursor` steps, from the form's text, checked as a scenario's
   * `client` line is (so an export replays): an operation of the protocol, one its config allows
   * (the workload's `validate`), and, for a client waiting for an answer, that same operation (it
   * retries what it waits for).
   */
  clientCandidate(cursor: number, node: number, client: number, text: string): Candidate | { error: string } {
    const protocol = this.setup.protocol;
    const operation = protocol.parseOperation(text);
    if (operation && typeof operation === 'object' && 'error' in operation && typeof operation.error === 'string')
      return { error: `operation: ${operation.error}` };
    const problem = operationProblem(protocol, this.setup.config, operation);
    if (problem !== null) return { error: `operation: expected one this config allows (${problem}), got "${text}"` };
    const outstanding = outstandingOperation(this.world(cursor), client);
    if (outstanding !== null && !isEqual(outstanding, operation)) {
      return {
        error: `operation: client ${client} waits for the answer to its ${protocol.describeOperation(outstanding)} and retries that (a client retries what it waits for; a new operation waits for its answer)`,
      };
    }
    return {
      event: { kind: 'client', node, client, operation },
      text: `client ${node} ${client} ${protocol.describeOperation(operation)}`,
      group: 'node',
    };
  }

  /** The run of the whole schedule as `faultline replay` does it: safety phase, liveness phase, end checks. */
  finish(): { violation: Violation | null; traceHash: string } {
    return this.finished;
  }

  /** The exploration as an artifact that `faultline replay` reproduces (trace hash included). */
  toArtifact(): Artifact {
    const { violation, traceHash: hash } = this.finish();
    return { ...this.artifactShell(), violation, traceHash: hash };
  }

  /** The exploration as a scenario file, with the expectation the run meets. */
  toScenario(comment = 'written by faultline studio'): string {
    const { violation } = this.finish();
    return formatScenario({
      protocol: this.setup.protocol,
      variant: this.setup.variant,
      randomSeed: this.setup.randomSeed,
      events: this.events,
      config: this.setup.config,
      ...propertiesOf(this.setup),
      expectation: violation ? { kind: 'violation', property: violation.property } : { kind: 'no-violation' },
      comment,
    }).text;
  }
}

/** A fresh setup from a protocol, a variant and `key=value` settings, or the error `faultline hunt` would print. */
export function studioSetup(
  protocol: AnyProtocol,
  variant: string,
  settings: Readonly<Record<string, string>>,
  randomSeed: number,
): StudioSetup | { error: string } {
  const setup = resolveSetup(protocol, variant, settings);
  if ('error' in setup) return { error: setup.error };
  return { protocol, variant, config: setup.config, randomSeed };
}

/**
 * Loads an artifact (JSON) or a scenario (text) into a session, validated strictly as `faultline
 * replay` does; an error is one line saying where and what was expected.
 */
export function loadStudioFile(
  file: string,
  text: string,
  protocols: readonly AnyProtocol[],
): { session: StudioSession; expectation: Scenario['expectation']; warnings: readonly string[] } | { error: string } {
  const find = (name: string): AnyProtocol | undefined => protocols.find((protocol) => protocol.name === name);
  // A byte order mark (some editors write one) is not part of either format, as for `faultline replay`.
  const content = text.replace(/^\uFEFF/, '');
  try {
    // A .json file is an artifact whatever it holds, as `faultline replay` reads it.
    if (/\.json$/i.test(file) || content.trimStart().startsWith('{')) {
      const parsed = parseArtifact(file, content);
      const protocol = find(parsed.protocol);
      if (!protocol) {
        return {
          error: `${file}: unknown protocol "${parsed.protocol}"; known protocols: ${protocols.map((known) => known.name).join(', ')} (or pass --protocol-module FILE)`,
        };
      }
      // The checks `faultline replay` makes (variant, every config key, nodes, clients, partitions, operations).
      const artifact = checkArtifactForProtocol(file, parsed, protocol);
      if (artifact.schedule.events.length > studioEventsMax)
        return { error: `${file}: ${artifact.schedule.events.length} events; the studio takes ${studioEventsMax} at most` };
      const session = new StudioSession(
        { protocol, variant: artifact.variant, config: artifact.config, randomSeed: artifact.schedule.randomSeed, ...propertiesOf(artifact) },
        artifact.schedule.events,
      );
      const { violation, traceHash: hash } = session.finish();
      return {
        session,
        expectation: artifact.violation ? { kind: 'violation', property: artifact.violation.property } : null,
        warnings: recordedMismatchLines(artifact, violation, hash),
      };
    }
    const parsed = parseScenario(
      file,
      content,
      find,
      protocols.map((protocol) => protocol.name),
    );
    if (!parsed.ok) return { error: formatScenarioError(parsed.error) };
    const scenario = parsed.value;
    const protocol = find(scenario.protocol);
    if (!protocol) return { error: `${file}: unknown protocol "${scenario.protocol}"` };
    if (scenario.events.length > studioEventsMax)
      return { error: `${file}: ${scenario.events.length} events; the studio takes ${studioEventsMax} at most` };
    const session = new StudioSession(
      { protocol, variant: scenario.variant, config: scenario.config, randomSeed: scenario.randomSeed, ...propertiesOf(scenario) },
      scenario.events,
    );
    // A scenario's expect line, checked as `faultline replay` checks it (and said in its words).
    const { violation } = session.finish();
    const expectation = scenario.expectation;
    const met =
      expectation === null ||
      (expectation.kind === 'no-violation'
        ? violation === null
        : violation !== null && (expectation.property === null || expectation.property === violation.property));
    return { session, expectation, warnings: met ? [] : ['expectation NOT met'] };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
