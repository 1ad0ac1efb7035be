import { sql, type SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

// Many rows as one JSON text parameter that PostgreSQL spreads into the table's own row type
// (json_populate_recordset). Bound as arrays instead (one per column), node-postgres escapes
// every element in JavaScript: 0.1–0.4 s of blocked event loop per 5,000-row statement, during
// which no Proxmox answer is read. JSON.stringify and PostgreSQL's JSON parser are native.

// The client is created with `casing: 'snake_case'`; this resolves column names the same way.
const casing = new CasingCache('snake_case');

/** The column's name in the database. */
export function columnName(column: PgColumn): string {
  return casing.getColumnCasing(column);
}

function isJson(column: PgColumn): boolean {
  const type = column.getSQLType();
  return type === 'json' || type === 'jsonb';
}

/**
 * `json_populate_recordset(null::table, $1::json)` over `rows`, keyed by the columns' database
 * names. Values take the column's own encoding (ISO timestamps, numerics and arrays as their text
 * form, which PostgreSQL reads with the column type's input function); a JSON column's value goes
 * in as JSON. A null or missing field is NULL. `extra` adds fields under their own database
 * names (an update's `id`).
 */
export function jsonRecords(
  table: PgTable,
  columns: readonly (readonly [string, PgColumn])[],
  rows: readonly Record<string, unknown>[],
  extra?: (row: Record<string, unknown>) => Record<string, unknown>,
): SQL {
  const fields = columns.map(([key, column]) => ({ key, column, name: columnName(column), json: isJson(column) }));
  const records = rows.map((row) => {
    const record: Record<string, unknown> = extra ? extra(row) : {};
    for (const { key, column, name, json } of fields) {
      const value = row[key];
      if (value != null) record[name] = json ? value : column.mapToDriverValue(value);
    }
    return record;
  });
  return sql`json_populate_recordset(null::${table}, ${JSON.stringify(records)}::json)`;
}
