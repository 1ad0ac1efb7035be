'use client';

import { useState } from 'react';
import { FkPicker } from '@/components/model-form/fk-picker';
import type { BriefRef, FieldMeta } from '@/lib/models/types';

/** Any-of filter on a foreign key: picked objects become chips, each submitted as one value. */
export function FkFilter({ field, initial }: { field: FieldMeta; initial: BriefRef[] }) {
  const [refs, setRefs] = useState(initial);
  const id = `filter-${field.key}`;

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="label">
        {field.label}
      </label>
      {refs.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label={`Selected ${field.label}`}>
          {refs.map((ref) => (
            <li
              key={ref.id}
              className="inline-flex items-center gap-1 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900 dark:bg-sky-900/60 dark:text-sky-100"
            >
              <input type="hidden" name={field.key} value={ref.id} />
              {ref.display}
              <button
                type="button"
                className="rounded px-0.5 hover:bg-sky-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-sky-800"
                aria-label={`Remove ${ref.display}`}
                onClick={() => setRefs((list) => list.filter((r) => r.id !== ref.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <FkPicker
        id={id}
        model={field.fk ?? ''}
        initial={null}
        clearable={false}
        resetOnSelect
        placeholder="Add…"
        onSelect={(ref) => {
          if (ref) setRefs((list) => (list.some((r) => r.id === ref.id) ? list : [...list, ref]));
        }}
      />
    </div>
  );
}
