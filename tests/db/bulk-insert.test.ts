import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { tags } from '@/db/schema';
import { insertRows, insertRowsReturning, insertRowsReturningIds } from '@/db/bulk-insert';
import { closeTestDatabase, openTestDatabase } from '../helpers/db';

// The sync's bulk inserts stand in for Drizzle's `insert().values(rows).returning()`: the same
// rows must come out, with the same defaults for fields a row leaves out or sets to undefined,
// and a unique clash skipped only when asked.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await closeTestDatabase();
});

/** A row as stored, minus what differs between two inserts of it (id and timestamps). */
function comparable(row: Record<string, unknown>) {
  const { id: _id, created, lastUpdated, ...rest } = row;
  expect(created).toBeInstanceOf(Date);
  expect(lastUpdated).toBeInstanceOf(Date);
  return rest;
}

describe('insertRowsReturning', () => {
  it('stores and returns what Drizzle values().returning() does, in insertion order', async () => {
    const rows = (prefix: string) => [
      { name: `${prefix}a`, slug: `${prefix}a` },
      { name: `${prefix}b`, slug: `${prefix}b`, color: 'ff0000', description: undefined },
      { name: `${prefix}c`, slug: `${prefix}c`, objectTypes: ['dcim.device'], weight: 5, notAColumn: 'ignored' },
      { name: `${prefix}d`, slug: `${prefix}d`, created: new Date('2026-01-02T03:04:05Z') },
      { name: `${prefix}e`, slug: `${prefix}e`, description: 'it\'s "quoted", {braced}, back\\slashed' },
    ];
    const drizzle = await handle.db.insert(tags).values(rows('d-')).returning();
    const ours = await insertRowsReturning(handle.db, tags, rows('o-'));
    expect(ours.map((r) => r.name)).toEqual(['o-a', 'o-b', 'o-c', 'o-d', 'o-e']);
    expect(ours.map(comparable)).toEqual(
      drizzle.map((r) => ({ ...comparable(r), name: `o-${r.name.slice(2)}`, slug: `o-${r.slug.slice(2)}` })),
    );
    expect(ours[2]).toMatchObject({ color: '9e9e9e', weight: 5, objectTypes: ['dcim.device'] });
    expect(ours[3].created).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(ours[4].description).toBe('it\'s "quoted", {braced}, back\\slashed');
    // What it returns is what is stored.
    const stored = await handle.db
      .select()
      .from(tags)
      .where(
        inArray(
          tags.id,
          ours.map((r) => r.id as number),
        ),
      )
      .orderBy(asc(tags.id));
    expect(stored).toEqual(ours);
  });

  it('fails on a unique clash, and skips the clashing rows with onConflictDoNothing', async () => {
    await insertRowsReturning(handle.db, tags, [{ name: 'u-1', slug: 'u-1' }]);
    await expect(
      insertRowsReturning(handle.db, tags, [
        { name: 'u-2', slug: 'u-2' },
        { name: 'u-1', slug: 'u-1' },
      ]),
    ).rejects.toThrow();
    const ids = await insertRowsReturningIds(
      handle.db,
      tags,
      [
        { name: 'u-2', slug: 'u-2' },
        { name: 'u-1', slug: 'u-1' },
        { name: 'u-3', slug: 'u-3' },
      ],
      { onConflictDoNothing: true },
    );
    expect(ids).toHaveLength(2);
    const names = await handle.db
      .select({ name: tags.name })
      .from(tags)
      .where(inArray(tags.id, ids))
      .orderBy(asc(tags.id));
    expect(names.map((r) => r.name)).toEqual(['u-2', 'u-3']);
  });

  it('refuses a row that sets no column', async () => {
    await expect(insertRowsReturning(handle.db, tags, [{ notAColumn: 1 } as never])).rejects.toThrow(
      'insertRowsReturning(tags): a row sets no field',
    );
  });

  it('inserts nothing for no rows, and insertRows skips clashes when asked', async () => {
    expect(await insertRowsReturning(handle.db, tags, [])).toEqual([]);
    await insertRows(handle.db, tags, [{ name: 'u-1', slug: 'u-1' }], { onConflictDoNothing: true });
    await expect(insertRows(handle.db, tags, [{ name: 'u-1', slug: 'u-1' }])).rejects.toThrow();
  });
});
