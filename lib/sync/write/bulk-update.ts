import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { snakeCase } from '@/lib/models/define-model';

const CHUNK = 500;

/** SQL column name under the client's snake_case casing (explicitly named columns keep theirs). */
function dbName(key: string, column: PgColumn): string {
  return (column as PgColumn & { keyAsName?: boolean }).keyAsName ? snakeCase(key) : column.name;
}

function param(value: unknown, column: PgColumn): SQL {
  const type = column.getSQLType();
  if (value === null || value === undefined) return sql`null::${sql.raw(type)}`;
  if (value instanceof Date) return sql`${value.toISOString()}::${sql.raw(type)}`;
  if (typeof value === 'object') return sql`${JSON.stringify(value)}::${sql.raw(type)}`;
  return sql`${value}::${sql.raw(type)}`;
}

/**
 * Applies many row updates with one `UPDATE … FROM (VALUES …)` per group of rows that change the
 * same columns (chunks of 500), instead of one round trip per row. Returns the updated rows as
 * Drizzle reads them (camelCase keys).
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
    const keys = key.split(',');
    for (let i = 0; i < group.length; i += CHUNK) {
      const chunk = group.slice(i, i + CHUNK);
      const rows = chunk.map(
        (u) =>
          sql`(${u.id}::bigint, ${sql.join(
            keys.map((k) => param(u.changes[k], columns[k])),
            sql`, `,
          )})`,
      );
      const names = keys.map((k) => sql.identifier(dbName(k, columns[k])));
      const sets = keys.map(
        (k) => sql`${sql.identifier(dbName(k, columns[k]))} = v.${sql.identifier(dbName(k, columns[k]))}`,
      );
      await tx.execute(
        sql`update ${table} as t set ${sql.join(sets, sql`, `)} from (values ${sql.join(rows, sql`, `)}) as v(id, ${sql.join(names, sql`, `)}) where t.id = v.id`,
      );
      ids.push(...chunk.map((u) => u.id));
    }
  }
  const idColumn = columns.id;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(
      ...(await tx
        .select()
        .from(table)
        .where(inArray(idColumn, ids.slice(i, i + 1000)))),
    );
  return out;
}
