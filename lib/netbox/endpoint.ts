// The NetBox client of a NetBox endpoint row, with the request settings of the plugin settings,
// and a short-lived cache of `/api/status/` answers (netbox_get_cache_ttl) per address and token.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ipAddresses, type NetboxEndpoint, type ProxboxPluginSettings } from '@/db/schema';
import { decryptSecret } from '@/lib/crypto/secrets';
import { NetboxClient, clientFingerprint, type NetboxToken } from './client';
import { NetboxError } from './errors';
import { loadAddressPolicy } from '@/lib/net/address-policy';

/** Per-request deadline: a bulk write of a few hundred objects takes NetBox seconds, not minutes. */
export const NETBOX_TIMEOUT_MS = 60_000;

async function hostOf(db: Database, endpoint: NetboxEndpoint): Promise<string | null> {
  if (endpoint.domain) return endpoint.domain;
  if (endpoint.ipAddressId === null) return null;
  const [ip] = await db
    .select({ address: ipAddresses.address })
    .from(ipAddresses)
    .where(eq(ipAddresses.id, endpoint.ipAddressId));
  const host = ip?.address.split('/')[0];
  return host ? (host.includes(':') ? `[${host}]` : host) : null;
}

function tokenOf(endpoint: NetboxEndpoint): NetboxToken | null {
  if (endpoint.tokenVersion === 'v2') {
    if (!endpoint.tokenKey || !endpoint.tokenSecret) return null;
    return { version: 'v2', key: endpoint.tokenKey, secret: decryptSecret(endpoint.tokenSecret) };
  }
  if (!endpoint.token) return null;
  return { version: 'v1', token: decryptSecret(endpoint.token) };
}

type Settings = Pick<
  ProxboxPluginSettings,
  | 'netboxMaxConcurrent'
  | 'netboxMaxRetries'
  | 'netboxRetryDelay'
  | 'bulkBatchSize'
  | 'bulkBatchDelayMs'
  | 'customFieldsRequestDelay'
>;

/** Builds the client, or throws a NetboxError saying what the endpoint lacks. `timeoutMs` shortens the per-request deadline (a live check). */
export async function netboxClientFor(
  db: Database,
  endpoint: NetboxEndpoint,
  settings: Settings,
  opts: { timeoutMs?: number } = {},
): Promise<NetboxClient> {
  const path = `/endpoints/netbox/${endpoint.id}`;
  const host = await hostOf(db, endpoint);
  if (!host)
    throw new NetboxError({
      category: 'validation',
      status: null,
      method: 'GET',
      path,
      message: `NetBox endpoint ${endpoint.name} has neither a domain nor an IP address`,
      suggestion: 'Edit the NetBox endpoint and set its domain or IP address.',
    });
  let token: NetboxToken | null;
  try {
    token = tokenOf(endpoint);
  } catch (cause) {
    throw new NetboxError({
      category: 'authentication',
      status: null,
      method: 'GET',
      path,
      message: `the ${endpoint.tokenVersion} token of NetBox endpoint ${endpoint.name} cannot be decrypted`,
      suggestion: 'Enter the token again; the secret key may have changed.',
      cause,
    });
  }
  if (!token)
    throw new NetboxError({
      category: 'authentication',
      status: null,
      method: 'GET',
      path,
      message: `NetBox endpoint ${endpoint.name} has no ${endpoint.tokenVersion} token`,
      suggestion: endpoint.tokenVersion === 'v2' ? 'Enter the v2 token key and secret.' : 'Enter the v1 token.',
    });
  return new NetboxClient({
    baseUrl: `${endpoint.useHttps ? 'https' : 'http'}://${host}:${endpoint.port}`,
    token,
    verifySsl: endpoint.verifySsl,
    caCertificate: endpoint.caCertificate,
    maxConcurrent: Math.max(1, settings.netboxMaxConcurrent),
    maxRetries: Math.max(0, settings.netboxMaxRetries),
    retryDelayMs: Math.round(Number(settings.netboxRetryDelay) * 1000),
    timeoutMs: opts.timeoutMs ?? NETBOX_TIMEOUT_MS,
    batchSize: Math.max(1, settings.bulkBatchSize),
    batchDelayMs: Math.max(0, settings.bulkBatchDelayMs),
    customFieldsDelayMs: Math.round(Number(settings.customFieldsRequestDelay) * 1000),
    policy: await loadAddressPolicy(db),
  });
}

const statusCache = new Map<string, { at: number; version: string }>();

/**
 * The NetBox version, from `/api/status/` or from an answer younger than `ttlSeconds` for the
 * same address and token. A refused token or an unreachable NetBox throws (never cached).
 */
export async function netboxVersion(client: NetboxClient, ttlSeconds: number, now = Date.now()): Promise<string> {
  const key = clientFingerprint(client.options);
  const hit = statusCache.get(key);
  if (hit && ttlSeconds > 0 && now - hit.at < ttlSeconds * 1000) return hit.version;
  const { version } = await client.status();
  statusCache.set(key, { at: now, version });
  return version;
}

/** Forgets cached versions (tests, or after an endpoint changed). */
export function clearNetboxStatusCache(): void {
  statusCache.clear();
}

/**
 * The status cache's entries that netboxVersion would still answer from with this TTL, for the
 * backend's /cache routes (no keys: they derive from tokens). Older ones are dead until replaced.
 */
export function netboxStatusCacheEntries(
  ttlSeconds: number,
  now = Date.now(),
): { version: string; age_seconds: number }[] {
  return [...statusCache.values()]
    .filter((e) => ttlSeconds > 0 && now - e.at < ttlSeconds * 1000)
    .map((e) => ({ version: e.version, age_seconds: Math.round((now - e.at) / 1000) }));
}
