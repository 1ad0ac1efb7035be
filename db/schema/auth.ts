import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/** People who log in to the web UI (next-auth credentials; bcrypt hashes only). */
export const users = pgTable(
  'users',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    username: varchar({ length: 150 }).notNull(),
    passwordHash: text().notNull(),
    /** viewer | operator | admin (lib/auth/roles.ts). */
    role: varchar({ length: 16 }).notNull().default('viewer'),
    isActive: boolean().notNull().default(true),
    /** Bumped by a password or role change, deactivation and sign-out: older sessions end. */
    sessionVersion: integer().notNull().default(0),
    created: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLogin: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('users_username_uniq').on(sql`lower(${t.username})`)],
);

/**
 * Sign-in attempts per bucket (`ip:<address>` or `user:<lower-case username>`) within the current
 * window. Counted before the password is checked, so parallel guesses cannot overtake the limit;
 * in the database, so every process and restart shares them.
 */
export const loginAttempts = pgTable('login_attempts', {
  bucket: varchar({ length: 200 }).primaryKey(),
  attempts: integer().notNull(),
  windowStart: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  blockedUntil: timestamp({ withTimezone: true, mode: 'date' }),
});

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
