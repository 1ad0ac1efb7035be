// How a value read from NetBox compares with the value the push writes: nested objects compare
// by id, choices by value, numbers by value (NetBox returns decimals as 2.0), MACs without case.
import type { NetboxObject } from '../client';
import type { JsonValue } from './types';

/** The comparable form of a NetBox field value. */
export function normalizeRemote(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(normalizeRemote);
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('value' in o && 'label' in o) return normalizeRemote(o.value);
    if (typeof o.id === 'number') return o.id;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, normalizeRemote(v)]));
  }
  return value as JsonValue;
}

export function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return (a ?? '') === (b ?? '') && (a === '' || b === '');
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== '' && b !== '';
  if (typeof a === 'string' && typeof b === 'string')
    return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(a) && a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k] ?? null, b[k] ?? null));
  }
  return false;
}

/** Tag slugs of a NetBox object. */
export function remoteTagSlugs(obj: NetboxObject): string[] {
  const tags = Array.isArray(obj.tags) ? (obj.tags as Record<string, unknown>[]) : [];
  return tags.map((t) => String(t.slug ?? t.name ?? ''));
}

/**
 * Merged tag set: the remote tags, minus the managed ones this object should no longer carry,
 * plus the wanted ones (hand-added tags stay).
 */
export function mergeTags(remote: string[], wanted: string[], managed: Set<string>): string[] {
  const want = new Set(wanted);
  const kept = remote.filter((t) => !managed.has(t) || want.has(t));
  for (const t of wanted) if (!kept.includes(t)) kept.push(t);
  return kept;
}

export const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;

/** Host part of an address ("10.0.0.5/24" → "10.0.0.5"), lower-case for IPv6. */
export const ipHost = (address: string) => address.split('/')[0].toLowerCase();
