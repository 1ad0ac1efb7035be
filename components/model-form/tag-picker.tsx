'use client';

import { useId, useState } from 'react';
import type { BriefRef } from '@/lib/models/types';
import { TAGS_PRESENT_NAME } from '@/lib/forms/form-data';
import { FkPicker } from './fk-picker';

export interface TagPickerProps {
  /** Tags currently assigned (from the record, or echoed back after a failed submit). */
  initial: BriefRef[];
  errors?: string[];
}

/** Multi-select of tags: chips for the chosen ones, a searching picker to add more. */
export function TagPicker({ initial, errors }: TagPickerProps) {
  const [tags, setTags] = useState<BriefRef[]>(initial);
  const id = useId();
  const add = (ref: BriefRef | null) => {
    if (ref && !tags.some((t) => t.id === ref.id)) setTags([...tags, ref]);
  };
  return (
    <div className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-start sm:gap-3">
      <label htmlFor={id} className="pt-1.5 text-sm font-medium">
        Tags
      </label>
      <div className="space-y-2">
        {/* Tells the server that the tag list was submitted, even when it is now empty. */}
        <input type="hidden" name={TAGS_PRESENT_NAME} value="1" />
        <ul className="flex flex-wrap gap-1" aria-label="Assigned tags">
          {tags.map((tag) => (
            <li key={tag.id} className="badge flex items-center gap-1">
              <input type="hidden" name="tags" value={tag.id} />
              <input type="hidden" name="tags__display" value={tag.display} />
              {tag.display}
              <button
                type="button"
                className="text-xs"
                aria-label={`Remove tag ${tag.display}`}
                onClick={() => setTags(tags.filter((t) => t.id !== tag.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <FkPicker
          id={id}
          model="tags"
          initial={null}
          onSelect={add}
          resetOnSelect
          placeholder="Add a tag…"
          invalid={Boolean(errors?.length)}
        />
        {errors?.map((message) => (
          <p key={message} className="text-sm text-red-600">
            {message}
          </p>
        ))}
      </div>
    </div>
  );
}
