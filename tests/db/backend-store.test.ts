import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openBackendStore } from '@/db/backend/client';
import {
  apiKeyBootstrapClaims,
  apiKeys,
  authLockouts,
  backendNetboxEndpoints,
  backendProxmoxEndpoints,
} from '@/db/backend/schema';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-backend-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('backend SQLite store', () => {
  it('creates data/backend.db with the seed tables and survives reopening', () => {
    const file = path.join(dir, 'backend.db');
    const first = openBackendStore(file);
    first.db
      .insert(backendProxmoxEndpoints)
      .values({ name: 'pve', url: 'https://pve.example.com:8006', token: 'enc:v1:x', clusterName: 'lab' })
      .run();
    first.db
      .insert(backendNetboxEndpoints)
      .values({ url: 'http://localhost:3000', token: 'enc:v1:y', tokenVersion: 'v2', tokenKey: 'k' })
      .run();
    first.db.insert(apiKeys).values({ keyId: 'abc123', keyHash: '$2b$12$hash', description: 'first' }).run();
    first.db.insert(authLockouts).values({ ip: '127.0.0.1', attempts: 2, firstAttempt: 1, lastAttempt: 2 }).run();
    first.close();

    const second = openBackendStore(file);
    expect(
      second.db
        .select()
        .from(backendProxmoxEndpoints)
        .all()
        .map((r) => [r.name, r.port, r.username, r.verifySsl, r.clusterName]),
    ).toEqual([['pve', 8006, 'root@pam', false, 'lab']]);
    expect(second.db.select().from(apiKeys).where(eq(apiKeys.keyId, 'abc123')).get()?.isActive).toBe(true);
    expect(second.db.select().from(authLockouts).get()?.attempts).toBe(2);
    second.close();
  });

  it('enforces unique endpoint names, unique key ids and a single bootstrap claim', () => {
    const store = openBackendStore(':memory:');
    store.db.insert(backendProxmoxEndpoints).values({ name: 'pve', url: 'https://a:8006' }).run();
    expect(() => store.db.insert(backendProxmoxEndpoints).values({ name: 'pve', url: 'https://b:8006' }).run()).toThrow(
      /UNIQUE/,
    );
    store.db.insert(apiKeys).values({ keyId: 'k', keyHash: 'h' }).run();
    expect(() => store.db.insert(apiKeys).values({ keyId: 'k', keyHash: 'h2' }).run()).toThrow(/UNIQUE/);
    store.db.insert(apiKeyBootstrapClaims).values({ id: 1 }).run();
    expect(() => store.db.insert(apiKeyBootstrapClaims).values({ id: 2 }).run()).toThrow(/CHECK/);
    expect(() => store.db.insert(apiKeyBootstrapClaims).values({ id: 1 }).run()).toThrow(/UNIQUE|PRIMARY/);
    store.close();
  });
});
