'use client';

import type { BriefRef } from '@/lib/models/types';
import type { FkSearch } from './use-fk-search';

interface FkOptionsProps {
  id: string;
  search: FkSearch;
  active: number;
  selectedId: number | undefined;
  onChoose: (ref: BriefRef) => void;
}

/** The listbox under an FK picker. Options react on mouse-down so the input's blur does not win. */
export function FkOptions({ id, search, active, selectedId, onChoose }: FkOptionsProps) {
  const status = search.error
    ? 'Search failed'
    : search.loading
      ? 'Searching…'
      : search.options.length === 0
        ? 'No matches'
        : null;
  return (
    <ul id={id} role="listbox" className="card absolute z-30 mt-1 max-h-64 w-full overflow-y-auto py-1 shadow-lg">
      {search.options.map((option, index) => (
        <li
          key={option.id}
          id={`${id}-${index}`}
          role="option"
          aria-selected={option.id === selectedId}
          className={`cursor-pointer px-2 py-1 text-sm ${index === active ? 'bg-sky-100 dark:bg-sky-900/60' : ''}`}
          onMouseDown={(e) => {
            e.preventDefault();
            onChoose(option);
          }}
        >
          {option.display}
        </li>
      ))}
      {status && (
        <li role="presentation" className="px-2 py-1 text-sm text-zinc-500" aria-live="polite">
          {status}
        </li>
      )}
    </ul>
  );
}
