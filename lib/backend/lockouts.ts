import { eq } from 'drizzle-orm';
import { authLockouts } from '@/db/backend/schema';
import { backendDb } from '@/lib/auth/api-keys';
import { LOCKOUT_WINDOW_S, MAX_FAILED_ATTEMPTS } from '@/lib/auth/lockout';
import { detail } from '@/lib/api/errors';

// The backend's lockout routes (`/auth/lockouts`): which client addresses have failed to
// authenticate, whether each is locked out now and for how long, and clearing them (an admin
// unblocking a script whose key was fixed). Addresses whose failures have expired are listed
// as not blocked until the lazy purge removes them.

export interface LockoutView {
  ip: string;
  attempts: number;
  first_attempt: string;
  last_attempt: string;
  blocked: boolean;
  /** Seconds until the lockout ends (0 when not blocked). */
  seconds_left: number;
}

function view(row: typeof authLockouts.$inferSelect, now: number): LockoutView {
  const blocked = row.attempts >= MAX_FAILED_ATTEMPTS && now - row.lastAttempt < LOCKOUT_WINDOW_S;
  return {
    ip: row.ip,
    attempts: row.attempts,
    first_attempt: new Date(row.firstAttempt * 1000).toISOString(),
    last_attempt: new Date(row.lastAttempt * 1000).toISOString(),
    blocked,
    seconds_left: blocked ? Math.max(1, Math.ceil(row.lastAttempt + LOCKOUT_WINDOW_S - now)) : 0,
  };
}

/** `GET /auth/lockouts`: every tracked address, blocked ones first, then by last attempt. */
export function listLockoutsBody(now = Date.now() / 1000): LockoutView[] {
  return backendDb()
    .select()
    .from(authLockouts)
    .all()
    .map((row) => view(row, now))
    .sort((a, b) => Number(b.blocked) - Number(a.blocked) || b.last_attempt.localeCompare(a.last_attempt));
}

/** `DELETE /auth/lockouts/{ip}`: forgets one address's failures; 404 when none are tracked. */
export function clearLockout(ip: string): void {
  const result = backendDb().delete(authLockouts).where(eq(authLockouts.ip, ip)).run();
  if (result.changes === 0) throw detail(404, `No failed attempts are tracked for ${ip}.`);
}

/** `DELETE /auth/lockouts`: forgets every address's failures; returns how many were cleared. */
export function clearAllLockouts(): number {
  return backendDb().delete(authLockouts).run().changes;
}
