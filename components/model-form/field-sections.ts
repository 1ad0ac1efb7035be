import { orderFields } from '@/components/detail/field-order';
import { groupFieldsBySection } from '@/lib/models/field-sections';
import type { FieldMeta, ModelMeta } from '@/lib/models/types';

export interface FormSection {
  title: string;
  fields: FieldMeta[];
}

const isOverwrite = (f: FieldMeta) => /^overwrite[A-Z]/.test(f.key);
const isFlag = (f: FieldMeta) => f.kind === 'boolean' || f.kind === 'nullboolean';
const isTrailing = (f: FieldMeta) => f.kind === 'json' || f.key === 'comments';

/**
 * Splits a model's form fields into fieldsets: Basic, Relationships, Flags, the overwrite flags
 * (NetBox-Proxbox renders these as one group), then comments and structured data — unless the
 * model declares its own `fieldSections`. Create forms leave out read-only fields; edit forms
 * show them as text.
 */
export function formSections(meta: ModelMeta, mode: 'create' | 'edit'): FormSection[] {
  const fields = orderFields(meta.fields).filter((f) => !f.hidden && (mode === 'edit' || !f.readOnly));
  if (meta.fieldSections) return groupFieldsBySection(fields, meta.fieldSections);
  const overwrites = fields.filter(isOverwrite);
  const rest = fields.filter((f) => !isOverwrite(f));
  const inherits = overwrites.some((f) => f.kind === 'nullboolean');
  const sections: FormSection[] = [
    { title: 'Basic', fields: rest.filter((f) => !isFlag(f) && f.kind !== 'fk' && !isTrailing(f)) },
    { title: 'Relationships', fields: rest.filter((f) => f.kind === 'fk') },
    { title: 'Flags', fields: rest.filter(isFlag) },
    { title: inherits ? 'Overwrite flags (empty = inherit)' : 'Overwrite flags', fields: overwrites },
    { title: 'Comments and data', fields: rest.filter(isTrailing) },
  ];
  return sections.filter((s) => s.fields.length > 0);
}
