import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

// One bound array in place of one parameter per value. Drizzle spends several microseconds of
// Node CPU on each parameter it binds (inArray over 5,000 ids: tens of milliseconds per
// statement, all of it on the event loop that also reads Proxmox); an array is one parameter,
// which node-postgres and PGlite both encode as an array literal.

/** serial types are column shorthands, not types: arrays of them are arrays of the integer type. */
const SERIAL_TYPES: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

function arrayType(column: PgColumn): string {
  const type = column.getSQLType();
  return `${SERIAL_TYPES[type] ?? type}[]`;
}

/** Text types: their arrays go as JSON (node-postgres escapes every element of an array in JavaScript). */
const TEXT_TYPE = /^(text|varchar|character varying|char|character)\b/;

/** A text[] of `values`, sent as one JSON parameter. */
function textArray(values: readonly (string | null)[]): SQL {
  return sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;
}

/** `$n::type[]`: the values (in the column's own encoding, nulls kept) as one typed array parameter. */
export function arrayParam(column: PgColumn, values: readonly unknown[]): SQL {
  const encoded = values.map((v) => (v == null ? null : column.mapToDriverValue(v)));
  if (TEXT_TYPE.test(column.getSQLType()) && encoded.every((v) => v === null || typeof v === 'string'))
    return sql`${textArray(encoded as (string | null)[])}::${sql.raw(arrayType(column))}`;
  return sql`${sql.param(encoded)}::${sql.raw(arrayType(column))}`;
}

/** `column = any(array)`: inArray with one parameter (false for no values, as inArray). */
export function anyOf(column: PgColumn, values: readonly unknown[]): SQL {
  return sql`${column} = any(${arrayParam(column, values)})`;
}

/** `column <> all(array)`: notInArray with one parameter (true for no values, as notInArray). */
export function noneOf(column: PgColumn, values: readonly unknown[]): SQL {
  return sql`${column} <> all(${arrayParam(column, values)})`;
}

/** anyOf for an expression of text (`lower(name)`), compared with text values. */
export function anyText(expression: SQL, values: readonly string[]): SQL {
  return sql`${expression} = any(${textArray(values)})`;
}
