import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxboxPluginSettings, syncScheduleSlots, type ProxboxPluginSettings } from '@/db/schema';
import { ensureSettings } from '@/lib/bootstrap/settings';
import {
  currentSlot,
  describeSchedule,
  nextSlot,
  scheduledEndpoints,
  scheduledStages,
  scheduleOf,
  type Schedule,
} from './schedule';
import { systemActor } from '@/lib/data/actor';
import { startSyncJob } from './start';

// Scheduled syncs (settings: sync_enabled; sync_interval × sync_interval_unit or sync_cron; the
// stages and endpoints to cover). Every process computes the same slots (schedule.ts); the slot
// table's primary key lets exactly one process enqueue the run of a slot. A process that was down
// for several slots enqueues one run for the current slot when it comes back, not one per slot.

const TICK_MS = 30_000;

/** The settings' schedule, or null when scheduling is off or the stored cron expression is unusable. */
function activeSchedule(settings: ProxboxPluginSettings | undefined, now: Date): Schedule | null {
  if (!settings?.syncEnabled) return null;
  const schedule = scheduleOf(settings);
  try {
    currentSlot(schedule, now);
    return schedule;
  } catch (error) {
    console.error(
      `scheduled syncs are off: ${describeSchedule(schedule)} is unusable:`,
      error instanceof Error ? error.message : error,
    );
    return null;
  }
}

/** When the next scheduled run starts: now when the current slot has not fired yet (null when scheduling is off). */
export async function nextScheduledRun(db: Database, now = new Date()): Promise<Date | null> {
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  const schedule = activeSchedule(settings, now);
  if (!schedule) return null;
  const [claimed] = await db
    .select()
    .from(syncScheduleSlots)
    .where(eq(syncScheduleSlots.slotStart, currentSlot(schedule, now)));
  return claimed ? nextSlot(schedule, now) : now;
}

/** The last slot that fired (for the settings page). */
export async function lastScheduledRun(db: Database): Promise<{ slotStart: Date; jobId: number | null } | null> {
  const [row] = await db.select().from(syncScheduleSlots).orderBy(desc(syncScheduleSlots.slotStart)).limit(1);
  return row ? { slotStart: row.slotStart, jobId: row.jobId } : null;
}

/** What the settings page shows about scheduling (components/sync/schedule-info.tsx). */
export async function scheduleSummary(db: Database, now = new Date()) {
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  const [next, last] = [await nextScheduledRun(db, now), await lastScheduledRun(db)];
  const schedule = settings ? scheduleOf(settings) : null;
  return {
    enabled: settings?.syncEnabled === true,
    intervalMinutes: schedule?.kind === 'interval' ? schedule.minutes : 0,
    description: schedule ? describeSchedule(schedule) : '',
    stages: settings ? (scheduledStages(settings.syncStages)?.join(', ') ?? 'all') : 'all',
    endpoints: settings
      ? (scheduledEndpoints(settings.syncEndpoints)
          ?.map((id) => `#${id}`)
          .join(', ') ?? 'every enabled one')
      : 'every enabled one',
    next: next?.toISOString() ?? null,
    last: last ? { slotStart: last.slotStart.toISOString(), jobId: last.jobId } : null,
  };
}

/**
 * One scheduler tick: if scheduling is on and the current slot has not fired, claims it and
 * queues its sync (behind a running sync of the same endpoints; not behind a queued one, which
 * covers the slot already). Returns the queued job id, or null.
 */
export async function schedulerTick(db: Database, workerId: string, now = new Date()): Promise<number | null> {
  await ensureSettings(db);
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  const schedule = activeSchedule(settings, now);
  if (!schedule) return null;
  const slot = currentSlot(schedule, now);
  const [claimed] = await db
    .insert(syncScheduleSlots)
    .values({ slotStart: slot, claimedBy: workerId })
    .onConflictDoNothing()
    .returning();
  if (!claimed) return null;
  const request = {
    requestedBy: 'scheduler',
    stages: scheduledStages(settings.syncStages),
    endpointIds: scheduledEndpoints(settings.syncEndpoints),
    whenBusy: 'wait' as const,
  };
  const jobId = await startSyncJob(db, systemActor, request).catch((error: unknown) => {
    console.error(
      `scheduled sync of ${slot.toISOString()} was not queued:`,
      error instanceof Error ? error.message : error,
    );
    return null;
  });
  if (jobId !== null) await db.update(syncScheduleSlots).set({ jobId }).where(eq(syncScheduleSlots.slotStart, slot));
  return jobId;
}

const globalKey = Symbol.for('proxbox.scheduler');
type WithScheduler = typeof globalThis & { [globalKey]?: NodeJS.Timeout };

/** Starts the process's scheduler (once); ticks every 30 s and right away. */
export function startScheduler(getDb: () => Promise<Database>): void {
  const g = globalThis as WithScheduler;
  if (g[globalKey]) return;
  const workerId = `pid-${process.pid}`;
  const tick = () =>
    void getDb()
      .then((db) => schedulerTick(db, workerId))
      .catch((error: unknown) => console.error('scheduler tick failed:', error));
  g[globalKey] = setInterval(tick, TICK_MS);
  g[globalKey].unref();
  tick();
}
