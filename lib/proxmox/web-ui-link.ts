// Links into the Proxmox VE web UI. Its state lives in the URL fragment:
// `#v1:0:=<resource id>:4::::::`, where the resource id is the tree node (`qemu/100`, `lxc/101`,
// `node/pve1`, `storage/pve1/local`; `root` is the Datacenter), URL-encoded.

export type ProxmoxView =
  | { kind: 'qemu' | 'lxc'; vmid: number }
  | { kind: 'node'; node: string }
  | { kind: 'storage'; node: string; storage: string }
  | { kind: 'datacenter' };

export interface WebUiEndpoint {
  /** Domain name or IP address (a prefix length such as `/24` is dropped). */
  host: string;
  port: number;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** `host:port` for a URL: IPv6 literals in brackets; null when the host is not a valid one. */
export function urlAuthority(endpoint: WebUiEndpoint): string | null {
  const host = endpoint.host
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\/\d{1,3}$/, '');
  const port = endpoint.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (host.includes(':')) return IPV6.test(host) ? `[${host.toLowerCase()}]:${port}` : null;
  if (IPV4.test(host) || HOSTNAME.test(host)) return `${host}:${port}`;
  return null;
}

function resourceId(view: ProxmoxView): string {
  switch (view.kind) {
    case 'qemu':
    case 'lxc':
      return `${view.kind}/${view.vmid}`;
    case 'node':
      return `node/${view.node}`;
    case 'storage':
      return `storage/${view.node}/${view.storage}`;
    case 'datacenter':
      return 'root';
  }
}

/** The web UI URL that opens `view`, or null when the endpoint has no usable host or port. */
export function proxmoxWebUiUrl(endpoint: WebUiEndpoint, view: ProxmoxView): string | null {
  const authority = urlAuthority(endpoint);
  if (!authority) return null;
  return `https://${authority}/#v1:0:=${encodeURIComponent(resourceId(view))}:4::::::`;
}
