import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** People who log in to the web UI (next-auth credentials; bcrypt hashes only). */
export const users = pgTable(
  'users',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    username: varchar({ length: 150 }).notNull(),
    passwordHash: text().notNull(),
    isAdmin: boolean().notNull().default(true),
    isActive: boolean().notNull().default(true),
    created: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLogin: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('users_username_uniq').on(sql`lower(${t.username})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/**
 * How one user lays out one model's list: visible columns in order (comma-separated field keys;
 * null = the model's defaults) and the page size (null = the default). Absent row = defaults.
 */
export const userTablePreferences = pgTable(
  'user_table_preferences',
  {
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    modelKey: varchar({ length: 100 }).notNull(),
    columns: text(),
    perPage: integer(),
    lastUpdated: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.modelKey] })],
);
