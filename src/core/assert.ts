/**
 * Assertions check faultline's own logic. A failing assertion means faultline is wrong, never the
 * protocol under test: protocol violations are returned as values (see `Violation`).
 */
export class FaultlineBug extends Error {
  constructor(message: string) {
    super(`faultline internal error: ${message}`);
    this.name = 'FaultlineBug';
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new FaultlineBug(message);
}

/** Ends every exhaustive `switch` over a tagged union, so a new case is a type error. */
export function assertNever(value: never, what = 'value'): never {
  throw new FaultlineBug(`unexpected ${what}: ${JSON.stringify(value)}`);
}
