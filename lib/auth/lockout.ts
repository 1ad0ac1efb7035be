import { isIP } from 'node:net';
import { eq, lt } from 'drizzle-orm';
import { authLockouts } from '@/db/backend/schema';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { expandIpv6 } from '@/lib/net/ssrf-guard';
import { backendDb } from './api-keys';
import { roleAllows } from './roles';

// Failed-authentication lockout per client IP (the seed's AuthLockout): 5 failures
// within 300 s block the address for 300 s after the last failure (429 + Retry-After); a
// success clears the counter. Counters live in the backend SQLite store, so every process of
// one installation shares them. Client addresses come from lib/auth/client-ip.ts; IPv6 clients
// are counted per /64, the smallest network one subscriber gets, so rotating addresses inside
// it does not reset the count.

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_WINDOW_S = 300;
/** Rows idle this long are purged (lazily, at most once a minute). */
const PURGE_AFTER_S = 2 * LOCKOUT_WINDOW_S;

export type LockoutState =
  { blocked: false; attempts: number } | { blocked: true; attempts: number; retryAfter: number };

const nowSeconds = () => Date.now() / 1000;
let lastPurge = 0;

function stateOf(row: typeof authLockouts.$inferSelect | undefined, now: number): LockoutState {
  if (!row) return { blocked: false, attempts: 0 };
  if (row.attempts >= MAX_FAILED_ATTEMPTS && now - row.lastAttempt < LOCKOUT_WINDOW_S) {
    return {
      blocked: true,
      attempts: row.attempts,
      retryAfter: Math.max(1, Math.ceil(row.lastAttempt + LOCKOUT_WINDOW_S - now)),
    };
  }
  // Failures older than the window no longer count.
  if (now - row.firstAttempt >= LOCKOUT_WINDOW_S) return { blocked: false, attempts: 0 };
  return { blocked: false, attempts: row.attempts };
}

/** The bucket an address is counted in: IPv4 as is, IPv6 its /64 (`2001:db8:1:2::/64`), other text unchanged. */
export function lockoutBucket(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip.toLowerCase());
  return groups
    ? `${groups
        .slice(0, 4)
        .map((g) => g.toString(16))
        .join(':')}::/64`
    : ip;
}

/** Whether `ip` is currently blocked (one primary-key read). */
export function lockoutStatus(ip: string): LockoutState {
  return stateOf(
    backendDb()
      .select()
      .from(authLockouts)
      .where(eq(authLockouts.ip, lockoutBucket(ip)))
      .get(),
    nowSeconds(),
  );
}

/** The outcome of claiming an attempt before checking a credential. */
export type AttemptClaim = { allowed: true; attempts: number } | { allowed: false; retryAfter: number };

/** Adds one attempt to the bucket unless it is blocked; one immediate transaction. */
function countAttempt(bucket: string, now: number): { counted: boolean; state: LockoutState } {
  const db = backendDb();
  const result = db.transaction(
    (tx) => {
      const row = tx.select().from(authLockouts).where(eq(authLockouts.ip, bucket)).get();
      const current = stateOf(row, now);
      if (current.blocked) return { counted: false, state: current };
      const fresh = current.attempts === 0;
      const next = { attempts: current.attempts + 1, firstAttempt: fresh ? now : row!.firstAttempt, lastAttempt: now };
      tx.insert(authLockouts)
        .values({ ip: bucket, ...next })
        .onConflictDoUpdate({ target: authLockouts.ip, set: next })
        .run();
      return { counted: true, state: stateOf({ ip: bucket, ...next }, now) };
    },
    { behavior: 'immediate' },
  );
  if (now - lastPurge > 60) {
    lastPurge = now;
    db.delete(authLockouts)
      .where(lt(authLockouts.lastAttempt, now - PURGE_AFTER_S))
      .run();
  }
  return result;
}

/**
 * Counts an attempt from `ip` BEFORE its credential is checked, so parallel guesses cannot all
 * pass a check made before any of them failed: at most MAX_FAILED_ATTEMPTS claims succeed per
 * window (SQLite's immediate transactions serialise them across processes). The caller resets
 * the count when the credential turns out valid.
 */
export function claimAttempt(ip: string): AttemptClaim {
  const { counted, state } = countAttempt(lockoutBucket(ip), nowSeconds());
  if (!counted && state.blocked) return { allowed: false, retryAfter: state.retryAfter };
  return { allowed: true, attempts: state.attempts };
}

/** Counts one failed attempt from `ip` and returns the resulting state. */
export function recordFailedAttempt(ip: string): LockoutState {
  return countAttempt(lockoutBucket(ip), nowSeconds()).state;
}

/** A successful authentication clears the address's failures. */
export function resetFailedAttempts(ip: string): void {
  backendDb()
    .delete(authLockouts)
    .where(eq(authLockouts.ip, lockoutBucket(ip)))
    .run();
}

export interface LockoutEntry {
  /** The counted bucket: an IPv4 address, an IPv6 /64 (`2001:db8:1:2::/64`) or `unknown`. */
  address: string;
  attempts: number;
  firstAttempt: Date;
  lastAttempt: Date;
  /** Seconds until the block ends; null when the bucket only has failures below the limit. */
  blockedForSeconds: number | null;
}

function assertAdmin(actor: Actor): void {
  if (actor.kind !== 'system' && (actor.kind === 'sync' || !roleAllows(actor.role, 'admin')))
    throw new AppError('forbidden', 'Only administrators may see or clear lockouts.');
}

/** Buckets with failures inside the window (blocked ones first, then the most recent) at `now` (seconds). Admins only. */
export function listLockouts(actor: Actor, now = nowSeconds()): LockoutEntry[] {
  assertAdmin(actor);
  return backendDb()
    .select()
    .from(authLockouts)
    .all()
    .map((row) => ({ row, state: stateOf(row, now) }))
    .filter(({ state }) => state.attempts > 0)
    .map(({ row, state }) => ({
      address: row.ip,
      attempts: row.attempts,
      firstAttempt: new Date(row.firstAttempt * 1000),
      lastAttempt: new Date(row.lastAttempt * 1000),
      blockedForSeconds: state.blocked ? state.retryAfter : null,
    }))
    .sort(
      (a, b) =>
        Number(b.blockedForSeconds !== null) - Number(a.blockedForSeconds !== null) ||
        b.lastAttempt.getTime() - a.lastAttempt.getTime(),
    );
}

/**
 * The bucket an administrator means: an address is cleared with its whole IPv6 /64, and a /64
 * may be written in any IPv6 spelling (`2001:db8::/64` is the bucket `2001:db8:0:0::/64`).
 */
function bucketToClear(address: string): string {
  const prefix = /^(.+)\/64$/.exec(address)?.[1];
  return lockoutBucket(prefix !== undefined && isIP(prefix) === 6 ? prefix : address);
}

/** Whether `text` names a bucket an administrator can clear: an IP address, an IPv6 /64 or `unknown`. */
export function isLockoutAddress(text: string): boolean {
  const prefix = /^(.+)\/64$/.exec(text)?.[1];
  return text === 'unknown' || isIP(text) !== 0 || (prefix !== undefined && isIP(prefix) === 6);
}

/** Clears one bucket (an address, or any address of an IPv6 /64); false when there was none. Admins only. */
export function clearLockout(actor: Actor, address: string): boolean {
  assertAdmin(actor);
  const bucket = bucketToClear(address);
  return backendDb().delete(authLockouts).where(eq(authLockouts.ip, bucket)).run().changes > 0;
}

/** Clears every bucket; returns how many there were. Admins only. */
export function clearAllLockouts(actor: Actor): number {
  assertAdmin(actor);
  return backendDb().delete(authLockouts).run().changes;
}
