/**
 * The situation a world is in, as the guided search and the explorer's widening search name it:
 * the protocol's own `fingerprint`, or a generic one. Its own module so that both can use it
 * without an import cycle (the minimizer, which the guided search uses, calls the explorer).
 */
import type { AnyProtocol, WorldView } from '../core/types.ts';

/**
 * The generic fingerprint for protocols that declare none: every node's up/down status and its
 * transcript summary with every number replaced by `#`, plus whether a partition is in place.
 */
export function genericFingerprint(protocol: AnyProtocol, view: WorldView<unknown, unknown, unknown, unknown, unknown, unknown>): string {
  const parts: string[] = [view.network.partition === null ? 'healed' : 'partitioned'];
  for (const slot of view.nodes) {
    if (!slot.up) {
      parts.push('down');
      continue;
    }
    const summary = protocol.summarizeState(slot.state, view.config) as Record<string, string>;
    parts.push(
      Object.keys(summary)
        .sort()
        .map((field) => `${field}=${(summary[field] ?? '').replace(/\d+/g, '#')}`)
        .join(','),
    );
  }
  return parts.join('|');
}

export function fingerprintOf(protocol: AnyProtocol, view: WorldView<unknown, unknown, unknown, unknown, unknown, unknown>): string {
  return protocol.fingerprint ? protocol.fingerprint(view) : genericFingerprint(protocol, view);
}
