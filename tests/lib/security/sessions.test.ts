import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { users } from '@/db/schema';
import { authOptions, authorizeCredentials } from '@/lib/auth/options';
import { hashPassword } from '@/lib/auth/passwords';
import { changePassword, setUserActive, setUserRole } from '@/lib/auth/users';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { testDriver } from '../../helpers/db';
import { callJson, setupApi, teardownApi, type ApiEnv } from '../api/helpers';

// Sessions are stateless JWTs carrying users.session_version from sign-in; every request re-reads
// the user, and a token of another version is over. A password change, a role change, a
// deactivation and a sign-out bump the version. Before, a session outlived all of them for 12 h.

const browser = vi.hoisted(() => ({ session: null as unknown }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => browser.session,
}));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));

const { getSessionUser, requireUserOrThrow } = await import('@/lib/auth/session');

const PASSWORD = 'first-password-123';
let env: ApiEnv;
let aliceId: number;
const admin: Actor = { kind: 'system' };
const COOKIE = { cookie: 'next-auth.session-token=jwt' };

/** Signs in as next-auth would: authorize, then the jwt and session callbacks build the session. */
async function signIn(username: string, password: string): Promise<Session> {
  const user = await authorizeCredentials({ username, password });
  if (!user) throw new Error('sign-in refused');
  const callbacks = authOptions.callbacks!;
  const token = (await callbacks.jwt!({ token: {} as JWT, user, account: null, trigger: 'signIn' } as Parameters<
    NonNullable<typeof callbacks.jwt>
  >[0])) as JWT;
  return (await callbacks.session!({
    session: { expires: '2099-01-01T00:00:00.000Z' } as Session,
    token,
    user,
  } as Parameters<NonNullable<typeof callbacks.session>>[0])) as Session;
}

beforeAll(async () => {
  env = await setupApi();
  const [row] = await env.db.db
    .insert(users)
    .values({ username: 'alice', passwordHash: await hashPassword(PASSWORD), role: 'operator' })
    .returning();
  aliceId = row.id;
});
afterAll(() => teardownApi(env));

describe(`session versions (${testDriver})`, () => {
  it('carries the version from sign-in and resolves to the user while it is current', async () => {
    browser.session = await signIn('alice', PASSWORD);
    expect((browser.session as Session).user).toMatchObject({ userId: aliceId, role: 'operator', sessionVersion: 0 });
    expect(await getSessionUser()).toEqual({ userId: aliceId, username: 'alice', role: 'operator', sessionVersion: 0 });
    expect(
      (await callJson(env, 'GET', '/api/virtualization/virtual-machines/', { key: null, headers: COOKIE })).status,
    ).toBe(200);
  });

  it('refuses a session from before a password change, in pages and in the API', async () => {
    const old = await signIn('alice', PASSWORD);
    await changePassword(
      { kind: 'user', userId: aliceId, username: 'alice', role: 'operator' },
      { currentPassword: PASSWORD, newPassword: 'second-password-456' },
    );
    browser.session = old;
    expect(await getSessionUser()).toBeNull();
    await expect(requireUserOrThrow()).rejects.toBeInstanceOf(AppError);
    expect(
      await callJson(env, 'GET', '/api/virtualization/virtual-machines/', { key: null, headers: COOKIE }),
    ).toMatchObject({ status: 403, body: { detail: 'Authentication credentials were not provided.' } });
    browser.session = await signIn('alice', 'second-password-456');
    expect(await getSessionUser()).toMatchObject({ sessionVersion: 1 });
  });

  it('ends sessions on a role change, a deactivation and a sign-out', async () => {
    let session = await signIn('alice', 'second-password-456');
    await setUserRole(admin, aliceId, 'viewer');
    browser.session = session;
    expect(await getSessionUser()).toBeNull();

    session = await signIn('alice', 'second-password-456');
    expect(session.user).toMatchObject({ role: 'viewer' });
    await setUserActive(admin, aliceId, false);
    await setUserActive(admin, aliceId, true);
    browser.session = session;
    expect(await getSessionUser()).toBeNull();

    session = await signIn('alice', 'second-password-456');
    browser.session = session;
    expect(await getSessionUser()).not.toBeNull();
    // next-auth calls this on POST /api/auth/signout with the session's token.
    await authOptions.events!.signOut!({ token: { userId: aliceId } as JWT, session: session });
    expect(await getSessionUser()).toBeNull();
  });

  it('refuses tokens issued before session versions existed', async () => {
    const session = await signIn('alice', 'second-password-456');
    browser.session = { ...session, user: { ...session.user, sessionVersion: undefined } };
    expect(await getSessionUser()).toBeNull();
  });
});
