// Worker-thread entry for parallel hunts when faultline runs from its sources: see startWorkerFromSources.
import { startWorkerFromSources } from './build.mjs';

await startWorkerFromSources('hunt');
