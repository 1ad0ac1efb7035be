// The simulated API surface: path template → handler, with the query parameters the official
// schema allows (anything else is a 400, as PVE's additionalProperties: 0 makes it).
import type { ApiResult, RequestContext } from '../render/context';
import { ApiError } from '../render/context';
import { getClusterStatus, getNodes, getNodeVersion, getPools, getVersion } from '../render/cluster';
import { getLxcConfig, getQemuConfig } from '../render/guest-config';
import { getAgentHostName, getAgentInterfaces, getAgentOsInfo, getLxcInterfaces } from '../render/guest-network';
import {
  getLxcList,
  getLxcSnapshots,
  getLxcStatus,
  getQemuList,
  getQemuSnapshots,
  getQemuStatus,
} from '../render/guests';
import {
  getBackupJob,
  getBackupJobs,
  getClusterReplication,
  getNodeReplication,
  getReplicationJob,
} from '../render/jobs';
import { getNetwork, getNetworkIface, getNodeStatus } from '../render/node';
import { getResources } from '../render/resources';
import { getNodeStorage, getStorageConfig, getStorageContent, storageFigures } from '../render/storage';
import { getClusterTasks, getNodeTasks, getTaskLog, getTaskStatus } from '../render/tasks';
import type { VersionProfile } from '../versions';

/** One GET endpoint. `available` hides it (→ 501) on releases that lack it. */
export interface Route {
  pattern: string;
  query: readonly string[];
  handler: (ctx: RequestContext) => ApiResult | Promise<ApiResult>;
  available?: (p: VersionProfile) => boolean;
}

function getStorageEntry(ctx: RequestContext): ApiResult {
  const list = getStorageConfig({ ...ctx, query: new URLSearchParams() }).data as Record<string, unknown>[];
  const entry = list.find((s) => s.storage === ctx.params.storage);
  if (!entry) throw new ApiError(500, `storage '${ctx.params.storage}' does not exist`);
  return { data: entry };
}

function getStorageStatus(ctx: RequestContext): ApiResult {
  const node = ctx.cluster.nodes.find((n) => n.name === ctx.params.node)!;
  const s = ctx.cluster.storages.find((x) => x.id === ctx.params.storage);
  if (!s) throw new ApiError(500, `storage '${ctx.params.storage}' does not exist`);
  const { total, used } = storageFigures(ctx.cluster, node, s);
  return {
    data: {
      type: s.type,
      content: s.content.join(','),
      active: 1,
      enabled: 1,
      shared: s.shared ? 1 : 0,
      total,
      used,
      avail: total - used,
    },
  };
}

const TASK_QUERY = [
  'errors',
  'limit',
  'since',
  'source',
  'start',
  'statusfilter',
  'typefilter',
  'until',
  'userfilter',
  'vmid',
] as const;

/** Every endpoint the simulator serves. */
export const ROUTES: readonly Route[] = [
  { pattern: '/version', query: [], handler: getVersion },
  { pattern: '/cluster/status', query: [], handler: getClusterStatus },
  { pattern: '/cluster/resources', query: ['type'], handler: getResources },
  { pattern: '/cluster/tasks', query: [], handler: getClusterTasks },
  { pattern: '/cluster/replication', query: [], handler: getClusterReplication },
  { pattern: '/cluster/replication/{id}', query: [], handler: getReplicationJob },
  { pattern: '/cluster/backup', query: [], handler: getBackupJobs },
  { pattern: '/cluster/backup/{id}', query: [], handler: getBackupJob },
  { pattern: '/pools', query: ['poolid', 'type'], handler: getPools },
  { pattern: '/storage', query: ['type'], handler: getStorageConfig },
  { pattern: '/storage/{storage}', query: [], handler: getStorageEntry },
  { pattern: '/nodes', query: [], handler: getNodes },
  { pattern: '/nodes/{node}/status', query: [], handler: getNodeStatus },
  { pattern: '/nodes/{node}/version', query: [], handler: getNodeVersion },
  { pattern: '/nodes/{node}/network', query: ['type'], handler: getNetwork },
  { pattern: '/nodes/{node}/network/{iface}', query: [], handler: getNetworkIface },
  { pattern: '/nodes/{node}/qemu', query: ['full'], handler: getQemuList },
  { pattern: '/nodes/{node}/qemu/{vmid}/status/current', query: [], handler: getQemuStatus },
  { pattern: '/nodes/{node}/qemu/{vmid}/config', query: ['current', 'snapshot'], handler: getQemuConfig },
  { pattern: '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces', query: [], handler: getAgentInterfaces },
  { pattern: '/nodes/{node}/qemu/{vmid}/agent/get-host-name', query: [], handler: getAgentHostName },
  { pattern: '/nodes/{node}/qemu/{vmid}/agent/get-osinfo', query: [], handler: getAgentOsInfo },
  { pattern: '/nodes/{node}/qemu/{vmid}/snapshot', query: [], handler: getQemuSnapshots },
  { pattern: '/nodes/{node}/lxc', query: [], handler: getLxcList },
  { pattern: '/nodes/{node}/lxc/{vmid}/status/current', query: [], handler: getLxcStatus },
  { pattern: '/nodes/{node}/lxc/{vmid}/config', query: ['current', 'snapshot'], handler: getLxcConfig },
  {
    pattern: '/nodes/{node}/lxc/{vmid}/interfaces',
    query: [],
    handler: getLxcInterfaces,
    available: (p) => p.lxcInterfaces !== 'absent',
  },
  { pattern: '/nodes/{node}/lxc/{vmid}/snapshot', query: [], handler: getLxcSnapshots },
  {
    pattern: '/nodes/{node}/storage',
    query: ['content', 'enabled', 'format', 'storage', 'target'],
    handler: getNodeStorage,
  },
  { pattern: '/nodes/{node}/storage/{storage}/status', query: [], handler: getStorageStatus },
  { pattern: '/nodes/{node}/storage/{storage}/content', query: ['content', 'vmid'], handler: getStorageContent },
  { pattern: '/nodes/{node}/tasks', query: TASK_QUERY, handler: getNodeTasks },
  { pattern: '/nodes/{node}/tasks/{upid}/status', query: [], handler: getTaskStatus },
  { pattern: '/nodes/{node}/tasks/{upid}/log', query: ['download', 'limit', 'start'], handler: getTaskLog },
  { pattern: '/nodes/{node}/replication', query: ['guest'], handler: getNodeReplication },
];
