import Link from 'next/link';
import { formatCount } from '@/components/data-table/format';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { countRecords } from '@/lib/data/records';
import { modelMetas } from '@/lib/models/registry';
import { TryDemo } from '@/components/demo/try-demo';
import { SyncActions } from '@/components/sync/sync-actions';

export const metadata = { title: 'Dashboard' };

export default async function HomePage() {
  const actor = await requireUser();
  const metas = modelMetas();
  const counts = await countRecords(actor, metas.map((m) => m.key));
  const groups = [...new Set(metas.map((m) => m.group))];

  return (
    <>
      <PageHeader title="Dashboard" />
      {(counts['proxmox-endpoints'] ?? 0) === 0 ? (
        <TryDemo />
      ) : (
        <section className="card mb-4 p-3" aria-label="Sync">
          <SyncActions />
        </section>
      )}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {groups.map((group) => (
          <section key={group} className="card" aria-labelledby={`group-${group}`}>
            <h2 id={`group-${group}`} className="card-title">
              {group}
            </h2>
            <table className="w-full text-sm">
              <caption className="sr-only">{group} object counts</caption>
              <tbody>
                {metas.map((meta) =>
                  meta.group === group ? (
                    <tr key={meta.key} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
                      <th scope="row" className="px-3 py-1.5 text-left font-normal">
                        <Link href={`/${meta.key}`} className="link">
                          {meta.labelPlural}
                        </Link>
                      </th>
                      <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(counts[meta.key] ?? 0)}</td>
                    </tr>
                  ) : null,
                )}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}
