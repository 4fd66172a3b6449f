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

/**
 * Marks what `assertNever` throws. A registry symbol, not a class check: a protocol module loaded
 * with `--protocol-module` imports its own copy of this file, whose class is not the bundle's.
 */
const unhandledCaseMark = Symbol.for('faultline.unhandled-case');

/**
 * What `assertNever` threw, as `what` and the value's JSON, or null for anything else. Reached in
 * a model (docs/extending.md asks every switch of a model to end in `assertNever`), it is the
 * model's case left unhandled, and the simulator reports it as the model's finding.
 */
export function unhandledCase(thrown: unknown): { readonly what: string; readonly value: string } | null {
  if (typeof thrown !== 'object' || thrown === null) return null;
  const mark = (thrown as { [unhandledCaseMark]?: unknown })[unhandledCaseMark];
  return typeof mark === 'object' && mark !== null ? (mark as { what: string; value: string }) : null;
}

/** JSON of a value for a message, or its `String` when JSON has none (undefined, a symbol, a cycle, a bigint). */
function valueText(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // Cyclic or a bigint: its String below.
  }
  return String(value);
}

/** Ends every exhaustive `switch` over a tagged union, so a new case is a type error. */
export function assertNever(value: never, what = 'value'): never {
  const text = valueText(value);
  const error = new FaultlineBug(`unexpected ${what}: ${text}`);
  Object.defineProperty(error, unhandledCaseMark, { value: { what, value: text } });
  throw error;
}
