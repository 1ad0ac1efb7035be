import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema/auth';
import { authorizeCredentials } from '@/lib/auth/options';
import { verifyPassword } from '@/lib/auth/passwords';
import {
  changePassword,
  createUser,
  findSessionUser,
  findUserForLogin,
  listUsers,
  setUserActive,
} from '@/lib/auth/users';
import { ensureFirstAdmin } from '@/lib/bootstrap/admin';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// Runs on the embedded database, and on PostgreSQL too when TEST_DATABASE_URL is set.

const ADMIN_PASSWORD = 'first-admin-password-123';
const savedAdminPassword = process.env.PROXBOX_ADMIN_PASSWORD;

/** Empties the users table again (for the first-start tests at the end of this file). */
async function emptyUsers(): Promise<Database> {
  await handle.db.execute(sql`TRUNCATE ${users} RESTART IDENTITY CASCADE`);
  return handle.db;
}

/** Captures what ensureFirstAdmin prints. */
async function withStdout<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    return { result: await fn(), output };
  } finally {
    spy.mockRestore();
  }
}

async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

let handle: DatabaseHandle;
let admin: Actor;

beforeAll(async () => {
  handle = await openTestDatabase();
  process.env.PROXBOX_ADMIN_PASSWORD = ADMIN_PASSWORD;
});

afterAll(async () => {
  if (savedAdminPassword === undefined) delete process.env.PROXBOX_ADMIN_PASSWORD;
  else process.env.PROXBOX_ADMIN_PASSWORD = savedAdminPassword;
  await closeTestDatabase();
});

describe(`ensureFirstAdmin (${testDriver})`, () => {
  it('creates exactly one admin with PROXBOX_ADMIN_PASSWORD, without printing it', async () => {
    const { result, output } = await withStdout(() => ensureFirstAdmin(handle.db));
    expect(result.created).toBe(true);
    expect(output).toContain('Proxbox first admin: username admin');
    expect(output).not.toContain(ADMIN_PASSWORD);
    const rows = await handle.db.select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'admin', role: 'admin', isActive: true, sessionVersion: 0 });
    expect(await verifyPassword(ADMIN_PASSWORD, rows[0].passwordHash)).toBe(true);
  });

  it('is idempotent and silent once a user exists', async () => {
    const { result, output } = await withStdout(() => ensureFirstAdmin(handle.db));
    expect(result.created).toBe(false);
    expect(output).toBe('');
    expect(await handle.db.select().from(users)).toHaveLength(1);
  });
});

describe('authorizeCredentials', () => {
  it('accepts the right password in any username case and records the login', async () => {
    const user = await authorizeCredentials({ username: 'ADMIN', password: ADMIN_PASSWORD });
    expect(user).toMatchObject({ name: 'admin', username: 'admin', role: 'admin' });
    expect(user).not.toHaveProperty('passwordHash');
    const [row] = await handle.db.select().from(users);
    expect(row.lastLogin).toBeInstanceOf(Date);
    admin = { kind: 'user', userId: row.id, username: row.username, role: 'admin' };
  });

  it('refuses a wrong password, an unknown user and malformed input', async () => {
    expect(await authorizeCredentials({ username: 'admin', password: 'wrong-password-123' })).toBeNull();
    expect(await authorizeCredentials({ username: 'nobody', password: ADMIN_PASSWORD })).toBeNull();
    expect(await authorizeCredentials({ username: '', password: '' })).toBeNull();
    expect(await authorizeCredentials(undefined)).toBeNull();
  });
});

describe('createUser', () => {
  it('lets an admin create a user, returning no hash', async () => {
    const created = await createUser(admin, { username: 'Alice', password: 'alice-password-1', role: 'operator' });
    expect(created).toMatchObject({ username: 'Alice', role: 'operator', isActive: true, lastLogin: null });
    expect(created).not.toHaveProperty('passwordHash');
    const login = await findUserForLogin('alice');
    expect(login?.username).toBe('Alice');
  });

  it('rejects a duplicate username case-insensitively', async () => {
    const err = await expectAppError(
      createUser(admin, { username: 'ALICE', password: 'another-password-1', role: 'operator' }),
      'validation',
    );
    expect(err.fieldErrors).toEqual({ username: ['A user with this username already exists.'] });
  });

  it('validates the username and the password length', async () => {
    const err = await expectAppError(
      createUser(admin, { username: 'bad name!', password: 'short', role: 'operator' }),
      'validation',
    );
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['password', 'username']);
    await expectAppError(
      createUser(admin, { username: 'x'.repeat(151), password: 'long-enough-pass', role: 'operator' }),
      'validation',
    );
  });

  it('forbids non-admins and API keys', async () => {
    const alice = await findUserForLogin('alice');
    const nonAdmin: Actor = { kind: 'user', userId: alice?.userId ?? 0, username: 'Alice', role: 'operator' };
    await expectAppError(
      createUser(nonAdmin, { username: 'mallory', password: 'mallory-password', role: 'admin' }),
      'forbidden',
    );
    const apiKey: Actor = { kind: 'apikey', keyId: 'k1', description: 'ci', role: 'admin' };
    await expectAppError(
      createUser(apiKey, { username: 'mallory', password: 'mallory-password', role: 'admin' }),
      'forbidden',
    );
    expect(await findUserForLogin('mallory')).toBeNull();
  });
});

describe('listUsers', () => {
  it('lists users for admins without password hashes', async () => {
    const list = await listUsers(admin);
    expect(list.map((u) => u.username)).toEqual(['admin', 'Alice']);
    for (const user of list) expect(user).not.toHaveProperty('passwordHash');
  });

  it('is admin-only', async () => {
    await expectAppError(listUsers({ kind: 'user', userId: 2, username: 'Alice', role: 'viewer' }), 'forbidden');
  });
});

describe('changePassword', () => {
  it('refuses a wrong current password on currentPassword', async () => {
    const err = await expectAppError(
      changePassword(admin, { currentPassword: 'not-the-password', newPassword: 'brand-new-password-1' }),
      'validation',
    );
    expect(Object.keys(err.fieldErrors)).toEqual(['currentPassword']);
  });

  it('rejects a short new password on newPassword', async () => {
    const err = await expectAppError(
      changePassword(admin, { currentPassword: ADMIN_PASSWORD, newPassword: 'short' }),
      'validation',
    );
    expect(Object.keys(err.fieldErrors)).toEqual(['newPassword']);
  });

  it('changes the password of the signed-in user', async () => {
    await changePassword(admin, { currentPassword: ADMIN_PASSWORD, newPassword: 'brand-new-password-1' });
    expect(await authorizeCredentials({ username: 'admin', password: ADMIN_PASSWORD })).toBeNull();
    expect(await authorizeCredentials({ username: 'admin', password: 'brand-new-password-1' })).not.toBeNull();
  });

  it('needs a user actor', async () => {
    await expectAppError(
      changePassword({ kind: 'system' }, { currentPassword: 'a', newPassword: 'b'.repeat(12) }),
      'forbidden',
    );
  });
});

describe('setUserActive', () => {
  it('does not let admins deactivate themselves', async () => {
    if (admin.kind !== 'user') throw new Error('admin actor expected');
    const err = await expectAppError(setUserActive(admin, admin.userId, false), 'validation');
    expect(err.fieldErrors.nonFieldErrors).toEqual(['You cannot deactivate your own account.']);
  });

  it('deactivation blocks sign-in and open sessions; reactivation restores them', async () => {
    const alice = await findUserForLogin('alice');
    if (!alice) throw new Error('alice expected');
    const updated = await setUserActive(admin, alice.userId, false);
    expect(updated.isActive).toBe(false);
    expect(await findSessionUser(alice.userId, alice.sessionVersion)).toBeNull();
    expect(await authorizeCredentials({ username: 'alice', password: 'alice-password-1' })).toBeNull();
    await setUserActive(admin, alice.userId, true);
    // Deactivation ended the sessions issued before it: the old version stays refused.
    expect(await findSessionUser(alice.userId, alice.sessionVersion)).toBeNull();
    expect(await findSessionUser(alice.userId, alice.sessionVersion + 1)).toEqual({
      userId: alice.userId,
      username: 'Alice',
      role: 'operator',
      sessionVersion: alice.sessionVersion + 1,
    });
  });

  it('is admin-only and reports unknown users', async () => {
    await expectAppError(
      setUserActive({ kind: 'user', userId: 2, username: 'Alice', role: 'viewer' }, 1, false),
      'forbidden',
    );
    await expectAppError(setUserActive(admin, 999_999, true), 'not_found');
  });
});

describe(`ensureFirstAdmin on an empty users table (${testDriver})`, () => {
  it('generates and prints a password when PROXBOX_ADMIN_PASSWORD is unset; concurrent calls create one admin', async () => {
    delete process.env.PROXBOX_ADMIN_PASSWORD;
    const db = await emptyUsers();
    try {
      const { result, output } = await withStdout(() =>
        Promise.all([ensureFirstAdmin(db), ensureFirstAdmin(db), ensureFirstAdmin(db)]),
      );
      expect(result.filter((r) => r.created)).toHaveLength(1);
      const printed = /username admin, password (\S+) \(shown once; change it under Account\)/.exec(output);
      expect(printed).not.toBeNull();
      expect(output.match(/Proxbox first admin/g)).toHaveLength(1);
      const rows = await db.select().from(users);
      expect(rows).toHaveLength(1);
      expect(await verifyPassword(printed?.[1] ?? '', rows[0].passwordHash)).toBe(true);
    } finally {
      process.env.PROXBOX_ADMIN_PASSWORD = ADMIN_PASSWORD;
    }
  });

  it('refuses a PROXBOX_ADMIN_PASSWORD shorter than 12 characters', async () => {
    process.env.PROXBOX_ADMIN_PASSWORD = 'short';
    const db = await emptyUsers();
    try {
      await expect(ensureFirstAdmin(db)).rejects.toThrow(/PROXBOX_ADMIN_PASSWORD must be/);
      expect(await db.select().from(users)).toHaveLength(0);
    } finally {
      process.env.PROXBOX_ADMIN_PASSWORD = ADMIN_PASSWORD;
    }
  });
});
