import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { users } from '@/db/schema';
import { loginAttempts } from '@/db/schema/auth';
import { bcryptCompareCount } from '@/lib/auth/bcrypt-pool';
import { forgetKnownBlocks, reserveLoginAttempt } from '@/lib/auth/login-attempts';
import { guardCredentialsSignIn } from '@/lib/auth/login-guard';
import { authorizeCredentials } from '@/lib/auth/options';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { dispatchBackend, loadBackendRoutes, toRequest, writeResponse, type BackendRoute } from '@/lib/backend/server';
import { stampingListener } from '@/lib/server/app-server';
import { enablePeerStamping } from '@/lib/server/peer';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import type { DatabaseHandle } from '@/db/client';

// Sign-in throttling over real HTTP, as `npm start` serves it: the stamping listener in front of
// the credentials callback (lib/auth/login-guard.ts, what app/api/auth/[...nextauth]/route.ts
// runs before next-auth) and of the real /api/backend/health route. Behind the guard, a stand-in
// for next-auth's callback runs the real credentials check (authorizeCredentials, bcrypt on worker
// threads) and answers as next-auth does: 401, or 200 with the session cookie. Before, every
// attempt ran a bcrypt compare on the event loop, without any limit.

const PASSWORD = 'correct-horse-battery-1';
let handle: DatabaseHandle;
let server: http.Server;
let url: string;

async function nextAuthStandIn(req: Request): Promise<Response> {
  const form = new URLSearchParams(await req.text());
  const user = await authorizeCredentials({ username: form.get('username'), password: form.get('password') });
  if (!user) return Response.json({ url: 'http://proxbox.test/login?error=CredentialsSignin' }, { status: 401 });
  return Response.json(
    { url: 'http://proxbox.test/' },
    { status: 200, headers: { 'Set-Cookie': 'next-auth.session-token=signed-jwt; Path=/; HttpOnly; SameSite=Lax' } },
  );
}

function startServer(routes: BackendRoute[]): Promise<http.Server> {
  enablePeerStamping();
  const s = http.createServer(
    stampingListener(async (req, res) => {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const request = toRequest(req, `http://${req.headers.host ?? '127.0.0.1'}`, abort.signal);
      const response = req.url?.startsWith('/api/auth/')
        ? await guardCredentialsSignIn(request, nextAuthStandIn)
        : await dispatchBackend(routes, request);
      await writeResponse(res, response);
    }),
  );
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

/** GET /api/backend/health on a connection of its own, not queued behind the flood's connections. */
const healthStatus = () =>
  new Promise<number>((resolve, reject) => {
    const req = http.get(`${url}/api/backend/health`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });

const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ username, password, csrfToken: 'x', json: 'true' }),
  });

beforeAll(async () => {
  handle = await openTestDatabase();
  await handle.db
    .insert(users)
    .values({ username: 'admin', passwordHash: await hashPassword(PASSWORD), role: 'admin' });
  server = await startServer(await loadBackendRoutes());
  await Promise.all([verifyPassword('warm', null), verifyPassword('warm', null)]);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeTestDatabase();
});
beforeEach(async () => {
  vi.unstubAllEnvs();
  await handle.db.delete(loginAttempts);
  forgetKnownBlocks();
});

describe(`sign-in throttling over HTTP (${testDriver})`, () => {
  it('60 parallel wrong passwords: 5 bcrypt compares, then 429 + Retry-After, while /api/backend/health keeps answering', async () => {
    const compares = bcryptCompareCount();
    const health: number[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) health.push(await healthStatus());
    })();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn('admin', `wrong-password-${i}`)));
    flooding = false;
    await probe;

    expect(bcryptCompareCount() - compares).toBe(5);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
    const limited = answers.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toBe('300');
    expect(await limited.json()).toEqual({
      url: `${url}/login?error=TooManyAttempts`,
      detail: 'Too many failed sign-in attempts. Try again in 300 seconds.',
    });
    // Other requests kept being served during the flood (the compares run on worker threads); how
    // fast is a benchmark's question, not a test's.
    expect(health.length).toBeGreaterThan(0);
    expect(new Set(health)).toEqual(new Set([200]));

    // Locked for everyone at that address and for that username, the right password included.
    expect((await signIn('admin', PASSWORD)).status).toBe(429);
    expect(bcryptCompareCount() - compares).toBe(5);
  });

  it('counts per username across addresses, and per address across usernames', async () => {
    vi.stubEnv('PROXBOX_TRUSTED_PROXIES', '127.0.0.1');
    for (let i = 0; i < 5; i++)
      expect((await signIn('admin', 'wrong-password', { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    expect((await signIn('admin', PASSWORD, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
    for (let i = 0; i < 5; i++)
      expect((await signIn(`user${i}`, 'wrong-password', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(401);
    expect((await signIn('someone-else', 'wrong-password', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
  });

  it('makes an unknown user cost one compare and count toward the lockout', async () => {
    const compares = bcryptCompareCount();
    expect((await signIn('nobody', 'wrong-password')).status).toBe(401);
    expect(bcryptCompareCount() - compares).toBe(1);
    const rows = await handle.db.select().from(loginAttempts);
    expect(rows.map((r) => [r.bucket, r.attempts]).sort()).toEqual([
      ['ip:127.0.0.1', 1],
      ['user:nobody', 1],
    ]);
  });

  it('clears both counters on success', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('Admin', 'wrong-password')).status).toBe(401);
    const ok = await signIn('admin', PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toContain('next-auth.session-token=');
    expect(await handle.db.select().from(loginAttempts)).toEqual([]);
  });

  it('shares the count through the database (another process) and forgets it after the window', async () => {
    const now = new Date();
    // Another app process saw five attempts for this username.
    for (let i = 0; i < 5; i++)
      expect(await reserveLoginAttempt(`192.0.2.${i}`, 'admin', now)).toEqual({ allowed: true });
    const res = await signIn('admin', PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(290);
    expect(await reserveLoginAttempt('192.0.2.50', 'admin', new Date(now.getTime() + 299_000))).toMatchObject({
      allowed: false,
    });
    expect(await reserveLoginAttempt('192.0.2.50', 'admin', new Date(now.getTime() + 601_000))).toEqual({
      allowed: true,
    });
  });

  it('refuses an oversized sign-in body with 413 before counting it', async () => {
    const res = await fetch(`${url}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=admin&password=${'x'.repeat(20_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await handle.db.select().from(loginAttempts)).toEqual([]);
  });
});
