import { sql } from 'drizzle-orm';
import { bigserial, boolean, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

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
