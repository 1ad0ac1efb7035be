import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { objectChanges, taggedItems, users, virtualMachines } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { bulkDelete, bulkUpdate, countSelection, describeBulkDelete, resolveSelection } from '@/lib/data/bulk';
import { createRecord, listRecords } from '@/lib/data/records';
import { AppError } from '@/lib/data/errors';
import type { Actor } from '@/lib/data/actor';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let user: Actor;
const readOnlyKey: Actor = { kind: 'apikey', keyId: 'k1', description: 'ro', role: 'viewer' };
let clusterId: number;
let tagA: number;
let tagB: number;
const vmIds: number[] = [];

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function tagsOf(id: number): Promise<number[]> {
  const rows = await handle.db
    .select({ t: taggedItems.tagId })
    .from(taggedItems)
    .where(and(eq(taggedItems.objectType, 'virtualization.virtualmachine'), eq(taggedItems.objectId, id)));
  return rows.map((r) => r.t).sort((a, b) => a - b);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'bulk', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'bulk', role: 'admin' };
  const type = await createRecord(user, 'cluster-types', { name: 'Proxmox', slug: 'proxmox' });
  clusterId = (await createRecord(user, 'clusters', { name: 'C1', typeId: type.id })).id;
  tagA = (await createRecord(user, 'tags', { name: 'Audit', slug: 'audit' })).id;
  tagB = (await createRecord(user, 'tags', { name: 'Old', slug: 'old' })).id;
  for (const name of ['web-1', 'web-2', 'web-3', 'db-1', 'db-2']) {
    vmIds.push(
      (await createRecord(user, 'virtual-machines', { name, clusterId, tags: name === 'web-1' ? [tagB] : [] })).id,
    );
  }
});
afterAll(closeTestDatabase);

describe(`bulk actions (${testDriver})`, () => {
  it('resolves a filter selection to the matching ids and counts them', async () => {
    const selection = { query: { q: 'web', filters: {} } };
    expect(await countSelection(user, 'virtual-machines', selection)).toBe(3);
    expect(await resolveSelection(user, 'virtual-machines', selection)).toEqual(vmIds.slice(0, 3));
    expect(await resolveSelection(user, 'virtual-machines', { ids: [vmIds[4], vmIds[0]] })).toEqual([
      vmIds[0],
      vmIds[4],
    ]);
    expect((await errorOf(resolveSelection(user, 'virtual-machines', { ids: [0] }))).code).toBe('validation');
  });

  it('adds and removes tags on every matching row, one change-log entry per changed row under one request id', async () => {
    const before = await handle.db.select().from(objectChanges);
    const result = await bulkUpdate(
      user,
      'virtual-machines',
      { query: { q: 'web', filters: {} } },
      { addTags: [tagA], removeTags: [tagB] },
    );
    expect(result).toEqual({ selected: 3, changed: 3 });
    expect(await tagsOf(vmIds[0])).toEqual([tagA]);
    expect(await tagsOf(vmIds[1])).toEqual([tagA]);
    expect(await tagsOf(vmIds[3])).toEqual([]);
    const entries = (await handle.db.select().from(objectChanges)).filter((e) => !before.some((b) => b.id === e.id));
    expect(entries.map((e) => e.changedObjectId).sort((a, b) => a - b)).toEqual(vmIds.slice(0, 3));
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(1);
    expect(entries.every((e) => e.action === 'update' && e.userName === 'bulk')).toBe(true);
    expect(entries.find((e) => e.changedObjectId === vmIds[0])?.postchangeData).toMatchObject({ tags: ['audit'] });
    // The same edit again changes nothing and logs nothing.
    expect(
      await bulkUpdate(user, 'virtual-machines', { query: { q: 'web', filters: {} } }, { addTags: [tagA] }),
    ).toEqual({ selected: 3, changed: 0 });
  });

  it('sets a field on ticked rows', async () => {
    const result = await bulkUpdate(
      user,
      'virtual-machines',
      { ids: [vmIds[3], vmIds[4]] },
      { set: { status: 'offline' } },
    );
    expect(result).toEqual({ selected: 2, changed: 2 });
    const rows = await handle.db
      .select({ id: virtualMachines.id, status: virtualMachines.status })
      .from(virtualMachines)
      .where(inArray(virtualMachines.id, vmIds));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [vmIds[0]]: 'active',
      [vmIds[1]]: 'active',
      [vmIds[2]]: 'active',
      [vmIds[3]]: 'offline',
      [vmIds[4]]: 'offline',
    });
  });

  it('rolls every row back when one row fails, naming that row', async () => {
    // Renaming two VMs of one cluster to the same name: the second breaks the per-cluster rule.
    const err = await errorOf(
      bulkUpdate(user, 'virtual-machines', { ids: [vmIds[3], vmIds[4]] }, { set: { name: 'same' } }),
    );
    expect(err.message).toBe(`Virtual machine “db-2” (#${vmIds[4]}): Virtual machine name must be unique per cluster.`);
    const names = (
      await listRecords(user, 'virtual-machines', { page: 1, perPage: 50, sort: null, q: '', filters: {} })
    ).rows.map((r) => r.name);
    expect(names).not.toContain('same');
  });

  it('refuses an unknown tag id naming the first row, changing nothing', async () => {
    const before = await handle.db.select().from(objectChanges);
    const err = await errorOf(
      bulkUpdate(user, 'virtual-machines', { ids: [vmIds[1], vmIds[2]] }, { addTags: [999_999] }),
    );
    expect(err.message).toBe(`Virtual machine “web-2” (#${vmIds[1]}): Select valid choices: no tag with id 999999.`);
    expect(await tagsOf(vmIds[1])).toEqual([tagA]);
    expect(await handle.db.select().from(objectChanges)).toHaveLength(before.length);
  });

  it('checks a write rule against the rows written before it in the same action', async () => {
    // Two addresses set to one host in one action: the second breaks the global-uniqueness rule,
    // which it can only see if the first row was written before it was checked.
    const a = await createRecord(user, 'ip-addresses', { address: '10.7.0.1/24' });
    const b = await createRecord(user, 'ip-addresses', { address: '10.7.0.2/24' });
    const err = await errorOf(
      bulkUpdate(user, 'ip-addresses', { ids: [a.id, b.id] }, { set: { address: '10.7.0.9/24' } }),
    );
    expect(err.message).toBe(
      `IP address “10.7.0.2/24” (#${b.id}): Duplicate IP address found in global table: 10.7.0.9/24`,
    );
    const rows = await listRecords(user, 'ip-addresses', {
      page: 1,
      perPage: 50,
      sort: null,
      q: '10.7.0',
      filters: {},
    });
    expect(rows.rows.map((r) => r.address).sort()).toEqual(['10.7.0.1/24', '10.7.0.2/24']);
  });

  it('logs the old and new value of every changed row and leaves unchanged rows unlogged', async () => {
    const requestId = 'bulk-status-test';
    const result = await bulkUpdate(
      { ...user, requestId },
      'virtual-machines',
      { ids: [vmIds[0], vmIds[1], vmIds[3]] },
      { set: { status: 'offline' } },
    );
    expect(result).toEqual({ selected: 3, changed: 2 });
    const entries = await handle.db.select().from(objectChanges).where(eq(objectChanges.requestId, requestId));
    expect(
      entries
        .map((e) => [e.changedObjectId, e.objectRepr, e.prechangeData?.status, e.postchangeData?.status])
        .sort((x, y) => Number(x[0]) - Number(y[0])),
    ).toEqual([
      [vmIds[0], 'web-1', 'active', 'offline'],
      [vmIds[1], 'web-2', 'active', 'offline'],
    ]);
    expect(
      await bulkUpdate(user, 'virtual-machines', { ids: [vmIds[0], vmIds[1]] }, { set: { status: 'active' } }),
    ).toEqual({ selected: 2, changed: 2 });
  });

  it('refuses sync-owned and system fields, empty edits and read-only keys', async () => {
    expect(
      (await errorOf(bulkUpdate(user, 'virtual-machines', { ids: [vmIds[0]] }, { set: { vmid: 5 } }))).fieldErrors,
    ).toEqual({ vmid: ['VMID cannot be changed in bulk.'] });
    expect((await errorOf(bulkUpdate(user, 'virtual-machines', { ids: [vmIds[0]] }, { set: { id: 5 } }))).code).toBe(
      'validation',
    );
    expect((await errorOf(bulkUpdate(user, 'virtual-machines', { ids: [vmIds[0]] }, {}))).fieldErrors).toEqual({
      nonFieldErrors: ['Choose a field to set or tags to add or remove.'],
    });
    expect(
      (
        await errorOf(
          bulkUpdate(user, 'virtual-machines', { ids: [vmIds[0]] }, { addTags: [tagA], removeTags: [tagA] }),
        )
      ).fieldErrors,
    ).toEqual({ tags: ['The same tag cannot be both added and removed.'] });
    expect(
      (await errorOf(bulkUpdate(readOnlyKey, 'virtual-machines', { ids: [vmIds[0]] }, { addTags: [tagB] }))).code,
    ).toBe('forbidden');
    expect(await tagsOf(vmIds[0])).toEqual([tagA]);
  });

  it('previews a bulk delete with the summed dependants and refuses it when they block', async () => {
    const preview = await describeBulkDelete(user, 'clusters', { ids: [clusterId] });
    expect(preview.selected).toBe(1);
    expect(preview.effects.find((e) => e.model === 'virtual-machines')).toEqual({
      model: 'virtual-machines',
      label: 'Virtual machines (Cluster)',
      count: 5,
      onDelete: expect.any(String),
    });
    const tagPreview = await describeBulkDelete(user, 'tags', { ids: [tagA, tagB] });
    expect(tagPreview).toEqual({ selected: 2, effects: [] });
  });

  it('deletes the matching rows in one transaction with one change-log entry each', async () => {
    expect((await errorOf(bulkDelete(readOnlyKey, 'virtual-machines', { query: { q: 'db', filters: {} } }))).code).toBe(
      'forbidden',
    );
    expect(await bulkDelete(user, 'virtual-machines', { query: { q: 'db', filters: {} } })).toEqual({ deleted: 2 });
    const left = await handle.db.select({ id: virtualMachines.id }).from(virtualMachines);
    expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual(vmIds.slice(0, 3));
    const deletes = await handle.db.select().from(objectChanges).where(eq(objectChanges.action, 'delete'));
    expect(deletes.map((d) => d.changedObjectId).sort((a, b) => a - b)).toEqual(vmIds.slice(3));
    expect(deletes[0].requestId).toBe(deletes[1].requestId);
    expect(
      deletes
        .map((d) => [d.changedObjectId, d.objectRepr, d.prechangeData?.name, d.prechangeData?.tags, d.postchangeData])
        .sort((x, y) => Number(x[0]) - Number(y[0])),
    ).toEqual([
      [vmIds[3], 'db-1', 'db-1', [], null],
      [vmIds[4], 'db-2', 'db-2', [], null],
    ]);
    expect(await tagsOf(vmIds[3])).toEqual([]);
  });
});
