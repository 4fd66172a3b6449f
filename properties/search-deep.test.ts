/**
 * The deep stories the default (mixed) hunt reaches through its guided chunks. Each case replays
 * the one chunk of a default hunt that found the story (in `npm run bench -- --only deep`, two
 * workers, 60 s, or in the per-chunk measurements of docs/hunting.md), so it takes seconds; the
 * hunts themselves are measured by the bench, not here.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/core/simulator.ts';
import { guidedChunk } from '../src/hunt/guided.ts';
import { chunkLayout, chunkSeed, huntChunk, newCounters, strategyOf } from '../src/hunt/hunt.ts';
import { setupFor } from '../src/hunt/swarm.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { kafka } from '../src/protocols/kafka/index.ts';
import { zab } from '../src/protocols/zab/index.ts';

describe('deep stories through the mixed default', () => {
  it('Kafka isr-expand-before-hw (KAFKA-7128): chunk 8 of hunt seed 1003, a guided chunk, finds it; the correct model survives', () => {
    // The first hunt that ever found it (600,000 guided and 200,000 random runs had not): a follower
    // joins the ISR at a new leader's lagging high watermark and is elected without a committed record.
    const setup = setupOrThrow(kafka, 'isr-expand-before-hw');
    expect(strategyOf(setup.profile)).toBe('mixed');
    expect(chunkLayout(setup).strategyAt(8)).toBe('guided');
    const outcome = guidedChunk(setup, chunkSeed(1003, 8), 8000, () => 0, newCounters(setup));
    if (!('violation' in outcome)) throw new Error('chunk 8 of hunt seed 1003 found nothing in 8,000 guided runs');
    // The committed record changes under the follower elected without it: committed-data-stable
    // sees it at that step, before no-acked-write-lost would at the end of the run.
    expect(outcome.violation.property, counterexampleReport(setup, outcome.schedule)).toBe('committed-data-stable');
    expect(outcome.runsInChunk).toBe(5944);
    expect(new Simulator(setup).run(outcome.schedule).violation?.property).toBe('committed-data-stable');
    expect(new Simulator(setupOrThrow(kafka, 'correct')).run(outcome.schedule).violation).toBeNull();
  });

  it('ZAB ack-before-newleader: chunk 1 of hunt seed 1000 with the setting swarm, as `faultline hunt` runs it, finds it; the correct model survives', () => {
    // As the CLI resolves it (settings drawn per guided chunk): the chunk's draw is part of the
    // finding's schedule, and the replay runs on the config it makes.
    const setup = setupOrThrow(zab, 'ack-before-newleader', {}, {}, { settingSwarm: true });
    expect(chunkLayout(setup).strategyAt(1)).toBe('guided');
    const outcome = huntChunk(setup, chunkSeed(1000, 1), 4000, () => 0, newCounters(setup), [], { strategy: 'guided' });
    if (!('violation' in outcome)) throw new Error('chunk 1 of hunt seed 1000 found nothing in 4,000 guided runs');
    expect(outcome.violation.property, counterexampleReport(setupFor(setup, outcome.schedule), outcome.schedule)).toBe('primary-integrity');
    expect(outcome.runsInChunk).toBe(2753);
    expect(new Simulator(setupFor(setup, outcome.schedule)).run(outcome.schedule).violation?.property).toBe('primary-integrity');
    const correct = setupOrThrow(zab, 'correct', {}, {}, { settingSwarm: true });
    expect(new Simulator(setupFor(correct, outcome.schedule)).run(outcome.schedule).violation).toBeNull();
  });
});
