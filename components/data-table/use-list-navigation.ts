'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useTransition } from 'react';
import type { ListQuery, ModelMeta } from '@/lib/models/types';
import { serializeListQuery } from '@/lib/query/list-query';
import { serializeVisibleColumns } from '@/lib/query/visible-columns';

export interface ListNavigation {
  /** Pushes a new list state; the server page re-renders with the matching rows. */
  navigate: (next: Partial<ListQuery>) => void;
  setColumns: (keys: string[]) => void;
  pending: boolean;
}

/** URL-backed list state: every change becomes a `router.push` of the canonical query string. */
export function useListNavigation(meta: ModelMeta, query: ListQuery, columns: string[]): ListNavigation {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();

  const href = useCallback(
    (nextQuery: ListQuery, nextColumns: string[]) => {
      const params = new URLSearchParams(serializeListQuery(meta, nextQuery));
      const cols = serializeVisibleColumns(meta, nextColumns);
      if (cols) params.set('cols', cols);
      const qs = params.toString();
      return qs ? `${pathname}?${qs}` : pathname;
    },
    [meta, pathname],
  );

  const push = useCallback(
    (nextQuery: ListQuery, nextColumns: string[]) => {
      startTransition(() => router.push(href(nextQuery, nextColumns), { scroll: false }));
    },
    [href, router],
  );

  const navigate = useCallback(
    (next: Partial<ListQuery>) => {
      // Any change other than paging invalidates the current page number.
      const page = next.page ?? 1;
      push({ ...query, ...next, page }, columns);
    },
    [columns, push, query],
  );

  // Rows already carry every field, so showing a column needs no server round trip: updating the
  // URL in place is enough (Next syncs useSearchParams with history.replaceState).
  const setColumns = useCallback(
    (keys: string[]) => window.history.replaceState(null, '', href(query, keys)),
    [href, query],
  );

  return { navigate, setColumns, pending };
}
