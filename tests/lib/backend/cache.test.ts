import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as cacheRoute from '@/app/api/backend/cache/route';
import type { BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { clearApiKeyCache, createApiKey, verifyApiKey } from '@/lib/auth/api-keys';
import { cacheBody, cacheMetricsBody, clearCaches } from '@/lib/backend/cache';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { systemActor } from '@/lib/data/actor';
import { NetboxClient } from '@/lib/netbox/client';
import { clearNetboxStatusCache, netboxVersion } from '@/lib/netbox/endpoint';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { releaseStore, useFreshStore } from './helpers';

// The backend's /cache routes count live entries only: a NetBox version older than the status
// cache TTL (Plugin settings) and a key verification idle past 60 s are never answered from again.

const T0 = Date.parse('2026-05-01T10:00:00Z');
let handle: DatabaseHandle;
let store: BackendHandle;
let key: string;
let netbox: http.Server;
let client: NetboxClient;

beforeAll(async () => {
  handle = await openTestDatabase();
  await ensureSettings(handle.db);
  await handle.db.update(proxboxPluginSettings).set({ netboxGetCacheTtl: 30 });
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'cache' })).key;
  netbox = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ 'netbox-version': '4.2.9' }));
  });
  await new Promise<void>((resolve) => netbox.listen(0, '127.0.0.1', resolve));
  client = new NetboxClient({
    baseUrl: `http://127.0.0.1:${(netbox.address() as AddressInfo).port}`,
    token: { version: 'v1', token: 'c'.repeat(40) },
    verifySsl: true,
    maxConcurrent: 1,
    maxRetries: 0,
    retryDelayMs: 1,
    timeoutMs: 2000,
    batchSize: 10,
    batchDelayMs: 0,
    customFieldsDelayMs: 0,
  });
});
afterEach(() => {
  vi.useRealTimers();
  clearNetboxStatusCache();
  clearApiKeyCache();
});
afterAll(async () => {
  client.close();
  netbox.closeAllConnections();
  await new Promise<void>((resolve) => netbox.close(() => resolve()));
  releaseStore(store);
  await closeTestDatabase();
});

describe(`backend /cache counts live entries (${testDriver})`, () => {
  it('drops a NetBox version past its TTL and a key verification idle past 60 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    expect(await netboxVersion(client, 30, T0)).toBe('4.2.9');
    expect(await verifyApiKey(key)).not.toBeNull();

    expect(await cacheBody(T0 + 10_000)).toEqual({
      size: 2,
      entries: [{ kind: 'netbox-status', version: '4.2.9', age_seconds: 10 }],
      api_key_verifications: 1,
    });
    // The version is 30 s old: the push would read /api/status/ again.
    expect(await cacheBody(T0 + 30_000)).toEqual({ size: 1, entries: [], api_key_verifications: 1 });
    expect(await cacheMetricsBody(T0 + 60_000)).toEqual({
      size: 0,
      by_kind: { 'netbox-status': 0, 'api-key-verification': 0 },
    });
  });

  it('the route answers with the live count, and clear-cache reports the live entries it dropped', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    await netboxVersion(client, 30, T0);
    vi.setSystemTime(T0 + 45_000);
    // The request's own key is verified (and remembered) first; the NetBox version has expired.
    const res = await cacheRoute.GET(
      new Request('http://proxbox.test/api/backend/cache', { headers: { 'x-proxbox-api-key': key } }),
    );
    expect([res.status, await res.json()]).toEqual([200, { size: 1, entries: [], api_key_verifications: 1 }]);
    expect(await clearCaches()).toEqual({ message: 'Cache cleared.', cleared: 1 });
  });
});
