import type { NetboxVersion } from '@/simulators/netbox';
import type { Client, Obj } from './helpers';

/** One of everything, built over HTTP the way a client would (FKs by id and by attributes). */
export async function buildEstate(c: Client, version: NetboxVersion): Promise<Record<string, Obj>> {
  const o: Record<string, Obj> = {};
  o.tag = await c.make('/api/extras/tags/', { name: 'proxbox', slug: 'proxbox', color: 'ff5722' });
  o.cf = await c.make('/api/extras/custom-fields/', {
    name: 'proxmox_vm_id',
    type: 'integer',
    object_types: ['virtualization.virtualmachine'],
    filter_logic: 'exact',
  });
  o.cfNode = await c.make('/api/extras/custom-fields/', {
    name: 'proxmox_node',
    type: 'text',
    object_types: ['virtualization.virtualmachine', 'dcim.device'],
  });
  o.tenant = await c.make('/api/tenancy/tenants/', { name: 'Ops', slug: 'ops' });
  o.site = await c.make('/api/dcim/sites/', { name: 'DC 1', slug: 'dc1', tags: [{ slug: 'proxbox' }] });
  o.manufacturer = await c.make('/api/dcim/manufacturers/', { name: 'Proxmox', slug: 'proxmox' });
  o.deviceType = await c.make('/api/dcim/device-types/', {
    manufacturer: { slug: 'proxmox' },
    model: 'PVE node',
    slug: 'pve-node',
  });
  o.role = await c.make('/api/dcim/device-roles/', { name: 'Hypervisor', slug: 'hypervisor', color: '4caf50' });
  o.vmRole = await c.make('/api/dcim/device-roles/', { name: 'VM', slug: 'vm' });
  o.platform = await c.make('/api/dcim/platforms/', { name: 'Linux', slug: 'linux', manufacturer: o.manufacturer.id });
  o.clusterType = await c.make('/api/virtualization/cluster-types/', { name: 'Proxmox VE', slug: 'proxmox-ve' });
  o.clusterGroup = await c.make('/api/virtualization/cluster-groups/', { name: 'Lab', slug: 'lab' });
  const scope = version === '4.0' ? { site: o.site.id } : { scope_type: 'dcim.site', scope_id: o.site.id };
  o.cluster = await c.make('/api/virtualization/clusters/', {
    name: 'cluster1',
    type: { slug: 'proxmox-ve' },
    group: o.clusterGroup.id,
    tenant: o.tenant.id,
    ...scope,
    tags: [o.tag.id],
  });
  o.device = await c.make('/api/dcim/devices/', {
    name: 'pve1',
    device_type: o.deviceType.id,
    role: { slug: 'hypervisor' },
    site: { slug: 'dc1' },
    cluster: o.cluster.id,
    custom_fields: { proxmox_node: 'pve1' },
  });
  o.iface = await c.make('/api/dcim/interfaces/', {
    device: o.device.id,
    name: 'vmbr0',
    type: 'bridge',
    ...(version === '4.0' ? { mac_address: 'bc:24:11:00:00:01' } : {}),
  });
  o.deviceIp = await c.make('/api/ipam/ip-addresses/', {
    address: '192.168.10.11/24',
    assigned_object_type: 'dcim.interface',
    assigned_object_id: o.iface.id,
    dns_name: 'pve1.lab',
  });
  o.device = (await c.patch(`/api/dcim/devices/${String(o.device.id)}/`, { primary_ip4: o.deviceIp.id })).body as Obj;
  if (version === '4.6')
    o.vmType = await c.make('/api/virtualization/virtual-machine-types/', {
      name: 'Small',
      slug: 'small',
      default_vcpus: 2,
      default_memory: 2048,
      default_platform: o.platform.id,
    });
  o.vm = await c.make('/api/virtualization/virtual-machines/', {
    name: 'web01',
    cluster: { name: 'cluster1' },
    device: o.device.id,
    role: o.vmRole.id,
    tenant: { slug: 'ops' },
    platform: o.platform.id,
    status: 'active',
    vcpus: 2,
    memory: 4096,
    custom_fields: { proxmox_vm_id: 100, proxmox_node: 'pve1' },
    tags: [{ name: 'proxbox' }],
    ...(version === '4.6' ? { start_on_boot: 'on', virtual_machine_type: o.vmType.id } : {}),
  });
  o.vmIface = await c.make('/api/virtualization/interfaces/', {
    virtual_machine: o.vm.id,
    name: 'net0',
    mtu: 1500,
    ...(version === '4.0' ? { mac_address: 'BC:24:11:AA:00:01' } : {}),
  });
  if (version !== '4.0') {
    o.mac = await c.make('/api/dcim/mac-addresses/', {
      mac_address: 'bc:24:11:aa:00:01',
      assigned_object_type: 'virtualization.vminterface',
      assigned_object_id: o.vmIface.id,
    });
    o.vmIface = (
      await c.patch(`/api/virtualization/interfaces/${String(o.vmIface.id)}/`, { primary_mac_address: o.mac.id })
    ).body as Obj;
  }
  o.ip = await c.make('/api/ipam/ip-addresses/', {
    address: '10.100.1.10/24',
    assigned_object_type: 'virtualization.vminterface',
    assigned_object_id: o.vmIface.id,
    tags: [o.tag.id],
  });
  o.ip6 = await c.make('/api/ipam/ip-addresses/', {
    address: 'fd00::10/64',
    assigned_object_type: 'virtualization.vminterface',
    assigned_object_id: o.vmIface.id,
  });
  o.disk = await c.make('/api/virtualization/virtual-disks/', { virtual_machine: o.vm.id, name: 'scsi0', size: 32000 });
  o.vm = (
    await c.patch(`/api/virtualization/virtual-machines/${String(o.vm.id)}/`, {
      primary_ip4: o.ip.id,
      primary_ip6: o.ip6.id,
    })
  ).body as Obj;
  return o;
}
