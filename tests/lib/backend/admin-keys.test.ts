import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { apiKeys } from '@/db/backend/schema';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { verifyApiKey } from '@/lib/auth/api-keys';
import {
  BackendUnavailable,
  createBackendKey,
  deleteBackendKey,
  getBackendKey,
  listBackendKeys,
  setBackendKeyActive,
} from '@/lib/backend-client/admin';
import { BACKEND_KEY_DESCRIPTION, ensureBackendRegistration } from '@/lib/bootstrap/backend-registration';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { releaseStore, useFreshStore } from './helpers';
import { startBackend, type RunningBackend } from './http-server';

// The API keys page creates, activates, deactivates and deletes keys through the backend's HTTP
// API (lib/backend-client/admin.ts), like its list: the backend runs on a real loopback port and
// the key store is checked directly. Only signed-in administrators may ask; the backend refuses
// to retire its last active key.

let handle: DatabaseHandle;
let store: BackendHandle;
let backend: RunningBackend;
let admin: Actor;
let operator: Actor;
let viewer: Actor;
const adminKey: Actor = { kind: 'apikey', keyId: 'k', description: 'automation', role: 'admin' };

const row = (id: number) => store.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
const rowCount = () => store.db.select().from(apiKeys).all().length;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const people = await handle.db
    .insert(users)
    .values([
      { username: 'keys-admin', passwordHash: 'x', role: 'admin' },
      { username: 'keys-operator', passwordHash: 'x', role: 'operator' },
      { username: 'keys-viewer', passwordHash: 'x', role: 'viewer' },
    ])
    .returning();
  [admin, operator, viewer] = people.map((u) => ({
    kind: 'user' as const,
    userId: u.id,
    username: u.username,
    role: u.role as 'admin' | 'operator' | 'viewer',
  }));
  store = useFreshStore();
  backend = await startBackend();
  // The web role's own token: the store's first key, and the one the client authenticates with.
  await ensureBackendRegistration(handle.db, { useHttps: false, domain: '127.0.0.1', port: backend.port });
});
afterAll(async () => {
  await backend.stop();
  releaseStore(store);
  await closeTestDatabase();
});

describe(`API keys through the backend's HTTP API (${testDriver})`, () => {
  let created: Awaited<ReturnType<typeof createBackendKey>>;

  it('creates a key and hands its text back once; the store keeps only its hash', async () => {
    expect(rowCount()).toBe(1);
    created = await createBackendKey(admin, { description: 'CI pipeline', role: 'operator' });
    expect(created).toMatchObject({
      description: 'CI pipeline',
      role: 'operator',
      read_only: false,
      is_active: true,
      last_used_at: null,
    });
    expect(created.raw_key).toMatch(new RegExp(`^pbx_${created.key_id}_`));
    const stored = row(created.id)!;
    expect(stored).toMatchObject({
      keyId: created.key_id,
      description: 'CI pipeline',
      role: 'operator',
      isActive: true,
    });
    expect(stored.keyHash).not.toContain(created.raw_key.split('_')[2]);
    expect(await verifyApiKey(created.raw_key)).toMatchObject({ keyId: created.key_id, role: 'operator' });
    // The list and the detail page read the same key back over HTTP, never its text.
    const listed = await getBackendKey(admin, created.id);
    expect(listed).toEqual({ ...created, raw_key: undefined, last_used_at: listed.last_used_at, web_link: false });
    expect(JSON.stringify(await listBackendKeys(admin))).not.toContain(created.raw_key);
  });

  it("marks the web app's own token, and the backend refuses to retire it when asked with it", async () => {
    const keys = await listBackendKeys(admin);
    expect(keys.map((k) => [k.description, k.web_link])).toEqual([
      [BACKEND_KEY_DESCRIPTION, true],
      ['CI pipeline', false],
    ]);
    const own = keys[0];
    for (const retire of [() => setBackendKeyActive(admin, own.id, false), () => deleteBackendKey(admin, own.id)]) {
      const err = await failure(retire());
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('conflict');
      expect((err as AppError).message).toMatch(/with itself: it is the key making the request/);
    }
    expect(row(own.id)).toMatchObject({ isActive: true });
  });

  it('deactivates and activates it, and a deactivated key no longer authenticates', async () => {
    const off = await setBackendKeyActive(admin, created.id, false);
    expect(off).toMatchObject({ id: created.id, key_id: created.key_id, is_active: false });
    expect(row(created.id)!.isActive).toBe(false);
    expect(await verifyApiKey(created.raw_key)).toBeNull();
    const on = await setBackendKeyActive(admin, created.id, true);
    expect(on).toMatchObject({ id: created.id, is_active: true });
    expect(row(created.id)!.isActive).toBe(true);
    expect(await verifyApiKey(created.raw_key)).toMatchObject({ keyId: created.key_id });
  });

  it('refuses anyone but a signed-in administrator before asking the backend', async () => {
    for (const actor of [operator, viewer, adminKey]) {
      const errors = [
        await failure(createBackendKey(actor, { description: 'sneaky', role: 'admin' })),
        await failure(setBackendKeyActive(actor, created.id, false)),
        await failure(deleteBackendKey(actor, created.id)),
      ];
      for (const err of errors) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('forbidden');
        expect((err as AppError).message).toBe('Only administrators can manage API keys.');
      }
    }
    expect(rowCount()).toBe(2);
    expect(row(created.id)!.isActive).toBe(true);
  });

  it('passes on the refusal to retire the last active key, changing nothing', async () => {
    const webToken = store.db.select().from(apiKeys).all()[0];
    await setBackendKeyActive(admin, created.id, false);
    const err = await failure(setBackendKeyActive(admin, webToken.id, false));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toBe('The last active API key cannot be deactivated; create another key first.');
    const del = await failure(deleteBackendKey(admin, webToken.id));
    expect((del as AppError).message).toBe('The last active API key cannot be deleted; create another key first.');
    expect(row(webToken.id)!.isActive).toBe(true);
    await setBackendKeyActive(admin, created.id, true);
  });

  it('deletes a key; a missing key is not found', async () => {
    await deleteBackendKey(admin, created.id);
    expect(row(created.id)).toBeUndefined();
    expect(rowCount()).toBe(1);
    for (const err of [
      await failure(deleteBackendKey(admin, created.id)),
      await failure(setBackendKeyActive(admin, created.id, true)),
      await failure(getBackendKey(admin, created.id)),
      await failure(deleteBackendKey(admin, 0)),
    ]) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('not_found');
    }
  });

  it('says the backend is unavailable when it cannot be reached, and nothing is created', async () => {
    await backend.stop();
    const err = await failure(createBackendKey(admin, { description: 'offline', role: 'viewer' }));
    expect(err).toBeInstanceOf(BackendUnavailable);
    expect((err as Error).message).toMatch(
      new RegExp(`^The backend at http://127\\.0\\.0\\.1:${backend.port} is unreachable: ECONNREFUSED`),
    );
    expect(rowCount()).toBe(1);
  });
});
