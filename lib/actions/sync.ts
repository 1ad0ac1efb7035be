'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { SYNC_STAGES } from '@/db/schema/choices';
import { requireUser } from '@/lib/auth/session';
import { actorName } from '@/lib/data/actor';
import { startSyncJob } from '@/lib/sync/jobs/start';
import type { StageName } from '@/lib/sync/types';
import { setFlash } from './flash';

export interface SyncActionState {
  error?: string;
}

/**
 * Starts a sync (all endpoints, or one; all stages, or one) in the background and opens its run
 * page, where the progress streams in. A run already holding the endpoint is reported here. With
 * `dry_run` (the Preview button) it is a preview: the run page shows its change set.
 */
export async function startSyncAction(_prev: SyncActionState, formData: FormData): Promise<SyncActionState> {
  const actor = await requireUser();
  const endpoint = formData.get('endpoint');
  const raw = formData.get('stage');
  const stage = typeof raw === 'string' && raw !== '' ? raw : null;
  const dryRun = formData.get('dry_run') === '1';
  const endpointIds = typeof endpoint === 'string' && /^\d+$/.test(endpoint) ? [Number(endpoint)] : undefined;
  if (stage !== null && !SYNC_STAGES.includes(stage as StageName)) return { error: `Unknown stage "${stage}".` };
  const db = await getDb();
  let jobId: number;
  try {
    jobId = await startSyncJob(db, actor, {
      endpointIds,
      stages: stage ? [stage as StageName] : undefined,
      requestedBy: actorName(actor),
      dryRun,
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  await setFlash(dryRun ? `Preview #${jobId} started: nothing will be written.` : `Sync #${jobId} started.`, 'info');
  redirect(`/sync-jobs/${jobId}`);
}
