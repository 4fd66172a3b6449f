// Worker-thread entry for parallel hunts: registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('../src/hunt/worker.ts');
