import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { deviceTypes, manufacturers, objectChanges, tags } from '@/db/schema';
import { selectRows } from '@/db/select-rows';
import { closeTestDatabase, openTestDatabase } from '../helpers/db';

// selectRows stands in for `db.select().from(table).where(...)` in the sync's large reads: every
// column type must come back exactly as Drizzle returns it, on both databases.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await closeTestDatabase();
});

describe('selectRows', () => {
  it('returns what Drizzle select() returns: numerics, booleans, JSON, timestamps, bigints, NULLs', async () => {
    const [m] = await handle.db.insert(manufacturers).values({ name: 'sel', slug: 'sel' }).returning();
    await handle.db.insert(deviceTypes).values([
      {
        manufacturerId: m.id,
        model: 'sel-a',
        slug: 'sel-a',
        uHeight: 2.5,
        weight: 10.75,
        isFullDepth: false,
        customFields: { a: [1, 'x', null], b: { c: true } },
        created: new Date('2026-01-02T03:04:05.678Z'),
      },
      { manufacturerId: m.id, model: 'sel-b', slug: 'sel-b' },
    ]);
    await handle.db.insert(tags).values({ name: 'sel', slug: 'sel', objectTypes: ['dcim.device'], weight: 7 });
    await handle.db.insert(objectChanges).values({
      userName: 'sel',
      requestId: 'sel',
      action: 'update',
      changedObjectType: 'dcim.devicetype',
      changedObjectId: 2 ** 40,
      objectRepr: 'sel',
      prechangeData: { x: 1 },
      postchangeData: null,
    });
    const where = eq(deviceTypes.manufacturerId, m.id);
    const drizzle = await handle.db.select().from(deviceTypes).where(where).orderBy(asc(deviceTypes.id));
    const ours = await selectRows(handle.db, deviceTypes, where, { byId: true });
    expect(ours).toEqual(drizzle);
    expect(ours[0]).toMatchObject({ uHeight: 2.5, weight: 10.75, isFullDepth: false, weightUnit: null });
    expect(ours[0].created).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(await selectRows(handle.db, tags, eq(tags.name, 'sel'))).toEqual(
      await handle.db.select().from(tags).where(eq(tags.name, 'sel')),
    );
    const change = eq(objectChanges.requestId, 'sel');
    const [ourChange] = await selectRows(handle.db, objectChanges, change);
    expect(ourChange).toEqual((await handle.db.select().from(objectChanges).where(change))[0]);
    expect(ourChange.changedObjectId).toBe(2 ** 40);
  });

  it('reads every row without a filter and nothing for a filter that matches none', async () => {
    expect(await selectRows(handle.db, manufacturers)).toEqual(await handle.db.select().from(manufacturers));
    expect(await selectRows(handle.db, manufacturers, eq(manufacturers.name, 'none'))).toEqual([]);
  });
});
