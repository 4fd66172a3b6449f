/**
 * The shortest counterexamples known (bench/shortest-known.json, written by
 * bench/shortest-known.ts), which the minimizer's shrunk lengths are measured against, stay true
 * as the models change: each still breaks its variant's property (or, under `otherProperties`,
 * the other property a hunt of the variant reports, which the correct model does not break with
 * it), and none has an event to spare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ShortestKnownFile, otherPropertyKey, redundantEvents, shortestKnownPath } from '../bench/shortest-known-data.ts';
import { Simulator } from '../src/core/simulator.ts';
import { counterexampleReport, setupOrThrow } from '../src/hunt/testing.ts';
import { protocols } from '../src/protocols/registry.ts';

const known = JSON.parse(readFileSync(shortestKnownPath, 'utf8')) as ShortestKnownFile;
const entries = Object.entries(known.variants);
const others = Object.entries(known.otherProperties ?? {});

describe('the shortest counterexamples known', () => {
  it('name every bug variant of every protocol, except those no search has caught', () => {
    const variants = protocols.flatMap((protocol) =>
      protocol.variants.filter((variant) => variant.expectedViolation !== undefined).map((variant) => `${protocol.name}/${variant.name}`),
    );
    expect(entries.map(([key]) => key).filter((key) => !variants.includes(key))).toEqual([]);
    // Every variant has one now; a new variant needs `npx tsx bench/shortest-known.ts --variant V`.
    expect(variants.filter((key) => known.variants[key] === undefined)).toEqual([]);
    // Every entry has every field its type requires: primary-backup/epoch-reuse, added by hand, had no exploredWithoutFinding.
    const incomplete = [...entries, ...others].filter(
      ([, entry]) => !Number.isSafeInteger(entry.exploredWithoutFinding) || entry.exploredWithoutFinding < 0,
    );
    expect(incomplete.map(([key]) => key)).toEqual([]);
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

  it.each(others)(
    "%s: another property than the variant's, which the variant breaks and the correct model does not, and no single event can go",
    (key, entry) => {
      const protocol = protocols.find((candidate) => candidate.name === entry.protocol);
      if (!protocol) throw new Error(`${key}: no protocol ${entry.protocol}`);
      const variant = protocol.variants.find((candidate) => candidate.name === entry.variant);
      expect(key).toBe(otherPropertyKey(`${entry.protocol}/${entry.variant}`, entry.property));
      expect(variant?.expectedViolation, `${key}: not the variant's own property`).not.toBe(entry.property);
      expect(entry.events).toBe(entry.schedule.events.length);
      const setup = setupOrThrow(protocol, entry.variant, entry.settings);
      const simulator = new Simulator(setup);
      expect(simulator.run(entry.schedule).violation?.property, counterexampleReport(setup, entry.schedule, `${key} (${entry.source})`)).toBe(
        entry.property,
      );
      expect(
        new Simulator(setupOrThrow(protocol, 'correct', entry.settings)).run(entry.schedule).violation?.property,
        `${key} on the correct model`,
      ).not.toBe(entry.property);
      expect(redundantEvents(simulator, entry.schedule, entry.property), `${key}: events that can go`).toEqual([]);
    },
  );
});
