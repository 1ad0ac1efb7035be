import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { getModel } from '@/lib/models/registry';
import type { SyncContext } from '../context';
import type { Row } from './reconcile';
import { recordSyncChanges, syncChange } from './change-log';
import { taggedItems } from '@/db/schema';

/**
 * Returns the id of the row of `modelKey` whose `field` equals `value`, creating it with `values`
 * (and a change-log entry) when missing. Used for the shared NetBox objects the sync relies on
 * (manufacturer, device type and role, cluster type, tags, sites, VLANs).
 */
export async function ensureRow(
  tx: Database,
  ctx: SyncContext,
  modelKey: string,
  field: string,
  value: unknown,
  values: Row,
  tagIds: number[] = [],
): Promise<number> {
  const model = getModel(modelKey)!;
  const table = model.table as PgTable;
  const column = (table as unknown as Record<string, PgColumn>)[field];
  const [found] = (await tx.select().from(table).where(eq(column, value)).limit(1)) as Row[];
  if (found) return found.id as number;
  // Endpoints sync in parallel: another transaction may create the same row first. ON CONFLICT
  // waits for it and does nothing; the row is then read back.
  const [created] = (await tx
    .insert(table)
    .values({ ...values, [field]: value })
    .onConflictDoNothing()
    .returning()) as Row[];
  if (!created) {
    const [winner] = (await tx.select().from(table).where(eq(column, value)).limit(1)) as Row[];
    return winner.id as number;
  }
  await recordSyncChanges(tx, ctx, [syncChange(model, 'create', created as { id: number } & Row, null, created)]);
  if (tagIds.length && model.meta.taggable)
    await tx
      .insert(taggedItems)
      .values(tagIds.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: created.id as number })))
      .onConflictDoNothing();
  return created.id as number;
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
  const proxboxTag = await ensureRow(tx, ctx, 'tags', 'slug', 'proxbox', {
    name: 'Proxbox',
    color: 'ff5722',
    description: 'Proxbox Identifier (used to identify the items the plugin created)',
  });
  const staleTag = await ensureRow(tx, ctx, 'tags', 'slug', 'proxbox-stale', {
    name: 'Proxbox stale',
    color: '9e9e9e',
    description: 'Gone from Proxmox; kept by the deletion policy',
  });
  const tags = [proxboxTag];
  const manufacturer = await ensureRow(tx, ctx, 'manufacturers', 'slug', 'proxmox', { name: 'Proxmox' }, tags);
  const deviceType = await ensureRow(
    tx,
    ctx,
    'device-types',
    'slug',
    'proxmox-generic-device',
    { model: 'Proxmox Generic Device', manufacturerId: manufacturer },
    tags,
  );
  const nodeRole = await ensureRow(
    tx,
    ctx,
    'device-roles',
    'slug',
    'proxmox-node',
    { name: 'Proxmox Node', color: '00bcd4', vmRole: false },
    tags,
  );
  const qemuRole = await ensureRow(
    tx,
    ctx,
    'device-roles',
    'slug',
    'virtual-machine-qemu',
    { name: 'Virtual Machine (QEMU)', color: '00ffff', vmRole: true },
    tags,
  );
  const lxcRole = await ensureRow(
    tx,
    ctx,
    'device-roles',
    'slug',
    'container-lxc',
    { name: 'Container (LXC)', color: '7fffd4', vmRole: true },
    tags,
  );
  const qemuType = await ensureRow(
    tx,
    ctx,
    'virtual-machine-types',
    'slug',
    'qemu-virtual-machine',
    { name: 'QEMU Virtual Machine' },
    tags,
  );
  const lxcType = await ensureRow(
    tx,
    ctx,
    'virtual-machine-types',
    'slug',
    'lxc-container',
    { name: 'LXC Container' },
    tags,
  );
  return { proxboxTag, staleTag, manufacturer, deviceType, nodeRole, qemuRole, lxcRole, qemuType, lxcType };
}
