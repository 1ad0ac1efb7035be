import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { authLockouts } from '@/db/backend/schema';
import { createApiKey } from '@/lib/auth/api-keys';
import { clientIp } from '@/lib/auth/client-ip';
import { stampingListener } from '@/lib/server/app-server';
import { PEER_HEADER, peerStampingEnabled } from '@/lib/server/peer';
import { releaseStore, useFreshStore } from '../backend/helpers';
import { startBackend, type RunningBackend } from '../backend/http-server';
import { systemActor } from '@/lib/data/actor';

// The lockout over real HTTP: the stamping servers (the backend's, lib/backend/server.ts, and the
// listener `npm start` puts in front of Next, lib/server/app-server.ts) count failures against the
// socket address, and believe X-Forwarded-For only when that address is a trusted proxy.

const WRONG = 'pbx_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const KEYS = '/api/backend/auth/keys';

let backend: RunningBackend;
let store: BackendHandle;
let key: string;

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.stop();
});
beforeEach(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'peer lockout' })).key;
});
afterEach(() => {
  vi.unstubAllEnvs();
  releaseStore(store);
});

const get = (apiKey: string, headers: Record<string, string> = {}) =>
  fetch(`${backend.url}${KEYS}`, { headers: { 'x-proxbox-api-key': apiKey, ...headers } });
const buckets = () =>
  store.db
    .select({ ip: authLockouts.ip, attempts: authLockouts.attempts })
    .from(authLockouts)
    .all()
    .sort((a, b) => a.ip.localeCompare(b.ip));
const invalid = (left: number) => ({
  detail: `Invalid API key. ${left} attempt(s) left before this address is locked out.`,
});

describe('lockout behind the backend server', () => {
  it('marks its process as stamping', () => {
    expect(peerStampingEnabled()).toBe(true);
  });

  it('counts spoofed X-Forwarded-For and peer headers from an untrusted peer against the socket address', async () => {
    vi.stubEnv('PROXBOX_TRUSTED_PROXIES', '');
    for (let i = 0; i < 5; i++) {
      const res = await get(WRONG, { 'x-forwarded-for': `198.51.100.${i}`, [PEER_HEADER]: `192.0.2.${i}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(invalid(4 - i));
    }
    expect(buckets()).toEqual([{ ip: '127.0.0.1', attempts: 5 }]);
    // Even the right key from a fresh spoofed address is refused: the socket address is locked.
    const locked = await get(key, { 'x-forwarded-for': '198.51.100.99' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('300');
    expect(await locked.json()).toEqual({
      detail: 'Too many failed authentication attempts. Try again in 300 seconds.',
    });
  });

  it('honours X-Forwarded-For when the socket peer is a trusted proxy: one bucket per client', async () => {
    vi.stubEnv('PROXBOX_TRUSTED_PROXIES', '127.0.0.1');
    for (let i = 0; i < 5; i++) {
      const res = await get(WRONG, { 'x-forwarded-for': `198.51.100.${i}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(invalid(4));
    }
    expect((await get(key, { 'x-forwarded-for': '198.51.100.0' })).status).toBe(200);
    expect(buckets()).toEqual([1, 2, 3, 4].map((i) => ({ ip: `198.51.100.${i}`, attempts: 1 })));

    // One client that keeps failing is locked out alone; a client-prepended hop changes nothing.
    for (let i = 0; i < 5; i++)
      expect((await get(WRONG, { 'x-forwarded-for': `6.6.6.${i}, 198.51.100.7` })).status).toBe(401);
    const locked = await get(key, { 'x-forwarded-for': '198.51.100.7' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('300');
    expect((await get(key, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    expect((await get(key)).status).toBe(200);
  });
});

describe('the listener in front of Next', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // Stands in for Next's handler: answers what a route handler would count the request under.
    server = http.createServer(
      stampingListener(async (req, res) => {
        if (req.url === '/fail') throw new Error('handler failed');
        const headers = new Headers(
          Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]),
        );
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ peer: req.headers[PEER_HEADER], ip: clientIp(headers) }));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('overwrites a client-sent peer header with the socket address', async () => {
    vi.stubEnv('PROXBOX_TRUSTED_PROXIES', '');
    const res = await fetch(url, { headers: { [PEER_HEADER]: '203.0.113.1', 'x-forwarded-for': '198.51.100.1' } });
    expect(await res.json()).toEqual({ peer: '127.0.0.1', ip: '127.0.0.1' });
    vi.stubEnv('PROXBOX_TRUSTED_PROXIES', '127.0.0.0/8');
    const proxied = await fetch(url, { headers: { [PEER_HEADER]: '203.0.113.1', 'x-forwarded-for': '198.51.100.1' } });
    expect(await proxied.json()).toEqual({ peer: '127.0.0.1', ip: '198.51.100.1' });
  });

  it('answers 500 when the handler fails', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await fetch(`${url}/fail`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
