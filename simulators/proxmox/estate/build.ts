// Builds the whole estate from (seed, size). Every entity draws from its own seeded stream, so the
// result depends only on the options: same seed, same estate.
import { rng, uuidFrom } from '../prng';
import { versionProfile, type PveVersion } from '../versions';
import { guestNetBase } from './addressing';
import { buildBackups } from './backups';
import { NameBook, type GuestSeed } from './guest-common';
import { buildBackupJobs, buildPools, buildReplication } from './jobs';
import { buildLxc } from './lxc';
import { buildNode } from './nodes';
import { buildQemu } from './qemu';
import { buildFiles, buildStorages } from './storages';
import { assignTasks } from './tasks';
import type { Estate, EstateCluster, Guest } from './types';

/** Size and shape of the estate (already defaulted by `startSimulator`). */
export interface EstateOptions {
  seed: number;
  clusters: number;
  nodesPerCluster: number;
  guests: number;
  standaloneClusters: readonly number[];
  /** Release of each cluster (index-aligned). */
  versions: readonly PveVersion[];
  now: number;
}

/** The API token every simulated endpoint accepts. */
export const TOKEN_ID = 'root@pam!proxbox';

/** Cluster naming scheme: `cluster<c>` (1-based); a standalone endpoint is named after its node. */
export function clusterName(clusterIndex: number): string {
  return `cluster${clusterIndex + 1}`;
}

/** Generates guest `index` (vmid 100 + index) of a cluster on `node`; also used by `mutate.addGuest`. */
export function generateGuest(
  cluster: EstateCluster,
  seed: number,
  index: number,
  node: string,
  names: NameBook,
  now: number,
  type?: Guest['type'],
): Guest {
  const r = rng(seed, 'guest', cluster.index, index);
  const kind = type ?? (r.chance(0.25) ? 'lxc' : 'qemu');
  const gs: GuestSeed = {
    r,
    clusterIndex: cluster.index,
    index,
    vmid: 100 + index,
    node,
    now,
    standalone: cluster.standalone,
  };
  const name = names.next(r, cluster.index);
  const hostNode = cluster.nodes.find((n) => n.name === node);
  const vmbr1 = !!hostNode?.network.some((i) => i.iface === 'vmbr1');
  return kind === 'lxc' ? buildLxc(gs, name) : buildQemu(gs, name, versionProfile(cluster.version), vmbr1);
}

function buildCluster(o: EstateOptions, c: number, guestCount: number, names: NameBook): EstateCluster {
  const standalone = o.standaloneClusters.includes(c);
  const nodeCount = standalone ? 1 : o.nodesPerCluster;
  const nodes = Array.from({ length: nodeCount }, (_, n) => buildNode(o.seed, c, n, standalone));
  const cluster: EstateCluster = {
    index: c,
    name: standalone ? nodes[0].name : clusterName(c),
    standalone,
    version: o.versions[c],
    configVersion: nodeCount + rng(o.seed, 'corosync', c).int(0, 20),
    nodes,
    storages: buildStorages(o.seed, c),
    guests: [],
    backups: [],
    files: [],
    replication: [],
    backupJobs: [],
    pools: buildPools(),
    guestNet: guestNetBase(c),
    tokenId: TOKEN_ID,
    tokenSecret: uuidFrom(rng(o.seed, 'token', c)),
  };
  for (let i = 0; i < guestCount; i++) {
    const node = nodes[rng(o.seed, 'placement', c, i).int(0, nodeCount - 1)].name;
    const guest = generateGuest(cluster, o.seed, i, node, names, o.now);
    cluster.guests.push(guest);
  }
  const guests = cluster.guests;
  const nodeNames = nodes.map((n) => n.name);
  cluster.backups = buildBackups(o.seed, c, guests, nodeNames, o.now);
  cluster.replication = buildReplication(o.seed, c, guests, nodeNames, o.now);
  cluster.backupJobs = buildBackupJobs(o.seed, c, guests);
  cluster.files = buildFiles(o.seed, c, nodeNames, o.now);
  assignTasks(o.seed, c, nodes, guests, cluster.backups, o.now);
  return cluster;
}

/** Builds every cluster; guests are split evenly (the first clusters take the remainder). */
export function buildEstate(o: EstateOptions, names: NameBook = new NameBook()): Estate {
  const clusters: EstateCluster[] = [];
  for (let c = 0; c < o.clusters; c++) {
    const share = Math.floor(o.guests / o.clusters) + (c < o.guests % o.clusters ? 1 : 0);
    clusters.push(buildCluster(o, c, share, names));
  }
  return { seed: o.seed, now: o.now, clusters };
}
