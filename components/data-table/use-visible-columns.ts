'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { ModelMeta } from '@/lib/models/types';
import { parseVisibleColumns } from '@/lib/query/visible-columns';

/**
 * Visible column keys: local state so a toggle shows at once, re-read from the URL whenever `cols`
 * changes there (back/forward, links) — React's "adjust state when a prop changes" pattern.
 * Without `cols` in the URL, the user's stored layout (`stored`) applies, else the defaults.
 */
export function useVisibleColumns(meta: ModelMeta, stored: string[] | null): [string[], (keys: string[]) => void] {
  const colsParam = useSearchParams().get('cols') ?? stored?.join(',') ?? null;
  const [seen, setSeen] = useState(colsParam);
  const [visible, setVisible] = useState(() => parseVisibleColumns(meta, colsParam));
  if (colsParam !== seen) {
    setSeen(colsParam);
    setVisible(parseVisibleColumns(meta, colsParam));
  }
  return [visible, setVisible];
}
