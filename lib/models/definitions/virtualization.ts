import { eq, inArray, sql } from 'drizzle-orm';
import { devices, ipAddresses, proxmoxNodes, proxmoxStorageVirtualDisks } from '@/db/schema';
import {
  clusterGroups,
  clusters,
  clusterTypes,
  virtualDisks,
  virtualMachines,
  virtualMachineTypes,
  vmInterfaces,
} from '@/db/schema';
import { countOf, emptyList, genericRelation, nullValue, zeroCounter } from '../api-spec';
import { defineModel, type ColumnKey } from '../define-model';
import { byName, macField, slugField, orgList } from './validators';

export const clusterTypeModel = defineModel({
  key: 'cluster-types',
  label: 'Cluster type',
  group: 'Virtualization',
  objectType: 'virtualization.clustertype',
  table: clusterTypes,
  display: byName,
  api: {
    path: 'virtualization/cluster-types',
    brief: ['name', 'slug', 'description', 'cluster_count'],
    computed: { cluster_count: countOf(clusters, clusters.typeId) },
  },
  fields: { slug: slugField },
  list: orgList,
});

export const clusterGroupModel = defineModel({
  key: 'cluster-groups',
  label: 'Cluster group',
  group: 'Virtualization',
  objectType: 'virtualization.clustergroup',
  table: clusterGroups,
  display: byName,
  api: {
    path: 'virtualization/cluster-groups',
    brief: ['name', 'slug', 'description', 'cluster_count'],
    computed: { cluster_count: countOf(clusters, clusters.groupId) },
  },
  fields: { slug: slugField },
  list: orgList,
});

export const clusterModel = defineModel({
  key: 'clusters',
  label: 'Cluster',
  group: 'Virtualization',
  objectType: 'virtualization.cluster',
  table: clusters,
  display: byName,
  api: {
    path: 'virtualization/clusters',
    brief: ['name', 'description', 'virtualmachine_count'],
    computed: {
      scope: genericRelation('scopeType', 'scopeId'),
      device_count: countOf(devices, devices.clusterId),
      virtualmachine_count: countOf(virtualMachines, virtualMachines.clusterId),
      allocated_vcpus: { kind: 'allocated', column: 'vcpus' },
      allocated_memory: { kind: 'allocated', column: 'memory' },
      allocated_disk: { kind: 'allocated', column: 'disk' },
    },
  },
  detailPanels: ['object-sync'],
  globalSearch: { priority: 31 },
  proxmoxWebUi: 'datacenter',
  fields: { typeId: { label: 'Type' }, groupId: { label: 'Group' }, proxmoxEndpointId: { readOnly: true } },
  syncManaged: { marker: 'proxmoxEndpointId', fields: ['name', 'typeId', 'proxmoxEndpointId'] },
  list: {
    columns: ['name', 'typeId', 'groupId', 'status', 'siteId', 'tenantId', 'proxmoxEndpointId'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'description'],
  },
});

export const virtualMachineTypeModel = defineModel({
  key: 'virtual-machine-types',
  label: 'Virtual machine type',
  group: 'Virtualization',
  objectType: 'virtualization.virtualmachinetype',
  table: virtualMachineTypes,
  display: byName,
  api: {
    path: 'virtualization/virtual-machine-types',
    brief: ['name', 'slug', 'description'],
    computed: { virtual_machine_count: countOf(virtualMachines, virtualMachines.virtualMachineTypeId) },
  },
  fields: {
    slug: slugField,
    defaultVcpus: { label: 'Default vCPUs', min: 0.01 },
    defaultMemory: { label: 'Default memory (MB)' },
  },
  list: orgList,
});

/** Fields the Proxmox sync overwrites on a guest it created (docs/design-decisions.md). */
const VM_SYNC_FIELDS: ColumnKey<typeof virtualMachines>[] = [
  'clusterId',
  'deviceId',
  'status',
  'vcpus',
  'memory',
  'disk',
  'startOnBoot',
  'virtualMachineTypeId',
  'proxmoxEndpointId',
  'proxmoxClusterId',
  'vmid',
  'guestType',
  'proxmoxNode',
  'proxmoxStatus',
  'proxmoxName',
  'qemuAgent',
  'unprivileged',
  'searchDomain',
  'proxmoxTags',
  'cloudInit',
  'lastSyncedAt',
];

export const virtualMachineModel = defineModel({
  key: 'virtual-machines',
  label: 'Virtual machine',
  group: 'Virtualization',
  objectType: 'virtualization.virtualmachine',
  table: virtualMachines,
  display: byName,
  api: {
    path: 'virtualization/virtual-machines',
    brief: ['name', 'description'],
    computed: {
      primary_ip: { kind: 'primary-ip' },
      config_context: { kind: 'config-context' },
      interface_count: countOf(vmInterfaces, vmInterfaces.virtualMachineId),
      virtual_disk_count: countOf(virtualDisks, virtualDisks.virtualMachineId),
    },
    customFields: {
      source: 'proxmox-guest',
      fields: {
        proxmox_vm_id: { key: 'vmid', type: 'integer' },
        proxmox_vm_type: { key: 'guestType', type: 'text' },
        proxmox_node: { key: 'proxmoxNode', type: 'text' },
        proxmox_cluster: { cluster: 'guest' },
        proxmox_status: { key: 'proxmoxStatus', type: 'text' },
        proxmox_start_at_boot: { startOnBoot: true },
        proxmox_qemu_agent: { key: 'qemuAgent', type: 'boolean' },
        proxmox_unprivileged_container: { key: 'unprivileged', type: 'boolean' },
        proxmox_search_domain: { key: 'searchDomain', type: 'text' },
        proxmox_link: null,
      },
    },
  },
  detailPanels: ['object-sync'],
  bulkSync: true,
  globalSearch: { priority: 10 },
  proxmoxWebUi: 'guest',
  fields: {
    virtualMachineTypeId: { label: 'Type' },
    roleId: { label: 'Role' },
    primaryIp4Id: { label: 'Primary IPv4' },
    primaryIp6Id: { label: 'Primary IPv6' },
    vcpus: { label: 'vCPUs', min: 0.01, max: 9999.99 },
    memory: { label: 'Memory (MB)' },
    disk: { label: 'Disk (MB)' },
    vmid: { label: 'VMID', readOnly: true },
    guestType: { readOnly: true },
    proxmoxEndpointId: { readOnly: true },
    proxmoxClusterId: { readOnly: true },
    proxmoxNode: { readOnly: true },
    proxmoxStatus: { readOnly: true },
    proxmoxName: { readOnly: true },
    qemuAgent: { label: 'QEMU agent', readOnly: true },
    unprivileged: { readOnly: true },
    searchDomain: { readOnly: true },
    proxmoxTags: { readOnly: true },
    cloudInit: { label: 'Cloud-init', readOnly: true },
    lastSyncedAt: { readOnly: true },
  },
  syncManaged: { marker: 'proxmoxEndpointId', fields: VM_SYNC_FIELDS },
  virtualFilters: {
    // A node's guests are the VMs on the device the node mirrors (the sync sets both links).
    proxmoxNodeId: {
      label: 'Proxmox node',
      fk: 'proxmox-nodes',
      relatedLabel: 'Guests',
      where: (ids) =>
        sql`${virtualMachines.deviceId} in (select ${proxmoxNodes.netboxDeviceId} from ${proxmoxNodes} where ${inArray(proxmoxNodes.id, ids)})`,
    },
  },
  list: {
    columns: [
      'name',
      'status',
      'clusterId',
      'deviceId',
      'vmid',
      'guestType',
      'vcpus',
      'memory',
      'disk',
      'primaryIp4Id',
    ],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'vmid', 'description'],
  },
  validate: (v): Record<string, string[]> =>
    v.siteId == null && v.clusterId == null && v.deviceId == null
      ? { nonFieldErrors: ['A virtual machine must be assigned to a site, cluster, or device.'] }
      : {},
});

export const vmInterfaceModel = defineModel({
  key: 'vm-interfaces',
  label: 'VM interface',
  group: 'Virtualization',
  objectType: 'virtualization.vminterface',
  table: vmInterfaces,
  display: byName,
  api: {
    path: 'virtualization/interfaces',
    brief: ['virtual_machine', 'name', 'description'],
    computed: {
      mac_addresses: emptyList,
      tagged_vlans: emptyList,
      l2vpn_termination: nullValue,
      count_ipaddresses: countOf(
        ipAddresses,
        ipAddresses.assignedObjectId,
        eq(ipAddresses.assignedObjectType, 'virtualization.vminterface'),
      ),
      count_fhrp_groups: zeroCounter,
    },
  },
  globalSearch: { priority: 50, fields: ['macAddress'] },
  fields: {
    macAddress: { ...macField, label: 'MAC address' },
    mtu: { label: 'MTU', min: 1, max: 65536 },
    untaggedVlanId: { label: 'Untagged VLAN' },
  },
  list: {
    columns: ['name', 'virtualMachineId', 'enabled', 'macAddress', 'mtu', 'mode', 'proxmoxBridge'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'macAddress', 'description'],
  },
});

export const virtualDiskModel = defineModel({
  key: 'virtual-disks',
  label: 'Virtual disk',
  group: 'Virtualization',
  objectType: 'virtualization.virtualdisk',
  table: virtualDisks,
  display: byName,
  api: {
    path: 'virtualization/virtual-disks',
    brief: ['virtual_machine', 'name', 'description', 'size'],
  },
  fields: { size: { label: 'Size (MB)', min: 1 } },
  virtualFilters: {
    // The seed's storage detail view lists the disks a storage holds.
    proxmoxStorageId: {
      label: 'Proxmox storage',
      fk: 'storage',
      relatedLabel: 'Virtual disks',
      where: (ids) =>
        sql`${virtualDisks.id} in (select ${proxmoxStorageVirtualDisks.virtualDiskId} from ${proxmoxStorageVirtualDisks} where ${inArray(proxmoxStorageVirtualDisks.proxmoxStorageId, ids)})`,
    },
  },
  list: {
    columns: ['name', 'virtualMachineId', 'size', 'description'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'description'],
  },
});
