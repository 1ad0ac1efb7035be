import { systemActor } from '@/lib/data/actor';
import net from 'node:net';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/db/client';
import { syncJobs } from '@/db/schema';
import * as catchAll from '@/app/api/[[...path]]/route';
import { createApiKey } from '@/lib/auth/api-keys';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { releaseStore, useFreshStore } from '../lib/backend/helpers';
import { closeTestDatabase, openTestDatabase, testDriver } from '../helpers/db';

// The database failing under a running app: requests answer 503 with a clear message while it
// cannot be reached, the process stays up, the pool recovers by itself, a sync that loses its
// connections ends `failed` with the reason, and the next run repairs.

const url = process.env.TEST_DATABASE_URL;
let handle: DatabaseHandle;
let store: BackendHandle;
let key: string;
let sim: Simulator | undefined;

beforeAll(async () => {
  handle = await openTestDatabase();
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'faults' })).key;
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  releaseStore(store);
  await closeTestDatabase();
});

const list = (path: string) =>
  catchAll.GET(
    new Request(`http://proxbox.test${path}`, { headers: { authorization: `Token ${key}`, 'x-real-ip': '192.0.2.9' } }),
  );

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(`database unreachable (${testDriver})`, () => {
  it('API requests answer 503 with the reason while PostgreSQL cannot be reached, and are served again once it is back', async () => {
    const port = await closedPort();
    const down = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/proxbox` });
    setDatabase(down);
    try {
      const res = await list('/api/dcim/devices/');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({
        detail: `The database is unavailable (connect ECONNREFUSED 127.0.0.1:${port}). Try again in a few seconds.`,
      });
    } finally {
      setDatabase(handle);
      await down.close();
    }
    const back = await list('/api/dcim/devices/');
    expect(back.status).toBe(200);
  });
});

describe(`connection limits (${testDriver})`, () => {
  it('a server that accepts the connection and never answers fails the request within PROXBOX_DB_CONNECT_TIMEOUT_MS', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    process.env.PROXBOX_DB_CONNECT_TIMEOUT_MS = '500';
    const hung = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/proxbox` });
    delete process.env.PROXBOX_DB_CONNECT_TIMEOUT_MS;
    setDatabase(hung);
    try {
      const res = await list('/api/dcim/devices/');
      expect(res.status).toBe(503);
      expect((await res.json()).detail).toMatch(
        /^The database is unavailable \((timeout exceeded when trying to connect|Connection terminated due to connection timeout)\)/,
      );
    } finally {
      setDatabase(handle);
      await hung.close().catch(() => undefined);
      silent.close();
    }
  });

  it.skipIf(!url)(
    'statements are cut off at PROXBOX_DB_STATEMENT_TIMEOUT_MS (postgresql only: PGlite has no statement timeout)',
    async () => {
      process.env.PROXBOX_DB_STATEMENT_TIMEOUT_MS = '300';
      const limited = await openDatabase({ url: url! });
      delete process.env.PROXBOX_DB_STATEMENT_TIMEOUT_MS;
      try {
        const shown = await limited.db.execute(sql`show statement_timeout`);
        expect((shown as unknown as { rows: { statement_timeout: string }[] }).rows[0].statement_timeout).toBe('300ms');
        await expect(limited.db.execute(sql`select pg_sleep(2)`)).rejects.toMatchObject({
          cause: { message: 'canceling statement due to statement timeout' },
        });
      } finally {
        await limited.close();
      }
    },
  );
});

/** Runs `sql` on the test database over its own connection (not the app's pools). */
async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * Waits until `count` backends of this database (other than `except`) wait on a lock. The budget
 * is generous because a loaded CI machine is slow, not because a lock wait takes long; on failure
 * the error lists what the backends were doing instead.
 */
async function waitForLockWaiters(admin: pg.Client, except: number, count: number): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const { rows } = await admin.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> $1",
      [except],
    );
    if (rows[0].n >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const { rows } = await admin.query(
    'select pid, state, wait_event_type, wait_event, left(query, 80) as query from pg_stat_activity where datname = current_database() and pid <> $1',
    [except],
  );
  throw new Error(`fewer than ${count} backend(s) waited on the lock: ${JSON.stringify(rows)}`);
}

// pg_terminate_backend needs a server process per connection; the embedded PGlite runs inside
// this process and has no backends to terminate, so this part runs on PostgreSQL only.
describe.skipIf(!url)(
  'pg_terminate_backend mid-sync and mid-request (postgresql only: PGlite has no server backends)',
  () => {
    it('the process stays up, the run ends failed with the reason, the request answers 503, and the next ones succeed', async () => {
      sim = await startSimulator({ seed: 7, clusters: 1, nodesPerCluster: 2, guests: 30, tls: true });
      await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
      const admin = await adminClient();
      const { rows } = await admin.query('select pg_backend_pid() as pid');
      const adminPid = rows[0].pid as number;
      // The key is verified (and remembered) before the lock: the request below then only has to
      // reach the VM table. CI once saw it not waiting there within 10 s; the cause is unproven.
      expect((await list('/api/virtualization/virtual-machines/')).status).toBe(200);
      let run: ReturnType<typeof runSync>;
      let request: ReturnType<typeof list>;
      try {
        // Writes to the VM table (the sync's third stage) and reads of it wait behind this lock.
        await admin.query('begin');
        await admin.query('lock table virtual_machines in access exclusive mode');
        run = runSync(handle.db, {
          requestedBy: 'terminated',
          stages: ['devices', 'storage', 'virtual-machines', 'vm-disks'],
        });
        await waitForLockWaiters(admin, adminPid, 1);
        request = list('/api/virtualization/virtual-machines/');
        await waitForLockWaiters(admin, adminPid, 2);
        const killed = await admin.query(
          'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t',
        );
        expect(killed.rows[0].n).toBeGreaterThan(0);
      } finally {
        // Also when a wait above failed: the sync must not hang behind the lock until its statement timeout.
        // A failed rollback must not hide the failure that brought us here; ending the session
        // releases the lock anyway.
        await admin.query('rollback').catch(() => undefined);
        await admin.end();
      }

      const outcome = await run;
      expect(outcome.status).toBe('failed');
      const lost = outcome.issues.find((i) =>
        i.message.startsWith('The database connection was lost during virtual-machines:'),
      );
      expect(lost?.message).toMatch(
        /: (terminating connection due to administrator command|Connection terminated unexpectedly)$/,
      );
      expect(outcome.issues.some((i) => i.stage === 'vm-disks')).toBe(false);
      const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, outcome.jobId));
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/^The database connection was lost during virtual-machines: /);

      const answered = await request;
      expect(answered.status).toBe(503);
      expect((await answered.json()).detail).toMatch(
        /^The database is unavailable \((terminating connection due to administrator command|Connection terminated unexpectedly)\)\. Try again in a few seconds\.$/,
      );

      // Everything after is served by fresh connections: no restart.
      expect((await list('/api/virtualization/virtual-machines/')).status).toBe(200);
      const repaired = await runSync(handle.db, { requestedBy: 'repair' });
      expect(repaired.status).toBe('completed');
      const vms = await (await list('/api/virtualization/virtual-machines/?limit=1')).json();
      expect(vms.count).toBe(sim.estate.clusters[0].guests.length);
    }, 120_000);
  },
);
