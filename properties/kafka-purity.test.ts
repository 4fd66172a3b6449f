/**
 * Architecture rule 1 for Kafka: a step returns a new state and never writes into its input. Every
 * state and input a Kafka step, crash or restart receives is deep-frozen first, so a write into it
 * throws (ES modules are strict), and the simulator reports the exception as a finding. A write
 * into the input is otherwise invisible to every property: the simulator has already moved on from
 * the state it handed over (a broker tick whose `logs.slice()` is left out writes the checkpoint
 * into the previous world's log array, and no hunt saw it).
 */
import { describe, expect, it } from 'vitest';
import { findProtocol } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

/** Freezes `value` and everything it reaches; what is frozen already (shared with an earlier state) is not walked again. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

const kafka = findProtocol('kafka');

describe('kafka steps never write into their input', () => {
  it('a frozen-input copy of the correct model survives short hunts of the generated setups of every control plane', () => {
    if (!kafka) throw new Error('no kafka protocol');
    const frozen = {
      ...kafka,
      step: (context: never, state: never, input: never) => kafka.step(context, deepFreeze(state), deepFreeze(input)),
      crash: (context: never, state: never, options: never) => kafka.crash(context, deepFreeze(state), options),
      restart: (context: never, durable: never, seed: number) => kafka.restart(context, deepFreeze(durable), seed),
    } as typeof kafka;
    const found: string[] = [];
    // The generated setups of the three control planes (the replays add no path these do not take).
    const labels = ['default settings', 'KRaft, 4 brokers, 2 partitions', 'KRaft, combined mode', 'ZooKeeper'];
    const setups = (mutationSetups.kafka ?? []).filter((candidate) => labels.includes(candidate.label));
    expect(setups.map((setup) => setup.label)).toEqual(labels);
    for (const setup of setups) {
      // 6 runs each (about 2 s): a broker tick that wrote into its input's log array broke all four at once.
      const violation = huntSetup(frozen, setup, 6, 5);
      if (violation) found.push(`${setup.label}: ${violation.property}: ${violation.message}`);
    }
    expect(found).toEqual([]);
  });
});
