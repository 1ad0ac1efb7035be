import type { FieldMeta, FieldSection } from './types';

// Groups a model's fields by its `fieldSections` (ModelMeta) for the form and the detail view.

export interface FieldGroup {
  title: string;
  fields: FieldMeta[];
}

export const OTHER_SECTION = 'Other';

/**
 * Every field lands in exactly one group: the first section listing its key (in the listed
 * order), else the first section whose `match` fits (in the given order), else "Other". Empty
 * groups are dropped. Pure and serializable-input only, so client forms can call it.
 */
export function groupFieldsBySection(fields: FieldMeta[], sections: FieldSection[]): FieldGroup[] {
  const owner = new Map<string, number>();
  sections.forEach((section, i) => section.fields?.forEach((key) => owner.has(key) || owner.set(key, i)));
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const groups: FieldGroup[] = sections.map((section, i) => ({
    title: section.title,
    fields: (section.fields ?? [])
      .filter((key) => owner.get(key) === i && byKey.has(key))
      .map((key) => byKey.get(key)!),
  }));
  const patterns = sections.map((section) => (section.match ? new RegExp(section.match) : null));
  const other: FieldMeta[] = [];
  for (const field of fields) {
    if (owner.has(field.key)) continue;
    const i = patterns.findIndex((p) => p?.test(field.key));
    (i >= 0 ? groups[i].fields : other).push(field);
  }
  return [...groups, { title: OTHER_SECTION, fields: other }].filter((g) => g.fields.length > 0);
}
