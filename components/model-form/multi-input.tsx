'use client';

import { useState } from 'react';
import { multiPresentName } from '@/lib/forms/form-data';
import { multiRefsKey, splitMulti } from '@/lib/models/multi-value';
import type { BriefRef, Choice, FieldMeta } from '@/lib/models/types';
import { textDefault, type FormSource } from './field-defaults';
import { useFkSearch } from './use-fk-search';

interface MultiInputProps {
  field: FieldMeta;
  source: FormSource;
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
}

/** The items a set field starts with, as checkbox options (value + label). */
function initialOptions(field: FieldMeta, source: FormSource): Choice[] {
  const items = splitMulti(textDefault(field, source));
  const refs =
    source.kind === 'record' ? ((source.record[multiRefsKey(field.key)] as BriefRef[] | undefined) ?? []) : [];
  // An id whose object was deleted stays listed so that the user can see and untick it.
  const missing = source.kind === 'record' ? ' (missing)' : '';
  return items.map((value) => ({
    value,
    label: refs.find((r) => String(r.id) === value)?.display ?? `#${value}${missing}`,
  }));
}

function Checkboxes({
  field,
  id,
  options,
  checked,
  onToggle,
  invalid,
  describedBy,
}: {
  field: FieldMeta;
  id: string;
  options: Choice[];
  checked: Set<string>;
  onToggle?: (value: string, on: boolean) => void;
  invalid: boolean;
  describedBy: string | undefined;
}) {
  return (
    <div
      id={id}
      role="group"
      aria-label={field.label}
      aria-describedby={describedBy}
      className="flex flex-wrap gap-x-4 gap-y-1"
    >
      {/* Tells the server the set was submitted, even with every box unticked (= empty set). */}
      <input type="hidden" name={multiPresentName(field.key)} value="1" />
      {options.map((option) => (
        <label key={option.value} className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            name={field.key}
            value={option.value}
            aria-invalid={invalid || undefined}
            className="size-4"
            {...(onToggle
              ? { checked: checked.has(option.value), onChange: (e) => onToggle(option.value, e.target.checked) }
              : { defaultChecked: checked.has(option.value) })}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}

/** Objects of the multiFk model: the chosen ones plus the top matches of a filter, as checkboxes. */
function MultiFkInput({ field, source, id, invalid, describedBy }: MultiInputProps) {
  const [chosen, setChosen] = useState<Choice[]>(() => initialOptions(field, source));
  const [query, setQuery] = useState('');
  const search = useFkSearch(field.multiFk ?? '', query, true);
  const found = search.options.map((o) => ({ value: String(o.id), label: o.display }));
  const label = (c: Choice) => found.find((f) => f.value === c.value)?.label ?? c.label;
  const options = [
    ...chosen.map((c) => ({ value: c.value, label: label(c) })),
    ...found.filter((f) => !chosen.some((c) => c.value === f.value)),
  ];
  const toggle = (value: string, on: boolean) => {
    if (on) setChosen([...chosen, options.find((o) => o.value === value)!]);
    else setChosen(chosen.filter((c) => c.value !== value));
  };
  return (
    <div className="space-y-1">
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Filter…"
        aria-label={`Filter ${field.label.toLowerCase()}`}
        className="input max-w-xs"
      />
      <Checkboxes
        field={field}
        id={id}
        options={options}
        checked={new Set(chosen.map((c) => c.value))}
        onToggle={toggle}
        invalid={invalid}
        describedBy={describedBy}
      />
      {search.error && <p className="text-xs text-red-600">Could not load the options.</p>}
    </div>
  );
}

/** A set-valued field (FieldMeta.multiChoices / multiFk) as a group of checkboxes. */
export function MultiInput(props: MultiInputProps) {
  if (props.field.multiFk) return <MultiFkInput {...props} />;
  const { field, source, id, invalid, describedBy } = props;
  const checked = new Set(splitMulti(textDefault(field, source)));
  return (
    <Checkboxes
      field={field}
      id={id}
      options={field.multiChoices ?? []}
      checked={checked}
      invalid={invalid}
      describedBy={describedBy}
    />
  );
}
