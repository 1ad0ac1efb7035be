import { encryptSecret } from '../../lib/crypto/secrets';
import type { Database } from '../client';
import {
  clusters,
  devices,
  interfaces,
  proxmoxClusters,
  proxmoxEndpoints,
  proxmoxNodes,
  proxmoxStorages,
  sites,
} from '../schema';
import { clusterName, endpointName, nodeName } from './identifiers';
import { createRng } from './random';
import type { SharedRefs } from './shared';

// Per cluster: the Proxmox endpoint, its cluster (plugin row + NetBox cluster and site), the
// nodes (plugin row + NetBox device with eno1/vmbr0) and the storages. Few rows, so plain
// inserts with RETURNING; only guests need the bulk path.

export const STORAGE_NAMES = ['local', 'local-lvm', 'pbs', 'nfs'] as const;
export type StorageName = (typeof STORAGE_NAMES)[number];

export interface NodeInfra {
  name: string;
  deviceId: number;
  proxmoxNodeId: number;
}

export interface ClusterInfra {
  index: number;
  name: string;
  endpointId: number;
  proxmoxClusterId: number;
  netboxClusterId: number;
  siteId: number;
  nodes: NodeInfra[];
  storageIds: Record<StorageName, number>;
}

const PVE_VERSIONS = ['8.2.4', '8.3.5', '8.4.1', '9.0.6'] as const;
const GIB = 1024 ** 3;

function storageRows(cluster: number, endpointId: number, netboxClusterId: number) {
  const base = { proxmoxEndpointId: endpointId, clusterId: netboxClusterId, enabled: true };
  return [
    {
      ...base,
      name: 'local',
      storageType: 'dir',
      content: 'backup,iso,vztmpl',
      path: '/var/lib/vz',
      shared: false,
      rawConfig: { path: '/var/lib/vz' },
    },
    {
      ...base,
      name: 'local-lvm',
      storageType: 'lvmthin',
      content: 'images,rootdir',
      shared: false,
      rawConfig: { thinpool: 'data', vgname: 'pve' },
    },
    {
      ...base,
      name: 'pbs',
      storageType: 'pbs',
      content: 'backup',
      shared: true,
      server: 'pbs.example.test',
      datastore: `pve${cluster + 1}`,
      username: 'proxbox@pbs',
      rawConfig: { server: 'pbs.example.test', datastore: `pve${cluster + 1}`, username: 'proxbox@pbs' },
    },
    {
      ...base,
      name: 'nfs',
      storageType: 'nfs',
      content: 'backup,images,rootdir',
      path: '/mnt/pve/nfs',
      shared: true,
      server: 'nas.example.test',
      export: `/export/pve${cluster + 1}`,
      rawConfig: { server: 'nas.example.test', export: `/export/pve${cluster + 1}` },
    },
  ];
}

async function createNodes(
  db: Database,
  cluster: number,
  nodeCount: number,
  refs: { endpointId: number; proxmoxClusterId: number; netboxClusterId: number; siteId: number },
  shared: SharedRefs,
  seed: number,
): Promise<NodeInfra[]> {
  const rng = createRng(seed, 'nodes', cluster);
  const names = Array.from({ length: nodeCount }, (_, node) => nodeName(cluster, node));
  const deviceRows = await db
    .insert(devices)
    .values(
      names.map((name) => ({
        name,
        deviceTypeId: shared.deviceTypeId,
        roleId: shared.nodeRoleId,
        siteId: refs.siteId,
        clusterId: refs.netboxClusterId,
        status: 'active' as const,
        description: `Proxmox Node ${name}`,
        proxmoxEndpointId: refs.endpointId,
        proxmoxNode: name,
      })),
    )
    .returning({ id: devices.id, name: devices.name });
  const deviceIds = new Map(deviceRows.map((row) => [row.name, row.id]));
  const deviceOf = (name: string) => deviceIds.get(name)!;

  // The bridge first: NetBox links a bridged NIC to its bridge interface.
  const bridges = await db
    .insert(interfaces)
    .values(names.map((name) => ({ deviceId: deviceOf(name), name: 'vmbr0', type: 'bridge' as const, mtu: 1500 })))
    .returning({ id: interfaces.id, deviceId: interfaces.deviceId });
  const bridgeOf = new Map(bridges.map((row) => [row.deviceId, row.id]));
  await db.insert(interfaces).values(
    names.map((name, node) => ({
      deviceId: deviceOf(name),
      name: 'eno1',
      type: '1000base-t' as const,
      mtu: 1500,
      bridgeId: bridgeOf.get(deviceOf(name)),
      macAddress: `58:47:CA:${(cluster + 1).toString(16).toUpperCase().padStart(2, '0')}:00:${(node + 1).toString(16).toUpperCase().padStart(2, '0')}`,
    })),
  );

  const nodeRows = await db
    .insert(proxmoxNodes)
    .values(
      names.map((name, node) => {
        const maxMemory = rng.pick([256, 384, 512]) * GIB;
        return {
          name,
          proxmoxEndpointId: refs.endpointId,
          proxmoxClusterId: refs.proxmoxClusterId,
          netboxDeviceId: deviceOf(name),
          nodeId: node + 1,
          ipAddress: `192.168.${cluster + 1}.${node + 11}`,
          online: true,
          maxCpu: rng.pick([32, 48, 64]),
          cpuUsage: Math.round(rng.next() * 600) / 1000,
          maxMemory,
          memoryUsage: Math.floor(maxMemory * (0.2 + rng.next() * 0.6)),
          sslFingerprint: Array.from({ length: 32 }, () => rng.hex(2).toUpperCase()).join(':'),
          supportLevel: 'c',
        };
      }),
    )
    .returning({ id: proxmoxNodes.id, name: proxmoxNodes.name });
  const nodeIds = new Map(nodeRows.map((row) => [row.name, row.id]));
  return names.map((name) => ({ name, deviceId: deviceOf(name), proxmoxNodeId: nodeIds.get(name)! }));
}

/** Creates cluster `cluster` (0-based) with `nodeCount` nodes and its storages. */
export async function createClusterInfra(
  db: Database,
  shared: SharedRefs,
  cluster: number,
  nodeCount: number,
  seed: number,
): Promise<ClusterInfra> {
  const rng = createRng(seed, 'cluster', cluster);
  const name = clusterName(cluster);
  const [site] = await db
    .insert(sites)
    .values({ name: `Proxmox Default Site - ${name}`, slug: `proxmox-default-site-${name}`, status: 'active' })
    .returning({ id: sites.id });
  const endpoint = endpointName(cluster);
  const tokenPlain = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  const [{ id: endpointId }] = await db
    .insert(proxmoxEndpoints)
    .values({
      name: endpoint,
      domain: `${endpoint}.example.test`,
      port: 8006,
      mode: 'cluster',
      version: rng.pick(PVE_VERSIONS),
      username: 'root@pam',
      tokenName: 'proxbox',
      tokenValue: encryptSecret(tokenPlain),
      siteId: site.id,
    })
    .returning({ id: proxmoxEndpoints.id });
  const [{ id: netboxClusterId }] = await db
    .insert(clusters)
    .values({
      name,
      typeId: shared.clusterTypeId,
      status: 'active',
      scopeType: 'dcim.site',
      scopeId: site.id,
      siteId: site.id,
      description: 'Proxmox cluster cluster.',
      proxmoxEndpointId: endpointId,
    })
    .returning({ id: clusters.id });
  const [{ id: proxmoxClusterId }] = await db
    .insert(proxmoxClusters)
    .values({
      name,
      proxmoxEndpointId: endpointId,
      netboxClusterId,
      clusterId: name,
      mode: 'cluster',
      nodesCount: nodeCount,
      quorate: true,
      version: nodeCount + rng.int(1, 20),
    })
    .returning({ id: proxmoxClusters.id });
  const refs = { endpointId, proxmoxClusterId, netboxClusterId, siteId: site.id };
  const nodes = await createNodes(db, cluster, nodeCount, refs, shared, seed);
  const storages = await db
    .insert(proxmoxStorages)
    .values(storageRows(cluster, endpointId, netboxClusterId))
    .returning({ id: proxmoxStorages.id, name: proxmoxStorages.name });
  const storageIds = Object.fromEntries(storages.map((row) => [row.name, row.id])) as Record<StorageName, number>;
  return { index: cluster, name, ...refs, nodes, storageIds };
}
