import { eq } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import { devices, interfaces } from '@/db/schema';
import type { INTERFACE_TYPE } from '@/db/schema/choices';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { coversNode } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import type { NodeNetwork } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { taggedWith } from './owned';
import { tagId } from './scope';

const STAGE = 'network-interfaces' as const;

/** Proxmox interface types → NetBox dcim.Interface types (reference 1.3). */
export function interfaceType(type: string): (typeof INTERFACE_TYPE)[number] {
  if (type === 'bridge' || type === 'OVSBridge') return 'bridge';
  if (type === 'bond' || type === 'OVSBond') return 'lag';
  if (type === 'vlan' || type === 'OVSIntPort' || type === 'vnet' || type === 'alias') return 'virtual';
  if (type === 'loopback') return 'loopback';
  return 'other';
}

export function mapNodeInterface(n: NodeNetwork, deviceId: number): typeof interfaces.$inferInsert {
  return {
    deviceId,
    name: n.iface.slice(0, 64),
    type: interfaceType(n.type),
    enabled: n.active,
    mtu: n.mtu,
    description: n.comments.slice(0, 200),
  };
}

/** Stage `network-interfaces`: node NICs, bridges and bonds as interfaces of the node's device. */
export async function syncNodeInterfaces(ctx: SyncContext): Promise<void> {
  const topology = await ctx.fetcher.topology();
  if (!topology.ok) return recordIssue(ctx, STAGE, 'cluster status', topology.error);
  const lists = await Promise.all(
    topology.value.nodes
      .filter((n) => coversNode(ctx.scope, n.name))
      .map(async (n) => ({ node: n.name, fetched: await ctx.fetcher.network(n.name) })),
  );
  await ctx.db.transaction(async (tx) => {
    const deviceRows = (
      await tx
        .select({ id: devices.id, node: devices.proxmoxNode })
        .from(devices)
        .where(eq(devices.proxmoxEndpointId, ctx.endpoint.id))
    ).filter((d) => coversNode(ctx.scope, d.node));
    const deviceByNode = new Map(deviceRows.map((d) => [d.node, d.id]));
    const readDevices = new Set<number>();
    const desired: (typeof interfaces.$inferInsert)[] = [];
    for (const { node, fetched } of lists) {
      const deviceId = deviceByNode.get(node);
      if (deviceId === undefined) continue;
      if (!fetched.ok) {
        recordIssue(ctx, STAGE, `node ${node}`, fetched.error);
        continue;
      }
      readDevices.add(deviceId);
      desired.push(...fetched.value.map((n) => mapNodeInterface(n, deviceId)));
    }
    const ids = deviceRows.map((d) => d.id);
    const existing = ids.length ? await tx.select().from(interfaces).where(anyOf(interfaces.deviceId, ids)) : [];
    const proxbox = await tagId(tx, 'proxbox');
    const owned = await taggedWith(
      tx,
      proxbox,
      'dcim.interface',
      existing.map((r) => r.id),
    );
    const updatable: (keyof typeof interfaces.$inferInsert)[] = ['type', 'enabled', 'mtu', 'description'];
    const result = await applyPlan(
      tx,
      ctx,
      getModel('interfaces')!,
      await reconcile({
        existing,
        desired,
        key: (r) => `${r.deviceId}:${r.name}`,
        updatable,
        removable: (r) => readDevices.has(r.deviceId) && owned.has(r.id),
      }),
      { removal: 'delete', tagIds: proxbox ? [proxbox] : [], retag: ctx.overwrite.overwriteNodeInterfaceTags },
    );
    addCounts(ctx, STAGE, result);
  });
}
