import Link from 'next/link';
import { Badge, choiceTone } from '@/components/data-table/badge';
import { formatDatetime, formatRelative } from '@/components/data-table/format';
import type { RecentChange } from '@/lib/dashboard/changes';

/** The latest change-log entries with links to the changed objects. */
export function RecentChanges({ changes, now }: { changes: RecentChange[]; now: number }) {
  return (
    <section className="card" aria-labelledby="recent-changes">
      <h2 id="recent-changes" className="card-title flex items-center justify-between">
        Recent changes
        <Link href="/object-changes" className="link text-xs font-normal">
          Change log
        </Link>
      </h2>
      {changes.length === 0 ? (
        <p className="p-3 text-sm text-zinc-500">No changes recorded.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {changes.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2 px-3 py-1.5">
              <Badge tone={choiceTone(c.action)}>{c.action}</Badge>
              <span className="text-zinc-500">{c.modelLabel}</span>
              <Link href={c.href} className="link min-w-0 truncate">
                {c.objectRepr}
              </Link>
              <span className="ml-auto whitespace-nowrap text-xs text-zinc-500" title={formatDatetime(c.time)}>
                {c.userName} · {formatRelative(c.time, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
