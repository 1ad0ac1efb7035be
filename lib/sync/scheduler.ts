import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxboxPluginSettings, syncScheduleSlots } from '@/db/schema';
import { ensureSettings } from '@/lib/bootstrap/settings';
import type { SyncRequest } from './engine';
import { startSyncJob } from './start';

// Scheduled full syncs (settings: sync_enabled, sync_interval in minutes). Slots are aligned to
// the epoch, so every process computes the same ones; the slot table's primary key lets exactly
// one process start the run of a slot. A process that was down for several slots starts one run
// for the current slot when it comes back, not one per missed slot.

const TICK_MS = 30_000;
const MINUTE_MS = 60_000;

/** Start of the slot containing `now`, for an interval in minutes. */
export function slotStart(now: Date, intervalMinutes: number): Date {
  const size = Math.max(1, intervalMinutes) * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** When the next scheduled run starts (null when scheduling is off). */
export async function nextScheduledRun(db: Database, now = new Date()): Promise<Date | null> {
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  if (!settings?.syncEnabled) return null;
  const current = slotStart(now, settings.syncInterval);
  const [claimed] = await db.select().from(syncScheduleSlots).where(eq(syncScheduleSlots.slotStart, current));
  return claimed ? new Date(current.getTime() + settings.syncInterval * MINUTE_MS) : now;
}

/** The last slot that fired (for the settings page). */
export async function lastScheduledRun(db: Database): Promise<{ slotStart: Date; jobId: number | null } | null> {
  const [row] = await db.select().from(syncScheduleSlots).orderBy(desc(syncScheduleSlots.slotStart)).limit(1);
  return row ? { slotStart: row.slotStart, jobId: row.jobId } : null;
}

/**
 * One scheduler tick: if scheduling is on and the current slot has not fired, claims it and
 * starts a full sync in the background. Returns the started job id, or null.
 */
export async function schedulerTick(db: Database, workerId: string, now = new Date(), createReader?: SyncRequest['createReader']): Promise<number | null> {
  await ensureSettings(db);
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  if (!settings.syncEnabled) return null;
  const slot = slotStart(now, settings.syncInterval);
  const [claimed] = await db.insert(syncScheduleSlots).values({ slotStart: slot, claimedBy: workerId }).onConflictDoNothing().returning();
  if (!claimed) return null;
  const jobId = await startSyncJob(db, { requestedBy: 'scheduler', workerId, createReader }).catch((error: unknown) => {
    console.error(`scheduled sync of ${slot.toISOString()} failed to start:`, error instanceof Error ? error.message : error);
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
  const tick = () => void getDb().then((db) => schedulerTick(db, workerId)).catch((error: unknown) => console.error('scheduler tick failed:', error));
  g[globalKey] = setInterval(tick, TICK_MS);
  g[globalKey].unref();
  tick();
}
