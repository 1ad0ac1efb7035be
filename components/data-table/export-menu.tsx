'use client';

import Link from 'next/link';
import type { ModelMeta } from '@/lib/models/types';

interface ExportMenuProps {
  meta: ModelMeta;
  /** The list's query string (filter, search) and `cols`, without `?`. */
  search: string;
}

const CHOICES = [
  { format: 'csv', shape: 'view', label: 'CSV — current view' },
  { format: 'csv', shape: 'all', label: 'CSV — all fields' },
  { format: 'json', shape: 'view', label: 'JSON — current view' },
  { format: 'json', shape: 'all', label: 'JSON — all fields' },
] as const;

/** Downloads of every row matching the current filter (not just this page), streamed by the server. */
export function ExportMenu({ meta, search }: ExportMenuProps) {
  return (
    <details className="relative">
      <summary className="btn cursor-pointer list-none">Export</summary>
      <ul className="card absolute right-0 z-20 mt-1 w-56 p-1 shadow-lg">
        {CHOICES.map((c) => (
          <li key={`${c.format}-${c.shape}`}>
            {/* A plain link: the browser streams the download itself; prefetching it would start an export. */}
            <a
              href={`/${meta.key}/export?format=${c.format}&shape=${c.shape}${search ? `&${search}` : ''}`}
              download
              className="block rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              {c.label}
            </a>
          </li>
        ))}
        {meta.creatable && (
          <li className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
            <Link
              href={`/${meta.key}/import`}
              className="block rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              Import…
            </Link>
          </li>
        )}
      </ul>
    </details>
  );
}
