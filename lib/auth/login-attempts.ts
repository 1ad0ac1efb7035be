import { inArray, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { loginAttempts } from '@/db/schema/auth';

// Sign-in throttling: per client address and per username, at most MAX_LOGIN_ATTEMPTS password
// checks within LOGIN_WINDOW_S; the next attempt blocks the bucket for LOGIN_WINDOW_S (429 with
// Retry-After). An attempt is counted *before* its password is checked, in one atomic upsert, so
// 60 parallel guesses cause 5 bcrypt compares, not 60. A successful sign-in clears both buckets.
// The counters live in the inventory database: restarts and every app process share them.

export const MAX_LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_S = 300;

export type LoginGate = { allowed: true } | { allowed: false; retryAfter: number };

let lastPurge = 0;
// The database decides; this process remembers the blocks it was told about, so a flood against a
// blocked bucket is answered without a query each, and it asks about one bucket at a time, so the
// requests of a flood queue here instead of all reaching the database before the first is counted.
const knownBlocks = new Map<string, number>();
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(bucket: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(bucket) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(bucket, tail);
  void tail.then(() => {
    if (queues.get(bucket) === tail) queues.delete(bucket);
  });
  return run;
}

function knownBlock(bucket: string, now: Date): LoginGate | null {
  const until = knownBlocks.get(bucket);
  if (until === undefined) return null;
  if (until <= now.getTime()) {
    knownBlocks.delete(bucket);
    return null;
  }
  return { allowed: false, retryAfter: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

export function loginBuckets(ip: string, username: string): string[] {
  return [`ip:${ip}`.slice(0, 200), `user:${username.trim().toLowerCase()}`.slice(0, 200)];
}

async function reserve(bucket: string, now: Date): Promise<LoginGate> {
  const known = knownBlock(bucket, now);
  if (known) return known;
  const db = await getDb();
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_S * 1000);
  const blockUntil = new Date(now.getTime() + LOGIN_WINDOW_S * 1000);
  // A bucket is fresh again once it is not blocked and its window has passed.
  const fresh = sql`(${loginAttempts.windowStart} <= ${windowStart} and (${loginAttempts.blockedUntil} is null or ${loginAttempts.blockedUntil} <= ${now}))`;
  const stillBlocked = sql`(${loginAttempts.blockedUntil} is not null and ${loginAttempts.blockedUntil} > ${now})`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ bucket, attempts: 1, windowStart: now, blockedUntil: null })
    .onConflictDoUpdate({
      target: loginAttempts.bucket,
      set: {
        attempts: sql`case when ${fresh} then 1 when ${stillBlocked} then ${loginAttempts.attempts} else ${loginAttempts.attempts} + 1 end`,
        windowStart: sql`case when ${fresh} then ${now} else ${loginAttempts.windowStart} end`,
        blockedUntil: sql`case when ${fresh} then null when ${stillBlocked} then ${loginAttempts.blockedUntil} when ${loginAttempts.attempts} + 1 > ${MAX_LOGIN_ATTEMPTS} then ${blockUntil} else null end`,
      },
    })
    .returning({ attempts: loginAttempts.attempts, blockedUntil: loginAttempts.blockedUntil });
  if (row.blockedUntil && row.blockedUntil.getTime() > now.getTime()) {
    if (knownBlocks.size > 10_000) knownBlocks.clear();
    knownBlocks.set(bucket, row.blockedUntil.getTime());
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  return { allowed: true };
}

/**
 * Counts one sign-in attempt from `ip` for `username`; refused (with the seconds to wait) when
 * either bucket has used up its attempts. The address is checked first: a blocked address does
 * not spend the username's attempts.
 */
export async function reserveLoginAttempt(ip: string, username: string, now = new Date()): Promise<LoginGate> {
  for (const bucket of loginBuckets(ip, username)) {
    const gate = await serialized(bucket, () => reserve(bucket, now));
    if (!gate.allowed) return gate;
  }
  if (now.getTime() - lastPurge > 60_000) {
    lastPurge = now.getTime();
    const db = await getDb();
    await db
      .delete(loginAttempts)
      .where(lt(loginAttempts.windowStart, new Date(now.getTime() - 2 * LOGIN_WINDOW_S * 1000 - 1)));
  }
  return { allowed: true };
}

/** Forgets the blocks this process remembers (tests that empty the table). */
export function forgetKnownBlocks(): void {
  knownBlocks.clear();
}

/** A successful sign-in clears its address's and its username's attempts. */
export async function clearLoginAttempts(ip: string, username: string): Promise<void> {
  for (const bucket of loginBuckets(ip, username)) knownBlocks.delete(bucket);
  const db = await getDb();
  await db.delete(loginAttempts).where(inArray(loginAttempts.bucket, loginBuckets(ip, username)));
}
