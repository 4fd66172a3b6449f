/** Small-scope exhaustive exploration: see `explore.ts`. */
export { explore, type ExploreLevel, type ExploreOptions, type ExploreResult, type ExploreStopReason } from './explore.ts';
export { applicableEvents, operationAlphabet, twoSidedPartitions, type EventAlphabet } from './alphabet.ts';
export { canonicalText, hashParts, symmetryGroups, WorldKeys, type WorldKeyOptions } from './key.ts';
export { applyStep, coarseSteps, formatStep, independent, type ExploreStep, type StepFootprint, type StepGranularity } from './steps.ts';
