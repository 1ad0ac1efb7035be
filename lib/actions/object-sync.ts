'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/session';
import { actorName } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { isObjectSyncType } from '@/lib/sync/scope/object-scope';
import { EndpointBusyError } from '@/lib/sync/jobs/run-store';
import { startSyncJob } from '@/lib/sync/jobs/start';

export interface ObjectSyncState {
  error?: string;
}

/**
 * "Sync now" on a VM, node, device, cluster or storage page: queues a run limited to that object
 * and opens its run page. Whatever refuses it — the object is gone or was never synced, its
 * endpoint is busy — is shown next to the button, and no job is queued. With `dry_run` (Preview)
 * the run is a preview: it writes nothing and its page shows what it would change.
 */
export async function startObjectSyncAction(_prev: ObjectSyncState, formData: FormData): Promise<ObjectSyncState> {
  const actor = await requireUser();
  const type = formData.get('type');
  const id = formData.get('id');
  if (typeof type !== 'string' || !isObjectSyncType(type))
    return { error: `Objects of type "${String(type)}" cannot be synced on their own.` };
  if (typeof id !== 'string' || !/^[1-9]\d{0,14}$/.test(id)) return { error: 'Missing or invalid object id.' };
  let jobId: number;
  try {
    jobId = await startSyncJob(await getDb(), actor, {
      object: { type, id: Number(id) },
      requestedBy: actorName(actor),
      dryRun: formData.get('dry_run') === '1',
    });
  } catch (error) {
    if (error instanceof AppError || error instanceof EndpointBusyError) return { error: error.message };
    console.error(`Sync of ${type} #${id} could not be started:`, error);
    return { error: 'The sync could not be started; see the server log.' };
  }
  redirect(`/sync-jobs/${jobId}`);
}
