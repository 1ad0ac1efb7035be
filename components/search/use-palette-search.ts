'use client';

import { useEffect, useState } from 'react';
import { MIN_QUERY_LENGTH } from '@/lib/search/limits';
import type { SearchResult } from '@/lib/search/types';

const DEBOUNCE_MS = 200;
const HITS_PER_GROUP = 4;

export interface PaletteSearch {
  result: SearchResult | null;
  loading: boolean;
  error: string | null;
}

/**
 * Debounced calls of GET /api/search/ for the palette's text. A newer text aborts the older
 * request, so a slow answer never replaces a fresher one.
 */
export function usePaletteSearch(q: string, enabled: boolean): PaletteSearch {
  const [state, setState] = useState<PaletteSearch & { q: string }>({
    q: '',
    result: null,
    loading: false,
    error: null,
  });
  const text = q.trim();
  const active = enabled && text.length >= MIN_QUERY_LENGTH;

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((prev) => ({ ...prev, q: text, loading: true, error: null }));
      fetch(`/api/search/?${new URLSearchParams({ q: text, limit: String(HITS_PER_GROUP) })}`, {
        signal: controller.signal,
        headers: { Accept: 'application/json' },
      })
        .then(async (res) => {
          const body = (await res.json()) as SearchResult & { q?: string[] | string; detail?: string };
          if (res.ok) setState({ q: text, result: body, loading: false, error: null });
          else
            setState({
              q: text,
              result: null,
              loading: false,
              error: Array.isArray(body.q) ? body.q[0] : (body.detail ?? `Search failed (HTTP ${res.status}).`),
            });
        })
        .catch((err: unknown) => {
          if (!controller.signal.aborted)
            setState({
              q: text,
              result: null,
              loading: false,
              error: err instanceof Error ? `Search failed: ${err.message}` : 'Search failed.',
            });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, active]);

  // Results of another text (or of a text now too short) are not shown.
  if (!active) return { result: null, loading: false, error: null };
  return state.q === text ? state : { result: null, loading: true, error: null };
}
