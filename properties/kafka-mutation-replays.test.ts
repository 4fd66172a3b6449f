/**
 * The replay setup of Kafka's mutation hunts (properties/mutation/hunts.ts, docs/mutation.md): the
 * saved counterexamples the correct model promises to survive hold on it (a false alarm would kill
 * every mutant), and those it does not promise to survive (unpromised settings, known limitations)
 * are the ones left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySchedule } from '../src/hunt/hunt.ts';
import { findProtocol } from '../src/protocols/registry.ts';
import { huntSetup, mutationSetups } from './mutation/hunts.ts';

const kafka = findProtocol('kafka');
const folder = resolve(import.meta.dirname, '../counterexamples/kafka');

describe('kafka mutation replays', () => {
  it('every saved counterexample replayed by the mutation hunts holds on the correct model, on every control plane', () => {
    const setup = mutationSetups.kafka?.find((candidate) => candidate.replays !== undefined);
    if (!kafka || !setup) throw new Error('no kafka replay setup');
    expect(huntSetup(kafka, setup, 1, 1)).toBeNull();
  });

  it('the idempotent-retry story breaks a leader that answers a retry found in its log with nothing', () => {
    // As the mutants of leaderServesClient's `answer` would: an ok produce answer given while serving a client
    // request (not while a fetch moves the high watermark past a waiting producer) is dropped.
    if (!kafka) throw new Error('no kafka protocol');
    const file = resolve(import.meta.dirname, 'mutation/kafka-stories/idempotent-retry-after-leader-crash.json');
    const artifact = JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown>; schedule: never };
    const silent = {
      ...kafka,
      step(context: never, state: never, input: { kind: string; message?: { type: string } }) {
        const result = kafka.step(context, state, input as never);
        const serving = input.kind === 'client' || input.message?.type === 'client-request';
        if (!serving) return result;
        const actions = result.actions.filter(
          (action) => action.kind !== 'reply' || action.reply.outcome !== 'ok' || action.reply.output.type !== 'produce',
        );
        return { ...result, actions };
      },
    } as typeof kafka;
    expect(replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation).toBeNull();
    expect(replaySchedule({ protocol: silent, variant: 'correct', config: artifact.config }, artifact.schedule).violation?.property).toBe(
      'operations-complete',
    );
  });

  it('the counterexamples left out are exactly those the correct model breaks as saved', () => {
    if (!kafka) throw new Error('no kafka protocol');
    const breaking: string[] = [];
    const planes = new Set<string>();
    for (const file of readdirSync(folder).filter((name) => /^[a-z0-9-]+\.json$/.test(name))) {
      const artifact = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { config: { controlPlane: string }; schedule: never };
      planes.add(artifact.config.controlPlane);
      if (replaySchedule({ protocol: kafka, variant: 'correct', config: artifact.config }, artifact.schedule).violation) breaking.push(file);
    }
    expect(planes).toEqual(new Set(['abstract', 'kraft', 'zookeeper']));
    // acks=1, min.insync.replicas=1, unclean election, and the power loss of the last ISR member.
    expect(breaking.sort()).toEqual(['acks-1.json', 'last-replica-standing.json', 'min-isr-1.json', 'unclean-election.json']);
  });
});
