import { eq } from 'drizzle-orm';
import {
  clusters,
  deviceRoles,
  devices,
  deviceTypes,
  interfaces,
  ipAddresses,
  manufacturers,
  platforms,
  sites,
  tenants,
  virtualMachines,
  vlans,
} from '@/db/schema';
import { constantOf, countOf, emptyList, nullValue, zeroCounter, zeroCounters } from '../api-spec';
import { defineModel, type ColumnKey } from '../define-model';
import { byName, colorField, macField, slugField, orgList } from './validators';

export const tenantModel = defineModel({
  key: 'tenants',
  label: 'Tenant',
  group: 'Other',
  objectType: 'tenancy.tenant',
  table: tenants,
  display: byName,
  api: {
    path: 'tenancy/tenants',
    brief: ['name', 'slug', 'description'],
    computed: {
      site_count: countOf(sites, sites.tenantId),
      device_count: countOf(devices, devices.tenantId),
      cluster_count: countOf(clusters, clusters.tenantId),
      virtualmachine_count: countOf(virtualMachines, virtualMachines.tenantId),
      vlan_count: countOf(vlans, vlans.tenantId),
      ipaddress_count: countOf(ipAddresses, ipAddresses.tenantId),
    },
  },
  fields: { slug: slugField },
  list: orgList,
});

export const siteModel = defineModel({
  key: 'sites',
  label: 'Site',
  group: 'Devices',
  objectType: 'dcim.site',
  table: sites,
  display: byName,
  api: {
    path: 'dcim/sites',
    brief: ['name', 'slug', 'description'],
    // Proxbox keeps no prefixes, racks or circuits, so those counts are truly zero.
    computed: {
      device_count: countOf(devices, devices.siteId),
      virtualmachine_count: countOf(virtualMachines, virtualMachines.siteId),
      vlan_count: countOf(vlans, vlans.siteId),
      ...zeroCounters('prefix_count', 'rack_count', 'circuit_count'),
    },
  },
  fields: { slug: slugField, latitude: { min: -90, max: 90 }, longitude: { min: -180, max: 180 } },
  list: {
    columns: ['name', 'slug', 'status', 'tenantId', 'facility', 'description'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'slug', 'facility', 'description'],
  },
});

export const manufacturerModel = defineModel({
  key: 'manufacturers',
  label: 'Manufacturer',
  group: 'Devices',
  objectType: 'dcim.manufacturer',
  table: manufacturers,
  display: byName,
  api: {
    path: 'dcim/manufacturers',
    brief: ['name', 'slug', 'description'],
    computed: {
      devicetype_count: countOf(deviceTypes, deviceTypes.manufacturerId),
      platform_count: countOf(platforms, platforms.manufacturerId),
    },
  },
  fields: { slug: slugField },
  list: orgList,
});

export const platformModel = defineModel({
  key: 'platforms',
  label: 'Platform',
  group: 'Devices',
  objectType: 'dcim.platform',
  table: platforms,
  display: byName,
  api: {
    path: 'dcim/platforms',
    brief: ['name', 'slug', 'description', 'device_count', 'virtualmachine_count', '_depth'],
    computed: {
      device_count: countOf(devices, devices.platformId),
      virtualmachine_count: countOf(virtualMachines, virtualMachines.platformId),
      _depth: constantOf(0),
    },
  },
  fields: { slug: slugField },
  list: { ...orgList, columns: ['name', 'slug', 'manufacturerId', 'description'] },
});

export const deviceTypeModel = defineModel({
  key: 'device-types',
  label: 'Device type',
  group: 'Devices',
  objectType: 'dcim.devicetype',
  table: deviceTypes,
  api: {
    path: 'dcim/device-types',
    brief: ['manufacturer', 'model', 'slug', 'description', 'device_count'],
    computed: {
      device_count: countOf(devices, devices.deviceTypeId),
      ...zeroCounters(
        'console_port_template_count',
        'console_server_port_template_count',
        'power_port_template_count',
        'power_outlet_template_count',
        'interface_template_count',
        'front_port_template_count',
        'rear_port_template_count',
        'device_bay_template_count',
        'module_bay_template_count',
        'inventory_item_template_count',
      ),
    },
  },
  display: (row) => String(row.model),
  fields: { slug: slugField, uHeight: { label: 'U height', min: 0, max: 100 }, weight: { min: 0 } },
  list: {
    columns: ['model', 'manufacturerId', 'slug', 'partNumber', 'uHeight'],
    defaultSort: { key: 'model', desc: false },
    search: ['model', 'slug', 'partNumber'],
  },
});

export const deviceRoleModel = defineModel({
  key: 'device-roles',
  label: 'Device role',
  group: 'Devices',
  objectType: 'dcim.devicerole',
  table: deviceRoles,
  display: byName,
  api: {
    path: 'dcim/device-roles',
    brief: ['name', 'slug', 'description', 'device_count', 'virtualmachine_count'],
    computed: {
      device_count: countOf(devices, devices.roleId),
      virtualmachine_count: countOf(virtualMachines, virtualMachines.roleId),
    },
  },
  fields: { slug: slugField, color: colorField, vmRole: { label: 'VM role' } },
  list: {
    columns: ['name', 'slug', 'parentId', 'color', 'vmRole', 'description'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'slug', 'description'],
  },
});

const DEVICE_SYNC_FIELDS: ColumnKey<typeof devices>[] = ['name', 'clusterId', 'proxmoxEndpointId', 'proxmoxNode'];

export const deviceModel = defineModel({
  key: 'devices',
  label: 'Device',
  group: 'Devices',
  objectType: 'dcim.device',
  table: devices,
  api: {
    path: 'dcim/devices',
    brief: ['name', 'description'],
    computed: {
      primary_ip: { kind: 'primary-ip' },
      parent_device: nullValue,
      config_context: { kind: 'config-context' },
      interface_count: countOf(interfaces, interfaces.deviceId),
      ...zeroCounters(
        'console_port_count',
        'console_server_port_count',
        'power_port_count',
        'power_outlet_count',
        'front_port_count',
        'rear_port_count',
        'device_bay_count',
        'module_bay_count',
        'inventory_item_count',
      ),
    },
    customFields: {
      source: 'proxmox-node',
      fields: {
        proxmox_node: { key: 'proxmoxNode', type: 'text' },
        proxmox_cluster: { cluster: 'node' },
        proxmox_link: null,
      },
    },
  },
  detailPanels: ['object-sync'],
  globalSearch: { priority: 21 },
  proxmoxWebUi: 'node',
  display: (row) => (row.name ? String(row.name) : `Unnamed device #${row.id}`),
  fields: {
    assetTag: { label: 'Asset tag' },
    primaryIp4Id: { label: 'Primary IPv4' },
    primaryIp6Id: { label: 'Primary IPv6' },
    oobIpId: { label: 'OOB IP' },
    latitude: { min: -90, max: 90 },
    longitude: { min: -180, max: 180 },
    proxmoxEndpointId: { readOnly: true },
    proxmoxNode: { readOnly: true },
  },
  syncManaged: { marker: 'proxmoxEndpointId', fields: DEVICE_SYNC_FIELDS },
  list: {
    columns: ['name', 'status', 'siteId', 'roleId', 'deviceTypeId', 'clusterId', 'primaryIp4Id', 'proxmoxEndpointId'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'serial', 'assetTag', 'description'],
  },
});

export const interfaceModel = defineModel({
  key: 'interfaces',
  label: 'Interface',
  group: 'Devices',
  objectType: 'dcim.interface',
  table: interfaces,
  display: byName,
  api: {
    path: 'dcim/interfaces',
    brief: ['device', 'name', 'description', 'cable', '_occupied'],
    computed: {
      cable: nullValue,
      cable_end: constantOf('', { type: 'string' }),
      link_peers: emptyList,
      link_peers_type: nullValue,
      connected_endpoints: nullValue,
      connected_endpoints_type: nullValue,
      connected_endpoints_reachable: constantOf(false, { type: 'boolean' }),
      _occupied: constantOf(false, { type: 'boolean' }),
      mac_addresses: emptyList,
      tagged_vlans: emptyList,
      vdcs: emptyList,
      wireless_lans: emptyList,
      count_ipaddresses: countOf(
        ipAddresses,
        ipAddresses.assignedObjectId,
        eq(ipAddresses.assignedObjectType, 'dcim.interface'),
      ),
      count_fhrp_groups: zeroCounter,
    },
  },
  globalSearch: { priority: 51 },
  fields: {
    macAddress: { ...macField, label: 'MAC address' },
    mtu: { label: 'MTU', min: 1, max: 65536 },
    untaggedVlanId: { label: 'Untagged VLAN' },
    lagId: { label: 'LAG' },
  },
  list: {
    columns: ['name', 'deviceId', 'type', 'enabled', 'macAddress', 'mtu', 'bridgeId'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'label', 'macAddress', 'description'],
  },
});
