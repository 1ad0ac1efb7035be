import { detail } from '@/lib/api/errors';

// proxbox-api's endpoint bodies (what the netbox-proxbox plugin pushes) carry no `url`: it is
// derived from `domain` (else `ip_address`, which NetBox may send with its prefix length, e.g.
// "10.0.0.5/24") and `port`. The NetBox scheme is https when the port is 443 or SSL is verified
// (proxbox-api's rule); Proxmox's API is always https.

function hostOf(input: { domain?: string | null; ip_address?: string | null }): string {
  const host = input.domain?.trim() || input.ip_address?.trim().replace(/\/\d{1,3}$/, '');
  if (!host) throw detail(400, 'Send a url, or a domain or ip_address to reach the endpoint at.');
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The NetBox URL of a body without `url`. */
export function netboxUrlOf(input: {
  domain?: string | null;
  ip_address?: string | null;
  port?: number;
  verify_ssl?: boolean;
}): string {
  const port = input.port ?? 443;
  const scheme = port === 443 || input.verify_ssl !== false ? 'https' : 'http';
  return `${scheme}://${hostOf(input)}:${port}`;
}

/** The Proxmox URL of a body without `url`. */
export function proxmoxUrlOf(input: { domain?: string | null; ip_address?: string | null; port?: number }): string {
  return `https://${hostOf(input)}:${input.port ?? 8006}`;
}
