// Concrete requests for every simulated endpoint, derived from the live estate: each path template
// of the brief, with every guest's config/status/snapshots so the whole variety is validated.
import type { Simulator } from '@/simulators/proxmox';

/** A request to validate and the schema path it answers to. */
export interface Sample {
  template: string;
  url: string;
  /** Cluster index to ask. */
  cluster: number;
}

/** All samples for a simulator whose cluster 0 is a cluster and cluster 1 a standalone node. */
export function buildSamples(sim: Simulator): Sample[] {
  const out: Sample[] = [];
  const add = (template: string, url: string, cluster = 0) => out.push({ template, url, cluster });
  const c = sim.estate.clusters[0];
  for (const url of [
    '/version',
    '/cluster/status',
    '/cluster/resources',
    '/cluster/resources?type=vm',
    '/cluster/resources?type=storage',
    '/cluster/resources?type=node',
    '/cluster/resources?type=sdn',
    '/cluster/tasks',
    '/cluster/replication',
    '/cluster/backup',
    '/nodes',
    '/storage',
    '/pools',
    '/pools?poolid=production',
  ]) {
    add(url.split('?')[0], url);
  }
  add('/cluster/status', '/cluster/status', 1);
  add('/cluster/resources', '/cluster/resources', 1);
  add('/cluster/replication/{id}', `/cluster/replication/${c.replication[0].id}`);
  add('/cluster/backup/{id}', `/cluster/backup/${c.backupJobs[0].id}`);
  add('/storage/{storage}', '/storage/pbs');
  for (const n of c.nodes) {
    for (const tail of [
      'status',
      'version',
      'network',
      'network?type=bridge',
      'qemu',
      'qemu?full=1',
      'lxc',
      'storage',
      'storage?content=backup',
      'tasks',
      'tasks?limit=500&source=all',
      'replication',
    ]) {
      add(`/nodes/{node}/${tail.split('?')[0]}`, `/nodes/${n.name}/${tail}`);
    }
    for (const i of n.network) add('/nodes/{node}/network/{iface}', `/nodes/${n.name}/network/${i.iface}`);
    for (const s of c.storages) {
      add('/nodes/{node}/storage/{storage}/status', `/nodes/${n.name}/storage/${s.id}/status`);
      add('/nodes/{node}/storage/{storage}/content', `/nodes/${n.name}/storage/${s.id}/content`);
    }
    add(
      '/nodes/{node}/storage/{storage}/content',
      `/nodes/${n.name}/storage/pbs/content?content=backup&vmid=${c.guests[0].vmid}`,
    );
    for (const t of n.tasks.slice(0, 3)) {
      add('/nodes/{node}/tasks/{upid}/status', `/nodes/${n.name}/tasks/${encodeURIComponent(t.upid)}/status`);
      add('/nodes/{node}/tasks/{upid}/log', `/nodes/${n.name}/tasks/${t.upid}/log`);
    }
  }
  for (const g of c.guests) {
    const base = `/nodes/${g.node}/${g.type}/${g.vmid}`;
    add(`/nodes/{node}/${g.type}/{vmid}/status/current`, `${base}/status/current`);
    add(`/nodes/{node}/${g.type}/{vmid}/config`, `${base}/config`);
    add(`/nodes/{node}/${g.type}/{vmid}/snapshot`, `${base}/snapshot`);
    if (g.snapshots[0]) add(`/nodes/{node}/${g.type}/{vmid}/config`, `${base}/config?snapshot=${g.snapshots[0].name}`);
    if (g.type === 'qemu' && g.status === 'running' && g.agent?.enabled && g.agent.responding) {
      for (const cmd of ['network-get-interfaces', 'get-host-name', 'get-osinfo'])
        add(`/nodes/{node}/qemu/{vmid}/agent/${cmd}`, `${base}/agent/${cmd}`);
    }
    if (g.type === 'lxc' && g.status === 'running' && sim.estate.clusters[0].version !== '7.4')
      add('/nodes/{node}/lxc/{vmid}/interfaces', `${base}/interfaces`);
  }
  return out;
}
