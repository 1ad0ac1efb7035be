import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { baseColumns } from './columns';
import { CHANGE_ACTION, JOURNAL_KIND } from './choices';
import { users } from './auth';

/** extras.Tag; `object_types` empty = applicable to every model. */
export const tags = pgTable(
  'tags',
  {
    id: baseColumns.id,
    created: baseColumns.created,
    lastUpdated: baseColumns.lastUpdated,
    name: varchar({ length: 100 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    color: varchar({ length: 6 }).notNull().default('9e9e9e'),
    description: varchar({ length: 200 }).notNull().default(''),
    weight: integer().notNull().default(1000),
    objectTypes: jsonb().$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('tags_name_uniq').on(t.name), uniqueIndex('tags_slug_uniq').on(t.slug)],
);

/** Tag assignments for any taggable model (NetBox's TaggedItem, keyed by content type). */
export const taggedItems = pgTable(
  'tagged_items',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tagId: bigint({ mode: 'number' })
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    objectType: varchar({ length: 100 }).notNull(),
    objectId: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('tagged_items_uniq').on(t.objectType, t.objectId, t.tagId),
    index('tagged_items_tag_idx').on(t.tagId),
  ],
);

/** core.ObjectChange: one row per create/update/delete, written in the same transaction. */
export const objectChanges = pgTable(
  'object_changes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    time: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    userId: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    userName: varchar({ length: 150 }).notNull(),
    requestId: varchar({ length: 64 }).notNull(),
    action: varchar({ length: 50, enum: CHANGE_ACTION }).notNull(),
    changedObjectType: varchar({ length: 100 }).notNull(),
    changedObjectId: bigint({ mode: 'number' }).notNull(),
    relatedObjectType: varchar({ length: 100 }),
    relatedObjectId: bigint({ mode: 'number' }),
    objectRepr: varchar({ length: 200 }).notNull(),
    message: varchar({ length: 200 }).notNull().default(''),
    prechangeData: jsonb().$type<Record<string, unknown>>(),
    postchangeData: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index('object_changes_object_idx').on(t.changedObjectType, t.changedObjectId, t.time),
    index('object_changes_time_idx').on(t.time),
    index('object_changes_request_idx').on(t.requestId),
  ],
);

/** extras.JournalEntry: free-text notes attached to any object. */
export const journalEntries = pgTable(
  'journal_entries',
  {
    ...baseColumns,
    assignedObjectType: varchar({ length: 100 }).notNull(),
    assignedObjectId: bigint({ mode: 'number' }).notNull(),
    createdById: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    kind: varchar({ length: 30, enum: JOURNAL_KIND }).notNull().default('info'),
    comments: text().notNull(),
  },
  (t) => [index('journal_entries_object_idx').on(t.assignedObjectType, t.assignedObjectId)],
);

export type Tag = typeof tags.$inferSelect;
export type ObjectChange = typeof objectChanges.$inferSelect;
export type NewObjectChange = typeof objectChanges.$inferInsert;
