/**
 * fast-check arbitraries for schedules. Events carry small integers that the simulator takes
 * modulo what exists, so every shrink of a schedule is still a valid schedule.
 */
import fc from 'fast-check';
import type { EventKind, Schedule, ScheduleEvent } from '../core/events.ts';
import { eventKinds } from '../core/events.ts';
import { buildOperation } from '../core/simulator.ts';
import type { AnyProtocol, EventWeights, ScheduleProfile } from '../core/types.ts';

/** Message indexes beyond this are rare in practice; smaller ones shrink toward "the oldest". */
const messageIndexMax = 15;

/** One arbitrary per event kind (the profile decides how often each is drawn). */
function arbitrariesByKind(protocol: AnyProtocol, config: unknown, profile: ScheduleProfile): Record<EventKind, fc.Arbitrary<ScheduleEvent>> {
  const nodeCount = protocol.nodeCount(config);
  const clientCount = Math.max(1, protocol.clientCount(config));
  const workload = protocol.workload;
  const node = fc.nat(nodeCount - 1);
  const message = fc.nat(messageIndexMax);
  const powerLossPercent = Math.round(profile.powerLossFraction * 100);
  const operation = fc
    .tuple(
      fc.nat(Math.max(0, workload.kindCount - 1)),
      fc.array(fc.nat(workload.parameterMax), {
        minLength: workload.parameterCount,
        maxLength: workload.parameterCount,
      }),
    )
    // A throw of the workload's build is the model's exception at this client event, not the hunt's crash.
    .map(([kind, parameters]) => buildOperation(protocol, config, kind, parameters));
  return {
    deliver: message.map((index) => ({ kind: 'deliver', message: index })),
    drop: message.map((index) => ({ kind: 'drop', message: index })),
    duplicate: message.map((index) => ({ kind: 'duplicate', message: index })),
    tick: node.map((index) => ({ kind: 'tick', node: index })),
    // Shrinks toward a plain process crash: power loss only above the threshold.
    crash: fc.tuple(node, fc.nat(99)).map(([index, roll]) => ({ kind: 'crash', node: index, loseUnflushed: roll >= 100 - powerLossPercent })),
    restart: node.map((index) => ({ kind: 'restart', node: index })),
    partition: fc
      .array(fc.nat(Math.min(2, nodeCount - 1)), { minLength: nodeCount, maxLength: nodeCount })
      .map((groups) => ({ kind: 'partition', groups })),
    heal: fc.constant({ kind: 'heal' }),
    client: fc
      .tuple(node, fc.nat(clientCount - 1), operation)
      .map(([index, client, built]) => ({ kind: 'client', node: index, client, operation: built })),
  };
}

export function eventArbitrary(protocol: AnyProtocol, config: unknown, profile: ScheduleProfile): fc.Arbitrary<ScheduleEvent> {
  const byKind = arbitrariesByKind(protocol, config, profile);
  const weighted = eventKinds.filter((kind) => profile.weights[kind] > 0).map((kind) => ({ weight: profile.weights[kind], arbitrary: byKind[kind] }));
  if (weighted.length === 0) return fc.constant({ kind: 'heal' });
  return fc.oneof(...weighted);
}

/**
 * Swarm testing (Groce et al., 2012): each run leaves out a random subset of event kinds, so some
 * runs are all crashes and no partitions, others all duplicates. The mask shrinks toward "every
 * kind kept", so a shrunk counterexample does not depend on the swarm draw.
 */
function swarmMask(): fc.Arbitrary<readonly boolean[]> {
  return fc.array(fc.boolean(), { minLength: eventKinds.length, maxLength: eventKinds.length });
}

export function scheduleArbitrary(protocol: AnyProtocol, config: unknown, profile: ScheduleProfile): fc.Arbitrary<Schedule> {
  const events = fc.array(eventArbitrary(protocol, config, profile), { maxLength: profile.eventsMax, size: 'max' });
  const randomSeed = fc.nat(1000);
  if (!profile.swarm) return fc.record({ randomSeed, events });
  return fc.tuple(randomSeed, swarmMask(), events).map(([seed, leftOut, all]) => ({
    randomSeed: seed,
    events: all.filter((event) => {
      const index = eventKinds.indexOf(event.kind);
      // Client operations and deliveries are never left out: without them nothing happens. Ticks
      // may be: a run without time passing is exactly how an unflushed write stays unflushed.
      return event.kind === 'client' || event.kind === 'deliver' || !leftOut[index];
    }),
  }));
}

/** The kinds `faultArbitrary` draws: the ones that take something away (recoveries stay in the extension). */
const disruptionKinds: readonly EventKind[] = ['crash', 'partition', 'drop', 'duplicate'];

/**
 * One disruption (a crash, partition, drop or duplicate, by the profile's weights among them), for
 * the guided search to place right where a kept prefix ends (`GuidedLimits.faultFirstPercent`).
 * Half its partitions cut one node off from all the others (Jepsen's "isolate a node"), which a
 * uniform draw of sides makes for a given node 6 times in 27 on three nodes: a deposed leader
 * or a lone replica is what most stories need. None of the four weighed: a heal, a no-op on a
 * healed network.
 */
export function faultArbitrary(protocol: AnyProtocol, config: unknown, profile: ScheduleProfile): fc.Arbitrary<ScheduleEvent> {
  const byKind = arbitrariesByKind(protocol, config, profile);
  const nodeCount = protocol.nodeCount(config);
  const isolateOne = fc
    .nat(nodeCount - 1)
    .map((isolated): ScheduleEvent => ({ kind: 'partition', groups: Array.from({ length: nodeCount }, (_, node) => (node === isolated ? 1 : 0)) }));
  const arbitraryOf = (kind: EventKind): fc.Arbitrary<ScheduleEvent> =>
    kind === 'partition' ? fc.oneof(isolateOne, byKind.partition) : byKind[kind];
  const weighted = disruptionKinds
    .filter((kind) => profile.weights[kind] > 0)
    .map((kind) => ({ weight: profile.weights[kind], arbitrary: arbitraryOf(kind) }));
  if (weighted.length === 0) return fc.constant({ kind: 'heal' });
  return fc.oneof(...weighted);
}

export function withWeights(profile: ScheduleProfile, weights: Partial<EventWeights>): ScheduleProfile {
  return { ...profile, weights: { ...profile.weights, ...weights } };
}
