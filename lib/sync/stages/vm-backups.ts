import { eq } from 'drizzle-orm';
import { vmBackups } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { backupListings, coversBackup, scopeVmids } from '../object-scope';
import { reconcile, type Row } from '../reconcile';
import type { BackupInfo, NodeInfo, StorageInfo } from '../proxmox-data';
import { applyPlan } from '../write';
import { loadStorageIds, loadVmIds } from './scope';

const STAGE = 'vm-backups' as const;

/** Proxmox backup formats → the seed's BackupFormat choices. */
export function backupFormat(format: string): string {
  if (format === 'pbs-vm' || format === 'pbs-ct') return format;
  if (/zst$/.test(format)) return format.startsWith('t') && !format.startsWith('tar') ? 'tzst' : 'zst';
  if (/(^|\.)(gz|tgz)$/.test(format)) return 'tgz';
  if (/bz2?$|tbz$/.test(format)) return 'tbz';
  if (format === 'tar' || format === 'iso' || format === 'qcow2' || format === 'raw') return format;
  return 'undefined';
}

export function mapBackup(b: BackupInfo, endpointId: number, storageId: number | null, vmIds: Map<number, number>): Row {
  return {
    proxmoxEndpointId: endpointId,
    virtualMachineId: b.vmid !== null ? (vmIds.get(b.vmid) ?? null) : null,
    proxmoxStorageId: storageId,
    storage: b.storage,
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

/** Where to list a storage's backups: a shared storage once (any online node), a local one per node. */
export function listingPlan(storages: StorageInfo[], nodes: NodeInfo[]): { storage: string; node: string; online: boolean }[] {
  const plan: { storage: string; node: string; online: boolean }[] = [];
  for (const s of storages.filter((x) => x.enabled && x.content.split(',').includes('backup'))) {
    const allowed = s.nodes ? s.nodes.split(',').map((n) => n.trim()) : null;
    const candidates = nodes.filter((n) => !allowed || allowed.includes(n.name));
    if (s.shared) {
      const node = candidates.find((n) => n.online) ?? candidates[0];
      if (node) plan.push({ storage: s.name, node: node.name, online: node.online });
    } else for (const n of candidates) plan.push({ storage: s.name, node: n.name, online: n.online });
  }
  return plan;
}

/**
 * Stage `vm-backups`: backup volumes of every backup-capable storage, identified by (endpoint,
 * volid). Volumes gone from a storage are deleted only when that storage was read completely.
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
  const listings = await Promise.all(plan.map(async (p) => ({ ...p, fetched: await ctx.fetcher.backups(p.node, p.storage, vmid) })));
  const incomplete = new Set<string>();
  const found: BackupInfo[] = [];
  for (const l of listings) {
    if (l.fetched.ok) found.push(...l.fetched.value.filter(covered));
    else {
      incomplete.add(l.storage);
      recordIssue(ctx, STAGE, `storage ${l.storage} on ${l.node}`, l.fetched.error);
    }
  }
  const listed = new Set(plan.map((p) => p.storage));
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const storageIds = await loadStorageIds(tx, ctx);
    const existing = ((await tx.select().from(vmBackups).where(eq(vmBackups.proxmoxEndpointId, ctx.endpoint.id))) as Row[]).filter((r) => covered({ storage: r.storage as string | null, vmid: r.vmid as number | null }));
    const result = await applyPlan(tx, ctx, getModel('backups')!, reconcile({
      existing,
      desired: found.map((b) => mapBackup(b, ctx.endpoint.id, storageIds.get(b.storage) ?? null, vmIds)),
      key: (r) => String(r.volid),
      updatable: ['virtualMachineId', 'proxmoxStorageId', 'storage', 'subtype', 'format', 'creationTime', 'size', 'vmid', 'used', 'encrypted', 'verificationState', 'verificationUpid'],
      removable: (r) => listed.has(String(r.storage)) && !incomplete.has(String(r.storage)),
    }), { removal: 'delete' });
    addCounts(ctx, STAGE, result);
  });
}
