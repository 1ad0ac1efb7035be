import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { fastapiEndpoints, proxboxPluginSettings, proxmoxEndpoints } from '@/db/schema';
import { backendRequest } from '@/lib/backend-client/http';
import { loadBackendTarget } from '@/lib/backend-client/target';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { encryptSecret } from '@/lib/crypto/secrets';
import { clearHealthCache, probeEndpoints } from '@/lib/dashboard/endpoint-health';
import { AppError } from '@/lib/data/errors';
import { createRecord, updateRecord } from '@/lib/data/records';
import { setResolverForTests, SSRF_SUGGESTION, type Resolver } from '@/lib/net/ssrf-guard';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { runSync } from '@/lib/sync/engine';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The SSRF guard end to end: an endpoint at a refused address is not saved (field error), a sync
// or health check of one already stored makes no request and reports why, the backend client
// refuses too, and each of the four settings changes the outcome.

const system = { kind: 'system' } as const;
let handle: DatabaseHandle;
let sim: Simulator;
let names: Record<string, string[]> = {};

/** Host names answered from `names` (no DNS); other names do not exist. */
const resolver: Resolver = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
};

const endpointInput = (domain: string, extra: Record<string, unknown> = {}) => ({
  name: `pve-${Math.random().toString(36).slice(2, 8)}`,
  domain,
  port: sim.clusters[0].port,
  username: 'root@pam',
  tokenName: 'proxbox',
  tokenValue: sim.clusters[0].tokenSecret,
  verifySsl: false,
  ...extra,
});

async function saveError(input: Record<string, unknown>): Promise<Record<string, string[]>> {
  const error = await createRecord(system, 'proxmox-endpoints', input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).fieldErrors ?? {};
}

async function setSettings(values: Partial<typeof proxboxPluginSettings.$inferInsert>): Promise<void> {
  await handle.db.update(proxboxPluginSettings).set(values);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  await ensureSettings(handle.db);
  sim = await startSimulator({ seed: 3, clusters: 1, nodesPerCluster: 1, guests: 2, tls: true });
  setResolverForTests(resolver);
}, 60_000);

afterAll(async () => {
  setResolverForTests(null);
  await sim?.stop();
  await closeTestDatabase();
});

beforeEach(async () => {
  names = {};
  sim.resetCounters();
  clearHealthCache();
  await setSettings({
    ssrfProtectionEnabled: true,
    allowPrivateIps: true,
    additionalAllowedIpRanges: '',
    explicitlyBlockedIpRanges: '',
  });
});

afterEach(async () => {
  await handle.db.delete(proxmoxEndpoints);
});

describe(`SSRF guard on endpoints (${testDriver})`, () => {
  it.each([
    ['169.254.169.254', 'it is a link-local address (cloud metadata services live there)'],
    ['0.0.0.0', 'it is an unspecified address ("this network")'],
    ['224.0.0.1', 'it is a multicast address'],
  ])('refuses to save an endpoint at %s, with the reason on the domain', async (domain, reason) => {
    const errors = await saveError(endpointInput(domain));
    expect(errors).toEqual({
      domain: [
        `Proxbox will not connect to this address: ${domain} is refused: ${reason}. Use the server's real address, or allow the range in Plugin settings.`,
      ],
    });
    expect(await handle.db.select().from(proxmoxEndpoints)).toEqual([]);
  });

  it('refuses a host name that resolves to a refused address, and an IPv6 link-local address on the IP address field', async () => {
    names['metadata.test'] = ['10.0.0.5', '169.254.169.254'];
    expect(await saveError(endpointInput('metadata.test'))).toEqual({
      domain: [
        "Proxbox will not connect to this address: metadata.test resolves to 169.254.169.254, which is refused: it is a link-local address (cloud metadata services live there). Use the server's real address, or allow the range in Plugin settings.",
      ],
    });
    const ip = await createRecord(system, 'ip-addresses', { address: 'fe80::1/64', status: 'active' });
    const mapped = await createRecord(system, 'ip-addresses', {
      address: '::ffff:169.254.169.254/128',
      status: 'active',
    });
    expect((await saveError(endpointInput('', { domain: null, ipAddressId: ip.id }))).ipAddressId?.[0]).toMatch(
      /^Proxbox will not connect to this address: fe80::1 is refused: it is a link-local address/,
    );
    expect((await saveError(endpointInput('', { domain: null, ipAddressId: mapped.id }))).ipAddressId?.[0]).toMatch(
      /^Proxbox will not connect to this address: ::ffff:169\.254\.169\.254 is refused: it is a link-local address/,
    );
  });

  it('refuses to change a saved endpoint to a refused address, and keeps the old one', async () => {
    names['pve.test'] = ['127.0.0.1'];
    const saved = await createRecord(system, 'proxmox-endpoints', endpointInput('pve.test'));
    // The secret is re-entered (an address change needs it), so what refuses the change is the address itself.
    const error = await updateRecord(system, 'proxmox-endpoints', saved.id, {
      domain: '169.254.169.254',
      tokenValue: sim.clusters[0].tokenSecret,
    }).catch((e: unknown) => e);
    expect((error as AppError).fieldErrors?.domain?.[0]).toMatch(/169\.254\.169\.254 is refused/);
    const [row] = await handle.db
      .select({ domain: proxmoxEndpoints.domain })
      .from(proxmoxEndpoints)
      .where(eq(proxmoxEndpoints.id, saved.id));
    expect(row.domain).toBe('pve.test');
  });

  it('a sync of a stored endpoint whose name now resolves to a refused address fails with the reason and sends no request', async () => {
    names['pve.test'] = ['127.0.0.1'];
    const saved = await createRecord(system, 'proxmox-endpoints', endpointInput('pve.test'));
    // Reachable through the guarded lookup while the name points at loopback.
    const ok = await runSync(handle.db, { endpointIds: [saved.id], stages: ['devices'], requestedBy: 'test' });
    expect(ok.status).toBe('completed');
    expect(sim.requestCount()).toBeGreaterThan(0);
    sim.resetCounters();
    names['pve.test'] = ['127.0.0.1', '169.254.169.254'];
    const refused = await runSync(handle.db, {
      endpointIds: [saved.id],
      stages: ['devices', 'storage'],
      requestedBy: 'test',
    });
    expect(refused.status).toBe('failed');
    expect(refused.proxmoxRequests).toBe(0);
    expect(sim.requestCount()).toBe(0);
    expect(refused.issues.length).toBeGreaterThan(0);
    for (const issue of refused.issues) {
      expect(issue.category).toBe('connection');
      expect(issue.suggestion).toBe(SSRF_SUGGESTION);
      expect(issue.message).toContain('pve.test resolves to 169.254.169.254, which is refused');
    }
  });

  it('the dashboard health check reports a refused endpoint as unreachable without contacting it', async () => {
    names['pve.test'] = ['127.0.0.1'];
    await createRecord(system, 'proxmox-endpoints', endpointInput('pve.test', { name: 'guarded' }));
    await setSettings({ explicitlyBlockedIpRanges: '127.0.0.0/8' });
    const [health] = await probeEndpoints(system, { timeoutSeconds: 2 });
    expect(health.state).toBe('unreachable');
    expect(health.error?.suggestion).toBe(SSRF_SUGGESTION);
    expect(health.error?.message).toContain('127.0.0.1, which is refused: it is in "Explicitly blocked IP ranges"');
    expect(sim.requestCount()).toBe(0);
  });

  it('each of the four settings changes the outcome of a save', async () => {
    // ssrf_protection_enabled
    await setSettings({ ssrfProtectionEnabled: false });
    await expect(createRecord(system, 'proxmox-endpoints', endpointInput('169.254.169.254'))).resolves.toMatchObject({
      id: expect.any(Number),
    });
    await setSettings({ ssrfProtectionEnabled: true });
    // allow_private_ips
    names['pve.test'] = ['10.1.2.3'];
    await expect(createRecord(system, 'proxmox-endpoints', endpointInput('pve.test'))).resolves.toMatchObject({
      id: expect.any(Number),
    });
    await setSettings({ allowPrivateIps: false });
    expect((await saveError(endpointInput('pve.test'))).domain?.[0]).toContain(
      'it is a private or loopback address and "Allow private IPs" is off',
    );
    // additional_allowed_ip_ranges
    await setSettings({ allowPrivateIps: true, additionalAllowedIpRanges: '169.254.169.254/32' });
    await expect(createRecord(system, 'proxmox-endpoints', endpointInput('169.254.169.254'))).resolves.toMatchObject({
      id: expect.any(Number),
    });
    // explicitly_blocked_ip_ranges, which wins over the allowed list
    await setSettings({ explicitlyBlockedIpRanges: '169.254.0.0/16\n10.0.0.0/8' });
    expect((await saveError(endpointInput('169.254.169.254'))).domain?.[0]).toContain(
      'it is in "Explicitly blocked IP ranges"',
    );
    expect((await saveError(endpointInput('pve.test'))).domain?.[0]).toContain(
      '10.1.2.3, which is refused: it is in "Explicitly blocked IP ranges"',
    );
  });

  it('refuses range lists with entries that are not addresses or CIDRs', async () => {
    const [settings] = await handle.db.select({ id: proxboxPluginSettings.id }).from(proxboxPluginSettings);
    const error = await updateRecord(system, 'settings', settings.id, {
      additionalAllowedIpRanges: '10.0.0.0/8\nmetadata.internal',
      explicitlyBlockedIpRanges: '300.0.0.0/8',
    }).catch((e: unknown) => e);
    expect((error as AppError).fieldErrors).toEqual({
      additionalAllowedIpRanges: [
        'Not an IP address or CIDR range: metadata.internal. Enter one per line, e.g. 10.20.0.0/16 or 2001:db8::/48.',
      ],
      explicitlyBlockedIpRanges: [
        'Not an IP address or CIDR range: 300.0.0.0/8. Enter one per line, e.g. 10.20.0.0/16 or 2001:db8::/48.',
      ],
    });
  });

  it('the backend client refuses a backend at a refused address, with the settings policy, before any request', async () => {
    await handle.db.delete(fastapiEndpoints);
    await handle.db.insert(fastapiEndpoints).values({
      name: 'backend',
      domain: '127.0.0.1',
      port: sim.clusters[0].port,
      backendToken: encryptSecret('pbx_token'),
    });
    await setSettings({ explicitlyBlockedIpRanges: '127.0.0.1' });
    const target = await loadBackendTarget(handle.db);
    await expect(backendRequest(target, 'GET', 'status')).rejects.toThrow(
      `The backend at http://127.0.0.1:${sim.clusters[0].port} is refused by the SSRF protection: 127.0.0.1 is refused: it is in "Explicitly blocked IP ranges"`,
    );
    await expect(
      backendRequest({ baseUrl: 'http://169.254.169.254', token: 't', verifySsl: true }, 'GET', 'status'),
    ).rejects.toThrow('is refused by the SSRF protection');
    expect(sim.requestCount()).toBe(0);
    await handle.db.delete(fastapiEndpoints);
  });
});
