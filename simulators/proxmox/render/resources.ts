// GET /cluster/resources[?type=vm|storage|node|sdn].
import type { EstateCluster, EstateNode, StorageDef } from '../estate/types';
import { enumParam, type ApiResult, type RequestContext } from './context';
import { guestResource } from './guest-stats';
import { storageFigures } from './storage';

function nodeResource(n: EstateNode): Record<string, unknown> {
  const base = { id: `node/${n.name}`, type: 'node', node: n.name, level: n.level };
  if (!n.online) return { ...base, status: 'offline' };
  return {
    ...base,
    status: 'online',
    uptime: n.uptime,
    cpu: n.cpuLoad,
    maxcpu: n.cpus,
    mem: n.memUsed,
    maxmem: n.memTotal,
    disk: n.rootUsed,
    maxdisk: n.rootTotal,
    'cgroup-mode': 2,
  };
}

function storageResource(cluster: EstateCluster, n: EstateNode, s: StorageDef): Record<string, unknown> {
  const base = {
    id: `storage/${n.name}/${s.id}`,
    type: 'storage',
    storage: s.id,
    node: n.name,
    plugintype: s.type,
    shared: s.shared ? 1 : 0,
    content: s.content.join(','),
  };
  if (!n.online) return { ...base, status: 'unknown' };
  const f = storageFigures(cluster, n, s);
  return { ...base, status: 'available', disk: f.used, maxdisk: f.total };
}

function sdnResources(ctx: RequestContext, n: EstateNode): Record<string, unknown>[] {
  if (ctx.profile.version === '7.4') return [];
  const status = n.online ? 'ok' : 'unknown';
  const out: Record<string, unknown>[] = [
    { id: `sdn/${n.name}/localnetwork`, type: 'sdn', sdn: 'localnetwork', node: n.name, status },
  ];
  if (ctx.profile.networkResources) {
    out.push({
      id: `network/${n.name}/zone/localnetwork`,
      type: 'network',
      network: 'localnetwork',
      'network-type': 'zone',
      'zone-type': 'local',
      node: n.name,
      status,
    });
  }
  return out;
}

/**
 * Guests, nodes, storages (one entry per node, shared ones included), pools and SDN zones.
 * Guests on an offline node keep only id/vmid/node/type/status "unknown" (+ tags/lock/pool).
 */
export function getResources(ctx: RequestContext): ApiResult {
  const type = enumParam(ctx, 'type', ['vm', 'storage', 'node', 'sdn'] as const);
  const { cluster, profile } = ctx;
  const online = new Map(cluster.nodes.map((n) => [n.name, n.online]));
  const out: Record<string, unknown>[] = [];
  if (!type || type === 'vm') {
    for (const g of cluster.guests) out.push(guestResource(g, profile, online.get(g.node) === false));
  }
  if (!type || type === 'node') for (const n of cluster.nodes) out.push(nodeResource(n));
  if (!type || type === 'storage') {
    for (const n of cluster.nodes) for (const s of cluster.storages) out.push(storageResource(cluster, n, s));
  }
  if (!type) for (const p of cluster.pools) out.push({ id: `/pool/${p.poolid}`, type: 'pool', pool: p.poolid });
  if (!type || type === 'sdn') for (const n of cluster.nodes) out.push(...sdnResources(ctx, n));
  return { data: out };
}
