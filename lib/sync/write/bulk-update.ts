import { getTableColumns, sql } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { columnName, jsonRecords } from '@/db/json-records';
import { selectRows } from '@/db/select-rows';

const CHUNK = 500;

/**
 * Applies many row updates with one `UPDATE … FROM json_populate_recordset(…)` per group of rows
 * that change the same columns (chunks of 500), instead of one round trip per row. Returns the updated rows as
 * Drizzle reads them (camelCase keys), by ascending id.
 */
export async function bulkUpdate(
  tx: Database,
  table: PgTable,
  updates: { id: number; changes: Record<string, unknown> }[],
): Promise<Record<string, unknown>[]> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const groups = new Map<string, { id: number; changes: Record<string, unknown> }[]>();
  for (const u of updates) {
    const key = Object.keys(u.changes).sort().join(',');
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  const ids: number[] = [];
  for (const [key, group] of groups) {
    const fields = key.split(',').map((k) => [k, columns[k]] as const);
    const sets = sql.join(
      fields.map(([, column]) => sql`${sql.identifier(columnName(column))} = v.${sql.identifier(columnName(column))}`),
      sql`, `,
    );
    for (let i = 0; i < group.length; i += CHUNK) {
      const chunk = group.slice(i, i + CHUNK);
      // One JSON parameter per statement (db/json-records.ts); v has the table's row type, so
      // each value arrives in its column's type and a null is a null.
      const records = jsonRecords(
        table,
        fields,
        chunk.map((u) => ({ ...u.changes, id: u.id })),
        (row) => ({ id: row.id }),
      );
      await tx.execute(sql`update ${table} as t set ${sets} from ${records} as v where t.id = v.id`);
      ids.push(...chunk.map((u) => u.id));
    }
  }
  // By id: the change log lists them in this order, and a preview must list them as the run does
  // (without an order, PostgreSQL returns them as the updates happened to place them).
  const idColumn = columns.id;
  const out: Record<string, unknown>[] = [];
  ids.sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 1000)
    out.push(...(await selectRows(tx, table, anyOf(idColumn, ids.slice(i, i + 1000)), { byId: true })));
  return out;
}
