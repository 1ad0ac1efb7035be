import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';
import { SYNC_JOB_KIND, SYNC_JOB_STATUS } from './choices';

/** Per-stage counters a run keeps. */
export interface StageSummary {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  /** Wall time of the stage (the slowest endpoint's when several ran in parallel). */
  durationMs: number;
  /** `netbox-push` only: the counts per NetBox object type (`virtualization/virtual-machines`, …). */
  types?: Record<string, { created: number; updated: number; deleted: number; unchanged: number; failed: number }>;
}

/** A requested sync (full, one stage, one endpoint or one object) and its outcome. */
export const syncJobs = pgTable(
  'sync_jobs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: varchar({ length: 16, enum: SYNC_JOB_KIND }).notNull().default('full'),
    stages: jsonb().$type<string[]>().notNull().default([]),
    endpointIds: jsonb().$type<number[]>().notNull().default([]),
    objectType: varchar({ length: 100 }),
    objectId: bigint({ mode: 'number' }),
    dryRun: boolean().notNull().default(false),
    status: varchar({ length: 32, enum: SYNC_JOB_STATUS }).notNull().default('queued'),
    requestedBy: varchar({ length: 150 }).notNull(),
    created: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true, mode: 'date' }),
    finishedAt: timestamp({ withTimezone: true, mode: 'date' }),
    workerId: varchar({ length: 100 }),
    heartbeatAt: timestamp({ withTimezone: true, mode: 'date' }),
    summary: jsonb().$type<Record<string, StageSummary>>().notNull().default({}),
    proxmoxRequests: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    error: text(),
    /** Set when a user asks a running job to stop; its worker stops after the current stage. */
    cancelRequestedAt: timestamp({ withTimezone: true, mode: 'date' }),
    cancelRequestedBy: varchar({ length: 150 }),
  },
  (t) => [index('sync_jobs_status_idx').on(t.status, t.created), index('sync_jobs_created_idx').on(t.created)],
);

/** The progress stream of a job, in the seed's SSE vocabulary (step, item_progress, ...). */
export const syncEvents = pgTable(
  'sync_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    jobId: bigint({ mode: 'number' })
      .notNull()
      .references(() => syncJobs.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    time: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    event: varchar({ length: 32 }).notNull(),
    stage: varchar({ length: 32 }),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('sync_events_job_seq_idx').on(t.jobId, t.seq)],
);

/**
 * One row per scheduled slot that fired: the primary key makes sure that, however many app
 * processes tick, a slot starts exactly one run.
 */
export const syncScheduleSlots = pgTable('sync_schedule_slots', {
  slotStart: timestamp({ withTimezone: true, mode: 'date' }).primaryKey(),
  claimedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  claimedBy: varchar({ length: 100 }).notNull(),
  jobId: bigint({ mode: 'number' }).references(() => syncJobs.id, { onDelete: 'set null' }),
});

export type SyncJob = typeof syncJobs.$inferSelect;
export type SyncEvent = typeof syncEvents.$inferSelect;
