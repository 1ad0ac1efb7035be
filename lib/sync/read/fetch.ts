import { z } from 'zod';
import {
  isRecord,
  optStr,
  parseTolerant,
  parseTolerantList,
  pveBackupJobSchema,
  pveClusterStatusClusterSchema,
  pveClusterStatusNodeSchema,
  pveGuestConfigSchema,
  pveNetworkInterfaceSchema,
  pveNodeSchema,
  pveNodeTaskSchema,
  pveReplicationJobSchema,
  pveResourceQemuSchema,
  pveSnapshotSchema,
  pveStorageConfigSchema,
  pveStorageContentSchema,
  pveVersionSchema,
  type PveGuestConfig,
} from '@/lib/proxmox/schemas';
import type {
  BackupInfo,
  BackupJobInfo,
  ClusterInfo,
  GuestAddress,
  GuestInfo,
  NodeInfo,
  NodeNetwork,
  ReplicationInfo,
  SnapshotInfo,
  StorageInfo,
  TaskInfo,
} from './proxmox-data';
import { readGuestAddresses } from '../map/guest-addresses';
import { ProxmoxError } from '@/lib/proxmox/errors';
import { parseGuestDevices, type ConfigError, type GuestDevices } from '@/lib/proxmox/config';
import { envPositiveInt } from '@/lib/net/bounded-request';

/** Pages of 500 tasks read per node and run at most: PROXBOX_PROXMOX_MAX_PAGES, default 200 (100,000 tasks). */
export function maxTaskPages(): number {
  return envPositiveInt('PROXBOX_PROXMOX_MAX_PAGES', 200);
}
import { Lane, RequestQueue } from '@/lib/proxmox/http/queue';
import { SYNC_STAGES } from '@/db/schema/choices';
import type { ProxmoxStageName } from '../types';

/** The client surface the sync needs (lib/proxmox/client.ts implements it). */
export interface ProxmoxReader {
  get<T>(path: string, schema: z.ZodType<T>, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  getPage<T>(
    path: string,
    schema: z.ZodType<T>,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<{ data: T; total: number | null }>;
  readonly requestCount: number;
  close?(): void;
}

/** A config and what lib/proxmox/config read from it; shared by the stages, which must not change it. */
export interface ParsedGuestConfig {
  config: PveGuestConfig;
  devices: GuestDevices;
  errors: ConfigError[];
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; error: unknown };

const enc = encodeURIComponent;

/**
 * The client's schemas, with only the keys the sync cannot do without left required (names and
 * ids): a guest or job lacking, say, its status is still listed with a default, never dropped and
 * then marked gone. Built once; each answer is read item by item (parseTolerantList).
 */
const schemas = {
  version: pveVersionSchema.extend({ version: optStr }),
  statusEntry: z.discriminatedUnion('type', [
    pveClusterStatusClusterSchema.extend({ name: optStr }),
    pveClusterStatusNodeSchema.extend({ name: optStr }),
  ]),
  node: pveNodeSchema.extend({ node: optStr, status: optStr }),
  guest: pveResourceQemuSchema.extend({ type: z.enum(['qemu', 'lxc']), id: optStr, status: optStr }),
  snapshot: pveSnapshotSchema,
  storage: pveStorageConfigSchema.extend({ type: optStr }),
  backup: pveStorageContentSchema,
  network: pveNetworkInterfaceSchema.extend({ type: optStr }),
  task: pveNodeTaskSchema.extend({ node: optStr }),
  replication: pveReplicationJobSchema.extend({ target: optStr }),
  backupJob: pveBackupJobSchema,
};

/** The answer as sent: the fetcher parses it item by item. */
const asSent = z.unknown();

/** Counts and sizes arrive as floats now and then ("2048.0"); the inventory stores integers. */
function whole(value: number | undefined): number | null {
  return value === undefined ? null : Math.trunc(value);
}

/** Epoch seconds → Date; 0 means unknown. */
function epoch(value: number | undefined): Date | null {
  return value === undefined || value <= 0 ? null : new Date(value * 1000);
}

function items<S extends z.ZodType>(schema: S, data: unknown): z.output<S>[] {
  return parseTolerantList(schema, data).map((entry) => entry.item);
}

/**
 * Reads one endpoint, each resource at most once per run: every method
 * memoizes its promise, so stages that need the same data share one request. Failures are
 * returned as values so that a stage can record them and go on with the rest.
 */
export class EndpointFetcher {
  private readonly cache = new Map<string, Promise<Fetched<unknown>>>();
  /**
   * The client's bound again (proxbox_fetch_max_concurrency), in front of it, serving requests in
   * the order of the stages that read them. The prefetch asks for everything at once; served
   * first-come, the configs (bounded apart, so queued late) would come after every snapshot
   * list and the virtual-machines stage, which the others build on, would wait for nearly all
   * requests. So each stage's data arrives before the next stage's, and writing one stage
   * overlaps the reading of the next. Without a bound it only orders the configs.
   */
  private readonly gate: RequestQueue;
  /** Guest configs in flight (vm_sync_max_concurrency), inside the client's own bound. */
  private readonly configs: Lane | undefined;

  constructor(
    private readonly client: ProxmoxReader,
    options: { configConcurrency?: number; concurrency?: number } = {},
  ) {
    this.configs = options.configConcurrency ? new Lane(options.configConcurrency) : undefined;
    this.gate = new RequestQueue(options.concurrency ?? Number.MAX_SAFE_INTEGER);
  }

  /** One request, served in the order of `stage`, the first stage that reads its answer. */
  private read<T>(stage: ProxmoxStageName, send: () => Promise<T>, lane?: Lane): Promise<T> {
    return this.gate.run(send, SYNC_STAGES.indexOf(stage), lane);
  }

  get requestCount(): number {
    return this.client.requestCount;
  }

  /**
   * Resolves once every read asked for so far, and every read those led to, has finished (a
   * preview reads Proxmox before it opens its transaction, so that it holds the database only
   * while it writes).
   */
  async settled(): Promise<void> {
    let seen = -1;
    while (this.cache.size !== seen) {
      seen = this.cache.size;
      await Promise.all(this.cache.values());
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<Fetched<T>> {
    if (!this.cache.has(key)) {
      this.cache.set(
        key,
        load().then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      );
    }
    return this.cache.get(key) as Promise<Fetched<T>>;
  }

  version(): Promise<Fetched<{ version: string; release: string; repoid: string }>> {
    return this.once('version', async () => {
      const v =
        parseTolerant(schemas.version, await this.read('devices', () => this.client.get('/version', asSent))) ?? {};
      return { version: v.version ?? '', release: v.release ?? '', repoid: v.repoid ?? '' };
    });
  }

  /** Cluster identity and the node list (cluster status merged with /nodes for live figures). */
  topology(): Promise<Fetched<{ cluster: ClusterInfo; nodes: NodeInfo[] }>> {
    return this.once('topology', async () => {
      const [status, list] = await Promise.all([
        this.read('devices', () => this.client.get('/cluster/status', asSent)),
        this.read('devices', () => this.client.get('/nodes', asSent)),
      ]);
      const entries = items(schemas.statusEntry, status);
      const listed = items(schemas.node, list);
      const live = new Map(listed.map((n) => [n.node ?? '', n]));
      const nodeEntries = entries.filter((e) => e.type === 'node');
      const clusterEntry = entries.find((e) => e.type === 'cluster');
      // A standalone node without cluster status entries: the /nodes list names it.
      const members =
        nodeEntries.length > 0
          ? nodeEntries
          : listed.map((n) => ({
              name: n.node,
              nodeid: undefined,
              ip: undefined,
              online: undefined,
              local: undefined,
              level: n.level,
            }));
      const nodes: NodeInfo[] = members.map((e) => {
        const name = e.name ?? '';
        const l = live.get(name);
        return {
          name,
          nodeId: whole(e.nodeid),
          ip: e.ip ?? null,
          online: e.online ?? l?.status === 'online',
          local: e.local ?? false,
          level: e.level ?? l?.level ?? '',
          cpu: l?.cpu ?? null,
          maxCpu: whole(l?.maxcpu),
          memory: whole(l?.mem),
          maxMemory: whole(l?.maxmem),
          sslFingerprint: l?.ssl_fingerprint ?? '',
        };
      });
      const cluster: ClusterInfo = clusterEntry
        ? {
            name: clusterEntry.name ?? 'cluster',
            mode: 'cluster',
            quorate: clusterEntry.quorate ?? false,
            nodesCount: whole(clusterEntry.nodes) ?? nodes.length,
            version: whole(clusterEntry.version),
          }
        : {
            name: nodes[0]?.name ?? 'standalone',
            mode: 'standalone',
            quorate: true,
            nodesCount: nodes.length,
            version: null,
          };
      return { cluster, nodes: nodes.filter((n) => n.name) };
    });
  }

  /** Every guest of the cluster in one request (`/cluster/resources?type=vm`). */
  guests(): Promise<Fetched<GuestInfo[]>> {
    return this.once('guests', async () =>
      parseTolerantList(
        schemas.guest,
        await this.read('devices', () => this.client.get('/cluster/resources', asSent, { type: 'vm' })),
      ).flatMap(({ item: r, raw }): GuestInfo[] => {
        if (!r.node) return [];
        return [
          {
            vmid: Math.trunc(r.vmid),
            type: r.type,
            node: r.node,
            name: r.name ?? null,
            status: r.status ?? 'unknown',
            template: r.template ?? false,
            maxCpu: whole(r.maxcpu),
            maxMem: whole(r.maxmem),
            tags: r.tags ?? null,
            degraded: raw.name === undefined && raw.status === 'unknown',
          },
        ];
      }),
    );
  }

  /** A guest's config, values as sent (lib/proxmox/config parses the property strings). */
  config(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<PveGuestConfig>> {
    return this.once(
      `config:${g.type}:${g.vmid}`,
      async () =>
        parseTolerant(
          pveGuestConfigSchema,
          await this.read(
            'virtual-machines',
            () => this.client.get(`/nodes/${enc(g.node)}/${g.type}/${g.vmid}/config`, asSent),
            this.configs,
          ),
        ) ?? {},
    );
  }

  /**
   * A guest's config with its disks, NICs and ipconfigs parsed, once per run and as soon as the
   * config arrives. Three stages read the devices; parsed by each of them in one pass when it
   * ran, 5,000 configs held the event loop for half a second three times, and every answer in
   * flight waited that long to be read.
   */
  parsedConfig(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<ParsedGuestConfig>> {
    return this.once(`parsed-config:${g.type}:${g.vmid}`, async () => {
      const fetched = await this.config(g);
      if (!fetched.ok) throw fetched.error;
      const errors: ConfigError[] = [];
      return { config: fetched.value, devices: parseGuestDevices(g.type, fetched.value, errors), errors };
    });
  }

  snapshots(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<SnapshotInfo[]>> {
    return this.once(`snapshots:${g.type}:${g.vmid}`, async () =>
      items(
        schemas.snapshot,
        await this.read('vm-snapshots', () =>
          this.client.get(`/nodes/${enc(g.node)}/${g.type}/${g.vmid}/snapshot`, asSent),
        ),
      )
        .filter((s) => s.name && s.name !== 'current')
        .map((s) => ({
          name: s.name,
          description: s.description ?? '',
          parent: s.parent ?? null,
          snaptime: epoch(s.snaptime),
        })),
    );
  }

  /** Runtime addresses: the QEMU guest agent, or the LXC interfaces endpoint. */
  addresses(g: Pick<GuestInfo, 'node' | 'type' | 'vmid'>): Promise<Fetched<GuestAddress[]>> {
    const path =
      g.type === 'qemu'
        ? `/nodes/${enc(g.node)}/qemu/${g.vmid}/agent/network-get-interfaces`
        : `/nodes/${enc(g.node)}/lxc/${g.vmid}/interfaces`;
    return this.once(`addresses:${g.type}:${g.vmid}`, async () =>
      readGuestAddresses(g.type, await this.read('ip-addresses', () => this.client.get(path, asSent))),
    );
  }

  /** A QEMU guest's host name as its agent reports it (`agent/get-host-name`); null when empty. */
  hostName(g: Pick<GuestInfo, 'node' | 'vmid'>): Promise<Fetched<string | null>> {
    return this.once(`hostname:${g.vmid}`, async () => {
      const answer = await this.read('ip-addresses', () =>
        this.client.get(`/nodes/${enc(g.node)}/qemu/${g.vmid}/agent/get-host-name`, asSent),
      );
      const name = isRecord(answer) && isRecord(answer.result) ? answer.result['host-name'] : undefined;
      return typeof name === 'string' && name.trim() ? name.trim() : null;
    });
  }

  storages(): Promise<Fetched<StorageInfo[]>> {
    return this.once('storages', async () =>
      parseTolerantList(schemas.storage, await this.read('storage', () => this.client.get('/storage', asSent))).flatMap(
        ({ item: s, raw }): StorageInfo[] => {
          if (!s.storage) return [];
          const type = s.type ?? '';
          return [
            {
              name: s.storage,
              type,
              content: s.content ?? '',
              shared: s.shared ?? false,
              enabled: !(s.disable ?? false),
              nodes: s.nodes ?? null,
              config: { ...s, type },
              raw,
            },
          ];
        },
      ),
    );
  }

  /** A storage's backup volumes as one node sees them; `vmid` lets Proxmox keep only one guest's. */
  backups(node: string, storage: string, vmid?: number): Promise<Fetched<BackupInfo[]>> {
    return this.once(`backups:${storage}:${node}:${vmid ?? '*'}`, async () =>
      items(
        schemas.backup,
        await this.read('vm-backups', () =>
          this.client.get(`/nodes/${enc(node)}/storage/${enc(storage)}/content`, asSent, {
            content: 'backup',
            vmid,
          }),
        ),
      ).flatMap((b): BackupInfo[] => {
        if (!b.volid) return [];
        return [
          {
            volid: b.volid,
            storage,
            format: b.format ?? '',
            subtype: b.subtype ?? null,
            vmid: whole(b.vmid),
            ctime: epoch(b.ctime),
            size: whole(b.size),
            used: whole(b.used),
            notes: b.notes ?? null,
            encrypted: b.encrypted ?? '',
            verificationState: b.verification?.state ?? null,
            verificationUpid: b.verification?.upid ?? null,
          },
        ];
      }),
    );
  }

  network(node: string): Promise<Fetched<NodeNetwork[]>> {
    return this.once(`network:${node}`, async () =>
      items(
        schemas.network,
        await this.read('network-interfaces', () => this.client.get(`/nodes/${enc(node)}/network`, asSent)),
      ).flatMap((n): NodeNetwork[] => {
        if (!n.iface) return [];
        return [
          {
            iface: n.iface,
            type: n.type ?? 'unknown',
            active: n.active ?? false,
            cidr: n.cidr ?? null,
            cidr6: n.cidr6 ?? null,
            bridgePorts: n.bridge_ports ?? null,
            mtu: whole(n.mtu),
            vlanId: whole(n['vlan-id']),
            comments: (n.comments ?? '').trim(),
          },
        ];
      }),
    );
  }

  /** A node's task history since `since` (one guest's with `vmid`), following the list's pagination (`total`). */
  tasks(node: string, since: Date, vmid?: number): Promise<Fetched<TaskInfo[]>> {
    return this.once(`tasks:${node}:${vmid ?? '*'}`, async () => {
      const out: TaskInfo[] = [];
      const limit = 500;
      const maxPages = maxTaskPages();
      for (let start = 0; ; start += limit) {
        // A server that keeps answering full pages (without `total`, or with a huge one) must
        // not keep the run paging forever, nor hold an unbounded task list in memory.
        if (start / limit >= maxPages) {
          throw new ProxmoxError({
            category: 'validation',
            status: null,
            path: `/nodes/${node}/tasks`,
            message: `GET /nodes/${node}/tasks: stopped after ${maxPages} full pages (${maxPages * limit} tasks) without reaching the end of the list`,
            suggestion:
              'The task list never ends: check that the endpoint is the Proxmox VE API, or lower "Task history days" (PROXBOX_PROXMOX_MAX_PAGES raises the cap).',
          });
        }
        const page = await this.read('task-history', () =>
          this.client.getPage(`/nodes/${enc(node)}/tasks`, asSent, {
            start,
            limit,
            since: Math.floor(since.getTime() / 1000),
            source: 'archive',
            vmid,
          }),
        );
        // The page is full (there may be more) by the number of entries sent, readable or not.
        const sent = Array.isArray(page.data) ? page.data.filter(isRecord).length : 0;
        for (const t of items(schemas.task, page.data)) {
          const starttime = epoch(t.starttime);
          if (!t.upid || !starttime) continue;
          out.push({
            upid: t.upid,
            node: t.node ?? node,
            pid: whole(t.pid),
            pstart: whole(t.pstart),
            starttime,
            endtime: epoch(t.endtime),
            type: t.type ?? '',
            id: t.id ?? '',
            user: t.user ?? '',
            status: t.status ?? null,
          });
        }
        if (sent < limit || (page.total !== null && start + limit >= page.total)) break;
      }
      return out;
    });
  }

  replications(): Promise<Fetched<ReplicationInfo[]>> {
    return this.once('replications', async () =>
      parseTolerantList(
        schemas.replication,
        await this.read('replications', () => this.client.get('/cluster/replication', asSent)),
      ).flatMap(({ item: r, raw }): ReplicationInfo[] => {
        if (!r.id) return [];
        return [
          {
            id: r.id,
            guest: Math.trunc(r.guest),
            jobnum: whole(r.jobnum) ?? 0,
            target: r.target ?? '',
            schedule: r.schedule ?? '*/15',
            rate: r.rate ?? null,
            comment: r.comment ?? null,
            disable: r.disable ?? false,
            source: r.source ?? null,
            removeJob: r.remove_job ?? null,
            raw,
          },
        ];
      }),
    );
  }

  backupJobs(): Promise<Fetched<BackupJobInfo[]>> {
    return this.once('backup-jobs', async () =>
      parseTolerantList(
        schemas.backupJob,
        await this.read('backup-routines', () => this.client.get('/cluster/backup', asSent)),
      ).flatMap(({ item: j, raw }): BackupJobInfo[] => {
        if (!j.id) return [];
        return [
          {
            id: j.id,
            enabled: j.enabled ?? true,
            schedule: j.schedule ?? '',
            nextRun: epoch(j['next-run']),
            node: j.node ?? null,
            storage: j.storage ?? null,
            vmid: j.vmid ?? null,
            all: j.all ?? false,
            comment: j.comment ?? '',
            config: j,
            raw,
          },
        ];
      }),
    );
  }
}
