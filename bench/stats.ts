/** The median of a list of numbers, or null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** A warm sample times back-to-back calls of at least about this long in all (see {@link callsPerSample}). */
const SAMPLE_MIN_MS = 1;
const SAMPLE_CALLS_MAX = 10_000;

/**
 * How many calls of `call` one warm sample times: enough for about {@link SAMPLE_MIN_MS} by the
 * fastest of three calls (wall clock, which resolves well under a microsecond), at most
 * {@link SAMPLE_CALLS_MAX}. Why: the CPU timers count whole microseconds and cost about one, as
 * much as a small check.
 */
export function callsPerSample(call: () => unknown): number {
  let fastestMs = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < 3; trial++) {
    const start = performance.now();
    call();
    fastestMs = Math.min(fastestMs, performance.now() - start);
  }
  return Math.min(SAMPLE_CALLS_MAX, Math.max(1, Math.ceil(SAMPLE_MIN_MS / Math.max(fastestMs, 1e-4))));
}
