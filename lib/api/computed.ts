import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as s from '@/db/schema';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModelByObjectType } from '@/lib/models/registry';
import type { ApiContext, Row } from './context';

// Read-only fields NetBox serializers add to a model's columns: related-object counters, the
// IP family, primary_ip, generic relations (assigned_object, changed_object, scope) and the
// constants of NetBox features Proxbox does not model (cables, templates, FHRP, MAC objects).

export type JsonSchema = Record<string, unknown>;
export type Resolver = (row: Row) => unknown;

export interface ComputedField {
  /** A related-object count: dropped when the object is nested inside another (NetBox does). */
  counter?: boolean;
  schema: JsonSchema;
  load: (ctx: ApiContext, rows: Row[]) => Promise<Resolver> | Resolver;
}

const ids = (rows: Row[]) => rows.map((r) => r.id as number);
const int: JsonSchema = { type: 'integer', readOnly: true };

function constant(value: unknown, schema: JsonSchema, counter = false): ComputedField {
  return { counter, schema: { ...schema, readOnly: true }, load: () => () => value };
}
const zero = constant(0, int, true);
const zeros = (...names: string[]) => Object.fromEntries(names.map((n) => [n, zero]));

/** `select column, count(*) … where column in (page ids) group by column` — one query per page. */
function countBy(table: PgTable, column: PgColumn, where?: SQL): ComputedField {
  return {
    counter: true,
    schema: int,
    load: async (ctx, rows) => {
      const counts = new Map<number, number>();
      if (rows.length > 0) {
        const found = await ctx.db.select({ key: column, n: count() }).from(table).where(and(inArray(column, ids(rows)), where)).groupBy(column);
        for (const f of found) counts.set(Number(f.key), Number(f.n));
      }
      return (row) => counts.get(row.id as number) ?? 0;
    },
  };
}

/** A generic relation (`<app>.<model>` + id) as the related object's brief form. */
function genericRelation(typeKey: string, idKey: string): ComputedField {
  return {
    schema: { nullable: true, readOnly: true },
    load: async (ctx, rows) => {
      const byType = new Map<string, number[]>();
      for (const r of rows) {
        const [type, id] = [r[typeKey], r[idKey]];
        if (typeof type !== 'string' || typeof id !== 'number') continue;
        if (!byType.has(type)) byType.set(type, []);
        byType.get(type)!.push(id);
      }
      const found = new Map<string, Map<number, unknown>>();
      for (const [type, list] of byType) {
        const target = getModelByObjectType(type);
        if (target) found.set(type, await ctx.nested(target.meta.key, list));
      }
      return (row) => found.get(row[typeKey] as string)?.get(row[idKey] as number) ?? null;
    },
  };
}

const ipBrief: JsonSchema = { $ref: '#/components/schemas/BriefIPAddress' };
/** NetBox's `primary_ip`: IPv6 first unless PREFER_IPV4 (off by default), then IPv4. */
const primaryIp: ComputedField = {
  schema: { allOf: [ipBrief], nullable: true, readOnly: true },
  load: async (ctx, rows) => {
    const wanted = rows.flatMap((r) => [r.primaryIp6Id, r.primaryIp4Id]).filter((v): v is number => typeof v === 'number');
    const briefs = await ctx.nested('ip-addresses', wanted);
    return (row) => briefs.get(row.primaryIp6Id as number) ?? briefs.get(row.primaryIp4Id as number) ?? null;
  },
};
/** Proxbox has no config contexts: the rendered context is the object's local context data. */
const configContext: ComputedField = { schema: { type: 'object', nullable: true, readOnly: true }, load: () => (row) => row.localContextData ?? {} };

const family: ComputedField = {
  schema: { type: 'object', readOnly: true, properties: { value: { type: 'integer', enum: [4, 6] }, label: { type: 'string', enum: ['IPv4', 'IPv6'] } } },
  load: () => (row) => (String(row.address).includes(':') ? { value: 6, label: 'IPv6' } : { value: 4, label: 'IPv4' }),
};

const natOutside: ComputedField = {
  schema: { type: 'array', readOnly: true, items: ipBrief },
  load: async (ctx, rows) => {
    const outside = rows.length > 0 ? await ctx.db.select({ id: s.ipAddresses.id, inside: s.ipAddresses.natInsideId }).from(s.ipAddresses).where(inArray(s.ipAddresses.natInsideId, ids(rows))) : [];
    const briefs = await ctx.nested('ip-addresses', outside.map((o) => o.id));
    return (row) => outside.filter((o) => o.inside === row.id).map((o) => briefs.get(o.id));
  },
};

function allocated(column: 'vcpus' | 'memory' | 'disk'): ComputedField {
  return {
    counter: true,
    schema: { type: column === 'vcpus' ? 'number' : 'integer', readOnly: true },
    load: async (ctx, rows) => {
      const vm = s.virtualMachines;
      const sums = rows.length > 0 ? await ctx.db.select({ key: vm.clusterId, total: sql<string>`coalesce(sum(${vm[column]}), 0)` }).from(vm).where(inArray(vm.clusterId, ids(rows))).groupBy(vm.clusterId) : [];
      return (row) => Number(sums.find((x) => x.key === row.id)?.total ?? 0);
    },
  };
}

const user: ComputedField = {
  schema: { type: 'object', nullable: true, readOnly: true },
  load: (ctx) => (row) =>
    typeof row.userId === 'number' ? { id: row.userId, url: `${ctx.origin}/api/users/users/${row.userId}/`, display: row.userName, username: row.userName } : null,
};

/** Change-log snapshots keyed by API names, without id/created/last_updated (NetBox's clean form). */
function snapshot(column: 'prechangeData' | 'postchangeData'): ComputedField {
  return {
    schema: { type: 'object', nullable: true, readOnly: true },
    load: () => (row) => {
      const data = row[column] as Record<string, unknown> | null;
      const model = getModelByObjectType(String(row.changedObjectType));
      if (!data) return null;
      const apiName = (key: string) => model?.meta.fields.find((f) => f.key === key)?.api ?? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      return Object.fromEntries(Object.entries(data).filter(([k]) => !['id', 'created', 'lastUpdated'].includes(k)).map(([k, v]) => [apiName(k), v]));
    },
  };
}

const assignedIps = (type: 'dcim.interface' | 'virtualization.vminterface') => countBy(s.ipAddresses, s.ipAddresses.assignedObjectId, eq(s.ipAddresses.assignedObjectType, type));
const empty = constant([], { type: 'array', items: {} });
const none = constant(null, { nullable: true });

const COMPUTED: Record<string, Record<string, ComputedField>> = {
  // Proxbox keeps no prefixes, racks or circuits, so those counts are truly zero.
  sites: { device_count: countBy(s.devices, s.devices.siteId), virtualmachine_count: countBy(s.virtualMachines, s.virtualMachines.siteId), vlan_count: countBy(s.vlans, s.vlans.siteId), ...zeros('prefix_count', 'rack_count', 'circuit_count') },
  manufacturers: { devicetype_count: countBy(s.deviceTypes, s.deviceTypes.manufacturerId), platform_count: countBy(s.platforms, s.platforms.manufacturerId) },
  'device-types': {
    device_count: countBy(s.devices, s.devices.deviceTypeId),
    ...zeros('console_port_template_count', 'console_server_port_template_count', 'power_port_template_count', 'power_outlet_template_count', 'interface_template_count', 'front_port_template_count', 'rear_port_template_count', 'device_bay_template_count', 'module_bay_template_count', 'inventory_item_template_count'),
  },
  'device-roles': { device_count: countBy(s.devices, s.devices.roleId), virtualmachine_count: countBy(s.virtualMachines, s.virtualMachines.roleId) },
  platforms: { device_count: countBy(s.devices, s.devices.platformId), virtualmachine_count: countBy(s.virtualMachines, s.virtualMachines.platformId), _depth: constant(0, int) },
  devices: {
    primary_ip: primaryIp,
    parent_device: none,
    config_context: configContext,
    interface_count: countBy(s.interfaces, s.interfaces.deviceId),
    ...zeros('console_port_count', 'console_server_port_count', 'power_port_count', 'power_outlet_count', 'front_port_count', 'rear_port_count', 'device_bay_count', 'module_bay_count', 'inventory_item_count'),
  },
  interfaces: {
    cable: none, cable_end: constant('', { type: 'string' }), link_peers: empty, link_peers_type: none, connected_endpoints: none, connected_endpoints_type: none,
    connected_endpoints_reachable: constant(false, { type: 'boolean' }), _occupied: constant(false, { type: 'boolean' }), mac_addresses: empty, tagged_vlans: empty, vdcs: empty, wireless_lans: empty,
    count_ipaddresses: assignedIps('dcim.interface'), count_fhrp_groups: zero,
  },
  'cluster-types': { cluster_count: countBy(s.clusters, s.clusters.typeId) },
  'cluster-groups': { cluster_count: countBy(s.clusters, s.clusters.groupId) },
  clusters: {
    scope: genericRelation('scopeType', 'scopeId'),
    device_count: countBy(s.devices, s.devices.clusterId), virtualmachine_count: countBy(s.virtualMachines, s.virtualMachines.clusterId),
    allocated_vcpus: allocated('vcpus'), allocated_memory: allocated('memory'), allocated_disk: allocated('disk'),
  },
  'virtual-machine-types': { virtual_machine_count: countBy(s.virtualMachines, s.virtualMachines.virtualMachineTypeId) },
  'virtual-machines': {
    primary_ip: primaryIp,
    config_context: configContext,
    interface_count: countBy(s.vmInterfaces, s.vmInterfaces.virtualMachineId),
    virtual_disk_count: countBy(s.virtualDisks, s.virtualDisks.virtualMachineId),
  },
  'vm-interfaces': { mac_addresses: empty, tagged_vlans: empty, l2vpn_termination: none, count_ipaddresses: assignedIps('virtualization.vminterface'), count_fhrp_groups: zero },
  'ip-addresses': { family, assigned_object: genericRelation('assignedObjectType', 'assignedObjectId'), nat_outside: natOutside },
  tenants: {
    site_count: countBy(s.sites, s.sites.tenantId), device_count: countBy(s.devices, s.devices.tenantId), cluster_count: countBy(s.clusters, s.clusters.tenantId),
    virtualmachine_count: countBy(s.virtualMachines, s.virtualMachines.tenantId), vlan_count: countBy(s.vlans, s.vlans.tenantId), ipaddress_count: countBy(s.ipAddresses, s.ipAddresses.tenantId),
  },
  tags: { tagged_items: countBy(s.taggedItems, s.taggedItems.tagId) },
  'journal-entries': { assigned_object: genericRelation('assignedObjectType', 'assignedObjectId') },
  'object-changes': {
    user,
    changed_object: genericRelation('changedObjectType', 'changedObjectId'),
    prechange_data: snapshot('prechangeData'),
    postchange_data: snapshot('postchangeData'),
  },
};

/** The computed fields of a model, by API name (may shadow a column, e.g. object-change `user`). */
export function computedFields(model: ModelDefinition): Record<string, ComputedField> {
  return COMPUTED[model.meta.key] ?? {};
}
