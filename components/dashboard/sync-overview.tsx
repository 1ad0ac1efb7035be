import Link from 'next/link';
import { Badge, choiceTone } from '@/components/data-table/badge';
import { formatCount, formatDatetime, formatDuration, formatRelative } from '@/components/data-table/format';
import type { SyncStatus } from '@/lib/dashboard/sync-status';

/** The latest sync run (status, duration, counts, errors, link) and when the next scheduled one starts. */
export function SyncOverview({ status, now }: { status: SyncStatus; now: number }) {
  const { last, next } = status;
  return (
    <section className="card" aria-labelledby="sync-overview">
      <h2 id="sync-overview" className="card-title">
        Sync status
      </h2>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 p-3 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Last run</dt>
        <dd>
          {last ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              <Link href={`/sync-jobs/${last.id}`} className="link">
                run #{last.id}
              </Link>
              <Badge tone={choiceTone(last.status)}>{last.status.replaceAll('_', ' ')}</Badge>
              <span title={formatDatetime(last.startedAt ?? last.created)}>
                {formatRelative(last.startedAt ?? last.created, now)}
              </span>
            </span>
          ) : (
            'never'
          )}
        </dd>
        {last && (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
            <dd>{last.durationMs === null ? '—' : formatDuration(last.durationMs / 1000)}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Objects</dt>
            <dd>
              {formatCount(last.createdCount)} created · {formatCount(last.updatedCount)} updated ·{' '}
              {formatCount(last.deletedCount)} deleted · {formatCount(last.failedCount)} failed
            </dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Errors</dt>
            <dd className={last.errorCount > 0 ? 'text-red-700 dark:text-red-400' : undefined}>
              {formatCount(last.errorCount)}
              {last.error && <span className="block text-xs">{last.error}</span>}
            </dd>
          </>
        )}
        <dt className="text-zinc-600 dark:text-zinc-400">Next scheduled</dt>
        <dd>
          {next ? (
            <span title={formatDatetime(next)}>{Date.parse(next) <= now ? 'due now' : formatRelative(next, now)}</span>
          ) : (
            <>
              off (
              <Link href="/settings" className="link">
                settings
              </Link>
              )
            </>
          )}
        </dd>
      </dl>
    </section>
  );
}
