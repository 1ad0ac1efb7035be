'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createRecordAction, updateRecordAction } from '@/lib/actions/records';
import { syncLockedKeys } from '@/lib/forms/form-data';
import type { BriefRef, FieldMeta, FormState, ModelMeta, RecordDTO } from '@/lib/models/types';
import type { FormSource } from './field-defaults';
import { FieldRow } from './field-row';
import { formSections } from './field-sections';
import { FormErrors } from './form-errors';
import { TagPicker } from './tag-picker';

export interface ModelFormProps {
  meta: ModelMeta;
  /** The stored object when editing; absent when creating. */
  record?: RecordDTO;
}

const initialState: FormState = {};

/** Errors keyed by something other than an input on this form (nonFieldErrors, read-only keys…). */
function unplacedErrors(
  fields: FieldMeta[],
  locked: Set<string>,
  fieldErrors: Record<string, string[]> = {},
): string[] {
  const placed = new Set(fields.filter((f) => !f.readOnly && !locked.has(f.key)).map((f) => f.key));
  return Object.entries(fieldErrors)
    .filter(([key]) => !placed.has(key))
    .flatMap(([key, messages]) => {
      const label = fields.find((f) => f.key === key)?.label;
      return messages.map((m) => (label ? `${label}: ${m}` : m));
    });
}

/** The tags to show in the editor: echoed values after an error, else the record's. */
function initialTags(values: Record<string, string> | undefined, record: RecordDTO | undefined): BriefRef[] {
  if (values?.tags) return JSON.parse(values.tags) as BriefRef[];
  const tags = (record?.tags ?? []) as { id: number; name: string }[];
  return tags.map((t) => ({ id: t.id, display: t.name, model: 'tags' }));
}

/** Create/edit form for any model, generated from its field metadata. */
export function ModelForm({ meta, record }: ModelFormProps) {
  const action = record ? updateRecordAction.bind(null, meta.key, record.id) : createRecordAction.bind(null, meta.key);
  const [state, formAction, pending] = useActionState(action, initialState);
  const mode = record ? 'edit' : 'create';
  const sections = formSections(meta, mode);
  const fields = sections.flatMap((s) => s.fields);
  const locked = syncLockedKeys(meta, record);
  const source: FormSource = state.values
    ? { kind: 'values', values: state.values }
    : record
      ? { kind: 'record', record }
      : { kind: 'new' };
  const cancelHref = record ? `/${meta.key}/${record.id}` : `/${meta.key}`;

  return (
    // React resets uncontrolled inputs after every action; re-keying remounts them with the
    // echoed values so a failed submission keeps what the user typed.
    <form key={JSON.stringify(state.values ?? null)} action={formAction} className="space-y-4" noValidate>
      <FormErrors formError={state.formError} messages={unplacedErrors(fields, locked, state.fieldErrors)} />
      {sections.map((section) => (
        <fieldset key={section.title} className="card space-y-3 p-4">
          <legend className="px-1 text-sm font-semibold">{section.title}</legend>
          {section.fields.map((field) => (
            <FieldRow
              key={field.key}
              field={field}
              source={source}
              record={record}
              readOnly={field.readOnly || locked.has(field.key)}
              errors={state.fieldErrors?.[field.key]}
              nullLabel={section.title.startsWith('Overwrite') ? 'Inherit' : '—'}
            />
          ))}
        </fieldset>
      ))}
      {meta.taggable && (
        <fieldset className="card space-y-3 p-4">
          <legend className="px-1 text-sm font-semibold">Tags</legend>
          <TagPicker initial={initialTags(state.values, record)} errors={state.fieldErrors?.tags} />
        </fieldset>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={pending} aria-disabled={pending}>
          {pending ? 'Saving…' : record ? 'Save' : `Create ${meta.label.toLowerCase()}`}
        </button>
        <Link href={cancelHref} className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}
