import { z } from 'zod';
import { asArray, asObject, bool, epoch, int, num, str, type Obj } from './coerce';
import type { BackupInfo, BackupJobInfo, ClusterInfo, GuestAddress, GuestInfo, GuestType, NodeInfo, NodeNetwork, ReplicationInfo, SnapshotInfo, StorageInfo, TaskInfo } from './proxmox-data';
import { readGuestAddresses } from './map/guest-addresses';

/** The client surface the sync needs (lib/proxmox/client.ts implements it). */
export interface ProxmoxReader {
  get<T>(path: string, schema: z.ZodType<T>, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  getPage<T>(path: string, schema: z.ZodType<T>, query?: Record<string, string | number | boolean | undefined>): Promise<{ data: T; total: number | null }>;
  readonly requestCount: number;
  close?(): void;
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; error: unknown };

const any = z.unknown();
const enc = encodeURIComponent;

/**
 * Reads one endpoint, each resource at most once per run (DESIGN 4, "Fetch once"): every method
 * memoizes its promise, so stages that need the same data share one request. Failures are
 * returned as values so that a stage can record them and go on with the rest.
 */
export class EndpointFetcher {
  private readonly cache = new Map<string, Promise<Fetched<unknown>>>();

  constructor(private readonly client: ProxmoxReader) {}

  get requestCount(): number {
    return this.client.requestCount;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<Fetched<T>> {
    if (!this.cache.has(key)) {
      this.cache.set(key, load().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })));
    }
    return this.cache.get(key) as Promise<Fetched<T>>;
  }

  version(): Promise<Fetched<{ version: string; release: string; repoid: string }>> {
    return this.once('version', async () => {
      const v = asObject(await this.client.get('/version', any)) ?? {};
      return { version: str(v.version) ?? '', release: str(v.release) ?? '', repoid: str(v.repoid) ?? '' };
    });
  }

  /** Cluster identity and the node list (cluster status merged with /nodes for live figures). */
  topology(): Promise<Fetched<{ cluster: ClusterInfo; nodes: NodeInfo[] }>> {
    return this.once('topology', async () => {
      const [status, list] = await Promise.all([this.client.get('/cluster/status', any), this.client.get('/nodes', any)]);
      const entries = asArray(status);
      const live = new Map(asArray(list).map((n) => [str(n.node) ?? '', n]));
      const nodeEntries = entries.filter((e) => e.type === 'node');
      const clusterEntry = entries.find((e) => e.type === 'cluster');
      const nodes: NodeInfo[] = (nodeEntries.length > 0 ? nodeEntries : asArray(list)).map((e) => {
        const name = str(e.name) ?? str(e.node) ?? '';
        const l = live.get(name) ?? {};
        return {
          name,
          nodeId: int(e.nodeid),
          ip: str(e.ip),
          online: bool(e.online) ?? l.status === 'online',
          local: bool(e.local) ?? false,
          level: str(e.level) ?? str(l.level) ?? '',
          cpu: num(l.cpu),
          maxCpu: int(l.maxcpu),
          memory: int(l.mem),
          maxMemory: int(l.maxmem),
          sslFingerprint: str(l.ssl_fingerprint) ?? '',
        };
      });
      const cluster: ClusterInfo = clusterEntry
        ? { name: str(clusterEntry.name) ?? 'cluster', mode: 'cluster', quorate: bool(clusterEntry.quorate) ?? false, nodesCount: int(clusterEntry.nodes) ?? nodes.length, version: int(clusterEntry.version) }
        : { name: nodes[0]?.name ?? 'standalone', mode: 'standalone', quorate: true, nodesCount: nodes.length, version: null };
      return { cluster, nodes: nodes.filter((n) => n.name) };
    });
  }

  /** Every guest of the cluster in one request (`/cluster/resources?type=vm`). */
  guests(): Promise<Fetched<GuestInfo[]>> {
    return this.once('guests', async () =>
      asArray(await this.client.get('/cluster/resources', any, { type: 'vm' }))
        .filter((r) => r.type === 'qemu' || r.type === 'lxc')
        .flatMap((r): GuestInfo[] => {
          const vmid = int(r.vmid);
          const node = str(r.node);
          if (vmid === null || !node) return [];
          return [{ vmid, type: r.type as GuestType, node, name: str(r.name), status: str(r.status) ?? 'unknown', template: bool(r.template) ?? false, maxCpu: int(r.maxcpu), maxMem: int(r.maxmem), tags: str(r.tags), degraded: r.name === undefined && r.status === 'unknown' }];
        }),
    );
  }

  config(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<Obj>> {
    return this.once(`config:${g.type}:${g.vmid}`, async () => asObject(await this.client.get(`/nodes/${enc(g.node)}/${g.type}/${g.vmid}/config`, any)) ?? {});
  }

  snapshots(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<SnapshotInfo[]>> {
    return this.once(`snapshots:${g.type}:${g.vmid}`, async () =>
      asArray(await this.client.get(`/nodes/${enc(g.node)}/${g.type}/${g.vmid}/snapshot`, any))
        .filter((s) => str(s.name) && s.name !== 'current')
        .map((s) => ({ name: str(s.name)!, description: str(s.description) ?? '', parent: str(s.parent), snaptime: epoch(s.snaptime) })),
    );
  }

  /** Runtime addresses: the QEMU guest agent, or the LXC interfaces endpoint. */
  addresses(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<GuestAddress[]>> {
    const path = g.type === 'qemu' ? `/nodes/${enc(g.node)}/qemu/${g.vmid}/agent/network-get-interfaces` : `/nodes/${enc(g.node)}/lxc/${g.vmid}/interfaces`;
    return this.once(`addresses:${g.type}:${g.vmid}`, async () => readGuestAddresses(g.type, await this.client.get(path, any)));
  }

  storages(): Promise<Fetched<StorageInfo[]>> {
    return this.once('storages', async () =>
      asArray(await this.client.get('/storage', any)).flatMap((s): StorageInfo[] => {
        const name = str(s.storage);
        if (!name) return [];
        return [{ name, type: str(s.type) ?? '', content: str(s.content) ?? '', shared: bool(s.shared) ?? false, enabled: !(bool(s.disable) ?? false), nodes: str(s.nodes), raw: s }];
      }),
    );
  }

  /** A storage's backup volumes as one node sees them; `vmid` lets Proxmox keep only one guest's. */
  backups(node: string, storage: string, vmid?: number): Promise<Fetched<BackupInfo[]>> {
    return this.once(`backups:${storage}:${node}:${vmid ?? '*'}`, async () =>
      asArray(await this.client.get(`/nodes/${enc(node)}/storage/${enc(storage)}/content`, any, { content: 'backup', vmid })).flatMap((b): BackupInfo[] => {
        const volid = str(b.volid);
        if (!volid) return [];
        const verification = asObject(b.verification);
        return [{ volid, storage, format: str(b.format) ?? '', subtype: str(b.subtype), vmid: int(b.vmid), ctime: epoch(b.ctime), size: int(b.size), used: int(b.used), notes: str(b.notes), encrypted: str(b.encrypted) ?? '', verificationState: str(verification?.state), verificationUpid: str(verification?.upid) }];
      }),
    );
  }

  network(node: string): Promise<Fetched<NodeNetwork[]>> {
    return this.once(`network:${node}`, async () =>
      asArray(await this.client.get(`/nodes/${enc(node)}/network`, any)).flatMap((n): NodeNetwork[] => {
        const iface = str(n.iface);
        if (!iface) return [];
        return [{ iface, type: str(n.type) ?? 'unknown', active: bool(n.active) ?? false, cidr: str(n.cidr), cidr6: str(n.cidr6), bridgePorts: str(n.bridge_ports), mtu: int(n.mtu), vlanId: int(n['vlan-id']), comments: (str(n.comments) ?? '').trim() }];
      }),
    );
  }

  /** A node's task history since `since` (one guest's with `vmid`), following the list's pagination (`total`). */
  tasks(node: string, since: Date, vmid?: number): Promise<Fetched<TaskInfo[]>> {
    return this.once(`tasks:${node}:${vmid ?? '*'}`, async () => {
      const out: TaskInfo[] = [];
      const limit = 500;
      for (let start = 0; ; start += limit) {
        const page = await this.client.getPage(`/nodes/${enc(node)}/tasks`, any, { start, limit, since: Math.floor(since.getTime() / 1000), source: 'archive', vmid });
        const items = asArray(page.data);
        for (const t of items) {
          const upid = str(t.upid);
          const starttime = epoch(t.starttime);
          if (!upid || !starttime) continue;
          out.push({ upid, node: str(t.node) ?? node, pid: int(t.pid), pstart: int(t.pstart), starttime, endtime: epoch(t.endtime), type: str(t.type) ?? '', id: str(t.id) ?? '', user: str(t.user) ?? '', status: str(t.status) });
        }
        if (items.length < limit || (page.total !== null && start + limit >= page.total)) break;
      }
      return out;
    });
  }

  replications(): Promise<Fetched<ReplicationInfo[]>> {
    return this.once('replications', async () =>
      asArray(await this.client.get('/cluster/replication', any)).flatMap((r): ReplicationInfo[] => {
        const id = str(r.id);
        const guest = int(r.guest);
        if (!id || guest === null) return [];
        return [{ id, guest, jobnum: int(r.jobnum) ?? 0, target: str(r.target) ?? '', schedule: str(r.schedule) ?? '*/15', rate: num(r.rate), comment: str(r.comment), disable: bool(r.disable) ?? false, source: str(r.source), removeJob: str(r.remove_job), raw: r }];
      }),
    );
  }

  backupJobs(): Promise<Fetched<BackupJobInfo[]>> {
    return this.once('backup-jobs', async () =>
      asArray(await this.client.get('/cluster/backup', any)).flatMap((j): BackupJobInfo[] => {
        const id = str(j.id);
        if (!id) return [];
        return [{ id, enabled: bool(j.enabled) ?? true, schedule: str(j.schedule) ?? '', nextRun: epoch(j['next-run']), node: str(j.node), storage: str(j.storage), vmid: str(j.vmid), all: bool(j.all) ?? false, comment: str(j.comment) ?? '', raw: j }];
      }),
    );
  }
}
