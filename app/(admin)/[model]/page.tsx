import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data-table/data-table';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import type { Actor } from '@/lib/data/actor';
import { getRecord, listRecords } from '@/lib/data/records';
import { getTablePrefs } from '@/lib/data/table-prefs';
import { metaFor } from '@/lib/data/permissions';
import { getMeta } from '@/lib/models/registry';
import type { BriefRef, ModelMeta } from '@/lib/models/types';
import { parseListQuery } from '@/lib/query/list-query';
import { SingletonView } from './singleton-view';

interface ListPageProps {
  params: Promise<{ model: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const MAX_REFS_PER_FILTER = 10;

/** Labels for the foreign-key ids in the URL, so the filter panel can show names instead of ids. */
async function resolveFilterRefs(actor: Actor, meta: ModelMeta, filters: Record<string, string[]>) {
  const refs: Record<string, BriefRef[]> = {};
  for (const field of meta.fields) {
    const ids = filters[field.key];
    if (field.kind !== 'fk' || !field.fk || !ids) continue;
    const model = field.fk;
    refs[field.key] = await Promise.all(
      ids.slice(0, MAX_REFS_PER_FILTER).map((id) =>
        getRecord(actor, model, Number(id)).then(
          (row) => ({ id: row.id, display: row.display, model }),
          () => ({ id: Number(id), display: `#${id}`, model }),
        ),
      ),
    );
  }
  return refs;
}

export async function generateMetadata({ params }: Pick<ListPageProps, 'params'>) {
  return { title: getMeta((await params).model)?.labelPlural ?? 'Not found' };
}

export default async function ListPage({ params, searchParams }: ListPageProps) {
  const actor = await requireUser();
  const found = getMeta((await params).model);
  if (!found) notFound();
  const meta = metaFor(actor, found);
  if (meta.singleton) return <SingletonView actor={actor} meta={meta} />;

  const urlParams = await searchParams;
  const query = parseListQuery(meta, urlParams);
  // The user's stored layout applies when the URL does not say otherwise.
  const prefs = actor.kind === 'user' ? await getTablePrefs(actor, meta.key) : null;
  if (prefs?.perPage && urlParams.per_page === undefined) query.perPage = prefs.perPage;
  const [result, filterRefs] = await Promise.all([
    listRecords(actor, meta.key, query),
    resolveFilterRefs(actor, meta, query.filters),
  ]);

  return (
    <>
      <PageHeader
        title={meta.labelPlural}
        actions={
          meta.creatable && (
            <Link href={`/${meta.key}/new`} className="btn btn-primary">
              Add {meta.label.toLowerCase()}
            </Link>
          )
        }
      />
      <DataTable
        meta={meta}
        rows={result.rows}
        rowCount={result.rowCount}
        query={query}
        filterRefs={filterRefs}
        storedColumns={prefs?.columns ?? null}
      />
    </>
  );
}
