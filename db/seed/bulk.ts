import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../client';

// Bulk writing for the seed: rows go in through ../bulk-insert (one JSON parameter per statement, json_populate_recordset()).
// Ids are taken from the tables' own sequences up front so children can be linked without a
// round trip per parent.
export { insertRows } from '../bulk-insert';

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
