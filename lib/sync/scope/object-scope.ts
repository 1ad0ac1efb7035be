import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { SYNC_STAGES } from '@/db/schema/choices';
import {
  clusters,
  devices,
  proxmoxClusters,
  proxmoxEndpoints,
  proxmoxNodes,
  proxmoxStorages,
  proxmoxStorageVirtualDisks,
  virtualDisks,
  virtualMachines,
} from '@/db/schema';
import { AppError } from '@/lib/data/errors';
import type { GuestType } from '../read/proxmox-data';
import type { StageName } from '../types';

// "Sync now" on one object: which endpoint and stages
// the object needs, and the scope that limits both what the stages read from Proxmox and — above
// all — what they may update, mark stale or delete. Outside the scope a run changes nothing.

/** Registry keys of the objects that can be synced on their own. */
export const OBJECT_SYNC_TYPES = [
  'virtual-machines',
  'proxmox-nodes',
  'devices',
  'proxmox-clusters',
  'clusters',
  'storage',
] as const;
export type ObjectSyncType = (typeof OBJECT_SYNC_TYPES)[number];

/**
 * What a per-object run covers. `guests` holds the `vmid:type` keys the inventory relates to the
 * object when the run was resolved (the node's guests, the guests with a disk on the storage), so
 * that a guest migrated away from a node is still followed rather than taken for gone.
 */
export type SyncScope =
  | { kind: 'guest'; vmid: number; guestType: GuestType }
  | { kind: 'node'; node: string; guests: ReadonlySet<string> }
  | { kind: 'storage'; storage: string; guests: ReadonlySet<string> };

export interface ObjectTarget {
  endpointId: number;
  stages: StageName[];
  /** null: the whole endpoint (a cluster is a full sync of its endpoint). */
  scope: SyncScope | null;
  /** How the object is named in messages ("VM 101 (web-001)", "node pve1-node2"…). */
  label: string;
}

const GUEST_STAGES: StageName[] = [
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'vm-interfaces',
  'ip-addresses',
];
const NODE_STAGES: StageName[] = [
  'devices',
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'network-interfaces',
  'vm-interfaces',
  'ip-addresses',
];
const STORAGE_STAGES: StageName[] = ['storage', 'vm-disks', 'vm-backups'];

const LABELS: Record<ObjectSyncType, string> = {
  'virtual-machines': 'Virtual machine',
  'proxmox-nodes': 'Proxmox node',
  devices: 'Device',
  'proxmox-clusters': 'Proxmox cluster',
  clusters: 'Cluster',
  storage: 'Proxmox storage',
};

export const guestKey = (vmid: unknown, type: unknown) => `${vmid}:${type}`;

export function isObjectSyncType(type: string): type is ObjectSyncType {
  return (OBJECT_SYNC_TYPES as readonly string[]).includes(type);
}

function missing(type: ObjectSyncType, id: number): AppError {
  return new AppError('not_found', `${LABELS[type]} #${id} does not exist (it may have been deleted).`);
}

function notSynced(type: ObjectSyncType, name: string): AppError {
  return new AppError(
    'validation',
    `${LABELS[type]} "${name}" does not come from a Proxmox endpoint, so there is nothing to sync.`,
    { object: [`${LABELS[type]} "${name}" has no Proxmox identity.`] },
  );
}

async function endpointExists(db: Database, id: number): Promise<boolean> {
  const [row] = await db.select({ id: proxmoxEndpoints.id }).from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, id));
  return row !== undefined;
}

async function guestKeys(rows: Promise<{ vmid: number | null; guestType: string | null }[]>): Promise<Set<string>> {
  return new Set(
    (await rows).filter((r) => r.vmid !== null && r.guestType !== null).map((r) => guestKey(r.vmid, r.guestType)),
  );
}

async function resolveRow(
  db: Database,
  type: ObjectSyncType,
  id: number,
): Promise<{ endpointId: number | null; name: string; scope: SyncScope | null; label: string } | null> {
  switch (type) {
    case 'virtual-machines': {
      const [vm] = await db.select().from(virtualMachines).where(eq(virtualMachines.id, id));
      if (!vm) return null;
      if (vm.vmid === null || vm.guestType === null)
        return { endpointId: null, name: vm.name, scope: null, label: vm.name };
      return {
        endpointId: vm.proxmoxEndpointId,
        name: vm.name,
        scope: { kind: 'guest', vmid: vm.vmid, guestType: vm.guestType },
        label: `VM ${vm.vmid} (${vm.name})`,
      };
    }
    case 'proxmox-nodes':
    case 'devices': {
      const node =
        type === 'proxmox-nodes'
          ? (
              await db
                .select({
                  endpointId: proxmoxNodes.proxmoxEndpointId,
                  node: proxmoxNodes.name,
                  name: proxmoxNodes.name,
                })
                .from(proxmoxNodes)
                .where(eq(proxmoxNodes.id, id))
            )[0]
          : (
              await db
                .select({ endpointId: devices.proxmoxEndpointId, node: devices.proxmoxNode, name: devices.name })
                .from(devices)
                .where(eq(devices.id, id))
            )[0];
      if (!node) return null;
      const { endpointId, node: nodeName } = node;
      const name = node.name ?? nodeName ?? `#${id}`;
      if (endpointId === null || !nodeName) return { endpointId: null, name, scope: null, label: name };
      const guests = await guestKeys(
        db
          .select({ vmid: virtualMachines.vmid, guestType: virtualMachines.guestType })
          .from(virtualMachines)
          .where(and(eq(virtualMachines.proxmoxEndpointId, endpointId), eq(virtualMachines.proxmoxNode, nodeName))),
      );
      return { endpointId, name, scope: { kind: 'node', node: nodeName, guests }, label: `node ${nodeName}` };
    }
    case 'proxmox-clusters':
    case 'clusters': {
      const table = type === 'proxmox-clusters' ? proxmoxClusters : clusters;
      const [row] = await db
        .select({ endpointId: table.proxmoxEndpointId, name: table.name })
        .from(table)
        .where(eq(table.id, id));
      return row ? { endpointId: row.endpointId, name: row.name, scope: null, label: `cluster ${row.name}` } : null;
    }
    case 'storage': {
      const [row] = await db.select().from(proxmoxStorages).where(eq(proxmoxStorages.id, id));
      if (!row) return null;
      const guests = await guestKeys(
        db
          .selectDistinct({ vmid: virtualMachines.vmid, guestType: virtualMachines.guestType })
          .from(proxmoxStorageVirtualDisks)
          .innerJoin(virtualDisks, eq(virtualDisks.id, proxmoxStorageVirtualDisks.virtualDiskId))
          .innerJoin(virtualMachines, eq(virtualMachines.id, virtualDisks.virtualMachineId))
          .where(
            and(
              eq(proxmoxStorageVirtualDisks.proxmoxStorageId, row.id),
              eq(virtualMachines.proxmoxEndpointId, row.proxmoxEndpointId),
            ),
          ),
      );
      return {
        endpointId: row.proxmoxEndpointId,
        name: row.name,
        scope: { kind: 'storage', storage: row.name, guests },
        label: `storage ${row.name}`,
      };
    }
  }
}

/**
 * Resolves "sync this object" to its endpoint, stages and scope, or throws an AppError a caller
 * shows as is: an unknown type (validation), an object that does not exist (not_found), or one
 * without a Proxmox identity — created by hand, or its endpoint deleted (validation).
 */
export async function resolveObjectTarget(db: Database, object: { type: string; id: number }): Promise<ObjectTarget> {
  if (!isObjectSyncType(object.type)) {
    throw new AppError(
      'validation',
      `Objects of type "${object.type}" cannot be synced on their own; use one of: ${OBJECT_SYNC_TYPES.join(', ')}.`,
      { type: [`Unknown object type "${object.type}".`] },
    );
  }
  if (!Number.isSafeInteger(object.id) || object.id <= 0) throw missing(object.type, object.id);
  const found = await resolveRow(db, object.type, object.id);
  if (!found) throw missing(object.type, object.id);
  if (found.endpointId === null || !(await endpointExists(db, found.endpointId)))
    throw notSynced(object.type, found.name);
  // A cluster's run is the full Proxmox sync of its endpoint; the NetBox push is not part of it.
  const stages =
    found.scope === null
      ? SYNC_STAGES.filter((s) => s !== 'netbox-push')
      : found.scope.kind === 'guest'
        ? GUEST_STAGES
        : found.scope.kind === 'node'
          ? NODE_STAGES
          : STORAGE_STAGES;
  return { endpointId: found.endpointId, stages: [...stages], scope: found.scope, label: found.label };
}

/**
 * Whether a record (a detail page's DTO) came from Proxmox and so can be synced on its own: a VM
 * with its vmid, a device that mirrors a node, anything else with its endpoint.
 */
export function hasProxmoxIdentity(type: string, record: Record<string, unknown>): boolean {
  if (!isObjectSyncType(type) || record.proxmoxEndpointId === null || record.proxmoxEndpointId === undefined)
    return false;
  if (type === 'virtual-machines') return typeof record.vmid === 'number';
  if (type === 'devices') return typeof record.proxmoxNode === 'string' && record.proxmoxNode !== '';
  return true;
}

// What a stage may touch under a scope. No scope (a full, endpoint or stage run) covers everything.

type Scope = SyncScope | null | undefined;

/** A guest and what hangs off it (VM row, disks, interfaces, addresses, snapshots). */
export function coversGuest(
  scope: Scope,
  g: { vmid: number | null; type: string | null; node: string | null },
): boolean {
  if (!scope) return true;
  if (scope.kind === 'guest') return g.vmid === scope.vmid && g.type === scope.guestType;
  if (scope.kind === 'node' && g.node === scope.node) return true;
  return scope.guests.has(guestKey(g.vmid, g.type));
}

/** A node's own objects: its ProxmoxNode and Device rows, its interfaces and their addresses. */
export function coversNode(scope: Scope, node: string | null): boolean {
  return !scope || (scope.kind === 'node' && scope.node === node);
}

/** A storage definition (the ProxmoxStorage row). */
export function coversStorage(scope: Scope, storage: string | null): boolean {
  return !scope || (scope.kind === 'storage' && scope.storage === storage);
}

/**
 * A backup volume: the guest's own backups, every backup on the storage, or the backups of a
 * node's guests (`nodeVmids`, see scopeVmids).
 */
export function coversBackup(
  scope: Scope,
  b: { storage: string | null; vmid: number | null },
  nodeVmids?: ReadonlySet<number>,
): boolean {
  if (!scope) return true;
  if (scope.kind === 'guest') return b.vmid === scope.vmid;
  if (scope.kind === 'storage') return b.storage === scope.storage;
  return b.vmid !== null && nodeVmids !== undefined && nodeVmids.has(b.vmid);
}

/** The vmids of a node's guests: those listed on it now, and those the inventory has on it. */
export function scopeVmids(scope: Scope, listed: { vmid: number; type: string; node: string }[]): Set<number> {
  const vmids = new Set(listed.filter((g) => coversGuest(scope, g)).map((g) => g.vmid));
  if (scope && scope.kind !== 'guest') for (const key of scope.guests) vmids.add(Number(key.split(':')[0]));
  return vmids;
}

/** A task: one of the guest's, or any task of the node. */
export function coversTask(scope: Scope, t: { node: string; id: string }): boolean {
  if (!scope) return true;
  if (scope.kind === 'guest') return t.id === String(scope.vmid);
  if (scope.kind === 'node') return t.node === scope.node;
  return false;
}

/** The task lists to read: which nodes, and the `vmid` filter Proxmox applies for one guest. */
export function taskListings(scope: Scope, nodes: string[]): { nodes: string[]; vmid?: number } {
  if (!scope) return { nodes };
  if (scope.kind === 'guest') return { nodes, vmid: scope.vmid };
  if (scope.kind === 'node') return { nodes: nodes.filter((n) => n === scope.node) };
  return { nodes: [] };
}

/**
 * The backup listings to read (storage × node), with the `vmid` filter for one guest. A node's
 * guests may have backups on any node's local storage, and backup rows do not say which node
 * they were listed on, so a node's run reads every listing (and keeps its guests' volumes only).
 */
export function backupListings<T extends { storage: string }>(scope: Scope, plan: T[]): { plan: T[]; vmid?: number } {
  if (!scope) return { plan };
  if (scope.kind === 'guest') return { plan, vmid: scope.vmid };
  if (scope.kind === 'storage') return { plan: plan.filter((p) => p.storage === scope.storage) };
  return { plan };
}
