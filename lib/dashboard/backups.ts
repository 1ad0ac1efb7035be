import { and, asc, isNotNull, sql, type SQL } from 'drizzle-orm';
import { vmBackups, virtualMachines } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { dashboardDb, toNumber } from './read';

// Backup overview: how many backups were taken per UTC day, and which synced guests have none
// recent enough. Both are single aggregate queries; guests are never loaded beyond the few named.

const DAY_MS = 86_400_000;

export interface BackupDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  count: number;
}

export interface UnprotectedGuests {
  /** Synced guests without a backup created at or after `since`. */
  count: number;
  since: string;
  /** The first few of them by name, for links. */
  first: { id: number; name: string }[];
}

const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Start of the UTC day of `now`, `days - 1` days back: the window holds `days` calendar days including today. */
export function windowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

/**
 * Backups per UTC day over the last `days` days (today included), oldest first, zero-filled.
 * One index range count per day (vm_backups_creation_idx) instead of grouping every backup row.
 */
export async function backupsPerDay(actor: Actor, now = new Date(), days = 30): Promise<BackupDay[]> {
  const db = await dashboardDb(actor);
  const start = windowStart(now, days).toISOString();
  const dayStart = (offset: SQL) => sql`${start}::timestamptz + ${offset} * interval '24 hours'`;
  const result = await db.execute(sql`
    select i::int as i,
      (select count(*) from ${vmBackups} where ${vmBackups.creationTime} >= ${dayStart(sql`i`)} and ${vmBackups.creationTime} < ${dayStart(sql`(i + 1)`)}) as n
    from generate_series(0, ${days - 1}::int) as i`);
  const counts = new Map((result as unknown as { rows: { i: number; n: unknown }[] }).rows.map((r) => [Number(r.i), toNumber(r.n)]));
  return Array.from({ length: days }, (_, i) => ({ day: utcDay(Date.parse(start) + i * DAY_MS), count: counts.get(i) ?? 0 }));
}

/** Synced guests with no backup in the last `days` days (counted from `now`), with the first `limit` by name. */
export async function guestsWithoutRecentBackup(actor: Actor, now = new Date(), days = 7, limit = 5): Promise<UnprotectedGuests> {
  const db = await dashboardDb(actor);
  const since = new Date(now.getTime() - days * DAY_MS);
  const noRecentBackup = sql`not exists (select 1 from ${vmBackups} where ${vmBackups.virtualMachineId} = ${virtualMachines.id} and ${vmBackups.creationTime} >= ${since})`;
  const where = and(isNotNull(virtualMachines.proxmoxEndpointId), noRecentBackup);
  const [[{ n }], first] = await Promise.all([
    db.select({ n: sql<string>`count(*)` }).from(virtualMachines).where(where),
    db.select({ id: virtualMachines.id, name: virtualMachines.name }).from(virtualMachines).where(where).orderBy(asc(virtualMachines.name), asc(virtualMachines.id)).limit(limit),
  ]);
  return { count: toNumber(n), since: since.toISOString(), first };
}
