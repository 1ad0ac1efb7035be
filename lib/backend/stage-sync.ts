import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { netboxRemoteObjects } from '@/db/schema';
import { hasEnabledNetboxEndpoint } from '@/lib/netbox/push/stage';
import type { VerifiedApiKey } from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { sseResponse } from '@/lib/http/sse-response';
import { acquireStreamSlot, syncEventStream, type StreamSlot } from '@/lib/sync/jobs/event-stream';
import { isObjectSyncType } from '@/lib/sync/scope/object-scope';
import { startSyncJob } from '@/lib/sync/jobs/start';
import type { ProxmoxStageName, StageName } from '@/lib/sync/types';
import { inventoryEndpointIds, linkBackendEndpoints } from './inventory-link';
import { backendRoute, idParam, type BackendReply } from './http';

// The seed's per-stage sync routes (`/dcim/devices/create`, `/virtualization/virtual-machines/
// create`, … each with a `/stream` variant) and its per-VM route, plus `/sync/{type}/{id}` for
// any object a page can "Sync now". Every one starts a queued job (409 while an endpoint is
// busy): the plain route answers 202 with the job, the `/stream` one follows it as server-sent
// events (`: keepalive` every 15 s, exactly one `complete`). The seed's mutating GETs are kept
// next to POST; both need a read-write key.

/** Stage → its path under /api/backend (the seed's proxbox-api routes, which its plugin calls). */
export const STAGE_PATHS: Record<ProxmoxStageName, string> = {
  devices: 'dcim/devices/create',
  storage: 'virtualization/virtual-machines/storage/create',
  'virtual-machines': 'virtualization/virtual-machines/create',
  'task-history': 'virtualization/virtual-machines/task-history/create',
  'vm-disks': 'virtualization/virtual-machines/virtual-disks/create',
  'vm-backups': 'virtualization/virtual-machines/backups/all/create',
  'vm-snapshots': 'virtualization/virtual-machines/snapshots/all/create',
  'network-interfaces': 'dcim/devices/interfaces/create',
  'vm-interfaces': 'virtualization/virtual-machines/interfaces/create',
  'ip-addresses': 'virtualization/virtual-machines/interfaces/ip-address/create',
  replications: 'proxmox/replication',
  'backup-routines': 'proxmox/cluster/backup',
};

const MAX_ENDPOINT_IDS = 100;
const requesterOf = (key: VerifiedApiKey) => `backend:api-key:${key.keyId}`;

/**
 * The seed's `endpoint_ids` / `proxmox_endpoint_ids` (comma list, at most 100): every id must be
 * an existing endpoint. Absent: every enabled endpoint.
 */
export async function endpointIdsParam(
  url: URL,
  linked: Map<number, number> = new Map(),
): Promise<number[] | undefined> {
  const raw = [...url.searchParams.getAll('endpoint_ids'), ...url.searchParams.getAll('proxmox_endpoint_ids')]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim());
  if (raw.length === 0) return undefined;
  const bad = raw.filter((v) => !/^[1-9]\d{0,14}$/.test(v));
  if (bad.length > 0)
    throw detail(
      400,
      `endpoint_ids: "${bad[0]}" is not a Proxmox endpoint id (a comma-separated list of positive integers is expected).`,
    );
  const ids = [...new Set(raw.map(Number))];
  if (ids.length > MAX_ENDPOINT_IDS)
    throw detail(400, `endpoint_ids: at most ${MAX_ENDPOINT_IDS} endpoints per request.`);
  return inventoryEndpointIds(await getDb(), ids, linked);
}

/**
 * The stages a backend stage route runs: its own, then the push into the NetBox endpoint when
 * one is enabled — a netbox-proxbox plugin's "Sync" must end in its NetBox.
 */
async function withPush(stage: ProxmoxStageName): Promise<StageName[]> {
  return (await hasEnabledNetboxEndpoint(await getDb())) ? [stage, 'netbox-push'] : [stage];
}

/**
 * The inventory VM of the per-VM route's id. proxbox-api's id is the VM's id in NetBox: when the
 * push created or adopted a VM with that NetBox id, that is the VM; otherwise the id is taken
 * as Proxbox's own VM id.
 */
async function vmOfNetboxId(id: number): Promise<number> {
  const db = await getDb();
  const [owned] = await db
    .select({ localId: netboxRemoteObjects.localId })
    .from(netboxRemoteObjects)
    .where(
      and(
        eq(netboxRemoteObjects.remoteType, 'virtualization/virtual-machines'),
        eq(netboxRemoteObjects.localModel, 'virtual-machines'),
        eq(netboxRemoteObjects.remoteId, id),
      ),
    );
  return owned?.localId ?? id;
}

function jobReply(jobId: number): BackendReply {
  return {
    status: 202,
    body: {
      job_id: jobId,
      status_url: `/api/plugins/proxbox/sync-jobs/${jobId}/`,
      stream_url: `/api/plugins/proxbox/sync-jobs/${jobId}/stream/`,
    },
    headers: { 'X-Proxbox-Job-Id': String(jobId) },
  };
}

async function streamReply(jobId: number, signal: AbortSignal, slot: StreamSlot): Promise<Response> {
  return sseResponse(syncEventStream(await getDb(), jobId, signal, 0, slot), { 'X-Proxbox-Job-Id': String(jobId) });
}

/** Runs `start` and streams its job with a stream slot taken first (429 before any job exists), or answers with the job. */
async function replyWith(
  mode: ReplyMode,
  key: VerifiedApiKey,
  signal: AbortSignal,
  start: () => Promise<number>,
): Promise<BackendReply | Response> {
  if (mode !== 'stream') return jobReply(await start());
  const slot = acquireStreamSlot(`apikey:${key.keyId}`);
  try {
    return await streamReply(await start(), signal, slot);
  } catch (err) {
    slot.release();
    throw err;
  }
}

export type ReplyMode = 'job' | 'stream';

/** A route that runs one stage (of every enabled endpoint, or of `endpoint_ids`). */
export function stageRoute(stage: ProxmoxStageName, mode: ReplyMode) {
  return backendRoute('sync', async ({ req, key, actor }) => {
    const db = await getDb();
    const linked = await linkBackendEndpoints(db);
    const endpointIds = await endpointIdsParam(new URL(req.url), linked);
    const stages = await withPush(stage);
    return replyWith(mode, key!, req.signal, async () =>
      startSyncJob(db, actor!, { endpointIds, stages, requestedBy: requesterOf(key!) }),
    );
  });
}

/**
 * A route that syncs one object: `type` is a registry key (virtual-machines, proxmox-nodes,
 * devices, proxmox-clusters, clusters, storage), fixed by the route or taken from its path.
 * An unknown type or id is a 404 and a hand-made object a 400, before any job exists.
 */
export function objectRoute(mode: ReplyMode, fixedType?: string) {
  return backendRoute('sync', async ({ req, key, actor, params }) => {
    const type = fixedType ?? params.type ?? '';
    if (!isObjectSyncType(type)) throw detail(404, `Objects of type "${type}" cannot be synced on their own.`);
    const raw = idParam(params.id, type);
    await linkBackendEndpoints(await getDb());
    const id = type === 'virtual-machines' && fixedType ? await vmOfNetboxId(raw) : raw;
    return replyWith(mode, key!, req.signal, async () =>
      startSyncJob(await getDb(), actor!, { object: { type, id }, requestedBy: requesterOf(key!) }),
    );
  });
}
