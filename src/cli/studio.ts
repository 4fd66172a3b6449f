/**
 * `faultline studio [FILE]`: an interactive explorer in the browser. Bundles the studio page
 * (`src/studio/app.ts`: the same pure models and simulator) with esbuild, then serves it from a
 * small HTTP server bound to 127.0.0.1 only, or writes it as one self-contained HTML file (`--out`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { AnyProtocol } from '../core/types.ts';
import { protocols } from '../protocols/registry.ts';
import { loadStudioFile } from '../studio/session.ts';
import { studioPage, type StudioFile } from '../studio/page.ts';
import {
  checkOutputFile,
  checkOutputsApart,
  escapeControl,
  loadUserProtocol,
  parseInteger,
  readTextFile,
  print,
  UsageError,
  userProtocolOptions,
  timeLimitMsMax,
} from './shared.ts';

interface StudioOptions {
  protocol?: string;
  protocolModule?: string;
  port: number;
  out?: string;
  timeLimit?: number;
}

/** The checkout (or installed package) root: the nearest folder up with faultline's package.json. */
function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && /"name":\s*"faultline"/.test(readFileSync(manifest, 'utf8'))) return folder;
    folder = dirname(folder);
  }
  throw new UsageError("cannot find faultline's sources (src/studio/app.ts) to build the studio page");
}

/**
 * The studio script for the browser: one esbuild bundle of src/studio/app.ts; with a user's
 * protocol (`--protocol-module`), its module first, which leaves the protocol where the page looks
 * for it (`faultlineStudioProtocols`).
 */
export async function bundleStudio(user?: { readonly file: string; readonly name: string }): Promise<string> {
  const entry = join(packageRoot(), 'src/studio/app.ts');
  if (!existsSync(entry)) throw new UsageError(`${entry}: missing; the studio page is built from it`);
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new UsageError('the studio needs esbuild to build its page; run "npm install"');
  }
  const userEntry = 'faultline-studio-user-protocol';
  const result = await esbuild.build({
    ...(user === undefined
      ? { entryPoints: [entry] }
      : {
          // Imports run in order: the user's module and the global it fills, then the page.
          stdin: { contents: `import ${JSON.stringify(userEntry)};\nimport ${JSON.stringify(entry)};\n`, resolveDir: packageRoot(), loader: 'js' },
          plugins: [
            {
              name: userEntry,
              setup(build) {
                build.onResolve({ filter: new RegExp(`^${userEntry}$`) }, () => ({ path: userEntry, namespace: userEntry }));
                build.onLoad({ filter: /.*/, namespace: userEntry }, () => ({
                  contents:
                    `import * as user from ${JSON.stringify(resolve(user.file))};\n` +
                    `import { exportedProtocol } from ${JSON.stringify(join(packageRoot(), 'src/protocols/registry.ts'))};\n` +
                    `globalThis.faultlineStudioProtocols = [exportedProtocol(user, ${JSON.stringify(user.name)})];\n`,
                  resolveDir: dirname(resolve(user.file)),
                  loader: 'js',
                }));
              },
            },
          ],
        }),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  const [output] = result.outputFiles ?? [];
  if (!output) throw new UsageError('esbuild produced no studio bundle');
  return output.text;
}

function startFile(file: string | undefined, known: readonly AnyProtocol[]): StudioFile | null {
  if (file === undefined) return null;
  const text = readTextFile(file, 'an artifact (.json) or a .scenario file');
  // Validate here too, so a bad file is one clear line on stderr rather than a message in the page.
  const loaded = loadStudioFile(file, text, known);
  if ('error' in loaded) throw new UsageError(loaded.error);
  // What `faultline replay` warns of (this run is not the one recorded) is said here as on the page.
  for (const warning of loaded.warnings) process.stderr.write(`${escapeControl(`${file}: ${warning}`)}\n`);
  return { file: basename(file), text };
}

/** Serves `page` at / on 127.0.0.1 until the time limit (if any) or Ctrl-C. Resolves when it stops. */
async function serve(page: string, port: number, timeLimitSeconds: number | undefined): Promise<void> {
  let address = '';
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Only this machine, by name: a page elsewhere cannot reach the studio through DNS rebinding.
    const host = request.headers.host ?? '';
    if (host !== address && host !== address.replace('127.0.0.1', 'localhost')) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('faultline studio answers only on 127.0.0.1\n');
      return;
    }
    if (request.method !== 'GET' || (request.url !== '/' && request.url !== '/index.html')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .end(page);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          error.code === 'EADDRINUSE'
            ? `port ${port} is in use; choose another with --port (0: any free port)`
            : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = server.address();
  const actualPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  address = `127.0.0.1:${actualPort}`;
  print(`faultline studio: http://${address}/ (${timeLimitSeconds === undefined ? 'Ctrl-C stops it' : `stops after ${timeLimitSeconds} s`})`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    if (timeLimitSeconds !== undefined) setTimeout(stop, timeLimitSeconds * 1000).unref();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerStudioCommand(program: Command): void {
  program
    .command('studio')
    .description('explore a protocol by hand in the browser: step, branch, export (serves a page on 127.0.0.1)')
    .argument('[file]', 'an artifact (.json) or a .scenario file to open first')
    .option('--protocol <name>', 'with --protocol-module: the protocol the module exports')
    .option('--protocol-module <file>', 'add the protocol named by --protocol from this ES module (your own model) to the page')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', parseInteger('--port', 0), 4173)
    .option('--out <file>', 'write the page as one self-contained HTML file instead of serving it')
    .option('--time-limit <seconds>', 'stop serving after this many seconds', parseInteger('--time-limit', 1, timeLimitMsMax / 1000))
    .action(async (file: string | undefined, options: StudioOptions) => {
      if (options.port > 65535) throw new UsageError(`--port expects an integer from 0 to 65535, got "${options.port}"`);
      const user = userProtocolOptions(options, 'the page adds');
      // Loaded here too: a module that does not load or export the protocol is one clear line, not a broken page.
      const userProtocol = user === undefined ? null : await loadUserProtocol(user.file, user.name);
      // Checked before the page is built (seconds): a bad name is one line at once.
      if (options.out !== undefined) checkOutputFile(options.out, '--out');
      checkOutputsApart(file, 'the file being opened', { '--out': options.out });
      const start = startFile(file, userProtocol === null ? protocols : [userProtocol, ...protocols]);
      const page = studioPage(await bundleStudio(user), start);
      if (options.out !== undefined) {
        try {
          writeFileSync(options.out, page);
        } catch (error) {
          throw new UsageError(`--out ${options.out}: cannot write (${error instanceof Error ? error.message : String(error)})`);
        }
        print(`faultline studio: wrote ${options.out} (open it in a browser; it needs no server)`);
        return;
      }
      await serve(page, options.port, options.timeLimit);
    });
}
