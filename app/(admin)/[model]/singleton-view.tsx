import Link from 'next/link';
import { DetailActions } from '@/components/detail/detail-actions';
import { FieldTable } from '@/components/detail/field-table';
import { PageHeader } from '@/components/detail/page-header';
import type { Actor } from '@/lib/data/actor';
import { listRecords } from '@/lib/data/records';
import type { ModelMeta } from '@/lib/models/types';

/** The list page of a one-row model (settings…): the row itself, or a button to create it. */
export async function SingletonView({ actor, meta }: { actor: Actor; meta: ModelMeta }) {
  const { rows } = await listRecords(actor, meta.key, { page: 1, perPage: 1, sort: null, q: '', filters: {} });
  const record = rows[0];
  if (!record) {
    return (
      <>
        <PageHeader title={meta.label} />
        <div className="card flex flex-col items-center gap-3 px-4 py-10 text-center">
          <p className="text-zinc-600 dark:text-zinc-400">No {meta.label.toLowerCase()} has been created yet.</p>
          {meta.creatable && (
            <Link href={`/${meta.key}/new`} className="btn btn-primary">
              Create {meta.label.toLowerCase()}
            </Link>
          )}
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={meta.label}
        actions={
          <>
            <Link href={`/${meta.key}/${record.id}`} className="btn">
              Details and history
            </Link>
            <DetailActions meta={meta} id={record.id} />
          </>
        }
      />
      <FieldTable meta={meta} record={record} />
    </>
  );
}
