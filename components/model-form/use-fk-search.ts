'use client';

import { useEffect, useRef, useState } from 'react';
import { searchOptionsAction } from '@/lib/actions/records';
import type { BriefRef } from '@/lib/models/types';

const DEBOUNCE_MS = 250;

export interface FkSearch {
  options: BriefRef[];
  loading: boolean;
  error: boolean;
}

/**
 * Server-side option search for a foreign-key picker. Only the top matches ever reach the
 * browser, so it scales to tables with 100,000 rows. Stale responses are dropped.
 */
export function useFkSearch(model: string, query: string, enabled: boolean): FkSearch {
  const [result, setResult] = useState<FkSearch>({ options: [], loading: false, error: false });
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      setResult((prev) => ({ ...prev, loading: true }));
      searchOptionsAction(model, query)
        .then((options) => {
          if (request === latest.current) setResult({ options, loading: false, error: false });
        })
        .catch(() => {
          if (request === latest.current) setResult({ options: [], loading: false, error: true });
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [model, query, enabled]);

  return result;
}
