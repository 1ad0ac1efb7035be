import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { fastapiEndpoints, netboxEndpoints, proxmoxEndpoints } from '@/db/schema';
import { decryptSecret } from '@/lib/crypto/secrets';
import { systemActor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { createRecord, updateRecord } from '@/lib/data/records';
import { SECRET_FOR_NEW_ADDRESS } from '@/lib/data/write-input';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { runSync } from '@/lib/sync/engine';
import { testDriver } from '../../helpers/db';
import { callJson, setupApi, teardownApi, type ApiEnv } from '../api/helpers';

// A stored secret is only ever sent to the address it was entered for: changing an endpoint's
// scheme, host, IP address or port needs its secrets in the same write, else the write is refused
// with a field error on each secret and nothing changes. Before, a blank secret meant "keep",
// so an edit could point the endpoint at any host and the next sync handed it the token.

const acting = vi.hoisted(() => ({ actor: null as null | { kind: 'system' } }));
vi.mock('@/lib/auth/session', () => ({ requireUser: async () => acting.actor }));
vi.mock('@/lib/actions/flash', () => ({ setFlash: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Error(`redirect ${url}`);
  },
}));
const { updateRecordAction } = await import('@/lib/actions/records');

let env: ApiEnv;
let sim: Simulator;
let id: number;

const row = async () => (await env.db.db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, id)))[0];

/** Lets requests a finished run had queued (prefetch asks for more than one stage needs) arrive. */
async function quiet(index: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50 && sim.requestCount(index) !== last; i++) {
    last = sim.requestCount(index);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  env = await setupApi();
  // Two loopback Proxmox clusters that count every request they receive: cluster 0 is the
  // endpoint's real address, cluster 1 stands for a host an editor would like to receive the token.
  sim = await startSimulator({ seed: 21, clusters: 2, nodesPerCluster: 1, guests: 2, tls: true });
  const [home] = sim.clusters;
  id = (
    await createRecord(systemActor, 'proxmox-endpoints', {
      name: 'pve-home',
      domain: '127.0.0.1',
      port: home.port,
      username: 'root@pam',
      tokenName: 'proxbox',
      tokenValue: home.tokenSecret,
    })
  ).id;
});
afterAll(async () => {
  await sim.stop();
  await teardownApi(env);
});

describe(`secrets bound to their address (${testDriver})`, () => {
  it('refuses a port or host change without the token, changes nothing, and the next sync never reaches the new address', async () => {
    const before = await row();
    const other = sim.clusters[1];
    for (const change of [
      { port: other.port },
      { domain: 'localhost' },
      { domain: 'localhost', port: other.port, tokenValue: '' },
    ]) {
      const err = await refusal(updateRecord(systemActor, 'proxmox-endpoints', id, change));
      expect(err.code).toBe('validation');
      expect(err.fieldErrors).toEqual({ tokenValue: [SECRET_FOR_NEW_ADDRESS] });
    }
    expect(await row()).toEqual(before);

    sim.resetCounters();
    await runSync(env.db.db, { endpointIds: [id], stages: ['devices'], requestedBy: 'test' });
    await quiet(0);
    expect(sim.requestCount(1)).toBe(0);
    expect(sim.requestCount(0)).toBeGreaterThan(0);
  });

  it('accepts the change together with the secret, which then goes only to the new address', async () => {
    const other = sim.clusters[1];
    const saved = await updateRecord(systemActor, 'proxmox-endpoints', id, {
      port: other.port,
      tokenValue: other.tokenSecret,
    });
    expect(saved.port).toBe(other.port);
    expect(decryptSecret((await row()).tokenValue!)).toBe(other.tokenSecret);
    sim.resetCounters();
    const outcome = await runSync(env.db.db, { endpointIds: [id], stages: ['devices'], requestedBy: 'test' });
    expect(outcome.status).toBe('completed');
    expect(sim.requestLog(0)).toEqual([]);
    expect(sim.requestCount(1)).toBeGreaterThan(0);
  });

  it('needs every stored secret, on every endpoint model, for scheme, host, IP address and port', async () => {
    const ip = (await createRecord(systemActor, 'ip-addresses', { address: '192.0.2.10/24', status: 'active' })).id;
    const pve = (
      await createRecord(systemActor, 'proxmox-endpoints', {
        name: 'pve-both',
        domain: 'pve.example.com',
        port: 8006,
        tokenName: 't',
        tokenValue: 'token-secret-1',
        password: 'password-secret-1',
      })
    ).id;
    expect(
      (await refusal(updateRecord(systemActor, 'proxmox-endpoints', pve, { ipAddressId: ip }))).fieldErrors,
    ).toEqual({ password: [SECRET_FOR_NEW_ADDRESS], tokenValue: [SECRET_FOR_NEW_ADDRESS] });
    expect(
      (await refusal(updateRecord(systemActor, 'proxmox-endpoints', pve, { port: 8443, tokenValue: 'token-secret-2' })))
        .fieldErrors,
    ).toEqual({ password: [SECRET_FOR_NEW_ADDRESS] });
    // Removing a secret (null) is as good as re-entering it: nothing stored goes anywhere new.
    expect(
      (
        await updateRecord(systemActor, 'proxmox-endpoints', pve, {
          port: 8443,
          tokenValue: 'token-secret-2',
          password: null,
        })
      ).passwordSet,
    ).toBe(false);

    const nb = (
      await createRecord(systemActor, 'netbox-endpoints', {
        name: 'nb',
        domain: 'netbox.example.com',
        port: 443,
        tokenVersion: 'v1',
        token: 'nb-token-1',
      })
    ).id;
    expect(
      (await refusal(updateRecord(systemActor, 'netbox-endpoints', nb, { domain: 'netbox.evil.example' }))).fieldErrors,
    ).toEqual({ token: [SECRET_FOR_NEW_ADDRESS] });
    const [nbRow] = await env.db.db.select().from(netboxEndpoints).where(eq(netboxEndpoints.id, nb));
    expect(nbRow.domain).toBe('netbox.example.com');
    // Fields that are not the address keep the stored secret as before.
    expect((await updateRecord(systemActor, 'netbox-endpoints', nb, { verifySsl: false })).tokenSet).toBe(true);

    const fa = (
      await createRecord(systemActor, 'fastapi-endpoints', {
        name: 'backend',
        domain: 'localhost',
        port: 8800,
        useHttps: false,
        backendToken: 'backend-token-1',
      })
    ).id;
    for (const change of [{ useHttps: true }, { port: 8801 }, { domain: 'backend.evil.example' }]) {
      expect((await refusal(updateRecord(systemActor, 'fastapi-endpoints', fa, change))).fieldErrors).toEqual({
        backendToken: [SECRET_FOR_NEW_ADDRESS],
      });
    }
    const [faRow] = await env.db.db.select().from(fastapiEndpoints).where(eq(fastapiEndpoints.id, fa));
    expect([faRow.useHttps, faRow.port, faRow.domain, decryptSecret(faRow.backendToken!)]).toEqual([
      false,
      8800,
      'localhost',
      'backend-token-1',
    ]);
  });

  it('answers the REST API with 400 and a NetBox-style error on the secret field', async () => {
    const before = await row();
    const reply = await callJson(env, 'PATCH', `/api/plugins/proxbox/endpoints/proxmox/${id}/`, {
      body: { port: 9443 },
    });
    expect(reply).toMatchObject({ status: 400, body: { token_value: [SECRET_FOR_NEW_ADDRESS] } });
    expect(await row()).toEqual(before);
  });

  it('puts the same message beside the secret field of the form', async () => {
    acting.actor = { kind: 'system' };
    const before = await row();
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      name: 'pve-home',
      domain: '127.0.0.1',
      port: '9443',
      username: 'root@pam',
      tokenName: 'proxbox',
      tokenValue: '',
      timeout: '',
      maxRetries: '',
      retryBackoff: '',
    }))
      fd.append(k, v);
    const state = await updateRecordAction('proxmox-endpoints', id, {}, fd);
    expect(state.formError).toBe('Please correct the errors below.');
    expect(state.fieldErrors).toEqual({ tokenValue: [SECRET_FOR_NEW_ADDRESS] });
    expect(await row()).toEqual(before);
  });
});
