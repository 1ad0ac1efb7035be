import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { deviceTypes, manufacturers } from '@/db/schema';
import { insertRowsReturning } from '@/db/bulk-insert';
import { anyOf, anyText, noneOf } from '@/db/array-param';
import { bulkUpdate } from '@/lib/sync/write/bulk-update';
import { closeTestDatabase, openTestDatabase } from '../helpers/db';

// Bulk inserts and updates send their rows as one JSON parameter (db/json-records.ts) and IN
// lists as one array (db/array-param.ts): each column type must arrive as Drizzle's own
// insert and update would store it — numerics, booleans, JSON objects and strings, timestamps,
// NULLs and text that needs escaping.

let handle: DatabaseHandle;
let manufacturerId: number;

beforeAll(async () => {
  handle = await openTestDatabase();
  [{ id: manufacturerId }] = await handle.db
    .insert(manufacturers)
    .values({ name: 'json-records', slug: 'json-records' })
    .returning({ id: manufacturers.id });
});
afterAll(async () => {
  await closeTestDatabase();
});

const tricky = 'quote " backslash \\ brace { } comma , apostrophe \' tab \t newline \n é ✓ 😀';

function rows(prefix: string) {
  return [
    {
      manufacturerId,
      model: `${prefix}-a`,
      slug: `${prefix}-a`,
      uHeight: 1.5,
      weight: 12.25,
      isFullDepth: false,
      customFields: { text: tricky, nested: { list: [1, 'two', null, true] }, empty: {} },
      comments: tricky,
      created: new Date('2026-03-04T05:06:07.089Z'),
    },
    { manufacturerId, model: `${prefix}-b`, slug: `${prefix}-b`, weight: null, customFields: {} },
  ];
}

/** A row minus what differs between two inserts of it (id, names, timestamps). */
function comparable(row: Record<string, unknown>) {
  const { id: _id, model: _model, slug: _slug, lastUpdated: _lastUpdated, created: _created, ...rest } = row;
  return rest;
}

describe('rows as one JSON parameter', () => {
  it('inserts every column type as Drizzle values() does', async () => {
    const drizzle = await handle.db.insert(deviceTypes).values(rows('d')).returning();
    const ours = await insertRowsReturning(handle.db, deviceTypes, rows('o'));
    expect(ours.map(comparable)).toEqual(drizzle.map(comparable));
    expect(ours[0]).toMatchObject({
      uHeight: 1.5,
      weight: 12.25,
      isFullDepth: false,
      comments: tricky,
      customFields: { text: tricky, nested: { list: [1, 'two', null, true] }, empty: {} },
      created: new Date('2026-03-04T05:06:07.089Z'),
    });
    expect(ours[1]).toMatchObject({ uHeight: 1, weight: null, isFullDepth: true, customFields: {} });
  });

  it('updates every column type, to a value and to NULL, as Drizzle update() does', async () => {
    const [a, b] = await insertRowsReturning(handle.db, deviceTypes, rows('u'));
    const [c, d] = await insertRowsReturning(handle.db, deviceTypes, rows('v'));
    const changes = [
      { weight: null, uHeight: 2, customFields: { text: tricky, n: 3 }, comments: `${tricky}!` },
      { weight: 0.5, uHeight: 4, customFields: { list: ['x'] }, comments: '' },
    ];
    await bulkUpdate(handle.db, deviceTypes, [
      { id: a.id as number, changes: changes[0] },
      { id: b.id as number, changes: changes[1] },
    ]);
    await handle.db
      .update(deviceTypes)
      .set(changes[0])
      .where(eq(deviceTypes.id, c.id as number));
    await handle.db
      .update(deviceTypes)
      .set(changes[1])
      .where(eq(deviceTypes.id, d.id as number));
    const read = (ids: unknown[]) =>
      handle.db
        .select()
        .from(deviceTypes)
        .where(inArray(deviceTypes.id, ids as number[]))
        .orderBy(asc(deviceTypes.id));
    const ours = await read([a.id, b.id]);
    const drizzle = await read([c.id, d.id]);
    expect(ours.map(comparable)).toEqual(drizzle.map(comparable));
    expect(ours[0]).toMatchObject({ weight: null, uHeight: 2, customFields: { text: tricky, n: 3 } });
    expect(ours[1]).toMatchObject({ weight: 0.5, uHeight: 4, customFields: { list: ['x'] }, comments: '' });
  });

  it('matches IN lists and their negation with one array parameter, empty lists included', async () => {
    const ids = (
      await insertRowsReturning(handle.db, deviceTypes, [
        { manufacturerId, model: 'in-1', slug: 'in-1' },
        { manufacturerId, model: 'in-2', slug: 'in-2' },
        { manufacturerId, model: 'in-3', slug: 'in-3' },
      ])
    ).map((r) => r.id as number);
    const models = async (where: ReturnType<typeof anyOf>) =>
      (await handle.db.select({ model: deviceTypes.model }).from(deviceTypes).where(where).orderBy(asc(deviceTypes.id)))
        .map((r) => r.model)
        .filter((m) => m.startsWith('in-'));
    expect(await models(anyOf(deviceTypes.id, [ids[0], ids[2]]))).toEqual(['in-1', 'in-3']);
    expect(await models(noneOf(deviceTypes.id, [ids[0], ids[2]]))).toEqual(['in-2']);
    expect(await models(anyOf(deviceTypes.model, ['in-2', tricky]))).toEqual(['in-2']);
    expect(await models(anyText(sql`upper(${deviceTypes.model})`, ['IN-3', tricky]))).toEqual(['in-3']);
    expect(await models(anyOf(deviceTypes.id, []))).toEqual([]);
    expect(await models(noneOf(deviceTypes.id, []))).toEqual(['in-1', 'in-2', 'in-3']);
  });
});
