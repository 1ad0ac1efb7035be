import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { objectChanges, users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { allModels } from '@/lib/models/registry';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '@/lib/data/records';
import { AppError } from '@/lib/data/errors';
import type { Actor } from '@/lib/data/actor';
import type { ListQuery } from '@/lib/models/types';
import { fixtures, type Ref } from '../../fixtures/models';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let user: Actor;
const system: Actor = { kind: 'system' };
const query = (q: Partial<ListQuery> = {}): ListQuery => ({
  page: 1,
  perPage: 50,
  sort: null,
  q: '',
  filters: {},
  ...q,
});

let counter = 0;
const refCache = new Map<string, number>();
/** Dependencies are created once through the system actor, as the sync would create them. */
const ref: Ref = async (key, fresh = false) => {
  if (fresh || !refCache.has(key)) {
    const input = await fixtures[key].valid(ref, 900 + ++counter);
    const id = (await createRecord(system, key, input)).id;
    if (fresh) return id;
    refCache.set(key, id);
  }
  return refCache.get(key)!;
};
const singletonIds = new Map<string, number>();

async function changeCount(objectType: string, id: number): Promise<number> {
  const [{ n }] = await handle.db
    .select({ n: count() })
    .from(objectChanges)
    .where(and(eq(objectChanges.changedObjectType, objectType), eq(objectChanges.changedObjectId, id)));
  return Number(n);
}

async function expectAppError(promise: Promise<unknown>, code: AppError['code'], field?: string): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect(Object.keys((err as AppError).fieldErrors)).toContain(field);
  return err as AppError;
}

/**
 * Whether `a` may come before `b` in an ascending list: NULLs last (PostgreSQL's default), references
 * by id, numbers, booleans and times by value, text by the database's own collation.
 */
async function inOrder(a: unknown, b: unknown): Promise<boolean> {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return true;
  if (typeof a === 'object' && typeof b === 'object' && 'id' in a && 'id' in b)
    return (a.id as number) <= (b.id as number);
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'boolean' && typeof b === 'boolean'))
    return a <= b;
  if (typeof a === 'string' && typeof b === 'string') {
    const result = await handle.db.execute(sql`select ${a}::text <= ${b}::text as ok`);
    return (result as unknown as { rows: { ok: boolean }[] }).rows[0].ok;
  }
  throw new Error(`no ordering for ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'tester', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'tester', role: 'admin' };
});
afterAll(closeTestDatabase);

describe.each(allModels().map((m) => [m.meta.key, m] as const))(`registry CRUD on ${testDriver}: %s`, (key, model) => {
  const fixture = fixtures[key];
  const meta = model.meta;
  const creator = (): Actor => (meta.creatable ? user : system);

  it('has a fixture', () => {
    expect(fixture, `tests/fixtures/models.ts lacks "${key}"`).toBeDefined();
  });

  it('creates, reads, lists, filters and sorts', async () => {
    const input = await fixture.valid(ref, ++counter);
    const created = await createRecord(creator(), key, input);
    if (meta.singleton) singletonIds.set(key, created.id);
    expect(created.id).toBeGreaterThan(0);
    expect(typeof created.display).toBe('string');
    for (const [field, value] of Object.entries(input)) {
      const f = meta.fields.find((x) => x.key === field)!;
      if (f.kind === 'secret') {
        expect(created[`${field}Set`]).toBe(true);
        expect(field in created).toBe(false);
        expect(JSON.stringify(created)).not.toContain(String(value));
      } else if (f.kind === 'fk') expect((created[field] as { id: number }).id).toBe(value);
      else if (f.kind === 'datetime') expect(created[field]).toBe(new Date(String(value)).toISOString());
      else expect(created[field]).toEqual(value);
    }
    expect(await getRecord(user, key, created.id)).toEqual(created);
    expect(await changeCount(meta.objectType, created.id)).toBe(key === 'object-changes' ? 0 : 1);

    const filtered = await listRecords(user, key, query({ filters: fixture.filter(created) }));
    expect(filtered.rows.map((r) => r.id)).toContain(created.id);
    // A second row created later from the lowest fixture index, so that its values (names, numbers)
    // sort before the first row's while its id sorts after: ordering by id alone fails below.
    if (!meta.singleton) await createRecord(creator(), key, await fixture.valid(ref, 0));
    const all = await listRecords(user, key, query({ perPage: 1000 }));
    expect(all.rowCount).toBe(meta.singleton ? 1 : all.rows.length);
    for (const column of meta.list.columns) {
      const asc = (await listRecords(user, key, query({ perPage: 1000, sort: { key: column, desc: false } }))).rows;
      const desc = (await listRecords(user, key, query({ perPage: 1000, sort: { key: column, desc: true } }))).rows;
      // The id tiebreaker follows the direction, so descending is ascending read backwards.
      expect(
        desc.map((r) => r.id),
        column,
      ).toEqual(asc.map((r) => r.id).reverse());
      for (let i = 1; i < asc.length; i++)
        expect(
          await inOrder(asc[i - 1][column], asc[i][column]),
          `${column}: ${JSON.stringify(asc[i - 1][column])} before ${JSON.stringify(asc[i][column])}`,
        ).toBe(true);
    }
    await expectAppError(
      listRecords(user, key, query({ sort: { key: 'no_such_column', desc: false } })),
      'validation',
      'sort',
    );
  });

  it('rejects invalid input and writes nothing', async () => {
    const before = await listRecords(user, key, query());
    const changesBefore = await handle.db.select({ n: count() }).from(objectChanges);
    await expectAppError(createRecord(system, key, fixture.invalid), 'validation', fixture.invalidField);
    expect((await listRecords(user, key, query())).rowCount).toBe(before.rowCount);
    expect(await handle.db.select({ n: count() }).from(objectChanges)).toEqual(changesBefore);
  });

  it('updates with change-log pre/post data, and deletes', async () => {
    let created;
    if (meta.singleton) {
      const err = await expectAppError(createRecord(creator(), key, await fixture.valid(ref, ++counter)), 'conflict');
      expect(err.message).toMatch(/^Only one /);
      created = await getRecord(user, key, singletonIds.get(key)!);
    } else created = await createRecord(creator(), key, await fixture.valid(ref, ++counter));
    if (Object.keys(fixture.update).length > 0) {
      const updated = await updateRecord(user, key, created.id, fixture.update);
      for (const [field, value] of Object.entries(fixture.update)) expect(updated[field]).toEqual(value);
      const [change] = await handle.db
        .select()
        .from(objectChanges)
        .where(
          and(
            eq(objectChanges.changedObjectId, created.id),
            eq(objectChanges.changedObjectType, meta.objectType),
            eq(objectChanges.action, 'update'),
          ),
        );
      expect(change.userName).toBe('tester');
      for (const [field, value] of Object.entries(fixture.update)) {
        expect(change.postchangeData?.[field]).toEqual(value);
        expect(change.prechangeData?.[field]).not.toEqual(value);
      }
      // The same update again changes nothing and logs nothing.
      const n = await changeCount(meta.objectType, created.id);
      await updateRecord(user, key, created.id, fixture.update);
      expect(await changeCount(meta.objectType, created.id)).toBe(n);
    }
    if (!meta.creatable && !meta.singleton)
      await expectAppError(createRecord(user, key, await fixture.valid(ref, ++counter)), 'forbidden');
    if (!meta.deletable) {
      await expectAppError(deleteRecord(user, key, created.id), 'forbidden');
      return;
    }
    await deleteRecord(user, key, created.id);
    await expectAppError(getRecord(user, key, created.id), 'not_found');
    const [del] = await handle.db
      .select()
      .from(objectChanges)
      .where(
        and(
          eq(objectChanges.changedObjectId, created.id),
          eq(objectChanges.changedObjectType, meta.objectType),
          eq(objectChanges.action, 'delete'),
        ),
      );
    expect(del.prechangeData?.id).toBe(created.id);
    expect(del.postchangeData).toBeNull();
  });
});
