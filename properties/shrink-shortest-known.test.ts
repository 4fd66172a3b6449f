/**
 * The shortest counterexamples known (bench/shortest-known.json, written by
 * bench/shortest-known.ts), which the minimizer's shrunk lengths are measured against, stay true
 * as the models change: each still breaks its variant's property, and none has an event to spare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ShortestKnownFile, redundantEvents, shortestKnownPath } from '../bench/shortest-known-data.ts';
import { Simulator } from '../src/core/simulator.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';

const known = JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile;
const entries = Object.entries(known.variants);

describe('the shortest counterexamples known', () => {
  it('name every bug variant of every protocol, except those no search has caught', () => {
    const variants = protocols.flatMap((protocol) =>
      protocol.variants.filter((variant) => variant.expectedViolation !== undefined).map((variant) => `${protocol.name}/${variant.name}`),
    );
    expect(entries.map(([key]) => key).filter((key) => !variants.includes(key))).toEqual([]);
    // Every variant has one now; a new variant needs `npx tsx bench/shortest-known.ts --variant V`.
    expect(variants.filter((key) => known.variants[key] === undefined)).toEqual([]);
  });

  it.each(entries)("%s still breaks the variant's property, and removing any single event no longer does", (key, entry) => {
    const protocol = protocols.find((candidate) => candidate.name === entry.protocol);
    if (!protocol) throw new Error(`${key}: no protocol ${entry.protocol}`);
    const variant = protocol.variants.find((candidate) => candidate.name === entry.variant);
    expect(variant?.expectedViolation, `${key}: the variant's property`).toBe(entry.property);
    expect(entry.events).toBe(entry.schedule.events.length);
    const setup = setupOrThrow(protocol, entry.variant, entry.settings);
    const simulator = new Simulator(setup);
    const violation = simulator.run(entry.schedule).violation;
    expect(violation?.property, counterexampleReport(setup, entry.schedule, `${key} (${entry.source})`)).toBe(entry.property);
    expect(redundantEvents(simulator, entry.schedule, entry.property), `${key}: events that can go`).toEqual([]);
  });
});
