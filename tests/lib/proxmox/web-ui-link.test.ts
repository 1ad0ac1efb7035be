import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { createRecord, getRecord, updateRecord } from '@/lib/data/records';
import { getMeta } from '@/lib/models/registry';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { proxmoxWebUiUrl, urlAuthority } from '@/lib/proxmox/web-ui-link';
import { proxmoxWebUiUrlFor } from '@/lib/proxmox/web-ui-record';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

describe('proxmoxWebUiUrl', () => {
  const pve = { host: 'pve1.example.com', port: 8006 };
  it('builds the web UI URL of each view', () => {
    expect(proxmoxWebUiUrl(pve, { kind: 'qemu', vmid: 101 })).toBe(
      'https://pve1.example.com:8006/#v1:0:=qemu%2F101:4::::::',
    );
    expect(proxmoxWebUiUrl(pve, { kind: 'lxc', vmid: 205 })).toBe(
      'https://pve1.example.com:8006/#v1:0:=lxc%2F205:4::::::',
    );
    expect(proxmoxWebUiUrl(pve, { kind: 'node', node: 'pve1' })).toBe(
      'https://pve1.example.com:8006/#v1:0:=node%2Fpve1:4::::::',
    );
    expect(proxmoxWebUiUrl(pve, { kind: 'storage', node: 'pve1', storage: 'local-lvm' })).toBe(
      'https://pve1.example.com:8006/#v1:0:=storage%2Fpve1%2Flocal-lvm:4::::::',
    );
    expect(proxmoxWebUiUrl(pve, { kind: 'datacenter' })).toBe('https://pve1.example.com:8006/#v1:0:=root:4::::::');
  });

  it('accepts IP addresses, with or without a prefix length, and brackets IPv6', () => {
    expect(proxmoxWebUiUrl({ host: '10.0.0.5/24', port: 8006 }, { kind: 'qemu', vmid: 100 })).toBe(
      'https://10.0.0.5:8006/#v1:0:=qemu%2F100:4::::::',
    );
    expect(proxmoxWebUiUrl({ host: 'FD00:64:1::A/64', port: 443 }, { kind: 'node', node: 'n1' })).toBe(
      'https://[fd00:64:1::a]:443/#v1:0:=node%2Fn1:4::::::',
    );
    expect(urlAuthority({ host: '[::1]', port: 8006 })).toBe('[::1]:8006');
  });

  it('refuses hosts and ports that would make a broken or foreign URL', () => {
    expect(proxmoxWebUiUrl({ host: 'evil.com/x?', port: 8006 }, { kind: 'datacenter' })).toBeNull();
    expect(proxmoxWebUiUrl({ host: 'a b', port: 8006 }, { kind: 'datacenter' })).toBeNull();
    expect(proxmoxWebUiUrl({ host: 'user@host', port: 8006 }, { kind: 'datacenter' })).toBeNull();
    expect(proxmoxWebUiUrl({ host: '', port: 8006 }, { kind: 'datacenter' })).toBeNull();
    expect(proxmoxWebUiUrl(pve, { kind: 'datacenter' })).not.toBeNull();
    expect(proxmoxWebUiUrl({ host: 'pve', port: 0 }, { kind: 'datacenter' })).toBeNull();
    expect(proxmoxWebUiUrl({ host: 'pve', port: 70000 }, { kind: 'datacenter' })).toBeNull();
  });
});

describe(`proxmoxWebUiUrlFor on a synced estate (${testDriver})`, () => {
  let handle: DatabaseHandle;
  let sim: Simulator;
  const actor: Actor = { kind: 'system' };

  beforeAll(async () => {
    handle = await openTestDatabase();
    sim = await startSimulator({ seed: 7, clusters: 1, nodesPerCluster: 2, guests: 6, tls: true, version: '8.2' });
    await registerEndpoints(handle.db, actor, sim.clusters);
    expect((await runSync(handle.db, { requestedBy: 'test' })).status).toBe('completed');
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    await closeTestDatabase();
  });

  async function urlOf(model: string, id: number): Promise<string | null> {
    return proxmoxWebUiUrlFor(actor, getMeta(model)!, await getRecord(actor, model, id));
  }
  const base = () => `https://localhost:${sim.clusters[0].port}/#v1:0:=`;

  it('links a synced VM, node, device, storage, cluster and endpoint to their Proxmox pages', async () => {
    const [vm] = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(eq(schema.virtualMachines.name, 'ldap-001'));
    expect(await urlOf('virtual-machines', vm.id)).toBe(`${base()}${vm.guestType}%2F${vm.vmid}:4::::::`);
    const [node] = await handle.db.select().from(schema.proxmoxNodes).where(eq(schema.proxmoxNodes.name, 'pve1-node2'));
    expect(await urlOf('proxmox-nodes', node.id)).toBe(`${base()}node%2Fpve1-node2:4::::::`);
    expect(await urlOf('devices', node.netboxDeviceId!)).toBe(`${base()}node%2Fpve1-node2:4::::::`);
    const [storage] = await handle.db
      .select()
      .from(schema.proxmoxStorages)
      .where(eq(schema.proxmoxStorages.name, 'local'));
    const storageNode = storage.nodes?.split(/[\s,;]+/)[0] || 'pve1-node1';
    expect(await urlOf('storage', storage.id)).toBe(`${base()}storage%2F${storageNode}%2Flocal:4::::::`);
    const [cluster] = await handle.db.select().from(schema.proxmoxClusters);
    expect(await urlOf('proxmox-clusters', cluster.id)).toBe(`${base()}root:4::::::`);
    expect(await urlOf('clusters', cluster.netboxClusterId!)).toBe(`${base()}root:4::::::`);
    expect(await urlOf('proxmox-endpoints', cluster.proxmoxEndpointId)).toBe(`${base()}root:4::::::`);
  });

  it('has no link for objects that are not from Proxmox or models without a view', async () => {
    const site = await createRecord(actor, 'sites', { name: 'Lab', slug: 'lab' });
    const cluster = await createRecord(actor, 'clusters', {
      name: 'hand-made',
      typeId: (await handle.db.select().from(schema.clusterTypes))[0].id,
    });
    expect(await urlOf('clusters', cluster.id)).toBeNull();
    expect(await urlOf('sites', site.id)).toBeNull();
    const [backup] = await handle.db.select().from(schema.vmBackups).limit(1);
    expect(await urlOf('backups', backup.id)).toBeNull();
  });

  it('falls back to the endpoint IP address when it has no domain', async () => {
    const [endpoint] = await handle.db.select().from(schema.proxmoxEndpoints);
    const ip = await createRecord(actor, 'ip-addresses', { address: '192.0.2.10/24' });
    // An address change needs the secret again (it is only sent to the address it was entered for).
    await updateRecord(actor, 'proxmox-endpoints', endpoint.id, {
      domain: null,
      ipAddressId: ip.id,
      tokenValue: 'entered-again-for-the-new-address',
    });
    const [node] = await handle.db.select().from(schema.proxmoxNodes).where(eq(schema.proxmoxNodes.name, 'pve1-node1'));
    expect(await urlOf('proxmox-nodes', node.id)).toBe(
      `https://192.0.2.10:${endpoint.port}/#v1:0:=node%2Fpve1-node1:4::::::`,
    );
  });
});
