import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClient, results, type Client, type Obj } from './helpers';

// Write validation on NetBox 4.2 (the default release), over HTTP, with NetBox's exact bodies.
let c: Client;
let type: Obj;
let cluster: Obj;
let cluster2: Obj;
let site: Obj;
beforeAll(async () => {
  c = await startClient();
  await c.make('/api/extras/tags/', { name: 'proxbox', slug: 'proxbox' });
  await c.make('/api/extras/custom-fields/', {
    name: 'proxmox_vm_id',
    type: 'integer',
    object_types: ['virtualization.virtualmachine'],
  });
  await c.make('/api/extras/custom-fields/', {
    name: 'proxmox_node',
    type: 'text',
    object_types: ['virtualization.virtualmachine'],
    default: 'unknown',
  });
  type = await c.make('/api/virtualization/cluster-types/', { name: 'Proxmox', slug: 'proxmox' });
  site = await c.make('/api/dcim/sites/', { name: 'DC 1', slug: 'dc1' });
  cluster = await c.make('/api/virtualization/clusters/', {
    name: 'c1',
    type: type.id,
    scope_type: 'dcim.site',
    scope_id: site.id,
  });
  cluster2 = await c.make('/api/virtualization/clusters/', { name: 'c2', type: type.id });
});
afterAll(() => c.sim.stop());

const vmUrl = (id: unknown) => `/api/virtualization/virtual-machines/${String(id)}/`;

describe('fields', () => {
  it('required fields, choices, lengths, slugs and numbers answer with DRF messages', async () => {
    expect(await c.post('/api/virtualization/clusters/', {})).toMatchObject({
      status: 400,
      body: { name: ['This field is required.'], type: ['This field is required.'] },
    });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: cluster.id, status: 'running' }))
        .body,
    ).toEqual({ status: ['"running" is not a valid choice.'] });
    expect(
      (
        await c.post('/api/virtualization/virtual-machines/', {
          name: 'x',
          cluster: cluster.id,
          status: { value: 'active' },
        })
      ).body,
    ).toEqual({ status: ['Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.'] });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x'.repeat(65), cluster: cluster.id })).body,
    ).toEqual({ name: ['Ensure this field has no more than 64 characters.'] });
    expect((await c.post('/api/dcim/sites/', { name: 'S', slug: 'not a slug' })).body).toEqual({
      slug: ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'],
    });
    expect(
      (
        await c.post('/api/virtualization/virtual-machines/', {
          name: 'x',
          cluster: cluster.id,
          memory: 'lots',
          vcpus: 0,
        })
      ).body,
    ).toEqual({
      memory: ['A valid integer is required.'],
      vcpus: ['Ensure this value is greater than or equal to 0.01.'],
    });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: '', cluster: cluster.id })).body).toEqual({
      name: ['This field may not be blank.'],
    });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: null, site: null })).body,
    ).toEqual({ non_field_errors: ['A virtual machine must be assigned to a site and/or cluster.'] });
    expect((await c.post('/api/virtualization/virtual-machines/', [1])).body).toEqual([
      { non_field_errors: ['Invalid data. Expected a dictionary, but got int.'] },
    ]);
    expect((await c.get('/api/virtualization/virtual-machines/')).body).toMatchObject({ count: 0 });
  });

  it('related objects by id or attribute dict, else 400', async () => {
    const byDict = await c.make('/api/virtualization/virtual-machines/', {
      name: 'dict',
      cluster: { name: 'c1', type: { slug: 'proxmox' } },
    });
    expect(byDict.cluster).toMatchObject({ id: cluster.id });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: 999 })).body).toEqual({
      cluster: ['Related object not found using the provided numeric ID: 999'],
    });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: { name: 'nope' } })).body,
    ).toEqual({ cluster: ["Related object not found using the provided attributes: {'name': 'nope'}"] });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: { type: { slug: 'proxmox' } } }))
        .body,
    ).toEqual({ cluster: ["Multiple objects match the provided attributes: {'type__slug': 'proxmox'}"] });
    expect((await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: 'c1' })).body).toEqual({
      cluster: [
        'Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: c1',
      ],
    });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: { colour: 'red' } })).body,
    ).toEqual({ cluster: ["Cannot resolve keyword 'colour' into field."] });
    await c.call('DELETE', vmUrl(byDict.id));
  });

  it('tags must exist; writing tags replaces the set', async () => {
    expect(
      (
        await c.post('/api/virtualization/virtual-machines/', {
          name: 'x',
          cluster: cluster.id,
          tags: [{ slug: 'proxbox' }, { name: 'missing' }],
        })
      ).body,
    ).toEqual({ tags: [{}, ["Related object not found using the provided attributes: {'name': 'missing'}"]] });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'x', cluster: cluster.id, tags: 'proxbox' })).body,
    ).toEqual({ tags: { non_field_errors: ['Expected a list of items but got type "str".'] } });
    const other = await c.make('/api/extras/tags/', { name: 'Hand made', slug: 'hand-made' });
    const vm = await c.make('/api/virtualization/virtual-machines/', {
      name: 'tagged',
      cluster: cluster.id,
      tags: [{ slug: 'proxbox' }, other.id],
    });
    expect((vm.tags as Obj[]).map((t) => t.slug)).toEqual(['hand-made', 'proxbox']);
    const patched = (await c.patch(vmUrl(vm.id), { tags: [{ name: 'proxbox' }] })).body as Obj;
    expect((patched.tags as Obj[]).map((t) => t.slug)).toEqual(['proxbox']);
    expect((await c.patch(vmUrl(vm.id), { comments: 'kept' })).body).toMatchObject({
      tags: [{ slug: 'proxbox' }],
      comments: 'kept',
    });
    await c.call('DELETE', vmUrl(vm.id));
  });

  it('custom fields: defined for the type, typed, defaults on create, merged on PATCH', async () => {
    expect(
      (
        await c.post('/api/virtualization/virtual-machines/', {
          name: 'x',
          cluster: cluster.id,
          custom_fields: { nope: 1 },
        })
      ).body,
    ).toEqual({ custom_fields: { nope: ["Custom field 'nope' does not exist for this object type."] } });
    expect(
      (await c.post('/api/virtualization/clusters/', { name: 'x', type: type.id, custom_fields: { proxmox_vm_id: 1 } }))
        .body,
    ).toEqual({
      custom_fields: { proxmox_vm_id: ["Custom field 'proxmox_vm_id' does not exist for this object type."] },
    });
    expect(
      (
        await c.post('/api/virtualization/virtual-machines/', {
          name: 'x',
          cluster: cluster.id,
          custom_fields: { proxmox_vm_id: '100' },
        })
      ).body,
    ).toEqual({ non_field_errors: ["Invalid value for custom field 'proxmox_vm_id': Value must be an integer."] });
    const vm = await c.make('/api/virtualization/virtual-machines/', {
      name: 'cf',
      cluster: cluster.id,
      custom_fields: { proxmox_vm_id: 100 },
    });
    expect(vm.custom_fields).toEqual({ proxmox_node: 'unknown', proxmox_vm_id: 100 });
    expect((await c.patch(vmUrl(vm.id), { custom_fields: { proxmox_node: 'pve2' } })).body).toMatchObject({
      custom_fields: { proxmox_node: 'pve2', proxmox_vm_id: 100 },
    });
    expect(
      results(await c.get('/api/virtualization/virtual-machines/?cf_proxmox_vm_id=100')).map((v) => v.name),
    ).toEqual(['cf']);
    expect(
      results(await c.get('/api/virtualization/virtual-machines/?cf_proxmox_node=PVE')).map((v) => v.name),
    ).toEqual(['cf']);
    expect((await c.get('/api/virtualization/virtual-machines/?cf_proxmox_vm_id=abc')).body).toEqual({
      cf_proxmox_vm_id: ['Enter a number.'],
    });
    expect(
      (
        await c.post('/api/extras/custom-fields/', {
          name: 'Bad-Name',
          object_types: ['virtualization.virtualmachine'],
        })
      ).body,
    ).toEqual({ name: ['Only alphanumeric characters and underscores are allowed.'] });
    expect(
      (await c.post('/api/extras/custom-fields/', { name: 'x', object_types: ['virtualization.nothing'] })).body,
    ).toEqual({ object_types: ['Invalid content type: virtualization.nothing'] });
    await c.call('DELETE', vmUrl(vm.id));
  });

  it('a custom field added later shows as null everywhere; deleting it drops it and its values', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'cf-later', cluster: cluster.id });
    const cf = await c.make('/api/extras/custom-fields/', {
      name: 'later',
      type: 'boolean',
      object_types: ['virtualization.virtualmachine'],
    });
    expect(((await c.get(vmUrl(vm.id))).body as Obj).custom_fields).toEqual({
      later: null,
      proxmox_node: 'unknown',
      proxmox_vm_id: null,
    });
    expect((await c.patch(vmUrl(vm.id), { custom_fields: { later: 'yes' } })).body).toEqual({
      non_field_errors: ["Invalid value for custom field 'later': Value must be true or false."],
    });
    await c.patch(vmUrl(vm.id), { custom_fields: { later: true } });
    expect(results(await c.get('/api/virtualization/virtual-machines/?cf_later=true')).map((v) => v.name)).toEqual([
      'cf-later',
    ]);
    await c.call('DELETE', `/api/extras/custom-fields/${String(cf.id)}/`);
    expect(((await c.get(vmUrl(vm.id))).body as Obj).custom_fields).toEqual({
      proxmox_node: 'unknown',
      proxmox_vm_id: null,
    });
    expect(c.sim.store.get('virtualization/virtual-machines', vm.id as number)?.custom_fields).not.toHaveProperty(
      'later',
    );
    await c.call('DELETE', vmUrl(vm.id));
  });
});

describe('uniqueness', () => {
  it('VM names are unique per cluster, case-insensitively, and per cluster and tenant', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'web01', cluster: cluster.id });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'WEB01', cluster: cluster.id })).body,
    ).toEqual({ non_field_errors: ['Virtual machine name must be unique per cluster.'] });
    await c.make('/api/virtualization/virtual-machines/', { name: 'web01', cluster: cluster2.id });
    const tenant = await c.make('/api/tenancy/tenants/', { name: 'T', slug: 't' });
    await c.make('/api/virtualization/virtual-machines/', { name: 'web01', cluster: cluster.id, tenant: tenant.id });
    expect(
      (await c.post('/api/virtualization/virtual-machines/', { name: 'Web01', cluster: cluster.id, tenant: tenant.id }))
        .body,
    ).toEqual({ non_field_errors: ['Virtual machine name must be unique per cluster and tenant.'] });
    expect((await c.patch(vmUrl(vm.id), { name: 'web01', description: 'same object' })).status).toBe(200);
  });

  it('slugs and names of organizational models, device names per site, interface and disk names per parent', async () => {
    expect((await c.post('/api/virtualization/cluster-types/', { name: 'Proxmox', slug: 'proxmox' })).body).toEqual({
      name: ['cluster type with this name already exists.'],
      slug: ['cluster type with this slug already exists.'],
    });
    const m = await c.make('/api/dcim/manufacturers/', { name: 'M', slug: 'm' });
    const dt = await c.make('/api/dcim/device-types/', { manufacturer: m.id, model: 'Node', slug: 'node' });
    expect(
      (await c.post('/api/dcim/device-types/', { manufacturer: m.id, model: 'Node', slug: 'node2' })).body,
    ).toEqual({ non_field_errors: ['The fields manufacturer, model must make a unique set.'] });
    const role = await c.make('/api/dcim/device-roles/', { name: 'R', slug: 'r' });
    const dev = await c.make('/api/dcim/devices/', { name: 'pve1', device_type: dt.id, role: role.id, site: site.id });
    expect(
      (await c.post('/api/dcim/devices/', { name: 'PVE1', device_type: dt.id, role: role.id, site: site.id })).body,
    ).toEqual({ non_field_errors: ['Device name must be unique per site.'] });
    await c.make('/api/dcim/interfaces/', { device: dev.id, name: 'eth0', type: '1000base-t' });
    expect((await c.post('/api/dcim/interfaces/', { device: dev.id, name: 'eth0', type: '1000base-t' })).body).toEqual({
      non_field_errors: ['The fields device, name must make a unique set.'],
    });
    expect((await c.post('/api/dcim/interfaces/', { device: dev.id, name: 'eth1' })).body).toEqual({
      type: ['This field is required.'],
    });
    expect((await c.post('/api/dcim/interfaces/', { device: dev.id, name: 'eth1', type: 'warp-drive' })).body).toEqual({
      type: ['"warp-drive" is not a valid choice.'],
    });
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'disks', cluster: cluster.id });
    await c.make('/api/virtualization/virtual-disks/', { virtual_machine: vm.id, name: 'scsi0', size: 10 });
    expect(
      (await c.post('/api/virtualization/virtual-disks/', { virtual_machine: vm.id, name: 'scsi0', size: 10 })).body,
    ).toEqual({ non_field_errors: ['The fields virtual_machine, name must make a unique set.'] });
    await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net0' });
    expect((await c.post('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net0' })).body).toEqual({
      non_field_errors: ['The fields virtual_machine, name must make a unique set.'],
    });
  });
});

describe('virtual machine rules', () => {
  it('disk is the sum of the virtual disks, follows every disk change, and may not disagree', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'sum', cluster: cluster.id, disk: 5 });
    expect(vm.disk).toBe(5);
    const d1 = await c.make('/api/virtualization/virtual-disks/', {
      virtual_machine: vm.id,
      name: 'scsi0',
      size: 32000,
    });
    await c.make('/api/virtualization/virtual-disks/', { virtual_machine: vm.id, name: 'scsi1', size: 8000 });
    expect(((await c.get(vmUrl(vm.id))).body as Obj).disk).toBe(40000);
    expect((await c.patch(vmUrl(vm.id), { disk: 1 })).body).toEqual({
      disk: ['The specified disk size (1) must match the aggregate size of assigned virtual disks (40000).'],
    });
    await c.patch(`/api/virtualization/virtual-disks/${String(d1.id)}/`, { size: 16000 });
    expect(((await c.get(vmUrl(vm.id))).body as Obj).disk).toBe(24000);
    await c.call('DELETE', `/api/virtualization/virtual-disks/${String(d1.id)}/`);
    expect(((await c.get(vmUrl(vm.id))).body as Obj).disk).toBe(8000);
  });

  it('takes its site from the cluster and refuses a cluster of another site', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'sited', cluster: cluster.id });
    expect(vm.site).toMatchObject({ id: site.id });
    const other = await c.make('/api/dcim/sites/', { name: 'DC 2', slug: 'dc2' });
    expect((await c.patch(vmUrl(vm.id), { site: other.id })).body).toEqual({
      cluster: ['The selected cluster (c1) is not assigned to this site (DC 2).'],
    });
  });

  it("primary IPs must be of the right family and on the VM's own interfaces", async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'ips', cluster: cluster.id });
    const other = await c.make('/api/virtualization/virtual-machines/', { name: 'other', cluster: cluster.id });
    const nic = await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net0' });
    const otherNic = await c.make('/api/virtualization/interfaces/', { virtual_machine: other.id, name: 'net0' });
    const mine = await c.make('/api/ipam/ip-addresses/', {
      address: '10.9.0.1/24',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic.id,
    });
    const theirs = await c.make('/api/ipam/ip-addresses/', {
      address: '10.9.0.2/24',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: otherNic.id,
    });
    const loose = await c.make('/api/ipam/ip-addresses/', { address: '10.9.0.3/24' });
    expect((await c.patch(vmUrl(vm.id), { primary_ip4: theirs.id })).body).toEqual({
      primary_ip4: ['The specified IP address (10.9.0.2/24) is not assigned to this VM.'],
    });
    expect((await c.patch(vmUrl(vm.id), { primary_ip4: loose.id })).body).toEqual({
      primary_ip4: ['The specified IP address (10.9.0.3/24) is not assigned to this VM.'],
    });
    expect((await c.patch(vmUrl(vm.id), { primary_ip6: mine.id })).body).toEqual({
      primary_ip6: ['Must be an IPv6 address. (10.9.0.1/24 is an IPv4 address.)'],
    });
    expect((await c.patch(vmUrl(vm.id), { primary_ip4: mine.id })).body).toMatchObject({
      primary_ip4: { id: mine.id, address: '10.9.0.1/24' },
    });
    expect(
      (await c.patch(`/api/ipam/ip-addresses/${String(mine.id)}/`, { assigned_object_id: otherNic.id })).body,
    ).toEqual({
      assigned_object: ['Cannot reassign IP address while it is designated as the primary IP for the parent object'],
    });
    await c.call('DELETE', `/api/ipam/ip-addresses/${String(mine.id)}/`);
    expect(((await c.get(vmUrl(vm.id))).body as Obj).primary_ip4).toBeNull();
  });
});

describe('IP addresses and MAC addresses', () => {
  it('addresses are unique in the global table by host, except for anycast-style roles', async () => {
    await c.make('/api/ipam/ip-addresses/', { address: '10.50.0.1/24' });
    expect((await c.post('/api/ipam/ip-addresses/', { address: '10.50.0.1/16' })).body).toEqual({
      address: ['Duplicate IP address found in global table: 10.50.0.1/24'],
    });
    expect((await c.post('/api/ipam/ip-addresses/', { address: '10.50.0.1/24', role: 'vip' })).body).toEqual({
      address: ['Duplicate IP address found in global table: 10.50.0.1/24'],
    });
    await c.make('/api/ipam/ip-addresses/', { address: '10.60.0.1/24', role: 'vip' });
    expect((await c.post('/api/ipam/ip-addresses/', { address: '10.60.0.1/24', role: 'anycast' })).status).toBe(201);
    expect((await c.post('/api/ipam/ip-addresses/', { address: '10.50.0.300/24' })).body).toEqual({
      address: ['Invalid IP address format: 10.50.0.300/24'],
    });
    expect((await c.post('/api/ipam/ip-addresses/', { address: '10.70.0.1/0' })).body).toEqual({
      address: ['Cannot create IP address with /0 mask.'],
    });
    expect(
      (
        await c.post('/api/ipam/ip-addresses/', {
          address: '10.70.0.1',
          assigned_object_type: 'dcim.site',
          assigned_object_id: 1,
        })
      ).body,
    ).toEqual({ assigned_object_type: ['Invalid content type: dcim.site'] });
    expect(results(await c.get('/api/ipam/ip-addresses/?address=10.50.0.1')).map((i) => i.address)).toEqual([
      '10.50.0.1/24',
    ]);
  });

  it("4.2 MACs: interface mac_address is read-only, primary_mac_address must be the interface's own", async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'macs', cluster: cluster.id });
    const nic = await c.make('/api/virtualization/interfaces/', {
      virtual_machine: vm.id,
      name: 'net0',
      mac_address: 'BC:24:11:00:00:09',
    });
    expect(nic.mac_address).toBeNull();
    const nic2 = await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net1' });
    const mac = await c.make('/api/dcim/mac-addresses/', {
      mac_address: 'bc-24-11-00-00-09',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic2.id,
    });
    expect(mac.mac_address).toBe('BC:24:11:00:00:09');
    expect(
      (await c.patch(`/api/virtualization/interfaces/${String(nic.id)}/`, { primary_mac_address: mac.id })).body,
    ).toEqual({ primary_mac_address: ['MAC address BC:24:11:00:00:09 is not assigned to this interface.'] });
    await c.patch(`/api/virtualization/interfaces/${String(nic2.id)}/`, { primary_mac_address: mac.id });
    expect((await c.patch(`/api/dcim/mac-addresses/${String(mac.id)}/`, { assigned_object_id: nic.id })).body).toEqual({
      non_field_errors: ['Cannot unassign MAC Address while it is designated as the primary MAC for an object'],
    });
    expect((await c.post('/api/dcim/mac-addresses/', { mac_address: 'zz:24:11:00:00:09' })).body).toEqual({
      mac_address: ['Invalid MAC address format: zz:24:11:00:00:09'],
    });
    expect(
      results(await c.get(`/api/dcim/mac-addresses/?virtual_machine_id=${String(vm.id)}`)).map((m) => m.id),
    ).toEqual([mac.id]);
    expect(
      results(await c.get('/api/virtualization/interfaces/?mac_address=bc:24:11:00:00:09')).map((i) => i.id),
    ).toEqual([nic2.id]);
  });
});

describe('deletes', () => {
  it('protected dependants answer 409 and nothing is deleted', async () => {
    const t = await c.make('/api/virtualization/cluster-types/', { name: 'Protected', slug: 'protected' });
    const cl = await c.make('/api/virtualization/clusters/', { name: 'pc', type: t.id });
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'pinned', cluster: cl.id });
    expect(await c.call('DELETE', `/api/virtualization/cluster-types/${String(t.id)}/`)).toMatchObject({
      status: 409,
      body: { detail: `Unable to delete object. 1 dependent objects were found: pc (${String(cl.id)})` },
    });
    expect(await c.call('DELETE', `/api/virtualization/clusters/${String(cl.id)}/`)).toMatchObject({
      status: 409,
      body: { detail: `Unable to delete object. 1 dependent objects were found: pinned (${String(vm.id)})` },
    });
    expect((await c.get(`/api/virtualization/clusters/${String(cl.id)}/`)).status).toBe(200);
  });

  it('deleting a VM deletes its interfaces, disks and the IPs and MACs on them', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'doomed', cluster: cluster.id });
    const nic = await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'net0' });
    const disk = await c.make('/api/virtualization/virtual-disks/', { virtual_machine: vm.id, name: 'scsi0', size: 1 });
    const ip = await c.make('/api/ipam/ip-addresses/', {
      address: '10.77.0.1/24',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic.id,
    });
    const mac = await c.make('/api/dcim/mac-addresses/', {
      mac_address: 'BC:24:11:77:00:01',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic.id,
    });
    await c.patch(vmUrl(vm.id), { primary_ip4: ip.id });
    expect((await c.call('DELETE', vmUrl(vm.id))).status).toBe(204);
    for (const p of [
      `/api/virtualization/interfaces/${String(nic.id)}/`,
      `/api/virtualization/virtual-disks/${String(disk.id)}/`,
      `/api/ipam/ip-addresses/${String(ip.id)}/`,
      `/api/dcim/mac-addresses/${String(mac.id)}/`,
    ]) {
      expect((await c.get(p)).status).toBe(404);
    }
    expect((await c.get(vmUrl(vm.id))).body).toEqual({ detail: 'No VirtualMachine matches the given query.' });
  });

  it('deleting a tag removes it from the objects that carried it', async () => {
    const tag = await c.make('/api/extras/tags/', { name: 'temp', slug: 'temp' });
    const vm = await c.make('/api/virtualization/virtual-machines/', {
      name: 'tagholder',
      cluster: cluster.id,
      tags: [tag.id],
    });
    expect(((await c.get(`/api/extras/tags/${String(tag.id)}/`)).body as Obj).tagged_items).toBe(1);
    await c.call('DELETE', `/api/extras/tags/${String(tag.id)}/`);
    expect(((await c.get(vmUrl(vm.id))).body as Obj).tags).toEqual([]);
  });
});

describe('PUT and component filters', () => {
  it('PUT needs the required fields and keeps what it does not name', async () => {
    const t = await c.make('/api/virtualization/cluster-types/', { name: 'Put', slug: 'put', description: 'kept' });
    expect((await c.call('PUT', `/api/virtualization/cluster-types/${String(t.id)}/`, { name: 'Put2' })).body).toEqual({
      slug: ['This field is required.'],
    });
    const r = await c.call('PUT', `/api/virtualization/cluster-types/${String(t.id)}/`, { name: 'Put2', slug: 'put2' });
    expect(r.body).toMatchObject({ name: 'Put2', slug: 'put2', description: 'kept' });
  });

  it('IPs and interfaces filter by the VM or device they belong to', async () => {
    const vm = await c.make('/api/virtualization/virtual-machines/', { name: 'filtered', cluster: cluster2.id });
    const nic = await c.make('/api/virtualization/interfaces/', { virtual_machine: vm.id, name: 'eth0' });
    const ip = await c.make('/api/ipam/ip-addresses/', {
      address: '10.88.0.1/24',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: nic.id,
    });
    const ids = async (q: string) => results(await c.get(`/api/ipam/ip-addresses/?${q}`)).map((i) => i.id);
    expect(await ids(`virtual_machine_id=${String(vm.id)}`)).toEqual([ip.id]);
    expect(await ids(`vminterface_id=${String(nic.id)}`)).toEqual([ip.id]);
    expect(await ids(`assigned_object_type=virtualization.vminterface&assigned_object_id=${String(nic.id)}`)).toEqual([
      ip.id,
    ]);
    expect(await ids(`virtual_machine=filtered`)).toEqual([ip.id]);
    expect((await c.get('/api/ipam/ip-addresses/?virtual_machine_id=99999')).body).toEqual({
      virtual_machine_id: ['Select a valid choice. 99999 is not one of the available choices.'],
    });
    expect(
      results(await c.get(`/api/virtualization/interfaces/?virtual_machine_id=${String(vm.id)}`)).map((i) => i.name),
    ).toEqual(['eth0']);
    expect(
      results(await c.get(`/api/virtualization/interfaces/?cluster_id=${String(cluster2.id)}`)).map((i) => i.name),
    ).toEqual(['eth0']);
    expect(((await c.get(`/api/virtualization/interfaces/${String(nic.id)}/`)).body as Obj).count_ipaddresses).toBe(1);
  });
});

describe('IP address order', () => {
  it('lists addresses by family, then numerically, then by mask', async () => {
    const c2 = await startClient();
    for (const address of ['fd00::10/64', '10.0.0.10/24', 'fd00::9/64', '10.0.0.9/24', '9.255.0.1/8', '2001:db8::1/64'])
      await c2.make('/api/ipam/ip-addresses/', { address });
    expect(results(await c2.get('/api/ipam/ip-addresses/')).map((i) => i.address)).toEqual([
      '9.255.0.1/8',
      '10.0.0.9/24',
      '10.0.0.10/24',
      '2001:db8::1/64',
      'fd00::9/64',
      'fd00::10/64',
    ]);
    await c2.sim.stop();
  });
});
