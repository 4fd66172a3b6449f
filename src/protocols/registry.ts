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
