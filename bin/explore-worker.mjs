// Worker-thread entry for `faultline explore`: registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('../src/explore/worker.ts');
