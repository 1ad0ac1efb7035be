import { notFound, redirect } from 'next/navigation';
import { PageHeader } from '@/components/detail/page-header';
import { ModelForm } from '@/components/model-form/model-form';
import { requireUser } from '@/lib/auth/session';
import { listRecords } from '@/lib/data/records';
import { metaFor } from '@/lib/data/permissions';
import { getMeta } from '@/lib/models/registry';

interface NewPageProps {
  params: Promise<{ model: string }>;
}

export async function generateMetadata({ params }: NewPageProps) {
  const meta = getMeta((await params).model);
  return { title: meta ? `Add ${meta.label.toLowerCase()}` : 'Not found' };
}

export default async function NewPage({ params }: NewPageProps) {
  const actor = await requireUser();
  const found = getMeta((await params).model);
  if (!found) notFound();
  const meta = metaFor(actor, found);
  if (!meta.creatable) redirect(`/${meta.key}`);
  if (meta.singleton) {
    // A singleton that already exists is edited, not created a second time.
    const { rows } = await listRecords(actor, meta.key, { page: 1, perPage: 1, sort: null, q: '', filters: {} });
    if (rows[0]) redirect(`/${meta.key}/${rows[0].id}/edit`);
  }

  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Add ${meta.label.toLowerCase()}`}
        crumbs={[{ label: meta.labelPlural, href: `/${meta.key}` }, { label: 'Add' }]}
      />
      <ModelForm meta={meta} />
    </div>
  );
}
