import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { createApiKey } from '@/lib/auth/api-keys';
import { BACKEND_MALFORMED, BACKEND_NOT_PROVIDED, backendRoleRefused, invalidKeyMessage } from '@/lib/backend/auth';
import { call, callJson, PROTECTED, releaseStore, useFreshStore } from './helpers';
import { systemActor } from '@/lib/data/actor';

// Backend API authentication: open routes, 401 bodies, read-only keys, the per-IP lockout.

let store: BackendHandle;
let key: string;
let readOnlyKey: string;
const WRONG = `pbx_AAAAAAAAAAAA_${'b'.repeat(40)}`;

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'tests' })).key;
  readOnlyKey = (await createApiKey(systemActor, { description: 'reader', role: 'viewer' })).key;
});
afterAll(() => releaseStore(store));

describe('open routes', () => {
  it('health, version and bootstrap-status answer without a key', async () => {
    expect(await callJson('GET', 'health')).toMatchObject({ status: 200, body: { status: 'ready', init_ok: true } });
    const version = await callJson<{ version: string }>('GET', 'version');
    expect(version.status).toBe(200);
    expect(version.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await callJson('GET', 'auth/bootstrap-status')).toMatchObject({ status: 200, body: { bootstrapped: true } });
  });
});

describe('protected routes', () => {
  it.each(PROTECTED)('%s %s without a key → 401 with the exact body', async (method, path) => {
    const reply = await callJson(method, path);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: BACKEND_NOT_PROVIDED });
    expect(reply.res.headers.get('www-authenticate')).toContain('X-Proxbox-API-Key');
  });

  it.each(PROTECTED)('%s %s with a wrong key → 401 with the exact body', async (method, path) => {
    const reply = await callJson(method, path, {
      key: WRONG,
      headers: { 'x-real-ip': `10.1.${PROTECTED.findIndex(([m, p]) => m === method && p === path)}.1` },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: invalidKeyMessage(4) });
  });

  it('accepts X-Proxbox-API-Key, Token and Bearer', async () => {
    expect((await call('GET', 'auth/keys', { key })).status).toBe(200);
    expect((await call('GET', 'auth/keys', { headers: { authorization: `Token ${key}` } })).status).toBe(200);
    expect((await call('GET', 'auth/keys', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(await callJson('GET', 'auth/keys', { headers: { authorization: 'Token a b' } })).toMatchObject({
      status: 401,
      body: { detail: BACKEND_MALFORMED },
    });
  });

  it('a deactivated key is refused at once', async () => {
    const extra = await createApiKey(systemActor, { description: 'temp' });
    expect((await call('GET', 'auth/keys', { key: extra.key })).status).toBe(200);
    expect((await call('POST', `auth/keys/${extra.id}/deactivate`, { key })).status).toBe(200);
    expect((await call('GET', 'auth/keys', { key: extra.key, headers: { 'x-real-ip': '10.9.9.9' } })).status).toBe(401);
  });
});

describe('read-only (viewer) keys', () => {
  it('may read endpoint copies but not the key list', async () => {
    expect((await call('GET', 'proxmox/endpoints', { key: readOnlyKey })).status).toBe(200);
    expect(await callJson('GET', 'auth/keys', { key: readOnlyKey })).toMatchObject({
      status: 403,
      body: { detail: backendRoleRefused('viewer') },
    });
  });

  it.each(PROTECTED.filter(([method, path]) => method !== 'GET' || path.startsWith('full-update')))(
    '%s %s → 403',
    async (method, path) => {
      const reply = await callJson(method, path, {
        key: readOnlyKey,
        body: method === 'DELETE' || method === 'GET' ? undefined : {},
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({ detail: backendRoleRefused('viewer') });
    },
  );
});

describe('lockout', () => {
  it('5 bad keys → 429 with Retry-After, even for a good key; other addresses unaffected', async () => {
    const ip = { 'x-real-ip': '192.0.2.50' };
    for (let i = 0; i < 5; i++) {
      const reply = await callJson('GET', 'auth/keys', { key: WRONG, headers: ip });
      expect(reply).toMatchObject({ status: 401, body: { detail: invalidKeyMessage(4 - i) } });
    }
    for (const k of [WRONG, key]) {
      const reply = await callJson<{ detail: string }>('GET', 'auth/keys', { key: k, headers: ip });
      expect(reply.status).toBe(429);
      expect(reply.body.detail).toMatch(/^Too many failed authentication attempts/);
      expect(Number(reply.res.headers.get('retry-after'))).toBeGreaterThan(290);
    }
    // Another address is not affected.
    expect((await call('GET', 'auth/keys', { key, headers: { 'x-real-ip': '192.0.2.51' } })).status).toBe(200);
  });

  it('a success resets the counter', async () => {
    const ip = { 'x-real-ip': '192.0.2.60' };
    for (let i = 0; i < 4; i++) expect((await call('GET', 'auth/keys', { key: WRONG, headers: ip })).status).toBe(401);
    expect((await call('GET', 'auth/keys', { key, headers: ip })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await call('GET', 'auth/keys', { key: WRONG, headers: ip })).status).toBe(401);
    expect((await call('GET', 'auth/keys', { key, headers: ip })).status).toBe(200);
  });

  it('X-Forwarded-For hops prepended by the client do not pick a fresh lockout bucket', async () => {
    for (let i = 0; i < 5; i++) {
      const spoofed = { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` };
      expect((await call('GET', 'auth/keys', { key: WRONG, headers: spoofed })).status).toBe(401);
    }
    expect(
      (await call('GET', 'auth/keys', { key, headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.9' } })).status,
    ).toBe(429);
  });

  it('requests without a key are refused but not counted', async () => {
    const ip = { 'x-real-ip': '192.0.2.70' };
    for (let i = 0; i < 8; i++) expect((await call('GET', 'auth/keys', { headers: ip })).status).toBe(401);
    expect((await call('GET', 'auth/keys', { key, headers: ip })).status).toBe(200);
  });
});
