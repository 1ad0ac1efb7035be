import { sql, type AnyColumn } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { primaryColumns } from './columns';
import { ACTIVE_STALE, BACKUP_FORMAT, BACKUP_SUBTYPE, SNAPSHOT_SUBTYPE } from './choices';
import { proxmoxEndpoints } from './proxbox-endpoints';
import { proxmoxStorages } from './proxbox-infra';
import { virtualMachines } from './virtualization';

const lower = (column: AnyColumn) => sql`lower(${column})`;

/**
 * A backup volume (vzdump archive or PBS snapshot), identified by (endpoint, volid). The VM link
 * is nullable: a backup of a guest that no longer exists is still inventory, not to be skipped.
 */
export const vmBackups = pgTable(
  'vm_backups',
  {
    ...primaryColumns,
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    virtualMachineId: bigint({ mode: 'number' }).references((): AnyPgColumn => virtualMachines.id, {
      onDelete: 'cascade',
    }),
    proxmoxStorageId: bigint({ mode: 'number' }).references(() => proxmoxStorages.id, { onDelete: 'set null' }),
    /** Storage name parsed from the volid. */
    storage: varchar({ length: 255 }),
    /**
     * Node whose listing found the file on a node-local storage (null on shared storage): a
     * local storage is one storage per node, and each node's listing decides only its own files.
     */
    node: varchar({ length: 255 }),
    volid: varchar({ length: 255 }).notNull(),
    subtype: varchar({ length: 16, enum: BACKUP_SUBTYPE }).notNull().default('undefined'),
    format: varchar({ length: 16, enum: BACKUP_FORMAT }).notNull().default('undefined'),
    creationTime: timestamp({ withTimezone: true, mode: 'date' }),
    /** Bytes. */
    size: bigint({ mode: 'number' }),
    notes: text(),
    vmid: integer(),
    used: bigint({ mode: 'number' }),
    /** Key fingerprint; empty = not encrypted. */
    encrypted: varchar({ length: 255 }).notNull().default(''),
    verificationState: varchar({ length: 255 }),
    verificationUpid: varchar({ length: 255 }),
  },
  (t) => [
    uniqueIndex('vm_backups_endpoint_volid_uniq').on(t.proxmoxEndpointId, t.volid),
    index('vm_backups_vm_idx').on(t.virtualMachineId, t.creationTime),
    index('vm_backups_storage_idx').on(t.proxmoxStorageId),
    // Backups per day on the dashboard: one range over the window, grouped by day.
    index('vm_backups_creation_idx').on(t.creationTime),
    // Global search (lib/search) finds backups, snapshots and tasks by volid, name and UPID fragments.
    index('vm_backups_volid_trgm_idx').using('gin', t.volid.op('gin_trgm_ops')),
    // ...and by an exact volid, name or UPID in any case (lower(text) = lower(query)).
    index('vm_backups_volid_lower_idx').on(lower(t.volid)),
  ],
);

/** A guest snapshot, identified by (VM, name). */
export const vmSnapshots = pgTable(
  'vm_snapshots',
  {
    ...primaryColumns,
    virtualMachineId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => virtualMachines.id, { onDelete: 'cascade' }),
    proxmoxStorageId: bigint({ mode: 'number' }).references(() => proxmoxStorages.id, { onDelete: 'set null' }),
    name: varchar({ length: 255 }).notNull(),
    vmid: integer(),
    node: varchar({ length: 255 }).notNull().default(''),
    snaptime: timestamp({ withTimezone: true, mode: 'date' }),
    parent: varchar({ length: 255 }),
    subtype: varchar({ length: 16, enum: SNAPSHOT_SUBTYPE }).notNull().default('qemu'),
    status: varchar({ length: 16, enum: ACTIVE_STALE }).notNull().default('active'),
  },
  (t) => [
    uniqueIndex('vm_snapshots_vm_name_uniq').on(t.virtualMachineId, t.name),
    index('vm_snapshots_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('vm_snapshots_name_lower_idx').on(lower(t.name)),
  ],
);

/** A Proxmox task (UPID) of a guest or node; node-level tasks have no VM. */
export const vmTaskHistories = pgTable(
  'vm_task_histories',
  {
    ...primaryColumns,
    proxmoxEndpointId: bigint({ mode: 'number' })
      .notNull()
      .references((): AnyPgColumn => proxmoxEndpoints.id, { onDelete: 'cascade' }),
    virtualMachineId: bigint({ mode: 'number' }).references((): AnyPgColumn => virtualMachines.id, {
      onDelete: 'cascade',
    }),
    vmType: varchar({ length: 16 }).notNull().default('unknown'),
    upid: varchar({ length: 255 }).notNull(),
    node: varchar({ length: 255 }).notNull().default(''),
    pid: integer(),
    /** Kernel start counter; exceeds 32 bits on long-running nodes. */
    pstart: bigint({ mode: 'number' }),
    taskId: varchar({ length: 255 }),
    type: varchar({ length: 255 }).notNull().default(''),
    username: varchar({ length: 255 }).notNull().default(''),
    startTime: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    endTime: timestamp({ withTimezone: true, mode: 'date' }),
    status: text(),
    taskState: varchar({ length: 255 }),
    exitstatus: text(),
  },
  (t) => [
    // A UPID is unique within a cluster only: two endpoints (the same cluster registered twice)
    // each keep their own row.
    uniqueIndex('vm_task_histories_endpoint_upid_uniq').on(t.proxmoxEndpointId, t.upid),
    index('vm_task_histories_vm_idx').on(t.virtualMachineId, t.startTime),
    index('vm_task_histories_start_idx').on(t.startTime),
    index('vm_task_histories_upid_trgm_idx').using('gin', t.upid.op('gin_trgm_ops')),
    index('vm_task_histories_upid_lower_idx').on(lower(t.upid)),
  ],
);

export type VmBackup = typeof vmBackups.$inferSelect;
export type VmSnapshot = typeof vmSnapshots.$inferSelect;
export type VmTaskHistory = typeof vmTaskHistories.$inferSelect;
