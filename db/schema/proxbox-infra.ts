import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { baseColumns, primaryColumns } from './columns';
import { PROXMOX_MODE } from './choices';
import { proxmoxEndpoints } from './proxbox-endpoints';
import { clusters, virtualDisks } from './virtualization';
import { devices } from './dcim';

/** A Proxmox cluster (or standalone host) as seen through one endpoint; mirrors a NetBox Cluster. */
export const proxmoxClusters = pgTable(
  'proxmox_clusters',
  {
    ...primaryColumns,
    name: varchar({ length: 255 }).notNull(),
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    netboxClusterId: bigint({ mode: 'number' }).references((): AnyPgColumn => clusters.id, { onDelete: 'set null' }),
    clusterId: varchar({ length: 255 }).notNull().default(''),
    mode: varchar({ length: 255, enum: PROXMOX_MODE }).notNull().default('cluster'),
    nodesCount: integer().notNull().default(0),
    quorate: boolean().notNull().default(false),
    /** Corosync config version. */
    version: integer(),
  },
  (t) => [uniqueIndex('proxmox_clusters_endpoint_name_uniq').on(t.proxmoxEndpointId, t.name)],
);

/** A hypervisor node; mirrors a NetBox Device. Memory figures are bytes, as Proxmox reports them. */
export const proxmoxNodes = pgTable(
  'proxmox_nodes',
  {
    ...primaryColumns,
    name: varchar({ length: 255 }).notNull(),
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    netboxDeviceId: bigint({ mode: 'number' }).references((): AnyPgColumn => devices.id, { onDelete: 'set null' }),
    proxmoxClusterId: bigint({ mode: 'number' }).references(() => proxmoxClusters.id, { onDelete: 'set null' }),
    /** Corosync node id. */
    nodeId: integer(),
    ipAddress: varchar({ length: 64 }).notNull(),
    online: boolean().notNull().default(false),
    local: boolean().notNull().default(false),
    cpuUsage: doublePrecision(),
    maxCpu: integer(),
    memoryUsage: bigint({ mode: 'number' }),
    maxMemory: bigint({ mode: 'number' }),
    sslFingerprint: varchar({ length: 255 }).notNull().default(''),
    supportLevel: varchar({ length: 100 }).notNull().default(''),
  },
  (t) => [
    uniqueIndex('proxmox_nodes_endpoint_name_uniq').on(t.proxmoxEndpointId, t.name),
    index('proxmox_nodes_cluster_idx').on(t.proxmoxClusterId),
  ],
);

/** A storage pool of an endpoint (listed once even when shared by every node). */
export const proxmoxStorages = pgTable(
  'proxmox_storages',
  {
    ...primaryColumns,
    name: varchar({ length: 255 }).notNull(),
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    clusterId: bigint({ mode: 'number' }).references((): AnyPgColumn => clusters.id, { onDelete: 'cascade' }),
    storageType: varchar({ length: 100 }).notNull().default(''),
    content: varchar({ length: 255 }).notNull().default(''),
    path: varchar({ length: 1024 }),
    nodes: text(),
    shared: boolean().notNull().default(false),
    enabled: boolean().notNull().default(true),
    server: varchar({ length: 255 }),
    port: integer(),
    username: varchar({ length: 255 }),
    export: varchar({ length: 1024 }),
    share: varchar({ length: 255 }),
    pool: varchar({ length: 255 }),
    monhost: varchar({ length: 512 }),
    namespace: varchar({ length: 255 }),
    datastore: varchar({ length: 255 }),
    subdir: varchar({ length: 1024 }),
    mountpoint: varchar({ length: 1024 }),
    isMountpoint: varchar({ length: 255 }),
    preallocation: varchar({ length: 50 }),
    format: varchar({ length: 100 }),
    pruneBackups: varchar({ length: 512 }),
    maxProtectedBackups: integer(),
    rawConfig: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('proxmox_storages_endpoint_name_uniq').on(t.proxmoxEndpointId, t.name)],
);

/** Which storage holds a virtual disk (the seed's join table, filled by the sync). */
export const proxmoxStorageVirtualDisks = pgTable(
  'proxmox_storage_virtual_disks',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    created: baseColumns.created,
    lastUpdated: baseColumns.lastUpdated,
    customFields: baseColumns.customFields,
    proxmoxStorageId: bigint({ mode: 'number' })
      .notNull()
      .references(() => proxmoxStorages.id, { onDelete: 'cascade' }),
    virtualDiskId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => virtualDisks.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('storage_vdisks_uniq').on(t.proxmoxStorageId, t.virtualDiskId),
    index('storage_vdisks_disk_idx').on(t.virtualDiskId),
  ],
);

export type ProxmoxCluster = typeof proxmoxClusters.$inferSelect;
export type ProxmoxNode = typeof proxmoxNodes.$inferSelect;
export type ProxmoxStorage = typeof proxmoxStorages.$inferSelect;
