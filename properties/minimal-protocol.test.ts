/**
 * A minimal protocol needs only what `defineProtocol` cannot guess: the model, its variants,
 * properties, settings and workload. Everything else is filled in and works end to end.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { describeSettings } from '../src/core/settings.ts';
import { hunt, resolveSetup } from '../src/hunt/hunt.ts';
import { defineProtocol } from '../src/core/protocol.ts';
import { checkArtifactForProtocol, parseArtifact, artifactOf } from '../src/study/artifact.ts';
import { minimalRegister, minimalRegisterDefinition } from './fixtures/minimal-protocol.ts';

function setup(variant: string) {
  const resolved = resolveSetup(minimalRegister, variant);
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved;
}

describe('a minimal protocol', () => {
  it('gets defaults for everything it leaves out', () => {
    expect(minimalRegister.nodeCount(minimalRegister.defaultConfig())).toBe(1);
    expect(minimalRegister.clientCount(minimalRegister.defaultConfig())).toBe(1);
    expect(minimalRegister.fifoLinks(minimalRegister.defaultConfig())).toBe(false);
    expect(minimalRegister.describeOperation({ type: 'write', value: 2 })).toBe('{"type":"write","value":2}');
    expect(minimalRegister.parseOperation('{"type":"read"}')).toEqual({ type: 'read' });
    expect(minimalRegister.parseOperation('read')).toMatchObject({ error: expect.stringContaining('expected an operation as JSON') });
    expect(minimalRegister.summarizeState({ durable: { value: 1 }, volatile: { value: 2 } }, minimalRegister.defaultConfig())).toEqual({
      value: '2',
    });
    expect(minimalRegister.rules('volatile-register')).toEqual({ persistWrites: false });
    expect(minimalRegister.rules('correct')).toEqual({ persistWrites: true });
    expect(describeSettings(minimalRegister).map((row) => `${row.name}:${row.type}:${String(row.defaultValue)}`)).toEqual([
      'nodeCount:integer:1',
      'clientCount:integer:1',
    ]);
    expect(minimalRegister.configure(minimalRegister.defaultConfig(), { nodeCount: 'x' })).toMatchObject({
      error: expect.stringContaining('(nodeCount: servers (only one is used))'),
    });
  });

  it('takes describeOperation and parseOperation both or neither: a saved story must read back', () => {
    const describeOnly = { describeOperation: (operation: { type: string }) => operation.type };
    expect(() => defineProtocol({ ...minimalRegisterDefinition, presentation: describeOnly as never })).toThrow(
      'protocol minimal-register: presentation gives describeOperation without parseOperation; give both',
    );
    const parseOnly = { parseOperation: () => ({ type: 'read' }) };
    expect(() => defineProtocol({ ...minimalRegisterDefinition, presentation: parseOnly as never })).toThrow(
      /parseOperation without describeOperation/,
    );
    // A pair that disagrees (the parser forgets the value): an artifact says what its operation read back as.
    const lossy = defineProtocol({
      ...minimalRegisterDefinition,
      presentation: {
        describeOperation: (operation) => (operation.type === 'write' ? `write ${operation.value}` : 'read'),
        parseOperation: (text) => (text === 'read' ? { type: 'read' as const } : { type: 'write' as const, value: 0 }),
      },
    });
    const artifact = artifactOf(
      { protocol: lossy, variant: 'correct', config: lossy.defaultConfig() },
      { randomSeed: 0, events: [{ kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 2 } }] },
    );
    expect(() => checkArtifactForProtocol('a.json', parseArtifact('a.json', JSON.stringify(artifact)), lossy)).toThrow(
      `a.json: $.schedule.events[0].operation: expected an operation of minimal-register's workload, got {"type":"write","value":2} (its description "write 2" reads back through minimal-register's parseOperation as {"type":"write","value":0})`,
    );
  });

  it('the default crash keeps what is durable: a persisted write survives, a volatile one does not', () => {
    const schedule = {
      randomSeed: 0,
      events: [
        { kind: 'client', node: 0, client: 0, operation: { type: 'write', value: 3 } },
        { kind: 'crash', node: 0, loseUnflushed: false },
      ],
    } as const;
    expect(new Simulator(setup('correct')).run(schedule as never).violation).toBeNull();
    expect(new Simulator(setup('volatile-register')).run(schedule as never).violation).toMatchObject({
      kind: 'property',
      property: 'acknowledged-write-survives',
      message: 'the server holds null after acknowledging write 3',
    });
  });

  it('is hunted like any protocol: the bug is found and shrunk, the correct model survives', () => {
    const found = hunt(setup('volatile-register'), { runs: 500, seed: 3 });
    expect(found.finding?.violation.property).toBe('acknowledged-write-survives');
    // A write and a crash are all it takes (the liveness phase restarts the server).
    expect(found.finding?.schedule.events.map((event) => event.kind)).toEqual(['client', 'crash']);
    expect(hunt(setup('correct'), { runs: 500, seed: 3 }).finding).toBeNull();
  });
});
