import { eq } from 'drizzle-orm';
import { proxmoxStorages } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { str, num, int } from '../coerce';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { coversStorage } from '../object-scope';
import { reconcile, type Row } from '../reconcile';
import type { StorageInfo } from '../proxmox-data';
import { applyPlan } from '../write';
import { loadClusterScope, tagId } from './scope';

const STAGE = 'storage' as const;

/** `/storage` entry → ProxmoxStorage columns (per-type keys kept, the whole entry in raw_config). */
export function mapStorage(s: StorageInfo, endpointId: number, clusterId: number | null): Row {
  const r = s.raw;
  return {
    name: s.name,
    proxmoxEndpointId: endpointId,
    clusterId,
    storageType: s.type,
    content: s.content,
    path: str(r.path),
    nodes: s.nodes,
    shared: s.shared,
    enabled: s.enabled,
    server: str(r.server),
    port: int(r.port),
    username: str(r.username),
    export: str(r.export),
    share: str(r.share),
    pool: str(r.pool),
    monhost: str(r.monhost),
    namespace: str(r.namespace),
    datastore: str(r.datastore),
    subdir: str(r.subdir),
    mountpoint: str(r.mountpoint),
    isMountpoint: str(r.is_mountpoint),
    preallocation: str(r.preallocation),
    format: str(r.format),
    pruneBackups: str(r['prune-backups']),
    maxProtectedBackups: num(r['max-protected-backups']),
    rawConfig: Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'digest')),
  };
}

const UPDATABLE = ['clusterId', 'storageType', 'content', 'path', 'nodes', 'shared', 'enabled', 'server', 'port', 'username', 'export', 'share', 'pool', 'monhost', 'namespace', 'datastore', 'subdir', 'mountpoint', 'isMountpoint', 'preallocation', 'format', 'pruneBackups', 'maxProtectedBackups', 'rawConfig'];

/** Stage `storage`: the endpoint's storage definitions, once per cluster (not once per node). */
export async function syncStorage(ctx: SyncContext): Promise<void> {
  const fetched = await ctx.fetcher.storages();
  if (!fetched.ok) return recordIssue(ctx, STAGE, 'storage list', fetched.error);
  await ctx.db.transaction(async (tx) => {
    const scope = await loadClusterScope(tx, ctx);
    const existing = ((await tx.select().from(proxmoxStorages).where(eq(proxmoxStorages.proxmoxEndpointId, ctx.endpoint.id))) as Row[]).filter((r) => coversStorage(ctx.scope, r.name as string));
    const proxbox = await tagId(tx, 'proxbox');
    const result = await applyPlan(tx, ctx, getModel('storage')!, reconcile({
      existing,
      desired: fetched.value.filter((s) => coversStorage(ctx.scope, s.name)).map((s) => mapStorage(s, ctx.endpoint.id, scope?.netboxClusterId ?? null)),
      key: (r) => String(r.name),
      updatable: UPDATABLE,
    }), { removal: 'delete', tagIds: proxbox ? [proxbox] : [] });
    addCounts(ctx, STAGE, result);
  });
}
