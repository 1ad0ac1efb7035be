import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { syncEvents, syncJobs } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import type { PushPlan } from '@/lib/netbox/push/types';
import { sumPushCounts, type PushTotals } from './netbox-push-summary';
import { planView, type PlanView } from './push-plan-view';
import { dashboardDb } from './read';

// The `netbox-push` part of a sync job for its run page: per NetBox endpoint pushed, the counts
// per NetBox object type, the failed writes, and (for a dry run) the change set it computed, from
// the `netbox_push` events of the job's log (one per endpoint). A job without them shows the
// counts per object type of its summary, summed over the NetBox endpoints it pushed to.

export const NETBOX_PUSH_EVENT = 'netbox_push';

const counts = z
  .object({ created: z.number(), updated: z.number(), deleted: z.number(), unchanged: z.number(), failed: z.number() })
  .partial();
const failure = z.object({
  type: z.string(),
  key: z.string(),
  label: z.string(),
  operation: z.string(),
  category: z.string(),
  message: z.string(),
  suggestion: z.string(),
});
const payloadSchema = z.object({
  endpointId: z.number(),
  endpointName: z.string(),
  dryRun: z.boolean(),
  counts: z.record(z.string(), counts),
  failures: z.array(failure).default([]),
  requests: z.object({ total: z.number(), writes: z.number() }).optional(),
  /** The computed change set; the stage records it for dry runs. */
  plan: z.unknown().optional(),
});

export interface JobNetboxPush {
  /** Null for the summed counts of a job that recorded no per-endpoint events. */
  endpointId: number | null;
  endpointName: string;
  dryRun: boolean;
  counts: Record<string, PushTotals>;
  totals: PushTotals;
  failures: z.infer<typeof failure>[];
  requests: { total: number; writes: number } | null;
  plan: PlanView | null;
}

const isPlan = (value: unknown): value is PushPlan =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as PushPlan).types) &&
  typeof (value as PushPlan).endpointId === 'number';

/** The NetBox pushes recorded by job `jobId`, in the order they ran; empty when it pushed nothing. */
export async function loadJobNetboxPushes(actor: Actor, jobId: number): Promise<JobNetboxPush[]> {
  const db = await dashboardDb(actor);
  const rows = await db
    .select({ payload: syncEvents.payload })
    .from(syncEvents)
    .where(and(eq(syncEvents.jobId, jobId), eq(syncEvents.event, NETBOX_PUSH_EVENT)))
    .orderBy(asc(syncEvents.seq));
  const pushes = rows.flatMap(({ payload }) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return [];
    const p = parsed.data;
    const perType = Object.fromEntries(
      Object.entries(p.counts).map(([type, c]) => [type, sumPushCounts({ [type]: c })]),
    );
    return [
      {
        endpointId: p.endpointId,
        endpointName: p.endpointName,
        dryRun: p.dryRun,
        counts: perType,
        totals: sumPushCounts(p.counts),
        failures: p.failures,
        requests: p.requests ?? null,
        plan: isPlan(p.plan) ? planView(p.plan) : null,
      },
    ];
  });
  if (pushes.length > 0) return pushes;
  const [job] = await db
    .select({ summary: syncJobs.summary, dryRun: syncJobs.dryRun })
    .from(syncJobs)
    .where(eq(syncJobs.id, jobId));
  const types = job?.summary?.['netbox-push']?.types;
  if (!types) return [];
  const perType = Object.fromEntries(Object.entries(types).map(([type, c]) => [type, sumPushCounts({ [type]: c })]));
  return [
    {
      endpointId: null,
      endpointName: 'All NetBox endpoints',
      dryRun: job.dryRun,
      counts: perType,
      totals: sumPushCounts(types),
      failures: [],
      requests: null,
      plan: null,
    },
  ];
}
