import { clearLockout as clearOne, listLockouts } from '@/lib/auth/lockout';
import type { Actor } from '@/lib/data/actor';
import { detail } from '@/lib/api/errors';

// The backend's lockout routes (`/auth/lockouts`): which client addresses have failed to
// authenticate, whether each is locked out now and for how long, and clearing them (an admin
// unblocking a script whose key was fixed). The state and the admin check are lib/auth/lockout.ts's;
// this file only gives them the backend's snake_case shape and its 404.

export interface LockoutView {
  /** The counted bucket: an IPv4 address, an IPv6 /64 (`2001:db8:1:2::/64`) or `unknown`. */
  ip: string;
  attempts: number;
  first_attempt: string;
  last_attempt: string;
  blocked: boolean;
  /** Seconds until the lockout ends (0 when not blocked). */
  seconds_left: number;
}

/** `GET /auth/lockouts`: every address with failures inside the window, blocked ones first, then by last attempt. */
export function listLockoutsBody(actor: Actor, now?: number): LockoutView[] {
  return listLockouts(actor, now).map((entry) => ({
    ip: entry.address,
    attempts: entry.attempts,
    first_attempt: entry.firstAttempt.toISOString(),
    last_attempt: entry.lastAttempt.toISOString(),
    blocked: entry.blockedForSeconds !== null,
    seconds_left: entry.blockedForSeconds ?? 0,
  }));
}

/** `DELETE /auth/lockouts/{ip}`: forgets one bucket's failures (an IPv6 address clears its /64); 404 when none are tracked. */
export function clearLockout(actor: Actor, ip: string): void {
  if (!clearOne(actor, ip)) throw detail(404, `No failed attempts are tracked for ${ip}.`);
}
