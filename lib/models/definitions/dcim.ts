import { deviceRoles, devices, deviceTypes, interfaces, manufacturers, platforms, sites, tenants } from '@/db/schema';
import { defineModel } from '../define-model';
import { byName, colorField, macField, slugField, orgList } from './validators';


export const tenantModel = defineModel({
  key: 'tenants', label: 'Tenant', group: 'Other', objectType: 'tenancy.tenant', table: tenants, display: byName,
  fields: { slug: slugField }, list: orgList,
});

export const siteModel = defineModel({
  key: 'sites', label: 'Site', group: 'Devices', objectType: 'dcim.site', table: sites, display: byName,
  fields: { slug: slugField, latitude: { min: -90, max: 90 }, longitude: { min: -180, max: 180 } },
  list: { columns: ['name', 'slug', 'status', 'tenantId', 'facility', 'description'], defaultSort: { key: 'name', desc: false }, search: ['name', 'slug', 'facility', 'description'] },
});

export const manufacturerModel = defineModel({
  key: 'manufacturers', label: 'Manufacturer', group: 'Devices', objectType: 'dcim.manufacturer', table: manufacturers, display: byName,
  fields: { slug: slugField }, list: orgList,
});

export const platformModel = defineModel({
  key: 'platforms', label: 'Platform', group: 'Devices', objectType: 'dcim.platform', table: platforms, display: byName,
  fields: { slug: slugField }, list: { ...orgList, columns: ['name', 'slug', 'manufacturerId', 'description'] },
});

export const deviceTypeModel = defineModel({
  key: 'device-types', label: 'Device type', group: 'Devices', objectType: 'dcim.devicetype', table: deviceTypes,
  display: (row) => String(row.model),
  fields: { slug: slugField, uHeight: { label: 'U height', min: 0, max: 100 }, weight: { min: 0 } },
  list: { columns: ['model', 'manufacturerId', 'slug', 'partNumber', 'uHeight'], defaultSort: { key: 'model', desc: false }, search: ['model', 'slug', 'partNumber'] },
});

export const deviceRoleModel = defineModel({
  key: 'device-roles', label: 'Device role', group: 'Devices', objectType: 'dcim.devicerole', table: deviceRoles, display: byName,
  fields: { slug: slugField, color: colorField, vmRole: { label: 'VM role' } },
  list: { columns: ['name', 'slug', 'parentId', 'color', 'vmRole', 'description'], defaultSort: { key: 'name', desc: false }, search: ['name', 'slug', 'description'] },
});

const DEVICE_SYNC_FIELDS = ['name', 'clusterId', 'proxmoxEndpointId', 'proxmoxNode'];

export const deviceModel = defineModel({
  key: 'devices', label: 'Device', group: 'Devices', objectType: 'dcim.device', table: devices,
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
  key: 'interfaces', label: 'Interface', group: 'Devices', objectType: 'dcim.interface', table: interfaces, display: byName,
  globalSearch: { priority: 51 },
  fields: { macAddress: { ...macField, label: 'MAC address' }, mtu: { label: 'MTU', min: 1, max: 65536 }, untaggedVlanId: { label: 'Untagged VLAN' }, lagId: { label: 'LAG' } },
  list: { columns: ['name', 'deviceId', 'type', 'enabled', 'macAddress', 'mtu', 'bridgeId'], defaultSort: { key: 'name', desc: false }, search: ['name', 'label', 'macAddress', 'description'] },
});
