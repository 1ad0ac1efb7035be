// Tags and custom field definitions (extras).
import { byName, computed, description, owner, since46, str, uniqueField } from './common';
import type { ModelSpec, Row } from './types';

export const CUSTOM_FIELD_TYPES = [
  'text',
  'longtext',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'url',
  'json',
  'select',
  'multiselect',
  'object',
  'multiobject',
] as const;
const CF_LABELS: Record<string, string> = {
  text: 'Text',
  longtext: 'Text (long)',
  integer: 'Integer',
  decimal: 'Decimal',
  boolean: 'Boolean (true/false)',
  date: 'Date',
  datetime: 'Date & time',
  url: 'URL',
  json: 'JSON',
  select: 'Selection',
  multiselect: 'Multiple selection',
  object: 'Object',
  multiobject: 'Multiple objects',
};
const DATA_TYPES: Record<string, string> = {
  text: 'string',
  longtext: 'string',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'boolean',
  date: 'string',
  datetime: 'string',
  url: 'string',
  json: 'object',
  select: 'string',
  multiselect: 'array',
  object: 'object',
  multiobject: 'array',
};

export const tags: ModelSpec = {
  endpoint: 'extras/tags',
  contentType: 'extras.tag',
  className: 'Tag',
  verbose: 'tag',
  fields: [
    ['name', str(100, { required: true })],
    ['slug', { kind: 'string', max: 100, required: true, slug: true }],
    ['color', { kind: 'string', max: 6, default: '9e9e9e' }],
    ['description', description()],
    ['weight', { kind: 'int', min: 0, max: 32767, default: 1000, when: since46 }],
    ['object_types', { kind: 'strings' }],
    ['owner', owner()],
    [
      'tagged_items',
      computed((row, { db }) => {
        let n = 0;
        for (const m of TAGGED_ENDPOINTS) n += db.referrers(m, 'tags', row.id).size;
        return n;
      }),
    ],
  ],
  tagged: false,
  customFields: false,
  brief: ['id', 'url', 'display', 'name', 'slug', 'color', 'description'],
  display: (r) => String(r.name),
  order: (a, b) => Number(a.weight ?? 1000) - Number(b.weight ?? 1000) || byName()(a, b),
  search: ['name', 'slug', 'description'],
  unique: [uniqueField('tag', 'name'), uniqueField('tag', 'slug')],
  clean(row, _old, _db, _p, errors) {
    if (typeof row.color === 'string' && !/^[0-9a-f]{6}$/.test(row.color))
      errors.color = ['Enter a valid hexadecimal RGB color code.'];
  },
};

/** Filled in by the registry: every endpoint whose objects carry tags. */
export const TAGGED_ENDPOINTS: string[] = [];

export const customFields: ModelSpec = {
  endpoint: 'extras/custom-fields',
  contentType: 'extras.customfield',
  className: 'CustomField',
  verbose: 'custom field',
  fields: [
    ['object_types', { kind: 'strings', required: true }],
    ['type', { kind: 'choice', choices: CUSTOM_FIELD_TYPES, labels: CF_LABELS, default: 'text' }],
    ['related_object_type', { kind: 'string', nullable: true, default: null }],
    ['data_type', computed((r) => DATA_TYPES[String(r.type)] ?? 'string')],
    ['name', str(50, { required: true })],
    ['label', str(50)],
    ['group_name', str(50)],
    ['description', description()],
    ['required', { kind: 'bool', default: false }],
    ['unique', { kind: 'bool', default: false }],
    ['search_weight', { kind: 'int', min: 0, max: 32767, default: 1000 }],
    [
      'filter_logic',
      {
        kind: 'choice',
        choices: ['disabled', 'loose', 'exact'],
        labels: { disabled: 'Disabled', loose: 'Loose', exact: 'Exact' },
        default: 'loose',
      },
    ],
    [
      'ui_visible',
      {
        kind: 'choice',
        choices: ['always', 'if-set', 'hidden'],
        labels: { always: 'Always', 'if-set': 'If set', hidden: 'Hidden' },
        default: 'always',
      },
    ],
    [
      'ui_editable',
      {
        kind: 'choice',
        choices: ['yes', 'no', 'hidden'],
        labels: { yes: 'Yes', no: 'No', hidden: 'Hidden' },
        default: 'yes',
      },
    ],
    ['is_cloneable', { kind: 'bool', default: false }],
    ['default', { kind: 'json', default: null }],
    ['related_object_filter', { kind: 'json', default: null }],
    ['weight', { kind: 'int', min: 0, max: 32767, default: 100 }],
    ['validation_minimum', { kind: 'int', nullable: true, default: null }],
    ['validation_maximum', { kind: 'int', nullable: true, default: null }],
    ['validation_regex', str(500)],
    ['choice_set', computed(() => null)],
    ['comments', { kind: 'string' }],
    ['owner', owner()],
  ],
  tagged: false,
  customFields: false,
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (r) => (r.label ? String(r.label) : cfDefaultLabel(String(r.name))),
  order: (a, b) =>
    String(a.group_name).localeCompare(String(b.group_name)) || Number(a.weight) - Number(b.weight) || byName()(a, b),
  search: ['name', 'label', 'description'],
  unique: [uniqueField('custom field', 'name')],
  clean(row: Row, _old, _db, _p, errors) {
    const name = String(row.name ?? '');
    if (name && !/^[a-z0-9_]+$/.test(name)) errors.name = ['Only alphanumeric characters and underscores are allowed.'];
    else if (name.includes('__')) errors.name = ['Double underscores are not permitted in custom field names.'];
    const types = row.object_types as string[];
    if (Array.isArray(types) && types.length === 0) errors.object_types = ['This list may not be empty.'];
    if ((row.type === 'object' || row.type === 'multiobject') && !row.related_object_type)
      errors.related_object_type = ['Object fields must define an object type.'];
    if (row.type === 'select' || row.type === 'multiselect')
      errors.type = ['Selection fields need a choice set, which the simulator does not provide.'];
  },
};

/** NetBox's label for a custom field without one: `proxmox_vm_id` → `Proxmox vm id`. */
function cfDefaultLabel(name: string): string {
  const s = name.replace(/_/g, ' ');
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
