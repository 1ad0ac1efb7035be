import type { EndpointFetcher } from './fetch';
import { readVmBasics } from '../map/vm';
import { coversGuest, coversNode, taskListings, type SyncScope } from '../scope/object-scope';
import type { StageName } from '../types';

const DAY_MS = 86_400_000;

/**
 * Queues every request the chosen stages will make, in stage order, before the stages run. The
 * client serves its bounded queue first-in first-out, so Proxmox requests keep flowing while a
 * stage writes to the database, instead of stopping between stages. Results are memoized in the
 * fetcher; failures surface when a stage reads them. A per-object run (`scope`) asks only for
 * what its stages read: one guest's config, not every guest's. `hostNames`: whether every
 * guest's agent host name will be needed (overwrite_ip_address_dns_name on).
 */
export async function prefetch(
  fetcher: EndpointFetcher,
  stages: StageName[],
  taskHistoryDays: number,
  now: Date,
  scope?: SyncScope | null,
  hostNames = true,
): Promise<void> {
  const want = new Set(stages);
  const [topology, guests] = await Promise.all([
    fetcher.topology(),
    fetcher.guests(),
    !scope || want.has('devices') ? fetcher.version() : null,
    !scope || want.has('storage') || want.has('vm-backups') ? fetcher.storages() : null,
  ]);
  const nodes = topology.ok ? topology.value.nodes : [];
  const readable = guests.ok ? guests.value.filter((g) => !g.degraded && coversGuest(scope, g)) : [];
  const needsConfig = ['virtual-machines', 'vm-disks', 'vm-interfaces', 'ip-addresses', 'vm-snapshots'].some((s) =>
    want.has(s as StageName),
  );
  const configs = needsConfig ? readable.map((g) => ({ g, config: fetcher.config(g) })) : [];
  // Parsed as each config arrives, while the loop waits for the next ones.
  if (['vm-disks', 'vm-interfaces', 'ip-addresses'].some((s) => want.has(s as StageName)))
    for (const g of readable) void fetcher.parsedConfig(g);
  if (want.has('task-history')) {
    const lists = taskListings(
      scope,
      nodes.map((n) => n.name),
    );
    for (const node of lists.nodes)
      void fetcher.tasks(node, new Date(now.getTime() - taskHistoryDays * DAY_MS), lists.vmid);
  }
  if (want.has('vm-snapshots')) {
    // Every guest's list: no key of the config or of /cluster/resources tells reliably which
    // guests have snapshots (see stages/vm-snapshots.ts).
    for (const g of readable) void fetcher.snapshots(g);
  }
  if (want.has('network-interfaces') || want.has('ip-addresses'))
    for (const n of nodes) if (coversNode(scope, n.name)) void fetcher.network(n.name);
  if (want.has('replications')) void fetcher.replications();
  if (want.has('backup-routines')) void fetcher.backupJobs();
  if (want.has('ip-addresses')) {
    for (const { g, config } of configs) {
      if (g.status !== 'running') continue;
      void config.then((c) => {
        if (!c.ok || !(g.type === 'lxc' || readVmBasics(g, c.value).qemuAgent)) return;
        // The host name names addresses: asked only of an agent that reported some (when
        // `hostNames` is off, the stage asks for the few guests whose addresses are new).
        void fetcher.addresses(g).then((a) => {
          if (hostNames && g.type === 'qemu' && a.ok && a.value.some((i) => i.addresses.length > 0))
            void fetcher.hostName(g);
        });
      });
    }
  }
}
