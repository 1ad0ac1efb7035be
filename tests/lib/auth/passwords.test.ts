import { getRounds } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordTooLongForBcrypt, verifyPassword } from '@/lib/auth/passwords';

describe('passwords', () => {
  it('hashes with bcrypt cost 12 and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(getRounds(hash)).toBe(12);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
  });

  it('treats an unknown user (null hash) and a malformed hash as a mismatch', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-bcrypt-hash')).toBe(false);
  });

  it('generates long, URL-safe, distinct passwords', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const password = generatePassword();
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(password).toMatch(/^[A-Za-z0-9_-]+$/);
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });

  it('flags passwords bcrypt would truncate (over 72 bytes)', () => {
    expect(passwordTooLongForBcrypt('a'.repeat(72))).toBe(false);
    expect(passwordTooLongForBcrypt('a'.repeat(73))).toBe(true);
    expect(passwordTooLongForBcrypt('ä'.repeat(37))).toBe(true);
  });
});
