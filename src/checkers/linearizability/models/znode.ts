/**
 * A ZooKeeper-style tree of znodes, checked as a whole (one partition). It covers create (plain
 * or sequential), delete, setData, getData, exists and getChildren with ZooKeeper's versions:
 * a node starts at version 0, each setData adds one, and an expected version of -1 matches any.
 * A sequential create appends the parent's child-change counter (cversion), zero-padded to ten
 * digits, to the requested path. Errors never change the tree. Ephemeral nodes, ACLs and
 * watches are not modelled.
 *
 * The model is deterministic: `step` computes the one outcome ZooKeeper would give from the
 * state and accepts the observation iff it matches (any observation when the output is unknown).
 */

import { combineHashes, hashString } from '../hash.ts';
import type { LinearizabilityModel } from '../types.ts';
import { isRecord, isStringArray, show } from './shared.ts';

export type ZnodeError = 'no-node' | 'node-exists' | 'no-parent' | 'bad-version' | 'not-empty' | 'bad-arguments';

export type ZnodeInput =
  | { readonly type: 'create'; readonly path: string; readonly data: string; readonly sequential?: boolean }
  | { readonly type: 'delete'; readonly path: string; readonly version: number }
  | { readonly type: 'setData'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly type: 'getData'; readonly path: string }
  | { readonly type: 'exists'; readonly path: string }
  | { readonly type: 'getChildren'; readonly path: string };

/** A failed call; `type` repeats the input's. */
export interface ZnodeFailure {
  readonly type: 'create' | 'delete' | 'setData' | 'getData' | 'getChildren';
  readonly ok: false;
  readonly error: ZnodeError;
}

export type ZnodeOutput =
  | { readonly type: 'create'; readonly ok: true; readonly path: string }
  | { readonly type: 'delete'; readonly ok: true }
  | { readonly type: 'setData'; readonly ok: true; readonly version: number }
  | { readonly type: 'getData'; readonly ok: true; readonly data: string; readonly version: number }
  | { readonly type: 'exists'; readonly version: number | null }
  | { readonly type: 'getChildren'; readonly ok: true; readonly children: readonly string[] }
  | ZnodeFailure;

export interface ZnodeRecord {
  readonly data: string;
  readonly version: number;
  /** Number of child creations and deletions so far (ZooKeeper's cversion). */
  readonly childVersion: number;
  readonly childCount: number;
}

/** The whole tree; `hash` is the sum of the nodes' hashes, so updates adjust it in O(1). */
export interface ZnodeState {
  readonly nodes: ReadonlyMap<string, ZnodeRecord>;
  readonly hash: number;
}

const ROOT: ZnodeRecord = { data: '', version: 0, childVersion: 0, childCount: 0 };

function nodeHash(path: string, node: ZnodeRecord): number {
  const contents = combineHashes(combineHashes(hashString(node.data), node.version), node.childVersion);
  return combineHashes(hashString(path), combineHashes(contents, node.childCount));
}

function isValidPath(path: string): boolean {
  return path === '/' || (path.startsWith('/') && !path.endsWith('/') && !path.includes('//'));
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** A copy of `state` with some nodes replaced (`undefined`: removed). */
function update(state: ZnodeState, changes: readonly (readonly [string, ZnodeRecord | undefined])[]): ZnodeState {
  const nodes = new Map(state.nodes);
  let hash = state.hash;
  for (const [path, node] of changes) {
    const old = nodes.get(path);
    if (old !== undefined) hash = (hash - nodeHash(path, old)) | 0;
    if (node === undefined) {
      nodes.delete(path);
    } else {
      nodes.set(path, node);
      hash = (hash + nodeHash(path, node)) | 0;
    }
  }
  return { nodes, hash };
}

function childrenOf(state: ZnodeState, path: string): string[] {
  const children: string[] = [];
  for (const candidate of state.nodes.keys()) {
    if (candidate !== '/' && parentOf(candidate) === path) children.push(candidate.slice(candidate.lastIndexOf('/') + 1));
  }
  return children.sort();
}

interface Outcome {
  readonly output: ZnodeOutput;
  readonly next: ZnodeState;
}

/** What ZooKeeper does with `input` in `state`. */
function apply(state: ZnodeState, input: ZnodeInput): Outcome {
  const fail = (error: ZnodeError): Outcome => ({
    output: { type: input.type as ZnodeFailure['type'], ok: false, error },
    next: state,
  });
  if (!isValidPath(input.path)) {
    return input.type === 'exists' ? { output: { type: 'exists', version: null }, next: state } : fail('bad-arguments');
  }
  const node = state.nodes.get(input.path);
  switch (input.type) {
    case 'create': {
      if (input.path === '/') return fail('node-exists');
      const parentPath = parentOf(input.path);
      const parent = state.nodes.get(parentPath);
      if (parent === undefined) return fail('no-parent');
      const path = input.sequential === true ? input.path + String(parent.childVersion).padStart(10, '0') : input.path;
      if (state.nodes.has(path)) return fail('node-exists');
      const next = update(state, [
        [parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount + 1 }],
        [path, { data: input.data, version: 0, childVersion: 0, childCount: 0 }],
      ]);
      return { output: { type: 'create', ok: true, path }, next };
    }
    case 'delete': {
      if (input.path === '/') return fail('bad-arguments');
      if (node === undefined) return fail('no-node');
      if (input.version !== -1 && input.version !== node.version) return fail('bad-version');
      if (node.childCount > 0) return fail('not-empty');
      const parentPath = parentOf(input.path);
      const parent = state.nodes.get(parentPath) as ZnodeRecord;
      const next = update(state, [
        [parentPath, { ...parent, childVersion: parent.childVersion + 1, childCount: parent.childCount - 1 }],
        [input.path, undefined],
      ]);
      return { output: { type: 'delete', ok: true }, next };
    }
    case 'setData': {
      if (node === undefined) return fail('no-node');
      if (input.version !== -1 && input.version !== node.version) return fail('bad-version');
      const version = node.version + 1;
      return {
        output: { type: 'setData', ok: true, version },
        next: update(state, [[input.path, { ...node, data: input.data, version }]]),
      };
    }
    case 'getData':
      if (node === undefined) return fail('no-node');
      return { output: { type: 'getData', ok: true, data: node.data, version: node.version }, next: state };
    case 'exists':
      return { output: { type: 'exists', version: node === undefined ? null : node.version }, next: state };
    case 'getChildren':
      if (node === undefined) return fail('no-node');
      return { output: { type: 'getChildren', ok: true, children: childrenOf(state, input.path) }, next: state };
  }
}

function sameOutput(actual: ZnodeOutput, observed: ZnodeOutput): boolean {
  if (actual.type !== observed.type) return false;
  if (actual.type === 'exists') return actual.version === (observed as { version: number | null }).version;
  const observedOk = (observed as { ok: boolean }).ok;
  if (!actual.ok || !observedOk) {
    return !actual.ok && !observedOk && actual.error === (observed as ZnodeFailure).error;
  }
  switch (actual.type) {
    case 'create':
      return actual.path === (observed as { path: string }).path;
    case 'delete':
      return true;
    case 'setData':
      return actual.version === (observed as { version: number }).version;
    case 'getData':
      return actual.data === (observed as { data: string }).data && actual.version === (observed as { version: number }).version;
    case 'getChildren': {
      const children = [...(observed as { children: readonly string[] }).children].sort();
      return children.length === actual.children.length && children.every((child, i) => child === actual.children[i]);
    }
  }
}

function nodesEqual(a: ZnodeState, b: ZnodeState): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.nodes.size !== b.nodes.size) return false;
  for (const [path, node] of a.nodes) {
    const other = b.nodes.get(path);
    if (
      other === undefined ||
      other.data !== node.data ||
      other.version !== node.version ||
      other.childVersion !== node.childVersion ||
      other.childCount !== node.childCount
    ) {
      return false;
    }
  }
  return true;
}

const NONE: readonly ZnodeState[] = [];
const READ_TYPES = new Set(['getData', 'exists', 'getChildren']);
const ERRORS: ReadonlySet<string> = new Set<ZnodeError>(['no-node', 'node-exists', 'no-parent', 'bad-version', 'not-empty', 'bad-arguments']);

function describeOutput(output: ZnodeOutput): string {
  if (output.type === 'exists') return output.version === null ? 'absent' : `version ${output.version}`;
  if (!output.ok) return output.error;
  switch (output.type) {
    case 'create':
      return show(output.path);
    case 'delete':
      return 'ok';
    case 'setData':
      return `version ${output.version}`;
    case 'getData':
      return `${show(output.data)} version ${output.version}`;
    case 'getChildren':
      return `[${output.children.map(show).join(', ')}]`;
  }
}

export const znodeModel: LinearizabilityModel<ZnodeState, ZnodeInput, ZnodeOutput> = {
  name: 'znode',
  description: 'ZooKeeper-style znode tree: create (sequential), delete, setData, getData, exists, getChildren with versions',
  init: () => ({ nodes: new Map([['/', ROOT]]), hash: nodeHash('/', ROOT) }),
  step(state, input, output) {
    const outcome = apply(state, input);
    return output === null || sameOutput(outcome.output, output) ? [outcome.next] : NONE;
  },
  isReadOnly(input, output) {
    if (READ_TYPES.has(input.type)) return true;
    return output !== null && output.type !== 'exists' && !output.ok;
  },
  equal: nodesEqual,
  hash: (state) => state.hash,
  describeOperation(input, output) {
    const result = output === null ? '?' : describeOutput(output);
    switch (input.type) {
      case 'create':
        return `create${input.sequential === true ? 'Sequential' : ''}(${show(input.path)}, ${show(input.data)}) → ${result}`;
      case 'delete':
        return `delete(${show(input.path)}, v${input.version}) → ${result}`;
      case 'setData':
        return `setData(${show(input.path)}, ${show(input.data)}, v${input.version}) → ${result}`;
      default:
        return `${input.type}(${show(input.path)}) → ${result}`;
    }
  },
  describeState(state) {
    const paths = [...state.nodes.keys()].sort();
    return paths
      .map((path) => {
        const node = state.nodes.get(path) as ZnodeRecord;
        return `${path}=${show(node.data)}@v${node.version}`;
      })
      .join(' ');
  },
  validateOperation(input, output) {
    const expected =
      'a znode operation: input {"type":"create","path","data","sequential"?} | {"type":"delete","path","version"} | ' +
      '{"type":"setData","path","data","version"} | {"type":"getData"|"exists"|"getChildren","path"} with output null, ' +
      '{"type",ok:false,"error"} or the success shape ({"ok":true,"path"} / {"ok":true} / {"ok":true,"version"} / ' +
      '{"ok":true,"data","version"} / {"version":n|null} / {"ok":true,"children":[...]})';
    if (!isRecord(input) || typeof input['path'] !== 'string') return expected;
    const type = input['type'];
    if (type === 'create' && (typeof input['data'] !== 'string' || (input['sequential'] !== undefined && typeof input['sequential'] !== 'boolean'))) {
      return expected;
    }
    if ((type === 'delete' || type === 'setData') && !Number.isInteger(input['version'])) return expected;
    if (type === 'setData' && typeof input['data'] !== 'string') return expected;
    if (typeof type !== 'string' || !['create', 'delete', 'setData', 'getData', 'exists', 'getChildren'].includes(type)) return expected;
    if (output === null) return null;
    if (!isRecord(output) || output['type'] !== type) return expected;
    if (type === 'exists') return output['version'] === null || Number.isInteger(output['version']) ? null : expected;
    if (output['ok'] === false) return typeof output['error'] === 'string' && ERRORS.has(output['error']) ? null : expected;
    if (output['ok'] !== true) return expected;
    switch (type) {
      case 'create':
        return typeof output['path'] === 'string' ? null : expected;
      case 'setData':
        return Number.isInteger(output['version']) ? null : expected;
      case 'getData':
        return typeof output['data'] === 'string' && Number.isInteger(output['version']) ? null : expected;
      case 'getChildren':
        return isStringArray(output['children']) ? null : expected;
      default:
        return null;
    }
  },
};
