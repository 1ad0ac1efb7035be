import { getTableColumns, getTableName, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { anyOf } from './array-param';
import { columnName, jsonRecords } from './json-records';
import { selectRows } from './select-rows';

// Bulk inserts for the seed and the sync. Drizzle's `insert().values(rows)` costs about 6 µs of
// Node CPU per bound value (object checks and SQL chunk merging): for the seed 70 s for 100,000
// guests' 11 M values, for a 5,000-guest sync a third of its CPU. So each batch binds its rows as
// one JSON parameter and lets PostgreSQL spread them into the table's rows (db/json-records.ts):
// the same table, column and encoding metadata from Drizzle, one parameter per statement and a
// fraction of the CPU.

/**
 * Beyond a thousand rows a statement gets no faster, only longer to build: building one blocks
 * the event loop (5,000 change-log rows: tens of milliseconds), a round trip does not.
 */
export const ROWS_PER_INSERT = 1_000;

type Row = Record<string, unknown>;

function columnsOf(table: PgTable, keys: Iterable<string>): [string, PgColumn][] {
  const wanted = new Set(keys);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => wanted.has(key));
  if (columns.length !== wanted.size) {
    const known = new Set(columns.map(([key]) => key));
    throw new Error(
      `insertRows(${getTableName(table)}): unknown fields ${[...wanted].filter((key) => !known.has(key)).join(', ')}`,
    );
  }
  return columns;
}

/** The table's columns that any of `rows` sets, in table order. */
function usedColumns(table: PgTable, rows: Row[]): [string, PgColumn][] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return columnsOf(table, keys);
}

function insertStatement(table: PgTable, columns: [string, PgColumn][], rows: Row[]): SQL {
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(columnName(column))),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${names} from ${jsonRecords(table, columns, rows)}`;
}

/**
 * Inserts `rows` in statements of up to ROWS_PER_INSERT rows. A field one row sets and another
 * leaves out is NULL in the latter (not the column default): give all rows the same fields.
 * `onConflictDoNothing` skips rows that clash with a unique key.
 */
export async function insertRows<T extends PgTable>(
  db: Database,
  table: T,
  rows: PgInsertValue<T>[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const plain = rows as Row[];
  const columns = usedColumns(table, plain);
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  for (let start = 0; start < plain.length; start += ROWS_PER_INSERT) {
    await db.execute(sql`${insertStatement(table, columns, plain.slice(start, start + ROWS_PER_INSERT))}${conflict}`);
  }
}

/**
 * What a field a row leaves out (or sets to undefined) takes, as Drizzle's `values()` would: the
 * column default. A constant default (or none: NULL) can be written out, so rows that differ only
 * in such fields still share a statement; a default PostgreSQL computes (now(), a sequence) cannot,
 * and the row then goes in a statement without that column. Fields that are not columns of the
 * table are ignored, as by Drizzle.
 */
function fillDefaults(rows: Row[], all: Record<string, PgColumn>): { row: Row; fields: string }[] {
  const used = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (row[key] !== undefined && key in all) used.add(key);
  const constant = new Map<string, unknown>();
  for (const key of used) {
    const column = all[key];
    if (column.defaultFn || column.onUpdateFn) continue;
    if (!column.hasDefault) constant.set(key, null);
    else if (column.default !== undefined && !is(column.default, SQL)) constant.set(key, column.default);
  }
  return rows.map((row) => {
    const filled: Row = {};
    const computed: string[] = [];
    for (const key of used) {
      const value = row[key];
      if (value !== undefined) filled[key] = value;
      else if (constant.has(key)) filled[key] = constant.get(key);
      else continue;
      if (!constant.has(key)) computed.push(key);
    }
    return { row: filled, fields: computed.join('\0') };
  });
}

/**
 * Inserts `rows` as Drizzle's `insert().values(rows)` would (an undefined or missing field takes
 * its column default; `onConflictDoNothing` skips rows that clash with a unique key) and returns
 * the inserted rows as a Drizzle select reads them, in insertion order. Consecutive rows that set
 * the same fields share a statement, so a batch of uniform rows is one statement per
 * ROWS_PER_INSERT rows plus one read back.
 */
export async function insertRowsReturning<T extends PgTable>(
  db: Database,
  table: T,
  rows: PgInsertValue<T>[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<Row[]> {
  const ids = await insertRowsReturningIds(db, table, rows, options);
  const idColumn = (getTableColumns(table) as Record<string, PgColumn>).id;
  const out: Row[] = [];
  for (let start = 0; start < ids.length; start += ROWS_PER_INSERT) {
    const batch = ids.slice(start, start + ROWS_PER_INSERT);
    out.push(...((await selectRows(db, table as PgTable, anyOf(idColumn, batch), { byId: true })) as Row[]));
  }
  return out;
}

/** Like insertRowsReturning, returning only the new rows' ids (ascending: the order of insertion). */
export async function insertRowsReturningIds<T extends PgTable>(
  db: Database,
  table: T,
  rows: PgInsertValue<T>[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number[]> {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const filled = fillDefaults(rows as Row[], all);
  const ids: number[] = [];
  for (let start = 0; start < filled.length;) {
    let end = start + 1;
    while (end < filled.length && end - start < ROWS_PER_INSERT && filled[end].fields === filled[start].fields) end++;
    const batch = filled.slice(start, end).map((f) => f.row);
    const keys = Object.keys(batch[0]);
    if (keys.length === 0) throw new Error(`insertRowsReturning(${getTableName(table)}): a row sets no field`);
    const statement = insertStatement(table, columnsOf(table, keys), batch);
    const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
    const result = (await db.execute(sql`${statement}${conflict} returning id`)) as unknown as {
      rows: { id: number | string }[];
    };
    for (const r of result.rows) ids.push(Number(r.id));
    start = end;
  }
  return ids.sort((a, b) => a - b);
}
