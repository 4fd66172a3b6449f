/**
 * The bundled models, keyed by the name the command line uses (`--model <name>`). A model is a
 * plain object (see `LinearizabilityModel`); to offer a new one on the command line, add it here.
 */

import type { AnyLinearizabilityModel } from '../types.ts';
import { appendLogModel } from './append-log.ts';
import { etcdRegisterModel } from './etcd-register.ts';
import { kvCasModel } from './kv-cas.ts';
import { kvModel } from './kv.ts';
import { znodeModel } from './znode.ts';

export const linearizabilityModels: Readonly<Record<string, AnyLinearizabilityModel>> = {
  [etcdRegisterModel.name]: etcdRegisterModel,
  [kvModel.name]: kvModel,
  [kvCasModel.name]: kvCasModel,
  [appendLogModel.name]: appendLogModel,
  [znodeModel.name]: znodeModel,
};

/** The model registered under `name`, or undefined. */
export function findLinearizabilityModel(name: string): AnyLinearizabilityModel | undefined {
  return Object.hasOwn(linearizabilityModels, name) ? linearizabilityModels[name] : undefined;
}
