'use client';

import { secretClearName } from '@/lib/forms/form-data';
import type { FieldMeta } from '@/lib/models/types';

interface SecretInputProps {
  field: FieldMeta;
  /** Whether a value is stored now; the value itself never reaches the browser. */
  set: boolean;
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
}

/** Write-only credential: always empty; blank keeps the stored value, "clear" removes it. */
export function SecretInput({ field, set, id, invalid, describedBy }: SecretInputProps) {
  const statusId = `${id}-status`;
  return (
    <div className="space-y-1">
      <input
        id={id}
        name={field.key}
        type="password"
        autoComplete="new-password"
        defaultValue=""
        maxLength={field.maxLength}
        placeholder={set ? 'Leave blank to keep the current value' : ''}
        aria-invalid={invalid || undefined}
        aria-describedby={[statusId, describedBy].filter(Boolean).join(' ')}
        className="input"
      />
      <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span id={statusId}>Currently {set ? 'set' : 'not set'}.</span>
        {set && field.nullable && (
          <label className="flex items-center gap-1">
            <input type="checkbox" name={secretClearName(field.key)} />
            Clear the stored value
          </label>
        )}
      </div>
    </div>
  );
}
