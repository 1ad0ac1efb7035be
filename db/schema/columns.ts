import { bigserial, jsonb, text, timestamp, varchar } from 'drizzle-orm/pg-core';

// Shared column groups, spread into tables (Drizzle's documented pattern). Column names are
// snake_case in SQL through the client's `casing: 'snake_case'` option.

/** NetBox's ChangeLoggedModel + CustomFieldsMixin: id, created, last_updated, custom fields. */
export const baseColumns = {
  id: bigserial({ mode: 'number' }).primaryKey(),
  created: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lastUpdated: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  customFields: jsonb('custom_field_data').$type<Record<string, unknown>>().notNull().default({}),
};

/** NetBox's PrimaryModel: adds description (≤ 200) and comments. */
export const primaryColumns = {
  ...baseColumns,
  description: varchar({ length: 200 }).notNull().default(''),
  comments: text().notNull().default(''),
};

/** NetBox's OrganizationalModel: unique name and slug (unique indexes declared per table). */
export const organizationalColumns = {
  ...primaryColumns,
  name: varchar({ length: 100 }).notNull(),
  slug: varchar({ length: 100 }).notNull(),
};
