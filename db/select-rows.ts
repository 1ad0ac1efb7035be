import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { columnName } from './json-records';

// Whole rows of one table, as `db.select().from(table).where(where)` returns them, for the sync's
// large reads (every stored VM, task, disk or backup of an endpoint). Drizzle maps each row
// through its generic path (type checks per column and row): 14,000 task rows took tens of
// milliseconds of blocked event loop, while Proxmox answers waited. Here the columns' decoders
// are looked up once per statement and applied directly.

interface Reader {
  select: SQL;
  fields: { name: string; key: string; column: PgColumn }[];
}

const ROWS_PER_TURN = 500;

const readers = new WeakMap<PgTable, Reader>();

function readerOf(table: PgTable): Reader {
  let reader = readers.get(table);
  if (!reader) {
    const fields = Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([key, column]) => ({
      key,
      column,
      name: columnName(column),
    }));
    const list = sql.join(
      fields.map((f) => sql.identifier(f.name)),
      sql`, `,
    );
    reader = { select: sql`select ${list} from ${table}`, fields };
    readers.set(table, reader);
  }
  return reader;
}

/** The rows of `table` matching `where` (all when omitted), by ascending id when `byId`. */
export async function selectRows<T extends PgTable>(
  db: Database,
  table: T,
  where?: SQL,
  options: { byId?: boolean } = {},
): Promise<T['$inferSelect'][]> {
  const { select, fields } = readerOf(table);
  const filter = where ? sql` where ${where}` : sql``;
  const order = options.byId ? sql` order by id` : sql``;
  const result = (await db.execute(sql`${select}${filter}${order}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  const rows: T['$inferSelect'][] = new Array(result.rows.length);
  for (let i = 0; i < rows.length; i++) {
    // Decoding 14,000 rows is tens of milliseconds: the requests this process serves or sends
    // get a turn every ROWS_PER_TURN rows (about a millisecond of work).
    if (i > 0 && i % ROWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const raw = result.rows[i];
    const row: Record<string, unknown> = {};
    for (const { name, key, column } of fields) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    rows[i] = row as T['$inferSelect'];
  }
  return rows;
}
