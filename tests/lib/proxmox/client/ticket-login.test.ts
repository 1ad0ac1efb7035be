// Password login with Proxmox tickets, against the simulator: one login shared by concurrent
// requests, renewal before the two-hour expiry, one new login on a 401, and a refused password
// tried once for the client's lifetime (one sync run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProxmoxClient, ProxmoxError } from '@/lib/proxmox/client';
import { startSimulator, type Simulator } from '@/simulators/proxmox';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
let serverNow = T0;
let clientNow = T0;
let sim: Simulator;
const clients: ProxmoxClient[] = [];

function client(password = sim.clusters[0].password): ProxmoxClient {
  const c = new ProxmoxClient({
    baseUrl: sim.clusters[0].url,
    login: { username: sim.clusters[0].username, password },
    verifySsl: false,
    retries: 0,
    now: () => clientNow,
  });
  clients.push(c);
  return c;
}

const logins = () => sim.requestLog(0).filter((l) => l === 'POST /api2/json/access/ticket').length;
const versions = () => sim.requestLog(0).filter((l) => l === 'GET /api2/json/version').length;
const version = z.object({ version: z.string() }).loose();

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.clusters[0].url}/api2/json${path}`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });
}

beforeAll(async () => {
  sim = await startSimulator({ guests: 4, ticketClock: () => serverNow });
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await sim?.stop();
});

describe('Proxmox tickets in the simulator', () => {
  it('issues a ticket for the right password, refuses a wrong one with 401, and expires tickets after two hours', async () => {
    serverNow = T0;
    const c = sim.clusters[0];
    const wrong = await post(
      '/access/ticket',
      new URLSearchParams({ username: c.username, password: 'nope' }).toString(),
    );
    expect([wrong.status, wrong.statusText, await wrong.text()]).toEqual([401, 'authentication failure', '']);
    const right = await post(
      '/access/ticket',
      new URLSearchParams({ username: c.username, password: c.password }).toString(),
    );
    expect(right.status).toBe(200);
    const { data } = (await right.json()) as {
      data: { ticket: string; CSRFPreventionToken: string; username: string };
    };
    expect(data.username).toBe('root@pam');
    expect(data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::/);
    const cookie = `PVEAuthCookie=${encodeURIComponent(data.ticket)}`;
    expect((await fetch(`${c.url}/api2/json/version`, { headers: { Cookie: cookie } })).status).toBe(200);
    // Writes need the CSRF token issued with the ticket (then the simulator has no writes: 501).
    expect((await post('/nodes', '', { Cookie: cookie })).status).toBe(401);
    expect((await post('/nodes', '', { Cookie: cookie, CSRFPreventionToken: data.CSRFPreventionToken })).status).toBe(
      501,
    );
    serverNow = T0 + 7200_000;
    const expired = await fetch(`${c.url}/api2/json/version`, { headers: { Cookie: cookie } });
    expect([expired.status, expired.statusText]).toEqual([401, 'invalid ticket']);
    expect(
      (
        await fetch(`${c.url}/api2/json/version`, {
          headers: { Cookie: 'PVEAuthCookie=PVE:root@pam:00000000::forged' },
        })
      ).status,
    ).toBe(401);
    serverNow = T0;
  });
});

describe('ProxmoxClient with a password', () => {
  it('logs in once for concurrent requests, renews the ticket before it expires, and logs in again once on a 401', async () => {
    serverNow = T0;
    clientNow = T0;
    sim.resetCounters();
    const c = client();
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.get('/version', version)));
    expect(answers.every((a) => a.version === '8.2.4')).toBe(true);
    expect([logins(), versions(), c.loginCount, c.requestCount]).toEqual([1, 12, 1, 13]);

    // 89 minutes on: the ticket is still used.
    serverNow = clientNow = T0 + 89 * 60_000;
    await c.get('/version', version);
    expect(logins()).toBe(1);
    // 90 minutes after issue the client fetches a new one before the request (tickets last 120).
    serverNow = clientNow = T0 + 90 * 60_000;
    await c.get('/version', version);
    expect([logins(), versions()]).toEqual([2, 14]);

    // The node no longer accepts the ticket although the client thinks it fresh: one new login,
    // the request repeated once.
    serverNow = T0 + 90 * 60_000 + 7200_000;
    await c.get('/version', version);
    expect([logins(), versions()]).toEqual([3, 16]);
  });

  it('a refused password is an authentication error with a suggestion, tried once for the client however many requests wait', async () => {
    serverNow = clientNow = T0;
    sim.resetCounters();
    const c = client('wrong-password-123');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => c.get('/version', version)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const error = (results[0] as PromiseRejectedResult).reason as ProxmoxError;
    expect(error).toBeInstanceOf(ProxmoxError);
    expect(error.category).toBe('authentication');
    expect(error.status).toBe(401);
    expect(error.message).toBe('POST /access/ticket: Proxmox refused the login of root@pam (authentication failure)');
    expect(error.suggestion).toContain('password');
    await expect(c.get('/cluster/resources', z.unknown())).rejects.toBe(error);
    expect([logins(), versions(), sim.requestCount(0)]).toEqual([1, 0, 1]);
    for (const text of [error.message, error.suggestion, JSON.stringify(error)])
      expect(text).not.toContain('wrong-password-123');
  });

  it('refuses to build without a token or a login', () => {
    expect(() => new ProxmoxClient({ baseUrl: sim.clusters[0].url, verifySsl: false })).toThrow(/token .* or a login/);
  });
});

describe('refused logins across clients', () => {
  it('a refused password is not tried again for five minutes by a new client (a dashboard check, the next sync); a new password is tried at once', async () => {
    serverNow = clientNow = T0;
    sim.resetCounters();
    const first = await client('also-wrong-456')
      .get('/version', version)
      .catch((e: unknown) => e);
    expect((first as ProxmoxError).category).toBe('authentication');
    clientNow = T0 + 4 * 60_000;
    await expect(client('also-wrong-456').get('/version', version)).rejects.toBe(first);
    expect(logins()).toBe(1);
    // The right password is a different key: tried at once and succeeds.
    expect((await client().get('/version', version)).version).toBe('8.2.4');
    expect(logins()).toBe(2);
    clientNow = T0 + 5 * 60_000;
    await expect(client('also-wrong-456').get('/version', version)).rejects.toBeInstanceOf(ProxmoxError);
    expect(logins()).toBe(3);
  });
});
