import { inArray, sql } from 'drizzle-orm';
import {
  proxmoxClusters,
  proxmoxNodes,
  proxmoxStorages,
  proxmoxStorageVirtualDisks,
  virtualMachines,
} from '@/db/schema';
import { defineModel } from '../define-model';
import { byName } from './validators';

export const proxmoxClusterModel = defineModel({
  key: 'proxmox-clusters',
  api: { path: 'plugins/proxbox/proxmox-clusters' },
  label: 'Proxmox cluster',
  group: 'Proxmox',
  objectType: 'netbox_proxbox.proxmoxcluster',
  detailPanels: ['object-sync'],
  globalSearch: { priority: 30 },
  proxmoxWebUi: 'datacenter',
  table: proxmoxClusters,
  display: byName,
  syncOwned: true,
  fields: { netboxClusterId: { label: 'NetBox cluster' }, clusterId: { label: 'Cluster ID' } },
  list: {
    columns: ['name', 'proxmoxEndpointId', 'netboxClusterId', 'mode', 'nodesCount', 'quorate', 'version'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'clusterId'],
  },
});

export const proxmoxNodeModel = defineModel({
  key: 'proxmox-nodes',
  api: { path: 'plugins/proxbox/proxmox-nodes' },
  label: 'Proxmox node',
  group: 'Proxmox',
  objectType: 'netbox_proxbox.proxmoxnode',
  detailPanels: ['object-sync'],
  bulkSync: true,
  globalSearch: { priority: 20 },
  proxmoxWebUi: 'node',
  table: proxmoxNodes,
  display: byName,
  syncOwned: true,
  fields: {
    netboxDeviceId: { label: 'NetBox device' },
    nodeId: { label: 'Node ID' },
    memoryUsage: { label: 'Memory usage (bytes)' },
    maxMemory: { label: 'Max memory (bytes)' },
    cpuUsage: { label: 'CPU usage (0–1)' },
    maxCpu: { label: 'Max CPU' },
    sslFingerprint: { label: 'SSL fingerprint' },
  },
  virtualFilters: {
    // The node a guest runs on: the one mirrored by the guest's device.
    virtualMachineId: {
      label: 'Virtual machine',
      fk: 'virtual-machines',
      relatedLabel: 'Proxmox node',
      where: (ids) =>
        sql`${proxmoxNodes.netboxDeviceId} in (select ${virtualMachines.deviceId} from ${virtualMachines} where ${inArray(virtualMachines.id, ids)})`,
    },
  },
  list: {
    columns: [
      'name',
      'proxmoxEndpointId',
      'proxmoxClusterId',
      'netboxDeviceId',
      'ipAddress',
      'online',
      'cpuUsage',
      'maxCpu',
      'maxMemory',
    ],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'ipAddress'],
  },
});

export const proxmoxStorageModel = defineModel({
  key: 'storage',
  api: { path: 'plugins/proxbox/storage', name: 'ProxmoxStorage' },
  label: 'Proxmox storage',
  labelPlural: 'Proxmox storage',
  group: 'Proxmox',
  objectType: 'netbox_proxbox.proxmoxstorage',
  detailPanels: ['object-sync'],
  bulkSync: true,
  globalSearch: { priority: 60 },
  proxmoxWebUi: 'storage',
  table: proxmoxStorages,
  display: byName,
  syncOwned: true,
  fields: { clusterId: { label: 'Cluster' }, rawConfig: { label: 'Raw config' }, monhost: { label: 'Monitor hosts' } },
  list: {
    columns: ['name', 'proxmoxEndpointId', 'clusterId', 'storageType', 'content', 'shared', 'enabled', 'nodes'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'storageType', 'path', 'server', 'pool', 'datastore'],
  },
});

export const storageVirtualDiskModel = defineModel({
  key: 'storage-virtual-disks',
  api: { path: 'plugins/proxbox/storage-virtual-disks', name: 'ProxmoxStorageVirtualDisk' },
  label: 'Storage virtual disk',
  group: 'Proxmox',
  objectType: 'netbox_proxbox.proxmoxstoragevirtualdisk',
  table: proxmoxStorageVirtualDisks,
  display: (row) => `Disk #${row.virtualDiskId} on storage #${row.proxmoxStorageId}`,
  syncOwned: true,
  taggable: false,
  list: {
    columns: ['id', 'proxmoxStorageId', 'virtualDiskId'],
    defaultSort: { key: 'id', desc: false },
    search: [],
  },
});
