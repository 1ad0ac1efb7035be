import { is, SQL, type Column } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DOMAINS } from './domains';
import type { Cardinality, Dialect, DomainKey, EntityField, EntityNode, SchemaEdge, SchemaGraph } from './types';

// The ER diagram is read from the Drizzle schema at run time (never drawn by hand): columns,
// primary keys, foreign keys with their delete rules, and unique indexes, which decide whether
// a foreign key is 1:1 or 1:N. Join tables (two foreign keys, unique together, nothing else but
// bookkeeping columns) also yield an N:M edge between the tables they link.

/** Tables of one schema module, in one database, all in one domain. */
export interface SchemaSource {
  dialect: Dialect;
  domain: DomainKey;
  tables: readonly unknown[];
  /** The NetBox app these tables belong to (EntityNode.group). */
  group?: string;
}

/** A registry model and the SQL table it lives in. */
export interface ModelRef {
  table: string;
  key: string;
  label: string;
}

/** Columns a join table may carry besides its two foreign keys (NetBox's ChangeLoggedModel). */
const BOOKKEEPING = new Set(['id', 'created', 'last_updated', 'custom_field_data']);

interface ForeignKeyInfo {
  columns: string[];
  referenced: unknown;
  onDelete: string | null;
}

interface TableInfo {
  name: string;
  columns: Column[];
  primaryKey: string[];
  /** Column sets that are unique (plain-column unique indexes and constraints, no WHERE). */
  uniqueSets: string[][];
  foreignKeys: ForeignKeyInfo[];
}

/** Drizzle keeps a column's TS key as its name until the client's snake_case casing applies. */
function sqlName(column: Column): string {
  return (column as Column & { keyAsName?: boolean }).keyAsName ? toSnakeCase(column.name) : column.name;
}

/**
 * Names of an index's columns, or null when it indexes an expression (`lower(name)`): such an
 * index says nothing about the uniqueness of the plain column. pg indexes hold IndexedColumns,
 * sqlite indexes the columns themselves; both carry `name` and `keyAsName`.
 */
function plainColumns(columns: readonly unknown[]): string[] | null {
  const names: string[] = [];
  for (const c of columns) {
    if (is(c, SQL) || !c || typeof c !== 'object' || typeof (c as { name?: unknown }).name !== 'string') return null;
    names.push(sqlName(c as Column));
  }
  return names;
}

type IndexLike = { config: { unique?: boolean; where?: unknown; columns: readonly unknown[] } };
type UniqueLike = { columns: readonly Column[] };
type ForeignKeyLike = { onDelete?: string; reference: () => { columns: readonly Column[]; foreignTable: unknown } };
type PrimaryKeyLike = { columns: readonly Column[] };

function collect(
  name: string,
  columns: Column[],
  indexes: IndexLike[],
  uniques: UniqueLike[],
  pks: PrimaryKeyLike[],
  fks: ForeignKeyLike[],
): TableInfo {
  const uniqueSets: string[][] = [];
  for (const index of indexes) {
    const cols = index.config.unique && !index.config.where ? plainColumns(index.config.columns) : null;
    if (cols) uniqueSets.push(cols);
  }
  for (const u of uniques) uniqueSets.push(u.columns.map(sqlName));
  for (const c of columns) if (c.isUnique) uniqueSets.push([sqlName(c)]);
  const primaryKey = pks.length > 0 ? pks[0].columns.map(sqlName) : columns.filter((c) => c.primary).map(sqlName);
  const foreignKeys = fks.map((fk) => {
    const ref = fk.reference();
    return { columns: ref.columns.map(sqlName), referenced: ref.foreignTable, onDelete: fk.onDelete ?? null };
  });
  return { name, columns, primaryKey, uniqueSets, foreignKeys };
}

function tableInfo(table: unknown): { dialect: Dialect; info: TableInfo } | null {
  if (is(table, PgTable)) {
    const c = getPgTableConfig(table);
    return {
      dialect: 'pg',
      info: collect(c.name, c.columns, c.indexes, c.uniqueConstraints, c.primaryKeys, c.foreignKeys),
    };
  }
  if (is(table, SQLiteTable)) {
    const c = getSqliteTableConfig(table);
    return {
      dialect: 'sqlite',
      info: collect(c.name, c.columns, c.indexes, c.uniqueConstraints, c.primaryKeys, c.foreignKeys),
    };
  }
  return null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** `sync_events` → `Sync events`. */
function humanizeTable(table: string): string {
  const text = table.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Builds the entity-relationship graph of the given schema modules: one node per table, one `fk`
 * edge per foreign key (1:1 when its columns are unique, else 1:N) and one `through` edge (N:M)
 * per join table. Throws when a foreign key points at a table no source lists, so a schema
 * module left out of the explorer fails loudly instead of drawing a dangling edge.
 */
export function buildSchemaGraph(
  sources: SchemaSource[],
  models: ModelRef[],
  pages: ReadonlyMap<string, string> = new Map(),
): SchemaGraph {
  const modelByTable = new Map(models.map((m) => [m.table, m]));
  const idOf = new Map<unknown, string>();
  const infos: { id: string; dialect: Dialect; domain: DomainKey; group: string | null; info: TableInfo }[] = [];
  for (const source of sources) {
    for (const table of source.tables) {
      const parsed = tableInfo(table);
      if (!parsed || idOf.has(table)) continue;
      if (parsed.dialect !== source.dialect)
        throw new Error(`Table ${parsed.info.name} is not a ${source.dialect} table.`);
      const id = `${parsed.dialect}:${parsed.info.name}`;
      if (infos.some((i) => i.id === id)) throw new Error(`Table ${id} appears in two schema sources.`);
      idOf.set(table, id);
      infos.push({
        id,
        dialect: parsed.dialect,
        domain: source.domain,
        group: source.group ?? null,
        info: parsed.info,
      });
    }
  }

  const referencedId = (owner: string, fk: ForeignKeyInfo) => {
    const id = idOf.get(fk.referenced);
    if (!id)
      throw new Error(
        `Foreign key ${owner}(${fk.columns.join(', ')}) references a table outside the explorer's schema sources.`,
      );
    return id;
  };

  const nodes: EntityNode[] = infos.map(({ id, dialect, domain, group, info }) => {
    const fkTarget = new Map<string, string>();
    for (const fk of info.foreignKeys) for (const col of fk.columns) fkTarget.set(col, referencedId(id, fk));
    const fields: EntityField[] = info.columns.map((column) => {
      const name = sqlName(column);
      return {
        name,
        type: column.getSQLType(),
        nullable: !column.notNull,
        pk: info.primaryKey.includes(name),
        fk: fkTarget.get(name) ?? null,
        unique: info.uniqueSets.some((set) => set.length === 1 && set[0] === name),
      };
    });
    const model = dialect === 'pg' ? modelByTable.get(info.name) : undefined;
    const href = model ? `/${model.key}` : (pages.get(id) ?? null);
    return {
      id,
      table: info.name,
      dialect,
      domain,
      modelKey: model?.key ?? null,
      href,
      group,
      label: model?.label ?? humanizeTable(info.name),
      fields,
    };
  });

  const edges: SchemaEdge[] = [];
  for (const { id, info } of infos) {
    for (const fk of info.foreignKeys) {
      const unique = sameSet(fk.columns, info.primaryKey) || info.uniqueSets.some((set) => sameSet(set, fk.columns));
      const cardinality: Cardinality = unique ? '1:1' : '1:N';
      edges.push({
        id: `fk:${id}:${fk.columns.join(',')}`,
        kind: 'fk',
        source: referencedId(id, fk),
        target: id,
        columns: fk.columns,
        cardinality,
        onDelete: fk.onDelete,
        via: null,
      });
    }
    const join = joinTableLink(info);
    if (join) {
      const [a, b] = join;
      edges.push({
        id: `nm:${id}`,
        kind: 'through',
        source: referencedId(id, a),
        target: referencedId(id, b),
        columns: [a.columns[0], b.columns[0]],
        cardinality: 'N:M',
        onDelete: null,
        via: id,
      });
    }
  }
  return { domains: DOMAINS.filter((d) => nodes.some((n) => n.domain === d.key)), nodes, edges };
}

/** The two foreign keys of a join table, or null when the table is more than a link. */
function joinTableLink(info: TableInfo): [ForeignKeyInfo, ForeignKeyInfo] | null {
  const singles = info.foreignKeys.filter((fk) => fk.columns.length === 1);
  if (singles.length !== 2 || info.foreignKeys.length !== 2 || singles[0].referenced === singles[1].referenced)
    return null;
  const fkColumns = singles.map((fk) => fk.columns[0]);
  const others = info.columns.map(sqlName).filter((name) => !fkColumns.includes(name));
  if (!others.every((name) => BOOKKEEPING.has(name))) return null;
  const uniqueTogether = sameSet(info.primaryKey, fkColumns) || info.uniqueSets.some((set) => sameSet(set, fkColumns));
  return uniqueTogether ? [singles[0], singles[1]] : null;
}
