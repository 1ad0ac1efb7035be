import { and, eq } from 'drizzle-orm';
import { anyOf, noneOf } from '@/db/array-param';
import { clusters, devices, taggedItems, virtualMachines } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, progressTracker, recordIssue, type SyncContext } from '../context';
import { ensureShared } from '../write/ensure';
import { coversGuest } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import { readVmBasics, resolveNameClashes, vmStatus } from '../map/vm';
import type { GuestInfo } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { loadClusterScope } from './scope';
import { applyProxmoxTags } from './vm-tags';
import { takeTurn, turnDue } from '../turns';
import { selectRows } from '@/db/select-rows';

const STAGE = 'virtual-machines' as const;
const VM_OBJECT_TYPE = 'virtualization.virtualmachine';

/** A stored name the sync gave (the Proxmox name, possibly with a clash suffix) vs. one a user typed. */
export function renamedByUser(row: { name: string; proxmoxName: string | null }): boolean {
  const name = row.name;
  const proxmoxName = row.proxmoxName;
  if (proxmoxName === null || name === proxmoxName) return false;
  const suffixed = /^(.*) \((\d+)\)$/.exec(name);
  return !(suffixed && proxmoxName.startsWith(suffixed[1]));
}

/**
 * Stage `virtual-machines`: one VM per guest, identified by (endpoint, cluster, vmid, type). Guests of
 * an unreadable node or with an unreadable config are left as stored (never renamed, marked or
 * removed); guests gone from Proxmox are marked stale or deleted per the deletion policy.
 */
export async function syncVirtualMachines(ctx: SyncContext): Promise<void> {
  const listed = await ctx.fetcher.guests();
  if (!listed.ok) return recordIssue(ctx, STAGE, 'cluster resources', listed.error);
  const guests = listed.value.filter((g) => coversGuest(ctx.scope, g));
  const tick = progressTracker(ctx, STAGE, guests.length, 'guest configs read');
  const configs = await Promise.all(
    guests.map(async (g) => {
      const config = g.degraded ? null : await ctx.fetcher.config(g);
      tick(`${g.type}/${g.vmid}`, config !== null && !config.ok);
      return { g, config };
    }),
  );
  const ep = ctx.endpoint;

  await ctx.db.transaction(async (tx) => {
    const scope = await loadClusterScope(tx, ctx);
    if (!scope?.netboxClusterId)
      return recordIssue(ctx, STAGE, 'cluster', {
        category: 'internal',
        message: 'The cluster is not in the inventory yet.',
        suggestion: 'Run the devices stage first.',
      });
    const shared = await ensureShared(tx, ctx);
    const [cluster] = await selectRows(tx, clusters, eq(clusters.id, scope.netboxClusterId));
    const deviceRows = await tx
      .select({ id: devices.id, node: devices.proxmoxNode })
      .from(devices)
      .where(eq(devices.proxmoxEndpointId, ep.id));
    const deviceByNode = new Map(deviceRows.map((d) => [d.node, d.id]));
    const guestKey = (vmid: unknown, type: unknown) => `${vmid}:${type}`;
    // Under an object scope only its guests may be updated or found gone: a guest that moved onto
    // the synced node is one of them too, by its listed key.
    const listedKeys = new Set(guests.map((g) => guestKey(g.vmid, g.type)));
    const existing = (
      await selectRows(
        tx,
        virtualMachines,
        and(eq(virtualMachines.proxmoxEndpointId, ep.id), eq(virtualMachines.proxmoxClusterId, scope.proxmoxClusterId)),
      )
    ).filter(
      (r) =>
        coversGuest(ctx.scope, { vmid: r.vmid, type: r.guestType, node: r.proxmoxNode }) ||
        listedKeys.has(guestKey(r.vmid, r.guestType)),
    );
    const byKey = new Map(existing.map((r) => [guestKey(r.vmid, r.guestType), r]));
    const stored = (g: GuestInfo) => byKey.get(guestKey(g.vmid, g.type));
    const ownIds = existing.map((r) => r.id);
    const others = await tx
      .select({ name: virtualMachines.name })
      .from(virtualMachines)
      .where(
        and(eq(virtualMachines.clusterId, cluster.id), ownIds.length ? noneOf(virtualMachines.id, ownIds) : undefined),
      );
    const taken = new Set(others.map((o) => o.name.toLowerCase()));

    const protectedKeys = new Set<string>();
    const readable: { g: GuestInfo; basics: ReturnType<typeof readVmBasics> }[] = [];
    for (const { g, config } of configs) {
      if (turnDue()) await takeTurn();
      if (!config || !config.ok) {
        protectedKeys.add(guestKey(g.vmid, g.type));
        if (config && !config.ok) recordIssue(ctx, STAGE, `${g.type}/${g.vmid}`, config.error);
        continue;
      }
      readable.push({ g, basics: readVmBasics(g, config.value) });
    }
    // Names typed by users are kept and reserved first; the rest get unique names per cluster.
    const userNamed = readable.filter(({ g }) => stored(g) !== undefined && renamedByUser(stored(g)!));
    for (const { g } of userNamed) taken.add(String(stored(g)!.name).toLowerCase());
    const resolved = resolveNameClashes(
      readable.filter((r) => !userNamed.includes(r)).map((r) => ({ ...r, vmid: r.g.vmid, name: r.basics.name })),
      taken,
    );
    const finalName = new Map<string, string>(
      userNamed.map(({ g }) => [guestKey(g.vmid, g.type), String(stored(g)!.name)]),
    );
    for (const { item, name, suffix } of resolved) {
      finalName.set(guestKey(item.vmid, item.g.type), name);
      if (suffix > 1)
        ctx.emit({
          event: 'duplicate_name_resolved',
          cluster: scope.name,
          original_name: item.name,
          resolved_name: name,
          vmid: item.vmid,
          suffix_index: suffix,
          operator_renamed: false,
        });
    }

    const desiredVm = (g: GuestInfo, basics: ReturnType<typeof readVmBasics>): typeof virtualMachines.$inferInsert => ({
      name: finalName.get(guestKey(g.vmid, g.type))!,
      clusterId: cluster.id,
      siteId: cluster.siteId,
      deviceId: deviceByNode.get(g.node) ?? null,
      tenantId: ep.tenantId,
      status: vmStatus(g.status),
      startOnBoot: basics.onboot ? 'on' : 'off',
      vcpus: basics.vcpus,
      memory: basics.memory,
      virtualMachineTypeId: g.type === 'qemu' ? shared.qemuType : shared.lxcType,
      roleId: g.type === 'qemu' ? shared.qemuRole : shared.lxcRole,
      description: `Synced from Proxmox node ${g.node}`,
      proxmoxEndpointId: ep.id,
      proxmoxClusterId: scope.proxmoxClusterId,
      vmid: g.vmid,
      guestType: g.type,
      proxmoxNode: g.node,
      proxmoxStatus: g.status,
      proxmoxName: basics.name,
      qemuAgent: basics.qemuAgent,
      unprivileged: basics.unprivileged,
      searchDomain: basics.searchDomain,
      proxmoxTags: basics.tags,
      cloudInit: basics.cloudInit,
      lastSyncedAt: ctx.now,
    });
    const desired: (typeof virtualMachines.$inferInsert)[] = [];
    for (const { g, basics } of readable) {
      if (turnDue()) await takeTurn();
      desired.push(desiredVm(g, basics));
    }
    const updatable: (keyof typeof virtualMachines.$inferInsert)[] = [
      'name',
      'clusterId',
      'siteId',
      'deviceId',
      'status',
      'startOnBoot',
      'vcpus',
      'memory',
      'proxmoxNode',
      'proxmoxStatus',
      'proxmoxName',
      'qemuAgent',
      'unprivileged',
      'searchDomain',
    ];
    // Off: the Proxmox tags (the column and the VM's tags made from them) stay as at creation, so
    // turning the flag back on applies every change made in Proxmox meanwhile.
    if (ctx.overwrite.overwriteVmProxmoxTags) updatable.push('proxmoxTags');
    if (ctx.overwrite.overwriteVmType) updatable.push('virtualMachineTypeId');
    // Off: the role is set when the VM is created and a role a user picked stays.
    if (ctx.overwrite.overwriteVmRole) updatable.push('roleId');
    if (ctx.overwrite.overwriteVmDescription) updatable.push('description');
    // Off: cloud-init settings are recorded when the VM is created and kept as they were then.
    if (ctx.overwrite.overwriteVmCloudinit) updatable.push('cloudInit');
    const plan = await reconcile({
      existing,
      desired,
      key: (r) => guestKey(r.vmid, r.guestType),
      updatable,
      protectedKeys,
    });
    for (const u of plan.update) u.changes.lastSyncedAt = ctx.now;
    const deleteGone = ctx.policy.staleVmPolicy === 'delete' || ctx.policy.deleteOrphans;
    const result = await applyPlan(tx, ctx, getModel('virtual-machines')!, plan, {
      ...(deleteGone
        ? { removal: 'delete' as const }
        : { removal: 'stale' as const, staleValues: { status: 'offline' as const } }),
      tagIds: [shared.proxboxTag],
      retag: ctx.overwrite.overwriteVmTags,
    });
    addCounts(ctx, STAGE, result, deleteGone ? 'deleted' : 'updated');

    // Proxmox tags become tags on the VM (guests whose config was read only).
    const idByKey = new Map(
      [...result.created, ...result.updated, ...result.unchanged].map((r) => [guestKey(r.vmid, r.guestType), r.id]),
    );
    await applyProxmoxTags(
      tx,
      ctx,
      readable.flatMap(({ g, basics }) => {
        const vmId = idByKey.get(guestKey(g.vmid, g.type));
        const before = stored(g)?.proxmoxTags;
        return vmId === undefined
          ? []
          : [
              {
                vmId,
                existed: stored(g) !== undefined,
                before: typeof before === 'string' ? before : null,
                after: basics.tags,
              },
            ];
      }),
    );

    // The stale tag follows presence: added to guests that vanished, removed from those back.
    const present = [...result.created, ...result.updated, ...result.unchanged]
      .filter((r) => !protectedKeys.has(guestKey(r.vmid, r.guestType)))
      .map((r) => r.id);
    if (present.length)
      await tx
        .delete(taggedItems)
        .where(
          and(
            eq(taggedItems.tagId, shared.staleTag),
            eq(taggedItems.objectType, VM_OBJECT_TYPE),
            anyOf(taggedItems.objectId, present),
          ),
        );
    const gone = deleteGone ? [] : plan.remove.map((r) => r.id);
    if (gone.length)
      await tx
        .insert(taggedItems)
        .values(gone.map((objectId) => ({ tagId: shared.staleTag, objectType: VM_OBJECT_TYPE, objectId })))
        .onConflictDoNothing();
  });
}
