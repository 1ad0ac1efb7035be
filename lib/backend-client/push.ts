import { asc } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints } from '@/db/schema';
import { backendCall, backendRequest, BackendRequestError, type BackendTarget } from './http';
import { endpointCopy, type EndpointModelKey } from './payloads';
import { loadBackendTarget } from './target';

// Pushing inventory endpoints to the backend store over its HTTP API (the seed's "kept in sync
// via signals"). The backend copy is found by `source_id` (the inventory row id, stable across
// renames); a copy with the same name and no source yet is adopted. The backend keeps one NetBox
// endpoint: the inventory's NetBox endpoint with the lowest id is the one it mirrors.

type BackendCopy = Record<string, unknown> & { id: number; name: string; source_id: number | null };

export interface PushOutcome {
  action: 'created' | 'updated' | 'deleted' | 'unchanged';
  backendId: number | null;
}

/** The backend's copy of an inventory endpoint, or null when it holds none. */
export async function findBackendCopy(
  target: BackendTarget,
  modelKey: EndpointModelKey,
  id: number,
  name?: string,
): Promise<BackendCopy | null> {
  if (modelKey === 'netbox-endpoints') {
    const res = await backendRequest(target, 'GET', 'netbox/endpoint');
    if (res.status === 404) return null;
    if (res.status !== 200)
      throw new BackendRequestError(
        `The backend refused GET /api/backend/netbox/endpoint: HTTP ${res.status}`,
        res.status,
      );
    const copy = res.body as BackendCopy;
    return copy.source_id === id || copy.source_id === null ? copy : null;
  }
  const copies = (await backendCall(target, 'GET', 'proxmox/endpoints', [200])) as BackendCopy[];
  return (
    copies.find((c) => c.source_id === id) ??
    copies.find((c) => c.source_id === null && name !== undefined && c.name === name) ??
    null
  );
}

/** The id of the inventory NetBox endpoint the backend mirrors (the lowest one), or null. */
export async function mirroredNetboxId(db: Database): Promise<number | null> {
  const [first] = await db
    .select({ id: netboxEndpoints.id })
    .from(netboxEndpoints)
    .orderBy(asc(netboxEndpoints.id))
    .limit(1);
  return first?.id ?? null;
}

async function pushNetbox(
  db: Database,
  target: BackendTarget,
  id: number,
  body: Record<string, unknown>,
): Promise<PushOutcome> {
  const mirrored = await mirroredNetboxId(db);
  if (mirrored !== id) {
    throw new BackendRequestError(
      `The backend keeps one NetBox endpoint and mirrors the first one (#${mirrored}); this one is not pushed.`,
    );
  }
  const res = await backendRequest(target, 'GET', 'netbox/endpoint');
  if (res.status === 404) {
    const created = (await backendCall(target, 'POST', 'netbox/endpoint', [201], body)) as BackendCopy;
    return { action: 'created', backendId: created.id };
  }
  const updated = (await backendCall(target, 'PUT', 'netbox/endpoint', [200], body)) as BackendCopy;
  return { action: 'updated', backendId: updated.id };
}

/** Creates or updates the backend copy of inventory endpoint `id` (its current, committed state). */
export async function pushEndpoint(db: Database, modelKey: EndpointModelKey, id: number): Promise<PushOutcome> {
  const copy = await endpointCopy(db, modelKey, id);
  if (!copy) return deleteEndpointCopy(db, modelKey, id);
  const target = await loadBackendTarget(db);
  if (modelKey === 'netbox-endpoints') return pushNetbox(db, target, id, copy.body);
  const existing = await findBackendCopy(target, modelKey, id, copy.name);
  if (!existing) {
    const created = (await backendCall(target, 'POST', 'proxmox/endpoints', [201], copy.body)) as BackendCopy;
    return { action: 'created', backendId: created.id };
  }
  await backendCall(target, 'PUT', `proxmox/endpoints/${existing.id}`, [200], copy.body);
  return { action: 'updated', backendId: existing.id };
}

/** Removes the backend copy of a deleted inventory endpoint (a NetBox one hands over to the next). */
export async function deleteEndpointCopy(db: Database, modelKey: EndpointModelKey, id: number): Promise<PushOutcome> {
  const target = await loadBackendTarget(db);
  const existing = await findBackendCopy(target, modelKey, id);
  if (modelKey === 'netbox-endpoints') {
    if (existing && existing.source_id === id) await backendCall(target, 'DELETE', 'netbox/endpoint', [204]);
    const next = await mirroredNetboxId(db);
    if (next !== null) return pushEndpoint(db, modelKey, next);
    return { action: existing ? 'deleted' : 'unchanged', backendId: existing?.id ?? null };
  }
  if (!existing || existing.source_id !== id) return { action: 'unchanged', backendId: null };
  await backendCall(target, 'DELETE', `proxmox/endpoints/${existing.id}`, [204]);
  return { action: 'deleted', backendId: existing.id };
}
