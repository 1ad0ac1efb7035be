import type { EndpointFetcher } from './fetch';
import { readVmBasics } from './map/vm';
import type { StageName } from './types';

const DAY_MS = 86_400_000;

/**
 * Queues every request the chosen stages will make, in stage order, before the stages run. The
 * client serves its bounded queue first-in first-out, so Proxmox requests keep flowing while a
 * stage writes to the database, instead of stopping between stages. Results are memoized in the
 * fetcher; failures surface when a stage reads them.
 */
export async function prefetch(fetcher: EndpointFetcher, stages: StageName[], taskHistoryDays: number, now: Date): Promise<void> {
  const want = new Set(stages);
  const [topology, guests] = await Promise.all([fetcher.topology(), fetcher.guests(), fetcher.version(), fetcher.storages()]);
  const nodes = topology.ok ? topology.value.nodes : [];
  const readable = guests.ok ? guests.value.filter((g) => !g.degraded) : [];
  const needsConfig = ['virtual-machines', 'vm-disks', 'vm-interfaces', 'ip-addresses', 'vm-snapshots'].some((s) => want.has(s as StageName));
  const configs = needsConfig ? readable.map((g) => ({ g, config: fetcher.config(g) })) : [];
  if (want.has('task-history')) for (const n of nodes) void fetcher.tasks(n.name, new Date(now.getTime() - taskHistoryDays * DAY_MS));
  if (want.has('vm-snapshots')) {
    // Only guests whose config names a `parent` have snapshots (see stages/vm-snapshots.ts).
    for (const g of readable) {
      void fetcher.config(g).then((c) => {
        if (c.ok && c.value.parent !== undefined) void fetcher.snapshots(g);
      });
    }
  }
  if (want.has('network-interfaces') || want.has('ip-addresses')) for (const n of nodes) void fetcher.network(n.name);
  if (want.has('replications')) void fetcher.replications();
  if (want.has('backup-routines')) void fetcher.backupJobs();
  if (want.has('ip-addresses')) {
    for (const { g, config } of configs) {
      if (g.status !== 'running') continue;
      void config.then((c) => {
        if (c.ok && (g.type === 'lxc' || readVmBasics(g, c.value).qemuAgent)) void fetcher.addresses(g);
      });
    }
  }
}
