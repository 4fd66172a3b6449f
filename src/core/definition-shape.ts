/**
 * The shape of a protocol definition, checked once where `defineProtocol` runs. The type checker
 * already says all of this to a protocol in the tree, but a module loaded with `--protocol-module`
 * goes through tsx, which only strips types: without this check a missing member crashed later
 * with a TypeError, and a misspelt `when` was never checked, so a hunt reported "no violation".
 */
import { faultlineCommand } from './command-name.ts';
import { exceptionProperty, propertyCategories, propertyWhens } from './types.ts';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message quotes what it got: a string in quotes, otherwise its kind. */
function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isCount(value: unknown, minimum: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum;
}

/** Why `part[key]` is not a function, or null (absent is fine when `optional`). */
function functionProblem(part: Readonly<Record<string, unknown>>, key: string, where: string, optional = false): string | null {
  const value = part[key];
  if (optional && value === undefined) return null;
  return typeof value === 'function' ? null : `${where}.${key} must be a function, got ${got(value)}`;
}

function modelProblem(model: unknown): string | null {
  if (!isRecord(model)) return `model must be an object with init, step and restart functions (the pure functions of one node), got ${got(model)}`;
  return (
    functionProblem(model, 'init', 'model') ??
    functionProblem(model, 'step', 'model') ??
    functionProblem(model, 'restart', 'model') ??
    functionProblem(model, 'crash', 'model', true)
  );
}

function propertiesProblem(properties: unknown, hasLivenessPlan: boolean): string | null {
  if (!isRecord(properties) || Object.keys(properties).length === 0) {
    return `properties must be an object with at least one property, keyed by name ({ when, description, check(view) }), got ${isRecord(properties) ? 'none' : got(properties)}`;
  }
  for (const [name, spec] of Object.entries(properties)) {
    const where = `property "${name}"`;
    if (!isRecord(spec)) return `${where} must be an object { when, description, check(view) }, got ${got(spec)}`;
    if (!(propertyWhens as readonly unknown[]).includes(spec.when)) {
      return `${where} has when ${got(spec.when)}; expected one of ${propertyWhens.join(', ')}`;
    }
    if (spec.category !== undefined && !(propertyCategories as readonly unknown[]).includes(spec.category)) {
      return `${where} has category ${got(spec.category)}; expected ${propertyCategories.join(' or ')} (or none: safety)`;
    }
    if (typeof spec.description !== 'string')
      return `${where}.description must be a string (the sentence ${faultlineCommand} list shows), got ${got(spec.description)}`;
    const check = functionProblem(spec, 'check', where);
    if (check !== null) return check;
    if (spec.when === 'degraded-end' && !hasLivenessPlan) {
      // The degraded phase is declared only by hunt.liveness(config).degraded: without a plan it never runs.
      return `${where} is checked at degraded-end, but the protocol has no hunt.liveness, so no degraded phase ever runs and it would never be checked; declare hunt.liveness(config) with a degraded plan, or check it at end`;
    }
  }
  return null;
}

function variantsProblem(variants: unknown, properties: Readonly<Record<string, unknown>>): string | null {
  if (!isRecord(variants)) return `variants must be an object keyed by variant name, with at least correct, got ${got(variants)}`;
  if (!Object.hasOwn(variants, 'correct')) {
    return `variants has no correct (the correct protocol, which every hunt checks); variants: ${Object.keys(variants).join(', ') || 'none'}`;
  }
  for (const [name, spec] of Object.entries(variants)) {
    const where = `variant "${name}"`;
    if (!isRecord(spec)) return `${where} must be an object { description, breaks?, rules?, settings?, schedule? }, got ${got(spec)}`;
    if (typeof spec.description !== 'string') return `${where}.description must be a string, got ${got(spec.description)}`;
    if (spec.breaks !== undefined && spec.breaks !== exceptionProperty && !Object.hasOwn(properties, spec.breaks as string)) {
      return `${where} breaks ${got(spec.breaks)}, which is not one of its properties (${[...Object.keys(properties), exceptionProperty].join(', ')})`;
    }
  }
  return null;
}

function settingsProblem(settings: unknown): string | null {
  if (!isRecord(settings))
    return `settings must be an object { defaults, meaning } (the config and a { meaning } per --set key), got ${got(settings)}`;
  const { defaults, meaning } = settings;
  if (!isRecord(defaults)) return `settings.defaults must be the default config (an object of numbers, booleans and strings), got ${got(defaults)}`;
  if (!isRecord(meaning)) {
    return `settings.meaning must be an object with a { meaning: 'one sentence', choices? } per --set key (${Object.keys(defaults).join(', ')}), got ${got(meaning)}`;
  }
  for (const key of Object.keys(defaults)) {
    const about = meaning[key];
    if (!isRecord(about) || typeof about.meaning !== 'string') {
      return `settings.meaning.${key} must be { meaning: 'one sentence', choices? }, got ${got(about)}`;
    }
    if (about.choices !== undefined && !(Array.isArray(about.choices) && about.choices.every((choice) => typeof choice === 'string'))) {
      return `settings.meaning.${key}.choices must be an array of strings, got ${got(about.choices)}`;
    }
  }
  const extra = Object.keys(meaning).find((key) => !Object.hasOwn(defaults, key));
  if (extra !== undefined) return `settings.meaning names "${extra}", which settings.defaults does not have (${Object.keys(defaults).join(', ')})`;
  return functionProblem(settings, 'validate', 'settings', true) ?? functionProblem(settings, 'normalize', 'settings', true);
}

function workloadProblem(workload: unknown): string | null {
  if (!isRecord(workload)) {
    return `workload must be an object { kindCount, parameterCount, parameterMax, build(config, kind, parameters) } (the client operations a hunt generates), got ${got(workload)}`;
  }
  if (!isCount(workload.kindCount, 1))
    return `workload.kindCount must be an integer of at least 1 (how many kinds of operation), got ${got(workload.kindCount)}`;
  if (!isCount(workload.parameterCount, 0)) return `workload.parameterCount must be an integer of at least 0, got ${got(workload.parameterCount)}`;
  if (!isCount(workload.parameterMax, 0)) return `workload.parameterMax must be an integer of at least 0, got ${got(workload.parameterMax)}`;
  return functionProblem(workload, 'build', 'workload') ?? functionProblem(workload, 'validate', 'workload', true);
}

/** Why an optional part (`ghost`, `hunt`, `presentation`) is not an object whose `functions` are functions, or null. */
function optionalPartProblem(part: unknown, name: string, functions: readonly string[], optionalFunctions: readonly string[] = []): string | null {
  if (part === undefined) return null;
  if (!isRecord(part)) return `${name} must be an object, got ${got(part)}`;
  for (const key of functions) {
    const problem = functionProblem(part, key, name);
    if (problem !== null) return problem;
  }
  for (const key of optionalFunctions) {
    const problem = functionProblem(part, key, name, true);
    if (problem !== null) return problem;
  }
  return null;
}

const huntFunctions = [
  'nodeCount',
  'clientCount',
  'fifoLinks',
  'profile',
  'liveness',
  'livenessTunedFor',
  'settled',
  'historyStepsCompared',
  'fingerprint',
];
const presentationFunctions = ['describeMessage', 'describeOutput', 'summarizeState', 'describeOperation', 'parseOperation'];

/**
 * What is wrong with a protocol definition's shape (a missing or mistyped member, a property
 * that would never be checked), as a sentence naming the member and what was expected; null when
 * the shape is right. What the members do is `ProtocolDefinition`'s to say.
 */
export function definitionProblem(definition: unknown): string | null {
  if (!isRecord(definition)) return `a protocol definition must be an object, got ${got(definition)}`;
  if (typeof definition.name !== 'string' || definition.name === '')
    return `name must be a non-empty string (the --protocol name), got ${got(definition.name)}`;
  if (typeof definition.description !== 'string') return `description must be a string (one sentence), got ${got(definition.description)}`;
  const hunt = definition.hunt;
  const huntProblem = optionalPartProblem(hunt, 'hunt', [], huntFunctions);
  if (huntProblem !== null) return huntProblem;
  const properties = definition.properties;
  return (
    modelProblem(definition.model) ??
    propertiesProblem(properties, isRecord(hunt) && hunt.liveness !== undefined) ??
    variantsProblem(definition.variants, properties as Readonly<Record<string, unknown>>) ??
    settingsProblem(definition.settings) ??
    workloadProblem(definition.workload) ??
    optionalPartProblem(definition.ghost, 'ghost', ['init', 'observe']) ??
    optionalPartProblem(definition.presentation, 'presentation', [], presentationFunctions)
  );
}
