// The client against a local HTTP server: header, envelope, query encoding, retries, timeouts,
// concurrency bound and keep-alive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProxmoxClient, ProxmoxError, pvePath, type ProxmoxClientOptions } from '@/lib/proxmox/client';
import { pveNodeTaskListSchema } from '@/lib/proxmox/schemas/tasks';
import { pveVersionSchema } from '@/lib/proxmox/schemas/version';
import { rejectionOf, reply, startServer, type TestServer } from './helpers/test-server';

const SECRET = '5f3c1a9e-7d2b-4c8e-9a61-0b4d2e7f8c13';
let server: TestServer;
const clients: ProxmoxClient[] = [];

function client(overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxClient {
  const c = new ProxmoxClient({
    baseUrl: server.url,
    tokenId: 'root@pam!proxbox',
    tokenSecret: SECRET,
    verifySsl: true,
    retryBackoffMs: 5,
    ...overrides,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server.close();
});

describe('ProxmoxClient requests', () => {
  it('sends the exact token header to /api2/json and unwraps data', async () => {
    server.use((_req, res) =>
      reply(res, 200, { data: { version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325' } }),
    );
    const version = await client().get('/version', pveVersionSchema);
    expect(version).toEqual({ version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325' });
    expect(server.requests).toEqual([
      { method: 'GET', url: '/api2/json/version', authorization: `PVEAPIToken=root@pam!proxbox=${SECRET}` },
    ]);
  });

  it('tolerates a base URL with /api2/json and a trailing slash', async () => {
    server.use((_req, res) => reply(res, 200, { data: { version: '9.1.1' } }));
    await client({ baseUrl: `${server.url}/api2/json/` }).get('/version', pveVersionSchema);
    expect(server.requests[0].url).toBe('/api2/json/version');
  });

  it('returns the envelope total, encodes path segments and the query', async () => {
    const upid = 'UPID:pve1:000A1B2C:05F5E100:66329E60:vzdump::root@pam!proxbox:';
    server.use((_req, res) => reply(res, 200, { data: [{ upid, node: 'pve1', starttime: 1714593376 }], total: 120 }));
    const page = await client().getPage(pvePath`/nodes/${'pve 1'}/tasks`, pveNodeTaskListSchema, {
      start: 50,
      limit: 50,
      errors: true,
      source: undefined,
      typefilter: 'vzdump',
    });
    expect(page.total).toBe(120);
    expect(page.data[0].upid).toBe(upid);
    expect(server.requests[0].url).toBe('/api2/json/nodes/pve%201/tasks?start=50&limit=50&errors=1&typefilter=vzdump');
    expect(pvePath`/nodes/pve1/tasks/${upid}/status`).toBe(
      '/nodes/pve1/tasks/UPID%3Apve1%3A000A1B2C%3A05F5E100%3A66329E60%3Avzdump%3A%3Aroot%40pam!proxbox%3A/status',
    );
  });

  it('gives total null when the envelope has none (PVE omits total 0)', async () => {
    server.use((_req, res) => reply(res, 200, { data: [] }));
    expect(await client().getPage('/nodes/pve1/tasks', pveNodeTaskListSchema)).toEqual({ data: [], total: null });
  });

  it('rejects paths that are not plain API paths', async () => {
    await expect(client().get('/version?x=1', pveVersionSchema)).rejects.toThrow(TypeError);
    await expect(client().get('version', pveVersionSchema)).rejects.toThrow(TypeError);
    await expect(client().get('/nodes/../access', pveVersionSchema)).rejects.toThrow(TypeError);
  });

  it('retries a 503 and then succeeds, counting every request sent', async () => {
    let hits = 0;
    server.use((_req, res) =>
      ++hits < 3 ? reply(res, 503, '', 'Service Unavailable') : reply(res, 200, { data: { version: '8.4.1' } }),
    );
    const c = client({ retries: 2 });
    expect((await c.get('/version', pveVersionSchema)).version).toBe('8.4.1');
    expect(c.requestCount).toBe(3);
  });

  it('gives up after `retries` extra attempts', async () => {
    server.use((_req, res) => reply(res, 500, { data: null, message: 'got timeout\n' }));
    const c = client({ retries: 1 });
    const error = await rejectionOf(c.get('/cluster/resources', z.unknown()));
    expect(error).toMatchObject({ category: 'internal', status: 500, detail: 'got timeout' });
    expect((error as ProxmoxError).message).toContain('got timeout');
    expect(c.requestCount).toBe(2);
  });

  it('times out after timeoutMs', async () => {
    server.use(() => undefined);
    const c = client({ timeoutMs: 200, retries: 0 });
    const started = performance.now();
    const error = await rejectionOf(c.get('/version', pveVersionSchema));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ category: 'timeout', status: null, path: '/version' });
    expect((error as ProxmoxError).message).toContain('within 200 ms');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    expect(c.requestCount).toBe(1);
  });

  it('retries timeouts', async () => {
    server.use(() => undefined);
    const c = client({ timeoutMs: 100, retries: 1 });
    const started = performance.now();
    expect(await rejectionOf(c.get('/version', pveVersionSchema))).toMatchObject({ category: 'timeout' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(c.requestCount).toBe(2);
  });

  it('keeps at most `concurrency` requests in flight with 50 parallel calls', async () => {
    server.use((_req, res) => setTimeout(() => reply(res, 200, { data: { version: '8.2.4' } }), 15));
    const c = client({ concurrency: 5 });
    const results = await Promise.all(Array.from({ length: 50 }, () => c.get('/version', pveVersionSchema)));
    expect(results).toHaveLength(50);
    expect(server.maxInFlight).toBe(5);
    expect(c.requestCount).toBe(50);
  });

  it('reuses keep-alive connections and close() ends them', async () => {
    server.use((_req, res) => reply(res, 200, { data: { version: '8.2.4' } }));
    const c = client();
    for (let i = 0; i < 5; i++) await c.get('/version', pveVersionSchema);
    expect(server.connections).toBe(1);
    c.close();
    await expect(c.get('/version', pveVersionSchema)).rejects.toThrow('closed');
  });

  it('retries refused connections, then reports connection with the address', async () => {
    const closed = await startServer();
    await closed.close();
    const c = client({ baseUrl: closed.url, retries: 2 });
    const error = await rejectionOf(c.get('/version', pveVersionSchema));
    expect(error).toMatchObject({
      category: 'connection',
      status: null,
      suggestion: `Cannot reach 127.0.0.1:${closed.port}: check the address and that pveproxy runs`,
    });
    expect(c.requestCount).toBe(3);
  });

  it('validates its options', () => {
    expect(() => client({ baseUrl: 'ftp://pve' })).toThrow(TypeError);
    expect(() => client({ tokenSecret: 'a\r\nX-Evil: 1' })).toThrow(TypeError);
    expect(() => client({ concurrency: 0 })).toThrow(RangeError);
    expect(() => client({ retries: -1 })).toThrow(RangeError);
  });
});
