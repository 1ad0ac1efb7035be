import { z } from 'zod';
import { getDb } from '@/db/client';
import { SYNC_STAGES } from '@/db/schema/choices';
import type { Actor } from '@/lib/data/actor';
import { can } from '@/lib/data/permissions';
import { actorName } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { getModel } from '@/lib/models/registry';
import { OBJECT_SYNC_TYPES } from '@/lib/sync/scope/object-scope';
import { startSyncJob } from '@/lib/sync/jobs/start';
import { EndpointBusyError } from '@/lib/sync/jobs/run-store';
import { ApiError, detail } from './errors';
import { getRow } from './list';
import { createContext, renderRows } from './render';
import { requestedFields } from './query';

const bodySchema = z
  .object({
    endpoints: z.array(z.number().int().positive()).min(1).optional(),
    stages: z.array(z.enum(SYNC_STAGES)).min(1).optional(),
    /** One object ("Sync now"): it decides the endpoint and the stages itself. */
    object: z
      .object({ type: z.enum(OBJECT_SYNC_TYPES), id: z.number().int().positive() })
      .strict()
      .optional(),
    /** Preview: compute what the sync would write, per model, and write nothing (docs/sync.md). */
    dry_run: z.boolean().optional(),
  })
  .strict()
  .refine((b) => !b.object || (b.endpoints === undefined && b.stages === undefined), {
    message: 'Give either an object or endpoints and stages, not both: an object decides its own endpoint and stages.',
    path: ['object'],
  });

/**
 * `POST /api/plugins/proxbox/sync/`: starts a sync (all endpoints and stages, the given ones, or
 * one object `{type, id}` such as a VM) and answers 202 with the recorded job as soon as it
 * exists; progress is on its stream URL.
 */
export async function startSyncFromApi(
  actor: Actor,
  body: unknown,
  origin: string,
): Promise<{ status: number; body: unknown }> {
  if (!can(actor, 'sync')) throw detail(403, 'You do not have permission to perform this action.');
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (errors[String(issue.path[0] ?? 'non_field_errors')] ??= []).push(issue.message);
    throw new ApiError(400, errors);
  }
  const db = await getDb();
  const { endpoints, stages, object, dry_run: dryRun } = parsed.data;
  const jobId = await startSyncJob(db, actor, {
    endpointIds: endpoints,
    stages,
    object,
    requestedBy: actorName(actor),
    dryRun,
  }).catch((error: unknown) => {
    if (error instanceof EndpointBusyError) throw detail(409, error.message);
    // An object that does not exist or was not synced from Proxmox: refused before any job exists.
    if (object && error instanceof AppError) throw new ApiError(400, { object: [error.message] });
    throw error;
  });
  const model = getModel('sync-jobs')!;
  const ctx = createContext(db, origin);
  const [job] = await renderRows(ctx, model, [await getRow(ctx, model, jobId)], requestedFields(model, null));
  return { status: 202, body: job };
}
