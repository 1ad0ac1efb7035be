import { redirect } from 'next/navigation';
import { DeleteEffects } from '@/components/detail/delete-effects';
import { DeleteForm } from '@/components/detail/delete-form';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { describeDelete } from '@/lib/data/records';
import { blocksDelete } from '@/lib/models/on-delete';
import { loadRecord } from '../load-record';

interface DeletePageProps {
  params: Promise<{ model: string; id: string }>;
}

export const metadata = { title: 'Delete' };

export default async function DeletePage({ params }: DeletePageProps) {
  const actor = await requireUser();
  const { model, id } = await params;
  const { meta, record } = await loadRecord(actor, model, id);
  if (!meta.deletable) redirect(`/${meta.key}/${record.id}`);
  const effects = (await describeDelete(actor, meta.key, record.id)).filter((e) => e.count > 0);
  const blocked = effects.some((e) => blocksDelete(e.onDelete));

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
        <DeleteEffects effects={effects} none="No other objects depend on it." />
        <DeleteForm meta={meta} id={record.id} blocked={blocked} />
      </section>
    </div>
  );
}
