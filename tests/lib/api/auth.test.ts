import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '@/db/schema';
import { deactivateApiKey, listApiKeys, createApiKey } from '@/lib/auth/api-keys';
import { testDriver } from '../../helpers/db';
import { call, callJson, setupApi, teardownApi, type ApiEnv, type ListBody } from './helpers';
import { systemActor } from '@/lib/data/actor';

// Authentication on the API: NetBox's 403 bodies, the three key headers, read-only keys,
// revocation, the per-IP lockout (429 + Retry-After) and browser sessions.

const session = vi.hoisted(() => ({
  user: null as null | {
    userId: number;
    username: string;
    role: 'viewer' | 'operator' | 'admin';
    sessionVersion: number;
  },
}));
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => session.user }));

let env: ApiEnv;
const VMS = '/api/virtualization/virtual-machines/';
const SITES = '/api/dcim/sites/';
const COOKIE = { cookie: 'next-auth.session-token=jwt' };
const WRONG = 'pbx_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

beforeAll(async () => {
  env = await setupApi();
});
afterAll(() => teardownApi(env));
afterEach(() => {
  session.user = null;
  delete process.env.PROXBOX_TRUSTED_PROXIES;
});

describe(`API authentication on ${testDriver}`, () => {
  it('answers 403 with NetBox’s exact bodies without or with bad credentials', async () => {
    for (const path of [VMS, `${VMS}1/`, '/api/', '/api/status/', '/api/schema/']) {
      expect(await callJson(env, 'GET', path, { key: null }), path).toEqual(
        expect.objectContaining({ status: 403, body: { detail: 'Authentication credentials were not provided.' } }),
      );
    }
    const xff = { 'x-forwarded-for': '192.0.2.200' };
    expect((await callJson(env, 'GET', VMS, { key: WRONG, headers: xff })).body).toEqual({ detail: 'Invalid token' });
    expect((await callJson(env, 'GET', VMS, { key: 'not-a-proxbox-key', headers: xff })).body).toEqual({
      detail: 'Invalid token',
    });
    expect((await callJson(env, 'GET', VMS, { headers: { ...xff, authorization: 'Token a b' } })).body).toEqual({
      detail: 'Invalid authorization header: Must be in the form "Token <key>" or "Bearer <key>".',
    });
    expect((await callJson(env, 'GET', VMS, { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).body).toEqual({
      detail: 'Authentication credentials were not provided.',
    });
  });

  it('accepts the key as Token, Bearer or X-Proxbox-API-Key', async () => {
    expect((await call(env, 'GET', VMS, { headers: { authorization: `Token ${env.key}` } })).status).toBe(200);
    expect((await call(env, 'GET', VMS, { headers: { authorization: `bearer ${env.key}` } })).status).toBe(200);
    expect((await call(env, 'GET', VMS, { headers: { 'x-proxbox-api-key': env.key } })).status).toBe(200);
  });

  it('lets read-only keys read but answers 403 to their writes, which change nothing', async () => {
    const ro = { key: env.readOnlyKey };
    expect((await call(env, 'GET', SITES, ro)).status).toBe(200);
    const denied = { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    expect(await callJson(env, 'POST', SITES, { ...ro, body: { name: 'RO', slug: 'ro' } })).toMatchObject(denied);
    expect(await callJson(env, 'POST', SITES, { ...ro, body: [{ name: 'RO', slug: 'ro' }] })).toMatchObject(denied);
    expect(await callJson(env, 'PATCH', `${SITES}1/`, { ...ro, body: { name: 'x' } })).toMatchObject(denied);
    expect(await callJson(env, 'DELETE', SITES, { ...ro, body: [{ id: 1 }] })).toMatchObject(denied);
    expect((await callJson<ListBody>(env, 'GET', SITES)).body.count).toBe(0);
  });

  it('refuses a revoked key at once, although its verification is cached', async () => {
    const temp = await createApiKey(systemActor, { description: 'temp' });
    expect((await call(env, 'GET', VMS, { key: temp.key })).status).toBe(200);
    deactivateApiKey(systemActor, temp.id);
    expect(
      await callJson(env, 'GET', VMS, { key: temp.key, headers: { 'x-forwarded-for': '192.0.2.201' } }),
    ).toMatchObject({ status: 403, body: { detail: 'Invalid token' } });
  });

  it('locks an address out after 5 failures (429 + Retry-After), even for valid keys, per client address', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i++)
      expect((await call(env, 'GET', VMS, { key: WRONG, headers: from('203.0.113.9') })).status).toBe(403);
    const locked = await call(env, 'GET', VMS, { headers: from('203.0.113.9') });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(290);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/^Too many failed authentication attempts/);
    expect((await call(env, 'GET', VMS, { headers: from('203.0.113.10') })).status).toBe(200);
  });

  it('resets the count on success', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.20' };
    for (let i = 0; i < 4; i++) await call(env, 'GET', VMS, { key: WRONG, headers });
    expect((await call(env, 'GET', VMS, { headers })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await call(env, 'GET', VMS, { key: WRONG, headers })).status).toBe(403);
    expect((await call(env, 'GET', VMS, { headers })).status).toBe(200);
  });

  it('ignores spoofed X-Forwarded-For hops from an untrusted peer, honours them behind a trusted proxy', async () => {
    for (let i = 0; i < 5; i++)
      await call(env, 'GET', VMS, { key: WRONG, headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.30` } });
    expect(
      (await call(env, 'GET', VMS, { headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.30' } })).status,
    ).toBe(429);
    process.env.PROXBOX_TRUSTED_PROXIES = '10.0.0.0/8';
    for (let i = 0; i < 5; i++)
      await call(env, 'GET', VMS, { key: WRONG, headers: { 'x-forwarded-for': '198.51.100.40, 10.0.0.2' } });
    expect((await call(env, 'GET', VMS, { headers: { 'x-forwarded-for': '198.51.100.40, 10.0.0.3' } })).status).toBe(
      429,
    );
    expect((await call(env, 'GET', VMS, { headers: { 'x-forwarded-for': '198.51.100.41, 10.0.0.2' } })).status).toBe(
      200,
    );
  });

  it('accepts the browser session, records the user in the change log, and checks the origin of session writes', async () => {
    const [row] = await env.db.db.insert(users).values({ username: 'alice', passwordHash: 'x' }).returning();
    session.user = { userId: row.id, username: 'alice', role: 'admin', sessionVersion: 0 };
    expect((await call(env, 'GET', VMS, { key: null })).status).toBe(403);
    expect((await call(env, 'GET', VMS, { key: null, headers: COOKIE })).status).toBe(200);
    const created = await callJson(env, 'POST', SITES, {
      key: null,
      headers: { ...COOKIE, origin: 'http://proxbox.test', host: 'proxbox.test' },
      body: { name: 'S', slug: 's' },
    });
    expect(created.status).toBe(201);
    const change = (
      await callJson<ListBody>(
        env,
        'GET',
        `/api/core/object-changes/?changed_object_type=dcim.site&changed_object_id=${created.body.id}`,
      )
    ).body.results[0];
    expect(change).toMatchObject({ user_name: 'alice', user: { id: row.id, username: 'alice' } });
    const csrf = await callJson(env, 'POST', SITES, {
      key: null,
      headers: { ...COOKIE, origin: 'https://evil.example', host: 'proxbox.test' },
      body: { name: 'E', slug: 'e' },
    });
    expect(csrf).toMatchObject({
      status: 403,
      body: {
        detail: 'CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins.',
      },
    });
    session.user = null;
    expect((await call(env, 'GET', VMS, { key: null, headers: COOKIE })).status).toBe(403);
    expect(listApiKeys(systemActor).length).toBeGreaterThan(0);
  });
});
