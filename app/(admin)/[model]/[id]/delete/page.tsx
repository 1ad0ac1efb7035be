import { redirect } from 'next/navigation';
import { formatCount } from '@/components/data-table/format';
import { DeleteForm } from '@/components/detail/delete-form';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { describeDelete } from '@/lib/data/records';
import { loadRecord } from '../load-record';

interface DeletePageProps {
  params: Promise<{ model: string; id: string }>;
}

export const metadata = { title: 'Delete' };

const BLOCKING = new Set(['restrict', 'no action']);

/** What happens to dependants, in words (Django's on_delete names). */
function consequence(onDelete: string): string {
  if (onDelete === 'cascade') return 'will be deleted';
  if (onDelete === 'set null') return 'will be unlinked';
  if (BLOCKING.has(onDelete)) return 'block the delete';
  return onDelete;
}

export default async function DeletePage({ params }: DeletePageProps) {
  const actor = await requireUser();
  const { model, id } = await params;
  const { meta, record } = await loadRecord(actor, model, id);
  if (!meta.deletable) redirect(`/${meta.key}/${record.id}`);
  const effects = (await describeDelete(actor, meta.key, record.id)).filter((e) => e.count > 0);
  const blocked = effects.some((e) => BLOCKING.has(e.onDelete));

  return (
    <div className="max-w-2xl">
      <PageHeader
        title={`Delete ${record.display}?`}
        crumbs={[
          { label: meta.labelPlural, href: `/${meta.key}` },
          { label: record.display, href: `/${meta.key}/${record.id}` },
          { label: 'Delete' },
        ]}
      />
      <section className="card space-y-3 p-4">
        <p>
          Are you sure you want to delete {meta.label.toLowerCase()} <strong>{record.display}</strong>?
        </p>
        {effects.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">No other objects depend on it.</p>
        ) : (
          <table className="data-table">
            <caption className="pb-1 text-left text-sm font-medium">Dependent objects</caption>
            <thead>
              <tr>
                <th scope="col">Objects</th>
                <th scope="col" className="text-right">
                  Count
                </th>
                <th scope="col">Effect</th>
              </tr>
            </thead>
            <tbody>
              {effects.map((effect) => (
                <tr key={`${effect.model}-${effect.label}`}>
                  <td>{effect.label}</td>
                  <td className="text-right tabular-nums">{formatCount(effect.count)}</td>
                  <td className={BLOCKING.has(effect.onDelete) ? 'font-medium text-red-700 dark:text-red-400' : ''}>
                    {consequence(effect.onDelete)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {blocked && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Remove or reassign the blocking objects first.
          </p>
        )}
        <DeleteForm meta={meta} id={record.id} blocked={blocked} />
      </section>
    </div>
  );
}
