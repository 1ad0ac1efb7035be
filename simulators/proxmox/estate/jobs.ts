// Cluster-wide job definitions: storage replication (ZFS guests only, as in real PVE), vzdump
// backup jobs (`jobs.cfg`) and resource pools.
import { rng } from '../prng';
import type { BackupJob, Guest, Pool, ReplicationJob } from './types';

/** True when the guest has a disk on `local-zfs` – the only storage here that can replicate. */
function onZfs(g: Guest): boolean {
  const volumes = g.type === 'qemu' ? g.disks.map((d) => d.file) : g.volumes.map((v) => v.volume);
  return volumes.some((v) => v.startsWith('local-zfs:'));
}

const REPLICATION_ERRORS = [
  "command 'set -o pipefail && pvesm export local-zfs:vm-{vmid}-disk-0 zfs - -with-snapshots 1' failed: exit code 255",
  'no tunnel IP received',
] as const;

/** Replication jobs `<vmid>-0` targeting the next node; a few failing or disabled. */
export function buildReplication(
  seed: number,
  clusterIndex: number,
  guests: Guest[],
  nodes: string[],
  now: number,
): ReplicationJob[] {
  if (nodes.length < 2) return [];
  const jobs: ReplicationJob[] = [];
  for (const g of guests) {
    const r = rng(seed, 'replication', clusterIndex, g.vmid);
    if (g.template || !onZfs(g) || !r.chance(0.7)) continue;
    const target = nodes[(nodes.indexOf(g.node) + 1) % nodes.length];
    const lastSync = now - r.int(60, 900);
    const job: ReplicationJob = {
      id: `${g.vmid}-0`,
      guest: g.vmid,
      jobnum: 0,
      target,
      lastSync,
      lastTry: lastSync,
      duration: Math.round((1 + r.next() * 12) * 1e6) / 1e6,
      failCount: 0,
    };
    if (r.chance(0.5)) job.schedule = r.pick(['*/30', '*/5', '22:30']);
    if (r.chance(0.2)) job.rate = 50;
    if (r.chance(0.1)) job.comment = 'DR copy';
    if (r.chance(0.05)) job.disable = true;
    else if (r.chance(0.08)) {
      job.failCount = r.int(1, 4);
      job.lastTry = now - r.int(60, 600);
      job.lastSync = now - r.int(2, 20) * 3600;
      job.error = r.pick(REPLICATION_ERRORS).replace('{vmid}', String(g.vmid));
    }
    jobs.push(job);
  }
  return jobs;
}

/** vzdump jobs: everything to PBS nightly, a vmid list to `local` weekly, a pool job, a disabled one. */
export function buildBackupJobs(seed: number, clusterIndex: number, guests: Guest[]): BackupJob[] {
  const r = rng(seed, 'backup-jobs', clusterIndex);
  const id = () => `backup-${r.hex(4)}-${r.hex(2)}`;
  const vmids = guests.filter((g) => !g.template).map((g) => g.vmid);
  const templates = guests.filter((g) => g.template).map((g) => g.vmid);
  const jobs: BackupJob[] = [
    {
      id: id(),
      schedule: '21:00',
      enabled: true,
      storage: 'pbs',
      mode: 'snapshot',
      all: true,
      exclude: templates.length ? templates : undefined,
      notesTemplate: '{{guestname}}',
      mailnotification: 'failure',
    },
    {
      id: id(),
      schedule: 'sat 02:00',
      enabled: true,
      storage: 'local',
      mode: 'snapshot',
      compress: 'zstd',
      vmid: vmids.slice(0, 5),
      notesTemplate: '{{guestname}}',
      comment: 'weekly local copies',
    },
    { id: id(), schedule: 'mon..fri 12:30', enabled: true, storage: 'pbs', mode: 'snapshot', pool: 'production' },
    {
      id: id(),
      schedule: 'sun 03:00',
      enabled: false,
      storage: 'local',
      mode: 'stop',
      compress: 'zstd',
      vmid: vmids.slice(-3),
      mailnotification: 'always',
    },
  ];
  return jobs;
}

/** Resource pools the generated guests use. */
export function buildPools(): Pool[] {
  return [{ poolid: 'production', comment: 'Production workloads' }, { poolid: 'staging' }];
}
