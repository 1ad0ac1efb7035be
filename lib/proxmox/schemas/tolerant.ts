// Item-wise parsing for callers that must not lose a whole answer to one odd value (the sync,
// the dashboard): a list keeps its readable items, and a key the schema cannot read counts as
// absent, as if Proxmox had left it out. Schemas alone cannot say this: zod fails the whole value.
import type { z } from 'zod';
import { isRecord } from './primitives';

/**
 * `value` parsed with `schema`; when some keys cannot be read, parsed again without them (so an
 * odd optional field never drops a guest, which a sync would then mark gone). Null when a
 * required key is missing or unreadable, or `value` is not an object at all.
 */
export function parseTolerant<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  const first = schema.safeParse(value);
  if (first.success) return first.data;
  if (!isRecord(value)) return null;
  const bad = new Set(first.error.issues.map((issue) => issue.path[0]).filter((key) => typeof key === 'string'));
  if (bad.size === 0) return null;
  const second = schema.safeParse(Object.fromEntries(Object.entries(value).filter(([key]) => !bad.has(key))));
  return second.success ? second.data : null;
}

/** The readable items of a list answer, each with the entry as sent; not a list → none. */
export function parseTolerantList<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { item: z.output<S>; raw: Record<string, unknown> }[] {
  if (!Array.isArray(value)) return [];
  const out: { item: z.output<S>; raw: Record<string, unknown> }[] = [];
  for (const raw of value) {
    const item = isRecord(raw) ? parseTolerant(schema, raw) : null;
    if (item !== null) out.push({ item, raw: raw as Record<string, unknown> });
  }
  return out;
}
