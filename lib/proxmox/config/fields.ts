import type { PropertyMap } from './property-string';
import { fail, ok, type ParseResult } from './result';

/** Turns the raw text of one property into a typed value. */
export type FieldReader<T> = (raw: string) => ParseResult<T>;

type ValueOf<R> = R extends { ok: true; value: infer T } ? T : never;

/** Accepts any text as is (bridge names, cache modes, ...). */
export const readText: FieldReader<string> = (raw) => ok(raw);

/**
 * Reads `key` from `map` with `read`; undefined when the key is absent. Errors are prefixed
 * with the key, so `firewall=maybe` reports `firewall: invalid boolean: 'maybe'`.
 */
export function readKey<T>(map: PropertyMap, key: string, read: FieldReader<T>): ParseResult<T> | undefined {
  const raw = map.get(key);
  if (raw === undefined) return undefined;
  const result = read(raw);
  return result.ok ? result : fail(`${key}: ${result.error}`);
}

/**
 * Combines named `readKey` results into one object holding only the present values, or
 * returns the first error. Absent keys are left out rather than set to undefined, so parsed
 * objects compare and serialise cleanly.
 */
export function collectFields<R extends Record<string, ParseResult<unknown> | undefined>>(
  results: R,
): ParseResult<{ [K in keyof R]?: ValueOf<NonNullable<R[K]>> }> {
  const out: Record<string, unknown> = {};
  for (const [name, result] of Object.entries(results)) {
    if (result === undefined) continue;
    if (!result.ok) return fail(result.error);
    out[name] = result.value;
  }
  return ok(out as { [K in keyof R]?: ValueOf<NonNullable<R[K]>> });
}
