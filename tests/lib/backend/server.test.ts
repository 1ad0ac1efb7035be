import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { createApiKey } from '@/lib/auth/api-keys';
import { lockoutStatus, recordFailedAttempt } from '@/lib/auth/lockout';
import { releaseStore, useFreshStore } from './helpers';
import { NOT_FOUND } from '@/lib/backend/server';
import { startBackend, type RunningBackend } from './http-server';
import { systemActor } from '@/lib/data/actor';

// The standalone backend server (`npm run backend`): the backend routes over real HTTP, 404 for
// everything else, 405 for a wrong method, authentication as under Next.

let store: BackendHandle;
let backend: RunningBackend;
let key: string;

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'server test' })).key;
  backend = await startBackend();
});
afterAll(async () => {
  await backend.stop();
  releaseStore(store);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${backend.url}${path}`, { headers });

describe('standalone backend server', () => {
  it('serves health and version without a key', async () => {
    expect(await (await get('/api/backend/health')).json()).toEqual({
      status: 'ready',
      init_ok: true,
      log_file: 'off',
    });
    expect(await (await get('/health')).json()).toEqual({ status: 'ready', init_ok: true, log_file: 'off' });
    expect((await get('/api/backend/version')).status).toBe(200);
  });

  it('answers 404 for pages and the NetBox API', async () => {
    for (const path of ['/login', '/proxmox-endpoints', '/api/status/', '/api/backend/nope', '/nope']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ detail: NOT_FOUND });
    }
  });

  it('routes dynamic segments and refuses wrong methods', async () => {
    const res = await fetch(`${backend.url}/api/backend/auth/keys/1/deactivate`, {
      method: 'GET',
      headers: { 'x-proxbox-api-key': key },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('authenticates with X-Proxbox-API-Key and accepts JSON bodies', async () => {
    expect((await get('/api/backend/auth/keys')).status).toBe(401);
    const list = await get('/api/backend/auth/keys', { 'x-proxbox-api-key': key });
    expect(list.status).toBe(200);
    expect(((await list.json()) as unknown[]).length).toBe(1);
    const created = await fetch(`${backend.url}/api/backend/proxmox/endpoints`, {
      method: 'POST',
      headers: { 'x-proxbox-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'pve-http',
        url: 'https://pve.example.com:8006',
        token_name: 'proxbox',
        token_value: 'server-test-secret',
      }),
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(JSON.parse(text)).toMatchObject({ name: 'pve-http', token_set: true });
    expect(text).not.toContain('server-test-secret');
  });

  it('counts a wrong key against the socket address (the lockout bucket)', async () => {
    const res = await get('/api/backend/auth/keys', {
      'x-proxbox-api-key': 'pbx_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      detail: 'Invalid API key. 4 attempt(s) left before this address is locked out.',
    });
  });

  it('decodes path segments as Next does: an IPv6 /64 in the URL clears that bucket', async () => {
    for (let i = 0; i < 5; i++) recordFailedAttempt('2001:db8:7:7::1');
    expect(lockoutStatus('2001:db8:7:7::1').blocked).toBe(true);
    const path = `/auth/lockouts/${encodeURIComponent('2001:db8:7:7::/64')}`;
    const res = await fetch(`${backend.url}${path}`, { method: 'DELETE', headers: { 'x-proxbox-api-key': key } });
    expect(res.status).toBe(204);
    expect(lockoutStatus('2001:db8:7:7::1')).toEqual({ blocked: false, attempts: 0 });
    const bad = await fetch(`${backend.url}/auth/lockouts/%E0%A4%A`, {
      method: 'DELETE',
      headers: { 'x-proxbox-api-key': key },
    });
    expect([bad.status, await bad.json()]).toEqual([400, { detail: 'Malformed path segment "%E0%A4%A".' }]);
  });
});
