import Link from 'next/link';
import { formatCount } from '@/components/data-table/format';
import type { ListResult, ModelMeta } from '@/lib/models/types';
import { RecordTable } from './record-table';

interface ChangeHistoryProps {
  /** Metadata of the change-log model (`object-changes`). */
  changesMeta: ModelMeta;
  result: ListResult;
  objectType: string;
  objectId: number;
}

const COLUMNS = ['time', 'userName', 'action', 'requestId'];

/** The object's latest changes, newest first, with a link to its full change log. */
export function ChangeHistory({ changesMeta, result, objectType, objectId }: ChangeHistoryProps) {
  const href = `/${changesMeta.key}?${new URLSearchParams([
    ['changedObjectType', objectType],
    ['changedObjectId', String(objectId)],
  ])}`;
  const columns = COLUMNS.filter((key) => changesMeta.fields.some((f) => f.key === key));
  return (
    <section className="card" aria-labelledby="history-heading">
      <div className="card-title flex items-center justify-between">
        <h2 id="history-heading">
          Change log <span className="font-normal text-zinc-500">({formatCount(result.rowCount)})</span>
        </h2>
        {result.rowCount > 0 && (
          <Link href={href} className="link text-xs font-normal">
            View all
          </Link>
        )}
      </div>
      {result.rows.length === 0 ? (
        <p className="p-3 text-sm text-zinc-500">No changes recorded.</p>
      ) : (
        <RecordTable meta={changesMeta} rows={result.rows} columns={columns} caption="Change log" />
      )}
    </section>
  );
}
