/**
 * Every protocol faultline knows. The CLI, the hunt and the test suite iterate over this list,
 * so adding a protocol here is all it takes to have it hunted.
 */
import type { AnyProtocol } from '../core/types.ts';
import { primaryBackup } from './primary-backup/index.ts';

export const protocols: readonly AnyProtocol[] = [primaryBackup];

export function findProtocol(name: string): AnyProtocol | undefined {
  return protocols.find((protocol) => protocol.name === name);
}
