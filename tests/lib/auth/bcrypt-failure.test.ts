import { describe, expect, it, vi } from 'vitest';

// Only bcrypt refusing its input (a malformed stored hash) is a mismatch. A pool failure (a worker
// that died) must surface as an error: as "wrong password" it would feed the sign-in lockout and
// lock out people whose password is right.

vi.mock('@/lib/auth/bcrypt-pool', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/auth/bcrypt-pool')>();
  return {
    ...actual,
    compareOffThread: vi.fn(async (plain: string, hash: string) => {
      if (plain === 'worker-died') throw new Error('worker exited with code 1');
      return actual.compareOffThread(plain, hash);
    }),
  };
});

const { BcryptInputError, compareOffThread } = await import('@/lib/auth/bcrypt-pool');
const { verifyPassword } = await import('@/lib/auth/passwords');

/** 60 characters, as a bcrypt hash, but a salt version bcrypt does not know: it throws on it. */
const MALFORMED = `$9z$10$${'a'.repeat(53)}`;

describe('bcrypt failures', () => {
  it('a malformed stored hash is a BcryptInputError from the pool, and a mismatch to verifyPassword', async () => {
    const actual = await vi.importActual<typeof import('@/lib/auth/bcrypt-pool')>('@/lib/auth/bcrypt-pool');
    await expect(actual.compareOffThread('secret', MALFORMED)).rejects.toBeInstanceOf(BcryptInputError);
    expect(await verifyPassword('secret', MALFORMED)).toBe(false);
    expect(vi.mocked(compareOffThread)).toHaveBeenCalledTimes(1);
  });

  it('a failed worker is an error, not a wrong password', async () => {
    await expect(verifyPassword('worker-died', '$2b$04$abcdefghijklmnopqrstuu')).rejects.toThrow(
      'worker exited with code 1',
    );
  });
});
