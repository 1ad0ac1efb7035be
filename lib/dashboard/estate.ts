import { asc, isNotNull, sql } from 'drizzle-orm';
import { proxmoxClusters, proxmoxEndpoints, proxmoxNodes, virtualMachines } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { dashboardDb, serialAggregate, toNumber } from './read';

// What the inventory knows about each Proxmox estate: clusters, every node (online or not) and
// guests by type and power state. Guests are only ever counted in SQL (one GROUP BY over
// endpoint, node, type and state), so the cost does not depend on loading guest rows.

export interface GuestCounts {
  running: number;
  stopped: number;
}

export interface GuestsByType {
  qemu: GuestCounts;
  lxc: GuestCounts;
}

export interface ClusterSummary {
  id: number;
  name: string;
  mode: string;
  quorate: boolean;
  /** Members Proxmox reports for the cluster (corosync), not only those synced. */
  nodesCount: number;
}

export interface NodeSummary {
  id: number;
  name: string;
  endpointId: number;
  online: boolean;
  /** Node capacity as Proxmox reports it: logical CPUs and bytes of RAM (null when offline at first sync). */
  maxCpu: number | null;
  maxMemoryBytes: number | null;
  guests: GuestCounts;
  /** vCPUs and memory (MiB) configured on the node's guests, all and running only. */
  vcpus: { all: number; running: number };
  memoryMiB: { all: number; running: number };
}

export interface EndpointSummary {
  id: number;
  name: string;
  enabled: boolean;
  /** Mode and version recorded by the last sync. */
  mode: string;
  version: string | null;
  clusters: ClusterSummary[];
  nodes: { online: number; offline: number };
  guests: GuestsByType;
}

export interface EstateSummary {
  endpoints: EndpointSummary[];
  /** Every node of every endpoint, ordered by endpoint then name (the charts' x axis). */
  nodes: NodeSummary[];
  totals: { endpoints: number; clusters: number; nodesOnline: number; nodesOffline: number; guests: GuestsByType };
}

const zeroGuests = (): GuestsByType => ({ qemu: { running: 0, stopped: 0 }, lxc: { running: 0, stopped: 0 } });

interface GuestGroup {
  endpointId: number;
  node: string | null;
  guestType: string | null;
  running: boolean;
  n: number;
  vcpus: number;
  memory: number;
}

/** Aggregates guests per (endpoint, node, type, running) in one query; at most nodes x 4 rows come back. */
async function guestGroups(actor: Actor): Promise<GuestGroup[]> {
  const running = sql<boolean>`(${virtualMachines.proxmoxStatus} = 'running') is true`;
  const rows = await serialAggregate(actor, (db) =>
    db
      .select({
        endpointId: virtualMachines.proxmoxEndpointId,
        node: virtualMachines.proxmoxNode,
        guestType: virtualMachines.guestType,
        running,
        n: sql<string>`count(*)`,
        vcpus: sql<string>`coalesce(sum(${virtualMachines.vcpus}), 0)`,
        memory: sql<string>`coalesce(sum(${virtualMachines.memory}), 0)`,
      })
      .from(virtualMachines)
      .where(isNotNull(virtualMachines.proxmoxEndpointId))
      .groupBy(virtualMachines.proxmoxEndpointId, virtualMachines.proxmoxNode, virtualMachines.guestType, running),
  );
  return rows.map((r) => ({
    endpointId: Number(r.endpointId),
    node: r.node,
    guestType: r.guestType,
    running: Boolean(r.running),
    n: toNumber(r.n),
    vcpus: toNumber(r.vcpus),
    memory: toNumber(r.memory),
  }));
}

function addGuests(target: GuestsByType, group: GuestGroup): void {
  const byType = group.guestType === 'lxc' ? target.lxc : target.qemu;
  if (group.running) byType.running += group.n;
  else byType.stopped += group.n;
}

/** Per endpoint: clusters with quorum, all nodes online/offline, guests by type and state; per node: guests and allocation. */
export async function loadEstateSummary(actor: Actor): Promise<EstateSummary> {
  const db = await dashboardDb(actor);
  const [endpointRows, clusterRows, nodeRows, groups] = await Promise.all([
    db
      .select({
        id: proxmoxEndpoints.id,
        name: proxmoxEndpoints.name,
        enabled: proxmoxEndpoints.enabled,
        mode: proxmoxEndpoints.mode,
        version: proxmoxEndpoints.version,
      })
      .from(proxmoxEndpoints)
      .orderBy(asc(proxmoxEndpoints.name)),
    db
      .select({
        id: proxmoxClusters.id,
        endpointId: proxmoxClusters.proxmoxEndpointId,
        name: proxmoxClusters.name,
        mode: proxmoxClusters.mode,
        quorate: proxmoxClusters.quorate,
        nodesCount: proxmoxClusters.nodesCount,
      })
      .from(proxmoxClusters)
      .orderBy(asc(proxmoxClusters.name)),
    db
      .select({
        id: proxmoxNodes.id,
        endpointId: proxmoxNodes.proxmoxEndpointId,
        name: proxmoxNodes.name,
        online: proxmoxNodes.online,
        maxCpu: proxmoxNodes.maxCpu,
        maxMemory: proxmoxNodes.maxMemory,
      })
      .from(proxmoxNodes)
      .orderBy(asc(proxmoxNodes.name)),
    guestGroups(actor),
  ]);

  const endpoints = new Map<number, EndpointSummary>(
    endpointRows.map((e) => [e.id, { ...e, clusters: [], nodes: { online: 0, offline: 0 }, guests: zeroGuests() }]),
  );
  for (const c of clusterRows)
    endpoints
      .get(c.endpointId)
      ?.clusters.push({ id: c.id, name: c.name, mode: c.mode, quorate: c.quorate, nodesCount: c.nodesCount });

  const nodeKey = (endpointId: number, name: string | null) => `${endpointId}\u0000${name ?? ''}`;
  const nodes = new Map<string, NodeSummary>();
  for (const n of nodeRows) {
    const endpoint = endpoints.get(n.endpointId);
    if (endpoint) endpoint.nodes[n.online ? 'online' : 'offline']++;
    nodes.set(nodeKey(n.endpointId, n.name), {
      id: n.id,
      name: n.name,
      endpointId: n.endpointId,
      online: n.online,
      maxCpu: n.maxCpu,
      maxMemoryBytes: n.maxMemory,
      guests: { running: 0, stopped: 0 },
      vcpus: { all: 0, running: 0 },
      memoryMiB: { all: 0, running: 0 },
    });
  }

  const totals = {
    endpoints: endpointRows.length,
    clusters: clusterRows.length,
    nodesOnline: 0,
    nodesOffline: 0,
    guests: zeroGuests(),
  };
  for (const g of groups) {
    const endpoint = endpoints.get(g.endpointId);
    if (endpoint) addGuests(endpoint.guests, g);
    addGuests(totals.guests, g);
    const node = nodes.get(nodeKey(g.endpointId, g.node));
    if (!node) continue;
    node.guests[g.running ? 'running' : 'stopped'] += g.n;
    node.vcpus.all += g.vcpus;
    node.memoryMiB.all += g.memory;
    if (g.running) {
      node.vcpus.running += g.vcpus;
      node.memoryMiB.running += g.memory;
    }
  }
  for (const e of endpoints.values()) {
    totals.nodesOnline += e.nodes.online;
    totals.nodesOffline += e.nodes.offline;
  }
  const endpointOrder = new Map(endpointRows.map((e, i) => [e.id, i]));
  const orderedNodes = [...nodes.values()].sort(
    (a, b) =>
      (endpointOrder.get(a.endpointId) ?? 0) - (endpointOrder.get(b.endpointId) ?? 0) || a.name.localeCompare(b.name),
  );
  return { endpoints: [...endpoints.values()], nodes: orderedNodes, totals };
}
