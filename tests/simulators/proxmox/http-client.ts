// A tiny HTTP(S) GET client for the simulator tests (trusts the simulator's own certificate).
import http from 'node:http';
import https from 'node:https';
import type { SimulatorCluster } from '@/simulators/proxmox';
import { fixturePath } from '../../fixtures/paths';

/** One answer, with the raw body kept for empty-body assertions. */
export interface Reply {
  status: number;
  reason: string;
  body: string;
  headers: http.IncomingHttpHeaders;
  json<T = { data: unknown; total?: number; message?: string; errors?: Record<string, string> }>(): T;
}

/** The header PVE expects for the cluster's token (`=` form unless `space`). */
export function tokenHeader(c: SimulatorCluster, space = false): string {
  return `PVEAPIToken${space ? ' ' : '='}${c.tokenId}=${c.tokenSecret}`;
}

const agents = new Map<string, http.Agent>();

/** GET `apiPath` (below `/api2/json`) on a cluster; `authorization: null` sends no header. */
export function get(
  c: SimulatorCluster,
  apiPath: string,
  opts: { authorization?: string | null; timeoutMs?: number } = {},
): Promise<Reply> {
  const url = new URL(`${c.url}/api2/json${apiPath}`);
  const secure = url.protocol === 'https:';
  let agent = agents.get(c.url);
  if (!agent) {
    agent = secure
      ? new https.Agent({ keepAlive: true, ca: c.certificatePem, maxSockets: 32 })
      : new http.Agent({ keepAlive: true, maxSockets: 32 });
    agents.set(c.url, agent);
  }
  const headers: Record<string, string> = {};
  const auth = opts.authorization === undefined ? tokenHeader(c) : opts.authorization;
  if (auth !== null) headers.Authorization = auth;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { method: 'GET', headers, agent, timeout: opts.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? '',
            body,
            headers: res.headers,
            json: () => JSON.parse(body),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Closes the keep-alive sockets (call in afterAll). */
export function closeClients(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/** The Proxmox fixtures (tests/fixtures/proxmox, see its PROVENANCE.md). */
export const FIXTURES = fixturePath('proxmox');
