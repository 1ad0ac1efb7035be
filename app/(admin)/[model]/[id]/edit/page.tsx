import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/detail/page-header';
import { ModelForm } from '@/components/model-form/model-form';
import { requireUser } from '@/lib/auth/session';
import { loadRecord } from '../load-record';

interface EditPageProps {
  params: Promise<{ model: string; id: string }>;
}

export const metadata = { title: 'Edit' };

export default async function EditPage({ params }: EditPageProps) {
  const actor = await requireUser();
  const { model, id } = await params;
  const { meta, record } = await loadRecord(actor, model, id);
  if (!meta.editable) redirect(`/${meta.key}/${record.id}`);

  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Edit ${record.display}`}
        crumbs={[
          { label: meta.labelPlural, href: `/${meta.key}` },
          { label: record.display, href: `/${meta.key}/${record.id}` },
          { label: 'Edit' },
        ]}
      />
      <ModelForm meta={meta} record={record} />
    </div>
  );
}
