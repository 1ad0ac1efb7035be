import { getDb } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { can } from '@/lib/data/permissions';
import { AppError } from '@/lib/data/errors';
import { getModel } from '@/lib/models/registry';
import { cancelSyncJob } from '@/lib/sync/jobs/cancel';
import { detail } from './errors';
import { getRow } from './list';
import { createContext, renderRows } from './render';
import { requestedFields } from './query';

/**
 * `POST /api/plugins/proxbox/sync-jobs/{id}/cancel/`: cancels a queued job or asks a running one
 * to stop; 202 with the job (status `cancelled`, or still `running` until its current stage
 * ends). A finished job is 409, an unknown one 404, viewers 403.
 */
export async function cancelSyncFromApi(
  actor: Actor,
  rawId: string,
  origin: string,
): Promise<{ status: number; body: unknown }> {
  if (!/^\d{1,15}$/.test(rawId)) throw detail(404, 'No SyncJob matches the given query.');
  if (!can(actor, 'sync')) throw detail(403, 'You do not have permission to perform this action.');
  const db = await getDb();
  const { job } = await cancelSyncJob(db, actor, Number(rawId)).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'not_found' ? detail(404, error.message) : error;
  });
  const model = getModel('sync-jobs')!;
  const ctx = createContext(db, origin);
  const [rendered] = await renderRows(ctx, model, [await getRow(ctx, model, job.id)], requestedFields(model, null));
  return { status: 202, body: rendered };
}
