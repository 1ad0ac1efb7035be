import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bcryptCompareCount } from '@/lib/auth/bcrypt-pool';
import type { BackendHandle } from '@/db/backend/client';
import { createApiKey, verifyApiKey } from '@/lib/auth/api-keys';
import { releaseStore, useFreshStore } from './helpers';
import { systemActor } from '@/lib/data/actor';

// The backend's key check after a key's first use: a key in steady use is
// never re-hashed, however long it is used; one idle for 60 s costs one bcrypt check again.

let store: BackendHandle;
beforeEach(() => {
  store = useFreshStore();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  releaseStore(store);
});

describe('verified-key cache', () => {
  it('slides while the key is used and expires after 60 s idle', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00Z') });
    const created = await createApiKey(systemActor, { description: 'steady' });
    const comparesBefore = bcryptCompareCount();
    expect(await verifyApiKey(created.key)).not.toBeNull();
    for (const at of ['00:00:50', '00:01:40', '00:02:30', '00:03:20']) {
      vi.setSystemTime(new Date(`2026-01-01T${at}Z`));
      expect(await verifyApiKey(created.key)).not.toBeNull();
    }
    expect(bcryptCompareCount() - comparesBefore).toBe(1);
    vi.setSystemTime(new Date('2026-01-01T00:04:20.001Z'));
    expect(await verifyApiKey(created.key)).not.toBeNull();
    expect(bcryptCompareCount() - comparesBefore).toBe(2);
  });
});
