import { getDb } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { assertCan } from '@/lib/data/permissions';
import { BackendRequestError } from './http';
import { deleteEndpointCopy, pushEndpoint } from './push';
import { isPushedModel, type EndpointModelKey } from './payloads';
import { lastPush, pushesHeld, recordPush, type PushRecord } from './push-state';

// The data layer calls pushAfterWrite after every committed create/update/delete
// (lib/data/records.ts), so the UI, the NetBox-style API and scripts all push through one place.
// A push never throws: a failed push must not undo or fail the user's save; it is recorded and
// the endpoint page shows the backend copy as out of date, with the reason and "Push again".

async function runPush(modelKey: EndpointModelKey, action: 'save' | 'delete', id: number): Promise<void> {
  try {
    const db = await getDb();
    const outcome =
      action === 'delete' ? await deleteEndpointCopy(db, modelKey, id) : await pushEndpoint(db, modelKey, id);
    recordPush(modelKey, id, true, `Backend copy ${outcome.action}.`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    recordPush(modelKey, id, false, message);
    if (err instanceof BackendRequestError)
      console.error(`Proxbox: pushing ${modelKey} #${id} to the backend failed: ${message}`);
  }
}

/** Pushes the committed state of an endpoint to the backend; other models are ignored. */
export async function pushAfterWrite(modelKey: string, action: 'save' | 'delete', id: number): Promise<void> {
  if (!isPushedModel(modelKey) || pushesHeld()) return;
  await runPush(modelKey, action, id);
}

/** "Push again": pushes one endpoint now and returns what happened. */
export async function pushEndpointAgain(actor: Actor, modelKey: string, id: number): Promise<PushRecord> {
  // Pushing sends the stored state again; it changes nothing the operator could not sync anyway.
  assertCan(actor, 'sync');
  if (!isPushedModel(modelKey))
    throw new AppError('not_found', 'Only Proxmox and NetBox endpoints are pushed to the backend.');
  await runPush(modelKey, 'save', id);
  return lastPush(modelKey, id)!;
}
