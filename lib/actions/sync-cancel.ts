'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/session';
import { cancelSyncJob } from '@/lib/sync/jobs/cancel';

export interface CancelSyncState {
  error?: string;
  message?: string;
}

/**
 * The sync-job page's "Cancel": a queued job is cancelled at once, a running one stops after its
 * current stage (its progress stream then ends with `complete`, status cancelled).
 */
export async function cancelSyncAction(
  jobId: number,
  _prev: CancelSyncState,
  _formData: FormData,
): Promise<CancelSyncState> {
  const actor = await requireUser();
  // The bound id comes back from the browser: it is input like any other.
  if (!Number.isSafeInteger(jobId) || jobId < 1) return { error: 'Unknown sync job.' };
  try {
    const { state } = await cancelSyncJob(await getDb(), actor, jobId);
    revalidatePath(`/sync-jobs/${jobId}`);
    return { message: state === 'cancelled' ? 'Cancelled before it started.' : 'Stopping after the current stage…' };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
