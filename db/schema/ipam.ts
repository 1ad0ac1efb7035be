import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { primaryColumns } from './columns';
import { IP_ASSIGNED_OBJECT_TYPE, IP_ROLE, IP_STATUS, VLAN_STATUS } from './choices';
import { sites, tenants } from './organization';
import { proxmoxEndpoints } from './proxbox-endpoints';

/** ipam.VLAN (vid 1–4094). */
export const vlans = pgTable(
  'vlans',
  {
    ...primaryColumns,
    vid: integer().notNull(),
    name: varchar({ length: 64 }).notNull(),
    siteId: bigint({ mode: 'number' }).references(() => sites.id, { onDelete: 'set null' }),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    status: varchar({ length: 50, enum: VLAN_STATUS }).notNull().default('active'),
  },
  (t) => [index('vlans_vid_idx').on(t.vid)],
);

/**
 * ipam.IPAddress. NetBox has no database uniqueness here: duplicates in the global table are
 * rejected by validation (ENFORCE_GLOBAL_UNIQUE), except for roles that may repeat (VIPs).
 */
export const ipAddresses = pgTable(
  'ip_addresses',
  {
    ...primaryColumns,
    address: varchar({ length: 64 }).notNull(),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    status: varchar({ length: 50, enum: IP_STATUS }).notNull().default('active'),
    role: varchar({ length: 50, enum: IP_ROLE }),
    assignedObjectType: varchar({ length: 100, enum: IP_ASSIGNED_OBJECT_TYPE }),
    assignedObjectId: bigint({ mode: 'number' }),
    natInsideId: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    dnsName: varchar({ length: 255 }).notNull().default(''),
    /** Set when Proxbox created the address: the sync only ever touches addresses it owns. */
    proxmoxEndpointId: bigint({ mode: 'number' }).references((): AnyPgColumn => proxmoxEndpoints.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    index('ip_addresses_address_idx').on(t.address),
    index('ip_addresses_address_trgm_idx').using('gin', t.address.op('gin_trgm_ops')),
    // Global search's exact match: lower(address) = text, or starts with "text/" (text_pattern_ops serves LIKE prefixes).
    index('ip_addresses_address_lower_idx').using('btree', sql`lower(${t.address}) text_pattern_ops`),
    index('ip_addresses_assigned_idx').on(t.assignedObjectType, t.assignedObjectId),
  ],
);

export type Vlan = typeof vlans.$inferSelect;
export type IpAddress = typeof ipAddresses.$inferSelect;
