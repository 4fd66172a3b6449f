/**
 * A model that breaks its contract at run time (a step that returns no `{ state, actions }`, an
 * action of an unknown kind, a send to a node that does not exist, a check that returns neither
 * null nor text, its own `assertNever` reached) is the model's finding: a violation of kind
 * `exception` that says what the model did and what was expected, never "no violation", never
 * "faultline internal error" and never a crash of faultline.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriteError, buildArtifact, writeArtifactFiles } from '../src/cli/artifacts.ts';
import { assertNever } from '../src/core/assert.ts';
import type { Schedule } from '../src/core/events.ts';
import { defineProtocol } from '../src/core/protocol.ts';
import { Simulator } from '../src/core/simulator.ts';
import { checkArtifactForProtocol, parseArtifact } from '../src/study/artifact.ts';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { exceptionProperty, type AnyProtocol, type Violation } from '../src/core/types.ts';
import { hunt, resolveSetup } from '../src/hunt/hunt.ts';
import { describeViolation } from '../src/hunt/report.ts';
import { minimalRegisterDefinition } from './fixtures/minimal-protocol.ts';

type Definition = typeof minimalRegisterDefinition;
type Step = Definition['model']['step'];

const write = { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 1 } } as const;
const tick = { kind: 'tick', node: 0 } as const;
const schedule: Schedule = { randomSeed: 0, events: [write, tick] };

/** The minimal register with another step on ticks (clients are served as before). */
function onTick(answer: (...args: Parameters<Step>) => unknown, changes: Partial<Definition> = {}): AnyProtocol {
  const step = minimalRegisterDefinition.model.step;
  const changed: Step = (context, state, input) =>
    input.kind === 'tick' ? (answer(context, state, input) as ReturnType<Step>) : step(context, state, input);
  const definition: Definition = { ...minimalRegisterDefinition, ...changes, model: { ...minimalRegisterDefinition.model, step: changed } };
  return defineProtocol(definition) as unknown as AnyProtocol;
}

function violationOf(protocol: AnyProtocol, events: Schedule = schedule, nodeCount = 1, coverage = false): Violation | null {
  const config = { ...(protocol.defaultConfig() as object), nodeCount };
  return new Simulator({ protocol, config, variant: 'correct' }, { coverage }).run(events).violation;
}

function expectModelFinding(violation: Violation | null, message: string, step = 1): void {
  expect(violation).toMatchObject({ kind: 'exception', property: exceptionProperty, message, step });
  expect(violation?.message).not.toContain('internal error');
}

describe("a step's result that is not { state, actions } is the model's finding", () => {
  const expected = 'expected { state, actions } (actions: [] when there are none)';
  it('undefined (a switch that falls through)', () => {
    expectModelFinding(violationOf(onTick(() => undefined)), `node 0's step on tick returned undefined: ${expected}`);
  });
  it('{ state } without actions', () => {
    expectModelFinding(
      violationOf(onTick((_c, state) => ({ state }))),
      `node 0's step on tick returned an object with field state (no actions): ${expected}`,
    );
  });
  it('a bare state', () => {
    expectModelFinding(
      violationOf(onTick((_c, state) => state)),
      `node 0's step on tick returned an object with fields durable, volatile (no state): ${expected}`,
    );
  });
  it('null', () => {
    expectModelFinding(violationOf(onTick(() => null)), `node 0's step on tick returned null: ${expected}`);
  });
});

describe("a step's actions that break the contract are the model's finding", () => {
  it('an action of an unknown kind', () => {
    const protocol = onTick((_c, state) => ({ state, actions: [{ kind: 'sned', to: 0, message: null }] }));
    expectModelFinding(
      violationOf(protocol),
      `node 0's step on tick returned an action of kind "sned": expected { kind: "send", to, message } or { kind: "reply", operationId, reply }`,
    );
  });
  it('an action that is not an object', () => {
    expectModelFinding(
      violationOf(onTick((_c, state) => ({ state, actions: [undefined] }))),
      `node 0's step on tick returned the action undefined: expected { kind: "send", to, message } or { kind: "reply", operationId, reply }`,
    );
  });
  it('a send to a node that does not exist', () => {
    const protocol = onTick((_c, state) => ({ state, actions: [{ kind: 'send', to: 7, message: null }] }));
    expectModelFinding(violationOf(protocol, schedule, 2), `node 0's step on tick sent a message to node 7: expected a node id from 0 to 1`);
  });
  it('a reply of an unknown outcome', () => {
    const protocol = onTick((_c, state) => ({ state, actions: [{ kind: 'reply', operationId: 0, reply: { outcome: 'okay' } }] }));
    const events: Schedule = { randomSeed: 0, events: [{ kind: 'client', node: 0, client: 0, operation: { type: 'read' } }, tick] };
    // The read was answered at step 0; a malformed reply is refused even when late.
    expectModelFinding(
      violationOf(protocol, events),
      `node 0's step on tick replied to operation 0 with {"outcome":"okay"}: expected { outcome: 'ok', output } or { outcome: 'fail' | 'unknown', error: text }`,
    );
  });
  it('a reply to an operation no client invoked', () => {
    const protocol = onTick((_c, state) => ({ state, actions: [{ kind: 'reply', operationId: 99, reply: { outcome: 'ok', output: null } }] }));
    expectModelFinding(
      violationOf(protocol),
      `node 0's step on tick replied to operation 99, which no client invoked (operations 0 to 0 were invoked): expected the operationId of a client request it received`,
    );
  });
  it('a second reply to an answered operation is ignored (a retried request is answered by each node it reached)', () => {
    const protocol = onTick((_c, state) => ({ state, actions: [{ kind: 'reply', operationId: 0, reply: { outcome: 'ok', output: 42 } }] }));
    const simulator = new Simulator({ protocol, config: protocol.defaultConfig(), variant: 'correct' });
    const result = simulator.run(schedule);
    expect(result.violation).toBeNull();
    expect(result.world.history[0]?.reply).toEqual({ outcome: 'ok', output: null });
  });
  it("the model's own assertNever reads as its unhandled case, not faultline's internal error", () => {
    const protocol = onTick(() => assertNever({ type: 'gossip' } as never, 'register message'));
    const violation = violationOf(protocol);
    expectModelFinding(violation, `node 0's step on tick has no case for register message {"type":"gossip"} (its assertNever was reached)`);
    expect(violation?.stack).toContain('assertNever');
  });
  it('a thrown symbol is shown as the symbol', () => {
    const protocol = onTick(() => {
      throw Symbol('lost');
    });
    expectModelFinding(violationOf(protocol), "node 0's step on tick threw the value Symbol(lost)");
  });
});

describe("a check's answer that is neither null nor text is the model's finding", () => {
  const withCheck = (when: 'every-step' | 'end', check: () => unknown): AnyProtocol =>
    defineProtocol({
      ...minimalRegisterDefinition,
      properties: { 'acknowledged-write-survives': { when, description: 'x', check: check as () => string | null } },
    }) as unknown as AnyProtocol;
  const expected = 'a check returns null when the property holds, or a sentence saying what broke';
  for (const when of ['every-step', 'end'] as const) {
    for (const [answer, shown] of [
      [undefined, 'undefined'],
      [false, 'false'],
      [true, 'true'],
      ['', 'an empty string'],
      [0, '0'],
    ] as const) {
      it(`${when}: ${shown}`, () => {
        const violation = violationOf(withCheck(when, () => answer));
        expect(violation).toMatchObject({ kind: 'exception', property: exceptionProperty });
        expect(violation?.message).toBe(`property acknowledged-write-survives returned ${shown}: ${expected}`);
      });
    }
    it(`${when}: a Promise (an async check), also one that rejects`, () => {
      for (const check of [async () => 'broken', async () => Promise.reject(new Error('async boom'))]) {
        const violation = violationOf(withCheck(when, check));
        expect(violation).toMatchObject({ kind: 'exception', property: exceptionProperty });
        expect(violation?.message).toBe(`property acknowledged-write-survives returned a Promise: checks are synchronous; ${expected}`);
      }
    });
  }
  it('a hunt reports it as an exception finding with that message, not as a break saying "undefined"', () => {
    const resolved = resolveSetup(
      withCheck('every-step', () => undefined),
      'correct',
    );
    if ('error' in resolved) throw new Error(resolved.error);
    const found = hunt(resolved, { runs: 20, seed: 1 }).finding;
    expect(found?.violation).toMatchObject({ kind: 'exception', property: exceptionProperty });
    expect(found?.violation.message).toBe(`property acknowledged-write-survives returned undefined: ${expected}`);
  });
});

describe('other callbacks that return the wrong type', () => {
  it('settled returning a string', () => {
    const protocol = defineProtocol({ ...minimalRegisterDefinition, hunt: { settled: () => 'yes' as never } }) as unknown as AnyProtocol;
    const violation = violationOf(protocol);
    expect(violation).toMatchObject({ kind: 'exception', property: exceptionProperty, message: 'settled returned "yes": expected true or false' });
  });
  it('a sometimes goal returning a number', () => {
    const protocol = defineProtocol({
      ...minimalRegisterDefinition,
      hunt: { sometimes: [{ name: 'written', description: 'x', reached: () => 1 as never }] },
    }) as unknown as AnyProtocol;
    const violation = violationOf(protocol, schedule, 1, true);
    expect(violation).toMatchObject({
      kind: 'exception',
      property: exceptionProperty,
      message: 'sometimes goal written returned 1: expected true or false',
      step: 0,
    });
  });
  it('init returning undefined', () => {
    const protocol = defineProtocol({
      ...minimalRegisterDefinition,
      model: { ...minimalRegisterDefinition.model, init: () => undefined as never },
    }) as unknown as AnyProtocol;
    expect(violationOf(protocol)).toMatchObject({ kind: 'exception', message: "node 0's init returned undefined: expected the node's state" });
  });
  it('init throwing is told as building the initial state, not "after step 0"', () => {
    const protocol = defineProtocol({
      ...minimalRegisterDefinition,
      model: {
        ...minimalRegisterDefinition.model,
        init: () => {
          throw new Error('init boom');
        },
      },
    }) as unknown as AnyProtocol;
    const violation = violationOf(protocol);
    expect(violation && describeViolation(violation)).toBe(
      "exception while building the initial state (before the first step): node 0's init threw Error: init boom",
    );
    const stepViolation = violationOf(onTick(() => undefined));
    expect(stepViolation && describeViolation(stepViolation)).toMatch(/^exception after step 1 \(safety phase\): node 0's step on tick/);
  });
});

describe("the protocol's presentation code throwing when the transcript is written never costs the finding", () => {
  const volatileWrite: Schedule = { randomSeed: 0, events: [write, { kind: 'crash', node: 0, loseUnflushed: false }] };
  function written(protocol: AnyProtocol): { error: unknown; files: Record<string, string | null> } {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-model-errors-'));
    try {
      const file = join(folder, 'finding.json');
      const setup = { protocol, variant: 'volatile-register', config: protocol.defaultConfig() };
      const { artifact, violation } = buildArtifact(setup, volatileWrite, { seed: 1, path: null, eventsBeforeShrink: null });
      expect(violation).toMatchObject({ kind: 'property', property: 'acknowledged-write-survives' });
      let error: unknown = null;
      try {
        writeArtifactFiles(file, artifact, protocol);
      } catch (thrown) {
        error = thrown;
      }
      const read = (name: string): string | null => {
        try {
          return readFileSync(join(folder, name), 'utf8');
        } catch {
          return null;
        }
      };
      return { error, files: { json: read('finding.json'), md: read('finding.md') } };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  it('summarizeState throwing: every file is written, the transcript notes the throw', () => {
    const boom = (): never => {
      throw new Error('summary boom');
    };
    const { error, files } = written(
      defineProtocol({ ...minimalRegisterDefinition, presentation: { summarizeState: boom } }) as unknown as AnyProtocol,
    );
    expect(error).toBeNull();
    expect(files.json).toContain('acknowledged-write-survives');
    expect(files.md).toContain('<summarizeState threw: Error: summary boom>');
  });
  it('other presentation code throwing: the .json is written and the error says which files were not', () => {
    const protocol = defineProtocol(minimalRegisterDefinition) as unknown as AnyProtocol;
    const throwing: AnyProtocol = {
      ...protocol,
      describeOutput: () => {
        throw new Error('output boom');
      },
      describeOperation: () => {
        throw new Error('operation boom');
      },
    };
    const { error, files } = written(throwing);
    expect(files.json).toContain('acknowledged-write-survives');
    expect(error).toBeInstanceOf(ArtifactWriteError);
    expect((error as ArtifactWriteError).written).toEqual([expect.stringMatching(/finding\.json$/)]);
    expect((error as Error).message).toMatch(/were not written: making them threw Error: (output|operation) boom/);
  });
});

describe("the workload's build throwing is the model's exception at that client event", () => {
  const protocol = defineProtocol({
    ...minimalRegisterDefinition,
    workload: {
      ...minimalRegisterDefinition.workload,
      build: (_config, kind) => {
        if (kind === 1) throw new Error('build boom');
        return { type: 'write' as const, value: 0 };
      },
    },
  }) as unknown as AnyProtocol;
  it('a hunt finds it (no crash), and its artifact reads back and replays the throw', () => {
    const resolved = resolveSetup(protocol, 'correct');
    if ('error' in resolved) throw new Error(resolved.error);
    const finding = hunt(resolved, { runs: 50, seed: 1 }).finding;
    expect(finding?.violation).toMatchObject({
      kind: 'exception',
      property: exceptionProperty,
      message: "the workload's build of operation kind 1 with parameters [0] threw Error: build boom",
    });
    if (!finding) return;
    const { artifact } = buildArtifact(resolved, finding.schedule, { seed: 1, path: null, eventsBeforeShrink: null });
    const read = checkArtifactForProtocol('a.json', parseArtifact('a.json', JSON.stringify(artifact)), protocol);
    expect(replaySchedule(resolved, read.schedule).violation?.message).toBe(finding.violation.message);
  });
});
