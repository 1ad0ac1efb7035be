import { and, eq, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { proxmoxClusters, proxmoxNodes, proxmoxStorages, virtualMachines } from '@/db/schema';
import type { VerifiedApiKey } from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { hasEnabledNetboxEndpoint } from '@/lib/netbox/push/stage';
import { runSync } from '@/lib/sync/engine';
import type { ObjectSyncType } from '@/lib/sync/scope/object-scope';
import { serializeOutcome } from './full-update';
import { backendRoute } from './http';
import { linkBackendEndpoints } from './inventory-link';

// proxbox-api's `/sync/individual/{vm,node,cluster,storage}`: the plugin's "Sync now" on one
// object, named the plugin's way (cluster_name, node, type, vmid, storage) instead of by id. The
// object's part of Proxmox is synced (a per-object run: its own stages, nothing outside it),
// then pushed into the NetBox endpoint when one is enabled; the answer lists the stages run.
// `dry_run=true` is refused here (the seed's answer has no place for a change set): the preview
// of one object is `POST /api/plugins/proxbox/sync/` with `object` and `dry_run` (docs/sync.md).

export type IndividualKind = 'vm' | 'node' | 'cluster' | 'storage';

const TYPES: Record<IndividualKind, ObjectSyncType> = {
  vm: 'virtual-machines',
  node: 'proxmox-nodes',
  cluster: 'proxmox-clusters',
  storage: 'storage',
};

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name]?.trim();
  if (!value) throw detail(400, `${name}: this parameter is required.`);
  if (value.length > 255) throw detail(400, `${name}: at most 255 characters.`);
  return value;
}

async function only(rows: { id: number; name: string }[], what: string): Promise<{ id: number; name: string }> {
  if (rows.length === 0) throw detail(404, `No ${what} in the inventory. Run a full update first if it is new.`);
  if (rows.length > 1)
    throw detail(
      409,
      `More than one ${what} (several Proxmox endpoints have it); sync it with /sync/{type}/{id} by its id.`,
    );
  return rows[0];
}

/** The inventory object the plugin's parameters name. */
async function resolve(
  kind: IndividualKind,
  values: Record<string, string | undefined>,
): Promise<{ id: number; name: string }> {
  const db = await getDb();
  const cluster = required(values, 'cluster_name');
  if (kind === 'cluster')
    return only(
      await db
        .select({ id: proxmoxClusters.id, name: proxmoxClusters.name })
        .from(proxmoxClusters)
        .where(eq(proxmoxClusters.name, cluster)),
      `Proxmox cluster "${cluster}"`,
    );
  if (kind === 'node') {
    const node = required(values, 'node');
    const rows = await db
      .select({ id: proxmoxNodes.id, name: proxmoxNodes.name })
      .from(proxmoxNodes)
      .innerJoin(proxmoxClusters, eq(proxmoxNodes.proxmoxClusterId, proxmoxClusters.id))
      .where(and(eq(proxmoxClusters.name, cluster), eq(proxmoxNodes.name, node)));
    return only(rows, `node "${node}" in cluster "${cluster}"`);
  }
  if (kind === 'storage') {
    const storage = values.storage?.trim() || required(values, 'storage_name');
    const rows = await db
      .select({ id: proxmoxStorages.id, name: proxmoxStorages.name })
      .from(proxmoxStorages)
      .innerJoin(proxmoxClusters, eq(proxmoxStorages.clusterId, proxmoxClusters.netboxClusterId))
      .where(and(eq(proxmoxClusters.name, cluster), eq(proxmoxStorages.name, storage)));
    return only(rows, `storage "${storage}" in cluster "${cluster}"`);
  }
  const vmidText = required(values, 'vmid');
  if (!/^\d{1,9}$/.test(vmidText)) throw detail(400, `vmid: "${vmidText}" is not a VM id.`);
  const type = values.type?.trim();
  if (type !== undefined && type !== '' && type !== 'qemu' && type !== 'lxc')
    throw detail(400, `type: "${type}" is not qemu or lxc.`);
  const where: SQL[] = [eq(proxmoxClusters.name, cluster), eq(virtualMachines.vmid, Number(vmidText))];
  if (type) where.push(eq(virtualMachines.guestType, type));
  const rows = await db
    .select({ id: virtualMachines.id, name: virtualMachines.name })
    .from(virtualMachines)
    .innerJoin(proxmoxClusters, eq(virtualMachines.proxmoxClusterId, proxmoxClusters.id))
    .where(and(...where));
  return only(rows, `guest ${vmidText}${type ? ` (${type})` : ''} in cluster "${cluster}"`);
}

/** Syncs the object, then pushes; the seed's answer lists what was ensured. */
export async function syncIndividual(
  kind: IndividualKind,
  values: Record<string, string | undefined>,
  key: VerifiedApiKey,
) {
  if (values.dry_run === 'true' || values.dry_run === '1') {
    throw detail(
      400,
      'dry_run is not supported by the Proxbox backend for a single object: preview it with POST /api/plugins/proxbox/sync/ {"object": {"type": "...", "id": ...}, "dry_run": true}, whose run page shows the change set.',
    );
  }
  const db = await getDb();
  await linkBackendEndpoints(db);
  const object = await resolve(kind, values);
  const requestedBy = `backend:api-key:${key.keyId}`;
  const sync = await runSync(db, { object: { type: TYPES[kind], id: object.id }, requestedBy });
  const push =
    sync.status !== 'failed' && (await hasEnabledNetboxEndpoint(db))
      ? await runSync(db, { stages: ['netbox-push'], requestedBy })
      : null;
  const stages = Object.keys(sync.counts);
  return {
    ok: sync.status === 'completed' && (push === null || push.status === 'completed'),
    dry_run: false,
    object: { type: TYPES[kind], id: object.id, name: object.name },
    dependencies: push ? [...stages, 'netbox-push'] : stages,
    sync: serializeOutcome(sync),
    push: push ? serializeOutcome(push) : null,
  };
}

/** A route of `kind`: query parameters, or (the VM's long form) path segments. */
export function individualRoute(kind: IndividualKind) {
  return backendRoute('sync', async ({ req, params, key }) => {
    const values = {
      ...Object.fromEntries(new URL(req.url).searchParams),
      ...(params.cluster
        ? { cluster_name: params.cluster, node: params.node, type: params.type, vmid: params.vmid }
        : {}),
    };
    return { status: 200, body: await syncIndividual(kind, values, key!) };
  });
}
