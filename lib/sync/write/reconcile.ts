// Pure diff of stored rows against the rows a sync wants, by natural key. `S` is the stored row
// (a table's `$inferSelect`), `D` the desired one (its `$inferInsert`, as a stage's mapper returns
// it), so the fields compared and written are columns of the table: a misspelled one fails to compile.

/** The columns a reconcile may compare and overwrite: present on both the stored and the desired row. */
export type SharedKey<S, D> = keyof S & keyof D;

export interface ReconcileInput<S extends object, D extends object> {
  existing: S[];
  desired: D[];
  /** Natural key of a row (stored or desired); equal keys mean the same object. */
  key: (row: S | D) => string;
  /** Fields the sync may overwrite on an existing row (the overwrite flags decide which). */
  updatable: readonly SharedKey<S, D>[];
  /** Keys whose source could not be read this run: neither updated nor removed. */
  protectedKeys?: ReadonlySet<string>;
  /** Whether a stored row that Proxmox no longer has is the sync's to remove (never a user's). */
  removable?: (row: NoInfer<S>) => boolean;
}

export interface ReconcilePlan<S extends object, D extends object> {
  create: D[];
  update: { existing: S; changes: Partial<D> }[];
  remove: S[];
  unchanged: S[];
}

import { takeTurn, turnDue } from '../turns';

/** Canonical form for comparison: dates as ISO, objects key-sorted. */
export function normalize(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

/** Equality by value; a number equals the same number sent as a string (Proxmox does both). */
export function sameValue(a: unknown, b: unknown): boolean {
  // The common cases without normalizing: equal primitives, and two strings, numbers or booleans.
  if (a === b) return true;
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'number' || type === 'boolean')) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  const x = normalize(a);
  const y = normalize(b);
  if (typeof x === 'number' && typeof y === 'string') return y.trim() !== '' && Number(y) === x;
  if (typeof y === 'number' && typeof x === 'string') return x.trim() !== '' && Number(x) === y;
  if (typeof x === 'object' || typeof y === 'object') return JSON.stringify(x) === JSON.stringify(y);
  return x === y;
}

/**
 * Splits desired rows into creates, updates (only the changed updatable fields) and unchanged,
 * and lists stored rows that are gone from Proxmox. Duplicate desired keys keep the first.
 */
export async function reconcile<S extends object, D extends object>(
  input: ReconcileInput<S, D>,
): Promise<ReconcilePlan<S, D>> {
  const existingByKey = new Map(input.existing.map((row) => [input.key(row), row]));
  const seen = new Set<string>();
  const plan: ReconcilePlan<S, D> = { create: [], update: [], remove: [], unchanged: [] };
  for (const want of input.desired) {
    // Thousands of rows: let the Proxmox reads in flight be served meanwhile (lib/sync/turns.ts).
    if (turnDue()) await takeTurn();
    const key = input.key(want);
    if (seen.has(key)) continue;
    seen.add(key);
    const have = existingByKey.get(key);
    if (!have) {
      plan.create.push(want);
      continue;
    }
    if (input.protectedKeys?.has(key)) {
      plan.unchanged.push(have);
      continue;
    }
    const changes: Partial<D> = {};
    let changed = false;
    for (const field of input.updatable) {
      if (field in want && !sameValue(have[field], want[field])) {
        changes[field] = want[field];
        changed = true;
      }
    }
    if (changed) plan.update.push({ existing: have, changes });
    else plan.unchanged.push(have);
  }
  for (const [key, row] of existingByKey) {
    if (seen.has(key) || input.protectedKeys?.has(key)) continue;
    if (input.removable && !input.removable(row)) continue;
    plan.remove.push(row);
  }
  return plan;
}

/**
 * The keys of a desired row, typed as its columns. `Object.keys` says `string[]` because an object
 * may carry more keys than its type names; a stage's row is an object literal of its table's insert
 * type, which carries exactly those, so the narrowing holds for what the stages pass here.
 */
export function keysOf<D extends object>(row: D): (keyof D & string)[] {
  return Object.keys(row) as (keyof D & string)[];
}
