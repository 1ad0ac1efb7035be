import { and, eq } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import type { Database } from '@/db/client';
import { vlans, vmInterfaces } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { isNetKey, type ParsedNic } from '@/lib/proxmox/config';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';
import { loadGuestConfigs, reportConfigErrors, type GuestConfig } from './guest-configs';
import { readVmBasics } from '../map/vm';
import { taggedWith } from './owned';
import { loadClusterScope, loadVmIds, tagId } from './scope';
import { takeTurn, turnDue } from '../turns';
import { selectRows } from '@/db/select-rows';

const STAGE = 'vm-interfaces' as const;

/** VLAN rows by vid for the cluster's site, created on first use (the seed matched vid globally). */
async function ensureVlans(
  tx: Database,
  ctx: SyncContext,
  vids: number[],
  siteId: number | null,
  tags: number[],
): Promise<Map<number, number>> {
  const unique = [...new Set(vids)];
  const found = unique.length
    ? await selectRows(tx, vlans, and(anyOf(vlans.vid, unique), siteId === null ? undefined : eq(vlans.siteId, siteId)))
    : [];
  const map = new Map(found.map((v) => [v.vid, v.id]));
  const missing = unique.filter((vid) => !map.has(vid));
  if (missing.length) {
    const created = await applyPlan<typeof vlans.$inferSelect, typeof vlans.$inferInsert>(
      tx,
      ctx,
      getModel('vlans')!,
      {
        create: missing.map((vid) => ({ vid, name: `VLAN ${vid}`, siteId, status: 'active' })),
        update: [],
        remove: [],
        unchanged: [],
      },
      { removal: 'none', tagIds: tags },
    );
    for (const v of created.created) map.set(v.vid, v.id);
  }
  return map;
}

export function mapVmInterface(
  nic: ParsedNic,
  vmId: number,
  vlanIds: Map<number, number>,
  name: string = nic.key,
): typeof vmInterfaces.$inferInsert {
  const model = nic.guestType === 'qemu' ? nic.model : (nic.type ?? 'veth');
  return {
    virtualMachineId: vmId,
    name,
    proxmoxKey: nic.key,
    enabled: !nic.linkDown,
    macAddress: nic.macAddress,
    mtu: nic.mtu ?? null,
    mode: nic.tag !== undefined ? 'access' : null,
    untaggedVlanId: nic.tag !== undefined ? (vlanIds.get(nic.tag) ?? null) : null,
    proxmoxBridge: nic.bridge ?? null,
    description:
      `${model}${nic.guestType === 'lxc' ? ` ${nic.name}` : ''}${nic.bridge ? ` on ${nic.bridge}` : ''}`.slice(0, 200),
  };
}

/** A stored interface's identity: its config key, or its name for rows synced before the key was kept. */
const nicKey = (r: { virtualMachineId: number; proxmoxKey?: string | null; name: string }) =>
  `${r.virtualMachineId}:${r.proxmoxKey ?? r.name}`;

/**
 * The guest agent's interface names by MAC for a running QEMU guest with the agent on, when
 * use_guest_agent_interface_name asks for them; null when they cannot be had this run.
 */
async function agentNames(ctx: SyncContext, cfg: GuestConfig): Promise<Map<string, string> | null> {
  const { guest } = cfg;
  if (
    !ctx.settings.useGuestAgentInterfaceName ||
    guest.type !== 'qemu' ||
    guest.status !== 'running' ||
    !readVmBasics(guest, cfg.config).qemuAgent
  )
    return null;
  const runtime = await ctx.fetcher.addresses(guest);
  if (!runtime.ok) return null;
  return new Map(runtime.value.filter((i) => i.mac && i.name).map((i) => [i.mac!.toUpperCase(), i.name.slice(0, 64)]));
}

/**
 * Stage `vm-interfaces`: one interface per `netN` of a guest, identified by its config key. With
 * use_guest_agent_interface_name, a QEMU guest's interface is named as its agent reports it (ens18)
 * by MAC; when the agent does not answer the stored name stays, so names never flip-flop with the
 * agent's availability (a seed complaint). MAC from any NIC model or LXC `hwaddr`, access VLAN
 * from `tag=`, the node bridge kept.
 */
export async function syncVmInterfaces(ctx: SyncContext): Promise<void> {
  const loaded = await loadGuestConfigs(ctx);
  if (!loaded.ok) return recordIssue(ctx, STAGE, 'cluster resources', loaded.error);
  for (const { guest, error } of loaded.unreadable) recordIssue(ctx, STAGE, `${guest.type}/${guest.vmid}`, error);
  reportConfigErrors(ctx, STAGE, loaded.configs, isNetKey);
  // Read before the transaction: a guest agent may take seconds to answer.
  const agentNamesOf = new Map(
    await Promise.all(loaded.configs.map(async (cfg) => [cfg.guest.vmid, await agentNames(ctx, cfg)] as const)),
  );
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const proxbox = await tagId(tx, 'proxbox');
    const scope = await loadClusterScope(tx, ctx);
    const tags = proxbox ? [proxbox] : [];
    const siteRow = scope?.netboxClusterId
      ? await tx.query.clusters.findFirst({ where: (c, { eq: e }) => e(c.id, scope.netboxClusterId!) })
      : undefined;
    const vids = loaded.configs.flatMap((c) => c.devices.nics.flatMap((n) => (n.tag !== undefined ? [n.tag] : [])));
    const vlanIds = await ensureVlans(tx, ctx, vids, siteRow?.siteId ?? null, tags);
    const readVms = new Set<number>();
    const configs = loaded.configs.filter(({ guest }) => vmIds.has(guest.vmid));
    for (const { guest } of configs) readVms.add(vmIds.get(guest.vmid)!);
    const ids = [...readVms];
    const existing: (typeof vmInterfaces.$inferSelect)[] = [];
    for (let i = 0; i < ids.length; i += 1000)
      existing.push(
        ...(await selectRows(tx, vmInterfaces, anyOf(vmInterfaces.virtualMachineId, ids.slice(i, i + 1000)))),
      );
    const stored = new Map(existing.map((r) => [nicKey(r), r]));
    const storedByVm = new Map<number, (typeof vmInterfaces.$inferSelect)[]>();
    for (const r of existing) {
      const vm = r.virtualMachineId;
      if (!storedByVm.has(vm)) storedByVm.set(vm, []);
      storedByVm.get(vm)!.push(r);
    }
    const desired: (typeof vmInterfaces.$inferInsert)[] = [];
    for (const cfg of configs) {
      if (turnDue()) await takeTurn();
      const vmId = vmIds.get(cfg.guest.vmid)!;
      const names = agentNamesOf.get(cfg.guest.vmid) ?? null;
      // A name another interface of the VM holds (a user's, say) is not taken: the row keeps its own.
      const holder = new Map((storedByVm.get(vmId) ?? []).map((r) => [String(r.name), nicKey(r)]));
      const free = (name: string, key: string) => (holder.get(name) ?? key) === key;
      for (const nic of cfg.devices.nics) {
        const key = `${vmId}:${nic.key}`;
        const agentName = nic.macAddress ? names?.get(nic.macAddress.toUpperCase()) : undefined;
        const keep = stored.get(key)?.name;
        const name =
          !ctx.settings.useGuestAgentInterfaceName || nic.guestType !== 'qemu'
            ? nic.key
            : agentName && free(agentName, key)
              ? agentName
              : (keep ?? nic.key);
        desired.push(mapVmInterface(nic, vmId, vlanIds, name));
      }
    }
    const owned = await taggedWith(
      tx,
      proxbox,
      'virtualization.vminterface',
      existing.map((r) => r.id),
    );
    const updatable: (keyof typeof vmInterfaces.$inferInsert)[] = [
      'name',
      'proxmoxKey',
      'enabled',
      'macAddress',
      'mtu',
      'mode',
      'untaggedVlanId',
      'proxmoxBridge',
      'description',
    ];
    const result = await applyPlan(
      tx,
      ctx,
      getModel('vm-interfaces')!,
      await reconcile({ existing, desired, key: nicKey, updatable, removable: (r) => owned.has(r.id) }),
      { removal: 'delete', tagIds: tags, retag: ctx.overwrite.overwriteVmInterfaceTags },
    );
    addCounts(ctx, STAGE, result);
  });
}
