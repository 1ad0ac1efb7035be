import Link from 'next/link';
import type { ModelMeta } from '@/lib/models/types';

interface EmptyStateProps {
  meta: ModelMeta;
  /** Search or filters are active, so the table may be empty only because of them. */
  filtered: boolean;
  onClear: () => void;
}

export function EmptyState({ meta, filtered, onClear }: EmptyStateProps) {
  return (
    <div className="card flex flex-col items-center gap-3 px-4 py-10 text-center">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No {meta.labelPlural.toLowerCase()} found{filtered ? ' matching the current search and filters' : ''}.
      </p>
      <div className="flex gap-2">
        {filtered && (
          <button type="button" className="btn" onClick={onClear}>
            Clear filters
          </button>
        )}
        {meta.creatable && (
          <Link href={`/${meta.key}/new`} className="btn btn-primary">
            Add {meta.label.toLowerCase()}
          </Link>
        )}
      </div>
    </div>
  );
}
