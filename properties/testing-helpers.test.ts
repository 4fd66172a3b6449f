/**
 * `checkScenario` (src/hunt/testing.ts): a property checked on a hand-written scenario, without a
 * bug variant made up for it. docs/extending.md walks through this file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { findProtocol } from '../src/protocols/registry.ts';

const root = resolve(import.meta.dirname, '..');
const scenario = (file: string): string => readFileSync(join(root, 'scenarios', file), 'utf8');

describe('checkScenario', () => {
  it('catches the property a checked-in scenario breaks, and passes the same story on the correct model', () => {
    const lostWrite = scenario('primary-backup-lost-write.scenario');
    const violation = checkScenario(primaryBackup, lostWrite);
    expect(violation?.property).toBe('no-acked-write-lost');
    expect(violation?.message).toMatch(/acknowledged write 0 .* is missing from node 0's log/);
    // The same events on the correct model: the write is never acknowledged, so nothing is lost.
    expect(checkScenario(primaryBackup, lostWrite, { variant: 'correct' })).toBeNull();
    expect(checkScenario(primaryBackup, scenario('primary-backup-correct-survives.scenario'))).toBeNull();
  });

  it('checks only the properties asked for', () => {
    const lostWrite = scenario('primary-backup-lost-write.scenario');
    // The lost write breaks durability only: the history (one acknowledged write, no read) is linearizable.
    expect(checkScenario(primaryBackup, lostWrite, { properties: ['linearizable', 'operations-complete'] })).toBeNull();
    expect(checkScenario(primaryBackup, lostWrite, { properties: ['no-acked-write-lost'] })?.property).toBe('no-acked-write-lost');
    expect(() => checkScenario(primaryBackup, lostWrite, { properties: ['no-such-property'] })).toThrow(/has no property no-such-property/);
  });

  it('applies settings, and works for every protocol with a checked-in scenario', () => {
    const raft = findProtocol('raft');
    if (!raft) throw new Error('raft is registered');
    const text = scenario('raft-vote-without-log-check.scenario');
    const expected = /^expect violation (\S+)/m.exec(text)?.[1];
    expect(expected).toBeDefined();
    expect(checkScenario(raft, text)?.property).toBe(expected);
    expect(checkScenario(raft, text, { variant: 'correct' })).toBeNull();
    expect(() => checkScenario(raft, text, { settings: { noSuchSetting: 1 } })).toThrow(/noSuchSetting/);
  });

  it('reports bad scenario text with the file and line', () => {
    expect(() => checkScenario(primaryBackup, 'protocol primary-backup\ntick\n', { file: 'mine.scenario' })).toThrow(
      'mine.scenario:2: expected tick NODE',
    );
    expect(() => checkScenario(primaryBackup, 'protocol raft\n')).toThrow(/expected a protocol name \(primary-backup\)/);
  });
});
