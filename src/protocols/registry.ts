/**
 * Every protocol faultline knows. The CLI, the hunt and the test suite iterate over this list,
 * so adding a protocol here is all it takes to have it hunted.
 */
import type { AnyProtocol } from '../core/types.ts';
import { kafka } from './kafka/index.ts';
import { primaryBackup } from './primary-backup/index.ts';
import { raft } from './raft/index.ts';
import { zab } from './zab/index.ts';

export const protocols: readonly AnyProtocol[] = [primaryBackup, raft, zab, kafka];

export function findProtocol(name: string): AnyProtocol | undefined {
  return protocols.find((protocol) => protocol.name === name);
}

/**
 * A protocol defined outside this registry (a user's own model, or a test's), among the exports of
 * the ES module it comes from, under any export name: parallel hunts load it in every worker.
 */
export function exportedProtocol(exports: Readonly<Record<string, unknown>>, name: string): AnyProtocol | undefined {
  return Object.values(exports).find(
    (value): value is AnyProtocol => typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name && 'step' in value,
  );
}
