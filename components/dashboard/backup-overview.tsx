import Link from 'next/link';
import { formatCount, formatDatetime } from '@/components/data-table/format';
import type { BackupDay, UnprotectedGuests } from '@/lib/dashboard/backups';
import { BarChart } from './bar-chart';

/** Backups per day over the window, and the guests without a recent backup called out with links. */
export function BackupOverview({
  days,
  unprotected,
  recentDays,
}: {
  days: BackupDay[];
  unprotected: UnprotectedGuests;
  recentDays: number;
}) {
  const total = days.reduce((n, d) => n + d.count, 0);
  return (
    <section className="card" aria-labelledby="backup-overview">
      <h2 id="backup-overview" className="card-title flex items-center justify-between">
        Backups
        <Link href="/backups" className="link text-xs font-normal">
          All backups
        </Link>
      </h2>
      <div className="px-3 pt-3 text-sm" data-testid="unprotected-guests">
        {unprotected.count === 0 ? (
          <p>Every synced guest has a backup from the last {recentDays} days.</p>
        ) : (
          <p>
            <strong className="text-red-700 dark:text-red-400">{formatCount(unprotected.count)}</strong>{' '}
            {unprotected.count === 1 ? 'guest has' : 'guests have'} no backup since{' '}
            <span title={formatDatetime(unprotected.since)}>{recentDays} days</span>
            {': '}
            {unprotected.first.map((g, i) => (
              <span key={g.id}>
                {i > 0 && ', '}
                <Link href={`/virtual-machines/${g.id}`} className="link">
                  {g.name}
                </Link>
              </span>
            ))}
            {unprotected.count > unprotected.first.length &&
              `, and ${formatCount(unprotected.count - unprotected.first.length)} more`}
            .
          </p>
        )}
      </div>
      <BarChart
        id="backups-per-day"
        title={`Backups per day, last ${days.length} days (${formatCount(total)} in all)`}
        series={[{ key: 'backups', label: 'Backups', colour: 'backups' }]}
        categories={days.map((d) => ({ label: d.day.slice(5), values: [d.count] }))}
        format={(v) => formatCount(Math.round(v))}
        labelEvery={5}
      />
    </section>
  );
}
