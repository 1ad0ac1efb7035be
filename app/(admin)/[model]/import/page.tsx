import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/detail/page-header';
import { ImportForm } from '@/components/import/import-form';
import { requireUser } from '@/lib/auth/session';
import { fieldList } from '@/lib/api/render';
import { getModel } from '@/lib/models/registry';

interface ImportPageProps {
  params: Promise<{ model: string }>;
}

export async function generateMetadata({ params }: ImportPageProps) {
  const model = getModel((await params).model);
  return { title: model ? `Import ${model.meta.labelPlural.toLowerCase()}` : 'Not found' };
}

export default async function ImportPage({ params }: ImportPageProps) {
  await requireUser();
  const model = getModel((await params).model);
  if (!model || !model.meta.creatable || model.meta.singleton) notFound();
  const meta = model.meta;
  // The columns an all-fields CSV export writes; the link URLs and computed fields are not written.
  const columns = fieldList(model, 'full').filter(
    (n) =>
      n === 'id' ||
      n === 'tags' ||
      n === 'custom_fields' ||
      meta.fields.some((f) => f.api === n && !f.readOnly && f.kind !== 'secret'),
  );
  return (
    <>
      <PageHeader
        title={`Import ${meta.labelPlural.toLowerCase()}`}
        crumbs={[{ label: meta.labelPlural, href: `/${meta.key}` }, { label: 'Import' }]}
      />
      <ImportForm meta={meta} columns={columns} />
    </>
  );
}
