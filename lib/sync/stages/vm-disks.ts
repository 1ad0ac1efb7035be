import { proxmoxStorageVirtualDisks, virtualDisks, virtualMachines } from '@/db/schema';
import { anyOf } from '@/db/array-param';
import { getModel } from '@/lib/models/registry';
import { isDiskKey, type ParsedDisk } from '@/lib/proxmox/config';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';
import { loadGuestConfigs, reportConfigErrors } from './guest-configs';
import { taggedWith } from './owned';
import { loadStorageIds, loadVmIds, tagId } from './scope';
import { takeTurn, turnDue } from '../turns';
import { selectRows } from '@/db/select-rows';

const STAGE = 'vm-disks' as const;

/** Disks worth inventorying: real volumes with a size (no CD-ROM, cloud-init, unused or sizeless passthrough). */
export function inventoriedDisks(disks: ParsedDisk[]): ParsedDisk[] {
  return disks.filter(
    (d) => !d.isCdrom && !d.isCloudInit && d.bus !== 'unused' && d.sizeBytes !== null && d.sizeBytes > 0,
  );
}

/** NetBox sizes are MB (≥ 4.1); Proxmox sizes are powers of 1024, so MiB are counted as MB, rounded up. */
export const diskMB = (bytes: number) => Math.max(1, Math.ceil(bytes / 1048576));

/**
 * Stage `vm-disks`: one virtual disk per guest disk (by VM and config key), its storage link
 * (ProxmoxStorageVirtualDisk, which the seed never filled) and the VM's total disk size, which
 * NetBox requires to equal the sum of its virtual disks.
 */
export async function syncVmDisks(ctx: SyncContext): Promise<void> {
  const loaded = await loadGuestConfigs(ctx);
  if (!loaded.ok) return recordIssue(ctx, STAGE, 'cluster resources', loaded.error);
  for (const { guest, error } of loaded.unreadable) recordIssue(ctx, STAGE, `${guest.type}/${guest.vmid}`, error);
  reportConfigErrors(ctx, STAGE, loaded.configs, (key) => isDiskKey(key));
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const storageIds = await loadStorageIds(tx, ctx);
    const proxbox = await tagId(tx, 'proxbox');
    const desired: (typeof virtualDisks.$inferInsert)[] = [];
    const storageOf = new Map<string, number>();
    const readVms = new Set<number>();
    for (const { guest, devices } of loaded.configs) {
      if (turnDue()) await takeTurn();
      const vmId = vmIds.get(guest.vmid);
      if (vmId === undefined) continue;
      readVms.add(vmId);
      for (const d of inventoriedDisks(devices.disks)) {
        desired.push({
          virtualMachineId: vmId,
          name: d.key,
          size: diskMB(d.sizeBytes!),
          description: `Storage: ${d.storage ?? 'passthrough'} | Format: ${d.format ?? 'raw'}`.slice(0, 200),
        });
        const storageId = d.storage ? storageIds.get(d.storage) : undefined;
        if (storageId !== undefined) storageOf.set(`${vmId}:${d.key}`, storageId);
      }
    }
    const ids = [...readVms];
    const existing: (typeof virtualDisks.$inferSelect)[] = [];
    for (let i = 0; i < ids.length; i += 1000)
      existing.push(
        ...(await selectRows(tx, virtualDisks, anyOf(virtualDisks.virtualMachineId, ids.slice(i, i + 1000)))),
      );
    const owned = await taggedWith(
      tx,
      proxbox,
      'virtualization.virtualdisk',
      existing.map((r) => r.id),
    );
    const key = (r: { virtualMachineId: number; name: string }) => `${r.virtualMachineId}:${r.name}`;
    const result = await applyPlan(
      tx,
      ctx,
      getModel('virtual-disks')!,
      await reconcile({
        existing,
        desired,
        key,
        updatable: ['size', 'description'],
        removable: (r) => owned.has(r.id),
      }),
      { removal: 'delete', tagIds: proxbox ? [proxbox] : [], retag: ctx.overwrite.overwriteVmTags },
    );
    addCounts(ctx, STAGE, result);

    const disks = [...result.created, ...result.updated, ...result.unchanged];
    const diskIds = disks.map((d) => d.id);
    const links: (typeof proxmoxStorageVirtualDisks.$inferSelect)[] = [];
    for (let i = 0; i < diskIds.length; i += 1000)
      links.push(
        ...(await selectRows(
          tx,
          proxmoxStorageVirtualDisks,
          anyOf(proxmoxStorageVirtualDisks.virtualDiskId, diskIds.slice(i, i + 1000)),
        )),
      );
    const wantLinks = disks.flatMap((d): (typeof proxmoxStorageVirtualDisks.$inferInsert)[] =>
      storageOf.has(key(d)) ? [{ proxmoxStorageId: storageOf.get(key(d))!, virtualDiskId: d.id }] : [],
    );
    await applyPlan(
      tx,
      ctx,
      getModel('storage-virtual-disks')!,
      await reconcile({
        existing: links,
        desired: wantLinks,
        key: (r) => String(r.virtualDiskId),
        updatable: ['proxmoxStorageId'],
      }),
      { removal: 'delete' },
    );

    const totals = new Map<number, number>();
    for (const d of disks) totals.set(d.virtualMachineId, (totals.get(d.virtualMachineId) ?? 0) + d.size);
    const vms: (typeof virtualMachines.$inferSelect)[] = [];
    for (let i = 0; i < ids.length; i += 1000)
      vms.push(...(await selectRows(tx, virtualMachines, anyOf(virtualMachines.id, ids.slice(i, i + 1000)))));
    await applyPlan(
      tx,
      ctx,
      getModel('virtual-machines')!,
      await reconcile({
        existing: vms,
        desired: vms.map((v): typeof virtualMachines.$inferInsert => ({ ...v, disk: totals.get(v.id) ?? null })),
        key: (r) => String(r.id),
        updatable: ['disk'],
      }),
      { removal: 'none' },
    );
  });
}
