import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { backendProxmoxEndpoints } from '@/db/backend/schema';
import type { DatabaseHandle } from '@/db/client';
import { holdPushes } from '@/lib/backend-client/push-state';
import { reconcileBackendCopies } from '@/lib/backend-client/startup';
import { loadBackendCopy } from '@/lib/backend-client/status';
import { ensureBackendRegistration } from '@/lib/bootstrap/backend-registration';
import { encryptSecret } from '@/lib/crypto/secrets';
import { systemActor } from '@/lib/data/actor';
import { createRecord } from '@/lib/data/records';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { releaseStore, useFreshStore } from './helpers';
import { startBackend, type RunningBackend } from './http-server';

// The start-up push: writes made while the server was starting (pushes held) reach the backend
// once it answers, and copies of endpoints deleted from the inventory are removed.

let handle: DatabaseHandle;
let store: BackendHandle;
let backend: RunningBackend;

beforeAll(async () => {
  handle = await openTestDatabase();
  store = useFreshStore();
  backend = await startBackend();
  await ensureBackendRegistration(handle.db, { useHttps: false, domain: '127.0.0.1', port: backend.port });
});
afterAll(async () => {
  holdPushes(false);
  await backend.stop();
  releaseStore(store);
  await closeTestDatabase();
});

describe(`start-up reconciliation (${testDriver})`, () => {
  it('pushes what was saved while held, removes orphans, then finds everything current', async () => {
    holdPushes(true);
    const a = (
      await createRecord(systemActor, 'proxmox-endpoints', {
        name: 'pve-a',
        domain: 'a.example.com',
        tokenName: 'p',
        tokenValue: 'secret-a-0123456789',
      })
    ).id;
    const b = (
      await createRecord(systemActor, 'proxmox-endpoints', {
        name: 'pve-b',
        domain: 'b.example.com',
        password: 'secret-b-0123456789',
      })
    ).id;
    const c = (
      await createRecord(systemActor, 'netbox-endpoints', {
        name: 'nb',
        domain: 'nb.example.com',
        token: 'nb-token-0123456789',
      })
    ).id;
    expect(store.db.select().from(backendProxmoxEndpoints).all()).toEqual([]);
    store.db
      .insert(backendProxmoxEndpoints)
      .values({ name: 'gone', url: 'https://gone.example.com:8006', password: encryptSecret('x'), sourceId: 999_999 })
      .run();
    holdPushes(false);

    expect(await reconcileBackendCopies(handle.db)).toEqual({ pushed: 3, current: 0, removed: 1, failed: [] });
    expect(
      store.db
        .select()
        .from(backendProxmoxEndpoints)
        .all()
        .map((r) => [r.name, r.sourceId]),
    ).toEqual([
      ['pve-a', a],
      ['pve-b', b],
    ]);
    for (const [key, id] of [
      ['proxmox-endpoints', a],
      ['proxmox-endpoints', b],
      ['netbox-endpoints', c],
    ] as const) {
      expect((await loadBackendCopy(systemActor, key, id)).state).toBe('current');
    }
    expect(await reconcileBackendCopies(handle.db)).toEqual({ pushed: 0, current: 3, removed: 0, failed: [] });
  });

  it('an unreachable backend is an error the caller retries, not a silent success', async () => {
    const port = backend.port;
    await backend.stop();
    await expect(reconcileBackendCopies(handle.db)).rejects.toMatchObject({
      name: 'BackendRequestError',
      status: null,
    });
    backend = await startBackend(port);
  });
});
