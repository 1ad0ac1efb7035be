// `npm run bench:auth`: what API-key authentication costs on the backend API (target: under
// 1 ms per request after a key's first use, with 100 keys stored).
//
// Measured IN-PROCESS through the real route handlers (no HTTP server, no network noise), with
// real keys (bcrypt cost 12) in a scratch backend store:
//   - auth:   GET /api/backend/proxmox/endpoints, the real route module (read access, the key in
//             X-Proxbox-API-Key), requests rotating over all stored keys, each key used
//             before timing starts (its first use costs one bcrypt check; the verified key is
//             then cached until it is idle for 60 s);
//   - noauth: the same handler body wrapped as an open route (backendRoute('none')), so the only
//             difference between the two is authentication;
//   - seed way: on requests spread evenly over the same keys, the seed's proxbox-api check — every
//             active bcrypt hash compared in id order until one matches, no cache — followed by
//             the same open handler.
// Batches of both kinds alternate so that drift (GC, other load) hits both. The last line of the
// output is one JSON object: {"keys","rps_auth","rps_noauth","added_ms","seed_way_added_ms"}.
//
// Options: --keys 100, --requests 5000 (timed per kind), --seed-samples 4.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { openBackendStore } from '../db/backend/client';
import { apiKeys } from '../db/backend/schema';
import { backendDb, createApiKey, setBackendStoreForTests } from '../lib/auth/api-keys';
import { systemActor } from '../lib/data/actor';
import { backendRoute } from '../lib/backend/http';
import { listProxmoxEndpoints } from '../lib/backend/proxmox-endpoints';
import * as endpointsRoute from '../app/api/backend/proxmox/endpoints/route';

const URL_PATH = 'http://bench.local/api/backend/proxmox/endpoints';
const BATCH = 250;

type Handler = (req: Request) => Promise<Response>;

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, not "${raw}"`);
    process.exit(2);
  }
  return n;
}

function request(key?: string): Request {
  return new Request(URL_PATH, {
    headers: key ? { 'x-proxbox-api-key': key, 'x-real-ip': '10.9.9.9' } : { 'x-real-ip': '10.9.9.9' },
  });
}

async function send(handler: Handler, req: Request): Promise<void> {
  const res = await handler(req);
  const text = await res.text();
  if (res.status !== 200 || text !== '[]') throw new Error(`unexpected answer ${res.status}: ${text}`);
}

/** The seed's verification (proxbox-api v0.0.10): bcrypt against every active hash until a match. */
async function seedWayVerify(raw: string): Promise<boolean> {
  const secret = raw.split('_')[2] ?? raw;
  const hashes = backendDb()
    .select({ keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .where(eq(apiKeys.isActive, true))
    .orderBy(apiKeys.id)
    .all();
  for (const { keyHash } of hashes) if (await bcrypt.compare(secret, keyHash)) return true;
  return false;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      keys: { type: 'string', default: '100' },
      requests: { type: 'string', default: '5000' },
      'seed-samples': { type: 'string', default: '4' },
    },
  });
  const keyCount = positiveInt(values.keys!, 'keys');
  const requests = positiveInt(values.requests!, 'requests');
  const seedSamples = Math.min(positiveInt(values['seed-samples']!, 'seed-samples'), keyCount);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-auth-'));
  const store = openBackendStore(path.join(dir, 'backend.db'));
  setBackendStoreForTests(store);
  try {
    let started = performance.now();
    const keys: string[] = [];
    for (let i = 0; i < keyCount; i++) keys.push((await createApiKey(systemActor, { description: `bench ${i}` })).key);
    console.log(`${keyCount} keys stored (bcrypt cost 12) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const auth = endpointsRoute.GET as unknown as Handler;
    const noauth = backendRoute('none', async () => ({ status: 200, body: listProxmoxEndpoints() })) as Handler;

    started = performance.now();
    for (const key of keys) await send(auth, request(key));
    const firstUseMs = (performance.now() - started) / keyCount;
    console.log(`first use of each key: ${firstUseMs.toFixed(1)} ms per request (one bcrypt check)`);

    // A verified key stays cached while used and expires after 60 s idle; on a slow machine the
    // first-use pass lasts longer than that, so one untimed pass re-checks the keys it left idle.
    for (const key of keys) await send(auth, request(key));
    for (let i = 0; i < 500; i++) await send(noauth, request());
    let authMs = 0;
    let noauthMs = 0;
    for (let done = 0; done < requests; done += BATCH) {
      const n = Math.min(BATCH, requests - done);
      let t = performance.now();
      for (let i = 0; i < n; i++) await send(noauth, request());
      noauthMs += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < n; i++) await send(auth, request(keys[(done + i) % keyCount]));
      authMs += performance.now() - t;
    }
    const addedMs = (authMs - noauthMs) / requests;
    console.log(
      `noauth: ${(noauthMs / requests).toFixed(3)} ms per request; auth (keys already used): ${(authMs / requests).toFixed(3)} ms; added ${addedMs.toFixed(3)} ms`,
    );

    let seedMs = 0;
    let plainMs = 0;
    for (let s = 0; s < seedSamples; s++) {
      const key = keys[Math.floor(((s + 0.5) * keyCount) / seedSamples)];
      let t = performance.now();
      if (!(await seedWayVerify(key))) throw new Error('seed-way verification rejected a valid key');
      await send(noauth, request(key));
      seedMs += performance.now() - t;
      t = performance.now();
      await send(noauth, request(key));
      plainMs += performance.now() - t;
    }
    const seedAddedMs = (seedMs - plainMs) / seedSamples;
    console.log(
      `seed way (every hash until a match, ${seedSamples} requests spread over the keys): added ${seedAddedMs.toFixed(1)} ms per request`,
    );

    console.log(
      JSON.stringify({
        keys: keyCount,
        rps_auth: Math.round((requests * 1000) / authMs),
        rps_noauth: Math.round((requests * 1000) / noauthMs),
        added_ms: round(addedMs, 4),
        seed_way_added_ms: round(seedAddedMs, 1),
      }),
    );
  } finally {
    setBackendStoreForTests(null);
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
