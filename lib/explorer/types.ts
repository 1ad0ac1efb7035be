// Plain data the explorer hands from the server to its client canvas (no tables, no functions).

/** The seed's model groups (its data model page), plus NetBox core and the backend's SQLite store. */
export type DomainKey = 'endpoints' | 'infrastructure' | 'vm-data' | 'operational' | 'netbox-core' | 'backend';

export interface DomainInfo {
  key: DomainKey;
  label: string;
}

export type Dialect = 'pg' | 'sqlite';

export interface EntityField {
  /** SQL column name. */
  name: string;
  /** SQL type as the dialect declares it, e.g. `varchar(255)`, `bigint`. */
  type: string;
  nullable: boolean;
  pk: boolean;
  /** Entity id of the referenced table when the column is (part of) a foreign key. */
  fk: string | null;
  /** A single-column unique constraint or unique index (without a WHERE clause). */
  unique: boolean;
}

export interface EntityNode {
  /** `<dialect>:<table>`: the two databases may both have a table of one name (netbox_endpoint). */
  id: string;
  table: string;
  dialect: Dialect;
  domain: DomainKey;
  /** Registry model of the table, when it has pages. */
  modelKey: string | null;
  /** The page listing the table's rows: its model's list, or a backend page; null when none. */
  href: string | null;
  /**
   * A NetBox core table's app (`DCIM`, `IPAM`…): the model view shows each app as one collapsed
   * group until it is expanded. Null for the plugin's and the backend's tables.
   */
  group: string | null;
  /** Set on the stand-in node of a collapsed group: how many tables it holds. */
  collapsed?: { group: string; tables: number };
  label: string;
  fields: EntityField[];
}

export type Cardinality = '1:1' | '1:N' | 'N:M';

/**
 * One relationship. For `fk` edges `source` is the referenced ("one") table and `target` the
 * table holding the foreign key `columns`, as the seed's `Parent ||--o{ Child` diagrams read.
 * A `through` edge joins the two tables a join table links (N:M), with `via` the join table.
 */
export interface SchemaEdge {
  id: string;
  kind: 'fk' | 'through';
  source: string;
  target: string;
  /** The foreign key columns (for `through`: the join table's two columns, source side first). */
  columns: string[];
  cardinality: Cardinality;
  onDelete: string | null;
  via: string | null;
}

export interface SchemaGraph {
  domains: DomainInfo[];
  nodes: EntityNode[];
  edges: SchemaEdge[];
}

export interface Position {
  x: number;
  y: number;
}

/** The schema graph with a computed layout: entity and domain-box positions (top-left corners). */
export interface LaidOutSchemaGraph extends SchemaGraph {
  positions: Record<string, Position>;
  boxes: { domain: DomainKey; x: number; y: number; width: number; height: number }[];
  size: { width: number; height: number };
}

// The instance view (lib/explorer/expand.ts).

export interface ExplorerObject {
  model: string;
  modelLabel: string;
  id: number;
  display: string;
  href: string;
}

export interface RelationSummary {
  key: string;
  direction: 'parent' | 'child';
  model: string;
  label: string;
  indirect: boolean;
  count: number;
  /** The relation holds more than `count` objects (overview counts stop at a cap). */
  atLeast: boolean;
  /** The neighbours as a filtered list page (children only). */
  listHref: string | null;
}

export interface ExplorerNodeDetails {
  object: ExplorerObject;
  relations: RelationSummary[];
}

export interface ExpansionPage {
  object: ExplorerObject;
  relation: RelationSummary;
  items: ExplorerObject[];
  offset: number;
  limit: number;
  nextOffset: number | null;
}
