import { getDb } from '@/db/client';
import type { VerifiedApiKey } from '@/lib/auth/api-keys';
import type { Actor } from '@/lib/data/actor';
import { assertCan } from '@/lib/data/permissions';
import { runSync, type SyncOutcome } from '@/lib/sync/engine';
import { sseResponse } from '@/lib/http/sse-response';
import { acquireStreamSlot, syncEventStream } from '@/lib/sync/jobs/event-stream';
import { startSyncJob } from '@/lib/sync/jobs/start';
import { linkBackendEndpoints } from './inventory-link';

// The seed's /full-update and /full-update/stream: a full sync of every enabled endpoint (the
// plugin-pushed ones included, lib/backend/inventory-link.ts) ending with the NetBox push, either
// awaited (the outcome as JSON) or followed live as server-sent events (lib/sync/jobs/event-stream.ts:
// `: keepalive` every 15 s, exactly one `complete`). A client that disconnects stops its stream,
// not the run: the run is recorded in sync_jobs and can be followed again from its stream URL.

const requesterOf = (key: VerifiedApiKey) => `backend:api-key:${key.keyId}`;

/** The outcome as JSON (snake_case, issues included). */
export function serializeOutcome(outcome: SyncOutcome) {
  return {
    job_id: outcome.jobId,
    status: outcome.status,
    ok: outcome.status === 'completed',
    counts: outcome.counts,
    issues: outcome.issues,
    proxmox_requests: outcome.proxmoxRequests,
    elapsed_ms: outcome.elapsedMs,
  };
}

/** `GET /full-update`: runs a full sync to its end (409 when an endpoint is already syncing). */
export async function runFullUpdate(actor: Actor, key: VerifiedApiKey) {
  assertCan(actor, 'sync');
  const db = await getDb();
  await linkBackendEndpoints(db);
  return serializeOutcome(await runSync(db, { requestedBy: requesterOf(key) }));
}

/** `GET /full-update/stream`: starts a full sync and streams its events until its `complete`. */
export async function streamFullUpdate(actor: Actor, key: VerifiedApiKey, signal: AbortSignal): Promise<Response> {
  const db = await getDb();
  await linkBackendEndpoints(db);
  // Too many streams (429) and a busy endpoint (EndpointBusyError → 409) are refused before the
  // job exists; later failures are recorded on the run, and its stream ends with `complete`.
  const slot = acquireStreamSlot(`apikey:${key.keyId}`);
  try {
    const jobId = await startSyncJob(db, actor, { requestedBy: requesterOf(key) });
    return sseResponse(syncEventStream(db, jobId, signal, 0, slot), { 'X-Proxbox-Job-Id': String(jobId) });
  } catch (err) {
    slot.release();
    throw err;
  }
}
