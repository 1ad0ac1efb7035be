// The keep-alive agent of one outbound client (Proxmox, NetBox): its own socket pool, bounded to
// the client's concurrency, with the endpoint's TLS verification and optional CA.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface AgentOptions {
  secure: boolean;
  verifySsl: boolean;
  caCertificate?: string;
  maxSockets: number;
}

/** Keep-alive agent for one client; with a CA, the system roots stay trusted as well. */
export function createAgent(options: AgentOptions): http.Agent {
  const common = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'fifo' as const };
  if (!options.secure) return new http.Agent(common);
  return new https.Agent({
    ...common,
    rejectUnauthorized: options.verifySsl,
    ca: options.verifySsl && options.caCertificate ? [...tls.rootCertificates, options.caCertificate] : undefined,
  });
}
