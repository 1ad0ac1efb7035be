import { and, eq, or } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import type { Database } from '@/db/client';
import { taggedItems, tags } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import type { SyncContext } from '../context';
import { recordSyncChanges, syncChange } from '../write/change-log';
import { slugify } from '../write/ensure';

const VM_OBJECT_TYPE = 'virtualization.virtualmachine';
/** Tags the sync manages itself; a Proxmox tag of the same name is not mirrored. */
const RESERVED = new Set(['proxbox', 'proxbox-stale']);

/** Proxmox's tag list (`a;b`, older releases also `,` or spaces) as distinct names, in order. */
export function parseProxmoxTags(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of (text ?? '').split(/[;,\s]+/)) {
    const name = raw.trim().slice(0, 100);
    if (name && !RESERVED.has(slugify(name)) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Tag ids by Proxmox tag name: an existing tag of that name (or slug) is reused, else created. */
async function ensureTags(tx: Database, ctx: SyncContext, names: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (names.length === 0) return ids;
  const lookup = async () => {
    const rows = await tx
      .select({ id: tags.id, name: tags.name, slug: tags.slug })
      .from(tags)
      .where(or(anyOf(tags.name, names), anyOf(tags.slug, names.map(slugify))));
    for (const name of names) {
      const hit = rows.find((r) => r.name === name) ?? rows.find((r) => r.slug === slugify(name));
      if (hit) ids.set(name, hit.id);
    }
  };
  await lookup();
  const missing = names.filter((n) => !ids.has(n));
  if (missing.length) {
    // Endpoints sync in parallel: a tag created meanwhile by another one is read back.
    const created = await tx
      .insert(tags)
      .values(missing.map((name) => ({ name, slug: slugify(name), description: 'Proxmox tag' })))
      .onConflictDoNothing()
      .returning();
    const model = getModel('tags')!;
    await recordSyncChanges(
      tx,
      ctx,
      created.map((row) => syncChange(model, 'create', row, null, row)),
    );
    await lookup();
  }
  return ids;
}

/**
 * Mirrors each guest's Proxmox tags as tags on its VM. A tag added in Proxmox is added; one removed
 * in Proxmox (it was in the VM's previous `proxmox_tags`) is removed from the VM only when
 * overwrite_vm_tags is on — off, Proxmox tags are merged in and never taken away. With
 * overwrite_vm_proxmox_tags off, Proxmox tags are given to a VM when it is created and later syncs
 * leave its tags alone. Tags a user put on the VM are never touched. Writes nothing when nothing changed.
 */
export async function applyProxmoxTags(
  tx: Database,
  ctx: SyncContext,
  all: { vmId: number; existed: boolean; before: string | null; after: string | null }[],
): Promise<void> {
  const vms = ctx.overwrite.overwriteVmProxmoxTags ? all : all.filter((v) => !v.existed);
  const wanted = vms.map((v) => ({
    ...v,
    add: parseProxmoxTags(v.after),
    gone: parseProxmoxTags(v.before).filter((n) => !parseProxmoxTags(v.after).includes(n)),
  }));
  const addNames = [...new Set(wanted.flatMap((v) => v.add))];
  const goneNames = ctx.overwrite.overwriteVmTags ? [...new Set(wanted.flatMap((v) => v.gone))] : [];
  if (addNames.length === 0 && goneNames.length === 0) return;
  const ids = await ensureTags(tx, ctx, addNames);
  if (goneNames.length) {
    const rows = await tx.select({ id: tags.id, name: tags.name }).from(tags).where(anyOf(tags.name, goneNames));
    for (const r of rows) if (!ids.has(r.name)) ids.set(r.name, r.id);
  }
  const vmIds = wanted.map((v) => v.vmId);
  const tagIds = [...new Set(ids.values())];
  const have = new Set<string>();
  for (let i = 0; i < vmIds.length; i += 1000) {
    const rows = await tx
      .select({ objectId: taggedItems.objectId, tagId: taggedItems.tagId })
      .from(taggedItems)
      .where(
        and(
          eq(taggedItems.objectType, VM_OBJECT_TYPE),
          anyOf(taggedItems.objectId, vmIds.slice(i, i + 1000)),
          anyOf(taggedItems.tagId, tagIds),
        ),
      );
    for (const r of rows) have.add(`${r.objectId}:${r.tagId}`);
  }
  const inserts: { tagId: number; objectType: string; objectId: number }[] = [];
  /** VM ids losing each tag: one delete per tag, not per VM. */
  const deletes = new Map<number, number[]>();
  for (const v of wanted) {
    for (const name of v.add) {
      const tagId = ids.get(name);
      if (tagId !== undefined && !have.has(`${v.vmId}:${tagId}`))
        inserts.push({ tagId, objectType: VM_OBJECT_TYPE, objectId: v.vmId });
    }
    if (!ctx.overwrite.overwriteVmTags) continue;
    for (const name of v.gone) {
      const tagId = ids.get(name);
      if (tagId === undefined || !have.has(`${v.vmId}:${tagId}`)) continue;
      if (!deletes.has(tagId)) deletes.set(tagId, []);
      deletes.get(tagId)!.push(v.vmId);
    }
  }
  for (let i = 0; i < inserts.length; i += 1000)
    await tx
      .insert(taggedItems)
      .values(inserts.slice(i, i + 1000))
      .onConflictDoNothing();
  for (const [tagId, objectIds] of deletes) {
    for (let i = 0; i < objectIds.length; i += 1000)
      await tx
        .delete(taggedItems)
        .where(
          and(
            eq(taggedItems.objectType, VM_OBJECT_TYPE),
            eq(taggedItems.tagId, tagId),
            anyOf(taggedItems.objectId, objectIds.slice(i, i + 1000)),
          ),
        );
  }
}
