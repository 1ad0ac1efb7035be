// POST /api/backend/sync-jobs/{id}/cancel — cancel a queued or running sync job (operator and admin keys)
import { getDb } from '@/db/client';
import { backendRoute, idParam } from '@/lib/backend/http';
import { cancelSyncJob } from '@/lib/sync/jobs/cancel';

export const POST = backendRoute('sync', async ({ params, actor }) => {
  const id = idParam(params.id, 'SyncJob');
  const { job, state } = await cancelSyncJob(await getDb(), actor!, id);
  return {
    status: 202,
    body: { job_id: job.id, status: job.status, state, cancel_requested_by: job.cancelRequestedBy },
  };
});
