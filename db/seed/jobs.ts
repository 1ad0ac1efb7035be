import { and, asc, eq, lte } from 'drizzle-orm';
import type { Database } from '../client';
import { backupRoutines, replications, virtualMachines } from '../schema';
import { FIRST_VMID } from './identifiers';
import type { ClusterInfra } from './infra';
import { createRng } from './random';

// Cluster-wide jobs: three vzdump routines and up to three replications per endpoint. They run
// after the guests, because a replication links to its guest's VM row.

const DAY_MS = 86_400_000;
const REPLICATED_GUESTS = 3;

function jobId(rng: ReturnType<typeof createRng>): string {
  return `backup-${rng.hex(8)}-${rng.hex(4)}`;
}

/** Proxmox's comma-separated vmid list; null (= every guest) for an empty cluster. */
const vmidList = (vmids: number[]): string | null => (vmids.length > 0 ? vmids.join(',') : null);

/** The vmids of the first `count` guests of a cluster holding `guests` guests. */
function firstVmids(guests: number, count: number): number[] {
  return Array.from({ length: Math.min(guests, count) }, (_, i) => FIRST_VMID + i);
}

async function createBackupRoutines(
  db: Database,
  cluster: ClusterInfra,
  guests: number,
  seed: number,
  now: Date,
): Promise<number> {
  const rng = createRng(seed, 'backup-routines', cluster.index);
  const weekly = firstVmids(guests, 10);
  const critical = firstVmids(guests, 3);
  const nextRun = (hours: number) => new Date(now.getTime() + DAY_MS + hours * 3_600_000);
  const base = { proxmoxEndpointId: cluster.endpointId, status: 'active' as const };
  const rows = [
    {
      ...base,
      jobId: jobId(rng),
      name: 'Nightly to PBS',
      schedule: '02:30',
      nextRun: nextRun(2.5),
      storageId: cluster.storageIds.pbs,
      comment: 'All guests, every night',
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 6,
      rawConfig: { type: 'vzdump', schedule: '02:30', storage: 'pbs', all: 1, mode: 'snapshot' },
    },
    {
      ...base,
      jobId: jobId(rng),
      name: 'Weekly local archive',
      schedule: 'sun 01:00',
      nextRun: nextRun(1),
      storageId: cluster.storageIds.local,
      vmid: vmidList(weekly),
      selection: weekly,
      keepLast: 2,
      zstd: 2,
      rawConfig: {
        type: 'vzdump',
        schedule: 'sun 01:00',
        storage: 'local',
        vmid: vmidList(weekly),
        mode: 'snapshot',
        compress: 'zstd',
      },
    },
    {
      ...base,
      jobId: jobId(rng),
      name: 'Critical hourly (paused)',
      enabled: false,
      schedule: 'hourly',
      storageId: cluster.storageIds.nfs,
      vmid: vmidList(critical),
      selection: critical,
      keepLast: 24,
      rawConfig: { type: 'vzdump', schedule: 'hourly', storage: 'nfs', vmid: vmidList(critical), enabled: 0 },
    },
  ];
  await db.insert(backupRoutines).values(rows);
  return rows.length;
}

/** Replicates the cluster's first QEMU guests to the next node; a one-node cluster has none. */
async function createReplications(db: Database, cluster: ClusterInfra): Promise<number> {
  if (cluster.nodes.length < 2) return 0;
  const guests = await db
    .select({ id: virtualMachines.id, vmid: virtualMachines.vmid, node: virtualMachines.proxmoxNode })
    .from(virtualMachines)
    .where(
      and(
        eq(virtualMachines.proxmoxClusterId, cluster.proxmoxClusterId),
        eq(virtualMachines.guestType, 'qemu'),
        lte(virtualMachines.vmid, FIRST_VMID + 50),
      ),
    )
    .orderBy(asc(virtualMachines.vmid))
    .limit(REPLICATED_GUESTS);
  if (guests.length === 0) return 0;
  const rows = guests.map((guest, i) => {
    const source = cluster.nodes.findIndex((node) => node.name === guest.node);
    const target = cluster.nodes[(source + 1) % cluster.nodes.length];
    return {
      proxmoxEndpointId: cluster.endpointId,
      replicationId: `${guest.vmid}-0`,
      name: `${guest.vmid}-0`,
      vmid: String(guest.vmid),
      guest: guest.vmid,
      virtualMachineId: guest.id,
      proxmoxNodeId: target.proxmoxNodeId,
      target: target.name,
      source: guest.node,
      jobnum: 0,
      schedule: i === 0 ? '*/15' : '*/30',
      rate: i === 0 ? 100 : null,
      comment: `Replica of ${guest.vmid} on ${target.name}`,
      rawConfig: { id: `${guest.vmid}-0`, type: 'local', target: target.name, schedule: i === 0 ? '*/15' : '*/30' },
    };
  });
  await db.insert(replications).values(rows);
  return rows.length;
}

/** Backup routines and replications of one cluster; returns how many of each were written. */
export async function createClusterJobs(
  db: Database,
  cluster: ClusterInfra,
  guests: number,
  seed: number,
  now: Date,
): Promise<{ backupRoutines: number; replications: number }> {
  return {
    backupRoutines: await createBackupRoutines(db, cluster, guests, seed, now),
    replications: await createReplications(db, cluster),
  };
}
