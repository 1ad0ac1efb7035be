// TLS handling against a local HTTPS server with a fresh self-signed certificate (CN=localhost).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxmoxClient, ProxmoxError, type ProxmoxClientOptions } from '@/lib/proxmox/client';
import { pveVersionSchema } from '@/lib/proxmox/schemas/version';
import { makeCertificate, rejectionOf, reply, startServer, type TestServer } from './helpers/test-server';

const SECRET = '0d9c8b7a-tls-secret';
let tlsServer: TestServer;
let plainServer: TestServer;
let certificate: ReturnType<typeof makeCertificate>;
const clients: ProxmoxClient[] = [];

function client(options: Partial<ProxmoxClientOptions> & { verifySsl: boolean }): ProxmoxClient {
  const c = new ProxmoxClient({
    baseUrl: tlsServer.url,
    tokenId: 'root@pam!proxbox',
    tokenSecret: SECRET,
    retryBackoffMs: 5,
    ...options,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  certificate = makeCertificate();
  tlsServer = await startServer({ key: certificate.key, cert: certificate.cert });
  tlsServer.use((_req, res) =>
    reply(res, 200, { data: { version: '9.1.1', release: '9.1', repoid: '0123456789abcdef' } }),
  );
  plainServer = await startServer();
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await tlsServer.close();
  await plainServer.close();
  certificate.cleanup();
});

describe('ProxmoxClient TLS', () => {
  it('refuses a self-signed certificate when verifySsl is on, suggesting verify_ssl, without retrying', async () => {
    const c = client({ verifySsl: true });
    const error = await rejectionOf(c.get('/version', pveVersionSchema));
    expect(error).toBeInstanceOf(ProxmoxError);
    expect(error).toMatchObject({ category: 'connection', status: null, detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect((error as ProxmoxError).suggestion).toBe(
      'certificate not trusted: turn off verify_ssl or add the CA certificate',
    );
    expect((error as ProxmoxError).message).toContain(`localhost:${tlsServer.port}`);
    expect(c.requestCount).toBe(1);
  });

  it('accepts the self-signed certificate when verifySsl is off', async () => {
    const c = client({ verifySsl: false });
    expect((await c.get('/version', pveVersionSchema)).release).toBe('9.1');
    expect(tlsServer.requests.at(-1)?.authorization).toBe(`PVEAPIToken=root@pam!proxbox=${SECRET}`);
  });

  it('accepts it with verifySsl on when its CA is given', async () => {
    const c = client({ verifySsl: true, caCertificate: certificate.cert });
    expect((await c.get('/version', pveVersionSchema)).version).toBe('9.1.1');
  });

  it('reports a host name mismatch even with the CA given', async () => {
    const c = client({
      verifySsl: true,
      caCertificate: certificate.cert,
      baseUrl: `https://127.0.0.1:${tlsServer.port}`,
    });
    const error = await rejectionOf(c.get('/version', pveVersionSchema));
    expect(error).toMatchObject({ category: 'connection', detail: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect((error as ProxmoxError).message).toContain('not issued for this host name');
    expect((error as ProxmoxError).suggestion).toContain('verify_ssl');
  });

  it('reports https:// against a plain HTTP port as a protocol mismatch', async () => {
    const c = client({ verifySsl: false, baseUrl: `https://127.0.0.1:${plainServer.port}`, retries: 0 });
    const error = await rejectionOf(c.get('/version', pveVersionSchema));
    expect(error).toMatchObject({ category: 'connection' });
    expect((error as ProxmoxError).suggestion).toContain('https://<host>:8006');
  });

  it('keeps one TLS session for sequential requests', async () => {
    const c = client({ verifySsl: false });
    tlsServer.use((_req, res) => reply(res, 200, { data: { version: '9.1.1' } }));
    for (let i = 0; i < 4; i++) await c.get('/version', pveVersionSchema);
    expect(tlsServer.connections).toBe(1);
  });
});
