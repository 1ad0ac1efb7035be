// Serializable model metadata: what pages, forms, filters and the API need to know about a model.
// Everything here crosses the server/client boundary, so it is plain data (no functions, no tables).

export type FieldKind =
  | 'text' // single-line string
  | 'textarea' // multi-line string
  | 'integer'
  | 'number' // float or decimal
  | 'boolean'
  | 'nullboolean' // true / false / null (= inherit)
  | 'choice'
  | 'fk' // foreign key to another registered model
  | 'json'
  | 'datetime'
  | 'secret' // write-only credential; DTOs carry `<key>Set: boolean` instead
  | 'ip'; // IPv4/IPv6 address, optionally with a prefix length

export interface Choice {
  value: string;
  label: string;
}

export interface FieldMeta {
  /** TypeScript/DTO key (camelCase), also the form input name and the list query key. */
  key: string;
  /** NetBox-style API name (snake_case; foreign keys without `_id`). */
  api: string;
  label: string;
  kind: FieldKind;
  /** Must be given on create (NOT NULL without a default). */
  required: boolean;
  nullable: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  choices?: Choice[];
  /** Registry key of the referenced model, for kind 'fk'. */
  fk?: string;
  /**
   * A text column holding a set, stored as comma-separated text (lib/models/multi-value.ts):
   * values of `multiChoices`, or ids of the `multiFk` model. Forms show checkboxes.
   */
  multiChoices?: Choice[];
  multiFk?: string;
  /** What an empty set means, shown instead of a dash (e.g. "all stages"). */
  emptyLabel?: string;
  /** Shown but never written by users: set by the sync or the system. */
  readOnly: boolean;
  /** Kept out of forms and list columns (still on the detail page unless secret). */
  hidden?: boolean;
  help?: string;
  default?: string | number | boolean | null;
  /** Regular expression (JavaScript source) a text value must match, with its message. */
  pattern?: string;
  patternMessage?: string;
}

export interface RelatedMeta {
  /** Registry key of the model that points at this one. */
  model: string;
  /** Field key on that model holding the foreign key. */
  field: string;
  label: string;
  /** What happens to the dependants when this object is deleted. */
  onDelete: 'cascade' | 'set null' | 'restrict' | 'no action';
  /** Reached through another table (a virtual filter such as IP address → VM); not a delete rule. */
  indirect?: boolean;
}

export type NavGroup =
  'Endpoints' | 'Proxmox' | 'VM data' | 'Operations' | 'Devices' | 'Virtualization' | 'IPAM' | 'Other';

export interface FieldSection {
  title: string;
  /** Field keys, in display order. */
  fields?: string[];
  /** RegExp source matched against keys not listed by any section (e.g. `^sync[A-Z]`). */
  match?: string;
}

export interface ModelMeta {
  /** URL segment: `/[key]`, plural kebab-case (e.g. `virtual-machines`). */
  key: string;
  label: string;
  labelPlural: string;
  group: NavGroup;
  /** NetBox content type, e.g. `virtualization.virtualmachine`, `netbox_proxbox.vmbackup`. */
  objectType: string;
  fields: FieldMeta[];
  list: {
    columns: string[];
    defaultSort: { key: string; desc: boolean };
    /** Field keys matched by the quick search `q`. */
    search: string[];
  };
  /**
   * Global search (lib/search): models with this hint are searched, groups are shown in
   * `priority` order, and `fields` (default: `list.search`) are matched. Big tables name only
   * indexed fields here so a search stays fast at 100,000 guests.
   */
  globalSearch?: { priority: number; fields?: string[] };
  /**
   * Which Proxmox web UI view shows a synced row (lib/proxmox/web-ui-record.ts): a guest by
   * vmid, a node by `proxmoxNode` or `name`, a storage, or the datacenter of its endpoint. A
   * model without a `proxmoxEndpointId` column is taken to be an endpoint itself.
   */
  proxmoxWebUi?: 'guest' | 'node' | 'storage' | 'datacenter';
  /**
   * Rows are the change log: other models' detail pages show their history from it, and the
   * navigation lists it under Operations (its own group places it in the explorer).
   */
  changeLog?: boolean;
  /** Rows are servers Proxbox connects to (`domain` / `ipAddressId`): saves pass the SSRF check. */
  outboundTarget?: boolean;
  /** Users may create and delete rows (false for sync-owned and system models). */
  creatable: boolean;
  deletable: boolean;
  /** Users may edit at least some fields. */
  editable: boolean;
  /** Only one row may exist (settings, FastAPI endpoint). */
  singleton: boolean;
  /** Whether the model carries tags (NetBox's taggable models). */
  taggable: boolean;
  /**
   * Every write needs an administrator (endpoints, settings): operators may not even annotate
   * these rows (docs/security.md).
   */
  adminOnly?: boolean;
  /**
   * Fields that make up the address the model's secrets are sent to (scheme, host, IP address,
   * port). Changing one requires re-entering every stored secret in the same write, so a stored
   * secret is never sent to an address other than the one it was entered for. Keys that the
   * model does not have are dropped, so a column added later (e.g. `useHttps`) can be listed.
   */
  addressFields?: string[];
  related: RelatedMeta[];
  /**
   * Rows whose `marker` field is set were created by the Proxmox sync: on those rows `fields`
   * are read-only (the sync overwrites them); users still own the rest.
   */
  syncManaged?: { marker: string; fields: string[] };
  /**
   * Selected rows can be synced from the list ("Sync now" in bulk): one per-object run each
   * (lib/sync/scope/object-scope.ts), so only models whose single objects sync on their own.
   */
  bulkSync?: boolean;
  /** Extra panels the detail page renders for this model (registry escape hatch). */
  detailPanels?: (
    | 'sync-progress'
    | 'sync-actions'
    | 'schedule'
    | 'object-sync'
    | 'backend-copy'
    | 'netbox-push'
    | 'netbox-push-result'
    | 'sync-preview'
  )[];
  /**
   * Named groups of fields for the form and the detail view (NetBox's fieldsets). A field goes
   * to the first section that lists it, else the first whose `match` (a RegExp source) fits its
   * key, else to "Other" — so a field added later is never hidden.
   */
  fieldSections?: FieldSection[];
  /** Filters on relations that are not columns (e.g. IP addresses by `virtualMachineId`). */
  virtualFilters: { key: string; label: string; fk: string }[];
}

/** One sort and filter state for a list, parsed from URL parameters or API query strings. */
export interface ListQuery {
  page: number;
  perPage: number;
  sort: { key: string; desc: boolean } | null;
  q: string;
  /** field key → accepted values (repeated = OR). Range filters use `<key>__gte` / `<key>__lte`. */
  filters: Record<string, string[]>;
}

/** A row as pages and APIs see it: secrets replaced by `<key>Set`, FKs resolved to brief refs. */
export type RecordDTO = Record<string, unknown> & { id: number; display: string };

export interface BriefRef {
  id: number;
  display: string;
  model: string;
}

export interface ListResult {
  rows: RecordDTO[];
  rowCount: number;
}

export interface FormState {
  fieldErrors?: Record<string, string[]>;
  formError?: string;
  values?: Record<string, string>;
  ok?: boolean;
}
