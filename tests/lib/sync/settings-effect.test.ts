// Settings that change what a sync does, each proven by changing it and syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { createRecord, updateRecord } from '@/lib/data/records';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { registerEndpoints } from '@/lib/sync/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/lib/proxmox/simulator';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
let endpointId: number;
const system = { kind: 'system' } as const;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 21, clusters: 1, nodesPerCluster: 2, guests: 12, tls: true });
  [endpointId] = await registerEndpoints(handle.db, system, sim.clusters);
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

async function settings(values: Record<string, unknown>): Promise<void> {
  await ensureSettings(handle.db);
  const [row] = await handle.db.select({ id: schema.proxboxPluginSettings.id }).from(schema.proxboxPluginSettings);
  await updateRecord(system, 'settings', row.id, values);
}

async function vmOf(vmid: number) {
  const [vm] = await handle.db.select().from(schema.virtualMachines).where(and(eq(schema.virtualMachines.proxmoxEndpointId, endpointId), eq(schema.virtualMachines.vmid, vmid)));
  return vm;
}

/** The tag names on a VM, sorted. */
async function vmTags(vmid: number): Promise<string[]> {
  const vm = await vmOf(vmid);
  const rows = await handle.db.select({ name: schema.tags.name }).from(schema.taggedItems).innerJoin(schema.tags, eq(schema.tags.id, schema.taggedItems.tagId)).where(and(eq(schema.taggedItems.objectType, 'virtualization.virtualmachine'), eq(schema.taggedItems.objectId, vm.id)));
  return rows.map((r) => r.name).sort();
}

const sync = (stages?: Parameters<typeof runSync>[1]['stages']) => runSync(handle.db, { requestedBy: 'test', stages });

describe(`settings with an effect on the sync (${testDriver})`, () => {
  it('Proxmox tags become tags on the VM and follow Proxmox while overwrite_vm_tags is on; a user\'s own tag stays', async () => {
    const g = sim.estate.clusters[0].guests[0];
    g.tags = ['web', 'prod'];
    const first = await sync(['devices', 'virtual-machines']);
    expect(first.status).toBe('completed');
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'prod', 'web']);

    const own = await createRecord(system, 'tags', { name: 'keep-me', slug: 'keep-me' });
    await handle.db.insert(schema.taggedItems).values({ tagId: own.id, objectType: 'virtualization.virtualmachine', objectId: (await vmOf(g.vmid)).id });
    g.tags = ['web', 'db'];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'db', 'keep-me', 'web']);

    // Nothing changed in Proxmox: nothing written.
    const before = await handle.db.select().from(schema.taggedItems);
    const again = await sync(['virtual-machines']);
    expect(again.counts['virtual-machines']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await handle.db.select().from(schema.taggedItems)).toEqual(before);
  }, 120_000);

  it('with overwrite_vm_tags off, Proxmox tags are merged in but never removed', async () => {
    const g = sim.estate.clusters[0].guests[0];
    await settings({ overwriteVmTags: false });
    g.tags = ['cache'];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'cache', 'db', 'keep-me', 'web']);
    // The endpoint's own flag wins over the settings.
    await updateRecord(system, 'proxmox-endpoints', endpointId, { overwriteVmTags: true });
    g.tags = [];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'db', 'keep-me', 'web']);
    await updateRecord(system, 'proxmox-endpoints', endpointId, { overwriteVmTags: null });
    await settings({ overwriteVmTags: true });
  }, 120_000);
});

describe(`primary_ip_preference (${testDriver})`, () => {
  it('makes an address of the preferred family the primary, falling back to the other family', async () => {
    const guests = sim.estate.clusters[0].guests;
    const dual = guests.find((g) => g.status === 'running' && g.nics.some((n) => n.ip4) && g.nics.some((n) => n.ip6));
    const v4only = guests.find((g) => g.status === 'running' && g.nics.some((n) => n.ip4) && !g.nics.some((n) => n.ip6));
    if (!dual || !v4only) throw new Error('the estate lacks a running dual-stack guest and an IPv4-only one');
    const family = async (id: number | null) => {
      if (id === null) return null;
      const [ip] = await handle.db.select().from(schema.ipAddresses).where(eq(schema.ipAddresses.id, id));
      return ip.address.includes(':') ? 6 : 4;
    };
    const primaries = async (vmid: number) => {
      const vm = await vmOf(vmid);
      return [await family(vm.primaryIp4Id), await family(vm.primaryIp6Id)];
    };
    const all = ['devices', 'virtual-machines', 'network-interfaces', 'vm-interfaces', 'ip-addresses'] as const;

    await settings({ primaryIpPreference: 'ipv4' });
    expect((await sync([...all])).status).toBe('completed');
    expect(await primaries(dual.vmid)).toEqual([4, null]);
    expect(await primaries(v4only.vmid)).toEqual([4, null]);

    await settings({ primaryIpPreference: 'ipv6' });
    await sync([...all]);
    expect(await primaries(dual.vmid)).toEqual([null, 6]);
    // No IPv6 address: the IPv4 one stays primary.
    expect(await primaries(v4only.vmid)).toEqual([4, null]);

    const again = await sync([...all]);
    expect(again.counts['ip-addresses']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    await settings({ primaryIpPreference: 'ipv4' });
  }, 120_000);
});

describe(`concurrency settings (${testDriver})`, () => {
  it('proxbox_fetch_max_concurrency bounds the requests in flight, vm_sync_max_concurrency the guest configs among them', async () => {
    sim.faults.latency(0, 40);
    try {
      for (const [fetch, vms] of [[3, 2], [6, 4]] as const) {
        await settings({ proxboxFetchMaxConcurrency: fetch, vmSyncMaxConcurrency: vms });
        sim.resetCounters();
        expect((await sync(['devices', 'virtual-machines', 'vm-snapshots'])).status).toBe('completed');
        expect(sim.peakConcurrency(0)).toBe(fetch);
        expect(sim.peakConcurrency(0, /\/(qemu|lxc)\/\d+\/config/)).toBe(vms);
      }
    } finally {
      sim.faults.latency(0, 0);
      await settings({ proxboxFetchMaxConcurrency: 8, vmSyncMaxConcurrency: 4 });
    }
  }, 120_000);
});
