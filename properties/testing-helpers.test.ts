/**
 * `checkScenario` and `withProperties` (src/hunt/testing.ts): a property checked on a hand-written
 * scenario, without a bug variant made up for it. The tutorial properties below are quoted by
 * docs/extending.md and README.md (`npm run docs` copies each `#region`), so they always compile.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acknowledged } from '../src/core/history.ts';
import { checkScenario, expectCaught, expectSurvives, setupOrThrow, withProperties } from '../src/hunt/testing.ts';
import { primaryBackup } from '../src/protocols/primary-backup/index.ts';
import { primaryNode } from '../src/protocols/primary-backup/model.ts';
import { findProtocol } from '../src/protocols/registry.ts';

/** History for a "never decreases" property: how many acknowledged writes the active primary holds, now and at most so far. */
// #region never-decreases-ghost
interface AckedWritesHeld {
  /** Acknowledged writes in the active primary's log after this step; null while it is down or recovering. */
  readonly now: number | null;
  /** The most it ever held. */
  readonly most: number;
}
// #endregion never-decreases-ghost

const tutorial = withProperties(primaryBackup, {
  // #region never-decreases
  ghost: {
    init: (): AckedWritesHeld => ({ now: null, most: 0 }),
    observe(ghost, view) {
      const primary = view.nodes[primaryNode];
      const volatile = primary?.state.volatile;
      if (!primary?.up || volatile?.role !== 'primary' || volatile.status !== 'active') return { ...ghost, now: null };
      const held = new Set(volatile.log.map((entry) => entry.operationId));
      const now = acknowledged(view.history).filter((entry) => entry.operation.type === 'write' && held.has(entry.operationId)).length;
      return { now, most: Math.max(ghost.most, now) };
    },
  },
  // #endregion never-decreases
  properties: {
    // #region never-decreases-property
    'acked-writes-never-decrease': {
      when: 'every-step',
      description: 'the number of acknowledged writes the active primary holds never decreases',
      check(view) {
        const { now, most } = view.ghost;
        if (now === null || now >= most) return null;
        return `the active primary holds ${now} acknowledged writes, fewer than the ${most} it held before`;
      },
    },
    // #endregion never-decreases-property
    // #region stateless
    'no-invented-writes': {
      when: 'every-step',
      description: 'every value in a log on disk was written by some client',
      check(view) {
        const written = new Set(view.history.flatMap((entry) => (entry.operation.type === 'write' ? [entry.operation.value] : [])));
        const node = view.nodes.findIndex((slot) => slot.state.durable.log.some((entry) => !written.has(entry.value)));
        return node < 0 ? null : `node ${node} holds a value on disk that no client wrote`;
      },
    },
    // #endregion stateless
  },
});

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

describe('the tutorial properties (docs/extending.md)', () => {
  const lostWrite = scenario('primary-backup-lost-write.scenario');

  it('"never decreases" catches the lost write at the step it is lost, before the end-of-run check', () => {
    // #region check-scenario
    // scenarios/primary-backup-lost-write.scenario runs the bug variant ack-before-replicate.
    const violation = checkScenario(tutorial, lostWrite);
    expect(violation).toMatchObject({ property: 'acked-writes-never-decrease', phase: 'liveness' });
    expect(violation?.message).toBe('the active primary holds 0 acknowledged writes, fewer than the 1 it held before');
    // The same events on the correct model, and a story written to pass.
    expect(checkScenario(tutorial, lostWrite, { variant: 'correct' })).toBeNull();
    expect(checkScenario(tutorial, scenario('primary-backup-correct-survives.scenario'))).toBeNull();
    // #endregion check-scenario
  });

  it('the correct model keeps both properties under a short hunt, and the bug variant breaks the new one', () => {
    // #region hunt-it
    expectSurvives(setupOrThrow(tutorial, 'correct'), { runs: 300, seed: 5 });
    expectCaught(setupOrThrow(tutorial, 'ack-before-replicate'), { runs: 3000, seed: 5, expectedProperty: 'acked-writes-never-decrease' });
    // #endregion hunt-it
  });

  it("the protocol's own properties still see their own ghost and run as before", () => {
    expect(checkScenario(tutorial, lostWrite, { properties: ['no-acked-write-lost'] })?.property).toBe('no-acked-write-lost');
    expect(tutorial.properties.map((property) => property.name)).toEqual([
      ...primaryBackup.properties.map((property) => property.name),
      'acked-writes-never-decrease',
      'no-invented-writes',
    ]);
    const existing = primaryBackup.properties.find((property) => property.name === 'linearizable');
    if (!existing) throw new Error('primary-backup declares linearizable');
    expect(() => withProperties(primaryBackup, { properties: { linearizable: existing } })).toThrow(/already has a property linearizable/);
  });
});
