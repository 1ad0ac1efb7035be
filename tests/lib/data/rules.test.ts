import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { objectChanges, proxmoxEndpoints, users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { createRecord, listRecords, updateRecord } from '@/lib/data/records';
import { AppError } from '@/lib/data/errors';
import type { Actor } from '@/lib/data/actor';
import type { ListQuery } from '@/lib/models/types';
import { decryptSecret } from '@/lib/crypto/secrets';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let user: Actor;
const system: Actor = { kind: 'system' };
const sync: Actor = { kind: 'sync', runId: 'run-1' };
const query = (q: Partial<ListQuery> = {}): ListQuery => ({
  page: 1,
  perPage: 50,
  sort: null,
  q: '',
  filters: {},
  ...q,
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

let clusterA: number;
let clusterB: number;

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'rules', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'rules', role: 'admin' };
  const type = await createRecord(user, 'cluster-types', { name: 'Proxmox', slug: 'proxmox' });
  clusterA = (await createRecord(user, 'clusters', { name: 'A', typeId: type.id })).id;
  clusterB = (await createRecord(user, 'clusters', { name: 'B', typeId: type.id })).id;
});
afterAll(closeTestDatabase);

describe(`uniqueness rules (${testDriver})`, () => {
  it('VM names are unique per cluster, case-insensitively, and free across clusters', async () => {
    await createRecord(user, 'virtual-machines', { name: 'web01', clusterId: clusterA });
    const err = await errorOf(createRecord(user, 'virtual-machines', { name: 'WEB01', clusterId: clusterA }));
    expect(err.code).toBe('validation');
    expect(err.fieldErrors).toEqual({ nonFieldErrors: ['Virtual machine name must be unique per cluster.'] });
    const other = await createRecord(user, 'virtual-machines', { name: 'web01', clusterId: clusterB });
    expect(other.name).toBe('web01');
  });

  it('device names are unique per site, case-insensitively', async () => {
    const site = await createRecord(user, 'sites', { name: 'DC1', slug: 'dc1' });
    const site2 = await createRecord(user, 'sites', { name: 'DC2', slug: 'dc2' });
    const mfr = await createRecord(user, 'manufacturers', { name: 'Proxmox', slug: 'proxmox' });
    const type = await createRecord(user, 'device-types', {
      manufacturerId: mfr.id,
      model: 'Generic',
      slug: 'generic',
    });
    const role = await createRecord(user, 'device-roles', { name: 'Node', slug: 'node' });
    const base = { deviceTypeId: type.id, roleId: role.id };
    await createRecord(user, 'devices', { ...base, name: 'pve1', siteId: site.id });
    const err = await errorOf(createRecord(user, 'devices', { ...base, name: 'PVE1', siteId: site.id }));
    expect(err.fieldErrors).toEqual({ nonFieldErrors: ['Device name must be unique per site.'] });
    await createRecord(user, 'devices', { ...base, name: 'pve1', siteId: site2.id });
  });

  it('slugs and names of organizational models are unique', async () => {
    await createRecord(user, 'tags', { name: 'Proxbox', slug: 'proxbox', color: 'ff5722' });
    const err = await errorOf(createRecord(user, 'tags', { name: 'Other', slug: 'proxbox' }));
    expect(err.fieldErrors).toEqual({ slug: ['Tag with this slug already exists.'] });
  });

  it('IP addresses are unique in the global table whatever the prefix, except shared roles', async () => {
    await createRecord(user, 'ip-addresses', { address: '10.1.1.5/24' });
    const err = await errorOf(createRecord(user, 'ip-addresses', { address: '10.1.1.5/16' }));
    expect(err.fieldErrors).toEqual({ address: ['Duplicate IP address found in global table: 10.1.1.5/24'] });
    await createRecord(user, 'ip-addresses', { address: '10.1.1.50/24' });
    await createRecord(user, 'ip-addresses', { address: '10.9.9.9/24', role: 'vip' });
    await createRecord(user, 'ip-addresses', { address: '10.9.9.9/24', role: 'vip' });
    const bad = await errorOf(createRecord(user, 'ip-addresses', { address: '10.0.0.1/0' }));
    expect(Object.keys(bad.fieldErrors)).toEqual(['address']);
  });

  it('a second FastAPI endpoint is refused with a clear conflict', async () => {
    await createRecord(user, 'fastapi-endpoints', { name: 'backend', domain: 'localhost' });
    const err = await errorOf(createRecord(user, 'fastapi-endpoints', { name: 'backend2', domain: 'localhost' }));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('Only one FastAPI endpoint may exist; edit the existing one.');
  });

  it('an endpoint needs a domain or an IP address', async () => {
    const err = await errorOf(createRecord(user, 'proxmox-endpoints', { name: 'nowhere' }));
    expect(err.fieldErrors).toEqual({ domain: ['Either a domain or an IP address is required.'] });
  });

  it('a foreign key to a missing object is a field error, not a crash', async () => {
    const err = await errorOf(createRecord(user, 'virtual-machines', { name: 'ghost', clusterId: 999999 }));
    expect(err.fieldErrors).toEqual({ clusterId: ['Select a valid choice. That object does not exist.'] });
  });
});

describe(`secrets (${testDriver})`, () => {
  it('are encrypted at rest, write-only in DTOs and change log, and kept when left blank', async () => {
    const plain = 'f3a1c2d4-0000-4e6f-9abc-supersecret';
    const created = await createRecord(user, 'proxmox-endpoints', {
      name: 'pve-secret',
      domain: 'pve.example.com',
      tokenName: 'proxbox',
      tokenValue: plain,
      password: 'hunter2hunter2',
    });
    expect(created.tokenValueSet).toBe(true);
    expect(created.passwordSet).toBe(true);
    expect(JSON.stringify(created)).not.toContain(plain);
    const [row] = await handle.db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, created.id));
    expect(row.tokenValue).toMatch(/^enc:v1:/);
    expect(decryptSecret(row.tokenValue!)).toBe(plain);

    const updated = await updateRecord(user, 'proxmox-endpoints', created.id, { tokenValue: '', timeout: 30 });
    expect(updated.tokenValueSet).toBe(true);
    const [after] = await handle.db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, created.id));
    expect(decryptSecret(after.tokenValue!)).toBe(plain);

    const cleared = await updateRecord(user, 'proxmox-endpoints', created.id, { password: null });
    expect(cleared.passwordSet).toBe(false);

    const changes = await handle.db.select().from(objectChanges).where(eq(objectChanges.changedObjectId, created.id));
    const text = JSON.stringify(changes);
    expect(text).not.toContain(plain);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('enc:v1:');
  });
});

describe(`sync ownership (${testDriver})`, () => {
  it('users cannot change sync-owned fields of synced rows, but own description and tags', async () => {
    const endpoint = await createRecord(user, 'proxmox-endpoints', {
      name: 'pve-sync',
      domain: 'pve-sync.example.com',
    });
    const vm = await createRecord(sync, 'virtual-machines', {
      name: 'db01',
      clusterId: clusterA,
      proxmoxEndpointId: endpoint.id,
      vmid: 101,
      guestType: 'qemu',
      memory: 2048,
    });
    const err = await errorOf(updateRecord(user, 'virtual-machines', vm.id, { memory: 4096 }));
    expect(err.fieldErrors).toEqual({
      memory: ['This object is managed by the Proxmox sync; change it in Proxmox instead.'],
    });
    const tag = await createRecord(user, 'tags', { name: 'prod', slug: 'prod' });
    const updated = await updateRecord(user, 'virtual-machines', vm.id, {
      description: 'primary database',
      tags: [tag.id],
    });
    expect(updated.description).toBe('primary database');
    expect(updated.tags).toEqual([{ id: tag.id, name: 'prod', slug: 'prod', color: '9e9e9e' }]);
    // A hand-made VM stays fully editable.
    const manual = await createRecord(user, 'virtual-machines', { name: 'manual', clusterId: clusterA, memory: 1024 });
    expect((await updateRecord(user, 'virtual-machines', manual.id, { memory: 2048 })).memory).toBe(2048);
    const vmidErr = await errorOf(updateRecord(user, 'virtual-machines', manual.id, { vmid: 5 }));
    expect(vmidErr.fieldErrors).toEqual({ vmid: ['This field is set by the Proxmox sync and cannot be changed.'] });
  });

  it('read-only API keys cannot write', async () => {
    const key: Actor = { kind: 'apikey', keyId: 'k1', description: 'ro', role: 'viewer' };
    const err = await errorOf(createRecord(key, 'tags', { name: 'x', slug: 'x' }));
    expect(err.code).toBe('forbidden');
  });
});

describe(`list filters (${testDriver})`, () => {
  it('applies NetBox lookups, OR on repeats, quick search and sorting exactly', async () => {
    const names = ['alpha', 'Bravo', 'charlie', 'delta_1', 'delta%2'];
    for (const [i, name] of names.entries())
      await createRecord(user, 'virtual-machines', {
        name,
        clusterId: clusterB,
        memory: 1000 * (i + 1),
        status: i % 2 ? 'offline' : 'active',
      });
    const inB = { clusterId: [String(clusterB)] };
    const names$ = async (q: Partial<ListQuery>) =>
      (await listRecords(user, 'virtual-machines', query({ ...q, filters: { ...inB, ...q.filters } }))).rows.map(
        (r) => r.name,
      );
    expect(await names$({ sort: { key: 'name', desc: false } })).toEqual(
      ['Bravo', 'alpha', 'charlie', 'delta%2', 'delta_1', 'web01'].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(
      await names$({ filters: { memory__gte: ['3000'], memory__lte: ['4000'] }, sort: { key: 'memory', desc: true } }),
    ).toEqual(['delta_1', 'charlie']);
    expect(await names$({ filters: { status: ['offline'] }, sort: { key: 'name', desc: false } })).toEqual([
      'Bravo',
      'delta_1',
    ]);
    expect(await names$({ filters: { name: ['alpha', 'charlie'] }, sort: { key: 'name', desc: false } })).toEqual([
      'alpha',
      'charlie',
    ]);
    expect(await names$({ filters: { name__ic: ['BRAV'] } })).toEqual(['Bravo']);
    expect(await names$({ filters: { name__isw: ['delta_'] } })).toEqual(['delta_1']);
    expect(await names$({ q: '%', sort: { key: 'name', desc: false } })).toEqual(['delta%2']);
    expect(await names$({ filters: { status__n: ['active'] }, sort: { key: 'name', desc: false } })).toEqual([
      'Bravo',
      'delta_1',
    ]);
    const page2 = await listRecords(
      user,
      'virtual-machines',
      query({ filters: inB, perPage: 2, page: 2, sort: { key: 'memory', desc: false } }),
    );
    expect(page2.rowCount).toBe(6);
    expect(page2.rows.map((r) => r.name)).toEqual(['charlie', 'delta_1']);
  });

  it('rejects invalid filter values with field errors', async () => {
    const err = await errorOf(
      listRecords(user, 'virtual-machines', query({ filters: { memory: ['lots'], status: ['running'] } })),
    );
    expect(err.fieldErrors).toEqual({
      memory: ['"lots" is not a valid whole number.'],
      status: ['Select a valid choice. running is not one of the available choices.'],
    });
  });
});

describe(`indirect relations (${testDriver})`, () => {
  it('filters IP addresses by the VM whose interface holds them, and disks by storage', async () => {
    const vm = await createRecord(user, 'virtual-machines', { name: 'ipvm', clusterId: clusterA });
    const other = await createRecord(user, 'virtual-machines', { name: 'ipvm2', clusterId: clusterA });
    const nic = await createRecord(user, 'vm-interfaces', { virtualMachineId: vm.id, name: 'net0' });
    const nic2 = await createRecord(user, 'vm-interfaces', { virtualMachineId: other.id, name: 'net0' });
    await createRecord(user, 'ip-addresses', {
      address: '172.16.0.10/24',
      assignedObjectType: 'virtualization.vminterface',
      assignedObjectId: nic.id,
    });
    await createRecord(user, 'ip-addresses', {
      address: '172.16.0.11/24',
      assignedObjectType: 'virtualization.vminterface',
      assignedObjectId: nic2.id,
    });
    const ips = await listRecords(user, 'ip-addresses', query({ filters: { virtualMachineId: [String(vm.id)] } }));
    expect(ips.rows.map((r) => r.address)).toEqual(['172.16.0.10/24']);
    const err = await errorOf(listRecords(user, 'ip-addresses', query({ filters: { virtualMachineId: ['abc'] } })));
    expect(err.fieldErrors).toEqual({ virtualMachineId: ['Enter whole-number ids.'] });

    const endpoint = await createRecord(user, 'proxmox-endpoints', {
      name: 'pve-disks',
      domain: 'pve-disks.example.com',
    });
    const storage = await createRecord(system, 'storage', { name: 'local-lvm', proxmoxEndpointId: endpoint.id });
    const disk = await createRecord(user, 'virtual-disks', { virtualMachineId: vm.id, name: 'scsi0', size: 1024 });
    await createRecord(user, 'virtual-disks', { virtualMachineId: vm.id, name: 'scsi1', size: 1024 });
    await createRecord(system, 'storage-virtual-disks', { proxmoxStorageId: storage.id, virtualDiskId: disk.id });
    const disks = await listRecords(
      user,
      'virtual-disks',
      query({ filters: { proxmoxStorageId: [String(storage.id)] } }),
    );
    expect(disks.rows.map((r) => r.name)).toEqual(['scsi0']);
  });
});

describe(`validation reporting (${testDriver})`, () => {
  it('reports field errors and cross-field rules together', async () => {
    const err = await errorOf(createRecord(user, 'proxmox-endpoints', { name: 'both-wrong', port: 70000 }));
    expect(err.fieldErrors).toEqual({
      port: ['Ensure this value is less than or equal to 65535.'],
      domain: ['Either a domain or an IP address is required.'],
    });
  });
});
