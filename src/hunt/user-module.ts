/**
 * A user's own ES module, imported by URL: their protocol (`--protocol-module`) or their
 * linearizability model (`check-history --model-module`). A TypeScript module is loaded through
 * tsx (a development dependency) when faultline runs compiled; without tsx, the message says to
 * compile it. Kept apart from the hunt so that check-history's small bundle can load it.
 */
import type { AnyProtocol } from '../core/types.ts';
import { exportedProtocol } from '../protocols/registry.ts';

export async function importUserModule(moduleUrl: string): Promise<Readonly<Record<string, unknown>>> {
  if (/\.[cm]?ts$/.test(new URL(moduleUrl).pathname) && !import.meta.url.endsWith('.ts')) {
    let tsImport: (specifier: string, parentUrl: string) => Promise<unknown>;
    try {
      ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
    } catch {
      throw new Error('a TypeScript module needs tsx (npm install --save-dev tsx), or compile it to JavaScript');
    }
    // tsImport, not a global register(): a .ts file outside a "type": "module" package is CommonJS
    // to Node, and importing it after register() failed (ERR_REQUIRE_CYCLE_MODULE) where this loads it.
    return (await tsImport(moduleUrl, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(moduleUrl)) as Record<string, unknown>;
}

/** Loads a protocol from a user's ES module (by URL): the exported protocol named `name`. */
export async function importProtocolModule(moduleUrl: string, name: string): Promise<AnyProtocol | undefined> {
  return exportedProtocol(await importUserModule(moduleUrl), name);
}
