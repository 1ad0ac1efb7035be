// Error classification over HTTP: every category with its suggestion, which ones are retried,
// and that the token secret never shows up in an error.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGuestAgentUnavailable, ProxmoxClient, ProxmoxError, type ProxmoxClientOptions } from '@/lib/proxmox/client';
import { pveQemuListSchema } from '@/lib/proxmox/schemas/guests';
import { rejectionOf, reply, startServer, type TestServer } from './helpers/test-server';

const SECRET = 'b9e0c2f4-secret-1111-2222-333344445555';
let server: TestServer;
const clients: ProxmoxClient[] = [];

function client(overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxClient {
  const c = new ProxmoxClient({
    baseUrl: server.url,
    tokenId: 'sync@pve!proxbox',
    tokenSecret: SECRET,
    verifySsl: false,
    retries: 2,
    retryBackoffMs: 5,
    ...overrides,
  });
  clients.push(c);
  return c;
}

/** Calls `path` on a fresh client and returns the ProxmoxError and the number of requests sent. */
async function failWith(
  path: string,
  schema: z.ZodType<unknown> = z.unknown(),
): Promise<{ error: ProxmoxError; sent: number }> {
  const c = client();
  const error = await rejectionOf(c.get(path, schema));
  expect(error).toBeInstanceOf(ProxmoxError);
  const e = error as ProxmoxError;
  for (const text of [e.message, e.suggestion, e.detail ?? '', JSON.stringify(e), String(e.stack)])
    expect(text).not.toContain(SECRET);
  return { error: e, sent: c.requestCount };
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server.close();
});

describe('ProxmoxClient error classification', () => {
  it('401 with an empty body → authentication, not retried', async () => {
    server.use((_req, res) => reply(res, 401, '', 'Authentication failed!'));
    const { error, sent } = await failWith('/version');
    expect(error).toMatchObject({
      category: 'authentication',
      status: 401,
      path: '/version',
      detail: 'Authentication failed!',
    });
    expect(error.suggestion).toBe('token rejected: check the token id user@realm!name and secret; has it expired?');
    expect(sent).toBe(1);
  });

  it('403 from the reason phrase (PVE < 8.4) names the privilege and ACL path', async () => {
    server.use((_req, res) => reply(res, 403, { data: null }, 'Permission check failed (/vms/100, VM.Audit)'));
    const { error, sent } = await failWith('/nodes/pve1/qemu/100/config');
    expect(error).toMatchObject({ category: 'permission', status: 403 });
    expect(error.suggestion).toBe('token lacks VM.Audit on /vms/100 (grant PVEAuditor on / to the token)');
    expect(sent).toBe(1);
  });

  it('403 from the body message (PVE ≥ 8.4) with an any-of privilege list', async () => {
    const message = 'Permission check failed (/vms/101, VM.GuestAgent.Audit|VM.Monitor)\n';
    server.use((_req, res) => reply(res, 403, { data: null, message }, 'Forbidden'));
    const { error } = await failWith('/nodes/pve1/qemu/101/agent/network-get-interfaces');
    expect(error.suggestion).toMatch(
      /^token lacks VM\.GuestAgent\.Audit or VM\.Monitor on \/vms\/101 \(grant PVEAuditor on \/ to the token; on PVE 8/,
    );
    expect(error.message).toContain('Permission check failed (/vms/101');
  });

  it('500 "does not exist" → not_found, not retried', async () => {
    server.use((_req, res) =>
      reply(res, 500, { data: null }, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist"),
    );
    const { error, sent } = await failWith('/nodes/pve1/qemu/999/config');
    expect(error).toMatchObject({ category: 'not_found', status: 500 });
    expect(error.message).toContain("999.conf' does not exist");
    expect(sent).toBe(1);
  });

  it('500 "no such cluster node" (PVE 9 body) → not_found naming the node', async () => {
    server.use((_req, res) => reply(res, 500, { data: null, message: "no such cluster node 'cl2-pool01'\n" }));
    const { error, sent } = await failWith('/nodes/cl2-pool01/status');
    expect(error).toMatchObject({ category: 'not_found', detail: "no such cluster node 'cl2-pool01'" });
    expect(error.suggestion).toContain('cl2-pool01');
    expect(sent).toBe(1);
  });

  it('595 → connection naming the offline node, not retried', async () => {
    server.use((_req, res) => reply(res, 595, '', 'No route to host'));
    const { error, sent } = await failWith('/nodes/pve2/qemu');
    expect(error).toMatchObject({ category: 'connection', status: 595 });
    expect(error.suggestion).toBe('node pve2 is offline or unreachable from the node answering the API');
    expect(sent).toBe(1);
  });

  it('501 → not_found (endpoint missing in this PVE version), not retried', async () => {
    server.use((_req, res) =>
      reply(res, 501, { data: null }, "Method 'GET /nodes/pve1/lxc/100/interfaces' not implemented"),
    );
    const { error, sent } = await failWith('/nodes/pve1/lxc/100/interfaces');
    expect(error).toMatchObject({ category: 'not_found', status: 501 });
    expect(sent).toBe(1);
  });

  it('400 → validation listing the parameter errors', async () => {
    server.use((_req, res) =>
      reply(
        res,
        400,
        { data: null, errors: { vmid: 'value must have a minimum value of 100' } },
        'Parameter verification failed.',
      ),
    );
    const { error, sent } = await failWith('/nodes/pve1/qemu/1/config');
    expect(error.category).toBe('validation');
    expect(error.message).toContain('vmid: value must have a minimum value of 100');
    expect(sent).toBe(1);
  });

  it('500 agent errors → internal, not retried, recognised as agent-unavailable', async () => {
    server.use((_req, res) => reply(res, 500, { data: null }, 'QEMU guest agent is not running'));
    const { error, sent } = await failWith('/nodes/pve1/qemu/100/agent/network-get-interfaces');
    expect(error.category).toBe('internal');
    expect(isGuestAgentUnavailable(error)).toBe(true);
    expect(sent).toBe(1);
  });

  it('other 5xx → internal with the reason phrase when there is no message', async () => {
    server.use((_req, res) => reply(res, 502, '', 'Bad Gateway'));
    const { error, sent } = await failWith('/version');
    expect(error).toMatchObject({ category: 'internal', status: 502, detail: 'Bad Gateway' });
    expect(isGuestAgentUnavailable(error)).toBe(false);
    expect(sent).toBe(3);
  });

  it('a body that fails the schema → validation naming the path and the issue, not retried', async () => {
    server.use((_req, res) =>
      reply(res, 200, {
        data: [
          { vmid: 100, status: 'running' },
          { vmid: 'abc', status: 'stopped' },
        ],
      }),
    );
    const { error, sent } = await failWith('/nodes/pve1/qemu', pveQemuListSchema);
    expect(error.category).toBe('validation');
    expect(error.message).toContain('GET /nodes/pve1/qemu');
    expect(error.message).toContain('data[1].vmid: Invalid input: expected number');
    expect(sent).toBe(1);
  });

  it('a non-JSON 200 → validation', async () => {
    server.use((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
    });
    const { error } = await failWith('/version');
    expect(error).toMatchObject({ category: 'validation' });
    expect(error.message).toContain('not JSON (text/html)');
  });

  it('never echoes the secret, even when the server does', async () => {
    server.use((_req, res) => reply(res, 500, { data: null, message: `bad token ${SECRET}` }, `bad ${SECRET}`));
    const { error } = await failWith('/version');
    expect(error.message).toContain('[redacted]');
    server.use((_req, res) => reply(res, 200, { data: { version: 7 } }));
    await failWith('/nodes', z.object({ version: z.string() }));
    const c = client();
    expect(inspect(c, { showHidden: true, depth: 10 }) + JSON.stringify(c)).not.toContain(SECRET);
  });
});
