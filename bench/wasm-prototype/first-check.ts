/**
 * The program measure.ts starts for a cold check: bench/linearizability.ts's first-check program
 * with the WebAssembly search prototype beside the checker. Loads the checker as the built CLI
 * does (script and code cache), and for the prototype its glue the same way and both modules
 * (compiled and primed: loading, not timed, like the checker's), parses the file, idles until the
 * JIT work of parsing is done, then times one check and prints JSON.
 *
 *     node first-check.mjs FILE MODEL MODE DIRECTORY BUILD_ID
 *
 * MODE: `typescript` (faultline's checker), `wasm` (the prototype, the JavaScript that writes
 * the block timed with the search), or `wasm-written` (etcd-register: the block written before
 * the timer, as a parser writing it would; other models as `wasm`).
 */

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import type {
  AnyLinearizabilityModel,
  EtcdRegisterInput,
  EtcdRegisterOutput,
  HistoryOperation,
  LinearizabilityModel,
} from '../../src/checkers/linearizability/index.ts';
import { loadCheckerWithCodeCache, tuneV8ForOneCheck } from '../../src/cli/checker-code-cache.ts';
import { settle } from '../settle.ts';
import type * as Glue from './glue.ts';

const SETTLE_STEP_MS = 10;
const [path, modelName, mode, directory, buildId] = process.argv.slice(2) as [string, string, string, string, string];
const loadStart = process.cpuUsage();
const loaded = loadCheckerWithCodeCache(pathToFileURL(`${directory}/`), buildId);
if (loaded.status !== 'accepted') throw new Error(`checker code cache ${loaded.status}`);
let glue: typeof Glue | undefined;
let modules: { etcd: Glue.SearchModule; callback: Glue.SearchModule } | undefined;
let currentStep: Glue.StepCallback = () => -1;
const setStep = (step: Glue.StepCallback) => {
  currentStep = step;
};
if (mode !== 'typescript') {
  const script = new Script(readFileSync(`${directory}/glue.js`, 'utf8'), {
    filename: 'glue.js',
    cachedData: readFileSync(`${directory}/glue.cache`),
  });
  const module = { exports: {} as typeof Glue };
  (script.runInThisContext() as (module: { exports: typeof Glue }, exports: typeof Glue, require: unknown) => void)(
    module,
    module.exports,
    undefined,
  );
  if (script.cachedDataRejected === true) throw new Error('glue code cache rejected');
  glue = module.exports;
  // After loading the code caches (V8 refuses a cache made under other flags).
  for (const flag of (process.env['WASM_PROTOTYPE_V8_FLAGS'] ?? '').split(' ').filter(Boolean)) setFlagsFromString(flag);
  modules = {
    etcd: glue.instantiateSearch(readFileSync(`${directory}/etcd-register.wasm`)),
    callback: glue.instantiateSearch(readFileSync(`${directory}/callback.wasm`), (state, position) => currentStep(state, position)),
  };
  glue.primeSearch(modules.etcd);
  glue.primeSearch(modules.callback);
}
const load = process.cpuUsage(loadStart);
tuneV8ForOneCheck();
const { checkLinearizability, etcdRegisterModel, kvModel, parseHistory } = loaded.checker;
const model: AnyLinearizabilityModel = modelName === 'etcd-register' ? etcdRegisterModel : kvModel;
const parsed = parseHistory(path, readFileSync(path, 'utf8'), model);
if (!parsed.ok) throw new Error(`${path}: does not parse`);
const isEtcd = model === etcdRegisterModel;
type EtcdOperations = readonly HistoryOperation<EtcdRegisterInput, EtcdRegisterOutput>[];
const written =
  mode === 'wasm-written' && isEtcd && glue && modules ? glue.prepareEtcdSearch(modules.etcd, parsed.operations as EtcdOperations) : undefined;

performance.now();
await settle(SETTLE_STEP_MS);
const cpuStart = process.cpuUsage();
const start = performance.now();
let outcome: { verdict: string; explored: number };
if (glue === undefined || modules === undefined) {
  const result = checkLinearizability(model, parsed.operations);
  outcome = { verdict: result.verdict, explored: result.exploredConfigurations };
} else if (isEtcd) {
  outcome = glue.runEtcdSearch(modules.etcd, written ?? glue.prepareEtcdSearch(modules.etcd, parsed.operations as EtcdOperations));
} else {
  outcome = glue.checkWithCallback(modules.callback, setStep, model as unknown as LinearizabilityModel<unknown, unknown, unknown>, parsed.operations);
}
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(
  `${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ...outcome, loadCpuMs: (load.user + load.system) / 1000 })}\n`,
);
