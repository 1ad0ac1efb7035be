import Link from 'next/link';
import type { ModelMeta } from '@/lib/models/types';

/** Edit and Delete buttons, each only when the model allows it. */
export function DetailActions({ meta, id }: { meta: ModelMeta; id: number }) {
  return (
    <>
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
