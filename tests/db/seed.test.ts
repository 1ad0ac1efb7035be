import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, countDistinct, eq, isNull, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import {
  ipAddresses,
  proxboxPluginSettings,
  proxmoxEndpoints,
  proxmoxNodes,
  proxmoxStorageVirtualDisks,
  proxmoxStorages,
  taggedItems,
  tags,
  virtualDisks,
  virtualMachines,
  vmBackups,
  vmInterfaces,
  vmTaskHistories,
} from '@/db/schema';
import { seedInventory, type SeedResult } from '@/db/seed/inventory';
import { decryptSecret, resetSecretKeyCache } from '@/lib/crypto/secrets';
import { closeTestDatabase, openTestDatabase, testDriver } from '../helpers/db';

const OPTIONS = { guests: 200, clusters: 2, nodesPerCluster: 3, seed: 1, now: new Date('2026-01-15T00:00:00Z') };

let handle: DatabaseHandle;
let result: SeedResult;

async function total(query: Promise<{ n: number }[]>): Promise<number> {
  const [{ n }] = await query;
  return Number(n);
}

/** VM names in identity order, to compare two seeds. */
async function vmNames(): Promise<string[]> {
  const rows = await handle.db
    .select({ name: virtualMachines.name })
    .from(virtualMachines)
    .innerJoin(proxmoxEndpoints, eq(proxmoxEndpoints.id, virtualMachines.proxmoxEndpointId))
    .orderBy(asc(proxmoxEndpoints.name), asc(virtualMachines.vmid));
  return rows.map((row) => row.name);
}

describe(`db seed (${testDriver})`, () => {
  beforeAll(async () => {
    // A fixed key so endpoint tokens are encrypted without writing a key file into the repo.
    process.env.PROXBOX_SECRET_KEY ??= 'c'.repeat(64);
    resetSecretKeyCache();
    handle = await openTestDatabase();
    result = await seedInventory(handle.db, OPTIONS);
  });
  afterAll(async () => {
    await closeTestDatabase();
  });

  it('writes exactly the requested estate', async () => {
    const db = handle.db;
    expect(await total(db.select({ n: count() }).from(virtualMachines))).toBe(200);
    expect(await total(db.select({ n: count() }).from(proxmoxEndpoints))).toBe(2);
    expect(await total(db.select({ n: count() }).from(proxmoxNodes))).toBe(6);
    expect(await total(db.select({ n: count() }).from(proxmoxStorages))).toBe(8);
    expect(await total(db.select({ n: count() }).from(proxboxPluginSettings))).toBe(1);
    expect(result.counts.guests).toBe(200);
    expect(await total(db.select({ n: count() }).from(vmInterfaces))).toBe(result.counts.vmInterfaces);
    expect(await total(db.select({ n: count() }).from(ipAddresses))).toBe(result.counts.vmInterfaces);
    expect(await total(db.select({ n: count() }).from(virtualDisks))).toBe(result.counts.virtualDisks);
    expect(await total(db.select({ n: count() }).from(vmBackups))).toBe(result.counts.backups);
    expect(await total(db.select({ n: count() }).from(vmTaskHistories))).toBe(result.counts.tasks);
  });

  it('round-trips typed values through the bulk insert (timestamps, numerics, booleans)', async () => {
    const [vm] = await handle.db
      .select({
        lastSyncedAt: virtualMachines.lastSyncedAt,
        vcpus: virtualMachines.vcpus,
        status: virtualMachines.status,
        proxmoxStatus: virtualMachines.proxmoxStatus,
      })
      .from(virtualMachines)
      .orderBy(asc(virtualMachines.id))
      .limit(1);
    expect(vm.lastSyncedAt?.toISOString()).toBe(OPTIONS.now.toISOString());
    expect(typeof vm.vcpus).toBe('number');
    expect(vm.status).toBe(vm.proxmoxStatus === 'running' ? 'active' : 'offline');
    const mixed = await total(
      handle.db
        .select({ n: count() })
        .from(virtualMachines)
        .where(sql`(${virtualMachines.proxmoxStatus} = 'running') <> (${virtualMachines.status} = 'active')`),
    );
    expect(mixed).toBe(0);
  });

  it('gives every guest a unique synced identity and every address a unique value', async () => {
    const db = handle.db;
    const identities = await total(
      db
        .select({
          n: countDistinct(
            sql`(${virtualMachines.proxmoxEndpointId}, ${virtualMachines.proxmoxClusterId}, ${virtualMachines.vmid})`,
          ),
        })
        .from(virtualMachines),
    );
    expect(identities).toBe(200);
    const unsynced = await total(
      db
        .select({ n: count() })
        .from(virtualMachines)
        .where(
          sql`${virtualMachines.proxmoxEndpointId} is null or ${virtualMachines.proxmoxClusterId} is null or ${virtualMachines.vmid} is null or ${virtualMachines.guestType} is null or ${virtualMachines.proxmoxNode} is null or ${virtualMachines.proxmoxStatus} is null`,
        ),
    );
    expect(unsynced).toBe(0);
    const [ips] = await db.select({ all: count(), distinct: countDistinct(ipAddresses.address) }).from(ipAddresses);
    expect(ips.distinct).toBe(ips.all);
    const [macs] = await db
      .select({ all: count(), distinct: countDistinct(vmInterfaces.macAddress) })
      .from(vmInterfaces);
    expect(macs.distinct).toBe(macs.all);
  });

  it('keeps each VM disk equal to the sum of its virtual disks, each disk linked to a storage', async () => {
    const db = handle.db;
    const sums = db
      .select({
        vmId: virtualDisks.virtualMachineId,
        total: sql<number>`sum(${virtualDisks.size})`.mapWith(Number).as('total'),
      })
      .from(virtualDisks)
      .groupBy(virtualDisks.virtualMachineId)
      .as('sums');
    const mismatched = await total(
      db
        .select({ n: count() })
        .from(virtualMachines)
        .leftJoin(sums, eq(sums.vmId, virtualMachines.id))
        .where(sql`${virtualMachines.disk} is distinct from ${sums.total}`),
    );
    expect(mismatched).toBe(0);
    const unlinked = await total(
      db
        .select({ n: count() })
        .from(virtualDisks)
        .leftJoin(proxmoxStorageVirtualDisks, eq(proxmoxStorageVirtualDisks.virtualDiskId, virtualDisks.id))
        .where(isNull(proxmoxStorageVirtualDisks.id)),
    );
    expect(unlinked).toBe(0);
  });

  it('sets a primary IPv4 assigned to one of the VM own interfaces', async () => {
    const owned = await total(
      handle.db
        .select({ n: count() })
        .from(virtualMachines)
        .innerJoin(ipAddresses, eq(ipAddresses.id, virtualMachines.primaryIp4Id))
        .innerJoin(
          vmInterfaces,
          and(eq(vmInterfaces.id, ipAddresses.assignedObjectId), eq(vmInterfaces.virtualMachineId, virtualMachines.id)),
        )
        .where(eq(ipAddresses.assignedObjectType, 'virtualization.vminterface')),
    );
    expect(owned).toBe(200);
  });

  it('tags every VM with Proxbox and stores endpoint tokens encrypted', async () => {
    const tagged = await total(
      handle.db
        .select({ n: countDistinct(taggedItems.objectId) })
        .from(taggedItems)
        .innerJoin(tags, eq(tags.id, taggedItems.tagId))
        .where(and(eq(tags.slug, 'proxbox'), eq(taggedItems.objectType, 'virtualization.virtualmachine'))),
    );
    expect(tagged).toBe(200);
    const endpoints = await handle.db.select({ tokenValue: proxmoxEndpoints.tokenValue }).from(proxmoxEndpoints);
    for (const { tokenValue } of endpoints) {
      expect(tokenValue).toMatch(/^enc:v1:/);
      expect(decryptSecret(tokenValue!)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses to seed twice without a reset', async () => {
    await expect(seedInventory(handle.db, OPTIONS)).rejects.toThrow(/--reset/);
  });

  it('produces the same guests for the same seed, and others for another seed', async () => {
    const first = await vmNames();
    await seedInventory(handle.db, { ...OPTIONS, reset: true });
    expect(await vmNames()).toEqual(first);
    await seedInventory(handle.db, { ...OPTIONS, seed: 2, reset: true });
    const other = await vmNames();
    expect(other).toHaveLength(200);
    expect(other).not.toEqual(first);
  });
});
