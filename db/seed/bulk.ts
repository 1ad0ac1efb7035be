import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgColumn, PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../client';

// Bulk writing for the seed. Drizzle's `insert().values(rows)` costs about 6 µs of Node CPU per
// bound value (object checks and SQL chunk merging), 70 s for 100,000 guests' 11 M values. So
// each batch binds one array per column instead and lets PostgreSQL spread them into rows with
// unnest(): the same table, column and encoding metadata from Drizzle, a few parameters per
// statement (far below the 65,535 limit) and a fraction of the CPU. Ids are taken from the
// tables' own sequences up front so children can be linked without a round trip per parent.

/** Beyond a few thousand rows a statement gets no faster, only bigger to build and parse. */
export const ROWS_PER_INSERT = 5_000;

// The client is created with `casing: 'snake_case'`; this resolves column names the same way.
const casing = new CasingCache('snake_case');

type Row = Record<string, unknown>;

/** serial types are column shorthands, not types: arrays of them are arrays of the integer type. */
const SERIAL_TYPES: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

function arrayType(column: PgColumn): string {
  const type = column.getSQLType();
  return `${SERIAL_TYPES[type] ?? type}[]`;
}

/** The table's columns that any of `rows` sets, in table order. */
function usedColumns(table: PgTable, rows: Row[]): [string, PgColumn][] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => keys.has(key));
  if (columns.length !== keys.size) {
    const known = new Set(columns.map(([key]) => key));
    throw new Error(
      `insertRows(${getTableName(table)}): unknown fields ${[...keys].filter((key) => !known.has(key)).join(', ')}`,
    );
  }
  return columns;
}

function insertStatement(table: PgTable, columns: [string, PgColumn][], rows: Row[]): SQL {
  const names = columns.map(([, column]) => sql.identifier(casing.getColumnCasing(column)));
  const arrays = columns.map(([key, column]) => {
    // mapToDriverValue applies the column's own encoding (JSON text, ISO timestamps, numerics).
    const values = rows.map((row) => (row[key] == null ? null : column.mapToDriverValue(row[key])));
    return sql`${sql.param(values)}::${sql.raw(arrayType(column))}`;
  });
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`;
}

/**
 * Inserts `rows` in statements of up to ROWS_PER_INSERT rows. A field one row sets and another
 * leaves out is NULL in the latter (not the column default): give all rows the same fields.
 */
export async function insertRows<T extends PgTable>(db: Database, table: T, rows: PgInsertValue<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const plain = rows as Row[];
  const columns = usedColumns(table, plain);
  for (let start = 0; start < plain.length; start += ROWS_PER_INSERT) {
    await db.execute(insertStatement(table, columns, plain.slice(start, start + ROWS_PER_INSERT)));
  }
}

/**
 * Takes `count` ids from the table's `id` sequence. nextval() is never rolled back, so ids stay
 * unique even when the app or another seed inserts at the same time (gaps are harmless).
 */
export async function reserveIds(db: Database, table: PgTable, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await db
    .select({ id: sql<number>`nextval(pg_get_serial_sequence(${getTableName(table)}, 'id'))`.mapWith(Number) })
    .from(sql`generate_series(1, ${count}::int)`);
  return rows.map((row) => row.id);
}

/** Tables a reset keeps: the people who log in, and the migration journal. */
const KEPT_TABLES = new Set(['users', '__drizzle_migrations']);

/** Empties every inventory table (CASCADE follows the foreign keys; RESTART IDENTITY resets ids). */
export async function resetInventory(db: Database): Promise<string[]> {
  const rows = await db
    .select({ name: sql<string>`tablename` })
    .from(sql`pg_tables`)
    .where(sql`schemaname = 'public'`);
  const tables = rows
    .map((row) => row.name)
    .filter((name) => !KEPT_TABLES.has(name))
    .sort();
  if (tables.length > 0) {
    await db.execute(
      sql.raw(
        `truncate table ${tables.map((name) => `"${name.replaceAll('"', '""')}"`).join(', ')} restart identity cascade`,
      ),
    );
  }
  return tables;
}
