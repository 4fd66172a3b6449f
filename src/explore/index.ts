/** Small-scope exhaustive exploration: see `explore.ts`. */
export {
  explore,
  faultBudgetGiven,
  type ExploreLevel,
  type ExploreOptions,
  type ExploreResult,
  type ExploreSearch,
  type ExploreStopReason,
  type ExploreWidth,
  wideningAfterFindShare,
} from './explore.ts';
export { applicableEvents, coarsePartitions, operationAlphabet, twoSidedPartitions, type EventAlphabet } from './alphabet.ts';
export { canonicalText, hashParts, symmetryGroups, WeakCache, WorldKeys, type WorldKeyOptions } from './key.ts';
export { applyStep, coarseSteps, formatStep, independent, type ExploreStep, type StepFootprint, type StepGranularity } from './steps.ts';
export { coarseStory, type CoarseStory } from './story.ts';
