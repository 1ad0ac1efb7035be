import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { vlans, vmInterfaces } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { isNetKey, type ParsedNic } from '@/lib/proxmox/config';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { reconcile, type Row } from '../reconcile';
import { applyPlan } from '../write';
import { loadGuestConfigs, reportConfigErrors } from './guest-configs';
import { taggedWith } from './owned';
import { loadClusterScope, loadVmIds, tagId } from './scope';

const STAGE = 'vm-interfaces' as const;

/** VLAN rows by vid for the cluster's site, created on first use (the seed matched vid globally). */
async function ensureVlans(tx: Database, ctx: SyncContext, vids: number[], siteId: number | null, tags: number[]): Promise<Map<number, number>> {
  const unique = [...new Set(vids)];
  const found = unique.length ? await tx.select().from(vlans).where(and(inArray(vlans.vid, unique), siteId === null ? undefined : eq(vlans.siteId, siteId))) : [];
  const map = new Map(found.map((v) => [v.vid, v.id]));
  const missing = unique.filter((vid) => !map.has(vid));
  if (missing.length) {
    const created = await applyPlan(tx, ctx, getModel('vlans')!, { create: missing.map((vid) => ({ vid, name: `VLAN ${vid}`, siteId, status: 'active' })), update: [], remove: [], unchanged: [] }, { removal: 'none', tagIds: tags });
    for (const v of created.created) map.set(v.vid as number, v.id as number);
  }
  return map;
}

export function mapVmInterface(nic: ParsedNic, vmId: number, vlanIds: Map<number, number>): Row {
  const model = nic.guestType === 'qemu' ? nic.model : (nic.type ?? 'veth');
  return {
    virtualMachineId: vmId,
    name: nic.key,
    enabled: !nic.linkDown,
    macAddress: nic.macAddress,
    mtu: nic.mtu ?? null,
    mode: nic.tag !== undefined ? 'access' : null,
    untaggedVlanId: nic.tag !== undefined ? (vlanIds.get(nic.tag) ?? null) : null,
    proxmoxBridge: nic.bridge ?? null,
    description: `${model}${nic.guestType === 'lxc' ? ` ${nic.name}` : ''}${nic.bridge ? ` on ${nic.bridge}` : ''}`.slice(0, 200),
  };
}

/**
 * Stage `vm-interfaces`: one interface per `netN` of a guest, named by its config key so that it
 * never flip-flops with the guest agent's view (a seed complaint); MAC from any NIC model or LXC
 * `hwaddr`, access VLAN from `tag=`, the node bridge kept.
 */
export async function syncVmInterfaces(ctx: SyncContext): Promise<void> {
  const loaded = await loadGuestConfigs(ctx);
  if (!loaded.ok) return recordIssue(ctx, STAGE, 'cluster resources', loaded.error);
  for (const { guest, error } of loaded.unreadable) recordIssue(ctx, STAGE, `${guest.type}/${guest.vmid}`, error);
  reportConfigErrors(ctx, STAGE, loaded.configs, isNetKey);
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const proxbox = await tagId(tx, 'proxbox');
    const scope = await loadClusterScope(tx, ctx);
    const tags = proxbox ? [proxbox] : [];
    const siteRow = scope?.netboxClusterId ? await tx.query.clusters.findFirst({ where: (c, { eq: e }) => e(c.id, scope.netboxClusterId!) }) : undefined;
    const vids = loaded.configs.flatMap((c) => c.devices.nics.flatMap((n) => (n.tag !== undefined ? [n.tag] : [])));
    const vlanIds = await ensureVlans(tx, ctx, vids, siteRow?.siteId ?? null, tags);
    const readVms = new Set<number>();
    const desired: Row[] = [];
    for (const { guest, devices } of loaded.configs) {
      const vmId = vmIds.get(guest.vmid);
      if (vmId === undefined) continue;
      readVms.add(vmId);
      desired.push(...devices.nics.map((nic) => mapVmInterface(nic, vmId, vlanIds)));
    }
    const ids = [...readVms];
    const existing: Row[] = [];
    for (let i = 0; i < ids.length; i += 1000) existing.push(...((await tx.select().from(vmInterfaces).where(inArray(vmInterfaces.virtualMachineId, ids.slice(i, i + 1000)))) as Row[]));
    const owned = await taggedWith(tx, proxbox, 'virtualization.vminterface', existing.map((r) => r.id as number));
    const updatable = ['enabled', 'macAddress', 'mtu', 'mode', 'untaggedVlanId', 'proxmoxBridge', 'description'];
    const result = await applyPlan(tx, ctx, getModel('vm-interfaces')!, reconcile({ existing, desired, key: (r) => `${r.virtualMachineId}:${r.name}`, updatable, removable: (r) => owned.has(r.id as number) }), { removal: 'delete', tagIds: tags });
    addCounts(ctx, STAGE, result);
  });
}
