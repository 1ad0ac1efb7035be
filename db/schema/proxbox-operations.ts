import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { baseColumns, primaryColumns } from './columns';
import {
  ACTIVE_STALE,
  PRIMARY_IP_PREFERENCE,
  REPLICATION_JOB_TYPE,
  REPLICATION_REMOVE_JOB,
  STALE_VM_POLICY,
  SYNC_INTERVAL_UNITS,
} from './choices';
import { defaultOverwriteColumns } from './overwrite-columns';
import { proxmoxEndpoints } from './proxbox-endpoints';
import { proxmoxNodes, proxmoxStorages } from './proxbox-infra';
import { virtualMachines } from './virtualization';

/** A vzdump backup job (`/cluster/backup`), identified by (endpoint, job_id). */
export const backupRoutines = pgTable(
  'backup_routines',
  {
    ...primaryColumns,
    name: varchar({ length: 255 }).notNull().default(''),
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    jobId: varchar({ length: 255 }).notNull(),
    /** The job's `vmid` list as Proxmox sends it ("100,101"); `selection` holds it parsed. */
    vmid: varchar({ length: 1024 }),
    enabled: boolean().notNull().default(true),
    schedule: varchar({ length: 255 }).notNull().default(''),
    nextRun: timestamp({ withTimezone: true, mode: 'date' }),
    /** Null = all nodes. */
    nodeId: bigint({ mode: 'number' }).references(() => proxmoxNodes.id, { onDelete: 'set null' }),
    storageId: bigint({ mode: 'number' }).references(() => proxmoxStorages.id, { onDelete: 'set null' }),
    selection: jsonb().$type<number[]>().notNull().default([]),
    comment: text().notNull().default(''),
    status: varchar({ length: 16, enum: ACTIVE_STALE }).notNull().default('active'),
    keepLast: integer(),
    keepDaily: integer(),
    keepWeekly: integer(),
    keepMonthly: integer(),
    keepYearly: integer(),
    keepAll: boolean(),
    notesTemplate: text().notNull().default(''),
    /** KiB/s. */
    bwlimit: integer(),
    zstd: integer(),
    ioWorkers: integer(),
    fleecing: varchar({ length: 255 }).notNull().default(''),
    fleecingStorageId: bigint({ mode: 'number' }).references(() => proxmoxStorages.id, { onDelete: 'set null' }),
    repeatMissed: boolean(),
    pbsChangeDetectionMode: varchar({ length: 50 }).notNull().default(''),
    rawConfig: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('backup_routines_endpoint_job_uniq').on(t.proxmoxEndpointId, t.jobId)],
);

/** A storage replication job (`/cluster/replication`), identified by (endpoint, replication_id). */
export const replications = pgTable(
  'replications',
  {
    ...primaryColumns,
    name: varchar({ length: 255 }).notNull().default(''),
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    replicationId: varchar({ length: 255 }).notNull(),
    vmid: varchar({ length: 32 }),
    virtualMachineId: bigint({ mode: 'number' }).references((): AnyPgColumn => virtualMachines.id, {
      onDelete: 'cascade',
    }),
    /** Target node. */
    proxmoxNodeId: bigint({ mode: 'number' }).references(() => proxmoxNodes.id, { onDelete: 'set null' }),
    guest: integer(),
    target: varchar({ length: 255 }).notNull().default(''),
    jobType: varchar({ length: 16, enum: REPLICATION_JOB_TYPE }).notNull().default('local'),
    schedule: varchar({ length: 128 }).notNull().default(''),
    /** MB/s. */
    rate: doublePrecision(),
    comment: text(),
    disable: boolean().notNull().default(false),
    source: varchar({ length: 255 }),
    jobnum: integer().notNull(),
    removeJob: varchar({ length: 16, enum: REPLICATION_REMOVE_JOB }),
    status: varchar({ length: 16, enum: ACTIVE_STALE }).notNull().default('active'),
    rawConfig: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('replications_endpoint_id_uniq').on(t.proxmoxEndpointId, t.replicationId)],
);

/** The settings singleton (one row, key "default"): scheduling, tuning, deletion policy, overwrites. */
export const proxboxPluginSettings = pgTable(
  'proxbox_plugin_settings',
  {
    ...baseColumns,
    singletonKey: varchar({ length: 32 }).notNull().default('default'),
    syncEnabled: boolean().notNull().default(false),
    /** Time between scheduled syncs, in sync_interval_unit (ignored when sync_cron is set). */
    syncInterval: integer().notNull().default(60),
    syncIntervalUnit: varchar({ length: 8, enum: SYNC_INTERVAL_UNITS }).notNull().default('minutes'),
    /** Five-field cron expression (UTC); when set it replaces the interval. */
    syncCron: varchar({ length: 100 }).notNull().default(''),
    /** Comma-separated stage names a scheduled run covers; empty = all. */
    syncStages: varchar({ length: 300 }).notNull().default(''),
    /** Comma-separated Proxmox endpoint ids a scheduled run covers; empty = every enabled one. */
    syncEndpoints: varchar({ length: 300 }).notNull().default(''),
    useGuestAgentInterfaceName: boolean().notNull().default(true),
    proxboxFetchMaxConcurrency: integer().notNull().default(8),
    ignoreIpv6LinkLocalAddresses: boolean().notNull().default(true),
    primaryIpPreference: varchar({ length: 8, enum: PRIMARY_IP_PREFERENCE }).notNull().default('ipv4'),
    netboxMaxConcurrent: integer().notNull().default(4),
    netboxMaxRetries: integer().notNull().default(3),
    netboxRetryDelay: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull().default(1),
    netboxGetCacheTtl: numeric({ precision: 8, scale: 2, mode: 'number' }).notNull().default(60),
    bulkBatchSize: integer().notNull().default(200),
    bulkBatchDelayMs: integer().notNull().default(0),
    vmSyncMaxConcurrency: integer().notNull().default(4),
    customFieldsRequestDelay: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull().default(0),
    backendLogFilePath: varchar({ length: 255 }).notNull().default('/var/log/proxbox.log'),
    ssrfProtectionEnabled: boolean().notNull().default(true),
    allowPrivateIps: boolean().notNull().default(true),
    additionalAllowedIpRanges: text().notNull().default(''),
    explicitlyBlockedIpRanges: text().notNull().default(''),
    proxmoxTimeout: integer().notNull().default(5),
    proxmoxMaxRetries: integer().notNull().default(0),
    proxmoxRetryBackoff: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull().default(0.5),
    /** Delete inventory objects gone from Proxmox instead of marking them stale. */
    deleteOrphans: boolean().notNull().default(false),
    staleVmPolicy: varchar({ length: 16, enum: STALE_VM_POLICY }).notNull().default('mark'),
    taskHistoryDays: integer().notNull().default(30),
    ...defaultOverwriteColumns(),
  },
  (t) => [uniqueIndex('plugin_settings_singleton_uniq').on(t.singletonKey)],
);

export type BackupRoutine = typeof backupRoutines.$inferSelect;
export type Replication = typeof replications.$inferSelect;
export type ProxboxPluginSettings = typeof proxboxPluginSettings.$inferSelect;
