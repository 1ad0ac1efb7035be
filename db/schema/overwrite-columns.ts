import { boolean, type PgBooleanBuilderInitial } from 'drizzle-orm/pg-core';
import { OVERWRITE_FLAGS, type OverwriteFlag } from './choices';

type NullableFlags = { [K in OverwriteFlag]: PgBooleanBuilderInitial<''> };
type DefaultTrueFlags = {
  [K in OverwriteFlag]: ReturnType<ReturnType<ReturnType<typeof boolean>['notNull']>['default']>;
};

/** Per-endpoint overrides: NULL means "inherit the global setting". */
export function nullableOverwriteColumns(): NullableFlags {
  return Object.fromEntries(OVERWRITE_FLAGS.map((flag) => [flag, boolean()])) as NullableFlags;
}

/** Global defaults on the settings singleton: every flag on, as in the seed. */
export function defaultOverwriteColumns(): DefaultTrueFlags {
  return Object.fromEntries(
    OVERWRITE_FLAGS.map((flag) => [flag, boolean().notNull().default(true)]),
  ) as DefaultTrueFlags;
}
