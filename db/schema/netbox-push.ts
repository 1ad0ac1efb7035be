import { bigint, bigserial, jsonb, pgTable, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { netboxEndpoints } from './proxbox-endpoints';
import { syncJobs } from './sync';

/**
 * What the NetBox push owns in one remote NetBox: per local object (its stable key, e.g.
 * `vm:12`) the remote object's type and id, and a hash of what was last written, so a re-push
 * with nothing changed sends nothing and an object deleted by hand in NetBox is noticed.
 */
export const netboxRemoteObjects = pgTable(
  'netbox_remote_objects',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    endpointId: bigint({ mode: 'number' })
      .notNull()
      .references(() => netboxEndpoints.id, { onDelete: 'cascade' }),
    /** The local model's registry key (`virtual-machines`, `vm-interfaces`…), or `push` for tags/custom fields/types. */
    localModel: varchar({ length: 64 }).notNull(),
    /** The local row's id; null for objects without a local row (tags, custom fields, types, sites by slug). */
    localId: bigint({ mode: 'number' }),
    localKey: varchar({ length: 255 }).notNull(),
    /** NetBox list path under /api/, e.g. `virtualization/virtual-machines`. */
    remoteType: varchar({ length: 64 }).notNull(),
    remoteId: bigint({ mode: 'number' }).notNull(),
    lastPushedHash: varchar({ length: 64 }).notNull().default(''),
    pushedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('netbox_remote_objects_key_uniq').on(t.endpointId, t.remoteType, t.localKey),
    uniqueIndex('netbox_remote_objects_remote_uniq').on(t.endpointId, t.remoteType, t.remoteId),
  ],
);

/** The outcome of the last push to each NetBox endpoint, for its status panel. */
export const netboxPushState = pgTable('netbox_push_state', {
  endpointId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => netboxEndpoints.id, { onDelete: 'cascade' }),
  jobId: bigint({ mode: 'number' }).references(() => syncJobs.id, { onDelete: 'set null' }),
  pushedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  status: varchar({ length: 32, enum: ['completed', 'completed_with_errors', 'failed'] }).notNull(),
  netboxVersion: varchar({ length: 32 }),
  counts: jsonb()
    .$type<Record<string, { created: number; updated: number; deleted: number; unchanged: number; failed: number }>>()
    .notNull()
    .default({}),
  /** Conflicts and refusals of the last push: `{type, key, label, remoteId, reason}`. */
  conflicts: jsonb()
    .$type<{ type: string; key: string; label: string; remoteId: number | null; reason: string }[]>()
    .notNull()
    .default([]),
});

export type NetboxRemoteObject = typeof netboxRemoteObjects.$inferSelect;
