import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import { apiKeyBootstrapClaims, apiKeys } from '@/db/backend/schema';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { fastapiEndpoints } from '@/db/schema';
import { createApiKey, listApiKeys, setBackendStoreForTests, verifyApiKey } from '@/lib/auth/api-keys';
import { registerFirstKey, BOOTSTRAP_CLOSED } from '@/lib/backend/keys';
import {
  BACKEND_KEY_DESCRIPTION,
  backendAddress,
  ensureBackendRegistration,
} from '@/lib/bootstrap/backend-registration';
import { decryptSecret, isEncrypted } from '@/lib/crypto/secrets';
import { getRecord } from '@/lib/data/records';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { systemActor } from '@/lib/data/actor';

// First-start registration: one FastAPIEndpoint pointing at the backend, one backend
// key registered through the one-shot claim (or directly once an operator used it), the token
// stored encrypted and never shown; idempotent across restarts and concurrent starts.

const ADDRESS = { useHttps: false, domain: '127.0.0.1', port: 3000 };
let handle: DatabaseHandle;
let store: BackendHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(closeTestDatabase);

beforeEach(async () => {
  await handle.db.delete(fastapiEndpoints);
  store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
});
afterEach(() => {
  setBackendStoreForTests(null);
  store.close();
});

async function storedToken(): Promise<string> {
  const rows = await handle.db.select().from(fastapiEndpoints);
  expect(rows).toHaveLength(1);
  expect(isEncrypted(rows[0].backendToken)).toBe(true);
  return decryptSecret(rows[0].backendToken!);
}

const claims = () => store.db.select().from(apiKeyBootstrapClaims).all().length;

describe(`backend registration (${testDriver})`, () => {
  it('first start: one FastAPIEndpoint at the given address and one key through the bootstrap claim', async () => {
    expect(await ensureBackendRegistration(handle.db, ADDRESS)).toEqual({
      endpointCreated: true,
      addressChanged: false,
      token: 'bootstrap',
    });
    const [row] = await handle.db.select().from(fastapiEndpoints);
    expect([row.name, row.domain, row.port, row.useHttps, row.enabled]).toEqual([
      'ProxBox Endpoint',
      '127.0.0.1',
      3000,
      false,
      true,
    ]);
    const keys = listApiKeys(systemActor);
    expect(keys.map((k) => [k.description, k.role, k.isActive])).toEqual([[BACKEND_KEY_DESCRIPTION, 'admin', true]]);
    expect(claims()).toBe(1);
    const token = await storedToken();
    expect(await verifyApiKey(token)).toMatchObject({ id: keys[0].id, role: 'admin' });
    // Write-only: the DTO says a token is set and carries no trace of it.
    const dto = await getRecord({ kind: 'system' }, 'fastapi-endpoints', row.id);
    expect(dto.backendTokenSet).toBe(true);
    expect(JSON.stringify(dto)).not.toContain(token);
    expect(JSON.stringify(dto)).not.toContain(row.backendToken!);
  });

  it('a second start keeps the row and the token and issues no key', async () => {
    await ensureBackendRegistration(handle.db, ADDRESS);
    const token = await storedToken();
    expect(await ensureBackendRegistration(handle.db, { ...ADDRESS, port: 9999 })).toEqual({
      endpointCreated: false,
      addressChanged: false,
      token: 'kept',
    });
    expect(await storedToken()).toBe(token);
    expect((await handle.db.select().from(fastapiEndpoints))[0].port).toBe(3000);
    expect(listApiKeys(systemActor)).toHaveLength(1);
  });

  it('PROXBOX_BACKEND_URL moves an existing FastAPI endpoint to the separate backend, keeping its token', async () => {
    await ensureBackendRegistration(handle.db, ADDRESS);
    const token = await storedToken();
    const separate = backendAddress({ PROXBOX_BACKEND_URL: 'http://127.0.0.1:8800' });
    expect(await ensureBackendRegistration(handle.db, separate)).toEqual({
      endpointCreated: false,
      addressChanged: true,
      token: 'kept',
    });
    const [row] = await handle.db.select().from(fastapiEndpoints);
    expect([row.domain, row.port, row.useHttps]).toEqual(['127.0.0.1', 8800, false]);
    expect(await storedToken()).toBe(token);
    expect(await ensureBackendRegistration(handle.db, separate)).toEqual({
      endpointCreated: false,
      addressChanged: false,
      token: 'kept',
    });
  });

  it('two starts at once create exactly one FastAPIEndpoint and one key', async () => {
    // On PostgreSQL the second "process" has its own connection pool; PGlite allows one process.
    const other = testDriver === 'postgresql' ? await openDatabase({ url: process.env.TEST_DATABASE_URL }) : handle;
    try {
      const results = await Promise.all([
        ensureBackendRegistration(handle.db, ADDRESS),
        ensureBackendRegistration(other.db, ADDRESS),
      ]);
      expect(results.map((r) => r.endpointCreated).sort()).toEqual([false, true]);
      expect(results.map((r) => r.token).sort()).toEqual(['bootstrap', 'kept']);
    } finally {
      if (other !== handle) await other.close();
    }
    expect(await handle.db.select().from(fastapiEndpoints)).toHaveLength(1);
    expect(listApiKeys(systemActor)).toHaveLength(1);
    expect(await verifyApiKey(await storedToken())).not.toBeNull();
  });

  it('after an operator used the claim, a key is created directly and the claim stays closed', async () => {
    const operator = await registerFirstKey({ description: 'operator' });
    expect(await ensureBackendRegistration(handle.db, ADDRESS)).toEqual({
      endpointCreated: true,
      addressChanged: false,
      token: 'direct',
    });
    expect(listApiKeys(systemActor).map((k) => k.description)).toEqual(['operator', BACKEND_KEY_DESCRIPTION]);
    expect(claims()).toBe(1);
    await expect(registerFirstKey({ description: 'late' })).rejects.toMatchObject({
      status: 409,
      body: { detail: BOOTSTRAP_CLOSED },
    });
    const token = await storedToken();
    expect(token).not.toBe(operator.raw_key);
    expect(await verifyApiKey(token)).not.toBeNull();
  });

  it('keys created without the claim (npm run keys) close the bootstrap instead of using it', async () => {
    await createApiKey(systemActor, { description: 'cli' });
    expect(claims()).toBe(0);
    expect(await ensureBackendRegistration(handle.db, ADDRESS)).toEqual({
      endpointCreated: true,
      addressChanged: false,
      token: 'direct',
    });
    expect(claims()).toBe(1);
    expect(listApiKeys(systemActor)).toHaveLength(2);
  });

  it('a token the key store no longer knows is replaced without re-opening the claim', async () => {
    await ensureBackendRegistration(handle.db, ADDRESS);
    const old = await storedToken();
    store.db.update(apiKeys).set({ isActive: false }).run();
    expect(await ensureBackendRegistration(handle.db, ADDRESS)).toEqual({
      endpointCreated: false,
      addressChanged: false,
      token: 'direct',
    });
    const token = await storedToken();
    expect(token).not.toBe(old);
    expect(await verifyApiKey(token)).not.toBeNull();
    expect(claims()).toBe(1);
  });
});

describe('backend address', () => {
  it('is this process by default, PROXBOX_BACKEND_URL when set', () => {
    expect(backendAddress({})).toEqual({ useHttps: false, domain: '127.0.0.1', port: 3000 });
    expect(backendAddress({ PORT: '4100' })).toEqual({ useHttps: false, domain: '127.0.0.1', port: 4100 });
    expect(backendAddress({ PROXBOX_BACKEND_URL: 'http://backend.internal:8800' })).toEqual({
      useHttps: false,
      domain: 'backend.internal',
      port: 8800,
      fromEnv: true,
    });
    expect(backendAddress({ PROXBOX_BACKEND_URL: 'https://backend.example.com/' })).toEqual({
      useHttps: true,
      domain: 'backend.example.com',
      port: 443,
      fromEnv: true,
    });
  });

  it('refuses a malformed PROXBOX_BACKEND_URL with a clear message', () => {
    expect(() => backendAddress({ PROXBOX_BACKEND_URL: 'backend:8800' })).toThrow(
      'PROXBOX_BACKEND_URL must be an http:// or https:// URL, not "backend:8800".',
    );
    expect(() => backendAddress({ PROXBOX_BACKEND_URL: 'not a url' })).toThrow(
      'PROXBOX_BACKEND_URL is not a URL: "not a url" (expected e.g. http://127.0.0.1:8800).',
    );
    expect(() => backendAddress({ PROXBOX_BACKEND_URL: 'http://b:8800/api' })).toThrow(
      'PROXBOX_BACKEND_URL must be an origin only (scheme, host, port), not "http://b:8800/api".',
    );
  });
});
