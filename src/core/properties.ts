import type { PropertyDefinition } from './types.ts';

/**
 * The generic liveness property: once the network is healed and every node restarted, every
 * operation a client is still waiting for completes within the liveness phase's bounded rounds.
 */
export function allOperationsComplete<Config, State, Message, Operation, Output, Ghost>(
  describeOperation: (operation: Operation) => string,
): PropertyDefinition<Config, State, Message, Operation, Output, Ghost> {
  return {
    name: 'operations-complete',
    description: 'after healing and restarting every node, every pending client operation completes within the bounded liveness phase',
    when: 'end',
    check(view) {
      const stuck = view.history.filter((entry) => entry.completedAt === null);
      if (stuck.length === 0) return null;
      const listed = stuck
        .slice(0, 3)
        .map((entry) => `operation ${entry.operationId} (client ${entry.clientId}: ${describeOperation(entry.operation)})`)
        .join(', ');
      return `${stuck.length} operation(s) never completed after the cluster was healed: ${listed}`;
    },
  };
}
