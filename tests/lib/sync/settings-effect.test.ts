// Settings that change what a sync does, each proven by changing it and syncing.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import { createRecord, updateRecord } from '@/lib/data/records';
import { testDriver } from '../../helpers/db';
import { settingsEstate, system } from './helpers/settings-estate';

const estate = settingsEstate({ seed: 21, guests: 12 });
const { settings, sync, vmOf, tagsOf } = estate;

/** The tag names on a VM, sorted. */
const vmTags = async (vmid: number) => tagsOf('virtualization.virtualmachine', (await vmOf(vmid)).id);

describe(`settings with an effect on the sync (${testDriver})`, () => {
  it("Proxmox tags become tags on the VM and follow Proxmox while overwrite_vm_tags is on; a user's own tag stays", async () => {
    const [g, other] = estate.sim.estate.clusters[0].guests;
    g.tags = ['web', 'prod'];
    other.tags = ['prod'];
    const first = await sync(['devices', 'virtual-machines']);
    expect(first.status).toBe('completed');
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'prod', 'web']);
    expect(await vmTags(other.vmid)).toEqual(['Proxbox', 'prod']);

    const own = await createRecord(system, 'tags', { name: 'keep-me', slug: 'keep-me' });
    await estate.db
      .insert(schema.taggedItems)
      .values({ tagId: own.id, objectType: 'virtualization.virtualmachine', objectId: (await vmOf(g.vmid)).id });
    g.tags = ['web', 'db'];
    other.tags = [];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'db', 'keep-me', 'web']);
    expect(await vmTags(other.vmid)).toEqual(['Proxbox']);

    // Nothing changed in Proxmox: nothing written.
    const before = await estate.db.select().from(schema.taggedItems);
    const again = await sync(['virtual-machines']);
    expect(again.counts['virtual-machines']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await estate.db.select().from(schema.taggedItems)).toEqual(before);
  }, 120_000);

  it('with overwrite_vm_tags off, Proxmox tags are merged in but never removed', async () => {
    const g = estate.sim.estate.clusters[0].guests[0];
    await settings({ overwriteVmTags: false });
    g.tags = ['cache'];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'cache', 'db', 'keep-me', 'web']);
    // The endpoint's own flag wins over the settings.
    await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { overwriteVmTags: true });
    g.tags = [];
    await sync(['virtual-machines']);
    expect(await vmTags(g.vmid)).toEqual(['Proxbox', 'db', 'keep-me', 'web']);
    await updateRecord(system, 'proxmox-endpoints', estate.endpointId, { overwriteVmTags: null });
    await settings({ overwriteVmTags: true });
  }, 120_000);
});

describe(`primary_ip_preference (${testDriver})`, () => {
  it('makes an address of the preferred family the primary, falling back to the other family', async () => {
    const guests = estate.sim.estate.clusters[0].guests;
    const dual = guests.find((g) => g.status === 'running' && g.nics.some((n) => n.ip4) && g.nics.some((n) => n.ip6));
    const v4only = guests.find(
      (g) => g.status === 'running' && g.nics.some((n) => n.ip4) && !g.nics.some((n) => n.ip6),
    );
    if (!dual || !v4only) throw new Error('the estate lacks a running dual-stack guest and an IPv4-only one');
    const family = async (id: number | null) => {
      if (id === null) return null;
      const [ip] = await estate.db.select().from(schema.ipAddresses).where(eq(schema.ipAddresses.id, id));
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
    estate.sim.faults.latency(0, 40);
    try {
      for (const [fetch, vms] of [
        [3, 2],
        [6, 4],
      ] as const) {
        await settings({ proxboxFetchMaxConcurrency: fetch, vmSyncMaxConcurrency: vms });
        estate.sim.resetCounters();
        expect((await sync(['devices', 'virtual-machines', 'vm-snapshots'])).status).toBe('completed');
        expect(estate.sim.peakConcurrency(0)).toBe(fetch);
        expect(estate.sim.peakConcurrency(0, /\/(qemu|lxc)\/\d+\/config/)).toBe(vms);
      }
    } finally {
      estate.sim.faults.latency(0, 0);
      await settings({ proxboxFetchMaxConcurrency: 8, vmSyncMaxConcurrency: 4 });
    }
  }, 120_000);
});

describe(`use_guest_agent_interface_name (${testDriver})`, () => {
  it("names a QEMU guest's interfaces as its agent does, keeps them when the agent is down, and keeps each interface's identity", async () => {
    const g = estate.sim.estate.clusters[0].guests.find(
      (x) =>
        x.type === 'qemu' &&
        x.status === 'running' &&
        x.agent?.enabled &&
        x.agent.responding &&
        x.nics.length > 0 &&
        x.nics[0].ip4,
    );
    if (!g) throw new Error('the estate lacks a running QEMU guest with a responding agent');
    const nic = g.nics[0];
    expect(nic.guestName).not.toBe(`net${nic.index}`);
    const stages = ['devices', 'virtual-machines', 'vm-interfaces', 'ip-addresses'] as const;
    const iface = async () => {
      const vm = await vmOf(g.vmid);
      const [row] = await estate.db
        .select()
        .from(schema.vmInterfaces)
        .where(
          and(eq(schema.vmInterfaces.virtualMachineId, vm.id), eq(schema.vmInterfaces.proxmoxKey, `net${nic.index}`)),
        );
      const ips = await estate.db
        .select({ address: schema.ipAddresses.address })
        .from(schema.ipAddresses)
        .where(
          and(
            eq(schema.ipAddresses.assignedObjectType, 'virtualization.vminterface'),
            eq(schema.ipAddresses.assignedObjectId, row.id),
          ),
        );
      return { id: row.id, name: row.name, ips: ips.map((i) => i.address).sort() };
    };

    await settings({ useGuestAgentInterfaceName: true });
    await sync([...stages]);
    const first = await iface();
    expect(first.name).toBe(nic.guestName);
    expect(first.ips).toContain(nic.ip4);

    // The agent stops answering: the name stays (no flip-flop back to net0), the row is the same.
    estate.sim.faults.agent(0, 'missing');
    try {
      const down = await sync([...stages]);
      expect(down.counts['vm-interfaces']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      expect(await iface()).toMatchObject({ id: first.id, name: nic.guestName });
    } finally {
      estate.sim.faults.agent(0, 'ok');
    }

    // Off: the config key is the name; on again: the agent's name. The same row throughout.
    await settings({ useGuestAgentInterfaceName: false });
    await sync([...stages]);
    expect(await iface()).toEqual({ ...first, name: `net${nic.index}` });
    await settings({ useGuestAgentInterfaceName: true });
    await sync([...stages]);
    expect(await iface()).toEqual(first);
    const again = await sync([...stages]);
    expect(again.counts['vm-interfaces']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  }, 120_000);
});

describe(`DNS names on guest addresses (${testDriver})`, () => {
  it("sets the guest agent's (QEMU) or config's (LXC) host name with the search domain, replacing a typed one only while overwrite_ip_address_dns_name is on", async () => {
    const guests = estate.sim.estate.clusters[0].guests;
    const qemu = guests.find(
      (x) =>
        x.type === 'qemu' &&
        x.status === 'running' &&
        x.agent?.enabled &&
        x.agent.responding &&
        x.nics.some((n) => n.ip4),
    );
    const lxc = guests.find((x) => x.type === 'lxc' && x.nics.some((n) => n.ip4));
    if (!qemu || !lxc)
      throw new Error('the estate lacks a running QEMU guest with an agent and an LXC guest with an address');
    qemu.name = 'App-Server';
    const stages = ['devices', 'virtual-machines', 'vm-interfaces', 'ip-addresses'] as const;
    const addressOf = async (g: typeof qemu) => {
      const [ip] = await estate.db
        .select()
        .from(schema.ipAddresses)
        .where(eq(schema.ipAddresses.address, g.nics.find((n) => n.ip4)!.ip4!));
      return ip;
    };
    await settings({ overwriteIpAddressDnsName: true });
    await sync([...stages]);
    const domain = async (g: typeof qemu) => (await vmOf(g.vmid)).searchDomain;
    const expected = async (g: typeof qemu, host: string) => ((await domain(g)) ? `${host}.${await domain(g)}` : host);
    expect((await addressOf(qemu)).dnsName).toBe(await expected(qemu, 'app-server'));
    expect((await addressOf(lxc)).dnsName).toBe(await expected(lxc, lxc.name.toLowerCase()));

    // A name typed by a user: kept while the flag is off, replaced when it is on.
    const typed = await addressOf(qemu);
    await updateRecord(system, 'ip-addresses', typed.id, { dnsName: 'typed.example.org' });
    await settings({ overwriteIpAddressDnsName: false });
    await sync([...stages]);
    expect((await addressOf(qemu)).dnsName).toBe('typed.example.org');
    // The agent down: nothing is known about the name, nothing changes.
    await settings({ overwriteIpAddressDnsName: true });
    estate.sim.faults.agent(0, 'missing');
    try {
      await sync([...stages]);
      expect((await addressOf(qemu)).dnsName).toBe('typed.example.org');
    } finally {
      estate.sim.faults.agent(0, 'ok');
    }
    await sync([...stages]);
    expect((await addressOf(qemu)).dnsName).toBe(await expected(qemu, 'app-server'));
  }, 120_000);
});

describe(`the guest agent's host name (${testDriver})`, () => {
  it('is asked only of agents that reported addresses, and with overwrite_ip_address_dns_name off only for guests with a new address', async () => {
    const stages = ['devices', 'virtual-machines', 'vm-interfaces', 'ip-addresses'] as const;
    const asked = () =>
      estate.sim
        .requestLog(0)
        .flatMap((line) => /\/qemu\/(\d+)\/agent\/get-host-name/.exec(line)?.[1] ?? [])
        .map(Number)
        .sort((a, b) => a - b);
    /** vmids of QEMU guests whose agent answers and that hold at least one address. */
    const addressed = async () => {
      const rows = await estate.db
        .selectDistinct({ vmid: schema.virtualMachines.vmid })
        .from(schema.ipAddresses)
        .innerJoin(
          schema.vmInterfaces,
          and(
            eq(schema.ipAddresses.assignedObjectType, 'virtualization.vminterface'),
            eq(schema.ipAddresses.assignedObjectId, schema.vmInterfaces.id),
          ),
        )
        .innerJoin(schema.virtualMachines, eq(schema.virtualMachines.id, schema.vmInterfaces.virtualMachineId))
        .where(eq(schema.virtualMachines.proxmoxEndpointId, estate.endpointId));
      const answering = new Set(
        estate.sim.estate.clusters[0].guests
          .filter((g) => g.type === 'qemu' && g.status === 'running' && g.agent?.enabled && g.agent.responding)
          .map((g) => g.vmid),
      );
      return rows.flatMap((r) => (r.vmid !== null && answering.has(r.vmid) ? [r.vmid] : [])).sort((a, b) => a - b);
    };
    await settings({ overwriteIpAddressDnsName: true });
    estate.sim.resetCounters();
    await sync([...stages]);
    const expected = await addressed();
    expect(expected.length).toBeGreaterThan(0);
    expect(asked()).toEqual(expected);

    // Agents down: their addresses are unknown, so is the name; nothing is asked twice.
    estate.sim.faults.agent(0, 'missing');
    try {
      estate.sim.resetCounters();
      await sync([...stages]);
      expect(asked()).toEqual([]);
    } finally {
      estate.sim.faults.agent(0, 'ok');
    }

    // Off: every address is stored, so no name would be written.
    await settings({ overwriteIpAddressDnsName: false });
    estate.sim.resetCounters();
    await sync([...stages]);
    expect(asked()).toEqual([]);
    // One address removed: only its guest is asked, and the new address takes the name.
    const [gone] = await estate.db
      .select()
      .from(schema.ipAddresses)
      .innerJoin(
        schema.vmInterfaces,
        and(
          eq(schema.ipAddresses.assignedObjectType, 'virtualization.vminterface'),
          eq(schema.ipAddresses.assignedObjectId, schema.vmInterfaces.id),
        ),
      )
      .innerJoin(schema.virtualMachines, eq(schema.virtualMachines.id, schema.vmInterfaces.virtualMachineId))
      .where(
        and(
          eq(schema.virtualMachines.proxmoxEndpointId, estate.endpointId),
          eq(schema.virtualMachines.vmid, expected[0]),
        ),
      );
    await estate.db.delete(schema.ipAddresses).where(eq(schema.ipAddresses.id, gone.ip_addresses.id));
    estate.sim.resetCounters();
    await sync([...stages]);
    expect(asked()).toEqual([expected[0]]);
    const [back] = await estate.db
      .select()
      .from(schema.ipAddresses)
      .where(eq(schema.ipAddresses.address, gone.ip_addresses.address));
    expect(back.dnsName).toBe(gone.ip_addresses.dnsName);
    expect(back.dnsName).not.toBeNull();
    await settings({ overwriteIpAddressDnsName: true });
  }, 120_000);
});

describe(`overwrite_vm_role (${testDriver})`, () => {
  it("gives VMs the QEMU or LXC role, and puts it back over a user's choice only while the flag is on", async () => {
    const qemu = estate.sim.estate.clusters[0].guests.find((g) => g.type === 'qemu')!;
    const lxc = estate.sim.estate.clusters[0].guests.find((g) => g.type === 'lxc')!;
    await settings({ overwriteVmRole: true });
    await sync(['devices', 'virtual-machines']);
    const roleOf = async (vmid: number) => {
      const vm = await vmOf(vmid);
      if (vm.roleId === null) return null;
      const [role] = await estate.db.select().from(schema.deviceRoles).where(eq(schema.deviceRoles.id, vm.roleId));
      return role.slug;
    };
    expect([await roleOf(qemu.vmid), await roleOf(lxc.vmid)]).toEqual(['virtual-machine-qemu', 'container-lxc']);

    const mine = await createRecord(system, 'device-roles', { name: 'Database', slug: 'database', vmRole: true });
    await updateRecord(system, 'virtual-machines', (await vmOf(qemu.vmid)).id, { roleId: mine.id });
    await settings({ overwriteVmRole: false });
    await sync(['virtual-machines']);
    expect(await roleOf(qemu.vmid)).toBe('database');
    await settings({ overwriteVmRole: true });
    await sync(['virtual-machines']);
    expect(await roleOf(qemu.vmid)).toBe('virtual-machine-qemu');
  }, 120_000);
});
