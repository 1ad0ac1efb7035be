import { getDb } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { BackendRequestError } from './http';
import { findBackendCopy, mirroredNetboxId } from './push';
import { copyDifferences, endpointCopy, isPushedModel } from './payloads';
import { lastPush, type PushRecord } from './push-state';
import { loadBackendTarget, NoBackendError } from './target';

// Whether the backend's copy of an endpoint is current, asked live over the backend API and
// compared field by field (URL, port, flags) and by credential fingerprint — never by secret.

export interface BackendCopyStatus {
  state: 'current' | 'out-of-date' | 'missing' | 'unreachable';
  /** Why the copy is not current (empty when it is). */
  reasons: string[];
  backendId: number | null;
  backendUrl: string | null;
  lastPush: PushRecord | null;
}

/** The backend copy's state for an endpoint's detail page. */
export async function loadBackendCopy(actor: Actor, modelKey: string, id: number): Promise<BackendCopyStatus> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  if (!isPushedModel(modelKey)) throw new AppError('not_found', `${modelKey} are not pushed to the backend.`);
  const db = await getDb();
  const last = lastPush(modelKey, id);
  const copy = await endpointCopy(db, modelKey, id);
  if (!copy) throw new AppError('not_found', 'No such endpoint.');
  let baseUrl: string | null = null;
  try {
    const target = await loadBackendTarget(db);
    baseUrl = target.baseUrl;
    const found = await findBackendCopy(target, modelKey, id, copy.name);
    if (!found) {
      const mirrored = modelKey === 'netbox-endpoints' ? await mirroredNetboxId(db) : id;
      const reason =
        mirrored === id
          ? 'The backend holds no copy of this endpoint.'
          : `The backend keeps one NetBox endpoint and mirrors #${mirrored}, not this one.`;
      return { state: 'missing', reasons: [reason], backendId: null, backendUrl: baseUrl, lastPush: last };
    }
    const reasons = copyDifferences(copy.expected, found);
    return {
      state: reasons.length === 0 ? 'current' : 'out-of-date',
      reasons,
      backendId: found.id,
      backendUrl: baseUrl,
      lastPush: last,
    };
  } catch (err) {
    if (!(err instanceof NoBackendError) && !(err instanceof BackendRequestError)) throw err;
    return { state: 'unreachable', reasons: [err.message], backendId: null, backendUrl: baseUrl, lastPush: last };
  }
}
