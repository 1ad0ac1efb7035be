import { checkApiKey, type VerifiedApiKey } from './api-keys';
import { claimAttempt, lockoutStatus, MAX_FAILED_ATTEMPTS, resetFailedAttempts } from './lockout';

// One API-key authentication attempt from a client address, with the lockout applied so that
// it cannot be raced: the attempt is counted before the key is checked (lib/auth/lockout.ts
// claimAttempt), and every "invalid" answer corresponds to a counted attempt. So however many
// wrong keys arrive at once from one address (or one IPv6 /64), at most MAX_FAILED_ATTEMPTS of
// them get anything but "locked". Both the NetBox-style API and the backend API use it.

export type KeyAttempt =
  | { outcome: 'valid'; key: VerifiedApiKey }
  | { outcome: 'invalid'; attemptsLeft: number }
  | { outcome: 'locked'; retryAfter: number };

class Locked extends Error {
  constructor(readonly retryAfter: number) {
    super('locked');
  }
}

function claim(ip: string): number {
  const result = claimAttempt(ip);
  if (!result.allowed) throw new Locked(result.retryAfter);
  return result.attempts;
}

/** Checks `key` (null: a malformed credential, which counts as a wrong guess) from `ip`. */
export async function attemptApiKey(ip: string, key: string | null): Promise<KeyAttempt> {
  // A blocked address is refused whatever it sends, without its key being checked.
  const lock = lockoutStatus(ip);
  if (lock.blocked) return { outcome: 'locked', retryAfter: lock.retryAfter };
  try {
    if (key === null) return { outcome: 'invalid', attemptsLeft: Math.max(0, MAX_FAILED_ATTEMPTS - claim(ip)) };
    let attempts = 0;
    const check = await checkApiKey(key, () => {
      attempts = claim(ip);
    });
    if (check.key) {
      if (check.guessed || lock.attempts > 0) resetFailedAttempts(ip);
      return { outcome: 'valid', key: check.key };
    }
    // A request that shared another's failed check is counted now, so it is an attempt too.
    if (!check.guessed) attempts = claim(ip);
    return { outcome: 'invalid', attemptsLeft: Math.max(0, MAX_FAILED_ATTEMPTS - attempts) };
  } catch (error) {
    if (error instanceof Locked) return { outcome: 'locked', retryAfter: error.retryAfter };
    throw error;
  }
}
