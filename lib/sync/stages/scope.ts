import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxmoxClusters, proxmoxNodes, proxmoxStorages, tags, virtualMachines } from '@/db/schema';
import type { SyncContext } from '../context';

/** The endpoint's cluster rows as the devices stage left them (null before the first sync). */
export async function loadClusterScope(
  tx: Database,
  ctx: SyncContext,
): Promise<{ proxmoxClusterId: number; netboxClusterId: number | null; name: string } | null> {
  const [row] = await tx
    .select()
    .from(proxmoxClusters)
    .where(eq(proxmoxClusters.proxmoxEndpointId, ctx.endpoint.id))
    .limit(1);
  return row ? { proxmoxClusterId: row.id, netboxClusterId: row.netboxClusterId, name: row.name } : null;
}

/**
 * vmid → VM row id of this endpoint's guests. When a vmid was reused (a destroyed VM kept as
 * stale, a new container), the most recently synced row wins.
 */
export async function loadVmIds(tx: Database, ctx: SyncContext): Promise<Map<number, number>> {
  const rows = await tx
    .select({ id: virtualMachines.id, vmid: virtualMachines.vmid })
    .from(virtualMachines)
    .where(eq(virtualMachines.proxmoxEndpointId, ctx.endpoint.id))
    .orderBy(asc(virtualMachines.lastSyncedAt), asc(virtualMachines.id));
  return new Map(rows.filter((r) => r.vmid !== null).map((r) => [r.vmid!, r.id]));
}

export async function loadNodeIds(tx: Database, ctx: SyncContext): Promise<Map<string, number>> {
  const rows = await tx
    .select({ id: proxmoxNodes.id, name: proxmoxNodes.name })
    .from(proxmoxNodes)
    .where(eq(proxmoxNodes.proxmoxEndpointId, ctx.endpoint.id));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function loadStorageIds(tx: Database, ctx: SyncContext): Promise<Map<string, number>> {
  const rows = await tx
    .select({ id: proxmoxStorages.id, name: proxmoxStorages.name })
    .from(proxmoxStorages)
    .where(eq(proxmoxStorages.proxmoxEndpointId, ctx.endpoint.id));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function tagId(tx: Database, slug: string): Promise<number | null> {
  const [row] = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.slug, slug)))
    .limit(1);
  return row?.id ?? null;
}
