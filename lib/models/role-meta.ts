import { ANNOTATION_FIELDS, roleAllows, type Role } from '@/lib/auth/roles';
import type { ModelMeta } from './types';

// A model's metadata as one role may use it, so pages and forms offer only what that role can
// do: viewers get no create/edit/delete; operators may edit descriptions, comments and tags of
// models that are not admin-only, every other field shown read-only. The data layer enforces the
// same rules (lib/data/records.ts); this only keeps the UI from offering what would be refused.

export function metaForRole(meta: ModelMeta, role: Role): ModelMeta {
  if (roleAllows(role, 'admin')) return meta;
  if (!roleAllows(role, 'annotate') || meta.adminOnly) {
    return { ...meta, creatable: false, deletable: false, editable: false };
  }
  const fields = meta.fields.map((f) => (ANNOTATION_FIELDS.has(f.key) || f.readOnly ? f : { ...f, readOnly: true }));
  const annotatable = fields.some((f) => ANNOTATION_FIELDS.has(f.key) && !f.readOnly && !f.hidden) || meta.taggable;
  return { ...meta, fields, creatable: false, deletable: false, editable: meta.editable && annotatable };
}
