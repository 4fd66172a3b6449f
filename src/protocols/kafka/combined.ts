/**
 * KRaft combined mode (`process.roles=broker,controller`): one node runs a broker and a member of
 * the metadata quorum. They share the node's fate (a crash or power loss takes both down; a
 * restart brings both back) and nothing else: the broker talks to its own controller through the
 * network like to any other, as Kafka's broker does through its controller listener.
 */
import type { NodeAction, NodeInput, NodeState, StepResult } from '../../core/types.ts';
import { crashBroker, initBroker, restartBroker, stepBroker, type BrokerDurable, type BrokerState, type BrokerVolatile } from './broker.ts';
import type { KafkaNodeContext } from './config.ts';
import {
  crashKraftController,
  initKraftController,
  restartKraftController,
  stepKraftController,
  type KraftControllerState,
  type KraftDurable,
  type KraftVolatile,
} from './kraft.ts';
import type { Message, Operation, Output } from './messages.ts';

export interface CombinedDurable {
  readonly kind: 'combined';
  readonly broker: BrokerDurable;
  readonly controller: KraftDurable;
}

export interface CombinedVolatile {
  readonly broker: BrokerVolatile;
  readonly controller: KraftVolatile;
}

export type CombinedState = NodeState<CombinedDurable, CombinedVolatile>;

type Result = StepResult<CombinedState, Message, Output>;

export function brokerPart(state: CombinedState): BrokerState {
  return { durable: state.durable.broker, volatile: state.volatile.broker };
}

export function controllerPart(state: CombinedState): KraftControllerState {
  return { durable: state.durable.controller, volatile: state.volatile.controller };
}

function combine(broker: BrokerState, controller: KraftControllerState): CombinedState {
  return {
    durable: { kind: 'combined', broker: broker.durable, controller: controller.durable },
    volatile: { broker: broker.volatile, controller: controller.volatile },
  };
}

export function initCombined(context: KafkaNodeContext, randomSeed: number): CombinedState {
  return combine(initBroker(context), initKraftController(context, randomSeed));
}

export function crashCombined(context: KafkaNodeContext, state: CombinedState, loseUnflushed: boolean): CombinedDurable {
  return {
    kind: 'combined',
    broker: crashBroker(brokerPart(state), loseUnflushed),
    controller: crashKraftController(context, controllerPart(state), loseUnflushed),
  };
}

export function restartCombined(context: KafkaNodeContext, durable: CombinedDurable, randomSeed: number): CombinedState {
  return combine(restartBroker(context, durable.broker), restartKraftController(context, durable.controller, randomSeed));
}

/** Whether a message is for the node's controller (the quorum's and the brokers' requests to it) rather than its broker. */
function forController(message: Message): boolean {
  switch (message.type) {
    case 'raft':
    case 'heartbeat':
    case 'alter-partition':
    case 'metadata-fetch':
      return true;
    default:
      return false;
  }
}

export function stepCombined(context: KafkaNodeContext, state: CombinedState, input: NodeInput<Message, Operation>): Result {
  const broker = brokerPart(state);
  const controller = controllerPart(state);
  if (input.kind === 'tick') {
    const brokerStep = stepBroker(context, broker, input);
    const controllerStep = stepKraftController(context, controller, input);
    const actions: NodeAction<Message, Output>[] = [...brokerStep.actions, ...controllerStep.actions];
    return { state: combine(brokerStep.state, controllerStep.state), actions };
  }
  if (input.kind === 'receive' && forController(input.message)) {
    const stepped = stepKraftController(context, controller, input);
    return { state: stepped.state === controller ? state : combine(broker, stepped.state), actions: stepped.actions };
  }
  const stepped = stepBroker(context, broker, input);
  return { state: stepped.state === broker ? state : combine(stepped.state, controller), actions: stepped.actions };
}
