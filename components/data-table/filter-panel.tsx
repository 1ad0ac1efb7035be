'use client';

import type { FormEvent } from 'react';
import type { BriefRef, ModelMeta } from '@/lib/models/types';
import { isRangeFilterable, parseListQuery } from '@/lib/query/list-query';
import { BooleanFilter, ChoiceFilter, filterableFields, RangeFilter } from './filter-fields';
import { FkFilter } from './fk-filter';

interface FilterPanelProps {
  id: string;
  meta: ModelMeta;
  filters: Record<string, string[]>;
  filterRefs: Record<string, BriefRef[]>;
  onApply: (filters: Record<string, string[]>) => void;
}

function labelOf(meta: ModelMeta, name: string): string {
  const [key, lookup] = name.split('__');
  const label =
    meta.fields.find((f) => f.key === key)?.label ?? meta.virtualFilters?.find((v) => v.key === key)?.label ?? key;
  return lookup ? `${label} (${lookup})` : label;
}

/** The filter form. Its inputs are named like URL parameters, so the URL parser validates them. */
export function FilterPanel({ id, meta, filters, filterRefs, onApply }: FilterPanelProps) {
  const fields = filterableFields(meta);
  const rendered = new Set(
    fields.flatMap((f) => (isRangeFilterable(f) ? [`${f.key}__gte`, `${f.key}__lte`] : [f.key])),
  );
  // Filters without a control here (text equality from "view all" links) survive an Apply.
  const carried = Object.entries(filters).filter(([name]) => !rendered.has(name));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && value !== '') params.append(name, value);
    }
    onApply(parseListQuery(meta, params).filters);
  }

  return (
    <form id={id} onSubmit={submit} className="card space-y-3 p-3" aria-label="Filters">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {fields.map((field) => {
          const values = filters[field.key] ?? [];
          switch (field.kind) {
            case 'choice':
              return <ChoiceFilter key={field.key} field={field} values={values} />;
            case 'boolean':
            case 'nullboolean':
              return <BooleanFilter key={field.key} field={field} values={values} />;
            case 'fk':
              return <FkFilter key={field.key} field={field} initial={filterRefs[field.key] ?? []} />;
            default:
              return (
                <RangeFilter
                  key={field.key}
                  field={field}
                  from={filters[`${field.key}__gte`]?.[0]}
                  to={filters[`${field.key}__lte`]?.[0]}
                />
              );
          }
        })}
      </div>
      {carried.length > 0 && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Also filtered by{' '}
          {carried.map(([name, values]) => `${labelOf(meta, name)} = ${values.join(' or ')}`).join('; ')}
        </p>
      )}
      {carried.flatMap(([name, values]) =>
        values.map((value) => <input key={`${name}=${value}`} type="hidden" name={name} value={value} />),
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn" onClick={() => onApply({})}>
          Reset
        </button>
      </div>
    </form>
  );
}
