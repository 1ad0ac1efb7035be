import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, isNotNull } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { applyNetboxPush } from '@/lib/netbox/push';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { dropNetbox, netboxFor, writesOf } from './helpers';

// What changes with the NetBox version: MAC objects and primary_mac_address from 4.2 (before, the
// interface's mac_address), disk sizes in MB from 4.1 (GB before), start_on_boot from 4.5 and
// virtual_machine_type from 4.6; v2 tokens (NetBox 4.5+) and v1 tokens.

let handle: DatabaseHandle;
let pve: Simulator;
type Row = Record<string, unknown>;
const idOf = (v: unknown) => (v && typeof v === 'object' ? (v as Row).id : (v ?? null));
const valueOf = (v: unknown) => (v && typeof v === 'object' ? (v as Row).value : v);

beforeAll(async () => {
  handle = await openTestDatabase();
  pve = await startSimulator({ seed: 3, clusters: 1, nodesPerCluster: 2, guests: 6, tls: true, version: '8.2' });
  await registerEndpoints(handle.db, { kind: 'system' }, pve.clusters);
  await runSync(handle.db, {
    requestedBy: 'test',
    stages: ['devices', 'virtual-machines', 'vm-disks', 'network-interfaces', 'vm-interfaces', 'ip-addresses'],
  });
}, 120_000);

afterAll(async () => {
  await pve?.stop();
  await closeTestDatabase();
});

async function local() {
  const vms = await handle.db.select().from(schema.virtualMachines).where(isNotNull(schema.virtualMachines.vmid));
  const nics = await handle.db
    .select()
    .from(schema.vmInterfaces)
    .where(
      inArray(
        schema.vmInterfaces.virtualMachineId,
        vms.map((v) => v.id),
      ),
    );
  const disks = await handle.db
    .select()
    .from(schema.virtualDisks)
    .where(
      inArray(
        schema.virtualDisks.virtualMachineId,
        vms.map((v) => v.id),
      ),
    );
  return { vms, nics, disks };
}

describe(`NetBox versions (${testDriver})`, () => {
  it('4.0 with a v1 token: MACs on the interface, disk sizes in GB, no start_on_boot or VM type', async () => {
    const { sim: nb, endpointId } = await netboxFor(handle.db, '4.0');
    try {
      const result = await applyNetboxPush(handle.db, endpointId);
      expect(result.failures).toEqual([]);
      expect(result.plan.netboxVersion).toBe('4.0.11');
      expect(result.counts['dcim/mac-addresses'].created).toBe(0);
      expect(nb.requests.some((r) => r.path.startsWith('/api/dcim/mac-addresses/'))).toBe(false);
      const { vms, nics, disks } = await local();
      const remoteNics = nb.store.list('virtualization/interfaces') as Row[];
      const vmByName = new Map((nb.store.list('virtualization/virtual-machines') as Row[]).map((v) => [v.name, v]));
      for (const nic of nics.filter((n) => n.macAddress)) {
        const vm = vms.find((v) => v.id === nic.virtualMachineId)!;
        const r = remoteNics.find((n) => idOf(n.virtual_machine) === vmByName.get(vm.name)!.id && n.name === nic.name)!;
        expect(String(r.mac_address).toLowerCase()).toBe(nic.macAddress!.toLowerCase());
      }
      const remoteDisks = nb.store.list('virtualization/virtual-disks') as Row[];
      expect(remoteDisks.map((d) => d.size).sort()).toEqual(
        disks.map((d) => Math.max(1, Math.round(d.size / 1000))).sort(),
      );
      const anyVm = [...vmByName.values()][0];
      expect('start_on_boot' in anyVm || 'virtual_machine_type' in anyVm).toBe(false);
      nb.resetRequests();
      await applyNetboxPush(handle.db, endpointId);
      expect(writesOf(nb)).toEqual([]);
    } finally {
      await nb.stop();
      await dropNetbox(handle.db, endpointId);
    }
  }, 60_000);

  it('4.6 with a v2 token: MAC objects, sizes in MB, start_on_boot and virtual_machine_type', async () => {
    const { sim: nb, endpointId } = await netboxFor(handle.db, '4.6', 'v2');
    try {
      const result = await applyNetboxPush(handle.db, endpointId);
      expect(result.failures).toEqual([]);
      expect(result.plan.netboxVersion).toBe('4.6.8');
      const { vms, nics, disks } = await local();
      // One MAC object per guest interface with a MAC (the nodes' interfaces here have none).
      expect(result.counts['dcim/mac-addresses'].created).toBe(nics.filter((n) => n.macAddress).length);
      expect(result.counts['virtualization/virtual-machine-types'].created).toBe(
        new Set(vms.map((v) => v.virtualMachineTypeId)).size,
      );
      const types = new Map(
        (nb.store.list('virtualization/virtual-machine-types') as Row[]).map((t) => [t.id, t.slug]),
      );
      const localTypes = new Map(
        (await handle.db.select().from(schema.virtualMachineTypes)).map((t) => [t.id, t.slug]),
      );
      for (const v of nb.store.list('virtualization/virtual-machines') as Row[]) {
        const mine = vms.find((x) => x.name === v.name)!;
        expect(valueOf(v.start_on_boot)).toBe(mine.startOnBoot);
        expect(types.get(idOf(v.virtual_machine_type) as number)).toBe(localTypes.get(mine.virtualMachineTypeId!));
      }
      expect((nb.store.list('virtualization/virtual-disks') as Row[]).map((d) => d.size).sort()).toEqual(
        disks.map((d) => d.size).sort(),
      );
      // Every request carried the v2 bearer token (a v1 header would be refused with 403).
      expect(nb.requests.every((r) => r.status < 400)).toBe(true);
      nb.resetRequests();
      await applyNetboxPush(handle.db, endpointId);
      expect(writesOf(nb)).toEqual([]);
    } finally {
      await nb.stop();
      await dropNetbox(handle.db, endpointId);
    }
  }, 60_000);
});
