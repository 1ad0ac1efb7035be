import Link from 'next/link';
import { formatDatetime } from '@/components/data-table/format';

export interface ScheduleInfoProps {
  enabled: boolean;
  intervalMinutes: number;
  /** "every 2 hours", "cron 0 3 * * * (UTC)"; falls back to the interval in minutes. */
  description?: string;
  /** What a scheduled run covers. */
  stages?: string;
  endpoints?: string;
  /** ISO time of the next scheduled run (null when scheduling is off). */
  next: string | null;
  last: { slotStart: string; jobId: number | null } | null;
}

/** When scheduled syncs run: on/off, the interval or cron, what they cover, the next run and the last one that fired. */
export function ScheduleInfo({
  enabled,
  intervalMinutes,
  description,
  stages,
  endpoints,
  next,
  last,
}: ScheduleInfoProps) {
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading" className="card-title">
        Scheduled syncs
      </h2>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1 p-3 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
        <dd>{enabled ? (description ?? `every ${intervalMinutes} min`) : 'off (turn on "Sync enabled")'}</dd>
        {enabled && stages && (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Stages</dt>
            <dd>{stages}</dd>
          </>
        )}
        {enabled && endpoints && (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Endpoints</dt>
            <dd>{endpoints}</dd>
          </>
        )}
        <dt className="text-zinc-600 dark:text-zinc-400">Next run</dt>
        <dd>{next ? formatDatetime(next) : '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Last scheduled run</dt>
        <dd>
          {last ? (
            <>
              {formatDatetime(last.slotStart)}
              {last.jobId !== null && (
                <>
                  {' '}
                  (
                  <Link className="link" href={`/sync-jobs/${last.jobId}`}>
                    run #{last.jobId}
                  </Link>
                  )
                </>
              )}
            </>
          ) : (
            'never'
          )}
        </dd>
      </dl>
    </section>
  );
}
