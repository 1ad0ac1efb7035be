import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray, isNotNull } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { applyNetboxPush, planNetboxPush, readNetboxReachability } from '@/lib/netbox/push';
import { loadNetboxPushDetail } from '@/lib/dashboard/netbox-push-summary';
import { systemActor } from '@/lib/data/actor';
import type { NetboxSimulator } from '@/simulators/netbox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { dropNetbox, netboxFor, quickRetries, writesOf } from './helpers';

// The push against the NetBox simulator (4.2, v1 token) over HTTP, after syncing the Proxmox
// simulator's estate: exact objects and links, economy, adoption, hand edits, changes, failures.

let handle: DatabaseHandle;
let pve: Simulator;
const PROXMOX_STAGES = [
  'devices',
  'virtual-machines',
  'vm-disks',
  'network-interfaces',
  'vm-interfaces',
  'ip-addresses',
] as const;
const sync = async () => {
  const out = await runSync(handle.db, { requestedBy: 'test', stages: [...PROXMOX_STAGES] });
  expect(out.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return out;
};
type Row = Record<string, unknown>;
const list = (nb: NetboxSimulator, type: string) => nb.store.list(type) as Row[];
// The simulator's store answers in the API's shapes: nested objects, choices as {value, label}.
const tagSlugs = (_nb: NetboxSimulator, row: Row) => ((row.tags as Row[]) ?? []).map((t) => String(t.slug));
const idOf = (v: unknown) => (v && typeof v === 'object' ? (v as Row).id : (v ?? null));
const valueOf = (v: unknown) => (v && typeof v === 'object' ? (v as Row).value : v);

/** What the local inventory holds that the push must mirror. */
async function localCounts() {
  const db = handle.db;
  const vms = await db.select().from(schema.virtualMachines).where(isNotNull(schema.virtualMachines.vmid));
  const vmIds = vms.map((v) => v.id);
  const nodes = await db.select().from(schema.devices).where(isNotNull(schema.devices.proxmoxNode));
  const nics = vmIds.length
    ? await db.select().from(schema.vmInterfaces).where(inArray(schema.vmInterfaces.virtualMachineId, vmIds))
    : [];
  const ifaces = nodes.length
    ? await db
        .select()
        .from(schema.interfaces)
        .where(
          inArray(
            schema.interfaces.deviceId,
            nodes.map((n) => n.id),
          ),
        )
    : [];
  const disks = vmIds.length
    ? await db.select().from(schema.virtualDisks).where(inArray(schema.virtualDisks.virtualMachineId, vmIds))
    : [];
  const nicIds = new Set(nics.map((n) => n.id));
  const ifIds = new Set(ifaces.map((n) => n.id));
  const ips = (await db.select().from(schema.ipAddresses)).filter(
    (ip) =>
      (ip.assignedObjectType === 'virtualization.vminterface' && nicIds.has(ip.assignedObjectId!)) ||
      (ip.assignedObjectType === 'dcim.interface' && ifIds.has(ip.assignedObjectId!)),
  );
  const macs = [...nics, ...ifaces].filter((i) => i.macAddress).length;
  return { vms, nodes, nics, ifaces, disks, ips, macs };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  pve = await startSimulator({ seed: 11, clusters: 1, nodesPerCluster: 2, guests: 10, tls: true, version: '8.2' });
  await registerEndpoints(handle.db, { kind: 'system' }, pve.clusters);
  await quickRetries(handle.db);
  await sync();
}, 120_000);

afterAll(async () => {
  await pve?.stop();
  await closeTestDatabase();
});

describe(`NetBox push, first push and re-push (${testDriver})`, () => {
  let nb: NetboxSimulator;
  let endpointId: number;
  beforeAll(async () => {
    ({ sim: nb, endpointId } = await netboxFor(handle.db, '4.2'));
  });
  afterAll(async () => {
    await nb.stop();
    await dropNetbox(handle.db, endpointId);
  });

  it('a preview writes nothing, and the apply that follows does exactly what it showed', async () => {
    const local = await localCounts();
    const plan = await planNetboxPush(handle.db, endpointId);
    expect(writesOf(nb)).toHaveLength(0);
    expect(await handle.db.select({ n: count() }).from(schema.netboxRemoteObjects)).toEqual([{ n: 0 }]);
    const created = (type: string) => plan.summary[type as keyof typeof plan.summary].created;
    expect(created('virtualization/virtual-machines')).toBe(local.vms.length);
    expect(created('virtualization/interfaces')).toBe(local.nics.length);
    expect(created('dcim/devices')).toBe(local.nodes.length);
    expect(created('dcim/interfaces')).toBe(local.ifaces.length);
    expect(created('virtualization/virtual-disks')).toBe(local.disks.length);
    expect(created('ipam/ip-addresses')).toBe(local.ips.length);
    expect(created('dcim/mac-addresses')).toBe(local.macs);
    expect(created('virtualization/clusters')).toBe(1);
    expect(created('extras/custom-fields')).toBe(10);
    expect(
      plan.types.every(
        (t) => t.updates.length === 0 && t.deletes.length === 0 && t.conflicts.length === 0 && t.refusals.length === 0,
      ),
    ).toBe(true);

    nb.resetRequests();
    const result = await applyNetboxPush(handle.db, endpointId);
    expect(result.failures).toEqual([]);
    // What the preview showed is what the apply did, per type.
    expect(result.counts).toEqual(plan.summary);
    expect(result.plan.types.map((t) => [t.type, t.creates.map((c) => c.key).sort()])).toEqual(
      plan.types.map((t) => [t.type, t.creates.map((c) => c.key).sort()]),
    );
    // Exactly these objects exist in NetBox now.
    expect(list(nb, 'virtualization/virtual-machines')).toHaveLength(local.vms.length);
    expect(list(nb, 'virtualization/interfaces')).toHaveLength(local.nics.length);
    expect(list(nb, 'virtualization/virtual-disks')).toHaveLength(local.disks.length);
    expect(list(nb, 'ipam/ip-addresses')).toHaveLength(local.ips.length);
    expect(list(nb, 'dcim/mac-addresses')).toHaveLength(local.macs);
    expect(list(nb, 'dcim/devices')).toHaveLength(local.nodes.length);
    const objects = Object.values(result.counts).reduce((n, c) => n + c.created, 0);
    console.log(
      `first push (${testDriver}): ${result.requests.total} requests, ${result.requests.writes} writes, ${objects} objects`,
    );
    expect(result.requests.writes).toBe(writesOf(nb).length);
    // Bulk writes: one POST per type (fewer than 200 objects each) plus the second pass, one bulk
    // PATCH each for the interfaces' primary MACs and the VMs' primary IPs.
    expect(
      writesOf(nb)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'PATCH /api/virtualization/interfaces/',
      'PATCH /api/virtualization/virtual-machines/',
      'POST /api/dcim/device-roles/',
      'POST /api/dcim/device-types/',
      'POST /api/dcim/devices/',
      'POST /api/dcim/interfaces/',
      'POST /api/dcim/mac-addresses/',
      'POST /api/dcim/manufacturers/',
      'POST /api/dcim/sites/',
      'POST /api/extras/custom-fields/',
      'POST /api/extras/tags/',
      'POST /api/ipam/ip-addresses/',
      'POST /api/virtualization/cluster-types/',
      'POST /api/virtualization/clusters/',
      'POST /api/virtualization/interfaces/',
      'POST /api/virtualization/virtual-disks/',
      'POST /api/virtualization/virtual-machines/',
    ]);
  });

  it('links every object: cluster, host, role, interfaces, MACs, addresses, primary IPs, disks and the identity custom fields', async () => {
    const local = await localCounts();
    const [cluster] = list(nb, 'virtualization/clusters');
    const vmByName = new Map(list(nb, 'virtualization/virtual-machines').map((v) => [String(v.name), v]));
    const nodeByName = new Map(list(nb, 'dcim/devices').map((d) => [String(d.name), d]));
    for (const node of local.nodes) {
      const d = nodeByName.get(node.name!)!;
      expect(idOf(d.cluster)).toBe(cluster.id);
      expect(tagSlugs(nb, d)).toEqual(['proxbox']);
      expect((d.custom_fields as Row).proxmox_node).toBe(node.proxmoxNode);
    }
    const nicRemote = list(nb, 'virtualization/interfaces');
    const macRemote = list(nb, 'dcim/mac-addresses');
    const ipRemote = list(nb, 'ipam/ip-addresses');
    for (const vm of local.vms) {
      const r = vmByName.get(vm.name)!;
      expect(idOf(r.cluster)).toBe(cluster.id);
      expect(r.memory).toBe(vm.memory);
      expect(valueOf(r.status)).toBe(vm.status);
      expect(nodeByName.get(vm.proxmoxNode!)!.id).toBe(idOf(r.device));
      expect(tagSlugs(nb, r)).toContain('proxbox');
      const cf = r.custom_fields as Row;
      expect([cf.proxmox_vm_id, cf.proxmox_vm_type, cf.proxmox_node]).toEqual([vm.vmid, vm.guestType, vm.proxmoxNode]);
      const disks = local.disks.filter((d) => d.virtualMachineId === vm.id);
      const remoteDisks = list(nb, 'virtualization/virtual-disks').filter((d) => idOf(d.virtual_machine) === r.id);
      expect(remoteDisks.map((d) => [d.name, d.size]).sort()).toEqual(disks.map((d) => [d.name, d.size]).sort());
      if (disks.length) expect(r.disk).toBe(disks.reduce((n, d) => n + d.size, 0));
      for (const nic of local.nics.filter((n) => n.virtualMachineId === vm.id)) {
        const rn = nicRemote.find((n) => idOf(n.virtual_machine) === r.id && n.name === nic.name)!;
        expect(rn).toBeDefined();
        if (nic.macAddress) {
          const mac = macRemote.find((m) => m.id === idOf(rn.primary_mac_address))!;
          expect([String(mac.mac_address).toLowerCase(), mac.assigned_object_type, mac.assigned_object_id]).toEqual([
            nic.macAddress.toLowerCase(),
            'virtualization.vminterface',
            rn.id,
          ]);
        }
        for (const ip of local.ips.filter(
          (i) => i.assignedObjectType === 'virtualization.vminterface' && i.assignedObjectId === nic.id,
        )) {
          const ri = ipRemote.find((i) => i.address === ip.address)!;
          expect([ri.assigned_object_type, ri.assigned_object_id]).toEqual(['virtualization.vminterface', rn.id]);
        }
      }
      const primary = local.ips.find((i) => i.id === vm.primaryIp4Id);
      expect(idOf(r.primary_ip4)).toBe(primary ? ipRemote.find((i) => i.address === primary.address)!.id : null);
    }
    const cfs = new Map(list(nb, 'extras/custom-fields').map((c) => [String(c.name), c]));
    expect([valueOf(cfs.get('proxmox_vm_id')!.type), cfs.get('proxmox_vm_id')!.object_types]).toEqual([
      'integer',
      ['virtualization.virtualmachine'],
    ]);
    expect([
      valueOf(cfs.get('proxmox_node')!.type),
      [...(cfs.get('proxmox_node')!.object_types as string[])].sort(),
    ]).toEqual(['text', ['dcim.device', 'virtualization.virtualmachine']]);
    // Ownership is recorded for every object created.
    const [{ n }] = await handle.db
      .select({ n: count() })
      .from(schema.netboxRemoteObjects)
      .where(eq(schema.netboxRemoteObjects.endpointId, endpointId));
    expect(n).toBe(
      list(nb, 'virtualization/virtual-machines').length +
        list(nb, 'virtualization/interfaces').length +
        list(nb, 'virtualization/virtual-disks').length +
        list(nb, 'ipam/ip-addresses').length +
        list(nb, 'dcim/mac-addresses').length +
        list(nb, 'dcim/devices').length +
        list(nb, 'dcim/interfaces').length +
        list(nb, 'virtualization/clusters').length +
        list(nb, 'extras/custom-fields').length +
        list(nb, 'extras/tags').length +
        list(nb, 'virtualization/cluster-types').length +
        list(nb, 'dcim/sites').length +
        list(nb, 'dcim/manufacturers').length +
        list(nb, 'dcim/device-types').length +
        list(nb, 'dcim/device-roles').length,
    );
    // The node role and the two VM roles the sync assigns (QEMU, LXC): all created by the push.
    expect(list(nb, 'dcim/device-roles')).toHaveLength(3);
  });

  it('a re-push with nothing changed makes zero writes and reads in bulk', async () => {
    nb.resetRequests();
    const result = await applyNetboxPush(handle.db, endpointId);
    expect(writesOf(nb)).toEqual([]);
    expect(result.requests.writes).toBe(0);
    expect(Object.values(result.counts).reduce((n, c) => n + c.created + c.updated + c.deleted + c.failed, 0)).toBe(0);
    // One list per object type, never one GET per object.
    expect(nb.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/extras/tags/',
      'GET /api/extras/custom-fields/',
      'GET /api/dcim/manufacturers/',
      'GET /api/dcim/device-types/',
      'GET /api/virtualization/cluster-types/',
      'GET /api/dcim/sites/',
      'GET /api/virtualization/clusters/',
      'GET /api/dcim/device-roles/',
      'GET /api/dcim/devices/',
      'GET /api/dcim/interfaces/',
      'GET /api/virtualization/virtual-machines/',
      'GET /api/virtualization/interfaces/',
      'GET /api/dcim/mac-addresses/',
      'GET /api/ipam/ip-addresses/',
      'GET /api/virtualization/virtual-disks/',
    ]);
    console.log(`re-push (${testDriver}): ${result.requests.total} requests, ${result.requests.writes} writes`);
  });

  it('hand-added tags, comments and foreign custom fields survive a later push that changes the VM', async () => {
    const vm = list(nb, 'virtualization/virtual-machines')[0];
    const hand = nb.store.create('extras/tags', { name: 'Hand made', slug: 'hand-made' });
    nb.store.create('extras/custom-fields', {
      name: 'owner_team',
      type: 'text',
      object_types: ['virtualization.virtualmachine'],
    });
    nb.store.update('virtualization/virtual-machines', vm.id as number, {
      tags: [...(vm.tags as Row[]).map((t) => t.id), hand.id],
      comments: 'Racked by Ana',
      custom_fields: { owner_team: 'infra' },
    });
    nb.resetRequests();
    expect((await applyNetboxPush(handle.db, endpointId)).requests.writes).toBe(0);
    // A local change (memory) is pushed; the hand edits stay.
    const [local] = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(eq(schema.virtualMachines.name, String(vm.name)));
    await handle.db
      .update(schema.virtualMachines)
      .set({ memory: (local.memory ?? 0) + 1024 })
      .where(eq(schema.virtualMachines.id, local.id));
    const plan = await planNetboxPush(handle.db, endpointId);
    const vmPlan = plan.types.find((t) => t.type === 'virtualization/virtual-machines')!;
    expect(vmPlan.updates).toEqual([
      {
        key: `vm:${local.id}`,
        label: local.name,
        remoteId: vm.id,
        adopt: false,
        changes: [{ field: 'memory', old: local.memory, new: (local.memory ?? 0) + 1024 }],
      },
    ]);
    nb.resetRequests();
    const result = await applyNetboxPush(handle.db, endpointId);
    expect(result.counts['virtualization/virtual-machines']).toEqual({
      created: 0,
      updated: 1,
      deleted: 0,
      unchanged: list(nb, 'virtualization/virtual-machines').length - 1,
      failed: 0,
    });
    expect(writesOf(nb).map((w) => `${w.method} ${w.path}`)).toEqual(['PATCH /api/virtualization/virtual-machines/']);
    const after = nb.store.get('virtualization/virtual-machines', vm.id as number)!;
    expect(after.memory).toBe((local.memory ?? 0) + 1024);
    expect(after.comments).toBe('Racked by Ana');
    expect(tagSlugs(nb, after).sort()).toEqual([...tagSlugs(nb, vm), 'hand-made'].sort());
    expect(tagSlugs(nb, after)).toContain('proxbox');
    expect((after.custom_fields as Row).owner_team).toBe('infra');
  });

  it('writes owned fields through the overwrite flags: off keeps the NetBox value, on restores the local one', async () => {
    const vm = list(nb, 'virtualization/virtual-machines')[1];
    const [local] = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(eq(schema.virtualMachines.name, String(vm.name)));
    await handle.db
      .update(schema.proxboxPluginSettings)
      .set({ overwriteVmDescription: false, overwriteVmCustomFields: false });
    nb.store.update('virtualization/virtual-machines', vm.id as number, {
      description: 'described by hand',
      custom_fields: { proxmox_status: 'edited by hand' },
    });
    await handle.db
      .update(schema.virtualMachines)
      .set({ description: 'from Proxmox' })
      .where(eq(schema.virtualMachines.id, local.id));
    nb.resetRequests();
    const off = await applyNetboxPush(handle.db, endpointId);
    expect(writesOf(nb)).toEqual([]);
    expect(off.counts['virtualization/virtual-machines'].updated).toBe(0);
    expect(nb.store.get('virtualization/virtual-machines', vm.id as number)).toMatchObject({
      description: 'described by hand',
      custom_fields: expect.objectContaining({ proxmox_status: 'edited by hand' }),
    });
    // A per-endpoint override wins over the settings.
    await handle.db
      .update(schema.proxmoxEndpoints)
      .set({ overwriteVmDescription: true, overwriteVmCustomFields: true });
    const on = await planNetboxPush(handle.db, endpointId);
    expect(on.types.find((t) => t.type === 'virtualization/virtual-machines')!.updates).toEqual([
      {
        key: `vm:${local.id}`,
        label: local.name,
        remoteId: vm.id,
        adopt: false,
        changes: [
          { field: 'description', old: 'described by hand', new: 'from Proxmox' },
          { field: 'custom_fields.proxmox_status', old: 'edited by hand', new: local.proxmoxStatus },
        ],
      },
    ]);
    await applyNetboxPush(handle.db, endpointId);
    expect(nb.store.get('virtualization/virtual-machines', vm.id as number)).toMatchObject({
      description: 'from Proxmox',
      custom_fields: expect.objectContaining({ proxmox_status: local.proxmoxStatus }),
    });
    await handle.db
      .update(schema.proxmoxEndpoints)
      .set({ overwriteVmDescription: null, overwriteVmCustomFields: null });
    await handle.db
      .update(schema.proxboxPluginSettings)
      .set({ overwriteVmDescription: true, overwriteVmCustomFields: true });
  });

  it('overwrite_device_custom_fields: off, a Proxmox custom field edited in NetBox stays; on, it is put back', async () => {
    const device = list(nb, 'dcim/devices')[0];
    const [local] = await handle.db
      .select()
      .from(schema.devices)
      .where(eq(schema.devices.name, String(device.name)));
    await handle.db.update(schema.proxboxPluginSettings).set({ overwriteDeviceCustomFields: false });
    nb.store.update('dcim/devices', device.id as number, { custom_fields: { proxmox_node: 'edited by hand' } });
    nb.resetRequests();
    const off = await applyNetboxPush(handle.db, endpointId);
    expect(writesOf(nb)).toEqual([]);
    expect(off.counts['dcim/devices'].updated).toBe(0);
    expect((nb.store.get('dcim/devices', device.id as number)!.custom_fields as Row).proxmox_node).toBe(
      'edited by hand',
    );
    // A per-endpoint override wins over the settings.
    await handle.db.update(schema.proxmoxEndpoints).set({ overwriteDeviceCustomFields: true });
    const on = await planNetboxPush(handle.db, endpointId);
    expect(on.types.find((t) => t.type === 'dcim/devices')!.updates).toEqual([
      {
        key: `device:${local.id}`,
        label: local.name,
        remoteId: device.id,
        adopt: false,
        changes: [{ field: 'custom_fields.proxmox_node', old: 'edited by hand', new: local.proxmoxNode }],
      },
    ]);
    await applyNetboxPush(handle.db, endpointId);
    expect((nb.store.get('dcim/devices', device.id as number)!.custom_fields as Row).proxmox_node).toBe(
      local.proxmoxNode,
    );
    await handle.db.update(schema.proxmoxEndpoints).set({ overwriteDeviceCustomFields: null });
    await handle.db.update(schema.proxboxPluginSettings).set({ overwriteDeviceCustomFields: true });
  });

  it('overwrite_vm_proxmox_tags: off, the pve: tags of a pushed VM stay; on, they follow the local Proxmox tags', async () => {
    const vm = list(nb, 'virtualization/virtual-machines')[2];
    const [local] = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(eq(schema.virtualMachines.name, String(vm.name)));
    const pveOf = () =>
      tagSlugs(nb, nb.store.get('virtualization/virtual-machines', vm.id as number)!)
        .filter((t) => t.startsWith('pve-'))
        .sort();
    await handle.db
      .update(schema.virtualMachines)
      .set({ proxmoxTags: 'alpha' })
      .where(eq(schema.virtualMachines.id, local.id));
    await applyNetboxPush(handle.db, endpointId);
    expect(pveOf()).toEqual(['pve-alpha']);
    await handle.db.update(schema.proxboxPluginSettings).set({ overwriteVmProxmoxTags: false });
    await handle.db
      .update(schema.virtualMachines)
      .set({ proxmoxTags: 'beta' })
      .where(eq(schema.virtualMachines.id, local.id));
    const off = await applyNetboxPush(handle.db, endpointId);
    expect(off.counts['virtualization/virtual-machines'].updated).toBe(0);
    expect(pveOf()).toEqual(['pve-alpha']);
    // A per-endpoint override wins over the settings.
    await handle.db.update(schema.proxmoxEndpoints).set({ overwriteVmProxmoxTags: true });
    const on = await applyNetboxPush(handle.db, endpointId);
    expect(on.counts['virtualization/virtual-machines'].updated).toBe(1);
    expect(pveOf()).toEqual(['pve-beta']);
    await handle.db.update(schema.proxmoxEndpoints).set({ overwriteVmProxmoxTags: null });
    await handle.db.update(schema.proxboxPluginSettings).set({ overwriteVmProxmoxTags: true });
    await handle.db
      .update(schema.virtualMachines)
      .set({ proxmoxTags: local.proxmoxTags })
      .where(eq(schema.virtualMachines.id, local.id));
    await applyNetboxPush(handle.db, endpointId);
  });

  it('follows a rename, a removed guest, an IP change; recreates what was deleted by hand', async () => {
    const guests = pve.estate.clusters[0].guests;
    const running = guests.filter((g) => g.status === 'running' && g.type === 'lxc');
    const [renamed, removed] = guests.filter((g) => !running.slice(-1).includes(g));
    const ipGuest = running[running.length - 1];
    const before = new Map(
      list(nb, 'virtualization/virtual-machines').map((v) => [Number((v.custom_fields as Row).proxmox_vm_id), v]),
    );
    pve.mutate.renameGuest(0, renamed.vmid, 'renamed-in-proxmox');
    pve.mutate.removeGuest(0, removed.vmid);
    pve.mutate.changeIp(0, ipGuest.vmid, '10.250.0.9/24');
    await sync();
    const handDeleted = [...before.values()].find(
      (v) => ![renamed.vmid, removed.vmid, ipGuest.vmid].includes(Number((v.custom_fields as Row).proxmox_vm_id)),
    )!;
    nb.store.delete('virtualization/virtual-machines', handDeleted.id as number);

    const result = await applyNetboxPush(handle.db, endpointId);
    expect(result.failures).toEqual([]);
    const vms = list(nb, 'virtualization/virtual-machines');
    const byVmid = new Map(vms.map((v) => [Number((v.custom_fields as Row).proxmox_vm_id), v]));
    // Rename: the same NetBox object.
    expect([byVmid.get(renamed.vmid)!.id, byVmid.get(renamed.vmid)!.name]).toEqual([
      before.get(renamed.vmid)!.id,
      'renamed-in-proxmox',
    ]);
    // Removed (the local policy marks it): offline and tagged stale, same object.
    const gone = byVmid.get(removed.vmid)!;
    expect([gone.id, valueOf(gone.status), tagSlugs(nb, gone).sort()]).toEqual([
      before.get(removed.vmid)!.id,
      'offline',
      ['proxbox', 'proxbox-stale'],
    ]);
    // IP change: the new address is on the guest's interface, the old one is gone from NetBox.
    const ips = list(nb, 'ipam/ip-addresses');
    const moved = ips.filter((i) => i.address === '10.250.0.9/24');
    expect(moved).toHaveLength(1);
    const nic = nb.store.get('virtualization/interfaces', moved[0].assigned_object_id as number)!;
    expect(idOf(nic.virtual_machine)).toBe(byVmid.get(ipGuest.vmid)!.id);
    const local = await localCounts();
    expect(ips.map((i) => i.address).sort()).toEqual(local.ips.map((i) => i.address).sort());
    // Deleted by hand: created again, once, with its interfaces and disks.
    const again = vms.filter((v) => v.name === handDeleted.name);
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(handDeleted.id);
    expect(vms).toHaveLength(local.vms.length);
    expect(list(nb, 'virtualization/interfaces')).toHaveLength(local.nics.length);
    expect(list(nb, 'virtualization/virtual-disks')).toHaveLength(local.disks.length);
    // And the next push has nothing left to do.
    nb.resetRequests();
    await applyNetboxPush(handle.db, endpointId);
    expect(writesOf(nb)).toEqual([]);
  }, 60_000);

  it('the status panel reports version, last push, owned objects', async () => {
    expect(await readNetboxReachability(handle.db, endpointId)).toEqual({
      reachable: true,
      version: '4.2.2',
      error: null,
    });
    const status = await loadNetboxPushDetail(systemActor, endpointId);
    expect(status.lastPush?.status).toBe('completed');
    expect(status.objectsOwned['virtualization/virtual-machines']).toBe(
      list(nb, 'virtualization/virtual-machines').length,
    );
    expect(status.openConflicts).toEqual([]);
  });
});

describe(`NetBox push, adoption and foreign objects (${testDriver})`, () => {
  let nb: NetboxSimulator;
  let endpointId: number;
  afterAll(async () => {
    await nb.stop();
    await dropNetbox(handle.db, endpointId);
  });

  it('adopts a hand-made cluster and VM, reports a VM of another identity, never touches foreign IPs and adopts an identical unassigned one', async () => {
    ({ sim: nb, endpointId } = await netboxFor(handle.db, '4.2'));
    const local = await localCounts();
    const [cluster] = await handle.db
      .select()
      .from(schema.clusters)
      .where(isNotNull(schema.clusters.proxmoxEndpointId));
    const present = new Set(pve.estate.clusters[0].guests.map((g) => g.vmid));
    const [adoptVm, conflictVm, foreignIpVm, freeIpVm] = local.vms
      .filter((v) => present.has(v.vmid!))
      .filter((v) =>
        local.ips.some((ip) => local.nics.some((n) => n.virtualMachineId === v.id && n.id === ip.assignedObjectId)),
      );
    const ipOf = (vmId: number) =>
      local.ips.find((ip) => local.nics.some((n) => n.virtualMachineId === vmId && n.id === ip.assignedObjectId))!;
    // The NetBox admin already has these:
    nb.store.create('virtualization/cluster-types', { name: 'Hand', slug: 'hand' });
    const handCluster = nb.store.create('virtualization/clusters', {
      name: cluster.name,
      type: { slug: 'hand' },
      comments: 'made by hand',
    });
    nb.store.create('extras/custom-fields', {
      name: 'proxmox_vm_id',
      type: 'integer',
      object_types: ['virtualization.virtualmachine'],
    });
    const handVm = nb.store.create('virtualization/virtual-machines', {
      name: adoptVm.name.toUpperCase(),
      cluster: handCluster.id,
      comments: 'keep me',
    });
    const otherVm = nb.store.create('virtualization/virtual-machines', {
      name: conflictVm.name,
      cluster: handCluster.id,
      custom_fields: { proxmox_vm_id: 4242 },
    });
    const stranger = nb.store.create('virtualization/virtual-machines', { name: 'stranger', cluster: handCluster.id });
    const strangerNic = nb.store.create('virtualization/interfaces', { name: 'eth0', virtual_machine: stranger.id });
    const foreignIp = nb.store.create('ipam/ip-addresses', {
      address: ipOf(foreignIpVm.id).address,
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: strangerNic.id,
      description: 'the stranger’s',
    });
    const freeIp = nb.store.create('ipam/ip-addresses', {
      address: ipOf(freeIpVm.id).address,
      description: 'reserved by hand',
    });
    nb.resetRequests();

    const plan = await planNetboxPush(handle.db, endpointId);
    const of = (type: string) => plan.types.find((t) => t.type === type)!;
    expect(of('virtualization/clusters').updates.map((u) => [u.remoteId, u.adopt])).toEqual([[handCluster.id, true]]);
    expect(of('virtualization/clusters').creates).toEqual([]);
    const vmPlan = of('virtualization/virtual-machines');
    expect(vmPlan.updates.find((u) => u.remoteId === handVm.id)).toMatchObject({
      key: `vm:${adoptVm.id}`,
      adopt: true,
    });
    expect(vmPlan.conflicts).toEqual([
      {
        key: `vm:${conflictVm.id}`,
        label: conflictVm.name,
        remoteId: otherVm.id,
        reason: expect.stringContaining('proxmox_vm_id = 4242'),
      },
    ]);
    expect(vmPlan.creates).toHaveLength(local.vms.length - 2);
    const ipPlan = of('ipam/ip-addresses');
    expect(ipPlan.refusals.map((r) => [r.key, r.remoteId])).toEqual(
      expect.arrayContaining([[`ip:${ipOf(foreignIpVm.id).id}`, foreignIp.id]]),
    );
    expect(ipPlan.refusals.find((r) => r.remoteId === foreignIp.id)!.reason).toContain('stranger eth0');
    expect(ipPlan.updates.find((u) => u.remoteId === freeIp.id)).toMatchObject({ adopt: true });
    expect(writesOf(nb)).toEqual([]);

    const result = await applyNetboxPush(handle.db, endpointId);
    expect(result.failures).toEqual([]);
    expect(result.counts).toEqual(plan.summary);
    // Adopted, not duplicated: one cluster, the hand-made VM is now managed (tagged, identity set), comments kept.
    expect(list(nb, 'virtualization/clusters')).toHaveLength(1);
    const adopted = nb.store.get('virtualization/virtual-machines', handVm.id as number)!;
    expect([
      adopted.comments,
      tagSlugs(nb, adopted).filter((t) => !t.startsWith('pve-')),
      (adopted.custom_fields as Row).proxmox_vm_id,
    ]).toEqual(['keep me', ['proxbox'], adoptVm.vmid]);
    expect(nb.store.get('virtualization/clusters', handCluster.id as number)!.comments).toBe('made by hand');
    // The other guest's VM and the stranger's address are untouched.
    expect(nb.store.get('virtualization/virtual-machines', otherVm.id as number)).toMatchObject({
      name: conflictVm.name,
      tags: [],
      custom_fields: expect.objectContaining({ proxmox_vm_id: 4242 }),
    });
    expect(nb.store.get('ipam/ip-addresses', foreignIp.id as number)).toMatchObject({
      assigned_object_id: strangerNic.id,
      tags: [],
      description: 'the stranger’s',
    });
    expect(list(nb, 'ipam/ip-addresses').filter((i) => i.address === foreignIp.address)).toHaveLength(1);
    // The free address is adopted: assigned to the guest's interface, not duplicated.
    const adoptedIp = nb.store.get('ipam/ip-addresses', freeIp.id as number)!;
    expect(adoptedIp.assigned_object_type).toBe('virtualization.vminterface');
    expect(list(nb, 'ipam/ip-addresses').filter((i) => i.address === freeIp.address)).toHaveLength(1);
    // The foreign-IP guest has no primary IPv4 from that address.
    const fvm = list(nb, 'virtualization/virtual-machines').find((v) => v.name === foreignIpVm.name)!;
    expect(idOf(fvm.primary_ip4) === foreignIp.id).toBe(false);
    // Open conflicts are on the status panel.
    const status = await loadNetboxPushDetail(systemActor, endpointId);
    expect(status.openConflicts.find((c) => c.key === `ip:${ipOf(foreignIpVm.id).id}`)).toMatchObject({
      type: 'ipam/ip-addresses',
      remoteId: foreignIp.id,
    });
    expect(status.openConflicts.some((c) => c.key === `vm:${conflictVm.id}`)).toBe(true);
  }, 60_000);
});
