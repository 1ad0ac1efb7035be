import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  interfaces,
  ipAddresses,
  journalEntries,
  objectChanges,
  taggedItems,
  tags,
  vlans,
  vmInterfaces,
} from '@/db/schema';
import { countOf, genericRelation } from '../api-spec';
import { defineModel } from '../define-model';
import { colorField, slugField } from './validators';

/** `assigned_object_id IN (ids of the interfaces of these VMs / devices)`. */
function assignedToInterfacesOf(owner: 'vm' | 'device', ids: number[]): SQL {
  const [table, idColumn, ownerColumn] =
    owner === 'vm'
      ? [vmInterfaces, vmInterfaces.id, vmInterfaces.virtualMachineId]
      : [interfaces, interfaces.id, interfaces.deviceId];
  return sql`${ipAddresses.assignedObjectId} in (select ${idColumn} from ${table} where ${inArray(ownerColumn, ids)})`;
}

export const vlanModel = defineModel({
  key: 'vlans',
  label: 'VLAN',
  labelPlural: 'VLANs',
  group: 'IPAM',
  objectType: 'ipam.vlan',
  table: vlans,
  api: { path: 'ipam/vlans', brief: ['vid', 'name', 'description'] },
  display: (row) => `${row.name} (${row.vid})`,
  fields: { vid: { label: 'VLAN ID', min: 1, max: 4094 } },
  list: {
    columns: ['vid', 'name', 'siteId', 'status', 'tenantId'],
    defaultSort: { key: 'vid', desc: false },
    search: ['name', 'vid', 'description'],
  },
});

export const ipAddressModel = defineModel({
  key: 'ip-addresses',
  label: 'IP address',
  labelPlural: 'IP addresses',
  group: 'IPAM',
  objectType: 'ipam.ipaddress',
  table: ipAddresses,
  writeRules: ['unique-ip-host'],
  api: {
    path: 'ipam/ip-addresses',
    brief: ['family', 'address', 'description'],
    computed: {
      family: { kind: 'ip-family' },
      assigned_object: genericRelation('assignedObjectType', 'assignedObjectId'),
      nat_outside: { kind: 'nat-outside' },
    },
  },
  globalSearch: { priority: 40, fields: ['address'] },
  display: (row) => String(row.address),
  fields: {
    address: { kind: 'ip', help: 'Address with prefix length, e.g. 10.0.0.5/24.' },
    assignedObjectId: { label: 'Assigned object ID' },
    natInsideId: { label: 'NAT inside' },
    dnsName: {
      label: 'DNS name',
      pattern: '^([0-9A-Za-z_-]+|\\*)(\\.[0-9A-Za-z_-]+)*\\.?$|^$',
      patternMessage:
        'Only alphanumeric characters, asterisks, hyphens, periods, and underscores are allowed in DNS names.',
    },
    proxmoxEndpointId: { readOnly: true },
  },
  syncManaged: {
    marker: 'proxmoxEndpointId',
    fields: ['address', 'assignedObjectType', 'assignedObjectId', 'proxmoxEndpointId'],
  },
  virtualFilters: {
    // NetBox's IPAddressFilterSet.virtual_machine_id / device_id / vminterface_id / interface_id.
    virtualMachineId: {
      label: 'Virtual machine',
      fk: 'virtual-machines',
      relatedLabel: 'IP addresses',
      where: (ids) =>
        and(eq(ipAddresses.assignedObjectType, 'virtualization.vminterface'), assignedToInterfacesOf('vm', ids))!,
    },
    deviceId: {
      label: 'Device',
      fk: 'devices',
      relatedLabel: 'IP addresses',
      where: (ids) => and(eq(ipAddresses.assignedObjectType, 'dcim.interface'), assignedToInterfacesOf('device', ids))!,
    },
    vminterfaceId: {
      label: 'VM interface',
      fk: 'vm-interfaces',
      relatedLabel: 'IP addresses',
      where: (ids) =>
        and(
          eq(ipAddresses.assignedObjectType, 'virtualization.vminterface'),
          inArray(ipAddresses.assignedObjectId, ids),
        )!,
    },
    interfaceId: {
      label: 'Interface',
      fk: 'interfaces',
      relatedLabel: 'IP addresses',
      where: (ids) =>
        and(eq(ipAddresses.assignedObjectType, 'dcim.interface'), inArray(ipAddresses.assignedObjectId, ids))!,
    },
  },
  list: {
    columns: ['address', 'status', 'role', 'assignedObjectType', 'assignedObjectId', 'dnsName', 'tenantId'],
    defaultSort: { key: 'address', desc: false },
    search: ['address', 'dnsName', 'description'],
  },
});

export const tagModel = defineModel({
  key: 'tags',
  label: 'Tag',
  group: 'Other',
  objectType: 'extras.tag',
  table: tags,
  display: (row) => String(row.name),
  api: {
    path: 'extras/tags',
    brief: ['name', 'slug', 'color', 'description'],
    computed: { tagged_items: countOf(taggedItems, taggedItems.tagId) },
  },
  taggable: false,
  fields: {
    slug: slugField,
    color: colorField,
    objectTypes: { label: 'Object types', help: 'JSON list such as ["virtualization.virtualmachine"]; empty = all.' },
  },
  list: {
    columns: ['name', 'slug', 'color', 'weight', 'description'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'slug', 'description'],
  },
});

export const journalEntryModel = defineModel({
  key: 'journal-entries',
  label: 'Journal entry',
  labelPlural: 'Journal entries',
  group: 'Other',
  objectType: 'extras.journalentry',
  table: journalEntries,
  api: {
    path: 'extras/journal-entries',
    brief: ['created'],
    computed: { assigned_object: genericRelation('assignedObjectType', 'assignedObjectId') },
  },
  display: (row) => `Journal entry #${row.id}`,
  fields: { createdById: { readOnly: true, label: 'Created by' }, comments: { kind: 'textarea' } },
  list: {
    columns: ['created', 'assignedObjectType', 'assignedObjectId', 'kind', 'createdById', 'comments'],
    defaultSort: { key: 'created', desc: true },
    search: ['comments'],
  },
});

export const objectChangeModel = defineModel({
  key: 'object-changes',
  label: 'Change',
  labelPlural: 'Change log',
  group: 'Other',
  objectType: 'core.objectchange',
  table: objectChanges,
  changeLog: true,
  api: {
    path: 'core/object-changes',
    name: 'ObjectChange',
    brief: ['action', 'changed_object_type', 'changed_object_id', 'object_repr', 'time'],
    computed: {
      user: { kind: 'change-user' },
      changed_object: genericRelation('changedObjectType', 'changedObjectId'),
      prechange_data: { kind: 'change-snapshot', column: 'prechangeData' },
      postchange_data: { kind: 'change-snapshot', column: 'postchangeData' },
    },
  },
  display: (row) => `${row.action} ${row.objectRepr}`,
  creatable: false,
  deletable: false,
  taggable: false,
  syncOwned: true,
  userFields: [],
  fields: {
    objectRepr: { label: 'Object' },
    requestId: { label: 'Request ID' },
    changedObjectId: { label: 'Object ID' },
    changedObjectType: { label: 'Object type' },
  },
  list: {
    columns: ['time', 'userName', 'action', 'changedObjectType', 'objectRepr', 'requestId'],
    defaultSort: { key: 'time', desc: true },
    search: ['objectRepr', 'userName', 'requestId'],
  },
});
