'use client';

import { useId, useState, useTransition } from 'react';
import { bulkEditAction, type BulkResult, type BulkSelectionInput } from '@/lib/actions/bulk';
import { bulkEditableFields } from '@/lib/models/bulk-fields';
import type { BriefRef, ModelMeta } from '@/lib/models/types';
import { FieldInput } from '@/components/model-form/field-input';
import { FkPicker } from '@/components/model-form/fk-picker';

interface BulkEditPanelProps {
  meta: ModelMeta;
  input: BulkSelectionInput;
  count: number;
  onDone: (result: BulkResult) => void;
}

/** Tags picked for adding or removing, submitted as ids under `name`. */
function TagChoice({
  label,
  name,
  tags,
  onChange,
}: {
  label: string;
  name: string;
  tags: BriefRef[];
  onChange: (tags: BriefRef[]) => void;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <ul className="flex flex-wrap gap-1" aria-label={label}>
        {tags.map((tag) => (
          <li key={tag.id} className="badge flex items-center gap-1">
            <input type="hidden" name={name} value={tag.id} />
            {tag.display}
            <button
              type="button"
              className="text-xs"
              aria-label={`Do not ${label.toLowerCase()} ${tag.display}`}
              onClick={() => onChange(tags.filter((t) => t.id !== tag.id))}
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
        resetOnSelect
        placeholder="Pick a tag…"
        onSelect={(ref) => ref && !tags.some((t) => t.id === ref.id) && onChange([...tags, ref])}
      />
    </div>
  );
}

/** Set one field and/or add and remove tags on every selected row. */
export function BulkEditPanel({ meta, input, count, onDone }: BulkEditPanelProps) {
  const fields = bulkEditableFields(meta);
  const [fieldKey, setFieldKey] = useState('');
  const [add, setAdd] = useState<BriefRef[]>([]);
  const [remove, setRemove] = useState<BriefRef[]>([]);
  const [pending, startTransition] = useTransition();
  const field = fields.find((f) => f.key === fieldKey);
  const fieldId = useId();
  const valueId = useId();

  const submit = (formData: FormData) =>
    startTransition(async () => onDone(await bulkEditAction(meta.key, input, formData)));

  return (
    <form
      action={submit}
      className="grid gap-3 border-t border-zinc-200 pt-2 md:grid-cols-3 dark:border-zinc-800"
      aria-label="Edit selected"
    >
      <div className="space-y-1">
        <label htmlFor={fieldId} className="text-sm font-medium">
          Set field
        </label>
        <select
          id={fieldId}
          name="field"
          className="input"
          value={fieldKey}
          onChange={(e) => setFieldKey(e.target.value)}
        >
          <option value="">(leave fields unchanged)</option>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
        {field && (
          <div className="space-y-1">
            <label htmlFor={valueId} className="text-sm">
              New {field.label.toLowerCase()}
            </label>
            <FieldInput
              key={field.key}
              field={{ ...field, required: false }}
              source={{ kind: 'new' }}
              secretSet={false}
              id={valueId}
              invalid={false}
              describedBy={undefined}
              nullLabel="(empty)"
            />
            {meta.syncManaged?.fields.includes(field.key) && (
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                Refused for rows the Proxmox sync manages: change those in Proxmox.
              </p>
            )}
          </div>
        )}
      </div>
      {meta.taggable && <TagChoice label="Add tags" name="addTags" tags={add} onChange={setAdd} />}
      {meta.taggable && <TagChoice label="Remove tags" name="removeTags" tags={remove} onChange={setRemove} />}
      <div className="md:col-span-3">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending
            ? 'Applying…'
            : `Apply to ${count.toLocaleString('en-US')} ${count === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase()}`}
        </button>
      </div>
    </form>
  );
}
