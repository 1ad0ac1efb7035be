'use client';

import { isMultiValue } from '@/lib/models/multi-value';
import type { FieldMeta } from '@/lib/models/types';
import { checkedDefault, refDefault, textDefault, type FormSource } from './field-defaults';
import { FkPicker } from './fk-picker';
import { MultiInput } from './multi-input';
import { SecretInput } from './secret-input';

export interface FieldInputProps {
  field: FieldMeta;
  source: FormSource;
  /** Whether the stored secret is set (edit forms only). */
  secretSet: boolean;
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
  /** Label of the empty nullboolean option ("Inherit" for overwrite flags). */
  nullLabel: string;
}

/** One input named after the field key, chosen by field kind. */
export function FieldInput({ field, source, secretSet, id, invalid, describedBy, nullLabel }: FieldInputProps) {
  const common = {
    id,
    name: field.key,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    required: field.required && field.kind !== 'boolean',
  };
  if (isMultiValue(field))
    return <MultiInput field={field} source={source} id={id} invalid={invalid} describedBy={describedBy} />;
  switch (field.kind) {
    case 'boolean':
      return <input type="checkbox" {...common} defaultChecked={checkedDefault(field, source)} className="size-4" />;
    case 'nullboolean':
      return (
        <select {...common} defaultValue={textDefault(field, source)} className="input">
          <option value="">{nullLabel}</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      );
    case 'choice':
      return (
        <select {...common} defaultValue={textDefault(field, source)} className="input">
          <option value="">—</option>
          {(field.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case 'fk':
      return (
        <FkPicker
          id={id}
          name={field.key}
          model={field.fk ?? ''}
          initial={refDefault(field, source)}
          clearable={field.nullable}
          invalid={invalid}
          describedBy={describedBy}
        />
      );
    case 'secret':
      return <SecretInput field={field} set={secretSet} id={id} invalid={invalid} describedBy={describedBy} />;
    case 'textarea':
    case 'json':
      return (
        <textarea
          {...common}
          rows={field.kind === 'json' ? 6 : 3}
          maxLength={field.maxLength}
          defaultValue={textDefault(field, source)}
          className={`input ${field.kind === 'json' ? 'font-mono text-xs' : ''}`}
          spellCheck={field.kind !== 'json'}
        />
      );
    case 'integer':
    case 'number':
      return (
        <input
          type="number"
          {...common}
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.min}
          max={field.max}
          defaultValue={textDefault(field, source)}
          className="input"
        />
      );
    case 'datetime':
      return (
        <input type="datetime-local" step={1} {...common} defaultValue={textDefault(field, source)} className="input" />
      );
    default:
      return (
        <input
          type="text"
          {...common}
          maxLength={field.maxLength}
          defaultValue={textDefault(field, source)}
          className={`input ${field.kind === 'ip' ? 'font-mono' : ''}`}
        />
      );
  }
}
