import { randomBytes } from 'node:crypto';
import { truncates } from 'bcryptjs';
import { BcryptInputError, compareOffThread, hashOffThread } from './bcrypt-pool';

/** bcrypt cost factor: about a quarter of a second per hash on current hardware. */
export const BCRYPT_COST = 12;

/** Minimum length of a password a user chooses (generated ones are longer). */
export const MIN_PASSWORD_LENGTH = 12;

// A hash of a random value nobody knows. Login checks an unknown username against it so that
// "no such user" takes as long as "wrong password" and usernames cannot be probed by timing.
const UNKNOWN_USER_HASH = '$2b$12$lI.oNbTwgI9n2dETxi00B.87hks01SbdbUEj6W0PoQA2A9LXr9/va';

/** Hashes a password for the users table (bcrypt, cost 12, on a worker thread). */
export function hashPassword(plain: string): Promise<string> {
  return hashOffThread(plain, BCRYPT_COST);
}

/**
 * Checks a password against a stored bcrypt hash, on a worker thread (lib/auth/bcrypt-pool.ts);
 * `null` (unknown user) still costs one bcrypt comparison and returns false. A malformed hash
 * counts as a mismatch rather than an error.
 */
export async function verifyPassword(plain: string, storedHash: string | null): Promise<boolean> {
  try {
    const matches = await compareOffThread(plain, storedHash ?? UNKNOWN_USER_HASH);
    return matches && storedHash !== null;
  } catch (error) {
    if (error instanceof BcryptInputError) return false;
    throw error;
  }
}

/** Whether bcrypt would ignore part of the password (it reads only the first 72 UTF-8 bytes). */
export function passwordTooLongForBcrypt(plain: string): boolean {
  return truncates(plain);
}

/** A random 24-character URL-safe password (144 bits), for the first admin and resets. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
