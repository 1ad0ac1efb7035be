import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import {
  clusterTypes,
  deviceRoles,
  deviceTypes,
  manufacturers,
  proxboxPluginSettings,
  tags,
  virtualMachineTypes,
} from '../schema';

// Objects every seeded cluster shares. They may already exist (made by a sync or by hand), so
// each is fetched or created, never duplicated: the insert skips on the unique index and the
// select then finds the existing row.

export interface SharedRefs {
  manufacturerId: number;
  deviceTypeId: number;
  nodeRoleId: number;
  clusterTypeId: number;
  vmTypeIds: Record<'qemu' | 'lxc', number>;
  proxboxTagId: number;
}

async function ensureRow(
  insert: () => Promise<{ id: number }[]>,
  find: () => Promise<{ id: number }[]>,
): Promise<number> {
  const [created] = await insert();
  if (created) return created.id;
  const [existing] = await find();
  if (!existing) throw new Error('seed: a shared object was neither inserted nor found');
  return existing.id;
}

/** The Proxmox manufacturer, device type, node role, cluster type, VM types, Proxbox tag and settings. */
export async function ensureSharedObjects(db: Database): Promise<SharedRefs> {
  const manufacturerId = await ensureRow(
    () =>
      db
        .insert(manufacturers)
        .values({ name: 'Proxmox', slug: 'proxmox' })
        .onConflictDoNothing()
        .returning({ id: manufacturers.id }),
    () => db.select({ id: manufacturers.id }).from(manufacturers).where(eq(manufacturers.slug, 'proxmox')),
  );
  const deviceTypeId = await ensureRow(
    () =>
      db
        .insert(deviceTypes)
        .values({ manufacturerId, model: 'Proxmox Generic Device', slug: 'proxmox-generic-device' })
        .onConflictDoNothing()
        .returning({ id: deviceTypes.id }),
    () =>
      db
        .select({ id: deviceTypes.id })
        .from(deviceTypes)
        .where(and(eq(deviceTypes.manufacturerId, manufacturerId), eq(deviceTypes.slug, 'proxmox-generic-device'))),
  );
  const nodeRoleId = await ensureRow(
    () =>
      db
        .insert(deviceRoles)
        .values({ name: 'Proxmox Node', slug: 'proxmox-node', color: '00bcd4', vmRole: false })
        .onConflictDoNothing()
        .returning({ id: deviceRoles.id }),
    () =>
      db
        .select({ id: deviceRoles.id })
        .from(deviceRoles)
        .where(and(eq(deviceRoles.slug, 'proxmox-node'), isNull(deviceRoles.parentId))),
  );
  const clusterTypeId = await ensureRow(
    () =>
      db
        .insert(clusterTypes)
        .values({ name: 'Proxmox cluster', slug: 'proxmox-cluster', description: 'Proxmox cluster mode' })
        .onConflictDoNothing()
        .returning({ id: clusterTypes.id }),
    () => db.select({ id: clusterTypes.id }).from(clusterTypes).where(eq(clusterTypes.slug, 'proxmox-cluster')),
  );
  const vmType = (name: string, slug: string) =>
    ensureRow(
      () =>
        db
          .insert(virtualMachineTypes)
          .values({ name, slug })
          .onConflictDoNothing()
          .returning({ id: virtualMachineTypes.id }),
      () =>
        db.select({ id: virtualMachineTypes.id }).from(virtualMachineTypes).where(eq(virtualMachineTypes.slug, slug)),
    );
  const vmTypeIds = {
    qemu: await vmType('QEMU Virtual Machine', 'qemu-virtual-machine'),
    lxc: await vmType('LXC Container', 'lxc-container'),
  };
  const proxboxTagId = await ensureRow(
    () =>
      db
        .insert(tags)
        .values({
          name: 'Proxbox',
          slug: 'proxbox',
          color: 'ff5722',
          description: 'Proxbox Identifier (used to identify the items the plugin created)',
        })
        .onConflictDoNothing()
        .returning({ id: tags.id }),
    () => db.select({ id: tags.id }).from(tags).where(eq(tags.slug, 'proxbox')),
  );
  // The settings singleton keeps its values when present: the seed only makes sure it exists.
  await db.insert(proxboxPluginSettings).values({}).onConflictDoNothing();
  return { manufacturerId, deviceTypeId, nodeRoleId, clusterTypeId, vmTypeIds, proxboxTagId };
}
