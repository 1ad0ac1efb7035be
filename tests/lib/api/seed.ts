import { make } from './helpers';

// A small inventory the API tests query: two clusters, five VMs (two synced from Proxmox), tags,
// a tenant, a node device, interfaces, a disk and IP addresses.

export interface Seeded {
  tags: { gold: number; silver: number };
  tenant: number;
  site: number;
  clusterType: number;
  prod: number;
  lab: number;
  endpoint: number;
  pveCluster: number;
  vms: { a: number; b: number; c: number; web1: number; web10: number };
  device: number;
  vmInterface: number;
  ip: number;
  disk: number;
}

export const ENDPOINT_SECRET = 'pve-token-secret-0123456789abcdef';

export async function seedInventory(): Promise<Seeded> {
  const gold = await make('tags', { name: 'Gold', slug: 'gold', color: 'ffd700' });
  const silver = await make('tags', { name: 'Silver', slug: 'silver' });
  const tenant = await make('tenants', { name: 'Acme', slug: 'acme' });
  const site = await make('sites', { name: 'DC 1', slug: 'dc1', status: 'active' });
  const clusterType = await make('cluster-types', { name: 'Proxmox VE', slug: 'proxmox' });
  const endpoint = await make('proxmox-endpoints', {
    name: 'pve-ep',
    domain: 'pve.example.com',
    port: 8006,
    username: 'root@pam',
    tokenName: 'proxbox',
    tokenValue: ENDPOINT_SECRET,
  });
  const pveCluster = await make('proxmox-clusters', {
    name: 'pve-cluster',
    proxmoxEndpointId: endpoint,
    mode: 'cluster',
  });
  const prod = await make('clusters', { name: 'prod', typeId: clusterType, siteId: site, proxmoxEndpointId: endpoint });
  const lab = await make('clusters', { name: 'lab', typeId: clusterType, status: 'planned' });
  const proxmox = { proxmoxEndpointId: endpoint, proxmoxClusterId: pveCluster };
  const a = await make('virtual-machines', {
    name: 'vm-a',
    clusterId: prod,
    status: 'active',
    vcpus: 2,
    memory: 2048,
    vmid: 100,
    guestType: 'qemu',
    proxmoxNode: 'pve1',
    proxmoxStatus: 'running',
    startOnBoot: 'on',
    qemuAgent: true,
    ...proxmox,
    tags: [gold],
  });
  const b = await make('virtual-machines', {
    name: 'vm-b',
    clusterId: prod,
    status: 'offline',
    vcpus: 4,
    memory: 4096,
    vmid: 101,
    guestType: 'lxc',
    proxmoxNode: 'pve2',
    proxmoxStatus: 'stopped',
    unprivileged: true,
    searchDomain: 'lab.local',
    ...proxmox,
    tags: [gold, silver],
  });
  const c = await make('virtual-machines', {
    name: 'vm-c',
    clusterId: lab,
    status: 'active',
    vcpus: 8,
    memory: 8192,
    tenantId: tenant,
    customFields: { owner: 'ops' },
  });
  const web1 = await make('virtual-machines', {
    name: 'web-1',
    clusterId: lab,
    status: 'planned',
    vcpus: 1,
    memory: 1024,
    description: 'frontend',
  });
  const web10 = await make('virtual-machines', {
    name: 'web-10',
    clusterId: prod,
    status: 'active',
    vcpus: 16,
    memory: 16384,
    tags: [silver],
  });
  const manufacturer = await make('manufacturers', { name: 'Generic', slug: 'generic' });
  const deviceType = await make('device-types', { manufacturerId: manufacturer, model: 'Server', slug: 'server' });
  const role = await make('device-roles', { name: 'Hypervisor', slug: 'hypervisor' });
  const device = await make('devices', {
    name: 'pve1',
    deviceTypeId: deviceType,
    roleId: role,
    siteId: site,
    clusterId: prod,
    proxmoxEndpointId: endpoint,
    proxmoxNode: 'pve1',
  });
  await make('proxmox-nodes', {
    name: 'pve1',
    proxmoxEndpointId: endpoint,
    proxmoxClusterId: pveCluster,
    netboxDeviceId: device,
    ipAddress: '10.0.0.11',
  });
  const vmInterface = await make('vm-interfaces', {
    virtualMachineId: a,
    name: 'net0',
    macAddress: 'BC:24:11:00:00:01',
  });
  const ip = await make('ip-addresses', {
    address: '10.0.0.50/24',
    assignedObjectType: 'virtualization.vminterface',
    assignedObjectId: vmInterface,
  });
  const disk = await make('virtual-disks', { virtualMachineId: a, name: 'scsi0', size: 32768 });
  return {
    tags: { gold, silver },
    tenant,
    site,
    clusterType,
    prod,
    lab,
    endpoint,
    pveCluster,
    vms: { a, b, c, web1, web10 },
    device,
    vmInterface,
    ip,
    disk,
  };
}
