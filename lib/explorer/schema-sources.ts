import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as allInventory from '@/db/schema';
import * as auth from '@/db/schema/auth';
import * as dcim from '@/db/schema/dcim';
import * as extras from '@/db/schema/extras';
import * as ipam from '@/db/schema/ipam';
import * as netboxPush from '@/db/schema/netbox-push';
import * as organization from '@/db/schema/organization';
import * as endpoints from '@/db/schema/proxbox-endpoints';
import * as infra from '@/db/schema/proxbox-infra';
import * as operations from '@/db/schema/proxbox-operations';
import * as vmData from '@/db/schema/proxbox-vm-data';
import * as sync from '@/db/schema/sync';
import * as virtualization from '@/db/schema/virtualization';
import * as backend from '@/db/backend/schema';
import { allModels, getModelByTable } from '@/lib/models/registry';
import type { NavGroup } from '@/lib/models/types';
import type { ModelRef, SchemaSource } from './schema-graph';
import type { DomainKey } from './types';

// Which domain each schema module belongs to (the seed groups its models the same way). A table
// exported from db/schema but living in a module not named here still appears: its domain then
// comes from its registry model's navigation group.

const INVENTORY_MODULES: [DomainKey, Record<string, unknown>, string?][] = [
  ['endpoints', endpoints],
  ['infrastructure', infra],
  ['vm-data', vmData],
  ['operational', operations],
  ['operational', sync],
  ['operational', netboxPush],
  // NetBox core, one group per NetBox app (collapsed on the model view until clicked).
  ['netbox-core', organization, 'Organization'],
  ['netbox-core', dcim, 'DCIM'],
  ['netbox-core', virtualization, 'Virtualization'],
  ['netbox-core', ipam, 'IPAM'],
  ['netbox-core', extras, 'Extras'],
  ['netbox-core', auth, 'Users'],
];

const DOMAIN_BY_GROUP: Partial<Record<NavGroup, DomainKey>> = {
  Endpoints: 'endpoints',
  Proxmox: 'infrastructure',
  'VM data': 'vm-data',
  Operations: 'operational',
};

/** Every table of both databases, grouped by domain. */
export function schemaSources(): SchemaSource[] {
  const sources: SchemaSource[] = INVENTORY_MODULES.map(([domain, module, group]) => ({
    dialect: 'pg',
    domain,
    tables: Object.values(module),
    group,
  }));
  const listed = new Set(sources.flatMap((s) => s.tables));
  const exported: unknown[] = Object.values(allInventory);
  const unlisted = exported.filter((value): value is PgTable => is(value, PgTable) && !listed.has(value));
  for (const table of unlisted) {
    const model = getModelByTable(table);
    const domain = (model && DOMAIN_BY_GROUP[model.meta.group]) ?? 'netbox-core';
    sources.push({ dialect: 'pg', domain, tables: [table], group: domain === 'netbox-core' ? 'Other' : undefined });
  }
  sources.push({ dialect: 'sqlite', domain: 'backend', tables: Object.values(backend) });
  return sources;
}

/** Registry models by table name: an entity with a model opens its list page. */
export function modelRefs(): ModelRef[] {
  return allModels().map((m) => ({ table: getTableConfig(m.table).name, key: m.meta.key, label: m.meta.label }));
}

/** Pages of the tables that have no registry model: the backend store's records (by node id). */
export function tablePages(): Map<string, string> {
  return new Map([
    ['sqlite:proxmox_endpoint', '/backend'],
    ['sqlite:netbox_endpoint', '/backend'],
    ['sqlite:api_key', '/api-keys'],
    ['sqlite:auth_lockout', '/backend/lockouts'],
  ]);
}
