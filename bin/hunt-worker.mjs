// Worker-thread entry for parallel hunts when faultline runs from its sources (the tests,
// bin/run-ts.mjs): the built worker, dist/hunt-worker.mjs, when the build is newer than every
// source file (bin/faultline.mjs's check), else tsx and the TypeScript worker. Through tsx each
// worker thread compiled and loaded the sources anew: about 0.8 s of CPU, against 0.06 s for the
// bundle with its code cache (2-core machine, 2026-12-02), times the two dozen worker threads of `npm test`.
import { buildIsStale } from './build.mjs';

if (buildIsStale()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/hunt/worker.ts');
} else {
  await import('../dist/hunt-worker.mjs');
}
