import { eq } from 'drizzle-orm';
import { vmBackups } from '@/db/schema';
import type { BACKUP_FORMAT } from '@/db/schema/choices';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { backupListings, coversBackup, scopeVmids } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import type { BackupInfo, NodeInfo, StorageInfo } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { loadStorageIds, loadVmIds } from './scope';
import { selectRows } from '@/db/select-rows';

const STAGE = 'vm-backups' as const;

/** Proxmox backup formats → the seed's BackupFormat choices. */
export function backupFormat(format: string): (typeof BACKUP_FORMAT)[number] {
  if (format === 'pbs-vm' || format === 'pbs-ct') return format;
  if (/zst$/.test(format)) return format.startsWith('t') && !format.startsWith('tar') ? 'tzst' : 'zst';
  if (/(^|\.)(gz|tgz)$/.test(format)) return 'tgz';
  if (/bz2?$|tbz$/.test(format)) return 'tbz';
  if (format === 'tar' || format === 'iso' || format === 'qcow2' || format === 'raw') return format;
  return 'undefined';
}

export function mapBackup(
  b: BackupInfo,
  endpointId: number,
  storageId: number | null,
  vmIds: Map<number, number>,
  node: string | null = null,
): typeof vmBackups.$inferInsert {
  return {
    proxmoxEndpointId: endpointId,
    virtualMachineId: b.vmid !== null ? (vmIds.get(b.vmid) ?? null) : null,
    proxmoxStorageId: storageId,
    storage: b.storage,
    node,
    volid: b.volid,
    subtype: b.subtype === 'qemu' || b.subtype === 'lxc' ? b.subtype : 'undefined',
    format: backupFormat(b.format),
    creationTime: b.ctime,
    size: b.size,
    notes: b.notes,
    vmid: b.vmid,
    used: b.used,
    encrypted: b.encrypted === '0' ? '' : b.encrypted,
    verificationState: b.verificationState,
    verificationUpid: b.verificationUpid,
  };
}

export interface Listing {
  storage: string;
  node: string;
  online: boolean;
  shared: boolean;
}

/** Where to list a storage's backups: a shared storage once (any online node), a local one per node. */
export function listingPlan(storages: StorageInfo[], nodes: NodeInfo[]): Listing[] {
  const plan: Listing[] = [];
  for (const s of storages.filter((x) => x.enabled && x.content.split(',').includes('backup'))) {
    const allowed = s.nodes ? s.nodes.split(',').map((n) => n.trim()) : null;
    const candidates = nodes.filter((n) => !allowed || allowed.includes(n.name));
    if (s.shared) {
      const node = candidates.find((n) => n.online) ?? candidates[0];
      if (node) plan.push({ storage: s.name, node: node.name, online: node.online, shared: true });
    } else for (const n of candidates) plan.push({ storage: s.name, node: n.name, online: n.online, shared: false });
  }
  return plan;
}

/**
 * Which stored backups a run may delete when Proxmox no longer lists them: those whose listing
 * succeeded. A shared storage is one listing; a node-local storage is one storage per node, so a
 * file is decided by the listing of the node that held it, whatever happened on the other nodes.
 * A row stored before its node was recorded is decided only when every node's listing succeeded.
 */
export function removableBackups(
  listings: { storage: string; node: string; shared: boolean; ok: boolean }[],
): (row: { storage?: unknown; node?: unknown }) => boolean {
  const succeeded = new Set<string>();
  const planned = new Set<string>();
  const failed = new Set<string>();
  for (const l of listings) {
    planned.add(l.storage);
    if (l.ok) succeeded.add(l.shared ? l.storage : `${l.storage}\n${l.node}`);
    else failed.add(l.storage);
  }
  const shared = new Set(listings.filter((l) => l.shared).map((l) => l.storage));
  return (row) => {
    const storage = String(row.storage);
    if (!planned.has(storage)) return false;
    if (shared.has(storage)) return succeeded.has(storage);
    if (typeof row.node === 'string' && row.node) return succeeded.has(`${storage}\n${row.node}`);
    return !failed.has(storage);
  };
}

/**
 * Stage `vm-backups`: backup volumes of every backup-capable storage, identified by (endpoint,
 * volid). Volumes gone from Proxmox are deleted only when the listing that held them succeeded.
 */
export async function syncVmBackups(ctx: SyncContext): Promise<void> {
  const [storages, topology] = await Promise.all([ctx.fetcher.storages(), ctx.fetcher.topology()]);
  if (!storages.ok) return recordIssue(ctx, STAGE, 'storage list', storages.error);
  if (!topology.ok) return recordIssue(ctx, STAGE, 'cluster status', topology.error);
  // One guest's run lists each storage with Proxmox's `vmid` filter, a storage's run only that
  // storage; a node's run lists everything but keeps (and may remove) its guests' volumes only.
  const { plan, vmid } = backupListings(ctx.scope, listingPlan(storages.value, topology.value.nodes));
  let nodeVmids: Set<number> | undefined;
  if (ctx.scope?.kind === 'node') {
    const listed = await ctx.fetcher.guests();
    if (!listed.ok) return recordIssue(ctx, STAGE, 'cluster resources', listed.error);
    nodeVmids = scopeVmids(ctx.scope, listed.value);
  }
  const covered = (b: { storage: string | null; vmid: number | null }) => coversBackup(ctx.scope, b, nodeVmids);
  const listings = await Promise.all(
    plan.map(async (p) => ({ ...p, fetched: await ctx.fetcher.backups(p.node, p.storage, vmid) })),
  );
  const found: { backup: BackupInfo; node: string | null }[] = [];
  for (const l of listings) {
    if (l.fetched.ok)
      found.push(...l.fetched.value.filter(covered).map((backup) => ({ backup, node: l.shared ? null : l.node })));
    else recordIssue(ctx, STAGE, `storage ${l.storage} on ${l.node}`, l.fetched.error);
  }
  const removable = removableBackups(listings.map((l) => ({ ...l, ok: l.fetched.ok })));
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const storageIds = await loadStorageIds(tx, ctx);
    const existing = (await selectRows(tx, vmBackups, eq(vmBackups.proxmoxEndpointId, ctx.endpoint.id))).filter((r) =>
      covered({ storage: r.storage, vmid: r.vmid }),
    );
    const result = await applyPlan(
      tx,
      ctx,
      getModel('backups')!,
      await reconcile({
        existing,
        desired: found.map(({ backup: b, node }) =>
          mapBackup(b, ctx.endpoint.id, storageIds.get(b.storage) ?? null, vmIds, node),
        ),
        key: (r) => String(r.volid),
        updatable: [
          'virtualMachineId',
          'proxmoxStorageId',
          'storage',
          'node',
          'subtype',
          'format',
          'creationTime',
          'size',
          'vmid',
          'used',
          'encrypted',
          'verificationState',
          'verificationUpid',
        ],
        removable,
      }),
      { removal: 'delete' },
    );
    addCounts(ctx, STAGE, result);
  });
}
