import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  ipAddresses,
  proxmoxEndpoints,
  proxmoxStorageVirtualDisks,
  taggedItems,
  virtualDisks,
  virtualMachines,
  vmBackups,
  vmInterfaces,
  vmSnapshots,
  vmTaskHistories,
} from '../schema';
import { insertRows, reserveIds, resetInventory } from './bulk';
import { planGuests, type PlanContext } from './guest-plan';
import { buildGuestRows, countChildren, type GuestRowContext } from './guest-rows';
import { blocksFor, endpointName } from './identifiers';
import { createClusterInfra, STORAGE_NAMES, type ClusterInfra } from './infra';
import { createClusterJobs } from './jobs';
import { resolveSeedOptions, type SeedOptions } from './options';
import { ensureSharedObjects } from './shared';

// `seedInventory` fills a synced-looking inventory of any size straight through Drizzle in bulk:
// no DAL, no change log (one change row per object would multiply the work for data nobody
// edited). Shared objects and clusters come first, then guests in fixed-size chunks, each chunk
// one transaction, then the cluster-wide jobs.

/**
 * Guests per chunk. Fixed (not tuned per driver) because chunk boundaries key the PRNG streams:
 * changing it changes the data a seed produces.
 */
export const GUESTS_PER_CHUNK = 2_000;

export interface SeedCounts {
  endpoints: number;
  nodes: number;
  storages: number;
  guests: number;
  vmInterfaces: number;
  ipAddresses: number;
  virtualDisks: number;
  backups: number;
  snapshots: number;
  tasks: number;
  backupRoutines: number;
  replications: number;
}

export interface SeedResult {
  counts: SeedCounts;
  clusters: ClusterInfra[];
  elapsedMs: number;
}

export interface SeedProgress {
  guestsDone: number;
  guestsTotal: number;
  elapsedMs: number;
}

/** Guests cluster `cluster` receives when `guests` are dealt round-robin over `clusters`. */
export function guestsInCluster(guests: number, clusters: number, cluster: number): number {
  return Math.max(0, Math.ceil((guests - cluster) / clusters));
}

async function assertNotSeeded(db: Database, names: string[]): Promise<void> {
  const existing = await db
    .select({ name: proxmoxEndpoints.name })
    .from(proxmoxEndpoints)
    .where(inArray(proxmoxEndpoints.name, names));
  if (existing.length > 0) {
    throw new Error(
      `The inventory already holds seeded endpoints (${existing.map((row) => row.name).join(', ')}); ` +
        'run again with --reset to replace it.',
    );
  }
}

async function seedChunk(
  db: Database,
  plan: PlanContext,
  rowContext: GuestRowContext,
  first: number,
  count: number,
): Promise<Omit<SeedCounts, 'endpoints' | 'nodes' | 'storages' | 'backupRoutines' | 'replications'>> {
  const plans = planGuests(plan, first, count);
  const children = countChildren(plans);
  return db.transaction(async (tx) => {
    const ids = {
      vms: await reserveIds(tx, virtualMachines, plans.length),
      nics: await reserveIds(tx, vmInterfaces, children.nics),
      ips: await reserveIds(tx, ipAddresses, children.nics),
      disks: await reserveIds(tx, virtualDisks, children.disks),
    };
    const rows = buildGuestRows(plans, ids, rowContext);
    // Parents before children: IPs first since a VM points at its primary IP (the IP's own link
    // to its interface is a plain type + id pair without a foreign key).
    await insertRows(tx, ipAddresses, rows.ipAddresses);
    await insertRows(tx, virtualMachines, rows.virtualMachines);
    await insertRows(tx, vmInterfaces, rows.vmInterfaces);
    await insertRows(tx, virtualDisks, rows.virtualDisks);
    await insertRows(tx, proxmoxStorageVirtualDisks, rows.storageLinks);
    await insertRows(tx, vmBackups, rows.backups);
    await insertRows(tx, vmSnapshots, rows.snapshots);
    await insertRows(tx, vmTaskHistories, rows.tasks);
    await insertRows(tx, taggedItems, rows.taggedItems);
    return {
      guests: rows.virtualMachines.length,
      vmInterfaces: rows.vmInterfaces.length,
      ipAddresses: rows.ipAddresses.length,
      virtualDisks: rows.virtualDisks.length,
      backups: rows.backups.length,
      snapshots: rows.snapshots.length,
      tasks: rows.tasks.length,
    };
  });
}

/**
 * Seeds `options.guests` guests over `clusters` x `nodesPerCluster` nodes. Deterministic for a
 * given (seed, now). Refuses to run twice on the same database unless `reset` is set.
 */
export async function seedInventory(
  db: Database,
  options: SeedOptions,
  onProgress?: (progress: SeedProgress) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const opts = resolveSeedOptions(options);
  if (opts.reset) await resetInventory(db);
  await assertNotSeeded(
    db,
    Array.from({ length: opts.clusters }, (_, c) => endpointName(c)),
  );

  const { shared, clusters } = await db.transaction(async (tx) => {
    const refs = await ensureSharedObjects(tx);
    const created: ClusterInfra[] = [];
    for (let c = 0; c < opts.clusters; c++)
      created.push(await createClusterInfra(tx, refs, c, opts.nodesPerCluster, opts.seed));
    return { shared: refs, clusters: created };
  });

  // Every cluster gets the same number of /16 blocks, enough for two addresses per guest.
  const blocks = blocksFor(2 * guestsInCluster(opts.guests, opts.clusters, 0));
  const rowContext: GuestRowContext = {
    clusters,
    shared,
    addressBlocks: clusters.map((_, c) => 1 + c * blocks),
    syncedAt: opts.now,
  };
  const planContext: PlanContext = {
    seed: opts.seed,
    clusters: opts.clusters,
    nodesPerCluster: opts.nodesPerCluster,
    now: opts.now,
  };
  const counts: SeedCounts = {
    endpoints: clusters.length,
    nodes: clusters.length * opts.nodesPerCluster,
    storages: clusters.length * STORAGE_NAMES.length,
    guests: 0,
    vmInterfaces: 0,
    ipAddresses: 0,
    virtualDisks: 0,
    backups: 0,
    snapshots: 0,
    tasks: 0,
    backupRoutines: 0,
    replications: 0,
  };

  const chunkCount = Math.ceil(opts.guests / GUESTS_PER_CHUNK);
  let nextChunk = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextChunk < chunkCount) {
      const first = nextChunk++ * GUESTS_PER_CHUNK;
      try {
        const done = await seedChunk(
          db,
          planContext,
          rowContext,
          first,
          Math.min(GUESTS_PER_CHUNK, opts.guests - first),
        );
        for (const [key, value] of Object.entries(done) as [keyof typeof done, number][]) counts[key] += value;
      } catch (err) {
        failed = true;
        throw err;
      }
      onProgress?.({ guestsDone: counts.guests, guestsTotal: opts.guests, elapsedMs: performance.now() - started });
    }
  };
  // allSettled: a failed chunk stops the others from starting new work, but the ones in flight
  // finish (or roll back) before the error surfaces, so callers never close a busy connection.
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(opts.concurrency, Math.max(1, chunkCount)) }, worker),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;

  await db.transaction(async (tx) => {
    for (const cluster of clusters) {
      const jobs = await createClusterJobs(
        tx,
        cluster,
        guestsInCluster(opts.guests, opts.clusters, cluster.index),
        opts.seed,
        opts.now,
      );
      counts.backupRoutines += jobs.backupRoutines;
      counts.replications += jobs.replications;
    }
  });
  // Fresh statistics now, rather than whenever autovacuum gets to it: list pages and benchmarks
  // right after a seed would otherwise be planned against empty-table estimates.
  await db.execute(sql`analyze`);
  return { counts, clusters, elapsedMs: performance.now() - started };
}
