import { eq } from 'drizzle-orm';
import { proxmoxStorages } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { coversStorage } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import type { StorageInfo } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { loadClusterScope, tagId } from './scope';

const STAGE = 'storage' as const;

/** `/storage` entry → ProxmoxStorage columns (per-type keys kept, the whole entry as sent in raw_config). */
export function mapStorage(
  s: StorageInfo,
  endpointId: number,
  clusterId: number | null,
): typeof proxmoxStorages.$inferInsert {
  const c = s.config;
  return {
    name: s.name,
    proxmoxEndpointId: endpointId,
    clusterId,
    storageType: s.type,
    content: s.content,
    path: c.path ?? null,
    nodes: s.nodes,
    shared: s.shared,
    enabled: s.enabled,
    server: c.server ?? null,
    port: c.port === undefined ? null : Math.trunc(c.port),
    username: c.username ?? null,
    export: c.export ?? null,
    share: c.share ?? null,
    pool: c.pool ?? null,
    monhost: c.monhost ?? null,
    namespace: c.namespace ?? null,
    datastore: c.datastore ?? null,
    subdir: c.subdir ?? null,
    mountpoint: c.mountpoint ?? null,
    isMountpoint: c.is_mountpoint ?? null,
    preallocation: c.preallocation ?? null,
    format: c.format ?? null,
    pruneBackups: c['prune-backups'] ?? null,
    maxProtectedBackups: c['max-protected-backups'] ?? null,
    rawConfig: Object.fromEntries(Object.entries(s.raw).filter(([k]) => k !== 'digest')),
  };
}

const UPDATABLE: (keyof typeof proxmoxStorages.$inferInsert)[] = [
  'clusterId',
  'storageType',
  'content',
  'path',
  'nodes',
  'shared',
  'enabled',
  'server',
  'port',
  'username',
  'export',
  'share',
  'pool',
  'monhost',
  'namespace',
  'datastore',
  'subdir',
  'mountpoint',
  'isMountpoint',
  'preallocation',
  'format',
  'pruneBackups',
  'maxProtectedBackups',
  'rawConfig',
];

/** Stage `storage`: the endpoint's storage definitions, once per cluster (not once per node). */
export async function syncStorage(ctx: SyncContext): Promise<void> {
  const fetched = await ctx.fetcher.storages();
  if (!fetched.ok) return recordIssue(ctx, STAGE, 'storage list', fetched.error);
  await ctx.db.transaction(async (tx) => {
    const scope = await loadClusterScope(tx, ctx);
    const existing = (
      await tx.select().from(proxmoxStorages).where(eq(proxmoxStorages.proxmoxEndpointId, ctx.endpoint.id))
    ).filter((r) => coversStorage(ctx.scope, r.name));
    const proxbox = await tagId(tx, 'proxbox');
    const result = await applyPlan(
      tx,
      ctx,
      getModel('storage')!,
      await reconcile({
        existing,
        desired: fetched.value
          .filter((s) => coversStorage(ctx.scope, s.name))
          .map((s) => mapStorage(s, ctx.endpoint.id, scope?.netboxClusterId ?? null)),
        key: (r) => String(r.name),
        updatable: UPDATABLE,
      }),
      { removal: 'delete', tagIds: proxbox ? [proxbox] : [], retag: ctx.overwrite.overwriteStorageTags },
    );
    addCounts(ctx, STAGE, result);
  });
}
