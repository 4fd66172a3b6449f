/**
 * ZAB's reference properties (`service-matches-reference`, `local-reads-committed`, `requests-in-session`) read what
 * the ghost carried along the run: the reference model's state after each delivered transaction,
 * the first mismatch of the servers' tree or watch changes, the reference's first answers. These
 * runs show that this gives the verdicts, messages included, that replaying the delivered sequence
 * on a fresh reference model at the end gives (`referenceVerdictsByReplay`, the form the properties
 * had first): on every end view the simulator checks (before and after the progress probe) of
 * generated runs of the correct model and every bug variant, on the same views with one read's or
 * one write's answer changed, and on runs whose data tree is broken (a setData that bumps a version
 * twice, a create whose child change is not reported to watches), so that each kind of mismatch is
 * compared, not only agreement.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import type { HistoryEntry } from '../src/core/types.ts';
import { scheduleArbitrary } from '../src/hunt/arbitraries.ts';
import { setupOrThrow } from '../src/hunt/testing.ts';
import { zab } from '../src/protocols/zab/index.ts';
import { referenceVerdictsByReplay, zabProperties } from '../src/protocols/zab/properties.ts';
import { applyReference, initialReference, type ReferenceState, readReference } from '../src/protocols/zab/reference.ts';
import type { Operation, Output, Txn, TxnOperation } from '../src/protocols/zab/types.ts';

/** How the mocked data tree breaks transactions: not at all, a setData's version, or a create's child change. */
const tamper = vi.hoisted(() => ({ mode: 'none' as 'none' | 'version' | 'watch' }));

vi.mock('../src/protocols/zab/datatree.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/protocols/zab/datatree.ts')>();
  const applyTxn: typeof original.applyTxn = (tree, txn) => {
    const applied = original.applyTxn(tree, txn);
    if (tamper.mode === 'none' || txn.body.kind !== 'client' || applied.reply?.outcome !== 'ok') return applied;
    const operation = txn.body.operation;
    if (tamper.mode === 'version' && operation.type === 'setData') {
      const node = applied.tree.nodes.get(operation.path);
      if (node === undefined) return applied;
      const nodes = new Map(applied.tree.nodes);
      nodes.set(operation.path, { ...node, version: node.version + 1 });
      return { ...applied, tree: { ...applied.tree, nodes } };
    }
    if (tamper.mode === 'watch' && operation.type === 'create') return { ...applied, changes: applied.changes.filter((change) => !change.children) };
    return applied;
  };
  return { ...original, applyTxn };
});

type View = Parameters<(typeof zabProperties)['service-matches-reference']['check']>[0];
type Entry = HistoryEntry<Operation, Output>;

/** The verdicts as the properties give them (the ghost's carried form). */
function carried(view: View): { service: string | null; reads: string | null; sessions: string | null } {
  return {
    service: zabProperties['service-matches-reference'].check(view, 'service-matches-reference'),
    reads: zabProperties['local-reads-committed'].check(view, 'local-reads-committed'),
    sessions: zabProperties['requests-in-session'].check(view, 'requests-in-session'),
  };
}

/** The view with the first entry `pick` accepts answered with one more field (no reference answer has it). */
function withChangedAnswer(view: View, pick: (entry: Entry) => boolean): View | null {
  const at = view.history.findIndex((entry) => entry.reply?.outcome === 'ok' && pick(entry));
  const entry = view.history[at];
  if (entry === undefined || entry.reply?.outcome !== 'ok') return null;
  const history = view.history.slice();
  history[at] = { ...entry, reply: { outcome: 'ok', output: { ...entry.reply.output, forged: true } as unknown as Output } };
  return { ...view, history };
}

const reads = new Set(['getData', 'exists', 'getChildren', 'syncRead']);

/** Runs each setup's generated schedules and compares both forms on every end view the simulator checks; counts the broken verdicts. */
function compareOn(setups: ReturnType<typeof setupOrThrow>[], runs: number, seed: number): { mismatches: string[]; broken: Record<string, number> } {
  const mismatches: string[] = [];
  const broken: Record<string, number> = { service: 0, reads: 0, forgedRead: 0, forgedWrite: 0 };
  const compare = (label: string, view: View) => {
    const replayed = referenceVerdictsByReplay(view);
    const got = carried(view);
    if (got.service !== replayed.service || got.reads !== replayed.reads || got.sessions !== replayed.sessions)
      mismatches.push(`${label}: ${JSON.stringify(got)} vs ${JSON.stringify(replayed)}`);
    return replayed;
  };
  for (const [index, setup] of setups.entries()) {
    const views: View[] = [];
    // Only this capturing end check runs: every view the simulator checks at the end is compared, and runs go on to the end.
    const capture = { name: 'capture', when: 'end' as const, description: 'captures the end views', check: (view: View) => (views.push(view), null) };
    const protocol = { ...setup.protocol, properties: [...setup.protocol.properties, capture] };
    const simulator = new Simulator({ ...setup, protocol } as typeof setup, { properties: ['capture'] });
    const schedules = fc.sample(scheduleArbitrary(setup.protocol, setup.config, setup.profile), { numRuns: runs, seed: seed + index });
    for (const [run, schedule] of schedules.entries()) {
      views.length = 0;
      simulator.run(schedule);
      for (const [at, view] of views.entries()) {
        const label = `${setup.variant} ${JSON.stringify(setup.config)} run ${run} view ${at}`;
        const verdicts = compare(label, view);
        if (verdicts.service !== null) broken.service = (broken.service ?? 0) + 1;
        if (verdicts.reads !== null) broken.reads = (broken.reads ?? 0) + 1;
        const forgedRead = withChangedAnswer(view, (entry) => reads.has(entry.operation.type));
        if (forgedRead && compare(`${label} (a read forged)`, forgedRead).reads !== null) broken.forgedRead = (broken.forgedRead ?? 0) + 1;
        const forgedWrite = withChangedAnswer(view, (entry) => !reads.has(entry.operation.type));
        if (forgedWrite && compare(`${label} (a write forged)`, forgedWrite).service !== null) broken.forgedWrite = (broken.forgedWrite ?? 0) + 1;
      }
    }
  }
  return { mismatches, broken };
}

describe('zab reference properties: carried by the ghost', () => {
  it('give the verdicts and messages of a replay at the end, on the correct model, every bug variant and forged answers', () => {
    tamper.mode = 'none';
    const setups = [
      ...zab.variants.map((variant) => setupOrThrow(zab, variant.name)),
      setupOrThrow(zab, 'correct', { quorumSync: true, committedLogWindowTransactions: 1, snapshotIntervalTransactions: 2 }),
      setupOrThrow(zab, 'correct', { workload: 'watches' }),
      setupOrThrow(zab, 'correct', { workload: 'controller' }),
    ];
    const { mismatches, broken } = compareOn(setups, 12, 700);
    expect(mismatches).toEqual([]);
    // The forged answers must be caught, or the comparison saw only agreement.
    expect(broken.forgedRead).toBeGreaterThan(50);
    expect(broken.forgedWrite).toBeGreaterThan(50);
  });

  it('give the same first mismatch when the data tree breaks a stat or a watch change', () => {
    for (const mode of ['version', 'watch'] as const) {
      tamper.mode = mode;
      try {
        const { mismatches, broken } = compareOn([setupOrThrow(zab, 'correct'), setupOrThrow(zab, 'correct', { workload: 'watches' })], 12, 800);
        expect(mismatches).toEqual([]);
        expect(broken.service, mode).toBeGreaterThan(2);
      } finally {
        tamper.mode = 'none';
      }
    }
  });
});

/** The reference's path rules in their plain form (split paths, build each parent's string): what its faster step must agree with. */
function plainParent(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.substring(0, cut) : '/';
}
function plainWellFormed(path: string): boolean {
  if (path === '/') return true;
  if (path[0] !== '/' || path[path.length - 1] === '/') return false;
  return path
    .split('/')
    .slice(1)
    .every((segment) => segment.length > 0);
}
function plainChildren(state: ReferenceState, path: string): string[] {
  return [...state.znodes.keys()]
    .filter((candidate) => candidate !== '/' && plainParent(candidate) === path)
    .map((candidate) => candidate.substring(path === '/' ? 1 : path.length + 1))
    .sort();
}

describe("the reference model's transaction step", () => {
  // Well-formed paths, and the malformed ones a client may send (empty segments, no leading slash, a trailing one).
  const paths = ['/', '', 'a', '/a', '/a/', '//a', '/a//b', '/a/b', '/a/b/c', '/ab', '/b', '/election', '/election/x', '/e'];
  // The workloads never delete /election (the reference's elect needs it).
  const deletable = paths.filter((path) => path !== '/election');
  const operation = fc.oneof(
    fc.record({
      type: fc.constant('create' as const),
      path: fc.constantFrom(...paths),
      data: fc.constantFrom('x', 'y'),
      sequential: fc.boolean(),
      ephemeral: fc.boolean(),
    }),
    fc.record({ type: fc.constant('delete' as const), path: fc.constantFrom(...deletable), version: fc.constantFrom(-1, 0, 1) }),
    fc.record({
      type: fc.constant('setData' as const),
      path: fc.constantFrom(...paths),
      data: fc.constantFrom('x', 'y'),
      version: fc.constantFrom(-1, 0, 1),
    }),
    fc.constant({ type: 'elect' as const }),
  );
  const step = fc.oneof(
    { weight: 5, arbitrary: fc.record({ clientId: fc.integer({ min: 0, max: 1 }), operation }) },
    { weight: 1, arbitrary: fc.record({ clientId: fc.integer({ min: 0, max: 1 }), close: fc.constant(true) }) },
  );

  it('refuses exactly the malformed paths, lists children and reports watch changes as the plain forms do', () => {
    let refusedMalformed = 0;
    let listed = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        let state = initialReference(2);
        const sessions = [1, 1];
        for (const [index, next] of steps.entries()) {
          const zxid = { epoch: 1, counter: index + 1 };
          const txn: Txn =
            'close' in next
              ? { zxid, proposer: 0, body: { kind: 'closeSession', clientId: next.clientId, session: sessions[next.clientId] as number } }
              : {
                  zxid,
                  proposer: 0,
                  body: {
                    kind: 'client',
                    clientId: next.clientId,
                    operationId: index + 1,
                    session: sessions[next.clientId] as number,
                    operation: next.operation as TxnOperation,
                  },
                };
          const applied = applyReference(state, txn);
          if ('close' in next && applied.touched) sessions[next.clientId] = (sessions[next.clientId] as number) + 1;
          const reply = applied.answer?.reply;
          if (!('close' in next) && next.operation.type !== 'elect' && reply?.outcome === 'ok') {
            const malformed = (next.operation.type !== 'setData' && next.operation.path === '/') || !plainWellFormed(next.operation.path);
            const refused = (reply.output as { ok?: boolean; error?: string }).error === 'bad-arguments';
            expect(refused, `${next.operation.type} ${JSON.stringify(next.operation.path)}`).toBe(malformed);
            if (refused) refusedMalformed++;
          }
          expect(applied.changed).toEqual([...new Set(applied.changed)].sort());
          state = applied.state;
          for (const path of [...paths, ...state.znodes.keys()]) {
            const children = readReference(state, 'getChildren', path);
            if (state.znodes.has(path)) {
              expect(children).toEqual({ ok: true, children: plainChildren(state, path) });
              listed++;
            } else expect(children).toEqual({ ok: false, error: 'no-node' });
          }
        }
      }),
      { numRuns: 120, seed: 4242 },
    );
    // Both sides of each rule were exercised.
    expect(refusedMalformed).toBeGreaterThan(50);
    expect(listed).toBeGreaterThan(500);
  });
});
