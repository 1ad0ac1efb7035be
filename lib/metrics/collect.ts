// Metrics read from the database at scrape time: they cover the runs of every process (web,
// `npm run worker`) and survive restarts, unlike the in-process registry.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { SYNC_JOB_STATUS } from '@/db/schema/choices';
import { histogramSamples, type MetricFamily } from './exposition';

/** Stage wall times in seconds: a stage of a small estate takes well under a second, a big one minutes. */
export const STAGE_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] as const;
const FINISHED = SYNC_JOB_STATUS.filter((s) => s !== 'queued' && s !== 'running');

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown): T[] => (result as Rows<T>).rows;

export async function collectDatabaseMetrics(db: Database): Promise<MetricFamily[]> {
  const byStatus = new Map(
    rowsOf<{ status: string; n: string | number }>(
      await db.execute(sql`select status, count(*) as n from sync_jobs group by status`),
    ).map((r) => [r.status, Number(r.n)]),
  );

  const bucketColumns = sql.join(
    STAGE_BUCKETS.map((le, i) => sql`count(*) filter (where d <= ${le}) as ${sql.identifier(`b${i}`)}`),
    sql`, `,
  );
  const stages = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
    select stage, count(*) as n, coalesce(sum(d), 0) as total, ${bucketColumns},
           coalesce(sum(created), 0) as created, coalesce(sum(updated), 0) as updated, coalesce(sum(deleted), 0) as deleted
    from (
      select s.key as stage, (s.value->>'durationMs')::float8 / 1000 as d,
             (s.value->>'created')::bigint as created, (s.value->>'updated')::bigint as updated, (s.value->>'deleted')::bigint as deleted
      from sync_jobs j, jsonb_each(j.summary) s
      where j.finished_at is not null
    ) x
    group by stage order by stage`),
  );

  // A success is a completed run of the whole endpoint (all stages or the endpoint's own run),
  // not one stage or one object of it.
  const lastSuccess = rowsOf<{ name: string; t: string | number | null }>(
    await db.execute(sql`
    select e.name, extract(epoch from max(j.finished_at)) as t
    from proxmox_endpoints e
    join sync_jobs j on j.status = 'completed' and j.kind in ('full', 'endpoint') and j.endpoint_ids @> jsonb_build_array(e.id)
    group by e.name order by e.name`),
  );

  return [
    {
      name: 'proxbox_sync_runs_total',
      help: 'Finished sync runs by final status.',
      type: 'counter',
      samples: FINISHED.map((status) => ({ labels: { status }, value: byStatus.get(status) ?? 0 })),
    },
    {
      name: 'proxbox_sync_queue_depth',
      help: 'Sync jobs waiting for a worker.',
      type: 'gauge',
      samples: [{ labels: {}, value: byStatus.get('queued') ?? 0 }],
    },
    {
      name: 'proxbox_sync_jobs_running',
      help: 'Sync jobs running now, in any process.',
      type: 'gauge',
      samples: [{ labels: {}, value: byStatus.get('running') ?? 0 }],
    },
    {
      name: 'proxbox_sync_stage_duration_seconds',
      help: 'Wall time of each stage of finished sync runs (the slowest endpoint when several ran together).',
      type: 'histogram',
      samples: stages.flatMap((r) =>
        histogramSamples(
          { stage: String(r.stage) },
          STAGE_BUCKETS,
          STAGE_BUCKETS.map((_, i) => Number(r[`b${i}`])),
          Number(r.total),
          Number(r.n),
        ),
      ),
    },
    {
      name: 'proxbox_sync_objects_total',
      help: 'Inventory objects the sync created, updated or deleted, by stage and operation.',
      type: 'counter',
      samples: stages.flatMap((r) =>
        (['created', 'updated', 'deleted'] as const).map((operation) => ({
          labels: { stage: String(r.stage), operation },
          value: Number(r[operation]),
        })),
      ),
    },
    {
      name: 'proxbox_sync_last_success_timestamp_seconds',
      help: 'End of the last completed full or endpoint sync of each Proxmox endpoint (Unix time).',
      type: 'gauge',
      samples: lastSuccess
        .filter((r) => r.t !== null)
        .map((r) => ({ labels: { endpoint: r.name }, value: Number(r.t) })),
    },
  ];
}
