import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { backendNetboxEndpoints, backendProxmoxEndpoints } from '@/db/backend/schema';
import { createApiKey } from '@/lib/auth/api-keys';
import { decryptSecret, isEncrypted, secretFingerprint } from '@/lib/crypto/secrets';
import { ONLY_ONE_NETBOX } from '@/lib/backend/netbox-endpoint';
import { call, callJson, releaseStore, useFreshStore, type JsonReply } from './helpers';
import { systemActor } from '@/lib/data/actor';

// Endpoint CRUD: secrets are stored encrypted and appear in no response; the single-NetBox rule;
// bad bodies are 400 with field errors.

const NB_TOKEN = 'nb-secret-token-0123456789abcdef';
const PVE_TOKEN = 'pve-secret-value-aaaa-bbbb-cccc';
const PVE_PASSWORD = 'pve-secret-password-zzz';
const SECRETS = [NB_TOKEN, PVE_TOKEN, PVE_PASSWORD, 'nb-rotated-token-xyz', 'pve-rotated-value-xyz'];

let store: BackendHandle;
let key: string;
const replies: JsonReply<unknown>[] = [];

/** callJson that remembers every reply, so the final test can scan them all for secrets. */
async function send<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<JsonReply<T>> {
  const reply = await callJson<T>(method, path, { key, body });
  replies.push(reply);
  return reply;
}

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'tests' })).key;
});
afterAll(() => releaseStore(store));

describe('NetBox endpoint', () => {
  it('create, read, update, delete — token encrypted, never returned', async () => {
    expect(await send('GET', 'netbox/endpoint')).toMatchObject({
      status: 404,
      body: { detail: 'No NetBox endpoint is configured.' },
    });
    const created = await send('POST', 'netbox/endpoint', {
      url: 'https://netbox.example.com',
      token: NB_TOKEN,
      verify_ssl: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://netbox.example.com',
      token_set: true,
      verify_ssl: false,
      credential_fingerprint: secretFingerprint(NB_TOKEN),
    });
    expect(created.body).not.toHaveProperty('token');

    const row = store.db.select().from(backendNetboxEndpoints).get()!;
    expect(isEncrypted(row.token)).toBe(true);
    expect(decryptSecret(row.token!)).toBe(NB_TOKEN);

    expect(await send('GET', 'netbox/endpoint')).toMatchObject({ status: 200, body: { id: row.id, token_set: true } });
    const renamed = await send('PUT', 'netbox/endpoint', { name: 'Main NetBox' });
    expect(renamed.body).toMatchObject({ name: 'Main NetBox', credential_fingerprint: secretFingerprint(NB_TOKEN) });
    const rotated = await send('PUT', 'netbox/endpoint', { token: 'nb-rotated-token-xyz' });
    expect(rotated.body).toMatchObject({ credential_fingerprint: secretFingerprint('nb-rotated-token-xyz') });
  });

  it('a second endpoint is refused (409), as in the seed', async () => {
    const second = await send('POST', 'netbox/endpoint', { url: 'https://other.example.com', token: NB_TOKEN });
    expect(second).toMatchObject({ status: 409, body: { detail: ONLY_ONE_NETBOX } });
    expect(store.db.select().from(backendNetboxEndpoints).all()).toHaveLength(1);
  });

  it('bad bodies → 400 with field errors, nothing changed', async () => {
    const bad = await send<{ errors: Record<string, string[]> }>('PUT', 'netbox/endpoint', {
      url: 'ftp://x',
      port: 70000,
      token_version: 'v3',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['port', 'token_version', 'url']);
    expect((await send('GET', 'netbox/endpoint')).body).toMatchObject({ url: 'https://netbox.example.com' });
    const unsupported = await callJson('POST', 'netbox/endpoint', {
      key,
      raw: 'url=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(unsupported.status).toBe(415);
  });

  it('delete → 204, then 404; a new endpoint may be created', async () => {
    expect((await call('DELETE', 'netbox/endpoint', { key })).status).toBe(204);
    expect((await send('DELETE', 'netbox/endpoint')).status).toBe(404);
    expect(
      (
        await send('POST', 'netbox/endpoint', {
          url: 'http://nb.local:8000',
          token: NB_TOKEN,
          token_version: 'v2',
          token_key: 'abc',
        })
      ).status,
    ).toBe(201);
  });
});

describe('Proxmox endpoints', () => {
  let id: number;
  beforeEach(() => {
    id = store.db.select().from(backendProxmoxEndpoints).get()?.id ?? 0;
  });

  it('create with a token, list, get — secrets encrypted, never returned', async () => {
    const created = await send<{ id: number }>('POST', 'proxmox/endpoints', {
      name: 'pve1',
      url: 'https://pve1.example.com:8006',
      token_name: 'sync',
      token_value: PVE_TOKEN,
      password: PVE_PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'pve1',
      token_name: 'sync',
      token_set: true,
      password_set: true,
      credential_fingerprint: secretFingerprint(`sync=${PVE_TOKEN}`),
    });
    const row = store.db.select().from(backendProxmoxEndpoints).get()!;
    expect(decryptSecret(row.token!)).toBe(PVE_TOKEN);
    expect(decryptSecret(row.password!)).toBe(PVE_PASSWORD);
    expect((await send<unknown[]>('GET', 'proxmox/endpoints')).body).toHaveLength(1);
    expect(await send('GET', `proxmox/endpoints/${created.body.id}`)).toMatchObject({
      status: 200,
      body: { id: created.body.id },
    });
  });

  it('update changes fields and rotates secrets only when sent', async () => {
    const renamed = await send('PUT', `proxmox/endpoints/${id}`, { cluster_name: 'lab', verify_ssl: true });
    expect(renamed.body).toMatchObject({
      cluster_name: 'lab',
      verify_ssl: true,
      credential_fingerprint: secretFingerprint(`sync=${PVE_TOKEN}`),
    });
    const rotated = await send('PUT', `proxmox/endpoints/${id}`, { token_value: 'pve-rotated-value-xyz' });
    expect(rotated.body).toMatchObject({ credential_fingerprint: secretFingerprint('sync=pve-rotated-value-xyz') });
    const passwordOnly = await send('PUT', `proxmox/endpoints/${id}`, { token_name: null, token_value: null });
    expect(passwordOnly.body).toMatchObject({
      token_set: false,
      password_set: true,
      credential_fingerprint: secretFingerprint(PVE_PASSWORD),
    });
  });

  it('refuses an endpoint without credentials, duplicates and bad fields', async () => {
    const none = await send<{ errors: Record<string, string[]> }>('PUT', `proxmox/endpoints/${id}`, { password: null });
    expect(none.status).toBe(400);
    expect(none.body.errors.non_field_errors[0]).toMatch(/password, or a token_name/);
    const noCreds = await send('POST', 'proxmox/endpoints', { name: 'pve2', url: 'https://pve2.example.com' });
    expect(noCreds.status).toBe(400);
    const dup = await send('POST', 'proxmox/endpoints', {
      name: 'pve1',
      url: 'https://pve9.example.com',
      password: PVE_PASSWORD,
    });
    expect(dup).toMatchObject({ status: 409, body: { detail: 'A Proxmox endpoint with this name already exists.' } });
    const bad = await send<{ errors: Record<string, string[]> }>('POST', 'proxmox/endpoints', {
      url: 'not a url',
      port: 0,
      password: 5,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['name', 'password', 'port', 'url']);
  });

  it('a stored secret that no longer decrypts must be sent again', async () => {
    store.db.update(backendProxmoxEndpoints).set({ password: 'enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }).run();
    expect((await send('PUT', `proxmox/endpoints/${id}`, { cluster_name: 'lab2' })).status).toBe(400);
    const fixed = await send('PUT', `proxmox/endpoints/${id}`, { password: PVE_PASSWORD });
    expect(fixed).toMatchObject({
      status: 200,
      body: { password_set: true, credential_fingerprint: secretFingerprint(PVE_PASSWORD) },
    });
  });

  it('delete → 204, then 404', async () => {
    expect((await call('DELETE', `proxmox/endpoints/${id}`, { key })).status).toBe(204);
    expect(await send('GET', `proxmox/endpoints/${id}`)).toMatchObject({
      status: 404,
      body: { detail: 'No Proxmox endpoint matches the given query.' },
    });
    expect((await send('PUT', `proxmox/endpoints/${id}`, {})).status).toBe(404);
    expect((await send('GET', 'proxmox/endpoints/x')).status).toBe(404);
  });
});

describe('secrets', () => {
  it('no response body ever contained a secret', () => {
    expect(replies.length).toBeGreaterThan(20);
    for (const reply of replies) for (const secret of SECRETS) expect(reply.text).not.toContain(secret);
  });
});
