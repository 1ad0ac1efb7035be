// An endpoint with a user name and password and no API token syncs through Proxmox tickets; a
// wrong password fails the run as an authentication error after exactly one login attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { createRecord, updateRecord } from '@/lib/data/records';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
let endpointId: number;
const system = { kind: 'system' } as const;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 3, clusters: 1, nodesPerCluster: 2, guests: 10, tls: true });
  const c = sim.clusters[0];
  endpointId = (
    await createRecord(system, 'proxmox-endpoints', {
      name: 'by-password',
      domain: 'localhost',
      port: c.port,
      username: c.username,
      password: c.password,
      verifySsl: false,
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

const logins = () => sim.requestLog(0).filter((l) => l.startsWith('POST /api2/json/access/ticket')).length;

describe(`password login (${testDriver})`, () => {
  it('syncs an endpoint that has a password and no token, with one ticket for the whole run', async () => {
    const [row] = await handle.db
      .select()
      .from(schema.proxmoxEndpoints)
      .where(eq(schema.proxmoxEndpoints.id, endpointId));
    expect([row.tokenName, row.tokenValue]).toEqual(['', null]);
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.status).toBe('completed');
    const vms = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(eq(schema.virtualMachines.proxmoxEndpointId, endpointId));
    expect(vms).toHaveLength(sim.estate.clusters[0].guests.length);
    expect(logins()).toBe(1);
    // No request carried a token: every one went through the ticket.
    expect(outcome.proxmoxRequests).toBe(sim.requestCount(0));
  }, 120_000);

  it('a wrong password fails the run with an authentication error and a suggestion, after one login attempt', async () => {
    await updateRecord(system, 'proxmox-endpoints', endpointId, { password: 'not-the-password' });
    sim.resetCounters();
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    expect(outcome.status).toBe('failed');
    const errors = outcome.issues.filter((i) => i.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((i) => i.category))).toEqual(new Set(['authentication']));
    expect(errors[0].message).toBe(
      'POST /access/ticket: Proxmox refused the login of root@pam (authentication failure)',
    );
    expect(errors[0].suggestion).toMatch(/password/);
    expect(sim.requestCount(0)).toBe(1);
    expect(logins()).toBe(1);
    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId));
    expect(job.status).toBe('failed');
  }, 120_000);
});
