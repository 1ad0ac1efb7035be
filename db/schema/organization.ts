import { bigint, numeric, pgTable, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { organizationalColumns, primaryColumns } from './columns';
import { SITE_STATUS } from './choices';

/** tenancy.Tenant: who an object belongs to (ProxmoxEndpoint.tenant, VM.tenant, ...). */
export const tenants = pgTable('tenants', { ...organizationalColumns }, (t) => [
  uniqueIndex('tenants_name_uniq').on(t.name),
  uniqueIndex('tenants_slug_uniq').on(t.slug),
]);

/** dcim.Site: Proxbox creates one per Proxmox cluster ("Proxmox Default Site - {cluster}"). */
export const sites = pgTable(
  'sites',
  {
    ...primaryColumns,
    name: varchar({ length: 100 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    status: varchar({ length: 50, enum: SITE_STATUS }).notNull().default('active'),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    facility: varchar({ length: 50 }).notNull().default(''),
    timeZone: varchar({ length: 63 }),
    physicalAddress: varchar({ length: 200 }).notNull().default(''),
    shippingAddress: varchar({ length: 200 }).notNull().default(''),
    latitude: numeric({ precision: 8, scale: 6, mode: 'number' }),
    longitude: numeric({ precision: 9, scale: 6, mode: 'number' }),
  },
  (t) => [uniqueIndex('sites_name_uniq').on(t.name), uniqueIndex('sites_slug_uniq').on(t.slug)],
);

export type Tenant = typeof tenants.$inferSelect;
export type Site = typeof sites.$inferSelect;
