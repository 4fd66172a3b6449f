/**
 * The text forms of ZAB's values: operations as scenario files write them (`create /a 1`,
 * `sync-read /a`, `controller-act 7`), outputs, messages and the state summary of transcripts.
 */
import { assertNever } from '../../core/assert.ts';
import { integerWord } from '../../core/text-integer.ts';
import { describeTree } from './datatree.ts';
import {
  epochAlreadyAccepted,
  formatZxid,
  sameZxid,
  type Message,
  type Operation,
  type Output,
  type Snapshot,
  type Txn,
  type ZabState,
} from './types.ts';

export function describeTxn(txn: Txn): string {
  const body = txn.body;
  const zxid = formatZxid(txn.zxid);
  switch (body.kind) {
    case 'closeSession':
      return `${zxid} closeSession(client ${body.clientId})`;
    case 'sync':
      return `${zxid} sync(client ${body.clientId})`;
    case 'client': {
      const operation = body.operation;
      switch (operation.type) {
        case 'create':
          return `${zxid} create ${operation.path}${operation.sequential ? '(seq)' : ''}=${operation.data}`;
        case 'delete':
          return `${zxid} delete ${operation.path}`;
        case 'setData':
          return `${zxid} set ${operation.path}=${operation.data}`;
        case 'elect':
          return `${zxid} elect(client ${body.clientId})`;
        case 'controllerElect':
          return `${zxid} controllerElect(client ${body.clientId})`;
        case 'controllerAct':
          return `${zxid} controllerAct(client ${body.clientId}, epoch ${operation.believedEpoch}) /state=${operation.value}`;
      }
    }
  }
  return zxid;
}

export function describeOperation(operation: Operation): string {
  switch (operation.type) {
    case 'create':
      return operation.sequential ? `create-seq ${operation.path} ${operation.data}` : `create ${operation.path} ${operation.data}`;
    case 'delete':
      return `delete ${operation.path} ${operation.version}`;
    case 'setData':
      return `set ${operation.path} ${operation.data} ${operation.version}`;
    case 'getData':
      return `get ${operation.path}${operation.watch ? ' watch' : ''}`;
    case 'exists':
      return `exists ${operation.path}${operation.watch ? ' watch' : ''}`;
    case 'getChildren':
      return `children ${operation.path}${operation.watch ? ' watch' : ''}`;
    case 'syncRead':
      return `sync-read ${operation.path}`;
    case 'elect':
      return 'elect';
    case 'controllerElect':
      return 'controller-elect';
    case 'controllerAct':
      return `controller-act ${operation.value}`;
    default:
      return assertNever(operation, 'operation');
  }
}

export function describeOutput(output: Output): string {
  const at = `@${formatZxid(output.zxid)} on ${output.servedBy}`;
  switch (output.type) {
    case 'create':
      return output.ok ? `created ${output.path} ${at}` : `${output.error} ${at}`;
    case 'delete':
      return output.ok ? `deleted ${at}` : `${output.error} ${at}`;
    case 'setData':
      return output.ok ? `version ${output.version} ${at}` : `${output.error} ${at}`;
    case 'getData':
      return output.ok ? `"${output.data}" v${output.version} ${at}` : `${output.error} ${at}`;
    case 'exists':
      return `${output.version === null ? 'absent' : `v${output.version}`} ${at}`;
    case 'getChildren':
      return output.ok ? `[${output.children.join(' ')}] ${at}` : `${output.error} ${at}`;
    case 'syncRead':
      return `${output.data === null ? 'absent' : `"${output.data}" v${output.version}`} ${at} (leader epoch ${output.leaderEpoch})`;
    case 'elect':
      return `${output.sequence} ${output.leader ? 'leads' : 'waits'} ${at}`;
    case 'controllerElect':
      return `${output.result} epoch ${output.epoch}${output.controller === null ? '' : ` controller ${output.controller}`} ${at}`;
    case 'controllerAct':
      return `${output.ok ? 'written' : 'fenced'} (epoch ${output.epoch}) ${at}`;
    default:
      return assertNever(output, 'output');
  }
}

function describeTxns(txns: readonly Txn[]): string {
  return `[${txns.map(describeTxn).join(', ')}]`;
}

export function describeMessage(message: Message): string {
  switch (message.type) {
    case 'notification':
      return `Notification(${message.state}, round ${message.round}, vote ${message.vote.leader} e${message.vote.epoch} ${formatZxid(message.vote.zxid)})`;
    case 'followerInfo':
      return `FollowerInfo(accepted epoch ${message.acceptedEpoch})`;
    case 'leaderInfo':
      return `LeaderInfo(epoch ${message.epoch})`;
    case 'ackEpoch':
      if (message.currentEpoch === epochAlreadyAccepted) return `AckEpoch(epoch already accepted: not counted, last ${formatZxid(message.lastZxid)})`;
      return `AckEpoch(current epoch ${message.currentEpoch}, last ${formatZxid(message.lastZxid)})`;
    case 'sync':
      if (message.mode === 'trunc')
        return `TRUNC(to ${formatZxid(message.truncateTo ?? { epoch: 0, counter: 0 })}) + DIFF ${describeTxns(message.entries)}`;
      if (message.mode === 'snap') {
        const snapshot = message.snapshot;
        const tree = snapshot?.nodes ? describeTree(snapshot.nodes) : '';
        return `SNAP(snapshot at ${snapshot ? formatZxid(snapshot.zxid) : '?'}${tree === '' ? '' : `: ${tree}`}) + ${describeTxns(message.entries)}`;
      }
      return `DIFF ${describeTxns(message.entries)}`;
    case 'newLeader':
      return `NewLeader(epoch ${message.epoch})`;
    case 'ackNewLeader':
      return `AckNewLeader(epoch ${message.epoch})`;
    case 'upToDate':
      return `UpToDate(commit ${formatZxid(message.committedZxid)})`;
    case 'propose':
      return `Propose(${describeTxn(message.txn)})`;
    case 'ack':
      return `Ack(${formatZxid(message.zxid)})`;
    case 'commit':
      return `Commit(${formatZxid(message.zxid)})`;
    case 'ping':
      return 'Ping';
    case 'pingAck':
      return `PingAck(${message.touched.length === 0 ? '' : `touched ${message.touched.join(',')}`})`;
    case 'request':
      return `Request(client ${message.clientId} #${message.operationId} ${message.operation.type})`;
    case 'syncRequest':
      return `SyncRequest(client ${message.clientId} #${message.operationId})`;
    case 'syncReply':
      return `SyncReply(client ${message.clientId} #${message.operationId}, ${formatZxid(message.zxid)})`;
    default:
      return assertNever(message, 'zab message');
  }
}

function describeSnapshots(snapshots: readonly Snapshot[], writing: boolean): string {
  if (snapshots.length === 0) return 'none';
  return snapshots
    .map((snapshot) => {
      const at = formatZxid(snapshot.zxid);
      if (snapshot.nodes === null) return `${at} ${writing ? 'being written' : 'invalid'}`;
      return sameZxid(snapshot.nodes.zxid, snapshot.zxid) ? at : `${at} (znodes to ${formatZxid(snapshot.nodes.zxid)})`;
    })
    .join(', ');
}

export function summarizeState(state: ZabState): Readonly<Record<string, string>> {
  const volatile = state.volatile;
  const role = volatile.role;
  let roleText: string;
  switch (role.kind) {
    case 'looking':
      roleText = `looking (round ${volatile.round}, votes ${role.vote.leader})`;
      break;
    case 'following':
      roleText = `following ${role.leader} (${role.phase}${role.epoch > 0 ? `, epoch ${role.epoch}` : ''})`;
      break;
    case 'leading':
      roleText = `leading (${role.phase}${role.epoch > 0 ? `, epoch ${role.epoch}` : ''})`;
      break;
    default:
      roleText = assertNever(role, 'role');
  }
  const log = volatile.log.map((txn, index) => `${formatZxid(txn.zxid)}${index < volatile.committedCount ? '' : '?'}`).join(' ');
  const durable = state.durable;
  return {
    role: roleText,
    // A leader commits on its followers' acknowledgements: an ACK that raises one is a step a story can turn on.
    ...(role.kind === 'leading' ? { acked: role.acked.map((zxid, node) => `${node} at ${formatZxid(zxid)}`).join(', ') } : {}),
    epochs: `accepted ${durable.acceptedEpoch}, current ${durable.currentEpoch}`,
    log: `[${log}]`,
    disk:
      volatile.pendingLogWrites.length > 0
        ? `${volatile.log.length - volatile.pendingLogWrites.length} of ${volatile.log.length} on disk`
        : 'flushed',
    snapshots: describeSnapshots(durable.snapshots, volatile.snapshotting.writer !== null),
    commit: formatZxid(volatile.committedZxid),
    tree: describeTree(volatile.tree),
  };
}

const pathPattern = /^\/[A-Za-z0-9_/-]*$/;

export function parseOperation(text: string): Operation | { error: string } {
  const words = text.trim().split(/\s+/);
  const [verb, path = '', ...rest] = words;
  const watch = rest.length === 1 && rest[0] === 'watch';
  const validPath = pathPattern.test(path);
  switch (verb) {
    case 'create':
    case 'create-seq':
      if (validPath && rest.length === 1 && rest[0] !== undefined) return { type: 'create', path, data: rest[0], sequential: verb === 'create-seq' };
      break;
    case 'delete': {
      const version = integerWord(rest[0], 'any');
      if (validPath && rest.length === 1 && version !== null) return { type: 'delete', path, version };
      break;
    }
    case 'set': {
      const version = integerWord(rest[1], 'any');
      if (validPath && rest.length === 2 && rest[0] !== undefined && version !== null) return { type: 'setData', path, data: rest[0], version };
      break;
    }
    case 'get':
    case 'exists':
    case 'children':
      if (validPath && (rest.length === 0 || watch)) {
        return { type: verb === 'get' ? 'getData' : verb === 'exists' ? 'exists' : 'getChildren', path, watch };
      }
      break;
    case 'sync-read':
      if (validPath && rest.length === 0) return { type: 'syncRead', path };
      break;
    case 'elect':
      if (words.length === 1) return { type: 'elect' };
      break;
    case 'controller-elect':
      if (words.length === 1) return { type: 'controllerElect' };
      break;
    case 'controller-act':
      if (words.length === 2) return { type: 'controllerAct', value: path };
      break;
    default:
      break;
  }
  return {
    error: `expected one of "create PATH DATA", "create-seq PATH DATA", "delete PATH VERSION", "set PATH DATA VERSION", "get|exists|children PATH [watch]", "sync-read PATH", "elect", "controller-elect", "controller-act VALUE"; found "${text.trim()}"`,
  };
}
