import { eq, lt } from 'drizzle-orm';
import { authLockouts } from '@/db/backend/schema';
import { backendDb } from './api-keys';

// Failed-authentication lockout per client IP (the seed's AuthLockout): 5 failures
// within 300 s block the address for 300 s after the last failure (429 + Retry-After); a
// success clears the counter. Counters live in the backend SQLite store, so every process of
// one installation shares them. Client addresses come from lib/auth/client-ip.ts.

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_WINDOW_S = 300;
/** Rows idle this long are purged (lazily, at most once a minute). */
const PURGE_AFTER_S = 2 * LOCKOUT_WINDOW_S;

export type LockoutState = { blocked: false; attempts: number } | { blocked: true; attempts: number; retryAfter: number };

const nowSeconds = () => Date.now() / 1000;
let lastPurge = 0;

function stateOf(row: typeof authLockouts.$inferSelect | undefined, now: number): LockoutState {
  if (!row) return { blocked: false, attempts: 0 };
  if (row.attempts >= MAX_FAILED_ATTEMPTS && now - row.lastAttempt < LOCKOUT_WINDOW_S) {
    return { blocked: true, attempts: row.attempts, retryAfter: Math.max(1, Math.ceil(row.lastAttempt + LOCKOUT_WINDOW_S - now)) };
  }
  // Failures older than the window no longer count.
  if (now - row.firstAttempt >= LOCKOUT_WINDOW_S) return { blocked: false, attempts: 0 };
  return { blocked: false, attempts: row.attempts };
}

/** Whether `ip` is currently blocked (one primary-key read). */
export function lockoutStatus(ip: string): LockoutState {
  return stateOf(backendDb().select().from(authLockouts).where(eq(authLockouts.ip, ip)).get(), nowSeconds());
}

/** Counts one failed attempt from `ip` and returns the resulting state. */
export function recordFailedAttempt(ip: string): LockoutState {
  const now = nowSeconds();
  const db = backendDb();
  const state = db.transaction(
    (tx) => {
      const row = tx.select().from(authLockouts).where(eq(authLockouts.ip, ip)).get();
      const current = stateOf(row, now);
      if (current.blocked) return current;
      const fresh = current.attempts === 0;
      const next = { attempts: current.attempts + 1, firstAttempt: fresh ? now : row!.firstAttempt, lastAttempt: now };
      tx.insert(authLockouts).values({ ip, ...next }).onConflictDoUpdate({ target: authLockouts.ip, set: next }).run();
      return stateOf({ ip, ...next }, now);
    },
    { behavior: 'immediate' },
  );
  if (now - lastPurge > 60) {
    lastPurge = now;
    db.delete(authLockouts).where(lt(authLockouts.lastAttempt, now - PURGE_AFTER_S)).run();
  }
  return state;
}

/** A successful authentication clears the address's failures. */
export function resetFailedAttempts(ip: string): void {
  backendDb().delete(authLockouts).where(eq(authLockouts.ip, ip)).run();
}
