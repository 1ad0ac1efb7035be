import { getTableColumns, type Column, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { ModelApi } from './api-spec';
import { choiceLabel } from './choice-labels';
import type { FieldKind, FieldMeta, ModelMeta, NavGroup } from './types';

/** Columns every model has that users never edit (NetBox's id/created/last_updated). */
const SYSTEM_KEYS = new Set(['id', 'created', 'lastUpdated']);
/** Fields users own even on sync-owned objects (NetBox: tags, description, comments). */
const DEFAULT_USER_FIELDS = ['description', 'comments', 'customFields'];

export type FieldOverride = Partial<Omit<FieldMeta, 'key'>>;

/**
 * A filter on a relation that is not a column of the model (NetBox's `virtual_machine_id` on IP
 * addresses): it turns the referenced ids into a WHERE condition, usually a subquery.
 */
export interface VirtualFilter {
  label: string;
  /** Registry key of the model whose ids the filter takes. */
  fk: string;
  where: (ids: number[]) => SQL;
  /** Show the matching rows as a related table on that model's detail page. */
  relatedLabel?: string;
}

/** A column of a model's table, by its TypeScript key: what list layouts, search and overrides name. */
export type ColumnKey<T extends PgTable> = keyof T['_']['columns'] & string;

export interface ModelInput<T extends PgTable = PgTable> {
  key: string;
  label: string;
  labelPlural?: string;
  group: NavGroup;
  objectType: string;
  table: T;
  /** Human name of a row (NetBox's `__str__`). Runs on the server only. */
  display: (row: Record<string, unknown>) => string;
  fields?: Partial<Record<ColumnKey<T>, FieldOverride>>;
  list: {
    columns: readonly ColumnKey<T>[];
    defaultSort?: { key: ColumnKey<T>; desc: boolean };
    search: readonly ColumnKey<T>[];
  };
  /** Rows come from the Proxmox sync: users edit only `userFields`, and cannot create them. */
  syncOwned?: boolean;
  userFields?: readonly ColumnKey<T>[];
  creatable?: boolean;
  deletable?: boolean;
  singleton?: boolean;
  taggable?: boolean;
  /** See ModelMeta.adminOnly. */
  adminOnly?: boolean;
  /** See ModelMeta.addressFields. */
  addressFields?: readonly ColumnKey<T>[];
  /** Row-level sync ownership (see ModelMeta.syncManaged). */
  syncManaged?: { marker: ColumnKey<T>; fields: readonly ColumnKey<T>[] };
  /** Cross-field rules zod cannot express per field; returns field errors (empty = valid). */
  validate?: (values: Record<string, unknown>) => Record<string, string[]>;
  virtualFilters?: Record<string, VirtualFilter>;
  detailPanels?: ModelMeta['detailPanels'];
  bulkSync?: boolean;
  fieldSections?: ModelMeta['fieldSections'];
  globalSearch?: ModelMeta['globalSearch'];
  proxmoxWebUi?: ModelMeta['proxmoxWebUi'];
  outboundTarget?: boolean;
  changeLog?: boolean;
  writeRules?: WriteRule[];
  /** The model's REST API: path, NetBox name, brief fields, computed and derived fields. None: not served. */
  api?: ModelApi;
}

/**
 * Checks a write needs the database for (lib/data/write-rules.ts implements each, inside the
 * write's transaction). `unique-ip-host`: NetBox's ENFORCE_GLOBAL_UNIQUE on `address`.
 */
export type WriteRule = 'unique-ip-host';

export interface ModelDefinition {
  meta: ModelMeta;
  table: PgTable;
  display: (row: Record<string, unknown>) => string;
  validate?: (values: Record<string, unknown>) => Record<string, string[]>;
  /** TS key → referenced table and delete rule, for resolving references generically. */
  foreignTables: Map<string, PgTable>;
  onDelete: Map<string, string>;
  virtualFilters: Record<string, VirtualFilter>;
  writeRules: WriteRule[];
  /** Server-only (holds tables and SQL), so kept out of `meta`, which client components receive. */
  api?: ModelApi;
}

const KIND_BY_COLUMN_TYPE: Record<string, FieldKind> = {
  PgVarchar: 'text',
  PgText: 'text',
  PgChar: 'text',
  PgInteger: 'integer',
  PgSmallInt: 'integer',
  PgBigInt53: 'integer',
  PgBigInt64: 'integer',
  PgBigSerial53: 'integer',
  PgSerial: 'integer',
  PgDoublePrecision: 'number',
  PgReal: 'number',
  PgNumeric: 'number',
  PgNumericNumber: 'number',
  PgBoolean: 'boolean',
  PgTimestamp: 'datetime',
  PgTimestampString: 'datetime',
  PgJsonb: 'json',
  PgJson: 'json',
  PgInet: 'ip',
};

/** `proxmoxEndpointId` → `proxmox_endpoint_id`. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `proxmoxEndpointId` → `Proxmox endpoint`; acronyms kept upper-case. */
export function humanize(key: string): string {
  const words = snakeCase(key.replace(/Id$/, '')).split('_');
  const acronyms = new Set([
    'ip',
    'ssl',
    'vm',
    'vmid',
    'cpu',
    'id',
    'mac',
    'upid',
    'url',
    'api',
    'dns',
    'mtu',
    'pbs',
    'vlan',
    'ipv4',
    'ipv6',
    'vcpus',
  ]);
  const text = words.map((w) => (acronyms.has(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function deriveField(key: string, column: Column, isForeignKey: boolean): FieldMeta {
  const kind: FieldKind = isForeignKey
    ? 'fk'
    : column.enumValues && column.enumValues.length > 0
      ? 'choice'
      : (KIND_BY_COLUMN_TYPE[column.columnType] ?? 'text');
  const length = (column as Column & { length?: number }).length;
  const field: FieldMeta = {
    key,
    api: isForeignKey ? snakeCase(key).replace(/_id$/, '') : snakeCase(key),
    label: humanize(key),
    kind: kind === 'text' && column.columnType === 'PgText' ? 'textarea' : kind,
    required: column.notNull && !column.hasDefault,
    nullable: !column.notNull,
    readOnly: SYSTEM_KEYS.has(key),
  };
  if (typeof length === 'number' && length > 0) field.maxLength = length;
  if (kind === 'choice') field.choices = column.enumValues!.map((v) => ({ value: v, label: choiceLabel(v) }));
  if (kind === 'integer') field.min = 0;
  const dflt = (column as Column & { default?: unknown }).default;
  if (['string', 'number', 'boolean'].includes(typeof dflt)) field.default = dflt as string | number | boolean;
  return field;
}

/**
 * Builds a model definition from its Drizzle table: fields, kinds, required-ness, choices and
 * foreign keys are read from the schema (NetBox reads them from Django models), so a definition
 * only states what the schema cannot: labels, list layout, search, display and ownership.
 */
export function defineModel<T extends PgTable>(input: ModelInput<T>): ModelDefinition {
  const columns = getTableColumns(input.table) as Record<string, Column>;
  const config = getTableConfig(input.table);
  const foreignTables = new Map<string, PgTable>();
  const onDelete = new Map<string, string>();
  const keyByColumn = new Map<Column, string>(Object.entries(columns).map(([k, c]) => [c, k]));
  for (const fk of config.foreignKeys) {
    const ref = fk.reference();
    const key = keyByColumn.get(ref.columns[0] as Column);
    if (key) {
      foreignTables.set(key, ref.foreignTable);
      onDelete.set(key, fk.onDelete ?? 'no action');
    }
  }

  const userFields = new Set(input.userFields ?? DEFAULT_USER_FIELDS);
  const fields = Object.entries(columns).map(([key, column]) => {
    const derived = deriveField(key, column, foreignTables.has(key));
    if (input.syncOwned && !userFields.has(key)) derived.readOnly = true;
    return { ...derived, ...input.fields?.[key], key };
  });

  const meta: ModelMeta = {
    key: input.key,
    label: input.label,
    labelPlural: input.labelPlural ?? `${input.label}s`,
    group: input.group,
    objectType: input.objectType,
    fields,
    list: {
      columns: [...input.list.columns],
      defaultSort: input.list.defaultSort ?? { key: 'id', desc: false },
      search: [...input.list.search],
    },
    creatable: input.creatable ?? !input.syncOwned,
    deletable: input.deletable ?? !input.singleton,
    editable: fields.some((f) => !f.readOnly && !f.hidden),
    singleton: input.singleton ?? false,
    taggable: input.taggable ?? true,
    adminOnly: input.adminOnly ?? false,
    addressFields: input.addressFields?.filter((key) => fields.some((f) => f.key === key)),
    related: [],
    syncManaged: input.syncManaged && { marker: input.syncManaged.marker, fields: [...input.syncManaged.fields] },
    detailPanels: input.detailPanels,
    bulkSync: input.bulkSync,
    fieldSections: input.fieldSections,
    globalSearch: input.globalSearch,
    proxmoxWebUi: input.proxmoxWebUi,
    outboundTarget: input.outboundTarget,
    changeLog: input.changeLog,
    virtualFilters: Object.entries(input.virtualFilters ?? {}).map(([key, vf]) => ({
      key,
      label: vf.label,
      fk: vf.fk,
    })),
  };
  return {
    meta,
    table: input.table,
    display: input.display,
    validate: input.validate,
    foreignTables,
    onDelete,
    virtualFilters: input.virtualFilters ?? {},
    writeRules: input.writeRules ?? [],
    api: input.api,
  };
}
