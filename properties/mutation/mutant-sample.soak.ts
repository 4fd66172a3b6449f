/**
 * A fixed sample of mutants per protocol, run by the soak (`npm run soak`, vitest.soak.config.ts),
 * not by `npm test`: each must still be killed by the mutation hunts (hunts.ts) at the default
 * budget, so a change that weakens the hunts or the properties shows up without a full
 * `npm run mutate`. Each mutant is a one-line textual change, applied to a copy of src/ in
 * reports/mutation/soak-sandbox/ (gitignored); the protocol is imported from the copy.
 *
 * When a model changes, a mutant's line moves: it is found by its original text within
 * `searchLines` of the recorded line, and a mutant whose text is gone fails with what to update.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../src/core/types.ts';
import { describeViolation } from '../../src/hunt/report.ts';
import { defaultMutationBudget, huntMutant } from './hunts.ts';

interface SampleMutant {
  readonly protocol: string;
  /** Path from the repository root. */
  readonly file: string;
  /** 1-based line in the file when the sample was taken. */
  readonly line: number;
  /** Text on that line the mutant replaces (must occur once on the line). */
  readonly original: string;
  readonly replacement: string;
  /** What the mutant does, in a few words (Stryker's mutator and what kills it). */
  readonly what: string;
}

const searchLines = 60;
const root = resolve(import.meta.dirname, '../..');
const sandbox = join(root, 'reports/mutation/soak-sandbox');

/** Two per protocol: one a new liveness property or setup kills, one an older safety property kills (Raft: also one only the replay setup kills, and one only voters-lead does). */
const sampleMutants: readonly SampleMutant[] = [
  {
    protocol: 'primary-backup',
    file: 'src/protocols/primary-backup/model.ts',
    line: 232,
    original: "if (primary.status !== 'active') return",
    replacement: 'if (true) return',
    what: 'the primary refuses every client request (makes-progress, the progress probe)',
  },
  {
    protocol: 'primary-backup',
    file: 'src/protocols/primary-backup/model.ts',
    line: 165,
    original: 'const adopt = message.epoch > epoch || message.log.length > log.length;',
    replacement: 'const adopt = message.epoch >= epoch;',
    what: 'a backup adopts an older, shorter copy of its epoch delivered late (no-acked-write-lost)',
  },
  {
    protocol: 'raft',
    file: 'src/protocols/raft/component.ts',
    line: 1480,
    original: 'role = { ...role, waiting: role.waiting.filter((waiting) => !sameRequester(waiting, requester)) };',
    replacement: 'role = { ...role, waiting: role.waiting };',
    what: 'the leader never forgets an answered client (replicated-after-healing)',
  },
  {
    protocol: 'raft',
    file: 'src/protocols/raft/component.ts',
    line: 1032,
    original: 'candidateLastTerm > ownLastTerm ||',
    replacement: 'candidateLastTerm >= ownLastTerm ||',
    what: 'votes for a candidate with a shorter log of the same last term (leader-completeness)',
  },
  {
    protocol: 'raft',
    file: 'src/protocols/raft/component.ts',
    line: 1515,
    original: 'const confirmedByQuorum = quorum(context, state.durable, (node) => (role.ackedReadRound[node] ?? 0) >= read.round);',
    replacement: 'const confirmedByQuorum = true;',
    what: 'a ReadIndex read is answered without a quorum confirming leadership (linearizable, the replay setup)',
  },
  {
    protocol: 'raft',
    file: 'src/protocols/raft/component.ts',
    line: 934,
    original: 'if (membership !== null && !isVoter(membership, context.node)) {',
    replacement: 'if (false) {',
    what: 'a learner or removed server stands for election (voters-lead, the membership setups)',
  },
  {
    protocol: 'kafka',
    file: 'src/protocols/kafka/broker.ts',
    line: 352,
    original: 'role.purgatory.filter((pending) => pending.offset < highWatermark)',
    replacement: 'role.purgatory.filter((pending) => false)',
    what: 'acks=all produces are never answered (isr-recovers)',
  },
  {
    protocol: 'kafka',
    file: 'src/protocols/kafka/decisions.ts',
    line: 89,
    original: 'current.isr.includes(broker) && current.isr.length > 1 ?',
    replacement: 'current.isr.includes(broker) ?',
    what: 'fencing empties the ISR of its last member (no-acked-write-lost)',
  },
  {
    protocol: 'zab',
    file: 'src/protocols/zab/broadcast.ts',
    line: 330,
    original: 'if (current.volatile.pending.some((pending) => pending.clientId === clientId && pending.operationId === operationId)) return current;',
    replacement: 'if (true) return current;',
    what: 'a server never forwards a request (operations-complete)',
  },
  {
    protocol: 'zab',
    file: 'src/protocols/zab/sync.ts',
    line: 162,
    original: "if (learner?.stage === 'synced')",
    replacement: "if (learner?.stage !== 'synced')",
    what: 'UPTODATE sent to followers still synchronizing (replica-logs-consistent)',
  },
];

/** The line of `mutant.original` nearest the recorded line, or an error saying what to update. */
function locate(lines: readonly string[], mutant: SampleMutant): number {
  for (let distance = 0; distance <= searchLines; distance++) {
    for (const index of [mutant.line - 1 - distance, mutant.line - 1 + distance]) {
      if (lines[index]?.includes(mutant.original)) return index;
    }
  }
  throw new Error(
    `${mutant.file}:${mutant.line}: "${mutant.original}" is no longer within ${searchLines} lines; update the sample in properties/mutation/mutant-sample.soak.ts`,
  );
}

async function mutatedProtocol(mutant: SampleMutant, index: number): Promise<AnyProtocol> {
  const copy = join(sandbox, String(index));
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
  const path = join(copy, mutant.file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const at = locate(lines, mutant);
  lines[at] = (lines[at] as string).replace(mutant.original, mutant.replacement);
  writeFileSync(path, lines.join('\n'));
  const registry = (await import(pathToFileURL(join(copy, 'src/protocols/registry.ts')).href)) as {
    findProtocol(name: string): AnyProtocol | undefined;
  };
  const protocol = registry.findProtocol(mutant.protocol);
  if (!protocol) throw new Error(`no protocol ${mutant.protocol}`);
  return protocol;
}

describe('mutation sample: the hunts still kill these mutants of the correct models', () => {
  for (const [index, mutant] of sampleMutants.entries()) {
    it(`${mutant.protocol}: ${mutant.file}:${mutant.line} ${mutant.what}`, async () => {
      const protocol = await mutatedProtocol(mutant, index);
      const verdict = huntMutant(protocol, defaultMutationBudget);
      expect(verdict, `the mutant survived ${defaultMutationBudget.runs} runs per seed`).not.toBeNull();
      if (verdict) expect(describeViolation(verdict.violation)).not.toBe('');
    });
  }
});
