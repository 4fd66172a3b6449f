/**
 * Linearizability checker: Wing & Gong's search with Lowe's memoization, P-compositionality,
 * unknown-outcome operations and hard budgets. Pure: no clocks, randomness or I/O.
 *
 * Typical use from a property:
 *
 *     const result = checkLinearizability(kvCasModel, history, { maxExploredConfigurations: 1e6 });
 *     if (result.verdict === 'not-linearizable') report(formatLinearizabilityFailure(kvCasModel, history, result));
 *
 * To add a model, write a {@link LinearizabilityModel} object (see models/*.ts for examples).
 */

export type {
  AnyLinearizabilityModel,
  HistoryOperation,
  LinearizabilityFailure,
  LinearizabilityModel,
  LinearizabilityOptions,
  LinearizabilityResult,
  LinearizabilityVerdict,
  PartitionOutcome,
  UnknownReason,
} from './types.ts';
export { DEFAULT_MAX_CACHE_BYTES, DEFAULT_MAX_EXPLORED_CONFIGURATIONS } from './types.ts';
export { checkLinearizability, checkLinearizabilityInSteps, findHistoryProblem, InvalidHistoryError } from './check.ts';
export { checkLinearizabilityByBruteForce, type BruteForceResult } from './brute-force.ts';
export { formatLinearizabilityFailure, linearizationPoints } from './explain.ts';
export { renderLinearizabilityHtml, type LinearizabilityHtmlInput } from './html.ts';
export { combineHashes, hashScalar, hashString, mix32 } from './hash.ts';

export { etcdRegisterModel } from './models/etcd-register.ts';
export type { EtcdRegisterInput, EtcdRegisterOutput, EtcdRegisterState, RegisterValue } from './models/etcd-register.ts';
export { kvModel } from './models/kv.ts';
export type { KvInput, KvKey, KvOutput, KvState } from './models/kv.ts';
export { kvCasModel } from './models/kv-cas.ts';
export type { KvCasInput, KvCasOutput, KvCasState } from './models/kv-cas.ts';
export { appendLogModel } from './models/append-log.ts';
export type { AppendLogInput, AppendLogOutput, AppendLogPartition, AppendLogState } from './models/append-log.ts';
export { znodeModel } from './models/znode.ts';
export type { ZnodeError, ZnodeFailure, ZnodeInput, ZnodeOutput, ZnodeRecord, ZnodeState } from './models/znode.ts';
export { partitionByKey } from './models/shared.ts';
export { findLinearizabilityModel, linearizabilityModels } from './models/registry.ts';

export { parseJepsenEtcdLog } from './parsers/jepsen-etcd.ts';
export { parseEdnKvLog } from './parsers/edn-kv.ts';
export { formatJsonLinesHistory, parseJsonLinesHistory } from './parsers/json-lines.ts';
export { exactInteger, parseJsonExactly, stringifyJsonExactly } from '../../core/json-text.ts';
export { detectHistoryFormat, parseHistory } from './parsers/detect.ts';
export { formatParseError, HistoryParseStopped, integerDigitsMax } from './parsers/parse-result.ts';
export type { HistoryFormat, HistoryParseError, HistoryParseResult, StopParsing } from './parsers/parse-result.ts';
