import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { userTablePreferences, users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { getTablePrefs, resetTablePrefs, saveTablePrefs } from '@/lib/data/table-prefs';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let alice: Actor;
let bob: Actor;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [a, b] = await handle.db
    .insert(users)
    .values([
      { username: 'alice', passwordHash: 'x' },
      { username: 'bob', passwordHash: 'x' },
    ])
    .returning();
  alice = { kind: 'user', userId: a.id, username: 'alice', role: 'admin' };
  bob = { kind: 'user', userId: b.id, username: 'bob', role: 'operator' };
});
afterAll(closeTestDatabase);

describe(`table preferences (${testDriver})`, () => {
  it('stores columns in order and the page size per user and model, merging partial saves', async () => {
    expect(await getTablePrefs(alice, 'virtual-machines')).toBeNull();
    await saveTablePrefs(alice, 'virtual-machines', { columns: ['vmid', 'name', 'status'] });
    await saveTablePrefs(alice, 'virtual-machines', { perPage: 250 });
    expect(await getTablePrefs(alice, 'virtual-machines')).toEqual({
      columns: ['vmid', 'name', 'status'],
      perPage: 250,
    });
    expect(await getTablePrefs(bob, 'virtual-machines')).toBeNull();
    expect(await getTablePrefs(alice, 'sites')).toBeNull();
    await saveTablePrefs(alice, 'virtual-machines', { columns: ['name'] });
    expect(await getTablePrefs(alice, 'virtual-machines')).toEqual({ columns: ['name'], perPage: 250 });
  });

  it('drops columns the model no longer has when reading', async () => {
    await handle.db
      .update(userTablePreferences)
      .set({ columns: 'gone,name' })
      .where(eq(userTablePreferences.userId, alice.kind === 'user' ? alice.userId : 0));
    expect(await getTablePrefs(alice, 'virtual-machines')).toEqual({ columns: ['name'], perPage: 250 });
  });

  it('refuses unknown columns, duplicates, bad page sizes, unknown models and non-users', async () => {
    expect((await errorOf(saveTablePrefs(bob, 'virtual-machines', { columns: ['nope'] }))).fieldErrors).toEqual({
      columns: ['Unknown column.'],
    });
    expect((await errorOf(saveTablePrefs(bob, 'virtual-machines', { columns: ['name', 'name'] }))).fieldErrors).toEqual(
      { columns: ['A column is listed twice.'] },
    );
    expect((await errorOf(saveTablePrefs(bob, 'virtual-machines', { perPage: 0 }))).fieldErrors).toEqual({
      perPage: ['Page size must be between 1 and 1000.'],
    });
    expect((await errorOf(saveTablePrefs(bob, 'nope', { perPage: 10 }))).code).toBe('not_found');
    expect(
      (await errorOf(getTablePrefs({ kind: 'apikey', keyId: 'k', description: '', role: 'admin' }, 'sites'))).code,
    ).toBe('forbidden');
    expect(await getTablePrefs(bob, 'virtual-machines')).toBeNull();
  });

  it('reset forgets the layout of one model only', async () => {
    await saveTablePrefs(alice, 'sites', { perPage: 25 });
    await resetTablePrefs(alice, 'virtual-machines');
    expect(await getTablePrefs(alice, 'virtual-machines')).toBeNull();
    expect(await getTablePrefs(alice, 'sites')).toEqual({ columns: null, perPage: 25 });
  });
});
