/**
 * A protocol definition of the wrong shape is refused where `defineProtocol` runs, naming the
 * protocol, the member and what was expected: a module loaded with `--protocol-module` goes
 * through tsx, which strips types, so without the check a missing member crashed mid-hunt and a
 * misspelt `when` was never checked (the hunt said "no violation"). The CLI cases are the few
 * where the exit code and the one line on stderr are the point.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationTextProblem, uncheckedDegradedProperties } from '../src/cli/shared.ts';
import { defineProtocol, type ProtocolDefinition } from '../src/core/protocol.ts';
import { unknownPropertiesError } from '../src/hunt/hunt.ts';
import { protocols } from '../src/protocols/registry.ts';
import { cliIn, projectRoot } from './cli-support.ts';
import { minimalRegister, minimalRegisterDefinition } from './fixtures/minimal-protocol.ts';

// biome-ignore lint/suspicious/noExplicitAny: the cases build definitions the types forbid, as a module outside the type checker can
type AnyDefinition = any;
const base = minimalRegisterDefinition as AnyDefinition;
const property = base.properties['acknowledged-write-survives'];

function without(member: string): AnyDefinition {
  const { [member]: _dropped, ...rest } = base;
  return rest;
}

function define(definition: AnyDefinition): unknown {
  return defineProtocol(definition as ProtocolDefinition<never>);
}

describe('defineProtocol refuses a definition of the wrong shape', () => {
  it('names a missing member and what it expects', () => {
    expect(() => define(without('settings'))).toThrow(/^protocol minimal-register: settings must be an object \{ defaults, meaning \}/);
    expect(() => define(without('model'))).toThrow(/^protocol minimal-register: model must be an object with init, step and restart functions/);
    expect(() => define(without('variants'))).toThrow(
      /^protocol minimal-register: variants must be an object keyed by variant name, with at least correct/,
    );
    expect(() => define(without('properties'))).toThrow(/^protocol minimal-register: properties must be an object with at least one property/);
    expect(() => define(without('workload'))).toThrow(
      /^protocol minimal-register: workload must be an object \{ kindCount, parameterCount, parameterMax, build/,
    );
    expect(() => define(without('name'))).toThrow(/^protocol \(unnamed\): name must be a non-empty string/);
    expect(() => define({ ...base, model: { init: base.model.init, restart: base.model.restart } })).toThrow(
      /model\.step must be a function, got nothing/,
    );
    expect(() => define({ ...base, hunt: { liveness: { roundsMax: 4 } } })).toThrow(
      /^protocol minimal-register: hunt\.liveness must be a function, got an object/,
    );
  });

  it('refuses a property that would never be checked, and a protocol with none', () => {
    const when = (value: string) => ({ ...base, properties: { 'acknowledged-write-survives': { ...property, when: value } } });
    expect(() => define(when('every_step'))).toThrow(
      /property "acknowledged-write-survives" has when the string "every_step"; expected one of every-step, end, degraded-end/,
    );
    expect(() => define(when('End'))).toThrow(/expected one of every-step, end, degraded-end/);
    // No hunt.liveness: no degraded phase can ever run.
    expect(() => define(when('degraded-end'))).toThrow(
      /property "acknowledged-write-survives" is checked at degraded-end, but the protocol has no hunt\.liveness/,
    );
    expect(() => define({ ...when('degraded-end'), hunt: { liveness: () => ({ roundsMax: 4, retryEveryRounds: 2 }) } })).not.toThrow();
    expect(() => define({ ...base, properties: {} })).toThrow(/properties must be an object with at least one property/);
    expect(() => define({ ...base, properties: { p: { when: 'end', description: 'x' } } })).toThrow(/property "p"\.check must be a function/);
    expect(() => define({ ...base, properties: { p: { ...property, category: 'Liveness' } } })).toThrow(
      /category the string "Liveness"; expected safety or liveness/,
    );
  });

  it('refuses variants without correct, and a breaks that names no property', () => {
    expect(() => define({ ...base, variants: { 'volatile-register': base.variants['volatile-register'] } })).toThrow(
      /variants has no correct .*; variants: volatile-register/,
    );
    const misspelt = { ...base.variants['volatile-register'], breaks: 'acknowledged-write-survive' };
    expect(() => define({ ...base, variants: { ...base.variants, 'volatile-register': misspelt } })).toThrow(
      /variant "volatile-register" breaks the string "acknowledged-write-survive", which is not one of its properties \(acknowledged-write-survives, no-exception\)/,
    );
  });

  it('wants a { meaning } per setting, as the type says (a plain sentence was taken and crashed --set)', () => {
    const meaning = (value: unknown) => ({ ...base, settings: { ...base.settings, meaning: value } });
    expect(() => define(meaning({ nodeCount: 'servers', clientCount: 'clients' }))).toThrow(
      /settings\.meaning\.nodeCount must be \{ meaning: 'one sentence', choices\? \}, got the string "servers"/,
    );
    expect(() => define(meaning({ nodeCount: { meaning: 'servers' } }))).toThrow(/settings\.meaning\.clientCount must be .*, got nothing/);
    expect(() => define(meaning({ nodeCount: () => 'servers', clientCount: { meaning: 'clients' } }))).toThrow(
      /settings\.meaning\.nodeCount must be .*, got a function$/,
    );
    expect(() => define(meaning(undefined))).toThrow(
      /settings\.meaning must be an object with a \{ meaning: 'one sentence', choices\? \} per --set key \(nodeCount, clientCount\)/,
    );
    expect(() => define({ ...base, workload: { ...base.workload, kindCount: 0 } })).toThrow(/workload\.kindCount must be an integer of at least 1/);
  });

  it('takes every registered protocol as it is', () => {
    expect(protocols.map((protocol) => protocol.name)).toEqual(['primary-backup', 'raft', 'zab', 'kafka']);
  });
});

describe('a config every protocol refuses', () => {
  it('needs from 1 to 32 nodes and clients, whatever the protocol validates', () => {
    expect(minimalRegister.validateConfig({ nodeCount: 0, clientCount: 1 })).toBe('nodeCount must be an integer from 1 to 32, got 0');
    expect(minimalRegister.validateConfig({ nodeCount: 1, clientCount: 33 })).toBe('clientCount must be an integer from 1 to 32, got 33');
    expect(minimalRegister.validateConfig({ nodeCount: 1, clientCount: 1 })).toBeNull();
  });

  it('reads a settings.validate that throws as the setting refused, saying so', () => {
    const throwing = defineProtocol({
      ...minimalRegisterDefinition,
      settings: {
        ...minimalRegisterDefinition.settings,
        validate: () => {
          throw new Error('boom');
        },
      },
    });
    expect(throwing.validateConfig(throwing.defaultConfig())).toBe(
      "the protocol's settings.validate threw (boom) instead of returning a reason or null",
    );
  });
});

describe('what is and is not checked', () => {
  it('lists no-exception among the properties --property takes (it is taken, but was not listed)', () => {
    expect(unknownPropertiesError(minimalRegister, ['nope'])).toBe(
      'minimal-register has no property nope; its properties: acknowledged-write-survives, no-exception',
    );
  });

  it('names the degraded-end properties a plan without a degraded phase never checks', () => {
    const plan = (degraded: boolean) => () => ({
      roundsMax: 4,
      retryEveryRounds: 2,
      ...(degraded ? { degraded: { roundsMax: 2, stayDown: () => [] } } : {}),
    });
    const withPlan = (degraded: boolean) =>
      defineProtocol({
        ...minimalRegisterDefinition,
        properties: { ...minimalRegisterDefinition.properties, 'acknowledged-write-survives': { ...property, when: 'degraded-end' } },
        hunt: { liveness: plan(degraded) },
      });
    expect(uncheckedDegradedProperties(withPlan(false), withPlan(false).defaultConfig())).toEqual(['acknowledged-write-survives']);
    expect(uncheckedDegradedProperties(withPlan(true), withPlan(true).defaultConfig())).toEqual([]);
    expect(uncheckedDegradedProperties(withPlan(false), withPlan(false).defaultConfig(), ['no-exception'])).toEqual([]);
  });
});

describe('the CLI: one line, exit 2', () => {
  const { work, faultline } = cliIn('faultline-protocol-module-errors', { timeoutMs: 30_000 });
  const fixture = (name: string) => join(projectRoot, 'properties/fixtures', name);

  function expectRefused(args: string[], message: RegExp): void {
    const run = faultline(...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  }

  it('refuses a module whose definition is wrong when it loads, naming the file and the property', () => {
    expectRefused(
      ['hunt', '--protocol', 'bad-when', '--protocol-module', fixture('bad-when-protocol.ts'), '--runs', '10', '--seed', '1'],
      /^faultline: \S*bad-when-protocol\.ts: cannot load the protocol module \(protocol bad-when: property "acknowledged-write-survives" has when the string "every_step"; expected one of every-step, end, degraded-end\)$/m,
    );
  });

  it('says to wrap an exported definition in defineProtocol', () => {
    expectRefused(
      ['list', '--protocol', 'minimal-register', '--protocol-module', fixture('definition-export.ts')],
      /exports "minimalRegisterDefinition", a protocol definition named "minimal-register", not a protocol: export defineProtocol\(minimalRegisterDefinition\)/,
    );
  });

  it('hunt --from with --protocol-module takes the protocol the file names, as replay does (it demanded --protocol)', () => {
    const scenario = join(work, 'volatile.scenario');
    writeFileSync(scenario, 'protocol minimal-register\nvariant volatile-register\nclient 0 0 {"type":"write","value":1}\ncrash 0\n');
    const module = fixture('minimal-protocol.ts');
    const run = faultline(
      'hunt',
      '--from',
      scenario,
      '--protocol-module',
      module,
      '--variant',
      'volatile-register',
      '--runs',
      '20',
      '--seed',
      '1',
      '--no-artifacts',
      '--json',
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.last).toMatchObject({ protocol: 'minimal-register', variant: 'volatile-register' });
    expectRefused(['hunt', '--protocol-module', module, '--runs', '5'], /--protocol-module needs --protocol NAME .*, or --from FILE, which names it/);
  });

  it('refuses a module whose operations do not read back from their text, before hunting', () => {
    expectRefused(
      ['hunt', '--protocol', 'misread-register', '--protocol-module', fixture('misread-operations.ts'), '--runs', '5'],
      /^faultline: .*misread-operations\.ts: protocol misread-register: parseOperation reads ".*", the text describeOperation writes for .*, back as \{"type":"write","value":7\}/,
    );
  });

  it('refuses --set nodeCount=0 with the range (it crashed inside fast-check)', () => {
    expectRefused(
      ['hunt', '--protocol', 'minimal-register', '--protocol-module', fixture('minimal-protocol.ts'), '--set', 'nodeCount=0', '--runs', '5'],
      /^faultline: minimal-register\/correct: nodeCount must be an integer from 1 to 32, got 0$/m,
    );
  });
});

describe('a module whose operations do not read back from their text is refused', () => {
  it('every registered protocol reads back what it writes', () => {
    for (const protocol of protocols) expect(operationTextProblem(protocol), protocol.name).toBeNull();
  });

  it('names the text and what it reads back as (a hunt wrote artifacts that replay then refused)', () => {
    const misread = define({
      ...base,
      name: 'misread-register',
      presentation: { describeOperation: (operation: unknown) => JSON.stringify(operation), parseOperation: () => ({ type: 'write', value: 7 }) },
    }) as Parameters<typeof operationTextProblem>[0];
    expect(operationTextProblem(misread)).toMatch(
      /^parseOperation reads ".*", the text describeOperation writes for \{.*\}, back as \{"type":"write","value":7\}/,
    );
    const refusing = define({
      ...base,
      name: 'refusing-register',
      presentation: { describeOperation: (operation: unknown) => JSON.stringify(operation), parseOperation: () => ({ error: 'nothing parses' }) },
    }) as Parameters<typeof operationTextProblem>[0];
    expect(operationTextProblem(refusing)).toMatch(/^parseOperation refuses ".*", the text describeOperation writes for .* \(nothing parses\)/);
  });
});
