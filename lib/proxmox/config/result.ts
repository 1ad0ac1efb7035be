// Every parser in this folder returns a result value instead of throwing: a sync reads configs
// written by many PVE versions and by hand, and one odd entry must never abort a whole guest.

/** Outcome of a parse: the value, or a one-line human-readable reason. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Wraps a successful parse. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** Wraps a failed parse with its reason. */
export function fail<T = never>(error: string): ParseResult<T> {
  return { ok: false, error };
}
