import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { syncEvents } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { modelLabel, type SyncChangeSet } from '@/lib/sync/preview/change-set';
import type { PlanView } from './push-plan-view';
import { dashboardDb } from './read';

// A sync preview on its run page: the change set the preview's `sync_preview` event recorded
// (rows capped per model, counts exact), as the plan view the NetBox push's diff table renders.

export const SYNC_PREVIEW_EVENT = 'sync_preview';

const counts = z.object({ creates: z.number(), updates: z.number(), deletes: z.number() });
const payloadSchema = z.object({
  message: z.string(),
  changes: z.object({
    models: z.array(
      z.object({
        type: z.string(),
        counts,
        creates: z.array(z.unknown()),
        updates: z.array(z.unknown()),
        deletes: z.array(z.unknown()),
      }),
    ),
    totals: counts,
    rowLimit: z.number().nullable(),
  }),
});

export interface JobSyncPreview {
  message: string;
  plan: PlanView;
}

/** A change set as the diff table's plan view: one section per model, named for people. */
export function previewPlanView(changes: SyncChangeSet): PlanView {
  const zero = { conflicts: 0, unchanged: 0 };
  return {
    endpointId: 0,
    endpointName: 'Proxmox',
    netboxVersion: '',
    types: changes.models.map((m) => ({
      type: modelLabel(m.type),
      counts: { ...m.counts, ...zero },
      creates: m.creates,
      updates: m.updates,
      deletes: m.deletes,
      conflicts: [],
    })),
    totals: { ...changes.totals, ...zero },
    deletesHeldBack: [],
    rowLimit: changes.rowLimit ?? Number.POSITIVE_INFINITY,
  };
}

/** The change set preview job `jobId` computed; null when it is no preview or has not finished. */
export async function loadJobSyncPreview(actor: Actor, jobId: number): Promise<JobSyncPreview | null> {
  const db = await dashboardDb(actor);
  const [row] = await db
    .select({ payload: syncEvents.payload })
    .from(syncEvents)
    .where(and(eq(syncEvents.jobId, jobId), eq(syncEvents.event, SYNC_PREVIEW_EVENT)))
    .orderBy(asc(syncEvents.seq))
    .limit(1);
  const parsed = payloadSchema.safeParse(row?.payload);
  if (!parsed.success) return null;
  return { message: parsed.data.message, plan: previewPlanView(parsed.data.changes as SyncChangeSet) };
}
