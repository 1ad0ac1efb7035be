import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { apiKeys } from '@/db/backend/schema';
import { BOOTSTRAP_CLOSED } from '@/lib/backend/keys';
import { call, callJson, releaseStore, useFreshStore } from './helpers';
import { systemActor } from '@/lib/data/actor';

// Key routes: the one-shot bootstrap, create/list/deactivate/activate/delete, the last-key rule.

interface KeyBody {
  id: number;
  key_id: string;
  description: string;
  read_only: boolean;
  is_active: boolean;
  created_at: string;
  last_used_at: string | null;
  label: string;
  raw_key?: string;
}

let store: BackendHandle;
beforeEach(() => {
  store = useFreshStore();
});
afterEach(() => releaseStore(store));

async function bootstrap(): Promise<string> {
  const reply = await callJson<KeyBody>('POST', 'auth/register-key', { body: { description: 'plugin' } });
  expect(reply.status).toBe(201);
  return reply.body.raw_key!;
}

describe('bootstrap', () => {
  it('register-key works once, without a key, and never again — even after every key is gone', async () => {
    expect((await callJson('GET', 'auth/bootstrap-status')).body).toEqual({
      bootstrapped: false,
      needs_bootstrap: true,
      has_db_keys: false,
    });
    const first = await callJson<KeyBody>('POST', 'auth/register-key', { body: { description: 'plugin' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ description: 'plugin', read_only: false, is_active: true });
    expect(first.body.raw_key).toMatch(/^pbx_/);
    expect((await callJson('GET', 'auth/bootstrap-status')).body).toEqual({
      bootstrapped: true,
      needs_bootstrap: false,
      has_db_keys: true,
    });
    expect(await callJson('POST', 'auth/register-key', { body: {} })).toMatchObject({
      status: 409,
      body: { detail: BOOTSTRAP_CLOSED },
    });

    // Delete every key behind the API's back: bootstrap stays closed.
    store.db.delete(apiKeys).run();
    expect((await callJson('GET', 'auth/bootstrap-status')).body).toEqual({
      bootstrapped: true,
      needs_bootstrap: false,
      has_db_keys: false,
    });
    expect(await callJson('POST', 'auth/register-key', { body: {} })).toMatchObject({
      status: 409,
      body: { detail: BOOTSTRAP_CLOSED },
    });
    expect((await call('GET', 'auth/keys', { key: first.body.raw_key })).status).toBe(401);
  });

  it('keys created otherwise (UI, command line) close the bootstrap too', async () => {
    const { createApiKey } = await import('@/lib/auth/api-keys');
    await createApiKey(systemActor, { description: 'ui' });
    expect((await callJson('POST', 'auth/register-key', { body: {} })).status).toBe(409);
    store.db.delete(apiKeys).run();
    expect((await callJson('POST', 'auth/register-key', { body: {} })).status).toBe(409);
  });

  it('a bad body is a 400 with field errors and does not use up the bootstrap', async () => {
    const reply = await callJson<{ detail: string; errors: Record<string, string[]> }>('POST', 'auth/register-key', {
      body: { description: 'x'.repeat(201), extra: 1 },
    });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body.errors).sort()).toEqual(['description', 'non_field_errors']);
    expect(typeof reply.body.detail).toBe('string');
    await bootstrap();
  });
});

describe('key lifecycle', () => {
  it('creates (shown once), lists without hashes, deactivates, activates and deletes', async () => {
    const key = await bootstrap();
    const created = await callJson<KeyBody>('POST', 'auth/keys', { key, body: { description: 'ci', read_only: true } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ description: 'ci', read_only: true, is_active: true });
    expect(created.body.raw_key).toMatch(/^pbx_/);

    const list = await callJson<KeyBody[]>('GET', 'auth/keys', { key });
    expect(list.status).toBe(200);
    expect(list.body.map((k) => k.description)).toEqual(['plugin', 'ci']);
    expect(list.text).not.toContain(created.body.raw_key!.split('_')[2]);
    expect(list.text).not.toMatch(/hash|\$2[aby]\$/);
    for (const k of list.body) expect(k).not.toHaveProperty('raw_key');

    const id = created.body.id;
    expect(await callJson('POST', `auth/keys/${id}/deactivate`, { key })).toMatchObject({
      status: 200,
      body: { id, is_active: false },
    });
    expect(await callJson('POST', `auth/keys/${id}/activate`, { key })).toMatchObject({
      status: 200,
      body: { id, is_active: true },
    });
    expect((await call('DELETE', `auth/keys/${id}`, { key })).status).toBe(204);
    expect(await callJson('DELETE', `auth/keys/${id}`, { key })).toMatchObject({
      status: 404,
      body: { detail: 'No API key matches the given query.' },
    });
    expect(await callJson('POST', 'auth/keys/abc/activate', { key })).toMatchObject({ status: 404 });
  });

  it('the last active key cannot be deactivated or deleted (409)', async () => {
    const key = await bootstrap();
    const [own] = (await callJson<KeyBody[]>('GET', 'auth/keys', { key })).body;
    const deactivate = await callJson<{ detail: string }>('POST', `auth/keys/${own.id}/deactivate`, { key });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.detail).toMatch(/last active API key/);
    expect((await call('DELETE', `auth/keys/${own.id}`, { key })).status).toBe(409);

    const other = (await callJson<KeyBody>('POST', 'auth/keys', { key, body: { description: 'second' } })).body;
    expect((await call('POST', `auth/keys/${other.id}/deactivate`, { key })).status).toBe(200);
    expect((await call('DELETE', `auth/keys/${own.id}`, { key })).status).toBe(409);
    expect((await call('DELETE', `auth/keys/${other.id}`, { key })).status).toBe(204);
  });

  it('a key cannot deactivate or delete itself (409): the web UI would cut its own link to the backend', async () => {
    const key = await bootstrap();
    const [own] = (await callJson<KeyBody[]>('GET', 'auth/keys', { key })).body;
    const other = (await callJson<KeyBody>('POST', 'auth/keys', { key, body: { description: 'second' } })).body;
    const deactivate = await callJson<{ detail: string }>('POST', `auth/keys/${own.id}/deactivate`, { key });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.detail).toMatch(/cannot be deactivated with itself/);
    expect((await call('DELETE', `auth/keys/${own.id}`, { key })).status).toBe(409);
    const list = (await callJson<KeyBody[]>('GET', 'auth/keys', { key })).body;
    expect(list.map((k) => [k.id, k.is_active])).toEqual([
      [own.id, true],
      [other.id, true],
    ]);
    // Another administrator key may retire it.
    expect((await call('DELETE', `auth/keys/${own.id}`, { key: other.raw_key! })).status).toBe(204);
  });

  it('bad create bodies → 400 with field errors', async () => {
    const key = await bootstrap();
    const reply = await callJson<{ errors: Record<string, string[]> }>('POST', 'auth/keys', {
      key,
      body: { description: 5, read_only: 'yes' },
    });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body.errors).sort()).toEqual(['description', 'read_only']);
    expect(
      await callJson('POST', 'auth/keys', { key, raw: '{nope', headers: { 'content-type': 'application/json' } }),
    ).toMatchObject({ status: 400 });
  });
});

describe("the seed's key contract (netbox-proxbox plugin)", () => {
  // The plugin's FastAPI endpoint token: secrets.token_urlsafe(48), 64 characters of [A-Za-z0-9_-].
  const PLUGIN_KEY = 'Zq3v_8Jm-2kLpX0aN7bYcR4dT6eU1fW9gH5iK_jO-lQ2mS8nP3oV7rA0sE4tB6uC';

  it('registers the client-chosen key once, verifies it, and answers 409 ever after', async () => {
    expect(PLUGIN_KEY).toHaveLength(64);
    const reply = await callJson<KeyBody>('POST', 'auth/register-key', {
      body: { api_key: PLUGIN_KEY, label: 'netbox-proxbox' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      label: 'netbox-proxbox',
      description: 'netbox-proxbox',
      is_active: true,
      read_only: false,
    });
    expect(typeof reply.body.id).toBe('number');
    expect(reply.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(reply.text).not.toContain(PLUGIN_KEY);
    expect((await callJson('GET', 'auth/bootstrap-status')).body).toEqual({
      needs_bootstrap: false,
      has_db_keys: true,
      bootstrapped: true,
    });

    const list = await callJson<KeyBody[]>('GET', 'auth/keys', { key: PLUGIN_KEY });
    expect(list.status).toBe(200);
    expect(list.body.map((k) => [k.id, k.label, k.is_active])).toEqual([[reply.body.id, 'netbox-proxbox', true]]);
    expect(list.text).not.toContain(PLUGIN_KEY);
    // The stored row holds the SHA-256 lookup and a bcrypt hash, never the key.
    const [row] = store.db.select().from(apiKeys).all();
    expect(row.lookup).toMatch(/^[0-9a-f]{64}$/);
    expect(row.keyHash).toMatch(/^\$2[aby]\$12\$/);

    expect((await call('GET', 'auth/keys', { key: `${PLUGIN_KEY.slice(0, -1)}X` })).status).toBe(401);
    expect(
      await callJson('POST', 'auth/register-key', {
        body: { api_key: 'another-key-of-at-least-32-characters!!', label: 'x' },
      }),
    ).toMatchObject({ status: 409, body: { detail: BOOTSTRAP_CLOSED } });
    expect(
      await callJson('POST', 'auth/register-key', { body: { api_key: PLUGIN_KEY, label: 'netbox-proxbox' } }),
    ).toMatchObject({ status: 409 });

    // Keys the backend mints keep the pbx_ format; create answers with the seed's raw_key.
    const created = await callJson<KeyBody>('POST', 'auth/keys', { key: PLUGIN_KEY, body: { label: 'second' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'second', is_active: true });
    expect(created.body.raw_key).toMatch(/^pbx_[A-Za-z0-9]{12}_[A-Za-z0-9]{40}$/);
    expect((await call('GET', 'auth/keys', { key: created.body.raw_key })).status).toBe(200);
  });

  it('a key shorter than 32 characters is a 400 and leaves the bootstrap open', async () => {
    const reply = await callJson<{ detail: string; errors: Record<string, string[]> }>('POST', 'auth/register-key', {
      body: { api_key: 'x'.repeat(31), label: 'short' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual({ api_key: ['The API key must be at least 32 characters long.'] });
    expect((await callJson('GET', 'auth/bootstrap-status')).body).toEqual({
      needs_bootstrap: true,
      has_db_keys: false,
      bootstrapped: false,
    });
    expect(
      (await callJson('POST', 'auth/register-key', { body: { api_key: 'y'.repeat(32), label: 'exactly 32' } })).status,
    ).toBe(201);
    expect((await call('GET', 'auth/keys', { key: 'y'.repeat(32) })).status).toBe(200);
  });

  it('a registered key that looks like a minted one is still found by its lookup', async () => {
    const lookalike = `pbx_${'A'.repeat(12)}_${'b'.repeat(40)}`;
    expect(
      (await callJson('POST', 'auth/register-key', { body: { api_key: lookalike, label: 'lookalike' } })).status,
    ).toBe(201);
    expect((await call('GET', 'auth/keys', { key: lookalike })).status).toBe(200);
  });
});
