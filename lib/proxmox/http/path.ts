// API paths and query strings. Path segments that come from data (node names, UPIDs, storage
// ids, snapshot names) are percent-encoded; pveproxy decodes them, as its own web UI relies on.

export type ProxmoxQuery = Record<string, string | number | boolean | undefined>;

/**
 * Tagged template for API paths that encodes every interpolation as one path segment:
 * pvePath`/nodes/${node}/tasks/${upid}/status`.
 */
export function pvePath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let path = strings[0];
  values.forEach((value, i) => {
    path += encodeURIComponent(String(value)) + strings[i + 1];
  });
  return path;
}

/** Query string for a GET; booleans become PVE's 0/1 and undefined values are left out. */
export function buildQuery(query: ProxmoxQuery | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Rejects paths that would leave `/api2/json` or smuggle a query past `buildQuery`. */
export function assertApiPath(path: string): void {
  if (!path.startsWith('/') || path.includes('?') || path.includes('#') || /(^|\/)\.\.?(\/|$)/.test(path)) {
    throw new TypeError(`Invalid Proxmox API path "${path}": use pvePath and pass query parameters separately`);
  }
}

/** `https://pve1:8006/` or `https://pve1:8006/api2/json` → `https://pve1:8006`; throws on other URLs. */
export function normalizeBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`Invalid Proxmox base URL "${baseUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Proxmox base URL must use https:// or http://, got "${url.protocol}"`);
  }
  if (url.username || url.password) throw new TypeError('Proxmox base URL must not contain credentials');
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api2\/json$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/** `host:port` for messages, with the scheme's default port spelled out. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** The node named in `/nodes/<node>/...`, for 595/596 messages. */
export function nodeOfPath(path: string): string | null {
  const match = /^\/nodes\/([^/]+)/.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
