import Link from 'next/link';
import { formatCount } from '@/components/data-table/format';
import type { ListResult, ModelMeta, RelatedMeta } from '@/lib/models/types';
import { RecordTable } from './record-table';

export interface RelatedSection {
  rel: RelatedMeta;
  meta: ModelMeta;
  /** The first rows (the page loads 10) and the total count. */
  result: ListResult;
}

const MAX_COLUMNS = 5;

/**
 * One small table per reverse relation that has rows, with a link to the full filtered list;
 * empty relations are named in one line so that the page stays short.
 */
export function RelatedObjects({ sections, parentId }: { sections: RelatedSection[]; parentId: number }) {
  if (sections.length === 0) return null;
  const empty = sections.filter((s) => s.result.rowCount === 0);
  return (
    <>
      {empty.length > 0 && (
        <p className="text-sm text-zinc-500 xl:col-span-2">
          No related{' '}
          {empty
            .map((s) => s.rel.label.toLowerCase())
            .filter((l, i, all) => all.indexOf(l) === i)
            .join(', ')}
          .
        </p>
      )}
      {sections
        .filter((s) => s.result.rowCount > 0)
        .map(({ rel, meta, result }) => {
          const headingId = `related-${rel.model}-${rel.field}`;
          const columns = meta.list.columns.filter((key) => key !== rel.field).slice(0, MAX_COLUMNS);
          const href = `/${rel.model}?${new URLSearchParams({ [rel.field]: String(parentId) })}`;
          return (
            <section key={headingId} className="card" aria-labelledby={headingId}>
              <div className="card-title flex items-center justify-between">
                <h2 id={headingId}>
                  {rel.label} <span className="font-normal text-zinc-500">({formatCount(result.rowCount)})</span>
                </h2>
                {result.rowCount > 0 && (
                  <Link href={href} className="link text-xs font-normal">
                    View all
                  </Link>
                )}
              </div>
              {result.rows.length === 0 ? (
                <p className="p-3 text-sm text-zinc-500">None.</p>
              ) : (
                <RecordTable meta={meta} rows={result.rows} columns={columns} caption={rel.label} />
              )}
            </section>
          );
        })}
    </>
  );
}
