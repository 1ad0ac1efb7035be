import { eq, getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { getModelByTable } from '@/lib/models/registry';
import type { SyncContext } from '../context';
import { recordSyncChanges, syncChange } from './change-log';
import { deviceRoles, deviceTypes, manufacturers, taggedItems, tags, virtualMachineTypes } from '@/db/schema';

/** A row's id, checked: Drizzle types rows of a table known only as a PgTable as unknown values. */
function idOf(row: Record<string, unknown>): number {
  if (typeof row.id !== 'number') throw new Error(`A row without a numeric id: ${JSON.stringify(row)}`);
  return row.id;
}

/**
 * Returns the id of the row of `table` whose `field` equals `value`, creating it with `values`
 * (and a change-log entry) when missing. Used for the shared NetBox objects the sync relies on
 * (manufacturer, device type and role, cluster type, tags, sites, VLANs). The type parameters make
 * `field` a column of the table and `values` the rest of a row of it.
 */
export async function ensureRow<
  T extends PgTable,
  F extends keyof T['_']['columns'] & keyof T['$inferInsert'] & string,
>(
  tx: Database,
  ctx: SyncContext,
  table: T,
  field: F,
  value: T['$inferInsert'][F],
  values: Omit<T['$inferInsert'], F>,
  tagIds: number[] = [],
): Promise<number> {
  const model = getModelByTable(table)!;
  // Drizzle's builders do not accept a generic table; the typing above has done its work.
  const anyTable: PgTable = table;
  const column = getTableColumns(anyTable)[field];
  const [found] = await tx.select().from(anyTable).where(eq(column, value)).limit(1);
  if (found) return idOf(found);
  // Endpoints sync in parallel: another transaction may create the same row first. ON CONFLICT
  // waits for it and does nothing; the row is then read back.
  const [created] = await tx
    .insert(anyTable)
    .values({ ...values, [field]: value })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [winner] = await tx.select().from(anyTable).where(eq(column, value)).limit(1);
    return idOf(winner);
  }
  const id = idOf(created);
  await recordSyncChanges(tx, ctx, [syncChange(model, 'create', { ...created, id }, null, created)]);
  if (tagIds.length && model.meta.taggable)
    await tx
      .insert(taggedItems)
      .values(tagIds.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: id })))
      .onConflictDoNothing();
  return id;
}

export const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'x';

export interface SharedIds {
  proxboxTag: number;
  staleTag: number;
  manufacturer: number;
  deviceType: number;
  nodeRole: number;
  qemuRole: number;
  lxcRole: number;
  qemuType: number;
  lxcType: number;
}

/** The objects every synced estate shares (reference 1.3), created once. */
export async function ensureShared(tx: Database, ctx: SyncContext): Promise<SharedIds> {
  const proxboxTag = await ensureRow(tx, ctx, tags, 'slug', 'proxbox', {
    name: 'Proxbox',
    color: 'ff5722',
    description: 'Proxbox Identifier (used to identify the items the plugin created)',
  });
  const staleTag = await ensureRow(tx, ctx, tags, 'slug', 'proxbox-stale', {
    name: 'Proxbox stale',
    color: '9e9e9e',
    description: 'Gone from Proxmox; kept by the deletion policy',
  });
  const proxboxTagged = [proxboxTag];
  const manufacturer = await ensureRow(tx, ctx, manufacturers, 'slug', 'proxmox', { name: 'Proxmox' }, proxboxTagged);
  const deviceType = await ensureRow(
    tx,
    ctx,
    deviceTypes,
    'slug',
    'proxmox-generic-device',
    { model: 'Proxmox Generic Device', manufacturerId: manufacturer },
    proxboxTagged,
  );
  const nodeRole = await ensureRow(
    tx,
    ctx,
    deviceRoles,
    'slug',
    'proxmox-node',
    { name: 'Proxmox Node', color: '00bcd4', vmRole: false },
    proxboxTagged,
  );
  const qemuRole = await ensureRow(
    tx,
    ctx,
    deviceRoles,
    'slug',
    'virtual-machine-qemu',
    { name: 'Virtual Machine (QEMU)', color: '00ffff', vmRole: true },
    proxboxTagged,
  );
  const lxcRole = await ensureRow(
    tx,
    ctx,
    deviceRoles,
    'slug',
    'container-lxc',
    { name: 'Container (LXC)', color: '7fffd4', vmRole: true },
    proxboxTagged,
  );
  const qemuType = await ensureRow(
    tx,
    ctx,
    virtualMachineTypes,
    'slug',
    'qemu-virtual-machine',
    { name: 'QEMU Virtual Machine' },
    proxboxTagged,
  );
  const lxcType = await ensureRow(
    tx,
    ctx,
    virtualMachineTypes,
    'slug',
    'lxc-container',
    { name: 'LXC Container' },
    proxboxTagged,
  );
  return { proxboxTag, staleTag, manufacturer, deviceType, nodeRole, qemuRole, lxcRole, qemuType, lxcType };
}
