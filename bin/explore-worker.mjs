// Worker-thread entry for `faultline explore` when faultline runs from its sources: see startWorkerFromSources.
import { startWorkerFromSources } from './build.mjs';

await startWorkerFromSources('explore');
