import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { backendNetboxEndpoints, backendProxmoxEndpoints } from '@/db/backend/schema';
import type { DatabaseHandle } from '@/db/client';
import { fastapiEndpoints, users } from '@/db/schema';
import * as catchAll from '@/app/api/[[...path]]/route';
import { createApiKey } from '@/lib/auth/api-keys';
import { pushEndpointAgain } from '@/lib/backend-client/hooks';
import { lastPush } from '@/lib/backend-client/push-state';
import { loadBackendCopy } from '@/lib/backend-client/status';
import { ensureBackendRegistration } from '@/lib/bootstrap/backend-registration';
import { decryptSecret, isEncrypted, secretFingerprint } from '@/lib/crypto/secrets';
import type { Actor } from '@/lib/data/actor';
import { createRecord, deleteRecord, getRecord, updateRecord } from '@/lib/data/records';
import { inTransaction } from '@/lib/data/transaction';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { releaseStore, useFreshStore } from './helpers';
import { startBackend, type RunningBackend } from './http-server';
import { systemActor } from '@/lib/data/actor';

// Saving, changing and deleting endpoints (through the DAL the UI actions call, and through the
// NetBox-style API) pushes them over HTTP to the backend store; a failed push keeps the save and
// shows the copy as out of date; "Push again" repairs it. The store is checked directly: fields
// and fingerprints, secrets only as ciphertext.

let user: Actor;
const PVE_SECRET = 'pve-push-secret-0123456789';
const PVE_ROTATED = 'pve-rotated-secret-9876543210';
const NB_SECRET = 'nb-push-secret-abcdefabcdef';

let handle: DatabaseHandle;
let store: BackendHandle;
let backend: RunningBackend;

const proxmoxCopies = () => store.db.select().from(backendProxmoxEndpoints).all();
const copyOf = (sourceId: number) => proxmoxCopies().find((c) => c.sourceId === sourceId);

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'push-admin', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: admin.username, role: 'admin' };
  store = useFreshStore();
  backend = await startBackend();
  await ensureBackendRegistration(handle.db, { useHttps: false, domain: '127.0.0.1', port: backend.port });
});
afterAll(async () => {
  await backend.stop();
  releaseStore(store);
  await closeTestDatabase();
});

describe(`pushing Proxmox endpoints (${testDriver})`, () => {
  let id: number;

  it('a save pushes the endpoint: fields, fingerprint and the encrypted token', async () => {
    id = (
      await createRecord(user, 'proxmox-endpoints', {
        name: 'pve-push',
        domain: 'pve-push.example.com',
        port: 8006,
        username: 'root@pam',
        tokenName: 'proxbox',
        tokenValue: PVE_SECRET,
      })
    ).id;
    const copy = copyOf(id)!;
    expect(copy).toMatchObject({
      name: 'pve-push',
      url: 'https://pve-push.example.com:8006',
      domain: 'pve-push.example.com',
      port: 8006,
      username: 'root@pam',
      tokenName: 'proxbox',
      password: null,
      verifySsl: false,
      enabled: true,
      sourceId: id,
    });
    expect(copy.credentialFingerprint).toBe(secretFingerprint(`proxbox=${PVE_SECRET}`));
    expect(isEncrypted(copy.token)).toBe(true);
    expect(decryptSecret(copy.token!)).toBe(PVE_SECRET);
    expect(lastPush('proxmox-endpoints', id)).toMatchObject({ ok: true, message: 'Backend copy created.' });
    expect(await loadBackendCopy(user, 'proxmox-endpoints', id)).toMatchObject({
      state: 'current',
      reasons: [],
      backendId: copy.id,
      backendUrl: backend.url,
    });
  });

  it('the backend API shows the copy without its secret', async () => {
    const [{ backendToken }] = await handle.db.select().from(fastapiEndpoints);
    const res = await fetch(`${backend.url}/api/backend/proxmox/endpoints`, {
      headers: { 'x-proxbox-api-key': decryptSecret(backendToken!) },
    });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([
      expect.objectContaining({
        name: 'pve-push',
        token_set: true,
        credential_fingerprint: secretFingerprint(`proxbox=${PVE_SECRET}`),
      }),
    ]);
    expect(text).not.toContain(PVE_SECRET);
  });

  it('an update (rename, new token) updates the same copy', async () => {
    const before = copyOf(id)!;
    await updateRecord(user, 'proxmox-endpoints', id, {
      name: 'pve-renamed',
      tokenValue: PVE_ROTATED,
      verifySsl: true,
    });
    const after = copyOf(id)!;
    expect(after).toMatchObject({
      id: before.id,
      name: 'pve-renamed',
      verifySsl: true,
      credentialFingerprint: secretFingerprint(`proxbox=${PVE_ROTATED}`),
    });
    expect(decryptSecret(after.token!)).toBe(PVE_ROTATED);
    expect(proxmoxCopies()).toHaveLength(1);
    expect((await loadBackendCopy(user, 'proxmox-endpoints', id)).state).toBe('current');
  });

  it('with the backend down the save is kept and the copy is reported out of date; Push again fixes it', async () => {
    const port = backend.port;
    await backend.stop();
    const saved = await updateRecord(user, 'proxmox-endpoints', id, { port: 8443, tokenValue: PVE_ROTATED });
    expect(saved.port).toBe(8443);
    expect((await getRecord(user, 'proxmox-endpoints', id)).port).toBe(8443);
    expect(lastPush('proxmox-endpoints', id)).toMatchObject({
      ok: false,
      message: `The backend at http://127.0.0.1:${port} is unreachable: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
    expect(await loadBackendCopy(user, 'proxmox-endpoints', id)).toMatchObject({
      state: 'unreachable',
      reasons: [
        `The backend at http://127.0.0.1:${port} is unreachable: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
      ],
    });

    backend = await startBackend(port);
    expect(await loadBackendCopy(user, 'proxmox-endpoints', id)).toMatchObject({
      state: 'out-of-date',
      reasons: [
        'url: backend has "https://pve-push.example.com:8006", inventory has "https://pve-push.example.com:8443"',
        'port: backend has 8006, inventory has 8443',
      ],
    });
    expect(await pushEndpointAgain(user, 'proxmox-endpoints', id)).toMatchObject({
      ok: true,
      message: 'Backend copy updated.',
    });
    expect(copyOf(id)).toMatchObject({ port: 8443, url: 'https://pve-push.example.com:8443' });
    expect((await loadBackendCopy(user, 'proxmox-endpoints', id)).state).toBe('current');
  });

  it('a credential changed behind the push is detected by fingerprint', async () => {
    store.db
      .update(backendProxmoxEndpoints)
      .set({ credentialFingerprint: secretFingerprint('proxbox=stale') })
      .run();
    expect(await loadBackendCopy(user, 'proxmox-endpoints', id)).toMatchObject({
      state: 'out-of-date',
      reasons: ['the backend holds a different credential (fingerprints differ)'],
    });
    await pushEndpointAgain(user, 'proxmox-endpoints', id);
    expect((await loadBackendCopy(user, 'proxmox-endpoints', id)).state).toBe('current');
  });

  it('a delete removes the copy', async () => {
    await deleteRecord(user, 'proxmox-endpoints', id);
    expect(copyOf(id)).toBeUndefined();
    expect(lastPush('proxmox-endpoints', id)).toMatchObject({ ok: true, message: 'Backend copy deleted.' });
  });

  it('the backend refusing an endpoint without credentials is reported, the save kept', async () => {
    const bare = (await createRecord(user, 'proxmox-endpoints', { name: 'pve-bare', domain: 'pve-bare.example.com' }))
      .id;
    expect(copyOf(bare)).toBeUndefined();
    const message =
      'The backend refused POST /api/backend/proxmox/endpoints: non_field_errors: Provide a password, or a token_name with its token_value.';
    expect(lastPush('proxmox-endpoints', bare)).toMatchObject({ ok: false, message });
    expect(await loadBackendCopy(user, 'proxmox-endpoints', bare)).toMatchObject({
      state: 'missing',
      reasons: ['The backend holds no copy of this endpoint.'],
      lastPush: { ok: false, message },
    });
    await deleteRecord(user, 'proxmox-endpoints', bare);
  });

  it('a write inside a unit of work is pushed only once committed, never when rolled back', async () => {
    await expect(
      inTransaction(async () => {
        await createRecord(user, 'proxmox-endpoints', {
          name: 'pve-rollback',
          domain: 'pve-rb.example.com',
          tokenName: 'proxbox',
          tokenValue: PVE_SECRET,
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(proxmoxCopies().map((c) => c.name)).toEqual([]);
    const committed = await inTransaction(
      async () =>
        (
          await createRecord(user, 'proxmox-endpoints', {
            name: 'pve-commit',
            domain: 'pve-c.example.com',
            tokenName: 'proxbox',
            tokenValue: PVE_SECRET,
          })
        ).id,
    );
    expect(copyOf(committed)).toMatchObject({ name: 'pve-commit' });
    await deleteRecord(user, 'proxmox-endpoints', committed);
  });

  it('a create through the NetBox-style API pushes too', async () => {
    const key = (await createApiKey(systemActor, { description: 'api writer' })).key;
    const req = new Request('http://proxbox.test/api/plugins/proxbox/endpoints/proxmox/', {
      method: 'POST',
      headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'pve-api',
        domain: 'pve-api.example.com',
        port: 8006,
        token_name: 'api',
        token_value: PVE_SECRET,
      }),
    });
    const res = await catchAll.POST(req);
    expect(res.status).toBe(201);
    const { id: apiId } = (await res.json()) as { id: number };
    expect(copyOf(apiId)).toMatchObject({
      name: 'pve-api',
      tokenName: 'api',
      credentialFingerprint: secretFingerprint(`api=${PVE_SECRET}`),
    });
  });
});

describe(`pushing NetBox endpoints (${testDriver})`, () => {
  it('the first NetBox endpoint is mirrored; a second is explained; deleting the first hands over', async () => {
    const first = (
      await createRecord(user, 'netbox-endpoints', {
        name: 'nb-main',
        domain: 'netbox.example.com',
        port: 443,
        tokenVersion: 'v2',
        tokenKey: 'nbkey',
        tokenSecret: NB_SECRET,
      })
    ).id;
    const copy = store.db.select().from(backendNetboxEndpoints).get()!;
    expect(copy).toMatchObject({
      name: 'nb-main',
      url: 'https://netbox.example.com:443',
      tokenVersion: 'v2',
      tokenKey: 'nbkey',
      sourceId: first,
      credentialFingerprint: secretFingerprint(NB_SECRET),
    });
    expect(decryptSecret(copy.token!)).toBe(NB_SECRET);
    expect((await loadBackendCopy(user, 'netbox-endpoints', first)).state).toBe('current');

    const second = (
      await createRecord(user, 'netbox-endpoints', {
        name: 'nb-lab',
        domain: 'netbox-lab.example.com',
        port: 8000,
        useHttps: false,
        verifySsl: false,
        token: 'nb-v1-token-lab',
      })
    ).id;
    expect(lastPush('netbox-endpoints', second)).toMatchObject({
      ok: false,
      message: `The backend keeps one NetBox endpoint and mirrors the first one (#${first}); this one is not pushed.`,
    });
    expect(await loadBackendCopy(user, 'netbox-endpoints', second)).toMatchObject({
      state: 'missing',
      reasons: [`The backend keeps one NetBox endpoint and mirrors #${first}, not this one.`],
    });

    await deleteRecord(user, 'netbox-endpoints', first);
    const rows = store.db.select().from(backendNetboxEndpoints).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'nb-lab',
      url: 'http://netbox-lab.example.com:8000',
      tokenVersion: 'v1',
      sourceId: second,
      credentialFingerprint: secretFingerprint('nb-v1-token-lab'),
    });
    expect((await loadBackendCopy(user, 'netbox-endpoints', second)).state).toBe('current');
  });
});
