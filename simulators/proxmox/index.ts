// Proxmox VE API simulator: real HTTP(S) servers, one per simulated cluster endpoint, serving a
// deterministic, mutable estate in the shapes of PVE 7.4 / 8.2 / 9.1.
// Used by tests, the demo (`scripts/simulator.ts`) and the sync benchmarks.
import { buildEstate } from './estate/build';
import { NameBook } from './estate/guest-common';
import type { Estate } from './estate/types';
import { cleanFaultState, createFaults, type ClusterFaultState, type Faults } from './faults';
import { startClusterServer, type ClusterServer } from './http/server';
import { createMutations, type Mutations } from './mutations';
import { generateSelfSigned } from './tls';
import type { PveVersion } from './versions';

export type * from './estate/types';
export type { Faults } from './faults';
export type { GuestPartial, Mutations } from './mutations';
export type { AgentMode } from './render/context';
export type { PveVersion } from './versions';
export { PVE_VERSIONS } from './versions';
export { UPID_REGEX, decodeUpid, encodeUpid } from './upid';

/** How big, which release, how slow and how exposed the simulated estate is. */
export interface SimulatorOptions {
  /** Deterministic PRNG seed (default 1). */
  seed?: number;
  /** Cluster endpoints, each its own server/port (default 1). */
  clusters?: number;
  /** Nodes per cluster (default 3), named `pve<c>-node<n>` (1-based). Standalone clusters have 1. */
  nodesPerCluster?: number;
  /** Guests across all clusters (default 20), ~75 % qemu; vmids start at 100 in every cluster. */
  guests?: number;
  /** Cluster indexes (0-based) that are standalone nodes (no `cluster` entry in /cluster/status). */
  standaloneClusters?: number[];
  /** Release to impersonate (default '8.2'). */
  version?: PveVersion;
  /** Per-cluster release overrides, index-aligned (e.g. `['7.4', '9.1']`); falls back to `version`. */
  clusterVersions?: PveVersion[];
  /** Delay added to every request, in ms (default 0). */
  latencyMs?: number;
  /** Delay before a 401 (real PVE waits 3000 ms; default 0 so tests stay fast). */
  authFailureDelayMs?: number;
  /** Serve HTTPS with a fresh self-signed certificate per endpoint (default false). */
  tls?: boolean;
  /** Listen address (default '127.0.0.1'). */
  host?: string;
  /** First port; cluster i listens on portBase + i. Default 0 = ephemeral ports. */
  portBase?: number;
  /** Epoch seconds the history is anchored to (default: start of the UTC day of `clock()`). */
  now?: number;
  /**
   * The simulated nodes' clock in epoch milliseconds (default the wall clock): it anchors the
   * history when `now` is not given and timestamps the tasks that mutations record. Tests pin it
   * so that volids, UPIDs and task counts are the same on any date.
   */
  clock?: () => number;
  /** Clock (epoch ms) deciding when login tickets were issued and expire; default Date.now. */
  ticketClock?: () => number;
}

/** Connection details of one simulated endpoint. */
export interface SimulatorCluster {
  name: string;
  /** e.g. `http://127.0.0.1:PORT` (no `/api2/json`). */
  url: string;
  port: number;
  /** `root@pam!proxbox`. */
  tokenId: string;
  /** uuid-shaped, derived from the seed. */
  tokenSecret: string;
  /** The token's user (`root@pam`) and its password, for ticket login instead of the token. */
  username: string;
  password: string;
  /** With `tls`: the certificate (PEM) to trust and its SHA-256 fingerprint (also the first node's `ssl_fingerprint`). */
  certificatePem?: string;
  fingerprint?: string;
}

/** A running simulator. */
export interface Simulator {
  clusters: SimulatorCluster[];
  /** The live model; renderers read it on every request. */
  estate: Estate;
  faults: Faults;
  mutate: Mutations;
  /** Requests received (all clusters if omitted), including rejected ones. */
  requestCount(clusterIndex?: number): number;
  /** `"GET /api2/json/…"` lines (raw URL, query included) in arrival order. */
  requestLog(clusterIndex?: number): string[];
  resetCounters(): void;
  /** Most requests (whose `"GET /api2/json/…"` line matches `pattern`) being served at once since the last reset. */
  peakConcurrency(clusterIndex?: number, pattern?: RegExp): number;
  /** Closes the servers, cutting hanging requests and pending delays. */
  stop(): Promise<void>;
}

/** Starts one server per cluster and resolves when all listen. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clusters = options.clusters ?? 1;
  const version = options.version ?? '8.2';
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const nowSec = Math.floor(clock() / 1000);
  const names = new NameBook();
  const estate = buildEstate(
    {
      seed: options.seed ?? 1,
      clusters,
      nodesPerCluster: Math.max(1, options.nodesPerCluster ?? 3),
      guests: Math.max(0, options.guests ?? 20),
      standaloneClusters: options.standaloneClusters ?? [],
      versions: Array.from({ length: clusters }, (_, i) => options.clusterVersions?.[i] ?? version),
      now: options.now ?? nowSec - (nowSec % 86400),
    },
    names,
  );
  const states: ClusterFaultState[] = estate.clusters.map(() => cleanFaultState());
  // A login password derived from the token secret: deterministic per seed, distinct per cluster.
  for (const cluster of estate.clusters) cluster.password ??= `pw-${cluster.tokenSecret.slice(0, 13)}`;
  const servers: ClusterServer[] = [];
  const infos: SimulatorCluster[] = [];
  try {
    for (const cluster of estate.clusters) {
      const tls = options.tls ? await generateSelfSigned(cluster.nodes[0].name, host) : undefined;
      if (tls) cluster.nodes[0].sslFingerprint = tls.fingerprint;
      const server = await startClusterServer({
        estate,
        clusterIndex: cluster.index,
        faults: () => states[cluster.index],
        host,
        port: options.portBase ? options.portBase + cluster.index : 0,
        latencyMs: options.latencyMs ?? 0,
        authFailureDelayMs: options.authFailureDelayMs ?? 0,
        tls,
        ticketClock: options.ticketClock,
      });
      servers.push(server);
      infos.push({
        name: cluster.name,
        url: server.url,
        port: server.port,
        tokenId: cluster.tokenId,
        tokenSecret: cluster.tokenSecret,
        username: cluster.tokenId.split('!')[0],
        password: cluster.password!,
        ...(tls ? { certificatePem: tls.cert, fingerprint: tls.fingerprint } : {}),
      });
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  const pick = (i?: number) => (i === undefined ? servers : [servers[i]].filter(Boolean));
  return {
    clusters: infos,
    estate,
    faults: createFaults(estate, states),
    mutate: createMutations(estate, names, undefined, clock),
    requestCount: (i) => pick(i).reduce((sum, s) => sum + s.count, 0),
    requestLog: (i) => pick(i).flatMap((s) => s.log),
    resetCounters: () =>
      servers.forEach((s) => {
        s.count = 0;
        s.log = [];
        s.spans = [];
      }),
    peakConcurrency: (i, pattern) => {
      const spans = pick(i)
        .flatMap((s) => s.spans)
        .filter((sp) => !pattern || pattern.test(sp.url));
      const edges = spans
        .flatMap((sp) => [
          { t: sp.start, d: 1 },
          { t: sp.end, d: -1 },
        ])
        .sort((a, b) => a.t - b.t || a.d - b.d);
      let now = 0;
      let peak = 0;
      for (const e of edges) peak = Math.max(peak, (now += e.d));
      return peak;
    },
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
