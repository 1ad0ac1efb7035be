import { afterEach, describe, expect, it } from 'vitest';
import { results, startClient, type Client, type Obj } from './helpers';

// What a client must do differently for NetBox 4.0, 4.2 and 4.6.
let open: Client[] = [];
async function client(version: '4.0' | '4.2' | '4.6'): Promise<{ c: Client; cluster: Obj }> {
  const c = await startClient({ version });
  open.push(c);
  const type = await c.make('/api/virtualization/cluster-types/', { name: 'PVE', slug: 'pve' });
  const cluster = await c.make('/api/virtualization/clusters/', { name: 'c1', type: type.id });
  return { c, cluster };
}
afterEach(async () => {
  await Promise.all(open.map((c) => c.sim.stop()));
  open = [];
});

describe('NetBox 4.0', () => {
  it('writes MACs on the interface and has no MAC objects', async () => {
    const { c, cluster } = await client('4.0');
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'vm', cluster: cluster.id });
    const nic = await c.make('/api/virtualization/interfaces/', {
      virtual_machine: vm.id,
      name: 'net0',
      mac_address: 'bc:24:11:00:00:01',
    });
    expect(nic.mac_address).toBe('BC:24:11:00:00:01');
    expect(nic).not.toHaveProperty('primary_mac_address');
    expect(
      (
        await c.post('/api/virtualization/interfaces/', {
          virtual_machine: vm.id,
          name: 'net1',
          mac_address: 'nonsense',
        })
      ).body,
    ).toEqual({ mac_address: ['Invalid MAC address format: nonsense'] });
    expect(
      results(await c.get('/api/virtualization/interfaces/?mac_address=BC-24-11-00-00-01')).map((i) => i.name),
    ).toEqual(['net0']);
    expect((await c.post('/api/dcim/mac-addresses/', { mac_address: 'bc:24:11:00:00:01' })).status).toBe(404);
  });

  it('places clusters with a site FK, unique per site', async () => {
    const { c } = await client('4.0');
    const site = await c.make('/api/dcim/sites/', { name: 'S', slug: 's' });
    const cl = await c.make('/api/virtualization/clusters/', { name: 'sited', type: { slug: 'pve' }, site: site.id });
    expect(cl.site).toMatchObject({ id: site.id });
    expect(cl).not.toHaveProperty('scope_type');
    expect(
      (await c.post('/api/virtualization/clusters/', { name: 'sited', type: { slug: 'pve' }, site: site.id })).body,
    ).toEqual({ non_field_errors: ['The fields site, name must make a unique set.'] });
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'vm', cluster: cl.id });
    expect(vm.site).toMatchObject({ id: site.id });
  });
});

describe('NetBox 4.2', () => {
  it('has no start_on_boot, VM types or paused status; unknown fields are ignored', async () => {
    const { c, cluster } = await client('4.2');
    const vm = await c.make('/api/virtualization/virtual-machines/', {
      name: 'vm',
      cluster: cluster.id,
      start_on_boot: 'on',
      virtual_machine_type: 1,
    });
    expect(vm).not.toHaveProperty('start_on_boot');
    expect(vm).not.toHaveProperty('virtual_machine_type');
    expect(
      (await c.patch(`/api/virtualization/virtual-machines/${String(vm.id)}/`, { status: 'paused' })).body,
    ).toEqual({ status: ['"paused" is not a valid choice.'] });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: 'pinned', device: 1 })).body).toEqual({
      device: ['Related object not found using the provided numeric ID: 1'],
    });
  });

  it('scopes clusters to a site; VM names are unique per cluster only', async () => {
    const { c } = await client('4.2');
    const site = await c.make('/api/dcim/sites/', { name: 'S', slug: 's' });
    const cl = await c.make('/api/virtualization/clusters/', {
      name: 'scoped',
      type: { slug: 'pve' },
      scope_type: 'dcim.site',
      scope_id: site.id,
    });
    expect(cl.scope).toMatchObject({ id: site.id, slug: 's' });
    expect(
      (
        await c.post('/api/virtualization/clusters/', {
          name: 'scoped',
          type: { slug: 'pve' },
          scope_type: 'dcim.site',
          scope_id: site.id,
        })
      ).body,
    ).toEqual({ non_field_errors: ['A cluster with this name already exists in this site.'] });
    expect(
      (
        await c.post('/api/virtualization/clusters/', {
          name: 'x',
          type: { slug: 'pve' },
          scope_type: 'dcim.site',
          scope_id: 99,
        })
      ).body,
    ).toEqual({ scope_id: ['Related object not found using the provided numeric ID: 99'] });
    expect(results(await c.get(`/api/virtualization/clusters/?site_id=${String(site.id)}`)).map((x) => x.name)).toEqual(
      ['scoped'],
    );
  });
});

describe('NetBox 4.6', () => {
  it('start_on_boot, paused, VM types filling defaults, and VMs pinned to a host without a cluster', async () => {
    const { c, cluster } = await client('4.6');
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'vm', cluster: cluster.id });
    expect(vm.start_on_boot).toEqual({ value: 'off', label: 'Off' });
    expect(
      (
        await c.patch(`/api/virtualization/virtual-machines/${String(vm.id)}/`, {
          status: 'paused',
          start_on_boot: 'laststate',
        })
      ).body,
    ).toMatchObject({
      status: { value: 'paused', label: 'Paused' },
      start_on_boot: { value: 'laststate', label: 'Last State' },
    });
    expect(
      (await c.patch(`/api/virtualization/virtual-machines/${String(vm.id)}/`, { start_on_boot: 'yes' })).body,
    ).toEqual({ start_on_boot: ['"yes" is not a valid choice.'] });
    const platform = await c.make('/api/dcim/platforms/', { name: 'Linux', slug: 'linux' });
    const type = await c.make('/api/virtualization/virtual-machine-types/', {
      name: 'Small',
      slug: 'small',
      default_vcpus: 2,
      default_memory: 2048,
      default_platform: platform.id,
    });
    const typed = await c.make('/api/virtualization/virtual-machines/', {
      name: 'typed',
      cluster: cluster.id,
      virtual_machine_type: { slug: 'small' },
      memory: 4096,
    });
    expect(typed).toMatchObject({
      vcpus: 2,
      memory: 4096,
      platform: { id: platform.id },
      virtual_machine_type: { id: type.id, name: 'Small', slug: 'small' },
    });
    expect(
      (await c.post('/api/virtualization/virtual-machine-types/', { name: 'SMALL', slug: 'small2' })).body,
    ).toEqual({ name: ['virtual machine type with this name already exists.'] });

    const m = await c.make('/api/dcim/manufacturers/', { name: 'M', slug: 'm' });
    const dt = await c.make('/api/dcim/device-types/', { manufacturer: m.id, model: 'N', slug: 'n' });
    const role = await c.make('/api/dcim/device-roles/', { name: 'R', slug: 'r' });
    const site = await c.make('/api/dcim/sites/', { name: 'S', slug: 's' });
    const host = await c.make('/api/dcim/devices/', { name: 'host', device_type: dt.id, role: role.id, site: site.id });
    const pinned = await c.make('/api/virtualization/virtual-machines/', { name: 'pinned', device: host.id });
    expect(pinned).toMatchObject({ cluster: null, device: { id: host.id }, site: { id: site.id } });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: 'PINNED', device: host.id })).body).toEqual({
      non_field_errors: ['Virtual machine name must be unique per device.'],
    });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: 'x' })).body).toEqual({
      non_field_errors: ['A virtual machine must be assigned to a site, cluster, or device.'],
    });
    expect((await c.post('/api/dcim/device-roles/', { name: 'R', slug: 'r2' })).body).toEqual({
      non_field_errors: ['A top-level device role with this name already exists.'],
    });
  });

  it('primary IPs nested in a VM carry dns_name and NAT fields', async () => {
    const { c, cluster } = await client('4.6');
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'vm', cluster: cluster.id });
    const nic = await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net0' });
    const ip = await c.make('/api/ipam/ip-addresses/', {
      address: '10.0.0.1/24',
      dns_name: 'vm.lab',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic.id,
    });
    const patched = (await c.patch(`/api/virtualization/virtual-machines/${String(vm.id)}/`, { primary_ip4: ip.id }))
      .body as Obj;
    expect(patched.primary_ip4).toEqual({
      id: ip.id,
      url: ip.url,
      display: '10.0.0.1/24',
      family: { value: 4, label: 'IPv4' },
      address: '10.0.0.1/24',
      description: '',
      dns_name: 'vm.lab',
      nat_inside: null,
      nat_outside: [],
    });
  });
});
