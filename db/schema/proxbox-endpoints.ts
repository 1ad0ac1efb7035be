import {
  bigint,
  boolean,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { baseColumns } from './columns';
import { NETBOX_TOKEN_VERSION, PROXMOX_MODE, STALE_VM_POLICY } from './choices';
import { nullableOverwriteColumns } from './overwrite-columns';
import { sites, tenants } from './organization';
import { ipAddresses } from './ipam';

// Credentials (token_value, password, token_secret, token, backend_token) hold AES-256-GCM
// ciphertext written by the data layer; they are never returned by a DTO.

/** Address fields shared by the three endpoint models (the seed's EndpointBase). */
const endpointColumns = {
  ...baseColumns,
  description: varchar({ length: 200 }).notNull().default(''),
  comments: text().notNull().default(''),
  ipAddressId: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'restrict' }),
  domain: varchar({ length: 253 }),
  enabled: boolean().notNull().default(true),
};

/** One Proxmox VE cluster or standalone host the sync reads from. */
export const proxmoxEndpoints = pgTable(
  'proxmox_endpoints',
  {
    ...endpointColumns,
    name: varchar({ length: 255 }).notNull().default('Proxmox Endpoint'),
    port: integer().notNull().default(8006),
    mode: varchar({ length: 255, enum: PROXMOX_MODE }).notNull().default('undefined'),
    version: varchar({ length: 20 }),
    repoid: varchar({ length: 16 }),
    username: varchar({ length: 255 }).notNull().default('root@pam'),
    password: text(),
    tokenName: varchar({ length: 255 }).notNull().default(''),
    tokenValue: text(),
    verifySsl: boolean().notNull().default(false),
    /** PEM of a private CA to trust when verify_ssl is on. */
    caCertificate: text(),
    timeout: integer(),
    maxRetries: smallint(),
    retryBackoff: numeric({ precision: 5, scale: 2, mode: 'number' }),
    ...nullableOverwriteColumns(),
    /** Deletion policy overrides: NULL inherits the plugin settings, like the overwrite flags. */
    staleVmPolicy: varchar({ length: 16, enum: STALE_VM_POLICY }),
    deleteOrphans: boolean(),
    siteId: bigint({ mode: 'number' }).references(() => sites.id, { onDelete: 'set null' }),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('proxmox_endpoints_name_uniq').on(t.name),
    uniqueIndex('proxmox_endpoints_identity_uniq').on(t.name, t.ipAddressId, t.domain),
  ],
);

/** A remote NetBox the backend may also write to. */
export const netboxEndpoints = pgTable(
  'netbox_endpoints',
  {
    ...endpointColumns,
    name: varchar({ length: 255 }).notNull().default('NetBox Endpoint'),
    port: integer().notNull().default(8000),
    /** Off only for a NetBox reached over plain HTTP (a lab, or behind a local proxy). */
    useHttps: boolean().notNull().default(true),
    verifySsl: boolean().notNull().default(true),
    /** PEM of a private CA to trust when verify_ssl is on. */
    caCertificate: text(),
    tokenVersion: varchar({ length: 2, enum: NETBOX_TOKEN_VERSION }).notNull().default('v1'),
    tokenName: varchar({ length: 255 }).notNull().default(''),
    /** v1 token (40 hex chars). */
    token: text(),
    /** v2 key part (`nbt_<key>`), not secret on its own. */
    tokenKey: varchar({ length: 255 }).notNull().default(''),
    /** v2 secret part. */
    tokenSecret: text(),
  },
  (t) => [uniqueIndex('netbox_endpoints_name_uniq').on(t.name)],
);

/** The backend the web UI talks to; at most one row (enforced by the singleton key). */
export const fastapiEndpoints = pgTable(
  'fastapi_endpoints',
  {
    ...endpointColumns,
    singletonKey: varchar({ length: 32 }).notNull().default('default'),
    name: varchar({ length: 255 }).notNull().default('ProxBox Endpoint'),
    port: integer().notNull().default(8000),
    verifySsl: boolean().notNull().default(true),
    useHttps: boolean().notNull().default(false),
    backendToken: text(),
    useWebsocket: boolean().notNull().default(false),
    websocketDomain: varchar({ length: 255 }),
    websocketPort: integer(),
    serverSideWebsocket: boolean().notNull().default(false),
    websocketUrl: varchar({ length: 512 }),
  },
  (t) => [
    uniqueIndex('fastapi_endpoints_singleton_uniq').on(t.singletonKey),
    uniqueIndex('fastapi_endpoints_name_uniq').on(t.name),
  ],
);

export type ProxmoxEndpoint = typeof proxmoxEndpoints.$inferSelect;
export type NewProxmoxEndpoint = typeof proxmoxEndpoints.$inferInsert;
export type NetboxEndpoint = typeof netboxEndpoints.$inferSelect;
export type FastapiEndpoint = typeof fastapiEndpoints.$inferSelect;
