import Link from 'next/link';
import type { ModelMeta } from '@/lib/models/types';

/** Explore (the relationship explorer from this object), then Edit and Delete when the model allows them. */
export function DetailActions({ meta, id }: { meta: ModelMeta; id: number }) {
  return (
    <>
      <Link href={`/explorer/${meta.key}/${id}`} className="btn">
        Explore
      </Link>
      {meta.editable && (
        <Link href={`/${meta.key}/${id}/edit`} className="btn btn-primary">
          Edit
        </Link>
      )}
      {meta.deletable && (
        <Link href={`/${meta.key}/${id}/delete`} className="btn btn-danger">
          Delete
        </Link>
      )}
    </>
  );
}
