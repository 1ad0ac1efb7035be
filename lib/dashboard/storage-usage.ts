import { optStr, parseTolerantList, pveResourceStorageSchema } from '@/lib/proxmox/schemas';

/** Only the storage name is needed to count an entry; the rest may be missing. */
const storageEntrySchema = pveResourceStorageSchema.extend({ id: optStr, node: optStr });

// Storage capacity is not inventory (Proxmox changes it every minute), so it is read live with
// the endpoint health check from `/cluster/resources?type=storage`, which lists every storage
// once per node. A shared storage is one pool of space that every node reports; a local one is
// a separate pool per node, so its figures add up.

export interface StoragePool {
  storage: string;
  type: string;
  shared: boolean;
  /** Bytes. */
  used: number;
  total: number;
  /** Nodes whose figures are included; nodes that answered `unknown` (offline) are left out. */
  nodesReporting: number;
  nodesUnknown: number;
}

/** Folds the per-node storage entries of one endpoint into one figure per storage, by name. */
export function aggregateStorage(resources: unknown): StoragePool[] {
  const pools = new Map<string, StoragePool>();
  for (const { item: r } of parseTolerantList(storageEntrySchema, resources)) {
    const storage = r.storage;
    if (!storage) continue;
    const shared = r.shared ?? false;
    const pool = pools.get(storage) ?? {
      storage,
      type: r.plugintype ?? '',
      shared,
      used: 0,
      total: 0,
      nodesReporting: 0,
      nodesUnknown: 0,
    };
    pools.set(storage, pool);
    const used = r.disk === undefined ? null : Math.trunc(r.disk);
    const total = r.maxdisk === undefined ? null : Math.trunc(r.maxdisk);
    if (r.status !== 'available' || used === null || total === null) {
      pool.nodesUnknown++;
      continue;
    }
    if (!shared || pool.nodesReporting === 0) {
      pool.used += used;
      pool.total += total;
    }
    pool.nodesReporting++;
  }
  return [...pools.values()].sort((a, b) => a.storage.localeCompare(b.storage));
}
