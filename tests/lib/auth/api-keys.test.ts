import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import bcrypt from 'bcryptjs';
import { bcryptCompareCount, bcryptHashCount } from '@/lib/auth/bcrypt-pool';
import { eq } from 'drizzle-orm';
import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import { apiKeys } from '@/db/backend/schema';
import {
  activateApiKey,
  claimBootstrap,
  clearApiKeyCache,
  createApiKey,
  deactivateApiKey,
  deleteApiKey,
  listApiKeys,
  setBackendStoreForTests,
  verifyApiKey,
} from '@/lib/auth/api-keys';
import { AppError } from '@/lib/data/errors';
import { appErrorToApi } from '@/lib/api/errors';
import { systemActor } from '@/lib/data/actor';

// API keys: shown once, stored as bcrypt hashes, verified with one comparison, cached but
// revocable at once, last_used_at throttled, the last active key protected, bootstrap one-shot.

let store: BackendHandle;
beforeEach(() => {
  store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  setBackendStoreForTests(null);
  store.close();
});

const conflict = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  return 'no error';
};

describe('API keys', () => {
  it('shows the key once and stores only a bcrypt hash (cost 12) of its secret', async () => {
    const created = await createApiKey(systemActor, { description: 'ci', role: 'viewer' });
    expect(created.key).toMatch(/^pbx_[A-Za-z0-9]{12}_[A-Za-z0-9]{40}$/);
    expect(created).toMatchObject({ description: 'ci', role: 'viewer', isActive: true, lastUsedAt: null });
    const secret = created.key.slice(17);
    const row = store.db.select().from(apiKeys).where(eq(apiKeys.id, created.id)).get()!;
    expect(row.keyId).toBe(created.key.slice(4, 16));
    expect(row.keyHash).toMatch(/^\$2[aby]\$12\$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await bcrypt.compare(secret, row.keyHash)).toBe(true);
    const listed = listApiKeys(systemActor);
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0]).sort()).toEqual([
      'createdAt',
      'description',
      'id',
      'isActive',
      'keyId',
      'lastUsedAt',
      'registered',
      'role',
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('hashes and checks keys on the bcrypt worker pool, not on the event loop', async () => {
    const hashesBefore = bcryptHashCount();
    const minted = await createApiKey(systemActor, { description: 'minted' });
    const registered = await createApiKey(systemActor, { description: 'registered', rawKey: 'r'.repeat(40) });
    expect(bcryptHashCount() - hashesBefore).toBe(2);
    clearApiKeyCache();
    const comparesBefore = bcryptCompareCount();
    expect(await verifyApiKey(minted.key)).toMatchObject({ id: minted.id });
    expect(await verifyApiKey(registered.key)).toMatchObject({ id: registered.id });
    expect(await verifyApiKey(`${minted.key.slice(0, -1)}${minted.key.endsWith('x') ? 'y' : 'x'}`)).toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(3);
    // A stored hash bcrypt cannot read is a mismatch, not a 500.
    store.db.update(apiKeys).set({ keyHash: 'not-a-bcrypt-hash' }).where(eq(apiKeys.id, minted.id)).run();
    clearApiKeyCache();
    expect(await verifyApiKey(minted.key)).toBeNull();
  });

  it('verifies with one bcrypt comparison among 100 keys, and does not re-hash a cached key', async () => {
    const filler = await bcrypt.hash('filler-secret', 4);
    store.db
      .insert(apiKeys)
      .values(Array.from({ length: 99 }, (_, i) => ({ keyId: `filler${String(i).padStart(6, '0')}`, keyHash: filler })))
      .run();
    const created = await createApiKey(systemActor, { description: 'the one' });
    expect(listApiKeys(systemActor)).toHaveLength(100);
    const comparesBefore = bcryptCompareCount();
    expect(await verifyApiKey(created.key)).toMatchObject({ id: created.id, keyId: created.keyId, role: 'admin' });
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    for (let i = 0; i < 5; i++) expect(await verifyApiKey(created.key)).not.toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    clearApiKeyCache();
    await verifyApiKey(created.key);
    expect(bcryptCompareCount() - comparesBefore).toBe(2);
  });

  it('verifies a registered key (the client chose it) with one indexed lookup and one bcrypt comparison among 100 keys', async () => {
    const filler = await bcrypt.hash('filler-secret', 4);
    store.db
      .insert(apiKeys)
      .values(
        Array.from({ length: 99 }, (_, i) => ({
          keyId: `filler${String(i).padStart(6, '0')}`,
          keyHash: filler,
          lookup: `${String(i).padStart(64, '0')}`,
        })),
      )
      .run();
    const raw = 'Zq3v_8Jm-2kLpX0aN7bYcR4dT6eU1fW9gH5iK_jO-lQ2mS8nP3oV7rA0sE4tB6uC';
    const registered = await createApiKey(systemActor, { description: 'plugin', rawKey: raw });
    expect(registered.key).toBe(raw);
    expect(listApiKeys(systemActor).find((k) => k.id === registered.id)).toMatchObject({
      registered: true,
      description: 'plugin',
    });
    const comparesBefore = bcryptCompareCount();
    expect(await verifyApiKey(raw)).toMatchObject({ id: registered.id, role: 'admin' });
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    for (let i = 0; i < 3; i++) expect(await verifyApiKey(raw)).not.toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    // A wrong key of the same length: no row has its lookup, so nothing is compared.
    expect(await verifyApiKey(`${raw.slice(0, -1)}D`)).toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    // Deactivation is immediate for registered keys too, cached or not.
    const other = await createApiKey(systemActor, { description: 'spare' });
    deactivateApiKey(systemActor, registered.id);
    expect(await verifyApiKey(raw)).toBeNull();
    expect(await verifyApiKey(other.key)).not.toBeNull();
    await expect(createApiKey(systemActor, { rawKey: raw })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createApiKey(systemActor, { rawKey: 'x'.repeat(31) })).rejects.toMatchObject({ code: 'validation' });
  });

  it('rejects wrong secrets, unknown ids (without any comparison) and malformed keys', async () => {
    const created = await createApiKey(systemActor, { description: 'x' });
    const comparesBefore = bcryptCompareCount();
    const wrongSecret = `${created.key.slice(0, 17)}${'A'.repeat(40)}`;
    expect(await verifyApiKey(wrongSecret)).toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    expect(await verifyApiKey(`pbx_unknownkey12_${'A'.repeat(40)}`)).toBeNull();
    expect(await verifyApiKey('pbx_short')).toBeNull();
    expect(await verifyApiKey(`${created.key}x`)).toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
  });

  it('rejects inactive keys, immediately even when the verification was cached', async () => {
    const a = await createApiKey(systemActor, { description: 'a' });
    await createApiKey(systemActor, { description: 'b' });
    expect(await verifyApiKey(a.key)).not.toBeNull();
    deactivateApiKey(systemActor, a.id);
    expect(await verifyApiKey(a.key)).toBeNull();
    activateApiKey(systemActor, a.id);
    expect(await verifyApiKey(a.key)).not.toBeNull();
    deleteApiKey(systemActor, a.id);
    expect(await verifyApiKey(a.key)).toBeNull();
  });

  it('updates last_used_at at most once a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00Z') });
    const created = await createApiKey(systemActor, { description: 'x' });
    const lastUsed = () => listApiKeys(systemActor)[0].lastUsedAt?.toISOString();
    await verifyApiKey(created.key);
    expect(lastUsed()).toBe('2026-01-01T00:00:00.000Z');
    vi.setSystemTime(new Date('2026-01-01T00:00:30Z'));
    await verifyApiKey(created.key);
    expect(lastUsed()).toBe('2026-01-01T00:00:00.000Z');
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    await verifyApiKey(created.key);
    expect(lastUsed()).toBe('2026-01-01T00:01:01.000Z');
  });

  it('never deactivates or deletes the last active key (conflict → 409)', async () => {
    const a = await createApiKey(systemActor, { description: 'a' });
    const b = await createApiKey(systemActor, { description: 'b' });
    deactivateApiKey(systemActor, a.id);
    expect(conflict(() => deactivateApiKey(systemActor, b.id))).toBe('conflict');
    try {
      deleteApiKey(systemActor, b.id);
      expect.unreachable('deleting the last active key must fail');
    } catch (err) {
      expect(appErrorToApi(null, err as AppError)).toMatchObject({
        status: 409,
        body: { detail: 'The last active API key cannot be deleted; create another key first.' },
      });
    }
    expect(conflict(() => deleteApiKey(systemActor, b.id))).toBe('conflict');
    deleteApiKey(systemActor, a.id);
    expect(listApiKeys(systemActor).map((k) => [k.id, k.isActive])).toEqual([[b.id, true]]);
    expect(conflict(() => deactivateApiKey(systemActor, 424242))).toBe('not_found');
  });

  it('grants the bootstrap exactly once, forever — even after every key is gone', async () => {
    expect(claimBootstrap()).toBe(true);
    expect(claimBootstrap()).toBe(false);
    await createApiKey(systemActor, { description: 'a' });
    // Even with the table emptied behind the API's back, the claim stays taken.
    store.db.delete(apiKeys).run();
    expect(listApiKeys(systemActor)).toEqual([]);
    expect(claimBootstrap()).toBe(false);
    await expect(createApiKey(systemActor, { description: 'again', bootstrap: true })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('creates the first key and the bootstrap claim together', async () => {
    const first = await createApiKey(systemActor, { description: 'plugin', bootstrap: true });
    expect(await verifyApiKey(first.key)).not.toBeNull();
    expect(claimBootstrap()).toBe(false);
  });
});
