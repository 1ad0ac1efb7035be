// Overwrite flags of the sync, each proven by changing it and syncing against the simulator.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import { updateRecord } from '@/lib/data/records';
import { ensureSettings } from '@/lib/bootstrap/settings';
import type { QemuGuest } from '@/simulators/proxmox/estate/guest-types';
import { testDriver } from '../../helpers/db';
import { settingsEstate, system } from './helpers/settings-estate';

const estate = settingsEstate({ seed: 33, guests: 10 });
const { settings, sync, vmOf, tagsOf } = estate;
const qemuGuests = () => estate.sim.estate.clusters[0].guests.filter((g): g is QemuGuest => g.type === 'qemu');

describe(`overwrite_vm_cloudinit (${testDriver})`, () => {
  it("records a guest's cloud-init settings on its VM and, while on, follows changes; off, keeps them", async () => {
    const g = qemuGuests()[0];
    g.cloudInit = {
      user: 'alice',
      nameserver: '10.0.0.53 10.0.0.54',
      sshKeys: ['ssh-ed25519 AAAAC3 alice@laptop', 'ssh-rsa AAAAB3 ops@bastion'],
    };
    const noCloudInit = qemuGuests().find((x) => x !== g && !x.cloudInit)!;
    expect((await sync(['devices', 'virtual-machines'])).status).toBe('completed');
    const ipConfig = Object.fromEntries(
      g.nics.map((n) => [
        `net${n.index}`,
        {
          ip: n.ip4 ?? 'dhcp',
          ...(n.gw4 ? { gw: n.gw4 } : {}),
          ...(n.ip6 ? { ip6: n.ip6 } : {}),
          ...(n.gw6 ? { gw6: n.gw6 } : {}),
        },
      ]),
    );
    const recorded = {
      user: 'alice',
      type: null,
      passwordSet: true,
      ipConfig,
      nameservers: ['10.0.0.53', '10.0.0.54'],
      searchDomain: null,
      sshKeys: 2,
      upgrade: null,
      custom: null,
    };
    expect((await vmOf(g.vmid)).cloudInit).toEqual(recorded);
    expect((await vmOf(noCloudInit.vmid)).cloudInit).toBeNull();

    await settings({ overwriteVmCloudinit: false });
    g.cloudInit = { user: 'bob' };
    const off = await sync(['virtual-machines']);
    expect(off.counts['virtual-machines']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect((await vmOf(g.vmid)).cloudInit).toEqual(recorded);

    // The endpoint's own flag wins over the settings.
    await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { overwriteVmCloudinit: true });
    const on = await sync(['virtual-machines']);
    expect(on.counts['virtual-machines']).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    expect((await vmOf(g.vmid)).cloudInit).toEqual({ ...recorded, user: 'bob', nameservers: [], sshKeys: 0 });

    g.cloudInit = undefined;
    await sync(['virtual-machines']);
    expect((await vmOf(g.vmid)).cloudInit).toBeNull();
    await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { overwriteVmCloudinit: null });
    await settings({ overwriteVmCloudinit: true });
  }, 120_000);
});

describe(`overwrite_vm_proxmox_tags (${testDriver})`, () => {
  it('off, a VM keeps the Proxmox tags it was created with; back on, every change made meanwhile is applied', async () => {
    const g = qemuGuests()[1];
    const vmType = 'virtualization.virtualmachine';
    g.tags = ['web'];
    await sync(['virtual-machines']);
    const vm = await vmOf(g.vmid);
    expect(await tagsOf(vmType, vm.id)).toEqual(['Proxbox', 'web']);

    await settings({ overwriteVmProxmoxTags: false });
    g.tags = ['db'];
    const off = await sync(['virtual-machines']);
    expect(off.counts['virtual-machines']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await tagsOf(vmType, vm.id)).toEqual(['Proxbox', 'web']);
    expect((await vmOf(g.vmid)).proxmoxTags).toBe('web');

    await settings({ overwriteVmProxmoxTags: true });
    await sync(['virtual-machines']);
    expect(await tagsOf(vmType, vm.id)).toEqual(['Proxbox', 'db']);
    expect((await vmOf(g.vmid)).proxmoxTags).toBe('db');
  }, 120_000);
});

describe(`overwrite_*_tags (${testDriver})`, () => {
  const all = [
    'devices',
    'storage',
    'virtual-machines',
    'vm-disks',
    'network-interfaces',
    'vm-interfaces',
    'ip-addresses',
  ] as const;
  // Each flag, the object type whose `proxbox` tag it governs, and one synced object of that type.
  const cases = [
    {
      flag: 'overwriteClusterTags',
      objectType: 'virtualization.cluster',
      pick: async () =>
        (
          await estate.db.select().from(schema.clusters).where(eq(schema.clusters.proxmoxEndpointId, estate.endpointId))
        )[0].id,
    },
    {
      flag: 'overwriteDeviceTags',
      objectType: 'dcim.device',
      pick: async () =>
        (
          await estate.db.select().from(schema.devices).where(eq(schema.devices.proxmoxEndpointId, estate.endpointId))
        )[0].id,
    },
    {
      flag: 'overwriteStorageTags',
      objectType: 'netbox_proxbox.proxmoxstorage',
      pick: async () =>
        (
          await estate.db
            .select()
            .from(schema.proxmoxStorages)
            .where(eq(schema.proxmoxStorages.proxmoxEndpointId, estate.endpointId))
        )[0].id,
    },
    {
      flag: 'overwriteVmTags',
      objectType: 'virtualization.virtualmachine',
      pick: async () => (await vmOf(qemuGuests()[2].vmid)).id,
    },
    {
      flag: 'overwriteVmTags',
      objectType: 'virtualization.virtualdisk',
      pick: async () => (await estate.db.select().from(schema.virtualDisks))[0].id,
    },
    {
      flag: 'overwriteNodeInterfaceTags',
      objectType: 'dcim.interface',
      pick: async () => (await estate.db.select().from(schema.interfaces))[0].id,
    },
    {
      flag: 'overwriteVmInterfaceTags',
      objectType: 'virtualization.vminterface',
      pick: async () => (await estate.db.select().from(schema.vmInterfaces))[0].id,
    },
    {
      flag: 'overwriteIpTags',
      objectType: 'ipam.ipaddress',
      pick: async () =>
        (
          await estate.db
            .select()
            .from(schema.ipAddresses)
            .where(eq(schema.ipAddresses.proxmoxEndpointId, estate.endpointId))
        )[0].id,
    },
  ] as const;

  it.each(cases)(
    '$flag: on, the sync puts its tag back on a $objectType a user untagged; off, leaves it untagged',
    async ({ flag, objectType, pick }) => {
      expect((await sync([...all])).status).toBe('completed');
      const id = await pick();
      const [proxbox] = await estate.db.select().from(schema.tags).where(eq(schema.tags.slug, 'proxbox'));
      expect(await tagsOf(objectType, id)).toContain('Proxbox');
      const untag = () =>
        estate.db
          .delete(schema.taggedItems)
          .where(
            and(
              eq(schema.taggedItems.objectType, objectType),
              eq(schema.taggedItems.objectId, id),
              eq(schema.taggedItems.tagId, proxbox.id),
            ),
          );
      await untag();
      const kept = await tagsOf(objectType, id);

      await settings({ [flag]: false });
      await sync([...all]);
      expect(await tagsOf(objectType, id)).toEqual(kept);

      // The endpoint's own flag wins over the settings.
      await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { [flag]: true });
      await sync([...all]);
      expect(await tagsOf(objectType, id)).toEqual([...kept, 'Proxbox'].sort());
      await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { [flag]: null });
      await settings({ [flag]: true });

      // Nothing to put back: the next sync writes no tag.
      const before = await estate.db.select().from(schema.taggedItems);
      await sync([...all]);
      expect(await estate.db.select().from(schema.taggedItems)).toEqual(before);
    },
    120_000,
  );
});

describe(`removed settings (${testDriver})`, () => {
  it('is gone: stored credentials are encrypted with PROXBOX_SECRET_KEY or the key file, so the settings refuse it', async () => {
    await ensureSettings(estate.db);
    const [row] = await estate.db.select().from(schema.proxboxPluginSettings);
    expect('encryptionKey' in row).toBe(false);
    await expect(updateRecord(system, 'settings', row.id, { encryptionKey: 'a key' })).rejects.toMatchObject({
      fieldErrors: { encryptionKey: ['Unknown field.'] },
    });
  });

  it('the custom-field flags of objects without Proxmox custom fields are gone from the settings and the endpoints', async () => {
    const gone = [
      'overwriteClusterCustomFields',
      'overwriteNodeInterfaceCustomFields',
      'overwriteVmInterfaceCustomFields',
      'overwriteIpCustomFields',
    ];
    const [row] = await estate.db.select().from(schema.proxboxPluginSettings);
    const [endpoint] = await estate.db
      .select()
      .from(schema.proxmoxEndpoints)
      .where(eq(schema.proxmoxEndpoints.id, estate.endpointId));
    expect(gone.filter((k) => k in row || k in endpoint)).toEqual([]);
    await expect(updateRecord(system, 'settings', row.id, { overwriteIpCustomFields: false })).rejects.toMatchObject({
      fieldErrors: { overwriteIpCustomFields: ['Unknown field.'] },
    });
    await expect(
      updateRecord(system, 'proxmox-endpoints', estate.endpointId, { overwriteClusterCustomFields: false }),
    ).rejects.toMatchObject({ fieldErrors: { overwriteClusterCustomFields: ['Unknown field.'] } });
  });
});
