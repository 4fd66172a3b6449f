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
 * A protocol defined outside this registry (a user's own model, or a test's), loaded from an ES
 * module that exports it under any name: parallel hunts load it in every worker by this URL.
 */
export async function loadProtocolModule(moduleUrl: string, name: string): Promise<AnyProtocol | undefined> {
  const loaded = (await import(moduleUrl)) as Record<string, unknown>;
  return Object.values(loaded).find(
    (value): value is AnyProtocol => typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name && 'step' in value,
  );
}
