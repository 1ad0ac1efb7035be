'use client';

import { FieldValue } from '@/components/data-table/field-value';
import { secretSetKey } from '@/components/data-table/format';
import type { FieldMeta, RecordDTO } from '@/lib/models/types';
import type { FormSource } from './field-defaults';
import { FieldInput } from './field-input';

interface FieldRowProps {
  field: FieldMeta;
  source: FormSource;
  /** The stored object (edit forms): read-only values and whether secrets are set. */
  record: RecordDTO | undefined;
  errors: string[] | undefined;
  nullLabel: string;
  /** Shown as text: read-only for everyone, or owned by the sync on this row. */
  readOnly: boolean;
}

/** Label, input, help text and errors for one field; read-only fields render as plain text. */
export function FieldRow({ field, source, record, errors, nullLabel, readOnly }: FieldRowProps) {
  const id = `field-${field.key}`;
  if (readOnly) {
    return (
      <div className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-baseline">
        <span className="label">{field.label}</span>
        <div className="text-sm">{record ? <FieldValue field={field} record={record} /> : '—'}</div>
      </div>
    );
  }
  const helpId = field.help ? `${id}-help` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const secretSet = record?.[secretSetKey(field.key)] === true;
  const checkbox = field.kind === 'boolean';

  return (
    <div className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-start">
      <label htmlFor={id} className={`label ${checkbox ? '' : 'sm:pt-1.5'}`}>
        {field.label}
        {field.required && !checkbox && (
          <span className="text-red-600" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <div className="space-y-1">
        <FieldInput
          field={field}
          source={source}
          secretSet={secretSet}
          id={id}
          invalid={Boolean(errorId)}
          describedBy={describedBy}
          nullLabel={nullLabel}
        />
        {field.help && (
          <p id={helpId} className="text-xs text-zinc-500 dark:text-zinc-400">
            {field.help}
          </p>
        )}
        {errors?.length ? (
          <p id={errorId} className="text-xs text-red-600 dark:text-red-400">
            {errors.join(' ')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
