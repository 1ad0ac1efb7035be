'use client';

import type { FieldMeta, ModelMeta } from '@/lib/models/types';

// Filter controls generated from field kinds (tablecn's `meta.variant`). Text is searched through
// `q` only, so it has no control here. Inputs are uncontrolled and named like URL parameters.

const FILTER_KINDS = new Set(['choice', 'boolean', 'nullboolean', 'fk', 'integer', 'number', 'datetime']);

export function filterableFields(meta: ModelMeta): FieldMeta[] {
  return meta.fields.filter(
    (f) => !f.hidden && f.key !== 'id' && FILTER_KINDS.has(f.kind) && (f.kind !== 'fk' || f.fk),
  );
}

interface ControlProps {
  field: FieldMeta;
  values: string[];
}

export function ChoiceFilter({ field, values }: ControlProps) {
  return (
    <fieldset className="space-y-0.5">
      <legend className="label">{field.label}</legend>
      <div className="max-h-36 overflow-y-auto rounded border border-zinc-200 p-1 dark:border-zinc-700">
        {(field.choices ?? []).map((choice) => (
          <label key={choice.value} className="flex items-center gap-2 px-1 text-sm">
            <input
              type="checkbox"
              name={field.key}
              value={choice.value}
              defaultChecked={values.includes(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function BooleanFilter({ field, values }: ControlProps) {
  const id = `filter-${field.key}`;
  return (
    <div className="space-y-0.5">
      <label htmlFor={id} className="label">
        {field.label}
      </label>
      <select id={id} name={field.key} defaultValue={values[0] ?? ''} className="input">
        <option value="">Any</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
        {field.kind === 'nullboolean' && <option value="null">Inherit (unset)</option>}
      </select>
    </div>
  );
}

interface RangeProps {
  field: FieldMeta;
  from: string | undefined;
  to: string | undefined;
}

/** Datetimes travel as UTC ISO strings; a datetime-local input shows them without the zone. */
const toLocalInput = (value: string | undefined) => (value ? value.slice(0, 16) : '');

export function RangeFilter({ field, from, to }: RangeProps) {
  const isDate = field.kind === 'datetime';
  const common = {
    type: isDate ? 'datetime-local' : 'number',
    step: field.kind === 'number' ? 'any' : isDate ? undefined : 1,
    className: 'input min-w-0 flex-1',
  };
  const id = `filter-${field.key}`;
  return (
    <fieldset className="space-y-0.5">
      <legend className="label">
        {field.label}
        {isDate ? ' (UTC)' : ''}
      </legend>
      <div className={isDate ? 'flex flex-col gap-1' : 'flex items-center gap-1'}>
        <label htmlFor={`${id}-gte`} className={isDate ? 'text-xs text-zinc-500' : 'sr-only'}>
          <span className="sr-only">{field.label} </span>
          from
        </label>
        <input
          id={`${id}-gte`}
          name={`${field.key}__gte`}
          placeholder="from"
          defaultValue={isDate ? toLocalInput(from) : from}
          {...common}
        />
        {!isDate && <span aria-hidden="true">–</span>}
        <label htmlFor={`${id}-lte`} className={isDate ? 'text-xs text-zinc-500' : 'sr-only'}>
          <span className="sr-only">{field.label} </span>
          to
        </label>
        <input
          id={`${id}-lte`}
          name={`${field.key}__lte`}
          placeholder="to"
          defaultValue={isDate ? toLocalInput(to) : to}
          {...common}
        />
      </div>
    </fieldset>
  );
}
