// `/version`, `/cluster/status`, `/pools`, `/nodes`, `/nodes/{node}/version`.
import { bit, pathNode, type ApiResult, type RequestContext } from './context';

/** GET /version and /nodes/{node}/version – the same `version_info()` object. */
export function getVersion(ctx: RequestContext): ApiResult {
  return { data: { ...ctx.profile.versionInfo } };
}

/**
 * GET /cluster/status: a `cluster` entry plus one entry per node. A standalone node has no
 * cluster entry and `nodeid: 0`. The first node is the one "answering" (`local: 1`).
 */
export function getClusterStatus(ctx: RequestContext): ApiResult {
  const { cluster } = ctx;
  const nodes = cluster.nodes.map((n, i) => ({
    type: 'node',
    id: `node/${n.name}`,
    name: n.name,
    nodeid: n.nodeid,
    ip: n.ip,
    online: bit(n.online),
    local: bit(i === 0),
    level: n.level,
  }));
  if (cluster.standalone) return { data: nodes };
  const online = cluster.nodes.filter((n) => n.online).length;
  const entry = {
    type: 'cluster',
    id: 'cluster',
    name: cluster.name,
    nodes: cluster.nodes.length,
    quorate: bit(online * 2 > cluster.nodes.length),
    version: cluster.configVersion,
  };
  return { data: [entry, ...nodes] };
}

/** GET /nodes: online nodes with figures; offline ones with identity fields only. */
export function getNodes(ctx: RequestContext): ApiResult {
  return {
    data: ctx.cluster.nodes.map((n) => {
      const base = { node: n.name, id: `node/${n.name}`, type: 'node', ssl_fingerprint: n.sslFingerprint };
      if (!n.online) return { ...base, status: 'offline' };
      return {
        ...base,
        status: 'online',
        level: n.level,
        uptime: n.uptime,
        cpu: n.cpuLoad,
        maxcpu: n.cpus,
        mem: n.memUsed,
        maxmem: n.memTotal,
        disk: n.rootUsed,
        maxdisk: n.rootTotal,
      };
    }),
  };
}

/** GET /nodes/{node}/version. */
export function getNodeVersion(ctx: RequestContext): ApiResult {
  pathNode(ctx);
  return getVersion(ctx);
}

/** GET /pools (`poolid` filter as in PVE ≥ 8: members are then included). */
export function getPools(ctx: RequestContext): ApiResult {
  const wanted = ctx.query.get('poolid');
  const pools = ctx.cluster.pools.filter((p) => !wanted || p.poolid === wanted);
  return {
    data: pools.map((p) => {
      const entry: Record<string, unknown> = { poolid: p.poolid };
      if (p.comment) entry.comment = p.comment;
      if (wanted) {
        entry.members = ctx.cluster.guests
          .filter((g) => g.pool === p.poolid)
          .map((g) => ({
            id: `${g.type}/${g.vmid}`,
            vmid: g.vmid,
            node: g.node,
            type: g.type,
            name: g.name,
            status: g.status,
          }));
      }
      return entry;
    }),
  };
}
