import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '@/db/schema';
import { API_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { testDriver } from '../../helpers/db';
import { startBackend, type RunningBackend } from '../backend/http-server';
import { callJson, setupApi, teardownApi, type ApiEnv, type ListBody } from '../api/helpers';

// Cookie-authenticated writes must prove they come from our pages (a same-origin Origin, or
// Sec-Fetch-Site: same-origin); before, a write without any Origin was accepted. API keys carry
// no ambient credential and are unaffected. And every API answer carries the security headers.

const session = vi.hoisted(() => ({
  user: null as null | { userId: number; username: string; role: 'admin'; sessionVersion: number },
}));
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => session.user }));

let env: ApiEnv;
const SITES = '/api/dcim/sites/';
const COOKIE = { cookie: 'next-auth.session-token=jwt', host: 'proxbox.test' };
const sites = async () => (await callJson<ListBody>(env, 'GET', SITES)).body.results.map((r) => r.slug);

beforeAll(async () => {
  env = await setupApi();
  const [row] = await env.db.db
    .insert(users)
    .values({ username: 'alice', passwordHash: 'x', role: 'admin' })
    .returning();
  session.user = { userId: row.id, username: 'alice', role: 'admin', sessionVersion: 0 };
});
afterAll(() => teardownApi(env));

describe(`cookie-authenticated writes (${testDriver})`, () => {
  it('are refused without Origin, with a foreign Origin or a cross-site Sec-Fetch-Site, and change nothing', async () => {
    const post = (headers: Record<string, string>, slug: string) =>
      callJson(env, 'POST', SITES, { key: null, headers: { ...COOKIE, ...headers }, body: { name: slug, slug } });
    expect(await post({}, 'no-origin')).toMatchObject({
      status: 403,
      body: { detail: 'CSRF Failed: Origin checking failed - the request has no Origin header.' },
    });
    expect(await post({ origin: 'https://evil.example' }, 'evil')).toMatchObject({
      status: 403,
      body: {
        detail: 'CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins.',
      },
    });
    expect((await post({ 'sec-fetch-site': 'cross-site' }, 'cross')).status).toBe(403);
    expect((await post({ origin: 'null' }, 'opaque')).status).toBe(403);
    expect(await sites()).toEqual([]);
  });

  it('pass with a same-origin Origin or Sec-Fetch-Site, reads need neither, and API keys are unaffected', async () => {
    const post = (headers: Record<string, string>, slug: string, key: string | null = null) =>
      callJson(env, 'POST', SITES, {
        key,
        headers: key ? headers : { ...COOKIE, ...headers },
        body: { name: slug, slug },
      });
    expect((await post({ origin: 'http://proxbox.test' }, 'same-origin')).status).toBe(201);
    expect((await post({ 'sec-fetch-site': 'same-origin' }, 'fetch-site')).status).toBe(201);
    expect((await callJson(env, 'GET', SITES, { key: null, headers: COOKIE })).status).toBe(200);
    expect((await post({}, 'by-key', env.key)).status).toBe(201);
    expect((await sites()).sort()).toEqual(['by-key', 'fetch-site', 'same-origin']);
  });
});

describe('security headers of the backend server', () => {
  let backend: RunningBackend;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(() => backend.stop());

  it('sends nosniff, a strict referrer policy, no framing and a closed CSP on every answer', async () => {
    for (const path of ['/api/backend/health', '/api/backend/auth/keys', '/not-served']) {
      const res = await fetch(`${backend.url}${path}`);
      await res.arrayBuffer();
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
    expect(API_SECURITY_HEADERS).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    });
  });
});
