// Endpoints a netbox-proxbox plugin pushed to the backend store are written into the inventory
// before every sync and backend read: created once, updated when they change, and otherwise left
// alone (an unchanged endpoint costs no write, and its sealed secrets keep their ciphertext).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import { backendNetboxEndpoints, backendProxmoxEndpoints } from '@/db/backend/schema';
import type { DatabaseHandle } from '@/db/client';
import { netboxEndpoints, proxmoxEndpoints } from '@/db/schema';
import { setBackendStoreForTests } from '@/lib/auth/api-keys';
import { linkBackendEndpoints } from '@/lib/backend/inventory-link';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secrets';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let store: BackendHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
});

afterAll(async () => {
  setBackendStoreForTests(null);
  store?.close();
  await closeTestDatabase();
});

describe(`linking plugin-pushed endpoints (${testDriver})`, () => {
  it('creates the inventory copy once, rewrites it only when the pushed endpoint changes', async () => {
    const [copy] = store.db
      .insert(backendProxmoxEndpoints)
      .values({
        name: 'plugin-pve',
        url: 'https://pve.example.net:8006',
        username: 'sync@pve',
        password: encryptSecret('pw-1'),
        tokenName: 'ro',
        token: encryptSecret('tok-1'),
        timeout: 30,
        maxRetries: 2,
        retryBackoff: 0.5,
      })
      .returning()
      .all();
    store.db
      .insert(backendNetboxEndpoints)
      .values({ name: 'plugin-nb', url: 'https://nb.example.net', token: encryptSecret('nb-1') })
      .run();

    const first = await linkBackendEndpoints(handle.db);
    const read = async () =>
      (await handle.db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.name, 'plugin-pve')))[0];
    const readNb = async () =>
      (await handle.db.select().from(netboxEndpoints).where(eq(netboxEndpoints.name, 'plugin-nb')))[0];
    const created = await read();
    const createdNb = await readNb();
    expect(first).toEqual(new Map([[copy.id, created.id]]));
    expect([
      created.domain,
      created.port,
      created.username,
      decryptSecret(created.password!),
      created.tokenName,
      decryptSecret(created.tokenValue!),
    ]).toEqual(['pve.example.net', 8006, 'sync@pve', 'pw-1', 'ro', 'tok-1']);
    expect([createdNb.domain, decryptSecret(createdNb.token!)]).toEqual(['nb.example.net', 'nb-1']);

    // Unchanged: the rows are as they were, ciphertext included (re-sealing would change it).
    expect(await linkBackendEndpoints(handle.db)).toEqual(first);
    expect(await read()).toEqual(created);
    expect(await readNb()).toEqual(createdNb);

    // Changed in the store: the inventory follows.
    store.db
      .update(backendProxmoxEndpoints)
      .set({ url: 'https://pve2.example.net:8443', password: encryptSecret('pw-2') })
      .where(eq(backendProxmoxEndpoints.id, copy.id))
      .run();
    store.db
      .update(backendNetboxEndpoints)
      .set({ token: encryptSecret('nb-2') })
      .run();
    expect(await linkBackendEndpoints(handle.db)).toEqual(first);
    const moved = await read();
    expect([
      moved.id,
      moved.domain,
      moved.port,
      decryptSecret(moved.password!),
      decryptSecret(moved.tokenValue!),
    ]).toEqual([created.id, 'pve2.example.net', 8443, 'pw-2', 'tok-1']);
    expect(decryptSecret((await readNb()).token!)).toBe('nb-2');
  });
});
